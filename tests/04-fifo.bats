#!/usr/bin/env bats
# tests/04-fifo.bats: 이름 있는 파이프 (mkfifo, open 의 막힘과 O_NONBLOCK, 여분의 writer)
#
# 무엇을 시험하는가 (한 줄이 테스트 하나):
# | 종류       | 경우                                                          | 기대                                          |
# |------------|---------------------------------------------------------------|-----------------------------------------------|
# | 대화       | client 하나가 TEXT 를 보냄 (256바이트, UTF-8 포함)            | 대문자 답, server 로그 한 줄, SIGTERM 에 0     |
# | 대화       | client -v: 단계의 순서                                        | 서버 FIFO → 답 FIFO 만들기 → O_NONBLOCK 열기 → 보내기 |
# | 파일       | ls -l, stat (요청이 안에 있을 때도)                           | 종류 p/fifo, 크기 0, 권한 600                 |
# | 권한       | umask 000, 022, 277 에서 server·client 가 만든 FIFO            | 언제나 600                                    |
# | 동시성     | client 50개의 요청이 한꺼번에 FIFO 에 쌓임                    | 저마다 제 답, 섞인 요청 0 (PIPE_BUF)          |
# | 여분 writer| 시작할 때 빈 FIFO 읽기 / server 의 fd / client 가 떠난 뒤     | 0(EOF) → EAGAIN, 읽기·쓰기 fd 둘, 계속 섬긴다 |
# | 여분 writer| -S (여분의 writer 없음)                                       | 마지막 client 가 떠나면 EOF 1000번, 상태 1    |
# | 막히는 open| client -b 가 답 FIFO 를 막히는 모드로 (timeout 안에서)        | 124, 요청은 가지 않음, 답 FIFO 지워짐         |
# | 막히는 open| -b 로 잠든 open 에 쓰는 쪽이 나타남                           | 잠듦(S), fd 없음 → 풀려나 답을 받음           |
# | ENXIO      | 아무도 읽지 않는 서버 FIFO (죽은 server)                      | client 가 ENXIO 를 알리고 1, 만든 것 없음     |
# | 잘못된 입력| 서버 FIFO 가 없음                                             | "is the server running?", 1                   |
# | 잘못된 입력| 서버 경로가 일반 파일·폴더 (client)                           | 쓰지 않고 1, 파일 그대로                      |
# | 잘못된 입력| server 경로에 일반 파일·폴더·심볼릭 링크                      | 건드리지 않고 1                               |
# | 잘못된 입력| 모르는 옵션, 빠진·남는 인자, 숫자 아님·범위 밖, 긴 TEXT·경로 | 사용법을 stderr 에, 2                         |
# | 사용법     | server --help, client -h                                      | 사용법을 stdout 에, 0                         |
# | 경계       | 허용되는 가장 긴 FIFO 이름 (244바이트; 245는 위의 줄)         | server 와 client 가 동작한다                  |
# | 잘못된 입력| 쓰레기, 틀린 요청, 너무 긴 쓰기                               | 건너뛰고 알림, 다음 client 는 답을 받음       |
# | 잘못된 입력| 반쪽 요청 바로 뒤에 온 좋은 요청                              | 경계를 다시 찾아 그 요청에 답한다             |
# | 잘못된 입력| 답 경로가 일반 파일·심볼릭 링크·폴더                          | 열지 않고 버림, 파일 그대로                   |
# | 고장       | 아무도 읽지 않는 답 FIFO (요청만 보내고 사라진 client)        | ENXIO 로 버리고 멈추지 않음                   |
# | 고장       | 가득 찬 답 FIFO (읽지 않는 client)                            | EAGAIN 으로 버리고 멈추지 않음                |
# | 고장       | 기다리는 client 가 SIGKILL                                    | server 는 ENXIO 로 버리고 계속                |
# | 고장       | 대화 중 server 가 SIGKILL                                     | client 가 바로(POLLERR) 알리고 1, FIFO 지움   |
# | 고장       | server 가 답하지 않음 (-t 1)                                  | 정해진 시간 뒤 1, FIFO 지움                   |
# | 고장       | SIGKILL 된 client 가 같은 PID 로 남긴 답 FIFO / 일반 파일     | 지우고 다시 만든다 / 건드리지 않고 1          |
# | 고장       | SIGKILL 된 server 가 남긴 FIFO                                | 다음 server 가 stale 로 보고 갈아 치움        |
# | 고장       | 살아 있는 server 의 FIFO 에 두 번째 server                    | 거절하고 1, 첫 server 는 멀쩡                 |
# | 시그널     | server 에 SIGINT, SIGTERM                                     | FIFO 를 지우고 0                              |
# | 시그널     | 기다리는 client 에 SIGINT, SIGTERM                            | 답 FIFO 를 지우고 0                           |
# | 권한       | 다른 사용자(nobody)의 client                                  | EACCES, 1                                     |
# | 권한       | 쓸 수 없는 폴더에 server (nobody)                             | mkfifo: Permission denied, 1                  |
# 남은 것: 모든 테스트 뒤 teardown 이 프로세스와 $TEST_TMP 안의 FIFO 를 확인한다.

