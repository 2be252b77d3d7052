#!/bin/sh
# make demo CH=03-pipe가 03-pipe 디렉터리에서 실행하는 대화. 직접 실행해도 된다: ./demo.sh
set -e

printf '%s\n' "\$ printf 'hello\\npipes are one-way\\ntwo pipes make a duplex\\n' | ./server"
echo '                         # 파이프 두 개 + fork + dup2 + exec ./client, 한 줄씩 주고받는다'
printf 'hello\npipes are one-way\ntwo pipes make a duplex\n' | ./server

echo
printf '%s\n' "\$ printf 'hello\\npipe\\n' | ./client    # 같은 client가 셸 파이프라인 속에서"
printf 'hello\npipe\n' | ./client
