/*
 * bench/mech_fd.c: 파일 디스크립터로 나르는 방식들. 모두 같은 길을 간다:
 *
 *   보내는 쪽 ──writev/sendmsg──▶ [커널: 복사 1 → 커널 버퍼] ──read/recv──▶ 받는 쪽 (복사 2)
 *
 * 메시지 하나에 시스템 호출이 적어도 두 번(보내기, 받기), 복사가 두 번, 받는 쪽이 잠들어
 * 있었다면 깨우기가 한 번 든다. 방식마다 다른 것은 커널 안의 길이다:
 *   pipe, FIFO       파이프 버퍼 (기본 64 KiB 고리). 가장 짧은 길.
 *   unix-stream      소켓 버퍼, sk_buff를 만들고 상대 소켓의 큐에 바로 건다.
 *   unix-dgram       같지만 메시지 경계가 있다. 크기는 SO_SNDBUF로 제한된다.
 *   tcp, udp         127.0.0.1 루프백: 프로토콜 처리(TCP 상태, 체크섬 생략, IP 라우팅)를
 *                    다 거친 뒤 lo 장치에서 같은 컴퓨터의 받는 소켓으로 돌아온다.
 *
 * 보내는 쪽은 헤더(스택)과 본문(원본)을 writev/sendmsg로 한 번에 보낸다 (따로 모아
 * 복사하지 않는다). 받는 쪽은 메시지 크기만큼 받는다: 바이트 흐름(pipe, FIFO, stream,
 * TCP)은 read가 적게 돌려줄 수 있으니 다 찰 때까지 되풀이하고, 데이터그램은 recv 한 번이
 * 메시지 하나다.
 *
 * 읽을 man 페이지: man 7 pipe, man 3 mkfifo, man 7 unix, man 7 tcp, man 7 udp, man 2 writev,
 *                 man 2 sendmsg, man 2 recv (MSG_TRUNC), man 7 socket (SO_RCVTIMEO, SO_SNDBUF)
 */
#define _GNU_SOURCE /* pipe2, accept4, SOCK_CLOEXEC는 리눅스 확장이다 */

#include "bench.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

/* iovec의 iov_base는 const가 아니다 (readv와 함께 쓰는 구조체라서). writev/sendmsg는
 * 읽기만 하므로 const를 떼어도 안전하다. uintptr_t를 거치면 -Wcast-qual이 조용하다. */
static void *unconst(const void *p)
{
    return (void *)(uintptr_t)p;
}

static void close_fd(int *fd)
{
    if (*fd != -1) {
        close(*fd); /* 제어 프로세스가 쥔 사본을 놓을 뿐이라 실패해도 할 일이 없다 */
        *fd = -1;
    }
}

/* 만든 파일(FIFO, 소켓 파일)을 지운다. 이미 없으면 괜찮고, 다른 오류는 알린다. */
static void remove_path(char *path)
{
    if (path[0] != '\0' && unlink(path) == -1 && errno != ENOENT)
        fprintf(stderr, "bench: unlink %s: %s\n", path, strerror(errno));
    path[0] = '\0';
}

/* ---- 바이트 흐름: 다 쓰고, 다 읽는다 --------------------------------------------------------- */

static int stream_send(struct chan *c, const void *hdr, const void *payload, size_t plen)
{
    struct iovec iov[2] = {{unconst(hdr), HDR_SIZE}, {unconst(payload), plen}};
    struct iovec *v = iov;
    int cnt = 2;
    while (cnt > 0) {
        /* writev: 두 조각을 시스템 호출 한 번으로. 파이프 용량이나 소켓 버퍼보다 크면 커널은
         * 쓸 수 있는 만큼 쓰고 (또는 다 쓸 때까지 재우고) 쓴 바이트 수를 돌려준다. */
        ssize_t n = writev(c->out, v, cnt);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            return fail(c, "writev");
        }
        /* 덜 썼으면 쓴 만큼 iovec을 앞으로 민다 */
        while (cnt > 0 && (size_t)n >= v->iov_len) {
            n -= (ssize_t)v->iov_len;
            v++, cnt--;
        }
        if (cnt > 0) {
            v->iov_base = (char *)v->iov_base + n;
            v->iov_len -= (size_t)n;
        }
    }
    return 0;
}

