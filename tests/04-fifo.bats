#!/usr/bin/env bats
# tests/04-fifo.bats: 이름 있는 파이프 (mkfifo, open의 기다림과 O_NONBLOCK, 여분의 writer, PIPE_BUF)
#
# 무엇을 시험하는가 (한 줄이 테스트 하나; 프로그램: S = server, C = client, E/x = experiments/x):
# | 프로그램      | 경우                                                             | 기대                                              |
# |---------------|------------------------------------------------------------------|---------------------------------------------------|
# | S C           | TEXT 하나 (제어 문자·UTF-8 포함), 가장 긴 TEXT 256바이트          | 대문자 답, 남의 바이트는 \xNN으로, SIGTERM에 0    |
# | S C           | ls -l, stat, /proc: 요청이 FIFO 안에 있을 때                      | p, 크기 0, 600; client는 답 FIFO를 읽기로 연 채   |
# | S C           | umask 000, 022, 277                                              | 두 FIFO 모두 600                                  |
# | S C           | client 50개의 요청이 한꺼번에 쌓임                               | 저마다 제 답, 섞이거나 버린 요청 0 (PIPE_BUF)     |
# | S C           | 여분의 writer: server의 fd, client들이 오간 뒤                    | 읽기·쓰기 fd 둘, server는 계속 기다린다           |
# | C             | server FIFO가 없음 / 읽는 쪽 없는 FIFO                           | ENOENT / ENXIO, "is the server running?", 1       |
# | C             | server 경로가 일반 파일·디렉터리                                 | 쓰지 않고 1, 파일 그대로                          |
# | S             | 경로에 일반 파일·디렉터리·심볼릭 링크                            | 건드리지 않고 1, 고치는 법을 알린다               |
# | S C           | 잘못된 인자, -h/--help                                           | 사용법을 stderr에 2 / stdout에 0                  |
# | S C           | 긴 이름 (244바이트) / 답 이름이 NAME_MAX·PATH_MAX를 넘음          | 된다 / client가 알리고 1, server는 그 답만 버림   |
# | S C           | 쓰레기, 틀린 pid, 너무 긴 쓰기, 짧은 줄                          | 버리고 알림, 다음 client는 답을 받는다            |
# | S C           | 조각 바로 뒤에 붙은 요청                                         | 경계를 다시 찾아 그 요청에 답한다                 |
# | S             | 답 경로가 일반 파일·심볼릭 링크·디렉터리                         | 쓰지 않고 그 답만 버림                            |
# | S             | 아무도 읽지 않는 답 FIFO / 가득 찬 답 FIFO                       | ENXIO / EAGAIN으로 버리고 멈추지 않음             |
# | S C           | 기다리는 client가 SIGKILL                                        | 답 FIFO가 남고, server는 ENXIO로 버리고 계속      |
# | S C           | 대화 중 server가 SIGKILL                                         | client가 바로(POLLERR) 알리고 1, 답 FIFO 지움     |
# | C             | 답하지 않는 server (-t 1) / 답 없이 닫는 server / 가득 찬 FIFO   | 시간 초과 1 / "without a complete answer" 1 / 1   |
# | C             | 가득 찬 server FIFO 앞에서 기다리는데 server가 사라짐            | EPIPE (SIGPIPE로 죽지 않음), 답 FIFO 지움         |
# | C             | 같은 PID의 답 FIFO·파일이 이미 있음                              | 지우지 않고 rm을 알리고 1                         |
# | S E/stale_fifo| SIGKILL된 server가 남긴 FIFO / 살아 있는 server의 FIFO            | 다음 server가 거절, stale / 거절, live            |
# | S             | 실행 중에 누가 FIFO 이름을 바꿔치기함                             | 끝낼 때 남의 FIFO는 지우지 않는다                 |
# | S / C         | SIGINT, SIGTERM, SIGHUP                                          | 만든 FIFO를 지우고 0                              |
# | C, S (nobody) | 0600 server FIFO / 쓸 수 없는 디렉터리                           | EACCES, 1 (root가 아니면 건너뜀)                  |
# | E/open_waits_for_peer | 읽기로 / 쓰기로(-w) 블로킹 open                          | 잠듦(S), fd 없음 → 반대쪽이 오면 풀려남           |
# | E/open_waits_for_peer | 잠든 open에 SIGTERM                                      | EINTR (SA_RESTART 없음), FIFO 지우고 0            |
# | E/nonblocking_open    | O_NONBLOCK open의 네 칸                                  | ENXIO, 바로, 바로, O_RDWR 바로                    |
# | E/wrong_open_order    | 반대 순서 / 같은 순서로 FIFO 두 개                       | 교착 / ping-pong                                  |
# | E/no_spare_writer     | 마지막 writer가 떠난 뒤                                  | EOF 1000번 / 여분의 writer면 EAGAIN               |
# | E/pipe_buf_atomic     | writer 4개, 512와 4096바이트 레코드                      | 섞인 레코드 0                                     |
# | E/flag_check_race     | 검사 뒤 read / 차단 + ppoll                              | read는 SIGALRM까지 잔다 / ppoll은 바로 EINTR      |
# | E/*                   | -h, 잘못된 인자                                          | 0 / 2                                             |
# 모든 테스트 뒤 teardown이 남은 프로세스와 $TEST_TMP 안의 FIFO를 확인한다.
# 확인할 수 없는 것: server의 "플래그 검사와 ppoll 사이" 틈은 명령어 두 개 사이라 테스트로 맞힐 수
# 없다 (ppoll을 poll로 바꾼 server도 여기의 시그널 테스트를 통과한다). 그 틈은 E/flag_check_race가 보인다.

# shellcheck disable=SC2154  # $stderr는 bats의 run --separate-stderr가 채운다
load test_helper

