/*
 * 01-file/experiments/append_without_o_append.c: "끝으로 옮기고(lseek SEEK_END) 쓰기"는 두 단계라서
 * 그 사이에 다른 프로세스가 덧붙인 줄을 덮어쓴다. O_APPEND면 커널이 "끝으로 옮기기 + 쓰기"를 한
 * 단계로 하므로 둘 다 남는다. 부모와 자식이 같은 파일을 따로 열고 (열린 파일 기술이 둘, 오프셋도
 * 둘) 한 줄씩 덧붙인다. 파이프로 순서를 정해 나쁜 순서를 매번 똑같이 만든다. NOTES 1.4와 6절 ④.
 *
 * 실행 (쓸 수 있는 디렉터리 어디서나):
 *   ./experiments/append_without_o_append
 * 출력:
 *   append_without_o_append: lseek(SEEK_END) + write: the file holds "parent\x0a" (the child's line was overwritten)
 *   append_without_o_append: O_APPEND: the file holds "child\x0aparent\x0a"
 *
 * 읽을 man 페이지: man 2 open (O_APPEND), man 2 lseek, man 2 write
 */
#define _POSIX_C_SOURCE 200809L /* O_CLOEXEC, pread: POSIX.1-2008 */
#define PROG "append_without_o_append"

#include <sys/wait.h>

#include "../common.h"

/* 부모와 자식이 path에 한 줄씩 덧붙인다. 나쁜 순서: 부모가 끝을 찾고 → 자식이 덧붙이고 → 부모가 쓴다 */
static void race(const char *path, int flags)
{
    int go[2], done[2], status;
    char c, buf[64], q[4 * sizeof buf + 3];
    if (pipe(go) == -1 || pipe(done) == -1)
        die("pipe", NULL);
    pid_t pid = fork();
    if (pid == -1)
        die("fork", NULL);
    /* 두 파이프가 순서를 정한다: go는 부모 → 자식 ("지금 덧붙여"), done은 자식 → 부모 ("덧붙였다").
     * read는 바이트가 올 때까지 잠드므로, 잠으로 기다리지 않아도 순서가 매번 같다 */
    if (pid == 0) { /* 자식: 자기 open으로 자기 오프셋을 갖는다. 부모의 한 바이트를 받으면 덧붙인다 */
        int fd = open(path, O_WRONLY | flags | O_CLOEXEC);
        if (fd == -1 || read(go[0], &c, 1) != 1)
            die("open/read", path);
        if ((!(flags & O_APPEND) && lseek(fd, 0, SEEK_END) == -1) || write_all(fd, "child\n", 6) == -1)
            die("write", path);
        if (write(done[1], "k", 1) != 1)
            die("write", "pipe");
        _exit(0);
    }
    /* 부모도 따로 open한다: 열린 파일 기술이 따로이니 오프셋도 따로다 (fork로 물려받은 fd라면
     * 오프셋을 나눠 가져 이 실험이 되지 않는다) */
    int fd = open(path, O_WRONLY | flags | O_CLOEXEC);
    if (fd == -1)
        die("open", path);
    /* 1단계: 끝을 찾는다 (지금은 빈 파일이라 0). O_APPEND면 이 값은 쓰이지 않는다 */
    if (!(flags & O_APPEND) && lseek(fd, 0, SEEK_END) == -1)
        die("lseek", path);
    if (write(go[1], "g", 1) != 1 || read(done[0], &c, 1) != 1) /* 그 사이에 자식이 덧붙인다 */
        die("pipe", NULL);
    /* 2단계: 쓴다. O_APPEND가 없으면 1단계에서 찾은 0 번 바이트에 써서 자식의 줄을 덮는다 */
    if (write_all(fd, "parent\n", 7) == -1 || close(fd) == -1)
        die("write", path);
    if (waitpid(pid, &status, 0) == -1)
        die("waitpid", NULL);
    /* 파일에 무엇이 남았는지 읽어 본다: 두 줄이면 13바이트, 자식의 줄이 덮였으면 7바이트 */
    int rfd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = rfd == -1 ? -1 : read_upto(rfd, buf, sizeof buf, 0);
    if (n == -1 || close(rfd) == -1)
        die("read", path);
    printf("append_without_o_append: %s: the file holds %s%s\n", flags & O_APPEND ? "O_APPEND" : "lseek(SEEK_END) + write",
           quoted(q, buf, (size_t)n), n == 7 ? " (the child's line was overwritten)" : "");
    if (close(go[0]) == -1 || close(go[1]) == -1 || close(done[0]) == -1 || close(done[1]) == -1)
        die("close", "pipe");
}

int main(int argc, char *argv[])
{
    const char *path = argc > 1 ? argv[1] : "./append_without_o_append.log";

    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 한 줄씩, fork 전에 버퍼를 비운 채로 */
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
        fprintf(argc == 2 && strcmp(argv[1], "--help") == 0 ? stdout : stderr,
                "usage: append_without_o_append [FILE]   (FILE을 새로 만들고 끝에 지운다)\n");
        return argc == 2 && strcmp(argv[1], "--help") == 0 ? 0 : 2;
    }
    for (int with_append = 0; with_append <= 1; with_append++) {
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600); /* 빈 파일로 시작한다 */
        if (fd == -1 || close(fd) == -1)
            die("open", path);
        race(path, with_append ? O_APPEND : 0);
        if (unlink(path) == -1)
            die("unlink", path);
    }
    return 0;
}
