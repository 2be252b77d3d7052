#!/usr/bin/env bats
# tests/03-pipe.bats: 익명 파이프 (pipe2, fork, dup2, exec) — 짝(server, client)과 experiments/
#
# 무엇을 시험하는가 (한 줄이 테스트 하나 이상):
# | 프로그램                 | 경우                                                     | 기대                                       |
# |--------------------------|----------------------------------------------------------|--------------------------------------------|
# | server + client          | 세 줄, 마지막 줄에 \n 없음, 제어 문자, 2 MB              | 답이 모두 맞고 EOF가 차례로 전해진다       |
# | server + 스크립트 client | fd를 찍는 client, 시그널 설정을 찍는 client              | 0/1/2 말고는 안 물려받음, SIGPIPE 기본 동작 |
# | server + 스크립트 client | 틀린 답, 줄 도중에 사라짐, 여분의 답, 읽기를 그만둠(EPIPE), SIGKILL | "(unexpected)"·오류를 알리고 1, 멈추지 않음 |
# | server                   | --help, 모르는 옵션, 여분 인자, 없는/디렉터리 client, 닫힌 stdin | 사용법·exec 오류(127/126)·read 오류    |
# | server (ulimit -n 4)     | 파이프를 만들 fd 번호가 모자람                           | pipe2: EMFILE을 알리고 1, client 없음      |
# | server (FIFO로 입력)     | 대화 도중 SIGKILL, SIGTERM, SIGINT, SIGHUP               | client가 EOF를 보고 스스로 끝남, 남은 것 없음 |
# | client                   | 셸 파이프라인, \n 없는 끝 줄, NUL, 1 MB 줄, 300000줄, EOF, head(141), 잘못된 인자 | 줄마다 "N: 대문자" |
# | forgotten_write_end      | 쓰는 끝 하나를 닫지 않음                                 | client가 pipe_read에서 잠듦, 죽이면 EOF   |
# | write_all_then_read      | 64 KiB / 256 KiB를 다 쓰고 나서 읽기                     | 끝남 / 둘 다 pipe_write에서 멈춤          |
# | pipe_buf_atomicity       | writer 4개가 PIPE_BUF 바이트 줄을 동시에                 | 섞인 줄 0                                  |
# | pipe_capacity            | F_GETPIPE_SZ, 채우기, F_SETPIPE_SZ, lseek, nobody의 상한 | 65536, 4096/131072로 올림, ESPIPE, EPERM   |
# | sigpipe_epipe            | SIGPIPE 기본/무시/잡음/차단                              | 죽음 / EPIPE 셋                            |
# | inherited_fds            | pipe()와 pipe2(O_CLOEXEC) 뒤의 exec                      | 두 끝이 샘 / 새지 않음                     |
# | fork_duplicates_stdio    | 버퍼에 남은 줄을 두고 fork, 자식은 exit()                | 같은 pid의 줄이 두 번                      |
# | dup2_same_fd             | fd 0이 닫힌 채 pipe2(O_CLOEXEC), dup2(0, 0)              | exec가 client의 stdin을 닫음               |
# 정리: 파이프에는 이름이 없으니 남을 파일·객체가 없다. teardown이 모든 테스트 뒤에 남은 프로세스를 본다.

# shellcheck disable=SC2016,SC2154  # script의 글은 나중에 sh가 펼친다; stderr는 bats의 run --separate-stderr가 채운다
load test_helper

CH=$(chapter_dir 03-pipe)

# sleeps_in PID 정규식: 그 프로세스가 잠들어(S) 있고, 잠든 커널 함수(/proc/PID/wchan)가 정규식과 맞다.
# wchan을 읽을 수 없는 커널(값이 0)이면 잠들어 있는지만 본다.
sleeps_in() {
  local w
  [ "$(proc_state "$1")" = S ] || return 1
  w=$(cat "/proc/$1/wchan" 2>/dev/null) || w=0
  [ "$w" = 0 ] || [[ $w =~ $2 ]]
}

# wait_until 명령...: 명령이 성공할 때까지 WAIT_TIMEOUT초까지 다시 해 본다 (고정된 sleep이 아니다)
wait_until() {
  local tries
  tries=$(awk -v t="$WAIT_TIMEOUT" -v p="$POLL_INTERVAL" 'BEGIN { print int(t / p) }')
  until "$@"; do
    [ $((tries -= 1)) -gt 0 ] || return 1
    sleep "$POLL_INTERVAL"
  done
}

