#!/usr/bin/env bats
# tests/bench.bats: 부록 bench/ (모든 IPC 방식의 측정과 검증)
#
# 수치(시간, 속도)는 컴퓨터와 부하에 따라 달라지므로 어떤 테스트도 시간을 단정하지 않는다.
# 단정하는 것은 검증이다: 모든 방식이 끝까지 돌고, 받은 모든 메시지가 확인되고, 일부러 망가뜨린
# 메시지는 잡히고, 무엇도 남지 않는다.
#
# 무엇을 시험하는가 (한 줄이 테스트 하나 이상):
# | 종류        | 경우                                                  | 기대                                         |
# |-------------|-------------------------------------------------------|----------------------------------------------|
# | 검증        | --quick, 모든 방식, 모든 크기                          | 방식마다 "all verified", 상태 0              |
# | 한계        | mqueue 64 KiB/1 MiB, udp 64 KiB, unix-dgram 1 MiB, signal | "not possible"과 그 까닭 (실제 한계 값)  |
# | 고장 주입   | --inject=corrupt, 모든 방식                           | 방식마다 망가짐을 잡고, 상태 1               |
# | 고장 주입   | --inject=stale (새 헤더에 지난 본문), 모든 방식        | 방식마다 "다른 순번의 본문"을 잡고, 상태 1  |
# | 고장 주입   | --inject=drop (전달을 약속하는 모든 방식) / dup (udp 포함) | 잃어버림 / 중복을 잡고, 상태 1           |
# | 고장 주입   | --inject=drop, udp                                    | 잃어버림을 알리지만 실패는 아니다 (약속 밖)   |
# | 출력        | --format=csv, --format=json, --csv=FILE               | 머리줄과 행 / 파싱되는 JSON, "ok": true      |
# | 출력        | --quick                                               | 검증만, 수치는 하나도 없다                   |
# | 요약        | -r 2, --summarize                                     | 아래 중앙값, 10배 넘게 갈린 줄의 경고        |
# | 한계        | copy + verify, 바닥 (1바이트 pipe 왕복)                | 표에 있고, 비율이 그 값으로 계산된다         |
# | 그림        | make bench PLOT=1 (gnuplot이 있을 때 / 없을 때)        | SVG와 PNG / 표와 설치 방법                  |
# | 고정        | --pin=same, --pin=split (CPU가 둘 이상일 때)          | 끝까지 돌고 검증 통과                        |
# | 잘못된 입력 | 모르는 옵션·방식·값, 범위 밖 크기, 2의 거듭제곱 아닌 슬롯 | 사용법을 stderr에, 상태 2                |
# | 정리        | 진행 중 SIGINT/SIGTERM (shm, mqueue, FIFO, 매핑 파일)  | 128+시그널로 끝나고 아무것도 남지 않는다      |
# | 정리        | 모든 테스트 뒤                                        | teardown: /dev/shm, /dev/mqueue, 프로세스    |
#
# bench는 장(chapter)이 아니라서 chapter_dir을 쓰지 않는다. VALGRIND=1 이어도 valgrind로 감싸지
# 않는다: 도는 기다림(spin)과 수백 번의 fork가 valgrind 아래에서는 몇 분씩 걸린다.
# POSIX 이름은 --name "$IPC_NAME"으로 이 테스트의 것이 되고, 파일은 TMPDIR 아래에 생기므로
# 도우미의 teardown이 남은 것을 찾아낸다.

# shellcheck disable=SC2154  # stderr는 bats의 run --separate-stderr가 채운다
load test_helper

BENCH="$TOP/bench/bench"

setup_file() {
  # make test는 bench/bench도 만든다. 이 파일만 따로 돌릴 때를 위해 없으면 만든다.
  if [ ! -x "$BENCH" ]; then
    make -C "$TOP" bench/bench >&2
  fi
}