CH=$(chapter_dir 04-fifo)

# --- 이 파일의 도우미 -------------------------------------------------------------------------

# start_fifo_server: ./srv.fifo로 server를 띄우고 준비 줄을 기다린다.
start_fifo_server() {
  start_server server.log "$CH/server" -f ./srv.fifo
  wait_for_line server.log '^server: ready on \./srv\.fifo \(pid [0-9]+\)$'
}

# start_bg 로그 명령 [인자...]: server가 아닌 프로그램을 배경에서 띄운다 (PID는 BG_PID).
# start_server를 빌려 쓰므로 teardown이 남은 것을 치운다. SERVER_PID/SERVER_LOG는 되돌려 둔다.
start_bg() {
  local log=$1 spid=${SERVER_PID:-} slog=${SERVER_LOG:-}
  shift
  start_server "$log" "$@"
  BG_PID=$SERVER_PID
  SERVER_PID=$spid SERVER_LOG=$slog
}

# start_client 로그 [client 인자...] TEXT: ./srv.fifo의 client를 배경에서 (PID는 CLIENT_PID),
# 요청을 보냈다는 줄을 기다린다.
start_client() {
  start_bg "$1" "$CH/client" -f ./srv.fifo "${@:2}"
  CLIENT_PID=$BG_PID
  wait_for_line "$1" '^client: sent .*, waiting on ' "$CLIENT_PID"
}

# send_raw 바이트: server FIFO에 그대로 쓴다 (bash의 printf: 짧은 출력은 write 한 번).
send_raw() {
  # shellcheck disable=SC2016  # $1은 bash -c 안에서 펼친다
  run_timeout bash -c 'printf "%s" "$1" >srv.fifo' _ "$1"
  assert_success
}

# send_request PID TEXT: 손으로 만든 512바이트 요청 (common.h의 형식)
send_request() {
  # shellcheck disable=SC2016  # $1.. 은 bash -c 안에서 펼친다
  run_timeout bash -c 'printf "%-511s\n" "$1 $2" >srv.fifo' _ "$@"
  assert_success
}

# wait_state PID 상태: /proc/PID/stat의 상태가 그것이 될 때까지 (예: S = 잠듦) 기다린다.
wait_state() {
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(proc_state "$1")" = "$2" ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $1 never reached state $2 (now $(proc_state "$1"))"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

# good_client_works TEXT: 다른 client들이 무슨 짓을 했든 정상 client는 답을 받는다 (ASCII TEXT).
good_client_works() {
  run_timeout "$CH/client" -f ./srv.fifo "$1"
  assert_success
  assert_line --index 0 --regexp "^client: sent \"$1\" to \./srv\.fifo, waiting on \./srv\.fifo\.[0-9]+$"
  assert_line --index 1 "client: got \"${1^^}\""
}

# fill_fifo 경로: 읽는 끝이 열린 FIFO를 EAGAIN이 날 때까지 채운다 (dd의 oflag=nonblock).
fill_fifo() {
  timeout 5 dd if=/dev/zero of="$1" bs=4096 count=1024 oflag=nonblock 2>/dev/null || true
}

# --- 대화 --------------------------------------------------------------------------------------

@test "04-fifo: round trip: the client gets its TEXT back in upper case, foreign bytes escaped" {
  start_fifo_server
  run_timeout --separate-stderr "$CH/client" -f ./srv.fifo 'hello fifo'
  assert_success
  assert_line --index 0 --regexp '^client: sent "hello fifo" to \./srv\.fifo, waiting on \./srv\.fifo\.[0-9]+$'
  assert_line --index 1 'client: got "HELLO FIFO"'
  assert_equal "$stderr" ''
  # 가장 긴 TEXT (256바이트)
  good_client_works "$(printf 'a%.0s' {1..256})"
  # ESC 시퀀스와 UTF-8: 두 프로그램 모두 \xNN으로 찍는다. toupper는 C 로캘에서 ASCII만 바꾼다.
  run_timeout "$CH/client" -f ./srv.fifo $'\e[31m이"\\'
  assert_success
  assert_line --index 1 'client: got "\x1b[31M\xec\x9d\xb4\x22\x5c"'
  [[ $output != *$'\e'* ]] || fail 'an escape byte reached the terminal'
  stop_server_cleanly
  run cat server.log
  assert_line --regexp '^server: request from pid [0-9]+: "hello fifo" -> "HELLO FIFO"$'
  assert_line --regexp '^server: request from pid [0-9]+: "\\x1b\[31m\\xec\\x9d\\xb4\\x22\\x5c" -> "\\x1b\[31M\\xec\\x9d\\xb4\\x22\\x5c"$'
  assert_line 'server: SIGTERM: stopping, removing ./srv.fifo'
  [[ $(cat server.log) != *$'\e'* ]] || fail 'an escape byte reached the server log'
}

# --- 파일 시스템 속의 FIFO -------------------------------------------------------------------

@test "04-fifo: ls -l shows p and size 0; stat says fifo 600, size 0 even while a request is inside" {
  start_fifo_server
  run ls -l srv.fifo
  assert_output --regexp '^prw------- [0-9]+ [^ ]+ [^ ]+ 0 .* srv\.fifo$'
  # server를 세워 두면 client의 512바이트 요청은 커널의 파이프 버퍼에 머문다. 그래도 크기는 0이다.
  kill -STOP "$SERVER_PID"
  start_client client.log -t "$RUN_TIMEOUT" hello
  run stat -c '%n %F %s %a' srv.fifo "srv.fifo.$CLIENT_PID"
  assert_output "srv.fifo fifo 0 600"$'\n'"srv.fifo.$CLIENT_PID fifo 0 600"
  # client는 답 FIFO를 읽기로(O_RDONLY|O_NONBLOCK) 연 채 기다린다: 요청보다 먼저 열었다
  local fd flags found=0
  for fd in /proc/"$CLIENT_PID"/fd/*; do
    [ "$(readlink "$fd")" = "$TEST_TMP/srv.fifo.$CLIENT_PID" ] || continue
    flags=$(awk '/^flags:/ { print "0" $2 }' "/proc/$CLIENT_PID/fdinfo/${fd##*/}")
    assert_equal "$((flags & 3)) $((flags & 04000))" '0 2048' # O_RDONLY, O_NONBLOCK
    found=1
  done
  assert_equal "$found" 1
  kill -CONT "$SERVER_PID"
  wait_exit "$CLIENT_PID"
  assert_equal "$EXIT_STATUS" 0
  run cat client.log
  assert_line 'client: got "HELLO"'
  stop_server_cleanly
}

