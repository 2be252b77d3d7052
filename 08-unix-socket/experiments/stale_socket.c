/*
 * 08-unix-socket/experiments/stale_socket.c: 소켓을 닫아도 bind가 만든 파일은 남는다. 남은 파일
 * (stale socket)에 connect 하면 ECONNREFUSED, 같은 경로에 다시 bind 하면 EADDRINUSE. TCP와 달리
 * SO_REUSEADDR는 소용이 없다: 파일을 unlink 해야 다시 bind 할 수 있다. NOTES.md 6절 "흔한 실수" ①.
 *
 * 실행 (08-unix-socket 디렉터리에서):
 *   ./experiments/stale_socket              ./stale.sock을 만들었다가 끝에 지운다
 *   ./experiments/stale_socket /tmp/x.sock  (경로에 이미 무언가 있으면 건드리지 않고 끝난다)
 *
 * 출력:
 *   closed the listening socket without unlink: ./stale.sock is still there (socket, mode 755)
 *   connect to it: Connection refused
 *   bind again: Address already in use
 *   bind again with SO_REUSEADDR: Address already in use
 *   unlink, then bind: ok; connect: ok
 *   removed ./stale.sock
 *
 * 읽을 man 페이지: man 7 unix, man 2 bind (EADDRINUSE), man 2 unlink
 */
#define _POSIX_C_SOURCE 200809L /* 소켓 API와 lstat: POSIX로 충분하다 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static const char *path;

static void die(const char *what)
{
    fprintf(stderr, "stale_socket: %s: %s\n", what, strerror(errno));
    if (path != NULL)
        unlink(path);
    exit(1);
}

/* 새 유닉스 도메인 스트림 소켓 (이름 없음). 실험마다 새로 만든다: 한 번 bind 한 소켓은 다시 bind 할 수 없다 */
static int sock(void)
{
    int fd = socket(AF_UNIX, SOCK_STREAM, 0); /* 프로세스 하나로 끝나는 실험이라 CLOEXEC는 뜻이 없다 */
    if (fd == -1)
        die("socket");
    return fd;
}

/* 결과를 한 줄로: 0이면 ok, 아니면 errno의 글 */
static const char *result(int rc)
{
    return rc == 0 ? "ok" : strerror(errno);
}

int main(int argc, char *argv[])
{
    const char *want = argc > 1 ? argv[1] : "./stale.sock";
    struct sockaddr_un addr;
    if (argc > 2 || want[0] == '-' || want[0] == '\0' || strlen(want) >= sizeof addr.sun_path) {
        int help = argc == 2 && (strcmp(want, "-h") == 0 || strcmp(want, "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: stale_socket [SOCKET_PATH]   (default ./stale.sock, at most %zu bytes)\n",
                sizeof addr.sun_path - 1);
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    struct stat st;
    if (lstat(want, &st) == 0) { /* 끝에 unlink 하므로, 남의 것일 수 있는 이름은 쓰지 않는다 */
        fprintf(stderr, "stale_socket: %s already exists: choose a path that does not\n", want);
        return 1;
    }
    memset(&addr, 0, sizeof addr); /* 경로 뒤의 바이트가 모두 0: sizeof addr로 넘겨도 이름은 경로까지다 */
    addr.sun_family = AF_UNIX;         /* 파일 시스템 경로 주소 */
    memcpy(addr.sun_path, want, strlen(want) + 1); /* 길이는 위에서 쟀다: NUL까지 옮긴다 */
    const struct sockaddr *a = (const struct sockaddr *)&addr; /* 아래의 모든 bind/connect가 같은 주소 */

    /* 1. bind가 파일을 만든다. close는 소켓(커널 객체)만 치우고 이름은 그대로 둔다. */
    int s = sock();
    if (bind(s, a, sizeof addr) == -1) /* 커널이 경로에 종류 s의 inode를 만들고 소켓과 묶는다 */
        die("bind");
    path = want; /* 이제부터 die가 지운다 */
    if (listen(s, 1) == -1)
        die("listen");
    close(s); /* 소켓은 사라진다. 디렉터리 항목(이름)은 파일 시스템의 것이라 커널이 지우지 않는다 */
    if (lstat(path, &st) == -1) /* 이름이 아직 있는지 본다 */
        die("lstat");
    printf("closed the listening socket without unlink: %s is still there (%s, mode %o)\n", path,
           S_ISSOCK(st.st_mode) ? "socket" : "not a socket", (unsigned)(st.st_mode & 07777));

    /* 2. 이름은 있지만 그 뒤에 listen 하는 소켓이 없다 */
    /* connect는 경로로 inode를 찾지만, 그 inode에 묶인 소켓이 없다: ECONNREFUSED (ENOENT가 아니다) */
    int c = sock();
    printf("connect to it: %s\n", result(connect(c, a, sizeof addr)));
    close(c); /* 연결되지 않은 소켓도 fd는 닫는다 */

    /* 3. 다시 bind: 커널은 그 경로에 파일을 만들려다 이미 있는 것을 본다 (EADDRINUSE) */
    s = sock();
    printf("bind again: %s\n", result(bind(s, a, sizeof addr)));
    /* TCP에서 SO_REUSEADDR는 TIME_WAIT인 포트를 다시 쓰게 한다. 유닉스 도메인 소켓에서는 커널이
     * 이 옵션을 보지 않는다: 걸림돌은 포트의 상태가 아니라 파일 시스템에 있는 파일이다. */
    int one = 1;
    if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == -1) /* 설정은 된다. 효과가 없을 뿐 */
        die("setsockopt");
    printf("bind again with SO_REUSEADDR: %s\n", result(bind(s, a, sizeof addr)));

    /* 4. 이름을 지우면 된다. (살아 있는 server의 이름을 지우지 않으려면 먼저 connect로 확인한다) */
    if (unlink(path) == -1) /* 남은 이름을 지운다: 이것이 이 장의 server가 stale 파일에 하는 일이다 */
        die("unlink");
    int rc = bind(s, a, sizeof addr); /* 같은 소켓 s로: 앞의 bind가 실패했으니 아직 이름이 없다 */
    if (rc == 0 && listen(s, 1) == -1)
        die("listen");
    c = sock(); /* 이번에는 listen 하는 소켓이 이름에 묶여 있다: 연결이 큐에 들어간다 */
    printf("unlink, then bind: %s; ", result(rc));
    printf("connect: %s\n", result(connect(c, a, sizeof addr)));
    close(c);
    close(s); /* 다시 한 번: close 만으로는 이름이 남는다. 그래서 끝에 unlink 한다 */
    if (unlink(path) == -1)
        die("unlink");
    printf("removed %s\n", path);
    return 0;
}
