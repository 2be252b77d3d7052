/*
 * bench/mech_shm.c: 공유 메모리 링(ring buffer) 세 가지.
 *
 *   shm-sem   shm_open 한 POSIX 공유 메모리 + 프로세스 공유 세마포어 두 개 (items, spaces).
 *             교과서의 생산자-소비자. 기다릴 일이 생기면 sem_wait가 futex로 잠든다.
 *   shm-spin  같은 링, 동기화만 다르다: 넣은 수(head)와 꺼낸 수(tail)를 원자 변수로 두고,
 *             기다릴 때는 잠시(--spin-us) 돌며 지켜보다가 그래도 안 바뀌면 futex로 잠든다.
 *             상대가 잠들어 있을 때만 깨우는 시스템 호출(FUTEX_WAKE)을 한다.
 *   filemap   임시 디렉터리의 보통 파일을 MAP_SHARED로 매핑한 같은 링 (동기화는 shm-sem과 같다).
 *             /dev/shm(tmpfs) 대신 파일 시스템의 페이지 캐시가 뒤를 받친다.
 *
 * 데이터의 길:  보내는 쪽 ──memcpy──▶ [공유 슬롯] ──memcpy──▶ 받는 쪽의 버퍼
 * 복사 두 번, 둘 다 사용자 공간에서 하고, 커널은 끼지 않는다. 두 프로세스가 서로 다른 코어에
 * 있으면 두 복사가 동시에 일어난다 (보내는 쪽이 슬롯 k+1을 채우는 동안 받는 쪽은 슬롯 k를
 * 비운다). 그래서 1 MiB 메시지에서 memcpy 하나의 속도에 가까이 갈 수 있다. 받는 쪽은 복사를
 * 마치자마자 슬롯을 돌려주고(tail, sem_post), 검사(체크섬)는 자기 버퍼에서 한다.
 *
 * 이름(shm_open의 /접두어-PID-번호-ring, 또는 파일)은 제어 프로세스가 만들고 지운다.
 * 두 자식은 fork로 매핑을 물려받는다 (MAP_SHARED 매핑은 fork 뒤에도 같은 페이지를 본다).
 *
 * 읽을 man 페이지: man 7 shm_overview, man 3 shm_open, man 2 mmap, man 7 sem_overview,
 *                 man 3 sem_init, man 2 futex, man 7 futex
 */
#define _GNU_SOURCE /* syscall(SYS_futex) */

#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* FUTEX_WAIT/FUTEX_WAKE는 커널 헤더 <linux/futex.h> 에 있다. glibc와 함께 늘 설치되지만 musl의
 * 기본 설치에는 없다: 그때는 커널 ABI의 값(바뀌지 않는다)을 쓴다. */
#if defined(__GLIBC__)
#include <linux/futex.h>
#endif
#ifndef FUTEX_WAIT
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#endif

/* 프로세스 사이에서 쓰는 원자 변수는 잠금 없는(lock-free) 것이어야 한다: 잠금을 쓰는 구현은
 * 그 잠금이 프로세스마다 따로 있어서 공유 메모리에서는 원자적이지 않다. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "process-shared atomics must be lock-free");
_Static_assert(sizeof(_Atomic uint32_t) == 4, "a futex word is 32 bits");

#define RING_TARGET MIB /* 슬롯 수를 정할 때 노리는 링의 크기 */
#define CACHE_LINE 64

