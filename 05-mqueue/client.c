/*
 * 05-mqueue/client.c: server의 요청 큐에 요청을 보내고, 자기만의 응답 큐에서 답을 받는다.
 *
 * 큐 하나에는 방향이 없다: 권한만 있으면 누구나 보내고 누구나 받는다. 요청과 답을 한 큐에 섞으면
 * server가 자기 답을 도로 꺼내거나 client가 남의 답을 가져갈 수 있다. 그래서 client는 자기만
 * 읽는 응답 큐(/ipc-demo.PID)를 만들고, 요청 "PID TEXT"에 자기 PID를 적는다. 두 큐가 한 방향씩
 * 맡아 양방향 대화가 된다. 보내기와 받기에는 마감 시각을 둔다: server가 죽었어도 멈춰 있지 않는다.
 *
 * 실행 (server가 떠 있을 때, 05-mqueue 디렉터리에서. 빌드: cc -o client client.c -lrt):
 *   ./client                       예제 요청 세 개를 보내고 답을 확인한다
 *   ./client hi 'hello, queue'     보낼 TEXT를 직접 준다
 *   ./client -t 1 hi               보내기와 답 하나를 1초까지만 기다린다 (기본 5초)
 *
 * 출력:
 *   client: server queue /ipc-demo: mq_maxmsg 10, mq_msgsize 256, mq_curmsgs 0
 *   client: reply queue /ipc-demo.4242: mq_maxmsg 1, mq_msgsize 256
 *   client: sent "hi" (7 bytes)
 *   client: reply "HI"
 *   client: 1 of 1 replies correct
 *
 * 읽을 man 페이지: man 7 mq_overview, man 3 mq_open, man 3 mq_send, man 3 mq_receive,
 *                  man 3 mq_getattr, man 3 mq_unlink, man 3 clock_gettime, man 7 signal
 */
#define _POSIX_C_SOURCE 200809L /* mq_timedsend, mq_timedreceive, clock_gettime, sigaction (POSIX.1-2008) */

#include <ctype.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "common.h" /* 이름·크기의 약속, create_queue. errno.h, fcntl.h, mqueue.h, stdio.h, string.h도 */

static volatile sig_atomic_t stop_signal = 0; /* 시그널 핸들러가 세우는 플래그: 받은 시그널의 번호 */
static char reply_name[NAME_MAX + 2];         /* 응답 큐의 이름 NAME.PID */
static int reply_made = 0;                    /* 응답 큐를 우리가 만들었다: 끝날 때 지운다 */
static char *msg;                             /* 보낼 요청 "PID TEXT"를 짓는 버퍼 */
static const char *const demo_texts[] = {"hi", "hello, queue", "messages keep their boundaries"};

static void on_stop(int sig)
{
    stop_signal = sig; /* 핸들러는 플래그만. 정리는 보통의 코드(stop_now)가 한다 */
}

/* 응답 큐를 지우고(client가 지우지 않으면 아무도 지우지 않는다) 버퍼를 돌려준다. */
static void cleanup(void)
{
    if (reply_made && mq_unlink(reply_name) == -1) /* 이름을 지운다. 큐는 마지막으로 닫힐 때 사라진다 */
        fprintf(stderr, "client: mq_unlink %s: %s\n", reply_name, strerror(errno));
    reply_made = 0;
    free(msg);
    msg = NULL;
}

/* "client: 호출 [이름]: 오류 문구 (도움말)"을 찍고, 치운 뒤 1로 끝낸다. */
static _Noreturn void die(const char *call, const char *name, const char *hint)
{
    int err = errno;
    fprintf(stderr, "client: %s%s%s: %s%s%s%s\n", call, name ? " " : "", name ? name : "", strerror(err),
            hint ? " (" : "", hint ? hint : "", hint ? ")" : "");
    cleanup();
    exit(1);
}

/* SIGINT/SIGTERM/SIGHUP을 받았다: 응답 큐를 지우고 상태 0으로 끝낸다 (사용자가 바란 끝이다). */
static _Noreturn void stop_now(void)
{
    printf("client: %s: removing reply queue %s\n",
           stop_signal == SIGINT ? "SIGINT" : stop_signal == SIGTERM ? "SIGTERM" : "SIGHUP", reply_name);
    cleanup();
    exit(0);
}

/* 지금부터 seconds 초 뒤의 CLOCK_REALTIME 시각. mq_timed*의 마감은 "몇 초 동안"이 아니라
 * 절대 시각이다 (man 3 mq_receive): {5, 0}을 주면 1970년이라 곧바로 ETIMEDOUT이다. */
static struct timespec deadline_after(double seconds)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) == -1)
        die("clock_gettime", NULL, NULL);
    long ns = ts.tv_nsec + (long)((seconds - (double)(long)seconds) * 1e9); /* 소수 부분 */
    ts.tv_sec += (time_t)seconds + ns / 1000000000L;
    ts.tv_nsec = ns % 1000000000L;
    return ts;
}

