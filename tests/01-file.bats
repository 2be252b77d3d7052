#!/usr/bin/env bats
# tests/01-file.bats: 디스크 위의 파일로 하는 IPC (spool 디렉터리 + rename, fcntl 잠금, O_APPEND)
#
# 무엇을 시험하는가 (한 줄이 테스트 하나. 프로그램: S = server, C = client, 나머지는 experiments/):
# | 종류        | 프로그램                        | 경우                                        | 기대                                          |
# |-------------|---------------------------------|---------------------------------------------|-----------------------------------------------|
# | 대화        | S, C send                       | send 한 번                                  | ticket 1, spool 엔 server.lock만              |
# | 지속성      | S, C send, C inc                | server를 두 번 띄움                         | 카운터와 기록이 이어진다, spool은 사라진다    |
# | 동시성      | S, C inc ×20                    | 20개 × 100번 잠금 증가                      | 정확히 2000, 기록 2000줄, 값 1..2000 한 번씩  |
# | 동시성      | S, C send ×10                   | 동시에 보낸 요청                            | 번호표 1..10이 하나씩                         |
# | 원자적 발행 | S, half_written_request tmp     | 임시 이름에 반쯤 쓰고 멈춤                  | server는 보지 않는다, 이어 가면 온전          |
# | 원자적 발행 | S, half_written_request direct  | 진짜 이름에 반쯤 쓰고 멈춤 (버그)           | server가 반쪽을 읽고 오류로 답한다            |
# | 원자적 발행 | S, C send (strace)              | 시스템 호출 순서                            | open tmp 0600 → write → fsync → rename → fsync |
# | 원자적 발행 | rename_across_filesystems       | /dev/shm에서 rename                         | EXDEV, 같은 디렉터리 안에서는 된다            |
# | 잠금        | hold_lock, hold_lock -n, C inc  | 잠금을 쥔 프로세스를 SIGKILL                | 커널이 잠금을 푼다                            |
# | 잠금        | hold_lock, C inc, hold_lock -n  | F_SETLKW와 F_SETLK                          | 기다린다(/proc/locks의 ->) / 바로 실패        |
# | 잠금        | hold_lock, unlocked_increment   | 잠금을 묻지 않는 프로세스                   | 막히지 않고 값을 바꾼다 (권고 잠금)           |
# | 잠금        | lock_dropped_by_close           | 다른 fd를 열고 닫음                         | 닫기 전엔 잠금, 닫은 뒤엔 없음                |
# | 잠금        | lock_not_inherited_by_fork      | fork와 자기 자신                            | 자식은 물려받지 않는다, 자기에겐 안 보인다    |
# | 잠금        | hold_lock, C -t 1 inc           | -t 시간 안에 잠금이 안 풀림                 | 알리고 1                                      |
# | 잠금        | S, hold_lock, C send            | F_SETLKW에서 기다리는 server에 SIGTERM      | EINTR로 깨어 깨끗이 끝난다 (0)                |
# | 덧붙이기    | append_without_o_append         | lseek+write와 O_APPEND                      | 한 줄이 사라진다 / 둘 다 남는다               |
# | 덧붙이기    | C inc (prlimit)                 | RLIMIT_FSIZE에 걸린 짧은 쓰기               | 이어 쓰지 않고 알리고 1                       |
# | 카운터      | C inc, S, C send                | " 42", "+42", "42\n\0junk" ... LONG_MAX     | 거절, 파일은 그대로                           |
# | 잘못된 입력 | S, C, 모든 실험                 | --help, 모르는 옵션, 범위 밖, 남는 인자     | 사용법을 stdout(0) / stderr(2)                |
# | 잘못된 입력 | S, C                            | 너무 긴 경로, 종류가 틀린 경로, server 없음 | 분명한 메시지, 1                              |
# | 잘못된 입력 | S (셸과 python3가 놓은 요청)    | 쓰레기 요청, 줄바꿈·ESC가 든 이름           | 오류 응답, 이름은 escape해 찍는다, 계속 일함  |
# | 권한        | S, C inc                        | 만든 것의 모드 (umask 000에서도)            | spool 700, 나머지 600                         |
# | 권한        | S, C (nobody로)                 | 다른 사용자                                 | Permission denied, 1                          |
# | 고장        | S, hold_lock, C send            | 대화 중 server가 SIGKILL                    | client가 알아채고 1 (시간 제한 전에)          |
# | 고장        | S, C send                       | SIGKILL된 server가 남긴 spool               | 둘 다 알리고 고치는 법을 말한다               |
# | 고장        | S ×2                            | 같은 spool에 server 두 번째                 | 거절, 첫 server는 그대로                      |
# | 고장        | S ×2, 20번                      | 두 server를 동시에                          | 늘 하나만 이기고, 진 쪽은 이긴 쪽의 PID를 댄다  |
# | 고장        | S                               | server가 만들지 않은 디렉터리               | 건드리지 않고 설명하며 1                      |
# | 고장        | S, half_written_request tmp     | 요청을 쓰다 SIGKILL된 client                | server는 계속, 찌꺼기는 끝날 때 치운다        |
# | 정리        | S                               | SIGINT/SIGTERM/SIGHUP                       | 0, spool 사라짐, 카운터는 남음                |
# | 정리        | hold_lock                       | SIGINT/SIGTERM/SIGHUP (쥔 채, 기다리던 중)  | 0, 잠금 풀림                                  |
# | 정리        | S, C send                       | 응답을 기다리는 send에 SIGINT/TERM/HUP      | 요청을 거두고 1 (답을 못 받았으므로)          |

# SC2154: stderr는 bats의 run --separate-stderr가 채운다. SC2016: bash -c와 eval의 '$0', '$a'는
# 일부러 그 셸에서 펼친다. SC2012: ls로 보는 이름은 이 테스트가 지은 것들이다.
# shellcheck disable=SC2154,SC2016,SC2012
load test_helper

CH=$(chapter_dir 01-file)
EX=$CH/experiments

# ---- 이 파일의 도우미 ----------------------------------------------------------------------

# start_file_server: server를 (10 ms 간격으로 폴링하게) 띄우고 준비 줄을 기다린다. PID는 SRV에.
start_file_server() {
  start_server server.log "$CH/server" -i 10
  SRV=$SERVER_PID
  wait_for_line server.log '^server: ready on \./demo\.spool \(pid [0-9]+\)$' "$SRV"
}

