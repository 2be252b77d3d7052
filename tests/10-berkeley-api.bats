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
# | S S       | 연결이 있는 채 멈춘 server의 포트 (TIME_WAIT)에 다시 server   | bind = 0 (SO_REUSEADDR)                        |
# | S         | 300바이트를 보내고 읽지 않고 닫는 client (bash /dev/tcp)      | 그 연결만 끝나고 다음 client는 답을 받는다     |
# | S         | SIGINT, SIGTERM, SIGHUP                                       | stopping, close(3) = 0, 0                     |
# | S         | 연결된 채 말이 없는 client가 있을 때 SIGTERM                  | close(4), close(3), 0; client는 EOF            |
# | S C       | 모르는 옵션, 남는 인자, 이름 주소, 포트 65536, -h             | 사용법 stderr + 2 / stdout + 0                |
# | E/bind_in_use        | listen 중인 포트에 bind: 그대로, SO_REUSEADDR, 0.0.0.0 | 셋 다 -1 EADDRINUSE                |
# | E/time_wait_reuseaddr | server가 먼저 닫아 TIME_WAIT, 듣는 소켓도 닫음     | /proc/net/tcp에 TIME_WAIT; bind EADDRINUSE, SO_REUSEADDR면 0 |
# | E/connect_refused    | bind만 한 포트에 connect, listen 뒤 다시           | -1 ECONNREFUSED, 그다음 0                    |
# | E/listen_on_udp      | UDP 소켓에 listen, accept                          | 둘 다 -1 EOPNOTSUPP                          |
# | E/wrong_addrlen      | bind의 addrlen 4, 15, 16, 128; connect 4; AF_UNIX  | EINVAL, EINVAL, 0, 0; EINVAL; EAFNOSUPPORT   |
# | E/protocol_mismatch  | (STREAM|DGRAM) x (0|TCP|UDP), SEQPACKET            | SO_PROTOCOL 6/17; EPROTONOSUPPORT; ESOCKTNOSUPPORT |
# | E/accept_new_fd      | client 셋 connect 뒤 accept 셋, 넷째               | fd 7, 8, 9, 11; local은 모두 server 포트; SO_ACCEPTCONN 1 |
# | E/handshake_before_accept | 자식이 connect, send 둘, close, exit 뒤 accept | 자식 0, recv "AAABBB", 0                     |
# | E/backlog_queue      | backlog 1, 2, 3에 논블로킹 connect backlog+3개     | EINPROGRESS; backlog+1개 완성, 2개 SYN_SENT; 큐 backlog+1 |
# | E/addrlen_value_result | accept len 128, getpeername len 6, accept len 0, -1 | 16; 잘린 주소와 16; 손대지 않은 버퍼; EINVAL + 연결이 닫힘 |
# | E/udp_connect_filter | B가 connect 전후로, A가 둘                         | B의 이른 것과 A의 둘만, 그다음 EAGAIN; send는 A에게 |
# | E/shutdown_half_close | shutdown 뒤 답, close 뒤 답, dup 뒤 close         | 답을 받음; RST, EPIPE; FIN 없음, shutdown은 FIN |
# | E/implicit_bind      | bind 없이 listen, connect, sendto                  | 0.0.0.0:0 → 0.0.0.0:P, 127.0.0.1:C, 0.0.0.0:U; 답이 옴 |
# | E/forgotten_htons    | htons 없이 sin_port                                | 바이트가 뒤집힌 포트에 bind, 원한 포트는 ECONNREFUSED |
# | E/*                  | -h, 남는 인자                                      | 사용법 stdout + 0 / stderr + 2               |
# 포트: 모든 server는 -p 0으로 띄우고 준비 줄에서 포트를 읽는다. 기다림은 준비 줄, 로그의 줄, 프로세스의
# 끝이다 (고정된 sleep은 없다).

# shellcheck disable=SC2154,SC2030,SC2031  # stderr 는 bats 의 run 이 채운다; @test 는 저마다 subshell 이다
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
  local spid=$SERVER_PID cpid
  kill -STOP "$spid"
  start_server client.out "${ONLY_STD[@]}" "$CH/client" -p "$PORT" early
  cpid=$SERVER_PID
  SERVER_PID=$spid
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