@test "04-fifo: both programs create their FIFOs with mode 600 whatever the umask (000, 022, 277)" {
  local mask
  for mask in 000 022 277; do
    # shellcheck disable=SC2016  # $1, $2는 bash -c 안에서 펼친다
    start_server server.log bash -c 'umask "$1"; exec "$2" -f ./srv.fifo' _ "$mask" "$CH/server"
    wait_for_line server.log '^server: ready on'
    assert_equal "$(stat -c %a srv.fifo)" 600
    kill -STOP "$SERVER_PID" # 답이 오지 않는 동안 client의 답 FIFO를 본다
    # shellcheck disable=SC2016
    start_bg client.log bash -c 'umask "$1"; exec "$2" -f ./srv.fifo -t "$3" hi' _ "$mask" "$CH/client" "$RUN_TIMEOUT"
    wait_for_line client.log '^client: sent' "$BG_PID"
    assert_equal "$(stat -c %a "srv.fifo.$BG_PID")" 600
    kill -CONT "$SERVER_PID"
    wait_exit "$BG_PID"
    assert_equal "$EXIT_STATUS" 0
    stop_server_cleanly
  done
}

# --- 동시성과 PIPE_BUF ------------------------------------------------------------------------

@test "04-fifo: 50 clients at once each get their own answer; 512-byte requests never interleave" {
  local n i pids=()
  n=$(count_for 50)
  start_fifo_server
  # server를 세워 두고 모든 요청을 FIFO에 쌓은 뒤 한꺼번에 풀어 준다 (50 × 512 = 25600 < 65536).
  kill -STOP "$SERVER_PID"
  for ((i = 1; i <= n; i++)); do
    timeout -k 2 "$RUN_TIMEOUT" "$CH/client" -f ./srv.fifo -t "$RUN_TIMEOUT" "client-$i" >"out.$i" 2>&1 3>&- &
    pids+=($!)
  done
  for ((i = 1; i <= n; i++)); do
    wait_for_line "out.$i" '^client: sent' "${pids[i - 1]}"
  done
  kill -CONT "$SERVER_PID"
  for ((i = 1; i <= n; i++)); do
    wait "${pids[i - 1]}" || fail "client $i failed: $(cat "out.$i")"
    assert_equal "$(tail -n 1 "out.$i")" "client: got \"CLIENT-$i\""
  done
  run grep -c '^server: request from pid' server.log
  assert_output "$n"
  run grep -E 'bad request|skipped|dropped' server.log
  assert_failure # 섞이거나 잘린 요청이 하나도 없다
  stop_server_cleanly
}

# --- 여분의 writer ----------------------------------------------------------------------------

@test "04-fifo: spare writer: the server holds its FIFO open for reading and writing; clients may come and go" {
  start_fifo_server
  # server는 자기 FIFO를 두 번 열어 쥐고 있다: 읽기(O_RDONLY=0) 하나, 쓰기(O_WRONLY=1) 하나
  local fd modes=()
  for fd in /proc/"$SERVER_PID"/fd/*; do
    [ "$(readlink "$fd")" = "$TEST_TMP/srv.fifo" ] || continue
    modes+=($(($(awk '/^flags:/ { print "0" $2 }' "/proc/$SERVER_PID/fdinfo/${fd##*/}") & 3)))
  done
  assert_equal "$(printf '%s\n' "${modes[@]}" | sort | tr '\n' ' ')" '0 1 '
  # 마지막 client가 떠나도 EOF가 오지 않으므로 server는 다음 client를 기다린다 (잠들어 있다)
  good_client_works first
  wait_state "$SERVER_PID" S
  good_client_works second
  wait_state "$SERVER_PID" S
  alive "$SERVER_PID" || fail 'the server ended after its clients left'
  run grep -c EOF server.log
  assert_output 0
  stop_server_cleanly
}

# --- open과 O_NONBLOCK (client) ---------------------------------------------------------------

@test "04-fifo: a client whose server FIFO does not exist says so and exits 1" {
  run_timeout --separate-stderr "$CH/client" -f ./srv.fifo hello
  assert_failure 1
  assert_output ''
  assert_equal "$stderr" 'client: open ./srv.fifo: No such file or directory (is the server running?)'
}

@test "04-fifo: O_WRONLY|O_NONBLOCK open with no reader fails with ENXIO: the client says no server runs" {
  mkfifo -m 600 srv.fifo # 아무도 읽지 않는 FIFO (죽은 server가 남긴 것과 같다)
  run_timeout --separate-stderr "$CH/client" -f ./srv.fifo hello
  assert_failure 1
  assert_output ''
  assert_equal "$stderr" 'client: open ./srv.fifo: No such device or address (is the server running?)'
  # server FIFO를 먼저 열어 보므로 답 FIFO는 만들지도 않았다
  run find . -name 'srv.fifo.*'
  assert_output ''
  rm srv.fifo
}

