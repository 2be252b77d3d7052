/*
 * 06-shm/exercises/1-slot-never-returned/server.c: 06-shm/server.c를 옮겨 온 연습 1의 시작 코드 (README.md).
 * POSIX 공유 메모리에 고리 버퍼(ring buffer)를 만들고, client 들이 넣은 기록을 꺼낸다.
 *
 * 공유 메모리는 커널이 "같은 물리 페이지를 두 프로세스의 주소 공간에 함께 매핑해 주는 것"이다.
 * 준비(shm_open, ftruncate, mmap)에는 시스템 호출이 들지만, 그 뒤로 데이터는 보통의 메모리 읽기와
 * 쓰기로 오간다: read/write도, 커널 안의 복사도 없다. 대신 동기화도 없다. 그래서 고리 안에
 * 프로세스 공유 세마포어 셋(lock, spaces, items)을 두고 생산자(client)-소비자(server)로 쓴다.
 *
 *   client A ─┐  sem_wait(spaces)             /dev/shm/ipc-shm-demo (tmpfs의 페이지)
 *   client B ─┼─ sem_wait(lock) ──대입──▶  [ 헤더 | 세마포어 3 | slot 0 1 2 ... 15 ]
 *             └─ sem_post(lock), sem_post(items)        │ tail % 16의 칸을 복사
 *                                                       ▼
 *                                  server: sem_wait(items), 복사, sem_post(spaces), 확인
 *
 * 빌드와 실행 (이 디렉터리에서):
 *   cc -o server server.c -lrt -pthread && cc -o client client.c -lrt -pthread
 *   터미널 1: ./server                      /dev/shm/ipc-shm-demo를 만들고 기다린다 (Ctrl-C로 끝)
 *   터미널 2: ./client hello                기록 하나
 *             ./client -c 100 tick          기록 100개: 순서와 체크섬을 server가 확인한다
 *   채점 (저장소 맨 위에서): make exercise EX=06-shm/1
 *
 * 출력:
 *   server: ready on /ipc-shm-demo (pid 4241): 16 slots of 64 bytes, 1152 bytes in /dev/shm
 *   server: pid 4242: 1 of 1 records, in order, checksums ok: "hello"
 *   server: pid 4243: 100 of 100 records, in order, checksums ok: "tick"
 *   server: SIGINT: 101 records, 0 client(s) unfinished; removed /ipc-shm-demo
 *
 * 읽을 man 페이지: man 7 shm_overview, man 3 shm_open, man 2 ftruncate, man 2 mmap,
 *                 man 7 sem_overview, man 3 sem_init, man 3 sem_wait, man 3 sem_post
 */
#define _POSIX_C_SOURCE 200809L /* shm_open, sem_timedwait, clock_gettime, sigaction (POSIX.1-2008) */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

#define MAX_CLIENTS 64 /* 동시에 기록을 보내는 client를 이만큼까지 따로 센다 */

static const char *created = NULL; /* 우리가 만든 객체의 이름: 끝날 때(오류로 끝나도) 지운다 */

/* client 하나의 진행: 다음에 올 seq와, 순서가 어긋난(빠졌거나 겹친) 기록 수. pid 0은 빈 칸. */
static struct client {
    int32_t pid;
    uint32_t next, bad;
} clients[MAX_CLIENTS];

static void usage(FILE *to)
{
    fprintf(to, "usage: server [-n NAME]\n");
}

static void help(void)
{
    usage(stdout);
    printf("\n공유 메모리 NAME (기본 %s)에 기록 %u칸의 고리를 만들고, client 들이 넣은 기록을 꺼내\n"
           "client마다 순서와 체크섬을 확인한다. SIGINT/SIGTERM/SIGHUP에 객체를 지우고 0으로 끝난다.\n",
           DEFAULT_NAME, NSLOTS);
}

/* "server: 호출: 오류 문구"를 알리고, 만든 객체가 있으면 지우고 1로 끝낸다 */
static void die(const char *what, const char *hint)
{
    fprintf(stderr, "server: %s: %s%s\n", what, strerror(errno), hint);
    if (created != NULL)
        shm_unlink(created); /* 실패해도 더 할 일이 없다: 이미 끝내는 중이다 */
    exit(1);
}

/* 이 PID의 진행 칸. 그 client의 첫 기록(seq 1)이면 빈 칸을 준다. 없으면 NULL. */
static struct client *client_for(int32_t pid, uint32_t seq)
{
    for (int i = 0; i < MAX_CLIENTS; i++)
        if (clients[i].pid == pid)
            return &clients[i];
    for (int i = 0; i < MAX_CLIENTS && seq == 1; i++)
        if (clients[i].pid == 0)
            return &clients[i];
    return NULL;
}

