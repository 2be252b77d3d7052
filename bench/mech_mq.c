/*
 * bench/mech_mq.c: POSIX 메시지 큐.
 *
 * 데이터의 길:  보내는 쪽 ──mq_send──▶ [커널: 메시지마다 메모리를 잡고 복사] ──mq_receive──▶ 받는 쪽
 * 파이프와 같이 복사 두 번, 시스템 호출 두 번이지만, 메시지 경계와 우선순위를 지킨다. 커널은
 * 메시지마다 따로 메모리를 잡고(kmalloc) 우선순위 순서의 자리(트리)에 건다.
 *
 * 크기의 한계: 큐의 mq_msgsize는 /proc/sys/fs/mqueue/msgsize_max (기본 8192)를, 쌓을 수 있는
 * 메시지 수 mq_maxmsg는 msg_max (기본 10)를 넘을 수 없다 (man 7 mq_overview). root
 * (CAP_SYS_RESOURCE)는 이 한계를 넘을 수 있지만 bench는 일부러 넘지 않는다: 보통 사용자가 얻는
 * 결과를 보이기 위해서다. 한계를 올리지도 않는다 (시스템 설정은 건드리지 않는다). 그래서 64 KiB,
 * 1 MiB 메시지는 "not possible"로 나온다.
 *
 * mq_send는 버퍼 하나만 받는다: 헤더와 본문을 보내는 쪽의 버퍼에 한 번 모아(복사) 보낸다.
 * (메시지가 8 KiB 이하라서 이 복사는 작다. 다른 fd 방식은 writev로 모으지 않고 보낸다.)
 *
 * 읽을 man 페이지: man 7 mq_overview, man 3 mq_open, man 3 mq_send, man 3 mq_receive
 */
#define _POSIX_C_SOURCE 200809L /* mq_open, mq_send, mq_receive는 POSIX 다 (확장은 쓰지 않는다) */

#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MQ_WANT_MAXMSG 10 /* 리눅스 기본 msg_max: 보통 사용자가 쓸 수 있는 만큼 */

long mq_limit(const char *file, long fallback)
{
    char path[128];
    long v;
    snprintf(path, sizeof path, "/proc/sys/fs/mqueue/%s", file);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return fallback;
    int ok = fscanf(f, "%ld", &v) == 1;
    fclose(f);
    return ok ? v : fallback;
}

static int mq_possible(size_t size, char *why, size_t whylen)
{
    long max = mq_limit("msgsize_max", 8192);
    if ((long)size > max) {
        note(why, whylen, "mq_msgsize is limited to %ld bytes (/proc/sys/fs/mqueue/msgsize_max)", max);
        return 0;
    }
    return 1;
}

static int mq_setup(struct chan *c)
{
    long msg_max = mq_limit("msg_max", MQ_WANT_MAXMSG);
    struct mq_attr attr = {
        .mq_maxmsg = msg_max < MQ_WANT_MAXMSG ? msg_max : MQ_WANT_MAXMSG, /* 가득 차면 mq_send가 멈춘다 */
        .mq_msgsize = (long)c->size,                                    /* 메시지 하나의 최대 크기 */
    };
    for (int i = 0; i < 1 + c->duplex; i++) {
        object_name(c->name[i], sizeof c->name[i], c->id, i == 0 ? "ab" : "ba");
        /* O_EXCL: 같은 이름의 큐가 이미 있으면 (남의 것일 수 있다) 쓰지 않고 실패한다.
         * O_CLOEXEC는 주지 않는다: 큐 디스크립터는 exec 때 언제나 닫힌다 (man 3 mq_close의 NOTES;
         * 리눅스 커널은 mq_open의 파일 디스크립터에 close-on-exec를 스스로 붙인다). */
        c->mq[i] = mq_open(c->name[i], O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
        if (c->mq[i] == (mqd_t)-1) {
            c->name[i][0] = '\0';
            return fail(c, "mq_open");
        }
    }
    return 0;
}

static int mq_open_role(struct chan *c, int role)
{
    /* 큐 디스크립터는 fork로 물려받았다: 이름으로 다시 열 필요가 없다 */
    c->qout = role == ROLE_A ? c->mq[0] : c->mq[1];
    c->qin = role == ROLE_A ? c->mq[1] : c->mq[0];
    if ((c->sendbuf = malloc(c->size)) == NULL)
        return fail(c, "malloc");
    return 0;
}

static int mq_send_msg(struct chan *c, const void *hdr, const void *payload, size_t plen)
{
    const char *msg = hdr;
    if ((const char *)hdr + HDR_SIZE != (const char *)payload) {
        /* 헤더와 본문이 떨어져 있다: 한 버퍼에 모은다 */
        memcpy(c->sendbuf, hdr, HDR_SIZE);
        memcpy(c->sendbuf + HDR_SIZE, payload, plen);
        msg = (const char *)c->sendbuf;
    }
    /* 우선순위 0: 모두 같은 우선순위면 보낸 순서(FIFO)대로 나온다. 큐가 가득 차면 자리가 날 때까지 멈춘다. */
    while (mq_send(c->qout, msg, HDR_SIZE + plen, 0) == -1)
        if (errno != EINTR)
            return fail(c, "mq_send");
    return 0;
}

static ssize_t mq_recv_msg(struct chan *c, void *buf, size_t cap)
{
    for (;;) {
        /* 버퍼는 mq_msgsize 이상이어야 한다 (아니면 EMSGSIZE). 돌려주는 값은 메시지의 실제 길이. */
        ssize_t n = mq_receive(c->qin, buf, cap, NULL);
        if (n == -1 && errno == EINTR)
            continue;
        return n == -1 ? fail(c, "mq_receive") : n;
    }
}

static void mq_teardown(struct chan *c)
{
    for (int i = 0; i < 2; i++) {
        if (c->mq[i] != (mqd_t)-1 && mq_close(c->mq[i]) == -1)
            fprintf(stderr, "bench: mq_close: %s\n", strerror(errno));
        c->mq[i] = (mqd_t)-1;
        /* 큐는 커널에 남는 객체다: 지우지 않으면 프로그램이 끝나도 /dev/mqueue에 그대로 있다 */
        if (c->name[i][0] != '\0' && mq_unlink(c->name[i]) == -1 && errno != ENOENT)
            fprintf(stderr, "bench: mq_unlink %s: %s\n", c->name[i], strerror(errno));
        c->name[i][0] = '\0';
    }
}

const struct mech mech_mqueue = {
    .name = "mqueue", .about = "POSIX message queue (mq_send/mq_receive), within /proc/sys/fs/mqueue limits",
    .promises = P_ORDER | P_DELIVERY, .possible = mq_possible,
    .setup = mq_setup, .open = mq_open_role, .send = mq_send_msg, .recv = mq_recv_msg, .teardown = mq_teardown,
};
