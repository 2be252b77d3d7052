#!/usr/bin/env bats
# 08-unix-socket 연습 2의 채점기: make exercise EX=08-unix-socket/2 가 부른다 (tools/exercise.sh).
# 학생의 server와 (그대로 둔) client를 "$EX_BIN"에서 부른다.

# shellcheck disable=SC2154,SC2016,SC2030,SC2031  # $stderr 는 bats 의 run --separate-stderr 가 채운다; bash -c 의 $1 은 그 안에서 펼친다; SERVER_PID 는 테스트마다 따로다
load "$IPC_TOP/tests/test_helper"

# start_sock [UMASK]: 그 umask로 server를 띄우고 준비 줄을 기다린다
start_sock() {
  start_server server.log bash -c 'umask "$1"; exec "$2" -s ./s.sock' _ "${1:-022}" "$EX_BIN/server"
  wait_for_line server.log '^server: ready on \./s\.sock \(pid [0-9]+\)$' ||
    hint "준비 줄이 나오기 전에 server가 끝났다: 로그의 첫 줄이 어느 TODO의 호출이 실패했는지 말한다 ($(head -n 1 server.log))"
}

# ask TEXT: client 하나로 한 줄을 보내고 답을 받는다 (run의 status/output)
ask() {
  run_timeout --separate-stderr bash -c 'printf "%s\n" "$1" | "$2" -s ./s.sock' _ "$1" "$EX_BIN/client"
}

@test "after the ready line a client connects and gets OK with its line in upper case" {
  start_sock
  ask hello
  [ "$status" -eq 0 ] && [ "$output" = "OK HELLO" ] ||
    hint "client가 답을 받지 못했다 (상태 $status: $output $stderr). ECONNREFUSED면 listen이, ENOENT면 bind가 빠졌다: 준비 줄은 listen 뒤에 찍힌다 (man 2 listen)"
  stop_server_cleanly
}

@test "the socket file is a socket of mode 600 under umask 000, 022 and 077" {
  local m
  for m in 000 022 077; do
    start_sock "$m"
    [ "$(stat -c '%F %a' s.sock)" = "socket 600" ] ||
      hint "umask $m에서 소켓 파일이 $(stat -c '%F %a' s.sock)이다. bind가 만드는 파일의 모드는 0777 & ~umask다: bind 동안만 umask를 좁힌다 (man 2 umask, man 7 unix)"
    stop_server_cleanly
  done
}

@test "a client holding half a line does not keep another client waiting" {
  start_sock
  local spid=$SERVER_PID slog=$SERVER_LOG held fd
  mkfifo in.1
  start_server out.1 sh -c 'exec "$0" -s ./s.sock <in.1' "$EX_BIN/client"
  held=$SERVER_PID
  SERVER_PID=$spid SERVER_LOG=$slog
  exec {fd}<>in.1
  wait_for_line server.log "^server: pid $held \\(uid [0-9]+\\) connected" "$held"
  rm in.1 # client는 stdin을 연 뒤에 connect 했다: 이제 이름은 필요 없다
  printf 'hel' >&"$fd" # '\n'이 없다: server에는 반쪽 줄이 남는다
  ask other
  [ "$status" -eq 0 ] && [ "$output" = "OK OTHER" ] ||
    hint "반쪽 줄을 든 client가 있는 동안 다른 client가 답을 받지 못했다 (상태 $status). server는 읽을 것이 있다고 알려진 소켓만 읽고, 모든 소켓을 ppoll 하나로 기다린다"
  printf 'lo\n' >&"$fd"
  exec {fd}>&-
  wait_exit "$held"
  [ "$(cat out.1)" = "OK HELLO" ] || hint "두 번에 나뉘어 온 줄의 답이 '$(cat out.1)'이다 (OK HELLO여야 한다)"
  stop_server_cleanly
}

@test "twenty clients started at once each get their own answer" {
  start_sock
  local i pids=()
  for i in $(seq 1 20); do
    timeout 20 bash -c 'echo "line$1" | "$2" -s ./s.sock >"out.$1" 2>&1' _ "$i" "$EX_BIN/client" 3>&- &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || true; done
  for i in $(seq 1 20); do
    [ "$(cat "out.$i")" = "OK LINE$i" ] ||
      hint "client $i가 '$(cat "out.$i")'를 받았다 (OK LINE$i여야 한다): 새 연결마다 accept4가 준 그 client의 소켓을 pfd에 넣고, 답도 그 소켓으로 쓴다"
  done
  stop_server_cleanly
}

@test "SIGTERM, SIGINT and SIGHUP each end the server with status 0 and remove the socket file" {
  local sig
  for sig in TERM INT HUP; do
    start_sock
    kill -s "$sig" "$SERVER_PID"
    wait_exit "$SERVER_PID" ||
      hint "SIG$sig 시그널을 보냈는데 server가 끝나지 않았다. 막아 둔 시그널은 ppoll이 잠든 동안 waitmask로 풀릴 때만 배달된다 (man 2 poll의 ppoll)"
    [ "$EXIT_STATUS" -eq 0 ] && [ ! -e s.sock ] ||
      hint "SIG$sig 시그널에 상태 $EXIT_STATUS로 끝났고 s.sock은 $([ -e s.sock ] && echo 남았다 || echo 없다)"
  done
}