static ssize_t stream_recv(struct chan *c, void *buf, size_t cap)
{
    size_t got = 0;
    while (got < cap) {
        /* read는 도착한 만큼만 돌려준다: 한 메시지가 여러 번에 나뉘어 올 수 있다 */
        ssize_t n = read(c->in, (char *)buf + got, cap - got);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            return fail(c, "read");
        }
        if (n == 0) /* EOF: 쓰는 쪽이 모두 닫았다. 메시지 중간이면 그것도 끝이다. */
            return 0;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

/* ---- 데이터그램: 한 번에 한 메시지 ------------------------------------------------------------ */

static int dgram_send_raw(struct chan *c, const void *hdr, const void *payload, size_t plen)
{
    struct iovec iov[2] = {{unconst(hdr), HDR_SIZE}, {unconst(payload), plen}};
    struct msghdr mh = {.msg_iov = iov, .msg_iovlen = 2};
    for (;;) {
        /* sendmsg는 두 조각을 데이터그램 하나로 보낸다. 데이터그램은 통째로 가거나 실패한다. */
        ssize_t n = sendmsg(c->out, &mh, 0);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            return fail(c, "sendmsg");
        }
        if ((size_t)n != HDR_SIZE + plen) {
            errno = EMSGSIZE;
            return fail(c, "sendmsg (short datagram)");
        }
        return 0;
    }
}

static ssize_t dgram_recv_raw(struct chan *c, void *buf, size_t cap)
{
    for (;;) {
        /* MSG_TRUNC: buf보다 큰 데이터그램이면 잘린 길이가 아니라 진짜 길이를 돌려준다.
         * 그래야 받는 쪽이 "크기가 틀린 메시지"를 알아챈다 (잘린 것을 온전하다고 믿지 않는다). */
        ssize_t n = recv(c->in, buf, cap, MSG_TRUNC);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            return fail(c, "recv");
        }
        return n;
    }
}

/* ---- pipe ------------------------------------------------------------------------------ */

static int pipe_setup(struct chan *c)
{
    /* fds[0..1]: A → B, fds[2..3]: B → A (지연 측정에서만). [0]은 읽는 끝, [1]은 쓰는 끝. */
    if (pipe2(c->fds, O_CLOEXEC) == -1)
        return fail(c, "pipe2");
    if (c->duplex && pipe2(c->fds + 2, O_CLOEXEC) == -1)
        return fail(c, "pipe2");
    return 0;
}

static int pipe_open(struct chan *c, int role)
{
    /* 자기가 쓰지 않는 끝은 닫는다: 상대가 죽으면 EOF/EPIPE를 볼 수 있도록 */
    if (role == ROLE_A) {
        c->out = c->fds[1], c->in = c->fds[2];
        close_fd(&c->fds[0]), close_fd(&c->fds[3]);
    } else {
        c->in = c->fds[0], c->out = c->fds[3];
        close_fd(&c->fds[1]), close_fd(&c->fds[2]);
    }
    return 0;
}

static void fds_teardown(struct chan *c)
{
    for (int i = 0; i < 4; i++)
        close_fd(&c->fds[i]);
}

/* ---- FIFO ------------------------------------------------------------------------------- */

static int fifo_setup(struct chan *c)
{
    for (int i = 0; i < 1 + c->duplex; i++) {
        if (object_path(c->path[i], sizeof c->path[i], c->id, i == 0 ? "ab.fifo" : "ba.fifo") == -1)
            return fail(c, "FIFO path");
        /* mkfifo: 파일 시스템에 이름이 있는 파이프를 만든다. 0600: 나만 열 수 있게. */
        if (mkfifo(c->path[i], 0600) == -1) {
            c->path[i][0] = '\0'; /* 만들지 못했으니 지울 것도 없다 (남의 파일일 수 있다) */
            return fail(c, "mkfifo");
        }
    }
    return 0;
}

