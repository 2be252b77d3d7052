/*
 * 08-unix-socket/experiments/never_reads.c: 답을 한 번도 읽지 않고 줄만 보내는 나쁜 client.
 * NOTES.md 6절 "흔한 실수" ④ (블로킹 write로 답하는 poll server는 client 하나에 멈춘다).
 *
 * server가 보낸 답은 이 프로세스의 소켓 받는 큐에 쌓인다. 유닉스 스트림 소켓에서 그 양은 보내는
 * 쪽(server)의 SO_SNDBUF로 묶이므로, 약 200 KiB가 쌓이면 server의 write는 더 들어갈 자리가
 * 없다. 블로킹 소켓이라면 server는 거기서 잠들고 다른 모든 client가 멈춘다. 이 장의 server는
 * 논블로킹 소켓에서 EAGAIN을 받고 이 client만 끊는다. 이 프로그램은 끊길 때까지 몇 바이트를
 * 보냈는지 알린다.
 *
 * 실행 (08-unix-socket 디렉터리에서, ./server를 띄운 뒤):
 *   ./experiments/never_reads               ./demo.sock에
 *   ./experiments/never_reads ./x.sock
 *
 * 출력:
 *   never_reads: the server disconnected us after 425984 bytes (Broken pipe)
 *
 * 읽을 man 페이지: man 7 unix, man 7 socket (SO_SNDBUF), man 2 write
 */
#define _POSIX_C_SOURCE 200809L /* sigaction, 소켓 API: POSIX로 충분하다 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define GIVE_UP (64L * 1024 * 1024) /* 이만큼 보내도 끊기지 않으면 server가 기다려 주는 것이다 */

static void die(const char *what)
{
    fprintf(stderr, "never_reads: %s: %s\n", what, strerror(errno));
    exit(1);
}

int main(int argc, char *argv[])
{
    const char *path = argc > 1 ? argv[1] : "./demo.sock";
    if (argc > 2 || (argc == 2 && (strcmp(path, "-h") == 0 || strcmp(path, "--help") == 0))) {
        fprintf(argc > 2 ? stderr : stdout, "usage: never_reads [SOCKET_PATH]   (default ./demo.sock)\n");
        return argc > 2 ? 2 : 0;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */

    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof addr.sun_path) {
        fprintf(stderr, "never_reads: socket path too long (max %zu bytes)\n", sizeof addr.sun_path - 1);
        return 2;
    }
    memcpy(addr.sun_path, path, strlen(path) + 1); /* 길이를 위에서 쟀다: NUL까지 옮긴다 */

    /* 끊긴 뒤의 write는 SIGPIPE로 이 프로세스를 죽인다. 무시하고 EPIPE를 받아 알린다. */
    struct sigaction ign = {.sa_handler = SIG_IGN};
    if (sigaction(SIGPIPE, &ign, NULL) == -1)
        die("sigaction");

    /* 평범한 블로킹 스트림 소켓으로 connect 한다. 이 client의 잘못은 한 가지: 답을 읽지 않는다 */
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd == -1)
        die("socket");
    if (connect(fd, (const struct sockaddr *)&addr, sizeof addr) == -1) /* 경로 주소: sizeof도 된다 */
        die("connect");

    /* 200바이트짜리 줄을 보내기만 한다. 이 write는 블로킹이다: 우리의 보내는 버퍼가 차면 server가
     * 읽어 갈 때까지 잔다. server는 읽고 답하므로, 쌓이는 것은 우리가 읽지 않는 답 쪽이다. */
    char line[200];
    memset(line, 'x', sizeof line - 1); /* 제어 문자가 없는 199바이트: server는 OK로 답한다 */
    line[sizeof line - 1] = '\n';
    long sent = 0; /* server가 우리에게서 가져간 바이트 */
    while (sent < GIVE_UP) {
        ssize_t n = write(fd, line, sizeof line); /* 블로킹: 200바이트 모두 들어갈 때까지 잔다 */
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1) {
            /* EPIPE: server가 닫았다. ECONNRESET: server가 우리가 보낸 것을 다 읽지 않고 닫았다 */
            printf("never_reads: the server disconnected us after %ld bytes (%s)\n", sent, strerror(errno));
            close(fd);
            return 0;
        }
        sent += n; /* server가 읽어 가는 동안 이 수는 늘고, 그 답은 우리 받는 큐에 쌓인다 */
    }
    printf("never_reads: sent %ld bytes and the server never disconnected us\n", sent);
    close(fd);
    return 1;
}
