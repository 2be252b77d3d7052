/*
 * 01-file/experiments/unlocked_increment.c: client inc와 같은 읽기-고치기-쓰기를 fcntl 잠금 없이
 * 한다. 두 가지가 보인다. (1) 권고(advisory) 잠금은 잠금을 묻지 않는 프로세스를 막지 못한다:
 * hold_lock이 잠금을 쥐고 있어도 이 프로그램은 값을 바꾼다. (2) 여럿이 동시에 돌면 두 프로세스가
 * 같은 값을 읽고 둘 다 그 값 + 1을 써서 증가가 사라진다 (몇 개가 사라질지는 매번 다르다).
 * NOTES 1.3과 6절 ③.
 *
 * 실행 (01-file 디렉터리에서, ./server를 한 번 띄워 demo.data가 있을 때):
 *   printf '0\n' >demo.data; for i in $(seq 20); do ./experiments/unlocked_increment 100 & done; wait; cat demo.data
 *   printf '0\n' >demo.data; for i in $(seq 20); do ./client inc 100 >/dev/null & done; wait; cat demo.data
 * 출력: 첫 줄은 2000보다 작다 (이 컴퓨터에서 한 번은 1089), 둘째 줄은 늘 2000.
 *   unlocked_increment: added 100 to ./demo.data without the lock; last value 1089
 *
 * 읽을 man 페이지: man 2 fcntl (Advisory record locking), man 2 pread, man 2 pwrite
 */
#define _POSIX_C_SOURCE 200809L /* O_CLOEXEC, pread, pwrite: POSIX.1-2008 */
#define PROG "unlocked_increment"

#include "../common.h"

int main(int argc, char *argv[])
{
    long count = argc > 1 ? parse_number(argv[1], 1, 1000000) : 1, value = 0;
    const char *path = argc > 2 ? argv[2] : DEFAULT_DATA;

    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 한 줄씩 내보낸다 */
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: unlocked_increment [COUNT [FILE]]   (COUNT 1..1000000, 1; FILE 기본값 %s)\n", DEFAULT_DATA);
        return 0;
    }
    if (argc > 3 || count == -1) {
        fprintf(stderr, "usage: unlocked_increment [COUNT [FILE]]\n");
        return 2;
    }
    int fd = open_regular(path, O_RDWR, 0);
    if (fd == -1)
        die("open", path);
    for (long i = 0; i < count; i++) {
        /* 버그: client.c의 inc에서 wait_for_lock과 F_UNLCK 두 줄을 뺀 것이다. 커널은 이 pread와
         * pwrite를 막지 않는다 (권고 잠금). 다른 프로세스가 pread와 pwrite 사이에 같은 값을 읽으면,
         * 둘 다 같은 값 + 1을 쓴다: 증가 하나가 사라진다 */
        if (bump_counter(fd, &value) == -1)
            fail(path, counter_problem(errno));
    }
    if (close(fd) == -1)
        die("close", path);
    printf("unlocked_increment: added %ld to %s without the lock; last value %ld\n", count, path, value);
    return 0;
}
