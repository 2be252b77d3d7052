/*
 * 09-inet-socket/experiments/time_wait_reuseaddr.c: 먼저 닫은 쪽의 TCP 연결은 TIME_WAIT으로 남고, 그동안
 * 같은 포트에 bind 하면 EADDRINUSE 다. SO_REUSEADDR가 그것을 풀어 준다. 다만 리눅스에서는 예전 server도
 * SO_REUSEADDR 였어야 한다: TIME_WAIT 소켓은 그 연결을 받은 듣는 소켓의 설정을 물려받는다. 그래서 server는
 * 늘, 처음부터 켠다. NOTES.md 1.4 "TIME_WAIT과 SO_REUSEADDR".
 *
 * 한 판: 127.0.0.1:임시 포트에서 listen, 스스로 connect, accept 한 소켓을 server가 먼저 닫는다 (능동 닫기:
 * FIN을 먼저 보낸 쪽이 TIME_WAIT으로 간다). client가 EOF를 읽고 닫으면 server 쪽 연결은 TIME_WAIT이
 * 된다 (/proc/net/tcp의 상태 06을 5초까지 기다린다: sleep으로 어림하지 않는다). 듣는 소켓도 닫은 뒤, 새
 * 소켓 둘이 같은 포트에 bind 해 본다: SO_REUSEADDR 없이, 그리고 켜고. 이 판을 예전 server의 설정만 바꿔
 * 두 번 한다. TIME_WAIT은 2 x MSL (리눅스는 60초) 뒤에 사라진다.
 *
 * 실행 (make 09-inet-socket 뒤, 09-inet-socket 디렉터리에서):
 *   ./experiments/time_wait_reuseaddr
 *   ss -tan state time-wait             (곧바로 다른 터미널에서: 남은 연결의 네 값이 보인다)
 *
 * 출력 (포트는 실행마다 다르다):
 *   old server without SO_REUSEADDR: 127.0.0.1:40001 in TIME_WAIT; a new bind without SO_REUSEADDR: Address already in use; with: Address already in use
 *   old server with SO_REUSEADDR:    127.0.0.1:40003 in TIME_WAIT; a new bind without SO_REUSEADDR: Address already in use; with: ok
 *
 * 읽을 man 페이지: man 7 socket (SO_REUSEADDR), man 7 tcp (tcp_fin_timeout, TIME_WAIT), man 5 proc (/proc/net/tcp)
 */
#define _POSIX_C_SOURCE 200809L /* nanosleep */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "exp.h"

/* /proc/net/tcp에 내 포트가 port이고 상태가 06(TIME_WAIT)인 연결이 있는가 */
static int in_time_wait(unsigned port)
{
    FILE *f = fopen("/proc/net/tcp", "re");
    if (f == NULL)
        die("fopen /proc/net/tcp");
    char line[256];
    unsigned lport, st;
    int found = 0;
    while (!found && fgets(line, sizeof line, f) != NULL) /* "sl local_address rem_address st ...", 16진수 */
        found = sscanf(line, " %*d: %*x:%x %*x:%*x %x", &lport, &st) == 2 && lport == port && st == 0x06;
    fclose(f);
    return found;
}

/* 같은 주소에 새 소켓을 bind 해 보고 결과를 글로 ("ok" 또는 strerror) */
static const char *try_bind(const struct sockaddr_in *a, int reuse)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd == -1 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse) == -1)
        die("socket/setsockopt");
    const char *r = bind(fd, (const struct sockaddr *)a, sizeof *a) == 0 ? "ok" : strerror(errno);
    close(fd);
    return r;
}

static void round_with(int old_reuse)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (lfd == -1 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &old_reuse, sizeof old_reuse) == -1 ||
        bind(lfd, (struct sockaddr *)&a, alen) == -1 || listen(lfd, 1) == -1 ||
        getsockname(lfd, (struct sockaddr *)&a, &alen) == -1)
        die("listening socket");
    int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c == -1 || connect(c, (struct sockaddr *)&a, alen) == -1)
        die("connect");
    int s = accept(lfd, NULL, NULL);
    if (s == -1)
        die("accept");
    close(s); /* server가 먼저 닫는다: FIN을 먼저 보낸 쪽이 TIME_WAIT을 떠안는다 */
    char b;
    if (read(c, &b, 1) != 0) /* client는 EOF를 본다 */
        die("read (expected EOF)");
    close(c); /* client의 FIN: server 쪽은 FIN_WAIT2에서 TIME_WAIT으로 */
    close(lfd);
    unsigned port = ntohs(a.sin_port);
    for (int tries = 0; !in_time_wait(port); tries++) { /* 루프백에서는 곧바로지만, 5초까지 본다 */
        if (tries == 500) {
            errno = ETIMEDOUT;
            die("no TIME_WAIT connection appeared in /proc/net/tcp");
        }
        nanosleep(&(struct timespec){.tv_nsec = 10000000}, NULL); /* 10 ms 쉬고 다시 본다 */
    }
    printf("old server %-21s 127.0.0.1:%u in TIME_WAIT; a new bind without SO_REUSEADDR: %s; with: %s\n",
           old_reuse ? "with SO_REUSEADDR:" : "without SO_REUSEADDR:", port, try_bind(&a, 0), try_bind(&a, 1));
}

int main(int argc, char *argv[])
{
    no_args(argc, argv, "time_wait_reuseaddr", "the side that closes first keeps TIME_WAIT; SO_REUSEADDR lets a new server bind");
    round_with(0);
    round_with(1);
    return 0;
}
