/*
 * 06-shm/experiments/lost_update.c: 공유 메모리에는 동기화가 없다. 두 프로세스가 한 카운터를
 * 잠금 없이 N 번씩 올리면 올린 값의 일부를 잃는다 (경쟁 상태, lost update).
 * NOTES 1.3절 "공유 메모리는 동기화를 주지 않는다"와 5절 바로잡기 #6, #14.
 *
 * 실행 (06-shm 디렉터리에서):
 *   ./experiments/lost_update              두 프로세스 x 1000000 번
 *   ./experiments/lost_update 100000       N을 준다
 *
 * 출력 (잃는 양은 실행마다, 컴퓨터마다 다르다; CPU가 하나뿐이거나 valgrind 아래라면 잃지 않을 수도 있다):
 *   lost_update: 2 processes x 1000000 unsynchronized increments: counter = 1093657, expected 2000000 (lost 906343)
 *
 * 왜 잃나: "counter = counter + 1"은 읽기, 더하기, 쓰기 세 단계다. 두 프로세스가 같은 값(예: 41)을
 * 읽고 각자 42를 쓰면, 두 번 올렸는데 한 번만 오른다. 테스트는 이 수를 확인하지 않는다 (경쟁의
 * 결과는 정해져 있지 않다). 세마포어로 고친 것이 counter_with_semaphore.c다: 그 결과는 늘 2N.
 *
 * 읽을 man 페이지: man 2 mmap (MAP_SHARED | MAP_ANONYMOUS), man 2 fork, C11 표준 7.17 (<stdatomic.h>)
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS: POSIX.1-2008에는 없고 리눅스와 BSD에 있다 (POSIX.1-2024에 들어갔다) */

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
    fprintf(stderr, "lost_update: %s: %s\n", what, strerror(errno));
    exit(1);
}

/*
 * 한 번 올리기를 읽기와 쓰기 두 번의 원자 연산으로 한다. 보통의 "(*counter)++"를 쓰지 않는 까닭:
 * C11에서 두 스레드(프로세스)가 잠금 없이 같은 보통 변수를 쓰는 것은 데이터 경쟁, 곧 정의되지 않은
 * 동작이다. 실제로 -O2의 컴파일러는 반복문 전체를 "counter += n" 한 번으로 바꿔 버릴 수 있어,
 * 경쟁이 보이지도 않는다. 원자적인 읽기와 원자적인 쓰기는 각각은 온전하지만 그 사이에 틈이 있다:
 * 경쟁 상태는 남고, 정의되지 않은 동작은 없다.
 */
/* 두 자식이 함께 보는 것: 카운터, 그리고 출발선 (먼저 태어난 자식이 혼자 다 끝내 버리지 않게) */
struct shared {
    atomic_long counter;
    atomic_int ready;
};

static void increment(struct shared *sh, long n)
{
    atomic_long *counter = &sh->counter;
    atomic_fetch_add(&sh->ready, 1); /* 출발선: 둘 다 올 때까지 돈다 (몇 마이크로초) */
    while (atomic_load(&sh->ready) < 2)
        ;
    for (long i = 0; i < n; i++) {
        long seen = atomic_load_explicit(counter, memory_order_relaxed); /* 1. 읽기 */
        atomic_store_explicit(counter, seen + 1, memory_order_relaxed);  /* 2. 더해서 쓰기 */
    }
}

int main(int argc, char *argv[])
{
    long n = 1000000;
    char *end;

    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: lost_update [N]\n두 프로세스가 공유 메모리의 카운터를 잠금 없이 N 번씩 (기본 1000000) 올린다.\n");
        return 0;
    }
    if (argc > 1) {
        errno = 0;
        n = strtol(argv[1], &end, 10);
        if (argc > 2 || errno != 0 || end == argv[1] || *end != '\0' || n < 1 || n > 1000000000) {
            fprintf(stderr, "usage: lost_update [N]   (N from 1 to 1000000000)\n");
            return 2;
        }
    }

    /* 이름 없는 공유 메모리: fork한 자식이 같은 페이지를 물려받는다. shm_open한 객체를 매핑해도
     * 결과는 같다 (같은 MAP_SHARED 페이지다). 이름이 없으니 지울 것도 남지 않는다. */
    // cppcheck-suppress invalidFunctionArg ; MAP_ANONYMOUS에는 fd -1이 맞다 (man 2 mmap)
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED)
        die("mmap");
    atomic_init(&sh->counter, 0); /* 새 익명 페이지는 어차피 0이지만, 원자 변수의 시작을 분명히 한다 */
    atomic_init(&sh->ready, 0);

    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        if (kids[k] == -1)
            die("fork");
        if (kids[k] == 0) {
            increment(sh, n);
            _exit(0); /* 부모의 stdio 버퍼를 한 번 더 비우지 않게 _exit */
        }
    }
    for (int k = 0; k < 2; k++) {
        int status;
        if (waitpid(kids[k], &status, 0) == -1)
            die("waitpid");
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "lost_update: child %d failed\n", k);
            return 1;
        }
    }

    long got = atomic_load(&sh->counter), want = 2 * n;
    printf("lost_update: 2 processes x %ld unsynchronized increments: counter = %ld, expected %ld (lost %ld)\n", n,
           got, want, want - got);
    if (munmap(sh, sizeof *sh) == -1)
        die("munmap");
    return 0;
}
