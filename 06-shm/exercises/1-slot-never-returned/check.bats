#!/usr/bin/env bats
# 06-shm 연습 1의 채점기: make exercise EX=06-shm/1 (tools/exercise.sh가 부른다).
# 학생의 프로그램은 "$EX_BIN/server", "$EX_BIN/client"다. 검사 하나가 @test 하나다.
#
# | 검사                                  | 고치기 전 (시작 코드)                  | 고친 뒤                      |
# |---------------------------------------|----------------------------------------|------------------------------|
# | 기록 하나                             | 된다                                   | 된다                         |
# | 16개를 다 꺼낸 뒤의 17번째 기록       | 빈 칸이 없다며 잠든다 (시간 초과)      | 곧바로 들어간다              |
# | client 하나가 1000개                  | 16개 뒤에 멈춘다                       | 모두, 순서대로               |
# | client 셋이 한꺼번에                  | 멈춘다                                 | 모두, 순서대로               |
# | 멈춘 server: 빈 칸만큼만 넣고 잔다    | 빈 칸을 0개로 본다 (head 16)           | 꺼낸 16칸을 다시 쓴다 (head 32) |
# | SIGTERM                               | 상태 0, 객체를 지운다                  | 같다                         |
# 기다림은 모두 준비 줄, server의 결과 줄, /proc의 상태(S, T)다. 고정된 sleep은 없다.

# shellcheck disable=SC2154  # stderr는 bats의 run --separate-stderr가 채운다
load "$IPC_TOP/tests/test_helper"

# shellcheck disable=SC2034  # test_helper의 run_timeout이 읽는다
RUN_TIMEOUT=5 # 멈추는 client는 5초 뒤에 끊는다 (맞는 답은 1초도 걸리지 않는다)

shm_file() { echo "/dev/shm/${IPC_NAME#/}"; }

shm_server() {
  start_server server.log "$EX_BIN/server" -n "$IPC_NAME"
  wait_for_line server.log '^server: ready on '
}

# start_client 로그 [client 옵션...]: 배경의 client → CLIENT_PID (SERVER_PID는 그대로 둔다)
start_client() {
  local log=$1 spid=$SERVER_PID slog=$SERVER_LOG
  shift
  start_server "$log" "$EX_BIN/client" -n "$IPC_NAME" "$@"
  CLIENT_PID=$SERVER_PID
  SERVER_PID=$spid SERVER_LOG=$slog
}

# ring_head: 고리의 head (지금까지 넣은 기록 수): struct ring의 바이트 20..23
ring_head() { od -An -t u4 -j 20 -N 4 "$(shm_file)" | tr -d ' '; }

