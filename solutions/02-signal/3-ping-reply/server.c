/*
 * 02-signal 연습 3의 server.c: 시그널을 "명령"으로 받는 서버.
 * 연습 3의 모범 답안: SIGRTMIN+1(ping)을 sigqueue로 받으면 보낸 PID에게 같은 값으로 답한다.
 *
 * 시그널은 바이트의 흐름이 아니다. 커널이 전하는 것은 번호 하나, 보낸 방법(si_code), kill/sigqueue라면
 * 보낸 PID, sigqueue라면 int 값 하나뿐이다. 이 서버는 SIGUSR1, SIGUSR2, SIGRTMIN을 받을
 * 때마다 그것을 한 줄로 알리고, SIGTERM, SIGINT, SIGHUP을 받으면 깨끗하게 끝난다 (상태 0).
 * 핸들러는 volatile sig_atomic_t에 대입만 하고, 시그널은 평소 차단해 두었다가 sigsuspend 안에서만
 * 푼다: "확인한 뒤 잠들기" 사이에 시그널을 잃는 경쟁 상태가 없다.
 *
 * 실행 (이 디렉터리에서, 터미널 두 개):
 *   make exercise EX=02-signal/3 (채점), 또는 cc -o server server.c && cc -o client client.c
 *   터미널 1: ./server
 *   터미널 2: ./client PID usr1         PID는 server의 준비 줄에 있다
 *             ./client PID rt 42        SIGRTMIN을 값 42와 함께 (sigqueue)
 *             ./client PID term         깨끗한 종료 (kill -TERM PID와 같다)
 *             ./client PID ping 7       SIGRTMIN+1을 값 7과 함께: server가 같은 값으로 답한다
 *
 * 출력:
 *   server: SIGRTMIN is 34 here (SIGRTMAX 64)
 *   server: ready (pid 4242)
 *   server: SIGUSR1 from pid 4243 (kill)
 *   server: SIGRTMIN from pid 4244 (sigqueue, value 42)
 *   server: SIGUSR1 from the kernel (si_code 1)      (보낸 프로세스가 없는 시그널: PID를 말하지 않는다)
 *   server: SIGTERM from pid 4245 (kill): shutting down
 *   server: exiting after 4 signals (no named objects to remove)
 *
 * 읽을 man 페이지: man 7 signal, man 2 sigaction, man 2 sigprocmask, man 2 sigsuspend,
 *                 man 7 signal-safety
 */
#define _POSIX_C_SOURCE 200809L /* sigaction, siginfo_t, SA_SIGINFO, SIGRTMIN은 모두 POSIX에 있다 */

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * 핸들러가 적고 main이 읽는 "방금 받은 시그널". ISO C가 핸들러에게 허락하는 일은 사실상
 * volatile sig_atomic_t 객체에 값을 대입하는 것뿐이라, 구조체가 아니라 변수 네 개다.
 * volatile: 핸들러가 main 모르게 바꾸므로, 컴파일러가 값을 레지스터에 두고 다시 읽지 않는 일을 막는다.
 */
static volatile sig_atomic_t got_signo; /* 0이면 아직 아무것도 받지 않았다 */
static volatile sig_atomic_t got_code;  /* si_code: SI_USER(kill), SI_QUEUE(sigqueue), 양수(커널) */
static volatile sig_atomic_t got_pid;   /* si_pid: 보낸 프로세스 (SI_USER, SI_QUEUE일 때만) */
static volatile sig_atomic_t got_value; /* si_value.sival_int: sigqueue로 보낸 값 */

/* pid_t, si_code, sival_int는 int다. sig_atomic_t가 int를 담는지 컴파일할 때 확인한다. */
_Static_assert(SIG_ATOMIC_MIN <= INT_MIN && SIG_ATOMIC_MAX >= INT_MAX, "sig_atomic_t must hold an int");

static void usage(FILE *to)
{
    fprintf(to, "usage: server [-h|--help]\n");
}

