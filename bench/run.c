/*
 * bench/run.c: 한 번의 측정(실행)을 맡는다.
 *
 * 제어 프로세스(bench 자신)는 통로를 만들고(setup) 자식 둘을 fork 한다:
 *   A: 보내는 쪽. 처리량이면 메시지를 흘려 보내고, 지연이면 핑을 보내고 퐁을 기다린다.
 *   B: 받는 쪽. 받은 메시지마다 순번과 체크섬을 검사하고, 지연이면 받은 것을 되돌려 보낸다.
 * 재는 일과 검사는 두 자식이 하고, 제어 프로세스는 결과 파이프만 ppoll로 지켜본다. 그래서
 * 제어 프로세스는 어떤 IPC 호출에서도 멈춰 있지 않다: SIGINT가 오면 바로 두 자식을 SIGKILL
 * 로 끝내고, 거두고, 만든 객체를 지운다. 자식이 죽거나 멈추면(시간 초과) 그 실행만 실패한다.
 *
 * 시간 재기:
 *   처리량: 받는 쪽(B)이 잰다. 예열이 끝난 뒤 처음 받은 메시지 s0를 확인한 시각 t0부터
 *           마지막 메시지 s1을 확인한 시각 t1까지, s1 - s0 개의 메시지가 도착했다.
 *           잃어버릴 수 있는 방식(UDP)은 s1 - s0가 아니라 그 사이에 실제로 받은 메시지만 센다
 *           (잃어버린 데이터그램은 나르지 않은 것이다).
 *           보낸 쪽의 시계로 재면 커널 버퍼에 쌓였을 뿐 아직 받지 않은 것까지 세게 된다.
 *   지연:   보내는 쪽(A)이 왕복마다 CLOCK_MONOTONIC을 두 번 읽는다 (보내기 직전, 답을 받은 직후).
 * 검사 비용: 받는 쪽은 메시지마다 본문 전체의 체크섬을 다시 계산한다. 이 시간은 측정에 들어
 *   있다 (모든 방식에 똑같이). 보내는 쪽의 체크섬은 본문이 PERIOD 가지뿐이므로 제어 프로세스가
 *   실행 전에 표(sums)로 계산해 둔다. 받는 쪽도 같은 표로 "이 순번의 본문" 인지 맞춰 본다.
 *   체크섬만의 속도는 ceiling 표에 따로 나온다.
 *
 * 읽을 man 페이지: man 2 fork, man 2 ppoll, man 2 prctl (PR_SET_PDEATHSIG), man 2 waitpid,
 *                 man 2 sched_setaffinity, man 3 clock_gettime
 */
#define _GNU_SOURCE /* pipe2, ppoll, sched_setaffinity, prctl은 리눅스 확장이다 */

#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- 작은 도우미 ------------------------------------------------------------------------- */

int64_t now_ns(void)
{
    struct timespec ts;
    /* CLOCK_MONOTONIC: 벽시계(NTP 조정)에 흔들리지 않고, 모든 프로세스가 같은 시계를 본다.
     * 리눅스에서는 vDSO로 시스템 호출 없이 읽는다 (비용은 ceiling 표의 clock_gettime). */
    if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1) {
        fprintf(stderr, "bench: clock_gettime: %s\n", strerror(errno));
        abort();
    }
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int fail(struct chan *c, const char *what)
{
    c->what = what;
    return -1;
}

void note(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, len, fmt, ap);
    va_end(ap);
}

void init_chan(struct chan *c, const struct mech *m, size_t size, int duplex, unsigned id)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->size = size;
    c->duplex = duplex;
    c->id = id;
    for (int i = 0; i < 4; i++)
        c->fds[i] = -1;
    c->mq[0] = c->mq[1] = c->qin = c->qout = (mqd_t)-1;
    c->in = c->out = -1;
    c->peer = -1;
}

/* POSIX 이름: /접두어-PID-실행번호-무엇. PID가 있으니 동시에 돈 두 bench가 부딪히지 않는다. */
void object_name(char *buf, size_t len, unsigned id, const char *what)
{
    snprintf(buf, len, "%s-%ld-%u-%s", cfg.prefix, (long)getpid(), id, what);
}

