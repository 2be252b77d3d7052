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
    /* socketpair: 서로 연결된 소켓 한 쌍 (이름이 없다). sv[0]에 쓴 것은 sv[1]의 받는 큐에 쌓인다 */
    int sv[2];
    if (socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv) == -1)
        die("socketpair");
    char big[100]; /* 받는 버퍼(10)보다 큰 메시지 */
    memset(big, 'x', sizeof big);
    /* 두 번 쓴다: 100바이트 메시지 하나, 그리고 "next". 메시지 타입이면 큐에 메시지 둘, 스트림이면 104바이트 */
    if (write(sv[0], big, sizeof big) != (ssize_t)sizeof big || write(sv[0], "next", 4) != 4)
        die("write");

    printf("%-15s ", name);
    /* 스트림에는 "메시지의 길이"가 없다: PEEK 해 봐야 큐에 있는 바이트 수일 뿐이라 메시지 타입에서만 묻는다 */
    if (type != SOCK_STREAM) {
        /* MSG_PEEK|MSG_TRUNC: 꺼내지 않고, 버퍼와 상관없이 메시지의 진짜 길이를 돌려준다 */
        char one; /* 1바이트 버퍼로도 진짜 길이를 안다: 받을 버퍼를 고르기 전에 묻는 방법이다 */
        ssize_t real = recv(sv[1], &one, 1, MSG_PEEK | MSG_TRUNC); /* 큐에서 빼지 않는다 */
        if (real == -1)
            die("recv(MSG_PEEK|MSG_TRUNC)");
        printf("100-byte message, 10-byte buffer: MSG_PEEK|MSG_TRUNC says %zd; ", real);
    } else {
        printf("100 bytes, 10-byte buffer: ");
    }

    /* recvmsg는 msg_flags에 무슨 일이 있었는지 돌려준다: MSG_TRUNC는 "메시지의 끝을 버렸다" */
    char buf[10]; /* 메시지(100)보다 작은 버퍼 */
    struct iovec iov = {.iov_base = buf, .iov_len = sizeof buf}; /* 커널이 채울 곳과 그 크기 */
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1}; /* 주소도 보조 데이터도 받지 않는다 */
    /* 메시지 타입: 커널은 맨 앞 메시지를 통째로 큐에서 빼고, 10바이트만 복사하고, 나머지 90바이트는 버린다 */
    ssize_t n = recvmsg(sv[1], &msg, 0);
    if (n == -1)
        die("recvmsg");
    /* 스트림: 10바이트를 복사하고 나머지 94바이트는 큐에 남긴다. 버린 것이 없으니 MSG_TRUNC도 없다 */
    printf("recvmsg got %zd, MSG_TRUNC %s; ", n, (msg.msg_flags & MSG_TRUNC) ? "set" : "not set");

    /* 다음 read: 메시지 소켓이면 다음 메시지("next"), 스트림이면 같은 바이트의 이어지는 부분 */
    n = recv(sv[1], buf, sizeof buf, 0); /* 잘린 메시지의 나머지는 다시 오지 않는다 */
    if (n == -1)
        die("recv");
    printf("next read: \"%.*s\"\n", (int)n, buf);
    /* 닫으면 두 소켓과 큐에 남은 바이트가 모두 사라진다: 이름이 없으니 지울 파일도 없다 */
    close(sv[0]);
    close(sv[1]); /* 스트림이면 아직 읽지 않은 84바이트가 여기서 버려진다 */
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
