/*
 * 04-fifo/experiments/no_spare_writer.c: FIFO를 읽기로만 연 server는 마지막 writer가 떠난 뒤
 * 끝없는 EOF를 본다. poll은 곧바로 POLLHUP으로 돌아오고 read는 0을 되풀이한다 (헛돌기).
 * 자기 FIFO를 쓰기로도 열어 두면(여분의 writer) 빈 FIFO의 read는 EAGAIN이 되고 poll은 잔다.
 * NOTES.md 1.3절.
 *
 * 실행 (04-fifo 디렉터리에서):  ./experiments/no_spare_writer [FIFO]      (기본 ./eof.fifo)
 * 출력:
 *   no_spare_writer: no writer has opened ./eof.fifo yet: poll() = 0 (no POLLHUP), read() = 0
 *   no_spare_writer: a client (pid 4243) wrote "hello\x0a" and closed its end
 *   no_spare_writer: without a spare writer: 1000 times in a row poll() returned at once with POLLHUP and read() = 0
 *   no_spare_writer: with a spare writer: read() = -1 EAGAIN, poll() = 0: a server would sleep until the next client
 *
 * 읽을 man 페이지: man 7 pipe ("I/O on pipes and FIFOs"), man 2 poll (POLLHUP), man 7 fifo
 */
#define _POSIX_C_SOURCE 200809L /* mkfifo, poll, waitpid는 POSIX에 있다 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROG "no_spare_writer"
#define SPINS 1000 /* 이만큼 되풀이되면 "기다리지 않는다"고 본다 */

static const char *path = "./eof.fifo";
static int made; /* mkfifo가 성공한 뒤부터 1 */

static _Noreturn void die(const char *call)
{
    fprintf(stderr, PROG ": %s: %s\n", call, strerror(errno));
    if (made)
        unlink(path);
    exit(1);
}

/* 기다리지 않고(시간 0) poll해 본다: 돌려준 revents */
static short poll_now(int fd)
{
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    if (poll(&pfd, 1, 0) == -1)
        die("poll");
    return pfd.revents;
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파일로 읽는다: 한 줄씩 */
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
        FILE *to = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) ? stdout : stderr;
        fprintf(to, "usage: " PROG " [FIFO]\n");
        return to == stdout ? 0 : 2;
    }
    if (argc == 2)
        path = argv[1];
    if (mkfifo(path, 0600) == -1)
        die("mkfifo");
    made = 1;

    /* server처럼 읽는 끝만 O_NONBLOCK으로 연다. 리눅스는 writer가 한 번도 없었던 FIFO에는 POLLHUP을 알리지 않는다. */
    int r = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (r == -1)
        die("open");
    char buf[64];
    short ev = poll_now(r);
    ssize_t n = read(r, buf, sizeof buf);
    printf(PROG ": no writer has opened %s yet: poll() = %d%s, read() = %zd\n", path, ev != 0,
           ev & POLLHUP ? " (POLLHUP)" : " (no POLLHUP)", n);

    /* client 하나: 쓰기로 열고 (읽는 끝이 있으니 바로 열린다), 한 줄 쓰고, 닫고 끝난다 */
    pid_t pid = fork();
    if (pid == -1)
        die("fork");
    if (pid == 0) {
        int w = open(path, O_WRONLY | O_CLOEXEC);
        _exit(w == -1 || write(w, "hello\n", 6) != 6 || close(w) == -1 ? 1 : 0);
    }
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || read(r, buf, sizeof buf) != 6) {
        fprintf(stderr, PROG ": the client failed\n");
        return 1;
    }
    printf(PROG ": a client (pid %ld) wrote \"hello\\x0a\" and closed its end\n", (long)pid);

    /* 이제 writer가 0개다: 잠들 곳이 없다. 블로킹 read여도 0을 바로 돌려준다 */
    int spins = 0;
    for (; spins < SPINS; spins++) {
        struct pollfd pfd = {.fd = r, .events = POLLIN};
        if (poll(&pfd, 1, -1) == -1) /* 시간 제한 없음: 그래도 곧바로 돌아온다 */
            die("poll");
        if (!(pfd.revents & POLLHUP) || read(r, buf, sizeof buf) != 0)
            break;
    }
    printf(PROG ": without a spare writer: %d times in a row poll() returned at once with POLLHUP and read() = 0\n",
           spins);

    /* 여분의 writer: 읽는 끝(r)이 있으니 쓰기+O_NONBLOCK이 바로 열린다. 이 fd로는 아무것도 쓰지 않는다 */
    int spare = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (spare == -1)
        die("open");
    n = read(r, buf, sizeof buf);
    int err = errno;
    ev = poll_now(r);
    printf(PROG ": with a spare writer: read() = %zd %s, poll() = %d: a server would sleep until the next client\n",
           n, n == -1 && err == EAGAIN ? "EAGAIN" : "(?)", ev != 0);

    if (close(spare) == -1 || close(r) == -1)
        die("close");
    if (unlink(path) == -1)
        die("unlink");
    return spins == SPINS && n == -1 && err == EAGAIN && ev == 0 ? 0 : 1;
}
