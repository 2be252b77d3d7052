/*
 * 05-mqueue/exercises/2-open-send-receive/server.c: 연습 2의 모범 답안 (05-mqueue/server.c와 같은 코드).
 * POSIX 메시지 큐로 요청을 받고, client마다 따로 있는 응답 큐로 답한다.
 *
 * 메시지 큐는 커널 안에 있는, 이름 붙은 "메시지 단위" 우편함이다. mq_send 한 번이 메시지 하나가
 * 되고, mq_receive 한 번이 정확히 그 메시지 하나를 꺼낸다 (경계가 지켜진다). 큐는 만든 프로세스가
 * 끝나도 mq_unlink할 때까지 커널에 남는다 (커널 지속성). 그래서 이 server는 어떻게 끝나든
 * (정상, 오류, SIGINT, SIGTERM, SIGHUP) 자기가 만든 큐를 지운다.
 *
 *   client ──mq_send("4242 hi")──▶ [요청 큐 /ipc-demo] ──mq_receive──▶ server
 *   client ◀──mq_receive("HI")─── [응답 큐 /ipc-demo.4242] ◀──mq_send── server
 *
 * 실행 (이 디렉터리에서 cc -o server server.c -lrt && cc -o client client.c -lrt 뒤.
 *       채점은 저장소 맨 위에서 make exercise EX=05-mqueue/2):
 *   ./server                  큐 /ipc-demo를 만들고 요청을 기다린다 (Ctrl-C로 끝내면 큐를 지운다)
 *   ./client hi               다른 터미널에서 (client.c 참고)
 *   ./server -q /other        다른 이름의 큐로
 *
 * 출력:
 *   server: ready on /ipc-demo (pid 4241): mq_maxmsg 10, mq_msgsize 256
 *   server: request from pid 4242: "hi" (7 bytes, prio 0) -> replied "HI"
 *   ^Cserver: SIGINT: removed /ipc-demo
 *
 * 읽을 man 페이지: man 7 mq_overview, man 3 mq_open, man 3 mq_receive, man 3 mq_send,
 *                  man 3 mq_getattr, man 3 mq_unlink, man 2 ppoll, man 2 sigaction, man 7 signal
 */
#define _GNU_SOURCE /* ppoll: 리눅스 확장 (POSIX.1-2024에 들어갔다). mqd_t를 poll하는 것도 리눅스에서만 된다 */

#include <ctype.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "common.h" /* 이름·크기의 약속. errno.h, fcntl.h, mqueue.h, stdio.h, string.h도 부른다 */

static volatile sig_atomic_t stop_signal = 0; /* 시그널 핸들러가 세우는 플래그: 받은 시그널의 번호 */
static const char *created = NULL;            /* 우리가 만든 큐의 이름. 끝날 때 mq_unlink한다 */

/* 시그널 핸들러: 플래그만 세운다. printf나 mq_unlink는 핸들러에서 안전하지 않다 (man 7 signal-safety). */
static void on_stop(int sig)
{
    stop_signal = sig;
}

/* "server: 호출: 오류 문구 (도움말)"을 찍고, 만든 큐를 지운 뒤 1로 끝낸다. */
static _Noreturn void die(const char *what, const char *hint)
{
    int err = errno;
    fprintf(stderr, "server: %s: %s%s%s%s\n", what, strerror(err), hint ? " (" : "", hint ? hint : "", hint ? ")" : "");
    if (created != NULL && mq_unlink(created) == -1) /* 큐는 프로세스가 끝나도 남는다: 지우고 끝낸다 */
        fprintf(stderr, "server: mq_unlink %s: %s\n", created, strerror(errno));
    exit(1);
}

/* "PID TEXT"의 PID (> 0)와 TEXT의 시작 위치. 형식이 틀리면 0. 큐에는 권한만 있으면 누구나
 * 보낼 수 있고 보낸 이가 적혀 있지 않으므로, 내용을 믿지 않고 확인한다. 9자리면 long에 들어간다. */
static long parse_pid(const char *msg, size_t len, size_t *text_at)
{
    long pid = 0;
    size_t i = 0;
    while (i < len && i < 9 && msg[i] >= '0' && msg[i] <= '9')
        pid = pid * 10 + (msg[i++] - '0');
    if (i == 0 || i >= len || msg[i] != ' ' || pid <= 0) /* 숫자 없음, 공백 없음, PID 0 */
        return 0;
    *text_at = i + 1;
    return pid;
}

/*
 * 받은 메시지 하나를 처리한다: 형식을 확인하고, TEXT를 대문자로 바꿔 client의 응답 큐
 * "NAME.PID"로 답한다. 무슨 일이 있어도 돌아온다: client 하나의 잘못이 server를 끝내면 안 된다.
 */
