/*
 * 06-shm/experiments/owner_died_robust_mutex.c: 잠금을 쥔 채 죽은 프로세스. 세마포어는 누가 쥐었는지
 * 모르므로 값 0으로 영영 남고, 모두가 멈춘다. 로버스트(robust) 뮤텍스는 주인을 기억한다: 주인이
 * 죽으면 커널이 알려, 다음에 잠그는 프로세스가 EOWNERDEAD를 받고 자료를 고친 뒤 계속 쓴다.
 * NOTES 6절 흔한 실수 ⑤ (이 장의 client가 SIGINT를 잡아 기록 사이에서만 멈추는 까닭).
 *
 * 실행 (06-shm 디렉터리에서; 디렉터리만 복사했다면 cc ... -pthread):
 *   ./experiments/owner_died_robust_mutex
 *
 * 출력:
 *   owner_died: a child took the semaphore and the mutex, then died (_exit) holding both
 *   owner_died: semaphore: sem_trywait -> Resource temporarily unavailable: it stays taken forever (no owner to notice)
 *   owner_died: robust mutex: pthread_mutex_lock -> EOWNERDEAD: we own it now; repair the data, then pthread_mutex_consistent
 *   owner_died: robust mutex: unlocked and locked again -> 0: usable again
 *
 * 커널이 어떻게 아나: 로버스트 뮤텍스를 잠근 스레드는 그 주소를 "잡은 로버스트 잠금 목록"에 올려 둔다
 * (set_robust_list(2)). 스레드가 끝나면 커널이 목록을 보고 뮤텍스에 FUTEX_OWNER_DIED를 적고 기다리는
 * 쪽을 깨운다. 세마포어에는 그런 주인이 없다: sem_post는 누구나 할 수 있는 "값 올리기"이기 때문이다.
 * 고치지 않고(pthread_mutex_consistent 없이) 풀면 그 뮤텍스는 ENOTRECOVERABLE이 되어 다시 쓸 수 없다.
 *
 * 읽을 man 페이지: man 3 pthread_mutexattr_setrobust, man 3 pthread_mutex_consistent,
 *                 man 3 pthread_mutexattr_setpshared, man 2 set_robust_list, man 3 sem_trywait
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS (리눅스, BSD), 그리고 POSIX.1-2008 (로버스트 뮤텍스가 들어온 판) */

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
    sem_t sem;             /* 값 1: 잠금으로 쓰는 세마포어 */
    pthread_mutex_t mutex; /* 로버스트, 프로세스 공유 뮤텍스 */
    int data;              /* 잠금이 지키는 자료 */
};

static void fail(const char *what, int err)
{
    fprintf(stderr, "owner_died: %s: %s\n", what, strerror(err));
    exit(1);
}

int main(int argc, char *argv[])
{
    int rc;

    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1) {
        int help = strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0;
        printf("%s", help ? "usage: owner_died_robust_mutex\n잠금을 쥔 채 죽은 프로세스: 세마포어와 로버스트 뮤텍스를 비교한다.\n" : "");
        if (!help)
            fprintf(stderr, "usage: owner_died_robust_mutex   (no arguments)\n");
        return help ? 0 : 2;
    }

    /* 이름 없는 공유 페이지: fork한 자식이 물려받는다. shm_open한 객체에 두어도 똑같이 동작한다. */
    // cppcheck-suppress invalidFunctionArg ; MAP_ANONYMOUS에는 fd -1이 맞다 (man 2 mmap)
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED)
        fail("mmap", errno);

    if (sem_init(&sh->sem, 1, 1) == -1)
        fail("sem_init", errno);
    /* 뮤텍스 속성: 프로세스 사이에서(PTHREAD_PROCESS_SHARED), 주인이 죽으면 알리게(PTHREAD_MUTEX_ROBUST).
     * pthread 함수는 errno 대신 오류 번호를 돌려준다. */
    pthread_mutexattr_t attr;
    if ((rc = pthread_mutexattr_init(&attr)) != 0 ||
        (rc = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED)) != 0 ||
        (rc = pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST)) != 0 ||
        (rc = pthread_mutex_init(&sh->mutex, &attr)) != 0)
        fail("pthread_mutex_init", rc);
    pthread_mutexattr_destroy(&attr);

    pid_t child = fork();
    if (child == -1)
        fail("fork", errno);
    if (child == 0) { /* 둘 다 잡고, 풀지 않고 죽는다 (SIGKILL이나 버그로 죽는 것과 같다) */
        if (sem_wait(&sh->sem) == -1 || pthread_mutex_lock(&sh->mutex) != 0)
            _exit(1);
        sh->data = -1; /* 고치던 도중이었다: 자료가 반쯤 바뀐 채 남는다 */
        _exit(0);
    }
    int status;
    if (waitpid(child, &status, 0) == -1)
        fail("waitpid", errno);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail("child", ECHILD);
    printf("owner_died: a child took the semaphore and the mutex, then died (_exit) holding both\n");

    /* 세마포어: 값은 0 그대로다. sem_wait라면 영원히 잔다. sem_trywait는 기다리지 않고 EAGAIN. */
    if (sem_trywait(&sh->sem) == 0)
        printf("owner_died: semaphore: sem_trywait succeeded?!\n");
    else
        printf("owner_died: semaphore: sem_trywait -> %s: it stays taken forever (no owner to notice)\n",
               strerror(errno));

    /* 로버스트 뮤텍스: 잠그면 EOWNERDEAD와 함께 우리가 주인이 된다. 자료를 고치고 consistent. */
    rc = pthread_mutex_lock(&sh->mutex);
    if (rc != EOWNERDEAD)
        fail("pthread_mutex_lock (expected EOWNERDEAD)", rc);
    sh->data = 0; /* 고치기: 죽은 주인이 반쯤 바꾼 자료를 되돌린다 */
    if ((rc = pthread_mutex_consistent(&sh->mutex)) != 0)
        fail("pthread_mutex_consistent", rc);
    printf("owner_died: robust mutex: pthread_mutex_lock -> EOWNERDEAD: we own it now; repair the data, then "
           "pthread_mutex_consistent\n");
    if ((rc = pthread_mutex_unlock(&sh->mutex)) != 0 || (rc = pthread_mutex_lock(&sh->mutex)) != 0)
        fail("pthread_mutex_lock again", rc);
    printf("owner_died: robust mutex: unlocked and locked again -> %d: usable again\n", rc);

    if ((rc = pthread_mutex_unlock(&sh->mutex)) != 0 || (rc = pthread_mutex_destroy(&sh->mutex)) != 0)
        fail("pthread_mutex_destroy", rc);
    if (sem_destroy(&sh->sem) == -1 || munmap(sh, sizeof *sh) == -1)
        fail("sem_destroy/munmap", errno);
    return 0;
}
