/*
 * 03-pipe/experiments/dup2_same_fd.c: dup2(fd, fd)는 아무것도 하지 않는다. 그래서 close-on-exec
 * 플래그도 지워지지 않고, exec가 그 fd를 닫아 버린다. NOTES 6절 "흔한 실수"의 접은 글.
 *
 * fd 0(stdin)을 닫은 채 pipe2(O_CLOEXEC)를 부르면 커널은 가장 낮은 빈 번호, 곧 0을 읽는 끝으로
 * 준다. 자식에서 dup2(p[0], 0)은 dup2(0, 0)이 되어 그대로 0을 돌려줄 뿐, 다른 fd를 만들 때처럼
 * FD_CLOEXEC를 지우지 않는다. 그 채로 client를 exec하면 client의 stdin은 닫혀 있다.
 * 고치는 법: 두 번호가 같으면 fcntl(fd, F_SETFD, 0)으로 플래그를 지우거나, 0~2가 열려 있는지 먼저 본다.
 *
 * 실행 (03-pipe 디렉터리에서):
 *   ./experiments/dup2_same_fd                   client의 경로 (기본: ./client)
 *   ./experiments/dup2_same_fd ./client
 *
 * 출력:
 *   dup2_same_fd: with fd 0 closed, pipe2() gave the read end fd 0
 *   dup2_same_fd: dup2(0, 0) returned 0; FD_CLOEXEC is still set on fd 0
 *   client: read: Bad file descriptor
 *   dup2_same_fd: client exited with status 1: exec closed its stdin
 *
 * 읽을 man 페이지: man 2 dup2 ("If oldfd ... has the same value as newfd, then dup2() does nothing"),
 *                  man 2 pipe, man 2 execve
 */
#define _GNU_SOURCE /* pipe2() */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static _Noreturn void die(const char *what)
{
    fprintf(stderr, "dup2_same_fd: %s: %s\n", what, strerror(errno));
    exit(1);
}

int main(int argc, char *argv[])
{
    const char *client = argc == 2 ? argv[1] : "./client";
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: dup2_same_fd [CLIENT]   (기본: ./client)\n");
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);

    /* stdin을 닫은 채 시작한 것처럼 만든다 (셸의 ./server <&-과 같다) */
    if (close(STDIN_FILENO) == -1)
        die("close");
    int p[2];
    if (pipe2(p, O_CLOEXEC) == -1)
        die("pipe2");
    printf("dup2_same_fd: with fd 0 closed, pipe2() gave the read end fd %d\n", p[0]);

    pid_t pid = fork();
    if (pid == -1)
        die("fork");
    if (pid == 0) {
        int fd = dup2(p[0], STDIN_FILENO); /* dup2(0, 0): 아무것도 하지 않는다 */
        int flags = fcntl(STDIN_FILENO, F_GETFD);
        if (fd == -1 || flags == -1)
            die("dup2");
        printf("dup2_same_fd: dup2(%d, 0) returned %d; FD_CLOEXEC is %s on fd 0\n", p[0], fd,
               flags & FD_CLOEXEC ? "still set" : "cleared");
        execl(client, client, (char *)NULL);
        fprintf(stderr, "dup2_same_fd: exec %s: %s\n", client, strerror(errno));
        _exit(127);
    }
    /* 부모는 두 끝을 다 닫는다: client가 읽을 것은 없다 (읽으려 해도 fd 0이 없다) */
    if (close(p[0]) == -1 || close(p[1]) == -1)
        die("close");
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die("waitpid");
    if (WIFEXITED(status))
        printf("dup2_same_fd: client exited with status %d%s\n", WEXITSTATUS(status),
               WEXITSTATUS(status) == 1 ? ": exec closed its stdin" : "");
    else
        printf("dup2_same_fd: client was killed by signal %d\n", WTERMSIG(status));
    return 0;
}
