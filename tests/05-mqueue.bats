#!/usr/bin/env bats
# tests/05-mqueue.bats: POSIX 메시지 큐 (mq_open, mq_send, mq_receive, mq_getattr, mq_notify, mq_unlink)
#
# 무엇을 시험하는가 (한 줄이 테스트 하나). 프로그램: server/client는 짝, 나머지는 experiments/의 것.
# | 프로그램                   | 경우                                                    | 기대                                          |
# |----------------------------|---------------------------------------------------------|-----------------------------------------------|
# | server + client            | 기본 요청 세 개                                         | 답이 모두 맞고, 응답 큐는 NAME.PID            |
# | 모두                       | -h / --help, 잘못된 인자 (짝과 실험 11개)               | 사용법을 stdout에 상태 0 / stderr에 상태 2  |
# | server + client            | 1, 5, 12 바이트 TEXT                                    | server가 받은 길이 = client가 보낸 길이     |
# | priorities                 | prio 1, 5, 3, 5를 쌓은 뒤 받기, prio 32768             | 5, 5(보낸 순서), 3, 1 / EINVAL                |
# | message_is_a_copy (#15)    | 보낸 직후 버퍼를 덮어씀, 받는 쪽은 나중에 받음          | 버퍼는 '#', 받은 것은 원래 내용               |
# | attr_limits (nobody/학생)  | mq_maxmsg msg_max+1 / msg_max, msgsize_max+1, NULL, 총량 | EINVAL / 만듦 / EINVAL / 기본값 / EMFILE      |
# | server                     | ulimit -q 1000 (RLIMIT_MSGQUEUE)                        | EMFILE과 설명, 상태 1                        |
# | server + client            | mq_msgsize보다 긴 요청                                 | client가 EMSGSIZE, server는 못 보고 계속    |
# | small_receive_buffer       | 64 바이트 버퍼로 128 짜리 큐에서 받기                   | EMSGSIZE, 메시지는 남음, 맞는 버퍼로 받음     |
# | nonblock_eagain (#5)       | O_NONBLOCK: 빈 큐에서 받기, 가득 찬 큐에 보내기         | 둘 다 곧바로 EAGAIN                           |
# | server + client + anyone   | 멈춘 client의 가득 찬 응답 큐에 두 번째 답             | server는 EAGAIN으로 그 답만 버리고 계속     |
# | server + client            | 멈춘 server, client -t 0.5                              | 0.5초 뒤 ETIMEDOUT, 상태 1                    |
# | absolute_deadline          | 마감 {1, 0} / 지금 + 300 ms                             | 곧바로 ETIMEDOUT / 300 ms 뒤 ETIMEDOUT        |
# | server + anyone_can_send   | SIGKILL된 server의 큐                                  | 큐가 남고 (QSIZE = 메시지 바이트), 보내기 됨  |
# | outlives_the_sender        | 만들고 보낸 자식이 끝난 뒤 부모가 받기                  | 메시지가 그대로 있다                          |
# | server                     | 죽은 server가 남긴 큐로 다시 시작                      | EEXIST와 까닭·고치는 법, 지우면 시작         |
# | stale_queue_keeps_attr     | 남은 큐를 O_CREAT로 다른 attr로 열기                  | 옛 attr 그대로, EMSGSIZE, O_EXCL은 EEXIST    |
# | server + client            | 대화 중과 끝난 뒤의 큐                                  | 응답 큐는 client와 함께, 요청 큐는 server와 |
# | server + client            | 요청 큐와 응답 큐의 모드 (stat, /dev/mqueue)            | 600                                           |
# | server + client (nobody)   | umask 0277로 돌린 server와 client                     | 대화가 되고 모드는 600                        |
# | server + client (nobody)   | 다른 사용자의 client                                    | EACCES와 설명, server는 계속                |
# | server + client            | client 20개 × 요청 10개 동시에                          | 모두 자기 답만 10개씩                         |
# | client                     | server가 없음                                          | ENOENT과 설명, 상태 1                        |
# | server / client            | 모르는 옵션, 값 없음, 여분 인자, 범위 밖 -t             | 사용법을 stderr에, 상태 2                    |
# | server / client            | 이름: '/' 없음, 두 번째 '/', '/'만, 너무 긺, 제어 문자 | 이유(이스케이프해서)와 사용법, 상태 2         |
# | server + client            | '/' 뒤 244 글자 / 245 글자                              | 대화가 된다 / 상태 2                          |
# | bad_names                  | 규칙을 어긴 이름을 그대로 mq_open에                    | EINVAL, EACCES, ENOENT, ENAMETOOLONG          |
# | server + anyone_can_send   | 형식 밖 메시지 (쓰레기, 빈 메시지, PID 0, 제어 문자)    | 이스케이프해 찍고 버린 뒤 다음 client에 답함 |
# | server + anyone_can_send   | 응답 큐가 없는 PID의 요청                              | ENOENT로 답을 버리고 계속                    |
# | server + client            | 대화 중 server가 SIGKILL                               | client가 마감에 알리고 상태 1                |
# | server + client            | 답을 기다리던 client가 SIGKILL                         | server는 계속, 응답 큐는 남는다              |
# | server + client            | 답을 기다리던 client가 SIGINT/SIGTERM/SIGHUP           | 곧바로 응답 큐를 지우고 상태 0                |
# | server                     | 기다리던 server에 SIGINT/SIGTERM/SIGHUP                | 큐를 지우고 상태 0                            |
# | notify_once                | mq_notify를 한 번 걸고 메시지 여럿                     | 알림은 한 번, 빈 큐 → 메시지일 때만           |
# 메시지 큐에는 "메시지 중간에 죽은 client"가 없다: mq_send는 메시지 하나를 통째로 넣거나
# 아무것도 넣지 않는다. 그래서 고장 줄은 "답을 기다리던 중"을 시험한다. server가 읽지 않는 상태는
# SIGSTOP으로 만든다 (멈춘 프로세스의 큐에는 메시지가 쌓인다).

