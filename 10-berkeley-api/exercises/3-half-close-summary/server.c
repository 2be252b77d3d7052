/*
 * 10-berkeley-api/exercises/3-half-close-summary/server.c: 연습 3의 시작 코드 (과제는 README.md).
 * 10장의 server.c 그대로다. EOF 뒤에 요약 한 줄을 보내도록 serve()를 늘린다.
 *
 * 10장의 server.c: TCP server의 버클리 소켓 호출을 하나씩 부르며, 부를 때마다 호출과 인자와
 * 커널이 돌려준 값을 한 줄로 찍는다: socket → setsockopt → bind → listen → (accept → recv/send → close)*.
 * client가 보낸 바이트를 대문자로 되돌려 주고, client가 보내기를 끝내면(EOF) 그 연결을 닫는다.
 * client는 한 번에 하나씩 받는다 (반복 server): 여럿을 한꺼번에 받는 server는 08장과 09장에 있다.
 *
 * 실행 (저장소 맨 위에서 make 10-berkeley-api, 또는 이 디렉터리만으로 cc -o server server.c):
 *   터미널 1: ./server                 127.0.0.1:40123에서 기다린다 (Ctrl-C로 끝낸다)
 *   터미널 2: ./client hello           "HELLO"를 돌려받는다
 *   ./server -p 0                      포트 0: 커널이 고른 임시 포트(ephemeral port)를 준비 줄에 찍는다
 * 출력:
 *   server: socket(AF_INET, SOCK_STREAM, 0) = 3
 *   server: getsockname(3) = 0.0.0.0:0
 *   server: setsockopt(3, SOL_SOCKET, SO_REUSEADDR, 1) = 0
 *   server: bind(3, 127.0.0.1:40123) = 0
 *   server: listen(3, backlog=4) = 0
 *   server: ready on 127.0.0.1:40123 (pid 4242)
 *   server: accept(3) = 4 from 127.0.0.1:51234
 *   server: getsockname(4) = 127.0.0.1:40123
 *   server: recv(4) = 5 "hello"
 *   server: send(4, "HELLO") = 5
 *   server: recv(4) = 0 (EOF: the client shut down its sending side)
 *   server: close(4) = 0
 *   server: SIGINT: stopping
 *   server: close(3) = 0
 *
 * 읽을 man 페이지: man 2 socket, man 2 bind, man 2 listen, man 2 accept, man 2 recv, man 2 send,
 *                 man 2 close, man 2 getsockname, man 7 ip, man 7 tcp, man 7 socket (SO_REUSEADDR)
 */
#define _GNU_SOURCE /* ppoll(): 리눅스에서 왔다 (POSIX.1-2024에 들어갔다). MSG_NOSIGNAL, MSG_DONTWAIT */

#include <ctype.h>

#include "common.h"

#define BACKLOG 4 /* 커널이 accept를 기다리며 쌓아 둘 완성된 연결의 수 (리눅스는 이보다 하나 더) */

static volatile sig_atomic_t stop_signal; /* 받은 SIGINT/SIGTERM/SIGHUP. 핸들러는 이것만 적는다 */
static sigset_t wait_mask;                /* ppoll이 잠든 동안의 마스크: 세 시그널이 풀려 있다 */

static void on_signal(int sig)
{
    stop_signal = sig;
}

static int usage(FILE *to, int status)
{
    fprintf(to, "usage: server [-a IPV4_ADDRESS] [-p PORT]   (default %s %d; port 0: the kernel picks one)\n",
            DEFAULT_ADDR, DEFAULT_PORT);
    if (status == 0)
        printf("Prints every socket call it makes, accepts one client at a time and sends back\n"
               "what it reads in upper case. Stops on SIGINT, SIGTERM and SIGHUP.\n");
    return status;
}

/*
 * fd가 events(POLLIN/POLLOUT)가 될 때까지 잔다. 1이면 준비됐고, 0이면 멈추라는 시그널이 왔다.
 * 세 시그널은 main이 차단해 두었다: ppoll이 잠든 동안에만 풀리므로 "플래그를 보고 잠드는" 틈에
 * 온 시그널도 잃지 않는다 (04장 1.6절). 그래서 accept, recv, send는 기다리지 않을 때만 부른다.
 */
