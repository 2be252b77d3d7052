/*
 * 04-fifo/server.c: 이름 있는 파이프(FIFO) 하나로 여러 client 의 요청을 받고, client 마다
 * 따로 만든 답 FIFO 로 답한다.
 *
 * FIFO 는 파일 시스템에 이름이 있는 파이프다. 이름이 있으니 부모-자식 관계가 없는 프로세스
 * 끼리도 같은 파이프를 열 수 있다. 데이터는 디스크에 가지 않고 커널의 파이프 버퍼를 지난다
 * (ls -l 에서 종류가 p, 크기는 늘 0). 한 방향 통로이므로 답은 다른 FIFO 로 보낸다:
 *
 *   client 4243 ─┐  요청 512바이트                            ┌─▶ ./demo.fifo.4243 ─▶ client 4243
 *   client 4244 ─┼──(write 한 번)──▶ ./demo.fifo ──▶ server ──┼─▶ ./demo.fifo.4244 ─▶ client 4244
 *   client 4245 ─┘   모두가 같이 쓴다                         └─▶ ./demo.fifo.4245 ─▶ client 4245
 *
 * 실행 (make 04-fifo 로 빌드한 뒤, 04-fifo 폴더에서, 터미널 두 개):
 *   ./server                  ./demo.fifo 를 만들고 요청을 기다린다 (Ctrl-C 로 끝낸다)
 *   ./client hello            (다른 터미널에서) "HELLO" 를 돌려받는다
 *   ./server -f /tmp/x.fifo   다른 경로에 FIFO 를 만든다 (client 도 -f /tmp/x.fifo)
 *   ./server -S               (버그 재현) 여분의 writer 없이: 마지막 client 가 떠나면 EOF 가 끝없이 온다
 *
 * 출력:
 *   server: created FIFO ./demo.fifo (mode 600)
 *   server: no writer yet: read() = 0 (EOF)
 *   server: spare writer open: read() = -1 EAGAIN (empty, but not EOF)
 *   server: requests are 512 bytes (PIPE_BUF 4096, pipe capacity 65536)
 *   server: ready on ./demo.fifo (pid 4242)
 *   server: request from pid 4243: "hello" -> "HELLO"
 *   server: SIGINT: stopping after 1 replies (0 dropped, 0 bad requests)
 *   server: removed ./demo.fifo
 *
 * 읽을 man 페이지: man 7 fifo, man 7 pipe, man 3 mkfifo, man 2 umask, man 2 open, man 2 poll
 */
#define _GNU_SOURCE /* ppoll() 과 F_GETPIPE_SZ 는 리눅스 확장이다 (ppoll 은 POSIX.1-2024 에 들어갔다) */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "common.h"

#define EOF_LIMIT 1000 /* -S: 연달아 이만큼 EOF 를 읽으면 헛돌고 있다고 보고 멈춘다 */

/* 받은 SIGINT/SIGTERM 의 번호 (없으면 0). 처리기는 이것만 바꾸고, 정리는 main 이 한다. */
static volatile sig_atomic_t stop_signal;

/* 만든 FIFO 의 경로: die() 가 끝내기 전에 지운다 (아직 만들기 전이면 NULL). */
static const char *created_fifo;

struct stats {
    long replies; /* 답을 보낸 요청 */
    long dropped; /* 답을 보내지 못한 요청 (client 가 사라졌거나, 답 FIFO 가 이상하거나) */
    long bad;     /* 요청이 아닌 바이트 덩어리 */
};

struct request {
    long pid;                /* 보낸 client 의 pid: 답 FIFO 의 이름이 된다 */
    int len;                 /* TEXT 의 길이 */
    char text[TEXT_MAX + 1]; /* TEXT (NUL 로 끝난다) */
};

static void usage(FILE *to)
{
    fprintf(to, "usage: server [-f FIFO] [-S]\n");
}

static void help(void)
{
    usage(stdout);
    printf("\n잘 알려진 FIFO 를 만들고, 여러 client 가 보내는 512바이트 요청을 읽어\n"
           "client 마다의 답 FIFO(FIFO.<pid>)로 대문자로 바꾼 TEXT 를 돌려준다.\n"
           "SIGINT/SIGTERM 을 받으면 FIFO 를 지우고 상태 0 으로 끝난다.\n\n"
           "  -f FIFO   만들 FIFO 의 경로 (기본: %s)\n"
           "  -S        버그 재현: 여분의 writer 를 열지 않는다. 마지막 client 가 떠나면\n"
           "            read() 가 기다리지 않고 0(EOF)을 돌려준다. %d번 연달아 그러면 상태 1 로 끝낸다\n",
           DEFAULT_FIFO, EOF_LIMIT);
}

