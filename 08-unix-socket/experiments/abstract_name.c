/*
 * 08-unix-socket/experiments/abstract_name.c: 리눅스의 추상 이름(abstract namespace). sun_path의 첫
 * 바이트가 NUL이면 그 뒤의 바이트가 이름이 되고, 파일은 어디에도 생기지 않는다. 마지막 소켓이 닫히면
 * 이름도 사라진다 (지울 것이 없다). /proc/net/unix는 첫 NUL을 @로 적는다. NOTES.md 1.1 "주소".
 *
 * 함정: 이름의 길이는 주소 길이(addrlen)가 정한다. sizeof(struct sockaddr_un)을 넘기면 이름은
 * "NAME 뒤에 NUL이 잔뜩"인 다른 이름이 되어, 정확한 길이로 bind 한 server에 connect 하지 못한다.
 *
 * 실행 (08-unix-socket 디렉터리에서):
 *   ./experiments/abstract_name            이름: demo
 *   ./experiments/abstract_name myname
 *
 * 출력:
 *   bound and listening on @demo (address length 7); /proc/net/unix lists: @demo
 *   connect with the exact length: ok
 *   connect with sizeof(struct sockaddr_un) = 110: Connection refused
 *   bound with sizeof(struct sockaddr_un): /proc/net/unix lists @demo followed by 103 more @ (NUL bytes)
 *   after close: @demo is gone from /proc/net/unix (nothing to unlink)
 *
 * 읽을 man 페이지: man 7 unix ("Abstract sockets"), man 5 proc (/proc/net/unix)
 */
#define _GNU_SOURCE /* 추상 이름은 리눅스 확장이다. 기능 검사 매크로로 그 뜻을 밝힌다 */

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void die(const char *what)
{
    fprintf(stderr, "abstract_name: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* /proc/net/unix의 마지막 칸(이름; 추상 이름의 NUL은 모두 @로 적힌다) 가운데, padded가 0이면
 * want와 똑같은 것, 1이면 want 뒤에 @가 하나 이상 붙은 것을 찾아 그 길이를 돌려준다 (없으면 0) */
static size_t listed(const char *want, int padded)
{
    /* /proc/net/unix: 커널이 지금 가진 모든 유닉스 도메인 소켓의 표. 한 줄이 소켓 하나이고, 마지막 칸이
     * bind 한 이름이다 (이름 없는 소켓은 그 칸이 비어 있다). 읽을 때마다 커널이 새로 만든다. */
    FILE *f = fopen("/proc/net/unix", "re"); /* "e": O_CLOEXEC */
    if (f == NULL)
        die("fopen /proc/net/unix");
    char line[512];
    size_t found = 0, w = strlen(want);
    while (found == 0 && fgets(line, sizeof line, f) != NULL) {
        char *path = strrchr(line, ' '); /* 마지막 칸의 앞 */
        if (path == NULL || strncmp(++path, want, w) != 0)
            continue;
        path[strcspn(path, "\n")] = '\0';
        size_t tail = strspn(path + w, "@"); /* 이름 뒤에 붙은 NUL(@)의 수 */
        if (path[w + tail] == '\0' && (padded ? tail > 0 : tail == 0))
            found = w + tail;
    }
    fclose(f);
    return found;
}

/* 유닉스 도메인 스트림 소켓 하나. 이름은 아직 없다: bind가 붙인다 (connect 하는 쪽은 이름이 없어도 된다) */
static int stream_socket(void)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0); /* CLOEXEC: exec 하는 자식에게 새지 않게 */
    if (fd == -1)
        die("socket");
    return fd;
}

