/*
 * 04-fifo/client.c: 서버의 FIFO 에 요청 하나를 쓰고, 자기만의 답 FIFO 에서 답을 읽는다.
 *
 * 순서가 곧 이 프로그램의 교훈이다:
 *   1. 서버 FIFO 를 O_WRONLY|O_NONBLOCK 으로 연다. 읽는 server 가 없으면 open 이 기다리지 않고
 *      ENXIO 로 실패한다 (그냥 O_WRONLY 였다면 server 가 올 때까지 영원히 잠든다).
 *   2. 답 FIFO "<서버 FIFO>.<내 pid>" 를 mkfifo 로 만든다 (mode 0600).
 *   3. 답 FIFO 를 O_RDONLY|O_NONBLOCK 으로 연다. writer 가 없어도 바로 성공한다.
 *      요청을 보내기 "전에" 읽는 끝을 열어 두어야, server 가 답 FIFO 를 열 때 ENXIO 를 보지 않는다.
 *   4. 512바이트 요청을 write 한 번으로 보낸다 (PIPE_BUF 이하: 다른 client 의 요청과 섞이지 않는다).
 *   5. ppoll 로 답을 기다린다 (최대 -t 초). server 가 죽으면 서버 FIFO 의 쓰는 끝에 POLLERR 이 온다.
 *   6. 답 FIFO 를 닫고 지운다. 어떤 길로 끝나든: 답을 받았을 때, 오류, SIGINT/SIGTERM.
 *
 * 실행 (04-fifo 폴더에서, ./server 가 다른 터미널에서 돌고 있을 때):
 *   ./client hello                  답: client: got "HELLO"
 *   ./client -v 'named pipes'       단계마다 무엇을 했는지 알린다
 *   ./client -f /tmp/x.fifo hi      다른 경로의 server
 *   timeout 1 ./client -b hello     (버그 재현) 답 FIFO 를 막히는 모드로 열면, 아무도 쓰지
 *                                   않으므로 open 에서 영원히 잠든다 (timeout 이 끝낸다: 124)
 *
 * 출력 (-v):
 *   client: opened ./demo.fifo for writing (a server is reading it)
 *   client: created reply FIFO ./demo.fifo.4243 (mode 600)
 *   client: opened ./demo.fifo.4243 for reading without waiting for a writer (O_NONBLOCK)
 *   client: sent a 512-byte request: "FIFO1 4243 11 named pipes"
 *   client: waiting up to 5 s for the answer on ./demo.fifo.4243
 *   client: got "NAMED PIPES"
 *
 * 읽을 man 페이지: man 7 fifo, man 3 mkfifo, man 2 open, man 2 poll (ppoll), man 7 signal
 */
#define _GNU_SOURCE /* ppoll() 은 리눅스 확장이다 (POSIX.1-2024 에 들어갔다) */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

#define DEFAULT_TIMEOUT 5
#define MAX_TIMEOUT 3600

/* 받은 SIGINT/SIGTERM 의 번호 (없으면 0). 처리기는 이것만 바꾸고, 정리는 main 쪽 코드가 한다. */
static volatile sig_atomic_t stop_signal;

/* 답 FIFO 의 경로와, 그것을 지워야 하는지 (만든 뒤부터 1). 어느 길로 끝나든 finish() 가 지운다. */
static char reply_path[PATH_MAX];
static int reply_created;

static void usage(FILE *to)
{
    fprintf(to, "usage: client [-f FIFO] [-t SECONDS] [-v] [-b] TEXT\n");
}

