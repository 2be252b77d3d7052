/*
 * 09-inet-socket/client.c: 이름이나 주소와 포트로 TCP server에 connect 하고, stdin의 바이트를 그대로
 * 보내며 받은 바이트를 그대로 stdout에 쓴다 (nc와 같은 일). getaddrinfo가 준 주소를 하나씩 차례로
 * 해 본다: "localhost"가 ::1과 127.0.0.1 둘이면, ::1에서 거절당해도 127.0.0.1로 이어진다.
 * stdin이 끝나면 shutdown(SHUT_WR)으로 FIN을 보내고, server가 닫을 때(EOF)까지 답을 읽는다.
 *
 * 줄을 나누는 일은 server가 '\n'으로 한다. 이 client는 read가 준 덩어리를 그대로 보내므로
 * 반쪽 줄, 제어 문자, 아주 긴 줄도 보내 볼 수 있다. 어느 주소로 이어졌는지는 stderr에 알린다.
 *
 * 실행 (09-inet-socket 디렉터리에서, server를 띄운 뒤):
 *   echo hello | ./client                          OK hello (localhost 포트 9009)
 *   printf 'a\nb\n' | ./client -a ::1 -p 40000     OK a, OK b
 *   ./client -a example.invalid                    client: getaddrinfo example.invalid port 9009: Name or service not known
 *   디렉터리만 복사했다면: cc -o client client.c
 *
 * 출력 (stderr, 아무도 듣지 않는 포트):
 *   client: connect [127.0.0.1]:9009: Connection refused (nobody listens on that port)
 *   client: could not connect to localhost port 9009
 *
 * 읽을 man 페이지: man 3 getaddrinfo, man 3 gai_strerror, man 2 connect, man 2 shutdown, man 7 tcp
 */
#define _POSIX_C_SOURCE 200809L /* getaddrinfo, poll, sigaction: 이 client는 POSIX만으로 된다 */

#include <poll.h>
#include <signal.h>

#include "common.h"

/* connect가 실패한 까닭을 이 장의 말로 풀어 준다 */
static const char *connect_hint(int err)
{
    if (err == ECONNREFUSED) /* 상대 커널이 SYN에 RST로 답했다: 그 포트에서 listen 하는 소켓이 없다 */
        return "nobody listens on that port";
    if (err == ETIMEDOUT) /* SYN에 아무 답이 없었다: 방화벽이 버렸거나 그 주소에 컴퓨터가 없다 */
        return "no answer: a firewall, or no such computer";
    if (err == ENETUNREACH || err == EHOSTUNREACH || err == EADDRNOTAVAIL)
        return "no route there from this computer (for ::1: is IPv6 turned off?)";
    return "see man 2 connect";
}

