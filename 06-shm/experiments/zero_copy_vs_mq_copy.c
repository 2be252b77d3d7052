/*
 * 06-shm/experiments/zero_copy_vs_mq_copy.c: 공유 메모리는 복사하지 않고, 메시지 큐는 복사한다.
 * 메시지 큐: 보내는 쪽이 mq_send한 뒤 자기 버퍼를 "SECOND"로 고쳐 써도, 받는 쪽은 보낸 순간의
 * 사본 "first"를 받는다. 공유 메모리: 받는 쪽이 "first"를 읽은 뒤 보내는 쪽이 고쳐 쓰면, 받는 쪽은
 * 아무것도 받지 않고(호출 없이) 같은 주소를 다시 읽기만 해도 "SECOND"를 본다. 메모리가 하나뿐이다.
 * NOTES 1.2절과 5절 바로잡기 #15 (메시지 전달은 복사, 공유 메모리는 같은 메모리).
 *
 * 실행 (06-shm 디렉터리에서):
 *   ./experiments/zero_copy_vs_mq_copy               /zero-copy-PID라는 이름을 잠깐 쓴다
 *   ./experiments/zero_copy_vs_mq_copy /myname       이름을 준다 (큐와 객체가 같은 이름을 쓴다)
 *
 * 출력:
 *   mq:  the writer sent "first", then overwrote its buffer with "SECOND"; the reader got "first" (copied at mq_send)
 *   shm: the reader saw "first"; the writer overwrote the shared buffer; the same address now reads "SECOND" (no copy, no receive call)
 *
 * 순서는 세마포어 두 개로 정한다 (정해진 시간만큼 재우지 않는다): 쓰는 쪽이 쓴 뒤에야 읽는 쪽이 읽는다.
 * 큐와 공유 메모리 객체의 이름은 열자마자 지운다: 열린 것은 끝까지 쓸 수 있고, 남는 것이 없다.
 *
 * 읽을 man 페이지: man 7 mq_overview, man 3 mq_send, man 7 shm_overview, man 3 sem_init
 */
#define _POSIX_C_SOURCE 200809L /* shm_open, mq_open, sem_init (POSIX.1-2008) */

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define MSG 16 /* 메시지(버퍼) 크기 */

/* 공유 메모리 객체 안에 두는 것: 보내는 버퍼 하나와, 순서를 정하는 세마포어 둘 */
struct shared {
    sem_t sent; /* 쓰는 쪽 → 읽는 쪽: "보냈고, 고쳐 썼다" */
    sem_t done; /* 읽는 쪽 → 쓰는 쪽: "읽었다" */
    char buf[MSG];
};

static void die(const char *what)
{
    fprintf(stderr, "zero_copy_vs_mq_copy: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void wait_for(sem_t *s)
{
    while (sem_wait(s) == -1)
        if (errno != EINTR)
            die("sem_wait");
}

int main(int argc, char *argv[])
{
    char name[64];

    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: zero_copy_vs_mq_copy [/NAME]\n보낸 뒤 버퍼를 고쳐 쓰면: 큐는 사본을, 공유 메모리는 고친 것을 준다.\n");
        return 0;
    }
    if (argc > 2 || (argc == 2 && (argv[1][0] != '/' || strlen(argv[1]) >= sizeof name || strchr(argv[1] + 1, '/')))) {
        fprintf(stderr, "usage: zero_copy_vs_mq_copy [/NAME]   (one '/', then up to 62 characters)\n");
        return 2;
    }
    snprintf(name, sizeof name, "%s", argc == 2 ? argv[1] : "/zero-copy");
    if (argc == 1)
        snprintf(name + strlen(name), sizeof name - strlen(name), "-%ld", (long)getpid());

    /* 메시지 큐 하나 (최대 1개, MSG 바이트)와 공유 메모리 객체 하나. 만들고 곧바로 이름을 지운다. */
    struct mq_attr attr = {.mq_maxmsg = 1, .mq_msgsize = MSG};
    mqd_t mq = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
    if (mq == (mqd_t)-1)
        die("mq_open");
    if (mq_unlink(name) == -1)
        die("mq_unlink");
    int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd == -1)
        die("shm_open");
    if (shm_unlink(name) == -1)
        die("shm_unlink");
    if (ftruncate(fd, sizeof(struct shared)) == -1)
        die("ftruncate");
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (sh == MAP_FAILED)
        die("mmap");
    if (close(fd) == -1)
        die("close");
    if (sem_init(&sh->sent, 1, 0) == -1 || sem_init(&sh->done, 1, 0) == -1)
        die("sem_init");

    pid_t reader = fork(); /* 자식이 읽는 쪽: 큐의 fd와 공유 매핑을 물려받는다 */
    if (reader == -1)
        die("fork");
    if (reader == 0) {
        char got[MSG] = "";
        wait_for(&sh->sent); /* 1. 큐: 쓰는 쪽이 보내고 고쳐 쓴 뒤에 받는다 */
        if (mq_receive(mq, got, sizeof got, NULL) == -1)
            die("mq_receive");
        printf("mq:  the writer sent \"first\", then overwrote its buffer with \"SECOND\"; the reader got \"%s\" "
               "(copied at mq_send)\n", got);
        if (sem_post(&sh->done) == -1)
            die("sem_post");
        wait_for(&sh->sent); /* 2. 공유 메모리: 받는 호출이 없다. 그 주소를 읽는 것이 곧 받는 것이다 */
        snprintf(got, sizeof got, "%s", sh->buf);
        if (sem_post(&sh->done) == -1)
            die("sem_post");
        wait_for(&sh->sent); /* 쓰는 쪽이 고쳐 쓴 뒤: 같은 주소를 다시 읽기만 한다 */
        printf("shm: the reader saw \"%s\"; the writer overwrote the shared buffer; the same address now reads "
               "\"%s\" (no copy, no receive call)\n", got, sh->buf);
        _exit(0);
    }

    /* 쓰는 쪽 (부모). 큐: mq_send가 돌아왔을 때 커널은 이미 buf를 자기 메모리로 복사해 두었다. */
    char buf[MSG] = "first";
    if (mq_send(mq, buf, strlen(buf) + 1, 0) == -1)
        die("mq_send");
    snprintf(buf, sizeof buf, "SECOND"); /* 보낸 뒤에 고쳐 쓴다: 큐 안의 사본은 그대로다 */
    if (sem_post(&sh->sent) == -1)
        die("sem_post");
    wait_for(&sh->done);

    /* 공유 메모리: "보내기"는 공유 버퍼에 쓰는 것 자체다. 고쳐 쓰면 읽는 쪽이 보는 것도 바뀐다. */
    snprintf(sh->buf, sizeof sh->buf, "first");
    if (sem_post(&sh->sent) == -1)
        die("sem_post");
    wait_for(&sh->done); /* 읽는 쪽이 "first"를 읽었다 */
    snprintf(sh->buf, sizeof sh->buf, "SECOND");
    if (sem_post(&sh->sent) == -1) /* sem_post/sem_wait는 메모리 순서도 보장한다: 읽는 쪽은 SECOND를 본다 */
        die("sem_post");

    int status;
    if (waitpid(reader, &status, 0) == -1)
        die("waitpid");
    if (munmap(sh, sizeof *sh) == -1 || mq_close(mq) == -1)
        die("munmap/mq_close");
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
