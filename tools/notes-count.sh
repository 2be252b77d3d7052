#!/usr/bin/env bash
# tools/notes-count.sh: NOTES.md가 읽을 만한 길이인지 한글 음절 수로 잰다 (CONVENTIONS.md의 Notes).
#
#   tools/notes-count.sh                  모든 장의 NOTES.md와 bench/NOTES.md, README.md
#   tools/notes-count.sh 03-pipe/NOTES.md 한 파일
#
# 잰다 (한글 음절 = U+AC00..U+D7A3의 글자 수):
#   glance  "한눈에 보기" 절 (그 제목부터 같은 수준 이상의 다음 제목 전까지): 1,200 이하
#   main    <details> ... </details> 접기 밖의 모든 글 (한눈에 보기 포함): 6,000 이하
#   all     파일 전체 (참고용)
# README.md에는 한눈에 보기가 없으므로 main만 본다.
# 끝 상태: 모두 한도 안이면 0, 하나라도 넘거나 한눈에 보기가 없으면 1.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
if [ $# -eq 0 ]; then
  set -- [0-9][0-9]-*/NOTES.md bench/NOTES.md README.md
fi
exec perl -CSD -Mutf8 -e '
use strict; use warnings;
my $bad = 0;
printf "%-28s %14s %14s %8s\n", "file", "glance/1200", "main/6000", "all";
for my $f (@ARGV) {
  open(my $fh, "<:encoding(UTF-8)", $f) or die "notes-count: $f: $!\n";
  my ($depth, $in_glance, $glance_level, $seen_glance) = (0, 0, 0, 0);
  my ($glance, $main, $all) = (0, 0, 0);
  my $fence = 0;
  while (my $line = <$fh>) {
    my $n = () = $line =~ /[\x{AC00}-\x{D7A3}]/g;
    $all += $n;
    $fence = !$fence if $line =~ /^\s*(```|~~~)/;
    if (!$fence && $line =~ /^(#+)\s/) {
      my $level = length $1;
      if ($in_glance && $level <= $glance_level) { $in_glance = 0; }
      if ($line =~ /한눈에 보기/) { $in_glance = 1; $glance_level = $level; $seen_glance = 1; }
    }
    my $opens = () = $line =~ /<details\b/g;
    my $closes = () = $line =~ /<\/details>/g;
    $depth += $opens;
    $main += $n if $depth == 0;
    $glance += $n if $in_glance && $depth == 0;
    $depth -= $closes; $depth = 0 if $depth < 0;
  }
  my $is_readme = $f =~ /(^|\/)README\.md$/;
  my $ok = $main <= 6000 && ($is_readme || ($seen_glance && $glance <= 1200));
  $bad = 1 unless $ok;
  printf "%-28s %14s %14s %8d %s\n", $f,
    $is_readme ? "-" : ($seen_glance ? $glance : "missing"), $main, $all, $ok ? "ok" : "OVER";
}
exit $bad;
' "$@"
