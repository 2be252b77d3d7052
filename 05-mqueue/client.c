/*
 * 05-mqueue/client.c: server 의 요청 큐에 메시지를 보내고, 자기 응답 큐에서 답을 받는다.
 *
 * 메시지 큐 하나에는 방향이 정해져 있지 않다: 권한만 있으면 누구나 보내고 누구나 받는다.
 * 하지만 요청과 답을 한 큐에 섞으면 server 가 자기 답을 도로 꺼내거나, client 가 남의 답을
 * 가져갈 수 있다. 그래서 client 는 자기만 읽는 응답 큐(/요청큐이름.PID)를 만들고, 요청에
 * 자기 PID 를 적어 보낸다. 두 큐가 한 방향씩 맡아 양방향 대화가 된다.
 *
 * 실행 (server 가 떠 있을 때, 05-mqueue 폴더에서):
 *   ./client                         예제 요청 세 개를 보내고 답을 받는다
 *   ./client hi 'hello, queue'       보낼 TEXT 를 직접 준다
 *   ./client -n -p 9 high            한 방향(-n): 응답 큐 없이 우선순위 9 로 보내기만 한다
 *   ./client -R garbage              머리말 없이 TEXT 그대로 보낸다 (형식에 맞지 않는 메시지 실험)
 *   ./client -t 1 hi                 답을 1초까지만 기다린다 (server 가 죽었을 때를 대비한 마감)
 *   ./client -b 8 hi                 (실수 재현) mq_msgsize 보다 작은 받기 버퍼 → EMSGSIZE
 *
 * 출력:
 *   client: server queue /ipc-demo: mq_maxmsg 10, mq_msgsize 256, mq_curmsgs 0
 *   client: reply queue /ipc-demo.4242: mq_maxmsg 1, mq_msgsize 256
 *   client: sent "hi" (7 bytes, prio 0)
 *   client: reply "HI"
 *   client: 1 of 1 replies correct
 *
 * 읽을 man 페이지: man 7 mq_overview, man 3 mq_open, man 3 mq_send, man 3 mq_receive,
 *                  man 3 mq_getattr, man 3 mq_unlink
 */
#define _POSIX_C_SOURCE 200809L /* mq_timedsend, mq_timedreceive, clock_gettime, sigaction */

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

static const char *const demo_texts[] = {"hi", "hello, queue", "messages keep their boundaries"};

struct options {
    const char *name; /* -q: server 의 요청 큐 */
    unsigned prio;    /* -p: 보내는 메시지의 우선순위 */
    double timeout;   /* -t: 보내기·받기를 기다리는 최대 초 */
    long bufsize;     /* -b: 받기 버퍼 크기 (0: 응답 큐의 mq_msgsize) */
    int one_way;      /* -n: 응답 큐 없이 "- TEXT" 를 보내기만 */
    int raw;          /* -R: 머리말 없이 TEXT 를 그대로 보내기만 */
};

static volatile sig_atomic_t stop_signal = 0; /* 처리기가 세우는 플래그: SIGINT/SIGTERM 번호 */

/* 끝날 때 치울 것들. 정상 종료, 오류(die), 시그널(stop_now) 어느 길로 끝나든 cleanup() 이 치운다. */
static char reply_name[NAME_MAX + 2]; /* 우리가 만든 응답 큐의 이름 ("" 이면 아직 없음) */
static char *msg_buf;                 /* 보낼 메시지를 짓는 버퍼 */
static char *answer_buf;              /* 받은 답을 담는 버퍼 */

static void usage(FILE *to)
{
    fprintf(to, "usage: client [-q NAME] [-p PRIO] [-t SECONDS] [-b BYTES] [-n | -R] [TEXT...]\n");
}

static void help(void)
{
    usage(stdout);
    printf("\nserver 의 요청 큐 NAME 에 TEXT 마다 요청 \"PID TEXT\" 를 보내고, 응답 큐 NAME.PID 에서\n"
           "대문자로 바뀐 답을 받아 확인한다. 요청은 하나씩: 답을 받은 뒤에 다음 것을 보낸다.\n\n"
           "  -q NAME     server 의 큐 이름 (기본: %s)\n"
           "  -p PRIO     메시지 우선순위, 0..sysconf(_SC_MQ_PRIO_MAX)-1 (기본: 0)\n"
           "  -t SECONDS  보내기와 답 하나를 기다리는 최대 시간, 소수 가능 (기본: 5)\n"
           "  -b BYTES    받기 버퍼 크기 (기본: 응답 큐의 mq_msgsize; 작으면 EMSGSIZE)\n"
           "  -n          한 방향: 응답 큐 없이 \"- TEXT\" 를 보내기만 하고 끝낸다\n"
           "  -R          날것: 머리말 없이 TEXT 를 그대로 한 메시지로 보내기만 한다\n"
           "  TEXT...     보낼 내용 (기본: 예제 세 개)\n",
           DEFAULT_QUEUE);
}

