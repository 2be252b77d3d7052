#!/usr/bin/env bash
# tools/trace.sh: 한 장의 demo.sh를 strace로 돌려, 커널이 한 일을 학생이 읽을 수 있는 기록으로 보여 준다.
#
#   make trace CH=03-pipe          (make가 먼저 모든 장을 빌드한 뒤 이 스크립트를 부른다)
#   tools/trace.sh 03-pipe         (빌드가 되어 있다면 직접 불러도 된다)
#
# 하는 일:
#   1. NN-이름/demo.sh를 그 장의 폴더에서 strace -f 아래 실행한다. 볼 시스템 호출은 장마다
#      NN-이름/trace.filter 한 줄(쉼표로 구분한 이름들)에 있다. 여기에 이름표 붙이기와 시작 준비
#      가리기에 필요한 호출(execve, clone/fork, open/openat, write, rename, mq_open)을 더해 추적하고,
#      기록에는 trace.filter의 호출(과 execve, fork/clone)만 보인다.
#   2. 원본을 읽어, 줄마다 호출한 프로그램의 이름표(server, client, server(child) ...)를 붙이고,
#      동적 로더와 libc의 시작 준비(ld.so.cache, libc.so 읽기, mmap ...)를 빼고, 긴 버퍼를 줄이고,
#      두 프로그램 사이로 데이터가 오간 구간(데이터 단계)의 처음과 끝을 표시해 보여 준다.
#   3. 원본은 trace-out/NN-이름.raw에 남긴다 (trace-out/은 git이 무시한다). 읽기 쉬운 기록은
#      trace-out/NN-이름.txt, 데모의 출력은 trace-out/NN-이름.out에.
#   4. 장에 NN-이름/trace.expect가 있으면 기록이 그 약속(수업의 핵심 호출이 어느 프로그램의 줄로,
#      어떤 순서로 나와야 하는지)과 맞는지 확인해 기록 끝에 적는다. 형식은 03-pipe/trace.expect의 머리말.
# 줄 순서는 호출이 끝난(돌아온) 순서다. 다만 읽기가 같은 객체 위의 쓰기와 시간이 겹쳤는데 strace가
# 쓰기를 나중에 적었다면, 읽기를 쓰기 바로 뒤로 옮겨 "보내기 전에 받았다"처럼 보이지 않게 한다.
#
# 이름표: 장의 프로그램(그 장 폴더의 *.c로 빌드한 실행 파일)을 execve한 프로세스는 그 이름
# (server, client). 그런 프로세스가 exec 없이 fork한 자식은 server(child), 둘 이상이면
# server(child1), server(child2) ... (스레드는 server(thread)). NN-이름/trace.expect의
#   label server(child2) server(writer)
# 같은 줄로 장이 이름을 바꿀 수 있다. 같은 프로그램이 동시에 둘 돌면 뒤의 것은 client#2.
# demo.sh 자신과 그것이 부르는 도구(sleep, cat ...)의 호출은 보이지 않는다. 다만 demo.sh가
# "$ 명령"으로 시작하는 줄을 출력하면 그 줄을 기록의 소제목으로 쓴다.
#
# 데이터 단계: 한 프로그램이 쓰고(write, mq_timedsend, sendmsg ...) 다른 프로그램이 읽은(read,
# mq_timedreceive, recvmsg ...) 같은 커널 객체(파이프, FIFO, 파일, 메시지 큐, 소켓) 위의 호출과,
# 한 프로그램이 다른 프로그램에게 보낸 시그널(kill, sigqueue)을 "데이터를 나른 호출"로 센다.
# 그 첫 호출 앞과 마지막 호출 뒤에 표시를 넣고, 끝 표시에 호출 수를 적는다. 파일은 경로로 알아보므로
# rename으로 이름이 바뀐 파일(01-file의 X.req.tmp → X.req)도 같은 파일로 본다.
#
# 환경 변수:
#   TRACE_OUT=폴더      원본과 기록을 둘 곳 (기본: 저장소의 trace-out/)
#   TRACE_TIMEOUT=초    데모가 이 시간 안에 끝나지 않으면 멈춘다 (기본: 60)
#   STRACE=경로         쓸 strace (기본: PATH의 strace)
#   TRACE_EXPECT=파일   NN-이름/trace.expect 대신 쓸 약속 파일 (새 약속을 시험할 때)
#
# 같은 저장소에서 make trace는 한 번에 하나씩 돈다 (flock). 데모가 쓰는 이름(./demo.fifo, /ipc-demo)이
# 부딪히지 않게 하려는 것이다. 원본은 임시 이름으로 쓴 뒤 mv하므로 두 기록이 섞이지 않는다.
#
# 끝 상태: 0 성공, 1 실패(strace 없음, 데모 실패, 시간 초과, 남은 객체, 빈 기록, 약속이 안 맞음),
#          2 장을 주지 않았거나 없는 장 (있는 장의 목록을 보인다), 3이 환경에서 추적이 막혔다,
#          130/143 Ctrl-C/SIGTERM으로 중단 (데모의 프로세스는 모두 멈춘다).
#
# 읽을 man 페이지: man 1 strace, man 2 ptrace (추적이 막히는 이유: PTRACE_TRACEME)
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STRACE=${STRACE:-strace}
TRACE_TIMEOUT=${TRACE_TIMEOUT:-60}
out_dir=${TRACE_OUT:-$top/trace-out}
# 원본에는 문자열을 1024바이트까지 남긴다 (기록에서는 따로 줄인다). 파일 이름은 -s와 상관없이 다 나온다.
STRSIZE=1024
# 기록에서 문자열을 보여 줄 길이 (이스케이프 하나를 한 글자로 센다)
SHOWLEN=48

# ---- 장 찾기 ------------------------------------------------------------------------------
# Makefile과 같은 방법: NN-이름/server.c가 있는 폴더가 장이다.
chapters() {
  local f
  for f in "$top"/[0-9][0-9]-*/server.c; do
    [ -e "$f" ] || continue
    f=${f%/server.c}
    printf '%s\n' "${f##*/}"
  done
}

