/*
 * bench/main.c: 튜토리얼의 모든 IPC 방식을 이 컴퓨터에서 재고, 받은 모든 바이트를 검사한다.
 *
 * 방식마다 두 가지를 잰다 (두 프로세스, fork):
 *   지연(latency)    메시지 하나를 주고받는 핑퐁. 왕복 시간의 p50, p99, 최대, 그리고 p50을 같은
 *                    실행, 같은 고정으로 잰 1바이트 pipe 왕복(바닥, floor)으로 나눈 값.
 *   처리량(throughput) 한 방향으로 흘려 보내기. 초당 메시지 수와 MB/s (1 MB = 10^6 바이트),
 *                    그리고 같은 실행에서 잰 두 한계에 대한 비율: memcpy 한 번, 그리고 받는 쪽의
 *                    일 전부(memcpy 한 번 + 체크섬).
 * 모든 메시지는 순번과 본문 체크섬을 싣고, 받는 쪽이 둘 다 확인한다. 잃어버림, 중복, (순서를
 * 약속한 방식에서) 순서 바뀜, 망가짐이 하나라도 있으면 그 실행은 실패하고 bench는 1로 끝난다.
 * 수치마다 여러 번(기본 3번) 재서 중앙값과 [최소 - 최대]를 보인다 (짝수 번이면 아래 중앙값: 어떤
 * 실행이 잰 값). 반복이 10배 넘게 갈린 줄에는 경고를 붙인다. 반복은 방식들을 돌아가며 한다
 * (방식 A를 세 번 잰 뒤 B를 재지 않는다): 잠깐의 방해가 한 방식의 모든 반복에 몰리지 않게.
 *
 * 실행 (저장소 맨 위에서):
 *   make bench                          모든 방식, 약 1분
 *   make bench QUICK=1                  몇 초: 검증만 하고 수치는 찍지 않는다 (짧은 창의 수치는 치우친다)
 *   make bench PLOT=1                   표와 함께 그림 (gnuplot): bench-out/ 에 SVG와 PNG
 *   bench/bench -m pipe,shm-spin -s 4K,1M --pin=split
 *   bench/bench --format=csv > out.csv  (또는 --format=json, 또는 표와 함께 --csv=FILE)
 *   bench/bench --help
 *
 * 출력 (줄임, 실제 출력은 NOTES.md 3절):
 *   machine:  Intel(R) Xeon(R) Processor (family 6, model 207), 2 CPUs online (2 usable), ...
 *   == ceilings: ...
 *   copy + verify            4 KiB    20080 [19102 - 20909] MB/s (the receiver's whole job: ...)
 *   floor: pipe round trip   1 B      62.7 [51.7 - 67.8] us p50 (two processes, split pinning; check ok)
 *   == latency: round trip of one 64 B message (ping-pong), microseconds, ...
 *   pipe         53.6 [47.0 - 57.0]     ...  p50/floor 0.85 ...
 *   == throughput: one-way stream, measured at the receiver after every check; ...
 *   shm-spin     64 KiB   160k [146k - 167k]  10503 [9584 - 10929]  30.0%  51.4% ...
 *   bench: all 138 runs verified: 12345678 messages, 45678.9 MB, nothing lost, duplicated, reordered or corrupted
 *
 * 만든 것(공유 메모리, 메시지 큐, FIFO, 소켓 파일, 매핑 파일, 임시 디렉터리)은 끝날 때, 그리고
 * SIGINT/SIGTERM/SIGHUP을 받았을 때도 모두 지운다. 시그널로 멈추면 정리한 뒤 같은 시그널로
 * 끝난다 (셸이 "시그널로 끝났다"를 알 수 있게).
 *
 * 읽을 것: bench/NOTES.md (수치를 읽는 법), man 7 pipe, man 7 mq_overview, man 7 shm_overview,
 *          man 7 unix, man 7 udp, man 7 signal, man 2 futex, man 2 sched_setaffinity
 */
#define _GNU_SOURCE /* getopt_long, mkdtemp, sched_getaffinity, CPU_COUNT는 GNU/리눅스 확장이다 */

#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

struct settings cfg;
volatile sig_atomic_t stop_signal;

static const struct mech *const all_mechs[] = {
    &mech_pipe,        &mech_fifo,       &mech_mqueue, &mech_shm_sem, &mech_shm_spin, &mech_filemap,
    &mech_unix_stream, &mech_unix_dgram, &mech_tcp,    &mech_udp,     &mech_signal,
};
#define NMECHS (sizeof all_mechs / sizeof all_mechs[0])
#define MAX_SIZES 16
#define MAX_RUNS 100

enum format { FMT_TABLE, FMT_CSV, FMT_JSON };
enum progress { PROGRESS_AUTO, PROGRESS_ALWAYS, PROGRESS_NEVER };

/* 방식 하나 × 측정 하나 (지연, 또는 크기 하나의 처리량)의 모든 반복 */
struct figure {
    const struct mech *m;
    int kind;    /* 0: 지연, 1: 처리량 */
    size_t size;
    int possible;
    char why[200];
    int runs_done;
    struct run_result *run;
};

/* 한계 (ceiling): 반복마다의 값 */
struct ceilings {
    double syscall_ns[MAX_RUNS], clock_ns[MAX_RUNS];
    double memcpy_bps[MAX_SIZES][MAX_RUNS], checksum_bps[MAX_SIZES][MAX_RUNS], copyver_bps[MAX_SIZES][MAX_RUNS];
    int runs;
};

static const char *prog = "bench";

/* ---- 사용법 ----------------------------------------------------------------------------- */

static void usage(FILE *to)
{
    fprintf(to, "usage: bench [-m MECHS] [-s SIZES] [-r RUNS] [-t MS | -n COUNT] [-w MS] [-p none|same|split]\n"
                "             [-f table|csv|json] [--quick] [--name /PREFIX] [other options, see --help]\n");
}

static void help(void)
{
    usage(stdout);
    printf("\nMeasure every IPC mechanism of the tutorial on this computer, verifying every byte:\n"
           "latency (ping-pong round trip: p50, p99, max, and p50 / a 1-byte pipe round trip measured in\n"
           "the same run with the same pinning) and throughput (one-way stream: msgs/s, MB/s, and %% of\n"
           "two ceilings measured in the same run: one memcpy, and memcpy + the receiver's checksum).\n"
           "Every message carries a sequence number and a payload checksum that the receiver checks; any\n"
           "loss, duplication, reordering (where order is promised) or corruption fails the run and makes\n"
           "bench exit 1.\n\n"
           "  -m, --mech=LIST        mechanisms, comma-separated (default: all):\n");
    for (size_t i = 0; i < NMECHS; i++)
        printf("                           %-12s %s\n", all_mechs[i]->name, all_mechs[i]->about);
    printf("  -s, --sizes=LIST       throughput message sizes, header included; K/M = KiB/MiB\n"
           "                         (default: 64,4K,64K,1M; each %zu..%zu)\n"
           "  -r, --runs=N           repetitions of every figure; median [min - max] (default: 3). With an\n"
           "                         even N the median is the lower of the middle two: a value a run measured.\n"
           "                         A row whose runs differ by more than 10x carries a warning\n"
           "  -t, --time=MS          measured time per run, after the warm-up (default: 300)\n"
           "  -n, --count=N          measure N messages (round trips) per run instead of a time\n"
           "  -w, --warmup=MS        warm-up per run, not measured (default: 40)\n"
           "  -p, --pin=MODE         CPU pinning of the two processes (sched_setaffinity):\n"
           "                           split one CPU each (default with 2+ CPUs): both run at once,\n"
           "                                 data and wake-ups cross between cores\n"
           "                           same  both on one CPU: they take turns, each wake-up is a\n"
           "                                 context switch, the data stays in one core's caches\n"
           "                           none  the scheduler places them (and may move them)\n"
           "  -f, --format=FMT       table (default), csv or json on stdout (not with --quick)\n"
           "  -q, --quick            checks only, in a few seconds: every mechanism and size moves a few\n"
           "                         hundred messages; prints the verification and no figures (such short\n"
           "                         runs are biased). For a short measured run use -n COUNT\n"
           "      --name=/PREFIX     prefix of POSIX names (shm, mqueue); default /bench. Names are\n"
           "                         PREFIX-PID-RUN-what; files go to $TMPDIR (or /tmp)/bench-PID-XXXXXX\n"
           "      --latency-size=B   message size of the latency test (default: %zu)\n"
           "      --slots=N          slots per shared-memory ring, a power of two 2..4096 (default: by size)\n"
           "      --spin-us=US       shm-spin: spin this long before sleeping in futex (default: 20; 0: never)\n"
           "      --udp-window=N     UDP: messages in flight before waiting for an ack (default: by buffer;\n"
           "                         0: no flow control, shows how UDP drops when the receiver falls behind)\n"
           "      --progress=WHEN    progress line on stderr: auto (when a terminal; default), always, never\n"
           "      --csv=FILE         also write the figures as CSV (the --format=csv rows) to FILE; make bench\n"
           "                         PLOT=1 draws them with bench/plot.gp (not with --quick)\n"
           "      --inject=KIND      TEST ONLY: damage one message per run, to show that the receiver notices:\n"
           "                         corrupt (flip a payload bit), stale (last message's payload and checksum\n"
           "                         under a new header: a torn ring slot), drop, dup (throughput runs only)\n"
           "      --summarize=V,V..  TEST ONLY: print how bench summarizes the runs of one figure with these\n"
           "                         values (median [min - max] and the 10x warning; -m names the mechanism)\n"
           "  -h, --help             this text\n\n"
           "Exit status: 0 all runs verified, 1 a run failed or could not run, 2 bad arguments.\n"
           "Read bench/NOTES.md for how to read the figures and how to run fairly.\n",
           MIN_SIZE, MAX_SIZE, LAT_DEFAULT_SIZE);
}

