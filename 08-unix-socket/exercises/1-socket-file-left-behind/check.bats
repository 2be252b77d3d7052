#!/usr/bin/env bats
# 08-unix-socket 연습 1의 채점기: make exercise EX=08-unix-socket/1 이 부른다 (tools/exercise.sh).
# 학생의 server와 (그대로 둔) client를 "$EX_BIN"에서 부른다.

# shellcheck disable=SC2154,SC2016  # $stderr 는 bats 의 run --separate-stderr 가 채운다; bash -c 의 $1 은 그 안에서 펼친다
load "$IPC_TOP/tests/test_helper"

start_sock() {
  start_server "${1:-server.log}" "$EX_BIN/server" -s ./s.sock
  wait_for_line "${1:-server.log}" '^server: ready on \./s\.sock \(pid [0-9]+\)$'
}

# stop_sock 시그널: 보내고 끝나기를 기다린 뒤, 상태 0과 소켓 파일이 없는지 본다
stop_sock() {
  stop_server "$1"
  [ "$EXIT_STATUS" -eq 0 ] || hint "SIG$1 시그널에 상태 $EXIT_STATUS로 끝났다 (0이어야 한다): 정리 코드에서 실패한 호출이 있는지 보라. $(cat server.log)"
  [ ! -e s.sock ] ||
    hint "SIG$1 시그널로 끝난 server가 s.sock을 남겼다 ($(stat -c %F s.sock)). close()는 커널 안의 소켓을 치울 뿐, bind()가 파일 시스템에 만든 이름은 남는다 (man 7 unix, man 2 unlink)"
}

@test "a client gets an answer line for its line" {
  start_sock
  run_timeout --separate-stderr bash -c 'echo hello | "$1" -s ./s.sock' _ "$EX_BIN/client"
  [ "$status" -eq 0 ] && [ "$output" = "OK HELLO" ] || hint "한 줄에 답 한 줄이 와야 한다 (상태 $status: $output $stderr): 고치다가 짝의 나머지를 망가뜨리지 않았는지 보라"
  stop_server TERM
  rm -f s.sock # 이 검사는 대화만 본다 (정리는 다음 검사가 본다)
}

@test "SIGTERM, SIGINT and SIGHUP each end the server with status 0 and no socket file" {
  local sig
  for sig in TERM INT HUP; do
    start_sock
    stop_sock "$sig"
  done
}

@test "after the server has stopped, a client is told there is no socket file (ENOENT)" {
  start_sock
  kill -TERM "$SERVER_PID"
  wait_exit "$SERVER_PID"
  run_timeout --separate-stderr bash -c 'echo hi | "$1" -s ./s.sock' _ "$EX_BIN/client"
  [ "$status" -eq 1 ] || hint "server가 없는데 client가 상태 $status로 끝났다"
  [[ $stderr == *"No such file or directory"* ]] ||
    hint "server가 끝난 뒤 client가 '$stderr'를 받았다. ECONNREFUSED는 '이름은 있는데 그 뒤에 듣는 소켓이 없다'는 뜻이다: 끝난 server가 무엇을 남겼는가?"
  rm -f s.sock
}

@test "the next server on the same path finds nothing stale to remove" {
  start_sock
  stop_server TERM
  start_sock next.log
  ! grep -q 'removed stale socket' next.log ||
    hint "다음 server가 stale 소켓 파일을 치워야 했다: 앞의 server가 끝날 때 제 이름을 지우지 않았다. SIGKILL이 아닌 끝에서는 server가 스스로 지운다"
  stop_server TERM
  rm -f s.sock
}

@test "a second server does not steal a live server's path, and a file that is not a socket is left alone" {
  start_sock
  local first=$SERVER_PID
  run_timeout --separate-stderr "$EX_BIN/server" -s ./s.sock
  [ "$status" -eq 1 ] && [[ $stderr == *"Address already in use"* ]] ||
    hint "살아 있는 server의 경로에 두 번째 server가 떴다 (상태 $status). 시작할 때 경로를 무조건 지우면 남의 이름을 빼앗는다: 지워도 되는 것은 아무도 듣지 않는 소켓 파일뿐이다"
  alive "$first" || hint "두 번째 server 때문에 첫 server가 끝났다"
  stop_server TERM
  rm -f s.sock
  echo mine >s.sock
  run_timeout --separate-stderr "$EX_BIN/server" -s ./s.sock
  [ "$status" -eq 1 ] && [ "$(cat s.sock)" = mine ] ||
    hint "소켓이 아닌 일반 파일 s.sock을 server가 지웠다 (상태 $status): 남의 파일은 건드리지 않는다 (lstat, S_ISSOCK)"
}
