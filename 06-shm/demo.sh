#!/bin/sh
# make demo CH=06-shm가 06-shm 디렉터리에서 실행하는 대화. 직접 실행해도 된다: ./demo.sh
# 두 터미널에서 할 일을 한 화면에: server를 배경에 띄우고, /dev/shm에 객체가 생긴 것을 보고,
# client로 기록 하나, 기록 1000개, 두 client를 한꺼번에 보낸 뒤, SIGTERM으로 끝내고 객체가
# 사라진 것을 본다. 이름은 실행마다 다르다 (PID를 붙인다): 두 데모나 테스트가 동시에 돌아도 부딪히지 않는다.
set -e

name=/ipc-shm-demo-$$
log=$(mktemp "${TMPDIR:-/tmp}/06-shm-demo.XXXXXX") # server의 출력: 준비 줄을 기다리려고 파일로 받는다
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

# show_until 정규식: server의 출력에 그 줄이 나올 때까지 (5초까지) 짧게 확인을 되풀이하고,
# 아직 보여 주지 않은 server의 줄들을 보여 준다.
show_until() {
  tries=250
  # 아직 보여 주지 않은 줄에서만 찾는다: 같은 줄이 앞에 이미 있으면 (두 번째 server의 준비 줄) 기다리지 않게 된다
  until sed -n "$((shown + 1)),\$p" "$log" | grep -q -- "$1"; do
    tries=$((tries - 1))
    if [ "$tries" -le 0 ]; then
      cat "$log" >&2
      echo "demo: the server did not print '$1'" >&2
      exit 1
    fi
    sleep 0.02
  done
  total=$(wc -l <"$log")
  sed -n "$((shown + 1)),${total}p" "$log"
  shown=$total
}

run() {
  echo "\$ $*"
  "$@"
}

echo "\$ ./server -n $name &"
./server -n "$name" >"$log" 2>&1 &
server=$!
show_until '^server: ready'
run ls -l "/dev/shm/${name#/}"

echo
echo '# 기록 하나: client는 객체를 열고(fstat으로 크기, magic을 확인) 고리의 칸에 대입한다'
run ./client -n "$name" hello
show_until '"hello"$'

echo
echo '# 기록 1000개: 칸은 16개뿐이라 client는 고리가 차면 server가 비울 때까지 기다린다'
run ./client -n "$name" -c 1000 tick
show_until '"tick"$'

echo
echo '# client 둘이 한꺼번에: lock 세마포어가 head와 칸을 한 번에 하나씩 쓰게 한다'
echo "\$ ./client -n $name -c 500 A & ./client -n $name -c 500 B; wait"
./client -n "$name" -c 500 A &
other=$!
./client -n "$name" -c 500 B
wait "$other"
# 두 client의 결과 줄을 함께 기다린다: 어느 줄이 먼저 찍힐지는 server가 어느 마지막 기록을 먼저 꺼내느냐에 달렸다
tries=250
until [ "$(grep -cE '"(A|B)"$' "$log")" -ge 2 ] || [ $((tries -= 1)) -le 0 ]; do
  sleep 0.02
done
show_until '"[AB]"$'

echo
echo "\$ kill -TERM $server; wait $server     # server는 shm_unlink 하고 끝난다"
kill -TERM "$server"
status=0
wait "$server" || status=$?
server=
show_until '^server: SIGTERM'
echo "(server exit status $status)"
echo "\$ ls /dev/shm/${name#/}"
if ls "/dev/shm/${name#/}" 2>&1; then
  echo "demo: /dev/shm/${name#/} is still there" >&2
  exit 1
fi
[ "$status" -eq 0 ]
