/*
 * 02-signal/server.c: 시그널을 "명령"으로 받는 서버.
 *
 * 시그널은 데이터의 흐름(stream)이 아니다. 커널이 전하는 것은 시그널 번호 하나와, sigqueue(3)로
 * 보냈다면 int(또는 포인터) 값 하나, 그리고 보낸 프로세스의 PID 정도다. 이 서버는 SIGUSR1,
 * SIGUSR2, SIGRTMIN 을 명령으로 받아 누가(PID) 어떻게(kill/sigqueue, 값) 보냈는지 알리고,
 * SIGTERM 이나 SIGINT 를 받으면 깨끗하게 끝난다(상태 0).
 *
 *   - sigaction(SA_SIGINFO) 로 시그널 핸들러(handler)를 단다. 핸들러는 받은 정보를
 *     volatile sig_atomic_t 변수 네 개에 적기만 한다. 출력은 main 의 평범한 코드가 한다.
 *   - 다루는 시그널은 평소에 모두 차단(block)해 두고, sigsuspend 안에서만 푼다. 그래서
 *     "확인한 뒤 pause()" 사이에 시그널을 잃는 경쟁 상태가 없고, 바쁜 대기(busy loop)도 없다.
 *   - -b: SIGUSR1 과 SIGRTMIN 을 SIGUSR2 가 올 때까지 차단한 채 둔다. 그동안 보낸 시그널은
 *     커널에 보류(pending)된다. 풀고 나서 세어 보면 표준 시그널은 하나로 합쳐졌고,
 *     실시간 시그널은 보낸 수만큼 보낸 순서대로 값과 함께 온다.
 *   - SIGKILL 과 SIGSTOP 에도 핸들러를 달아 보고 EINVAL 을 받는 것을 보여 준다.
 *
 * 실행 (make 02-signal 로 빌드한 뒤, 02-signal 폴더에서; 터미널 두 개):
 *   터미널 1: ./server                    (또는 ./server -b)
 *   터미널 2: ./client PID usr1           PID 는 server 의 ready 줄에 있다
 *             ./client PID rt 42          실시간 시그널 + 값 42 (sigqueue)
 *             ./client PID burst 5        -b 서버에: SIGUSR1 과 SIGRTMIN 을 5번씩
 *             ./client PID usr2           -b 서버의 차단을 푼다
 *             ./client PID term           깨끗한 종료 (kill -TERM PID 와 같다)
 *
 * 출력:
 *   server: SIGRTMIN is 34 here (SIGRTMAX 64)
 *   server: sigaction(SIGKILL): Invalid argument (SIGKILL cannot be caught, blocked or ignored)
 *   server: sigaction(SIGSTOP): Invalid argument (SIGSTOP cannot be caught, blocked or ignored)
 *   server: ready (pid 4242)
 *   server: SIGUSR1 from pid 4243 (kill)
 *   server: SIGRTMIN from pid 4244 (sigqueue, value 42)
 *   server: SIGTERM from pid 4245 (kill): shutting down
 *   server: exiting after 3 signals (no named objects to remove)
 *
 * 읽을 man 페이지: man 7 signal, man 2 sigaction, man 2 sigprocmask, man 2 sigsuspend,
 *                 man 2 sigpending, man 7 signal-safety, man 3 sigqueue
 */
#define _POSIX_C_SOURCE 200809L /* sigaction, siginfo_t, sigqueue 의 값, SIGRTMIN 은 모두 POSIX 에 있다 */

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * 핸들러가 적고 main 이 읽는 "방금 받은 시그널" 기록.
 * C 표준과 POSIX 가 핸들러에게 허락하는 일은 volatile sig_atomic_t 객체에 값을 대입하는 것
 * 정도다. 그래서 기록은 구조체가 아니라 sig_atomic_t 네 개다. volatile 은 컴파일러가 이 값을
 * 레지스터에 담아 두고 다시 읽지 않는 일을 막는다 (main 이 모르는 사이에 핸들러가 바꾸므로).
 * sig_atomic_t 는 glibc 와 musl 에서 int 이므로 PID 와 int 값이 그대로 들어간다: 아래에서 확인한다.
 */
static volatile sig_atomic_t got_signo; /* 0 이면 아직 아무것도 받지 않았다 */
static volatile sig_atomic_t got_code;  /* si_code: SI_USER(kill), SI_QUEUE(sigqueue) ... */
static volatile sig_atomic_t got_pid;   /* si_pid: 보낸 프로세스 */
static volatile sig_atomic_t got_value; /* si_value.sival_int: sigqueue 로 보낸 값 */