@test "04-fifo: the client refuses a server path that is a regular file or a directory" {
  echo precious >srv.fifo
  run_timeout --separate-stderr "$CH/client" -f ./srv.fifo hello
  assert_failure 1
  assert_equal "$stderr" 'client: ./srv.fifo is not a FIFO; not writing to it'
  assert_equal "$(cat srv.fifo)" precious
  rm srv.fifo
  mkdir srv.fifo
  run_timeout --separate-stderr "$CH/client" -f ./srv.fifo hello
  assert_failure 1
  assert_equal "$stderr" 'client: open ./srv.fifo: Is a directory'
  rmdir srv.fifo
}

# --- 남은 이름 (server) -----------------------------------------------------------------------

@test "04-fifo: the server refuses a regular file, a directory or a symlink at its path and leaves it alone" {
  local hint='server: ./srv.fifo already exists: another server may be using it, or a server killed by SIGKILL or a crash left it behind; if no server runs, remove it: rm ./srv.fifo'
  echo precious >srv.fifo
  run_timeout --separate-stderr "$CH/server" -f ./srv.fifo
  assert_failure 1
  assert_equal "$stderr" "$hint"
  assert_equal "$(cat srv.fifo)" precious
  rm srv.fifo
  mkdir srv.fifo
  run_timeout --separate-stderr "$CH/server" -f ./srv.fifo
  assert_failure 1
  assert_equal "$stderr" "$hint"
  rmdir srv.fifo
  ln -s elsewhere srv.fifo
  run_timeout --separate-stderr "$CH/server" -f ./srv.fifo
  assert_failure 1
  assert_equal "$stderr" "$hint"
  [ ! -e elsewhere ] || fail 'the server followed the symlink'
  rm srv.fifo
  run "$CH/experiments/stale_fifo" ./srv.fifo
  assert_failure 2 # 이제 아무것도 없다
}

@test "04-fifo: a stale FIFO left by a SIGKILLed server: the next server refuses it and names the fix" {
  start_fifo_server
  stop_server KILL
  assert_equal "$EXIT_STATUS" 137
  [ -p srv.fifo ] || fail 'a SIGKILLed server cannot remove its FIFO'
  run_timeout --separate-stderr "$CH/server" -f ./srv.fifo
  assert_failure 1
  [[ $stderr == *'a server killed by SIGKILL or a crash left it behind'*'rm ./srv.fifo' ]] || fail "$stderr"
  [ -p srv.fifo ] || fail 'the server removed a FIFO that was not its own'
  # 읽는 프로세스가 없다: 쓰기+O_NONBLOCK이 ENXIO다
  run "$CH/experiments/stale_fifo" ./srv.fifo
  assert_failure 1
  assert_output 'stale_fifo: ./srv.fifo: nobody reads it (stale): rm ./srv.fifo, then start the server'
  rm srv.fifo
  start_fifo_server
  good_client_works again
  stop_server_cleanly
}

@test "04-fifo: a second server refuses a FIFO that a running server reads; the first is unharmed" {
  start_fifo_server
  run_timeout --separate-stderr "$CH/server" -f ./srv.fifo
  assert_failure 1
  [[ $stderr == *'already exists: another server may be using it'* ]] || fail "$stderr"
  run "$CH/experiments/stale_fifo" ./srv.fifo
  assert_success
  assert_output 'stale_fifo: ./srv.fifo: a process reads it (a running server): leave it alone'
  good_client_works first-still-works
  stop_server_cleanly
}

@test "04-fifo: the server removes only its own FIFO: a FIFO that replaced it is left alone" {
  start_fifo_server
  rm srv.fifo
  mkfifo -m 600 srv.fifo # 다른 누군가의 FIFO (같은 이름, 다른 inode)
  stop_server TERM
  assert_equal "$EXIT_STATUS" 0
  run cat server.log
  assert_line 'server: ./srv.fifo is no longer the FIFO we made; left it alone'
  [ -p srv.fifo ] || fail 'the server removed a FIFO it did not make'
  run "$CH/experiments/stale_fifo" srv.fifo
  assert_output --partial 'nobody reads it'
  run "$CH/experiments/stale_fifo" precious.txt
  assert_failure 2
  echo x >precious.txt
  run "$CH/experiments/stale_fifo" precious.txt
  assert_failure 3
  assert_output 'stale_fifo: precious.txt: not a FIFO (a regular file): not touching it'
  rm srv.fifo precious.txt
}

# --- 인자 ---------------------------------------------------------------------------------------

@test "04-fifo: bad arguments give a usage line on stderr and exit 2 (server and client)" {
  local args
  for args in '-x' 'extra' '-f' '-f a b' '--help extra'; do
    # shellcheck disable=SC2086  # args는 일부러 단어로 나눈다
    run_timeout --separate-stderr "$CH/server" $args
    assert_equal "$status" 2
    assert_output ''
    assert_equal "$stderr" 'usage: server [-f FIFO]'
  done
  for args in '' '-x hi' '-f' '-t' '-t abc hi' '-t 0 hi' '-t 3601 hi' '-t 1x hi' 'one two'; do
    # shellcheck disable=SC2086
    run_timeout --separate-stderr "$CH/client" $args
    assert_equal "$status" 2
    assert_output ''
    [[ $stderr == *'usage: client [-f FIFO] [-t SECONDS] TEXT' ]] || fail "no usage for client '$args': $stderr"
  done
  run_timeout --separate-stderr "$CH/client" -t '' hi
  assert_equal "$status" 2
  run_timeout --separate-stderr "$CH/client" "$(printf 'a%.0s' {1..257})"
  assert_equal "$status" 2
  assert_equal "${stderr%%$'\n'*}" 'client: TEXT must be one line of at most 256 bytes'
  run_timeout --separate-stderr "$CH/client" $'two\nlines'
  assert_equal "$status" 2
  # 아무것도 만들지 않았다
  run find . -mindepth 1
  assert_output ''
}