int main(int argc, char *argv[])
{
    const char *name = argc > 1 ? argv[1] : "demo";
    struct sockaddr_un addr;
    /* 이름은 글자, 숫자, . _ - 만: /proc/net/unix의 한 칸으로 읽을 수 있고 그대로 찍어도 안전하다 */
    size_t ok = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");
    if (argc > 2 || name[0] == '-' || name[0] == '\0' || name[ok] != '\0' || strlen(name) > sizeof addr.sun_path - 1) {
        int help = argc == 2 && (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: abstract_name [NAME]   (1 to %zu bytes of A-Z a-z 0-9 . _ -, default demo)\n",
                sizeof addr.sun_path - 1);
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */

    /* 주소: sun_path[0] = '\0', 이름은 그 뒤. 길이 = sun_path 앞부분 + NUL 하나 + 이름 (끝 NUL 없음) */
    /* 커널은 경로 이름과 달리 NUL을 끝으로 보지 않는다: 주소 길이 안의 바이트가 모두 이름이다. */
    memset(&addr, 0, sizeof addr); /* sun_path[0]도 여기서 0이 된다: 이것이 "추상"의 표시다 */
    addr.sun_family = AF_UNIX;
    memcpy(addr.sun_path + 1, name, strlen(name)); /* 끝의 NUL은 옮기지 않는다: 이름의 일부가 아니다 */
    socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
    char at[sizeof addr.sun_path + 2]; /* /proc/net/unix에 적히는 모양: "@" + 이름 */
    snprintf(at, sizeof at, "@%s", name);

    /* bind: 커널은 추상 이름들의 표(네트워크 이름 공간마다 하나)에 이 소켓을 올린다. 같은 이름이
     * 이미 있으면 EADDRINUSE. 파일 시스템을 거치지 않으니 디렉터리의 쓰기 권한도, 지울 파일도 없다. */
    int srv = stream_socket();
    if (bind(srv, (struct sockaddr *)&addr, len) == -1) /* 파일을 만들지 않는다: umask도 권한도 없다 */
        die("bind");
    if (listen(srv, 8) == -1) /* 이제 connect를 받는다. 이름만 있고 listen 하지 않으면 ECONNREFUSED */
        die("listen");
    printf("bound and listening on %s (address length %u); /proc/net/unix lists: %s\n", at, (unsigned)len,
           listed(at, 0) ? at : "(nothing)");

    /* 같은 바이트, 같은 길이: 커널은 표에서 이 이름을 찾아 srv의 연결 대기 큐에 넣는다 */
    int c1 = stream_socket();
    if (connect(c1, (struct sockaddr *)&addr, len) == -1) /* accept 하지 않아도 connect는 돌아온다 */
        die("connect (exact length)");
    printf("connect with the exact length: ok\n");

    /* 흔한 실수: 경로 이름처럼 sizeof(addr)를 넘긴다. 커널에게 이름은 108바이트 전부다. */
    /* 길이 110이면 이름은 "demo" + NUL 103개: 그런 이름에 listen 하는 소켓이 없으니 ECONNREFUSED */
    int c2 = stream_socket();
    if (connect(c2, (struct sockaddr *)&addr, sizeof addr) == 0) /* 맞으면 안 된다 */
        printf("connect with sizeof(struct sockaddr_un) = %zu: unexpectedly connected\n", sizeof addr);
    else
        printf("connect with sizeof(struct sockaddr_un) = %zu: %s\n", sizeof addr, strerror(errno));

    /* 그 긴 이름으로 bind 하면 /proc/net/unix에 @NAME@@@... 로 보인다 (뒤의 NUL도 이름이다) */
    int other = stream_socket();
    if (bind(other, (struct sockaddr *)&addr, sizeof addr) == -1) /* srv의 이름과 달라서 EADDRINUSE가 아니다 */
        die("bind (sizeof addr)");
    size_t extra = listed(at, 1); /* @demo 뒤에 @가 붙은 줄의 이름 길이 */
    extra = extra > 0 ? extra - strlen(at) : 0;
    printf("bound with sizeof(struct sockaddr_un): /proc/net/unix lists %s followed by %zu more @ (NUL bytes)\n",
           at, extra);

    /* 추상 이름은 그 이름을 가진 소켓이 살아 있는 동안만 있다. 마지막 참조가 닫히면 커널이 표에서
     * 지운다: unlink 할 것도, SIGKILL 뒤에 남는 stale 파일도 없다 (경로 이름과 가장 큰 차이). */
    close(other);
    close(c2);
    close(c1); /* 연결된 소켓도 닫는다: srv의 큐에 있던 연결도 함께 사라진다 */
    close(srv); /* 여기서 @demo가 표에서 빠진다 */
    printf("after close: %s %s /proc/net/unix (nothing to unlink)\n", at,
           listed(at, 0) ? "is still in" : "is gone from");
    return 0;
}