static int wait_for(int fd, short events)
{
    struct pollfd p = {.fd = fd, .events = events};
    while (!stop_signal) {
        if (ppoll(&p, 1, NULL, &wait_mask) >= 0)
            return 1; /* 준비됨, 또는 POLLERR/POLLHUP: 다음 호출이 까닭을 돌려준다 */
        if (errno != EINTR)
            die("ppoll");
    }
    return 0;
}

/* n바이트를 모두 보낸다. 스트림의 send는 일부만 받고 돌아올 수 있다. -1이면 그 연결을 버린다. */
static int send_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        if (!wait_for(fd, POLLOUT))
            return -1;
        /* MSG_NOSIGNAL: 떠난 client에게 보내도 SIGPIPE(기본 동작: 종료) 대신 -1/EPIPE.
         * MSG_DONTWAIT: 보내는 버퍼가 차 있으면 잠들지 않고 EAGAIN (그러면 다시 ppoll로). */
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w == -1 && (errno == EAGAIN || errno == EINTR))
            continue;
        said(w, "send(%d, %s)", fd, quoted(p, n));
        if (w == -1)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* 연결 하나와 대화한다: client가 보내기를 끝낼 때(EOF)까지 받은 바이트를 대문자로 되돌려 준다. */
static void serve(int cfd)
{
    char buf[256];
    while (wait_for(cfd, POLLIN)) {
        /* recv는 도착해 있는 만큼만 준다: client의 send 한 번과 recv 한 번은 짝이 아니다 */
        ssize_t n = recv(cfd, buf, sizeof buf, 0);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == 0) { /* EOF: client가 close 또는 shutdown(SHUT_WR) 했다. 받는 방향은 아직 열려 있다 */
            printf("%s: recv(%d) = 0 (EOF: the client shut down its sending side)\n", prog, cfd);
            return;
        }
        if (n == -1) { /* ECONNRESET 같은 오류: 이 연결만 버린다. server는 다음 client를 받는다 */
            said(-1, "recv(%d)", cfd);
            return;
        }
        printf("%s: recv(%d) = %zd %s\n", prog, cfd, n, quoted(buf, (size_t)n));
        for (ssize_t i = 0; i < n; i++)
            buf[i] = (char)toupper((unsigned char)buf[i]); /* C 로캘: ASCII만 바뀐다 */
        if (send_all(cfd, buf, (size_t)n) == -1)
            return;
    }
}

