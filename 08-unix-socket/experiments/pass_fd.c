/*
 * 08-unix-socket/experiments/pass_fd.c: 열린 파일 디스크립터를 다른 프로세스에 건넨다 (SCM_RIGHTS).
 * 받는 쪽은 그 파일을 한 번도 열지 않고(root로 실행하면 열 권한조차 없이) 읽는다.
 * NOTES.md 1.5 "파일 디스크립터 건네기: SCM_RIGHTS".
 *
 * fork 한 자식(보내는 쪽)이 fork 한 "뒤에" FILE을 열어, socketpair의 한쪽으로 sendmsg 한다. 커널은
 * 번호가 아니라 그 번호가 가리키는 열린 파일 기술(open file description)을 소켓의 큐에 넣는다.
 * 자식은 곧바로 끝난다. 부모(받는 쪽)는 자식이 끝난 것을 확인한 뒤에 recvmsg 한다: 그동안 그 파일을
 * 연 프로세스는 하나도 없고, 열린 파일은 소켓의 큐 안에서만 살아 있다. 받은 번호는 보낸 번호와
 * 다를 수 있다 (받는 프로세스에서 비어 있는 가장 작은 번호).
 * root로 실행하면 부모는 받기 전에 nobody(65534)가 되고, FILE을 스스로 열어 보고 실패한다.
 *
 * 실행 (08-unix-socket 디렉터리에서):
 *   echo secret >secret.txt && chmod 600 secret.txt
 *   ./experiments/pass_fd secret.txt          (sudo로 하면 받는 쪽이 nobody가 된다)
 *
 * 출력 (root로):
 *   sender (pid 4243): opened secret.txt as fd 4 (inode 131), sent it with SCM_RIGHTS, exiting
 *   receiver (pid 4242): dropped to uid 65534: open secret.txt: Permission denied
 *   receiver (pid 4242, uid 65534): the sender has exited; recvmsg gave fd 3 -> /tmp/x/secret.txt
 *   receiver: same inode as the sender's: yes (131); read 7 bytes: "secret\n"
 *
 * 읽을 man 페이지: man 7 unix (SCM_RIGHTS), man 3 cmsg, man 2 sendmsg, man 2 recvmsg
 */
#define _DEFAULT_SOURCE /* setgroups는 POSIX가 아니다. SCM_RIGHTS와 CMSG_* 는 POSIX 다 */

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
    fprintf(stderr, "pass_fd: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* 자식: FILE을 열어 fd를 보내고 끝난다. 데이터로 inode 번호를 함께 보낸다 (받는 쪽이 비교한다). */
static void send_file(int sock, const char *file)
{
    /* 권한 검사는 여기, open에서 한 번만 한다. 그 뒤 fd를 가진 프로세스는 누구든 그 권한으로 읽는다 */
    int fd = open(file, O_RDONLY | O_CLOEXEC); /* CLOEXEC: 보낼 것은 exec가 아니라 sendmsg로 건넨다 */
    struct stat st;
    if (fd == -1 || fstat(fd, &st) == -1) /* fstat: 연 파일의 inode 번호 (받는 쪽이 견준다) */
        die("open (sender)");
    char data[32]; /* 평범한 데이터: inode 번호를 글로 */
    int len = snprintf(data, sizeof data, "%llu", (unsigned long long)st.st_ino);
    /* 보조 데이터(control message) 하나: SOL_SOCKET/SCM_RIGHTS에 int 하나. CMSG_SPACE는 맞춤(정렬)
     * 여백까지 센 크기다. union은 버퍼를 cmsghdr에 맞게 정렬해 둔다. */
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } ctl;
    memset(&ctl, 0, sizeof ctl); /* 여백 바이트까지 0으로: 커널에 쓰레기를 넘기지 않는다 */
    struct iovec iov = {.iov_base = data, .iov_len = (size_t)len}; /* 실제 데이터가 1바이트는 있어야 한다 */
    /* msghdr: 데이터(iov)와 보조 데이터(msg_control)를 한 메시지로 묶는다. msg_name은 비워 둔다:
     * socketpair의 소켓은 이미 연결되어 있어 보낼 곳을 따로 적지 않는다. */
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg); /* 버퍼 맨 앞의 cmsghdr 자리 */
    c->cmsg_level = SOL_SOCKET; /* 소켓 층의 보조 데이터다 */
    c->cmsg_type = SCM_RIGHTS;  /* "이 int들은 파일 디스크립터다": 커널이 번호를 열린 파일로 바꾼다 */
    c->cmsg_len = CMSG_LEN(sizeof(int)); /* 헤더 + int 하나. 여백은 세지 않는다 (CMSG_SPACE가 아니다) */
    memcpy(CMSG_DATA(c), &fd, sizeof fd); /* 정렬되지 않았을 수 있으니 대입 대신 memcpy */
    /* sendmsg: 커널은 이 프로세스의 fd 표에서 번호 fd가 가리키는 열린 파일 기술을 찾아 참조 수를 하나
     * 올리고, 그 참조를 메시지와 함께 sv[0]의 받는 큐에 넣는다. 번호 자체는 건너가지 않는다. */
    if (sendmsg(sock, &msg, 0) != len)
        die("sendmsg");
    printf("sender (pid %ld): opened %s as fd %d (inode %s), sent it with SCM_RIGHTS, exiting\n", (long)getpid(),
           file, fd, data);
    close(fd); /* 보낸 쪽이 닫아도 받는 쪽의 것은 남는다: 커널이 따로 참조를 쥐고 있다 */
}

