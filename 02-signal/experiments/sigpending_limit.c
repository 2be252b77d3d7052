/*
 * 02-signal/experiments/sigpending_limit.c: 실시간 시그널 큐의 한도(RLIMIT_SIGPENDING)에서 sigqueue와
 * kill은 다르게 군다.
 *
 * 자기 자신의 RLIMIT_SIGPENDING을 LIMIT(기본 4)로 낮추고 SIGRTMIN을 차단한 뒤 스스로에게 보낸다.
 * sigqueue는 한도에서 EAGAIN으로 실패한다. kill은 실패하지 않는다: 커널은 기록(siginfo) 없이 보류
 * 비트만 세운다. 기록이 남은 SIGRTMIN이 있으면 넘친 kill은 흔적 없이 사라지고, 하나도 없으면
 * (한도 0) 몇 번을 보냈든 한 번만 나오며 보낸 PID는 0이다. NOTES 1.3절의 접힌 글 "한도를 넘으면".
 *
 * 실행 (02-signal 디렉터리에서): make 02-signal && ./experiments/sigpending_limit 4
 *
 * 출력 (한도는 이 사용자의 모든 프로세스의 보류 기록을 함께 센다: 다른 것이 있으면 더 일찍 찬다):
 *   sigpending_limit: RLIMIT_SIGPENDING lowered to 4 in pid 4242, SIGRTMIN (34) blocked
 *   sigpending_limit: sigqueue #5: Resource temporarily unavailable (EAGAIN) after 4 queued
 *   sigpending_limit: kill x3 past the limit: all returned 0
 *   sigpending_limit: SIGRTMIN from pid 4242 (sigqueue, value 1)
 *   ...
 *   sigpending_limit: taken 4 (0 by kill): the 3 kills past the limit left no trace
 *   sigpending_limit: RLIMIT_SIGPENDING lowered to 0: sigqueue: Resource temporarily unavailable (EAGAIN)
 *   sigpending_limit: kill x3 with limit 0: all returned 0
 *   sigpending_limit: SIGRTMIN from pid 0 (kill)
 *   sigpending_limit: taken 1 (1 by kill): 3 kills merged into one, without the sender's PID
 *
 * 읽을 man 페이지: man 2 setrlimit (RLIMIT_SIGPENDING), man 3 sigqueue, man 2 kill, man 7 signal
 */
#define _POSIX_C_SOURCE 200809L /* sigqueue, sigtimedwait, SIGRTMIN, setrlimit은 POSIX에 있다 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
    fprintf(stderr, "sigpending_limit: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* 이 프로세스의 RLIMIT_SIGPENDING을 낮춘다. 낮추기는 누구나 할 수 있다 (높이기는 hard 한도까지). */
static void set_limit(rlim_t limit)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_SIGPENDING, &rl) == -1)
        die("getrlimit");
    rl.rlim_cur = limit;
    if (setrlimit(RLIMIT_SIGPENDING, &rl) == -1)
        die("setrlimit");
}

/* kill을 세 번. 한도와 상관없이 늘 0이어야 한다. */
static void kill_three_times(void)
{
    for (int i = 0; i < 3; i++)
        if (kill(getpid(), SIGRTMIN) == -1)
            die("kill");
}

/* 보류된 SIGRTMIN을 모두 꺼내 하나씩 알리고 그 수를 돌려준다 (시간 0의 sigtimedwait: 없으면 EAGAIN).
 * *by_kill에는 그중 kill로 온 것(SI_USER)의 수. */
static long take_all(const sigset_t *set, long *by_kill)
{
    const struct timespec zero = {0, 0};
    long taken = 0;
    *by_kill = 0;
    for (;;) {
        siginfo_t si;
        if (sigtimedwait(set, &si, &zero) == -1) {
            if (errno == EAGAIN)
                return taken;
            if (errno == EINTR)
                continue;
            die("sigtimedwait");
        }
        taken++;
        if (si.si_code == SI_QUEUE)
            printf("sigpending_limit: SIGRTMIN from pid %ld (sigqueue, value %d)\n", (long)si.si_pid,
                   si.si_value.sival_int);
        else
            printf("sigpending_limit: SIGRTMIN from pid %ld (kill)\n", (long)si.si_pid);
        if (si.si_code == SI_USER)
            (*by_kill)++;
    }
}

