/*
 * hold_lock.c: 01-file 연습 2와 3의 채점기가 쓰는 도우미다 (고치지 않는다). experiments/hold_lock.c처럼
 * 카운터 파일에 fcntl 잠금을 쥐고 SIGINT/SIGTERM/SIGHUP이 올 때까지 놓지 않는다. 두 옵션이 더 있다:
 *   -r        읽기 잠금(F_RDLCK, 여럿이 함께 쥘 수 있다). 기본은 쓰기 잠금(F_WRLCK, 하나만)
 *   -o START  START 바이트부터 끝까지만 잠근다 (기본 0: 파일 전체). 파일 끝 너머도 잠글 수 있다
 * 남이 쥐고 있으면 풀릴 때까지 F_SETLKW로 잔다.
 *
 * 실행 (이 디렉터리에서 cc -o hold_lock hold_lock.c, ./demo.data가 있을 때):
 *   ./hold_lock              쓰기 잠금, 파일 전체
 *   ./hold_lock -r           읽기 잠금
 *   ./hold_lock -o 100       100 바이트부터 끝까지 쓰기 잠금
 * 출력:
 *   hold_lock: holding a write lock on ./demo.data from byte 0 to the end; kill -TERM 4244 lets go
 *   hold_lock: SIGTERM: released the lock on ./demo.data
 *
 * 읽을 man 페이지: man 2 fcntl (Advisory record locking), man 2 sigsuspend
 */
#define _POSIX_C_SOURCE 200809L /* O_CLOEXEC, sigaction: POSIX.1-2008 */
#define PROG "hold_lock"

#include "common.h"

static volatile sig_atomic_t stop_signal = 0;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static int usage(FILE *to, int status)
{
    fprintf(to, "usage: hold_lock [-r] [-o START] [FILE]   (FILE 기본값 %s)\n", DEFAULT_DATA);
    return status;
}

int main(int argc, char *argv[])
{
    short type = F_WRLCK;
    long start = 0;
    int opt;
    sigset_t block, old;

    setvbuf(stdout, NULL, _IOLBF, 0); /* 채점기가 파일로 읽는다: 한 줄씩 내보낸다 */
    if (argc > 1 && strcmp(argv[1], "--help") == 0)
        return usage(stdout, 0);
    while ((opt = getopt(argc, argv, "hro:")) != -1) {
        switch (opt) {
        case 'h': return usage(stdout, 0);
        case 'r': type = F_RDLCK; break;
        case 'o': start = parse_number(optarg, 0, 1000000); break; /* 범위 밖이면 -1 */
        default: return usage(stderr, 2);
        }
    }
    if (argc - optind > 1 || start == -1)
        return usage(stderr, 2);
    const char *path = optind < argc ? argv[optind] : DEFAULT_DATA;
    /* 읽기 잠금은 읽기로, 쓰기 잠금은 쓰기로 연 fd에 걸린다: O_RDWR이면 둘 다 된다 */
    int fd = open_regular(path, O_RDWR, 0);
    if (fd == -1)
        die("open", path);
    catch_signal(SIGINT, on_signal); /* SA_RESTART 없이: 기다리던 F_SETLKW가 EINTR로 돌아온다 */
    catch_signal(SIGTERM, on_signal);
    catch_signal(SIGHUP, on_signal);

    /* START 바이트부터 끝까지 (l_len = 0: 파일이 자라도 끝까지). 풀릴 때까지 잔다 */
    struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = (off_t)start, .l_len = 0};
    while (fcntl(fd, F_SETLKW, &fl) == -1) {
        if (errno != EINTR)
            die("fcntl(F_SETLKW)", path);
        if (stop_signal) {
            printf("hold_lock: stopped waiting for the lock on %s\n", path);
            return 0;
        }
    }

    /* 시그널을 막아 두고 플래그를 본 뒤 sigsuspend로 잔다: 검사와 잠들기 사이에 온 시그널도 놓치지 않는다 */
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    if (sigprocmask(SIG_BLOCK, &block, &old) == -1)
        die("sigprocmask", NULL);
    printf("hold_lock: holding a %s lock on %s from byte %ld to the end; kill -TERM %ld lets go\n",
           type == F_RDLCK ? "read" : "write", path, start, (long)getpid());
    while (!stop_signal)
        sigsuspend(&old); /* 늘 -1/EINTR: 시그널 핸들러가 돌았다 */

    fl.l_type = F_UNLCK; /* 놓는다 (close와 exit도 놓지만, 놓는 곳을 드러내 둔다) */
    if (fcntl(fd, F_SETLK, &fl) == -1)
        die("fcntl(F_UNLCK)", path);
    if (close(fd) == -1)
        die("close", path);
    printf("hold_lock: SIG%s: released the lock on %s\n",
           stop_signal == SIGINT ? "INT" : stop_signal == SIGTERM ? "TERM" : "HUP", path);
    return 0;
}