int main(int argc, char *argv[])
{
    prog = "server";
    const char *ip = DEFAULT_ADDR;
    long port = DEFAULT_PORT;
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트와 demo.sh가 파일로 읽는다: 줄마다 내보낸다 */
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
        return usage(stdout, 0);
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 < argc && strcmp(argv[i], "-a") == 0)
            ip = argv[i + 1];
        else if (i + 1 < argc && strcmp(argv[i], "-p") == 0 && (port = parse_port(argv[i + 1])) >= 0)
            continue;
        else
            return usage(stderr, 2);
    }
    struct sockaddr_in addr;
    if (!make_addr(&addr, ip, (unsigned)port)) /* 이름("localhost")은 받지 않는다: getaddrinfo는 09장 */
        return usage(stderr, 2);

    /* 0. 시그널: 핸들러는 플래그만 적는다 (SA_RESTART 없음). 세 시그널을 차단하고 ppoll 안에서만 푼다. */
    struct sigaction sa = {.sa_handler = on_signal};
    sigset_t block;
    sigemptyset(&sa.sa_mask); /* 핸들러가 도는 동안 더 막을 시그널은 없다 */
    sigemptyset(&block);
    int stops[] = {SIGINT, SIGTERM, SIGHUP};
    for (int i = 0; i < 3; i++)
        if (sigaddset(&block, stops[i]) == -1 || sigaction(stops[i], &sa, NULL) == -1)
            die("sigaction");
    if (sigprocmask(SIG_BLOCK, &block, &wait_mask) == -1)
        die("sigprocmask");

    /*
     * 1. socket(domain, type, protocol): 커널 안에 소켓 객체를 만들고 그것을 가리키는 가장 작은 빈
     *    파일 디스크립터를 돌려준다. AF_INET = IPv4, SOCK_STREAM = 연결된 바이트 흐름, protocol 0 =
     *    그 둘에 맞는 기본값 (여기서는 IPPROTO_TCP, 6). 이 프로그램은 exec하지 않으므로 SOCK_CLOEXEC는
     *    없어도 새지 않는다 (exec하는 프로그램이면 SOCK_STREAM | SOCK_CLOEXEC, 03장).
     */
    int lfd = (int)must("socket", socket(AF_INET, SOCK_STREAM, 0), "socket(AF_INET, SOCK_STREAM, 0)");
    show_name(lfd, 0); /* 아직 주소가 없다: 0.0.0.0:0. 소켓은 만들 때 주소에 묶이지 않는다 */

    /*
     * 2. SO_REUSEADDR는 bind "전에": 끝난 연결이 TIME_WAIT로 이 포트를 잡고 있어도 bind를 허락한다.
     *    server를 껐다 곧바로 켤 때 필요하다. 살아서 listen 중인 소켓의 포트는 이것으로도 못 뺏는다.
     */
    int one = 1;
    must("setsockopt", setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one),
         "setsockopt(%d, SOL_SOCKET, SO_REUSEADDR, 1)", lfd);

    /*
     * 3. bind(fd, 주소, 주소의 크기): 소켓에 자기 쪽 주소(IP + 포트)를 붙인다. 세 번째 인자는 주소
     *    구조체의 크기(sizeof(struct sockaddr_in) = 16)다. 포트 0이면 커널이 임시 포트를 고른다.
     *    그 포트를 누가 쓰고 있으면 -1/EADDRINUSE.
     */
    must("bind", bind(lfd, (struct sockaddr *)&addr, sizeof addr), "bind(%d, %s)", lfd, addr_str(&addr));
    unsigned bound = show_name(lfd, 0); /* 포트 0을 줬다면 여기서 진짜 포트를 안다 */

    /*
     * 4. listen(fd, backlog): 이 소켓을 "연결을 받는 소켓"으로 바꾼다. 이제부터 커널이 client의 connect에
     *    답해 TCP 3-way handshake를 끝내고, 완성된 연결을 accept 큐에 쌓는다 (backlog개쯤, 최대 somaxconn).
     *    listen 전에 온 connect는 ECONNREFUSED를 받는다: 그래서 준비 줄은 여기서 찍는다.
     */
    must("listen", listen(lfd, BACKLOG), "listen(%d, backlog=%d)", lfd, BACKLOG);
    printf("server: ready on %s:%u (pid %ld)\n", ip, bound, (long)getpid());

    /*
     * 5. accept(fd, &주소, &길이): 큐에서 완성된 연결 하나를 꺼내, 그 client하고만 이어진 새 소켓(새 fd)을
     *    돌려준다. 듣는 소켓 lfd는 그대로 다음 연결을 받는다. 길이는 값-결과 인자다: 부르기 전에 버퍼
     *    크기로 "매번" 채우고, 돌아오면 커널이 적은 실제 크기(IPv4는 16)가 들어 있다.
     */
    while (wait_for(lfd, POLLIN)) {
        struct sockaddr_in peer = {0}; /* accept가 채운다 */
        socklen_t plen = sizeof peer;
        int cfd = accept(lfd, (struct sockaddr *)&peer, &plen);
        if (cfd == -1 && (errno == EINTR || errno == ECONNABORTED))
            continue; /* 꺼내기 전에 client가 끊었다: 다음 연결을 기다린다 */
        if (cfd == -1) { /* EMFILE 같은 다른 오류: 이 server는 더 나아갈 수 없다 */
            said(-1, "accept(%d)", lfd);
            die("accept");
        }
        printf("%s: accept(%d) = %d from %s\n", prog, lfd, cfd, addr_str(&peer));
        show_name(cfd, 0); /* 새 소켓의 자기 쪽 포트도 server의 포트다: 연결은 (내 주소, 상대 주소) 쌍이다 */
        serve(cfd);        /* 6. 주고받기 */
        /* 7. close: 이 연결의 fd를 닫는다. 마지막 fd라 커널이 FIN을 보내고, client는 EOF를 본다 */
        must("close", close(cfd), "close(%d)", cfd);
    }

    /* 8. 정리: 듣는 소켓을 닫는다. 커널은 포트를 놓고, 큐에 남아 accept되지 못한 연결에는 RST를 보낸다. */
    printf("server: %s: stopping\n", stop_signal == SIGINT ? "SIGINT" : stop_signal == SIGTERM ? "SIGTERM" : "SIGHUP");
    must("close", close(lfd), "close(%d)", lfd);
    return 0;
}
