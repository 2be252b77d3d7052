/*
 * 10-berkeley-api/experiments/backlog_queue.c: listen(fd, backlog)의 backlog는 accept를 기다리는 완성된
 * 연결의 큐 길이다. accept하지 않는 server에 논블로킹 connect를 하나씩 해 보면, 리눅스는 backlog + 1개까지
 * handshake를 끝내고 (큐가 "backlog보다 클 때" 가득 찼다고 본다), 그다음 SYN은 버린다: 그 client는
 * SYN_SENT로 남아 SYN을 다시 보내며 기다린다. 논블로킹 connect는 늘 -1/EINPROGRESS로 돌아오고, 끝났는지는
 * poll(POLLOUT)과 getsockopt(SO_ERROR)로 안다. 큐의 길이는 커널의 표(/proc/net/tcp, ss의 Recv-Q)에서 읽는다.
 * NOTES.md 1.4절, 5절 바로잡기 #38.
 *
 * 실행 (10-berkeley-api 디렉터리에서): ./experiments/backlog_queue [BACKLOG]   (기본 2, 1~16)
 * 출력 (BACKLOG 2):
 *   backlog_queue: listening on 127.0.0.1:40123
 *   backlog_queue: connect(4, 127.0.0.1:40123) = -1 EINPROGRESS (Operation now in progress)
 *   backlog_queue: client 1: established (SO_ERROR 0)
 *   ... client 2, 3: established
 *   backlog_queue: client 4: still waiting (SYN_SENT: its SYN was dropped)
 *   backlog_queue: client 5: still waiting (SYN_SENT: its SYN was dropped)
 *   backlog_queue: backlog 2: 3 established, 2 waiting; the accept queue holds 3 (/proc/net/tcp)
 *
 * 읽을 man 페이지: man 2 listen (backlog, somaxconn), man 2 connect (EINPROGRESS), man 7 tcp
 *                 (tcp_max_syn_backlog, tcp_syncookies, tcp_abort_on_overflow), man 8 ss
 */
#define _GNU_SOURCE /* SOCK_NONBLOCK, TCP_INFO: 리눅스 */

#include <netinet/tcp.h> /* struct tcp_info, TCP_SYN_SENT */

#include "../common.h"

/* /proc/net/tcp에서 로컬 포트 port의 LISTEN(st 0A) 줄의 rx_queue: 지금 accept 큐에 있는 연결 수 */
static int accept_queue(unsigned port)
{
    FILE *f = fopen("/proc/net/tcp", "re"); /* 줄마다: 번호: 로컬 원격 상태 tx_queue:rx_queue ... */
    char line[256];
    unsigned lport, st, rxq; /* LISTEN 소켓의 rx_queue는 받은 바이트가 아니라 accept 큐의 길이다 */
    int n = -1;
    if (f == NULL)
        die("fopen /proc/net/tcp");
    while (fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, " %*d: %*x:%x %*x:%*x %x %*x:%x", &lport, &st, &rxq) == 3 && lport == port && st == 0x0A)
            n = (int)rxq;
    fclose(f);
    return n;
}

int main(int argc, char *argv[])
{
    prog = "backlog_queue";
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    int backlog = argc == 2 ? atoi(argv[1]) : 2;
    if (argc > 2 || backlog < 1 || backlog > 16) {
        fprintf(argc == 2 && strcmp(argv[1], "-h") == 0 ? stdout : stderr, "usage: backlog_queue [BACKLOG 1..16]\n");
        return argc == 2 && strcmp(argv[1], "-h") == 0 ? 0 : 2;
    }
    struct sockaddr_in srv;
    int lfd = listener(backlog, &srv), established = 0, waiting = 0;
    (void)lfd; /* accept하지 않는다: 이 실험의 server는 큐를 비우지 않는다 */

    for (int i = 1; i <= backlog + 3; i++) {
        /* SOCK_NONBLOCK: connect가 handshake를 기다리지 않고 -1/EINPROGRESS로 곧바로 돌아온다.
         * 블로킹 connect였다면 버려진 SYN 앞에서 SYN을 다시 보내며 (기본 6번, 2분 넘게) 잤을 것이다. */
        int rc, fd = connect_to(&srv, SOCK_NONBLOCK, &rc);
        if (rc == -1 && errno != EINPROGRESS)
            die("connect");
        /* 루프백의 handshake는 마이크로초면 끝난다. 200 ms 안에 쓸 수 있게(POLLOUT) 되지 않으면
         * 그 SYN은 버려졌다 (다음 재전송은 1초 뒤이고, 큐는 비지 않으니 그것도 버려진다). */
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        if (poll(&p, 1, 200) == -1)
            die("poll");
        struct tcp_info ti; /* TCP_INFO: 커널이 보는 이 연결의 상태 (tcpi_state = TCP_SYN_SENT ...) */
        int err = 0;        /* SO_ERROR: 논블로킹 connect의 결과 (0이면 성공, 아니면 errno) */
        socklen_t elen = sizeof err, tlen = sizeof ti;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) == -1 ||
            getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &tlen) == -1)
            die("getsockopt");
        if (p.revents & POLLOUT) { /* 연결이 끝났다 (되었거나 실패했거나): SO_ERROR가 결과다 */
            printf("%s: client %d: established (SO_ERROR %d)\n", prog, i, err);
            established++;
        } else {
            printf("%s: client %d: still waiting (%s: its SYN was dropped)\n", prog, i,
                   ti.tcpi_state == TCP_SYN_SENT ? "SYN_SENT" : "?");
            waiting++;
        }
        /* fd는 닫지 않는다: 닫으면 큐의 그 연결이 끊겨 자리가 난다 */
    }
    printf("%s: backlog %d: %d established, %d waiting; the accept queue holds %d (/proc/net/tcp)\n", prog, backlog,
           established, waiting, accept_queue(ntohs(srv.sin_port)));
    return 0;
}