list_chapters() {
  local all
  all=$(chapters | tr '\n' ' ')
  echo "있는 장 (chapters): ${all% }"
}

usage() {
  echo "usage: make trace CH=NN-이름   (또는: tools/trace.sh NN-이름)"
}

# 경로를 보여 줄 때: 지금 폴더 아래면 상대 경로로
show_path() {
  case $1 in
    "$PWD"/*) printf '%s\n' "${1#"$PWD"/}" ;;
    *) printf '%s\n' "$1" ;;
  esac
}

die() {
  echo "trace: $*" >&2
  exit 1
}

case ${1:-} in
  -h | --help)
    usage
    echo
    echo "장의 demo.sh 를 strace 로 실행하고, 프로그램 이름표를 붙인 읽기 쉬운 기록을 보여 준다."
    echo "원본은 trace-out/NN-이름.raw 에 남는다. 자세한 것은 tools/trace.sh 의 머리말."
    list_chapters
    exit 0
    ;;
esac
if [ $# -ne 1 ] || [ -z "$1" ]; then
  usage >&2
  list_chapters >&2
  exit 2
fi
ch=$1
known=$(chapters) # (chapters | grep -q는 pipefail 아래에서 grep이 먼저 끝나면 SIGPIPE로 실패한다)
if ! grep -qxF -- "$ch" <<<"$known"; then
  echo "trace: 그런 장이 없습니다 (no such chapter): $ch" >&2
  list_chapters >&2
  exit 2
fi
dir=$top/$ch

[[ $TRACE_TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "TRACE_TIMEOUT 은 초 단위의 양의 정수여야 합니다: '$TRACE_TIMEOUT'"

# ---- 장이 지켜야 할 약속: demo.sh, trace.filter, 빌드된 프로그램 -------------------------------
[ -f "$dir/demo.sh" ] || die "$ch/demo.sh 가 없습니다 (missing $ch/demo.sh): make trace 는 그 장의 데모를 기록합니다"
[ -x "$dir/demo.sh" ] || die "$ch/demo.sh 에 실행 권한이 없습니다 (not executable): chmod +x $ch/demo.sh"
[ -f "$dir/trace.filter" ] || die "$ch/trace.filter 가 없습니다 (missing $ch/trace.filter): 볼 시스템 호출을 쉼표로 적은 한 줄"

progs=()
for src in "$dir"/*.c; do
  [ -e "$src" ] || continue
  prog=${src%.c}
  [ -x "$prog" ] || die "$ch/${prog##*/} 가 빌드되지 않았습니다 (not built): 먼저 make $ch"
  progs+=("${prog##*/}")
