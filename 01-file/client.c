/*
 * 01-file/client.c: 디스크 위의 파일로 server 와, 그리고 다른 client 들과 소통한다.
 *
 *   send TEXT   요청을 spool 폴더에 "발행"하고 (임시 파일 → fsync → rename → 폴더 fsync)
 *               응답 파일이 나타날 때까지 폴링한다. 파일은 도착을 알려 주지 않는다.
 *   inc [N]     공유 카운터 파일을 fcntl 쓰기 잠금 아래에서 N 번 1 씩 올리고, 올릴 때마다
 *               기록 파일에 O_APPEND 로 한 줄을 덧붙인다. server 와는 말하지 않는다:
 *               같은 파일을 같은 규칙(잠금)으로 쓰는 것만으로 server 와 다른 client 들과
 *               상태를 나눈다.
 *   hold        카운터의 잠금을 쥐고 SIGINT/SIGTERM 이 올 때까지 놓지 않는다 (실험용).
 *
 * 실행 (01-file 폴더에서, 다른 터미널에 ./server 가 떠 있을 때):
 *   ./client send 'hello, file'
 *   ./client inc 100
 *   ./client hold               그리고 다른 터미널에서 ./client -n inc  → 잠겨 있다고 한다
 *   ./client -U -H send hello   (버그) 반쯤 쓴 요청을 server 가 읽는다. fg 로 이어 간다
 *
 * 출력:
 *   client: sent "hello, file" as ./demo.spool/4242.req to server pid 4241
 *   client: reply: ticket 1: hello, file
 *   client: added 100 to ./demo.data, one at a time; last value 101
 *   client: holding the lock on ./demo.data (value 101); Ctrl-C or kill -TERM 4244 lets go
 *
 * 읽을 man 페이지: man 2 fcntl, man 2 rename, man 2 fsync, man 2 open (O_APPEND),
 *   man 2 alarm, man 2 sigsuspend
 */
#define _POSIX_C_SOURCE 200809L /* openat, renameat, O_CLOEXEC, O_NOFOLLOW, clock_gettime (POSIX.1-2008) */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

#define POLL_MS 10 /* 응답 파일을 다시 찾아보기 전에 쉬는 시간 */

struct options {
    const char *spool; /* -s */
    const char *data;  /* -f */
    const char *log;   /* -l */
    long timeout;      /* -t: 응답이나 잠금을 기다리는 최대 초 */
    int nonblock;      /* -n: 잠금을 기다리지 않는다 (F_SETLK) */
    int unlocked;      /* -u: (버그) 잠그지 않는다 */
    int reopen_bug;    /* -B: (버그) 잠근 뒤 같은 파일을 다시 열고 닫는다 */
    int unsafe;        /* -U: (버그) 임시 파일과 rename 없이 요청 파일에 바로 쓴다 */
    int halfway;       /* -H: 요청을 반만 쓰고 SIGSTOP 으로 멈춘다 */
};

/* 처리기는 값만 바꾼다. 무엇을 할지는 보통 코드가 정한다. */
static volatile sig_atomic_t stop_signal = 0; /* SIGINT/SIGTERM 번호 */
static volatile sig_atomic_t alarm_fired = 0; /* SIGALRM: -t 의 시간이 지났다 */

static void on_stop(int sig)
{
    stop_signal = sig;
}

static void on_alarm(int sig)
{
    (void)sig;
    alarm_fired = 1;
}

static void usage(FILE *to)
{
    fprintf(to, "usage: client [-s SPOOL] [-t SECS] [-U] [-H] send TEXT\n"
                "       client [-f DATA] [-l LOG] [-t SECS] [-n | -u] inc [COUNT]\n"
                "       client [-f DATA] [-t SECS] [-n] [-B] hold\n");
}

