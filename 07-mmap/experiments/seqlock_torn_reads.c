/*
 * experiments/seqlock_torn_reads.c: 두 칸을 따로 읽으면 섞인(torn) 값을 본다. seqlock은 섞인 복사본을
 * 알아보고 다시 읽는다. (NOTES.md 1.5 "동기화: 왜 seqlock인가")
 *
 * 자식(쓰는 쪽)이 공유 메모리의 두 칸 a, b에 같은 수 i를 차례로 쓴다: a = i, 그리고 b = i. 쓰는 쪽은
 * 늘 seqlock의 약속을 지킨다 (seq를 홀수로, a와 b를 쓰고, 다음 짝수로). 부모(읽는 쪽)는 두 가지로 읽는다.
 *   naive:   a와 b를 그냥 읽는다. a = i를 쓴 뒤 b = i를 쓰기 전에 읽으면 a != b다.
 *   seqlock: seq를 읽고, a와 b를 읽고, seq를 다시 읽어 같은 짝수일 때만 받아들인다.
 * 모든 칸은 C11 원자 객체이므로 어느 쪽도 데이터 경쟁(정의되지 않은 동작)은 아니다. naive는 정의된
 * 동작으로 틀린 답을 얻는다. 몇 번 섞이는지는 CPU와 부하에 달렸다 (CPU가 하나면 0일 수도 있다).
 * seqlock이 받아들인 것 가운데 섞인 것은 늘 0이어야 한다: 테스트가 보는 것은 이것뿐이다.
 *
 * 실행:   experiments/seqlock_torn_reads [-n READS]     (기본 1000000번씩)
 * 출력 (2코어에서의 한 예):
 *   seqlock_torn_reads: naive:   1000000 reads, 183224 torn (a != b)
 *   seqlock_torn_reads: seqlock: 1000000 reads, 0 torn, 402113 retries
 *
 * 읽을 man 페이지: man 2 mmap (MAP_ANONYMOUS), man 2 fork; C11 7.17 <stdatomic.h>
 *                 (Boehm, "Can Seqlocks Get Along With Programming Language Memory Models?", 2012)
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS: POSIX.1-2024에 들어갔지만 glibc는 이 매크로로 보여 준다 */

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
    atomic_uint seq;  /* 짝수: 안정, 홀수: 쓰는 중 */
    atomic_uint a, b; /* 늘 같은 값이어야 하는 두 칸 */
    atomic_int stop;  /* 부모가 1로: 자식은 끝난다 */
};

static void die(const char *what)
{
    fprintf(stderr, "seqlock_torn_reads: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* 쓰는 쪽 (하나뿐이다): common.h의 slot_write와 같은 순서 */
static void writer(struct shared *s, pid_t parent)
{
    for (unsigned i = 1; !atomic_load_explicit(&s->stop, memory_order_relaxed); i++) {
        if (i % 65536 == 0 && getppid() != parent)
            return; /* 부모가 죽었다 (stop을 적어 줄 이가 없다): 영원히 돌지 않는다 */
        unsigned seq = atomic_load_explicit(&s->seq, memory_order_relaxed);
        atomic_store_explicit(&s->seq, seq + 1, memory_order_relaxed); /* 홀수: 쓰는 중 */
        atomic_thread_fence(memory_order_release);                     /* 홀수가 a, b보다 먼저 보인다 */
        atomic_store_explicit(&s->a, i, memory_order_relaxed);
        atomic_store_explicit(&s->b, i, memory_order_relaxed);
        atomic_store_explicit(&s->seq, seq + 2, memory_order_release); /* a, b가 다 보인 뒤에 짝수 */
    }
}

int main(int argc, char *argv[])
{
    long reads = 1000000;
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 줄마다 */
    if (argc == 3 && strcmp(argv[1], "-n") == 0) {
        char *end;
        errno = 0;
        reads = strtol(argv[2], &end, 10);
        if (errno != 0 || *end != '\0' || reads < 1 || reads > 1000000000L)
            argc = 0; /* 아래에서 사용법 오류로 */
    }
    if (argc != 1 && argc != 3) {
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: seqlock_torn_reads [-n READS]\n");
        return help ? 0 : 2;
    }
    // cppcheck-suppress invalidFunctionArg  ; fd -1은 MAP_ANONYMOUS의 약속이다 (man 2 mmap)
    struct shared *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (s == MAP_FAILED)
        die("mmap");
    fflush(stdout);
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == -1)
        die("fork");
    if (child == 0) {
        writer(s, parent);
        _exit(0);
    }

    /* naive: 두 칸을 따로 읽는다 */
    long torn = 0;
    for (long n = 0; n < reads; n++) {
        unsigned a = atomic_load_explicit(&s->a, memory_order_relaxed);
        unsigned b = atomic_load_explicit(&s->b, memory_order_relaxed);
        torn += a != b;
    }
    printf("seqlock_torn_reads: naive:   %ld reads, %ld torn (a != b)\n", reads, torn);

    /* seqlock: 같은 짝수 seq 사이에 읽은 복사본만 받아들인다 (common.h의 slot_read와 같은 순서) */
    long retries = 0;
    torn = 0;
    for (long n = 0; n < reads; n++) {
        unsigned a, b;
        for (;;) {
            unsigned seq = atomic_load_explicit(&s->seq, memory_order_acquire);
            a = atomic_load_explicit(&s->a, memory_order_relaxed);
            b = atomic_load_explicit(&s->b, memory_order_relaxed);
            atomic_thread_fence(memory_order_acquire); /* a, b를 읽은 뒤에 seq를 다시 읽는다 */
            if (seq % 2 == 0 && atomic_load_explicit(&s->seq, memory_order_relaxed) == seq)
                break;
            retries++;
        }
        torn += a != b;
    }
    printf("seqlock_torn_reads: seqlock: %ld reads, %ld torn, %ld retries\n", reads, torn, retries);

    atomic_store_explicit(&s->stop, 1, memory_order_relaxed);
    int status;
    if (waitpid(child, &status, 0) == -1)
        die("waitpid");
    if (munmap(s, sizeof *s) == -1)
        die("munmap");
    return torn == 0 ? 0 : 1;
}
