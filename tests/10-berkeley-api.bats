#!/usr/bin/env bats
# tests/10-berkeley-api.bats: 버클리 소켓 호출 하나하나 (socket, bind, listen, accept, connect, send/recv,
# shutdown, close, getsockname/getpeername)와 그 인자, 돌려준 값, errno
#
# 무엇을 시험하는가 (한 줄이 테스트 하나; 프로그램: S = server, C = client, E/x = experiments/x):
# | 프로그램  | 경우                                                          | 기대 (찍힌 호출 줄)                            |
# |-----------|---------------------------------------------------------------|-----------------------------------------------|
# | S         | 포트 0으로 시작                                               | socket = 3, getsockname 0.0.0.0:0, setsockopt, bind, getsockname 임시 포트, listen, 준비 줄 |
# | S C       | client 하나                                                   | socket, 0.0.0.0:0, connect = 0, 임시 포트, getpeername, send, shutdown, recv, EOF, close |
# | S C       | client 하나                                                   | accept = 4 from client의 포트, getsockname(4) = server의 포트 |
# | S C       | 제어 문자와 UTF-8이 든 TEXT                                   | 대문자, 남의 바이트는 \xNN                    |
# | S C       | client 셋이 차례로                                            | 듣는 fd 3은 그대로, 연결마다 accept = 4, close(4) |
# | S C       | server를 SIGSTOP 해 둔 채 client                              | connect, send, shutdown이 accept 전에 끝난다   |
# | S C       | -a 127.0.0.2                                                  | bind, connect가 그 주소                       |
# | S S       | 살아 있는 server의 포트에 두 번째 server                      | bind = -1 EADDRINUSE, stderr, 1; 첫 server는 계속 |
# | C         | 아무도 listen 하지 않는 포트                                  | connect = -1 ECONNREFUSED, stderr, 1           |
# | S         | SIGINT, SIGTERM, SIGHUP                                       | stopping, close(3) = 0, 0                     |
# | S         | 연결된 채 말이 없는 client가 있을 때 SIGTERM                  | close(4), close(3), 0; client는 EOF            |
# | S C       | 모르는 옵션, 남는 인자, 이름 주소, 포트 65536, -h             | 사용법 stderr + 2 / stdout + 0                |
# (실험의 행은 아래 "실험" 구역의 머리에)
# 포트: 모든 server는 -p 0으로 띄우고 준비 줄에서 포트를 읽는다. 기다림은 준비 줄, 로그의 줄, 프로세스의
# 끝이다 (고정된 sleep은 없다).

# shellcheck disable=SC2154  # stderr 는 bats 의 run --separate-stderr 가 채운다
load test_helper

CH=$(chapter_dir 10-berkeley-api)

# ONLY_STD 명령...: fd 0, 1, 2만 물려주고 exec 한다 (PID 는 그대로). bats 가 연 fd 3, 4가 새면 socket()이
# 돌려주는 "가장 작은 빈 번호"가 3이 아니게 되고, 찍힌 호출 줄이 학생의 터미널에서와 달라진다.
# shellcheck disable=SC2016  # $$, $f, $n 은 bash -c 안에서 펼친다
ONLY_STD=(bash -c 'for f in /proc/$$/fd/*; do n=${f##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done; exec "$@"' _)

# start_tcp [인자...]: server를 -p 0으로 띄우고 준비 줄을 기다린 뒤 포트를 PORT에 둔다
start_tcp() {
  start_server server.log "${ONLY_STD[@]}" "$CH/server" -p 0 "$@"
  wait_for_line server.log "^server: ready on 127\\.0\\.0\\.[0-9]+:[0-9]+ \\(pid $SERVER_PID\\)$" || return 1
  PORT=$(sed -n 's/^server: ready on [0-9.]*:\([0-9]*\) .*/\1/p' server.log)
  [ -n "$PORT" ] && [ "$PORT" -gt 0 ]
}

# in_order 파일 줄...: 파일에 그 줄들이 (글자 그대로, 통째로) 이 순서로 있다. 사이에 다른 줄이 있어도 된다.
in_order() {
  local file=$1 n=0 want
  shift
  for want in "$@"; do
    # ENVIRON 으로 넘긴다 (awk -v 는 \x22 같은 이스케이프를 풀어 버린다)
    n=$(START=$n W=$want awk 'NR > ENVIRON["START"] + 0 && $0 == ENVIRON["W"] { print NR; found = 1; exit } END { if (!found) exit 1 }' "$file") ||
      fail "missing (in order): '$want'"$'\n'"--- $file:"$'\n'"$(cat "$file")"
  done
}

