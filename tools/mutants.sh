#!/usr/bin/env bash
# tools/mutants.sh: 테스트가 정말 무언가를 확인하는지 돌연변이(mutant)로 증명한다.
#
#   make mutants CH=03-pipe        (make가 먼저 빌드한 뒤 이 스크립트를 부른다)
#   tools/mutants.sh 03-pipe 04-fifo
#
# 돌연변이 하나 = 장의 코드 한 곳을 일부러 고친 것 (close 하나 지우기, SA_RESTART 더하기 ...).
# 테스트가 이름으로 약속한 동작을 고장 내면 그 테스트는 실패해야 한다. 실패하면 "잡았다(killed)",
# 통과하면 "살아남았다(survived)": 그 테스트는 이름이 말하는 것을 확인하지 않는다는 뜻이다.
#
# 목록: tests/mutants/NN-이름.txt, 한 줄에 돌연변이 하나. #으로 시작하는 줄과 빈 줄은 건너뛴다.
#
#   파일 :: 찾을 글자 => 바꿀 글자 :: 잡아야 할 테스트의 이름
#
#   - 파일은 장 폴더 안의 경로다 (server.c, experiments/forgotten_write_end.c, common.h).
#   - 찾을 글자는 그 파일에 정확히 한 번 나와야 한다 (글자 그대로 비교한다, 정규식이 아니다).
#     여러 번 나오면 더 긴 글자로 한 곳을 가리킨다. 바꿀 글자는 비어도 된다 (지우기).
#   - 테스트 이름은 .bats의 @test "..." 그대로다 (글자 그대로, 처음부터 끝까지 맞아야 한다).
#   예: server.c :: close(to_child[1]); => ; :: 03-pipe: the client sees EOF once every write end is closed
#
# 하는 일 (장마다):
#   1. 저장소의 Makefile, tests/, tools/, 그 장의 폴더를 임시 폴더에 복사하고 빌드한다.
#   2. 목록이 이름 댄 테스트들을 고치지 않은 코드로 한 번 돌린다: 여기서 실패하면 돌연변이를 볼 수 없다.
#   3. 돌연변이마다: 그 파일을 고치고, 장을 다시 빌드하고 (빌드가 안 되면 잘못된 돌연변이),
#      그 테스트만 돌린다. 테스트가 하나도 돌지 않으면 (이름이 틀렸다) 잘못된 돌연변이다.
#      원래 파일로 되돌린다.
#   4. "NN-이름: K of N mutants killed" 한 줄과, 살아남은 것·잘못된 것의 목록을 찍는다.
# 끝 상태: 모든 장에서 모두 잡혔으면 0, 아니면 1. 장을 모르거나 목록이 없으면 2.
#
# 환경 변수: MUTANT_TIMEOUT=초 (돌연변이 하나의 테스트 상한, 기본 300), 그 밖에 make test와 같다
#           (VALGRIND, SAN 등은 복사본의 빌드에 그대로 간다: .build-flags를 함께 복사한다).
set -uo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MUTANT_TIMEOUT=${MUTANT_TIMEOUT:-300}

