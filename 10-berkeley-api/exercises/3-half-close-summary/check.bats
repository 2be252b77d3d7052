#!/usr/bin/env bats
# 10-berkeley-api 연습 3의 채점기: make exercise EX=10-berkeley-api/3 이 부른다 (tools/exercise.sh).
# 학생의 server와 (그대로 둔) client를 "$EX_BIN"에서 부른다. server는 -p 0, 포트는 준비 줄에서 읽는다.

# shellcheck disable=SC2154  # $stderr 는 bats 의 run --separate-stderr 가 채운다
load "$IPC_TOP/tests/test_helper"

start_tcp() {
  start_server server.log "$EX_BIN/server" -p 0
  wait_for_line server.log '^server: ready on 127\.0\.0\.1:[0-9]+ \(pid [0-9]+\)$' || hint "server가 준비 줄을 찍지 못했다"
  PORT=$(sed -n 's/^server: ready on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' server.log)
}

# received: client 의 출력(output)에서 recv 줄들의 따옴표 안을 이어 붙인다 (\xNN 표기 그대로)
received() {
  sed -n 's/^client: recv([0-9]*) = [1-9][0-9]* "\(.*\)"$/\1/p' <<<"$output" | tr -d '\n'
}

# talk TEXT: client 를 실행하고 상태와 받은 바이트를 본다
talk() {
  run_timeout --separate-stderr "$EX_BIN/client" -p "$PORT" "$1"
  [ "$status" -eq 0 ] || hint "client가 상태 $status로 끝났다: $stderr"
}

@test "after the client's shutdown(SHUT_WR) the server sends the summary line N bytes, and only then closes" {
  start_tcp
  talk hello
  local got
  got=$(received)
  [ "$got" = 'HELLO5 bytes\x0a' ] ||
    hint "client가 받은 것: '$got' (기대: 'HELLO5 bytes\\x0a'). EOF(recv = 0)를 본 뒤, 닫기 전에 보낸다: 연결은 반만 닫혔다 (man 2 shutdown)"
  wait_for_line server.log '^server: close\([0-9]+\) = 0$'
  # 줄 번호: EOF를 본 줄 < 요약을 보낸 줄 < close 줄
  local eof sum cls
  eof=$(grep -nE '^server: recv\([0-9]+\) = 0 ' server.log | head -n 1 | cut -d: -f1)
  sum=$(grep -nF 'bytes\x0a") = ' server.log | head -n 1 | cut -d: -f1)
  cls=$(grep -nE '^server: close\([0-9]+\) = 0$' server.log | head -n 1 | cut -d: -f1)
  [ -n "$eof" ] && [ -n "$sum" ] && [ -n "$cls" ] && [ "$eof" -lt "$sum" ] && [ "$sum" -lt "$cls" ] ||
    hint "server 로그의 순서가 recv = 0 (EOF) → send(\"5 bytes\\x0a\") → close가 아니다: $(grep -E 'recv|send|close' server.log | tr '\n' ' ')"
  stop_server_cleanly
}

@test "a 600-byte text that arrives in several recv calls is counted whole" {
  start_tcp
  local text
  text=$(printf 'x%.0s' {1..600})
  talk "$text"
  local got want
  got=$(received)
  want="$(printf 'X%.0s' {1..600})600 bytes\\x0a"
  [ "$got" = "$want" ] ||
    hint "600바이트를 보냈는데 요약이 '${got:600}'다. recv 한 번은 메시지 하나가 아니다: 연결에서 받은 모든 바이트를 센다"
  [ "$(grep -c '^server: recv([0-9]*) = [1-9]' server.log)" -ge 2 ] || skip "the text arrived in one recv here"
  stop_server_cleanly
}

@test "two clients in turn each get their own count" {
  start_tcp
  talk abc
  [ "$(received)" = 'ABC3 bytes\x0a' ] || hint "첫 client: '$(received)'"
  talk defgh
  [ "$(received)" = 'DEFGH5 bytes\x0a' ] || hint "둘째 client가 받은 것: '$(received)'. 세는 변수가 연결마다 0에서 시작하는가?"
  stop_server_cleanly
}

@test "a client that closes without reading the summary does not hurt the server" {
  start_tcp
  local fd
  exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"
  printf 'bye' >&"$fd"
  exec {fd}>&- # 보내고 곧바로 close: 요약은 받을 사람이 없다 (그 쪽 커널이 RST로 답한다)
  wait_for_line server.log '^server: close\([0-9]+\) = 0$' || hint "server가 그 연결을 닫지 못했다"
  alive "$SERVER_PID" || hint "요약을 받지 않고 떠난 client 때문에 server가 끝났다 (SIGPIPE? man 2 send의 MSG_NOSIGNAL)"
  talk after
  [ "$(received)" = 'AFTER5 bytes\x0a' ] || hint "다음 client가 받은 것: '$(received)'"
  stop_server_cleanly
}
