#!/usr/bin/env bats
# 09-inet-socket 연습 1의 채점기: make exercise EX=09-inet-socket/1이 부른다 (tools/exercise.sh).
# 학생의 server를 "$EX_BIN"에서 부르고, bash의 /dev/tcp로 연결을 하나 열어 바이트를 원하는 조각으로 보낸다.
# 조각 사이에는 server가 앞 조각을 읽었는지(/proc/PID/io의 rchar)를 확인한다: 시간에 기대지 않는다.

load "$IPC_TOP/tests/test_helper"

start_ex() {
  start_server server.log "$EX_BIN/server" -p 0
  wait_for_line server.log '^server: ready on \[[^]]*\]:[0-9]+ ' || return 1
  PORT=$(sed -n 's/^server: ready on \[[^]]*\]:\([0-9]*\) .*/\1/p' server.log)
  exec {CONN}<>"/dev/tcp/127.0.0.1/$PORT" # 이 셸이 TCP 연결 하나를 fd CONN으로 쥔다
}

# rchar: server가 지금까지 read로 읽은 바이트 수
rchar() {
  awk '$1 == "rchar:" { print $2 }' "/proc/$SERVER_PID/io"
}

# send_piece 바이트: 연결에 write 한 번으로 보내고, server가 그만큼 읽을 때까지 기다린다
send_piece() {
  local before n tries=500
  before=$(rchar)
  n=$(env printf '%b' "$1" | wc -c)
  env printf '%b' "$1" >&"$CONN" # bash의 내장 printf는 줄마다 따로 write 한다: 바깥 printf로 한 번에
  while [ "$(rchar)" -lt $((before + n)) ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "server did not read what was sent"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

# expect_reply 줄 힌트: 다음 답 한 줄이 그것이어야 한다
expect_reply() {
  local line=
  IFS= read -r -t "$WAIT_TIMEOUT" line <&"$CONN" || true
  [ "$line" = "$1" ] || hint "기다린 답: \"$1\", 온 답: \"$line\". $2"
}

stop_ex() {
  exec {CONN}>&-
  kill -TERM "$SERVER_PID"
  wait_exit "$SERVER_PID"
  [ "$EXIT_STATUS" -eq 0 ] || hint "SIGTERM에 상태 $EXIT_STATUS로 끝났다 (0이어야 한다)"
}

@test "a whole line in one write gets OK and the line" {
  start_ex
  send_piece 'hello\n'
  expect_reply 'OK hello' "한 번에 온 한 줄에는 답해야 한다"
  stop_ex
}

@test "a line that arrives in two pieces gets one answer for the whole line" {
  start_ex
  send_piece 'hel' # server는 이 세 바이트를 이미 읽었다: 아직 줄이 아니다
  send_piece 'lo\n'
  expect_reply 'OK hello' "TCP는 write의 경계를 나르지 않는다. read 한 번이 준 바이트는 줄의 앞부분일 수 있다: '\\n'이 올 때까지 client마다 모아 두어야 한다 (09장 NOTES 1.3절)"
  stop_ex
}

@test "two lines in one write get two answers, and what follows is not lost" {
  start_ex
  send_piece 'one\ntwo\n'
  send_piece 'three\n'
  expect_reply 'OK one' "첫 줄에 답해야 한다"
  expect_reply 'OK two' "read 한 번에 줄이 여러 개 올 수 있다: 첫 '\\n'에서 멈추지 말고 버퍼 안의 완성된 줄마다 답하라"
  expect_reply 'OK three' "다음 줄도 답을 받아야 한다"
  stop_ex
}

@test "a half line after a whole one is kept and completed by the next piece" {
  start_ex
  send_piece 'a\nb'
  send_piece 'c\n'
  expect_reply 'OK a' "첫 줄에 답해야 한다"
  expect_reply 'OK bc' "답한 줄 뒤의 반쪽 줄(\"b\")은 버리지 말고 버퍼 앞으로 옮겨 두어, 다음 조각과 이어 붙인다 (memmove)"
  stop_ex
}

@test "a line over 255 bytes still gets ERR line too long, and SIGTERM exits 0" {
  start_ex
  send_piece "$(printf 'x%.0s' {1..300})\\n"
  expect_reply 'ERR line too long' "'\\n' 없이 버퍼(256바이트)가 차면 ERR line too long을 보내고 끊는다: 고친 뒤에도 그대로여야 한다"
  stop_ex
}
