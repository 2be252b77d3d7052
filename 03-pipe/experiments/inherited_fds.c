/*
 * 03-pipe/experiments/inherited_fds.c: exec는 프로그램만 바꾼다. 열린 fd는 close-on-exec 플래그가
 * 없으면 그대로 새 프로그램에 넘어간다. NOTES 6절 "흔한 실수" ④ (O_CLOEXEC).
 *
 * pipe()로 만든 파이프와 pipe2(O_CLOEXEC)로 만든 파이프를 하나씩 두고, 매번 fork + exec로 이
 * 프로그램 자신을 "--list" 모드로 다시 띄운다. 새 프로그램은 자기에게 열려 있는 fd를 찍는다.
 * pipe()의 두 끝은 새 프로그램에 새어 들어가고, pipe2(O_CLOEXEC)의 것은 exec가 닫는다. 새어 들어간
 * 쓰는 끝 하나가 그 파이프의 EOF를 막는다 (forgotten_write_end와 같은 일이 "까닭 없이" 일어난다).
 *
 * 실행 (03-pipe 디렉터리에서):
 *   ./experiments/inherited_fds            (경로로 부른다: argv[0]으로 자신을 다시 exec한다)
 *   ./experiments/inherited_fds --list     이 프로세스에 열린 fd (셸이 무엇을 물려주었나)
 *
 * 출력 (셸이 fd 0, 1, 2만 물려주었을 때):
 *   pipe() gave fds 3 and 4; after exec the program holds: 0 1 2 3 4
 *   pipe2(O_CLOEXEC) gave fds 3 and 4; after exec the program holds: 0 1 2
 *
 * 읽을 man 페이지: man 2 execve ("File descriptors open in the calling process image remain open"),
 *                  man 2 pipe, man 2 fcntl (FD_CLOEXEC)
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
    fprintf(stderr, "inherited_fds: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* 열린 fd를 찍는다. fcntl(F_GETFD)는 열린 fd에서만 성공하므로 /proc 없이도 셀 수 있다. */
static void list_fds(void)
{
    for (int fd = 0; fd < 1024; fd++)
        if (fcntl(fd, F_GETFD) != -1)
            printf(" %d", fd);
    printf("\n");
}

/* flags로 파이프를 만들고, fork + exec로 이 프로그램을 --list 모드로 띄워 무엇을 물려받는지 본다 */
static void show(const char *self, const char *name, int flags)
{
    int p[2];
    if ((flags == 0 ? pipe(p) : pipe2(p, flags)) == -1)
        die("pipe");
    printf("%s gave fds %d and %d; after exec the program holds:", name, p[0], p[1]);
    fflush(stdout); /* 자식의 출력이 이 줄 뒤에 이어지도록 먼저 내보낸다 */
    pid_t pid = fork();
    if (pid == -1)
        die("fork");
    if (pid == 0) {
        execl(self, self, "--list", (char *)NULL); /* 이 프로그램 자신 (경로로 불렀을 때) */
        fprintf(stderr, "inherited_fds: exec: %s\n", strerror(errno));
        _exit(127);
    }
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die("waitpid");
    if (close(p[0]) == -1 || close(p[1]) == -1)
        die("close");
}

int main(int argc, char *argv[])
{
    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        list_fds();
        return 0;
    }
    if (argc > 1) {
        int help = strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0;
        fprintf(help ? stdout : stderr, "usage: inherited_fds [--list]\n");
        return help ? 0 : 2;
    }
    show(argv[0], "pipe()", 0);
    show(argv[0], "pipe2(O_CLOEXEC)", O_CLOEXEC);
    return 0;
}