setup() {
  common_setup
  # bench의 임시 디렉터리(FIFO, 소켓 파일, 매핑 파일)가 이 테스트의 디렉터리 안에 생기게 한다
  export TMPDIR="$TEST_TMP/tmp"
  mkdir "$TMPDIR"
  # 빠른 실행도 부하가 큰 컴퓨터에서는 몇 초 걸릴 수 있다 (test_helper의 run_timeout이 읽는다)
  # shellcheck disable=SC2034
  RUN_TIMEOUT=$((RUN_TIMEOUT > 60 ? RUN_TIMEOUT : 60))
}

teardown() {
  common_teardown
}

# bench의 임시 디렉터리가 지워졌는가 (TMPDIR이 비어 있다)
assert_tmpdir_empty() {
  local left
  left=$(find "$TMPDIR" -mindepth 1 2>/dev/null)
  [ -z "$left" ] || fail "bench 가 임시 파일을 남겼다:"$'\n'"$left"
}

MECHS=(pipe fifo mqueue shm-sem shm-spin filemap unix-stream unix-dgram tcp udp signal)

# --- 검증 ---------------------------------------------------------------------------------

@test "bench: --quick checks every mechanism and prints the verification, not a single figure" {
  run_timeout --separate-stderr "$BENCH" --quick --name "$IPC_NAME"
  assert_success
  local m
  for m in "${MECHS[@]}"; do
    # 방식마다 검증 요약 한 줄: 실행 수, 메시지 수, "all verified"
    assert_line --regexp "^$m +[0-9]+ runs, [1-9][0-9]* messages, [0-9.]+ MB: all verified"
  done
  assert_line --regexp '^bench: all [0-9]+ runs verified: [0-9]+ messages'
  assert_line --partial 'settings: --quick: checks only'
  refute_output --partial 'FAILED'
  # 몇 백 메시지의 창은 치우친 수치를 낸다: 표도, 잰 값처럼 보이는 것도 없어야 한다
  refute_output --partial '== ceilings'
  refute_output --partial '== latency'
  refute_output --partial '== throughput'
  refute_output --regexp '[0-9] \[[0-9.]+[kM]? - [0-9.]+[kM]?\]'
  refute_output --regexp 'MB/s|msgs/s|ns per call|us p50|% memcpy'
  refute_output --partial 'machine is busy'
  refute_line --regexp '^floor '
  assert_tmpdir_empty
}

@test "bench: --quick gives no machine-readable figures either (--format asks for a measured run)" {
  run_timeout --separate-stderr "$BENCH" --quick --format=csv
  assert_failure 2
  assert_output ''
  [[ $stderr == *'--quick checks and prints no figures'* ]] || fail "no reason given: $stderr"
}

@test "bench: sizes a mechanism cannot carry are reported with the real limit, not run" {
  run_timeout --separate-stderr "$BENCH" -n 20 -r 1 --name "$IPC_NAME" -m mqueue,udp,unix-dgram,signal -s 4K,64K,1M
  assert_success
  local msgsize_max
  msgsize_max=$(cat /proc/sys/fs/mqueue/msgsize_max)
  if [ "$msgsize_max" -lt 65536 ]; then
    assert_line --regexp "^mqueue +64 KiB +not possible: mq_msgsize is limited to $msgsize_max bytes"
  fi
  assert_line --regexp '^udp +64 KiB +not possible: a UDP datagram over IPv4 carries at most 65507 bytes'
  assert_line --regexp '^udp +4 KiB +[0-9.]+[kM]? '
  assert_line --regexp '^signal +- +not possible: a signal carries one int'
  # 유닉스 데이터그램의 한계는 SO_SNDBUF - 32 (man 7 unix): 기본 버퍼가 1 MiB보다 작으면 불가능
  local sndbuf
  sndbuf=$(cat /proc/sys/net/core/wmem_default)
  if [ "$((sndbuf - 32))" -lt 1048576 ]; then
    assert_line --regexp "^unix-dgram +1 MiB +not possible: .* = $((sndbuf - 32)) bytes"
  fi
}