static int fifo_open(struct chan *c, int role)
{
    /*
     * FIFO의 open은 반대쪽이 열 때까지 멈춘다. 두 FIFO를 두 쪽이 같은 순서(ab 먼저, ba 다음)로
     * 열어야 서로 다른 것을 기다리며 멈추지(교착) 않는다.
     */
    if (role == ROLE_A) {
        if ((c->out = open(c->path[0], O_WRONLY | O_CLOEXEC)) == -1)
            return fail(c, "open FIFO for writing");
        if (c->duplex && (c->in = open(c->path[1], O_RDONLY | O_CLOEXEC)) == -1)
            return fail(c, "open FIFO for reading");
    } else {
        if ((c->in = open(c->path[0], O_RDONLY | O_CLOEXEC)) == -1)
            return fail(c, "open FIFO for reading");
        if (c->duplex && (c->out = open(c->path[1], O_WRONLY | O_CLOEXEC)) == -1)
            return fail(c, "open FIFO for writing");
    }
    return 0;
}

static void fifo_teardown(struct chan *c)
{
    remove_path(c->path[0]);
    remove_path(c->path[1]);
}

/* ---- 소켓 주소 ---------------------------------------------------------------------------- */

static int unix_addr(struct sockaddr_un *sa, const char *path)
{
    memset(sa, 0, sizeof *sa);
    sa->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof sa->sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(sa->sun_path, path, strlen(path) + 1); /* 길이는 위에서 확인했다 */
    return 0;
}

static struct sockaddr_in loopback(uint16_t port)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* 127.0.0.1: 이 컴퓨터 밖으로 나가지 않는다 */
    sa.sin_port = port;                          /* 0이면 커널이 빈 임시 포트를 고른다 */
    return sa;
}

/* 127.0.0.1의 임시 포트에 묶은 소켓을 만들고 그 포트를 *port에 둔다 */
static int bound_inet(struct chan *c, int type, uint16_t *port)
{
    int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
    if (fd == -1)
        return fail(c, "socket");
    struct sockaddr_in sa = loopback(0);
    socklen_t len = sizeof sa;
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
        close(fd);
        return fail(c, "bind 127.0.0.1:0");
    }
    /* 포트 0으로 묶었으니 커널이 고른 포트를 물어본다 */
    if (getsockname(fd, (struct sockaddr *)&sa, &len) == -1) {
        close(fd);
        return fail(c, "getsockname");
    }
    *port = sa.sin_port;
    return fd;
}

/* ---- 유닉스 스트림 소켓과 TCP: listen/accept/connect ------------------------------------------ */

