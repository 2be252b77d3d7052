#!/usr/bin/env bats
# 06-shm 연습 2의 채점기: make exercise EX=06-shm/2 (tools/exercise.sh가 부른다).
# 학생의 프로그램은 "$EX_BIN/server", "$EX_BIN/client"다. 검사 하나가 @test 하나다.
#
# | 검사                                   | 어느 TODO를 보나                          |
# |----------------------------------------|-------------------------------------------|
# | 준비 줄, 기록 하나                     | 1-4 모두 (하나라도 빠지면 준비되지 않는다) |
# | /dev/shm/NAME: 보통 파일, 600, 1152    | 1 (모드), 2 (크기)                        |
# | 이미 있는 이름: EEXIST, 그대로 둔다    | 1 (남의 것을 이어 쓰지 않는다)            |
# | 멈춘 server: 16칸만 넣고 잠든다        | 4 (spaces의 처음 값)                      |
# | client 셋이 한꺼번에                   | 3 (보이는 매핑), 4 (lock, 프로세스 공유)  |
# | SIGTERM, SIGINT, SIGHUP                | 5 (이름을 지운다)                         |
# 기다림은 모두 준비 줄, server의 결과 줄, /proc의 상태(S, T)다. 고정된 sleep은 없다.

# shellcheck disable=SC2154  # stderr는 bats의 run --separate-stderr가 채운다
load "$IPC_TOP/tests/test_helper"

RING_SIZE=1152 # sizeof(struct ring)

shm_file() { echo "/dev/shm/${IPC_NAME#/}"; }

# shm_server: server를 띄우고 준비 줄을 기다린다. 준비 줄 전에 죽으면 로그와 함께 힌트를 준다.
shm_server() {
  start_server server.log "$EX_BIN/server" -n "$IPC_NAME"
  wait_for_line server.log '^server: ready on ' ||
    hint "server가 준비 줄을 찍지 못했다 ($(tail -n 1 server.log 2>/dev/null)). 만들기(shm_open) → 크기(ftruncate) → 매핑(mmap) → 세마포어(sem_init) 순서로, 빈 TODO가 없는지 보라. server가 SIGBUS(상태 135)로 죽었다면 크기 0인 객체의 페이지를 만진 것이다 (man 2 ftruncate)"
}

start_client() {
  local log=$1 spid=$SERVER_PID slog=$SERVER_LOG
  shift
  start_server "$log" "$EX_BIN/client" -n "$IPC_NAME" "$@"
  CLIENT_PID=$SERVER_PID
  SERVER_PID=$spid SERVER_LOG=$slog
}

# stop_and_check [시그널]: server를 멈추고, 상태 0인지, 이름과 프로세스가 남지 않았는지 본다
stop_and_check() {
  local sig=${1:-TERM}
  stop_server "$sig"
  [ "$EXIT_STATUS" -eq 0 ] || hint "server가 SIG$sig에 상태 $EXIT_STATUS로 끝났다 (0이어야 한다): $(tail -n 1 server.log)"
  [ ! -e "$(shm_file)" ] || hint "SIG$sig 뒤에도 $(shm_file)가 남았다. 공유 메모리 객체는 커널에 있어서, 만든 프로세스가 끝나도 이름을 지우기 전까지 남는다 (man 3 shm_unlink, man 7 shm_overview)"
  assert_nothing_left
}

ring_head() { od -An -t u4 -j 20 -N 4 "$(shm_file)" | tr -d ' '; }

