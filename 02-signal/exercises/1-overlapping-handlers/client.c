/*
 * 02-signal/client.c: 다른 프로세스에게 시그널을 보낸다.
 *
 * 보내는 방법은 둘이다. kill(2)은 번호만 보낸다 (받는 쪽의 si_code는 SI_USER). sigqueue(3)는 번호와
 * int 값 하나를 보낸다 (SI_QUEUE, 값은 si_value). 어느 쪽이든 돌아오는 것은 "커널이 받는 쪽의 보류
 * 집합에 넣었다(0)" 또는 오류(ESRCH, EPERM, EAGAIN)뿐이다. 시그널에는 답장이 없다: 받는 프로세스가
 * 그것을 처리했는지는 알 수 없다.
 *
 * 실행 (server의 준비 줄에 있는 PID로):
 *   ./client PID usr1              SIGUSR1을 kill로
 *   ./client PID rt 42             SIGRTMIN(실시간 시그널)을 sigqueue로, 값 42
 *   ./client -n 5 PID rt 1         다섯 번: 값 1, 2, 3, 4, 5
 *   ./client PID term              SIGTERM (int는 SIGINT, hup은 SIGHUP): server가 깨끗하게 끝난다
 *
 * 출력:
 *   client: sent SIGRTMIN to pid 4242 (sigqueue, value 42)
 *   client: kill(99999, SIGUSR1): No such process (no process has this PID: is the server running?)
 *
 * 읽을 man 페이지: man 2 kill, man 3 sigqueue, man 7 signal
 */
#define _POSIX_C_SOURCE 200809L /* sigqueue()와 SIGRTMIN은 POSIX 실시간 확장이다 */

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_COUNT 100000L /* -n의 상한: 실시간 시그널의 한도(ulimit -i)와 비슷한 크기 */

static void usage(FILE *to)
{
    fprintf(to, "usage: client [-n COUNT] PID usr1|usr2|rt|term|int|hup [VALUE]\n");
}

static void help(void)
{
    usage(stdout);
    printf("PID인 프로세스에게 시그널을 보낸다. VALUE를 주면 sigqueue(3)로 값과 함께, 주지 않으면 kill(2)로.\n"
           "  rt          SIGRTMIN (실시간 시그널: 보류 중에도 쌓이고, 값을 순서대로 전한다)\n"
           "  -n COUNT    COUNT 번 보낸다 (1..%ld, 기본 1). VALUE가 있으면 VALUE, VALUE+1, ...\n"
           "PID는 양수만 받는다: kill(2)에서 0과 음수는 프로세스 그룹이고, -1은 \"보낼 수 있는 모두\"다.\n",
           MAX_COUNT);
}

/* 숫자 인자를 [min, max] 안의 정수로 읽는다. 아니면 무엇이 틀렸는지와 사용법을 보이고 2로 끝낸다.
 * 받은 글자는 되찍지 않는다: 터미널 제어 문자가 섞여 있을 수 있다. */
static long parse_number(const char *what, const char *s, long min, long max)
{
    char *end;
    errno = 0; /* strtol은 넘침을 errno(ERANGE)로만 알린다 */
    long n = strtol(s, &end, 10);
    /* 넘침, 숫자 없음(""), 뒤에 남은 글자("12abc"), 범위 밖: 모두 틀린 인자다 */
    if (errno != 0 || end == s || *end != '\0' || n < min || n > max) {
        fprintf(stderr, "client: %s must be a number from %ld to %ld\n", what, min, max);
        usage(stderr);
        exit(2);
    }
    return n;
}

/* 이름 → 시그널 번호, 이름표 (모르는 이름이면 0). SIGRTMIN은 실행할 때 정해지는 값이다. */
static int signal_of(const char *name, const char **label)
{
    /* SIGRTMIN은 상수가 아니라서 정적 표에 넣을 수 없다: 0으로 적어 두고 돌려줄 때 바꾼다. */
    static const struct { const char *name, *label; int signo; } table[] = {
        {"usr1", "SIGUSR1", SIGUSR1}, {"usr2", "SIGUSR2", SIGUSR2}, {"rt", "SIGRTMIN", 0},
        {"term", "SIGTERM", SIGTERM}, {"int", "SIGINT", SIGINT},    {"hup", "SIGHUP", SIGHUP},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(name, table[i].name) == 0) {
            *label = table[i].label;
            return table[i].signo != 0 ? table[i].signo : SIGRTMIN;
        }
    return 0;
}

