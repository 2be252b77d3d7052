/*
 * 03-pipe/client.c: 표준 입력을 읽어 표준 출력에 답하는 필터(filter).
 *
 * 이 프로그램은 자기가 파이프에 연결되어 있다는 사실을 모른다. 그저 fd 0 에서 읽고
 * fd 1 에 쓴다. 파이프를 만들고 fd 0/1 에 꽂아 주는 것은 부모(server, 또는 셸)의 일이다.
 * 그래서 같은 프로그램이 server 의 자식으로도, 셸 파이프라인의 한 단계로도 동작한다.
 *
 * 실행:
 *   printf 'hello\npipe\n' | ./client      셸 파이프라인 속에서
 *   ./server                               server 가 fork + exec 로 이 프로그램을 띄운다
 *
 * 출력: 한 줄을 읽을 때마다 "줄번호: 대문자로 바꾼 줄" 한 줄
 *   1: HELLO
 *   2: PIPE
 *
 * 옵션:
 *   -q N   N 줄에 답한 뒤 나머지를 읽지 않고 끝낸다 (쓰는 쪽이 EPIPE 를 겪게 하는 실험용)
 *   -v     시작할 때 열려 있는 파일 디스크립터 목록을 stderr 에 알린다 (O_CLOEXEC 실험용)
 *
 * 읽을 man 페이지: man 2 read, man 2 write, man 3 getline, man 7 pipe
 */
#define _POSIX_C_SOURCE 200809L /* getline(), fileno() */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *to)
{
    fprintf(to, "usage: client [-q N] [-v]\n");
}

static void help(void)
{
    usage(stdout);
    printf("\n표준 입력의 줄마다 \"번호: 대문자로 바꾼 줄\"을 표준 출력에 쓰는 필터.\n"
           "EOF(쓰는 쪽이 모두 닫힘)를 만나면 끝난다.\n\n"
           "  -q N   N 줄에 답하고 나머지는 읽지 않은 채 끝낸다 (기본: 끝까지 읽는다)\n"
           "  -v     시작할 때 열려 있는 파일 디스크립터를 stderr 에 알린다\n");
}

/* 문자열을 양의 정수로 바꾼다. 숫자가 아니거나 범위를 벗어나면 -1. */
static long parse_count(const char *s)
{
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || n < 0)
        return -1;
    return n;
}

/*
 * 열려 있는 fd 를 stderr 에 적는다. fcntl(F_GETFD)는 열린 fd 에만 성공하므로 이식성 있게
 * 셀 수 있다. server 가 pipe2(O_CLOEXEC)로 만든 파이프라면 exec 할 때 커널이 나머지 끝을
 * 닫아 주므로 여기에는 0, 1, 2 만 보인다.
 */
static void report_open_fds(void)
{
    fprintf(stderr, "client: open fds:");
    for (int fd = 0; fd < 1024; fd++)
        if (fcntl(fd, F_GETFD) != -1)
            fprintf(stderr, " %d", fd);
    fprintf(stderr, "\n");
}

int main(int argc, char *argv[])
{
    long quit_after = -1; /* -1: 끝까지 */
    int opt;

    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        help();
        return 0;
    }
    while ((opt = getopt(argc, argv, "hq:v")) != -1) {
        switch (opt) {
        case 'h':
            help();
            return 0;
        case 'q':
            quit_after = parse_count(optarg);
            if (quit_after < 0) {
                fprintf(stderr, "client: -q: not a count: '%s'\n", optarg);
                usage(stderr);
                return 2;
            }
            break;
        case 'v':
            report_open_fds();
            break;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "client: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }

    /*
     * stdout 이 파이프면 stdio 는 기본으로 4096바이트가 찰 때까지 모아서 쓴다(full buffering).
     * 한 줄 답할 때마다 바로 내보내도록 줄 단위 버퍼링으로 바꾼다: 그래야 상대가 답을 기다리는
     * 대화에서 답이 버퍼에 갇히지 않고, strace 에서 한 줄당 write() 한 번을 볼 수 있다.
     */
    if (setvbuf(stdout, NULL, _IOLBF, 0) != 0) {
        fprintf(stderr, "client: setvbuf failed\n");
        return 1;
    }

    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;

    /*
     * getline 은 내부에서 read(0, ...)를 부른다. 파이프가 비어 있으면 커널은 쓰는 쪽이
     * 무언가 쓸 때까지 이 프로세스를 재운다. 쓰는 끝(write end)이 모두 닫히고 버퍼도 비면
     * read 가 0 을 돌려주고(EOF) getline 은 -1 을 돌려준다.
     */
    while ((quit_after < 0 || lineno < quit_after) && (len = getline(&line, &cap, stdin)) != -1) {
        lineno++;
        if (len > 0 && line[len - 1] == '\n')
            len--; /* 줄 끝은 아래에서 다시 붙인다 (마지막 줄에 \n 이 없어도 답은 한 줄) */
        for (ssize_t i = 0; i < len; i++)
            line[i] = (char)toupper((unsigned char)line[i]);

        /* 줄 안에 NUL 바이트가 있어도 잘리지 않게 printf("%s") 대신 fwrite 로 길이만큼 쓴다. */
        if (printf("%ld: ", lineno) < 0 || fwrite(line, 1, (size_t)len, stdout) != (size_t)len ||
            putchar('\n') == EOF) {
            /* 읽는 쪽이 사라졌다면 보통은 SIGPIPE 로 이미 죽었다. SIGPIPE 를 무시하도록
             * 물려받았다면 여기서 EPIPE 를 만난다. */
            fprintf(stderr, "client: write: %s\n", strerror(errno));
            free(line);
            return 1;
        }
    }
    if (ferror(stdin)) {
        fprintf(stderr, "client: read: %s\n", strerror(errno));
        free(line);
        return 1;
    }
    free(line);

    /*
     * stdout 을 닫아 남은 버퍼를 내보내고 fd 1 을 닫는다. 여기서 나는 쓰기 오류(디스크 가득,
     * EPIPE)를 놓치지 않으려고 fclose 의 결과를 확인한다. fd 1 이 닫히면 이 파이프의 쓰는 끝을
     * 가진 프로세스가 하나 줄고, 마지막이었다면 읽는 쪽은 EOF 를 본다.
     */
    if (fclose(stdout) != 0) {
        fprintf(stderr, "client: write: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