static void help(void)
{
    usage(stdout);
    printf("\nserver 의 FIFO 에 TEXT 를 담은 512바이트 요청을 보내고, 자기 답 FIFO(FIFO.<pid>)에서\n"
           "대문자로 바뀐 답을 읽는다. 답 FIFO 는 어떻게 끝나든 지운다.\n"
           "상태: 0 답을 받음 (또는 SIGINT/SIGTERM 으로 깨끗이 멈춤), 1 오류·server 없음·시간 초과, 2 잘못된 인자\n\n"
           "  -f FIFO      server 의 FIFO (기본: %s)\n"
           "  -t SECONDS   답을 기다리는 최대 시간 (1..%d, 기본: %d)\n"
           "  -v           단계마다 무엇을 했는지 알린다\n"
           "  -b           버그 재현: 답 FIFO 를 막히는(blocking) 모드로 연다. 쓰는 쪽이 아무도\n"
           "               없으므로 open() 이 돌아오지 않는다 (요청도 보내지 못한다)\n"
           "  TEXT         보낼 글 (한 줄, 최대 %d바이트)\n",
           DEFAULT_FIFO, MAX_TIMEOUT, DEFAULT_TIMEOUT, TEXT_MAX);
}

/* 답 FIFO 를 지우고 status 로 끝낸다. 모든 출구가 여기를 지난다 (SIGKILL 만은 어쩔 수 없다). */
static _Noreturn void finish(int status)
{
    if (reply_created && unlink(reply_path) == -1) {
        fprintf(stderr, "client: unlink %s: %s\n", reply_path, strerror(errno));
        status = 1;
    }
    exit(status);
}

/* "client: 호출 경로: 오류" 를 알리고 상태 1 로 끝낸다. */
static _Noreturn void die(const char *call, const char *path)
{
    int err = errno;
    if (path != NULL)
        fprintf(stderr, "client: %s %s: %s\n", call, path, strerror(err));
    else
        fprintf(stderr, "client: %s: %s\n", call, strerror(err));
    finish(1);
}

/* SIGINT/SIGTERM 으로 멈췄다: 정리하고 상태 0 (깨끗한 종료). */
static _Noreturn void stopped(void)
{
    fprintf(stderr, "client: %s: stopped before the answer came\n", stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
    finish(0);
}

static void on_signal(int sig)
{
    stop_signal = sig;
}

/* 문자열을 [min, max] 의 정수로. 아니면 사용법을 보이고 2 로 끝낸다. */
static long parse_number(const char *opt, const char *s, long min, long max)
{
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || n < min || n > max) {
        fprintf(stderr, "client: %s: expected a number from %ld to %ld, got '%s'\n", opt, min, max, s);
        usage(stderr);
        exit(2);
    }
    return n;
}

/*
 * SIGINT/SIGTERM 처리기를 달고 두 시그널을 막아 둔다 (*orig 에 원래 마스크, *blocked 에 막은 것).
 * 막힌 시그널은 ppoll 이 잠든 동안에만 배달된다: "멈추라는 표시 검사" 와 "잠들기" 사이의 틈이 없다.
 */
static void setup_signals(sigset_t *orig, sigset_t *blocked)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    /*
     * SA_RESTART 를 주지 않는다. -b 의 막히는 open() 은 시그널 처리기가 돈 뒤 EINTR 로 돌아와야
     * 답 FIFO 를 지우고 끝낼 수 있다. SA_RESTART 가 있으면 커널은 그 open 을 다시 시작해서
     * 계속 잠들게 한다.
     */
    sa.sa_flags = 0;
    sa.sa_handler = on_signal;
    if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1)
        die("sigaction", NULL);
    /* server 가 사라진 FIFO 에 쓰면 SIGPIPE 로 죽는 대신 write 가 EPIPE 를 돌려주게 한다:
     * 그래야 답 FIFO 를 지우고 무엇이 잘못됐는지 알릴 수 있다. */
    sa.sa_handler = SIG_IGN;
    if (sigaction(SIGPIPE, &sa, NULL) == -1)
        die("sigaction", NULL);

    sigemptyset(blocked);
    sigaddset(blocked, SIGINT);
    sigaddset(blocked, SIGTERM);
    if (sigprocmask(SIG_BLOCK, blocked, orig) == -1)
        die("sigprocmask", NULL);
}

