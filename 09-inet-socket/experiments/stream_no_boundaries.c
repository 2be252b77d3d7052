/*
 * 09-inet-socket/experiments/stream_no_boundaries.c: TCP는 write의 경계를 나르지 않는다. client가
 * "AAA"와 "BBB"를 write 두 번으로 보내고 닫은 뒤에 server가 읽으면, read 한 번이 "AAABBB"를 준다.
 * 이어서 같은 두 메시지에 4바이트 길이 머리(네트워크 바이트 순서)를 붙여 보내면, 받는 쪽이 read_full로
 * 머리와 본문을 끝까지 읽어 두 메시지를 되찾는다. NOTES.md 1.3 "TCP에는 메시지 경계가 없다: 프레이밍".
 *
 * 한 프로세스가 두 끝을 다 쥔다: 127.0.0.1의 임시 포트에서 listen 하고, 스스로 connect 한다 (커널이
 * handshake를 끝내 주므로 accept 전에 connect와 write가 된다). 순서를 시간에 맡기지 않는다: client는
 * 다 쓰고 닫은 뒤, server는 FIN이 온 것(POLLRDHUP)을 본 뒤에 읽는다. FIN은 데이터 뒤에 오므로 그때는
 * 모든 바이트가 받는 큐에 있다.
 *
 * 실행 (make 09-inet-socket 뒤, 09-inet-socket 디렉터리에서):
 *   ./experiments/stream_no_boundaries
 *
 * 출력:
 *   raw:    2 writes ("AAA", "BBB") -> read 1: "AAABBB" (6 bytes), read 2: EOF
 *   framed: 2 messages -> "AAA" (3 bytes), "BBB" (3 bytes), then EOF at a message boundary
 *
 * 읽을 man 페이지: man 7 tcp, man 2 read, man 2 poll (POLLRDHUP), man 3 htonl
 */
#define _GNU_SOURCE /* POLLRDHUP은 리눅스 확장이다 */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>

#include "exp.h"

/* n 바이트를 다 읽는다. 0이면 그 전에 EOF (got에 읽은 수), 1이면 다 읽었다. read는 요청보다 적게
 * 줄 수 있다: 스트림에서 "n 바이트짜리 조각"을 얻는 길은 이렇게 되풀이하는 것뿐이다. */
static int read_full(int fd, char *p, size_t n, size_t *got)
{
    for (*got = 0; *got < n;) {
        ssize_t r = read(fd, p + *got, n - *got);
        if (r == -1 && errno == EINTR)
            continue;
        if (r == -1)
            die("read");
        if (r == 0)
            return 0;
        *got += (size_t)r;
    }
    return 1;
}

/* 듣는 소켓 lfd에 client로 connect 하고, bufs의 조각마다 write를 한 번씩 부른 뒤 닫는다. 그 다음에
 * accept 하고, FIN이 올 때까지 기다린 뒤 받은 쪽 소켓을 돌려준다. */
static int send_then_accept(int lfd, const struct sockaddr_in *addr, const char *bufs[], const size_t lens[], int k)
{
    int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c == -1 || connect(c, (const struct sockaddr *)addr, sizeof *addr) == -1)
        die("connect");
    for (int i = 0; i < k; i++) /* write 한 번 = 커널의 보내는 버퍼에 바이트를 더할 뿐이다 */
        if (write(c, bufs[i], lens[i]) != (ssize_t)lens[i])
            die("write");
    close(c); /* FIN: 데이터 뒤에 간다 */
    int s = accept(lfd, NULL, NULL);
    if (s == -1)
        die("accept");
    struct pollfd p = {.fd = s, .events = POLLRDHUP};
    if (poll(&p, 1, 5000) != 1) /* FIN을 받았다 = 앞선 모든 데이터가 받는 큐에 있다 */
        die("poll (no FIN within 5 s)");
    return s;
}

int main(int argc, char *argv[])
{
    no_args(argc, argv, "stream_no_boundaries", "two writes over TCP read as one; a 4-byte length prefix fixes it");
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)}; /* 포트 0 */
    socklen_t alen = sizeof addr;
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (lfd == -1 || bind(lfd, (struct sockaddr *)&addr, alen) == -1 || listen(lfd, 8) == -1 ||
        getsockname(lfd, (struct sockaddr *)&addr, &alen) == -1) /* 커널이 고른 포트를 addr에 */
        die("socket/bind/listen");

    /* 1. 경계 없이: write 두 번. 받는 쪽은 read 한 번에 둘을 붙여 받는다 */
    const char *raw[] = {"AAA", "BBB"};
    const size_t rawlen[] = {3, 3};
    int s = send_then_accept(lfd, &addr, raw, rawlen, 2);
    char buf[64];
    ssize_t n = read(s, buf, sizeof buf);
    ssize_t eof = read(s, buf + (n > 0 ? n : 0), sizeof buf - (size_t)(n > 0 ? n : 0));
    if (n == -1 || eof == -1)
        die("read");
    printf("raw:    2 writes (\"AAA\", \"BBB\") -> read 1: \"%.*s\" (%zd bytes), read 2: %s\n", (int)n, buf, n,
           eof == 0 ? "EOF" : "more data");
    close(s);

    /* 2. 프레이밍: 메시지마다 4바이트 길이(htonl: 네트워크 바이트 순서 = 빅 엔디언) + 본문. 여기서도 write는
     *    조각마다 한 번씩, 모두 4번이다. 받는 쪽은 경계를 스트림이 아니라 머리에서 읽는다. */
    uint32_t h1 = htonl(3), h2 = htonl(3);
    const char *framed[] = {(const char *)&h1, "AAA", (const char *)&h2, "BBB"};
    const size_t framedlen[] = {4, 3, 4, 3};
    s = send_then_accept(lfd, &addr, framed, framedlen, 4);
    printf("framed: 2 messages ->");
    for (const char *sep = " ";; sep = ", ") {
        uint32_t len;
        size_t got;
        if (!read_full(s, (char *)&len, sizeof len, &got)) { /* 머리를 읽다가 EOF: 0 바이트면 깔끔한 끝 */
            printf(got == 0 ? ", then EOF at a message boundary\n" : ", then EOF inside a header\n");
            break;
        }
        len = ntohl(len);
        if (len > sizeof buf) { /* 믿을 수 없는 상대가 보낸 길이: 버퍼보다 크면 받지 않는다 */
            printf(" a length of %u is too big\n", (unsigned)len);
            break;
        }
        if (!read_full(s, buf, len, &got))
            die("EOF inside a message");
        printf("%s\"%.*s\" (%u bytes)", sep, (int)len, buf, (unsigned)len);
    }
    close(s);
    close(lfd);
    return 0;
}
