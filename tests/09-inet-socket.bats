#!/usr/bin/env bats
# tests/09-inet-socket.bats: 인터넷 소켓 (TCP와 UDP, IPv4와 IPv6, getaddrinfo, 줄 프레이밍, 멀티캐스트)
#
# 무엇을 시험하는가 (한 줄이 테스트 하나; 프로그램: S = server, C = client, E/x = experiments/x, H = 테스트가
# 만드는 작은 도우미 hold_port: TCP 포트 하나를 bind만 하고 listen 하지 않는다):
# | 프로그램  | 경우                                                          | 기대                                            |
# |-----------|---------------------------------------------------------------|-------------------------------------------------|
# | S C       | -p 0, 127.0.0.1과 이름 localhost로 두 줄                    | 임시 포트가 준비 줄에, OK 두 줄, 상대는 주소:포트 |
# | S C       | 같은 server에 ::1로 (IPv6가 없으면 건너뜀)                 | OK, server는 [::1]:포트 를 본다 (듀얼 스택)     |
# | S C       | -a 127.0.0.1 / -a ::1로 띄움                                 | IPv4 only / IPv6 only, 다른 쪽 주소는 거절       |
# | S         | socket(AF_INET6)이 EAFNOSUPPORT 인 척 (LD_PRELOAD)           | 한 줄 알리고 IPv4로 물러섬, 계속 동작           |
# | S C       | ::1과 127.0.0.1 인 이름 (unshare로 바꾼 /etc/hosts)         | ::1 거절 뒤 127.0.0.1로 이어짐                 |
# | S C       | 한 줄을 두 번에 나눠, 그 사이에 다른 client; 한 줄 + 반쪽       | 줄이 이어 붙고, 다른 client는 먼저 답을 받음   |
# | S C       | client 50개가 한꺼번에 연결된 채, 거꾸로 한 줄씩              | 저마다 제 답                                    |
# | S C       | /dev/urandom 64 KiB, NUL이 든 줄                             | server는 살아서 다른 client를 섬김, NUL은 그대로 |
# | S C       | 256바이트가 넘는 줄 / 255바이트 줄                            | ERR line too long 뒤 RST, 그 client만 / OK     |
# | S C       | 반쪽 줄 뒤 EOF, 반쪽 줄 뒤 SIGKILL                            | 반쪽만 버림, 다음 client는 받음                |
# | S C       | 답을 쓰기 전에 사라진 client (server를 멈춰 두고)            | server는 살아서 다음 client를 섬김            |
# | S C       | server에 SIGTERM, SIGINT, SIGHUP (연결된 client 하나)        | 0, client는 EOF를 보고 1                      |
# | S C       | SIGTERM 뒤 server 쪽 연결이 TIME_WAIT, 같은 포트로 다시 띄움  | /proc/net/tcp*에 상태 06, 새 server가 bind    |
# | S C       | fd가 바닥난 server (prlimit: 빈 fd 번호 둘), 한도를 다시 올림 | 새 연결은 큐에서 기다렸다가 자리가 나면 받음, 다시 늘어남 |
# | S         | 쓰이고 있는 포트에 두 번째 server                             | bind ... Address already in use, 1              |
# | C H       | 아무도 listen 하지 않는 포트                                  | ECONNREFUSED를 풀어 알리고 1                   |
# | C         | stdin이 디렉터리, stdout이 /dev/full, 방송 주소, strace가 socket/connect 실패를 주입 | 오류를 알리고 1 |
# | S C       | .invalid 이름, 없는 서비스 이름, 65535를 넘는 포트           | gai_strerror의 글, 1 / 사용법, 2               |
# | S C       | 모르는 옵션, 값 없는 옵션, 남는 인자; -h, --help              | 사용법을 stderr에 2 / stdout에 0              |
# | E/stream_no_boundaries    | write 두 번 뒤 닫고 나서 읽음; 4바이트 길이 머리 | read 1번 "AAABBB"; 두 메시지                 |
# | E/datagram_boundaries     | sendto 세 번; 10바이트를 4바이트 버퍼로         | recv 세 번 (3, 5, 1); MSG_TRUNC, 나머지는 버려짐 |
# | E/udp_autobind            | bind 하지 않은 UDP 소켓의 첫 sendto              | 0.0.0.0:0 → 임시 포트, 답이 돌아옴           |
# | E/four_tuple_vs_two_tuple | client 둘 / 보낸 이 둘                           | TCP: 소켓 둘, 내 포트 같음; UDP: 소켓 하나     |
# | E/time_wait_reuseaddr     | 먼저 닫은 server의 포트에 다시 bind             | 옛 소켓도 SO_REUSEADDR 여야 bind 된다         |
# | E/multicast_loopback      | 가입한 둘 + 가입하지 않은 둘, sendto 한 번 (커널이 거절하면 건너뜀) | 가입한 둘이 받음, TTL 1, LOOP 1; 안 한 쪽은 IP_MULTICAST_ALL 일 때만 |
# | E/broadcast_needs_permission | 127.255.255.255로 sendto                     | EACCES, SO_BROADCAST 뒤에는 받음              |
# | E/first_result_only       | ::1 다음 127.0.0.1 인 목록, server는 127.0.0.1  | 첫 결과만: 거절; 차례로: 이어짐               |
# | E/gai_error_not_errno     | 숫자가 아닌 주소, 없는 서비스                    | perror는 Success, gai_strerror는 맞는 글    |
# | E/*                       | -h, 남는 인자                                    | 사용법을 stdout에 0 / stderr에 2            |
# 포트는 늘 0 (커널이 고른 임시 포트를 준비 줄에서 읽는다): 같은 컴퓨터에서 두 번 동시에 돌아도 부딪히지 않는다.
# 기다림은 모두 결정적이다: 준비 줄, 로그의 줄, /proc의 상태와 카운터(wchar), 프로세스의 끝.

# shellcheck disable=SC2154  # stderr는 bats의 run --separate-stderr가 채운다
load test_helper

