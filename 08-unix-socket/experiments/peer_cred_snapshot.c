/*
 * 08-unix-socket/experiments/peer_cred_snapshot.c: SO_PEERCRED는 connect 하던 순간의 사진이다.
 * 연결한 프로세스가 fork 하고 끝나, 자식이 그 소켓으로 말해도 server가 보는 PID는 처음 것 그대로다.
 * 그래서 SO_PEERCRED는 "연결한 것이 누구인가"(인증)에 쓰고, "이 메시지를 누가 보냈나"로 읽지
 * 않는다. NOTES.md 1.4 "SO_PEERCRED: 커널이 확인해 주는 상대".
 *
 *   부모(server): 추상 이름 @peercred-<pid>에 listen
 *   자식 C:        connect → fork → G가 끝나기를 기다렸다가 끝난다 (스스로는 한 바이트도 쓰지 않는다)
 *   손자 G:        물려받은 소켓으로 "hello from pid G"를 쓰고 끝난다
 *   부모:          C가 끝난 것을 확인하고 accept → SO_PEERCRED는 C, 데이터는 G
 *
 * 실행 (08-unix-socket 디렉터리에서):
 *   ./experiments/peer_cred_snapshot
 *
 * 출력:
 *   client pid 4243 connected, forked pid 4244 and exited
 *   SO_PEERCRED on the accepted socket: pid 4243 (exited), uid 1000
 *   the data came from: "hello from pid 4244"
 *
 * 읽을 man 페이지: man 7 socket (SO_PEERCRED), man 7 unix (SO_PASSCRED, SCM_CREDENTIALS)
 */
#define _GNU_SOURCE /* struct ucred와 SO_PEERCRED, 추상 이름은 리눅스 확장이다 */

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
    fprintf(stderr, "peer_cred_snapshot: %s: %s\n", what, strerror(errno));
    exit(1);
}

int main(int argc, char *argv[])
{
    if (argc > 1) {
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: peer_cred_snapshot   (no arguments)\n");
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */

    /* 추상 이름: 파일을 만들지 않으니 지울 것도 없다. PID를 붙여 동시에 돌아도 겹치지 않게 */
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr); /* sun_path[0] = 0: 추상 이름의 표시 */
    addr.sun_family = AF_UNIX;
    int nlen = snprintf(addr.sun_path + 1, sizeof addr.sun_path - 1, "peercred-%ld", (long)getpid());
    socklen_t alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)nlen); /* 끝 NUL 없이 */
    /* 연결을 받는 소켓을 fork 전에 준비한다: 자식이 connect 할 때 이미 listen 중이어야 한다 */
    int lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (lfd == -1 || bind(lfd, (struct sockaddr *)&addr, alen) == -1 || listen(lfd, 1) == -1) /* 큐 1 칸 */
        die("socket/bind/listen");

    pid_t c = fork(); /* C: 연결하는 쪽 */
    if (c == -1)
        die("fork");
    if (c == 0) {
        /* C: 연결한다. 커널은 이 순간 C의 PID/UID/GID를 연결에 적어 둔다 */
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0); /* CLOEXEC는 exec 에만: fork는 물려준다 */
        /* 부모가 아직 accept 하지 않아도 connect는 돌아온다: 연결은 부모의 큐에서 기다린다 */
        if (fd == -1 || connect(fd, (struct sockaddr *)&addr, alen) == -1)
            die("connect");
        pid_t g = fork(); /* 연결된 소켓을 가리키는 fd가 이제 두 프로세스에 있다 */
        if (g == -1)
            die("fork");
        if (g == 0) { /* G: 물려받은 연결로 말한다. fork는 fd와 그 소켓을 그대로 나눠 준다 */
            char msg[64];
            int n = snprintf(msg, sizeof msg, "hello from pid %ld", (long)getpid()); /* 말하는 것은 G 다 */
            _exit(write(fd, msg, (size_t)n) == n ? 0 : 1);
        }
        /* G를 거둔다: 고아가 되어 남는 프로세스가 없게. 그다음 C도 끝난다 */
        int gs;
        if (waitpid(g, &gs, 0) == -1)
            die("waitpid (grandchild)");
        printf("client pid %ld connected, forked pid %ld and exited\n", (long)getpid(), (long)g);
        _exit(WIFEXITED(gs) ? WEXITSTATUS(gs) : 1);
    }

    int status;
    if (waitpid(c, &status, 0) == -1) /* C는 이제 없다: 그 PID는 언제든 다시 쓰일 수 있다 */
        die("waitpid");
    /* 큐에는 C가 만든 연결이 기다리고 있다. 그 연결을 만든 프로세스도, 그 소켓을 쓴 G도 이제 없다 */
    int cfd = accept(lfd, NULL, NULL);
    if (cfd == -1)
        die("accept");
    /* SO_PEERCRED: 커널이 connect 때 적어 둔 상대의 PID/UID/GID를 그대로 돌려준다. 지금 그 소켓을
     * 가진 프로세스가 누구인지 다시 보지 않는다. 메시지마다 보낸 이를 알려면 SCM_CREDENTIALS를 쓴다 */
    struct ucred cred;
    socklen_t clen = sizeof cred;
    if (getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) == -1) /* 연결된 소켓에만 뜻이 있다 */
        die("getsockopt(SO_PEERCRED)");
    printf("SO_PEERCRED on the accepted socket: pid %ld (%s), uid %ld\n", (long)cred.pid,
           cred.pid == c ? "exited" : "?", (long)cred.uid);

    /* G와 C가 모두 끝나 연결의 마지막 fd가 닫혔으므로, 받은 바이트 뒤에 EOF가 온다.
     * 짧은 read를 이어 붙인다 */
    char buf[64];
    size_t have = 0;
    ssize_t n;
    while (have < sizeof buf - 1 && (n = read(cfd, buf + have, sizeof buf - 1 - have)) != 0) { /* 0: EOF */
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("read");
        have += (size_t)n;
    }
    buf[have] = '\0'; /* 찍기 위해 문자열로 */
    printf("the data came from: \"%s\"\n", buf);
    close(cfd);
    close(lfd); /* 마지막 소켓이 닫히며 추상 이름 @peercred-PID도 사라진다 */
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
