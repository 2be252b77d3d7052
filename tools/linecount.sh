#!/usr/bin/env bash
# tools/linecount.sh FILE.c...: 프로그램마다 코드 줄 수와 주석이 달린 줄의 비율을 찍는다.
#   코드 줄: CONVENTIONS의 명령 (gcc -fpreprocessed -dD -E -P: 주석과 빈 줄을 뺀 줄)
#   주석 비율: 빈 줄이 아닌 줄 가운데 주석(// 또는 /* */ 안)을 가진 줄의 몫
# 한도(짝 150줄, 실험 120줄, 주석 40 % 이상)는 tests/layout.bats가 검사한다.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: tools/linecount.sh FILE.c..." >&2; exit 2; }
for f in "$@"; do
  code=$(gcc -fpreprocessed -dD -E -P "$f" 2>/dev/null | grep -cv '^[[:space:]]*$' || true)
  awk -v f="$f" -v code="$code" '
    { line = $0; commented = inblock
      if (line ~ /^[[:space:]]*$/) next
      nonblank++
      # 한 줄 안의 /* */와 //를 왼쪽부터 훑는다 (문자열 안의 기호는 따지지 않는다: 가르치는 코드에 드물다)
      while (length(line) > 0) {
        if (inblock) { p = index(line, "*/"); if (p == 0) { line = "" } else { inblock = 0; line = substr(line, p + 2) } ; commented = 1; continue }
        p = index(line, "/*"); q = index(line, "//")
        if (q > 0 && (p == 0 || q < p)) { commented = 1; line = ""; continue }
        if (p > 0) { inblock = 1; commented = 1; line = substr(line, p + 2); continue }
        line = ""
      }
      if (commented) ncom++
    }
    END { printf "%-50s code %3d  commented %3d%% (%d of %d non-blank lines)\n", f, code, nonblank ? int(100 * ncom / nonblank) : 0, ncom, nonblank }' "$f"
done
