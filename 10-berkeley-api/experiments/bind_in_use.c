/*
 * 10-berkeley-api/experiments/bind_in_use.c: 누가 listen 중인 포트에 다른 소켓이 bind하면 -1/EADDRINUSE다.
 * SO_REUSEADDR를 두 소켓 모두에 줘도 마찬가지다: 그 옵션은 TIME_WAIT로 남은 연결의 포트를 다시 쓰게 할
 * 뿐, 살아서 listen 중인 소켓의 포트를 나눠 주지 않는다 (그것은 time_wait_reuseaddr.c). 0.0.0.0(모든
 * 주소)으로 bind해도 127.0.0.1의 그 포트와 겹친다. NOTES.md 1.3절, 6절 "흔한 실수" ④.
 *
 * 실행 (10-berkeley-api 디렉터리에서): ./experiments/bind_in_use
 * 출력:
 *   bind_in_use: socket(AF_INET, SOCK_STREAM, 0) = 3
 *   bind_in_use: setsockopt(3, SOL_SOCKET, SO_REUSEADDR, 1) = 0
 *   bind_in_use: bind(3, 127.0.0.1:0) = 0
 *   bind_in_use: listen(3, backlog=4) = 0
 *   bind_in_use: listening on 127.0.0.1:40123
 *   bind_in_use: bind(4, 127.0.0.1:40123) = -1 EADDRINUSE (Address already in use)
 *   bind_in_use: setsockopt(5, SOL_SOCKET, SO_REUSEADDR, 1) = 0
 *   bind_in_use: bind(5, 127.0.0.1:40123) = -1 EADDRINUSE (Address already in use)
 *   bind_in_use: bind(6, 0.0.0.0:40123) = -1 EADDRINUSE (Address already in use)
 *
 * 읽을 man 페이지: man 2 bind (EADDRINUSE), man 7 socket (SO_REUSEADDR), man 7 ip
 */
#define _GNU_SOURCE /* 짝과 같은 헤더를 쓴다 */

#include "../common.h"

/* 새 소켓을 만들어 (reuse면 SO_REUSEADDR를 켜고) ip:port에 bind해 본다. 결과는 한 줄로 찍힌다. */
static void try_bind(const char *ip, unsigned port, int reuse)
{
    int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    if (fd == -1)
        die("socket");
    if (reuse)
        must("setsockopt", setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one),
             "setsockopt(%d, SOL_SOCKET, SO_REUSEADDR, 1)", fd);
    make_addr(&a, ip, port);
    said(bind(fd, (struct sockaddr *)&a, sizeof a), "bind(%d, %s)", fd, addr_str(&a));
    /* 이 fd는 닫지 않고 둔다: 번호가 4, 5, 6으로 늘어 어느 소켓의 줄인지 보인다. exit가 닫는다. */
}

int main(int argc, char *argv[])
{
    prog = "bind_in_use";
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1) {
        fprintf(argc == 2 && strcmp(argv[1], "-h") == 0 ? stdout : stderr, "usage: bind_in_use\n");
        return argc == 2 && strcmp(argv[1], "-h") == 0 ? 0 : 2;
    }
    /* 1. 첫 소켓: 짝의 server처럼 SO_REUSEADDR를 켜고 127.0.0.1:0에 bind, listen. 커널이 포트를 고른다. */
    int one = 1, lfd = (int)must("socket", socket(AF_INET, SOCK_STREAM, 0), "socket(AF_INET, SOCK_STREAM, 0)");
    must("setsockopt", setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one),
         "setsockopt(%d, SOL_SOCKET, SO_REUSEADDR, 1)", lfd);
    struct sockaddr_in a, bound = {0};
    socklen_t len = sizeof bound;
    make_addr(&a, "127.0.0.1", 0);
    must("bind", bind(lfd, (struct sockaddr *)&a, sizeof a), "bind(%d, %s)", lfd, addr_str(&a));
    must("listen", listen(lfd, 4), "listen(%d, backlog=4)", lfd);
    if (getsockname(lfd, (struct sockaddr *)&bound, &len) == -1)
        die("getsockname");
    unsigned port = ntohs(bound.sin_port);
    printf("%s: listening on %s\n", prog, addr_str(&bound));

    /* 2. 같은 주소와 포트: 커널의 포트 표에 이미 있다 → EADDRINUSE */
    try_bind("127.0.0.1", port, 0);
    /* 3. 두 소켓 다 SO_REUSEADDR여도, 상대가 LISTEN 상태면 겹침으로 본다 (리눅스 inet_csk_bind_conflict) */
    try_bind("127.0.0.1", port, 1);
    /* 4. 0.0.0.0(INADDR_ANY)은 "이 컴퓨터의 모든 주소"다: 127.0.0.1:port를 품으니 역시 겹친다 */
    try_bind("0.0.0.0", port, 0);
    return 0;
}
