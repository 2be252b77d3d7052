/*
 * 01-file/experiments/lock_not_inherited_by_fork.c: fcntl 레코드 잠금은 프로세스에 붙는다. 그래서
 * (1) 잠금을 쥔 프로세스가 스스로 F_GETLK로 물으면 "잠기지 않았다"가 나온다 (자기 잠금과는 충돌하지
 * 않는다), (2) fork로 만든 자식은 부모의 잠금을 물려받지 않는다: 자식에게 그 잠금은 남의 것이고,
 * 자식의 F_SETLK는 실패한다. 잠금은 늘 다른 프로세스에서 시험해야 한다. NOTES 6절 ②.
 *
 * 실행 (쓸 수 있는 디렉터리 어디서나):
 *   ./experiments/lock_not_inherited_by_fork
 * 출력:
 *   lock_not_inherited_by_fork: parent 4400 locked ./lock_not_inherited_by_fork.data (F_WRLCK)
 *   lock_not_inherited_by_fork: parent asks F_GETLK: no lock (a process does not conflict with itself)
 *   lock_not_inherited_by_fork: child asks F_GETLK: write lock held by pid 4400
 *   lock_not_inherited_by_fork: child tries F_SETLK: Resource temporarily unavailable
 *
 * 읽을 man 페이지: man 2 fcntl ("Record locks are not inherited by a child created via fork(2)")
 */
#define _POSIX_C_SOURCE 200809L /* O_CLOEXEC: POSIX.1-2008 */
#define PROG "lock_not_inherited_by_fork"

#include <sys/wait.h>

#include "../common.h"

int main(int argc, char *argv[])
{
    const char *path = argc > 1 ? argv[1] : "./lock_not_inherited_by_fork.data";
    int status;

    setvbuf(stdout, NULL, _IOLBF, 0); /* 두 프로세스가 한 stdout에 쓴다: 줄마다 바로 내보낸다 */
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
        fprintf(argc == 2 && strcmp(argv[1], "--help") == 0 ? stdout : stderr,
                "usage: lock_not_inherited_by_fork [FILE]   (FILE을 새로 만들고 끝에 지운다)\n");
        return argc == 2 && strcmp(argv[1], "--help") == 0 ? 0 : 2;
    }
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600); /* 남의 파일은 건드리지 않는다 */
    if (fd == -1)
        die("open", path);
    if (whole_file_lock(fd, F_SETLK, F_WRLCK) == -1)
        die("fcntl(F_SETLK)", path);
    printf("lock_not_inherited_by_fork: parent %ld locked %s (F_WRLCK)\n", (long)getpid(), path);
    /* 쥔 프로세스 자신에게는 자기 잠금이 보이지 않는다: F_GETLK는 F_UNLCK (lock_holder는 0) */
    pid_t me = lock_holder(fd);
    printf("lock_not_inherited_by_fork: parent asks F_GETLK: %s\n",
           me == 0 ? "no lock (a process does not conflict with itself)" : "a lock (unexpected)");

    pid_t pid = fork();
    if (pid == -1)
        die("fork", NULL);
    if (pid == 0) {
        /* 자식은 fd (열린 파일 기술)는 물려받았지만 잠금은 물려받지 않았다. 부모의 잠금이 보이고 */
        printf("lock_not_inherited_by_fork: child asks F_GETLK: write lock held by pid %ld\n", (long)lock_holder(fd));
        /* 자식이 같은 잠금을 청하면 남의 잠금과 충돌한다: EAGAIN 또는 EACCES */
        int rc = whole_file_lock(fd, F_SETLK, F_WRLCK);
        printf("lock_not_inherited_by_fork: child tries F_SETLK: %s\n", rc == 0 ? "got it (unexpected)" : strerror(errno));
        exit(rc == -1 && (errno == EAGAIN || errno == EACCES) ? 0 : 1);
    }
    if (waitpid(pid, &status, 0) == -1) /* 자식이 다 묻기 전에는 잠금을 놓지 않는다 */
        die("waitpid", NULL);
    if (close(fd) == -1 || unlink(path) == -1)
        die("unlink", path);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 && me == 0 ? 0 : 1;
}
