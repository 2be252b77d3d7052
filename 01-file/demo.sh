#!/bin/sh
# make demo CH=01-file가 01-file 디렉터리에서 실행하는 대화. 직접 실행해도 된다: ./demo.sh
# 터미널 두 개에서 칠 명령을 차례로 보여 준다. server(터미널 1)의 출력은 임시 파일로 받아 두었다가
# 그때그때 옮겨 적는다. 잠금 장면에는 실험 프로그램 experiments/hold_lock을 쓴다.
# 이 데모가 만든 demo.data, demo.log는 끝에 지운다 (전에 만들어 둔 것이 있으면 두고 이어서 센다).
# 이름은 모두 이 디렉터리 안의 경로(./demo.*)다: 같은 디렉터리에서 두 데모를 동시에 돌리지는 않는다
# (make trace는 flock으로 한 번에 하나씩 돌린다).
set -e

out=$(mktemp)
hout=$(mktemp)
iout=$(mktemp)
server=
holder=
waiter=
created=
for f in demo.data demo.log; do
    [ -e "$f" ] || created="$created $f"
done

cleanup() {
    for p in $waiter $holder $server; do
        kill -TERM "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    # shellcheck disable=SC2086  # created는 일부러 단어로 나눈다 (공백 없는 두 이름)
    [ -z "$created" ] || rm -f $created
    rm -f "$out" "$hout" "$iout"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

shown=0
show_server() { # server가 새로 찍은 줄을 옮겨 적는다
    total=$(wc -l <"$out")
    if [ "$total" -gt "$shown" ]; then
        sed -n "$((shown + 1)),${total}p" "$out"
    fi
    shown=$total
}

wait_for() { # wait_for 설명 명령...: 명령이 성공할 때까지 5초까지 기다린다 (짧게 쉬며 다시 본다)
    what=$1
    shift
    tries=0
    until "$@"; do
        tries=$((tries + 1))
        if [ "$tries" -gt 250 ]; then
            echo "demo.sh: no '$what' within 5 s" >&2
            exit 1
        fi
        sleep 0.02
    done
}

echo '# 터미널 1'
echo '$ ./server &'
./server >"$out" 2>&1 &
server=$!
wait_for 'ready line' grep -q '^server: ready on ' "$out"
show_server

echo
echo '# 터미널 2'
echo "\$ ./client send 'hello, file'      # 요청 파일을 rename으로 발행하고 응답 파일을 기다린다"
./client send 'hello, file'
show_server

echo '$ ./client inc 3                  # 카운터를 잠금 아래에서 세 번 올린다 (server와 말하지 않는다)'
./client inc 3

echo '$ ./experiments/hold_lock &       # 실험: 카운터의 쓰기 잠금을 쥐고 기다린다'
./experiments/hold_lock >"$hout" 2>&1 &
holder=$!
wait_for 'holding line' grep -q '^hold_lock: holding the write lock' "$hout"
cat "$hout"

echo '$ ./client inc &                  # F_SETLKW: 잠금이 풀릴 때까지 잠든다 (블로킹)'
./client inc >"$iout" 2>&1 &
waiter=$!
wait_for 'a waiting lock' grep -qE "^[0-9]+: -> POSIX +ADVISORY +WRITE +$waiter " /proc/locks
echo "\$ grep -e ' $holder ' -e ' $waiter ' /proc/locks   # 커널의 잠금 표: ->는 기다리는 쪽"
grep -e " $holder " -e " $waiter " /proc/locks | sed 's/ [0-9a-f]*:[0-9a-f]*:[0-9]* / DEV:INODE /'

echo "\$ kill -TERM $holder; wait       # 쥔 쪽이 놓으면 기다리던 inc가 들어간다"
kill -TERM "$holder"
wait "$holder"
holder=
wait "$waiter"
waiter=
tail -n 1 "$hout"
cat "$iout"

echo "\$ ./client send 'bye'"
./client send 'bye'
show_server

echo '$ ls -A demo.spool                # 요청과 응답은 오가며 사라졌다. 남은 것은 server의 잠금 파일'
ls -A demo.spool

echo
echo '# 터미널 1'
echo "\$ kill -TERM $server; wait"
kill -TERM "$server"
wait "$server"
server=
show_server

echo
echo '$ ls -d demo.spool demo.data demo.log   # spool은 사라졌고, 카운터와 기록은 남았다'
ls -d demo.spool demo.data demo.log 2>&1 || true
echo '$ cat demo.data demo.log'
cat demo.data demo.log
