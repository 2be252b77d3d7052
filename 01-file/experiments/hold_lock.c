/*
 * 01-file/experiments/hold_lock.c: 카운터 파일 전체의 쓰기 잠금을 쥐고 SIGINT/SIGTERM/SIGHUP이 올
 * 때까지 놓지 않는다. 그동안 다른 프로세스의 F_SETLKW는 잠들고 (블로킹), F_SETLK (-n)는 곧바로
 * 실패한다 (논블로킹). SIGKILL로 죽여도 커널이 잠금을 푼다. NOTES 1.3과 3절.
 *
 * 실행 (01-file 디렉터리에서, ./server를 한 번 띄워 demo.data가 있을 때):
 *   터미널 3: ./experiments/hold_lock
 *   터미널 2: ./experiments/hold_lock -n      (곧바로 실패한다)
 *             ./client inc                    (F_SETLKW에서 잠든다: 터미널 3에서 Ctrl-C하면 끝난다)
 * 출력:
 *   hold_lock: holding the write lock on ./demo.data (value 4); Ctrl-C or kill -TERM 4244 lets go
 *   hold_lock: ./demo.data is locked by pid 4244; F_SETLK does not wait
 *   hold_lock: SIGINT: released the lock on ./demo.data
 *
 * 읽을 man 페이지: man 2 fcntl (F_SETLK, F_SETLKW, F_GETLK), man 2 sigsuspend, man 5 proc (/proc/locks)
 */
#define _POSIX_C_SOURCE 200809L /* O_CLOEXEC, sigaction: POSIX.1-2008 */
#define PROG "hold_lock"

#include "../common.h"

static volatile sig_atomic_t stop_signal = 0;

static void on_signal(int sig)
{
    stop_signal = sig;
}

/* 어떤 시그널로 멈췄는지 알리려고 (strsignal은 "Terminated"처럼 설명을 돌려준다) */
static const char *signal_name(int sig)
{
    return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP";
}

int main(int argc, char *argv[])
{
    int nonblock = argc > 1 && strcmp(argv[1], "-n") == 0;
    const char *path = argc > 1 + nonblock ? argv[1 + nonblock] : DEFAULT_DATA;
    sigset_t block, old;
    long value;

    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파일로 읽는다: 한 줄씩 내보낸다 */
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: hold_lock [-n] [FILE]   (FILE 기본값 %s; -n: F_SETLK, 기다리지 않는다)\n", DEFAULT_DATA);
        return 0;
    }
    if (argc > 2 + nonblock || (argc == 2 + nonblock && path[0] == '-')) {
        fprintf(stderr, "usage: hold_lock [-n] [FILE]\n");
        return 2;
    }
    /* 쓰기 잠금(F_WRLCK)은 쓰기로 연 fd에만 걸린다 */
    int fd = open_regular(path, O_RDWR, 0);
    if (fd == -1)
        die("open", path);
    catch_signal(SIGINT, on_signal); /* SA_RESTART 없이: 기다리던 F_SETLKW가 EINTR로 돌아온다 */
    catch_signal(SIGTERM, on_signal);
    catch_signal(SIGHUP, on_signal);

    /* -n: F_SETLK는 다른 프로세스가 쥐고 있으면 기다리지 않고 EAGAIN 또는 EACCES (시스템마다 달라
     * POSIX는 둘 다 보라고 한다). 누가 쥐었는지는 F_GETLK로 묻는다 */
    if (nonblock && whole_file_lock(fd, F_SETLK, F_WRLCK) == -1) {
        if (errno != EAGAIN && errno != EACCES)
            die("fcntl(F_SETLK)", path);
        fprintf(stderr, "hold_lock: %s is locked by pid %ld; F_SETLK does not wait\n", path, (long)lock_holder(fd));
        return 1;
    }
    /* 기본: F_SETLKW는 풀릴 때까지 잠든다. 그동안 이 프로세스는 /proc/locks에 "->" 줄로 보인다 */
    if (!nonblock && wait_for_lock(fd, F_WRLCK, &stop_signal) == -1) {
        if (errno != EINTR)
            die("fcntl(F_SETLKW)", path);
        printf("hold_lock: %s: stopped waiting for the lock on %s\n", signal_name(stop_signal), path);
        return 0;
    }
    if (read_counter(fd, &value) == -1) /* 잠근 바로 그 fd로 읽는다 (다른 fd의 close는 잠금을 푼다) */
        fail(path, counter_problem(errno));

    /* 시그널을 막아(block) 두고 플래그를 본 뒤 sigsuspend로 잔다. sigsuspend는 "마스크를 old로
     * 되돌리기"와 "잠들기"를 한 번에 하므로, 검사와 잠들기 사이에 온 시그널도 놓치지 않는다 (02장) */
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    if (sigprocmask(SIG_BLOCK, &block, &old) == -1)
        die("sigprocmask", NULL);
    printf("hold_lock: holding the write lock on %s (value %ld); Ctrl-C or kill -TERM %ld lets go\n", path, value,
           (long)getpid());
    while (!stop_signal)
        sigsuspend(&old); /* 늘 -1/EINTR로 돌아온다: 시그널 핸들러가 돌았다는 뜻이다 */

    /* 놓는다. 여기서 놓지 않고 끝나도 커널이 풀지만 (close와 exit는 잠금을 모두 푼다), 놓는 곳을
     * 드러내 둔다 */
    if (whole_file_lock(fd, F_SETLK, F_UNLCK) == -1)
        die("fcntl(F_UNLCK)", path);
    if (close(fd) == -1)
        die("close", path);
    printf("hold_lock: %s: released the lock on %s\n", signal_name(stop_signal), path);
    return 0;
}
