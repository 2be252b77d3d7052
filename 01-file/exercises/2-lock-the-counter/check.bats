#!/usr/bin/env bats
# 01-file 연습 2의 채점기: make exercise EX=01-file/2 가 부른다 (tools/exercise.sh).
# 학생의 client와, 잠금을 쥐고 기다리는 도우미 hold_lock(고치지 않는다)을 "$EX_BIN"에서 부른다.
# server는 띄우지 않는다: 카운터 demo.data는 채점기가 직접 만든다.

# shellcheck disable=SC2154  # $stderr 는 bats 의 run --separate-stderr 가 채운다
load "$IPC_TOP/tests/test_helper"

# start_holder [hold_lock 인자...]: 잠금을 쥔 hold_lock을 띄우고 "holding" 줄을 기다린다 → HOLDER
start_holder() {
  start_server holder.log "$EX_BIN/hold_lock" "$@"
  HOLDER=$SERVER_PID
  wait_for_line holder.log '^hold_lock: holding ' "$HOLDER"
}

# start_inc [client 인자...]: client inc를 배경에서 띄운다 → CLIENT_PID (SERVER_PID는 HOLDER 그대로)
start_inc() {
  start_server inc.log "$EX_BIN/client" "$@"
  CLIENT_PID=$SERVER_PID
  # shellcheck disable=SC2034  # stop_server_cleanly가 SERVER_LOG를 읽는다
  SERVER_PID=$HOLDER SERVER_LOG=holder.log
}

# waits_for_lock PID: PID가 F_SETLKW에서 쓰기 잠금을 기다리는가 (/proc/locks의 "->" 줄)
waits_for_lock() { grep -qE "^[0-9]+: -> POSIX +ADVISORY +WRITE +$1 " /proc/locks; }

# wait_waiting PID: PID가 잠금을 기다리며 잠들 때까지 기다린다. 먼저 끝나면 그 출력과 함께 힌트를 남긴다.
wait_waiting() {
  local tries=$((WAIT_TIMEOUT * 50))
  until waits_for_lock "$1"; do
    alive "$1" || hint "다른 프로세스가 잠금을 쥐고 있는데 client inc가 기다리지 않고 끝났다: $(cat inc.log). 잠겨 있으면 풀릴 때까지 잠드는 명령은 F_SETLK인가 F_SETLKW인가? (man 2 fcntl, TODO 1)"
    [ $((tries -= 1)) -gt 0 ] || hint "client inc가 ${WAIT_TIMEOUT}초 안에 잠금을 기다리지 않았다 (/proc/locks에 '->' 줄이 없다)"
    sleep "$POLL_INTERVAL"
  done
}

@test "inc adds to the counter and appends one log line per increment" {
  printf '5\n' >demo.data
  run_timeout --separate-stderr "$EX_BIN/client" inc 3
  [ "$status" -eq 0 ] || hint "client inc가 상태 $status로 끝났다 ($stderr). TODO 1~3을 채웠는가? (man 2 fcntl)"
  [ "$output" = 'client: added 3 to ./demo.data, one at a time; last value 8' ] || hint "출력이 다르다: $output"
  [ "$(cat demo.data)" = 8 ] || hint "카운터가 8이 아니다: $(cat demo.data)"
  [ "$(wc -l <demo.log)" -eq 3 ] || hint "기록이 세 줄이 아니다: $(cat demo.log)"
}

@test "while another process holds the lock, inc sleeps in F_SETLKW and then goes on" {
  printf '5\n' >demo.data
  start_holder
  start_inc -t 30 inc
  wait_waiting "$CLIENT_PID"
  [ "$(cat demo.data)" = 5 ] || hint "잠금을 기다리는 동안 카운터가 바뀌었다"
  stop_server_cleanly
  wait_exit "$CLIENT_PID" || hint "잠금이 풀렸는데 client inc가 끝나지 않는다: 푼 뒤 다시 청하는가?"
  [ "$EXIT_STATUS" -eq 0 ] || hint "잠금이 풀린 뒤 client inc가 상태 $EXIT_STATUS로 끝났다: $(cat inc.log)"
  [ "$(cat demo.data)" = 6 ] || hint "카운터가 6이 아니다: $(cat demo.data)"
}