@test "04-fifo: --help and -h print usage on stdout and exit 0 (both programs)" {
  local prog opt
  for prog in server client; do
    for opt in -h --help; do
      run_timeout --separate-stderr "$CH/$prog" "$opt"
      assert_success
      assert_line --index 0 --partial "usage: $prog [-f FIFO]"
      assert_equal "${#lines[@]}" 3
      assert_equal "$stderr" ''
    done
  done
}

@test "04-fifo: a long FIFO name (244 bytes) works; a reply name past NAME_MAX or PATH_MAX is refused" {
  local name long dots
  name=$(printf 'n%.0s' {1..244}) # 244 + ".<pid>"(최대 11) ≤ NAME_MAX(255)
  start_server server.log "$CH/server" -f "./$name"
  wait_for_line server.log '^server: ready on'
  run_timeout "$CH/client" -f "./$name" hi
  assert_success
  assert_line 'client: got "HI"'
  stop_server_cleanly
  # 254바이트 이름: server FIFO는 되지만 client의 "이름.<pid>"는 PID가 한 자리여도 255바이트를 넘는다
  long=$(printf 'n%.0s' {1..254})
  start_server server.log "$CH/server" -f "./$long"
  wait_for_line server.log '^server: ready on'
  run_timeout --separate-stderr "$CH/client" -f "./$long" hi
  assert_failure 1
  [[ $stderr == 'client: mkfifo ./'"$long"'.'[0-9]*': File name too long' ]] || fail "$stderr"
  stop_server_cleanly
  # 4094바이트 경로 ("./"를 되풀이한 것): 커널에는 4096 안이지만 ".<pid>"를 붙이면 PATH_MAX를 넘는다
  dots=$(printf './%.0s' {1..2043})srv.fifo
  start_server server.log "$CH/server" -f "$dots"
  wait_for_line server.log '^server: ready on'
  run_timeout --separate-stderr "$CH/client" -f "$dots" hi
  assert_failure 1
  assert_equal "$stderr" "client: $dots: the path is too long"
  send_request 77777 hello
  wait_for_line server.log '^server: reply to pid 77777 dropped: the path is too long$'
  stop_server_cleanly
}

# --- 잘못된 입력 -------------------------------------------------------------------------------

@test "04-fifo: garbage, a malformed request and an over-long write are skipped; good clients still get answers" {
  start_fifo_server
  send_raw 'garbage' # '\n'이 없다: 다음 바이트가 올 때까지 요청의 앞일지 모른다
  good_client_works good1
  wait_for_line server.log '^server: skipped 7 bytes that are not part of a request$'
  send_raw $'abc\n' # 512바이트가 못 되는 줄
  wait_for_line server.log '^server: skipped 4 bytes that are not part of a request$'
  send_request abc hello # pid 자리에 숫자가 아니다
  send_request 2147483648 hello # pid_t(int)에 들어가지 않는 pid
  send_request -5 hello
  good_client_works good2
  run grep -c '^server: bad request (no "<pid> " in front): skipped 512 bytes$' server.log
  assert_output 3
  # 700바이트 + '\n': 요청보다 길다. '\n' 앞 512바이트는 공백뿐이라 요청이 아니다
  run_timeout bash -c 'printf "%-700s\n" "1 hello" >srv.fifo'
  wait_for_line server.log '^server: skipped 189 bytes that are not part of a request$'
  good_client_works good3
  run grep -c '^server: request from pid' server.log
  assert_output 3
  stop_server_cleanly
}

@test "04-fifo: a fragment that arrives right before a good request does not cost that request" {
  start_fifo_server
  kill -STOP "$SERVER_PID"
  send_raw '12 frag' # 요청의 앞부분만 쓰고 사라진 writer
  start_client client.log -t "$RUN_TIMEOUT" together
  # 이제 FIFO 안에는 7바이트 조각 + 512바이트 요청이 이어져 있다. server는 한 번에 읽는다.
  kill -CONT "$SERVER_PID"
  wait_exit "$CLIENT_PID"
  assert_equal "$EXIT_STATUS" 0
  run cat client.log
  assert_line 'client: got "TOGETHER"'
  run cat server.log
  assert_line 'server: skipped 7 bytes that are not part of a request'
  assert_line --regexp '^server: request from pid [0-9]+: "together" -> "TOGETHER"$'
  stop_server_cleanly
}

@test "04-fifo: a reply path that is a regular file, a symlink or a directory is never written" {
  start_fifo_server
  echo precious >srv.fifo.77777
  mkfifo -m 600 target.fifo
  ln -s target.fifo srv.fifo.77778
  mkdir srv.fifo.77779
  send_request 77777 hello
  send_request 77778 hello
  send_request 77779 hello
  wait_for_line server.log '^server: reply to pid 77779 dropped'
  run cat server.log
  assert_line 'server: reply to pid 77777 dropped: ./srv.fifo.77777 is not a FIFO'
  assert_line 'server: reply to pid 77778 dropped: open ./srv.fifo.77778: Too many levels of symbolic links'
  assert_line 'server: reply to pid 77779 dropped: open ./srv.fifo.77779: Is a directory'
  assert_equal "$(cat srv.fifo.77777)" precious
  good_client_works still-here
  rm srv.fifo.77777 srv.fifo.77778 target.fifo
  rmdir srv.fifo.77779
  stop_server_cleanly
}

# --- 고장 ---------------------------------------------------------------------------------------