/*
 * deadline 까지 fds 를 기다린다. 준비된 fd 수, 시간이 다 되면 0, SIGINT/SIGTERM 이면 -1.
 * ppoll 은 기다리는 동안만 시그널 마스크를 orig 로 바꾼다 (그 밖에서는 두 시그널이 막혀 있다).
 */
static int wait_for(struct pollfd *fds, nfds_t n, const struct timespec *deadline, const sigset_t *orig)
{
    for (;;) {
        if (stop_signal)
            return -1;
        struct timespec now, left;
        if (clock_gettime(CLOCK_MONOTONIC, &now) == -1)
            die("clock_gettime", NULL);
        left.tv_sec = deadline->tv_sec - now.tv_sec;
        left.tv_nsec = deadline->tv_nsec - now.tv_nsec;
        if (left.tv_nsec < 0) {
            left.tv_nsec += 1000000000L;
            left.tv_sec--;
        }
        if (left.tv_sec < 0)
            return 0;
        int ready = ppoll(fds, n, &left, orig);
        if (ready == -1) {
            if (errno == EINTR)
                continue; /* 처리기가 돌았다: 위에서 stop_signal 을 본다 */
            die("ppoll", NULL);
        }
        return ready;
    }
}

/* 1. 서버 FIFO 를 쓰기로 연다. server 가 없으면 기다리지 않고 알린 뒤 상태 1 로 끝낸다. */
static int open_server_fifo(const char *fifo, int verbose)
{
    struct stat st;
    /* stat 은 심볼릭 링크를 따라간다: 서버 FIFO 의 경로는 사용자가 고른 것이니 링크여도 좋다.
     * 중요한 것은 그 끝이 FIFO 인가이다. 일반 파일이면 쓰지 않는다: 요청이 디스크에 쌓일 뿐
     * 아무도 답하지 않는다. */
    if (stat(fifo, &st) == -1) {
        fprintf(stderr, "client: stat %s: %s%s\n", fifo, strerror(errno),
                errno == ENOENT ? " (is the server running?)" : "");
        finish(1);
    }
    if (!S_ISFIFO(st.st_mode)) {
        fprintf(stderr, "client: %s is %s, not a FIFO; not writing to it\n", fifo, file_kind(st.st_mode));
        finish(1);
    }
    /*
     * O_WRONLY 만 주면, 읽는 쪽이 없는 FIFO 의 open 은 누군가 읽으려고 열 때까지 잠든다
     * (server 가 없으면 영원히). O_NONBLOCK 을 주면 커널은 기다리지 않는다: 읽는 쪽이 있으면
     * 바로 성공, 없으면 -1/ENXIO (man 7 fifo, man 2 open).
     */
    int fd = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd == -1) {
        fprintf(stderr, "client: open %s: %s%s\n", fifo, strerror(errno),
                errno == ENXIO ? " (no server is reading it; is the server running?)" : "");
        finish(1);
    }
    /* stat 과 open 사이에 바꿔치기되지 않았는지, 연 것 자체를 fstat 으로 확인한다. */
    if (fstat(fd, &st) == -1)
        die("fstat", fifo);
    if (!S_ISFIFO(st.st_mode)) {
        fprintf(stderr, "client: %s changed under us and is no longer a FIFO\n", fifo);
        finish(1);
    }
    if (verbose)
        printf("client: opened %s for writing (a server is reading it)\n", fifo);
    return fd;
}

