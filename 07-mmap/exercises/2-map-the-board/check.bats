#!/usr/bin/env bats
# 07-mmap 연습 2의 채점기: make exercise EX=07-mmap/2 (tools/exercise.sh가 부른다).
# 학생의 프로그램은 "$EX_BIN/server", "$EX_BIN/client"다. 검사 하나가 @test 하나다.
#
# | 검사                                                    | 어느 TODO를 보나                          |
# |---------------------------------------------------------|-------------------------------------------|
# | 준비 줄, client가 소식을 읽는다                         | 1 (열기), 2 (크기), 3 (매핑)              |
# | demo.map: 보통 파일, 600, 156바이트                     | 1 (모드), 2 (크기)                        |
# | /proc/PID/maps의 rw-s, /proc/PID/fd에 그 파일이 없다   | 3 (PROT, MAP_SHARED), 4 (close)           |
# | client -w의 답장이 server에 닿는다                      | 1 (O_RDWR), 3 (공유 매핑)                 |
# | 이미 있는 파일: EEXIST, 그대로 둔다                     | 1 (새로 만들 때만)                        |
# | SIGTERM, SIGINT, SIGHUP: 상태 0, msync done, 파일이 남음 | 5 (msync), 6 (munmap)                    |
# 기다림은 모두 준비 줄과 server의 줄이다. 고정된 sleep은 없다.

# shellcheck disable=SC2154  # stderr는 bats의 run --separate-stderr가 채운다
load "$IPC_TOP/tests/test_helper"

# start: 지금 디렉터리(TEST_TMP)의 demo.map으로, 10 ms 틱으로 server를 띄운다. 준비 줄 전에 죽으면 힌트.
start() {
  start_server server.log "$EX_BIN/server" -i 10
  wait_for_line server.log '^server: ready: ' || {
    local why
    why=$(tail -n 1 server.log 2>/dev/null)
    if wait_exit "$SERVER_PID" && [ "$EXIT_STATUS" -gt 128 ]; then why="시그널 $((EXIT_STATUS - 128))로 죽었다, 상태 $EXIT_STATUS"; fi
    hint "server가 준비 줄을 찍지 못했다 ($why). 열기(open) → 크기(ftruncate) → 매핑(mmap) 순서로, 빈 TODO가 없는지 보라. 상태 135(SIGBUS)로 죽었다면 크기 0인 파일의 페이지를 만진 것이다 (man 2 ftruncate, man 2 mmap의 SIGBUS)"
  }
}

# stop_and_check [시그널]: server를 멈추고, 상태 0과 "msync done"을 보고, 남은 것이 없는지 본다
stop_and_check() {
  local sig=${1:-TERM}
  stop_server "$sig"
  [ "$EXIT_STATUS" -eq 0 ] ||
    hint "server가 SIG$sig에 상태 $EXIT_STATUS로 끝났다 (0이어야 한다): $(tail -n 1 server.log). 끝내는 길의 TODO 5, 6 (man 2 msync, man 2 munmap)"
  grep -q '^server: msync done; demo.map is kept' server.log || hint "'msync done' 줄이 없다: $(tail -n 1 server.log)"
  assert_nothing_left
}

@test "the server sets up the board, prints its ready line, and the client reads its news" {
  start
  run_timeout --separate-stderr "$EX_BIN/client"
  [ "$status" -eq 0 ] ||
    hint "${stderr:-client가 상태 $status로 끝났다}. client는 server가 만든 파일을 매핑해 읽는다: 파일이 struct board 하나의 크기이고, server가 쓴 것이 그 파일의 페이지로 가는가? (TODO 2, 3)"
  assert_output --regexp "^client: update ([0-9]+) from pid $SERVER_PID: \"tick \\1\"$"
  stop_and_check
}

@test "while the server runs, demo.map is a regular file of mode 600 and exactly 156 bytes" {
  start
  run stat -c '%F %a %s' demo.map
  [ "$output" = "regular file 600 156" ] ||
    hint "파일은 '$output'다 ('regular file 600 156'이어야 한다). 모드는 open의 셋째 인자이고 (man 2 open), 크기는 ftruncate가 정한다 (man 2 ftruncate)"
  stop_and_check
}

@test "the server's mapping is shared and writable (rw-s), and it keeps no fd for the file" {
  start
  local line fd
  line=$(grep -F " $TEST_TMP/demo.map" "/proc/$SERVER_PID/maps")
  [[ $line == *' rw-s '* ]] ||
    hint "/proc/$SERVER_PID/maps의 demo.map 줄: '$line'. 권한 칸이 rw-s여야 한다: r/w는 셋째 인자(PROT_*), 넷째 글자 s/p는 넷째 인자가 정한다 (man 2 mmap, man 5 proc)"
  for fd in /proc/"$SERVER_PID"/fd/*; do
    [ "$(readlink "$fd")" != "$TEST_TMP/demo.map" ] ||
      hint "server가 매핑한 뒤에도 demo.map의 fd(${fd##*/})를 쥐고 있다. 매핑은 fd가 아니라 파일을 붙든다: 다 쓴 fd는 닫는다 (TODO 4, man 2 mmap의 NOTES)"
  done
  stop_and_check
}

@test "a reply written with client -w reaches the running server through memory" {
  start
  run_timeout --separate-stderr "$EX_BIN/client" -w hello
  [ "$status" -eq 0 ] || hint "${stderr:-client -w가 상태 $status로 끝났다}"
  assert_line --index 1 'client: reply 1 written: "hello"'
  wait_for_line server.log '^server: reply 1 from pid [0-9]+: "hello"$' ||
    hint "client가 파일의 페이지에 쓴 답장을 server가 보지 못했다. server의 매핑이 파일의 페이지를 보는가, 자기 사본을 보는가? (man 2 mmap의 MAP_SHARED)"
  stop_and_check
}

@test "an existing file is refused with EEXIST and left untouched" {
  printf 'not yours' >demo.map
  run_timeout --separate-stderr "$EX_BIN/server" -i 10
  [ "$(cat demo.map)" = 'not yours' ] ||
    hint "이미 있던 파일을 server가 고쳐 썼다 (상태 $status). 새로 만들 때만 성공하고, 있으면 EEXIST로 실패하게 하는 플래그가 있다 (man 2 open의 O_EXCL)"
  [ "$status" -eq 1 ] && [[ $stderr == *'open demo.map: File exists'* ]] ||
    hint "server는 'open demo.map: File exists'를 알리고 상태 1로 끝나야 한다. 지금은 상태 $status: ${stderr:-stderr 없음}"
}

@test "SIGTERM, SIGINT and SIGHUP: status 0, msync done, and the file keeps the last news" {
  local sig ticks
  for sig in TERM INT HUP; do
    rm -f demo.map
    : >server.log
    start
    stop_and_check "$sig"
    ticks=$(sed -n "s/^server: SIG$sig: stopping after \\([0-9]*\\) ticks\$/\\1/p" server.log)
    [ -n "$ticks" ] || fail "no 'stopping after N ticks' line: $(cat server.log)"
    run_timeout "$EX_BIN/client"
    assert_success
    assert_output "client: update $((ticks + 1)) from pid $SERVER_PID: \"stopped after $ticks ticks\""
  done
}
