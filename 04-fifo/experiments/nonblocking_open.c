/*
 * 04-fifo/experiments/nonblocking_open.c: O_NONBLOCK을 준 FIFO의 open()은 기다리지 않는다.
 * 읽기 쪽은 writer가 없어도 바로 열리고, 쓰기 쪽은 reader가 없으면 곧바로 -1/ENXIO다.
 * 한 프로세스 안에서 open의 네 칸을 차례로 보인다. NOTES.md 1.2절.
 *
 * 실행 (04-fifo 디렉터리에서):  ./experiments/nonblocking_open [FIFO]     (기본 ./nonblock.fifo)
 * 출력:
 *   nonblocking_open: open(O_WRONLY|O_NONBLOCK), no reader yet: -1 ENXIO (No such device or address)
 *   nonblocking_open: open(O_RDONLY|O_NONBLOCK), no writer: fd 3, at once
 *   nonblocking_open: open(O_WRONLY|O_NONBLOCK), a reader exists: fd 4, at once
 *   nonblocking_open: open(O_RDWR), nobody else: fd 3, at once
 *   nonblocking_open: (Linux; POSIX leaves O_RDWR on a FIFO undefined)
 *
 * 읽을 man 페이지: man 7 fifo, man 2 open (O_NONBLOCK, ENXIO)
 */
#define _POSIX_C_SOURCE 200809L /* mkfifo, O_CLOEXEC는 POSIX에 있다 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROG "nonblocking_open"

static const char *path = "./nonblock.fifo";
static int made; /* mkfifo가 성공한 뒤부터 1 */

static _Noreturn void die(const char *call)
{
    fprintf(stderr, PROG ": %s %s: %s\n", call, path, strerror(errno));
    if (made)
        unlink(path);
    exit(1);
}

/* open을 한 번 해 보고 결과를 한 줄로 알린다. 성공하면 fd, 실패하면 -1 (errno 그대로). */
static int try_open(int flags, const char *flag_names, const char *situation)
{
    int fd = open(path, flags | O_CLOEXEC);
    int err = errno;
    if (fd == -1)
        printf(PROG ": open(%s), %s: -1 %s (%s)\n", flag_names, situation, err == ENXIO ? "ENXIO" : "?",
               strerror(err));
    else
        printf(PROG ": open(%s), %s: fd %d, at once\n", flag_names, situation, fd);
    errno = err;
    return fd;
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파일로 읽는다: 한 줄씩 */
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: " PROG " [FIFO]\nShows which FIFO opens wait, succeed or fail with O_NONBLOCK.\n");
        return 0;
    }
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
        fprintf(stderr, "usage: " PROG " [FIFO]\n");
        return 2;
    }
    if (argc == 2)
        path = argv[1];
    if (mkfifo(path, 0600) == -1) /* 이미 있으면 EEXIST: 남의 것은 건드리지 않는다 */
        die("mkfifo");
    made = 1;

    /* 1. 아직 아무도 읽지 않는다: 쓰기+O_NONBLOCK은 잠드는 대신 ENXIO로 실패한다 */
    if (try_open(O_WRONLY | O_NONBLOCK, "O_WRONLY|O_NONBLOCK", "no reader yet") != -1 || errno != ENXIO) {
        fprintf(stderr, PROG ": expected ENXIO\n");
        return 1;
    }
    /* 2. 읽기+O_NONBLOCK은 writer가 없어도 바로 열린다 (막히는 O_RDONLY는 여기서 잠든다) */
    int r = try_open(O_RDONLY | O_NONBLOCK, "O_RDONLY|O_NONBLOCK", "no writer");
    if (r == -1)
        die("open");
    /* 3. 이제 reader(r)가 있다: 같은 쓰기+O_NONBLOCK이 성공한다. 여분의 writer가 쓰는 방법이다 */
    int w = try_open(O_WRONLY | O_NONBLOCK, "O_WRONLY|O_NONBLOCK", "a reader exists");
    if (w == -1)
        die("open");
    if (close(w) == -1 || close(r) == -1)
        die("close");
    /* 4. O_RDWR: 리눅스는 이 fd 하나가 reader이자 writer라서 기다리지 않는다. POSIX는 정하지 않았다. */
    int rw = try_open(O_RDWR, "O_RDWR", "nobody else");
    if (rw == -1)
        die("open");
    printf(PROG ": (Linux; POSIX leaves O_RDWR on a FIFO undefined)\n");
    if (close(rw) == -1)
        die("close");
    if (unlink(path) == -1)
        die("unlink");
    return 0;
}