# --- 요약: 중앙값과 10배 경고 ---------------------------------------------------------------------

@test "bench: with an even number of runs every median is the lower middle value, one a run measured (-r 2)" {
  run_timeout --separate-stderr "$BENCH" -m pipe,shm-sem -n 30 -r 2 -s 64,4K --name "$IPC_NAME" --progress=never
  assert_success
  # 두 번 잰 수치의 "중앙값 [최소 - 최대]"는 중앙값이 최소와 같아야 한다 (두 값의 평균이 아니라)
  local line rest figures=0 re='([0-9.]+[kM]?) \[([0-9.]+[kM]?) - ([0-9.]+[kM]?)\]'
  while IFS= read -r line; do
    rest=$line
    while [[ $rest =~ $re ]]; do
      [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] ||
        fail "median ${BASH_REMATCH[1]} is not the lower of two runs ${BASH_REMATCH[2]}, ${BASH_REMATCH[3]}: $line"
      figures=$((figures + 1))
      rest=${rest#*"${BASH_REMATCH[0]}"}
    done
  done <<<"$output"
  # 한계 표와 두 방식의 지연 (p50, p99, max)과 처리량 (msgs/s, MB/s) 두 크기
  [ "$figures" -ge 20 ] || fail "only $figures figures found:"$'\n'"$output"
}

@test "bench: a figure whose runs differ by more than 10x carries a warning; shm-spin's names --spin-us" {
  # 실제 실행으로는 10배 차이를 정해진 대로 만들 수 없다: 표가 쓰는 같은 함수를 --summarize로 부른다
  run_timeout --separate-stderr "$BENCH" --summarize=0.12,82.8
  assert_success
  assert_output '0.12 [0.12 - 82.8]; warning: runs differ 690x: the median hides two regimes; rerun or add runs (-r)'
  run_timeout --separate-stderr "$BENCH" -m shm-spin --summarize=82.8,0.12,0.14
  assert_success
  assert_output '0.14 [0.12 - 82.8]; warning: runs differ 690x: some spun, some slept in futex (see --spin-us)'
  # 10배까지는 경고가 없다. 값이 넷이면 아래 중앙값 (2, 3의 평균 2.5가 아니라 2)
  run_timeout --separate-stderr "$BENCH" --summarize=4,1,3,2
  assert_success
  assert_output '2.00 [1.00 - 4.00]'
  run_timeout --separate-stderr "$BENCH" --summarize=1,10
  assert_output '1.00 [1.00 - 10.0]'
}

# --- 한계 표: copy+verify와 바닥 --------------------------------------------------------------

# 표의 비율이 같은 실행의 한계로 계산되었는가: $1 찍힌 값, $2 계산한 값. 반올림 몫만큼 (10%, 0.1) 허용
close_to() {
  awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 0.1 || d <= 0.1 * b) }'
}

