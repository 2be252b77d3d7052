#!/usr/bin/env bash
# tools/exercise.sh: 스스로 채점하는 연습문제 (make exercise, make exercises, make grade,
# make exercises-selftest가 부른다).
#
#   tools/exercise.sh list                       모든 연습문제: 장, 번호, 종류, 난이도, 제목
#   tools/exercise.sh check EX [DIR]             EX(예: 03-pipe/1)를 빌드하고 채점한다. DIR을 주면 그 안의
#                                                파일(학생의 답)을 시작 파일 위에 덮어써서 빌드한다
#   tools/exercise.sh grade EX CLASS [CSV]       CLASS/학생/마다 check하고 학생 × 검사 표와 CSV를 만든다
#   tools/exercise.sh selftest                   모든 연습문제: 시작 코드에서는 실패, 모범 답안에서는 통과해야 한다
#
# 연습문제 하나 = 폴더 하나: NN-이름/exercises/N-짧은이름/
#   README.md    한국어 과제. 첫 줄 "# NN-이름 연습 N: 제목", 그리고 list가 읽는 두 줄:
#                  - 종류: 버그 고치기 (fix-the-bug)   | 빈칸 채우기 (fill-in) | 기능 더하기 (extend)
#                  - 난이도: 1 (쉬움)                   | 2 (보통)              | 3 (어려움)
#   *.c, *.h     시작 코드. .c 하나가 실행 파일 하나다 (server.c → server)
#   check.bats   채점기. 학생의 프로그램은 "$EX_BIN/server"처럼 부른다. 검사마다 PASS, FAIL, 또는 SKIP(건너뜀:
#                그 컴퓨터에서 돌 수 없다, 점수에 넣지 않는다). 실패한 검사는
#                hint "한국어 힌트"로 개념을 가리킨다 (답을 알려 주지 않는다)
# 모범 답안: solutions/NN-이름/N-짧은이름/에 시작 코드와 달라지는 파일만 있다. 강사는 저장소를 나눠 주기 전에
# solutions/를 지워도 된다: 채점기는 답안을 쓰지 않는다 (selftest만 쓴다).
#
# 빌드: 임시 폴더에서, 프로젝트와 같은 경고로 (cc -std=c11 -Wall -Wextra -Wpedantic ...) 그리고 장의 라이브러리
# (EX_LIBS_NN: Makefile이 넘긴다). 빌드가 실패하면 모든 검사가 FAIL이다.
# 격리: 학생마다 새 임시 폴더, 채점 전체에 시간 상한(EX_TIMEOUT, 기본 300초), 끝나면 그 학생의 채점이 띄운
# 프로세스를 모두 죽인다 (환경 변수 표시로 찾는다). 멈추거나 프로세스를 남긴 검사는 0점이다.
# 끝 상태: check는 모든 검사가 통과하면 0, 아니면 1. selftest는 모든 연습문제가 맞게 동작하면 0. 잘못 쓰면 2.
set -uo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EX_TIMEOUT=${EX_TIMEOUT:-300}
CC=${CC:-cc}
EX_CFLAGS=${EX_CFLAGS:--std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -O2 -g}

