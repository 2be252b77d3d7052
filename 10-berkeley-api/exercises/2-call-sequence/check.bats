#!/usr/bin/env bats
# 10-berkeley-api 연습 2의 채점기: make exercise EX=10-berkeley-api/2 이 부른다 (tools/exercise.sh).
# 학생의 server와 (그대로 둔) client를 "$EX_BIN"에서 부른다. server는 늘 -p 0으로 띄우고 포트는 준비 줄에서 읽는다.
# fd 번호는 보지 않는다 (채점기가 물려준 fd가 있으면 3이 아닐 수 있다).

# shellcheck disable=SC2154  # $stderr 는 bats 의 run --separate-stderr 가 채운다
load "$IPC_TOP/tests/test_helper"

start_tcp() {
  start_server server.log "$EX_BIN/server" -p 0
  wait_for_line server.log '^server: ready on 127\.0\.0\.1:[0-9]+ \(pid [0-9]+\)$' ||
    hint "준비 줄이 나오지 않았다. 로그에서 -1을 돌려준 호출을 찾아라: 그 TODO를 채운다 (man 2 socket, man 2 bind, man 2 listen)"
  PORT=$(sed -n 's/^server: ready on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' server.log)
}

@test "the calls come in order: socket, setsockopt, bind, getsockname (a real port), listen, ready" {
  start_tcp
  local re
  re=$(grep -oE '^server: (socket|setsockopt|bind|listen)\(' server.log | tr -d '\n')
  [ "$re" = 'server: socket(server: setsockopt(server: bind(server: listen(' ] ||
    hint "호출의 순서가 socket → setsockopt → bind → listen이 아니다: $re"
  grep -qE '^server: setsockopt\([0-9]+, SOL_SOCKET, SO_REUSEADDR, 1\) = 0$' server.log || hint "setsockopt 줄이 없다"
  grep -qE "^server: getsockname\\([0-9]+\\) = 127\\.0\\.0\\.1:$PORT$" server.log ||
    hint "bind 뒤의 getsockname이 커널이 고른 포트를 보이지 않는다 (man 2 bind, 포트 0)"
  stop_server_cleanly
}

@test "a client gets its answer, and accept reports the client's own address" {
  start_tcp
  run_timeout --separate-stderr "$EX_BIN/client" -p "$PORT" hello
  [ "$status" -eq 0 ] && [[ $output =~ recv\([0-9]+\)\ =\ 5\ \"HELLO\" ]] ||
    hint "client가 답을 받지 못했다 (상태 $status: $stderr). server 로그: $(tail -n 3 server.log)"
  local mine
  mine=$(sed -n 's/^client: getsockname([0-9]*) = \(127\.0\.0\.1:[1-9][0-9]*\)$/\1/p' <<<"$output")
  wait_for_line server.log '^server: close\([0-9]+\) = 0$'
  grep -qE "^server: accept\\([0-9]+\\) = [0-9]+ from $mine$" server.log ||
    hint "accept의 from이 client의 주소($mine)가 아니다: $(grep accept server.log). accept의 세 번째 인자는 값-결과 인자다: 부르기 전에 버퍼의 크기로 채운다 (man 2 accept)"
  stop_server_cleanly
}

@test "a second server on the same port fails at bind with EADDRINUSE and exits 1" {
  start_tcp
  run_timeout --separate-stderr "$EX_BIN/server" -p "$PORT"
  [ "$status" -eq 1 ] && [[ $output == *"bind("*"127.0.0.1:$PORT) = -1 EADDRINUSE"* ]] ||
    hint "두 번째 server가 bind에서 EADDRINUSE로 끝나야 한다 (상태 $status): $(grep -E 'bind|listen' <<<"$output")"
  stop_server_cleanly
}

@test "a server stopped with a client connected can be restarted on the same port at once (TIME_WAIT)" {
  start_tcp
  local fd tries=250
  exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"
  wait_for_line server.log '^server: accept\(' || hint "server가 연결을 받지 못했다 (TODO 5, man 2 accept)"
  stop_server_cleanly TERM
  exec {fd}<&-
  until awk -v p="$(printf '%04X' "$PORT")" '$2 ~ ":" p "$" && $4 == "06" { f = 1 } END { exit !f }' /proc/net/tcp; do
    [ $((tries -= 1)) -gt 0 ] || skip "no TIME_WAIT appeared on port $PORT"
    sleep "$POLL_INTERVAL"
  done
  start_server server2.log "$EX_BIN/server" -p "$PORT"
  # shellcheck disable=SC2034  # stop_server_cleanly 가 SERVER_LOG 를 읽는다
  SERVER_LOG=server2.log
  wait_for_line server2.log "^server: ready on 127\\.0\\.0\\.1:$PORT " ||
    hint "끝난 연결이 TIME_WAIT로 포트를 쥐고 있어 bind가 실패했다: $(grep bind server2.log). 어떤 소켓 옵션을 bind 전에 켜는가? (man 7 socket의 SO_REUSEADDR)"
  stop_server_cleanly
}