# talk [인자...]: client를 실행한다. 출력은 client.log에, 상태는 status에
talk() {
  run_timeout --separate-stderr "${ONLY_STD[@]}" "$CH/client" -p "$PORT" "$@"
  printf '%s\n' "$output" >client.log
}

# --- 짝: 호출의 순서 ---------------------------------------------------------------------------

@test "10-berkeley-api: the server narrates socket, getsockname (port 0), setsockopt, bind, getsockname (ephemeral port), listen, then the ready line" {
  start_tcp
  in_order server.log \
    'server: socket(AF_INET, SOCK_STREAM, 0) = 3' \
    'server: getsockname(3) = 0.0.0.0:0' \
    'server: setsockopt(3, SOL_SOCKET, SO_REUSEADDR, 1) = 0' \
    'server: bind(3, 127.0.0.1:0) = 0' \
    "server: getsockname(3) = 127.0.0.1:$PORT" \
    'server: listen(3, backlog=4) = 0' \
    "server: ready on 127.0.0.1:$PORT (pid $SERVER_PID)"
  assert_equal "$(wc -l <server.log)" 7
  # 그 포트에 정말 듣는 소켓이 있다 (ss 가 있으면 커널에게 묻는다)
  if command -v ss >/dev/null; then
    ss -Hltn "sport = :$PORT" | grep -q LISTEN || fail "ss does not show a listener on $PORT"
  fi
  stop_server_cleanly
}

@test "10-berkeley-api: the client narrates socket (port 0), connect (implicit bind), getpeername, send, shutdown, recv until EOF, close" {
  start_tcp
  talk hello
  assert_success
  assert_equal "${lines[0]}" 'client: socket(AF_INET, SOCK_STREAM, 0) = 3'
  assert_equal "${lines[1]}" 'client: getsockname(3) = 0.0.0.0:0'
  assert_equal "${lines[2]}" "client: connect(3, 127.0.0.1:$PORT) = 0"
  [[ ${lines[3]} =~ ^client:\ getsockname\(3\)\ =\ 127\.0\.0\.1:([0-9]+)$ ]] || fail "no ephemeral port after connect: ${lines[3]}"
  local cport=${BASH_REMATCH[1]}
  [ "$cport" -gt 0 ] && [ "$cport" -ne "$PORT" ]
  assert_equal "${lines[4]}" "client: getpeername(3) = 127.0.0.1:$PORT"
  assert_equal "${lines[5]}" 'client: send(3, "hello") = 5'
  assert_equal "${lines[6]}" 'client: shutdown(3, SHUT_WR) = 0'
  assert_equal "${lines[7]}" 'client: recv(3) = 5 "HELLO"'
  assert_equal "${lines[8]}" 'client: recv(3) = 0 (EOF: the server closed the connection)'
  assert_equal "${lines[9]}" 'client: close(3) = 0'
  assert_equal "${#lines[@]}" 10
  assert_equal "$stderr" ''
  wait_for_line server.log '^server: close\(4\) = 0$'
  # server 쪽: 같은 연결의 반대편 (client의 임시 포트에서 왔다)
  in_order server.log \
    "server: accept(3) = 4 from 127.0.0.1:$cport" \
    'server: recv(4) = 5 "hello"' \
    'server: send(4, "HELLO") = 5' \
    'server: recv(4) = 0 (EOF: the client shut down its sending side)' \
    'server: close(4) = 0'
  stop_server_cleanly
}

@test "10-berkeley-api: accept returns a new fd 4 whose own port is the server's port; its peer is the client's ephemeral port" {
  start_tcp
  talk x
  assert_success
  local cport
  cport=$(sed -n '4s/^client: getsockname(3) = 127\.0\.0\.1:\([0-9]*\)$/\1/p' client.log)
  [ -n "$cport" ] || fail "no client port: $(cat client.log)"
  wait_for_line server.log '^server: close\(4\) = 0$'
  in_order server.log "server: accept(3) = 4 from 127.0.0.1:$cport" "server: getsockname(4) = 127.0.0.1:$PORT"
  stop_server_cleanly
}