@test "bench: every throughput is shown against a copy+verify ceiling and every p50 against a 1-byte pipe floor of the same run" {
  run_timeout --separate-stderr "$BENCH" -m pipe,shm-sem -n 50 -r 1 -s 64,4K --name "$IPC_NAME" --progress=never
  assert_success
  # 한계 표: 크기마다 copy + verify, 그리고 바닥 (같은 고정으로)
  local size re
  for size in '64 B' '4 KiB'; do
    assert_line --regexp "^copy \+ verify +$size +[0-9.]+ \[[0-9.]+ - [0-9.]+\] MB/s \(the receiver's whole job"
  done
  assert_line --regexp '^floor: pipe round trip +1 B +[0-9.]+ \[[0-9.]+ - [0-9.]+\] us p50 \(two processes, (split|no) pinning; check ok\)$'
  assert_line --regexp '^mechanism +p50 +p99 +max +p50/floor +round trips +check$'
  assert_line --regexp '^mechanism +size +msgs/s +MB/s +% memcpy +% copy\+verify +messages +check$'

  # p50/floor = p50 / 바닥의 p50 (-r 1이라 중앙값이 곧 그 값)
  local floor p50 ratio
  re='^floor: pipe round trip +1 B +([0-9.]+) '
  floor=$(grep -E "$re" <<<"$output" | sed -E "s/$re.*/\1/")
  re='^pipe +([0-9.]+) \[[^]]*\] +[^ ]+ \[[^]]*\] +[^ ]+ \[[^]]*\] +([0-9.e+-]+) '
  p50=$(grep -E "$re" <<<"$output" | sed -E "s/$re.*/\1/")
  ratio=$(grep -E "$re" <<<"$output" | sed -E "s/$re.*/\2/")
  [ -n "$floor" ] && [ -n "$p50" ] && [ -n "$ratio" ] || fail "rows not found:"$'\n'"$output"
  close_to "$ratio" "$(awk -v a="$p50" -v b="$floor" 'BEGIN { print a / b }')" ||
    fail "p50/floor $ratio is not $p50 / $floor"

  # % copy+verify = MB/s / copy+verify의 MB/s (같은 크기)
  local cv mbs pct
  re='^copy \+ verify +4 KiB +([0-9.]+) '
  cv=$(grep -E "$re" <<<"$output" | sed -E "s/$re.*/\1/")
  re='^shm-sem +4 KiB +[^ ]+ \[[^]]*\] +([0-9.]+) \[[^]]*\] +[0-9.]+% +([0-9.]+)% '
  mbs=$(grep -E "$re" <<<"$output" | sed -E "s/$re.*/\1/")
  pct=$(grep -E "$re" <<<"$output" | sed -E "s/$re.*/\2/")
  [ -n "$cv" ] && [ -n "$mbs" ] && [ -n "$pct" ] || fail "rows not found:"$'\n'"$output"
  close_to "$pct" "$(awk -v a="$mbs" -v b="$cv" 'BEGIN { print 100 * a / b }')" ||
    fail "% copy+verify $pct is not 100 * $mbs / $cv"
  # 바닥도 받은 바이트를 확인했다
  assert_line --regexp '^floor +[0-9]+ runs, [1-9][0-9]* messages, .*: all verified$'
}

# --- 고장 주입 ------------------------------------------------------------------------------

@test "bench: a corrupted message is detected by every mechanism (--inject=corrupt)" {
  run_timeout --separate-stderr "$BENCH" --quick -r 1 --name "$IPC_NAME" -s 4K --inject=corrupt
  assert_failure 1
  local m
  for m in "${MECHS[@]}"; do
    [[ $stderr =~ bench:\ $m\ latency\ 64\ B\ run\ 1:\ verification\ failed:\ .*corrupted ]] ||
      fail "$m: no corruption reported in the latency run:"$'\n'"$stderr"
    if [ "$m" != signal ]; then
      [[ $stderr == *"bench: $m throughput 4 KiB run 1: verification failed: 0 lost, 0 duplicated, 0 reordered, 1 corrupted, 0 malformed; first: seq "*": payload checksum mismatch (corrupted)"* ]] ||
        fail "$m: no corruption reported in the throughput run:"$'\n'"$stderr"
    fi
    assert_line --regexp "^$m +[0-9]+ runs, .*: FAILED in [0-9]+ runs$"
  done
  assert_line --regexp '^bench: FAILED: [0-9]+ of [0-9]+ runs did not verify'
  assert_tmpdir_empty
}

