#!/usr/bin/env bats
# tests/exercises.bats: 스스로 채점하는 연습문제의 도구 (tools/exercise.sh: make exercise, make grade,
# make exercises, make exercises-selftest). 장의 연습문제 자체는 make exercises-selftest 가 확인한다.
#
# 무엇을 시험하는가 (한 줄이 테스트 하나). 모두 임시 저장소(가짜 장 99-demo 의 연습문제 하나)에서:
# | 종류      | 경우                                                            | 기대                                           |
# |-----------|-----------------------------------------------------------------|------------------------------------------------|
# | 채점      | 고치지 않은 시작 코드 (check)                                   | 검사마다 PASS/FAIL 한 줄, 실패에 힌트, 상태 1  |
# | 채점      | DIR= 로 준 맞는 답                                              | 모든 검사 PASS, 상태 0                         |
# | 반 채점   | 맞는 답, 틀린 답, 빌드 안 되는 답, 멈추는 답 (grade)            | 학생 × 검사 표, CSV, 빌드 실패는 모두 0, 멈춘 답은 그 검사만 0, 남은 프로세스 없음 |
# | 목록      | list                                                            | EX, 종류, 난이도, 제목                         |
# | 자기 검사 | selftest: 정상 / 무엇이든 통과시키는 채점기 / 무엇이든 떨어뜨리는 채점기 | 0 / 1 / 1, 이유를 알림               |
# | 잘못 씀   | 없는 연습문제                                                    | 상태 2, make exercises 를 알림                 |

# shellcheck disable=SC2154  # stderr 는 bats 의 run --separate-stderr 가 채운다
load test_helper

# fake_tree: 도구와 테스트 도우미, 그리고 가짜 장 99-demo 의 연습문제 1 을 가진 임시 저장소를 만든다.
# 연습: add.c 는 두 수의 합을 찍어야 하는데 차를 찍는다 (버그). 모범 답안은 solutions/ 에.
fake_tree() {
  T=$TEST_TMP/tree
  mkdir -p "$T/tools" "$T/tests" "$T/99-demo/exercises/1-add" "$T/solutions/99-demo/1-add"
  cp "$TOP/tools/exercise.sh" "$T/tools/"
  cp "$TOP/tests/run.sh" "$TOP/tests/test_helper.bash" "$T/tests/"
  : >"$T/99-demo/server.c"
  E=$T/99-demo/exercises/1-add
  cat >"$E/README.md" <<'MD'
# 99-demo 연습 1: 더하기

- 종류: 버그 고치기 (fix-the-bug)
- 난이도: 1 (쉬움)
MD
  cat >"$E/add.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char *argv[])
{
    if (argc != 3)
        return 2;
    printf("%ld\n", strtol(argv[1], NULL, 10) - strtol(argv[2], NULL, 10));
    return 0;
}
C
  sed 's/) - strtol/) + strtol/' "$E/add.c" >"$T/solutions/99-demo/1-add/add.c"
  # (bats 는 파일 안의 "@test" 로 시작하는 줄을 모두 자기 테스트로 읽으므로, 채점기는 TEST 로 쓰고 바꾼다)
  sed 's/^TEST /@test /' >"$E/check.bats" <<'B'
load "$IPC_TOP/tests/test_helper"
TEST "add prints the sum of 2 and 3" {
  run_timeout "$EX_BIN/add" 2 3
  [ "$output" = 5 ] || hint "더하기인지 빼기인지 보라"
}
TEST "add refuses a missing argument with status 2" {
  run_timeout "$EX_BIN/add" 2
  [ "$status" -eq 2 ] || hint "인자 개수를 확인하라"
}
B
}

@test "exercises: check prints one PASS/FAIL line per check, a hint for a failure, and exits 1" {
  fake_tree
  run_timeout "$T/tools/exercise.sh" check 99-demo/1
  assert_equal "$status" 1
  assert_line 'FAIL  add prints the sum of 2 and 3'
  assert_line '      힌트: 더하기인지 빼기인지 보라'
  assert_line 'PASS  add refuses a missing argument with status 2'
  assert_line '결과: 1 of 2 checks passed'
}

@test "exercises: check DIR grades the answer in DIR and exits 0 when every check passes" {
  fake_tree
  run_timeout "$T/tools/exercise.sh" check 99-demo/1 "$T/solutions/99-demo/1-add"
  assert_equal "$status" 0
  assert_line 'PASS  add prints the sum of 2 and 3'
  assert_line '결과: 2 of 2 checks passed'
}

