/*
 * 02-signal/experiments/uncatchable.c: SIGKILL과 SIGSTOP은 잡을 수도, 무시할 수도, 차단할 수도 없다.
 *
 * 둘에 핸들러를 달아 보고(sigaction), 무시로 바꿔 보고(SIG_IGN), 차단해 본다(sigprocmask).
 * 앞의 둘은 EINVAL로 실패한다. 차단은 오류 없이 "성공"하지만 커널이 두 시그널을 마스크에서 조용히
 * 뺀다. 비교로 SIGTERM은 셋 다 된다. 그래서 관리자는 말을 듣지 않는 프로세스도 끝내거나 멈출 수 있다.
 * NOTES 1.6절 "잡을 수 없는 둘: SIGKILL과 SIGSTOP".
 *
 * 실행 (02-signal 디렉터리에서): make 02-signal && ./experiments/uncatchable
 *
 * 출력:
 *   uncatchable: SIGTERM: handler ok, SIG_IGN ok, blocked yes
 *   uncatchable: SIGKILL: handler Invalid argument, SIG_IGN Invalid argument, blocked no (dropped silently)
 *   uncatchable: SIGSTOP: handler Invalid argument, SIG_IGN Invalid argument, blocked no (dropped silently)
 *
 * 읽을 man 페이지: man 7 signal, man 2 sigaction (ERRORS), man 2 sigprocmask (NOTES)
 */
#define _POSIX_C_SOURCE 200809L /* sigaction과 sigprocmask는 POSIX에 있다 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *what)
{
    fprintf(stderr, "uncatchable: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* 불리지 않는 핸들러. 달 수 있는지만 본다. */
static void on_signal(int signo)
{
    (void)signo;
}

/* sigaction의 결과를 말로: 성공이면 "ok", 실패면 strerror (EINVAL이면 "Invalid argument"). */
static const char *try_action(int signo, void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    return sigaction(signo, &sa, NULL) == 0 ? "ok" : strerror(errno);
}

static void try_all(const char *name, int signo)
{
    /* strerror의 결과는 다음 호출이 덮어쓸 수 있으니 복사해 둔다. */
    char handler[64], ignore[64];
    snprintf(handler, sizeof handler, "%s", try_action(signo, on_signal));
    snprintf(ignore, sizeof ignore, "%s", try_action(signo, SIG_IGN));

    /* 차단해 보고, 지금의 마스크를 읽어 정말 들어갔는지 본다. */
    sigset_t set, now;
    sigemptyset(&set);
    sigaddset(&set, signo);
    if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
        die("sigprocmask");
    if (sigprocmask(SIG_BLOCK, NULL, &now) == -1) /* set이 NULL이면 바꾸지 않고 읽기만 한다 */
        die("sigprocmask");
    int blocked = sigismember(&now, signo);
    printf("uncatchable: %s: handler %s, SIG_IGN %s, blocked %s\n", name, handler, ignore,
           blocked ? "yes" : "no (dropped silently)");
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 한 줄씩 내보낸다 */
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: uncatchable   (no arguments)\n");
        return 0;
    }
    if (argc != 1) {
        fprintf(stderr, "usage: uncatchable   (no arguments)\n");
        return 2;
    }
    try_all("SIGTERM", SIGTERM); /* 비교: 보통의 시그널은 셋 다 된다 */
    try_all("SIGKILL", SIGKILL);
    try_all("SIGSTOP", SIGSTOP);
    return 0;
}
