#!/usr/bin/env bats
# tests/07-mmap.bats: 메모리 맵 파일 (open, ftruncate, mmap(MAP_SHARED), msync, munmap, C11 seqlock)
#
# 무엇을 시험하는가 (한 줄이 테스트 하나, 왼쪽 칸은 실행하는 프로그램):
# | 프로그램          | 경우                                                       | 기대                                                  |
# |-------------------|------------------------------------------------------------|-------------------------------------------------------|
# | server            | 준비 줄 뒤의 파일과 매핑                                   | ./demo.map이 0600, 156바이트; maps에 rw-s; fd는 닫힘    |
# | server + client   | client가 소식을 읽는다                                     | update N from pid SERVER: "tick N"                    |
# | server + client   | 틱이 지나면                                                | 번호가 늘고, 번호와 글이 늘 맞는다                    |
# | server + client   | client -w TEXT                                             | server가 번호, pid, 글을 알림                         |
# | server + client   | -w에 ESC, ", \                                              | 양쪽 출력에 이스케이프되어 나옴, 날 ESC 없음          |
# | server + client   | server를 멈춘 채 답장 셋, 그리고 SIGCONT                   | 마지막 것만, "missed 2": 큐가 아니라 상태             |
# | server + client   | SIGTERM 뒤                                                 | 상태 0, 파일이 남음, 마지막 소식과 답장이 파일에, client가 읽음  |
# | server            | SIGINT, SIGHUP                                             | 상태 0, 파일이 남음                                   |
# | server            | 파일이 이미 있음 (남의 파일, 지난 실행의 파일)             | 상태 1, EEXIST, 파일을 건드리지 않음                  |
# | server            | ftruncate 실패 (RLIMIT_FSIZE 100)                           | 상태 1, File too large, 반쯤 만든 파일 없음           |
# | server (strace)   | ftruncate 실패를 strace가 주입 (EIO)                        | 상태 1, Input/output error, 반쯤 만든 파일 없음       |
# | server            | 매핑한 파일을 남이 잘라 버림 (truncate -s 0)                | 다음 틱에 SIGBUS (135); client는 "empty"              |
# | server            | reply 칸에 쓰레기 (길이 4294967295)                         | "bad length"를 알리고 계속; 다음 답장은 받음          |
# | server            | 남이 news 칸을 홀수 seq로 남김                              | 약 1초 뒤 상태 1, 멈추지 않음                         |
# | client            | 없는 파일, 디렉터리, 빈 파일, 크기 100, magic 0, 틀린 magic, 긴 길이 | 상태 1, 무엇이 이상한지 한 줄                 |
# | client            | seq가 홀수로 남은 칸 (쓰던 쪽이 죽음)                       | 약 1초 뒤 상태 1 ("stays mid-update"), 멈추지 않음    |
# | client (nobody)   | 0600 파일, 그리고 0644 파일에 읽기/쓰기                     | 0600: EACCES; 0644: 읽기는 됨, -w는 EACCES            |
# | server, client    | --help, -h, 모르는 옵션, 남는 인자, -i 0/x/60001, 65바이트 -w | 0 + stdout / 2 + stderr, 파일을 만들지 않음          |
# | private_vs_shared | MAP_PRIVATE에 쓰기                                          | 파일도 다른 프로세스도 모름; 안 쓴 쪽은 파일을 비춤   |
# | sigbus_past_eof   | 100바이트 파일을 두 쪽으로 매핑                             | p[200]은 살지만 파일은 100; p[4096] SIGBUS; 밖은 SIGSEGV  |
# | anon_shared_fork  | fork 뒤 자식이 셋에 42                                      | 전역 0, MAP_PRIVATE 0, MAP_SHARED 42                  |
# | msync_for_disk    | msync 전 read(), MS_ASYNC, MS_SYNC, 어긋난 주소             | 전에 보임; 디스크 fs에서 MS_SYNC 뒤 0 kB, tmpfs는 4 kB; EINVAL   |
# | page_aligned_offset | offset 100, 경계부터 매핑                                 | EINVAL; 옮긴 포인터 = pread                           |
# | map_failed_not_null | 길이 0, fd -1, O_RDONLY + 쓰기 공유, 디렉터리             | EINVAL, EBADF, EACCES, ENODEV                         |
# | seqlock_torn_reads | 쓰는 자식과 동시에 읽기                                    | seqlock이 받아들인 것 중 섞인 것 0                    |
# | experiments/*     | -h, --help, 모르는 인자                                           | 0 + stdout / 2 + stderr                               |
# 정리: 이 장의 server는 파일을 일부러 남긴다 (NOTES 1.7). 테스트는 TEST_TMP 안에서만 만들고,
# teardown이 TEST_TMP를 통째로 지운다. 기다림은 모두 준비 줄, /proc의 상태, 파일의 내용이다.

