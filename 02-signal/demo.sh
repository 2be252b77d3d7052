#!/bin/sh
# make demo CH=02-signal가 02-signal 디렉터리에서 실행하는 대화. 직접 실행해도 된다: ./demo.sh
# 터미널 두 개에서 할 일을 한 화면에 보여 준다: server는 배경(&)에서 돌고, 그 출력은 로그 파일로
# 모았다가 client의 줄 뒤에 보여 준다. 기다림은 모두 "그 줄(또는 그 상태)이 나올 때까지" 짧게 확인한다.
# 이름 있는 객체는 없고, 로그는 mktemp의 고유한 이름이라 두 데모가 동시에 돌아도 부딪히지 않는다.
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
trap 'exit 1' INT TERM HUP

# show_until 정규식: server 로그에 그 줄이 나올 때까지 (5초까지) 기다렸다가, 아직 보여 주지 않은
# server의 줄들을 보여 준다.
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

# wait_stopped: server가 정말 멈출 때까지 (/proc의 상태가 T, strace 아래에서는 t) 기다린다.
# kill -STOP은 시그널을 보내기만 하고 돌아온다: 멈추는 것은 server가 그 시그널을 받을 때다.
wait_stopped() {
  tries=250
  while :; do
    state=$(sed 's/.*) //; s/ .*//' "/proc/$spid/stat")
    case $state in T | t) return ;; esac
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || { echo "demo: the server did not stop (state $state)" >&2; exit 1; }
    sleep 0.02
  done
}

run() {
  echo "\$ $*"
  "$@"
}

echo '# 1. 명령으로서의 시그널: 번호 하나, sigqueue라면 int 값 하나'
echo '$ ./server &'
./server >"$log" 2>&1 &
spid=$!
show_until '^server: ready'
run ./client "$spid" usr1
show_until 'SIGUSR1 from pid'
run ./client "$spid" rt 42
show_until 'value 42)'

echo
echo '# 2. 멈춘 server에 보낸 시그널은 보류된다: 표준 시그널은 합쳐지고, 실시간 시그널은 쌓인다'
echo "\$ kill -STOP $spid"
kill -STOP "$spid"
wait_stopped
run ./client -n 5 "$spid" usr1 1
run ./client -n 5 "$spid" rt 1
echo "\$ grep -E '^(State|SigQ|ShdPnd)' /proc/$spid/status    # 보류(pending) 된 것"
grep -E '^(State|SigQ|ShdPnd)' "/proc/$spid/status"
echo "\$ kill -CONT $spid"
kill -CONT "$spid"
show_until 'SIGRTMIN from pid [0-9]* (sigqueue, value 5)'

echo
echo '# 3. 커널이 보낸 시그널 (파이프의 O_ASYNC 알림): 보낸 프로세스가 없으니 PID도 없다'
run experiments/kernel_sent_signal "$spid"
show_until 'from the kernel'

echo
echo '# 4. 끝: SIGTERM도 핸들러로 받아, server는 상태 0으로 끝난다'
echo "\$ kill -TERM $spid; wait $spid"
kill -TERM "$spid"
wait "$spid"
spid=
show_until '^server: exiting'
