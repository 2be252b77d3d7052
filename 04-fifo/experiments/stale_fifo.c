/*
 * 04-fifo/experiments/stale_fifo.c: 남아 있는 FIFO가 살아 있는 server의 것인지, 정리할 기회 없이
 * 끝난 server(SIGKILL, 충돌)가 남긴 "오래된(stale)" 것인지 알아본다. 살아 있는 server는 늘 읽는
 * 끝을 쥐고 있으므로, 쓰기+O_NONBLOCK으로 열어 보아 ENXIO면 아무도 읽지 않는다. NOTES.md 6절.
 *
 * 실행 (04-fifo 디렉터리에서):  ./experiments/stale_fifo ./demo.fifo
 * 출력 (셋 중 하나. 끝 상태: 0 살아 있음, 1 오래됨, 3 FIFO가 아님, 2 잘못된 인자):
 *   stale_fifo: ./demo.fifo: a process reads it (a running server): leave it alone
 *   stale_fifo: ./demo.fifo: nobody reads it (stale): rm ./demo.fifo, then start the server
 *   stale_fifo: ./demo.fifo: not a FIFO (a regular file): not touching it
 *
 * 이 판정은 그 순간의 것이다: 판정과 rm 사이에 새 server가 뜰 수 있다 (그래서 server.c는 스스로
 * 지우지 않고, 사람에게 알린다). 멈춘(SIGSTOP) server도 읽는 끝을 쥐고 있으니 "살아 있음"이다.
 * 읽을 man 페이지: man 7 fifo, man 2 open (ENXIO, O_NOFOLLOW), man 2 lstat
 */
#define _POSIX_C_SOURCE 200809L /* lstat, O_NOFOLLOW, O_CLOEXEC는 POSIX에 있다 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROG "stale_fifo"

static const char *kind(mode_t m)
{
    return S_ISREG(m) ? "a regular file" : S_ISDIR(m) ? "a directory" : S_ISLNK(m) ? "a symbolic link" : "something else";
}

int main(int argc, char *argv[])
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파일로 읽는다: 한 줄씩 */
    if (argc != 2 || argv[1][0] == '-') {
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: " PROG " FIFO\n");
        return help ? 0 : 2;
    }
    const char *path = argv[1];
    struct stat st;
    /* lstat: 이름 자체를 본다. 심볼릭 링크가 가리키는 FIFO를 "그 이름의 FIFO"로 받아들이지 않는다 */
    if (lstat(path, &st) == -1) {
        fprintf(stderr, PROG ": lstat %s: %s\n", path, strerror(errno));
        return 2;
    }
    if (!S_ISFIFO(st.st_mode)) {
        printf(PROG ": %s: not a FIFO (%s): not touching it\n", path, kind(st.st_mode));
        return 3;
    }
    /*
     * 쓰기+O_NONBLOCK: 읽는 프로세스가 있으면 바로 열리고, 없으면 잠드는 대신 -1/ENXIO (man 7 fifo).
     * 여는 것만으로는 아무것도 쓰지 않는다: 살아 있는 server도 방해받지 않는다 (곧 닫는다).
     * O_NOFOLLOW: lstat과 open 사이에 누가 링크로 바꿔 놓았다면 따라가지 않고 ELOOP.
     */
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (fd != -1) {
        close(fd);
        printf(PROG ": %s: a process reads it (a running server): leave it alone\n", path);
        return 0;
    }
    if (errno == ENXIO) {
        printf(PROG ": %s: nobody reads it (stale): rm %s, then start the server\n", path, path);
        return 1;
    }
    fprintf(stderr, PROG ": open %s: %s\n", path, strerror(errno));
    return 2;
}