@test "the lock covers the whole file, even bytes past its end" {
  printf '5\n' >demo.data # 2바이트 파일
  start_holder -o 100      # 다른 프로세스가 100 바이트부터 끝까지 잠갔다: 파일 전체의 잠금과 겹친다
  start_inc -t 30 inc
  local tries=$((WAIT_TIMEOUT * 50))
  until waits_for_lock "$CLIENT_PID"; do
    alive "$CLIENT_PID" || hint "100 바이트부터 끝까지를 남이 잠갔는데 client inc가 기다리지 않았다: 잠근 범위가 파일 전체가 아니다. 지금 파일의 크기만큼이나 한 바이트만 잠그면 파일이 자랄 때 어떻게 되는가? l_len = 0의 뜻을 man 2 fcntl에서 찾아라 (TODO 1)"
    [ $((tries -= 1)) -gt 0 ] || hint "client inc가 ${WAIT_TIMEOUT}초 안에 기다리지 않았다"
    sleep "$POLL_INTERVAL"
  done
  stop_server_cleanly
  wait_exit "$CLIENT_PID"
  [ "$EXIT_STATUS" -eq 0 ] || hint "잠금이 풀린 뒤 client inc가 상태 $EXIT_STATUS로 끝났다: $(cat inc.log)"
}

@test "-t gives up waiting and names the holder's PID (F_GETLK)" {
  printf '5\n' >demo.data
  start_holder
  run_timeout --separate-stderr "$EX_BIN/client" -t 1 inc
  [ "$status" -eq 1 ] || hint "-t 1로 기다리다 그만둔 client가 상태 $status로 끝났다 (1이어야 한다): $stderr"
  [ "$stderr" = "client: ./demo.data is locked by pid $HOLDER; gave up after 1 s" ] ||
    hint "쥔 프로세스의 PID를 대야 한다 (지금: '$stderr'). 잠그지 않고 묻기만 하는 fcntl 명령은? 막는 잠금이 없을 때와 있을 때 커널은 struct flock의 어느 필드를 바꾸는가? (man 2 fcntl의 F_GETLK, TODO 3)"
  [ "$(cat demo.data)" = 5 ] || hint "잠금을 얻지 못했는데 카운터가 바뀌었다"
  stop_server_cleanly
}

@test "each increment lets go of the lock before taking it again (strace)" {
  command -v strace >/dev/null || skip "strace is not installed"
  printf '5\n' >demo.data
  run_timeout env ASAN_OPTIONS=detect_leaks=0 strace -o trace.txt -e trace=fcntl "$EX_BIN/client" inc 3
  [ "$status" -eq 0 ] || hint "strace 아래의 client inc가 상태 $status로 끝났다: $output"
  # 잠금(F_WRLCK)은 L, 풀기(F_UNLCK)는 U: 한 번 올릴 때마다 L 다음에 U
  local seq
  seq=$(sed -n -e 's/^fcntl(.*l_type=F_WRLCK.*) = 0$/L/p' -e 's/^fcntl(.*l_type=F_UNLCK.*) = 0$/U/p' trace.txt | tr -d '\n')
  [ "$seq" = LULULU ] ||
    hint "잠그고 푸는 순서가 'LULULU'(한 번에 잠금 하나, 풀기 하나)가 아니라 '$seq'다 (L = F_WRLCK, U = F_UNLCK). 다음 프로세스가 곧 들어오게 매번 놓는가? (TODO 2, man 2 fcntl의 F_UNLCK)"
}

@test "20 clients x 50 locked increments give exactly 1000" {
  printf '0\n' >demo.data
  local i pids=()
  for ((i = 1; i <= 20; i++)); do
    timeout -k 2 "$RUN_TIMEOUT" "$EX_BIN/client" inc 50 >"inc$i.out" 2>&1 3>&- &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || hint "$((i + 1))번째 client가 실패했다: $(cat "inc$((i + 1)).out")"
  done
  [ "$(cat demo.data)" = 1000 ] ||
    hint "20개 × 50번이 1000이 아니라 $(cat demo.data)다: 읽기-고치기-쓰기가 섞였다. 잠금이 모든 client 사이에서 배타적인가? (F_WRLCK)"
  [ "$(cut -d' ' -f1 demo.log | sort -n | uniq | wc -l)" -eq 1000 ] || hint "기록에 같은 값이 두 번 나온다: 두 프로세스가 같은 값을 읽었다"
}
