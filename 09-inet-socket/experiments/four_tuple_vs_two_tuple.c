/*
 * 09-inet-socket/experiments/four_tuple_vs_two_tuple.c: TCP 연결은 (내 IP, 내 포트, 상대 IP, 상대 포트) 네
 * 값으로 갈린다. client 둘이 같은 server 포트에 connect 하면 accept가 소켓 둘을 주고, 둘의 내 포트는
 * 같으며 상대 포트만 다르다. 커널은 들어온 세그먼트를 네 값으로 맞는 소켓에 넣는다: 각 소켓은 제
 * client의 바이트만 읽는다. UDP 소켓은 (내 IP, 내 포트) 둘로만 갈린다: 소켓 하나가 아무 보낸 이의
 * 데이터그램이나 받고, 누가 보냈는지는 recvfrom이 데이터그램마다 알려 준다. NOTES.md 1.4 "연결과 4-튜플".
 *
 * 실행 (make 09-inet-socket 뒤, 09-inet-socket 디렉터리에서):
 *   ./experiments/four_tuple_vs_two_tuple
 *
 * 출력 (포트와 fd 번호는 실행마다 다르다):
 *   tcp: accepted fd 5: local 127.0.0.1:40001 peer 127.0.0.1:52000 reads "client 1"
 *   tcp: accepted fd 6: local 127.0.0.1:40001 peer 127.0.0.1:52002 reads "client 2"
 *   udp: socket fd 7 (127.0.0.1:40002) got "sender 1" from 127.0.0.1:39000
 *   udp: socket fd 7 (127.0.0.1:40002) got "sender 2" from 127.0.0.1:39001
 *
 * 읽을 man 페이지: man 7 tcp, man 7 udp, man 2 accept, man 2 getpeername, man 2 recvfrom
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "exp.h"

/* 주소를 "a.b.c.d:port"로 */
static const char *text(const struct sockaddr_in *a, char *out, size_t outlen)
{
    char ip[INET_ADDRSTRLEN];
    snprintf(out, outlen, "%s:%u", inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip), (unsigned)ntohs(a->sin_port));
    return out;
}

/* 127.0.0.1:임시 포트에 bind 한 소켓. 고른 주소는 *a에 */
static int bound_socket(int type, struct sockaddr_in *a)
{
    socklen_t alen = sizeof *a;
    *a = (struct sockaddr_in){.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
    if (fd == -1 || bind(fd, (struct sockaddr *)a, alen) == -1 || getsockname(fd, (struct sockaddr *)a, &alen) == -1)
        die("socket/bind");
    return fd;
}

int main(int argc, char *argv[])
{
    no_args(argc, argv, "four_tuple_vs_two_tuple", "TCP: one socket per connection; UDP: one socket, recvfrom names the sender");
    struct timeval five = {.tv_sec = 5}; /* 어느 read도 5초 넘게 멈추지 않게 */
    char a[32], b[32], buf[64];

    /* TCP: client 둘이 먼저 connect 하고 제 이름을 쓴다 (커널이 handshake를 끝내 큐에 둔다). 그다음 accept */
    struct sockaddr_in srv;
    int lfd = bound_socket(SOCK_STREAM, &srv);
    if (listen(lfd, 8) == -1)
        die("listen");
    const char *names[] = {"client 1", "client 2"};
    int cfd[2];
    for (int i = 0; i < 2; i++) {
        cfd[i] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0); /* bind 없이: connect가 임시 포트를 붙인다 */
        if (cfd[i] == -1 || connect(cfd[i], (struct sockaddr *)&srv, sizeof srv) == -1)
            die("connect");
        if (write(cfd[i], names[i], strlen(names[i])) != (ssize_t)strlen(names[i]))
            die("write");
    }
    for (int i = 0; i < 2; i++) {
        struct sockaddr_in me, peer;
        socklen_t melen = sizeof me, plen = sizeof peer;
        int s = accept(lfd, (struct sockaddr *)&peer, &plen); /* 연결마다 새 소켓 */
        if (s == -1 || getsockname(s, (struct sockaddr *)&me, &melen) == -1)
            die("accept/getsockname");
        if (setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &five, sizeof five) == -1)
            die("setsockopt");
        ssize_t n = read(s, buf, sizeof buf); /* 이 연결의 바이트만: 다른 client의 것은 섞이지 않는다 */
        if (n == -1)
            die("read");
        printf("tcp: accepted fd %d: local %s peer %s reads \"%.*s\"\n", s, text(&me, a, sizeof a), text(&peer, b, sizeof b),
               (int)n, buf);
    }

    /* UDP: 보내는 소켓 둘, 받는 소켓 하나. 받는 소켓에는 connect도 accept도 없다 */
    struct sockaddr_in usrv;
    int u = bound_socket(SOCK_DGRAM, &usrv);
    if (setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &five, sizeof five) == -1)
        die("setsockopt");
    const char *senders[] = {"sender 1", "sender 2"};
    for (int i = 0; i < 2; i++) {
        int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0); /* 첫 sendto에서 임시 포트가 붙는다 */
        if (s == -1 || sendto(s, senders[i], strlen(senders[i]), 0, (struct sockaddr *)&usrv, sizeof usrv) == -1)
            die("sendto");
        struct sockaddr_in from;
        socklen_t fromlen = sizeof from;
        ssize_t n = recvfrom(u, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
        if (n == -1)
            die("recvfrom");
        printf("udp: socket fd %d (%s) got \"%.*s\" from %s\n", u, text(&usrv, a, sizeof a), (int)n, buf,
               text(&from, b, sizeof b));
        close(s);
    }
    return 0; /* 남은 소켓은 exit가 닫는다 */
}
