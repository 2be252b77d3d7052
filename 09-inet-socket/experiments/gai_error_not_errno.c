/*
 * 09-inet-socket/experiments/gai_error_not_errno.c: getaddrinfo는 실패를 errno가 아니라 돌려준 값(EAI_*)으로
 * 알린다. perror 나 strerror(errno)로 알리면 엉뚱한 말이 나온다 ("Success" 나, 그 전의 어떤 오류).
 * gai_strerror(rc)가 맞는 글이다. rc가 EAI_SYSTEM 일 때만 진짜 까닭이 errno에 있다. NOTES.md 1.2와 6절.
 *
 * 네트워크 없이 실패를 만든다: AI_NUMERICHOST에 숫자가 아닌 주소를 주면 EAI_NONAME, SOCK_STREAM에
 * 없는 서비스 이름을 주면 EAI_SERVICE. errno는 부르기 전에 0으로 둔다 (틀린 방법이 무엇을 찍는지 보이려고).
 *
 * 실행 (make 09-inet-socket 뒤, 09-inet-socket 디렉터리에서):
 *   ./experiments/gai_error_not_errno
 *
 * 출력:
 *   host "not-an-ip" (AI_NUMERICHOST): rc = -2 (EAI_NONAME); perror says "Success"; gai_strerror says "Name or service not known"
 *   service "no-such-service": rc = -8 (EAI_SERVICE); perror says "Success"; gai_strerror says "Servname not supported for ai_socktype"
 *
 * 읽을 man 페이지: man 3 getaddrinfo (RETURN VALUE), man 3 gai_strerror, man 3 perror
 */
#define _POSIX_C_SOURCE 200809L

#include <netdb.h>
#include <sys/socket.h>

#include "exp.h"

/* 한 경우: getaddrinfo를 부르고, 틀린 알림(strerror(errno), perror가 찍는 그것)과 맞는 알림을 나란히 */
static void show(const char *label, const char *host, const char *serv, int flags)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = flags}, *ai;
    errno = 0;
    int rc = getaddrinfo(host, serv, &hints, &ai);
    if (rc == 0) { /* 이 실험은 실패를 보이려는 것이다 */
        freeaddrinfo(ai);
        printf("%s: unexpectedly resolved\n", label);
        exit(1);
    }
    int err = errno; /* perror는 바로 이 값을 글로 바꾼다 */
    const char *name = rc == EAI_NONAME ? "EAI_NONAME" : rc == EAI_SERVICE ? "EAI_SERVICE" : "another EAI_*";
    printf("%s: rc = %d (%s); perror says \"%s\"; gai_strerror says \"%s\"\n", label, rc, name, strerror(err),
           gai_strerror(rc));
}

int main(int argc, char *argv[])
{
    no_args(argc, argv, "gai_error_not_errno", "getaddrinfo reports errors in its return value, not in errno");
    show("host \"not-an-ip\" (AI_NUMERICHOST)", "not-an-ip", "80", AI_NUMERICHOST);
    show("service \"no-such-service\"", "127.0.0.1", "no-such-service", AI_NUMERICHOST);
    return 0;
}