_Static_assert(SIG_ATOMIC_MIN <= INT_MIN && SIG_ATOMIC_MAX >= INT_MAX,
               "sig_atomic_t must hold an int (pid_t, si_code and sival_int are ints here)");

static void usage(FILE *to)
{
    fprintf(to, "usage: server [-b]\n");
}

static void help(void)
{
    usage(stdout);
    printf("\nSIGUSR1, SIGUSR2, SIGRTMIN 을 명령으로 받아, 보낸 PID 와 방법(kill/sigqueue), 값을 알린다.\n"
           "SIGTERM 이나 SIGINT 를 받으면 깨끗하게 끝난다 (상태 0). 보낼 때는 ./client PID ACTION.\n\n"
           "  -b   SIGUSR1 과 SIGRTMIN 을 첫 SIGUSR2 가 올 때까지 차단한다: 그동안 보낸 것은 보류되고,\n"
           "       풀린 뒤에 몇 개가 배달되는지 센다 (표준 시그널은 합쳐지고, 실시간 시그널은 쌓인다)\n");
}

static void die(const char *what)
{
    fprintf(stderr, "server: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* 시그널 이름. SIGRTMIN 은 상수가 아니라 실행할 때 정해지는 값이라 switch 에 쓸 수 없다. */
static const char *signal_name(int signo)
{
    if (signo == SIGUSR1) return "SIGUSR1";
    if (signo == SIGUSR2) return "SIGUSR2";
    if (signo == SIGTERM) return "SIGTERM";
    if (signo == SIGINT) return "SIGINT";
    if (signo == SIGKILL) return "SIGKILL";
    if (signo == SIGSTOP) return "SIGSTOP";
    if (signo == SIGRTMIN) return "SIGRTMIN";
    return "another signal";
}

/*
 * 시그널 핸들러. 커널은 main 이 sigsuspend 에서 잠든 사이에 이 함수를 부른다.
 * SA_SIGINFO 로 달았으므로 두 번째 인자 info 에 보낸 쪽의 PID(si_pid), 보낸 방법(si_code),
 * sigqueue 의 값(si_value)이 들어 있다.
 *
 * 여기서 printf 를 부르지 않는다: stdio 는 버퍼와 잠금을 쓰므로 printf 도중에 끼어든 핸들러가
 * 다시 printf 를 부르면 버퍼가 깨지거나 멈춘다 (man 7 signal-safety). 그래서 대입만 한다.
 * 대입은 errno 도 바꾸지 않으므로 errno 를 저장했다 되돌릴 필요도 없다.
 */
static void on_signal(int signo, siginfo_t *info, void *context)
{
    (void)context;
    got_code = info->si_code;
    got_pid = info->si_pid;
    got_value = info->si_value.sival_int;
    got_signo = signo;
}

/* SIGKILL 과 SIGSTOP 에 핸들러를 달아 본다. 커널은 이 둘의 동작을 바꾸는 것을 거절한다. */
static void try_to_catch(int signo, const struct sigaction *sa)
{
    if (sigaction(signo, sa, NULL) == -1)
        printf("server: sigaction(%s): %s (%s cannot be caught, blocked or ignored)\n", signal_name(signo),
               strerror(errno), signal_name(signo));
    else
        printf("server: sigaction(%s) unexpectedly succeeded\n", signal_name(signo));
}

/* si_code 로 보낸 방법을 말한다. 리눅스에서 0 이하는 사용자 공간의 요청에서 온 것이다: kill
 * (SI_USER), sigqueue (SI_QUEUE), tgkill (SI_TKILL), 그리고 프로세스가 걸어 둔 POSIX 타이머
 * (SI_TIMER)나 mq_notify (SI_MESGQ) 를 대신 울린 것. 양수는 커널이 스스로 만든 것이다 (터미널의
 * Ctrl-C 가 보내는 SIGINT 는 SI_KERNEL, si_pid 는 0). */
static const char *how_sent(int code)
{
    if (code == SI_USER)
        return "kill";
    if (code == SI_QUEUE)
        return "sigqueue";
    if (code > 0)
        return "kernel";
    return "other";
}

int main(int argc, char *argv[])
{
    int hold = 0;
    int opt;

    /* 테스트가 파일이나 파이프로 읽으므로, 버퍼에 갇히지 않게 한 줄씩 내보낸다. */
    setvbuf(stdout, NULL, _IOLBF, 0);

    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        help();
        return 0;
    }
    while ((opt = getopt(argc, argv, "hb")) != -1) {
        switch (opt) {
        case 'h': help(); return 0;
        case 'b': hold = 1; break;
        default: usage(stderr); return 2;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "server: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }

    /* 실시간 시그널의 번호는 libc 가 정한다 (glibc 34, musl 35): 숫자로 적지 말고 SIGRTMIN 으로. */
    printf("server: SIGRTMIN is %d here (SIGRTMAX %d)\n", SIGRTMIN, SIGRTMAX);

    /* 이 서버가 다루는 시그널들 */
    sigset_t handled;
    sigemptyset(&handled);
    sigaddset(&handled, SIGUSR1);
    sigaddset(&handled, SIGUSR2);
    sigaddset(&handled, SIGRTMIN);
    sigaddset(&handled, SIGTERM);
    sigaddset(&handled, SIGINT);

    /*
     * 1. 먼저 차단한다. 차단된 시그널은 커널이 배달하지 않고 보류(pending)해 둔다:
     *    표준 시그널은 번호마다 "왔다"는 표시 하나, 실시간 시그널은 온 만큼의 줄(queue).
     *    핸들러를 달기 전에 차단해야, 핸들러가 sigsuspend 밖에서 불리는 순간이 한 번도 없다.
     *    old_mask 에는 부모에게서 물려받은 마스크가 돌아온다 (exec 를 건너 상속된다).
     */
    sigset_t old_mask;
    if (sigprocmask(SIG_BLOCK, &handled, &old_mask) == -1)
        die("sigprocmask");

    /*
     * 2. 핸들러를 단다. signal() 은 시스템마다 뜻이 다르다 (한 번 불린 뒤 기본 동작으로
     *    돌아가는지, 끊긴 호출을 다시 시작하는지). sigaction 은 그것을 플래그로 직접 정한다.
     *    - SA_SIGINFO: 핸들러가 (signo, siginfo_t *, context) 세 인자를 받는다.
     *    - sa_mask = handled: 핸들러가 도는 동안 다른 우리 시그널도 막는다. 그래서 핸들러는
     *      겹쳐 불리지 않고, sigsuspend 한 번에 핸들러는 한 번만 돈다: 핸들러가 도는 동안은
     *      sa_mask 가 나머지를 막고, 핸들러가 돌아오면 커널이 sigsuspend 이전의 마스크(모두
     *      차단)를 되돌린다. sa_mask 를 비워 두면 보류돼 있던 시그널들의 핸들러가 한꺼번에
     *      겹쳐 돌아, 아래의 got_* 기록이 마지막 것 하나만 남고 덮어써진다.
     *    - SA_RESTART 는 주지 않는다: sigsuspend 는 어차피 다시 시작되지 않고 늘 EINTR 로
     *      돌아오며, 이 프로그램에는 시그널이 끊을 다른 느린 호출이 없다 (시그널은 평소 차단).
     *    SIGINT 는 특히 중요하다: 작업 제어가 꺼진 셸(스크립트)은 & 로 띄운 프로그램에게
     *    SIGINT 와 SIGQUIT 를 무시(SIG_IGN)로 둔 채 넘겨준다. 여기서 핸들러를 달면 덮어쓴다.
     */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_mask = handled;
    sa.sa_flags = SA_SIGINFO;
    int signals[] = {SIGUSR1, SIGUSR2, SIGRTMIN, SIGTERM, SIGINT};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
        if (sigaction(signals[i], &sa, NULL) == -1)
            die("sigaction");

    /* 3. SIGKILL 과 SIGSTOP 은 잡을 수도, 막을 수도, 무시할 수도 없다: sigaction 이 EINVAL. */
    try_to_catch(SIGKILL, &sa);
    try_to_catch(SIGSTOP, &sa);

    /*
     * 4. 기다릴 때 쓸 마스크. sigsuspend 는 "마스크를 이것으로 바꾸고 잠들기"를 한 번에
     *    (원자적으로) 한다. 기다리는 동안에만 우리 시그널이 풀린다.
     *    wait_all: 다루는 시그널을 모두 푼다. wait_held (-b): SIGUSR1 과 SIGRTMIN 은 막아 둔다.
     */
    sigset_t wait_all = old_mask;
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
        sigdelset(&wait_all, signals[i]);
    sigset_t wait_held = wait_all;
    sigaddset(&wait_held, SIGUSR1);
    sigaddset(&wait_held, SIGRTMIN);

    if (hold)
        printf("server: -b: SIGUSR1 and SIGRTMIN stay blocked until the first SIGUSR2\n");
    /* 핸들러와 마스크가 모두 자리를 잡았다: 이제 보내도 잃지 않는다. */
    printf("server: ready (pid %ld)\n", (long)getpid());

    long count = 0;           /* 받은 시그널 수 */
    int draining = 0;         /* -b 의 차단을 푼 뒤, 보류됐던 것을 아직 받고 있는가 */
    long after_usr1 = 0, after_rt = 0;
    for (;;) {
        /*
         * 5. 기다린다. 여기가 이 장의 핵심이다.
         *    잘못된 모양: while (!got_signo) pause();
         *      got_signo 를 확인한 "뒤", pause() 에 들어가기 "전"에 시그널이 오면 핸들러는 이미
         *      돌았고 pause 는 다음 시그널이 올 때까지(영원히일 수도) 잔다.
         *    sigsuspend 는 마스크를 풀고 잠드는 것을 커널 안에서 한 번에 한다. 그 사이에 온
         *    시그널은 차단 때문에 보류되어 있다가 sigsuspend 가 마스크를 푸는 순간 배달된다.
         *    핸들러가 끝나면 sigsuspend 는 마스크를 되돌리고 -1/EINTR 로 돌아온다.
         *    이 줄 밖에서는 우리 시그널이 모두 차단되어 있으므로, 아래에서 got_* 를 읽는 동안
         *    핸들러가 그것을 바꿀 수 없다 (man 7 signal-safety 의 방법 (b)).
         */
        got_signo = 0;
        if (sigsuspend(hold ? &wait_held : &wait_all) == -1 && errno != EINTR)
            die("sigsuspend"); /* 늘 -1 을 돌려준다. EINTR 은 "핸들러가 돌았다"는 뜻이다 */
        int signo = got_signo;
        if (signo == 0)
            continue; /* 우리 핸들러가 돌지 않았다 (있을 수 없지만, 확인은 싸다) */
        int code = got_code, value = got_value;
        long pid = got_pid;
        count++;

        /* 핸들러 밖이므로 printf 를 마음껏 쓴다. */
        printf("server: %s from pid %ld (%s", signal_name(signo), pid, how_sent(code));
        if (code == SI_QUEUE)
            printf(", value %d", value); /* 값은 sigqueue 로 보냈을 때만 의미가 있다 */
        else if (code != SI_USER)
            printf(", si_code %d", code);
        printf(")");

        if (signo == SIGTERM || signo == SIGINT) {
            printf(": shutting down\n");
            break;
        }
        if (signo == SIGUSR2 && hold) {
            printf(": unblocking SIGUSR1 and SIGRTMIN\n");
            hold = 0;
            draining = 1;
            after_usr1 = after_rt = 0;
        } else {
            printf("\n");
            if (draining && signo == SIGUSR1)
                after_usr1++;
            if (draining && signo == SIGRTMIN)
                after_rt++;
        }

        /*
         * -b 를 푼 뒤: 보류돼 있던 것을 다 받았는가? sigpending 은 보류 중인(차단되어 배달되지
         * 못한) 시그널의 집합을 돌려준다. 지금은 우리 시그널이 모두 차단된 상태이므로 정확하다.
         */
        if (draining) {
            sigset_t pending;
            if (sigpending(&pending) == -1)
                die("sigpending");
            if (!sigismember(&pending, SIGUSR1) && !sigismember(&pending, SIGRTMIN)) {
                printf("server: after unblocking: SIGUSR1 x%ld, SIGRTMIN x%ld\n", after_usr1, after_rt);
                draining = 0;
            }
        }
    }

    /*
     * 6. 정리. 이 서버는 이름 있는 객체(파일, FIFO, 큐)를 만들지 않는다: 시그널의 "주소"는
     *    PID 이고, PID 는 프로세스가 끝나 부모가 거두면(wait) 커널이 다시 나눠 줄 수 있게 된다.
     *    그래서 지울 것이 없다. 보류 중이던 시그널도 프로세스와 함께 사라진다. 남은 일은
     *    알리고 상태 0 으로 끝나는 것뿐이다. (SIGKILL 로 죽으면 이 줄도 돌지 않는다.)
     */
    printf("server: exiting after %ld signals (no named objects to remove)\n", count);
    return 0;
}
