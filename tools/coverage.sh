#!/usr/bin/env bash
# tools/coverage.sh: 테스트가 각 프로그램의 몇 줄, 몇 갈래(branch)를 실제로 지나가는지 잰다 (make coverage).
#
#   make coverage                  모든 장
#   make coverage CH=03-pipe       한 장 (그 장의 테스트만 돈다)
#
# 하는 일:
#   1. 저장소를 임시 폴더에 복사해 --coverage -O0으로 빌드한다 (저장소의 실행 파일은 그대로 둔다).
#      임시 폴더는 누구나 들어올 수 있게 열고, 모든 .gcda 파일을 미리 빈 파일(모드 666)로 만들어 둔다:
#      nobody로 도는 테스트(권한 오류의 갈래)도 실행 기록을 남길 수 있게.
#   2. 테스트를 돌린다 (실패가 있어도 보고는 한다: 끝 상태가 알린다).
#   3. gcovr로 프로그램마다 줄과 갈래의 비율을 표로 찍고, HTML 보고서를 저장소의 coverage/에 둔다
#      (git이 무시한다). 목표: 모든 장의 server.c와 client.c가 줄의 85 % 이상 (오류 갈래 포함).
# 끝 상태: 테스트가 통과하고 모든 짝이 목표에 닿으면 0, 아니면 1. gcovr이 없으면 2 (설치 명령을 알린다).
# 읽을 것: man gcov, gcovr --help
set -uo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GOAL=${COVERAGE_GOAL:-85}

if ! command -v gcovr >/dev/null 2>&1; then
  echo "coverage: gcovr 가 없습니다. Debian/Ubuntu: sudo apt-get install gcovr" >&2
  exit 2
fi

chapters=("$@")
work=$(mktemp -d "${TMPDIR:-/tmp}/coverage.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
tree=$work/tree
mkdir "$tree"
(cd "$top" && tar --exclude=./.git --exclude=./coverage --exclude=./trace-out -cf - .) | tar -C "$tree" -xf -
make -s -C "$tree" clean >/dev/null
echo "coverage: building with --coverage -O0 in $tree"
if ! make -s -C "$tree" all bench/bench CC=gcc OPT="-O0 -g" CFLAGS=--coverage LDFLAGS=--coverage; then
  echo "coverage: the build failed" >&2
  exit 1
fi
# 실행 파일마다 빈 .gcda를 미리 (gcc는 출력 이름 옆에 NAME.gcda를 쓴다)
while IFS= read -r gcno; do
  : >"${gcno%.gcno}.gcda"
  chmod 666 "${gcno%.gcno}.gcda"
done < <(find "$tree" -name '*.gcno')
chmod -R a+rX "$tree"

if [ ${#chapters[@]} -gt 0 ]; then
  files=()
  for ch in "${chapters[@]}"; do files+=("$tree/tests/$ch.bats"); done
else
  files=("$tree/tests")
fi
echo "coverage: running the tests"
# libgcov의 경고는 버린다 (테스트가 stderr를 본다). IPC_COVERAGE=1: 커버리지 빌드로 잴 수 없는 테스트 셋은
# 이유를 대고 건너뛴다 (tests/test_helper.bash의 not_under_coverage)
IPC_COVERAGE=1 GCOV_ERROR_FILE=/dev/null "$tree/tests/run.sh" "${files[@]}" >"$work/tests.log" 2>&1
tests_rc=$?
tail -n 3 "$work/tests.log"
[ "$tests_rc" -eq 0 ] || { echo "coverage: some tests failed:"; grep -E -A12 "^not ok" "$work/tests.log"; }

if [ ${#chapters[@]} -gt 0 ]; then
  chre=$(IFS='|'; echo "${chapters[*]}")
else
  chre='[0-9][0-9]-[^/]+'
fi
filter="($chre)/(server|client|experiments/[^/]+)\\.c\$"

cd "$tree" || exit 1
gcovr -r . --filter "$filter" --txt >"$work/lines.txt" 2>/dev/null
gcovr -r . --filter "$filter" --branches --txt >"$work/branches.txt" 2>/dev/null
mkdir -p "$top/coverage"
gcovr -r . --filter "$filter" --html-details "$top/coverage/index.html" 2>/dev/null

# 두 표(줄, 갈래)를 파일 이름으로 이어 한 표로. 목표는 짝(server.c, client.c)에만 건다.
awk -v goal="$GOAL" '
  FNR == 1 { which++; pending = "" }
  # gcovr은 긴 파일 이름을 한 줄에 따로 쓰고 수치를 다음 줄에 쓴다
  NF == 1 && $1 ~ /\.c$/ { pending = $1; next }
  pending != "" && $3 ~ /%$/ { f = pending; tot = $1; ex = $2; pc = $3; pending = ""; keep() ; next }
  $1 ~ /\.c$/ && $4 ~ /%$/ { f = $1; tot = $2; ex = $3; pc = $4; keep(); next }
  function keep() {
    if (which == 1) { order[++n] = f; line[f] = pc; lt[f] = ex "/" tot }
    else { br[f] = pc }
  }
  END {
    printf "%-44s %16s %9s  %s\n", "program", "lines", "branches", "goal (pairs: " goal "% of lines)"
    for (i = 1; i <= n; i++) {
      f = order[i]; pct = line[f] + 0
      pair = f ~ /\/(server|client)\.c$/
      mark = pair ? (pct >= goal ? "ok" : "BELOW") : "-"
      if (mark == "BELOW") below++
      printf "%-44s %7s %8s %9s  %s\n", f, lt[f], line[f], (f in br ? br[f] : "-"), mark
    }
    if (below) printf "coverage: %d pair program(s) below %d%% of lines\n", below, goal
    else printf "coverage: every pair program reaches %d%% of lines\n", goal
    exit below ? 1 : 0
  }' "$work/lines.txt" "$work/branches.txt"
goal_rc=$?
echo "coverage: HTML report in coverage/index.html"
[ "$tests_rc" -eq 0 ] && [ "$goal_rc" -eq 0 ]
