#!/usr/bin/env bats
# 06-shm 연습 3의 채점기: make exercise EX=06-shm/3 (tools/exercise.sh가 부른다).
# 학생의 프로그램은 "$EX_BIN/server", "$EX_BIN/client"이고, "$EX_BIN/crash_holding_lock"은 학생의 common.h로
# 빌드한 도우미다: ring_lock으로 lock을 쥐고 준비 줄을 찍은 뒤 죽임을 기다린다.
#
# | 검사                                            | 시작 코드 (세마포어)        | 답 (로버스트 뮤텍스)               |
# |-------------------------------------------------|-----------------------------|------------------------------------|
# | 기록 하나                                       | 된다                        | 된다                               |
# | client 셋이 한꺼번에 (lock이 배타인가)          | 된다                        | 된다                               |
# | 쥔 채 죽은 뒤 새 client                          | lock이 0으로 남아 멈춘다    | EOWNERDEAD를 알리고 100개 모두     |
# | 기다리던 client, 그리고 주인이 죽음             | 영원히 기다린다             | 곧바로 깨어 이어 간다              |
# | 두 번 잇달아 죽음                                | 멈춘다                      | 두 번 다 되살린다 (consistent)     |
# | lock을 기다리는 client에 SIGINT                  | 기록 사이에서 멈춘다 (0)    | 같다: TICK마다 플래그를 본다       |
# | SIGTERM                                         | 상태 0, 객체를 지운다       | 같다                               |
# 기다림은 모두 준비 줄, 결과 줄, /proc의 상태(S)다. 고정된 sleep은 없다.
# 잡지 못하는 것: PTHREAD_PROCESS_SHARED를 빠뜨린 뮤텍스. 리눅스 glibc에서는 잠금 자체는 공유 메모리의
# 원자 연산이라 되고, 다른 프로세스의 unlock이 잠든 쪽을 깨우지 못할 뿐이다. 잠든 쪽은 TICK(1초)에 깨어
# 다시 쥐므로 느려질 뿐 틀리지 않는다. 그것을 잡으려면 시간을 재야 해서 (부하에 흔들린다) 검사하지 않는다.

# shellcheck disable=SC2154  # stderr는 bats의 run --separate-stderr가 채운다
load "$IPC_TOP/tests/test_helper"

# shellcheck disable=SC2034  # test_helper의 run_timeout이 읽는다
RUN_TIMEOUT=6 # lock에서 멈춘 client는 6초 뒤에 끊는다 (맞는 답은 곧바로 끝난다)

RECOVERED="client: the lock's last owner died holding it: recovered (EOWNERDEAD)"

shm_file() { echo "/dev/shm/${IPC_NAME#/}"; }

shm_server() {
  start_server server.log "$EX_BIN/server" -n "$IPC_NAME"
  wait_for_line server.log '^server: ready on ' ||
    hint "server가 준비되지 못했다: $(tail -n 1 server.log). ring_lock_init이 돌려준 오류 번호를 보라 (man 3 pthread_mutex_init)"
}

# start_bg 로그 프로그램 [인자...]: 배경에서 띄운다 → BG_PID (SERVER_PID는 그대로 둔다)
start_bg() {
  local log=$1 spid=$SERVER_PID slog=$SERVER_LOG
  shift
  start_server "$log" "$@"
  BG_PID=$SERVER_PID
  SERVER_PID=$spid SERVER_LOG=$slog
}

# crash_holding_lock: 도우미가 lock을 쥐고 준비 줄을 찍은 뒤 SIGKILL 한다 (lock을 쥔 채 죽는다)
crash_holding_lock() {
  start_bg crash.log "$EX_BIN/crash_holding_lock" -n "$IPC_NAME"
  local helper=$BG_PID
  wait_for_line crash.log '^crash_holding_lock: pid [0-9]+ holds the lock' "$helper"
  kill -KILL "$helper"
  wait_exit "$helper"
  assert_equal "$EXIT_STATUS" 137
}

