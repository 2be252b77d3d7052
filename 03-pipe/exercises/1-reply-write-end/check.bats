#!/usr/bin/env bats
# 03-pipe 연습 1의 채점기: make exercise EX=03-pipe/1 이 부른다 (tools/exercise.sh).
# 학생의 server와 (그대로 둔) client를 "$EX_BIN"에서 부른다. 몇 검사는 client 대신 짧은 sh 스크립트를
# 띄운다 (답하다 죽는 client, 읽기를 그만두는 client, 물려받은 fd를 찍는 client).

# shellcheck disable=SC2016,SC2154  # 스크립트의 글은 나중에 sh가 펼친다; $stderr 는 bats 의 run --separate-stderr 가 채운다
load "$IPC_TOP/tests/test_helper"

# script 이름 내용: 이 검사의 임시 디렉터리에 실행할 수 있는 sh 스크립트를 만든다
script() {
  printf '#!/bin/sh\n%s\n' "$2" >"$1"
  chmod +x "$1"
}

# talk 입력 [client]: server를 배경에서 띄운다 (표준 입력은 입력 파일, 출력은 server.log)
talk() {
  start_server server.log sh -c 'exec "$0" -c "$1" <"$2"' "$EX_BIN/server" "${2:-$EX_BIN/client}" "$1"
}

# wchan PID: 잠든 커널 함수 (읽을 수 없으면 빈 글자)
wchan() {
  local w
  w=$(cat "/proc/$1/wchan" 2>/dev/null) || w=
  [ "$w" = 0 ] && w=
  echo "$w"
}

HANG_HINT="client는 EOF를 보고 끝났는데 server는 응답 파이프의 read()에서 잠든 채 끝나지 않는다. read()가 0(EOF)을 돌려주는 것은 그 파이프의 쓰는 끝을 가리키는 fd가 하나도 남지 않았을 때다. fork 뒤에 응답 파이프의 쓰는 끝을 가리키는 fd는 누구누구에게 있는가? (man 7 pipe의 'I/O on pipes and FIFOs', man 2 fork)"

@test "a conversation ends: the client sees EOF, then the server reaps it and exits 0" {
  printf 'hello\npipes are one-way\n' >in.txt
  talk in.txt
  wait_for_line server.log '^client: EOF after 2 lines$' ||
    hint "client가 EOF를 보지 못했다: $(cat server.log)"
  local client
  client=$(sed -n 's/^server: started client .* (pid \([0-9]*\))$/\1/p' server.log)
  # client가 끝나면(좀비) 그 fd는 모두 닫혔다. 그 뒤에도 server가 잠들어 있다면 그대로 영영 잔다.
  local tries=$((WAIT_TIMEOUT * 50)) asleep=0
  while alive "$SERVER_PID"; do
    if ! alive "$client" && [ "$(proc_state "$SERVER_PID")" = S ]; then asleep=$((asleep + 1)); else asleep=0; fi
    [ "$asleep" -lt 25 ] && [ $((tries -= 1)) -gt 0 ] ||
      hint "$HANG_HINT (server는 상태 $(proc_state "$SERVER_PID") $(wchan "$SERVER_PID"))"
    sleep "$POLL_INTERVAL"
  done
  wait_exit "$SERVER_PID"
  [ "$EXIT_STATUS" -eq 0 ] || hint "server가 끝난 상태가 $EXIT_STATUS다 (0이어야 한다): $(cat server.log)"
  [ "$(tail -n 1 server.log)" = 'server: client exited with status 0' ] ||
    hint "server가 client를 거두고 그 종료 상태를 알려야 한다: $(cat server.log)"
  [ "$(grep -c '^server: got "[12]: ' server.log)" -eq 2 ] || hint "답 두 줄이 모두 오지 않았다: $(cat server.log)"
}

@test "a client killed mid-conversation is reported at once; the server does not hang" {
  script dies 'read -r l; kill -KILL $$'
  RUN_TIMEOUT=5 run_timeout --separate-stderr bash -c "printf 'hello\n' | '$EX_BIN/server' -c ./dies"
  [ "$status" -ne 124 ] && [ "$status" -ne 137 ] ||
    hint "client가 답하기 전에 죽었는데 server가 5초 안에 끝나지 않았다. 죽은 client의 fd는 커널이 모두 닫는다: 그래도 응답 파이프의 쓰는 끝이 남아 있다면 누구의 것인가? (man 7 pipe)"
  [ "$stderr" = 'server: read: EOF before the reply' ] ||
    hint "server는 답 대신 EOF를 보고 그렇게 알려야 한다: $stderr"
  [[ $output == *'server: client was killed by signal 9 (Killed)'* ]] ||
    hint "server가 client를 거두고 죽인 시그널을 알려야 한다: $output"
  [ "$status" -eq 1 ] || hint "상태 $status (1이어야 한다)"
}

@test "the server survives a client that stops reading (EPIPE) and says so" {
  # client는 첫 줄을 읽고 stdin(요청 파이프의 유일한 읽는 끝)을 닫은 뒤에 답한다: 둘째 줄은 늘 EPIPE다
  script quitter 'read -r l; exec 0<&-; echo "1: HELLO"'
  RUN_TIMEOUT=5 run_timeout --separate-stderr bash -c "printf 'hello\npipes are one-way\n' | '$EX_BIN/server' -c ./quitter"
  [ "$status" -ne 124 ] && [ "$status" -ne 137 ] ||
    hint "server가 5초 안에 끝나지 않았다: 쓰기가 EPIPE로 실패한 뒤 server는 응답 파이프를 EOF까지 비우고 client를 거둔다. 그 EOF는 언제 오는가? (man 7 pipe)"
  [ "$stderr" = 'server: write: Broken pipe' ] || hint "EPIPE를 알리지 않았다 (상태 $status): $stderr"
  [[ $output == *'server: got "1: HELLO"'* && $output == *'server: client exited with status 0'* ]] ||
    hint "첫 답을 받고, client를 거두어야 한다: $output"
  [ "$status" -eq 1 ] || hint "상태 $status (1이어야 한다)"
}

@test "the client inherits no pipe ends besides stdin and stdout" {
  # 기준: 셸에서 바로 띄운 같은 스크립트가 보는 fd. server가 띄운 것도 정확히 같아야 한다.
  script fds 'ls /proc/$$/fd >&2'
  run_timeout --separate-stderr ./fds </dev/null
  local baseline=$stderr
  RUN_TIMEOUT=5 run_timeout --separate-stderr "$EX_BIN/server" -c ./fds </dev/null
  [ "$stderr" = "$baseline" ] ||
    hint "client가 물려받은 fd가 셸에서 띄운 것과 다르다 (${stderr//$'\n'/ } 대 ${baseline//$'\n'/ }): pipe2의 O_CLOEXEC를 건드리지 않았는가? (man 2 pipe2)"
}

@test "bad arguments give a usage line on stderr and exit 2; --help exits 0" {
  run_timeout --separate-stderr "$EX_BIN/server" -x
  [ "$status" -eq 2 ] && [[ $stderr == *'usage: server'* ]] ||
    hint "인자 검사는 고칠 곳이 아니다: 처음 코드로 되돌려 보라 (상태 $status)"
  run_timeout "$EX_BIN/server" --help
  [ "$status" -eq 0 ] && [[ $output == *'usage: server'* ]] || hint "--help는 사용법을 stdout에 쓰고 0"
}
