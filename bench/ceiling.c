/*
 * bench/ceiling.c: 이 컴퓨터의 한계를 같은 실행 안에서, IPC 없이 한 프로세스로 잰다. 방식의 수치를
 * 이 값들 옆에 놓고 읽는다. memcpy는 "복사해서 나르는" 방식의 한계일 뿐, 모든 IPC의 한계는 아니다:
 * 보내는 쪽이 공유 메모리에 제자리에서 쓰고 받는 쪽이 그 자리에서 읽는 설계(zero-copy)는 복사를
 * 하지 않으니 이 값을 넘을 수 있다. (bench의 링은 두 쪽 모두 복사한다: 다른 방식과 같은 일을 시킨다.)
 *
 *   맨 시스템 호출    syscall(SYS_getppid): 커널에 들어갔다 나오는 값만. glibc가 캐시하지
 *                     않도록 syscall()로 직접 부른다. 커널을 거치는 방식은 메시지마다 적어도
 *                     두 번(보내기, 받기) 이 값을 낸다.
 *   clock_gettime     시간을 재는 값 자체 (지연 측정의 왕복마다 두 번 든다).
 *   memcpy            한 프로세스 안에서 같은 크기를 복사하는 속도. 보내는 쪽과 똑같이 본문
 *                     원본의 61 곳에서 돌아가며 복사한다. 처리량 표의 "% memcpy"는 이 값에 대한 비율.
 *   checksum          받는 쪽이 메시지마다 하는 검사의 속도. 처리량에는 이 비용이 들어 있다.
 *   copy + verify     받는 쪽의 일 전부: 메시지를 자기 버퍼로 복사하고 그 본문을 검사한다.
 *                     처리량 표의 "% copy+verify"는 이 값에 대한 비율.
 * 한계 표의 마지막 줄인 1바이트 pipe 왕복(바닥, floor)은 두 프로세스가 필요해서 mech_fd.c에 있다.
 *
 * 그리고 체크섬 함수와 통계(중앙값, 백분위수)도 여기 있다.
 *
 * 읽을 man 페이지: man 2 syscall, man 3 clock_gettime, man 3 memcpy
 */
#define _GNU_SOURCE /* syscall()과 SYS_getppid */

#include "bench.h"

#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * 체크섬: 64비트 낱말(word) 단위의 플레처(Fletcher)식 합. 낱말 i를 갈래(lane) i % 8에 더한다:
 * a는 낱말의 합, b는 a의 누적합이라 낱말의 "위치"도 반영된다. 비트 하나가 바뀌어도, 두 낱말이
 * 자리를 바꿔도 값이 달라진다. 암호학적 해시는 아니다 (일부러 맞춘 위조는 막지 못한다).
 * 우리가 잡으려는 것은 잘못 전달된 데이터다.
 *
 * 속도가 중요하다: 받는 쪽은 메시지마다 본문 전체를 다시 계산하고, 그 시간은 처리량에 들어간다.
 * 덧셈만 쓰고, GCC/Clang의 벡터 확장(vector_size)으로 16바이트씩 두 낱말을 한 명령(paddq)에
 * 더한다. 64바이트마다 독립된 덧셈 사슬이 넷이라 CPU가 겹쳐 실행한다. 결과는 memcpy보다
 * 빠르거나 비슷하다 (ceiling 표의 checksum 줄). 다른 컴파일러에서는 같은 값을 내는 보통의 C로 돈다.
 */
