/*
 * 03-pipe/server.c: 익명 파이프 두 개로 자식 프로세스(client)와 대화한다.
 *
 * 파이프는 한 방향 통로다. 그래서 양방향 대화에는 파이프가 두 개 필요하다:
 *   요청 파이프: server(writer) ──write──▶ [커널 버퍼] ──read──▶ client 의 fd 0 (stdin)
 *   응답 파이프: client 의 fd 1 (stdout) ──write──▶ [커널 버퍼] ──read──▶ server
 * server 는 fork + dup2 + exec 로 client 를 띄우고, 요청은 별도의 writer 자식 프로세스가
 * 쓰며, server 자신은 응답만 읽는다. 쓰기와 읽기를 한 프로세스가 차례로 하면, 데이터가
 * 파이프 용량(리눅스 기본 64 KiB)을 넘는 순간 양쪽이 서로를 기다리며 멈추기 때문이다.
 *
 * 실행 (make 03-pipe 로 빌드한 뒤, 03-pipe 폴더에서):
 *   ./server                          기본 세 줄로 대화한다
 *   ./server 'one line' 'another'     보낼 줄을 직접 준다
 *   ./server -n 100000                생성한 10만 줄(> 파이프 용량)을 보내고 모든 바이트를 검사
 *   ./server -w 4 -n 2000 -s 4096     writer 4개가 PIPE_BUF 크기 줄을 동시에 쓴다 (섞이지 않음)
 *   ./server -n 100000 -q 1           client 가 한 줄만 읽고 끝나면 writer 는 EPIPE 를 받는다
 *   ./server -k                       (버그 재현) 쓰는 끝을 닫지 않으면 client 는 EOF 를 못 본다
 *
 * 출력 (기본):
 *   server: pipe capacity 65536 bytes, PIPE_BUF 4096 bytes
 *   server: started client ./client (pid 4242)
 *   server: writer 1 sent 3 lines (48 bytes) and closed its write end
 *   server: got "1: HELLO"
 *   server: got "2: PIPES ARE ONE-WAY"
 *   server: got "3: TWO PIPES MAKE A DUPLEX"
 *   server: EOF from client after 3 replies (57 bytes): all 3 correct
 *   server: writer 1 exited with status 0
 *   server: client exited with status 0
 * ("sent" 줄은 writer 가, "got" 줄은 server 가 찍으므로 둘의 순서는 실행마다 다를 수 있다.)
 *
 * 읽을 man 페이지: man 7 pipe, man 2 pipe, man 2 fork, man 2 dup2, man 3 exec, man 2 waitpid
 */
#define _GNU_SOURCE /* pipe2() 와 F_GETPIPE_SZ 는 리눅스 확장이다 */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WRITERS 16
#define MIN_SIZE 32            /* 생성하는 줄의 최소 길이: 머리말 "w16 9999999 " 이 들어갈 만큼 */
#define MAX_SIZE (1024L * 1024) /* 최대 길이: 1 MiB */
#define MAX_LINES 10000000L

static const char *const demo_lines[] = {"hello", "pipes are one-way", "two pipes make a duplex"};

struct options {
    char *client;        /* exec 할 client 경로 */
    int writers;         /* 요청 파이프에 동시에 쓰는 프로세스 수 */
    long lines;          /* -n: writer 하나가 보낼 생성된 줄 수 (0 이면 텍스트 모드) */
    long size;           /* -s: 생성된 줄 하나의 길이 (줄바꿈 포함) */
    long quit_after;     /* -q: client 에게 전할 값 (-1: 전하지 않음) */
    int client_verbose;  /* -v: client 에게 -v 를 전한다 */
    int keep_write_end;  /* -k: 일부러 버그를 낸다 */
    const char *const *texts; /* 텍스트 모드에서 보낼 줄들 */
    int ntexts;
};

static void usage(FILE *to)
{
    fprintf(to, "usage: server [-c CLIENT] [-n LINES [-s BYTES] [-w WRITERS]] [-q N] [-v] [-k] [TEXT...]\n");
}

