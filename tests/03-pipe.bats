#!/usr/bin/env bats
# tests/03-pipe.bats: 익명 파이프 (pipe2, fork, dup2, exec)
#
# 무엇을 시험하는가 (한 줄이 테스트 하나 이상):
# | 종류       | 경우                                                   | 기대                                    |
# |------------|--------------------------------------------------------|-----------------------------------------|
# | 대화       | 기본 세 줄, 직접 준 TEXT                               | 답이 모두 맞고 두 자식 모두 상태 0      |
# | 필터       | 셸 파이프라인 속 client, 마지막 줄에 \n 없음, NUL 바이트 | 줄마다 "N: 대문자", 바이트 그대로       |
# | EOF        | 쓰는 끝이 모두 닫힘 / -k 로 하나를 열어 둠             | client 가 끝남 / 영원히 기다림 (124)    |
# | EPIPE      | client 가 한 줄만 읽고 끝남 (-q 1)                     | writer 가 EPIPE 를 알리고 server 는 1   |
# | SIGPIPE    | 셸 파이프라인에서 읽는 쪽(head)이 먼저 끝남            | client 가 SIGPIPE 로 죽음 (141)         |
# | 용량       | F_GETPIPE_SZ, PIPE_BUF                                 | 65536 이상, getconf PIPE_BUF 와 같음    |
# | 큰 전송    | 파이프 용량의 30배 (server 검사 + 독립 체크섬)          | 모든 바이트가 순서대로                  |
# | 원자성     | writer 4개가 PIPE_BUF 크기 줄을 동시에                 | 섞인 줄 0                               |
# | O_CLOEXEC  | client 가 보는 fd                                      | 직접 실행했을 때와 같다 (여분 fd 없음)  |
# | 잘못된 입력| 모르는 옵션, 숫자 아님, 범위 밖, -w 만, -n+TEXT, 여분 인자 | 사용법을 stderr 에, 상태 2           |
# | 잘못된 입력| 없는 client (127), 폴더인 client (126), 닫힌 stdin     | exec 오류를 알리고 상태 1 / 정상 대화   |
# | 잘못된 입력| 프로토콜 밖의 답을 하는 client, 아주 긴 줄 (1 MB)       | "damaged" 로 세고 1 / 잘리지 않음       |
# | 고장       | client 가 대화 중 SIGKILL                              | server 가 알리고 1, 멈추지 않음         |
# | 고장       | server 가 대화 중 SIGTERM/SIGKILL                      | client 가 EOF 를 보고 스스로 끝남       |
# | 정리       | 파이프는 이름이 없다: 만드는 파일·객체 없음            | 모든 테스트 뒤 teardown 이 확인         |
# SIGINT/SIGTERM: server 에는 지울 이름 있는 객체가 없고 자식들은 EOF/EPIPE 로 끝나므로,
# 기본 동작(종료)이 옳다. 그래서 처리기를 달지 않았고, 위의 "고장" 줄이 그것을 확인한다.

load test_helper

CH=$(chapter_dir 03-pipe)

# --- 대화 ---------------------------------------------------------------------------------

@test "03-pipe: server and client talk through two pipes" {
  run_timeout "$CH/server" -c "$CH/client"
  assert_success
  assert_line --regexp '^server: started client .*/client \(pid [0-9]+\)$'
  assert_line 'server: got "1: HELLO"'
  assert_line 'server: got "2: PIPES ARE ONE-WAY"'
  assert_line 'server: got "3: TWO PIPES MAKE A DUPLEX"'
  assert_line 'server: writer 1 sent 3 lines (48 bytes) and closed its write end'
  assert_line 'server: EOF from client after 3 replies (57 bytes): all 3 correct'
  assert_line 'server: writer 1 exited with status 0'
  assert_line 'server: client exited with status 0'
}

@test "03-pipe: server sends the TEXT lines it is given" {
  run_timeout "$CH/server" -c "$CH/client" 'one' 'two words'
  assert_success
  assert_line 'server: got "1: ONE"'
  assert_line 'server: got "2: TWO WORDS"'
  assert_line --partial 'after 2 replies'
}

# --- client 는 필터다 ---------------------------------------------------------------------

@test "03-pipe: client works as a filter in a shell pipeline" {
  run_timeout bash -c "printf 'a\nb\n' | '$CH/client'"
  assert_success
  assert_output $'1: A\n2: B'
}

@test "03-pipe: client answers a last line that has no newline" {
  run_timeout bash -c "printf 'x\nlast' | '$CH/client'"
  assert_success
  assert_output $'1: X\n2: LAST'
}

@test "03-pipe: a pipe carries bytes, not strings: NUL bytes pass through" {
  run_timeout bash -c "printf 'a\0b\n' | '$CH/client' | od -An -c | tr -s ' '"
  assert_success
  assert_output ' 1 : A \0 B \n'
}

# --- EOF ----------------------------------------------------------------------------------

@test "03-pipe: client sees EOF and exits 0 when its input has no writer" {
  run_timeout "$CH/client" </dev/null
  assert_success
  assert_output ''
}

