/*
 * experiments/priorities.c: 큐는 우선순위가 높은 메시지부터 내주고, 같은 우선순위 안에서는 먼저 온
 * 것부터 내준다. 받을 때마다 보낸 그대로의 길이가 돌아온다 (메시지 경계). NOTES.md 1.5절.
 *
 * 아무도 읽지 않는 큐에 "hello"(우선순위 1), "x"(5), "twelve-bytes"(3), "y"(5)를 차례로 넣은 뒤
 * 꺼낸다. 우선순위는 읽지 않은 메시지가 쌓여 있을 때만 뜻이 있다: 받는 쪽이 늘 기다리고 있으면
 * 메시지는 오는 대로 나간다. 마지막으로 범위(0..MQ_PRIO_MAX-1) 밖의 우선순위가 EINVAL인 것을 본다.
 *
 * 실행 (05-mqueue 디렉터리에서, make -C .. 05-mqueue 뒤):
 *   ./experiments/priorities            큐 이름: /priorities-PID
 *   ./experiments/priorities /NAME
 * 출력:
 *   sent "hello" (5 bytes, prio 1)  ...
 *   mq_curmsgs 4: nobody has read yet
 *   received "x" (1 bytes, prio 5)
 *   received "y" (1 bytes, prio 5)
 *   received "twelve-bytes" (12 bytes, prio 3)
 *   received "hello" (5 bytes, prio 1)
 *   mq_receive: Resource temporarily unavailable (O_NONBLOCK: the queue is empty)
 *   mq_send prio 32768: Invalid argument (sysconf(_SC_MQ_PRIO_MAX) is 32768)
 * 읽을 man 페이지: man 3 mq_send, man 3 mq_receive, man 7 mq_overview
 */
#define _POSIX_C_SOURCE 200809L /* mq_open과 sysconf(_SC_MQ_PRIO_MAX) (POSIX.1-2008) */

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
    fprintf(stderr, "priorities: %s: %s\n", what, strerror(errno));
    if (name[0] != '\0' && mq_unlink(name) == -1) /* 큐는 프로세스보다 오래 산다: 지우고 끝낸다 */
        fprintf(stderr, "priorities: mq_unlink %s: %s\n", name, strerror(errno));
    exit(1);
}

int main(int argc, char *argv[])
{
    static const struct { const char *text; unsigned prio; } msgs[] = {{"hello", 1}, {"x", 5}, {"twelve-bytes", 3}, {"y", 5}};
    if (argc > 2 || (argc == 2 && argv[1][0] != '/')) { /* -h, --help, 그 밖의 것 */
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: priorities [/NAME]   (default: /priorities-PID)\n");
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 한 줄씩 내보낸다 */
    if (argc == 2) /* 이름을 주지 않으면 PID로 짓는다: 동시에 돌려도 겹치지 않게 */
        snprintf(name, sizeof name, "%s", argv[1]);
    else
        snprintf(name, sizeof name, "/priorities-%ld", (long)getpid());

    /* O_RDWR: 한 프로세스가 보내고 받는다. O_NONBLOCK: 큐가 비면 mq_receive가 잠들지 않고 EAGAIN. */
    struct mq_attr attr = {.mq_maxmsg = 10, .mq_msgsize = 64};
    mqd_t q = mq_open(name, O_RDWR | O_NONBLOCK | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR, &attr);
    if (q == (mqd_t)-1) {
        name[0] = '\0'; /* 우리 것이 아니다: 지우지 않는다 */
        die("mq_open");
    }
    for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++) {
        /* 커널은 메시지를 우선순위 순서로 끼워 넣는다: 같은 우선순위면 먼저 온 것 뒤에. */
        if (mq_send(q, msgs[i].text, strlen(msgs[i].text), msgs[i].prio) == -1)
            die("mq_send");
        printf("sent \"%s\" (%zu bytes, prio %u)\n", msgs[i].text, strlen(msgs[i].text), msgs[i].prio);
    }
    if (mq_getattr(q, &attr) == -1)
        die("mq_getattr");
    printf("mq_curmsgs %ld: nobody has read yet\n", attr.mq_curmsgs);

    char buf[64]; /* mq_msgsize와 같은 크기 */
    unsigned prio;
    ssize_t n;
    /* mq_receive는 늘 "우선순위가 가장 높은 것 중 가장 오래된 것" 하나를 통째로 꺼낸다. 돌려준 값이
     * 곧 그 메시지의 길이다: 구분자('\n')도 길이 헤더도 없는데 경계가 지켜진다. */
    while ((n = mq_receive(q, buf, sizeof buf, &prio)) >= 0)
        printf("received \"%.*s\" (%zd bytes, prio %u)\n", (int)n, buf, n, prio);
    if (errno != EAGAIN)
        die("mq_receive");
    printf("mq_receive: %s (O_NONBLOCK: the queue is empty)\n", strerror(errno));

    /* 우선순위는 0부터 MQ_PRIO_MAX - 1까지. 리눅스는 32768 (POSIX가 보장하는 것은 32)이다. */
    long prio_max = sysconf(_SC_MQ_PRIO_MAX);
    if (mq_send(q, "z", 1, (unsigned)prio_max) == 0)
        printf("mq_send prio %ld: accepted?\n", prio_max);
    else
        printf("mq_send prio %ld: %s (sysconf(_SC_MQ_PRIO_MAX) is %ld)\n", prio_max, strerror(errno), prio_max);

    /* 정리: 디스크립터를 닫고 이름을 지운다. 지우지 않으면 큐는 이 프로세스가 끝나도 남는다. */
    if (mq_close(q) == -1)
        die("mq_close");
    if (mq_unlink(name) == -1)
        die("mq_unlink");
    return 0;
}
