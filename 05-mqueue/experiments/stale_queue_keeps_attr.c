/*
 * experiments/stale_queue_keeps_attr.c: 같은 이름의 큐가 남아 있으면 O_CREAT는 그 큐를 그대로
 * 열고, 새로 준 속성(attr)은 조용히 무시된다. 지난번 메시지도 함께 물려받는다. O_EXCL을 더하면
 * EEXIST로 실패해 알 수 있다. NOTES.md 6절 ③ (이 장의 server와 client가 O_EXCL을 쓰는 까닭).
 *
 * "지난번 실행"이 mq_maxmsg 2, mq_msgsize 128로 큐를 만들고 메시지 하나를 남긴 채 지우지 않고
 * 끝났다고 하자. "새 코드"는 mq_msgsize 256을 바라며 O_CREAT로 연다.
 *
 * 실행 (05-mqueue 디렉터리에서):
 *   ./experiments/stale_queue_keeps_attr          큐 이름: /stale_queue_keeps_attr-PID
 *   ./experiments/stale_queue_keeps_attr /NAME
 * 출력:
 *   last run: created with mq_maxmsg 2, mq_msgsize 128, left "old news" in it, no mq_unlink
 *   O_CREAT asking for mq_maxmsg 5, mq_msgsize 256: opened, but mq_getattr says 2, 128 and mq_curmsgs 1
 *   sending 200 bytes: Message too long (the new size did not take)
 *   O_CREAT|O_EXCL: File exists (the safe way: you learn that a queue was left over)
 * 읽을 man 페이지: man 3 mq_open (O_CREAT, O_EXCL), man 3 mq_getattr
 */
#define _POSIX_C_SOURCE 200809L /* mq_open (POSIX.1-2008) */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char name[NAME_MAX + 2];

static void die(const char *what)
{
    fprintf(stderr, "stale_queue_keeps_attr: %s: %s\n", what, strerror(errno));
    if (name[0] != '\0' && mq_unlink(name) == -1) /* 큐는 프로세스보다 오래 산다: 지우고 끝낸다 */
        fprintf(stderr, "stale_queue_keeps_attr: mq_unlink %s: %s\n", name, strerror(errno));
    exit(1);
}

int main(int argc, char *argv[])
{
    if (argc > 2 || (argc == 2 && argv[1][0] != '/')) { /* -h, --help, 그 밖의 것 */
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: stale_queue_keeps_attr [/NAME]   (default: /stale_queue_keeps_attr-PID)\n");
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 한 줄씩 내보낸다 */
    if (argc == 2) /* 이름을 주지 않으면 PID로 짓는다: 동시에 돌려도 겹치지 않게 */
        snprintf(name, sizeof name, "%s", argv[1]);
    else
        snprintf(name, sizeof name, "/stale_queue_keeps_attr-%ld", (long)getpid());

    /* 1. 지난번 실행: 2 × 128로 만들고, 메시지 하나를 넣고, 닫기만 한다 (SIGKILL로 죽은 것과 같다). */
    struct mq_attr old = {.mq_maxmsg = 2, .mq_msgsize = 128};
    mqd_t q = mq_open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR, &old);
    if (q == (mqd_t)-1) {
        name[0] = '\0'; /* 우리 것이 아니다: 지우지 않는다 */
        die("mq_open");
    }
    if (mq_send(q, "old news", 8, 0) == -1 || mq_close(q) == -1)
        die("mq_send");
    printf("last run: created with mq_maxmsg 2, mq_msgsize 128, left \"old news\" in it, no mq_unlink\n");

    /* 2. 새 코드: O_CREAT만 주고 5 × 256을 바란다. 이름이 있으니 커널은 만들지 않고 연다. */
    struct mq_attr wanted = {.mq_maxmsg = 5, .mq_msgsize = 256}, got;
    q = mq_open(name, O_RDWR | O_NONBLOCK | O_CREAT | O_CLOEXEC, S_IRUSR | S_IWUSR, &wanted);
    if (q == (mqd_t)-1 || mq_getattr(q, &got) == -1)
        die("mq_open");
    printf("O_CREAT asking for mq_maxmsg %ld, mq_msgsize %ld: opened, but mq_getattr says %ld, %ld and mq_curmsgs %ld\n",
           wanted.mq_maxmsg, wanted.mq_msgsize, got.mq_maxmsg, got.mq_msgsize, got.mq_curmsgs);

    /* 새 크기를 믿고 보낸 200 바이트는 옛 mq_msgsize(128)에 걸린다. */
    char big[200];
    memset(big, 'x', sizeof big);
    if (mq_send(q, big, sizeof big, 0) != -1 || errno != EMSGSIZE)
        die("mq_send of 200 bytes did not fail with EMSGSIZE");
    printf("sending %zu bytes: %s (the new size did not take)\n", sizeof big, strerror(EMSGSIZE));
    if (mq_close(q) == -1)
        die("mq_close");

    /* 3. 안전한 길: O_CREAT|O_EXCL은 남은 큐가 있으면 EEXIST로 실패한다. 모르고 물려받지 않는다. */
    if (mq_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR, &wanted) != (mqd_t)-1 ||
        errno != EEXIST)
        die("O_CREAT|O_EXCL did not fail with EEXIST");
    printf("O_CREAT|O_EXCL: %s (the safe way: you learn that a queue was left over)\n", strerror(EEXIST));

    if (mq_unlink(name) == -1) /* 남은 큐를 치운다: 안의 "old news"도 함께 사라진다 */
        die("mq_unlink");
    return 0;
}