static void help(void)
{
    usage(stdout);
    printf("\n파이프 두 개를 만들고 fork + dup2 + exec 로 CLIENT 를 띄워 줄 단위로 대화한다.\n\n"
           "  -c CLIENT   실행할 client 경로 (기본: ./client)\n"
           "  -n LINES    TEXT 대신 생성한 줄을 writer 하나당 LINES 개 보내고 답을 모두 검사\n"
           "  -s BYTES    생성한 줄의 길이, 줄바꿈 포함 (%d..%ld, 기본: 64)\n"
           "  -w WRITERS  요청 파이프에 동시에 쓰는 writer 프로세스 수 (1..%d, 기본: 1; -n 과 함께)\n"
           "  -q N        client 에게 N 줄만 답하고 끝내라고 한다 (writer 가 EPIPE 를 겪는다)\n"
           "  -v          client 에게 열린 파일 디스크립터를 알리라고 한다\n"
           "  -k          버그 재현: 요청 파이프의 쓰는 끝을 닫지 않아 client 가 EOF 를 못 본다\n"
           "  TEXT...     보낼 줄 (기본: 예제 세 줄)\n",
           MIN_SIZE, MAX_SIZE, MAX_WRITERS);
}

static _Noreturn void die(const char *what)
{
    fprintf(stderr, "server: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* fork 한 자식용 die: exit 가 아니라 _exit 로 끝낸다. exit 는 부모에게서 복사해 온 stdio
 * 버퍼를 한 번 더 내보내고 atexit 처리기를 다시 돌린다. 자식은 그 어느 것도 제 몫이 아니다. */
static _Noreturn void die_child(const char *what)
{
    fprintf(stderr, "server: %s: %s\n", what, strerror(errno));
    _exit(1);
}

/* 숫자 인자를 [min, max] 안의 정수로 읽는다. 아니면 사용법을 보이고 2 로 끝낸다. */
static long parse_number(const char *opt, const char *s, long min, long max)
{
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || n < min || n > max) {
        fprintf(stderr, "server: %s: expected a number from %ld to %ld, got '%s'\n", opt, min, max, s);
        usage(stderr);
        exit(2);
    }
    return n;
}

/*
 * len 바이트를 모두 쓴다. 파이프에 대한 write 는 요청보다 적게 쓰고 돌아올 수 있다
 * (PIPE_BUF 보다 큰 쓰기, 또는 시그널에 끊긴 경우). 그러니 다 쓸 때까지 반복한다.
 * 성공하면 0, 실패하면 -1 (errno 는 write 가 남긴 값).
 */
static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* 생성한 줄: "w<writer> <seq> " 뒤에 writer 마다 다른 글자를 채우고 '\n' 으로 끝낸다.
 * 한 줄이 한 writer 의 것인지, 순서가 맞는지를 받는 쪽이 바이트 단위로 확인할 수 있다. */
static size_t make_line(char *buf, long size, int writer, long seq)
{
    int head = snprintf(buf, (size_t)size, "w%d %ld ", writer, seq);
    memset(buf + head, 'a' + (writer - 1) % 26, (size_t)(size - 1 - head));
    buf[size - 1] = '\n';
    return (size_t)size;
}

/*
 * writer 자식 프로세스: 요청 파이프의 쓰는 끝 fd 에 줄을 쓰고 끝난다. 돌아오지 않는다.
 * 줄 하나는 write 한 번(write_all)으로 보낸다. 길이가 PIPE_BUF 이하면 커널은 그 write 를
 * 원자적으로 처리한다: 다른 writer 의 데이터가 그 사이에 끼어들지 않는다 (man 7 pipe).
 */
static void run_writer(int fd, int writer, const struct options *o)
{
    /*
     * 읽는 쪽(client)이 모두 닫힌 파이프에 쓰면 커널은 SIGPIPE 를 보내고, 기본 동작은
     * 프로세스 종료다. 무시하도록 바꾸면 write 가 -1/EPIPE 를 돌려주므로 그 사실을 알릴 수 있다.
     * (이 프로세스는 exec 하지 않는다. 무시(SIG_IGN)는 exec 뒤에도 이어지므로 client 를
     * 띄우는 자식에서는 바꾸지 않는다.)
     */
    if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
        die_child("signal");

    long sent = 0, bytes = 0;
    char *buf = NULL;
    if (o->lines > 0 && (buf = malloc((size_t)o->size)) == NULL)
        die_child("malloc");
    long count = o->lines > 0 ? o->lines : o->ntexts;

    for (long i = 0; i < count; i++) {
        int rc;
        size_t len;
        if (o->lines > 0) {
            len = make_line(buf, o->size, writer, i + 1);
            rc = write_all(fd, buf, len);
        } else {
            /* 텍스트 한 줄과 줄바꿈을 따로 쓰면 write 가 두 번이다. 그 사이에 다른 writer 가
             * 끼어들 수 있으므로 한 버퍼로 합쳐 한 번에 쓴다. */
            len = strlen(o->texts[i]) + 1;
            char *msg = malloc(len);
            if (msg == NULL)
                die_child("malloc");
            memcpy(msg, o->texts[i], len - 1);
            msg[len - 1] = '\n';
            rc = write_all(fd, msg, len);
            free(msg);
        }
        if (rc == -1) {
            if (errno == EPIPE)
                printf("server: writer %d: write: %s (the client stopped reading after we sent %ld lines)\n",
                       writer, strerror(errno), sent);
            else
                fprintf(stderr, "server: writer %d: write: %s\n", writer, strerror(errno));
            free(buf);
            _exit(1);
        }
        sent++;
        bytes += (long)len;
    }
    free(buf);

    /* 이 writer 의 쓰는 끝을 닫는다. 쓰는 끝을 가진 마지막 프로세스가 닫으면 client 의
     * read 는 버퍼를 다 비운 뒤 0 (EOF) 을 돌려받는다. */
    if (close(fd) == -1)
        die_child("close");
    printf("server: writer %d sent %ld lines (%ld bytes) and closed its write end\n", writer, sent, bytes);
    /* 부모에게서 복사해 온 stdio 버퍼나 atexit 처리기를 다시 돌리지 않도록 _exit 로 끝낸다. */
    _exit(0);
}

/*
 * fd from 을 to 번호로 옮긴다 (exec 뒤에도 남도록). 보통은 dup2 한 번이다. 그런데 부모가
 * fd 0 이 닫힌 채로 시작했다면 pipe2 가 바로 0 번을 돌려주어 from == to 가 된다. 그때 dup2 는
 * 아무것도 하지 않으므로 close-on-exec 표시가 그대로 남아 exec 가 그 fd 를 닫아 버린다.
 * 그 경우에는 표시만 지운다.
 */
static int move_fd(int from, int to)
{
    if (from == to)
        return fcntl(to, F_SETFD, 0);
    return dup2(from, to) == -1 ? -1 : 0;
}

/*
 * client 를 띄운다: fork 한 자식에서 요청 파이프의 읽는 끝을 fd 0 에, 응답 파이프의
 * 쓰는 끝을 fd 1 에 꽂고(dup2) client 로 exec 한다.
 */
static pid_t start_client(const int req[2], const int rep[2], const struct options *o)
{
    char quit[32], verbose[] = "-v";
    char *argv[4];
    int argc = 0;

    argv[argc++] = o->client;
    if (o->quit_after >= 0) {
        snprintf(quit, sizeof quit, "-q%ld", o->quit_after);
        argv[argc++] = quit;
    }
    if (o->client_verbose)
        argv[argc++] = verbose;
    argv[argc] = NULL;

    /* fork 는 stdio 버퍼도 복사한다. 비우지 않은 출력이 있다면 두 번 찍히니 먼저 비운다. */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == -1)
        die("fork");
    if (pid == 0) {
        /*
         * dup2(old, new): new 가 old 와 같은 "열린 파일"을 가리키게 한다. 이제 client 가
         * fd 0 에서 읽으면 요청 파이프에서, fd 1 에 쓰면 응답 파이프에 간다. dup2 로 만든
         * fd 0/1 에는 close-on-exec 표시가 없으므로 exec 뒤에도 남는다.
         */
        if (move_fd(req[0], STDIN_FILENO) == -1 || move_fd(rep[1], STDOUT_FILENO) == -1)
            die_child("dup2");
        /*
         * 원래의 네 fd(req[0], req[1], rep[0], rep[1])는 pipe2(O_CLOEXEC)로 만들었으므로
         * exec 가 성공하는 순간 커널이 닫는다. 닫히지 않았다면 client 가 자기 stdin 파이프의
         * 쓰는 끝(req[1])을 쥔 채로 남아, 영원히 EOF 를 보지 못했을 것이다.
         */
        execv(o->client, argv);
        /* exec 는 실패했을 때만 돌아온다. 부모의 코드로 흘러가지 않도록 여기서 끝낸다.
         * 상태 값은 셸의 관례를 따른다: 127 은 "찾을 수 없음", 126 은 "있지만 실행할 수 없음". */
        int err = errno;
        fprintf(stderr, "server: exec %s: %s\n", o->client, strerror(err));
        _exit(err == ENOENT ? 127 : 126);
    }
    return pid;
}

