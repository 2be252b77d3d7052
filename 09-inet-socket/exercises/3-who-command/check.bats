#!/usr/bin/env bats
# 09-inet-socket 연습 3의 채점기: make exercise EX=09-inet-socket/3이 부른다 (tools/exercise.sh).
# 학생의 server를 "$EX_BIN"에서 부르고, bash의 /dev/tcp로 연결을 열어 줄을 보낸다. client의 주소:포트는
# server가 로그에 찍은 "connected" 줄에서 읽는다 (server가 accept에서 알게 된 그 값).

load "$IPC_TOP/tests/test_helper"

start_ex() {
  start_server server.log "$EX_BIN/server" -p 0
  wait_for_line server.log '^server: ready on \[[^]]*\]:[0-9]+ ' || return 1
  PORT=$(sed -n 's/^server: ready on \[[^]]*\]:\([0-9]*\) .*/\1/p' server.log)
}

# connect_as 이름 N: 새 연결을 열어 fd를 변수 이름에 두고, server가 "connected, N clients"를 찍을 때까지
# 기다린 뒤 그 줄의 주소:포트를 NAME에 둔다
connect_as() {
  local -n fdvar=$1
  # shellcheck disable=SC2034  # fdvar는 부른 쪽의 변수를 가리킨다 (local -n)
  exec {fdvar}<>"/dev/tcp/127.0.0.1/$PORT"
  wait_for_line server.log "connected, $2 clients\$" || return 1
  NAME=$(sed -n "s/^server: \\(\\[.*\\]:[0-9]*\\) connected, $2 clients\$/\\1/p" server.log | tail -n 1)
}

# say fd 바이트: 그 연결에 write 한 번으로 보낸다
say() {
  env printf '%b' "$2" >&"$1"
}

# expect_reply fd 줄 힌트: 그 연결의 다음 답 한 줄이 그것이어야 한다
expect_reply() {
  local line=
  IFS= read -r -t "$WAIT_TIMEOUT" line <&"$1" || true
  [ "$line" = "$2" ] || hint "기다린 답: \"$2\", 온 답: \"$line\". $3"
}

stop_ex() {
  kill -TERM "$SERVER_PID"
  wait_exit "$SERVER_PID"
  [ "$EXIT_STATUS" -eq 0 ] || hint "SIGTERM에 상태 $EXIT_STATUS로 끝났다 (0이어야 한다)"
}

@test "ordinary lines are still echoed; who and 'WHO x' are not the command" {
  start_ex
  local a
  connect_as a 1
  say "$a" 'hello\nwho\nWHO x\n'
  expect_reply "$a" 'OK hello' "보통 줄은 지금처럼 \"OK <그 줄>\"이어야 한다"
  expect_reply "$a" 'OK who' "명령은 대문자 WHO 하나뿐이다: who는 보통 줄이다"
  expect_reply "$a" 'OK WHO x' "줄 전체가 정확히 WHO일 때만 명령이다"
  exec {a}>&-
  stop_ex
}

@test "WHO answers the number of connected clients and the asking client's address and port" {
  start_ex
  local a b
  connect_as a 1
  connect_as b 2
  local bname=$NAME
  say "$b" 'WHO\n'
  expect_reply "$b" "OK 2 clients, you are $bname" "답은 \"OK <연결된 client 수> clients, you are <server가 그 client를 부르는 [주소]:포트>\"다. 주소는 accept가 이미 알려 주었다 (struct client의 name)"
  exec {a}>&-
  wait_for_line server.log 'left \(EOF'
  say "$b" 'WHO\n'
  expect_reply "$b" "OK 1 clients, you are $bname" "client 하나가 떠난 뒤에는 수가 줄어야 한다: serve()는 지금 몇 client가 있는지 어떻게 알 수 있을까?"
  exec {b}>&-
  stop_ex
}

@test "WHO is a line like any other: it may arrive split across writes, between other lines" {
  start_ex
  local a
  connect_as a 1
  local aname=$NAME before tries=500
  before=$(awk '$1 == "rchar:" { print $2 }' "/proc/$SERVER_PID/io")
  say "$a" 'one\nWH'
  while [ "$(awk '$1 == "rchar:" { print $2 }' "/proc/$SERVER_PID/io")" -lt $((before + 6)) ]; do
    [ $((tries -= 1)) -gt 0 ] || fail "server did not read"
    sleep "$POLL_INTERVAL"
  done
  say "$a" 'O\ntwo\n'
  expect_reply "$a" 'OK one' "첫 줄"
  expect_reply "$a" "OK 1 clients, you are $aname" "두 조각으로 온 WHO도 줄이 다 모인 뒤에 명령이다: 명령은 read 한 번이 아니라 완성된 줄을 보고 가른다"
  expect_reply "$a" 'OK two' "WHO 뒤의 줄도 답을 받아야 한다"
  exec {a}>&-
  stop_ex
}
