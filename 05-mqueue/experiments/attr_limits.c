/*
 * experiments/attr_limits.c: 큐의 크기(mq_maxmsg × mq_msgsize)에는 한도가 셋 있다. 권한
 * (CAP_SYS_RESOURCE) 없는 프로세스는 /proc/sys/fs/mqueue의 msg_max, msgsize_max를 넘을 수 없고
 * (EINVAL), 한 사용자의 큐들은 모두 합쳐 RLIMIT_MSGQUEUE 바이트를 넘을 수 없다 (EMFILE). NOTES.md 1.3절.
 *
 * 차례로 만들어 보고(만든 것은 곧바로 지운다) 커널의 답을 찍는다. attr를 NULL로 주면
 * msg_default × msgsize_default로 만든다는 것도 본다.
 *
 * 실행 (05-mqueue 디렉터리에서. root는 CAP_SYS_RESOURCE가 있어 EINVAL이 안 날 수 있다):
 *   ./experiments/attr_limits               큐 이름: /attr_limits-PID
 *   ./experiments/attr_limits /NAME
 * 출력 (보통 사용자):
 *   /proc/sys/fs/mqueue: msg_max 10, msgsize_max 8192, msg_default 10, msgsize_default 8192
 *   mq_maxmsg 11, mq_msgsize 256: Invalid argument
 *   mq_maxmsg 10, mq_msgsize 256: created
 *   mq_maxmsg 10, mq_msgsize 8193: Invalid argument
 *   attr NULL: created with mq_maxmsg 10, mq_msgsize 8192
 *   RLIMIT_MSGQUEUE 1000 bytes, mq_maxmsg 10, mq_msgsize 256: Too many open files
 * 읽을 man 페이지: man 7 mq_overview (/proc interfaces), man 3 mq_open, man 2 getrlimit (RLIMIT_MSGQUEUE)
 */
#define _POSIX_C_SOURCE 200809L /* mq_open, setrlimit (POSIX.1-2008). RLIMIT_MSGQUEUE는 리눅스의 것이다 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static char name[NAME_MAX + 2];

/* /proc/sys/fs/mqueue/FILE의 숫자 하나. 읽을 수 없으면 -1. */
static long proc_limit(const char *file)
{
    char path[64];
    long value = -1;
    snprintf(path, sizeof path, "/proc/sys/fs/mqueue/%s", file);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    if (fscanf(f, "%ld", &value) != 1)
        value = -1;
    fclose(f);
    return value;
}

/* 큐를 하나 만들어 보고 (attr가 NULL이면 기본값으로) 결과를 한 줄로 찍는다. 만들었으면 곧바로 지운다. */
static void try_create(const char *label, struct mq_attr *attr)
{
    mqd_t q = mq_open(name, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR, attr);
    if (q == (mqd_t)-1) {
        printf("%s: %s\n", label, strerror(errno)); /* EINVAL: 한도 위, EMFILE: 사용자 총량 위 */
        return;
    }
    struct mq_attr got;
    if (mq_getattr(q, &got) == -1 || mq_close(q) == -1 || mq_unlink(name) == -1) {
        fprintf(stderr, "attr_limits: %s: %s\n", name, strerror(errno));
        if (mq_unlink(name) == -1 && errno != ENOENT) /* 큐는 프로세스보다 오래 산다: 지우고 끝낸다 */
            fprintf(stderr, "attr_limits: mq_unlink %s: %s\n", name, strerror(errno));
        exit(1);
    }
    printf("%s: created with mq_maxmsg %ld, mq_msgsize %ld\n", label, got.mq_maxmsg, got.mq_msgsize);
}

int main(int argc, char *argv[])
{
    if (argc > 2 || (argc == 2 && argv[1][0] != '/')) { /* -h, --help, 그 밖의 것 */
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: attr_limits [/NAME]   (default: /attr_limits-PID)\n");
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 한 줄씩 내보낸다 */
    if (argc == 2) /* 이름을 주지 않으면 PID로 짓는다: 동시에 돌려도 겹치지 않게 */
        snprintf(name, sizeof name, "%s", argv[1]);
    else
        snprintf(name, sizeof name, "/attr_limits-%ld", (long)getpid());

    /* 1. 이 컴퓨터의 한도. root가 sysctl로 바꿀 수 있어, 코드에 박아 두지 않고 읽는다. */
    long msg_max = proc_limit("msg_max"), msgsize_max = proc_limit("msgsize_max");
    printf("/proc/sys/fs/mqueue: msg_max %ld, msgsize_max %ld, msg_default %ld, msgsize_default %ld\n", msg_max,
           msgsize_max, proc_limit("msg_default"), proc_limit("msgsize_default"));

    /* 2. 큐마다의 한도: 한 칸 넘으면 EINVAL (CAP_SYS_RESOURCE가 있으면 커널의 고정 상한까지 된다). */
    char label[96];
    struct mq_attr attr = {.mq_maxmsg = msg_max + 1, .mq_msgsize = 256};
    snprintf(label, sizeof label, "mq_maxmsg %ld, mq_msgsize %ld", attr.mq_maxmsg, attr.mq_msgsize);
    try_create(label, &attr);
    attr.mq_maxmsg = msg_max; /* 한도 그대로는 된다 */
    snprintf(label, sizeof label, "mq_maxmsg %ld, mq_msgsize %ld", attr.mq_maxmsg, attr.mq_msgsize);
    try_create(label, &attr);
    attr.mq_msgsize = msgsize_max + 1;
    snprintf(label, sizeof label, "mq_maxmsg %ld, mq_msgsize %ld", attr.mq_maxmsg, attr.mq_msgsize);
    try_create(label, &attr);
    try_create("attr NULL", NULL); /* 기본값: msg_default × msgsize_default */

    /* 3. 사용자마다의 총량: 큐 하나는 만들 때 mq_maxmsg × mq_msgsize에 관리 비용을 더한 만큼을
     *    (메시지가 없어도) 예약한다. 한도를 1000 바이트로 낮추면 10 × 256 짜리도 넘는다: EMFILE. */
    struct rlimit rl = {.rlim_cur = 1000, .rlim_max = 1000};
    if (setrlimit(RLIMIT_MSGQUEUE, &rl) == -1) {
        fprintf(stderr, "attr_limits: setrlimit: %s\n", strerror(errno));
        return 1;
    }
    attr.mq_maxmsg = 10;
    attr.mq_msgsize = 256;
    try_create("RLIMIT_MSGQUEUE 1000 bytes, mq_maxmsg 10, mq_msgsize 256", &attr);
    return 0;
}