/* 2. 답 FIFO "<서버 FIFO>.<pid>" 를 만든다 (server 와 같은 폴더). */
static void make_reply_fifo(const char *fifo)
{
    /* 길이는 main 에서 fifo_path_problem() 으로 확인했다: ".<pid>" 를 붙여도 PATH_MAX 안이다. */
    snprintf(reply_path, sizeof reply_path, "%s.%ld", fifo, (long)getpid());
    if (mkfifo_0600(reply_path) == 0) {
        reply_created = 1;
        return;
    }
    if (errno != EEXIST)
        die("mkfifo", reply_path);
    /*
     * 이름에 내 pid 가 들어 있다. 살아 있는 프로세스끼리는 pid 가 겹치지 않으므로, 이 FIFO 는
     * 같은 pid 를 쓰던, 이제는 끝난 프로세스가 남긴 것이다 (SIGKILL 로 죽은 client 는 자기
     * FIFO 를 지울 수 없다). 내가 주인인 FIFO 면 지우고 다시 만든다. 다른 것은 건드리지 않는다.
     */
    struct stat st;
    if (lstat(reply_path, &st) == -1)
        die("lstat", reply_path);
    if (!S_ISFIFO(st.st_mode) || st.st_uid != geteuid()) {
        fprintf(stderr, "client: %s exists and is not a FIFO of ours; not touching it\n", reply_path);
        finish(1);
    }
    fprintf(stderr, "client: removing stale %s (left by an earlier process with pid %ld)\n", reply_path,
            (long)getpid());
    if (unlink(reply_path) == -1)
        die("unlink", reply_path);
    if (mkfifo_0600(reply_path) == -1)
        die("mkfifo", reply_path);
    reply_created = 1;
}

/* 3. 답 FIFO 의 읽는 끝을 연다. -b 면 일부러 막히는 모드로 연다 (버그 재현). */
static int open_reply_fifo(int blocking, int verbose, const sigset_t *orig, const sigset_t *blocked)
{
    int fd;
    if (!blocking) {
        /* O_RDONLY|O_NONBLOCK: 쓰는 쪽이 아직 없어도 커널은 바로 fd 를 준다 (man 7 fifo). */
        fd = open(reply_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd == -1)
            die("open", reply_path);
    } else {
        printf("client: -b: opening %s for reading in blocking mode; open() waits until someone opens it "
               "for writing\n", reply_path);
        /*
         * O_NONBLOCK 없는 O_RDONLY: 커널은 누군가 이 FIFO 를 쓰기로 열 때까지 이 프로세스를 재운다.
         * 그런데 server 는 요청을 받아야 답 FIFO 를 연다. 요청은 이 open 뒤에야 보낸다. 서로를
         * 기다리는 교착 상태(deadlock)다. 여기서 SIGINT/SIGTERM 으로 깨울 수 있도록 잠든 동안만
         * 시그널을 풀어 준다 (그 사이 보류된 시그널은 풀자마자 배달된다). 아래 검사와 open 사이의
         * 아주 짧은 틈에 온 시그널은 open 이 끝날 때까지 처리되지 않는다: 막히는 open 에는 ppoll
         * 같은 "마스크를 바꾸며 잠드는" 형태가 없다. 보여 주기용 모드라서 받아들인다.
         */
        if (sigprocmask(SIG_SETMASK, orig, NULL) == -1)
            die("sigprocmask", NULL);
        fd = stop_signal ? -1 : open(reply_path, O_RDONLY | O_CLOEXEC);
        int err = stop_signal ? EINTR : errno;
        if (sigprocmask(SIG_BLOCK, blocked, NULL) == -1)
            die("sigprocmask", NULL);
        if (fd == -1 && err == EINTR)
            stopped();
        errno = err;
        if (fd == -1)
            die("open", reply_path);
    }
    struct stat st;
    if (fstat(fd, &st) == -1)
        die("fstat", reply_path);
    if (verbose) {
        printf("client: created reply FIFO %s (mode %03o)\n", reply_path, (unsigned)(st.st_mode & 07777));
        printf("client: opened %s for reading %s\n", reply_path,
               blocking ? "after a writer came" : "without waiting for a writer (O_NONBLOCK)");
    }
    return fd;
}

