#!/usr/bin/env bats
# tests/layout.bats: 모든 장이 같은 모양인가 (CONVENTIONS.md). 프로그램을 돌리지 않고 파일만 본다.
#
# 무엇을 시험하는가:
# | 대상                       | 규칙                                                              |
# |----------------------------|-------------------------------------------------------------------|
# | 장 디렉터리                | server.c client.c NOTES.md demo.sh trace.*, 테스트와 돌연변이 목록 |
# | server.c, client.c         | 코드 150줄 이하, 빈 줄이 아닌 줄의 40 % 이상에 주석 (linecount.sh)  |
# | experiments/*.c            | 코드 120줄 이하, 머리 주석에 NOTES 절과 실행 명령                   |
# | NOTES.md                   | 한눈에 보기(이식성 줄 포함)와 1~9절이 차례로, 길이 한도 (notes-count) |
# | NOTES.md, README, 주석     | 물러난 낱말(이 기계, 처리기, 막히는, 비봉쇄, pitfalls 0N) 없음      |
# | NOTES.md, README           | 상대 링크가 있는 파일을 가리킨다, 인용한 테스트 이름이 있다          |
# | exercises/                 | 장마다 셋 이상                                                      |
load test_helper

chapters() {
  local d
  for d in "$TOP"/[0-9][0-9]-*/; do
    [ -f "$d/server.c" ] && basename "$d"
  done
}