/* 응답 큐를 만들었다면 지우고(client 가 지우지 않으면 아무도 지우지 않는다), 버퍼를 돌려준다. */
static void cleanup(void)
{
    if (reply_name[0] != '\0' && mq_unlink(reply_name) == -1)
        fprintf(stderr, "client: mq_unlink %s: %s\n", reply_name, strerror(errno));
    reply_name[0] = '\0';
    free(msg_buf);
    free(answer_buf);
    msg_buf = answer_buf = NULL;
}

/* "client: 호출: 오류 문구 (도움말)" 을 알리고, 응답 큐를 지운 뒤 1 로 끝낸다. */
static void die_hint(const char *what, const char *hint)
{
    int saved = errno;
    fprintf(stderr, "client: %s: %s%s%s%s\n", what, strerror(saved), hint ? " (" : "", hint ? hint : "",
            hint ? ")" : "");
    cleanup();
    exit(1);
}

static void die(const char *what)
{
    die_hint(what, NULL);
}

static void bad_arg(const char *opt, const char *what, const char *s)
{
    fprintf(stderr, "client: %s: expected %s, got '%s'\n", opt, what, s);
    usage(stderr);
    exit(2);
}

static long parse_long(const char *opt, const char *s, long min, long max)
{
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || n < min || n > max) {
        char what[64];
        snprintf(what, sizeof what, "a number from %ld to %ld", min, max);
        bad_arg(opt, what, s);
    }
    return n;
}

static void on_stop(int sig)
{
    stop_signal = sig;
}

/* SA_RESTART 없이 단다: 기다리던 mq_timedsend/mq_timedreceive 가 EINTR 로 돌아와 플래그를 본다. */
static void install_handler(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    if (sigaction(sig, &sa, NULL) == -1)
        die("sigaction");
}

/* SIGINT/SIGTERM 을 받았다: 만든 것을 지우고 상태 0 으로 끝낸다 (사용자가 원한 종료이므로). */
static void stop_now(void)
{
    const char *sig = stop_signal == SIGINT ? "SIGINT" : "SIGTERM";
    if (reply_name[0] != '\0')
        printf("client: %s: removing reply queue %s\n", sig, reply_name);
    else
        printf("client: %s: stopping\n", sig);
    cleanup();
    exit(0);
}

/* 지금부터 seconds 초 뒤의 CLOCK_REALTIME 시각. mq_timed* 의 마감은 상대 시간이 아니라 절대 시각이다. */
static struct timespec deadline_after(double seconds)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) == -1)
        die("clock_gettime");
    long whole = (long)seconds;
    long nsec = ts.tv_nsec + (long)((seconds - (double)whole) * 1e9);
    ts.tv_sec += whole + nsec / 1000000000L;
    ts.tv_nsec = nsec % 1000000000L;
    return ts;
}

/* 답이 TEXT 를 대문자로 바꾼 것과 바이트 단위로 같은가 (server 가 하는 일을 여기서 다시 한다). */
static int is_reply_to(const char *answer, size_t n, const char *text, size_t tlen)
{
    if (n != tlen)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (answer[i] != (char)toupper((unsigned char)text[i]))
            return 0;
    return 1;
}

/*
 * 메시지 하나를 보낸다. mq_timedsend: 커널이 msg 의 len 바이트를 큐 안으로 복사해 메시지
 * 하나로 넣는다. 큐가 가득 차 있으면(mq_curmsgs == mq_maxmsg) 자리가 날 때까지 기다리는데,
 * server 가 죽었다면 자리는 영영 나지 않으니 마감 시각을 둔다. len 이 mq_msgsize 보다 크면
 * EMSGSIZE: 너무 긴 메시지는 큐에 들어가지도 못하므로 server 는 그것을 볼 일이 없다.
 * 실패하면 알리고 끝낸다.
 */
static void send_message(mqd_t q, const char *msg, size_t len, unsigned prio, double timeout, long msgsize)
{
    struct timespec deadline = deadline_after(timeout);
    for (;;) {
        if (stop_signal) /* 이미 SIGINT/SIGTERM 을 받았다면 기다리러 들어가지 않는다 */
            stop_now();
        if (mq_timedsend(q, msg, len, prio, &deadline) == 0)
            return;
        int err = errno; /* snprintf 가 errno 를 건드려도 원래 값을 알리도록 */
        if (stop_signal || err == EINTR)
            continue;
        char hint[128] = "";
        if (err == EMSGSIZE)
            snprintf(hint, sizeof hint, "the message is %zu bytes, the queue's mq_msgsize is %ld", len, msgsize);
        if (err == ETIMEDOUT)
            snprintf(hint, sizeof hint, "the queue stayed full: is the server running?");
        errno = err;
        die_hint("mq_timedsend", hint[0] != '\0' ? hint : NULL);
    }
}

