/*
 * 02-signal 연습 3의 client.c: 다른 프로세스에게 시그널을 보낸다.
 * 연습 3의 모범 답안: ping은 답 시그널을 먼저 차단하고 보낸 뒤 sigtimedwait로 server의 답을 기다린다.
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
 *   ./client -t 5 PID ping 7       SIGRTMIN+1을 값 7과 함께 보내고 server의 답을 5초까지 기다린다
 *
 * 출력:
 *   client: sent SIGRTMIN to pid 4242 (sigqueue, value 42)
 *   client: kill(99999, SIGUSR1): No such process (no process has this PID: is the server running?)
 *
 * 읽을 man 페이지: man 2 kill, man 3 sigqueue, man 7 signal, man 2 sigtimedwait
 */
#define _POSIX_C_SOURCE 200809L /* sigqueue()와 SIGRTMIN은 POSIX 실시간 확장이다 */

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define MAX_COUNT 100000L /* -n의 상한: 실시간 시그널의 한도(ulimit -i)와 비슷한 크기 */

static void usage(FILE *to)
{
    fprintf(to, "usage: client [-n COUNT] [-t SECONDS] PID usr1|usr2|rt|term|int|hup|ping [VALUE]\n");
}

static void help(void)
{
    usage(stdout);
    printf("PID인 프로세스에게 시그널을 보낸다. VALUE를 주면 sigqueue(3)로 값과 함께, 주지 않으면 kill(2)로.\n"
           "  rt          SIGRTMIN (실시간 시그널: 보류 중에도 쌓이고, 값을 순서대로 전한다)\n"
           "  -n COUNT    COUNT 번 보낸다 (1..%ld, 기본 1). VALUE가 있으면 VALUE, VALUE+1, ...\n"
           "  ping VALUE  SIGRTMIN+1을 VALUE와 함께 보내고 server의 답을 기다린다 (-n 없이)\n"
           "  -t SECONDS  ping의 답을 기다리는 시간 (1..3600, 기본 2)\n"
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

/* 보내기가 실패했을 때: 까닭을 한 줄로 알린다 (kill과 sigqueue 모두) */
static void report_send_error(int err, const char *call, long pid, const char *label, const char *value)
{
    const char *hint = ""; /* 흔한 세 까닭에는 무엇을 살필지 한 마디를 붙인다 */
    if (err == ESRCH) /* 그 PID의 프로세스가 없다 (이미 끝나 거둬졌다) */
        hint = " (no process has this PID: is the server running?)";
    else if (err == EPERM) /* 보내는 쪽의 UID가 받는 쪽의 실제/저장된 UID와 다르다 */
        hint = " (the process belongs to another user: only root or the same user may signal it)";
    else if (err == EAGAIN) /* sigqueue만: 실시간 시그널의 큐가 가득 찼다 */
        hint = " (the receiver's queue of pending signals is full: RLIMIT_SIGPENDING)";
    fprintf(stderr, "client: %s(%ld, %s%s%s): %s%s\n", call, pid, label, value[0] ? ", " : "", value, strerror(err),
            hint); /* 값은 sigqueue일 때만: kill(PID, SIG), sigqueue(PID, SIG, VALUE) */
}

/*
 * ping: SIGRTMIN+1을 값과 함께 보내고, server가 같은 시그널로 돌려주는 답을 seconds초까지 기다린다.
 * 순서가 요점이다: 답 시그널을 "보내기 전에" 차단한다. 답은 보낸 직후 언제든 올 수 있고, 차단돼 있지 않은
 * 실시간 시그널의 기본 동작은 종료다 (기다리는 sigtimedwait 안에서도: 차단하지 않은 시그널을 기다리는 것은
 * 정의되지 않았고, 리눅스는 그 기본 동작을 따른다). 차단해 두면 답은 보류돼 sigtimedwait이 꺼낼 때까지 남는다.
 */
static int ping(pid_t pid, int value, long seconds)
{
    const int signo = SIGRTMIN + 1; /* SIGRTMIN은 server의 rt 명령: 답에는 다른 번호를 쓴다 */
    sigset_t set; /* 답 시그널 하나만 든 집합: 차단하고, 기다린다 */
    sigemptyset(&set);
    sigaddset(&set, signo);
    if (sigprocmask(SIG_BLOCK, &set, NULL) == -1) { /* 1. 먼저 차단 */
        fprintf(stderr, "client: sigprocmask: %s\n", strerror(errno)); /* 인자가 맞으면 실패하지 않는다 */
        return 1;
    }
    union sigval sv; /* 2. 보낸다 (값 하나, 포인터 칸의 나머지는 0으로) */
    memset(&sv, 0, sizeof sv);
    sv.sival_int = value;                  /* server는 이 값을 그대로 돌려준다 */
    if (sigqueue(pid, signo, sv) == -1) { /* ESRCH, EPERM, EAGAIN: 보내지 못했으니 기다릴 것도 없다 */
        char text[16];                     /* INT_MIN도 들어간다 */
        snprintf(text, sizeof text, "%d", value);
        report_send_error(errno, "sigqueue", (long)pid, "SIGRTMIN+1", text);
        return 1;
    }
    /* 이 줄은 보낸 뒤에: 채점기는 이 줄을 보고 기다리는 client에게 가짜 답을 보낸다 */
    printf("client: sent SIGRTMIN+1 to pid %ld (sigqueue, value %d), waiting for the reply\n", (long)pid, value);

    /* 3. 기다린다. 끝나는 시각을 한 번 정해 두고 남은 시간만 기다린다: EINTR(SIGSTOP/SIGCONT 뒤에도 온다,
     *    man 7 signal)이나 남의 시그널 때문에 다시 기다려도 전체가 seconds초를 넘지 않는다. */
    struct timespec end, now; /* CLOCK_MONOTONIC: 시계를 맞춰도(settimeofday) 거꾸로 가지 않는다 */
    if (clock_gettime(CLOCK_MONOTONIC, &end) == -1) {
        fprintf(stderr, "client: clock_gettime: %s\n", strerror(errno));
        return 1;
    }
    end.tv_sec += seconds; /* 끝나는 시각 */
    for (;;) {
        if (clock_gettime(CLOCK_MONOTONIC, &now) == -1) {
            fprintf(stderr, "client: clock_gettime: %s\n", strerror(errno));
            return 1;
        }
        struct timespec left = {end.tv_sec - now.tv_sec, end.tv_nsec - now.tv_nsec}; /* 남은 시간 */
        if (left.tv_nsec < 0) { /* 나노초 칸은 0..999999999여야 한다: 1초를 빌려 온다 */
            left.tv_sec--;
            left.tv_nsec += 1000000000L;
        }
        if (left.tv_sec < 0)
            left.tv_sec = left.tv_nsec = 0; /* 시간이 다 됐다: 보류된 것만 보고 곧바로 EAGAIN */
        siginfo_t si; /* 꺼낸 시그널의 기록: si_code, si_pid, si_value */
        if (sigtimedwait(&set, &si, &left) == -1) { /* 보류된 것이 있으면 곧바로, 없으면 잠든다 */
            if (errno == EINTR)
                continue; /* 남은 시간을 다시 계산해 이어서 기다린다 */
            if (errno == EAGAIN) { /* 시간이 다 됐다 */
                fprintf(stderr, "client: no reply from pid %ld within %ld s\n", (long)pid, seconds);
                return 1;
            }
            fprintf(stderr, "client: sigtimedwait: %s\n", strerror(errno));
            return 1;
        }
        /* 4. 답인가: sigqueue로(SI_QUEUE), 그 server가(si_pid) 보낸 것만. 다른 프로세스가 보낸 같은 시그널은
         *    답이 아니다: 알리고 계속 기다린다. (si_pid는 꾸밀 수 있으니 이것도 완전한 확인은 아니다.) */
        if (si.si_code == SI_QUEUE && si.si_pid == pid) {
            printf("client: reply from pid %ld (value %d)\n", (long)pid, si.si_value.sival_int);
            return 0; /* 답을 받았다: server는 살아 있고, 이 시그널을 처리했다 */
        }
        printf("client: ignored SIGRTMIN+1 from pid %ld (not a reply from the server)\n", (long)si.si_pid);
    } /* 남의 것은 꺼냈으니 사라졌다: 다시 기다린다 */
}

int main(int argc, char *argv[])
{
    long count = 1;   /* -n: 몇 번 보낼까 */
    long seconds = 2; /* -t: ping의 답을 몇 초 기다릴까 */
    int opt;

    /* 테스트는 stdout을 파일이나 파이프로 읽는다: 줄이 버퍼에 갇히지 않게 한 줄씩 내보낸다. */
    setvbuf(stdout, NULL, _IOLBF, 0);

    if (argc > 1 && strcmp(argv[1], "--help") == 0) { /* getopt는 긴 옵션을 모른다 */
        help();
        return 0;
    }
    while ((opt = getopt(argc, argv, "hn:t:")) != -1) {
        switch (opt) {
        case 'h': help(); return 0;                      /* 도움말은 stdout, 상태 0 */
        case 'n': count = parse_number("COUNT", optarg, 1, MAX_COUNT); break; /* 0 번은 뜻이 없다 */
        case 't': seconds = parse_number("SECONDS", optarg, 1, 3600); break; /* ping에만 뜻이 있다 */
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
    if (strcmp(argv[1], "ping") == 0) { /* ping: 값 하나와 함께 한 번 보내고 답을 기다린다 */
        if (argc != 3 || count != 1) {
            fprintf(stderr, "client: ping takes one VALUE and no -n\n");
            usage(stderr);
            return 2;
        }
        return ping(pid, (int)parse_number("VALUE", argv[2], INT_MIN, INT_MAX), seconds); /* 값은 int 하나 */
    }
    const char *label = NULL;
    int signo = signal_of(argv[1], &label); /* 모르는 이름이면 0 */
    if (signo == 0) {
        fprintf(stderr, "client: unknown SIGNAL (expected usr1, usr2, rt, term, int, hup or ping)\n");
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
            int err = errno; /* 아래의 snprintf가 errno를 바꿀 수 있으니 먼저 챙긴다 */
            char text[24] = "";
            if (queued)
                snprintf(text, sizeof text, "%ld", first + i);
            report_send_error(err, queued ? "sigqueue" : "kill", (long)pid, label, text);
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