load test_helper

CH=$(chapter_dir 04-fifo)

# --- 이 파일의 도우미 -------------------------------------------------------------------------

# start_fifo_server [server 옵션...]: ./srv.fifo 로 server 를 띄우고 준비 줄을 기다린다.
start_fifo_server() {
  start_server server.log "$CH/server" -f ./srv.fifo "$@"
  wait_for_line server.log '^server: ready on \./srv\.fifo \(pid [0-9]+\)$'
}

# start_bg 로그 명령 [인자...]: server 가 아닌 프로그램을 배경에서 띄운다 (PID 는 BG_PID).
# start_server 를 빌려 쓰므로 teardown 이 남은 것을 치운다. SERVER_PID/SERVER_LOG 는 되돌려 둔다.
start_bg() {
  local log=$1 spid=${SERVER_PID:-} slog=${SERVER_LOG:-}
  shift
  start_server "$log" "$@"
  BG_PID=$SERVER_PID
  SERVER_PID=$spid SERVER_LOG=$slog
}

# start_client 로그 [client 옵션...] TEXT: ./srv.fifo 의 client 를 배경에서 (PID 는 CLIENT_PID)
start_client() {
  start_bg "$1" "$CH/client" -f ./srv.fifo "${@:2}"
  CLIENT_PID=$BG_PID
}

# send_raw 바이트: 서버 FIFO 에 그대로 쓴다 (bash 의 printf: 짧은 출력은 write 한 번).
send_raw() {
  # shellcheck disable=SC2016  # $1 은 bash -c 안에서 펼친다
  run_timeout bash -c 'printf "%s" "$1" >srv.fifo' _ "$1"
  assert_success
}

# send_request PID 길이 TEXT: 손으로 만든 512바이트 요청 (common.h 의 형식)
send_request() {
  # shellcheck disable=SC2016  # $1.. 은 bash -c 안에서 펼친다
  run_timeout bash -c 'printf "%-511s\n" "FIFO1 $1 $2 $3" >srv.fifo' _ "$@"
  assert_success
}

