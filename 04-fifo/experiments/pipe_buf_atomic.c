/*
 * 04-fifo/experiments/pipe_buf_atomic.c: 여러 writer가 FIFO 하나에 동시에 쓸 때, PIPE_BUF 이하의
 * write는 한 덩어리로 들어가고 그보다 큰 write는 다른 writer의 바이트와 섞일 수 있다.
 * writer 4개가 저마다 자기 글자('A', 'B', ...)로 채운 레코드를 write 한 번씩 쓰고, 읽는 쪽은
 * 레코드 크기마다 끊어 한 글자로만 된 레코드인지 센다. NOTES.md 1.4절.
 *
 * 실행 (04-fifo 디렉터리에서):
 *   ./experiments/pipe_buf_atomic              512바이트와 100000바이트 레코드를 차례로
 *   ./experiments/pipe_buf_atomic 4096         PIPE_BUF 바로 그 크기만
 * 출력 (섞인 수는 실행마다 다르다. PIPE_BUF 이하는 언제나 0이다: POSIX가 보장한다):
 *   pipe_buf_atomic: PIPE_BUF is 4096; 4 writers, one write() per record
 *   pipe_buf_atomic: 512-byte records: 0 of 3200 mixed
 *   pipe_buf_atomic: 100000-byte records: 13 of 16 mixed
 *   (./experiments/pipe_buf_atomic 4096 4097이면: 4096은 0, 4097은 400개 중 수십 개가 섞인다)
 *
 * 읽을 man 페이지: man 7 pipe ("PIPE_BUF"), man 2 write
 */
#define _POSIX_C_SOURCE 200809L /* mkfifo, waitpid, PIPE_BUF는 POSIX에 있다 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROG "pipe_buf_atomic"
#define WRITERS 4
#define TOTAL (400L * 1024) /* 크기마다 writer 하나가 쓰는 양 (대략) */
#define MAX_SIZE 1048576    /* 레코드 크기의 상한 */

static const char *path = "./atomic.fifo";
static int made;

static _Noreturn void die(const char *call)
{
    fprintf(stderr, PROG ": %s: %s\n", call, strerror(errno));
    if (made)
        unlink(path);
    exit(1);
}

/* size바이트 레코드로 한 번 해 보고, 섞인 레코드의 수를 돌려준다. */
static long run(size_t size, long per_writer)
{
    if (mkfifo(path, 0600) == -1)
        die("mkfifo");
    made = 1;
    /* 읽는 끝을 먼저 (O_NONBLOCK: writer 없이 바로), 그다음 writer들이 물려받을 쓰는 끝 */
    int r = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    int w = r == -1 ? -1 : open(path, O_WRONLY | O_CLOEXEC);
    if (w == -1 || fcntl(r, F_SETFL, 0) == -1) /* 읽기는 블로킹 모드로: 데이터나 EOF를 기다린다 */
        die("open");
    for (int i = 0; i < WRITERS; i++) {
        pid_t pid = fork();
        if (pid == -1)
            die("fork");
        if (pid == 0) { /* writer: 자기 글자로 채운 레코드를 write 한 번씩 */
            static char rec[MAX_SIZE];
            memset(rec, 'A' + i, size);
            for (long k = 0; k < per_writer; k++)
                if (write(w, rec, size) != (ssize_t)size) /* 블로킹 write는 다 쓸 때까지 돌아오지 않는다 */
                    _exit(1);
            _exit(0);
        }
    }
    if (close(w) == -1) /* 부모의 쓰는 끝을 닫아야 writer들이 모두 끝난 뒤 EOF가 온다 */
        die("close");

    char buf[65536];
    long mixed = 0, records = 0;
    size_t at = 0; /* 지금 레코드 안에서의 위치 */
    char first = 0;
    int bad = 0;
    ssize_t n;
    while ((n = read(r, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            if (at == 0) { /* 새 레코드의 첫 바이트: 누구의 레코드인가 */
                first = buf[i];
                bad = 0;
            } else if (buf[i] != first) {
                bad = 1; /* 레코드 중간에 다른 writer의 글자가 끼어들었다 */
            }
            if (++at == size) {
                records++;
                mixed += bad;
                at = 0;
            }
        }
    }
    if (n == -1)
        die("read");
    for (int i = 0; i < WRITERS; i++) {
        int status;
        if (wait(&status) == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, PROG ": a writer failed\n");
            unlink(path);
            exit(1);
        }
    }
    if (close(r) == -1 || unlink(path) == -1)
        die("unlink");
    made = 0;
    printf(PROG ": %zu-byte records: %ld of %ld mixed\n", size, mixed, records);
    return mixed;
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파일로 읽는다: 한 줄씩 */
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: " PROG " [SIZE...]\nWrites records of SIZE bytes (default 512 and 100000) from %d writers"
               " into one FIFO\nand counts records that came out mixed.\n", WRITERS);
        return 0;
    }
    size_t sizes[16] = {512, 100000};
    int count = argc > 1 ? argc - 1 : 2;
    for (int i = 1; i < argc; i++) {
        char *end;
        long v = strtol(argv[i], &end, 10);
        if (argc > 17 || *end != '\0' || end == argv[i] || v < 1 || v > MAX_SIZE) {
            fprintf(stderr, "usage: " PROG " [SIZE...] (1..1048576, at most 16)\n");
            return 2;
        }
        sizes[i - 1] = (size_t)v;
    }
    printf(PROG ": PIPE_BUF is %d; %d writers, one write() per record\n", PIPE_BUF, WRITERS);
    long small_mixed = 0;
    for (int i = 0; i < count; i++) {
        long m = run(sizes[i], TOTAL / (long)sizes[i] > 0 ? TOTAL / (long)sizes[i] : 1);
        if (sizes[i] <= PIPE_BUF)
            small_mixed += m;
    }
    return small_mixed == 0 ? 0 : 1; /* PIPE_BUF 이하가 섞였다면 약속이 깨졌다 */
}
