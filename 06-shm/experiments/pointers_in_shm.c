/*
 * 06-shm/experiments/pointers_in_shm.c: 공유 메모리에 포인터를 넣지 마라. 같은 객체도 매핑마다 주소가
 * 다르다. 한 매핑(A)을 통해 적은 포인터는 A 안을 가리키고, 다른 매핑(B)의 주인에게는 뜻이 없다.
 * 시작에서의 거리(오프셋)나 배열 첨자는 어느 매핑에서나 같은 곳을 가리킨다.
 * NOTES 6절 흔한 실수 ④ (server.c와 client.c가 head, tail을 첨자로 적는 까닭).
 *
 * 실행 (06-shm 디렉터리에서):
 *   ./experiments/pointers_in_shm               /pointers-demo-PID라는 이름을 잠깐 쓴다
 *   ./experiments/pointers_in_shm /myname
 *
 * 출력 (주소는 실행마다 다르다):
 *   pointers: the same object is mapped twice: view A at 0x7fd93c3fc000, view B at 0x7fd93c3fb000
 *   pointers: through A we stored a pointer to node 2 (0x7fd93c3fc018) and its offset (24)
 *   pointers: through B the pointer still says 0x7fd93c3fc018: that is inside A, not B's node 2 (0x7fd93c3fb018)
 *   pointers: through B the offset gives 0x7fd93c3fb018: B's node 2, value 42
 *
 * 여기서는 두 매핑이 한 프로세스 안에 있어 A의 주소도 우연히 "읽힌다" (같은 페이지다). 다른
 * 프로세스에서는 그 주소에 아무것도 없거나 전혀 다른 것이 있다: 읽으면 SIGSEGV이거나 쓰레기다.
 * 한 프로세스라도 A를 munmap하면 그 포인터는 곧바로 쓸 수 없다.
 *
 * 읽을 man 페이지: man 2 mmap (addr 인자: 커널이 주소를 고른다), man 3 shm_open
 */
#define _POSIX_C_SOURCE 200809L /* shm_open, ftruncate */

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct node {
    int value;
};

/* 객체 안의 모양: 노드 배열 하나와, 그중 하나를 가리키는 두 가지 방법 */
struct area {
    struct node *head_ptr; /* 나쁜 방법: 이 매핑에서의 주소 */
    size_t head_off;       /* 좋은 방법: 객체의 시작에서의 거리 */
    struct node node[4];
};

static void die(const char *what)
{
    fprintf(stderr, "pointers: %s: %s\n", what, strerror(errno));
    exit(1);
}

int main(int argc, char *argv[])
{
    char name[64];

    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: pointers_in_shm [/NAME]\n한 객체를 두 번 매핑해, 포인터는 매핑마다 다르고 오프셋은 같음을 보인다.\n");
        return 0;
    }
    if (argc > 2 || (argc == 2 && (argv[1][0] != '/' || strlen(argv[1]) >= sizeof name || strchr(argv[1] + 1, '/')))) {
        fprintf(stderr, "usage: pointers_in_shm [/NAME]   (one '/', then up to 62 characters)\n");
        return 2;
    }
    if (argc == 2)
        snprintf(name, sizeof name, "%s", argv[1]);
    else
        snprintf(name, sizeof name, "/pointers-demo-%ld", (long)getpid());

    int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd == -1)
        die("shm_open");
    if (shm_unlink(name) == -1) /* 이름은 곧바로 지운다: fd로 충분하다 */
        die("shm_unlink");
    if (ftruncate(fd, sizeof(struct area)) == -1)
        die("ftruncate");

    /* 같은 fd를 두 번 매핑한다: 두 주소 범위가 같은 물리 페이지를 가리킨다. 두 프로세스가 같은
     * 객체를 매핑할 때와 같은 모양이다 (주소는 커널이 고르고, 서로 같다는 보장이 없다). */
    struct area *a = mmap(NULL, sizeof *a, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    struct area *b = mmap(NULL, sizeof *b, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (a == MAP_FAILED || b == MAP_FAILED)
        die("mmap");
    if (close(fd) == -1)
        die("close");
    printf("pointers: the same object is mapped twice: view A at %p, view B at %p\n", (void *)a, (void *)b);

    /* A를 통해 적는다: 노드 2의 값, 그 주소(포인터), 그 오프셋 */
    a->node[2].value = 42;
    a->head_ptr = &a->node[2];
    a->head_off = (size_t)((char *)&a->node[2] - (char *)a);
    printf("pointers: through A we stored a pointer to node 2 (%p) and its offset (%zu)\n", (void *)a->head_ptr,
           a->head_off);

    /* B를 통해 읽는다. 포인터는 A의 주소 그대로다: B의 노드 2가 아니다. */
    struct node *via_ptr = b->head_ptr;
    struct node *via_off = (struct node *)(void *)((char *)b + b->head_off);
    uintptr_t lo = (uintptr_t)b, hi = lo + sizeof *b, at = (uintptr_t)via_ptr;
    printf("pointers: through B the pointer still says %p: that is %s, not B's node 2 (%p)\n", (void *)via_ptr,
           at >= lo && at < hi ? "inside B?!" : "inside A", (void *)&b->node[2]);
    printf("pointers: through B the offset gives %p: %s node 2, value %d\n", (void *)via_off,
           via_off == &b->node[2] ? "B's" : "not B's", via_off->value);

    if (munmap(a, sizeof *a) == -1 || munmap(b, sizeof *b) == -1)
        die("munmap");
    return via_ptr != &b->node[2] && via_off == &b->node[2] ? 0 : 1;
}
