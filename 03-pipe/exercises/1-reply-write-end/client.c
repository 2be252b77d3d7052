/*
 * 03-pipe/client.c: 표준 입력의 줄마다 "번호: 대문자로 바꾼 줄"을 표준 출력에 쓰는 필터(filter).
 *
 * 이 프로그램은 자기가 파이프에 이어져 있다는 것을 모른다. fd 0에서 읽고 fd 1에 쓸 뿐이다.
 * 파이프를 만들어 fd 0/1에 꽂아 주는 것은 부모(server, 또는 셸)의 일이다. 그래서 같은 프로그램이
 * server의 자식으로도, 셸 파이프라인의 한 단계로도 똑같이 동작한다.
 *
 * 실행 (make 03-pipe로 빌드한 뒤 03-pipe 디렉터리에서. 따로 빌드: cc -o client client.c):
 *   printf 'hello\npipe\n' | ./client      셸이 만든 파이프 하나로
 *   printf 'hello\n' | ./server            server가 파이프 두 개를 만들고 fork + exec로 띄운다
 *
 * 출력 (마지막 줄은 stderr):
 *   1: HELLO
 *   2: PIPE
 *   client: EOF after 2 lines
 *
 * 시그널 핸들러는 없다. 지울 것이 없으니 SIGINT, SIGTERM, SIGHUP의 기본 동작(종료)으로 충분하다.
 * SIGPIPE도 기본 동작 그대로다: 읽는 쪽이 사라진 뒤에 쓰면 필터답게 조용히 죽는다 (셸에서 141).
 *
 * 읽을 man 페이지: man 2 read, man 2 write, man 3 getline, man 3 setvbuf, man 7 pipe
 */
#define _POSIX_C_SOURCE 200809L /* getline()은 POSIX.1-2008에 들어왔다 */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(FILE *to, int status)
{
    fprintf(to, "usage: client\n"
                "표준 입력의 줄마다 \"번호: 대문자로 바꾼 줄\"을 표준 출력에 쓴다.\n"
                "EOF(쓰는 끝이 모두 닫힘)를 만나면 stderr에 알리고 끝난다.\n");
    return status;
}

int main(int argc, char *argv[])
{
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
        return usage(stdout, 0);
    if (argc != 1)
        return usage(stderr, 2);

    /*
     * stdout이 파이프면 stdio는 기본으로 버퍼(파이프의 st_blksize, 4096바이트)가 찰 때까지 모아서
     * 쓴다. server는 답 한 줄을 읽은 뒤에야 다음 요청을 보내므로, 답이 버퍼에 갇히면 server는
     * 답을 기다리고 client는 다음 요청을 기다리며 둘 다 멈춘다. 줄 단위로 바꾸면 줄 끝('\n')마다
     * write()가 나간다 (strace에서 답 한 줄에 write() 한 번이 보인다).
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
     * getline()은 안에서 read(0, ...)를 부른다. 파이프가 비어 있으면 커널은 쓰는 쪽이 무언가 쓸
     * 때까지 이 프로세스를 재운다. 쓰는 끝을 가리키는 fd가 모두 닫히고 버퍼도 비면 read()가
     * 0(EOF)을 돌려주고, getline()은 -1을 돌려준다. read() 한 번이 몇 줄을 주든, 줄의 일부만
     * 주든 getline()이 '\n'까지 모아 준다: 파이프에는 메시지 경계가 없다.
     */
    while ((len = getline(&line, &cap, stdin)) != -1) {
        lineno++;
        if (line[len - 1] == '\n')
            len--; /* 줄 끝은 아래에서 다시 붙인다 (마지막 줄에 '\n'이 없어도 답은 한 줄) */
        for (ssize_t i = 0; i < len; i++)
            line[i] = (char)toupper((unsigned char)line[i]);

        /* 줄 안에 NUL 바이트가 있어도 잘리지 않게 printf("%s") 대신 fwrite()로 길이만큼 쓴다. */
        if (printf("%ld: ", lineno) < 0 || fwrite(line, 1, (size_t)len, stdout) != (size_t)len ||
            putchar('\n') == EOF) {
            /* 읽는 쪽이 사라졌다면 보통은 SIGPIPE로 이미 죽었다. SIGPIPE를 무시하도록 물려받았다면
             * (무시는 exec를 건너 물려진다) 여기서 EPIPE를 만난다. */
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
    fprintf(stderr, "client: EOF after %ld line%s\n", lineno, lineno == 1 ? "" : "s");

    /*
     * stdout을 닫아 남은 버퍼를 내보내고 fd 1을 닫는다. 마지막 쓰기의 오류(디스크 가득, EPIPE)는
     * 여기서야 드러나므로 결과를 확인한다. fd 1이 닫히면 응답 파이프의 쓰는 끝이 하나 줄고,
     * 그것이 마지막이었다면 server의 read()가 0(EOF)을 받는다.
     */
    if (fclose(stdout) != 0) {
        fprintf(stderr, "client: write: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