static _Noreturn void bad_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* 잘못된 인자: 무엇이 틀렸는지 한 줄, 사용법 한 줄을 stderr에 쓰고 2로 끝낸다 */
static _Noreturn void bad_usage(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    usage(stderr);
    exit(2);
}

static long long parse_number(const char *opt, const char *s, long long min, long long max)
{
    char *end;
    errno = 0;
    long long n = strtoll(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || n < min || n > max) {
        fprintf(stderr, "%s: %s: expected a number from %lld to %lld, got '%s'\n", prog, opt, min, max, s);
        usage(stderr);
        exit(2);
    }
    return n;
}

/* "4K" → 4096, "1M" → 1048576 */
static size_t parse_size(const char *opt, const char *s)
{
    char buf[32];
    size_t len = strlen(s);
    unsigned long long mult = 1;
    if (len == 0 || len >= sizeof buf)
        bad_usage("bad size '%s'", s);
    memcpy(buf, s, len + 1);
    if (buf[len - 1] == 'K' || buf[len - 1] == 'k')
        mult = 1024, buf[len - 1] = '\0';
    else if (buf[len - 1] == 'M' || buf[len - 1] == 'm')
        mult = MIB, buf[len - 1] = '\0';
    long long n = parse_number(opt, buf, 1, (long long)MAX_SIZE);
    unsigned long long v = (unsigned long long)n * mult;
    if (v < MIN_SIZE || v > MAX_SIZE) {
        fprintf(stderr, "%s: %s: size %s is outside %zu..%zu bytes\n", prog, opt, s, MIN_SIZE, MAX_SIZE);
        usage(stderr);
        exit(2);
    }
    return (size_t)v;
}

static int parse_sizes(const char *arg, size_t *sizes)
{
    char copy[512];
    int n = 0;
    if (strlen(arg) >= sizeof copy)
        bad_usage("-s: list too long: '%s'", arg);
    memcpy(copy, arg, strlen(arg) + 1); /* 길이는 위에서 확인했다 */
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
        if (n == MAX_SIZES)
            bad_usage("-s: at most 16 sizes: '%s'", arg);
        sizes[n++] = parse_size("-s", tok);
    }
    if (n == 0)
        bad_usage("-s: no sizes in '%s'", arg);
    return n;
}

/* 고른 방식을 표의 순서대로 chosen[]에 표시한다 */
static void parse_mechs(const char *arg, int chosen[NMECHS])
{
    char copy[512];
    int any = 0;
    if (strlen(arg) >= sizeof copy)
        bad_usage("-m: list too long: '%s'", arg);
    memcpy(copy, arg, strlen(arg) + 1); /* 길이는 위에서 확인했다 */
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
        int found = 0;
        for (size_t i = 0; i < NMECHS; i++)
            if (strcmp(tok, "all") == 0 || strcmp(tok, all_mechs[i]->name) == 0)
                chosen[i] = found = any = 1;
        if (!found) {
            fprintf(stderr, "%s: -m: unknown mechanism '%s'; known:", prog, tok);
            for (size_t i = 0; i < NMECHS; i++)
                fprintf(stderr, " %s", all_mechs[i]->name);
            fputc('\n', stderr);
            usage(stderr);
            exit(2);
        }
    }
    if (!any)
        bad_usage("-m: no mechanisms in '%s'", arg);
}

static int pick(const char *opt, const char *arg, const char *const *words, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(arg, words[i]) == 0)
            return i;
    fprintf(stderr, "%s: %s: unknown value '%s'; expected one of:", prog, opt, arg);
    for (int i = 0; i < n; i++)
        fprintf(stderr, " %s", words[i]);
    fputc('\n', stderr);
    usage(stderr);
    exit(2);
}

/* ---- 컴퓨터 정보 ---------------------------------------------------------------------------- */

struct machine {
    char cpu[160];
    int online, allowed, virtual_machine;
    char kernel[200];
    char load[64];
    double load1; /* 1분 평균: 공정하게 재려면 0에 가까워야 한다 */
    char clocksource[64];
    char governor[64];
};

/* 파일의 첫 줄을 읽는다 (없으면 fallback) */
static void first_line(const char *path, char *buf, size_t len, const char *fallback)
{
    FILE *f = fopen(path, "r");
    snprintf(buf, len, "%s", fallback);
    if (f == NULL)
        return;
    if (fgets(buf, (int)len, f) == NULL)
        snprintf(buf, len, "%s", fallback);
    buf[strcspn(buf, "\n")] = '\0';
    fclose(f);
}

static void describe_machine(struct machine *mc)
{
    char model[128] = "unknown CPU", family[16] = "", modelno[16] = "";
    FILE *f = fopen("/proc/cpuinfo", "r");
    mc->virtual_machine = 0;
    if (f != NULL) {
        char line[1024];
        while (fgets(line, sizeof line, f) != NULL) {
            char *colon = strchr(line, ':');
            if (colon == NULL)
                continue;
            char *val = colon + 1 + (colon[1] == ' ');
            val[strcspn(val, "\n")] = '\0';
            if (strncmp(line, "model name", 10) == 0 && strcmp(model, "unknown CPU") == 0)
                snprintf(model, sizeof model, "%s", val);
            else if (strncmp(line, "cpu family", 10) == 0 && family[0] == '\0')
                snprintf(family, sizeof family, "%s", val);
            else if (strncmp(line, "model\t", 6) == 0 && modelno[0] == '\0')
                snprintf(modelno, sizeof modelno, "%s", val);
            else if (strncmp(line, "flags", 5) == 0 && strstr(val, " hypervisor") != NULL)
                mc->virtual_machine = 1;
        }
        fclose(f);
    }
    if (family[0] != '\0')
        snprintf(mc->cpu, sizeof mc->cpu, "%s (family %s, model %s)", model, family, modelno);
    else
        snprintf(mc->cpu, sizeof mc->cpu, "%s", model);

    long online = sysconf(_SC_NPROCESSORS_ONLN);
    mc->online = online > 0 ? (int)online : 1;
    cpu_set_t set;
    mc->allowed = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : mc->online;

    struct utsname u;
    if (uname(&u) == 0)
        snprintf(mc->kernel, sizeof mc->kernel, "%s %s %s", u.sysname, u.release, u.machine);
    else
        snprintf(mc->kernel, sizeof mc->kernel, "unknown kernel");

    char la[128];
    first_line("/proc/loadavg", la, sizeof la, "?");
    /* 앞의 세 수: 1, 5, 15분 평균 */
    double l1 = 0, l5 = 0, l15 = 0;
    mc->load1 = 0;
    if (sscanf(la, "%lf %lf %lf", &l1, &l5, &l15) == 3)
        snprintf(mc->load, sizeof mc->load, "%.2f %.2f %.2f", l1, l5, l15), mc->load1 = l1;
    else
        snprintf(mc->load, sizeof mc->load, "?");
    first_line("/sys/devices/system/clocksource/clocksource0/current_clocksource", mc->clocksource,
               sizeof mc->clocksource, "?");
    first_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", mc->governor, sizeof mc->governor,
               "not exposed");
}

