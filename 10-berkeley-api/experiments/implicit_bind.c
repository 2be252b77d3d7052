/*
 * 10-berkeley-api/experiments/implicit_bind.c: socket()이 만든 소켓에는 주소가 없다 (getsockname = 0.0.0.0:0).
 * 주소는 bind가 붙이거나, bind하지 않았으면 그 주소가 필요한 첫 호출이 붙인다 (암묵적 bind, man 7 ip):
 *   listen  → 0.0.0.0:임시 포트 (모든 주소에서 듣는다!)
 *   connect → 가는 경로의 원천 주소:임시 포트 (127.0.0.1:51234)
 *   sendto  → 0.0.0.0:임시 포트 (UDP). 답은 그 포트로 돌아온다: 받으려고 bind할 필요가 없다.
 * NOTES.md 1.2절, 5절 바로잡기 #24, #27, #36.
 *
 * 실행 (10-berkeley-api 디렉터리에서): ./experiments/implicit_bind
 * 출력:
 *   implicit_bind: socket(AF_INET, SOCK_STREAM, 0) = 3
 *   implicit_bind: getsockname(3) = 0.0.0.0:0
 *   implicit_bind: listen(3, backlog=4) = 0
 *   implicit_bind: getsockname(3) = 0.0.0.0:40123
 *   implicit_bind: socket(AF_INET, SOCK_STREAM, 0) = 4
 *   implicit_bind: getsockname(4) = 0.0.0.0:0
 *   implicit_bind: connect(4, 127.0.0.1:40123) = 0
 *   implicit_bind: getsockname(4) = 127.0.0.1:51234
 *   implicit_bind: socket(AF_INET, SOCK_DGRAM, 0) = 6      (5는 받는 쪽 소켓)
 *   implicit_bind: getsockname(6) = 0.0.0.0:0
 *   implicit_bind: sendto(6, "ping", 127.0.0.1:40999) = 4
 *   implicit_bind: getsockname(6) = 0.0.0.0:51236
 *   implicit_bind: the receiver got "ping" from 127.0.0.1:51236 and answered; we got "pong"
 *
 * 읽을 man 페이지: man 7 ip ("When listen(2) is called on an unbound socket"), man 2 getsockname, man 7 udp
 */
#define _GNU_SOURCE /* 짝과 같은 헤더를 쓴다 */

#include "../common.h"

int main(int argc, char *argv[])
{
    prog = "implicit_bind";
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1) {
        fprintf(argc == 2 && strcmp(argv[1], "-h") == 0 ? stdout : stderr, "usage: implicit_bind\n");
        return argc == 2 && strcmp(argv[1], "-h") == 0 ? 0 : 2;
    }
    /* 1. bind 없이 listen: 커널이 임시 포트를 고르고 주소는 0.0.0.0(모든 주소)으로 둔다 */
    int lfd = (int)must("socket", socket(AF_INET, SOCK_STREAM, 0), "socket(AF_INET, SOCK_STREAM, 0)");
    show_name(lfd, 0);
    must("listen", listen(lfd, 4), "listen(%d, backlog=4)", lfd);
    unsigned lport = show_name(lfd, 0);

    /* 2. bind 없이 connect: 주소는 127.0.0.1로 가는 경로가 정하고, 포트는 임시 포트 */
    int cfd = (int)must("socket", socket(AF_INET, SOCK_STREAM, 0), "socket(AF_INET, SOCK_STREAM, 0)");
    show_name(cfd, 0);
    struct sockaddr_in to;
    make_addr(&to, "127.0.0.1", lport);
    must("connect", connect(cfd, (struct sockaddr *)&to, sizeof to), "connect(%d, %s)", cfd, addr_str(&to));
    show_name(cfd, 0);

    /* 3. UDP: 받는 쪽 r은 bind한다. 보내는 쪽 u는 하지 않는다: 첫 sendto가 포트를 붙인다 */
    int r = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in raddr, from = {0};
    socklen_t len = sizeof raddr;
    make_addr(&raddr, "127.0.0.1", 0);
    if (r == -1 || bind(r, (struct sockaddr *)&raddr, sizeof raddr) == -1 ||
        getsockname(r, (struct sockaddr *)&raddr, &len) == -1)
        die("receiver");
    int u = (int)must("socket", socket(AF_INET, SOCK_DGRAM, 0), "socket(AF_INET, SOCK_DGRAM, 0)");
    show_name(u, 0);
    must("sendto", sendto(u, "ping", 4, 0, (struct sockaddr *)&raddr, sizeof raddr), "sendto(%d, \"ping\", %s)", u,
         addr_str(&raddr));
    show_name(u, 0);

    /* 4. 받는 쪽은 데이터그램에 적힌 원천 주소(u의 임시 포트)로 답한다. u는 bind한 적 없이 받는다. */
    char buf[8];
    len = sizeof from;
    ssize_t n = recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
    if (n == -1 || sendto(r, "pong", 4, 0, (struct sockaddr *)&from, len) == -1)
        die("receiver");
    printf("%s: the receiver got %s from %s and answered", prog, quoted(buf, (size_t)n), addr_str(&from));
    n = recv(u, buf, sizeof buf, 0);
    if (n == -1)
        die("recv");
    printf("; we got %s\n", quoted(buf, (size_t)n));
    return 0;
}
