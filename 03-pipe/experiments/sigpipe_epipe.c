/*
 * 03-pipe/experiments/sigpipe_epipe.c: 읽는 끝이 모두 닫힌 파이프에 쓰면 커널은 쓴 프로세스에게
 * SIGPIPE를 보낸다. 기본 동작은 종료다. 시그널을 무시하거나(SIG_IGN), 잡거나(핸들러), 차단해
 * 두었다면 프로세스는 살아 있고 write()가 -1/EPIPE를 돌려준다. NOTES 1절, 6절 "흔한 실수" ③.
 *
 * 네 경우를 자식 프로세스 하나씩에서 차례로 본다. 자식은 SIGPIPE를 그 경우대로 설정하고, 파이프를
 * 만들어 읽는 끝을 닫은 뒤 1바이트를 쓴다. 읽는 끝을 먼저 닫으므로 언제 돌려도 결과가 같다.
 *
 * 실행 (03-pipe 디렉터리에서): ./experiments/sigpipe_epipe
 *
 * 출력:
 *   default: the writer was killed by signal 13 (Broken pipe)
 *   ignored: write: Broken pipe (EPIPE)
 *   caught: write: Broken pipe (EPIPE); the handler ran
 *   blocked: write: Broken pipe (EPIPE); SIGPIPE is pending
 *
 * 읽을 man 페이지: man 7 pipe, man 2 write (EPIPE), man 7 signal, man 2 sigpending
 */
#define _POSIX_C_SOURCE 200809L /* sigaction(), sigprocmask(), strsignal() */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t handled; /* 핸들러는 이 플래그만 세운다 */

static void on_sigpipe(int sig)
{
    (void)sig;
    handled = 1;
}

/* 자식: how대로 SIGPIPE를 설정하고, 읽는 쪽이 없는 파이프에 쓴다. 살아남으면 write의 결과를 알린다. */
static _Noreturn void child(const char *how)
{
    struct sigaction sa = {.sa_handler = SIG_DFL};
    sigset_t pipe_only, pending;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    if (strcmp(how, "ignored") == 0)
        sa.sa_handler = SIG_IGN;
    if (strcmp(how, "caught") == 0)
        sa.sa_handler = on_sigpipe;
    if (sigaction(SIGPIPE, &sa, NULL) == -1 ||
        (strcmp(how, "blocked") == 0 && sigprocmask(SIG_BLOCK, &pipe_only, NULL) == -1))
        _exit(100);

    int p[2];
    if (pipe(p) == -1 || close(p[0]) == -1) /* 읽는 끝을 가리키는 fd가 이제 하나도 없다 */
        _exit(100);
    ssize_t n = write(p[1], "x", 1); /* default: 커널이 여기서 SIGPIPE로 이 프로세스를 끝낸다 */
    int err = errno;
    if (sigpending(&pending) == -1)
        _exit(100);
    printf("%s: write: %s%s%s%s\n", how, n == -1 ? strerror(err) : "succeeded",
           n == -1 && err == EPIPE ? " (EPIPE)" : "", handled ? "; the handler ran" : "",
           sigismember(&pending, SIGPIPE) ? "; SIGPIPE is pending" : "");
    fflush(stdout);
    _exit(n == -1 && err == EPIPE ? 0 : 1);
}

int main(int argc, char *argv[])
{
    static const char *const cases[] = {"default", "ignored", "caught", "blocked"};
    int failed = 0;

    if (argc > 1) {
        int help = strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0;
        fprintf(help ? stdout : stderr, "usage: sigpipe_epipe   (인자 없음)\n");
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* fork 전에 버퍼가 비어 있어야 자식이 같은 줄을 또 내보내지 않는다 */
    for (int i = 0; i < 4; i++) {
        pid_t pid = fork();
        if (pid == -1) {
            perror("sigpipe_epipe: fork");
            return 1;
        }
        if (pid == 0)
            child(cases[i]);
        int status;
        if (waitpid(pid, &status, 0) == -1) {
            perror("sigpipe_epipe: waitpid");
            return 1;
        }
        if (WIFSIGNALED(status))
            printf("%s: the writer was killed by signal %d (%s)\n", cases[i], WTERMSIG(status),
                   strsignal(WTERMSIG(status)));
        failed |= i == 0 ? !(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE)
                         : !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    return failed;
}