/* 고정에 쓸 CPU 둘: 이 프로세스가 쓸 수 있는 것 가운데 앞의 둘. 기본값(split)은 CPU가 하나뿐이면
 * none으로 물러서고, 사용자가 --pin=split을 직접 골랐다면 실패로 알린다. */
static int choose_cpus(int pin_given)
{
    cpu_set_t set;
    int n = 0;
    if (sched_getaffinity(0, sizeof set, &set) == -1) {
        fprintf(stderr, "%s: sched_getaffinity: %s\n", prog, strerror(errno));
        return -1;
    }
    for (int i = 0; i < CPU_SETSIZE && n < 2; i++)
        if (CPU_ISSET(i, &set))
            cfg.cpu[n++] = i;
    if (cfg.pin == PIN_SPLIT && n < 2 && !pin_given)
        cfg.pin = PIN_NONE;
    if (cfg.pin == PIN_SPLIT && n < 2) {
        fprintf(stderr, "%s: --pin=split needs two CPUs, but this process may use only %d\n", prog, n);
        return -1;
    }
    if (n < 2)
        cfg.cpu[1] = cfg.cpu[0];
    return 0;
}

/* ---- 시그널과 임시 디렉터리 ---------------------------------------------------------------------- */

static void on_signal(int sig)
{
    stop_signal = sig; /* 시그널 핸들러는 적기만 한다: 정리는 main의 보통 코드가 한다 */
}

static int install_handlers(void)
{
    /* SA_RESTART 없이: 기다리던 호출이 EINTR로 돌아와서 플래그를 곧 보게 된다 */
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    struct sigaction ign = {.sa_handler = SIG_IGN};
    sigemptyset(&ign.sa_mask);
    if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1 ||
        sigaction(SIGHUP, &sa, NULL) == -1 || sigaction(SIGPIPE, &ign, NULL) == -1) {
        fprintf(stderr, "%s: sigaction: %s\n", prog, strerror(errno));
        return -1;
    }
    return 0;
}

static int make_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    if (base == NULL || base[0] == '\0')
        base = "/tmp";
    int n = snprintf(cfg.tmpdir, sizeof cfg.tmpdir, "%s/bench-%ld-XXXXXX", base, (long)getpid());
    /* 소켓 파일의 경로는 108바이트를 넘을 수 없다: 그 안의 이름("123-stream.sock")을 위해 자리를 남긴다 */
    if (n < 0 || n > 80) {
        fprintf(stderr, "%s: TMPDIR is too long for unix socket paths (%s); use a shorter one\n", prog, base);
        return -1;
    }
    /* mkdtemp: XXXXXX를 바꿔 가며 없는 이름의 디렉터리를 0700으로 만든다 (남의 것과 겹치지 않는다) */
    if (mkdtemp(cfg.tmpdir) == NULL) {
        fprintf(stderr, "%s: mkdtemp %s: %s\n", prog, cfg.tmpdir, strerror(errno));
        cfg.tmpdir[0] = '\0';
        return -1;
    }
    return 0;
}

static int remove_tmpdir(void)
{
    if (cfg.tmpdir[0] == '\0')
        return 0;
    /* 실행마다 teardown이 안의 파일을 지웠다: 비어 있어야 한다 */
    if (rmdir(cfg.tmpdir) == -1) {
        fprintf(stderr, "%s: rmdir %s: %s\n", prog, cfg.tmpdir, strerror(errno));
        return -1;
    }
    cfg.tmpdir[0] = '\0';
    return 0;
}

/* ---- 본문 원본 -------------------------------------------------------------------------- */

static int make_source(size_t max_size)
{
    cfg.source_len = max_size + (size_t)PERIOD * STRIDE;
    cfg.source = malloc(cfg.source_len);
    if (cfg.source == NULL) {
        fprintf(stderr, "%s: malloc: %s\n", prog, strerror(errno));
        return -1;
    }
    /* xorshift64*: 빠르고 재현되는 의사 난수. 0이 많은 데이터는 망가짐을 덜 드러낸다. */
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (size_t i = 0; i < cfg.source_len; i += 8) {
        x ^= x >> 12, x ^= x << 25, x ^= x >> 27;
        uint64_t v = x * 0x2545f4914f6cdd1dull;
        size_t k = cfg.source_len - i < 8 ? cfg.source_len - i : 8;
        memcpy(cfg.source + i, &v, k);
    }
    return 0;
}

/* 크기 하나의 PERIOD 가지 본문에 대한 체크섬 표 (보내는 쪽이 쓴다) */
static uint64_t *sums_for(size_t size)
{
    uint64_t *sums = malloc(PERIOD * sizeof *sums);
    if (sums == NULL)
        return NULL;
    for (int k = 0; k < PERIOD; k++)
        sums[k] = checksum(cfg.source + (size_t)k * STRIDE, size - HDR_SIZE);
    return sums;
}

/* ---- 숫자 꾸미기 ------------------------------------------------------------------------- */

static void fmt_size(char *buf, size_t len, size_t size)
{
    if (size == 0)
        snprintf(buf, len, "-");
    else if (size >= MIB && size % MIB == 0)
        snprintf(buf, len, "%zu MiB", size / MIB);
    else if (size >= 1024 && size % 1024 == 0)
        snprintf(buf, len, "%zu KiB", size / 1024);
    else
        snprintf(buf, len, "%zu B", size);
}

/* 유효숫자 셋 정도로: 9.87, 98.7, 987, 9870 */
static void fmt_num(char *buf, size_t len, double v)
{
    if (v < 10)
        snprintf(buf, len, "%.2f", v);
    else if (v < 100)
        snprintf(buf, len, "%.1f", v);
    else
        snprintf(buf, len, "%.0f", v);
}

/* 큰 수: 1.23M, 456k */
static void fmt_rate(char *buf, size_t len, double v)
{
    char n[32];
    if (v >= 1e6) {
        fmt_num(n, sizeof n, v / 1e6);
        snprintf(buf, len, "%sM", n);
    } else if (v >= 1e3) {
        fmt_num(n, sizeof n, v / 1e3);
        snprintf(buf, len, "%sk", n);
    } else {
        fmt_num(buf, len, v);
    }
}

/* 메시지 수처럼 정수인 것: 45, 597, 12.3k, 1.23M */
static void fmt_count(char *buf, size_t len, double v)
{
    if (v < 1000)
        snprintf(buf, len, "%.0f", v);
    else
        fmt_rate(buf, len, v);
}

/* "median [min - max]" */
static void fmt_stats(char *buf, size_t len, const struct stats *s, void (*f)(char *, size_t, double))
{
    char a[32], b[32], c[32];
    f(a, sizeof a, s->median), f(b, sizeof b, s->min), f(c, sizeof c, s->max);
    snprintf(buf, len, "%s [%s - %s]", a, b, c);
}

/*
 * 한 수치의 반복이 10배 넘게 갈리면 그 줄에 붙일 경고. 그런 반복의 중앙값은 "한 값"이 아니라 두
 * 상태 가운데 하나를 고른 것이다. shm-spin은 가상 컴퓨터에서 흔히 그렇다: 도는 동안 상대가 답하면
 * 수백 ns, 놓치고 futex로 잠들면 수십 µs (NOTES.md 5절).
 */
static void spread_note(char *buf, size_t len, const struct stats *s, const struct mech *m)
{
    double x = spread_of(s);
    buf[0] = '\0';
    if (x <= SPREAD_WARN)
        return;
    char times[32];
    if (x < 1e9)
        snprintf(times, sizeof times, "%.0fx", x);
    else
        snprintf(times, sizeof times, "more than 10x");
    if (m == &mech_shm_spin)
        snprintf(buf, len, "; warning: runs differ %s: some spun, some slept in futex (see --spin-us)", times);
    else
        snprintf(buf, len, "; warning: runs differ %s: the median hides two regimes; rerun or add runs (-r)", times);
}

