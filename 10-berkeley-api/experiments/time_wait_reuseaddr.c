/*
 * 10-berkeley-api/experiments/time_wait_reuseaddr.c: 먼저 close한 쪽(active close)의 연결은 끝난 뒤에도
 * TIME_WAIT 상태로 2MSL(리눅스 60초) 동안 남아 그 포트를 잡는다. server가 먼저 끊고 곧바로 다시 뜨면
 * bind가 -1/EADDRINUSE다. 새 소켓에 SO_REUSEADDR를 주면 (옛 소켓도 그 옵션을 켰다면) bind가 된다.
 * TIME_WAIT는 "기다리기"로 만들지 않는다: 순서대로 닫고, 커널의 표(/proc/net/tcp)에서 상태를 확인한다.
 * NOTES.md 1.7절, 6절 "흔한 실수" ④, 8절 면접 질문.
 *
 * 실행 (10-berkeley-api 디렉터리에서): ./experiments/time_wait_reuseaddr
 * 출력:
 *   time_wait_reuseaddr: listening on 127.0.0.1:40123
 *   time_wait_reuseaddr: connect(4, 127.0.0.1:40123) = 0
 *   time_wait_reuseaddr: close(5) = 0      (server 쪽이 먼저 닫는다: FIN)
 *   time_wait_reuseaddr: client recv(4) = 0 (EOF)
 *   time_wait_reuseaddr: close(4) = 0
 *   time_wait_reuseaddr: close(3) = 0      (듣는 소켓도 닫았다: 포트를 쥔 것은 TIME_WAIT뿐)
 *   time_wait_reuseaddr: /proc/net/tcp: 127.0.0.1:40123 -> 127.0.0.1:51234 TIME_WAIT
 *   time_wait_reuseaddr: bind(3, 127.0.0.1:40123) = -1 EADDRINUSE (Address already in use)
 *   time_wait_reuseaddr: setsockopt(3, SOL_SOCKET, SO_REUSEADDR, 1) = 0
 *   time_wait_reuseaddr: bind(3, 127.0.0.1:40123) = 0
 *   time_wait_reuseaddr: listen(3, backlog=4) = 0
 *
 * 읽을 man 페이지: man 7 socket (SO_REUSEADDR), man 7 tcp (tcp_fin_timeout), man 8 ss (state time-wait),
 *                 man 5 proc (/proc/net/tcp: st 06 = TIME_WAIT)
 */
#define _GNU_SOURCE /* 짝과 같은 헤더를 쓴다 */

#include "../common.h"

/* /proc/net/tcp에 로컬 포트 port의 TIME_WAIT(st 06) 줄이 있으면 1. 주소는 16진수(리틀 엔디언 그대로)다. */
static int time_wait_on(unsigned port, unsigned *peer_port)
{
    FILE *f = fopen("/proc/net/tcp", "re"); /* 커널의 IPv4 TCP 소켓 표: 한 줄에 소켓 하나 */
    char line[256];
    unsigned lport, rport, st;
    int found = 0;
    if (f == NULL)
        die("fopen /proc/net/tcp");
    /* 줄의 모양: "  3: 0100007F:88D3 0100007F:C8A2 06 ..." = 번호: 로컬 주소:포트 원격 주소:포트 상태.
     * 포트는 16진수로 읽으면 그대로 포트 번호다. 상태 06이 TIME_WAIT (0A는 LISTEN, 01은 ESTABLISHED). */
    while (!found && fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, " %*d: %*x:%x %*x:%x %x", &lport, &rport, &st) == 3 && lport == port && st == 0x06) {
            *peer_port = rport;
            found = 1;
        }
    fclose(f);
    return found;
}

/* SO_REUSEADDR를 (reuse면) 켜고 bind. 결과를 찍고, 되면 fd를, 안 되면 소켓을 닫고 -1을 돌려준다. */
static int rebind(const struct sockaddr_in *a, int reuse)
{
    int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0); /* 새 소켓: 껐다 켠 server의 자리 */
    if (fd == -1)
        die("socket");
    if (reuse) /* bind "전에" 켜야 뜻이 있다: bind가 포트를 검사할 때 이 플래그를 본다 */
        must("setsockopt", setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one),
             "setsockopt(%d, SOL_SOCKET, SO_REUSEADDR, 1)", fd);
    if (said(bind(fd, (const struct sockaddr *)a, sizeof *a), "bind(%d, %s)", fd, addr_str(a)) == 0)
        return fd;
    close(fd);
    return -1;
}

