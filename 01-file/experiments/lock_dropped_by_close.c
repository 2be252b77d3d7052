/*
 * 01-file/experiments/lock_dropped_by_close.c: fcntl 레코드 잠금의 가장 알아채기 어려운 함정.
 * 잠금의 주인은 (프로세스, 파일)이다. 그래서 그 파일을 가리키는 fd를 "아무거나" 하나 닫으면 그
 * 프로세스가 그 파일에 쥔 잠금이 모두 풀린다. 잠글 때 쓴 fd가 아니어도 그렇다. 부모가 fd 3으로
 * 잠그고, 같은 파일을 다시 열어 닫는다. 자식(다른 프로세스)이 그 앞뒤로 F_GETLK로 묻는다.
 * NOTES 6절 ①.
 *
 * 실행 (쓸 수 있는 디렉터리 어디서나):
 *   ./experiments/lock_dropped_by_close
 * 출력:
 *   lock_dropped_by_close: parent 4300 locked ./lock_dropped_by_close.data through fd 3
 *   lock_dropped_by_close: child sees a write lock held by pid 4300
 *   lock_dropped_by_close: parent opened ./lock_dropped_by_close.data again as fd 4 and closed it
 *   lock_dropped_by_close: child sees no lock
 *   lock_dropped_by_close: the close of fd 4 dropped the lock the parent took through fd 3
 * 고치는 법: 파일마다 fd를 하나만 쓰거나, 리눅스의 OFD 잠금(F_OFD_SETLK)을 쓴다 (7절 연습문제).
 *
 * 읽을 man 페이지: man 2 fcntl ("Advisory record locking"의 close에 관한 문단)
 */
#define _POSIX_C_SOURCE 200809L /* O_CLOEXEC: POSIX.1-2008 */
#define PROG "lock_dropped_by_close"

#include <sys/wait.h>

#include "../common.h"

static int ask[2], answer[2]; /* 부모 → 자식 "지금 물어 봐", 자식 → 부모 "물었다" */

/* 자식: 부모가 한 바이트를 보낼 때마다 F_GETLK로 묻고 알린다. 부모가 ask를 닫으면 (EOF) 끝난다 */
static _Noreturn void child(int fd)
{
    char c;
    ssize_t n;
    /* 쓰지 않을 끝은 닫는다: 부모의 ask[1]이 닫혀도 자식이 쥔 ask[1]이 남으면 EOF가 오지 않는다 (03장) */
    if (close(ask[1]) == -1 || close(answer[0]) == -1)
        die("close", "pipe");
    while ((n = read(ask[0], &c, 1)) == 1) {
        pid_t holder = lock_holder(fd); /* 다른 프로세스가 물어야 잠금이 보인다 */
        if (holder == -1)
            die("fcntl(F_GETLK)", NULL);
        if (holder > 0)
            printf("lock_dropped_by_close: child sees a write lock held by pid %ld\n", (long)holder);
        else
            printf("lock_dropped_by_close: child sees no lock\n");
        if (write(answer[1], "k", 1) != 1)
            die("write", "pipe");
    }
    if (n == -1)
        die("read", "pipe");
    exit(0);
}

/* 자식에게 묻게 하고, 다 물을 때까지 기다린다 (두 프로세스의 출력 순서가 정해진다) */
static void ask_child(void)
{
    char c;
    if (write(ask[1], "?", 1) != 1 || read(answer[0], &c, 1) != 1)
        die("pipe", NULL);
}

int main(int argc, char *argv[])
{
    const char *path = argc > 1 ? argv[1] : "./lock_dropped_by_close.data";
    int status;

    setvbuf(stdout, NULL, _IOLBF, 0); /* 두 프로세스가 한 stdout에 쓴다: 줄마다 바로 내보낸다 */
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
        fprintf(argc == 2 && strcmp(argv[1], "--help") == 0 ? stdout : stderr,
                "usage: lock_dropped_by_close [FILE]   (FILE을 새로 만들고 끝에 지운다)\n");
        return argc == 2 && strcmp(argv[1], "--help") == 0 ? 0 : 2;
    }
    /* 잠글 파일을 새로 만든다. O_EXCL: 이미 있는 남의 파일은 건드리지 않는다. fd는 3이다 */
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd == -1)
        die("open", path);
    if (pipe(ask) == -1 || pipe(answer) == -1)
        die("pipe", NULL);
    if (whole_file_lock(fd, F_SETLK, F_WRLCK) == -1)
        die("fcntl(F_SETLK)", path);
    printf("lock_dropped_by_close: parent %ld locked %s through fd %d\n", (long)getpid(), path, fd);
    pid_t pid = fork(); /* 자식은 부모의 잠금을 물려받지 않는다: 자식은 "다른 프로세스"로 묻는다 */
    if (pid == -1)
        die("fork", NULL);
    if (pid == 0)
        child(fd);
    if (close(ask[0]) == -1 || close(answer[1]) == -1) /* 부모는 묻고 듣기만 한다 */
        die("close", "pipe");
    ask_child();

    /* 버그: 같은 파일을 한 번 더 열고 닫는다. 실제 프로그램에서는 이 open/close가 설정을 읽는
     * 라이브러리 함수 안에 숨어 있곤 한다. close가 이 프로세스의 잠금을 모두 푼다 */
    int again = open(path, O_RDONLY | O_CLOEXEC);
    if (again == -1 || close(again) == -1)
        die("open/close", path);
    printf("lock_dropped_by_close: parent opened %s again as fd %d and closed it\n", path, again);
    ask_child();
    printf("lock_dropped_by_close: the close of fd %d dropped the lock the parent took through fd %d\n", again, fd);

    if (close(ask[1]) == -1 || waitpid(pid, &status, 0) == -1) /* ask의 EOF가 자식을 끝낸다 */
        die("waitpid", NULL);
    if (close(fd) == -1 || unlink(path) == -1)
        die("unlink", path);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