gone() { ! alive "$1"; }

# script 이름 내용: 이 테스트의 임시 디렉터리에 실행할 수 있는 sh 스크립트를 만든다
script() {
  printf '#!/bin/sh\n%s\n' "$2" >"$1"
  chmod +x "$1"
}

# --- 짝: 대화 ------------------------------------------------------------------------------

@test "03-pipe: server and client talk through two pipes" {
  run_timeout bash -c "printf 'hello\npipes are one-way\ntwo pipes make a duplex\n' | '$CH/server' -c '$CH/client'"
  assert_success
  assert_line --index 0 --regexp '^server: started client .*/client \(pid [0-9]+\)$'
  # client의 EOF 줄(stderr)은 server가 요청 파이프를 닫은 뒤, client가 끝나기 전에 온다: 순서가 정해져 있다
  assert_equal "$(sed 1d <<<"$output")" 'server: got "1: HELLO"
server: got "2: PIPES ARE ONE-WAY"
server: got "3: TWO PIPES MAKE A DUPLEX"
server: end of input after 3 lines: closing the request pipe
client: EOF after 3 lines
server: client exited with status 0'
}

@test "03-pipe: server sends a last input line that has no newline" {
  run_timeout bash -c "printf 'one\ntwo words' | '$CH/server' -c '$CH/client'"
  assert_success
  assert_line 'server: got "1: ONE"'
  assert_line 'server: got "2: TWO WORDS"'
  assert_line 'server: end of input after 2 lines: closing the request pipe'
}

@test "03-pipe: replies are printed escaped: control bytes never reach the terminal raw" {
  run_timeout bash -c "printf 'tab\there \"q\" back\\\\slash esc\\033[31m nul\\0end\n' | '$CH/server' -c '$CH/client'"
  assert_success
  assert_line 'server: got "1: TAB\x09HERE \x22Q\x22 BACK\x5cSLASH ESC\x1b[31M NUL\x00END"'
  [[ $output != *$'\033'* ]] || fail "a raw ESC reached the output"
}

@test "03-pipe: a transfer 30 times the pipe's capacity arrives whole and in order" {
  # 500줄 x 4000바이트 = 2 MB. 답은 줄마다 되돌아오고, 한 줄이 파이프 버퍼(4096)보다 길다.
  awk 'BEGIN { x = sprintf("%3993s", ""); gsub(/ /, "x", x); for (i = 1; i <= 500; i++) printf "%06d%s\n", i, x }' >in.txt
  [ "$(wc -c <in.txt)" -eq 2000000 ]
  run_timeout bash -c "'$CH/server' -c '$CH/client' <in.txt 2>/dev/null | grep '^server: got' | md5sum"
  assert_success
  local expected
  expected=$(awk '{ print "server: got \"" NR ": " toupper($0) "\"" }' in.txt | md5sum)
  assert_output "$expected"
}

@test "03-pipe: client inherits no pipe ends besides stdin and stdout (O_CLOEXEC)" {
  # 기준: 셸에서 바로 띄운 같은 스크립트가 보는 fd. server가 띄운 것도 정확히 같아야 한다.
  script fds "exec '$CH/experiments/inherited_fds' --list >&2"
  run_timeout --separate-stderr ./fds </dev/null
  assert_success
  local baseline=$stderr
  [[ $baseline =~ ^\ ?0\ 1\ 2 ]] || fail "unexpected baseline: $baseline"
  run_timeout --separate-stderr "$CH/server" -c ./fds </dev/null
  assert_success
  assert_equal "$stderr" "$baseline"
}

