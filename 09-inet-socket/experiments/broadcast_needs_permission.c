/*
 * 09-inet-socket/experiments/broadcast_needs_permission.c: 브로드캐스트 주소로 보내려면 그 소켓에
 * SO_BROADCAST를 켜야 한다. 켜지 않은 sendto는 EACCES ("Permission denied") 다: 방화벽도 root 문제도
 * 아니다. 커널이 "정말 모두에게 보낼 생각인가"를 묻는 안전장치다. NOTES.md 1.6과 6절.
 *
 * 네트워크를 쓰지 않으려고 루프백의 브로드캐스트 주소 127.255.255.255를 쓴다 (ip route show table local에
 * "broadcast 127.255.255.255 dev lo"가 있다). 받는 소켓은 INADDR_ANY:임시 포트에 bind 한다: 특정 주소
 * (127.0.0.1)에 bind 한 소켓은 브로드캐스트를 받지 않는다. 커널이 그 경로를 모르면 까닭과 함께 상태 3.
 *
 * 실행 (make 09-inet-socket 뒤, 09-inet-socket 디렉터리에서):
 *   ./experiments/broadcast_needs_permission
 *
 * 출력 (포트는 실행마다 다르다):
 *   without SO_BROADCAST: sendto 127.255.255.255:40001: Permission denied
 *   with SO_BROADCAST: sendto 127.255.255.255:40001: ok; the receiver got "hello, everyone"
 *
 * 읽을 man 페이지: man 7 socket (SO_BROADCAST), man 7 ip, man 2 sendto (EACCES)
 */
#define _DEFAULT_SOURCE

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "exp.h"

int main(int argc, char *argv[])
{
    no_args(argc, argv, "broadcast_needs_permission", "sendto a broadcast address fails with EACCES until SO_BROADCAST is set");
    struct sockaddr_in at = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_ANY)};
    socklen_t atlen = sizeof at;
    int r = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (r == -1 || bind(r, (struct sockaddr *)&at, atlen) == -1 || getsockname(r, (struct sockaddr *)&at, &atlen) == -1)
        die("receiver");
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = at.sin_port};
    inet_pton(AF_INET, "127.255.255.255", &to.sin_addr);
    unsigned port = ntohs(at.sin_port);
    const char msg[] = "hello, everyone";

    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s == -1)
        die("socket");
    /* 1. 그냥 보낸다: 커널이 목적지가 브로드캐스트임을 알아보고 거절한다 */
    ssize_t n = sendto(s, msg, sizeof msg - 1, 0, (struct sockaddr *)&to, sizeof to);
    printf("without SO_BROADCAST: sendto 127.255.255.255:%u: %s\n", port, n == -1 ? strerror(errno) : "ok (unexpected)");

    /* 2. SO_BROADCAST를 켜고 다시 */
    int one = 1;
    if (setsockopt(s, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) == -1)
        die("setsockopt(SO_BROADCAST)");
    if (sendto(s, msg, sizeof msg - 1, 0, (struct sockaddr *)&to, sizeof to) == -1) {
        printf("broadcast_needs_permission: skipped: sendto with SO_BROADCAST: %s\n", strerror(errno));
        return 3;
    }
    struct pollfd p = {.fd = r, .events = POLLIN};
    if (poll(&p, 1, 2000) != 1) {
        printf("broadcast_needs_permission: skipped: no broadcast arrived on lo within 2 s\n");
        return 3;
    }
    char buf[64];
    n = recv(r, buf, sizeof buf, 0);
    if (n == -1)
        die("recv");
    printf("with SO_BROADCAST: sendto 127.255.255.255:%u: ok; the receiver got \"%.*s\"\n", port, (int)n, buf);
    close(s);
    close(r);
    return 0;
}
