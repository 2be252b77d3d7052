/*
 * experiments/nonblock_eagain.c: O_NONBLOCK이면 빈 큐에서 받기와 가득 찬 큐에 보내기가 잠들지
 * 않고 곧바로 -1/EAGAIN으로 돌아온다. 기본(블로킹)이라면 두 호출 모두 잠든다. NOTES.md 1.4절.
 *
 * 씨앗 노트의 "IPC는 동기와 비동기로 나뉜다"(#5)를 한 메커니즘 안에서 본다: 같은 큐라도 열린 큐
 * 기술(open description)의 O_NONBLOCK 플래그 하나로 기다리는 호출과 기다리지 않는 호출이 갈린다.
 *
 * 실행 (05-mqueue 디렉터리에서):
 *   ./experiments/nonblock_eagain          큐 이름: /nonblock_eagain-PID
 *   ./experiments/nonblock_eagain /NAME
 * 출력:
 *   mq_receive on an empty queue: Resource temporarily unavailable (EAGAIN at once; blocking would sleep)
 *   mq_send "1": ok (mq_curmsgs 1 of 2)
 *   mq_send "2": ok (mq_curmsgs 2 of 2)
 *   mq_send "3": Resource temporarily unavailable (EAGAIN at once: the queue is full)
 *   mq_setattr: O_NONBLOCK off: mq_flags 0 (now mq_receive and mq_send would sleep)
 * 읽을 man 페이지: man 3 mq_receive, man 3 mq_send, man 3 mq_getattr (mq_setattr)
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
    fprintf(stderr, "nonblock_eagain: %s: %s\n", what, strerror(errno));
    if (name[0] != '\0' && mq_unlink(name) == -1) /* 큐는 프로세스보다 오래 산다: 지우고 끝낸다 */
        fprintf(stderr, "nonblock_eagain: mq_unlink %s: %s\n", name, strerror(errno));
    exit(1);
}

int main(int argc, char *argv[])
{
    if (argc > 2 || (argc == 2 && argv[1][0] != '/')) { /* -h, --help, 그 밖의 것 */
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: nonblock_eagain [/NAME]   (default: /nonblock_eagain-PID)\n");
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 한 줄씩 내보낸다 */
    if (argc == 2) /* 이름을 주지 않으면 PID로 짓는다: 동시에 돌려도 겹치지 않게 */
        snprintf(name, sizeof name, "%s", argv[1]);
    else
        snprintf(name, sizeof name, "/nonblock_eagain-%ld", (long)getpid());

    /* 자리가 둘뿐인 큐를 O_NONBLOCK으로 연다. 플래그는 이 열린 큐 기술에 붙는다 (mq_flags). */
    struct mq_attr attr = {.mq_maxmsg = 2, .mq_msgsize = 16};
    mqd_t q = mq_open(name, O_RDWR | O_NONBLOCK | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR, &attr);
    if (q == (mqd_t)-1) {
        name[0] = '\0'; /* 우리 것이 아니다: 지우지 않는다 */
        die("mq_open");
    }

    /* 1. 빈 큐에서 받기: 블로킹이라면 메시지가 올 때까지 잠들 자리. O_NONBLOCK은 곧바로 EAGAIN. */
    char buf[16];
    unsigned prio;
    if (mq_receive(q, buf, sizeof buf, &prio) != -1 || errno != EAGAIN)
        die("mq_receive on an empty queue did not fail with EAGAIN");
    printf("mq_receive on an empty queue: %s (EAGAIN at once; blocking would sleep)\n", strerror(EAGAIN));

    /* 2. 가득 찬 큐에 보내기: mq_curmsgs가 mq_maxmsg에 닿으면 세 번째 mq_send는 EAGAIN. */
    const char *texts[] = {"1", "2", "3"};
    for (int i = 0; i < 3; i++) {
        if (mq_send(q, texts[i], 1, 0) == -1) {
            if (errno != EAGAIN)
                die("mq_send");
            printf("mq_send \"%s\": %s (EAGAIN at once: the queue is full)\n", texts[i], strerror(EAGAIN));
        } else if (mq_getattr(q, &attr) == -1) {
            die("mq_getattr");
        } else {
            printf("mq_send \"%s\": ok (mq_curmsgs %ld of %ld)\n", texts[i], attr.mq_curmsgs, attr.mq_maxmsg);
        }
    }

    /* 3. mq_setattr로 바꿀 수 있는 것은 mq_flags의 O_NONBLOCK 하나뿐이다 (크기는 만들 때 정해진다). */
    struct mq_attr blocking = {.mq_flags = 0};
    if (mq_setattr(q, &blocking, NULL) == -1 || mq_getattr(q, &attr) == -1)
        die("mq_setattr");
    printf("mq_setattr: O_NONBLOCK off: mq_flags %ld (now mq_receive and mq_send would sleep)\n", attr.mq_flags);

    if (mq_close(q) == -1) /* 디스크립터를 닫고 이름을 지운다: 안에 남은 두 메시지도 함께 사라진다 */
        die("mq_close");
    if (mq_unlink(name) == -1)
        die("mq_unlink");
    return 0;
}