# wait_state PID 상태: /proc/PID/stat 의 상태가 그것이 될 때까지 (예: S = 잠듦) 기다린다.
wait_state() {
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(proc_state "$1")" = "$2" ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $1 never reached state $2 (now $(proc_state "$1"))"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

# good_client_works TEXT: 다른 client 들이 무슨 짓을 했든 정상 client 는 답을 받는다.
good_client_works() {
  run_timeout "$CH/client" -f ./srv.fifo "$1"
  assert_success
  assert_output "client: got \"${1^^}\""
}

# --- 대화 --------------------------------------------------------------------------------------

@test "04-fifo: round trip: the client gets its TEXT back in upper case" {
  start_fifo_server
  run_timeout --separate-stderr "$CH/client" -f ./srv.fifo 'hello fifo'
  assert_success
  assert_output 'client: got "HELLO FIFO"'
  # shellcheck disable=SC2154  # stderr 는 bats 의 run --separate-stderr 가 채운다
  assert_equal "$stderr" ''
  # 가장 긴 TEXT (256바이트)와 ASCII 가 아닌 바이트 (toupper 는 C 로캘에서 그대로 둔다)
  local long
  long=$(printf 'a%.0s' {1..256})
  good_client_works "$long"
  run_timeout "$CH/client" -f ./srv.fifo '이름 있는 pipe'
  assert_success
  assert_output 'client: got "이름 있는 PIPE"'
  stop_server_cleanly
  run cat server.log
  assert_line --regexp '^server: request from pid [0-9]+: "hello fifo" -> "HELLO FIFO"$'
  assert_line 'server: SIGTERM: stopping after 3 replies (0 dropped, 0 bad requests)'
  assert_line 'server: removed ./srv.fifo'
}

@test "04-fifo: client -v: server FIFO first, then its own reply FIFO opened O_NONBLOCK before sending" {
  start_fifo_server
  run_timeout "$CH/client" -f ./srv.fifo -v hi
  assert_success
  local pid
  pid=$(sed -n 's/^client: created reply FIFO \.\/srv\.fifo\.\([0-9]*\) (mode 600)$/\1/p' <<<"$output")
  [ -n "$pid" ] || fail "no 'created reply FIFO' line: $output"
  assert_equal "${lines[0]}" 'client: opened ./srv.fifo for writing (a server is reading it)'
  assert_equal "${lines[1]}" "client: created reply FIFO ./srv.fifo.$pid (mode 600)"
  # 읽기 전용 + O_NONBLOCK 은 쓰는 쪽이 아직 없어도 바로 성공한다
  assert_equal "${lines[2]}" "client: opened ./srv.fifo.$pid for reading without waiting for a writer (O_NONBLOCK)"
  assert_equal "${lines[3]}" "client: sent a 512-byte request: \"FIFO1 $pid 2 hi\""
  assert_equal "${lines[4]}" "client: waiting up to 5 s for the answer on ./srv.fifo.$pid"
  assert_equal "${lines[5]}" 'client: got "HI"'
  stop_server_cleanly
}

# --- 파일 시스템 속의 FIFO -------------------------------------------------------------------

@test "04-fifo: ls -l shows p and size 0; stat says fifo, size 0 even while a request is inside" {
  start_fifo_server
  run ls -l srv.fifo
  assert_output --regexp '^prw------- [0-9]+ [^ ]+ [^ ]+ 0 .* srv\.fifo$'
  run stat -c '%F %s %a' srv.fifo
  assert_output 'fifo 0 600'
  # server 를 세워 두면 client 의 512바이트 요청은 커널의 파이프 버퍼에 머문다. 그래도 크기는 0:
  # 데이터는 파일 시스템에 가지 않는다 (man 7 fifo).
  kill -STOP "$SERVER_PID"
  start_client client.log -v -t "$RUN_TIMEOUT" hello
  wait_for_line client.log '^client: waiting up to' "$CLIENT_PID"
  run stat -c '%n %F %s %a' srv.fifo "srv.fifo.$CLIENT_PID"
  assert_output "srv.fifo fifo 0 600"$'\n'"srv.fifo.$CLIENT_PID fifo 0 600"
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
    # shellcheck disable=SC2016  # $1, $2 는 bash -c 안에서 펼친다
    start_server server.log bash -c 'umask "$1"; exec "$2" -f ./srv.fifo' _ "$mask" "$CH/server"
    wait_for_line server.log '^server: ready on'
    assert_equal "$(stat -c %a srv.fifo)" 600
    # client -b 는 답 FIFO 를 만든 뒤 open 에서 잠든다: 그동안 권한을 본다
    # shellcheck disable=SC2016  # $1, $2 는 bash -c 안에서 펼친다
    start_bg client.log bash -c 'umask "$1"; exec "$2" -f ./srv.fifo -b hi' _ "$mask" "$CH/client"
    wait_for_line client.log 'in blocking mode' "$BG_PID"
    assert_equal "$(stat -c %a "srv.fifo.$BG_PID")" 600
    # 잠든(S) 뒤에 SIGTERM 을 보낸다. 그 줄과 open() 사이, client 가 stop_signal 을 본 직후에
    # 온 시그널은 open() 을 깨우지 못한다 (client.c 의 open_reply_fifo() 가 받아들인 틈).
    wait_state "$BG_PID" S
    stop_server TERM "$BG_PID"
    assert_equal "$EXIT_STATUS" 0
    stop_server_cleanly
  done
}

# --- 동시성과 PIPE_BUF ------------------------------------------------------------------------

@test "04-fifo: 50 clients at once each get their own answer; 512-byte requests never interleave" {
  local n i pids=()
  n=$(count_for 50)
  start_fifo_server
  # server 를 세워 두고 모든 요청을 FIFO 에 쌓은 뒤 한꺼번에 풀어 준다 (50 × 512 = 25600 < 65536).
  kill -STOP "$SERVER_PID"
  for ((i = 1; i <= n; i++)); do
    timeout -k 2 "$RUN_TIMEOUT" "$CH/client" -f ./srv.fifo -t "$RUN_TIMEOUT" -v "client-$i" >"out.$i" 2>&1 3>&- &
    pids+=($!)
  done
  for ((i = 1; i <= n; i++)); do
    wait_for_line "out.$i" '^client: waiting up to' "${pids[i - 1]}"
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

@test "04-fifo: spare writer: an empty FIFO reads 0 (EOF) with no writer, EAGAIN with one; clients may come and go" {
  start_fifo_server
  run cat server.log
  assert_line 'server: no writer yet: read() = 0 (EOF)'
  assert_line 'server: spare writer open: read() = -1 EAGAIN (empty, but not EOF)'
  # server 는 자기 FIFO 를 두 번 열어 쥐고 있다: 읽기(O_RDONLY=0) 하나, 쓰기(O_WRONLY=1) 하나
  local fd modes=()
  for fd in /proc/"$SERVER_PID"/fd/*; do
    [ "$(readlink "$fd")" = "$TEST_TMP/srv.fifo" ] || continue
    modes+=($(($(awk '/^flags:/ { print "0" $2 }' "/proc/$SERVER_PID/fdinfo/${fd##*/}") & 3)))
  done
  assert_equal "$(printf '%s\n' "${modes[@]}" | sort | tr '\n' ' ')" '0 1 '
  # 마지막 client 가 떠나도 EOF 가 오지 않으므로 server 는 다음 client 를 기다린다
  good_client_works first
  good_client_works second
  alive "$SERVER_PID" || fail 'the server ended after its clients left'
  run grep -c 'read() = 0' server.log
  assert_output 1 # 시작할 때 일부러 본 한 번뿐
  stop_server_cleanly
}

@test "04-fifo: without the spare writer (-S) the server sees endless EOF once the last client leaves" {
  start_fifo_server -S
  good_client_works hi
  # client 가 쓰는 끝을 닫자 쓰는 쪽이 하나도 없다: read 가 기다리지 않고 0 을 돌려준다
  wait_exit "$SERVER_PID"
  assert_equal "$EXIT_STATUS" 1
  run cat server.log
  assert_line 'server: -S: no spare writer; once the last client closes ./srv.fifo, read() returns 0'
  assert_line 'server: read() = 0 (EOF): the last client closed ./srv.fifo and no writer is left'
  assert_line 'server: -S: read() returned 0 1000 times in a row without waiting; without a spare writer the server spins here'
  assert_line 'server: removed ./srv.fifo'
}

# --- open 의 막힘과 O_NONBLOCK ----------------------------------------------------------------

@test "04-fifo: open() for reading blocks while nobody opens the FIFO for writing (client -b, under timeout)" {
  local limit=2
  [ "${VALGRIND:-0}" = 1 ] && limit=20 # valgrind 는 시작만 몇 초 걸린다
  start_fifo_server
  RUN_TIMEOUT=$limit run_timeout "$CH/client" -f ./srv.fifo -b hello
  # timeout 이 끝내야 했다 (124): open 은 돌아오지 않았고 요청은 보내지 못했다
  assert_equal "$status" 124
  assert_line --regexp '^client: -b: opening \./srv\.fifo\.[0-9]+ for reading in blocking mode'
  # timeout 의 SIGTERM 에 open 이 EINTR 로 돌아오고 (SA_RESTART 없음) client 는 답 FIFO 를 지웠다
  assert_line 'client: SIGTERM: stopped before the answer came'
  refute_line --partial 'got'
  run find . -name 'srv.fifo.*'
  assert_output ''
  run grep -c 'request from' server.log
  assert_output 0
  stop_server_cleanly
}

@test "04-fifo: a blocked open() returns as soon as someone opens the other end for writing" {
  start_fifo_server
  start_client client.log -b -t "$RUN_TIMEOUT" hello
  wait_for_line client.log 'in blocking mode' "$CLIENT_PID"
  # 그 줄을 찍은 뒤 client 가 잠들(S) 수 있는 곳은 답 FIFO 의 open() 하나뿐이다. 상태 글자는
  # 커널 판과 CPU 에 상관없다 (/proc/PID/syscall 의 번호는 CPU 마다 다르다: openat 은 x86-64 에서
  # 257, arm64 에서 56. wchan 의 함수 이름은 커널 판마다 다르다).
  wait_state "$CLIENT_PID" S
  # open() 이 아직 돌아오지 않았다: 답 FIFO 를 가리키는 fd 가 없다
  local fd
  for fd in /proc/"$CLIENT_PID"/fd/*; do
    [ "$(readlink "$fd")" != "$TEST_TMP/srv.fifo.$CLIENT_PID" ] || fail "open() already returned (fd ${fd##*/})"
  done
  # 잠든 커널 함수: FIFO 의 짝을 기다리는 fs/pipe.c 의 wait_for_partner (옛 커널에서는 그 안에서
  # 부르던 pipe_wait). 커널이 함수 이름을 알려 주지 않으면 (kallsyms 없음) 0 이다.
  local wchan
  wchan=$(cat "/proc/$CLIENT_PID/wchan" 2>/dev/null) || wchan=0
  [[ $wchan =~ ^(wait_for_partner|pipe_wait|0)$ ]] || fail "client asleep in $wchan, not in a FIFO open()"
  # 쓰기로 열어 주면 (읽는 쪽이 이미 기다리므로 이 open 은 바로 돌아온다) client 의 open 도 돌아온다
  local w
  exec {w}>"srv.fifo.$CLIENT_PID"
  wait_exit "$CLIENT_PID"
  exec {w}>&-
  assert_equal "$EXIT_STATUS" 0
  run cat client.log
  assert_line 'client: got "HELLO"'
  stop_server_cleanly
}

