/*
 * experiments/absolute_deadline.c: mq_timedreceive(mq_timedsend도)의 마감은 "몇 초 동안"이 아니라
 * CLOCK_REALTIME의 절대 시각이다. "1초 기다려"라는 뜻으로 {1, 0}을 주면 1970년 1월 1일 0시 0분
 * 1초라서, 이미 지난 시각이라 곧바로 ETIMEDOUT이다. NOTES.md 1.4절과 6절 ⑥.
 *
 * 빈 큐에서 두 번 받아 본다: 틀린 마감 {1, 0}과, clock_gettime(CLOCK_REALTIME)에 0.3초를 더한
 * 맞는 마감. 얼마나 기다렸는지는 CLOCK_MONOTONIC으로 잰다 (벽시계는 누가 바꿀 수 있다: 그러면
 * 절대 시각의 마감도 따라 움직인다).
 *
 * 실행 (05-mqueue 디렉터리에서):
 *   ./experiments/absolute_deadline          큐 이름: /absolute_deadline-PID
 *   ./experiments/absolute_deadline /NAME
 * 출력:
 *   deadline {1, 0} (meant as "1 second"): Connection timed out after 0 ms
 *   deadline now + 300 ms (CLOCK_REALTIME): Connection timed out after 300 ms
 * 읽을 man 페이지: man 3 mq_receive (mq_timedreceive), man 3 clock_gettime
 */
#define _POSIX_C_SOURCE 200809L /* mq_timedreceive, clock_gettime (POSIX.1-2008) */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char name[NAME_MAX + 2];

static void die(const char *what)
{
    fprintf(stderr, "absolute_deadline: %s: %s\n", what, strerror(errno));
    if (name[0] != '\0' && mq_unlink(name) == -1) /* 큐는 프로세스보다 오래 산다: 지우고 끝낸다 */
        fprintf(stderr, "absolute_deadline: mq_unlink %s: %s\n", name, strerror(errno));
    exit(1);
}

/* CLOCK_MONOTONIC의 지금, 밀리초로. 벽시계와 달리 뒤로 가거나 뛰지 않는다: 걸린 시간을 재는 데 쓴다. */
static long now_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
        die("clock_gettime");
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 빈 큐에서 마감 deadline까지 받아 보고, 무엇으로 얼마 만에 돌아왔는지 찍는다. */
static void try_receive(mqd_t q, const char *label, const struct timespec *deadline)
{
    char buf[16];
    long t0 = now_ms();
    if (mq_timedreceive(q, buf, sizeof buf, NULL, deadline) != -1 || errno != ETIMEDOUT)
        die("mq_timedreceive did not time out");
    printf("deadline %s: %s after %ld ms\n", label, strerror(ETIMEDOUT), now_ms() - t0);
}

int main(int argc, char *argv[])
{
    if (argc > 2 || (argc == 2 && argv[1][0] != '/')) { /* -h, --help, 그 밖의 것 */
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: absolute_deadline [/NAME]   (default: /absolute_deadline-PID)\n");
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 한 줄씩 내보낸다 */
    if (argc == 2) /* 이름을 주지 않으면 PID로 짓는다: 동시에 돌려도 겹치지 않게 */
        snprintf(name, sizeof name, "%s", argv[1]);
    else
        snprintf(name, sizeof name, "/absolute_deadline-%ld", (long)getpid());

    /* 아무도 보내지 않는 빈 큐. 블로킹으로 연다: 받기는 마감까지 잠든다. */
    struct mq_attr attr = {.mq_maxmsg = 1, .mq_msgsize = 16};
    mqd_t q = mq_open(name, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR, &attr);
    if (q == (mqd_t)-1) {
        name[0] = '\0'; /* 우리 것이 아니다: 지우지 않는다 */
        die("mq_open");
    }

    /* 틀린 마감: "1초 동안"이라는 뜻으로 쓴 {1, 0}은 1970년의 시각이다. 커널은 기다리지 않는다. */
    struct timespec wrong = {.tv_sec = 1, .tv_nsec = 0};
    try_receive(q, "{1, 0} (meant as \"1 second\")", &wrong);

    /* 맞는 마감: 지금의 CLOCK_REALTIME에 기다릴 시간을 더한다. */
    struct timespec right;
    if (clock_gettime(CLOCK_REALTIME, &right) == -1)
        die("clock_gettime");
    right.tv_nsec += 300000000L; /* + 0.3초, 넘치면 초로 올린다 */
    if (right.tv_nsec >= 1000000000L) {
        right.tv_sec += 1;
        right.tv_nsec -= 1000000000L;
    }
    try_receive(q, "now + 300 ms (CLOCK_REALTIME)", &right);

    if (mq_close(q) == -1) /* 디스크립터를 닫고 이름을 지운다 */
        die("mq_close");
    if (mq_unlink(name) == -1)
        die("mq_unlink");
    return 0;
}
