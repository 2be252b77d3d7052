/*
 * 03-pipe/experiments/write_all_then_read.c: 요청을 모두 쓴 뒤에야 답을 읽으면, 데이터가 커지는
 * 순간 두 프로세스가 모두 write()에서 멈춘다(교착, deadlock). NOTES 6절 "흔한 실수" ②.
 *
 * server.c와 같이 파이프 두 개로 client를 띄우지만, 한 줄씩 주고받지 않고 KIB KiB의 요청(64바이트
 * 줄)을 write() 한 번으로 다 쓴 다음에 답을 읽는다. client는 줄마다 답을 쓰는데 아무도 읽지 않으니
 * 응답 파이프가 먼저 찬다. 그러면 client는 답을 쓰다 잠들어 요청을 더 읽지 않고, 요청 파이프도
 * 차서 이 프로세스도 잠든다. 멈추는 크기는 두 파이프의 용량(64 KiB씩)에 client의 stdio 입력
 * 버퍼(4 KiB)를 더한 만큼(답이 요청보다 길어 조금 모자라다)이다: 이 컴퓨터에서 124 KiB는 끝나고
 * 125 KiB부터 멈췄다. 64 KiB를 넘는다고 바로 멈추지는 않는다.
 *
 * 실행 (03-pipe 디렉터리에서):
 *   ./experiments/write_all_then_read 64                     끝난다
 *   timeout 5 ./experiments/write_all_then_read 256; echo $?       124: 끝나지 않았다
 *   ./experiments/write_all_then_read KIB CLIENT              client의 경로 (기본: ./client)
 *
 * 출력 (64):
 *   write_all_then_read: writing 64 KiB (1024 lines) to client 4242 before reading any reply
 *   write_all_then_read: all requests written; reading the replies
 *   client: EOF after 1024 lines        (client의 stderr)
 *   write_all_then_read: 1024 replies, 70573 bytes; client exited with status 0
 * 256이면 첫 줄만 나오고 멈춘다 (ps -o pid,stat,wchan:20,cmd로 보면 둘 다 pipe_write에 잠들어 있다).
 *
 * 읽을 man 페이지: man 7 pipe ("Pipe capacity"), man 3 setvbuf
 */
#define _GNU_SOURCE /* pipe2() */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define LINE 64 /* 요청 한 줄의 길이 ('\n' 포함) */

static _Noreturn void die(const char *what)
{
    fprintf(stderr, "write_all_then_read: %s: %s\n", what, strerror(errno));
    exit(1);
}

int main(int argc, char *argv[])
{
    char *end = NULL;
    long kib = argc > 1 ? strtol(argv[1], &end, 10) : 0;
    if (argc < 2 || argc > 3 || *end != '\0' || kib < 1 || kib > 65536) {
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: write_all_then_read KIB [CLIENT]   (1..65536 KiB, 기본 ./client)\n");
        return help ? 0 : 2;
    }
    const char *client = argc == 3 ? argv[2] : "./client";
    setvbuf(stdout, NULL, _IOLBF, 0);

    /* 요청: "000001 xxxx...\n" 같은 64바이트 줄들 */
    size_t total = (size_t)kib * 1024, nlines = total / LINE;
    char *buf = malloc(total);
    if (buf == NULL)
        die("malloc");
    for (size_t i = 0; i < nlines; i++) {
        snprintf(buf + i * LINE, LINE, "%06zu ", i + 1);
        memset(buf + i * LINE + 7, 'x', LINE - 8);
        buf[i * LINE + LINE - 1] = '\n';
    }

    int req[2], rep[2]; /* server.c와 같은 모양: req → client의 fd 0, client의 fd 1 → rep */
    if (pipe2(req, O_CLOEXEC) == -1 || pipe2(rep, O_CLOEXEC) == -1)
        die("pipe2");
    pid_t pid = fork();
    if (pid == -1)
        die("fork");
    if (pid == 0) {
        if (dup2(req[0], STDIN_FILENO) == -1 || dup2(rep[1], STDOUT_FILENO) == -1)
            die("dup2");
        execl(client, client, (char *)NULL);
        fprintf(stderr, "write_all_then_read: exec %s: %s\n", client, strerror(errno));
        _exit(127);
    }
    if (close(req[0]) == -1 || close(rep[1]) == -1)
        die("close");

    /* 잘못된 순서 ①: 다 쓰고 나서... 블로킹 write()는 요청한 바이트를 모두 넣을 때까지 커널 안에서
     * 잠든다. 그 사이에 아무도 답을 읽지 않는다. */
    printf("write_all_then_read: writing %ld KiB (%zu lines) to client %ld before reading any reply\n", kib, nlines,
           (long)pid);
    for (size_t off = 0; off < total;) {
        ssize_t n = write(req[1], buf + off, total - off);
        if (n == -1)
            die("write");
        off += (size_t)n;
    }
    if (close(req[1]) == -1)
        die("close");
    printf("write_all_then_read: all requests written; reading the replies\n");

    /* ...② 그다음에 읽는다. 크기가 작으면 답이 모두 파이프와 버퍼에 들어가 있어 여기까지 온다. */
    size_t replies = 0, bytes = 0;
    ssize_t n;
    while ((n = read(rep[0], buf, total)) > 0) {
        bytes += (size_t)n;
        for (ssize_t i = 0; i < n; i++) /* 답의 줄 수를 센다 */
            replies += buf[i] == '\n';
    }
    if (n == -1)
        die("read");
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die("waitpid");
    printf("write_all_then_read: %zu replies, %zu bytes; client exited with status %d\n", replies, bytes,
           WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    free(buf);
    return 0;
}
