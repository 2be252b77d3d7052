/*
 * 03-pipe/experiments/forgotten_write_end.c: 쓰는 끝을 하나라도 잊으면 읽는 쪽은 EOF를 영영 못 본다.
 * NOTES 6절 "흔한 실수" ①.
 *
 * 파이프 하나를 만들어 client의 stdin에 꽂고 세 줄을 보낸다. 그리고 버그: 자기 쓰는 끝을 닫지
 * 않은 채 waitpid()로 client가 끝나기를 기다린다. client는 세 줄에 답한 뒤 다음 read()에서
 * 잠든다. 쓰는 끝을 가리키는 fd가 아직 하나(이 프로세스의 것) 있으므로 커널은 EOF(0)를 주지
 * 않는다. 이 프로세스는 client를, client는 이 프로세스의 쓰기를 기다린다: 끝나지 않는다.
 *
 * 실행 (03-pipe 디렉터리에서):
 *   ./experiments/forgotten_write_end                 끝나지 않는다. 다른 터미널에서 살펴본 뒤 Ctrl-C
 *   timeout 2 ./experiments/forgotten_write_end; echo $?        124 (timeout이 끝냈다)
 *   ./experiments/forgotten_write_end ../03-pipe/client         client의 경로 (기본: ./client)
 *
 * 출력:
 *   forgotten_write_end: client 4242 gets 3 lines; we keep our write end open and wait for it
 *   1: HELLO
 *   2: PIPES ARE ONE-WAY
 *   3: TWO PIPES MAKE A DUPLEX
 * 여기서 멈춘다. 이 프로세스가 죽으면 커널이 그 fd를 모두 닫으므로 쓰는 끝이 하나도 남지 않고,
 * client는 그제야 EOF를 본다: "client: EOF after 3 lines".
 *
 * 읽을 man 페이지: man 7 pipe ("If all file descriptors referring to the write end ..."), man 2 close
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
    fprintf(stderr, "forgotten_write_end: %s: %s\n", what, strerror(errno));
    exit(1);
}

int main(int argc, char *argv[])
{
    const char *client = argc == 2 ? argv[1] : "./client";
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: forgotten_write_end [CLIENT]   (기본: ./client, 끝나지 않는다)\n");
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 로그 파일로 가도 줄이 곧바로 보이게 */

    /* O_CLOEXEC: client에게는 dup2로 꽂은 fd 0만 넘어간다. 잊은 쓰는 끝은 이 프로세스의 것 하나다. */
    int p[2];
    if (pipe2(p, O_CLOEXEC) == -1)
        die("pipe2");
    pid_t pid = fork();
    if (pid == -1)
        die("fork");
    if (pid == 0) {
        if (dup2(p[0], STDIN_FILENO) == -1)
            die("dup2");
        execl(client, client, (char *)NULL);
        fprintf(stderr, "forgotten_write_end: exec %s: %s\n", client, strerror(errno));
        _exit(127);
    }
    if (close(p[0]) == -1)
        die("close");

    printf("forgotten_write_end: client %ld gets 3 lines; we keep our write end open and wait for it\n",
           (long)pid);
    static const char text[] = "hello\npipes are one-way\ntwo pipes make a duplex\n";
    if (write(p[1], text, sizeof text - 1) != (ssize_t)(sizeof text - 1)) /* 48바이트 < PIPE_BUF: 한 번에 */
        die("write");

    /* 버그: 여기에 close(p[1]);이 있어야 한다. 그러면 client가 EOF를 보고 끝나고 waitpid가 돌아온다. */
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die("waitpid");
    printf("forgotten_write_end: client finished (this line is never printed)\n");
    return 0;
}