/* 4. 요청을 write 한 번으로 보낸다. 서버 FIFO 가 가득 차 있으면 자리가 날 때까지 (deadline 까지) 기다린다. */
static void send_request(int sfd, const char *fifo, const char *req, const struct timespec *deadline,
                         const sigset_t *orig, long timeout)
{
    for (;;) {
        /*
         * REQ_SIZE(512) ≤ PIPE_BUF 인 쓰기는 원자적이다: 다른 client 의 요청과 섞이지 않는다.
         * fd 는 O_NONBLOCK 이므로, 자리가 512바이트 없으면 하나도 쓰지 않고 EAGAIN 이다
         * (막히는 모드였다면, 멈춘 server 앞에서 client 도 영원히 멈췄을 것이다).
         */
        ssize_t n = write(sfd, req, REQ_SIZE);
        if (n == REQ_SIZE)
            return;
        if (n >= 0) {
            fprintf(stderr, "client: write %s: only %zd of %d bytes\n", fifo, n, REQ_SIZE);
            finish(1);
        }
        if (errno == EPIPE) {
            fprintf(stderr, "client: write %s: %s (the server went away)\n", fifo, strerror(errno));
            finish(1);
        }
        if (errno != EAGAIN)
            die("write", fifo);
        struct pollfd pfd = {.fd = sfd, .events = POLLOUT};
        int ready = wait_for(&pfd, 1, deadline, orig);
        if (ready == -1)
            stopped();
        if (ready == 0) {
            fprintf(stderr, "client: %s stayed full for %ld s (the server is not reading)\n", fifo, timeout);
            finish(1);
        }
    }
}

/*
 * 5. 답 한 줄을 기다려 읽는다. 두 fd 를 함께 지켜본다:
 *    - 답 FIFO 의 읽는 끝: POLLIN 이면 답이 왔다. 읽다가 0(EOF)을 만나면, server 가 답 FIFO 를
 *      열었다가 한 줄을 다 쓰지 않고 닫은 것이다. (리눅스는 writer 가 한 번도 열지 않은 FIFO 에는
 *      POLLHUP 을 알리지 않으므로, 답을 기다리는 동안 헛되이 깨지 않는다.)
 *    - 서버 FIFO 의 쓰는 끝 (events = 0): 읽는 쪽이 모두 사라지면 커널이 POLLERR 을 알린다.
 *      server 가 죽었다는 뜻이다. -t 초를 다 기다리지 않고 바로 알 수 있다.
 */
static void wait_reply(int rfd, int sfd, const char *fifo, const struct timespec *deadline,
                       const sigset_t *orig, long timeout, char *reply, size_t cap)
{
    size_t got = 0;
    for (;;) {
        struct pollfd fds[2] = {{.fd = rfd, .events = POLLIN}, {.fd = sfd, .events = 0}};
        int ready = wait_for(fds, 2, deadline, orig);
        if (ready == -1)
            stopped();
        if (ready == 0) {
            fprintf(stderr, "client: no answer on %s within %ld s\n", reply_path, timeout);
            finish(1);
        }
        /* 답을 먼저 본다: server 가 답을 쓰고 바로 끝났다면 POLLIN 과 POLLERR 이 함께 온다. */
        if (fds[0].revents & (POLLIN | POLLHUP)) {
            ssize_t n = read(rfd, reply + got, cap - 1 - got);
            if (n == -1) {
                if (errno == EAGAIN || errno == EINTR)
                    continue;
                die("read", reply_path);
            }
            if (n == 0) {
                fprintf(stderr, "client: the server closed %s without a complete answer\n", reply_path);
                finish(1);
            }
            got += (size_t)n;
            char *nl = memchr(reply, '\n', got);
            if (nl != NULL) {
                *nl = '\0';
                return;
            }
            if (got == cap - 1) {
                fprintf(stderr, "client: the answer on %s is longer than %zu bytes\n", reply_path, cap - 2);
                finish(1);
            }
            continue;
        }
        if (fds[1].revents & POLLERR) {
            fprintf(stderr, "client: the server is gone (nobody reads %s any more); no answer\n", fifo);
            finish(1);
        }
        /* 그 밖의 사건(POLLNVAL 같은)은 일어나지 않아야 한다. 무시하면 ppoll 이 곧바로 다시
         * 돌아오며 마감까지 헛돌 것이므로, 알리고 끝낸다. */
        fprintf(stderr, "client: unexpected poll events %#x, %#x\n", (unsigned)fds[0].revents,
                (unsigned)fds[1].revents);
        finish(1);
    }
}

