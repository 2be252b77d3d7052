/*
 * 01-file/common.h: server.c, client.c와 실험 프로그램들이 함께 쓰는 이름, 파일 형식, 작은 도우미.
 * 이 파일을 include하기 전에 PROG를 정의한다 (#define PROG "server"): 오류 메시지의 첫 낱말이다.
 *
 * 프로그램들이 나누는 것은 커널 객체가 아니라 디스크 위의 이름들뿐이다:
 *   ./demo.spool/       spool 디렉터리 (처리를 기다리는 작업을 쌓아 두는 디렉터리). server가
 *                       만들고 끝날 때 지운다. 0700: server와 같은 사용자만 들어온다
 *     server.lock       server가 살아 있는 동안 쓰기 잠금을 쥐는 파일 (생존 표시)
 *     4242.req.tmp      client가 아직 쓰는 중인 요청. 읽는 쪽은 *.tmp를 보지 않는다
 *     4242.req          rename으로 "발행"된 요청: 이 이름이 보이면 내용은 이미 다 있다
 *     4242.rep          server의 응답 (같은 방법으로 발행한다)
 *   ./demo.data         공유 카운터: 십진수 한 줄 ("42\n"). 프로세스가 끝나도 남는다
 *   ./demo.log          O_APPEND로 한 줄씩 덧붙이는 기록. 이것도 남는다
 */
#ifndef FILE_COMMON_H
#define FILE_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_SPOOL "./demo.spool"
#define DEFAULT_DATA "./demo.data"
#define DEFAULT_LOG "./demo.log"
#define LOCK_NAME "server.lock" /* spool 안의 생존 표시 */
#define MAX_TEXT 200            /* 요청 본문의 최대 바이트 수 (줄바꿈 제외) */
#define MAX_ID 64               /* 요청 이름에서 ".req"를 뺀 부분(ID)의 최대 길이 */
#define MAX_REPLY 512           /* 응답 파일의 최대 길이 */
#define NAME_LEN (MAX_ID + 16)  /* "ID.rep.tmp"가 들어가는 버퍼 */

/* "PROG: 호출 경로: 오류"를 stderr에 적고 1로 끝낸다. path는 NULL이어도 된다. */
static inline _Noreturn void die(const char *call, const char *path)
{
    fprintf(stderr, "%s: %s%s%s: %s\n", PROG, call, path ? " " : "", path ? path : "", strerror(errno));
    exit(1);
}

/* 오류가 errno에서 오지 않을 때: 무엇이 문제인지 한 줄 적고 1로 끝낸다. */
static inline _Noreturn void fail(const char *path, const char *problem)
{
    fprintf(stderr, "%s: %s: %s\n", PROG, path, problem);
    exit(1);
}

/* 받은 바이트를 따옴표 안에 안전하게 옮겨 적고 out을 돌려준다: 보이는 ASCII는 그대로, 나머지와
 * " \ 는 \xHH. 남이 지은 이름이나 글에 든 제어 문자(ESC로 시작하는 터미널 명령, 줄바꿈)가
 * 터미널과 로그에 그대로 닿지 않는다. out은 4 * len + 3 바이트 이상이어야 한다. */
static inline const char *quoted(char *out, const char *s, size_t len)
{
    char *o = out;
    *o++ = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            *o++ = (char)c;
        else
            o += snprintf(o, 5, "\\x%02x", c);
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

/* len 바이트를 모두 쓴다. write는 요청보다 적게 쓰고 돌아올 수 있다 (디스크가 가득 찼을 때,
 * RLIMIT_FSIZE에 닿았을 때): 남은 것을 다시 쓰면 그 까닭이 errno로 드러난다. */
static inline int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n == -1 && errno == EINTR)
            continue; /* 아무것도 쓰기 전에 시그널 핸들러가 돌았다: 다시 */
        if (n == -1)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* EOF이거나 cap 바이트가 찰 때까지 offset부터 읽는다 (pread는 파일 오프셋을 쓰지도 바꾸지도
 * 않는다). 읽은 바이트 수, 실패하면 -1. */
