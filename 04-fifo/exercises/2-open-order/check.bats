#!/usr/bin/env bats
# 04-fifo 연습 2의 채점기: make exercise EX=04-fifo/2 가 부른다 (tools/exercise.sh).
# 학생의 client와 (그대로 둔) server를 "$EX_BIN"에서 부른다.

# shellcheck disable=SC2154  # $stderr 는 bats 의 run --separate-stderr 가 채운다
load "$IPC_TOP/tests/test_helper"

start_fifo_server() {
  start_server server.log "$EX_BIN/server" -f ./srv.fifo
  wait_for_line server.log '^server: ready on \./srv\.fifo \(pid [0-9]+\)$'
}

# start_client 로그 [client 인자...]: client를 배경에서 띄운다 (PID는 CLIENT_PID). fd 9(테스트가 쥔
# 읽지 않는 server)는 물려주지 않는다. teardown이 남은 프로세스를 치운다.
start_client() {
  local log=$1 spid=${SERVER_PID:-} slog=${SERVER_LOG:-}
  shift
  # shellcheck disable=SC2016  # $0, $@ 는 bash -c 안에서 펼친다
  start_server "$log" bash -c 'exec "$0" "$@" 9>&-' "$EX_BIN/client" -f ./srv.fifo "$@"
  CLIENT_PID=$SERVER_PID
  SERVER_PID=$spid SERVER_LOG=$slog
}

# wait_sleeping PID 로그: PID가 잠들 때까지 (상태 S) 기다린다. 먼저 끝나면 로그와 함께 힌트를 남긴다.
wait_sleeping() {
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(proc_state "$1")" = S ]; do
    alive "$1" || hint "client가 요청을 보내기도 전에 끝났다: $(cat "$2")"
    [ $((tries -= 1)) -gt 0 ] || hint "client가 ${WAIT_TIMEOUT}초 안에 잠들지 않았다 (상태 $(proc_state "$1"))"
    sleep "$POLL_INTERVAL"
  done
}

# reader_fd PID 경로: PID가 경로를 읽기로 (O_RDONLY) 연 fd가 있는가
reader_fd() {
  local fd flags
  for fd in /proc/"$1"/fd/*; do
    [ "$(readlink "$fd")" = "$2" ] || continue
    flags=$(awk '/^flags:/ { print "0" $2 }' "/proc/$1/fdinfo/${fd##*/}")
    [ $((flags & 3)) -eq 0 ] && return 0
  done
  return 1
}

@test "bad arguments give a usage line on stderr and exit 2" {
  run_timeout --separate-stderr "$EX_BIN/client" -t 0 hi
  [ "$status" -eq 2 ] || hint "인자 검사는 고칠 곳이 아니다: 처음 코드로 되돌려 보라"
}

@test "round trip: the client gets its TEXT back in upper case" {
  start_fifo_server
  run_timeout --separate-stderr "$EX_BIN/client" -f ./srv.fifo 'hello fifo'
  [ "$status" -eq 0 ] ||
    hint "client가 상태 $status로 끝났다 ($stderr). TODO 1과 2의 open()이 잠들거나 실패하지 않는지 보라 (상태 124나 137은 시간 초과: 어느 open()이 반대쪽을 기다리는가? man 7 fifo)"
  [[ $output == *'client: got "HELLO FIFO"'* ]] || hint "답이 오지 않았다: $output"
  stop_server_cleanly
}

@test "with a FIFO nobody reads, the client says no server runs and exits 1 at once" {
  mkfifo -m 600 srv.fifo # SIGKILL된 server가 남긴 것처럼: 이름은 있지만 아무도 읽지 않는다
  RUN_TIMEOUT=5 run_timeout --separate-stderr "$EX_BIN/client" -f ./srv.fifo hi
  rm -f srv.fifo srv.fifo.*
  [ "$status" -ne 124 ] && [ "$status" -ne 137 ] ||
    hint "client가 5초 안에 끝나지 않았다: 읽는 쪽이 없는 FIFO를 쓰기로 여는 블로킹 open()은 reader가 올 때까지 잠든다. 기다리지 않고 실패하게 여는 방법은? (man 2 open의 O_NONBLOCK과 ENXIO)"
  [ "$status" -eq 1 ] || hint "상태 $status로 끝났다 (1이어야 한다)"
  [[ $stderr == *'No such device or address (is the server running?)'* ]] ||
    hint "ENXIO가 아니다 ($stderr): reader가 없는 FIFO를 O_WRONLY와 무엇으로 열어야 ENXIO인가 (man 7 fifo)"
}