/*
 * 답 하나를 받아 그 길이를 돌려준다. mq_timedreceive: 답이 올 때까지 잔다. 버퍼는 큐의
 * mq_msgsize 이상이어야 한다 (작으면 큐를 보지도 않고 EMSGSIZE). server 가 죽으면 답은 오지
 * 않으니, 마감 시각이 지나면 ETIMEDOUT 으로 깨어나 알리고 끝낸다.
 */
static size_t receive_reply(mqd_t q, char *buf, size_t size, double timeout, long msgsize)
{
    struct timespec deadline = deadline_after(timeout);
    unsigned prio;
    for (;;) {
        if (stop_signal)
            stop_now();
        ssize_t n = mq_timedreceive(q, buf, size, &prio, &deadline);
        if (n >= 0)
            return (size_t)n;
        /* 처리기가 돈 뒤라면 EINTR 이든, 마감과 겹쳐 ETIMEDOUT 이든 위에서 끝낸다 */
        int err = errno;
        if (stop_signal || err == EINTR)
            continue;
        char hint[128] = "";
        if (err == ETIMEDOUT)
            snprintf(hint, sizeof hint, "no reply within %g s: is the server still running?", timeout);
        if (err == EMSGSIZE)
            snprintf(hint, sizeof hint, "the buffer is %zu bytes, smaller than the queue's mq_msgsize %ld", size,
                     msgsize);
        errno = err;
        die_hint("mq_timedreceive", hint[0] != '\0' ? hint : NULL);
    }
}

