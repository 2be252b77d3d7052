/*
 * 05-mqueue/exercises/1-receive-buffer/common.h (05-mqueue/common.h와 같다): server.c와 client.c가 함께 쓰는 약속 (이 장 안에서만 쓴다).
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
 * 큐를 새로 만든다: O_CREAT | O_EXCL (같은 이름이 있으면 EEXIST), 모드 0600, 속성 maxmsg × MSGSIZE.
 * mq_open의 모드는 프로세스의 umask로 깎인다 (실제 모드 = 0600 & ~umask). umask 0277이면
 * 0400이 되어 주인조차 쓸 수 없다. 그래서 잠깐 umask를 0으로 두었다가 되돌린다. 0600은
 * 주인만 읽고 쓰는 가장 좁은 모드라, umask가 막으려는 "남에게 열어 주기"는 일어나지 않는다.
 */
static inline mqd_t create_queue(const char *name, int oflag, long maxmsg)
{
    struct mq_attr attr = {.mq_maxmsg = maxmsg, .mq_msgsize = MSGSIZE};
    mode_t old = umask(0);
    mqd_t q = mq_open(name, oflag | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR, &attr);
    int err = errno;
    umask(old);
    errno = err;
    return q;
}

#endif