@test "bench: a stale payload under a new header (a torn ring slot) is detected by every mechanism (--inject=stale)" {
  # 지난 메시지의 본문과 그 체크섬을 새 순번의 헤더에 싣는다: 헤더의 sum과 본문은 서로 맞으니
  # 그 둘만 맞춰 보는 검사는 통과한다. 받는 쪽은 "이 순번의 본문이 가져야 할 체크섬"으로 잡는다.
  run_timeout --separate-stderr "$BENCH" --quick -r 1 --name "$IPC_NAME" -s 4K --inject=stale
  assert_failure 1
  local m
  for m in "${MECHS[@]}"; do
    if [ "$m" = signal ]; then
      # 시그널은 순번 하나만 나른다: 낡은 값은 "기대한 순번이 아니다"로 잡힌다
      [[ $stderr =~ bench:\ signal\ latency\ 64\ B\ run\ 1:\ verification\ failed:\ .*first:\ signal\ carried\ value\ ([0-9]+),\ expected\ ([0-9]+)\ \(corrupted\) ]] &&
        [ "$((BASH_REMATCH[1] + 1))" -eq "${BASH_REMATCH[2]}" ] ||
        fail "signal: the stale value was not reported:"$'\n'"$stderr"
    else
      [[ $stderr == *"bench: $m latency 64 B run 1: verification failed: "*"first: seq "*": the payload belongs to another sequence number (stale or torn, corrupted)"* ]] ||
        fail "$m: no stale payload reported in the latency run:"$'\n'"$stderr"
      [[ $stderr == *"bench: $m throughput 4 KiB run 1: verification failed: 0 lost, 0 duplicated, 0 reordered, 1 corrupted, 0 malformed; first: seq "*": the payload belongs to another sequence number (stale or torn, corrupted)"* ]] ||
        fail "$m: no stale payload reported in the throughput run:"$'\n'"$stderr"
    fi
    assert_line --regexp "^$m +[0-9]+ runs, .*: FAILED in [0-9]+ runs$"
  done
  assert_tmpdir_empty
}

@test "bench: a lost and a duplicated message are detected where delivery is promised" {
  # 전달을 약속하는 방식 모두 (udp와 signal을 뺀 것): 받는 쪽마다 세는 코드가 다르다
  local m promised=(pipe fifo mqueue shm-sem shm-spin filemap unix-stream unix-dgram tcp)
  run_timeout --separate-stderr "$BENCH" --quick -r 1 --name "$IPC_NAME" -m "$(IFS=,; echo "${promised[*]}")" -s 64 --inject=drop
  assert_failure 1
  for m in "${promised[@]}"; do
    [[ $stderr == *"bench: $m throughput 64 B run 1: verification failed: 1 lost,"*"never arrived (lost)"* ]] ||
      fail "$m: the dropped message was not reported:"$'\n'"$stderr"
  done
  # 중복은 약속과 상관없이 언제나 실패다 (udp도)
  run_timeout --separate-stderr "$BENCH" --quick -r 1 --name "$IPC_NAME" -m "$(IFS=,; echo "${promised[*]}"),udp" -s 64 --inject=dup
  assert_failure 1
  for m in "${promised[@]}" udp; do
    [[ $stderr == *"bench: $m throughput 64 B run 1: verification failed: 0 lost, 1 duplicated,"*"arrived twice (duplicated)"* ]] ||
      fail "$m: the duplicated message was not reported:"$'\n'"$stderr"
  done
}

@test "bench: UDP reports a lost datagram but does not fail: delivery is not promised" {
  run_timeout --separate-stderr "$BENCH" -n 50 -r 1 --name "$IPC_NAME" -m udp -s 64 --inject=drop
  assert_success
  assert_line --regexp '^udp +64 B .* ok; 1 lost, 0 reordered \(not promised\)$'
  assert_line --regexp '^udp +[0-9]+ runs, .*: all verified; 1 lost, 0 reordered \(UDP promises neither\)$'
}

# --- 출력 형식과 고정 --------------------------------------------------------------------------