@test "04-fifo: a reply FIFO nobody reads gives ENXIO; the server does not wait for it" {
  start_fifo_server
  mkfifo -m 600 srv.fifo.77777 # 요청만 보내고 사라진 client의 답 FIFO와 같다
  send_request 77777 hello
  wait_for_line server.log '^server: reply to pid 77777 dropped: open \./srv\.fifo\.77777: No such device or address$'
  good_client_works next
  rm srv.fifo.77777
  stop_server_cleanly
}

@test "04-fifo: a full reply FIFO gives EAGAIN; the server drops that reply instead of blocking" {
  start_fifo_server
  mkfifo -m 600 srv.fifo.77777
  # 읽는 끝을 쥔 채 읽지 않는 "client" (리눅스에서 O_RDWR로 연 FIFO는 기다리지 않는다), 그리고 가득 채우기
  local fd
  exec {fd}<>srv.fifo.77777
  fill_fifo srv.fifo.77777
  send_request 77777 hello
  wait_for_line server.log '^server: reply to pid 77777 dropped: write \./srv\.fifo\.77777: Resource temporarily unavailable$'
  exec {fd}>&-
  rm srv.fifo.77777
  good_client_works next
  stop_server_cleanly
}

@test "04-fifo: a client SIGKILLed while it waits leaves its FIFO; the server gets ENXIO and carries on" {
  start_fifo_server
  kill -STOP "$SERVER_PID"
  start_client client.log -t "$RUN_TIMEOUT" hello
  local pid=$CLIENT_PID
  stop_server KILL "$pid"
  assert_equal "$EXIT_STATUS" 137
  [ -p "srv.fifo.$pid" ] || fail 'SIGKILL cannot be caught, so the reply FIFO should still be there'
  kill -CONT "$SERVER_PID"
  good_client_works next # FIFO의 순서대로: 죽은 client의 요청이 먼저 처리된다
  run cat server.log
  assert_line "server: reply to pid $pid dropped: open ./srv.fifo.$pid: No such device or address"
  rm "srv.fifo.$pid"
  stop_server_cleanly
}

@test "04-fifo: a server SIGKILLed mid-conversation: the client notices at once (POLLERR), cleans up, exits 1" {
  start_fifo_server
  kill -STOP "$SERVER_PID" # 요청을 받았지만 아직 답하지 않은 server
  start_client client.log -t "$RUN_TIMEOUT" hello
  stop_server KILL
  assert_equal "$EXIT_STATUS" 137
  wait_exit "$CLIENT_PID"
  assert_equal "$EXIT_STATUS" 1
  run cat client.log
  # -t초를 다 기다린 것("no answer")이 아니라, server FIFO의 읽는 쪽이 사라진 것을 바로 알았다
  assert_line 'client: the server is gone (nobody reads ./srv.fifo any more)'
  [ ! -e "srv.fifo.$CLIENT_PID" ] || fail 'the client left its reply FIFO behind'
  rm srv.fifo
}

@test "04-fifo: a server that never answers: the client gives up after -t seconds and removes its FIFO" {
  mkfifo -m 600 srv.fifo
  local fd
  exec {fd}<>srv.fifo # 읽는 쪽은 있지만 답하지 않는 가짜 server
  run_timeout --separate-stderr "$CH/client" -f ./srv.fifo -t 1 hello
  exec {fd}>&-
  assert_failure 1
  [[ $stderr =~ ^client:\ no\ answer\ on\ \./srv\.fifo\.[0-9]+\ within\ 1\ s$ ]] || fail "stderr: $stderr"
  run find . -name 'srv.fifo.*'
  assert_output ''
  rm srv.fifo
}

@test "04-fifo: a server that closes the reply FIFO without writing: the client says so and exits 1" {
  mkfifo -m 600 srv.fifo
  local fd w
  exec {fd}<>srv.fifo
  start_client client.log -t "$RUN_TIMEOUT" hello
  exec {w}>"srv.fifo.$CLIENT_PID" # 답 FIFO를 열고, 아무것도 쓰지 않고 닫는 server
  exec {w}>&-
  wait_exit "$CLIENT_PID"
  exec {fd}>&-
  assert_equal "$EXIT_STATUS" 1
  run cat client.log
  assert_line "client: the server closed ./srv.fifo.$CLIENT_PID without a complete answer"
  [ ! -e "srv.fifo.$CLIENT_PID" ] || fail 'the client left its reply FIFO behind'
  rm srv.fifo
}

@test "04-fifo: a full server FIFO: the client waits for room, and gets EPIPE (not SIGPIPE) when the server goes" {
  mkfifo -m 600 srv.fifo
  exec 9<>srv.fifo # 읽지 않는 server (fd 9: client에게는 물려주지 않는다, 아래의 9>&-)
  fill_fifo srv.fifo
  # 1. 자리가 나지 않으면 -t초 뒤에 포기한다
  run_timeout --separate-stderr "$CH/client" -f ./srv.fifo -t 1 hello
  assert_failure 1
  assert_equal "$stderr" 'client: ./srv.fifo stayed full for 1 s (the server is not reading)'
  # 2. 기다리는 동안 server가 사라지면 (읽는 쪽 0개) 깨어나 write가 EPIPE를 돌려준다.
  #    (server가 client의 write 전에 사라져도 같은 EPIPE다: 결과는 순서에 상관없다.)
  # shellcheck disable=SC2016  # $0, $@ 는 bash -c 안에서 펼친다
  start_bg client.log bash -c 'exec "$0" "$@" 9>&-' "$CH/client" -f ./srv.fifo -t "$RUN_TIMEOUT" hello
  local pid=$BG_PID
  until [ -p "srv.fifo.$pid" ]; do sleep "$POLL_INTERVAL"; done
  wait_state "$pid" S
  exec 9>&-
  wait_exit "$pid"
  assert_equal "$EXIT_STATUS" 1 # 141(SIGPIPE)이 아니다
  run cat client.log
  assert_output 'client: write ./srv.fifo: Broken pipe'
  run find . -name 'srv.fifo.*'
  assert_output ''
  rm srv.fifo
}