@test "04-fifo: O_WRONLY|O_NONBLOCK open with no reader fails with ENXIO: the client says no server runs" {
  mkfifo -m 600 srv.fifo # 아무도 읽지 않는 FIFO (죽은 server 가 남긴 것과 같다)
  run_timeout --separate-stderr "$CH/client" -f ./srv.fifo hello
  assert_failure 1
  assert_output ''
  assert_equal "$stderr" 'client: open ./srv.fifo: No such device or address (no server is reading it; is the server running?)'
  # 서버 FIFO 를 먼저 열어 보므로 답 FIFO 는 만들지도 않았다
  run find . -name 'srv.fifo.*'
  assert_output ''
  rm srv.fifo
}

# --- 잘못된 입력 -------------------------------------------------------------------------------

@test "04-fifo: a client whose server FIFO does not exist says so and exits 1" {
  run_timeout --separate-stderr "$CH/client" -f ./srv.fifo hello
  assert_failure 1
  assert_equal "$stderr" 'client: stat ./srv.fifo: No such file or directory (is the server running?)'
}

@test "04-fifo: the client refuses a server path that is a regular file or a directory" {
  echo precious >srv.fifo
  run_timeout --separate-stderr "$CH/client" -f ./srv.fifo hello
  assert_failure 1
  assert_equal "$stderr" 'client: ./srv.fifo is a regular file, not a FIFO; not writing to it'
  assert_equal "$(cat srv.fifo)" precious
  rm srv.fifo
  mkdir srv.fifo
  run_timeout --separate-stderr "$CH/client" -f ./srv.fifo hello
  assert_failure 1
  assert_equal "$stderr" 'client: ./srv.fifo is a directory, not a FIFO; not writing to it'
  rmdir srv.fifo
}