@test "bench: --format=csv and --format=json are machine-readable" {
  run_timeout --separate-stderr "$BENCH" -n 30 -r 1 --name "$IPC_NAME" -m pipe,mqueue -s 4K,64K --format=csv
  assert_success
  assert_line --index 0 'section,mechanism,size,metric,unit,median,min,max,runs,check'
  assert_line --regexp '^ceiling,memcpy,4096,bandwidth,MB/s,[0-9.e+]+,'
  assert_line --regexp '^ceiling,copy_verify,65536,bandwidth,MB/s,[0-9.e+]+,'
  assert_line --regexp '^ceiling,floor,1,p50,us,[0-9.e+]+,[0-9.e+]+,[0-9.e+]+,1,"ok"$'
  assert_line --regexp '^latency,pipe,64,p50,us,[0-9.e+]+,[0-9.e+]+,[0-9.e+]+,1,"ok"$'
  assert_line --regexp '^throughput,pipe,4096,MB_per_s,MB/s,[0-9.e+]+,[0-9.e+]+,[0-9.e+]+,1,"ok"$'
  assert_line --regexp '^throughput,mqueue,65536,,,,,,0,"not possible: '
  [[ $stderr == *'pipe '*'all verified'* ]] || fail "no verification summary on stderr: $stderr"

  run_timeout --separate-stderr "$BENCH" -n 30 -r 1 --name "$IPC_NAME" -m pipe,signal -s 4K --format=json
  assert_success
  if command -v python3 >/dev/null; then
    python3 -c 'import json, sys; d = json.load(sys.stdin); assert d["ok"] is True; assert any(r["mechanism"] == "pipe" and r["test"] == "throughput" and r["verified"] for r in d["results"])' <<<"$output" ||
      fail "JSON does not parse or lacks the pipe result:"$'\n'"$output"
  fi
  assert_line '  "ok": true'
  assert_line --partial '"copy_verify_MB_per_s": {"4096": {"median": '
  assert_line --partial '"mechanism": "floor", "test": "floor", "size": 1, "possible": true, "verified": true'
  assert_line --partial '"mechanism": "signal", "test": "throughput", "size": 0, "possible": false'
}

@test "bench: --pin=same and --pin=split run and verify" {
  run_timeout --separate-stderr "$BENCH" --quick -r 1 --name "$IPC_NAME" -m pipe,shm-spin -s 4K --pin=same
  assert_success
  assert_line --regexp '^ +pinning: both processes on CPU [0-9]+'
  assert_line --regexp '^shm-spin +[0-9]+ runs, .*: all verified$'
  if [ "$(nproc)" -lt 2 ]; then
    skip "only one CPU: --pin=split is not possible here"
  fi
  run_timeout --separate-stderr "$BENCH" --quick -r 1 --name "$IPC_NAME" -m pipe,shm-spin -s 4K --pin=split
  assert_success
  assert_line --regexp '^ +pinning: sender on CPU [0-9]+, receiver on CPU [0-9]+'
  assert_line --regexp '^shm-spin +[0-9]+ runs, .*: all verified$'
}

# --- 그림: make bench PLOT=1 ---------------------------------------------------------------------

# make bench PLOT=1을 저장소를 건드리지 않고 부른다: Makefile과 bench/ 를 이 테스트의 디렉터리로
# 복사하고, -o bench/bench로 다시 빌드하지 않게 한다 (SAN=1로 만든 bench도 그대로 쓴다).
plot_tree() {
  mkdir "$TEST_TMP/tree"
  cp "$TOP/Makefile" "$TEST_TMP/tree/"
  cp -R "$TOP/bench" "$TEST_TMP/tree/"
}

PLOT_ARGS="-m pipe,shm-sem -n 30 -r 1 -s 64,4K --progress=never"

