#!/usr/bin/env bats
# tests/05-mqueue.bats: POSIX 메시지 큐 (mq_open, mq_send, mq_receive, mq_getattr, mq_unlink)
#
# 무엇을 시험하는가 (한 줄이 테스트 하나):
# | 종류        | 경우                                                        | 기대                                        |
# |-------------|-------------------------------------------------------------|---------------------------------------------|
# | 대화        | 기본 요청 세 개                                             | 답이 모두 맞고, 응답 큐는 NAME.PID          |
# | 도움말      | -h / --help (두 프로그램)                                   | 사용법을 stdout 에, 상태 0                  |
# | 경계        | 3, 7, 14 바이트 메시지 세 개                                | 받기 세 번, 각각 3, 7, 14 바이트            |
# | 우선순위    | 보류(-H) 중 prio 1, 5, 3, 5 를 보낸 뒤 SIGUSR1              | 5, 5(보낸 순서), 3, 1 순서로 나옴           |
# | 복사 (#15)  | client 가 보낸 직후 버퍼를 덮어씀, server 는 나중에 받음    | server 는 원래 내용을 받는다                |
# | 한도        | /proc/sys/fs/mqueue, -m/-s, mq_getattr                      | 출력이 /proc 값·요청한 속성과 같다          |
# | 한도        | mq_msgsize 보다 긴 요청                                     | client 가 EMSGSIZE, server 는 못 보고 계속  |
# | 한도        | 받기 버퍼가 mq_msgsize 보다 작음 (-b 8)                     | EMSGSIZE, 상태 1                            |
# | 한도 (#5)   | 빈 큐에서 O_NONBLOCK 받기                                   | EAGAIN ("Resource temporarily unavailable") |
# | 한도 (#5)   | 가득 찬 응답 큐에 O_NONBLOCK 보내기                         | server 는 그 답만 버리고 멈추지 않는다      |
# | 한도        | 읽지 않는 server, client -t 0.5                             | 0.5초 뒤 ETIMEDOUT, 상태 1                  |
# | 한도        | nobody 가 mq_maxmsg = msg_max+1 / msg_max                   | EINVAL / 성공                               |
# | 한도        | ulimit -q 1000 (RLIMIT_MSGQUEUE)                            | EMFILE 과 설명, 상태 1                      |
# | 커널 지속성 | SIGKILL 된 server 의 큐                                     | /dev/mqueue 에 남고 QSIZE = 메시지 바이트   |
# | 남은 객체   | 죽은 server 가 남긴 큐로 다시 시작 / -f                     | EEXIST 와 설명, 상태 1 / 지우고 정상 시작   |
# | 정리        | 대화 중과 끝난 뒤의 /dev/mqueue                             | 응답 큐는 client 와 함께 사라짐, 끝나면 0개 |
# | 권한        | 요청 큐와 응답 큐의 모드                                    | 600                                         |
# | 권한        | 다른 사용자(nobody)의 client                                | EACCES, 상태 1, server 는 계속              |
# | 부하        | client 20개 × 요청 10개 동시에                              | 모두 자기 답만 10개씩                       |
# | 잘못된 입력 | server 가 없음                                              | ENOENT 과 설명, 상태 1                      |
# | 잘못된 입력 | server: 모르는 옵션, 숫자 아님, 범위 밖, 여분 인자, 값 없음 | 사용법을 stderr 에, 상태 2                  |
# | 잘못된 입력 | client: 모르는 옵션, 숫자 아님, 범위 밖, -n 과 -R, 값 없음  | 사용법을 stderr 에, 상태 2                  |
# | 잘못된 입력 | 이름: '/' 없음, 두 번째 '/', '/' 만, NAME_MAX 초과          | 이유와 사용법, 상태 2                       |
# | 경계 값     | '/' 뒤 244 글자 (응답 큐 이름도 NAME_MAX 안) / 245 글자     | 대화가 된다 / 상태 2                        |
# | 잘못된 입력 | 형식 밖 메시지 (쓰레기, 빈 메시지, PID 0)                   | "malformed" 로 버리고 다음 client 에 답함   |
# | 잘못된 입력 | 응답 큐가 없는 PID 의 요청                                  | ENOENT 로 답을 버리고 계속                  |
# | 고장        | 대화 중 server 가 SIGKILL                                   | client 가 마감에 알리고 상태 1 (멈추지 않음)|
# | 고장        | 답을 기다리던 client 가 SIGKILL                             | server 는 계속, 응답 큐는 남는다            |
# | 고장        | 답을 기다리던 client 가 SIGTERM/SIGINT                      | 응답 큐를 지우고 상태 0, server 는 ENOENT   |
# | 시그널      | server 에 SIGINT/SIGTERM (받는 중, 보류 중)                 | 큐를 지우고 상태 0                          |
# 메시지 큐에는 "메시지 중간에 죽은 client" 가 없다: mq_send 는 메시지 하나를 통째로 넣거나
# 아무것도 넣지 않는다. 그래서 고장 줄은 "답을 기다리던 중" 을 시험한다.