/* 캐시 줄 정렬 때문에 채움(padding)이 생긴다: 일부러다 (false sharing을 피하려고) */
struct ring { // NOLINT(clang-analyzer-optin.performance.Padding)
    /* 두 쪽이 서로 다른 캐시 줄(64바이트)을 쓰게 떨어뜨린다 (false sharing을 피한다) */
    _Alignas(CACHE_LINE) _Atomic uint32_t head; /* shm-spin: 넣은 메시지 수 (보내는 쪽만 쓴다) */
    _Atomic uint32_t head_sleeping;              /* 받는 쪽이 head를 기다리며 잠들었다 */
    _Alignas(CACHE_LINE) _Atomic uint32_t tail;  /* shm-spin: 꺼낸 메시지 수 (받는 쪽만 쓴다) */
    _Atomic uint32_t tail_sleeping;              /* 보내는 쪽이 tail을 기다리며 잠들었다 */
    _Alignas(CACHE_LINE) sem_t items;            /* shm-sem: 찬 슬롯 수 */
    sem_t spaces;                                /* shm-sem: 빈 슬롯 수 */
    uint32_t nslots;                             /* 2의 거듭제곱: 위치 & (nslots-1)이 슬롯 번호 */
    uint32_t slot_size;
    size_t data_off; /* 이 구조체의 시작에서 첫 슬롯까지 */
};

static size_t round_up(size_t n, size_t to)
{
    return (n + to - 1) / to * to;
}

static unsigned slot_count(size_t slot_size)
{
    if (cfg.slots != 0)
        return cfg.slots;
    unsigned n = 4;
    while (n < 256 && (size_t)n * 2 * slot_size <= RING_TARGET)
        n *= 2;
    return n;
}

static unsigned char *slot_of(struct ring *r, uint32_t pos)
{
    return (unsigned char *)r + r->data_off + (size_t)(pos & (r->nslots - 1)) * r->slot_size;
}

/* ---- 만들기와 지우기 (제어 프로세스) --------------------------------------------------------- */

static int ring_setup(struct chan *c, int file_backed)
{
    size_t slot_size = round_up(c->size, CACHE_LINE);
    unsigned nslots = slot_count(slot_size);
    size_t ctl = round_up(sizeof(struct ring), 4096);
    size_t ring_bytes = round_up(ctl + (size_t)nslots * slot_size, 4096);
    size_t total = ring_bytes * (size_t)(1 + c->duplex);
    int fd;

    if (file_backed) {
        if (object_path(c->path[0], sizeof c->path[0], c->id, "ring.map") == -1) {
            c->path[0][0] = '\0';
            return fail(c, "mapping path");
        }
        /* O_EXCL: 이미 있는 파일(남의 것일 수 있다)은 쓰지 않는다. 0600: 나만. */
        fd = open(c->path[0], O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd == -1) {
            c->path[0][0] = '\0';
            return fail(c, "open mapping file");
        }
    } else {
        object_name(c->name[0], sizeof c->name[0], c->id, "ring");
        /* shm_open: /dev/shm(tmpfs)에 이름 있는 메모리 객체를 만든다. fd에는 FD_CLOEXEC가 붙는다. */
        fd = shm_open(c->name[0], O_RDWR | O_CREAT | O_EXCL, 0600);
        if (fd == -1) {
            c->name[0][0] = '\0';
            return fail(c, "shm_open");
        }
    }
    /* 새 객체의 크기는 0이다. ftruncate로 늘리면 그 자리는 0으로 읽힌다 (페이지는 쓸 때 생긴다). */
    if (ftruncate(fd, (off_t)total) == -1) {
        close(fd);
        return fail(c, "ftruncate");
    }
    /* MAP_SHARED: 이 매핑에 쓴 것을 같은 객체를 매핑한 모든 프로세스가 본다 (fork 한 자식 포함) */
    void *p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd); /* 매핑은 fd 없이도 남는다 */
    if (p == MAP_FAILED)
        return fail(c, "mmap");
    c->map = p;
    c->map_len = total;

    for (int i = 0; i < 1 + c->duplex; i++) {
        struct ring *r = (struct ring *)(c->map + (size_t)i * ring_bytes);
        atomic_init(&r->head, 0);
        atomic_init(&r->tail, 0);
        atomic_init(&r->head_sleeping, 0);
        atomic_init(&r->tail_sleeping, 0);
        r->nslots = nslots;
        r->slot_size = (uint32_t)slot_size;
        r->data_off = ctl;
        /* pshared = 1: 프로세스 사이에서 쓰는 세마포어. 공유 메모리 안에 있어야 의미가 있다. */
        if (sem_init(&r->items, 1, 0) == -1 || sem_init(&r->spaces, 1, nslots) == -1)
            return fail(c, "sem_init");
        c->ring[i] = r;
    }
    return 0;
}

