/*
 * 01-file/server.c: 디스크 위의 파일만으로 client들과 대화하는 server.
 *
 * 커널 객체는 파일 자신뿐이고, 누가 파일에 무엇을 써도 커널은 아무에게도 알리지 않는다. 그래서
 * server는 spool 디렉터리(처리를 기다리는 작업을 쌓아 두는 디렉터리)를 정해진 간격으로 다시
 * 읽는다(폴링). 요청 "ID.req"마다 공유 카운터를 fcntl 쓰기 잠금 아래에서 1 올려 번호표를 매기고,
 * 응답 "ID.rep"를 client와 같은 방법(임시 파일 + rename)으로 발행한다. client들도 같은 카운터를
 * 같은 잠금으로 올린다. SIGINT, SIGTERM, SIGHUP에 spool을 지우고 0으로 끝난다. 카운터는 남는다.
 *
 * 실행 (저장소에서 make 01-file, 또는 이 디렉터리만 복사해 cc -o server server.c):
 *   터미널 1: ./server                     (-i 10이면 10 ms마다 spool을 다시 읽는다)
 *   터미널 2: ./client send 'hello, file'  그리고  ./client inc 100
 *   터미널 1: Ctrl-C
 * 출력:
 *   server: ready on ./demo.spool (pid 4241)
 *   server: "4242.req" -> "ticket 1: hello, file"
 *   server: SIGINT: removed ./demo.spool; ./demo.data stays
 *
 * 읽을 man 페이지: man 2 fcntl (Advisory record locking), man 2 rename, man 2 fsync,
 *   man 2 open (O_EXCL, O_NOFOLLOW), man 3 readdir, man 7 inotify (폴링 대신 쓸 수 있는 알림)
 */
#define _POSIX_C_SOURCE 200809L /* openat, renameat, fdopendir, O_CLOEXEC, O_NOFOLLOW: POSIX.1-2008 */
#define PROG "server"

#include <dirent.h>
#include <limits.h> /* NAME_MAX */
#include <time.h>

#include "common.h"

/* 경로들은 인자로 바꿀 수 있다 (-s, -f). 기본값은 현재 디렉터리의 이름이다 (common.h) */
static const char *spool = DEFAULT_SPOOL, *data = DEFAULT_DATA;
static char tmp_spool[4200]; /* 만들 때와 지울 때 spool이 잠시 갖는 이름: SPOOL.PID.tmp */
static int data_fd;          /* 카운터: 이 파일의 fd는 이것 하나뿐이다 (6절: close가 잠금을 푼다) */

/* 시그널 핸들러는 이 값을 바꾸기만 한다. 정리는 main의 보통 코드가 한다: 핸들러는 프로그램의 어느
 * 명령 사이에서든 끼어들 수 있으므로, 그 안에서 printf나 unlink를 부르면 반쯤 고친 상태를 본다.
 * volatile sig_atomic_t: 컴파일러가 이 값을 레지스터에 묶어 두지 않고, 읽기와 쓰기가 쪼개지지 않는다. */
static volatile sig_atomic_t stop_signal = 0;

static void on_signal(int sig)
{
    stop_signal = sig;
}

/* 사용법을 알리고 status를 돌려준다: -h, --help는 stdout과 0, 잘못된 인자는 stderr와 2 */
static int usage(FILE *to, int status)
{
    fprintf(to, "usage: server [-s SPOOL] [-f DATA] [-i MS]\n");
    fprintf(to, "SPOOL(%s)의 ID.req를 MS(1..10000, 50) 밀리초마다 찾아 DATA(%s)의 카운터를\n"
               "fcntl 잠금 아래에서 1 올린 번호표로 답한다 (ID.rep)\n", DEFAULT_SPOOL, DEFAULT_DATA);
    return status;
}

/*
 * spool을 만든다. 이 장의 발행 규칙을 디렉터리에도 쓴다: 임시 이름으로 만들고, 그 안의 server.lock에
 * 쓰기 잠금을 건 "뒤에야" rename으로 진짜 이름을 붙인다. 그래서 SPOOL이 보이는 순간 잠금은
 * 이미 쥐어져 있고, 동시에 시작한 두 server 가운데 진 쪽은 늘 "쓰는 중인 server"를 본다.
 * rename은 비어 있지 않은 디렉터리를 덮어쓰지 않는다 (ENOTEMPTY 또는 EEXIST, 파일이면 ENOTDIR).
 */
