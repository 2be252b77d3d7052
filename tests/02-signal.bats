#!/usr/bin/env bats
# tests/02-signal.bats: 시그널 (sigaction, sigprocmask, sigsuspend, kill, sigqueue)
#
# 무엇을 시험하는가 (한 줄이 테스트 하나, 첫 칸은 돌리는 프로그램):
# | 프로그램                | 경우                                                        | 기대                                          |
# |-------------------------|-------------------------------------------------------------|-----------------------------------------------|
# | server + client         | usr1, usr2 (kill)                                           | 보낸 PID와 "kill"을 알림, 종료 줄의 수      |
# | server + client         | rt 42, usr1 7, INT_MIN, INT_MAX (sigqueue)                  | 값이 그대로, 정확히 int 하나                  |
# | server + kernel_sent_signal PID | 파이프의 O_ASYNC 알림 (커널이 보낸 SIGUSR1)         | "from the kernel (si_code 1)", PID를 말하지 않음 |
# | server + client         | 멈춘(SIGSTOP) server에 -n 5 usr1, -n 5 rt, 그리고 SIGCONT  | 멈춘 동안 State T + ShdPnd; SIGUSR1 x1(값 1), SIGRTMIN 값 1..5 |
# | server + client         | 쉬지 않고 -n 1000 rt                                        | 1000 개 모두 순서대로                         |
# | server + client         | RLIMIT_SIGPENDING=0인 server에 rt 7, rt, usr1             | sigqueue는 EAGAIN(1); kill은 성공, pid 0; 표준 시그널은 PID 그대로 |
# | server                  | /proc의 SigCgt, SigIgn                                     | 다루는 여섯을 잡고, 셸이 무시로 넘긴 SIGINT도 |
# | server                  | kill -TERM, -INT, -HUP                                      | 상태 0, 종료 줄, 남은 것 없음                 |
# | server + client         | client term, int, hup                                       | 보낸 PID를 알리고 상태 0                     |
# | server, client          | --help, -h                                                  | 사용법을 stdout에, 상태 0                    |
# | server                  | 옵션, 남는 인자                                             | 사용법을 stderr에, 상태 2                    |
# | server + client         | 인자 없음/모자람/남음, 숫자 아님, 범위 밖, 모르는 SIGNAL, 나쁜 VALUE/COUNT | 사용법을 stderr에, 상태 2, 보내지 않음 |
# | client                  | PID 0, -1, -2 (프로세스 그룹, "모두")                       | 상태 2, 보내지 않음                           |
# | client                  | pid_max + 1 (있을 수 없는 PID)                              | ESRCH를 알리고 1 (kill, sigqueue)            |
# | client + sleep          | server가 아닌 PID (핸들러 없음)                             | 커널은 보낸다: sleep이 SIGUSR1로 죽음 (138) |
# | server + client         | 셸의 kill -n RTMIN, usr2에 값                              | server가 알리고 계속 일함                    |
# | server + client(nobody) | 다른 사용자가 보냄                                          | EPERM을 알리고 1; server는 계속             |
# | server + client         | 멈춘 server에 보내고 client는 끝남                         | 시그널은 남아 있다가 배달된다                 |
# | server                  | SIGKILL                                                     | 137, 종료 줄 없음, 곧바로 다시 띄울 수 있음   |
# | coalesce_vs_queue       | 차단한 채 5번, 1000번씩                                     | SIGUSR1 x1 (값 1), SIGRTMIN 모두 순서대로     |
# | sigpending_limit        | RLIMIT_SIGPENDING 4, 그다음 0                               | sigqueue는 EAGAIN, kill은 늘 0; 넘친 kill은 사라지거나 pid 0 하나 |
# | kernel_sent_signal      | 자기에게                                                    | si_code POLL_IN, si_band 65가 si_pid 자리에  |
# | uncatchable             | SIGKILL, SIGSTOP, (비교) SIGTERM                            | sigaction EINVAL, 차단은 조용히 빠짐          |
# | pause_race              | 틈에 raise                                                  | pause는 잠든 채, sigsuspend는 곧바로        |
# | nonreentrant_handler    | 정적 버퍼 함수 도중의 시그널                                 | "99345" (깨짐), 플래그만이면 "12345"          |
# | one_wait_per_sigchld    | 자식 셋이 끝남                                              | SIGCHLD 한 번, waitpid 한 번은 1, 나머지 2     |
# | server + forged_si_pid  | si_pid를 1로 꾸민 SI_QUEUE, 그리고 SI_USER                | server가 "from pid 1"; SI_USER는 EPERM      |
# | experiments/*           | --help, 나쁜 인자                                           | 상태 0 / 2                                    |
# 이 장은 이름 있는 객체를 만들지 않는다: 모든 테스트 뒤 teardown이 남은 프로세스와 객체를 확인한다.
# 기다림은 모두 결정적이다: 준비 줄, /proc의 상태, 끝난 프로세스. 시그널이 "도착할 때까지" 자는 일은
# 없다: kill/sigqueue가 돌아오면 시그널은 이미 받는 쪽의 보류 집합에 있다.

