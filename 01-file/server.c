/*
 * 01-file/server.c: 디스크 위의 파일만으로 client 들과 대화하는 server.
 *
 * 가장 오래된 IPC 는 "같은 파일을 함께 읽고 쓰기"다. 커널 객체는 파일 자신뿐이고, 누가
 * 파일에 무엇을 써도 커널은 아무에게도 알려 주지 않는다. 그래서 이 server 는:
 *   - spool 폴더(./demo.spool)를 만들고 정해진 간격으로 들여다본다 (폴링). client 는 요청을
 *     임시 파일에 다 쓰고 fsync 한 뒤 rename 으로 "ID.req" 라는 이름을 붙인다. 그 이름이
 *     보이는 순간 내용은 이미 전부 있으므로, server 는 반쯤 쓰인 요청을 읽는 일이 없다.
 *   - 요청마다 공유 카운터(./demo.data)를 fcntl 쓰기 잠금 아래에서 1 올려 번호표(ticket)를
 *     매기고, 기록(./demo.log)에 O_APPEND 로 한 줄을 덧붙이고, 같은 방법(임시 파일 + fsync +
 *     rename)으로 응답 "ID.rep" 를 발행한다.
 *   - SIGINT/SIGTERM 을 받으면 자기가 만든 spool 을 지우고 상태 0 으로 끝난다. 카운터와
 *     기록은 프로세스보다 오래 살라고 있는 것이므로 남긴다.
 *
 * 실행 (make 01-file 로 빌드한 뒤 01-file 폴더에서, 터미널 두 개):
 *   터미널 1: ./server                       (-i 10 이면 10 ms 마다 들여다본다)
 *   터미널 2: ./client send 'hello, file'    요청을 보내고 응답을 기다린다
 *             ./client inc 100               카운터를 잠금 아래에서 100 번 올린다
 *             ./client hold                  잠금을 쥐고 기다린다 (Ctrl-C 로 놓는다)
 *   터미널 1: Ctrl-C
 *
 * 출력:
 *   server: ./demo.data holds 0; records go to ./demo.log
 *   server: ready on ./demo.spool (pid 4241)
 *   server: 4242.req "hello, file" -> ticket 1
 *   server: SIGINT: removed ./demo.spool; ./demo.data and ./demo.log stay
 *
 * 읽을 man 페이지: man 2 fcntl (Advisory record locking), man 2 rename, man 2 fsync,
 *   man 2 open (O_APPEND, O_EXCL), man 3 readdir, man 7 inotify (폴링 대신 쓸 수 있는 것)
 */
#define _POSIX_C_SOURCE 200809L /* openat, renameat, fdopendir, O_CLOEXEC, O_NOFOLLOW (POSIX.1-2008) */

#include <dirent.h>
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

struct server {
    const char *spool; /* spool 폴더 경로 */
    const char *data;  /* 카운터 파일 경로 */
    const char *log;   /* 기록 파일 경로 */
    long interval_ms;  /* 폴링 간격 */
    int data_fd;       /* 카운터 파일 (O_RDWR): 프로세스 안에서 이 fd 하나만 쓴다 */
    int log_fd;        /* 기록 파일 (O_WRONLY | O_APPEND) */
    int lock_fd;       /* spool/server.lock: 살아 있는 동안 쓰기 잠금을 쥔다 */
    DIR *dir;          /* spool 폴더 스트림 (readdir 용) */
    int dir_fd;        /* 같은 폴더의 fd (openat, renameat, fsync 용) */
};

/* 처리기가 하는 일은 이 값을 바꾸는 것뿐이다. 정리는 main 의 보통 코드가 한다. */
static volatile sig_atomic_t stop_signal = 0;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static void usage(FILE *to)
{
    fprintf(to, "usage: server [-s SPOOL] [-f DATA] [-l LOG] [-i MS]\n");
}

