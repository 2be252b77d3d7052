#!/usr/bin/env bats
# 10-berkeley-api 연습 1의 채점기: make exercise EX=10-berkeley-api/1 이 부른다 (tools/exercise.sh).
# 학생의 server와 (그대로 둔) client를 "$EX_BIN"에서 부른다. 포트는 고정하지 않는다: P와 바이트를 뒤집은
# 포트가 모두 비어 있는 P를 그때그때 고른다 (뒤집힌 포트가 남의 것이면 버그가 다른 모습으로 보이므로).

# shellcheck disable=SC2154  # $stderr 는 bats 의 run --separate-stderr 가 채운다
load "$IPC_TOP/tests/test_helper"

# 지금 TCP 소켓이 쓰는 로컬 포트들 (/proc/net/tcp, tcp6 의 두 번째 칸 "주소:포트16진수")
used_ports() {
  local _ addr
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | while read -r _ addr _; do
    [[ $addr == *:* ]] && [[ ${addr##*:} =~ ^[0-9A-Fa-f]{4}$ ]] && echo $((16#${addr##*:}))
  done
}

# pick_port: 1024 이상이고, 자신과 뒤집은 값이 다르며, 둘 다 비어 있는 포트 (임시 포트 범위 아래에서)
pick_port() {
  local used p s tries
  used=" $(used_ports | tr '\n' ' ') "
  for ((tries = 0; tries < 500; tries++)); do
    p=$((20000 + RANDOM % 12000))
    s=$((((p & 255) << 8) | (p >> 8)))
    if [ "$s" -lt 1024 ] || [ "$s" -eq "$p" ]; then continue; fi
    [[ $used == *" $p "* || $used == *" $s "* ]] && continue
    echo "$p"
    return 0
  done
  return 1
}

start_at() {
  start_server server.log "$EX_BIN/server" -p "$1"
  wait_for_line server.log '^server: ready on 127\.0\.0\.1:[0-9]+ \(pid [0-9]+\)$' ||
    hint "server가 준비 줄을 찍지 못했다: 로그를 보라 (bind가 실패했나? man 2 bind)"
}

@test "the server listens on the port it was given: bind, getsockname and the ready line all say P" {
  local p
  p=$(pick_port) || skip "no free port pair found"
  start_at "$p"
  local got
  got=$(sed -n 's/^server: getsockname([0-9]*) = 127\.0\.0\.1:\([0-9]*\)$/\1/p' server.log | tail -n 1)
  [ "$got" = "$p" ] ||
    hint "-p $p를 줬는데 커널은 포트 $got에 bind했다. $p = 0x$(printf %04X "$p"), $got = 0x$(printf %04X "$got"): sin_port는 어떤 바이트 순서로 적는가? (man 3 htons, man 7 ip)"
  grep -qE "^server: bind\\([0-9]+, 127\\.0\\.0\\.1:$p\\) = 0$" server.log || hint "bind 줄이 127.0.0.1:$p가 아니다: $(grep bind server.log)"
  grep -q "^server: ready on 127\\.0\\.0\\.1:$p " server.log || hint "준비 줄의 포트가 $p가 아니다"
  stop_server_cleanly
}

@test "a client that connects to -p P gets its answer" {
  local p
  p=$(pick_port) || skip "no free port pair found"
  start_at "$p"
  run_timeout --separate-stderr "$EX_BIN/client" -p "$p" hello
  [ "$status" -eq 0 ] && [[ $output =~ recv\([0-9]+\)\ =\ 5\ \"HELLO\" ]] ||
    hint "client가 127.0.0.1:$p에서 답을 받지 못했다 (상태 $status: $stderr). client는 htons로 포트를 적는다: server는? (man 3 htons)"
  stop_server_cleanly
}

@test "-p 0 still gives an ephemeral port that a client can reach" {
  start_at 0
  local got
  got=$(sed -n 's/^server: ready on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' server.log)
  run_timeout --separate-stderr "$EX_BIN/client" -p "$got" zero
  [ "$status" -eq 0 ] && [[ $output == *'"ZERO"'* ]] || hint "포트 0(커널이 고른 포트)으로도 되어야 한다: $stderr"
  stop_server_cleanly
}