@test "04-fifo: the server refuses a regular file, a directory or a symlink at its path and leaves it alone" {
  echo precious >srv.fifo
  run_timeout --separate-stderr "$CH/server" -f ./srv.fifo
  assert_failure 1
  assert_equal "$stderr" 'server: ./srv.fifo exists and is a regular file, not a FIFO; not touching it'
  assert_equal "$(cat srv.fifo)" precious
  rm srv.fifo
  mkdir srv.fifo
  run_timeout --separate-stderr "$CH/server" -f ./srv.fifo
  assert_failure 1
  assert_equal "$stderr" 'server: ./srv.fifo exists and is a directory, not a FIFO; not touching it'
  rmdir srv.fifo
  ln -s elsewhere srv.fifo
  run_timeout --separate-stderr "$CH/server" -f ./srv.fifo
  assert_failure 1
  assert_equal "$stderr" 'server: ./srv.fifo exists and is a symbolic link, not a FIFO; not touching it'
  [ ! -e elsewhere ] || fail 'the server followed the symlink'
  rm srv.fifo
}

@test "04-fifo: bad arguments give a usage line on stderr and exit 2 (server and client)" {
  local long_name long_path args
  long_name=$(printf 'n%.0s' {1..245})                # 245 + ".<pid>"(최대 11) > NAME_MAX(255)
  long_path=$(printf 'd/%.0s' {1..2100})x             # 4201바이트 > PATH_MAX
  for args in '-x' 'extra' '-f' '-S extra'; do
    # shellcheck disable=SC2086  # args 는 일부러 단어로 나눈다
    run_timeout --separate-stderr "$CH/server" $args
    assert_equal "$status" 2
    assert_output ''
    [[ $stderr == *'usage: server'* ]] || fail "no usage for server '$args': $stderr"
  done
  for args in '' 'dir/' "$long_name" "$long_path"; do
    run_timeout --separate-stderr "$CH/server" -f "$args"
    assert_equal "$status" 2
    [[ $stderr == 'server: -f: the '*$'\n''usage: server'* ]] || fail "server -f '${args:0:40}...': $stderr"
  done
  for args in '' '-x hi' '-f' '-t abc hi' '-t 0 hi' '-t 3601 hi' '-t 1x hi' 'one two'; do
    # shellcheck disable=SC2086
    run_timeout --separate-stderr "$CH/client" $args
    assert_equal "$status" 2
    assert_output ''
    [[ $stderr == *'usage: client'* ]] || fail "no usage for client '$args': $stderr"
  done
  run_timeout --separate-stderr "$CH/client" "$(printf 'a%.0s' {1..257})"
  assert_equal "$status" 2
  assert_equal "${stderr%%$'\n'*}" 'client: TEXT must be one line of at most 256 bytes'
  run_timeout --separate-stderr "$CH/client" $'two\nlines'
  assert_equal "$status" 2
  run_timeout --separate-stderr "$CH/client" -f "$long_name" hi
  assert_equal "$status" 2
  assert_equal "${stderr%%$'\n'*}" 'client: -f: the file name is too long (at most 244 bytes: the clients add ".<pid>")'
  # 아무것도 만들지 않았다
  run find . -mindepth 1
  assert_output ''
}

