#!/usr/bin/env bats
# tests/06-shm.bats: POSIX 공유 메모리 (shm_open, ftruncate, mmap, 프로세스 공유 세마포어, shm_unlink)
#
# 무엇을 시험하는가 (한 줄이 테스트 하나):
# | 종류        | 프로그램                          | 경우                                               | 기대                                                  |
# |-------------|-----------------------------------|----------------------------------------------------|-------------------------------------------------------|
# | 대화        | server, client                    | 기록 하나                                          | server가 "1 of 1 records, in order, checksums ok"    |
# | 순서        | server, client                    | 기록 100000 개 (seq와 체크섬)                     | 100000 of 100000, in order; 끝 줄의 합계가 같다       |
# | 동시에      | server, client x4                 | client 넷이 25000 개씩 한꺼번에                    | 넷 모두 in order, 합계 100000, 빠짐·겹침 없음         |
# | 객체        | server                            | 도는 동안 /dev/shm/NAME                            | 보통 파일, 모드 600, 크기 1152                        |
# | 정리        | server                            | SIGTERM, SIGINT, SIGHUP                            | 상태 0, 끝 줄, /dev/shm/NAME이 사라진다              |
# | 남은 객체   | server                            | 이름이 이미 있음 (O_EXCL)                          | EEXIST와 설명, 상태 1, 그 객체는 그대로              |
# | 짧은 객체   | client                            | 4 바이트, 0 바이트 객체                            | 크기를 알리는 오류와 상태 1 (SIGBUS 135가 아니다)    |
# | 남의 객체   | client                            | 크기는 맞지만 magic이 다른 객체                   | "not a version 1 ring", 상태 1                        |
# | 없음        | client                            | server가 없다                                     | ENOENT와 설명, 상태 1                                |
# | 가득 참     | server(SIGSTOP), client           | 칸 16 개가 찬 뒤                                   | client는 잠들고 (S, head 16), SIGCONT 뒤 100 개 모두 |
# | 고장        | server(SIGKILL), client           | 가득 찬 고리를 기다리는 client                     | "has gone", 상태 1; 이름은 /dev/shm에 남는다         |
# | 고장        | server(SIGSTOP), client(SIGINT)   | 가득 찬 고리를 기다리던 client에 SIGINT           | 기록 사이에서 멈추고 상태 0; server는 16 개를 받는다 |
# | 고장        | server, client, dd                | 고리 안의 기록 하나를 망가뜨림                     | 체크섬으로 버리고, 그 client는 1 out of sequence     |
# | 권한        | server, client(nobody)            | 다른 사용자의 client                               | EACCES, 상태 1, server는 계속                        |
# | 시스템 호출 | server, client(strace)            | 기록 10000 개를 보내는 client                      | 객체 위의 read/write가 없다, write는 끝 줄 하나     |
# | 글자        | server, client                    | 제어 문자가 든 TEXT                                | 양쪽 모두 \xHH로 찍는다                              |
# | 도움말      | server, client                    | -h, --help                                         | 사용법을 stdout에, 상태 0                            |
# | 잘못된 입력 | server                            | 모르는 옵션, 남는 인자, 나쁜 이름 (/ 없음, 둘째 /, | 사용법을 stderr에, 상태 2                            |
# |             |                                   | '/'만, 너무 긺, 제어 문자)                        |                                                       |
# | 잘못된 입력 | client                            | TEXT 없음/둘, 48 바이트 TEXT, COUNT 0/-1/abc/범위 밖 | 사용법을 stderr에, 상태 2                          |
# | 경계 값     | server, client                    | '/' 뒤 254 글자 이름 / 255 글자                    | 대화가 된다 / 상태 2                                  |
# | 실험        | experiments/lost_update           | 잠금 없이 2 x N                                    | 형식이 맞고 counter <= 2N (잃는 양은 확인하지 않는다) |
# | 실험        | experiments/counter_with_semaphore| 세마포어로 2 x 1000000                             | 정확히 2000000                                        |
# | 실험        | experiments/sigbus_without_ftruncate | 크기 0 객체를 매핑해 쓰기                       | mmap 성공, 자식은 SIGBUS(7), ftruncate 뒤에는 된다    |
# | 실험        | experiments/zero_copy_vs_mq_copy  | 보낸 뒤 버퍼를 고쳐 씀                             | 큐는 "first", 공유 메모리는 "SECOND"                  |
# | 실험        | experiments/pointers_in_shm       | 한 객체를 두 번 매핑                               | 포인터는 A 안, 오프셋은 B의 노드 (값 42)             |
# | 실험        | experiments/owner_died_robust_mutex | 잠금을 쥔 채 죽은 자식                           | 세마포어 EAGAIN, 로버스트 뮤텍스 EOWNERDEAD → 다시 됨 |
# | 실험        | experiments/semaphore_in_private_memory | 전역 sem_t / 공유 페이지의 sem_t           | EAGAIN / 0                                            |
# | 실험        | experiments/named_semaphore_keeps_value | 남은 이름 있는 세마포어                    | 초기값 무시 (값 0), O_EXCL은 EEXIST, 지운다          |
# | 실험        | experiments/sa_restart_and_sem_wait | 세마포어에서 잠든 자식에 SIGUSR1                 | SA_RESTART 없으면 EINTR, 있으면 sem_wait는 다시 잔다; sem_timedwait은 EINTR   |
# | 실험        | experiments/* 모두                | 모르는 인자 / -h                                   | 상태 2 / 상태 0                                       |
# 기다림은 모두 결정적이다: 준비 줄, /proc의 상태(S, T), 고리의 head 값. 경쟁의 결과(잃은 수)는
# 확인하지 않는다. 동기화한 결과(정확한 합계, 순서)만 확인한다.