@test "bench: make bench PLOT=1 prints the tables and draws latency and throughput in SVG and PNG" {
  command -v gnuplot >/dev/null || skip "needs gnuplot (Debian: gnuplot-nox)"
  plot_tree
  run_timeout --separate-stderr make -C "$TEST_TMP/tree" -s -o bench/bench bench PLOT=1 \
    BENCH_ARGS="$PLOT_ARGS --name $IPC_NAME"
  assert_success
  # 표는 그대로 터미널에
  assert_line --regexp '^== latency: '
  assert_line --regexp '^shm-sem +4 KiB +[0-9.]+[kM]? \['
  assert_line 'bench: pictures: bench-out/latency.svg bench-out/latency.png bench-out/throughput.svg bench-out/throughput.png'
  local out=$TEST_TMP/tree/bench-out f
  grep -q '^throughput,shm-sem,4096,MB_per_s,MB/s,' "$out/bench.csv" || fail "no CSV rows in $out/bench.csv"
  for f in latency throughput; do
    grep -q '<svg' "$out/$f.svg" || fail "$f.svg is not an SVG file"
    # PNG 파일은 \211 P N G로 시작한다
    [ "$(head -c 4 "$out/$f.png" | od -An -c | tr -d ' ')" = '211PNG' ] || fail "$f.png is not a PNG file"
  done
  # 그림에는 방식의 이름과 같은 실행의 바닥, 한계가 있다
  grep -q '>shm-sem<' "$out/throughput.svg" || fail "throughput.svg does not name shm-sem"
  grep -q '>copy + verify<' "$out/throughput.svg" || fail "throughput.svg lacks the copy + verify ceiling"
  grep -q '>pipe<' "$out/latency.svg" || fail "latency.svg does not name pipe"
  grep -Eq '>floor [0-9.]+ us<' "$out/latency.svg" || fail "latency.svg lacks the floor"
}

@test "bench: without gnuplot, make bench PLOT=1 still prints the tables and says how to install it" {
  plot_tree
  run_timeout --separate-stderr make -C "$TEST_TMP/tree" -s -o bench/bench bench PLOT=1 GNUPLOT=no-such-gnuplot \
    BENCH_ARGS="$PLOT_ARGS --name $IPC_NAME"
  assert_success
  assert_line --regexp '^== throughput: '
  assert_line --regexp '^pipe +64 B +[0-9.]+[kM]? \['
  [[ $stderr == *'apt-get install gnuplot-nox'* ]] || fail "no install hint: $stderr"
  [ -s "$TEST_TMP/tree/bench-out/bench.csv" ] || fail "no CSV written"
  [ ! -e "$TEST_TMP/tree/bench-out/latency.svg" ] || fail "a picture appeared without gnuplot"
  # QUICK=1 PLOT=1:검증만 하고, 그릴 것이 없다고 알린다
  run_timeout --separate-stderr make -C "$TEST_TMP/tree" -s -o bench/bench bench PLOT=1 QUICK=1 \
    BENCH_ARGS="-m pipe -r 1 --name $IPC_NAME"
  assert_success
  assert_line --regexp '^pipe +[0-9]+ runs, .*: all verified$'
  [[ $stderr == *'PLOT=1 has nothing to draw'* ]] || fail "no reason given: $stderr"
}

@test "bench: --csv writes the figures to a file beside the tables, and reports a file it cannot write" {
  run_timeout --separate-stderr "$BENCH" -m pipe -n 30 -r 1 -s 4K --name "$IPC_NAME" --csv="$TEST_TMP/out.csv"
  assert_success
  assert_line --regexp '^== throughput: '
  run cat "$TEST_TMP/out.csv"
  assert_line --index 0 'section,mechanism,size,metric,unit,median,min,max,runs,check'
  assert_line --regexp '^throughput,pipe,4096,MB_per_s,MB/s,'
  run_timeout --separate-stderr "$BENCH" -m pipe -n 30 -r 1 -s 4K --name "$IPC_NAME" --csv="$TEST_TMP/no/such/dir.csv"
  assert_failure 1
  [[ $stderr == *"$TEST_TMP/no/such/dir.csv: No such file or directory"* ]] || fail "$stderr"
  if [ -w /dev/full ]; then
    run_timeout --separate-stderr "$BENCH" -m pipe -n 30 -r 1 -s 4K --name "$IPC_NAME" --csv=/dev/full
    assert_failure 1
    [[ $stderr == *'writing /dev/full: No space left on device'* ]] || fail "$stderr"
  fi
}

