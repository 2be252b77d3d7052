#!/bin/sh
# make demo CH=05-mqueue가 05-mqueue 디렉터리에서 실행하는 대화. 직접 실행해도 된다: ./demo.sh
# 두 터미널에서 할 일을 한 화면에: server를 배경에 띄우고, client가 요청을 보내고 답을 받고,
# 형식 밖의 메시지를 하나 넣어 보고, SIGTERM으로 server를 끝낸다. 마지막으로 우선순위 실험.
# 큐 이름에는 이 셸의 PID를 붙인다: 데모를 동시에 두 번 돌려도(테스트가 그렇게 한다) 겹치지 않는다.
set -e

q=/ipc-demo-$$
log=$(mktemp) # server의 출력. 준비 줄을 기다리려고 파일로 받는다.
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
trap 'exit 1' INT TERM HUP

# server가 새로 찍은 줄을 보여 준다.
show_server() {
  total=$(wc -l <"$log")
  if [ "$total" -gt "$shown" ]; then
    sed -n "$((shown + 1)),${total}p" "$log"
    shown=$total
  fi
}

# server의 출력에 정규식과 맞는 줄이 나올 때까지 기다린다 (고정된 sleep이 아니라 5초까지 확인을 되풀이).
wait_server() {
  tries=250
  # 아직 보여 주지 않은 줄에서만 찾는다: 같은 줄이 앞에 이미 있으면 (두 번째 server의 준비 줄) 기다리지 않게 된다
  until sed -n "$((shown + 1)),\$p" "$log" | grep -q -- "$1"; do
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

echo "\$ ./server -q $q &          # 요청 큐를 만들고 기다린다"
./server -q "$q" >"$log" 2>&1 &
server=$!
wait_server '^server: ready on '

echo
echo "# client는 자기 응답 큐($q.PID)를 만들고, 요청 \"PID TEXT\"를 보내고, 답을 기다린다"
echo "\$ ./client -q $q hi 'hello, queue'"
./client -q "$q" hi 'hello, queue'
wait_server 'replied "HELLO, QUEUE"'

echo
echo '# 큐에는 보낸 이가 적혀 있지 않다: 쓸 권한만 있으면 누구나 아무 바이트나 보낸다'
run ./experiments/anyone_can_send "$q" garbage
wait_server 'malformed message: "garbage"'

echo
echo "\$ kill -TERM $server; wait $server     # server는 큐를 mq_unlink 하고 끝난다"
kill -TERM "$server"
status=0
wait "$server" || status=$?
server=
show_server
echo "(server exit status $status)"
[ "$status" -eq 0 ]

echo
echo '# 아무도 읽지 않는 큐에 쌓인 메시지는 우선순위가 높은 것부터, 같은 우선순위면 먼저 온 것부터 나온다'
run ./experiments/priorities "$q-prio"
