#!/usr/bin/env bash
# tests/stress.sh N [PARALLEL]: 테스트 묶음 전체를 N 번 돌려 흔들리는(flaky) 테스트를 찾는다.
# 사람이 돌리는 도구다 (CI 는 돌리지 않는다). 한 번에 PARALLEL 개(기본 2)씩 동시에 돌리므로
# 같은 기계에서 함께 돌아도 부딪히지 않는지도 함께 본다.
#
#   tests/stress.sh 20        20 번, 둘씩 동시에
#   tests/stress.sh 10 1      10 번, 하나씩
#
# 끝에 몇 번 실패했는지와, 한 번이라도 실패한 테스트의 이름과 횟수를 알린다.
set -euo pipefail

runs=${1:-}
parallel=${2:-2}
if ! [[ $runs =~ ^[1-9][0-9]*$ && $parallel =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: tests/stress.sh RUNS [PARALLEL]" >&2
  exit 2
fi

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
make -s all # 빌드는 먼저 한 번만: 동시에 도는 실행들은 모두 "이미 최신"을 본다

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

one_run() { # one_run 번호
  if tests/run.sh --tap tests >"$logs/run-$1.tap" 2>&1; then
    echo "run $1: ok"
  else
    echo "run $1: FAILED"
  fi
}

i=0
while [ "$i" -lt "$runs" ]; do
  pids=()
  for _ in $(seq 1 "$parallel"); do
    [ "$i" -lt "$runs" ] || break
    i=$((i + 1))
    one_run "$i" &
    pids+=($!)
  done
  wait "${pids[@]}"
done

# grep 은 찾은 것이 없으면 1 로 끝난다 (set -e, pipefail 에서 멈추지 않도록 || true)
failed_runs=$({ grep -l '^not ok' "$logs"/run-*.tap || true; } | wc -l)
total_tests=$(cat "$logs"/run-*.tap | grep -cE '^(not )?ok [0-9]+' || true)
echo
echo "stress: $failed_runs of $runs runs failed ($total_tests test results in all)"
if [ "$failed_runs" -gt 0 ]; then
  echo "flaky tests (name: failures):"
  grep -h '^not ok' "$logs"/run-*.tap | sed 's/^not ok [0-9]* //' | sort | uniq -c | sort -rn |
    awk '{ n = $1; $1 = ""; print "  " substr($0, 2) ": " n }'
  exit 1
fi