# wait_state PID 상태: /proc/PID/stat의 상태가 그것이 될 때까지 (T = 멈춤, S = 잠듦)
wait_state() {
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(proc_state "$1")" = "$2" ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $1 never reached state $2 (now $(proc_state "$1"))"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

@test "one record goes from the client to the server, in order with its checksum" {
  shm_server
  run_timeout --separate-stderr "$EX_BIN/client" -n "$IPC_NAME" hello
  assert_success
  wait_for_line server.log '1 of 1 records, in order, checksums ok: "hello"$'
  stop_server_cleanly
}

@test "after the server has emptied a full ring, a 17th record goes in without waiting" {
  shm_server
  run_timeout --separate-stderr "$EX_BIN/client" -n "$IPC_NAME" -c 16 sixteen
  assert_success
  wait_for_line server.log '16 of 16 records, in order, checksums ok: "sixteen"$'
  # 고리는 이제 비었다: 16칸이 모두 빈 칸이어야 한다
  run_timeout --separate-stderr "$EX_BIN/client" -n "$IPC_NAME" one-more
  [ "$status" -eq 0 ] || hint "client가 빈 칸을 기다리다 끊겼다 (상태 $status). spaces는 빈 칸의 수다: client는 넣기 전에 하나 가져간다. 칸을 비운 쪽이 그 수를 돌려주지 않으면 16개 뒤에는 빈 칸이 없다 (man 3 sem_post, common.h의 struct ring)"
  wait_for_line server.log '1 of 1 records, in order, checksums ok: "one-more"$'
  stop_server_cleanly
}

@test "1000 records from one client arrive complete and in order" {
  shm_server
  run_timeout --separate-stderr "$EX_BIN/client" -n "$IPC_NAME" -c 1000 tick
  [ "$status" -eq 0 ] || hint "1000개를 다 넣지 못했다 (상태 $status). 16칸짜리 고리는 server가 꺼낸 칸을 client에게 다시 내주어야 돈다: 생산자-소비자에서 세마포어 둘이 각각 무엇을 세는지 보라 (man 7 sem_overview)"
  wait_for_line server.log '1000 of 1000 records, in order, checksums ok: "tick"$'
  stop_server_cleanly
  run cat server.log
  refute_line --partial dropped
}

@test "three clients at once: every record of each arrives once and in order" {
  local p pids=()
  shm_server
  for p in 1 2 3; do
    start_client "client$p.log" -c 500 "producer $p"
    pids+=("$CLIENT_PID")
  done
  for p in 1 2 3; do
    wait_exit "${pids[p - 1]}" || hint "client $p: 끝나지 않았다: 빈 칸을 기다리며 잠들어 있다. 여러 client가 16칸을 번갈아 쓰려면 꺼낸 칸이 빈 칸으로 돌아와야 한다 (man 3 sem_post)"
    [ "$EXIT_STATUS" -eq 0 ] || hint "client $p: 상태 $EXIT_STATUS로 끝났다. 여러 client가 16칸을 번갈아 쓰려면 꺼낸 칸이 빈 칸으로 돌아와야 한다 (man 3 sem_post)"
    wait_for_line server.log "^server: pid ${pids[p - 1]}: 500 of 500 records, in order, checksums ok: \"producer $p\"$"
  done
  stop_server_cleanly
  run cat server.log
  refute_line --partial dropped
}

@test "with the server stopped, a client fills exactly the free slots and sleeps; the rest follow after SIGCONT" {
  shm_server
  run_timeout --separate-stderr "$EX_BIN/client" -n "$IPC_NAME" -c 16 first
  assert_success
  wait_for_line server.log '16 of 16 records, in order, checksums ok: "first"$'
  # server는 16칸을 모두 꺼냈다. 멈춰 두면 client는 빈 칸 16개를 채운 뒤 잠들어야 한다: head 16 + 16 = 32
  kill -STOP "$SERVER_PID"
  wait_state "$SERVER_PID" T
  start_client client.log -c 100 second
  wait_state "$CLIENT_PID" S
  local head
  head=$(ring_head)
  [ "$head" = 32 ] || hint "멈춘 server 앞에서 client는 head $head에서 잠들었다 (32여야 한다: 꺼낸 16칸이 빈 칸이다). 세마포어 spaces의 값은 언제나 빈 칸의 수와 같아야 한다: 꺼낸 기록 하나에 빈 칸 하나 (man 3 sem_post)"
  kill -CONT "$SERVER_PID"
  wait_exit "$CLIENT_PID"
  assert_equal "$EXIT_STATUS" 0
  wait_for_line server.log '100 of 100 records, in order, checksums ok: "second"$'
  stop_server_cleanly
}

@test "SIGTERM stops the server with status 0 and removes /dev/shm/NAME" {
  shm_server
  [ -e "$(shm_file)" ] || fail "no $(shm_file) while the server runs"
  stop_server_cleanly TERM
  run cat server.log
  assert_line "server: SIGTERM: 0 records, 0 client(s) unfinished; removed $IPC_NAME"
  [ ! -e "$(shm_file)" ] || hint "SIGTERM 뒤에도 $(shm_file)가 남았다: 이름은 shm_unlink 해야 사라진다 (man 3 shm_unlink)"
}