# shellcheck disable=SC2154  # stderr는 bats의 run --separate-stderr가 채운다
load test_helper

CH=$(chapter_dir 06-shm)
RING_SIZE=1152 # sizeof(struct ring): server의 준비 줄과 client의 오류가 알리는 값

# --- 이 파일의 도우미 -----------------------------------------------------------------------

# shm_file: 이 테스트의 객체가 리눅스에서 보이는 곳
shm_file() {
  echo "/dev/shm/${IPC_NAME#/}"
}

# shm_server: 이 테스트의 이름으로 server를 띄우고 준비 줄을 기다린다
shm_server() {
  start_server server.log "$CH/server" -n "$IPC_NAME"
  wait_for_line server.log '^server: ready on '
}

# shm_client [client 옵션...]: 이 테스트의 이름으로 client를 실행한다 (run_timeout: status, output)
shm_client() {
  run_timeout --separate-stderr "$CH/client" -n "$IPC_NAME" "$@"
}

# start_client 로그 [client 옵션...]: client를 배경에서 띄운다 → CLIENT_PID (SERVER_PID는 그대로)
start_client() {
  local log=$1 spid=$SERVER_PID slog=$SERVER_LOG
  shift
  start_server "$log" "$CH/client" -n "$IPC_NAME" "$@"
  CLIENT_PID=$SERVER_PID
  SERVER_PID=$spid SERVER_LOG=$slog
}

# ring_head: 고리의 head (지금까지 넣은 기록 수). struct ring의 바이트 20..23 (common.h의 순서).
ring_head() {
  od -An -t u4 -j 20 -N 4 "$(shm_file)" | tr -d ' '
}

# ring_tail: 고리의 tail (server가 지금까지 꺼낸 기록 수). head 바로 뒤, 바이트 24..27.
ring_tail() {
  od -An -t u4 -j 24 -N 4 "$(shm_file)" | tr -d ' '
}

