/*
 * 10-berkeley-api/experiments/shutdown_half_close.c: close와 shutdown(SHUT_WR)은 상대에게 똑같이 FIN을
 * 보내 상대의 recv가 0(EOF)을 받는다. 다른 것은 그 뒤다.
 *   1. shutdown(SHUT_WR): 보내는 방향만 닫는다 (반쯤 닫기, half-close). 상대는 EOF를 본 뒤에도 답을 보낼
 *      수 있고, 이 쪽은 그 답을 받는다. 요청을 다 보냈다고 알리고 답을 기다리는 client의 방법이다.
 *   2. close: fd가 사라진다. 상대가 보낸 답에 이 쪽 커널은 RST로 답하고, 상대의 다음 send는 실패한다.
 *   3. close는 fd 하나를 놓을 뿐이다: dup(또는 fork)한 fd가 남아 있으면 FIN이 나가지 않는다.
 *      shutdown은 fd가 몇이든 소켓 자체에 작용한다.
 * NOTES.md 1.9절, 6절 "흔한 실수", 8절 면접 질문.
 *
 * 실행 (10-berkeley-api 디렉터리에서): ./experiments/shutdown_half_close
 * 출력 (fd 번호는 예):
 *   half_close: -- 1. shutdown(SHUT_WR), then read the reply
 *   half_close: shutdown(4, SHUT_WR) = 0
 *   half_close: peer recv = 7 "request", then recv = 0 (EOF)
 *   half_close: peer send(5, "reply") = 5
 *   half_close: recv(4) = 5 "reply"                  (FIN을 보낸 뒤에도 받는다)
 *   half_close: -- 2. close, then the peer answers
 *   half_close: close(4) = 0
 *   half_close: peer recv = 7 "request", then recv = 0 (EOF)
 *   half_close: peer send(5, "reply") = 5            (상대의 커널은 받아 준다)
 *   half_close: peer poll: POLLERR POLLHUP (our kernel answered the reply with RST)
 *   half_close: peer send(5, "again") = -1 EPIPE (Broken pipe)   (CLOSE_WAIT에서 RST를 받으면 EPIPE)
 *   half_close: -- 3. close one of two fds (dup), then shutdown
 *   half_close: dup(4) = 6
 *   half_close: close(4) = 0
 *   half_close: send(6, "ping") = 4                  (연결은 그대로다: FIN이 나가지 않았다)
 *   half_close: peer recv = 4 "ping"
 *   half_close: shutdown(6, SHUT_WR) = 0
 *   half_close: peer recv = 0 (EOF)
 *
 * 읽을 man 페이지: man 2 shutdown, man 2 close, man 7 tcp, man 2 dup, man 2 poll
 */
#define _GNU_SOURCE /* MSG_NOSIGNAL, POLLRDHUP */

#include "../common.h"

static struct sockaddr_in srv;
static int lfd;

/* 연결 하나: *peer에 accept한 쪽(상대) fd, 돌려주는 값은 connect한 쪽(이 쪽) fd */
static int pair(int *peer)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd == -1 || connect(fd, (struct sockaddr *)&srv, sizeof srv) == -1 || (*peer = accept(lfd, NULL, NULL)) == -1)
        die("connect/accept");
    return fd;
}

/* 상대의 recv 한 번을 찍는다 (블로킹: 부를 때는 무언가 와 있거나 곧 온다) */
static long peer_recv(int peer, const char *then)
{
    char buf[16];
    ssize_t n = recv(peer, buf, sizeof buf, 0);
    printf("%s: peer recv = %zd%s%s%s", prog, n, n > 0 ? " " : " (EOF)", n > 0 ? quoted(buf, (size_t)n) : "", then);
    return n;
}

/* 이 쪽이 요청을 보냈고 보내기를 끝냈다 (shutdown 또는 close). 상대는 요청 다음에 EOF를 읽는다. */
static void peer_reads_request(int peer)
{
    if (peer_recv(peer, ", then ") > 0)
        printf("recv = %zd (EOF)\n", recv(peer, (char[8]){0}, 8, 0));
}