# start_holder 로그 [hold_lock 인자...]: 잠금을 쥔 hold_lock을 띄우고 "holding" 줄을 기다린다 → HOLDER
start_holder() {
  local log=$1
  shift
  start_server "$log" "$EX/hold_lock" "$@"
  HOLDER=$SERVER_PID
  wait_for_line "$log" '^hold_lock: holding the write lock on ' "$HOLDER"
}

# stop_cleanly PID 로그 [시그널]: 시그널을 보내고, 0으로 끝났는지, 남은 것이 없는지 본다
stop_cleanly() {
  SERVER_PID=$1
  # shellcheck disable=SC2034  # test_helper의 stop_server_cleanly가 읽는다
  SERVER_LOG=$2
  stop_server_cleanly "${3:-TERM}"
}

# wait_until 설명 명령 [인자...]: 명령이 성공할 때까지 WAIT_TIMEOUT 초 안에서 되풀이해 본다
wait_until() {
  local what=$1 tries
  shift
  tries=$(awk -v t="$WAIT_TIMEOUT" -v p="$POLL_INTERVAL" 'BEGIN { print int(t / p) }')
  until "$@"; do
    if [ "$tries" -le 0 ]; then
      fail "${WAIT_TIMEOUT}초 안에 '$what' 이(가) 되지 않았다"
      return 1
    fi
    tries=$((tries - 1))
    sleep "$POLL_INTERVAL"
  done
}

# /proc/locks의 한 줄: "1: POSIX  ADVISORY  WRITE 1234 fe:00:5678 0 EOF" (쥔 것),
# 기다리는 요청은 "1: -> POSIX  ADVISORY  WRITE 1235 ..."처럼 ->가 붙는다.
holds_lock() { grep -qE "^[0-9]+: POSIX +ADVISORY +WRITE +$1 " /proc/locks; }
waits_for_lock() { grep -qE "^[0-9]+: -> POSIX +ADVISORY +WRITE +$1 " /proc/locks; }
is_stopped() { [ "$(proc_state "$1")" = T ]; }
exists() { [ -e "$1" ]; }
has_fd_to() { [ "$(readlink "/proc/$1/fd/0" 2>/dev/null)" = "$TEST_TMP/$2" ]; }

# server 없이 잠금만 시험할 때: server가 만들었을 카운터를 직접 만든다
make_counter() { printf '%s\n' "${1:-5}" >demo.data; }

# publish 이름 내용: 셸로 "발행"한다 (임시 이름에 쓰고 같은 디렉터리 안의 mv로 이름을 붙인다).
# %b: \n, \0, \a 같은 escape를 실제 바이트로 쓴다
publish() { printf '%b' "$2" >"demo.spool/$1.tmp" && mv "demo.spool/$1.tmp" "demo.spool/$1"; }

# ---- 대화 ---------------------------------------------------------------------------------

@test "01-file: a request and its reply travel as files through the spool (round trip)" {
  start_file_server
  run_timeout --separate-stderr "$CH/client" send 'hello, file'
  assert_success
  assert_equal "$stderr" ''
  assert_line --index 0 --regexp "^client: sent \"hello, file\" as \./demo\.spool/[0-9]+\.req to server pid $SRV\$"
  assert_line --index 1 'client: reply: "ticket 1: hello, file"'
  grep -qE '^server: "[0-9]+\.req" -> "ticket 1: hello, file"$' server.log || fail "$(cat server.log)"
  # 요청은 server가, 응답은 client가 가져갔다: spool에는 생존 표시 잠금 파일만 남는다.
  assert_equal "$(ls -A demo.spool)" 'server.lock'
  assert_equal "$(cat demo.data)" 1
  stop_cleanly "$SRV" server.log
  assert [ ! -e demo.spool ]
}

@test "01-file: the counter and the log outlive the processes" {
  start_file_server
  run_timeout "$CH/client" send first
  assert_success
  run_timeout "$CH/client" inc 2
  assert_output 'client: added 2 to ./demo.data, one at a time; last value 3'
  stop_cleanly "$SRV" server.log
  # 프로세스는 모두 끝났다. spool은 server가 지웠고, 카운터와 기록은 디스크에 남았다.
  assert [ ! -e demo.spool ]
  assert_equal "$(cat demo.data)" 3
  assert_equal "$(wc -l <demo.log)" 2
  grep -q '^server: SIGTERM: removed ./demo.spool; ./demo.data stays$' server.log || fail "$(cat server.log)"

  start_file_server
  run_timeout "$CH/client" send second
  assert_success
  assert_line 'client: reply: "ticket 4: second"'
  run_timeout "$CH/client" inc
  assert_output 'client: added 1 to ./demo.data, one at a time; last value 5'
  stop_cleanly "$SRV" server.log
  assert_equal "$(cut -d' ' -f1 demo.log | tr '\n' ' ')" '2 3 5 '
}

@test "01-file: 20 clients x 100 locked increments give exactly 2000 and 2000 whole log lines" {
  local n clients=20 i pids=() total
  n=$(count_for 100)
  total=$((clients * n))
  start_file_server
  for ((i = 1; i <= clients; i++)); do
    timeout -k 2 "$RUN_TIMEOUT" "$CH/client" inc "$n" >"inc$i.out" 2>&1 3>&- &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || fail "client $((i + 1)) failed: $(cat "inc$((i + 1)).out")"
  done
  assert_equal "$(cat demo.data)" "$total"
  # O_APPEND + 레코드당 write 한 번: 줄은 모두 온전하고, 값 1..total이 한 번씩 나온다.
  assert_equal "$(wc -l <demo.log)" "$total"
  assert_equal "$(grep -cvE '^[0-9]+ inc pid [0-9]+$' demo.log)" 0
  assert_equal "$(cut -d' ' -f1 demo.log | sort -n | uniq | wc -l)" "$total"
  assert_equal "$(cut -d' ' -f1 demo.log | sort -n | head -n 1)" 1
  assert_equal "$(cut -d' ' -f1 demo.log | sort -n | tail -n 1)" "$total"
  # server도 같은 잠금을 쓰므로 다음 번호표는 total + 1이다.
  run_timeout "$CH/client" send after
  assert_success
  assert_line "client: reply: \"ticket $((total + 1)): after\""
  stop_cleanly "$SRV" server.log
}

