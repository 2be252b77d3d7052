/*
 * 07-mmap/exercises/3-reply-ack/common.h (시작 코드: 07-mmap/common.h 그대로. 연습 3은 README.md):
 * server.c와 client.c가 함께 지키는 약속, 곧 파일 demo.map의 모양 (이 장 안에서만 쓴다).
 *
 * 파일은 156바이트짜리 구조체 struct board 하나다. 두 프로그램은 이것을 read()/write()로 주고받지
 * 않는다. 둘 다 같은 파일을 mmap(MAP_SHARED)으로 자기 주소 공간에 붙이고, 보통 메모리처럼
 * 읽고 쓴다. 커널은 두 프로세스의 페이지 테이블이 페이지 캐시의 같은 물리 페이지를 가리키게 할
 * 뿐이므로, 한쪽이 쓴 바이트는 다른 쪽에 곧바로 보이고 나중에 파일에도 남는다.
 *
 *   바이트   0..3    magic      0x70616d6d ("mmap": 리틀 엔디언에서 od -c로 m m a p)
 *   바이트   4..79   news       server가 쓰고 client가 읽는 칸 (update N, "tick N")
 *   바이트  80..155  reply      client가 쓰고 server가 읽는 칸 (-w TEXT)
 *   칸 하나: seq(4) pid(4) len(4) text(64)
 *   보기: od -A d -c demo.map        (글자),  od -A d -t u4 -N 16 demo.map  (seq, pid, len)
 *
 * 동기화: 칸마다 seqlock 하나. seq가 짝수면 칸이 안정된 상태, 홀수면 누군가 쓰는 중이다.
 * 쓰는 쪽은 seq를 홀수로 만들고 내용을 쓴 뒤 다음 짝수로 만든다. 읽는 쪽은 seq를 읽고, 내용을
 * 복사하고, seq를 다시 읽어 둘이 같은 짝수일 때만 복사본을 믿는다 (아니면 다시 읽는다).
 * 읽는 쪽은 아무것도 쓰지 않고 잠그지도 않는다: 읽던 client가 죽어도 남는 잠금이 없다.
 * 그 대신 쓰는 쪽이 쓰는 도중에 죽으면 seq가 홀수로 남는다. 그래서 기다림에는 한도가 있다.
 *
 * 모든 칸은 C11 원자(atomic) 객체다. 두 프로세스가 같은 바이트를 동시에 만지고 그중 하나가
 * 쓰기라면, 보통 변수로는 데이터 경쟁(data race)이고 C 표준에서 정의되지 않은 동작이다. 읽고
 * 버릴 값이라도 마찬가지다. memory_order_relaxed 원자 접근은 x86-64와 ARM64에서 보통의 load/store
 * 한 번으로 번역되므로 값이 싸고, 순서는 아래의 acquire/release가 따로 맡는다.
 */
#ifndef MMAP_COMMON_H
#define MMAP_COMMON_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#define DEFAULT_PATH "demo.map"
#define BOARD_MAGIC 0x70616d6du
#define TEXT_MAX 64
#define SLOT_TRIES 1000 /* client가 기다리는 한도: 1000번 x 1 ms, 약 1초 */

struct slot {
    atomic_uint seq;             /* 짝수: 안정, 홀수: 쓰는 중. 쓸 때마다 2씩 는다 (N번째 = 2N) */
    atomic_int pid;              /* 마지막으로 쓴 프로세스 */
    atomic_uint len;             /* text의 바이트 수 (0..TEXT_MAX). 파일은 남이 고칠 수 있다: 확인한다 */
    atomic_uchar text[TEXT_MAX]; /* '\0'으로 끝나지 않는다: len 바이트만 뜻이 있다 */
};

struct board {
    atomic_uint magic; /* server가 맨 먼저 release로 적는다: 0이면 아직 준비 중 */
    struct slot news;
    struct slot reply;
};

/* 파일의 모양은 컴파일러가 바꾸면 안 된다: 다른 프로그램(od, 다른 컴파일러로 빌드한 client)도 읽는다. */
_Static_assert(sizeof(atomic_uint) == 4 && sizeof(atomic_uchar) == 1, "atomics must have plain sizes");
_Static_assert(offsetof(struct board, news) == 4 && offsetof(struct board, reply) == 80, "layout");
_Static_assert(sizeof(struct board) == 156, "the file is exactly 156 bytes");
/* 프로세스 사이의 원자 연산은 lock-free여야 한다. 잠금으로 흉내 낸 원자 연산은 그 잠금을 각 프로세스의
 * 메모리에 두므로 다른 프로세스와 배타가 되지 않는다 (C11 7.17.5: lock-free 연산은 address-free). */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2 && ATOMIC_CHAR_LOCK_FREE == 2, "atomics must be lock-free");

/* 읽어 낸 칸 하나: 이 프로세스의 보통 메모리에 있는 복사본 */
struct message {
    unsigned number; /* N번째 쓰기 (seq / 2) */
    int pid;
    unsigned len;
    unsigned char text[TEXT_MAX];
};

