#!/bin/sh
# make demo CH=08-unix-socket가 08-unix-socket 디렉터리에서 실행하는 대화. 직접 실행해도 된다: ./demo.sh
# 터미널 두 개에서 할 일을 한 화면에 보인다: server를 배경에서 띄우고, 준비 줄이 나올 때까지 기다린 뒤
# client를 부른다. 소켓 경로에는 이 셸의 PID를 붙여(./demo-PID.sock), 동시에 도는 다른 데모나
# 테스트와 부딪히지 않게 한다.
set -e

sock=./demo-$$.sock
log=$(mktemp "${TMPDIR:-/tmp}/08-unix-socket-demo.XXXXXX")
spid=
shown=0

cleanup() {
  if [ -n "$spid" ] && kill -0 "$spid" 2>/dev/null; then
    kill -TERM "$spid" # server는 SIGTERM을 받으면 소켓 파일을 지우고 끝난다
    wait "$spid" || true
  fi
  rm -f "$log" "$sock" # SIGKILL로 멈춘 server가 남긴 소켓 파일도 (데모가 중간에 멈췄을 때)
}
trap cleanup EXIT
trap 'exit 1' INT TERM

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

start_server() {
  echo "\$ ./server -s $sock &"
  ./server -s "$sock" >>"$log" 2>&1 &
  spid=$!
  show_until "ready on $sock"
}

echo '# 1. 주소는 파일 시스템의 경로다: 종류가 s인 파일, 모드 600, 크기 0. 열 수는 없다 (ENXIO)'
start_server
echo "\$ ls -l $sock"
ls -l "$sock"
echo "\$ cat $sock"
cat "$sock" 2>&1 || true

echo
echo '# 2. 한 줄에 답 한 줄. server는 SO_PEERCRED로 client의 PID와 UID를 안다'
printf '%s\n' "\$ printf 'hello\\nunix socket\\n' | ./client -s $sock"
printf 'hello\nunix socket\n' | ./client -s "$sock"
show_until 'left (EOF'

echo
echo '# 3. 제어 문자가 든 줄은 ERR, 끝나지 않은 반쪽 줄은 client가 떠날 때 버려진다'
printf '%s\n' "\$ printf 'tab\\there\\nhalf' | ./client -s $sock"
printf 'tab\there\nhalf' | ./client -s "$sock"
show_until 'bytes of a partial line dropped'

echo
echo '# 4. SIGKILL로 죽은 server는 소켓 파일을 남긴다: connect는 ECONNREFUSED, 다음 server가 치운다'
echo "\$ kill -KILL $spid"
kill -KILL "$spid"
wait "$spid" || true
spid=
echo "\$ ls -l $sock"
ls -l "$sock"
echo "\$ echo hi | ./client -s $sock"
echo hi | ./client -s "$sock" 2>&1 || true
start_server
echo "\$ echo again | ./client -s $sock"
echo again | ./client -s "$sock"
show_until 'left (EOF'

echo
echo '# 5. SIGTERM: server가 소켓 파일을 지우고 상태 0으로 끝난다'
echo "\$ kill -TERM $spid; wait $spid"
kill -TERM "$spid"
wait "$spid"
spid=
show_until 'removed'
echo "\$ ls $sock"
ls "$sock" 2>&1 || true