# --- 잘못된 입력 ---------------------------------------------------------------------------

@test "bench: --help prints the usage and every mechanism on stdout and exits 0" {
  run_timeout --separate-stderr "$BENCH" --help
  assert_success
  assert_line --index 0 --partial 'usage: bench'
  local m
  for m in "${MECHS[@]}"; do
    assert_line --regexp "^ +$m +[A-Za-z]"
  done
  assert_equal "$stderr" ''
}

@test "bench: bad arguments give a usage line on stderr and exit 2" {
  local args
  for args in '-x' '-m nosuch' '-m pipe,nosuch' '-s 10' '-s 17M' '-s 4X' '-s ,' '-r 0' '-r 101' '-t abc' '-n 2' \
    '--pin=diagonal' '--format=xml' '--name=noslash' '--name=/a/b' '--slots=3' '--slots=1' \
    '--inject=explode' '--progress=sometimes' '--quick -n 5' '--summarize=1,x' '--summarize=0' '--summarize=,' \
    '--quick --format=json' '--quick --csv=x.csv' '--csv=' 'extra'; do
    # shellcheck disable=SC2086  # args는 일부러 단어로 나눈다
    run_timeout --separate-stderr "$BENCH" $args
    assert_equal "$status" 2
    assert_equal "$output" ''
    [[ $stderr == *'usage: bench'* ]] || fail "no usage for '$args': $stderr"
  done
  assert_tmpdir_empty
}

# --- 정리 ----------------------------------------------------------------------------------

# wait_for_object: 이 테스트의 이름이 붙은 객체(공유 메모리, 큐) 또는 TMPDIR 안의 파일이 생길
# 때까지 기다린다. 시그널을 보낼 때 정리할 것이 정말 있어야 테스트가 의미를 가진다.
wait_for_object() {
  local tries=$((WAIT_TIMEOUT * 50)) name=${IPC_NAME#/}
  while :; do
    if find /dev/shm /dev/mqueue -maxdepth 1 -name "*$name*" 2>/dev/null | grep -q . ||
      find "$TMPDIR" -mindepth 2 \( -type p -o -type s -o -type f \) 2>/dev/null | grep -q .; then
      return 0
    fi
    alive "$SERVER_PID" || { fail "bench ended before it created anything:"$'\n'"$(cat "$SERVER_LOG")"; return 1; }
    [ $((tries -= 1)) -gt 0 ] || { fail "no IPC object appeared:"$'\n'"$(cat "$SERVER_LOG")"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

@test "bench: SIGINT or SIGTERM in the middle of a run removes every object and ends with the signal" {
  local spec sig mech
  for spec in INT:shm-sem TERM:mqueue INT:fifo TERM:filemap HUP:unix-dgram; do
    sig=${spec%%:*} mech=${spec#*:}
    # 실행 하나가 30초: 시그널은 반드시 측정 도중에 닿는다
    start_server bench.log "$BENCH" -m "$mech" -t 30000 -r 1 --name "$IPC_NAME" --progress=always
    wait_for_line bench.log "^bench: progress \[1/[0-9]+\] $mech latency"
    # 큐는 /dev/mqueue 가 마운트되어 있을 때만 보인다 (컨테이너, chroot 에는 없기도 하다)
    if [ "$mech" != mqueue ] || mqueue_dir >/dev/null; then
      wait_for_object
    fi
    stop_server "$sig"
    assert_equal "$EXIT_STATUS" "$((128 + $(kill -l "$sig")))"
    grep -q "^bench: interrupted by SIG$sig after 0 of [0-9]* runs; removed every object it had created$" bench.log ||
      fail "no interruption message for SIG$sig ($mech):"$'\n'"$(cat bench.log)"
    assert_nothing_left
    assert_tmpdir_empty
  done
}
