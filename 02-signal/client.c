/*
 * 02-signal/client.c: 다른 프로세스에게 시그널 하나(또는 여럿)를 보낸다.
 *
 * 보내는 방법은 둘이다.
 *   kill(2):     시그널 번호만 간다. 받는 쪽의 si_code 는 SI_USER.
 *   sigqueue(3): 번호와 함께 int 값 하나가 간다. 받는 쪽의 si_code 는 SI_QUEUE, 값은 si_value.
 * 어느 쪽이든 돌아오는 것은 "커널이 받아 주었다(0)" 또는 오류(ESRCH, EPERM, EAGAIN)뿐이다.
 * 받는 프로세스가 그 시그널을 처리했는지는 알 수 없다: 시그널에는 답장이 없다.
 *
 * 실행 (server 의 ready 줄에 있는 PID 로):
 *   ./client PID usr1            SIGUSR1 을 kill 로
 *   ./client PID usr1 7          SIGUSR1 을 sigqueue 로, 값 7 과 함께 (값을 주면 sigqueue)
 *   ./client PID rt 42           SIGRTMIN(실시간 시그널)을 sigqueue 로, 값 42
 *   ./client PID burst 5         SIGUSR1 과 SIGRTMIN 을 sigqueue 로 5번씩, 값 1..5
 *   ./client PID term            SIGTERM (int 는 SIGINT): server 가 깨끗하게 끝난다
 *
 * 출력:
 *   client: sent SIGRTMIN to pid 4242 (sigqueue, value 42)
 *   client: kill(99999, SIGUSR1): No such process (no process has this PID: is the server running?)
 *
 * 읽을 man 페이지: man 2 kill, man 3 sigqueue, man 7 signal
 */
#define _POSIX_C_SOURCE 200809L /* sigqueue() 와 SIGRTMIN 은 POSIX 실시간 확장이다 */

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_BURST 100000L

static void usage(FILE *to)
{
    fprintf(to, "usage: client PID usr1|usr2|rt|term|int [VALUE]\n"
                "       client PID burst N\n");
}

static void help(void)
{
    usage(stdout);
    printf("\nPID 인 프로세스에게 시그널을 보낸다. VALUE 를 주면 sigqueue(3)로 값과 함께,\n"
           "주지 않으면 kill(2)로 번호만 보낸다.\n\n"
           "  usr1, usr2   SIGUSR1, SIGUSR2\n"
           "  rt           SIGRTMIN (실시간 시그널: 보류 중에도 쌓이고, 값을 순서대로 전한다)\n"
           "  term, int    SIGTERM, SIGINT (server 가 깨끗하게 끝난다)\n"
           "  burst N      SIGUSR1 과 SIGRTMIN 을 sigqueue 로 번갈아 N 번씩, 값 1..N (1..%ld)\n"
           "               (server -b 가 둘을 차단한 동안 보내면 몇 개가 배달되는지 볼 수 있다)\n\n"
           "PID 는 양수여야 한다: kill(2)에서 0 과 음수는 프로세스 그룹을 뜻하고, -1 은\n"
           "\"보낼 수 있는 모든 프로세스\"다. 그래서 이 프로그램은 받아 주지 않는다.\n",
           MAX_BURST);
}

/* 숫자 인자를 [min, max] 안의 정수로 읽는다. 아니면 사용법을 보이고 2 로 끝낸다. */
static long parse_number(const char *what, const char *s, long min, long max)
{
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || n < min || n > max) {
        fprintf(stderr, "client: %s: expected a number from %ld to %ld, got '%s'\n", what, min, max, s);
        usage(stderr);
        exit(2);
    }
    return n;
}

/* ACTION 이름 → 시그널 번호 (모르는 이름이면 0). SIGRTMIN 은 실행할 때 정해지는 값이다. */
static int action_signal(const char *action)
{
    if (strcmp(action, "usr1") == 0) return SIGUSR1;
    if (strcmp(action, "usr2") == 0) return SIGUSR2;
    if (strcmp(action, "rt") == 0) return SIGRTMIN;
    if (strcmp(action, "term") == 0) return SIGTERM;
    if (strcmp(action, "int") == 0) return SIGINT;
    return 0;
}

static const char *signal_name(int signo)
{
    if (signo == SIGUSR1) return "SIGUSR1";
    if (signo == SIGUSR2) return "SIGUSR2";
    if (signo == SIGRTMIN) return "SIGRTMIN";
    if (signo == SIGTERM) return "SIGTERM";
    return "SIGINT";
}

/*
 * 시그널 하나를 보낸다. value 가 NULL 이면 kill, 아니면 sigqueue.
 * 실패하면 무엇이 왜 안 됐는지 알리고 1 로 끝낸다.
 */