static inline ssize_t read_upto(int fd, char *buf, size_t cap, off_t offset)
{
    size_t got = 0;
    while (got < cap) {
        ssize_t n = pread(fd, buf + got, cap - got, offset + (off_t)got);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            return -1;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

/*
 * 파일 전체에 fcntl 레코드 잠금을 청한다. cmd: F_SETLK (기다리지 않는다), F_SETLKW (풀릴 때까지
 * 잠든다). type: F_WRLCK (배타), F_RDLCK (공유), F_UNLCK (풀기). l_start = 0, l_len = 0은
 * "0 바이트부터 끝까지, 파일이 자라도 끝까지"다. 권고(advisory) 잠금이다: fcntl로 잠금을 청하는
 * 프로세스끼리만 서로 막고, 묻지 않고 read/write하는 프로세스는 커널이 막지 않는다.
 */
static inline int whole_file_lock(int fd, int cmd, short type)
{
    struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    return fcntl(fd, cmd, &fl);
}

/*
 * F_SETLKW로 잠금을 기다린다 (블로킹). 시그널 핸들러를 SA_RESTART 없이 달았으면 (catch_signal)
 * 기다리는 동안 시그널이 올 때 fcntl이 -1/EINTR로 돌아온다. 핸들러가 *stop을 세웠으면 그만
 * 기다리고 -1/EINTR. fcntl에 들어가기 "전"에 온 시그널은 잠을 깨우지 못하므로 (커널에 보류된
 * 시그널이 없다) 들어가기 직전마다 *stop을 본다. 그 검사와 fcntl 사이 몇 명령어의 틈은 남는다:
 * fcntl에는 sigsuspend처럼 시그널 마스크를 함께 바꾸는 판이 없다. 그 틈에 걸리면 두 번째
 * 시그널이 깨운다. 0: 잠금을 얻었다. -1: 멈추라는 시그널 (EINTR) 또는 실패 (errno).
 */
static inline int wait_for_lock(int fd, short type, const volatile sig_atomic_t *stop)
{
    while (!*stop) {
        if (whole_file_lock(fd, F_SETLKW, type) == 0)
            return 0;
        if (errno != EINTR)
            return -1;
    }
    errno = EINTR;
    return -1;
}

/* F_GETLK: "이 쓰기 잠금을 걸 수 있나?"를 묻기만 한다. 막는 잠금이 있으면 커널이 그 주인의 PID를
 * l_pid에 적어 준다. 주인 PID, 아무도 없으면 0, 실패하면 -1. 대답은 돌아오는 순간 낡을 수 있다:
 * 알리기에만 쓰고 차례를 정하는 데 쓰지 않는다. 자기 잠금은 자기에게 보이지 않는다 (F_UNLCK). */
static inline pid_t lock_holder(int fd)
{
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    if (fcntl(fd, F_GETLK, &fl) == -1)
        return -1;
    return fl.l_type == F_UNLCK ? 0 : fl.l_pid;
}

/* 카운터 파일을 엄격하게 읽는다: 빈 파일은 0, 아니면 십진 숫자들과 줄바꿈 하나, 그 밖에는 아무것도
 * 없어야 한다 (" 42", "+42", "42\n\0junk"는 거절). LONG_MAX를 넘는 수도 거절한다. 형식이 틀리면
 * errno = EINVAL로 -1. 잠금을 쥔 채로 불러야 남이 반쯤 고친 값을 보지 않는다. */
static inline int read_counter(int fd, long *value)
{
    char buf[24]; /* LONG_MAX는 19자리: 줄바꿈까지 20바이트, 그보다 길면 틀린 파일이다 */
    ssize_t n = read_upto(fd, buf, sizeof buf, 0);
    long v = 0;
    ssize_t i = 0;
    if (n == -1)
        return -1;
    for (; i < n && buf[i] >= '0' && buf[i] <= '9'; i++) {
        if (v > (LONG_MAX - (buf[i] - '0')) / 10)
            break; /* 다음 자리에서 넘친다 */
        v = v * 10 + (buf[i] - '0');
    }
    if (n > 0 && (i == 0 || i != n - 1 || buf[i] != '\n')) {
        errno = EINVAL;
        return -1;
    }
    *value = v;
    return 0;
}

/*
 * 번호를 하나 올린다: 읽고, 1 더하고, 다시 쓴다. 이 읽기-고치기-쓰기가 다른 프로세스의 같은 세
 * 단계와 섞이면 둘이 같은 값을 읽어 증가 하나가 사라진다: 부르는 쪽이 쓰기 잠금을 쥐고 있어야
 * 한다. LONG_MAX에서는 올리지 않고 ERANGE (long이 넘치면 정의되지 않은 동작이다). pwrite로 0 번
 * 바이트부터 쓰고, 예전 내용이 더 길었을 때 꼬리가 남지 않도록 ftruncate로 길이를 맞춘다.
 */
static inline int bump_counter(int fd, long *value)
{
    char buf[24];
    if (read_counter(fd, value) == -1)
        return -1;
    if (*value == LONG_MAX) {
        errno = ERANGE;
        return -1;
    }
    int len = snprintf(buf, sizeof buf, "%ld\n", ++*value);
    for (int done = 0; done < len;) {
        ssize_t n = pwrite(fd, buf + done, (size_t)(len - done), done);
        if (n == -1 && errno != EINTR)
            return -1;
        if (n > 0)
            done += (int)n; /* 잠금을 쥐고 있으니 짧게 쓰였으면 이어 써도 된다 */
    }
    return ftruncate(fd, len);
}

/* 카운터를 고치지 못한 까닭을 사람의 말로 (EINVAL, ERANGE는 bump_counter가 정한 뜻이다). */
static inline const char *counter_problem(int err)
{
    if (err == EINVAL)
        return "not a counter file (expected one decimal number and a newline)";
    return err == ERANGE ? "the counter is at LONG_MAX and cannot go up" : strerror(err);
}

/*
 * O_APPEND로 연 fd에 레코드 하나를 write 한 번으로 덧붙인다. O_APPEND면 커널이 "끝으로 옮기기 +
 * 쓰기"를 한 단계로 하므로 여러 프로세스의 레코드가 서로를 덮어쓰지 않는다 (man 2 open). 짧게
 * 쓰였으면 나머지를 이어 쓰지 않는다: 그 사이에 남의 레코드가 끼어들 수 있다. 알리고 -1.
 */
static inline int append_record(int fd, const char *path, const char *rec, size_t len)
{
    ssize_t n;
    while ((n = write(fd, rec, len)) == -1 && errno == EINTR)
        ;
    if (n == -1)
        fprintf(stderr, "%s: write %s: %s\n", PROG, path, strerror(errno));
    else if ((size_t)n != len)
        fprintf(stderr, "%s: write %s: short write (%zd of %zu bytes): the record is cut\n", PROG, path, n, len);
    return (size_t)n == len ? 0 : -1;
}

/* 요청 본문(TEXT)의 규칙: 1..MAX_TEXT 바이트의 보이는 ASCII (공백부터 ~ 까지). 줄바꿈도 제어
 * 문자도 없다. 맞으면 NULL, 아니면 이유. client는 보내기 전에, server는 받은 뒤에 본다. */
static inline const char *text_problem(const char *text, size_t len)
{
    if (len == 0)
        return "empty text";
    if (len > MAX_TEXT)
        return "too long (more than 200 bytes)";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n')
            return "more than one line";
        if (c < 0x20 || c > 0x7e)
            return "not printable ASCII (control character or non-ASCII byte)";
    }
    return NULL;
}

/* 요청 ID(이름에서 ".req"를 뺀 것)의 규칙: 1..MAX_ID 개의 영문자, 숫자, '-', '_'. ID는 기록의 한
 * 줄과 응답 파일의 이름에 들어가므로 본문만큼 엄격하게 본다 ("x\ny.req"는 기록을 두 줄로 쪼갠다). */
static inline int id_ok(const char *id, size_t len)
{
    if (len == 0 || len > MAX_ID)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return 0;
    }
    return 1;
}

