/*
 * 05-mqueue/server.c: POSIX 메시지 큐로 요청을 받고, client 마다 따로 있는 응답 큐로 답한다.
 *
 * 메시지 큐는 커널 안에 있는 "메시지 단위" 우편함이다. 바이트를 흘려보내는 파이프와 달리
 * mq_send 한 번이 메시지 하나가 되고, mq_receive 한 번이 정확히 그 메시지 하나를 꺼낸다
 * (경계가 지켜진다). 메시지마다 우선순위가 있어 높은 것부터 나오고, 큐는 만든 프로세스가
 * 끝나도 mq_unlink 하기 전까지 커널에 남는다 (커널 지속성).
 *
 *   client ──mq_send("4242 hello")──▶ [요청 큐 /ipc-demo] ──mq_receive──▶ server
 *   client ◀──mq_receive("HELLO")──── [응답 큐 /ipc-demo.4242] ◀──mq_send── server
 *
 * 실행 (make 05-mqueue 로 빌드한 뒤, 05-mqueue 폴더에서 두 터미널로):
 *   ./server                  큐 /ipc-demo 를 만들고 요청을 기다린다 (Ctrl-C 로 끝내면 큐를 지운다)
 *   ./client hi 'hello, queue'            다른 터미널에서: 요청 두 개를 보내고 답을 받는다
 *   ./server -H               (보류) 큐만 만들고 SIGUSR1 이 올 때까지 읽지 않는다: 그 사이에
 *                             ./client -n -p 1 low; ./client -n -p 9 high 로 쌓은 뒤
 *                             kill -USR1 <pid> 하면 우선순위가 높은 것부터 나온다
 *   ./server -m 5 -s 100      큐의 속성(최대 메시지 수, 메시지 최대 크기)을 정한다
 *   ./server -f               SIGKILL 로 죽은 server 가 남긴 큐를 지우고 새로 만든다
 *
 * 출력:
 *   server: /proc/sys/fs/mqueue: msg_max 10, msgsize_max 8192, msg_default 10, msgsize_default 8192
 *   server: ready on /ipc-demo (pid 4241): mq_maxmsg 10, mq_msgsize 256
 *   server: request from pid 4242: "hi" (7 bytes, prio 0) -> replied "HI"
 *   server: one-way message: "low" (5 bytes, prio 1)
 *   server: SIGTERM: removed /ipc-demo
 *
 * 읽을 man 페이지: man 7 mq_overview, man 3 mq_open, man 3 mq_receive, man 3 mq_send,
 *                  man 3 mq_getattr, man 3 mq_unlink, man 2 sigaction, man 2 sigsuspend
 */
#define _POSIX_C_SOURCE 200809L /* mq_timedreceive, clock_gettime, sigaction (POSIX.1-2008) */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

/*
 * 받기를 이 간격(초)으로 끊는다. 시그널 처리기는 플래그만 세우는데, 그 시그널이 플래그를
 * 확인한 직후와 mq_timedreceive 에 들어가기 직전 사이에 오면 받기는 다음 메시지까지 잠든다.
 * 마감 시각을 두면 그런 경우에도 늦어도 이만큼 뒤에는 플래그를 다시 본다.
 */
#define TICK_SECONDS 1

struct options {
    const char *name; /* -q: 요청 큐 이름 */
    long maxmsg;      /* -m: mq_maxmsg */
    long msgsize;     /* -s: mq_msgsize */
    int hold;         /* -H: SIGUSR1 전에는 읽지 않는다 */
    int force;        /* -f: 같은 이름의 남은 큐를 지우고 시작 */
};

/* 시그널 처리기가 세우는 플래그. 처리기 안에서는 이것만 한다 (printf, mq_unlink 는 하지 않는다). */
static volatile sig_atomic_t stop_signal = 0; /* SIGINT/SIGTERM 의 번호 */
static volatile sig_atomic_t released = 0;    /* SIGUSR1 을 받았다 */

