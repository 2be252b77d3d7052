#!/usr/bin/env bats
# tests/01-file.bats: 디스크 위의 파일로 하는 IPC (spool 폴더 + rename, fcntl 잠금, O_APPEND)
#
# 무엇을 시험하는가 (한 줄이 테스트 하나):
# | 종류        | 경우                                                          | 기대                                        |
# |-------------|---------------------------------------------------------------|---------------------------------------------|
# | 대화        | send 한 번                                                    | ticket 1, 기록 한 줄, spool 엔 server.lock 만 |
# | 지속성      | server 를 두 번 띄움                                          | 카운터와 기록이 이어진다, spool 은 사라진다 |
# | 동시성      | client 20개 × 100번 잠금 증가                                 | 정확히 2000, 기록 2000줄, 값 1..2000 한 번씩 |
# | 동시성      | send 10개 동시에                                              | 번호표 1..10 이 하나씩                      |
# | 원자적 발행 | 반쯤 쓴 임시 파일에서 멈춘 client (-H)                        | server 는 그것을 읽지 않는다, 이어 가면 온전 |
# | 원자적 발행 | (버그 -U) 진짜 이름에 바로 쓰다 멈춤                          | server 가 반쪽을 읽고 오류로 답한다         |
# | 원자적 발행 | 시스템 호출 순서 (strace)                                     | open tmp → write → fsync → rename → fsync 폴더 |
# | 원자적 발행 | 다른 파일 시스템(/dev/shm)에서 rename                         | EXDEV                                       |
# | 잠금        | 잠금을 쥔 client 를 SIGKILL                                   | 커널이 잠금을 푼다, 다음 client 가 들어간다 |
# | 잠금 (#5)   | F_SETLKW 와 F_SETLK (-n)                                      | 기다린다(/proc/locks 의 ->) / 바로 실패     |
# | 잠금        | 권고 잠금: 묻지 않는 client (-u)                              | 막히지 않고 값을 바꾼다                     |
# | 잠금        | (버그 -B) 다른 fd 를 열고 닫음                                | 잠금이 풀려 다른 client 가 들어간다         |
# | 잠금        | -t 시간 안에 잠금이 안 풀림                                   | 알리고 1                                    |
# | 잠금        | F_SETLKW 에서 기다리는 server 에 SIGTERM                      | EINTR 로 깨어 깨끗이 끝난다 (0)             |
# | 잘못된 입력 | --help, 모르는 옵션, 숫자 아님, 범위 밖, 남는/빠진 인자       | 사용법을 stderr 에, 상태 2 (0 for help)      |
# | 잘못된 입력 | 너무 긴 경로                                                  | File name too long, 1                       |
# | 잘못된 입력 | 폴더/일반 파일/FIFO/카운터 아닌 파일을 잘못된 자리에          | 분명한 메시지, 1                            |
# | 잘못된 입력 | server 가 없다 (spool 없음, 데이터 파일 없음)                 | 분명한 메시지, 1                            |
# | 잘못된 입력 | 쓰레기 요청: 너무 긴, 줄바꿈 없는, 빈, NUL, 두 줄, 제어 문자, FIFO, 폴더, 링크, 긴 이름(파일, 폴더) | 오류 응답, server 는 계속 일한다 |
# | 권한        | 만든 것의 모드 (umask 000 에서도)                             | spool 700, 나머지 600                       |
# | 권한        | 다른 사용자 (nobody)                                          | Permission denied, 1; server 는 계속         |
# | 고장        | 대화 중 server 가 SIGKILL                                     | client 가 알아채고 1 (시간 제한 전에)        |
# | 고장        | SIGKILL 된 server 가 남긴 spool                               | client 가 알리고, 다음 server 가 물려받는다 |
# | 고장        | 같은 spool 에 server 두 번째                                  | 거절, 첫 server 는 그대로                   |
# | 고장        | server 가 만들지 않은 폴더                                    | 건드리지 않고 설명하며 1                    |
# | 고장        | 요청을 쓰다 SIGKILL 된 client                                 | server 는 계속, 찌꺼기는 끝날 때 치운다     |
# | 정리        | server 에 SIGINT/SIGTERM                                      | 0, spool 사라짐, 카운터와 기록은 남음       |
# | 정리        | hold 에 SIGINT/SIGTERM                                        | 0, 잠금 풀림                                |
# | 정리        | 응답을 기다리는 send 에 SIGINT/SIGTERM                        | 요청을 거두고 1 (답을 못 받았으므로)        |

