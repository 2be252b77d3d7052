/*
 * 10-berkeley-api/experiments/forgotten_htons.c: sin_port는 네트워크 바이트 순서(빅 엔디언)다. htons 없이
 * sin_port = 5001로 적으면, x86 같은 리틀 엔디언 CPU에서는 메모리에 0x89 0x13이 들어가 커널은 그것을
 * 0x1389가 아니라 0x8913 = 35091로 읽는다: server는 엉뚱한 포트에서 듣고 client는 ECONNREFUSED를 받는다.
 * 고정된 포트에 bind하지 않도록, 비어 있는 포트 P를 하나 얻은 뒤 "htons를 잊으면 P가 되는 번호"를 고른다.
 * NOTES.md 1.1절, 6절 "흔한 실수" ①.
 *
 * 실행 (10-berkeley-api 디렉터리에서): ./experiments/forgotten_htons
 * 출력 (리틀 엔디언):
 *   forgotten_htons: htons(5001) = 0x8913 on this CPU (little-endian): 5001 without htons means port 35091
 *   forgotten_htons: wanted port 4253; sin_port = 4253 (no htons)
 *   forgotten_htons: bind(3, 127.0.0.1:40208) = 0      (커널이 읽은 포트)
 *   forgotten_htons: listen(3, backlog=4) = 0
 *   forgotten_htons: getsockname(3) = 127.0.0.1:40208
 *   forgotten_htons: connect(4, 127.0.0.1:4253) = -1 ECONNREFUSED (Connection refused)
 *   forgotten_htons: connect(4, 127.0.0.1:40208) = 0
 *
 * 읽을 man 페이지: man 3 htons (byteorder), man 7 ip (sin_port "in network byte order")
 */
#define _GNU_SOURCE /* 짝과 같은 헤더를 쓴다 */

#include "../common.h"

int main(int argc, char *argv[])
{
    prog = "forgotten_htons";
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1) {
        fprintf(argc == 2 && strcmp(argv[1], "-h") == 0 ? stdout : stderr, "usage: forgotten_htons\n");
        return argc == 2 && strcmp(argv[1], "-h") == 0 ? 0 : 2;
    }
    /* htons(x): 이 CPU의 순서 → 네트워크 순서. 빅 엔디언 CPU에서는 아무 일도 하지 않는다 (그래서 잊기 쉽다) */
    int little = htons(1) != 1;
    printf("%s: htons(5001) = 0x%04x on this CPU (%s-endian): 5001 without htons means port %u\n", prog,
           (unsigned)htons(5001), little ? "little" : "big", (unsigned)ntohs(5001));
    if (!little) {
        printf("%s: nothing to show on a big-endian CPU: htons is a no-op here\n", prog);
        return 0;
    }
    /* 1. 비어 있는 포트 P를 커널에게 얻고 놓는다 (그 사이에 남이 가져갈 일은 드물다) */
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    int t = socket(AF_INET, SOCK_STREAM, 0);
    make_addr(&a, "127.0.0.1", 0);
    if (t == -1 || bind(t, (struct sockaddr *)&a, sizeof a) == -1 || getsockname(t, (struct sockaddr *)&a, &len) == -1)
        die("probe");
    unsigned p = ntohs(a.sin_port), wanted = ntohs((uint16_t)p); /* wanted를 htons 없이 적으면 P가 된다 */
    close(t);

    /* 2. 버그: sin_port = wanted (htons를 잊었다). 커널은 그 두 바이트를 네트워크 순서로 읽어 P에 bind한다 */
    int s = (int)must("socket", socket(AF_INET, SOCK_STREAM, 0), "socket(AF_INET, SOCK_STREAM, 0)");
    make_addr(&a, "127.0.0.1", 0);
    a.sin_port = (in_port_t)wanted; /* 틀렸다: a.sin_port = htons(wanted)여야 한다 */
    printf("%s: wanted port %u; sin_port = %u (no htons)\n", prog, wanted, wanted);
    must("bind", bind(s, (struct sockaddr *)&a, sizeof a), "bind(%d, %s)", s, addr_str(&a)); /* addr_str은 ntohs로 읽는다 */
    must("listen", listen(s, 4), "listen(%d, backlog=4)", s);
    show_name(s, 0); /* 커널이 본 포트: P */

    /* 3. client는 htons를 제대로 써서 wanted에 connect한다: 아무도 없다. P로 가야 닿는다. */
    int rc;
    struct sockaddr_in to;
    make_addr(&to, "127.0.0.1", wanted);
    close(connect_to(&to, 0, &rc));
    make_addr(&to, "127.0.0.1", p);
    close(connect_to(&to, 0, &rc));
    return rc == 0 ? 0 : 1;
}