static void serve(const char *qname, const char *msg, size_t len, unsigned prio)
{
    char reply[MSGSIZE], name[NAME_MAX + 2]; /* 받은 메시지는 MSGSIZE를 넘지 않는다 (커널이 지킨다) */
    size_t at = 0;
    long pid = parse_pid(msg, len, &at);
    if (pid == 0) {
        printf("server: malformed message: ");
        print_quoted(stdout, msg, len); /* 남이 보낸 바이트: 그대로 찍지 않는다 */
        printf(" (%zu bytes, prio %u): no \"PID \" in front, dropped\n", len, prio);
        return;
    }
    printf("server: request from pid %ld: ", pid);
    print_quoted(stdout, msg + at, len - at);
    printf(" (%zu bytes, prio %u) -> ", len, prio); /* len: mq_receive가 돌려준 그대로의 길이 */
    size_t tlen = len - at;                          /* parse_pid가 at <= len을 지킨다 */
    for (size_t i = 0; i < tlen; i++)                /* 이 server가 하는 "일"은 이것뿐이다 */
        reply[i] = (char)toupper((unsigned char)msg[at + i]);

    /*
     * 응답 큐를 O_WRONLY | O_NONBLOCK으로 연다. O_CREAT가 없으니 client가 먼저 떠났으면 ENOENT.
     * O_NONBLOCK: 이 server는 혼자서 모든 client를 받는다. 답을 읽지 않는 client 하나 때문에
     * 멈추지 않도록, 응답 큐가 가득 차 있으면 mq_send는 잠드는 대신 EAGAIN이고 그 답만 버린다.
     * 이 플래그는 server가 연 열린 큐 기술(open description)에만 붙는다: client의 받기는 그대로 잔다.
     */
    snprintf(name, sizeof name, "%s.%ld", qname, pid);
    mqd_t q = mq_open(name, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    int err = errno; /* 아래의 strerror와 비교가 같은 값을 보도록 */
    if (q == (mqd_t)-1) {
        printf("no reply: mq_open %s: %s%s\n", name, strerror(err), err == ENOENT ? " (client gone)" : "");
        return;
    }
    /* mq_send: 커널이 reply의 바이트를 큐 안으로 복사해 메시지 하나로 넣는다 (우선순위 0). */
    if (mq_send(q, reply, tlen, 0) == -1) {
        err = errno;
        printf("no reply: mq_send %s: %s%s\n", name, strerror(err), err == EAGAIN ? " (reply queue full)" : "");
    } else {
        printf("replied ");
        print_quoted(stdout, reply, tlen);
        printf("\n");
    }
    /* mq_close: 이 프로세스의 디스크립터만 닫는다. 응답 큐는 client의 것이라 지우지 않는다. */
    if (mq_close(q) == -1)
        die("mq_close", NULL);
}

int main(int argc, char *argv[])
{
    const char *name = DEFAULT_QUEUE;
    int help = argc > 1 && strcmp(argv[1], "--help") == 0, bad = 0, opt;

    /* 테스트와 demo는 출력을 파일로 읽는다. 파일로 가는 stdout은 기본이 블록 버퍼라 줄이 늦게
     * 나가므로, 한 줄씩 내보내게 한다. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    while (!help && !bad && (opt = getopt(argc, argv, "hq:")) != -1) {
        if (opt == 'q')
            name = optarg;
        else if (opt == 'h')
            help = 1;
        else
            bad = 1; /* 모르는 옵션, 값 없는 -q: getopt가 까닭을 이미 찍었다 */
    }
    if (help) {
        printf("usage: server [-q /NAME]\n\n"
               "요청 큐 NAME을 만들고, 요청 \"PID TEXT\"마다 TEXT를 대문자로 바꿔 응답 큐 NAME.PID로\n"
               "보낸다. SIGINT/SIGTERM/SIGHUP을 받으면 큐를 mq_unlink 하고 상태 0으로 끝난다.\n\n"
               "  -q /NAME   요청 큐 이름: '/' 하나로 시작, 보이는 ASCII 244 글자까지 (기본: %s)\n",
               DEFAULT_QUEUE);
        return 0;
    }
    if (bad || optind != argc || !queue_name_ok("server", name)) { /* 남는 인자, 규칙에 어긋난 이름 */
        fprintf(stderr, "usage: server [-q /NAME]\n");
        return 2;
    }

    /*
     * 1. 시그널. SIGINT(Ctrl-C), SIGTERM(kill), SIGHUP(터미널이 닫힘)은 모두 "큐를 지우고 끝내라"다.
     *    먼저 셋을 차단(blocked)해 둔다. 차단된 시그널은 보류(pending)되어 있다가, 아래의 ppoll이
     *    잠든 동안만 마스크를 풀 때 배달된다. 그래서 "플래그 확인 → 잠들기" 사이에 온 시그널을 놓칠
     *    틈이 없다. (그냥 mq_receive로 잠들면, 그 틈에 온 SIGTERM은 다음 메시지가 올 때까지 묻힌다.)
     */
    const int stop_sigs[] = {SIGINT, SIGTERM, SIGHUP};
    sigset_t stops, orig;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask); /* 핸들러가 도는 동안 더 막을 시그널은 없다 */
    sa.sa_flags = 0; /* SA_RESTART 없음. (ppoll은 SA_RESTART가 있어도 다시 시작되지 않는다: man 7 signal) */
    sigemptyset(&stops);
    for (int i = 0; i < 3; i++)
        sigaddset(&stops, stop_sigs[i]);
    if (sigprocmask(SIG_BLOCK, &stops, &orig) == -1) /* 핸들러를 달기 전에 차단한다 */
        die("sigprocmask", NULL);
    for (int i = 0; i < 3; i++) /* 핸들러는 플래그만 세우고, 정리는 main의 5단계가 한다 */
        if (sigaction(stop_sigs[i], &sa, NULL) == -1)
            die("sigaction", NULL);

    /*
     * 2. 요청 큐를 만든다 (create_queue: common.h, umask와 상관없이 모드 0600, 10개 × 256바이트).
     *    O_RDONLY        server는 이 큐에서 받기만 한다.
     *    O_NONBLOCK      빈 큐에서 mq_receive가 잠들지 않고 EAGAIN. 기다리는 일은 ppoll이 한다.
     *    O_CREAT|O_EXCL  반드시 새로 만든다. 같은 이름이 있으면 EEXIST. O_EXCL이 없으면 남아 있던
     *                    큐를 조용히 열고, 우리가 준 속성은 무시되고, 지난 메시지도 물려받는다.
     */
    mqd_t q = create_queue(name, O_RDONLY | O_NONBLOCK, REQUEST_MAXMSG);
    if (q == (mqd_t)-1) {
        int err = errno; /* snprintf가 errno를 바꾸더라도 mq_open의 오류를 알리도록 */
        char what[NAME_MAX + 16], hint[NAME_MAX + 200];
        snprintf(what, sizeof what, "mq_open %s", name);
        snprintf(hint, sizeof hint, "another server is running on it, or one was killed (SIGKILL) or crashed "
                                    "before mq_unlink; if no server is running, remove it: rm /dev/mqueue%s", name);
        errno = err; /* EMFILE: 한 사용자의 큐들이 차지할 바이트의 한도(RLIMIT_MSGQUEUE)를 넘는다 */
        die(what, err == EEXIST ? hint : err == EMFILE ? "this user's queues would pass RLIMIT_MSGQUEUE: see ulimit -q" : NULL);
    }
    created = name; /* 이제부터는 die()도 큐를 지운다 */

    /* 3. 커널이 만든 속성을 읽는다. 받는 버퍼(buf)는 mq_msgsize 이상이어야 한다: 작으면 메시지가
     *    몇 바이트든 mq_receive는 EMSGSIZE다. 준비 줄은 큐가 정말 있는 이 뒤에 찍는다. */
    struct mq_attr attr;
    char buf[MSGSIZE];
    if (mq_getattr(q, &attr) == -1)
        die("mq_getattr", NULL);
    printf("server: ready on %s (pid %ld): mq_maxmsg %ld, mq_msgsize %ld\n", name, (long)getpid(), attr.mq_maxmsg,
           attr.mq_msgsize);

    /* 4. 받고 답하기를 시그널이 올 때까지. 리눅스에서 mqd_t는 파일 디스크립터라 poll할 수 있다. */
    struct pollfd pfd = {.fd = (int)q, .events = POLLIN}; /* POLLIN: 받을 메시지가 있다 */
    while (!stop_signal) {
        /* ppoll: 큐에 메시지가 생길 때까지 잠든다. 잠든 동안만 마스크를 orig로 바꾸므로, 차단해 둔
         * 시그널이 이때 배달되고 핸들러가 돈 뒤 -1/EINTR로 돌아온다. 반복문 조건이 플래그를 본다. */
        if (ppoll(&pfd, 1, NULL, &orig) == -1) {
            if (errno == EINTR) /* 핸들러가 돌았다: stop_signal이 서 있다 */
                continue;
            die("ppoll", NULL);
        }
        /* mq_receive: 우선순위가 가장 높은 것 중 가장 오래된 메시지 하나를 통째로 buf에 복사하고
         * 그 길이를 돌려준다. 그새 같은 사용자의 다른 프로세스가 가져갔으면 EAGAIN: 다시 ppoll로. */
        unsigned prio;
        ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
        if (n == -1) {
            if (errno == EAGAIN) /* O_NONBLOCK이라 잠들지 않고 "지금은 없다" */
                continue;
            die("mq_receive", NULL);
        }
        serve(name, buf, (size_t)n, prio);
    }

    /* 5. 정리. mq_close는 디스크립터만 닫는다: 이름과 큐(와 안의 메시지)는 mq_unlink해야 사라진다. */
    if (mq_close(q) == -1)
        die("mq_close", NULL);
    created = NULL; /* 아래의 mq_unlink가 실패해도 die()가 두 번 지우려 하지 않게 */
    if (mq_unlink(name) == -1)
        die("mq_unlink", NULL);
    printf("server: %s: removed %s\n",
           stop_signal == SIGINT ? "SIGINT" : stop_signal == SIGTERM ? "SIGTERM" : "SIGHUP", name);
    return 0;
}
