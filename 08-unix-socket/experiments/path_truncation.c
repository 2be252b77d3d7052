/*
 * 08-unix-socket/experiments/path_truncation.c: sun_path(리눅스 108바이트)보다 긴 경로를 strncpy로
 * 잘라 넣는 흔한 코드. bind는 성공하지만 소켓 파일은 "잘린 이름"으로 생기고, 같은 긴 경로를
 * unlink 하는 정리 코드는 그 파일을 찾지 못한다 (남는다). 이 장의 server와 client는 긴 경로를
 * 잘라 쓰지 않고 거절한다 (상태 2). NOTES.md 6절 "흔한 실수" ②.
 *
 * 실행 (08-unix-socket 디렉터리에서):
 *   ./experiments/path_truncation           ./ 뒤에 'p' 118개인 120바이트 경로로
 *   ./experiments/path_truncation PATH      108바이트 이상인 다른 경로로
 *
 * 출력:
 *   asked for a 120-byte path; strncpy kept 107 bytes; bind: ok
 *   getsockname says the socket is bound to a 107-byte name (not the path we asked for)
 *   unlink(the 120-byte path): No such file or directory; the file has the cut name: removed it
 *
 * 읽을 man 페이지: man 7 unix ("Pathname sockets", BUGS), man 2 getsockname
 */
#define _POSIX_C_SOURCE 200809L /* 소켓 API: POSIX로 충분하다 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define LONG_NAME 118 /* 파일 이름 한 칸(NAME_MAX 255)에는 들어가지만, "./"를 붙이면 sun_path를 넘는다 */

static void die(const char *what)
{
    fprintf(stderr, "path_truncation: %s: %s\n", what, strerror(errno));
    exit(1);
}

int main(int argc, char *argv[])
{
    struct sockaddr_un addr;
    char dflt[2 + LONG_NAME + 1] = "./";
    memset(dflt + 2, 'p', LONG_NAME);
    dflt[2 + LONG_NAME] = '\0';
    const char *path = argc > 1 ? argv[1] : dflt; /* 일부러 108바이트 이상만 받는다 */
    if (argc > 2 || path[0] == '-' || strlen(path) < sizeof addr.sun_path) {
        int help = argc == 2 && (strcmp(path, "-h") == 0 || strcmp(path, "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: path_truncation [PATH]   (PATH of %zu bytes or more, default ./ppp...p)\n",
                sizeof addr.sun_path);
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */

    memset(&addr, 0, sizeof addr); /* 마지막 바이트도 0: 잘린 이름이 NUL로 끝나게 된다 */
    addr.sun_family = AF_UNIX;

    /* 틀린 모양: 길이를 확인하지 않고 배열 크기에 맞춰 자른다. 실행 중에는 오류도 경고도 없다.
     * gcc는 -O2에서 기본 경로(dflt)의 길이를 알아내 -Wstringop-truncation으로 경고한다. 이 실험은
     * 일부러 자르므로 그 경고만 끈다. 경로가 설정 파일이나 환경 변수에서 오면 컴파일러도 모른다. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#endif
    strncpy(addr.sun_path, path, sizeof addr.sun_path - 1); /* 107바이트에서 조용히 멈춘다 */
    char cut[sizeof addr.sun_path];
    memcpy(cut, addr.sun_path, sizeof cut); /* 잘린 이름: 나중에 지우려고 기억한다 */
    /* 끝에서 두 이름을 모두 unlink 한다: 둘 중 하나라도 이미 있으면 남의 파일일 수 있으니 시작하지 않는다 */
    struct stat st;
    if (lstat(cut, &st) == 0 || lstat(path, &st) == 0) {
        fprintf(stderr, "path_truncation: the path or its first %zu bytes already exist: choose another\n", strlen(cut));
        return 1;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd == -1)
        die("socket");
    /* bind: 커널은 sun_path를 첫 NUL까지 읽어 그 경로에 소켓 파일을 만든다. 커널이 아는 것은 잘린
     * 107바이트뿐이다: 원래 경로가 더 길었다는 것은 아무도 모른다. */
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == -1)
        die("bind");
    printf("asked for a %zu-byte path; strncpy kept %zu bytes; bind: ok\n", strlen(path), strlen(cut));

    /* 커널이 실제로 붙인 이름을 물어본다 */
    struct sockaddr_un got;
    socklen_t glen = sizeof got; /* 들어갈 수 있는 크기를 알려 준다 (값-결과 인자) */
    if (getsockname(fd, (struct sockaddr *)&got, &glen) == -1) /* glen: 커널이 채운 주소의 길이 */
        die("getsockname");
    size_t gl = strnlen(got.sun_path, sizeof got.sun_path); /* NUL이 없을 수도 있어 strnlen */
    printf("getsockname says the socket is bound to a %zu-byte name (%s)\n", gl,
           strncmp(got.sun_path, path, sizeof got.sun_path) == 0 && gl == strlen(path) ? "the path we asked for"
                                                                                       : "not the path we asked for");

    /* 정리하는 코드는 보통 처음의 긴 경로를 지운다: 그런 파일은 없다 */
    /* unlink는 긴 경로를 그대로 풀이한다: 마지막 이름(118바이트)의 파일은 없으니 ENOENT */
    printf("unlink(the %zu-byte path): %s; ", strlen(path), unlink(path) == 0 ? "ok" : strerror(errno));
    if (unlink(cut) == -1) /* 실제 파일은 잘린 이름에 있다: 이 실험은 그것을 치우고 끝낸다 */
        die("unlink (cut name)");
    printf("the file has the cut name: removed it\n");
    close(fd);
    return 0;
}