@test "04-fifo: a reply FIFO or file that already has the client's PID is refused, not removed" {
  start_fifo_server
  # exec는 PID를 바꾸지 않는다: bash의 $$가 곧 client의 PID다. SIGKILL된 옛 client가 같은 PID로
  # 남긴 FIFO를 흉내 낸다 (다른 PID 이름 공간의 살아 있는 client 것일 수도 있다).
  # shellcheck disable=SC2016  # $$, $1은 bash -c 안에서 펼친다
  run_timeout --separate-stderr bash -c 'mkfifo -m 600 "srv.fifo.$$"; echo "$$" >pid; exec "$1" -f ./srv.fifo hi' _ "$CH/client"
  assert_failure 1
  local pid
  pid=$(cat pid)
  assert_equal "$stderr" "client: ./srv.fifo.$pid already exists (left by a client with this PID that was killed?); remove it with: rm ./srv.fifo.$pid"
  [ -p "srv.fifo.$pid" ] || fail 'the client removed a FIFO it did not make'
  rm "srv.fifo.$pid"
  # shellcheck disable=SC2016
  run_timeout --separate-stderr bash -c 'echo precious >"srv.fifo.$$"; echo "$$" >pid; exec "$1" -f ./srv.fifo hi' _ "$CH/client"
  assert_failure 1
  pid=$(cat pid)
  assert_equal "$(cat "srv.fifo.$pid")" precious
  rm "srv.fifo.$pid" pid
  good_client_works fine
  stop_server_cleanly
}

# --- 시그널 -------------------------------------------------------------------------------------

@test "04-fifo: SIGINT, SIGTERM and SIGHUP stop the server cleanly; it removes its FIFO and exits 0" {
  local sig
  for sig in INT TERM HUP; do
    start_fifo_server
    good_client_works "before-$sig"
    stop_server_cleanly "$sig"
    [ ! -e srv.fifo ] || fail "SIG$sig left srv.fifo behind"
    run cat server.log
    assert_line "server: SIG$sig: stopping, removing ./srv.fifo"
  done
}

@test "04-fifo: SIGINT, SIGTERM and SIGHUP stop a waiting client cleanly; it removes its reply FIFO and exits 0" {
  local sig pid pids=()
  start_fifo_server
  kill -STOP "$SERVER_PID" # 답이 오지 않으니 client는 기다린다
  for sig in INT TERM HUP; do
    start_client "client-$sig.log" -t "$RUN_TIMEOUT" hello
    pid=$CLIENT_PID
    pids+=("$pid")
    [ -p "srv.fifo.$pid" ]
    stop_server "$sig" "$pid"
    assert_equal "$EXIT_STATUS" 0
    run cat "client-$sig.log"
    assert_line "client: SIG$sig: stopped before the answer came"
    [ ! -e "srv.fifo.$pid" ] || fail "SIG$sig left the reply FIFO behind"
  done
  # 다시 움직인 server는 세 요청의 답 FIFO가 없다는 것을 알리고 계속 일한다
  kill -CONT "$SERVER_PID"
  good_client_works after
  run cat server.log
  for pid in "${pids[@]}"; do
    assert_line "server: reply to pid $pid dropped: open ./srv.fifo.$pid: No such file or directory"
  done
  stop_server_cleanly
}

# --- 권한 ---------------------------------------------------------------------------------------

@test "04-fifo: permissions: another user cannot open the 0600 server FIFO (EACCES)" {
  need_other_user
  local client
  client=$(nobody_bin 04-fifo client) # TEST_TMP를 711로 연다: nobody가 들어와 경로를 찾을 수 있다
  start_fifo_server
  run_timeout --separate-stderr "${NOBODY[@]}" "$client" -f ./srv.fifo hello
  assert_failure 1
  assert_equal "$stderr" 'client: open ./srv.fifo: Permission denied'
  good_client_works owner-still-works
  stop_server_cleanly
}

@test "04-fifo: permissions: the server cannot create its FIFO in a directory it may not write" {
  need_other_user
  local server
  server=$(nobody_bin 04-fifo server)
  mkdir -m 755 locked
  run_timeout --separate-stderr "${NOBODY[@]}" "$server" -f ./locked/srv.fifo
  assert_failure 1
  assert_equal "$stderr" 'server: mkfifo ./locked/srv.fifo: Permission denied'
  rmdir locked
}

# --- 실험: open의 기다림 ---------------------------------------------------------------------

@test "04-fifo: open_waits_for_peer: open() for reading sleeps until someone opens the FIFO for writing" {
  start_bg exp.log "$CH/experiments/open_waits_for_peer" ./w.fifo
  local pid=$BG_PID fd w
  wait_for_line exp.log 'sleeps until someone opens it for writing' "$pid"
  # 그 줄 뒤에 잠들(S) 수 있는 곳은 FIFO의 open() 하나뿐이다
  wait_state "$pid" S
  for fd in /proc/"$pid"/fd/*; do
    [ "$(readlink "$fd")" != "$TEST_TMP/w.fifo" ] || fail "open() already returned (fd ${fd##*/})"
  done
  # 잠든 커널 함수: fs/pipe.c의 wait_for_partner (옛 커널은 pipe_wait, 이름을 숨긴 커널은 0)
  local wchan
  wchan=$(cat "/proc/$pid/wchan" 2>/dev/null) || wchan=0
  [[ $wchan =~ ^(wait_for_partner|pipe_wait|0)$ ]] || fail "asleep in $wchan, not in a FIFO open()"
  exec {w}>w.fifo # 쓰기로 열면 (읽는 쪽이 이미 기다리므로 이 open은 바로 돌아온다) 상대의 open도 돌아온다
  printf 'hi\n' >&"$w"
  exec {w}>&-
  wait_exit "$pid"
  assert_equal "$EXIT_STATUS" 0
  run cat exp.log
  assert_line 'open_waits_for_peer: open() returned: the other end is open now'
  assert_line 'open_waits_for_peer: read "hi\x0a", then read() = 0 (EOF): the writer closed'
}