@test "01-file: concurrent senders each get a ticket of their own" {
  local clients i pids=()
  clients=$(count_for 10)
  start_file_server
  for ((i = 1; i <= clients; i++)); do
    timeout -k 2 "$RUN_TIMEOUT" "$CH/client" send "msg $i" >"send$i.out" 2>&1 3>&- &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || fail "sender $((i + 1)) failed: $(cat "send$((i + 1)).out")"
  done
  for ((i = 1; i <= clients; i++)); do
    grep -qE "^client: reply: \"ticket [0-9]+: msg $i\"\$" "send$i.out" || fail "send$i: $(cat "send$i.out")"
  done
  assert_equal "$(sed -n 's/^client: reply: "ticket \([0-9]*\):.*/\1/p' send*.out | sort -n | tr '\n' ' ')" \
    "$(seq -s ' ' 1 "$clients") "
  stop_cleanly "$SRV" server.log
}

# ---- 원자적 발행 --------------------------------------------------------------------------

@test "01-file: the server never reads a request that is still being written (temp file + rename)" {
  start_file_server
  # 요청의 절반을 임시 파일에 쓰고 스스로 SIGSTOP. 이 순간 spool에는 반쪽 파일이 있다.
  start_server slow.log "$EX/half_written_request" tmp hello
  local slow=$SERVER_PID
  wait_for_line slow.log '^half_written_request: wrote 3 of 6 bytes to \./demo\.spool/[0-9]+\.req\.tmp' "$slow"
  wait_until "writer $slow stopped" is_stopped "$slow"
  assert_equal "$(cat "demo.spool/$slow.req.tmp")" 'hel'
  # 동기화: 다른 요청 하나가 오가는 동안 server는 spool을 (반쪽 파일이 생긴 뒤에) 훑었다.
  run_timeout "$CH/client" send sync
  assert_success
  assert_line 'client: reply: "ticket 1: sync"'
  run grep -c "\"$slow\\.req" server.log
  assert_output 0 # 반쪽 파일에 대해서는 한 마디도 없다
  # 이어 가면: 나머지를 쓰고 rename한다. server가 보는 것은 온전한 한 줄이다.
  kill -CONT "$slow"
  wait_exit "$slow"
  assert_equal "$EXIT_STATUS" 0
  grep -q '^half_written_request: reply: "ticket 2: hello"$' slow.log || fail "$(cat slow.log)"
  stop_cleanly "$SRV" server.log
}

@test "01-file: written in place, a request is read half-written (half_written_request direct, the bug)" {
  start_file_server
  start_server direct.log "$EX/half_written_request" direct hello
  local direct=$SERVER_PID
  wait_for_line direct.log "^half_written_request: wrote 3 of 6 bytes to \./demo\.spool/$direct\.req;" "$direct"
  # server는 진짜 이름을 보자마자 읽는다: 줄바꿈이 없는 (또는 아직 빈) 요청이다.
  wait_for_line server.log "^server: \"$direct\\.req\" -> \"error: (empty file|incomplete \\(no newline at the end\\))\"\$" "$SRV"
  kill -CONT "$direct"
  wait_exit "$direct"
  assert_equal "$EXIT_STATUS" 1
  grep -qE '^half_written_request: reply: "error: (empty file|incomplete)' direct.log || fail "$(cat direct.log)"
  # server는 멀쩡하다
  run_timeout "$CH/client" send fine
  assert_success
  assert_line 'client: reply: "ticket 1: fine"'
  stop_cleanly "$SRV" server.log
}

@test "01-file: a request is published as open tmp, write, fsync, rename, fsync of the directory" {
  command -v strace >/dev/null || skip "strace is not installed"
  [ "${VALGRIND:-0}" != 1 ] || skip "strace and valgrind do not mix"
  start_file_server
  # LeakSanitizer (make SAN=1)은 ptrace 아래에서 돌지 않으므로 이 실행에서만 끈다
  run_timeout env ASAN_OPTIONS=detect_leaks=0 strace -o trace.txt -e trace=openat,write,fsync,rename,renameat,renameat2 "$CH/client" send traced
  assert_success
  local pid tmpfd dirfd
  pid=$(sed -n 's|^client: sent "traced" as \./demo\.spool/\([0-9]*\)\.req.*|\1|p' <<<"$output")
  dirfd=$(sed -n 's|^openat(AT_FDCWD, "\./demo\.spool", .*O_DIRECTORY.*) = \([0-9]*\)$|\1|p' trace.txt)
  # O_EXCL과 0600: 남의 파일에 쓰지 않고, 같은 사용자만 읽는다
  tmpfd=$(sed -n "s|^openat($dirfd, \"$pid\.req\.tmp\", O_WRONLY.*O_CREAT.*O_EXCL.*, 0600) = \([0-9]*\)\$|\1|p" trace.txt)
  [ -n "$dirfd" ] && [ -n "$tmpfd" ] || fail "no open of the temp file: $(cat trace.txt)"
  # 다섯 호출의 줄 번호가 이 순서여야 한다
  local a b c d e
  a=$(grep -n "^openat($dirfd, \"$pid\.req\.tmp\"" trace.txt | cut -d: -f1)
  b=$(grep -nE "^write\($tmpfd, \"traced\\\\n\", 7\) += 7\$" trace.txt | cut -d: -f1)
  c=$(grep -nE "^fsync\($tmpfd\) += 0\$" trace.txt | cut -d: -f1)
  d=$(grep -nE "^rename(at2?)?\(($dirfd, )?\"$pid\.req\.tmp\", ($dirfd, )?\"$pid\.req\".* += 0\$" trace.txt | cut -d: -f1)
  e=$(grep -nE "^fsync\($dirfd\) += 0\$" trace.txt | cut -d: -f1)
  [ -n "$a" ] && [ -n "$b" ] && [ -n "$c" ] && [ -n "$d" ] && [ -n "$e" ] || fail "missing call: $(cat trace.txt)"
  [ "$a" -lt "$b" ] && [ "$b" -lt "$c" ] && [ "$c" -lt "$d" ] && [ "$d" -lt "$e" ] ||
    fail "wrong order ($a $b $c $d $e): $(cat trace.txt)"
  stop_cleanly "$SRV" server.log
}

