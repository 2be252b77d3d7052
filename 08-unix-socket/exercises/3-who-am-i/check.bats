#!/usr/bin/env bats
# 08-unix-socket 연습 3의 채점기: make exercise EX=08-unix-socket/3 이 부른다 (tools/exercise.sh).
# 학생의 server와 (그대로 둔) client를 "$EX_BIN"에서 부른다.

# shellcheck disable=SC2154,SC2016,SC2030,SC2031  # $stderr 는 run --separate-stderr 가 채운다; bash -c 의 $1 은 그 안에서 펼친다; SERVER_PID 는 테스트마다 따로다
load "$IPC_TOP/tests/test_helper"

start_sock() {
  start_server server.log "$EX_BIN/server" -s ./s.sock
  wait_for_line server.log '^server: ready on \./s\.sock \(pid [0-9]+\)$'
}

# talk 바이트 [client]: printf %b로 만든 바이트를 client 하나로 보낸다 (run의 status/output).
# client의 PID는 TALK_PID에 (sh가 자기 PID를 적고 exec 하므로 client가 그 PID를 물려받는다).
talk() {
  run_timeout --separate-stderr bash -c 'printf "%b" "$1" | sh -c '\''echo $$ >talk.pid; exec "$0" -s ./s.sock'\'' "$2"' \
    _ "$1" "${2:-$EX_BIN/client}"
  TALK_PID=$(cat talk.pid)
}

@test "lines other than the two requests are answered as before" {
  start_sock
  talk 'hello\nwhoami\nWHOAMI \nclients\n'
  [ "$status" -eq 0 ] || hint "client가 상태 $status로 끝났다: $stderr"
  [ "$output" = $'OK HELLO\nOK WHOAMI\nOK WHOAMI \nOK CLIENTS' ] ||
    hint "여느 줄의 답이 달라졌다: '$output'. 요청은 줄 전체가 꼭 WHOAMI 또는 CLIENTS일 때만이다 (길이도 같아야 한다)"
  stop_server_cleanly
}

@test "WHOAMI answers the UID and PID of the process that connected" {
  start_sock
  talk 'WHOAMI\n'
  [ "$output" = "OK uid $(id -u) pid $TALK_PID" ] ||
    hint "WHOAMI의 답이 '$output'이다 ('OK uid $(id -u) pid $TALK_PID'여야 한다). PID는 server의 것이 아니라 connect 한 client의 것이다: 커널이 accept 뒤의 getsockopt(SO_PEERCRED)로 알려 준다"
  grep -q "^server: pid $TALK_PID (uid $(id -u)) connected" server.log || hint "server의 로그에 이 client의 연결 줄이 없다"
  stop_server_cleanly
}

@test "WHOAMI from another user (nobody) names that user, not the server's" {
  need_other_user
  start_sock
  chmod 666 s.sock # root의 server: nobody도 connect 할 수 있게 (리눅스는 소켓 파일의 쓰기 권한을 본다)
  chmod 711 "$TEST_TMP"
  mkdir nb && cp "$EX_BIN/client" nb/client && chmod 755 nb nb/client
  printf '#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups -- %s/nb/client "$@"\n' "$TEST_TMP" >nb/client-as-nobody
  chmod 755 nb/client-as-nobody
  talk 'WHOAMI\n' "$TEST_TMP/nb/client-as-nobody"
  [ "$output" = "OK uid 65534 pid $TALK_PID" ] ||
    hint "nobody의 WHOAMI에 '$output'으로 답했다 ('OK uid 65534 pid $TALK_PID'여야 한다). server 자신의 getuid()가 아니라, 연결의 상대를 커널에게 물어야 한다 (man 7 socket의 SO_PEERCRED)"
  stop_server_cleanly
}

@test "CLIENTS counts the clients connected right now, the asking one included" {
  start_sock
  local spid=$SERVER_PID slog=$SERVER_LOG i fd held=() fds=()
  for i in 1 2; do
    mkfifo "in.$i"
    start_server "out.$i" sh -c 'exec "$0" -s ./s.sock <"$1"' "$EX_BIN/client" "in.$i"
    held+=("$SERVER_PID")
  done
  SERVER_PID=$spid SERVER_LOG=$slog
  for i in 1 2; do
    exec {fd}<>"in.$i"
    fds+=("$fd")
  done
  for i in 0 1; do
    wait_for_line server.log "^server: pid ${held[$i]} \\(uid [0-9]+\\) connected" "${held[$i]}"
    rm "in.$((i + 1))"
  done
  talk 'CLIENTS\n'
  [ "$output" = "OK 3 clients" ] ||
    hint "client 둘이 연결된 채 셋째가 물었는데 '$output'이다 ('OK 3 clients'여야 한다): 연결이 늘 때 수를 센다"
  for i in 0 1; do
    fd=${fds[$i]}
    exec {fd}>&-
    wait_exit "${held[$i]}"
  done
  wait_for_line server.log "^server: pid ${held[1]} left"
  talk 'CLIENTS\n'
  [ "$output" = "OK 1 clients" ] ||
    hint "둘이 떠난 뒤 '$output'이다 ('OK 1 clients'여야 한다): 연결이 끊길 때도 수를 고친다"
  stop_server_cleanly
}