static void send_signal(pid_t pid, int signo, const int *value)
{
    int rc;
    if (value == NULL) {
        /*
         * kill: 커널은 pid 인 프로세스를 찾고, 보낼 권한을 확인한 뒤, 그 프로세스의 보류 집합에
         * 시그널을 더한다. 받는 쪽이 차단하지 않았다면 곧 배달된다. 여기서 돌아오는 0 은
         * "넣었다"는 뜻이지 "처리됐다"는 뜻이 아니다. (실시간 시그널이 받는 쪽의 한도를 넘어도
         * kill 은 실패하지 않는다: 커널은 기록(siginfo) 없이 "보류 중" 표시만 남긴다. 그래서 넘친
         * 것들은 표준 시그널처럼 합쳐지고, 배달되더라도 보낸 PID 는 0 으로 보인다.)
         */
        rc = kill(pid, signo);
    } else {
        /*
         * sigqueue: kill 과 같지만 union sigval 하나(int 또는 포인터)가 함께 간다. 커널은
         * 시그널마다 기록(siginfo)을 하나씩 큐에 넣는다. 단, 표준 시그널(1..31)은 이미 보류
         * 중이면 새 기록을 버린다. 값도 함께 버려진다. 실시간 시그널은 한도
         * (RLIMIT_SIGPENDING)까지 쌓이고, 넘으면 EAGAIN 이다. 포인터 값은 다른 프로세스의
         * 주소 공간에서는 의미가 없으니 프로세스 사이에서는 int 만 쓴다.
         */
        union sigval sv;
        memset(&sv, 0, sizeof sv);
        sv.sival_int = *value;
        rc = sigqueue(pid, signo, sv);
    }
    if (rc == 0)
        return;

    int err = errno;
    const char *hint = "";
    if (err == ESRCH)
        hint = " (no process has this PID: is the server running?)";
    else if (err == EPERM)
        hint = " (the process belongs to another user: only root or the same user may signal it)";
    else if (err == EAGAIN)
        hint = " (the receiver's queue of pending signals is full: RLIMIT_SIGPENDING)";
    if (value == NULL)
        fprintf(stderr, "client: kill(%ld, %s): %s%s\n", (long)pid, signal_name(signo), strerror(err), hint);
    else
        fprintf(stderr, "client: sigqueue(%ld, %s, %d): %s%s\n", (long)pid, signal_name(signo), *value,
                strerror(err), hint);
    exit(1);
}

int main(int argc, char *argv[])
{
    int opt;

    /* 테스트가 파일이나 파이프로 읽으므로, 버퍼에 갇히지 않게 한 줄씩 내보낸다. */
    setvbuf(stdout, NULL, _IOLBF, 0);

    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        help();
        return 0;
    }
    while ((opt = getopt(argc, argv, "h")) != -1) {
        switch (opt) {
        case 'h': help(); return 0;
        default: usage(stderr); return 2;
        }
    }
    argv += optind;
    argc -= optind;
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "client: wrong number of arguments (%d): give PID, ACTION and maybe VALUE or N\n", argc);
        usage(stderr);
        return 2;
    }

    /*
     * PID: 양수만 받는다. pid_t 는 int 이므로 INT_MAX 까지다: long 으로 읽은 4294967297 을
     * 그냥 pid_t 로 바꾸면 1 이 되어 엉뚱한 프로세스(init)에 가게 된다.
     */
    pid_t pid = (pid_t)parse_number("PID", argv[0], 1, INT_MAX);
    const char *action = argv[1];

    if (strcmp(action, "burst") == 0) {
        if (argc != 3) {
            fprintf(stderr, "client: burst needs a count N\n");
            usage(stderr);
            return 2;
        }
        long n = parse_number("N", argv[2], 1, MAX_BURST);
        /*
         * 같은 조건에서 둘을 견준다: 둘 다 sigqueue 로, 같은 값 1..N 을 번갈아 보낸다.
         * 다른 것은 시그널의 종류(표준 / 실시간)뿐이다.
         */
        for (int i = 1; i <= n; i++) {
            send_signal(pid, SIGUSR1, &i);
            send_signal(pid, SIGRTMIN, &i);
        }
        printf("client: sent SIGUSR1 and SIGRTMIN %ld times each to pid %ld (sigqueue, values 1..%ld)\n", n,
               (long)pid, n);
        return 0;
    }

    int signo = action_signal(action);
    if (signo == 0) {
        fprintf(stderr, "client: unknown action '%s'\n", action);
        usage(stderr);
        return 2;
    }
    if (argc == 3) {
        int value = (int)parse_number("VALUE", argv[2], INT_MIN, INT_MAX);
        send_signal(pid, signo, &value);
        printf("client: sent %s to pid %ld (sigqueue, value %d)\n", signal_name(signo), (long)pid, value);
    } else {
        send_signal(pid, signo, NULL);
        printf("client: sent %s to pid %ld (kill)\n", signal_name(signo), (long)pid);
    }
    return 0;
}