# shellcheck disable=SC2154  # stderr, stderr_lines는 bats의 run --separate-stderr가 채운다
load test_helper

CH=$(chapter_dir 02-signal)
EX=$CH/experiments

# --- 이 파일의 도우미 ------------------------------------------------------------------------

# start [명령 앞에 붙일 것...]: server를 띄우고 준비 줄을 기다린다 (예: start prlimit --sigpending=0)
start() {
  start_server server.log "$@" "$CH/server"
  wait_for_line server.log '^server: ready \(pid [0-9]+\)$'
}

# send [client 인자...]: client를 보내는 쪽 PID를 알 수 있게 실행한다 (sh가 자기 PID를 적고 exec하므로
# client는 그 PID를 물려받는다). 결과는 bats의 run처럼 status/output에, PID는 SENDER_PID에.
# 인자 중 "S"는 server의 PID로 바뀐다: send -n 5 S rt 1
send() {
  local args=() a
  for a in "$@"; do [ "$a" = S ] && args+=("$SERVER_PID") || args+=("$a"); done
  # shellcheck disable=SC2016  # $$는 sh가 펼친다
  run_timeout sh -c 'echo $$ >sender.pid; exec "$@"' sh "$CH/client" "${args[@]}"
  SENDER_PID=$(cat sender.pid)
}

# events: server가 알린 시그널 줄의 수
events() {
  grep -cE '^server: SIG[A-Z0-9]+ (from |\()' server.log || true
}

# status_field PID NAME: /proc/PID/status의 한 칸 (예: ShdPnd → 0000000200000200)
status_field() {
  awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}

