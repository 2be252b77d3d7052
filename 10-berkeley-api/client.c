/*
 * 10-berkeley-api/client.c: TCP client의 버클리 소켓 호출을 하나씩 부르며, 부를 때마다 호출과 인자와
 * 커널이 돌려준 값을 한 줄로 찍는다: socket → connect → send → shutdown(SHUT_WR) → recv ... 0 → close.
 * connect 앞뒤의 getsockname이 보이듯 client는 bind하지 않는다: connect가 임시 포트를 붙인다.
 *
 * 실행 (10-berkeley-api 디렉터리에서, server를 띄운 뒤):
 *   ./client                        "hello"를 127.0.0.1:40123에 보낸다
 *   ./client -p 40999 'two words'   다른 포트, 다른 TEXT
 *   디렉터리만 복사했다면: cc -o client client.c
 * 출력:
 *   client: socket(AF_INET, SOCK_STREAM, 0) = 3
 *   client: getsockname(3) = 0.0.0.0:0
 *   client: connect(3, 127.0.0.1:40123) = 0
 *   client: getsockname(3) = 127.0.0.1:51234
 *   client: getpeername(3) = 127.0.0.1:40123
 *   client: send(3, "hello") = 5
 *   client: shutdown(3, SHUT_WR) = 0
 *   client: recv(3) = 5 "HELLO"
 *   client: recv(3) = 0 (EOF: the server closed the connection)
 *   client: close(3) = 0
 * server가 없으면:
 *   client: connect(3, 127.0.0.1:40123) = -1 ECONNREFUSED (Connection refused)
 *   (stderr) client: connect: Connection refused
 *
 * 시그널: client는 이름 있는 객체를 만들지 않는다. SIGINT/SIGTERM/SIGHUP의 기본 동작(종료)으로 끝나도
 * 커널이 소켓을 닫아 server에게 FIN을 보내므로 남는 것이 없다. 그래서 핸들러를 달지 않는다.
 *
 * 읽을 man 페이지: man 2 connect, man 2 send, man 2 shutdown, man 2 recv, man 2 getsockname,
 *                 man 2 getpeername, man 7 ip, man 7 tcp
 */
#define _GNU_SOURCE /* MSG_NOSIGNAL: 리눅스(와 POSIX.1-2008)의 send 플래그 */

#include "common.h"

static int usage(FILE *to, int status)
{
    fprintf(to, "usage: client [-a IPV4_ADDRESS] [-p PORT] [TEXT]   (default %s %d \"hello\")\n", DEFAULT_ADDR,
            DEFAULT_PORT);
    if (status == 0)
        printf("Connects to the server, prints every socket call it makes, sends TEXT, shuts down its\n"
               "sending side and reads the answer until the server closes.\n");
    return status;
}

int main(int argc, char *argv[])
{
    prog = "client";
    const char *ip = DEFAULT_ADDR, *text = "hello";
    long port = DEFAULT_PORT;
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파일이나 파이프로 읽는다: 줄마다 내보낸다 */
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
        return usage(stdout, 0);
    int i = 1;
    for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
        if (strcmp(argv[i], "-a") == 0)
            ip = argv[i + 1];
        else if (strcmp(argv[i], "-p") != 0 || (port = parse_port(argv[i + 1])) < 1)
            return usage(stderr, 2); /* 포트 0으로는 connect할 수 없다 */
    }
    if (i < argc && argv[i][0] != '-')
        text = argv[i++];
    struct sockaddr_in addr;
    if (i != argc || *text == '\0' || !make_addr(&addr, ip, (unsigned)port))
        return usage(stderr, 2);

    /* 1. socket: server와 같은 세 인자. 만든 소켓에는 아직 주소가 없다 (getsockname이 0.0.0.0:0). */
    int fd = (int)must("socket", socket(AF_INET, SOCK_STREAM, 0), "socket(AF_INET, SOCK_STREAM, 0)");
    show_name(fd, 0);

    /*
     * 2. connect(fd, server 주소, 주소의 크기): 커널이 SYN을 보내고 SYN+ACK를 받아 ACK를 보낼 때까지
     *    (3-way handshake) 잔다. 그 전에 이 소켓에 임시 포트를 붙인다 (암묵적 bind). server가 아직
     *    accept하지 않았어도 handshake는 server의 커널이 끝내므로 connect는 돌아온다.
     *    그 포트에 listen하는 소켓이 없으면 상대 커널이 RST로 답하고 connect는 -1/ECONNREFUSED다.
     */
    must("connect", connect(fd, (struct sockaddr *)&addr, sizeof addr), "connect(%d, %s)", fd, addr_str(&addr));
    show_name(fd, 0); /* 이제 127.0.0.1:임시포트 */
    show_name(fd, 1); /* getpeername: 상대(server)의 주소 */

    /*
     * 3. send: 바이트를 이 소켓의 보내는 버퍼에 복사하고 돌아온다 (도착을 기다리지 않는다). 스트림은
     *    일부만 받을 수 있으니 다 보낼 때까지 되풀이한다. MSG_NOSIGNAL: 닫힌 연결이면 SIGPIPE 대신 EPIPE.
     */
    for (size_t off = 0, len = strlen(text); off < len;) {
        ssize_t w = send(fd, text + off, len - off, MSG_NOSIGNAL);
        must("send", w, "send(%d, %s)", fd, quoted(text + off, len - off));
        off += (size_t)w;
    }

    /*
     * 4. shutdown(SHUT_WR): 보내는 방향만 닫는다 (반쯤 닫기, half-close). 커널이 FIN을 보내 server의
     *    recv가 0(EOF)을 받는다: "더 보낼 것이 없다"는 뜻이다. 받는 방향은 열려 있어 답을 끝까지 읽는다.
     *    close였다면 답을 읽을 fd가 사라지고, 그 뒤에 온 답에는 커널이 RST로 답한다.
     */
    must("shutdown", shutdown(fd, SHUT_WR), "shutdown(%d, SHUT_WR)", fd);

    /* 5. recv: 도착한 만큼 받는다. server가 close하면 0(EOF). 몇 번에 나뉘어 올지는 정해져 있지 않다. */
    char buf[256];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == 0)
            break;
        if (n == -1)
            must("recv", n, "recv(%d)", fd); /* ECONNRESET: server가 읽지 않은 채 닫았다 */
        printf("%s: recv(%d) = %zd %s\n", prog, fd, n, quoted(buf, (size_t)n));
    }
    printf("%s: recv(%d) = 0 (EOF: the server closed the connection)\n", prog, fd);

    /* 6. close: fd를 놓는다. 두 쪽이 다 닫혔으니 커널은 먼저 FIN을 보낸 이 쪽의 연결을 TIME_WAIT로 잠시 둔다. */
    must("close", close(fd), "close(%d)", fd);
    return 0;
}