/* 끝날 때 치울 것들. 정상 종료든 오류(die)든 cleanup() 이 치운다. */
static const char *created_name = NULL; /* 우리가 만든 큐: 끝날 때 mq_unlink 한다 */
static char *recv_buf, *reply_buf;      /* 받은 메시지, 지은 답 (둘 다 mq_msgsize 바이트) */

static void usage(FILE *to)
{
    fprintf(to, "usage: server [-q NAME] [-m MAXMSG] [-s MSGSIZE] [-H] [-f]\n");
}

static void help(void)
{
    usage(stdout);
    printf("\nPOSIX 메시지 큐 NAME 을 만들고 요청 \"PID TEXT\" 마다 TEXT 를 대문자로 바꿔\n"
           "그 client 의 응답 큐 NAME.PID 로 보낸다. \"- TEXT\" 는 답이 없는 한 방향 메시지다.\n\n"
           "  -q NAME     요청 큐 이름, '/' 로 시작하고 다른 '/' 는 없다 (기본: %s)\n"
           "  -m MAXMSG   큐에 쌓일 수 있는 메시지 수 mq_maxmsg (기본: %ld)\n"
           "  -s MSGSIZE  메시지 하나의 최대 바이트 수 mq_msgsize (기본: %ld)\n"
           "  -H          보류: 큐를 만든 뒤 SIGUSR1 을 받을 때까지 읽지 않는다 (우선순위 실험용)\n"
           "  -f          NAME 이 이미 있으면 (죽은 server 가 남긴 큐) 지우고 새로 만든다\n\n"
           "SIGINT/SIGTERM 을 받으면 큐를 mq_unlink 하고 상태 0 으로 끝난다.\n",
           DEFAULT_QUEUE, DEFAULT_MAXMSG, DEFAULT_MSGSIZE);
}

/* 우리가 만든 큐를 지우고(지우지 않으면 이 프로세스가 끝나도 큐는 커널에 남는다) 버퍼를 돌려준다. */
static void cleanup(void)
{
    if (created_name != NULL && mq_unlink(created_name) == -1)
        fprintf(stderr, "server: mq_unlink %s: %s\n", created_name, strerror(errno));
    created_name = NULL;
    free(recv_buf);
    free(reply_buf);
    recv_buf = reply_buf = NULL;
}

/* "server: 호출: 오류 문구 (도움말)" 을 알리고, 만든 큐를 지운 뒤 1 로 끝낸다. */
static void die_hint(const char *what, const char *hint)
{
    int saved = errno;
    fprintf(stderr, "server: %s: %s%s%s%s\n", what, strerror(saved), hint ? " (" : "", hint ? hint : "",
            hint ? ")" : "");
    cleanup();
    exit(1);
}

static void die(const char *what)
{
    die_hint(what, NULL);
}

/* 숫자 인자를 [min, max] 안의 정수로 읽는다. 아니면 사용법을 보이고 2 로 끝낸다. */
static long parse_number(const char *opt, const char *s, long min, long max)
{
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || n < min || n > max) {
        fprintf(stderr, "server: %s: expected a number from %ld to %ld, got '%s'\n", opt, min, max, s);
        usage(stderr);
        exit(2);
    }
    return n;
}

/* /proc/sys/fs/mqueue/FILE 의 숫자 하나를 읽는다. 없으면(리눅스가 아니면) -1. */
static long read_proc_limit(const char *file)
{
    char path[64];
    long value = -1;
    snprintf(path, sizeof path, "/proc/sys/fs/mqueue/%s", file);
    FILE *f = fopen(path, "re"); /* "e": O_CLOEXEC (glibc, musl) */
    if (f == NULL)
        return -1;
    if (fscanf(f, "%ld", &value) != 1)
        value = -1;
    fclose(f);
    return value;
}

static void on_stop(int sig)
{
    stop_signal = sig;
}

static void on_release(int sig)
{
    (void)sig;
    released = 1;
}

/*
 * 처리기를 단다. sa_flags 에 SA_RESTART 를 넣지 않는 것이 핵심이다: 그러면 mq_receive 처럼
 * 기다리던 호출이 시그널을 받으면 다시 시작되지 않고 -1/EINTR 로 돌아와, 반복문이 플래그를
 * 볼 수 있다. (SA_RESTART 가 있으면 커널이 호출을 다시 시작해 SIGTERM 을 받고도 계속 잔다.)
 */
