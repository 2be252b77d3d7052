/*
 * 04-fifo/server.c: 이름 있는 파이프(FIFO) 하나로 여러 client의 요청을 받고, client마다
 * 따로 만든 답 FIFO로 답한다 (TLPI 44.8절의 구조).
 *
 * FIFO는 파일 시스템에 이름이 있는 파이프다. 이름이 있으니 부모-자식 관계가 없는 프로세스끼리도
 * 같은 파이프를 open할 수 있다. 데이터는 디스크에 가지 않고 커널의 파이프 버퍼를 지난다
 * (ls -l에서 종류 p, 크기는 늘 0). 한 방향 통로이므로 답은 client의 FIFO로 돌려보낸다.
 *
 * 실행 (저장소 맨 위에서 make 04-fifo, 또는 이 디렉터리만으로 cc -o server server.c):
 *   터미널 1: ./server                 ./demo.fifo를 만들고 요청을 기다린다 (Ctrl-C로 끝낸다)
 *   터미널 2: ./client hello           "HELLO"를 돌려받는다
 *   ./server -f /tmp/x.fifo처럼 다른 경로도 된다 (client도 -f /tmp/x.fifo)
 * 출력:
 *   server: ready on ./demo.fifo (pid 4242)
 *   server: request from pid 4243: "hello" -> "HELLO"
 *   server: SIGINT: stopping, removing ./demo.fifo
 *
 * 읽을 man 페이지: man 7 fifo, man 7 pipe, man 3 mkfifo, man 2 open, man 2 poll, man 7 signal
 */
#define _GNU_SOURCE /* ppoll(): glibc는 _GNU_SOURCE에서 선언한다 (POSIX.1-2024에 들어갔다) */

#define PROG "server" /* common.h의 die()가 오류 메시지 앞에 붙이는 이름 */
#include <ctype.h>
#include <fcntl.h>
#include <poll.h>

#include "common.h"

/* 사용법: -h/--help면 stdout에 설명까지 (상태 0), 잘못된 인자면 stderr에 한 줄 (상태 2) */
static int usage(FILE *to, int status)
{
    fprintf(to, "usage: server [-f FIFO]\n");
    if (status == 0)
        printf("Makes FIFO (default %s) and answers each 512-byte request \"<pid> <text>\"\n"
               "on FIFO.<pid> in upper case. Removes FIFO on SIGINT, SIGTERM and SIGHUP.\n", DEFAULT_FIFO);
    return status;
}

/* 답을 client의 FIFO에 쓴다. 못 쓰면 까닭을 알리고 그 답만 버린다: 어떤 client도 server를 세우지 못한다. */
static void send_reply(long pid, const char *path, const char *reply, size_t len)
{
    /*
     * O_WRONLY|O_NONBLOCK: 읽는 client가 없으면 (요청만 보내고 죽었다면) 기다리지 않고 ENXIO.
     * 블로킹 open이었다면 server 전체가 여기서 영원히 멈춘다. O_NOFOLLOW: 심볼릭 링크는 ELOOP.
     */
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (fd == -1) {
        printf("server: reply to pid %ld dropped: open %s: %s\n", pid, path, strerror(errno));
        return;
    }
    struct stat st;
    if (fstat(fd, &st) == -1 || !S_ISFIFO(st.st_mode)) /* 같은 이름의 일반 파일에는 쓰지 않는다 */
        printf("server: reply to pid %ld dropped: %s is not a FIFO\n", pid, path);
    /*
     * O_NONBLOCK 그대로 쓴다. PIPE_BUF 이하의 write는 통째로 들어가거나, 자리가 없으면 (읽지 않는
     * client) 하나도 쓰이지 않고 EAGAIN이다. client가 그새 닫았으면 EPIPE (SIGPIPE는 무시했다).
     */
    else if (write(fd, reply, len) == -1)
        printf("server: reply to pid %ld dropped: write %s: %s\n", pid, path, strerror(errno));
    if (close(fd) == -1) /* 이 쓰는 끝이 마지막이다: client는 답 뒤에 EOF(read() = 0)를 본다 */
        printf("server: close %s: %s\n", path, strerror(errno));
}

