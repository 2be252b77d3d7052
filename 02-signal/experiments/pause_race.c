/*
 * 02-signal/experiments/pause_race.c: "플래그를 확인하고 pause()"는 시그널을 놓친다. sigsuspend는 놓치지 않는다.
 *
 * 흔한 코드 while (!got) pause(); 에는 틈이 있다. got을 확인한 뒤 pause()에 들어가기 전에 시그널이
 * 오면, 핸들러는 이미 got = 1을 했는데 pause()는 "다음" 시그널이 올 때까지 잔다. 보통은 드물게,
 * 부하가 있을 때만 일어난다. 여기서는 그 틈에 kill(getpid(), SIGUSR1)을 넣어 매번 일어나게 한다 (다른
 * 프로세스의 kill이 하필 그때 온 것과 같다). 각 방식을 자식 프로세스에서 돌리고, 1초 뒤 울리는
 * alarm을 감시견으로 둔다. 고친 방식은 시그널을 먼저 차단하고, 확인하고, sigsuspend로 "차단을 풀며
 * 잠들기"를 한 번에 한다: 틈에 온 시그널은 보류돼 있다가 곧바로 배달된다. NOTES 1.5절 "기다리기"와 6절 "흔한 실수".
 *
 * 실행 (02-signal 디렉터리에서): make 02-signal && ./experiments/pause_race
 *
 * 출력 (첫 줄까지 1초 걸린다):
 *   pause_race: check, then pause(): still asleep after 1 s: the signal came before the sleep and was lost
 *   pause_race: block, check, then sigsuspend(): woke at once: the signal was not lost
 *
 * 읽을 man 페이지: man 2 pause, man 2 sigsuspend, man 2 sigprocmask, man 2 alarm
 */
#define _POSIX_C_SOURCE 200809L /* sigaction, sigsuspend는 POSIX에 있다 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got; /* 핸들러가 1로 만든다 */

static void on_usr1(int signo)
{
    (void)signo;
    got = 1;
}

static void die(const char *what)
{
    fprintf(stderr, "pause_race: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* 틀린 방식: 확인한 뒤 잠든다. */
static void wait_with_pause(void)
{
    while (!got) {
        if (kill(getpid(), SIGUSR1) == -1) /* 틈: 시그널이 여기서 온다. 차단돼 있지 않으니 kill이 */
            die("kill");                  /* 돌아오기 전에 핸들러가 돌아 got = 1 ... */
        pause();        /* ... 그런데도 pause는 다음 시그널까지 잔다 (감시견의 SIGALRM이 끝낸다) */
    }
}

/* 맞는 방식: 차단 → 확인 → sigsuspend(차단 전의 마스크). */
static void wait_with_sigsuspend(void)
{
    sigset_t usr1, old;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    if (sigprocmask(SIG_BLOCK, &usr1, &old) == -1)
        die("sigprocmask");
    while (!got) {
        if (kill(getpid(), SIGUSR1) == -1) /* 같은 틈. 차단돼 있으니 배달되지 않고 보류된다 */
            die("kill");
        sigsuspend(&old); /* 차단을 풀면서 잠든다: 보류된 것이 곧바로 배달되고 -1/EINTR로 돌아온다 */
    }
    if (sigprocmask(SIG_SETMASK, &old, NULL) == -1)
        die("sigprocmask");
}

/* 자식 프로세스에서 wait_fn을 돌리고, 1초 안에 깨어났는지 본다. */
static void run(const char *what, void (*wait_fn)(void))
{
    pid_t child = fork();
    if (child == -1)
        die("fork");
    if (child == 0) {
        alarm(1); /* 감시견: 1초 뒤 SIGALRM (기본 동작: 종료) */
        wait_fn();
        _exit(0);
    }
    int status;
    if (waitpid(child, &status, 0) == -1)
        die("waitpid");
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        printf("pause_race: %s: still asleep after 1 s: the signal came before the sleep and was lost\n", what);
    else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        printf("pause_race: %s: woke at once: the signal was not lost\n", what);
    else
        printf("pause_race: %s: unexpected end (status 0x%x)\n", what, (unsigned)status);
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 한 줄씩: 자식을 fork하기 전에 버퍼가 비어 있게 */
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: pause_race   (no arguments)\n");
        return 0;
    }
    if (argc != 1) {
        fprintf(stderr, "usage: pause_race   (no arguments)\n");
        return 2;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGUSR1, &sa, NULL) == -1) /* 자식들은 이 핸들러를 물려받는다 */
        die("sigaction");

    run("check, then pause()", wait_with_pause);
    run("block, check, then sigsuspend()", wait_with_sigsuspend);
    return 0;
}