static void help(void)
{
    usage(stdout);
    printf("\n  send TEXT   TEXT(한 줄, 200바이트 이하)를 요청 파일로 SPOOL 에 발행하고 응답을 기다린다\n"
           "  inc COUNT   DATA 의 카운터를 잠금 아래에서 COUNT 번 (1..1000000, 기본: 1) 1 씩 올리고\n"
           "              올릴 때마다 LOG 에 한 줄을 덧붙인다\n"
           "  hold        DATA 의 잠금을 쥐고 SIGINT/SIGTERM 이 올 때까지 기다린다\n\n"
           "  -s SPOOL    server 의 spool 폴더 (기본: %s)\n"
           "  -f DATA     공유 카운터 파일, server 가 만든다 (기본: %s)\n"
           "  -l LOG      기록 파일, server 가 만든다 (기본: %s)\n"
           "  -t SECS     응답이나 잠금을 기다리는 최대 시간 1..3600 초 (기본: 10)\n"
           "  -n          잠금을 기다리지 않는다: 잠겨 있으면 누가 쥐었는지 알리고 끝낸다 (F_SETLK)\n"
           "실험용 (일부러 버그를 낸다):\n"
           "  -u          inc: 잠그지 않는다. 권고 잠금은 묻지 않는 프로세스를 막지 못한다\n"
           "  -B          hold: 잠근 뒤 같은 파일을 다시 열고 닫는다. 그 close 가 잠금을 푼다\n"
           "  -U          send: 임시 파일과 rename 없이 요청 파일에 바로 쓴다\n"
           "  -H          send: 요청을 반만 쓰고 SIGSTOP 으로 멈춘다 (fg 또는 kill -CONT 로 이어 간다)\n",
           DEFAULT_SPOOL, DEFAULT_DATA, DEFAULT_LOG);
}

/* "client: 호출 경로: 오류" 를 stderr 에 적고 1 로 끝낸다. path 는 NULL 일 수 있다. */
static _Noreturn void die(const char *call, const char *path)
{
    if (path != NULL)
        fprintf(stderr, "client: %s %s: %s\n", call, path, strerror(errno));
    else
        fprintf(stderr, "client: %s: %s\n", call, strerror(errno));
    exit(1);
}

static _Noreturn void fail(const char *path, const char *problem)
{
    fprintf(stderr, "client: %s: %s\n", path, problem);
    exit(1);
}

static _Noreturn void bad_usage(const char *problem, const char *arg)
{
    fprintf(stderr, "client: %s '%s'\n", problem, arg);
    usage(stderr);
    exit(2);
}

/* SA_RESTART 없이 처리기를 단다: 기다리던 호출(F_SETLKW, nanosleep)이 EINTR 로 돌아온다. */
static void catch_signal(int sig, void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    if (sigaction(sig, &sa, NULL) == -1)
        die("sigaction", NULL);
}

static const char *signal_name(int sig)
{
    return sig == SIGINT ? "SIGINT" : "SIGTERM";
}

/*
 * server 가 만들어 둔 공유 파일을 연다. O_CREAT 는 주지 않는다: 경로를 잘못 쓰면 새 빈
 * 카운터가 생기는 대신 오류가 나는 편이 낫다. O_NONBLOCK 은 FIFO 를 주었을 때 open 이
 * 멈추지 않게 하려는 것이다 (일반 파일에는 효과가 없다).
 */
static int open_shared_file(const char *path, int flags)
{
    int fd = open(path, flags | O_NONBLOCK | O_CLOEXEC);
    if (fd == -1) {
        if (errno == ENOENT) {
            fprintf(stderr, "client: open %s: %s (./server creates it)\n", path, strerror(errno));
            exit(1);
        }
        die("open", path);
    }
    struct stat st;
    if (fstat(fd, &st) == -1)
        die("fstat", path);
    if (!S_ISREG(st.st_mode))
        fail(path, "not a regular file");
    return fd;
}

/* 잠금을 얻지 못한 까닭을 알린다. F_GETLK 로 누가 쥐고 있는지 묻는다. */
static void report_holder(int fd, const char *path, const char *how)
{
    pid_t holder = lock_holder(fd);
    if (holder > 0)
        fprintf(stderr, "client: %s is locked by pid %ld%s\n", path, (long)holder, how);
    else
        fprintf(stderr, "client: %s was locked by another process%s\n", path, how);
}

