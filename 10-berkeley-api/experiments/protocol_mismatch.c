/*
 * 10-berkeley-api/experiments/protocol_mismatch.c: socket(domain, type, protocol)의 세 번째 인자.
 * 0이면 (domain, type)에 맞는 기본 프로토콜이다: SOCK_STREAM → TCP(6), SOCK_DGRAM → UDP(17).
 * IPPROTO_TCP를 적어도 같다 (상수의 이름은 IPPROTO_다: 씨앗의 "IPROTO_TCP"는 컴파일되지 않는다).
 * type과 맞지 않는 프로토콜은 -1/EPROTONOSUPPORT, AF_INET이 모르는 type은 ESOCKTNOSUPPORT.
 * NOTES.md 5절 바로잡기 #31, #32.
 *
 * 실행 (10-berkeley-api 디렉터리에서): ./experiments/protocol_mismatch
 * 출력:
 *   protocol_mismatch: socket(AF_INET, SOCK_STREAM, 0) = 3 (SO_PROTOCOL 6)
 *   protocol_mismatch: socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 4 (SO_PROTOCOL 6)
 *   protocol_mismatch: socket(AF_INET, SOCK_DGRAM, 0) = 5 (SO_PROTOCOL 17)
 *   protocol_mismatch: socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP) = -1 EPROTONOSUPPORT (Protocol not supported)
 *   protocol_mismatch: socket(AF_INET, SOCK_STREAM, IPPROTO_UDP) = -1 EPROTONOSUPPORT (Protocol not supported)
 *   protocol_mismatch: socket(AF_INET, SOCK_SEQPACKET, 0) = -1 ESOCKTNOSUPPORT (Socket type not supported)
 *   protocol_mismatch: socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP) = -1 EPROTONOSUPPORT (...)  (sctp 모듈이 없으면)
 *
 * 읽을 man 페이지: man 2 socket (EPROTONOSUPPORT), man 7 ip, man 5 protocols (/etc/protocols), man 7 socket
 */
#define _GNU_SOURCE /* SO_PROTOCOL: 리눅스 2.6.32부터 */

#include "../common.h"

/* socket을 불러 보고, 되면 커널이 고른 프로토콜 번호(SO_PROTOCOL)를 덧붙인다 */
static void try_socket(int type, const char *type_name, int protocol, const char *protocol_name)
{
    int fd = socket(AF_INET, type, protocol), proto = 0;
    socklen_t len = sizeof proto;
    if (fd == -1) {
        said(-1, "socket(AF_INET, %s, %s)", type_name, protocol_name);
        return;
    }
    if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &len) == -1)
        die("getsockopt");
    printf("%s: socket(AF_INET, %s, %s) = %d (SO_PROTOCOL %d)\n", prog, type_name, protocol_name, fd, proto);
    /* 닫지 않는다: fd 번호가 늘어 가는 것이 보인다. exit가 닫는다. */
}

int main(int argc, char *argv[])
{
    prog = "protocol_mismatch";
    setvbuf(stdout, NULL, _IOLBF, 0); /* 테스트가 파이프로 읽는다 */
    if (argc > 1) {
        fprintf(argc == 2 && strcmp(argv[1], "-h") == 0 ? stdout : stderr, "usage: protocol_mismatch\n");
        return argc == 2 && strcmp(argv[1], "-h") == 0 ? 0 : 2;
    }
    try_socket(SOCK_STREAM, "SOCK_STREAM", 0, "0");                   /* 기본값: TCP */
    try_socket(SOCK_STREAM, "SOCK_STREAM", IPPROTO_TCP, "IPPROTO_TCP"); /* 적어도 같다 */
    try_socket(SOCK_DGRAM, "SOCK_DGRAM", 0, "0");                     /* 기본값: UDP */
    try_socket(SOCK_DGRAM, "SOCK_DGRAM", IPPROTO_TCP, "IPPROTO_TCP"); /* TCP는 데이터그램이 아니다 */
    try_socket(SOCK_STREAM, "SOCK_STREAM", IPPROTO_UDP, "IPPROTO_UDP"); /* UDP는 스트림이 아니다 */
    try_socket(SOCK_SEQPACKET, "SOCK_SEQPACKET", 0, "0"); /* AF_INET에는 기본 SEQPACKET이 없다 (SCTP만) */
    /* SCTP는 sctp 커널 모듈이 있어야 한다. 없으면 EPROTONOSUPPORT (루트면 모듈을 자동으로 올리기도 한다) */
    try_socket(SOCK_STREAM, "SOCK_STREAM", IPPROTO_SCTP, "IPPROTO_SCTP");
    return 0;
}