int main(int argc, char *argv[])
{
    prog = "half_close";
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1) {
        fprintf(argc == 2 && strcmp(argv[1], "-h") == 0 ? stdout : stderr, "usage: shutdown_half_close\n");
        return argc == 2 && strcmp(argv[1], "-h") == 0 ? 0 : 2;
    }
    /* 듣는 소켓 하나를 세 번 쓴다. 연결마다 양쪽(이 쪽, 상대)을 이 프로세스가 쥐어 순서를 정한다 */
    socklen_t len = sizeof srv;
    make_addr(&srv, "127.0.0.1", 0);
    if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) == -1 || bind(lfd, (struct sockaddr *)&srv, sizeof srv) == -1 ||
        listen(lfd, 4) == -1 || getsockname(lfd, (struct sockaddr *)&srv, &len) == -1)
        die("listener");
    char buf[16]; /* 이 쪽이 받는 버퍼 */
    int peer, fd, fd2; /* peer = accept한 상대 쪽, fd = connect한 이 쪽, fd2 = fd의 dup */

    /* 1. shutdown(SHUT_WR): FIN을 보내고도 받는 방향은 열려 있다 */
    printf("%s: -- 1. shutdown(SHUT_WR), then read the reply\n", prog);
    fd = pair(&peer);
    if (send(fd, "request", 7, MSG_NOSIGNAL) != 7)
        die("send");
    must("shutdown", shutdown(fd, SHUT_WR), "shutdown(%d, SHUT_WR)", fd);
    peer_reads_request(peer);
    must("send", send(peer, "reply", 5, MSG_NOSIGNAL), "peer send(%d, \"reply\")", peer);
    ssize_t n = recv(fd, buf, sizeof buf, 0); /* 받는 방향은 열려 있다 */
    if (n == -1)
        die("recv");
    printf("%s: recv(%d) = %zd %s\n", prog, fd, n, quoted(buf, (size_t)n));
    close(fd), close(peer); /* 다음 경우를 위해 이 연결을 치운다 */

    /* 2. close: 상대의 recv는 같은 EOF다. 그러나 상대가 보낸 답은 받을 fd가 없다: 이 쪽 커널이 RST로 답한다 */
    printf("%s: -- 2. close, then the peer answers\n", prog);
    fd = pair(&peer);
    if (send(fd, "request", 7, MSG_NOSIGNAL) != 7)
        die("send");
    must("close", close(fd), "close(%d)", fd);
    peer_reads_request(peer);
    said(send(peer, "reply", 5, MSG_NOSIGNAL), "peer send(%d, \"reply\")", peer);
    /* events 0: poll은 POLLERR/POLLHUP만 알린다. RST가 오면 깬다 (2초는 상한일 뿐, 루프백에서는 곧바로) */
    struct pollfd p = {.fd = peer, .events = 0};
    if (poll(&p, 1, 2000) == -1)
        die("poll");
    printf("%s: peer poll:%s%s (our kernel answered the reply with RST)\n", prog, p.revents & POLLERR ? " POLLERR" : "",
           p.revents & POLLHUP ? " POLLHUP" : "");
    said(send(peer, "again", 5, MSG_NOSIGNAL), "peer send(%d, \"again\")", peer); /* SIGPIPE 대신 -1 */
    close(peer); /* RST를 받은 소켓도 fd는 닫아야 한다 */

    /* 3. dup한 fd가 남으면 close는 FIN을 보내지 않는다 (소켓의 마지막 fd가 닫힐 때 보낸다). shutdown은 보낸다. */
    printf("%s: -- 3. close one of two fds (dup), then shutdown\n", prog);
    fd = pair(&peer);
    fd2 = (int)must("dup", dup(fd), "dup(%d)", fd);
    must("close", close(fd), "close(%d)", fd);
    must("send", send(fd2, "ping", 4, MSG_NOSIGNAL), "send(%d, \"ping\")", fd2); /* FIN 뒤였다면 EPIPE였다 */
    peer_recv(peer, "\n");
    must("shutdown", shutdown(fd2, SHUT_WR), "shutdown(%d, SHUT_WR)", fd2);
    return peer_recv(peer, "\n") == 0 ? 0 : 1;
}