/*
 * 카운터 파일 전체의 잠금(type: F_WRLCK 또는 F_RDLCK)을 얻는다.
 *   -n:   F_SETLK. 다른 프로세스가 쥐고 있으면 기다리지 않고 바로 -1/EAGAIN (또는 EACCES,
 *         시스템마다 달라 POSIX 는 둘 다 보라고 한다): 알리고 1 로 끝낸다. (논블로킹)
 *   기본: F_SETLKW. 풀릴 때까지 잠든다. (블로킹) 끝없이 자지 않도록 alarm(timeout) 을 건다:
 *         SIGALRM 처리기에 SA_RESTART 가 없으므로 시간이 되면 fcntl 이 -1/EINTR 로 돌아온다.
 * 0: 얻었다. -1: 기다리는 중에 SIGINT/SIGTERM 이 왔다.
 */
static int take_lock(int fd, const char *path, short type, const struct options *o)
{
    if (o->nonblock) {
        if (whole_file_lock(fd, F_SETLK, type) == 0)
            return 0;
        if (errno != EAGAIN && errno != EACCES)
            die("fcntl(F_SETLK)", path);
        report_holder(fd, path, "");
        exit(1);
    }
    /* 잠들기 전에 이미 온 SIGINT/SIGTERM 은 F_SETLKW 를 깨우지 못한다 (server.c 의 wait_for_lock):
     * 여기서 보지 않으면 -t 의 알람이 울릴 때까지 기다린다. */
    if (stop_signal)
        return -1;
    alarm_fired = 0;
    alarm((unsigned)o->timeout);
    while (whole_file_lock(fd, F_SETLKW, type) == -1) {
        if (errno != EINTR)
            die("fcntl(F_SETLKW)", path);
        if (stop_signal) {
            alarm(0);
            return -1;
        }
        if (alarm_fired) {
            char how[64];
            snprintf(how, sizeof how, " after %ld s of waiting; giving up", o->timeout);
            report_holder(fd, path, how);
            exit(1);
        }
    }
    alarm(0); /* 얻었다: 남은 알람을 끈다 */
    return 0;
}

static void unlock(int fd, const char *path)
{
    if (whole_file_lock(fd, F_SETLK, F_UNLCK) == -1)
        die("fcntl(F_UNLCK)", path);
}

static void read_counter_or_die(int fd, const char *path, long *value)
{
    if (read_counter(fd, value) == -1) {
        if (errno == EINVAL)
            fail(path, "not a counter file (expected one decimal number)");
        die("read", path);
    }
}

/* ---- inc ------------------------------------------------------------------------------ */

static int cmd_inc(const struct options *o, long count)
{
    /* 쓰기 잠금을 걸려면 fd 가 쓰기로 열려 있어야 한다 (읽기 잠금은 읽기로). 그래서 O_RDWR. */
    int fd = open_shared_file(o->data, O_RDWR);
    /* O_APPEND: write 마다 커널이 오프셋을 그 순간의 파일 끝으로 옮기고 쓰기까지를 한 단계로
     * 한다. lseek(SEEK_END) 뒤에 write 하면 그 사이에 다른 프로세스가 덧붙인 줄을 덮어쓴다. */
    int log_fd = open_shared_file(o->log, O_WRONLY | O_APPEND);
    catch_signal(SIGALRM, on_alarm);
    if (o->unlocked)
        printf("client: -u: NOT locking %s; increments can be lost\n", o->data);

    long value = 0;
    for (long i = 0; i < count; i++) {
        /* 읽기-고치기-쓰기를 잠금으로 묶는다. 잠그지 않으면(-u) 두 프로세스가 같은 값을 읽고
         * 둘 다 그 값 + 1 을 써서 증가 하나가 사라진다. 잠금은 권고일 뿐이라, -u 로 도는
         * 프로세스는 다른 프로세스가 잠금을 쥐고 있어도 아무 방해 없이 읽고 쓴다. */
        if (!o->unlocked)
            take_lock(fd, o->data, F_WRLCK, o); /* inc 는 SIGINT/SIGTERM 을 잡지 않으므로 늘 0 */
        read_counter_or_die(fd, o->data, &value);
        value++;
        if (write_counter(fd, value) == -1)
            die("write", o->data);
        if (!o->unlocked)
            unlock(fd, o->data); /* 다음 프로세스가 들어올 수 있게 되도록 빨리 놓는다 */

        /* 기록은 잠금 밖에서 덧붙인다: 여러 프로세스가 동시에 써도 O_APPEND 와 "레코드 하나 =
         * write 한 번" 이 줄을 온전하게 지킨다. 그래서 줄의 순서는 값의 순서와 다를 수 있다. */
        char rec[64];
        int len = snprintf(rec, sizeof rec, "%ld inc pid %ld\n", value, (long)getpid());
        if (append_record(log_fd, rec, (size_t)len) == -1)
            die("write", o->log);
    }
    printf("client: added %ld to %s, one at a time; last value %ld\n", count, o->data, value);
    /* close 는 이 프로세스가 그 파일에 쥔 fcntl 잠금을 모두 푼다 (지금은 쥔 것이 없다). */
    if (close(fd) == -1 || close(log_fd) == -1)
        die("close", NULL);
    return 0;
}

