/*
 * 08-unix-socket/client.c: server의 소켓 파일에 connect 하고, stdin의 바이트를 그대로 보내며 받은
 * 바이트를 그대로 stdout에 쓴다 (nc -U와 같은 일). stdin이 끝나면 shutdown(SHUT_WR)으로 "더 보낼
 * 것이 없다"를 알리고, server가 남은 답을 다 보내고 닫을 때(EOF)까지 읽는다.
 *
 * 스트림 소켓에는 메시지 경계가 없다: 이 client는 줄을 나누지 않고 read가 준 덩어리를 그대로
 * 보낸다. 줄을 찾는 일은 server가 '\n'으로 한다. 그래서 이 client로 반쪽 줄, 제어 문자, 아주 긴
 * 줄도 보내 볼 수 있다.
 *
 * 실행 (08-unix-socket 디렉터리에서, server를 띄운 뒤):
 *   echo hello | ./client                       OK HELLO
 *   printf 'one\ntwo\n' | ./client -s ./x.sock  OK ONE, OK TWO (server -s ./x.sock에게)
 *   ./client                                    터미널에서 한 줄씩 친다. Ctrl-D로 끝낸다
 *   디렉터리만 복사했다면: cc -o client client.c
 *
 * 출력 (server가 없을 때):
 *   client: connect ./demo.sock: No such file or directory (no socket file there: is the server running?)
 *
 * 읽을 man 페이지: man 7 unix, man 2 connect, man 2 shutdown, man 2 poll, man 7 socket
 */
#define _POSIX_C_SOURCE 200809L /* poll, shutdown, sigaction: 이 client는 POSIX만으로 된다 */

#include <poll.h>
#include <signal.h>

#include "common.h"

/* connect가 실패한 까닭을 이 장의 말로 풀어 준다. 리눅스는 소켓이 아닌 파일(일반 파일 ...)에
 * connect 해도 ECONNREFUSED를 준다: 그 경로에 "listen 하는 소켓"이 없다는 점에서 같기 때문이다.
 * EACCES는 소켓 파일(또는 가는 길의 디렉터리)에 권한이 없다는 뜻이다. */
static const char *connect_hint(int err)
{
    if (err == ENOENT)
        return "no socket file there: is the server running?";
    if (err == ECONNREFUSED)
        return "nobody is listening: a stale socket file left by a dead server, or not a socket at all";
    if (err == EACCES)
        return "no write permission on the socket file (mode 600: another user's server?)";
    return "see man 2 connect";
}

int main(int argc, char *argv[])
{
    prog = "client";
    setvbuf(stdout, NULL, _IOLBF, 0); /* --help의 출력용. 받은 데이터는 write(2)로 곧바로 나간다 */
    const char *path = socket_path_arg(argc, argv,
                                       "stdin을 server에 그대로 보내고, 받은 답을 stdout에 쓴다. 한 줄에 답 한 줄.\n");
    struct sockaddr_un addr;
    socklen_t alen = make_address(path, &addr);

    /* server가 먼저 닫은 뒤에 쓰면 커널은 SIGPIPE(기본 동작: 조용히 종료)를 보낸다. 무시하면 write가
     * EPIPE로 실패하고, 아래에서 "client: write: Broken pipe"로 알린다. */
    struct sigaction ign = {.sa_handler = SIG_IGN};
    if (sigaction(SIGPIPE, &ign, NULL) == -1)
        die("sigaction");

    /* 1. connect: 커널이 경로로 소켓 파일을 찾고(그 파일의 쓰기 권한이 있어야 한다), 그 소켓이
     *    listen 중이면 연결을 만들어 server의 연결 대기 큐에 넣는다. server가 accept 하기 전에도
     *    connect는 돌아오고, 보낸 바이트는 커널이 받아 둔다. */
    int fd = connect_to(&addr, alen, 0);
    if (fd == -1) {
        int err = errno;
        fprintf(stderr, "client: connect %s: %s (%s)\n", path, strerror(err), connect_hint(err));
        return 1;
    }

    /* 2. 두 방향을 poll 하나로 지켜본다. "다 보내고 나서 읽기"로 하면, 보낼 것이 많을 때 server의
     *    답이 쌓여 양쪽 커널 버퍼가 모두 차고 서로를 기다리며 멈출 수 있다. 받을 것이 생기면 곧바로
     *    읽으므로 그런 일이 없다. fd가 음수인 칸은 poll이 건너뛴다 (stdin이 끝난 뒤). */
    struct pollfd p[2] = {{.fd = STDIN_FILENO, .events = POLLIN}, {.fd = fd, .events = POLLIN}};
    /* 덩어리의 크기는 아무래도 좋다: 스트림이므로 4096바이트씩 나눠 보내도 server가 보는 것은
     * 같은 바이트의 줄이다. server의 read가 이 경계를 알 길도 없다. */
    char buf[4096];
    for (;;) {
        if (poll(p, 2, -1) == -1) {
            if (errno == EINTR)
                continue;
            die("poll");
        }
        /* POLLHUP만 온 경우(쓰는 쪽이 닫힌 파이프)도 read가 0을 돌려주므로 revents가 무엇이든 읽는다 */
        if (p[0].revents != 0) {
            ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
            if (n == -1)
                die("read (stdin)");
            if (n > 0 && write_all(fd, buf, (size_t)n) == -1)
                die("write");
            /* stdin이 끝났다: close가 아니라 shutdown(SHUT_WR). 보내는 방향만 닫아 server의 read가
             * 0(EOF)을 받게 하고, 받는 방향은 열어 두어 남은 답을 끝까지 읽는다 (반쯤 닫기). */
            if (n == 0 && shutdown(fd, SHUT_WR) == -1)
                die("shutdown");
            if (n == 0)
                p[0].fd = -1;
        }
        if (p[1].revents != 0) {
            ssize_t n = read(fd, buf, sizeof buf);
            if (n == -1)
                die("read"); /* ECONNRESET: server가 우리가 보낸 것을 다 읽지 않은 채 닫았다 */
            if (n == 0)
                break; /* server가 닫았다 */
            if (write_all(STDOUT_FILENO, buf, (size_t)n) == -1)
                die("write (stdout)");
        }
    }

    /* 3. server가 먼저 닫았는데 우리는 아직 보낼 것이 있었다면, 대화가 끝난 것이 아니다
     *    (server가 너무 긴 줄 때문에 끊었거나, SIGTERM으로 끝났다). 상태 1로 알린다. */
    if (p[0].fd != -1) {
        fprintf(stderr, "client: the server closed the connection\n");
        return 1;
    }
    close(fd); /* 커널이 소켓을 치운다. 이 client는 이름 있는 객체를 만들지 않았다 */
    return 0;
}
