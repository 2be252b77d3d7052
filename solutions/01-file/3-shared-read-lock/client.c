/*
 * 01-file 연습 3의 모범 답안: get 명령 (공유 읽기 잠금 아래에서 카운터를 읽는다)을 더했다.
 * 디스크 위의 파일로 server와, 그리고 다른 client들과 소통한다.
 *
 *   send TEXT   요청을 spool에 "발행"하고 (임시 파일 → fsync → rename → 디렉터리 fsync) 응답
 *               파일이 나타날 때까지 폴링한다. 파일은 도착을 알려 주지 않는다.
 *   get         공유 카운터를 읽기 잠금(F_RDLCK) 아래에서 읽어 알린다. 읽는 쪽끼리는 함께 들어간다.
 *   inc [N]     공유 카운터를 fcntl 쓰기 잠금 아래에서 N 번 1씩 올리고, 올릴 때마다 기록에
 *               O_APPEND로 한 줄을 덧붙인다. server와는 말하지 않는다: 같은 파일을 같은 규칙
 *               (잠금)으로 쓰는 것만으로 server와 다른 client들과 상태를 나눈다.
 *
 * 실행 (이 디렉터리에서, 다른 터미널에 ./server가 떠 있을 때. 빌드: cc -o client client.c, 채점: make exercise EX=01-file/3):
 *   ./client send 'hello, file'
 *   ./client inc 100
 * 출력:
 *   client: sent "hello, file" as ./demo.spool/4242.req to server pid 4241
 *   client: reply: "ticket 1: hello, file"
 *   client: added 100 to ./demo.data, one at a time; last value 101
 *
 * 읽을 man 페이지: man 2 fcntl, man 2 rename, man 2 fsync, man 2 open (O_APPEND), man 2 alarm
 */
#define _POSIX_C_SOURCE 200809L /* openat, renameat, O_CLOEXEC, O_NOFOLLOW: POSIX.1-2008 */
#define PROG "client"

#include <time.h>

#include "common.h"

#define POLL_MS 10 /* 응답 파일을 다시 찾아보기 전에 쉬는 시간 */

/* 시그널 핸들러는 값만 바꾼다: SIGINT/SIGTERM/SIGHUP (send), SIGALRM (inc의 시간 제한). 무엇을
 * 할지는 보통 코드가 정한다 (핸들러 안에서 printf나 unlink를 부르면 안전하지 않다) */
static volatile sig_atomic_t got_signal = 0;

static void on_signal(int sig)
{
    got_signal = sig;
}

/* 사용법을 알리고 status를 돌려준다: -h, --help는 stdout과 0, 잘못된 인자는 stderr와 2 */
static int usage(FILE *to, int status)
{
    fprintf(to, "usage: client [-s SPOOL] [-t SECS] send TEXT\n"
                "       client [-f DATA] [-l LOG] [-t SECS] inc [COUNT]\n"
                "       client [-f DATA] [-t SECS] get\n");
    fprintf(to, "send: TEXT(한 줄, 보이는 ASCII, 200바이트 이하)를 SPOOL(%s)에 발행하고 답을 기다린다\n"
                "inc: DATA(%s)를 잠금 아래에서 COUNT(1..1000000, 1)번 올리고 LOG(%s)에 한 줄씩\n"
                "get: DATA를 공유 읽기 잠금 아래에서 읽어 알린다\n"
                "-t: 답이나 잠금을 기다리는 최대 초 (1..3600, 10)\n", DEFAULT_SPOOL, DEFAULT_DATA, DEFAULT_LOG);
    return status;
}

/*
 * inc: 읽기-고치기-쓰기를 잠금으로 묶는다. 잠그지 않으면 두 프로세스가 같은 값을 읽고 둘 다 그
 * 값 + 1을 써서 증가 하나가 사라진다 (experiments/unlocked_increment.c). 잠금은 권고일 뿐이라
 * 잠금을 묻지 않는 프로세스는 막지 못한다: 모두가 같은 규칙을 지켜야 한다.
 */