static int ustream_setup(struct chan *c)
{
    struct sockaddr_un sa;
    if (object_path(c->path[0], sizeof c->path[0], c->id, "stream.sock") == -1 || unix_addr(&sa, c->path[0]) == -1) {
        c->path[0][0] = '\0';
        return fail(c, "socket path");
    }
    if ((c->fds[0] = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
        return fail(c, "socket");
    /* bind가 파일 시스템에 소켓 파일을 만든다. 이미 있으면 EADDRINUSE (지우지 않는다: 남의 것) */
    if (bind(c->fds[0], (struct sockaddr *)&sa, sizeof sa) == -1) {
        c->path[0][0] = '\0';
        return fail(c, "bind");
    }
    /* listen 뒤부터 connect가 받아들여진다. 받는 쪽이 accept 하기 전의 connect는 큐에서 기다린다. */
    if (listen(c->fds[0], 1) == -1)
        return fail(c, "listen");
    return 0;
}

static int tcp_setup(struct chan *c)
{
    if ((c->fds[0] = bound_inet(c, SOCK_STREAM, &c->port[0])) == -1)
        return -1;
    if (listen(c->fds[0], 1) == -1)
        return fail(c, "listen");
    return 0;
}

static int stream_open(struct chan *c, int role, int family)
{
    int fd;
    if (role == ROLE_B) {
        /* accept: A의 연결 하나를 받아 새 소켓을 만든다 */
        if ((fd = accept4(c->fds[0], NULL, NULL, SOCK_CLOEXEC)) == -1)
            return fail(c, "accept4");
    } else {
        if ((fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
            return fail(c, "socket");
        int rc;
        if (family == AF_UNIX) {
            struct sockaddr_un sa;
            if (unix_addr(&sa, c->path[0]) == -1) {
                close(fd);
                return fail(c, "socket path");
            }
            rc = connect(fd, (struct sockaddr *)&sa, sizeof sa);
        } else {
            struct sockaddr_in sa = loopback(c->port[0]);
            rc = connect(fd, (struct sockaddr *)&sa, sizeof sa);
        }
        if (rc == -1) {
            int err = errno; /* close가 errno를 바꾸지 않게 */
            close(fd);
            errno = err;
            return fail(c, "connect");
        }
    }
    close_fd(&c->fds[0]); /* 듣는 소켓은 더 필요 없다 */
    /*
     * TCP_NODELAY: 네이글(Nagle) 알고리즘을 끈다. 켜 두면 작은 조각을, 앞서 보낸 것의 ACK가
     * 올 때까지 모아 두었다가 보낸다. 핑퐁(지연)에서는 그 기다림이 그대로 지연이 되므로 끈다.
     * 흘려 보내기(처리량)에서는 기본값(켜짐)으로 둔다: 모아 보내는 것이 TCP의 보통 모습이다.
     */
    if (family == AF_INET && c->duplex) {
        int one = 1;
        if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == -1)
            return fail(c, "setsockopt(TCP_NODELAY)");
    }
    c->in = c->out = fd;
    return 0;
}

static int ustream_open(struct chan *c, int role)
{
    return stream_open(c, role, AF_UNIX);
}

static int tcp_open(struct chan *c, int role)
{
    return stream_open(c, role, AF_INET);
}

static void ustream_teardown(struct chan *c)
{
    fds_teardown(c);
    remove_path(c->path[0]);
}

/* ---- 유닉스 데이터그램 소켓 -------------------------------------------------------------------- */

/* 유닉스 데이터그램의 크기 한계: SO_SNDBUF - 32 (man 7 unix). 새 소켓의 SO_SNDBUF는
 * net.core.wmem_default에서 온다. 읽지 못하면 -1. */
long unix_dgram_limit(void)
{
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), val = 0;
    socklen_t len = sizeof val;
    if (fd == -1)
        return -1;
    int rc = getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &val, &len);
    close(fd);
    return rc == -1 ? -1 : (long)val - 32;
}

static int udgram_possible(size_t size, char *why, size_t whylen)
{
    long limit = unix_dgram_limit();
    if (limit > 0 && size > (size_t)limit) {
        note(why, whylen, "a unix datagram is limited to SO_SNDBUF - 32 = %ld bytes (net.core.wmem_default)", limit);
        return 0;
    }
    return 1;
}

static int udgram_setup(struct chan *c)
{
    struct sockaddr_un sa[2];
    for (int i = 0; i < 2; i++) {
        if (object_path(c->path[i], sizeof c->path[i], c->id, i == 0 ? "a.dgram" : "b.dgram") == -1 ||
            unix_addr(&sa[i], c->path[i]) == -1) {
            c->path[i][0] = '\0';
            return fail(c, "socket path");
        }
        if ((c->fds[i] = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
            return fail(c, "socket");
        if (bind(c->fds[i], (struct sockaddr *)&sa[i], sizeof sa[i]) == -1) {
            c->path[i][0] = '\0';
            return fail(c, "bind");
        }
    }
    /* 데이터그램 소켓의 connect: 기본 받는 이를 정하고, 그 상대에게서 온 것만 받는다 */
    if (connect(c->fds[0], (struct sockaddr *)&sa[1], sizeof sa[1]) == -1 ||
        connect(c->fds[1], (struct sockaddr *)&sa[0], sizeof sa[0]) == -1)
        return fail(c, "connect");
    return 0;
}

static int pair_open(struct chan *c, int role)
{
    /* A는 fds[0], B는 fds[1]을 쓰고 다른 것은 닫는다 */
    c->in = c->out = c->fds[role];
    close_fd(&c->fds[1 - role]);
    return 0;
}

static void udgram_teardown(struct chan *c)
{
    fds_teardown(c);
    remove_path(c->path[0]);
    remove_path(c->path[1]);
}

/* ---- UDP ------------------------------------------------------------------------------- */

/*
 * UDP는 전달도 순서도 약속하지 않는다 (man 7 udp). 루프백에서 데이터그램이 사라지는 곳은
 * 받는 소켓의 버퍼(SO_RCVBUF)다: 보내는 쪽이 받는 쪽보다 빠르면 버퍼가 차고, 커널은 그 뒤에
 * 오는 것을 버린다 (/proc/net/snmp의 Udp: RcvbufErrors가 는다). sendto는 그래도 성공한다.
 * 그래서 처리량을 잴 때는 작은 흐름 제어를 더한다: 받는 쪽이 window/2 개마다 "여기까지
 * 받았다"를 돌려보내고, 보내는 쪽은 답 없이 window 개보다 앞서 나가지 않는다. --udp-window=0
 * 이면 흐름 제어를 끄고, 잃어버린 수를 그대로 보인다 (실패로 치지는 않는다: UDP의 약속 밖이다).
 */
static int udp_possible(size_t size, char *why, size_t whylen)
{
    if (size > UDP_MAX_PAYLOAD) {
        note(why, whylen, "a UDP datagram over IPv4 carries at most %d bytes (65535 - 20 IP - 8 UDP)",
             UDP_MAX_PAYLOAD);
        return 0;
    }
    return 1;
}

static int udp_setup(struct chan *c)
{
    for (int i = 0; i < 2; i++)
        if ((c->fds[i] = bound_inet(c, SOCK_DGRAM, &c->port[i])) == -1)
            return -1;
    struct sockaddr_in to_b = loopback(c->port[1]), to_a = loopback(c->port[0]);
    if (connect(c->fds[0], (struct sockaddr *)&to_b, sizeof to_b) == -1 ||
        connect(c->fds[1], (struct sockaddr *)&to_a, sizeof to_a) == -1)
        return fail(c, "connect");
    return 0;
}

static int set_timeout(struct chan *c, int fd, long ms)
{
    /* SO_RCVTIMEO: recv가 이만큼 기다려도 아무것도 오지 않으면 -1/EAGAIN으로 돌아온다 */
    struct timeval tv = {.tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000};
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == -1)
        return fail(c, "setsockopt(SO_RCVTIMEO)");
    return 0;
}

static int udp_open(struct chan *c, int role)
{
    pair_open(c, role);
    if (c->duplex)
        /* 지연: 핑 쪽만, 답이 1초 안에 오지 않으면 잃어버린 것으로 알린다 */
        return role == ROLE_A ? set_timeout(c, c->in, 1000) : 0;

    int rcvbuf = 0;
    socklen_t len = sizeof rcvbuf;
    if (getsockopt(c->in, SOL_SOCKET, SO_RCVBUF, &rcvbuf, &len) == -1)
        return fail(c, "getsockopt(SO_RCVBUF)");
    if (cfg.udp_window >= 0) {
        c->window = cfg.udp_window;
    } else {
        /* 받는 버퍼의 1/4을 넘지 않게: 커널은 데이터그램마다 헤더와 sk_buff 몫(약 1 KiB)도 센다 */
        long w = (long)rcvbuf / 4 / ((long)c->size + 1024);
        c->window = w < 1 ? 1 : w > 64 ? 64 : (int)w;
    }
    /* 보내는 쪽은 답(ack)을 100 ms까지 기다린다 (답이 사라져도 멈추지 않게). 받는 쪽은 1 초 동안
     * 아무것도 오지 않으면 끝 부분을 잃었다고 본다. */
    return set_timeout(c, c->in, role == ROLE_A ? 100 : 1000);
}

/* 받는 쪽의 답을 거둔다. wait이면 첫 답을 (SO_RCVTIMEO까지) 기다리고, 나머지는 와 있는 것만. */
static void udp_take_acks(struct chan *c, int wait)
{
    int flags = wait ? 0 : MSG_DONTWAIT;
    for (;;) {
        uint64_t upto;
        ssize_t n = recv(c->in, &upto, sizeof upto, flags);
        if (n == (ssize_t)sizeof upto) {
            if (upto > c->acked)
                c->acked = upto;
            flags = MSG_DONTWAIT; /* 하나를 받았으니 더는 기다리지 않는다 */
            continue;
        }
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK) && flags == 0)
            c->ack_timeouts++; /* 답이 사라졌다: 멈추지 않고 계속 보낸다 */
        return;
    }
}

