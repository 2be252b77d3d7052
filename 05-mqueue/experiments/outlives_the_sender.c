/*
 * experiments/outlives_the_sender.c: 큐와 그 안의 메시지는 만든 프로세스, 보낸 프로세스가 끝나도
 * 커널에 남는다 (커널 지속성). mq_unlink해야 사라진다. NOTES.md 1.6절.
 *
 * 자식 프로세스가 큐를 만들고 메시지 하나를 보낸 뒤 mq_unlink하지 않고 끝난다. 부모는 자식이
 * 끝난 것을 waitpid로 확인한 뒤에 이름으로 큐를 열어 그 메시지를 받는다. 파이프였다면 마지막
 * 파일 디스크립터가 닫힐 때 안의 데이터와 함께 사라졌을 것이다.
 *
 * 실행 (05-mqueue 디렉터리에서):
 *   ./experiments/outlives_the_sender          큐 이름: /outlives_the_sender-PID
 *   ./experiments/outlives_the_sender /NAME
 * 출력:
 *   child 4243: created /outlives_the_sender-4242, sent "still here", exiting without mq_unlink
 *   parent: child 4243 has exited (status 0)
 *   parent: mq_open /outlives_the_sender-4242 by name: mq_curmsgs 1
 *   parent: received "still here" (10 bytes), sent by a process that no longer exists
 *   parent: mq_unlink; now mq_open gives: No such file or directory
 * 읽을 man 페이지: man 7 mq_overview (Persistence), man 3 mq_unlink, man 2 waitpid
 */
#define _POSIX_C_SOURCE 200809L /* mq_open, waitpid (POSIX.1-2008) */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char name[NAME_MAX + 2];

static void die(const char *what)
{
    fprintf(stderr, "outlives_the_sender: %s: %s\n", what, strerror(errno));
    if (mq_unlink(name) == -1 && errno != ENOENT) /* 남은 큐를 치운다 (없으면 그만) */
        fprintf(stderr, "outlives_the_sender: mq_unlink %s: %s\n", name, strerror(errno));
    exit(1);
}

int main(int argc, char *argv[])
{
    if (argc > 2 || (argc == 2 && argv[1][0] != '/')) { /* -h, --help, 그 밖의 것 */
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: outlives_the_sender [/NAME]   (default: /outlives_the_sender-PID)\n");
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 한 줄씩 내보낸다: 부모와 자식의 줄이 섞이지 않고, fork가 버퍼를 베끼지 않는다 */
    if (argc == 2) /* 이름을 주지 않으면 PID로 짓는다: 동시에 돌려도 겹치지 않게 */
        snprintf(name, sizeof name, "%s", argv[1]);
    else
        snprintf(name, sizeof name, "/outlives_the_sender-%ld", (long)getpid());

    pid_t child = fork();
    if (child == -1)
        die("fork");
    if (child == 0) {
        /* 자식: 만들고, 보내고, 닫고, 끝난다. mq_unlink는 일부러 하지 않는다. */
        struct mq_attr attr = {.mq_maxmsg = 1, .mq_msgsize = 64};
        mqd_t q = mq_open(name, O_WRONLY | O_CREAT | O_EXCL, S_IRUSR | S_IWUSR, &attr);
        if (q == (mqd_t)-1) {
            fprintf(stderr, "outlives_the_sender: child: mq_open %s: %s\n", name, strerror(errno));
            _exit(1); /* 우리가 만들지 않은 큐는 지우지 않는다 */
        }
        if (mq_send(q, "still here", 10, 0) == -1 || mq_close(q) == -1)
            die("child: mq_send");
        printf("child %ld: created %s, sent \"still here\", exiting without mq_unlink\n", (long)getpid(), name);
        _exit(0); /* 프로세스가 끝나면 커널은 디스크립터를 닫아 주지만, 이름과 큐와 메시지는 그대로다 */
    }

    int status;
    if (waitpid(child, &status, 0) == -1)
        die("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "outlives_the_sender: the child failed\n");
        return 1;
    }
    printf("parent: child %ld has exited (status 0)\n", (long)child);

    /* 만든 이도 보낸 이도 없다. 그래도 이름으로 열면 큐가 있고, 메시지도 있다. */
    mqd_t q = mq_open(name, O_RDONLY | O_NONBLOCK);
    struct mq_attr attr;
    if (q == (mqd_t)-1 || mq_getattr(q, &attr) == -1)
        die("mq_open");
    printf("parent: mq_open %s by name: mq_curmsgs %ld\n", name, attr.mq_curmsgs);
    char buf[64];
    ssize_t n = mq_receive(q, buf, sizeof buf, NULL);
    if (n == -1)
        die("mq_receive");
    printf("parent: received \"%.*s\" (%zd bytes), sent by a process that no longer exists\n", (int)n, buf, n);

    /* 지우는 것은 누군가 해야 한다: mq_unlink는 이름을 지우고, 마지막 디스크립터가 닫히면 큐도 사라진다. */
    if (mq_close(q) == -1 || mq_unlink(name) == -1)
        die("mq_unlink");
    mqd_t gone = mq_open(name, O_RDONLY);
    if (gone != (mqd_t)-1) {
        mq_close(gone);
        die("mq_open after mq_unlink succeeded");
    }
    printf("parent: mq_unlink; now mq_open gives: %s\n", strerror(errno));
    return 0;
}