# shellcheck disable=SC2154  # stderr 는 bats 의 run --separate-stderr 가 채운다
load test_helper

CH=$(chapter_dir 01-file)

# ---- 이 파일의 도우미 ----------------------------------------------------------------------

# start_file_server: server 를 (10 ms 간격으로 폴링하게) 띄우고 준비 줄을 기다린다. PID 는 SRV 에.
start_file_server() {
  start_server server.log "$CH/server" -i 10
  SRV=$SERVER_PID
  wait_for_line server.log '^server: ready on \./demo\.spool \(pid [0-9]+\)$' "$SRV"
}

# start_holder 로그 [client 옵션...]: 잠금을 쥔 client 를 띄우고 "holding" 줄을 기다린다 → HOLDER
start_holder() {
  local log=$1
  shift
  start_server "$log" "$CH/client" "$@" hold
  HOLDER=$SERVER_PID
  wait_for_line "$log" '^client: holding the lock on ' "$HOLDER"
}

# stop_cleanly PID 로그 [시그널]: 시그널을 보내고, 0 으로 끝났는지, 남은 것이 없는지 본다
stop_cleanly() {
  SERVER_PID=$1
  # shellcheck disable=SC2034  # test_helper 의 stop_server_cleanly 가 읽는다
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

# /proc/locks 의 한 줄: "1: POSIX  ADVISORY  WRITE 1234 fe:00:5678 0 EOF" (쥔 것),
# 기다리는 요청은 "1: -> POSIX  ADVISORY  WRITE 1235 ..." 처럼 -> 가 붙는다.
holds_lock() { grep -qE "^[0-9]+: POSIX +ADVISORY +WRITE +$1 " /proc/locks; }
waits_for_lock() { grep -qE "^[0-9]+: -> POSIX +ADVISORY +WRITE +$1 " /proc/locks; }
is_stopped() { [ "$(proc_state "$1")" = T ]; }
exists() { [ -e "$1" ]; }

# server 없이 잠금만 시험할 때: server 가 만들었을 법한 카운터와 기록을 직접 만든다
make_shared_files() {
  printf '%s\n' "${1:-5}" >demo.data
  : >demo.log
}

# ---- 대화 ---------------------------------------------------------------------------------

@test "01-file: a request and its reply travel as files through the spool (round trip)" {
  start_file_server
  run_timeout --separate-stderr "$CH/client" send 'hello, file'
  assert_success
  assert_equal "$stderr" ''
  assert_line --index 0 --regexp "^client: sent \"hello, file\" as \./demo\.spool/[0-9]+\.req to server pid $SRV\$"
  assert_line --index 1 'client: reply: ticket 1: hello, file'
  grep -qE '^server: [0-9]+\.req "hello, file" -> ticket 1$' server.log || fail "$(cat server.log)"
  # 요청은 server 가, 응답은 client 가 가져갔다: spool 에는 생존 표시 잠금 파일만 남는다.
  assert_equal "$(ls -A demo.spool)" 'server.lock'
  assert_equal "$(cat demo.data)" 1
  run grep -cE '^1 ticket [0-9]+ hello, file$' demo.log
  assert_output 1
  stop_cleanly "$SRV" server.log
  assert [ ! -e demo.spool ]
}

@test "01-file: the counter and the log outlive the processes" {
  start_file_server
  run_timeout "$CH/client" send first
  assert_success
  stop_cleanly "$SRV" server.log
  assert_line --partial 'ticket 1: first'
  # 프로세스는 모두 끝났다. spool 은 server 가 지웠고, 데이터는 디스크에 남았다.
  assert [ ! -e demo.spool ]
  assert_equal "$(cat demo.data)" 1
  grep -q 'server: SIGTERM: removed ./demo.spool; ./demo.data and ./demo.log stay' server.log

  start_file_server
  grep -q '^server: ./demo.data holds 1; records go to ./demo.log$' server.log || fail "$(cat server.log)"
  run_timeout "$CH/client" send second
  assert_success
  assert_line 'client: reply: ticket 2: second'
  stop_cleanly "$SRV" server.log
  assert_equal "$(wc -l <demo.log)" 2
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
  # O_APPEND + 레코드당 write 한 번: 줄은 모두 온전하고, 값 1..total 이 한 번씩 나온다.
  assert_equal "$(wc -l <demo.log)" "$total"
  assert_equal "$(grep -cvE '^[0-9]+ inc pid [0-9]+$' demo.log)" 0
  assert_equal "$(cut -d' ' -f1 demo.log | sort -n | uniq | wc -l)" "$total"
  assert_equal "$(cut -d' ' -f1 demo.log | sort -n | head -n 1)" 1
  assert_equal "$(cut -d' ' -f1 demo.log | sort -n | tail -n 1)" "$total"
  # server 도 같은 잠금을 쓰므로 다음 번호표는 total + 1 이다.
  run_timeout "$CH/client" send after
  assert_success
  assert_line "client: reply: ticket $((total + 1)): after"
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
    grep -qE "^client: reply: ticket [0-9]+: msg $i\$" "send$i.out" || fail "send$i: $(cat "send$i.out")"
  done
  assert_equal "$(sed -n 's/^client: reply: ticket \([0-9]*\):.*/\1/p' send*.out | sort -n | tr '\n' ' ')" \
    "$(seq -s ' ' 1 "$clients") "
  stop_cleanly "$SRV" server.log
}

# ---- 원자적 발행 --------------------------------------------------------------------------

@test "01-file: the server never reads a request that is still being written (temp file + rename)" {
  start_file_server
  # -H: 요청의 절반을 임시 파일에 쓰고 스스로 SIGSTOP. 이 순간 spool 에는 반쪽 파일이 있다.
  start_server slow.log "$CH/client" -H send hello
  local slow=$SERVER_PID
  wait_for_line slow.log '^client: -H: wrote 3 of 6 bytes to \./demo\.spool/[0-9]+\.req\.tmp' "$slow"
  wait_until "client $slow stopped" is_stopped "$slow"
  assert_equal "$(cat "demo.spool/$slow.req.tmp")" 'hel'
  # 동기화: 다른 요청 하나가 오가는 동안 server 는 폴더를 (반쪽 파일이 생긴 뒤에) 훑었다.
  run_timeout "$CH/client" send sync
  assert_success
  assert_line 'client: reply: ticket 1: sync'
  run grep -c "^server: $slow\.req" server.log
  assert_output 0 # 반쪽 파일에 대해서는 한 마디도 없다
  # 이어 가면: 나머지를 쓰고 rename 한다. server 가 보는 것은 온전한 한 줄이다.
  kill -CONT "$slow"
  wait_exit "$slow"
  assert_equal "$EXIT_STATUS" 0
  grep -q '^client: reply: ticket 2: hello$' slow.log || fail "$(cat slow.log)"
  stop_cleanly "$SRV" server.log
}

@test "01-file: without temp file and rename the server reads half a request (-U, the bug)" {
  start_file_server
  start_server unsafe.log "$CH/client" -U -H send hello
  local unsafe=$SERVER_PID
  wait_for_line unsafe.log "^client: -H: wrote 3 of 6 bytes to \./demo\.spool/$unsafe\.req;" "$unsafe"
  # server 는 진짜 이름을 보자마자 읽는다: 줄바꿈이 없는(또는 아직 빈) 요청이다.
  wait_for_line server.log "^server: $unsafe\.req: bad request: (empty|incomplete) request" "$SRV"
  kill -CONT "$unsafe"
  wait_exit "$unsafe"
  assert_equal "$EXIT_STATUS" 1
  grep -qE '^client: reply: error: (empty|incomplete) request' unsafe.log || fail "$(cat unsafe.log)"
  # server 는 멀쩡하다
  run_timeout "$CH/client" send fine
  assert_success
  assert_line 'client: reply: ticket 1: fine'
  stop_cleanly "$SRV" server.log
}

@test "01-file: a request is published as open tmp, write, fsync, rename, fsync of the directory" {
  command -v strace >/dev/null || skip "strace is not installed"
  [ "${VALGRIND:-0}" != 1 ] || skip "strace and valgrind do not mix"
  start_file_server
  # LeakSanitizer (make SAN=1) 은 ptrace 아래에서 돌지 않으므로 이 실행에서만 끈다
  run_timeout env ASAN_OPTIONS=detect_leaks=0 strace -o trace.txt -e trace=openat,write,fsync,rename,renameat,renameat2 "$CH/client" send traced
  assert_success
  local pid tmpfd dirfd
  pid=$(sed -n 's|^client: sent "traced" as \./demo\.spool/\([0-9]*\)\.req.*|\1|p' <<<"$output")
  dirfd=$(sed -n 's|^openat(AT_FDCWD, "\./demo\.spool", .*O_DIRECTORY.*) = \([0-9]*\)$|\1|p' trace.txt)
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

@test "01-file: rename works only within one filesystem (EXDEV from /dev/shm)" {
  command -v python3 >/dev/null || skip "python3 is not installed"
  local tmp="/dev/shm/${IPC_NAME#/}.tmp"
  [ "$(stat -c %d /dev/shm)" != "$(stat -c %d .)" ] || skip "/dev/shm is on the same filesystem here"
  echo data >"$tmp"
  run python3 -c 'import os, sys; os.rename(sys.argv[1], sys.argv[2])' "$tmp" ./moved
  rm -f "$tmp"
  assert_failure
  assert_output --partial 'Invalid cross-device link'
  assert [ ! -e moved ]
}

# ---- 잠금 ---------------------------------------------------------------------------------

@test "01-file: the kernel releases a lock when its holder is killed with SIGKILL" {
  make_shared_files 5
  start_holder holder.log
  grep -q '^client: holding the lock on ./demo.data (value 5)' holder.log
  # 정말 쥐고 있다: 커널의 잠금 표에 있고, 다른 client 는 들어가지 못한다.
  holds_lock "$HOLDER" || fail "$(cat /proc/locks)"
  run_timeout --separate-stderr "$CH/client" -n inc
  assert_failure 1
  assert_equal "$stderr" "client: ./demo.data is locked by pid $HOLDER"
  kill -KILL "$HOLDER"
  wait_exit "$HOLDER"
  assert_equal "$EXIT_STATUS" 137
  # 정리 코드가 돌 틈이 없었는데도 커널이 잠금을 풀었다.
  run_timeout "$CH/client" -n inc
  assert_success
  assert_output 'client: added 1 to ./demo.data, one at a time; last value 6'
}

@test "01-file: F_SETLKW waits for the lock; F_SETLK (-n) does not (blocking vs non-blocking)" {
  make_shared_files 5
  start_holder holder.log
  start_server inc.log "$CH/client" inc
  local waiter=$SERVER_PID
  # 기다리는 client 는 커널의 잠금 표에 "->" 줄로 나타난다 (F_SETLKW 에서 잠들었다).
  wait_until "client $waiter waiting in F_SETLKW" waits_for_lock "$waiter"
  run_timeout --separate-stderr "$CH/client" -n inc
  assert_failure 1
  assert_equal "$stderr" "client: ./demo.data is locked by pid $HOLDER"
  alive "$waiter" || fail "the blocking client did not wait"
  assert_equal "$(cat demo.data)" 5
  stop_cleanly "$HOLDER" holder.log
  grep -q '^client: SIGTERM: released the lock on ./demo.data$' holder.log
  wait_exit "$waiter"
  assert_equal "$EXIT_STATUS" 0
  grep -q 'last value 6$' inc.log || fail "$(cat inc.log)"
}

@test "01-file: the lock is advisory: a client that does not ask for it is not stopped (-u)" {
  make_shared_files 5
  start_holder holder.log
  run_timeout "$CH/client" -u inc
  assert_success
  assert_line 'client: -u: NOT locking ./demo.data; increments can be lost'
  assert_line 'client: added 1 to ./demo.data, one at a time; last value 6'
  # 잠금을 쥔 쪽이 "지켜" 주던 값이 그 사이에 바뀌었다. 잠금은 그대로 있다.
  assert_equal "$(cat demo.data)" 6
  holds_lock "$HOLDER" || fail "$(cat /proc/locks)"
  stop_cleanly "$HOLDER" holder.log
}

@test "01-file: closing any descriptor of the file drops the lock (-B, the bug)" {
  make_shared_files 5
  start_holder holder.log -B
  # holder 는 쥐고 있다고 믿지만, 값을 읽으려고 열고 닫은 두 번째 fd 의 close 가 잠금을 풀었다.
  holds_lock "$HOLDER" && fail "the -B holder still has its lock: $(cat /proc/locks)"
  run_timeout "$CH/client" -n inc
  assert_success
  assert_output --partial 'last value 6'
  stop_cleanly "$HOLDER" holder.log
}

@test "01-file: a client gives up waiting for a lock after -t seconds" {
  make_shared_files 5
  start_holder holder.log
  run_timeout --separate-stderr "$CH/client" -t 1 inc
  assert_failure 1
  assert_equal "$stderr" "client: ./demo.data is locked by pid $HOLDER after 1 s of waiting; giving up"
  assert_equal "$(cat demo.data)" 5
  stop_cleanly "$HOLDER" holder.log
}

@test "01-file: a server waiting in F_SETLKW still stops cleanly on SIGTERM (no SA_RESTART)" {
  start_file_server
  start_holder holder.log
  start_server send.log "$CH/client" -t 30 send blocked
  local sender=$SERVER_PID
  # server 는 요청을 가져와 번호표를 뽑으려다 holder 의 잠금 앞에서 잠들었다.
  wait_until "server $SRV waiting in F_SETLKW" waits_for_lock "$SRV"
  stop_server TERM "$SRV"
  assert_equal "$EXIT_STATUS" 0
  assert [ ! -e demo.spool ]
  wait_exit "$sender"
  assert_equal "$EXIT_STATUS" 1
  grep -q "^client: the server (pid $SRV) went away before it answered$" send.log || fail "$(cat send.log)"
  stop_cleanly "$HOLDER" holder.log
}

# ---- 잘못된 입력 --------------------------------------------------------------------------

@test "01-file: --help prints usage on stdout and exits 0 (both programs)" {
  run_timeout "$CH/server" --help
  assert_success
  assert_line --index 0 'usage: server [-s SPOOL] [-f DATA] [-l LOG] [-i MS]'
  run_timeout "$CH/client" -h
  assert_success
  assert_line --index 0 --partial 'usage: client'
  run_timeout "$CH/client" --help
  assert_success
}

@test "01-file: the server rejects bad arguments with a usage line and exit 2" {
  local args
  for args in '-x' '-i abc' '-i 0' '-i 10001' '-i 5x' 'extra' '-s'; do
    # shellcheck disable=SC2086  # args 는 일부러 단어로 나눈다
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
    'send'         # TEXT 가 없다
    'send|a|b'     # 남는 인자
    'inc|abc'      # 숫자가 아니다
    'inc|0'        # 범위 밖
    'inc|1|2'      # 남는 인자
    'hold|x'       # 남는 인자
    '-B|send|x'    # 명령과 맞지 않는 옵션
    '-U|inc'       # 명령과 맞지 않는 옵션
    '-n|-u|inc'    # 함께 쓸 수 없는 옵션
    '-t|0|inc'     # 범위 밖
    '-t|abc|inc'   # 숫자가 아니다
    '-x|inc'       # 모르는 옵션
    "send|$long"   # 너무 긴 TEXT
    'send|'        # 빈 TEXT
    $'send|two\nlines'
    $'send|tab\there'
  )
  local c
  for c in "${cases[@]}"; do
    local -a argv=()
    [ -z "$c" ] || IFS='|' read -r -d '' -a argv < <(printf '%s\0' "$c")
    [[ $c == *'|' ]] && argv+=('')
    run_timeout --separate-stderr "$CH/client" "${argv[@]}"
    assert_equal "$status" 2
    [[ $stderr == *'usage: client'* ]] || fail "no usage for '${argv[*]}': $stderr"
  done
  run_timeout --separate-stderr "$CH/client" send "$long"
  [[ $stderr == 'client: TEXT: too long (more than 200 bytes)'$'\n''usage: client'* ]] || fail "$stderr"
}

@test "01-file: a path that is too long gives a clear error and exit 1" {
  local long
  long=$(printf 'a%.0s' {1..300}) # 이름 한 조각은 255바이트까지
  # server 는 카운터와 기록을 먼저 열고(만들고) 나서 spool 을 만들다 실패한다
  run_timeout --separate-stderr "$CH/server" -s "$long"
  assert_failure 1
  assert_equal "$stderr" "server: mkdir $long: File name too long"
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
  run_timeout --separate-stderr "$CH/server" -f text
  assert_failure 1
  assert_equal "$stderr" 'server: text: not a counter file (expected one decimal number)'
  run_timeout --separate-stderr "$CH/server" -s text
  assert_failure 1
  assert_equal "$stderr" 'server: text: exists and is not a directory'
  assert_equal "$(cat text)" 'not a number' # 손대지 않았다
  run_timeout --separate-stderr "$CH/client" -s text send hi
  assert_failure 1
  assert_equal "$stderr" 'client: open text: Not a directory'
  make_shared_files 5
  run_timeout --separate-stderr "$CH/client" -f adir inc
  assert_failure 1
  assert_equal "$stderr" 'client: open adir: Is a directory'
  run_timeout --separate-stderr "$CH/client" -f fifo inc
  assert_failure 1
  assert_equal "$stderr" 'client: fifo: not a regular file'
  run_timeout --separate-stderr "$CH/client" -f text inc
  assert_failure 1
  assert_equal "$stderr" 'client: text: not a counter file (expected one decimal number)'
  rm fifo
}

@test "01-file: a client whose server is not running says so and exits 1" {
  run_timeout --separate-stderr "$CH/client" send hello
  assert_failure 1
  assert_equal "$stderr" 'client: open ./demo.spool: No such file or directory (is the server running?)'
  run_timeout --separate-stderr "$CH/client" inc
  assert_failure 1
  assert_equal "$stderr" 'client: open ./demo.data: No such file or directory (./server creates it)'
  mkdir demo.spool
  run_timeout --separate-stderr "$CH/client" send hello
  assert_failure 1
  assert_equal "$stderr" 'client: ./demo.spool: has no server.lock; it is not a spool (is the server running?)'
}

@test "01-file: the server answers garbage requests with errors and keeps serving" {
  start_file_server
  local sp=demo.spool long
  long=$(printf 'y%.0s' {1..300})
  # 손으로 "발행"한다: 임시 이름으로 쓰고 mv (같은 폴더 안의 rename) 로 이름을 붙인다.
  # %b: \n, \0, \a 같은 escape 를 실제 바이트로 쓴다
  publish() { printf '%b' "$2" >"$sp/$1.req.tmp" && mv "$sp/$1.req.tmp" "$sp/$1.req"; }
  publish g1 "$long\n"
  publish g2 'no newline'
  publish g3 ''
  publish g4 'nul\0byte\n'
  publish g5 'two\nlines\n'
  publish g6 'bell\a\n'
  mkfifo "$sp/g7.req"
  mkdir "$sp/g8.req"
  ln -s /etc/passwd "$sp/g9.req"
  : >"$sp/$(printf 'z%.0s' {1..70}).req"
  mkdir "$sp/$(printf 'd%.0s' {1..70}).req" # 이름이 긴 폴더: unlink 가 아니라 rmdir 로 지워야 한다
  local i
  for i in 1 2 3 4 5 6 7 8 9; do
    wait_until "reply g$i.rep" exists "$sp/g$i.rep"
  done
  assert_equal "$(cat $sp/g1.rep)" 'error: too long (more than 200 bytes)'
  assert_equal "$(cat $sp/g2.rep)" 'error: incomplete request (no newline at the end)'
  assert_equal "$(cat $sp/g3.rep)" 'error: empty request'
  assert_equal "$(cat $sp/g4.rep)" 'error: control character in text'
  assert_equal "$(cat $sp/g5.rep)" 'error: more than one line'
  assert_equal "$(cat $sp/g6.rep)" 'error: control character in text'
  assert_equal "$(cat $sp/g7.rep)" 'error: not a regular file'
  assert_equal "$(cat $sp/g8.rep)" 'error: not a regular file'
  assert_equal "$(cat $sp/g9.rep)" 'error: cannot open: a symbolic link'
  wait_for_line server.log '^server: z{70}\.req: bad request name; removed it$' "$SRV"
  wait_for_line server.log '^server: d{70}\.req: bad request name; removed it$' "$SRV"
  # 요청은 모두 가져갔다 (FIFO, 폴더, 링크까지)
  run ls "$sp"
  refute_output --partial '.req'
  # 좋은 client 는 여전히 답을 받고, 번호표는 쓰레기에 쓰이지 않았다
  run_timeout "$CH/client" send good
  assert_success
  assert_line 'client: reply: ticket 1: good'
  alive "$SRV"
  # 아무도 가져가지 않은 응답들은 server 가 끝날 때 치운다
  stop_cleanly "$SRV" server.log
  assert [ ! -e "$sp" ]
}

# ---- 권한 ---------------------------------------------------------------------------------

@test "01-file: created files have the promised modes, whatever the umask" {
  umask 000
  start_file_server
  assert_equal "$(stat -c %a demo.spool)" 700
  assert_equal "$(stat -c %a demo.spool/server.lock)" 600
  assert_equal "$(stat -c %a demo.data)" 600
  assert_equal "$(stat -c %a demo.log)" 600
  # 쓰는 중인 요청 (임시 파일)
  start_server slow.log "$CH/client" -H send hello
  local slow=$SERVER_PID
  wait_until "client $slow stopped" is_stopped "$slow"
  assert_equal "$(stat -c %a "demo.spool/$slow.req.tmp")" 600
  kill -CONT "$slow"
  wait_exit "$slow"
  assert_equal "$EXIT_STATUS" 0
  # 응답 (손으로 놓은 요청이라 아무도 가져가지 않는다)
  printf 'x\n' >demo.spool/m.req.tmp
  mv demo.spool/m.req.tmp demo.spool/m.req
  wait_until "reply m.rep" exists demo.spool/m.rep
  assert_equal "$(stat -c %a demo.spool/m.rep)" 600
  stop_cleanly "$SRV" server.log
}

@test "01-file: another user can use neither the spool nor the counter (runs as nobody)" {
  start_file_server
  chmod 755 "$TEST_TMP" # nobody 가 이 폴더까지는 들어올 수 있게 한다. 막는 것은 spool 의 0700 이다
  run_timeout --separate-stderr "${NOBODY[@]}" "$CH/client" send hello
  assert_failure 1
  assert_equal "$stderr" 'client: open ./demo.spool: Permission denied'
  run_timeout --separate-stderr "${NOBODY[@]}" "$CH/client" inc
  assert_failure 1
  assert_equal "$stderr" 'client: open ./demo.data: Permission denied'
  run_timeout "$CH/client" send hello
  assert_success
  assert_line 'client: reply: ticket 1: hello'
  stop_cleanly "$SRV" server.log
}

# ---- 고장 ---------------------------------------------------------------------------------

@test "01-file: a client notices a server SIGKILLed mid-conversation and exits 1" {
  start_file_server
  start_holder holder.log
  # 시간 제한은 넉넉히 (30 s): client 가 실패하는 까닭이 시간 제한이 아니라 server 의 죽음이어야 한다
  start_server send.log "$CH/client" -t 30 send hello
  local sender=$SERVER_PID
  wait_until "server $SRV waiting in F_SETLKW" waits_for_lock "$SRV"
  kill -KILL "$SRV"
  wait_exit "$SRV"
  assert_equal "$EXIT_STATUS" 137
  wait_exit "$sender"
  assert_equal "$EXIT_STATUS" 1
  grep -q "^client: the server (pid $SRV) went away before it answered$" send.log || fail "$(cat send.log)"
  stop_cleanly "$HOLDER" holder.log
  # SIGKILL 은 정리할 틈을 주지 않는다: spool 이 남았다 (다음 테스트가 그것을 다룬다)
  assert [ -e demo.spool/server.lock ]
  rm -r demo.spool
}

@test "01-file: a stale spool left by a SIGKILLed server is reported, then taken over" {
  start_file_server
  printf 'old\n' >demo.spool/old.req.tmp # 죽은 client 가 남긴 것
  kill -KILL "$SRV"
  wait_exit "$SRV"
  run_timeout --separate-stderr "$CH/client" send hello
  assert_failure 1
  assert_equal "$stderr" 'client: ./demo.spool: no server holds its lock: the server is not running (a stale spool)'
  start_file_server
  grep -q '^server: ./demo.spool was left by a server that died; taking it over (leftovers removed: 1)$' server.log ||
    fail "$(cat server.log)"
  run_timeout "$CH/client" send hello
  assert_success
  assert_line 'client: reply: ticket 1: hello'
  stop_cleanly "$SRV" server.log
  assert [ ! -e demo.spool ]
}

@test "01-file: a second server on the same spool is refused; the first keeps serving" {
  start_file_server
  run_timeout --separate-stderr "$CH/server"
  assert_failure 1
  assert_equal "$stderr" "server: ./demo.spool is in use by server pid $SRV"
  assert [ -e demo.spool/server.lock ]
  run_timeout "$CH/client" send still-here
  assert_success
  assert_line 'client: reply: ticket 1: still-here'
  stop_cleanly "$SRV" server.log
}

@test "01-file: a directory the server did not make is left alone" {
  mkdir demo.spool
  echo precious >demo.spool/keep
  run_timeout --separate-stderr "$CH/server"
  assert_failure 1
  assert_equal "$stderr" "server: ./demo.spool: exists but has no server.lock, so no server of ours made it; remove it yourself"
  assert_equal "$(cat demo.spool/keep)" precious
}

@test "01-file: a client killed while writing its request does not disturb the server" {
  start_file_server
  start_server slow.log "$CH/client" -H send hello
  local slow=$SERVER_PID
  wait_until "client $slow stopped" is_stopped "$slow"
  kill -KILL "$slow"
  wait_exit "$slow"
  assert_equal "$EXIT_STATUS" 137
  assert [ -e "demo.spool/$slow.req.tmp" ] # 반쪽 임시 파일이 남았다
  run_timeout "$CH/client" send next
  assert_success
  assert_line 'client: reply: ticket 1: next'
  # server 가 끝나며 그것까지 치운다
  stop_cleanly "$SRV" server.log
  assert [ ! -e demo.spool ]
}

# ---- 정리 ---------------------------------------------------------------------------------

@test "01-file: SIGINT and SIGTERM stop the server: spool removed, counter and log stay" {
  local sig
  for sig in INT TERM; do
    start_file_server
    run_timeout "$CH/client" send "before $sig"
    assert_success
    printf 'x\n' >demo.spool/u.req.tmp # 응답을 아무도 가져가지 않을 요청
    mv demo.spool/u.req.tmp demo.spool/u.req
    wait_until "reply u.rep" exists demo.spool/u.rep
    stop_cleanly "$SRV" server.log "$sig"
    grep -q "^server: SIG$sig: removed ./demo.spool; ./demo.data and ./demo.log stay\$" server.log ||
      fail "$(cat server.log)"
    assert [ ! -e demo.spool ]
    assert [ -s demo.data ]
    assert [ -s demo.log ]
  done
  assert_equal "$(cat demo.data)" 4
}

@test "01-file: SIGINT and SIGTERM make a holder let go of the lock and exit 0" {
  make_shared_files 5
  local sig
  for sig in INT TERM; do
    start_holder holder.log
    stop_cleanly "$HOLDER" holder.log "$sig"
    grep -q "^client: SIG$sig: released the lock on ./demo.data\$" holder.log || fail "$(cat holder.log)"
    run_timeout "$CH/client" -n inc
    assert_success
  done
  assert_equal "$(cat demo.data)" 7
}

@test "01-file: a sender waiting for its reply withdraws the request on SIGINT/SIGTERM" {
  local sig
  start_file_server
  # 멈춘(SIGSTOP) server 는 폴더를 훑지 않지만 잠금은 그대로 쥐고 있다: client 는 살아 있는
  # server 를 보고 요청을 놓은 뒤 답을 기다린다. 요청은 가져가지 않은 채 남는다.
  kill -STOP "$SRV"
  wait_until "server $SRV stopped" is_stopped "$SRV"
  for sig in INT TERM; do
    start_server send.log "$CH/client" send waiting
    local sender=$SERVER_PID
    wait_for_line send.log '^client: sent "waiting"' "$sender"
    assert [ -e "demo.spool/$sender.req" ]
    stop_server "$sig" "$sender"
    # 답을 받지 못했으니 실패(1)다. 그래도 자기가 놓은 요청은 거두고 끝난다.
    assert_equal "$EXIT_STATUS" 1
    grep -q "^client: SIG$sig: withdrew the request; no reply\$" send.log || fail "$(cat send.log)"
    assert [ ! -e "demo.spool/$sender.req" ]
  done
  assert_equal "$(ls -A demo.spool)" 'server.lock'
  kill -CONT "$SRV"
  stop_cleanly "$SRV" server.log
}