static int udp_send(struct chan *c, const void *hdr, const void *payload, size_t plen)
{
    if (dgram_send_raw(c, hdr, payload, plen) == -1)
        return -1;
    if (c->duplex || c->role != ROLE_A || c->window == 0)
        return 0;
    struct msg_header h;
    memcpy(&h, hdr, sizeof h);
    uint64_t ahead = h.seq + 1 - c->acked; /* 답을 받지 못한 메시지 수 */
    if (ahead >= (uint64_t)(c->window + 1) / 2)
        udp_take_acks(c, 0); /* 와 있는 답을 멈추지 않고 거둔다 */
    if (h.seq + 1 - c->acked >= (uint64_t)c->window)
        udp_take_acks(c, 1); /* 창이 찼다: 답을 (100 ms까지) 기다린다 */
    return 0;
}

static ssize_t udp_recv(struct chan *c, void *buf, size_t cap)
{
    ssize_t n = dgram_recv_raw(c, buf, cap);
    if (n < (ssize_t)HDR_SIZE || c->duplex || c->window == 0)
        return n;
    struct msg_header h;
    memcpy(&h, buf, sizeof h);
    if (h.seq < MAX_SEQ && h.seq + 1 > c->max_seen)
        c->max_seen = h.seq + 1;
    c->got++;
    uint64_t every = c->window > 1 ? (uint64_t)c->window / 2 : 1;
    if (c->got % every == 0 || (h.flags & F_END)) {
        /* "max_seen 앞까지 받았다". 답이 사라져도 다음 답이 같은 일을 한다. */
        if (send(c->out, &c->max_seen, sizeof c->max_seen, 0) == -1 && errno != ECONNREFUSED)
            return fail(c, "send (ack)");
    }
    return n;
}