/* 임시 디렉터리 안의 경로. 소켓 경로는 108바이트를 넘을 수 없으니 잘리면 실패로 알린다. */
int object_path(char *buf, size_t len, unsigned id, const char *what)
{
    int n = snprintf(buf, len, "%s/%u-%s", cfg.tmpdir, id, what);
    if (n < 0 || (size_t)n >= len) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

/* len 바이트를 모두 쓴다 (결과 파이프). 성공 0, 실패 -1. */
static int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* ---- 검증 ------------------------------------------------------------------------------ */

/*
 * 받은 순번을 비트맵에 적어 둔다. 같은 순번이 또 오면 중복, 더 큰 순번을 이미 본 뒤에 온
 * 작은 순번은 순서 바뀜, 끝까지 한 번도 오지 않은 순번은 잃어버린 것 (보낸 쪽이 쓴 순번의
 * 수 - 서로 다른 순번의 수, 제어 프로세스가 센다).
 */
struct tracker {
    uint64_t *seen; /* MAX_SEQ 비트. calloc 한 0 페이지는 쓸 때 비로소 메모리를 차지한다 */
    uint64_t next;  /* 지금까지 본 가장 큰 순번 + 1 */
};

static void track(struct tracker *t, uint64_t seq, struct side_result *r)
{
    if (seq >= MAX_SEQ) {
        r->bad_seq++;
        if (r->problem[0] == '\0')
            note(r->problem, sizeof r->problem, "seq %llu is out of range", (unsigned long long)seq);
        return;
    }
    uint64_t bit = 1ull << (seq % 64);
    if (t->seen[seq / 64] & bit) {
        r->dup++;
        if (r->problem[0] == '\0')
            note(r->problem, sizeof r->problem, "seq %llu arrived twice (duplicated)", (unsigned long long)seq);
        return;
    }
    t->seen[seq / 64] |= bit;
    r->unique++;
    if (seq < t->next) {
        r->reordered++;
        if (r->problem[0] == '\0')
            note(r->problem, sizeof r->problem, "seq %llu arrived after seq %llu (reordered)",
                 (unsigned long long)seq, (unsigned long long)(t->next - 1));
    } else {
        t->next = seq + 1;
    }
}

/*
 * 받은 메시지 하나를 검사한다: 길이, 헤더의 길이, 본문의 체크섬, 순번.
 * 체크섬은 헤더의 sum과도, 그 순번의 본문이 가져야 할 값(sums, 보내는 쪽과 같은 표)과도 맞아야
 * 한다. 헤더의 sum 하나만 보면, 순번만 새것이고 sum과 본문은 지난번 메시지의 것인 "찢어진"
 * 메시지(동기화가 틀린 링에서 보내는 쪽이 헤더를 쓰는 도중에 읽은 슬롯)가 그대로 통과한다.
 * --inject=stale이 바로 그런 메시지를 보내고, tests/bench.bats가 모든 방식에서 잡히는지 본다.
 * 돌려주는 값: 0 (헤더를 믿을 수 있다; h를 채웠다), -1 (길이가 틀려 헤더도 믿을 수 없다).
 */
static int verify(const unsigned char *buf, size_t n, size_t size, const uint64_t *sums, struct side_result *r,
                  struct tracker *t, struct msg_header *h)
{
    if (n != size) {
        r->bad_len++;
        if (r->problem[0] == '\0')
            note(r->problem, sizeof r->problem, "a message of %zu bytes arrived, expected %zu", n, size);
        return -1;
    }
    memcpy(h, buf, HDR_SIZE); /* memcpy: buf가 8바이트 경계에 있다고 가정하지 않는다 */
    if (h->len != size) {
        r->bad_len++;
        if (r->problem[0] == '\0')
            note(r->problem, sizeof r->problem, "seq %llu: header says %u bytes, expected %zu (corrupted header)",
                 (unsigned long long)h->seq, h->len, size);
        return -1;
    }
    uint64_t sum = checksum(buf + HDR_SIZE, size - HDR_SIZE);
    if (sum != h->sum) {
        r->corrupted++;
        if (r->problem[0] == '\0')
            note(r->problem, sizeof r->problem, "seq %llu: payload checksum mismatch (corrupted)",
                 (unsigned long long)h->seq);
    } else if (sum != sums[h->seq % PERIOD]) {
        /* 본문과 헤더의 sum은 서로 맞지만 이 순번의 것이 아니다: 낡은 본문, 찢어진 슬롯 */
        r->corrupted++;
        if (r->problem[0] == '\0')
            note(r->problem, sizeof r->problem,
                 "seq %llu: the payload belongs to another sequence number (stale or torn, corrupted)",
                 (unsigned long long)h->seq);
    } else {
        r->bytes += size;
    }
    track(t, h->seq, r);
    return 0;
}

static int tracker_init(struct tracker *t)
{
    t->next = 0;
    t->seen = calloc(MAX_SEQ / 64, sizeof *t->seen);
    return t->seen == NULL ? -1 : 0;
}

/* ---- 보내는 쪽의 공통 부분 ---------------------------------------------------------------- */

/* 예열이 끝났는가: 개수로 잴 때는 메시지 수, 시간으로 잴 때는 지난 시간으로 본다. 다만 예열이
 * 순번을 다 써 버리지 않게 MAX_SEQ의 절반에서는 끝낸다 (긴 -w와 작은 메시지: 예열 중의 순번이
 * MAX_SEQ를 넘으면 받는 쪽이 "범위 밖 순번"으로 실패시킨다). */
int warm_done(uint64_t seq, int64_t start)
{
    if (seq >= MAX_SEQ / 2)
        return 1;
    if (cfg.count > 0)
        return seq >= cfg.warm_count;
    return now_ns() - start >= cfg.warm_ns;
}

/* 잰 메시지를 m 개 보낸 지금, 다음 메시지를 마지막으로 할까. 잰 메시지는 적어도 3개
 * (시험용 고장은 두 번째 메시지에 넣고, 마지막 메시지는 온전해야 받는 쪽이 끝을 안다).
 * max_m: 잴 수 있는 메시지 수의 상한. 지연은 표본 배열의 크기(MAX_SAMPLES), 처리량은 표본을
 * 모으지 않으니 순번의 상한(MAX_SEQ)만 있다: 그렇지 않으면 빠른 방식(shm-spin 64 B)은 -t의 시간을
 * 다 재기 전에 멈춘다. */
int is_last(uint64_t m, uint64_t seq, int64_t now, int64_t mstart, uint64_t max_m)
{
    if (m < 2)
        return 0;
    if (seq + 1 >= MAX_SEQ || m + 1 >= max_m)
        return 1;
    if (cfg.count > 0)
        return m + 1 >= cfg.count;
    return now - mstart >= cfg.time_ns;
}

static const unsigned char *payload_of(uint64_t seq)
{
    return cfg.source + (seq % PERIOD) * STRIDE;
}

/*
 * 시험용 고장 "stale": 이 순번의 헤더에 지난 메시지의 본문과 그 체크섬을 싣는다. 동기화가 틀린 링에서
 * 받는 쪽이 보내는 쪽보다 앞서 슬롯을 읽을 때 생기는 일이다 (헤더의 순번은 새것, 본문은 지난번 것).
 * 본문과 헤더의 sum은 서로 맞으므로 그 둘만 맞춰 보는 검사는 통과한다: verify는 sums 표로 잡는다.
 */
static void make_stale(struct msg_header *h, const uint64_t *sums, const unsigned char **payload)
{
    uint64_t old = h->seq - 1; /* 잰 메시지의 두 번째에만 넣으니 seq는 1 이상이다 */
    h->sum = sums[old % PERIOD];
    *payload = payload_of(old);
}

/* 시험용: 본문 한 바이트를 뒤집은 사본. 체크섬(헤더)은 원래 본문의 것 그대로다. */
static const unsigned char *corrupted_copy(unsigned char *scratch, const unsigned char *payload, size_t plen)
{
    memcpy(scratch, payload, plen);
    scratch[plen / 2] ^= 0x20;
    return scratch;
}

static void call_failed(struct chan *c, struct side_result *r)
{
    note(r->error, sizeof r->error, "%s: %s", c->what ? c->what : "?", strerror(errno));
}

/* ---- 처리량: A가 흘려 보내고 B가 받는다 --------------------------------------------------- */

static void run_sender(struct chan *c, const uint64_t *sums, struct side_result *r)
{
    size_t plen = c->size - HDR_SIZE;
    unsigned char *scratch = malloc(plen);
    if (scratch == NULL) {
        note(r->error, sizeof r->error, "malloc: %s", strerror(errno));
        return;
    }
    /* 시계를 메시지마다 읽으면 작은 메시지에서는 그 비용(약 20 ns)이 보인다. 그래서 작은
     * 메시지는 16개마다 한 번 시간을 본다. 잴 시간이 그만큼 조금 길어질 뿐이다. 순번의 상한
     * 가까이에서는 메시지마다 본다 (MAX_SEQ를 넘는 순번을 보내지 않게). */
    uint64_t every = c->size >= 4096 ? 1 : 16;
    int64_t start = now_ns(), mstart = 0;
    uint64_t seq = 0, m = 0;
    int measuring = 0;

    for (;;) {
        if (!measuring && warm_done(seq, start)) {
            measuring = 1;
            mstart = now_ns();
        }
        struct msg_header h = {.seq = seq, .len = (uint32_t)c->size, .sum = sums[seq % PERIOD]};
        if (measuring) {
            h.flags = F_MEASURED;
            if ((m % every == 0 || cfg.count > 0 || seq + every >= MAX_SEQ) &&
                is_last(m, seq, cfg.count > 0 ? 0 : now_ns(), mstart, MAX_SEQ))
                h.flags |= F_END;
        }
        const unsigned char *payload = payload_of(seq);
        int copies = 1;
        if (measuring && m == 1 && cfg.inject != INJECT_NONE) {
            r->injected = 1;
            if (cfg.inject == INJECT_CORRUPT)
                payload = corrupted_copy(scratch, payload, plen);
            else if (cfg.inject == INJECT_STALE)
                make_stale(&h, sums, &payload);
            else if (cfg.inject == INJECT_DROP)
                copies = 0; /* 순번은 쓰되 보내지 않는다: 받는 쪽에서는 잃어버린 것 */
            else
                copies = 2; /* 같은 메시지를 두 번: 받는 쪽에서는 중복 */
        }
        for (int i = 0; i < copies; i++)
            if (c->m->send(c, &h, payload, plen) == -1) {
                call_failed(c, r);
                free(scratch);
                return;
            }
        seq++;
        if (measuring)
            m++;
        if (h.flags & F_END)
            break;
    }
    r->seqs = seq;
    r->ack_timeouts = c->ack_timeouts;
    r->finished = 1;
    free(scratch);
}

static void run_receiver(struct chan *c, const uint64_t *sums, struct side_result *r)
{
    struct tracker t;
    unsigned char *buf = malloc(c->size);
    if (buf == NULL || tracker_init(&t) == -1) {
        note(r->error, sizeof r->error, "malloc: %s", strerror(errno));
        free(buf);
        return;
    }
    /* 잃어버릴 수 있는 방식(UDP)은 마지막 메시지가 오지 않을 수도 있으니 잰 메시지마다 시각을 적는다 */
    int lossy = !(c->m->promises & P_DELIVERY);
    int started = 0;
    for (;;) {
        ssize_t n = c->m->recv(c, buf, c->size);
        if (n == -1) {
            if (lossy && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                r->tail_lost = 1; /* 기다려도 더 오지 않는다: 끝 부분을 잃었다 */
                break;
            }
            call_failed(c, r);
            goto out;
        }
        if (n == 0) {
            note(r->error, sizeof r->error, "the sender closed the channel before the last message");
            goto out;
        }
        r->received++;
        struct msg_header h;
        if (verify(buf, (size_t)n, c->size, sums, r, &t, &h) == -1) {
            if (c->m->stream) {
                /* 바이트 흐름에서 길이가 틀리면 다음 메시지의 경계도 알 수 없다 */
                note(r->error, sizeof r->error, "message boundaries lost in the byte stream: %s", r->problem);
                goto out;
            }
            continue;
        }
        if ((h.flags & F_MEASURED) && !started) {
            r->t0 = now_ns();
            r->s0 = h.seq;
            started = 1;
        } else if (h.flags & F_MEASURED) {
            r->after++; /* s0 뒤에 받은 잰 메시지 (UDP의 처리량은 이것으로 센다) */
            if (lossy) {
                r->t1 = now_ns();
                r->s1 = h.seq;
            }
        }
        if (h.flags & F_END) {
            r->t1 = now_ns();
            r->s1 = h.seq;
            break;
        }
    }
    /* 빠진 순번이 있으면 첫 번째 것을 적는다 (몇 개가 빠졌는지는 제어 프로세스가 센다) */
    if (r->problem[0] == '\0' && r->unique < t.next)
        for (uint64_t s = 0; s < t.next; s++)
            if (!(t.seen[s / 64] & (1ull << (s % 64)))) {
                note(r->problem, sizeof r->problem, "seq %llu never arrived (lost)", (unsigned long long)s);
                break;
            }
    r->finished = 1;
out:
    free(buf);
    free(t.seen);
}

/* ---- 지연: A가 핑을 보내고 B가 받은 것을 그대로 돌려준다 ------------------------------------ */

static void run_ping(struct chan *c, const uint64_t *sums, struct side_result *r)
{
    size_t plen = c->size - HDR_SIZE;
    struct tracker t;
    unsigned char *buf = malloc(c->size), *scratch = malloc(plen);
    /* 표본 배열: 가상 메모리만 잡고, 실제 페이지는 쓰는 만큼만 생긴다 */
    int64_t *samples = malloc(MAX_SAMPLES * sizeof *samples);
    if (buf == NULL || scratch == NULL || samples == NULL || tracker_init(&t) == -1) {
        note(r->error, sizeof r->error, "malloc: %s", strerror(errno));
        free(buf), free(scratch), free(samples);
        return;
    }
    int64_t start = now_ns(), mstart = 0, last = start;
    uint64_t seq = 0, m = 0;
    int measuring = 0;

    for (;;) {
        if (!measuring && warm_done(seq, start)) {
            measuring = 1;
            mstart = last = now_ns();
        }
        struct msg_header h = {.seq = seq, .len = (uint32_t)c->size, .sum = sums[seq % PERIOD]};
        if (measuring) {
            h.flags = F_MEASURED;
            if (is_last(m, seq, last, mstart, MAX_SAMPLES))
                h.flags |= F_END;
        }
        const unsigned char *payload = payload_of(seq);
        if (measuring && m == 1 && cfg.inject == INJECT_CORRUPT) {
            r->injected = 1;
            payload = corrupted_copy(scratch, payload, plen);
        } else if (measuring && m == 1 && cfg.inject == INJECT_STALE) {
            r->injected = 1;
            make_stale(&h, sums, &payload);
        }

        int64_t t0 = now_ns();
        if (c->m->send(c, &h, payload, plen) == -1) {
            call_failed(c, r);
            goto out;
        }
        ssize_t n = c->m->recv(c, buf, c->size);
        int64_t t1 = now_ns();
        if (n <= 0) {
            if (n == 0)
                note(r->error, sizeof r->error, "the echo side closed the channel");
            else if (errno == EAGAIN || errno == EWOULDBLOCK)
                note(r->error, sizeof r->error, "no reply to seq %llu within the timeout (lost datagram)",
                     (unsigned long long)seq);
            else
                call_failed(c, r);
            goto out;
        }
        r->received++;
        struct msg_header back;
        if (verify(buf, (size_t)n, c->size, sums, r, &t, &back) == -1) {
            note(r->error, sizeof r->error, "bad reply: %s", r->problem);
            goto out;
        }
        if (back.seq != seq) {
            r->bad_seq++;
            if (r->problem[0] == '\0')
                note(r->problem, sizeof r->problem, "reply carried seq %llu, expected %llu",
                     (unsigned long long)back.seq, (unsigned long long)seq);
        }
        last = t1;
        if (measuring)
            samples[m++] = t1 - t0;
        seq++;
        if (h.flags & F_END)
            break;
    }
    record_latency(r, samples, m);
    r->seqs = seq;
    r->finished = 1;
out:
    free(buf), free(scratch), free(samples), free(t.seen);
}

static void run_pong(struct chan *c, const uint64_t *sums, struct side_result *r)
{
    struct tracker t;
    unsigned char *buf = malloc(c->size);
    if (buf == NULL || tracker_init(&t) == -1) {
        note(r->error, sizeof r->error, "malloc: %s", strerror(errno));
        free(buf);
        return;
    }
    for (;;) {
        ssize_t n = c->m->recv(c, buf, c->size);
        if (n <= 0) {
            if (n == 0)
                note(r->error, sizeof r->error, "the ping side closed the channel before the last message");
            else
                call_failed(c, r);
            goto out;
        }
        r->received++;
        struct msg_header h;
        /* 검사한 뒤에 돌려준다: 답이 왔다는 것은 핑이 온전히 도착했다는 뜻이다. (64바이트의
         * 검사는 수 ns라서 왕복 시간에 거의 보이지 않는다.) */
        if (verify(buf, (size_t)n, c->size, sums, r, &t, &h) == -1) {
            note(r->error, sizeof r->error, "bad ping: %s", r->problem);
            goto out;
        }
        if (c->m->send(c, buf, buf + HDR_SIZE, c->size - HDR_SIZE) == -1) {
            call_failed(c, r);
            goto out;
        }
        if (h.flags & F_END)
            break;
    }
    r->finished = 1;
out:
    free(buf);
    free(t.seen);
}

/* ---- 자식 프로세스 ------------------------------------------------------------------------ */

static void pin_to(int cpu, struct side_result *r)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    /* 이 프로세스(0)를 그 CPU 에서만 돌게 한다. 스케줄러는 더 이상 옮기지 않는다. */
    if (sched_setaffinity(0, sizeof set, &set) == -1)
        note(r->error, sizeof r->error, "sched_setaffinity(cpu %d): %s", cpu, strerror(errno));
}

