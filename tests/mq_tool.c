/*
 * tests/mq_tool.c: 테스트 도우미(test_helper.bash)가 쓰는 작은 도구. POSIX 메시지 큐를 이름으로 찾고 지운다.
 *
 *   mq_tool exists /NAME...   있는 큐의 이름만 한 줄에 하나씩 찍는다
 *   mq_tool unlink /NAME...   큐를 mq_unlink 한다 (없으면 조용히 넘어간다)
 *
 * 왜 따로 있나: 큐는 /dev/mqueue에 mqueue 파일 시스템이 마운트되어 있을 때만 파일처럼 보인다.
 * 컨테이너나 chroot에는 그것이 없기도 하다. 그래도 큐는 커널에 있고, 지우지 않으면 재부팅까지
 * 남는다. 이름을 알면 마운트와 상관없이 mq_open으로 있는지 보고 mq_unlink로 지울 수 있다.
 * test_helper.bash가 처음 필요할 때 한 번 컴파일한다 (cc -o mq_tool mq_tool.c -lrt).
 * 끝 상태: 0 (지우지 못한 큐가 있거나 사용법이 틀리면 1, 2).
 */
#define _POSIX_C_SOURCE 200809L /* mq_open, mq_unlink */

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char *argv[])
{
    if (argc < 2 || (strcmp(argv[1], "exists") != 0 && strcmp(argv[1], "unlink") != 0)) {
        fprintf(stderr, "usage: mq_tool exists|unlink /NAME...\n");
        return 2;
    }
    int status = 0;
    for (int i = 2; i < argc; i++) {
        if (argv[1][0] == 'u') {
            /* mq_unlink: 이름을 지운다. 연 프로세스가 남아 있으면 큐는 그들이 닫을 때 사라진다. */
            if (mq_unlink(argv[i]) == -1 && errno != ENOENT) {
                fprintf(stderr, "mq_tool: mq_unlink %s: %s\n", argv[i], strerror(errno));
                status = 1;
            }
            continue;
        }
        /* O_CREAT 없는 mq_open은 만들지 않는다: ENOENT면 없고, 열리거나 EACCES면 있다. */
        mqd_t q = mq_open(argv[i], O_RDONLY | O_NONBLOCK);
        if (q != (mqd_t)-1) {
            mq_close(q);
            printf("%s\n", argv[i]);
        } else if (errno != ENOENT && errno != EINVAL && errno != ENAMETOOLONG) {
            printf("%s\n", argv[i]); /* EACCES 등: 남의 큐지만 있기는 하다 */
        }
    }
    return status;
}
