/*
 * 04-fifo/experiments/open_waits_for_peer.c: FIFO의 막히는(blocking) open()은 반대쪽 끝을 누군가
 * 열 때까지 잠든다. 읽기로 열면 writer를, 쓰기로(-w) 열면 reader를 기다린다. NOTES.md 1.2절.
 *
 * 실행 (04-fifo 디렉터리에서, 터미널 두 개):
 *   ./experiments/open_waits_for_peer          ./wait.fifo를 만들고 읽기로 연다: 잠든다
 *   echo hi > wait.fifo                        (다른 터미널) 쓰는 쪽이 오면 open이 돌아온다
 *   ./experiments/open_waits_for_peer -w       쓰기로 연다: cat wait.fifo가 올 때까지 잠든다
 *   Ctrl-C (SIGINT), SIGTERM, SIGHUP           잠든 open이 EINTR로 돌아오고 FIFO를 지운다
 * 출력:
 *   open_waits_for_peer: open("./wait.fifo", O_RDONLY) sleeps until someone opens it for writing
 *   open_waits_for_peer: open() returned: the other end is open now
 *   open_waits_for_peer: read "hi\x0a", then read() = 0 (EOF): the writer closed
 *
 * 잠든 곳은 /proc/PID/stat의 상태 S, /proc/PID/wchan의 wait_for_partner (리눅스 fs/pipe.c).
 * 읽을 man 페이지: man 7 fifo, man 2 open, man 7 signal ("Interruption of system calls")
 */
#define _POSIX_C_SOURCE 200809L /* mkfifo, sigaction은 POSIX에 있다 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROG "open_waits_for_peer"

static volatile sig_atomic_t stop_signal; /* 핸들러는 이것만 적는다 */

static void on_signal(int sig)
{
    stop_signal = sig;
}

static const char *path = "./wait.fifo";
static int made; /* mkfifo가 성공한 뒤부터 1: 그때부터 끝날 때 이름을 지운다 */

static _Noreturn void die(const char *call)
{
    fprintf(stderr, PROG ": %s: %s\n", call, strerror(errno));
    if (made)
        unlink(path); /* 이 실험이 만든 이름이다 */
    exit(1);
}

int main(int argc, char *argv[])
{
    int writer = 0;
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파일로 읽는다: 한 줄씩 */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            printf("usage: " PROG " [-w] [FIFO]\nMakes FIFO (default ./wait.fifo) and opens it for reading"
                   " (-w: for writing)\nwithout O_NONBLOCK: open() sleeps until the other end is opened.\n");
            return 0;
        } else if (strcmp(argv[i], "-w") == 0) {
            writer = 1;
        } else if (argv[i][0] != '-' && i == argc - 1) {
            path = argv[i];
        } else {
            fprintf(stderr, "usage: " PROG " [-w] [FIFO]\n");
            return 2;
        }
    }

    /*
     * SA_RESTART를 주지 않는다. 있으면 커널은 시그널 핸들러가 돈 뒤 잠든 FIFO open을 처음부터 다시
     * 시작해서 계속 재운다 (man 7 signal: open(2)은 "if it can block (e.g., when opening a FIFO)"
     * 다시 시작되는 호출이다). 없으면 open이 -1/EINTR로 돌아오고, 그러면 FIFO를 지우고 끝낼 수 있다.
     */
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1 ||
        sigaction(SIGHUP, &sa, NULL) == -1)
        die("sigaction");
    if (mkfifo(path, 0600) == -1) /* 이미 있으면 EEXIST: 남의 이름은 지우지 않는다 */
        die("mkfifo");
    made = 1;

    printf(PROG ": open(\"%s\", %s) sleeps until someone opens it for %s\n", path,
           writer ? "O_WRONLY" : "O_RDONLY", writer ? "reading" : "writing");
    /*
     * O_NONBLOCK이 없다: 반대쪽이 하나도 없으면 커널은 이 프로세스를 재운다. 여기에는 틈이 하나 있다:
     * 위의 printf와 open 사이에 온 시그널은 핸들러만 돌리고, open은 그 뒤에 잠든다. 막히는 open에는
     * ppoll처럼 "마스크를 바꾸며 잠드는" 형태가 없다. 그래서 테스트는 잠든(S) 것을 본 뒤에 시그널을 보낸다.
     */
    int fd = stop_signal ? -1 : open(path, (writer ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
    if (fd == -1 && (stop_signal || errno == EINTR)) {
        printf(PROG ": signal %d: open() returned -1 EINTR (no SA_RESTART); removing %s\n", (int)stop_signal, path);
        unlink(path);
        return 0;
    }
    if (fd == -1)
        die("open");
    printf(PROG ": open() returned: the other end is open now\n");

    if (writer) {
        const char msg[] = "hello from the writer\n";
        if (write(fd, msg, sizeof msg - 1) != (ssize_t)(sizeof msg - 1)) /* PIPE_BUF 이하: 통째로 */
            die("write");
        printf(PROG ": wrote %zu bytes\n", sizeof msg - 1);
    } else {
        /* 쓰는 쪽이 모두 닫을 때까지 읽는다: 그때 read는 0(EOF)을 돌려준다 */
        char buf[256];
        ssize_t n;
        printf(PROG ": read \"");
        while ((n = read(fd, buf, sizeof buf)) > 0)
            for (ssize_t i = 0; i < n; i++) /* 남이 쓴 바이트: 인쇄할 수 있는 ASCII만 그대로 */
                printf(buf[i] >= 0x20 && buf[i] < 0x7f && buf[i] != '"' && buf[i] != '\\' ? "%c" : "\\x%02x",
                       (unsigned char)buf[i]);
        if (n == -1)
            die("read");
        printf("\", then read() = 0 (EOF): the writer closed\n");
    }
    if (close(fd) == -1)
        die("close");
    if (unlink(path) == -1) /* 이름은 unlink할 때까지 남는다: 파이프 객체는 fd와 함께 이미 사라졌다 */
        die("unlink");
    return 0;
}
