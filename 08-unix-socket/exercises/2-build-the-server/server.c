/*
 * 08-unix-socket/server.c: 파일 시스템의 경로 하나에서 유닉스 도메인 스트림 소켓으로 여러 client를
 * 한꺼번에 섬긴다. 프로세스 하나가 poll로 모든 연결을 지켜본다.
 *
 * 주소는 경로다: bind가 그 경로에 종류가 소켓(s)인 파일을 만든다. 데이터는 그 파일을 지나지
 * 않는다. 파일은 커널 안의 이 소켓을 찾는 이름일 뿐이고, 바이트는 커널이 한 소켓에서 다른 소켓의
 * 받는 큐로 옮긴다. listen 한 소켓에 client가 connect 하면, accept가 client마다 따로 연결된
 * 소켓(파일 디스크립터)을 하나씩 돌려준다. 줄 프로토콜은 common.h에 있다.
 *
 * 연습 2 (08-unix-socket/exercises/2-build-the-server): main()의 TODO 1-5를 채운다: README.md.
 *
 * 실행 (make 08-unix-socket으로 빌드한 뒤 08-unix-socket 디렉터리에서, 터미널 두 개):
 *   터미널 1: ./server                  ./demo.sock을 만들고 기다린다 (Ctrl-C로 끝낸다)
 *   터미널 2: echo hello | ./client     "OK HELLO"를 받는다
 *             ls -l demo.sock           srw------- ... demo.sock (종류 s, 모드 600)
 *   다른 경로: ./server -s /tmp/x.sock과 ./client -s /tmp/x.sock
 *   디렉터리만 복사했다면: cc -o server server.c
 *
 * 출력:
 *   server: ready on ./demo.sock (pid 4242)
 *   server: pid 4243 (uid 1000) connected, 1 clients
 *   server: pid 4243 left after 1 lines
 *   server: SIGINT: removed ./demo.sock
 *
 * 읽을 man 페이지: man 7 unix, man 2 socket, man 2 bind, man 2 listen, man 2 accept, man 2 poll,
 *                 man 2 umask, man 7 socket (SO_PEERCRED), man 2 flock
 */
#define _GNU_SOURCE /* accept4, ppoll, struct ucred(SO_PEERCRED)는 리눅스 확장이다 */

#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "common.h"

#define MAX_CLIENTS 128

/* 연결된 client 하나. 스트림에는 경계가 없으므로 아직 '\n'이 오지 않은 줄의 앞부분을 여기 모은다. */
struct client {
    int fd;     /* accept가 준, 이 client와만 연결된 소켓 */
    long pid;   /* SO_PEERCRED: connect 한 순간의 client PID (커널이 적는다) */
    size_t len; /* buf에 모인 바이트 수 */
    char buf[LINE_MAX_BYTES];
};

/* 아직 채우지 않은 TODO의 자리: -1을 돌려주고 errno를 ENOSYS("Function not implemented")로 둔다.
 * TODO를 채우면 그 자리의 todo() 호출을 진짜 시스템 호출로 바꾼다. 다 채우면 이 함수는 지워도 된다. */
static int todo(void)
{
    errno = ENOSYS;
    return -1;
}

static volatile sig_atomic_t stop_signal; /* 받은 SIGINT/SIGTERM/SIGHUP. 핸들러는 이것만 적는다 */

static void on_signal(int signo)
{
    stop_signal = signo;
}

/*
 * 완성된 한 줄(끝의 '\n'을 뺀 n 바이트)에 답한다. 제어 문자(0x00-0x1f, 0x7f)가 든 줄은 되돌려 주지
 * 않고 ERR로 답한다: 답에 이스케이프 문자열이 실려 client의 터미널에 가는 일이 없다.
 * -1이면 답을 보내지 못했다 (떠난 client는 EPIPE, 읽지 않아 버퍼가 찬 client는 EAGAIN): 끊는다.
 */
static int answer(struct client *c, const char *line, size_t n)
{
    char reply[3 + LINE_MAX_BYTES] = "OK ";
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)line[i];
        if (b < 0x20 || b == 0x7f) /* 연결은 끊지 않는다: 다음 줄은 다시 받아 준다 */
            return write_all(c->fd, "ERR control byte in line\n", 25);
        reply[3 + i] = (char)(b >= 'a' && b <= 'z' ? b - 'a' + 'A' : b); /* ASCII만 대문자로 */
    }
    reply[3 + n] = '\n';
    if (write_all(c->fd, reply, 3 + n + 1) == 0) /* 커널이 이 client의 받는 큐에 넣으면 0 */
        return 0;
    printf("server: pid %ld: write: %s: disconnected\n", c->pid, strerror(errno));
    return -1;
}