/*
 * 메시지 하나를 보내거나(send가 1) 받고(0), 받았으면 그 길이를 돌려준다. 마감 시각까지만 잔다.
 *   mq_timedsend:    커널이 buf의 len 바이트를 복사해 메시지 하나로 넣는다. 큐가 가득 차면 잔다.
 *   mq_timedreceive: 메시지 하나를 통째로 buf에 복사한다. 큐가 비어 있으면 잔다.
 * 핸들러가 돌면 EINTR로 돌아오고 (SA_RESTART가 없으므로) 플래그를 보고 끝낸다. 남은 틈: 플래그를
 * 확인한 직후, 호출에 들어가기 직전에 온 시그널은 마감이 지나서야 알아챈다 (그래도 끝은 같다).
 */
static size_t transfer(int send, mqd_t q, char *buf, size_t len, const struct timespec *deadline)
{
    const char *call = send ? "mq_timedsend" : "mq_timedreceive";
    for (;;) {
        if (stop_signal) /* 이미 시그널을 받았으면 기다리러 들어가지 않는다 */
            stop_now();
        unsigned prio; /* 받은 메시지의 우선순위 (이 장의 답은 모두 0) */
        ssize_t n = send ? mq_timedsend(q, buf, len, 0, deadline) : mq_timedreceive(q, buf, len, &prio, deadline);
        if (n >= 0)
            return (size_t)n; /* mq_timedsend는 0, mq_timedreceive는 받은 메시지의 길이 */
        if (errno == EINTR || stop_signal) /* 마감과 시그널이 겹쳐 ETIMEDOUT 이어도 시그널이 먼저다 */
            continue;
        if (errno == ETIMEDOUT) /* server가 죽었다면 자리도 답도 영영 생기지 않는다 */
            die(call, NULL, send ? "the queue stayed full: is the server running?" : "no reply in time: is the server running?");
        die(call, NULL, errno != EMSGSIZE ? NULL : send ? "the request is longer than the queue's mq_msgsize" : "the buffer is smaller than the queue's mq_msgsize");
    }
}

