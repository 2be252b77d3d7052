/*
 * 02-signal/experiments/forged_si_pid.c: si_pid는 증명이 아니다. sigqueue의 si_pid는 보내는 쪽이 채운다.
 *
 * sigqueue(3)는 rt_sigqueueinfo(2) 시스템 호출 위의 얇은 포장이다: libc가 siginfo_t를 채우고
 * (si_code = SI_QUEUE, si_pid = getpid()) 커널에 넘긴다. 이 프로그램은 그 호출을 직접 부르며 si_pid에
 * 남의 PID(기본 1, init)를 적는다. 보통 사용자도 된다: 커널이 다른 프로세스에게서 막는 것은 si_code가
 * 0 이상(kill의 SI_USER, 커널이 만든 코드)이거나 SI_TKILL인 척하는 것뿐이다. 보낼 권한은 진짜 보내는
 * 쪽으로 따지지만, server는 "from pid 1"이라고 알린다. NOTES 1.7절 "누구에게, 누가 보낼 수 있나".
 * 리눅스 전용이다 (rt_sigqueueinfo를 syscall로 부른다).
 *
 * 실행 (02-signal 디렉터리에서, server를 띄운 뒤): ./experiments/forged_si_pid PID [FAKE_PID]
 *
 * 출력:
 *   forged_si_pid: sent SIGRTMIN to pid 4242 claiming to be pid 1 (si_code SI_QUEUE, value 99)
 *   forged_si_pid: claiming SI_USER (as kill does) is refused: Operation not permitted
 *   (server 쪽) server: SIGRTMIN from pid 1 (sigqueue, value 99)
 *
 * 읽을 man 페이지: man 2 rt_sigqueueinfo, man 3 sigqueue, man 2 sigaction (siginfo_t)
 */
#define _GNU_SOURCE /* syscall()과 SYS_rt_sigqueueinfo는 리눅스의 것이다 */

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

static void usage(FILE *to)
{
    fprintf(to, "usage: forged_si_pid PID [FAKE_PID]   (FAKE_PID default 1)\n");
}

/* PID 인자: 1..INT_MAX. 아니면 0. */
static pid_t parse_pid(const char *s)
{
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || n < 1 || n > INT_MAX)
        return 0;
    return (pid_t)n;
}

/* si_code와 si_pid를 마음대로 적은 SIGRTMIN을 보낸다. 시스템 호출의 결과를 그대로 돌려준다. */
static long send_forged(pid_t to, pid_t claimed, int code)
{
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = SIGRTMIN;
    si.si_code = code;
    si.si_pid = claimed; /* 커널은 이 칸을 고치지 않는다 */
    si.si_uid = getuid();
    si.si_value.sival_int = 99;
    return syscall(SYS_rt_sigqueueinfo, (long)to, (long)SIGRTMIN, &si);
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 한 줄씩 내보낸다 */
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        usage(stdout);
        return 0;
    }
    pid_t to = argc >= 2 && argc <= 3 ? parse_pid(argv[1]) : 0;
    pid_t claimed = argc == 3 ? parse_pid(argv[2]) : 1;
    if (to == 0 || claimed == 0 || to == getpid()) {
        usage(stderr);
        return 2;
    }

    if (send_forged(to, claimed, SI_QUEUE) == -1) {
        fprintf(stderr, "forged_si_pid: rt_sigqueueinfo: %s\n", strerror(errno));
        return 1;
    }
    printf("forged_si_pid: sent SIGRTMIN to pid %ld claiming to be pid %ld (si_code SI_QUEUE, value 99)\n", (long)to,
           (long)claimed);

    /* kill인 척(SI_USER)은 거절된다: 커널은 0 이상의 si_code를 다른 프로세스에게서 받지 않는다. */
    if (send_forged(to, claimed, SI_USER) == 0) {
        fprintf(stderr, "forged_si_pid: a forged SI_USER was accepted?\n");
        return 1;
    }
    printf("forged_si_pid: claiming SI_USER (as kill does) is refused: %s\n", strerror(errno));
    return 0;
}
