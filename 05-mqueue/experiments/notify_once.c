/*
 * experiments/notify_once.c: mq_notify의 알림은 한 번뿐이고, 빈 큐에 메시지가 들어올 때만 온다.
 * 알림을 받으면 먼저 다시 걸고, 그다음 O_NONBLOCK으로 EAGAIN까지 비워야 한다. NOTES.md 6절 ⑤.
 *
 * SIGUSR1을 차단(blocked)해 두고 mq_notify(SIGEV_SIGNAL, SIGUSR1)를 건다. 메시지를 보내면 커널이
 * mq_send 안에서 시그널을 보내고, 시그널은 보류(pending)된다. sigtimedwait(마감 0)로 보류된
 * 시그널을 기다리지 않고 꺼내 본다: 있으면 알림이 온 것, EAGAIN이면 오지 않은 것이다.
 *
 * 실행 (05-mqueue 디렉터리에서):
 *   ./experiments/notify_once          큐 이름: /notify_once-PID
 *   ./experiments/notify_once /NAME
 * 출력:
 *   1. registered; sent "one", "two": notified once (SIGUSR1, si_code SI_MESGQ), then none
 *   2. drained; sent "three": none (a notification is used up once it fires)
 *   3. registered again while "three" waits; sent "four": none (the queue was not empty)
 *   4. drained; sent "five": notified (SIGUSR1, si_code SI_MESGQ) (the queue went from empty to not empty)
 *   5. the right order: register again first, then drain until EAGAIN; sent "six": notified (...)
 * 읽을 man 페이지: man 3 mq_notify, man 2 sigtimedwait, man 7 sigevent
 */
#define _POSIX_C_SOURCE 200809L /* mq_notify, sigtimedwait (POSIX.1-2008) */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char name[NAME_MAX + 2];
static mqd_t q;
static sigset_t usr1;

static void die(const char *what)
{
    fprintf(stderr, "notify_once: %s: %s\n", what, strerror(errno));
    if (name[0] != '\0' && mq_unlink(name) == -1) /* 큐는 프로세스보다 오래 산다: 지우고 끝낸다 */
        fprintf(stderr, "notify_once: mq_unlink %s: %s\n", name, strerror(errno));
    exit(1);
}

/* 알림을 건다: 빈 큐에 메시지가 들어오면 이 프로세스에 SIGUSR1을 한 번 보내 달라. */
static void notify(void)
{
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGUSR1;
    if (mq_notify(q, &sev) == -1)
        die("mq_notify");
}

static void send_text(const char *text)
{
    if (mq_send(q, text, strlen(text), 0) == -1)
        die("mq_send");
}

/* 보류된 SIGUSR1이 있으면 꺼내고 "notified", 없으면 "none". 마감 0: 기다리지 않는다. */
static const char *pending_notification(void)
{
    static const struct timespec zero = {0, 0};
    siginfo_t si;
    if (sigtimedwait(&usr1, &si, &zero) == -1) {
        if (errno != EAGAIN)
            die("sigtimedwait");
        return "none";
    }
    return si.si_code == SI_MESGQ ? "notified (SIGUSR1, si_code SI_MESGQ)" : "SIGUSR1 from elsewhere";
}

/* O_NONBLOCK으로 EAGAIN까지 비운다. 꺼낸 수를 돌려준다. */
static int drain(void)
{
    char buf[16];
    int count = 0;
    while (mq_receive(q, buf, sizeof buf, NULL) >= 0)
        count++;
    if (errno != EAGAIN)
        die("mq_receive");
    return count;
}

int main(int argc, char *argv[])
{
    if (argc > 2 || (argc == 2 && argv[1][0] != '/')) { /* -h, --help, 그 밖의 것 */
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: notify_once [/NAME]   (default: /notify_once-PID)\n");
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 한 줄씩 내보낸다 */
    if (argc == 2) /* 이름을 주지 않으면 PID로 짓는다: 동시에 돌려도 겹치지 않게 */
        snprintf(name, sizeof name, "%s", argv[1]);
    else
        snprintf(name, sizeof name, "/notify_once-%ld", (long)getpid());

    /* SIGUSR1을 차단한다: 알림은 핸들러로 가지 않고 보류되어, sigtimedwait가 꺼낼 때까지 기다린다. */
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    if (sigprocmask(SIG_BLOCK, &usr1, NULL) == -1)
        die("sigprocmask");
    struct mq_attr attr = {.mq_maxmsg = 4, .mq_msgsize = 16};
    q = mq_open(name, O_RDWR | O_NONBLOCK | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR, &attr);
    if (q == (mqd_t)-1) {
        name[0] = '\0'; /* 우리 것이 아니다: 지우지 않는다 */
        die("mq_open");
    }

    notify(); /* 1. 두 메시지에 알림은 하나: 첫 메시지가 알림을 쓰고, 알림은 그때 풀린다 */
    send_text("one");
    send_text("two");
    const char *first = pending_notification();
    printf("1. registered; sent \"one\", \"two\": %s, then %s\n", first, pending_notification());

    drain(); /* 2. 다시 걸지 않았다: 빈 큐에 메시지가 와도 조용하다 */
    send_text("three");
    printf("2. drained; sent \"three\": %s (a notification is used up once it fires)\n", pending_notification());

    notify(); /* 3. 큐가 비어 있지 않을 때 걸면, 다음 메시지는 "빈 큐에 온 것"이 아니라 알림이 없다 */
    send_text("four");
    printf("3. registered again while \"three\" waits; sent \"four\": %s (the queue was not empty)\n",
           pending_notification());

    drain(); /* 4. 3의 알림은 아직 걸려 있다: 큐를 비운 뒤 온 메시지에 비로소 울린다 */
    send_text("five");
    printf("4. drained; sent \"five\": %s (the queue went from empty to not empty)\n", pending_notification());

    notify(); /* 5. 알림 처리의 맞는 순서: 먼저 다시 걸고, 그다음 EAGAIN까지 비운다 */
    drain();  /*    (거꾸로 하면 비운 뒤 다시 걸기 전에 온 메시지에는 알림이 없다) */
    send_text("six");
    printf("5. the right order: register again first, then drain until EAGAIN; sent \"six\": %s\n",
           pending_notification());

    if (mq_close(q) == -1) /* 닫으면 이 프로세스가 건 알림도 풀린다. 이름을 지운다 */
        die("mq_close");
    if (mq_unlink(name) == -1)
        die("mq_unlink");
    return 0;
}
