/*
 * 03-pipe/experiments/pipe_capacity.c: 파이프의 용량(커널 버퍼의 크기)과 PIPE_BUF는 다른 숫자다.
 * NOTES 1절 "용량과 PIPE_BUF".
 *
 * F_GETPIPE_SZ로 용량을 묻고, 쓰는 끝을 O_NONBLOCK으로 바꿔 아무도 읽지 않는 파이프를 EAGAIN이
 * 날 때까지 채워 그 수를 센다 (블로킹이었다면 가득 찬 순간 write()가 잠들었다). F_SETPIPE_SZ로
 * 용량을 바꾸면 커널은 페이지 수를 2의 거듭제곱으로 올림한다. /proc/sys/fs/pipe-max-size보다
 * 크게는 CAP_SYS_RESOURCE가 없으면 EPERM이다. 파이프에는 위치가 없어 lseek()는 ESPIPE다.
 *
 * 실행 (03-pipe 디렉터리에서): ./experiments/pipe_capacity
 *
 * 출력 (리눅스 6.x, x86-64, 보통 사용자):
 *   capacity (F_GETPIPE_SZ): 65536 bytes
 *   filled without a reader: 65536 bytes, then write: Resource temporarily unavailable
 *   PIPE_BUF: 4096 bytes
 *   F_SETPIPE_SZ 1000: capacity 4096 bytes, filled with 4096 bytes
 *   F_SETPIPE_SZ 100000: capacity 131072 bytes, filled with 131072 bytes
 *   F_SETPIPE_SZ 1048577 (pipe-max-size + 1): Operation not permitted
 *   lseek: Illegal seek
 *
 * F_GETPIPE_SZ, F_SETPIPE_SZ, /proc/sys/fs/pipe-max-size는 리눅스에만 있다.
 * 읽을 man 페이지: man 7 pipe ("Pipe capacity", "/proc files"), man 2const F_GETPIPE_SZ (옛 판: man 2 fcntl)
 */
#define _GNU_SOURCE /* F_GETPIPE_SZ, F_SETPIPE_SZ, pipe2() */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static _Noreturn void die(const char *what)
{
    fprintf(stderr, "pipe_capacity: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* 새 파이프(비어 있고 아무도 읽지 않는다)에 1024바이트씩 EAGAIN이 날 때까지 쓰고, 쓴 바이트 수를 준다 */
static long fill(int fd)
{
    static const char chunk[1024];
    long total = 0;
    ssize_t n;
    while ((n = write(fd, chunk, sizeof chunk)) > 0)
        total += n;
    if (errno != EAGAIN) /* 읽는 끝은 열려 있으니 EPIPE가 아니라 EAGAIN(가득 참)이어야 한다 */
        die("write");
    return total;
}

/* O_NONBLOCK 파이프 하나를 만든다. size가 0보다 크면 F_SETPIPE_SZ로 용량을 바꾼다 (실패하면 -1) */
static int make_pipe(int p[2], long size)
{
    if (pipe2(p, O_NONBLOCK | O_CLOEXEC) == -1)
        die("pipe2");
    return size > 0 ? fcntl(p[1], F_SETPIPE_SZ, (int)size) : fcntl(p[1], F_GETPIPE_SZ);
}

int main(int argc, char *argv[])
{
    int p[2];
    if (argc > 1) {
        int help = strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0;
        fprintf(help ? stdout : stderr, "usage: pipe_capacity   (인자 없음)\n");
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);

    int cap = make_pipe(p, 0);
    if (cap == -1)
        die("fcntl(F_GETPIPE_SZ)");
    printf("capacity (F_GETPIPE_SZ): %d bytes\n", cap);
    long filled = fill(p[1]);
    printf("filled without a reader: %ld bytes, then write: %s\n", filled, strerror(EAGAIN));
    printf("PIPE_BUF: %d bytes\n", PIPE_BUF);
    if (close(p[0]) == -1 || close(p[1]) == -1)
        die("close");

    /* 작게, 크게: 돌려받는 값이 실제로 잡힌 용량이다 (요청한 값이 아니다) */
    static const long sizes[] = {1000, 100000};
    for (int i = 0; i < 2; i++) {
        if ((cap = make_pipe(p, sizes[i])) == -1)
            die("fcntl(F_SETPIPE_SZ)");
        printf("F_SETPIPE_SZ %ld: capacity %d bytes, filled with %ld bytes\n", sizes[i], cap, fill(p[1]));
        if (close(p[0]) == -1 || close(p[1]) == -1)
            die("close");
    }

    /* 상한: /proc/sys/fs/pipe-max-size (보통 1048576) */
    long max = 0;
    FILE *f = fopen("/proc/sys/fs/pipe-max-size", "r");
    if (f == NULL || fscanf(f, "%ld", &max) != 1 || max <= 0 || max >= INT_MAX)
        die("/proc/sys/fs/pipe-max-size");
    fclose(f);
    cap = make_pipe(p, max + 1);
    if (cap == -1)
        printf("F_SETPIPE_SZ %ld (pipe-max-size + 1): %s\n", max + 1, strerror(errno));
    else
        printf("F_SETPIPE_SZ %ld (pipe-max-size + 1): capacity %d bytes (CAP_SYS_RESOURCE)\n", max + 1, cap);

    /* 파이프는 파일이 아니라 바이트의 흐름이다: 되감을 위치가 없다 */
    if (lseek(p[0], 0, SEEK_SET) == -1)
        printf("lseek: %s\n", strerror(errno));
    return 0;
}
