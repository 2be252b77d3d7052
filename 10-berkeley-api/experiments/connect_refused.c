/*
 * 10-berkeley-api/experiments/connect_refused.c: 아무도 listen 하지 않는 포트에 connect하면 상대 커널이
 * SYN에 RST로 답하고 connect는 -1/ECONNREFUSED다. bind만 하고 listen하지 않은 소켓의 포트도 그렇다:
 * 연결을 받는 것은 bind가 아니라 listen이다. 같은 포트에 listen한 뒤에는 connect가 0이다.
 * NOTES.md 1.4절, 6절 "흔한 실수".
 *
 * 실행 (10-berkeley-api 디렉터리에서): ./experiments/connect_refused
 * 출력:
 *   connect_refused: socket(AF_INET, SOCK_STREAM, 0) = 3
 *   connect_refused: bind(3, 127.0.0.1:0) = 0
 *   connect_refused: getsockname(3) = 127.0.0.1:40123
 *   connect_refused: connect(4, 127.0.0.1:40123) = -1 ECONNREFUSED (Connection refused)
 *   connect_refused: listen(3, backlog=4) = 0
 *   connect_refused: connect(5, 127.0.0.1:40123) = 0
 *
 * 읽을 man 페이지: man 2 connect (ECONNREFUSED), man 2 listen, man 7 tcp
 */
#define _GNU_SOURCE /* 짝과 같은 헤더를 쓴다 */

#include "../common.h"

int main(int argc, char *argv[])
{
    prog = "connect_refused";
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1) {
        fprintf(argc == 2 && strcmp(argv[1], "-h") == 0 ? stdout : stderr, "usage: connect_refused\n");
        return argc == 2 && strcmp(argv[1], "-h") == 0 ? 0 : 2;
    }
    /* 1. 포트 하나를 잡아 둔다: bind만. 이 포트는 우리 것이라 다른 프로그램이 그 사이에 listen할 수 없다. */
    int sfd = (int)must("socket", socket(AF_INET, SOCK_STREAM, 0), "socket(AF_INET, SOCK_STREAM, 0)");
    struct sockaddr_in a;
    make_addr(&a, "127.0.0.1", 0);
    must("bind", bind(sfd, (struct sockaddr *)&a, sizeof a), "bind(%d, %s)", sfd, addr_str(&a));
    unsigned port = show_name(sfd, 0);
    make_addr(&a, "127.0.0.1", port);

    /* 2. listen 전의 connect: SYN을 받을 LISTEN 소켓이 없다 → 커널이 RST → ECONNREFUSED (기다리지 않는다) */
    int rc, c1 = connect_to(&a, 0, &rc);
    if (rc != -1 || errno != ECONNREFUSED)
        return 1;

    /* 3. 같은 소켓을 listen: 이제 커널이 그 포트의 SYN에 SYN+ACK로 답한다 */
    must("listen", listen(sfd, 4), "listen(%d, backlog=4)", sfd);
    int c2 = connect_to(&a, 0, &rc);
    close(c1);
    close(c2);
    close(sfd);
    return rc == 0 ? 0 : 1;
}
