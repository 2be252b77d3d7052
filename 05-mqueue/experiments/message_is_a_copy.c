/*
 * experiments/message_is_a_copy.c: 메시지 전달은 복사다. mq_send가 돌아온 뒤 보낸 쪽이 자기 버퍼를
 * 덮어써도, 받는 쪽은 원래 내용을 받는다. NOTES.md 1.8절 (씨앗 노트 #15: 메시지 패싱은 모델이다).
 *
 * 자식이 "copy-me"를 보내자마자 자기 버퍼를 '#'로 덮어쓰고 끝난다. 부모는 자식이 끝난 뒤에야
 * 받는다. 커널은 mq_send 안에서 바이트를 큐로 복사해 갔으므로 부모는 "copy-me"를 받는다. 같은
 * 메모리를 함께 보는 공유 메모리(06장)였다면 받는 쪽은 '#'을 보았을 것이다.
 *
 * 실행 (05-mqueue 디렉터리에서):
 *   ./experiments/message_is_a_copy          큐 이름: /message_is_a_copy-PID
 *   ./experiments/message_is_a_copy /NAME
 * 출력:
 *   sender: mq_send "copy-me" returned; the sender's buffer is now "#######"
 *   receiver: got "copy-me" (7 bytes): the kernel's copy, not the sender's buffer
 * 읽을 man 페이지: man 3 mq_send, man 7 mq_overview; 비교: man 7 shm_overview
 */
#define _POSIX_C_SOURCE 200809L /* mq_open, waitpid (POSIX.1-2008) */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char name[NAME_MAX + 2];

static void die(const char *what)
{
    fprintf(stderr, "message_is_a_copy: %s: %s\n", what, strerror(errno));
    if (name[0] != '\0' && mq_unlink(name) == -1) /* 큐는 프로세스보다 오래 산다: 지우고 끝낸다 */
        fprintf(stderr, "message_is_a_copy: mq_unlink %s: %s\n", name, strerror(errno));
    exit(1);
}

int main(int argc, char *argv[])
{
    if (argc > 2 || (argc == 2 && argv[1][0] != '/')) { /* -h, --help, 그 밖의 것 */
        int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
        fprintf(help ? stdout : stderr, "usage: message_is_a_copy [/NAME]   (default: /message_is_a_copy-PID)\n");
        return help ? 0 : 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* 한 줄씩 내보낸다: fork가 버퍼에 남은 줄을 베끼지 않게 */
    if (argc == 2) /* 이름을 주지 않으면 PID로 짓는다: 동시에 돌려도 겹치지 않게 */
        snprintf(name, sizeof name, "%s", argv[1]);
    else
        snprintf(name, sizeof name, "/message_is_a_copy-%ld", (long)getpid());

    struct mq_attr attr = {.mq_maxmsg = 1, .mq_msgsize = 64};
    mqd_t q = mq_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR, &attr);
    if (q == (mqd_t)-1) {
        name[0] = '\0'; /* 우리 것이 아니다: 지우지 않는다 */
        die("mq_open");
    }

    pid_t child = fork(); /* 자식은 큐 디스크립터를 물려받는다 (같은 열린 큐 기술) */
    if (child == -1)
        die("fork");
    if (child == 0) {
        char buf[] = "copy-me";
        size_t len = strlen(buf);
        if (mq_send(q, buf, len, 0) == -1) { /* 커널이 buf의 7 바이트를 큐 안으로 복사한다 */
            fprintf(stderr, "message_is_a_copy: mq_send: %s\n", strerror(errno));
            _exit(1);
        }
        memset(buf, '#', len); /* 돌아왔으니 buf는 다시 보낸 쪽의 것이다: 마음대로 덮어쓴다 */
        printf("sender: mq_send \"copy-me\" returned; the sender's buffer is now \"%s\"\n", buf);
        _exit(0); /* 보낸 쪽의 메모리는 이제 아예 없다 */
    }
    int status;
    if (waitpid(child, &status, 0) == -1)
        die("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        errno = 0;
        die("the sender failed");
    }

    /* 보낸 쪽이 덮어쓰고 끝난 뒤에 받는다: 큐 안의 메시지는 커널이 가진 복사본이다. */
    char got[64];
    ssize_t n = mq_receive(q, got, sizeof got, NULL);
    if (n == -1)
        die("mq_receive");
    printf("receiver: got \"%.*s\" (%zd bytes): the kernel's copy, not the sender's buffer\n", (int)n, got, n);

    if (mq_close(q) == -1) /* 디스크립터를 닫고 이름을 지운다 */
        die("mq_close");
    if (mq_unlink(name) == -1)
        die("mq_unlink");
    return 0;
}