int main(int argc, char *argv[])
{
    prog = "time_wait_reuseaddr";
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1) {
        fprintf(argc == 2 && strcmp(argv[1], "-h") == 0 ? stdout : stderr, "usage: time_wait_reuseaddr\n");
        return argc == 2 && strcmp(argv[1], "-h") == 0 ? 0 : 2;
    }
    /* 1. 짝의 server처럼 SO_REUSEADDR를 켠 듣는 소켓. accept한 소켓은 이 옵션을 물려받는다. */
    int one = 1, lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a, bound = {0};
    socklen_t len = sizeof bound;
    make_addr(&a, "127.0.0.1", 0);
    if (lfd == -1 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == -1 ||
        bind(lfd, (struct sockaddr *)&a, sizeof a) == -1 || listen(lfd, 4) == -1 ||
        getsockname(lfd, (struct sockaddr *)&bound, &len) == -1)
        die("listener");
    printf("%s: listening on %s\n", prog, addr_str(&bound));
    /* 연결 하나: cfd는 client 쪽, sfd는 accept한 server 쪽. 둘 다 이 프로세스가 쥔다 (순서를 정하려고) */
    int rc, cfd = connect_to(&bound, 0, &rc), sfd = accept(lfd, NULL, NULL);
    if (rc == -1 || sfd == -1)
        die("connect/accept");

    /* 2. server 쪽(sfd)이 먼저 닫는다: FIN을 보내는 쪽이 TIME_WAIT를 맡는다 */
    must("close", close(sfd), "close(%d)", sfd);
    char c;
    long n = recv(cfd, &c, 1, 0); /* client는 FIN을 받아 EOF를 보고, 제 FIN으로 답한다 */
    printf("%s: client recv(%d) = %ld (EOF)\n", prog, cfd, n);
    must("close", close(cfd), "close(%d)", cfd); /* 이 FIN을 받은 server 쪽이 TIME_WAIT로 간다 */
    must("close", close(lfd), "close(%d)", lfd); /* 듣는 소켓도 닫는다: 이제 포트를 쥔 것은 TIME_WAIT뿐 */

    /* 3. 커널의 표에서 그 연결이 TIME_WAIT인지 본다. 루프백에서는 client의 FIN이 close 안에서 처리되므로
     *    보통 첫 번째에 보인다. 아주 드물게 늦어도 20 ms 간격으로 2초까지만 다시 본다. */
    unsigned peer = 0;
    for (int tries = 0; !time_wait_on(ntohs(bound.sin_port), &peer); tries++) {
        if (tries == 100) {
            fprintf(stderr, "%s: no TIME_WAIT entry for port %u\n", prog, (unsigned)ntohs(bound.sin_port));
            return 1;
        }
        poll(NULL, 0, 20);
    }
    printf("%s: /proc/net/tcp: %s -> 127.0.0.1:%u TIME_WAIT\n", prog, addr_str(&bound), peer);

    /* 4. 같은 포트에 다시: 옵션 없이는 EADDRINUSE, SO_REUSEADDR면 bind도 listen도 된다. 옛 소켓이 옵션
     *    없이 만들어졌다면 새 소켓의 SO_REUSEADDR로도 EADDRINUSE다 (리눅스: 두 쪽 다 켜야 한다). */
    if (rebind(&bound, 0) != -1)
        return 1; /* TIME_WAIT가 포트를 쥐고 있다면 여기로 오지 않는다 */
    int fd = rebind(&bound, 1); /* 옛 소켓(accept한 것)은 듣는 소켓의 SO_REUSEADDR를 물려받았다 */
    if (fd == -1)
        return 1;
    must("listen", listen(fd, 4), "listen(%d, backlog=4)", fd);
    close(fd);
    return 0;
}