wait_state() {
  local tries=$((WAIT_TIMEOUT * 50))
  until [ "$(proc_state "$1")" = "$2" ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $1 never reached state $2 (now $(proc_state "$1"))"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

@test "one record goes through the ring (the lock works without a crash)" {
  shm_server
  run_timeout --separate-stderr "$EX_BIN/client" -n "$IPC_NAME" hello
  [ "$status" -eq 0 ] || hint "client: ${stderr:-상태 $status}. lock은 풀린 채로 시작해야 한다 (man 3 pthread_mutex_init)"
  assert_output "client: sent 1 of 1 records to $IPC_NAME: \"hello\""
  wait_for_line server.log '1 of 1 records, in order, checksums ok: "hello"$'
  stop_server_cleanly
}

@test "three clients at once: every record of each arrives once and in order (the lock still excludes)" {
  local p pids=()
  shm_server
  for p in 1 2 3; do
    start_bg "client$p.log" "$EX_BIN/client" -n "$IPC_NAME" -c 500 "producer $p"
    pids+=("$BG_PID")
  done
  for p in 1 2 3; do
    wait_exit "${pids[p - 1]}" || hint "client $p: 끝나지 않았다. 다른 프로세스가 같은 뮤텍스를 잠그려면 뮤텍스가 공유 메모리 안에 있고 프로세스 공유 속성이어야 한다 (man 3 pthread_mutexattr_setpshared)"
    assert_equal "$EXIT_STATUS" 0
    wait_for_line server.log "^server: pid ${pids[p - 1]}: 500 of 500 records, in order, checksums ok: \"producer $p\"$" ||
      hint "client $p의 기록이 빠지거나 겹쳤다: 두 client가 한꺼번에 head를 썼다. lock이 정말 한 번에 하나만 들이는가?"
  done
  stop_server_cleanly
}

@test "after a client is killed holding the lock, the next client recovers it, says so, and sends every record" {
  shm_server
  crash_holding_lock
  run_timeout --separate-stderr "$EX_BIN/client" -n "$IPC_NAME" -c 100 after
  [ "$status" -ne 124 ] || hint "client가 lock을 기다리다 끊겼다. 세마포어는 누가 값을 내렸는지 모른다: 쥔 프로세스가 죽어도 값은 0으로 남는다. 주인을 기억하고, 주인이 죽으면 다음 주인에게 알려 주는 잠금이 있다 (man 3 pthread_mutexattr_setrobust)"
  [ "$status" -eq 0 ] || hint "client가 상태 $status로 끝났다: $stderr. EOWNERDEAD는 '쥐었다, 그러나 앞의 주인이 죽었다'는 뜻이다: 지키던 자료를 고친 뒤 고쳤다고 알려야 다시 쓸 수 있다 (man 3 pthread_mutex_consistent)"
  [[ $output == *"$RECOVERED"* ]] || hint "client가 되살린 것을 알리지 않았다: ring_lock이 EOWNERDEAD를 받았을 때 *recovered를 1로 하라 (README)"
  assert_line "client: sent 100 of 100 records to $IPC_NAME: \"after\""
  wait_for_line server.log '100 of 100 records, in order, checksums ok: "after"$'
  stop_server_cleanly
}

@test "a client already waiting for the lock wakes up when the holder is killed" {
  shm_server
  start_bg holder.log "$EX_BIN/crash_holding_lock" -n "$IPC_NAME"
  local holder=$BG_PID
  wait_for_line holder.log '^crash_holding_lock: pid [0-9]+ holds the lock' "$holder"
  start_bg client.log "$EX_BIN/client" -n "$IPC_NAME" -c 20 waiting
  local client=$BG_PID
  wait_state "$client" S # lock을 기다리며 잔다
  kill -KILL "$holder"
  wait_exit "$holder"
  wait_exit "$client" || hint "lock을 기다리던 client가 주인이 죽은 뒤에도 깨지 않았다. 로버스트 뮤텍스라면 커널이 주인의 죽음을 뮤텍스에 적고 기다리는 쪽을 깨운다 (man 2 set_robust_list, man 3 pthread_mutexattr_setrobust)"
  assert_equal "$EXIT_STATUS" 0
  run cat client.log
  assert_line "$RECOVERED"
  wait_for_line server.log '20 of 20 records, in order, checksums ok: "waiting"$'
  stop_server_cleanly
}

@test "the lock survives two crashes in a row" {
  shm_server
  local round
  for round in 1 2; do
    crash_holding_lock
    run_timeout --separate-stderr "$EX_BIN/client" -n "$IPC_NAME" -c 50 "round $round"
    [ "$status" -ne 124 ] || hint "$round번째 죽음 뒤에 client가 lock을 기다리다 끊겼다: 주인이 죽은 lock이 풀리지 않는다 (man 3 pthread_mutexattr_setrobust)"
    [ "$status" -eq 0 ] || hint "$round번째 죽음 뒤에 client가 실패했다 (상태 $status: $stderr). 되살린 뮤텍스를 '고쳤다'고 알리지 않고 풀면 ENOTRECOVERABLE이 되어 다시 쥘 수 없다 (man 3 pthread_mutex_consistent)"
    wait_for_line server.log "50 of 50 records, in order, checksums ok: \"round $round\"$"
  done
  stop_server_cleanly
}

@test "SIGINT to a client waiting for a held lock stops it between records with status 0" {
  shm_server
  start_bg holder.log "$EX_BIN/crash_holding_lock" -n "$IPC_NAME"
  local holder=$BG_PID
  wait_for_line holder.log '^crash_holding_lock: pid [0-9]+ holds the lock' "$holder"
  start_bg client.log "$EX_BIN/client" -n "$IPC_NAME" -c 5 patient
  local client=$BG_PID
  wait_state "$client" S
  kill -INT "$client"
  wait_exit "$client" || hint "SIGINT를 받은 client가 lock을 기다리며 계속 잔다. 시그널 핸들러는 플래그만 세운다: lock을 기다리는 호출이 늦어도 TICK마다 돌아와야 플래그를 본다 (man 3 pthread_mutex_timedlock)"
  assert_equal "$EXIT_STATUS" 0
  run cat client.log
  assert_output 'client: SIGINT: stopped after 0 of 5 records'
  kill -KILL "$holder"
  wait_exit "$holder"
  stop_server_cleanly
}

@test "SIGTERM stops the server with status 0 and removes /dev/shm/NAME" {
  shm_server
  stop_server_cleanly TERM
  run cat server.log
  assert_line "server: SIGTERM: 0 records, 0 client(s) unfinished; removed $IPC_NAME"
  [ ! -e "$(shm_file)" ] || fail "$(shm_file) is still there"
}
