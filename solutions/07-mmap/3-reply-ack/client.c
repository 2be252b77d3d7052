/*
 * 07-mmap/exercises/3-reply-ack/client.c: 연습 3의 모범 답안. 07-mmap/client.c에 더한 것: -w로 쓴 답장을
 * server가 보았다는 표시(ack 칸)를 기다린다 (6단계). server가 만든 파일을 같은 방법(mmap, MAP_SHARED)으로
 * 붙여 소식을 읽고, 답장을 쓴다.
 *
 * client는 read()로 파일을 읽지 않는다. 파일을 매핑해 news 칸을 메모리에서 복사할 뿐이다 (seqlock:
 * common.h). -w TEXT를 주면 reply 칸에 TEXT를 쓴다: server는 다음 틱에 그것을 알리고, 파일에도 남는다.
 * server가 끝난 뒤에도 파일은 남으므로 client는 마지막 소식을 그대로 읽는다.
 * 파일은 남이 건넨 입력이다: 종류, 크기, magic, 길이를 모두 확인한 뒤에 믿는다.
 *
 * 실행 (07-mmap 디렉터리에서, server의 준비 줄 뒤에):
 *   ./client                      demo.map의 소식을 읽는다 (-f FILE: 다른 파일)
 *   ./client -w hello             읽고, 답장 "hello"를 쓴다 (TEXT는 64바이트까지)
 *
 * 출력:
 *   client: update 7 from pid 4242: "tick 7"
 *   client: reply 1 written: "hello"
 *   client: reply 1 acknowledged by the server
 *   client: open demo.map: No such file or directory
 *
 * 읽을 man 페이지: man 2 mmap, man 2 fstat, man 2 munmap; C11 7.17 <stdatomic.h> (man 페이지는 없다)
 */
#define _POSIX_C_SOURCE 200809L /* mmap, fstat, getopt: 모두 POSIX에 있다 */

#include <errno.h>    /* errno */
#include <fcntl.h>    /* open, O_RDONLY, O_RDWR, O_CLOEXEC */
#include <stdio.h>    /* printf, setvbuf */
#include <stdlib.h>   /* exit */
#include <string.h>   /* strerror, strlen */
#include <sys/mman.h> /* mmap, munmap, MAP_SHARED, PROT_* */
#include <sys/stat.h> /* fstat, S_ISREG */
#include <unistd.h>   /* close, getopt, getpid */

#include "common.h" /* struct board, seqlock (slot_read, slot_write), print_quoted */

static void usage(FILE *to)
{
    fprintf(to, "usage: client [-f FILE] [-w TEXT]\n");
}

static int help(void)
{
    usage(stdout);
    printf("\nFILE(기본 %s)을 MAP_SHARED로 매핑해 server의 소식을 읽는다. -w TEXT: 답장 칸에\n"
           "TEXT(%d바이트까지)를 쓴다. server가 끝난 뒤에도 파일에 남은 마지막 소식을 읽을 수 있다.\n",
           DEFAULT_PATH, TEXT_MAX);
    return 0;
}

/* 파일이 이상하다: 무엇이 이상한지 말하고 1로 끝낸다 (errno가 없는 실패) */
static void bad_file(const char *path, const char *why)
{
    fprintf(stderr, "client: %s: %s\n", path, why);
    exit(1); /* 나쁜 입력도 치명적인 실패다: 사용법 오류(2)와 구별한다 */
}

