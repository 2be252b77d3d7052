#!/usr/bin/env bats
# tests/08-unix-socket.bats: 유닉스 도메인 소켓 (경로 주소, poll로 여러 client, stale 소켓 파일,
# SO_PEERCRED, 메시지 경계, SCM_RIGHTS, 추상 이름)
#
# 무엇을 시험하는가 (한 줄이 테스트 하나; 프로그램: S = server, C = client, E/x = experiments/x):
# | 프로그램  | 경우                                                          | 기대                                          |
# |-----------|---------------------------------------------------------------|-----------------------------------------------|
# | S C       | 두 줄을 보냄                                                  | OK 두 줄, server가 SO_PEERCRED로 PID/UID    |
# | S         | 소켓 파일 (umask 000, 022, 077)                               | 종류 socket, 모드 600, 크기 0, cat은 ENXIO   |
# | S C       | client 둘이 연결된 채                                         | server의 fd: 듣는 소켓 + client마다 하나     |
# | S C       | client 50개가 한꺼번에 연결된 채, 거꾸로 한 줄씩              | 저마다 제 답                                  |
# | S C       | client 50개를 한꺼번에 띄움                                   | 저마다 제 답                                  |
# | S C       | 한 줄을 두 번에 나눠 보냄, 그 사이에 다른 client; 한 줄 + 반쪽 | 줄이 이어 붙고, 다른 client는 먼저 답을 받음 |
# | S C       | 제어 문자가 든 줄, /dev/urandom 64 KiB                        | ERR, 연결 유지; 다른 client는 계속 받음      |
# | S C       | 256바이트가 넘는 줄 / 255바이트 줄                            | ERR line too long 뒤 그 client만 끊김 / OK   |
# | S C       | 반쪽 줄 뒤 EOF, 반쪽 줄 뒤 SIGKILL                            | 반쪽만 버림, 다음 client는 받음              |
# | S C       | 답을 쓰기 전에 사라진 client (server를 멈춰 두고)            | EPIPE로 끊고 server는 살아 있음             |
# | S E/never_reads | 답을 읽지 않고 쓰기만 하는 client                       | server가 그 client만 끊고 다른 client는 받음 |
# | S C       | server에 SIGTERM, SIGINT, SIGHUP                             | 소켓 파일을 지우고 0                          |
# | S C       | 연결된 client가 있을 때 SIGTERM                              | client는 EOF를 보고 1                       |
# | S C       | SIGKILL 된 server가 남긴 소켓 파일                           | client는 ECONNREFUSED, 다음 server가 치움   |
# | S         | 경로에 일반 파일, 디렉터리, 심볼릭 링크, FIFO                 | 건드리지 않고 1                               |
# | S C       | 살아 있는 server의 경로에 두 번째 server                     | EADDRINUSE로 1, 첫 server는 계속            |
# | S         | 다른 프로세스가 디렉터리의 flock을 쥠                        | server는 소켓을 만들기 전에 기다린다         |
# | C         | 소켓 파일이 없음, 일반 파일                                   | ENOENT / ECONNREFUSED를 풀어 알리고 1        |
# | S C       | 모르는 옵션, 남는 인자, 빈 경로, 108바이트 경로               | 사용법을 stderr에, 2, 만든 것 없음           |
# | S C       | 107바이트 경로 (sun_path의 끝)                               | 동작한다                                      |
# | S C       | -h, --help                                                    | 사용법을 stdout에, 0                         |
# | S C       | fd가 바닥난 server (RLIMIT_NOFILE)                           | 새 연결은 큐에서 기다렸다가 자리가 나면 받음  |
# | S C       | 다른 사용자(nobody)의 client                                  | EACCES, 1                                     |
# | S C       | nobody의 server에 nobody와 root가 connect                 | uid 65534 / root는 권한 검사를 건너뛴다 (uid 0) |
# | E/message_boundaries | 같은 세 write를 STREAM, SEQPACKET, DGRAM으로      | read 1번 "AAABBBBC" / 3번 / 3번               |
# | E/truncated_message  | 100바이트 메시지를 10바이트 버퍼로                  | SEQPACKET/DGRAM: MSG_TRUNC, 나머지는 버려짐; STREAM: 다음 read가 잇는다 |
# | E/pass_fd            | 자식이 연 파일의 fd를 SCM_RIGHTS로, 자식이 끝난 뒤 받음 | 같은 inode, 내용을 읽는다                |
# | E/pass_fd (root)     | 받는 쪽은 nobody가 되어 스스로는 열지 못함         | EACCES, 그래도 받은 fd로 읽는다              |
# | E/too_small_cmsg_buffer | fd 넷을 둘 자리 버퍼로 / 넷 자리 버퍼로          | MSG_CTRUNC, 둘만 설치 / 넷                    |
# | E/abstract_name      | 추상 이름 @IPC_NAME                                 | 파일 없음, /proc/net/unix에 @이름, close 뒤 사라짐 |
# | E/abstract_name      | 주소 길이로 sizeof(struct sockaddr_un)              | ECONNREFUSED, 이름 뒤에 NUL이 붙은 다른 이름 |
# | E/stale_socket       | close만 하고 unlink 하지 않은 소켓 파일            | ECONNREFUSED, EADDRINUSE (SO_REUSEADDR도), unlink 뒤 ok |
# | E/path_truncation    | 120바이트 경로를 strncpy로 잘라 bind               | 107바이트 이름에 bind, 긴 경로의 unlink는 ENOENT |
# | E/peer_cred_snapshot | connect 한 프로세스가 fork 하고 끝난 뒤 손자가 씀   | SO_PEERCRED는 끝난 프로세스, 데이터는 손자   |
# | E/*                  | -h, 남는 인자                                       | 사용법을 stdout에 0 / stderr에 2            |
# | client               | stdin이 디렉터리, stdout이 /dev/full                  | 오류를 알리고 1                              |
# 남은 것: 모든 테스트 뒤 teardown이 프로세스와 $TEST_TMP 안의 소켓 파일·FIFO를 확인한다.
# 기다림은 모두 결정적이다: 준비 줄, 로그의 줄, /proc의 상태와 카운터(wchar), 프로세스의 끝.

