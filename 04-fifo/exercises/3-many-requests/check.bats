#!/usr/bin/env bats
# 04-fifo 연습 3의 채점기: make exercise EX=04-fifo/3 이 부른다 (tools/exercise.sh).
# 학생의 client와 (그대로 둔) server를 "$EX_BIN"에서 부른다. 한 검사는 server 대신 이 채점기가
# server FIFO를 읽고 답을 쓴다: 둘째 답을 일부러 늦게 보내려고.

# shellcheck disable=SC2154  # $stderr 는 bats 의 run --separate-stderr 가 채운다
load "$IPC_TOP/tests/test_helper"

start_fifo_server() {
  start_server server.log "$EX_BIN/server" -f ./srv.fifo
  wait_for_line server.log '^server: ready on \./srv\.fifo \(pid [0-9]+\)$'
}

# read_request: 채점기가 쥔 server FIFO(fd 9)에서 512바이트 요청 하나를 읽어 REQ_PID에 pid를 둔다
read_request() {
  local req
  IFS= read -r -d '' -N 512 -t "$WAIT_TIMEOUT" -u 9 req ||
    hint "client의 요청이 ${WAIT_TIMEOUT}초 안에 오지 않았다: 답 하나를 받은 뒤에 다음 요청을 보내는가? $(cat client.log)"
  REQ_PID=${req%% *}
}

# answer: REQ_PID의 답 FIFO에 "HI\n"을 쓰고 닫는다 (server처럼 O_WRONLY|O_NONBLOCK: 읽는 끝이 없으면 ENXIO)
answer() {
  printf 'HI\n' | dd of="srv.fifo.$REQ_PID" oflag=nonblock conv=nocreat,notrunc status=none ||
    hint "요청을 보낸 client의 답 FIFO가 읽기로 열려 있지 않다: 요청을 보내기 전에 읽는 끝이 열려 있어야 server가 답을 쓸 수 있다 (04장 NOTES 1.2절)"
}

@test "without -n the client works as before" {
  start_fifo_server
  run_timeout --separate-stderr "$EX_BIN/client" -f ./srv.fifo hello
  [ "$status" -eq 0 ] || hint "-n 없이도 예전처럼 답 하나를 받아야 한다 (상태 $status: $stderr)"
  [ "${#lines[@]}" -eq 2 ] && [[ ${lines[1]} == 'client: got "HELLO"' ]] ||
    hint "-n이 없으면 요청 하나, 답 하나다 (기본 COUNT는 1): $output"
  stop_server_cleanly
}

@test "-n 3 sends three requests and prints three answers" {
  start_fifo_server
  run_timeout --separate-stderr "$EX_BIN/client" -f ./srv.fifo -n 3 hello
  [ "$status" -ne 2 ] || hint "-n COUNT를 아직 받지 않는다: getopt의 옵션 문자열과 사용법 줄에 더하라 (man 3 getopt)"
  [ "$status" -eq 0 ] ||
    hint "상태 $status ($stderr). 첫 답 뒤에 server는 답 FIFO의 쓰는 끝을 닫는다: 그 뒤 같은 읽는 끝의 ppoll()과 read()는 무엇을 돌려주는가? (man 7 pipe의 EOF, man 2 poll의 POLLHUP)"
  run grep -c '^client: got "HELLO"$' <<<"$output"
  [ "$output" = 3 ] || hint "답이 3개가 아니다 (${output}개)"
  run grep -c '^server: request from pid [0-9]*: "hello" -> "HELLO"$' server.log
  [ "$output" = 3 ] || hint "server가 받은 요청이 3개가 아니다 (${output}개): $(cat server.log)"
  stop_server_cleanly
}

@test "-n 2 with a slow second answer: the client sleeps until it comes" {
  mkfifo -m 600 srv.fifo
  exec 9<>srv.fifo # 이 채점기가 server 노릇을 한다
  # shellcheck disable=SC2016  # $0, $@ 는 bash -c 안에서 펼친다
  start_server client.log bash -c 'exec "$0" "$@" 9>&-' "$EX_BIN/client" -f ./srv.fifo -t 30 -n 2 hi
  local cpid=$SERVER_PID
  wait_for_line client.log '^client: sent ' "$cpid" || hint "client가 -n 2로 요청을 보내지 못했다: $(cat client.log)"
  read_request
  answer # 첫 답: 쓰고 닫는다 (server와 같다)
  read_request
  # 둘째 답은 아직 보내지 않는다. client는 잠들어 기다려야 한다 (상태 S). EOF를 되풀이하며 도는 client는 R이다.
  local tries=$((WAIT_TIMEOUT * 50)) sleeping=0
  while [ "$sleeping" -lt 10 ]; do
    alive "$cpid" ||
      hint "둘째 답을 기다리지 않고 끝났다: $(cat client.log). 첫 답의 EOF(쓰는 끝이 모두 닫힘)가 둘째 답을 기다리는 ppoll()과 read()에 남아 있지 않은가? (man 7 pipe, man 7 fifo)"
    if [ "$(proc_state "$cpid")" = S ]; then sleeping=$((sleeping + 1)); else sleeping=0; fi
    [ $((tries -= 1)) -gt 0 ] ||
      hint "둘째 답을 기다리는 client가 잠들지 않고 돈다 (상태 $(proc_state "$cpid")): read()가 0을 돌려주는 것을 무시하기만 하면 ppoll()은 POLLHUP으로 곧바로 돌아온다. 읽는 끝이 새 writer를 기다리게 하려면?"
    sleep "$POLL_INTERVAL"
  done
  answer
  wait_exit "$cpid" || hint "둘째 답을 보냈는데 client가 끝나지 않는다: $(cat client.log)"
  exec 9>&-
  rm srv.fifo
  [ "$EXIT_STATUS" -eq 0 ] || hint "상태 $EXIT_STATUS로 끝났다: $(cat client.log)"
  run grep -c '^client: got "HI"$' client.log
  [ "$output" = 2 ] || hint "답 두 개를 찍어야 한다: $(cat client.log)"
}

@test "a bad COUNT is refused with a usage line and status 2" {
  local n
  for n in 0 101 x 3x ''; do
    run_timeout --separate-stderr "$EX_BIN/client" -n "$n" hi
    [ "$status" -eq 2 ] || hint "-n '$n'에 상태 $status (2여야 한다)"
    [[ $stderr == *'usage: client'* ]] || hint "-n '$n'에 사용법 줄이 없다: $stderr"
  done
}

@test "-n 2: SIGTERM while the client waits removes the reply FIFO and exits 0" {
  start_fifo_server
  local spid=$SERVER_PID
  kill -STOP "$spid" # 답하지 않는 server
  start_server client.log "$EX_BIN/client" -f ./srv.fifo -t 30 -n 2 hi
  local cpid=$SERVER_PID
  # shellcheck disable=SC2034  # stop_server_cleanly가 SERVER_LOG를 읽는다
  SERVER_PID=$spid SERVER_LOG=server.log
  wait_for_line client.log '^client: sent ' "$cpid" || hint "client가 요청을 보내지 못했다: $(cat client.log)"
  stop_server TERM "$cpid" || hint "SIGTERM에 끝나지 않는다: 시그널은 ppoll() 안에서만 배달된다"
  [ "$EXIT_STATUS" -eq 0 ] || hint "SIGTERM에 상태 $EXIT_STATUS로 끝났다: $(cat client.log)"
  [ -z "$(find . -name 'srv.fifo.*')" ] || hint "답 FIFO가 남았다: 어떤 길로 끝나도 지운다"
  kill -CONT "$SERVER_PID"
  stop_server_cleanly
}