@test "10-berkeley-api: a server stopped with a client connected leaves TIME_WAIT on its port; the restarted server binds it (SO_REUSEADDR)" {
  start_tcp
  local fd tries=250
  exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"
  wait_for_line server.log '^server: getsockname\(4\) = '
  stop_server_cleanly TERM # server가 먼저 닫는다 (FIN): TIME_WAIT는 server의 포트에 남는다
  exec {fd}<&-             # 이 쪽도 닫아 FIN으로 답한다
  # 커널의 표에서 TIME_WAIT(st 06)를 기다린다 (루프백이라 보통 곧바로; 상한 5초)
  until awk -v p="$(printf '%04X' "$PORT")" '$2 ~ ":" p "$" && $4 == "06" { f = 1 } END { exit !f }' /proc/net/tcp; do
    [ $((tries -= 1)) -gt 0 ] || fail "no TIME_WAIT on port $PORT: $(cat /proc/net/tcp)"
    sleep "$POLL_INTERVAL"
  done
  start_server server2.log "${ONLY_STD[@]}" "$CH/server" -p "$PORT"
  wait_for_line server2.log "^server: ready on 127\\.0\\.0\\.1:$PORT "
  grep -qx "server: bind(3, 127.0.0.1:$PORT) = 0" server2.log || fail "$(cat server2.log)"
  # shellcheck disable=SC2034  # stop_server_cleanly 가 SERVER_LOG 를 읽는다
  SERVER_LOG=server2.log
  stop_server_cleanly
}

