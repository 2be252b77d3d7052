#!/usr/bin/env bats
# 03-pipe 연습 2의 채점기: make exercise EX=03-pipe/2 가 부른다 (tools/exercise.sh).
# 학생의 server와 (그대로 둔) client를 "$EX_BIN"에서 부른다. 몇 검사는 client 대신 짧은 sh 스크립트를
# 띄운다 (물려받은 fd나 시그널 설정을 찍는 client, 읽기를 그만두는 client, 답하기 전에 죽는 client).

# shellcheck disable=SC2016,SC2154  # 스크립트의 글은 나중에 sh가 펼친다; $stderr 는 bats 의 run --separate-stderr 가 채운다
load "$IPC_TOP/tests/test_helper"

# script 이름 내용: 이 검사의 임시 디렉터리에 실행할 수 있는 sh 스크립트를 만든다
script() {
  printf '#!/bin/sh\n%s\n' "$2" >"$1"
  chmod +x "$1"
}

# hung: 방금 run_timeout이 시간을 넘겨 끊었는가
hung() { [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; }

@test "round trip: three lines get three answers, the client sees EOF and exits 0" {
  RUN_TIMEOUT=5 run_timeout bash -c "printf 'hello\npipes are one-way\ntwo pipes make a duplex\n' | '$EX_BIN/server' -c '$EX_BIN/client'"
  [ "$status" -ne 1 ] || [[ $output != *'Function not implemented'* ]] || hint "아직 채우지 않은 TODO가 있다: $output"
  ! hung ||
    hint "5초 안에 끝나지 않았다 ($(tail -n 1 <<<"$output")). 입력이 끝난 뒤 client가 EOF를 보려면 요청 파이프의 쓰는 끝을 가리키는 fd가 어디에도 없어야 하고 (TODO 5, 그리고 client가 물려받은 것은? TODO 1), server가 EOF를 보려면 응답 파이프의 쓰는 끝이 그래야 한다 (TODO 3). man 7 pipe"
  [ "$(sed 1d <<<"$output")" = 'server: got "1: HELLO"
server: got "2: PIPES ARE ONE-WAY"
server: got "3: TWO PIPES MAKE A DUPLEX"
server: end of input after 3 lines: closing the request pipe
client: EOF after 3 lines
server: client exited with status 0' ] ||
    hint "대화가 03장의 server와 다르다 (상태 $status). client의 fd 0과 1이 두 파이프에 꽂혔는가? (TODO 2, man 2 dup2) 출력: $output"
  [ "$status" -eq 0 ] || hint "상태 $status (0이어야 한다)"
}

@test "the client inherits only stdin, stdout and stderr: no pipe end leaks through exec" {
  # 기준: 셸에서 바로 띄운 같은 스크립트가 보는 fd. server가 띄운 것도 정확히 같아야 한다.
  script fds 'ls /proc/$$/fd >&2'
  run_timeout --separate-stderr ./fds </dev/null
  local baseline=$stderr
  RUN_TIMEOUT=5 run_timeout --separate-stderr "$EX_BIN/server" -c ./fds </dev/null
  [ "$stderr" = "$baseline" ] ||
    hint "client가 물려받은 fd가 셸에서 띄운 것과 다르다 (${stderr//$'\n'/ } 대 ${baseline//$'\n'/ }). 파이프의 원래 fd 넷은 exec에서 닫혀야 한다: 누가, 언제 닫게 할 수 있는가? (TODO 1, man 2 pipe2, man 2 execve의 close-on-exec)"
}

@test "the client starts with the default SIGPIPE action although the server ignores it" {
  # SigIgn: 무시하는 시그널의 비트 마스크(16진수). SIGPIPE(13)는 비트 12 = 0x1000.
  script sigs 'grep SigIgn /proc/$$/status >&2'
  RUN_TIMEOUT=5 run_timeout --separate-stderr "$EX_BIN/server" -c ./sigs </dev/null
  [[ $stderr =~ SigIgn:[[:space:]]*([0-9a-f]+) ]] || hint "client가 돌지 못했다 (상태 $status): $stderr"
  [ $((0x${BASH_REMATCH[1]} & 0x1000)) -eq 0 ] ||
    hint "client가 무시된 SIGPIPE를 물려받았다. 무시(SIG_IGN)는 fork와 exec를 건너 물려진다: server는 SIGPIPE를 언제 바꾸어야 하는가? (TODO 4, man 2 execve, man 7 signal)"
}

@test "the server survives a client that stops reading (EPIPE) and says so" {
  # client는 첫 줄을 읽고 stdin(요청 파이프의 읽는 끝)을 닫은 뒤에 답한다: 둘째 줄을 쓸 때 읽는 끝이 없어야 한다
  script quitter 'read -r l; exec 0<&-; echo "1: HELLO"'
  RUN_TIMEOUT=5 run_timeout --separate-stderr bash -c "printf 'hello\npipes are one-way\n' | '$EX_BIN/server' -c ./quitter"
  ! hung ||
    hint "5초 안에 끝나지 않았다 ($(tail -n 1 <<<"$output")). 쓰기가 실패한 뒤 server는 응답 파이프를 EOF까지 비우고 client를 거둔다: 그 EOF를 막는 fd가 남아 있지 않은가? (TODO 3, man 7 pipe)"
  [ "$status" -ne 141 ] ||
    hint "server가 SIGPIPE에 죽었다 (141). 읽는 쪽이 없는 파이프에 쓰면 커널이 SIGPIPE를 보낸다: 죽는 대신 EPIPE를 받으려면? (TODO 4, man 7 pipe)"
  [ "$stderr" = 'server: write: Broken pipe' ] ||
    hint "client가 읽는 끝을 닫았는데 server의 write()가 EPIPE를 받지 않았다 ($stderr). 요청 파이프의 읽는 끝을 가리키는 fd가 아직 어디에 남아 있는가? (TODO 3, man 7 pipe)"
  [[ $output == *'server: got "1: HELLO"'* && $output == *'server: client exited with status 0'* ]] ||
    hint "첫 답을 받고 client를 거두어야 한다: $output"
  [ "$status" -eq 1 ] || hint "상태 $status (1이어야 한다)"
}

@test "a client killed mid-conversation is reported at once; the server does not hang" {
  script dies 'read -r l; kill -KILL $$'
  RUN_TIMEOUT=5 run_timeout --separate-stderr bash -c "printf 'hello\n' | '$EX_BIN/server' -c ./dies"
  ! hung ||
    hint "client가 답하기 전에 죽었는데 server가 5초 안에 끝나지 않았다. 죽은 client의 fd는 커널이 모두 닫는다: 그래도 응답 파이프의 쓰는 끝이 남아 있다면 누구의 것인가? (TODO 3, man 7 pipe)"
  [ "$stderr" = 'server: read: EOF before the reply' ] || hint "server는 답 대신 EOF를 보고 그렇게 알려야 한다: $stderr"
  [[ $output == *'server: client was killed by signal 9 (Killed)'* ]] ||
    hint "server가 client를 거두고 죽인 시그널을 알려야 한다: $output"
  [ "$status" -eq 1 ] || hint "상태 $status (1이어야 한다)"
}