static void die(const char *what, const char *path)
{
    fprintf(stderr, "client: %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

int main(int argc, char *argv[])
{
    const char *path = DEFAULT_PATH; /* server와 같은 기본값: 지금 디렉터리의 demo.map */
    const char *reply = NULL;        /* -w TEXT: 쓸 답장 (없으면 읽기만) */
    int opt;

    /* 테스트는 출력을 파일이나 파이프로 읽는다: 줄마다 내보낸다. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && strcmp(argv[1], "--help") == 0)
        return help();
    while ((opt = getopt(argc, argv, "hf:w:")) != -1) {
        switch (opt) {
        case 'h': return help();
        case 'f': path = optarg; break;
        case 'w':
            reply = optarg;
            if (strlen(reply) <= TEXT_MAX) /* 칸은 고정 크기다: 자르지 않고 거절한다 */
                break;
            fprintf(stderr, "client: -w: TEXT is %zu bytes, at most %d fit in the reply slot\n", strlen(reply),
                    TEXT_MAX);
            /* fall through */
        default: usage(stderr); return 2;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return 2;
    }

    /*
     * 1. 연다. 읽기만 할 때는 O_RDONLY: 읽기 권한만 있는 사람도 읽을 수 있다. 쓸 때는 O_RDWR: 커널은
     *    MAP_SHARED + PROT_WRITE 매핑을 쓰기로 연 fd에만 허락한다 (O_WRONLY도 안 된다: 매핑은 읽기도 하므로).
     */
    int fd = open(path, (reply != NULL ? O_RDWR : O_RDONLY) | O_CLOEXEC); /* 만들지 않는다: O_CREAT 없음 */
    if (fd == -1)
        die("open", path);

    /*
     * 2. 매핑하기 전에 확인한다. 디렉터리도 O_RDONLY로는 열린다 (mmap이 ENODEV로 거절한다).
     *    크기 0인 파일은 매핑할 것이 없다: mmap(길이 0)은 EINVAL이다. 파일보다 길게 매핑하면 파일 끝
     *    너머의 페이지를 만지는 순간 SIGBUS로 죽는다. 그래서 크기가 정확히 struct board인지 본다.
     */
    struct stat st; /* 커널이 아는 파일의 종류와 크기 */
    if (fstat(fd, &st) == -1)
        die("fstat", path);
    if (!S_ISREG(st.st_mode)) /* 디렉터리, FIFO, 장치 파일 ... */
        bad_file(path, "not a regular file (only a regular file holds a board)");
    if (st.st_size == 0)
        bad_file(path, "the file is empty: nothing to map (mmap of 0 bytes fails with EINVAL)");
    if (st.st_size != (off_t)sizeof(struct board)) { /* 작으면 SIGBUS, 크면 남의 파일 */
        fprintf(stderr, "client: %s: %lld bytes, expected %zu: not a board made by ./server\n", path,
                (long long)st.st_size, sizeof(struct board));
        return 1;
    }

    /*
     * 3. 매핑하고 fd를 닫는다. 커널은 server가 만든 것과 같은 페이지 캐시의 페이지를 이 프로세스에도
     *    붙인다: 복사는 없다. 주소는 server와 다를 수 있다 (그래서 파일 안에 포인터를 두지 않는다).
     */
    struct board *b = mmap(NULL, sizeof *b, PROT_READ | (reply != NULL ? PROT_WRITE : 0), MAP_SHARED, fd, 0);
    if (b == MAP_FAILED) /* (void *)-1: NULL과 비교하면 실패를 놓친다 */
        die("mmap", path);
    if (close(fd) == -1) /* 매핑은 fd 없이도 산다 */
        die("close", path);

    /* 4. magic: acquire로 읽는다. server가 release로 적기 전이면 0이다. */
    unsigned magic = atomic_load_explicit(&b->magic, memory_order_acquire);
    if (magic != BOARD_MAGIC)
        bad_file(path, magic == 0 ? "no magic yet: the server has not finished setting it up"
                                  : "wrong magic: not a board made by ./server");

    /*
     * 5. 소식을 읽는다. seq가 홀수(쓰는 중)이거나 복사하는 사이에 바뀌면 1 ms 쉬고 다시: 약 1초까지.
     *    쓰는 도중에 죽은 server(SIGKILL)는 seq를 홀수로 남긴다. 한도가 없으면 영원히 돈다.
     */
    struct message m; /* 이 프로세스의 보통 메모리에 만든 복사본 */
    if (slot_read(&b->news, SLOT_TRIES, &m) == -1)
        bad_file(path, "the news slot stays mid-update (odd seq): did its writer die while writing?");
    if (m.len > TEXT_MAX) /* 길이를 믿고 찍으면 복사본 너머를 읽는다 */
        bad_file(path, "the news slot has a bad length: a corrupt file?");
    printf("client: update %u from pid %d: ", m.number, m.pid);
    print_quoted(m.text, m.len); /* 파일의 글자는 남이 쓴 것일 수 있다: 이스케이프한다 */
    putchar('\n');

    /* 6. 답장: 메모리에 쓰는 것으로 끝이다. server가 살아 있으면 다음 틱에 읽고, 아니어도 파일에 남는다. */
    if (reply != NULL) {
        unsigned n; /* 몇 번째 답장인가 (reply 칸의 seq / 2) */
        if (slot_write(&b->reply, (int)getpid(), reply, (unsigned)strlen(reply), SLOT_TRIES, &n) == -1)
            bad_file(path, "the reply slot stays mid-update (odd seq): did its writer die while writing?");
        printf("client: reply %u written: ", n);
        print_quoted((const unsigned char *)reply, strlen(reply)); /* 내 글자도 터미널에는 이스케이프해서 */
        putchar('\n');

        /* server가 다음 틱에 답장 칸을 보고 ack에 그 번호를 적는다. 공유 메모리에는 "바뀌었다"는 알림이
         * 없으므로 1 ms씩 쉬며 들여다본다 (한도 ACK_TRIES). 기다리는 것은 "n 이상"이다: 틱 사이에 다른
         * client가 n+1을 쓰면 server는 n+1만 보고 ack도 n+1이 된다. "n과 같다"를 기다리면 영영 오지 않는다.
         * acquire: server가 ack 앞에 한 일(알리는 줄)이 이 값을 본 뒤에는 끝나 있다. */
        unsigned ack = atomic_load_explicit(&b->ack, memory_order_acquire);
        for (int tries = ACK_TRIES; ack < n && tries > 0; tries--) {
            nap();
            ack = atomic_load_explicit(&b->ack, memory_order_acquire);
        }
        if (ack < n) { /* server가 없거나 멈췄다: 답장은 파일에 남아 있다 */
            fprintf(stderr, "client: reply %u not acknowledged within %d s: is the server running?\n", n,
                    ACK_TRIES / 1000);
            return 1; /* exit가 매핑을 뗀다 */
        }
        printf("client: reply %u acknowledged by the server\n", n);
    }

    /* 7. 떼어 낸다 (exit도 떼어 내지만, 짝을 맞춰 보인다). 파일은 그대로 남는다. */
    if (munmap(b, sizeof *b) == -1) /* 주소 공간에서 뗀다. 페이지 캐시와 파일은 그대로다 */
        die("munmap", path);
    return 0;
}
