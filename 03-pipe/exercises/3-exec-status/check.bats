#!/usr/bin/env bats
# 03-pipe 연습 3의 채점기: make exercise EX=03-pipe/3 이 부른다 (tools/exercise.sh).
# 학생의 server와 (그대로 둔) client를 "$EX_BIN"에서 부른다. 몇 검사는 client 대신 짧은 sh 스크립트를
# 띄운다 (스스로 127로 끝나는 client, 물려받은 fd를 찍는 client, 읽기를 그만두는 client).

# shellcheck disable=SC2016,SC2154  # 스크립트의 글은 나중에 sh가 펼친다; $stderr 는 bats 의 run --separate-stderr 가 채운다
load "$IPC_TOP/tests/test_helper"

# script 이름 내용: 이 검사의 임시 디렉터리에 실행할 수 있는 sh 스크립트를 만든다
script() {
  printf '#!/bin/sh\n%s\n' "$2" >"$1"
  chmod +x "$1"
}

hung() { [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; }

# exec_fails CLIENT 오류문구: exec가 실패하는 CLIENT로 server를 돌리고, 부모가 한 줄로 알렸는지 본다
exec_fails() {
  RUN_TIMEOUT=5 run_timeout --separate-stderr bash -c "printf 'hello\n' | '$EX_BIN/server' -c '$1'"
  ! hung || hint "server가 5초 안에 끝나지 않았다: 부모가 exec의 결과를 기다리는 read()가 EOF를 받으려면 그 파이프의 쓰는 끝이 모두 닫혀야 한다. 부모 자신의 것은? (man 7 pipe)"
  [ "$stderr" = "server: exec $1: $2" ] ||
    hint "stderr가 한 줄 'server: exec $1: $2'여야 한다 (알리는 것은 부모 하나다). 지금: ${stderr//$'\n'/ | }"
  [[ $output != *'server: started client'* ]] ||
    hint "exec가 실패했는데 준비 줄(server: started client ...)이 나왔다: 준비 줄은 exec가 성공한 것을 안 뒤에 찍는다. 부모는 exec의 성패를 무엇으로 알 수 있는가? (close-on-exec인 fd는 exec가 성공하는 순간 닫힌다: man 2 execve, man 2 pipe2)"
  [[ $output != *'server: got'* && $output != *'end of input'* ]] || hint "exec가 실패했는데 대화를 시작했다: $output"
  [ "$status" -eq 1 ] || hint "상태 $status (1이어야 한다: 되돌릴 수 없는 오류)"
}

@test "a missing client: the server itself reports the failed exec (ENOENT), starts no conversation, exits 1" {
  exec_fails ./nope 'No such file or directory'
}

@test "a client that is a directory: the server reports EACCES the same way" {
  mkdir dir
  exec_fails ./dir 'Permission denied'
}

@test "a client that runs and exits 127 by itself is not taken for a failed exec" {
  # 셸이 "찾을 수 없음"에 쓰는 127을 client가 스스로 돌려준다. exec는 성공했다.
  script quits 'exit 127'
  RUN_TIMEOUT=5 run_timeout --separate-stderr "$EX_BIN/server" -c ./quits </dev/null
  ! hung || hint "server가 5초 안에 끝나지 않았다: exec의 결과를 기다리는 read()가 끝나는가?"
  [[ $output == *'server: started client ./quits'* ]] ||
    hint "exec가 성공했는데 준비 줄이 없다. 종료 상태 127로 exec의 실패를 짐작하면 이 client와 구별할 수 없다: 자식이 exec에 실패했을 때만 부모에게 무언가를 보내게 하라. 출력: $output, $stderr"
  [[ $output == *'server: client exited with status 127'* ]] || hint "server가 client의 종료 상태를 알려야 한다: $output"
  [[ $stderr != *exec* ]] || hint "exec는 성공했다: $stderr"
}

@test "when the exec succeeds the conversation is as before" {
  RUN_TIMEOUT=5 run_timeout bash -c "printf 'hello\npipes are one-way\n' | '$EX_BIN/server' -c '$EX_BIN/client'"
  ! hung ||
    hint "5초 안에 끝나지 않았다. 새 파이프의 쓰는 끝이 부모에게, 또는 client에게 남아 있지 않은가? (man 7 pipe, man 2 pipe2)"
  [ "$(sed 1d <<<"$output")" = 'server: got "1: HELLO"
server: got "2: PIPES ARE ONE-WAY"
server: end of input after 2 lines: closing the request pipe
client: EOF after 2 lines
server: client exited with status 0' ] || hint "대화가 03장의 server와 다르다: $output"
  [ "$status" -eq 0 ] || hint "상태 $status (0이어야 한다)"
}

@test "the client still inherits only stdin, stdout and stderr (the new pipe does not leak)" {
  script fds 'ls /proc/$$/fd >&2'
  run_timeout --separate-stderr ./fds </dev/null
  local baseline=$stderr
  RUN_TIMEOUT=5 run_timeout --separate-stderr "$EX_BIN/server" -c ./fds </dev/null
  [ "$stderr" = "$baseline" ] ||
    hint "client가 물려받은 fd가 셸에서 띄운 것과 다르다 (${stderr//$'\n'/ } 대 ${baseline//$'\n'/ }): 새 파이프도 exec에서 닫혀야 한다. 그것이 바로 exec가 성공했다는 신호다 (man 2 pipe2의 O_CLOEXEC)"
}

@test "the server still survives a client that stops reading (EPIPE) and says so" {
  script quitter 'read -r l; exec 0<&-; echo "1: HELLO"'
  RUN_TIMEOUT=5 run_timeout --separate-stderr bash -c "printf 'hello\npipes are one-way\n' | '$EX_BIN/server' -c ./quitter"
  ! hung || hint "5초 안에 끝나지 않았다: 새 파이프의 쓰는 끝이 어디에 남아 있지 않은가? (man 7 pipe)"
  [ "$stderr" = 'server: write: Broken pipe' ] || hint "EPIPE를 알리지 않았다 (상태 $status): $stderr"
  [[ $output == *'server: got "1: HELLO"'* && $output == *'server: client exited with status 0'* ]] ||
    hint "첫 답을 받고 client를 거두어야 한다: $output"
  [ "$status" -eq 1 ] || hint "상태 $status (1이어야 한다)"
}
