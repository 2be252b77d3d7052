#!/usr/bin/env bats
# 04-fifo 연습 1의 채점기: make exercise EX=04-fifo/1 이 부른다 (tools/exercise.sh).
# 학생의 server와 (그대로 둔) client를 "$EX_BIN"에서 부른다.

# shellcheck disable=SC2154  # $stderr 는 bats 의 run --separate-stderr 가 채운다
load "$IPC_TOP/tests/test_helper"

start_fifo_server() {
  start_server server.log "$EX_BIN/server" -f ./srv.fifo
  wait_for_line server.log '^server: ready on \./srv\.fifo \(pid [0-9]+\)$'
}

# stop_fifo_server: SIGTERM을 보내고 끝나기를 기다린다 (EXIT_STATUS). 끝나지 않으면 hint를 남긴다.
stop_fifo_server() {
  kill -TERM "$SERVER_PID"
  wait_exit "$SERVER_PID" ||
    hint "SIGTERM을 보냈는데 server가 끝나지 않는다. 차단해 둔 시그널은 ppoll()이 잠든 동안에만 배달된다: server가 잠들지 않고 돌고 있지 않은지 보라 (man 2 poll의 ppoll)"
}

# one_client TEXT: client 하나가 답을 받는다 (server가 없으면 hint를 남기고 실패한다)
one_client() {
  run_timeout --separate-stderr "$EX_BIN/client" -f ./srv.fifo "$1"
  [[ $status -eq 0 && $output == *"client: got \"${1^^}\""* ]] ||
    hint "client가 답을 받지 못했다 (상태 $status: $stderr). 첫 client가 FIFO를 닫은 뒤 server의 read()가 무엇을 돌려주는지 생각해 보라: 쓰는 끝을 가진 fd가 하나도 없으면 0(EOF)이다 (man 7 pipe, man 7 fifo)"
}

@test "one client gets its answer" {
  start_fifo_server
  one_client first
  if alive "$SERVER_PID"; then stop_fifo_server; else wait_exit "$SERVER_PID"; fi # 이 검사는 첫 대화만 본다
}

@test "a second client gets its answer after the first one has left" {
  start_fifo_server
  one_client first
  alive "$SERVER_PID" ||
    hint "첫 client가 떠나자 server가 끝났다. client들이 오가도 server의 FIFO에 쓰는 끝이 늘 하나는 남아 있게 하려면 누가 그 끝을 쥐고 있어야 할까 (여분의 writer, man 7 fifo)"
  one_client second
  one_client third
  stop_fifo_server
}

@test "between clients the server sleeps instead of spinning on EOF" {
  start_fifo_server
  one_client first
  # 잠든 server는 /proc/PID/stat의 상태가 S다. EOF를 되풀이하며 헛도는 server는 늘 R이다.
  local tries=$((WAIT_TIMEOUT * 50)) sleeping=0
  while [ "$sleeping" -lt 10 ]; do
    alive "$SERVER_PID" || hint "첫 client가 떠나자 server가 끝났다: EOF를 '끝'으로 읽지 않게 하라 (man 7 pipe의 'I/O on pipes and FIFOs')"
    if [ "$(proc_state "$SERVER_PID")" = S ]; then sleeping=$((sleeping + 1)); else sleeping=0; fi
    [ $((tries -= 1)) -gt 0 ] ||
      hint "client가 떠난 뒤 server가 잠들지 않고 돈다 (상태 $(proc_state "$SERVER_PID")). read()가 0을 돌려주는데 다시 부르기만 하면 ppoll()도 POLLHUP으로 곧바로 돌아온다: EOF가 아예 오지 않게 하는 방법을 찾아라 (여분의 writer)"
    sleep "$POLL_INTERVAL"
  done
  stop_fifo_server
}

@test "SIGTERM stops the server; it removes its FIFO and exits 0" {
  start_fifo_server
  stop_fifo_server
  [ "$EXIT_STATUS" -eq 0 ] || hint "SIGTERM에 상태 $EXIT_STATUS로 끝났다 (0이어야 한다): 정리 코드가 새로 연 fd도 닫는지 보라"
  [ ! -e srv.fifo ] || hint "server가 끝난 뒤에도 srv.fifo가 남았다: 만든 이름은 끝날 때 지운다"
}
