/*
 * bench/bench.h: bench의 소스 파일들이 함께 쓰는 선언.
 *
 * 파일 나눔 (한 파일에 한 가지 생각):
 *   main.c       옵션, 실행 순서, 컴퓨터 정보, 표/CSV/JSON 출력, 시그널과 정리
 *   run.c        한 번의 측정: 두 자식 프로세스를 fork 하고 감독한다. 보내는 쪽·받는 쪽 루프와 검증
 *   ceiling.c    컴퓨터의 한계: memcpy·체크섬 속도, 맨 시스템 호출과 clock_gettime 비용, 통계
 *   mech_fd.c    파일 디스크립터로 나르는 방식: pipe, FIFO, 유닉스 소켓(stream/dgram), TCP, UDP
 *   mech_mq.c    POSIX 메시지 큐
 *   mech_shm.c   공유 메모리 링 (세마포어 / 스핀+futex)과 공유 파일 매핑
 *   mech_signal.c  sigqueue 핑퐁 (지연만 잰다)
 *
 * 빌드: 저장소 맨 위에서 make bench/bench (또는 이 디렉터리에서 cc -O2 -o bench *.c -lrt -pthread)
 */
#ifndef BENCH_H
#define BENCH_H

#include <limits.h>
#include <mqueue.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- 메시지 ----------------------------------------------------------------------------- */

/*
 * 모든 메시지는 이 헤더(24바이트)로 시작하고 본문(payload)이 뒤따른다. "크기"는 헤더를
 * 포함한 메시지 전체의 바이트 수다: 64 B 메시지의 본문은 40 B. 방식의 한계(mq_msgsize,
 * UDP 데이터그램)도 메시지 전체에 걸리므로 이렇게 세는 것이 정직하다.
 */
struct msg_header {
    uint64_t seq;   /* 순번: 0, 1, 2, ... 받는 쪽이 빠짐·중복·순서 바뀜을 찾는다 */
    uint32_t len;   /* 메시지 전체 길이 (헤더 포함) */
    uint32_t flags; /* F_MEASURED, F_END */
    uint64_t sum;   /* 본문의 체크섬: 받는 쪽이 다시 계산해 맞춰 본다 */
};
#define HDR_SIZE 24
_Static_assert(sizeof(struct msg_header) == HDR_SIZE, "struct msg_header must be 24 bytes");

#define F_MEASURED 1u /* 예열이 끝난 뒤의 메시지: 받는 쪽은 처음 본 것부터 시간을 잰다 */
#define F_END 2u      /* 이 실행의 마지막 메시지 */

#define MIB ((size_t)1024 * 1024)
#define MIN_SIZE ((size_t)32) /* 헤더 + 본문 8바이트 */
#define MAX_SIZE (16 * MIB)   /* 16 MiB */
#define LAT_DEFAULT_SIZE ((size_t)64)

/*
 * 본문은 미리 만든 난수 바이트(source)에서 잘라 온다. 순번 seq의 본문은
 * source + (seq % PERIOD) * STRIDE에서 시작한다: 이웃한 메시지의 본문이 서로 달라서
 * 이전 메시지를 다시 읽는 잘못(낡은 슬롯)도 체크섬이 잡는다. PERIOD는 소수라서
 * 2의 거듭제곱인 링 슬롯 수와 주기가 겹치지 않는다.
 */
#define PERIOD 61
#define STRIDE 64

/* 한 실행에서 쓸 수 있는 순번의 상한: 받는 쪽의 "본 순번" 비트맵 크기(8 MiB)를 정한다 */
#define MAX_SEQ (1ull << 26)
/* 지연 측정 표본의 상한 (왕복 하나에 8바이트) */
#define MAX_SAMPLES ((uint64_t)4 * 1024 * 1024)

uint64_t checksum(const void *data, size_t len);

/* ---- 설정 (main.c가 채운다) ------------------------------------------------------------- */