static _Noreturn void child(struct chan *c, int role, int kind, const uint64_t *sums, int result_fd, pid_t boss)
{
    struct side_result r;
    memset(&r, 0, sizeof r);

    /*
     * 제어 프로세스가 어떻게든 죽으면 (SIGKILL이라 정리도 못 하고) 이 자식이 영원히 기다리며
     * 남을 수 있다. PR_SET_PDEATHSIG: 부모가 끝나면 커널이 이 프로세스에 SIGKILL을 보낸다.
     * 설정하기 전에 부모가 이미 죽었을 수도 있으니 getppid로 한 번 더 확인한다.
     */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
        note(r.error, sizeof r.error, "prctl(PR_SET_PDEATHSIG): %s", strerror(errno));
    if (getppid() != boss)
        _exit(1);

    /* 시그널 핸들러는 제어 프로세스의 것: 자식은 기본 동작으로 되돌린다 (SIGKILL로 끝날 것이다).
     * SIGPIPE는 무시한다: 상대가 죽으면 write가 EPIPE로 알려 준다. */
    struct sigaction dfl = {.sa_handler = SIG_DFL}, ign = {.sa_handler = SIG_IGN};
    sigset_t mask;
    sigemptyset(&mask);
    if (sigaction(SIGINT, &dfl, NULL) == -1 || sigaction(SIGTERM, &dfl, NULL) == -1 ||
        sigaction(SIGHUP, &dfl, NULL) == -1 || sigaction(SIGPIPE, &ign, NULL) == -1)
        note(r.error, sizeof r.error, "sigaction: %s", strerror(errno));
    /* SIGRTMIN은 차단한 채로 둔다: signal 방식은 sigwaitinfo로 받는다 (시그널 핸들러 없이). */
    sigaddset(&mask, SIGRTMIN);
    if (sigprocmask(SIG_SETMASK, &mask, NULL) == -1)
        note(r.error, sizeof r.error, "sigprocmask: %s", strerror(errno));

    if (r.error[0] == '\0' && cfg.pin != PIN_NONE)
        pin_to(cfg.pin == PIN_SAME ? cfg.cpu[0] : cfg.cpu[role], &r);

    if (r.error[0] == '\0' && c->m->open(c, role) == -1)
        call_failed(c, &r);

    if (r.error[0] == '\0') {
        if (c->m->latency_only)
            (role == ROLE_A ? c->m->ping : c->m->pong)(c, &r);
        else if (kind == 0)
            role == ROLE_A ? run_ping(c, sums, &r) : run_pong(c, sums, &r);
        else
            role == ROLE_A ? run_sender(c, sums, &r) : run_receiver(c, sums, &r);
    }

    /* 결과는 PIPE_BUF(4096)보다 작으니 write 한 번에 원자적으로 간다 */
    if (write_all(result_fd, &r, sizeof r) == -1)
        _exit(1);
    /* exit가 아니라 _exit: 부모에게서 복사해 온 stdio 버퍼를 다시 비우지 않는다 */
    _exit(0);
}

