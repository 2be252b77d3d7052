/*
 * 02-signal/experiments/nonreentrant_handler.c: 핸들러가 재진입할 수 없는 함수를 부르면 main의 결과가 깨진다.
 *
 * fmt()는 숫자를 정적 버퍼에 한 글자씩 적는다 (printf가 stdio 버퍼를 쓰는 것과 같은 모양이다).
 * main이 fmt(12345)를 하는 도중, 두 글자를 적은 순간에 SIGUSR1이 온다 (raise로 그 순간을 정한다).
 * 핸들러도 fmt(999)를 부르면 같은 버퍼를 덮어써서, main이 받는 결과는 "12345"가 아니라 "99345"다.
 * 핸들러가 플래그만 세우면 결과는 그대로다. 그래서 핸들러에서 printf, malloc을 부르지 않는다.
 * (raise로 부른 시그널이라 ISO C로도 정의된 동작이다: 매번 같다.) NOTES 1.4절 "핸들러 안에서 해도 되는 일".
 *
 * 실행 (02-signal 디렉터리에서): make 02-signal && ./experiments/nonreentrant_handler
 *
 * 출력:
 *   nonreentrant_handler: handler calls fmt(999) in the middle: main's fmt(12345) returned "99345"
 *   nonreentrant_handler: handler only sets a flag:             main's fmt(12345) returned "12345"
 *
 * 읽을 man 페이지: man 7 signal-safety, man 3 raise
 */
#define _POSIX_C_SOURCE 200809L /* sigaction은 POSIX에 있다 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char buf[16];              /* fmt의 결과를 담는 정적 버퍼: 부르는 모두가 함께 쓴다 */
static volatile sig_atomic_t got; /* 안전한 핸들러가 세우는 플래그 */

/* n을 10진수 글자로 buf에 적는다. interrupt면 두 글자를 적은 뒤 SIGUSR1을 스스로에게 보낸다. */
static const char *fmt(int n, int interrupt)
{
    char digits[16];
    int len = 0;
    do {
        digits[len++] = (char)('0' + n % 10); /* 거꾸로 모은다 */
        n /= 10;
    } while (n > 0);
    for (int i = 0; i < len; i++) {
        buf[i] = digits[len - 1 - i];
        if (interrupt && i == 1)
            raise(SIGUSR1); /* 시그널이 "하필 이때" 온다: 핸들러는 raise가 돌아오기 전에 돈다 */
    }
    buf[len] = '\0';
    return buf;
}

static void unsafe_handler(int signo)
{
    (void)signo;
    fmt(999, 0); /* main이 쓰던 buf를 덮어쓴다: "999\0" */
}

static void safe_handler(int signo)
{
    (void)signo;
    got = 1; /* 대입만: 무엇을 했는지는 main이 나중에 본다 */
}

static void install(void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGUSR1, &sa, NULL) == -1) {
        fprintf(stderr, "nonreentrant_handler: sigaction: %s\n", strerror(errno));
        exit(1);
    }
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 한 줄씩 내보낸다 */
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: nonreentrant_handler   (no arguments)\n");
        return 0;
    }
    if (argc != 1) {
        fprintf(stderr, "usage: nonreentrant_handler   (no arguments)\n");
        return 2;
    }

    install(unsafe_handler);
    printf("nonreentrant_handler: handler calls fmt(999) in the middle: main's fmt(12345) returned \"%s\"\n",
           fmt(12345, 1));

    install(safe_handler);
    const char *s = fmt(12345, 1); /* 먼저 부른다: printf의 인자를 계산하는 순서는 정해져 있지 않다 */
    printf("nonreentrant_handler: handler only sets a flag:             main's fmt(12345) returned \"%s\"%s\n", s,
           got ? "" : " (the handler did not run?)");
    return 0;
}
