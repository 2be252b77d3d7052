/*
 * 04-fifo/experiments/wrong_open_order.c: 두 프로세스가 FIFO 두 개를 서로 반대 순서로 열면 데이터가
 * 흐르기도 전에 둘 다 open()에서 잠든다 (교착 상태, deadlock). 같은 순서로 열면 바로 풀린다.
 * NOTES.md 6절.
 *
 *   틀린 순서:  부모 open(a, 읽기) → open(b, 쓰기)     자식 open(b, 읽기) → open(a, 쓰기)
 *               부모는 a의 writer를, 자식은 b의 writer를 기다린다. 서로의 다음 open이 그 writer다.
 *   맞는 순서:  부모 open(a, 읽기) → open(b, 쓰기)     자식 open(a, 쓰기) → open(b, 읽기)
 *
 * 실행 (04-fifo 디렉터리에서):  ./experiments/wrong_open_order     (교착을 1초 기다려 보므로 1초쯤)
 * 출력:
 *   wrong_open_order: opposite order: parent still in open(a.fifo, O_RDONLY) after 1 s, child still in open(b.fifo, O_RDONLY): deadlock
 *   wrong_open_order: same order: parent read "ping", child read "pong"
 *
 * 읽을 man 페이지: man 7 fifo, man 2 open, man 2 alarm, man 7 signal
 */
#define _POSIX_C_SOURCE 200809L /* mkfifo, sigaction, waitpid는 POSIX에 있다 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROG "wrong_open_order"

static void on_alarm(int sig)
{
    (void)sig; /* 할 일은 없다: 잠든 open을 EINTR로 깨우는 것이 목적이다 */
}

static _Noreturn void die(const char *call)
{
    fprintf(stderr, PROG ": %s: %s\n", call, strerror(errno));
    unlink("a.fifo");
    unlink("b.fifo");
    exit(1);
}

/* path를 flags로 연다. seconds초 안에 반대쪽이 오지 않으면 SIGALRM이 open을 깨우고 -1/EINTR이다. */
static int open_within(const char *path, int flags, unsigned seconds)
{
    alarm(seconds);
    int fd = open(path, flags | O_CLOEXEC);
    int err = errno;
    alarm(0);
    if (fd == -1 && err != EINTR)
        die("open");
    errno = err;
    return fd;
}

/*
 * 한쪽 프로세스의 차례: first를, 그다음 second를 연다. 둘 다 열리면 1, 첫 open에서 멈췄으면 0.
 * 교착은 1초면 충분히 보인다 (아무도 더 나아갈 수 없다). 맞는 순서는 느린 컴퓨터를 위해 10초까지 기다린다.
 */
static int open_both(const char *first, int f1, const char *second, int f2, int fds[2], unsigned seconds)
{
    if ((fds[0] = open_within(first, f1, seconds)) == -1)
        return 0;
    if ((fds[1] = open_within(second, f2, seconds)) == -1)
        die("open (second)");
    return 1;
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파일로 읽는다: 한 줄씩 */
    if (argc > 1) {
        int help = strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0;
        fprintf(help ? stdout : stderr, "usage: " PROG "\n");
        return help ? 0 : 2;
    }
    struct sigaction sa = {.sa_handler = on_alarm}; /* SA_RESTART 없음: 잠든 open이 EINTR로 돌아온다 */
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGALRM, &sa, NULL) == -1)
        die("sigaction");
    if (mkfifo("a.fifo", 0600) == -1 || mkfifo("b.fifo", 0600) == -1)
        die("mkfifo");

    for (int same = 0; same <= 1; same++) {
        int sync[2]; /* 자식이 자기 결과를 부모에게 알리는 익명 파이프 */
        if (pipe(sync) == -1)
            die("pipe");
        pid_t pid = fork();
        if (pid == -1)
            die("fork");
        int fds[2], ok;
        char word[5] = "";
        if (pid == 0) { /* 자식: 틀린 순서면 b부터 읽기로, 맞는 순서면 a부터 쓰기로 */
            ok = same ? open_both("a.fifo", O_WRONLY, "b.fifo", O_RDONLY, fds, 10)
                      : open_both("b.fifo", O_RDONLY, "a.fifo", O_WRONLY, fds, 1);
            if (ok && same && (write(fds[0], "ping", 4) != 4 || read(fds[1], word, 4) != 4))
                _exit(1);
            _exit(write(sync[1], word, 4) == 4 ? 0 : 1); /* 자식이 읽은 말 (못 열었으면 NUL 네 개) */
        }
        ok = open_both("a.fifo", O_RDONLY, "b.fifo", O_WRONLY, fds, same ? 10 : 1); /* 부모: 늘 a 읽기, b 쓰기 */
        if (ok && (read(fds[0], word, 4) != 4 || write(fds[1], "pong", 4) != 4))
            die("read/write");
        char child_word[5] = "";
        int status;
        if (read(sync[0], child_word, 4) != 4 || waitpid(pid, &status, 0) == -1 || status != 0)
            die("child");
        if (same)
            printf(PROG ": same order: parent read \"%s\", child read \"%s\"\n", word, child_word);
        else
            printf(PROG ": opposite order: parent still in open(a.fifo, O_RDONLY) after 1 s, "
                   "child still in open(b.fifo, O_RDONLY): %s\n", ok || child_word[0] ? "no deadlock?" : "deadlock");
        if (ok && (close(fds[0]) == -1 || close(fds[1]) == -1))
            die("close");
        if (close(sync[0]) == -1 || close(sync[1]) == -1)
            die("close");
    }
    if (unlink("a.fifo") == -1 || unlink("b.fifo") == -1)
        die("unlink");
    return 0;
}