/* "server: 호출 경로: 오류" 를 알리고, 만든 FIFO 가 있으면 지운 뒤 상태 1 로 끝낸다. */
static _Noreturn void die(const char *call, const char *path)
{
    int err = errno;
    if (path != NULL)
        fprintf(stderr, "server: %s %s: %s\n", call, path, strerror(err));
    else
        fprintf(stderr, "server: %s: %s\n", call, strerror(err));
    if (created_fifo != NULL)
        unlink(created_fifo);
    exit(1);
}

static void on_signal(int sig)
{
    stop_signal = sig;
}

/*
 * SIGINT/SIGTERM 처리기를 달고, 두 시그널을 막아(block) 둔다. 막힌 시그널은 보류(pending)
 * 되었다가 ppoll 이 잠깐 마스크를 풀어 줄 때만 배달된다 (main 의 반복문 참고).
 * 원래의 마스크는 *orig 에 돌려준다.
 */
static void setup_signals(sigset_t *orig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    /* SA_RESTART 를 주지 않는다. (ppoll 은 어차피 SA_RESTART 와 상관없이 EINTR 로 돌아온다: man 7 signal) */
    sa.sa_flags = 0;
    sa.sa_handler = on_signal;
    if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1)
        die("sigaction", NULL);

    /*
     * 답을 쓰는 사이에 client 가 답 FIFO 를 닫으면 커널은 SIGPIPE 를 보내고, 기본 동작은
     * 프로세스 종료다. client 하나 때문에 server 가 죽으면 안 되므로 무시하고, write 가
     * 돌려주는 EPIPE 로 처리한다.
     */
    sa.sa_handler = SIG_IGN;
    if (sigaction(SIGPIPE, &sa, NULL) == -1)
        die("sigaction", NULL);

    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &block, orig) == -1)
        die("sigprocmask", NULL);
}

/*
 * 서버의 FIFO 를 만든다. 그 경로에 이미 무언가 있으면 (mkfifo 가 EEXIST):
 *   - FIFO 가 아니면 (일반 파일, 폴더, 심볼릭 링크 ...) 열지도 지우지도 않고 끝낸다.
 *   - FIFO 인데 누군가 읽고 있으면 다른 server 가 살아 있다: 끝낸다.
 *   - 아무도 읽지 않는 FIFO 는 죽은 server 가 남긴 것(stale)이다: 지우고 새로 만든다.
 * "아무도 읽지 않는다" 는 O_WRONLY|O_NONBLOCK 으로 열어 보면 안다: 읽는 쪽이 없으면 open 이
 * 기다리지 않고 ENXIO 로 실패한다 (man 7 fifo). 살아 있는 server 는 늘 읽는 끝을 쥐고 있다.
 */
static void create_fifo(const char *path)
{
    /* mkfifo: 파일 시스템에 종류가 FIFO 인 이름을 만든다. 데이터 블록은 없다. */
    if (mkfifo_0600(path) == 0)
        return;
    if (errno != EEXIST)
        die("mkfifo", path);

    /* lstat 은 심볼릭 링크를 따라가지 않고 그 이름 자체를 본다: 링크가 가리키는 곳을 열지 않는다. */
    struct stat st;
    if (lstat(path, &st) == -1)
        die("lstat", path);
    if (!S_ISFIFO(st.st_mode)) {
        fprintf(stderr, "server: %s exists and is %s, not a FIFO; not touching it\n", path, file_kind(st.st_mode));
        exit(1);
    }

    /* O_NOFOLLOW: lstat 과 open 사이에 누가 링크로 바꿔 놓았다면 따라가지 말고 실패하라 */
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (fd != -1) {
        close(fd);
        fprintf(stderr, "server: %s: another process is reading this FIFO (a running server?); not starting\n", path);
        exit(1);
    }
    if (errno != ENXIO)
        die("open", path);

    printf("server: %s is a stale FIFO (nobody reads it): removing it\n", path);
    /* unlink 는 이름만 지운다. 혹시 누가 그 FIFO 를 열고 있어도 그 fd 는 옛 파이프를 계속 쓴다. */
    if (unlink(path) == -1)
        die("unlink", path);
    if (mkfifo_0600(path) == -1)
        die("mkfifo", path);
}

