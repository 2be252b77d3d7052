/*
 * 10-berkeley-api/experiments/udp_connect_filter.c: UDP 소켓의 connect는 연결을 만들지 않는다. 패킷도
 * 보내지 않고, 커널이 그 소켓에 "기본 상대"를 적어 둘 뿐이다: 그 뒤로 send/write는 주소 없이 그 상대에게
 * 가고, 다른 주소에서 온 데이터그램은 받지 않는다 (도착할 때 걸러진다). connect 전에 이미 받는 큐에 들어온
 * 것은 그대로 남는다. 보내는 쪽 A는 bind하지 않았다: 첫 sendto가 임시 포트를 붙인다 (씨앗 #27의 반대).
 * 세 번째 프로세스 B는 fork한 자식이다: 부모가 waitpid로 B가 끝난 것을 본 뒤에야 A가 보낸다 (순서가 정해진다).
 * NOTES.md 1.8절, 5절 바로잡기 #27, #44, #45.
 *
 * 실행 (10-berkeley-api 디렉터리에서): ./experiments/udp_connect_filter
 * 출력:
 *   udp: getsockname(4) = 0.0.0.0:0                      (A: 아직 주소가 없다)
 *   udp: sendto(4, "first from A", 127.0.0.1:40123) = 12
 *   udp: getsockname(4) = 0.0.0.0:51234                  (A: sendto가 임시 포트를 붙였다)
 *   B: sendto(5, "early from B", 127.0.0.1:40123) = 12     (R이 connect하기 전)
 *   udp: connect(3, 127.0.0.1:51234) = 0                 (R의 기본 상대 = A)
 *   B: sendto(5, "late from B", 127.0.0.1:40123) = 11      (R이 connect한 뒤: 걸러진다)
 *   udp: sendto(4, "second from A", 127.0.0.1:40123) = 13
 *   udp: R got "first from A" from 127.0.0.1:51234
 *   udp: R got "early from B" from 127.0.0.1:51236
 *   udp: R got "second from A" from 127.0.0.1:51234
 *   udp: recv(3, MSG_DONTWAIT) = -1 EAGAIN (Resource temporarily unavailable)
 *   udp: send(3, "reply") = 5
 *   udp: A got "reply" from 127.0.0.1:40123
 *
 * 읽을 man 페이지: man 2 connect ("If the socket sockfd is of type SOCK_DGRAM"), man 7 udp, man 2 recvfrom
 */
#define _GNU_SOURCE /* MSG_DONTWAIT: 리눅스 (BSD에도 있다) */

#include <sys/wait.h>

#include "../common.h"

/* fd로 to에게 text를 보낸다. 결과를 한 줄로 */
static void send_to(int fd, const char *text, const struct sockaddr_in *to)
{
    said(sendto(fd, text, strlen(text), 0, (const struct sockaddr *)to, sizeof *to), "sendto(%d, \"%s\", %s)", fd,
         text, addr_str(to));
}

/* 세 번째 프로세스 B: 제 소켓에서 R에게 하나 보내고 끝난다. 부모는 B가 끝나기를 기다린다. */
static void from_b(const char *text, const struct sockaddr_in *r)
{
    pid_t pid = fork();
    if (pid == -1)
        die("fork");
    if (pid == 0) {
        prog = "B";                              /* 자식의 줄에는 B가 붙는다 */
        int fd = socket(AF_INET, SOCK_DGRAM, 0); /* B의 소켓: 첫 sendto가 A와 다른 임시 포트를 붙인다 */
        if (fd == -1)
            die("socket");
        send_to(fd, text, r); /* 루프백: sendto가 돌아올 때 데이터그램은 이미 R의 큐에 (또는 버려졌다) */
        _exit(0);             /* exit가 아니라 _exit: 부모에게서 물려받은 stdio 버퍼를 두 번 비우지 않는다 */
    }
    if (waitpid(pid, NULL, 0) == -1)
        die("waitpid");
}

/* fd에서 하나 받아, 보낸 주소와 함께 찍는다 (블로킹: 와 있거나 올 것만 부른다) */
static void got(int fd, const char *who)
{
    char buf[64];
    struct sockaddr_in from = {0};
    socklen_t len = sizeof from;
    /* recvfrom: 데이터그램 하나와 그것을 보낸 주소. 길이는 값-결과 인자다 */
    ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
    if (n == -1)
        die("recvfrom");
    printf("%s: %s got %s from %s\n", prog, who, quoted(buf, (size_t)n), addr_str(&from));
}

int main(int argc, char *argv[])
{
    prog = "udp";
    setvbuf(stdout, NULL, _IOLBF, 0); /* 줄마다: fork한 자식이 버퍼를 두 번 찍지 않는다 */
    if (argc > 1) {
        fprintf(argc == 2 && strcmp(argv[1], "-h") == 0 ? stdout : stderr, "usage: udp_connect_filter\n");
        return argc == 2 && strcmp(argv[1], "-h") == 0 ? 0 : 2;
    }
    /* R: 받는 쪽. 127.0.0.1:0에 bind (임시 포트) */
    struct sockaddr_in r, a_addr;
    socklen_t len = sizeof r;
    /* rfd = R(받는 쪽, fd 3), afd = A(R이 고를 상대, fd 4). 둘 다 이 프로세스가 쥔다 */
    int rfd = socket(AF_INET, SOCK_DGRAM, 0), afd = socket(AF_INET, SOCK_DGRAM, 0);
    make_addr(&r, "127.0.0.1", 0);
    if (rfd == -1 || afd == -1 || bind(rfd, (struct sockaddr *)&r, sizeof r) == -1 ||
        getsockname(rfd, (struct sockaddr *)&r, &len) == -1)
        die("socket/bind");

    /* 1. A는 bind하지 않았다: 주소가 없다. 첫 sendto가 포트를 붙인다 (원천 주소 없이 보내는 일은 없다) */
    show_name(afd, 0);
    send_to(afd, "first from A", &r);
    unsigned aport = show_name(afd, 0);
    from_b("early from B", &r); /* R이 connect하기 전에 도착: R의 받는 큐에 들어간다 */

    /* 2. R이 A에게 connect: 패킷은 나가지 않는다. 이제 R은 127.0.0.1:aport에서 온 것만 받는다 */
    make_addr(&a_addr, "127.0.0.1", aport);
    must("connect", connect(rfd, (struct sockaddr *)&a_addr, sizeof a_addr), "connect(%d, %s)", rfd,
         addr_str(&a_addr));
    from_b("late from B", &r); /* 걸러진다: 커널은 R을 찾지 못하고 B에게 ICMP port unreachable을 보낸다 */
    send_to(afd, "second from A", &r);

    /* 3. R이 받는다: connect 전에 온 B의 것, A의 둘. 그다음은 비었다 (B의 늦은 것은 오지 않았다) */
    got(rfd, "R");
    got(rfd, "R");
    got(rfd, "R");
    char b;
    said(recv(rfd, &b, 1, MSG_DONTWAIT), "recv(%d, MSG_DONTWAIT)", rfd);

    /* 4. 연결된 UDP 소켓은 주소 없이 send한다: 기본 상대(A)에게 간다 */
    said(send(rfd, "reply", 5, 0), "send(%d, \"reply\")", rfd);
    got(afd, "A");
    return 0;
}