wait_state() {
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(proc_state "$1")" = "$2" ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $1 never reached state $2 (now $(proc_state "$1"))"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

@test "the server sets up the ring, prints its ready line, and a record goes through" {
  shm_server
  run_timeout --separate-stderr "$EX_BIN/client" -n "$IPC_NAME" hello
  [ "$status" -eq 0 ] || hint "client: ${stderr:-시간 초과 (상태 $status)}. client는 server가 만든 객체를 열어 세마포어를 기다린다: 세마포어의 처음 값을 정했는가 (man 3 sem_init)? server의 쓰기가 client에게 보이는 매핑인가 (man 2 mmap의 MAP_SHARED)?"
  wait_for_line server.log '1 of 1 records, in order, checksums ok: "hello"$'
  stop_and_check
}

@test "while the server runs, /dev/shm/NAME is a regular file of mode 600 holding exactly one ring" {
  shm_server
  run stat -c '%F %a %s' "$(shm_file)"
  [ "$output" = "regular file 600 $RING_SIZE" ] || hint "객체는 '$output'다 ('regular file 600 $RING_SIZE'여야 한다). 모드는 shm_open의 셋째 인자이고 umask가 깎는다 (man 3 shm_open); 크기는 ftruncate가 정한다 (man 2 ftruncate)"
  stop_and_check
}

@test "an existing name is refused with EEXIST and left as it was; so is a second server" {
  printf 'not yours' >"$(shm_file)"
  run_timeout --separate-stderr "$EX_BIN/server" -n "$IPC_NAME"
  [ "$(cat "$(shm_file)")" = 'not yours' ] || hint "이미 있던 객체를 server가 열어 고쳐 썼다 (상태 $status). 새로 만들 때만 성공하고, 있으면 EEXIST로 실패하게 하는 플래그가 있다 (man 2 open의 O_EXCL, man 3 shm_open)"
  [ "$status" -eq 1 ] && [[ $stderr == *'File exists'* ]] || hint "server는 File exists(EEXIST)를 알리고 상태 1로 끝나야 한다. 지금은 상태 $status: ${stderr:-stderr 없음}"
  rm "$(shm_file)"
  shm_server
  run_timeout --separate-stderr "$EX_BIN/server" -n "$IPC_NAME"
  [ "$status" -eq 1 ] || hint "도는 server 옆에서 두 번째 server가 같은 이름으로 떴다 (상태 $status): 남의 고리를 다시 초기화하게 된다 (man 3 shm_open의 O_EXCL)"
  run_timeout --separate-stderr "$EX_BIN/client" -n "$IPC_NAME" still-here
  assert_success
  wait_for_line server.log '"still-here"$'
  stop_and_check
}

@test "with the server stopped, a client fills the 16 free slots and sleeps; the rest follow after SIGCONT" {
  shm_server
  kill -STOP "$SERVER_PID"
  wait_state "$SERVER_PID" T
  start_client client.log -c 100 tick
  wait_state "$CLIENT_PID" S
  local head
  head=$(ring_head)
  [ "$head" = 16 ] || hint "빈 고리에 client가 기록 $head개를 넣고 잠들었다 (16이어야 한다). spaces의 처음 값은 빈 칸의 수다 (man 3 sem_init, common.h의 NSLOTS)"
  kill -CONT "$SERVER_PID"
  wait_exit "$CLIENT_PID"
  assert_equal "$EXIT_STATUS" 0
  wait_for_line server.log '100 of 100 records, in order, checksums ok: "tick"$'
  stop_and_check
}

@test "three clients at once: every record of each arrives once and in order" {
  local p pids=()
  shm_server
  for p in 1 2 3; do
    start_client "client$p.log" -c 500 "producer $p"
    pids+=("$CLIENT_PID")
  done
  for p in 1 2 3; do
    wait_exit "${pids[p - 1]}" || hint "client $p: 10초 안에 끝나지 않았다. 세마포어가 다른 프로세스의 sem_post에 깨려면 공유 메모리 안에 있고, 프로세스 사이에서 쓴다고 sem_init에 알려야 한다 (man 3 sem_init의 pshared)"
    assert_equal "$EXIT_STATUS" 0
    wait_for_line server.log "^server: pid ${pids[p - 1]}: 500 of 500 records, in order, checksums ok: \"producer $p\"$" ||
      hint "client $p의 기록이 빠지거나 겹쳤다: lock의 처음 값은 '한 번에 하나'다 (man 3 sem_init)"
  done
  stop_and_check
  run cat server.log
  refute_line --partial dropped
}

@test "SIGTERM, SIGINT and SIGHUP stop the server with status 0 and remove /dev/shm/NAME" {
  local sig
  for sig in TERM INT HUP; do
    : >server.log
    shm_server
    stop_and_check "$sig"
    run cat server.log
    assert_line "server: SIG$sig: 0 records, 0 client(s) unfinished; removed $IPC_NAME"
  done
}
