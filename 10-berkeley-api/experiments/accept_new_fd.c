/*
 * 10-berkeley-api/experiments/accept_new_fd.c: accept는 연결마다 새 소켓(새 파일 디스크립터)을 돌려주고,
 * 듣는 소켓은 그대로 남아 다음 연결을 받는다. 새 소켓의 자기 쪽 주소는 모두 server의 포트다: TCP 연결은
 * (내 주소:포트, 상대 주소:포트) 넷으로 구별되므로, 한 포트가 연결 여럿을 나눠 쓸 수 있다.
 * client 셋이 먼저 connect하고 (accept 전에 모두 완성된다), 그다음 accept를 세 번, 나중에 온 넷째도 받는다.
 * NOTES.md 1.5절, 5절 바로잡기 #39, #40.
 *
 * 실행 (10-berkeley-api 디렉터리에서): ./experiments/accept_new_fd
 * 출력:
 *   accept_new_fd: listening on 127.0.0.1:40123
 *   accept_new_fd: connect(4, 127.0.0.1:40123) = 0        (client 1, 2, 3: fd 4, 5, 6)
 *   accept_new_fd: accept(3) = 7: local 127.0.0.1:40123, peer 127.0.0.1:51234
 *   accept_new_fd: accept(3) = 8: local 127.0.0.1:40123, peer 127.0.0.1:51236
 *   accept_new_fd: accept(3) = 9: local 127.0.0.1:40123, peer 127.0.0.1:51238
 *   accept_new_fd: connect(10, 127.0.0.1:40123) = 0
 *   accept_new_fd: accept(3) = 11: local 127.0.0.1:40123, peer 127.0.0.1:51240
 *   accept_new_fd: the listening socket 3 is still listening (SO_ACCEPTCONN = 1)
 *
 * 읽을 man 페이지: man 2 accept, man 2 getsockname, man 2 getpeername, man 7 socket (SO_ACCEPTCONN)
 */
#define _GNU_SOURCE /* 짝과 같은 헤더를 쓴다 */

#include "../common.h"

/* 큐에서 연결 하나를 꺼내고, 새 fd의 자기 쪽 주소와 상대 주소를 한 줄로 찍는다 */
static void accept_one(int lfd)
{
    struct sockaddr_in local = {0}, peer = {0};
    socklen_t llen = sizeof local, plen = sizeof peer; /* 값-결과 인자: 매번 버퍼 크기로 */
    int fd = accept(lfd, (struct sockaddr *)&peer, &plen);
    if (fd == -1 || getsockname(fd, (struct sockaddr *)&local, &llen) == -1)
        die("accept");
    /* 새 fd는 닫지 않는다: 열린 채로 두어야 번호가 겹치지 않고 "연결마다 fd 하나"가 보인다 */
    printf("%s: accept(%d) = %d: local %s, peer %s\n", prog, lfd, fd, addr_str(&local), addr_str(&peer));
}

int main(int argc, char *argv[])
{
    prog = "accept_new_fd";
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1) {
        fprintf(argc == 2 && strcmp(argv[1], "-h") == 0 ? stdout : stderr, "usage: accept_new_fd\n");
        return argc == 2 && strcmp(argv[1], "-h") == 0 ? 0 : 2;
    }
    struct sockaddr_in srv;
    int lfd = listener(4, &srv), rc, cl[4];

    /* 1. client 셋이 먼저 connect: 커널이 handshake를 끝내고 연결을 accept 큐에 넣는다 (accept 전에) */
    for (int i = 0; i < 3; i++)
        if ((cl[i] = connect_to(&srv, 0, &rc)) == -1 || rc == -1)
            return 1;
    /* 2. accept 세 번: 새 fd 셋. 자기 쪽은 모두 srv의 포트, 상대는 client마다 다른 임시 포트 */
    for (int i = 0; i < 3; i++)
        accept_one(lfd);
    /* 3. 듣는 소켓은 accept에 쓰이지도 닫히지도 않았다: 넷째 client도 받는다 */
    if ((cl[3] = connect_to(&srv, 0, &rc)) == -1 || rc == -1)
        return 1;
    accept_one(lfd);
    int on = 0;
    socklen_t len = sizeof on;
    if (getsockopt(lfd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) == -1)
        die("getsockopt");
    printf("%s: the listening socket %d is still listening (SO_ACCEPTCONN = %d)\n", prog, lfd, on);
    for (int i = 0; i < 4; i++)
        close(cl[i]);
    return 0; /* exit가 나머지 fd(accept한 것들)를 닫는다 */
}
