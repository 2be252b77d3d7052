/*
 * 10-berkeley-api/experiments/addrlen_value_result.c: accept, getsockname, getpeername, recvfrom의 마지막
 * 인자(socklen_t *)는 값-결과 인자다. 들어갈 때는 "주소 버퍼의 크기", 나올 때는 "커널이 가진 주소의 실제
 * 크기"다. 버퍼가 작으면 커널은 앞부분만 복사하고 길이에는 실제 크기를 적는다 (나온 값 > 넣은 값 = 잘렸다).
 * 0을 넣으면 아무것도 복사하지 않는다 (그래도 길이에는 16이 적힌다). 음수(-1)면 EINVAL이고, accept는 그때
 * 이미 큐에서 꺼낸 연결을 닫아 버린다. 그래서 길이는 부를 때마다 sizeof 버퍼로 다시 채운다.
 * NOTES.md 1.6절, 5절 바로잡기 #42, 6절 "흔한 실수" ③.
 *
 * 실행 (10-berkeley-api 디렉터리에서): ./experiments/addrlen_value_result
 * 출력:
 *   addrlen_value_result: accept(3, len 128 -> 16) = 7 from 127.0.0.1:51234     (4, 5, 6은 client 셋)
 *   addrlen_value_result: getpeername(7, len 6 -> 16) = 0: 127.0.255.255:51234 (truncated: the buffer was 0xff)
 *   addrlen_value_result: accept(3, len 0 -> 16) = 8: the address buffer is untouched (family 0xffff)
 *   addrlen_value_result: accept(3, len -1) = -1 EINVAL (Invalid argument)
 *   addrlen_value_result: the client of that connection reads recv = 0 (EOF): accept took it off the queue and closed it
 *
 * 읽을 man 페이지: man 2 accept ("value-result argument"), man 2 getsockname, man 2 getpeername
 */
#define _GNU_SOURCE /* 짝과 같은 헤더를 쓴다 */

#include "../common.h"

int main(int argc, char *argv[])
{
    prog = "addrlen_value_result";
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1) {
        fprintf(argc == 2 && strcmp(argv[1], "-h") == 0 ? stdout : stderr, "usage: addrlen_value_result\n");
        return argc == 2 && strcmp(argv[1], "-h") == 0 ? 0 : 2;
    }
    struct sockaddr_in srv;
    int lfd = listener(4, &srv), rc, c[3];
    for (int i = 0; i < 3; i++) /* 연결 셋을 미리 큐에 넣어 둔다 */
        if ((c[i] = connect_to(&srv, 0, &rc)) == -1 || rc == -1)
            return 1;

    /* 1. 넉넉한 버퍼 (sockaddr_storage, 128바이트): 들어갈 때 128, 나올 때 IPv4 주소의 크기 16 */
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    socklen_t len = sizeof ss;
    int fd = accept(lfd, (struct sockaddr *)&ss, &len);
    if (fd == -1)
        die("accept");
    printf("%s: accept(%d, len %zu -> %u) = %d from %s\n", prog, lfd, sizeof ss, (unsigned)len, fd,
           addr_str((struct sockaddr_in *)&ss));

    /* 2. 작은 버퍼 (6바이트): family 2 + port 2 + 주소의 앞 2바이트만 온다. 나머지는 넣기 전의 0xff 그대로 */
    struct sockaddr_in a;
    memset(&a, 0xff, sizeof a);
    len = 6;
    rc = getpeername(fd, (struct sockaddr *)&a, &len);
    printf("%s: getpeername(%d, len 6 -> %u) = %d: %s (truncated: the buffer was 0xff)\n", prog, fd, (unsigned)len, rc,
           addr_str(&a));

    /* 3. len 0: "주소는 필요 없다"와 같다 (NULL, NULL처럼). 연결은 받지만 버퍼는 건드리지 않는다.
     *    초기화하지 않은 len이 우연히 0이면 이렇게 되고, 쓰레기 값이면 아래 4처럼 된다. */
    memset(&a, 0xff, sizeof a);
    len = 0;
    fd = accept(lfd, (struct sockaddr *)&a, &len);
    if (fd == -1)
        die("accept");
    printf("%s: accept(%d, len 0 -> %u) = %d: the address buffer is untouched (family 0x%x)\n", prog, lfd,
           (unsigned)len, fd, (unsigned)a.sin_family);

    /* 4. len -1 (socklen_t로는 아주 큰 수, 커널은 int로 보아 음수): EINVAL. 커널은 주소를 복사하기 전에
     *    이미 연결을 큐에서 꺼냈으므로, 실패하며 그 새 소켓을 닫는다: 남은 client는 EOF를 받는다. */
    len = (socklen_t)-1;
    said(accept(lfd, (struct sockaddr *)&a, &len), "accept(%d, len -1)", lfd);
    char b;
    long n = recv(c[2], &b, 1, 0); /* 블로킹: 닫힌 연결의 FIN(또는 RST)이 오면 돌아온다 */
    printf("%s: the client of that connection reads recv = %ld%s\n", prog, n,
           n == 0 ? " (EOF): accept took it off the queue and closed it" : "");
    return 0;
}
