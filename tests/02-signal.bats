#!/usr/bin/env bats
# tests/02-signal.bats: 시그널 (sigaction, sigprocmask, sigsuspend, kill, sigqueue)
#
# 무엇을 시험하는가 (한 줄이 테스트 하나):
# | 종류        | 경우                                                        | 기대                                          |
# |-------------|-------------------------------------------------------------|-----------------------------------------------|
# | 대화        | client 의 usr1/usr2 (kill)                                  | server 가 보낸 PID 와 "kill" 을 알림          |
# | 값          | rt 42, usr1 7, INT_MIN/INT_MAX (sigqueue)                   | 값이 그대로, 정확히 int 하나                  |
# | 쌓임        | -b 로 차단한 채 burst 5, 그리고 usr2                        | ShdPnd 에 둘 다; 풀면 SIGUSR1 x1, SIGRTMIN x5, 값 1..5 순서대로 |
# | 쌓임 (많이) | -b 로 차단한 채 burst 1000                                  | SIGUSR1 x1, SIGRTMIN x1000, 값이 순서대로     |
# | 한도        | RLIMIT_SIGPENDING=4 인 server 에 burst 50                   | client 가 EAGAIN 을 알리고 1; server 는 멀쩡  |
# | 한도 (kill) | RLIMIT_SIGPENDING=0 인 server 에 kill -n RTMIN 세 번         | kill 은 성공, sigqueue 는 EAGAIN; 풀면 한 번, pid 0 |
# | 잡을 수 없음| sigaction(SIGKILL), sigaction(SIGSTOP)                      | EINVAL 을 알림; SigCgt 에 그 둘은 없음        |
# | 멈춤        | SIGSTOP 한 server 에 usr1, 그리고 SIGCONT                   | 멈춘 동안 State T + ShdPnd, CONT 뒤에 처리    |
# | 종료        | kill -TERM, kill -INT (셸이 SIGINT 를 무시로 넘겨줘도)       | 상태 0, 종료 줄, 남은 것 없음                 |
# | 종료        | client term, client int                                     | 보낸 PID 를 알리고 상태 0                     |
# | 잘못된 입력 | 인자 없음/모자람/남음, 숫자 아님, 범위 밖(0, 음수, 2^32+1, 아주 긴 수), 모르는 ACTION, 나쁜 VALUE/N | 사용법을 stderr 에, 상태 2, 아무것도 보내지 않음; server 는 다음 client 를 받음 |
# | 도움말      | server --help, client -h                                    | 사용법을 stdout 에, 상태 0                    |
# | 잘못된 입력 | server 의 모르는 옵션, 남는 인자                            | 사용법을 stderr 에, 상태 2                    |
# | 잘못된 입력 | 없는 PID (pid_max + 1: 커널이 쓸 수 없는 번호)              | ESRCH 를 알리고 1                             |
# | 잘못된 입력 | server 가 아닌 PID (핸들러 없는 sleep)                       | 커널은 보낸다: sleep 이 SIGUSR1 로 죽음 (138) |
# | 잘못된 입력 | 예상 밖의 시그널 (kill -n RTMIN, usr2 에 값, 쉬지 않는 폭주) | server 가 알리고 계속 일함                    |
# | 권한        | nobody 가 root 의 server 에 보냄                            | EPERM 을 알리고 1; server 는 계속             |
# | 고장        | 보낸 client 가 배달 전에 끝남                               | 시그널은 남아 있다가 배달된다                 |
# | 고장        | 보류 중인 시그널이 있는 server 에 SIGKILL                    | 137, 종료 코드 안 돎, 보류 중이던 것은 사라짐, 바로 다시 띄울 수 있음 |
# | 정리        | 이 장은 이름 있는 객체를 만들지 않는다                       | 모든 테스트 뒤 teardown 이 확인               |
# 기다림은 모두 결정적이다: 준비 줄, 차단해 둔 시그널, /proc 의 상태. 시그널이 "도착할 때까지"
# 자는 일은 없다 (kill/sigqueue 가 돌아오면 시그널은 이미 받는 쪽의 보류 집합에 있다).