int main(int argc, char *argv[])
{
    if (argc != 2 || argv[1][0] == '-') {
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: pass_fd FILE\n");
        return help ? 0 : 2;
    }
    const char *file = argv[1];
    setvbuf(stdout, NULL, _IOLBF, 0); /* 두 프로세스가 같은 stdout에 쓴다: 줄 단위로 */

    /* socketpair: 서로 연결된 이름 없는 유닉스 소켓 한 쌍. fork 뒤 부모는 sv[0], 자식은 sv[1]을 쓴다.
     * 서로 모르는 두 프로세스라면 이름 있는 소켓에 connect 해서 같은 일을 한다 (SCM_RIGHTS는 같다). */
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
        die("socketpair");
    pid_t child = fork(); /* 자식은 아직 FILE을 열지 않았다: fork로 물려받는 fd가 아니다 */
    if (child == -1)
        die("fork");
    if (child == 0) {
        close(sv[0]); /* 자식은 보내기만 한다 */
        send_file(sv[1], file);
        _exit(0); /* 자식이 끝나면 그 fd 표는 사라진다. 큐 안의 참조는 남는다 */
    }
    close(sv[1]); /* 부모는 받기만 한다 */

    int status;
    if (waitpid(child, &status, 0) == -1) /* 보낸 쪽이 완전히 끝난 뒤에 받는다 */
        die("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return 1; /* 보내는 쪽이 이미 오류를 알렸다 */
    /* root라면 받기 전에 특권을 버린다. 그룹부터 (setuid 뒤에는 그룹을 바꿀 권한이 없다). */
    if (geteuid() == 0) {
        if (setgroups(0, NULL) == -1 || setgid(65534) == -1 || setuid(65534) == -1) /* 되돌릴 수 없다 */
            die("drop privileges");
        /* 스스로 열어 본다: 이제 nobody이므로 0600 파일이면 커널이 EACCES로 거절해야 한다 */
        int own = open(file, O_RDONLY | O_CLOEXEC);
        printf("receiver (pid %ld): dropped to uid 65534: open %s: %s\n", (long)getpid(), file,
               own == -1 ? strerror(errno) : "opened (the file is readable by nobody)");
        if (own != -1)
            close(own); /* 누구나 읽는 파일이라 열렸다면, 그 fd는 이 실험에 쓸 데가 없다: 닫는다 */
    }

    /* 받기: 보조 데이터를 담을 버퍼를 "받을 fd 수"에 맞게 준비한다. 모자라면 MSG_CTRUNC (다른 실험). */
    char data[32];
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } ctl;
    struct iovec iov = {.iov_base = data, .iov_len = sizeof data - 1};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf};
    /* recvmsg: 커널이 큐의 참조를 꺼내 이 프로세스의 fd 표에서 비어 있는 가장 작은 번호에 설치한다.
     * MSG_CMSG_CLOEXEC: 설치하는 fd에 FD_CLOEXEC를 켠다 (받은 fd가 exec로 새지 않게) */
    ssize_t n = recvmsg(sv[0], &msg, MSG_CMSG_CLOEXEC);
    if (n <= 0)
        die("recvmsg");
    data[n] = '\0'; /* iov_len을 하나 모자라게 잡아 두었다: NUL 자리 */
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg); /* 보조 데이터가 없으면 NULL */
    if ((msg.msg_flags & MSG_CTRUNC) || c == NULL || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) {
        fprintf(stderr, "pass_fd: no descriptor arrived\n");
        return 1;
    }
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof fd); /* 받는 쪽의 번호: 보낸 쪽의 번호와 같을 까닭이 없다 */
    char where[PATH_MAX], proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    ssize_t wl = readlink(proc, where, sizeof where - 1); /* 리눅스: fd가 가리키는 파일의 경로 */
    where[wl > 0 ? wl : 0] = '\0';
    printf("receiver (pid %ld, uid %ld): the sender has exited; recvmsg gave fd %d -> %s\n", (long)getpid(),
           (long)getuid(), fd, where);

    struct stat st;
    char text[64];
    /* 이 read에는 권한 검사가 없다: 권한은 open 때 한 번 검사되었고, 열린 파일 기술이 그것을 기억한다 */
    ssize_t got = fstat(fd, &st) == -1 ? -1 : read(fd, text, sizeof text);
    if (got == -1)
        die("fstat/read (receiver)");
    printf("receiver: same inode as the sender's: %s (%llu); read %zd bytes: \"", strtoull(data, NULL, 10) == st.st_ino ? "yes" : "no",
           (unsigned long long)st.st_ino, got);
    for (ssize_t i = 0; i < got; i++) { /* 파일의 내용은 남이 정한 바이트다: 제어 문자는 이스케이프해 찍는다 */
        unsigned char b = (unsigned char)text[i];
        if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\')
            putchar(b);
        else
            printf(b == '\n' ? "\\n" : "\\x%02x", b);
    }
    printf("\"\n");
    close(fd); /* 마지막 참조: 이제 커널이 열린 파일 기술을 치운다 */
    return 0;
}