@test "layout: every chapter has its pair, notes, demo, trace files, tests and mutants" {
  local ch f missing=()
  for ch in $(chapters); do
    for f in "$ch/server.c" "$ch/client.c" "$ch/NOTES.md" "$ch/demo.sh" "$ch/trace.filter" "$ch/trace.expect" \
      "tests/$ch.bats" "tests/mutants/$ch.txt"; do
      [ -f "$TOP/$f" ] || missing+=("$f")
    done
  done
  [ ${#missing[@]} -eq 0 ] || fail "missing: ${missing[*]}"
}

@test "layout: every pair program has at most 150 code lines and at least 40 % of its lines commented" {
  local line bad=()
  while IFS= read -r line; do
    [[ $line =~ code\ +([0-9]+)\ +commented\ +([0-9]+)% ]] || fail "cannot read: $line"
    if [ "${BASH_REMATCH[1]}" -gt 150 ] || [ "${BASH_REMATCH[2]}" -lt 40 ]; then bad+=("$line"); fi
  done < <(cd "$TOP" && for ch in $(chapters); do tools/linecount.sh "$ch/server.c" "$ch/client.c"; done)
  [ ${#bad[@]} -eq 0 ] || fail "$(printf '%s\n' "${bad[@]}")"
}

@test "layout: every experiment has at most 120 code lines and a header naming its NOTES section and its command" {
  local f line bad=()
  for f in "$TOP"/[0-9][0-9]-*/experiments/*.c; do
    line=$(cd "$TOP" && tools/linecount.sh "${f#"$TOP/"}")
    [[ $line =~ code\ +([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -le 120 ] || bad+=("$line")
    # 머리 주석 (첫 */까지)
    awk 'NR == 1, /\*\//' "$f" | grep -q 'NOTES' || bad+=("${f#"$TOP/"}: the header names no NOTES section")
    awk 'NR == 1, /\*\//' "$f" | grep -q 'experiments/' || bad+=("${f#"$TOP/"}: the header gives no command")
  done
  [ ${#bad[@]} -eq 0 ] || fail "$(printf '%s\n' "${bad[@]}")"
}

@test "layout: every NOTES.md opens with 한눈에 보기 (ending with its portability line) and has sections 1 to 9 in order" {
  local ch f want got
  want=$'한눈에 보기\n1. 개념\n2. 그림\n3. 실행해 보기\n4. 코드 읽기\n5. 바로잡기\n6. 흔한 실수\n7. 연습문제\n8. 면접 질문\n9. 더 읽을거리'
  for ch in $(chapters); do
    f=$TOP/$ch/NOTES.md
    got=$(sed -n 's/^## //p' "$f")
    [ "$got" = "$want" ] || fail "$ch/NOTES.md sections:"$'\n'"$got"
    # 한눈에 보기 절 안에 이식성 줄이 있다 (리눅스 전용인지, 어디까지 POSIX인지)
    sed -n '/^## 한눈에 보기/,/^## 1\./p' "$f" | grep -q '이식성' || fail "$ch/NOTES.md: the glance has no 이식성 line"
  done
}

@test "layout: the notes stay within their lengths (tools/notes-count.sh)" {
  run "$TOP/tools/notes-count.sh"
  assert_success
}

@test "layout: retired words do not appear in notes, README or code comments" {
  # CONVENTIONS.md의 Language: 한 낱말 한 뜻. 옛 판의 말과 저장소에 없는 파일의 이름 (이 파일은 그 낱말을 찾으므로 뺀다).
  run grep -nE --exclude=layout.bats '이 기계|처리기|막히는|비봉쇄|pitfalls 0[0-9]' "$TOP"/README.md "$TOP"/bench/NOTES.md "$TOP"/tests/*.bats "$TOP"/tests/*.bash \
    "$TOP"/[0-9][0-9]-*/NOTES.md "$TOP"/[0-9][0-9]-*/*.c "$TOP"/[0-9][0-9]-*/*.h "$TOP"/[0-9][0-9]-*/experiments/*.c
  assert_failure 1
}

@test "layout: relative links in the notes and the README point at files that exist" {
  local f link target bad=()
  for f in "$TOP"/README.md "$TOP"/bench/NOTES.md "$TOP"/[0-9][0-9]-*/NOTES.md "$TOP"/[0-9][0-9]-*/exercises/*/README.md; do
    while IFS= read -r link; do
      link=${link%%#*}
      [ -n "$link" ] || continue
      target=$(dirname "$f")/$link
      [ -e "$target" ] || bad+=("${f#"$TOP/"}: $link")
    done < <(grep -oE '\]\([^)]+\)' "$f" | sed 's/^](//; s/)$//' | grep -vE '^(https?|mailto):')
  done
  [ ${#bad[@]} -eq 0 ] || fail "$(printf '%s\n' "${bad[@]}")"
}

@test "layout: every test name the notes cite exists in the test files" {
  # 인용 모양: 테스트 `이름` (줄을 넘을 수 있다) 또는 `NN-이름: 이름`. 이름은 앞의 "NN-이름: " 없이도 쓴다.
  run perl -CSD -Mutf8 -e '
    my %names;
    for my $t (glob("$ARGV[0]/tests/*.bats")) {
      open my $fh, "<:encoding(UTF-8)", $t or die; while (<$fh>) { $names{$1} = 1 if /^\@test "(.*)" \{/ }
    }
    my %tail; for my $n (keys %names) { $tail{$1} = 1 if $n =~ /^[^:]+: (.*)$/ }
    my $bad = 0;
    for my $f (glob("$ARGV[0]/[0-9][0-9]-*/NOTES.md"), "$ARGV[0]/bench/NOTES.md") {
      local $/; open my $fh, "<:encoding(UTF-8)", $f or die; my $s = <$fh>;
      my @cited;
      push @cited, $1 while $s =~ /테스트\s*`([^`]+)`/g;
      push @cited, $1 while $s =~ /`((?:0[0-9]|10)-[a-z-]+: [^`]+)`/g;
      for my $c (@cited) {
        $c =~ s/\s+/ /g; $c =~ s/^ | $//g; $c =~ s/\\\|/|/g;   # 표 안의 \| 는 |
        next if $c =~ /\.bats$|^tests\/|^make /;    # 파일 이름이나 명령을 가리킨 것
        next if $names{$c} || $tail{$c};
        # 긴 이름은 앞부분만 인용하기도 한다 ("…" 또는 "..." 로 끝나거나 괄호 앞까지)
        (my $head = $c) =~ s/ ?(\.\.\.|…)$//;
        next if length($head) >= 20 && grep { index($_, $head) == 0 } (keys %names, keys %tail);
        print "$f: $c\n"; $bad++;
      }
    }
    exit($bad ? 1 : 0);' "$TOP"
  [ "$status" -eq 0 ] || fail "cited but not found:"$'\n'"$output"
}

@test "layout: every chapter has at least three exercises" {
  local ch n bad=()
  for ch in $(chapters); do
    n=$(find "$TOP/$ch/exercises" -mindepth 2 -maxdepth 2 -name check.bats 2>/dev/null | wc -l)
    [ "$n" -ge 3 ] || bad+=("$ch: $n")
  done
  [ ${#bad[@]} -eq 0 ] || fail "chapters with fewer than three exercises: ${bad[*]}"
}
