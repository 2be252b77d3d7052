/*
 * 10-berkeley-api/exercises/2-call-sequence/common.h (10장의 common.h 그대로, 고치지 않는다).
 * server.c, client.c와 experiments/ 의 프로그램이 함께 쓰는 도우미 (이 장 안에서만).
 *
 * 이 장의 프로그램은 부르는 소켓 호출마다 한 줄을 찍는다: 호출과 인자, 그리고 커널이 돌려준 값.
 *   server: bind(3, 127.0.0.1:40123) = 0
 *   client: connect(3, 127.0.0.1:1) = -1 ECONNREFUSED (Connection refused)
 * 실패는 -1이고, 까닭은 errno에 있다 (man 3 errno). 이름(ECONNREFUSED)과 뜻을 함께 찍는다.
 *
 * 주소는 IPv4 숫자 주소를 손으로 채운 struct sockaddr_in이다 (inet_pton, htons). 이름을 풀고 IPv4와
 * IPv6를 함께 다루는 getaddrinfo는 09장이 다룬다. 모든 함수는 static inline이다: 헤더의 함수 가운데
 * 쓰지 않는 것이 있어도 컴파일러가 경고하지 않는다.
 */
#ifndef BERKELEY_COMMON_H
#define BERKELEY_COMMON_H

#include <arpa/inet.h>  /* inet_pton, inet_ntop, htons, ntohs */
#include <errno.h>
#include <netinet/in.h> /* struct sockaddr_in, IPPROTO_TCP, INADDR_ANY */
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEFAULT_ADDR "127.0.0.1"
#define DEFAULT_PORT 40123

static const char *prog = "?"; /* 줄 앞에 붙는 이름: main이 먼저 정한다 */

/* 이 장에서 만나는 errno의 이름. 표에 없으면 번호로 (glibc의 strerrorname_np는 musl에 없다). */
static inline const char *errno_name(int e)
{
    static char other[24];
    switch (e) {
    case EADDRINUSE: return "EADDRINUSE";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    case ECONNREFUSED: return "ECONNREFUSED";
    case ECONNRESET: return "ECONNRESET";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EINVAL: return "EINVAL";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case ESOCKTNOSUPPORT: return "ESOCKTNOSUPPORT";
    case EINPROGRESS: return "EINPROGRESS";
    case EAGAIN: return "EAGAIN";
    case EPIPE: return "EPIPE";
    case ENOTCONN: return "ENOTCONN";
    case EISCONN: return "EISCONN";
    case EACCES: return "EACCES";
    case EINTR: return "EINTR";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case ENOSYS: return "ENOSYS";
    default: snprintf(other, sizeof other, "errno %d", e); return other;
    }
}

/* "127.0.0.1:40123". 한 printf 안에서 두 번 써도 되게 버퍼 넷을 돌려 쓴다 (스레드는 없다). */
static inline const char *addr_str(const struct sockaddr_in *a)
{
    static char buf[4][INET_ADDRSTRLEN + 8];
    static int next;
    char *b = buf[next++ % 4], ip[INET_ADDRSTRLEN];
    /* inet_ntop: 네트워크 바이트 순서의 4바이트를 "a.b.c.d"로. ntohs: 포트를 이 CPU의 순서로 */
    if (inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip) == NULL)
        strcpy(ip, "?");
    snprintf(b, sizeof buf[0], "%s:%u", ip, (unsigned)ntohs(a->sin_port));
    return b;
}

/* said와 must의 몸통: "prog: 호출 = rc" 한 줄. rc가 -1이면 "= -1 이름 (뜻)"이다. */
__attribute__((format(printf, 3, 0))) static inline void vsaid(long rc, int err, const char *fmt, va_list ap)
{
    printf("%s: ", prog);
    vprintf(fmt, ap);
    if (rc == -1)
        printf(" = -1 %s (%s)\n", errno_name(err), strerror(err));
    else
        printf(" = %ld\n", rc);
}

/*
 * 호출 하나의 결과를 찍고 rc를 그대로 돌려준다. 실패를 보이려는 실험이 쓴다.
 * errno는 printf가 바꾸기 전에 챙기고, 돌아갈 때 되돌려 둔다: 부른 쪽이 errno를 볼 수 있다.
 */
__attribute__((format(printf, 2, 3))) static inline long said(long rc, const char *fmt, ...)
{
    int err = errno;
    va_list ap;
    va_start(ap, fmt);
    vsaid(rc, err, fmt, ap);
    va_end(ap);
    errno = err;
    return rc;
}

/* 실패하면 끝낸다: stderr에 "prog: 호출: strerror", 상태 1. call은 "bind"처럼 이름만. */
static inline _Noreturn void die(const char *call)
{
    fprintf(stderr, "%s: %s: %s\n", prog, call, strerror(errno));
    exit(1);
}

