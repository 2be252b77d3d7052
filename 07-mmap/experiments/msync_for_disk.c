/*
 * experiments/msync_for_disk.c: msync는 "다른 프로세스에게 보이게"가 아니라 "디스크에 내려 두기"다.
 * (NOTES.md 1.4 "msync가 하는 일과 하지 않는 일")
 *
 * 파일 한 페이지를 MAP_SHARED로 매핑하고 "hello"를 쓴다. msync 전인데도 자식 프로세스가 read()로
 * 파일을 읽으면 "hello"가 나온다: 매핑과 read()는 같은 페이지 캐시를 보기 때문이다. 그 페이지는
 * 아직 디스크에 쓰이지 않은 "더러운(dirty)" 페이지다. /proc/self/smaps로 그 수를 센다 (리눅스 전용):
 *   쓰기 뒤 4 kB → msync(MS_ASYNC) 뒤에도 4 kB (리눅스 2.6.19부터 MS_ASYNC는 아무 일도 하지 않는다:
 *   커널이 어차피 더러운 페이지를 알아서 쓴다) → msync(MS_SYNC) 뒤 0 kB (디스크에 썼고, 다 쓸 때까지 기다렸다).
 * tmpfs(/dev/shm, 배포판에 따라 /tmp)에는 내려갈 디스크가 없다: MS_SYNC 뒤에도 4 kB 그대로다.
 * 마지막으로, 페이지 경계가 아닌 주소를 주면 msync는 EINVAL이다.
 *
 * 실행:   experiments/msync_for_disk [DIR]       (DIR에 임시 파일을 만들고 지운다, 기본 .)
 *         experiments/msync_for_disk /dev/shm    (tmpfs와 비교)
 * 출력 (ext4에서):
 *   msync_for_disk: wrote "hello" through MAP_SHARED; no msync yet
 *   msync_for_disk: child read() sees "hello" before any msync (one page cache)
 *   msync_for_disk: dirty after the write: 4 kB
 *   msync_for_disk: dirty after msync(MS_ASYNC): 4 kB
 *   msync_for_disk: dirty after msync(MS_SYNC): 0 kB
 *   msync_for_disk: msync(p + 1, ...): Invalid argument (the address must be page-aligned)
 *
 * 읽을 man 페이지: man 2 msync, man 2 mmap, man 5 proc (/proc/PID/smaps), man 5 tmpfs
 */
#define _POSIX_C_SOURCE 200809L /* mmap, msync, mkstemp, pread: POSIX (smaps만 리눅스) */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
    fprintf(stderr, "msync_for_disk: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* /proc/self/smaps에서 주소 p로 시작하는 매핑의 더러운 페이지(Shared_Dirty + Private_Dirty, kB).
 * 이 매핑을 쓰는 프로세스가 하나뿐이면 커널은 파일의 페이지라도 Private_Dirty로 센다. */
static long dirty_kb(const void *p)
{
    char line[512];
    long total = -1, kb;
    unsigned long start, end;
    int inside = 0;
    FILE *f = fopen("/proc/self/smaps", "r");
    if (f == NULL)
        die("fopen /proc/self/smaps");
    while (fgets(line, sizeof line, f) != NULL) {
        /* 매핑마다 머리 줄 "7f..-7f.. rw-s 00000000 fe:00 1234 /path" (주소는 0을 앞에 채운 16진수) */
        if (sscanf(line, "%lx-%lx ", &start, &end) == 2) {
            inside = start == (unsigned long)p;
            if (inside)
                total = 0;
        } else if (inside && (sscanf(line, "Shared_Dirty: %ld kB", &kb) == 1 ||
                              sscanf(line, "Private_Dirty: %ld kB", &kb) == 1)) {
            total += kb;
        } else if (inside && strncmp(line, "VmFlags:", 8) == 0) {
            break; /* 이 매핑의 마지막 줄 */
        }
    }
    fclose(f);
    if (total < 0) {
        fprintf(stderr, "msync_for_disk: the mapping is not in /proc/self/smaps\n");
        exit(1);
    }
    return total;
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 줄마다 */
    int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
    if (help || argc > 2 || (argc == 2 && argv[1][0] == '-')) { /* -h: stdout, 0; 틀린 인자: stderr, 2 */
        fprintf(help ? stdout : stderr, "usage: msync_for_disk [DIR]\n");
        return help ? 0 : 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/msync.XXXXXX", argc == 2 ? argv[1] : ".");
    int fd = mkstemp(path);
    if (fd == -1)
        die("mkstemp");
    long page = sysconf(_SC_PAGESIZE);
    if (ftruncate(fd, page) == -1)
        die("ftruncate");
    char *p = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED)
        die("mmap");
    memcpy(p, "hello", 5); /* 시스템 호출 없이 페이지 캐시의 페이지에 쓴다 */
    printf("msync_for_disk: wrote \"hello\" through MAP_SHARED; no msync yet\n");

    /* 자식은 매핑을 쓰지 않고 read 계열 호출(pread)로 파일을 읽는다 */
    fflush(stdout);
    pid_t child = fork();
    if (child == -1)
        die("fork");
    if (child == 0) {
        char buf[6] = "";
        if (pread(fd, buf, 5, 0) != 5)
            die("pread");
        printf("msync_for_disk: child read() sees \"%s\" before any msync (one page cache)\n", buf);
        fflush(stdout);
        _exit(0);
    }
    int status;
    if (waitpid(child, &status, 0) == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die("waitpid");

    printf("msync_for_disk: dirty after the write: %ld kB\n", dirty_kb(p));
    if (msync(p, (size_t)page, MS_ASYNC) == -1) /* "쓰기를 예약하고 곧 돌아오라" */
        die("msync MS_ASYNC");
    printf("msync_for_disk: dirty after msync(MS_ASYNC): %ld kB\n", dirty_kb(p));
    if (msync(p, (size_t)page, MS_SYNC) == -1) /* "쓰고, 끝날 때까지 기다려라" */
        die("msync MS_SYNC");
    printf("msync_for_disk: dirty after msync(MS_SYNC): %ld kB\n", dirty_kb(p));

    if (msync(p + 1, 1, MS_SYNC) == 0) /* 주소는 페이지의 시작이어야 한다 */
        printf("msync_for_disk: msync(p + 1, ...) unexpectedly succeeded\n");
    else
        printf("msync_for_disk: msync(p + 1, ...): %s (the address must be page-aligned)\n", strerror(errno));

    if (munmap(p, (size_t)page) == -1 || close(fd) == -1 || unlink(path) == -1)
        die("cleanup");
    return 0;
}