@test "01-file: rename fails across filesystems (EXDEV) and works within one directory" {
  [ -d /dev/shm ] || skip "no /dev/shm here"
  [ "$(stat -c %d /dev/shm)" != "$(stat -c %d .)" ] || skip "/dev/shm is on the same filesystem as $TEST_TMP here"
  local name=${IPC_NAME#/}
  run_timeout "$EX/rename_across_filesystems" /dev/shm "$name"
  assert_success
  assert_line --index 1 "rename_across_filesystems: rename /dev/shm/$name.tmp -> ./$name: Invalid cross-device link (EXDEV)"
  assert_line --index 2 "rename_across_filesystems: rename ./$name.tmp -> ./$name: ok (same directory)"
  assert [ ! -e "/dev/shm/$name.tmp" ]
  assert [ ! -e "$name" ]
}

# ---- 잠금 ---------------------------------------------------------------------------------

@test "01-file: the kernel releases a lock when its holder is killed with SIGKILL" {
  make_counter 5
  start_holder holder.log
  grep -q '^hold_lock: holding the write lock on ./demo.data (value 5)' holder.log
  # 정말 쥐고 있다: 커널의 잠금 표에 있고, 다른 프로세스의 F_SETLK는 실패한다.
  holds_lock "$HOLDER" || fail "$(cat /proc/locks)"
  run_timeout --separate-stderr "$EX/hold_lock" -n
  assert_failure 1
  assert_equal "$stderr" "hold_lock: ./demo.data is locked by pid $HOLDER; F_SETLK does not wait"
  kill -KILL "$HOLDER"
  wait_exit "$HOLDER"
  assert_equal "$EXIT_STATUS" 137
  # 정리 코드가 돌 틈이 없었는데도 커널이 잠금을 풀었다.
  ! holds_lock "$HOLDER" || fail "$(cat /proc/locks)"
  run_timeout "$CH/client" -t 1 inc
  assert_success
  assert_output 'client: added 1 to ./demo.data, one at a time; last value 6'
}

@test "01-file: F_SETLKW waits for the lock; F_SETLK does not (blocking vs non-blocking)" {
  make_counter 5
  start_holder holder.log
  start_server inc.log "$CH/client" -t 30 inc
  local waiter=$SERVER_PID
  # 기다리는 client는 커널의 잠금 표에 "->" 줄로 나타난다 (F_SETLKW에서 잠들었다).
  wait_until "client $waiter waiting in F_SETLKW" waits_for_lock "$waiter"
  run_timeout --separate-stderr "$EX/hold_lock" -n
  assert_failure 1
  assert_equal "$stderr" "hold_lock: ./demo.data is locked by pid $HOLDER; F_SETLK does not wait"
  alive "$waiter" || fail "the blocking client did not wait"
  assert_equal "$(cat demo.data)" 5
  stop_cleanly "$HOLDER" holder.log
  grep -q '^hold_lock: SIGTERM: released the lock on ./demo.data$' holder.log
  wait_exit "$waiter"
  assert_equal "$EXIT_STATUS" 0
  grep -q 'last value 6$' inc.log || fail "$(cat inc.log)"
}

@test "01-file: the lock is advisory: a process that does not ask for it is not stopped" {
  make_counter 5
  start_holder holder.log
  run_timeout "$EX/unlocked_increment"
  assert_success
  assert_output 'unlocked_increment: added 1 to ./demo.data without the lock; last value 6'
  # 잠금을 쥔 쪽이 "지켜" 주던 값이 그 사이에 바뀌었다. 잠금은 그대로 있다.
  assert_equal "$(cat demo.data)" 6
  holds_lock "$HOLDER" || fail "$(cat /proc/locks)"
  stop_cleanly "$HOLDER" holder.log
}

@test "01-file: closing any descriptor of the file drops the lock (lock_dropped_by_close)" {
  run_timeout "$EX/lock_dropped_by_close" ./locked
  assert_success
  local parent
  parent=$(sed -n 's/^lock_dropped_by_close: parent \([0-9]*\) locked .*/\1/p' <<<"$output")
  # 닫기 전: 다른 프로세스(자식)가 부모의 잠금을 본다. 닫은 뒤: 아무 잠금도 없다.
  assert_line --index 0 --regexp "^lock_dropped_by_close: parent $parent locked \./locked through fd [0-9]+\$"
  assert_line --index 1 "lock_dropped_by_close: child sees a write lock held by pid $parent"
  assert_line --index 2 --regexp '^lock_dropped_by_close: parent opened \./locked again as fd [0-9]+ and closed it$'
  assert_line --index 3 'lock_dropped_by_close: child sees no lock'
  assert [ ! -e locked ]
}

@test "01-file: a lock is not inherited by fork and does not conflict with its holder" {
  run_timeout "$EX/lock_not_inherited_by_fork" ./locked
  assert_success
  local parent
  parent=$(sed -n 's/^lock_not_inherited_by_fork: parent \([0-9]*\) locked .*/\1/p' <<<"$output")
  assert_line --index 1 'lock_not_inherited_by_fork: parent asks F_GETLK: no lock (a process does not conflict with itself)'
  assert_line --index 2 "lock_not_inherited_by_fork: child asks F_GETLK: write lock held by pid $parent"
  assert_line --index 3 'lock_not_inherited_by_fork: child tries F_SETLK: Resource temporarily unavailable'
  assert [ ! -e locked ]
}

@test "01-file: a client gives up waiting for a lock after -t seconds" {
  make_counter 5
  start_holder holder.log
  run_timeout --separate-stderr "$CH/client" -t 1 inc
  assert_failure 1
  assert_equal "$stderr" "client: ./demo.data is locked by pid $HOLDER; gave up after 1 s"
  assert_equal "$(cat demo.data)" 5
  stop_cleanly "$HOLDER" holder.log
}

@test "01-file: a server waiting in F_SETLKW still stops cleanly on SIGTERM (no SA_RESTART)" {
  start_file_server
  start_holder holder.log
  start_server send.log "$CH/client" -t 30 send blocked
  local sender=$SERVER_PID
  # server는 요청을 가져와 번호표를 뽑으려다 holder의 잠금 앞에서 잠들었다.
  wait_until "server $SRV waiting in F_SETLKW" waits_for_lock "$SRV"
  stop_server TERM "$SRV"
  assert_equal "$EXIT_STATUS" 0
  assert [ ! -e demo.spool ]
  wait_exit "$sender"
  assert_equal "$EXIT_STATUS" 1
  grep -q "^client: the server went away before it answered (server pid $SRV)$" send.log || fail "$(cat send.log)"
  stop_cleanly "$HOLDER" holder.log
}

# ---- 덧붙이기 ------------------------------------------------------------------------------

@test "01-file: seek-then-write loses a record; O_APPEND keeps both" {
  run_timeout "$EX/append_without_o_append" ./shared.log
  assert_success
  assert_line --index 0 'append_without_o_append: lseek(SEEK_END) + write: the file holds "parent\x0a" (the child'"'"'s line was overwritten)'
  assert_line --index 1 'append_without_o_append: O_APPEND: the file holds "child\x0aparent\x0a"'
  assert [ ! -e shared.log ]
}

@test "01-file: a record cut short by RLIMIT_FSIZE is reported, not continued" {
  not_under_coverage "its programs write .gcda files at exit, which RLIMIT_FSIZE stops"
  command -v prlimit >/dev/null || skip "prlimit (util-linux) is not installed"
  make_counter 5
  printf 'x%.0s' {1..100} >demo.log # 100바이트: 110바이트 한도까지 10바이트만 남았다
  # SIGXFSZ를 무시하면 (exec 너머로 이어진다) 한도를 넘는 write는 짧게 쓰이고, 다음은 EFBIG다
  run_timeout --separate-stderr bash -c 'trap "" XFSZ; exec prlimit --fsize=110 "$0" inc 3' "$CH/client"
  assert_failure 1
  [[ $stderr =~ ^client:\ write\ \./demo\.log:\ short\ write\ \(10\ of\ 1[0-9]\ bytes\):\ the\ record\ is\ cut$ ]] ||
    fail "$stderr"
  # 한 레코드의 앞 10바이트만 들어갔고, 나머지를 이어 쓰지 않았다 (남의 레코드가 끼어들 자리다)
  assert_equal "$(stat -c %s demo.log)" 110
  assert_equal "$(tail -c 10 demo.log)" '6 inc pid '
  assert_equal "$(cat demo.data)" 6
}

# ---- 카운터 -------------------------------------------------------------------------------

@test "01-file: the counter file is parsed strictly (digits, one newline, nothing else)" {
  local bad
  for bad in ' 42\n' '+42\n' '-1\n' '42\n\0junk' '42' '42\n\n' '\n' '4 2\n' '0x10\n' '99999999999999999999\n'; do
    printf '%b' "$bad" >demo.data
    cp demo.data before
    run_timeout --separate-stderr "$CH/client" inc
    assert_failure 1
    assert_equal "$stderr" 'client: ./demo.data: not a counter file (expected one decimal number and a newline)'
    cmp -s demo.data before || fail "the counter '$bad' was changed"
  done
  # 빈 파일은 0이다 (server가 막 만든 카운터)
  : >demo.data
  run_timeout "$CH/client" inc
  assert_output 'client: added 1 to ./demo.data, one at a time; last value 1'
  # server도 같은 규칙으로 읽고, 오류로 답한 뒤 계속 일한다
  printf '+42\n' >demo.data
  start_file_server
  run_timeout "$CH/client" send hi
  assert_failure 1
  assert_line 'client: reply: "error: not a counter file (expected one decimal number and a newline)"'
  printf '41\n' >demo.data
  run_timeout "$CH/client" send again
  assert_success
  assert_line 'client: reply: "ticket 42: again"'
  stop_cleanly "$SRV" server.log
  rm -f before
}

@test "01-file: the counter refuses to go past LONG_MAX" {
  printf '9223372036854775806\n' >demo.data
  run_timeout "$CH/client" inc
  assert_success
  assert_output 'client: added 1 to ./demo.data, one at a time; last value 9223372036854775807'
  run_timeout --separate-stderr "$CH/client" inc
  assert_failure 1
  assert_equal "$stderr" 'client: ./demo.data: the counter is at LONG_MAX and cannot go up'
  assert_equal "$(cat demo.data)" 9223372036854775807
  start_file_server
  run_timeout "$CH/client" send max
  assert_failure 1
  assert_line 'client: reply: "error: the counter is at LONG_MAX and cannot go up"'
  assert_equal "$(cat demo.data)" 9223372036854775807
  stop_cleanly "$SRV" server.log
}

# ---- 잘못된 입력 --------------------------------------------------------------------------

@test "01-file: --help prints usage on stdout and exits 0 (pair and experiments)" {
  local prog
  for prog in "$CH/server" "$CH/client" "$TOP"/01-file/experiments/*.c; do
    # 실험마다 소스(x.c)의 이름으로 $EX/x를 부른다 (VALGRIND=1이면 $EX는 감싼 스크립트의 디렉터리이고,
    # 커버리지 빌드의 .gcda 같은 다른 파일은 건너뛴다)
    case $prog in *.c) prog=$EX/$(basename "$prog" .c) ;; esac
    run_timeout --separate-stderr "$prog" --help
    assert_success
    [[ $output == usage:* ]] || fail "$prog --help: $output"
    assert_equal "$stderr" ''
  done
  run_timeout "$CH/server" -h
  assert_success
  assert_line --index 0 'usage: server [-s SPOOL] [-f DATA] [-i MS]'
  run_timeout "$CH/client" -h
  assert_success
  assert_line --index 0 'usage: client [-s SPOOL] [-t SECS] send TEXT'
}

@test "01-file: the server rejects bad arguments with a usage line and exit 2" {
  local args
  for args in '-x' '-i abc' '-i 0' '-i 10001' '-i 5x' 'extra' '-s'; do
    # shellcheck disable=SC2086  # args는 일부러 단어로 나눈다
    run_timeout --separate-stderr "$CH/server" $args
    assert_equal "$status" 2
    assert_equal "$output" ''
    [[ $stderr == *'usage: server'* ]] || fail "no usage for '$args': $stderr"
  done
  assert [ ! -e demo.spool ]
}

@test "01-file: the client rejects bad arguments with a usage line and exit 2" {
  local long
  long=$(printf 'x%.0s' {1..201})
  local -a cases=(
    ''             # 명령이 없다
    'frob'         # 모르는 명령
    'send'         # TEXT가 없다
    'send|a|b'     # 남는 인자
    'inc|abc'      # 숫자가 아니다
    'inc|0'        # 범위 밖
    'inc|1000001'  # 범위 밖
    'inc|1|2'      # 남는 인자
    '-t|0|inc'     # 범위 밖
    '-t|abc|inc'   # 숫자가 아니다
    '-x|inc'       # 모르는 옵션
    '-s'           # 값이 빠진 옵션
    "send|$long"   # 너무 긴 TEXT
    'send|'        # 빈 TEXT
    $'send|two\nlines'
    $'send|tab\there'
    $'send|caf\xc3\xa9' # ASCII가 아니다
  )
  local c
  for c in "${cases[@]}"; do
    local -a argv=()
    [ -z "$c" ] || IFS='|' read -r -d '' -a argv < <(printf '%s\0' "$c")
    [[ $c == *'|' ]] && argv+=('')
    run_timeout --separate-stderr "$CH/client" "${argv[@]}"
    assert_equal "$status" 2
    assert_equal "$output" ''
    [[ $stderr == *'usage: client'* ]] || fail "no usage for '${argv[*]}': $stderr"
  done
  run_timeout --separate-stderr "$CH/client" send "$long"
  [[ $stderr == 'client: TEXT: too long (more than 200 bytes)'$'\n''usage: client'* ]] || fail "$stderr"
}

@test "01-file: the experiments reject bad arguments with a usage line and exit 2" {
  local c
  local -a cases=(
    'half_written_request' 'half_written_request|sideways|x' 'half_written_request|tmp|'
    'half_written_request|tmp|a|b|c' 'hold_lock|-x' 'hold_lock|a|b' 'unlocked_increment|0'
    'unlocked_increment|1|a|b' 'rename_across_filesystems' 'rename_across_filesystems|-x'
    'lock_dropped_by_close|-x' 'lock_not_inherited_by_fork|a|b' 'append_without_o_append|-x'
  )
  for c in "${cases[@]}"; do
    local -a argv=()
    IFS='|' read -r -d '' -a argv < <(printf '%s\0' "$c")
    [[ $c == *'|' ]] && argv+=('')
    run_timeout --separate-stderr "$EX/${argv[0]}" "${argv[@]:1}"
    assert_equal "$status" 2
    [[ $stderr == usage:* ]] || fail "no usage for '${argv[*]}': $stderr"
  done
}

@test "01-file: a path that is too long gives a clear error and exit 1" {
  local long
  long=$(printf 'a%.0s' {1..300}) # 이름 한 조각은 255바이트까지
  run_timeout --separate-stderr "$CH/server" -s "$long"
  assert_failure 1
  [[ $stderr =~ ^server:\ mkdir\ a+\.[0-9]+\.tmp:\ File\ name\ too\ long$ ]] || fail "$stderr"
  run_timeout --separate-stderr "$CH/server" -f "$long"
  assert_failure 1
  assert_equal "$stderr" "server: open $long: File name too long"
  run_timeout --separate-stderr "$CH/client" -s "$long" send hi
  assert_failure 1
  assert_equal "$stderr" "client: open $long: File name too long"
  run_timeout --separate-stderr "$CH/client" -f "$long" inc
  assert_failure 1
  assert_equal "$stderr" "client: open $long: File name too long"
}

@test "01-file: a path of the wrong kind gives a clear error and exit 1" {
  mkdir adir
  echo 'not a number' >text
  mkfifo fifo
  run_timeout --separate-stderr "$CH/server" -f adir
  assert_failure 1
  assert_equal "$stderr" 'server: open adir: Is a directory'
  run_timeout --separate-stderr "$CH/server" -f fifo
  assert_failure 1
  assert_equal "$stderr" 'server: fifo: not a regular file'
  run_timeout --separate-stderr "$CH/server" -s text
  assert_failure 1
  assert_equal "$stderr" 'server: text exists and is not a spool (no server.lock); move it away or choose another -s'
  assert_equal "$(cat text)" 'not a number' # 손대지 않았다
  run_timeout --separate-stderr "$CH/client" -s text send hi
  assert_failure 1
  assert_equal "$stderr" 'client: open text: Not a directory'
  run_timeout --separate-stderr "$CH/client" -f adir inc
  assert_failure 1
  assert_equal "$stderr" 'client: open adir: Is a directory'
  run_timeout --separate-stderr "$CH/client" -f fifo inc
  assert_failure 1
  assert_equal "$stderr" 'client: fifo: not a regular file'
  run_timeout --separate-stderr "$CH/client" -f text inc
  assert_failure 1
  assert_equal "$stderr" 'client: text: not a counter file (expected one decimal number and a newline)'
  make_counter 5
  run_timeout --separate-stderr "$CH/client" -l adir inc
  assert_failure 1
  assert_equal "$stderr" 'client: open adir: Is a directory'
  assert_equal "$(cat demo.data)" 5 # 기록을 열지 못하면 카운터도 건드리지 않는다
  rm fifo
}

@test "01-file: a client whose server is not running says so and exits 1" {
  run_timeout --separate-stderr "$CH/client" send hello
  assert_failure 1
  assert_equal "$stderr" 'client: ./demo.spool: No such file or directory (is the server running?)'
  run_timeout --separate-stderr "$CH/client" inc
  assert_failure 1
  assert_equal "$stderr" 'client: ./demo.data: No such file or directory (./server creates it)'
  mkdir demo.spool
  run_timeout --separate-stderr "$CH/client" send hello
  assert_failure 1
  assert_equal "$stderr" 'client: ./demo.spool: has no server.lock; it is not a spool (is the server running?)'
}

@test "01-file: the server answers garbage requests with errors and keeps serving" {
  start_file_server
  local sp=demo.spool long
  long=$(printf 'y%.0s' {1..300})
  publish g1.req "$long\n"
  publish g2.req 'no newline'
  publish g3.req ''
  publish g4.req 'nul\0byte\n'
  publish g5.req 'two\nlines\n'
  publish g6.req 'bell\a\n'
  mkfifo "$sp/g7.req"
  mkdir "$sp/g8.req"
  ln -s /etc/passwd "$sp/g9.req"
  : >"$sp/$(printf 'z%.0s' {1..70}).req"
  mkdir "$sp/$(printf 'd%.0s' {1..70}).req" # 이름이 긴 디렉터리: unlink가 아니라 rmdir로 지워야 한다
  local i
  for i in 1 2 3 4 5 6 7 8 9; do
    wait_until "reply g$i.rep" exists "$sp/g$i.rep"
  done
  assert_equal "$(cat $sp/g1.rep)" 'error: too long'
  assert_equal "$(cat $sp/g2.rep)" 'error: incomplete (no newline at the end)'
  assert_equal "$(cat $sp/g3.rep)" 'error: empty file'
  assert_equal "$(cat $sp/g4.rep)" 'error: a NUL byte in the line'
  assert_equal "$(cat $sp/g5.rep)" 'error: more than one line'
  assert_equal "$(cat $sp/g6.rep)" 'error: not printable ASCII (control character or non-ASCII byte)'
  assert_equal "$(cat $sp/g7.rep)" 'error: not a regular file'
  assert_equal "$(cat $sp/g8.rep)" 'error: not a regular file'
  assert_equal "$(cat $sp/g9.rep)" 'error: a symbolic link'
  wait_for_line server.log '^server: "z{70}\.req" -> "error: bad request name \(no reply\)"$' "$SRV"
  wait_for_line server.log '^server: "d{70}\.req" -> "error: bad request name \(no reply\)"$' "$SRV"
  # 요청은 모두 가져갔다 (FIFO, 디렉터리, 링크까지)
  run ls "$sp"
  refute_output --partial '.req'
  # 좋은 client는 여전히 답을 받고, 번호표는 쓰레기에 쓰이지 않았다
  run_timeout "$CH/client" send good
  assert_success
  assert_line 'client: reply: "ticket 1: good"'
  alive "$SRV"
  # 아무도 가져가지 않은 응답들은 server가 끝날 때 치운다
  stop_cleanly "$SRV" server.log
  assert [ ! -e "$sp" ]
}

@test "01-file: names from a foreign publisher are checked strictly and printed escaped" {
  command -v python3 >/dev/null || skip "python3 is not installed"
  start_file_server
  # python3이 client 노릇을 한다: 임시 이름에 쓰고 os.rename으로 발행한다. 이름에 줄바꿈, ESC, UTF-8.
  python3 - <<'EOF'
import os
for name in ["x\ny", "\x1b[31mred", "caf\u00e9", "py-1_ok"]:
    tmp = os.path.join("demo.spool", name + ".req.tmp")
    with open(tmp, "w") as f:
        f.write("from python\n")
    os.rename(tmp, os.path.join("demo.spool", name + ".req"))
EOF
  wait_until "reply py-1_ok.rep" exists demo.spool/py-1_ok.rep
  assert_equal "$(cat demo.spool/py-1_ok.rep)" 'ticket 1: from python'
  wait_for_line server.log '^server: "x\\x0ay\.req" -> "error: bad request name \(no reply\)"$' "$SRV"
  wait_for_line server.log '^server: "\\x1b\[31mred\.req" -> "error: bad request name \(no reply\)"$' "$SRV"
  wait_for_line server.log '^server: "caf\\xc3\\xa9\.req" -> "error: bad request name \(no reply\)"$' "$SRV"
  # 한 요청은 한 줄이다: 줄바꿈도 ESC도 로그와 터미널에 그대로 나가지 않았다
  assert_equal "$(grep -c $'\e' server.log)" 0
  assert_equal "$(grep -c '^y\.req' server.log)" 0
  # 이름이 틀린 요청은 지웠고, 그 이름으로 된 응답은 만들지 않았다
  assert_equal "$(ls -A demo.spool | sort | tr '\n' ' ')" 'py-1_ok.rep server.lock '
  stop_cleanly "$SRV" server.log
}

# ---- 권한 ---------------------------------------------------------------------------------

@test "01-file: created files have the promised modes, whatever the umask" {
  umask 000
  start_file_server
  assert_equal "$(stat -c %a demo.spool)" 700
  assert_equal "$(stat -c %a demo.spool/server.lock)" 600
  assert_equal "$(stat -c %a demo.data)" 600
  run_timeout "$CH/client" inc
  assert_success
  assert_equal "$(stat -c %a demo.log)" 600
  # 응답 (손으로 놓은 요청이라 아무도 가져가지 않는다)
  publish m.req 'x\n'
  wait_until "reply m.rep" exists demo.spool/m.rep
  assert_equal "$(stat -c %a demo.spool/m.rep)" 600
  stop_cleanly "$SRV" server.log
}

@test "01-file: another user can use neither the spool nor the counter (runs as nobody)" {
  need_other_user
  local client
  client=$(nobody_bin 01-file client)
  start_file_server
  # nobody는 TEST_TMP에 들어올 수는 있다 (nobody_bin이 711로 연다). 막는 것은 spool의 0700과
  # 카운터의 0600이다.
  run_timeout --separate-stderr "${NOBODY[@]}" "$client" send hello
  assert_failure 1
  assert_equal "$stderr" 'client: open ./demo.spool: Permission denied'
  run_timeout --separate-stderr "${NOBODY[@]}" "$client" inc
  assert_failure 1
  assert_equal "$stderr" 'client: open ./demo.data: Permission denied'
  run_timeout "$CH/client" send hello
  assert_success
  assert_line 'client: reply: "ticket 1: hello"'
  stop_cleanly "$SRV" server.log
}

# ---- 고장 ---------------------------------------------------------------------------------

@test "01-file: a client notices a server SIGKILLed mid-conversation and exits 1" {
  start_file_server
  start_holder holder.log
  # 시간 제한은 넉넉히 (30 s): client가 실패하는 까닭이 시간 제한이 아니라 server의 죽음이어야 한다
  start_server send.log "$CH/client" -t 30 send hello
  local sender=$SERVER_PID
  wait_until "server $SRV waiting in F_SETLKW" waits_for_lock "$SRV"
  kill -KILL "$SRV"
  wait_exit "$SRV"
  assert_equal "$EXIT_STATUS" 137
  wait_exit "$sender"
  assert_equal "$EXIT_STATUS" 1
  grep -q "^client: the server went away before it answered (server pid $SRV)$" send.log || fail "$(cat send.log)"
  stop_cleanly "$HOLDER" holder.log
  # SIGKILL은 정리할 틈을 주지 않는다: spool이 남았다 (다음 테스트가 그것을 다룬다)
  assert [ -e demo.spool/server.lock ]
  rm -r demo.spool
}

@test "01-file: a stale spool left by a SIGKILLed server is reported with the fix" {
  start_file_server
  printf 'old\n' >demo.spool/old.req.tmp # 죽은 client가 남긴 것
  kill -KILL "$SRV"
  wait_exit "$SRV"
  run_timeout --separate-stderr "$CH/client" send hello
  assert_failure 1
  assert_equal "$stderr" 'client: ./demo.spool: no server holds its lock: the server is not running (a stale spool)'
  run_timeout --separate-stderr "$CH/server"
  assert_failure 1
  assert_equal "$stderr" 'server: ./demo.spool was left by a server that died; remove it: rm -r ./demo.spool'
  assert [ -e demo.spool/old.req.tmp ] # 무엇인지 모르는 것은 지우지 않았다
  # 메시지가 말한 대로 하면 다시 된다
  rm -r ./demo.spool
  start_file_server
  run_timeout "$CH/client" send hello
  assert_success
  assert_line 'client: reply: "ticket 1: hello"'
  stop_cleanly "$SRV" server.log
  assert_equal "$(ls -A)" 'demo.data
server.log'
}

@test "01-file: a second server on the same spool is refused; the first keeps serving" {
  start_file_server
  run_timeout --separate-stderr "$CH/server"
  assert_failure 1
  assert_equal "$stderr" "server: ./demo.spool is in use by server pid $SRV"
  assert [ -e demo.spool/server.lock ]
  run_timeout "$CH/client" send still-here
  assert_success
  assert_line 'client: reply: "ticket 1: still-here"'
  stop_cleanly "$SRV" server.log
  assert_equal "$(ls -A)" 'demo.data
server.log' # 진 server는 임시 spool을 남기지 않았다
}

@test "01-file: of two servers started at once exactly one wins, and the loser names the winner" {
  local rounds round a b winner loser
  rounds=$(count_for 20)
  for ((round = 1; round <= rounds; round++)); do
    mkfifo go
    # 두 server를 같은 순간에 풀어 준다: 둘 다 FIFO를 읽으며 기다리다가, 쓰는 쪽이 닫으면 EOF를 받는다
    exec 5<>go # 쓰는 쪽을 먼저 열어 두면 읽는 쪽의 open은 곧바로 돌아온다 (리눅스의 O_RDWR FIFO)
    # (fd 5는 자식에게서 닫는다: 자식이 쓰는 쪽을 쥐고 있으면 EOF가 오지 않는다)
    start_server a.log bash -c 'exec 5>&-; read -r _ <go; exec "$0" -i 10' "$CH/server"
    a=$SERVER_PID
    start_server b.log bash -c 'exec 5>&-; read -r _ <go; exec "$0" -i 10' "$CH/server"
    b=$SERVER_PID
    wait_until "both servers waiting on the FIFO" eval 'has_fd_to "$a" go && has_fd_to "$b" go'
    exec 5>&-
    wait_until "one server gone" eval '! alive "$a" || ! alive "$b"'
    if alive "$a"; then winner=$a loser=$b; else winner=$b loser=$a; fi
    wait_exit "$loser"
    assert_equal "$EXIT_STATUS" 1
    grep -qx "server: ./demo.spool is in use by server pid $winner" a.log b.log ||
      fail "round $round: $(cat a.log b.log)"
    wait_for_line "$( [ "$winner" = "$a" ] && echo a.log || echo b.log)" '^server: ready on ' "$winner"
    rm go # 둘 다 FIFO를 지나갔다 (teardown은 남은 FIFO를 실패로 본다)
    stop_cleanly "$winner" a.log
    assert [ ! -e demo.spool ]
  done
  assert_equal "$(ls -A | tr '\n' ' ')" 'a.log b.log demo.data ' # 진 쪽도 임시 spool을 남기지 않았다
}

@test "01-file: a directory the server did not make is left alone" {
  mkdir demo.spool
  echo precious >demo.spool/keep
  run_timeout --separate-stderr "$CH/server"
  assert_failure 1
  assert_equal "$stderr" 'server: ./demo.spool exists and is not a spool (no server.lock); move it away or choose another -s'
  assert_equal "$(cat demo.spool/keep)" precious
  assert_equal "$(ls -A demo.spool)" keep
}

@test "01-file: a client killed while writing its request does not disturb the server" {
  start_file_server
  start_server slow.log "$EX/half_written_request" tmp hello
  local slow=$SERVER_PID
  wait_until "writer $slow stopped" is_stopped "$slow"
  kill -KILL "$slow"
  wait_exit "$slow"
  assert_equal "$EXIT_STATUS" 137
  assert [ -e "demo.spool/$slow.req.tmp" ] # 반쪽 임시 파일이 남았다
  run_timeout "$CH/client" send next
  assert_success
  assert_line 'client: reply: "ticket 1: next"'
  # server가 끝나며 그것까지 치운다
  stop_cleanly "$SRV" server.log
  assert [ ! -e demo.spool ]
}

# ---- 정리 ---------------------------------------------------------------------------------

@test "01-file: SIGINT, SIGTERM and SIGHUP stop the server: spool removed, counter stays" {
  local sig
  for sig in INT TERM HUP; do
    start_file_server
    run_timeout "$CH/client" send "before $sig"
    assert_success
    publish u.req 'x\n' # 응답을 아무도 가져가지 않을 요청
    wait_until "reply u.rep" exists demo.spool/u.rep
    stop_cleanly "$SRV" server.log "$sig"
    grep -q "^server: SIG$sig: removed ./demo.spool; ./demo.data stays\$" server.log || fail "$(cat server.log)"
    assert [ ! -e demo.spool ]
    assert_equal "$(ls -A | tr '\n' ' ')" 'demo.data server.log '
  done
  assert_equal "$(cat demo.data)" 6
}

@test "01-file: SIGINT, SIGTERM and SIGHUP make hold_lock let go of the lock and exit 0" {
  make_counter 5
  local sig
  for sig in INT TERM HUP; do
    start_holder holder.log
    stop_cleanly "$HOLDER" holder.log "$sig"
    grep -q "^hold_lock: SIG$sig: released the lock on ./demo.data\$" holder.log || fail "$(cat holder.log)"
    ! holds_lock "$HOLDER" || fail "$(cat /proc/locks)"
  done
  # 쥔 것을 기다리던 hold_lock도 시그널에 깨어 (SA_RESTART 없음) 0으로 끝난다
  start_holder holder.log
  start_server waiter.log "$EX/hold_lock"
  local waiter=$SERVER_PID
  wait_until "hold_lock $waiter waiting in F_SETLKW" waits_for_lock "$waiter"
  stop_server TERM "$waiter"
  assert_equal "$EXIT_STATUS" 0
  grep -q '^hold_lock: SIGTERM: stopped waiting for the lock on ./demo.data$' waiter.log || fail "$(cat waiter.log)"
  stop_cleanly "$HOLDER" holder.log
}

@test "01-file: a sender waiting for its reply withdraws the request on SIGINT, SIGTERM and SIGHUP" {
  local sig
  start_file_server
  # 멈춘(SIGSTOP) server는 spool을 읽지 않지만 잠금은 그대로 쥐고 있다: client는 살아 있는
  # server를 보고 요청을 놓은 뒤 답을 기다린다. 요청은 가져가지 않은 채 남는다.
  kill -STOP "$SRV"
  wait_until "server $SRV stopped" is_stopped "$SRV"
  for sig in INT TERM HUP; do
    start_server send.log "$CH/client" send waiting
    local sender=$SERVER_PID
    wait_for_line send.log '^client: sent "waiting"' "$sender"
    assert [ -e "demo.spool/$sender.req" ]
    stop_server "$sig" "$sender"
    # 답을 받지 못했으니 실패(1)다. 그래도 자기가 놓은 요청은 거두고 끝난다.
    assert_equal "$EXIT_STATUS" 1
    grep -q "^client: stopped by a signal; withdrew the request; no reply (server pid $SRV)\$" send.log ||
      fail "$(cat send.log)"
    assert [ ! -e "demo.spool/$sender.req" ]
  done
  assert_equal "$(ls -A demo.spool)" 'server.lock'
  kill -CONT "$SRV"
  stop_cleanly "$SRV" server.log
}