done
[ ${#progs[@]} -gt 0 ] || die "$ch 에 프로그램(*.c)이 없습니다"

# trace.filter: 주석(#)과 공백을 빼고 쉼표로 나눈다. 이름만 받는다 (%class, /정규식 은 받지 않는다:
# 기록에 무엇을 보일지 이름으로 정하기 때문이다).
filter=()
while IFS= read -r name; do
  name=${name#\?}
  [ -n "$name" ] || continue
  [[ $name =~ ^[a-z_][a-z0-9_]*$ ]] ||
    die "$ch/trace.filter: 시스템 호출 이름이 아닙니다 (not a syscall name): '$name'"
  filter+=("$name")
done < <(sed -e 's/#.*//' "$dir/trace.filter" | tr -d ' \t\r' | tr ',' '\n')
[ ${#filter[@]} -gt 0 ] || die "$ch/trace.filter 가 비었습니다 (empty): 볼 시스템 호출을 쉼표로 적으세요"

# ---- strace가 있고, 추적이 허용되는가 --------------------------------------------------------
if ! command -v "$STRACE" >/dev/null 2>&1; then
  die "strace 가 없습니다 (strace not found). 설치: sudo apt-get install strace (Debian/Ubuntu), sudo dnf install strace (Fedora); macOS 에는 없습니다 (brew 에도 없음: 리눅스 전용, 대신 dtruss)"
fi
# ptrace가 막힌 컨테이너(seccomp, CAP_SYS_PTRACE 없음, yama ptrace_scope=3)에서는 여기서 실패한다.
# 빈 기록을 보여 주는 대신 한 줄로 알리고 3으로 끝낸다.
if ! probe=$("$STRACE" -o /dev/null true 2>&1); then
  why=$(printf '%s\n' "$probe" | grep -m 1 -iE 'not permitted|ptrace|denied' || true)
  [ -n "$why" ] || why=${probe%%$'\n'*}
  echo "trace: 이 환경에서는 프로세스를 추적할 수 없습니다 (tracing not permitted here: ${why:-strace failed}); 컨테이너라면 --cap-add=SYS_PTRACE 로 다시 시작하세요" >&2
  exit 3
fi

# strace에 줄 호출 목록: 장의 것 + 이름표, 시작 준비 가리기, rename 따라가기, 남은 객체 찾기에 필요한 것.
# 이름마다 ?를 붙인다: 이 아키텍처에 없는 호출(aarch64의 fork, dup2, open)이나 이 strace가
# 모르는 이름이 있어도 strace가 멈추지 않는다 (man strace: "?value").
extra=(execve clone clone3 fork vfork open openat write rename renameat renameat2 mq_open)
trace_set=$(printf '?%s\n' "${filter[@]}" "${extra[@]}" | sort -u | paste -sd, -)
filter_csv=$(printf '%s\n' "${filter[@]}" | paste -sd, -)

# ---- 준비: 잠금, 임시 폴더, 정리 ---------------------------------------------------------------
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
tmp=$(mktemp -d "$out_dir/.trace.XXXXXX") # 같은 파일 시스템: 끝에 mv가 원자적이다
raw=$tmp/raw
out=$tmp/out
txt=$tmp/txt
strace_pid=
timer_pid=

# shellcheck disable=SC2317  # trap이 부른다
cleanup() {
  if [ -n "$timer_pid" ]; then
    kill "$timer_pid" 2>/dev/null || true
    wait "$timer_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# 데모를 멈춘다: strace와 데모는 따로 프로세스 그룹에 있다 (아래 set -m). 그룹 전체에 SIGTERM을
# 보내면 장의 프로그램은 만든 객체를 지우고 끝나고, strace는 (-o FILE PROG 일 때 치명적인
# 시그널을 막고 있으므로) 추적하던 프로세스가 모두 끝난 뒤에 끝난다. 5초 안에 안 끝나면 SIGKILL.
stop_run() {
  local i
  [ -n "$strace_pid" ] || return 0
  kill -TERM -- "-$strace_pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$strace_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$strace_pid" 2>/dev/null || true
  wait "$strace_pid" 2>/dev/null || true
  strace_pid=
}

# 원본과 데모 출력을 제자리로 옮긴다 (중단되었을 때도 원본은 남긴다)
keep_files() {
  [ -f "$raw" ] && mv -f "$raw" "$out_dir/$ch.raw"
  [ -f "$out" ] && mv -f "$out" "$out_dir/$ch.out"
  return 0
}

# shellcheck disable=SC2317  # trap이 부른다
on_signal() {
  trap - INT TERM HUP
  echo "trace: 중단되었습니다 (interrupted): 데모의 프로세스를 멈춥니다" >&2
  stop_run
  keep_files
  [ -f "$out_dir/$ch.raw" ] && echo "trace: 지금까지의 원본 (raw): $(show_path "$out_dir/$ch.raw")" >&2
  exit "$1"
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

# 같은 저장소에서 make trace는 한 번에 하나만 돈다: 두 데모가 같은 이름(./demo.fifo, /demo 큐)을
# 동시에 만들면 부딪히기 때문이다. 잠금은 저장소 폴더 자체에 건다 (남는 잠금 파일이 없다).
exec {lock_fd}<"$top"
if command -v flock >/dev/null 2>&1; then
  if ! flock -n "$lock_fd"; then
    echo "trace: 다른 make trace 가 끝나기를 기다립니다 (waiting for another trace)..." >&2
    flock -w "$TRACE_TIMEOUT" "$lock_fd" || die "다른 make trace 가 ${TRACE_TIMEOUT}초 안에 끝나지 않았습니다"
  fi
fi

# 데모가 남긴 것을 찾으려고 전후를 비교한다: 장 폴더의 FIFO·소켓 파일, /dev/shm, /dev/mqueue.
# (테스트가 동시에 만드는 ipct-* 이름은 빼고 본다.)
snapshot() {
  {
    find "$dir" -maxdepth 1 \( -type p -o -type s \)
    local d
    for d in /dev/shm /dev/mqueue; do
      [ -d "$d" ] && find "$d" -mindepth 1 -maxdepth 1 ! -name '*ipct-*'
    done
  } 2>/dev/null | sort || true
}
before=$(snapshot)

# ---- 실행 ---------------------------------------------------------------------------------
# -f: fork/clone한 자식도 따라간다 (한 파일에 PID를 앞에 붙여 섞어 쓴다: 순서가 보존된다)
# -tt: 마이크로초까지의 시각 (원본을 읽는 사람을 위해)
# -y: fd 인자마다 가리키는 것을 붙인다: 3<pipe:[12345]>, 4</path/demo.fifo>. 두 프로그램이 같은
#     커널 객체를 쓰는지 이것으로 안다.
# -s: 문자열을 이만큼 남긴다. -o: 원본 파일. -e trace=: 볼 호출.
# ASAN_OPTIONS=detect_leaks=0: SAN=1 빌드의 LeakSanitizer는 ptrace 아래에서 일하지 못하고 실패한다.
# set -m: 데모를 새 프로세스 그룹에서 돌린다. 터미널의 Ctrl-C는 이 스크립트만 받고, 이 스크립트가
# 그룹 전체를 정리한다 (set -m 없이 &로 띄우면 배경 작업은 SIGINT를 무시한 채 시작한다).
set -m
(
  # 물려받은 fd(3 이상: 잠금, 테스트 도구의 fd ...)를 닫는다: 데모는 터미널에서 돌 때와 같은 fd 번호를 본다
  for f in /proc/"$BASHPID"/fd/*; do
    fdv=${f##*/}
    if [[ $fdv =~ ^[0-9]+$ ]] && [ "$fdv" -gt 2 ]; then
      { exec {fdv}>&-; } 2>/dev/null || true
    fi
  done
  cd "$dir"
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    exec "$STRACE" -f -tt -y -s "$STRSIZE" -o "$raw" -e trace="$trace_set" ./demo.sh
) </dev/null >"$out" 2>&1 &
strace_pid=$!
sleep "$TRACE_TIMEOUT" >/dev/null 2>&1 {lock_fd}<&- &
timer_pid=$!
set +m

status=0
wait -n || status=$? # 둘 중 먼저 끝나는 것 (strace 또는 시간 제한)
timed_out=0
if kill -0 "$timer_pid" 2>/dev/null; then
  strace_pid= # strace가 먼저 끝났다: status는 데모(demo.sh)의 끝 상태다
else
  timer_pid=
  timed_out=1
  echo "trace: 데모가 ${TRACE_TIMEOUT}초 안에 끝나지 않아 멈춥니다 (timed out)" >&2
  stop_run
fi
after=$(snapshot)

# ---- 원본을 읽기 쉬운 기록으로 ------------------------------------------------------------------
# awk는 LC_ALL=C로 돌린다: 바이트 단위로 다루고, \355 같은 8진 이스케이프를 바이트로 되돌린다.
read -r -d '' awk_prog <<'AWK' || true
# 원본 한 줄: "PID HH:MM:SS.uuuuuu 내용". 내용은 호출("name(args) = 결과"), 끝나지 않은 호출
# ("... <unfinished ...>"), 이어지는 호출("<... name resumed>나머지"), 시그널("--- SIGX {...} ---"),
# 끝("+++ exited with 0 +++")이다. 호출은 돌아온 줄의 자리에 놓는다 (줄 순서 = 호출이 끝난 순서).
function lit_replace(s, from, to,    i, res) {
  if (from == "") return s
  res = ""
  while ((i = index(s, from)) > 0) {
    res = res substr(s, 1, i - 1) to
    s = substr(s, i + length(from))
  }
  return res s
}
function callname(t) {
  if (match(t, /^[a-z_0-9]+\(/)) return substr(t, 1, RLENGTH - 1)
  return ""
}
# 사건 하나: 호출(call), 시그널(sig), 끝(exit). epos는 호출이 시작된 원본 줄, xpos는 끝난 줄.
# strace의 ")    = 0"처럼 맞춘 칸은 ") = 0"으로 줄인다.
function add_event(pid, type, text, name, startpos) {
  sub(/\)  +=/, ") =", text)
  n++; epid[n] = pid; etype[n] = type; etext[n] = text; ename[n] = name
  epos[n] = startpos; xpos[n] = NR
}
function basename(p) { sub(/.*\//, "", p); return p }
function first_string(t,    s) {
  if (!match(t, /"([^"\\]|\\.)*"/)) return ""
  return substr(t, RSTART + 1, RLENGTH - 2)
}
function first_int_arg(t,    s) {
  s = t; sub(/^[a-z_0-9]+\(/, "", s)
  if (match(s, /^-?[0-9]+/)) return substr(s, 1, RLENGTH)
  return ""
}
function result_int(t,    s) {
  if (!match(t, /\) = -?[0-9]+/)) return ""
  s = substr(t, RSTART + 4, RLENGTH - 4)
  return s
}
# 로더·libc·sanitizer의 시작 준비가 만지는 파일인가 (fd의 -y 주석 또는 open의 경로)
function noise(t) {
  if (t ~ /<\/etc\/ld\.so\.[a-z]+>/ || t ~ /\.so(\.[0-9]+)*>/ || t ~ /<\/proc\/[^>]*>/ || t ~ /<\/sys\/[^>]*>/) return 1
  if (t ~ /^open(at)?\(/ && t ~ /"(\/etc\/ld\.so\.[a-z]+|[^"]*\.so(\.[0-9]+)*|\/proc\/[^"]*|\/sys\/[^"]*)"/) return 1
  if (t ~ /^access\(/ && t ~ /"\/etc\/ld\.so\.preload"/) return 1
  return 0
}
# 8진·C 이스케이프를 바이트로 되돌린다 (demo.sh가 출력한 소제목 줄에만 쓴다)
function unescape(s,    out, c, i, d, v) {
  out = ""
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c != "\\") { out = out c; continue }
    i++; c = substr(s, i, 1)
    if (c ~ /[0-7]/) {
      v = 0
      for (d = 0; d < 3 && substr(s, i, 1) ~ /[0-7]/; d++) { v = v * 8 + substr(s, i, 1); i++ }
      i--
      out = out sprintf("%c", v)
    } else if (c == "n") out = out "\n"
    else if (c == "t") out = out "\t"
    else if (c == "x") { out = out "\\x"; }
    else out = out c
  }
  return out
}
# 문자열 인자를 SHOWLEN 글자까지로 줄인다 ("..."는 strace처럼 닫는 따옴표 뒤에)
function shorten(t,    out, i, j, c, len, units, inq, cut, e) {
  out = ""; inq = 0; len = length(t)
  for (i = 1; i <= len; i++) {
    c = substr(t, i, 1)
    if (!inq) {
      out = out c
      if (c == "\"") { inq = 1; units = 0; cut = 0 }
      continue
    }
    if (c == "\"") {
      out = out c; inq = 0
      if (cut && substr(t, i + 1, 3) != "...") out = out "..."
      continue
    }
    e = c
    if (c == "\\") {
      e = substr(t, i, 2)
      if (substr(t, i + 1, 1) ~ /[0-7]/) {
        e = "\\"
        for (j = i + 1; j <= i + 3 && substr(t, j, 1) ~ /[0-7]/; j++) e = e substr(t, j, 1)
      } else if (substr(t, i + 1, 1) == "x") e = substr(t, i, 4)
      i += length(e) - 1
    }
    units++
    if (units <= showlen) out = out e
    else cut = 1
  }
  return out
}
BEGIN {
  nf = split(filter, tmp, ",")
  for (i = 1; i <= nf; i++) infilter[tmp[i]] = 1
  np = split(progs, tmp, " ")
  for (i = 1; i <= np; i++) isprog[tmp[i]] = 1
  split("execve clone clone3 fork vfork", tmp, " ")
  for (i in tmp) always[tmp[i]] = 1
  # execve 뒤 main 전에 로더와 libc(그리고 SAN=1의 sanitizer)가 부르는 호출
  split("brk mmap mmap2 munmap mremap mprotect madvise access faccessat faccessat2 arch_prctl set_tid_address set_robust_list rseq prlimit64 getrlimit getrandom readlink readlinkat sigaltstack uname statfs sysinfo newfstatat fstat fstat64 stat lstat statx", tmp, " ")
  for (i in tmp) startupcall[tmp[i]] = 1
  split("write writev pwrite64 pwritev pwritev2 send sendto sendmsg sendmmsg mq_timedsend mq_send", tmp, " ")
  for (i in tmp) outcall[tmp[i]] = 1
  split("read readv pread64 preadv preadv2 recv recvfrom recvmsg recvmmsg mq_timedreceive mq_receive", tmp, " ")
  for (i in tmp) incall[tmp[i]] = 1
  split("kill tkill tgkill rt_sigqueueinfo rt_tgsigqueueinfo", tmp, " ")
  for (i in tmp) sigcall[tmp[i]] = 1
  if (expectfile != "") {
    while ((getline line < expectfile) > 0) {
      sub(/^[ \t]+/, "", line)
      nw = split(line, w, /[ \t]+/)
      if (nw >= 3 && w[1] == "label") rename[w[2]] = w[3]
      if (nw >= 1 && w[1] == "chain") { nchain++; chaintext[nchain] = line }
      if (nw >= 2 && w[1] == "data") datarule = w[2] # data none: 데이터를 나르는 시스템 호출이 없어야 한다
      if (nw >= 1 && w[1] !~ /^(#|label|chain|expect|data)$/ && w[1] !~ /^#/) badline = badline "\n#   " line
      if (nw >= 3 && w[1] == "expect") {
        # 정규식은 이름표 뒤의 나머지 전부 (공백이 들어 있어도 된다)
        re = line; sub(/^expect[ \t]+[^ \t]+[ \t]+/, "", re); sub(/[ \t]+$/, "", re)
        nexp++; xlabel[nexp] = w[2]; xre[nexp] = re; xline[nexp] = line; xchain[nexp] = nchain
      }
    }
    close(expectfile)
  }
  n = 0
}
{
  line = $0
  if (match(line, /^\[pid +[0-9]+\] +/)) {
    pid = substr(line, 1, RLENGTH); gsub(/[^0-9]/, "", pid)
    rest = substr(line, RLENGTH + 1)
  } else if (match(line, /^[0-9]+ +/)) {
    pid = substr(line, 1, RLENGTH); sub(/ +$/, "", pid); rest = substr(line, RLENGTH + 1)
  } else { pid = rootpid; rest = line }
  if (rootpid == "") rootpid = pid
  if (match(rest, /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]+ /)) rest = substr(rest, RLENGTH + 1)
  else if (match(rest, /^[0-9]+\.[0-9]+ /)) rest = substr(rest, RLENGTH + 1)

  if (match(rest, /^<\.\.\. [a-z_0-9]+ resumed>/)) {
    nm = substr(rest, 6, RLENGTH - 14)
    tail = substr(rest, RLENGTH + 1)
    if (pid in pending) { text = pending[pid] tail; sp = pendpos[pid]; delete pending[pid] }
    else { text = nm "(" tail; sp = NR }
    add_event(pid, "call", text, nm, sp)
  } else if (match(rest, / ?<unfinished \.\.\.>$/)) {
    pending[pid] = substr(rest, 1, RSTART - 1)
    pendname[pid] = callname(rest); pendpos[pid] = NR
  } else if (substr(rest, 1, 4) == "--- ") {
    add_event(pid, "sig", rest, "", NR)
  } else if (substr(rest, 1, 4) == "+++ ") {
    if (pid in pending) {
      if (pendname[pid] == "exit_group" || pendname[pid] == "exit") add_event(pid, "call", pending[pid] ") = ?", pendname[pid], pendpos[pid])
      else add_event(pid, "call", pending[pid] " <unfinished ...>) = ?", pendname[pid], pendpos[pid])
      delete pending[pid]
    }
    if (rest !~ /superseded/) add_event(pid, "exit", rest, "", NR)
  } else if (rest != "") {
    add_event(pid, "call", rest, callname(rest), NR)
  }
}
# 처음 본 프로세스의 이름표: 장의 프로그램이 fork한 자식이면 부모 이름표 + (child...)
function firstsight(p,    par, k, base, key) {
  if (p in seen) return
  seen[p] = 1; alive[p] = 1
  if (p == rootpid || !(p in parent) || !chap[parent[p]]) {
    label[p] = "demo.sh"; chap[p] = 0; prog[p] = ""; birth[p] = label[p]; return
  }
  par = parent[p]; k = ckind[p]
  key = par SUBSEP cgen[p] SUBSEP k
  base = label[par] "(" k (nkids[key] > 1 ? cidx[p] : "") ")"
  label[p] = (base in rename) ? rename[base] : base
  chap[p] = 1; prog[p] = prog[par]; startup[p] = 0; birth[p] = label[p]
}
# rename한 파일은 처음 이름으로 알아본다
function canon(path,    k) {
  for (k = 0; (path in alias) && k < 100; k++) path = alias[path]
  return path
}
# "3</dir>, \"name\"" 또는 "AT_FDCWD</dir>, \"name\"" 또는 "\"name\""을 s의 앞에서 읽어 절대 경로를
# 돌려주고, 읽은 만큼 RESTS에서 뺀다
function take_path(    d, nm) {
  d = chdir
  if (match(RESTS, /^(AT_FDCWD|[0-9]+)</)) {
    RESTS = substr(RESTS, RLENGTH + 1)
    if (!match(RESTS, />, /)) return ""
    d = substr(RESTS, 1, RSTART - 1); RESTS = substr(RESTS, RSTART + RLENGTH)
  }
  if (!match(RESTS, /^"([^"\\]|\\.)*"/)) return ""
  nm = substr(RESTS, 2, RLENGTH - 2); RESTS = substr(RESTS, RLENGTH + 1); sub(/^, /, "", RESTS)
  return (substr(nm, 1, 1) == "/") ? nm : d "/" nm
}
function hasother(set, x,    m, arr, i) {
  m = split(set, arr, " ")
  for (i = 1; i <= m; i++) if (arr[i] != "" && arr[i] != x) return 1
  return 0
}
function annotate_pid(v) {
  if (v in lastlabel) return v "<" lastlabel[v] ">"
  return v
}
function fmt(i,    t, nm, c, a, rest) {
  t = etext[i]; nm = ename[i]
  gsub(/AT_FDCWD<[^>]*>/, "AT_FDCWD", t)
  t = lit_replace(t, "<" outfile ">", "")
  t = lit_replace(t, chdir "/", "./")
  t = lit_replace(t, "<" chdir ">", "<.>")
  if (nm == "execve") sub(/, 0x[0-9a-f]+ \/\* [0-9]+ vars? \*\/\)/, ", ...)", t)
  if (nm == "clone") { sub(/child_stack=NULL, /, "", t); sub(/, child_tidptr=0x[0-9a-f]+/, "", t) }
  if (nm == "clone3") { sub(/, child_tid=[^}]*\}/, "}", t); sub(/ => \{parent_tid=\[[0-9]+\]\}/, "", t) }
  if (nm == "exit_group" || nm == "exit") sub(/\) = \?$/, ")", t)
  if (nm ~ /^rt_sigaction$/) {
    gsub(/, sa_restorer=0x[0-9a-f]+/, "", t)
    gsub(/SA_RESTORER\|/, "", t); gsub(/\|SA_RESTORER/, "", t); gsub(/sa_flags=SA_RESTORER/, "sa_flags=0", t)
  }
  if (etype[i] == "sig") {
    gsub(/si_signo=SIG[A-Z0-9_+]*, /, "", t)
    gsub(/, si_(uid|utime|stime)=[0-9]+/, "", t)
  }
  # siginfo의 si_pid (시그널 줄과 rt_sigqueueinfo의 인자)에도 그 PID의 프로그램을 붙인다
  if (match(t, /si_pid=[0-9]+/)) {
    a = substr(t, RSTART + 7, RLENGTH - 7)
    t = substr(t, 1, RSTART + 6) annotate_pid(a) substr(t, RSTART + RLENGTH)
  }
  if (nm ~ /^(clone|clone3|fork|vfork)$/ && match(t, /\) = [0-9]+$/)) {
    c = substr(t, RSTART + 4)
    if (c in birth) t = t "<" birth[c] ">"
  }
  if (nm ~ /^(wait4|waitid|waitpid)$/ || (nm in sigcall)) {
    a = first_int_arg(t)
    if (a != "" && a + 0 > 0) { rest = substr(t, length(nm) + 2 + length(a)); t = nm "(" annotate_pid(a) rest }
    if (nm != "kill" && match(t, /\) = [0-9]+$/)) {
      c = substr(t, RSTART + 4); t = substr(t, 1, RSTART + 3) annotate_pid(c)
    }
  }
  return shorten(t)
}
END {
  for (p in pending) add_event(p, "call", pending[p] " <unfinished ...>) = ?", pendname[p], pendpos[p])
  # 1. fork의 나무: clone/fork/vfork의 결과가 자식의 PID다
  for (i = 1; i <= n; i++) {
    if (etype[i] != "call") continue
    t = etext[i]
    if (ename[i] == "execve" && t ~ /\) = 0$/) gen[epid[i]]++
    if (ename[i] ~ /^(clone|clone3|fork|vfork)$/ && match(t, /\) = [0-9]+$/)) {
      c = substr(t, RSTART + 4)
      k = (t ~ /CLONE_THREAD/) ? "thread" : "child"
      parent[c] = epid[i]; ckind[c] = k; cgen[c] = gen[epid[i]] + 0
      key = epid[i] SUBSEP cgen[c] SUBSEP k
      cidx[c] = ++nkids[key]
    }
  }
  # 2. 이름표를 붙이고, 무엇을 보일지 정한다
  for (i = 1; i <= n; i++) {
    p = epid[i]; t = etext[i]; nm = ename[i]
    firstsight(p)
    show[i] = 0; hdr[i] = 0
    if (etype[i] == "exit") {
      alive[p] = 0; lastlabel[p] = label[p]
      if (chap[p]) { show[i] = 1; elabel[i] = label[p] }
      continue
    }
    if (etype[i] == "sig") {
      if (chap[p]) { show[i] = 1; elabel[i] = label[p] }
      continue
    }
    if (nm ~ /^(clone|clone3|fork|vfork)$/ && match(t, /\) = [0-9]+$/)) firstsight(substr(t, RSTART + 4))
    if (nm == "execve") {
      if (t ~ /\) = 0$/) {
        b = basename(first_string(t))
        if (b in isprog) {
          same = 0
          for (q in alive) if (alive[q] && q != p && prog[q] == b) same++
          label[p] = same ? b "#" (same + 1) : b
          chap[p] = 1; prog[p] = b; startup[p] = 1
          show[i] = 1; elabel[i] = label[p]
        } else {
          if (chap[p]) { show[i] = 1; elabel[i] = label[p] }
          # 장의 프로그램이 아니다: demo.sh가 부른 도구(timeout, kill ...)는 그 이름으로, 나머지는 demo.sh
          chap[p] = 0; prog[p] = ""; label[p] = (b == "" || b ~ /^(demo\.sh|sh|bash|dash)$/) ? "demo.sh" : b
        }
      } else if (chap[p]) { show[i] = 1; elabel[i] = label[p] }
      lastlabel[p] = label[p]
      continue
    }
    lastlabel[p] = label[p]
    if (!chap[p]) {
      # demo.sh와 그 도구들: "$ 명령" 줄은 소제목으로, 장의 프로그램에게 보낸 시그널은 보인다
      if (nm == "write" && label[p] == "demo.sh" && t ~ /^write\(1(<[^>]*>)?, "\$ /) { show[i] = 1; hdr[i] = 1 }
      else if ((nm in sigcall) && (nm in infilter)) {
        a = first_int_arg(t)
        if (a in chap && chap[a]) { show[i] = 1; elabel[i] = label[p] }
      }
      continue
    }
    if (noise(t)) continue
    # stdio가 첫 출력 전에 fd 0/1/2의 종류를 묻는 fstat: libc의 준비이지 수업이 아니다
    if (nm ~ /^(newfstatat|fstat|fstat64|statx)$/ && t ~ /^[a-z0-9]+\([012](<[^>]*>)?, ("", )?\{/) continue
    if (startup[p]) {
      if ((nm in startupcall) || (nm == "rt_sigaction" && t ~ /SA_ONSTACK/)) continue
      startup[p] = 0
    }
    # 시그널에 끊겨 커널이 같은 호출을 다시 시작했다면(다음 호출이 같은 이름) 프로그램에는 보이지
    # 않으므로 뺀다. 다시 시작하지 않은 것(rt_sigsuspend처럼 EINTR로 돌아간 것)은 보인다.
    if (t ~ /= \? ERESTART/) {
      for (j = i + 1; j <= n; j++) if (epid[j] == p && etype[j] == "call") break
      if (j <= n && ename[j] == nm) continue
    }
    if (!(nm in infilter) && !(nm in always)) continue
    show[i] = 1; elabel[i] = label[p]
  }
  for (p in seen) if (!(p in lastlabel)) lastlabel[p] = label[p]
  # 3. 데이터를 나른 호출: 한 프로그램이 쓰고 다른 프로그램이 읽은 객체 위의 호출, 프로그램 사이의 시그널
  for (i = 1; i <= n; i++) {
    p = epid[i]; t = etext[i]; nm = ename[i]; dir_[i] = ""
    if (chap[p] && nm ~ /^rename(at2?)?$/ && t ~ /\) = 0$/) {
      RESTS = substr(t, length(nm) + 2)
      from = take_path(); to = take_path()
      if (from != "" && to != "" && from != to) alias[to] = canon(from)
    }
    if (!show[i] || hdr[i]) continue
    if ((nm in outcall) || (nm in incall)) {
      if (!match(t, /^[a-z_0-9]+\([0-9]+</)) continue
      o = substr(t, RSTART + RLENGTH)
      if (!match(o, />/)) continue
      o = substr(o, 1, RSTART - 1)
      if (substr(o, 1, 1) == "/") o = canon(o)
      r = result_int(t)
      bytes = r + 0
      if (nm ~ /^mq_(timed)?send$/ && r == "0" && match(t, /"(\.\.\.)?, [0-9]+, /)) {
        bytes = substr(t, RSTART, RLENGTH); sub(/^"(\.\.\.)?, /, "", bytes); bytes = bytes + 0
      }
      if (bytes <= 0) continue
      eobj[i] = o; ebytes[i] = bytes
      if (nm in outcall) { dir_[i] = "out"; writers[o] = writers[o] " " prog[p] }
      else { dir_[i] = "in"; readers[o] = readers[o] " " prog[p] }
    } else if (nm in sigcall) {
      a = first_int_arg(t)
      if (chap[p] && (a in chap) && chap[a] && prog[a] != prog[p] && t !~ /, 0\)/ && t ~ /\) = 0$/) {
        dir_[i] = "sigout"; eobj[i] = "sig:" p ">" a
      }
    } else if (etype[i] == "sig" && match(t, /si_code=SI_(USER|QUEUE|TKILL)/) && match(t, /si_pid=[0-9]+/)) {
      a = substr(t, RSTART + 7, RLENGTH - 7)
      if ((a in chap) && chap[a] && prog[a] != prog[p]) { dir_[i] = "sigin"; eobj[i] = "sig:" a ">" p }
    }
  }
  for (i = 1; i <= n; i++) {
    isdata[i] = 0
    if (dir_[i] == "out") isdata[i] = hasother(readers[eobj[i]], prog[epid[i]]) || eobj[i] ~ /^socket:/
    else if (dir_[i] == "in") isdata[i] = hasother(writers[eobj[i]], prog[epid[i]]) || eobj[i] ~ /^socket:/
    else if (dir_[i] == "sigout" || dir_[i] == "sigin") isdata[i] = 1
  }
  # 4. 보일 순서: 기본은 끝난 순서. 다만 읽기(또는 시그널 도착)가 같은 객체 위의 다른 프로그램의 쓰기와
  # 시간이 겹쳤고(쓰기가 시작된 뒤에 읽기가 끝났고) strace가 쓰기의 끝을 나중에 적었다면, 읽기를 그
  # 쓰기 바로 뒤로 옮긴다. 겹친 두 호출은 어느 순서로 적어도 사실과 어긋나지 않고, 이렇게 해야
  # "보내기 전에 받았다"처럼 읽히지 않는다. 그 사이에 읽은 프로세스의 다른 줄이 있으면 옮기지 않는다.
  for (i = 1; i <= n; i++) {
    if (!show[i] || !isdata[i] || (dir_[i] != "in" && dir_[i] != "sigin")) continue
    wi = 0
    for (j = i + 1; j <= n && j <= i + 400; j++) {
      if (!show[j]) continue
      if (epid[j] == epid[i]) break # 읽은 프로세스의 다음 줄: 더 옮기면 그 프로세스의 순서가 바뀐다
      if (isdata[j] && eobj[j] == eobj[i] && (dir_[j] == "out" || dir_[j] == "sigout") && epos[j] < xpos[i]) { wi = j; break }
    }
    if (wi) { moved[i] = 1; after[wi] = after[wi] " " i }
  }
  nord = 0
  for (i = 1; i <= n; i++) {
    if (!show[i] || (i in moved)) continue
    ord[++nord] = i
    if (i in after) {
      m = split(after[i], tmp, " ")
      for (j = 1; j <= m; j++) ord[++nord] = tmp[j] + 0
    }
  }
  first = 0; last = 0
  for (q = 1; q <= nord; q++) if (isdata[ord[q]]) { if (!first) first = q; last = q }
  # 5. 출력
  width = 0
  for (i = 1; i <= n; i++) if (show[i] && !hdr[i] && length(elabel[i]) > width) width = length(elabel[i])
  shown = 0; chapter_lines = 0; ndata = 0
  for (q = 1; q <= nord; q++) {
    i = ord[q]
    if (q == first) print "──── 데이터 단계 시작 (data begins): 여기서부터 프로그램 사이로 데이터가 오간다 ────"
    if (hdr[i]) {
      s = unescape(first_string(etext[i])); sub(/\n+$/, "", s)
      print ""
      print "── " s
    } else {
      printf "%-" width "s  %s\n", elabel[i], fmt(i)
      chapter_lines++
    }
    shown++
    if (isdata[i]) {
      ndata++
      k = (dir_[i] == "sigin") ? "시그널 도착" : ename[i]
      if (!(k in dcount)) korder[++nk2] = k
      dcount[k]++; dbyte[k] += ebytes[i]
    }
    if (q == last) {
      s = ""
      for (j = 1; j <= nk2; j++) {
        k = korder[j]
        s = s (j > 1 ? ", " : "") k " " dcount[k] "번" (dbyte[k] > 0 ? " " dbyte[k] " 바이트" : "")
      }
      print "──── 데이터 단계 끝 (data ends): 데이터를 나른 시스템 호출 " ndata "번: " s " ────"
    }
  }
  if (!first) print "──── 데이터 단계 (data phase): 이 기록에는 프로그램 사이로 데이터를 나른 시스템 호출이 없다 ────"
  # 6. trace.expect의 약속: 사슬(chain)마다 expect 줄들이 이 순서로, 그 이름표의 줄로 나오는가.
  # 같은 이름표끼리는 기록의 순서(끝난 순서) 그대로 본다. 다른 프로세스끼리는 strace가 거의 동시에
  # 끝난 두 호출을 어느 쪽 먼저 적을지 정해져 있지 않으므로, 뒤의 호출이 앞의 호출이 "시작된" 뒤에
  # 끝났는지를 본다 (쓰기가 시작되기 전에 그 데이터를 읽을 수는 없다: 인과 순서).
  xfail = 0
  if (expectfile != "" && badline != "") {
    print ""
    print "# trace.expect: 알 수 없는 줄 (unknown lines):" badline
    xfail = "syntax"
  }
  if (expectfile != "" && !xfail) {
    if (datarule == "none" && first) xfail = "data"
    if (datarule != "none" && !first) xfail = "data"
    if (xfail) {
      print ""
      if (datarule == "none") print "# trace.expect: \"data none\" 이지만 데이터를 나른 호출이 있다 (expected no data phase)"
      else print "# trace.expect: 데이터 단계가 없다 (no data phase): 읽는 호출(read, pread64, mq_timedreceive ...)이 trace.filter 에 있나?"
    }
  }
  if (nexp > 0 && !xfail) {
    prev = 0
    for (k = 1; k <= nexp; k++) {
      if (k > 1 && xchain[k] != xchain[k - 1]) prev = 0 # 새 사슬은 기록의 처음부터 다시 찾는다
      found = 0
      for (i = 1; i <= n; i++) {
        if (!show[i] || hdr[i] || elabel[i] != xlabel[k]) continue
        if (prev) {
          if (elabel[prev] == xlabel[k]) { if (xpos[i] <= xpos[prev]) continue }
          else if (xpos[i] <= epos[prev]) continue
        }
        if (fmt(i) ~ xre[k]) { found = i; break }
      }
      if (!found) { xfail = k; break }
      prev = found
    }
    if (xfail) {
      print ""
      print "# trace.expect: " xfail "번째 약속이 맞지 않는다 (expectation " xfail " of " nexp " not met): " xline[xfail]
    } else {
      print ""
      print "# trace.expect: 약속 " nexp "개가 모두 순서대로 맞다 (all " nexp " expectations met in order)"
    }
  }
  if (statsfile != "") {
    print "expect_total " nexp > statsfile
    print "expect_fail " xfail > statsfile
    print "lines " chapter_lines > statsfile
    print "data " ndata > statsfile
    close(statsfile)
  }
}
AWK

# trace.expect: 이름표 바꾸기(label)와 기록에 대한 약속(expect). TRACE_EXPECT로 다른 파일을 줄 수 있다.
expect_file=${TRACE_EXPECT:-}
[ -n "$expect_file" ] || [ ! -f "$dir/trace.expect" ] || expect_file=$dir/trace.expect
[ -z "$expect_file" ] || [ -f "$expect_file" ] || die "약속 파일이 없습니다 (no such file): $expect_file"
{
  echo "# make trace CH=$ch: $ch/demo.sh 를 strace 로 실행한 기록"
  echo "# 볼 호출 ($ch/trace.filter): $filter_csv"
  echo "# 왼쪽은 호출한 프로그램, 줄 순서는 호출이 끝난(돌아온) 순서. 3<pipe:[N]> 은 fd 3 이 가리키는 커널 객체,"
  echo "# 12345<client> 는 그 PID 의 프로그램. 로더와 libc 의 시작 준비는 빼고, 긴 문자열은 줄였다."
  echo "# (두 프로세스가 거의 동시에 끝낸 호출은 strace 가 어느 쪽을 먼저 적을지 정해져 있지 않다.)"
  LC_ALL=C awk -v filter="$filter_csv" -v progs="${progs[*]}" -v chdir="$dir" -v outfile="$out" \
    -v expectfile="$expect_file" -v showlen="$SHOWLEN" -v statsfile="$tmp/stats" "$awk_prog" "$raw" ||
    die "원본을 읽지 못했습니다 (cannot read the raw trace): $(show_path "$out_dir/$ch.raw")"
  echo
  echo "# 원본 (raw): $(show_path "$out_dir/$ch.raw")   데모 출력: $(show_path "$out_dir/$ch.out")   이 기록: $(show_path "$out_dir/$ch.txt")"
} >"$txt"
keep_files
mv -f "$txt" "$out_dir/$ch.txt"
cat "$out_dir/$ch.txt"

# ---- 결과 판정 ----------------------------------------------------------------------------
lines=$(awk '$1 == "lines" { print $2 }' "$tmp/stats" 2>/dev/null || true)
expect_fail=$(awk '$1 == "expect_fail" { print $2 }' "$tmp/stats" 2>/dev/null || true)
if [ "$timed_out" = 1 ]; then
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "trace: 데모가 상태 $status 로 끝났습니다 (demo failed). 데모 출력의 끝 ($(show_path "$out_dir/$ch.out")):" >&2
  tail -n 5 "$out_dir/$ch.out" >&2
  exit 1
fi
if [ "${lines:-0}" -eq 0 ]; then
  die "기록에 장의 프로그램이 한 줄도 없습니다 (empty transcript): $ch/demo.sh 가 ./server, ./client 를 실행하나요?"
fi
case ${expect_fail:-0} in
  0) ;;
  data) die "$(show_path "$expect_file"): 데이터 단계의 약속이 맞지 않습니다 (data phase expectation not met)" ;;
  syntax) die "$(show_path "$expect_file") 에 알 수 없는 줄이 있습니다 (unknown lines)" ;;
  *) die "$(show_path "$expect_file") 의 ${expect_fail}번째 약속이 기록과 맞지 않습니다 (expectation not met)" ;;
esac
# 새로 생겨 남은 것 가운데, 이 기록의 프로세스가 그 이름을 쓴 것만 센다 (같은 기계의 다른 프로그램이
# 동시에 만든 /dev/shm/... 를 데모 탓으로 돌리지 않도록).
left=
while IFS= read -r path; do
  [ -n "$path" ] || continue
  grep -qF -- "${path##*/}" "$out_dir/$ch.raw" && left+="$path"$'\n'
done < <(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after"))
left=${left%$'\n'}
if [ -n "$left" ]; then
  echo "trace: 데모가 끝난 뒤에도 남은 것이 있습니다 (left behind):" >&2
  printf '  %s\n' "$left" >&2
  exit 1
fi
exit 0