@test "03-pipe: the client starts with the default SIGPIPE action although the server ignores it" {
  # SigIgn: 무시하는 시그널의 비트 마스크(16진수). SIGPIPE(13)는 비트 12 = 0x1000.
  script sigs 'exec grep SigIgn /proc/self/status >&2'
  run_timeout --separate-stderr "$CH/server" -c ./sigs </dev/null
  assert_success
  [[ $stderr =~ SigIgn:[[:space:]]*([0-9a-f]+) ]] || fail "no SigIgn line: $stderr"
  [ $((0x${BASH_REMATCH[1]} & 0x1000)) -eq 0 ] || fail "the client inherited an ignored SIGPIPE: $stderr"
  # 이 검사가 무시를 알아볼 수 있다는 증거: 무시를 물려준 셸에서는 비트가 켜진다
  run_timeout --separate-stderr bash -c "trap '' PIPE; ./sigs"
  [[ $stderr =~ SigIgn:[[:space:]]*([0-9a-f]+) ]] && [ $((0x${BASH_REMATCH[1]} & 0x1000)) -ne 0 ] ||
    fail "the check cannot see an ignored SIGPIPE: $stderr"
}

# --- 짝: 잘못된 입력과 고장 ----------------------------------------------------------------

@test "03-pipe: --help prints usage on stdout and exits 0 (both programs)" {
  local h
  for h in -h --help; do
    run_timeout --separate-stderr "$CH/server" "$h"
    assert_success
    assert_line --index 0 'usage: server [-c CLIENT]'
    run_timeout --separate-stderr "$CH/client" "$h"
    assert_success
    assert_line --index 0 'usage: client'
  done
}

@test "03-pipe: bad arguments give a usage line on stderr and exit 2" {
  local args
  for args in '-x' '-c' 'extra' '-c ./client extra'; do
    # shellcheck disable=SC2086  # args는 일부러 단어로 나눈다
    run_timeout --separate-stderr "$CH/server" $args </dev/null
    assert_equal "$status" 2
    assert_equal "$output" ''
    [[ $stderr == *'usage: server [-c CLIENT]'* ]] || fail "no usage for '$args': $stderr"
  done
  for args in '-x' 'extra' '-q 1'; do
    # shellcheck disable=SC2086
    run_timeout --separate-stderr "$CH/client" $args </dev/null
    assert_equal "$status" 2
    [[ $stderr == 'usage: client'* ]] || fail "no usage for '$args': $stderr"
  done
}

@test "03-pipe: a missing client binary gives a clear error" {
  run_timeout --separate-stderr "$CH/server" -c ./no-such-client </dev/null
  assert_failure 1
  assert_equal "$stderr" 'server: exec ./no-such-client: No such file or directory'
  assert_line 'server: client exited with status 127'
  # exec에 실패한 자식이 부모의 코드로 흘러갔다면 아래 줄이 두 번 보였을 것이다
  assert_equal "$(grep -c 'started client' <<<"$output")" 1
  assert_equal "$(grep -c 'client exited' <<<"$output")" 1
}

@test "03-pipe: a client path that is a directory gives a clear error" {
  run_timeout --separate-stderr "$CH/server" -c "$TEST_TMP" </dev/null
  assert_failure 1
  assert_equal "$stderr" "server: exec $TEST_TMP: Permission denied"
  assert_line 'server: client exited with status 126'
}

@test "03-pipe: when the kernel refuses a pipe (EMFILE) the server says so and exits 1" {
  [ "${VALGRIND:-0}" != 1 ] || skip "valgrind keeps its own descriptors under the limit"
  # bats가 물려준 fd 3~9를 닫고 상한을 4로: fd 0, 1, 2 말고 빈 번호는 3 하나뿐이다 (동적 링커가 libc를
  # 열 때 잠깐 쓰고 닫는다). pipe2는 번호 두 개가 필요하므로 커널은 EMFILE로 거절한다.
  run_timeout --separate-stderr sh -c 'exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- && ulimit -n 4 && exec "$1"' sh "$CH/server" </dev/null
  assert_failure 1
  assert_equal "$stderr" 'server: pipe2: Too many open files'
  [[ $output != *'started client'* ]] || fail "a client was started: $output"
}

