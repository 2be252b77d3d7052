#!/usr/bin/env bats
# 07-mmap 연습 3의 채점기: make exercise EX=07-mmap/3 (tools/exercise.sh가 부른다).
# 학생의 프로그램은 "$EX_BIN/server", "$EX_BIN/client"다. 검사 하나가 @test 하나다.
#
# | 검사                                                    | 기대                                                |
# |---------------------------------------------------------|-----------------------------------------------------|
# | 새 파일                                                 | 160바이트, 바이트 156..159(ack)는 0                |
# | client -w                                               | acknowledged, 그때 server의 줄이 이미 있다, ack = 1 |
# | -w 없는 client                                          | 소식 한 줄만, 기다리지 않는다                       |
# | 멈춘 server 앞의 client -w                              | 잠들어 기다리고, SIGCONT 뒤에 acknowledged          |
# | 멈춘 server 앞에 답장 둘 (1, 2)                          | server는 2만 보고 1은 missed, 두 client 모두 상태 0 |
# | server가 없는 파일에 client -w                          | 5초쯤 기다린 뒤 not acknowledged, 상태 1            |
# | SIGINT                                                  | 상태 0, 파일에 ack가 남는다                         |
# 기다림은 모두 준비 줄, 프로그램의 줄, /proc의 상태(S, T)다. 고정된 sleep은 없다.

# shellcheck disable=SC2154  # stderr는 bats의 run --separate-stderr가 채운다
load "$IPC_TOP/tests/test_helper"

# flat 파일...: 힌트 안에 넣도록 여러 줄을 " | "로 이은 한 줄 (채점표는 힌트의 첫 줄만 보여 준다)
flat() { cat "$@" 2>/dev/null | paste -sd '|' | sed 's/|/ | /g'; }

# shellcheck disable=SC2034  # test_helper의 run_timeout이 읽는다
RUN_TIMEOUT=20 # 5초를 기다리는 client도 넉넉히

LAYOUT_HINT="파일의 모양이 바뀌었다: struct board의 끝(바이트 156)에 ack 칸이 있어 파일은 160바이트다. server는 sizeof(struct board)로 파일을 늘이고, client는 크기가 정확히 그것인지 본다 (common.h)"

start() {
  start_server server.log "$EX_BIN/server" -i 10
  wait_for_line server.log '^server: ready: '
}

# u32 FILE OFFSET: 파일의 OFFSET에 있는 4바이트 부호 없는 정수 (ack는 156)
u32() { od -An -tu4 -j "$2" -N 4 "$1" | tr -d ' '; }

# start_client 로그 [client 옵션...]: 배경의 client → CLIENT_PID (SERVER_PID, SERVER_LOG는 그대로 둔다)
start_client() {
  local log=$1 spid=$SERVER_PID slog=$SERVER_LOG
  shift
  start_server "$log" "$EX_BIN/client" "$@"
  CLIENT_PID=$SERVER_PID
  # shellcheck disable=SC2034  # stop_server_cleanly가 SERVER_LOG를 읽는다
  SERVER_PID=$spid SERVER_LOG=$slog
}

