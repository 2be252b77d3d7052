/*
 * 04-fifo/common.h: server.c와 client.c가 함께 지키는 약속과, 둘이 똑같이 쓰는 도우미.
 * (이 장 안에서만 쓴다. 실험 프로그램은 이 헤더 없이 혼자 선다.)
 *
 * 요청 (client → server): 모든 client가 server의 FIFO 하나에 쓴다. 요청은 정확히 REQ_SIZE(512)
 *   바이트다: "<pid> <TEXT>" 뒤를 공백으로 채우고, 마지막 512번째 바이트만 '\n'이다.
 *   셸에서도 보낼 수 있다:  printf '%-511s\n' "$$ hello" > demo.fifo
 *   - 512는 POSIX가 보장하는 PIPE_BUF의 최솟값(_POSIX_PIPE_BUF)이다. PIPE_BUF 이하를 write
 *     한 번으로 쓰면 커널은 그 바이트를 다른 writer의 바이트와 섞지 않는다 (man 7 pipe).
 *     그래서 client가 몇이든 요청은 통째로 들어간다. 리눅스의 PIPE_BUF는 4096이다.
 *   - '\n'은 요청의 끝에 하나뿐이다. 누가 짧은 쓰레기를 쓰면 server는 다음 '\n'까지를
 *     버리고 거기서 다시 경계를 맞춘다 (FIFO는 바이트 흐름이라 write의 경계를 모른다).
 * 답 (server → client): client마다 따로 만든 FIFO "<server FIFO 경로>.<client pid>"로,
 *   TEXT를 대문자로 바꾼 것 + '\n'. server는 그것을 쓰고 닫는다: client는 EOF까지 읽는다.
 */
#ifndef FIFO_COMMON_H
#define FIFO_COMMON_H

#include <errno.h>
#include <limits.h> /* _POSIX_PIPE_BUF, PATH_MAX */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_FIFO "./demo.fifo"
#define REQ_SIZE _POSIX_PIPE_BUF /* 512: 어느 POSIX 시스템에서나 PIPE_BUF 이하다 */
#define TEXT_MAX 256             /* "<pid 10자리> <TEXT 256>"는 511바이트 안에 넉넉히 든다 */

/*
 * 이 프로그램이 만든 FIFO 하나 (server는 자기 FIFO, client는 답 FIFO): 이름과, 만든 직후에 본
 * 장치·inode 번호. 어떤 길로 끝나든 remove_made()가 이 이름을 지운다. 단, 그 이름이 아직
 * 같은 inode일 때만: 누가 그사이에 지우고 새로 만든 남의 FIFO를 지우지 않는다.
 */
static const char *made_path;
static struct stat made_st;

/* 만든 FIFO가 아직 그 이름에 있으면 지운다. 지운 뒤에는 다시 지우지 않는다. */
static void remove_made(void)
{
    struct stat st;
    if (made_path == NULL)
        return;
    /* lstat: 이름 자체를 본다 (심볼릭 링크를 따라가지 않는다) */
    if (lstat(made_path, &st) == 0 && st.st_dev == made_st.st_dev && st.st_ino == made_st.st_ino) {
        /* unlink는 이름만 지운다: 아직 열린 fd는 같은 파이프를 계속 쓴다 */
        if (unlink(made_path) == -1)
            fprintf(stderr, PROG ": unlink %s: %s\n", made_path, strerror(errno));
    } else {
        fprintf(stderr, PROG ": %s is no longer the FIFO we made; left it alone\n", made_path);
    }
    made_path = NULL;
}

/* 만든 것을 지우고 끝낸다. 정상 종료도, 오류도 모두 이 길로 나간다 (SIGKILL만은 어쩔 수 없다). */
static _Noreturn void quit(int status)
{
    remove_made();
    exit(status);
}

/* "prog: 호출 경로: 오류"를 stderr에 알리고 상태 1로 끝낸다. */
static _Noreturn void die(const char *call, const char *path)
{
    int err = errno; /* fprintf가 errno를 바꾸기 전에 챙긴다 */
    fprintf(stderr, PROG ": %s%s%s: %s\n", call, path ? " " : "", path ? path : "", strerror(err));
    quit(1);
}

