/*
 * 02-signal/experiments/kernel_sent_signal.c: 커널이 보내는 시그널에는 보낸 PID가 없다.
 *
 * 파이프의 읽는 끝에 O_ASYNC를 켜고 F_SETOWN으로 주인(시그널을 받을 프로세스)을, F_SETSIG로 보낼
 * 시그널(SIGUSR1)을 정한 뒤 한 바이트를 쓴다. 그러면 커널이 "읽을 것이 생겼다"고 주인에게 SIGUSR1을
 * 보낸다. si_code는 POLL_IN(양수: 커널이 만든 시그널)이고 siginfo_t의 union에는 si_pid가 아니라
 * si_band와 si_fd가 들어 있다. 그 자리를 si_pid로 읽으면 65(POLLIN|POLLRDNORM)라는 "PID"가 나온다.
 * PID를 주면 그 프로세스(예: ./server)를 주인으로 삼는다: server는 "from the kernel" 이라고만 알린다.
 * NOTES 1.1절 "시그널 하나가 나르는 것". 리눅스 전용이다 (F_SETSIG).
 *
 * 실행 (02-signal 디렉터리에서): make 02-signal && ./experiments/kernel_sent_signal
 *                               ./experiments/kernel_sent_signal PID     (PID: ./server의 준비 줄)
 * 출력:
 *   kernel_sent_signal: SIGUSR1 with si_code 1 (POLL_IN), si_band 65, si_fd 3
 *   kernel_sent_signal: read as si_pid the same bytes say 65: not a PID (si_pid means something only
 *       for SI_USER and SI_QUEUE)
 *   kernel_sent_signal: wrote 1 byte: the kernel sent SIGUSR1 to pid 4242 (si_code POLL_IN)   (PID를 준 때)
 *
 * 읽을 man 페이지: man 2 fcntl (F_SETOWN, F_SETSIG), man 2 sigaction (siginfo_t), man 7 signal
 */
#define _GNU_SOURCE /* F_SETSIG와 POLL_IN은 리눅스 확장이다 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static void die(const char *what)
{
    fprintf(stderr, "kernel_sent_signal: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void usage(FILE *to)
{
    fprintf(to, "usage: kernel_sent_signal [PID]   (default: this process)\n");
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 한 줄씩 내보낸다 */
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        usage(stdout);
        return 0;
    }
    pid_t owner = getpid();
    if (argc == 2) {
        char *end;
        errno = 0;
        long n = strtol(argv[1], &end, 10);
        if (errno != 0 || end == argv[1] || *end != '\0' || n < 1 || n > INT_MAX) {
            usage(stderr);
            return 2;
        }
        owner = (pid_t)n;
    } else if (argc > 2) {
        usage(stderr);
        return 2;
    }
    int self = owner == getpid();

    /* 자기가 받을 때: 먼저 차단해 둔다. 시그널은 보류되고, 아래의 sigwaitinfo가 꺼낸다. */
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    if (self && sigprocmask(SIG_BLOCK, &usr1, NULL) == -1)
        die("sigprocmask");

    int fds[2];
    if (pipe2(fds, O_CLOEXEC) == -1)
        die("pipe2");
    /*
     * 읽는 끝에 알림을 건다. F_SETOWN: 누구에게 보낼까 (권한은 kill과 비슷하게 같은 사용자여야 한다).
     * F_SETSIG: 무엇을 보낼까 (0이 아니면 커널이 si_code, si_band, si_fd를 채운 siginfo를 함께 보낸다).
     * O_ASYNC: 이 파일 디스크립터에 읽을 것이 생기면 알려 달라.
     */
    if (fcntl(fds[0], F_SETOWN, owner) == -1)
        die("fcntl(F_SETOWN)");
    if (fcntl(fds[0], F_SETSIG, SIGUSR1) == -1)
        die("fcntl(F_SETSIG)");
    int flags = fcntl(fds[0], F_GETFL);
    if (flags == -1 || fcntl(fds[0], F_SETFL, flags | O_ASYNC) == -1)
        die("fcntl(O_ASYNC)");

    /* 한 바이트를 쓴다. write가 돌아올 때 커널은 이미 주인에게 SIGUSR1을 보냈다 (보류 집합에 있다). */
    if (write(fds[1], "x", 1) != 1)
        die("write");
    /* 읽는 끝을 먼저 닫는다. 쓰는 끝이 먼저 닫히면 커널은 "EOF를 읽을 수 있다"고 한 번 더 알린다. */
    if (close(fds[0]) == -1 || close(fds[1]) == -1)
        die("close");
    if (!self) {
        printf("kernel_sent_signal: wrote 1 byte: the kernel sent SIGUSR1 to pid %ld (si_code POLL_IN)\n", (long)owner);
        return 0;
    }

    siginfo_t si;
    if (sigwaitinfo(&usr1, &si) == -1)
        die("sigwaitinfo");
    printf("kernel_sent_signal: SIGUSR1 with si_code %d (%s), si_band %ld, si_fd %d\n", si.si_code,
           si.si_code == POLL_IN ? "POLL_IN" : "?", si.si_band, si.si_fd);
    /* 잘못된 읽기를 일부러 한다: union의 같은 바이트를 si_pid로 본다. server는 이것을 하지 않는다. */
    printf("kernel_sent_signal: read as si_pid the same bytes say %ld: not a PID (si_pid means something only"
           " for SI_USER and SI_QUEUE)\n",
           (long)si.si_pid);
    return 0;
}