/* ---- hold ----------------------------------------------------------------------------- */

/*
 * (버그 -B 가 부르는 것) 값을 경로로 읽는 "편리한" 도우미. 파일을 새로 열고, 읽고, 닫는다.
 * 그 close 가 문제다: fcntl 레코드 잠금은 (프로세스, 파일)에 붙으므로, 그 파일을 가리키는
 * fd 를 "아무거나" 하나 닫으면 이 프로세스가 그 파일에 쥔 잠금이 모두 풀린다 (man 2 fcntl).
 */
static void read_counter_by_path(const char *path, long *value)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd == -1)
        die("open", path);
    read_counter_or_die(fd, path, value);
    if (close(fd) == -1)
        die("close", path);
}

static int cmd_hold(const struct options *o)
{
    int fd = open_shared_file(o->data, O_RDWR);
    catch_signal(SIGALRM, on_alarm);
    catch_signal(SIGINT, on_stop);
    catch_signal(SIGTERM, on_stop);

    if (take_lock(fd, o->data, F_WRLCK, o) == -1) {
        printf("client: %s: stopped waiting for the lock on %s\n", signal_name(stop_signal), o->data);
        return 0;
    }
    long value;
    if (o->reopen_bug)
        read_counter_by_path(o->data, &value); /* 버그: 여기서 잠금이 조용히 풀린다 */
    else
        read_counter_or_die(fd, o->data, &value); /* 잠근 바로 그 fd 로 읽는다 */

    /*
     * SIGINT/SIGTERM 을 막아(block) 두고 플래그를 본 뒤 sigsuspend 로 잔다. sigsuspend 는
     * "마스크를 old 로 되돌리기"와 "잠들기"를 한 번에 하므로, 검사와 잠들기 사이에 온 시그널도
     * 놓치지 않는다 (pause() 로는 그 틈에 온 시그널을 놓치고 영원히 잘 수 있다. 02-signal 장).
     */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &block, &old) == -1)
        die("sigprocmask", NULL);
    if (!stop_signal)
        printf("client: holding the lock on %s (value %ld); Ctrl-C or kill -TERM %ld lets go\n", o->data, value,
               (long)getpid());
    while (!stop_signal)
        sigsuspend(&old); /* 늘 -1/EINTR 로 돌아온다: 처리기가 돌았다는 뜻 */

    unlock(fd, o->data);
    if (close(fd) == -1)
        die("close", o->data);
    printf("client: %s: released the lock on %s\n", signal_name(stop_signal), o->data);
    return 0;
}

/* ---- send ----------------------------------------------------------------------------- */