@test "10-berkeley-api: the answer is the text in upper case; control bytes and UTF-8 are printed as \\xNN" {
  start_tcp
  talk "$(printf 'caf\xc3\xa9 \033[2J "q"')"
  assert_success
  assert_line 'client: send(3, "caf\xc3\xa9 \x1b[2J \x22q\x22") = 14'
  assert_line 'client: recv(3) = 14 "CAF\xc3\xa9 \x1b[2J \x22Q\x22"'
  wait_for_line server.log '^server: close\(4\) = 0$'
  in_order server.log 'server: recv(4) = 14 "caf\xc3\xa9 \x1b[2J \x22q\x22"'
  ! grep -q $'\033' server.log client.log || fail "an escape byte reached the log"
  stop_server_cleanly
}

@test "10-berkeley-api: three clients in turn: the listening fd 3 stays, each connection is accepted on fd 4 and closed" {
  start_tcp
  local nth
  for nth in 1 2 3; do
    run_timeout --separate-stderr "${ONLY_STD[@]}" "$CH/client" -p "$PORT" "client$nth"
    assert_success
    assert_line "client: recv(3) = 7 \"CLIENT$nth\""
  done
  wait_for_line server.log '^server: recv\(4\) = 7 "client3"$'
  wait_for_line server.log '^server: send\(4, "CLIENT3"\) = 7$'
  assert_equal "$(grep -c '^server: accept(3) = 4 from 127\.0\.0\.1:[0-9]*$' server.log)" 3
  wait_for_line server.log '^server: close\(4\) = 0$'
  [ "$(grep -c '^server: close(4) = 0$' server.log)" -ge 2 ] || fail "$(cat server.log)"
  ! grep -q 'close(3)' server.log || fail "the listening socket was closed between clients"
  stop_server_cleanly
  assert_equal "$(grep -c '^server: close(4) = 0$' server.log)" 3
  assert_equal "$(tail -n 1 server.log)" 'server: close(3) = 0'
}

@test "10-berkeley-api: the kernel completes connect and takes the data before accept: a stopped server still lets the client connect, send and shut down" {
  start_tcp
  kill -STOP "$SERVER_PID"
  start_server client.out "${ONLY_STD[@]}" "$CH/client" -p "$PORT" early
  local cpid=$SERVER_PID
  SERVER_PID=${SERVER_PIDS[0]}
  wait_for_line client.out '^client: shutdown\(3, SHUT_WR\) = 0$' "$cpid"
  in_order client.out "client: connect(3, 127.0.0.1:$PORT) = 0" 'client: send(3, "early") = 5'
  ! grep -q accept server.log || fail "the server accepted while stopped"
  # accept 큐에 완성된 연결 하나가 있다 (ss 의 Recv-Q 는 듣는 소켓의 accept 큐 길이)
  if command -v ss >/dev/null; then
    assert_equal "$(ss -Hltn "sport = :$PORT" | awk '{ print $2 }')" 1
  fi
  kill -CONT "$SERVER_PID"
  wait_exit "$cpid"
  assert_equal "$EXIT_STATUS" 0
  grep -q '^client: recv(3) = 5 "EARLY"$' client.out || fail "$(cat client.out)"
  stop_server_cleanly
}

@test "10-berkeley-api: -a 127.0.0.2: bind and connect use that address; the client's implicit bind takes its source address from the route" {
  start_tcp -a 127.0.0.2
  grep -qx 'server: bind(3, 127.0.0.2:0) = 0' server.log || fail "$(cat server.log)"
  run_timeout --separate-stderr "${ONLY_STD[@]}" "$CH/client" -a 127.0.0.2 -p "$PORT" two
  assert_success
  assert_line "client: connect(3, 127.0.0.2:$PORT) = 0"
  # connect의 암묵적 bind는 주소도 고른다: 127.0.0.2로 가는 경로(lo)의 원천 주소다 (ip route get 127.0.0.2)
  local src=127.0.0.1
  if command -v ip >/dev/null; then
    src=$(ip -o route get 127.0.0.2 | sed -n 's/.* src \([0-9.]*\).*/\1/p')
  fi
  assert_line --regexp "^client: getsockname\\(3\\) = ${src//./\\.}:[0-9]+\$"
  stop_server_cleanly
}

# --- 짝: 오류 ------------------------------------------------------------------------------