# shellcheck disable=SC2154  # $stderr는 bats의 run --separate-stderr가 채운다
load test_helper

CH=$(chapter_dir 05-mqueue)
EXPERIMENTS=(absolute_deadline anyone_can_send attr_limits bad_names message_is_a_copy nonblock_eagain
  notify_once outlives_the_sender priorities small_receive_buffer stale_queue_keeps_attr)

# --- 이 파일의 도우미 -----------------------------------------------------------------------

# mq_server: 이 테스트의 이름으로 server를 띄우고 준비 줄을 기다린다.
mq_server() {
  mq_track "$IPC_NAME"
  start_server server.log "$CH/server" -q "$IPC_NAME"
  wait_for_line server.log '^server: ready on '
}

# mq_client [client 옵션...]: 이 테스트의 큐로 client를 실행한다 (status, output, stderr).
# 만든 응답 큐의 이름을 teardown에 알린다 (남았다면 찾아 지우도록).
mq_client() {
  run_timeout --separate-stderr "$CH/client" -q "$IPC_NAME" "$@"
  local name
  name=$(sed -n 's/^client: reply queue \([^:]*\):.*/\1/p' <<<"$output")
  [ -z "$name" ] || mq_track "$name"
}

# start_client 로그 [client 옵션...]: client를 배경에서 띄운다 → CLIENT_PID.
# start_server를 빌려 쓰지만 server의 SERVER_PID, SERVER_LOG는 그대로 둔다.
start_client() {
  local log=$1 spid=$SERVER_PID slog=$SERVER_LOG
  shift
  start_server "$log" "$CH/client" -q "$IPC_NAME" "$@"
  CLIENT_PID=$SERVER_PID
  SERVER_PID=$spid SERVER_LOG=$slog
  mq_track "$IPC_NAME.$CLIENT_PID"
}

# experiment 이름 [인자...]: experiments/이름 을 이 테스트의 큐 이름으로 실행한다.
experiment() {
  local prog=$1
  shift
  mq_track "$IPC_NAME"
  run_timeout --separate-stderr "$CH/experiments/$prog" "$@"
}

# anyone 텍스트...: experiments/anyone_can_send로 헤더 없는 메시지를 server의 큐에 넣는다.
anyone() {
  run_timeout --separate-stderr "$CH/experiments/anyone_can_send" "$IPC_NAME" "$@"
  assert_success
}