# shellcheck disable=SC2154  # stderr는 bats의 run --separate-stderr가 채운다
load test_helper

CH=$(chapter_dir 08-unix-socket)

# --- 이 파일의 도우미 ---------------------------------------------------------------------------

# start_sock [경로]: server를 띄우고 준비 줄을 기다린다 (기본 ./s.sock)
start_sock() {
  local path=${1:-./s.sock}
  start_server server.log "$CH/server" -s "$path"
  wait_for_line server.log "^server: ready on ${path//./\\.} \\(pid $SERVER_PID\\)$"
}

# talk 바이트: printf %b로 만든 바이트를 client의 stdin으로 (결과는 run처럼 status/output).
# client의 PID는 TALK_PID에 (sh가 자기 PID를 적고 exec 하므로 client는 그 PID를 물려받는다).
talk() {
  # shellcheck disable=SC2016  # $1, $2, $$ 는 bash -c 안에서 펼친다
  run_timeout --separate-stderr bash -c 'printf "%b" "$1" | sh -c '\''echo $$ >talk.pid; exec "$0" -s ./s.sock'\'' "$2"' \
    _ "$1" "$CH/client"
  TALK_PID=$(cat talk.pid)
}

# start_bg 로그 명령 [인자...]: server가 아닌 프로그램을 배경에서 (PID는 BG_PID). teardown이 치운다.
start_bg() {
  local log=$1 spid=${SERVER_PID:-} slog=${SERVER_LOG:-}
  shift
  start_server "$log" "$@"
  BG_PID=$SERVER_PID
  SERVER_PID=$spid SERVER_LOG=$slog
}

# spawn_client I: client I를 배경에서 띄운다. stdin은 FIFO in.I이고, 쓰는 끝이 열릴 때까지(attach_client)
# client는 그 open에서 기다린다. 출력은 out.I, PID는 CPID[I].
spawn_client() {
  mkfifo "in.$1"
  # shellcheck disable=SC2016  # $0, $1은 sh -c 안에서 펼친다
  start_bg "out.$1" sh -c 'exec "$0" -s ./s.sock <"$1"' "$CH/client" "in.$1"
  CPID[$1]=$BG_PID
}

# attach_client I: client I의 stdin의 쓰는 끝을 이 셸이 fd ${IN[I]} 로 쥔다 (<>로 열면 FIFO의
# 읽는 쪽을 기다리지 않는다). 이 뒤에 띄우는 프로그램은 그 fd를 물려받으므로, 오래 사는 프로그램은
# 모두 먼저 띄운다: 물려받은 쪽이 살아 있으면 이 셸이 닫아도 client에게 EOF가 가지 않는다.
attach_client() {
  local fd
  exec {fd}<>"in.$1"
  IN[$1]=$fd
}

# connected I: server가 client I의 연결을 알릴 때까지 기다리고 FIFO의 이름을 지운다 (client는
# stdin을 연 뒤에 connect 하므로, 이제 이름은 필요 없다).
connected() {
  wait_for_line server.log "^server: pid ${CPID[$1]} \\(uid [0-9]+\\) connected" "${CPID[$1]}" || return 1
  rm "in.$1"
}

# open_clients N: client 1..N을 띄우고 모두 연결될 때까지 기다린다
open_clients() {
  local i
  for ((i = 1; i <= $1; i++)); do spawn_client "$i"; done
  for ((i = 1; i <= $1; i++)); do attach_client "$i"; done
  for ((i = 1; i <= $1; i++)); do connected "$i" || return 1; done
}

# send_to I 바이트: client I의 stdin에 printf %b로 쓴다. bash의 내장 printf는 줄마다 write하므로
# ('one\ntw'가 write 두 번) coreutils의 printf를 부른다: 끝에 한 번에 쓴다.
send_to() {
  env printf '%b' "$2" >&"${IN[$1]}"
}

# close_client I: client I의 stdin을 닫고(EOF) 끝나기를 기다린다 → EXIT_STATUS
close_client() {
  local fd=${IN[$1]}
  exec {fd}>&-
  wait_exit "${CPID[$1]}"
}

