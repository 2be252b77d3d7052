#!/bin/sh
# make demo CH=03-pipe 가 03-pipe 폴더에서 실행하는 대화. 직접 실행해도 된다: ./demo.sh
set -e

echo '$ ./server                  # 파이프 두 개 + fork + dup2 + exec ./client'
./server

echo
printf '%s\n' "\$ printf 'hello\\npipe\\n' | ./client    # 같은 client 가 셸 파이프라인 속에서"
printf 'hello\npipe\n' | ./client