/*
 * 빈 FIFO 를 O_NONBLOCK 으로 한 번 읽어 보고 결과를 알린다. 여분의 writer 가 왜 필요한지를
 * 그대로 보여 준다: 쓰는 끝이 하나도 없으면 read 는 0(EOF), 하나라도 있으면 -1/EAGAIN.
 * (그새 client 가 벌써 요청을 썼다면 버리지 않고 buf 에 이어 둔다.)
 */
static void probe_read(int fd, const char *path, char *buf, size_t cap, size_t *have, const char *when)
{
    ssize_t n = read(fd, buf + *have, cap - *have);
    if (n > 0) {
        *have += (size_t)n;
        printf("server: %s: read() = %zd (a request is already waiting)\n", when, n);
    } else if (n == 0) {
        printf("server: %s: read() = 0 (EOF)\n", when);
    } else if (errno == EAGAIN) {
        printf("server: %s: read() = -1 EAGAIN (empty, but not EOF)\n", when);
    } else {
        die("read", path);
    }
}

/* buf[from..len) 에서 REQ_MAGIC 이 시작하는 첫 자리. 끝에 잘린 앞부분("FIF")만 있어도 그 자리다. */
static size_t find_magic(const char *buf, size_t len, size_t from)
{
    for (size_t i = from; i < len; i++) {
        size_t n = len - i < MAGIC_LEN ? len - i : MAGIC_LEN;
        if (memcmp(buf + i, REQ_MAGIC, n) == 0)
            return i;
    }
    return len;
}

/* *p 에서 숫자를 1..max 자리 읽는다 (end 앞에서 멈춘다). 숫자가 없거나 너무 길면 0.
 * long long 은 적어도 64비트라 10자리도 넘치지 않는다 (long 은 32비트인 기계가 있다). */
static int read_number(const char **p, const char *end, int max, long long *value)
{
    int digits = 0;
    *value = 0;
    while (*p < end && isdigit((unsigned char)**p) && digits < max) {
        *value = *value * 10 + (**p - '0');
        (*p)++;
        digits++;
    }
    return digits > 0 && !(*p < end && isdigit((unsigned char)**p));
}

/*
 * 512바이트 한 덩어리(REQ_MAGIC 으로 시작)가 올바른 요청인지 본다. 맞으면 *r 을 채우고 NULL,
 * 아니면 무엇이 틀렸는지를 돌려준다. 형식: "FIFO1 <pid> <길이> <TEXT>" + 공백들 + '\n'.
 */
static const char *parse_request(const char *rec, struct request *r)
{
    const char *p = rec + MAGIC_LEN;
    const char *end = rec + REQ_SIZE - 1; /* 마지막 바이트 */
    long long pid, len;

    if (*end != '\n')
        return "byte 512 is not a newline";
    if (!read_number(&p, end, PID_DIGITS, &pid) || pid < 1 || pid > INT_MAX || *p++ != ' ')
        return "bad pid";
    if (!read_number(&p, end, LEN_DIGITS, &len) || len > TEXT_MAX || *p++ != ' ')
        return "bad length";
    for (long long i = 0; i < len; i++)
        if (p[i] == '\n' || p[i] == '\0')
            return "newline or NUL inside the text";
    memcpy(r->text, p, (size_t)len);
    r->text[len] = '\0';
    for (p += len; p < end; p++)
        if (*p != ' ')
            return "text longer than its length, or padding that is not spaces";
    r->pid = (long)pid; /* 1..INT_MAX: long 에 들어간다 */
    r->len = (int)len;
    return NULL;
}

