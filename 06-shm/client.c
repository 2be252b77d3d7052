/*
 * 06-shm/client.c: server가 만든 공유 메모리의 고리 버퍼에 기록을 넣는다 (생산자).
 *
 * 남이 만든 객체를 열 때는 믿지 않고 확인한다: fstat으로 크기를 보고(객체보다 긴 매핑을 만지면
 * SIGBUS로 죽는다), 매핑한 뒤 magic과 version을 본다(이름이 같은 엉뚱한 객체일 수 있다).
 * 그다음부터 기록 하나를 넣는 일은 세마포어 두 개와 64바이트 복사뿐이다: 커널을 부르지 않는다.
 *
 *   shm_open(O_RDWR)         없으면 ENOENT, 남의 0600 객체면 EACCES
 *   fstat                    크기가 고리와 다르면 거절 (짧은데 매핑해 만지면 SIGBUS가 날 자리)
 *   mmap(MAP_SHARED)         server와 같은 물리 페이지, 주소는 server와 다를 수 있다
 *   magic, version           이름만 같은 엉뚱한 객체나 준비 전의 객체를 거절
 *   기록마다: sem_wait(spaces) → sem_wait(lock) → 칸에 대입 → sem_post(lock) → sem_post(items)
 *
 * 빌드와 실행 (server가 떠 있을 때, 06-shm 디렉터리에서; 디렉터리만 복사했다면 cc -o client client.c -lrt -pthread):
 *   ./client hello                   기록 하나 ("hello")
 *   ./client -c 100000 tick          기록 10만 개: 고리가 차면 server가 비울 때까지 기다린다
 *   ./client -n /other -c 5 hi       다른 이름의 server에게
 *
 * 출력:
 *   client: sent 1 of 1 records to /ipc-shm-demo: "hello"
 *   client: shm_open /ipc-shm-demo: No such file or directory (is the server running?)
 *   client: /ipc-shm-demo is 10 bytes, a ring is 1152: not made by this chapter's server
 *
 * 읽을 man 페이지: man 3 shm_open, man 2 fstat, man 2 mmap, man 3 sem_wait, man 3 sem_post
 */
#define _POSIX_C_SOURCE 200809L /* shm_open, sem_timedwait, clock_gettime, sigaction, kill (POSIX.1-2008) */

#include <errno.h>
#include <fcntl.h>
#include <signal.h> /* kill(pid, 0): server가 아직 있나 */
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static void usage(FILE *to)
{
    fprintf(to, "usage: client [-n NAME] [-c COUNT] TEXT\n");
}

static void help(void)
{
    usage(stdout);
    printf("\nserver의 공유 메모리 NAME (기본 %s)의 고리에 TEXT (%d바이트 미만)를 담은 기록을\n"
           "COUNT 개 (기본 1, 최대 1000000000) 넣는다. 기록마다 순서 번호와 체크섬이 붙는다.\n",
           DEFAULT_NAME, TEXT_MAX);
}

/* "client: 호출: 오류 문구 (도움말)"을 알리고 1로 끝낸다. 지울 객체가 없다: client는 만들지 않는다. */
static void die(const char *what, const char *hint)
{
    fprintf(stderr, "client: %s: %s%s\n", what, strerror(errno), hint);
    exit(1);
}

/*
 * 세마포어를 가져온다. 0이면 잠들어 기다리고, TICK마다 깨어 두 가지를 본다: 멈추라는 시그널이
 * 왔나 (그러면 -1), server가 아직 있나. server가 SIGKILL로 죽었으면 아무도 칸을 비우지 않으므로
 * 영원히 기다리는 대신 알리고 끝낸다. kill(pid, 0)은 시그널을 보내지 않고 그 PID가 있는지만
 * 묻는다: ESRCH면 없다 (EPERM은 "있지만 남의 것"이다).
 */
