#!/usr/bin/env bats
# 02-signal 연습 1의 채점기: make exercise EX=02-signal/1 이 부른다 (tools/exercise.sh).
# 학생의 server와 (그대로 둔) client를 "$EX_BIN"에서 부른다.
# 결정적으로 만드는 법 (02장의 테스트와 같다): server를 SIGSTOP으로 멈춰 두고 시그널을 여러 개 보낸 뒤 SIGCONT.
# 그러면 여러 시그널이 한꺼번에 보류된 채로 server의 마스크가 풀린다. 언제 돌려도 같다.

# shellcheck disable=SC2154  # $stderr 는 bats 의 run --separate-stderr 가 채운다
load "$IPC_TOP/tests/test_helper"

start() {
  start_server server.log "$EX_BIN/server"
  wait_for_line server.log '^server: ready \(pid [0-9]+\)$'
}

# send [client 인자...]: client를 보내는 쪽 PID를 알 수 있게 실행한다 (SENDER_PID). 인자 "S"는 server의 PID.
send() {
  local args=() a
  for a in "$@"; do [ "$a" = S ] && args+=("$SERVER_PID") || args+=("$a"); done
  # shellcheck disable=SC2016  # $$는 sh가 펼친다
  run_timeout sh -c 'echo $$ >sender.pid; exec "$@"' sh "$EX_BIN/client" "${args[@]}"
  SENDER_PID=$(cat sender.pid)
  [ "$status" -eq 0 ] || hint "client가 보내지 못했다 (상태 $status): $output. client.c는 고칠 곳이 아니다"
}

# events: server가 알린 시그널 줄의 수
events() { grep -cE '^server: SIG[A-Z0-9]+ (from |\()' server.log || true; }

# values_of SIGNAME PID: 그 PID에게서 받은 SIGNAME의 값들을 한 줄로
values_of() {
  sed -n "s/^server: $1 from pid $2 (sigqueue, value \\(-*[0-9]*\\))\$/\\1/p" server.log | paste -sd' '
}

# pending PID: 프로세스 전체의 보류 집합 (/proc/PID/status의 ShdPnd, 16진수)
pending() { awk '$1 == "ShdPnd:" { print $2 }' "/proc/$1/status" 2>/dev/null; }

# stop_and_wait: server를 SIGSTOP으로 멈추고 정말 멈출 때까지 (상태 T) 기다린다
stop_and_wait() {
  kill -STOP "$SERVER_PID"
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(proc_state "$SERVER_PID")" = T ]; do
    [ $((tries -= 1)) -gt 0 ] || hint "server가 멈추지 않는다 (상태 $(proc_state "$SERVER_PID"))"
    sleep "$POLL_INTERVAL"
  done
}

OVERLAP_HINT="핸들러가 도는 동안 보류돼 있던 다른 시그널의 핸들러가 그 위에 겹쳐 돌면, 핸들러들이 같은 got_* 변수에 차례로 덮어쓰고 main은 마지막 것 하나만 본다. 핸들러가 도는 동안 커널이 무엇을 차단하는지 정하는 칸은 어디인가? (man 2 sigaction의 sa_mask, 02장 NOTES 1.4절과 1.5절)"

@test "each signal is reported with its sender and how it was sent" {
  start
  send S usr1
  wait_for_line server.log "^server: SIGUSR1 from pid $SENDER_PID \\(kill\\)\$" || hint "SIGUSR1을 알리지 않았다: $(cat server.log)"
  send S rt 42
  wait_for_line server.log "^server: SIGRTMIN from pid $SENDER_PID \\(sigqueue, value 42\\)\$" ||
    hint "값 42를 알리지 않았다: $(cat server.log)"
  stop_server_cleanly
}