/* 자식 하나를 기다려 어떻게 끝났는지 알린다. 정상 종료(상태 0)면 1 을 돌려준다. */
static int reap(pid_t pid, const char *who)
{
    int status;
    while (waitpid(pid, &status, 0) == -1)
        if (errno != EINTR)
            die("waitpid");
    if (WIFEXITED(status)) {
        printf("server: %s exited with status %d\n", who, WEXITSTATUS(status));
        return WEXITSTATUS(status) == 0;
    }
    if (WIFSIGNALED(status))
        printf("server: %s was killed by signal %d (%s)\n", who, WTERMSIG(status), strsignal(WTERMSIG(status)));
    return 0;
}

/* 생성된 줄에 대한 답 "N: W<w> <seq> <글자들>" 이 온전한지 바이트 단위로 확인한다. */
static int check_generated(const char *reply, size_t len, long no, const struct options *o, long next_seq[])
{
    long got_no, seq;
    int w, head = 0, body = 0;
    if (sscanf(reply, "%ld: %n", &got_no, &body) != 1 || body == 0 || got_no != no)
        return 0;
    if (sscanf(reply + body, "W%d %ld %n", &w, &seq, &head) != 2 || head == 0)
        return 0;
    if (w < 1 || w > o->writers)
        return 0;
    long want = next_seq[w];
    next_seq[w] = seq + 1; /* 하나가 망가져도 다음 줄부터는 다시 맞춰서 센다 */
    if (seq != want || (long)(len - (size_t)body) != o->size - 1)
        return 0;
    char fill = (char)('A' + (w - 1) % 26);
    for (size_t i = (size_t)body + (size_t)head; i < len; i++)
        if (reply[i] != fill)
            return 0;
    return 1;
}