# wait_drained N: server가 기록 N개를 꺼낼 때까지 기다린다 (tail = N). SIGCONT 뒤 곧바로 SIGTERM을 보내면
# server가 고리를 비우기 전에 끝내기 시그널을 볼 수 있다.
wait_drained() {
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(ring_tail)" = "$1" ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "the server never drained the ring: tail $(ring_tail), want $1"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

# wait_full CLIENT_PID: 고리의 칸 16 개가 모두 찼고 client가 잠들었을 때까지 기다린다
wait_full() {
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(ring_head)" = 16 ] && [ "$(proc_state "$1")" = S ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "ring never filled: head $(ring_head), client $(proc_state "$1")"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

# wait_state PID 상태: /proc/PID/stat의 상태가 그것이 될 때까지 기다린다 (T = 멈춤)
wait_state() {
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(proc_state "$1")" = "$2" ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $1 never reached state $2 (now $(proc_state "$1"))"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

# summary_of PID: server가 그 client에 대해 찍은 결과 줄
summary_of() {
  grep "^server: pid $1: " server.log
}

# --- 대화 ---------------------------------------------------------------------------------

@test "06-shm: a record goes from client to server through the ring, in order with its checksum" {
  shm_server
  run cat server.log
  assert_line --regexp "^server: ready on $IPC_NAME \\(pid $SERVER_PID\\): 16 slots of 64 bytes, $RING_SIZE bytes in /dev/shm$"
  run_timeout --separate-stderr sh -c 'echo $$ >client.pid; exec "$@"' sh "$CH/client" -n "$IPC_NAME" hello
  assert_success
  assert_output "client: sent 1 of 1 records to $IPC_NAME: \"hello\""
  wait_for_line server.log "^server: pid $(cat client.pid): 1 of 1 records, in order, checksums ok: \"hello\"$"
  stop_server_cleanly
  run cat server.log
  assert_line "server: SIGTERM: 1 records, 0 client(s) unfinished; removed $IPC_NAME"
}

@test "06-shm: 100000 records arrive complete and in order (sequence numbers and checksums)" {
  local n
  n=$(count_for 100000)
  shm_server
  start_client client.log -c "$n" tick
  wait_exit "$CLIENT_PID"
  assert_equal "$EXIT_STATUS" 0
  run cat client.log
  assert_output "client: sent $n of $n records to $IPC_NAME: \"tick\""
  wait_for_line server.log "^server: pid $CLIENT_PID: "
  assert_equal "$(summary_of "$CLIENT_PID")" "server: pid $CLIENT_PID: $n of $n records, in order, checksums ok: \"tick\""
  stop_server_cleanly
  run cat server.log
  assert_line "server: SIGTERM: $n records, 0 client(s) unfinished; removed $IPC_NAME"
  refute_line --partial 'dropped'
}

@test "06-shm: four clients at once: every record of each arrives once and in order, nothing lost or duplicated" {
  local n pids=() p
  n=$(count_for 25000)
  shm_server
  for p in 1 2 3 4; do
    start_client "client$p.log" -c "$n" "producer $p"
    pids+=("$CLIENT_PID")
  done
  for p in 1 2 3 4; do
    wait_exit "${pids[p - 1]}"
    assert_equal "$EXIT_STATUS" 0
    wait_for_line server.log "^server: pid ${pids[p - 1]}: "
    assert_equal "$(summary_of "${pids[p - 1]}")" \
      "server: pid ${pids[p - 1]}: $n of $n records, in order, checksums ok: \"producer $p\""
  done
  stop_server_cleanly
  run cat server.log
  assert_line "server: SIGTERM: $((4 * n)) records, 0 client(s) unfinished; removed $IPC_NAME"
  refute_line --partial 'dropped'
}

# --- 객체의 일생 ----------------------------------------------------------------------------

@test "06-shm: while the server runs, /dev/shm/NAME is a regular file of mode 600 and the ring's size" {
  shm_server
  run stat -c '%F %a %s %u' "$(shm_file)"
  assert_output "regular file 600 $RING_SIZE $(id -u)"
  stop_server_cleanly
  [ ! -e "$(shm_file)" ] || fail "$(shm_file) is still there"
}

@test "06-shm: SIGTERM, SIGINT and SIGHUP stop the server with status 0 and remove /dev/shm/NAME" {
  local sig
  for sig in TERM INT HUP; do
    : >server.log
    shm_server
    [ -e "$(shm_file)" ] || fail "no $(shm_file) while the server runs"
    stop_server_cleanly "$sig"
    run cat server.log
    assert_line "server: SIG$sig: 0 records, 0 client(s) unfinished; removed $IPC_NAME"
    [ ! -e "$(shm_file)" ] || fail "SIG$sig left $(shm_file) behind"
  done
}

@test "06-shm: an existing name is refused (O_EXCL, EEXIST) and the object is left as it was" {
  printf 'not yours' >"$(shm_file)"
  run_timeout --separate-stderr "$CH/server" -n "$IPC_NAME"
  assert_failure 1
  assert_equal "$stderr" "server: shm_open: File exists (a server is running, or a killed one left it behind: rm it)"
  assert_equal "$(cat "$(shm_file)")" 'not yours'
  rm "$(shm_file)"
  # 도는 server 옆의 두 번째 server도 같은 까닭으로 거절되고, 첫 server는 계속 일한다
  shm_server
  run_timeout --separate-stderr "$CH/server" -n "$IPC_NAME"
  assert_failure 1
  [[ $stderr == *'File exists'* ]] || fail "$stderr"
  shm_client hello
  assert_success
  stop_server_cleanly
}

# --- 남이 만든 객체를 열 때 ------------------------------------------------------------------

@test "06-shm: a too-small object gives a clear error, not SIGBUS (the client checks fstat first)" {
  printf 'junk' >"$(shm_file)"
  shm_client hello
  assert_failure 1
  assert_equal "$stderr" "client: $IPC_NAME is 4 bytes, a ring is $RING_SIZE: not made by this chapter's server"
  # 크기 0: shm_open과 ftruncate 사이의 server가 만든 것과 같다
  : >"$(shm_file)"
  shm_client hello
  assert_failure 1
  assert_equal "$stderr" "client: $IPC_NAME is 0 bytes, a ring is $RING_SIZE: not made by this chapter's server, or not ready yet"
  rm "$(shm_file)"
}

@test "06-shm: an object of the right size without the ring's magic is refused" {
  printf 'junk' >"$(shm_file)"
  truncate -s "$RING_SIZE" "$(shm_file)"
  shm_client hello
  assert_failure 1
  assert_equal "$stderr" "client: $IPC_NAME is not a version 1 ring of this chapter (magic 0x6b6e756a)"
  truncate -s 0 "$(shm_file)"
  truncate -s "$RING_SIZE" "$(shm_file)"
  shm_client hello
  assert_failure 1
  assert_equal "$stderr" "client: $IPC_NAME is not a version 1 ring of this chapter (magic 0x00000000): not ready yet, or not made by its server"
  rm "$(shm_file)"
}

@test "06-shm: a client whose server is not running gets ENOENT and exits 1" {
  shm_client hello
  assert_failure 1
  assert_equal "$stderr" "client: shm_open: No such file or directory (is the server running?)"
  assert_equal "$output" ''
}

@test "06-shm: another user's client is refused by the 0600 object (EACCES); the server serves on" {
  need_other_user
  local client
  client=$(nobody_bin 06-shm client)
  shm_server
  run_timeout --separate-stderr "${NOBODY[@]}" "$client" -n "$IPC_NAME" hello
  assert_failure 1
  assert_equal "$stderr" "client: shm_open: Permission denied"
  shm_client hello
  assert_success
  stop_server_cleanly
}

# --- 가득 찬 고리, 사라진 상대 -----------------------------------------------------------------

@test "06-shm: a full ring puts the client to sleep until the server empties it (server stopped with SIGSTOP)" {
  shm_server
  kill -STOP "$SERVER_PID"
  wait_state "$SERVER_PID" T
  start_client client.log -c 100 tick
  wait_full "$CLIENT_PID" # 칸 16 개를 채우고 spaces에서 잔다
  assert_equal "$(ring_head)" 16
  kill -CONT "$SERVER_PID"
  wait_exit "$CLIENT_PID"
  assert_equal "$EXIT_STATUS" 0
  wait_for_line server.log "^server: pid $CLIENT_PID: 100 of 100 records, in order, checksums ok: \"tick\"$"
  assert_equal "$(ring_head)" 100
  stop_server_cleanly
}

@test "06-shm: a client waiting on a full ring whose server was SIGKILLed says so and exits 1; the name stays" {
  shm_server
  kill -STOP "$SERVER_PID"
  wait_state "$SERVER_PID" T
  start_client client.log -c 100 tick
  wait_full "$CLIENT_PID"
  local spid=$SERVER_PID
  kill -KILL "$spid"
  wait_exit "$spid"
  assert_equal "$EXIT_STATUS" 137
  wait_exit "$CLIENT_PID" # 늦어도 TICK(1초) 뒤에 kill(pid, 0)이 ESRCH를 본다
  assert_equal "$EXIT_STATUS" 1
  run cat client.log
  assert_output "client: the server (pid $spid) has gone: nobody empties the ring"
  # SIGKILL된 server는 shm_unlink하지 못했다: 이름이 커널에 남는다 (커널 지속성)
  [ -e "$(shm_file)" ] || fail "the killed server's object should still be in /dev/shm"
  run_timeout --separate-stderr "$CH/server" -n "$IPC_NAME"
  assert_failure 1
  [[ $stderr == *'File exists'* ]] || fail "$stderr"
  rm "$(shm_file)"
}

@test "06-shm: SIGINT to a client waiting on a full ring: it stops between records and exits 0" {
  shm_server
  kill -STOP "$SERVER_PID"
  wait_state "$SERVER_PID" T
  start_client client.log -c 100 tick
  wait_full "$CLIENT_PID"
  kill -INT "$CLIENT_PID"
  wait_exit "$CLIENT_PID"
  assert_equal "$EXIT_STATUS" 0
  run cat client.log
  assert_output 'client: SIGINT: stopped after 16 of 100 records'
  kill -CONT "$SERVER_PID"
  # 고리에 들어간 16개는 server가 받는다; 마지막 기록이 오지 않았으니 그 client는 끝나지 않은 채다
  wait_drained 16
  stop_server_cleanly
  run cat server.log
  assert_line "server: SIGTERM: 16 records, 1 client(s) unfinished; removed $IPC_NAME"
}

@test "06-shm: a record corrupted inside the ring fails its checksum: dropped, and its client is out of sequence" {
  shm_server
  kill -STOP "$SERVER_PID"
  wait_state "$SERVER_PID" T
  shm_client -c 3 abc # 칸 0, 1, 2에 들어가고, 멈춘 server는 아직 꺼내지 않았다
  assert_success
  # 칸 1 (바이트 128 + 64)의 text (그 안의 바이트 16)를 고쳐 쓴다: 객체를 열 수 있으면 누구나 할 수 있다
  printf 'X' | dd of="$(shm_file)" bs=1 seek=$((128 + 64 + 16)) conv=notrunc status=none
  kill -CONT "$SERVER_PID"
  wait_for_line server.log '^server: pid [0-9]+: 3 of 3 records'
  run cat server.log
  assert_line --regexp '^server: dropped a bad record \(pid [0-9]+, seq 2\)$'
  assert_line --regexp '^server: pid [0-9]+: 3 of 3 records, 1 out of sequence: "abc"$'
  stop_server_cleanly
}

# --- 시스템 호출 없이 -------------------------------------------------------------------------

@test "06-shm: after setup no system call carries the data: strace sees no read or write on the object" {
  not_under_coverage "its programs write .gcda files at exit, which strace would count"
  [ "${VALGRIND:-0}" != 1 ] || skip 'strace of a valgrind wrapper would trace valgrind'
  command -v strace >/dev/null || skip 'needs strace'
  strace -o /dev/null true 2>/dev/null || skip 'tracing is not permitted here (ptrace)'
  shm_server
  # SAN=1: LeakSanitizer는 ptrace 아래에서 일하지 못한다 (tools/trace.sh와 같이 끈다)
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" run_timeout strace -f -y -o client.strace \
    -e trace=read,write,readv,writev,pread64,pwrite64,sendto,recvfrom,sendmsg,recvmsg,splice,sendfile \
    "$CH/client" -n "$IPC_NAME" -c 10000 tick
  assert_success
  wait_for_line server.log '10000 of 10000 records, in order'
  # 10000 개의 기록 가운데 어느 것도 객체 위의 read/write로 가지 않았다
  run grep -c '/dev/shm' client.strace
  assert_output 0
  # write는 끝의 알림 줄 하나뿐이다 (stdout). read는 시작 준비뿐이다: 동적 로더가 libc를 읽고,
  # SAN=1이면 sanitizer가 /proc/self/maps 같은 것을 읽는다.
  run grep -cE '^[0-9]+ +write\(1' client.strace
  assert_output 1
  local startup='^[0-9]+ +(read|pread64)\([0-9]+</([^>]*\.so[^>]*|proc/[^>]*|sys/[^>]*)>|^[0-9]+ +write\(1|^[0-9]+ +\+\+\+ '
  run grep -vE "$startup" client.strace
  assert_output ''
  [ "$(grep -c . client.strace)" -lt 100 ] || fail "$(grep -c . client.strace) calls for 10000 records"
  stop_server_cleanly
}

# --- 글자와 인자 ---------------------------------------------------------------------------

@test "06-shm: client text with control characters is printed escaped by both sides" {
  shm_server
  shm_client $'a\e[31mb"\\'
  assert_success
  assert_output "client: sent 1 of 1 records to $IPC_NAME: \"a\\x1b[31mb\\x22\\x5c\""
  wait_for_line server.log '"a\\x1b\[31mb\\x22\\x5c"$'
  stop_server_cleanly
}

@test "06-shm: --help and -h print usage on stdout and exit 0 (both programs)" {
  local prog opt
  for prog in server client; do
    for opt in -h --help; do
      run_timeout --separate-stderr "$CH/$prog" "$opt"
      assert_success
      assert_line --index 0 --regexp "^usage: $prog "
      assert_equal "$stderr" ''
    done
  done
}

@test "06-shm: server: bad arguments give a usage line on stderr and exit 2" {
  local long
  long=/$(printf 'a%.0s' $(seq 255))
  local -a cases=("-x" "extra" "-n" "-n noslash" "-n /a/b" "-n /" "-n $long" "-n /tab$(printf '\t')x")
  local c
  for c in "${cases[@]}"; do
    # shellcheck disable=SC2086  # 일부러 낱말로 나눈다
    run_timeout --separate-stderr "$CH/server" $c
    assert_equal "$status" 2
    [[ $stderr == *'usage: server [-n NAME]'* ]] || fail "server $c: $stderr"
    assert_equal "$output" ''
  done
  run_timeout --separate-stderr "$CH/server" -n noslash
  [[ $stderr == *"shared memory name must start with '/'"* ]] || fail "$stderr"
  run_timeout --separate-stderr "$CH/server" -n "$long"
  [[ $stderr == *'is too long'* ]] || fail "$stderr"
}

@test "06-shm: client: bad arguments give a usage line on stderr and exit 2, and touch nothing" {
  shm_server
  local -a cases=("" "a b" "-c 0 x" "-c -1 x" "-c abc x" "-c 1000000001 x" "-c" "-x x" "-n noslash x")
  local c
  for c in "${cases[@]}"; do
    # shellcheck disable=SC2086
    run_timeout --separate-stderr "$CH/client" $c
    assert_equal "$status" 2
    [[ $stderr == *'usage: client [-n NAME] [-c COUNT] TEXT'* ]] || fail "client $c: $stderr"
  done
  shm_client 012345678901234567890123456789012345678901234567 # 48 바이트: 칸에 '\0' 자리가 없다
  assert_equal "$status" 2
  [[ $stderr == *'TEXT must be shorter than 48 bytes'* ]] || fail "$stderr"
  shm_client -c 1000000001 x
  [[ $stderr == *"COUNT: expected a number from 1 to 1000000000, got '1000000001'"* ]] || fail "$stderr"
  stop_server_cleanly
  run cat server.log
  assert_line "server: SIGTERM: 0 records, 0 client(s) unfinished; removed $IPC_NAME"
}

@test "06-shm: a name of 254 characters after the '/' works end to end; 255 is refused" {
  local name
  name=/${IPC_NAME#/}$(printf 'x%.0s' $(seq $((254 - ${#IPC_NAME} + 1))))
  [ ${#name} -eq 255 ] || fail "test bug: ${#name}"
  start_server server.log "$CH/server" -n "$name"
  wait_for_line server.log '^server: ready on '
  run_timeout --separate-stderr "$CH/client" -n "$name" hi
  assert_success
  wait_for_line server.log '1 of 1 records, in order, checksums ok: "hi"$'
  run_timeout --separate-stderr "$CH/client" -n "${name}x" hi
  assert_equal "$status" 2
  stop_server_cleanly
}

# --- 실험 ---------------------------------------------------------------------------------

@test "06-shm: lost_update: two unsynchronized processes report a counter of at most 2N (the loss is not asserted)" {
  local n
  n=$(count_for 1000000)
  run_timeout "$CH/experiments/lost_update" "$n"
  assert_success
  [[ $output =~ ^lost_update:\ 2\ processes\ x\ $n\ unsynchronized\ increments:\ counter\ =\ ([0-9]+),\ expected\ $((2 * n))\ \(lost\ ([0-9]+)\)$ ]] ||
    fail "$output"
  local got=${BASH_REMATCH[1]} lost=${BASH_REMATCH[2]}
  [ "$got" -ge "$n" ] && [ "$got" -le $((2 * n)) ] || fail "counter $got outside [$n, $((2 * n))]"
  assert_equal "$((got + lost))" "$((2 * n))"
}

@test "06-shm: counter_with_semaphore: two processes x 1000000 increments under a semaphore = exactly 2000000" {
  local n
  n=$(count_for 1000000)
  run_timeout "$CH/experiments/counter_with_semaphore" "$n"
  assert_success
  assert_output "counter_with_semaphore: 2 processes x $n increments under a semaphore: counter = $((2 * n)), expected $((2 * n))"
}

@test "06-shm: sigbus_without_ftruncate: mmap of a 0-byte object succeeds, the first touch is SIGBUS, ftruncate fixes it" {
  # ASan은 SIGBUS를 스스로 잡아 보고하고 1로 끝낸다: 커널의 기본 동작을 보려면 끈다
  ASAN_OPTIONS=handle_sigbus=0 run_timeout --separate-stderr "$CH/experiments/sigbus_without_ftruncate" "$IPC_NAME"
  assert_success
  assert_line --index 0 "sigbus: shm_open(\"$IPC_NAME\") made an object of 0 bytes (fstat); name removed at once"
  assert_line --index 1 'sigbus: mmap of 4096 bytes succeeded anyway: the kernel checks the size only when a page is touched'
  assert_line --index 2 'sigbus: a child wrote one byte there and was killed by signal 7 (SIGBUS, "Bus error", shell status 135)'
  assert_line --index 3 "sigbus: after ftruncate(4096) the same write works: the page now reads 'x'"
}

@test "06-shm: zero_copy_vs_mq_copy: the queue delivers the copy taken at mq_send, shared memory shows the overwrite" {
  run_timeout --separate-stderr "$CH/experiments/zero_copy_vs_mq_copy" "$IPC_NAME"
  assert_success
  assert_line --index 0 'mq:  the writer sent "first", then overwrote its buffer with "SECOND"; the reader got "first" (copied at mq_send)'
  assert_line --index 1 'shm: the reader saw "first"; the writer overwrote the shared buffer; the same address now reads "SECOND" (no copy, no receive call)'
}

@test "06-shm: pointers_in_shm: a pointer stored through one mapping points into it; an offset works in both" {
  run_timeout --separate-stderr "$CH/experiments/pointers_in_shm" "$IPC_NAME"
  assert_success
  assert_line --regexp '^pointers: the same object is mapped twice: view A at 0x[0-9a-f]+, view B at 0x[0-9a-f]+$'
  assert_line --regexp "^pointers: through B the pointer still says 0x[0-9a-f]+: that is inside A, not B's node 2 \\(0x[0-9a-f]+\\)$"
  assert_line --regexp "^pointers: through B the offset gives 0x[0-9a-f]+: B's node 2, value 42$"
}

@test "06-shm: owner_died_robust_mutex: a dead owner's semaphore stays taken; a robust mutex reports EOWNERDEAD and recovers" {
  run_timeout --separate-stderr "$CH/experiments/owner_died_robust_mutex"
  assert_success
  assert_line 'owner_died: a child took the semaphore and the mutex, then died (_exit) holding both'
  assert_line 'owner_died: semaphore: sem_trywait -> Resource temporarily unavailable: it stays taken forever (no owner to notice)'
  assert_line --partial 'owner_died: robust mutex: pthread_mutex_lock -> EOWNERDEAD: we own it now'
  assert_line 'owner_died: robust mutex: unlocked and locked again -> 0: usable again'
}

@test "06-shm: semaphore_in_private_memory: a global sem_t is copied by fork, one in a MAP_SHARED page is shared" {
  run_timeout --separate-stderr "$CH/experiments/semaphore_in_private_memory"
  assert_success
  assert_line --index 0 "semaphore_in_private_memory: global sem_t (private copy after fork): child posted, parent's sem_trywait -> Resource temporarily unavailable"
  assert_line --index 1 "semaphore_in_private_memory: sem_t in a MAP_SHARED page: child posted, parent's sem_trywait -> 0 (got it)"
}

@test "06-shm: named_semaphore_keeps_value: a leftover named semaphore keeps its value; O_CREAT ignores the new one" {
  run_timeout --separate-stderr "$CH/experiments/named_semaphore_keeps_value" "$IPC_NAME"
  assert_success
  assert_line "named_sem: it is a file now: /dev/shm/sem.${IPC_NAME#/}"
  assert_line 'named_sem: run 2: sem_open(O_CREAT, 0600, 1) -> value 0: the initial value 1 was ignored'
  assert_line 'named_sem: run 2 with O_EXCL: sem_open -> File exists: the stale semaphore is reported, not reused'
  assert_line 'named_sem: sem_unlink removed it'
  [ ! -e "/dev/shm/sem.${IPC_NAME#/}" ] || fail "the named semaphore was left behind"
}

@test "06-shm: sa_restart_and_sem_wait: SA_RESTART restarts a sleeping sem_wait (no EINTR); without it, EINTR" {
  run_timeout --separate-stderr "$CH/experiments/sa_restart_and_sem_wait"
  assert_success
  assert_line --index 0 'sa_restart: sem_wait, handler without SA_RESTART: the handler ran, then sem_wait returned -1 EINTR'
  assert_line --index 1 'sa_restart: sem_wait, handler with SA_RESTART: the handler ran, sem_wait was restarted and slept on (until our sem_post)'
  assert_line --index 2 'sa_restart: sem_timedwait, handler with SA_RESTART: the handler ran, then sem_timedwait returned -1 EINTR'
}

@test "06-shm: every experiment prints usage for -h (exit 0) and refuses a bad argument (exit 2)" {
  local x
  for x in lost_update counter_with_semaphore sigbus_without_ftruncate zero_copy_vs_mq_copy pointers_in_shm \
    owner_died_robust_mutex semaphore_in_private_memory named_semaphore_keeps_value sa_restart_and_sem_wait; do
    run_timeout --separate-stderr "$CH/experiments/$x" -h
    assert_success
    assert_line --index 0 --regexp "^usage: $x"
    run_timeout --separate-stderr "$CH/experiments/$x" bad-arg extra
    assert_equal "$status" 2
    [[ $stderr == "usage: $x"* ]] || fail "$x: $stderr"
  done
}