static int take(sem_t *s, const struct ring *ring)
{
    while (sem_wait_tick(s) == -1) {
        if (errno != EINTR && errno != ETIMEDOUT) /* EINVAL: 세마포어가 아닌 바이트 */
            die("sem_timedwait", "");
        if (stop_signal) /* EINTR이면 대개 이것이다 */
            return -1;
        /* server_pid는 magic 전에 쓰였고, 그 뒤로 아무도 바꾸지 않는다: 잠그지 않고 읽어도 된다 */
        if (errno == ETIMEDOUT && kill(ring->server_pid, 0) == -1 && errno == ESRCH) {
            fprintf(stderr, "client: the server (pid %ld) has gone: nobody empties the ring\n",
                    (long)ring->server_pid);
            exit(1);
        }
    }
    return 0; /* 가져왔다: 세마포어의 값이 1 줄었다 */
}

int main(int argc, char *argv[])
{
    const char *name = DEFAULT_NAME;
    unsigned long count = 1; /* -c: 보낼 기록 수 */
    char *end;
    int opt;

    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파일로 읽는다: 줄마다 내보낸다 */
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        help();
        return 0;
    }
    while ((opt = getopt(argc, argv, "hn:c:")) != -1) {
        switch (opt) {
        case 'h': help(); return 0;
        case 'n': name = optarg; break;
        case 'c':
            errno = 0;
            count = strtoul(optarg, &end, 10); /* strtoul은 "-1"을 아주 큰 수로 바꾼다: '-'를 따로 막는다 */
            if (errno != 0 || end == optarg || *end != '\0' || optarg[0] == '-' || count < 1 || count > 1000000000) {
                fprintf(stderr, "client: COUNT: expected a number from 1 to 1000000000, got '%s'\n", optarg);
                usage(stderr);
                return 2;
            }
            break;
        default: usage(stderr); return 2;
        }
    }
    const char *text = optind + 1 == argc ? argv[optind] : NULL; /* TEXT는 꼭 하나 */
    if (text != NULL && strlen(text) >= TEXT_MAX) { /* 칸의 크기는 정해져 있다: 자르지 않고 거절한다 */
        fprintf(stderr, "client: TEXT must be shorter than %d bytes\n", TEXT_MAX);
        text = NULL;
    }
    if (text == NULL || !shm_name_ok("client", name)) {
        usage(stderr);
        return 2;
    }

    /* 1. 시그널 핸들러 (common.h). client는 이름 있는 객체를 만들지 않지만, Ctrl-C의 기본 동작(종료)이
     *    lock을 쥔 순간에 오면 lock이 영영 풀리지 않아 다른 client가 모두 멈춘다. 그래서 핸들러는
     *    플래그만 세우고, client는 기록과 기록 사이에서만 멈춘다. (SIGKILL은 막을 수 없다: NOTES 6절.) */
    if (catch_stop_signals() == -1)
        die("sigaction", "");

    /* 2. 있는 객체를 연다: O_CREAT 없이. 없으면 ENOENT, 남의 0600 객체면 EACCES. */
    int fd = shm_open(name, O_RDWR, 0); /* mode는 O_CREAT 일 때만 쓰인다 */
    if (fd == -1)
        die("shm_open", errno == ENOENT ? " (is the server running?)" : "");

    /* 3. 크기를 확인한다. 객체가 매핑보다 짧으면 mmap은 성공하지만, 끝 너머의 페이지를 만지는
     *    순간 커널이 SIGBUS를 보낸다 (man 2 mmap). 만지기 전에 여기서 분명한 오류로 바꾼다. */
    struct stat st;
    if (fstat(fd, &st) == -1) /* 보통 파일처럼 크기, 모드, 주인을 알려 준다 */
        die("fstat", "");
    if (st.st_size != (off_t)sizeof(struct ring)) { /* 0: server가 아직 ftruncate 전이다 */
        fprintf(stderr, "client: %s is %lld bytes, a ring is %zu: not made by this chapter's server%s\n", name,
                (long long)st.st_size, sizeof(struct ring), st.st_size == 0 ? ", or not ready yet" : "");
        return 1;
    }

    /* 4. 매핑하고, fd는 닫는다 (매핑은 남는다). 주소는 server의 것과 다를 수 있다. */
    struct ring *ring = mmap(NULL, sizeof *ring, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (ring == MAP_FAILED) /* 실패는 NULL이 아니라 MAP_FAILED */
        die("mmap", "");
    if (close(fd) == -1) /* 매핑이 객체를 붙들고 있다 */
        die("close", "");

    /* 5. magic을 acquire로 읽는다: server가 release로 쓴 magic이 보이면, 그 전에 쓴 헤더와
     *    세마포어도 모두 보인다. 크기가 맞아도 magic이 다르면 이 장의 고리가 아니다. */
    unsigned magic = atomic_load_explicit(&ring->magic, memory_order_acquire);
    if (magic != RING_MAGIC || ring->version != RING_VERSION || ring->nslots != NSLOTS ||
        ring->record_size != sizeof(struct record)) {
        fprintf(stderr, "client: %s is not a version %u ring of this chapter (magic 0x%08x)%s\n", name,
                RING_VERSION, magic, magic == 0 ? ": not ready yet, or not made by its server" : "");
        return 1;
    }

    /* 6. 넣기. 빈 칸(spaces)을 하나 가져오고, lock을 쥔 채 head의 칸에 쓰고 head를 올린 뒤,
     *    lock을 놓고 찬 칸(items)을 하나 올린다. lock이 없으면 두 client가 같은 head를 읽고 같은
     *    칸에 써서 기록 하나가 사라진다. 칸을 쓰는 것도 lock 안에서 한다: 밖에서 쓰면, 먼저 칸을 받은
     *    client가 아직 쓰는 동안 뒤의 client가 올린 items 때문에 server가 반쯤 쓰인 칸을 읽는다. */
    struct record r; /* 내 스택 위에서 먼저 짓는다: lock을 쥐는 시간을 줄인다 */
    unsigned long sent = 0;
    memset(&r, 0, sizeof r); /* text의 남은 칸까지 0: 체크섬이 모든 바이트를 센다 */
    r.pid = (int32_t)getpid();
    r.total = (uint32_t)count;
    memcpy(r.text, text, strlen(text)); /* '\0'은 memset이 이미 채웠다 */
    while (sent < count && !stop_signal) {
        r.seq = (uint32_t)(sent + 1); /* server는 이 번호로 빠짐과 겹침을 안다 */
        r.sum = record_sum(&r);
        if (take(&ring->spaces, ring) == -1) /* 고리가 차 있으면 server가 비울 때까지 잔다 */
            break;
        if (take(&ring->lock, ring) == -1) { /* 다른 client가 쓰는 중이면 기다린다 */
            if (sem_post(&ring->spaces) == -1) /* 가져온 빈 칸을 돌려주고 멈춘다 */
                die("sem_post", "");
            break;
        }
        ring->slot[ring->head % NSLOTS] = r; /* 보통의 대입: 64바이트가 공유 페이지로 간다 */
        ring->head++;                        /* lock을 쥔 client만 head를 쓴다 */
        if (sem_post(&ring->lock) == -1 || sem_post(&ring->items) == -1) /* 다음 client에게, server에게 */
            die("sem_post", "");
        sent++;
    }

    /* 7. 정리: 매핑을 푼다 (끝나면 커널이 어차피 풀지만, 무엇을 쥐고 있었는지 보여 준다).
     *    객체를 지우는 것은 만든 server의 일이다. */
    if (munmap(ring, sizeof *ring) == -1)
        die("munmap", "");
    if (stop_signal) /* 보낸 것까지는 server가 받는다: 고리에 들어간 기록은 이제 server의 것이다 */
        printf("client: %s: stopped after %lu of %lu records\n", stop_name(stop_signal), sent, count);
    else {
        printf("client: sent %lu of %lu records to %s: ", sent, count, name);
        print_quoted(stdout, text, TEXT_MAX);
        printf("\n");
    }
    return 0;
}