usage() {
  sed -n '3,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# 모든 연습문제 폴더 (저장소 기준 상대 경로), 장과 번호 순서로
all_exercises() {
  local d
  for d in "$top"/[0-9][0-9]-*/exercises/[0-9]*-*/; do
    [ -f "$d/check.bats" ] || continue
    d=${d%/}
    printf '%s\n' "${d#"$top/"}"
  done | sort -t/ -k1,1 -k3,3n
}

# resolve EX: 03-pipe/1, 03-pipe/1-forgotten-close, 03-pipe/exercises/1-... → 03-pipe/exercises/1-...
resolve() {
  local ex=${1%/} ch n d
  ex=${ex#"$top/"}
  ch=${ex%%/*}
  n=${ex##*/}
  n=${n%%-*}
  for d in "$top/$ch/exercises/$n"-*/; do
    [ -f "$d/check.bats" ] || continue
    d=${d%/}
    printf '%s\n' "${d#"$top/"}"
    return 0
  done
  echo "exercise: no such exercise: $1 (make exercises lists them)" >&2
  return 1
}

field() { # field README 이름: "- 이름: 값" 줄의 값
  sed -n "s/^- $2: *//p" "$1" | head -n 1
}

title_of() { # README의 첫 제목에서 "NN-이름 연습 N: " 뒤
  sed -n '1s/^# *//p' "$1" | sed 's/^[^:]*: *//'
}

cmd_list() {
  local ex r ch n
  # 한글은 터미널에서 두 칸이라 폭을 맞출 수 없으므로 ASCII 칸을 앞에, 한국어 제목을 맨 뒤에 둔다
  printf '%-16s %-12s %-6s %s\n' "EX" "kind" "level" "title (제목)"
  while IFS= read -r ex; do
    r=$top/$ex/README.md
    ch=${ex%%/*}
    n=${ex##*/}
    printf '%-16s %-12s %-6s %s\n' "$ch/${n%%-*}" "$(field "$r" 종류 | sed -n 's/.*(\(.*\)).*/\1/p')" \
      "$(field "$r" 난이도 | cut -c1)/3" "$(title_of "$r")"
  done < <(all_exercises)
  echo
  echo "풀기: 그 폴더의 README.md 를 읽고 코드를 고친 뒤 make exercise EX=03-pipe/1"
}

# build 연습폴더 답폴더 빌드폴더: 시작 파일을 복사하고 답을 덮어쓴 뒤 .c마다 실행 파일을 만든다.
# 실패하면 첫 오류들을 BUILD_ERROR에 둔다.
build() {
  local exdir=$1 src=$2 out=$3 ch libs c name log
  ch=${exdir%%/*}
  local var="EX_LIBS_${ch//-/_}"
  libs=${!var:-}
  cp "$top/$exdir"/*.c "$out/" 2>/dev/null
  cp "$top/$exdir"/*.h "$out/" 2>/dev/null
  if [ "$src" != "$top/$exdir" ]; then
    cp "$src"/*.c "$out/" 2>/dev/null
    cp "$src"/*.h "$out/" 2>/dev/null
  fi
  BUILD_ERROR=
  log=$out/.build.log
  for c in "$out"/*.c; do
    [ -e "$c" ] || continue
    name=${c##*/}
    name=${name%.c}
    # shellcheck disable=SC2086  # 플래그와 라이브러리는 일부러 단어로 나눈다
    if ! (cd "$out" && timeout 60 $CC $EX_CFLAGS -o "$name" "$name.c" $libs) >"$log" 2>&1; then
      BUILD_ERROR=$(grep -m 3 -E 'error|undefined' "$log")
      [ -n "$BUILD_ERROR" ] || BUILD_ERROR=$(head -n 3 "$log")
      return 1
    fi
  done
  return 0
}

# kill_marked 표시: 환경에 IPC_EX_MARK=표시 를 가진 프로세스를 모두 죽인다 (채점이 남긴 것)
kill_marked() {
  local f pid env
  for f in /proc/[0-9]*/environ; do
    pid=${f#/proc/}
    pid=${pid%/environ}
    [ "$pid" = "$BASHPID" ] && continue
    { mapfile -d '' env <"$f"; } 2>/dev/null || continue
    case " ${env[*]} " in
      *" IPC_EX_MARK=$1 "*) kill -KILL "$pid" 2>/dev/null && LEFT_BEHIND=1 ;;
    esac
  done
}

# run_check 연습폴더 답폴더: 빌드하고 채점기를 돌린다. 검사마다 RESULTS에 "PASS|FAIL<tab>이름<tab>힌트" 한 줄.
run_check() {
  local exdir=$1 src=$2 work names n tap mark
  work=$(mktemp -d "${TMPDIR:-/tmp}/exercise.XXXXXX")
  chmod 755 "$work"
  mkdir "$work/bin"
  RESULTS=() BUILD_OK=1 LEFT_BEHIND=0
  mapfile -t names < <(sed -n 's/^@test "\(.*\)" *{ *$/\1/p' "$top/$exdir/check.bats")
  if ! build "$exdir" "$src" "$work/bin"; then
    BUILD_OK=0
    for n in "${names[@]}"; do
      RESULTS+=("FAIL"$'\t'"$n"$'\t'"빌드가 되지 않아 검사하지 못했다: ${BUILD_ERROR//$'\n'/ }")
    done
    rm -rf "$work"
    return
  fi
  mark="ex$$-$RANDOM"
  tap=$work/check.tap
  EX_BIN=$work/bin IPC_TOP=$top IPC_EX_MARK=$mark JOBS=1 BATS_FLAGS=--tap \
    timeout -k 5 "$EX_TIMEOUT" "$top/tests/run.sh" "$top/$exdir/check.bats" >"$tap" 2>&1 </dev/null
  kill_marked "$mark"
  # TAP → 결과 줄. 실패한 검사의 힌트는 그 뒤의 "# 힌트: ..." 줄이다.
  local line status name hint i=0
  while IFS= read -r line; do
    if [[ $line =~ ^(not\ ok|ok)\ [0-9]+\ (.*)$ ]]; then
      [ -n "${status:-}" ] && RESULTS+=("$status"$'\t'"$name"$'\t'"$hint")
      status=PASS
      [ "${BASH_REMATCH[1]}" = ok ] || status=FAIL
      name=${BASH_REMATCH[2]} hint=
      # 건너뛴 검사 (예: root가 아니라 nobody가 될 수 없다)는 통과도 실패도 아니다: 이유를 힌트 자리에
      if [[ $name == *' # skip'* ]]; then
        status=SKIP hint=${name#* \# skip}
        hint=${hint# }
      fi
      name=${name% \# skip*}
      i=$((i + 1))
    elif [[ $line =~ ^#\ +(힌트|hint):\ *(.*)$ ]] && [ -z "$hint" ]; then
      hint=${BASH_REMATCH[2]}
    fi
  done <"$tap"
  [ -n "${status:-}" ] && RESULTS+=("$status"$'\t'"$name"$'\t'"$hint")
  # 시간 초과 등으로 돌지 못한 검사는 실패로 채운다
  local done_names=" ${RESULTS[*]} "
  for n in "${names[@]}"; do
    [[ $done_names == *$'\t'"$n"$'\t'* ]] || RESULTS+=("FAIL"$'\t'"$n"$'\t'"검사가 끝나지 않았다 (${EX_TIMEOUT}초): 멈춘 프로그램이 없는지 보라")
  done
  # 검사마다 teardown이 그 검사가 남긴 프로세스를 잡는다. 그래도 채점 뒤에 남은 것이 있으면 어느 검사의
  # 것인지 알 수 없으므로 모든 검사를 0점으로 한다.
  if [ "$LEFT_BEHIND" = 1 ]; then
    local i st n2 _
    for i in "${!RESULTS[@]}"; do
      IFS=$'\t' read -r st n2 _ <<<"${RESULTS[$i]}"
      RESULTS[i]="FAIL"$'\t'"$n2"$'\t'"채점이 끝난 뒤에도 프로그램이 남아 있었다: 모든 경로에서 끝나는지 보라"
    done
  fi
  rm -rf "$work"
}

print_results() {
  local r st name hint pass=0 total=0 skipped=0
  for r in "${RESULTS[@]}"; do
    IFS=$'\t' read -r st name hint <<<"$r"
    total=$((total + 1))
    printf '%s  %s\n' "$st" "$name"
    if [ "$st" = PASS ]; then
      pass=$((pass + 1))
    elif [ "$st" = SKIP ]; then
      skipped=$((skipped + 1))
      printf '      건너뜀: %s\n' "${hint:-이유 없음}"
    elif [ -n "$hint" ]; then
      printf '      힌트: %s\n' "$hint"
    fi
  done
  if [ "$skipped" -gt 0 ]; then
    echo "결과: $pass of $((total - skipped)) checks passed ($skipped skipped here)"
  else
    echo "결과: $pass of $total checks passed"
  fi
  [ "$pass" -eq "$((total - skipped))" ] && [ "$pass" -gt 0 ]
}

cmd_check() {
  [ $# -ge 1 ] || usage
  local exdir src
  exdir=$(resolve "$1") || exit 2
  src=${2:-$top/$exdir}
  [ -d "$src" ] || { echo "exercise: no such directory: $src" >&2; exit 2; }
  src=$(cd "$src" && pwd)
  echo "$exdir: $(title_of "$top/$exdir/README.md")"
  run_check "$exdir" "$src"
  [ "$BUILD_OK" = 1 ] && echo "빌드: ok" || echo "빌드: 실패 (${BUILD_ERROR%%$'\n'*})"
  print_results
}

csv_quote() { local s=${1//\"/\"\"}; printf '"%s"' "$s"; }

cmd_grade() {
  [ $# -ge 2 ] || usage
  local exdir class csv students s r st name hint pass names=() i
  exdir=$(resolve "$1") || exit 2
  class=$2
  [ -d "$class" ] || { echo "grade: no such directory: $class" >&2; exit 2; }
  class=$(cd "$class" && pwd)
  csv=${3:-grades-${exdir%%/*}-$(basename "$exdir").csv}
  mapfile -t students < <(find "$class" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | LC_ALL=C sort)
  [ ${#students[@]} -gt 0 ] || { echo "grade: $class has no student folders" >&2; exit 2; }
  echo "$exdir: $(title_of "$top/$exdir/README.md") — ${#students[@]} students"
  local header=0 table=()
  for s in "${students[@]}"; do
    run_check "$exdir" "$class/$s"
    if [ "$header" = 0 ]; then
      names=()
      for r in "${RESULTS[@]}"; do IFS=$'\t' read -r st name hint <<<"$r"; names+=("$name"); done
      {
        printf '%s' "$(csv_quote student)"
        for name in "${names[@]}"; do printf ',%s' "$(csv_quote "$name")"; done
        printf ',%s,%s\n' "$(csv_quote passed)" "$(csv_quote build)"
      } >"$csv"
      header=1
    fi
    pass=0
    local cells=()
    for r in "${RESULTS[@]}"; do
      IFS=$'\t' read -r st name hint <<<"$r"
      case $st in
        PASS) cells+=(1); pass=$((pass + 1)) ;;
        SKIP) cells+=(-) ;; # 이 컴퓨터에서 돌 수 없는 검사: 점수에 넣지 않는다
        *) cells+=(0) ;;
      esac
    done
    {
      printf '%s' "$(csv_quote "$s")"
      for i in "${cells[@]}"; do printf ',%s' "$i"; done
      printf ',%s,%s\n' "$pass" "$([ "$BUILD_OK" = 1 ] && echo ok || echo failed)"
    } >>"$csv"
    table+=("$(printf '%-16s %s  %d/%d%s' "$s" "${cells[*]}" "$pass" "${#cells[@]}" \
      "$([ "$BUILD_OK" = 1 ] || echo '  (빌드 실패)')")")
  done
  echo
  echo "검사:"
  for i in "${!names[@]}"; do printf '  %d  %s\n' $((i + 1)) "${names[$i]}"; done
  echo
  printf '%-16s %s\n' "student" "$(seq -s ' ' 1 "${#names[@]}")  passed"
  printf '%s\n' "${table[@]}"
  echo
  echo "CSV: $csv"
}

cmd_selftest() {
  local ex sol bad=0 start_pass sol_pass n=0
  while IFS= read -r ex; do
    n=$((n + 1))
    sol=$top/solutions/${ex%%/*}/${ex##*/}
    if [ ! -d "$sol" ]; then
      echo "FAIL  $ex: no reference solution in solutions/${ex%%/*}/${ex##*/}"
      bad=1
      continue
    fi
    run_check "$ex" "$top/$ex"
    start_pass=$(printf '%s\n' "${RESULTS[@]}" | grep -c '^PASS')
    local start_fail start_total=${#RESULTS[@]}
    start_fail=$(printf '%s\n' "${RESULTS[@]}" | grep -c '^FAIL')
    run_check "$ex" "$sol"
    sol_pass=$(printf '%s\n' "${RESULTS[@]}" | grep -c '^PASS')
    local sol_total=${#RESULTS[@]}
    # 건너뛴 검사는 답안 쪽 합계에서 뺀다: 통과해야 할 것은 돈 검사들이다
    sol_total=$((sol_total - $(printf '%s\n' "${RESULTS[@]}" | grep -c '^SKIP')))
    if [ "$start_fail" -eq 0 ]; then
      echo "FAIL  $ex: the checker passes the untouched starting code ($start_pass of $start_total)"
      bad=1
    elif [ "$sol_pass" -ne "$sol_total" ] || [ "$sol_total" -eq 0 ]; then
      echo "FAIL  $ex: the checker fails the reference solution ($sol_pass of $sol_total):"
      printf '%s\n' "${RESULTS[@]}" | grep '^FAIL' | sed 's/^/        /'
      bad=1
    else
      echo "ok    $ex: start $start_pass of $start_total, solution $sol_pass of $sol_total"
    fi
  done < <(all_exercises)
  echo "selftest: $n exercises checked"
  [ "$n" -gt 0 ] && [ "$bad" -eq 0 ]
}

case ${1:-} in
  list) cmd_list ;;
  check) shift; cmd_check "$@" ;;
  grade) shift; cmd_grade "$@" ;;
  selftest) cmd_selftest ;;
  *) usage ;;
esac