static int shm_setup(struct chan *c)
{
    return ring_setup(c, 0);
}

static int file_setup(struct chan *c)
{
    return ring_setup(c, 1);
}

static void ring_teardown(struct chan *c)
{
    /* 자식들은 이미 끝났다: 세마포어에서 기다리는 이가 없으니 없애도 된다 */
    for (int i = 0; i < 2; i++)
        if (c->ring[i] != NULL) {
            sem_destroy(&c->ring[i]->items);
            sem_destroy(&c->ring[i]->spaces);
            c->ring[i] = NULL;
        }
    if (c->map != NULL && munmap(c->map, c->map_len) == -1)
        fprintf(stderr, "bench: munmap: %s\n", strerror(errno));
    c->map = NULL;
    /* 이름을 지운다. 매핑이 남아 있어도 이름은 바로 사라지고, 마지막 매핑이 풀릴 때 메모리도 풀린다. */
    if (c->name[0][0] != '\0' && shm_unlink(c->name[0]) == -1 && errno != ENOENT)
        fprintf(stderr, "bench: shm_unlink %s: %s\n", c->name[0], strerror(errno));
    if (c->path[0][0] != '\0' && unlink(c->path[0]) == -1 && errno != ENOENT)
        fprintf(stderr, "bench: unlink %s: %s\n", c->path[0], strerror(errno));
    c->name[0][0] = c->path[0][0] = '\0';
}

static int ring_open(struct chan *c, int role)
{
    /* A는 ring[0]에 쓰고 ring[1]에서 읽는다. B는 그 반대. */
    c->rout = role == ROLE_A ? c->ring[0] : c->ring[1];
    c->rin = role == ROLE_A ? c->ring[1] : c->ring[0];
    c->in_pos = c->out_pos = c->in_peer = c->out_peer = 0;
    return 0;
}

/* ---- shm-sem: 세마포어로 기다린다 ----------------------------------------------------------- */

static int sem_wait_retry(struct chan *c, sem_t *s)
{
    /* sem_wait: 값이 0보다 크면 하나 줄이고 바로 돌아온다 (시스템 호출 없이, 원자 연산 하나).
     * 0이면 futex로 잠들고, sem_post가 깨운다. 잠든 동안 시그널 핸들러가 돌면: SA_RESTART로
     * 설치한 핸들러라면 커널이 기다림을 다시 시작하고 (리눅스 2.6.22부터, man 7 signal), 아니면
     * EINTR로 돌아온다. 이 자식들에는 핸들러가 없지만 (기본 동작), EINTR이면 다시 기다린다. */
    while (sem_wait(s) == -1)
        if (errno != EINTR)
            return fail(c, "sem_wait");
    return 0;
}

static int sem_ring_send(struct chan *c, const void *hdr, const void *payload, size_t plen)
{
    struct ring *r = c->rout;
    if (sem_wait_retry(c, &r->spaces) == -1) /* 빈 슬롯이 생길 때까지 */
        return -1;
    unsigned char *slot = slot_of(r, c->out_pos++);
    memcpy(slot, hdr, HDR_SIZE);
    memcpy(slot + HDR_SIZE, payload, plen); /* 공유 메모리로 가는 단 한 번의 복사 */
    /* sem_post: 값을 하나 늘리고, 기다리는 이가 있을 때만 futex로 깨운다. 세마포어 연산은
     * 메모리 동기화를 보장한다: 받는 쪽은 위의 memcpy가 다 끝난 슬롯을 본다. */
    if (sem_post(&r->items) == -1)
        return fail(c, "sem_post");
    return 0;
}

