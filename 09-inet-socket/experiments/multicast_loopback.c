/*
 * 09-inet-socket/experiments/multicast_loopback.c: 멀티캐스트: sendto 한 번이 그룹에 가입한 모든 소켓에
 * 간다 (씨앗 노트의 "한 번의 송신으로 여러 컴퓨터에"). 네트워크 없이 이 컴퓨터 안에서 보이려고 루프백
 * 인터페이스(127.0.0.1)를 쓴다. NOTES.md 1.6 "멀티캐스트".
 *
 *   받는 쪽 둘: 같은 포트에 bind (SO_REUSEADDR가 있어야 둘이 한 포트를 나눈다), 그리고
 *               IP_ADD_MEMBERSHIP으로 그룹 239.255.0.9에 가입. 가입할 인터페이스는 127.0.0.1 (lo)
 *   가입하지 않은 둘: 같은 포트. 리눅스의 IP_MULTICAST_ALL을 끈 소켓은 받지 않고, 기본값(1)인 소켓은 받는다
 *   보내는 쪽:  IP_MULTICAST_IF로 나갈 인터페이스를 127.0.0.1로. IP_MULTICAST_LOOP(기본 1)가 켜져 있어야
 *               이 컴퓨터의 가입자도 받는다. IP_MULTICAST_TTL의 기본은 1: 라우터를 넘지 않는다
 *
 * 239.0.0.0/8은 관리 범위(administratively scoped, RFC 2365)다: 밖으로 나가지 않는다. 테스트가 동시에 돌아도
 * 포트가 저마다 달라 섞이지 않는다.
 * 커널이 거절하면 (멀티캐스트를 끈 커널, lo에 경로가 없는 설정) 까닭을 한 줄 찍고 상태 3으로 끝난다.
 *
 * 실행 (make 09-inet-socket 뒤, 09-inet-socket 디렉터리에서):
 *   ./experiments/multicast_loopback
 *
 * 출력 (포트는 실행마다 다르다):
 *   sender: IP_MULTICAST_IF 127.0.0.1, IP_MULTICAST_TTL 1, IP_MULTICAST_LOOP 1
 *   receiver 1 (port 40001, joined 239.255.0.9 on 127.0.0.1, IP_MULTICAST_ALL 0): got "hello, group" from 127.0.0.1:39000
 *   receiver 2 (port 40001, joined 239.255.0.9 on 127.0.0.1, IP_MULTICAST_ALL 0): got "hello, group" from 127.0.0.1:39000
 *   receiver 3 (port 40001, did not join, IP_MULTICAST_ALL 0): nothing (Resource temporarily unavailable)
 *   receiver 4 (port 40001, did not join, IP_MULTICAST_ALL 1): got "hello, group" from 127.0.0.1:39000
 *   1 sendto -> 2 joined receivers
 *
 * 읽을 man 페이지: man 7 ip (IP_ADD_MEMBERSHIP, IP_MULTICAST_IF, IP_MULTICAST_LOOP, IP_MULTICAST_TTL), man 2 poll
 */
#define _DEFAULT_SOURCE /* struct ip_mreq, IP_MULTICAST_*는 BSD에서 온 것이다 */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "exp.h"

#define GROUP "239.255.0.9"

/* 커널이 이 실험을 허락하지 않는다: 실패가 아니라 "이 컴퓨터에서는 볼 수 없다" (상태 3) */
static _Noreturn void skip(const char *what)
{
    printf("multicast_loopback: skipped: %s: %s\n", what, strerror(errno));
    exit(3);
}

