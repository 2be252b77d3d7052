/*
 * 10-berkeley-api/experiments/handshake_before_accept.c: TCP의 3-way handshake는 커널이 끝낸다. accept는
 * 연결을 "만들지" 않고, 이미 완성되어 큐에 있는 것을 꺼낼 뿐이다. 그래서 server가 accept를 부르기도 전에
 * client의 connect가 0을 돌려주고, client는 데이터를 보내고 닫고 끝나기까지 한다. 보낸 바이트는 server
 * 커널의 받는 버퍼에서 기다린다. 자식(client)이 끝난 것을 waitpid로 확인한 "뒤에" 부모(server)가 accept한다.
 * 두 번의 send("AAA", "BBB")는 recv 한 번에 "AAABBB"로 온다: 스트림에는 메시지 경계가 없다.
 * NOTES.md 1.5절, 5절 바로잡기 #39.
 *
 * 실행 (10-berkeley-api 디렉터리에서): ./experiments/handshake_before_accept
 * 출력:
 *   server: listening on 127.0.0.1:40123
 *   client: connect(3, 127.0.0.1:40123) = 0     (자식은 듣는 소켓 3을 닫았으니 새 소켓이 다시 3이다)
 *   client: send(3, "AAA") = 3
 *   client: send(3, "BBB") = 3
 *   client: close(3) = 0
 *   server: the client exited with status 0 before any accept
 *   server: accept(3) = 4
 *   server: recv(4) = 6 "AAABBB"
 *   server: recv(4) = 0 (EOF)
 *
 * 읽을 man 페이지: man 2 accept, man 2 listen, man 7 tcp, man 2 waitpid
 */
#define _GNU_SOURCE /* 짝과 같은 헤더를 쓴다 */

#include <sys/wait.h>

#include "../common.h"

/* 자식: connect, send 두 번, close. 부모는 아직 accept하지 않았다. */
static void client(const struct sockaddr_in *srv)
{
    prog = "client";
    int rc, fd = connect_to(srv, 0, &rc);
    if (rc == -1)
        _exit(1);
    must("send", send(fd, "AAA", 3, MSG_NOSIGNAL), "send(%d, \"AAA\")", fd);
    must("send", send(fd, "BBB", 3, MSG_NOSIGNAL), "send(%d, \"BBB\")", fd);
    must("close", close(fd), "close(%d)", fd);
}

int main(int argc, char *argv[])
{
    prog = "server";
    setvbuf(stdout, NULL, _IOLBF, 0); /* 줄마다 내보낸다: fork 전에 버퍼에 남은 것이 두 번 찍히지 않는다 */
    if (argc > 1) {
        fprintf(argc == 2 && strcmp(argv[1], "-h") == 0 ? stdout : stderr, "usage: handshake_before_accept\n");
        return argc == 2 && strcmp(argv[1], "-h") == 0 ? 0 : 2;
    }
    struct sockaddr_in srv;
    int lfd = listener(4, &srv);

    pid_t pid = fork();
    if (pid == -1)
        die("fork");
    if (pid == 0) {
        close(lfd); /* 자식은 듣는 소켓이 필요 없다 */
        client(&srv);
        exit(0);
    }
    /* 부모: accept 전에 자식이 다 끝나기를 기다린다. 이 순서가 실험의 요점이다 (잠깐 자는 것이 아니다). */
    int st;
    if (waitpid(pid, &st, 0) == -1)
        die("waitpid");
    printf("%s: the client exited with status %d before any accept\n", prog, WIFEXITED(st) ? WEXITSTATUS(st) : -1);

    /* 이제 accept: 큐에 완성된 연결이 있고, 그 받는 버퍼에 6바이트와 FIN(EOF)이 있다 */
    int fd = (int)must("accept", accept(lfd, NULL, NULL), "accept(%d)", lfd);
    char buf[64];
    ssize_t n = recv(fd, buf, sizeof buf, 0); /* 한 번에: 도착해 있는 바이트를 모두 */
    if (n == -1)
        die("recv");
    printf("%s: recv(%d) = %zd %s\n", prog, fd, n, quoted(buf, (size_t)n));
    n = recv(fd, buf, sizeof buf, 0);
    printf("%s: recv(%d) = %zd%s\n", prog, fd, n, n == 0 ? " (EOF)" : "");
    close(fd);
    close(lfd);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
