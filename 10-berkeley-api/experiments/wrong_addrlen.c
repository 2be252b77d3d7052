/*
 * 10-berkeley-api/experiments/wrong_addrlen.c: bind와 connect의 세 번째 인자는 주소 구조체의 크기다
 * (IPv4는 sizeof(struct sockaddr_in) = 16). 씨앗 노트처럼 "socklen_t의 크기"(4)를 주면 커널은 주소를
 * 다 읽지 못해 -1/EINVAL이다. 15도 EINVAL, 16이면 된다. 더 큰 버퍼(sockaddr_storage, 128)도 받아 준다.
 * sin_family가 AF_INET이 아니면 EAFNOSUPPORT. NOTES.md 5절 바로잡기 #34.
 *
 * 실행 (10-berkeley-api 디렉터리에서): ./experiments/wrong_addrlen
 * 출력:
 *   wrong_addrlen: bind(3, 127.0.0.1:0, addrlen=4) = -1 EINVAL (Invalid argument)
 *   wrong_addrlen: bind(3, 127.0.0.1:0, addrlen=15) = -1 EINVAL (Invalid argument)
 *   wrong_addrlen: bind(3, 127.0.0.1:0, addrlen=16) = 0
 *   wrong_addrlen: bind(4, 127.0.0.1:0, addrlen=128) = 0
 *   wrong_addrlen: connect(6, 127.0.0.1:40123, addrlen=4) = -1 EINVAL (Invalid argument)
 *   wrong_addrlen: bind(7, family=AF_UNIX 127.0.0.1:0, addrlen=16) = -1 EAFNOSUPPORT (Address family not supported by protocol)
 *
 * 읽을 man 페이지: man 2 bind (EINVAL: "addrlen is wrong"), man 2 connect, man 7 ip
 */
#define _GNU_SOURCE /* 짝과 같은 헤더를 쓴다 */

#include "../common.h"

/* 새 소켓(fd < 0이면)이나 fd에 길이 len으로 bind해 본다. 소켓의 fd를 돌려준다. */
static int try_bind(int fd, const struct sockaddr_storage *ss, socklen_t len, const char *note)
{
    if (fd < 0 && (fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
        die("socket");
    said(bind(fd, (const struct sockaddr *)ss, len), "bind(%d, %s%s, addrlen=%u)", fd, note,
         addr_str((const struct sockaddr_in *)ss), (unsigned)len);
    return fd;
}

int main(int argc, char *argv[])
{
    prog = "wrong_addrlen";
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1) {
        fprintf(argc == 2 && strcmp(argv[1], "-h") == 0 ? stdout : stderr, "usage: wrong_addrlen\n");
        return argc == 2 && strcmp(argv[1], "-h") == 0 ? 0 : 2;
    }
    /* sockaddr_storage: 어느 주소 종류든 담을 만큼 크고(128바이트) 정렬도 맞는 버퍼. 앞에 IPv4 주소를 둔다. */
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *a = (struct sockaddr_in *)&ss;
    make_addr(a, "127.0.0.1", 0);

    /* 1. 커널(inet_bind)은 addrlen < sizeof(struct sockaddr_in)이면 읽기 전에 EINVAL로 돌려보낸다 */
    int fd = try_bind(-1, &ss, sizeof(socklen_t), ""); /* 씨앗의 "socklen_t의 크기" = 4 */
    try_bind(fd, &ss, sizeof *a - 1, "");              /* 한 바이트 모자라도 */
    try_bind(fd, &ss, sizeof *a, "");                  /* 16: 맞다 */
    try_bind(-1, &ss, sizeof ss, "");                  /* 128: 뒤의 남는 바이트는 보지 않는다 */

    /* 2. connect도 같다: 주소를 읽기 전에 길이부터 본다 */
    int lfd = (int)socket(AF_INET, SOCK_STREAM, 0), cfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in to = {0};
    socklen_t len = sizeof to;
    if (lfd == -1 || cfd == -1 || bind(lfd, (struct sockaddr *)a, sizeof *a) == -1 || listen(lfd, 1) == -1 ||
        getsockname(lfd, (struct sockaddr *)&to, &len) == -1)
        die("listener");
    said(connect(cfd, (struct sockaddr *)&to, sizeof(socklen_t)), "connect(%d, %s, addrlen=%u)", cfd, addr_str(&to),
         (unsigned)sizeof(socklen_t));

    /* 3. 길이가 맞아도 sin_family가 다른 종류면: 이 IPv4 소켓은 그 주소를 모른다 */
    a->sin_family = AF_UNIX;
    try_bind(-1, &ss, sizeof *a, "family=AF_UNIX ");
    close(cfd);
    close(lfd);
    return 0; /* try_bind가 만든 소켓들은 exit가 닫는다 */
}
