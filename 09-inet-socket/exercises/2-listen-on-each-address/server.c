/*
 * 09-inet-socket 연습 2의 server.c (빈칸 채우기): 09장의 server에서 듣는 소켓을 만드는 두 곳을 비웠다.
 * TODO 1 (listen_on)과 TODO 2 (main의 getaddrinfo 결과 돌기)를 채운다 (README.md). 채우기 전에도 빌드는
 * 되지만, 돌리면 듣는 소켓이 없어 곧바로 끝난다.
 *
 * 빌드와 실행 (이 디렉터리에서):
 *   cc -o server server.c && cc -o client client.c
 *   ./server -p 0                               server: ready on [::]:41234 (IPv6 and IPv4) (pid ...)
 *   echo hi | ./client -p 41234                 OK hi
 *
 * 읽을 man 페이지: man 3 getaddrinfo, man 7 ipv6 (IPV6_V6ONLY), man 7 socket (SO_REUSEADDR), man 2 bind
 */
#define _GNU_SOURCE /* accept4, ppoll은 리눅스 확장이다 */

#include <netinet/in.h>
#include <poll.h>
#include <signal.h>

#include "common.h"

#define MAX_CLIENTS 128

/* 연결된 client 하나. 스트림에는 경계가 없으므로 아직 '\n'이 오지 않은 줄의 앞부분을 여기 모은다. */
struct client {
    int fd;                            /* accept가 준, 이 client 와만 연결된 소켓 */
    char name[ADDR_TEXT];              /* "[주소]:포트": 연결은 (내 주소, 내 포트, 상대 주소, 상대 포트) */
    size_t len;                        /* buf에 모인 바이트 수 */
    char buf[LINE_MAX_BYTES];
};

static volatile sig_atomic_t stop_signal; /* 받은 SIGINT/SIGTERM/SIGHUP. 핸들러는 이것만 적는다 */

static void on_signal(int signo)
{
    stop_signal = signo;
}

/* poll이 c에 읽을 것(또는 EOF)이 있다고 했다. 읽고, 완성된 줄마다 답한다. -1이면 끊는다. */
static int serve(struct client *c)
{
    ssize_t got = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
    if (got == -1 && errno == EAGAIN)
        return 0; /* 논블로킹 소켓: 읽을 것이 벌써 없다. poll로 돌아간다 */
    /* 0은 EOF (client가 close 또는 shutdown(SHUT_WR): FIN이 왔다), -1은 ECONNRESET (RST가 왔다) 같은
     * 오류다. 어느 쪽이든 마지막 '\n' 뒤의 반쪽 줄은 답할 수 없으니 버린다. */
    if (got <= 0) {
        printf("server: %s left (%s, %zu bytes of a partial line dropped)\n", c->name, got ? strerror(errno) : "EOF",
               c->len);
        return -1;
    }
    /* read 한 번이 돌려주는 것은 client의 write 한 번이 아니다: 반쪽 줄일 수도, 여러 줄일 수도 있다 */
    c->len += (size_t)got;
    char *start = c->buf, *end = c->buf + c->len, *nl;
    for (; (nl = memchr(start, '\n', (size_t)(end - start))) != NULL; start = nl + 1) {
        /* 완성된 줄마다 "OK <그 줄>\n". 답도 줄이다: client는 '\n'으로 답의 끝을 안다. 바이트는 무엇이든
         * (NUL도) 그대로 되돌려 준다. 다 쓰면 커널의 보내는 버퍼에 들어간 것이고, 나머지는 TCP가 맡는다. */
        char reply[3 + LINE_MAX_BYTES] = "OK ";
        memcpy(reply + 3, start, (size_t)(nl - start) + 1); /* 줄과 끝의 '\n' */
        if (write_all(c->fd, reply, (size_t)(nl - start) + 4) == -1) { /* 떠난 client: EPIPE, ECONNRESET */
            printf("server: %s: write: %s: disconnected\n", c->name, strerror(errno)); /* 읽지 않는 client: EAGAIN */
            return -1;
        }
    }
    c->len = (size_t)(end - start); /* 남은 반쪽 줄을 버퍼 앞으로 옮겨 다음 read를 기다린다 */
    memmove(c->buf, start, c->len);
    if (c->len < sizeof c->buf)
        return 0;
    printf("server: %s sent a line over %d bytes: disconnected\n", c->name, LINE_MAX_BYTES - 1);
    write_all(c->fd, "ERR line too long\n", 18); /* 실패해도 어차피 끊는다 */
    /* 받는 큐를 (16 KiB까지) 비운 뒤에 닫는다: 읽지 않은 바이트를 남기고 close 하면 커널은 FIN 대신 RST를 보내고,
     * 아직 내보내지 못한 ERR 줄까지 버린다. 논블로킹 fd라 큐가 비면 EAGAIN으로 멈춘다. */
    for (int k = 0; k < 64 && read(c->fd, c->buf, sizeof c->buf) > 0; k++) {}
    return -1;
}