static void die(const char *what)
{
    fprintf(stderr, "server: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* 시그널 이름. SIGRTMIN은 상수가 아니라 실행할 때 정해지는 값이라 switch의 case에 쓸 수 없다. */
static const char *signal_name(int signo)
{
    if (signo == SIGUSR1) return "SIGUSR1";
    if (signo == SIGUSR2) return "SIGUSR2";
    if (signo == SIGTERM) return "SIGTERM";
    if (signo == SIGINT) return "SIGINT";
    if (signo == SIGHUP) return "SIGHUP";
    if (signo == SIGRTMIN + 1) return "SIGRTMIN+1";
    return "SIGRTMIN";
}

/*
 * 시그널 핸들러. 커널은 main이 sigsuspend에서 잠든 사이에만 이 함수를 부른다 (아래 1, 4).
 * SA_SIGINFO로 달았으므로 info에 si_code, si_pid, si_value가 들어 있다. 다만 siginfo_t의 뒷부분은
 * union이다: si_pid는 kill(SI_USER)과 sigqueue(SI_QUEUE)일 때만 PID이고, 커널이 만든 시그널
 * (F_SETSIG의 I/O 알림 등)에서는 같은 메모리에 si_band 같은 다른 값이 있다. 그래서 그때만 읽는다.
 * printf는 부르지 않는다 (stdio의 버퍼와 잠금은 async-signal-safe가 아니다: man 7 signal-safety).
 * 대입만 하므로 errno도 바뀌지 않는다.
 */
static void on_signal(int signo, siginfo_t *info, void *context)
{
    (void)context;
    int code = info->si_code;
    got_code = code;
    got_pid = (code == SI_USER || code == SI_QUEUE) ? info->si_pid : 0;
    got_value = (code == SI_QUEUE) ? info->si_value.sival_int : 0;
    got_signo = signo;
}

int main(int argc, char *argv[])
{
    /* 테스트는 stdout을 파일로 읽는다: 줄이 버퍼에 갇히지 않게 한 줄씩 내보낸다. */
    setvbuf(stdout, NULL, _IOLBF, 0);

    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        usage(stdout);
        printf("SIGUSR1, SIGUSR2, SIGRTMIN을 받을 때마다 보낸 방법(kill/sigqueue)과 PID, 값을 알린다.\n"
               "SIGRTMIN+1(ping)을 sigqueue로 받으면 보낸 PID에게 같은 값으로 답한다.\n"
               "SIGTERM, SIGINT, SIGHUP을 받으면 깨끗하게 끝난다 (상태 0). 보내기: ./client PID SIGNAL\n");
        return 0;
    }
    if (argc != 1) {
        fprintf(stderr, "server: takes no arguments\n");
        usage(stderr);
        return 2;
    }

    /* 실시간 시그널의 번호는 libc가 정한다 (glibc 34, musl 35): 숫자로 적지 말고 SIGRTMIN으로. */
    printf("server: SIGRTMIN is %d here (SIGRTMAX %d)\n", SIGRTMIN, SIGRTMAX);

    /* 이 서버가 다루는 시그널. SIGRTMIN+1은 ping(답해 달라는 뜻), 뒤의 셋은 "끝내라"는 뜻이다
     * (SIGHUP: 터미널이 끊겼다). */
    const int signals[] = {SIGUSR1, SIGUSR2, SIGRTMIN, SIGRTMIN + 1, SIGTERM, SIGINT, SIGHUP};
    const size_t nsignals = sizeof signals / sizeof signals[0];
    sigset_t handled;
    sigemptyset(&handled);
    for (size_t i = 0; i < nsignals; i++)
        sigaddset(&handled, signals[i]);

    /*
     * 1. 먼저 차단한다. 차단된 시그널을 커널은 배달하지 않고 보류(pending)해 둔다: 표준 시그널은
     *    번호마다 "왔다"는 비트 하나, 실시간 시그널은 온 만큼의 큐. 핸들러를 달기 전에 차단해야
     *    핸들러가 sigsuspend 밖에서 불리는 순간이 한 번도 없다. old_mask에는 부모에게서 물려받은
     *    마스크가 돌아온다 (마스크는 fork와 exec를 건너 상속된다).
     */
    sigset_t old_mask;
    if (sigprocmask(SIG_BLOCK, &handled, &old_mask) == -1)
        die("sigprocmask");

    /*
     * 2. 핸들러를 단다. signal()은 시스템마다 뜻이 달라 (한 번 불린 뒤 기본 동작으로 돌아가는가,
     *    끊긴 호출을 다시 시작하는가) sigaction으로 직접 정한다.
     *    - SA_SIGINFO: 핸들러가 (signo, siginfo_t *, context) 세 인자를 받는다.
     *    - sa_mask = handled: 핸들러가 도는 동안 커널이 다른 우리 시그널도 차단한다. 여러 시그널이
     *      한꺼번에 보류돼 있다가 풀려도 핸들러는 겹쳐 돌지 않고, sigsuspend 한 번에 하나만 돈다.
     *      비워 두면 핸들러들이 겹겹이 돌아 got_*가 서로 덮어쓴다.
     *    - SA_RESTART는 주지 않는다: sigsuspend는 어차피 늘 EINTR로 돌아오고, 시그널이 끊을
     *      다른 느린 호출은 없다 (시그널은 sigsuspend 밖에서 늘 차단돼 있다).
     *    작업 제어가 꺼진 셸(스크립트)은 &로 띄운 프로그램에 SIGINT를 무시(SIG_IGN)로 둔 채
     *    넘겨준다 (무시는 exec를 건너 남는다). 여기서 핸들러를 달면 그것을 덮어쓴다.
     */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_mask = handled;
    sa.sa_flags = SA_SIGINFO;
    for (size_t i = 0; i < nsignals; i++)
        if (sigaction(signals[i], &sa, NULL) == -1)
            die("sigaction");

    /* 3. 기다릴 때의 마스크: 물려받은 마스크에서 우리 시그널만 뺀다. */
    sigset_t wait_mask = old_mask;
    for (size_t i = 0; i < nsignals; i++)
        sigdelset(&wait_mask, signals[i]);

    /* 차단과 핸들러가 자리를 잡았다: 지금부터 보낸 시그널은 잃지 않는다. 그래서 이제 준비 줄. */
    printf("server: ready (pid %ld)\n", (long)getpid());

    long count = 0;
    for (;;) {
        /*
         * 4. 기다린다. 이 장의 핵심이다. 잘못된 모양은 while (!got_signo) pause(); 이다:
         *    확인한 "뒤", pause()에 들어가기 "전"에 시그널이 오면 핸들러는 이미 돌았고 pause는
         *    다음 시그널까지 잔다. sigsuspend는 "마스크를 wait_mask로 바꾸고 잠들기"를 커널 안에서
         *    한 번에 한다. 그 전에 온 시그널은 차단 때문에 보류돼 있다가 마스크가 풀리는 순간
         *    배달된다. 핸들러가 끝나면 커널은 마스크를 되돌리고 sigsuspend는 -1/EINTR로
         *    돌아온다. 이제 우리 시그널은 모두 차단돼 있으니, got_*를 읽는 동안 핸들러가 끼어들 수 없다.
         */
        got_signo = 0;
        if (sigsuspend(&wait_mask) == -1 && errno != EINTR)
            die("sigsuspend"); /* 늘 -1이다. EINTR은 "핸들러가 돌았다"는 정상적인 결과다 */
        int signo = got_signo, code = got_code, value = got_value;
        long pid = got_pid;
        if (signo == 0)
            continue; /* 우리 핸들러가 돌지 않았다: 다시 기다린다 */
        count++;

        /* 5. 핸들러 밖이므로 printf를 써도 된다. 보낸 방법에 따라 뜻이 있는 칸만 알린다. */
        printf("server: %s", signal_name(signo));
        if (code == SI_USER)
            printf(" from pid %ld (kill)", pid);
        else if (code == SI_QUEUE)
            printf(" from pid %ld (sigqueue, value %d)", pid, value);
        else if (code > 0)
            printf(" from the kernel (si_code %d)", code); /* Ctrl-C의 SI_KERNEL, F_SETSIG의 POLL_IN ... */
        else
            printf(" (si_code %d)", code); /* tgkill(SI_TKILL), 타이머(SI_TIMER) ... */
        if (signo == SIGTERM || signo == SIGINT || signo == SIGHUP) {
            printf(": shutting down\n");
            break;
        }
        printf("\n");

        /*
         * 6. ping에 답한다: 핸들러가 아니라 여기, main에서 (printf와 같은 까닭이다). sigqueue로 온 것(SI_QUEUE)만
         *    답한다: 그때만 si_pid가 보낸 프로세스이고 값이 뜻을 가진다. 답할 곳은 si_pid뿐이다. 그 PID의
         *    프로세스가 이미 끝났으면 ESRCH다: 알리고 계속 일한다. (si_pid는 꾸밀 수 있다: NOTES 1.7절)
         */
        if (signo == SIGRTMIN + 1 && code == SI_QUEUE) {
            union sigval sv;
            memset(&sv, 0, sizeof sv); /* 포인터 칸의 나머지 바이트가 쓰레기로 가지 않게 */
            sv.sival_int = value;
            if (sigqueue((pid_t)pid, signo, sv) == -1)
                fprintf(stderr, "server: cannot reply to pid %ld: %s\n", pid, strerror(errno));
            else
                printf("server: replied to pid %ld (value %d)\n", pid, value);
        }
    }

    /*
     * 7. 정리. 이 서버는 이름 있는 객체(파일, FIFO, 큐)를 만들지 않는다. 시그널의 "주소"는 PID이고,
     *    PID는 프로세스가 끝나 부모가 거두면 커널이 다시 쓸 수 있게 된다. 보류 중이던 시그널도
     *    프로세스와 함께 사라진다. 그래서 알리고 상태 0으로 끝난다. (SIGKILL이면 이 줄도 돌지 않는다.)
     */
    printf("server: exiting after %ld signals (no named objects to remove)\n", count);
    return 0;
}