enum pin_mode { PIN_NONE, PIN_SAME, PIN_SPLIT };
enum inject_kind { INJECT_NONE, INJECT_CORRUPT, INJECT_DROP, INJECT_DUP, INJECT_STALE };

struct settings {
    int runs;                 /* 수치 하나당 반복 횟수 (중앙값과 최소~최대를 보인다) */
    int64_t warm_ns, time_ns; /* 시간으로 잴 때: 예열 시간, 잴 시간 (실행 하나당) */
    uint64_t count;           /* 0이 아니면 시간 대신 이 개수만큼 잰다 (-n) */
    uint64_t warm_count;      /* 개수로 잴 때의 예열 메시지 수 */
    int quick;                /* --quick: 적은 메시지로 빨리 (검증이 목적) */
    enum pin_mode pin;
    int cpu[2];               /* 고정할 CPU 번호 (PIN_SAME이면 cpu[0]만) */
    size_t lat_size;          /* 지연 측정의 메시지 크기 */
    unsigned slots;           /* 링의 슬롯 수 (0: 크기에 맞게 자동) */
    int64_t spin_ns;          /* shm-spin: 잠들기 전에 돌며 기다리는 시간 */
    int udp_window;           /* UDP 흐름 제어 창 (-1: 자동, 0: 끔) */
    enum inject_kind inject;  /* 시험용: 일부러 망가뜨릴 것 */
    char prefix[64];          /* POSIX 이름 앞부분 (기본 /bench) */
    char tmpdir[PATH_MAX];    /* 이 실행의 임시 디렉터리 (FIFO, 소켓 파일, 매핑 파일) */
    unsigned char *source;    /* 본문 원본 (난수 바이트) */
    size_t source_len;
};
extern struct settings cfg;

/* SIGINT/SIGTERM/SIGHUP을 받으면 시그널 핸들러가 번호를 적는다. 정리는 보통의 코드가 한다. */
extern volatile sig_atomic_t stop_signal;

/* ---- 통로 (channel) ---------------------------------------------------------------------- */

enum role { ROLE_A = 0, ROLE_B = 1 }; /* A: 보내는 쪽 (핑), B: 받는 쪽 (퐁) */

struct ring; /* mech_shm.c */

/*
 * 한 번의 측정에 쓰는 통로. 제어 프로세스가 setup에서 커널 객체를 만들고(이름, fd,
 * 매핑), fork 한 두 자식이 그것을 물려받아 open에서 자기 몫만 남긴다. 끝나면 제어
 * 프로세스가 teardown에서 닫고 지운다. 자식은 아무것도 지우지 않는다: 자식이 어떻게
 * 죽든(SIGKILL 이라도) 정리는 제어 프로세스 한 곳에서 한다.
 */
struct chan {
    const struct mech *m;
    size_t size;   /* 메시지 하나의 바이트 수 (헤더 포함) */
    int duplex;    /* 1: 지연 측정 (양방향), 0: 처리량 (A → B 한 방향) */
    unsigned id;   /* 이 프로세스 안에서의 실행 번호: 이름이 겹치지 않게 */

    /* 제어 프로세스가 만드는 것 */
    int fds[4];
    char path[2][108]; /* FIFO, 소켓 파일, 매핑 파일 (sun_path는 108바이트) */
    char name[2][96];  /* POSIX 이름 (mq, shm) */
    mqd_t mq[2];
    unsigned char *map;
    size_t map_len;
    struct ring *ring[2];
    uint16_t port[2]; /* TCP/UDP: 127.0.0.1의 임시 포트 (커널이 고른 것, 네트워크 바이트 순서) */
    pid_t peer;       /* signal: 상대 프로세스 */