static int inc(const char *data, const char *log_path, long count, long timeout)
{
    long value = 0;
    char rec[64];
    /* O_RDWR: 쓰기 잠금은 쓰기로 연 fd에만 걸린다. O_CREAT는 주지 않는다: 경로를 잘못 쓰면 새
     * 빈 카운터가 생기는 대신 오류가 나는 편이 낫다 (카운터는 server가 만든다) */
    int fd = open_regular(data, O_RDWR, 0);
    if (fd == -1 && errno == ENOENT)
        fail(data, "No such file or directory (./server creates it)");
    if (fd == -1)
        die("open", data);
    /* O_APPEND: write마다 커널이 오프셋을 그 순간의 파일 끝으로 옮기고 쓰기까지를 한 단계로 한다.
     * lseek(SEEK_END) 뒤에 write하면 그 사이에 다른 프로세스가 덧붙인 줄을 덮어쓴다 */
    int log_fd = open_regular(log_path, O_WRONLY | O_APPEND | O_CREAT, 0600);
    if (log_fd == -1)
        die("open", log_path);
    /* SA_RESTART 없이 (common.h): 알람이 울리면 잠들어 있던 F_SETLKW가 -1/EINTR로 돌아온다.
     * SA_RESTART가 있으면 커널이 fcntl을 다시 시작해 -t가 아무 일도 하지 않는다 */
    catch_signal(SIGALRM, on_signal);
    for (long i = 0; i < count; i++) {
        /* F_SETLKW는 풀릴 때까지 잠든다 (블로킹). 끝없이 자지 않도록 먼저 알람을 건다 */
        alarm((unsigned)timeout); /* timeout 초 뒤에 커널이 이 프로세스에 SIGALRM을 보낸다 */
        if (wait_for_lock(fd, F_WRLCK, &got_signal) == -1) { /* 파일 전체: 0 바이트부터 끝까지 */
            if (errno != EINTR)
                die("fcntl(F_SETLKW)", data);
            pid_t holder = lock_holder(fd); /* F_GETLK: 누가 쥐고 있나 (알리기에만 쓴다) */
            fprintf(stderr, "client: %s is locked by pid %ld; gave up after %ld s\n", data, (long)holder, timeout);
            return 1;
        }
        alarm(0); /* 얻었다: 남은 알람을 끈다 */
        /* 읽기-고치기-쓰기: pread로 읽고 (파일 오프셋을 쓰지 않는다), 1 더하고, pwrite와 ftruncate.
         * stdio는 쓰지 않는다: 버퍼가 잠금을 푼 뒤에야 나갈 수 있다 (man 2 fcntl의 권고) */
        if (bump_counter(fd, &value) == -1)
            fail(data, counter_problem(errno)); /* 끝나는 프로세스의 잠금은 커널이 푼다 */
        if (whole_file_lock(fd, F_SETLK, F_UNLCK) == -1) /* 다음 프로세스가 곧 들어오게 빨리 놓는다 */
            die("fcntl(F_UNLCK)", data);
        /* 기록은 잠금 밖에서 덧붙인다: O_APPEND와 "레코드 하나 = write 한 번"이 줄을 온전하게
         * 지킨다. 그래서 줄의 순서는 값의 순서와 다를 수 있다 */
        int len = snprintf(rec, sizeof rec, "%ld inc pid %ld\n", value, (long)getpid());
        if (append_record(log_fd, log_path, rec, (size_t)len) == -1)
            return 1;
    }
    printf("client: added %ld to %s, one at a time; last value %ld\n", count, data, value);
    /* close는 이 프로세스가 그 파일에 쥔 fcntl 잠금을 모두 푼다 (지금은 쥔 것이 없다) */
    if (close(fd) == -1 || close(log_fd) == -1)
        die("close", NULL);
    return 0;
}

/*
 * get: 카운터를 공유 읽기 잠금(F_RDLCK) 아래에서 읽는다. 읽기 잠금은 여러 프로세스가 함께 쥔다: 읽는 쪽끼리는
 * 서로 기다리지 않고, 쓰기 잠금(inc, server의 번호표)과만 번갈아 든다. 잠그지 않고 읽으면 쓰는 쪽이
 * 고치는 도중(pwrite와 ftruncate 사이)의 파일을 볼 수 있다.
 */
static int get(const char *data, long timeout)
{
    long value;
    /* O_RDONLY: 읽기 잠금은 읽기로 연 fd면 된다 (쓸 권한이 없는 카운터도 읽는다). 만들지 않는다 */
    int fd = open_regular(data, O_RDONLY, 0);
    if (fd == -1 && errno == ENOENT)
        fail(data, "No such file or directory (./server creates it)");
    if (fd == -1)
        die("open", data);
    /* inc와 같은 시간 제한: SA_RESTART 없는 SIGALRM이 잠든 F_SETLKW를 EINTR로 깨운다 */
    catch_signal(SIGALRM, on_signal);
    alarm((unsigned)timeout);
    if (wait_for_lock(fd, F_RDLCK, &got_signal) == -1) { /* 파일 전체의 읽기 잠금, F_SETLKW */
        if (errno != EINTR)
            die("fcntl(F_SETLKW)", data);
        pid_t holder = lock_holder(fd); /* F_GETLK: 막는 쓰기 잠금의 주인 (읽기로 연 fd로도 물을 수 있다) */
        fprintf(stderr, "client: %s is locked by pid %ld; gave up after %ld s\n", data, (long)holder, timeout);
        return 1;
    }
    alarm(0);
    if (read_counter(fd, &value) == -1) /* 잠금 아래에서: 쓰는 쪽이 반쯤 고친 값을 보지 않는다 */
        fail(data, counter_problem(errno));
    if (whole_file_lock(fd, F_SETLK, F_UNLCK) == -1) /* 기다리는 쓰는 쪽이 곧 들어오게 */
        die("fcntl(F_UNLCK)", data);
    printf("client: %s holds %ld\n", data, value);
    if (close(fd) == -1)
        die("close", data);
    return 0;
}