int main(int argc, char *argv[])
{
    struct options o = {.name = DEFAULT_QUEUE, .timeout = 5.0};
    int opt;

    /* 테스트가 출력을 파일이나 파이프로 읽으므로, 버퍼에 갇히지 않게 한 줄씩 내보낸다. */
    setvbuf(stdout, NULL, _IOLBF, 0);

    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        help();
        return 0;
    }
    long prio_max = sysconf(_SC_MQ_PRIO_MAX); /* 리눅스 32768, POSIX 가 보장하는 것은 32 */
    if (prio_max < 1)
        prio_max = 32;
    while ((opt = getopt(argc, argv, "hq:p:t:b:nR")) != -1) {
        switch (opt) {
        case 'h': help(); return 0;
        case 'q': o.name = optarg; break;
        case 'p': o.prio = (unsigned)parse_long("-p", optarg, 0, prio_max - 1); break;
        case 't': {
            char *end;
            errno = 0;
            o.timeout = strtod(optarg, &end);
            if (errno != 0 || end == optarg || *end != '\0' || !(o.timeout > 0 && o.timeout <= 3600))
                bad_arg("-t", "seconds, more than 0 and at most 3600", optarg);
            break;
        }
        case 'b': o.bufsize = parse_long("-b", optarg, 1, 1L << 30); break;
        case 'n': o.one_way = 1; break;
        case 'R': o.raw = 1; break;
        default: usage(stderr); return 2;
        }
    }
    if (o.one_way && o.raw) {
        fprintf(stderr, "client: give -n or -R, not both\n");
        usage(stderr);
        return 2;
    }
    if (!queue_name_ok("client", o.name)) {
        usage(stderr);
        return 2;
    }
    const char *const *texts = (const char *const *)(argv + optind);
    int ntexts = argc - optind;
    if (ntexts == 0) {
        texts = demo_texts;
        ntexts = (int)(sizeof demo_texts / sizeof demo_texts[0]);
    }
    int wants_reply = !o.one_way && !o.raw;

    install_handler(SIGINT);
    install_handler(SIGTERM);

    /*
     * 1. server 의 요청 큐를 쓰기 전용으로 연다. O_CREAT 가 없으므로 큐가 없으면 만들지 않고
     *    ENOENT 로 실패한다: server 가 떠 있지 않다는 뜻이다. (O_CREAT 를 주면 아무도 읽지 않는
     *    큐를 만들어 놓고, 오지 않을 답을 기다리게 된다.)
     */
    mqd_t server = mq_open(o.name, O_WRONLY | O_CLOEXEC);
    if (server == (mqd_t)-1) {
        int err = errno; /* snprintf 가 errno 를 건드려도 원래 값을 알리도록 */
        char what[NAME_MAX + 32];
        snprintf(what, sizeof what, "mq_open %s", o.name);
        errno = err;
        if (errno == ENOENT)
            die_hint(what, "no such queue: is the server running?");
        if (errno == EACCES)
            die_hint(what, "the queue belongs to another user and its mode does not let us write");
        die(what);
    }
    /* mq_getattr: 큐의 속성을 묻는다. 요청이 mq_msgsize 보다 길면 mq_send 가 EMSGSIZE 로 거절한다. */
    struct mq_attr sattr;
    if (mq_getattr(server, &sattr) == -1)
        die("mq_getattr");
    printf("client: server queue %s: mq_maxmsg %ld, mq_msgsize %ld, mq_curmsgs %ld\n", o.name, sattr.mq_maxmsg,
           sattr.mq_msgsize, sattr.mq_curmsgs);

    /*
     * 2. 자기 응답 큐를 만든다. 이름은 PID 로 짓는다 (살아 있는 프로세스끼리는 PID 가 겹치지
     *    않는다). O_EXCL: 같은 이름의 큐가 있으면 남의 것이거나 같은 PID 를 썼던 죽은 프로세스가
     *    남긴 것이니, 쓰지 않고 실패한다. 0600: server 와 우리(같은 사용자)만 쓰고 읽는다.
     *    mq_maxmsg 1: 요청을 하나씩 보내므로 답도 하나씩만 온다. 크기는 요청 큐와 같게.
     */
    mqd_t reply = (mqd_t)-1;
    long bufsize = o.bufsize, reply_msgsize = 0;
    if (wants_reply) {
        snprintf(reply_name, sizeof reply_name, "%s.%ld", o.name, (long)getpid());
        struct mq_attr rattr = {.mq_maxmsg = REPLY_MAXMSG, .mq_msgsize = sattr.mq_msgsize};
        reply = mq_open(reply_name, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR, &rattr);
        if (reply == (mqd_t)-1) {
            int err = errno;
            char what[NAME_MAX + 32];
            snprintf(what, sizeof what, "mq_open %s", reply_name);
            reply_name[0] = '\0'; /* 우리가 만든 것이 아니니 지우지 않는다 */
            errno = err;
            die_hint(what, err == EEXIST ? "left over by a dead process with our pid? remove it" : NULL);
        }
        if (mq_getattr(reply, &rattr) == -1)
            die("mq_getattr");
        printf("client: reply queue %s: mq_maxmsg %ld, mq_msgsize %ld\n", reply_name, rattr.mq_maxmsg,
               rattr.mq_msgsize);
        reply_msgsize = rattr.mq_msgsize;
        if (bufsize == 0)
            bufsize = reply_msgsize;
    }

    /* 3. 요청을 하나씩 보내고, 답을 기다려 확인한다. 메시지 버퍼는 가장 긴 것에 맞춰 한 번 잡는다. */
    char header[32] = "";
    if (wants_reply)
        snprintf(header, sizeof header, "%ld ", (long)getpid());
    else if (o.one_way)
        strcpy(header, "- ");
    size_t hlen = strlen(header), longest = 0;
    for (int i = 0; i < ntexts; i++)
        if (strlen(texts[i]) > longest)
            longest = strlen(texts[i]);
    if ((msg_buf = malloc(hlen + longest + 1)) == NULL) /* +1: 빈 메시지여도 malloc(0) 이 아니게 */
        die("malloc");
    if (wants_reply && (answer_buf = malloc((size_t)bufsize)) == NULL)
        die("malloc");
    memcpy(msg_buf, header, hlen);
    int correct = 0;

    for (int i = 0; i < ntexts; i++) {
        size_t tlen = strlen(texts[i]), len = hlen + tlen;
        memcpy(msg_buf + hlen, texts[i], tlen);
        send_message(server, msg_buf, len, o.prio, o.timeout, sattr.mq_msgsize);
        /* 커널이 복사를 끝냈으니 버퍼를 덮어써도 큐 안의 메시지는 그대로다: 메시지 전달은 복사다.
         * (공유 메모리였다면 받는 쪽이 이 '#' 들을 보았을 것이다.) */
        memset(msg_buf + hlen, '#', tlen);
        printf("client: sent ");
        print_quoted(stdout, texts[i], tlen);
        printf(" (%zu bytes, prio %u)\n", len, o.prio);
        if (!wants_reply)
            continue;

        size_t n = receive_reply(reply, answer_buf, (size_t)bufsize, o.timeout, reply_msgsize);
        int ok = is_reply_to(answer_buf, n, texts[i], tlen);
        correct += ok;
        printf("client: reply ");
        print_quoted(stdout, answer_buf, n);
        printf("%s\n", ok ? "" : " (unexpected)");
    }

    /* 4. 정리: 두 디스크립터를 닫고, 우리가 만든 응답 큐만 지운다. 요청 큐는 server 의 것이다. */
    if (mq_close(server) == -1)
        die("mq_close");
    if (wants_reply && mq_close(reply) == -1)
        die("mq_close");
    cleanup();
    if (!wants_reply)
        return 0;
    printf("client: %d of %d replies correct\n", correct, ntexts);
    return correct == ntexts ? 0 : 1;
}
