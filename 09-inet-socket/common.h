/*
 * 09-inet-socket/common.h: server.c와 client.c가 함께 쓰는 것 (이 장 안에서만 쓴다).
 *
 * 프로토콜: TCP 바이트 스트림 위의 줄. TCP는 write의 경계를 나르지 않으므로 (NOTES 1.3절)
 * 메시지의 끝을 '\n'으로 표시한다: client가 '\n'으로 끝나는 줄(최대 LINE_MAX_BYTES - 1 바이트 +
 * '\n')을 보내면 server가 "OK <그 줄>\n" 또는 "ERR <까닭>\n" 한 줄로 답한다. 4바이트 길이 머리를
 * 붙이는 방법도 있다 (experiments/stream_no_boundaries가 둘을 나란히 보인다). 줄을 고른 까닭:
 * 사람이 nc 나 telnet으로 그대로 쳐 볼 수 있고, 바이트 순서(엔디언)를 따질 일이 없다.
 */
#ifndef INET_SOCKET_COMMON_H
#define INET_SOCKET_COMMON_H

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEFAULT_PORT "9009" /* 두 터미널에서 손으로 해 볼 때 쓰는 포트. 테스트는 늘 -p 0 */
#define LINE_MAX_BYTES 256  /* 한 줄의 최대 길이 ('\n' 포함) */

static const char *prog; /* 메시지 앞에 붙는 이름: "server" 또는 "client" */

/* "prog: 무엇: strerror"를 알리고 상태 1로 끝낸다. 이 장은 이름 있는 객체를 만들지 않는다:
 * 소켓은 프로세스가 끝날 때 커널이 닫는다. */
static _Noreturn void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

/* 사용법. 잘못된 인자일 때는 stderr에 쓰고 상태 2로 끝낸다 */
static void usage(FILE *to, const char *host_default)
{
    fprintf(to, "usage: %s [-a HOST] [-p PORT]   (default HOST %s, PORT %s)\n", prog,
            host_default, DEFAULT_PORT);
    if (to == stderr)
        exit(2);
}

/* 두 프로그램의 인자는 같다: [-a HOST] [-p PORT] (순서 자유), 또는 -h/--help (about을 덧붙여 stdout에).
 * 값은 검사하지 않고 getaddrinfo에 그대로 넘긴다: 이름과 숫자를 다 받고, 틀리면 gai_strerror로 알린다. */
static void parse_args(int argc, char *argv[], const char **host, const char **port, const char *about)
{
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        usage(stdout, *host ? *host : "(all addresses)");
        fputs(about, stdout);
        exit(0);
    }
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 < argc && strcmp(argv[i], "-a") == 0)
            *host = argv[i + 1];
        else if (i + 1 < argc && strcmp(argv[i], "-p") == 0)
            *port = argv[i + 1];
        else
            usage(stderr, *host ? *host : "(all addresses)");
    }
    /* glibc의 getaddrinfo는 숫자 포트를 16비트로 잘라 99999를 34463으로 받는다: 여기서 거절한다 */
    char *end;
    unsigned long v = strtoul(*port, &end, 10);
    if (*end == '\0' && v > 65535) {
        fprintf(stderr, "%s: port %s is over 65535\n", prog, *port);
        usage(stderr, *host ? *host : "(all addresses)");
    }
}

/*
 * getaddrinfo로 (host, port)를 주소 목록으로 바꾼다. 실패는 errno가 아니라 돌려준 값(EAI_*)이 말한다:
 * perror를 쓰면 엉뚱한 "Success"가 나온다. gai_strerror가 그 값을 글로 바꾼다. EAI_SYSTEM 만은
 * 진짜 원인이 errno에 있다. 실패하면 알리고 상태 1로 끝낸다.
 */
static struct addrinfo *resolve(const char *host, const char *port, const struct addrinfo *hints)
{
    struct addrinfo *list;
    int rc = getaddrinfo(host, port, hints, &list);
    if (rc != 0) {
        fprintf(stderr, "%s: getaddrinfo %s port %s: %s\n", prog, host ? host : "(all addresses)", port,
                rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
        exit(1);
    }
    return list;
}

/* 소켓 주소를 "[127.0.0.1]:9009", "[::1]:9009" 꼴로 out에 쓴다. getnameinfo는 IPv4와 IPv6를 다
 * 읽는다. NI_NUMERICHOST|NI_NUMERICSERV: 이름을 찾지 않는다 (DNS를 묻느라 멈추지 않는다). */
#define ADDR_TEXT 80 /* "[" + IPv6 주소(%인터페이스 포함) + "]:" + 포트 */
static const char *addr_text(const struct sockaddr *sa, socklen_t len, char *out, size_t outlen)
{
    char host[64], serv[8];
    int rc = getnameinfo(sa, len, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV);
    snprintf(out, outlen, "[%s]:%s", rc == 0 ? host : "?", rc == 0 ? serv : "?");
    return out;
}

/*
 * n 바이트를 모두 쓴다. TCP 소켓의 write는 일부만 받고 돌아올 수 있다 (논블로킹인데 보내는 버퍼가
 * 거의 찼을 때, 시그널에 끊겼을 때). 돌려준 수만큼 나아가 나머지를 다시 쓴다.
 * 실패하면 -1 (errno 그대로): 상대가 떠났으면 EPIPE 나 ECONNRESET, 논블로킹인데 버퍼가 찼으면 EAGAIN.
 */
static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w == -1 && errno == EINTR)
            continue;
        if (w == -1)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

#endif
