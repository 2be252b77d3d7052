/*
 * bench/mech_signal.c: 시그널 핑퐁 (sigqueue + sigwaitinfo). 지연만 잰다.
 *
 * 실시간 시그널(SIGRTMIN)은 sigqueue로 보낼 때 정수 하나(union sigval)를 함께 실어 보낼 수 있고,
 * 같은 번호의 실시간 시그널은 쌓여서(queue) 보낸 순서대로 전달된다 (man 7 signal). 그래서
 * 순번 하나를 실어 핑퐁을 할 수는 있다. 그러나 데이터 통로는 아니다:
 *   - 한 번에 실을 수 있는 것은 int 또는 포인터 하나 (8바이트) 뿐이다. 포인터는 다른
 *     프로세스에서 의미가 없다.
 *   - 쌓을 수 있는 수가 RLIMIT_SIGPENDING으로 제한되고, 넘치면 sigqueue가 EAGAIN으로 실패한다.
 *   - 표준 시그널(SIGUSR1 등)은 쌓이지 않는다: 처리되기 전에 두 번 오면 한 번으로 합쳐진다.
 *   - 시그널 핸들러(handler)로 받으면 프로그램이 어디서든 끊기고, 시그널 핸들러 안에서 할 수 있는 일이
 *     async-signal-safe 함수로 제한된다. 여기서는 시그널을 차단해 두고 sigwaitinfo로 동기적으로 받는다.
 * 잰 값은 "커널이 다른 프로세스를 깨워 알리는 데" 드는 시간: 다른 방식의 바닥과 비교해 보라.
 *
 * 검사: 받은 시그널마다 번호(SIGRTMIN), 보낸 방법(si_code == SI_QUEUE), 보낸 프로세스(si_pid),
 * 실린 값(순번)을 확인한다.
 *
 * 읽을 man 페이지: man 7 signal, man 3 sigqueue, man 2 sigwaitinfo, man 2 sigprocmask
 */
#define _GNU_SOURCE /* SIGRTMIN과 siginfo_t의 si_value */

#include "bench.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define END_BIT 0x40000000 /* 값의 이 비트: 마지막 핑 */
#define SEQ_MASK 0x3fffffff

static int send_value(struct chan *c, pid_t to, int value)
{
    /* sigqueue: 시그널과 함께 값 하나를 보낸다. 받는 쪽의 siginfo_t.si_value에 나타난다. */
    if (sigqueue(to, SIGRTMIN, (union sigval){.sival_int = value}) == -1)
        return fail(c, "sigqueue");
    return 0;
}

static int wait_value(struct chan *c, siginfo_t *info)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN);
    /* sigwaitinfo: 차단해 둔 시그널이 도착할 때까지 잠들고, 시그널 핸들러 대신 정보를 돌려준다 */
    while (sigwaitinfo(&set, info) == -1)
        if (errno != EINTR)
            return fail(c, "sigwaitinfo");
    return 0;
}

/* 받은 시그널 검사. 문제가 있으면 r에 세고 처음 것을 적는다. */
static void check(const siginfo_t *info, pid_t from, int expect, struct side_result *r)
{
    r->received++;
    if (info->si_signo != SIGRTMIN || info->si_code != SI_QUEUE || info->si_pid != from) {
        r->bad_seq++;
        if (r->problem[0] == '\0')
            note(r->problem, sizeof r->problem, "unexpected signal %d (code %d) from pid %ld", info->si_signo,
                 info->si_code, (long)info->si_pid);
        return;
    }
    r->unique++;
    if (info->si_value.sival_int != expect) {
        r->corrupted++;
        if (r->problem[0] == '\0')
            note(r->problem, sizeof r->problem, "signal carried value %d, expected %d (corrupted)",
                 info->si_value.sival_int, expect);
        return;
    }
    r->bytes += sizeof(int);
}

static void sig_ping(struct chan *c, struct side_result *r)
{
    int64_t *samples = malloc(MAX_SAMPLES * sizeof *samples);
    if (samples == NULL) {
        note(r->error, sizeof r->error, "malloc: %s", strerror(errno));
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
        int value = (int)(seq & SEQ_MASK), sent = value;
        if (measuring && is_last(m, seq, last, mstart, MAX_SAMPLES))
            value |= END_BIT, sent = value;
        if (measuring && m == 1 && cfg.inject == INJECT_CORRUPT) {
            sent = value ^ 0x100000; /* 시험용: 값의 비트 하나를 뒤집는다 */
            r->injected = 1;
        } else if (measuring && m == 1 && cfg.inject == INJECT_STALE) {
            sent = (int)((seq - 1) & SEQ_MASK); /* 시험용: 지난 핑의 값을 다시 보낸다 (낡은 값) */
            r->injected = 1;
        }
        siginfo_t info;
        int64_t t0 = now_ns();
        if (send_value(c, c->peer, sent) == -1 || wait_value(c, &info) == -1) {
            note(r->error, sizeof r->error, "%s: %s", c->what, strerror(errno));
            free(samples);
            return;
        }
        int64_t t1 = now_ns();
        check(&info, c->peer, value, r); /* 답은 보낸 값 그대로여야 한다 */
        last = t1;
        if (measuring)
            samples[m++] = t1 - t0;
        seq++;
        if (value & END_BIT)
            break;
    }
    record_latency(r, samples, m);
    r->seqs = seq;
    r->finished = 1;
    free(samples);
}

static void sig_pong(struct chan *c, struct side_result *r)
{
    pid_t from = 0; /* A의 pid: 첫 시그널에서 배운다 (A는 B보다 나중에 fork 되었다) */
    for (uint64_t seq = 0;; seq++) {
        siginfo_t info;
        if (wait_value(c, &info) == -1) {
            note(r->error, sizeof r->error, "%s: %s", c->what, strerror(errno));
            return;
        }
        if (from == 0)
            from = info.si_pid;
        int value = info.si_value.sival_int;
        check(&info, from, (int)(seq & SEQ_MASK) | (value & END_BIT), r);
        /* 받은 값을 그대로 돌려준다 (망가진 값도: 보낸 쪽이 자기가 보낸 것과 맞춰 본다) */
        if (send_value(c, from, value) == -1) {
            note(r->error, sizeof r->error, "%s: %s", c->what, strerror(errno));
            return;
        }
        if (value & END_BIT)
            break;
    }
    r->finished = 1;
}

static int sig_possible(size_t size, char *why, size_t whylen)
{
    (void)size;
    note(why, whylen, "a signal carries one int (union sigval), not a stream of bytes");
    return 0;
}

static int sig_setup(struct chan *c)
{
    (void)c; /* 만들 객체가 없다: 시그널은 프로세스 번호로 보낸다 */
    return 0;
}

static int sig_open(struct chan *c, int role)
{
    (void)c, (void)role; /* SIGRTMIN은 run.c가 fork 전부터 차단해 두었다 */
    return 0;
}

static void sig_teardown(struct chan *c)
{
    (void)c;
}

const struct mech mech_signal = {
    .name = "signal", .about = "sigqueue(SIGRTMIN) ping-pong with sigwaitinfo: latency only",
    .promises = P_ORDER | P_DELIVERY, .latency_only = 1, .possible = sig_possible,
    .setup = sig_setup, .open = sig_open, .teardown = sig_teardown, .ping = sig_ping, .pong = sig_pong,
};