CH=$(chapter_dir 09-inet-socket)

# --- 이 파일의 도우미 ---------------------------------------------------------------------------

# start_inet [server 인자...]: server를 -p 0으로 띄우고 준비 줄을 기다린 뒤 포트를 PORT에 둔다
start_inet() {
  start_server server.log "$CH/server" -p 0 "$@"
  wait_for_line server.log '^server: ready on \[[^]]*\]:[0-9]+ \((IPv6 and IPv4|IPv4 only|IPv6 only)\) \(pid [0-9]+\)$' || return 1
  port_from_log
}

# port_from_log: PORT에 server.log의 마지막 준비 줄의 포트를 둔다 (0보다 커야 한다)
port_from_log() {
  PORT=$(sed -n 's/^server: ready on \[[^]]*\]:\([0-9]*\) .*/\1/p' server.log | tail -n 1)
  [ "$PORT" -gt 0 ]
}

# have_ipv6: 이 컴퓨터의 lo에 ::1이 있는가 (있으면 server는 듀얼 스택으로 떠야 한다)
have_ipv6() {
  grep -q '^0\{31\}1 ' /proc/net/if_inet6 2>/dev/null
}

# talk 바이트 [client 인자...]: printf %b로 만든 바이트를 client의 stdin으로 (기본 -a 127.0.0.1 -p PORT)
talk() {
  local bytes=$1
  shift
  [ $# -gt 0 ] || set -- -a 127.0.0.1 -p "$PORT"
  # shellcheck disable=SC2016  # $1은 bash -c 안에서 펼친다
  run_timeout --separate-stderr bash -c 'printf "%b" "$1" | "${@:2}"' _ "$bytes" "$CH/client" "$@"
}

# start_bg 로그 명령 [인자...]: server가 아닌 프로그램을 배경에서 (PID는 BG_PID). teardown이 치운다.
start_bg() {
  local log=$1 spid=${SERVER_PID:-} slog=${SERVER_LOG:-}
  shift
  start_server "$log" "$@"
  BG_PID=$SERVER_PID
  SERVER_PID=$spid SERVER_LOG=$slog
}

# spawn_client I: client I를 배경에서 띄운다. stdin은 FIFO in.I (쓰는 끝이 열릴 때까지 client는 그 open에서
# 기다린다), stdout은 out.I, stderr은 err.I, PID는 CPID[I].
spawn_client() {
  mkfifo "in.$1"
  # shellcheck disable=SC2016  # $0 ... 은 sh -c 안에서 펼친다
  start_bg "out.$1" sh -c 'exec "$0" -a 127.0.0.1 -p "$1" <"$2" 2>"$3"' "$CH/client" "$PORT" "in.$1" "err.$1"
  CPID[$1]=$BG_PID
}

# attach_client I: client I의 stdin의 쓰는 끝을 이 셸이 fd ${IN[I]} 로 쥔다 (<>로 열면 읽는 쪽을 기다리지 않는다)
attach_client() {
  local fd
  exec {fd}<>"in.$1"
  IN[$1]=$fd
}

# open_clients N: client 1..N을 띄우고, server가 새 연결 N개를 다 받고(로그의 connected 줄이 N개 늘어난다)
# client마다 stderr에 "connected to"를 쓸 때까지 기다린다. client는 stdin을 연 뒤에 connect 하므로 그때는
# FIFO의 이름이 필요 없다: 지운다. (stderr의 그 줄까지 기다리는 것은 wchar로 소켓에 쓴 바이트를 셀 때
# 그 줄이 끼어들지 않게 하려는 것이다.)
connected_count() {
  grep -c ' connected, ' server.log || true # 0 줄이면 grep은 상태 1이다
}
open_clients() {
  local i before tries=$((WAIT_TIMEOUT * 50))
  before=$(connected_count)
  for ((i = 1; i <= $1; i++)); do spawn_client "$i"; done
  for ((i = 1; i <= $1; i++)); do attach_client "$i"; done
  while [ "$(connected_count)" -lt $((before + $1)) ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "the server accepted only $(($(connected_count) - before)) of $1 clients"; return 1; }
    sleep "$POLL_INTERVAL"
  done
  for ((i = 1; i <= $1; i++)); do
    wait_for_line "err.$i" '^client: connected to ' "${CPID[i]}" || return 1
    rm "in.$i"
  done
}

# send_to I 바이트: client I의 stdin에 printf %b로 쓴다. bash의 내장 printf는 줄마다 따로 write 하므로
# (stdout을 줄 단위로 버퍼링한다) 바깥 printf(env printf)를 쓴다: FIFO로 가는 출력은 끝에 write 한 번이다.
send_to() {
  env printf '%b' "$2" >&"${IN[$1]}"
}

# close_client I: client I의 stdin을 닫고(EOF) 끝나기를 기다린다 → EXIT_STATUS
close_client() {
  local fd=${IN[$1]}
  exec {fd}>&-
  wait_exit "${CPID[$1]}"
}

# wchar PID: 그 프로세스가 지금까지 write로 쓴 바이트 수 (/proc/PID/io)
wchar() {
  awk '$1 == "wchar:" { print $2 }' "/proc/$1/io" 2>/dev/null || echo 0
}

# wait_wchar PID N: 그 프로세스가 write로 N 바이트 이상 쓸 때까지
wait_wchar() {
  local tries=500 w
  while :; do
    w=$(wchar "$1")
    [ "${w:-0}" -ge "$2" ] && return 0
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $1 wrote only ${w:-0} of $2 bytes"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

# wait_state PID STATE: /proc의 상태 글자가 STATE가 될 때까지
wait_state() {
  local tries=500
  while [ "$(proc_state "$1")" != "$2" ]; do
    [ $((tries -= 1)) -gt 0 ] || { fail "PID $1 never reached state $2 (now $(proc_state "$1"))"; return 1; }
    sleep "$POLL_INTERVAL"
  done
}

# helper 이름: 이 파일의 작은 C 도우미를 (이 실행에서 한 번) 컴파일하고 경로를 찍는다
#   hold_port     127.0.0.1의 TCP 포트 하나를 bind만 하고(listen 하지 않는다) 그 번호를 찍고 stdin이 닫힐 때까지 쥔다
#   no_ipv6.so    LD_PRELOAD로 socket(AF_INET6, ...)이 EAFNOSUPPORT로 실패하게 한다 (IPv6를 끈 커널처럼)
helper() {
  local bin=$BATS_RUN_TMPDIR/$1 tmp
  if [ ! -x "$bin" ]; then
    tmp=$(mktemp "$BATS_RUN_TMPDIR/helper.XXXXXX")
    case $1 in
      hold_port)
        "${CC:-cc}" -std=c11 -O -x c -o "$tmp" - <<'EOF' || { rm -f "$tmp"; return 1; }
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
int main(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    char c;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd == -1 || bind(fd, (struct sockaddr *)&a, len) == -1 || getsockname(fd, (struct sockaddr *)&a, &len) == -1)
        return perror("hold_port"), 1;
    printf("%u\n", (unsigned)ntohs(a.sin_port));
    fflush(stdout);
    while (read(0, &c, 1) > 0) {
    }
    return 0;
}
EOF
        ;;
      no_ipv6.so)
        "${CC:-cc}" -std=c11 -O -shared -fPIC -x c -o "$tmp" - -ldl <<'EOF' || { rm -f "$tmp"; return 1; }
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sys/socket.h>
int socket(int domain, int type, int protocol)
{
    if (domain == AF_INET6)
        return errno = EAFNOSUPPORT, -1;
    int (*real)(int, int, int) = (int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");
    return real(domain, type, protocol);
}
EOF
        ;;
    esac
    mv -f "$tmp" "$bin"
  fi
  echo "$bin"
}

