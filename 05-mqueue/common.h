/*
 * 05-mqueue/common.h: server.c 와 client.c 가 함께 쓰는 약속 (이 장 안에서만 쓴다).
 *
 * 요청 큐 (잘 알려진 이름, server 가 만든다)            응답 큐 (client 마다 하나, client 가 만든다)
 *   이름: /ipc-demo  (-q 로 바꾼다)                        이름: <요청 큐 이름>.<client 의 PID>
 *   메시지: "PID TEXT"  답이 필요한 요청                    예: /ipc-demo.4242
 *           "- TEXT"    답이 필요 없는 한 방향 메시지       메시지: TEXT 를 대문자로 바꾼 것
 *
 * 메시지에는 길이 머리말도, 끝 표시('\n', '\0')도 없다. 메시지 큐는 메시지 하나를 통째로
 * 주고받고, mq_receive 가 돌려주는 값이 곧 그 메시지의 길이다 (파이프와의 가장 큰 차이).
 */
#ifndef MQ_COMMON_H
#define MQ_COMMON_H

#include <limits.h>
#include <stdio.h>
#include <string.h>

#define DEFAULT_QUEUE "/ipc-demo"
#define DEFAULT_MAXMSG 10L   /* 요청 큐에 쌓일 수 있는 메시지 수 (리눅스 msg_max 기본값과 같다) */
#define DEFAULT_MSGSIZE 256L /* 요청 하나의 최대 바이트 수 */
#define REPLY_MAXMSG 1L      /* client 는 요청 하나를 보내고 답을 받은 뒤에 다음을 보낸다 */

/*
 * 응답 큐 이름은 요청 큐 이름 뒤에 ".PID" 를 붙인 것이다. PID 는 10자리를 넘지 않으므로
 * 요청 큐 이름은 '/' 뒤에 NAME_MAX - 11 글자까지만 허락한다. 그래야 응답 큐 이름도
 * 커널의 한도(NAME_MAX 글자, man 7 mq_overview)를 넘지 않는다.
 */
#define PID_SUFFIX_MAX 11 /* "." + 10자리 */
#define QUEUE_NAME_MAX (NAME_MAX - PID_SUFFIX_MAX)

/*
 * 메시지 큐 이름이 규칙에 맞는지 본다: '/' 하나로 시작하고, 그 뒤에 '/' 가 아닌 글자가
 * 1..QUEUE_NAME_MAX 개. 맞으면 1, 아니면 무엇이 틀렸는지 stderr 에 한 줄 쓰고 0.
 * (검사하지 않고 mq_open 에 넘기면 glibc/리눅스는 "noslash" 에 EINVAL, "/a/b" 에 EACCES,
 *  너무 긴 이름에 ENAMETOOLONG 을 돌려준다. 그 문구만으로는 이름이 문제인 줄 알기 어렵다.)
 */
static inline int queue_name_ok(const char *prog, const char *name)
{
    const char *problem = NULL;
    if (name[0] != '/')
        problem = "must start with '/' (a queue name is not a file path)";
    else if (name[1] == '\0')
        problem = "needs at least one character after the '/'";
    else if (strchr(name + 1, '/') != NULL)
        problem = "must not contain a second '/'";
    if (problem != NULL) {
        fprintf(stderr, "%s: queue name '%s' %s\n", prog, name, problem);
        return 0;
    }
    if (strlen(name + 1) > QUEUE_NAME_MAX) {
        fprintf(stderr, "%s: queue name is too long: %zu characters after the '/', at most %d "
                        "(NAME_MAX %d, less %d for the reply queues' \".PID\")\n",
                prog, strlen(name + 1), QUEUE_NAME_MAX, NAME_MAX, PID_SUFFIX_MAX);
        return 0;
    }
    return 1;
}

/* 메시지 내용을 한 줄로 찍는다: 보이는 ASCII 글자는 그대로, 나머지는 \xHH. 메시지는 문자열이
 * 아니라 바이트 묶음이므로 '\0' 으로 끝난다고 기대하지 않고 길이만큼만 읽는다. */
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

#endif
