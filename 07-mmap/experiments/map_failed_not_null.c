/*
 * experiments/map_failed_not_null.c: mmap이 실패하면 NULL이 아니라 MAP_FAILED((void *)-1)를 돌려준다.
 * 흔한 실패 넷을 차례로 일으켜 errno를 보인다. (NOTES.md 6절 "흔한 실수")
 *
 *   길이 0 (빈 파일의 st_size를 그대로 준 경우)        EINVAL  (리눅스 2.6.12부터; POSIX도 실패라고 한다)
 *   fd -1, MAP_ANONYMOUS 없음 (열기 실패를 안 본 경우) EBADF
 *   O_RDONLY로 연 fd에 PROT_WRITE + MAP_SHARED          EACCES  (파일에 쓸 권리가 없는 매핑)
 *   디렉터리의 fd                                       ENODEV  (매핑할 수 없는 종류)
 * if (p == NULL)로 확인하면 넷 모두 "성공"으로 보이고, 0xffffffffffffffff를 만지는 순간 SIGSEGV로 죽는다.
 *
 * 실행:   experiments/map_failed_not_null [DIR]     (DIR에 임시 파일을 만들고 지운다, 기본 .)
 * 출력:
 *   map_failed_not_null: MAP_FAILED is 0xffffffffffffffff, not NULL
 *   map_failed_not_null: length 0 (an empty file): Invalid argument
 *   map_failed_not_null: fd -1 without MAP_ANONYMOUS: Bad file descriptor
 *   map_failed_not_null: PROT_WRITE + MAP_SHARED on an O_RDONLY fd: Permission denied
 *   map_failed_not_null: a directory: No such device
 *
 * 읽을 man 페이지: man 2 mmap (RETURN VALUE, ERRORS, BUGS)
 */
#define _POSIX_C_SOURCE 200809L /* mmap, mkstemp: POSIX */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void die(const char *what)
{
    fprintf(stderr, "map_failed_not_null: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* mmap 하나를 부르고, 그 결과를 MAP_FAILED와 비교해 알린다 (NULL과 비교하지 않는다). */
static void try_map(const char *what, size_t len, int prot, int flags, int fd)
{
    // cppcheck-suppress invalidFunctionArg  ; 틀린 인자가 이 실험의 내용이다
    void *p = mmap(NULL, len, prot, flags, fd, 0);
    if (p == MAP_FAILED) {
        printf("map_failed_not_null: %s: %s\n", what, strerror(errno));
        return;
    }
    printf("map_failed_not_null: %s: unexpectedly mapped at %p\n", what, p);
    // cppcheck-suppress invalidFunctionArg  ; 길이 0의 mmap은 실패하므로 여기 오지 않는다
    if (munmap(p, len) == -1)
        die("munmap");
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 줄마다 */
    int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
    if (help || argc > 2 || (argc == 2 && argv[1][0] == '-')) { /* -h: stdout, 0; 틀린 인자: stderr, 2 */
        fprintf(help ? stdout : stderr, "usage: map_failed_not_null [DIR]\n");
        return help ? 0 : 2;
    }
    const char *dir = argc == 2 ? argv[1] : ".";
    printf("map_failed_not_null: MAP_FAILED is %p, not NULL\n", (void *)MAP_FAILED);

    /* 1. 빈 파일: 새로 만든 파일의 크기는 0이다. st_size(0)를 길이로 주면 EINVAL. */
    char path[4096];
    snprintf(path, sizeof path, "%s/empty.XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd == -1)
        die("mkstemp");
    try_map("length 0 (an empty file)", 0, PROT_READ, MAP_SHARED, fd);

    /* 2. 열기에 실패한 fd(-1)를 그대로 넘긴 경우 */
    try_map("fd -1 without MAP_ANONYMOUS", 4096, PROT_READ, MAP_SHARED, -1);

    /* 3. 읽기로만 연 파일을 쓰기 공유로: 매핑으로 파일에 쓸 수 있게 되므로 커널이 거절한다.
     *    (MAP_PRIVATE라면 된다: 쓰기는 복사본에만 가므로 파일을 바꾸지 않는다.) */
    int ro = open(path, O_RDONLY | O_CLOEXEC);
    if (ro == -1)
        die("open O_RDONLY");
    if (ftruncate(fd, 4096) == -1)
        die("ftruncate");
    try_map("PROT_WRITE + MAP_SHARED on an O_RDONLY fd", 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro);

    /* 4. 디렉터리도 O_RDONLY로는 열린다. 하지만 매핑할 페이지가 없다. */
    int d = open(dir, O_RDONLY | O_CLOEXEC);
    if (d == -1)
        die("open DIR");
    try_map("a directory", 4096, PROT_READ, MAP_SHARED, d);

    if (close(d) == -1 || close(ro) == -1 || close(fd) == -1 || unlink(path) == -1)
        die("cleanup");
    return 0;
}