static uint64_t mix(uint64_t x)
{
    /* splitmix64의 마무리 단계: 비트를 골고루 섞는다 */
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

#if defined(__GNUC__)
typedef uint64_t u64x2 __attribute__((vector_size(16))); /* 낱말 둘: SSE2/NEON 레지스터 하나 */
#endif

uint64_t checksum(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t a[8] = {0}, b[8] = {0};
    size_t n = len;

#if defined(__GNUC__)
    u64x2 a0 = {0, 0}, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    while (n >= 64) {
        u64x2 w0, w1, w2, w3;
        /* memcpy: 정렬되지 않은 주소에서도 안전하게 16바이트씩 읽는다 (movdqu 한 번이 된다) */
        memcpy(&w0, p, 16), memcpy(&w1, p + 16, 16), memcpy(&w2, p + 32, 16), memcpy(&w3, p + 48, 16);
        a0 += w0, b0 += a0;
        a1 += w1, b1 += a1;
        a2 += w2, b2 += a2;
        a3 += w3, b3 += a3;
        p += 64;
        n -= 64;
    }
    memcpy(a, &a0, 16), memcpy(a + 2, &a1, 16), memcpy(a + 4, &a2, 16), memcpy(a + 6, &a3, 16);
    memcpy(b, &b0, 16), memcpy(b + 2, &b1, 16), memcpy(b + 4, &b2, 16), memcpy(b + 6, &b3, 16);
#else
    while (n >= 64) {
        uint64_t w[8];
        memcpy(w, p, 64);
        for (int k = 0; k < 8; k++)
            a[k] += w[k], b[k] += a[k];
        p += 64;
        n -= 64;
    }
#endif
    for (int k = 0; n >= 8; k++) { /* 남은 낱말 (7개 이하) */
        uint64_t w;
        memcpy(&w, p, 8);
        a[k] += w, b[k] += a[k];
        p += 8;
        n -= 8;
    }
    if (n > 0) { /* 남은 바이트 (7개 이하): 0을 채운 낱말 하나로 */
        uint64_t w = 0;
        memcpy(&w, p, n);
        a[7] += w, b[7] += a[7];
    }
    /* 갈래들을 섞는다: 회전(rotl)은 뒤집을 수 있어서 한 갈래의 변화가 합에서 사라지지 않는다.
     * 곱셈이 든 mix는 메시지마다 두 번뿐이다 (64바이트 메시지에서도 싸게). */
    uint64_t sa = a[0], sb = b[0];
    for (int k = 1; k < 8; k++)
        sa += rotl(a[k], 8 * k + 1), sb += rotl(b[k], 8 * k + 3);
    return sa ^ mix(sb + mix(sa + (uint64_t)len));
}

/* ---- 통계 ------------------------------------------------------------------------------ */

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/*
 * 반복한 값들의 중앙값, 최소, 최대. 값이 짝수 개면 가운데 둘 가운데 작은 쪽(아래 중앙값, lower
 * median)을 쓴다: 가운데 둘의 평균은 어느 실행도 재지 않은 값일 수 있다 (0.12 µs와 82.8 µs의
 * 평균 41.5 µs는 두 실행 어디에도 없다). 아래 중앙값은 언제나 어떤 실행이 잰 값이다.
 */
void stats_of(const double *v, int n, struct stats *s)
{
    double tmp[256];
    if (n <= 0 || n > 256) {
        *s = (struct stats){0, 0, 0};
        return;
    }
    memcpy(tmp, v, (size_t)n * sizeof *v);
    qsort(tmp, (size_t)n, sizeof *tmp, cmp_double);
    s->min = tmp[0];
    s->max = tmp[n - 1];
    s->median = tmp[(n - 1) / 2];
}

/* 가장 큰 값이 가장 작은 값의 몇 배인가 (반복이 얼마나 갈리는가). 0 이하의 최소는 "끝없이". */
double spread_of(const struct stats *s)
{
    if (s->max <= 0)
        return 1;
    return s->min > 0 ? s->max / s->min : 1e300;
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

void sort_ns(int64_t *v, uint64_t n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_i64);
}

/* 정렬된 표본의 p 백분위수 (nearest-rank: 표본의 p% 가 이 값 이하다) */
int64_t percentile(const int64_t *sorted, uint64_t n, double p)
{
    if (n == 0)
        return 0;
    uint64_t rank = (uint64_t)((p / 100.0) * (double)n + 0.999999);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return sorted[rank - 1];
}

/* ---- 한계 재기 -------------------------------------------------------------------------- */

/* 컴파일러가 "결과를 쓰지 않는 memcpy"를 지우지 못하게, 함수 포인터를 volatile로 부른다 */
static void *(*volatile copy_fn)(void *, const void *, size_t) = memcpy;
static uint64_t (*volatile sum_fn)(const void *, size_t) = checksum;
static volatile uint64_t ceiling_sink; /* 체크섬 결과를 버리지 않은 것으로 보이게 */

double measure_syscall_ns(int64_t budget_ns)
{
    uint64_t calls = 0;
    int64_t start = now_ns(), t;
    do {
        for (int i = 0; i < 1024; i++)
            ceiling_sink += (uint64_t)syscall(SYS_getppid); /* 실패할 수 없는 호출: 커널 왕복만 */
        calls += 1024;
    } while ((t = now_ns()) - start < budget_ns);
    return (double)(t - start) / (double)calls;
}

double measure_clock_ns(int64_t budget_ns)
{
    uint64_t calls = 0;
    int64_t start = now_ns(), t;
    do {
        for (int i = 0; i < 1024; i++)
            ceiling_sink += (uint64_t)now_ns();
        calls += 1024;
    } while ((t = now_ns()) - start < budget_ns);
    return (double)(t - start) / (double)(calls + 1);
}

/* size 바이트 memcpy의 속도 (바이트/초). 보내는 쪽처럼 원본의 61 곳에서 돌아가며 복사한다. */
double measure_memcpy_bps(size_t size, int64_t budget_ns)
{
    unsigned char *dst = malloc(size);
    if (dst == NULL)
        return 0;
    memset(dst, 0, size); /* 페이지를 미리 만들어 둔다: 첫 접근의 페이지 폴트는 재지 않는다 */
    uint64_t copies = 0;
    int64_t start = now_ns(), t;
    do {
        for (int i = 0; i < PERIOD; i++)
            copy_fn(dst, cfg.source + (size_t)i * STRIDE, size);
        copies += PERIOD;
    } while ((t = now_ns()) - start < budget_ns);
    free(dst);
    return (double)copies * (double)size / ((double)(t - start) / 1e9);
}

/*
 * 받는 쪽이 메시지마다 하는 일 전부의 속도 (메시지 바이트/초): 메시지를 자기 버퍼로 memcpy 하고,
 * 그 버퍼에서 본문의 체크섬을 계산한다. 복사해서 나르고 검사하는 방식이 IPC 없이 낼 수 있는 값이라,
 * 처리량 표의 "% copy+verify"가 "% memcpy"보다 공정한 비교다 (받는 쪽은 복사만 하지 않는다).
 */
double measure_copy_verify_bps(size_t size, int64_t budget_ns)
{
    unsigned char *dst = malloc(size);
    if (dst == NULL)
        return 0;
    memset(dst, 0, size);
    uint64_t copies = 0;
    int64_t start = now_ns(), t;
    do {
        for (int i = 0; i < PERIOD; i++) {
            copy_fn(dst, cfg.source + (size_t)i * STRIDE, size);
            ceiling_sink += sum_fn(dst + HDR_SIZE, size - HDR_SIZE);
        }
        copies += PERIOD;
    } while ((t = now_ns()) - start < budget_ns);
    free(dst);
    return (double)copies * (double)size / ((double)(t - start) / 1e9);
}

/* 받는 쪽의 검사 속도 (바이트/초): 메시지 하나의 본문에 대한 checksum */
double measure_checksum_bps(size_t size, int64_t budget_ns)
{
    size_t plen = size - HDR_SIZE;
    uint64_t sums = 0;
    int64_t start = now_ns(), t;
    do {
        for (int i = 0; i < PERIOD; i++)
            ceiling_sink += sum_fn(cfg.source + (size_t)i * STRIDE, plen);
        sums += PERIOD;
    } while ((t = now_ns()) - start < budget_ns);
    return (double)sums * (double)plen / ((double)(t - start) / 1e9);
}

void record_latency(struct side_result *r, int64_t *samples, uint64_t m)
{
    sort_ns(samples, m);
    r->rtts = m;
    r->p50 = percentile(samples, m, 50);
    r->p99 = percentile(samples, m, 99);
    r->pmax = m > 0 ? samples[m - 1] : 0; /* 잰 것이 없으면 samples[-1]을 읽지 않는다 */
}
