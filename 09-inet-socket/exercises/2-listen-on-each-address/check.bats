#!/usr/bin/env bats
# 09-inet-socket 연습 2의 채점기: make exercise EX=09-inet-socket/2가 부른다 (tools/exercise.sh).
# 학생의 server를 "$EX_BIN"에서 부르고, bash의 /dev/tcp로 127.0.0.1과 ::1에 붙어 본다.

load "$IPC_TOP/tests/test_helper"

# start_ex 로그 [인자...]: server를 -p 0 (또는 인자)로 띄우고 준비 줄을 기다린 뒤 포트를 PORT에
start_ex() {
  local log=$1
  shift
  start_server "$log" "$@"
  wait_for_line "$log" '^server: ready on \[[^]]*\]:[0-9]+ ' ||
    hint "server가 준비 줄을 찍지 못했다. listen_on()이 듣는 소켓을 만들고(socket, bind, listen), main의 루프가 그것을 lfd에 두는지 보라 (README.md의 TODO 1, TODO 2)"
  PORT=$(sed -n 's/^server: ready on \[[^]]*\]:\([0-9]*\) .*/\1/p' "$log" | tail -n 1)
}

# ask 주소 줄: 그 주소의 PORT에 붙어 한 줄을 보내고 답 한 줄을 REPLY_LINE에
ask() {
  local fd
  REPLY_LINE=
  exec {fd}<>"/dev/tcp/$1/$PORT" || return 1
  printf '%s\n' "$2" >&"$fd"
  IFS= read -r -t "$WAIT_TIMEOUT" REPLY_LINE <&"$fd" || true
  exec {fd}>&-
}

have_ipv6() {
  grep -q '^0\{31\}1 ' /proc/net/if_inet6 2>/dev/null
}

# no_ipv6_shim: socket(AF_INET6, ...)이 EAFNOSUPPORT로 실패하게 하는 LD_PRELOAD 라이브러리를 만든다
no_ipv6_shim() {
  local so=$BATS_RUN_TMPDIR/no_ipv6.so
  if [ ! -e "$so" ]; then
    "${CC:-cc}" -shared -fPIC -x c -o "$so.tmp" - -ldl <<'C' || return 1
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sys/socket.h>
int socket(int domain, int type, int protocol)
{
    if (domain == AF_INET6)
        return errno = EAFNOSUPPORT, -1;
    int (*real)(int, int, int) = (int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");
    return real(domain, type, protocol);
}
C
    mv -f "$so.tmp" "$so"
  fi
  echo "$so"
}

stop_ex() {
  kill -TERM "$SERVER_PID"
  wait_exit "$SERVER_PID"
  [ "$EXIT_STATUS" -eq 0 ] || hint "SIGTERM에 상태 $EXIT_STATUS로 끝났다 (0이어야 한다)"
}

@test "the server listens on a port the kernel picked (-p 0) and answers an IPv4 client" {
  start_ex server.log "$EX_BIN/server" -p 0
  [ "$PORT" -gt 0 ] || hint "준비 줄의 포트가 0이다: 포트 0으로 bind하면 커널이 고른 포트는 getsockname으로 읽는다"
  ask 127.0.0.1 hi
  [ "$REPLY_LINE" = "OK hi" ] || hint "127.0.0.1로 붙은 client가 답을 받지 못했다 (\"$REPLY_LINE\")"
  stop_ex
}

@test "one IPv6 socket serves ::1 and 127.0.0.1 on the same port (dual stack)" {
  have_ipv6 || skip "no ::1 on this computer"
  start_ex server.log "$EX_BIN/server" -p 0
  grep -q '^server: ready on \[::\]:[0-9]* (IPv6 and IPv4)' server.log ||
    hint "준비 줄이 [::] (IPv6 and IPv4)가 아니다: $(grep ready server.log). AF_INET6 결과를 먼저 해 보았는가?"
  ask ::1 six
  [ "$REPLY_LINE" = "OK six" ] || hint "::1로 붙은 client가 답을 받지 못했다"
  ask 127.0.0.1 four
  [ "$REPLY_LINE" = "OK four" ] ||
    hint "IPv6 소켓이 IPv4 client를 받지 못한다: IPV6_V6ONLY를 0으로 두었는가? (bind 전에, man 7 ipv6)"
  stop_ex
}

@test "where IPv6 is unavailable the server says so in one line and falls back to IPv4" {
  local so
  so=$(no_ipv6_shim) || skip "cannot build an LD_PRELOAD library here (cc -shared)"
  start_ex server.log env LD_PRELOAD="$so" "$EX_BIN/server" -p 0
  grep -qx 'server: socket \[::\]:0: Address family not supported by protocol' server.log ||
    hint "socket(AF_INET6)이 실패하면 \"server: socket [::]:0: Address family not supported by protocol\" 한 줄을 써야 한다. 지금 로그: $(head -n 3 server.log)"
  grep -q '^server: ready on \[0\.0\.0\.0\]:[0-9]* (IPv4 only)' server.log ||
    hint "IPv6가 안 되면 다음 결과(0.0.0.0)로 물러서야 한다"
  ask 127.0.0.1 still
  [ "$REPLY_LINE" = "OK still" ] || hint "물러선 IPv4 소켓이 답하지 않는다"
  stop_ex
}

@test "a second server on a busy port reports bind: Address already in use and exits 1" {
  start_ex server.log "$EX_BIN/server" -p 0
  run_timeout --separate-stderr "$EX_BIN/server" -p "$PORT"
  [ "$status" -eq 1 ] || hint "쓰이는 포트에 뜬 두 번째 server가 상태 $status로 끝났다 (1이어야 한다)"
  # shellcheck disable=SC2154  # stderr는 bats의 run --separate-stderr가 채운다
  [[ $stderr == *"server: bind "*":$PORT: Address already in use"* ]] ||
    hint "실패한 주소마다 \"server: bind [주소]:포트: Address already in use\" 꼴의 한 줄을 써야 한다. 지금: $stderr"
  stop_ex
}

@test "after SIGTERM with a client connected, a new server binds the same port at once (SO_REUSEADDR)" {
  start_ex server.log "$EX_BIN/server" -p 0
  local fd port=$PORT
  exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"
  wait_for_line server.log 'connected, 1 clients$'
  stop_ex # server가 먼저 닫는다: 그 쪽의 연결이 TIME_WAIT으로 남는다
  exec {fd}>&-
  start_server server2.log "$EX_BIN/server" -p "$port"
  local tries=$((WAIT_TIMEOUT * 50))
  while ! grep -q '^server: ready on ' server2.log; do
    alive "$SERVER_PID" ||
      hint "같은 포트로 다시 띄운 server가 끝났다: $(cat server2.log). 먼저 닫은 server 쪽 연결이 TIME_WAIT에 남아 있다: bind 전에 SO_REUSEADDR를 켰는가? (NOTES 1.4절)"
    [ $((tries -= 1)) -gt 0 ] || hint "다시 띄운 server가 준비 줄을 찍지 않는다"
    sleep "$POLL_INTERVAL"
  done
  stop_ex
}