@test "04-fifo: open_waits_for_peer -w: open() for writing sleeps until someone opens the FIFO for reading" {
  start_bg exp.log "$CH/experiments/open_waits_for_peer" -w ./w.fifo
  local pid=$BG_PID
  wait_for_line exp.log 'sleeps until someone opens it for reading' "$pid"
  wait_state "$pid" S
  run_timeout cat w.fifo
  assert_success
  assert_output 'hello from the writer'
  wait_exit "$pid"
  assert_equal "$EXIT_STATUS" 0
}

@test "04-fifo: open_waits_for_peer: SIGTERM wakes the sleeping open() with EINTR (no SA_RESTART); the FIFO is removed" {
  start_bg exp.log "$CH/experiments/open_waits_for_peer" ./w.fifo
  local pid=$BG_PID
  wait_for_line exp.log 'sleeps until' "$pid"
  wait_state "$pid" S # 시그널은 open() 안에서 잠든 뒤에 보낸다 (그 전의 틈은 실험의 주석)
  stop_server TERM "$pid"
  assert_equal "$EXIT_STATUS" 0
  run cat exp.log
  assert_line 'open_waits_for_peer: signal 15: open() returned -1 EINTR (no SA_RESTART); removing ./w.fifo'
  [ ! -e w.fifo ] || fail 'w.fifo left behind'
}

@test "04-fifo: nonblocking_open: ENXIO without a reader, at once for a reader, at once for a writer once read-opened" {
  run_timeout "$CH/experiments/nonblocking_open" ./nb.fifo
  assert_success
  assert_line --index 0 'nonblocking_open: open(O_WRONLY|O_NONBLOCK), no reader yet: -1 ENXIO (No such device or address)'
  assert_line --index 1 --regexp '^nonblocking_open: open\(O_RDONLY\|O_NONBLOCK\), no writer: fd [0-9]+, at once$'
  assert_line --index 2 --regexp '^nonblocking_open: open\(O_WRONLY\|O_NONBLOCK\), a reader exists: fd [0-9]+, at once$'
  assert_line --index 3 --regexp '^nonblocking_open: open\(O_RDWR\), nobody else: fd [0-9]+, at once$'
  [ ! -e nb.fifo ] || fail 'nb.fifo left behind'
}

@test "04-fifo: wrong_open_order: two FIFOs opened in opposite orders deadlock; the same order works" {
  run_timeout "$CH/experiments/wrong_open_order"
  assert_success
  assert_line --index 0 'wrong_open_order: opposite order: parent still in open(a.fifo, O_RDONLY) after 1 s, child still in open(b.fifo, O_RDONLY): deadlock'
  assert_line --index 1 'wrong_open_order: same order: parent read "ping", child read "pong"'
}

# --- 실험: EOF, PIPE_BUF, 시그널의 틈 --------------------------------------------------------

@test "04-fifo: no_spare_writer: endless EOF once the last writer leaves; EAGAIN with a spare writer" {
  run_timeout "$CH/experiments/no_spare_writer" ./e.fifo
  assert_success
  assert_line --index 0 'no_spare_writer: no writer has opened ./e.fifo yet: poll() = 0 (no POLLHUP), read() = 0'
  assert_line --index 2 'no_spare_writer: without a spare writer: 1000 times in a row poll() returned at once with POLLHUP and read() = 0'
  assert_line --index 3 'no_spare_writer: with a spare writer: read() = -1 EAGAIN, poll() = 0: a server would sleep until the next client'
}

@test "04-fifo: pipe_buf_atomic: writes of PIPE_BUF bytes or less from 4 writers never interleave" {
  run_timeout "$CH/experiments/pipe_buf_atomic" 512 4096
  assert_success
  assert_line --index 0 --regexp '^pipe_buf_atomic: PIPE_BUF is [0-9]+; 4 writers, one write\(\) per record$'
  assert_line --index 1 --regexp '^pipe_buf_atomic: 512-byte records: 0 of [1-9][0-9]* mixed$'
  assert_line --index 2 --regexp '^pipe_buf_atomic: 4096-byte records: 0 of [1-9][0-9]* mixed$'
}

@test "04-fifo: flag_check_race: a signal between the flag check and read() is lost; with ppoll it is not" {
  run_timeout "$CH/experiments/flag_check_race"
  assert_success
  assert_line --index 0 'flag_check_race: check, SIGTERM, read(): the handler ran, yet read() slept until SIGALRM (1 s)'
  assert_line --index 1 'flag_check_race: block, check, SIGTERM, ppoll(&orig): ppoll() returned EINTR at once'
}

@test "04-fifo: every experiment prints usage on -h (exit 0) and refuses a bad argument (exit 2)" {
  local x
  for x in "$TOP"/04-fifo/experiments/*.c; do
    # 소스(x.c)의 이름으로 "$CH"/experiments/x를 부른다 (VALGRIND=1이면 $CH는 감싼 스크립트의 디렉터리다)
    x=$CH/experiments/$(basename "$x" .c)
    run_timeout "$x" -h
    assert_success
    assert_line --index 0 --partial "usage: ${x##*/}"
    run_timeout --separate-stderr "$x" --bad-option
    assert_equal "$status" 2
    [[ $stderr == *"usage: ${x##*/}"* ]] || fail "${x##*/}: $stderr"
  done
  run find . -mindepth 1
  assert_output ''
}