@test "03-pipe: a forgotten write end means the client never sees EOF (-k hangs)" {
  RUN_TIMEOUT=2 run_timeout "$CH/server" -c "$CH/client" -k
  # timeout 이 끝내야 했다 (124): 모든 답을 받은 뒤에도 EOF 가 오지 않았다.
  assert_equal "$status" 124
  assert_line 'server: got "3: TWO PIPES MAKE A DUPLEX"'
  refute_line --partial 'EOF from client'
}

# --- EPIPE 와 SIGPIPE --------------------------------------------------------------------

@test "03-pipe: writer gets EPIPE when the client stops reading; server survives and says so" {
  # 10만 줄(6.4 MB)은 파이프 용량과 client 의 stdio 버퍼를 합친 것보다 훨씬 크다. 그래서
  # writer 는 client 가 끝난 뒤에도 쓸 것이 남고, 반드시 EPIPE 를 만난다.
  run_timeout "$CH/server" -c "$CH/client" -n 100000 -q 1
  assert_failure 1
  assert_line --regexp '^server: writer 1: write: Broken pipe \(the client stopped reading after we sent [0-9]+ lines\)$'
  assert_line 'server: writer 1 exited with status 1'
  assert_line 'server: client exited with status 0'
  assert_line --regexp '^server: EOF from client after 1 of 100000 replies'
}

@test "03-pipe: with the default SIGPIPE action a filter dies when its reader is gone (141)" {
  run_timeout bash -c "seq 1 200000 | '$CH/client' | head -n 1; echo \"statuses \${PIPESTATUS[*]}\""
  assert_success
  assert_line '1: 1'
  # 128 + 13(SIGPIPE) = 141: client 는 오류 메시지 없이 시그널로 끝났다.
  assert_line --regexp '^statuses [0-9]+ 141 0$'
}

# --- 용량과 원자성 -------------------------------------------------------------------------

@test "03-pipe: server reports the pipe's capacity and PIPE_BUF" {
  run_timeout "$CH/server" -c "$CH/client"
  assert_success
  [[ ${lines[0]} =~ ^server:\ pipe\ capacity\ ([0-9]+)\ bytes,\ PIPE_BUF\ ([0-9]+)\ bytes$ ]] ||
    fail "unexpected first line: ${lines[0]}"
  [ "${BASH_REMATCH[1]}" -ge 65536 ] || fail "capacity ${BASH_REMATCH[1]} < 65536"
  assert_equal "${BASH_REMATCH[2]}" "$(getconf PIPE_BUF /)"
}

@test "03-pipe: a transfer 30 times the pipe's capacity arrives whole and in order" {
  run_timeout "$CH/server" -c "$CH/client" -n 20000 -s 100
  assert_success
  # 답 한 줄 = "N: " + 99바이트 + "\n". 전체 바이트 수를 따로 계산해 맞춰 본다.
  local bytes
  bytes=$(awk 'BEGIN { for (i = 1; i <= 20000; i++) n += length(i) + 2 + 100; print n }')
  assert_line "server: EOF from client after 20000 replies ($bytes bytes): all 20000 correct"
}

@test "03-pipe: a large stream through client matches an independent checksum" {
  run_timeout bash -c "seq 1 300000 | '$CH/client' | md5sum"
  assert_success
  local expected
  expected=$(seq 1 300000 | awk '{ print NR ": " toupper($0) }' | md5sum)
  assert_output "$expected"
}

@test "03-pipe: writes of PIPE_BUF bytes from 4 writers never interleave" {
  local pipe_buf
  pipe_buf=$(getconf PIPE_BUF /)
  run_timeout "$CH/server" -c "$CH/client" -w 4 -n 2000 -s "$pipe_buf"
  assert_success
  assert_line --regexp '^server: EOF from client after 8000 replies \([0-9]+ bytes\): all 8000 correct$'
  refute_line --partial 'damaged'
  for w in 1 2 3 4; do
    assert_line "server: writer $w exited with status 0"
  done
}

# --- O_CLOEXEC -----------------------------------------------------------------------------

@test "03-pipe: client inherits no pipe ends besides stdin and stdout (O_CLOEXEC)" {
  # 기준: 셸에서 직접 실행한 client 가 보는 fd. server 가 띄운 client 도 정확히 같아야 한다.
  run_timeout "$CH/client" -v </dev/null
  assert_success
  local baseline=$output
  run_timeout --separate-stderr "$CH/server" -c "$CH/client" -v
  assert_success
  # shellcheck disable=SC2154  # stderr 는 bats 의 run --separate-stderr 가 채운다
  assert_equal "$stderr" "$baseline"
}

# --- 잘못된 입력 ---------------------------------------------------------------------------

@test "03-pipe: --help prints usage on stdout and exits 0 (both programs)" {
  run_timeout "$CH/server" --help
  assert_success
  assert_line --index 0 --partial 'usage: server'
  run_timeout "$CH/client" -h
  assert_success
  assert_line --index 0 --partial 'usage: client'
}