@test "10-berkeley-api: a second server on a listening port: bind = -1 EADDRINUSE even with SO_REUSEADDR, exit 1; the first carries on" {
  start_tcp
  run_timeout --separate-stderr "${ONLY_STD[@]}" "$CH/server" -p "$PORT"
  assert_equal "$status" 1
  assert_line 'server: setsockopt(3, SOL_SOCKET, SO_REUSEADDR, 1) = 0'
  assert_line "server: bind(3, 127.0.0.1:$PORT) = -1 EADDRINUSE (Address already in use)"
  refute_line --partial 'listen('
  assert_equal "$stderr" 'server: bind: Address already in use'
  talk still
  assert_success
  assert_line 'client: recv(3) = 5 "STILL"'
  stop_server_cleanly
}

@test "10-berkeley-api: a port nobody listens on: connect = -1 ECONNREFUSED, a message on stderr, exit 1" {
  start_tcp
  stop_server_cleanly # 그 포트는 이제 닫혔다 (연결이 없었으니 TIME_WAIT도 없다)
  talk hello
  assert_equal "$status" 1
  assert_equal "${lines[2]}" "client: connect(3, 127.0.0.1:$PORT) = -1 ECONNREFUSED (Connection refused)"
  refute_line --partial 'send('
  assert_equal "$stderr" 'client: connect: Connection refused'
}

# --- 짝: 시그널 ----------------------------------------------------------------------------

@test "10-berkeley-api: SIGINT, SIGTERM and SIGHUP stop a waiting server: it closes the listening socket and exits 0" {
  local sig
  for sig in INT TERM HUP; do
    start_tcp
    # bats가 배경으로 띄운 프로그램은 SIGINT를 무시한 채 시작할 수 있다: server는 sigaction으로 다시 단다
    stop_server_cleanly "$sig"
    in_order server.log "server: SIG$sig: stopping" 'server: close(3) = 0'
    if command -v ss >/dev/null; then
      [ -z "$(ss -Hltn "sport = :$PORT")" ] || fail "port $PORT still listening after SIG$sig"
    fi
  done
}

@test "10-berkeley-api: SIGTERM while a silent client is connected: the server closes both sockets and exits 0; the client reads EOF" {
  start_tcp
  local fd
  exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"
  wait_for_line server.log '^server: getsockname\(4\) = '
  stop_server_cleanly TERM
  in_order server.log 'server: close(4) = 0' 'server: SIGTERM: stopping' 'server: close(3) = 0'
  # server가 닫았으니 이 쪽의 read는 기다리지 않고 EOF다
  local got=x
  IFS= read -r -t 5 got <&"$fd" || true
  assert_equal "$got" ''
  exec {fd}<&-
}

# --- 짝: 인자 ------------------------------------------------------------------------------

@test "10-berkeley-api: bad arguments give a usage line on stderr and exit 2; -h and --help print usage on stdout and exit 0" {
  local args
  for args in "-x" "-p" "-p 65536" "-p -1" "-p abc" "-a localhost" "-a 1.2.3" "-a ::1" "extra"; do
    # shellcheck disable=SC2086  # 인자를 낱말로 나눈다
    run_timeout --separate-stderr "${ONLY_STD[@]}" "$CH/server" $args
    assert_equal "$status" 2
    assert_equal "$output" ''
    [[ $stderr == 'usage: server '* ]] || fail "server $args: $stderr"
  done
  for args in "-x y" "-p 0" "-p 70000" "-a localhost" "-a 1.2.3" "one two" "-p"; do
    # shellcheck disable=SC2086
    run_timeout --separate-stderr "${ONLY_STD[@]}" "$CH/client" $args
    assert_equal "$status" 2
    assert_equal "$output" ''
    [[ $stderr == 'usage: client '* ]] || fail "client '$args': $stderr"
  done
  run_timeout --separate-stderr "${ONLY_STD[@]}" "$CH/client" '' # 빈 TEXT
  assert_equal "$status" 2
  [[ $stderr == 'usage: client '* ]] || fail "client '': $stderr"
  local p
  for p in server client; do
    for args in -h --help; do
      run_timeout --separate-stderr "${ONLY_STD[@]}" "$CH/$p" "$args"
      assert_success
      assert_line --index 0 --partial "usage: $p "
      assert_equal "$stderr" ''
    done
  done
}