int main(int argc, char *argv[])
{
    prog = "client"; /* die와 usage가 메시지 앞에 붙인다 */
    setvbuf(stdout, NULL, _IOLBF, 0); /* --help의 출력용. 받은 데이터는 write(2)로 곧바로 나간다 */
    const char *host = "localhost", *port = DEFAULT_PORT; /* -a, -p로 바꾼다 */
    parse_args(argc, argv, &host, &port, "stdin을 server에 그대로 보내고, 받은 답을 stdout에 쓴다. 한 줄에 답 한 줄.\n");

    /* server가 먼저 닫은 뒤에 쓰면 커널은 SIGPIPE(기본 동작: 조용히 종료)를 보낸다. 무시하면 write가
     * EPIPE로 실패하고, 아래에서 "client: write: Broken pipe"로 알린다. 다른 시그널은 기본 동작 그대로다:
     * 이 client는 지울 것을 만들지 않고, 소켓은 커널이 닫는다. */
    struct sigaction ign = {.sa_handler = SIG_IGN};
    if (sigaction(SIGPIPE, &ign, NULL) == -1)
        die("sigaction");

    /* 1. 이름을 주소 목록으로. AF_UNSPEC: IPv4와 IPv6를 다 달라. SOCK_STREAM: TCP만 (안 주면 같은 주소가
     *    STREAM, DGRAM, RAW로 세 번 온다). 숫자 주소("::1")도 이름도 같은 길로 간다. */
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *list = resolve(host, port, &hints);

    /* 2. 주소마다 소켓을 새로 만들어 connect 해 본다 (실패한 connect 뒤의 소켓은 다시 쓸 수 없다).
     *    첫 주소만 쓰면 "내 컴퓨터에서는 된다"가 된다: 목록의 순서는 /etc/hosts와 RFC 6724 규칙이 정한다.
     *    connect는 3-way handshake(SYN, SYN+ACK, ACK)가 끝나면 돌아온다. 아직 bind 하지 않은 소켓이므로
     *    커널이 이때 내 주소와 임시 포트를 붙인다. */
    int fd = -1; /* 이어진 소켓. -1이면 아직 아무 주소에도 이어지지 못했다 */
    char where[ADDR_TEXT];
    for (struct addrinfo *ai = list; ai != NULL && fd == -1; ai = ai->ai_next) {
        addr_text(ai->ai_addr, ai->ai_addrlen, where, sizeof where);
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd == -1) { /* IPv6가 없는 커널: EAFNOSUPPORT. 다음 주소로 */
            fprintf(stderr, "client: socket %s: %s\n", where, strerror(errno));
            continue;
        }
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            fprintf(stderr, "client: connected to %s\n", where);
            break;
        }
        int err = errno;
        fprintf(stderr, "client: connect %s: %s (%s)\n", where, strerror(err), connect_hint(err));
        close(fd); /* 실패한 connect 뒤의 TCP 소켓은 다시 쓸 수 없다 (POSIX: 상태가 정해지지 않는다) */
        fd = -1;
    }
    freeaddrinfo(list); /* 목록은 connect 할 때까지만 필요하다 */
    if (fd == -1) {
        fprintf(stderr, "client: could not connect to %s port %s\n", host, port);
        return 1;
    }

    /* 3. 두 방향을 poll 하나로 지켜본다. "다 보내고 나서 읽기"로 하면, 보낼 것이 많을 때 server의 답이
     *    쌓여 양쪽 버퍼가 모두 차고 서로를 기다리며 멈출 수 있다. fd가 음수인 칸은 poll이 건너뛴다. */
    struct pollfd p[2] = {{.fd = STDIN_FILENO, .events = POLLIN}, {.fd = fd, .events = POLLIN}};
    char buf[4096]; /* 덩어리의 크기는 아무래도 좋다: server의 read는 이 경계를 알 길이 없다 */
    for (;;) {
        if (poll(p, 2, -1) == -1) {
            if (errno == EINTR)
                continue;
            die("poll");
        }
        if (p[0].revents != 0) { /* POLLHUP만 온 경우(쓰는 쪽이 닫힌 파이프)도 read가 0을 준다 */
            ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
            if (n == -1)
                die("read (stdin)");
            if (n > 0 && write_all(fd, buf, (size_t)n) == -1)
                die("write");
            /* stdin이 끝났다: close가 아니라 shutdown(SHUT_WR). FIN을 보내 server의 read가 0(EOF)을 받게
             * 하고, 받는 방향은 열어 두어 남은 답을 끝까지 읽는다 (반쯤 닫기, half-close). */
            /* ENOTCONN: 그새 RST가 와 연결이 이미 끊겼다. 그때는 끝내지 않고, 이미 받은 답을 아래에서 마저 읽는다 */
            if (n == 0 && shutdown(fd, SHUT_WR) == -1 && errno != ENOTCONN)
                die("shutdown");
            if (n == 0)
                p[0].fd = -1; /* stdin은 더 보지 않는다 */
        }
        if (p[1].revents != 0) {
            ssize_t n = read(fd, buf, sizeof buf);
            if (n == -1)
                die("read"); /* ECONNRESET: server가 우리가 보낸 것을 다 읽지 않은 채 닫았다 (RST) */
            if (n == 0)
                break; /* server가 닫았다 (FIN) */
            if (write_all(STDOUT_FILENO, buf, (size_t)n) == -1)
                die("write (stdout)");
        }
    }

    /* 4. server가 먼저 닫았는데 우리는 아직 보낼 것이 있었다면 대화가 끝난 것이 아니다 (너무 긴 줄이라
     *    끊었거나, server가 SIGTERM으로 끝났다). 상태 1로 알린다. */
    if (p[0].fd != -1) {
        fprintf(stderr, "client: the server closed the connection\n");
        return 1;
    }
    close(fd); /* 커널이 소켓을 치운다. 먼저 닫은 server 쪽에 TIME_WAIT이 남는다 */
    return 0;
}