    /* 자식이 자기 역할에서 쓰는 것 */
    int role;
    int in, out;               /* 읽고 쓰는 fd */
    struct ring *rin, *rout;   /* 읽는 링, 쓰는 링 */
    uint32_t in_pos, out_pos;  /* 링에서 이 쪽이 센 위치 */
    uint32_t in_peer, out_peer; /* shm-spin: 상대의 위치를 마지막으로 읽은 값 */
    mqd_t qin, qout;
    unsigned char *sendbuf;    /* mq_send처럼 한 버퍼만 받는 호출을 위해 */
    int window;                /* UDP 흐름 제어: 답을 받지 않고 보낼 수 있는 메시지 수 */
    uint64_t acked;            /* UDP: 받는 쪽이 받았다고 알린 순번 (다음 것) */
    uint64_t got, max_seen;    /* UDP 받는 쪽: 받은 수, 본 가장 큰 순번 + 1 */
    uint64_t ack_timeouts;

    const char *what; /* 마지막으로 실패한 호출의 이름 (오류 문구에 쓴다) */
};

/* ---- 한 쪽의 결과 (자식 → 제어 프로세스, 파이프로) -------------------------------------- */

struct side_result {
    int finished;        /* 1: 끝까지 돌았다 */
    char error[160];     /* 비어 있지 않으면: 돌지 못한 이유 */
    char problem[160];   /* 검증에서 처음 찾은 문제 (seq와 종류) */
    uint64_t seqs;       /* 보낸 쪽: 쓴 순번의 수 (0..seqs-1) */
    uint64_t received;   /* 받은 메시지 수 */
    uint64_t unique;     /* 서로 다른 순번의 수 */
    uint64_t dup, reordered, corrupted, bad_len, bad_seq;
    uint64_t bytes;      /* 검증한 바이트 수 */
    int64_t t0, t1;      /* 받는 쪽: 처음 잰 메시지와 마지막 메시지를 확인한 시각 (ns) */
    uint64_t s0, s1;     /* 그 두 메시지의 순번 */
    uint64_t after;      /* 받는 쪽: s0 뒤에 받은 잰 메시지 수 (잃어버린 것은 빠진다) */
    int tail_lost;       /* UDP: 마지막 메시지를 기다리다 시간이 다 됐다 */
    uint64_t ack_timeouts;
    uint64_t rtts;       /* 지연: 잰 왕복 수 */
    int64_t p50, p99, pmax; /* 지연: 왕복 시간 (ns) */
    int injected;        /* 시험용 고장을 넣었다 */
};

/* ---- 방식 (mechanism) ------------------------------------------------------------------ */

#define P_ORDER 1u    /* 보낸 순서대로 도착한다고 약속한다 */
#define P_DELIVERY 2u /* 잃어버리지 않는다고 약속한다 */

struct mech {
    const char *name;  /* -m에 쓰는 이름 */
    const char *about; /* 한 줄 설명 (영어, --help) */
    unsigned promises;
    int latency_only;  /* 1: 데이터를 나르지 않는다 (signal) */
    int stream;        /* 1: 바이트 흐름 (메시지 경계가 없다: 길이가 틀리면 더 읽을 수 없다) */
    int ring;          /* 1: 공유 메모리 링 (--slots가 적용된다) */
    /* size를 나를 수 있으면 1. 아니면 0과 이유 (why). */
    int (*possible)(size_t size, char *why, size_t whylen);
    int (*setup)(struct chan *c);          /* 제어 프로세스, fork 전. 실패: -1, c->what, errno */
    int (*open)(struct chan *c, int role); /* 자식 */
    /* 헤더와 본문을 메시지 하나로 보낸다. 실패: -1 */
    int (*send)(struct chan *c, const void *hdr, const void *payload, size_t plen);
    /* 메시지 하나를 buf에 받는다. 돌려주는 값: 받은 길이, 0 (상대가 닫음), -1 (오류) */
    ssize_t (*recv)(struct chan *c, void *buf, size_t cap);
    void (*teardown)(struct chan *c); /* 제어 프로세스: 닫고 지운다. 몇 번 불러도 된다 */
    /* 메시지를 나르지 못하는 방식은 핑퐁을 직접 한다 (signal) */
    void (*ping)(struct chan *c, struct side_result *r);
    void (*pong)(struct chan *c, struct side_result *r);
};