/* 요청 하나에 답한다. req는 512바이트, 마지막 바이트가 '\n'이다. */
static void serve(const char *req, const char *fifo)
{
    char *end = NULL;
    long pid = 0; /* 요청의 pid는 client가 스스로 적은 숫자일 뿐이다 */
    errno = 0;
    /* 숫자로 시작할 때만 strtol을 부른다. strtol은 앞의 공백과 '\n'을 건너뛰므로 공백뿐인 요청이면
     * 512바이트 밖까지 읽는다. 숫자로 시작하면 늦어도 마지막 바이트 '\n'에서 멈춘다. */
    if (isdigit((unsigned char)req[0]))
        pid = strtol(req, &end, 10);
    if (end == NULL || errno != 0 || *end != ' ' || pid < 1 || pid > INT_MAX) {
        printf("server: bad request (no \"<pid> \" in front): skipped %d bytes\n", REQ_SIZE);
        return;
    }
    const char *text = end + 1; /* pid 뒤의 공백 다음부터 */
    size_t len = (size_t)(req + REQ_SIZE - 1 - text);
    while (len > 0 && text[len - 1] == ' ') /* 뒤를 채운 공백은 TEXT가 아니다 */
        len--;
    char reply[REQ_SIZE];
    for (size_t i = 0; i < len; i++)
        reply[i] = (char)toupper((unsigned char)text[i]); /* C 로캘: ASCII만 바뀐다 */
    reply[len] = '\n';
    printf("server: request from pid %ld: ", pid);
    print_quoted(text, len, " -> ");
    print_quoted(reply, len, "\n");

    /*
     * 답 FIFO의 이름은 server가 pid로 만든다 (client가 준 경로를 열지 않는다). 살아 있는 프로세스
     * 끼리 PID가 겹치지 않는 것은 한 PID 이름 공간(namespace) 안에서만이다: 이 디렉터리를 나눠
     * 쓰는 두 컨테이너의 client는 같은 PID를 가질 수 있다.
     */
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s.%ld", fifo, pid) >= (int)sizeof path)
        printf("server: reply to pid %ld dropped: the path is too long\n", pid);
    else
        send_reply(pid, path, reply, len + 1);
}

/* buf의 앞 n바이트를 버리고 남은 길이를 돌려준다. junk면 요청이 아닌 바이트를 버렸다고 알린다. */
static size_t drop(char *buf, size_t have, size_t n, int junk)
{
    if (junk && n > 0)
        printf("server: skipped %zu bytes that are not part of a request\n", n);
    memmove(buf, buf + n, have - n);
    return have - n;
}