# wait_state PID 상태: /proc/PID/stat의 상태가 그것이 될 때까지 (S = 잠듦, T = 멈춤) 기다린다.
wait_state() {
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(proc_state "$1")" = "$2" ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $1 never reached state $2 (now $(proc_state "$1"))"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

# stop_reading: server를 멈춘다 (SIGSTOP). 멈춘 동안 보낸 메시지는 요청 큐에 쌓인다.
stop_reading() {
  wait_state "$SERVER_PID" S # ppoll 안에서 잠든 뒤에 멈춘다
  kill -STOP "$SERVER_PID"
  wait_state "$SERVER_PID" T
}

# exists 이름...: 그 큐들 가운데 지금 있는 것 (mq_open으로 본다: /dev/mqueue가 없어도 된다)
exists() {
  mq_tool exists "$@"
}

# --- 대화 ---------------------------------------------------------------------------------

@test "05-mqueue: requests go to the server's queue, replies come back on the client's own queue" {
  mq_server
  run cat server.log
  assert_output "server: ready on $IPC_NAME (pid $SERVER_PID): mq_maxmsg 10, mq_msgsize 256"
  mq_client
  assert_success
  assert_equal "$stderr" ''
  local pid
  pid=$(sed -n "s|^client: reply queue $IPC_NAME\\.\\([0-9]*\\): mq_maxmsg 1, mq_msgsize 256\$|\\1|p" <<<"$output")
  [ -n "$pid" ] || fail "no reply queue line: $output"
  assert_line "client: sent \"hi\" ($((${#pid} + 3)) bytes)"
  assert_line 'client: reply "HI"'
  assert_line 'client: reply "HELLO, QUEUE"'
  assert_line 'client: reply "MESSAGES KEEP THEIR BOUNDARIES"'
  assert_line 'client: 3 of 3 replies correct'
  # server는 답을 보낸 뒤에 줄을 끝낸다: client가 끝났어도 마지막 줄은 조금 늦을 수 있다.
  wait_for_line server.log 'replied "MESSAGES KEEP THEIR BOUNDARIES"'
  run cat server.log
  assert_line "server: request from pid $pid: \"hi\" ($((${#pid} + 3)) bytes, prio 0) -> replied \"HI\""
  assert_line --regexp "^server: request from pid $pid: \"messages keep their boundaries\" .* -> replied \"MESSAGES KEEP THEIR BOUNDARIES\"\$"
  stop_server_cleanly
}

@test "05-mqueue: -h/--help print usage on stdout and exit 0, a bad argument exits 2 (pair and experiments)" {
  local prog opt
  for prog in server client "${EXPERIMENTS[@]/#/experiments/}"; do
    for opt in -h --help; do
      run_timeout --separate-stderr "$CH/$prog" "$opt"
      assert_success
      assert_equal "$stderr" ''
      [[ ${lines[0]} == "usage: ${prog#experiments/} "* ]] || fail "$prog $opt: ${lines[0]}"
    done
    run_timeout --separate-stderr "$CH/$prog" -x nonsense
    assert_equal "$status" 2
    assert_equal "$output" ''
    [[ $stderr == *"usage: ${prog#experiments/} "* ]] || fail "$prog -x: $stderr"
  done
}

# --- 메시지 경계 ---------------------------------------------------------------------------

@test "05-mqueue: message boundaries are kept: each receive returns exactly one send, of the sent length" {
  mq_server
  mq_client a bbbbb cccccccccccc
  assert_success
  local pid=${output#*"$IPC_NAME."}
  pid=${pid%%:*}
  # 요청 "PID TEXT": 구분자('\n')도 길이 헤더도 없다. 받은 길이가 보낸 길이 그대로다.
  assert_line "client: sent \"a\" ($((${#pid} + 2)) bytes)"
  assert_line "client: sent \"cccccccccccc\" ($((${#pid} + 13)) bytes)"
  wait_for_line server.log 'CCCCCCCCCCCC'
  run grep '^server: request' server.log
  assert_output "server: request from pid $pid: \"a\" ($((${#pid} + 2)) bytes, prio 0) -> replied \"A\"
server: request from pid $pid: \"bbbbb\" ($((${#pid} + 6)) bytes, prio 0) -> replied \"BBBBB\"
server: request from pid $pid: \"cccccccccccc\" ($((${#pid} + 13)) bytes, prio 0) -> replied \"CCCCCCCCCCCC\""
  stop_server_cleanly
}

# --- 우선순위 ------------------------------------------------------------------------------

@test "05-mqueue: queued messages come out highest priority first, FIFO within one priority" {
  experiment priorities "$IPC_NAME"
  assert_success
  assert_equal "$stderr" ''
  run grep -E '^(mq_curmsgs|received|mq_receive|mq_send)' <<<"$output"
  assert_output 'mq_curmsgs 4: nobody has read yet
received "x" (1 bytes, prio 5)
received "y" (1 bytes, prio 5)
received "twelve-bytes" (12 bytes, prio 3)
received "hello" (5 bytes, prio 1)
mq_receive: Resource temporarily unavailable (O_NONBLOCK: the queue is empty)
mq_send prio 32768: Invalid argument (sysconf(_SC_MQ_PRIO_MAX) is 32768)'
}

# --- 메시지 전달은 복사다 (#15) ------------------------------------------------------------

@test "05-mqueue: a message is a copy: the sender overwrites its buffer after mq_send, the receiver gets the original" {
  experiment message_is_a_copy "$IPC_NAME"
  assert_success
  assert_output "sender: mq_send \"copy-me\" returned; the sender's buffer is now \"#######\"
receiver: got \"copy-me\" (7 bytes): the kernel's copy, not the sender's buffer"
}

# --- 한도 ----------------------------------------------------------------------------------

@test "05-mqueue: an unprivileged user gets EINVAL above msg_max and msgsize_max, EMFILE above RLIMIT_MSGQUEUE" {
  local prog=$CH/experiments/attr_limits pre=() v=() f
  if [ "$(id -u)" -eq 0 ]; then # root는 CAP_SYS_RESOURCE가 있으면 한도를 넘을 수 있다: nobody로
    need_other_user
    prog=$(nobody_bin 05-mqueue experiments/attr_limits) pre=("${NOBODY[@]}")
  fi
  for f in msg_max msgsize_max msg_default msgsize_default; do v+=("$(cat "/proc/sys/fs/mqueue/$f")"); done
  mq_track "$IPC_NAME"
  run_timeout --separate-stderr "${pre[@]}" "$prog" "$IPC_NAME"
  assert_success
  assert_output "/proc/sys/fs/mqueue: msg_max ${v[0]}, msgsize_max ${v[1]}, msg_default ${v[2]}, msgsize_default ${v[3]}
mq_maxmsg $((v[0] + 1)), mq_msgsize 256: Invalid argument
mq_maxmsg ${v[0]}, mq_msgsize 256: created with mq_maxmsg ${v[0]}, mq_msgsize 256
mq_maxmsg ${v[0]}, mq_msgsize $((v[1] + 1)): Invalid argument
attr NULL: created with mq_maxmsg ${v[2]}, mq_msgsize ${v[3]}
RLIMIT_MSGQUEUE 1000 bytes, mq_maxmsg 10, mq_msgsize 256: Too many open files"
}

@test "05-mqueue: the server under ulimit -q 1000 explains EMFILE (RLIMIT_MSGQUEUE) and exits 1" {
  # mq_maxmsg 10 × mq_msgsize 256 = 2560 바이트에 커널의 관리 비용이 더해진다: 1000 바이트로는 모자란다.
  mq_track "$IPC_NAME"
  # shellcheck disable=SC2016  # $0, $1은 안쪽 bash가 푼다
  run_timeout --separate-stderr bash -c 'ulimit -q 1000 && exec "$0" -q "$1"' "$CH/server" "$IPC_NAME"
  assert_failure 1
  assert_equal "$stderr" "server: mq_open $IPC_NAME: Too many open files (this user's queues would pass RLIMIT_MSGQUEUE: see ulimit -q)"
  assert_output ''
}

@test "05-mqueue: a request longer than mq_msgsize is refused (EMSGSIZE); the server never sees it and serves on" {
  mq_server
  local long
  long=$(printf 'x%.0s' {1..300})
  mq_client "$long"
  assert_failure 1
  assert_equal "$stderr" "client: mq_timedsend: Message too long (the request is longer than the queue's mq_msgsize)"
  refute_line --partial 'client: sent'
  mq_client ok
  assert_success
  assert_line 'client: reply "OK"'
  wait_for_line server.log 'replied "OK"'
  run cat server.log
  refute_line --partial 'xxxxxxxx'
  assert_equal "$(grep -c '^server: request' server.log)" 1
  stop_server_cleanly
}

@test "05-mqueue: a receive buffer smaller than mq_msgsize fails with EMSGSIZE, whatever the message's size" {
  experiment small_receive_buffer "$IPC_NAME"
  assert_success
  assert_output "sent \"hello\" (5 bytes) to a queue with mq_msgsize 128
mq_receive with a 64-byte buffer: Message too long
mq_curmsgs 1: the message is still in the queue
mq_receive with a 128-byte buffer (mq_getattr's mq_msgsize): \"hello\" (5 bytes)"
}

@test "05-mqueue: O_NONBLOCK: mq_receive on an empty queue and mq_send to a full one fail at once with EAGAIN" {
  experiment nonblock_eagain "$IPC_NAME"
  assert_success
  assert_output 'mq_receive on an empty queue: Resource temporarily unavailable (EAGAIN at once; blocking would sleep)
mq_send "1": ok (mq_curmsgs 1 of 2)
mq_send "2": ok (mq_curmsgs 2 of 2)
mq_send "3": Resource temporarily unavailable (EAGAIN at once: the queue is full)
mq_setattr: O_NONBLOCK off: mq_flags 0 (now mq_receive and mq_send would sleep)'
}

@test "05-mqueue: a full reply queue gives the server EAGAIN (O_NONBLOCK): it drops that reply and keeps serving" {
  mq_server
  stop_reading
  # client A가 요청을 보내고 답을 기다리다가 멈춘다(SIGSTOP): 응답 큐(자리 1개)를 비우지 않는다.
  start_client a.log -t 60 first
  local a=$CLIENT_PID
  wait_for_line a.log '^client: sent "first"' "$a"
  kill -STOP "$a"
  wait_state "$a" T
  # 큐에는 보낸 이가 적혀 있지 않다: 누구나 A의 PID를 적은 요청을 넣을 수 있다.
  anyone "$a second"
  kill -CONT "$SERVER_PID"
  wait_for_line server.log '"second"'
  run cat server.log
  assert_line "server: request from pid $a: \"first\" ($((${#a} + 6)) bytes, prio 0) -> replied \"FIRST\""
  assert_line "server: request from pid $a: \"second\" ($((${#a} + 7)) bytes, prio 0) -> no reply: mq_send $IPC_NAME.$a: Resource temporarily unavailable (reply queue full)"
  # server는 A 때문에 멈추지 않았다: 다른 client가 곧바로 답을 받는다.
  mq_client -t 5 other
  assert_success
  assert_line 'client: reply "OTHER"'
  # A를 깨우면 자기 답(FIRST)을 받고 정상으로 끝난다.
  kill -CONT "$a"
  wait_exit "$a"
  assert_equal "$EXIT_STATUS" 0
  run cat a.log
  assert_line 'client: reply "FIRST"'
  stop_server_cleanly
}

@test "05-mqueue: mq_timedreceive gives up at its absolute deadline (ETIMEDOUT): the client does not hang" {
  mq_server
  stop_reading # 읽지 않는 server: 답은 오지 않는다
  local t0=$EPOCHREALTIME ms
  mq_client -t 0.5 hello
  ms=$(((${EPOCHREALTIME/./} - ${t0/./}) / 1000))
  assert_failure 1
  assert_equal "$stderr" 'client: mq_timedreceive: Connection timed out (no reply in time: is the server running?)'
  # 마감을 상대 시간으로 잘못 주면 곧바로 ETIMEDOUT이 된다. 적어도 0.5초는 기다렸어야 한다.
  [ "$ms" -ge 500 ] || fail "the client gave up after $ms ms, before its 500 ms deadline"
  [ "$ms" -lt 5000 ] || fail "the client took $ms ms to give up"
  # 보낸 요청은 읽히지 않은 채 큐에 남아 있다. server가 다시 읽으면 응답 큐가 이미 없다 (ENOENT).
  kill -CONT "$SERVER_PID"
  wait_for_line server.log '"hello"'
  run cat server.log
  assert_line --regexp "^server: request from pid [0-9]+: \"hello\" .* -> no reply: mq_open $IPC_NAME\\.[0-9]+: No such file or directory \\(client gone\\)\$"
  stop_server_cleanly
}

@test "05-mqueue: a deadline of {1, 0} is 1970 and times out at once; now + 300 ms waits 300 ms" {
  experiment absolute_deadline "$IPC_NAME"
  assert_success
  local wrong right
  wrong=$(sed -n 's/^deadline {1, 0} (meant as "1 second"): Connection timed out after \([0-9]*\) ms$/\1/p' <<<"$output")
  right=$(sed -n 's/^deadline now + 300 ms (CLOCK_REALTIME): Connection timed out after \([0-9]*\) ms$/\1/p' <<<"$output")
  [ -n "$wrong" ] && [ -n "$right" ] || fail "unexpected output: $output"
  [ "$wrong" -lt 1000 ] || fail "{1, 0} waited $wrong ms: it was taken as a relative time"
  [ "$right" -ge 299 ] || fail "now + 300 ms returned after $right ms"
}

# --- 커널 지속성과 남은 객체 ---------------------------------------------------------------

@test "05-mqueue: a queue outlives its creator: after SIGKILL it stays, with its messages, and still takes more" {
  local mq
  mq_server
  stop_reading
  anyone 'still here' # 10 바이트. 보낸 프로세스는 이미 끝났다.
  stop_server KILL
  assert_equal "$EXIT_STATUS" 137
  # 만든 프로세스도 보낸 프로세스도 없지만 큐는 커널에 있다.
  assert_equal "$(exists "$IPC_NAME")" "$IPC_NAME"
  if mq=$(mqueue_dir); then
    run cat "$mq/${IPC_NAME#/}"
    assert_output --regexp '^QSIZE:10 +NOTIFY:0 +SIGNO:0 +NOTIFY_PID:0 *$'
  fi
  # 읽는 이가 없어도 보내기는 된다 (자리가 있는 동안): 큐는 server가 살아 있는지 모른다.
  anyone 'one more'
  mq_remove "$IPC_NAME" # = rm /dev/mqueue/NAME
  assert_equal "$(exists "$IPC_NAME")" ''
}

@test "05-mqueue: messages outlive their sender: a child creates, sends and exits, the parent receives later" {
  experiment outlives_the_sender "$IPC_NAME"
  assert_success
  assert_line --regexp "^child [0-9]+: created $IPC_NAME, sent \"still here\", exiting without mq_unlink\$"
  assert_line --regexp '^parent: child [0-9]+ has exited \(status 0\)$'
  assert_line "parent: mq_open $IPC_NAME by name: mq_curmsgs 1"
  assert_line 'parent: received "still here" (10 bytes), sent by a process that no longer exists'
  assert_line 'parent: mq_unlink; now mq_open gives: No such file or directory'
}

@test "05-mqueue: a queue left by a killed server: the next start explains (EEXIST) and names the fix; once removed it starts" {
  local mq
  mq_server
  stop_server KILL
  # O_CREAT|O_EXCL: 남은 큐를 모르고 물려받지 않고, 실패하며 까닭과 고치는 법을 말한다.
  run_timeout --separate-stderr "$CH/server" -q "$IPC_NAME"
  assert_failure 1
  assert_equal "$stderr" "server: mq_open $IPC_NAME: File exists (another server is running on it, or one was killed (SIGKILL) or crashed before mq_unlink; if no server is running, remove it: rm /dev/mqueue$IPC_NAME)"
  assert_output ''
  if mq=$(mqueue_dir); then
    rm "$mq$IPC_NAME" # 알려 준 그대로
  else
    mq_remove "$IPC_NAME" # /dev/mqueue가 없으면 mq_unlink로 (같은 일)
  fi
  mq_server
  mq_client hi
  assert_success
  stop_server_cleanly
}

@test "05-mqueue: O_CREAT on a left-over queue ignores the new attr and keeps old messages; O_EXCL reports EEXIST" {
  experiment stale_queue_keeps_attr "$IPC_NAME"
  assert_success
  assert_output 'last run: created with mq_maxmsg 2, mq_msgsize 128, left "old news" in it, no mq_unlink
O_CREAT asking for mq_maxmsg 5, mq_msgsize 256: opened, but mq_getattr says 2, 128 and mq_curmsgs 1
sending 200 bytes: Message too long (the new size did not take)
O_CREAT|O_EXCL: File exists (the safe way: you learn that a queue was left over)'
}

@test "05-mqueue: both sides remove what they made: reply queues go with their clients, the request queue with the server" {
  local mq
  mq_server
  mq_client one two
  assert_success
  local reply=${output#*reply queue }
  reply=${reply%%:*}
  # server가 살아 있는 동안: 요청 큐는 있고, 끝난 client의 응답 큐는 없다.
  assert_equal "$(exists "$IPC_NAME" "$reply")" "$IPC_NAME"
  if mq=$(mqueue_dir); then
    run find "$mq" -maxdepth 1 -name "${IPC_NAME#/}*"
    assert_output "$mq/${IPC_NAME#/}"
  fi
  stop_server_cleanly
  assert_equal "$(exists "$IPC_NAME" "$reply")" ''
}

# --- 권한 ----------------------------------------------------------------------------------

@test "05-mqueue: the request queue and each reply queue have mode 600" {
  need_mqueue_dir
  mq_server
  stop_reading
  start_client client.log waiting
  wait_for_line client.log '^client: sent' "$CLIENT_PID"
  assert_equal "$(stat -c %a "$MQ$IPC_NAME")" 600
  assert_equal "$(stat -c %a "$MQ$IPC_NAME.$CLIENT_PID")" 600
  kill -CONT "$SERVER_PID"
  wait_exit "$CLIENT_PID"
  assert_equal "$EXIT_STATUS" 0
  stop_server_cleanly
}

@test "05-mqueue: under umask 0277 the queues are still 0600: server and client of one user still talk" {
  local mq
  # umask 0277은 0600에서 주인의 쓰기까지 뺀다 (0400). root는 모드 검사를 건너뛰므로 nobody로 돌린다.
  local srv=$CH/server cli=$CH/client pre=()
  if [ "$(id -u)" -eq 0 ]; then
    need_other_user
    srv=$(nobody_bin 05-mqueue server) cli=$(nobody_bin 05-mqueue client) pre=("${NOBODY[@]}")
  fi
  mq_track "$IPC_NAME"
  start_server server.log "${pre[@]}" sh -c 'umask 0277 && exec "$@"' sh "$srv" -q "$IPC_NAME"
  wait_for_line server.log '^server: ready on '
  if mq=$(mqueue_dir); then
    assert_equal "$(stat -c %a "$mq$IPC_NAME")" 600
  fi
  run_timeout --separate-stderr "${pre[@]}" sh -c 'umask 0277 && exec "$@"' sh "$cli" -q "$IPC_NAME" -t 2 hi
  assert_success
  assert_line 'client: 1 of 1 replies correct'
  stop_server_cleanly
}

@test "05-mqueue: another user's client is refused by the 0600 queue (EACCES); the server serves on" {
  need_other_user
  mq_server
  run_timeout --separate-stderr "${NOBODY[@]}" "$(nobody_bin 05-mqueue client)" -q "$IPC_NAME" hi
  assert_failure 1
  assert_equal "$stderr" "client: mq_open $IPC_NAME: Permission denied (the queue belongs to another user and its mode does not let us write)"
  mq_client hi
  assert_success
  stop_server_cleanly
}

# --- 부하 ----------------------------------------------------------------------------------

@test "05-mqueue: 20 clients x 10 requests at once: each client gets exactly its own answers" {
  local n r k i pids=() texts
  n=$(count_for 20) r=$(count_for 10)
  mq_server
  for ((k = 1; k <= n; k++)); do
    texts=()
    for ((i = 1; i <= r; i++)); do texts+=("client$k-request$i"); done
    timeout -k 2 "$RUN_TIMEOUT" "$CH/client" -q "$IPC_NAME" -t 10 "${texts[@]}" >"c$k.log" 2>&1 3>&- &
    pids+=($!)
  done
  for ((k = 1; k <= n; k++)); do
    wait "${pids[k - 1]}" || fail "client $k failed: $(cat "c$k.log")"
    run cat "c$k.log"
    assert_line "client: $r of $r replies correct"
    refute_line --partial '(unexpected)'
    assert_equal "$(grep -c "^client: reply \"CLIENT$k-REQUEST[0-9]*\"\$" "c$k.log")" "$r"
  done
  stop_server_cleanly # 끝난 server의 기록은 다 쓰였다
  assert_equal "$(grep -c ' -> replied ' server.log)" $((n * r))
}

# --- 잘못된 입력 ---------------------------------------------------------------------------

@test "05-mqueue: a client whose server is not running gets ENOENT and exits 1" {
  mq_client hi
  assert_failure 1
  assert_equal "$stderr" "client: mq_open $IPC_NAME: No such file or directory (no such queue: is the server running?)"
  assert_output ''
}

@test "05-mqueue: bad arguments give a usage line on stderr and exit 2 (server and client)" {
  local args
  for args in '-x' '-q' 'extra' '-q /a extra'; do
    # shellcheck disable=SC2086  # args는 일부러 단어로 나눈다
    run_timeout --separate-stderr "$CH/server" $args
    assert_equal "$status" 2
    assert_equal "$output" ''
    [[ $stderr == *'usage: server [-q /NAME]'* ]] || fail "no usage for '$args': $stderr"
  done
  for args in '-x' '-q' '-t' '-t 0' '-t -1' '-t abc' '-t 1s' '-t 3601'; do
    # shellcheck disable=SC2086
    run_timeout --separate-stderr "$CH/client" $args
    assert_equal "$status" 2
    assert_equal "$output" ''
    [[ $stderr == *'usage: client [-q /NAME] [-t SECONDS] [TEXT...]'* ]] || fail "no usage for '$args': $stderr"
  done
}

@test "05-mqueue: queue names: no leading '/', a second '/', '/' alone, too long or control characters are refused" {
  local name prog long
  long=/$(printf 'a%.0s' {1..245})
  for prog in server client; do
    for name in ipc-demo "$IPC_NAME/x" / "$long" $'/a\e[31mb' '/a b'; do
      run_timeout --separate-stderr "$CH/$prog" -q "$name"
      assert_equal "$status" 2
      assert_equal "$output" ''
      [[ $stderr == *"usage: $prog"* ]] || fail "no usage for '$name': $stderr"
      [[ $stderr != *$'\e'* ]] || fail "an escape character reached the terminal: $stderr"
    done
  done
  run_timeout --separate-stderr "$CH/server" -q ipc-demo
  [[ $stderr == "server: queue name \"ipc-demo\" must start with '/' (a queue name is not a file path)"* ]] || fail "$stderr"
  run_timeout --separate-stderr "$CH/client" -q "$IPC_NAME/x"
  [[ $stderr == "client: queue name \"$IPC_NAME/x\" must not contain a second '/'"* ]] || fail "$stderr"
  run_timeout --separate-stderr "$CH/client" -q /
  [[ $stderr == "client: queue name \"/\" needs at least one character after the '/'"* ]] || fail "$stderr"
  run_timeout --separate-stderr "$CH/server" -q "$long"
  [[ $stderr == "server: queue name \"${long:0:40}\"... is too long: at most 244 characters after the '/'"* ]] || fail "$stderr"
  run_timeout --separate-stderr "$CH/client" -q $'/a\e[31mb'
  [[ $stderr == 'client: queue name "/a\x1b[31mb" may contain only visible ASCII characters'* ]] || fail "$stderr"
}

@test "05-mqueue: a 244-character queue name works end to end (its reply queues still fit in NAME_MAX)" {
  local name=$IPC_NAME-
  while [ ${#name} -lt 245 ]; do name+=x; done # '/' + 244 글자
  mq_track "$name"
  start_server server.log "$CH/server" -q "$name"
  wait_for_line server.log '^server: ready on '
  run_timeout "$CH/client" -q "$name" hi
  assert_success
  assert_line 'client: 1 of 1 replies correct'
  # 한 글자 더 길면 거절한다.
  run_timeout --separate-stderr "$CH/client" -q "${name}y" hi
  assert_equal "$status" 2
  stop_server_cleanly
}

@test "05-mqueue: mq_open's own answers to bad names: EINVAL, EACCES, ENOENT, ENAMETOOLONG" {
  experiment bad_names "$IPC_NAME"
  mq_track "${IPC_NAME#/}"
  assert_success
  assert_output "\"${IPC_NAME#/}\" (no leading '/'): Invalid argument
\"$IPC_NAME/x\" (a second '/'): Permission denied
\"/\" (nothing after the '/'): No such file or directory
\"/xxx...x\" (256 characters after the '/'): File name too long
\"/xxx...x\" (255 characters after the '/'): created
\"$IPC_NAME\" (a good name): created"
}

@test "05-mqueue: malformed messages are dropped, escaped in the log; the server answers the next client" {
  mq_server
  anyone garbage '' '0 zero pid' '12x no space' $'\e[2J' 1234567890
  mq_client ok
  assert_success
  assert_line 'client: reply "OK"'
  wait_for_line server.log 'replied "OK"'
  run cat server.log
  assert_line 'server: malformed message: "garbage" (7 bytes, prio 0): no "PID " in front, dropped'
  assert_line 'server: malformed message: "" (0 bytes, prio 0): no "PID " in front, dropped'
  assert_line 'server: malformed message: "0 zero pid" (10 bytes, prio 0): no "PID " in front, dropped'
  assert_line 'server: malformed message: "12x no space" (12 bytes, prio 0): no "PID " in front, dropped'
  assert_line 'server: malformed message: "\x1b[2J" (4 bytes, prio 0): no "PID " in front, dropped'
  assert_line 'server: malformed message: "1234567890" (10 bytes, prio 0): no "PID " in front, dropped'
  refute_output --partial $'\e'
  stop_server_cleanly
}

@test "05-mqueue: a request from a pid that has no reply queue is dropped (ENOENT); the server serves on" {
  mq_server
  anyone '999999999 anyone there?'
  mq_client ok
  assert_success
  wait_for_line server.log 'replied "OK"'
  run cat server.log
  assert_line "server: request from pid 999999999: \"anyone there?\" (23 bytes, prio 0) -> no reply: mq_open $IPC_NAME.999999999: No such file or directory (client gone)"
  stop_server_cleanly
}

# --- 고장 ----------------------------------------------------------------------------------

@test "05-mqueue: server killed by SIGKILL mid-conversation: the client reports it at its deadline and exits 1" {
  mq_server
  stop_reading # 요청을 받아 두기만 하는 server
  start_client client.log -t 1 'are you there?'
  wait_for_line client.log '^client: sent' "$CLIENT_PID"
  local t0=$EPOCHREALTIME ms
  stop_server KILL
  wait_exit "$CLIENT_PID"
  ms=$(((${EPOCHREALTIME/./} - ${t0/./}) / 1000))
  assert_equal "$EXIT_STATUS" 1
  run cat client.log
  assert_line 'client: mq_timedreceive: Connection timed out (no reply in time: is the server running?)'
  [ "$ms" -lt 5000 ] || fail "the client took $ms ms"
  # client는 자기 응답 큐를 지웠다. 죽은 server는 요청 큐를 지우지 못했다: 여기서 치운다.
  assert_equal "$(exists "$IPC_NAME.$CLIENT_PID" "$IPC_NAME")" "$IPC_NAME"
  mq_remove "$IPC_NAME"
  assert_nothing_left
}

@test "05-mqueue: a client killed by SIGKILL while waiting: the server carries on; its reply queue is left behind" {
  local mq
  mq_server
  stop_reading
  start_client client.log -t 60 lost
  local a=$CLIENT_PID
  wait_for_line client.log '^client: sent' "$a"
  stop_server KILL "$a"
  assert_equal "$EXIT_STATUS" 137
  kill -CONT "$SERVER_PID"
  # server는 client가 죽은 줄 모른다: 응답 큐가 남아 있으니 답은 그 안에 들어간다.
  wait_for_line server.log '"lost"'
  run cat server.log
  assert_line "server: request from pid $a: \"lost\" ($((${#a} + 5)) bytes, prio 0) -> replied \"LOST\""
  assert_equal "$(exists "$IPC_NAME.$a")" "$IPC_NAME.$a"
  if mq=$(mqueue_dir); then
    run cat "$mq$IPC_NAME.$a"
    assert_output --regexp '^QSIZE:4 '
  fi
  mq_client ok
  assert_success
  mq_remove "$IPC_NAME.$a"
  stop_server_cleanly
}

@test "05-mqueue: SIGINT, SIGTERM or SIGHUP to a waiting client: it removes its reply queue at once and exits 0" {
  local sig a
  mq_server
  stop_reading
  for sig in INT TERM HUP; do
    # -t 60: 시그널이 mq_timedreceive를 깨우지 못하면(SA_RESTART) 마감까지 60초를 잔다: wait_exit가 실패한다.
    start_client "client-$sig.log" -t 60 "bye-$sig"
    a=$CLIENT_PID
    wait_for_line "client-$sig.log" '^client: sent' "$a"
    wait_state "$a" S # mq_timedreceive 안에서 자고 있다
    stop_server "$sig" "$a"
    assert_equal "$EXIT_STATUS" 0
    run cat "client-$sig.log"
    assert_line "client: SIG$sig: removing reply queue $IPC_NAME.$a"
    assert_equal "$(exists "$IPC_NAME.$a")" ''
  done
  # 세 요청은 큐에 남아 있다: server가 다시 읽으면 응답 큐가 없음을 (ENOENT) 알고 넘어간다.
  kill -CONT "$SERVER_PID"
  wait_for_line server.log '"bye-HUP"'
  run grep -c 'No such file or directory (client gone)' server.log
  assert_output 3
  stop_server_cleanly
}

@test "05-mqueue: SIGINT, SIGTERM and SIGHUP stop the waiting server cleanly: it removes its queue and exits 0" {
  local sig
  for sig in INT TERM HUP; do
    mq_server
    wait_state "$SERVER_PID" S # ppoll 안에서 잠들었다
    stop_server_cleanly "$sig"
    run cat server.log
    assert_line "server: SIG$sig: removed $IPC_NAME"
    assert_equal "$(exists "$IPC_NAME")" ''
  done
  # 멈춘(SIGSTOP) 동안 온 SIGTERM은 보류되었다가 깨어날 때 배달된다.
  mq_server
  stop_reading
  kill -TERM "$SERVER_PID"
  kill -CONT "$SERVER_PID"
  wait_exit "$SERVER_PID"
  assert_equal "$EXIT_STATUS" 0
  assert_equal "$(exists "$IPC_NAME")" ''
}

# --- 알림 ----------------------------------------------------------------------------------

@test "05-mqueue: mq_notify fires once, and only when a message arrives in an empty queue" {
  experiment notify_once "$IPC_NAME"
  assert_success
  assert_output '1. registered; sent "one", "two": notified (SIGUSR1, si_code SI_MESGQ), then none
2. drained; sent "three": none (a notification is used up once it fires)
3. registered again while "three" waits; sent "four": none (the queue was not empty)
4. drained; sent "five": notified (SIGUSR1, si_code SI_MESGQ) (the queue went from empty to not empty)
5. the right order: register again first, then drain until EAGAIN; sent "six": notified (SIGUSR1, si_code SI_MESGQ)'
}