@test "03-pipe: a server started with stdin closed reports the read errors instead of hanging" {
  # pipe2는 가장 낮은 빈 번호, 곧 0을 읽는 끝으로 준다. dup2(0, 0)은 아무것도 하지 않으므로 exec가
  # client의 stdin을 닫고(dup2_same_fd), server도 자기 stdin이 없다. 둘 다 그렇게 말하고 끝난다.
  # (bats의 run 뒤에 <&-를 붙이면 run이 만든 파이프가 fd 0을 차지하므로 bash 안에서 닫는다)
  run_timeout --separate-stderr bash -c "exec '$CH/server' -c '$CH/client' <&-"
  assert_failure 1
  [[ $stderr == *'server: read stdin: Bad file descriptor'* ]] || fail "$stderr"
  [[ $stderr == *'client: read: Bad file descriptor'* ]] || fail "$stderr"
  assert_line 'server: client exited with status 1'
}

@test "03-pipe: replies outside the protocol are marked unexpected and the server fails" {
  # nl 모양의 번호, 길이는 맞지만 틀린 머리, 대문자로 바꾸지 않은 답: 셋 다 틀린 답이다
  script liar 'n=0
while IFS= read -r l; do
  n=$((n + 1))
  case $n in
  1) echo "     1:HELLO" ;;
  2) echo "2; PIPES ARE ONE-WAY" ;;
  *) echo "3: two pipes make a duplex" ;;
  esac
done'
  run_timeout bash -c "printf 'hello\npipes are one-way\ntwo pipes make a duplex\n' | '$CH/server' -c ./liar"
  assert_failure 1
  assert_line 'server: got "     1:HELLO" (unexpected)'
  assert_line 'server: got "2; PIPES ARE ONE-WAY" (unexpected)'
  assert_line 'server: got "3: two pipes make a duplex" (unexpected)'
  assert_line 'server: client exited with status 0'
}

@test "03-pipe: a client that disappears mid-line is reported; the server does not hang" {
  script cut 'read -r l; printf "1: HEL"'
  run_timeout bash -c "printf 'hello\n' | '$CH/server' -c ./cut"
  assert_failure 1
  assert_line 'server: got "1: HEL" (unexpected)'
  assert_line 'server: client exited with status 0'
}

@test "03-pipe: extra replies the server never asked for are reported" {
  script chatty 'while IFS= read -r l; do echo "1: HELLO"; echo "extra"; done'
  run_timeout bash -c "printf 'hello\n' | '$CH/server' -c ./chatty"
  assert_failure 1
  assert_line 'server: got "1: HELLO"'
  assert_line 'server: got "extra" (unexpected)'
}

@test "03-pipe: the server survives a client that stops reading (EPIPE) and says so" {
  # client는 첫 줄을 읽고 stdin(요청 파이프의 유일한 읽는 끝)을 닫은 뒤에 답한다. 그래서 server가
  # 둘째 줄을 쓸 때는 읽는 끝이 하나도 없다: 늘 EPIPE다. SIGPIPE를 무시하지 않았다면 server가 죽는다.
  script quitter 'read -r l; exec 0<&-; echo "1: HELLO"'
  run_timeout --separate-stderr bash -c "printf 'hello\npipes are one-way\n' | '$CH/server' -c ./quitter"
  assert_failure 1
  assert_equal "$stderr" 'server: write: Broken pipe'
  assert_line 'server: got "1: HELLO"'
  assert_line 'server: client exited with status 0'
}

@test "03-pipe: a client killed mid-conversation is reported; the server does not hang" {
  script dies 'read -r l; kill -KILL $$'
  run_timeout --separate-stderr bash -c "printf 'hello\n' | '$CH/server' -c ./dies"
  assert_failure 1
  assert_equal "$stderr" 'server: read: EOF before the reply'
  assert_line 'server: client was killed by signal 9 (Killed)'
}