int main(int argc, char *argv[])
{
    long count = 1; /* -n: 몇 번 보낼까 */
    int opt;

    /* 테스트는 stdout을 파일이나 파이프로 읽는다: 줄이 버퍼에 갇히지 않게 한 줄씩 내보낸다. */
    setvbuf(stdout, NULL, _IOLBF, 0);

    if (argc > 1 && strcmp(argv[1], "--help") == 0) { /* getopt는 긴 옵션을 모른다 */
        help();
        return 0;
    }
    while ((opt = getopt(argc, argv, "hn:")) != -1) {
        switch (opt) {
        case 'h': help(); return 0;                      /* 도움말은 stdout, 상태 0 */
        case 'n': count = parse_number("COUNT", optarg, 1, MAX_COUNT); break; /* 0 번은 뜻이 없다 */
        default: usage(stderr); return 2;                /* 모르는 옵션: getopt가 이미 알렸다 */
        }
    }
    argv += optind; /* 이제 argv[0]이 PID, argv[1]이 SIGNAL */
    argc -= optind;
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "client: give PID, SIGNAL and maybe VALUE\n");
        usage(stderr);
        return 2;
    }

    /*
     * PID는 1..INT_MAX만 받는다. pid_t는 int라서, long으로 읽은 4294967297을 그냥 pid_t로
     * 바꾸면 1이 되어 init에게 간다. 0과 음수는 kill(2)에서 프로세스 그룹을 뜻한다.
     */
    pid_t pid = (pid_t)parse_number("PID", argv[0], 1, INT_MAX); /* 잘못된 인자는 보내기 전에 걸러진다 */
    const char *label = NULL;
    int signo = signal_of(argv[1], &label); /* 모르는 이름이면 0 */
    if (signo == 0) {
        fprintf(stderr, "client: unknown SIGNAL (expected usr1, usr2, rt, term, int or hup)\n");
        usage(stderr);
        return 2;
    }
    int queued = argc == 3;                  /* VALUE가 있으면 sigqueue, 없으면 kill */
    /* 값은 int 하나다 (union sigval의 sival_int): 그 밖의 수는 받지 않는다. */
    long first = queued ? parse_number("VALUE", argv[2], INT_MIN, INT_MAX) : 0;
    if (first > INT_MAX - (count - 1)) {     /* 마지막 값 first + count - 1도 int여야 한다 */
        fprintf(stderr, "client: VALUE + COUNT - 1 must fit in an int\n");
        usage(stderr);
        return 2;
    }

    /* 보내기. 같은 시그널을 COUNT 번: 받는 쪽이 바쁘거나 멈춰 있으면 표준 시그널은 합쳐지고,
     * 실시간 시그널은 보낸 순서대로 쌓인다 (server가 알리는 줄의 수로 보인다). */
    for (long i = 0; i < count; i++) {
        int rc; /* 0이면 커널이 받아 주었다, -1이면 errno가 까닭 */
        if (!queued) {
            /*
             * kill: 커널은 PID로 프로세스를 찾고, 보낼 권한을 확인하고, 그 프로세스의 보류 집합에
             * 시그널을 더한다. 표준 시그널이 이미 보류 중이면 새 것은 버려진다 (합쳐진다). kill은
             * EAGAIN으로 실패하지 않는다: 실시간 시그널이 받는 쪽의 한도(RLIMIT_SIGPENDING)를 넘으면
             * 커널은 기록(siginfo) 없이 "보류 중" 비트만 세운다. 기록이 남은 같은 시그널이 있으면 넘친
             * kill은 흔적 없이 사라지고, 없으면 한 번만 배달되며 보낸 PID는 0으로 보인다.
             */
            rc = kill(pid, signo);
        } else {
            /*
             * sigqueue: kill과 같되 union sigval 하나(int 또는 포인터)가 함께 간다. 커널은 기록
             * (siginfo)을 큐에 넣는다. 실시간 시그널은 한도까지 쌓이고, 넘으면 EAGAIN이다. 표준 시그널이
             * 이미 보류 중이면 새 기록은 값과 함께 버려진다. 포인터는 다른 프로세스의 주소 공간에서
             * 뜻이 없으니 int만 쓴다. memset: 포인터 칸의 나머지 바이트가 쓰레기로 가지 않게.
             */
            union sigval sv;
            memset(&sv, 0, sizeof sv);
            sv.sival_int = (int)(first + i);
            rc = sigqueue(pid, signo, sv);
        }
        if (rc == -1) {
            int err = errno; /* 아래의 fprintf가 errno를 바꿀 수 있으니 먼저 챙긴다 */
            const char *hint = "";
            if (err == ESRCH) /* 그 PID의 프로세스가 없다 (이미 끝나 거둬졌다) */
                hint = " (no process has this PID: is the server running?)";
            else if (err == EPERM) /* 보내는 쪽의 UID가 받는 쪽의 실제/저장된 UID와 다르다 */
                hint = " (the process belongs to another user: only root or the same user may signal it)";
            else if (err == EAGAIN) /* sigqueue만: 실시간 시그널의 큐가 가득 찼다 */
                hint = " (the receiver's queue of pending signals is full: RLIMIT_SIGPENDING)";
            if (queued)
                fprintf(stderr, "client: sigqueue(%ld, %s, %ld): %s%s\n", (long)pid, label, first + i,
                        strerror(err), hint);
            else
                fprintf(stderr, "client: kill(%ld, %s): %s%s\n", (long)pid, label, strerror(err), hint);
            return 1; /* 앞의 i 개는 이미 갔다: 시그널은 되돌릴 수 없다 */
        }
    }

    /* 모두 보냈다. 0은 "커널이 받아 주었다"는 뜻이지 server가 처리했다는 뜻이 아니다: 받는 쪽이
     * 멈춰 있거나(SIGSTOP) 차단하고 있으면 시그널은 보류된 채 기다리고, 표준 시그널은 합쳐질 수 있다. */
    printf("client: sent %s", label);
    if (count > 1)
        printf(" %ld times", count); /* 보낸 횟수이지, 배달된 횟수가 아니다 */
    printf(" to pid %ld", (long)pid);
    if (!queued)
        printf(" (kill)\n"); /* 받는 쪽은 si_code SI_USER로 본다 */
    else if (count == 1) /* 받는 쪽은 SI_QUEUE와 si_value로 본다 */
        printf(" (sigqueue, value %ld)\n", first);
    else
        printf(" (sigqueue, values %ld..%ld)\n", first, first + count - 1);
    return 0;
}