/*
 * 답 FIFO 를 열어 답 한 줄을 쓴다. 성공하면 NULL, 실패하면 까닭. server 는 어떤 client
 * 때문에도 멈추거나 엉뚱한 파일에 쓰면 안 된다:
 *   1. lstat: FIFO 가 아니면 (일반 파일, 심볼릭 링크, 폴더 ...) 열지도 않는다.
 *   2. open(O_WRONLY|O_NONBLOCK): 읽는 프로세스가 없으면 기다리지 않고 ENXIO 로 실패한다.
 *      O_NONBLOCK 이 없으면, 요청을 보낸 뒤 죽은 client 의 FIFO 앞에서 server 가 영원히 멈춘다.
 *   3. fstat: 1 과 2 사이에 누가 이름을 바꿔치기했더라도 FIFO 가 아니면 쓰지 않는다.
 *   4. write: O_NONBLOCK 을 일부러 그대로 둔다. PIPE_BUF 이하의 쓰기는 다 쓰이거나, 자리가
 *      없으면 하나도 쓰이지 않고 EAGAIN 이다 (man 7 pipe). O_NONBLOCK 을 지우면, 읽지 않는
 *      client 의 가득 찬 FIFO 앞에서 server 가 영원히 멈출 수 있다. 그래서 EAGAIN 이면 답을 버린다.
 */
static const char *send_reply(const char *path, const char *reply, size_t len)
{
    static char why[PATH_MAX + 128];
    struct stat st;

    if (lstat(path, &st) == -1) {
        snprintf(why, sizeof why, "lstat %s: %s (the client is gone)", path, strerror(errno));
        return why;
    }
    if (!S_ISFIFO(st.st_mode)) {
        snprintf(why, sizeof why, "%s is %s, not a FIFO; not opening it", path, file_kind(st.st_mode));
        return why;
    }
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (fd == -1) {
        snprintf(why, sizeof why, "open %s: %s%s", path, strerror(errno),
                 errno == ENXIO ? " (nobody is reading it: the client is gone)" : "");
        return why;
    }
    if (fstat(fd, &st) == -1 || !S_ISFIFO(st.st_mode)) {
        snprintf(why, sizeof why, "%s changed under us and is no longer a FIFO; not writing", path);
        close(fd);
        return why;
    }
    /* 한 번의 write. len ≤ TEXT_MAX+1 < PIPE_BUF 이므로 나뉘어 쓰이지 않는다. */
    ssize_t n = write(fd, reply, len);
    if (n == -1) {
        snprintf(why, sizeof why, "write %s: %s%s", path, strerror(errno),
                 errno == EAGAIN  ? " (the FIFO is full: the client is not reading)"
                 : errno == EPIPE ? " (the client closed it)"
                                  : "");
    } else if ((size_t)n != len) {
        snprintf(why, sizeof why, "write %s: only %zd of %zu bytes", path, n, len);
    }
    /* close: 이 쓰는 끝이 마지막이면, client 는 답을 다 읽은 뒤 EOF 를 본다. */
    close(fd);
    return n == (ssize_t)len ? NULL : why;
}

/* 요청 하나에 답한다: TEXT 를 대문자로 바꿔 "<서버 FIFO>.<pid>" 로 보낸다. */
static void serve(const struct request *r, const char *fifo, struct stats *s)
{
    char reply[TEXT_MAX + 2];
    for (int i = 0; i < r->len; i++)
        reply[i] = (char)toupper((unsigned char)r->text[i]);
    reply[r->len] = '\n';
    printf("server: request from pid %ld: \"%s\" -> \"%.*s\"\n", r->pid, r->text, r->len, reply);

    /* 경로는 server 가 만든다: 서버 FIFO 와 같은 폴더, 이름은 pid 로만 정해진다.
     * 시작할 때 fifo_path_problem() 으로 ".<pid>" 를 붙일 자리를 확인해 두었다. */
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s.%ld", fifo, r->pid);
    const char *why = send_reply(path, reply, (size_t)r->len + 1);
    if (why != NULL) {
        printf("server: reply to pid %ld dropped: %s\n", r->pid, why);
        s->dropped++;
    } else {
        s->replies++;
    }
}

/*
 * buf[0..have) 에 쌓인 바이트에서 완전한 요청을 모두 처리하고, 남은 조각(아직 덜 온 요청)을
 * 앞으로 당긴 뒤 그 길이를 돌려준다. FIFO 는 바이트 흐름이라 write 의 경계가 보이지 않는다.
 * 모든 client 가 512바이트씩 한 번에 쓰면 경계가 맞지만, 누가 쓰레기나 반쪽짜리를 쓰면
 * 어긋난다. 그래서 "FIFO1 " 이 아닌 바이트는 건너뛰고, 틀린 요청은 다음 "FIFO1 " 까지 버린다.
 */