/* 기다리기를 그만둘 때: 아직 server가 가져가지 않은 요청과, 혹시 온 응답을 거둔다. 요청은 발행한
 * 순간부터 server의 몫이지만, 답을 기다릴 사람이 없는 요청을 남겨 두면 server가 헛일을 한다 */
static void withdraw(int dir_fd, const char *req, const char *rep)
{
    if (unlinkat(dir_fd, req, 0) == -1 && errno != ENOENT) /* ENOENT: server가 이미 가져갔다 */
        fprintf(stderr, "client: unlink %s: %s\n", req, strerror(errno));
    if (unlinkat(dir_fd, rep, 0) == -1 && errno != ENOENT)
        fprintf(stderr, "client: unlink %s: %s\n", rep, strerror(errno));
}

/*
 * send: 요청 하나를 발행하고 답을 기다린다. 두 프로세스 사이에 커널이 만든 통로는 없다: 요청도
 * 응답도 spool 디렉터리 안의 보통 파일이고, 상대가 살아 있는지도 파일(server.lock)의 잠금으로 안다.
 */
static int send_request(const char *spool, const char *text, long timeout)
{
    char req[NAME_LEN], rep[NAME_LEN], msg[MAX_TEXT + 2], reply[MAX_REPLY + 2], q[4 * MAX_REPLY + 3];
    int dir_fd, lock_fd;
    const char *problem;

    /* 1. server가 살아 있는가: 살아 있는 server는 spool/server.lock의 쓰기 잠금을 쥐고 있다 */
    /*    (디렉터리를 fd로 열어 두고 이후의 파일은 openat, renameat, unlinkat으로 그 fd에 상대적으로
     *    다룬다: server가 끝나며 spool의 이름을 바꿔도 같은 디렉터리를 가리킨다) */
    pid_t server = spool_server(spool, &dir_fd, &lock_fd);
    if (server == -1 && errno == ENOENT)
        fail(spool, dir_fd == -1 ? "No such file or directory (is the server running?)"
                                 : "has no " LOCK_NAME "; it is not a spool (is the server running?)");
    if (server == -1)
        die("open", spool);
    if (server == 0)
        fail(spool, "no server holds its lock: the server is not running (a stale spool)");
    catch_signal(SIGINT, on_signal); /* 기다리다 멈추라는 말을 들으면 요청을 거두고 끝내려고 */
    catch_signal(SIGTERM, on_signal);
    catch_signal(SIGHUP, on_signal);

    /* 2. 요청을 발행한다 (터미널에서 Ctrl-C로 그만두어도 spool에 찌꺼기를 남기지 않게, 시그널 핸들러를
     *    먼저 달았다). 이름은 PID로 짓는다: 살아 있는 프로세스끼리는 겹치지 않는다. 같은
     *    PID를 쓰던, 이미 죽은 프로세스의 응답이 남았을 수 있으니 먼저 지운다 */
    snprintf(req, sizeof req, "%ld.req", (long)getpid());
    snprintf(rep, sizeof rep, "%ld.rep", (long)getpid());
    if (unlinkat(dir_fd, rep, 0) == -1 && errno != ENOENT)
        die("unlink", rep);
    /* 요청 파일의 형식: TEXT 한 줄과 줄바꿈. 줄바꿈이 끝에 없으면 server는 쓰다 만 것으로 본다 */
    int len = snprintf(msg, sizeof msg, "%s\n", text);
    /* publish (common.h): 4242.req.tmp에 다 쓰고 fsync, renameat으로 4242.req, 디렉터리 fsync.
     * server는 *.req만 읽으므로 쓰는 중인 파일을 보지 않는다 */
    if (publish(dir_fd, req, msg, (size_t)len) == -1) /* server가 막 spool을 지웠다면 ENOENT */
        die("publish", req);
    printf("client: sent %s as %s/%s to server pid %ld\n", quoted(q, text, strlen(text)), spool, req, (long)server);

    /* 3. 응답을 기다린다. 파일이 생겨도 커널은 알려 주지 않으므로 POLL_MS마다 열어 본다. server가
     *    응답도 rename으로 발행하므로, 열리기만 하면 내용은 온전하다 */
    for (long waited = 0; (problem = read_published(dir_fd, rep, reply, MAX_REPLY)) != NULL; waited += POLL_MS) {
        if (errno != ENOENT) /* 있는데 형식이 틀리다: server가 아닌 누가 놓았다 */
            fail(rep, problem);
        /* 그만둘 까닭: 멈추라는 시그널, server의 죽음 (F_GETLK가 이제 다른 답을 한다: 커널이 죽은
         * server의 잠금을 풀었다), 시간 초과. 아니면 잠깐 자고 다시 본다 */
        const char *why = got_signal ? "stopped by a signal; withdrew the request; no reply"
                          : lock_holder(lock_fd) != server ? "the server went away before it answered"
                          : waited >= timeout * 1000       ? "no reply in time"
                                                           : NULL;
        if (why != NULL) {
            withdraw(dir_fd, req, rep);
            fprintf(stderr, "client: %s (server pid %ld)\n", why, (long)server);
            return 1;
        }
        /* nanosleep: 커널이 이 프로세스를 POLL_MS 동안 재운다 (CPU를 쓰지 않는다) */
        struct timespec ts = {0, POLL_MS * 1000000L};
        nanosleep(&ts, NULL); /* EINTR이면 일찍 깬 것뿐이다: 위에서 got_signal을 본다 */
    }
    /* 4. 다 읽은 응답은 받는 쪽이 치운다. 받은 글은 quoted()를 거쳐서만 터미널로 */
    if (unlinkat(dir_fd, rep, 0) == -1 && errno != ENOENT)
        die("unlink", rep);
    printf("client: reply: %s\n", quoted(q, reply, strlen(reply)));
    /* server.lock의 fd는 읽기만 했다 (F_GETLK는 잠금을 걸지 않는다): 닫아도 server의 잠금과는
     * 상관없다. 잠금은 그것을 쥔 프로세스 자신의 close에만 풀린다 */
    if (close(lock_fd) == -1 || close(dir_fd) == -1)
        die("close", NULL);
    return strncmp(reply, "error:", 6) == 0 ? 1 : 0; /* server가 요청을 거절했다 */
}