int main(int argc, char *argv[])
{
    const char *fifo = DEFAULT_FIFO; /* -f FIFO로 바꾼다 */

    /* 테스트와 demo.sh는 출력을 파일이나 파이프로 읽는다: 버퍼에 갇히지 않게 한 줄씩 내보낸다 */
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
        return usage(stdout, 0);
    if (argc == 3 && strcmp(argv[1], "-f") == 0)
        fifo = argv[2];
    else if (argc != 1)
        return usage(stderr, 2);

    /* 1. 시그널: 핸들러는 플래그만. FIFO를 만들기 "전에" 차단해야, 만든 뒤 지우기 전에 죽는 틈이 없다. */
    sigset_t orig;
    catch_stop_signals(&orig);

    /*
     * 2. 만들기: 파일 시스템에 종류가 FIFO인 이름 (mode 0600). 이미 있으면 지우지 않는다: 살아 있는
     *    server의 것일 수도, 정리할 기회가 없었던 server(SIGKILL, 충돌, 전원)의 것일 수도 있다.
     */
    if (make_fifo(fifo) == -1) {
        if (errno != EEXIST)
            die("mkfifo", fifo);
        fprintf(stderr, "server: %s already exists: another server may be using it, or a server killed by "
                "SIGKILL or a crash left it behind; if no server runs, remove it: rm %s\n", fifo, fifo);
        return 1;
    }

    /*
     * 3. 읽는 끝. 그냥 O_RDONLY면 open은 누군가 쓰기로 열 때까지 잠든다 (man 7 fifo).
     *    O_NONBLOCK이면 writer가 없어도 바로 돌아온다. 기다리는 일은 ppoll이 맡는다.
     */
    int rfd = open(fifo, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (rfd == -1)
        die("open", fifo);
    check_made(rfd); /* 만든 그 FIFO인가 (같은 inode) */

    /*
     * 4. 여분의 writer(spare writer): 자기 FIFO를 쓰기로도 열어 두고, 이 fd로는 쓰지 않는다.
     *    read는 쓰는 끝이 하나도 남지 않으면 0(EOF)을 돌려준다. 이 fd가 없으면 마지막 client가
     *    닫는 순간부터 ppoll과 read가 기다리지 않고 EOF를 되풀이한다 (experiments/no_spare_writer.c).
     *    읽는 끝이 이미 있으므로 O_WRONLY|O_NONBLOCK은 ENXIO 없이 바로 열린다.
     */
    int wfd = open(fifo, O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (wfd == -1)
        die("open", fifo);
    check_made(wfd);
    printf("server: ready on %s (pid %ld)\n", fifo, (long)getpid()); /* 이제 client가 열 수 있다 */

    /*
     * 5. 요청을 읽고 답한다. FIFO는 바이트 흐름이라 write의 경계가 없다. 그래서 "요청 = '\n'으로
     *    끝나는 512바이트"로 경계를 찾는다: '\n'을 만나면 그 앞 511바이트와 함께 요청으로 보고,
     *    더 앞의 바이트(누가 쓴 쓰레기나 조각)는 버린다. 그러면 조각 바로 뒤의 요청도 살아남는다.
     */
    char buf[2 * REQ_SIZE]; /* 남긴 511바이트 + 새로 읽은 것 */
    size_t have = 0;        /* buf에 쌓인 바이트 수 */
    while (!stop_signal) {
        /* ppoll은 잠든 동안만 마스크를 orig로 바꾼다: 차단해 둔 시그널은 여기서만 배달된다 */
        struct pollfd pfd = {.fd = rfd, .events = POLLIN};
        if (ppoll(&pfd, 1, NULL, &orig) == -1 && errno != EINTR)
            die("ppoll", NULL);
        if (stop_signal) /* EINTR: 핸들러가 돌았다 */
            break;
        ssize_t n = read(rfd, buf + have, sizeof buf - have); /* 있는 만큼, write의 경계는 모른다 */
        if (n == -1 && errno == EAGAIN)
            continue; /* 깨어났지만 읽을 것이 없다: 다시 잔다 */
        if (n == -1)
            die("read", fifo);
        if (n == 0) { /* writer가 0개: 여분의 writer를 쥐고 있는 한 일어나지 않는다 */
            fprintf(stderr, "server: read %s: EOF although the spare writer is open\n", fifo);
            quit(1);
        }
        have += (size_t)n;
        char *nl;
        while ((nl = memchr(buf, '\n', have)) != NULL) {
            size_t line = (size_t)(nl - buf) + 1; /* 첫 '\n'까지의 길이 */
            if (line < REQ_SIZE) {                /* 요청이 되기에는 짧다: 통째로 버린다 */
                have = drop(buf, have, line, 1);
                continue;
            }
            have = drop(buf, have, line - REQ_SIZE, 1); /* '\n' 앞 512바이트만 남긴다 */
            serve(buf, fifo);
            have = drop(buf, have, REQ_SIZE, 0);
        }
        if (have > REQ_SIZE - 1) /* '\n' 없이 511바이트를 넘었다: 끝의 511바이트만 요청의 앞일 수 있다 */
            have = drop(buf, have, have - (REQ_SIZE - 1), 1);
    }

    /* 6. 정리: fd를 닫고 FIFO의 이름을 지운다. 열린 fd가 모두 닫히면 커널은 파이프 객체를 버린다. */
    printf("server: %s: stopping, removing %s\n", stop_name(), fifo);
    if (close(wfd) == -1 || close(rfd) == -1)
        die("close", fifo);
    quit(0);
}
