/*
 * 06-shm/experiments/semaphore_in_private_memory.c: pshared = 1로 sem_init해도, 세마포어가 보통의
 * (공유되지 않은) 메모리에 있으면 fork 뒤에 부모와 자식은 각자의 사본을 가진다. 자식의 sem_post는
 * 자기 사본만 올리고, 부모는 영영 깨지 않는다. 공유 페이지에 둔 세마포어는 된다.
 * NOTES 6절 흔한 실수 ② (server.c가 세마포어를 고리 안에 두는 까닭).
 *
 * 실행 (06-shm 디렉터리에서):
 *   ./experiments/semaphore_in_private_memory
 *
 * 출력:
 *   semaphore_in_private_memory: global sem_t (private copy after fork): child posted, parent's sem_trywait -> Resource temporarily unavailable
 *   semaphore_in_private_memory: sem_t in a MAP_SHARED page: child posted, parent's sem_trywait -> 0 (got it)
 *
 * fork는 부모의 메모리를 자식에게 "복사"한다 (실제로는 쓰기 시 복사, copy-on-write: 누군가 쓰는 순간
 * 그 페이지가 둘로 갈린다). MAP_SHARED로 매핑한 페이지만은 복사하지 않고 함께 쓴다 (man 2 fork).
 * sem_wait로 기다렸다면 부모는 멈췄을 것이다: 여기서는 기다리지 않는 sem_trywait로 바로 본다.
 *
 * 읽을 man 페이지: man 3 sem_init (pshared), man 2 fork, man 2 mmap, man 3 sem_trywait
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS: POSIX.1-2008에는 없고 리눅스와 BSD에 있다 */

#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static sem_t private_sem; /* 보통의 전역 변수: fork 뒤에는 프로세스마다 따로다 */

static void die(const char *what)
{
    fprintf(stderr, "semaphore_in_private_memory: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* 값 0으로 만든 세마포어를 자식이 sem_post하고 끝난 뒤, 부모가 기다리지 않고 가져와 본다 */
static void try_it(sem_t *sem, const char *where)
{
    if (sem_init(sem, 1, 0) == -1) /* pshared = 1: "프로세스 사이에서 쓰겠다"는 약속일 뿐이다 */
        die("sem_init");
    pid_t child = fork();
    if (child == -1)
        die("fork");
    if (child == 0)
        _exit(sem_post(sem) == 0 ? 0 : 1);
    int status;
    if (waitpid(child, &status, 0) == -1)
        die("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "semaphore_in_private_memory: the child's sem_post failed\n");
        exit(1);
    }
    if (sem_trywait(sem) == 0)
        printf("semaphore_in_private_memory: %s: child posted, parent's sem_trywait -> 0 (got it)\n", where);
    else if (errno == EAGAIN)
        printf("semaphore_in_private_memory: %s: child posted, parent's sem_trywait -> %s\n", where, strerror(errno));
    else
        die("sem_trywait");
    if (sem_destroy(sem) == -1)
        die("sem_destroy");
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1) {
        int help = strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0;
        if (help)
            printf("usage: semaphore_in_private_memory\n공유되지 않은 메모리의 세마포어는 fork 뒤에 프로세스마다 따로임을 보인다.\n");
        else
            fprintf(stderr, "usage: semaphore_in_private_memory   (no arguments)\n");
        return help ? 0 : 2;
    }

    try_it(&private_sem, "global sem_t (private copy after fork)");

    // cppcheck-suppress invalidFunctionArg ; MAP_ANONYMOUS에는 fd -1이 맞다 (man 2 mmap)
    sem_t *shared = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED)
        die("mmap");
    try_it(shared, "sem_t in a MAP_SHARED page");
    if (munmap(shared, sizeof *shared) == -1)
        die("munmap");
    return 0;
}
