#!/bin/sh
# `make demo CH=10-berkeley-api`가 10-berkeley-api 디렉터리에서 실행하는 대화. 직접 실행해도 된다: ./demo.sh
# 터미널 두 개에서 할 일을 한 화면에 보인다: server를 포트 0(커널이 고르는 임시 포트)으로 배경에서 띄우고,
# 준비 줄에서 포트를 읽은 뒤 client를 부른다. 고정된 포트를 쓰지 않으므로 동시에 도는 테스트와 부딪히지 않는다.
# 이어서 같은 포트의 두 번째 server(EADDRINUSE), 멈춘 server의 포트(ECONNREFUSED), 실험 하나를 보인다.
set -e
exec 2>&1 # stderr도 stdout과 같은 순서로 한 화면에

log=$(mktemp "${TMPDIR:-/tmp}/10-berkeley-api-demo.XXXXXX")
spid=
shown=0

cleanup() {
  if [ -n "$spid" ] && kill -0 "$spid" 2>/dev/null; then
    kill -TERM "$spid" # server는 SIGTERM을 받으면 소켓을 닫고 상태 0으로 끝난다
    wait "$spid" || true
  fi
  rm -f "$log"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# show_until 정규식: server 로그에 그 줄이 나올 때까지 (5초까지) 기다렸다가, 아직 보이지 않은 줄을 보인다.
show_until() {
  tries=250
  # 아직 보여 주지 않은 줄에서만 찾는다: 같은 줄이 앞에 이미 있으면 (두 번째 server의 준비 줄) 기다리지 않게 된다
  until sed -n "$((shown + 1)),\$p" "$log" | grep -q -- "$1"; do
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

echo '# 1. server: socket → setsockopt → bind(포트 0) → listen. 커널이 고른 포트를 준비 줄에 찍는다'
echo '$ ./server -p 0 &'
./server -p 0 >"$log" 2>&1 &
spid=$!
show_until '^server: ready on'
port=$(sed -n 's/^server: ready on [0-9.]*:\([0-9]*\) .*/\1/p' "$log")

echo
echo '# 2. client: connect가 임시 포트를 붙이고, send → shutdown(SHUT_WR) → EOF까지 recv'
echo "\$ ./client -p $port hello"
./client -p "$port" hello
show_until '^server: close(4) = 0'

echo
echo '# 3. 같은 포트에 두 번째 server: 살아서 listen 중인 포트는 SO_REUSEADDR로도 못 가져간다'
echo "\$ ./server -p $port"
status=0
./server -p "$port" || status=$?
echo "(exit status $status)"

echo
echo '# 4. SIGTERM: server는 듣는 소켓을 닫고 0으로 끝난다. 그 포트에 connect하면 ECONNREFUSED'
echo "\$ kill -TERM $spid; wait $spid"
kill -TERM "$spid"
wait "$spid"
spid=
show_until '^server: close(3) = 0'
echo "\$ ./client -p $port hello"
status=0
./client -p "$port" hello || status=$?
echo "(exit status $status)"

echo
echo '# 5. 실험: shutdown(SHUT_WR)과 close의 차이 (반쯤 닫기)'
echo '$ ./experiments/shutdown_half_close'
./experiments/shutdown_half_close