static ssize_t sem_ring_recv(struct chan *c, void *buf, size_t cap)
{
    struct ring *r = c->rin;
    if (sem_wait_retry(c, &r->items) == -1) /* 찬 슬롯이 생길 때까지 */
        return -1;
    memcpy(buf, slot_of(r, c->in_pos++), cap);
    if (sem_post(&r->spaces) == -1) /* 복사를 마쳤으니 슬롯을 바로 돌려준다 */
        return fail(c, "sem_post");
    return (ssize_t)cap;
}

/* ---- shm-spin: 돌며 지켜보다가 futex로 잠든다 ------------------------------------------------ */

static void cpu_relax(void)
{
    /* 도는 동안 CPU에 "기다리는 중" 이라고 알린다: 전력과, 같은 코어의 다른 스레드(SMT) 몫을
     * 아끼고, 기다림이 끝날 때 메모리 순서 위반으로 파이프라인을 비우는 일을 줄인다. */
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static void futex_wait(_Atomic uint32_t *word, uint32_t old)
{
    /*
     * FUTEX_WAIT: 커널이 *word == old 인지 (원자적으로) 확인하고 같으면 재운다. 그 사이에 값이
     * 바뀌었으면 바로 EAGAIN으로 돌아온다: "확인했다 → 잠든다" 사이에 깨우기를 놓치지 않는다.
     * FUTEX_PRIVATE_FLAG는 쓰지 않는다: 다른 프로세스와 공유하는 메모리다.
     * 돌려주는 값은 보지 않는다: 깨어났든(0), 값이 바뀌었든(EAGAIN), 시그널이든(EINTR) 부른 쪽이
     * 값을 다시 확인한다.
     */
    syscall(SYS_futex, (uintptr_t)word, FUTEX_WAIT, old, NULL, NULL, 0);
}

static void futex_wake(_Atomic uint32_t *word)
{
    syscall(SYS_futex, (uintptr_t)word, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/*
 * *word가 old가 아니게 될 때까지 기다린다. 먼저 cfg.spin_ns 동안 돌며 지켜본다: 상대가 다른
 * 코어에서 곧 바꿀 것이라면 잠들고 깨어나는 비용(수 µs)보다 싸다. 그래도 그대로면 "잠든다" 고
 * 적고 futex로 잠든다. 상대는 값을 바꾼 뒤 그 표시를 보고 깨운다.
 *
 * 왜 놓치지 않나: 이쪽은 [sleeping=1 쓰기 → word 읽기], 상대는 [word 쓰기 → sleeping 읽기]를
 * 모두 seq_cst로 한다. 네 연산에는 하나의 전체 순서가 있으므로, 상대가 sleeping을 0으로
 * 읽었다면 이쪽은 반드시 새 word를 읽는다 (데커(Dekker)의 방식).
 */
static void wait_change(_Atomic uint32_t *word, uint32_t old, _Atomic uint32_t *sleeping)
{
    if (atomic_load_explicit(word, memory_order_acquire) != old)
        return;
    if (cfg.spin_ns > 0) {
        int64_t deadline = now_ns() + cfg.spin_ns;
        for (unsigned i = 1;; i++) {
            if (atomic_load_explicit(word, memory_order_acquire) != old)
                return;
            cpu_relax();
            if (i % 16 == 0 && now_ns() >= deadline)
                break;
        }
    }
    atomic_store(sleeping, 1);
    while (atomic_load(word) == old)
        futex_wait(word, old);
    atomic_store(sleeping, 0);
}

/*
 * 보내는 쪽은 tail을, 받는 쪽은 head를 마지막으로 읽은 값으로 기억해 둔다 (c->peer_pos).
 * 기억한 값으로 "자리가 있다 / 메시지가 있다"가 확인되면 공유된 캐시 줄을 읽지 않는다: 다른
 * 코어가 쓰는 줄을 읽을 때마다 그 줄이 코어 사이를 오가며(수십 ns) 작은 메시지에서는 그것이
 * 복사보다 비싸다. 기억한 값이 "가득 참 / 비었음"을 말할 때만 다시 읽는다.
 */
static int spin_ring_send(struct chan *c, const void *hdr, const void *payload, size_t plen)
{
    struct ring *r = c->rout;
    uint32_t pos = c->out_pos;
    /* 링이 가득 찼으면 (넣은 수 - 꺼낸 수 == 슬롯 수) 받는 쪽이 하나 꺼낼 때까지 */
    while (pos - c->out_peer >= r->nslots) {
        uint32_t t = atomic_load_explicit(&r->tail, memory_order_acquire);
        if (pos - t >= r->nslots)
            wait_change(&r->tail, t, &r->tail_sleeping);
        c->out_peer = atomic_load_explicit(&r->tail, memory_order_acquire);
    }
    unsigned char *slot = slot_of(r, pos);
    memcpy(slot, hdr, HDR_SIZE);
    memcpy(slot + HDR_SIZE, payload, plen);
    /* 슬롯을 다 쓴 뒤에 head를 올린다 (release 이상): 받는 쪽이 새 head를 보면 슬롯도 본다 */
    atomic_store(&r->head, pos + 1);
    c->out_pos = pos + 1;
    if (atomic_load(&r->head_sleeping))
        futex_wake(&r->head); /* 받는 쪽이 잠들어 있을 때만 시스템 호출 */
    return 0;
}

static ssize_t spin_ring_recv(struct chan *c, void *buf, size_t cap)
{
    struct ring *r = c->rin;
    uint32_t pos = c->in_pos;
    while (c->in_peer == pos) { /* 기억한 head로는 비어 있다: 다시 읽고, 정말 비었으면 기다린다 */
        if (atomic_load_explicit(&r->head, memory_order_acquire) == pos)
            wait_change(&r->head, pos, &r->head_sleeping);
        c->in_peer = atomic_load_explicit(&r->head, memory_order_acquire);
    }
    memcpy(buf, slot_of(r, pos), cap);
    atomic_store(&r->tail, pos + 1); /* 슬롯을 돌려준다 */
    c->in_pos = pos + 1;
    if (atomic_load(&r->tail_sleeping))
        futex_wake(&r->tail);
    return (ssize_t)cap;
}

/* ---- 방식 표 ---------------------------------------------------------------------------- */

static int ring_possible(size_t size, char *why, size_t whylen)
{
    (void)size, (void)why, (void)whylen;
    return 1;
}

const struct mech mech_shm_sem = {
    .name = "shm-sem", .about = "POSIX shared memory ring, process-shared semaphores (sem_wait/sem_post)",
    .promises = P_ORDER | P_DELIVERY, .ring = 1, .possible = ring_possible,
    .setup = shm_setup, .open = ring_open, .send = sem_ring_send, .recv = sem_ring_recv, .teardown = ring_teardown,
};

const struct mech mech_shm_spin = {
    .name = "shm-spin", .about = "the same ring with atomic head/tail: spin, then futex wait",
    .promises = P_ORDER | P_DELIVERY, .ring = 1, .possible = ring_possible,
    .setup = shm_setup, .open = ring_open, .send = spin_ring_send, .recv = spin_ring_recv, .teardown = ring_teardown,
};

const struct mech mech_filemap = {
    .name = "filemap", .about = "MAP_SHARED mapping of a file in the temporary directory (semaphores)",
    .promises = P_ORDER | P_DELIVERY, .ring = 1, .possible = ring_possible,
    .setup = file_setup, .open = ring_open, .send = sem_ring_send, .recv = sem_ring_recv, .teardown = ring_teardown,
};