wait_state() {
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(proc_state "$1")" = "$2" ]; do
    alive "$1" || return 1
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $1 never reached state $2 (now $(proc_state "$1"))"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

# stop_reading: server를 멈춘다 (SIGSTOP). 멈춘 server는 답장 칸을 보지 않는다.
stop_reading() {
  wait_state "$SERVER_PID" S # pselect 안에서 잠든 뒤에 멈춘다
  kill -STOP "$SERVER_PID"
  wait_state "$SERVER_PID" T
}

@test "the new file is 160 bytes, and the ack at bytes 156..159 starts at 0" {
  start
  local size
  size=$(stat -c %s demo.map)
  [ "$size" = 160 ] || hint "demo.map이 ${size}바이트다. $LAYOUT_HINT"
  [ "$(u32 demo.map 156)" = 0 ] || hint "아직 아무 답장도 없는데 ack가 $(u32 demo.map 156)이다: 새 파일은 0으로 차 있다"
  run_timeout --separate-stderr "$EX_BIN/client"
  [ "$status" -eq 0 ] || hint "client: ${stderr//$'
'/ | }. $LAYOUT_HINT"
  stop_server_cleanly
}

@test "client -w is acknowledged, and by then the server has already printed the reply" {
  start
  run_timeout --separate-stderr "$EX_BIN/client" -w hello
  [ "$status" -eq 0 ] || hint "client -w가 상태 $status로 끝났다: ${stderr:-${output//$'\n'/ | }}"
  [ "${lines[1]}" = 'client: reply 1 written: "hello"' ] || fail "$output"
  [ "${lines[2]}" = 'client: reply 1 acknowledged by the server' ] ||
    hint "client가 답장을 쓴 뒤 ack를 기다리지 않았다: ${output//$'\n'/ | }"
  # 기다리지 않고 본다: server가 줄을 찍은 뒤에 ack를 적었다면 줄은 이미 로그에 있다
  grep -qE '^server: reply 1 from pid [0-9]+: "hello"$' server.log ||
    hint "client는 acknowledged라는데 server의 로그에 그 답장이 아직 없다. server는 알리는 줄을 찍은 '뒤에' ack를 적어야 하고, client는 그 값을 보고 나서 앞의 일이 끝났다고 믿을 수 있어야 한다 (release와 acquire, C11 7.17)"
  [ "$(u32 demo.map 156)" = 1 ] || hint "파일의 바이트 156..159(ack)가 $(u32 demo.map 156)이다 (1이어야 한다). $LAYOUT_HINT"
  stop_server_cleanly
}

@test "without -w the client only reads the news, as before" {
  start
  run_timeout --separate-stderr "$EX_BIN/client"
  assert_success
  assert_output --regexp "^client: update ([0-9]+) from pid $SERVER_PID: \"tick \\1\"$"
  stop_server_cleanly
}

@test "with the server stopped, client -w sleeps until the server continues, then is acknowledged" {
  start
  stop_reading
  start_client client.log -w waiting
  local cpid=$CLIENT_PID
  wait_for_line client.log '^client: reply 1 written' "$cpid" || hint "client -w가 답장을 쓰지 못했다: $(flat client.log)"
  # 기다리는 client는 대부분의 때에 잠들어 있다 (nap). 헛도는 client는 늘 R이다.
  local tries=$((WAIT_TIMEOUT * 50)) sleeping=0
  while [ "$sleeping" -lt 5 ]; do
    alive "$cpid" || hint "server가 멈췄는데 client가 기다리지 않고 끝났다: $(flat client.log)"
    if [ "$(proc_state "$cpid")" = S ]; then sleeping=$((sleeping + 1)); fi
    [ $((tries -= 1)) -gt 0 ] ||
      hint "ack를 기다리는 client가 잠들지 않고 돈다 (상태 $(proc_state "$cpid")): 들여다보는 사이에 쉬어라 (common.h의 nap)"
    sleep "$POLL_INTERVAL"
  done
  kill -CONT "$SERVER_PID"
  wait_exit "$cpid" || hint "server가 다시 돌았는데 client가 끝나지 않는다: $(flat client.log)"
  [ "$EXIT_STATUS" -eq 0 ] || hint "상태 $EXIT_STATUS로 끝났다: $(flat client.log)"
  grep -qx 'client: reply 1 acknowledged by the server' client.log || hint "acknowledged 줄이 없다: $(flat client.log)"
  stop_server_cleanly
}

@test "two replies before the server looks: it sees only the second, and both clients are acknowledged" {
  start
  stop_reading
  local a b
  start_client a.log -w one
  a=$CLIENT_PID
  wait_for_line a.log '^client: reply 1 written: "one"$' "$a" || hint "첫 client가 답장을 쓰지 못했다: $(flat a.log)"
  start_client b.log -w two
  b=$CLIENT_PID
  wait_for_line b.log '^client: reply 2 written: "two"$' "$b" || hint "둘째 client가 답장을 쓰지 못했다: $(flat b.log)"
  kill -CONT "$SERVER_PID"
  wait_for_line server.log '^server: reply 2 from pid [0-9]+: "two" \(missed 1 earlier'
  wait_exit "$b"
  [ "$EXIT_STATUS" -eq 0 ] || hint "둘째 client가 상태 $EXIT_STATUS로 끝났다: $(flat b.log)"
  # 첫 client도 곧바로 끝나야 한다 (5초를 다 기다리면 wait_exit보다 먼저 끝나지 않을 수도 있다: 시간을 잰다)
  local t0=$EPOCHREALTIME ms
  wait_exit "$a"
  ms=$(((${EPOCHREALTIME/./} - ${t0/./}) / 1000))
  [ "$EXIT_STATUS" -eq 0 ] && [ "$ms" -lt 3000 ] ||
    hint "첫 client가 상태 $EXIT_STATUS로, ${ms} ms 뒤에 끝났다: $(flat a.log). server는 답장 2만 보았고 ack도 2다. 칸은 큐가 아니라서 답장 1의 번호는 ack에 한 번도 오지 않는다: client가 기다리는 조건을 다시 보라"
  grep -qx 'client: reply 1 acknowledged by the server' a.log || hint "첫 client에 acknowledged 줄이 없다: $(flat a.log)"
  stop_server_cleanly
}

@test "with no server running, client -w waits about 5 s, then says so and exits 1" {
  start
  stop_server_cleanly TERM # 파일은 남는다
  local t0=$EPOCHREALTIME ms
  run_timeout --separate-stderr "$EX_BIN/client" -w late
  ms=$(((${EPOCHREALTIME/./} - ${t0/./}) / 1000))
  [ "$status" -ne 124 ] || hint "client가 ${RUN_TIMEOUT}초 안에 끝나지 않았다: ack를 기다리는 데 한도가 있어야 한다 (5000번 x 1 ms)"
  [ "$status" -eq 1 ] || hint "server가 없는데 상태 $status로 끝났다 (1이어야 한다): ${stderr:-${output//$'\n'/ | }}"
  assert_equal "$stderr" 'client: reply 1 not acknowledged within 5 s: is the server running?'
  [ "$ms" -ge 4500 ] || hint "client가 ${ms} ms만에 포기했다: 틱이 1초인 server도 기다릴 수 있게 5초는 기다린다"
  assert_line 'client: reply 1 written: "late"'
}

@test "SIGINT stops the server with status 0; the file keeps the last ack" {
  start
  run_timeout "$EX_BIN/client" -w first
  run_timeout "$EX_BIN/client" -w second
  assert_success
  stop_server_cleanly INT
  run cat server.log
  assert_line --regexp '^server: SIGINT: stopping after [0-9]+ ticks$'
  [ "$(u32 demo.map 156)" = 2 ] || hint "server가 끝난 뒤 파일의 ack가 $(u32 demo.map 156)이다 (2여야 한다)"
}