/* poll이 c에 읽을 것(또는 EOF)이 있다고 했다. 읽고, 완성된 줄마다 답한다. -1이면 끊는다. */
static int serve(struct client *c)
{
    ssize_t got = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
    if (got == -1 && errno == EAGAIN)
        return 0; /* 논블로킹 소켓: 읽을 것이 벌써 없다. 기다리지 않고 poll로 돌아간다 */
    /* 0은 EOF: client가 close 또는 shutdown(SHUT_WR) 했다. -1은 ECONNRESET 같은 오류다.
     * 어느 쪽이든 마지막 '\n' 뒤의 반쪽 줄은 답할 수 없으니 버린다. */
    if (got <= 0) {
        printf("server: pid %ld left (%s, %zu bytes of a partial line dropped)\n", c->pid, got ? strerror(errno) : "EOF", c->len);
        return -1;
    }
    /* read 한 번이 돌려주는 것은 줄 하나가 아니다: 반쪽 줄일 수도, 여러 줄일 수도 있다 */
    c->len += (size_t)got;
    char *start = c->buf, *end = c->buf + c->len, *nl;
    for (; (nl = memchr(start, '\n', (size_t)(end - start))) != NULL; start = nl + 1)
        if (answer(c, start, (size_t)(nl - start)) == -1)
            return -1;
    c->len = (size_t)(end - start); /* 남은 반쪽 줄을 버퍼 앞으로 옮겨 다음 read를 기다린다 */
    memmove(c->buf, start, c->len);
    if (c->len < sizeof c->buf)
        return 0;
    /* 버퍼가 찼는데 '\n'이 없다: 더 기다려도 줄이 되지 않는다 */
    printf("server: pid %ld sent a line over %d bytes: disconnected\n", c->pid, LINE_MAX_BYTES - 1);
    write_all(c->fd, "ERR line too long\n", 18);
    return -1;
}

/* 경로에 무엇이 있는지 보고, 지워도 되는 것(아무도 listen 하지 않는 소켓 파일)만 지운다.
 * 지우면 안 되는 까닭을 errno로 정하고, 그 하나를 die가 알린다. */
static void claim_path(const struct sockaddr_un *addr, socklen_t alen)
{
    struct stat st;
    int rc = lstat(addr->sun_path, &st); /* lstat: 심볼릭 링크를 따라가지 않고 이름 자체를 본다 */
    if (rc == -1 && errno == ENOENT)
        return; /* 아무것도 없다: bind가 만든다 */
    if (rc == -1)
        die("lstat");
    /* 살아 있는 server가 있는지 connect로 물어본다. 논블로킹이라, 연결 대기 큐가 찬 server는
     * 기다리지 않고 EAGAIN으로 "살아 있다" 고 알려 준다. 아무도 listen 하지 않으면 ECONNREFUSED. */
    if (!S_ISSOCK(st.st_mode))
        errno = ENOTSOCK; /* 일반 파일, 디렉터리, 심볼릭 링크...: 남의 것이다. 지우지 않는다 */
    else if (connect_to(addr, alen, SOCK_NONBLOCK) != -1 || errno == EAGAIN)
        errno = EADDRINUSE; /* 살아 있는 server의 주소다: bind가 줄 오류와 같다 */
    /* 그 밖에 EACCES는 남의 0600 소켓이다: 살았는지 모르니 건드리지 않는다. ENOENT: 그새 사라졌다 */
    if (errno != ECONNREFUSED && errno != ENOENT)
        die(addr->sun_path);
    if (unlink(addr->sun_path) == -1 && errno != ENOENT)
        die("unlink (stale socket)");
    printf("server: removed stale socket %s (nobody was listening)\n", addr->sun_path);
}

