#!/usr/bin/env bats
# 02-signal 연습 3의 채점기: make exercise EX=02-signal/3 이 부른다 (tools/exercise.sh).
# 학생의 server와 client를 "$EX_BIN"에서 부른다.
# 결정적으로 만드는 법: 답이 늦게 오게 할 때는 server를 SIGSTOP으로 멈춰 둔다 (ping은 server에 보류된다).
# 그 사이 이 채점기가 client에게 가짜 답(kill -s RTMIN+1)을 보낸다.

# shellcheck disable=SC2030,SC2031,SC2153,SC2154  # SERVER_PID는 start_server가 두고, 검사마다 따로다; $stderr 는 bats 의 run --separate-stderr 가 채운다
load "$IPC_TOP/tests/test_helper"

start() {
  start_server server.log "$EX_BIN/server"
  wait_for_line server.log '^server: ready \(pid [0-9]+\)$' || hint "server가 준비 줄을 찍지 않았다: $(cat server.log)"
}

# send [client 인자...]: client를 보내는 쪽 PID를 알 수 있게 실행한다 (SENDER_PID). 인자 "S"는 server의 PID.
send() {
  local args=() a
  for a in "$@"; do [ "$a" = S ] && args+=("$SERVER_PID") || args+=("$a"); done
  # shellcheck disable=SC2016  # $$는 sh가 펼친다
  run_timeout --separate-stderr sh -c 'echo $$ >sender.pid; exec "$@"' sh "$EX_BIN/client" "${args[@]}"
  SENDER_PID=$(cat sender.pid)
}

status_field() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null; }

# wait_state PID STATE
wait_state() {
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(proc_state "$1")" = "$2" ]; do
    [ $((tries -= 1)) -gt 0 ] || hint "PID $1이 상태 $2가 되지 않는다 (지금 $(proc_state "$1"))"
    sleep "$POLL_INTERVAL"
  done
}

# wait_idle: server가 보류된 것 없이 잠들 때까지 (보낸 것은 모두 처리했다)
wait_idle() {
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(proc_state "$SERVER_PID")" = S ] && [ "$(status_field "$SERVER_PID" ShdPnd)" = 0000000000000000 ]; do
    alive "$SERVER_PID" || hint "server가 끝났다: $(tail -n 2 server.log | tr '\n' '|')"
    [ $((tries -= 1)) -gt 0 ] || hint "server가 일을 끝내고 잠들지 않는다"
    sleep "$POLL_INTERVAL"
  done
}

@test "ping: the client gets the reply, with its value, from the server's PID" {
  start
  send -t 10 S ping 7
  [ "$status" -ne 2 ] || hint "client가 ping을 아직 모른다 ($stderr): SIGNAL 이름과 사용법 줄에 더하라"
  [ "$status" -ne $((128 + $(sed -n 's/^server: SIGRTMIN is \([0-9]*\) here.*/\1/p' server.log) + 1)) ] ||
    hint "client가 server의 답(SIGRTMIN+1)에 죽었다. 차단하지 않은 실시간 시그널의 기본 동작은 종료다: 답이 올 시그널을 언제 차단해야 하는가? (man 7 signal, man 2 sigprocmask)"
  [ "$status" -eq 0 ] || hint "상태 $status ($stderr). server가 SIGRTMIN+1에 답하는가? $(tail -n 3 server.log | tr '\n' '|')"
  [[ $output == *"client: reply from pid $SERVER_PID (value 7)"* ]] || hint "'client: reply from pid S (value 7)'이 없다: $output"
  grep -q "^server: SIGRTMIN+1 from pid $SENDER_PID (sigqueue, value 7)\$" server.log ||
    hint "server가 ping을 알리지 않았다: $(tail -n 2 server.log | tr '\n' '|')"
  grep -q "^server: replied to pid $SENDER_PID (value 7)\$" server.log ||
    hint "server가 답한 것을 알리지 않았다: $(tail -n 2 server.log | tr '\n' '|')"
  stop_server_cleanly
}

@test "a SIGRTMIN+1 from another process is not taken for the reply; the real one comes later" {
  start
  kill -STOP "$SERVER_PID" # 답하지 못하는 server: ping은 보류된다
  wait_state "$SERVER_PID" T
  local spid=$SERVER_PID slog=$SERVER_LOG
  start_server client.log "$EX_BIN/client" -t 30 "$spid" ping 9
  local cpid=$SERVER_PID
  SERVER_PID=$spid SERVER_LOG=$slog
  wait_for_line client.log '^client: sent ' "$cpid" || hint "client가 ping을 보내지 못했다: $(cat client.log)"
  wait_state "$cpid" S
  kill -s RTMIN+1 "$cpid" # 가짜 답: 이 채점기(다른 PID)가 kill로 보낸다
  # 가짜 답을 받은 client는 그것을 알리고 계속 기다려야 한다
  wait_for_line client.log '^client: ignored SIGRTMIN\+1 from pid [0-9]+' "$cpid" ||
    hint "가짜 답에 'client: ignored SIGRTMIN+1 from pid ...'을 알리고 계속 기다려야 한다 (상태 $(proc_state "$cpid")): $(cat client.log). 차단하지 않은 실시간 시그널은 기다리는 동안에도 기본 동작(종료)으로 배달된다 (man 2 sigtimedwait의 NOTES). 답인지는 siginfo의 무엇으로 가리는가?"
  ! grep -q '^client: reply from' client.log || hint "가짜 답을 server의 답으로 받았다: $(cat client.log). si_pid와 si_code를 보라"
  alive "$cpid" || hint "가짜 답 뒤에 client가 끝났다: $(cat client.log)"
  kill -CONT "$SERVER_PID"
  wait_exit "$cpid" || hint "server가 답했는데 client가 끝나지 않는다: $(cat client.log)"
  [ "$EXIT_STATUS" -eq 0 ] || hint "상태 $EXIT_STATUS: $(cat client.log)"
  grep -q "^client: reply from pid $SERVER_PID (value 9)\$" client.log || hint "진짜 답을 알리지 않았다: $(cat client.log)"
  stop_server_cleanly
}