# shellcheck disable=SC2154  # $stderr 는 bats 의 run --separate-stderr 가 채운다
load test_helper

CH=$(chapter_dir 05-mqueue)

# --- 이 파일의 도우미 -----------------------------------------------------------------------

# mq_server [server 옵션...]: 이 테스트의 이름으로 server 를 띄우고 준비 줄을 기다린다.
mq_server() {
  start_server server.log "$CH/server" -q "$IPC_NAME" "$@"
  wait_for_line server.log '^server: ready on '
}

# mq_client [client 옵션...]: 이 테스트의 큐로 client 를 실행한다 (run_timeout: status, output).
mq_client() {
  run_timeout --separate-stderr "$CH/client" -q "$IPC_NAME" "$@"
}

# start_client 로그 [client 옵션...]: client 를 배경에서 띄운다 → CLIENT_PID.
# start_server 를 빌려 쓰지만 server 의 SERVER_PID, SERVER_LOG 는 그대로 둔다.
start_client() {
  local log=$1 spid=$SERVER_PID slog=$SERVER_LOG
  shift
  start_server "$log" "$CH/client" -q "$IPC_NAME" "$@"
  CLIENT_PID=$SERVER_PID
  SERVER_PID=$spid SERVER_LOG=$slog
}

# NOBODY (test_helper.bash): 명령 앞에 붙이면 권한 없는 사용자(nobody)로 실행한다.