int main(int argc, char *argv[])
{
    const char *spool = DEFAULT_SPOOL, *data = DEFAULT_DATA, *log_path = DEFAULT_LOG;
    long timeout = 10, count = 1;
    int opt;

    /* 테스트와 demo.sh가 파일이나 파이프로 읽는다: 그때 stdio는 기본으로 블록 단위로 모아 두므로,
     * 줄이 버퍼에 갇히지 않게 한 줄씩 내보낸다 (_IOLBF) */
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && strcmp(argv[1], "--help") == 0)
        return usage(stdout, 0);
    /* 옵션은 명령 앞에 둔다 (./client -t 2 inc). _GNU_SOURCE 없이 빌드하므로 getopt는 POSIX대로
     * 첫 번째 옵션 아닌 인자에서 멈춘다: '-'로 시작하는 TEXT도 그대로 보낼 수 있다 */
    while ((opt = getopt(argc, argv, "hs:f:l:t:")) != -1) {
        switch (opt) {
        case 'h': return usage(stdout, 0);
        case 's': spool = optarg; break;
        case 'f': data = optarg; break;
        case 'l': log_path = optarg; break;
        case 't': timeout = parse_number(optarg, 1, 3600); break; /* 범위 밖이면 -1 */
        default: return usage(stderr, 2);
        }
    }
    /* 명령과 그 인자. 모르는 명령, 빠지거나 남는 인자, 범위 밖의 숫자는 사용법 오류 (2)다 */
    const char *cmd = optind < argc ? argv[optind] : "", *arg = optind + 1 < argc ? argv[optind + 1] : "";
    int nargs = argc - optind - 1;
    if (timeout != -1 && strcmp(cmd, "send") == 0 && nargs == 1) {
        /* server가 받아 줄 글만 보낸다 (같은 규칙: common.h의 text_problem) */
        const char *problem = text_problem(arg, strlen(arg));
        if (problem == NULL)
            return send_request(spool, arg, timeout);
        fprintf(stderr, "client: TEXT: %s\n", problem);
    } else if (timeout != -1 && strcmp(cmd, "inc") == 0 && nargs <= 1 &&
               (nargs == 0 || (count = parse_number(arg, 1, 1000000)) != -1))
        return inc(data, log_path, count, timeout);
    else if (timeout != -1 && strcmp(cmd, "get") == 0 && nargs == 0)
        return get(data, timeout);
    return usage(stderr, 2);
}