/*
 * 파일 하나를 "발행"한다: 읽는 쪽이 name을 보는 순간 내용이 이미 다 있도록.
 *   1. 같은 디렉터리에 임시 이름 name.tmp로 만든다 (O_EXCL: 이미 있으면 남의 것이니 쓰지 않는다,
 *      O_NOFOLLOW: 심어 둔 심볼릭 링크를 따라가지 않는다, 0600). 읽는 쪽은 *.tmp를 보지 않는다.
 *   2. 다 쓰고 fsync: 내용과 inode의 메타데이터(크기 등)를 디스크로 내려보낸다.
 *   3. renameat: 커널이 이름을 원자적으로 붙인다. 남은 "이름 없음" 아니면 "온전한 파일"만 본다.
 *      같은 파일 시스템 안에서만 된다 (아니면 EXDEV): 그래서 같은 디렉터리다.
 *   4. 디렉터리를 fsync: 파일의 fsync는 그 파일을 가리키는 디렉터리 항목(새 이름)까지는 덮지
 *      않는다. 2와 4는 전원이 나갔을 때를 위한 것이고, 살아 있는 프로세스 사이의 원자성은 1과 3이 준다.
 */
static inline int publish(int dir_fd, const char *name, const char *data, size_t len)
{
    char tmp[NAME_LEN + 8];
    snprintf(tmp, sizeof tmp, "%s.tmp", name);
    /* 같은 PID를 쓰던, 이미 죽은 프로세스가 남긴 임시 파일이 있을 수 있다: 먼저 치운다 */
    if (unlinkat(dir_fd, tmp, 0) == -1 && errno != ENOENT)
        return -1;
    int fd = openat(dir_fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd == -1)
        return -1;
    int ok = write_all(fd, data, len) == 0 && fsync(fd) == 0;
    int saved = errno;
    if (close(fd) == -1 && ok)
        ok = 0, saved = errno;
    if (ok && renameat(dir_fd, tmp, dir_fd, name) == -1)
        ok = 0, saved = errno;
    if (!ok) {
        unlinkat(dir_fd, tmp, 0); /* 반쯤 만든 임시 파일을 남기지 않는다 */
        errno = saved;
        return -1;
    }
    return fsync(dir_fd);
}

