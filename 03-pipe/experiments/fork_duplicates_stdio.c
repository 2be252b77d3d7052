/*
 * 03-pipe/experiments/fork_duplicates_stdio.c: fork는 stdio 버퍼까지 복사한다. 아직 내보내지 않은
 * 출력은 부모와 자식이 한 번씩, 모두 두 번 내보낸다. NOTES 6절 "흔한 실수" ⑤.
 *
 * stdout이 터미널이면 stdio는 줄 단위로 내보내므로 fork 전에 줄이 이미 나가 있다. 파이프나 파일이면
 * 버퍼가 찰 때까지 모으므로 그 줄이 버퍼에 남은 채 fork된다. 자식이 exit()로 끝나면 exit가
 * 복사본을 비워 같은 줄이 한 번 더 나온다. 두 줄의 pid가 같은 것이 복사본이라는 증거다.
 * 고치는 법: fork 전에 fflush(stdout), 그리고 exec하지 않는 자식은 _exit()로 끝낸다.
 *
 * 실행 (03-pipe 디렉터리에서):
 *   ./experiments/fork_duplicates_stdio          터미널: 한 번
 *   ./experiments/fork_duplicates_stdio | cat    파이프: 두 번
 *
 * 출력 (| cat):
 *   before fork (printed by pid 4242)
 *   before fork (printed by pid 4242)
 *   after fork: the child has exited
 *
 * 읽을 man 페이지: man 2 fork, man 3 exit, man 2 _exit, man 3 setvbuf
 */
#define _POSIX_C_SOURCE 200809L /* fork(), waitpid() */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    if (argc > 1) {
        int help = strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0;
        fprintf(help ? stdout : stderr, "usage: fork_duplicates_stdio   (인자 없음; | cat 으로도 돌려 본다)\n");
        return help ? 0 : 2;
    }
    /* 일부러 setvbuf도 fflush도 하지 않는다: stdio의 기본 버퍼 방식을 그대로 본다 */
    printf("before fork (printed by pid %ld)\n", (long)getpid());

    pid_t pid = fork();
    if (pid == -1) {
        perror("fork_duplicates_stdio: fork");
        return 1;
    }
    if (pid == 0)
        exit(0); /* 버그: exit는 부모에게서 복사한 버퍼를 비운다. _exit(0)이었다면 한 번만 나온다 */
    if (waitpid(pid, NULL, 0) == -1) {
        perror("fork_duplicates_stdio: waitpid");
        return 1;
    }
    printf("after fork: the child has exited\n");
    return 0;
}
