#!/bin/sh
# make demo CH=07-mmap가 07-mmap 디렉터리에서 실행하는 대화. 직접 실행해도 된다: ./demo.sh
# 터미널 두 개에서 할 일을 한 화면에 보여 준다: server는 배경(&)에서 돌고, 그 출력은 로그 파일로
# 모았다가 client의 줄 뒤에 보여 준다. 기다림은 모두 "그 줄이 나올 때까지" 짧게 확인하는 방식이다.
# 파일 이름에 이 셸의 PID를 붙인다 (demo-1234.map): 데모 둘이 동시에 돌아도 부딪히지 않는다.
# server는 파일을 남기므로 (이 장의 요점), 데모는 마지막에 그것을 보여 준 뒤 스스로 지운다.
set -e

map=demo-$$.map
log=$(mktemp "${TMPDIR:-/tmp}/07-mmap-demo.XXXXXX")
spid=
shown=0

cleanup() {
  if [ -n "$spid" ]; then
    kill -KILL "$spid" 2>/dev/null || true
    wait "$spid" 2>/dev/null || true
  fi
  rm -f "$log" "$map"
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

run() {
  echo "\$ $*"
  "$@"
}

echo '# 1. server가 파일을 만들어 MAP_SHARED로 매핑한다 (fd는 곧바로 닫는다)'
echo "\$ ./server -f $map -i 100 &"
./server -f "$map" -i 100 >"$log" 2>&1 &
spid=$!
show_until '^server: ready'
run grep -F "$map" "/proc/$spid/maps"

echo
echo '# 2. client는 같은 파일을 매핑해 읽고, 답장을 메모리에 쓴다'
run ./client -f "$map"
run ./client -f "$map" -w hello
show_until 'reply 1 from pid'

echo
echo '# 3. server가 끝나도 파일은 남는다: 메모리에 쓴 것이 곧 파일의 내용이다'
echo "\$ kill -TERM $spid; wait $spid"
kill -TERM "$spid"
wait "$spid"
spid=
show_until 'is kept'
run od -A d -c "$map"
run ./client -f "$map"
