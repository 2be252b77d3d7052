/*
 * 08-unix-socket/experiments/message_boundaries.c: 같은 세 번의 write를 세 가지 소켓 타입으로 보내고,
 * 받는 쪽의 read가 무엇을 돌려주는지 본다. NOTES.md 1.3 "세 가지 타입: 경계를 지키는가".
 *
 *   SOCK_STREAM    바이트의 흐름: 경계가 없다. 쌓여 있던 8바이트가 read 한 번에 온다
 *   SOCK_SEQPACKET 연결 + 메시지: write 하나가 read 하나다 (순서도 지킨다)
 *   SOCK_DGRAM     데이터그램: write 하나가 read 하나다 (유닉스 도메인에서는 잃지도 뒤섞지도 않는다)
 *
 * socketpair(2)로 이미 연결된 소켓 한 쌍을 만든다 (이름도 파일도 없다). 모두 보낸 뒤에 읽으므로
 * 결과는 시간에 기대지 않는다.
 *
 * 실행 (make 08-unix-socket 뒤, 08-unix-socket 디렉터리에서):
 *   ./experiments/message_boundaries
 *
 * 출력:
 *   SOCK_STREAM:    3 writes (3, 4, 1 bytes) -> 1 read:  "AAABBBBC"
 *   SOCK_SEQPACKET: 3 writes (3, 4, 1 bytes) -> 3 reads: "AAA" "BBBB" "C"
 *   SOCK_DGRAM:     3 writes (3, 4, 1 bytes) -> 3 reads: "AAA" "BBBB" "C"
 *
 * 읽을 man 페이지: man 7 unix, man 2 socketpair, man 2 socket (SOCK_SEQPACKET)
 */
#define _DEFAULT_SOURCE /* MSG_DONTWAIT는 POSIX에 없다 (리눅스와 BSD에 있다) */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void die(const char *what)
{
    fprintf(stderr, "message_boundaries: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void show(int type, const char *name)
{
    const char *msgs[] = {"AAA", "BBBB", "C"};
    /* socketpair: 커널이 이름 없는 소켓 둘을 만들어 서로 연결해 준다 (bind, listen, accept가 없다).
     * sv[0]에 쓴 것은 sv[1]의 받는 큐로 간다. 타입만 바꿔 같은 일을 세 번 한다. */
    int sv[2];
    if (socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv) == -1) /* SOCK_SEQPACKET도 socketpair로 된다 */
        die("socketpair");

    /* 한 번에 하나씩, 모두 보낸다. 어느 타입이든 세 번의 write는 모두 제 길이를 받아 준다. */
    for (int i = 0; i < 3; i++)
        if (write(sv[0], msgs[i], strlen(msgs[i])) != (ssize_t)strlen(msgs[i])) /* 작아서 짧은 write는 없다 */
            die("write");

    /* 받을 것이 없어질 때까지 읽는다. MSG_DONTWAIT: 비었으면 기다리지 않고 EAGAIN. 버퍼(64)는 모든
     * 메시지보다 크다: 잘리는 것이 아니라 경계가 지켜지는지를 본다 (잘림은 truncated_message.c). */
    char buf[64];
    char got[256] = "";
    int reads = 0;
    for (;;) {
        /* STREAM: 받는 큐의 바이트를 버퍼가 허락하는 만큼 한꺼번에 준다. 메시지 타입: 맨 앞 메시지 하나만 */
        ssize_t n = recv(sv[1], buf, sizeof buf, MSG_DONTWAIT);
        if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (n == -1)
            die("recv");
        reads++; /* read 한 번 = 받는 쪽이 본 "메시지" 하나 */
        size_t used = strlen(got);
        snprintf(got + used, sizeof got - used, " \"%.*s\"", (int)n, buf);
    }
    printf("%-15s 3 writes (3, 4, 1 bytes) -> %d read%s:%s%s\n", name, reads, reads == 1 ? "" : "s",
           reads == 1 ? " " : "", got);
    close(sv[0]);
    close(sv[1]);
}

int main(int argc, char *argv[])
{
    if (argc > 1) {
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: message_boundaries   (no arguments)\n");
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    show(SOCK_STREAM, "SOCK_STREAM:");
    show(SOCK_SEQPACKET, "SOCK_SEQPACKET:");
    show(SOCK_DGRAM, "SOCK_DGRAM:");
    return 0;
}
