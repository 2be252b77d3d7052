#!/usr/bin/env bats
# 05-mqueue 연습 3의 채점기: make exercise EX=05-mqueue/3 (tools/exercise.sh가 부른다).
# 학생의 client와 (그대로 둔) server를 "$EX_BIN"에서 부른다. 검사 하나가 @test 하나다.
#
# | 검사                                                  | 기대                                              |
# |-------------------------------------------------------|---------------------------------------------------|
# | -p 없이                                               | 예전과 같다: prio 0, 보낸 줄에 prio가 없다         |
# | -p 7                                                  | server가 prio 7로 받고, 보낸 줄에 "prio 7"        |
# | 멈춘 server 앞에 낮은 요청 둘, 급한 요청 하나         | server가 급한 것을 먼저, 낮은 것은 온 순서대로    |
# | 가장 높은 우선순위 / 한도                             | 보낸다 / 사용법, 상태 2                           |
# | 틀린 PRIO (-1, x, 3x, 빈 글자)                        | 사용법, 상태 2, 아무것도 보내지 않는다            |
# | -p 5로 기다리던 client에 SIGTERM                      | 응답 큐를 지우고 상태 0                           |
# 요청을 쌓는 것은 server의 SIGSTOP이다 (멈춘 server의 큐에는 메시지가 쌓인다): 시간에 기대지 않는다.
# 큐 이름은 테스트마다 겹치지 않는다 (IPC_NAME). 응답 큐는 mq_track으로 알려 teardown이 남은 것을 찾아 지운다.

# shellcheck disable=SC2154  # stderr는 bats의 run --separate-stderr가 채운다
load "$IPC_TOP/tests/test_helper"

# flat 파일...: 힌트 안에 넣도록 여러 줄을 " | "로 이은 한 줄 (채점표는 힌트의 첫 줄만 보여 준다)
flat() { cat "$@" 2>/dev/null | paste -sd '|' | sed 's/|/ | /g'; }

NO_P_HINT="client가 -p를 아직 받지 않는다: getopt의 옵션 문자열과 사용법 줄에 더하라 (man 3 getopt)"

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

# start_client 로그 [client 옵션...]: 배경의 client → CLIENT_PID (SERVER_PID, SERVER_LOG는 그대로 둔다)
start_client() {
  local log=$1 spid=$SERVER_PID slog=$SERVER_LOG
  shift
  start_server "$log" "$EX_BIN/client" -q "$IPC_NAME" "$@"
  CLIENT_PID=$SERVER_PID
  # shellcheck disable=SC2034  # stop_server_cleanly가 SERVER_LOG를 읽는다
  SERVER_PID=$spid SERVER_LOG=$slog
  mq_track "$IPC_NAME.$CLIENT_PID"
}

