#!/bin/sh
# make demo CH=01-file 가 01-file 폴더에서 실행하는 대화. 직접 실행해도 된다: ./demo.sh
# 터미널 두 개에서 칠 명령을 차례로 보여 준다. server(터미널 1)의 출력은 임시 파일로 받아
# 두었다가 그때그때 옮겨 적는다. 이 데모가 만든 demo.data, demo.log 는 끝에 지운다
# (전에 직접 실험하며 만들어 둔 것이 있으면 그대로 두고, 이어서 센다).
set -e

out=$(mktemp)
hout=$(mktemp)
server=
holder=
created=
for f in demo.data demo.log; do
    [ -e "$f" ] || created="$created $f"
done

cleanup() {
    if [ -n "$holder" ]; then
        kill -TERM "$holder" 2>/dev/null || true
        wait "$holder" 2>/dev/null || true
    fi
    if [ -n "$server" ]; then
        kill -TERM "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    # shellcheck disable=SC2086  # created 는 일부러 단어로 나눈다 (공백 없는 두 이름)
    [ -z "$created" ] || rm -f $created
    rm -f "$out" "$hout"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

shown=0
show_server() { # server 가 새로 찍은 줄을 옮겨 적는다
    total=$(wc -l <"$out")
    if [ "$total" -gt "$shown" ]; then
        sed -n "$((shown + 1)),${total}p" "$out"
    fi
    shown=$total
}

wait_line() { # wait_line 파일 정규식: 그 줄이 나올 때까지 5초까지 기다린다 (짧게 쉬며 다시 본다)
    tries=0
    until grep -q "$2" "$1"; do
        tries=$((tries + 1))
        if [ "$tries" -gt 250 ]; then
            echo "demo.sh: no '$2' within 5 s" >&2
            cat "$1" >&2
            exit 1
        fi
        sleep 0.02
    done
}

echo '# 터미널 1'
echo '$ ./server &'
./server >"$out" 2>&1 &
server=$!
wait_line "$out" '^server: ready on '
show_server

echo
echo '# 터미널 2'
echo "\$ ./client send 'hello, file'      # 요청 파일을 rename 으로 발행하고 응답 파일을 기다린다"
./client send 'hello, file'
show_server

echo '$ ./client inc 3                  # 카운터를 잠금 아래에서 세 번 올린다 (server 와 말하지 않는다)'
./client inc 3

echo '$ ./client hold &                 # 잠금을 쥐고 기다린다'
./client hold >"$hout" 2>&1 &
holder=$!
wait_line "$hout" '^client: holding the lock'
cat "$hout"

echo '$ ./client -n inc                 # 잠겨 있다: F_SETLK 는 기다리지 않고 실패한다'
./client -n inc 2>&1 || echo "(exit status $?)"

echo "\$ kill -TERM $holder; wait"
kill -TERM "$holder"
wait "$holder"
holder=
tail -n 1 "$hout"

echo "\$ ./client send 'bye'"
./client send 'bye'
show_server

echo '$ ls -A demo.spool                # 요청과 응답은 오가며 사라졌다. 남은 것은 server 의 잠금 파일'
ls -A demo.spool

echo
echo '# 터미널 1'
echo "\$ kill -TERM $server; wait"
kill -TERM "$server"
wait "$server"
server=
show_server

echo
echo '$ ls -d demo.spool demo.data demo.log   # spool 은 사라졌고, 카운터와 기록은 남았다'
ls -d demo.spool demo.data demo.log 2>&1 || true
echo '$ cat demo.data demo.log'
cat demo.data demo.log
