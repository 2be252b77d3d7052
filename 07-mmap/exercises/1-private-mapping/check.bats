#!/usr/bin/env bats
# 07-mmap 연습 1의 채점기: make exercise EX=07-mmap/1 (tools/exercise.sh가 부른다).
# 학생의 프로그램은 "$EX_BIN/server", "$EX_BIN/client"다. 검사 하나가 @test 하나다.
#
# | 검사                                        | 고치기 전 (시작 코드)                        | 고친 뒤                   |
# |---------------------------------------------|----------------------------------------------|---------------------------|
# | client가 소식을 읽는다                      | "no magic yet": server의 쓰기가 파일에 없다  | update N: "tick N"        |
# | 틱마다 번호가 는다                          | 읽지 못한다                                  | 번호가 늘고 글과 맞는다   |
# | client -w 의 답장                           | server가 알리지 않는다                       | reply 1 from pid ...      |
# | SIGTERM 뒤의 파일                           | 0으로 찬 156바이트                           | 마지막 소식과 답장        |
# | 이미 있는 파일 (O_EXCL)                     | 거절한다                                     | 같다                      |
# | SIGINT                                      | 상태 0, 파일이 남는다                        | 같다                      |
# 기다림은 모두 준비 줄, server의 줄, 파일의 내용이다. 고정된 sleep은 없다.

# shellcheck disable=SC2154  # stderr는 bats의 run --separate-stderr가 채운다
load "$IPC_TOP/tests/test_helper"

PRIVATE_HINT="server가 매핑에 쓴 것이 파일에도, 같은 파일을 매핑한 다른 프로세스에도 닿지 않는다. mmap의 넷째 인자가 '내 사본'인지 '모두의 페이지'인지 보라 (man 2 mmap, 07-mmap/experiments/private_vs_shared)"

# start: 지금 디렉터리(TEST_TMP)의 demo.map으로, 10 ms 틱으로 server를 띄운다
start() {
  start_server server.log "$EX_BIN/server" -i 10
  wait_for_line server.log '^server: ready: '
}

# u32 FILE OFFSET: 파일의 OFFSET에 있는 4바이트 부호 없는 정수
u32() { od -An -tu4 -j "$2" -N 4 "$1" | tr -d ' '; }

# slot_text FILE BASE: 칸(news 4, reply 80)의 글: 길이는 BASE+8, 글은 BASE+12부터
slot_text() {
  dd if="$1" bs=1 skip=$(($2 + 12)) count="$(u32 "$1" $(($2 + 8)))" status=none
}

update_number() {
  sed -n 's/^client: update \([0-9]*\) from pid .*/\1/p' <<<"$output"
}

@test "the client reads the server's update through its own mapping" {
  start
  run_timeout --separate-stderr "$EX_BIN/client"
  [ "$status" -eq 0 ] || hint "($stderr) $PRIVATE_HINT"
  assert_output --regexp "^client: update ([0-9]+) from pid $SERVER_PID: \"tick \\1\"$"
  stop_server_cleanly
}

@test "updates advance with each tick, and number and text always agree" {
  start
  run_timeout --separate-stderr "$EX_BIN/client"
  [ "$status" -eq 0 ] || hint "($stderr) $PRIVATE_HINT"
  local first last tries=500
  first=$(update_number)
  last=$first
  while [ "$last" -le $((first + 3)) ]; do
    run_timeout "$EX_BIN/client"
    assert_output --regexp "^client: update ([0-9]+) from pid $SERVER_PID: \"tick \\1\"$"
    last=$(update_number)
    [ $((tries -= 1)) -gt 0 ] || fail "the update number stayed at $last"
  done
  stop_server_cleanly
}

@test "a reply written with client -w reaches the running server through memory" {
  start
  run_timeout --separate-stderr "$EX_BIN/client" -w hello
  [ "$status" -eq 0 ] || hint "(client -w: $stderr) $PRIVATE_HINT"
  assert_line --index 1 'client: reply 1 written: "hello"'
  wait_for_line server.log '^server: reply 1 from pid [0-9]+: "hello"$' ||
    hint "client는 답장을 파일의 페이지에 썼는데 server가 보지 못했다. $PRIVATE_HINT"
  stop_server_cleanly
}

@test "after SIGTERM the file holds the last news and the last reply, and the client still reads it" {
  start
  run_timeout "$EX_BIN/client" -w 'kept in the file'
  stop_server_cleanly TERM
  local ticks
  ticks=$(sed -n 's/^server: SIGTERM: stopping after \([0-9]*\) ticks$/\1/p' server.log)
  [ -n "$ticks" ] || fail "no 'stopping after N ticks' line: $(cat server.log)"
  [ "$(slot_text demo.map 4)" = "stopped after $ticks ticks" ] ||
    hint "server가 끝난 뒤 파일의 news 칸이 '$(slot_text demo.map 4)'다. msync는 MAP_SHARED 매핑의 페이지만 파일에 내린다: 내 사본은 파일에 가지 않는다 (man 2 msync, man 2 mmap)"
  assert_equal "$(slot_text demo.map 80)" 'kept in the file'
  run_timeout "$EX_BIN/client"
  assert_success
  assert_output "client: update $((ticks + 1)) from pid $SERVER_PID: \"stopped after $ticks ticks\""
}

@test "the server refuses an existing file (O_EXCL) and leaves it untouched" {
  printf 'not yours' >demo.map
  run_timeout --separate-stderr "$EX_BIN/server" -i 10
  assert_failure 1
  [[ $stderr == *'open demo.map: File exists'* ]] || fail "$stderr"
  assert_equal "$(cat demo.map)" 'not yours'
}

@test "SIGINT stops the server with status 0 and keeps the file" {
  start
  stop_server_cleanly INT
  run cat server.log
  assert_line --regexp '^server: SIGINT: stopping after [0-9]+ ticks$'
  [ -f demo.map ] || fail "demo.map is gone"
  [ "$(u32 demo.map 0)" = 1885433197 ] || hint "server가 끝난 뒤 파일에 magic이 없다 (0x70616d6d여야 한다). $PRIVATE_HINT"
}