# wait_state PID 상태: /proc/PID/stat의 상태가 그것이 될 때까지 (S = 잠듦, T = 멈춤). 먼저 끝나면 1.
wait_state() {
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(proc_state "$1")" = "$2" ]; do
    alive "$1" || return 1
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $1 never reached state $2 (now $(proc_state "$1"))"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

# stop_reading: server를 멈춘다 (SIGSTOP). 멈춘 동안 보낸 요청은 요청 큐에 쌓인다.
stop_reading() {
  wait_state "$SERVER_PID" S # ppoll 안에서 잠든 뒤에 멈춘다
  kill -STOP "$SERVER_PID"
  wait_state "$SERVER_PID" T
}

# prio_max: 이 시스템의 우선순위 한도 (sysconf(_SC_MQ_PRIO_MAX)). getconf가 모르면 리눅스의 값.
prio_max() {
  getconf MQ_PRIO_MAX 2>/dev/null || echo 32768
}

@test "without -p the client works as before: priority 0, and the sent line is unchanged" {
  mq_server
  mq_client hi
  [ "$status" -eq 0 ] || hint "-p 없이도 예전처럼 답을 받아야 한다 (상태 $status: ${stderr//$'
'/ | })"
  assert_line --regexp '^client: sent "hi" \([0-9]+ bytes\)$'
  assert_line 'client: 1 of 1 replies correct'
  wait_for_line server.log 'replied "HI"'
  run grep -c ', prio 0) -> replied "HI"$' server.log
  [ "$output" = 1 ] || hint "-p가 없으면 우선순위는 0이다: $(flat server.log)"
  stop_server_cleanly
}

@test "-p 7 sends the requests at priority 7 and says so" {
  mq_server
  mq_client -p 7 one two
  [ "$status" -ne 2 ] || hint "$NO_P_HINT (${stderr//$'
'/ | })"
  [ "$status" -eq 0 ] || hint "상태 $status: ${stderr//$'
'/ | }"
  assert_line --regexp '^client: sent "one" \([0-9]+ bytes, prio 7\)$'
  assert_line 'client: 2 of 2 replies correct'
  wait_for_line server.log 'replied "TWO"'
  run grep -cE '^server: request from pid [0-9]+: "(one|two)" \([0-9]+ bytes, prio 7\) -> replied ' server.log
  [ "$output" = 2 ] ||
    hint "server는 요청을 우선순위 7로 받지 않았다: $(grep '^server: request' server.log). 우선순위는 보내는 호출의 인자다 (man 3 mq_send의 msg_prio)"
  stop_server_cleanly
}

@test "an urgent request sent last jumps the queue; equal priorities keep their order" {
  mq_server
  stop_reading # 바쁜 server: 요청이 큐에 쌓인다
  local a b c
  start_client a.log -t 30 low-1
  a=$CLIENT_PID
  wait_for_line a.log '^client: sent "low-1"' "$a"
  start_client b.log -t 30 low-2
  b=$CLIENT_PID
  wait_for_line b.log '^client: sent "low-2"' "$b"
  start_client c.log -t 30 -p 9 urgent
  c=$CLIENT_PID
  wait_for_line c.log '^client: sent "urgent"' "$c" || hint "급한 client가 요청을 보내지 못했다: $(flat c.log). $NO_P_HINT"
  kill -CONT "$SERVER_PID"
  local p
  for p in "$a" "$b" "$c"; do
    wait_exit "$p"
    [ "$EXIT_STATUS" -eq 0 ] || hint "client $p가 상태 $EXIT_STATUS로 끝났다: $(flat a.log b.log c.log)"
  done
  run grep -oE '"(low-1|low-2|urgent)" \([0-9]+ bytes, prio [0-9]+\)' server.log
  [ "${lines[0]}" = "\"urgent\" ($((${#c} + 7)) bytes, prio 9)" ] ||
    hint "server가 받은 순서: ${lines[*]}. 급한 요청이 먼저 나와야 한다. 큐가 내주는 메시지는 '가장 오래된 것'이 아니다 (man 3 mq_receive, 05장 NOTES 1.5절)"
  [ "${lines[1]}" = "\"low-1\" ($((${#a} + 6)) bytes, prio 0)" ] && [ "${lines[2]}" = "\"low-2\" ($((${#b} + 6)) bytes, prio 0)" ] ||
    hint "같은 우선순위의 요청은 온 순서대로 나와야 한다: ${lines[*]}"
  stop_server_cleanly
}

@test "the highest priority the system allows is accepted; the limit itself is refused" {
  local max
  max=$(prio_max)
  mq_server
  mq_client -p $((max - 1)) top
  [ "$status" -eq 0 ] ||
    hint "-p $((max - 1))에 상태 $status (${stderr//$'
'/ | }). 우선순위는 0부터 sysconf(_SC_MQ_PRIO_MAX) - 1 = $((max - 1))까지다 (man 3 sysconf, man 3 mq_send)"
  assert_line --regexp "^client: sent \"top\" \\([0-9]+ bytes, prio $((max - 1))\\)\$"
  mq_client -p "$max" over
  [ "$status" -eq 2 ] ||
    hint "-p $max에 상태 $status (2여야 한다: ${stderr//$'
'/ | }). 한도를 넘는 우선순위로 보내면 mq_send가 EINVAL이다: 인자를 읽을 때 거절하라 (man 3 mq_send의 ERRORS)"
  [[ $stderr == *'usage: client [-q /NAME] [-t SECONDS] [-p PRIO] [TEXT...]'* ]] || hint "-p $max에 사용법 줄이 없다: ${stderr//$'
'/ | }"
  wait_for_line server.log 'replied "TOP"'
  run grep -c '"over"' server.log
  [ "$output" = 0 ] || hint "거절한 -p로도 요청을 보냈다: 보내기 전에 인자를 확인하라"
  stop_server_cleanly
}

@test "a bad PRIO is refused with the usage line and status 2, before anything is sent" {
  mq_server
  local p
  for p in -1 x 3x '' 1.5; do
    mq_client -p "$p" hi
    [ "$status" -eq 2 ] || hint "-p '$p'에 상태 $status (2여야 한다): ${stderr//$'
'/ | }. strtol은 어디까지 읽었는지를 end에 알려 준다 (man 3 strtol)"
    [[ $stderr == *'usage: client [-q /NAME] [-t SECONDS] [-p PRIO] [TEXT...]'* ]] || hint "-p '$p'에 사용법 줄이 없다: ${stderr//$'
'/ | }"
    [ -z "$output" ] || hint "-p '$p'는 틀렸는데 client가 무엇인가를 했다: ${output//$'\n'/ | }"
  done
  run grep -c '^server: request' server.log
  [ "$output" = 0 ] || hint "틀린 -p인데 요청이 server에 갔다: $(flat server.log)"
  stop_server_cleanly
}

@test "-p 5: SIGTERM while the client waits removes its reply queue and exits 0" {
  mq_server
  stop_reading
  start_client client.log -t 60 -p 5 waiting
  local cpid=$CLIENT_PID
  wait_for_line client.log '^client: sent "waiting"' "$cpid" || hint "client가 -p 5로 요청을 보내지 못했다: $(flat client.log). $NO_P_HINT"
  wait_state "$cpid" S
  stop_server TERM "$cpid" || hint "SIGTERM을 보냈는데 client가 끝나지 않는다: 기다림이 시그널로 깨어나는가 (SA_RESTART 없이)?"
  [ "$EXIT_STATUS" -eq 0 ] || hint "SIGTERM에 상태 $EXIT_STATUS로 끝났다: $(flat client.log)"
  [ -z "$(mq_tool exists "$IPC_NAME.$cpid")" ] || hint "응답 큐 $IPC_NAME.$cpid가 남았다: 어떤 길로 끝나도 지운다"
  kill -CONT "$SERVER_PID"
  wait_for_line server.log '"waiting"'
  stop_server_cleanly
}
