/*
 * 06-shm/experiments/counter_with_semaphore.c: lost_update.c와 같은 일을 프로세스 공유 세마포어
 * 하나로 감싸면, 두 프로세스 x N 번 올린 카운터가 언제나 정확히 2N이다.
 * NOTES 1.3절과 5절 바로잡기 #6 ("프로세스 동기화는 비동기 IPC로 이루어진다"가 아니다).
 *
 * 실행 (06-shm 디렉터리에서):
 *   ./experiments/counter_with_semaphore            두 프로세스 x 1000000 번
 *   ./experiments/counter_with_semaphore 100000     N을 준다
 *
 * 출력 (언제나 같다; 끝 상태 0. 2N이 아니면 끝 상태 1):
 *   counter_with_semaphore: 2 processes x 1000000 increments under a semaphore: counter = 2000000, expected 2000000
 *
 * 세마포어(값 1)가 "한 번에 하나만"을 지킨다: sem_wait가 값을 1에서 0으로 내린 프로세스만 들어가고,
 * 다른 프로세스는 sem_post가 값을 되돌릴 때까지 잠든다. 그래서 카운터는 보통의 long이어도 된다:
 * sem_wait와 sem_post가 메모리 동기화도 하므로 (POSIX의 "Memory Synchronization"), 앞사람이 쓴 값을 뒷사람이 반드시 본다.
 * 대가: 올리기 한 번마다 세마포어 두 번이고, 서로 기다리면 futex 시스템 호출이다 (lost_update보다 느리다).
 *
 * 읽을 man 페이지: man 3 sem_init, man 3 sem_wait, man 3 sem_post, man 7 sem_overview
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS: POSIX.1-2008에는 없고 리눅스와 BSD에 있다 */

#include <errno.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/* 두 프로세스가 함께 보는 것: 세마포어와 그것이 지키는 카운터. 둘 다 공유 페이지 안에 있어야 한다. */
struct shared {
    sem_t lock;
    long counter;     /* lock을 쥔 프로세스만 읽고 쓴다 */
    atomic_int ready; /* 출발선: lost_update.c와 같이, 두 자식이 정말로 함께 달리게 한다 */
};

static void die(const char *what)
{
    fprintf(stderr, "counter_with_semaphore: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* 자식에서 부른다: 실패하면 _exit(1)로 알린다 (부모가 끝 상태를 본다) */
static void increment(struct shared *sh, long n)
{
    atomic_fetch_add(&sh->ready, 1);
    while (atomic_load(&sh->ready) < 2)
        ;
    for (long i = 0; i < n; i++) {
        while (sem_wait(&sh->lock) == -1) /* 들어가기: 값 1 → 0, 이미 0이면 잠든다 */
            if (errno != EINTR)           /* 시그널 핸들러가 없으니 EINTR은 없겠지만, 있으면 다시 */
                _exit(1);
        sh->counter = sh->counter + 1; /* 읽기, 더하기, 쓰기: 이제 아무도 끼어들지 못한다 */
        if (sem_post(&sh->lock) == -1) /* 나오기: 값 0 → 1, 잠든 쪽이 있으면 깨운다 */
            _exit(1);
    }
}

int main(int argc, char *argv[])
{
    long n = 1000000;
    char *end;

    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: counter_with_semaphore [N]\n두 프로세스가 세마포어로 지킨 카운터를 N 번씩 (기본 1000000) 올린다.\n");
        return 0;
    }
    if (argc > 1) {
        errno = 0;
        n = strtol(argv[1], &end, 10);
        if (argc > 2 || errno != 0 || end == argv[1] || *end != '\0' || n < 1 || n > 1000000000) {
            fprintf(stderr, "usage: counter_with_semaphore [N]   (N from 1 to 1000000000)\n");
            return 2;
        }
    }

    // cppcheck-suppress invalidFunctionArg ; MAP_ANONYMOUS에는 fd -1이 맞다 (man 2 mmap)
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED)
        die("mmap");
    /* pshared = 1: 프로세스 사이에서 쓴다 (세마포어가 공유 페이지 안에 있으므로 가능하다). 값 1 = 잠금. */
    if (sem_init(&sh->lock, 1, 1) == -1)
        die("sem_init");
    sh->counter = 0;
    atomic_init(&sh->ready, 0);

    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        if (kids[k] == -1)
            die("fork");
        if (kids[k] == 0) {
            increment(sh, n);
            _exit(0);
        }
    }
    int failed = 0;
    for (int k = 0; k < 2; k++) {
        int status;
        if (waitpid(kids[k], &status, 0) == -1)
            die("waitpid");
        failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    if (failed) {
        fprintf(stderr, "counter_with_semaphore: a child failed in sem_wait or sem_post\n");
        return 1;
    }

    /* 두 자식 모두 끝났고 waitpid가 그것을 알려 주었다: 이제 lock 없이 읽어도 된다 */
    long got = sh->counter, want = 2 * n;
    printf("counter_with_semaphore: 2 processes x %ld increments under a semaphore: counter = %ld, expected %ld\n", n,
           got, want);
    /* 아무도 기다리지 않는 세마포어이므로 없애도 된다. 그다음 매핑을 푼다. */
    if (sem_destroy(&sh->lock) == -1)
        die("sem_destroy");
    if (munmap(sh, sizeof *sh) == -1)
        die("munmap");
    return got == want ? 0 : 1;
}
