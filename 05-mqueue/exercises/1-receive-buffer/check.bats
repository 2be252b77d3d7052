#!/usr/bin/env bats
# 05-mqueue 연습 1의 채점기: make exercise EX=05-mqueue/1 (tools/exercise.sh가 부른다).
# 학생의 프로그램은 "$EX_BIN/server", "$EX_BIN/client"다. 검사 하나가 @test 하나다.
#
# | 검사                                         | 고치기 전 (시작 코드)                   | 고친 뒤                    |
# |----------------------------------------------|-----------------------------------------|----------------------------|
# | 한 글자 TEXT                                 | mq_timedreceive: EMSGSIZE, 상태 1       | 답 "A"                     |
# | 예제 세 개                                   | 첫 받기에서 EMSGSIZE                    | 3 of 3 replies correct     |
# | 요청 하나에 들어가는 가장 긴 TEXT            | EMSGSIZE                                | 답을 받는다                |
# | mq_msgsize보다 긴 요청                       | mq_timedsend: EMSGSIZE, 상태 1          | 같다                       |
# | server가 없다                                | ENOENT, 상태 1                          | 같다                       |
# | 답을 기다리던 client에 SIGTERM               | 응답 큐를 지우고 상태 0                 | 같다                       |
# 큐 이름은 테스트마다 겹치지 않는다 (IPC_NAME). 응답 큐는 mq_track으로 알려 teardown이 남은 것을 찾아 지운다.
# 기다림은 모두 준비 줄, client의 줄, /proc의 상태(S, T)다. 고정된 sleep은 없다.

# shellcheck disable=SC2154  # stderr는 bats의 run --separate-stderr가 채운다
load "$IPC_TOP/tests/test_helper"

BUFFER_HINT="요청은 갔고 server도 답을 보냈는데 mq_timedreceive가 실패한다. 커널은 받는 버퍼의 크기를 온 메시지의 길이가 아니라 큐의 속성 하나와 견준다: 무엇인가? (man 3 mq_receive의 EMSGSIZE, 05장 NOTES 6절 ①)"

mq_server() {
  mq_track "$IPC_NAME"
  start_server server.log "$EX_BIN/server" -q "$IPC_NAME"
  wait_for_line server.log '^server: ready on '
}

# mq_client [client 옵션...]: 이 테스트의 큐로 client를 실행한다. 만든 응답 큐의 이름을 teardown에 알린다.
mq_client() {
  run_timeout --separate-stderr "$EX_BIN/client" -q "$IPC_NAME" "$@"
  local name
  name=$(sed -n 's/^client: reply queue \([^:]*\):.*/\1/p' <<<"$output")
  [ -z "$name" ] || mq_track "$name"
}

