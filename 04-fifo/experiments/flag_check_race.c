/*
 * 04-fifo/experiments/flag_check_race.c: "멈추라는 플래그를 검사한 뒤 막히는 read로 잠든다"에는
 * 틈이 있다. 검사 바로 뒤에 온 SIGTERM은 핸들러만 돌리고, read는 그대로 잠든다 (server라면 다음
 * 요청이 올 때까지). 시그널을 차단해 두고 ppoll(..., &orig)로 잠들면 그 틈이 없다. NOTES.md 1.6절.
 *
 * 진짜 틈은 명령어 두 개 사이라 테스트로 맞힐 수 없다. 그래서 이 실험은 "하필 그 순간 시그널이
 * 온다"를 raise(SIGTERM)으로 그 자리에 직접 놓는다 (자기에게 보낸, 차단되지 않은 시그널은 raise가
 * 돌아오기 전에 배달된다). 잠든 read를 끝내는 것은 1초 뒤의 SIGALRM이다.
 *
 * 실행 (04-fifo 디렉터리에서):  ./experiments/flag_check_race      (1초쯤 걸린다)
 * 출력:
 *   flag_check_race: check, SIGTERM, read(): the handler ran, yet read() slept until SIGALRM (1 s)
 *   flag_check_race: block, check, SIGTERM, ppoll(&orig): ppoll() returned EINTR at once
 *
 * 읽을 man 페이지: man 2 poll (ppoll), man 2 sigprocmask, man 7 signal, man 3 raise
 */
#define _GNU_SOURCE /* ppoll(): glibc는 _GNU_SOURCE에서 선언한다 (POSIX.1-2024에 들어갔다) */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROG "flag_check_race"

static volatile sig_atomic_t stop_signal, alarm_rang; /* 핸들러는 이것만 적는다 */

static void on_signal(int sig)
{
    if (sig == SIGALRM)
        alarm_rang = 1;
    else
        stop_signal = sig;
}

static const char *path = "./race.fifo";
static int made;

static _Noreturn void die(const char *call)
{
    fprintf(stderr, PROG ": %s: %s\n", call, strerror(errno));
    if (made)
        unlink(path);
    exit(1);
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파일로 읽는다: 한 줄씩 */
    if (argc > 1) {
        int help = strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0;
        fprintf(help ? stdout : stderr, "usage: " PROG "\n");
        return help ? 0 : 2;
    }
    struct sigaction sa = {.sa_handler = on_signal}; /* SA_RESTART 없음: 잠든 호출은 EINTR로 돌아온다 */
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGTERM, &sa, NULL) == -1 || sigaction(SIGALRM, &sa, NULL) == -1)
        die("sigaction");
    /* 빈 FIFO와 여분의 writer: read는 EOF를 보지 않고 데이터를 기다리며 잠든다 (server와 같다) */
    if (mkfifo(path, 0600) == -1)
        die("mkfifo");
    made = 1;
    int r = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    int w = r == -1 ? -1 : open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (w == -1 || fcntl(r, F_SETFL, 0) == -1) /* 읽기만 막히는 모드로 */
        die("open");

    /* 1. 틀린 모양: 검사 → (시그널) → 막히는 read */
    char c;
    alarm(1); /* 안전판: 1초 뒤 SIGALRM이 read를 EINTR로 깨운다 */
    if (!stop_signal) {
        raise(SIGTERM);                      /* 하필 지금 온 SIGTERM: 핸들러가 돌고 stop_signal이 선다 */
        if (read(r, &c, 1) != -1 || errno != EINTR) /* ...그래도 read는 잠든다 */
            die("read");
    }
    alarm(0);
    printf(PROG ": check, SIGTERM, read(): the handler ran%s, yet read() slept until %s\n",
           stop_signal == SIGTERM ? "" : " (not?)", alarm_rang ? "SIGALRM (1 s)" : "something else");

    /* 2. 맞는 모양: 차단 → 검사 → (시그널은 보류된다) → ppoll이 잠들며 마스크를 orig로 바꾼다 */
    stop_signal = alarm_rang = 0;
    sigset_t block, orig;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &block, &orig) == -1)
        die("sigprocmask");
    alarm(1);
    int rc = 0;
    if (!stop_signal) {
        raise(SIGTERM); /* 차단되어 있다: 핸들러는 아직 돌지 않고 SIGTERM은 보류된다 */
        struct pollfd pfd = {.fd = r, .events = POLLIN};
        rc = ppoll(&pfd, 1, NULL, &orig); /* 풀리는 순간 배달: 바로 EINTR */
    }
    alarm(0);
    printf(PROG ": block, check, SIGTERM, ppoll(&orig): %s\n",
           rc == -1 && errno == EINTR && stop_signal && !alarm_rang ? "ppoll() returned EINTR at once"
                                                                     : "ppoll() slept: the SIGTERM was lost");
    if (close(w) == -1 || close(r) == -1)
        die("close");
    if (unlink(path) == -1)
        die("unlink");
    return alarm_rang ? 1 : 0;
}