/*
 * path에 mode 0600인 FIFO를 만들고 그 inode를 기억한다. 실패하면 -1 (errno는 mkfifo의 것).
 * mkfifo가 붙이는 권한은 mode & ~umask다. umask 0277 같은 설정은 주인의 쓰기 비트까지 빼서
 * server가 자기 FIFO에 여분의 writer를 열 수 없게 만든다. 그래서 잠깐 umask를 0으로 둔다.
 * 0600은 주인만 읽고 쓰는 가장 좁은 권한이라 umask가 막으려는 일(남에게 열어 주기)은 없다.
 * mkfifo는 이름이 이미 있으면 EEXIST로 실패한다: O_CREAT|O_EXCL처럼 남의 것을 덮지 않는다.
 */
static int make_fifo(const char *path)
{
    mode_t old = umask(0);
    int rc = mkfifo(path, 0600); /* 커널에서는 mknodat(S_IFIFO|0600): 이름만 생기고 데이터 블록은 없다 */
    int err = errno;
    umask(old);
    if (rc == -1) {
        errno = err;
        return -1;
    }
    if (lstat(path, &made_st) == -1)
        die("lstat", path);
    made_path = path;
    return 0;
}

/* 연 fd가 우리가 만든 바로 그 FIFO인가 (만들고 연 사이에 이름이 바뀌지 않았나)? 아니면 끝낸다. */
static void check_made(int fd)
{
    struct stat st;
    if (fstat(fd, &st) == -1)
        die("fstat", made_path);
    if (st.st_dev != made_st.st_dev || st.st_ino != made_st.st_ino) {
        fprintf(stderr, PROG ": %s was replaced after we made it; giving up\n", made_path);
        made_path = NULL; /* 남의 것이다: 지우지 않는다 */
        quit(1);
    }
}

/* 받은 SIGINT/SIGTERM/SIGHUP의 번호 (없으면 0). 핸들러는 이것만 적고, 정리는 보통 코드가 한다. */
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig; /* volatile sig_atomic_t에 대입하기: 핸들러에게 허락된 몇 안 되는 일이다 */
}

static const char *stop_name(void)
{
    return stop_signal == SIGINT ? "SIGINT" : stop_signal == SIGTERM ? "SIGTERM" : "SIGHUP";
}

/*
 * SIGINT(Ctrl-C), SIGTERM(kill), SIGHUP(터미널이 닫힘)에 핸들러를 달고, 세 시그널을 차단한다.
 * 차단된 시그널은 보류(pending)되었다가, ppoll이 잠든 동안 마스크를 *orig로 바꿀 때만 배달된다.
 * 그래서 "stop_signal 검사"와 "잠들기" 사이에 온 시그널을 놓치지 않는다. SA_RESTART는 주지 않는다
 * (ppoll은 어차피 늘 EINTR로 돌아온다). 상대가 닫은 FIFO에 쓰면 커널은 SIGPIPE를 보내고 기본
 * 동작은 프로세스 종료다: 무시하면 write가 대신 -1/EPIPE를 돌려준다.
 */
static void catch_stop_signals(sigset_t *orig)
{
    struct sigaction sa = {.sa_handler = on_signal}; /* sa_flags 0: SA_RESTART 없음 */
    sigset_t block;
    sigemptyset(&sa.sa_mask);
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1 ||
        sigaction(SIGHUP, &sa, NULL) == -1)
        die("sigaction", NULL);
    sa.sa_handler = SIG_IGN;
    if (sigaction(SIGPIPE, &sa, NULL) == -1)
        die("sigaction", NULL);
    if (sigprocmask(SIG_BLOCK, &block, orig) == -1)
        die("sigprocmask", NULL);
}

/*
 * 남이 보낸 바이트를 따옴표 안에 찍는다. 인쇄할 수 있는 ASCII만 그대로, 나머지(제어 문자,
 * ESC, 한글 같은 UTF-8 바이트, '"', '\\')는 \xNN으로. 터미널 이스케이프 시퀀스(ESC [ ...)가
 * 그대로 터미널에 닿으면 화면을 지우거나 글자를 숨길 수 있기 때문이다.
 */
static void print_quoted(const char *buf, size_t len, const char *after)
{
    putchar('"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            putchar(c);
        else
            printf("\\x%02x", c);
    }
    printf("\"%s", after);
}

#endif
