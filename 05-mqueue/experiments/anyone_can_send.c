/*
 * experiments/anyone_can_send.c: 큐에 쓸 권한만 있으면 어느 프로세스든 아무 바이트나 보낼 수 있고,
 * 받는 쪽은 누가 보냈는지 알 수 없다 (메시지에는 보낸 이가 적혀 있지 않다). NOTES.md 1.7절.
 *
 * 각 TEXT를 헤더 없이 그대로 메시지 하나로 server의 요청 큐에 넣는다. 그래서 server는 형식을
 * 믿지 않고 확인하고("malformed message"), 남의 PID를 적은 요청("4242 hi")에도 속는다: 그 답은
 * PID 4242의 응답 큐로 간다. 큐가 가득 차 있으면 기다리지 않는다 (O_NONBLOCK: EAGAIN).
 *
 * 실행 (server가 떠 있을 때, 05-mqueue 디렉터리에서):
 *   ./experiments/anyone_can_send /ipc-demo garbage '' '0 zero pid'
 *   ./experiments/anyone_can_send -p 7 /ipc-demo '4242 forged'
 * 출력:
 *   sent "garbage" (7 bytes, prio 0) to /ipc-demo
 *   (server 쪽) server: malformed message: "garbage" (7 bytes, prio 0): no "PID " in front, dropped
 * 읽을 man 페이지: man 3 mq_send, man 7 mq_overview
 */
#define _POSIX_C_SOURCE 200809L /* mq_open, getopt (POSIX.1-2008) */

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *to)
{
    fprintf(to, "usage: anyone_can_send [-p PRIO] /NAME TEXT...\n");
}

int main(int argc, char *argv[])
{
    unsigned long prio = 0;
    char *end = NULL;
    int opt;

    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 한 줄씩 내보낸다 */
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return 0;
    }
    while ((opt = getopt(argc, argv, "hp:")) != -1) {
        if (opt == 'h') {
            usage(stdout);
            return 0;
        }
        if (opt == 'p')
            prio = strtoul(optarg, &end, 10);
        if (opt != 'p' || end == optarg || *end != '\0' || prio > 32767) {
            usage(stderr); /* 모르는 옵션, 0..32767 (리눅스의 범위)이 아닌 우선순위 */
            return 2;
        }
    }
    if (argc - optind < 2 || argv[optind][0] != '/') {
        usage(stderr);
        return 2;
    }
    const char *name = argv[optind];

    /* O_WRONLY: 보내기만. O_CREAT 없음: 없는 큐에 보내지 않는다. O_NONBLOCK: 가득 차면 EAGAIN. */
    mqd_t q = mq_open(name, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (q == (mqd_t)-1) {
        fprintf(stderr, "anyone_can_send: mq_open %s: %s\n", name, strerror(errno));
        return 1;
    }
    for (int i = optind + 1; i < argc; i++) {
        /* TEXT 그대로가 메시지 하나다. 커널은 내용을 보지 않는다: 길이만 mq_msgsize와 견준다. */
        if (mq_send(q, argv[i], strlen(argv[i]), (unsigned)prio) == -1) {
            fprintf(stderr, "anyone_can_send: mq_send: %s\n", strerror(errno));
            return 1;
        }
        printf("sent \"");
        for (const char *c = argv[i]; *c != '\0'; c++) { /* 보이는 ASCII만 그대로 찍는다 */
            if (*c >= ' ' && *c < 0x7f && *c != '"' && *c != '\\')
                putchar(*c);
            else
                printf("\\x%02x", (unsigned char)*c);
        }
        printf("\" (%zu bytes, prio %lu) to %s\n", strlen(argv[i]), prio, name);
    }
    if (mq_close(q) == -1) { /* 큐는 server의 것이다: 닫기만 하고 지우지 않는다 */
        fprintf(stderr, "anyone_can_send: mq_close: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
