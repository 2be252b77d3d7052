#!/bin/sh
# make demo CH=05-mqueue 가 05-mqueue 폴더에서 실행하는 대화. 직접 실행해도 된다: ./demo.sh
# 두 터미널에서 할 일을 한 화면에: server 를 배경에 띄우고(보류 -H), 우선순위가 다른 메시지를
# 쌓은 뒤 풀어 주고, 보통의 요청·응답을 주고받고, SIGTERM 으로 끝낸다.
set -e

log=$(mktemp) # server 의 출력. 준비 줄을 기다리려고 파일로 받는다.
server=
shown=0

cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"
    wait "$server" || true
  fi
  rm -f "$log"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# server 가 새로 찍은 줄을 보여 준다.
show_server() {
  total=$(wc -l <"$log")
  if [ "$total" -gt "$shown" ]; then
    sed -n "$((shown + 1)),${total}p" "$log"
    shown=$total
  fi
}

# server 의 출력에 정규식과 맞는 줄이 나올 때까지 기다린다 (고정된 sleep 이 아니라 5초까지 확인을 되풀이).
wait_server() {
  tries=250
  until grep -q -- "$1" "$log"; do
    tries=$((tries - 1))
    if [ "$tries" -le 0 ] || ! kill -0 "$server" 2>/dev/null; then
      cat "$log" >&2
      echo "demo: the server did not print '$1'" >&2
      exit 1
    fi
    sleep 0.02
  done
  show_server
}

run() {
  echo "\$ $*"
  "$@"
}

echo '$ ./server -H &                # 큐 /ipc-demo 를 만들고, SIGUSR1 전에는 읽지 않는다'
./server -H >"$log" 2>&1 &
server=$!
wait_server '^server: holding'

echo
echo '# 아무도 읽지 않는 동안 보낸 메시지는 커널 안의 큐에 쌓인다 (-n: 답이 필요 없는 한 방향 메시지)'
run ./client -n -p 1 low
run ./client -n -p 9 high
run ./client -n -p 5 middle
if [ -r /dev/mqueue/ipc-demo ]; then
  run cat /dev/mqueue/ipc-demo # QSIZE: 큐에 든 메시지 바이트의 합
fi

echo
echo '# 보류를 풀면 우선순위가 높은 것부터 나온다'
echo "\$ kill -USR1 $server"
kill -USR1 "$server"
wait_server '^server: drained'

echo
echo '# 보통의 요청: client 는 자기 응답 큐(/ipc-demo.PID)를 만들고 답을 기다린다'
echo "\$ ./client hi 'hello, queue'"
./client hi 'hello, queue'
wait_server 'replied "HELLO, QUEUE"'

echo
echo "\$ kill -TERM $server; wait $server     # server 는 큐를 mq_unlink 하고 끝난다"
kill -TERM "$server"
status=0
wait "$server" || status=$?
server=
show_server
echo "(server exit status $status)"
[ "$status" -eq 0 ]