# wait_wchar PID N: 그 프로세스가 write로 N 바이트 이상 쓸 때까지 (/proc/PID/io의 wchar)
wait_wchar() {
  local tries=500 w
  while :; do
    w=$(awk '$1 == "wchar:" { print $2 }' "/proc/$1/io" 2>/dev/null) || w=0
    [ "${w:-0}" -ge "$2" ] && return 0
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $1 wrote only ${w:-0} of $2 bytes"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

# wait_state PID STATE: /proc의 상태 글자가 STATE가 될 때까지
wait_state() {
  local tries=500
  while [ "$(proc_state "$1")" != "$2" ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $1 never reached state $2 (now $(proc_state "$1"))"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

# socket_fds PID: 그 프로세스가 연 소켓의 inode 들 (한 줄에 하나)
socket_fds() {
  local f
  for f in /proc/"$1"/fd/*; do
    readlink "$f" 2>/dev/null
  done | sed -n 's/^socket:\[\([0-9]*\)\]$/\1/p'
}

# --- 대화 ---------------------------------------------------------------------------------------

@test "08-unix-socket: each line gets an answer in upper case, and the server learns the client's PID and UID (SO_PEERCRED)" {
  start_sock
  talk 'hello\nunix socket\n'
  assert_success
  assert_output $'OK HELLO\nOK UNIX SOCKET'
  assert_equal "$stderr" ""
  wait_for_line server.log "^server: pid $TALK_PID \\(uid $(id -u)\\) connected, 1 clients$"
  wait_for_line server.log "^server: pid $TALK_PID left \\(EOF, 0 bytes of a partial line dropped\\)$"
  stop_server_cleanly
  run cat server.log
  assert_line 'server: Terminated: removed ./s.sock'
}

@test "08-unix-socket: the address is a socket file of mode 0600 under any umask; open() on it fails with ENXIO" {
  for mask in 000 022 077; do
    # shellcheck disable=SC2016  # $0, $1은 sh -c 안에서 펼친다
    start_server server.log sh -c 'umask "$1"; exec "$0" -s ./s.sock' "$CH/server" "$mask"
    wait_for_line server.log '^server: ready on \./s\.sock'
    assert_equal "$(stat -c '%F %a %s' s.sock)" "socket 600 0"
    run ls -l s.sock
    assert_output --regexp '^srw------- '
    # 소켓 파일에는 내용이 없고 열 수도 없다: 이름일 뿐이다
    run cat s.sock
    assert_failure
    assert_output --partial 'No such device or address'
    stop_server_cleanly
    [ ! -e s.sock ]
  done
}

@test "08-unix-socket: each client gets its own connected socket from accept: the server holds one socket per client plus the listener" {
  start_sock
  run socket_fds "$SERVER_PID"
  assert_equal "${#lines[@]}" 1 # 듣는 소켓만
  open_clients 2
  run socket_fds "$SERVER_PID"
  assert_equal "${#lines[@]}" 3
  assert_equal "$(printf '%s\n' "${lines[@]}" | sort -u | wc -l)" 3 # 저마다 다른 소켓 (inode)
  # client의 소켓은 server 쪽의 어느 것과도 다른 객체다: 연결은 소켓 두 개를 잇는다
  client_sock=$(socket_fds "${CPID[1]}")
  refute_line "$client_sock"
  send_to 1 'one\n'
  send_to 2 'two\n'
  wait_for_line out.1 '^OK ONE$' "${CPID[1]}"
  wait_for_line out.2 '^OK TWO$' "${CPID[2]}"
  close_client 1
  assert_equal "$EXIT_STATUS" 0
  close_client 2
  assert_equal "$EXIT_STATUS" 0
  wait_for_line server.log "^server: pid ${CPID[2]} left"
  run socket_fds "$SERVER_PID"
  assert_equal "${#lines[@]}" 1
  stop_server_cleanly
}

@test "08-unix-socket: 50 clients connected at once are all answered, each with its own line" {
  local n i
  n=$(count_for 50)
  start_sock
  open_clients "$n"
  wait_for_line server.log "^server: pid [0-9]+ \\(uid [0-9]+\\) connected, $n clients$"
  for ((i = n; i >= 1; i--)); do
    send_to "$i" "client $i\\n"
  done
  for ((i = 1; i <= n; i++)); do
    wait_for_line "out.$i" "^OK CLIENT $i\$" "${CPID[i]}"
  done
  for ((i = 1; i <= n; i++)); do
    close_client "$i"
    assert_equal "$EXIT_STATUS" 0
    assert_equal "$(cat "out.$i")" "OK CLIENT $i"
  done
  stop_server_cleanly
}

@test "08-unix-socket: 50 clients started at the same moment each get their own answer" {
  local n i pids=()
  n=$(count_for 50)
  start_sock
  for ((i = 1; i <= n; i++)); do
    printf 'burst %d\n' "$i" | timeout "$RUN_TIMEOUT" "$CH/client" -s ./s.sock >"burst.$i" 2>&1 3>&- &
    pids+=($!)
  done
  for ((i = 1; i <= n; i++)); do
    wait "${pids[i - 1]}" || fail "client $i failed: $(cat "burst.$i")"
    assert_equal "$(cat "burst.$i")" "OK BURST $i"
  done
  assert_equal "$(grep -c ' left (EOF, 0 bytes' server.log)" "$n"
  stop_server_cleanly
}

@test "08-unix-socket: a line that arrives in two pieces is put together, and the half line holds up no other client" {
  start_sock
  open_clients 2
  send_to 1 'hel'
  wait_wchar "${CPID[1]}" 3 # client 1이 "hel"을 소켓에 썼다: server에는 반쪽 줄이 있다
  send_to 2 'other\n'
  wait_for_line out.2 '^OK OTHER$' "${CPID[2]}"
  [ ! -s out.1 ] # client 1은 아직 답을 받지 않았다
  send_to 1 'lo\n'
  wait_for_line out.1 '^OK HELLO$' "${CPID[1]}"
  # 한 줄 뒤에 반쪽 줄: 답한 줄을 버리고 남은 "tw"를 버퍼 앞으로 옮겨 두어야 "two"가 된다
  send_to 1 'one\ntw'
  wait_for_line out.1 '^OK ONE$' "${CPID[1]}"
  send_to 1 'o\n'
  wait_for_line out.1 '^OK TWO$' "${CPID[1]}"
  run cat out.1
  assert_output $'OK HELLO\nOK ONE\nOK TWO'
  close_client 1
  assert_equal "$EXIT_STATUS" 0
  close_client 2
  assert_equal "$EXIT_STATUS" 0
  stop_server_cleanly
}

# --- 나쁜 client ---------------------------------------------------------------------------------

@test "08-unix-socket: a line with a control byte gets ERR and the connection stays; random garbage disturbs no other client" {
  start_sock
  open_clients 1
  talk 'ok\n\001\002\033[31m\nnext\n'
  assert_success
  assert_output $'OK OK\nERR control byte in line\nOK NEXT'
  # 64 KiB의 난수: 제어 문자, NUL, 긴 줄이 섞여 있다. server는 그 client만 상대한다
  # shellcheck disable=SC2016  # $0은 sh -c 안에서 펼친다
  run_timeout sh -c 'head -c 65536 /dev/urandom | "$0" -s ./s.sock >/dev/null 2>&1' "$CH/client"
  assert alive "$SERVER_PID"
  send_to 1 'still here\n'
  wait_for_line out.1 '^OK STILL HERE$' "${CPID[1]}"
  talk 'after\n'
  assert_success
  assert_output 'OK AFTER'
  close_client 1
  stop_server_cleanly
}

@test "08-unix-socket: a line over 255 bytes gets ERR line too long and only that client is disconnected" {
  start_sock
  open_clients 1
  talk "$(printf '%0300d' 0)\\n"
  assert_failure 1
  assert_output 'ERR line too long'
  wait_for_line server.log "^server: pid $TALK_PID sent a line over 255 bytes: disconnected$"
  send_to 1 'fine\n'
  wait_for_line out.1 '^OK FINE$' "${CPID[1]}"
  # 255바이트 + '\n'은 아직 한 줄이다
  talk "$(printf 'a%.0s' {1..255})\\n"
  assert_success
  assert_output "OK $(printf 'A%.0s' {1..255})"
  close_client 1
  assert_equal "$EXIT_STATUS" 0
  stop_server_cleanly
}

@test "08-unix-socket: a client that leaves mid-line (EOF or SIGKILL) loses only its half line; the server serves the next" {
  start_sock
  talk 'half'
  assert_success
  assert_output ''
  wait_for_line server.log "^server: pid $TALK_PID left \\(EOF, 4 bytes of a partial line dropped\\)$"
  open_clients 1
  send_to 1 'par'
  wait_wchar "${CPID[1]}" 3
  kill -KILL "${CPID[1]}"
  wait_exit "${CPID[1]}"
  wait_for_line server.log "^server: pid ${CPID[1]} left \\(EOF, 3 bytes of a partial line dropped\\)$"
  talk 'next\n'
  assert_success
  assert_output 'OK NEXT'
  stop_server_cleanly
}

@test "08-unix-socket: a client that is gone before its answer is written does not kill the server (SIGPIPE ignored, EPIPE)" {
  start_sock
  open_clients 1
  # server를 멈춰 두고 client가 한 줄을 보낸 뒤 사라지게 한다: server는 깨어나서 읽고, 떠난 client에 쓴다
  kill -STOP "$SERVER_PID"
  wait_state "$SERVER_PID" T
  send_to 1 'x\n'
  wait_wchar "${CPID[1]}" 2
  kill -KILL "${CPID[1]}"
  wait_exit "${CPID[1]}"
  kill -CONT "$SERVER_PID"
  wait_for_line server.log "^server: pid ${CPID[1]}: write: Broken pipe: disconnected$"
  talk 'alive\n'
  assert_success
  assert_output 'OK ALIVE'
  stop_server_cleanly
}

@test "08-unix-socket: a client that never reads its answers is disconnected; the others are still served" {
  start_sock
  open_clients 1
  run_timeout "$CH/experiments/never_reads" ./s.sock
  assert_success
  assert_output --regexp '^never_reads: the server disconnected us after [0-9]+ bytes \((Broken pipe|Connection reset by peer)\)$'
  wait_for_line server.log '^server: pid [0-9]+: write: Resource temporarily unavailable: disconnected$'
  send_to 1 'served\n'
  wait_for_line out.1 '^OK SERVED$' "${CPID[1]}"
  close_client 1
  assert_equal "$EXIT_STATUS" 0
  stop_server_cleanly
}

# --- 시그널과 정리 ------------------------------------------------------------------------------

@test "08-unix-socket: SIGTERM, SIGINT and SIGHUP each remove the socket file and exit 0" {
  for sig in TERM INT HUP; do
    start_sock
    [ -S s.sock ]
    stop_server_cleanly "$sig"
    [ ! -e s.sock ]
  done
  run grep -c 'removed \./s\.sock$' server.log
  assert_output 1 # server.log는 시그널마다 새로 쓴다: 마지막 것만 남는다
  run cat server.log
  assert_line 'server: Hangup: removed ./s.sock'
}

@test "08-unix-socket: clients still connected when the server stops see EOF and say the server closed the connection" {
  start_sock
  open_clients 1
  stop_server_cleanly TERM
  wait_exit "${CPID[1]}"
  assert_equal "$EXIT_STATUS" 1
  run cat out.1
  assert_output 'client: the server closed the connection'
  local fd=${IN[1]}
  exec {fd}>&-
}

@test "08-unix-socket: a socket file left by a killed server: clients get ECONNREFUSED, the next server replaces it" {
  start_sock
  stop_server KILL
  assert_equal "$EXIT_STATUS" 137
  [ -S s.sock ] # SIGKILL은 정리할 틈을 주지 않는다: 이름이 남는다
  talk 'hello\n'
  assert_failure 1
  assert_equal "$stderr" 'client: connect ./s.sock: Connection refused (nobody is listening: a stale socket file left by a dead server, or not a socket at all)'
  start_sock
  run cat server.log
  assert_line 'server: removed stale socket ./s.sock (nobody was listening)'
  talk 'hello\n'
  assert_success
  assert_output 'OK HELLO'
  stop_server_cleanly
}

@test "08-unix-socket: a path that is not a socket (file, directory, symlink, FIFO) is refused and left alone" {
  echo precious >s.sock
  run_timeout "$CH/server" -s ./s.sock
  assert_failure 1
  assert_output 'server: ./s.sock: Socket operation on non-socket'
  assert_equal "$(cat s.sock)" precious
  rm s.sock
  mkdir d
  run_timeout "$CH/server" -s ./d
  assert_failure 1
  [ -d d ]
  ln -s nowhere link
  run_timeout "$CH/server" -s ./link
  assert_failure 1
  assert_equal "$(readlink link)" nowhere
  mkfifo f
  run_timeout "$CH/server" -s ./f
  assert_failure 1
  assert_output 'server: ./f: Socket operation on non-socket'
  [ -p f ]
  rm f
}

@test "08-unix-socket: a second server on a live server's path is refused with EADDRINUSE; the first keeps serving" {
  start_sock
  inode=$(stat -c %i s.sock)
  run_timeout "$CH/server" -s ./s.sock
  assert_failure 1
  assert_output 'server: ./s.sock: Address already in use'
  assert_equal "$(stat -c %i s.sock)" "$inode"
  talk 'first\n'
  assert_success
  assert_output 'OK FIRST'
  stop_server_cleanly
}

@test "08-unix-socket: the server checks and binds under a flock on the socket's directory, so two servers cannot race" {
  # 이 셸이 디렉터리의 flock을 쥐고 있는 동안 server는 그 자리에서 기다린다 (/proc/locks의 "->").
  # server 에게는 잠금의 fd를 물려주지 않는다: flock은 열린 파일 기술에 붙으므로, 물려받은 fd가
  # 하나라도 열려 있으면 이 셸이 닫아도 잠금이 풀리지 않는다.
  exec {lk}<.
  flock -x "$lk"
  # shellcheck disable=SC2016  # $0, $1은 bash -c 안에서 펼친다
  start_server server.log bash -c 'fd=$1 && exec {fd}<&- && exec "$0" -s ./s.sock' "$CH/server" "$lk"
  local tries=500
  until awk -v p="$SERVER_PID" '$2 == "->" && $3 == "FLOCK" && $6 == p { found = 1 } END { exit !found }' /proc/locks; do
    alive "$SERVER_PID" || fail "the server ended: $(cat server.log)"
    [ $((tries -= 1)) -gt 0 ] || fail "the server never waited for the directory lock"
    sleep "$POLL_INTERVAL"
  done
  [ ! -e s.sock ] # 아직 아무것도 만들지 않았다
  exec {lk}<&-
  wait_for_line server.log '^server: ready on \./s\.sock'
  stop_server_cleanly
}

# --- 잘못된 입력 --------------------------------------------------------------------------------

@test "08-unix-socket: the client explains a missing socket file (ENOENT) and a path that is no socket (ECONNREFUSED)" {
  talk 'x\n'
  assert_failure 1
  assert_equal "$stderr" 'client: connect ./s.sock: No such file or directory (no socket file there: is the server running?)'
  echo data >s.sock
  talk 'x\n'
  assert_failure 1
  assert_equal "$stderr" 'client: connect ./s.sock: Connection refused (nobody is listening: a stale socket file left by a dead server, or not a socket at all)'
  assert_equal "$(cat s.sock)" data
}

@test "08-unix-socket: bad arguments print the usage on stderr and exit 2, creating nothing" {
  local long
  long=./$(printf 'x%.0s' {1..106}) # 108바이트: sun_path에 NUL이 들어갈 자리가 없다
  for prog in server client; do
    for args in "-x" "-s" "-s ./a.sock extra" "extra"; do
      # shellcheck disable=SC2086  # args를 일부러 낱말로 나눈다
      run_timeout --separate-stderr "$CH/$prog" $args
      assert_equal "$status" 2
      assert_equal "$output" ""
      assert_equal "${stderr_lines[-1]}" "usage: $prog [-s SOCKET_PATH]   (default ./demo.sock)"
    done
    run_timeout --separate-stderr "$CH/$prog" -s ''
    assert_equal "$status" 2
    assert_equal "${stderr_lines[0]}" "$prog: socket path must be 1 to 107 bytes, got 0"
    run_timeout --separate-stderr "$CH/$prog" -s "$long"
    assert_equal "$status" 2
    assert_equal "${stderr_lines[0]}" "$prog: socket path must be 1 to 107 bytes, got 108"
  done
  run ls -A
  assert_output ''
}

@test "08-unix-socket: a socket path of exactly 107 bytes (the end of sun_path) works" {
  local path
  path=./$(printf 'y%.0s' {1..105})
  assert_equal "${#path}" 107
  start_sock "$path"
  [ -S "$path" ]
  # shellcheck disable=SC2016  # $0, $1은 sh -c 안에서 펼친다
  run_timeout sh -c 'echo long | "$0" -s "$1"' "$CH/client" "$path"
  assert_success
  assert_output 'OK LONG'
  stop_server_cleanly
  [ ! -e "$path" ]
}

@test "08-unix-socket: -h and --help print the usage on stdout and exit 0" {
  for prog in server client; do
    for opt in -h --help; do
      run_timeout --separate-stderr "$CH/$prog" "$opt"
      assert_success
      assert_equal "${lines[0]}" "usage: $prog [-s SOCKET_PATH]   (default ./demo.sock)"
      assert_equal "$stderr" ""
    done
  done
}

# --- 한도와 권한 ---------------------------------------------------------------------------------

@test "08-unix-socket: out of file descriptors, the server leaves new connections queued and takes them when a client leaves" {
  [ "${VALGRIND:-0}" != 1 ] || skip "valgrind keeps its own descriptors under the limit"
  start_sock
  # 쓰지 않은 fd 번호가 꼭 둘 남도록 server의 RLIMIT_NOFILE을 줄인다 (물려받은 fd가 있어도 맞게)
  local used limit=0 free=0
  used=" $(cd /proc/"$SERVER_PID"/fd && printf '%s ' *)"
  while [ "$free" -lt 2 ]; do
    [[ $used == *" $limit "* ]] || free=$((free + 1))
    limit=$((limit + 1))
  done
  prlimit --pid "$SERVER_PID" --nofile="$limit"
  spawn_client 3 # 먼저 띄운다 (attach_client의 설명): 셋째는 둘이 연결된 뒤에 connect 한다
  open_clients 2
  attach_client 3
  wait_for_line server.log '^server: accept4: Too many open files: 2 clients for now$'
  rm in.3
  send_to 3 'queued\n' # connect는 돌아왔다 (큐에 있다). 보낸 줄은 커널이 받아 둔다
  close_client 1
  wait_for_line server.log "^server: pid ${CPID[3]} \\(uid [0-9]+\\) connected, 2 clients$"
  wait_for_line out.3 '^OK QUEUED$' "${CPID[3]}"
  # 자리가 없는 동안 server는 듣는 소켓을 보지 않았다: EMFILE은 한 번뿐이다 (헛도는 poll이 없다)
  assert_equal "$(grep -c 'Too many open files' server.log)" 1
  close_client 2
  close_client 3
  assert_equal "$EXIT_STATUS" 0
  stop_server_cleanly
}

@test "08-unix-socket: another user cannot connect: the socket file is 0600 (EACCES)" {
  need_other_user
  start_sock
  nclient=$(nobody_bin 08-unix-socket client)
  # shellcheck disable=SC2016  # $0은 sh -c 안에서 펼친다
  run_timeout --separate-stderr "${NOBODY[@]}" sh -c 'echo x | "$0" -s ./s.sock' "$nclient"
  assert_failure 1
  assert_equal "$stderr" 'client: connect ./s.sock: Permission denied (no write permission on the socket file (mode 600: another user'"'"'s server?))'
  stop_server_cleanly
}

@test "08-unix-socket: SO_PEERCRED names the connecting user; root connects to a 0600 socket anyway" {
  need_other_user
  nserver=$(nobody_bin 08-unix-socket server)
  nclient=$(nobody_bin 08-unix-socket client)
  mkdir nb
  chown 65534:65534 nb
  start_server server.log "${NOBODY[@]}" "$nserver" -s ./nb/s.sock
  wait_for_line server.log '^server: ready on \./nb/s\.sock'
  assert_equal "$(stat -c '%u %a' nb/s.sock)" "65534 600"
  # shellcheck disable=SC2016  # $0은 sh -c 안에서 펼친다
  run_timeout "${NOBODY[@]}" sh -c 'echo me | "$0" -s ./nb/s.sock' "$nclient"
  assert_success
  assert_output 'OK ME'
  wait_for_line server.log '^server: pid [0-9]+ \(uid 65534\) connected'
  # root는 파일의 권한 검사를 건너뛴다 (CAP_DAC_OVERRIDE): 0600은 root를 막지 못한다
  # shellcheck disable=SC2016  # $0은 sh -c 안에서 펼친다
  run_timeout sh -c 'echo root | "$0" -s ./nb/s.sock' "$CH/client"
  assert_success
  assert_output 'OK ROOT'
  wait_for_line server.log '^server: pid [0-9]+ \(uid 0\) connected'
  stop_server_cleanly
}

# --- experiments/ -------------------------------------------------------------------------------

@test "08-unix-socket: SOCK_STREAM merges three writes into one read; SOCK_SEQPACKET and SOCK_DGRAM keep the boundaries" {
  run_timeout "$CH/experiments/message_boundaries"
  assert_success
  assert_output - <<'EOF'
SOCK_STREAM:    3 writes (3, 4, 1 bytes) -> 1 read:  "AAABBBBC"
SOCK_SEQPACKET: 3 writes (3, 4, 1 bytes) -> 3 reads: "AAA" "BBBB" "C"
SOCK_DGRAM:     3 writes (3, 4, 1 bytes) -> 3 reads: "AAA" "BBBB" "C"
EOF
}

@test "08-unix-socket: a message read into a small buffer loses its tail (MSG_TRUNC); a stream keeps the rest for the next read" {
  run_timeout "$CH/experiments/truncated_message"
  assert_success
  assert_output - <<'EOF'
SOCK_SEQPACKET: 100-byte message, 10-byte buffer: MSG_PEEK|MSG_TRUNC says 100; recvmsg got 10, MSG_TRUNC set; next read: "next"
SOCK_DGRAM:     100-byte message, 10-byte buffer: MSG_PEEK|MSG_TRUNC says 100; recvmsg got 10, MSG_TRUNC set; next read: "next"
SOCK_STREAM:    100 bytes, 10-byte buffer: recvmsg got 10, MSG_TRUNC not set; next read: "xxxxxxxxxx"
EOF
}

@test "08-unix-socket: SCM_RIGHTS passes an open file: the receiver reads a file it never opened, after the sender has exited" {
  printf 'secret\n\033[31m' >secret.txt
  chmod 600 secret.txt
  run_timeout "$CH/experiments/pass_fd" secret.txt
  assert_success
  assert_line --index 0 --regexp '^sender \(pid [0-9]+\): opened secret\.txt as fd [0-9]+ \(inode [0-9]+\), sent it with SCM_RIGHTS, exiting$'
  assert_line --regexp "^receiver \\(pid [0-9]+, uid [0-9]+\\): the sender has exited; recvmsg gave fd [0-9]+ -> $TEST_TMP/secret\\.txt\$"
  # 받은 fd는 보낸 쪽과 같은 파일(같은 inode)이다. 파일의 제어 문자는 이스케이프되어 찍힌다
  assert_line "receiver: same inode as the sender's: yes ($(stat -c %i secret.txt)); read 12 bytes: \"secret\\n\\x1b[31m\""
}

@test "08-unix-socket: a receiver that may not open the file (nobody) still reads it through the passed descriptor" {
  [ "$(id -u)" -eq 0 ] || skip "needs root: pass_fd drops its receiver to nobody only when run as root"
  echo secret >secret.txt
  chmod 600 secret.txt
  run_timeout "$CH/experiments/pass_fd" secret.txt
  assert_success
  assert_line --regexp '^receiver \(pid [0-9]+\): dropped to uid 65534: open secret\.txt: Permission denied$'
  assert_line --regexp '^receiver \(pid [0-9]+, uid 65534\): the sender has exited; recvmsg gave fd [0-9]+ -> '
  assert_line --regexp '^receiver: same inode as the sender.s: yes \([0-9]+\); read 7 bytes: "secret\\n"$'
}

@test "08-unix-socket: fds that do not fit the control buffer are closed by the kernel and MSG_CTRUNC is set" {
  run_timeout "$CH/experiments/too_small_cmsg_buffer"
  assert_success
  assert_equal "${#lines[@]}" 2
  [[ ${lines[0]} =~ ^'room for 2 fds: MSG_CTRUNC set, 2 fds installed (open fds '([0-9]+)' -> '([0-9]+)'): the rest were closed by the kernel'$ ]] ||
    fail "unexpected: ${lines[0]}"
  assert_equal "${BASH_REMATCH[2]}" "$((BASH_REMATCH[1] + 2))" # 넷을 보냈는데 둘만 열렸다
  [[ ${lines[1]} =~ ^'room for 4 fds: MSG_CTRUNC not set, 4 fds installed (open fds '([0-9]+)' -> '([0-9]+)')'$ ]] ||
    fail "unexpected: ${lines[1]}"
  assert_equal "${BASH_REMATCH[2]}" "$((BASH_REMATCH[1] + 4))"
}

@test "08-unix-socket: an abstract name leaves no file, shows as @name in /proc/net/unix, and vanishes with its last socket" {
  local name=${IPC_NAME#/}
  run_timeout "$CH/experiments/abstract_name" "$name"
  assert_success
  assert_line --index 0 "bound and listening on @$name (address length $((2 + 1 + ${#name}))); /proc/net/unix lists: @$name"
  assert_line --index 1 'connect with the exact length: ok'
  assert_line --index 4 "after close: @$name is gone from /proc/net/unix (nothing to unlink)"
  run ls -A
  assert_output '' # 파일 시스템에는 아무것도 생기지 않았다
  run grep -c "@$name" /proc/net/unix
  assert_output 0
}

@test "08-unix-socket: an abstract name given with length sizeof(struct sockaddr_un) is another name: connect gets ECONNREFUSED" {
  local name=${IPC_NAME#/}
  run_timeout "$CH/experiments/abstract_name" "$name"
  assert_success
  assert_line --index 2 'connect with sizeof(struct sockaddr_un) = 110: Connection refused'
  # 그 길이로 bind 한 이름은 NAME 뒤로 sun_path 끝까지 NUL이다: 108 - 1 - 길이 개
  assert_line --index 3 "bound with sizeof(struct sockaddr_un): /proc/net/unix lists @$name followed by $((107 - ${#name})) more @ (NUL bytes)"
}

@test "08-unix-socket: a socket file outlives close: connect gets ECONNREFUSED, bind gets EADDRINUSE even with SO_REUSEADDR, until unlink" {
  run_timeout "$CH/experiments/stale_socket" ./st.sock
  assert_success
  assert_line --index 0 --regexp '^closed the listening socket without unlink: \./st\.sock is still there \(socket, mode [0-7]+\)$'
  assert_line --index 1 'connect to it: Connection refused'
  assert_line --index 2 'bind again: Address already in use'
  assert_line --index 3 'bind again with SO_REUSEADDR: Address already in use'
  assert_line --index 4 'unlink, then bind: ok; connect: ok'
  assert_line --index 5 'removed ./st.sock'
  [ ! -e st.sock ]
  # 이미 있는 것은 건드리지 않는다
  echo mine >st.sock
  run_timeout "$CH/experiments/stale_socket" ./st.sock
  assert_failure 1
  assert_equal "$(cat st.sock)" mine
}

@test "08-unix-socket: a path cut by strncpy binds a different, shorter name, and unlink of the long path misses it" {
  run_timeout "$CH/experiments/path_truncation"
  assert_success
  assert_output - <<'EOF'
asked for a 120-byte path; strncpy kept 107 bytes; bind: ok
getsockname says the socket is bound to a 107-byte name (not the path we asked for)
unlink(the 120-byte path): No such file or directory; the file has the cut name: removed it
EOF
  run ls -A
  assert_output ''
  # 잘린 이름에 이미 파일이 있으면 지우지 않고 멈춘다
  local cut
  cut=$(printf 'p%.0s' {1..105})
  touch "$cut"
  run_timeout "$CH/experiments/path_truncation"
  assert_failure 1
  [ -f "$cut" ]
}

@test "08-unix-socket: SO_PEERCRED is the PID at connect time: after the connecting process forks and exits, it still names that process" {
  run_timeout "$CH/experiments/peer_cred_snapshot"
  assert_success
  [[ ${lines[0]} =~ ^'client pid '([0-9]+)' connected, forked pid '([0-9]+)' and exited'$ ]] || fail "unexpected: ${lines[0]}"
  local c=${BASH_REMATCH[1]} g=${BASH_REMATCH[2]}
  assert_line --index 1 "SO_PEERCRED on the accepted socket: pid $c (exited), uid $(id -u)"
  assert_line --index 2 "the data came from: \"hello from pid $g\""
}

@test "08-unix-socket: every experiment prints its usage for -h (exit 0) and refuses extra arguments (exit 2)" {
  local x
  for x in message_boundaries truncated_message pass_fd too_small_cmsg_buffer abstract_name stale_socket path_truncation \
    peer_cred_snapshot never_reads; do
    run_timeout --separate-stderr "$CH/experiments/$x" -h
    assert_success
    assert_output --regexp "^usage: $x"
    assert_equal "$stderr" ''
    run_timeout --separate-stderr "$CH/experiments/$x" one two
    assert_equal "$status" 2
    assert_output ''
    assert_equal "${stderr_lines[0]%% *}" usage:
  done
  run_timeout --separate-stderr "$CH/experiments/abstract_name" 'no spaces'
  assert_equal "$status" 2
}

@test "08-unix-socket: the client reports a stdin it cannot read and a stdout it cannot write, and exits 1" {
  start_sock
  # 디렉터리는 읽기로 열 수 있지만 read()는 EISDIR이다. /dev/full에 쓰는 write()는 늘 ENOSPC다.
  run_timeout --separate-stderr "$CH/client" -s ./s.sock </
  assert_failure 1
  [[ $stderr == *'client: read (stdin): Is a directory'* ]] || fail "$stderr"
  # shellcheck disable=SC2016  # $1은 bash -c 안에서 펼친다
  run_timeout --separate-stderr bash -c 'printf "hi\n" | "$1" -s ./s.sock >/dev/full' _ "$CH/client"
  assert_failure 1
  [[ $stderr == *'client: write (stdout): No space left on device'* ]] || fail "$stderr"
  stop_server_cleanly
}