int main(int argc, char *argv[])
{
    no_args(argc, argv, "multicast_loopback", "one sendto to a multicast group on 127.0.0.1 reaches two receivers");
    struct in_addr lo = {.s_addr = htonl(INADDR_LOOPBACK)}, group;
    inet_pton(AF_INET, GROUP, &group);
    struct sockaddr_in at = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_ANY)}; /* 포트 0: 첫 소켓이 고른다 */
    socklen_t atlen = sizeof at;
    int one = 1, r[4];
    /* 받는 쪽 넷, 모두 INADDR_ANY:같은 포트. 1, 2는 가입한다. 3, 4는 가입하지 않는다. 리눅스의 IP_MULTICAST_ALL
     * (기본 1)은 "이 컴퓨터의 어느 소켓이든 가입한 그룹이면, 가입하지 않은 이 소켓에도 준다"이다: 1, 2, 3은 0으로
     * 끄고 4만 기본값으로 둔다. */
    const int joins[4] = {1, 1, 0, 0}, all[4] = {0, 0, 0, 1};
    for (int i = 0; i < 4; i++) {
        r[i] = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (r[i] == -1 || setsockopt(r[i], SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == -1)
            die("socket/SO_REUSEADDR");
        if (bind(r[i], (struct sockaddr *)&at, atlen) == -1 || getsockname(r[i], (struct sockaddr *)&at, &atlen) == -1)
            die("bind"); /* 둘째부터는 첫 소켓이 받은 포트에 (SO_REUSEADDR 없이는 EADDRINUSE) */
#ifdef IP_MULTICAST_ALL
        if (setsockopt(r[i], IPPROTO_IP, IP_MULTICAST_ALL, &all[i], sizeof all[i]) == -1)
            die("setsockopt(IP_MULTICAST_ALL)");
#endif
        struct ip_mreq join = {.imr_multiaddr = group, .imr_interface = lo}; /* 어느 인터페이스에서 가입하나 */
        if (joins[i] && setsockopt(r[i], IPPROTO_IP, IP_ADD_MEMBERSHIP, &join, sizeof join) == -1)
            skip("setsockopt(IP_ADD_MEMBERSHIP on 127.0.0.1)");
    }

    /* 보내는 쪽: bind 하지 않는다. 나갈 인터페이스를 lo로 정하고, 기본값 둘을 읽어 보인다 */
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s == -1)
        die("socket");
    if (setsockopt(s, IPPROTO_IP, IP_MULTICAST_IF, &lo, sizeof lo) == -1)
        skip("setsockopt(IP_MULTICAST_IF 127.0.0.1)");
    unsigned char ttl, loop; /* 리눅스는 int로도 받지만, 이식성 있는 크기는 unsigned char 다 */
    socklen_t tl = sizeof ttl, ll = sizeof loop;
    if (getsockopt(s, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, &tl) == -1 || getsockopt(s, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, &ll) == -1)
        die("getsockopt");
    printf("sender: IP_MULTICAST_IF 127.0.0.1, IP_MULTICAST_TTL %u, IP_MULTICAST_LOOP %u\n", ttl, loop);

    struct sockaddr_in to = {.sin_family = AF_INET, .sin_addr = group, .sin_port = at.sin_port};
    const char msg[] = "hello, group";
    if (sendto(s, msg, sizeof msg - 1, 0, (struct sockaddr *)&to, sizeof to) == -1) /* 한 번만 보낸다 */
        skip("sendto " GROUP);

    /* 커널은 한 데이터그램의 사본을 받을 소켓 모두에 한꺼번에 넣는다. 그래서 가입한 소켓 하나에 온 뒤에는 나머지를
     * 기다리지 않고 본다 (논블로킹 recv: 없으면 EAGAIN). 2초 안에 아무 데도 오지 않으면 이 컴퓨터는 보여 주지 못한다. */
    struct pollfd p[2] = {{.fd = r[0], .events = POLLIN}, {.fd = r[1], .events = POLLIN}};
    if (poll(p, 2, 2000) < 1) {
        errno = ETIMEDOUT;
        skip("nothing arrived within 2 s (is multicast routed on lo?)");
    }
    int got = 0;
    for (int i = 0; i < 4; i++) {
        char buf[64];
        struct sockaddr_in from;
        socklen_t fromlen = sizeof from;
        ssize_t n = recvfrom(r[i], buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
        if (n == -1 && errno != EAGAIN)
            die("recvfrom");
        printf("receiver %d (port %u, %s, IP_MULTICAST_ALL %d): ", i + 1, (unsigned)ntohs(at.sin_port),
               joins[i] ? "joined " GROUP " on 127.0.0.1" : "did not join", all[i]);
        if (n == -1)
            printf("nothing (%s)\n", strerror(errno));
        else {
            char ip[INET_ADDRSTRLEN];
            printf("got \"%.*s\" from %s:%u\n", (int)n, buf, inet_ntop(AF_INET, &from.sin_addr, ip, sizeof ip),
                   (unsigned)ntohs(from.sin_port));
        }
        got += joins[i] && n > 0;
    }
    printf("1 sendto -> %d joined receivers\n", got);
    return got == 2 ? 0 : 1; /* 소켓을 닫으면 (exit도) 커널이 그룹에서 탈퇴시킨다 */
}