static void help(void)
{
    usage(stdout);
    printf("\nSPOOL 폴더에 rename 으로 놓인 요청(ID.req)을 MS 밀리초마다 찾아, 공유 카운터 DATA 를\n"
           "fcntl 잠금 아래에서 1 올린 번호표로 답한다(ID.rep). 요청마다 LOG 에 한 줄을 덧붙인다.\n"
           "SIGINT/SIGTERM 을 받으면 SPOOL 을 지우고 끝난다. DATA 와 LOG 는 남는다.\n\n"
           "  -s SPOOL   요청과 응답이 오가는 폴더, server 가 만들고 지운다 (기본: %s)\n"
           "  -f DATA    공유 카운터 파일, 없으면 0600 으로 만든다 (기본: %s)\n"
           "  -l LOG     O_APPEND 로 덧붙이는 기록 파일, 없으면 만든다 (기본: %s)\n"
           "  -i MS      폴링 간격 1..10000 밀리초 (기본: 50)\n",
           DEFAULT_SPOOL, DEFAULT_DATA, DEFAULT_LOG);
}

/* "server: 호출 경로: 오류" 를 stderr 에 적고 1 로 끝낸다. path 는 NULL 일 수 있다. */
static _Noreturn void die(const char *call, const char *path)
{
    if (path != NULL)
        fprintf(stderr, "server: %s %s: %s\n", call, path, strerror(errno));
    else
        fprintf(stderr, "server: %s: %s\n", call, strerror(errno));
    exit(1);
}

/* 오류가 errno 에서 오지 않을 때: 한 줄 알리고 1 로 끝낸다. */
static _Noreturn void fail(const char *path, const char *problem)
{
    fprintf(stderr, "server: %s: %s\n", path, problem);
    exit(1);
}

/*
 * 공유 파일(카운터, 기록)을 연다. 처음이면 만든다: O_CREAT 에 0600 (주인만 읽고 쓴다).
 * O_EXCL 은 주지 않는다: 이 파일은 지난 실행이 남긴 것을 이어 쓰라고 있는 것이다.
 * O_NONBLOCK: 누가 경로로 FIFO 를 주면 open 이 상대를 영원히 기다리므로 막히지 않게 연다
 * (일반 파일에는 아무 효과가 없다). 그리고 fstat 로 정말 일반 파일인지 확인한다.
 */
static int open_shared_file(const char *path, int flags)
{
    int fd = open(path, flags | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0600);
    if (fd == -1)
        die("open", path);
    struct stat st;
    if (fstat(fd, &st) == -1)
        die("fstat", path);
    if (!S_ISREG(st.st_mode))
        fail(path, "not a regular file");
    return fd;
}

/*
 * F_SETLKW 로 카운터 파일 전체의 잠금을 기다린다. 처리기를 SA_RESTART 없이 달았으므로
 * 기다리는 동안 SIGINT/SIGTERM 이 오면 fcntl 은 -1/EINTR 로 돌아온다: 그러면 멈추라는
 * 뜻이므로 -1 을 돌려준다. 다른 이유의 EINTR 이면 다시 기다린다.
 * fcntl 에 들어가기 "전"에 온 시그널은 F_SETLKW 를 깨우지 못한다: 처리기는 이미 돌았고, 커널은
 * 보류된 시그널이 없으니 holder 가 놓을 때까지 재운다 (02장의 "확인한 뒤 pause()" 와 같은 틈).
 * 그래서 fcntl 바로 앞에서 stop_signal 을 본다 (그때는 errno = EINTR 로 -1). 검사와 fcntl 사이의
 * 몇 명령어만큼의 틈은 남는다: fcntl 에는 sigsuspend 처럼 마스크를 함께 바꾸는 판이 없다.
 * 그 틈에 걸리면 두 번째 SIGINT/SIGTERM 이 기다리던 fcntl 을 깨운다.
 */
static int wait_for_lock(int fd, short type)
{
    for (;;) {
        if (stop_signal) {
            errno = EINTR;
            return -1;
        }
        if (whole_file_lock(fd, F_SETLKW, type) == 0)
            return 0;
        if (errno != EINTR)
            return -1;
    }
}

