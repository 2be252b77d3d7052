/*
 * experiments/small_receive_buffer.c: mq_receive의 버퍼가 큐의 mq_msgsize보다 작으면, 메시지가
 * 몇 바이트든 EMSGSIZE로 실패한다. 메시지는 큐에 그대로 남는다. NOTES.md 6절 ①.
 *
 * "내 메시지는 작으니까" 하고 char buf[64]로 받는 흔한 실수다. 커널은 메시지의 길이가 아니라
 * 큐의 mq_msgsize(여기서는 128)와 버퍼 크기를 견준다. 맞는 방법은 mq_getattr로 mq_msgsize를
 * 읽어 그만큼 잡는 것이다.
 *
 * 실행 (05-mqueue 디렉터리에서):
 *   ./experiments/small_receive_buffer          큐 이름: /small_receive_buffer-PID
 *   ./experiments/small_receive_buffer /NAME
 * 출력:
 *   sent "hello" (5 bytes) to a queue with mq_msgsize 128
 *   mq_receive with a 64-byte buffer: Message too long
 *   mq_curmsgs 1: the message is still in the queue
 *   mq_receive with a 128-byte buffer (mq_getattr's mq_msgsize): "hello" (5 bytes)
 * 읽을 man 페이지: man 3 mq_receive (EMSGSIZE), man 3 mq_getattr
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

static char name[NAME_MAX + 2]; /* 만든 큐: 끝날 때(오류로 끝나도) 지운다 */

static void die(const char *what)
{
    fprintf(stderr, "small_receive_buffer: %s: %s\n", what, strerror(errno));
    if (name[0] != '\0' && mq_unlink(name) == -1) /* 큐는 프로세스보다 오래 산다: 지우고 끝낸다 */
        fprintf(stderr, "small_receive_buffer: mq_unlink %s: %s\n", name, strerror(errno));
    exit(1);
}

int main(int argc, char *argv[])
{
    if (argc > 2 || (argc == 2 && argv[1][0] != '/')) { /* -h, --help, 그 밖의 것 */
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: small_receive_buffer [/NAME]   (default: /small_receive_buffer-PID)\n");
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 한 줄씩 내보낸다 */
    if (argc == 2) /* 이름을 주지 않으면 PID로 짓는다: 동시에 돌려도 겹치지 않게 */
        snprintf(name, sizeof name, "%s", argv[1]);
    else
        snprintf(name, sizeof name, "/small_receive_buffer-%ld", (long)getpid());

    /* 메시지 하나의 최대 크기 128 바이트인 큐. O_NONBLOCK: 무엇이 잘못되어도 잠들지 않는다. */
    struct mq_attr attr = {.mq_maxmsg = 1, .mq_msgsize = 128};
    mqd_t q = mq_open(name, O_RDWR | O_NONBLOCK | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR, &attr);
    if (q == (mqd_t)-1) {
        name[0] = '\0'; /* 우리 것이 아니다: 지우지 않는다 */
        die("mq_open");
    }
    if (mq_send(q, "hello", 5, 0) == -1)
        die("mq_send");
    printf("sent \"hello\" (5 bytes) to a queue with mq_msgsize %ld\n", attr.mq_msgsize);

    /* 틀린 버퍼: 5바이트 메시지가 넉넉히 들어가는데도 커널은 큐를 보기도 전에 거절한다. */
    char small[64], big[128];
    unsigned prio;
    if (mq_receive(q, small, sizeof small, &prio) != -1 || errno != EMSGSIZE)
        die("mq_receive with a small buffer did not fail with EMSGSIZE");
    printf("mq_receive with a %zu-byte buffer: %s\n", sizeof small, strerror(EMSGSIZE));
    if (mq_getattr(q, &attr) == -1) /* 실패한 받기는 메시지를 꺼내지 않았다 */
        die("mq_getattr");
    printf("mq_curmsgs %ld: the message is still in the queue\n", attr.mq_curmsgs);

    /* 맞는 버퍼: mq_getattr가 알려 준 mq_msgsize만큼. 돌려준 값이 메시지의 길이다. */
    ssize_t n = mq_receive(q, big, (size_t)attr.mq_msgsize, &prio);
    if (n == -1)
        die("mq_receive");
    printf("mq_receive with a %ld-byte buffer (mq_getattr's mq_msgsize): \"%.*s\" (%zd bytes)\n", attr.mq_msgsize,
           (int)n, big, n);

    if (mq_close(q) == -1) /* 디스크립터를 닫고 이름을 지운다 */
        die("mq_close");
    if (mq_unlink(name) == -1)
        die("mq_unlink");
    return 0;
}