@test "03-pipe: when the server dies by SIGKILL, SIGTERM, SIGINT or SIGHUP the client sees EOF and exits" {
  local sig client
  for sig in KILL TERM INT HUP; do
    # server의 stdin은 이 셸이 fd 4로 쥔 FIFO다: 줄을 하나 주고, 다음 줄을 기다리는 server를 죽인다.
    # env --default-signal: bats가 배경으로 띄운 명령은 SIGINT를 무시한 채 시작한다.
    mkfifo in.fifo
    # shellcheck disable=SC2016  # $0, $1은 sh -c가 펼친다
    start_server server.log env --default-signal=INT sh -c 'exec "$0" -c "$1" <in.fifo' "$CH/server" "$CH/client"
    exec 4>in.fifo # server 쪽 sh가 읽기로 열 때까지 기다렸다가 열린다
    rm in.fifo
    echo hello >&4
    wait_for_line server.log '^server: got "1: HELLO"$'
    client=$(sed -n 's/^server: started client .* (pid \([0-9]*\))$/\1/p' server.log)
    # 대화 도중: client는 다음 요청을 기다리며 파이프 read()에서 잠들어 있다
    wait_until sleeps_in "$client" pipe_read || fail "client $client does not sleep in pipe_read ($sig)"
    stop_server "$sig"
    assert_equal "$EXIT_STATUS" "$((128 + $(kill -l "$sig")))"
    # 커널이 server의 fd를 닫았다: 요청 파이프의 쓰는 끝이 없으니 client의 read()가 0을 받는다
    wait_for_line server.log '^client: EOF after 1 line$' "$client"
    wait_until gone "$client" || fail "client $client still running after the server got SIG$sig"
    exec 4>&-
    if grep -q 'client exited' server.log; then fail "a dead server reaped its client?"; fi
    assert_nothing_left
    rm -f server.log
  done
}

# --- client: 셸 파이프라인 속의 필터 --------------------------------------------------------

@test "03-pipe: client works as a filter in a shell pipeline" {
  run_timeout --separate-stderr bash -c "printf 'a\nb\n' | '$CH/client'"
  assert_success
  assert_output $'1: A\n2: B'
  assert_equal "$stderr" 'client: EOF after 2 lines'
}

@test "03-pipe: client answers a last line that has no newline" {
  run_timeout --separate-stderr bash -c "printf 'x\nlast' | '$CH/client'"
  assert_success
  assert_output $'1: X\n2: LAST'
}

@test "03-pipe: a pipe carries bytes, not strings: NUL bytes pass through" {
  run_timeout bash -c "printf 'a\0b\n' | '$CH/client' 2>/dev/null | od -An -c | tr -s ' '"
  assert_success
  assert_output ' 1 : A \0 B \n'
}

@test "03-pipe: client sees EOF and exits 0 when its input has no writer" {
  run_timeout --separate-stderr "$CH/client" </dev/null
  assert_success
  assert_output ''
  assert_equal "$stderr" 'client: EOF after 0 lines'
}

@test "03-pipe: a 1 MB line goes through the client uncut" {
  run_timeout bash -c "head -c 1000000 /dev/zero | tr '\\0' a | '$CH/client' 2>/dev/null | wc -c"
  assert_success
  assert_output 1000004
}

@test "03-pipe: a large stream through client matches an independent checksum" {
  run_timeout bash -c "seq 1 300000 | '$CH/client' 2>/dev/null | md5sum"
  assert_success
  local expected
  expected=$(seq 1 300000 | awk '{ print NR ": " toupper($0) }' | md5sum)
  assert_output "$expected"
}

@test "03-pipe: with the default SIGPIPE action a filter dies when its reader is gone (141)" {
  run_timeout bash -c "seq 1 200000 | '$CH/client' | head -n 1; echo \"statuses \${PIPESTATUS[*]}\""
  assert_success
  assert_line '1: 1'
  # 128 + 13(SIGPIPE) = 141: client는 오류 메시지 없이 시그널로 끝났다
  assert_line --regexp '^statuses [0-9]+ 141 0$'
  refute_line --partial 'client:'
}

@test "03-pipe: a filter that inherits an ignored SIGPIPE gets EPIPE instead and says so" {
  # 무시(SIG_IGN)는 exec를 건너 물려진다: 셸이 무시하면 client의 write()는 죽는 대신 EPIPE를 받는다
  run_timeout bash -c "trap '' PIPE; seq 1 200000 | '$CH/client' | head -n 1; echo \"statuses \${PIPESTATUS[*]}\""
  assert_success
  assert_line '1: 1'
  assert_line 'client: write: Broken pipe'
  assert_line --regexp '^statuses [0-9]+ 1 0$'
}

@test "03-pipe: write errors on stdout are reported, not hidden behind exit status 0" {
  run_timeout --separate-stderr bash -c "printf 'a\n' | '$CH/client' >/dev/full"
  assert_failure 1
  assert_equal "$stderr" 'client: write: No space left on device'
  run_timeout --separate-stderr bash -c "printf 'a\n' | '$CH/server' -c '$CH/client' >/dev/full"
  assert_failure 1
  [[ $stderr == *'server: stdout: write failed' ]] || fail "$stderr"
}

