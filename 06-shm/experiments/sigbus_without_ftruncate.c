/*
 * 06-shm/experiments/sigbus_without_ftruncate.c: shm_open으로 막 만든 객체는 크기가 0이다.
 * ftruncate를 빠뜨리고 매핑하면 mmap은 성공하지만, 그 메모리를 처음 만지는 순간 SIGBUS로 죽는다.
 * NOTES 6절 흔한 실수 ① (그리고 client.c가 fstat으로 크기를 먼저 보는 까닭).
 *
 * 실행 (06-shm 디렉터리에서):
 *   ./experiments/sigbus_without_ftruncate                /sigbus-demo-PID를 만들어 본다
 *   ./experiments/sigbus_without_ftruncate /myname        이름을 준다
 *
 * 출력:
 *   sigbus: shm_open("/sigbus-demo-4242") made an object of 0 bytes (fstat); name removed at once
 *   sigbus: mmap of 4096 bytes succeeded anyway: the kernel checks the size only when a page is touched
 *   sigbus: a child wrote one byte there and was killed by signal 7 (SIGBUS, "Bus error", shell status 135)
 *   sigbus: after ftruncate(4096) the same write works: the page now reads 'x'
 *
 * 커널은 mmap할 때 객체의 크기를 보지 않는다: 주소 범위만 예약한다. 페이지를 처음 만질 때 페이지
 * 폴트가 나고, 그때 커널이 객체에서 그 페이지를 찾는다. 객체의 끝 너머라 페이지가 없으면 SIGBUS다
 * (man 2 mmap). SIGSEGV와 다르다: 주소는 매핑 안에 있지만, 뒤를 받칠 데이터가 없다.
 *
 * 읽을 man 페이지: man 3 shm_open, man 2 ftruncate, man 2 mmap (ERRORS의 SIGBUS), man 7 signal
 */
#define _POSIX_C_SOURCE 200809L /* shm_open, ftruncate, waitpid, strsignal */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define LENGTH 4096 /* 한 페이지 (x86-64, arm64의 흔한 크기; 더 커도 결과는 같다) */

static void die(const char *what)
{
    fprintf(stderr, "sigbus: %s: %s\n", what, strerror(errno));
    exit(1);
}

int main(int argc, char *argv[])
{
    char name[64];

    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: sigbus_without_ftruncate [/NAME]\n크기 0 인 공유 메모리 객체를 매핑해 만지면 SIGBUS 임을 보인다.\n");
        return 0;
    }
    if (argc > 2 || (argc == 2 && (argv[1][0] != '/' || strlen(argv[1]) >= sizeof name || strchr(argv[1] + 1, '/')))) {
        fprintf(stderr, "usage: sigbus_without_ftruncate [/NAME]   (one '/', then up to 62 characters)\n");
        return 2;
    }
    if (argc == 2)
        snprintf(name, sizeof name, "%s", argv[1]);
    else
        snprintf(name, sizeof name, "/sigbus-demo-%ld", (long)getpid());

    /* 1. 새 객체를 만든다. 크기는 0이다 (man 3 shm_open: "initially has zero length"). */
    int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd == -1)
        die("shm_open");
    /* 이름은 곧바로 지운다: fd가 객체를 붙들고 있으므로 아래의 일은 모두 된다. 이 프로그램이 어디서
     * 죽더라도 /dev/shm에 남는 것이 없다 (정리할 이름이 남지 않게 하는 흔한 방법이다). */
    if (shm_unlink(name) == -1)
        die("shm_unlink");
    struct stat st;
    if (fstat(fd, &st) == -1)
        die("fstat");
    printf("sigbus: shm_open(\"%s\") made an object of %lld bytes (fstat); name removed at once\n", name,
           (long long)st.st_size);

    /* 2. 그래도 4096 바이트를 매핑한다. 커널은 여기서 거절하지 않는다. */
    char *p = mmap(NULL, LENGTH, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED)
        die("mmap");
    printf("sigbus: mmap of %d bytes succeeded anyway: the kernel checks the size only when a page is touched\n",
           LENGTH);

    /* 3. 자식이 한 바이트를 쓴다. 죽는 것은 자식이고, 부모는 어떻게 죽었는지 본다. */
    pid_t child = fork();
    if (child == -1)
        die("fork");
    if (child == 0) {
        p[0] = 'x'; /* 페이지 폴트 → 객체에 이 페이지가 없다 → SIGBUS */
        _exit(0);   /* 여기에 오면 SIGBUS가 나지 않은 것이다 */
    }
    int status;
    if (waitpid(child, &status, 0) == -1)
        die("waitpid");
    if (WIFSIGNALED(status))
        printf("sigbus: a child wrote one byte there and was killed by signal %d (%s, \"%s\", shell status %d)\n",
               WTERMSIG(status), WTERMSIG(status) == SIGBUS ? "SIGBUS" : "not SIGBUS", strsignal(WTERMSIG(status)),
               128 + WTERMSIG(status));
    else
        printf("sigbus: the child's write did not fault (exit status %d)\n", WEXITSTATUS(status));

    /* 4. 고치는 법: 만지기 전에 ftruncate로 크기를 준다. 새 바이트는 0이다. 같은 매핑이 이제 된다. */
    if (ftruncate(fd, LENGTH) == -1)
        die("ftruncate");
    p[0] = 'x';
    printf("sigbus: after ftruncate(%d) the same write works: the page now reads '%c'\n", LENGTH, p[0]);

    if (munmap(p, LENGTH) == -1)
        die("munmap");
    if (close(fd) == -1) /* 마지막 참조: 이름도 매핑도 fd도 없으니 커널이 메모리를 거둔다 */
        die("close");
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS ? 0 : 1;
}