# shellcheck disable=SC2154  # stderr, stderr_lines 는 bats 의 run --separate-stderr 가 채운다
load test_helper

CH=$(chapter_dir 02-signal)

# --- 이 파일의 도우미 ------------------------------------------------------------------------

# start: server 를 띄우고 준비 줄을 기다린다. 인자는 server 에 그대로 간다.
start() {
  start_server server.log "$CH/server" "$@"
  wait_for_line server.log '^server: ready \(pid [0-9]+\)$'
}

# send ACTION...: client 를 보내는 쪽 PID 를 알 수 있게 실행한다 (sh 가 자기 PID 를 적고 exec 하므로
# client 는 그 PID 를 물려받는다). 결과는 bats 의 run 처럼 status/output 에, PID 는 SENDER_PID 에.
send() {
  # shellcheck disable=SC2016,SC2153  # $$ 는 sh 가 펼친다; SERVER_PID 는 start_server 가 채운다
  run_timeout sh -c 'echo $$ >sender.pid; exec "$@"' sh "$CH/client" "$SERVER_PID" "$@"
  SENDER_PID=$(cat sender.pid)
}

# events: server 가 알린 시그널 줄의 수
events() {
  grep -c ' from pid ' server.log || true
}

# status_field PID NAME: /proc/PID/status 의 한 칸 (예: ShdPnd → 0000000200000200)
status_field() {
  awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}

