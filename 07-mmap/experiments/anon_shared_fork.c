/*
 * experiments/anon_shared_fork.c: 파일 없이 나누는 메모리: MAP_SHARED | MAP_ANONYMOUS는 fork 뒤에도
 * 부모와 자식이 함께 보고, 보통 변수와 MAP_PRIVATE는 fork 순간에 갈라진다. (NOTES.md 1.6 "파일 없는 매핑")
 *
 * 부모가 세 곳에 0을 적고 fork한다. 자식이 세 곳에 모두 42를 적고 끝난다. 부모가 waitpid 뒤에 읽으면:
 *   전역 변수                         0   (fork는 주소 공간을 복사한다: 쓰는 순간 페이지가 갈라진다, copy-on-write)
 *   MAP_PRIVATE | MAP_ANONYMOUS       0   (같은 copy-on-write)
 *   MAP_SHARED  | MAP_ANONYMOUS      42   (fork는 이 매핑을 복사하지 않고 같은 페이지를 나눠 준다)
 * 이름도 파일도 없으므로 fork로 이어진 친척끼리만 쓸 수 있다. 모르는 프로세스와 나누려면 파일(이 장의
 * server/client)이나 shm_open의 이름(06장)이 있어야 한다. waitpid가 순서를 정하므로 경쟁이 없다:
 * POSIX는 fork와 waitpid를 메모리를 동기화하는 함수로 꼽는다 (XBD 4.15.2 Memory Synchronization).
 *
 * 실행:   experiments/anon_shared_fork
 * 출력:
 *   anon_shared_fork: before fork: global 0, MAP_PRIVATE 0, MAP_SHARED 0
 *   anon_shared_fork: child (pid 4243) wrote 42 into all three
 *   anon_shared_fork: parent after waitpid: global 0, MAP_PRIVATE 0, MAP_SHARED 42
 *
 * 읽을 man 페이지: man 2 mmap (MAP_ANONYMOUS), man 2 fork ("memory mappings"), man 2 wait
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS: POSIX.1-2024에 들어갔지만 glibc는 이 매크로로 보여 준다 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static int global; /* 보통의 전역 변수: 데이터 영역, fork 뒤에는 각자의 것 */

static void die(const char *what)
{
    fprintf(stderr, "anon_shared_fork: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* 익명 매핑 하나: fd는 -1, offset은 0. 커널이 0으로 찬 새 페이지를 준다 (파일이 뒤를 받치지 않는다). */
static int *anonymous(int sharing)
{
    // cppcheck-suppress invalidFunctionArg  ; fd -1은 MAP_ANONYMOUS의 약속이다 (man 2 mmap)
    int *p = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE, sharing | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        die("mmap");
    return p;
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 줄마다 */
    if (argc > 1) {
        int help = strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0;
        fprintf(help ? stdout : stderr, "usage: anon_shared_fork\n");
        return help ? 0 : 2;
    }
    int *private = anonymous(MAP_PRIVATE);
    int *shared = anonymous(MAP_SHARED);
    global = *private = *shared = 0;
    printf("anon_shared_fork: before fork: global %d, MAP_PRIVATE %d, MAP_SHARED %d\n", global, *private, *shared);

    fflush(stdout);
    pid_t child = fork();
    if (child == -1)
        die("fork");
    if (child == 0) {
        global = *private = *shared = 42;
        printf("anon_shared_fork: child (pid %ld) wrote 42 into all three\n", (long)getpid());
        fflush(stdout);
        _exit(0);
    }
    int status;
    if (waitpid(child, &status, 0) == -1) /* 자식이 끝난 뒤에 읽는다: 그 쓰기는 모두 끝났다 */
        die("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "anon_shared_fork: the child failed\n");
        return 1;
    }
    printf("anon_shared_fork: parent after waitpid: global %d, MAP_PRIVATE %d, MAP_SHARED %d\n", global, *private,
           *shared);
    if (munmap(private, sizeof(int)) == -1 || munmap(shared, sizeof(int)) == -1)
        die("munmap");
    return 0;
}
