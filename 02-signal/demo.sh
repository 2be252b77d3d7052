#!/bin/sh
# make demo CH=02-signal 가 02-signal 폴더에서 실행하는 대화. 직접 실행해도 된다: ./demo.sh
# 터미널 두 개에서 할 일을 한 화면에 보여 준다: server 는 배경(&)에서 돌고, 그 출력은 로그 파일로
# 모았다가 client 의 줄 뒤에 보여 준다. 기다림은 모두 "그 줄이 나올 때까지" 짧게 확인하는 방식이다.
set -e

log=$(mktemp "${TMPDIR:-/tmp}/02-signal-demo.XXXXXX")
spid=
shown=0

cleanup() {
  if [ -n "$spid" ]; then
    kill -KILL "$spid" 2>/dev/null || true
    wait "$spid" 2>/dev/null || true
  fi
  rm -f "$log"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# show_until 정규식: server 로그에 그 줄이 나올 때까지 (5초까지) 기다렸다가, 아직 보여 주지 않은
# server 의 줄들을 보여 준다.
show_until() {
  tries=250
  until grep -q -- "$1" "$log"; do
    tries=$((tries - 1))
    if [ "$tries" -le 0 ]; then
      echo "demo: the server never printed '$1'" >&2
      cat "$log" >&2
      exit 1
    fi
    sleep 0.02
  done
  total=$(wc -l <"$log")
  sed -n "$((shown + 1)),${total}p" "$log"
  shown=$total
}

# start_server [옵션]: ./server 를 배경에서 띄우고 ready 줄을 기다린다 → spid
start_server() {
  echo "\$ ./server${*:+ $*} &"
  : >"$log"
  shown=0
  ./server "$@" >"$log" 2>&1 &
  spid=$!
  show_until '^server: ready'
}

run() {
  echo "\$ $*"
  "$@"
}

stop_server() {
  echo "\$ kill -TERM $spid; wait $spid"
  kill -TERM "$spid"
  wait "$spid"
  spid=
  show_until '^server: exiting'
}

echo '# 1. 명령으로서의 시그널: 번호 하나, sigqueue 라면 int 값 하나'
start_server
run ./client "$spid" usr1
show_until 'SIGUSR1 from pid'
run ./client "$spid" rt 42
show_until 'value 42)'
stop_server

echo
echo '# 2. 막아 둔 동안 보낸 시그널: 표준 시그널은 합쳐지고, 실시간 시그널은 쌓인다'
start_server -b
run ./client "$spid" burst 5
echo "\$ grep -E '^(ShdPnd|SigBlk)' /proc/$spid/status    # 보류(pending)와 차단(blocked)"
grep -E '^(ShdPnd|SigBlk)' "/proc/$spid/status"
run ./client "$spid" usr2
show_until 'after unblocking'
stop_server
