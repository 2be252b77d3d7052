#!/usr/bin/env bash
# Bats 테스트를 실행한다 (make test가 부른다). 인자: 테스트 파일 또는 폴더 (기본: tests).
#
# bats를 찾는 순서:
#   1. 시스템의 bats + bats-support + bats-assert (Debian/Ubuntu: apt의 bats, bats-support,
#      bats-assert 패키지가 /usr/lib/bats에 라이브러리를 설치하고 bats_load_library가 찾는다)
#   2. 없으면, npm이 있을 때 아래에 고정한 버전을 저장소 안의 .deps/에 설치해서 쓴다
#   3. 그것도 안 되면 설치 명령을 알려 주고 멈춘다
# 환경 변수: FILTER (테스트 이름 정규식), BATS_FLAGS (bats에 더할 옵션, 예: --tap),
#           JOBS (동시에 돌릴 테스트 수: 기본은 CPU 수, GNU parallel이 있을 때만. JOBS=1이면 하나씩)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
deps="$top/.deps"
NPM_PACKAGES=(bats@1.13.0 bats-support@0.3.0 bats-assert@2.2.4)

have_libs() { # $1: 라이브러리를 찾을 폴더들 (':'로 구분)
  local dir
  IFS=: read -r -a dirs <<<"$1"
  for dir in "${dirs[@]}"; do
    [ -f "$dir/bats-support/load.bash" ] && [ -f "$dir/bats-assert/load.bash" ] && return 0
  done
  return 1
}

bats_ok() { # bats_load_library는 bats 1.7부터 있다
  local v
  v=$("$1" --version 2>/dev/null | awk '{print $2}') || return 1
  [ -n "$v" ] && [ "$(printf '%s\n1.7.0\n' "$v" | sort -V | head -n 1)" = 1.7.0 ]
}

install_help() {
  cat >&2 <<'EOF'
run.sh: 테스트 도구 bats (bats-support, bats-assert 포함)가 없습니다. 설치한 뒤 다시 실행하세요:
  Debian/Ubuntu: sudo apt-get install bats bats-support bats-assert parallel
                 (root 라면 sudo 없이: apt-get update && apt-get install ...)
  Fedora:        sudo dnf install bats   (그리고 npm 이 있으면 make test 가 나머지를 설치합니다)
  macOS:         brew install bats-core bats-support bats-assert
EOF
}

BATS=
libpath=${BATS_LIB_PATH:-/usr/lib/bats:/usr/local/lib/bats:/opt/homebrew/lib}
if command -v bats >/dev/null 2>&1 && bats_ok bats && have_libs "$libpath"; then
  BATS=bats
elif [ -x "$deps/node_modules/bats/bin/bats" ] && have_libs "$deps/node_modules"; then
  BATS="$deps/node_modules/bats/bin/bats" libpath="$deps/node_modules"
elif command -v npm >/dev/null 2>&1; then
  echo "run.sh: bats (또는 bats-support/bats-assert)가 없어 npm 으로 .deps/ 에 설치합니다 (길어야 2분): ${NPM_PACKAGES[*]}" >&2
  mkdir -p "$deps"
  # 레지스트리에 닿지 않으면 npm은 몇 분씩 조용히 다시 시도한다: 시간을 묶고, npm의 오류는 그대로 보인다.
  if ! timeout -k 5 120 npm install --no-audit --no-fund --loglevel=error --fetch-retries=1 \
    --fetch-timeout=30000 --prefix "$deps" "${NPM_PACKAGES[@]}" >&2 ||
    ! have_libs "$deps/node_modules"; then
    echo "run.sh: npm 으로 설치하지 못했습니다 (위의 npm 메시지, 또는 120초 시간 초과)" >&2
    install_help
    exit 1
  fi
  BATS="$deps/node_modules/bats/bin/bats" libpath="$deps/node_modules"
else
  install_help
  exit 1
fi

# run.sh --check: bats를 찾거나 설치만 하고 끝낸다 (make test가 빌드보다 먼저 부른다)
if [ "${1:-}" = --check ]; then
  exit 0
fi

export BATS_LIB_PATH=$libpath
args=()
[ -n "${FILTER:-}" ] && args+=(--filter "$FILTER")
# shellcheck disable=SC2206  # BATS_FLAGS는 일부러 단어로 나눈다
[ -n "${BATS_FLAGS:-}" ] && args+=($BATS_FLAGS)
# 테스트는 저마다 임시 폴더와 이름을 쓰므로 동시에 돌려도 된다 (CI는 묶음 둘을 동시에 돌려 확인한다).
# bats --jobs는 GNU parallel이 있어야 한다. 어떻게 돌리는지 첫 줄에 알린다 (stderr: TAP을 깨지 않게).
jobs=${JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
if ! [[ $jobs =~ ^[1-9][0-9]*$ ]]; then
  echo "run.sh: JOBS=$jobs: 1 이상의 정수여야 합니다" >&2
  exit 2
fi
if [ "$jobs" -gt 1 ] && command -v parallel >/dev/null 2>&1; then
  echo "run.sh: 테스트를 $jobs 개씩 동시에 돌립니다 (GNU parallel; 하나씩은 JOBS=1)" >&2
  # 파일 단위로 나눈다: 한 파일 안의 테스트까지 나누면 테스트마다 파일을 다시 읽어 오히려 느리다
  args+=(--jobs "$jobs" --no-parallelize-within-files)
elif [ "$jobs" -gt 1 ]; then
  echo "run.sh: 테스트를 하나씩 돌립니다 (GNU parallel 이 있으면 $jobs 개씩 동시에: apt-get install parallel)" >&2
else
  echo "run.sh: 테스트를 하나씩 돌립니다 (JOBS=1)" >&2
fi
[ $# -gt 0 ] || set -- "$top/tests"
exec "$BATS" "${args[@]}" "$@"