# --- experiments/ --------------------------------------------------------------------------

@test "03-pipe: a forgotten write end means the client never sees EOF" {
  start_server fwe.log "$CH/experiments/forgotten_write_end" "$CH/client"
  wait_for_line fwe.log '^3: TWO PIPES MAKE A DUPLEX$'
  local client exp=$SERVER_PID
  client=$(sed -n 's/^forgotten_write_end: client \([0-9]*\) gets.*/\1/p' fwe.log)
  # 답을 모두 한 client는 다음 read()에서 잠들고, 실험은 waitpid()에서 잠든다. 서로를 기다린다.
  wait_until sleeps_in "$client" pipe_read || fail "client $client does not sleep in pipe_read"
  wait_until sleeps_in "$exp" wait || fail "forgotten_write_end $exp does not sleep in waitpid"
  # client의 stdin 파이프를 실험이 아직 쓰는 끝으로 쥐고 있다 (같은 pipe:[inode], 쓰기 전용 fd)
  local pipe fd found=
  pipe=$(readlink "/proc/$client/fd/0")
  [[ $pipe == pipe:* ]] || fail "client stdin is $pipe"
  for fd in /proc/"$exp"/fd/*; do
    [ "$(readlink "$fd")" = "$pipe" ] && grep -q '^flags:.*1$' "/proc/$exp/fdinfo/${fd##*/}" && found=1
  done
  [ -n "$found" ] || fail "forgotten_write_end holds no write end of $pipe"
  if grep -q 'EOF' fwe.log; then fail "the client saw EOF: $(cat fwe.log)"; fi
  # 실험을 죽이면 커널이 마지막 쓰는 끝을 닫는다: 그제야 client가 EOF를 본다
  stop_server KILL
  wait_for_line fwe.log '^client: EOF after 3 lines$' "$client"
  wait_until gone "$client" || fail "client $client still running"
}

@test "03-pipe: writing everything before reading deadlocks once the data outgrows both pipes" {
  run_timeout --separate-stderr "$CH/experiments/write_all_then_read" 64 "$CH/client"
  assert_success
  assert_line 'write_all_then_read: all requests written; reading the replies'
  assert_line --regexp '^write_all_then_read: 1024 replies, [0-9]+ bytes; client exited with status 0$'

  start_server big.log "$CH/experiments/write_all_then_read" 256 "$CH/client"
  wait_for_line big.log 'before reading any reply'
  local client exp=$SERVER_PID
  client=$(sed -n 's/.* to client \([0-9]*\) before.*/\1/p' big.log)
  # 교착: 둘 다 pipe_write에서 잠들고, client가 읽고 쓴 바이트(/proc/PID/io)가 더는 늘지 않는다
  LAST_IO=
  stuck() {
    sleeps_in "$exp" pipe_write && sleeps_in "$client" pipe_write || return 1
    local io
    io=$(cat "/proc/$client/io")
    [ "$io" = "$LAST_IO" ] && return 0
    LAST_IO=$io
    return 1
  }
  wait_until stuck || fail "no deadlock: $(cat big.log)"
  if grep -q 'all requests written' big.log; then fail "the writer got through: $(cat big.log)"; fi
  # 실험이 죽으면 응답 파이프의 읽는 끝이 사라져 멈춰 있던 client의 write()가 SIGPIPE를 받는다
  stop_server KILL
  wait_until gone "$client" || fail "client $client still running"
}

@test "03-pipe: writes of PIPE_BUF bytes from 4 writers never interleave" {
  local n
  n=$(count_for 2000)
  run_timeout "$CH/experiments/pipe_buf_atomicity" "$(getconf PIPE_BUF /)" 4 "$n"
  assert_success
  assert_line "pipe_buf_atomicity: read $((4 * n)) lines: $((4 * n)) whole, 0 damaged"
}