static int udp_open_role(struct chan *c, int role)
{
    c->role = role;
    return udp_open(c, role);
}

/* ---- 바닥: 1바이트 pipe 왕복 ------------------------------------------------------------------ */

/*
 * 방식들과 같은 실행에서, 같은 고정(--pin)으로 재는 "두 프로세스 사이의 깨우기"의 바닥이다: pipe에
 * 1바이트를 쓰고 답 1바이트를 기다린다. 잠드는 방식의 왕복은 모두 이 일(시스템 호출 넷, 깨우기 둘)을
 * 하고 거기에 제 몫을 더하므로, 지연 표의 "p50/floor"가 1에 가까우면 그 방식은 깨우기 값이 전부다.
 * 1보다 작을 수 있는 것은 잠들지 않는 방식(shm-spin)뿐이다. 바이트는 순번의 나머지(0..254)를 싣고,
 * 255가 마지막 핑이다. 받은 바이트는 양쪽이 확인한다.
 */
#define FLOOR_END 255

static int floor_byte(struct chan *c, int fd, unsigned char *b, int writing)
{
    for (;;) {
        ssize_t n = writing ? write(fd, b, 1) : read(fd, b, 1);
        if (n == 1)
            return 0;
        if (n == -1 && errno == EINTR)
            continue;
        if (n == 0)
            errno = EPIPE; /* 상대가 닫았다 (EOF) */
        return fail(c, writing ? "write" : "read");
    }
}

static void floor_check(unsigned char got, unsigned char want, struct side_result *r)
{
    r->received++;
    r->unique++;
    if (got == want) {
        r->bytes++;
        return;
    }
    r->corrupted++;
    if (r->problem[0] == '\0')
        note(r->problem, sizeof r->problem, "byte %u arrived, expected %u (corrupted)", got, want);
}

static void floor_ping(struct chan *c, struct side_result *r)
{
    int64_t *samples = malloc(MAX_SAMPLES * sizeof *samples);
    if (samples == NULL) {
        note(r->error, sizeof r->error, "malloc: %s", strerror(errno));
        return;
    }
    int64_t start = now_ns(), mstart = 0, last = start;
    uint64_t seq = 0, m = 0;
    int measuring = 0;
    for (;;) {
        if (!measuring && warm_done(seq, start)) {
            measuring = 1;
            mstart = last = now_ns();
        }
        int end = measuring && is_last(m, seq, last, mstart, MAX_SAMPLES);
        unsigned char out = end ? FLOOR_END : (unsigned char)(seq % FLOOR_END), back;
        int64_t t0 = now_ns();
        if (floor_byte(c, c->out, &out, 1) == -1 || floor_byte(c, c->in, &back, 0) == -1) {
            note(r->error, sizeof r->error, "%s: %s", c->what, strerror(errno));
            free(samples);
            return;
        }
        int64_t t1 = now_ns();
        floor_check(back, out, r);
        last = t1;
        if (measuring)
            samples[m++] = t1 - t0;
        seq++;
        if (end)
            break;
    }
    record_latency(r, samples, m);
    r->seqs = seq;
    r->finished = 1;
    free(samples);
}

