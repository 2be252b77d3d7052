/*
 * 10-berkeley-api/experiments/listen_on_udp.c: listen과 accept는 연결이 있는 소켓(SOCK_STREAM,
 * SOCK_SEQPACKET)의 호출이다. UDP(SOCK_DGRAM) 소켓에 부르면 -1/EOPNOTSUPP ("Operation not supported").
 * UDP에는 받아 줄 연결이 없다: bind한 소켓이 곧바로 아무에게서나 데이터그램을 받는다 (recvfrom).
 * NOTES.md 1.3절, 5절 바로잡기 #37.
 *
 * 실행 (10-berkeley-api 디렉터리에서): ./experiments/listen_on_udp
 * 출력:
 *   listen_on_udp: socket(AF_INET, SOCK_DGRAM, 0) = 3
 *   listen_on_udp: bind(3, 127.0.0.1:0) = 0
 *   listen_on_udp: listen(3, backlog=4) = -1 EOPNOTSUPP (Operation not supported)
 *   listen_on_udp: accept(3) = -1 EOPNOTSUPP (Operation not supported)
 *
 * 읽을 man 페이지: man 2 listen (EOPNOTSUPP), man 2 accept, man 7 udp
 */
#define _GNU_SOURCE /* 짝과 같은 헤더를 쓴다 */

#include "../common.h"

int main(int argc, char *argv[])
{
    prog = "listen_on_udp";
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1) {
        fprintf(argc == 2 && strcmp(argv[1], "-h") == 0 ? stdout : stderr, "usage: listen_on_udp\n");
        return argc == 2 && strcmp(argv[1], "-h") == 0 ? 0 : 2;
    }
    int fd = (int)must("socket", socket(AF_INET, SOCK_DGRAM, 0), "socket(AF_INET, SOCK_DGRAM, 0)");
    struct sockaddr_in a;
    make_addr(&a, "127.0.0.1", 0);
    must("bind", bind(fd, (struct sockaddr *)&a, sizeof a), "bind(%d, %s)", fd, addr_str(&a));
    /* 커널은 UDP의 proto_ops에 listen과 accept를 "지원하지 않음"(sock_no_listen, sock_no_accept)으로 둔다 */
    long l = said(listen(fd, 4), "listen(%d, backlog=4)", fd);
    long c = said(accept(fd, NULL, NULL), "accept(%d)", fd);
    close(fd);
    return l == -1 && c == -1 ? 0 : 1;
}