@test "exercises: a skipped check is shown as SKIP with its reason and counts neither way" {
  fake_tree
  printf 'TEST "a check this computer cannot run" {\n  skip "needs root to become nobody"\n}\n' |
    sed 's/^TEST /@test /' >>"$E/check.bats"
  run_timeout "$T/tools/exercise.sh" check 99-demo/1 "$T/solutions/99-demo/1-add"
  assert_equal "$status" 0
  assert_line 'SKIP  a check this computer cannot run'
  assert_line '      건너뜀: needs root to become nobody'
  assert_line '결과: 2 of 2 checks passed (1 skipped here)'
  run_timeout "$T/tools/exercise.sh" check 99-demo/1
  assert_equal "$status" 1
  assert_line '결과: 1 of 2 checks passed (1 skipped here)'
}

@test "exercises: grade makes a student x checks table and a CSV; a broken build scores 0, a hang only its check" {
  fake_tree
  local C=$TEST_TMP/class
  mkdir -p "$C/alice" "$C/bob" "$C/carol" "$C/dave"
  cp "$T/solutions/99-demo/1-add/add.c" "$C/alice/"          # 맞는 답
  cp "$E/add.c" "$C/bob/"                                    # 고치지 않은 답
  printf 'int main(void) { return x; }\n' >"$C/carol/add.c"  # 빌드 안 됨
  # 멈추는 답: 인자가 모자라면 영원히 잔다 (채점기의 시간 상한이 멈춰야 한다)
  sed 's/return 2;/for (;;) pause();/; s/#include <stdlib.h>/#include <stdlib.h>\n#include <unistd.h>/' \
    "$T/solutions/99-demo/1-add/add.c" >"$C/dave/add.c"
  RUN_TIMEOUT=60 run_timeout env RUN_TIMEOUT=2 "$T/tools/exercise.sh" grade 99-demo/1 "$C" "$TEST_TMP/grades.csv"
  assert_equal "$status" 0
  assert_line --regexp '^alice +1 1  2/2$'
  assert_line --regexp '^bob +0 1  1/2$'
  assert_line --regexp '^carol +0 0  0/2  \(빌드 실패\)$'
  assert_line --regexp '^dave +1 0  1/2$'
  assert_line "CSV: $TEST_TMP/grades.csv"
  run cat "$TEST_TMP/grades.csv"
  assert_line --index 0 '"student","add prints the sum of 2 and 3","add refuses a missing argument with status 2","passed","build"'
  assert_line --index 1 '"alice",1,1,2,ok'
  assert_line --index 2 '"bob",0,1,1,ok'
  assert_line --index 3 '"carol",0,0,0,failed'
  assert_line --index 4 '"dave",1,0,1,ok'
  assert_nothing_left
}

@test "exercises: list shows each exercise with its kind, level and title" {
  fake_tree
  run_timeout "$T/tools/exercise.sh" list
  assert_equal "$status" 0
  assert_line --regexp '^99-demo/1 +fix-the-bug +1/3 +더하기$'
}

@test "exercises: selftest passes a good checker and catches one that passes or fails everything" {
  fake_tree
  run_timeout "$T/tools/exercise.sh" selftest
  assert_equal "$status" 0
  assert_line --regexp '^ok +99-demo/exercises/1-add: start 1 of 2, solution 2 of 2$'
  # 무엇이든 통과시키는 채점기: 시작 코드에서 실패하지 않는다
  sed -i 's/|| hint/|| true; : hint/' "$E/check.bats"
  run_timeout "$T/tools/exercise.sh" selftest
  assert_equal "$status" 1
  assert_line --partial 'the checker passes the untouched starting code'
  # 무엇이든 떨어뜨리는 채점기: 모범 답안에서 통과하지 않는다
  # shellcheck disable=SC2016  # $output 은 채점기 안의 글자다
  sed -i 's/|| true; : hint/|| hint/; s/\[ "\$output" = 5 \]/[ "$output" = never ]/' "$E/check.bats"
  run_timeout "$T/tools/exercise.sh" selftest
  assert_equal "$status" 1
  assert_line --partial 'the checker fails the reference solution'
}

@test "exercises: an unknown exercise exits 2 and points at make exercises" {
  fake_tree
  run_timeout --separate-stderr "$T/tools/exercise.sh" check 99-demo/7
  assert_equal "$status" 2
  [[ $stderr == *'make exercises'* ]] || fail "$stderr"
}
