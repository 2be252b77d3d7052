/*
 * 08-unix-socket/experiments/truncated_message.c: 메시지보다 작은 버퍼로 읽으면? 메시지를 지키는 소켓
 * (SOCK_SEQPACKET, SOCK_DGRAM)은 나머지를 버리고 MSG_TRUNC로 알린다. 다음 read는 다음 메시지다.
 * 스트림은 자르지 않는다: 나머지는 다음 read를 기다린다. NOTES.md 6절 "흔한 실수" ⑤.
 *
 * 실행 (08-unix-socket 디렉터리에서):
 *   ./experiments/truncated_message
 *
 * 출력:
 *   SOCK_SEQPACKET: 100-byte message, 10-byte buffer: MSG_PEEK|MSG_TRUNC says 100; recvmsg got 10, MSG_TRUNC set; next read: "next"
 *   SOCK_STREAM:    100 bytes, 10-byte buffer: recvmsg got 10, MSG_TRUNC not set; next read: "xxxxxxxxxx"
 *
 * 읽을 man 페이지: man 2 recv (MSG_TRUNC, MSG_PEEK), man 7 unix, man 2 socketpair
 */
#define _DEFAULT_SOURCE /* MSG_TRUNC를 recv의 플래그로 쓰는 것은 리눅스의 확장이다 (3.4부터 유닉스 소켓에서) */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void die(const char *what)
{
    fprintf(stderr, "truncated_message: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void show(int type, const char *name)
{
    int sv[2];
    if (socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv) == -1)
        die("socketpair");
    char big[100];
    memset(big, 'x', sizeof big);
    if (write(sv[0], big, sizeof big) != (ssize_t)sizeof big || write(sv[0], "next", 4) != 4)
        die("write");

    printf("%-15s ", name);
    if (type != SOCK_STREAM) {
        /* MSG_PEEK|MSG_TRUNC: 꺼내지 않고, 버퍼와 상관없이 메시지의 진짜 길이를 돌려준다 */
        char one;
        ssize_t real = recv(sv[1], &one, 1, MSG_PEEK | MSG_TRUNC);
        if (real == -1)
            die("recv(MSG_PEEK|MSG_TRUNC)");
        printf("100-byte message, 10-byte buffer: MSG_PEEK|MSG_TRUNC says %zd; ", real);
    } else {
        printf("100 bytes, 10-byte buffer: ");
    }

    /* recvmsg는 msg_flags에 무슨 일이 있었는지 돌려준다: MSG_TRUNC는 "메시지의 끝을 버렸다" */
    char buf[10];
    struct iovec iov = {.iov_base = buf, .iov_len = sizeof buf};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    ssize_t n = recvmsg(sv[1], &msg, 0);
    if (n == -1)
        die("recvmsg");
    printf("recvmsg got %zd, MSG_TRUNC %s; ", n, (msg.msg_flags & MSG_TRUNC) ? "set" : "not set");

    /* 다음 read: 메시지 소켓이면 다음 메시지("next"), 스트림이면 같은 바이트의 이어지는 부분 */
    n = recv(sv[1], buf, sizeof buf, 0);
    if (n == -1)
        die("recv");
    printf("next read: \"%.*s\"\n", (int)n, buf);
    close(sv[0]);
    close(sv[1]);
}

int main(int argc, char *argv[])
{
    if (argc > 1) {
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: truncated_message   (no arguments)\n");
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    show(SOCK_SEQPACKET, "SOCK_SEQPACKET:");
    show(SOCK_DGRAM, "SOCK_DGRAM:");
    show(SOCK_STREAM, "SOCK_STREAM:");
    return 0;
}
