#!/usr/bin/env bats
# 02-signal 연습 2의 채점기: make exercise EX=02-signal/2 가 부른다 (tools/exercise.sh).
# 학생의 server와 (그대로 둔) client를 "$EX_BIN"에서 부른다.
# 결정적으로 만드는 법 (02장의 테스트와 같다): server를 SIGSTOP으로 멈춰 두고 시그널을 여러 개 보낸 뒤 SIGCONT.
# 물려받은 마스크는 env --block-signal(GNU coreutils 8.31~)로 만든다.

# shellcheck disable=SC2153,SC2154  # SERVER_PID는 start_server가 둔다; $stderr 는 bats 의 run --separate-stderr 가 채운다
load "$IPC_TOP/tests/test_helper"

# start [명령 앞에 붙일 것...]: server를 띄우고 준비 줄을 기다린다. 첫 sigsuspend에서 잠들 때까지 기다린다.
start() {
  start_server server.log "$@" "$EX_BIN/server"
  wait_for_line server.log '^server: ready \(pid [0-9]+\)$' || hint "server가 준비 줄을 찍지 않았다: $(cat server.log)"
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(proc_state "$SERVER_PID")" = S ]; do
    alive "$SERVER_PID" || hint "server가 준비 줄 뒤에 곧바로 끝났다: $(tail -n 1 server.log). 아직 채우지 않은 TODO가 있는가?"
    [ $((tries -= 1)) -gt 0 ] || hint "server가 잠들지 않고 돈다 (상태 $(proc_state "$SERVER_PID"))"
    sleep "$POLL_INTERVAL"
  done
}

# send [client 인자...]: client를 보내는 쪽 PID를 알 수 있게 실행한다 (SENDER_PID). 인자 "S"는 server의 PID.
send() {
  local args=() a
  for a in "$@"; do [ "$a" = S ] && args+=("$SERVER_PID") || args+=("$a"); done
  # shellcheck disable=SC2016  # $$는 sh가 펼친다
  run_timeout sh -c 'echo $$ >sender.pid; exec "$@"' sh "$EX_BIN/client" "${args[@]}"
  SENDER_PID=$(cat sender.pid)
  [ "$status" -eq 0 ] || hint "client가 보내지 못했다 (상태 $status): $output. server가 살아 있는가? $(tail -n 1 server.log)"
}

events() { grep -cE '^server: SIG[A-Z0-9]+ (from |\()' server.log || true; }

values_of() {
  sed -n "s/^server: $1 from pid $2 (sigqueue, value \\(-*[0-9]*\\))\$/\\1/p" server.log | paste -sd' '
}

# status_field PID NAME: /proc/PID/status의 한 칸 (예: ShdPnd → 0000000200000200)
status_field() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null; }

