/*
 * 06-shm/experiments/named_semaphore_keeps_value.c: 이름 있는 세마포어(sem_open)는 프로세스가 끝나도
 * /dev/shm/sem.NAME으로 남는다. 다음 실행의 sem_open(O_CREAT, 값 1)은 그것을 그냥 열고, 준 초기값은
 * 무시한다: 지난 실행이 0으로 남겼다면 첫 sem_wait에서 영원히 잔다. O_EXCL이 그것을 알려 준다.
 * NOTES 6절 흔한 실수 ③, 그리고 1.4절 "왜 이름 없는 세마포어를 고리 안에 두나".
 *
 * 실행 (06-shm 디렉터리에서):
 *   ./experiments/named_semaphore_keeps_value              /named-sem-demo-PID를 쓴다
 *   ./experiments/named_semaphore_keeps_value /myname
 *
 * 출력:
 *   named_sem: run 1: sem_open("/named-sem-demo-4242", O_CREAT, 0600, 0), then exit without sem_unlink
 *   named_sem: it is a file now: /dev/shm/sem.named-sem-demo-4242
 *   named_sem: run 2: sem_open(O_CREAT, 0600, 1) -> value 0: the initial value 1 was ignored
 *   named_sem: run 2 with O_EXCL: sem_open -> File exists: the stale semaphore is reported, not reused
 *   named_sem: sem_unlink removed it
 *
 * 두 "실행"은 이 프로그램 안에서 sem_close로 흉내 낸다 (프로세스가 끝나는 것도 sem_close와 같다).
 *
 * 읽을 man 페이지: man 3 sem_open, man 3 sem_unlink, man 3 sem_getvalue, man 7 sem_overview
 */
#define _POSIX_C_SOURCE 200809L /* sem_open, sem_getvalue */

#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char name[64];
static int created = 0; /* 만든 세마포어가 남아 있으면 끝날 때 지운다 */

static void die(const char *what)
{
    fprintf(stderr, "named_sem: %s: %s\n", what, strerror(errno));
    if (created)
        sem_unlink(name);
    exit(1);
}

int main(int argc, char *argv[])
{
    int value;

    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: named_semaphore_keeps_value [/NAME]\n이름 있는 세마포어가 남아 다음 sem_open의 초기값을 무시함을 보인다.\n");
        return 0;
    }
    if (argc > 2 || (argc == 2 && (argv[1][0] != '/' || strlen(argv[1]) >= sizeof name || strchr(argv[1] + 1, '/')))) {
        fprintf(stderr, "usage: named_semaphore_keeps_value [/NAME]   (one '/', then up to 62 characters)\n");
        return 2;
    }
    if (argc == 2)
        snprintf(name, sizeof name, "%s", argv[1]);
    else
        snprintf(name, sizeof name, "/named-sem-demo-%ld", (long)getpid());

    /* 실행 1: 값 0으로 만들고, 지우지 않고 닫는다 (잠금을 쥔 채 죽은 프로그램과 같은 자국) */
    sem_t *s = sem_open(name, O_CREAT | O_EXCL, 0600, 0);
    if (s == SEM_FAILED) /* 실패는 NULL이 아니라 SEM_FAILED */
        die("sem_open");
    created = 1;
    if (sem_close(s) == -1)
        die("sem_close");
    printf("named_sem: run 1: sem_open(\"%s\", O_CREAT, 0600, 0), then exit without sem_unlink\n", name);
    char path[80];
    struct stat st;
    snprintf(path, sizeof path, "/dev/shm/sem.%s", name + 1); /* 리눅스의 glibc가 쓰는 곳 */
    if (stat(path, &st) == 0)
        printf("named_sem: it is a file now: %s\n", path);
    else
        printf("named_sem: no %s here (not Linux/glibc?): %s\n", path, strerror(errno));

    /* 실행 2: 보통의 "만들거나 열기". 있으므로 열기만 하고, 초기값 1은 쓰이지 않는다 */
    s = sem_open(name, O_CREAT, 0600, 1);
    if (s == SEM_FAILED)
        die("sem_open");
    if (sem_getvalue(s, &value) == -1)
        die("sem_getvalue");
    printf("named_sem: run 2: sem_open(O_CREAT, 0600, 1) -> value %d: the initial value 1 was %s\n", value,
           value == 0 ? "ignored" : "used?!");
    if (sem_close(s) == -1)
        die("sem_close");

    /* 실행 2, 바르게: O_EXCL이면 남은 것을 알아챈다 (그다음에 지울지 쓸지는 프로그램이 정한다) */
    if (sem_open(name, O_CREAT | O_EXCL, 0600, 1) != SEM_FAILED)
        printf("named_sem: run 2 with O_EXCL: sem_open succeeded?!\n");
    else
        printf("named_sem: run 2 with O_EXCL: sem_open -> %s: the stale semaphore is reported, not reused\n",
               strerror(errno));

    if (sem_unlink(name) == -1)
        die("sem_unlink");
    created = 0;
    printf("named_sem: sem_unlink removed it\n");
    return value == 0 ? 0 : 1;
}
