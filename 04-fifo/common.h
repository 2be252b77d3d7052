/*
 * 04-fifo/common.h: server.c 와 client.c 가 함께 지키는 약속 (이 장 안에서만 쓴다).
 *
 * 요청 (client → server): 모든 client 가 서버의 FIFO 하나에 쓴다.
 *   정확히 REQ_SIZE(512) 바이트인 한 줄이다: "FIFO1 <pid> <길이> <TEXT>" 뒤를 공백으로
 *   채우고, 마지막 바이트가 '\n' 이다. 예 (공백은 줄여서 적었다):
 *     "FIFO1 4242 5 hello                 ...                \n"
 *   셸에서도 보낼 수 있다:  printf '%-511s\n' 'FIFO1 4242 5 hello' > demo.fifo
 *   - 크기를 고정하면 server 는 몇 바이트를 읽어야 요청 하나인지 안다.
 *   - 512 는 POSIX 가 보장하는 PIPE_BUF 의 최솟값이다. write 한 번으로 보낸 PIPE_BUF 이하의
 *     데이터는 다른 writer 의 데이터와 섞이지 않으므로 (man 7 pipe), client 가 몇이든
 *     요청은 통째로 도착한다. 리눅스의 PIPE_BUF 는 4096 이지만 어디서나 되도록 512 로 잡았다.
 *   - "FIFO1 " 은 요청의 시작 표시다. 누가 쓰레기를 쓰면 server 는 다음 "FIFO1 " 까지
 *     건너뛰어 다시 요청의 경계를 찾는다 (FIFO 는 바이트 흐름이라 경계를 기억하지 않는다).
 *
 * 답 (server → client): client 마다 따로 만든 FIFO "<서버 FIFO 경로>.<client pid>" 로,
 *   TEXT 를 대문자로 바꾼 한 줄 + '\n'. 경로는 server 가 pid 로 만든다: client 가 준 경로를
 *   그대로 열지 않는다 (아무 파일에나 쓰게 만들 수 없도록).
 */
#ifndef FIFO_COMMON_H
#define FIFO_COMMON_H

#include <errno.h>
#include <limits.h> /* PIPE_BUF, PATH_MAX, NAME_MAX */
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_FIFO "./demo.fifo"
#define REQ_MAGIC "FIFO1 "
#define MAGIC_LEN (sizeof REQ_MAGIC - 1)
#define REQ_SIZE 512
#define TEXT_MAX 256
#define PID_DIGITS 10                /* pid_t 는 int: 2147483647 은 10자리 */
#define LEN_DIGITS 3                 /* TEXT 의 길이는 0..256: 3자리 */
#define SUFFIX_MAX (1 + PID_DIGITS)  /* 답 FIFO 이름에 붙는 ".<pid>" 의 최대 길이 */

/* 요청이 원자적으로 쓰이려면 PIPE_BUF 이하여야 하고, 가장 긴 요청도 512바이트에 들어가야 한다. */
_Static_assert(REQ_SIZE <= PIPE_BUF, "a request must fit in one atomic pipe write");
_Static_assert(MAGIC_LEN + PID_DIGITS + 1 + LEN_DIGITS + 1 + TEXT_MAX + 1 <= REQ_SIZE,
               "the longest request must fit in REQ_SIZE bytes");

/*
 * 서버 FIFO 경로로 쓸 수 있는가? 문제가 있으면 그 까닭을, 없으면 NULL 을 돌려준다.
 * client 의 답 FIFO 는 이 경로 뒤에 ".<pid>" 를 붙인 이름이므로, 그것까지 NAME_MAX(한 이름의
 * 최대 길이, 255)와 PATH_MAX(경로 전체의 최대 길이, 4096) 안에 들어와야 한다.
 */
static inline const char *fifo_path_problem(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash != NULL ? slash + 1 : path;

    if (*base == '\0')
        return "the path must name a file (it is empty or ends with '/')";
    if (strlen(base) + SUFFIX_MAX > NAME_MAX)
        return "the file name is too long (at most 244 bytes: the clients add \".<pid>\")";
    if (strlen(path) + SUFFIX_MAX >= PATH_MAX)
        return "the path is too long (at most 4084 bytes: the clients add \".<pid>\")";
    return NULL;
}
_Static_assert(NAME_MAX - SUFFIX_MAX == 244 && PATH_MAX - 1 - SUFFIX_MAX == 4084,
               "the numbers in fifo_path_problem()'s messages");

/* mkfifo 를 umask 의 영향 없이 정확히 mode 0600 으로 부른다. 실패하면 -1 (errno 는 mkfifo 의 것). */
static inline int mkfifo_0600(const char *path)
{
    /*
     * mkfifo 의 mode 는 프로세스의 umask 로 깎인다: 실제 권한 = mode & ~umask. 흔한 umask
     * 022, 077 은 0600 에서 아무것도 빼지 않지만, 0277 같은 umask 는 주인의 쓰기 권한까지
     * 빼서 server 자신이 여분의 writer 를 열 수 없게 만든다. umask 를 잠깐 0 으로 두면
     * 0600 이 그대로 들어간다. 0600 은 주인만 읽고 쓸 수 있는 가장 좁은 권한이라, umask 가
     * 막으려는 "남에게 열어 주기" 는 일어나지 않는다. umask 는 바로 되돌린다.
     */
    mode_t old = umask(0);
    int rc = mkfifo(path, 0600);
    int err = errno;
    umask(old);
    errno = err;
    return rc;
}

/* lstat/fstat 가 알려 준 파일 종류를 사람이 읽는 말로 (오류 메시지용). */
static inline const char *file_kind(mode_t mode)
{
    if (S_ISREG(mode)) return "a regular file";
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISLNK(mode)) return "a symbolic link";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
    if (S_ISFIFO(mode)) return "a FIFO";
    return "an unknown kind of file";
}

#endif