/* --summarize: 주어진 값들을 한 수치의 반복으로 보고 표의 한 칸처럼 찍는다 (시험용) */
static int summarize(const char *arg, const struct mech *m)
{
    double v[MAX_RUNS];
    int n = 0;
    char copy[512], a[128], warn[160];
    if (strlen(arg) >= sizeof copy)
        bad_usage("--summarize: list too long");
    memcpy(copy, arg, strlen(arg) + 1); /* 길이는 위에서 확인했다 */
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
        char *end;
        errno = 0;
        double x = strtod(tok, &end);
        if (errno != 0 || end == tok || *end != '\0' || !(x > 0 && x < 1e12))
            bad_usage("--summarize: expected positive numbers, got '%s'", tok);
        if (n == MAX_RUNS)
            bad_usage("--summarize: at most %d values", MAX_RUNS);
        v[n++] = x;
    }
    if (n == 0)
        bad_usage("--summarize: no values in '%s'", arg);
    struct stats s;
    stats_of(v, n, &s);
    fmt_stats(a, sizeof a, &s, fmt_num);
    spread_note(warn, sizeof warn, &s, m);
    printf("%s%s\n", a, warn);
    return 0;
}

/* ---- 진행 표시 ---------------------------------------------------------------------------- */

static int progress_mode, progress_tty;

static void progress(int done, int total, const struct figure *fg, int run)
{
    char what[64], size[32];
    if (!progress_tty && progress_mode != PROGRESS_ALWAYS)
        return;
    fmt_size(size, sizeof size, fg->size);
    snprintf(what, sizeof what, "%s %s %s", fg->m->name, fg->kind == 0 ? "latency" : "throughput", size);
    if (progress_tty) /* 터미널: 한 줄을 제자리에서 고쳐 쓴다 (\r, 줄 끝까지 지우기) */
        fprintf(stderr, "\r\033[K[%d/%d] %s, run %d/%d", done + 1, total, what, run + 1, cfg.runs);
    else
        fprintf(stderr, "%s: progress [%d/%d] %s run %d/%d\n", prog, done + 1, total, what, run + 1, cfg.runs);
}

static void progress_done(void)
{
    if (progress_tty)
        fprintf(stderr, "\r\033[K");
}

/* ---- 표 -------------------------------------------------------------------------------- */

static void figure_values(const struct figure *fg, int which, double *v, int *n)
{
    /* which: 0 p50, 1 p99, 2 max (지연, µs), 3 msgs/s, 4 MB/s (처리량) */
    *n = 0;
    for (int r = 0; r < fg->runs_done; r++) {
        const struct run_result *x = &fg->run[r];
        if (!x->ok && x->fatal)
            continue;
        double val = which == 0   ? (double)x->p50 / 1e3
                     : which == 1 ? (double)x->p99 / 1e3
                     : which == 2 ? (double)x->pmax / 1e3
                     : which == 3 ? x->value
                                  : x->value * (double)fg->size / 1e6;
        v[(*n)++] = val;
    }
}

/* 모든 반복이 검증을 통과했는가. verdict에 "ok" 나 실패 까닭을 쓴다. */
static int figure_ok(const struct figure *fg, char *verdict, size_t len)
{
    uint64_t lost = 0, reordered = 0;
    int bad = 0;
    for (int r = 0; r < fg->runs_done; r++) {
        bad += !fg->run[r].ok;
        lost += fg->run[r].lost, reordered += fg->run[r].reordered;
    }
    if (bad)
        snprintf(verdict, len, "FAILED (%d of %d runs)", bad, fg->runs_done);
    else if (lost || reordered)
        snprintf(verdict, len, "ok; %llu lost, %llu reordered (not promised)", (unsigned long long)lost,
                 (unsigned long long)reordered);
    else
        snprintf(verdict, len, "ok");
    return !bad;
}

/* 수치의 대표 값(지연은 p50, 처리량은 msgs/s)의 반복이 10배 넘게 갈리면 verdict 끝에 경고를 붙인다 */
static void add_spread_note(const struct figure *fg, char *verdict, size_t len)
{
    double v[MAX_RUNS];
    int n;
    struct stats s;
    char warn[160];
    figure_values(fg, fg->kind == 0 ? 0 : 3, v, &n);
    if (n == 0)
        return;
    stats_of(v, n, &s);
    spread_note(warn, sizeof warn, &s, fg->m);
    size_t used = strlen(verdict);
    snprintf(verdict + used, len - used, "%s", warn);
}

static uint64_t figure_msgs(const struct figure *fg)
{
    uint64_t n = 0;
    for (int r = 0; r < fg->runs_done; r++)
        n += fg->run[r].msgs;
    return n;
}

static int size_index(const size_t *sizes, int nsizes, size_t size)
{
    for (int i = 0; i < nsizes; i++)
        if (sizes[i] == size)
            return i;
    return -1;
}

/* 비율: 1 이상은 유효숫자 셋 정도, 1보다 작으면 두 자리 (shm-spin의 0.0043) */
static void fmt_ratio(char *buf, size_t len, double v)
{
    if (v < 1)
        snprintf(buf, len, "%.2g", v);
    else
        fmt_num(buf, len, v);
}

/* 크기 하나의 한계 (MB/s) 반복 값들의 통계 */
static void ceiling_mb(const double (*bps)[MAX_RUNS], int si, int runs, struct stats *s)
{
    double mb[MAX_RUNS];
    for (int r = 0; r < runs; r++)
        mb[r] = bps[si][r] / 1e6;
    stats_of(mb, runs, s);
}

/* 바닥(1바이트 pipe 왕복) 수치: figs에 있으면 그것, 없으면 NULL */
static const struct figure *floor_figure(const struct figure *figs, int nfigs)
{
    for (int f = 0; f < nfigs; f++)
        if (figs[f].m == &mech_floor)
            return &figs[f];
    return NULL;
}