static void unlock(int fd)
{
    if (whole_file_lock(fd, F_SETLK, F_UNLCK) == -1)
        die("fcntl(F_UNLCK)", NULL);
}

/*
 * spool 폴더를 차지한다. 폴더를 만든 뒤, 그 안의 server.lock 에 쓰기 잠금을 건다. 이 잠금이
 * "server 가 살아 있다"는 표시다: 커널은 프로세스가 어떻게 끝나든 (SIGKILL 이라도) 그
 * 프로세스의 fcntl 잠금을 모두 푼다. 그래서 client 는 F_GETLK 로 server 가 살아 있는지,
 * 다음 server 는 남아 있는 폴더가 죽은 server 의 것인지를 알 수 있다.
 * 남아 있던 폴더를 물려받았으면 1, 새로 만들었으면 0.
 */
static int claim_spool(struct server *s)
{
    char path[4096];
    /* mkdir: 폴더를 만든다. 0700 이면 server 와 같은 사용자만 요청을 놓을 수 있다.
     * 이미 있으면 EEXIST: 지난번 server 가 SIGKILL 로 죽으며 남긴 것일 수 있다. */
    int fresh = mkdir(s->spool, 0700) == 0;
    if (!fresh && errno != EEXIST)
        die("mkdir", s->spool);

    /* 폴더를 fd 로 연다. 이후 요청, 응답, 잠금 파일은 모두 이 fd 에 상대적으로(openat,
     * renameat) 다루므로, 도중에 누가 경로를 바꿔치기해도 엉뚱한 폴더를 건드리지 않는다. */
    s->dir_fd = open(s->spool, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (s->dir_fd == -1) {
        if (errno == ENOTDIR)
            fail(s->spool, "exists and is not a directory");
        die("open", s->spool);
    }
    snprintf(path, sizeof path, "%s/%s", s->spool, LOCK_NAME);
    /* 새 폴더면 잠금 파일을 O_CREAT | O_EXCL 로 만든다. 남아 있던 폴더면 거기 있는 것을
     * 연다: 그것이 없으면 이 server 가 만든 폴더가 아니니 건드리지 않는다. */
    s->lock_fd = openat(s->dir_fd, LOCK_NAME, O_RDWR | O_CLOEXEC | O_NOFOLLOW | (fresh ? O_CREAT | O_EXCL : 0), 0600);
    if (s->lock_fd == -1) {
        if (errno == ENOENT)
            fail(s->spool, "exists but has no " LOCK_NAME ", so no server of ours made it; remove it yourself");
        die("open", path);
    }
    /* F_SETLK: 기다리지 않고 잠금을 청한다. 다른 프로세스가 쥐고 있으면 EAGAIN (또는 EACCES):
     * 살아 있는 server 가 이미 이 폴더를 쓰고 있다. 그 폴더는 그 server 의 것이니 손대지 않는다. */
    if (whole_file_lock(s->lock_fd, F_SETLK, F_WRLCK) == -1) {
        if (errno == EAGAIN || errno == EACCES) {
            fprintf(stderr, "server: %s is in use by server pid %ld\n", s->spool, (long)lock_holder(s->lock_fd));
            exit(1);
        }
        die("fcntl(F_SETLK)", path);
    }
    /* fdopendir: 같은 폴더를 readdir 로 읽는 스트림. fd 는 스트림이 가져가고 closedir 가 닫는다. */
    s->dir = fdopendir(s->dir_fd);
    if (s->dir == NULL)
        die("fdopendir", s->spool);
    return !fresh;
}

/*
 * spool 안의 이름 하나를 없앤다. 0: 지웠다, -1: 실패 (errno; ENOENT 면 이미 없다).
 * unlinkat(폴더fd, 이름, 0): 그 이름(링크)을 없앤다. 파일을 열어 둔 프로세스가 있으면 내용은
 * 그가 닫을 때까지 남는다. 누가 폴더를 넣어 두었으면 리눅스는 EISDIR 로 (POSIX 가 정한 값은
 * EPERM) 거절하므로 AT_REMOVEDIR 로 한 번 더 (빈 폴더만 지워진다).
 */
static int remove_name(int dir_fd, const char *name)
{
    if (unlinkat(dir_fd, name, 0) == 0)
        return 0;
    if (errno != EISDIR && errno != EPERM)
        return -1;
    int saved = errno;
    if (unlinkat(dir_fd, name, AT_REMOVEDIR) == 0)
        return 0;
    if (errno == ENOTDIR) /* 폴더가 아니었다: 알릴 까닭은 처음의 EPERM 이다 */
        errno = saved;
    return -1;
}

/*
 * spool 안의 항목을 지운다 (keep_lock 이면 server.lock 은 남긴다). 지운 개수를 돌려준다.
 * 요청, 응답, 임시 파일은 모두 이 server 가 맡은 것이다: client 가 rename 으로 발행한
 * 순간 요청은 server 몫이 되고, 가져가지 않은 응답과 죽은 client 의 임시 파일도 치운다.
 */
static int remove_entries(struct server *s, int keep_lock)
{
    int removed = 0;
    rewinddir(s->dir);
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(s->dir);
        if (e == NULL) {
            if (errno != 0)
                die("readdir", s->spool);
            return removed;
        }
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (keep_lock && strcmp(e->d_name, LOCK_NAME) == 0)
            continue;
        if (remove_name(s->dir_fd, e->d_name) == 0)
            removed++;
        else if (errno != ENOENT)
            fprintf(stderr, "server: remove %s/%s: %s\n", s->spool, e->d_name, strerror(errno));
    }
}