static size_t handle_input(char *buf, size_t have, const char *fifo, struct stats *s)
{
    size_t at = 0;
    for (;;) {
        size_t next = find_magic(buf, have, at);
        if (next > at) {
            printf("server: skipped %zu bytes that do not start a request\n", next - at);
            s->bad++;
            at = next;
        }
        if (have - at < REQ_SIZE)
            break; /* 요청의 나머지가 아직 오지 않았다 */
        struct request r;
        const char *why = parse_request(buf + at, &r);
        if (why != NULL) {
            next = find_magic(buf, have, at + 1);
            printf("server: bad request (%s): skipped %zu bytes\n", why, next - at);
            s->bad++;
            at = next;
            continue;
        }
        serve(&r, fifo, s);
        at += REQ_SIZE;
    }
    memmove(buf, buf + at, have - at);
    return have - at;
}

/* 끝낼 때 FIFO 의 이름을 지운다. 단, 그 이름이 아직 우리가 만든 FIFO 일 때만 (같은 inode). */
static void remove_fifo(const char *path, const struct stat *mine)
{
    struct stat st;
    if (lstat(path, &st) == 0 && st.st_dev == mine->st_dev && st.st_ino == mine->st_ino) {
        if (unlink(path) == -1)
            die("unlink", path);
        printf("server: removed %s\n", path);
    } else {
        printf("server: %s is no longer our FIFO; left it alone\n", path);
    }
}