/* 기록 하나를 확인한다: 체크섬, 그리고 그 client의 seq가 1, 2, 3 ... 빠짐도 겹침도 없이 오는가.
 * 칸은 객체를 열 수 있는 어느 프로세스나 쓸 수 있으므로, 내용을 믿지 않고 확인한다. */
static void check(const struct record *r)
{
    struct client *c = r->pid > 0 ? client_for(r->pid, r->seq) : NULL;
    if (record_sum(r) != r->sum || r->seq == 0 || r->seq > r->total || c == NULL) {
        printf("server: dropped a bad record (pid %ld, seq %lu)\n", (long)r->pid, (unsigned long)r->seq);
        return;
    }
    if (r->seq == 1) /* 새 client: 같은 PID가 다시 쓰였어도 처음부터 센다 */
        *c = (struct client){.pid = r->pid, .next = 1};
    c->bad += r->seq != c->next; /* 하나 빠지면 다음 것이, 겹치면 겹친 것이 어긋난다 */
    c->next = r->seq + 1;
    if (r->seq < r->total)
        return;
    /* 마지막 기록: 그 client의 결과를 알리고 칸을 비운다 */
    printf("server: pid %ld: %lu of %lu records, ", (long)r->pid, (unsigned long)r->seq, (unsigned long)r->total);
    if (c->bad)
        printf("%lu out of sequence: ", (unsigned long)c->bad);
    else
        printf("in order, checksums ok: ");
    print_quoted(stdout, r->text, TEXT_MAX); /* client가 고른 글자: 제어 문자는 \xHH로 */
    printf("\n");
    c->pid = 0;
}