# has_signal MASK SIGNO: /proc의 16진 마스크에서 시그널 SIGNO는 비트 SIGNO-1이다
has_signal() { (((16#$1 >> ($2 - 1)) & 1)); }

rtmin() { sed -n 's/^server: SIGRTMIN is \([0-9]*\) here.*/\1/p' server.log; }

# idle: server가 잠들었고 보류된 것이 없다 (보낸 것은 모두 배달됐다)
idle() { [ "$(proc_state "$SERVER_PID")" = S ] && [ "$(status_field "$SERVER_PID" ShdPnd)" = 0000000000000000 ]; }

# wait_events N: 알린 줄이 N개가 될 때까지, 또는 server가 보류된 것 없이 잠들 때까지 기다린다
wait_events() {
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(events)" -ge "$1" ]; do
    alive "$SERVER_PID" || hint "server가 끝났다 (상태 $(proc_state "$SERVER_PID")): $(tail -n 2 server.log | tr '\n' '|'). 시그널이 핸들러 없이 기본 동작으로 배달되지 않았는가? (TODO 2)"
    idle && break
    [ $((tries -= 1)) -gt 0 ] || break
    sleep "$POLL_INTERVAL"
  done
}

@test "kill and sigqueue are reported with the sender's PID and the exact value" {
  start
  send S usr1
  wait_events 1
  grep -q "^server: SIGUSR1 from pid $SENDER_PID (kill)\$" server.log ||
    hint "kill로 보낸 SIGUSR1을 보낸 PID와 함께 알려야 한다: $(grep '^server: SIG' server.log | tr '\n' '|'). 핸들러의 info(siginfo_t)를 커널이 채우게 하는 플래그를 주었는가? (TODO 2, man 2 sigaction의 SA_SIGINFO)"
  local v n=1
  for v in 42 -2147483648 2147483647; do
    send S rt "$v"
    wait_events $((n += 1))
    grep -q "^server: SIGRTMIN from pid $SENDER_PID (sigqueue, value $v)\$" server.log ||
      hint "sigqueue로 보낸 값을 그대로 알려야 한다 (보낸 값 $v): $(tail -n 1 server.log) (TODO 2)"
  done
  stop_server_cleanly
}

@test "signals that pile up while the server is stopped: SIGUSR1 once, SIGRTMIN 1..5, each on its own line" {
  start
  kill -STOP "$SERVER_PID"
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(proc_state "$SERVER_PID")" = T ]; do
    [ $((tries -= 1)) -gt 0 ] || hint "server가 멈추지 않는다"
    sleep "$POLL_INTERVAL"
  done
  send -n 5 S usr1 1
  local usr1_pid=$SENDER_PID
  send -n 5 S rt 1
  local rt_pid=$SENDER_PID
  kill -CONT "$SERVER_PID"
  wait_events 6
  [ "$(events)" -eq 6 ] ||
    hint "여섯 개(SIGUSR1 하나, SIGRTMIN 다섯)가 모두 배달됐는데 $(events)줄만 알렸다. 잠들기 직전까지 우리 시그널이 차단돼 있지 않으면, 첫 핸들러가 끝나자마자 다음 시그널이 배달되어 main이 보기 전에 got_*를 덮어쓴다. 언제 차단하고, 무엇으로 잠들며 푸는가? (TODO 1, TODO 4, man 2 sigsuspend, 02장 NOTES 1.5절)"
  [ "$(values_of SIGUSR1 "$usr1_pid")" = 1 ] || hint "SIGUSR1(값 1)을 한 번 알려야 한다: $(cat server.log)"
  [ "$(values_of SIGRTMIN "$rt_pid")" = '1 2 3 4 5' ] || hint "SIGRTMIN은 값 1..5가 보낸 순서대로다: $(values_of SIGRTMIN "$rt_pid")"
  stop_server_cleanly
}

@test "a signal the parent left blocked stays blocked while the server waits" {
  env --block-signal=ALRM true 2>/dev/null || skip "needs env --block-signal (GNU coreutils 8.31 or later)"
  start env --block-signal=ALRM
  kill -ALRM "$SERVER_PID" # 핸들러 없는 SIGALRM의 기본 동작은 종료다. 물려받은 대로 차단돼 있으면 보류될 뿐이다.
  local tries=$((WAIT_TIMEOUT * 50))
  until has_signal "$(status_field "$SERVER_PID" ShdPnd)" 14; do
    alive "$SERVER_PID" ||
      hint "부모가 차단해 물려준 SIGALRM이 server가 기다리는 동안 풀려 배달되었다 (server는 그 기본 동작으로 죽었다). 기다릴 때의 마스크는 무엇에서 시작해야 하는가? (TODO 3, man 2 sigprocmask의 oldset)"
    [ $((tries -= 1)) -gt 0 ] || hint "SIGALRM이 보류되지 않았다"
    sleep "$POLL_INTERVAL"
  done
  send S usr1
  wait_events 1
  grep -q "^server: SIGUSR1 from pid $SENDER_PID (kill)\$" server.log || hint "SIGUSR1을 알리지 않았다: $(cat server.log)"
  stop_server_cleanly
}

@test "the server catches the six signals it handles, also SIGINT that the shell passed on ignored" {
  start
  local caught sig
  caught=$(status_field "$SERVER_PID" SigCgt)
  for sig in 1 2 10 12 15 "$(rtmin)"; do # SIGHUP SIGINT SIGUSR1 SIGUSR2 SIGTERM SIGRTMIN
    has_signal "$caught" "$sig" ||
      hint "시그널 $sig에 핸들러가 없다 (/proc의 SigCgt $caught): 여섯 시그널 모두에 sigaction을 불렀는가? (TODO 2)"
  done
  stop_server_cleanly
}

@test "SIGTERM, SIGINT and SIGHUP shut the server down cleanly (exit 0)" {
  local sig
  for sig in TERM INT HUP; do
    start
    stop_server "$sig" || hint "SIG$sig에 server가 끝나지 않는다: 기다리는 동안 우리 시그널이 풀리는가? (TODO 3, TODO 4)"
    [ "$EXIT_STATUS" -eq 0 ] || hint "SIG$sig에 상태 $EXIT_STATUS (0이어야 한다): $(tail -n 1 server.log)"
    grep -q "^server: SIG$sig from pid [0-9]* (kill): shutting down\$" server.log ||
      hint "알린 줄이 없다 (SIG$sig): $(cat server.log)"
  done
}
