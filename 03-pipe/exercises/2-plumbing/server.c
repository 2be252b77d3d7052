/*
 * 03-pipe 연습 2의 server.c: 익명 파이프 두 개로 자식 프로세스(client)와 한 줄씩 주고받는다.
 * 03-pipe/server.c에서 파이프를 만들고 잇고 닫는 호출을 빼고 TODO 다섯 곳을 남겼다 (README.md).
 * 채우기 전에도 빌드는 된다.
 *
 * 파이프는 한 방향 통로다. 그래서 대화에는 파이프가 두 개 필요하다:
 *   요청 파이프 req: server ──write()──▶ [커널 버퍼] ──read()──▶ client의 fd 0
 *   응답 파이프 rep: client의 fd 1 ──write()──▶ [커널 버퍼] ──read()──▶ server
 * server는 fork + dup2 + exec로 client를 띄우고, 표준 입력의 줄을 하나 보내고 답 하나를 읽기를
 * 되풀이한다. 입력이 끝나면 요청 파이프를 닫고(client가 EOF를 본다) client를 거둔다.
 *
 * 실행 (저장소 맨 위에서 make exercise EX=03-pipe/2, 또는 이 디렉터리에서 cc -o server server.c
 *       && cc -o client client.c):
 *   printf 'hello\npipes are one-way\n' | ./server
 *   ./server                   줄을 직접 입력하고 Ctrl-D로 끝낸다
 *   ./server -c PATH           띄울 client를 고른다 (기본: ./client)
 *
 * 출력 (client: 줄은 client가 stderr에 쓴다):
 *   server: started client ./client (pid 4242)
 *   server: got "1: HELLO"
 *   server: got "2: PIPES ARE ONE-WAY"
 *   server: end of input after 2 lines: closing the request pipe
 *   client: EOF after 2 lines
 *   server: client exited with status 0
 *
 * SIGINT, SIGTERM, SIGHUP에는 일부러 핸들러를 달지 않는다. 파이프에는 지울 이름이 없고,
 * server가 죽으면 커널이 그 fd를 모두 닫는다. 그러면 client는 EOF를 보고 스스로 끝나고,
 * 고아가 된 client는 init(또는 subreaper)이 거둔다. 기본 동작(종료)이 곧 올바른 정리다.
 *
 * 읽을 man 페이지: man 7 pipe, man 2 pipe, man 2 fork, man 2 dup2, man 2 execve, man 2 waitpid
 */
#define _GNU_SOURCE /* glibc는 pipe2()를 이것이 있어야 선언한다 (리눅스 2.6.27, POSIX.1-2024) */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* 되돌릴 수 없는 오류: "server: 호출: 오류 문구"를 stderr에 쓰고 상태 1로 끝낸다. */
static _Noreturn void die(const char *what)
{
    fprintf(stderr, "server: %s: %s\n", what, strerror(errno));
    exit(1);
}

/*
 * len 바이트를 모두 쓴다. 블로킹 파이프에 대한 write()는 자리가 날 때까지(client가 읽어 갈
 * 때까지) 잠들었다가 전부 쓰고 돌아온다. 덜 쓰고 돌아오는 것은 시그널 핸들러가 끼어들었거나
 * 쓰는 도중에 읽는 끝이 모두 닫혔을 때뿐이다. 그래도 돌려받은 값만큼만 썼다고 보고 이어 쓴다.
 */
static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n == -1)
            return -1; /* EPIPE: 읽는 끝이 모두 닫혔다 (SIGPIPE는 무시해 두었다) */
        buf += n; /* 쓴 만큼 건너뛰고 나머지를 다시 쓴다 */
        len -= (size_t)n;
    }
    return 0;
}

/* 답 reply[0..rlen)이 no번 요청 line[0..len)에 대한 "no: 대문자로 바꾼 줄\n"과 바이트까지 같은가.
 * 숫자를 파싱하지 않고 기대하는 답과 견주므로 " 1:HELLO" 같은 다른 모양은 모두 틀린 답이다. */
static int is_answer(const char *reply, size_t rlen, long no, const char *line, size_t len)
{
    char head[32];
    size_t h = (size_t)snprintf(head, sizeof head, "%ld: ", no);
    if (rlen != h + len + 1 || memcmp(reply, head, h) != 0 || reply[rlen - 1] != '\n')
        return 0;
    for (size_t i = 0; i < len; i++)
        if (reply[h + i] != (char)toupper((unsigned char)line[i]))
            return 0;
    return 1;
}

/* client가 보낸 바이트를 그대로 터미널에 보내지 않는다: 제어 문자(ESC ...)가 터미널을 조종할 수
 * 있다. 인쇄할 수 있는 ASCII만 그대로, 나머지와 따옴표, 역슬래시는 \xHH로 찍는다. */
static void print_reply(const char *s, size_t n, int ok)
{
    printf("server: got \"");
    for (size_t i = 0; i < n - (s[n - 1] == '\n'); i++) { /* 줄 끝의 '\n'은 빼고 */
        if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' && s[i] != '\\')
            putchar(s[i]);
        else
            printf("\\x%02x", (unsigned char)s[i]);
    }
    printf("\"%s\n", ok ? "" : " (unexpected)");
}

