/*
 * 09-inet-socket/experiments/udp_autobind.c: bind 하지 않은 UDP 소켓도 주소를 갖고 보낸다. socket() 직후의
 * 소켓에는 주소가 없다 (getsockname: 0.0.0.0:0). 첫 sendto에서 커널이 임시 포트를 붙이고(autobind),
 * 받는 쪽의 recvfrom은 바로 그 포트를 보낸 이의 주소로 본다. 그 주소로 보낸 답은 bind를 부른 적 없는
 * 소켓에 돌아온다. NOTES.md 1.5 "UDP"와 5절 (#24, #27: "보내기만 하면 출발지 주소가 필요 없다"는 틀렸다).
 *
 * 모든 데이터그램에는 출발지 주소와 포트가 실린다 (UDP 헤더의 source port, IP 헤더의 source address).
 * 보내는 쪽이 정하지 않으면 커널이 정할 뿐이다: 주소는 경로(라우팅 표)가, 포트는 임시 포트 범위
 * (/proc/sys/net/ipv4/ip_local_port_range)가 정한다.
 *
 * 실행 (make 09-inet-socket 뒤, 09-inet-socket 디렉터리에서):
 *   ./experiments/udp_autobind
 *
 * 출력 (포트는 실행마다 다르다):
 *   before the first sendto: 0.0.0.0:0 (no address yet)
 *   after the first sendto:  0.0.0.0:41234 (the kernel picked an ephemeral port)
 *   the receiver's recvfrom: "ping" from 127.0.0.1:41234
 *   the unbound sender got the reply: "pong"
 *
 * 읽을 man 페이지: man 7 udp ("autobind"), man 7 ip (ip_local_port_range), man 2 getsockname, man 2 recvfrom
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "exp.h"

/* fd에 붙은 내 주소를 "a.b.c.d:port"로 */
static const char *local_name(int fd, char *out, size_t outlen)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a; /* 값-결과 인자 */
    char ip[INET_ADDRSTRLEN];
    if (getsockname(fd, (struct sockaddr *)&a, &alen) == -1)
        die("getsockname");
    snprintf(out, outlen, "%s:%u", inet_ntop(AF_INET, &a.sin_addr, ip, sizeof ip), (unsigned)ntohs(a.sin_port));
    return out;
}

int main(int argc, char *argv[])
{
    no_args(argc, argv, "udp_autobind", "an unbound UDP socket gets an ephemeral port at its first sendto");
    struct timeval five = {.tv_sec = 5}; /* recv가 멈추지 않게: 루프백에서는 바로 온다 */
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t tolen = sizeof to;
    int r = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0); /* 받는 쪽: 127.0.0.1:임시 포트에 bind */
    if (r == -1 || bind(r, (struct sockaddr *)&to, tolen) == -1 || getsockname(r, (struct sockaddr *)&to, &tolen) == -1)
        die("receiver");
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0); /* 보내는 쪽: bind를 부르지 않는다 */
    if (s == -1 || setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &five, sizeof five) == -1 ||
        setsockopt(r, SOL_SOCKET, SO_RCVTIMEO, &five, sizeof five) == -1)
        die("socket/setsockopt");

    char name[32];
    printf("before the first sendto: %s (no address yet)\n", local_name(s, name, sizeof name));
    if (sendto(s, "ping", 4, 0, (struct sockaddr *)&to, tolen) != 4) /* 여기서 커널이 포트를 붙인다 */
        die("sendto");
    printf("after the first sendto:  %s (the kernel picked an ephemeral port)\n", local_name(s, name, sizeof name));

    /* 받는 쪽은 recvfrom으로 보낸 이의 주소를 받는다. UDP 소켓에는 "상대"가 없다: 데이터그램마다 따로 온다 */
    struct sockaddr_in from;
    socklen_t fromlen = sizeof from;
    char buf[16], ip[INET_ADDRSTRLEN];
    ssize_t n = recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
    if (n == -1)
        die("recvfrom");
    printf("the receiver's recvfrom: \"%.*s\" from %s:%u\n", (int)n, buf, inet_ntop(AF_INET, &from.sin_addr, ip, sizeof ip),
           (unsigned)ntohs(from.sin_port));

    /* 그 주소로 답한다: 답은 bind 하지 않은 소켓의 자동 포트로 간다 */
    if (sendto(r, "pong", 4, 0, (struct sockaddr *)&from, fromlen) != 4)
        die("sendto (reply)");
    n = recv(s, buf, sizeof buf, 0);
    if (n == -1)
        die("recv (reply)");
    printf("the unbound sender got the reply: \"%.*s\"\n", (int)n, buf);
    close(s);
    close(r);
    return 0;
}