static void install_handler(int sig, void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    if (sigaction(sig, &sa, NULL) == -1)
        die("sigaction");
}

/* 지금부터 seconds 초 뒤. mq_timedreceive 는 "얼마나 기다릴지"가 아니라 "언제까지"를,
 * 그것도 CLOCK_REALTIME 의 절대 시각으로 받는다 ({1, 0} 은 1970년 = 이미 지난 시각). */
static struct timespec deadline_after(int seconds)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) == -1)
        die("clock_gettime");
    ts.tv_sec += seconds;
    return ts;
}

/* 답을 짓는다: TEXT 의 글자를 대문자로. (이 server 가 하는 "일"은 이것뿐이다.) */
static void make_reply(char *out, const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        out[i] = (char)toupper((unsigned char)text[i]);
}

/*
 * "PID TEXT" 의 PID 를 읽는다. 맞으면 PID (> 0) 와 TEXT 의 시작 위치, 아니면 0.
 * 메시지는 아무 프로세스나 보낼 수 있으므로 (권한만 있으면), 형식을 믿지 않고 확인한다.
 */
static long parse_pid(const char *msg, size_t len, size_t *text_at)
{
    long pid = 0;
    size_t i = 0;
    while (i < len && i < 9 && msg[i] >= '0' && msg[i] <= '9') /* 9자리면 32비트 long 에도 들어간다 */
        pid = pid * 10 + (msg[i++] - '0');
    if (i == 0 || i >= len || msg[i] != ' ' || pid <= 0)
        return 0;
    *text_at = i + 1;
    return pid;
}

/*
 * 답을 client 의 응답 큐로 보낸다. 이 server 는 혼자서 모든 client 를 받으므로 한 client
 * 때문에 멈추면 안 된다. 그래서 O_NONBLOCK 으로 열어, 큐가 가득 차 있으면 기다리지 않고
 * EAGAIN 을 받아 그 답만 버린다. 실패하면 -1 을 돌려주고 그 까닭을 why 에 적는다.
 */