static int usage(FILE *to, int status)
{
    fprintf(to, "usage: server [-c CLIENT]\n"
                "표준 입력의 줄마다 CLIENT에게 요청 한 줄을 보내고 답 한 줄을 받아 찍는다.\n"
                "  -c CLIENT  파이프 두 개로 이어 띄울 프로그램 (기본: ./client)\n");
    return status;
}

int main(int argc, char *argv[])
{
    const char *client = "./client";
    int opt;

    /* stdout이 파일이나 파이프면 stdio는 버퍼(4096바이트)가 찰 때까지 모았다가 쓴다.
     * 테스트와 사람이 줄을 제때 보도록 줄 단위로 내보낸다. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 2 && strcmp(argv[1], "--help") == 0)
        return usage(stdout, 0);
    /* 인자: -c CLIENT 하나뿐이다. 모르는 옵션이나 남는 인자는 사용법을 stderr에 쓰고 상태 2. */
    while ((opt = getopt(argc, argv, "hc:")) != -1) {
        if (opt != 'c')
            return opt == 'h' ? usage(stdout, 0) : usage(stderr, 2);
        client = optarg;
    }
    if (optind != argc)
        return usage(stderr, 2);

    /*
     * ① 파이프 두 개. 파이프 하나는 한 방향이라 요청과 답에 하나씩 쓴다. 배열의 [0]은 읽는 끝,
     * [1]은 쓰는 끝이다.
     * TODO 1 (man 2 pipe2, man 7 pipe): 요청 파이프 req와 응답 파이프 rep를 만든다. 네 fd 모두, exec가
     *    성공하는 순간 커널이 닫게 만든다: client에게는 TODO 2에서 꽂는 fd 0과 1만 넘어가야 한다. 그렇게
     *    하는 플래그를 만들 때 함께 준다 (만든 뒤 fcntl로 켜면 그 틈에 다른 스레드가 fork + exec할 수 있다).
     *    지금은 자리만 있다: 아래의 errno 줄과 if의 조건을 호출 둘로 바꿔라. 실패하면 die("pipe2").
     */
    int req[2] = {-1, -1}, rep[2] = {-1, -1}; /* req: server → client, rep: client → server */
    errno = ENOSYS;                           /* "Function not implemented": 아직 채우지 않았다 */
    if (req[0] == -1 || rep[0] == -1)
        die("pipe2");

    /* ② fork: 자식은 부모의 fd 표를 복사해 가진다. 같은 파이프 끝을 가리키는 fd가 둘씩으로 는다.
     * 파이프의 끝은 그것을 가리키는 fd가 모두 닫혀야 닫힌 것이 된다. */
    pid_t pid = fork();
    if (pid == -1)
        die("fork");
    if (pid == 0) {
        /* ③ 자식: client는 자기가 파이프에 이어져 있는 줄 모른다. fd 0에서 읽고 fd 1에 쓸 뿐이다.
         * TODO 2 (man 2 dup2): exec하기 전에 fd 0이 요청 파이프의 읽는 끝을, fd 1이 응답 파이프의 쓰는 끝을
         *    가리키게 한다. 실패하면 fprintf(stderr, "server: dup2: %s\n", strerror(errno)); _exit(1);
         *    (새로 생긴 fd 0과 1에 close-on-exec가 남는지, 원래의 fd 넷은 누가 닫는지도 man 페이지에서 보라.) */
        execl(client, client, (char *)NULL);
        /* exec는 실패했을 때만 돌아온다. 부모의 코드로 흘러가지 않게 여기서 _exit로 끝낸다
         * (exit는 부모에게서 복사한 stdio 버퍼를 한 번 더 내보낸다). 127/126은 셸의 관례다:
         * 127은 "찾을 수 없음", 126은 "있지만 실행할 수 없음". */
        int err = errno;
        fprintf(stderr, "server: exec %s: %s\n", client, strerror(err));
        _exit(err == ENOENT ? 127 : 126);
    }

    /*
     * ④ 부모: 요청 파이프에 쓰고 응답 파이프에서 읽는다. 파이프의 끝은 그것을 가리키는 fd가 "모두"
     *    닫혀야 닫힌 것이 된다.
     * TODO 3 (man 7 pipe, man 2 close): 부모가 쓰지 않는 파이프 끝 둘을 닫는다. 실패하면 die("close").
     *    무엇을 쥐고 있으면 무엇이 오지 않는지 생각해 보라: client가 끝나거나 죽었을 때의 EOF, 읽기를 그만둔
     *    client에게 쓸 때의 EPIPE.
     * TODO 4 (man 7 signal, man 2 write의 EPIPE, man 2 execve): 읽는 쪽이 사라진 요청 파이프에 써도 server가
     *    죽지 않고 write()가 -1/EPIPE를 돌려받게 한다. 이 설정이 exec를 건너 client에게 물려지면 안 된다
     *    (client는 필터답게 기본 동작으로 시작한다): 그래서 자리가 fork 뒤, 여기다. 실패하면 die("signal").
     */
    FILE *replies = fdopen(rep[0], "r"); /* 파이프 fd 위에 stdio를 씌워 getline()으로 읽는다 */
    if (replies == NULL)
        die("fdopen");
    /* 준비 줄: client가 떴고 두 파이프가 이어졌다. 이제부터 표준 입력을 읽는다. */
    printf("server: started client %s (pid %ld)\n", client, (long)pid);

    /*
     * ⑤ 대화: 입력 한 줄 → 요청 → 답 하나. 한 번에 한 줄씩 주고받으므로 두 파이프가 함께 찰 일이
     * 없다. 요청을 모두 쓴 뒤에야 답을 읽으면, 데이터가 두 파이프와 client의 stdio 버퍼를 합친
     * 것을 넘는 순간 둘 다 write()에서 멈춘다 (experiments/write_all_then_read.c).
     */
    char *line = NULL, *reply = NULL; /* getline()이 줄 길이에 맞춰 늘려 주는 버퍼 */
    size_t cap = 0, rcap = 0;
    ssize_t len, rlen;
    long lines = 0; /* 보낸 요청의 수 = 기대하는 답의 번호 */
    int bad = 0;    /* 틀린 답, 끊긴 대화 */
    while ((len = getline(&line, &cap, stdin)) > 0) {
        if (line[len - 1] != '\n')
            line[len++] = '\n'; /* 마지막 줄에 '\n'이 없어도 보낸다 (getline은 NUL 자리를 남겨 둔다) */
        if (write_all(req[1], line, (size_t)len) == -1) {
            fprintf(stderr, "server: write: %s\n", strerror(errno));
            break;
        }
        /* 답 한 줄. 파이프가 비어 있으면 커널은 client가 write()할 때까지 이 read()를 재운다.
         * 쓰는 끝(client의 fd 1)이 모두 닫히면 read()가 0을 돌려주고 getline()은 -1이 된다. */
        if ((rlen = getline(&reply, &rcap, replies)) == -1) {
            fprintf(stderr, "server: read: %s\n", ferror(replies) ? strerror(errno) : "EOF before the reply");
            break;
        }
        int ok = is_answer(reply, (size_t)rlen, ++lines, line, (size_t)len - 1);
        print_reply(reply, (size_t)rlen, ok);
        bad |= !ok; /* 틀린 답을 받아도 대화는 이어 간다: 끝 상태 1로 알린다 */
    }
    if (len > 0 || ferror(stdin)) { /* 대화가 도중에 끊겼다 */
        if (ferror(stdin))
            fprintf(stderr, "server: read stdin: %s\n", strerror(errno));
        bad = 1;
    } else {
        printf("server: end of input after %ld line%s: closing the request pipe\n", lines, lines == 1 ? "" : "s");
    }

    /* ⑥ 입력이 끝났다. client는 아직 다음 요청을 기다리며 read()에서 잔다.
     * TODO 5 (man 7 pipe): client가 남은 바이트를 다 읽은 뒤 EOF(read()가 0)를 보게 한다. 실패하면 die("close").
     *    이것을 빠뜨리면 아래 ⑦에서 누가 누구를 기다리게 되는가? */
    /* ⑦ 응답 파이프를 EOF까지 비운 뒤에 거둔다. 비우지 않고 waitpid()부터 하면, 답을 쓰다 파이프가
     * 가득 찬 client는 끝나지 못하고 둘이 서로를 기다린다. EOF: client가 fd 1을 닫았다. */
    while ((rlen = getline(&reply, &rcap, replies)) != -1) {
        print_reply(reply, (size_t)rlen, 0); /* 보낸 요청이 없는 답 */
        bad = 1;
    }
    if (ferror(replies))
        die("read");
    free(line);
    free(reply);
    if (fclose(replies) == EOF) /* rep[0]도 함께 닫힌다 */
        die("close");

    /* ⑧ 끝난 자식을 거둔다(waitpid). 거두기 전까지 커널은 그 종료 상태를 좀비로 남겨 둔다. */
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die("waitpid");
    /* WIFEXITED: exit()나 main의 return으로 끝났다 (상태는 WEXITSTATUS). 아니면 시그널에 죽었다
     * (WTERMSIG, 예: SIGPIPE 13, SIGKILL 9). 이 밖의 상태는 WUNTRACED 없이는 오지 않는다. */
    if (WIFEXITED(status))
        printf("server: client exited with status %d\n", WEXITSTATUS(status));
    else
        printf("server: client was killed by signal %d (%s)\n", WTERMSIG(status), strsignal(WTERMSIG(status)));
    /* 우리 stdout에 쓰다 난 오류(디스크 가득, 닫힌 파이프)를 놓치지 않는다: 줄 단위 버퍼라 printf마다
     * write()가 나갔고, 실패는 스트림의 오류 표시(ferror)로 남아 있다 */
    if (fflush(stdout) == EOF || ferror(stdout)) {
        fprintf(stderr, "server: stdout: write failed\n");
        return 1;
    }
    /* 끝 상태: 모든 답이 맞고 client가 상태 0으로 끝났으면 0, 아니면 1 */
    return bad || !WIFEXITED(status) || WEXITSTATUS(status) != 0;
}