/* 1 ms 쉰다. 시그널이 끊으면 덜 쉬는 것뿐이라 돌려받는 값은 보지 않는다. */
static inline void nap(void)
{
    const struct timespec ms = {0, 1000000};
    (void)nanosleep(&ms, NULL);
}

/*
 * 칸 s에 pid와 text(len 바이트)를 쓴다. 0과 *number(몇 번째 쓰기인가), 또는 칸이 tries번 내내
 * 쓰는 중이었으면 -1. client가 여럿이면 쓰는 쪽도 여럿이므로, 홀수로 바꾸는 일을 compare-exchange로
 * 한다: 짝수 seq를 본 쪽 하나만 seq+1을 넣는 데 성공한다 (쓰는 쪽끼리의 스핀락).
 */
static inline int slot_write(struct slot *s, int pid, const char *text, unsigned len, int tries, unsigned *number)
{
    unsigned seq = atomic_load_explicit(&s->seq, memory_order_relaxed);
    /* acquire: 앞서 쓴 쪽의 마지막 release(아래)와 짝을 이루어, 그 쓰기가 모두 끝난 뒤에 쓴다 */
    while (seq % 2 != 0 || !atomic_compare_exchange_strong_explicit(&s->seq, &seq, seq + 1, memory_order_acquire,
                                                                    memory_order_relaxed)) {
        if (--tries <= 0)
            return -1;
        nap();
        seq = atomic_load_explicit(&s->seq, memory_order_relaxed);
    }
    /* release 울타리: 홀수 seq가 아래 내용보다 먼저 보이게 한다. 읽는 쪽이 새 내용을 하나라도
     * 보았다면, 그 뒤에 다시 읽는 seq는 적어도 이 홀수다 (그래서 섞인 복사본을 버린다). */
    atomic_thread_fence(memory_order_release);
    atomic_store_explicit(&s->pid, pid, memory_order_relaxed);
    atomic_store_explicit(&s->len, len, memory_order_relaxed);
    for (unsigned i = 0; i < TEXT_MAX; i++) /* 남는 바이트는 0으로: od로 볼 때 앞 글의 찌꺼기가 없다 */
        atomic_store_explicit(&s->text[i], i < len ? (unsigned char)text[i] : 0, memory_order_relaxed);
    /* release: 위의 내용을 모두 쓴 뒤에 새 짝수가 보인다. 이 짝수를 acquire로 읽은 쪽은 내용도 본다. */
    atomic_store_explicit(&s->seq, seq + 2, memory_order_release);
    *number = (seq + 2) / 2;
    return 0;
}

/*
 * 칸 s를 m에 복사한다. 0, 또는 tries번 모두 쓰는 중이거나 쓰기와 겹쳤으면 -1.
 * m->len은 파일에 적힌 그대로다 (TEXT_MAX보다 클 수 있다: 부르는 쪽이 확인한다).
 */
static inline int slot_read(struct slot *s, int tries, struct message *m)
{
    for (;;) {
        /* acquire: 이 짝수 seq를 쓴 쪽의 내용이 아래의 복사에 보인다 */
        unsigned seq = atomic_load_explicit(&s->seq, memory_order_acquire);
        if (seq % 2 == 0) {
            m->pid = atomic_load_explicit(&s->pid, memory_order_relaxed);
            m->len = atomic_load_explicit(&s->len, memory_order_relaxed);
            for (unsigned i = 0; i < TEXT_MAX; i++) /* len은 아직 믿을 수 없으니 칸 전체를 */
                m->text[i] = atomic_load_explicit(&s->text[i], memory_order_relaxed);
            /* acquire 울타리: 위의 복사가 아래의 seq 확인보다 먼저 끝난다. 복사 중에 쓰기가 끼었다면
             * 그 쓰기의 홀수(또는 그 뒤의) seq가 보인다. */
            atomic_thread_fence(memory_order_acquire);
            if (atomic_load_explicit(&s->seq, memory_order_relaxed) == seq) {
                m->number = seq / 2;
                return 0;
            }
        }
        if (--tries <= 0) /* 한도: 홀수가 1초 넘게 남으면 쓰던 쪽이 죽은 것이다 */
            return -1;
        nap();
    }
}

/* 파일에서 읽은 글자를 따옴표 안에 찍는다. 출력할 수 있는 ASCII 밖의 바이트(터미널 제어 문자 ESC 등)와
 * " \ 는 \xNN, \", \\ 로 바꾼다: 남이 쓴 글자가 터미널에 명령으로 닿지 않게 한다. */
static inline void print_quoted(const unsigned char *s, size_t n)
{
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"' || s[i] == '\\')
            printf("\\%c", s[i]);
        else if (s[i] >= 0x20 && s[i] < 0x7f)
            putchar(s[i]);
        else
            printf("\\x%02x", s[i]);
    }
    putchar('"');
}

#endif
