#!/bin/sh
# make demo CH=04-fifo가 04-fifo 디렉터리에서 실행하는 대화. 직접 실행해도 된다: ./demo.sh
# 터미널 두 개에서 할 일을 한 화면에 보인다: server를 배경에서 띄우고, 준비 줄을 기다린 뒤 client를
# 부르고, server를 SIGTERM으로 멈춘다. 이어서 SIGKILL된 server가 남긴 FIFO를 보이고, 여분의 writer가
# 없는 server가 무엇을 보는지 실험 하나로 보인다. (make trace는 한 번에 하나씩 돌아 ./demo.fifo가
# 부딪히지 않는다.)
set -e
exec 2>&1 # stderr도 stdout과 같은 순서로 한 화면에

log=$(mktemp) # server의 출력. 준비 줄을 기다리려고 파일로 받는다.
server_pid=
shown=0

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" # server는 SIGTERM을 받으면 자기 FIFO를 지우고 끝난다
    wait "$server_pid" || true
  fi
  rm -f "$log"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# server가 그새 출력한 줄을 보여 준다.
show_server() {
  total=$(wc -l <"$log")
  if [ "$total" -gt "$shown" ]; then
    sed -n "$((shown + 1)),${total}p" "$log"
    shown=$total
  fi
}

# server의 출력에 정규식 $1과 맞는 줄이 나올 때까지 기다린다 (0.02초마다 확인, 최대 5초).
wait_for() {
  tries=250
  # 아직 보여 주지 않은 줄에서만 찾는다: 같은 줄이 앞에 이미 있으면 (두 번째 server의 준비 줄) 기다리지 않게 된다
  until sed -n "$((shown + 1)),\$p" "$log" | grep -q -- "$1"; do
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

# start_server: ./server를 배경에서 띄우고 준비 줄을 기다린다.
start_server() {
  : >"$log"
  shown=0
  ./server >"$log" 2>&1 &
  server_pid=$!
  wait_for '^server: ready on'
  show_server
}

echo '$ ./server &'
start_server

echo
echo '$ ls -l demo.fifo                 # 종류 p (FIFO), 크기 0: 내용은 디스크에 없다'
ls -l demo.fifo

echo
echo '$ ./client hello'
./client hello
wait_for '"hello" -> "HELLO"'
show_server

echo
echo "\$ ./client 'named pipes'"
./client 'named pipes'
wait_for '"named pipes" -> "NAMED PIPES"'
show_server

echo
echo "\$ kill -TERM $server_pid; wait $server_pid"
kill -TERM "$server_pid"
wait "$server_pid"
server_pid=
show_server

echo
echo '$ ./client hello                  # server가 없으면'
status=0
./client hello || status=$?
echo "(exit status $status)"

echo
echo '$ ./server & ... kill -KILL $!     # SIGKILL은 잡을 수 없다: 정리 코드가 돌지 못한다'
start_server
kill -KILL "$server_pid"
wait "$server_pid" || true
server_pid=
ls -l demo.fifo

echo
echo '$ ./client hello                  # 이름은 있지만 읽는 server가 없다: ENXIO'
status=0
./client hello || status=$?
echo "(exit status $status)"

echo
echo '$ ./server                        # 남은 이름을 지우지 않고, 까닭과 고치는 법을 알린다'
status=0
./server || status=$?
echo "(exit status $status)"

echo
echo '$ ./experiments/stale_fifo ./demo.fifo; rm demo.fifo'
./experiments/stale_fifo ./demo.fifo || true
rm demo.fifo

echo
echo '$ ./experiments/no_spare_writer   # 여분의 writer가 없으면 마지막 writer가 떠난 뒤 EOF가 끝없이 온다'
./experiments/no_spare_writer