/*
 * 발행된 파일 하나(한 줄)를 읽는다: 요청이든 응답이든 같은 형식이다. 성공하면 NULL을 돌려주고
 * line에 줄바꿈을 뺀 줄을 (NUL로 끝나게) 둔다. line은 max + 2 바이트 이상이다. 아니면 까닭을
 * 돌려준다: 열 수 없으면 strerror와 그 errno (없으면 ENOENT), 형식이 틀리면 errno = EINVAL.
 * 보낸 쪽은 믿을 수 없다: O_NOFOLLOW는 심볼릭 링크를 따라가지 않고 (ELOOP), O_NONBLOCK은
 * FIFO라도 open이 쓰는 쪽을 기다리며 멈추지 않게 한다. 그리고 fstat로 일반 파일인지 본다.
 */
static inline const char *read_published(int dir_fd, const char *name, char *line, size_t max)
{
    struct stat st;
    memset(line, 0, max + 2); /* 읽지 못해도 line은 빈 문자열이다 */
    int fd = openat(dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd == -1)
        return errno == ELOOP ? "a symbolic link" : strerror(errno);
    if (fstat(fd, &st) == -1)
        die("fstat", name);
    ssize_t n = S_ISREG(st.st_mode) ? read_upto(fd, line, max + 2, 0) : -2; /* +2: 줄바꿈, 넘친 한 바이트 */
    if (n == -1)
        die("read", name);
    if (close(fd) == -1)
        die("close", name);
    errno = EINVAL;
    if (n == -2)
        return "not a regular file";
    if (n == 0)
        return "empty file";
    if ((size_t)n > max + 1)
        return "too long";
    if (line[n - 1] != '\n') /* 줄바꿈이 없으면 다 쓰이기 전에 읽었거나 잘린 것이다 */
        return "incomplete (no newline at the end)";
    if (memchr(line, '\0', (size_t)n) != NULL) /* NUL 뒤는 C 문자열에서 보이지 않는다: 받지 않는다 */
        return "a NUL byte in the line";
    line[n - 1] = '\0';
    return NULL;
}

/* spool 디렉터리(*dir_fd)와 그 안의 server.lock(*lock_fd)을 열고, 잠금을 쥔 server의 PID를
 * 돌려준다. server는 살아 있는 동안 이 잠금을 쥐고, 커널은 프로세스가 어떻게 끝나든 (SIGKILL이라도)
 * 그 잠금을 푼다. 0: 아무도 쥐지 않았다 (server가 죽었다). -1: 열거나 물을 수 없다
 * (errno; *dir_fd가 -1이면 디렉터리를, 아니면 server.lock을 열지 못했다). */
static inline pid_t spool_server(const char *spool, int *dir_fd, int *lock_fd)
{
    *lock_fd = -1;
    if ((*dir_fd = open(spool, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
        return -1;
    *lock_fd = openat(*dir_fd, LOCK_NAME, O_RDONLY | O_NOFOLLOW | O_CLOEXEC); /* F_GETLK는 읽기로도 */
    return *lock_fd == -1 ? -1 : lock_holder(*lock_fd);
}

/* 시그널 핸들러를 단다. SA_RESTART를 주지 않는다: 잠들어 있던 호출(F_SETLKW, nanosleep,
 * sigsuspend)이 시그널에 -1/EINTR로 돌아와야 부른 쪽이 플래그를 보고 멈출 수 있다. SA_RESTART가
 * 있으면 커널이 F_SETLKW를 다시 시작해 잠금이 풀릴 때까지 계속 기다린다. */
static inline void catch_signal(int sig, void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    if (sigaction(sig, &sa, NULL) == -1)
        die("sigaction", NULL);
}

/* 일반 파일을 연다. O_NONBLOCK: 누가 FIFO를 주면 open이 상대를 영원히 기다리므로 (일반 파일에는
 * 아무 효과가 없다). 연 뒤 fstat로 정말 일반 파일인지 본다. open이 실패하면 -1 (errno). */
static inline int open_regular(const char *path, int flags, mode_t mode)
{
    struct stat st;
    int fd = open(path, flags | O_NONBLOCK | O_CLOEXEC, mode);
    if (fd == -1)
        return -1;
    if (fstat(fd, &st) == -1)
        die("fstat", path);
    if (!S_ISREG(st.st_mode))
        fail(path, "not a regular file");
    return fd;
}

/* 숫자 인자를 [min, max] 안의 정수로 읽는다. 아니면 -1 (min은 0 이상). */
static inline long parse_number(const char *s, long min, long max)
{
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || n < min || n > max)
        return -1;
    return n;
}

#endif
