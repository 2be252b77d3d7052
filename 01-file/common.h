/*
 * 01-file/common.h: server.c 와 client.c 가 함께 쓰는 것. 이름, 파일 형식, 그리고 파일을
 * 공유하는 데 필요한 작은 도우미들 (잠금, 카운터 읽기/쓰기, 한 레코드 덧붙이기).
 *
 * 두 프로그램이 나누는 것은 커널 객체가 아니라 디스크 위의 이름들뿐이다:
 *   ./demo.spool/        server 가 만들고 끝날 때 지우는 폴더 (요청과 응답이 오가는 곳)
 *     server.lock        server 가 살아 있는 동안 쓰기 잠금을 쥐고 있는 파일
 *     4242.req.tmp       client 가 쓰는 중인 요청 (server 는 거들떠보지 않는다)
 *     4242.req           rename 으로 "발행"된 요청: 이 이름이 보이면 내용은 이미 전부 있다
 *     4242.rep           server 의 응답 (같은 방법으로 발행한다)
 *   ./demo.data          공유 카운터: 십진수 한 줄 ("42\n"). 프로세스가 끝나도 남는다
 *   ./demo.log           O_APPEND 로 한 줄씩 덧붙이는 기록. 이것도 남는다
 *
 * 도우미는 실패하면 -1 을 돌려주고 errno 를 남긴다. 무엇을 알리고 어떻게 끝낼지는
 * 부르는 쪽(main 가까운 곳)이 정한다.
 */
#ifndef FILE_COMMON_H
#define FILE_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define DEFAULT_SPOOL "./demo.spool"
#define DEFAULT_DATA "./demo.data"
#define DEFAULT_LOG "./demo.log"

#define LOCK_NAME "server.lock" /* spool 안에서 server 의 생존을 알리는 잠금 파일 */
#define REQ_SUFFIX ".req"       /* 발행된 요청 */
#define REP_SUFFIX ".rep"       /* 발행된 응답 */
#define TMP_SUFFIX ".tmp"       /* 아직 쓰는 중인 파일: 읽는 쪽은 이 이름을 무시한다 */

#define MAX_TEXT 200  /* 요청 한 줄의 최대 길이 (줄바꿈 제외): 아래 문구의 200 과 함께 고친다 */
#define MAX_ID 64     /* 요청 이름에서 ".req" 를 뺀 부분의 최대 길이 */
#define MAX_REPLY 512 /* 응답 파일의 최대 길이 */
#define NAME_LEN (MAX_ID + 16) /* "ID.rep.tmp" 가 들어갈 버퍼 */

/*
 * len 바이트를 모두 쓴다. write 는 요청보다 적게 쓰고 돌아올 수 있으므로(시그널, 꽉 찬
 * 디스크) 다 쓸 때까지 반복한다. EINTR 이면 아무것도 쓰이지 않았으니 다시 부른다.
 */
