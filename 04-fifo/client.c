/*
 * 04-fifo/client.c: server의 FIFO에 512바이트 요청 하나를 쓰고, 자기만의 답 FIFO에서 답을 읽는다.
 *
 * 여는 순서가 이 프로그램의 교훈이다:
 *   1. server FIFO를 O_WRONLY|O_NONBLOCK으로 연다. 읽는 server가 없으면 기다리지 않고 ENXIO.
 *   2. 답 FIFO "<server FIFO>.<내 pid>"를 만들고 O_RDONLY|O_NONBLOCK으로 연다: 요청을 보내기
 *      "전에" 읽는 끝이 있어야, server가 답 FIFO를 열 때 ENXIO를 보지 않는다.
 *   3. 요청을 write 한 번으로 보내고, ppoll로 답을 기다려 EOF까지 읽는다. 답 FIFO를 지운다.
 *
 * 실행 (04-fifo 디렉터리에서, 다른 터미널에 ./server가 돌고 있을 때):
 *   ./client hello                      "HELLO"를 돌려받는다
 *   ./client -f /tmp/x.fifo -t 2 hi     다른 경로의 server, 답을 2초까지 기다린다
 * 출력:
 *   client: sent "hello" to ./demo.fifo, waiting on ./demo.fifo.4243
 *   client: got "HELLO"
 *
 * 읽을 man 페이지: man 7 fifo, man 3 mkfifo, man 2 open (ENXIO), man 2 poll (POLLERR), man 7 pipe
 */
#define _GNU_SOURCE /* ppoll(): glibc는 _GNU_SOURCE에서 선언한다 (POSIX.1-2024에 들어갔다) */

#define PROG "client" /* common.h의 die()가 오류 메시지 앞에 붙이는 이름 */
#include <fcntl.h>
#include <poll.h>

#include "common.h"

/* 사용법: -h/--help면 stdout에 설명까지 (상태 0), 잘못된 인자면 stderr에 한 줄 (상태 2) */
static int usage(FILE *to, int status)
{
    fprintf(to, "usage: client [-f FIFO] [-t SECONDS] TEXT\n");
    if (status == 0)
        printf("Sends TEXT (one line, at most %d bytes) to the server's FIFO (default %s) and prints\n"
               "the answer read from FIFO.<pid>, waiting at most SECONDS (1-3600, default 5) for it.\n",
               TEXT_MAX, DEFAULT_FIFO);
    return status;
}

/*
 * fds를 최대 seconds초 기다린다: 준비된 fd의 수, 시간이 다 되면 0. ppoll은 잠든 동안만 시그널
 * 마스크를 orig로 바꾼다. 그래서 차단해 둔 SIGINT/SIGTERM/SIGHUP은 여기서만 배달되어 ppoll을
 * EINTR로 깨우고, 그러면 답 FIFO를 지우고 끝낸다 (검사와 잠들기 사이에 시그널을 놓치는 틈이 없다).
 */
static int wait_for(struct pollfd *fds, nfds_t n, long seconds, const sigset_t *orig)
{
    struct timespec limit = {.tv_sec = seconds};
    for (;;) {
        if (stop_signal) {
            fprintf(stderr, "client: %s: stopped before the answer came\n", stop_name());
            quit(0); /* 사용자가 원한 끝이다: 답 FIFO를 지우고 상태 0 */
        }
        int ready = ppoll(fds, n, &limit, orig); /* 준비된 fd 수, 시간 초과면 0 */
        if (ready >= 0)
            return ready;
        if (errno != EINTR)
            die("ppoll", NULL);
    }
}

