#!/usr/bin/env bats
# tests/trace.bats: make trace CH=NN-이름 (tools/trace.sh): 장의 데모를 strace 로 기록해 보여 주기
#
# 무엇을 시험하는가:
# | 종류      | 경우                                                        | 기대                                          |
# |-----------|-------------------------------------------------------------|-----------------------------------------------|
# | 사용법    | 장 없이, 없는 장 (make trace 와 tools/trace.sh 둘 다)       | 상태 2, 있는 장의 목록                        |
# | 약속      | 모든 장에 demo.sh 와 trace.filter                            | 없으면 무엇이 없는지 말하며 실패              |
# | 기록      | 모든 장: 이름표, 시작 준비(ld.so, libc.so) 없음, 줄인 문자열 | server/client 줄, 데이터 단계 표시, 원본 파일 |
# | 순서      | 모든 장의 trace.expect (03-pipe: pipe2 → clone → dup2 → exec → read/write → wait4) | 사슬마다 순서대로 맞음 |
# | 순서      | 틀린 순서를 요구하는 약속 파일                              | 상태 1, 몇 번째 약속인지                      |
# | make      | make trace CH=03-pipe                                       | 기록과 원본의 자리                            |
# | 환경      | strace 없음 / ptrace 가 막힘                                | 상태 1 + 설치 명령 / 상태 3 + 한 줄, 기록 없음 |
# | 동시 실행 | 같은 장의 기록 둘을 동시에                                  | 둘 다 성공, 원본이 섞이지 않음                |
# | 중단      | 멈추지 않는 데모에 SIGINT/SIGTERM, 시간 초과                | 130/143/1, 남은 프로세스 없음                 |
# | 정리      | 객체를 남기는 데모                                          | 상태 1, 남은 것의 이름                        |
# 추적이 막힌 기계(ptrace 를 막은 컨테이너)에서는 추적이 필요한 테스트를 이유와 함께 건너뛴다 (skip).

# shellcheck disable=SC2034,SC2154  # RUN_TIMEOUT 등은 test_helper 가, stderr 는 bats 의 run 이 쓴다
load test_helper

TRACE=$TOP/tools/trace.sh
# 한 번의 기록은 보통 1초 안에 끝나지만, SAN=1 빌드와 동시에 도는 다른 기록(잠금)을 기다릴 여유를 둔다.
RUN_TIMEOUT=${TRACE_RUN_TIMEOUT:-120}
WAIT_TIMEOUT=${TRACE_RUN_TIMEOUT:-120}

setup() {
  common_setup
  # 원본과 기록은 이 테스트의 임시 폴더에: 저장소의 trace-out/ 을 건드리지 않고, 동시에 도는
  # 다른 테스트 묶음과 부딪히지 않는다.
  export TRACE_OUT=$TEST_TMP/out
  unset TRACE_EXPECT TRACE_TIMEOUT STRACE
}

# 있는 장: Makefile 처럼 NN-이름/server.c 로 찾는다
all_chapters() {
  local f
  for f in "$TOP"/[0-9][0-9]-*/server.c; do
    [ -e "$f" ] || continue
    f=${f%/server.c}
    echo "${f##*/}"
  done
}

# demo.sh 와 trace.filter 가 다 있는 장 (없는 장은 아래의 "약속" 테스트가 실패로 알린다)
traceable_chapters() {
  local ch
  for ch in $(all_chapters); do
    [ -f "$TOP/$ch/demo.sh" ] && [ -f "$TOP/$ch/trace.filter" ] && echo "$ch"
  done
  return 0
}

# 이 컴퓨터에서 추적할 수 있는가. 아니면 이유와 함께 건너뛴다 (통과가 아니다).
need_tracing() {
  command -v strace >/dev/null 2>&1 || skip "strace is not installed (sudo apt-get install strace)"
  local why
  why=$(strace -o /dev/null true 2>&1) || skip "tracing is not permitted here: $(head -n 1 <<<"$why")"
}

# filter_of CH: 그 장의 trace.filter 의 이름들 (한 줄에 하나)
filter_of() {
  sed -e 's/#.*//' "$TOP/$1/trace.filter" | tr -d ' \t\r' | tr ',' '\n' | sed -e 's/^?//' -e '/^$/d'
}