static int send_reply(const char *server_name, long pid, const char *reply, size_t len, unsigned prio,
                      char *why, size_t whysize)
{
    char name[NAME_MAX + 2];
    snprintf(name, sizeof name, "%s.%ld", server_name, pid);

    /*
     * mq_open(이름, O_WRONLY): client 가 이미 만든 큐를 쓰기 전용으로 연다. O_CREAT 가 없으니
     * 큐가 없으면(client 가 먼저 끝났으면) ENOENT 다. O_NONBLOCK 은 이 설명(open description)에
     * 붙는 표시라 이 server 의 쓰기에만 적용되고, client 의 받기는 그대로 기다린다.
     */
    mqd_t q = mq_open(name, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (q == (mqd_t)-1) {
        int err = errno;
        snprintf(why, whysize, "mq_open %s: %s%s", name, strerror(err), err == ENOENT ? " (client gone)" : "");
        return -1;
    }
    /* mq_send: 커널이 reply 의 len 바이트를 큐 안으로 복사한다. 돌아온 뒤 reply 는 다시 우리 것이다. */
    int rc = mq_send(q, reply, len, prio);
    if (rc == -1) {
        int err = errno;
        snprintf(why, whysize, "mq_send %s: %s%s", name, strerror(err), err == EAGAIN ? " (reply queue full)" : "");
    }
    /* mq_close: 이 프로세스의 디스크립터만 닫는다. 큐 자체는 client 가 mq_unlink 할 때까지 있다. */
    if (mq_close(q) == -1 && rc == 0) {
        snprintf(why, whysize, "mq_close %s: %s", name, strerror(errno));
        rc = -1;
    }
    return rc;
}

/* 받은 메시지 하나를 처리한다: 형식을 확인하고, 답이 필요하면 답한다. 무슨 일이 있어도 돌아온다. */
static void serve(const char *server_name, const char *msg, size_t len, unsigned prio, char *reply)
{
    size_t text_at = 0;
    long pid = 0;

    if (len >= 2 && msg[0] == '-' && msg[1] == ' ') {
        printf("server: one-way message: ");
        print_quoted(stdout, msg + 2, len - 2);
        printf(" (%zu bytes, prio %u)\n", len, prio);
        return;
    }
    if ((pid = parse_pid(msg, len, &text_at)) == 0) {
        printf("server: malformed message: ");
        print_quoted(stdout, msg, len);
        printf(" (%zu bytes, prio %u): no \"PID \" or \"- \" in front, dropped\n", len, prio);
        return;
    }

    const char *text = msg + text_at;
    size_t text_len = len - text_at;
    char why[NAME_MAX + 128];
    make_reply(reply, text, text_len);
    int rc = send_reply(server_name, pid, reply, text_len, prio, why, sizeof why);

    printf("server: request from pid %ld: ", pid);
    print_quoted(stdout, text, text_len);
    printf(" (%zu bytes, prio %u) -> ", len, prio);
    if (rc == 0) {
        printf("replied ");
        print_quoted(stdout, reply, text_len);
        printf("\n");
    } else {
        printf("no reply: %s\n", why);
    }
}

/*
 * -H 로 보류한 뒤 SIGUSR1 을 받았다: 그동안 쌓인 메시지를 기다리지 않고(O_NONBLOCK) 모두
 * 꺼낸다. 커널은 우선순위가 높은 것부터, 같은 우선순위 안에서는 먼저 온 것부터 내준다.
 * 큐가 비면 mq_receive 는 기다리는 대신 EAGAIN 으로 실패한다. 그 뒤에는 다시 기다리는 모드로.
 */
static void drain(mqd_t q, const char *name, char *buf, size_t size, char *reply)
{
    struct mq_attr nonblock = {.mq_flags = O_NONBLOCK}, before;
    /* mq_getattr: 지금 쌓여 있는 메시지 수(mq_curmsgs)를 커널에게 묻는다. */
    if (mq_getattr(q, &before) == -1)
        die("mq_getattr");
    printf("server: SIGUSR1: mq_curmsgs %ld, reading with O_NONBLOCK until EAGAIN\n", before.mq_curmsgs);
    /* mq_setattr 로 바꿀 수 있는 것은 mq_flags 의 O_NONBLOCK 하나뿐이다 (크기들은 만들 때 정해진다). */
    if (mq_setattr(q, &nonblock, NULL) == -1)
        die("mq_setattr");

    long count = 0;
    while (!stop_signal) {
        unsigned prio;
        ssize_t n = mq_receive(q, buf, size, &prio);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN)
                break;
            die("mq_receive");
        }
        serve(name, buf, (size_t)n, prio, reply);
        count++;
    }
    if (!stop_signal)
        printf("server: drained %ld, the queue is empty: mq_receive: %s (O_NONBLOCK); blocking again\n", count,
               strerror(EAGAIN));
    if (mq_setattr(q, &before, NULL) == -1) /* before.mq_flags: O_NONBLOCK 없음 */
        die("mq_setattr");
}