/*
 * 요청을 발행한다. 읽는 쪽(server)은 언제 폴더를 들여다볼지 모른다. 그러니 진짜 이름
 * "ID.req" 가 보이는 순간 내용은 이미 전부 있어야 한다:
 *   1. 같은 폴더에 임시 이름 "ID.req.tmp" 로 만든다. server 는 ".req" 로 끝나는 이름만
 *      읽으므로 쓰는 중인 이 파일을 보지 않는다. 같은 폴더여야 하는 까닭: rename 은 한 파일
 *      시스템 안에서만 된다 (/tmp 가 tmpfs 면 거기서 옮겨 오는 rename 은 EXDEV 로 실패한다).
 *   2. 내용을 다 쓴다 (write_all).
 *   3. fsync(fd): 내용을 디스크까지 내려보낸다. 살아 있는 프로세스 사이의 원자성에는 필요
 *      없지만, 없으면 전원이 나갔을 때 이름은 있는데 내용이 빈 파일이 남을 수 있다.
 *   4. renameat: 진짜 이름을 붙인다. 커널은 이것을 원자적으로 한다: 다른 프로세스는 "이름
 *      없음" 아니면 "온전한 파일"만 본다. 같은 이름이 있었다면 통째로 바뀐다.
 *   5. fsync(폴더 fd): 폴더의 변경(새 이름)도 디스크로 내려보낸다.
 * -U 는 1 과 4 를 빼먹은 버그를, -H 는 쓰는 도중에 멈추는 느린 writer 를 흉내 낸다.
 */
static void publish_request(int dir_fd, const char *id, const char *text, const struct options *o)
{
    char tmp[NAME_LEN], name[NAME_LEN], msg[MAX_TEXT + 2];
    snprintf(name, sizeof name, "%s%s", id, REQ_SUFFIX);
    snprintf(tmp, sizeof tmp, "%s%s%s", id, REQ_SUFFIX, TMP_SUFFIX);
    size_t len = (size_t)snprintf(msg, sizeof msg, "%s\n", text);
    const char *target = o->unsafe ? name : tmp;

    /* 같은 PID 를 쓰던, 이미 죽은 프로세스가 남긴 것이 있을 수 있다: 먼저 치운다. 살아 있는
     * 프로세스의 PID 는 겹치지 않으므로 이 이름들은 지금 이 프로세스만 쓴다. */
    if (unlinkat(dir_fd, target, 0) == -1 && errno != ENOENT)
        die("unlink", target);
    /* O_EXCL: 이름이 이미 있으면 EEXIST. 남의 파일(또는 누가 심어 둔 심볼릭 링크)에 쓰는
     * 일이 없다. 0600: server 와 같은 사용자만 읽는다. */
    int fd = openat(dir_fd, target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd == -1)
        die("open", target);

    size_t first = o->halfway ? len / 2 : len;
    if (write_all(fd, msg, first) == -1)
        die("write", target);
    if (o->halfway) {
        printf("client: -H: wrote %zu of %zu bytes to %s/%s; stopping myself (fg or kill -CONT %ld goes on)\n",
               first, len, o->spool, target, (long)getpid());
        /* 자기 자신에게 SIGSTOP: 커널이 이 프로세스를 멈춘다 (잡을 수도 막을 수도 없는 시그널).
         * SIGCONT 가 오면 kill 이 돌아오고 여기서 이어 간다. */
        if (kill(getpid(), SIGSTOP) == -1)
            die("kill", NULL);
        if (write_all(fd, msg + first, len - first) == -1)
            die("write", target);
    }
    if (o->unsafe) {
        /* 버그: 처음부터 진짜 이름으로 썼다. server 가 그 사이에 보았다면 반쪽을 읽었다. */
        if (close(fd) == -1)
            die("close", target);
        return;
    }
    if (fsync(fd) == -1)
        die("fsync", tmp);
    if (close(fd) == -1)
        die("close", tmp);
    if (renameat(dir_fd, tmp, dir_fd, name) == -1) {
        int saved = errno;
        unlinkat(dir_fd, tmp, 0);
        errno = saved;
        die("rename", tmp); /* server 가 spool 을 지우고 끝났다면 ENOENT */
    }
    if (fsync(dir_fd) == -1)
        die("fsync", o->spool);
}

