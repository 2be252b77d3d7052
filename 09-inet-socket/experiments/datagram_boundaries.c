/*
 * 09-inet-socket/experiments/datagram_boundaries.c: UDP는 sendto 하나를 데이터그램 하나로 나르고,
 * 받는 쪽의 recv 하나가 데이터그램 하나를 준다 (TCP와 반대: stream_no_boundaries). 버퍼가 작으면
 * 데이터그램은 잘리고(MSG_TRUNC), 남은 바이트는 다음 recv로 오지 않고 버려진다. NOTES.md 1.5 "UDP".
 *
 *   1. sendto 세 번 ("AAA", "BBBBB", "C") -> recv 세 번 (3, 5, 1 바이트)
 *   2. 10바이트 데이터그램을 4바이트 버퍼로 recvmsg -> "0123"과 msg_flags의 MSG_TRUNC. 다음 recv는
 *      그다음 데이터그램 "next"를 준다: "456789"는 사라졌다
 *   3. 리눅스: recv의 flags에 MSG_TRUNC를 주면 잘려도 원래 길이(10)를 돌려준다. MSG_PEEK와 함께 쓰면
 *      읽기 전에 크기를 알 수 있다
 *
 * 받는 소켓은 127.0.0.1의 임시 포트, 보내는 소켓은 bind 하지 않는다. recv는 블로킹이지만 SO_RCVTIMEO
 * 5초로 멈추지 않게 했다. 루프백에서는 데이터그램을 잃지 않고 순서도 지키지만, 진짜 네트워크에서는 UDP가
 * 잃기도, 뒤바꾸기도, 두 번 주기도 한다.
 *
 * 실행 (make 09-inet-socket 뒤, 09-inet-socket 디렉터리에서):
 *   ./experiments/datagram_boundaries
 *
 * 출력:
 *   boundaries: 3 sendto (3, 5, 1 bytes) -> 3 recv: "AAA" (3) "BBBBB" (5) "C" (1)
 *   truncation: a 10-byte datagram into a 4-byte buffer -> "0123", MSG_TRUNC set; the next recv gets "next"
 *   MSG_TRUNC flag: recv returned 10 (the real length) and filled 4 bytes: "0123"
 *
 * 읽을 man 페이지: man 7 udp, man 2 recv (MSG_TRUNC), man 2 recvmsg, man 7 socket (SO_RCVTIMEO)
 */
#define _GNU_SOURCE /* recv의 flags에 주는 MSG_TRUNC는 리눅스의 뜻이다 */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "exp.h"

int main(int argc, char *argv[])
{
    no_args(argc, argv, "datagram_boundaries", "UDP keeps each sendto as one datagram; a small buffer truncates it");
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t tolen = sizeof to;
    struct timeval five = {.tv_sec = 5};
    int r = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0); /* 받는 쪽: 127.0.0.1:임시 포트 */
    if (r == -1 || bind(r, (struct sockaddr *)&to, tolen) == -1 || getsockname(r, (struct sockaddr *)&to, &tolen) == -1)
        die("receiver");
    if (setsockopt(r, SOL_SOCKET, SO_RCVTIMEO, &five, sizeof five) == -1)
        die("setsockopt(SO_RCVTIMEO)");
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0); /* 보내는 쪽: bind 하지 않는다 */
    if (s == -1)
        die("socket");

    /* 1. 경계: 세 번 보내고, 세 번 받는다. 버퍼(64)는 어느 데이터그램보다 크다 */
    const char *msgs[] = {"AAA", "BBBBB", "C"};
    for (int i = 0; i < 3; i++)
        if (sendto(s, msgs[i], strlen(msgs[i]), 0, (struct sockaddr *)&to, tolen) != (ssize_t)strlen(msgs[i]))
            die("sendto");
    printf("boundaries: 3 sendto (3, 5, 1 bytes) -> 3 recv:");
    char buf[64];
    for (int i = 0; i < 3; i++) {
        ssize_t n = recv(r, buf, sizeof buf, 0); /* 데이터그램 하나. 이어 붙이지 않는다 */
        if (n == -1)
            die("recv");
        printf(" \"%.*s\" (%zd)", (int)n, buf, n);
    }
    printf("\n");

    /* 2. 잘림: 10바이트를 4바이트 버퍼로. recvmsg는 잘렸다는 사실을 msg_flags로 알려 준다 */
    if (sendto(s, "0123456789", 10, 0, (struct sockaddr *)&to, tolen) != 10 ||
        sendto(s, "next", 4, 0, (struct sockaddr *)&to, tolen) != 4)
        die("sendto");
    char small[4];
    struct iovec iov = {.iov_base = small, .iov_len = sizeof small};
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
    ssize_t n = recvmsg(r, &mh, 0);
    if (n == -1)
        die("recvmsg");
    ssize_t m = recv(r, buf, sizeof buf, 0); /* 남은 "456789"가 아니라 다음 데이터그램이 온다 */
    if (m == -1)
        die("recv");
    printf("truncation: a 10-byte datagram into a 4-byte buffer -> \"%.*s\", MSG_TRUNC %s; the next recv gets \"%.*s\"\n",
           (int)n, small, (mh.msg_flags & MSG_TRUNC) ? "set" : "not set", (int)m, buf);

    /* 3. 리눅스의 MSG_TRUNC 플래그: 버퍼에는 4바이트만 채우고, 돌려주는 값은 데이터그램의 진짜 길이다 */
    if (sendto(s, "0123456789", 10, 0, (struct sockaddr *)&to, tolen) != 10)
        die("sendto");
    n = recv(r, small, sizeof small, MSG_TRUNC);
    if (n == -1)
        die("recv(MSG_TRUNC)");
    printf("MSG_TRUNC flag: recv returned %zd (the real length) and filled %zu bytes: \"%.*s\"\n", n, sizeof small,
           (int)sizeof small, small);
    close(s);
    close(r);
    return 0;
}