/*
 * 요청 파일 name 을 읽어 text 에 둔다 (줄바꿈 제외, NUL 로 끝냄). 0: 온전한 요청,
 * 1: 잘못된 요청 (*problem 에 이유), -1: 그 사이에 client 가 거둬 가서 없다.
 * client 는 믿을 수 없다: FIFO, 심볼릭 링크, 폴더, 너무 긴 파일, 여러 줄을 놓을 수 있다.
 */
static int read_request(struct server *s, const char *name, char *text, const char **problem)
{
    static char why[128];
    char buf[MAX_TEXT + 2]; /* 최대 길이 + 줄바꿈 + "더 있다"를 알아챌 한 바이트 */
    /* O_NOFOLLOW: 심볼릭 링크면 따라가지 않고 ELOOP. O_NONBLOCK: FIFO 라도 open 이 쓰는
     * 쪽을 기다리며 멈추지 않는다. 무엇이든 연 뒤 fstat 로 일반 파일인지 본다. */
    int fd = openat(s->dir_fd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd == -1) {
        if (errno == ENOENT)
            return -1;
        snprintf(why, sizeof why, "cannot open: %s", errno == ELOOP ? "a symbolic link" : strerror(errno));
        *problem = why;
        return 1;
    }
    struct stat st;
    ssize_t n = -1;
    *problem = NULL;
    if (fstat(fd, &st) == -1)
        die("fstat", name);
    if (!S_ISREG(st.st_mode))
        *problem = "not a regular file";
    else if ((n = read_upto(fd, buf, sizeof buf)) == -1) {
        snprintf(why, sizeof why, "cannot read: %s", strerror(errno));
        *problem = why;
    }
    if (close(fd) == -1)
        die("close", name);
    if (*problem != NULL)
        return 1;

    /* 형식: 한 줄, 줄바꿈으로 끝난다. 줄바꿈이 없으면 다 쓰이기 전에 읽은 것이다. */
    if (n == 0)
        *problem = "empty request";
    else if ((size_t)n > MAX_TEXT + 1)
        *problem = "too long (more than 200 bytes)";
    else if (buf[n - 1] != '\n')
        *problem = "incomplete request (no newline at the end)";
    else
        *problem = text_problem(buf, (size_t)n - 1);
    if (*problem != NULL)
        return 1;
    memcpy(text, buf, (size_t)n - 1);
    text[n - 1] = '\0';
    return 0;
}

