#!/usr/bin/env bats
# 05-mqueue 연습 2의 채점기: make exercise EX=05-mqueue/2 (tools/exercise.sh가 부른다).
# 학생의 프로그램은 "$EX_BIN/server", "$EX_BIN/client"다. 검사 하나가 @test 하나다.
#
# | 검사                                              | 어느 TODO를 보나                              |
# |---------------------------------------------------|-----------------------------------------------|
# | 준비 줄: mq_maxmsg 10, mq_msgsize 256             | 1 (만들기와 속성)                             |
# | 예제 세 개가 오간다                               | 1 (응답 큐도), 2 (받기), 3 (답하기)           |
# | 받은 바이트 수 = 보낸 바이트 수, prio 0           | 2 (mq_receive가 돌려준 길이와 우선순위)       |
# | SIGKILL 된 server가 남긴 큐: EEXIST, 지우면 뜬다  | 1 (새로 만들 때만)                            |
# | 다른 사용자의 client: EACCES (root일 때만)        | 1 (모드 0600)                                 |
# | SIGINT, SIGTERM, SIGHUP: 상태 0, 큐가 없다        | 4 (이름 지우기)                               |
# 큐 이름은 테스트마다 겹치지 않는다 (IPC_NAME). 큐는 mq_track으로 알려 teardown이 남은 것을 찾아 지운다
# (/dev/mqueue가 마운트되어 있지 않아도 이름으로 찾는다). 기다림은 준비 줄과 server의 줄이다.

# shellcheck disable=SC2154  # stderr는 bats의 run --separate-stderr가 채운다
load "$IPC_TOP/tests/test_helper"

# mq_server: server를 띄우고 준비 줄을 기다린다. 준비 줄 전에 죽으면 로그와 함께 힌트를 준다.
mq_server() {
  mq_track "$IPC_NAME"
  start_server server.log "$EX_BIN/server" -q "$IPC_NAME"
  wait_for_line server.log '^server: ready on ' ||
    hint "server가 준비 줄을 찍지 못했다 ($(tail -n 1 server.log 2>/dev/null)). common.h의 TODO 1: create_queue가 큐를 새로 만들어 여는가? (man 3 mq_open)"
}

# mq_client [client 옵션...]: 이 테스트의 큐로 client를 실행한다. 만든 응답 큐의 이름을 teardown에 알린다.
mq_client() {
  run_timeout --separate-stderr "$EX_BIN/client" -q "$IPC_NAME" "$@"
  local name
  name=$(sed -n 's/^client: reply queue \([^:]*\):.*/\1/p' <<<"$output")
  [ -z "$name" ] || mq_track "$name"
}

# client_ok: 방금 돈 client가 답을 모두 받았는가. 아니면 양쪽의 마지막 줄과 함께 힌트를 준다.
client_ok() {
  [ "$status" -eq 0 ] ||
    hint "${stderr:-client가 상태 $status로 끝났다}. server의 마지막 줄: $(tail -n 1 server.log). 한 TODO씩 채우고 make exercise로 돌려 보라: 어느 호출이 실패했는지가 줄에 있다"
}

# stop_and_check [시그널]: server를 멈추고, 상태 0인지, 큐와 프로세스가 남지 않았는지 본다
stop_and_check() {
  local sig=${1:-TERM}
  stop_server "$sig"
  [ "$EXIT_STATUS" -eq 0 ] || hint "server가 SIG$sig에 상태 $EXIT_STATUS로 끝났다 (0이어야 한다): $(tail -n 1 server.log)"
  [ -z "$(mq_tool exists "$IPC_NAME")" ] ||
    hint "SIG$sig 뒤에도 큐 $IPC_NAME이 남았다. 메시지 큐는 커널에 있어서, 만든 프로세스가 끝나도 이름을 지우기 전까지 남는다 (TODO 4, man 3 mq_unlink, man 7 mq_overview)"
  assert_nothing_left
}

@test "the server's ready line shows the queue it asked for: mq_maxmsg 10, mq_msgsize 256" {
  mq_server
  run cat server.log
  [[ ${lines[0]} == "server: ready on $IPC_NAME (pid $SERVER_PID): mq_maxmsg 10, mq_msgsize 256" ]] ||
    hint "준비 줄은 '${lines[0]}'이다. 이 값은 mq_getattr가 커널에게서 읽은 것이다: 속성을 주지 않으면(NULL) 커널의 기본값이 된다. mq_open의 넷째 인자 (man 3 mq_open, struct mq_attr)"
  stop_and_check
}