int main(int argc, char *argv[])
{
    const char *fifo = DEFAULT_FIFO, *text;
    long seconds = 5;

    /* 테스트는 출력을 파일이나 파이프로 읽는다: 버퍼에 갇히지 않게 한 줄씩 내보낸다 */
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 2 && strcmp(argv[1], "--help") == 0)
        return usage(stdout, 0);
    int opt;
    char *end = NULL;
    while ((opt = getopt(argc, argv, "hf:t:")) != -1) {
        if (opt == 'h')
            return usage(stdout, 0);
        if (opt == 'f')
            fifo = optarg;
        else if (opt != 't' || (seconds = strtol(optarg, &end, 10)) < 1 || seconds > 3600 || *end != '\0')
            return usage(stderr, 2); /* 모르는 옵션, 또는 숫자가 아니거나 범위 밖인 SECONDS */
    }
    text = optind == argc - 1 ? argv[optind] : ""; /* TEXT는 정확히 하나 (공백이 있으면 따옴표로) */
    if (optind != argc - 1 || strlen(text) > TEXT_MAX || strchr(text, '\n') != NULL) {
        fprintf(stderr, "client: TEXT must be one line of at most %d bytes\n", TEXT_MAX);
        return usage(stderr, 2);
    }

    /* 시그널: server와 같다. 차단해 두고 ppoll 안에서만 받는다. SIGPIPE는 무시하고 EPIPE로 다룬다. */
    sigset_t orig;
    catch_stop_signals(&orig);

    /*
     * 1. server FIFO의 쓰는 끝. O_WRONLY만이면, 읽는 쪽이 없는 FIFO의 open은 누군가 읽기로 열 때까지
     *    잠든다 (server가 없으면 영원히). O_NONBLOCK이면 커널은 기다리지 않고 -1/ENXIO를 준다.
     *    답 FIFO를 만들기 전에 연다: server가 없으면 치울 것도 없이 바로 끝난다.
     */
    int sfd = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (sfd == -1) {
        fprintf(stderr, "client: open %s: %s%s\n", fifo, strerror(errno),
                errno == ENOENT || errno == ENXIO ? " (is the server running?)" : "");
        return 1;
    }
    /* 같은 이름의 일반 파일이면 쓰지 않는다: 요청이 디스크에 쌓일 뿐 아무도 답하지 않는다 */
    struct stat st;
    if (fstat(sfd, &st) == -1 || !S_ISFIFO(st.st_mode)) {
        fprintf(stderr, "client: %s is not a FIFO; not writing to it\n", fifo);
        return 1;
    }

    /*
     * 2. 답 FIFO (mode 0600). 이름에 내 PID가 들어 있다. 살아 있는 프로세스끼리 PID가 겹치지 않는
     *    것은 한 PID 이름 공간(namespace) 안에서만이다. 그래서 같은 이름이 이미 있으면 (SIGKILL로
     *    죽은 옛 client의 것이기 쉽지만) 다른 컨테이너의 살아 있는 client 것일 수도 있어 지우지 않는다.
     */
    char reply_path[PATH_MAX];
    if (snprintf(reply_path, sizeof reply_path, "%s.%ld", fifo, (long)getpid()) >= (int)sizeof reply_path) {
        fprintf(stderr, "client: %s: the path is too long\n", fifo); /* 잘린 이름은 남의 것일 수 있다 */
        return 1;
    }
    if (make_fifo(reply_path) == -1) {
        if (errno != EEXIST)
            die("mkfifo", reply_path);
        fprintf(stderr, "client: %s already exists (left by a client with this PID that was killed?); "
                "remove it with: rm %s\n", reply_path, reply_path);
        return 1;
    }
    /* O_RDONLY|O_NONBLOCK: 쓰는 쪽이 아직 없어도 커널은 바로 fd를 준다. 막히는 O_RDONLY라면 여기서
     * server를 기다리고, server는 요청을 기다린다: 요청은 이 open 뒤에야 나가므로 교착 상태다. */
    int rfd = open(reply_path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (rfd == -1)
        die("open", reply_path);
    check_made(rfd); /* 만든 그 FIFO인가 (같은 inode) */

    /* 3. 요청: "<pid> <TEXT>"를 공백으로 511바이트까지 채우고 마지막 바이트는 '\n' (common.h) */
    char req[REQ_SIZE];
    memset(req, ' ', sizeof req);
    int head = snprintf(req, sizeof req, "%ld %s", (long)getpid(), text); /* 최대 267바이트 */
    req[head] = ' ';                                                       /* snprintf가 남긴 NUL 자리 */
    req[REQ_SIZE - 1] = '\n';
    for (;;) {
        /*
         * write 한 번: 512 ≤ PIPE_BUF이므로 커널은 다른 client의 요청과 섞지 않고 통째로 넣는다.
         * fd가 O_NONBLOCK이라, server가 밀려 512바이트 자리가 없으면 하나도 쓰지 않고 EAGAIN이다.
         */
        ssize_t n = write(sfd, req, REQ_SIZE);
        if (n == REQ_SIZE)
            break;
        if (n != -1 || errno != EAGAIN)
            die("write", fifo); /* EPIPE: server가 그새 사라졌다 (SIGPIPE는 무시했다) */
        struct pollfd out = {.fd = sfd, .events = POLLOUT}; /* 자리가 나기를 기다린다 */
        if (wait_for(&out, 1, seconds, &orig) == 0) {
            fprintf(stderr, "client: %s stayed full for %ld s (the server is not reading)\n", fifo, seconds);
            quit(1);
        }
    }
    printf("client: sent ");
    print_quoted(text, strlen(text), "");
    printf(" to %s, waiting on %s\n", fifo, reply_path);

    /*
     * 4. 답을 EOF까지 읽는다. 두 fd를 함께 지켜본다:
     *    - 답 FIFO(POLLIN): server가 답을 쓰고 닫으면, 데이터 다음에 read() = 0 (EOF)이 온다.
     *      리눅스는 writer가 아직 한 번도 열지 않은 FIFO에는 POLLHUP을 알리지 않는다: 헛되이 깨지 않는다.
     *    - server FIFO의 쓰는 끝(events 0): 읽는 쪽이 모두 사라지면 커널이 POLLERR을 알린다.
     *      server가 죽었다는 뜻이다: seconds초를 다 기다리지 않고 안다.
     */
    char answer[REQ_SIZE];
    size_t got = 0;
    for (;;) {
        struct pollfd fds[2] = {{.fd = rfd, .events = POLLIN}, {.fd = sfd, .events = 0}};
        if (wait_for(fds, 2, seconds, &orig) == 0) {
            fprintf(stderr, "client: no answer on %s within %ld s\n", reply_path, seconds);
            quit(1);
        }
        if (fds[0].revents != 0) { /* 답을 먼저 본다: 답을 쓰고 곧 죽은 server면 둘 다 켜진다 */
            ssize_t n = read(rfd, answer + got, sizeof answer - got); /* 와 있는 만큼 */
            if (n == -1 && errno == EAGAIN)
                continue;
            if (n == -1)
                die("read", reply_path);
            if (n == 0 || (got += (size_t)n) == sizeof answer)
                break; /* EOF: 쓰는 끝이 모두 닫혔다 (또는 답이 너무 길다: 아래에서 거절한다) */
        } else if (fds[1].revents != 0) { /* POLLERR */
            fprintf(stderr, "client: the server is gone (nobody reads %s any more)\n", fifo);
            quit(1);
        }
    }
    if (got == 0 || got == sizeof answer || answer[got - 1] != '\n') {
        fprintf(stderr, "client: the server closed %s without a complete answer\n", reply_path);
        quit(1);
    }
    printf("client: got ");
    print_quoted(answer, got - 1, "\n"); /* server가 보낸 바이트다: 이스케이프해서 찍는다 */

    /* 5. 정리: fd를 닫고 (quit이) 답 FIFO의 이름을 지운다. 커널은 열린 fd가 없는 파이프를 버린다. */
    if (close(rfd) == -1 || close(sfd) == -1)
        die("close", NULL);
    quit(0);
}