int main(int argc, char *argv[])
{
    prog = "server";
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파일로 읽는다: 버퍼에 갇히지 않게 줄마다 */
    const char *path = socket_path_arg(argc, argv, "보낸 줄마다 \"OK <대문자>\"로 답한다. SIGINT/SIGTERM/SIGHUP에 소켓 파일을 지운다.\n");
    struct sockaddr_un addr;
    socklen_t alen = make_address(path, &addr);

    /* 1. 끝내는 시그널은 막아 두고 ppoll 안에서만 푼다: 플래그를 본 뒤 잠들기 전에 온 시그널도
     *    잃지 않는다 (보류되었다가 ppoll이 마스크를 푸는 순간 배달된다). */
    int stops[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa = {.sa_handler = on_signal}; /* 핸들러가 막기 전에 돌아도 플래그가 남는다 */
    sigset_t blocked, waitmask;
    sigemptyset(&blocked);
    for (int i = 0; i < 3; i++)
        if (sigaddset(&blocked, stops[i]) == -1 || sigaction(stops[i], &sa, NULL) == -1)
            die("sigaction");
    if (sigprocmask(SIG_BLOCK, &blocked, &waitmask) == -1)
        die("sigprocmask");
    for (int i = 0; i < 3; i++)
        sigdelset(&waitmask, stops[i]); /* 물려받은 마스크에서 이 셋만 뺀 것: ppoll 동안의 마스크 */
    /* 떠난 client에 쓰면 커널은 SIGPIPE(기본 동작: 종료)를 보낸다. 무시하면 write가 EPIPE를 준다 */
    if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
        die("signal(SIGPIPE)");

    /* 2. 두 server가 동시에 "stale인가 → 지우기 → bind"를 하면 서로의 새 소켓을 지울 수 있다.
     *    소켓의 디렉터리에 flock을 걸어, listen까지를 한 번에 한 server만 하게 한다. */
    char dir[sizeof addr.sun_path]; /* dirname은 인자를 고쳐 쓰므로 경로의 복사본에 부른다 */
    int dirfd = open(dirname(memcpy(dir, addr.sun_path, sizeof dir)), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd == -1 || flock(dirfd, LOCK_EX) == -1)
        die("open+flock (socket directory)");
    claim_path(&addr, alen);

    /* 3. 소켓을 만들고 이름을 붙인다. bind가 소켓 파일을 만들 때 모드는 0777 & ~umask 다. 리눅스는
     *    connect 하는 쪽에게 그 파일의 쓰기 권한을 요구하므로, umask를 잠시 0177로 두어 주인만
     *    쓸 수 있는 0600으로 만든다 (root는 권한 검사를 건너뛴다). */
    /* TODO 1 (man 2 socket, man 7 unix): 유닉스 도메인(AF_UNIX) 스트림(SOCK_STREAM) 소켓을 만든다.
     *   exec 하는 자식에게 새지 않게 SOCK_CLOEXEC를, poll이 "새 연결" 이라 했는데 그새 큐가 비었을 때
     *   accept가 잠들지 않게 SOCK_NONBLOCK을 type에 더한다. 실패하면 -1 (아래의 die가 알린다).
     *   (common.h의 stream_socket()이 이 일을 한다: 그것을 불러도 된다.) */
    int lfd = todo();
    if (lfd == -1)
        die("socket");
    /* TODO 2 (man 2 bind, man 2 umask, man 7 unix "Pathname socket ownership and permissions"):
     *   lfd에 addr(길이 alen)라는 이름을 붙인다. bind가 그 경로에 소켓 파일을 만들고, 그 모드는
     *   0777 & ~umask 다. 주인만 connect 할 수 있게(0600) bind 동안만 umask를 0177로 두고, bind 뒤에
     *   물려받은 umask로 되돌린다. 실패하면 -1. */
    if (todo() == -1)
        die("bind");
    remove_on_death = path;
    /* listen: 이 소켓을 "연결을 받는 소켓"으로 바꾼다. 커널은 이제 connect를 받아 완성된 연결을
     * 큐에 쌓아 둔다 (SOMAXCONN 개까지; 넘치면 블로킹 connect는 자리가 날 때까지 기다린다).
     * listen 전에 connect 한 client는 ECONNREFUSED를 받는다: 준비 줄은 listen 뒤에 찍는다. */
    /* TODO 3 (man 2 listen): lfd를 듣는 소켓으로 바꾼다. backlog는 SOMAXCONN. 실패하면 -1. */
    if (todo() == -1)
        die("listen");
    close(dirfd); /* flock을 푼다: 이제 다른 server의 확인은 "살아 있다"를 본다 */
    printf("server: ready on %s (pid %ld)\n", path, (long)getpid());

    /* 4. 모든 소켓을 poll 하나로 기다린다. pfd[0]은 듣는 소켓(새 연결), pfd[1 + i]는 client i의
     *    연결된 소켓(데이터). 어느 하나 때문에 잠들지 않으므로 client 하나가 나머지를 멈추지 못한다. */
    static struct client cl[MAX_CLIENTS]; /* 128 x 280바이트: 스택 대신 정적 영역에 */
    struct pollfd pfd[1 + MAX_CLIENTS] = {{.fd = lfd}};
    int n = 0, limit = MAX_CLIENTS;
    while (!stop_signal) {
        /* 자리가 없으면 듣는 소켓은 보지 않는다: 새 연결은 커널의 연결 대기 큐(backlog)에서 기다린다 */
        pfd[0].events = n < limit ? POLLIN : 0;
        /* TODO 4 (man 2 poll, ppoll): pfd의 앞 1 + n 칸을, 시간 제한 없이(NULL), 잠든 동안만 시그널
         *   마스크를 waitmask로 바꾸어 기다린다. 그래야 막아 둔 SIGINT/SIGTERM/SIGHUP이 잠든 동안에만
         *   배달되고(EINTR), 플래그를 본 뒤 잠들기 전에 온 시그널을 잃지 않는다. 실패하면 -1. */
        if (todo() == -1) {
            if (errno == EINTR)
                continue; /* 핸들러가 돌았다: while이 stop_signal을 본다 */
            die("ppoll");
        }
        /* 뒤에서부터: 끊은 client 자리에 맨 끝 client를 옮겨도, 그것은 이미 본 것이다 */
        for (int i = n - 1; i >= 0; i--)
            if (pfd[1 + i].revents != 0 && serve(&cl[i]) == -1) {
                close(cl[i].fd);
                cl[i] = cl[--n];
                pfd[1 + i] = pfd[1 + n];
            }
        if (!(pfd[0].revents & POLLIN))
            continue;
        /* accept4: 큐에서 연결 하나를 꺼내, 이 client 하고만 이어진 새 소켓(새 fd, 새 inode)을 준다.
         * 듣는 소켓은 그대로 다음 연결을 받는다. 새 소켓도 논블로킹으로 받는다: 읽지 않는 client에
         * 쓰다가 그 버퍼가 차면 server가 잠드는 대신 EAGAIN을 받는다 (answer가 그 client를 끊는다). */
        /* TODO 5 (man 2 accept, accept4): lfd의 연결 대기 큐에서 연결 하나를 꺼내 그 client만의 새 소켓을
         *   받는다. client의 주소는 필요 없다 (NULL, NULL). 새 소켓에도 SOCK_CLOEXEC와 SOCK_NONBLOCK을:
         *   답을 읽지 않는 client 앞에서 write가 잠들면 다른 client들이 모두 멈춘다. 실패하면 -1. */
        int cfd = todo();
        if (cfd == -1 && errno != EAGAIN && errno != EMFILE && errno != ENFILE)
            die("accept4");
        if (cfd == -1 && errno != EAGAIN) { /* EMFILE/ENFILE: 이 프로세스(또는 시스템)의 fd가 바닥났다 */
            printf("server: accept4: %s: %d clients for now\n", strerror(errno), n);
            limit = n; /* client가 하나 떠날 때까지 새 연결은 커널의 큐에서 기다린다 */
        }
        if (cfd == -1)
            continue; /* EAGAIN: 그새 큐가 비었다 (논블로킹 소켓이라 기다리지 않는다) */
        /* SO_PEERCRED: connect 한 순간의 client PID/UID. 커널이 적으므로 client가 꾸밀 수 없다 */
        struct ucred cred;
        socklen_t clen = sizeof cred;
        if (getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) == -1)
            die("getsockopt(SO_PEERCRED)");
        cl[n] = (struct client){.fd = cfd, .pid = cred.pid};
        pfd[1 + n] = (struct pollfd){.fd = cfd, .events = POLLIN};
        printf("server: pid %ld (uid %ld) connected, %d clients\n", (long)cred.pid, (long)cred.uid, ++n);
    }

    /* 5. 정리: 이름을 먼저 지운다. 그 사이에 뜬 새 server는 이름이 없거나(bind 성공) 아직 listen
     *    중인 이 server를 보고(거절) 끝난다: 남의 새 소켓을 지울 틈이 없다. 소켓들은 exit가 닫는다:
     *    연결돼 있던 client들은 EOF를 받는다. */
    if (unlink(path) == -1)
        die("unlink");
    printf("server: %s: removed %s\n", strsignal(stop_signal), path);
    return 0;
}
