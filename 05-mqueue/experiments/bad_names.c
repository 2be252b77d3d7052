/*
 * experiments/bad_names.c: 큐 이름은 파일 경로가 아니다. '/' 하나로 시작하고 그 뒤에 '/' 없는
 * 글자가 1..NAME_MAX(255) 개여야 한다. 규칙을 어긴 이름을 그대로 mq_open에 넘기면, 이름과는 상관
 * 없어 보이는 오류가 돌아온다. NOTES.md 1.2절 (이 장의 두 프로그램이 이름을 먼저 검사하는 까닭).
 *
 * glibc는 앞의 '/'를 떼고 나머지를 커널(mq_open 시스템 호출)에 넘긴다. 그래서 "/"는 빈 이름이
 * 되고(ENOENT), 두 번째 '/'는 커널의 파일 이름 검사에 걸린다(EACCES). 다른 libc는 다를 수 있다
 * (musl은 '/' 없는 이름도 받는다). 만들어진 큐는 곧바로 지운다.
 *
 * 실행 (05-mqueue 디렉터리에서):
 *   ./experiments/bad_names            좋은 이름의 예: /bad_names-PID
 *   ./experiments/bad_names /NAME
 * 출력 (리눅스, glibc):
 *   "bad_names-4242" (no leading '/'): Invalid argument
 *   "/bad_names-4242/x" (a second '/'): Permission denied
 *   "/" (nothing after the '/'): No such file or directory
 *   "/xxx...x" (256 characters after the '/'): File name too long
 *   "/xxx...x" (255 characters after the '/'): created
 *   "/bad_names-4242" (a good name): created
 * 읽을 man 페이지: man 7 mq_overview (Message queue names), man 3 mq_open
 */
#define _POSIX_C_SOURCE 200809L /* mq_open (POSIX.1-2008) */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 이름 하나로 큐를 만들어 보고 결과를 찍는다. 만들어졌으면 곧바로 닫고 지운다. 성공이면 0. */
static int try_name(const char *name, const char *shown, const char *why)
{
    struct mq_attr attr = {.mq_maxmsg = 1, .mq_msgsize = 16};
    mqd_t q = mq_open(name, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR, &attr);
    if (q == (mqd_t)-1) {
        printf("\"%s\" (%s): %s\n", shown, why, strerror(errno));
        return 0;
    }
    printf("\"%s\" (%s): created\n", shown, why);
    if (mq_close(q) == -1 || mq_unlink(name) == -1) {
        fprintf(stderr, "bad_names: cleaning up %s: %s\n", shown, strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char *argv[])
{
    char good[NAME_MAX + 2], slash2[NAME_MAX + 8], len256[NAME_MAX + 3], len255[NAME_MAX + 2];
    if (argc > 2 || (argc == 2 && argv[1][0] != '/')) { /* -h, --help, 그 밖의 것 */
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: bad_names [/NAME]   (default: /bad_names-PID)\n");
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 한 줄씩 내보낸다 */
    if (argc == 2) /* 이름을 주지 않으면 PID로 짓는다: 동시에 돌려도 겹치지 않게 */
        snprintf(good, sizeof good, "%.*s", NAME_MAX - 8, argv[1]);
    else
        snprintf(good, sizeof good, "/bad_names-%ld", (long)getpid());
    snprintf(slash2, sizeof slash2, "%s/x", good);

    /* 255 글자와 256 글자 이름: '/' 뒤가 NAME_MAX를 넘으면 ENAMETOOLONG (good으로 시작해 겹치지 않게). */
    memset(len256, 'x', sizeof len256 - 1);
    len256[sizeof len256 - 1] = '\0';
    memcpy(len256, good, strlen(good));
    memcpy(len255, len256, sizeof len255 - 1); /* 한 글자 짧게 */
    len255[sizeof len255 - 1] = '\0';

    int bad = 0;
    bad |= try_name(good + 1, good + 1, "no leading '/'"); /* glibc: EINVAL, musl: 만든다 */
    bad |= try_name(slash2, slash2, "a second '/'");
    bad |= try_name("/", "/", "nothing after the '/'");
    bad |= try_name(len256, "/xxx...x", "256 characters after the '/'");
    bad |= try_name(len255, "/xxx...x", "255 characters after the '/'");
    bad |= try_name(good, good, "a good name");
    return bad;
}
