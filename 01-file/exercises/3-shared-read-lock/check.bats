#!/usr/bin/env bats
# 01-file 연습 3의 채점기: make exercise EX=01-file/3 이 부른다 (tools/exercise.sh).
# 학생의 client와, 잠금을 쥐고 기다리는 도우미 hold_lock(고치지 않는다: -r이면 읽기 잠금)을 "$EX_BIN"에서
# 부른다. server는 띄우지 않는다: 카운터 demo.data는 채점기가 직접 만든다.

# shellcheck disable=SC2154  # $stderr 는 bats 의 run --separate-stderr 가 채운다
load "$IPC_TOP/tests/test_helper"

# start_holder [hold_lock 인자...]: 잠금을 쥔 hold_lock을 띄우고 "holding" 줄을 기다린다 → HOLDER
start_holder() {
  start_server holder.log "$EX_BIN/hold_lock" "$@"
  HOLDER=$SERVER_PID
  wait_for_line holder.log '^hold_lock: holding ' "$HOLDER"
}

# start_client 로그 [client 인자...]: client를 배경에서 띄운다 → CLIENT_PID (SERVER_PID는 HOLDER 그대로)
start_client() {
  local log=$1
  shift
  start_server "$log" "$EX_BIN/client" "$@"
  CLIENT_PID=$SERVER_PID
  # shellcheck disable=SC2034  # stop_server_cleanly가 SERVER_LOG를 읽는다
  SERVER_PID=$HOLDER SERVER_LOG=holder.log
}

# waits_for TYPE PID: PID가 F_SETLKW에서 TYPE(READ 또는 WRITE) 잠금을 기다리는가 (/proc/locks의 "->" 줄)
waits_for() { grep -qE "^[0-9]+: -> POSIX +ADVISORY +$1 +$2 " /proc/locks; }
waits_any() { grep -qE "^[0-9]+: -> POSIX +ADVISORY +[A-Z]+ +$1 " /proc/locks; }

# read_only_fd PID 경로: PID가 경로를 읽기로만(O_RDONLY) 연 fd가 있는가
read_only_fd() {
  local fd flags
  for fd in /proc/"$1"/fd/*; do
    [ "$(readlink "$fd")" = "$2" ] || continue
    flags=$(awk '/^flags:/ { print "0" $2 }' "/proc/$1/fdinfo/${fd##*/}")
    [ $((flags & 3)) -eq 0 ] && return 0
  done
  return 1
}

GET_HINT="get이 아직 없다: main의 명령 고르기에 get을 더하고, 사용법 줄에도 적어라 (README.md)"

@test "get prints the counter's value and leaves the file as it was" {
  printf '41\n' >demo.data
  run_timeout --separate-stderr "$EX_BIN/client" get
  [ "$status" -ne 2 ] || hint "$GET_HINT"
  [ "$status" -eq 0 ] || hint "client get이 상태 $status로 끝났다: $stderr"
  [ "$output" = 'client: ./demo.data holds 41' ] || hint "출력은 'client: ./demo.data holds 41' 한 줄이어야 한다: '$output'"
  [ "$(cat demo.data)" = 41 ] || hint "get이 카운터를 바꿨다: 읽기만 한다"
  run_timeout --separate-stderr "$EX_BIN/client" -f other.data get
  [ "$status" -eq 1 ] && [[ $stderr == *'other.data'* ]] || hint "없는 카운터에 분명한 오류와 상태 1이어야 한다 (만들지 않는다): $stderr"
  [ ! -e other.data ] || hint "get이 없는 카운터를 만들었다: O_CREAT는 주지 않는다"
}

@test "while a writer holds the lock, get waits for a read lock through a read-only fd, then reads" {
  printf '7\n' >demo.data
  start_holder # 쓰기 잠금 (inc나 server가 번호표를 뽑는 순간처럼)
  start_client get.log -t 30 get
  local tries=$((WAIT_TIMEOUT * 50))
  until waits_any "$CLIENT_PID"; do
    alive "$CLIENT_PID" || hint "쓰는 쪽이 잠금을 쥐고 있는데 get이 기다리지 않고 끝났다: $(cat get.log). 풀릴 때까지 잠드는 명령(F_SETLKW)으로 청했는가? 잠그지 않고 읽지는 않았는가?"
    [ $((tries -= 1)) -gt 0 ] || hint "get이 ${WAIT_TIMEOUT}초 안에 잠금을 기다리지 않았다 (/proc/locks에 '->' 줄이 없다): $(cat get.log)"
    sleep "$POLL_INTERVAL"
  done
  waits_for READ "$CLIENT_PID" ||
    hint "get이 쓰기 잠금(WRITE)을 기다린다: $(grep -- "-> .* $CLIENT_PID " /proc/locks). 읽기만 하는 쪽은 여럿이 함께 쥘 수 있는 잠금을 청한다 (man 2 fcntl의 F_RDLCK)"
  read_only_fd "$CLIENT_PID" "$TEST_TMP/demo.data" ||
    hint "get이 카운터를 읽기로만(O_RDONLY) 열지 않았다: 읽기 잠금에 필요한 권한은 무엇인가? 쓸 권한이 없는 사용자도 읽을 수 있어야 한다 (man 2 fcntl: 'the file must be open for reading')"
  stop_server_cleanly
  wait_exit "$CLIENT_PID" || hint "쓰는 쪽이 놓았는데 get이 끝나지 않는다"
  [ "$EXIT_STATUS" -eq 0 ] || hint "잠금이 풀린 뒤 get이 상태 $EXIT_STATUS로 끝났다: $(cat get.log)"
  grep -qx 'client: ./demo.data holds 7' get.log || hint "값을 알리지 않았다: $(cat get.log)"
}