@test "the three example requests go to the server and their replies come back" {
  mq_server
  mq_client
  [ "$status" -eq 0 ] ||
    hint "${stderr:-client가 상태 $status로 끝났다}. server의 마지막 줄: $(tail -n 1 server.log). 'Message too long'이면 응답 큐의 속성을 보라 (TODO 1); server가 'mq_receive'나 'mq_send'에서 멈췄다면 TODO 2, 3 (man 3 mq_receive, man 3 mq_send)"
  assert_line 'client: reply "HI"'
  assert_line 'client: reply "MESSAGES KEEP THEIR BOUNDARIES"'
  assert_line 'client: 3 of 3 replies correct'
  wait_for_line server.log 'replied "MESSAGES KEEP THEIR BOUNDARIES"'
  stop_and_check
}

@test "each request arrives whole: the server's byte count is the client's, at priority 0" {
  mq_server
  mq_client a bbbbb cccccccccccc
  client_ok
  local pid=${output#*"$IPC_NAME."}
  pid=${pid%%:*}
  wait_for_line server.log 'replied "CCCCCCCCCCCC"'
  run grep '^server: request' server.log
  [ "$output" = "server: request from pid $pid: \"a\" ($((${#pid} + 2)) bytes, prio 0) -> replied \"A\"
server: request from pid $pid: \"bbbbb\" ($((${#pid} + 6)) bytes, prio 0) -> replied \"BBBBB\"
server: request from pid $pid: \"cccccccccccc\" ($((${#pid} + 13)) bytes, prio 0) -> replied \"CCCCCCCCCCCC\"" ] ||
    hint "server의 줄이 client가 보낸 것과 다르다: $output. 받은 메시지의 길이는 mq_receive가 돌려주는 값이고, 우선순위는 넷째 인자가 가리키는 곳에 커널이 적는다 (TODO 2, man 3 mq_receive)"
  stop_and_check
}

@test "a queue left by a killed server is refused with EEXIST; once removed, the server starts" {
  mq_server
  stop_server KILL # SIGKILL: server는 아무것도 치우지 못한다. 큐가 남는다.
  [ -n "$(mq_tool exists "$IPC_NAME")" ] || hint "SIGKILL 된 server의 큐가 없다: 큐를 정말 만들었는가 (TODO 1)?"
  RUN_TIMEOUT=3 run_timeout --separate-stderr "$EX_BIN/server" -q "$IPC_NAME"
  [ "$status" -eq 1 ] ||
    hint "남은 큐 앞에서 새 server가 상태 $status로 끝났다 (1이어야 한다. 124는 3초 동안 그대로 떠 있었다는 뜻이다). 남은 큐를 조용히 열면 지난 메시지와 옛 속성을 물려받는다: 이미 있으면 실패하게 하는 플래그가 있다 (TODO 1, man 3 mq_open의 O_EXCL)"
  [[ $stderr == "server: mq_open $IPC_NAME: File exists"* ]] || hint "EEXIST(File exists)가 아니다: ${stderr//$'
'/ | }"
  mq_remove "$IPC_NAME" # = rm /dev/mqueue/NAME
  mq_server
  mq_client hi
  client_ok
  stop_and_check
}

@test "the queues have mode 0600: another user's client is refused (EACCES), the server serves on" {
  need_other_user
  mq_server
  run_timeout --separate-stderr "${NOBODY[@]}" "$(nobody_bin_ex client)" -q "$IPC_NAME" hi
  local name
  name=$(sed -n 's/^client: reply queue \([^:]*\):.*/\1/p' <<<"$output")
  [ -z "$name" ] || mq_track "$name"
  [ "$status" -eq 1 ] && [[ $stderr == *'Permission denied'* ]] ||
    hint "다른 사용자(nobody)의 client가 요청 큐를 열었다 (상태 $status). 큐의 모드는 mq_open의 셋째 인자이고, 주인만 읽고 쓰게 하려면? (TODO 1, man 3 mq_open, man 7 mq_overview)"
  mq_client hi
  client_ok
  stop_and_check
}

@test "SIGINT, SIGTERM and SIGHUP stop the server with status 0 and remove its queue" {
  local sig
  for sig in INT TERM HUP; do
    : >server.log
    mq_server
    stop_and_check "$sig"
    run cat server.log
    assert_line "server: SIG$sig: removed $IPC_NAME"
  done
}

# nobody_bin_ex PROG: nobody가 실행할 수 있는 학생 프로그램의 복사본 (EX_BIN은 nobody가 못 들어갈 수 있다)
nobody_bin_ex() {
  local dir=$TEST_TMP/nobody-bin
  mkdir -p "$dir"
  chmod 711 "$TEST_TMP"
  chmod 755 "$dir"
  cp "$EX_BIN/$1" "$dir/$1"
  chmod 755 "$dir/$1"
  echo "$dir/$1"
}