@test "a ping to a stopped server times out (-t 1, status 1); the server, continued later, finds the client gone and carries on" {
  start
  kill -STOP "$SERVER_PID"
  wait_state "$SERVER_PID" T
  send -t 1 S ping 5
  local cpid=$SENDER_PID
  [ "$status" -ne 124 ] && [ "$status" -ne 137 ] || hint "client가 -t 1초를 넘어 기다렸다 ($RUN_TIMEOUT초에 끊겼다): sigtimedwait의 시간 제한 (man 2 sigtimedwait)"
  [ "$status" -eq 1 ] || hint "답이 없으면 상태 1이어야 한다 (지금 $status): $stderr"
  [[ $stderr == *"client: no reply from pid $SERVER_PID within 1 s"* ]] || hint "'client: no reply from pid S within 1 s'가 없다: $stderr"
  kill -CONT "$SERVER_PID"
  wait_for_line server.log "^server: cannot reply to pid $cpid: No such process\$" ||
    hint "server는 끝난 client에게 답하지 못한다 (ESRCH): 알리고 계속 일해야 한다"
  alive "$SERVER_PID" || hint "답하지 못하자 server가 끝났다: $(tail -n 2 server.log)"
  send S usr1
  wait_for_line server.log "^server: SIGUSR1 from pid $SENDER_PID \\(kill\\)\$" || hint "그 뒤의 SIGUSR1을 알리지 않았다"
  stop_server_cleanly
}

@test "a SIGRTMIN+1 sent with kill (no value) is reported but not answered" {
  start
  mkfifo go
  # 보낸 bash는 이 채점기가 go에 쓸 때까지 살아 있다. server가 답하면 (기본 동작으로) 죽는다.
  local spid=$SERVER_PID
  # shellcheck disable=SC2016  # $0은 bash -c 안에서 펼친다
  start_server sender.log bash -c 'kill -s RTMIN+1 "$0"; read -r x <go' "$spid"
  local bpid=$SERVER_PID
  SERVER_PID=$spid SERVER_LOG=server.log
  wait_for_line server.log "^server: SIGRTMIN\\+1 from pid $bpid \\(kill\\)\$" ||
    hint "kill로 온 SIGRTMIN+1도 여느 시그널처럼 알려야 한다: $(tail -n 2 server.log | tr '\n' '|')"
  wait_idle
  # go를 쓰기로 여는 것은 읽는 쪽(bash)이 있어야 끝난다: bash가 죽었으면 기다리지 않는다
  ! alive "$bpid" || timeout "$WAIT_TIMEOUT" sh -c 'echo go >go' || true
  wait_exit "$bpid"
  rm go
  [ "$EXIT_STATUS" -eq 0 ] ||
    hint "kill로 보낸 프로세스가 죽었다 (상태 $EXIT_STATUS): server가 값도 없는 SIGRTMIN+1에 답했다. 답은 sigqueue로 온 ping(si_code SI_QUEUE)에만 한다"
  ! grep -qE '^server: (replied|cannot reply)' server.log || hint "kill로 온 것에 답하려 했다: $(cat server.log)"
  stop_server_cleanly
}

@test "the old commands still work: usr1 by kill, rt 42 by sigqueue, and term stops the server" {
  start
  send S usr1
  wait_for_line server.log "^server: SIGUSR1 from pid $SENDER_PID \\(kill\\)\$" || hint "SIGUSR1을 알리지 않았다"
  send S rt 42
  wait_for_line server.log "^server: SIGRTMIN from pid $SENDER_PID \\(sigqueue, value 42\\)\$" || hint "SIGRTMIN 값 42를 알리지 않았다"
  send S term
  wait_exit "$SERVER_PID" || hint "SIGTERM에 끝나지 않는다"
  [ "$EXIT_STATUS" -eq 0 ] || hint "SIGTERM에 상태 $EXIT_STATUS"
}

@test "ping needs one VALUE and no -n; a bad -t is refused (usage, status 2)" {
  start # 틀린 client가 무언가를 보내더라도 받는 것은 이 server다
  local args
  for args in 'S ping' 'S ping 1 2' '-n 2 S ping 1' '-t 0 S ping 1' '-t x S ping 1'; do
    # shellcheck disable=SC2086  # 일부러 단어로 나눈다
    send $args
    [ "$status" -eq 2 ] || hint "'client $args'에 상태 $status (2여야 한다): $stderr"
    [[ $stderr == *'usage: client'* ]] || hint "'client $args'에 사용법 줄이 없다: $stderr"
  done
  [[ $stderr == *'[-t SECONDS]'* && $stderr == *ping* ]] ||
    hint "사용법 줄에 -t SECONDS와 ping이 있어야 한다: $stderr"
  stop_server_cleanly
}