# time_wait_on PORT: /proc/net/tcp 또는 tcp6에 내 포트가 PORT이고 상태가 06(TIME_WAIT)인 연결이 있는가
time_wait_on() {
  local hex
  hex=$(printf '%04X' "$1")
  awk -v p="$hex" 'NR > 1 { split($2, a, ":"); if (a[length(a)] == p && $4 == "06") found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# --- TCP: 주소와 연결 ------------------------------------------------------------------------------

@test "09-inet-socket: port 0 gives an ephemeral port on the ready line; lines over 127.0.0.1 and by the name localhost get OK answers" {
  start_inet
  talk 'hello\ninet socket\n'
  assert_success
  assert_output $'OK hello\nOK inet socket'
  assert_equal "$stderr" "client: connected to [127.0.0.1]:$PORT"
  # 이름으로도: localhost는 /etc/hosts가 127.0.0.1 (과 ::1)로 푼다
  talk 'by name\n' -a localhost -p "$PORT"
  assert_success
  assert_output 'OK by name'
  # server는 연결을 상대의 주소와 포트로 안다. 듀얼 스택이면 IPv4 상대는 ::ffff:127.0.0.1로 보인다
  run grep -cE '^server: \[(::ffff:)?127\.0\.0\.1\]:[0-9]+ connected, 1 clients$' server.log
  assert_output --regexp '^[12]$'
  wait_for_line server.log '^server: \[[^]]*\]:[0-9]+ left \(EOF, 0 bytes of a partial line dropped\)$'
  stop_server_cleanly
}

@test "09-inet-socket: one dual-stack socket serves IPv6 (::1) and IPv4 (::ffff:127.0.0.1) on the same port" {
  start_inet
  have_ipv6 || skip "no IPv6 here (no ::1 on lo): $(head -n 1 server.log)"
  run grep -c '^server: ready on \[::\]:' server.log
  assert_output 1
  talk 'six\n' -a ::1 -p "$PORT"
  assert_success
  assert_output 'OK six'
  assert_equal "$stderr" "client: connected to [::1]:$PORT"
  talk 'four\n'
  assert_success
  assert_output 'OK four'
  wait_for_line server.log '^server: \[::1\]:[0-9]+ connected, 1 clients$'
  wait_for_line server.log '^server: \[::ffff:127\.0\.0\.1\]:[0-9]+ connected, 1 clients$'
  # 소켓은 하나다: server의 fd 가운데 소켓은 듣는 소켓 하나뿐 (client는 모두 떠났다)
  wait_for_line server.log '^server: \[::ffff:127\.0\.0\.1\]:[0-9]+ left'
  run bash -c "ls -l /proc/$SERVER_PID/fd | grep -c 'socket:'"
  assert_output 1
  stop_server_cleanly
}

@test "09-inet-socket: -a 127.0.0.1 listens on IPv4 only and -a ::1 on IPv6 only; the other family is refused" {
  start_inet -a 127.0.0.1
  run grep -c "^server: ready on \\[127\\.0\\.0\\.1\\]:$PORT (IPv4 only)" server.log
  assert_output 1
  talk 'v4\n'
  assert_output 'OK v4'
  if have_ipv6; then
    talk 'v6\n' -a ::1 -p "$PORT"
    assert_failure 1
    assert_equal "$(head -n 1 <<<"$stderr")" "client: connect [::1]:$PORT: Connection refused (nobody listens on that port)"
  fi
  stop_server_cleanly
  have_ipv6 || skip "no ::1 here: the IPv6-only half was not tried"
  start_inet -a ::1
  run grep -c "^server: ready on \\[::1\\]:$PORT (IPv6 only)" server.log
  assert_output 1
  talk 'v4\n'
  assert_failure 1
  assert_equal "$stderr" "client: connect [127.0.0.1]:$PORT: Connection refused (nobody listens on that port)
client: could not connect to 127.0.0.1 port $PORT"
  talk 'v6\n' -a ::1 -p "$PORT"
  assert_output 'OK v6'
  stop_server_cleanly
}

@test "09-inet-socket: where IPv6 is unavailable (socket gives EAFNOSUPPORT) the server says so and falls back to IPv4" {
  if ldd "$TOP/09-inet-socket/server" 2>/dev/null | grep -q libasan; then skip "an ASan build must load its runtime first: LD_PRELOAD is refused"; fi
  local shim
  shim=$(helper no_ipv6.so) || skip "cannot build the LD_PRELOAD shim here (cc -shared)"
  start_server server.log env LD_PRELOAD="$shim" "$CH/server" -p 0
  wait_for_line server.log '^server: ready on \[0\.0\.0\.0\]:[0-9]+ \(IPv4 only\)'
  run grep -c '^server: socket \[::\]:0: Address family not supported by protocol$' server.log
  assert_output 1
  port_from_log
  talk 'still here\n'
  assert_success
  assert_output 'OK still here'
  stop_server_cleanly
}

@test "09-inet-socket: the client tries each getaddrinfo result in turn: a name for ::1 and 127.0.0.1 reaches a server on 127.0.0.1 only" {
  start_inet -a 127.0.0.1
  printf '::1 both.test\n127.0.0.1 both.test\n' >hosts
  chmod 644 hosts
  local un=(unshare -m)
  [ "$(id -u)" -eq 0 ] || un=(unshare -rm)
  "${un[@]}" true 2>/dev/null || skip "cannot make a private mount namespace here ($(id -u) / unshare) to swap /etc/hosts"
  # 이 client만 자기 /etc/hosts를 본다: 새 마운트 이름 공간 안에서 덮어씌운다 (밖의 파일은 그대로)
  # shellcheck disable=SC2016  # $0 ... 은 sh -c 안에서 펼친다
  run_timeout --separate-stderr "${un[@]}" sh -c 'mount --bind "$1" /etc/hosts && echo hi | exec "$0" -a both.test -p "$2"' \
    "$CH/client" "$TEST_TMP/hosts" "$PORT"
  [[ $stderr != *"mount:"* ]] || skip "mount --bind is refused here: $stderr"
  assert_success
  assert_output 'OK hi'
  assert_equal "$(grep -c '^client: connect \[::1\]:' <<<"$stderr")" 1 # 첫 결과 ::1: 거절 (또는 IPv6가 없다)
  assert_equal "$(tail -n 1 <<<"$stderr")" "client: connected to [127.0.0.1]:$PORT"
  stop_server_cleanly
}

# --- 프레이밍: 스트림 위의 줄 --------------------------------------------------------------------

@test "09-inet-socket: a line that arrives in two pieces is put together, two lines in one write get two answers, and a half line holds up no other client" {
  start_inet
  open_clients 2
  local base
  base=$(wchar "${CPID[1]}")
  send_to 1 'hel'
  wait_wchar "${CPID[1]}" $((base + 3)) # client 1이 "hel"을 소켓에 썼다: server에는 반쪽 줄이 있다
  send_to 2 'other\n'
  wait_for_line out.2 '^OK other$' "${CPID[2]}"
  [ ! -s out.1 ] # client 1은 아직 답을 받지 않았다: read 한 번은 메시지 하나가 아니다
  send_to 1 'lo\none\ntw'
  wait_for_line out.1 '^OK one$' "${CPID[1]}"
  send_to 1 'o\n'
  wait_for_line out.1 '^OK two$' "${CPID[1]}"
  run cat out.1
  assert_output $'OK hello\nOK one\nOK two'
  close_client 1
  assert_equal "$EXIT_STATUS" 0
  close_client 2
  assert_equal "$EXIT_STATUS" 0
  stop_server_cleanly
}

@test "09-inet-socket: 50 clients connected at once are all answered, each with its own line" {
  local n i
  n=$(count_for 50)
  start_inet
  open_clients "$n"
  for ((i = n; i >= 1; i--)); do
    send_to "$i" "client $i\\n"
  done
  for ((i = 1; i <= n; i++)); do
    wait_for_line "out.$i" "^OK client $i\$" "${CPID[i]}"
  done
  for ((i = 1; i <= n; i++)); do
    close_client "$i"
    assert_equal "$EXIT_STATUS" 0
    assert_equal "$(cat "out.$i")" "OK client $i"
  done
  stop_server_cleanly
}

@test "09-inet-socket: stream_no_boundaries: two writes closed before the read arrive as one read; a 4-byte length prefix gets both messages back" {
  run_timeout "$CH/experiments/stream_no_boundaries"
  assert_success
  assert_output 'raw:    2 writes ("AAA", "BBB") -> read 1: "AAABBB" (6 bytes), read 2: EOF
framed: 2 messages -> "AAA" (3 bytes), "BBB" (3 bytes), then EOF at a message boundary'
}

# --- 나쁜 client ---------------------------------------------------------------------------------

@test "09-inet-socket: random garbage and NUL bytes leave the server serving others; bytes come back unchanged" {
  start_inet
  open_clients 1
  # shellcheck disable=SC2016  # $0 ... 은 sh -c 안에서 펼친다
  run_timeout sh -c 'printf "a\\000b\\n" | "$0" -a 127.0.0.1 -p "$1" >nul.out 2>/dev/null' "$CH/client" "$PORT"
  assert_success
  assert_equal "$(od -An -c nul.out | tr -s ' ')" ' O K a \0 b \n' # NUL도 한 바이트일 뿐: 그대로 돌아온다
  # shellcheck disable=SC2016  # $0 ... 은 sh -c 안에서 펼친다
  run_timeout sh -c 'head -c 65536 /dev/urandom | "$0" -a 127.0.0.1 -p "$1" >/dev/null 2>&1' "$CH/client" "$PORT"
  assert alive "$SERVER_PID"
  send_to 1 'still here\n'
  wait_for_line out.1 '^OK still here$' "${CPID[1]}"
  close_client 1
  assert_equal "$EXIT_STATUS" 0
  stop_server_cleanly
}

@test "09-inet-socket: a line over 255 bytes gets ERR line too long and a clean close (the server drains first: no reset); only that client is disconnected" {
  start_inet
  open_clients 1
  printf '%0300d\n' 0 >long.txt # 301바이트를 client가 write 한 번에 보낸다 (stdin 이 파일이라 곧바로 EOF도 본다)
  run_timeout --separate-stderr "$CH/client" -a 127.0.0.1 -p "$PORT" <long.txt
  # server는 256바이트를 읽고 ERR을 쓴 뒤, 남은 45바이트를 읽어 버리고 닫는다: RST가 아니라 FIN이 가서
  # client는 ERR 줄을 받고 EOF를 본다 (읽지 않고 닫았다면 ERR 대신 "Connection reset by peer")
  assert_success
  assert_output 'ERR line too long'
  assert_equal "$stderr" "client: connected to [127.0.0.1]:$PORT"
  wait_for_line server.log '^server: \[[^]]*\]:[0-9]+ sent a line over 255 bytes: disconnected$'
  send_to 1 'fine\n'
  wait_for_line out.1 '^OK fine$' "${CPID[1]}"
  # 255바이트 + '\n'은 아직 한 줄이다
  talk "$(printf 'a%.0s' {1..255})\\n"
  assert_success
  assert_output "OK $(printf 'a%.0s' {1..255})"
  close_client 1
  assert_equal "$EXIT_STATUS" 0
  stop_server_cleanly
}

@test "09-inet-socket: a client that vanishes mid-message (EOF or SIGKILL) loses only its half line; the server serves the next" {
  start_inet
  talk 'half'
  assert_success
  assert_output ''
  wait_for_line server.log '^server: \[[^]]*\]:[0-9]+ left \(EOF, 4 bytes of a partial line dropped\)$'
  open_clients 1
  local base
  base=$(wchar "${CPID[1]}")
  send_to 1 'par'
  wait_wchar "${CPID[1]}" $((base + 3))
  kill -KILL "${CPID[1]}"
  wait_exit "${CPID[1]}"
  # 커널이 죽은 client의 소켓을 닫는다: 읽지 않은 답이 없으니 FIN이 간다 (EOF)
  wait_for_line server.log '^server: \[[^]]*\]:[0-9]+ left \(EOF, 3 bytes of a partial line dropped\)$'
  talk 'next\n'
  assert_success
  assert_output 'OK next'
  local fd=${IN[1]}
  exec {fd}>&-
  stop_server_cleanly
}

@test "09-inet-socket: a client that is gone before its answers are written does not take the server down" {
  start_inet
  open_clients 1
  # server를 멈춰 두고 client가 여러 줄을 보낸 뒤 사라지게 한다: server는 깨어나서 읽고, 떠난 client에 쓴다
  kill -STOP "$SERVER_PID"
  wait_state "$SERVER_PID" T
  local base
  base=$(wchar "${CPID[1]}")
  send_to 1 "$(printf 'x\\n%.0s' {1..100})"
  wait_wchar "${CPID[1]}" $((base + 200))
  kill -KILL "${CPID[1]}"
  wait_exit "${CPID[1]}"
  kill -CONT "$SERVER_PID"
  # 첫 답은 커널이 받아 보낸다 (상대는 RST로 답한다). 그다음 쓰기나 읽기가 ECONNRESET/EPIPE로 실패한다
  wait_for_line server.log '^server: \[[^]]*\]:[0-9]+(: write: (Connection reset by peer|Broken pipe): disconnected| left \((EOF|Connection reset by peer),)'
  talk 'alive\n'
  assert_success
  assert_output 'OK alive'
  local fd=${IN[1]}
  exec {fd}>&-
  stop_server_cleanly
}

@test "09-inet-socket: out of file descriptors, the server leaves new connections queued, takes them when a client leaves, and grows again when descriptors come back" {
  [ "${VALGRIND:-0}" != 1 ] || skip "valgrind keeps its own descriptors under the limit"
  command -v prlimit >/dev/null 2>&1 || skip "needs prlimit (util-linux)"
  start_inet
  # 떠 있는 server의 한도(RLIMIT_NOFILE)를 바꾼다: 한도 아래에 빈 fd 번호가 꼭 둘 남게 (물려받은 fd가 번호
  # 사이에 있을 수 있어 번호를 센다). client 둘을 받으면 셋째의 accept4가 EMFILE이다.
  local open limit=0 free=0 i
  open=" $(find "/proc/$SERVER_PID/fd" -mindepth 1 -printf '%f ') "
  while [ "$free" -lt 2 ]; do
    [[ $open == *" $limit "* ]] || free=$((free + 1))
    limit=$((limit + 1))
  done
  prlimit --pid "$SERVER_PID" --nofile="$limit:" || skip "prlimit --pid is refused here" # 무른 한도만: 단단한 한도는 그대로
  # 넷을 먼저 모두 띄운다 (나중에 띄운 client가 앞 client의 stdin 쓰는 끝을 물려받지 않게). 1, 2가 받아진
  # 뒤에야 3의 stdin을 연다: 3은 그때 connect 한다. 4는 한도를 올린 뒤에
  for i in 1 2 3 4; do spawn_client "$i"; done
  attach_client 1
  attach_client 2
  wait_for_line server.log ' connected, 2 clients$'
  attach_client 3
  wait_for_line err.3 '^client: connected to ' "${CPID[3]}" # 커널이 handshake를 끝내 큐에 두었다
  wait_for_line server.log '^server: accept4: Too many open files: 2 clients for now$'
  send_to 3 'queued\n'
  send_to 1 'first\n'
  wait_for_line out.1 '^OK first$' "${CPID[1]}"
  [ ! -s out.3 ] # 셋째는 아직 받아 주지 않았다
  close_client 1 # fd 하나가 돌아온다: server가 큐의 연결을 꺼낸다
  wait_for_line out.3 '^OK queued$' "${CPID[3]}"
  # EMFILE은 한 번만 알린다: 듣는 소켓을 poll 하지 않고 기다렸다 (바쁘게 돌며 다시 부르지 않았다)
  assert_equal "$(grep -c 'Too many open files' server.log)" 1
  # fd가 다시 넉넉해지면 (한도를 올린다) 예전의 두 개를 넘어 셋째 연결도 받는다
  prlimit --pid "$SERVER_PID" --nofile=$((limit + 8)):
  attach_client 4
  wait_for_line server.log ' connected, 3 clients$'
  send_to 4 'more\n'
  wait_for_line out.4 '^OK more$' "${CPID[4]}"
  rm in.1 in.2 in.3 in.4
  for i in 2 3 4; do close_client "$i"; done
  stop_server_cleanly
}

@test "09-inet-socket: SIGTERM, SIGINT and SIGHUP each close every connection and exit 0; a connected client sees EOF" {
  local sig
  for sig in TERM INT HUP; do
    start_inet
    open_clients 1
    stop_server_cleanly "$sig"
    wait_exit "${CPID[1]}"
    assert_equal "$EXIT_STATUS" 1
    assert_equal "$(tail -n 1 err.1)" 'client: the server closed the connection'
    local fd=${IN[1]}
    exec {fd}>&-
    run tail -n 1 server.log
    assert_output --regexp '^server: (Terminated|Interrupt|Hangup): closed 1 connections and the listening socket$'
  done
  assert_output 'server: Hangup: closed 1 connections and the listening socket'
}

@test "09-inet-socket: after SIGTERM the server's side of the connection is in TIME_WAIT, and a new server binds the same port at once (SO_REUSEADDR)" {
  start_inet
  local port=$PORT
  open_clients 1
  stop_server_cleanly TERM
  wait_exit "${CPID[1]}" # client는 EOF를 보고 닫는다: 먼저 닫은 server 쪽 연결이 TIME_WAIT으로
  local fd=${IN[1]}
  exec {fd}>&-
  local tries=250
  until time_wait_on "$port"; do
    [ $((tries -= 1)) -gt 0 ] || fail "no TIME_WAIT connection on port $port in /proc/net/tcp*"
    sleep "$POLL_INTERVAL"
  done
  start_server server2.log "$CH/server" -p "$port"
  wait_for_line server2.log "^server: ready on \\[[^]]*\\]:$port "
  SERVER_LOG=server2.log
  run_timeout bash -c "printf 'again\\n' | '$CH/client' -a 127.0.0.1 -p $port 2>/dev/null"
  assert_output 'OK again'
  stop_server_cleanly
}

@test "09-inet-socket: a second server on a port in use fails: server: bind [::]:PORT: Address already in use, exit 1" {
  start_inet
  run_timeout --separate-stderr "$CH/server" -p "$PORT"
  assert_failure 1
  assert_output ''
  assert_equal "$(tail -n 1 <<<"$stderr")" "server: bind [0.0.0.0]:$PORT: Address already in use"
  if grep -q 'IPv6 and IPv4' server.log; then
    assert_equal "$(head -n 1 <<<"$stderr")" "server: bind [::]:$PORT: Address already in use"
  fi
  talk 'first\n'
  assert_output 'OK first'
  stop_server_cleanly
}

# --- client의 오류 ------------------------------------------------------------------------------

@test "09-inet-socket: a port nobody listens on gives ECONNREFUSED with a clear message and exit 1" {
  local hold
  hold=$(helper hold_port) || skip "cannot build the hold_port helper (cc)"
  mkfifo hold.in
  # shellcheck disable=SC2016  # $0은 sh -c 안에서 펼친다
  start_bg hold.out sh -c 'exec "$0" <hold.in' "$hold"
  exec {holdfd}<>hold.in
  wait_for_line hold.out '^[0-9]+$' "$BG_PID"
  local closed
  closed=$(cat hold.out)
  rm hold.in
  # 포트는 bind 되어 있지만 listen 하지 않는다: 커널은 SYN에 RST로 답한다
  talk 'hello\n' -a 127.0.0.1 -p "$closed"
  assert_failure 1
  assert_output ''
  assert_equal "$stderr" "client: connect [127.0.0.1]:$closed: Connection refused (nobody listens on that port)
client: could not connect to 127.0.0.1 port $closed"
  exec {holdfd}>&-
  wait_exit "$BG_PID"
}

@test "09-inet-socket: an unresolvable host (.invalid) or an unknown service gives the gai_strerror message and exit 1; a port over 65535 is a usage error" {
  export RES_OPTIONS="timeout:1 attempts:1" # DNS가 답하지 않는 컴퓨터에서도 오래 기다리지 않게
  local host="nosuch-$BASHPID.invalid"
  talk 'x\n' -a "$host" -p 9
  assert_failure 1
  assert_output ''
  assert_equal "$(wc -l <<<"$stderr")" 1
  assert_regex "$stderr" "^client: getaddrinfo ${host//./\\.} port 9: (Name or service not known|No address associated with hostname|Temporary failure in name resolution)\$"
  talk 'x\n' -a 127.0.0.1 -p no-such-service
  assert_failure 1
  assert_equal "$stderr" 'client: getaddrinfo 127.0.0.1 port no-such-service: Servname not supported for ai_socktype'
  run_timeout --separate-stderr "$CH/server" -p no-such-service
  assert_failure 1
  assert_equal "$stderr" 'server: getaddrinfo (all addresses) port no-such-service: Servname not supported for ai_socktype'
  run_timeout --separate-stderr "$CH/server" -a "$host" -p 0
  assert_failure 1
  assert_regex "$stderr" "^server: getaddrinfo ${host//./\\.} port 0: "
  for prog in server client; do
    run_timeout --separate-stderr "$CH/$prog" -p 99999
    assert_failure 2
    assert_output ''
    assert_equal "$(head -n 1 <<<"$stderr")" "$prog: port 99999 is over 65535"
  done
}

@test "09-inet-socket: bad arguments print the usage on stderr and exit 2; -h and --help print it on stdout and exit 0" {
  local prog args
  for prog in server client; do
    for args in "-x" "-p" "-a" "-p 1 extra" "-h extra"; do
      # shellcheck disable=SC2086  # 인자를 낱말로 나누려는 것이다
      run_timeout --separate-stderr "$CH/$prog" $args
      assert_failure 2
      assert_output ''
      assert_regex "$stderr" "^usage: $prog \\[-a HOST\\] \\[-p PORT\\]"
    done
    for args in -h --help; do
      run_timeout --separate-stderr "$CH/$prog" "$args"
      assert_success
      assert_line --index 0 --regexp "^usage: $prog \\[-a HOST\\] \\[-p PORT\\]   \\(default HOST (localhost|\\(all addresses\\)), PORT 9009\\)$"
      assert_equal "$stderr" ''
    done
  done
}

# --- 실험: UDP, 4-튜플, TIME_WAIT, 멀티캐스트 ------------------------------------------------------

@test "09-inet-socket: datagram_boundaries: 3 sendto are 3 recv; a 10-byte datagram into 4 bytes is cut (MSG_TRUNC) and the rest is gone" {
  run_timeout "$CH/experiments/datagram_boundaries"
  assert_success
  assert_output 'boundaries: 3 sendto (3, 5, 1 bytes) -> 3 recv: "AAA" (3) "BBBBB" (5) "C" (1)
truncation: a 10-byte datagram into a 4-byte buffer -> "0123", MSG_TRUNC set; the next recv gets "next"
MSG_TRUNC flag: recv returned 10 (the real length) and filled 4 bytes: "0123"'
}

@test "09-inet-socket: udp_autobind: an unbound UDP socket has port 0 until its first sendto, then an ephemeral port the receiver sees and replies to" {
  run_timeout "$CH/experiments/udp_autobind"
  assert_success
  assert_line --index 0 'before the first sendto: 0.0.0.0:0 (no address yet)'
  assert_line --index 1 --regexp '^after the first sendto:  0\.0\.0\.0:[1-9][0-9]* \(the kernel picked an ephemeral port\)$'
  local port=${lines[1]#*0.0.0.0:}
  port=${port%% *}
  assert_line --index 2 "the receiver's recvfrom: \"ping\" from 127.0.0.1:$port"
  assert_line --index 3 'the unbound sender got the reply: "pong"'
}

@test "09-inet-socket: four_tuple_vs_two_tuple: two TCP clients get two sockets on the same local port; one UDP socket hears both senders" {
  run_timeout "$CH/experiments/four_tuple_vs_two_tuple"
  assert_success
  local re='^tcp: accepted fd ([0-9]+): local 127\.0\.0\.1:([0-9]+) peer 127\.0\.0\.1:([0-9]+) reads "client ([12])"$'
  [[ ${lines[0]} =~ $re ]] || fail "line 1: ${lines[0]}"
  local fd1=${BASH_REMATCH[1]} lp1=${BASH_REMATCH[2]} pp1=${BASH_REMATCH[3]}
  assert_equal "${BASH_REMATCH[4]}" 1
  [[ ${lines[1]} =~ $re ]] || fail "line 2: ${lines[1]}"
  assert_equal "${BASH_REMATCH[4]}" 2
  [ "${BASH_REMATCH[1]}" != "$fd1" ] # 연결마다 다른 소켓
  assert_equal "${BASH_REMATCH[2]}" "$lp1" # 내 포트는 같다
  [ "${BASH_REMATCH[3]}" != "$pp1" ] # 상대 포트가 다르다
  re='^udp: socket fd ([0-9]+) \(127\.0\.0\.1:([0-9]+)\) got "sender ([12])" from 127\.0\.0\.1:([0-9]+)$'
  [[ ${lines[2]} =~ $re ]] || fail "line 3: ${lines[2]}"
  local u=${BASH_REMATCH[1]} s1=${BASH_REMATCH[4]}
  [[ ${lines[3]} =~ $re ]] || fail "line 4: ${lines[3]}"
  assert_equal "${BASH_REMATCH[1]}" "$u" # 한 소켓이 둘 다 받는다
  assert_equal "${BASH_REMATCH[3]}" 2
  [ "${BASH_REMATCH[4]}" != "$s1" ] # recvfrom이 보낸 이를 가른다
}

@test "09-inet-socket: time_wait_reuseaddr: a port held in TIME_WAIT refuses a new bind; SO_REUSEADDR helps only if the old server had it too" {
  run_timeout "$CH/experiments/time_wait_reuseaddr"
  assert_success
  assert_line --index 0 --regexp '^old server without SO_REUSEADDR: 127\.0\.0\.1:[0-9]+ in TIME_WAIT; a new bind without SO_REUSEADDR: Address already in use; with: Address already in use$'
  assert_line --index 1 --regexp '^old server with SO_REUSEADDR:    127\.0\.0\.1:[0-9]+ in TIME_WAIT; a new bind without SO_REUSEADDR: Address already in use; with: ok$'
}

@test "09-inet-socket: multicast_loopback: one sendto to 239.255.0.9 on 127.0.0.1 reaches both joined receivers (TTL 1, loop on); an unjoined socket gets it only with IP_MULTICAST_ALL" {
  run_timeout "$CH/experiments/multicast_loopback"
  [ "$status" -ne 3 ] || skip "$output"
  assert_success
  assert_line --index 0 'sender: IP_MULTICAST_IF 127.0.0.1, IP_MULTICAST_TTL 1, IP_MULTICAST_LOOP 1'
  assert_line --index 1 --regexp '^receiver 1 \(port [0-9]+, joined 239\.255\.0\.9 on 127\.0\.0\.1, IP_MULTICAST_ALL 0\): got "hello, group" from 127\.0\.0\.1:[0-9]+$'
  assert_line --index 2 --regexp '^receiver 2 \(port [0-9]+, joined 239\.255\.0\.9 on 127\.0\.0\.1, IP_MULTICAST_ALL 0\): got "hello, group" from 127\.0\.0\.1:[0-9]+$'
  assert_equal "${lines[1]#*from }" "${lines[2]#*from }" # 같은 데이터그램의 사본 둘
  assert_line --index 3 --regexp '^receiver 3 \(port [0-9]+, did not join, IP_MULTICAST_ALL 0\): nothing \(Resource temporarily unavailable\)$'
  assert_line --index 4 --regexp '^receiver 4 \(port [0-9]+, did not join, IP_MULTICAST_ALL 1\): got "hello, group" from '
  assert_line --index 5 '1 sendto -> 2 joined receivers'
}

@test "09-inet-socket: broadcast_needs_permission: sendto 127.255.255.255 is EACCES until SO_BROADCAST is set" {
  run_timeout "$CH/experiments/broadcast_needs_permission"
  [ "$status" -ne 3 ] || skip "$output"
  assert_success
  assert_line --index 0 --regexp '^without SO_BROADCAST: sendto 127\.255\.255\.255:[0-9]+: Permission denied$'
  assert_line --index 1 --regexp '^with SO_BROADCAST: sendto 127\.255\.255\.255:[0-9]+: ok; the receiver got "hello, everyone"$'
}

@test "09-inet-socket: first_result_only: using only the first result (::1) is refused; trying each result connects to 127.0.0.1" {
  run_timeout "$CH/experiments/first_result_only"
  assert_success
  local port
  port=$(sed -n 's/^the list: \[::1\]:\([0-9]*\) .*/\1/p' <<<"$output")
  assert_line --index 0 "the list: [::1]:$port then [127.0.0.1]:$port; the server listens on 127.0.0.1 only"
  assert_line --index 1 --regexp "^first result only: \\[::1\\]:$port: (Connection refused|Cannot assign requested address|Address family not supported by protocol|Network is unreachable)\$"
  assert_line --index 2 --regexp "^each result in turn: \\[::1\\]:$port: [^;]+; \\[127\\.0\\.0\\.1\\]:$port: connected\$"
}

@test "09-inet-socket: gai_error_not_errno: getaddrinfo's error is its return value: perror says Success, gai_strerror says why" {
  run_timeout "$CH/experiments/gai_error_not_errno"
  assert_success
  assert_output 'host "not-an-ip" (AI_NUMERICHOST): rc = -2 (EAI_NONAME); perror says "Success"; gai_strerror says "Name or service not known"
service "no-such-service": rc = -8 (EAI_SERVICE); perror says "Success"; gai_strerror says "Servname not supported for ai_socktype"'
}

@test "09-inet-socket: every experiment prints its usage for -h (exit 0) and refuses extra arguments (exit 2)" {
  local e name
  for e in "$TOP"/09-inet-socket/experiments/*.c; do
    name=$(basename "$e" .c)
    run_timeout --separate-stderr "$CH/experiments/$name" -h
    assert_success
    assert_output --regexp "^usage: $name "
    run_timeout --separate-stderr "$CH/experiments/$name" extra
    assert_failure 2
    assert_output ''
    assert_regex "$stderr" "^usage: $name "
  done
}

@test "09-inet-socket: the client reports a stdin it cannot read and a stdout it cannot write, and exits 1" {
  start_inet
  # 디렉터리는 읽기로 열 수 있지만 read()는 EISDIR이다. /dev/full에 쓰는 write()는 늘 ENOSPC다.
  run_timeout --separate-stderr "$CH/client" -a 127.0.0.1 -p "$PORT" </
  assert_failure 1
  [[ $stderr == *'client: read (stdin): Is a directory'* ]] || fail "$stderr"
  # shellcheck disable=SC2016  # $1, $2는 bash -c 안에서 펼친다
  run_timeout --separate-stderr bash -c 'printf "hi\n" | "$1" -a 127.0.0.1 -p "$2" >/dev/full' _ "$CH/client" "$PORT"
  assert_failure 1
  [[ $stderr == *'client: write (stdout): No space left on device'* ]] || fail "$stderr"
  stop_server_cleanly
}

@test "09-inet-socket: a connect with no route (255.255.255.255) is explained, and the client exits 1" {
  # TCP는 방송 주소로 연결할 수 없다: 커널은 connect를 ENETUNREACH로 거절한다 (패킷 하나 나가지 않는다)
  run_timeout --separate-stderr "$CH/client" -a 255.255.255.255 -p 9 </dev/null
  assert_failure 1
  [[ $stderr == *'client: connect [255.255.255.255]:9: Network is unreachable (no route there from this computer'* ]] ||
    fail "$stderr"
  [[ $stderr == *'client: could not connect to 255.255.255.255 port 9'* ]] || fail "$stderr"
}

@test "09-inet-socket: a failing socket() or connect() (injected with strace) is reported with the address it was for" {
  [ "${VALGRIND:-0}" != 1 ] || skip 'strace of a valgrind wrapper would trace valgrind'
  command -v strace >/dev/null || skip 'needs strace'
  strace -o /dev/null true 2>/dev/null || skip 'tracing is not permitted here (ptrace)'
  start_inet
  # strace -e inject: 호출을 부르지 않고 그 오류를 돌려준다. client는 주소마다 socket, connect를 해 보고 알린다.
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" run_timeout --separate-stderr \
    strace -o /dev/null -e trace=socket -e inject=socket:error=EMFILE "$CH/client" -a 127.0.0.1 -p "$PORT" </dev/null
  assert_failure 1
  [[ $stderr == *"client: socket [127.0.0.1]:$PORT: Too many open files"* ]] || fail "$stderr"
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" run_timeout --separate-stderr \
    strace -o /dev/null -e trace=connect -e inject=connect:error=EPERM "$CH/client" -a 127.0.0.1 -p "$PORT" </dev/null
  assert_failure 1
  [[ $stderr == *"client: connect [127.0.0.1]:$PORT: Operation not permitted (see man 2 connect)"* ]] || fail "$stderr"
  [[ $stderr == *"client: could not connect to 127.0.0.1 port $PORT"* ]] || fail "$stderr"
  stop_server_cleanly
}
