/*
 * experiments/page_aligned_offset.c: mmap의 offset은 페이지 크기의 배수여야 한다. "100번째 바이트부터"를
 * 매핑하려면 그 앞의 페이지 경계부터 매핑하고 포인터를 옮긴다. (NOTES.md 6절 "흔한 실수")
 *
 * 커널은 페이지 단위로만 매핑한다: 가상 주소의 한 페이지가 파일의 한 페이지를 통째로 가리킨다.
 * 그래서 offset 100은 EINVAL이다. 페이지 크기는 sysconf(_SC_PAGESIZE)로 묻는다: x86-64는 4096이지만
 * ARM64 기계에는 16 KiB(Apple M 시리즈의 리눅스), 64 KiB 페이지도 있다. 4096을 적어 두면 거기서 실패한다.
 *
 * 실행:   experiments/page_aligned_offset [DIR]     (DIR에 임시 파일을 만들고 지운다, 기본 .)
 * 출력:
 *   page_aligned_offset: page size 4096 (sysconf(_SC_PAGESIZE))
 *   page_aligned_offset: mmap(offset 100): Invalid argument
 *   page_aligned_offset: offset 100 -> map from 0, pointer + 100: "byte-100.." (pread: "byte-100..")
 *   page_aligned_offset: offset 5000 -> map from 4096, pointer + 904: "byte-5000." (pread: "byte-5000.")
 *
 * 읽을 man 페이지: man 2 mmap (offset), man 3 sysconf, man 2 getpagesize
 */
#define _POSIX_C_SOURCE 200809L /* mmap, mkstemp, pread, sysconf: POSIX */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void die(const char *what)
{
    fprintf(stderr, "page_aligned_offset: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* 파일의 offset에서 len 바이트를 매핑해 그 주소를 돌려준다. mmap에는 페이지 경계를 주고,
 * 경계에서 offset까지의 차이(delta)만큼 길이를 늘이고 포인터를 옮긴다. 뗄 때는 base와 map_len. */
static char *map_at(int fd, long offset, size_t len, long page, void **base, size_t *map_len)
{
    long aligned = offset & ~(page - 1); /* page는 2의 거듭제곱: 아래 자리를 지우면 경계다 */
    size_t delta = (size_t)(offset - aligned);
    *map_len = len + delta;
    *base = mmap(NULL, *map_len, PROT_READ, MAP_SHARED, fd, aligned);
    if (*base == MAP_FAILED)
        die("mmap");
    return (char *)*base + delta;
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 줄마다 */
    int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
    if (help || argc > 2 || (argc == 2 && argv[1][0] == '-')) { /* -h: stdout, 0; 틀린 인자: stderr, 2 */
        fprintf(help ? stdout : stderr, "usage: page_aligned_offset [DIR]\n");
        return help ? 0 : 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/offset.XXXXXX", argc == 2 ? argv[1] : ".");
    int fd = mkstemp(path);
    if (fd == -1)
        die("mkstemp");
    long page = sysconf(_SC_PAGESIZE);
    printf("page_aligned_offset: page size %ld (sysconf(_SC_PAGESIZE))\n", page);

    /* 파일: 8192바이트. 100번째와 5000번째 바이트에 표시를 적는다 (준비는 pwrite로). */
    if (ftruncate(fd, 8192) == -1 || pwrite(fd, "byte-100..", 10, 100) != 10 ||
        pwrite(fd, "byte-5000.", 10, 5000) != 10)
        die("prepare the file");

    /* 1. 경계가 아닌 offset: 커널이 거절한다 */
    void *bad = mmap(NULL, 10, PROT_READ, MAP_SHARED, fd, 100);
    if (bad != MAP_FAILED)
        printf("page_aligned_offset: mmap(offset 100) unexpectedly succeeded\n");
    else
        printf("page_aligned_offset: mmap(offset 100): %s\n", strerror(errno));

    /* 2. 바른 방법: 경계부터 매핑하고 포인터를 옮긴다. pread로 읽은 것과 같아야 한다. */
    long offsets[] = {100, 5000};
    for (int i = 0; i < 2; i++) {
        void *base;
        size_t map_len;
        char via_read[11] = "";
        const char *q = map_at(fd, offsets[i], 10, page, &base, &map_len);
        if (pread(fd, via_read, 10, offsets[i]) != 10)
            die("pread");
        printf("page_aligned_offset: offset %ld -> map from %ld, pointer + %ld: \"%.10s\" (pread: \"%s\")\n",
               offsets[i], offsets[i] & ~(page - 1), offsets[i] % page, q, via_read);
        if (munmap(base, map_len) == -1)
            die("munmap");
    }
    if (close(fd) == -1 || unlink(path) == -1)
        die("cleanup");
    return 0;
}