/* 기다리기를 그만둘 때: 아직 server 가 가져가지 않은 요청과, 혹시 온 응답을 거둔다. */
static void withdraw(int dir_fd, const char *id)
{
    char name[NAME_LEN];
    snprintf(name, sizeof name, "%s%s", id, REQ_SUFFIX);
    unlinkat(dir_fd, name, 0); /* ENOENT 면 server 가 이미 가져갔다 */
    snprintf(name, sizeof name, "%s%s", id, REP_SUFFIX);
    unlinkat(dir_fd, name, 0);
}

/* CLOCK_MONOTONIC: 부팅 뒤로 흐른 시간. 누가 시계를 바꿔도 뒤로 가지 않으니 시간 제한에 알맞다. */
static double now_seconds(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
        die("clock_gettime", NULL);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmd_send(const struct options *o, const char *text)
{
    char id[32], rep[NAME_LEN], reply[MAX_REPLY + 1];

    /* 1. spool 폴더를 연다. 없으면 server 가 떠 있지 않다. */
    int dir_fd = open(o->spool, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd == -1) {
        if (errno == ENOENT) {
            fprintf(stderr, "client: open %s: %s (is the server running?)\n", o->spool, strerror(errno));
            exit(1);
        }
        die("open", o->spool);
    }
    /* 2. server 가 살아 있는가. server 는 살아 있는 동안 server.lock 의 쓰기 잠금을 쥔다.
     *    F_GETLK 는 읽기 전용 fd 로도 물을 수 있다. 아무도 쥐고 있지 않으면 폴더만 남았다. */
    int lock_fd = openat(dir_fd, LOCK_NAME, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (lock_fd == -1) {
        if (errno == ENOENT)
            fail(o->spool, "has no " LOCK_NAME "; it is not a spool (is the server running?)");
        die("open", LOCK_NAME);
    }
    pid_t server = lock_holder(lock_fd);
    if (server == -1)
        die("fcntl(F_GETLK)", LOCK_NAME);
    if (server == 0)
        fail(o->spool, "no server holds its lock: the server is not running (a stale spool)");

    catch_signal(SIGINT, on_stop);
    catch_signal(SIGTERM, on_stop);

    /* 3. 요청을 발행한다. 이름은 PID 로 짓는다: 살아 있는 프로세스끼리는 겹치지 않는다. */
    snprintf(id, sizeof id, "%ld", (long)getpid());
    snprintf(rep, sizeof rep, "%s%s", id, REP_SUFFIX);
    if (unlinkat(dir_fd, rep, 0) == -1 && errno != ENOENT) /* 같은 PID 였던 죽은 프로세스의 응답 */
        die("unlink", rep);
    publish_request(dir_fd, id, text, o);
    printf("client: sent \"%s\" as %s/%s%s to server pid %ld\n", text, o->spool, id, REQ_SUFFIX, (long)server);

    /*
     * 4. 응답을 기다린다. 파일이 생겨도 커널은 알려 주지 않으므로 POLL_MS 마다 열어 본다.
     *    server 가 응답도 rename 으로 발행하므로, 열리기만 하면 내용은 온전하다.
     */
    double deadline = now_seconds() + (double)o->timeout;
    int fd;
    while ((fd = openat(dir_fd, rep, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) == -1) {
        if (errno != ENOENT)
            die("open", rep);
        if (stop_signal) {
            withdraw(dir_fd, id);
            printf("client: %s: withdrew the request; no reply\n", signal_name(stop_signal));
            return 1;
        }
        pid_t holder = lock_holder(lock_fd);
        if (holder != server) { /* 0: 잠금이 풀렸다 = server 프로세스가 끝났다 */
            withdraw(dir_fd, id);
            fprintf(stderr, "client: the server (pid %ld) went away before it answered\n", (long)server);
            return 1;
        }
        if (now_seconds() > deadline) {
            withdraw(dir_fd, id);
            fprintf(stderr, "client: no reply from server pid %ld within %ld s\n", (long)server, o->timeout);
            return 1;
        }
        struct timespec ts = {0, POLL_MS * 1000000L};
        nanosleep(&ts, NULL); /* EINTR 이면 일찍 깬 것뿐: 위에서 stop_signal 을 본다 */
    }
    ssize_t n = read_upto(fd, reply, MAX_REPLY);
    if (n == -1)
        die("read", rep);
    if (close(fd) == -1)
        die("close", rep);
    if (unlinkat(dir_fd, rep, 0) == -1 && errno != ENOENT) /* 다 읽은 응답은 받는 쪽이 치운다 */
        die("unlink", rep);
    if (n == 0 || reply[n - 1] != '\n')
        fail(rep, "malformed reply");
    reply[n - 1] = '\0';
    printf("client: reply: %s\n", reply);
    if (close(lock_fd) == -1 || close(dir_fd) == -1)
        die("close", NULL);
    return strncmp(reply, "error:", 6) == 0 ? 1 : 0;
}

int main(int argc, char *argv[])
{
    struct options o = {.spool = DEFAULT_SPOOL, .data = DEFAULT_DATA, .log = DEFAULT_LOG, .timeout = 10};
    char given[16] = {0}; /* 주어진 옵션 글자들 (한 번씩): 명령과 맞는지 나중에 본다 */
    size_t ngiven = 0;
    int opt;

    /* 테스트가 파일이나 파이프로 읽으므로, 버퍼에 갇히지 않게 한 줄씩 내보낸다. */
    setvbuf(stdout, NULL, _IOLBF, 0);

    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        help();
        return 0;
    }
    while ((opt = getopt(argc, argv, "hs:f:l:t:nuBUH")) != -1) {
        switch (opt) {
        case 'h': help(); return 0;
        case 's': o.spool = optarg; break;
        case 'f': o.data = optarg; break;
        case 'l': o.log = optarg; break;
        case 't':
            if ((o.timeout = parse_number(optarg, 1, 3600)) == -1)
                bad_usage("-t: expected seconds from 1 to 3600, got", optarg);
            break;
        case 'n': o.nonblock = 1; break;
        case 'u': o.unlocked = 1; break;
        case 'B': o.reopen_bug = 1; break;
        case 'U': o.unsafe = 1; break;
        case 'H': o.halfway = 1; break;
        default: usage(stderr); return 2;
        }
        if (strchr(given, opt) == NULL && ngiven < sizeof given - 1)
            given[ngiven++] = (char)opt;
    }
    if (optind == argc) {
        fprintf(stderr, "client: missing command (send, inc or hold)\n");
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[optind];
    int nargs = argc - optind - 1;
    char *const *args = argv + optind + 1;
    const char *allowed;
    if (strcmp(cmd, "send") == 0)
        allowed = "stUH";
    else if (strcmp(cmd, "inc") == 0)
        allowed = "fltnu";
    else if (strcmp(cmd, "hold") == 0)
        allowed = "ftnB";
    else
        bad_usage("unknown command", cmd);
    for (const char *g = given; *g != '\0'; g++)
        if (strchr(allowed, *g) == NULL) {
            fprintf(stderr, "client: -%c does not go with '%s'\n", *g, cmd);
            usage(stderr);
            return 2;
        }
    if (o.nonblock && o.unlocked)
        bad_usage("-n waits for no lock and -u takes none: choose one, not both with", cmd);

    if (strcmp(cmd, "send") == 0) {
        if (nargs == 0)
            bad_usage("missing TEXT after", cmd);
        if (nargs > 1)
            bad_usage("unexpected argument", args[1]);
        const char *problem = text_problem(args[0], strlen(args[0]));
        if (problem != NULL) {
            fprintf(stderr, "client: TEXT: %s\n", problem);
            usage(stderr);
            return 2;
        }
        return cmd_send(&o, args[0]);
    }
    if (strcmp(cmd, "inc") == 0) {
        long count = 1;
        if (nargs > 1)
            bad_usage("unexpected argument", args[1]);
        if (nargs == 1 && (count = parse_number(args[0], 1, 1000000)) == -1)
            bad_usage("COUNT: expected a number from 1 to 1000000, got", args[0]);
        return cmd_inc(&o, count);
    }
    if (nargs > 0)
        bad_usage("unexpected argument", args[0]);
    return cmd_hold(&o);
}