/*
 * 번호표를 뽑는다: 카운터를 읽고, 1 더하고, 다시 쓴다. 이 읽기-고치기-쓰기 세 단계가 다른
 * 프로세스의 같은 세 단계와 섞이면 둘이 같은 값을 읽어 하나의 증가가 사라진다. 잠금이 세
 * 단계를 한 덩어리로 묶는다. 0: 성공, -1: 실패 (errno; EINTR 이면 멈추라는 시그널).
 */
static int take_ticket(struct server *s, long *ticket)
{
    if (wait_for_lock(s->data_fd, F_WRLCK) == -1)
        return -1;
    int rc = read_counter(s->data_fd, ticket);
    if (rc == 0) {
        ++*ticket;
        rc = write_counter(s->data_fd, *ticket);
    }
    int saved = errno;
    unlock(s->data_fd);
    errno = saved;
    return rc;
}

/*
 * 응답을 발행한다: client 의 요청과 같은 방법이다 (자세한 설명은 client.c 의
 * publish_request). 임시 이름에 다 쓰고, fsync 하고, rename 으로 진짜 이름을 붙이고,
 * 폴더를 fsync 한다. client 는 "ID.rep" 가 보이면 그 내용이 전부라고 믿어도 된다.
 */
static int publish_reply(struct server *s, const char *id, const char *reply)
{
    char tmp[NAME_LEN], name[NAME_LEN];
    snprintf(name, sizeof name, "%s%s", id, REP_SUFFIX);
    snprintf(tmp, sizeof tmp, "%s%s%s", id, REP_SUFFIX, TMP_SUFFIX);
    if (unlinkat(s->dir_fd, tmp, 0) == -1 && errno != ENOENT)
        return -1;
    int fd = openat(s->dir_fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd == -1)
        return -1;
    if (write_all(fd, reply, strlen(reply)) == -1 || fsync(fd) == -1) {
        int saved = errno;
        close(fd);
        unlinkat(s->dir_fd, tmp, 0);
        errno = saved;
        return -1;
    }
    if (close(fd) == -1 || renameat(s->dir_fd, tmp, s->dir_fd, name) == -1) {
        int saved = errno;
        unlinkat(s->dir_fd, tmp, 0);
        errno = saved;
        return -1;
    }
    return fsync(s->dir_fd);
}

/* 발행된 요청 하나를 처리한다. 무엇이 잘못되어도 알리고 다음 요청으로 넘어간다. */
static void serve_request(struct server *s, const char *name)
{
    size_t id_len = strlen(name) - strlen(REQ_SUFFIX);
    char id[MAX_ID + 1], text[MAX_TEXT + 1], reply[MAX_REPLY];
    const char *problem = NULL;

    if (id_len == 0 || id_len > MAX_ID) {
        /* 지웠다고 말하기 전에 정말 지웠는지 본다: 남아 있으면 다음 폴링에서 또 보게 된다. */
        if (remove_name(s->dir_fd, name) == 0)
            printf("server: %.80s: bad request name; removed it\n", name);
        else if (errno != ENOENT)
            fprintf(stderr, "server: remove %s/%.80s: %s\n", s->spool, name, strerror(errno));
        return;
    }
    memcpy(id, name, id_len);
    id[id_len] = '\0';

    int rc = read_request(s, name, text, &problem);
    if (rc == -1)
        return; /* client 가 기다리다 그만두며 거둬 갔다 */
    /* 요청을 가져간다: 이름을 지우면 다음 폴링에서 다시 보지 않는다. */
    if (remove_name(s->dir_fd, name) == -1 && errno != ENOENT)
        fprintf(stderr, "server: remove %s/%s: %s\n", s->spool, name, strerror(errno));

    long ticket = 0;
    if (rc == 0 && take_ticket(s, &ticket) == -1) {
        if (errno == EINTR)
            return; /* 잠금을 기다리다 SIGINT/SIGTERM: 멈춘다. client 는 server 가 사라진 것을 안다 */
        problem = errno == EINVAL ? "the data file does not hold a counter" : strerror(errno);
    }
    if (problem == NULL) {
        /* 기록을 한 줄 덧붙인다. 잠금은 이미 놓았다: O_APPEND 가 이 줄을 통째로 끝에
         * 붙여 주므로, 여기서는 잠금이 없어도 client 들의 줄과 섞이지 않는다. */
        char rec[MAX_ID + MAX_TEXT + 64];
        int len = snprintf(rec, sizeof rec, "%ld ticket %s %s\n", ticket, id, text);
        if (append_record(s->log_fd, rec, (size_t)len) == -1)
            fprintf(stderr, "server: write %s: %s\n", s->log, strerror(errno));
        snprintf(reply, sizeof reply, "ticket %ld: %s\n", ticket, text);
        printf("server: %s \"%s\" -> ticket %ld\n", name, text, ticket);
    } else {
        snprintf(reply, sizeof reply, "error: %s\n", problem);
        printf("server: %s: bad request: %s\n", name, problem);
    }
    if (publish_reply(s, id, reply) == -1)
        fprintf(stderr, "server: reply to %s: %s\n", id, strerror(errno));
}