int main(int argc, char *argv[])
{
    long limit = 4;
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 한 줄씩 내보낸다 */
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: sigpending_limit [LIMIT]   (LIMIT: 1..1000, default 4)\n");
        return 0;
    }
    if (argc == 2) {
        char *end;
        errno = 0;
        limit = strtol(argv[1], &end, 10);
        if (errno != 0 || end == argv[1] || *end != '\0' || limit < 1 || limit > 1000)
            argc = 3; /* 틀린 LIMIT: 아래에서 사용법 */
    }
    if (argc > 2) {
        fprintf(stderr, "usage: sigpending_limit [LIMIT]   (LIMIT: 1..1000, default 4)\n");
        return 2;
    }

    /* 1. SIGRTMIN을 차단하고 (보낸 것이 배달되지 않고 쌓이게), 한도를 낮춘다. */
    sigset_t rt;
    sigemptyset(&rt);
    sigaddset(&rt, SIGRTMIN);
    if (sigprocmask(SIG_BLOCK, &rt, NULL) == -1)
        die("sigprocmask");
    set_limit((rlim_t)limit);
    printf("sigpending_limit: RLIMIT_SIGPENDING lowered to %ld in pid %ld, SIGRTMIN (%d) blocked\n", limit,
           (long)getpid(), SIGRTMIN);

    /* 2. sigqueue로 한도를 넘을 때까지. 한도는 받는 쪽 사용자의 보류 기록 전체로 재므로 limit+1 번
     *    안에 반드시 EAGAIN이 온다. */
    long queued = 0;
    for (long i = 1; i <= limit + 1; i++) {
        union sigval v;
        memset(&v, 0, sizeof v);
        v.sival_int = (int)i;
        if (sigqueue(getpid(), SIGRTMIN, v) == -1) {
            if (errno != EAGAIN)
                die("sigqueue");
            printf("sigpending_limit: sigqueue #%ld: %s (EAGAIN) after %ld queued\n", i, strerror(errno), queued);
            break;
        }
        queued++;
    }

    /* 3. 같은 한도에서 kill: 실패하지 않는다. 기록 없이 보류 비트만 선다. */
    kill_three_times();
    printf("sigpending_limit: kill x3 past the limit: all returned 0\n");
    /* 보통은 sigqueue의 기록만 나온다. 그 사이에 이 사용자의 다른 보류 시그널이 배달돼 자리가 났다면
     * kill도 기록을 남길 수 있고, 아무것도 queue하지 못했다면 kill 셋은 하나로 나온다. 그대로 센다. */
    long by_kill;
    long taken = take_all(&rt, &by_kill);
    printf("sigpending_limit: taken %ld (%ld by kill): %s\n", taken, by_kill,
           by_kill == 0 ? "the 3 kills past the limit left no trace" : "room was freed, or nothing was queued");

    /* 4. 한도 0: 기록은 하나도 들어가지 못한다. sigqueue는 EAGAIN, kill은 비트 하나만 남긴다. */
    set_limit(0);
    union sigval v;
    memset(&v, 0, sizeof v);
    v.sival_int = 7;
    if (sigqueue(getpid(), SIGRTMIN, v) == 0) {
        fprintf(stderr, "sigpending_limit: sigqueue with limit 0 succeeded?\n");
        return 1;
    }
    if (errno != EAGAIN)
        die("sigqueue");
    printf("sigpending_limit: RLIMIT_SIGPENDING lowered to 0: sigqueue: %s (EAGAIN)\n", strerror(errno));
    kill_three_times();
    printf("sigpending_limit: kill x3 with limit 0: all returned 0\n");
    taken = take_all(&rt, &by_kill);
    printf("sigpending_limit: taken %ld (%ld by kill): 3 kills merged into one, without the sender's PID\n", taken,
           by_kill);
    return 0;
}
