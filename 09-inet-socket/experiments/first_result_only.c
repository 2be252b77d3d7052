/*
 * 09-inet-socket/experiments/first_result_only.c: getaddrinfo의 첫 결과만 쓰는 client는 "내 컴퓨터에서는
 * 된다"는 버그를 낳는다. 많은 리눅스 배포판에서 localhost는 ::1과 127.0.0.1 둘이고, 순서에 따라 ::1이
 * 먼저 온다. server가 127.0.0.1 에서만 듣는다면 첫 결과(::1)에 connect 한 client는 ECONNREFUSED를 받는다.
 * 결과를 차례로 다 해 보는 client는 127.0.0.1로 이어진다. NOTES.md 1.2 "getaddrinfo"와 6절.
 *
 * /etc/hosts에 기대지 않으려고, "::1 다음 127.0.0.1" 인 목록을 숫자 주소(AI_NUMERICHOST) 두 번의 getaddrinfo
 *로 만들어 손으로 잇는다. server는 이 프로그램 안의 듣는 소켓(127.0.0.1:임시 포트)이다.
 *
 * 실행 (make 09-inet-socket 뒤, 09-inet-socket 디렉터리에서):
 *   ./experiments/first_result_only
 *
 * 출력 (포트는 실행마다 다르다):
 *   the list: [::1]:40001 then [127.0.0.1]:40001; the server listens on 127.0.0.1 only
 *   first result only: [::1]:40001: Connection refused
 *   each result in turn: [::1]:40001: Connection refused; [127.0.0.1]:40001: connected
 *
 * 읽을 man 페이지: man 3 getaddrinfo (EXAMPLES의 client), man 5 gai.conf, man 2 connect
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "exp.h"

/* 숫자 주소 하나를 addrinfo 하나로 (AI_NUMERICHOST: 이름을 찾지 않는다, 네트워크도 /etc/hosts도 쓰지 않는다) */
static struct addrinfo *numeric(const char *ip, const char *port)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST}, *ai;
    int rc = getaddrinfo(ip, port, &hints, &ai);
    if (rc != 0) {
        fprintf(stderr, "first_result_only: getaddrinfo %s: %s\n", ip, gai_strerror(rc));
        exit(1);
    }
    return ai;
}

/* ai 하나에 connect 해 본다. 결과를 "[주소]:포트: connected" 또는 "...: strerror"로 찍는다. 이어지면 1 */
static int try_one(const struct addrinfo *ai)
{
    char host[INET6_ADDRSTRLEN], serv[8];
    if (getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV) != 0)
        strcpy(host, "?");
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol); /* 주소마다 새 소켓 */
    int ok = fd != -1 && connect(fd, ai->ai_addr, ai->ai_addrlen) == 0;
    printf("[%s]:%s: %s", host, serv, ok ? "connected" : strerror(errno));
    if (fd != -1)
        close(fd);
    return ok;
}

int main(int argc, char *argv[])
{
    no_args(argc, argv, "first_result_only", "a client that uses only the first getaddrinfo result is refused; the loop connects");
    /* server: 127.0.0.1 에서만, IPv4 로만 듣는다 */
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (lfd == -1 || bind(lfd, (struct sockaddr *)&a, alen) == -1 || listen(lfd, 8) == -1 ||
        getsockname(lfd, (struct sockaddr *)&a, &alen) == -1)
        die("listening socket");
    char port[8];
    snprintf(port, sizeof port, "%u", (unsigned)ntohs(a.sin_port));

    /* 목록: ::1 다음 127.0.0.1 (localhost가 흔히 그렇게 온다) */
    struct addrinfo *v6 = numeric("::1", port), *v4 = numeric("127.0.0.1", port);
    v6->ai_next = v4;
    printf("the list: [::1]:%s then [127.0.0.1]:%s; the server listens on 127.0.0.1 only\n", port, port);

    /* 버그: 첫 결과만 */
    printf("first result only: ");
    try_one(v6);
    printf("\n");

    /* 고침: 이어질 때까지 차례로 (connect가 된 소켓은 여기서는 바로 닫는다: 보이려는 것은 고르는 과정이다) */
    printf("each result in turn: ");
    for (const struct addrinfo *ai = v6; ai != NULL; ai = ai->ai_next) {
        if (try_one(ai))
            break;
        printf("; ");
    }
    printf("\n");
    v6->ai_next = NULL; /* 두 목록을 따로 돌려준다: 남의 목록을 이은 채 freeaddrinfo 하면 안 된다 */
    freeaddrinfo(v6);
    freeaddrinfo(v4);
    close(lfd);
    return 0;
}