@test "03-pipe: a pipe holds 64 KiB by default, PIPE_BUF is smaller, F_SETPIPE_SZ rounds up to pages" {
  run_timeout "$CH/experiments/pipe_capacity"
  assert_success
  [[ ${lines[0]} =~ ^capacity\ \(F_GETPIPE_SZ\):\ ([0-9]+)\ bytes$ ]] || fail "first line: ${lines[0]}"
  local cap=${BASH_REMATCH[1]}
  [ "$cap" -ge 65536 ] || fail "capacity $cap < 65536"
  assert_line "filled without a reader: $cap bytes, then write: Resource temporarily unavailable"
  assert_line "PIPE_BUF: $(getconf PIPE_BUF /) bytes"
  assert_line 'F_SETPIPE_SZ 1000: capacity 4096 bytes, filled with 4096 bytes'
  assert_line 'F_SETPIPE_SZ 100000: capacity 131072 bytes, filled with 131072 bytes'
  assert_line 'lseek: Illegal seek'
}

@test "03-pipe: an unprivileged user cannot grow a pipe past pipe-max-size (EPERM)" {
  # 보통 사용자(학생)에게는 그대로, root에게는 nobody가 되어 (CAP_SYS_RESOURCE 없이) 돌린다
  local max prog=$CH/experiments/pipe_capacity
  max=$(cat /proc/sys/fs/pipe-max-size)
  [ "$(id -u)" -ne 0 ] || prog=$(nobody_bin 03-pipe experiments/pipe_capacity)
  run_timeout "${NOBODY[@]}" "$prog"
  assert_success
  assert_line "F_SETPIPE_SZ $((max + 1)) (pipe-max-size + 1): Operation not permitted"
}

@test "03-pipe: SIGPIPE kills a writer unless it is ignored, caught or blocked; then write fails with EPIPE" {
  run_timeout "$CH/experiments/sigpipe_epipe"
  assert_success
  assert_output 'default: the writer was killed by signal 13 (Broken pipe)
ignored: write: Broken pipe (EPIPE)
caught: write: Broken pipe (EPIPE); the handler ran
blocked: write: Broken pipe (EPIPE); SIGPIPE is pending'
}

@test "03-pipe: exec keeps pipe() ends open in the new program, pipe2(O_CLOEXEC) ends are closed" {
  run_timeout "$CH/experiments/inherited_fds" --list
  assert_success
  local base=$output
  run_timeout "$CH/experiments/inherited_fds"
  assert_success
  [[ ${lines[0]} =~ ^pipe\(\)\ gave\ fds\ ([0-9]+)\ and\ ([0-9]+)\;\ after\ exec\ the\ program\ holds:(.*)$ ]] ||
    fail "line 1: ${lines[0]}"
  # 기준의 fd에 파이프의 두 끝을 더해 번호순으로 늘어놓은 것과 같아야 한다
  local want
  # shellcheck disable=SC2086  # base는 일부러 단어로 나눈다
  want=$(printf '%s\n' $base "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" | sort -n | tr '\n' ' ')
  assert_equal "$(tr ' ' '\n' <<<"${BASH_REMATCH[3]}" | sed '/^$/d' | tr '\n' ' ')" "$want"
  assert_line --index 1 --regexp "^pipe2\\(O_CLOEXEC\\) gave fds [0-9]+ and [0-9]+; after exec the program holds:$base\$"
}

@test "03-pipe: fork copies unflushed stdio buffers: a line printed before fork appears twice" {
  run_timeout bash -c "'$CH/experiments/fork_duplicates_stdio' | cat"
  assert_success
  assert_equal "${#lines[@]}" 3
  assert_line --index 0 --regexp '^before fork \(printed by pid [0-9]+\)$'
  assert_equal "${lines[1]}" "${lines[0]}"
  assert_line --index 2 'after fork: the child has exited'
}

@test "03-pipe: dup2(fd, fd) keeps FD_CLOEXEC, so exec closes the client's stdin" {
  run_timeout --separate-stderr "$CH/experiments/dup2_same_fd" "$CH/client"
  assert_success
  assert_output 'dup2_same_fd: with fd 0 closed, pipe2() gave the read end fd 0
dup2_same_fd: dup2(0, 0) returned 0; FD_CLOEXEC is still set on fd 0
dup2_same_fd: client exited with status 1: exec closed its stdin'
  assert_equal "$stderr" 'client: read: Bad file descriptor'
}
