/*
 * 07-mmap/exercises/1-private-mapping/server.c: 07-mmap/server.c를 옮겨 온 연습 1의 시작 코드 (README.md).
 * 보통 파일 하나를 매핑해, 메모리에 쓰는 것만으로 소식을 발행하는 서버.
 *
 * server는 demo.map을 새로 만들어 156바이트로 늘이고(ftruncate), 자기 주소 공간에 붙인 뒤(mmap)
 * 파일 디스크립터를 닫는다. 그 뒤로는 write()를 한 번도 부르지 않는다: 매핑된 메모리에 "tick N"을
 * 쓰면 같은 파일을 매핑한 client에게 곧바로 보이고, 파일에도 남는다. client가 -w로 쓴 답장은
 * 틱(tick)마다 같은 메모리에서 읽어 알린다. 동기화는 칸마다 seqlock 하나 (common.h).
 * 끝날 때 msync(MS_SYNC)로 디스크에 내려 두고, 파일은 지우지 않는다: 데이터가 프로세스보다
 * 오래 사는 것이 이 장의 요점이다 (od -A d -c demo.map으로 읽어 보라).
 *
 * 실행 (이 디렉터리에서 cc -o server server.c && cc -o client client.c 뒤; 터미널 두 개.
 *       채점은 저장소 맨 위에서 make exercise EX=07-mmap/1):
 *   터미널 1: ./server                   (-f FILE: 다른 파일, -i MS: 틱 간격, 기본 1000 ms)
 *   터미널 2: ./client                   읽기        ./client -w hello     답장 쓰기
 *   터미널 1: Ctrl-C                     그 뒤에도:  od -A d -c demo.map; ./client; rm demo.map
 *
 * 출력:
 *   server: ready: demo.map, 156 bytes mapped MAP_SHARED at 0x7f1c2a4e5000 (pid 4242)
 *   server: reply 1 from pid 4243: "hello"
 *   server: SIGINT: stopping after 12 updates
 *   server: msync done; demo.map is kept (its data outlive us: od -A d -c demo.map)
 *
 * 읽을 man 페이지: man 2 mmap, man 2 ftruncate, man 2 msync, man 2 munmap, man 2 pselect,
 *                 C11 7.17 <stdatomic.h> (man 페이지는 없다), man 5 proc (/proc/PID/maps)
 */
#define _POSIX_C_SOURCE 200809L /* mmap, msync, ftruncate, pselect, sigaction: 모두 POSIX에 있다 */

#include <errno.h>      /* errno, EEXIST, EINTR */
#include <fcntl.h>      /* open, O_CREAT, O_EXCL, O_CLOEXEC */
#include <signal.h>     /* sigaction, sigprocmask */
#include <stdio.h>      /* printf, setvbuf */
#include <stdlib.h>     /* exit, strtol */
#include <string.h>     /* strerror, strlen */
#include <sys/mman.h>   /* mmap, msync, munmap, MAP_SHARED, PROT_* */
#include <sys/select.h> /* pselect: 시간 제한 + 시그널 마스크를 한 번에 */
#include <unistd.h>     /* ftruncate, close, unlink, getopt */

#include "common.h" /* struct board, seqlock (slot_write, slot_read), print_quoted */

static volatile sig_atomic_t stop_signal; /* 시그널 핸들러가 적는 유일한 것: 받은 시그널 번호 */

static void on_signal(int signo)
{
    stop_signal = signo;
}

static void usage(FILE *to)
{
    fprintf(to, "usage: server [-f FILE] [-i MS]\n");
}

static int help(void)
{
    usage(stdout);
    printf("\nFILE(기본 %s)을 새로 만들어 MAP_SHARED로 매핑하고, MS(기본 1000, 1..60000) 밀리초마다\n"
           "\"tick N\"을 발행한다. client -w 의 답장을 알린다. 끝나도 FILE은 남는다 (O_EXCL: 있으면 거절).\n",
           DEFAULT_PATH);
    return 0;
}