/* 주소 하나에서 듣는 소켓을 *fd에 만든다. 성공하면 NULL, 실패하면 실패한 호출의 이름 (errno가 까닭,
 * *fd가 -1이 아니면 부른 쪽이 닫는다). */
static const char *listen_on(const struct addrinfo *ai, int *fd)
{
    /*
     * TODO 1: ai가 알려 주는 family, socktype, protocol로 소켓을 만들어 *fd에 둔다 (type에는 SOCK_CLOEXEC와
     * SOCK_NONBLOCK을 더한다). 그다음 차례로:
     *   1) SO_REUSEADDR를 켠다 (bind 전에: NOTES 1.4절의 TIME_WAIT)
     *   2) ai가 AF_INET6이면 IPV6_V6ONLY를 0으로 둔다 (듀얼 스택: NOTES 1.2절)
     *   3) bind   4) listen (backlog는 SOMAXCONN)
     * 어느 단계가 실패하면 그 호출의 이름을 돌려준다: "socket", "setsockopt(SO_REUSEADDR)",
     * "setsockopt(IPV6_V6ONLY)", "bind", "listen" (errno는 그대로 둔다). 모두 되면 NULL.
     */
    (void)ai;
    *fd = -1;
    errno = ENOSYS;
    return "socket";
}