# has_signal MASK SIGNO: /proc의 16진 마스크에서 시그널 SIGNO는 비트 SIGNO-1이다
has_signal() {
  (((16#$1 >> ($2 - 1)) & 1))
}

# rtmin: server가 알린 SIGRTMIN의 번호 (glibc 34, musl 35: 숫자로 적어 두지 않는다)
rtmin() {
  sed -n 's/^server: SIGRTMIN is \([0-9]*\) here.*/\1/p' server.log
}

# wait_state PID STATE: /proc의 상태 글자가 STATE가 될 때까지 (정해진 시간 안에서) 기다린다
wait_state() {
  local tries=500
  while [ "$(proc_state "$1")" != "$2" ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $1 never reached state $2 (now $(proc_state "$1"))"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

# values_of SIGNAME PID [FILE]: 그 PID에게서 받은 SIGNAME의 값들을 한 줄로 (기본 server.log)
values_of() {
  sed -n "s/^server: $1 from pid $2 (sigqueue, value \\(-*[0-9]*\\))\$/\\1/p" "${3:-server.log}" | paste -sd' '
}

# stop_and_wait: server를 SIGSTOP으로 멈추고 정말 멈출 때까지 기다린다
stop_and_wait() {
  kill -STOP "$SERVER_PID"
  wait_state "$SERVER_PID" T
}

# --- server와 client: 대화 ----------------------------------------------------------------

@test "02-signal: the server reports each signal with the sender's PID and how it was sent" {
  start
  send S usr1
  assert_success
  assert_output "client: sent SIGUSR1 to pid $SERVER_PID (kill)"
  wait_for_line server.log "^server: SIGUSR1 from pid $SENDER_PID \\(kill\\)$"
  send S usr2
  assert_success
  wait_for_line server.log "^server: SIGUSR2 from pid $SENDER_PID \\(kill\\)$"
  assert_equal "$(events)" 2
  stop_server_cleanly
  run cat server.log
  assert_line 'server: exiting after 3 signals (no named objects to remove)'
}

@test "02-signal: sigqueue carries exactly one int with the signal (rt 42, usr1 7, INT_MIN, INT_MAX)" {
  start
  send S rt 42
  assert_success
  assert_output "client: sent SIGRTMIN to pid $SERVER_PID (sigqueue, value 42)"
  wait_for_line server.log "^server: SIGRTMIN from pid $SENDER_PID \\(sigqueue, value 42\\)$"
  # 표준 시그널도 sigqueue로 보내면 값이 간다 (쌓이지 않을 뿐이다)
  send S usr1 7
  wait_for_line server.log "^server: SIGUSR1 from pid $SENDER_PID \\(sigqueue, value 7\\)$"
  # 값은 int 하나: 양 끝이 그대로 오고, 그 밖은 client가 받지 않는다
  send S rt -2147483648
  wait_for_line server.log "^server: SIGRTMIN from pid $SENDER_PID \\(sigqueue, value -2147483648\\)$"
  send S rt 2147483647
  wait_for_line server.log "^server: SIGRTMIN from pid $SENDER_PID \\(sigqueue, value 2147483647\\)$"
  send S rt 2147483648
  assert_equal "$status" 2
  assert_equal "$(events)" 4
  stop_server_cleanly
}

@test "02-signal: a kernel-generated signal is reported without a sender PID (si_pid only for kill and sigqueue)" {
  start
  # 파이프의 읽는 끝에 O_ASYNC + F_SETOWN(server) + F_SETSIG(SIGUSR1): 한 바이트를 쓰면 커널이 보낸다.
  # si_code는 POLL_IN(1), siginfo의 같은 자리에는 si_band 65가 있다: "from pid 65"라고 하면 틀렸다.
  run_timeout "$EX/kernel_sent_signal" "$SERVER_PID"
  assert_success
  assert_output "kernel_sent_signal: wrote 1 byte: the kernel sent SIGUSR1 to pid $SERVER_PID (si_code POLL_IN)"
  wait_for_line server.log '^server: SIGUSR1 from the kernel \(si_code 1\)$'
  run grep -c 'from pid' server.log
  assert_output 0
  # kill로 보낸 것에는 다시 PID가 붙는다
  send S usr1
  wait_for_line server.log "^server: SIGUSR1 from pid $SENDER_PID \\(kill\\)$"
  assert_equal "$(events)" 2
  stop_server_cleanly
}

# --- 멈춘 server: 보류, 합쳐짐, 쌓임 --------------------------------------------------------

@test "02-signal: a stopped server cannot react: its signals stay pending, 5 SIGUSR1 coalesce, 5 SIGRTMIN queue, until SIGCONT" {
  start
  local rt pending usr1_pid rt_pid
  rt=$(rtmin)
  stop_and_wait
  send -n 5 S usr1 1
  assert_success # 커널은 받아 준다. 멈춘 프로세스는 핸들러를 돌릴 수 없을 뿐이다.
  assert_output "client: sent SIGUSR1 5 times to pid $SERVER_PID (sigqueue, values 1..5)"
  usr1_pid=$SENDER_PID
  send -n 5 S rt 1
  assert_success
  rt_pid=$SENDER_PID
  # 둘 다 프로세스 전체의 보류 칸(ShdPnd)에 있다. 마스크는 "있다/없다"만 말한다.
  pending=$(status_field "$SERVER_PID" ShdPnd)
  has_signal "$pending" 10 || fail "SIGUSR1 not pending: ShdPnd $pending"
  has_signal "$pending" "$rt" || fail "SIGRTMIN ($rt) not pending: ShdPnd $pending"
  assert_equal "$(proc_state "$SERVER_PID")" T
  assert_equal "$(events)" 0
  kill -CONT "$SERVER_PID"
  wait_for_line server.log "^server: SIGRTMIN from pid $rt_pid \\(sigqueue, value 5\\)$"
  # 표준 시그널: 첫 번째 것(값 1)만 남았다. 나머지 넷은 값과 함께 버려졌다.
  assert_equal "$(values_of SIGUSR1 "$usr1_pid")" '1'
  # 실시간 시그널: 다섯 개 모두, 보낸 순서대로
  assert_equal "$(values_of SIGRTMIN "$rt_pid")" '1 2 3 4 5'
  assert_equal "$(events)" 6
  stop_server_cleanly
}

@test "02-signal: real-time signals from a fast sender all arrive, in order (client -n 1000 rt)" {
  local n
  n=$(count_for 1000)
  start
  send -n "$n" S rt 1
  assert_success
  assert_output "client: sent SIGRTMIN $n times to pid $SERVER_PID (sigqueue, values 1..$n)"
  wait_for_line server.log "^server: SIGRTMIN from pid $SENDER_PID \\(sigqueue, value $n\\)$"
  assert_equal "$(values_of SIGRTMIN "$SENDER_PID")" "$(seq 1 "$n" | paste -sd' ')"
  stop_server_cleanly
}

@test "02-signal: past RLIMIT_SIGPENDING sigqueue fails with EAGAIN, kill(2) succeeds but loses its sender" {
  # 한도 0: 실시간 시그널의 기록(siginfo)은 하나도 들어가지 못한다 (같은 사용자의 무엇이 보류돼 있든).
  start prlimit --sigpending=0
  run_timeout --separate-stderr "$CH/client" "$SERVER_PID" rt 7
  assert_failure 1
  assert_equal "$stderr" "client: sigqueue($SERVER_PID, SIGRTMIN, 7): Resource temporarily unavailable (the receiver's queue of pending signals is full: RLIMIT_SIGPENDING)"
  # kill은 실패하지 않는다: 커널은 기록 없이 보류 비트만 세우고, 배달될 때 보낸 PID는 0이다
  send S rt
  assert_success
  wait_for_line server.log '^server: SIGRTMIN from pid 0 \(kill\)$'
  # 표준 시그널을 kill로 보내면 한도와 상관없이 기록이 들어간다: PID가 그대로
  send S usr1
  wait_for_line server.log "^server: SIGUSR1 from pid $SENDER_PID \\(kill\\)$"
  assert_equal "$(events)" 2
  stop_server_cleanly
}

# --- server: 핸들러와 종료 ------------------------------------------------------------------

@test "02-signal: the server catches the six signals it handles, also SIGINT that the shell passed on ignored" {
  [ "${VALGRIND:-0}" != 1 ] || skip "under valgrind SigCgt and SigIgn are valgrind's own"
  start
  local caught ignored sig
  caught=$(status_field "$SERVER_PID" SigCgt)
  for sig in 1 2 10 12 15 "$(rtmin)"; do # SIGHUP SIGINT SIGUSR1 SIGUSR2 SIGTERM SIGRTMIN
    has_signal "$caught" "$sig" || fail "signal $sig not caught: SigCgt $caught"
  done
  # 셸은 &로 띄운 프로그램에게 SIGINT와 SIGQUIT를 무시(SIG_IGN)로 넘겨준다. SIGQUIT는 그대로
  # 무시 중이고, SIGINT는 server가 sigaction으로 핸들러를 달아 되찾았다.
  ignored=$(status_field "$SERVER_PID" SigIgn)
  has_signal "$ignored" 3 || fail "the shell did not ignore SIGQUIT? SigIgn $ignored"
  ! has_signal "$ignored" 2 || fail "SIGINT still ignored: SigIgn $ignored"
  stop_server_cleanly
}

@test "02-signal: SIGTERM, SIGINT and SIGHUP shut the server down cleanly (exit 0)" {
  local sig
  for sig in TERM INT HUP; do
    start
    stop_server_cleanly "$sig"
    run cat server.log
    assert_line --regexp "^server: SIG$sig from pid $BASHPID \\(kill\\): shutting down$"
    assert_line 'server: exiting after 1 signals (no named objects to remove)'
  done
}

@test "02-signal: client term, int and hup stop the server; it names the sender" {
  local action
  for action in term int hup; do
    start
    send S "$action"
    assert_success
    wait_exit "$SERVER_PID"
    assert_equal "$EXIT_STATUS" 0
    run cat server.log
    assert_line --regexp "^server: SIG${action^^} from pid $SENDER_PID \\(kill\\): shutting down$"
    assert_nothing_left
  done
}

@test "02-signal: SIGKILL ends the server without its shutdown lines (exit 137), and it starts again at once" {
  start
  send S usr1
  wait_for_line server.log "^server: SIGUSR1 from pid $SENDER_PID \\(kill\\)$"
  stop_server KILL
  assert_equal "$EXIT_STATUS" 137 # 128 + 9: 핸들러도, 종료 코드도 돌지 않았다
  run cat server.log
  refute_line --partial 'shutting down'
  refute_line --partial 'exiting after'
  # 이름 있는 객체가 없으니 남은 것도 없고, 낡은 것을 치울 필요 없이 바로 다시 띄울 수 있다
  assert_nothing_left
  start
  send S usr1
  wait_for_line server.log "^server: SIGUSR1 from pid $SENDER_PID \\(kill\\)$"
  stop_server_cleanly
}

# --- 잘못된 입력 ---------------------------------------------------------------------------

@test "02-signal: --help prints usage on stdout and exits 0 (server and client)" {
  local prog opt
  for prog in server client; do
    for opt in -h --help; do
      run_timeout --separate-stderr "$CH/$prog" "$opt"
      assert_success
      assert_line --index 0 --partial "usage: $prog"
      assert_equal "$stderr" ''
    done
  done
}

@test "02-signal: server rejects options and arguments with exit 2" {
  local args
  for args in '-x' 'extra' '-h extra' '--help x'; do
    # shellcheck disable=SC2086  # args는 일부러 단어로 나눈다
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
    "-n 0 $p usr1" "-n 100001 $p usr1" "-n x $p usr1" "-n $p" "-n 2 $p rt 2147483647" '-x' "-- $p"; do
    # shellcheck disable=SC2086  # args는 일부러 단어로 나눈다
    run_timeout --separate-stderr "$CH/client" $args
    assert_equal "$status" 2
    assert_equal "$output" ''
    [[ $stderr == *'usage: client'* ]] || fail "no usage for '$args': $stderr"
  done
  # 무엇이 틀렸는지 말한다 (받은 글자는 되찍지 않는다: 제어 문자가 터미널에 가지 않게)
  run_timeout --separate-stderr "$CH/client" "$p" frobnicate
  assert_equal "${stderr_lines[0]}" 'client: unknown SIGNAL (expected usr1, usr2, rt, term, int or hup)'
  run_timeout --separate-stderr "$CH/client" abc usr1
  assert_equal "${stderr_lines[0]}" 'client: PID must be a number from 1 to 2147483647'
  run_timeout --separate-stderr "$CH/client" -n 2 "$p" rt 2147483647
  assert_equal "${stderr_lines[0]}" 'client: VALUE + COUNT - 1 must fit in an int'
  # -n과 VALUE가 맞으면 마지막 값이 INT_MAX여도 된다
  send -n 2 S rt 2147483646
  assert_success
  wait_for_line server.log "^server: SIGRTMIN from pid $SENDER_PID \\(sigqueue, value 2147483647\\)$"
  # 그 밖에는 아무것도 보내지 않았다
  assert_equal "$(events)" 2
  stop_server_cleanly
}

@test "02-signal: client refuses PID 0 and negative PIDs (a process group, or -1: everyone it may signal)" {
  local args client=$CH/client prefix=(setsid)
  # 받아 준다 해도 피해가 없게: root라면 nobody로, 아니면 새 세션(혼자인 프로세스 그룹)에서.
  # -1은 "보낼 수 있는 모든 프로세스"라서 nobody로 돌 때만 시험한다.
  local cases=('0 usr1' '-- -2 usr1')
  if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
    client=$(nobody_bin 02-signal client)
    prefix=("${NOBODY[@]}")
    cases+=('-- -1 term')
  fi
  for args in "${cases[@]}"; do
    # shellcheck disable=SC2086  # args는 일부러 단어로 나눈다
    run_timeout --separate-stderr "${prefix[@]}" "$client" $args
    [ "$status" -eq 2 ] || fail "'$args': status $status, stderr: $stderr"
    [[ $stderr == 'client: PID must be a number from 1 to 2147483647'* ]] || fail "'$args' accepted: $stderr"
  done
}

@test "02-signal: a PID that no process can have gives ESRCH and exit 1 (kill and sigqueue)" {
  # pid_max는 가장 큰 PID보다 하나 크다: 그 번호의 프로세스는 있을 수 없다.
  # (방금 끝나 거둬진 자식의 PID는 안전하지 않다: 그 사이에 다른 프로세스가 받을 수 있다.)
  local nopid
  nopid=$(cat /proc/sys/kernel/pid_max)
  run_timeout --separate-stderr "$CH/client" "$nopid" usr1
  assert_failure 1
  assert_equal "$output" ''
  assert_equal "$stderr" "client: kill($nopid, SIGUSR1): No such process (no process has this PID: is the server running?)"
  run_timeout --separate-stderr "$CH/client" -n 3 "$nopid" rt 1
  assert_failure 1
  assert_equal "$stderr" "client: sigqueue($nopid, SIGRTMIN, 1): No such process (no process has this PID: is the server running?)"
}

@test "02-signal: a PID that is not the server gets the signal anyway: without a handler SIGUSR1 kills it" {
  # 커널은 누가 "server"인지 모른다. 핸들러가 없는 프로세스(여기서는 sleep)에게 SIGUSR1의
  # 기본 동작은 종료다. client는 성공했다고 말한다: 시그널에는 답장이 없다.
  start_server victim.log sleep infinity
  # start_server는 fork하자마자 돌아온다. exec하기 전의 셸(자식)이 맞으면 시험하는 것이 sleep이
  # 아니게 되므로, 그 PID가 정말 sleep이 될 때까지 (정해진 시간 안에서) 기다린다.
  local tries=500
  until [ "$(cat "/proc/$SERVER_PID/comm" 2>/dev/null)" = sleep ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $SERVER_PID never became sleep"; return 1; }
    sleep "$POLL_INTERVAL"
  done
  run_timeout "$CH/client" "$SERVER_PID" usr1
  assert_success
  assert_output "client: sent SIGUSR1 to pid $SERVER_PID (kill)"
  wait_exit "$SERVER_PID"
  assert_equal "$EXIT_STATUS" 138 # 128 + 10 (SIGUSR1)
}

@test "02-signal: unexpected signals (kill -n RTMIN from the shell, a value on SIGUSR2) do not upset the server" {
  start
  # 셸의 kill로 실시간 시그널을 값 없이 (si_code SI_USER)
  kill -n "$(rtmin)" "$SERVER_PID"
  wait_for_line server.log "^server: SIGRTMIN from pid $BASHPID \\(kill\\)$"
  send S usr2 -5
  wait_for_line server.log "^server: SIGUSR2 from pid $SENDER_PID \\(sigqueue, value -5\\)$"
  send S usr2
  wait_for_line server.log "^server: SIGUSR2 from pid $SENDER_PID \\(kill\\)$"
  assert_equal "$(events)" 3
  stop_server_cleanly
}

# --- 권한 ----------------------------------------------------------------------------------

@test "02-signal: another user may not signal the server (EPERM); the server carries on" {
  need_other_user
  start
  local client
  client=$(nobody_bin 02-signal client)
  run_timeout --separate-stderr "${NOBODY[@]}" "$client" "$SERVER_PID" usr1
  [ "$status" -eq 1 ] || fail "status $status (expected 1), stderr: $stderr"
  assert_equal "$stderr" "client: kill($SERVER_PID, SIGUSR1): Operation not permitted (the process belongs to another user: only root or the same user may signal it)"
  run_timeout --separate-stderr "${NOBODY[@]}" "$client" "$SERVER_PID" rt 3
  [ "$status" -eq 1 ] || fail "status $status (expected 1), stderr: $stderr"
  [[ $stderr == "client: sigqueue($SERVER_PID, SIGRTMIN, 3): Operation not permitted"* ]] || fail "$stderr"
  send S usr1
  wait_for_line server.log "^server: SIGUSR1 from pid $SENDER_PID \\(kill\\)$"
  assert_equal "$(events)" 1
  stop_server_cleanly
}

# --- 고장 ----------------------------------------------------------------------------------

@test "02-signal: a signal outlives its sender: sent while the server is stopped, delivered after the client is gone" {
  start
  stop_and_wait
  send S rt 9
  assert_success
  local gone=$SENDER_PID
  ! alive "$gone" || fail "client $gone still running"
  assert_equal "$(events)" 0
  kill -CONT "$SERVER_PID"
  wait_for_line server.log "^server: SIGRTMIN from pid $gone \\(sigqueue, value 9\\)$"
  stop_server_cleanly
}

# --- 실험: 표준 시그널은 합쳐지고, 실시간 시그널은 쌓인다 -------------------------------------

@test "02-signal: coalesce_vs_queue: while blocked, 5 SIGUSR1 coalesce into 1 but 5 SIGRTMIN queue with values 1..5 in order" {
  run_timeout "$EX/coalesce_vs_queue" 5
  assert_success
  local child
  child=$(sed -n 's/^coalesce_vs_queue: child \([0-9]*\) sent SIGUSR1 and SIGRTMIN 5 times each (sigqueue, values 1..5) and exited$/\1/p' <<<"$output")
  [ -n "$child" ] || fail "no sender line: $output"
  assert_line 'coalesce_vs_queue: pending: SIGUSR1 yes, SIGRTMIN yes'
  # 보낸 자식은 이미 끝났지만 시그널은 남아 있었다. SIGUSR1은 값 1 하나, SIGRTMIN은 1..5 순서대로.
  assert_equal "$(sed -n "s/^coalesce_vs_queue: SIGUSR1 from pid $child (value \\([0-9]*\\))\$/\\1/p" <<<"$output" | paste -sd' ')" '1'
  assert_equal "$(sed -n "s/^coalesce_vs_queue: SIGRTMIN from pid $child (value \\([0-9]*\\))\$/\\1/p" <<<"$output" | paste -sd' ')" '1 2 3 4 5'
  assert_line 'coalesce_vs_queue: taken SIGUSR1 x1, SIGRTMIN x5 (sent 5 each)'
}

@test "02-signal: coalesce_vs_queue: 1000 blocked SIGRTMIN all arrive in order, 1000 SIGUSR1 arrive once" {
  local n
  n=$(count_for 1000)
  run_timeout "$EX/coalesce_vs_queue" "$n"
  assert_success
  assert_line "coalesce_vs_queue: taken SIGUSR1 x1, SIGRTMIN x$n (sent $n each)"
  assert_equal "$(sed -n 's/^coalesce_vs_queue: SIGRTMIN from pid [0-9]* (value \([0-9]*\))$/\1/p' <<<"$output" | paste -sd' ')" \
    "$(seq 1 "$n" | paste -sd' ')"
}

@test "02-signal: sigpending_limit: past RLIMIT_SIGPENDING sigqueue fails with EAGAIN, kill never fails and the excess vanishes or merges without its sender" {
  run_timeout "$EX/sigpending_limit" 4
  assert_success
  # 한도는 이 사용자의 모든 보류 기록을 센다: 다른 프로세스의 것이 있으면 더 일찍 찬다. 그래서
  # "몇 번째에"는 보지 않고, 5번 안에 EAGAIN이 오고 꺼낸 것이 맞는지만 본다.
  local queued taken by_kill
  queued=$(sed -n 's/^sigpending_limit: sigqueue #[1-5]: Resource temporarily unavailable (EAGAIN) after \([0-4]\) queued$/\1/p' <<<"$output")
  [ -n "$queued" ] || fail "no EAGAIN within 5 sigqueue calls: $output"
  assert_line 'sigpending_limit: kill x3 past the limit: all returned 0'
  [[ $output =~ sigpending_limit:\ taken\ ([0-9]+)\ \(([0-9]+)\ by\ kill\) ]] || fail "no first 'taken' line: $output"
  taken=${BASH_REMATCH[1]} by_kill=${BASH_REMATCH[2]}
  # 꺼낸 것 = sigqueue로 들어간 것 + kill이 남긴 것 (보통 0: 넘친 kill은 흔적이 없다, 많아야 3)
  assert_equal "$taken" $((queued + by_kill))
  [ "$by_kill" -le 3 ] || fail "more kills than sent: $by_kill"
  # 한도 0: sigqueue는 늘 EAGAIN, kill 셋은 PID 0의 하나로 합쳐진다 (다른 프로세스와 상관없다)
  assert_line 'sigpending_limit: RLIMIT_SIGPENDING lowered to 0: sigqueue: Resource temporarily unavailable (EAGAIN)'
  assert_line 'sigpending_limit: kill x3 with limit 0: all returned 0'
  # 1부에서 자리가 하나도 없었다면 (이 사용자의 다른 보류 시그널이 한도를 채웠다면) 거기서도 kill이
  # PID 0으로 한 번 나온다: 한도 0의 줄 뒤만 센다
  assert_equal "$(sed -n '/lowered to 0:/,$p' <<<"$output" | grep -c '^sigpending_limit: SIGRTMIN from pid 0 (kill)$')" 1
  assert_line "sigpending_limit: taken 1 (1 by kill): 3 kills merged into one, without the sender's PID"
}

# --- 실험: 보낸 PID, 잡을 수 없는 시그널, 경쟁, 재진입, SIGCHLD, 꾸민 si_pid ------------------

@test "02-signal: kernel_sent_signal: a kernel-made SIGUSR1 carries si_code POLL_IN and si_band 65 where si_pid would be" {
  run_timeout "$EX/kernel_sent_signal"
  assert_success
  assert_line --regexp '^kernel_sent_signal: SIGUSR1 with si_code 1 \(POLL_IN\), si_band 65, si_fd [0-9]+$'
  assert_line --partial 'kernel_sent_signal: read as si_pid the same bytes say 65: not a PID'
}

@test "02-signal: uncatchable: SIGKILL and SIGSTOP cannot be caught, ignored or blocked; SIGTERM can" {
  run_timeout "$EX/uncatchable"
  assert_success
  assert_line 'uncatchable: SIGTERM: handler ok, SIG_IGN ok, blocked yes'
  assert_line 'uncatchable: SIGKILL: handler Invalid argument, SIG_IGN Invalid argument, blocked no (dropped silently)'
  assert_line 'uncatchable: SIGSTOP: handler Invalid argument, SIG_IGN Invalid argument, blocked no (dropped silently)'
}

@test "02-signal: pause_race: check-then-pause() loses the signal, block-then-sigsuspend() does not" {
  run_timeout "$EX/pause_race"
  assert_success
  assert_line 'pause_race: check, then pause(): still asleep after 1 s: the signal came before the sleep and was lost'
  assert_line 'pause_race: block, check, then sigsuspend(): woke at once: the signal was not lost'
}

@test "02-signal: nonreentrant_handler: a handler calling the same non-reentrant function corrupts main's result" {
  run_timeout "$EX/nonreentrant_handler"
  assert_success
  assert_line --index 0 "nonreentrant_handler: handler calls fmt(999) in the middle: main's fmt(12345) returned \"99345\""
  assert_line --index 1 "nonreentrant_handler: handler only sets a flag:             main's fmt(12345) returned \"12345\""
}

@test "02-signal: one_wait_per_sigchld: three exits give one SIGCHLD; one waitpid per signal leaves two zombies" {
  run_timeout "$EX/one_wait_per_sigchld"
  assert_success
  assert_line 'one_wait_per_sigchld: 3 children exited and are zombies (waitid WNOWAIT)'
  assert_line --regexp '^one_wait_per_sigchld: kill\(zombie [0-9]+, SIGTERM\) = 0: a zombie still owns its PID$'
  assert_line 'one_wait_per_sigchld: SIGCHLD taken 1 time(s) for 3 exits'
  assert_line 'one_wait_per_sigchld: one waitpid for that SIGCHLD reaped 1; 2 left as zombies'
  assert_line 'one_wait_per_sigchld: a WNOHANG loop reaped the other 2'
}

@test "02-signal: forged_si_pid: any sender may write si_pid with SI_QUEUE (the server believes it), not SI_USER" {
  start
  run_timeout "$EX/forged_si_pid" "$SERVER_PID"
  assert_success
  assert_line "forged_si_pid: sent SIGRTMIN to pid $SERVER_PID claiming to be pid 1 (si_code SI_QUEUE, value 99)"
  assert_line 'forged_si_pid: claiming SI_USER (as kill does) is refused: Operation not permitted'
  wait_for_line server.log '^server: SIGRTMIN from pid 1 \(sigqueue, value 99\)$'
  assert_equal "$(events)" 1
  # 꾸밀 PID가 0이면 틀린 인자다
  run_timeout --separate-stderr "$EX/forged_si_pid" "$SERVER_PID" 0
  assert_equal "$status" 2
  stop_server_cleanly
}

@test "02-signal: every experiment prints usage for --help (exit 0) and rejects a bad argument (exit 2)" {
  local prog name
  for prog in "$TOP"/02-signal/experiments/*.c; do
    name=$(basename "$prog" .c)
    run_timeout --separate-stderr "$EX/$name" --help
    assert_success
    assert_line --index 0 --partial "usage: $name"
    run_timeout --separate-stderr "$EX/$name" -h
    assert_success
    run_timeout --separate-stderr "$EX/$name" 0 extra junk
    [ "$status" -eq 2 ] || fail "$name: status $status for bad arguments, stderr: $stderr"
    [[ $stderr == "usage: $name"* ]] || fail "$name: no usage on stderr: $stderr"
  done
  # 숫자 인자를 받는 실험: 범위 밖과 숫자가 아닌 것
  for prog in 'coalesce_vs_queue 0' 'coalesce_vs_queue 10001' 'coalesce_vs_queue x' 'sigpending_limit 0' \
    'sigpending_limit 1001' 'sigpending_limit 4x' 'kernel_sent_signal 0' 'kernel_sent_signal abc' 'forged_si_pid' \
    'forged_si_pid -5' 'uncatchable x' 'pause_race x' 'nonreentrant_handler x' 'one_wait_per_sigchld x'; do
    # shellcheck disable=SC2086  # prog는 일부러 단어로 나눈다
    set -- $prog
    run_timeout --separate-stderr "$EX/$1" "${@:2}"
    [ "$status" -eq 2 ] || fail "'$prog': status $status, stderr: $stderr"
  done
}
