/*
 * 06-shm/exercises/3-lock-survives-a-crash/crash_holding_lock.c: 채점기가 쓰는 도우미 (고치지 않는다).
 * server의 고리를 열어 common.h의 ring_lock으로 lock을 쥐고, 놓지 않은 채 죽임을 기다린다.
 * 채점기(check.bats)는 준비 줄을 본 뒤 이 프로세스를 SIGKILL 한다: "lock을 쥔 채 죽은 client"다.
 *
 * 실행 (server가 떠 있을 때, 이 디렉터리에서; 빌드: cc -o crash_holding_lock crash_holding_lock.c -lrt -pthread):
 *   ./crash_holding_lock &            lock을 쥐고 기다린다
 *   ./client hello                    lock을 기다린다 (세마포어라면 영원히)
 *   kill -KILL %1                     lock을 쥔 채 죽는다: client는 이어 갈 수 있나?
 *
 * 출력:
 *   crash_holding_lock: pid 4250 holds the lock of /ipc-shm-demo; kill me
 *
 * 읽을 man 페이지: man 3 pthread_mutexattr_setrobust, man 3 pthread_mutex_consistent, man 2 set_robust_list
 */
#define _POSIX_C_SOURCE 200809L /* shm_open, sem_timedwait, clock_gettime, pthread_mutex_consistent */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static void die(const char *what)
{
    fprintf(stderr, "crash_holding_lock: %s: %s\n", what, strerror(errno));
    exit(1);
}

int main(int argc, char *argv[])
{
    const char *name = DEFAULT_NAME;

    setvbuf(stdout, NULL, _IOLBF, 0); /* 채점기가 준비 줄을 파일로 읽는다 */
    if (argc == 3 && strcmp(argv[1], "-n") == 0)
        name = argv[2];
    else if (argc != 1) {
        fprintf(stderr, "usage: crash_holding_lock [-n NAME]\n");
        return 2;
    }
    if (!shm_name_ok("crash_holding_lock", name))
        return 2;

    /* client와 같이 연다: 크기와 magic을 확인한 뒤에만 만진다 */
    int fd = shm_open(name, O_RDWR, 0);
    if (fd == -1)
        die("shm_open");
    struct stat st;
    if (fstat(fd, &st) == -1)
        die("fstat");
    if (st.st_size != (off_t)sizeof(struct ring)) {
        fprintf(stderr, "crash_holding_lock: %s is not a ring of this exercise\n", name);
        return 1;
    }
    struct ring *ring = mmap(NULL, sizeof *ring, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (ring == MAP_FAILED)
        die("mmap");
    if (close(fd) == -1)
        die("close");
    if (atomic_load_explicit(&ring->magic, memory_order_acquire) != RING_MAGIC) {
        fprintf(stderr, "crash_holding_lock: %s is not ready\n", name);
        return 1;
    }

    /* lock을 쥔다. EAGAIN은 "TICK 안에 못 쥐었다": 다시. 앞의 주인이 죽었으면 ring_lock이 되살린다. */
    int e, recovered;
    while ((e = ring_lock(ring, &recovered)) == EAGAIN)
        continue;
    if (e != 0) {
        errno = e;
        die("ring_lock");
    }
    printf("crash_holding_lock: pid %ld holds the lock of %s; kill me\n", (long)getpid(), name);

    /* 놓지 않고 기다린다. SIGKILL로 죽으면 커널이 정리한다: 열린 파일과 매핑은 풀지만, 세마포어의
     * 값은 공유 메모리의 바이트일 뿐이라 그대로 0이다. 로버스트 뮤텍스라면 커널이 주인의 죽음을 적는다. */
    for (;;)
        pause();
}
