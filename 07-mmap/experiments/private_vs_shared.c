/*
 * experiments/private_vs_shared.c: MAP_PRIVATE로 쓴 것은 파일에도, 다른 프로세스에도 닿지 않는다.
 * (NOTES.md 1.2 "MAP_SHARED와 MAP_PRIVATE")
 *
 * 두 페이지짜리 파일("AAAA..." / "BBBB...")을 MAP_PRIVATE로 매핑하고 0쪽 페이지에 "mine"을 쓴다.
 * 커널은 쓰는 순간 그 페이지를 이 프로세스만의 복사본으로 바꾼다(copy-on-write). 그래서 파일(pread)도,
 * 자기 매핑을 따로 만든 자식도 "AAAA"를 본다. 그다음 자식이 MAP_SHARED로 두 페이지에 "CCCC"를 쓰면:
 * 복사된 0쪽은 여전히 "mine"이지만, 한 번도 쓰지 않은 1쪽은 파일의 새 내용 "CCCC"를 보여 준다.
 * (리눅스에서 그렇다. POSIX는 MAP_PRIVATE가 매핑 뒤의 파일 변경을 보는지 정하지 않았다.)
 *
 * 실행:   experiments/private_vs_shared [DIR]     (DIR에 임시 파일을 만들고 지운다, 기본 .)
 * 출력:
 *   private_vs_shared: MAP_PRIVATE: wrote "mine" on page 0; my mapping reads "mine"
 *   private_vs_shared: the file (pread) reads "AAAA": the write did not reach the file
 *   private_vs_shared: child, own MAP_SHARED mapping, reads "AAAA": nor another process
 *   private_vs_shared: child wrote "CCCC" on pages 0 and 1 through MAP_SHARED; the file reads "CCCC" "CCCC"
 *   private_vs_shared: my private page 0 (copied when I wrote it) still reads "mine"
 *   private_vs_shared: my private page 1 (never written, so never copied) reads "CCCC": the file shows through
 *
 * 읽을 man 페이지: man 2 mmap (MAP_PRIVATE), man 2 fork, man 2 pread
 */
#define _POSIX_C_SOURCE 200809L /* mmap, mkstemp, pread: POSIX */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
    fprintf(stderr, "private_vs_shared: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* 파일의 offset에서 4바이트를 read 계열 호출로 읽는다 (매핑을 거치지 않은, 파일 자체의 내용) */
static const char *file_at(int fd, off_t offset)
{
    static char buf[2][5];
    static int which;
    char *b = buf[which++ % 2];
    if (pread(fd, b, 4, offset) != 4)
        die("pread");
    b[4] = '\0';
    return b;
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 줄마다 */
    int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
    if (help || argc > 2 || (argc == 2 && argv[1][0] == '-')) { /* -h: stdout, 0; 틀린 인자: stderr, 2 */
        fprintf(help ? stdout : stderr, "usage: private_vs_shared [DIR]\n");
        return help ? 0 : 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/private.XXXXXX", argc == 2 ? argv[1] : ".");
    int fd = mkstemp(path); /* O_EXCL, 0600으로 새 이름을 만든다 */
    if (fd == -1)
        die("mkstemp");
    long page = sysconf(_SC_PAGESIZE);
    char *content = malloc((size_t)page * 2);
    if (content == NULL)
        die("malloc");
    memset(content, 'A', (size_t)page);
    memset(content + page, 'B', (size_t)page);
    if (write(fd, content, (size_t)page * 2) != page * 2) /* 준비는 보통의 write로 */
        die("write");
    free(content);

    /* 1. MAP_PRIVATE: 읽기는 페이지 캐시의 페이지를 그대로 쓰고, 쓰기는 그 페이지를 복사한다. */
    char *p = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED)
        die("mmap MAP_PRIVATE");
    memcpy(p, "mine", 4);
    printf("private_vs_shared: MAP_PRIVATE: wrote \"mine\" on page 0; my mapping reads \"%.4s\"\n", p);
    printf("private_vs_shared: the file (pread) reads \"%s\": the write did not reach the file\n", file_at(fd, 0));

    /* 2. 자식: fork 전의 매핑을 물려받지 않고 자기 MAP_SHARED 매핑을 만들어, 남의 눈으로 본다. */
    fflush(stdout);
    pid_t child = fork();
    if (child == -1)
        die("fork");
    if (child == 0) {
        char *s = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (s == MAP_FAILED)
            die("mmap MAP_SHARED");
        printf("private_vs_shared: child, own MAP_SHARED mapping, reads \"%.4s\": nor another process\n", s);
        memset(s, 'C', 4);        /* 0쪽: 부모는 이미 복사본을 가졌다 */
        memset(s + page, 'C', 4); /* 1쪽: 부모는 아직 페이지 캐시의 원본을 보고 있다 */
        fflush(stdout);
        _exit(0);
    }
    int status;
    if (waitpid(child, &status, 0) == -1) /* 자식의 쓰기가 모두 끝난 뒤에 읽는다 */
        die("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "private_vs_shared: the child failed\n");
        return 1;
    }
    printf("private_vs_shared: child wrote \"CCCC\" on pages 0 and 1 through MAP_SHARED; "
           "the file reads \"%s\" \"%s\"\n", file_at(fd, 0), file_at(fd, page));

    /* 3. 부모의 MAP_PRIVATE 매핑으로 다시 본다. */
    printf("private_vs_shared: my private page 0 (copied when I wrote it) still reads \"%.4s\"\n", p);
    printf("private_vs_shared: my private page 1 (never written, so never copied) reads \"%.4s\": %s\n", p + page,
           memcmp(p + page, "CCCC", 4) == 0 ? "the file shows through" : "a copy from before");

    if (munmap(p, (size_t)page * 2) == -1 || close(fd) == -1 || unlink(path) == -1)
        die("cleanup");
    return 0;
}