/* said와 같지만 -1이면 die: 성공해야만 다음 단계가 뜻이 있는 호출에 쓴다. */
__attribute__((format(printf, 3, 4))) static inline long must(const char *call, long rc, const char *fmt, ...)
{
    int err = errno;
    va_list ap;
    va_start(ap, fmt);
    vsaid(rc, err, fmt, ap);
    va_end(ap);
    errno = err;
    if (rc == -1)
        die(call);
    return rc;
}

/* ip(숫자 IPv4 주소)와 port로 주소를 채운다. 숫자 주소가 아니면 0. */
static inline int make_addr(struct sockaddr_in *a, const char *ip, unsigned port)
{
    memset(a, 0, sizeof *a);      /* sin_zero까지 0으로: 쓰레기 바이트를 커널에 넘기지 않는다 */
    a->sin_family = AF_INET;      /* 이 구조체가 IPv4 주소라는 표시 (커널은 이것부터 본다) */
    a->sin_port = htons((uint16_t)port); /* 포트는 네트워크 바이트 순서(빅 엔디언)로 */
    return inet_pton(AF_INET, ip, &a->sin_addr) == 1; /* "127.0.0.1" → 4바이트, 역시 네트워크 순서 */
}

/* getsockname(fd): 커널이 이 소켓에 붙인 자기 쪽 주소를 찍고 포트를 돌려준다. peer면 getpeername. */
static inline unsigned show_name(int fd, int peer)
{
    struct sockaddr_in a = {0}; /* 커널이 채운다. 0으로 두면 실패했을 때도 쓰레기를 읽지 않는다 */
    socklen_t len = sizeof a; /* 값-결과 인자: 들어갈 때 버퍼 크기, 나올 때 실제 주소 크기 */
    int rc = peer ? getpeername(fd, (struct sockaddr *)&a, &len) : getsockname(fd, (struct sockaddr *)&a, &len);
    if (rc == -1) {
        said(-1, "%s(%d)", peer ? "getpeername" : "getsockname", fd);
        return 0;
    }
    printf("%s: %s(%d) = %s\n", prog, peer ? "getpeername" : "getsockname", fd, addr_str(&a));
    return ntohs(a.sin_port);
}

/* "0".."65535"만 받는다. 아니면 -1. */
static inline long parse_port(const char *s)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    return (errno != 0 || end == s || *end != '\0' || v < 0 || v > 65535) ? -1 : v;
}

/*
 * 남이 보낸 바이트를 따옴표 안의 글자로: 인쇄할 수 있는 ASCII만 그대로, 나머지는 \xNN (터미널을 지킨다).
 * 256바이트까지 보이고 나머지는 "..."로 줄인다. addr_str처럼 버퍼 둘을 돌려 쓴다.
 */
static inline const char *quoted(const char *p, size_t n)
{
    static char buf[2][4 * 256 + 8];
    static int next;
    char *b = buf[next++ % 2], *o = b;
    *o++ = '"';
    for (size_t i = 0; i < n && i < 256; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            *o++ = (char)c;
        else
            o += sprintf(o, "\\x%02x", c);
    }
    strcpy(o, n > 256 ? "\"..." : "\"");
    return b;
}

/*
 * 실험이 함께 쓰는 두 가지 (짝은 쓰지 않는다: 짝은 호출을 하나씩 손으로 부른다).
 * listener: 127.0.0.1:0에 bind하고 listen한 TCP 소켓. *bound에 커널이 고른 주소. 호출마다 한 줄.
 * connect_to: addr에 connect한 TCP 소켓 (flags: SOCK_NONBLOCK 따위). connect의 결과를 *rc에.
 */
static inline int listener(int backlog, struct sockaddr_in *bound)
{
    int fd = (int)must("socket", socket(AF_INET, SOCK_STREAM, 0), "socket(AF_INET, SOCK_STREAM, 0)");
    struct sockaddr_in a;
    socklen_t len = sizeof *bound;
    memset(bound, 0, sizeof *bound);
    make_addr(&a, "127.0.0.1", 0);
    must("bind", bind(fd, (struct sockaddr *)&a, sizeof a), "bind(%d, %s)", fd, addr_str(&a));
    if (getsockname(fd, (struct sockaddr *)bound, &len) == -1)
        die("getsockname");
    must("listen", listen(fd, backlog), "listen(%d, backlog=%d)", fd, backlog);
    printf("%s: listening on %s\n", prog, addr_str(bound));
    return fd;
}

static inline int connect_to(const struct sockaddr_in *to, int flags, int *rc)
{
    int fd = socket(AF_INET, SOCK_STREAM | flags, 0);
    if (fd == -1)
        die("socket");
    *rc = (int)said(connect(fd, (const struct sockaddr *)to, sizeof *to), "connect(%d, %s)", fd, addr_str(to));
    return fd;
}

#endif