int main(int argc, char *argv[])
{
    const char *fifo = DEFAULT_FIFO;
    long timeout = DEFAULT_TIMEOUT;
    int verbose = 0, blocking = 0, opt;

    /* 테스트가 파일이나 파이프로 읽으므로, 버퍼에 갇히지 않게 한 줄씩 내보낸다. */
    setvbuf(stdout, NULL, _IOLBF, 0);

    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        help();
        return 0;
    }
    while ((opt = getopt(argc, argv, "hf:t:vb")) != -1) {
        switch (opt) {
        case 'h': help(); return 0;
        case 'f': fifo = optarg; break;
        case 't': timeout = parse_number("-t", optarg, 1, MAX_TIMEOUT); break;
        case 'v': verbose = 1; break;
        case 'b': blocking = 1; break;
        default: usage(stderr); return 2;
        }
    }
    if (argc - optind != 1) {
        if (argc - optind == 0)
            fprintf(stderr, "client: missing TEXT\n");
        else
            fprintf(stderr, "client: unexpected argument '%s' (quote a TEXT that has spaces)\n", argv[optind + 1]);
        usage(stderr);
        return 2;
    }
    const char *text = argv[optind];
    size_t len = strlen(text);
    if (len > TEXT_MAX || strchr(text, '\n') != NULL) {
        fprintf(stderr, "client: TEXT must be one line of at most %d bytes\n", TEXT_MAX);
        usage(stderr);
        return 2;
    }
    const char *problem = fifo_path_problem(fifo);
    if (problem != NULL) {
        fprintf(stderr, "client: -f: %s\n", problem);
        usage(stderr);
        return 2;
    }

    sigset_t orig, blocked;
    setup_signals(&orig, &blocked);
    /* 전체 대화의 마감 시각. CLOCK_MONOTONIC 은 시계를 고쳐도 뒤로 가지 않는다. */
    struct timespec deadline;
    if (clock_gettime(CLOCK_MONOTONIC, &deadline) == -1)
        die("clock_gettime", NULL);
    deadline.tv_sec += timeout;

    int sfd = open_server_fifo(fifo, verbose);                      /* 1 */
    make_reply_fifo(fifo);                                           /* 2 */
    int rfd = open_reply_fifo(blocking, verbose, &orig, &blocked); /* 3 */

    /* 4. 요청: "FIFO1 <pid> <길이> <TEXT>" 를 공백으로 511바이트까지 채우고 '\n' (common.h) */
    char line[REQ_SIZE], req[REQ_SIZE + 1]; /* +1: snprintf 가 끝에 붙이는 NUL 의 자리 */
    snprintf(line, sizeof line, REQ_MAGIC "%ld %zu %s", (long)getpid(), len, text);
    snprintf(req, sizeof req, "%-*s\n", REQ_SIZE - 1, line);
    send_request(sfd, fifo, req, &deadline, &orig, timeout);
    if (verbose) {
        printf("client: sent a %d-byte request: \"%s\"\n", REQ_SIZE, line);
        printf("client: waiting up to %ld s for the answer on %s\n", timeout, reply_path);
    }

    char reply[TEXT_MAX + 2]; /* 답 한 줄 + '\n' */
    wait_reply(rfd, sfd, fifo, &deadline, &orig, timeout, reply, sizeof reply); /* 5 */
    printf("client: got \"%s\"\n", reply);

    /* 6. 정리: fd 를 닫고 답 FIFO 의 이름을 지운다. */
    if (close(rfd) == -1)
        die("close", reply_path);
    if (close(sfd) == -1)
        die("close", fifo);
    finish(0);
}
