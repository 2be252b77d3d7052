#!/bin/sh
# make demo CH=04-fifo 가 04-fifo 폴더에서 실행하는 대화. 직접 실행해도 된다: ./demo.sh
# 터미널 두 개에서 할 일을 한 화면에 보인다: server 를 배경에서 띄우고, 준비 줄이 나올 때까지
# 기다린 뒤 client 를 부르고, 끝으로 server 를 SIGTERM 으로 멈춘다.
set -e

log=$(mktemp) # server 의 출력. 준비 줄을 기다리려고 파일로 받는다.
server_pid=
shown=0

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" # server 는 SIGTERM 을 받으면 자기 FIFO 를 지우고 끝난다
    wait "$server_pid" || true
  fi
  rm -f "$log"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# server 가 그새 출력한 줄을 보여 준다.
show_server() {
  total=$(wc -l <"$log")
  if [ "$total" -gt "$shown" ]; then
    sed -n "$((shown + 1)),${total}p" "$log"
    shown=$total
  fi
}

# server 의 출력에 정규식 $1 과 맞는 줄이 나올 때까지 기다린다 (0.02초마다 확인, 최대 5초).
wait_for() {
  tries=250
  until grep -q -- "$1" "$log"; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      cat "$log"
      echo "demo: the server ended before printing: $1" >&2
      exit 1
    fi
    tries=$((tries - 1))
    if [ "$tries" -le 0 ]; then
      echo "demo: timed out waiting for: $1" >&2
      exit 1
    fi
    sleep 0.02
  done
}

echo '$ ./server &'
./server >"$log" 2>&1 &
server_pid=$!
wait_for '^server: ready on'
show_server

echo
echo '$ ls -l demo.fifo                 # 종류 p (FIFO), 크기 0: 내용은 디스크에 없다'
ls -l demo.fifo

echo
echo '$ ./client hello'
./client hello
wait_for '"hello" -> "HELLO"'
show_server

echo
echo "\$ ./client -v 'named pipes'"
./client -v 'named pipes'
wait_for '"named pipes" -> "NAMED PIPES"'
show_server

echo
echo '$ timeout 1 ./client -b hello     # 답 FIFO 를 막히는 모드로 열면 open() 에서 잠든다'
status=0
timeout 1 ./client -b hello || status=$?
echo "(exit status $status: timeout had to stop it)"

echo
echo "\$ kill -TERM $server_pid; wait $server_pid"
kill -TERM "$server_pid"
wait "$server_pid"
server_pid=
show_server

echo
echo '$ ./client hello                  # server 가 없으면'
status=0
./client hello || status=$?
echo "(exit status $status)"