/* 텍스트 줄에 대한 답이 "N: 대문자로 바꾼 원문" 인지 확인한다. */
static int check_text(const char *reply, long no, const char *text)
{
    char prefix[32];
    int n = snprintf(prefix, sizeof prefix, "%ld: ", no);
    if (strncmp(reply, prefix, (size_t)n) != 0 || strlen(reply + n) != strlen(text))
        return 0;
    for (size_t i = 0; text[i] != '\0'; i++)
        if (reply[n + (int)i] != (char)toupper((unsigned char)text[i]))
            return 0;
    return 1;
}

int main(int argc, char *argv[])
{
    static char default_client[] = "./client";
    struct options o = {.client = default_client, .writers = 1, .lines = 0, .size = 64, .quit_after = -1};
    int opt;

    /* 테스트가 파일이나 파이프로 읽으므로, 버퍼에 갇히지 않게 한 줄씩 내보낸다. */
    setvbuf(stdout, NULL, _IOLBF, 0);

    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        help();
        return 0;
    }
    while ((opt = getopt(argc, argv, "hc:n:s:w:q:vk")) != -1) {
        switch (opt) {
        case 'h': help(); return 0;
        case 'c': o.client = optarg; break;
        case 'n': o.lines = parse_number("-n", optarg, 1, MAX_LINES); break;
        case 's': o.size = parse_number("-s", optarg, MIN_SIZE, MAX_SIZE); break;
        case 'w': o.writers = (int)parse_number("-w", optarg, 1, MAX_WRITERS); break;
        case 'q': o.quit_after = parse_number("-q", optarg, 0, MAX_LINES); break;
        case 'v': o.client_verbose = 1; break;
        case 'k': o.keep_write_end = 1; break;
        default: usage(stderr); return 2;
        }
    }
    o.texts = (const char *const *)(argv + optind);
    o.ntexts = argc - optind;
    if (o.lines > 0 && o.ntexts > 0) {
        fprintf(stderr, "server: give either -n LINES or TEXT, not both\n");
        usage(stderr);
        return 2;
    }
    if (o.lines == 0 && o.writers > 1) {
        fprintf(stderr, "server: -w needs -n (TEXT lines are sent by one writer)\n");
        usage(stderr);
        return 2;
    }
    if (o.lines == 0 && o.ntexts == 0) {
        o.texts = demo_lines;
        o.ntexts = (int)(sizeof demo_lines / sizeof demo_lines[0]);
    }
    for (int i = 0; i < o.ntexts; i++)
        if (strchr(o.texts[i], '\n') != NULL) {
            fprintf(stderr, "server: TEXT must be one line: '%s'\n", o.texts[i]);
            return 2;
        }

    /*
     * pipe2 는 파이프 하나를 만들고 fd 두 개를 돌려준다: [0] 은 읽는 끝, [1] 은 쓰는 끝.
     * 데이터는 디스크가 아니라 커널 메모리의 버퍼에 머문다. O_CLOEXEC 를 주면 exec 할 때
     * 커널이 이 fd 들을 자동으로 닫는다 (pipe 후 fcntl 로 따로 켜면 그 사이에 다른 스레드가
     * fork+exec 할 수 있어 틈이 생긴다).
     */
    int req[2], rep[2]; /* req: server → client, rep: client → server */
    if (pipe2(req, O_CLOEXEC) == -1 || pipe2(rep, O_CLOEXEC) == -1)
        die("pipe2");

    /* 파이프 버퍼의 크기 (리눅스 2.6.11 부터 기본 65536). 이만큼 차면 쓰는 쪽이 멈춘다. */
    int capacity = fcntl(req[1], F_GETPIPE_SZ);
    if (capacity == -1)
        die("fcntl(F_GETPIPE_SZ)");
    printf("server: pipe capacity %d bytes, PIPE_BUF %d bytes\n", capacity, PIPE_BUF);
    if (o.lines > 0 && o.size > PIPE_BUF && o.writers > 1)
        printf("server: lines are longer than PIPE_BUF: writes of different writers may interleave\n");

    pid_t client = start_client(req, rep, &o);
    printf("server: started client %s (pid %ld)\n", o.client, (long)client);

    /*
     * 부모는 쓰지 않는 끝을 바로 닫는다. 특히 응답 파이프의 쓰는 끝(rep[1])을 쥐고 있으면,
     * client 가 끝나도 쓰는 끝이 하나 남아 있으므로 아래의 읽기가 EOF 를 받지 못한다.
     * writer 들을 fork 하기 전에 닫아야 writer 들도 이것을 물려받지 않는다.
     */
    if (close(req[0]) == -1 || close(rep[1]) == -1)
        die("close");

    pid_t writers[MAX_WRITERS];
    for (int w = 1; w <= o.writers; w++) {
        fflush(stdout);
        writers[w - 1] = fork();
        if (writers[w - 1] == -1)
            die("fork");
        if (writers[w - 1] == 0) {
            if (close(rep[0]) == -1) /* writer 는 응답을 읽지 않는다 */
                die_child("close");
            run_writer(req[1], w, &o);
        }
    }

    /*
     * 이제 요청 파이프의 쓰는 끝은 writer 들이 가지고 있다. 부모 몫을 닫아야 writer 가 모두
     * 끝났을 때 client 가 EOF 를 본다. -k 는 이 close 를 빼먹은 버그를 그대로 보여 준다.
     */
    if (o.keep_write_end)
        printf("server: -k: keeping a write end of the request pipe open; the client will never see EOF\n");
    else if (close(req[1]) == -1)
        die("close");

    /* 응답을 EOF 까지 읽는다. fdopen 으로 stdio 스트림을 씌우면 getline 으로 줄 단위로 읽을 수 있다. */
    FILE *in = fdopen(rep[0], "r");
    if (in == NULL)
        die("fdopen");
    long expected = o.lines > 0 ? o.lines * o.writers : o.ntexts;
    long replies = 0, good = 0, bytes = 0;
    long next_seq[MAX_WRITERS + 1];
    for (int w = 0; w <= MAX_WRITERS; w++)
        next_seq[w] = 1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, in)) != -1) {
        replies++;
        bytes += len;
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        int ok = o.lines > 0 ? check_generated(line, (size_t)len, replies, &o, next_seq)
                             : replies <= o.ntexts && check_text(line, replies, o.texts[replies - 1]);
        good += ok;
        if (o.lines == 0)
            printf("server: got \"%s\"%s\n", line, ok ? "" : " (unexpected)");
        else if (!ok && replies - good <= 3)
            printf("server: reply %ld is damaged: \"%.60s...\"\n", replies, line);
    }
    if (ferror(in))
        die("read");
    free(line);
    if (fclose(in) == EOF) /* fd rep[0] 도 함께 닫힌다 */
        die("close");

    /* read 가 0 을 돌려줬다: 응답 파이프의 쓰는 끝을 가진 프로세스가 모두 닫았다 (client 가 끝났다). */
    if (replies == expected && good == expected)
        printf("server: EOF from client after %ld replies (%ld bytes): all %ld correct\n", replies, bytes, good);
    else
        printf("server: EOF from client after %ld of %ld replies (%ld bytes): %ld correct, %ld damaged\n",
               replies, expected, bytes, good, replies - good);

    /* 끝난 자식을 거둔다(waitpid). 거두지 않으면 좀비로 남는다. */
    int all_ok = replies == expected && good == expected;
    for (int w = 1; w <= o.writers; w++) {
        char who[32];
        snprintf(who, sizeof who, "writer %d", w);
        all_ok &= reap(writers[w - 1], who);
    }
    all_ok &= reap(client, "client");

    /* 우리 stdout 에 쓰다가 난 오류(디스크 가득, 닫힌 fd)를 놓치지 않는다. */
    if (fflush(stdout) == EOF || ferror(stdout)) {
        fprintf(stderr, "server: write to stdout failed\n");
        return 1;
    }
    return all_ok ? 0 : 1;
}
