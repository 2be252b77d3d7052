/*
 * 08-unix-socket/experiments/too_small_cmsg_buffer.c: fd 네 개를 한 번에 보냈는데 받는 쪽의 보조 데이터
 * 버퍼에 둘만 들어갈 자리가 있으면? 리눅스는 들어가는 만큼만 설치하고 나머지는 닫아 버리며,
 * msg_flags에 MSG_CTRUNC를 켠다. 확인하지 않으면 fd를 조용히 잃는다. NOTES.md 6절 "흔한 실수" ⑥.
 *
 * 버퍼의 크기는 CMSG_SPACE(fd 수 * sizeof(int))로 잡는다. CMSG_SPACE는 정렬 여백을 더하므로
 * 64비트에서 CMSG_SPACE(sizeof(int))에는 int가 둘 들어간다: "하나 자리"로 둘을 받는 셈이라
 * 보이기에 헷갈린다. 그래서 둘(여백 없이 꼭 맞는다)과 넷을 견준다.
 * 열린 fd의 수는 fcntl(F_GETFD)로 0..1023 번을 물어 센다. 받기 전과 뒤를 비교한다.
 *
 * 실행 (08-unix-socket 디렉터리에서):
 *   ./experiments/too_small_cmsg_buffer
 *
 * 출력:
 *   room for 2 fds: MSG_CTRUNC set, 2 fds installed (open fds 3 -> 5): the rest were closed by the kernel
 *   room for 4 fds: MSG_CTRUNC not set, 4 fds installed (open fds 3 -> 7)
 *
 * 읽을 man 페이지: man 7 unix (SCM_RIGHTS, MSG_CTRUNC), man 3 cmsg, man 2 recvmsg
 */
#define _DEFAULT_SOURCE /* MSG_CMSG_CLOEXEC는 리눅스 확장이다 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void die(const char *what)
{
    fprintf(stderr, "too_small_cmsg_buffer: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* 이 프로세스에 열린 fd의 수. 커널이 fd를 조용히 설치했는지 닫았는지는 이렇게 세어야 보인다 */
static int open_fds(void)
{
    int n = 0;
    for (int fd = 0; fd < 1024; fd++)
        n += fcntl(fd, F_GETFD) != -1; /* 닫힌 번호면 EBADF로 -1 */
    return n;
}

#define SENT 4 /* 한 메시지로 보내는 fd의 수 */

/* /dev/null을 네 번 열어 한 메시지로 보낸다 (데이터 1바이트 + SCM_RIGHTS에 int 네 개) */
static void send_four(int sock)
{
    int fds[SENT];
    for (int i = 0; i < SENT; i++)
        if ((fds[i] = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1) /* 열린 파일 넷 */
            die("open /dev/null");
    /* 보조 데이터 버퍼: cmsghdr 하나 + int 넷. union이 cmsghdr의 정렬을 맞춰 준다 */
    union {
        char buf[CMSG_SPACE(sizeof fds)];
        struct cmsghdr align;
    } ctl;
    memset(&ctl, 0, sizeof ctl); /* 여백 바이트까지 0으로 */
    char byte = 'x'; /* 보조 데이터만으로는 보낼 수 없다: 진짜 데이터가 1바이트는 있어야 한다 */
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof fds); /* 커널은 이 길이로 fd가 몇 개인지 센다: 넷 */
    memcpy(CMSG_DATA(c), fds, sizeof fds);
    /* 커널은 네 열린 파일의 참조를 메시지에 붙여 큐에 넣는다 (보내는 쪽의 번호는 그대로 남는다) */
    if (sendmsg(sock, &msg, 0) != 1)
        die("sendmsg");
    for (int i = 0; i < SENT; i++)
        close(fds[i]); /* 보낸 뒤에는 보낸 쪽의 번호를 닫는다: 큐 안의 것은 커널이 따로 쥐고 있다 */
}

/* room 개의 fd가 들어갈 보조 데이터 버퍼로 받고, 무엇이 왔는지 알린다 */
static void receive(int sock, int room, const char *label)
{
    union {
        char buf[CMSG_SPACE(SENT * sizeof(int))];
        struct cmsghdr align;
    } ctl;
    char byte;
    struct iovec iov = {.iov_base = &byte, .iov_len = 1}; /* 보낸 데이터 1바이트를 받을 곳 */
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf};
    /* 버퍼 자체는 넷이 들어갈 만큼 크다: 커널이 보는 것은 배열의 크기가 아니라 msg_controllen이다 */
    msg.msg_controllen = CMSG_SPACE((size_t)room * sizeof(int)); /* 여기가 "버퍼의 크기" 다 */
    int before = open_fds();
    /* recvmsg: 커널은 msg_controllen에 들어가는 만큼만 fd를 설치하고, 들어가지 않는 참조는 닫은 뒤
     * MSG_CTRUNC를 켠다. 보낸 쪽은 이미 번호를 닫았으므로, 닫힌 열린 파일은 되찾을 길이 없다. */
    if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
        die("recvmsg");
    int after = open_fds(), got = 0; /* 늘어난 수 = 실제로 설치된 fd */
    /* 보조 데이터는 여러 개일 수 있다: 모두 훑는다. 한 SCM_RIGHTS 안의 fd 수는 길이로 안다 */
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
            continue;
        int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int)); /* 커널이 줄인 길이: 설치된 수 */
        for (int i = 0; i < k; i++) {
            int fd;
            memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd); /* 정렬을 믿지 않고 memcpy */
            close(fd); /* 받은 fd는 이 프로세스의 것이다: 쓰지 않으면 닫는다 */
        }
        got += k; /* 모든 SCM_RIGHTS의 합 */
    }
    printf("%-15s MSG_CTRUNC %s, %d fd%s installed (open fds %d -> %d)%s\n", label,
           (msg.msg_flags & MSG_CTRUNC) ? "set" : "not set", got, got == 1 ? "" : "s", before, after,
           (msg.msg_flags & MSG_CTRUNC) ? ": the rest were closed by the kernel" : "");
}

int main(int argc, char *argv[])
{
    if (argc > 1) {
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: too_small_cmsg_buffer   (no arguments)\n");
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    /* 이름 없는 데이터그램 소켓 한 쌍: 메시지 하나 = sendmsg 하나라 두 실험이 섞이지 않는다 */
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv) == -1)
        die("socketpair");
    send_four(sv[0]); /* 같은 메시지를 두 번: 한 번은 작은 버퍼로, 한 번은 넉넉한 버퍼로 받는다 */
    receive(sv[1], 2, "room for 2 fds:"); /* 흔한 실수: 기대한 수보다 작은 버퍼 */
    send_four(sv[0]);
    receive(sv[1], SENT, "room for 4 fds:"); /* 보낸 만큼의 버퍼: 모두 온다 */
    return 0;
}