@test "signals that pile up while the server is stopped are all reported after SIGCONT" {
  start
  stop_and_wait
  send -n 5 S usr1 1 # 표준 시그널: 보류 비트가 하나라 값 1 하나로 합쳐진다 (이것은 버그가 아니다)
  local usr1_pid=$SENDER_PID
  send -n 5 S rt 1 # 실시간 시그널: 다섯 개가 값과 함께 쌓인다
  local rt_pid=$SENDER_PID
  kill -CONT "$SERVER_PID"
  # 여섯 줄을 기다린다. 모자라면 잃은 것이다: 커널은 보류된 시그널을 모두 배달하고, 끝난 것은 끝난 것이다.
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(events)" -ge 6 ]; do
    alive "$SERVER_PID" || hint "server가 끝났다: $(cat server.log)"
    [ $((tries -= 1)) -gt 0 ] || break
    # 보류가 모두 비었고 server가 잠들었는데도 모자라면, 더 기다려도 오지 않는다
    [ "$(proc_state "$SERVER_PID")" = S ] && [ "$(pending "$SERVER_PID")" = 0000000000000000 ] && break
    sleep "$POLL_INTERVAL"
  done
  [ "$(events)" -eq 6 ] ||
    hint "보낸 시그널 여섯 개(SIGUSR1 하나, SIGRTMIN 다섯)가 모두 배달됐는데 server는 $(events)줄만 알렸다: $(grep -E '^server: SIG[A-Z0-9]+ from' server.log | tr '\n' '|'). $OVERLAP_HINT"
  [ "$(values_of SIGUSR1 "$usr1_pid")" = 1 ] || hint "SIGUSR1(값 1)을 한 번 알려야 한다: $(cat server.log)"
  [ "$(values_of SIGRTMIN "$rt_pid")" = '1 2 3 4 5' ] || hint "SIGRTMIN은 값 1..5가 보낸 순서대로다: $(values_of SIGRTMIN "$rt_pid")"
  stop_server_cleanly
}

@test "a SIGTERM that arrives together with another signal is not lost: the server reports both and exits 0" {
  start
  stop_and_wait
  send S usr1
  local usr1_pid=$SENDER_PID
  send S term
  local term_pid=$SENDER_PID
  kill -CONT "$SERVER_PID" # 리눅스는 번호가 낮은 SIGUSR1(10)을 SIGTERM(15)보다 먼저 배달한다
  # 보류된 것이 다 배달되고 server가 다시 잠들었다면(상태 S, ShdPnd 0) SIGTERM은 잃은 것이다
  local tries=$((WAIT_TIMEOUT * 50)) idle=0
  while alive "$SERVER_PID"; do
    if [ "$(proc_state "$SERVER_PID")" = S ] && [ "$(pending "$SERVER_PID")" = 0000000000000000 ]; then
      idle=$((idle + 1))
    else
      idle=0
    fi
    [ "$idle" -lt 10 ] && [ $((tries -= 1)) -gt 0 ] ||
      hint "SIGTERM이 배달됐는데 server가 끝나지 않고 다시 잠들었다. 로그: $(tr '\n' '|' <server.log). $OVERLAP_HINT"
    sleep "$POLL_INTERVAL"
  done
  wait_exit "$SERVER_PID"
  [ "$EXIT_STATUS" -eq 0 ] || hint "끝난 상태가 $EXIT_STATUS다 (0이어야 한다)"
  grep -q "^server: SIGUSR1 from pid $usr1_pid (kill)\$" server.log || hint "SIGUSR1을 알리지 않았다: $(cat server.log)"
  grep -q "^server: SIGTERM from pid $term_pid (kill): shutting down\$" server.log ||
    hint "SIGTERM을 알리지 않았다: $(cat server.log)"
}

@test "SIGTERM, SIGINT and SIGHUP shut the server down cleanly (exit 0)" {
  local sig
  for sig in TERM INT HUP; do
    start
    stop_server "$sig" || hint "SIG$sig에 server가 끝나지 않는다"
    [ "$EXIT_STATUS" -eq 0 ] || hint "SIG$sig에 상태 $EXIT_STATUS (0이어야 한다): $(cat server.log)"
    grep -q "^server: SIG$sig from pid [0-9]* (kill): shutting down\$" server.log ||
      hint "알린 줄이 없다 (SIG$sig): $(cat server.log)"
  done
}
