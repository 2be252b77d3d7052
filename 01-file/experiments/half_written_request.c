/*
 * 01-file/experiments/half_written_request.c: 요청을 절반만 쓰고 스스로 멈추는 client. 그동안 읽는
 * 쪽(server)은 그 반쪽을 보는가? 임시 이름에 쓰고 rename 하면(tmp) server는 반쪽을 보지 못한다.
 * 읽는 쪽이 볼 이름에 바로 쓰면(direct: 버그) server는 반쪽을 읽고 오류로 답한다.
 * NOTES 1.2 (원자적 발행)와 6절 ⑤.
 *
 * 실행 (01-file 디렉터리에서, 다른 터미널에 ./server가 떠 있을 때):
 *   ./experiments/half_written_request tmp hello       멈추면 fg (또는 kill -CONT PID)로 이어 간다
 *   ./experiments/half_written_request direct hello
 * 출력 (direct, 멈춘 동안 server가 한 번 이상 spool을 읽었을 때):
 *   half_written_request: wrote 3 of 6 bytes to ./demo.spool/4242.req; stopping (fg or kill -CONT 4242 goes on)
 *   half_written_request: wrote the rest; ./demo.spool/4242.req is complete
 *   half_written_request: reply: "error: incomplete (no newline at the end)"
 *
 * 읽을 man 페이지: man 2 rename, man 7 signal (SIGSTOP, SIGCONT)
 */
#define _POSIX_C_SOURCE 200809L /* openat, renameat, O_CLOEXEC, O_NOFOLLOW: POSIX.1-2008 */
#define PROG "half_written_request"

#include <time.h>

#include "../common.h"

int main(int argc, char *argv[])
{
    char req[NAME_LEN], tmp[NAME_LEN], rep[NAME_LEN], msg[MAX_TEXT + 2], reply[MAX_REPLY + 2], q[4 * MAX_REPLY + 3];
    const char *spool = argc > 3 ? argv[3] : DEFAULT_SPOOL, *problem;

    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파일로 읽는다: 한 줄씩 내보낸다 */
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: half_written_request tmp|direct TEXT [SPOOL]\n"
               "TEXT의 절반을 쓰고 SIGSTOP으로 멈춘다. SIGCONT 뒤에 나머지를 쓴다. tmp는 ID.req.tmp 에\n"
               "써서 rename 하고, direct는 ID.req에 바로 쓴다 (버그). SPOOL 기본값: %s\n", DEFAULT_SPOOL);
        return 0;
    }
    if (argc < 3 || argc > 4 || (strcmp(argv[1], "tmp") != 0 && strcmp(argv[1], "direct") != 0) ||
        text_problem(argv[2], strlen(argv[2])) != NULL) {
        fprintf(stderr, "usage: half_written_request tmp|direct TEXT [SPOOL]\n");
        return 2;
    }
    /* 이름은 client처럼 PID로 짓는다. server는 ".req"로 끝나는 이름만 읽는다 */
    int direct = strcmp(argv[1], "direct") == 0;
    int dir_fd = open(spool, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd == -1)
        die("open", spool);
    snprintf(req, sizeof req, "%ld.req", (long)getpid());
    snprintf(tmp, sizeof tmp, "%ld.req.tmp", (long)getpid());
    snprintf(rep, sizeof rep, "%ld.rep", (long)getpid());
    const char *target = direct ? req : tmp; /* direct: server가 찾는 바로 그 이름에 쓴다 */
    /* O_EXCL: 이미 있으면 남의 것이니 쓰지 않는다. 0600: 같은 사용자만 읽는다 */
    int fd = openat(dir_fd, target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd == -1)
        die("open", target);

    /* 절반을 쓰고 멈춘다. 느린 디스크, 큰 파일, 스케줄러가 다른 프로세스를 돌리는 순간을 흉내 낸다 */
    size_t len = (size_t)snprintf(msg, sizeof msg, "%s\n", argv[2]), half = len / 2;
    if (write_all(fd, msg, half) == -1)
        die("write", target);
    printf("half_written_request: wrote %zu of %zu bytes to %s/%s; stopping (fg or kill -CONT %ld goes on)\n", half,
           len, spool, target, (long)getpid());
    /* SIGSTOP: 커널이 이 프로세스를 멈춘다 (잡을 수도 막을 수도 없다). SIGCONT가 오면 raise가 돌아온다 */
    if (raise(SIGSTOP) != 0)
        die("raise", NULL);
    /* SIGCONT 뒤: 나머지를 쓴다. direct면 그사이 server가 이미 반쪽을 읽고 지웠을 수 있다 (그래도
     * 쓰기는 된다: 열린 fd는 이름이 지워진 inode를 여전히 가리킨다) */
    if (write_all(fd, msg + half, len - half) == -1)
        die("write", target);
    /* tmp: 다 쓴 뒤에야 이름을 붙인다. 이름이 보이는 순간 내용은 이미 다 있다 */
    if (!direct && fsync(fd) == -1)
        die("fsync", tmp);
    if (close(fd) == -1)
        die("close", target);
    if (!direct && renameat(dir_fd, tmp, dir_fd, req) == -1)
        die("rename", tmp);
    printf("half_written_request: wrote the rest; %s/%s is complete\n", spool, req);

    /* server의 응답을 10초까지 기다린다 (client.c의 send와 같다, 더 짧게) */
    for (int waited = 0; (problem = read_published(dir_fd, rep, reply, MAX_REPLY)) != NULL; waited += 10) {
        if (errno != ENOENT || waited >= 10000)
            fail(rep, errno == ENOENT ? "no reply within 10 s" : problem);
        struct timespec ts = {0, 10 * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (unlinkat(dir_fd, rep, 0) == -1) /* 다 읽은 응답은 받는 쪽이 치운다 */
        die("unlink", rep);
    if (close(dir_fd) == -1)
        die("close", spool);
    printf("half_written_request: reply: %s\n", quoted(q, reply, strlen(reply)));
    return strncmp(reply, "error:", 6) == 0 ? 1 : 0;
}