/*
 * 폴더를 한 번 훑는다. rewinddir 는 폴더를 처음부터 다시 읽게 한다 (그 사이에 생긴 이름도
 * 보인다). 이름이 ".req" 로 끝나는 것만 요청이다: 쓰는 중인 "*.tmp" 는 건너뛴다.
 */
static void serve_spool(struct server *s)
{
    /* 누가 spool 을 통째로 지웠다면 (rm -r) 폴더의 링크 수가 0 이 된다. 더 기다려도 요청은
     * 오지 않으니 알리고 끝낸다. */
    struct stat st;
    if (fstat(s->dir_fd, &st) == -1)
        die("fstat", s->spool);
    if (st.st_nlink == 0)
        fail(s->spool, "was removed while the server was running");

    rewinddir(s->dir);
    while (!stop_signal) {
        errno = 0;
        struct dirent *e = readdir(s->dir);
        if (e == NULL) {
            if (errno != 0)
                die("readdir", s->spool);
            break;
        }
        size_t len = strlen(e->d_name), sl = strlen(REQ_SUFFIX);
        if (len > sl && strcmp(e->d_name + len - sl, REQ_SUFFIX) == 0)
            serve_request(s, e->d_name);
    }
}

int main(int argc, char *argv[])
{
    struct server s = {.spool = DEFAULT_SPOOL, .data = DEFAULT_DATA, .log = DEFAULT_LOG, .interval_ms = 50};
    int opt;

    /* 테스트가 파일이나 파이프로 읽으므로, 버퍼에 갇히지 않게 한 줄씩 내보낸다. */
    setvbuf(stdout, NULL, _IOLBF, 0);

    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        help();
        return 0;
    }
    while ((opt = getopt(argc, argv, "hs:f:l:i:")) != -1) {
        switch (opt) {
        case 'h': help(); return 0;
        case 's': s.spool = optarg; break;
        case 'f': s.data = optarg; break;
        case 'l': s.log = optarg; break;
        case 'i':
            if ((s.interval_ms = parse_number(optarg, 1, 10000)) == -1) {
                fprintf(stderr, "server: -i: expected milliseconds from 1 to 10000, got '%s'\n", optarg);
                usage(stderr);
                return 2;
            }
            break;
        default: usage(stderr); return 2;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "server: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }

    /*
     * SIGINT(Ctrl-C), SIGTERM(kill) 처리기. sa_flags 에 SA_RESTART 를 넣지 않는다: 그래야
     * F_SETLKW 로 잠금을 기다리거나 nanosleep 으로 자는 중에 시그널이 오면 그 호출이 EINTR 로
     * 돌아와 멈출 수 있다. SA_RESTART 가 있으면 커널이 F_SETLKW 를 다시 시작해 계속 기다린다.
     */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1)
        die("sigaction", NULL);

    /* 1. 공유 카운터. 읽기 잠금(F_RDLCK)은 여럿이 함께 쥘 수 있고 쓰기 잠금만 막는다:
     *    읽는 동안 누가 반쯤 고친 값을 보지 않으려고 건다. */
    s.data_fd = open_shared_file(s.data, O_RDWR);
    long value;
    if (wait_for_lock(s.data_fd, F_RDLCK) == -1) {
        if (stop_signal)
            return 0; /* 잠금을 기다리다 멈추라는 말을 들었다: 아직 만든 것이 없다 */
        die("fcntl(F_SETLKW)", s.data);
    }
    if (read_counter(s.data_fd, &value) == -1)
        fail(s.data, errno == EINVAL ? "not a counter file (expected one decimal number)" : strerror(errno));
    unlock(s.data_fd);

    /* 2. 기록 파일. O_APPEND: 쓰기마다 커널이 오프셋을 그 순간의 파일 끝으로 옮기고 쓴다. */
    s.log_fd = open_shared_file(s.log, O_WRONLY | O_APPEND);
    printf("server: %s holds %ld; records go to %s\n", s.data, value, s.log);

    /* 3. spool 폴더와 생존 표시 잠금. 죽은 server 가 남긴 것이면 안의 찌꺼기를 치운다. */
    if (claim_spool(&s)) {
        int n = remove_entries(&s, 1);
        printf("server: %s was left by a server that died; taking it over (leftovers removed: %d)\n", s.spool, n);
    }
    printf("server: ready on %s (pid %ld)\n", s.spool, (long)getpid());

    /*
     * 4. 폴링. 파일에 무엇이 생겨도 커널은 아무에게도 알리지 않는다 (파이프의 read 처럼
     * 잠들어 기다릴 곳이 없다). 그래서 정해진 간격으로 폴더를 다시 읽는다. 리눅스에서는
     * inotify(7) 로 "이 폴더에 이름이 옮겨져 왔다(IN_MOVED_TO)"는 알림을 받을 수 있지만,
     * 그것은 파일 IPC 가 아니라 따로 붙이는 알림 장치다.
     */
    while (!stop_signal) {
        serve_spool(&s);
        struct timespec ts = {s.interval_ms / 1000, (s.interval_ms % 1000) * 1000000L};
        /* 시그널이 오면 nanosleep 은 -1/EINTR 로 일찍 돌아오고 while 이 멈춤을 본다.
         * while 검사와 nanosleep 사이에 온 시그널은 한 간격 늦게 보일 뿐이다. */
        if (nanosleep(&ts, NULL) == -1 && errno != EINTR)
            die("nanosleep", NULL);
    }

    /*
     * 5. 정리. spool 은 server 의 것이므로 안의 항목과 폴더를 지운다. 그 사이에 client 가
     * 새 임시 파일을 만들었으면 rmdir 이 ENOTEMPTY 로 실패하므로 몇 번 되풀이한다.
     * server.lock 의 이름을 지워도 잠금은 fd 를 닫을 때까지 쥐고 있다.
     */
    int gone = 0;
    for (int pass = 0; pass < 5 && !gone; pass++) {
        remove_entries(&s, 0);
        if (rmdir(s.spool) == 0)
            gone = 1;
        else if (errno != ENOTEMPTY && errno != EEXIST)
            break;
    }
    if (!gone)
        die("rmdir", s.spool);
    if (closedir(s.dir) == -1 || close(s.lock_fd) == -1 || close(s.data_fd) == -1 || close(s.log_fd) == -1)
        die("close", NULL);
    printf("server: %s: removed %s; %s and %s stay\n", stop_signal == SIGINT ? "SIGINT" : "SIGTERM", s.spool,
           s.data, s.log);
    return 0;
}
