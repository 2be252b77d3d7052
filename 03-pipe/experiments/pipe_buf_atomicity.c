/*
 * 03-pipe/experiments/pipe_buf_atomicity.c: PIPE_BUF 바이트 이하의 write()는 원자적이다. 여러
 * 프로세스가 한 파이프에 동시에 써도 그런 write()는 중간에 섞이지 않는다. NOTES 1절, 6절 ⑥.
 *
 * WRITERS개의 자식이 한 파이프에 BYTES바이트짜리 줄을 LINES번씩 동시에 쓴다. 줄 하나는 write()
 * 한 번이다. 부모는 줄을 읽으며 한 줄이 한 writer의 것으로 온전한지(길이, 채운 글자, 그 writer의
 * 순번) 확인한다. BYTES가 PIPE_BUF(리눅스 4096) 이하면 늘 0 damaged다. 더 크면 커널이 다른
 * writer의 데이터를 사이에 넣을 수 있다 (이 컴퓨터에서 4097바이트는 매번 천 줄 넘게 깨졌다).
 *
 * 실행 (03-pipe 디렉터리에서):
 *   ./experiments/pipe_buf_atomicity                 기본: PIPE_BUF 바이트, writer 4개, 2000줄씩
 *   ./experiments/pipe_buf_atomicity 4097            1바이트 더: 섞인 줄이 보인다 (끝 상태 1)
 *   ./experiments/pipe_buf_atomicity 70000 1 1000    writer가 하나면 큰 줄도 깨지지 않는다
 *
 * 출력:
 *   pipe_buf_atomicity: 4 writers x 2000 lines of 4096 bytes (PIPE_BUF 4096)
 *   pipe_buf_atomicity: read 8000 lines: 8000 whole, 0 damaged
 *
 * 읽을 man 페이지: man 7 pipe ("PIPE_BUF"), man 2 write
 */
#define _POSIX_C_SOURCE 200809L /* getline(), fdopen() */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static _Noreturn void die(const char *what)
{
    fprintf(stderr, "pipe_buf_atomicity: %s: %s\n", what, strerror(errno));
    exit(1);
}

static long arg(int argc, char *argv[], int i, long def, long min, long max)
{
    char *end;
    if (argc <= i)
        return def;
    long v = strtol(argv[i], &end, 10);
    if (*end != '\0' || end == argv[i] || v < min || v > max) {
        fprintf(stderr, "usage: pipe_buf_atomicity [BYTES [WRITERS [LINES]]]   (32..1048576, 1..26, 1..100000)\n");
        exit(2);
    }
    return v;
}

/* writer w의 자식: "w<w> <순번> " 뒤를 writer마다 다른 글자로 채운 줄을 write() 한 번씩 쓴다. */
static _Noreturn void writer(int fd, int w, long bytes, long lines)
{
    char *buf = malloc((size_t)bytes);
    if (buf == NULL)
        die("malloc");
    for (long i = 1; i <= lines; i++) {
        int head = snprintf(buf, (size_t)bytes, "w%d %ld ", w, i);
        memset(buf + head, 'a' + w - 1, (size_t)(bytes - 1 - head));
        buf[bytes - 1] = '\n';
        if (write(fd, buf, (size_t)bytes) != bytes) /* 블로킹 write()는 모두 쓰고 돌아온다 */
            die("write");
    }
    _exit(0); /* 부모에게서 복사한 stdio 버퍼를 내보내지 않도록 exit 대신 _exit */
}

int main(int argc, char *argv[])
{
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: pipe_buf_atomicity [BYTES [WRITERS [LINES]]]   (기본: PIPE_BUF 4 2000)\n");
        return 0;
    }
    long bytes = arg(argc, argv, 1, PIPE_BUF, 32, 1048576);
    int writers = (int)arg(argc, argv, 2, 4, 1, 26);
    long lines = arg(argc, argv, 3, 2000, 1, 100000);
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("pipe_buf_atomicity: %d writer%s x %ld lines of %ld bytes (PIPE_BUF %d)\n", writers,
           writers == 1 ? "" : "s", lines, bytes, PIPE_BUF);

    int p[2];
    if (pipe(p) == -1) /* exec하지 않으므로 O_CLOEXEC가 필요 없다 */
        die("pipe");
    for (int w = 1; w <= writers; w++) {
        pid_t pid = fork();
        if (pid == -1)
            die("fork");
        if (pid == 0) {
            if (close(p[0]) == -1) /* writer는 읽지 않는다 */
                die("close");
            writer(p[1], w, bytes, lines);
        }
    }
    /* 부모의 쓰는 끝을 닫아야 writer가 모두 끝났을 때 EOF가 온다 */
    FILE *in = fdopen(p[0], "r");
    if (close(p[1]) == -1 || in == NULL)
        die("close");

    long next[27], total = 0, whole = 0;
    for (int w = 0; w <= 26; w++)
        next[w] = 1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, in)) != -1) {
        total++;
        /* 머리 "w<writer> <순번> "를 strtol로 읽는다 (넘치는 숫자에도 정의된 동작) */
        char *e1 = line, *e2;
        long w = line[0] == 'w' ? strtol(line + 1, &e1, 10) : 0;
        if (len != bytes || w < 1 || w > writers || *e1 != ' ')
            continue; /* 길이나 머리가 틀렸다: 다른 writer의 바이트가 끼어들었다 */
        long seq = strtol(e1 + 1, &e2, 10);
        int ok = *e2 == ' ' && seq == next[w];
        next[w] = seq + 1; /* 한 줄이 깨져도 다음 줄부터는 다시 맞춰 센다 */
        for (char *c = e2 + 1; c < line + len - 1; c++)
            ok &= *c == 'a' + w - 1;
        whole += ok;
    }
    if (ferror(in))
        die("read");
    free(line);
    fclose(in);
    for (int w = 1; w <= writers; w++)
        if (wait(NULL) == -1)
            die("wait");
    printf("pipe_buf_atomicity: read %ld lines: %ld whole, %ld damaged\n", total, whole, total - whole);
    return whole == total && total == (long)writers * lines ? 0 : 1;
}