/* ---- 제어 프로세스: 감독 ------------------------------------------------------------------ */

static const char *const side_name[2] = {"sender", "receiver"};

/* 자식 하나를 거둔다. 스스로 잘 끝났으면 0, 아니면 msg에 까닭을 적고 -1. */
static int reap(pid_t pid, int we_killed, char *msg, size_t len)
{
    int status;
    while (waitpid(pid, &status, 0) == -1)
        if (errno != EINTR) {
            note(msg, len, "waitpid: %s", strerror(errno));
            return -1;
        }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (we_killed)
        return -1;
    if (WIFSIGNALED(status))
        note(msg, len, "killed by signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        note(msg, len, "exited with status %d", WEXITSTATUS(status));
    return -1;
}

/*
 * 두 자식의 결과 파이프를 지켜본다. ppoll은 기다리는 동안에만 SIGINT/SIGTERM을 풀어 준다
 * (waitmask): "플래그 확인"과 "잠들기" 사이에 시그널이 와서 놓치는 틈이 없다.
 */
static void supervise(pid_t pid[2], int rfd[2], const sigset_t *waitmask, int64_t limit_ns, struct side_result res[2],
                      int have[2], char *msg, size_t len)
{
    int open_[2] = {1, 1}, killed = 0;
    int64_t deadline = now_ns() + limit_ns;

    while (open_[0] || open_[1]) {
        if (stop_signal != 0 && !killed) {
            note(msg, len, "interrupted");
            kill(pid[0], SIGKILL), kill(pid[1], SIGKILL);
            killed = 1;
        }
        int64_t left = deadline - now_ns();
        if (left <= 0 && !killed) {
            note(msg, len, "timed out after %.1f s (a side is stuck)", (double)limit_ns / 1e9);
            kill(pid[0], SIGKILL), kill(pid[1], SIGKILL);
            killed = 1;
            left = 0;
        }
        struct pollfd pfd[2];
        int idx[2], n = 0;
        for (int i = 0; i < 2; i++)
            if (open_[i]) {
                pfd[n] = (struct pollfd){.fd = rfd[i], .events = POLLIN};
                idx[n++] = i;
            }
        /* 이미 SIGKILL을 보냈으면 자식이 곧 끝나 파이프가 닫힌다: 시간 제한 없이 기다린다 */
        struct timespec ts = {.tv_sec = left / 1000000000, .tv_nsec = left % 1000000000};
        int ready = ppoll(pfd, (nfds_t)n, killed ? NULL : &ts, waitmask);
        if (ready == -1) {
            if (errno == EINTR)
                continue;
            note(msg, len, "ppoll: %s", strerror(errno));
            kill(pid[0], SIGKILL), kill(pid[1], SIGKILL);
            killed = 1;
            continue;
        }
        for (int k = 0; k < n; k++) {
            if (pfd[k].revents == 0)
                continue;
            int i = idx[k];
            ssize_t got = read(rfd[i], &res[i], sizeof res[i]);
            if (got == -1 && errno == EINTR)
                continue;
            if (got == (ssize_t)sizeof res[i]) {
                have[i] = 1;
                continue;
            }
            open_[i] = 0; /* EOF (자식이 끝났다) 또는 오류 */
            /* 한쪽이 결과 없이 끝났거나 실패를 알렸다: 다른 쪽은 영영 기다릴 수 있으니 끝낸다 */
            if ((!have[i] || res[i].error[0] != '\0') && !killed) {
                kill(pid[1 - i], SIGKILL);
                killed = 1;
            }
        }
    }
    for (int i = 0; i < 2; i++) {
        char why[128] = "";
        if (reap(pid[i], killed, why, sizeof why) == -1 && why[0] != '\0' && msg[0] == '\0')
            note(msg, len, "%s %s", side_name[i], why);
    }
}

/* ---- 결과 합치기 -------------------------------------------------------------------------- */

static void judge(const struct mech *m, int kind, size_t size, const struct side_result res[2], struct run_result *out)
{
    const struct side_result *a = &res[ROLE_A], *b = &res[ROLE_B];
    uint64_t dup = a->dup + b->dup, corrupted = a->corrupted + b->corrupted;
    uint64_t bad = a->bad_len + b->bad_len + a->bad_seq + b->bad_seq;

    out->reordered = a->reordered + b->reordered;
    out->verified = a->received + b->received - corrupted;
    out->verified_bytes = a->bytes + b->bytes;
    out->tail_lost = b->tail_lost;
    /* 잃어버린 것: 보낸 쪽이 쓴 순번 가운데 받는 쪽이 한 번도 보지 못한 것 */
    out->lost = a->seqs > b->unique ? a->seqs - b->unique : 0;

    int ok = dup == 0 && corrupted == 0 && bad == 0;
    if ((m->promises & P_DELIVERY) && out->lost > 0)
        ok = 0;
    if ((m->promises & P_ORDER) && out->reordered > 0)
        ok = 0;
    if (!ok) {
        const char *first = b->problem[0] ? b->problem : a->problem;
        note(out->message, sizeof out->message,
             "verification failed: %llu lost, %llu duplicated, %llu reordered, %llu corrupted, %llu malformed; "
             "first: %s",
             (unsigned long long)out->lost, (unsigned long long)dup, (unsigned long long)out->reordered,
             (unsigned long long)corrupted, (unsigned long long)bad, first[0] ? first : "?");
    }

    if (kind == 0) {
        out->msgs = a->rtts;
        out->p50 = a->p50, out->p99 = a->p99, out->pmax = a->pmax;
    } else {
        /* 전달을 약속하는 방식은 s0와 s1 사이의 모든 순번이 왔다 (아니면 위에서 실패다).
         * UDP는 그 사이에 잃어버린 것이 있을 수 있으니 실제로 받은 수를 쓴다. */
        if (m->promises & P_DELIVERY)
            out->msgs = b->s1 > b->s0 ? b->s1 - b->s0 : 0;
        else
            out->msgs = b->after;
        if (out->msgs == 0 || b->t1 <= b->t0) {
            if (out->message[0] == '\0')
                note(out->message, sizeof out->message, "no measured messages arrived (window of %zu-byte messages is empty)",
                     size);
            out->fatal = 1;
            ok = 0;
        } else {
            out->value = (double)out->msgs / ((double)(b->t1 - b->t0) / 1e9);
        }
    }
    out->ok = ok;
}

/* 실행 하나에 허락하는 시간: 잴 시간의 몇 배에 넉넉한 여유. 넘으면 멈춘 것으로 본다. */
static int64_t time_limit(void)
{
    if (cfg.count > 0)
        return 60 * 1000000000LL;
    return 20 * 1000000000LL + 4 * (cfg.warm_ns + cfg.time_ns);
}

void run_once(const struct mech *m, int kind, size_t size, const uint64_t *sums, struct run_result *out)
{
    static unsigned next_id;
    struct chan c;
    struct side_result res[2];
    int have[2] = {0, 0}, rp[2][2] = {{-1, -1}, {-1, -1}};
    pid_t pid[2] = {-1, -1};
    sigset_t block, old;

    memset(out, 0, sizeof *out);
    memset(res, 0, sizeof res);
    init_chan(&c, m, size, kind == 0, next_id++);

    /*
     * 만들고 fork 하는 동안 SIGINT/SIGTERM/SIGHUP을 차단해 둔다: 자식이 제어 프로세스의 시그널 핸들러를
     * 가진 채로 시그널을 받는 틈이 없고, 차단된 시그널은 supervise의 ppoll에서 전달된다.
     * SIGRTMIN은 signal 방식의 자식들이 처음부터 차단하고 있어야 한다 (기본 동작은 종료).
     */
    sigemptyset(&block);
    sigaddset(&block, SIGINT), sigaddset(&block, SIGTERM), sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGRTMIN);
    if (sigprocmask(SIG_BLOCK, &block, &old) == -1) {
        out->fatal = 1;
        note(out->message, sizeof out->message, "sigprocmask: %s", strerror(errno));
        return;
    }

    if (m->setup(&c) == -1) {
        out->fatal = 1;
        note(out->message, sizeof out->message, "%s: %s", c.what ? c.what : "setup", strerror(errno));
        goto done;
    }
    if (pipe2(rp[0], O_CLOEXEC) == -1 || pipe2(rp[1], O_CLOEXEC) == -1) {
        out->fatal = 1;
        note(out->message, sizeof out->message, "pipe2: %s", strerror(errno));
        goto done;
    }

    pid_t boss = getpid();
    fflush(stdout); /* fork는 stdio 버퍼도 복사한다: 비우지 않은 출력이 두 번 나가지 않게 */
    /* B를 먼저: signal 방식의 A는 B의 pid를 알아야 보낼 수 있다 */
    for (int role = ROLE_B; role >= ROLE_A; role--) {
        pid[role] = fork();
        if (pid[role] == -1) {
            out->fatal = 1;
            note(out->message, sizeof out->message, "fork: %s", strerror(errno));
            if (role == ROLE_A) {
                kill(pid[ROLE_B], SIGKILL);
                char ignored[64];
                reap(pid[ROLE_B], 1, ignored, sizeof ignored);
            }
            goto done;
        }
        if (pid[role] == 0) {
            /* 자식: 자기 결과 파이프의 쓰는 끝만 남긴다 (다른 쪽 것을 쥐고 있으면 EOF가 늦어진다) */
            close(rp[role][0]);
            close(rp[1 - role][0]);
            close(rp[1 - role][1]);
            child(&c, role, kind, sums, rp[role][1], boss);
        }
        if (role == ROLE_B)
            c.peer = pid[ROLE_B];
    }
    /* 제어 프로세스는 쓰는 끝을 닫는다: 자식이 끝나면 읽는 끝에서 EOF를 본다 */
    close(rp[0][1]), close(rp[1][1]);
    rp[0][1] = rp[1][1] = -1;

    int rfd[2] = {rp[0][0], rp[1][0]};
    supervise(pid, rfd, &old, time_limit(), res, have, out->message, sizeof out->message);

    if (out->message[0] != '\0' || !have[0] || !have[1] || res[0].error[0] || res[1].error[0]) {
        out->fatal = 1;
        for (int i = 0; i < 2 && out->message[0] == '\0'; i++)
            if (have[i] && res[i].error[0] != '\0')
                note(out->message, sizeof out->message, "%s: %s", side_name[i], res[i].error);
        if (out->message[0] == '\0')
            note(out->message, sizeof out->message, "a side ended without a result");
    } else {
        judge(m, kind, size, res, out);
    }

done:
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            if (rp[i][j] != -1)
                close(rp[i][j]);
    m->teardown(&c);
    if (sigprocmask(SIG_SETMASK, &old, NULL) == -1 && out->message[0] == '\0') {
        out->fatal = 1;
        note(out->message, sizeof out->message, "sigprocmask: %s", strerror(errno));
    }
}
