/*
 * experiments/sigbus_past_eof.c: 파일 끝 너머를 만지면 어떻게 되나: 같은 페이지는 조용히 버려지고,
 * 다음 페이지는 SIGBUS, 매핑 밖은 SIGSEGV. (NOTES.md 1.3 "파일 크기와 페이지")
 *
 * 100바이트짜리 파일을 두 페이지(8192바이트)로 매핑한다. mmap은 파일보다 긴 매핑을 허락한다.
 * 만지는 일은 자식 프로세스가 한다: 자식이 시그널로 죽어도 부모는 waitpid로 그것을 알리고 계속한다.
 *   p[200]:       파일 끝(100)이 있는 페이지 안. 쓰기는 되지만 파일에는 닿지 않는다 (크기는 그대로 100).
 *   p[page]:      파일이 하나도 없는 둘째 페이지. 뒤를 받칠 데이터가 없으니 커널이 SIGBUS를 보낸다.
 *   p[2*page]:    매핑 밖. 주소 공간에 아무것도 없으니 SIGSEGV.
 *
 * 실행:   experiments/sigbus_past_eof [DIR]     (DIR에 임시 파일을 만들고 지운다, 기본 .)
 * 출력:
 *   sigbus_past_eof: file is 100 bytes, mapped 8192 bytes (2 pages of 4096)
 *   sigbus_past_eof: write p[200] (past EOF, same page): child exited 0
 *   sigbus_past_eof:   the file is still 100 bytes; read() at offset 200 returns 0 bytes (EOF)
 *   sigbus_past_eof: write p[4096] (first page wholly past EOF): child killed by SIGBUS (Bus error)
 *   sigbus_past_eof: write p[8192] (outside the mapping): child killed by SIGSEGV (Segmentation fault)
 *
 * 읽을 man 페이지: man 2 mmap (SIGBUS, NOTES의 부분 페이지), man 7 signal, man 2 wait
 */
#define _POSIX_C_SOURCE 200809L /* mmap, mkstemp, pread, strsignal: POSIX */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
    fprintf(stderr, "sigbus_past_eof: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* 자식 하나가 p[offset]에 쓰고 끝난다. 부모는 자식이 어떻게 끝났는지 알린다. */
static void touch_in_child(volatile char *p, long offset, const char *where)
{
    fflush(stdout); /* 버퍼에 남은 줄이 자식에게 복사되어 두 번 나오지 않게 */
    pid_t child = fork();
    if (child == -1)
        die("fork");
    if (child == 0) {
        /* 코어 덤프를 끈다: 죽는 것이 실험이다 (코어 파일을 남길 까닭이 없다). */
        const struct rlimit no_core = {0, 0};
        (void)setrlimit(RLIMIT_CORE, &no_core);
        p[offset] = 'Z'; /* 페이지 폴트: 커널이 이 주소 뒤에 무엇이 있는지 본다 */
        _exit(0);
    }
    int status;
    if (waitpid(child, &status, 0) == -1)
        die("waitpid");
    if (WIFSIGNALED(status))
        printf("sigbus_past_eof: write p[%ld] (%s): child killed by %s (%s)\n", offset, where,
               WTERMSIG(status) == SIGBUS ? "SIGBUS" : WTERMSIG(status) == SIGSEGV ? "SIGSEGV" : "another signal",
               strsignal(WTERMSIG(status)));
    else
        printf("sigbus_past_eof: write p[%ld] (%s): child exited %d\n", offset, where, WEXITSTATUS(status));
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 줄마다 */
    int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
    if (help || argc > 2 || (argc == 2 && argv[1][0] == '-')) { /* -h: stdout, 0; 틀린 인자: stderr, 2 */
        fprintf(help ? stdout : stderr, "usage: sigbus_past_eof [DIR]\n");
        return help ? 0 : 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/sigbus.XXXXXX", argc == 2 ? argv[1] : ".");
    int fd = mkstemp(path);
    if (fd == -1)
        die("mkstemp");
    if (ftruncate(fd, 100) == -1) /* 파일은 100바이트 (0으로 찬다) */
        die("ftruncate");
    long page = sysconf(_SC_PAGESIZE);

    /* 파일보다 긴 매핑도 mmap 자체는 성공한다: 검사는 만질 때(페이지 폴트) 한다. */
    char *p = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED)
        die("mmap");
    printf("sigbus_past_eof: file is 100 bytes, mapped %ld bytes (2 pages of %ld)\n", page * 2, page);

    touch_in_child(p, 200, "past EOF, same page");
    /* 파일 끝이 있는 페이지의 나머지는 매핑할 때 0으로 채워지고, 거기 쓴 것은 파일에 쓰이지 않는다. */
    struct stat st;
    char byte;
    if (fstat(fd, &st) == -1)
        die("fstat");
    ssize_t got = pread(fd, &byte, 1, 200);
    if (got == -1)
        die("pread");
    printf("sigbus_past_eof:   the file is still %lld bytes; read() at offset 200 returns %zd bytes%s\n",
           (long long)st.st_size, got, got == 0 ? " (EOF)" : "");

    touch_in_child(p, page, "first page wholly past EOF");
    /* 매핑 밖: 먼저 그 자리를 비워 둔다 (두 페이지 뒤에 우연히 다른 매핑이 있을 수 있으므로 세 쪽을 잡고 뗀다) */
    if (munmap(p, (size_t)page * 2) == -1)
        die("munmap");
    char *q = mmap(NULL, (size_t)page * 3, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (q == MAP_FAILED)
        die("mmap");
    if (munmap(q + page * 2, (size_t)page) == -1) /* 셋째 쪽을 떼어 내 구멍을 만든다 */
        die("munmap");
    touch_in_child(q, page * 2, "outside the mapping");

    if (munmap(q, (size_t)page * 2) == -1 || close(fd) == -1 || unlink(path) == -1)
        die("cleanup");
    return 0;
}