int main(int argc, char *argv[])
{
    prog = "server"; /* die와 usage가 메시지 앞에 붙인다 */
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파일로 읽는다: 버퍼에 갇히지 않게 줄마다 */
    const char *host = NULL, *port = DEFAULT_PORT; /* host NULL + AI_PASSIVE = 모든 주소 (0.0.0.0, ::) */
    parse_args(argc, argv, &host, &port, "받은 줄마다 \"OK <줄>\"로 답한다. -a를 주면 그 주소에서만 듣는다. -p 0: 커널이 빈 포트를 고른다.\n");

    /* 1. 끝내는 시그널은 막아 두고 ppoll 안에서만 푼다: 플래그를 본 뒤 잠들기 전에 온 시그널도 잃지 않는다 */
    int stops[] = {SIGINT, SIGTERM, SIGHUP}; /* 셋 다 "끝내라": 정리하고 상태 0 */
    struct sigaction sa = {.sa_handler = on_signal};
    sigset_t blocked, waitmask;
    sigemptyset(&blocked); /* 막을 시그널의 집합 */
    for (int i = 0; i < 3; i++)
        if (sigaddset(&blocked, stops[i]) == -1 || sigaction(stops[i], &sa, NULL) == -1)
            die("sigaction"); /* SA_RESTART 없이: 잠든 ppoll이 EINTR로 깬다 */
    if (sigprocmask(SIG_BLOCK, &blocked, &waitmask) == -1)
        die("sigprocmask");
    for (int i = 0; i < 3; i++)
        sigdelset(&waitmask, stops[i]); /* 물려받은 마스크에서 이 셋만 뺀 것: ppoll 동안의 마스크 */
    /* 떠난 client에 쓰면 커널은 SIGPIPE(기본 동작: 종료)를 보낸다. 무시하면 write가 EPIPE를 준다 */
    if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
        die("signal(SIGPIPE)");

    /* 2. 주소 목록: AI_PASSIVE와 host NULL이면 "모든 주소"가 IPv4(0.0.0.0)와 IPv6(::) 두 개로 온다.
     *    IPv6를 먼저 해 보고(듀얼 스택 하나로 둘 다 받는다), 안 되면 IPv4로 물러선다. 소켓 둘(IPv4 하나,
     *    V6ONLY=1 인 IPv6 하나)로 해도 되지만, 포트 0이면 둘의 포트를 맞추는 일이 따로 든다. */
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE};
    struct addrinfo *list = resolve(host, port, &hints);
    int lfd = -1; /* 듣는 소켓 (listening socket): 연결을 받기만 하고 데이터는 나르지 않는다 */
    char where[ADDR_TEXT];
    /*
     * TODO 2: list를 돌며 listen_on()으로 듣는 소켓 하나를 lfd에 만든다.
     *   - AF_INET6 결과를 먼저 모두 해 보고, 그다음 나머지를 해 본다 (IPv6 소켓 하나가 IPv4도 받는다)
     *   - 실패한 주소마다 stderr에 "server: <실패한 호출> <주소>: <strerror(errno)>" 한 줄을 쓴다. 주소는
     *     addr_text(ai->ai_addr, ai->ai_addrlen, where, sizeof where)가 "[::]:0" 꼴로 만든다. listen_on이
     *     연 fd(-1이 아니면)는 닫고 lfd를 -1로 되돌린다
     *   - 하나가 되면 멈춘다. 하나도 안 되면 lfd는 -1로 남는다 (아래에서 상태 1로 끝난다)
     */
    (void)listen_on; /* TODO 2를 채우면 이 줄을 지운다 (아직 부르지 않는 함수라는 경고를 막을 뿐이다) */
    freeaddrinfo(list); /* getaddrinfo가 malloc 한 목록을 돌려준다 */
    if (lfd == -1)
        exit(1); /* 까닭은 위에서 주소마다 한 줄씩 알렸다 */
    /* 포트 0이었다면 커널이 고른 포트는 getsockname으로만 안다 */
    struct sockaddr_storage me = {.ss_family = AF_UNSPEC};
    socklen_t melen = sizeof me; /* 값-결과 인자: 들어갈 때 버퍼 크기, 나올 때 실제 크기 */
    if (getsockname(lfd, (struct sockaddr *)&me, &melen) == -1)
        die("getsockname"); /* 듣는 소켓에는 일어나지 않는다: 그래도 확인한다 */
    int any6 = me.ss_family == AF_INET6 && IN6_IS_ADDR_UNSPECIFIED(&((struct sockaddr_in6 *)&me)->sin6_addr);
    printf("server: ready on %s (%s) (pid %ld)\n", addr_text((struct sockaddr *)&me, melen, where, sizeof where),
           any6 ? "IPv6 and IPv4" : me.ss_family == AF_INET ? "IPv4 only" : "IPv6 only", (long)getpid());

    /* 3. 모든 소켓을 poll 하나로 기다린다. pfd[0]은 듣는 소켓(새 연결), pfd[1 + i]는 client i. */
    static struct client cl[MAX_CLIENTS]; /* 128 x 350바이트쯤: 스택 대신 정적 영역에 */
    struct pollfd pfd[1 + MAX_CLIENTS] = {{.fd = lfd}};
    int n = 0, limit = MAX_CLIENTS;
    while (!stop_signal) {
        pfd[0].events = n < limit ? POLLIN : 0; /* 자리가 없으면 새 연결은 커널의 큐에서 기다린다 */
        if (ppoll(pfd, 1 + (nfds_t)n, NULL, &waitmask) == -1) {
            if (errno == EINTR)
                continue; /* 핸들러가 돌았다: while이 stop_signal을 본다 */
            die("ppoll");
        }
        for (int i = n - 1; i >= 0; i--) /* 뒤에서부터: 끊은 자리에 맨 끝 client를 옮겨도 이미 본 것이다 */
            if (pfd[1 + i].revents != 0 && serve(&cl[i]) == -1) {
                close(cl[i].fd);
                limit = MAX_CLIENTS; /* fd 하나가 돌아왔다: 다시 받아 본다 */
                cl[i] = cl[--n];
                pfd[1 + i] = pfd[1 + n];
            }
        if (!(pfd[0].revents & POLLIN))
            continue;
        /* accept4: 큐에서 완성된 연결 하나를 꺼내 새 소켓을 준다. 모든 연결의 내 포트는 같다: 연결을
         * 가르는 것은 상대의 주소와 포트다. 새 소켓도 논블로킹: 읽지 않는 client 앞에서 잠들지 않는다. */
        struct sockaddr_storage peer;
        socklen_t plen = sizeof peer; /* 값-결과 인자: 들어갈 때 버퍼 크기, 나올 때 실제 크기 */
        int cfd = accept4(lfd, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (cfd == -1 && (errno == EMFILE || errno == ENFILE)) { /* fd가 바닥났다: 누가 떠날 때까지 받지 않는다 */
            printf("server: accept4: %s: %d clients for now\n", strerror(errno), limit = n);
            continue;
        }
        if (cfd == -1 && (errno == EAGAIN || errno == ECONNABORTED))
            continue; /* 큐가 벌써 비었다, 또는 꺼내기 전에 RST로 사라진 연결 */
        if (cfd == -1)
            die("accept4"); /* 그 밖의 오류는 듣는 소켓 자체가 잘못됐다 */
        struct client *c = &cl[n++]; /* 새 자리: 빈 버퍼 */
        *c = (struct client){.fd = cfd};
        addr_text((struct sockaddr *)&peer, plen, c->name, sizeof c->name); /* IPv4 client는 ::ffff:a.b.c.d */
        pfd[n] = (struct pollfd){.fd = cfd, .events = POLLIN}; /* 다음 ppoll부터 이 연결도 본다 */
        printf("server: %s connected, %d clients\n", c->name, n);
    }

    /* 4. 정리: 연결을 먼저 닫고 듣는 소켓을 닫는다. 먼저 닫은 쪽(여기서는 server)의 연결이 TIME_WAIT으로
     *    남는다: 바로 다시 띄울 수 있는 것은 SO_REUSEADDR 덕이다. 이 장은 파일 시스템에 남기는 것이 없다. */
    for (int i = 0; i < n; i++)
        close(cl[i].fd);
    close(lfd); /* 이제 이 포트로 오는 SYN에는 커널이 RST로 답한다 (ECONNREFUSED) */
    printf("server: %s: closed %d connections and the listening socket\n", strsignal(stop_signal), n);
    return 0;
}