@test "04-fifo: --help prints usage on stdout and exits 0 (both programs)" {
  run_timeout "$CH/server" --help
  assert_success
  assert_line --index 0 'usage: server [-f FIFO] [-S]'
  run_timeout "$CH/client" -h
  assert_success
  assert_line --index 0 'usage: client [-f FIFO] [-t SECONDS] [-v] [-b] TEXT'
}

@test "04-fifo: the longest allowed FIFO name (244 bytes) works end to end" {
  local name
  name=$(printf 'n%.0s' {1..244})
  start_server server.log "$CH/server" -f "./$name"
  wait_for_line server.log '^server: ready on'
  run_timeout "$CH/client" -f "./$name" hi
  assert_success
  assert_output 'client: got "HI"'
  stop_server_cleanly
}

@test "04-fifo: garbage, a malformed request and an over-long write are skipped; good clients still get answers" {
  start_fifo_server
  send_raw 'garbage'
  wait_for_line server.log '^server: skipped 7 bytes that do not start a request$'
  good_client_works good1
  send_request abc 5 hello # pid 자리에 숫자가 아니다
  wait_for_line server.log '^server: bad request \(bad pid\): skipped 512 bytes$'
  send_request 2147483648 5 hello # pid_t(int)에 들어가지 않는 pid
  send_request 1 3 hello          # 길이(3)보다 긴 TEXT: 그 뒤가 공백이 아니다
  wait_for_line server.log '^server: bad request \(text longer than its length, or padding that is not spaces\): skipped 512 bytes$'
  run grep -c '^server: bad request (bad pid): skipped 512 bytes$' server.log
  assert_output 2
  good_client_works good2
  # 700바이트 + '\n': 요청 크기보다 길다 (512번째 바이트가 '\n' 이 아니다)
  run_timeout bash -c 'printf "%-700s\n" "FIFO1 1 5 hello" >srv.fifo'
  wait_for_line server.log '^server: bad request \(byte 512 is not a newline\): skipped 701 bytes$'
  good_client_works good3
  stop_server_cleanly
  run cat server.log
  assert_line 'server: SIGTERM: stopping after 3 replies (0 dropped, 5 bad requests)'
}

@test "04-fifo: a fragment that arrives right before a good request does not cost that request" {
  start_fifo_server
  kill -STOP "$SERVER_PID"
  send_raw 'FIFO1 12' # 요청의 앞부분만 쓰고 사라진 writer
  start_client client.log -v -t "$RUN_TIMEOUT" together
  wait_for_line client.log '^client: waiting up to' "$CLIENT_PID"
  # 이제 FIFO 안에는 8바이트 조각 + 512바이트 요청이 이어져 있다. server 는 한 번에 읽는다.
  kill -CONT "$SERVER_PID"
  wait_exit "$CLIENT_PID"
  assert_equal "$EXIT_STATUS" 0
  run cat client.log
  assert_line 'client: got "TOGETHER"'
  run cat server.log
  assert_line 'server: bad request (byte 512 is not a newline): skipped 8 bytes'
  assert_line --regexp '^server: request from pid [0-9]+: "together" -> "TOGETHER"$'
  stop_server_cleanly
}

@test "04-fifo: a reply path that is a regular file, a symlink or a directory is never opened" {
  start_fifo_server
  echo precious >srv.fifo.77777
  mkfifo -m 600 target.fifo
  ln -s target.fifo srv.fifo.77778
  mkdir srv.fifo.77779
  send_request 77777 5 hello
  send_request 77778 5 hello
  send_request 77779 5 hello
  wait_for_line server.log 'dropped: \./srv\.fifo\.77779 is a directory, not a FIFO; not opening it$'
  run cat server.log
  assert_line 'server: reply to pid 77777 dropped: ./srv.fifo.77777 is a regular file, not a FIFO; not opening it'
  assert_line 'server: reply to pid 77778 dropped: ./srv.fifo.77778 is a symbolic link, not a FIFO; not opening it'
  assert_equal "$(cat srv.fifo.77777)" precious
  good_client_works still-here
  rm srv.fifo.77777 srv.fifo.77778 target.fifo
  rmdir srv.fifo.77779
  stop_server_cleanly
}

