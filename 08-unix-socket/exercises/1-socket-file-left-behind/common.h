/*
 * 08-unix-socket/common.h: server.c와 client.c가 함께 쓰는 것 (이 장 안에서만 쓴다).
 *
 * 프로토콜: 바이트 스트림 위의 줄. client가 '\n'으로 끝나는 줄(최대 LINE_MAX_BYTES - 1 바이트 +
 * '\n')을 보내면 server가 "OK <대문자로 바꾼 줄>\n" 또는 "ERR <까닭>\n" 한 줄로 답한다.
 * 스트림 소켓은 메시지 경계를 지키지 않으므로, 줄의 끝은 '\n' 으로만 안다.
 */
#ifndef UNIX_SOCKET_COMMON_H
#define UNIX_SOCKET_COMMON_H

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define DEFAULT_SOCKET "./demo.sock"
#define LINE_MAX_BYTES 256 /* 한 줄의 최대 길이 ('\n' 포함) */

static const char *prog;            /* 메시지 앞에 붙는 이름: "server" 또는 "client" */
static const char *remove_on_death; /* server가 bind로 만든 소켓 파일: die가 지우고 끝낸다 */

/* "prog: 무엇: strerror"를 알리고, 만든 소켓 파일이 있으면 지운 뒤 상태 1로 끝낸다 */
static _Noreturn void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    if (remove_on_death != NULL)
        unlink(remove_on_death);
    exit(1);
}

/* 사용법 한 줄. 잘못된 인자일 때는 stderr에 쓰고 상태 2로 끝낸다 */
static void usage(FILE *to)
{
    fprintf(to, "usage: %s [-s SOCKET_PATH]   (default %s)\n", prog, DEFAULT_SOCKET);
    if (to == stderr)
        exit(2);
}

/* 두 프로그램의 인자는 같다: [-s SOCKET_PATH], 또는 -h/--help (about을 덧붙여 stdout에, 상태 0) */
static const char *socket_path_arg(int argc, char *argv[], const char *about)
{
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        usage(stdout);
        fputs(about, stdout);
        exit(0);
    }
    if (argc == 3 && strcmp(argv[1], "-s") == 0)
        return argv[2];
    if (argc != 1)
        usage(stderr);
    return DEFAULT_SOCKET;
}

/*
 * 경로를 소켓 주소로 바꾸고 그 길이를 돌려준다. sun_path는 리눅스에서 108바이트짜리 배열이다
 * (BSD, macOS는 104). 긴 경로를 잘라 넣으면 엉뚱한 이름에 bind/connect 하므로, 넘치면 거절한다.
 * 길이는 sun_path 앞부분 + 경로 + NUL: 커널은 이 길이만큼만 본다.
 */
static socklen_t make_address(const char *path, struct sockaddr_un *addr)
{
    size_t len = strlen(path);
    memset(addr, 0, sizeof *addr);
    addr->sun_family = AF_UNIX;
    if (len == 0 || len >= sizeof addr->sun_path) {
        fprintf(stderr, "%s: socket path must be 1 to %zu bytes, got %zu\n", prog, sizeof addr->sun_path - 1, len);
        usage(stderr);
    }
    memcpy(addr->sun_path, path, len + 1);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + 1);
}

/* 유닉스 도메인 스트림 소켓 하나 (못 만들면 끝낸다). 커널 안의 소켓 객체를 가리키는 파일 디스크립터다.
 * SOCK_CLOEXEC: exec 하는 자식에게 새지 않게. flags에 SOCK_NONBLOCK을 더할 수 있다. */
static int stream_socket(int flags)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | flags, 0);
    if (fd == -1)
        die("socket");
    return fd;
}

/* addr에 연결된 스트림 소켓을 돌려준다. 실패하면 -1 (errno 그대로: 아무것도 없으면 ENOENT, 소켓 파일은
 * 있는데 아무도 listen 하지 않으면 ECONNREFUSED, 파일에 쓰기 권한이 없으면 EACCES). flags는 socket의
 * type에 더할 것 (SOCK_NONBLOCK이면 연결 대기 큐가 찬 server 앞에서 기다리지 않고 EAGAIN). */
static int connect_to(const struct sockaddr_un *addr, socklen_t alen, int flags)
{
    int fd = stream_socket(flags);
    if (connect(fd, (const struct sockaddr *)addr, alen) == -1) {
        int err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

/*
 * n 바이트를 모두 쓴다. 스트림 소켓과 파이프의 write는 일부만 받고 돌아올 수 있다 (논블로킹이거나
 * 버퍼가 거의 찼을 때, 시그널에 끊겼을 때). 돌려준 수만큼 나아가 나머지를 다시 쓴다.
 * 실패하면 -1 (errno 그대로): 받는 쪽이 떠났으면 EPIPE, 논블로킹인데 버퍼가 찼으면 EAGAIN.
 */
static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w == -1 && errno == EINTR)
            continue;
        if (w == -1)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

#endif