# long_strings: 기록에서 SHOWLEN(48) 글자보다 긴 문자열 인자 (이스케이프 하나를 한 글자로 센다)
long_strings() {
  awk '
    /^[#─]/ { next }
    {
      inq = 0
      for (i = 1; i <= length($0); i++) {
        c = substr($0, i, 1)
        if (!inq) { if (c == "\"") { inq = 1; units = 0 } ; continue }
        if (c == "\"") { inq = 0; if (units > 48) print; continue }
        if (c == "\\") {
          if (substr($0, i + 1, 1) ~ /[0-7]/) { while (substr($0, i + 1, 1) ~ /[0-7]/) i++ } else i++
        }
        units++
      }
    }'
}

# 가짜 저장소: tools/trace.sh 와 03-pipe 의 프로그램(server, client, 끝나지 않는 실험 forgotten_write_end)으로
# 시험용 장을 만든다. 장의 폴더를 돌려준다.
#   fake_chapter 이름 [demo.sh 내용]
fake_chapter() {
  local name=$1 demo=${2:-}
  mkdir -p "$TEST_TMP/tree/tools" "$TEST_TMP/tree/$name"
  cp "$TRACE" "$TEST_TMP/tree/tools/trace.sh"
  local d=$TEST_TMP/tree/$name prog
  for prog in server client experiments/forgotten_write_end; do
    : >"$d/${prog##*/}.c"
    cp "$TOP/03-pipe/$prog" "$d/${prog##*/}"
  done
  if [ -n "$demo" ]; then
    printf '#!/bin/sh\n%s\n' "$demo" >"$d/demo.sh"
    chmod +x "$d/demo.sh"
    echo 'pipe2,clone,execve,read,write,close,wait4' >"$d/trace.filter"
  fi
  echo "$d"
}

# --- 사용법 --------------------------------------------------------------------------------

@test "trace: tools/trace.sh without a chapter prints the list of chapters and exits 2" {
  run_timeout --separate-stderr "$TRACE"
  assert_equal "$status" 2
  assert_equal "$output" ''
  [[ $stderr == *'usage: make trace CH='* ]] || fail "no usage line: $stderr"
  local ch
  for ch in $(all_chapters); do
    [[ $stderr == *"$ch"* ]] || fail "chapter $ch is not in the list: $stderr"
  done
}

@test "trace: make trace without CH prints the list of chapters and exits 2" {
  run_timeout --separate-stderr make -s -C "$TOP" trace
  assert_equal "$status" 2
  local ch
  for ch in $(all_chapters); do
    [[ $stderr == *"$ch"* ]] || fail "chapter $ch is not in the list: $stderr"
  done
}

@test "trace: an unknown chapter exits 2 and lists the chapters (make and tools/trace.sh)" {
  run_timeout --separate-stderr make -s -C "$TOP" trace CH=99-no-such
  assert_equal "$status" 2
  [[ $stderr == *'03-pipe'* ]] || fail "make did not list the chapters: $stderr"
  run_timeout --separate-stderr "$TRACE" 99-no-such
  assert_equal "$status" 2
  [[ $stderr == *'no such chapter): 99-no-such'* ]] || fail "no 'no such chapter' line: $stderr"
  [[ $stderr == *'03-pipe'* ]] || fail "trace.sh did not list the chapters: $stderr"
  [ ! -e "$TRACE_OUT" ] || fail "an unknown chapter must not create $TRACE_OUT"
}

# --- 장의 약속 -----------------------------------------------------------------------------

@test "trace: every chapter has demo.sh and trace.filter" {
  local ch missing=()
  for ch in $(all_chapters); do
    [ -x "$TOP/$ch/demo.sh" ] || missing+=("$ch/demo.sh (missing or not executable)")
    [ -s "$TOP/$ch/trace.filter" ] || missing+=("$ch/trace.filter (missing or empty)")
  done
  [ ${#missing[@]} -eq 0 ] || fail "make trace needs these files: ${missing[*]}"
}

@test "trace: a chapter without demo.sh or trace.filter is refused, saying what is missing" {
  local d
  d=$(fake_chapter 98-bare)
  run_timeout --separate-stderr "$TEST_TMP/tree/tools/trace.sh" 98-bare
  assert_equal "$status" 1
  [[ $stderr == *'missing 98-bare/demo.sh'* ]] || fail "$stderr"
  printf '#!/bin/sh\n./server\n' >"$d/demo.sh"
  chmod +x "$d/demo.sh"
  run_timeout --separate-stderr "$TEST_TMP/tree/tools/trace.sh" 98-bare
  assert_equal "$status" 1
  [[ $stderr == *'missing 98-bare/trace.filter'* ]] || fail "$stderr"
  echo 'read,%ipc' >"$d/trace.filter"
  run_timeout --separate-stderr "$TEST_TMP/tree/tools/trace.sh" 98-bare
  assert_equal "$status" 1
  [[ $stderr == *"not a syscall name): '%ipc'"* ]] || fail "$stderr"
}

# --- 기록 ----------------------------------------------------------------------------------

@test "trace: every chapter's transcript is labelled, free of start-up noise, and marks the data phase" {
  need_tracing
  local ch failures=() f name noise
  for ch in $(traceable_chapters); do
    run_timeout --separate-stderr "$TRACE" "$ch"
    if [ "$status" -ne 0 ]; then
      failures+=("$ch: exit $status: $stderr")
      continue
    fi
    # 두 프로그램이 모두 제 이름으로 보인다
    grep -qE '^server(\([a-z0-9]+\))? +[a-z_0-9]+\(' <<<"$output" || failures+=("$ch: no line labelled server")
    grep -qE '^client(#[0-9]+)? +[a-z_0-9]+\(' <<<"$output" || failures+=("$ch: no line labelled client")
    # 모든 줄이 이름표(PID 가 아니다)로 시작하는 호출·시그널·끝, 소제목(──), 주석(#), 빈 줄이다.
    # 장의 프로그램이 아닌 이름표(demo.sh, timeout ...)는 시그널을 보내는 줄에만 붙는다.
    f=$(grep -vE '^((server|client)[a-z0-9()#]* +([a-z_0-9]+\(|--- |\+\+\+ )|[a-z][a-z0-9._-]* +(kill|tkill|tgkill|rt_sigqueueinfo)\(|── |──── |# |$)' <<<"$output" || true)
    [ -z "$f" ] || failures+=("$ch: unlabelled lines: $f")
    # 로더와 libc 의 시작 준비가 없다
    noise=$(grep -E 'ld\.so|\.so(\.[0-9]+)*[>"]|\\177ELF|</proc/|"/proc/' <<<"$output" || true)
    [ -z "$noise" ] || failures+=("$ch: start-up noise: $noise")
    for name in brk mmap mprotect munmap arch_prctl set_tid_address set_robust_list rseq prlimit64 getrandom access openat; do
      grep -qxF "$name" <<<"$(filter_of "$ch")" && continue
      ! grep -qE "^[^ ]+ +$name\(" <<<"$output" || failures+=("$ch: $name( is shown but not in $ch/trace.filter")
    done
    # 긴 문자열은 줄였다
    f=$(long_strings <<<"$output")
    [ -z "$f" ] || failures+=("$ch: strings longer than 48 characters: $f")
    # 데이터 단계: 시작과 끝이 한 번씩, 시작이 먼저 (또는 데이터를 나른 호출이 없다는 한 줄)
    if grep -q 'data begins' <<<"$output"; then
      [ "$(grep -c 'data begins' <<<"$output")" -eq 1 ] || failures+=("$ch: more than one 'data begins'")
      [ "$(grep -c 'data ends' <<<"$output")" -eq 1 ] || failures+=("$ch: no single 'data ends'")
      [ "$(grep -n 'data begins' <<<"$output" | cut -d: -f1)" -lt "$(grep -n 'data ends' <<<"$output" | cut -d: -f1)" ] ||
        failures+=("$ch: 'data ends' before 'data begins'")
      grep -qE 'data ends\): .*시스템 호출 [1-9][0-9]*번' <<<"$output" || failures+=("$ch: 'data ends' without a count")
    else
      grep -q 'data phase' <<<"$output" || failures+=("$ch: no data-phase marker")
    fi
    # 원본이 남고, 기록이 그 자리를 말한다
    [ -s "$TRACE_OUT/$ch.raw" ] || failures+=("$ch: no raw file $TRACE_OUT/$ch.raw")
    f=$(sed -n 's/^# 원본 (raw): \([^ ]*\) .*/\1/p' <<<"$output")
    [ -n "$f" ] && [ "$f" -ef "$TRACE_OUT/$ch.raw" ] || failures+=("$ch: transcript does not say where the raw file is ($f)")
    grep -qE '^[0-9]+ +[0-9:.]+ execve\("\./demo\.sh"' <<<"$(head -n 1 "$TRACE_OUT/$ch.raw")" ||
      failures+=("$ch: raw file does not start with the demo's execve")
    cmp -s <(printf '%s\n' "$output") "$TRACE_OUT/$ch.txt" || failures+=("$ch: $TRACE_OUT/$ch.txt differs from what was printed")
  done
  [ ${#failures[@]} -eq 0 ] || fail "$(printf '%s\n' "${failures[@]}")"
  [ -n "$(traceable_chapters)" ] || fail "no chapter has demo.sh and trace.filter"
}

@test "trace: 03-pipe names each process and shortens long buffers" {
  need_tracing
  run_timeout --separate-stderr "$TRACE" 03-pipe
  assert_success
  # 이름표: exec 전의 자식, server, client, 그리고 fork 결과에 붙은 이름
  assert_line --regexp '^server\(child\) +dup2\('
  assert_line --regexp '^server +write\([0-9]+<pipe:\[[0-9]+\]>, "hello\\n", 6\) = 6$'
  assert_line --regexp '^server +clone\(.*\) = [0-9]+<server\(child\)>$'
  assert_line --regexp '^server +wait4\([0-9]+<client>, '
  # 61바이트짜리 출력은 48글자로 줄고, 길이는 그대로 보인다
  assert_line --regexp '^server +write\(1, "server: end of input after 3 lines: closing the "\.\.\., 61\) = 61$'
  # demo.sh 의 "$ 명령" 줄이 소제목이 된다
  assert_line --regexp '^── \$ printf .* \| \./server$'
  # 데이터 단계: 요청 3줄과 답 3줄, 양쪽이 105바이트씩
  assert_line --regexp '^──── 데이터 단계 끝 \(data ends\): .*write 6번 105 바이트, read [0-9]+번 105 바이트'
}

# --- 순서 ----------------------------------------------------------------------------------

@test "trace: every chapter's key calls come in the lesson's order on the right program (trace.expect)" {
  need_tracing
  local ch failures=() without=() line label re
  for ch in $(traceable_chapters); do
    if [ ! -f "$TOP/$ch/trace.expect" ]; then
      without+=("$ch")
      continue
    fi
    run_timeout --separate-stderr "$TRACE" "$ch"
    if [ "$status" -ne 0 ]; then
      failures+=("$ch: exit $status: $stderr $(grep 'trace.expect' <<<"$output")")
      continue
    fi
    grep -qE '^# trace\.expect: .*\(all [1-9][0-9]* expectations met in order\)$' <<<"$output" ||
      failures+=("$ch: no 'all expectations met' line")
    # trace.sh 의 확인과 따로: 약속마다 그 이름표의 줄이 기록에 있다
    while read -r line; do
      [[ $line =~ ^expect[[:space:]]+([^[:space:]]+)[[:space:]]+(.*[^[:space:]])[[:space:]]*$ ]] || continue
      label=${BASH_REMATCH[1]} re=${BASH_REMATCH[2]}
      # ENVIRON 으로 넘긴다 (awk -v 는 \\n 같은 이스케이프를 풀어 버린다)
      L=$label RE=$re awk '
        { lab = $1; rest = $0; sub(/^[^ ]+ +/, "", rest) }
        lab == ENVIRON["L"] && rest ~ ENVIRON["RE"] { found = 1 }
        END { exit !found }' <<<"$output" || failures+=("$ch: no '$label' line matching $re")
    done <"$TOP/$ch/trace.expect"
  done
  [ ${#failures[@]} -eq 0 ] || fail "$(printf '%s\n' "${failures[@]}")"
  [ ${#without[@]} -eq 0 ] || skip "no trace.expect yet (expectations not checked): ${without[*]}"
}

@test "trace: the order check fails when trace.expect asks for the wrong order or the wrong program" {
  need_tracing
  cat >"$TEST_TMP/backwards.expect" <<'EOF'
chain wait4 before pipe2 is not the lesson
expect server ^wait4\(
expect server ^pipe2\(
EOF
  TRACE_EXPECT=$TEST_TMP/backwards.expect run_timeout --separate-stderr "$TRACE" 03-pipe
  assert_equal "$status" 1
  assert_line --partial '(expectation 2 of 2 not met): expect server ^pipe2\('
  [[ $stderr == *'expectation not met'* ]] || fail "$stderr"

  printf 'chain\nexpect client ^pipe2\\(\n' >"$TEST_TMP/wrong-program.expect"
  TRACE_EXPECT=$TEST_TMP/wrong-program.expect run_timeout --separate-stderr "$TRACE" 03-pipe
  assert_equal "$status" 1
  assert_line --partial '(expectation 1 of 1 not met)'
}

# --- make ----------------------------------------------------------------------------------

@test "trace: make trace CH=03-pipe prints the transcript and says where the raw file is" {
  need_tracing
  run_timeout --separate-stderr make -s -C "$TOP" trace CH=03-pipe
  assert_success
  assert_line --regexp '^server +pipe2\('
  assert_line --regexp "^# 원본 \\(raw\\): $TRACE_OUT/03-pipe\\.raw "
  [ -s "$TRACE_OUT/03-pipe.raw" ]
  # 임시 파일을 남기지 않는다
  run ls -A "$TRACE_OUT"
  assert_output $'03-pipe.out\n03-pipe.raw\n03-pipe.txt'
}

# --- 환경 ----------------------------------------------------------------------------------

@test "trace: without strace it names the install command and exits 1" {
  STRACE=$TEST_TMP/no-such-strace run_timeout --separate-stderr "$TRACE" 03-pipe
  assert_equal "$status" 1
  assert_equal "$output" ''
  assert_equal "$(wc -l <<<"$stderr")" 1
  [[ $stderr == *'strace not found'*'sudo apt-get install strace'* ]] || fail "$stderr"
}

@test "trace: where tracing is not permitted it says so in one line and exits 3, printing no transcript" {
  # ptrace 를 막은 컨테이너의 strace 가 하는 말 그대로
  cat >"$TEST_TMP/strace" <<'EOF'
#!/bin/sh
echo 'strace: test_ptrace_get_syscall_info: PTRACE_TRACEME: Operation not permitted' >&2
echo 'strace: ptrace(PTRACE_TRACEME, ...): Operation not permitted' >&2
exit 1
EOF
  chmod +x "$TEST_TMP/strace"
  STRACE=$TEST_TMP/strace run_timeout --separate-stderr "$TRACE" 03-pipe
  assert_equal "$status" 3
  assert_equal "$output" ''
  assert_equal "$(wc -l <<<"$stderr")" 1
  [[ $stderr == *'tracing not permitted here'*'Operation not permitted'* ]] || fail "$stderr"
  [ ! -e "$TRACE_OUT/03-pipe.raw" ] || fail "a raw file was written"
}

# --- 동시 실행 -----------------------------------------------------------------------------

@test "trace: two traces of the same chapter at once both succeed and keep their own raw files" {
  need_tracing
  local a b
  TRACE_OUT=$TEST_TMP/a start_server a.log "$TRACE" 03-pipe
  a=$SERVER_PID
  TRACE_OUT=$TEST_TMP/b start_server b.log "$TRACE" 03-pipe
  b=$SERVER_PID
  wait_exit "$a"
  assert_equal "$EXIT_STATUS" 0
  wait_exit "$b"
  assert_equal "$EXIT_STATUS" 0
  local x
  for x in a b; do
    grep -q 'all [0-9]* expectations met in order' "$x.log" || fail "trace $x: $(cat "$x.log")"
    grep -qE '^[0-9]+ +[0-9:.]+ execve\("\./demo\.sh"' <<<"$(head -n 1 "$TEST_TMP/$x/03-pipe.raw")" ||
      fail "trace $x: raw file does not start with the demo's execve"
    awk '{ print $1 }' "$TEST_TMP/$x/03-pipe.raw" | sort -u >"$x.pids"
  done
  # 두 원본의 프로세스가 겹치지 않는다: 서로의 줄이 섞이지 않았다. (두 검사를 && 로 잇지 않는다:
  # set -e 는 && 의 앞쪽이 실패해도 테스트를 멈추지 않는다)
  [ -s a.pids ] || fail "trace a: no PIDs in its raw file"
  [ -s b.pids ] || fail "trace b: no PIDs in its raw file"
  [ -z "$(comm -12 a.pids b.pids)" ] || fail "the raw files share processes: $(comm -12 a.pids b.pids)"
}

# --- 중단 ----------------------------------------------------------------------------------

@test "trace: SIGINT or SIGTERM stops a demo that never ends and leaves no process behind" {
  need_tracing
  # forgotten_write_end: 쓰는 끝을 닫지 않고 client 를 기다리므로 client 는 EOF 를 못 보고, 데모는 끝나지 않는다
  # shellcheck disable=SC2016  # $HANG_LOG 는 demo.sh 가 펼친다
  fake_chapter 97-hang './forgotten_write_end >"$HANG_LOG" 2>&1' >/dev/null
  local sig want
  for sig in INT TERM; do
    export HANG_LOG=$TEST_TMP/hang-$sig.log
    # 앞 바퀴(SIGINT)의 원본이 남아 있으면 이 바퀴가 원본을 남겼는지 알 수 없다
    rm -f "$TRACE_OUT/97-hang.raw"
    # env --default-signal: bats 가 배경으로 띄우는 명령은 SIGINT 를 무시한 채 시작한다 (터미널의
    # Ctrl-C 를 흉내 내려면 기본 동작으로 되돌려야 한다)
    start_server "trace-$sig.log" env --default-signal=INT "$TEST_TMP/tree/tools/trace.sh" 97-hang
    wait_for_line "$HANG_LOG" '^3: TWO PIPES MAKE A DUPLEX$'
    kill -s "$sig" "$SERVER_PID"
    wait_exit "$SERVER_PID"
    want=$((128 + $(kill -l "$sig")))
    assert_equal "$EXIT_STATUS" "$want"
    grep -q 'interrupted' "trace-$sig.log" || fail "no 'interrupted' message: $(cat "trace-$sig.log")"
    [ -s "$TRACE_OUT/97-hang.raw" ] || fail "the raw file of an interrupted trace was not kept"
    assert_nothing_left
  done
  [ -z "$(find "$TRACE_OUT" -name '.trace.*')" ] || fail "temporary files left in $TRACE_OUT"
}

@test "trace: a demo that does not end within TRACE_TIMEOUT is stopped and reported" {
  need_tracing
  fake_chapter 97-hang './forgotten_write_end' >/dev/null
  TRACE_TIMEOUT=1 run_timeout --separate-stderr "$TEST_TMP/tree/tools/trace.sh" 97-hang
  assert_equal "$status" 1
  [[ $stderr == *'(timed out)'* ]] || fail "$stderr"
  # 멈추기 전까지의 기록은 보인다
  assert_line --regexp '^forgotten_write_end +pipe2\('
  assert_nothing_left
}

# --- 정리 ----------------------------------------------------------------------------------

@test "trace: a demo that leaves an object behind is reported" {
  need_tracing
  local d
  d=$(fake_chapter 96-litter './client </dev/null; mkfifo left.fifo')
  run_timeout --separate-stderr "$TEST_TMP/tree/tools/trace.sh" 96-litter
  assert_equal "$status" 1
  [[ $stderr == *'(left behind)'*"$d/left.fifo"* ]] || fail "$stderr"
  rm -f "$d/left.fifo"
}
