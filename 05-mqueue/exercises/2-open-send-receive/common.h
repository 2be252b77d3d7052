/*
 * 05-mqueue/exercises/2-open-send-receive/common.h: 연습 2의 뼈대 (README.md). 05-mqueue/common.h에서
 * create_queue의 mq_open을 빼고 TODO 1을 남겼다. server.c와 client.c가 함께 쓰는 약속이다.
 *
 *   요청 큐: 잘 알려진 이름 /ipc-demo (-q로 바꾼다). server가 만들고 server만 읽는다.
 *            메시지 = "PID TEXT": 보낸 client의 PID, 공백 하나, 그리고 TEXT.
 *   응답 큐: client마다 하나, 이름은 <요청 큐 이름>.<client의 PID> (예: /ipc-demo.4242).
 *            client가 만들고 client만 읽는다. 메시지 = TEXT를 대문자로 바꾼 것.
 *
 * 메시지에는 길이 헤더도, 끝 표시('\n', '\0')도 없다. 메시지 큐는 메시지 하나를 통째로
 * 주고받고, mq_receive가 돌려주는 값이 곧 그 메시지의 길이다 (파이프와의 가장 큰 차이).
 */
#ifndef MQ_COMMON_H
#define MQ_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_QUEUE "/ipc-demo"
#define REQUEST_MAXMSG 10L /* 요청 큐에 쌓일 수 있는 메시지 수: 리눅스 msg_max의 기본값이라 누구나 만든다 */
#define MSGSIZE 256L       /* 메시지 하나의 최대 바이트 수 (두 큐 모두) */
#define REPLY_MAXMSG 1L    /* client는 요청 하나를 보내고 답을 받은 뒤에 다음 것을 보낸다 */

/* 응답 큐 이름 = 요청 큐 이름 + ".PID" (PID는 10자리 이하). 그것도 NAME_MAX(255) 안에 들도록
 * 요청 큐 이름은 '/' 뒤에 NAME_MAX - 11 = 244 글자까지만 받는다. */
#define PID_SUFFIX_MAX 11
#define QUEUE_NAME_MAX (NAME_MAX - PID_SUFFIX_MAX)

/* 바이트를 한 줄로 찍는다: 보이는 ASCII는 그대로, 나머지는 \xHH. 메시지는 문자열이 아니라
 * 바이트 묶음이므로 '\0'으로 끝난다고 기대하지 않고 길이만큼만 읽는다. 남이 보낸 바이트가
 * 터미널 제어 문자로 해석되지 않게, 받은 것과 사용자가 준 것은 늘 이것으로 찍는다. */
static inline void print_quoted(FILE *to, const char *buf, size_t len)
{
    fputc('"', to);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            fputc(c, to);
        else
            fprintf(to, "\\x%02x", c);
    }
    fputc('"', to);
}

/*
 * 큐 이름이 규칙(man 7 mq_overview)에 맞는지 본다: '/' 하나로 시작하고, 그 뒤에 '/'가 아닌
 * 글자가 1..QUEUE_NAME_MAX 개. 이 장은 찍어도 안전하도록 보이는 ASCII만 받는다. 맞으면 1,
 * 아니면 무엇이 틀렸는지 stderr에 한 줄 쓰고 0. (그냥 mq_open에 넘기면 glibc는 "noslash"에
 * EINVAL, "/a/b"에 EACCES를 준다: 그 문구로는 이름이 문제인 줄 알기 어렵다.)
 */
static inline int queue_name_ok(const char *prog, const char *name)
{
    const char *problem = NULL;
    size_t len = strlen(name);
    for (size_t i = 1; i < len && problem == NULL; i++)
        if (name[i] == '/')
            problem = "must not contain a second '/'";
        else if (name[i] <= ' ' || name[i] >= 0x7f)
            problem = "may contain only visible ASCII characters";
    if (name[0] != '/')
        problem = "must start with '/' (a queue name is not a file path)";
    else if (len == 1)
        problem = "needs at least one character after the '/'";
    else if (len - 1 > QUEUE_NAME_MAX)
        problem = "is too long: at most 244 characters after the '/' (NAME_MAX 255 less the reply queues' \".PID\")";
    if (problem == NULL)
        return 1;
    fprintf(stderr, "%s: queue name ", prog);
    print_quoted(stderr, name, len > 40 ? 40 : len);
    fprintf(stderr, "%s %s\n", len > 40 ? "..." : "", problem);
    return 0;
}

/*
 * 큐를 새로 만든다. server는 요청 큐를 (oflag O_RDONLY | O_NONBLOCK, maxmsg REQUEST_MAXMSG), client는
 * 자기 응답 큐를 (O_RDONLY, REPLY_MAXMSG) 이것으로 만든다. 실패하면 (mqd_t)-1과 errno.
 * mq_open의 모드는 프로세스의 umask로 깎인다 (실제 모드 = 모드 & ~umask). umask 0277이면 0600도
 * 0400이 되어 주인조차 쓸 수 없다. 그래서 잠깐 umask를 0으로 두었다가 되돌린다.
 *
 * TODO 1 (man 3 mq_open, man 3 mq_getattr의 struct mq_attr, man 7 mq_overview):
 *   이름 name으로 큐를 "새로" 만들고 oflag(읽기/쓰기, 논블로킹)대로 연다.
 *   - 이미 그 이름이 있으면 (도는 server, 또는 SIGKILL 된 server가 남긴 큐) 열지 말고 실패해야 한다
 *     (errno EEXIST). 남은 큐를 열면 지난 메시지와 옛 속성을 물려받는다.
 *   - 메시지 수는 maxmsg개까지, 메시지 하나는 MSGSIZE 바이트까지인 큐다. 속성을 주지 않으면 커널의
 *     기본값(/proc/sys/fs/mqueue/msgsize_default, 보통 8192)이 되어, MSGSIZE 버퍼로 받는 쪽이 실패한다.
 *   - 주인만 읽고 쓰는 모드, exec한 프로그램에 새지 않는 디스크립터.
 *   아래의 자리표시 세 줄을 struct mq_attr 하나와 mq_open 호출로 바꿔라.
 */
static inline mqd_t create_queue(const char *name, int oflag, long maxmsg)
{
    mode_t old = umask(0);
    (void)name, (void)oflag, (void)maxmsg; /* TODO 1: 자리표시. 이 세 줄을 속성과 mq_open 호출로 바꾼다 */
    mqd_t q = (mqd_t)-1;
    errno = ENOSYS; /* "Function not implemented": 아직 채우지 않았다 */
    int err = errno;
    umask(old);
    errno = err;
    return q;
}

#endif