static DIR *make_spool(int *lock_fd)
{
    /* 임시 이름은 진짜 이름 옆(같은 디렉터리, 같은 파일 시스템)이어야 rename이 된다. PID를 붙이면
     * 동시에 시작한 server들의 임시 이름이 서로 겹치지 않는다 */
    snprintf(tmp_spool, sizeof tmp_spool, "%s.%ld.tmp", spool, (long)getpid());
    /* 0700: 같은 사용자만 요청을 놓고 읽을 수 있다 (umask는 더 좁힐 뿐 넓히지 않는다) */
    if (mkdir(tmp_spool, 0700) == -1)
        die("mkdir", tmp_spool);
    /* 디렉터리를 fd로 열고 readdir용 스트림을 씌운다. 이후의 파일은 모두 이 fd에 상대적으로
     * (openat, renameat) 다루므로, 디렉터리의 이름이 바뀌어도 같은 디렉터리를 가리킨다. */
    int dir_fd = open(tmp_spool, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *dir = dir_fd == -1 ? NULL : fdopendir(dir_fd);
    /* 방금 만든 빈 디렉터리이니 O_EXCL로 만든 이 파일은 우리 것이다. F_SETLK: 기다리지 않는다 */
    *lock_fd = dir == NULL ? -1 : openat(dir_fd, LOCK_NAME, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    /* rename: 커널이 디렉터리 항목 하나를 원자적으로 바꾼다. 다른 프로세스는 "SPOOL 없음" 아니면
     * "잠금까지 갖춘 SPOOL"만 본다. 그 사이의 모습(빈 디렉터리, 잠기지 않은 server.lock)은 없다 */
    if (*lock_fd != -1 && whole_file_lock(*lock_fd, F_SETLK, F_WRLCK) == 0 && rename(tmp_spool, spool) == 0)
        return dir;
    int err = errno; /* 만들다 만 것을 치운다 (closedir는 dir_fd도 닫는다). 알릴 것은 처음의 실패다 */
    unlinkat(dir_fd, LOCK_NAME, 0);
    if (dir != NULL)
        closedir(dir);
    rmdir(tmp_spool);
    if ((errno = err) != EEXIST && err != ENOTEMPTY && err != ENOTDIR)
        die("create", spool);
    /* SPOOL이 이미 있다. 살아 있는 server의 것이면 그 server가 server.lock을 쥐고 있다 */
    int old_dir, old_lock;
    pid_t holder = spool_server(spool, &old_dir, &old_lock);
    if (holder > 0)
        fprintf(stderr, "server: %s is in use by server pid %ld\n", spool, (long)holder);
    else if (holder == 0) /* server.lock은 있는데 아무도 쥐지 않았다: 그 server는 죽었다 */
        fprintf(stderr, "server: %s was left by a server that died; remove it: rm -r %s\n", spool, spool);
    else /* server.lock이 없다 (또는 디렉터리가 아니다): 남의 것이니 지우지도 고치지도 않는다 */
        fprintf(stderr, "server: %s exists and is not a spool (no %s); move it away or choose another -s\n", spool,
                LOCK_NAME);
    exit(1);
}

/* spool 안의 이름 하나를 없앤다. unlinkat은 디렉터리 항목(이름)만 지운다: 그 파일을 열어 둔 프로세스가
 * 있으면 내용은 그가 닫을 때까지 남는다 (inode의 링크 수와 열린 수가 둘 다 0이 될 때 사라진다).
 * 누가 디렉터리를 넣어 두었으면 리눅스의 unlinkat은 EISDIR로
 * (POSIX의 값은 EPERM) 거절하므로 AT_REMOVEDIR로 한 번 더 (빈 디렉터리만 지워진다). */
static int remove_name(int dir_fd, const char *name)
{
    if (unlinkat(dir_fd, name, 0) == 0 || errno == ENOENT)
        return 0;
    return (errno == EISDIR || errno == EPERM) ? unlinkat(dir_fd, name, AT_REMOVEDIR) : -1;
}

/* 발행된 요청 하나에 답한다. 무엇이 잘못되어도 알리고 다음으로 넘어간다. 남이 지은 이름과 글은
 * quoted()를 거쳐서만 찍는다 (터미널을 조종하는 ESC나 줄바꿈이 그대로 나가지 않게). */
static void serve_request(int dir_fd, const char *name)
{
    size_t id_len = strlen(name) - strlen(".req");
    char text[MAX_TEXT + 2], reply[MAX_REPLY], rep[NAME_LEN], qname[4 * NAME_MAX + 3], qreply[4 * MAX_REPLY + 3];
    const char *problem = "bad request name (no reply)";
    long ticket = 0;

    /* ID는 응답 파일의 이름이 된다: 규칙에 맞지 않으면 (줄바꿈, ESC, 너무 긺) 읽지도 답하지도 않는다.
     * 맞으면 읽는다. 읽기 전에 client가 거둬 갔으면 (기다리다 그만두었다) ENOENT다 */
    /* (read_published는 O_NOFOLLOW | O_NONBLOCK으로 열고 fstat로 일반 파일인지 본 뒤 한 줄을 읽는다) */
    if (id_ok(name, id_len) && (problem = read_published(dir_fd, name, text, MAX_TEXT)) != NULL && errno == ENOENT)
        return;
    if (problem == NULL)
        problem = text_problem(text, strlen(text)); /* client가 보내기 전에 본 것과 같은 규칙 */
    if (remove_name(dir_fd, name) == -1) /* 요청을 가져간다: 다음 폴링에서 다시 보지 않는다 */
        fprintf(stderr, "server: unlink %s: %s\n", quoted(qname, name, strlen(name)), strerror(errno));
    /* 번호표: 카운터 전체의 쓰기 잠금을 F_SETLKW로 기다린다 (common.h의 wait_for_lock). 기다리는
     * 동안 시그널이 오면 SA_RESTART가 없으므로 fcntl이 EINTR로 돌아오고, 멈추라는 뜻이면 답하지
     * 않고 돌아간다: client는 server.lock이 풀린 것을 보고 server가 사라진 것을 안다. */
    if (problem == NULL && wait_for_lock(data_fd, F_WRLCK, &stop_signal) == -1) {
        if (errno != EINTR)
            die("fcntl(F_SETLKW)", data);
        return;
    }
    /* 잠금 아래의 읽기-고치기-쓰기 (pread, pwrite, ftruncate). client의 inc도 같은 잠금을 청하므로
     * 둘의 세 단계는 섞이지 않는다. 잠금은 권고일 뿐이다: 커널은 잠금을 묻는 프로세스끼리만 막는다 */
    if (problem == NULL) {
        int ok = bump_counter(data_fd, &ticket) == 0;
        int err = errno;
        if (whole_file_lock(data_fd, F_SETLK, F_UNLCK) == -1) /* 다음 프로세스가 곧 들어오게 */
            die("fcntl(F_UNLCK)", data);
        problem = ok ? NULL : counter_problem(err);
    }
    if (problem == NULL)
        snprintf(reply, sizeof reply, "ticket %ld: %s\n", ticket, text);
    else
        snprintf(reply, sizeof reply, "error: %s\n", problem);
    /* 응답 파일이 보이기 "전에" 찍는다: client가 답을 받았을 때 이 줄은 이미 로그에 있다 */
    printf("server: %s -> %s\n", quoted(qname, name, strlen(name)), quoted(qreply, reply, strlen(reply) - 1));
    /* 응답도 임시 이름 + fsync + rename으로 발행한다 (common.h의 publish). client는 ID.rep가
     * 열리기만 하면 내용이 온전하다고 믿어도 된다. ID가 틀린 요청에는 둘 곳이 없으니 답하지 않는다 */
    snprintf(rep, sizeof rep, "%.*s.rep", (int)id_len, name);
    if (id_ok(name, id_len) && publish(dir_fd, rep, reply, strlen(reply)) == -1)
        fprintf(stderr, "server: publish %s: %s\n", rep, strerror(errno));
}

/* 디렉터리의 다음 이름 ("."과 ".."은 건너뛴다). 끝이면 NULL. readdir은 끝과 실패를 둘 다 NULL로
 * 알리므로 errno를 0으로 두고 불러 둘을 가른다. */
static struct dirent *next_entry(DIR *dir)
{
    struct dirent *e;
    do {
        errno = 0;
        if ((e = readdir(dir)) == NULL && errno != 0)
            die("readdir", spool);
    } while (e != NULL && (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0));
    return e;
}

int main(int argc, char *argv[])
{
    long interval_ms = 50;
    int opt, lock_fd;

    /* 테스트와 demo.sh가 파일이나 파이프로 읽는다: 그때 stdio는 기본으로 블록 단위로 모아 두므로,
     * 준비 줄이 버퍼에 갇히지 않게 한 줄씩 내보낸다 (_IOLBF) */
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && strcmp(argv[1], "--help") == 0)
        return usage(stdout, 0);
    while ((opt = getopt(argc, argv, "hs:f:i:")) != -1) {
        switch (opt) {
        case 'h': return usage(stdout, 0);
        case 's': spool = optarg; break;
        case 'f': data = optarg; break;
        case 'i': interval_ms = parse_number(optarg, 1, 10000); break; /* 범위 밖이면 -1 */
        default: return usage(stderr, 2); /* 모르는 옵션, 값이 빠진 옵션: getopt가 이미 알렸다 */
        }
    }
    if (optind != argc || interval_ms == -1)
        return usage(stderr, 2);
    /* SA_RESTART 없이 (common.h): 잠금이나 nanosleep에서 자다가도 멈출 수 있게 */
    catch_signal(SIGINT, on_signal);
    catch_signal(SIGTERM, on_signal);
    catch_signal(SIGHUP, on_signal);

    /* 1. 공유 카운터: 없으면 0600으로 만든다. O_EXCL은 주지 않는다: 지난 실행이 남긴 값을 이어
     *    쓰라고 있는 파일이다. 형식은 번호표를 뽑을 때마다 잠금 아래에서 본다. */
    if ((data_fd = open_regular(data, O_RDWR | O_CREAT, 0600)) == -1)
        die("open", data);

    /* 2. spool과 생존 표시 잠금. 이름이 붙었으니 client가 올 수 있다: 준비 줄. server.lock의 쓰기
     *    잠금은 이 프로세스가 살아 있는 동안 쥐어져 있다. 어떻게 끝나든 (SIGKILL이라도) 커널이 푼다:
     *    client는 F_GETLK로 그것을 보고 server의 죽음을 안다 (PID 파일과 달리 PID 재사용에 속지 않는다) */
    DIR *dir = make_spool(&lock_fd);
    printf("server: ready on %s (pid %ld)\n", spool, (long)getpid());

    /* 3. 폴링. 파일에는 잠들어 기다릴 곳이 없다 (파이프의 read와 다르다): 간격마다 다시 읽는다.
     *    간격이 짧으면 빨리 알아채지만 CPU를 더 쓴다. 리눅스의 inotify(7)는 "이 디렉터리에 이름이
     *    옮겨져 왔다 (IN_MOVED_TO)"를 알려 주지만, 그것은 파일 IPC에 따로 붙이는 알림 장치다 */
    while (!stop_signal) {
        /* rewinddir: 처음부터 다시 읽는다 (그 사이에 생긴 이름도 보인다). 이름이 ".req"로 끝나는
         * 것만 요청이다: 쓰는 중인 *.tmp는 건너뛴다 */
        rewinddir(dir);
        for (struct dirent *e; !stop_signal && (e = next_entry(dir)) != NULL;)
            if (strlen(e->d_name) > 4 && strcmp(e->d_name + strlen(e->d_name) - 4, ".req") == 0)
                serve_request(dirfd(dir), e->d_name);
        struct timespec ts = {interval_ms / 1000, (interval_ms % 1000) * 1000000L};
        /* 시그널이 오면 nanosleep은 -1/EINTR로 일찍 돌아오고 while이 멈춤을 본다 */
        if (nanosleep(&ts, NULL) == -1 && errno != EINTR)
            die("nanosleep", NULL);
    }

    /* 4. 정리. 먼저 임시 이름으로 옮긴다: server.lock이 아직 있어 비어 있지 않으니, 막 시작하는
     *    다른 server의 rename이 이 디렉터리를 덮어쓸 틈이 없다. 그다음 안을 비우고 지운다: 요청,
     *    응답, client의 임시 파일, server.lock까지 모두 server의 몫이다. 그 사이에 client가 새
     *    임시 파일을 만들었으면 rmdir이 ENOTEMPTY로 실패한다: 몇 번 되풀이한다. */
    if (rename(spool, tmp_spool) == -1)
        die("rename", spool);
    for (int pass = 0;; pass++) {
        rewinddir(dir);
        for (struct dirent *e; (e = next_entry(dir)) != NULL;)
            if (remove_name(dirfd(dir), e->d_name) == -1)
                fprintf(stderr, "server: unlink %s/%s: %s\n", tmp_spool, e->d_name, strerror(errno));
        if (rmdir(tmp_spool) == 0)
            break;
        if ((errno != ENOTEMPTY && errno != EEXIST) || pass == 4)
            die("rmdir", tmp_spool);
    }
    /* server.lock의 이름은 지웠어도 잠금은 이 close까지 쥐고 있다. closedir는 스트림과 그 밑의
     * fd를 함께 닫는다. 카운터는 다음 실행이 이어 쓰도록 남긴다 */
    if (closedir(dir) == -1 || close(lock_fd) == -1 || close(data_fd) == -1)
        die("close", NULL);
    printf("server: SIG%s: removed %s; %s stays\n",
           stop_signal == SIGINT ? "INT" : stop_signal == SIGTERM ? "TERM" : "HUP", spool, data);
    return 0;
}