int main(int argc, char *argv[])
{
    const char *name = DEFAULT_NAME; /* -n: 공유 메모리 객체의 이름 */
    int opt;

    /* 테스트는 출력을 파일로 읽는다: 줄마다 내보내야 버퍼에 갇히지 않는다 */
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        help();
        return 0;
    }
    while ((opt = getopt(argc, argv, "hn:")) != -1) {
        switch (opt) {
        case 'h': help(); return 0;
        case 'n': name = optarg; break;
        default: usage(stderr); return 2;
        }
    }
    if (optind != argc || !shm_name_ok("server", name)) {
        usage(stderr);
        return 2;
    }

    /* 1. 시그널 핸들러 (common.h): 플래그만 세우고, SA_RESTART 없이 sem_timedwait를 끊는다.
     *    객체를 만들기 전에 단다: 준비하는 도중에 온 SIGTERM도 아래의 정리를 거친다. */
    if (catch_stop_signals() == -1)
        die("sigaction", "");

    /* 2. 객체를 만든다. 리눅스의 glibc는 이것을 open("/dev/shm/NAME", ...)으로 한다: tmpfs 위의
     *    파일이고, 크기 0으로 태어난다. O_EXCL: 이미 있으면(도는 server, 또는 SIGKILL된 server가
     *    남긴 것) 남의 것을 덮어쓰지 않고 실패한다. 0600: 나만 읽고 쓴다. FD_CLOEXEC는 shm_open이
     *    늘 켠다 (man 3 shm_open: O_CLOEXEC는 받는 플래그가 아니다). */
    int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd == -1)
        die("shm_open", errno == EEXIST ? " (a server is running, or a killed one left it behind: rm it)" : "");
    created = name; /* 이제부터는 어느 길로 끝나든 지운다 */

    /* 3. 크기를 정한다. 새 바이트는 커널이 0으로 채운다. 이것을 빠뜨리면 mmap은 성공하지만
     *    첫 접근에서 SIGBUS다: 객체의 끝 너머 페이지이기 때문이다 (experiments/sigbus_without_ftruncate). */
    if (ftruncate(fd, (off_t)sizeof(struct ring)) == -1)
        die("ftruncate", "");

    /* 4. 내 주소 공간에 매핑한다. MAP_SHARED: 쓴 것이 객체(같은 물리 페이지)에 가서 다른 프로세스에게
     *    보인다 (MAP_PRIVATE라면 쓰는 순간 내 사본이 생긴다). 매핑은 fd를 닫아도 남는다. */
    struct ring *ring = mmap(NULL, sizeof *ring, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (ring == MAP_FAILED) /* 실패는 NULL이 아니라 MAP_FAILED다 */
        die("mmap", "");
    if (close(fd) == -1)
        die("close", "");

    /* 5. 세마포어를 고리 안에 둔다. pshared = 1: 프로세스 사이에서 쓴다. 그러려면 세마포어 자체가
     *    공유 메모리에 있어야 한다 (보통 전역 변수라면 fork 뒤에 프로세스마다 따로인 사본이다).
     *    이름 있는 세마포어(sem_open) 대신 이것을 쓰는 까닭: 치울 이름이 객체 하나뿐이고, 객체와 함께
     *    새로 태어나므로 지난 실행이 남긴 값을 물려받지 않는다 (NOTES 1.4절). */
    if (sem_init(&ring->lock, 1, 1) == -1 || sem_init(&ring->spaces, 1, NSLOTS) == -1 ||
        sem_init(&ring->items, 1, 0) == -1)
        die("sem_init", "");
    ring->version = RING_VERSION; /* head와 tail은 ftruncate가 채운 0 그대로다 */
    ring->nslots = NSLOTS;                     /* client가 자기가 아는 모양과 맞춰 본다 */
    ring->record_size = sizeof(struct record);
    ring->server_pid = (int32_t)getpid();      /* client가 "server가 아직 있나"를 물을 때 쓴다 */

    /* 6. 마지막으로 magic을 쓴다 (release): magic을 acquire로 읽은 client에게는 위의 모든 쓰기가
     *    먼저 보인다. magic이 아직 0인 객체를 연 client는 "준비되지 않았다"고 알고 물러난다.
     *    준비 줄은 그 뒤에 찍는다: 이 줄을 본 뒤에 온 client는 반드시 준비된 고리를 본다. */
    atomic_store_explicit(&ring->magic, RING_MAGIC, memory_order_release);
    printf("server: ready on %s (pid %ld): %u slots of %zu bytes, %zu bytes in /dev/shm\n", name,
           (long)getpid(), NSLOTS, sizeof(struct record), sizeof *ring);

    /* 7. 꺼내기. 찬 칸(items)이 있을 때까지 기다렸다가, 칸을 내 변수로 복사한다.
     *    확인은 복사본으로 한다: 칸을 쥐는 시간이 짧을수록 client가 덜 기다린다.
     *    기록이 있는 동안 이 반복에는 시스템 호출이 없다: sem_wait/sem_post는 공유 메모리 위의
     *    원자 연산이고, 기다려야 하거나 잠든 상대를 깨울 때만 futex(2)로 커널을 부른다. */
    unsigned long long records = 0; /* 꺼낸 기록 수 (틀린 것도 센다) */
    while (!stop_signal) {
        if (sem_wait_tick(&ring->items) == -1) {
            if (errno == EINTR || errno == ETIMEDOUT)
                continue; /* 시그널이 왔거나 TICK이 지났다: 플래그를 다시 본다 */
            die("sem_timedwait", "");
        }
        struct record r = ring->slot[ring->tail % NSLOTS]; /* 64바이트 복사: 보통의 메모리 읽기 */
        ring->tail++;                                      /* tail은 server만 쓴다: 잠그지 않는다 */
        if (sem_post(&ring->spaces) == -1)                 /* 칸을 돌려준다: 기다리던 client가 깬다 */
            die("sem_post", "");
        records++;
        check(&r);
    }

    /* 8. 정리. shm_unlink는 이름만 지운다: 아직 매핑한 client가 있으면 메모리는 그 client가 풀 때까지
     *    남고, 새 client는 더 열 수 없다. sem_destroy는 하지 않는다: client가 아직 그 세마포어에서
     *    기다리고 있을 수 있고, 기다리는 세마포어를 없애는 것은 정의되지 않은 동작이다 (man 3 sem_destroy).
     *    메모리는 마지막 매핑이 풀릴 때 커널이 거둔다. SIGKILL이면 이 코드는 돌지 못하고 이름이 남는다. */
    int left = 0;
    for (int i = 0; i < MAX_CLIENTS; i++)
        left += clients[i].pid != 0; /* 마지막 기록을 아직 보내지 않은 client */
    if (shm_unlink(name) == -1)
        die("shm_unlink", "");
    created = NULL;
    if (munmap(ring, sizeof *ring) == -1)
        die("munmap", "");
    printf("server: %s: %llu records, %d client(s) unfinished; removed %s\n", stop_name(stop_signal), records,
           left, name);
    return 0;
}