static void print_tables(const struct ceilings *cl, struct figure *figs, int nfigs,
                         const size_t *sizes, int nsizes)
{
    char a[128], b[128], c[128], d[128], e[320];
    struct stats s_sys, s_clk, s_floor = {0, 0, 0}, s;
    const struct figure *fl = floor_figure(figs, nfigs);
    double v[MAX_RUNS];
    int n;

    stats_of(cl->syscall_ns, cl->runs, &s_sys);
    stats_of(cl->clock_ns, cl->runs, &s_clk);

    printf("== ceilings: what this computer can do without IPC, and the floor of a wake-up; median [min - max] "
           "of %d runs ==\n", cl->runs);
    printf("%-24s %-8s %s\n", "what", "size", "figure");
    fmt_stats(a, sizeof a, &s_sys, fmt_num);
    printf("%-24s %-8s %s ns per call (enter and leave the kernel)\n", "syscall(SYS_getppid)", "-", a);
    fmt_stats(a, sizeof a, &s_clk, fmt_num);
    printf("%-24s %-8s %s ns per call (the latency clock)\n", "clock_gettime", "-", a);
    for (int i = 0; i < nsizes; i++) {
        fmt_size(b, sizeof b, sizes[i]);
        ceiling_mb(cl->memcpy_bps, i, cl->runs, &s);
        fmt_stats(a, sizeof a, &s, fmt_num);
        printf("%-24s %-8s %s MB/s (one copy in one process)\n", "memcpy", b, a);
    }
    for (int i = 0; i < nsizes; i++) {
        fmt_size(b, sizeof b, sizes[i]);
        ceiling_mb(cl->checksum_bps, i, cl->runs, &s);
        fmt_stats(a, sizeof a, &s, fmt_num);
        printf("%-24s %-8s %s MB/s (the receiver's check alone; payload bytes)\n", "checksum (verify)", b, a);
    }
    for (int i = 0; i < nsizes; i++) {
        fmt_size(b, sizeof b, sizes[i]);
        ceiling_mb(cl->copyver_bps, i, cl->runs, &s);
        fmt_stats(a, sizeof a, &s, fmt_num);
        printf("%-24s %-8s %s MB/s (the receiver's whole job: copy the message out, then check it)\n",
               "copy + verify", b, a);
    }
    if (fl != NULL) {
        figure_ok(fl, e, sizeof e);
        figure_values(fl, 0, v, &n);
        stats_of(v, n, &s_floor);
        if (n == 0) {
            printf("%-24s %-8s no figures: %s\n", "floor: pipe round trip", "1 B", e);
        } else {
            add_spread_note(fl, e, sizeof e);
            fmt_stats(a, sizeof a, &s_floor, fmt_num);
            printf("%-24s %-8s %s us p50 (two processes, %s pinning; check %s)\n", "floor: pipe round trip", "1 B",
                   a, cfg.pin == PIN_NONE ? "no" : cfg.pin == PIN_SAME ? "same-CPU" : "split", e);
        }
    }

    fmt_size(b, sizeof b, cfg.lat_size);
    printf("\n== latency: round trip of one %s message (ping-pong), microseconds, median [min - max] of %d runs; "
           "p50/floor = p50 / the 1-byte pipe round trip ==\n", b, cfg.runs);
    printf("%-12s %-22s %-22s %-24s %-10s %-11s %s\n", "mechanism", "p50", "p99", "max", "p50/floor",
           "round trips", "check");
    for (int f = 0; f < nfigs; f++) {
        const struct figure *fg = &figs[f];
        if (fg->kind != 0 || fg->m == &mech_floor)
            continue;
        figure_ok(fg, e, sizeof e);
        figure_values(fg, 0, v, &n);
        if (n == 0) {
            printf("%-12s no figures: %s\n", fg->m->name, e);
            continue;
        }
        add_spread_note(fg, e, sizeof e);
        stats_of(v, n, &s);
        fmt_stats(a, sizeof a, &s, fmt_num);
        if (s_floor.median > 0)
            fmt_ratio(d, sizeof d, s.median / s_floor.median);
        else
            snprintf(d, sizeof d, "-");
        figure_values(fg, 1, v, &n);
        stats_of(v, n, &s);
        fmt_stats(b, sizeof b, &s, fmt_num);
        figure_values(fg, 2, v, &n);
        stats_of(v, n, &s);
        fmt_stats(c, sizeof c, &s, fmt_num);
        char trips[32];
        fmt_count(trips, sizeof trips, (double)figure_msgs(fg));
        printf("%-12s %-22s %-22s %-24s %-10s %-11s %s\n", fg->m->name, a, b, c, d, trips, e);
    }

    printf("\n== throughput: one-way stream, measured at the receiver after every check; MB = 10^6 bytes; "
           "%% of the ceilings above ==\n");
    printf("%-12s %-8s %-26s %-26s %-9s %-14s %-9s %s\n", "mechanism", "size", "msgs/s", "MB/s", "% memcpy",
           "% copy+verify", "messages", "check");
    for (int f = 0; f < nfigs; f++) {
        const struct figure *fg = &figs[f];
        if (fg->kind != 1)
            continue;
        fmt_size(b, sizeof b, fg->size);
        if (!fg->possible) {
            printf("%-12s %-8s not possible: %s\n", fg->m->name, b, fg->why);
            continue;
        }
        figure_ok(fg, e, sizeof e);
        figure_values(fg, 3, v, &n);
        if (n == 0) {
            printf("%-12s %-8s no figures: %s\n", fg->m->name, b, e);
            continue;
        }
        add_spread_note(fg, e, sizeof e);
        stats_of(v, n, &s);
        fmt_stats(a, sizeof a, &s, fmt_rate);
        figure_values(fg, 4, v, &n);
        stats_of(v, n, &s);
        fmt_stats(c, sizeof c, &s, fmt_num);
        int si = size_index(sizes, nsizes, fg->size);
        struct stats ms, cv;
        ceiling_mb(cl->memcpy_bps, si, cl->runs, &ms);
        ceiling_mb(cl->copyver_bps, si, cl->runs, &cv);
        char pcv[32];
        snprintf(d, sizeof d, "%.1f%%", ms.median > 0 ? 100.0 * s.median / ms.median : 0.0);
        snprintf(pcv, sizeof pcv, "%.1f%%", cv.median > 0 ? 100.0 * s.median / cv.median : 0.0);
        char msgs[32];
        fmt_count(msgs, sizeof msgs, (double)figure_msgs(fg));
        printf("%-12s %-8s %-26s %-26s %-9s %-14s %-9s %s\n", fg->m->name, b, a, c, d, pcv, msgs, e);
    }
}

/* ---- CSV와 JSON ------------------------------------------------------------------------ */

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s != '\0'; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(out, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(out, "\\u%04x", ch);
        else
            fputc(ch, out);
    }
    fputc('"', out);
}