static inline int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* EOF 이거나 cap 바이트가 찰 때까지 읽는다. 읽은 바이트 수, 실패하면 -1. */
static inline ssize_t read_upto(int fd, char *buf, size_t cap)
{
    size_t got = 0;
    while (got < cap) {
        ssize_t n = read(fd, buf + got, cap - got);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

/*
 * 파일 전체에 대한 fcntl 레코드 잠금을 다룬다. cmd 는 F_SETLK (기다리지 않음),
 * F_SETLKW (풀릴 때까지 잠든다), type 은 F_WRLCK (배타), F_RDLCK (공유), F_UNLCK (풀기).
 * l_start = 0, l_len = 0 은 "0 바이트부터 파일 끝까지, 파일이 자라도 끝까지"를 뜻한다.
 * 이 잠금은 권고(advisory) 잠금이다: fcntl 로 잠금을 청하는 프로세스끼리만 서로 막는다.
 * 잠금을 묻지 않고 read/write 하는 프로세스는 커널이 막지 않는다.
 */
static inline int whole_file_lock(int fd, int cmd, short type)
{
    struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    return fcntl(fd, cmd, &fl);
}

/*
 * 누가 잠금을 쥐고 있는지 묻는다 (F_GETLK). "이 쓰기 잠금을 걸 수 있나?"를 물으면 커널은
 * 걸 수 있을 때 l_type = F_UNLCK 로, 막는 잠금이 있으면 그 주인의 PID 를 l_pid 에 적어
 * 돌려준다. 잠금을 걸지는 않는다. 쥔 프로세스 PID, 아무도 없으면 0, 실패하면 -1.
 * (대답은 돌아오는 순간 이미 낡았을 수 있다: 알리기용이지, 이것으로 차례를 정하면 안 된다.)
 */
static inline pid_t lock_holder(int fd)
{
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    if (fcntl(fd, F_GETLK, &fl) == -1)
        return -1;
    return fl.l_type == F_UNLCK ? 0 : fl.l_pid;
}

/*
 * 카운터 파일을 읽는다. 형식은 십진수 한 줄 ("42\n"), 빈 파일은 0 이다. 잠금을 쥔 채로
 * 불러야 의미가 있다. pread 는 파일 오프셋을 쓰지도 바꾸지도 않고 0 번 바이트부터 읽는다.
 * 형식이 틀리면 errno = EINVAL 로 -1.
 */
static inline int read_counter(int fd, long *value)
{
    char buf[32];
    ssize_t n;
    while ((n = pread(fd, buf, sizeof buf - 1, 0)) == -1)
        if (errno != EINTR)
            return -1;
    buf[n] = '\0';
    if (n == 0) {
        *value = 0;
        return 0;
    }
    char *end;
    errno = 0;
    long v = strtol(buf, &end, 10);
    if (errno != 0 || end == buf || v < 0 || strcmp(end, "\n") != 0) {
        errno = EINVAL;
        return -1;
    }
    *value = v;
    return 0;
}

/*
 * 카운터 파일을 value 로 덮어쓴다 (잠금을 쥔 채로). pwrite 로 0 번 바이트부터 쓰고,
 * 예전 내용이 더 길었을 때 꼬리가 남지 않도록 ftruncate 로 길이를 맞춘다.
 */
static inline int write_counter(int fd, long value)
{
    char buf[32];
    int len = snprintf(buf, sizeof buf, "%ld\n", value);
    size_t done = 0;
    while (done < (size_t)len) {
        ssize_t n = pwrite(fd, buf + done, (size_t)len - done, (off_t)done);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        done += (size_t)n;
    }
    return ftruncate(fd, (off_t)len);
}

/*
 * O_APPEND 로 연 fd 에 레코드 하나를 write 한 번으로 덧붙인다. O_APPEND 면 커널이 "끝으로
 * 옮기기 + 쓰기"를 한 단계로 하므로, 여러 프로세스가 동시에 덧붙여도 서로의 레코드를
 * 덮어쓰지 않는다 (man 2 open). 레코드를 두 번에 나눠 쓰면 그 사이에 남의 레코드가 끼어들
 * 수 있으므로, 짧게 쓰였다고 이어 쓰지 않고 실패로 본다. 일반 파일에서 짧은 쓰기는 디스크가
 * 가득 찼을 때(또는 파일 크기 제한) 생긴다.
 */
static inline int append_record(int fd, const char *rec, size_t len)
{
    ssize_t n;
    while ((n = write(fd, rec, len)) == -1)
        if (errno != EINTR)
            return -1;
    if ((size_t)n != len) {
        errno = ENOSPC;
        return -1;
    }
    return 0;
}

/*
 * 요청 본문(줄바꿈을 뺀 TEXT)이 규칙에 맞는가: 한 줄, 1..MAX_TEXT 바이트, 제어 문자 없음.
 * 맞으면 NULL, 아니면 이유. client 는 보내기 전에, server 는 받은 뒤에 같은 규칙으로 본다
 * (server 는 client 를 믿지 않는다: 손으로 만든 요청 파일도 놓일 수 있다).
 */
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
        if (c < 0x20 || c == 0x7f)
            return "control character in text";
    }
    return NULL;
}

/* 숫자 인자를 [min, max] 안의 정수로 읽는다. 아니면 -1 (min 은 0 이상이어야 한다). */
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