@test "two readers at once: another process's read lock does not make get wait" {
  printf '9\n' >demo.data
  start_holder -r # 다른 프로세스가 읽기 잠금을 쥐고 있다
  run_timeout --separate-stderr "$EX_BIN/client" -t 2 get
  [ "$status" -ne 2 ] || hint "$GET_HINT"
  [ "$status" -eq 0 ] ||
    hint "다른 프로세스가 읽기 잠금만 쥐고 있는데 get이 들어가지 못했다 (상태 $status: $stderr). 읽는 쪽끼리 서로 막지 않는 잠금의 종류는? (man 2 fcntl의 F_RDLCK과 F_WRLCK)"
  [ "$output" = 'client: ./demo.data holds 9' ] || hint "출력이 다르다: $output"
  # 쓰는 쪽(inc)은 읽는 쪽이 놓을 때까지 기다린다: 짝이 이미 하는 일이지만 두 잠금의 차이를 함께 본다
  start_client inc.log -t 30 inc
  local tries=$((WAIT_TIMEOUT * 50))
  until waits_for WRITE "$CLIENT_PID"; do
    [ $((tries -= 1)) -gt 0 ] && alive "$CLIENT_PID" || hint "inc가 읽기 잠금 앞에서 기다리지 않았다: inc는 고치지 않는다 $(cat inc.log)"
    sleep "$POLL_INTERVAL"
  done
  stop_server_cleanly
  wait_exit "$CLIENT_PID"
  [ "$EXIT_STATUS" -eq 0 ] || hint "inc가 상태 $EXIT_STATUS로 끝났다: $(cat inc.log)"
}

@test "get gives up after -t seconds and names the writer's PID" {
  printf '5\n' >demo.data
  start_holder
  run_timeout --separate-stderr "$EX_BIN/client" -t 1 get
  [ "$status" -ne 2 ] || hint "$GET_HINT"
  [ "$status" -eq 1 ] || hint "-t 1로 기다리다 그만둔 get이 상태 $status로 끝났다 (1이어야 한다): $stderr"
  [ "$stderr" = "client: ./demo.data is locked by pid $HOLDER; gave up after 1 s" ] ||
    hint "inc처럼 알려야 한다: 'client: ./demo.data is locked by pid $HOLDER; gave up after 1 s' (지금: '$stderr'). 알람과 SA_RESTART 없는 SIGALRM, 그리고 F_GETLK (man 2 alarm, man 2 fcntl)"
  stop_server_cleanly
}

@test "get takes no argument and appears in the usage; send and inc still work" {
  printf '5\n' >demo.data
  run_timeout --separate-stderr "$EX_BIN/client" get extra
  [ "$status" -eq 2 ] && [[ $stderr == *'usage: client'* ]] || hint "get 뒤의 인자는 사용법 오류(상태 2와 사용법 줄)다: 상태 $status"
  run_timeout "$EX_BIN/client" -h
  [[ $output == *'client [-f DATA] [-t SECS] get'* ]] || hint "사용법에 'client [-f DATA] [-t SECS] get' 줄이 없다: $output"
  run_timeout "$EX_BIN/client" inc 2
  [ "$output" = 'client: added 2 to ./demo.data, one at a time; last value 7' ] || hint "inc가 예전처럼 움직이지 않는다: $output"
  start_server server.log "$EX_BIN/server" -i 10
  wait_for_line server.log '^server: ready on '
  run_timeout "$EX_BIN/client" send hi
  [[ $output == *'client: reply: "ticket 8: hi"'* ]] || hint "send가 예전처럼 움직이지 않는다: $output"
  stop_server_cleanly
}