static void die(const char *what)
{
    fprintf(stderr, "server: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* 만든 파일을 다 준비하기 전에 실패했다: 반쯤 만든 파일을 남기지 않는다 (unlink는 errno를 바꿀 수 있다). */
static void die_unlink(const char *what, const char *path)
{
    int saved = errno;
    (void)unlink(path);
    errno = saved;
    die(what);
}

/* 매핑의 news 칸에 새 소식을 쓴다. 읽는 쪽은 잠그지 않으므로 server는 기다리지 않는다. */
static unsigned publish(struct board *b, const char *text)
{
    unsigned n; /* 몇 번째 쓰기인가 */
    if (slot_write(&b->news, (int)getpid(), text, (unsigned)strlen(text), SLOT_TRIES, &n) == -1) {
        fprintf(stderr, "server: news slot stays mid-update: another writer on this file?\n");
        exit(1); /* news 칸에는 server 하나만 쓴다: 그런데도 막혔다면 파일을 믿을 수 없다 */
    }
    return n;
}

int main(int argc, char *argv[])
{
    const char *path = DEFAULT_PATH; /* 상대 경로: 지금 디렉터리의 demo.map */
    long interval_ms = 1000;         /* 틱 간격: 사람이 보기에 1초, 테스트는 -i 10 */
    int opt;

    /* 테스트는 출력을 파일로 읽는다: 줄마다 내보내야 server가 도는 동안에도 보인다. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && strcmp(argv[1], "--help") == 0)
        return help();
    while ((opt = getopt(argc, argv, "hf:i:")) != -1) {
        char *end;
        switch (opt) {
        case 'h': return help();
        case 'f': path = optarg; break;
        case 'i':
            errno = 0;
            interval_ms = strtol(optarg, &end, 10);
            if (errno == 0 && end != optarg && *end == '\0' && interval_ms >= 1 && interval_ms <= 60000)
                break;
            fprintf(stderr, "server: -i: expected milliseconds from 1 to 60000, got '%s'\n", optarg);
            /* fall through */
        default: usage(stderr); return 2;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return 2;
    }

    /*
     * 1. 끝내라는 시그널(SIGINT, SIGTERM, SIGHUP)을 먼저 차단하고 핸들러를 단다. 차단된 시그널은 커널이
     *    보류해 두었다가 아래 pselect가 마스크를 푸는 순간에 배달한다. 그래서 "stop_signal 확인 → 잠들기"
     *    사이에 온 시그널을 놓치고 한 틱을 더 자는 일이 없다 (02장의 sigsuspend와 같은 생각).
     */
    sigset_t stops, unblocked; /* unblocked: 물려받은 원래 마스크 (pselect가 잠든 동안 쓴다) */
    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    sigaddset(&stops, SIGHUP);
    if (sigprocmask(SIG_BLOCK, &stops, &unblocked) == -1)
        die("sigprocmask");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* 번호만 적는다: printf, exit는 핸들러 밖에서 */
    sa.sa_mask = stops;        /* 핸들러가 도는 동안 다른 끝내기 시그널은 기다린다 */
    if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1 || sigaction(SIGHUP, &sa, NULL) == -1)
        die("sigaction");

    /*
     * 2. 파일을 새로 만든다. O_EXCL: 이미 있으면 EEXIST로 실패한다. 남의 파일(-f ~/report.txt)을 잘라
     *    버리거나, 돌고 있는 다른 server의 파일을 빼앗지 않기 위해서다. 0600: 나만 읽고 쓴다.
     *    O_RDWR: MAP_SHARED + PROT_WRITE 매핑은 읽고 쓰기로 연 fd가 있어야 한다 (아니면 EACCES).
     */
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd == -1) { /* 경로를 함께 알린다: 어느 파일이 문제인지 */
        fprintf(stderr, "server: open %s: %s\n", path, strerror(errno));
        if (errno == EEXIST)
            fprintf(stderr, "server: (kept from an earlier run? ./client -f %s still reads it; rm it to start anew)\n",
                    path);
        return 1;
    }

    /*
     * 3. 새 파일의 크기는 0이다. 크기 0인 파일의 페이지를 만지면 SIGBUS다: 매핑은 파일보다 길 수 있지만,
     *    파일 끝 너머의 페이지에는 뒤를 받칠 데이터가 없기 때문이다. 그래서 mmap 전에 ftruncate로 늘인다.
     *    늘어난 부분은 0으로 읽힌다 (디스크 블록은 아직 없다: 구멍 있는 파일). 모든 seq가 0, 곧 짝수다.
     */
    if (ftruncate(fd, (off_t)sizeof(struct board)) == -1)
        die_unlink("ftruncate", path);

    /*
     * 4. 매핑한다. 커널은 이 프로세스의 주소 공간(힙과 스택 사이의 mmap 영역)에 156바이트를 담는
     *    페이지 하나짜리 영역을 만든다 (cat /proc/PID/maps 로 볼 수 있다). 실제 페이지는 처음 만질 때
     *    페이지 폴트로 붙는다. 실패는 NULL이 아니라 MAP_FAILED다.
     */
    struct board *b = mmap(NULL, sizeof *b, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (b == MAP_FAILED)
        die_unlink("mmap", path);

    /* 5. 매핑은 fd가 아니라 파일 자체를 붙든다: 이제 fd는 필요 없다. 닫아도 매핑은 munmap까지 산다. */
    if (close(fd) == -1) /* 이 뒤로 server에는 이 파일의 fd가 없다: write()를 부를 수도 없다 */
        die("close");

    /*
     * 6. 준비: magic을 release로 적고 첫 소식을 발행한 뒤에 준비 줄을 찍는다. magic을 acquire로 읽어
     *    BOARD_MAGIC을 본 client는 그 앞의 모든 쓰기도 본다. (magic 앞에 쓴 것은 없다: 0으로 찬 새 파일.)
     */
    atomic_store_explicit(&b->magic, BOARD_MAGIC, memory_order_release);
    char text[TEXT_MAX];  /* 다음 소식을 만들 이 프로세스의 보통 메모리 */
    unsigned updates = 1; /* 발행한 틱의 수 = news 칸의 seq / 2 (쓰는 쪽이 server 하나뿐이므로) */
    publish(b, "tick 1");
    printf("server: ready: %s, %zu bytes mapped MAP_SHARED at %p (pid %ld)\n", path, sizeof *b, (void *)b,
           (long)getpid());

    const struct timespec tick = {interval_ms / 1000, (interval_ms % 1000) * 1000000L}; /* 초, 나노초 */
    unsigned seen = 0; /* 마지막으로 알린 답장의 번호 */
    while (!stop_signal) {
        /*
         * 7. 한 틱 기다린다. pselect는 "마스크를 unblocked로 바꾸고 잠들기"를 한 번에 한다: 보류 중이던
         *    끝내라는 시그널은 여기서 배달되어 EINTR로 돌아온다. 공유 메모리에는 "바뀌었다"는 알림이
         *    없으므로 server는 틱마다 들여다본다 (기다리려면 세마포어나 파이프를 더해야 한다: NOTES 1.5절).
         */
        if (pselect(0, NULL, NULL, NULL, &tick, &unblocked) == -1 && errno != EINTR)
            die("pselect");
        if (stop_signal)
            break;

        /* 8. 답장 칸을 한 번만 읽어 본다. 쓰는 중이면 다음 틱에: server는 client를 기다리지 않는다. */
        struct message m; /* 공유 칸의 복사본: 이것은 client가 바꿀 수 없다 */
        if (slot_read(&b->reply, 1, &m) == 0 && m.number != seen) {
            if (m.len > TEXT_MAX) { /* 파일은 누구나(같은 사용자라면) 고칠 수 있다: 믿지 않는다 */
                printf("server: reply %u has a bad length %u: ignored\n", m.number, m.len);
            } else {
                printf("server: reply %u from pid %d: ", m.number, m.pid);
                print_quoted(m.text, m.len); /* client가 고른 글자: 이스케이프해서 */
                /* 칸은 큐가 아니라 "지금 상태"다: 두 틱 사이에 두 번 쓰면 앞의 것은 덮여 사라진다. */
                if (m.number > seen + 1)
                    printf(" (missed %u earlier: a mapping holds the latest state, not a queue)", m.number - seen - 1);
                putchar('\n');
            }
            seen = m.number; /* 같은 답장을 두 번 알리지 않는다 */
        }

        /* 9. 새 소식. 메모리에 쓰는 것이 곧 발행이다: 시스템 호출이 하나도 없다. */
        snprintf(text, sizeof text, "tick %u", ++updates);
        publish(b, text);
    }

    /*
     * 10. 끝. 마지막 소식을 남기고 msync(MS_SYNC)로 더러워진 페이지를 디스크에 쓰고 기다린다.
     *     msync는 다른 프로세스에게 보이게 하려는 것이 아니다 (그것은 MAP_SHARED가 이미 했다).
     *     전원이 나가도 남게 하려는 것이다. 부르지 않아도 커널이 언젠가 쓴다 (munmap도, exit도 쓰지 않는다).
     */
    const char *why = stop_signal == SIGINT ? "SIGINT" : stop_signal == SIGTERM ? "SIGTERM" : "SIGHUP";
    printf("server: %s: stopping after %u ticks\n", why, updates);
    snprintf(text, sizeof text, "stopped after %u ticks", updates);
    publish(b, text);
    if (msync(b, sizeof *b, MS_SYNC) == -1) /* MS_SYNC: 다 쓸 때까지 기다린다 (MS_ASYNC는 기다리지 않는다) */
        die("msync");
    if (munmap(b, sizeof *b) == -1) /* 매핑을 뗀다. 파일과 페이지 캐시의 내용은 그대로다 */
        die("munmap");
    printf("server: msync done; %s is kept (its data outlive us: od -A d -c %s)\n", path, path);
    return 0;
}
