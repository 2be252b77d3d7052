/*
 * 01-file/experiments/rename_across_filesystems.c: rename은 한 파일 시스템 안에서만 된다. 임시
 * 파일을 DIR(예: tmpfs인 /dev/shm)에 만들고 현재 디렉터리로 rename하면, 둘이 다른 파일 시스템일 때
 * 커널은 옮기지 않고 EXDEV로 거절한다. 같은 디렉터리 안의 rename은 된다: 그래서 발행할 임시
 * 파일은 늘 목적지와 같은 디렉터리에 만든다. NOTES 1.2와 6절 ⑥.
 *
 * 실행 (01-file 디렉터리에서):
 *   ./experiments/rename_across_filesystems /dev/shm
 * 출력 (/dev/shm이 tmpfs, 현재 디렉터리가 ext4일 때):
 *   rename_across_filesystems: /dev/shm is on device 0:27, . on device 254:0
 *   rename_across_filesystems: rename /dev/shm/rename_across_filesystems.tmp -> ./rename_across_filesystems: Invalid cross-device link (EXDEV)
 *   rename_across_filesystems: rename ./rename_across_filesystems.tmp -> ./rename_across_filesystems: ok (same directory)
 * (mv는 EXDEV를 받으면 복사하고 지우는 것으로 바꿔 한다: 그러면 원자성이 사라진다.)
 *
 * 읽을 man 페이지: man 2 rename (EXDEV), man 2 stat (st_dev)
 */
#define _POSIX_C_SOURCE 200809L /* O_CLOEXEC: POSIX.1-2008 */
#define PROG "rename_across_filesystems"

#include <sys/sysmacros.h> /* major, minor (glibc, musl) */

#include "../common.h"

/* path에 한 줄짜리 파일을 새로 만든다 (O_EXCL: 남의 파일을 덮어쓰지 않는다) */
static void make_file(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd == -1)
        die("open", path);
    if (write_all(fd, "data\n", 5) == -1 || close(fd) == -1)
        die("write", path);
}

/* from을 to로 rename해 보고 결과를 한 줄로 알린다. 실패했으면 from을 지운다. errno 또는 0 */
static int try_rename(const char *from, const char *to, const char *ok_note)
{
    int err = rename(from, to) == 0 ? 0 : errno;
    printf("rename_across_filesystems: rename %s -> %s: %s%s\n", from, to, err ? strerror(err) : "ok ",
           err == EXDEV ? " (EXDEV)" : err ? "" : ok_note);
    if (err != 0 && unlink(from) == -1)
        die("unlink", from);
    return err;
}

int main(int argc, char *argv[])
{
    const char *name = argc > 2 ? argv[2] : "rename_across_filesystems";
    char tmp[4200], target[4200];
    struct stat dir_st, here_st;

    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다: 한 줄씩 내보낸다 */
    if (argc < 2 || argc > 3 || argv[1][0] == '-') {
        fprintf(argc == 2 && strcmp(argv[1], "--help") == 0 ? stdout : stderr,
                "usage: rename_across_filesystems DIR [NAME]   (DIR/NAME.tmp를 ./NAME으로 rename 해 본다)\n");
        return argc == 2 && strcmp(argv[1], "--help") == 0 ? 0 : 2;
    }
    /* st_dev: 파일이 사는 장치(파일 시스템)의 번호. 다르면 rename은 EXDEV다 */
    if (stat(argv[1], &dir_st) == -1 || stat(".", &here_st) == -1)
        die("stat", argv[1]);
    printf("rename_across_filesystems: %s is on device %u:%u, . on device %u:%u\n", argv[1], major(dir_st.st_dev),
           minor(dir_st.st_dev), major(here_st.st_dev), minor(here_st.st_dev));
    snprintf(tmp, sizeof tmp, "%s/%s.tmp", argv[1], name);
    snprintf(target, sizeof target, "./%s", name);

    /* 1. 다른 디렉터리(아마 다른 파일 시스템)에서 옮겨 오기 */
    make_file(tmp);
    int err = try_rename(tmp, target, "(same filesystem after all)");
    /* 2. 같은 디렉터리 안에서: 커널은 디렉터리 항목만 바꾼다. 내용은 한 바이트도 옮기지 않는다 */
    snprintf(tmp, sizeof tmp, "./%s.tmp", name);
    if (err == 0 && unlink(target) == -1)
        die("unlink", target);
    make_file(tmp);
    if (try_rename(tmp, target, "(same directory)") != 0)
        return 1;
    if (unlink(target) == -1)
        die("unlink", target);
    return 0;
}