int main(int argc, char *argv[])
{
    const char *fifo = DEFAULT_FIFO;
    int spare = 1; /* -S 면 0 */
    int opt;

    /* 테스트가 파일이나 파이프로 읽으므로, 버퍼에 갇히지 않게 한 줄씩 내보낸다. */
    setvbuf(stdout, NULL, _IOLBF, 0);

    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        help();
        return 0;
    }
    while ((opt = getopt(argc, argv, "hf:S")) != -1) {
        switch (opt) {
        case 'h': help(); return 0;
        case 'f': fifo = optarg; break;
        case 'S': spare = 0; break;
        default: usage(stderr); return 2;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "server: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    const char *problem = fifo_path_problem(fifo);
    if (problem != NULL) {
        fprintf(stderr, "server: -f: %s\n", problem);
        usage(stderr);
        return 2;
    }

    sigset_t orig;
    setup_signals(&orig);

    /* 1. 만들기: 파일 시스템에 FIFO 의 이름을 만든다 (오래된 것이면 갈아 치운다). */
    create_fifo(fifo);
    created_fifo = fifo;

    /*
     * 2. 읽는 끝을 연다. 그냥 O_RDONLY 면 open 은 누군가 쓰려고 열 때까지 잠든다 (man 7 fifo).
     *    O_NONBLOCK 을 주면 writer 가 없어도 바로 성공한다. 이 fd 는 O_NONBLOCK 인 채로 둔다:
     *    기다리는 일은 ppoll 이 하고, read 는 ppoll 이 "읽을 것 있음" 이라고 한 뒤에만 부른다.
     */
    int rfd = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (rfd == -1)
        die("open", fifo);
    /* fstat: 연 것이 정말 FIFO 인지 (만든 뒤 누가 바꿔치기하지 않았는지), 그리고 그 inode 번호 */
    struct stat mine;
    if (fstat(rfd, &mine) == -1)
        die("fstat", fifo);
    if (!S_ISFIFO(mine.st_mode)) {
        fprintf(stderr, "server: %s was replaced by %s; giving up\n", fifo, file_kind(mine.st_mode));
        exit(1);
    }
    printf("server: created FIFO %s (mode %03o)\n", fifo, (unsigned)(mine.st_mode & 07777));

    char buf[2 * REQ_SIZE]; /* 요청 하나 + 그 앞의 조각이 들어갈 만큼 */
    size_t have = 0;
    struct stats s = {0, 0, 0};
    probe_read(rfd, fifo, buf, sizeof buf, &have, "no writer yet");

    /*
     * 3. 여분의 writer (spare writer): 자기 FIFO 를 쓰기로도 한 번 열어 두고, 이 fd 로는
     *    아무것도 쓰지 않는다. 파이프의 read 는 쓰는 끝이 하나도 남지 않으면 0(EOF)을
     *    돌려준다. 여분의 writer 가 없으면 마지막 client 가 닫는 순간부터 read 가 기다리지
     *    않고 계속 0 을 돌려주고(ppoll 도 POLLHUP 으로 바로 깨어난다), server 는 헛돌거나
     *    끝나 버린다. server 가 쓰는 끝 하나를 쥐고 있으면 EOF 는 오지 않는다.
     *    읽는 끝이 이미 열려 있으므로 이 open 은 기다리지 않는다. 만약을 위해 O_NONBLOCK 을
     *    주면, 읽는 끝이 없을 때 멈추는 대신 ENXIO 로 실패한다.
     *    (O_RDWR 로 한 번에 열어도 리눅스에서는 되지만, POSIX 는 FIFO 의 O_RDWR 를 정의하지 않는다.)
     */
    int wfd = -1;
    if (spare) {
        wfd = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (wfd == -1)
            die("open", fifo);
        probe_read(rfd, fifo, buf, sizeof buf, &have, "spare writer open");
    } else {
        printf("server: -S: no spare writer; once the last client closes %s, read() returns 0\n", fifo);
    }

    /* F_GETPIPE_SZ: 이 FIFO 의 파이프 버퍼 크기. 요청이 이만큼 쌓이면 client 의 write 가 막힌다. */
    int capacity = fcntl(rfd, F_GETPIPE_SZ);
    if (capacity == -1)
        die("fcntl(F_GETPIPE_SZ)", fifo);
    printf("server: requests are %d bytes (PIPE_BUF %d, pipe capacity %d)\n", REQ_SIZE, PIPE_BUF, capacity);
    printf("server: ready on %s (pid %ld)\n", fifo, (long)getpid());
    if (have > 0) /* 시험 삼아 읽는 사이에 벌써 온 요청 */
        have = handle_input(buf, have, fifo, &s);

    /* 4. 요청을 읽고 답한다. SIGINT/SIGTERM 이 올 때까지. */
    int eofs = 0, status = 0;
    while (!stop_signal) {
        /*
         * ppoll 은 읽을 것이 생길 때까지 잠든다. 잠든 동안만 시그널 마스크를 orig 로 바꾸므로
         * SIGINT/SIGTERM 은 여기서만 배달된다. "stop_signal 검사" 와 "잠들기" 사이에 시그널이
         * 끼어들어 놓치는 틈이 없다 (그냥 read 로 잠들면 그 틈에 온 SIGTERM 은 다음 요청까지 묻힌다).
         */
        struct pollfd pfd = {.fd = rfd, .events = POLLIN};
        if (ppoll(&pfd, 1, NULL, &orig) == -1) {
            if (errno == EINTR)
                continue; /* 시그널 처리기가 돌았다: while 이 stop_signal 을 본다 */
            die("ppoll", NULL);
        }
        /* read: 파이프에 있는 만큼(최대 남은 자리만큼) 가져온다. write 하나하나의 경계는 모른다. */
        ssize_t n = read(rfd, buf + have, sizeof buf - have);
        if (n == -1) {
            if (errno == EAGAIN || errno == EINTR)
                continue;
            die("read", fifo);
        }
        if (n == 0) {
            /* 쓰는 끝이 하나도 없다. 여분의 writer 가 있으면 일어나지 않는다 (-S 에서만). */
            if (++eofs == 1)
                printf("server: read() = 0 (EOF): the last client closed %s and no writer is left\n", fifo);
            if (eofs == EOF_LIMIT) {
                printf("server: -S: read() returned 0 %d times in a row without waiting; "
                       "without a spare writer the server spins here\n", EOF_LIMIT);
                status = 1;
                break;
            }
            continue;
        }
        eofs = 0;
        have = handle_input(buf, have + (size_t)n, fifo, &s);
    }

    /* 5. 정리: fd 를 닫고 FIFO 의 이름을 지운다. */
    if (stop_signal)
        printf("server: %s: stopping after %ld replies (%ld dropped, %ld bad requests)\n",
               stop_signal == SIGINT ? "SIGINT" : "SIGTERM", s.replies, s.dropped, s.bad);
    if (wfd != -1 && close(wfd) == -1)
        die("close", fifo);
    if (close(rfd) == -1)
        die("close", fifo);
    remove_fifo(fifo, &mine);
    return status;
}
