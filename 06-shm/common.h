/*
 * 06-shm/common.h: server.c와 client.c가 함께 쓰는 약속 (이 장 안에서만 쓴다).
 *
 * 공유 메모리 객체 하나(/dev/shm/NAME)에 아래 struct ring이 통째로 들어 있다. 두 프로그램은
 * 같은 물리 페이지를 각자의 주소 공간에 매핑해, 이 구조체를 보통의 C 변수처럼 읽고 쓴다.
 *
 *   struct ring
 *   ┌ 헤더: magic version nslots record_size server_pid  (server가 한 번 쓰고, 그 뒤로는 읽기만)
 *   ├ 세마포어 3개: lock(1) spaces(NSLOTS) items(0)        (sem_init(..., pshared=1, ...))
 *   ├ head (lock을 쥔 client만), tail (server만)
 *   └ slot[0..15]: 64바이트 기록 16칸짜리 고리(ring)      head % 16에 쓰고, tail % 16에서 읽는다
 *
 * 포인터는 하나도 넣지 않는다: 같은 객체도 프로세스마다 다른 주소에 매핑되므로, 한 프로세스의
 * 주소는 다른 프로세스에게 뜻이 없다. 위치는 모두 첨자(head, tail)로 적는다 (NOTES 6절).
 */
#ifndef SHM_COMMON_H
#define SHM_COMMON_H

#include <limits.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define DEFAULT_NAME "/ipc-shm-demo"
#define RING_MAGIC 0x4d485336u /* 메모리에서 "6SHM": 이 장의 고리가 맞는지 알아보는 표시 */
#define RING_VERSION 1u        /* 구조체 모양이 바뀌면 올린다 */
#define NSLOTS 16u             /* 고리의 칸 수 */
#define TEXT_MAX 48            /* 기록 하나에 담는 글자 칸 ('\0' 포함) */
#define TICK_SECONDS 1         /* 세마포어를 기다리다 이만큼마다 깨어 플래그와 상대를 본다 */

/* 고리의 한 칸. 크기가 고정이라 "어디서 끝나나"를 따로 알릴 필요가 없다 (파이프와 다르다). */
struct record {
    int32_t pid;          /* 보낸 client */
    uint32_t seq;         /* 그 client의 몇 번째 기록인가: 1..total */
    uint32_t total;       /* 그 client가 보낼 기록 수 */
    uint32_t sum;         /* 나머지 칸의 체크섬: 반쯤 쓰인 칸이나 엉뚱한 바이트를 알아본다 */
    char text[TEXT_MAX];  /* '\0'으로 끝나고, 남은 칸도 '\0' */
};
_Static_assert(sizeof(struct record) == 64, "a record is 64 bytes, no padding");

/* 두 프로세스가 같은 변수를 원자적으로 읽고 쓰려면 잠금 없는(lock-free) 원자 변수여야 한다:
 * 잠금으로 흉내 내는 원자 변수는 그 잠금이 프로세스마다 따로 있어 공유 메모리에서 쓸모가 없다. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "process-shared atomics must be lock-free");

struct ring {
    atomic_uint magic;     /* server가 준비를 다 마친 뒤 맨 마지막에 쓴다 (release) */
    uint32_t version;      /* RING_VERSION */
    uint32_t nslots;       /* NSLOTS */
    uint32_t record_size;  /* sizeof(struct record) */
    int32_t server_pid;    /* client가 "server가 아직 있나"를 물을 때 (kill(pid, 0)) */
    uint32_t head;         /* 다음에 채울 칸의 번호: lock을 쥔 client만 읽고 쓴다 */
    uint32_t tail;         /* 다음에 비울 칸의 번호: server 혼자 읽고 쓴다 */
    sem_t lock;            /* 1에서 시작: client 들이 head와 칸을 한 번에 하나씩 */
    sem_t spaces;          /* 빈 칸 수: NSLOTS에서 시작, client가 가져가고 server가 돌려준다 */
    sem_t items;           /* 찬 칸 수: 0에서 시작, client가 올리고 server가 가져간다 */
    struct record slot[NSLOTS];
};