# --- 고장 ---------------------------------------------------------------------------------------

@test "04-fifo: a reply FIFO nobody reads gives ENXIO; the server does not wait for it" {
  start_fifo_server
  mkfifo -m 600 srv.fifo.77777 # 요청만 보내고 사라진 client 의 답 FIFO 와 같다
  send_request 77777 5 hello
  wait_for_line server.log '^server: reply to pid 77777 dropped: open \./srv\.fifo\.77777: No such device or address \(nobody is reading it: the client is gone\)$'
  good_client_works next
  rm srv.fifo.77777
  stop_server_cleanly
}

@test "04-fifo: a full reply FIFO gives EAGAIN; the server drops that reply instead of blocking" {
  start_fifo_server
  local capacity
  capacity=$(sed -n 's/.*pipe capacity \([0-9]*\))$/\1/p' server.log)
  mkfifo -m 600 srv.fifo.77777
  # 읽는 끝을 쥔 채 읽지 않는 "client" (리눅스에서 O_RDWR 로 연 FIFO 는 기다리지 않는다), 그리고 가득 채우기
  local fd
  exec {fd}<>srv.fifo.77777
  timeout 5 head -c "$capacity" /dev/zero >&"$fd"
  send_request 77777 5 hello
  wait_for_line server.log '^server: reply to pid 77777 dropped: write \./srv\.fifo\.77777: Resource temporarily unavailable \(the FIFO is full: the client is not reading\)$'
  exec {fd}>&-
  rm srv.fifo.77777
  good_client_works next
  stop_server_cleanly
}

@test "04-fifo: a client SIGKILLed while it waits leaves its FIFO; the server gets ENXIO and carries on" {
  start_fifo_server
  kill -STOP "$SERVER_PID"
  start_client client.log -v -t "$RUN_TIMEOUT" hello
  wait_for_line client.log '^client: waiting up to' "$CLIENT_PID"
  local pid=$CLIENT_PID
  stop_server KILL "$pid"
  assert_equal "$EXIT_STATUS" 137
  [ -p "srv.fifo.$pid" ] || fail 'SIGKILL cannot be caught, so the reply FIFO should still be there'
  kill -CONT "$SERVER_PID"
  good_client_works next # FIFO 의 순서대로: 죽은 client 의 요청이 먼저 처리된다
  run cat server.log
  assert_line "server: reply to pid $pid dropped: open ./srv.fifo.$pid: No such device or address (nobody is reading it: the client is gone)"
  rm "srv.fifo.$pid"
  stop_server_cleanly
}