@test "03-pipe: bad arguments give a usage line on stderr and exit 2" {
  local args
  for args in '-x' '-n abc' '-n 0' '-s 10' '-s 99999999' '-w 2' '-w 17 -n 5' '-n 5 text' '-q -1'; do
    # shellcheck disable=SC2086  # args 는 일부러 단어로 나눈다
    run_timeout --separate-stderr "$CH/server" -c "$CH/client" $args
    assert_equal "$status" 2
    assert_equal "$output" ''
    [[ $stderr == *'usage: server'* ]] || fail "no usage for '$args': $stderr"
  done
}

@test "03-pipe: client rejects bad arguments with exit 2" {
  local args
  for args in '-x' '-q' '-q x' 'extra'; do
    # shellcheck disable=SC2086
    run_timeout --separate-stderr "$CH/client" $args </dev/null
    assert_equal "$status" 2
    [[ $stderr == *'usage: client'* ]] || fail "no usage for '$args': $stderr"
  done
}

@test "03-pipe: a missing client binary gives a clear error" {
  run_timeout --separate-stderr "$CH/server" -c ./no-such-client
  assert_failure 1
  assert_equal "$stderr" 'server: exec ./no-such-client: No such file or directory'
  assert_line 'server: client exited with status 127'
  # exec 에 실패한 자식이 부모의 코드로 흘러가거나 stdio 버퍼를 한 번 더 내보냈다면
  # 아래 줄들이 두 번 보였을 것이다.
  assert_equal "$(grep -c 'pipe capacity' <<<"$output")" 1
  assert_equal "$(grep -c 'started client' <<<"$output")" 1
}

@test "03-pipe: a client path that is a directory gives a clear error" {
  run_timeout --separate-stderr "$CH/server" -c "$TEST_TMP"
  assert_failure 1
  assert_equal "$stderr" "server: exec $TEST_TMP: Permission denied"
  assert_line 'server: client exited with status 126'
}

@test "03-pipe: the pair works when the server starts with stdin closed" {
  # pipe2 는 가장 낮은 빈 번호를 준다: 0 번. dup2(0, 0) 은 아무 일도 하지 않으므로
  # close-on-exec 표시를 따로 지우지 않으면 client 의 stdin 이 exec 에서 닫힌다.
  run_timeout "$CH/server" -c "$CH/client" <&-
  assert_success
  assert_line 'server: EOF from client after 3 replies (57 bytes): all 3 correct'
}

@test "03-pipe: replies outside the protocol are counted as damaged" {
  printf '#!/bin/sh\ncat >/dev/null\necho "garbage"\n' >liar
  chmod +x liar
  run_timeout "$CH/server" -c ./liar
  assert_failure 1
  assert_line 'server: got "garbage" (unexpected)'
  assert_line 'server: EOF from client after 1 of 3 replies (8 bytes): 0 correct, 1 damaged'
}

@test "03-pipe: a 1 MB line goes through the client uncut" {
  run_timeout bash -c "head -c 1000000 /dev/zero | tr '\\0' a | '$CH/client' | wc -c"
  assert_success
  assert_output 1000004
}

# --- 고장 ----------------------------------------------------------------------------------

@test "03-pipe: a client killed mid-conversation is reported; the server does not hang" {
  # 한 줄 읽고 나서 스스로 SIGKILL 을 받는 client
  printf '#!/bin/sh\nread line\nkill -KILL $$\n' >dies
  chmod +x dies
  run_timeout "$CH/server" -c ./dies -n 50000
  assert_failure 1
  assert_line 'server: client was killed by signal 9 (Killed)'
  assert_line --regexp '^server: writer 1: write: Broken pipe'
}

@test "03-pipe: when the server dies mid-conversation the client sees EOF and exits" {
  local sig
  for sig in TERM KILL; do
    # -k: server 가 요청 파이프의 쓰는 끝을 쥐고 기다린다. 그것이 죽으면 커널이 그 fd 를
    # 닫고, 쓰는 끝이 하나도 남지 않으니 client 는 EOF 를 보고 끝난다 (고아로 남지 않는다).
    start_server server.log "$CH/server" -c "$CH/client" -k
    wait_for_line server.log 'got "3: TWO PIPES MAKE A DUPLEX"'
    local client_pid
    client_pid=$(sed -n 's/^server: started client .* (pid \([0-9]*\))$/\1/p' server.log)
    stop_server "$sig"
    assert_equal "$EXIT_STATUS" "$((128 + $(kill -l "$sig")))"
    # client 는 server 의 자식이었으므로 이제 init(또는 subreaper)가 거둔다: 사라질 때까지 기다린다.
    local tries=500
    while alive "$client_pid" && [ $((tries -= 1)) -gt 0 ]; do sleep "$POLL_INTERVAL"; done
    alive "$client_pid" && fail "client $client_pid still running after the server got SIG$sig"
    assert_nothing_left
  done
}
