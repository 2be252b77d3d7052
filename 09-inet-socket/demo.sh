#!/bin/sh
# make demo CH=09-inet-socket가 09-inet-socket 디렉터리에서 실행하는 대화. 직접 실행해도 된다: ./demo.sh
# 터미널 두 개에서 할 일을 한 화면에 보인다: server를 배경에서 -p 0 (커널이 고른 빈 포트)으로 띄우고, 준비 줄에서
# 포트를 읽은 뒤 client를 부른다. 포트를 정해 두지 않으므로 동시에 도는 다른 데모나 테스트와 부딪히지 않는다.
set -e
exec 2>&1 # stderr도 stdout과 같은 순서로 한 화면에

log=$(mktemp "${TMPDIR:-/tmp}/09-inet-socket-demo.XXXXXX")
dir=$(mktemp -d "${TMPDIR:-/tmp}/09-inet-socket-demo.XXXXXX") # 6절의 client가 stdin으로 쓸 FIFO를 둘 곳
spid=
shown=0

cleanup() {
  if [ -n "$spid" ] && kill -0 "$spid" 2>/dev/null; then
    kill -TERM "$spid" # server는 SIGTERM을 받으면 연결을 모두 닫고 끝난다
    wait "$spid" || true
  fi
  rm -f "$log"
  rm -rf "$dir"
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

# start_server 인자...: server를 띄우고 준비 줄을 기다린 뒤 포트를 port에 둔다
start_server() {
  echo "\$ ./server $* &"
  ./server "$@" >>"$log" 2>&1 &
  spid=$!
  show_until "ready on .* (pid $spid)"
  port=$(sed -n "s/^server: ready on \[[^]]*\]:\([0-9]*\) .*(pid $spid)\$/\1/p" "$log")
}

echo '# 1. 포트 0: 커널이 빈 임시 포트를 고르고, 준비 줄이 그 번호를 알린다. [::] 소켓 하나가 IPv4도 받는다'
start_server -p 0

echo
echo '# 2. 이름(localhost)으로 connect: client는 getaddrinfo의 결과(127.0.0.1, 있으면 ::1)를 차례로 해 본다. 한 줄에 답 한 줄'
printf '%s\n' "\$ printf 'hello\\ninet socket\\n' | ./client -a localhost -p $port"
env printf 'hello\ninet socket\n' | ./client -a localhost -p "$port" # env printf: 두 줄을 write 한 번에 (bash의 내장 printf는 줄마다 따로 쓴다)
show_until 'left (EOF'

if grep -q '^0\{31\}1 ' /proc/net/if_inet6 2>/dev/null; then
  echo
  echo '# 3. 같은 포트에 IPv6로: server는 상대를 [::1]로 본다. IPv4 client는 [::ffff:127.0.0.1]로 보인다 (듀얼 스택)'
  echo "\$ echo six | ./client -a ::1 -p $port"
  echo six | ./client -a ::1 -p "$port"
  show_until '\[::1\]:.* left'
fi

echo
printf '%s\n' "# 4. 끝나지 않은 반쪽 줄은 client가 떠날 때 버려진다 (줄의 끝은 '\\n' 으로만 안다)"
printf '%s\n' "\$ printf 'whole\\nhalf' | ./client -a 127.0.0.1 -p $port"
printf 'whole\nhalf' | ./client -a 127.0.0.1 -p "$port"
show_until 'bytes of a partial line dropped'

echo
echo '# 5. 풀 수 없는 이름과 없는 서비스: getaddrinfo의 오류는 gai_strerror의 글로'
echo "\$ ./client -a nosuch.invalid -p $port"
./client -a nosuch.invalid -p "$port" </dev/null || true
echo "\$ ./client -p no-such-service"
./client -p no-such-service </dev/null || true

echo
echo '# 6. 연결된 client가 있을 때 SIGTERM: server가 먼저 닫는다. client는 EOF를 보고, 먼저 닫은 server 쪽에 TIME_WAIT이 남는다'
mkfifo "$dir/in"
echo "\$ ./client -a 127.0.0.1 -p $port <fifo &    (stdin이 열려 있는 동안 연결된 채 기다린다)"
./client -a 127.0.0.1 -p "$port" <"$dir/in" >"$dir/out" 2>&1 &
cpid=$!
exec 3<>"$dir/in" # FIFO의 쓰는 끝을 쥔다: client의 open이 풀리고, 이 fd를 닫기 전에는 EOF가 가지 않는다
show_until 'connected, 1 clients'
echo "\$ kill -TERM $spid; wait $spid"
kill -TERM "$spid"
wait "$spid"
spid=
show_until 'closed'
wait "$cpid" || true
cat "$dir/out"
exec 3>&-
if command -v ss >/dev/null 2>&1; then
  echo "\$ ss -tan state time-wait '( sport = :$port )'"
  ss -tan state time-wait "( sport = :$port )"
fi
echo "\$ echo hi | ./client -a 127.0.0.1 -p $port"
echo hi | ./client -a 127.0.0.1 -p "$port" || true

echo
echo '# 7. 같은 포트로 곧바로 다시 띄운다: TIME_WAIT이 남아 있어도 SO_REUSEADDR 덕에 bind 한다'
start_server -p "$port"
echo "\$ echo again | ./client -a 127.0.0.1 -p $port"
echo again | ./client -a 127.0.0.1 -p "$port"
show_until 'left (EOF'
kill -TERM "$spid"
wait "$spid"
spid=
show_until 'closed'

echo '# 8. TCP는 write의 경계를 나르지 않는다 (위의 줄 프레이밍이 그래서 있다). UDP는 데이터그램 하나가 recv 하나다'
echo '$ ./experiments/stream_no_boundaries'
./experiments/stream_no_boundaries
echo '$ ./experiments/datagram_boundaries'
./experiments/datagram_boundaries