@test "04-fifo: a server SIGKILLed mid-conversation: the client notices at once (POLLERR), cleans up, exits 1" {
  start_fifo_server
  kill -STOP "$SERVER_PID" # 요청을 받았지만 아직 답하지 않은 server
  start_client client.log -v -t "$RUN_TIMEOUT" hello
  wait_for_line client.log '^client: waiting up to' "$CLIENT_PID"
  stop_server KILL
  assert_equal "$EXIT_STATUS" 137
  wait_exit "$CLIENT_PID"
  assert_equal "$EXIT_STATUS" 1
  run cat client.log
  # -t 초를 다 기다린 것("no answer")이 아니라, 서버 FIFO 의 읽는 쪽이 사라진 것을 바로 알았다
  assert_line 'client: the server is gone (nobody reads ./srv.fifo any more); no answer'
  [ ! -e "srv.fifo.$CLIENT_PID" ] || fail 'the client left its reply FIFO behind'
  [ -p srv.fifo ] || fail 'a SIGKILLed server cannot remove its FIFO'
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

@test "04-fifo: the client replaces a stale reply FIFO that has its PID, but never a regular file there" {
  start_fifo_server
  # exec 는 PID 를 바꾸지 않는다: bash 의 $$ 가 곧 client 의 PID 다. SIGKILL 된 옛 client 가
  # 같은 PID 로 남긴 FIFO 를 흉내 낸다.
  # shellcheck disable=SC2016  # $$, $1 은 bash -c 안에서 펼친다
  run_timeout --separate-stderr bash -c 'mkfifo -m 600 "srv.fifo.$$"; exec "$1" -f ./srv.fifo hi' _ "$CH/client"
  assert_success
  assert_output 'client: got "HI"'
  [[ $stderr =~ ^client:\ removing\ stale\ \./srv\.fifo\.[0-9]+\ \(left\ by\ an\ earlier\ process\ with\ pid\ [0-9]+\)$ ]] ||
    fail "stderr: $stderr"
  # 같은 이름의 일반 파일은 건드리지 않는다
  # shellcheck disable=SC2016
  run_timeout --separate-stderr bash -c 'echo precious >"srv.fifo.$$"; echo "$$" >pid; exec "$1" -f ./srv.fifo hi' _ "$CH/client"
  assert_failure 1
  local pid
  pid=$(cat pid)
  assert_equal "$stderr" "client: ./srv.fifo.$pid exists and is not a FIFO of ours; not touching it"
  assert_equal "$(cat "srv.fifo.$pid")" precious
  rm "srv.fifo.$pid" pid
  stop_server_cleanly
}

@test "04-fifo: a stale FIFO left by a SIGKILLed server is detected and replaced on the next start" {
  start_fifo_server
  stop_server KILL
  assert_equal "$EXIT_STATUS" 137
  [ -p srv.fifo ] || fail 'expected the stale FIFO'
  start_fifo_server
  run cat server.log
  assert_line 'server: ./srv.fifo is a stale FIFO (nobody reads it): removing it'
  good_client_works again
  stop_server_cleanly
}

@test "04-fifo: a second server refuses a FIFO that a running server reads; the first is unharmed" {
  start_fifo_server
  run_timeout --separate-stderr "$CH/server" -f ./srv.fifo
  assert_failure 1
  assert_equal "$stderr" 'server: ./srv.fifo: another process is reading this FIFO (a running server?); not starting'
  good_client_works first-still-works
  stop_server_cleanly
}

# --- 시그널 -------------------------------------------------------------------------------------

@test "04-fifo: SIGINT and SIGTERM stop the server cleanly; it removes its FIFO and exits 0" {
  local sig
  for sig in INT TERM; do
    start_fifo_server
    good_client_works "before-$sig"
    stop_server_cleanly "$sig"
    [ ! -e srv.fifo ] || fail "SIG$sig left srv.fifo behind"
    run cat server.log
    assert_line "server: SIG$sig: stopping after 1 replies (0 dropped, 0 bad requests)"
    assert_line 'server: removed ./srv.fifo'
  done
}

@test "04-fifo: SIGINT and SIGTERM stop a waiting client cleanly; it removes its reply FIFO and exits 0" {
  local sig pid pids=()
  start_fifo_server
  kill -STOP "$SERVER_PID" # 답이 오지 않으니 client 는 기다린다
  for sig in INT TERM; do
    start_client "client-$sig.log" -v -t "$RUN_TIMEOUT" hello
    pid=$CLIENT_PID
    pids+=("$pid")
    wait_for_line "client-$sig.log" '^client: waiting up to' "$pid"
    [ -p "srv.fifo.$pid" ]
    stop_server "$sig" "$pid"
    assert_equal "$EXIT_STATUS" 0
    run cat "client-$sig.log"
    assert_line "client: SIG$sig: stopped before the answer came"
    [ ! -e "srv.fifo.$pid" ] || fail "SIG$sig left the reply FIFO behind"
  done
  # 다시 움직인 server 는 두 요청의 답 FIFO 가 없다는 것을 알리고 계속 일한다
  kill -CONT "$SERVER_PID"
  good_client_works after
  run cat server.log
  for pid in "${pids[@]}"; do
    assert_line "server: reply to pid $pid dropped: lstat ./srv.fifo.$pid: No such file or directory (the client is gone)"
  done
  stop_server_cleanly
}

# --- 권한 ---------------------------------------------------------------------------------------

@test "04-fifo: permissions: another user cannot open the 0600 server FIFO (EACCES)" {
  chmod 755 "$TEST_TMP" # nobody 가 들어와 경로를 찾을 수 있게
  start_fifo_server
  run_timeout --separate-stderr "${NOBODY[@]}" "$CH/client" -f ./srv.fifo hello
  assert_failure 1
  assert_equal "$stderr" 'client: open ./srv.fifo: Permission denied'
  good_client_works owner-still-works
  stop_server_cleanly
}

@test "04-fifo: permissions: the server cannot create its FIFO in a directory it may not write" {
  chmod 755 "$TEST_TMP"
  mkdir -m 755 locked
  run_timeout --separate-stderr "${NOBODY[@]}" "$CH/server" -f ./locked/srv.fifo
  assert_failure 1
  assert_equal "$stderr" 'server: mkfifo ./locked/srv.fifo: Permission denied'
  rmdir locked
}