static void csv_field(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s != '\0'; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void json_stats(FILE *out, const char *key, const double *v, int n)
{
    struct stats s;
    stats_of(v, n, &s);
    fprintf(out, "\"%s\": {\"median\": %.6g, \"min\": %.6g, \"max\": %.6g, \"runs\": [", key, s.median, s.min, s.max);
    for (int i = 0; i < n; i++)
        fprintf(out, "%s%.6g", i ? ", " : "", v[i]);
    fprintf(out, "]}");
}

static void csv_row(FILE *out, const char *section, const char *mech, size_t size, const char *metric,
                    const char *unit, const double *v, int n, const char *check)
{
    struct stats s;
    stats_of(v, n, &s);
    fprintf(out, "%s,%s,%zu,%s,%s,%.6g,%.6g,%.6g,%d,", section, mech, size, metric, unit, s.median, s.min, s.max, n);
    csv_field(out, check);
    fputc('\n', out);
}

static void print_machine_readable(FILE *out, int fmt, const struct machine *mc, const struct ceilings *cl,
                                   struct figure *figs, int nfigs, const size_t *sizes, int nsizes, int all_ok)
{
    static const char *const what[] = {"p50", "p99", "max", "msgs_per_s", "MB_per_s"};
    static const char *const unit[] = {"us", "us", "us", "msgs/s", "MB/s"};
    static const char *const keys[] = {"p50_us", "p99_us", "max_us", "msgs_per_s", "MB_per_s"};
    double v[MAX_RUNS], mb[MAX_RUNS];
    char check[320];
    int n;

    if (fmt == FMT_CSV) {
        fprintf(out, "section,mechanism,size,metric,unit,median,min,max,runs,check\n");
        csv_row(out, "ceiling", "syscall", 0, "getppid", "ns", cl->syscall_ns, cl->runs, "");
        csv_row(out, "ceiling", "clock_gettime", 0, "call", "ns", cl->clock_ns, cl->runs, "");
        for (int i = 0; i < nsizes; i++) {
            for (int r = 0; r < cl->runs; r++)
                mb[r] = cl->memcpy_bps[i][r] / 1e6;
            csv_row(out, "ceiling", "memcpy", sizes[i], "bandwidth", "MB/s", mb, cl->runs, "");
            for (int r = 0; r < cl->runs; r++)
                mb[r] = cl->checksum_bps[i][r] / 1e6;
            csv_row(out, "ceiling", "checksum", sizes[i], "bandwidth", "MB/s", mb, cl->runs, "");
            for (int r = 0; r < cl->runs; r++)
                mb[r] = cl->copyver_bps[i][r] / 1e6;
            csv_row(out, "ceiling", "copy_verify", sizes[i], "bandwidth", "MB/s", mb, cl->runs, "");
        }
        for (int f = 0; f < nfigs; f++) {
            struct figure *fg = &figs[f];
            /* 바닥(1바이트 pipe 왕복)은 한계의 한 줄이다 */
            const char *section = fg->m == &mech_floor ? "ceiling" : fg->kind == 0 ? "latency" : "throughput";
            if (!fg->possible) {
                snprintf(check, sizeof check, "not possible: %s", fg->why);
                fprintf(out, "%s,%s,%zu,,,,,,0,", section, fg->m->name, fg->size);
                csv_field(out, check);
                fputc('\n', out);
                continue;
            }
            figure_ok(fg, check, sizeof check);
            add_spread_note(fg, check, sizeof check);
            for (int w = fg->kind == 0 ? 0 : 3; w < (fg->kind == 0 ? 3 : 5); w++) {
                figure_values(fg, w, v, &n);
                csv_row(out, section, fg->m->name, fg->size, what[w], unit[w], v, n, check);
            }
        }
        return;
    }

    fprintf(out, "{\n  \"machine\": {\"cpu\": ");
    json_string(out, mc->cpu);
    fprintf(out, ", \"cpus_online\": %d, \"cpus_allowed\": %d, \"kernel\": ", mc->online, mc->allowed);
    json_string(out, mc->kernel);
    fprintf(out, ", \"virtual_machine\": %s, \"loadavg\": ", mc->virtual_machine ? "true" : "false");
    json_string(out, mc->load);
    fprintf(out, ", \"clocksource\": ");
    json_string(out, mc->clocksource);
    fprintf(out, ", \"governor\": ");
    json_string(out, mc->governor);
    fprintf(out, "},\n  \"settings\": {\"runs\": %d, \"time_ms\": %.0f, \"warmup_ms\": %.0f, \"count\": %llu, "
           "\"quick\": %s, \"pin\": \"%s\", \"latency_size\": %zu},\n",
           cfg.runs, (double)cfg.time_ns / 1e6, (double)cfg.warm_ns / 1e6, (unsigned long long)cfg.count,
           cfg.quick ? "true" : "false", cfg.pin == PIN_NONE ? "none" : cfg.pin == PIN_SAME ? "same" : "split",
           cfg.lat_size);
    fprintf(out, "  \"ceilings\": {");
    json_stats(out, "syscall_ns", cl->syscall_ns, cl->runs);
    fprintf(out, ", ");
    json_stats(out, "clock_gettime_ns", cl->clock_ns, cl->runs);
    fprintf(out, ", \"memcpy_MB_per_s\": {");
    for (int i = 0; i < nsizes; i++) {
        char key[32];
        for (int r = 0; r < cl->runs; r++)
            mb[r] = cl->memcpy_bps[i][r] / 1e6;
        snprintf(key, sizeof key, "%zu", sizes[i]);
        fprintf(out, "%s", i ? ", " : "");
        json_stats(out, key, mb, cl->runs);
    }
    fprintf(out, "}, \"checksum_MB_per_s\": {");
    for (int i = 0; i < nsizes; i++) {
        char key[32];
        for (int r = 0; r < cl->runs; r++)
            mb[r] = cl->checksum_bps[i][r] / 1e6;
        snprintf(key, sizeof key, "%zu", sizes[i]);
        fprintf(out, "%s", i ? ", " : "");
        json_stats(out, key, mb, cl->runs);
    }
    fprintf(out, "}, \"copy_verify_MB_per_s\": {");
    for (int i = 0; i < nsizes; i++) {
        char key[32];
        for (int r = 0; r < cl->runs; r++)
            mb[r] = cl->copyver_bps[i][r] / 1e6;
        snprintf(key, sizeof key, "%zu", sizes[i]);
        fprintf(out, "%s", i ? ", " : "");
        json_stats(out, key, mb, cl->runs);
    }
    fprintf(out, "}},\n  \"results\": [\n");
    for (int f = 0; f < nfigs; f++) {
        struct figure *fg = &figs[f];
        fprintf(out, "    {\"mechanism\": \"%s\", \"test\": \"%s\", \"size\": %zu, \"possible\": %s", fg->m->name,
               fg->m == &mech_floor ? "floor" : fg->kind == 0 ? "latency" : "throughput", fg->size,
               fg->possible ? "true" : "false");
        if (!fg->possible) {
            fprintf(out, ", \"why\": ");
            json_string(out, fg->why);
        } else {
            int ok = figure_ok(fg, check, sizeof check);
            add_spread_note(fg, check, sizeof check);
            uint64_t verified = 0, bytes = 0, lost = 0, reordered = 0;
            for (int r = 0; r < fg->runs_done; r++)
                verified += fg->run[r].verified, bytes += fg->run[r].verified_bytes, lost += fg->run[r].lost,
                    reordered += fg->run[r].reordered;
            fprintf(out, ", \"verified\": %s, \"check\": ", ok ? "true" : "false");
            json_string(out, check);
            fprintf(out, ", \"messages_verified\": %llu, \"bytes_verified\": %llu, \"lost\": %llu, \"reordered\": %llu",
                   (unsigned long long)verified, (unsigned long long)bytes, (unsigned long long)lost,
                   (unsigned long long)reordered);
            for (int w = fg->kind == 0 ? 0 : 3; w < (fg->kind == 0 ? 3 : 5); w++) {
                figure_values(fg, w, v, &n);
                fprintf(out, ", ");
                json_stats(out, keys[w], v, n);
            }
        }
        fprintf(out, "}%s\n", f + 1 < nfigs ? "," : "");
    }
    fprintf(out, "  ],\n  \"ok\": %s\n}\n", all_ok ? "true" : "false");
}

/* ---- 한 번의 검증 요약 ----------------------------------------------------------------------- */

static void print_verification(struct figure *figs, int nfigs, int to_stdout)
{
    FILE *out = to_stdout ? stdout : stderr;
    /* --quick에는 표가 없다: 머리의 빈 줄 하나로 충분하다 */
    fprintf(out, "%s== verification: the receiver checked every message (sequence number + payload checksum) ==\n",
            cfg.quick && to_stdout ? "" : "\n");
    for (size_t i = 0; i <= NMECHS; i++) {
        const struct mech *m = i < NMECHS ? all_mechs[i] : &mech_floor; /* 바닥도 받은 바이트를 확인했다 */
        uint64_t runs = 0, msgs = 0, bytes = 0, lost = 0, reordered = 0;
        int bad = 0, any = 0;
        for (int f = 0; f < nfigs; f++) {
            if (figs[f].m != m || !figs[f].possible)
                continue;
            any = 1;
            for (int r = 0; r < figs[f].runs_done; r++) {
                runs++;
                bad += !figs[f].run[r].ok;
                msgs += figs[f].run[r].verified;
                bytes += figs[f].run[r].verified_bytes;
                lost += figs[f].run[r].lost;
                reordered += figs[f].run[r].reordered;
            }
        }
        if (!any)
            continue;
        fprintf(out, "%-12s %3llu runs, %llu messages, %.1f MB: ", m->name, (unsigned long long)runs,
                (unsigned long long)msgs, (double)bytes / 1e6);
        if (bad)
            fprintf(out, "FAILED in %d runs\n", bad);
        else if (m->promises & P_DELIVERY)
            fprintf(out, "all verified\n");
        else
            fprintf(out, "all verified; %llu lost, %llu reordered (UDP promises neither)\n",
                    (unsigned long long)lost, (unsigned long long)reordered);
    }
}

/* ---- main ------------------------------------------------------------------------------ */

int main(int argc, char *argv[])
{
    static const char *const pins[] = {"none", "same", "split"};
    static const char *const fmts[] = {"table", "csv", "json"};
    static const char *const progs[] = {"auto", "always", "never"};
    static const char *const injects[] = {"none", "corrupt", "drop", "dup", "stale"};
    static const struct option longopts[] = {
        {"mech", required_argument, NULL, 'm'},   {"sizes", required_argument, NULL, 's'},
        {"runs", required_argument, NULL, 'r'},   {"time", required_argument, NULL, 't'},
        {"count", required_argument, NULL, 'n'},  {"warmup", required_argument, NULL, 'w'},
        {"pin", required_argument, NULL, 'p'},    {"format", required_argument, NULL, 'f'},
        {"quick", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
        {"name", required_argument, NULL, 1},     {"latency-size", required_argument, NULL, 2},
        {"slots", required_argument, NULL, 3},    {"spin-us", required_argument, NULL, 4},
        {"udp-window", required_argument, NULL, 5}, {"progress", required_argument, NULL, 6},
        {"inject", required_argument, NULL, 7},   {"summarize", required_argument, NULL, 8},
        {"csv", required_argument, NULL, 9},      {NULL, 0, NULL, 0},
    };
    int chosen[NMECHS] = {0}, fmt = FMT_TABLE, opt, any_mech = 0;
    const char *summarize_arg = NULL, *csv_path = NULL;
    size_t sizes[MAX_SIZES] = {64, 4096, 65536, 1048576};
    int nsizes = 4;

    /* 표를 파일이나 파이프로 읽는 테스트가 있으니 한 줄씩 내보낸다 */
    setvbuf(stdout, NULL, _IOLBF, 0);

    cfg.runs = 3;
    cfg.time_ns = 300 * 1000000LL;
    cfg.warm_ns = 40 * 1000000LL;
    cfg.pin = PIN_SPLIT; /* 두 CPU를 쓸 수 있으면; 아니면 choose_cpus가 none으로 바꾼다 */
    int pin_given = 0;
    cfg.lat_size = LAT_DEFAULT_SIZE;
    cfg.spin_ns = 20000; /* 20 µs */
    cfg.udp_window = -1;
    snprintf(cfg.prefix, sizeof cfg.prefix, "/bench");
    progress_mode = PROGRESS_AUTO;

    while ((opt = getopt_long(argc, argv, "m:s:r:t:n:w:p:f:qh", longopts, NULL)) != -1) {
        switch (opt) {
        case 'm': parse_mechs(optarg, chosen), any_mech = 1; break;
        case 's': nsizes = parse_sizes(optarg, sizes); break;
        case 'r': cfg.runs = (int)parse_number("-r", optarg, 1, MAX_RUNS); break;
        case 't': cfg.time_ns = parse_number("-t", optarg, 1, 60000) * 1000000LL; break;
        case 'n': cfg.count = (uint64_t)parse_number("-n", optarg, 3, 10000000); break;
        case 'w': cfg.warm_ns = parse_number("-w", optarg, 0, 10000) * 1000000LL; break;
        case 'p': cfg.pin = (enum pin_mode)pick("--pin", optarg, pins, 3), pin_given = 1; break;
        case 'f': fmt = pick("--format", optarg, fmts, 3); break;
        case 'q': cfg.quick = 1; break;
        case 'h': help(); return 0;
        case 1:
            if (optarg[0] != '/' || strchr(optarg + 1, '/') != NULL || strlen(optarg) < 2 || strlen(optarg) > 40)
                bad_usage("--name: expected /NAME (one leading slash, 1..39 characters), got '%s'", optarg);
            snprintf(cfg.prefix, sizeof cfg.prefix, "%s", optarg);
            break;
        case 2: cfg.lat_size = parse_size("--latency-size", optarg); break;
        case 3:
            cfg.slots = (unsigned)parse_number("--slots", optarg, 2, 4096);
            if (cfg.slots & (cfg.slots - 1))
                bad_usage("--slots: must be a power of two, got '%s'", optarg);
            break;
        case 4: cfg.spin_ns = parse_number("--spin-us", optarg, 0, 1000000) * 1000; break;
        case 5: cfg.udp_window = (int)parse_number("--udp-window", optarg, 0, 4096); break;
        case 6: progress_mode = pick("--progress", optarg, progs, 3); break;
        case 7: cfg.inject = (enum inject_kind)pick("--inject", optarg, injects, 5); break;
        case 8: summarize_arg = optarg; break;
        case 9:
            if (optarg[0] == '\0')
                bad_usage("--csv: expected a file name");
            csv_path = optarg;
            break;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc)
        bad_usage("unexpected argument '%s'", argv[optind]);
    if (summarize_arg != NULL) {
        const struct mech *m = NULL; /* -m의 첫 방식 (경고 문구가 방식에 따라 다르다) */
        for (size_t i = 0; i < NMECHS && m == NULL; i++)
            if (chosen[i])
                m = all_mechs[i];
        return summarize(summarize_arg, m);
    }
    if (!any_mech)
        for (size_t i = 0; i < NMECHS; i++)
            chosen[i] = 1;
    if (cfg.count > 0 && cfg.quick)
        bad_usage("give either --quick or -n COUNT, not both");
    if (cfg.quick && fmt != FMT_TABLE)
        bad_usage("--quick checks and prints no figures: nothing for --format=%s (for a short run: -n COUNT)",
                  fmts[fmt]);
    if (cfg.quick && csv_path != NULL)
        bad_usage("--quick checks and prints no figures: nothing for --csv (for a short run: -n COUNT)");
    if (cfg.quick) {
        /* 적은 메시지: 수치는 거칠지만 모든 방식, 모든 크기의 검증이 몇 초 안에 끝난다 */
        cfg.warm_count = 10;
    } else if (cfg.count > 0) {
        cfg.warm_count = cfg.count / 10 < 10 ? 10 : cfg.count / 10;
    }
    progress_tty = progress_mode != PROGRESS_NEVER && progress_mode != PROGRESS_ALWAYS && isatty(STDERR_FILENO);
    if (progress_mode == PROGRESS_ALWAYS)
        progress_tty = isatty(STDERR_FILENO);

    /* ---- 준비 ---- */
    size_t max_size = cfg.lat_size;
    for (int i = 0; i < nsizes; i++)
        if (sizes[i] > max_size)
            max_size = sizes[i];
    struct machine mc;
    describe_machine(&mc);
    if (choose_cpus(pin_given) == -1 || install_handlers() == -1 || make_source(max_size) == -1)
        return 1;
    /* --csv: 표와 함께 CSV를 파일에도 쓴다 (make bench PLOT=1의 gnuplot이 읽는다). 1분을 잰 뒤에야
     * 파일을 열 수 없다고 알리지 않도록 지금 연다. 보통의 결과 파일이라 0644 (umask가 더 줄인다). */
    FILE *csv_out = NULL;
    if (csv_path != NULL) {
        int fd = open(csv_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd == -1 || (csv_out = fdopen(fd, "w")) == NULL) {
            fprintf(stderr, "%s: %s: %s\n", prog, csv_path, strerror(errno));
            if (fd != -1)
                close(fd);
            return 1;
        }
    }
    if (make_tmpdir() == -1)
        return 1;

    /* 수치의 목록: 방식마다 지연 하나와 크기마다 처리량 하나 */
    int nfigs = 0;
    struct figure *figs = calloc(NMECHS * (MAX_SIZES + 1) + 1, sizeof *figs);
    uint64_t *lat_sums = sums_for(cfg.lat_size), *size_sums[MAX_SIZES];
    int failed = lat_sums == NULL || figs == NULL;
    for (int i = 0; i < nsizes; i++)
        failed |= (size_sums[i] = sums_for(sizes[i])) == NULL;
    for (size_t i = 0; i < NMECHS && !failed; i++) {
        const struct mech *m = all_mechs[i];
        if (!chosen[i])
            continue;
        for (int k = -1; k < nsizes; k++) {
            struct figure *fg = &figs[nfigs++];
            fg->m = m;
            fg->kind = k >= 0;
            fg->size = k >= 0 ? sizes[k] : cfg.lat_size;
            if (m->latency_only && k >= 0) {
                /* 메시지를 나르지 못하는 방식(signal): 처리량에는 "not possible" 줄 하나 */
                fg->size = 0;
                fg->possible = m->possible(fg->size, fg->why, sizeof fg->why);
                break;
            }
            fg->possible = m->latency_only || m->possible(fg->size, fg->why, sizeof fg->why);
            fg->run = calloc((size_t)cfg.runs, sizeof *fg->run);
            failed |= fg->run == NULL;
        }
    }
    /* 바닥(1바이트 pipe 왕복)은 방식들과 같은 반복 안에서, 같은 고정으로 잰다 (반복마다 끝에 한 번).
     * --quick은 수치를 보이지 않으니 재지 않는다. */
    if (!cfg.quick && !failed) {
        struct figure *fg = &figs[nfigs++];
        fg->m = &mech_floor;
        fg->size = 1;
        fg->possible = 1;
        fg->run = calloc((size_t)cfg.runs, sizeof *fg->run);
        failed |= fg->run == NULL;
    }
    if (failed) {
        fprintf(stderr, "%s: out of memory\n", prog);
        remove_tmpdir();
        return 1;
    }

    if (fmt == FMT_TABLE) {
        char lat[32];
        fmt_size(lat, sizeof lat, cfg.lat_size);
        printf("machine:  %s, %d CPUs online (%d usable), %s%s\n", mc.cpu, mc.online, mc.allowed, mc.kernel,
               mc.virtual_machine ? ", virtual machine" : "");
        printf("state:    load average %s, clocksource %s, cpufreq governor %s\n", mc.load, mc.clocksource,
               mc.governor);
        if (mc.load1 >= 0.5 && !cfg.quick) /* --quick은 수치를 보이지 않는다: 부하는 검사를 흔들지 않는다 */
            printf("          warning: the machine is busy (load %.2f): other work shares the CPUs, so the figures\n"
                   "          will be noisy; watch the [min - max] spread, or run again on an idle machine\n",
                   mc.load1);
        if (cfg.quick)
            printf("settings: --quick: checks only: %d run%s per mechanism and size, a few hundred messages each;\n"
                   "          no figures: such short runs end before a mechanism settles (biased, not just rough)\n",
                   cfg.runs, cfg.runs == 1 ? "" : "s");
        else if (cfg.count > 0)
            printf("settings: %llu messages per run after %llu warm-up messages, %d runs per figure\n",
                   (unsigned long long)cfg.count, (unsigned long long)cfg.warm_count, cfg.runs);
        else
            printf("settings: %d runs per figure, each %.0f ms measured after a %.0f ms warm-up\n", cfg.runs,
                   (double)cfg.time_ns / 1e6, (double)cfg.warm_ns / 1e6);
        printf("          pinning: %s", cfg.pin == PIN_NONE ? "none (the scheduler decides)" : "");
        /* (--pin=same / --pin=none과 비교해 보라: NOTES.md의 "공정하게 재기") */
        if (cfg.pin == PIN_SAME)
            printf("both processes on CPU %d", cfg.cpu[0]);
        else if (cfg.pin == PIN_SPLIT)
            printf("sender on CPU %d, receiver on CPU %d%s", cfg.cpu[0], cfg.cpu[1], pin_given ? "" : " (default)");
        printf("; latency message %s; shm-spin spins %.0f us before futex\n", lat, (double)cfg.spin_ns / 1e3);
        printf("limits:   mq_msgsize <= %ld and mq_maxmsg <= %ld (/proc/sys/fs/mqueue), UDP datagram <= %d, "
               "unix datagram <= %ld bytes\n\n",
               mq_limit("msgsize_max", 8192), mq_limit("msg_max", 10), UDP_MAX_PAYLOAD, unix_dgram_limit());
        if (cfg.inject != INJECT_NONE)
            printf("TEST MODE: --inject=%s damages one message per run on purpose\n\n", injects[cfg.inject]);
    }

    /* ---- 한계 재기 ---- */
    struct ceilings *cl = calloc(1, sizeof *cl);
    if (cl == NULL) {
        fprintf(stderr, "%s: out of memory\n", prog);
        remove_tmpdir();
        return 1;
    }
    int64_t budget = cfg.count > 0 ? 3000000 : 30000000; /* 재는 것 하나에 3 ms / 30 ms */
    for (int r = 0; r < cfg.runs && stop_signal == 0 && !cfg.quick; r++) {
        cl->syscall_ns[r] = measure_syscall_ns(budget);
        cl->clock_ns[r] = measure_clock_ns(budget);
        for (int i = 0; i < nsizes; i++) {
            cl->memcpy_bps[i][r] = measure_memcpy_bps(sizes[i], budget);
            cl->checksum_bps[i][r] = measure_checksum_bps(sizes[i], budget);
            cl->copyver_bps[i][r] = measure_copy_verify_bps(sizes[i], budget);
        }
        cl->runs = r + 1;
    }

    /* ---- 방식 재기: 반복을 바깥에 두어 방식들을 돌아가며 잰다 ---- */
    int total = 0, done = 0, runs_failed = 0, runs_total = 0;
    for (int f = 0; f < nfigs; f++)
        total += figs[f].possible ? cfg.runs : 0;
    for (int r = 0; r < cfg.runs && stop_signal == 0; r++) {
        for (int f = 0; f < nfigs && stop_signal == 0; f++) {
            struct figure *fg = &figs[f];
            if (!fg->possible)
                continue;
            if (cfg.quick) {
                /* 크기에 맞게: 실행 하나에 많아야 200 메시지, 4 MiB 정도 (1 MiB는 16개) */
                uint64_t by_bytes = 4 * MIB / fg->size;
                cfg.count = fg->kind == 0 || by_bytes > 200 ? 200 : by_bytes < 16 ? 16 : by_bytes;
            }
            progress(done, total, fg, r);
            int si = size_index(sizes, nsizes, fg->size);
            run_once(fg->m, fg->kind, fg->size, fg->kind == 0 ? lat_sums : size_sums[si], &fg->run[r]);
            if (stop_signal != 0)
                break;
            fg->runs_done = r + 1;
            runs_total++;
            done++;
            if (!fg->run[r].ok) {
                char sz[32];
                runs_failed++;
                fmt_size(sz, sizeof sz, fg->size);
                progress_done();
                fprintf(stderr, "%s: %s %s %s run %d: %s\n", prog, fg->m->name,
                        fg->kind == 0 ? "latency" : "throughput", sz, r + 1, fg->run[r].message);
            }
        }
    }
    progress_done();

    /* ---- 정리 ---- */
    int cleanup_failed = remove_tmpdir() == -1;
    if (stop_signal != 0) {
        int sig = stop_signal;
        if (csv_out != NULL) { /* 끊긴 실행의 CSV는 없다: 비어 있는 파일을 남기지 않는다 */
            fclose(csv_out);
            if (unlink(csv_path) == -1)
                fprintf(stderr, "%s: unlink %s: %s\n", prog, csv_path, strerror(errno));
        }
        fprintf(stderr, "%s: interrupted by %s after %d of %d runs; removed every object it had created\n", prog,
                sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP", done, total);
        /* 같은 시그널로 끝난다: 기본 동작으로 되돌리고 다시 보낸다 (셸은 128+번호 를 본다) */
        signal(sig, SIG_DFL);
        raise(sig);
        return 128 + sig;
    }

    int all_ok = runs_failed == 0 && !cleanup_failed;
    if (fmt == FMT_TABLE) {
        /* --quick: 검증만 보인다. 몇 백 메시지의 창은 방식이 자리를 잡기 전에 끝나서 수치가 치우친다 */
        if (!cfg.quick)
            print_tables(cl, figs, nfigs, sizes, nsizes);
        print_verification(figs, nfigs, 1);
    } else {
        print_machine_readable(stdout, fmt, &mc, cl, figs, nfigs, sizes, nsizes, all_ok);
        print_verification(figs, nfigs, 0);
    }
    if (csv_out != NULL) {
        print_machine_readable(csv_out, FMT_CSV, &mc, cl, figs, nfigs, sizes, nsizes, all_ok);
        /* fclose가 남은 버퍼를 쓴다: 디스크가 찼다면 여기서 안다 */
        int bad = ferror(csv_out);
        if (fclose(csv_out) == EOF || bad) {
            fprintf(stderr, "%s: writing %s: %s\n", prog, csv_path, bad ? "write error" : strerror(errno));
            all_ok = 0;
        }
    }
    uint64_t msgs = 0, bytes = 0, allowed_losses = 0;
    for (int f = 0; f < nfigs; f++)
        for (int r = 0; r < figs[f].runs_done; r++) {
            msgs += figs[f].run[r].verified, bytes += figs[f].run[r].verified_bytes;
            allowed_losses += figs[f].run[r].lost + figs[f].run[r].reordered;
        }
    FILE *verdict = fmt == FMT_TABLE ? stdout : stderr;
    if (all_ok)
        fprintf(verdict, "\n%s: all %d runs verified: %llu messages, %.1f MB, %s\n", prog, runs_total,
                (unsigned long long)msgs, (double)bytes / 1e6,
                allowed_losses == 0 ? "nothing lost, duplicated, reordered or corrupted"
                                    : "nothing duplicated or corrupted; losses and reordering only where "
                                      "the mechanism does not promise delivery and order (see above)");
    else
        fprintf(verdict, "\n%s: FAILED: %d of %d runs did not verify or could not run (see the messages above)\n",
                prog, runs_failed, runs_total);

    for (int f = 0; f < nfigs; f++)
        free(figs[f].run);
    for (int i = 0; i < nsizes; i++)
        free(size_sums[i]);
    free(figs), free(lat_sums), free(cl), free(cfg.source);
    if (fflush(stdout) == EOF || ferror(stdout)) {
        fprintf(stderr, "%s: writing the results: %s\n", prog, strerror(errno));
        return 1;
    }
    return all_ok ? 0 : 1;
}