if [ $# -eq 0 ]; then
  set --
  for f in "$top"/[0-9][0-9]-*/server.c; do
    [ -e "$f" ] || continue
    f=${f%/server.c}
    set -- "$@" "${f##*/}"
  done
fi

# ere_quote 글자: 정규식(ERE)에서 글자 그대로 맞도록 특수 문자 앞에 \ 를 붙인다
ere_quote() {
  sed 's/[][\.*^$+?(){}|/]/\\&/g' <<<"$1"
}

# count_of 글자 내용: 내용 안에 글자가 몇 번 나오는가 (겹치지 않게 센다)
count_of() {
  local find=$1 s=$2 n=0
  while [[ $s == *"$find"* ]]; do
    n=$((n + 1))
    s=${s#*"$find"}
  done
  echo "$n"
}

# run_tests 트리 장 정규식 로그: 그 장의 테스트 중 이름이 정규식에 맞는 것만 TAP으로 돌린다.
# 돌았던 테스트 수를 RAN에, 실패한 수를 FAILED에 둔다.
run_tests() {
  local tree=$1 ch=$2 re=$3 log=$4
  FILTER=$re BATS_FLAGS=--tap timeout -k 5 "$MUTANT_TIMEOUT" \
    "$tree/tests/run.sh" "$tree/tests/$ch.bats" >"$log" 2>&1 </dev/null
  RAN=$(grep -cE '^(not )?ok [0-9]+' "$log")
  FAILED=$(grep -cE '^not ok [0-9]+' "$log")
  if grep -qE '^ok [0-9]+ .*# skip' "$log"; then
    SKIPPED=1
  else
    SKIPPED=0
  fi
}

overall=0
for ch in "$@"; do
  list=$top/tests/mutants/$ch.txt
  if [ ! -d "$top/$ch" ]; then
    echo "mutants: no such chapter: $ch" >&2
    exit 2
  fi
  if [ ! -f "$list" ]; then
    echo "mutants: $ch has no list of mutants (tests/mutants/$ch.txt)" >&2
    exit 2
  fi

  work=$(mktemp -d "${TMPDIR:-/tmp}/mutants.XXXXXX")
  # shellcheck disable=SC2064  # work는 지금 값으로 묶는다
  trap "rm -rf '$work'" EXIT
  tree=$work/tree
  mkdir -p "$tree"
  cp -a "$top/Makefile" "$top/tests" "$top/tools" "$top/$ch" "$tree/"
  [ -f "$top/.build-flags" ] && cp -a "$top/.build-flags" "$tree/"
  [ -d "$top/.deps" ] && ln -s "$top/.deps" "$tree/.deps"

  # 목록 읽기
  files=() finds=() repls=() names=() lines=()
  n=0 bad=()
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
    if [[ $line =~ ^([^[:space:]]+)\ ::\ (.*)\ =\>\ ?(.*)\ ::\ (.+)$ ]] ||
      [[ $line =~ ^([^[:space:]]+)\ ::\ (.*)\ =\>()\ ::\ (.+)$ ]]; then
      files+=("${BASH_REMATCH[1]}") finds+=("${BASH_REMATCH[2]}")
      repls+=("${BASH_REMATCH[3]}") names+=("${BASH_REMATCH[4]}") lines+=("$n")
    else
      bad+=("line $n: not 'FILE :: FIND => REPLACE :: TEST': $line")
    fi
  done <"$list"

  if ! make -s -C "$tree" "$ch" >"$work/build.log" 2>&1; then
    echo "$ch: the unmutated chapter does not build:"
    cat "$work/build.log"
    overall=1
    continue
  fi

  # 고치지 않은 코드에서 이름 댄 테스트가 모두 통과해야 한다
  re=$(for name in "${names[@]}"; do ere_quote "$name"; done | sort -u | paste -sd'|')
  run_tests "$tree" "$ch" "^($re)\$" "$work/baseline.tap"
  if [ "$FAILED" -ne 0 ]; then
    echo "$ch: the named tests fail without any mutant, so no mutant can be judged:"
    grep -E '^not ok' "$work/baseline.tap"
    overall=1
    continue
  fi

  killed=0 total=${#files[@]}
  survivors=()
  for i in "${!files[@]}"; do
    f=$tree/$ch/${files[$i]} find=${finds[$i]} repl=${repls[$i]} name=${names[$i]}
    what="line ${lines[$i]}: ${files[$i]}: '$find' => '$repl'"
    if [ ! -f "$f" ]; then
      bad+=("$what: no such file")
      continue
    fi
    orig=$(cat "$f"; printf x)
    orig=${orig%x}
    count=$(count_of "$find" "$orig")
    if [ "$count" -ne 1 ]; then
      bad+=("$what: found $count times (must be exactly once)")
      continue
    fi
    printf '%s' "${orig/"$find"/"$repl"}" >"$f"
    if ! make -s -C "$tree" "$ch" >"$work/build.log" 2>&1; then
      bad+=("$what: does not compile ($(grep -m1 'error' "$work/build.log"))")
    else
      run_tests "$tree" "$ch" "^$(ere_quote "$name")\$" "$work/mutant.tap"
      if [ "$RAN" -eq 0 ]; then
        bad+=("$what: no test is named '$name'")
      elif [ "$SKIPPED" -eq 1 ]; then
        bad+=("$what: '$name' skipped here, so it cannot judge the mutant")
      elif [ "$FAILED" -gt 0 ]; then
        killed=$((killed + 1))
      else
        survivors+=("$what: '$name' still passes")
      fi
    fi
    printf '%s' "$orig" >"$f"
  done
  # 마지막으로 원래 코드로 다시 빌드해 둔다 (다음 장과 상관없지만 복사본을 깨끗이)
  make -s -C "$tree" "$ch" >/dev/null 2>&1

  echo "$ch: $killed of $total mutants killed"
  for s in "${survivors[@]}"; do echo "  survived: $s"; done
  for b in "${bad[@]}"; do echo "  invalid:  $b"; done
  [ "$killed" -eq "$total" ] && [ ${#bad[@]} -eq 0 ] && [ "$total" -gt 0 ] || overall=1
  rm -rf "$work"
  trap - EXIT
done
exit "$overall"