# wait_state PID 상태: /proc/PID/stat 의 상태가 그것이 될 때까지 (예: T = 멈춤) 기다린다.
wait_state() {
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(proc_state "$1")" = "$2" ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $1 never reached state $2 (now $(proc_state "$1"))"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

# reply_pid_of 로그: client 로그의 "reply queue NAME.PID:" 줄에서 PID 를 꺼낸다.
reply_pid_of() {
  sed -n "s|^client: reply queue $IPC_NAME\\.\\([0-9]*\\):.*|\\1|p" "$1"
}

# --- 대화 ---------------------------------------------------------------------------------

@test "05-mqueue: requests go to the server's queue, replies come back on the client's own queue" {
  mq_server
  run cat server.log
  assert_line "server: ready on $IPC_NAME (pid $SERVER_PID): mq_maxmsg 10, mq_msgsize 256"
  mq_client
  assert_success
  assert_equal "$stderr" ''
  local pid
  pid=$(sed -n "s|^client: reply queue $IPC_NAME\\.\\([0-9]*\\): mq_maxmsg 1, mq_msgsize 256\$|\\1|p" <<<"$output")
  [ -n "$pid" ] || fail "no reply queue line: $output"
  assert_line "client: server queue $IPC_NAME: mq_maxmsg 10, mq_msgsize 256, mq_curmsgs 0"
  assert_line 'client: reply "HI"'
  assert_line 'client: reply "HELLO, QUEUE"'
  assert_line 'client: reply "MESSAGES KEEP THEIR BOUNDARIES"'
  assert_line 'client: 3 of 3 replies correct'
  # server 는 답을 보낸 뒤에 기록을 찍는다: client 가 끝났어도 마지막 줄은 조금 늦을 수 있다.
  wait_for_line server.log 'replied "MESSAGES KEEP THEIR BOUNDARIES"'
  run cat server.log
  assert_line "server: request from pid $pid: \"hi\" ($((${#pid} + 3)) bytes, prio 0) -> replied \"HI\""
  assert_line --regexp "^server: request from pid $pid: \"messages keep their boundaries\" .* -> replied \"MESSAGES KEEP THEIR BOUNDARIES\"\$"
  stop_server_cleanly
}

@test "05-mqueue: --help prints usage on stdout and exits 0 (both programs)" {
  run_timeout "$CH/server" --help
  assert_success
  assert_line --index 0 'usage: server [-q NAME] [-m MAXMSG] [-s MSGSIZE] [-H] [-f]'
  run_timeout "$CH/client" -h
  assert_success
  assert_line --index 0 --partial 'usage: client'
}

# --- 메시지 경계 ---------------------------------------------------------------------------

@test "05-mqueue: message boundaries are kept: sends of 3, 7 and 14 bytes are receives of 3, 7 and 14 bytes" {
  mq_server
  # 한 방향(-n) 메시지는 "- TEXT": 머리말 2바이트 + TEXT. 구분자(\n)도 길이 머리말도 없다.
  mq_client -n a bbbbb cccccccccccc
  assert_success
  assert_line 'client: sent "a" (3 bytes, prio 0)'
  assert_line 'client: sent "bbbbb" (7 bytes, prio 0)'
  assert_line 'client: sent "cccccccccccc" (14 bytes, prio 0)'
  wait_for_line server.log 'cccccccccccc'
  run grep '^server: one-way' server.log
  assert_output "server: one-way message: \"a\" (3 bytes, prio 0)
server: one-way message: \"bbbbb\" (7 bytes, prio 0)
server: one-way message: \"cccccccccccc\" (14 bytes, prio 0)"
  stop_server_cleanly
}

# --- 우선순위 ------------------------------------------------------------------------------

@test "05-mqueue: messages queued while the server holds come out highest priority first, FIFO within one" {
  mq_server -H
  wait_for_line server.log "^server: holding: not reading until SIGUSR1 \\(kill -USR1 $SERVER_PID\\)\$"
  # 한 번에 하나씩, 각 client 가 끝난 뒤에 다음을: 끝났으면 그 메시지는 이미 큐 안에 있다.
  local p t p_t
  for p_t in '1 hello' '5 x' '3 twelve-bytes' '5 y'; do
    p=${p_t%% *} t=${p_t#* }
    mq_client -n -p "$p" "$t"
    assert_success
  done
  assert_line "client: server queue $IPC_NAME: mq_maxmsg 10, mq_msgsize 256, mq_curmsgs 3"
  kill -USR1 "$SERVER_PID"
  wait_for_line server.log '^server: drained '
  run grep -E '^server: (SIGUSR1|one-way|drained)' server.log
  assert_output "server: SIGUSR1: mq_curmsgs 4, reading with O_NONBLOCK until EAGAIN
server: one-way message: \"x\" (3 bytes, prio 5)
server: one-way message: \"y\" (3 bytes, prio 5)
server: one-way message: \"twelve-bytes\" (14 bytes, prio 3)
server: one-way message: \"hello\" (7 bytes, prio 1)
server: drained 4, the queue is empty: mq_receive: Resource temporarily unavailable (O_NONBLOCK); blocking again"
  # 다 꺼낸 뒤에는 다시 기다리는 모드: 보통 client 가 답을 받는다.
  mq_client after
  assert_success
  assert_line 'client: reply "AFTER"'
  stop_server_cleanly
}

# --- 메시지 전달은 복사다 (#15) ------------------------------------------------------------

@test "05-mqueue: a message is a copy: the sender scribbles over its buffer after mq_send, the server gets the original" {
  mq_server -H
  wait_for_line server.log '^server: holding'
  # client 는 mq_send 가 돌아오자마자 자기 버퍼를 '#' 로 덮어쓰고, 답을 기다린다.
  start_client client.log copy-me
  wait_for_line client.log '^client: sent "copy-me"' "$CLIENT_PID"
  kill -USR1 "$SERVER_PID"
  wait_exit "$CLIENT_PID"
  assert_equal "$EXIT_STATUS" 0
  wait_for_line server.log 'replied "COPY-ME"'
  run cat server.log
  assert_line --regexp '^server: request from pid [0-9]+: "copy-me" \([0-9]+ bytes, prio 0\) -> replied "COPY-ME"$'
  refute_line --partial '#'
  run cat client.log
  assert_line 'client: reply "COPY-ME"'
  stop_server_cleanly
}

# --- 한도 ----------------------------------------------------------------------------------

@test "05-mqueue: the server reports /proc/sys/fs/mqueue and the attributes mq_getattr returns" {
  local f v=()
  for f in msg_max msgsize_max msg_default msgsize_default; do v+=("$(cat "/proc/sys/fs/mqueue/$f")"); done
  mq_server -m 5 -s 100
  run cat server.log
  assert_line "server: /proc/sys/fs/mqueue: msg_max ${v[0]}, msgsize_max ${v[1]}, msg_default ${v[2]}, msgsize_default ${v[3]}"
  assert_line "server: ready on $IPC_NAME (pid $SERVER_PID): mq_maxmsg 5, mq_msgsize 100"
  # client 는 같은 큐를 mq_getattr 로 보고, 자기 응답 큐를 같은 mq_msgsize 로 만든다.
  mq_client hi
  assert_success
  assert_line "client: server queue $IPC_NAME: mq_maxmsg 5, mq_msgsize 100, mq_curmsgs 0"
  assert_line --regexp "^client: reply queue $IPC_NAME\\.[0-9]+: mq_maxmsg 1, mq_msgsize 100\$"
  stop_server_cleanly
}

@test "05-mqueue: a message longer than mq_msgsize is refused (EMSGSIZE); the server never sees it and serves on" {
  mq_server -s 100
  local long
  long=$(printf 'x%.0s' {1..120})
  mq_client "$long"
  assert_failure 1
  assert_regex "$stderr" "^client: mq_timedsend: Message too long \\(the message is [0-9]+ bytes, the queue's mq_msgsize is 100\\)\$"
  refute_line --partial 'client: sent'
  # 너무 긴 메시지는 큐에 들어가지 못했다: server 의 기록에 없다. 다음 client 는 답을 받는다.
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
  mq_server
  mq_client -b 8 hi
  assert_failure 1
  assert_line --regexp '^client: sent "hi" \([0-9]+ bytes, prio 0\)$'
  assert_equal "$stderr" "client: mq_timedreceive: Message too long (the buffer is 8 bytes, smaller than the queue's mq_msgsize 256)"
  mq_client hi
  assert_success
  stop_server_cleanly
}

@test "05-mqueue: O_NONBLOCK: mq_receive on an empty queue fails at once with EAGAIN" {
  mq_server -H
  wait_for_line server.log '^server: holding'
  kill -USR1 "$SERVER_PID"
  wait_for_line server.log '^server: drained '
  run cat server.log
  assert_line 'server: SIGUSR1: mq_curmsgs 0, reading with O_NONBLOCK until EAGAIN'
  assert_line 'server: drained 0, the queue is empty: mq_receive: Resource temporarily unavailable (O_NONBLOCK); blocking again'
  stop_server_cleanly
}

@test "05-mqueue: a full reply queue gives the server EAGAIN (O_NONBLOCK): it drops that reply and keeps serving" {
  mq_server -H
  wait_for_line server.log '^server: holding'
  # client A 가 요청을 보내고 답을 기다리다가 멈춘다(SIGSTOP): 응답 큐(자리 1개)를 비우지 않는다.
  start_client a.log first
  wait_for_line a.log '^client: sent "first"' "$CLIENT_PID"
  local a=$CLIENT_PID
  assert_equal "$(reply_pid_of a.log)" "$a"
  kill -STOP "$a"
  wait_state "$a" T
  # 누구나 A 의 PID 를 적은 요청을 보낼 수 있다: A 에게 가는 두 번째 답은 자리가 없다.
  mq_client -R "$a second"
  assert_success
  kill -USR1 "$SERVER_PID"
  wait_for_line server.log '^server: drained 2,'
  run cat server.log
  assert_line "server: request from pid $a: \"first\" ($((${#a} + 6)) bytes, prio 0) -> replied \"FIRST\""
  assert_line "server: request from pid $a: \"second\" ($((${#a} + 7)) bytes, prio 0) -> no reply: mq_send $IPC_NAME.$a: Resource temporarily unavailable (reply queue full)"
  # server 는 A 때문에 멈추지 않았다: 다른 client 가 곧바로 답을 받는다.
  mq_client -t 2 other
  assert_success
  assert_line 'client: reply "OTHER"'
  # A 를 깨우면 자기 답(FIRST)을 받고 정상으로 끝난다.
  kill -CONT "$a"
  wait_exit "$a"
  assert_equal "$EXIT_STATUS" 0
  run cat a.log
  assert_line 'client: reply "FIRST"'
  stop_server_cleanly
}

@test "05-mqueue: mq_timedreceive gives up at its absolute deadline (ETIMEDOUT): the client does not hang" {
  mq_server -H # 읽지 않는 server: 답은 오지 않는다
  wait_for_line server.log '^server: holding'
  local t0=$EPOCHREALTIME
  mq_client -t 0.5 hello
  local ms=$(((${EPOCHREALTIME/./} - ${t0/./}) / 1000))
  assert_failure 1
  assert_equal "$stderr" 'client: mq_timedreceive: Connection timed out (no reply within 0.5 s: is the server still running?)'
  # 마감을 상대 시간으로 잘못 주면 곧바로 ETIMEDOUT 이 된다. 적어도 0.5초는 기다렸어야 한다.
  [ "$ms" -ge 500 ] || fail "the client gave up after $ms ms, before its 500 ms deadline"
  [ "$ms" -lt 5000 ] || fail "the client took $ms ms to give up"
  # 보낸 요청은 읽히지 않은 채 큐에 남아 있다. 지금 보류를 풀면 server 는 그 client 가 이미
  # 응답 큐를 지우고 떠났음을 안다 (ENOENT).
  kill -USR1 "$SERVER_PID"
  wait_for_line server.log '^server: drained 1,'
  run cat server.log
  assert_line --regexp "^server: request from pid [0-9]+: \"hello\" .* -> no reply: mq_open $IPC_NAME\\.[0-9]+: No such file or directory \\(client gone\\)\$"
  stop_server_cleanly
}

@test "05-mqueue: an unprivileged user gets EINVAL for mq_maxmsg above msg_max; msg_max itself works" {
  local max
  max=$(cat /proc/sys/fs/mqueue/msg_max)
  run_timeout --separate-stderr "${NOBODY[@]}" "$CH/server" -q "$IPC_NAME" -m $((max + 1))
  assert_failure 1
  assert_equal "$stderr" "server: mq_open $IPC_NAME: Invalid argument (mq_maxmsg $((max + 1)), mq_msgsize 256: above msg_max $max or msgsize_max $(cat /proc/sys/fs/mqueue/msgsize_max)? only CAP_SYS_RESOURCE may go above them)"
  refute_line --partial 'ready'
  start_server server.log "${NOBODY[@]}" "$CH/server" -q "$IPC_NAME" -m "$max"
  wait_for_line server.log "^server: ready on $IPC_NAME \\(pid [0-9]+\\): mq_maxmsg $max, mq_msgsize 256\$"
  stop_server_cleanly
}

@test "05-mqueue: queue memory counts against RLIMIT_MSGQUEUE: over ulimit -q, mq_open fails with EMFILE" {
  # mq_maxmsg 10 × mq_msgsize 256 = 2560 바이트에 커널의 관리 비용이 더해진다: 1000 바이트로는 모자란다.
  run_timeout --separate-stderr bash -c "ulimit -q 1000 && exec '$CH/server' -q '$IPC_NAME'"
  assert_failure 1
  assert_equal "$stderr" "server: mq_open $IPC_NAME: Too many open files (the queues of one user may use at most RLIMIT_MSGQUEUE bytes: see ulimit -q)"
}

# --- 커널 지속성과 남은 객체 ---------------------------------------------------------------

@test "05-mqueue: a queue outlives its creator: after SIGKILL it stays in /dev/mqueue with its messages" {
  local mq
  mq=$(mqueue_dir) || skip 'no /dev/mqueue here'
  mq_server -H
  wait_for_line server.log '^server: holding'
  mq_client -n 'still here' # 12 바이트. 보낸 client 는 이미 끝났다.
  assert_success
  stop_server KILL
  assert_equal "$EXIT_STATUS" 137
  # 만든 프로세스도 보낸 프로세스도 없지만 큐와 메시지는 커널에 있다.
  [ -e "$mq/${IPC_NAME#/}" ] || fail "the queue vanished with its creator"
  run cat "$mq/${IPC_NAME#/}"
  assert_output --regexp '^QSIZE:12 +NOTIFY:0 +SIGNO:0 +NOTIFY_PID:0 *$'
  # 누구든 이름으로 열어 mq_getattr 로 볼 수 있다.
  mq_client -n 'one more'
  assert_success
  assert_line "client: server queue $IPC_NAME: mq_maxmsg 10, mq_msgsize 256, mq_curmsgs 1"
  rm "$mq/${IPC_NAME#/}" # = mq_unlink
}

@test "05-mqueue: a queue left by a SIGKILLed server: the next start explains (EEXIST), -f removes it and starts" {
  mq_server -H
  wait_for_line server.log '^server: holding'
  mq_client -n a bb
  assert_success
  stop_server KILL
  # O_CREAT|O_EXCL: 남은 큐를 모르고 물려받지 않고, 실패하며 이유를 말한다.
  run_timeout --separate-stderr "$CH/server" -q "$IPC_NAME"
  assert_failure 1
  assert_equal "$stderr" "server: mq_open $IPC_NAME: File exists (a queue by this name is left over, maybe from a server killed by SIGKILL; if no server is running, start with -f to remove it)"
  refute_line --partial 'ready'
  mq_server -f
  run cat server.log
  assert_line "server: -f: removed left-over queue $IPC_NAME (mq_curmsgs 2: those messages are gone too)"
  mq_client hi
  assert_success
  assert_line 'client: 1 of 1 replies correct'
  stop_server_cleanly
}

@test "05-mqueue: both sides remove what they made: reply queues go with their clients, the request queue with the server" {
  local mq
  mq=$(mqueue_dir) || skip 'no /dev/mqueue here'
  mq_server
  mq_client one two
  assert_success
  mq_client -n three
  assert_success
  # server 가 살아 있는 동안에는 요청 큐 하나만 있다.
  run find "$mq" -maxdepth 1 -name "${IPC_NAME#/}*"
  assert_output "$mq/${IPC_NAME#/}"
  stop_server_cleanly
  run find "$mq" -maxdepth 1 -name "${IPC_NAME#/}*"
  assert_output ''
}

# --- 권한 ----------------------------------------------------------------------------------

@test "05-mqueue: the request queue and each reply queue have mode 600" {
  local mq
  mq=$(mqueue_dir) || skip 'no /dev/mqueue here'
  mq_server -H
  wait_for_line server.log '^server: holding'
  start_client client.log waiting
  wait_for_line client.log '^client: sent' "$CLIENT_PID"
  assert_equal "$(stat -c %a "$mq/${IPC_NAME#/}")" 600
  assert_equal "$(stat -c %a "$mq/${IPC_NAME#/}.$CLIENT_PID")" 600
  kill -USR1 "$SERVER_PID"
  wait_exit "$CLIENT_PID"
  assert_equal "$EXIT_STATUS" 0
  stop_server_cleanly
}

@test "05-mqueue: another user's client is refused by the 0600 queue (EACCES); the server serves on" {
  [ ${#NOBODY[@]} -gt 0 ] || skip 'needs root to run a client as another user'
  mq_server
  run_timeout --separate-stderr "${NOBODY[@]}" "$CH/client" -q "$IPC_NAME" hi
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
  stop_server_cleanly # 끝난 server 의 기록은 다 쓰였다
  assert_equal "$(grep -c ' -> replied ' server.log)" $((n * r))
}

# --- 잘못된 입력 ---------------------------------------------------------------------------

@test "05-mqueue: a client whose server is not running gets ENOENT and exits 1" {
  mq_client hi
  assert_failure 1
  assert_equal "$stderr" "client: mq_open $IPC_NAME: No such file or directory (no such queue: is the server running?)"
  assert_output ''
}

@test "05-mqueue: server: bad arguments give a usage line on stderr and exit 2" {
  local args
  for args in '-x' '-m abc' '-m 0' '-m 5x' '-s -1' '-s' '-q' 'extra'; do
    # shellcheck disable=SC2086  # args 는 일부러 단어로 나눈다
    run_timeout --separate-stderr "$CH/server" $args
    assert_equal "$status" 2
    assert_equal "$output" ''
    [[ $stderr == *'usage: server'* ]] || fail "no usage for '$args': $stderr"
  done
  run_timeout --separate-stderr "$CH/server" -m abc
  [[ $stderr == "server: -m: expected a number from 1 to 1000000, got 'abc'"* ]] || fail "$stderr"
}

@test "05-mqueue: client: bad arguments give a usage line on stderr and exit 2" {
  local args
  for args in '-x' '-p x' '-p -1' '-p 32768' '-t 0' '-t abc' '-t 1s' '-b 0' '-n -R' '-q' '-t'; do
    # shellcheck disable=SC2086
    run_timeout --separate-stderr "$CH/client" $args hi
    assert_equal "$status" 2
    assert_equal "$output" ''
    [[ $stderr == *'usage: client'* ]] || fail "no usage for '$args': $stderr"
  done
}

@test "05-mqueue: queue names: no leading '/', a second '/', '/' alone or longer than NAME_MAX are refused" {
  local name prog long
  long=/$(printf 'a%.0s' {1..256})
  for prog in server client; do
    for name in ipc-demo "$IPC_NAME/x" / "$long"; do
      run_timeout --separate-stderr "$CH/$prog" -q "$name"
      assert_equal "$status" 2
      [[ $stderr == *"usage: $prog"* ]] || fail "no usage for '$name': $stderr"
    done
  done
  run_timeout --separate-stderr "$CH/server" -q ipc-demo
  [[ $stderr == "server: queue name 'ipc-demo' must start with '/' (a queue name is not a file path)"* ]] || fail "$stderr"
  run_timeout --separate-stderr "$CH/client" -q "$IPC_NAME/x"
  [[ $stderr == "client: queue name '$IPC_NAME/x' must not contain a second '/'"* ]] || fail "$stderr"
  run_timeout --separate-stderr "$CH/server" -q "$long"
  [[ $stderr == "server: queue name is too long: 256 characters after the '/', at most 244 (NAME_MAX 255, less 11 for the reply queues' \".PID\")"* ]] || fail "$stderr"
}

@test "05-mqueue: a 244-character queue name works end to end (its reply queues still fit in NAME_MAX)" {
  local name=$IPC_NAME-
  while [ ${#name} -lt 245 ]; do name+=x; done # '/' + 244 글자
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

@test "05-mqueue: malformed messages are dropped; the server answers the next client" {
  mq_server
  local raw
  for raw in garbage '' '0 zero pid' '12x no space' '-nospace'; do
    mq_client -R -- "$raw"
    assert_success
  done
  mq_client ok
  assert_success
  assert_line 'client: reply "OK"'
  run cat server.log
  assert_line 'server: malformed message: "garbage" (7 bytes, prio 0): no "PID " or "- " in front, dropped'
  assert_line 'server: malformed message: "" (0 bytes, prio 0): no "PID " or "- " in front, dropped'
  assert_line 'server: malformed message: "0 zero pid" (10 bytes, prio 0): no "PID " or "- " in front, dropped'
  assert_line 'server: malformed message: "12x no space" (12 bytes, prio 0): no "PID " or "- " in front, dropped'
  assert_line 'server: malformed message: "-nospace" (8 bytes, prio 0): no "PID " or "- " in front, dropped'
  stop_server_cleanly
}

@test "05-mqueue: a request from a pid that has no reply queue is dropped (ENOENT); the server serves on" {
  mq_server
  mq_client -R '999999999 anyone there?'
  assert_success
  mq_client ok
  assert_success
  run cat server.log
  assert_line "server: request from pid 999999999: \"anyone there?\" (23 bytes, prio 0) -> no reply: mq_open $IPC_NAME.999999999: No such file or directory (client gone)"
  stop_server_cleanly
}

# --- 고장 ----------------------------------------------------------------------------------

@test "05-mqueue: server killed by SIGKILL mid-conversation: the client reports it at its deadline and exits 1" {
  local mq
  mq_server -H # 요청을 받아 두기만 하는 server
  wait_for_line server.log '^server: holding'
  start_client client.log -t 1 'are you there?'
  wait_for_line client.log '^client: sent' "$CLIENT_PID"
  local t0=$EPOCHREALTIME
  stop_server KILL
  wait_exit "$CLIENT_PID"
  local ms=$(((${EPOCHREALTIME/./} - ${t0/./}) / 1000))
  assert_equal "$EXIT_STATUS" 1
  run cat client.log
  assert_line 'client: mq_timedreceive: Connection timed out (no reply within 1 s: is the server still running?)'
  [ "$ms" -lt 5000 ] || fail "the client took $ms ms"
  # 죽은 server 는 큐를 지우지 못했다 (다음 테스트 참고). 여기서 치운다.
  mq=$(mqueue_dir) || skip 'no /dev/mqueue to clean up'
  rm "$mq/${IPC_NAME#/}"
  assert_nothing_left
}

@test "05-mqueue: a client killed by SIGKILL while waiting: the server carries on; its reply queue is left behind" {
  local mq
  mq=$(mqueue_dir) || skip 'no /dev/mqueue here'
  mq_server -H
  wait_for_line server.log '^server: holding'
  start_client client.log lost
  wait_for_line client.log '^client: sent' "$CLIENT_PID"
  local a=$CLIENT_PID
  stop_server KILL "$a"
  assert_equal "$EXIT_STATUS" 137
  kill -USR1 "$SERVER_PID"
  wait_for_line server.log '^server: drained '
  # server 는 client 가 죽은 줄 모른다: 응답 큐가 남아 있으니 답은 그 안에 들어간다.
  run cat server.log
  assert_line "server: request from pid $a: \"lost\" ($((${#a} + 5)) bytes, prio 0) -> replied \"LOST\""
  run cat "$mq/${IPC_NAME#/}.$a"
  assert_output --regexp '^QSIZE:4 '
  mq_client ok
  assert_success
  rm "$mq/${IPC_NAME#/}.$a"
  stop_server_cleanly
}

@test "05-mqueue: SIGTERM or SIGINT to a waiting client: it removes its reply queue and exits 0" {
  local sig
  mq_server -H
  wait_for_line server.log '^server: holding'
  for sig in TERM INT; do
    start_client "client-$sig.log" "bye-$sig"
    wait_for_line "client-$sig.log" '^client: sent' "$CLIENT_PID"
    wait_state "$CLIENT_PID" S # mq_timedreceive 안에서 자고 있다
    local a=$CLIENT_PID
    stop_server "$sig" "$a"
    assert_equal "$EXIT_STATUS" 0
    run cat "client-$sig.log"
    assert_line "client: SIG$sig: removing reply queue $IPC_NAME.$a"
  done
  # 두 요청은 큐에 남아 있다: 보류를 풀면 server 는 응답 큐가 없음을 (ENOENT) 알고 넘어간다.
  kill -USR1 "$SERVER_PID"
  wait_for_line server.log '^server: drained 2,'
  run grep -c 'No such file or directory (client gone)' server.log
  assert_output 2
  stop_server_cleanly
}

@test "05-mqueue: SIGINT and SIGTERM stop the server cleanly, while receiving and while holding" {
  local sig hold
  for sig in INT TERM; do
    for hold in '' -H; do
      # shellcheck disable=SC2086  # hold 는 비어 있을 수 있다
      mq_server $hold
      # 잠든(S) 뒤에 보낸다: 받는 중이면 mq_timedreceive 안, 보류 중이면 sigsuspend 안이다.
      # (그 전에 보내면 "플래그 확인 → 받기" 틈에 걸려 TICK_SECONDS 뒤에야 끝날 수 있다.)
      wait_state "$SERVER_PID" S
      stop_server_cleanly "$sig"
      run cat server.log
      assert_line "server: SIG$sig: removed $IPC_NAME"
    done
  done
}