extern const struct mech mech_pipe, mech_fifo, mech_mqueue, mech_shm_sem, mech_shm_spin, mech_filemap,
    mech_unix_stream, mech_unix_dgram, mech_tcp, mech_udp, mech_signal;
/* 바닥(floor): 1바이트 pipe 왕복. 방식이 아니라 한계 표의 한 줄이다 (mech_fd.c) */
extern const struct mech mech_floor;

/* ---- 도우미 (run.c, ceiling.c) ---------------------------------------------------------- */

int64_t now_ns(void);
int fail(struct chan *c, const char *what); /* c->what = what으로 두고 -1 (errno는 그대로) */
void init_chan(struct chan *c, const struct mech *m, size_t size, int duplex, unsigned id);
void object_name(char *buf, size_t len, unsigned id, const char *what); /* /prefix-PID-id-what */
int object_path(char *buf, size_t len, unsigned id, const char *what);  /* tmpdir/id-what */
void note(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* 보내는 쪽의 규칙 (run.c): 예열이 끝났는가, 잰 메시지 m 개 뒤의 다음 것을 마지막으로 할까 */
int warm_done(uint64_t seq, int64_t start);
int is_last(uint64_t m, uint64_t seq, int64_t now, int64_t mstart, uint64_t max_m);

/* 방식 하나, 측정 하나, 실행 한 번의 결과 (제어 프로세스가 두 쪽을 합친 것) */
struct run_result {
    int ok;            /* 검증까지 모두 통과 */
    int fatal;         /* 돌지 못했다 (오류) */
    char message[400]; /* 실패했다면 그 까닭 */
    double value;      /* 처리량: 초당 메시지 수 */
    uint64_t msgs;     /* 처리량: 잰 메시지 수 (s1 - s0) / 지연: 왕복 수 */
    int64_t p50, p99, pmax;
    uint64_t verified, verified_bytes, lost, reordered;
    int tail_lost;
};

/* kind: 0 = 지연 (size = 지연 메시지 크기), 1 = 처리량 */
void run_once(const struct mech *m, int kind, size_t size, const uint64_t *sums, struct run_result *out);

/* ceiling.c */
struct stats { double median, min, max; };
void stats_of(const double *v, int n, struct stats *s); /* 짝수 개면 아래 중앙값 (lower median) */
/* 반복이 이보다 더 갈리면 (최대/최소) 그 줄에 경고를 붙인다: 중앙값 하나로 읽을 수 없는 수치다 */
#define SPREAD_WARN 10.0
double spread_of(const struct stats *s);
double measure_syscall_ns(int64_t budget_ns);
double measure_clock_ns(int64_t budget_ns);
double measure_memcpy_bps(size_t size, int64_t budget_ns);
double measure_checksum_bps(size_t size, int64_t budget_ns);
double measure_copy_verify_bps(size_t size, int64_t budget_ns);
int64_t percentile(const int64_t *sorted, uint64_t n, double p);
void sort_ns(int64_t *v, uint64_t n);
/* 잰 왕복 시간 m 개를 정렬해 r의 rtts, p50, p99, pmax에 적는다 (m이 0이면 모두 0) */
void record_latency(struct side_result *r, int64_t *samples, uint64_t m);

/* mech_mq.c: /proc/sys/fs/mqueue의 한계 (읽지 못하면 리눅스 기본값) */
long mq_limit(const char *file, long fallback);
/* mech_fd.c: 유닉스 데이터그램 소켓이 보낼 수 있는 가장 큰 데이터그램 */
long unix_dgram_limit(void);
#define UDP_MAX_PAYLOAD 65507 /* 65535 - IPv4 헤더 20 - UDP 헤더 8 */

#endif