# wait_state PID 상태: /proc/PID/stat의 상태가 그것이 될 때까지 (S = 잠듦, T = 멈춤) 기다린다.
# PID가 먼저 끝나면 곧바로 1을 돌려준다.
wait_state() {
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(proc_state "$1")" = "$2" ]; do
    alive "$1" || return 1
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $1 never reached state $2 (now $(proc_state "$1"))"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

@test "a one-letter TEXT gets its reply" {
  mq_server
  mq_client a
  [ "$status" -eq 0 ] || hint "(상태 $status: ${stderr//$'
'/ | }) $BUFFER_HINT"
  assert_line 'client: reply "A"'
  assert_line 'client: 1 of 1 replies correct'
  stop_server_cleanly
}

@test "the three example requests all get their replies" {
  mq_server
  mq_client
  [ "$status" -eq 0 ] || hint "(상태 $status: ${stderr//$'
'/ | }) $BUFFER_HINT"
  assert_line 'client: reply "HELLO, QUEUE"'
  assert_line 'client: 3 of 3 replies correct'
  wait_for_line server.log 'replied "MESSAGES KEEP THEIR BOUNDARIES"'
  stop_server_cleanly
}

@test "the longest TEXT that fits in one request gets its reply" {
  mq_server
  # 요청 = "PID TEXT"이고 mq_msgsize는 256이다: TEXT는 256 - ("PID "의 길이) 바이트까지 들어간다.
  # client의 PID는 돌려 보기 전에는 모르므로, PID의 자리 수마다 하나씩 시험한다. 들어가지 않는 것은
  # mq_timedsend가 거절하고, 꼭 들어맞는 것 하나가 가장 긴 요청이다.
  local text k
  for k in 4 5 6 7 8; do # PID가 k-1 자리일 때 "PID "는 k 바이트 (리눅스의 PID는 7자리까지: pid_max 4194304)
    text=$(printf 'q%.0s' $(seq 1 $((256 - k))))
    mq_client "$text"
    if [ "$status" -eq 1 ] && [[ $stderr == *'mq_timedsend: Message too long'* ]]; then
      continue # 이 PID로는 요청이 mq_msgsize를 넘는다: 그것은 맞는 거절이다
    fi
    [ "$status" -eq 0 ] || hint "TEXT ${#text} 바이트: 상태 $status (${stderr//$'
'/ | }). 답은 요청보다 짧지만, 받는 버퍼가 '답의 길이'만큼이면 모자란다: $BUFFER_HINT"
    assert_line 'client: 1 of 1 replies correct'
  done
  # 적어도 하나는 들어갔어야 한다
  run grep -c 'replied "QQQ' server.log
  [ "$output" -ge 1 ] || fail "no long request reached the server: $(cat server.log)"
  stop_server_cleanly
}

@test "a request longer than mq_msgsize is still refused with EMSGSIZE and the server serves on" {
  mq_server
  mq_client "$(printf 'x%.0s' {1..300})"
  assert_failure 1
  assert_equal "$stderr" "client: mq_timedsend: Message too long (the request is longer than the queue's mq_msgsize)"
  mq_client ok
  [ "$status" -eq 0 ] || hint "(상태 $status: ${stderr//$'
'/ | }) $BUFFER_HINT"
  assert_line 'client: reply "OK"'
  stop_server_cleanly
}

@test "without a server the client says so (ENOENT) and exits 1" {
  mq_client hi
  assert_failure 1
  assert_equal "$stderr" "client: mq_open $IPC_NAME: No such file or directory (no such queue: is the server running?)"
}

@test "SIGTERM to a client waiting for its reply removes its reply queue and exits 0" {
  mq_server
  wait_state "$SERVER_PID" S
  kill -STOP "$SERVER_PID" # 읽지 않는 server: 답은 오지 않는다
  wait_state "$SERVER_PID" T
  local spid=$SERVER_PID
  start_server client.log "$EX_BIN/client" -q "$IPC_NAME" -t 60 waiting
  local cpid=$SERVER_PID
  # shellcheck disable=SC2034  # stop_server_cleanly가 SERVER_LOG를 읽는다
  SERVER_PID=$spid SERVER_LOG=server.log
  mq_track "$IPC_NAME.$cpid"
  wait_for_line client.log '^client: sent' "$cpid"
  wait_state "$cpid" S ||
    hint "답을 기다려야 할 client가 먼저 끝났다 ($(tail -n 1 client.log)). 빈 응답 큐 앞에서도 곧바로 실패한다면, 커널은 기다리기 전에 무엇을 확인하는가? $BUFFER_HINT"
  stop_server TERM "$cpid" || hint "SIGTERM을 보냈는데 client가 끝나지 않는다: 고친 곳이 시그널로 깨는 기다림을 바꾸지 않았는지 보라"
  assert_equal "$EXIT_STATUS" 0
  assert_equal "$(mq_tool exists "$IPC_NAME.$cpid")" ''
  kill -CONT "$SERVER_PID"
  wait_for_line server.log '"waiting"'
  stop_server_cleanly
}