# shellcheck disable=SC2154  # stderr는 bats의 run --separate-stderr가 채운다
load test_helper

CH=$(chapter_dir 07-mmap)

# --- 이 파일의 도우미 ------------------------------------------------------------------------

# start: 지금 디렉터리(TEST_TMP)의 demo.map(기본값)으로, 10 ms 틱으로 server를 띄운다
start() {
  start_server server.log "$CH/server" -i 10
  wait_for_line server.log '^server: ready: '
}

# u32 FILE OFFSET: 파일의 OFFSET에 있는 4바이트 부호 없는 정수 (이 컴퓨터의 바이트 순서로)
u32() {
  od -An -tu4 -j "$2" -N 4 "$1" | tr -d ' '
}

# slot_text FILE BASE: 칸(news 4, reply 80)의 글: 길이는 BASE+8, 글은 BASE+12부터
slot_text() {
  dd if="$1" bs=1 skip=$(($2 + 12)) count="$(u32 "$1" $(($2 + 8)))" status=none
}

# poke FILE OFFSET BYTES: 파일의 OFFSET에 printf 형식의 바이트를 덮어쓴다 (크기는 그대로)
poke() {
  # shellcheck disable=SC2059  # BYTES는 printf 형식이다 ('\001\001\001\001')
  printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# update_number: client가 읽은 update 번호 (출력은 $output)
update_number() {
  sed -n 's/^client: update \([0-9]*\) from pid .*/\1/p' <<<"$output"
}

# wait_state PID STATE: /proc의 상태 글자가 STATE가 될 때까지 (정해진 시간 안에서) 기다린다
wait_state() {
  local tries=500
  while [ "$(proc_state "$1")" != "$2" ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $1 never reached state $2 (now $(proc_state "$1"))"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

# freeze_between_writes: server를 SIGSTOP으로 멈춘다. 마침 news 칸을 쓰던 중(seq 홀수)이었다면
# 풀었다가 다시 멈춘다: 멈춘 server가 칸을 "쓰는 중"으로 쥐고 있으면 client가 1초 기다리다 실패한다.
freeze_between_writes() {
  local tries=100
  while :; do
    kill -STOP "$SERVER_PID"
    wait_state "$SERVER_PID" T
    [ $(($(u32 demo.map 4) % 2)) -eq 0 ] && return 0
    kill -CONT "$SERVER_PID"
    [ $((tries -= 1)) -gt 0 ] || { fail "the server was always caught mid-write"; return 1; }
  done
}

# --- 만들기와 매핑 ---------------------------------------------------------------------------

@test "07-mmap: the server creates ./demo.map (0600, 156 bytes), maps it MAP_SHARED and closes the fd" {
  start
  run stat -c '%a %s %F' demo.map
  assert_output '600 156 regular file'
  # 매핑: /proc/PID/maps의 "rw-s" (s = shared) 줄이 이 파일을 가리킨다
  run grep -F "$TEST_TMP/demo.map" "/proc/$SERVER_PID/maps"
  assert_success
  assert_output --regexp '^[0-9a-f]+-[0-9a-f]+ rw-s 00000000 '
  # fd는 닫았다: server에게는 이 파일에 write()할 fd가 없다
  local fd
  for fd in /proc/"$SERVER_PID"/fd/*; do
    [ "$(readlink "$fd")" != "$TEST_TMP/demo.map" ] || fail "the server still holds $fd for demo.map"
  done
  run cat server.log
  assert_line --regexp "^server: ready: demo.map, 156 bytes mapped MAP_SHARED at 0x[0-9a-f]+ \\(pid $SERVER_PID\\)$"
  stop_server_cleanly
}

@test "07-mmap: the client reads the server's update through its own mapping" {
  start
  run_timeout --separate-stderr "$CH/client"
  assert_success
  assert_output --regexp "^client: update ([0-9]+) from pid $SERVER_PID: \"tick \\1\"$"
  assert_equal "$stderr" ''
  stop_server_cleanly
}

@test "07-mmap: updates advance with each tick, and every snapshot is consistent (number = text)" {
  start
  run_timeout "$CH/client"
  assert_success
  local first last tries=500
  first=$(update_number)
  last=$first
  while [ "$last" -le $((first + 3)) ]; do
    run_timeout "$CH/client"
    assert_output --regexp "^client: update ([0-9]+) from pid $SERVER_PID: \"tick \\1\"$"
    last=$(update_number)
    [ $((tries -= 1)) -gt 0 ] || fail "the update number stayed at $last"
  done
  stop_server_cleanly
}

@test "07-mmap: client -w TEXT reaches the server through memory: number, pid and text" {
  start
  run_timeout sh -c 'echo $$ >client.pid; exec "$@"' sh "$CH/client" -w hello
  assert_success
  assert_line --index 1 'client: reply 1 written: "hello"'
  wait_for_line server.log "^server: reply 1 from pid $(cat client.pid): \"hello\"$"
  run_timeout "$CH/client" -w 'second one'
  assert_line --index 1 'client: reply 2 written: "second one"'
  wait_for_line server.log '^server: reply 2 from pid [0-9]+: "second one"$'
  stop_server_cleanly
}

@test "07-mmap: text from the file is printed escaped on both sides, never raw" {
  start
  run_timeout "$CH/client" -w $'\e[31mred"\\\x01'
  assert_success
  assert_line --index 1 'client: reply 1 written: "\x1b[31mred\"\\\x01"'
  wait_for_line server.log 'reply 1 from pid'
  run grep -F 'server: reply 1 from pid' server.log
  assert_output --partial ': "\x1b[31mred\"\\\x01"'
  ! grep -q $'\e' server.log || fail "a raw ESC byte reached the server's output"
  stop_server_cleanly
}

@test "07-mmap: a mapping holds the latest state, not a queue: replies written meanwhile are missed" {
  start
  freeze_between_writes
  local i
  for i in 1 2 3; do
    run_timeout "$CH/client" -w "reply $i"
    assert_success
  done
  kill -CONT "$SERVER_PID"
  wait_for_line server.log '^server: reply 3 from pid [0-9]+: "reply 3" \(missed 2 earlier: a mapping holds the latest state, not a queue\)$'
  run grep -c '^server: reply' server.log
  assert_output 1
  stop_server_cleanly
}

# --- 파일은 프로세스보다 오래 산다 ---------------------------------------------------------

@test "07-mmap: after SIGTERM the file is kept: the last news and reply are in it, and the client still reads it" {
  start
  run_timeout "$CH/client" -w 'kept in the file'
  wait_for_line server.log 'reply 1 from pid'
  stop_server_cleanly TERM
  run cat server.log
  assert_line --regexp '^server: SIGTERM: stopping after ([0-9]+) ticks$'
  assert_line 'server: msync done; demo.map is kept (its data outlive us: od -A d -c demo.map)'
  local ticks
  ticks=$(sed -n 's/^server: SIGTERM: stopping after \([0-9]*\) ticks$/\1/p' server.log)
  # server는 write()할 fd가 없었는데도 (첫 테스트) 파일에 글이 있다: 메모리에 쓴 것이 파일이다
  assert_equal "$(u32 demo.map 0)" 1885433197 # magic 0x70616d6d
  assert_equal "$(slot_text demo.map 4)" "stopped after $ticks ticks"
  assert_equal "$(slot_text demo.map 80)" 'kept in the file'
  assert_equal "$(u32 demo.map 4)" $(((ticks + 1) * 2)) # news의 seq = 쓰기 횟수 x 2
  # 아무 프로세스도 없는 지금, client는 파일에 남은 마지막 소식을 읽고 답장을 쓸 수 있다
  run_timeout "$CH/client" -w 'after the server'
  assert_success
  assert_line --index 0 "client: update $((ticks + 1)) from pid $SERVER_PID: \"stopped after $ticks ticks\""
  assert_equal "$(slot_text demo.map 80)" 'after the server'
}

@test "07-mmap: SIGINT and SIGHUP also stop the server cleanly (exit 0) and keep the file" {
  local sig
  for sig in INT HUP; do
    rm -f demo.map
    start
    stop_server_cleanly "$sig"
    run cat server.log
    assert_line --regexp "^server: SIG$sig: stopping after [0-9]+ ticks\$"
    [ -f demo.map ] || fail "SIG$sig: demo.map is gone"
  done
}

# --- server의 잘못된 상황 --------------------------------------------------------------------

@test "07-mmap: the server refuses an existing file (O_EXCL) and leaves it untouched" {
  printf 'precious data\n' >report.txt
  run_timeout --separate-stderr "$CH/server" -f report.txt -i 10
  assert_failure 1
  assert_equal "${stderr_lines[0]}" 'server: open report.txt: File exists'
  assert_equal "${stderr_lines[1]}" 'server: (kept from an earlier run? ./client -f report.txt still reads it; rm it to start anew)'
  assert_equal "$(cat report.txt)" 'precious data'
  # 돌고 있는 server의 파일도 빼앗지 않는다
  start
  run_timeout --separate-stderr "$CH/server" -i 10
  assert_failure 1
  assert_equal "${stderr_lines[0]}" 'server: open demo.map: File exists'
  stop_server_cleanly
}

@test "07-mmap: when ftruncate fails (RLIMIT_FSIZE) the server removes the half-made file" {
  not_under_coverage "its programs write .gcda files at exit, which RLIMIT_FSIZE stops"
  # 한도를 넘는 ftruncate는 SIGXFSZ를 보낸다 (기본 동작: 죽음). 무시로 두면 EFBIG로 실패한다.
  trap '' XFSZ
  run_timeout --separate-stderr prlimit --fsize=100 "$CH/server" -i 10
  trap - XFSZ
  assert_failure 1
  assert_equal "$stderr" 'server: ftruncate: File too large'
  [ ! -e demo.map ] || fail "the half-made demo.map was left behind"
}

@test "07-mmap: when ftruncate fails for any reason (strace injects EIO) the server removes the half-made file" {
  [ "${VALGRIND:-0}" != 1 ] || skip 'strace of a valgrind wrapper would trace valgrind'
  command -v strace >/dev/null || skip 'needs strace'
  strace -o /dev/null true 2>/dev/null || skip 'tracing is not permitted here (ptrace)'
  # strace는 시스템 호출을 실제로 부르지 않고 오류를 돌려줄 수 있다 (man 1 strace의 -e inject).
  # ftruncate는 server가 한 번만 부르므로 바로 그 호출이 EIO로 실패한다. 한도(RLIMIT_FSIZE)와 달리
  # 프로세스는 끝날 때 파일을 마음대로 쓸 수 있다.
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" run_timeout --separate-stderr \
    strace -o /dev/null -e trace=ftruncate -e inject=ftruncate:error=EIO "$CH/server" -i 10
  assert_failure 1
  assert_equal "$stderr" 'server: ftruncate: Input/output error'
  [ ! -e demo.map ] || fail "the half-made demo.map was left behind"
}

@test "07-mmap: truncating the mapped file under the server kills it with SIGBUS at its next tick" {
  ulimit -c 0 # 코어 파일을 남기지 않는다
  # SAN=1: sanitizer가 SIGBUS를 가로채 상태 1로 끝내지 않게 한다 (env는 exec하므로 PID는 server의 것)
  start_server server.log env ASAN_OPTIONS=handle_sigbus=0 "$CH/server" -i 10
  wait_for_line server.log '^server: ready: '
  truncate -s 0 demo.map
  wait_exit "$SERVER_PID"
  assert_equal "$EXIT_STATUS" 135 # 128 + SIGBUS(7)
  run_timeout --separate-stderr "$CH/client"
  assert_failure 1
  assert_equal "$stderr" 'client: demo.map: the file is empty: nothing to map (mmap of 0 bytes fails with EINVAL)'
}

@test "07-mmap: garbage in the reply slot (length 4294967295) is reported and ignored; the server carries on" {
  start
  freeze_between_writes
  poke demo.map 88 '\377\377\377\377' # reply.len
  poke demo.map 80 '\002\002\002\002' # reply.seq: 짝수, 새 번호 (0x02020202 / 2 = 16843009)
  kill -CONT "$SERVER_PID"
  wait_for_line server.log '^server: reply 16843009 has a bad length 4294967295: ignored$'
  run_timeout "$CH/client" -w 'still here'
  assert_success
  wait_for_line server.log '^server: reply 16843010 from pid [0-9]+: "still here"$'
  stop_server_cleanly
}

@test "07-mmap: a foreign writer that leaves the news slot mid-update makes the server give up (exit 1), not hang" {
  start
  freeze_between_writes
  poke demo.map 4 '\001\001\001\001' # news.seq 홀수: 누군가 news를 쓰다가 멈춘 모양
  kill -CONT "$SERVER_PID"
  wait_exit "$SERVER_PID"
  assert_equal "$EXIT_STATUS" 1
  run cat server.log
  assert_line 'server: news slot stays mid-update: another writer on this file?'
}

# --- client의 잘못된 입력 -------------------------------------------------------------------

@test "07-mmap: the client checks what it maps: missing, directory, empty, wrong size, no magic, wrong magic" {
  run_timeout --separate-stderr "$CH/client"
  assert_failure 1
  assert_equal "$stderr" 'client: open demo.map: No such file or directory'
  mkdir adir
  run_timeout --separate-stderr "$CH/client" -f adir
  assert_failure 1
  assert_equal "$stderr" 'client: adir: not a regular file (only a regular file holds a board)'
  : >empty.map
  run_timeout --separate-stderr "$CH/client" -f empty.map
  assert_failure 1
  assert_equal "$stderr" 'client: empty.map: the file is empty: nothing to map (mmap of 0 bytes fails with EINVAL)'
  head -c 100 /dev/zero >small.map
  run_timeout --separate-stderr "$CH/client" -f small.map
  assert_failure 1
  assert_equal "$stderr" 'client: small.map: 100 bytes, expected 156: not a board made by ./server'
  head -c 156 /dev/zero >zero.map
  run_timeout --separate-stderr "$CH/client" -f zero.map
  assert_failure 1
  assert_equal "$stderr" 'client: zero.map: no magic yet: the server has not finished setting it up'
  # 크기와 magic은 맞지만 news의 길이가 칸보다 길다
  start
  stop_server_cleanly
  poke demo.map 12 '\377\377\377\377'
  run_timeout --separate-stderr "$CH/client"
  assert_failure 1
  assert_equal "$stderr" 'client: demo.map: the news slot has a bad length: a corrupt file?'
  head -c 156 /dev/urandom | tr '\000' x >random.map
  run_timeout --separate-stderr "$CH/client" -f random.map
  assert_failure 1
  assert_equal "$stderr" 'client: random.map: wrong magic: not a board made by ./server'
  assert_equal "$output" ''
}

@test "07-mmap: a slot left mid-update (odd seq) makes the client give up after about a second, not hang" {
  start
  stop_server_cleanly
  cp demo.map news.map
  poke news.map 4 '\001\001\001\001' # news.seq 홀수: server가 쓰다가 죽은 모양
  run_timeout --separate-stderr "$CH/client" -f news.map
  assert_failure 1
  assert_equal "$stderr" 'client: news.map: the news slot stays mid-update (odd seq): did its writer die while writing?'
  cp demo.map reply.map
  poke reply.map 80 '\001\001\001\001' # reply.seq 홀수: client가 쓰다가 죽은 모양
  run_timeout --separate-stderr "$CH/client" -f reply.map -w hi
  assert_failure 1
  assert_equal "$stderr" 'client: reply.map: the reply slot stays mid-update (odd seq): did its writer die while writing?'
  assert_equal "$(u32 reply.map 80)" 16843009 # 그대로: 쓰지 않았다
}

@test "07-mmap: another user cannot open the 0600 file; with 0644 it may read but not write back" {
  need_other_user
  local client
  client=$(nobody_bin 07-mmap client)
  start
  run_timeout --separate-stderr "${NOBODY[@]}" "$client"
  assert_failure 1
  assert_equal "$stderr" 'client: open demo.map: Permission denied'
  chmod 644 demo.map
  run_timeout --separate-stderr "${NOBODY[@]}" "$client"
  assert_success
  assert_output --regexp "^client: update [0-9]+ from pid $SERVER_PID: \"tick [0-9]+\"$"
  run_timeout --separate-stderr "${NOBODY[@]}" "$client" -w hi
  assert_failure 1
  assert_equal "$stderr" 'client: open demo.map: Permission denied'
  stop_server_cleanly
}

# --- 사용법 ----------------------------------------------------------------------------------

@test "07-mmap: --help and -h print usage on stdout and exit 0 (both programs)" {
  local prog opt
  for prog in server client; do
    for opt in --help -h; do
      run_timeout --separate-stderr "$CH/$prog" "$opt"
      assert_success
      assert_line --index 0 --partial "usage: $prog [-f FILE]"
      assert_equal "$stderr" ''
    done
  done
  [ ! -e demo.map ] || fail "--help created demo.map"
}

@test "07-mmap: bad arguments print the usage line on stderr, exit 2 and create nothing" {
  local args
  for args in '-x' 'extra' '-i 0' '-i 60001' '-i 10ms' '-i' '-f'; do
    # shellcheck disable=SC2086  # 일부러 나눈다
    run_timeout --separate-stderr "$CH/server" $args
    assert_equal "$status" 2
    assert_equal "$output" ''
    [[ $stderr == *'usage: server [-f FILE] [-i MS]'* ]] || fail "server $args: $stderr"
  done
  run_timeout --separate-stderr "$CH/server" -i abc
  assert_equal "${stderr_lines[0]}" "server: -i: expected milliseconds from 1 to 60000, got 'abc'"
  [ ! -e demo.map ] || fail "a bad argument created demo.map"
  start
  for args in '-x' 'extra' '-w'; do
    # shellcheck disable=SC2086
    run_timeout --separate-stderr "$CH/client" $args
    assert_equal "$status" 2
    [[ $stderr == *'usage: client [-f FILE] [-w TEXT]'* ]] || fail "client $args: $stderr"
  done
  run_timeout --separate-stderr "$CH/client" -w "$(printf '%065d' 0)"
  assert_equal "$status" 2
  assert_equal "${stderr_lines[0]}" 'client: -w: TEXT is 65 bytes, at most 64 fit in the reply slot'
  run_timeout "$CH/client" -w "$(printf '%064d' 0)"
  assert_success
  stop_server_cleanly
  assert_equal "$(u32 demo.map 80)" 2 # 64바이트 하나만 썼다
}

# --- 실험 -----------------------------------------------------------------------------------

@test "07-mmap: MAP_PRIVATE writes reach neither the file nor another process (experiments/private_vs_shared)" {
  run_timeout --separate-stderr "$CH/experiments/private_vs_shared" "$TEST_TMP"
  assert_success
  assert_line --index 0 'private_vs_shared: MAP_PRIVATE: wrote "mine" on page 0; my mapping reads "mine"'
  assert_line --index 1 'private_vs_shared: the file (pread) reads "AAAA": the write did not reach the file'
  assert_line --index 2 'private_vs_shared: child, own MAP_SHARED mapping, reads "AAAA": nor another process'
  assert_line --index 3 'private_vs_shared: child wrote "CCCC" on pages 0 and 1 through MAP_SHARED; the file reads "CCCC" "CCCC"'
  assert_line --index 4 'private_vs_shared: my private page 0 (copied when I wrote it) still reads "mine"'
  assert_line --index 5 'private_vs_shared: my private page 1 (never written, so never copied) reads "CCCC": the file shows through'
  run ls "$TEST_TMP"
  assert_output ''
}

@test "07-mmap: past EOF the same page is silently dropped, the next page is SIGBUS (experiments/sigbus_past_eof)" {
  ulimit -c 0
  run_timeout --separate-stderr env ASAN_OPTIONS=handle_sigbus=0:handle_segv=0 \
    "$CH/experiments/sigbus_past_eof" "$TEST_TMP"
  assert_success
  assert_line --index 0 'sigbus_past_eof: file is 100 bytes, mapped 8192 bytes (2 pages of 4096)'
  assert_line --index 1 'sigbus_past_eof: write p[200] (past EOF, same page): child exited 0'
  assert_line --index 2 'sigbus_past_eof:   the file is still 100 bytes; read() at offset 200 returns 0 bytes (EOF)'
  assert_line --index 3 'sigbus_past_eof: write p[4096] (first page wholly past EOF): child killed by SIGBUS (Bus error)'
  assert_line --index 4 'sigbus_past_eof: write p[8192] (outside the mapping): child killed by SIGSEGV (Segmentation fault)'
}

@test "07-mmap: after fork only MAP_SHARED|MAP_ANONYMOUS memory is shared (experiments/anon_shared_fork)" {
  run_timeout --separate-stderr "$CH/experiments/anon_shared_fork"
  assert_success
  assert_line --index 0 'anon_shared_fork: before fork: global 0, MAP_PRIVATE 0, MAP_SHARED 0'
  assert_line --index 1 --regexp '^anon_shared_fork: child \(pid [0-9]+\) wrote 42 into all three$'
  assert_line --index 2 'anon_shared_fork: parent after waitpid: global 0, MAP_PRIVATE 0, MAP_SHARED 42'
}

@test "07-mmap: msync is for the disk, not for visibility: read() sees the write first (experiments/msync_for_disk)" {
  local dir expect
  for dir in "$TEST_TMP" /dev/shm; do
    # 디스크가 뒤를 받치는 파일 시스템이면 MS_SYNC가 더러운 페이지를 쓰고 0 kB. tmpfs는 메모리뿐이다.
    expect='0 kB'
    [ "$(stat -f -c %T "$dir")" != tmpfs ] || expect='4 kB'
    run_timeout --separate-stderr "$CH/experiments/msync_for_disk" "$dir"
    assert_success
    assert_line --index 1 'msync_for_disk: child read() sees "hello" before any msync (one page cache)'
    assert_line --index 2 'msync_for_disk: dirty after the write: 4 kB'
    assert_line --index 3 'msync_for_disk: dirty after msync(MS_ASYNC): 4 kB'
    assert_line --index 4 "msync_for_disk: dirty after msync(MS_SYNC): $expect"
    assert_line --index 5 'msync_for_disk: msync(p + 1, ...): Invalid argument (the address must be page-aligned)'
  done
}

@test "07-mmap: mmap offsets must be page-aligned: 100 is EINVAL, map from the boundary instead (experiments/page_aligned_offset)" {
  run_timeout --separate-stderr "$CH/experiments/page_aligned_offset" "$TEST_TMP"
  assert_success
  assert_line --index 0 "page_aligned_offset: page size $(getconf PAGESIZE) (sysconf(_SC_PAGESIZE))"
  assert_line --index 1 'page_aligned_offset: mmap(offset 100): Invalid argument'
  assert_line --index 2 --regexp '^page_aligned_offset: offset 100 -> map from 0, pointer \+ 100: "byte-100\.\." \(pread: "byte-100\.\."\)$'
  assert_line --index 3 --regexp '^page_aligned_offset: offset 5000 -> map from [0-9]+, pointer \+ [0-9]+: "byte-5000\." \(pread: "byte-5000\."\)$'
}

@test "07-mmap: a failed mmap returns MAP_FAILED with EINVAL, EBADF, EACCES, ENODEV (experiments/map_failed_not_null)" {
  run_timeout --separate-stderr "$CH/experiments/map_failed_not_null" "$TEST_TMP"
  assert_success
  assert_line --index 0 --regexp '^map_failed_not_null: MAP_FAILED is 0xf+, not NULL$'
  assert_line --index 1 'map_failed_not_null: length 0 (an empty file): Invalid argument'
  assert_line --index 2 'map_failed_not_null: fd -1 without MAP_ANONYMOUS: Bad file descriptor'
  assert_line --index 3 'map_failed_not_null: PROT_WRITE + MAP_SHARED on an O_RDONLY fd: Permission denied'
  assert_line --index 4 'map_failed_not_null: a directory: No such device'
}

@test "07-mmap: the seqlock never accepts a torn snapshot while a writer runs (experiments/seqlock_torn_reads)" {
  run_timeout --separate-stderr "$CH/experiments/seqlock_torn_reads" -n "$(count_for 200000)"
  assert_success
  assert_line --index 0 --regexp '^seqlock_torn_reads: naive: +[0-9]+ reads, [0-9]+ torn \(a != b\)$'
  assert_line --index 1 --regexp '^seqlock_torn_reads: seqlock: [0-9]+ reads, 0 torn, [0-9]+ retries$'
}

@test "07-mmap: every experiment prints usage for -h and --help (exit 0) and rejects a bad argument (exit 2)" {
  local prog opt
  for prog in "$CH"/experiments/*; do
    case $prog in *.c | *.h) continue ;; esac
    [ -x "$prog" ] || continue # (커버리지 빌드의 .gcno 같은 것)
    for opt in -h --help; do
      run_timeout --separate-stderr "$prog" "$opt"
      assert_success
      assert_output --partial "usage: ${prog##*/}"
    done
    run_timeout --separate-stderr "$prog" --bogus
    assert_equal "$status" 2
    [[ $stderr == *"usage: ${prog##*/}"* ]] || fail "${prog##*/}: $stderr"
  done
}
