/*
 * 09-inet-socket/experiments/exp.h: 실험 프로그램들이 함께 쓰는 두 가지 (이 장의 실험 안에서만 쓴다).
 * 실험마다 die()를 되풀이하지 않으려는 것뿐이다: 소켓에 관한 것은 모두 각 실험 안에 있다.
 */
#ifndef INET_EXPERIMENT_H
#define INET_EXPERIMENT_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *exp_name; /* 메시지 앞에 붙는 실험의 이름 */

/* "이름: 무엇: strerror"를 알리고 상태 1로 끝낸다 */
static inline _Noreturn void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", exp_name, what, strerror(errno));
    exit(1);
}

/* 인자가 없는 실험: -h/--help는 사용법을 stdout에 (상태 0), 그 밖의 인자는 stderr에 (상태 2).
 * stdout은 줄마다 내보낸다: 테스트가 파이프로 읽는다. */
static inline void no_args(int argc, char *argv[], const char *name, const char *about)
{
    exp_name = name;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 1)
        return;
    int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
    fprintf(help ? stdout : stderr, "usage: %s   (%s)\n", name, about);
    exit(help ? 0 : 2);
}

#endif