@test "10-berkeley-api: a client that sends 300 bytes and closes without reading: the server drops only that connection and serves the next" {
  start_tcp
  local fd
  exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"
  printf 'a%.0s' {1..300} >&"$fd"
  exec {fd}>&- # 답을 읽지 않고 닫는다: server가 보내는 답에 이 쪽 커널은 RST로 답한다
  wait_for_line server.log '^server: close\(4\) = 0$'
  # 그 연결은 EOF로 끝났거나 RST(ECONNRESET, EPIPE)로 끝났다. 어느 쪽이든 server는 살아 있다
  grep -qE '^server: (recv\(4\) = 0 \(EOF|recv\(4\) = -1 ECONNRESET|send\(4, .*\) = -1 (EPIPE|ECONNRESET))' server.log ||
    fail "$(cat server.log)"
  alive "$SERVER_PID" || fail "the server died: $(cat server.log)"
  talk next
  assert_success
  assert_line 'client: recv(3) = 4 "NEXT"'
  stop_server_cleanly
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

# --- 실험 ----------------------------------------------------------------------------------

# exp 이름 [인자...]: 실험 하나를 fd 0, 1, 2만으로 실행한다 (run 처럼 status/output/lines)
exp() {
  local name=$1
  shift
  run_timeout --separate-stderr "${ONLY_STD[@]}" "$CH/experiments/$name" "$@"
}

# port_of 줄의_정규식 글: 글에서 그 정규식에 맞는 첫 줄의 마지막 ":포트" 를 찍는다
port_of() {
  grep -E -- "$1" <<<"$2" | head -n 1 | sed 's/.*:\([0-9][0-9]*\).*$/\1/'
}

@test "10-berkeley-api: bind_in_use: a listening port gives EADDRINUSE, with SO_REUSEADDR too, and for 0.0.0.0" {
  exp bind_in_use
  assert_success
  local p
  p=$(sed -n 's/^bind_in_use: listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' <<<"$output")
  [ -n "$p" ] || fail "$output"
  assert_line "bind_in_use: bind(4, 127.0.0.1:$p) = -1 EADDRINUSE (Address already in use)"
  assert_line 'bind_in_use: setsockopt(5, SOL_SOCKET, SO_REUSEADDR, 1) = 0'
  assert_line "bind_in_use: bind(5, 127.0.0.1:$p) = -1 EADDRINUSE (Address already in use)"
  assert_line "bind_in_use: bind(6, 0.0.0.0:$p) = -1 EADDRINUSE (Address already in use)"
}

@test "10-berkeley-api: time_wait_reuseaddr: the side that closes first holds the port in TIME_WAIT; bind fails, SO_REUSEADDR lets it" {
  exp time_wait_reuseaddr
  assert_success
  local p
  p=$(sed -n 's/^time_wait_reuseaddr: listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' <<<"$output")
  [ -n "$p" ] || fail "$output"
  assert_line 'time_wait_reuseaddr: client recv(4) = 0 (EOF)'
  assert_line --regexp "^time_wait_reuseaddr: /proc/net/tcp: 127\\.0\\.0\\.1:$p -> 127\\.0\\.0\\.1:[0-9]+ TIME_WAIT$"
  assert_line "time_wait_reuseaddr: bind(3, 127.0.0.1:$p) = -1 EADDRINUSE (Address already in use)"
  assert_line 'time_wait_reuseaddr: setsockopt(3, SOL_SOCKET, SO_REUSEADDR, 1) = 0'
  assert_line "time_wait_reuseaddr: bind(3, 127.0.0.1:$p) = 0"
  assert_line 'time_wait_reuseaddr: listen(3, backlog=4) = 0'
  # 커널에게 따로 묻는다: 그 포트의 TIME-WAIT 이 ss 에도 보인다
  if command -v ss >/dev/null; then
    ss -Htan state time-wait "sport = :$p" | grep -q . || fail "ss shows no time-wait on $p"
  fi
}

@test "10-berkeley-api: connect_refused: a port that is bound but not listening refuses (ECONNREFUSED); after listen it connects" {
  exp connect_refused
  assert_success
  local p
  p=$(sed -n 's/^connect_refused: getsockname(3) = 127\.0\.0\.1:\([0-9]*\)$/\1/p' <<<"$output")
  [ -n "$p" ] || fail "$output"
  assert_line "connect_refused: connect(4, 127.0.0.1:$p) = -1 ECONNREFUSED (Connection refused)"
  assert_line 'connect_refused: listen(3, backlog=4) = 0'
  assert_line "connect_refused: connect(5, 127.0.0.1:$p) = 0"
}

@test "10-berkeley-api: listen_on_udp: listen and accept on a UDP socket fail with EOPNOTSUPP" {
  exp listen_on_udp
  assert_success
  assert_line 'listen_on_udp: socket(AF_INET, SOCK_DGRAM, 0) = 3'
  assert_line 'listen_on_udp: listen(3, backlog=4) = -1 EOPNOTSUPP (Operation not supported)'
  assert_line 'listen_on_udp: accept(3) = -1 EOPNOTSUPP (Operation not supported)'
}

@test "10-berkeley-api: wrong_addrlen: addrlen = sizeof(socklen_t) or 15 gives EINVAL, 16 and 128 bind; a wrong family gives EAFNOSUPPORT" {
  exp wrong_addrlen
  assert_success
  assert_line 'wrong_addrlen: bind(3, 127.0.0.1:0, addrlen=4) = -1 EINVAL (Invalid argument)'
  assert_line 'wrong_addrlen: bind(3, 127.0.0.1:0, addrlen=15) = -1 EINVAL (Invalid argument)'
  assert_line 'wrong_addrlen: bind(3, 127.0.0.1:0, addrlen=16) = 0'
  assert_line 'wrong_addrlen: bind(4, 127.0.0.1:0, addrlen=128) = 0'
  assert_line --regexp '^wrong_addrlen: connect\(6, 127\.0\.0\.1:[0-9]+, addrlen=4\) = -1 EINVAL \(Invalid argument\)$'
  assert_line 'wrong_addrlen: bind(7, family=AF_UNIX 127.0.0.1:0, addrlen=16) = -1 EAFNOSUPPORT (Address family not supported by protocol)'
}

@test "10-berkeley-api: protocol_mismatch: protocol 0 and IPPROTO_TCP both give TCP (6); DGRAM+TCP and STREAM+UDP give EPROTONOSUPPORT" {
  exp protocol_mismatch
  assert_success
  assert_line 'protocol_mismatch: socket(AF_INET, SOCK_STREAM, 0) = 3 (SO_PROTOCOL 6)'
  assert_line 'protocol_mismatch: socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 4 (SO_PROTOCOL 6)'
  assert_line 'protocol_mismatch: socket(AF_INET, SOCK_DGRAM, 0) = 5 (SO_PROTOCOL 17)'
  assert_line 'protocol_mismatch: socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP) = -1 EPROTONOSUPPORT (Protocol not supported)'
  assert_line 'protocol_mismatch: socket(AF_INET, SOCK_STREAM, IPPROTO_UDP) = -1 EPROTONOSUPPORT (Protocol not supported)'
  assert_line 'protocol_mismatch: socket(AF_INET, SOCK_SEQPACKET, 0) = -1 ESOCKTNOSUPPORT (Socket type not supported)'
  # SCTP 는 커널 모듈에 달렸다: 줄이 있다는 것만 본다
  assert_line --regexp '^protocol_mismatch: socket\(AF_INET, SOCK_STREAM, IPPROTO_SCTP\) = '
}

@test "10-berkeley-api: accept_new_fd: each accept returns a new fd with the server's port; the listening fd 3 keeps listening" {
  exp accept_new_fd
  assert_success
  local p fd peers
  p=$(sed -n 's/^accept_new_fd: listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' <<<"$output")
  for fd in 7 8 9 11; do
    assert_line --regexp "^accept_new_fd: accept\\(3\\) = $fd: local 127\\.0\\.0\\.1:$p, peer 127\\.0\\.0\\.1:[0-9]+$"
  done
  # 상대(client)의 포트는 넷이 모두 다르다: 연결은 (local, peer) 쌍으로 구별된다
  peers=$(sed -n 's/^accept_new_fd: accept(3) = [0-9]*: local .*, peer 127\.0\.0\.1:\([0-9]*\)$/\1/p' <<<"$output" | sort -u | wc -l)
  assert_equal "$peers" 4
  assert_line 'accept_new_fd: the listening socket 3 is still listening (SO_ACCEPTCONN = 1)'
}

@test "10-berkeley-api: handshake_before_accept: the client connects, sends, closes and exits before the server calls accept; the data waits" {
  exp handshake_before_accept
  assert_success
  local want=(
    'client: send(3, "AAA") = 3'
    'client: send(3, "BBB") = 3'
    'client: close(3) = 0'
    'server: the client exited with status 0 before any accept'
    'server: accept(3) = 4'
    'server: recv(4) = 6 "AAABBB"'
    'server: recv(4) = 0 (EOF)'
  )
  printf '%s\n' "$output" >exp.log
  in_order exp.log "${want[@]}"
  assert_line --regexp '^client: connect\(3, 127\.0\.0\.1:[0-9]+\) = 0$'
}

@test "10-berkeley-api: backlog_queue: with nobody accepting, Linux completes backlog+1 connections; the rest stay in SYN_SENT" {
  local b
  for b in 1 2 3; do
    exp backlog_queue "$b"
    assert_success
    assert_line "backlog_queue: listen(3, backlog=$b) = 0"
    assert_line --regexp '^backlog_queue: connect\(4, 127\.0\.0\.1:[0-9]+\) = -1 EINPROGRESS \(Operation now in progress\)$'
    assert_line "backlog_queue: client $((b + 1)): established (SO_ERROR 0)"
    assert_line "backlog_queue: client $((b + 2)): still waiting (SYN_SENT: its SYN was dropped)"
    assert_line "backlog_queue: backlog $b: $((b + 1)) established, 2 waiting; the accept queue holds $((b + 1)) (/proc/net/tcp)"
  done
}

@test "10-berkeley-api: addrlen_value_result: in 128 out 16; a 6-byte buffer is truncated; len 0 copies nothing; len -1 is EINVAL and drops the connection" {
  if [ "${VALGRIND:-0}" = 1 ]; then
    # valgrind 은 일부러 준 len -1 을 "4 GiB 버퍼"로 읽고 오류(99)로 센다: 이 실험만 감싸지 않고 돌린다
    run_timeout --separate-stderr "${ONLY_STD[@]}" "$TOP/10-berkeley-api/experiments/addrlen_value_result"
  else
    exp addrlen_value_result
  fi
  assert_success
  assert_line --regexp '^addrlen_value_result: accept\(3, len 128 -> 16\) = 7 from 127\.0\.0\.1:[0-9]+$'
  assert_line --regexp '^addrlen_value_result: getpeername\(7, len 6 -> 16\) = 0: 127\.0\.255\.255:[0-9]+ \(truncated: the buffer was 0xff\)$'
  assert_line 'addrlen_value_result: accept(3, len 0 -> 16) = 8: the address buffer is untouched (family 0xffff)'
  assert_line 'addrlen_value_result: accept(3, len -1) = -1 EINVAL (Invalid argument)'
  assert_line 'addrlen_value_result: the client of that connection reads recv = 0 (EOF): accept took it off the queue and closed it'
}

@test "10-berkeley-api: udp_connect_filter: after connect, a datagram from a third process is not received; one queued before connect still is" {
  exp udp_connect_filter
  assert_success
  local a
  assert_line 'udp: getsockname(4) = 0.0.0.0:0'
  a=$(port_of '^udp: getsockname\(4\) = 0\.0\.0\.0:[1-9]' "$output")
  [ -n "$a" ] || fail "A got no port from sendto: $output"
  assert_line "udp: connect(3, 127.0.0.1:$a) = 0"
  assert_line --regexp '^B: sendto\(5, "late from B", 127\.0\.0\.1:[0-9]+\) = 11$'
  assert_line --regexp "^udp: R got \"first from A\" from 127\\.0\\.0\\.1:$a$"
  assert_line --regexp "^udp: R got \"second from A\" from 127\\.0\\.0\\.1:$a$"
  assert_line --regexp '^udp: R got "early from B" from 127\.0\.0\.1:[0-9]+$'
  refute_line --partial 'late from B" from'
  assert_line 'udp: recv(3, MSG_DONTWAIT) = -1 EAGAIN (Resource temporarily unavailable)'
  assert_line 'udp: send(3, "reply") = 5'
  assert_line --regexp '^udp: A got "reply" from 127\.0\.0\.1:[0-9]+$'
}

@test "10-berkeley-api: shutdown_half_close: after shutdown(SHUT_WR) the peer reads EOF yet can still send; after close its reply meets RST; close of a dup sends no FIN" {
  exp shutdown_half_close
  assert_success
  printf '%s\n' "$output" >exp.log
  in_order exp.log \
    'half_close: -- 1. shutdown(SHUT_WR), then read the reply' \
    'half_close: shutdown(4, SHUT_WR) = 0' \
    'half_close: peer recv = 7 "request", then recv = 0 (EOF)' \
    'half_close: peer send(5, "reply") = 5' \
    'half_close: recv(4) = 5 "reply"' \
    'half_close: -- 2. close, then the peer answers' \
    'half_close: close(4) = 0' \
    'half_close: peer recv = 7 "request", then recv = 0 (EOF)' \
    'half_close: peer send(5, "reply") = 5' \
    'half_close: peer poll: POLLERR POLLHUP (our kernel answered the reply with RST)' \
    'half_close: peer send(5, "again") = -1 EPIPE (Broken pipe)' \
    'half_close: -- 3. close one of two fds (dup), then shutdown' \
    'half_close: dup(4) = 6' \
    'half_close: close(4) = 0' \
    'half_close: send(6, "ping") = 4' \
    'half_close: peer recv = 4 "ping"' \
    'half_close: shutdown(6, SHUT_WR) = 0' \
    'half_close: peer recv = 0 (EOF)'
}

@test "10-berkeley-api: implicit_bind: an unbound socket has port 0; listen, connect and sendto bind it to an ephemeral port" {
  exp implicit_bind
  assert_success
  local l
  assert_line 'implicit_bind: getsockname(3) = 0.0.0.0:0'
  l=$(port_of '^implicit_bind: getsockname\(3\) = 0\.0\.0\.0:[1-9]' "$output")
  [ -n "$l" ] || fail "listen did not bind: $output"
  assert_line 'implicit_bind: getsockname(4) = 0.0.0.0:0'
  assert_line "implicit_bind: connect(4, 127.0.0.1:$l) = 0"
  assert_line --regexp '^implicit_bind: getsockname\(4\) = 127\.0\.0\.1:[1-9][0-9]*$'
  assert_line 'implicit_bind: getsockname(6) = 0.0.0.0:0'
  assert_line --regexp '^implicit_bind: getsockname\(6\) = 0\.0\.0\.0:[1-9][0-9]*$'
  assert_line --regexp '^implicit_bind: the receiver got "ping" from 127\.0\.0\.1:[0-9]+ and answered; we got "pong"$'
}

@test "10-berkeley-api: forgotten_htons: sin_port without htons binds the byte-swapped port; the wanted port refuses" {
  [ "$(printf '\001\000' | od -An -tu2 | tr -d ' ')" = 1 ] || skip "big-endian CPU: htons changes nothing here"
  exp forgotten_htons
  assert_success
  assert_line 'forgotten_htons: htons(5001) = 0x8913 on this CPU (little-endian): 5001 without htons means port 35091'
  local w p
  w=$(sed -n 's/^forgotten_htons: wanted port \([0-9]*\);.*/\1/p' <<<"$output")
  p=$(( ((w & 255) << 8) | (w >> 8) ))
  assert_line "forgotten_htons: bind(3, 127.0.0.1:$p) = 0"
  assert_line "forgotten_htons: getsockname(3) = 127.0.0.1:$p"
  assert_line "forgotten_htons: connect(4, 127.0.0.1:$w) = -1 ECONNREFUSED (Connection refused)"
  assert_line "forgotten_htons: connect(4, 127.0.0.1:$p) = 0"
}

@test "10-berkeley-api: every experiment prints usage on -h (exit 0) and refuses a bad argument (exit 2)" {
  local f name
  for f in "$TOP"/10-berkeley-api/experiments/*.c; do
    name=$(basename "$f" .c)
    exp "$name" -h
    assert_success
    [[ $output == usage:* ]] || fail "$name -h: $output"
    exp "$name" x y
    assert_equal "$status" 2
    [[ $stderr == usage:* ]] || fail "$name x y: $stderr"
  done
}
