/*
 * 06-shm/experiments/sa_restart_and_sem_wait.c: 세마포어에서 잠든 프로세스에 시그널이 오면? 핸들러를
 * SA_RESTART로 달았으면 리눅스는 sem_wait를 다시 시작한다: 핸들러는 돌지만 sem_wait는 돌아오지 않고
 * 계속 잔다 (멈추라는 플래그를 볼 기회가 없다). SA_RESTART가 없으면 -1/EINTR로 돌아온다.
 * sem_timedwait은 이 컴퓨터(리눅스 6.18, glibc 2.36)에서 SA_RESTART 여도 EINTR이다.
 * NOTES 1.6절과 6절 흔한 실수 ⑥ (server.c와 client.c가 SA_RESTART 없이 핸들러를 다는 까닭).
 *
 * 실행 (06-shm 디렉터리에서):
 *   ./experiments/sa_restart_and_sem_wait
 *
 * 출력:
 *   sa_restart: sem_wait, handler without SA_RESTART: the handler ran, then sem_wait returned -1 EINTR
 *   sa_restart: sem_wait, handler with SA_RESTART: the handler ran, sem_wait was restarted and slept on (until our sem_post)
 *   sa_restart: sem_timedwait, handler with SA_RESTART: the handler ran, then sem_timedwait returned -1 EINTR
 *
 * 어떻게 재나 (잠을 재우지 않는다): 자식이 세마포어(값 0)에서 잠든 것을 /proc/PID/stat의 상태 S로 보고
 * SIGUSR1을 보낸다. 핸들러가 돌았다는 표시가 공유 메모리에 나타난 뒤에 sem_post한다. 다시 시작된
 * sem_wait라면 그 post를 받아 0으로 돌아오고, 다시 시작되지 않았다면 이미 EINTR로 돌아온 뒤다.
 * 자식은 결과를 끝 상태로 알린다. 다른 이유로 S인 순간은 없다: 자식은 sem_wait 말고는 잠들지 않는다.
 * sem_timedwait이 다른 까닭: 시간 제한이 있는 futex 대기는 끊기면 ERESTART_RESTARTBLOCK을 내고, 커널은
 * 핸들러를 부를 때 이것을 SA_RESTART와 상관없이 EINTR로 바꾼다 (man 2 restart_syscall).
 *
 * 읽을 man 페이지: man 7 signal ("Interruption of system calls ... by signal handlers"), man 3 sem_wait
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, 그리고 POSIX.1-2008 (sigaction, sem_timedwait, nanosleep) */

#include <errno.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct shared {
    sem_t sem;           /* 값 0: 자식이 여기서 잔다 */
    atomic_int handled;  /* 자식의 핸들러가 돌았다 (잠금 없는 원자 변수: 핸들러에서 써도 된다) */
};
static struct shared *sh;

static void on_usr1(int sig)
{
    (void)sig;
    atomic_store(&sh->handled, 1);
}

static void die(const char *what)
{
    fprintf(stderr, "sa_restart: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* /proc/PID/stat의 상태 글자 (리눅스). 읽지 못하면 '?' */
static char state_of(pid_t pid)
{
    char path[64], buf[256];
    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return '?';
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')'); /* 명령 이름에 공백이나 ')'가 있어도 마지막 ')' 뒤가 상태다 */
    if (p == NULL || p[1] != ' ')
        return '?';
    return p[2];
}

/* 자식: 핸들러를 flags로 달고 잠든다. 끝 상태 0 = post를 받았다(다시 시작됐다), 1 = EINTR, 2 = 다른 것 */
static void child(int flags, int timed)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = flags;
    if (sigaction(SIGUSR1, &sa, NULL) == -1)
        _exit(2);
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 60; /* 시험이 막히면 1분 뒤에는 끝난다 (보통은 곧바로 끝난다) */
    int r = timed ? sem_timedwait(&sh->sem, &deadline) : sem_wait(&sh->sem);
    _exit(r == 0 ? 0 : errno == EINTR ? 1 : 2);
}

static void try_it(int flags, int timed)
{
    if (sem_init(&sh->sem, 1, 0) == -1)
        die("sem_init");
    atomic_store(&sh->handled, 0);
    pid_t pid = fork();
    if (pid == -1)
        die("fork");
    if (pid == 0)
        child(flags, timed);
    struct timespec ms = {0, 1000000};
    while (state_of(pid) != 'S') /* 자식이 세마포어에서 잠들 때까지 (1ms 씩 확인) */
        nanosleep(&ms, NULL);
    if (kill(pid, SIGUSR1) == -1)
        die("kill");
    while (!atomic_load(&sh->handled)) /* 핸들러가 돌 때까지 */
        nanosleep(&ms, NULL);
    if (sem_post(&sh->sem) == -1)
        die("sem_post");
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die("waitpid");
    const char *call = timed ? "sem_timedwait" : "sem_wait";
    printf("sa_restart: %s, handler %s SA_RESTART: the handler ran, ", call, flags ? "with" : "without");
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        printf("%s was restarted and slept on (until our sem_post)\n", call);
    else if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
        printf("then %s returned -1 EINTR\n", call);
    else
        printf("then something else happened (status 0x%x)\n", (unsigned)status);
    if (sem_destroy(&sh->sem) == -1)
        die("sem_destroy");
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1) {
        int help = strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0;
        if (help)
            printf("usage: sa_restart_and_sem_wait\nSA_RESTART 핸들러가 sem_wait를 다시 시작하는지 보인다.\n");
        else
            fprintf(stderr, "usage: sa_restart_and_sem_wait   (no arguments)\n");
        return help ? 0 : 2;
    }
    // cppcheck-suppress invalidFunctionArg ; MAP_ANONYMOUS에는 fd -1이 맞다 (man 2 mmap)
    sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED)
        die("mmap");
    try_it(0, 0);
    try_it(SA_RESTART, 0);
    try_it(SA_RESTART, 1);
    if (munmap(sh, sizeof *sh) == -1)
        die("munmap");
    return 0;
}