/*
 * 이름 검사: '/' 하나로 시작하고, 그 뒤에 '/'가 아닌 보이는 ASCII 글자가 1..NAME_MAX-1 개.
 * 리눅스의 glibc는 이 이름을 /dev/shm/ 아래의 파일 이름으로 쓴다 (man 7 shm_overview).
 * 맞으면 1, 아니면 무엇이 틀렸는지 stderr에 한 줄 쓰고 0.
 */
static inline int shm_name_ok(const char *prog, const char *name)
{
    const char *problem = NULL;
    size_t len = strlen(name);
    if (name[0] != '/')
        problem = "must start with '/'";
    else if (len == 1)
        problem = "needs at least one character after the '/'";
    else if (len > NAME_MAX)
        problem = "is too long (at most NAME_MAX - 1 characters after the '/')";
    for (size_t i = 1; problem == NULL && i < len; i++)
        if (name[i] == '/' || name[i] <= ' ' || name[i] > '~')
            problem = "may contain only visible ASCII characters other than '/' after the first";
    if (problem != NULL)
        fprintf(stderr, "%s: shared memory name %s\n", prog, problem);
    return problem == NULL;
}

/* 체크섬 (FNV-1a, 32비트): sum 칸을 뺀 기록의 모든 바이트. 구조체에 채움(padding)이 없으므로
 * 바이트가 모두 정해져 있다 (위의 _Static_assert). */
static inline uint32_t record_sum(const struct record *r)
{
    const unsigned char *p = (const unsigned char *)r;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < sizeof *r; i++)
        if (i < offsetof(struct record, sum) || i >= offsetof(struct record, sum) + sizeof r->sum)
            h = (h ^ p[i]) * 16777619u;
    return h;
}

/* 글자를 따옴표 안에 찍는다: 보이는 ASCII는 그대로, 나머지는 \xHH (터미널 제어 문자를 막는다). */
static inline void print_quoted(FILE *to, const char *s, size_t max)
{
    fputc('"', to);
    for (size_t i = 0; i < max && s[i] != '\0'; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            fputc(c, to);
        else
            fprintf(to, "\\x%02x", c);
    }
    fputc('"', to);
}

/*
 * 멈추라는 시그널 (SIGINT, SIGTERM, SIGHUP). 핸들러는 받은 번호를 volatile sig_atomic_t 플래그에
 * 적기만 한다: printf도 shm_unlink도 하지 않는다 (man 7 signal-safety). 정리는 main이 한다.
 * SA_RESTART는 주지 않는다. 리눅스는 SA_RESTART가 있으면 끊긴 sem_wait를 다시 시작하므로
 * (man 7 signal), 잠든 프로그램이 SIGTERM을 받고도 계속 잔다. 없으면 -1/EINTR로 돌아온다.
 * (이 장이 쓰는 sem_timedwait은 이 컴퓨터에서 SA_RESTART여도 EINTR이었지만, man 7 signal은 그것도
 *  다시 시작될 수 있다고 한다: experiments/sa_restart_and_sem_wait.)
 */
static volatile sig_atomic_t stop_signal = 0;

static void on_stop(int sig)
{
    stop_signal = sig;
}

static inline int catch_stop_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1 ||
        sigaction(SIGHUP, &sa, NULL) == -1)
        return -1;
    return 0;
}

static inline const char *stop_name(int sig)
{
    return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP";
}

/*
 * 세마포어 하나를 가져온다(값을 1 내린다). 값이 0이면 잠들되, 늦어도 TICK_SECONDS 뒤에는
 * -1/ETIMEDOUT으로 돌아온다. 시그널 핸들러는 플래그만 세우므로, 그 시그널이 "플래그를 본 뒤,
 * 잠들기 전"에 오면 sem_wait는 다음 sem_post까지 잔다. 마감 시각이 그 틈을 TICK으로 줄인다.
 * (sem_timedwait은 마감을 CLOCK_REALTIME의 절대 시각으로 받는다: 시계를 되돌리면 더 잔다.)
 * 값이 0보다 크면 시스템 호출 없이 원자 연산 하나로 끝난다 (glibc: 잠든 쪽이 없을 때 futex 없음).
 */
static inline int sem_wait_tick(sem_t *s)
{
    struct timespec deadline;
    if (clock_gettime(CLOCK_REALTIME, &deadline) == -1)
        return -1;
    deadline.tv_sec += TICK_SECONDS;
    return sem_timedwait(s, &deadline);
}

#endif
