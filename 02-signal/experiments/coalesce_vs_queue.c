/*
 * 02-signal/experiments/coalesce_vs_queue.c: 차단해 둔 동안 같은 시그널을 N 번 보내면 몇 번 오는가.
 *
 * SIGUSR1과 SIGRTMIN을 차단한 뒤, 자식 프로세스가 둘을 sigqueue로 N 번씩 (값 1..N) 보내고 끝난다.
 * 표준 시그널(SIGUSR1)은 보류 비트가 하나뿐이라 하나로 합쳐지고 (값도 첫 번째 것만 남는다),
 * 실시간 시그널(SIGRTMIN)은 N 개가 큐에 쌓여 값과 함께 보낸 순서대로 나온다. 보낸 자식이 이미
 * 끝났어도 시그널은 남아 있다. NOTES 1.3절 "표준 시그널은 합쳐지고, 실시간 시그널은 쌓인다".
 *
 * 실행 (02-signal 디렉터리에서): make 02-signal && ./experiments/coalesce_vs_queue 5
 *
 * 출력:
 *   coalesce_vs_queue: SIGUSR1 and SIGRTMIN (34) blocked in pid 4242
 *   coalesce_vs_queue: child 4243 sent SIGUSR1 and SIGRTMIN 5 times each (sigqueue, values 1..5) and exited
 *   coalesce_vs_queue: pending: SIGUSR1 yes, SIGRTMIN yes
 *   coalesce_vs_queue: SIGUSR1 from pid 4243 (value 1)
 *   coalesce_vs_queue: SIGRTMIN from pid 4243 (value 1)
 *   ...
 *   coalesce_vs_queue: SIGRTMIN from pid 4243 (value 5)
 *   coalesce_vs_queue: taken SIGUSR1 x1, SIGRTMIN x5 (sent 5 each)
 *
 * 읽을 man 페이지: man 7 signal ("Real-time signals"), man 3 sigqueue, man 2 sigtimedwait, man 2 sigpending
 */
#define _POSIX_C_SOURCE 200809L /* sigqueue, sigtimedwait, SIGRTMIN은 POSIX 실시간 확장이다 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_N 10000L /* 실시간 시그널의 큐는 사용자마다 RLIMIT_SIGPENDING(ulimit -i)까지다 */

static void die(const char *what)
{
    fprintf(stderr, "coalesce_vs_queue: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void usage(FILE *to)
{
    fprintf(to, "usage: coalesce_vs_queue [N]   (N: 1..%ld, default 5)\n", MAX_N);
}

int main(int argc, char *argv[])
{
    long n = 5;
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 한 줄씩 내보낸다 */
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc == 2) {
        char *end;
        errno = 0;
        n = strtol(argv[1], &end, 10);
        if (errno != 0 || end == argv[1] || *end != '\0' || n < 1 || n > MAX_N) {
            usage(stderr);
            return 2;
        }
    } else if (argc > 2) {
        usage(stderr);
        return 2;
    }

    /* 1. 둘을 차단한다. 이제 온 것은 배달되지 않고 보류된다. */
    sigset_t both;
    sigemptyset(&both);
    sigaddset(&both, SIGUSR1);
    sigaddset(&both, SIGRTMIN);
    if (sigprocmask(SIG_BLOCK, &both, NULL) == -1)
        die("sigprocmask");
    printf("coalesce_vs_queue: SIGUSR1 and SIGRTMIN (%d) blocked in pid %ld\n", SIGRTMIN, (long)getpid());

    /* 2. 다른 프로세스(자식)가 보낸다: 같은 방법(sigqueue), 같은 값, 번갈아. 다른 것은 종류뿐이다. */
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == -1)
        die("fork");
    if (child == 0) {
        for (long i = 1; i <= n; i++) {
            union sigval v;
            memset(&v, 0, sizeof v);
            v.sival_int = (int)i;
            if (sigqueue(parent, SIGUSR1, v) == -1 || sigqueue(parent, SIGRTMIN, v) == -1) {
                fprintf(stderr, "coalesce_vs_queue: child: sigqueue: %s\n", strerror(errno));
                _exit(1); /* 자식은 exit가 아니라 _exit: 부모의 stdio 버퍼를 두 번 비우지 않는다 */
            }
        }
        _exit(0);
    }
    /* 자식이 끝날 때까지 기다린다. 돌아오면 sigqueue는 모두 끝났고, 시그널은 모두 보류 집합에 있다. */
    int status;
    if (waitpid(child, &status, 0) == -1)
        die("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "coalesce_vs_queue: the sending child failed\n");
        return 1;
    }
    printf("coalesce_vs_queue: child %ld sent SIGUSR1 and SIGRTMIN %ld times each (sigqueue, values 1..%ld) and exited\n",
           (long)child, n, n);

    /* 3. 보류 집합은 "있다/없다"만 말한다. 몇 개인지는 말하지 않는다. */
    sigset_t pending;
    if (sigpending(&pending) == -1)
        die("sigpending");
    printf("coalesce_vs_queue: pending: SIGUSR1 %s, SIGRTMIN %s\n", sigismember(&pending, SIGUSR1) ? "yes" : "no",
           sigismember(&pending, SIGRTMIN) ? "yes" : "no");

    /*
     * 4. 하나씩 꺼낸다. 차단을 풀어 핸들러로 받는 대신 sigtimedwait로 동기적으로 받는다: 커널이 배달할
     *    때 꺼내는 것과 같은 보류 집합에서, 한 번에 하나씩. 시간 0이면 남은 것이 없을 때 EAGAIN.
     *    리눅스는 번호가 낮은 것부터 내준다: SIGUSR1(10)이 SIGRTMIN들보다 먼저다.
     */
    long got_usr1 = 0, got_rt = 0;
    const struct timespec zero = {0, 0};
    for (;;) {
        siginfo_t si;
        int signo = sigtimedwait(&both, &si, &zero);
        if (signo == -1) {
            if (errno == EAGAIN)
                break; /* 보류된 것이 더 없다 */
            if (errno == EINTR)
                continue;
            die("sigtimedwait");
        }
        printf("coalesce_vs_queue: %s from pid %ld (value %d)\n", signo == SIGUSR1 ? "SIGUSR1" : "SIGRTMIN",
               (long)si.si_pid, si.si_value.sival_int);
        if (signo == SIGUSR1)
            got_usr1++;
        else
            got_rt++;
    }
    printf("coalesce_vs_queue: taken SIGUSR1 x%ld, SIGRTMIN x%ld (sent %ld each)\n", got_usr1, got_rt, n);
    return 0;
}