int main(int argc, char *argv[])
{
    struct options o = {.name = DEFAULT_QUEUE, .maxmsg = DEFAULT_MAXMSG, .msgsize = DEFAULT_MSGSIZE};
    int opt;

    /* 테스트와 demo 는 출력을 파일로 읽으므로, 버퍼에 갇히지 않게 한 줄씩 내보낸다. */
    setvbuf(stdout, NULL, _IOLBF, 0);

    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        help();
        return 0;
    }
    while ((opt = getopt(argc, argv, "hq:m:s:Hf")) != -1) {
        switch (opt) {
        case 'h': help(); return 0;
        case 'q': o.name = optarg; break;
        case 'm': o.maxmsg = parse_number("-m", optarg, 1, 1000000); break;
        case 's': o.msgsize = parse_number("-s", optarg, 1, 1L << 30); break;
        case 'H': o.hold = 1; break;
        case 'f': o.force = 1; break;
        default: usage(stderr); return 2;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "server: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    if (!queue_name_ok("server", o.name)) {
        usage(stderr);
        return 2;
    }

    /* 1. 이 기계의 한도. 권한(CAP_SYS_RESOURCE) 없는 프로세스는 msg_max, msgsize_max 를 넘는
     *    큐를 만들 수 없다. attr 없이(NULL) 만들면 msg_default, msgsize_default 가 쓰인다. */
    long msg_max = read_proc_limit("msg_max"), msgsize_max = read_proc_limit("msgsize_max");
    printf("server: /proc/sys/fs/mqueue: msg_max %ld, msgsize_max %ld, msg_default %ld, msgsize_default %ld\n",
           msg_max, msgsize_max, read_proc_limit("msg_default"), read_proc_limit("msgsize_default"));

    /* 2. 시그널: SIGINT/SIGTERM 은 끝내라, SIGUSR1 은 보류를 풀어라. 처리기는 플래그만 세운다. */
    install_handler(SIGINT, on_stop);
    install_handler(SIGTERM, on_stop);
    install_handler(SIGUSR1, on_release);
    /*
     * 보류(-H)할 때는 준비 줄을 찍기 전에 세 시그널을 막아(block) 둔다. 준비 줄을 본 테스트가
     * 곧바로 SIGUSR1 을 보내도 시그널은 보류(pending) 상태로 기다렸다가, 아래 sigsuspend 가
     * 막기를 푸는 순간 전달된다. 막지 않았다면 "플래그 확인 → 잠들기" 사이에 온 시그널을
     * 놓치고 영원히 잘 수 있다.
     */
    sigset_t hold_set, old_mask;
    sigemptyset(&hold_set);
    sigaddset(&hold_set, SIGUSR1);
    sigaddset(&hold_set, SIGINT);
    sigaddset(&hold_set, SIGTERM);
    if (o.hold && sigprocmask(SIG_BLOCK, &hold_set, &old_mask) == -1)
        die("sigprocmask");

    /* 3. -f: 같은 이름의 큐가 남아 있으면 지운다. 안에 든 메시지도 함께 사라진다. */
    if (o.force) {
        mqd_t old = mq_open(o.name, O_RDONLY | O_CLOEXEC);
        if (old != (mqd_t)-1) {
            struct mq_attr a;
            long waiting = mq_getattr(old, &a) == 0 ? a.mq_curmsgs : -1;
            if (mq_close(old) == -1)
                die("mq_close (-f)");
            if (mq_unlink(o.name) == -1)
                die("mq_unlink");
            printf("server: -f: removed left-over queue %s (mq_curmsgs %ld: those messages are gone too)\n", o.name,
                   waiting);
        } else if (errno != ENOENT) {
            die("mq_open (-f)");
        }
    }

    /*
     * 4. 요청 큐를 만든다.
     *   O_RDONLY  server 는 이 큐에서 받기만 한다.
     *   O_CREAT | O_EXCL  반드시 새로 만든다. 같은 이름이 이미 있으면 EEXIST 로 실패한다.
     *             O_EXCL 이 없으면 남아 있던 큐를 조용히 열고, 그때 attr 는 무시된다: 예전
     *             크기와 예전 메시지를 그대로 물려받는다.
     *   0600      만든 사용자만 보내고 받을 수 있다 (umask 도 적용된다).
     *   attr      mq_maxmsg, mq_msgsize 를 직접 정한다. NULL 이면 /proc 의 기본값 (보통 10,
     *             8192)이 쓰이는데, 그러면 받는 버퍼 크기를 코드만 보고는 알 수 없다.
     */
    struct mq_attr attr = {.mq_maxmsg = o.maxmsg, .mq_msgsize = o.msgsize};
    mqd_t q = mq_open(o.name, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR, &attr);
    if (q == (mqd_t)-1) {
        int err = errno; /* 아래의 snprintf 가 errno 를 건드려도 원래 값을 알리도록 */
        char what[NAME_MAX + 32];
        snprintf(what, sizeof what, "mq_open %s", o.name);
        errno = err;
        if (errno == EEXIST)
            die_hint(what, "a queue by this name is left over, maybe from a server killed by SIGKILL; "
                           "if no server is running, start with -f to remove it");
        if (errno == EINVAL) {
            char hint[256];
            snprintf(hint, sizeof hint,
                     "mq_maxmsg %ld, mq_msgsize %ld: above msg_max %ld or msgsize_max %ld? "
                     "only CAP_SYS_RESOURCE may go above them",
                     o.maxmsg, o.msgsize, msg_max, msgsize_max);
            errno = err;
            die_hint(what, hint);
        }
        if (errno == EMFILE)
            die_hint(what, "the queues of one user may use at most RLIMIT_MSGQUEUE bytes: see ulimit -q");
        die(what);
    }
    created_name = o.name;

    /* 5. 커널이 실제로 만든 속성을 읽는다. 받는 버퍼는 mq_msgsize 바이트 이상이어야 한다:
     *    작으면 메시지가 몇 바이트든 mq_receive 는 EMSGSIZE 로 실패한다. */
    if (mq_getattr(q, &attr) == -1)
        die("mq_getattr");
    recv_buf = malloc((size_t)attr.mq_msgsize);
    reply_buf = malloc((size_t)attr.mq_msgsize);
    if (recv_buf == NULL || reply_buf == NULL)
        die("malloc");
    printf("server: ready on %s (pid %ld): mq_maxmsg %ld, mq_msgsize %ld\n", o.name, (long)getpid(),
           attr.mq_maxmsg, attr.mq_msgsize);

    /* 6. 보류: 큐는 있지만 읽지 않는다. 그동안 보낸 메시지는 커널 안 큐에 쌓인다. */
    if (o.hold) {
        printf("server: holding: not reading until SIGUSR1 (kill -USR1 %ld)\n", (long)getpid());
        sigset_t wait_mask = old_mask;
        sigdelset(&wait_mask, SIGUSR1);
        sigdelset(&wait_mask, SIGINT);
        sigdelset(&wait_mask, SIGTERM);
        /* sigsuspend: 막기를 풀고 잠드는 일을 한 번에(원자적으로) 한다. 처리기가 돌고 나면 -1/EINTR. */
        while (!released && !stop_signal)
            sigsuspend(&wait_mask);
        if (sigprocmask(SIG_SETMASK, &old_mask, NULL) == -1)
            die("sigprocmask");
        if (!stop_signal)
            drain(q, o.name, recv_buf, (size_t)attr.mq_msgsize, reply_buf);
    }

    /* 7. 받고 답하기를 SIGINT/SIGTERM 이 올 때까지 되풀이한다. */
    while (!stop_signal) {
        unsigned prio;
        struct timespec deadline = deadline_after(TICK_SECONDS);
        /*
         * mq_timedreceive: 큐가 비어 있으면 커널은 이 프로세스를 재운다. 메시지가 오면 우선순위가
         * 가장 높은 것 중 가장 오래된 것 하나를 통째로 recv_buf 에 복사하고 그 길이를 돌려준다.
         * 마감 시각이 지나면 ETIMEDOUT, 시그널 처리기가 돌면 EINTR (SA_RESTART 가 없으므로).
         */
        ssize_t n = mq_timedreceive(q, recv_buf, (size_t)attr.mq_msgsize, &prio, &deadline);
        if (n == -1) {
            if (errno == EINTR || errno == ETIMEDOUT)
                continue; /* 반복문 조건에서 stop_signal 을 다시 본다 */
            die("mq_timedreceive");
        }
        serve(o.name, recv_buf, (size_t)n, prio, reply_buf);
    }

    /* 8. 정리: 디스크립터를 닫고 이름을 지운다. mq_close 만 하면 큐는 커널에 그대로 남는다. */
    if (mq_close(q) == -1)
        die("mq_close");
    created_name = NULL;
    if (mq_unlink(o.name) == -1)
        die("mq_unlink");
    printf("server: %s: removed %s\n", stop_signal == SIGINT ? "SIGINT" : "SIGTERM", o.name);
    cleanup();
    return 0;
}