# has_signal MASK SIGNO: /proc 의 16진 마스크에서 시그널 SIGNO 는 비트 SIGNO-1 이다
has_signal() {
  (((16#$1 >> ($2 - 1)) & 1))
}

# rtmin: server 가 알린 SIGRTMIN 의 번호 (glibc 34, musl 35: 숫자로 적어 두지 않는다)
rtmin() {
  sed -n 's/^server: SIGRTMIN is \([0-9]*\) here.*/\1/p' server.log
}

# wait_state PID STATE: /proc 의 상태 글자가 STATE 가 될 때까지 (정해진 시간 안에서) 기다린다
wait_state() {
  local tries=500
  while [ "$(proc_state "$1")" != "$2" ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $1 never reached state $2 (now $(proc_state "$1"))"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

# values_of SIGNAME PID: server 가 그 PID 에게서 받은 SIGNAME 의 값들을 한 줄로
values_of() {
  sed -n "s/^server: $1 from pid $2 (sigqueue, value \\(-*[0-9]*\\))\$/\\1/p" server.log | paste -sd' '
}

# --- 대화 ---------------------------------------------------------------------------------

@test "02-signal: the server reports each signal with the sender's PID and how it was sent" {
  start
  send usr1
  assert_success
  assert_output "client: sent SIGUSR1 to pid $SERVER_PID (kill)"
  wait_for_line server.log "^server: SIGUSR1 from pid $SENDER_PID \\(kill\\)$"
  send usr2
  assert_success
  wait_for_line server.log "^server: SIGUSR2 from pid $SENDER_PID \\(kill\\)$"
  assert_equal "$(events)" 2
  stop_server_cleanly
  run cat server.log
  assert_line 'server: exiting after 3 signals (no named objects to remove)'
}

@test "02-signal: sigqueue carries exactly one int with the signal (rt 42, usr1 7, INT_MIN, INT_MAX)" {
  start
  send rt 42
  assert_success
  assert_output "client: sent SIGRTMIN to pid $SERVER_PID (sigqueue, value 42)"
  wait_for_line server.log "^server: SIGRTMIN from pid $SENDER_PID \\(sigqueue, value 42\\)$"
  # 표준 시그널도 sigqueue 로 보내면 값이 간다 (쌓이지 않을 뿐이다)
  send usr1 7
  wait_for_line server.log "^server: SIGUSR1 from pid $SENDER_PID \\(sigqueue, value 7\\)$"
  # 값은 int 하나: 양 끝이 그대로 오고, 그 밖은 client 가 받지 않는다
  send rt -2147483648
  wait_for_line server.log "^server: SIGRTMIN from pid $SENDER_PID \\(sigqueue, value -2147483648\\)$"
  send rt 2147483647
  wait_for_line server.log "^server: SIGRTMIN from pid $SENDER_PID \\(sigqueue, value 2147483647\\)$"
  run_timeout --separate-stderr "$CH/client" "$SERVER_PID" rt 2147483648
  assert_equal "$status" 2
  assert_equal "$(events)" 4
  stop_server_cleanly
}

# --- 표준 시그널은 합쳐지고, 실시간 시그널은 쌓인다 -------------------------------------------

@test "02-signal: while blocked, 5 SIGUSR1 coalesce into 1 but 5 SIGRTMIN queue with values 1..5 in order" {
  start -b
  run cat server.log
  assert_line 'server: -b: SIGUSR1 and SIGRTMIN stay blocked until the first SIGUSR2'
  send burst 5
  assert_success
  assert_output "client: sent SIGUSR1 and SIGRTMIN 5 times each to pid $SERVER_PID (sigqueue, values 1..5)"
  local burst_pid=$SENDER_PID rt pending blocked
  rt=$(rtmin)
  # client 가 돌아왔으니 시그널 열 개는 이미 커널에 있다: 보류(ShdPnd: 프로세스 전체에 온 것)
  # 이고 차단(SigBlk: sigsuspend 가 자는 동안 쓰는 마스크)되어 있다. server 는 아직 아무것도 못 받았다.
  pending=$(status_field "$SERVER_PID" ShdPnd)
  has_signal "$pending" 10 || fail "SIGUSR1 not pending: ShdPnd $pending"
  has_signal "$pending" "$rt" || fail "SIGRTMIN ($rt) not pending: ShdPnd $pending"
  if [ "${VALGRIND:-0}" != 1 ]; then # valgrind 는 모든 시그널을 스스로 막고 흉내 낸다
    blocked=$(status_field "$SERVER_PID" SigBlk)
    has_signal "$blocked" 10 && has_signal "$blocked" "$rt" || fail "not blocked: SigBlk $blocked"
  fi
  assert_equal "$(events)" 0
  # 차단을 푼다
  send usr2
  wait_for_line server.log '^server: after unblocking: '
  run cat server.log
  assert_line "server: SIGUSR2 from pid $SENDER_PID (kill): unblocking SIGUSR1 and SIGRTMIN"
  assert_line 'server: after unblocking: SIGUSR1 x1, SIGRTMIN x5'
  # 표준 시그널: 첫 번째 것(값 1)만 남았다. 나머지 넷은 값과 함께 버려졌다.
  assert_equal "$(values_of SIGUSR1 "$burst_pid")" '1'
  # 실시간 시그널: 다섯 개 모두, 보낸 순서대로
  assert_equal "$(values_of SIGRTMIN "$burst_pid")" '1 2 3 4 5'
  stop_server_cleanly
}

@test "02-signal: 1000 blocked SIGRTMIN all arrive in order, 1000 SIGUSR1 arrive once" {
  local n
  n=$(count_for 1000)
  start -b
  send burst "$n"
  assert_success
  local burst_pid=$SENDER_PID
  send usr2
  wait_for_line server.log '^server: after unblocking: '
  run cat server.log
  assert_line "server: after unblocking: SIGUSR1 x1, SIGRTMIN x$n"
  assert_equal "$(values_of SIGRTMIN "$burst_pid")" "$(seq 1 "$n" | paste -sd' ')"
  stop_server_cleanly
}

@test "02-signal: real-time signals queue only up to RLIMIT_SIGPENDING: then sigqueue fails with EAGAIN" {
  # 한도는 받는 쪽(server)의 RLIMIT_SIGPENDING 으로 재고, 세는 것은 그 사용자의 보류 시그널
  # 전체다. 같은 사용자의 다른 프로세스에 보류된 것이 있으면 더 일찍 찬다: 그래서 "몇 번째에"
  # 는 보지 않고, 50 번 안에 반드시 EAGAIN 이 온다는 것만 본다.
  start_server server.log prlimit --sigpending=4 "$CH/server" -b
  wait_for_line server.log '^server: ready \(pid [0-9]+\)$'
  run_timeout --separate-stderr "$CH/client" "$SERVER_PID" burst 50
  assert_failure 1
  [[ $stderr =~ ^client:\ sigqueue\($SERVER_PID,\ SIGRTMIN,\ [0-9]+\):\ Resource\ temporarily\ unavailable\ \(the\ receiver\'s\ queue\ of\ pending\ signals\ is\ full:\ RLIMIT_SIGPENDING\)$ ]] ||
    fail "unexpected stderr: $stderr"
  # server 는 멀쩡하다: 풀면 들어온 만큼(50 보다 적게) 받는다
  send usr2
  wait_for_line server.log '^server: after unblocking: '
  local got
  got=$(sed -n 's/^server: after unblocking: SIGUSR1 x[01], SIGRTMIN x\([0-9]*\)$/\1/p' server.log)
  [ -n "$got" ] && [ "$got" -lt 50 ] || fail "expected fewer than 50 SIGRTMIN, log: $(cat server.log)"
  stop_server_cleanly
}

@test "02-signal: over RLIMIT_SIGPENDING kill(2) still succeeds: the excess merges into one signal without its sender" {
  # 한도 0: 같은 사용자의 다른 프로세스에 무엇이 보류돼 있든, 실시간 시그널의 기록은 하나도 들어가지 못한다.
  start_server server.log prlimit --sigpending=0 "$CH/server" -b
  wait_for_line server.log '^server: ready \(pid [0-9]+\)$'
  local rt
  rt=$(rtmin)
  # 셸의 kill 은 kill(2): 한도를 넘어도 0 을 돌려준다
  kill -n "$rt" "$SERVER_PID"
  kill -n "$rt" "$SERVER_PID"
  kill -n "$rt" "$SERVER_PID"
  # 기록은 없지만 "보류 중" 표시는 있다
  has_signal "$(status_field "$SERVER_PID" ShdPnd)" "$rt" || fail "SIGRTMIN not pending: $(status_field "$SERVER_PID" ShdPnd)"
  # 같은 한도에서 sigqueue 는 실패한다
  run_timeout --separate-stderr "$CH/client" "$SERVER_PID" rt 7
  assert_failure 1
  [[ $stderr == "client: sigqueue($SERVER_PID, SIGRTMIN, 7): Resource temporarily unavailable"* ]] || fail "$stderr"
  send usr2
  wait_for_line server.log '^server: after unblocking: '
  run cat server.log
  # 세 번이 표준 시그널처럼 한 번으로 합쳐졌고, 보낸 PID(셸)는 기록과 함께 사라졌다
  assert_line 'server: SIGRTMIN from pid 0 (kill)'
  assert_line 'server: after unblocking: SIGUSR1 x0, SIGRTMIN x1'
  stop_server_cleanly
}

# --- SIGKILL, SIGSTOP ----------------------------------------------------------------------

@test "02-signal: SIGKILL and SIGSTOP cannot be caught: sigaction fails with EINVAL" {
  start
  run cat server.log
  assert_line 'server: sigaction(SIGKILL): Invalid argument (SIGKILL cannot be caught, blocked or ignored)'
  assert_line 'server: sigaction(SIGSTOP): Invalid argument (SIGSTOP cannot be caught, blocked or ignored)'
  if [ "${VALGRIND:-0}" != 1 ]; then # valgrind 아래의 SigCgt 는 valgrind 자신의 것이다
    local caught sig rt
    caught=$(status_field "$SERVER_PID" SigCgt)
    rt=$(rtmin)
    for sig in 2 10 12 15 "$rt"; do # SIGINT SIGUSR1 SIGUSR2 SIGTERM SIGRTMIN
      has_signal "$caught" "$sig" || fail "signal $sig not caught: SigCgt $caught"
    done
    ! has_signal "$caught" 9 || fail "SIGKILL caught?! SigCgt $caught"
    ! has_signal "$caught" 19 || fail "SIGSTOP caught?! SigCgt $caught"
  fi
  stop_server_cleanly
}

@test "02-signal: a stopped server cannot react; its signals stay pending until SIGCONT" {
  start
  kill -STOP "$SERVER_PID"
  wait_state "$SERVER_PID" T
  send usr1
  assert_success # 커널은 받아 준다. 멈춘 프로세스는 핸들러를 돌릴 수 없을 뿐이다.
  has_signal "$(status_field "$SERVER_PID" ShdPnd)" 10 || fail "SIGUSR1 not pending while stopped"
  assert_equal "$(proc_state "$SERVER_PID")" T
  assert_equal "$(events)" 0
  kill -CONT "$SERVER_PID"
  wait_for_line server.log "^server: SIGUSR1 from pid $SENDER_PID \\(kill\\)$"
  stop_server_cleanly
}

# --- 깨끗한 종료 ----------------------------------------------------------------------------

@test "02-signal: SIGTERM and SIGINT shut the server down cleanly (exit 0)" {
  local sig
  for sig in TERM INT; do
    start
    if [ "$sig" = INT ] && [ "${VALGRIND:-0}" != 1 ]; then
      # 셸은 & 로 띄운 프로그램에게 SIGINT 와 SIGQUIT 를 무시(SIG_IGN)로 넘겨준다. SIGQUIT 는
      # 그대로 무시 중이고, SIGINT 는 server 가 sigaction 으로 핸들러를 달아 되찾았다.
      has_signal "$(status_field "$SERVER_PID" SigIgn)" 3 || fail "the shell did not ignore SIGQUIT?"
      ! has_signal "$(status_field "$SERVER_PID" SigIgn)" 2 || fail "SIGINT still ignored"
    fi
    stop_server_cleanly "$sig"
    run cat server.log
    assert_line --regexp "^server: SIG$sig from pid $BASHPID \\(kill\\): shutting down$"
    assert_line 'server: exiting after 1 signals (no named objects to remove)'
  done
}

@test "02-signal: client term and client int stop the server; it names the sender" {
  local action
  for action in term int; do
    start
    send "$action"
    assert_success
    wait_exit "$SERVER_PID"
    assert_equal "$EXIT_STATUS" 0
    run cat server.log
    assert_line --regexp "^server: SIG${action^^} from pid $SENDER_PID \\(kill\\): shutting down$"
    assert_nothing_left
  done
}

# --- 잘못된 입력 ---------------------------------------------------------------------------

@test "02-signal: --help prints usage on stdout and exits 0 (both programs)" {
  run_timeout "$CH/server" --help
  assert_success
  assert_line --index 0 'usage: server [-b]'
  run_timeout "$CH/client" -h
  assert_success
  assert_line --index 0 --partial 'usage: client PID'
}

@test "02-signal: server rejects unknown options and extra arguments with exit 2" {
  local args
  for args in '-x' 'extra' '-b extra'; do
    # shellcheck disable=SC2086  # args 는 일부러 단어로 나눈다
    run_timeout --separate-stderr "$CH/server" $args
    assert_equal "$status" 2
    assert_equal "$output" ''
    [[ $stderr == *'usage: server'* ]] || fail "no usage for '$args': $stderr"
  done
}

@test "02-signal: client rejects bad arguments with exit 2 and sends nothing; the server carries on" {
  start
  local p=$SERVER_PID args
  for args in '' "$p" "$p usr1 5 extra" 'abc usr1' '12abc usr1' "$p frobnicate" "$p USR1" \
    '4294967297 usr1' '99999999999999999999999999 usr1' "$p rt x" "$p rt 2147483648" "$p rt 1.5" \
    "$p burst" "$p burst 0" "$p burst 100001" "$p burst x" '-x' "-- $p"; do
    # shellcheck disable=SC2086  # args 는 일부러 단어로 나눈다
    run_timeout --separate-stderr "$CH/client" $args
    assert_equal "$status" 2
    assert_equal "$output" ''
    [[ $stderr == *'usage: client'* ]] || fail "no usage for '$args': $stderr"
  done
  # 모르는 ACTION 과 숫자가 아닌 PID 는 무엇이 틀렸는지 말한다
  run_timeout --separate-stderr "$CH/client" "$p" frobnicate
  assert_equal "${stderr_lines[0]}" "client: unknown action 'frobnicate'"
  run_timeout --separate-stderr "$CH/client" abc usr1
  assert_equal "${stderr_lines[0]}" "client: PID: expected a number from 1 to 2147483647, got 'abc'"
  # 0 과 음수는 kill(2)에서 프로세스 그룹이다 (-1 은 "보낼 수 있는 모든 프로세스"). 받아 주면 안 된다.
  # 혹시 받아 준다 해도 피해가 없도록 nobody 로 돌린다.
  for args in '0 usr1' '-- -1 term' '-- -2 usr1'; do
    # shellcheck disable=SC2086
    run --separate-stderr as_nobody timeout -k 2 "$RUN_TIMEOUT" "$CH/client" $args
    assert_equal "$status" 2
    [[ $stderr == *'expected a number from 1 to 2147483647'* ]] || fail "'$args' accepted: $stderr"
  done
  # 아무것도 보내지 않았다. server 는 그대로 다음 client 를 받는다.
  send usr1
  assert_success
  wait_for_line server.log "^server: SIGUSR1 from pid $SENDER_PID \\(kill\\)$"
  assert_equal "$(events)" 1
  stop_server_cleanly
}

@test "02-signal: a PID that no process can have gives ESRCH and exit 1" {
  # pid_max 보다 큰 PID 는 커널이 나눠 주지 않는다: 그런 프로세스는 있을 수 없다.
  # (방금 끝나 거둬진 자식의 PID 는 안전하지 않다: 그 사이에 다른 프로세스가 받을 수 있다.)
  local nopid
  nopid=$(($(cat /proc/sys/kernel/pid_max) + 1))
  run_timeout --separate-stderr "$CH/client" "$nopid" usr1
  assert_failure 1
  assert_equal "$output" ''
  assert_equal "$stderr" "client: kill($nopid, SIGUSR1): No such process (no process has this PID: is the server running?)"
  run_timeout --separate-stderr "$CH/client" "$nopid" rt 1
  assert_failure 1
  assert_equal "$stderr" "client: sigqueue($nopid, SIGRTMIN, 1): No such process (no process has this PID: is the server running?)"
}

@test "02-signal: a PID that is not the server gets the signal anyway: without a handler SIGUSR1 kills it" {
  # 커널은 누가 "server" 인지 모른다. 핸들러가 없는 프로세스(여기서는 sleep)에게 SIGUSR1 의
  # 기본 동작은 종료다. client 는 성공했다고 말한다: 시그널에는 답장이 없다.
  start_server victim.log sleep infinity
  # start_server 는 fork 하자마자 돌아온다. exec 하기 전의 셸(자식)이 맞으면 시험하는 것이 sleep 이
  # 아니게 되므로, 그 PID 가 정말 sleep 이 될 때까지 (정해진 시간 안에서) 기다린다.
  local tries=500
  until [ "$(cat "/proc/$SERVER_PID/comm" 2>/dev/null)" = sleep ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $SERVER_PID never became sleep"; return 1; }
    sleep "$POLL_INTERVAL"
  done
  run_timeout "$CH/client" "$SERVER_PID" usr1
  assert_success
  wait_exit "$SERVER_PID"
  assert_equal "$EXIT_STATUS" 138 # 128 + 10 (SIGUSR1)
}

@test "02-signal: unexpected signals (kill -n RTMIN, a value on SIGUSR2, a flood) do not upset the server" {
  start
  local rt n
  rt=$(rtmin)
  n=$(count_for 1000)
  # 셸의 kill 로 실시간 시그널을 값 없이 (si_code SI_USER)
  kill -n "$rt" "$SERVER_PID"
  wait_for_line server.log "^server: SIGRTMIN from pid $BASHPID \\(kill\\)$"
  send usr2 -5
  wait_for_line server.log "^server: SIGUSR2 from pid $SENDER_PID \\(sigqueue, value -5\\)$"
  # 차단 없이 쉬지 않고 보내기: 실시간 시그널은 하나도 빠지지 않고 순서대로 온다
  # (SIGUSR1 은 server 가 바쁜 사이에 합쳐질 수 있으므로 세지 않는다)
  send burst "$n"
  assert_success
  wait_for_line server.log "^server: SIGRTMIN from pid $SENDER_PID \\(sigqueue, value $n\\)$"
  assert_equal "$(values_of SIGRTMIN "$SENDER_PID")" "$(seq 1 "$n" | paste -sd' ')"
  # 그리고 다음 client 도 평소처럼
  send usr2
  wait_for_line server.log "^server: SIGUSR2 from pid $SENDER_PID \\(kill\\)$"
  stop_server_cleanly
}

# --- 권한 ----------------------------------------------------------------------------------

@test "02-signal: another user may not signal the server (EPERM); the server carries on" {
  [ "$(id -u)" -eq 0 ] || skip "needs root: the server must belong to a user other than nobody"
  start
  run --separate-stderr as_nobody timeout -k 2 "$RUN_TIMEOUT" "$CH/client" "$SERVER_PID" usr1
  assert_failure 1
  assert_equal "$stderr" "client: kill($SERVER_PID, SIGUSR1): Operation not permitted (the process belongs to another user: only root or the same user may signal it)"
  run --separate-stderr as_nobody timeout -k 2 "$RUN_TIMEOUT" "$CH/client" "$SERVER_PID" rt 3
  assert_failure 1
  [[ $stderr == "client: sigqueue($SERVER_PID, SIGRTMIN, 3): Operation not permitted"* ]] || fail "$stderr"
  send usr1
  wait_for_line server.log "^server: SIGUSR1 from pid $SENDER_PID \\(kill\\)$"
  assert_equal "$(events)" 1
  stop_server_cleanly
}

# --- 고장 ----------------------------------------------------------------------------------

@test "02-signal: a signal outlives its sender: sent while blocked, delivered after the client is gone" {
  start -b
  send rt 9
  assert_success
  local gone=$SENDER_PID
  alive "$gone" && fail "client $gone still running"
  send usr2
  wait_for_line server.log '^server: after unblocking: '
  run cat server.log
  assert_line "server: SIGRTMIN from pid $gone (sigqueue, value 9)"
  assert_line 'server: after unblocking: SIGUSR1 x0, SIGRTMIN x1'
  send usr1
  wait_for_line server.log "^server: SIGUSR1 from pid $SENDER_PID \\(kill\\)$"
  stop_server_cleanly
}

@test "02-signal: SIGKILL ends the server at once: no shutdown code, pending signals lost, nothing to clean" {
  start -b
  send burst 3
  assert_success
  stop_server KILL
  assert_equal "$EXIT_STATUS" 137 # 128 + 9
  run cat server.log
  refute_line --partial 'shutting down'
  refute_line --partial 'exiting after'
  assert_equal "$(events)" 0 # 보류 중이던 시그널 여섯 개는 프로세스와 함께 사라졌다
  # 이름 있는 객체가 없으니 남은 것도 없다
  assert_nothing_left
  # 죽은 server 의 PID 에 다시 보내 보지는 않는다: 테스트가 동시에 도는 기계에서는 그 PID 가
  # 금세 다른 프로세스에게 다시 쓰일 수 있고, 그러면 남의 프로세스에게 시그널을 보낸다. ESRCH 는
  # 어떤 프로세스도 가질 수 없는 PID(pid_max+1)로 따로 시험한다.
  # 낡은 것을 치울 필요 없이 바로 다시 띄울 수 있다
  start
  send usr1
  wait_for_line server.log "^server: SIGUSR1 from pid $SENDER_PID \\(kill\\)$"
  stop_server_cleanly
}
