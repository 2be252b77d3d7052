/*
 * 02-signal/experiments/one_wait_per_sigchld.c: 자식 셋이 끝나도 SIGCHLD는 한 번 온다. "SIGCHLD 한 번에
 * waitpid 한 번"은 좀비를 남긴다.
 *
 * SIGCHLD를 차단하고 자식 셋을 fork한다. 자식은 곧바로 끝난다. waitid(WNOWAIT)로 셋 모두 좀비가 된
 * 것을 (거두지 않고) 확인하면, SIGCHLD는 표준 시그널이라 보류 비트 하나로 합쳐져 있다. 좀비도 PID를
 * 가지고 있어서 kill은 성공한다 (시그널은 아무 데도 가지 않는다). 시그널 한 번에 waitpid 한 번이면 하나만
 * 거두고, WNOHANG 반복이 나머지를 거둔다. NOTES 8절 면접 질문 "좀비, 고아, SIGCHLD".
 *
 * 실행 (02-signal 디렉터리에서): make 02-signal && ./experiments/one_wait_per_sigchld
 *
 * 출력:
 *   one_wait_per_sigchld: 3 children exited and are zombies (waitid WNOWAIT)
 *   one_wait_per_sigchld: kill(zombie 4243, SIGTERM) = 0: a zombie still owns its PID
 *   one_wait_per_sigchld: SIGCHLD taken 1 time(s) for 3 exits
 *   one_wait_per_sigchld: one waitpid for that SIGCHLD reaped 1; 2 left as zombies
 *   one_wait_per_sigchld: a WNOHANG loop reaped the other 2
 *
 * 읽을 man 페이지: man 2 waitpid, man 2 waitid (WNOWAIT), man 7 signal, man 2 kill
 */
#define _POSIX_C_SOURCE 200809L /* waitid, sigtimedwait는 POSIX에 있다 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KIDS 3

static void die(const char *what)
{
    fprintf(stderr, "one_wait_per_sigchld: %s: %s\n", what, strerror(errno));
    exit(1);
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 한 줄씩: fork하기 전에 버퍼가 비어 있게 */
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: one_wait_per_sigchld   (no arguments)\n");
        return 0;
    }
    if (argc != 1) {
        fprintf(stderr, "usage: one_wait_per_sigchld   (no arguments)\n");
        return 2;
    }

    /* 1. SIGCHLD를 차단한다: 자식이 끝날 때 커널이 보내는 SIGCHLD가 보류된다. */
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    if (sigprocmask(SIG_BLOCK, &chld, NULL) == -1)
        die("sigprocmask");

    /* 2. 자식 셋. 곧바로 끝난다. 부모가 거둘 때까지 커널은 PID와 종료 상태를 남겨 둔다 (좀비). */
    pid_t kids[KIDS];
    for (int i = 0; i < KIDS; i++) {
        kids[i] = fork();
        if (kids[i] == -1)
            die("fork");
        if (kids[i] == 0)
            _exit(0);
    }
    /* 셋 모두 좀비가 될 때까지 기다린다. WNOWAIT: 알려만 주고 거두지 않는다. 커널은 좀비로 만드는
     * 바로 그 자리에서 SIGCHLD를 보내므로, 여기를 지나면 SIGCHLD 셋은 모두 보내졌다. */
    for (int i = 0; i < KIDS; i++) {
        siginfo_t si;
        if (waitid(P_PID, (id_t)kids[i], &si, WEXITED | WNOWAIT) == -1)
            die("waitid");
    }
    printf("one_wait_per_sigchld: %d children exited and are zombies (waitid WNOWAIT)\n", KIDS);

    /* 3. 좀비에게 kill: 성공한다. 끝난 프로세스라 아무 일도 일어나지 않는다. */
    if (kill(kids[0], SIGTERM) == -1)
        die("kill");
    printf("one_wait_per_sigchld: kill(zombie %ld, SIGTERM) = 0: a zombie still owns its PID\n", (long)kids[0]);

    /* 4. 보류된 SIGCHLD를 모두 꺼내 센다 (시간 0의 sigtimedwait). 셋이 하나로 합쳐져 있다. */
    const struct timespec zero = {0, 0};
    int signals = 0;
    while (sigtimedwait(&chld, NULL, &zero) == SIGCHLD)
        signals++;
    if (errno != EAGAIN)
        die("sigtimedwait");
    printf("one_wait_per_sigchld: SIGCHLD taken %d time(s) for %d exits\n", signals, KIDS);

    /* 5. 틀린 핸들러가 하는 일: 시그널 한 번에 waitpid 한 번. */
    int reaped = 0;
    for (int i = 0; i < signals; i++)
        if (waitpid(-1, NULL, WNOHANG) > 0)
            reaped++;
    printf("one_wait_per_sigchld: one waitpid for that SIGCHLD reaped %d; %d left as zombies\n", reaped,
           KIDS - reaped);

    /* 6. 맞는 방법: 거둘 것이 없을 때까지 (0: 살아 있는 자식만 남았다, -1/ECHILD: 자식이 없다). */
    int rest = 0;
    pid_t p;
    while ((p = waitpid(-1, NULL, WNOHANG)) > 0)
        rest++;
    if (p == -1 && errno != ECHILD)
        die("waitpid");
    printf("one_wait_per_sigchld: a WNOHANG loop reaped the other %d\n", rest);
    return 0;
}
