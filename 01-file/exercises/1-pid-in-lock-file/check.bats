#!/usr/bin/env bats
# 01-file 연습 1의 채점기: make exercise EX=01-file/1 이 부른다 (tools/exercise.sh).
# 학생의 server와 (그대로 둔) client를 "$EX_BIN"에서 부른다. 모든 검사는 테스트마다의 임시 디렉터리에서
# 기본 이름(./demo.spool, ./demo.data)으로 돈다.

# shellcheck disable=SC2154  # $stderr 는 bats 의 run --separate-stderr 가 채운다
load "$IPC_TOP/tests/test_helper"

# start_file_server: server를 10 ms 간격으로 띄우고 준비 줄을 기다린다. PID는 SRV에.
start_file_server() {
  start_server server.log "$EX_BIN/server" -i 10
  SRV=$SERVER_PID
  wait_for_line server.log '^server: ready on \./demo\.spool \(pid [0-9]+\)$' "$SRV" ||
    hint "server가 준비 줄을 찍지 못했다: $(cat server.log)"
}

# holds_spool_lock PID: PID가 demo.spool/server.lock의 inode에 쓰기 잠금을 쥐고 있는가 (/proc/locks의 한 줄:
# "1: POSIX  ADVISORY  WRITE 1234 fe:00:5678 0 EOF", 기다리는 요청은 "->"가 붙는다)
holds_spool_lock() {
  local ino
  ino=$(stat -c %i demo.spool/server.lock 2>/dev/null) || return 1
  grep -qE "^[0-9]+: POSIX +ADVISORY +WRITE +$1 +[0-9a-f]+:[0-9a-f]+:$ino " /proc/locks
}

LOCK_HINT="server.lock에 PID를 적은 뒤로 server의 잠금이 사라졌다. fcntl 레코드 잠금의 주인은 fd가 아니라 (프로세스, 파일)이다: 그 파일을 가리키는 fd를 아무거나 하나 닫으면 무엇이 풀리는가? (man 2 fcntl의 'Advisory record locking', 01장 NOTES 1.3절과 6절 ①)"

@test "a client finds the running server and gets its reply" {
  start_file_server
  run_timeout --separate-stderr "$EX_BIN/client" send hello
  [ "$status" -eq 0 ] || hint "client가 답을 받지 못했다 (상태 $status: $stderr). client는 server.lock의 잠금을 F_GETLK로 물어 server가 살아 있는지 안다. $LOCK_HINT"
  [[ $output == *'client: reply: "ticket 1: hello"'* ]] || hint "답이 틀렸다: $output"
  stop_server_cleanly
}

@test "server.lock holds the server's PID while it runs" {
  start_file_server
  [ "$(cat demo.spool/server.lock)" = "$SRV" ] ||
    hint "server.lock에 server의 PID 한 줄이 있어야 한다 (지금: '$(cat demo.spool/server.lock)'). PID를 적는 기능은 없애지 말고 고쳐라"
  stop_server_cleanly
}

@test "the server keeps its write lock on server.lock the whole time" {
  start_file_server
  holds_spool_lock "$SRV" || hint "준비 줄을 찍은 server가 server.lock에 쓰기 잠금을 쥐고 있지 않다 (/proc/locks에 그 PID의 줄이 없다). $LOCK_HINT"
  # 요청 몇 개가 오간 뒤에도 그대로다
  local i
  for i in 1 2 3; do
    run_timeout "$EX_BIN/client" send "again $i"
    [ "$status" -eq 0 ] || hint "client $i가 답을 받지 못했다: $output"
  done
  holds_spool_lock "$SRV" || hint "요청이 오간 뒤 server의 잠금이 사라졌다. $LOCK_HINT"
  # 닫지 않고 남겨 둔 두 번째 fd는 잠금을 지키지만, 언젠가 닫히는 순간 같은 버그가 된다: 파일마다 fd 하나
  local n=0 fd
  for fd in /proc/"$SRV"/fd/*; do
    [ "$(readlink "$fd")" = "$TEST_TMP/demo.spool/server.lock" ] && n=$((n + 1))
  done
  [ "$n" -eq 1 ] || hint "server가 server.lock을 fd $n개로 열어 두었다. 하나만 남겨라: 나머지 하나가 닫히는 순간 잠금이 풀린다. 이미 잠금을 쥔 fd로 쓸 수는 없는가?"
  stop_server_cleanly
}

@test "a second server on the same spool is refused and names the first" {
  start_file_server
  run_timeout --separate-stderr "$EX_BIN/server"
  [ "$status" -eq 1 ] || hint "두 번째 server가 상태 $status로 끝났다 (1이어야 한다): $stderr"
  [ "$stderr" = "server: ./demo.spool is in use by server pid $SRV" ] ||
    hint "두 번째 server는 첫 server가 살아 있다는 것을 알아야 한다 (지금: '$stderr'). 살아 있는 server는 server.lock의 잠금을 쥐고 있어야 한다. $LOCK_HINT"
  alive "$SRV" || hint "두 번째 server 때문에 첫 server가 끝났다"
  run_timeout "$EX_BIN/client" send still-here
  [ "$status" -eq 0 ] || hint "두 번째 server가 거절된 뒤 client가 답을 받지 못했다: $output"
  stop_server_cleanly
}

@test "SIGTERM stops the server: spool removed, counter kept, exit 0" {
  start_file_server
  run_timeout "$EX_BIN/client" send before
  stop_server TERM "$SRV" || hint "SIGTERM을 보냈는데 server가 끝나지 않는다"
  [ "$EXIT_STATUS" -eq 0 ] || hint "SIGTERM에 상태 $EXIT_STATUS로 끝났다 (0이어야 한다): $(cat server.log)"
  [ ! -e demo.spool ] || hint "server가 끝난 뒤에도 demo.spool이 남았다: 만든 것은 끝날 때 지운다"
  [ -e demo.data ] || hint "카운터 demo.data는 남아야 한다"
}