@test "the reply FIFO is open for reading before the request is sent" {
  mkfifo -m 600 srv.fifo
  exec 9<>srv.fifo # 읽기는 하지만 꺼내 가지 않는 server: client의 요청은 자리가 날 때까지 못 들어간다
  timeout 5 dd if=/dev/zero of=srv.fifo bs=4096 count=1024 oflag=nonblock 2>/dev/null || true # 가득 채운다
  start_client client.log -t 20 hello
  wait_sleeping "$CLIENT_PID" client.log
  # 이제 client는 요청을 쓸 자리를 기다리며 잔다. 그 전에 답 FIFO의 읽는 끝이 열려 있어야 한다.
  if ! reader_fd "$CLIENT_PID" "$TEST_TMP/srv.fifo.$CLIENT_PID"; then
    exec 9>&-
    hint "요청을 보내려는 순간에 답 FIFO(srv.fifo.PID)가 읽기로 열려 있지 않다. server는 요청을 읽자마자 답 FIFO를 O_WRONLY|O_NONBLOCK으로 여는데, 그때 읽는 끝이 없으면 ENXIO로 답을 버린다. 답 FIFO는 언제, 어떻게 열어야 잠들지 않으면서 제때 열려 있는가? (man 7 fifo, 04장 NOTES 1.2절)"
  fi
  stop_server TERM "$CLIENT_PID" ||
    hint "SIGTERM을 보냈는데 client가 끝나지 않는다. 차단해 둔 시그널은 ppoll() 안에서만 배달된다: client가 ppoll()이 아닌 곳(블로킹 fd의 write() 같은)에서 잠들지 않는지 보라 (TODO 1의 플래그)"
  exec 9>&-
  rm srv.fifo
  [ "$EXIT_STATUS" -eq 0 ] || hint "SIGTERM에 상태 $EXIT_STATUS로 끝났다: $(cat client.log)"
}

@test "a server SIGKILLed while the client waits: the client notices at once, removes its FIFO, exits 1" {
  start_fifo_server
  kill -STOP "$SERVER_PID" # 답하지 않는 server
  start_client client.log -t 30 hello
  wait_for_line client.log '^client: sent ' "$CLIENT_PID" ||
    hint "client가 요청을 보내지 못했다: $(cat client.log)"
  kill -KILL "$SERVER_PID"
  wait_exit "$SERVER_PID"
  rm srv.fifo # SIGKILL된 server는 자기 FIFO를 지우지 못한다
  wait_exit "$CLIENT_PID" ||
    hint "server가 죽었는데 client가 ${WAIT_TIMEOUT}초 안에 알아채지 못했다 (-t 30초를 다 기다린다). 읽는 쪽이 모두 사라진 파이프의 쓰는 끝에는 poll이 무엇을 알리는가? (man 2 poll의 POLLERR) TODO 3"
  [ "$EXIT_STATUS" -eq 1 ] || hint "상태 $EXIT_STATUS로 끝났다 (1이어야 한다): $(cat client.log)"
  grep -q 'the server is gone' client.log || hint "client가 server가 사라졌다고 말하지 않았다: $(cat client.log)"
}

@test "SIGTERM stops a waiting client; it removes its reply FIFO and exits 0" {
  start_fifo_server
  kill -STOP "$SERVER_PID"
  start_client client.log -t 30 hello
  wait_for_line client.log '^client: sent ' "$CLIENT_PID" ||
    hint "client가 요청을 보내지 못했다: $(cat client.log)"
  stop_server TERM "$CLIENT_PID" || hint "SIGTERM을 보냈는데 client가 끝나지 않는다: $(cat client.log)"
  [ "$EXIT_STATUS" -eq 0 ] || hint "SIGTERM에 상태 $EXIT_STATUS로 끝났다: $(cat client.log)"
  kill -CONT "$SERVER_PID"
  stop_server_cleanly
}