static void floor_pong(struct chan *c, struct side_result *r)
{
    for (uint64_t seq = 0;; seq++) {
        unsigned char b;
        if (floor_byte(c, c->in, &b, 0) == -1) {
            note(r->error, sizeof r->error, "%s: %s", c->what, strerror(errno));
            return;
        }
        floor_check(b, b == FLOOR_END ? FLOOR_END : (unsigned char)(seq % FLOOR_END), r);
        if (floor_byte(c, c->out, &b, 1) == -1) { /* 받은 바이트를 그대로 돌려준다 */
            note(r->error, sizeof r->error, "%s: %s", c->what, strerror(errno));
            return;
        }
        if (b == FLOOR_END)
            break;
    }
    r->finished = 1;
}

/* ---- 방식 표 ---------------------------------------------------------------------------- */

static int any_size(size_t size, char *why, size_t whylen)
{
    (void)size, (void)why, (void)whylen;
    return 1;
}

const struct mech mech_pipe = {
    .name = "pipe", .about = "anonymous pipe (pipe2), inherited through fork",
    .promises = P_ORDER | P_DELIVERY, .stream = 1, .possible = any_size,
    .setup = pipe_setup, .open = pipe_open, .send = stream_send, .recv = stream_recv, .teardown = fds_teardown,
};

const struct mech mech_fifo = {
    .name = "fifo", .about = "named pipe (mkfifo) in the temporary directory",
    .promises = P_ORDER | P_DELIVERY, .stream = 1, .possible = any_size,
    .setup = fifo_setup, .open = fifo_open, .send = stream_send, .recv = stream_recv, .teardown = fifo_teardown,
};

const struct mech mech_unix_stream = {
    .name = "unix-stream", .about = "AF_UNIX SOCK_STREAM socket bound to a path",
    .promises = P_ORDER | P_DELIVERY, .stream = 1, .possible = any_size,
    .setup = ustream_setup, .open = ustream_open, .send = stream_send, .recv = stream_recv,
    .teardown = ustream_teardown,
};

/* 유닉스 데이터그램은 리눅스에서 믿을 만하고 순서도 지킨다 (man 7 unix): 받는 큐가 차면
 * 보내는 쪽이 멈춘다. 버리지 않는다. */
const struct mech mech_unix_dgram = {
    .name = "unix-dgram", .about = "AF_UNIX SOCK_DGRAM sockets bound to two paths",
    .promises = P_ORDER | P_DELIVERY, .possible = udgram_possible,
    .setup = udgram_setup, .open = pair_open, .send = dgram_send_raw, .recv = dgram_recv_raw,
    .teardown = udgram_teardown,
};

const struct mech mech_tcp = {
    .name = "tcp", .about = "TCP over loopback 127.0.0.1, ephemeral port",
    .promises = P_ORDER | P_DELIVERY, .stream = 1, .possible = any_size,
    .setup = tcp_setup, .open = tcp_open, .send = stream_send, .recv = stream_recv, .teardown = fds_teardown,
};

const struct mech mech_floor = {
    .name = "floor", .about = "1-byte pipe round trip: the floor of a two-process wake-up",
    .promises = P_ORDER | P_DELIVERY, .latency_only = 1, .possible = any_size,
    .setup = pipe_setup, .open = pipe_open, .teardown = fds_teardown, .ping = floor_ping, .pong = floor_pong,
};

const struct mech mech_udp = {
    .name = "udp", .about = "UDP over loopback 127.0.0.1, ephemeral ports, credit flow control",
    .promises = 0, .possible = udp_possible,
    .setup = udp_setup, .open = udp_open_role, .send = udp_send, .recv = udp_recv, .teardown = fds_teardown,
};