int main(int argc, char *argv[])
{
    const char *name = DEFAULT_QUEUE, *const *texts = demo_texts;
    double timeout = 5.0; /* -t: 요청 하나를 보내고 답을 받기까지의 최대 초 */
    int help = argc > 1 && strcmp(argv[1], "--help") == 0, bad = 0, ntexts = 3, correct = 0, opt;
    char *end;

    /* 테스트는 출력을 파일이나 파이프로 읽는다: 블록 버퍼에 갇히지 않게 한 줄씩 내보낸다. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    while (!help && !bad && (opt = getopt(argc, argv, "hq:t:")) != -1) {
        if (opt == 'q') {
            name = optarg; /* 규칙 검사는 아래의 queue_name_ok가 한다 */
        } else if (opt == 't') { /* 0 초과 3600 이하의 초, 소수도 된다 */
            timeout = strtod(optarg, &end);
            bad = end == optarg || *end != '\0' || !(timeout > 0 && timeout <= 3600);
        } else {
            help = opt == 'h';
            bad = !help; /* 모르는 옵션, 값 없는 -q/-t: getopt가 까닭을 이미 찍었다 */
        }
    }
    if (help) {
        printf("usage: client [-q /NAME] [-t SECONDS] [TEXT...]\n\n"
               "요청 큐 NAME (기본: %s)에 TEXT (기본: 예제 세 개)마다 요청 \"PID TEXT\"를 보내고, 응답 큐\n"
               "NAME.PID에서 대문자로 바뀐 답을 받아 확인한다. -t: 요청 하나를 보내고 답을 받기까지 기다릴\n"
               "최대 초 (소수 가능, 기본 5).\n", DEFAULT_QUEUE);
        return 0;
    }
    if (bad || !queue_name_ok("client", name)) {
        fprintf(stderr, "usage: client [-q /NAME] [-t SECONDS] [TEXT...]\n");
        return 2;
    }
    if (optind < argc) { /* TEXT를 주었으면 예제 대신 그것을 보낸다 */
        texts = (const char *const *)(argv + optind); /* 빈 TEXT도 된다: 길이 0의 답이 온다 */
        ntexts = argc - optind;
    }

    /* 1. 시그널: SA_RESTART 없이 단다. 그래야 잠든 mq_timed*가 EINTR로 돌아와 응답 큐를 지울 수
     *    있다. SA_RESTART면 커널이 호출을 다시 시작해, 시그널을 받고도 마감까지 계속 잔다. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask); /* 핸들러가 도는 동안 더 막을 시그널은 없다 */
    sa.sa_flags = 0;          /* SA_RESTART 없음 */
    if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1 || sigaction(SIGHUP, &sa, NULL) == -1)
        die("sigaction", NULL, NULL);

    /* 2. server의 요청 큐를 쓰기 전용으로 연다. O_CREAT가 없으니 큐가 없으면 만들지 않고 ENOENT:
     *    server가 떠 있지 않다. (O_CREAT를 주면 아무도 읽지 않는 큐에 보내고 오지 않을 답을 기다린다.)
     *    EACCES: 큐의 모드(0600)가 다른 사용자의 쓰기를 막는다. */
    mqd_t server = mq_open(name, O_WRONLY | O_CLOEXEC);
    if (server == (mqd_t)-1)
        die("mq_open", name, errno == ENOENT   ? "no such queue: is the server running?"
                             : errno == EACCES ? "the queue belongs to another user and its mode does not let us write"
                                               : NULL);

    /*
     * 3. 자기 응답 큐를 만든다: 이름은 NAME.PID. 살아 있는 프로세스끼리는 PID가 겹치지 않는다. 단,
     *    한 PID 네임스페이스 안에서만이다: IPC 네임스페이스를 나눠 쓰는 두 컨테이너의 client는 같은
     *    PID를 가질 수 있다. 그때도 O_EXCL이라 둘째는 남의 큐를 쓰지 않고 EEXIST로 멈춘다.
     *    모드 0600 (umask와 상관없이), mq_maxmsg 1 (답은 하나씩 온다), mq_msgsize 256.
     */
    snprintf(reply_name, sizeof reply_name, "%s.%ld", name, (long)getpid()); /* 244 + 11 글자: NAME_MAX 안 */
    mqd_t reply = create_queue(reply_name, O_RDONLY, REPLY_MAXMSG);
    if (reply == (mqd_t)-1) /* EEXIST인 큐는 우리 것이 아니다: 쓰지도 지우지도 않는다 */
        die("mq_open", reply_name, errno == EEXIST ? "a queue by our name exists: left by a killed client with our pid?" : NULL);
    reply_made = 1; /* 이제부터는 어떻게 끝나든 (오류, 시그널, 정상) 지운다 */
    printf("client: reply queue %s: mq_maxmsg %ld, mq_msgsize %ld\n", reply_name, REPLY_MAXMSG, MSGSIZE);

    /* 4. 요청을 하나씩 보내고 답을 기다려 확인한다. 요청은 길이 헤더도 끝 표시도 없이 "PID TEXT". */
    int hlen = snprintf(NULL, 0, "%ld ", (long)getpid()); /* "PID "의 길이 */
    size_t longest = 0;
    for (int i = 0; i < ntexts; i++)
        longest = strlen(texts[i]) > longest ? strlen(texts[i]) : longest;
    if ((msg = malloc((size_t)hlen + longest + 1)) == NULL) /* 너무 긴 요청도 지어서 보낸다: 커널이 거절한다 */
        die("malloc", NULL, NULL);
    snprintf(msg, (size_t)hlen + 1, "%ld ", (long)getpid()); /* 요청의 앞부분은 늘 같다 */
    for (int i = 0; i < ntexts; i++) {
        size_t tlen = strlen(texts[i]);
        char answer[MSGSIZE]; /* 받는 버퍼는 큐의 mq_msgsize 이상이어야 한다: 작으면 늘 EMSGSIZE */
        struct timespec deadline = deadline_after(timeout);
        memcpy(msg + hlen, texts[i], tlen); /* '\0'은 넣지 않는다: 길이가 곧 경계다 */
        transfer(1, server, msg, (size_t)hlen + tlen, &deadline); /* 돌아오면 요청은 큐 안에 있다 */
        printf("client: sent ");
        print_quoted(stdout, texts[i], tlen); /* 사용자가 준 글자도 그대로 찍지 않는다 */
        printf(" (%zu bytes)\n", (size_t)hlen + tlen);

        size_t n = transfer(0, reply, answer, sizeof answer, &deadline); /* 같은 마감까지 답을 기다린다 */
        int ok = n == tlen; /* 길이도 바이트도 같아야 맞은 답이다: server가 할 일을 여기서 다시 해 본다 */
        for (size_t k = 0; ok && k < n; k++)
            ok = answer[k] == (char)toupper((unsigned char)texts[i][k]);
        correct += ok;
        printf("client: reply ");
        print_quoted(stdout, answer, n);
        printf("%s\n", ok ? "" : " (unexpected)");
    }

    /* 5. 정리: 두 디스크립터를 닫고, 우리가 만든 응답 큐만 지운다. 요청 큐는 server의 것이다. */
    if (mq_close(server) == -1 || mq_close(reply) == -1) /* 디스크립터만 닫는다: 큐는 남는다 */
        die("mq_close", NULL, NULL);
    cleanup(); /* 응답 큐를 mq_unlink한다 */
    printf("client: %d of %d replies correct\n", correct, ntexts);
    return correct == ntexts ? 0 : 1;
}
