# 유닉스 IPC 튜토리얼: 모든 장(chapter)을 빌드하는 단 하나의 GNU Makefile.
#
#   make              모든 장을 빌드한다 (NN-이름/server, NN-이름/client)
#   make 03-pipe      한 장만 빌드한다
#   make demo         모든 장의 server/client 대화를 차례로 보여 준다 (CH=03-pipe 로 한 장만)
#   make test         빌드한 뒤 Bats 테스트 전체를 돌린다 (CH=03-pipe 로 한 장만)
#   make help         대상과 변수 목록
#
# 장은 폴더 이름(NN-이름/)과 그 안의 server.c 로 찾는다. 새 장은 폴더만 더하면 된다.

CHAPTERS := $(patsubst %/,%,$(sort $(dir $(wildcard [0-9][0-9]-*/server.c))))
PROGRAMS := $(foreach c,$(CHAPTERS),$(c)/server $(c)/client)

# ---- 컴파일 옵션 -------------------------------------------------------------------------
# 교육용 코드일수록 경고를 엄격하게: 그림자 변수, 원형 없는 함수, 위험한 printf 형식까지 잡는다.
CC      ?= cc
CSTD    := -std=c11
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wundef -Wwrite-strings -Wcast-qual
OPT     ?= -O2 -g
CFLAGS  ?=
LDFLAGS ?=
LDLIBS  ?=

ifeq ($(WERROR),1)
  WARN += -Werror
endif

# SAN=1: AddressSanitizer + UndefinedBehaviorSanitizer. 정의되지 않은 동작은 경고가 아니라 실패로.
ifeq ($(SAN),1)
  SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
endif

ALL_CFLAGS  := $(CSTD) $(WARN) $(OPT) $(SANFLAGS) $(CFLAGS)
ALL_LDFLAGS := $(SANFLAGS) $(LDFLAGS)

# 설정(CC, 플래그, SAN, WERROR)이 바뀌면 전부 다시 빌드한다: 지금 설정을 .build-flags 에
# 적어 두고, 내용이 달라졌을 때만 파일을 새로 쓴다. 모든 프로그램이 이 파일에 의존하므로
# SAN=1 로 빌드한 것과 아닌 것이 섞이지 않는다.
BUILD_SIG := $(CC) | $(ALL_CFLAGS) | $(ALL_LDFLAGS) | $(LDLIBS)
ifneq ($(BUILD_SIG),$(file < .build-flags))
  $(file > .build-flags,$(BUILD_SIG))
endif

# ---- 프로그램별 라이브러리 ------------------------------------------------------------------
# 필요한 프로그램에만 붙인다. glibc 2.34 이전과 일부 libc 에서는 mq_*/shm_* 가 librt 에 있다.
05-mqueue/server 05-mqueue/client: LDLIBS += -lrt

# ---- 빌드 규칙 -----------------------------------------------------------------------------
.PHONY: all help test demo trace bench lint musl clean $(CHAPTERS)
.DEFAULT_GOAL := all

all: $(PROGRAMS)

# make 03-pipe: 그 장의 두 프로그램만
$(CHAPTERS): %: %/server %/client

# NN-이름/server ← NN-이름/server.c (+ 그 장의 헤더들). 다른 장의 파일은 절대 쓰지 않는다.
.SECONDEXPANSION:
$(PROGRAMS): %: %.c $$(wildcard $$(@D)/*.h) .build-flags
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LDLIBS)

# ---- 실행 ---------------------------------------------------------------------------------
# CH=03-pipe 처럼 한 장을 고를 수 있다. 없는 장이면 목록을 보여 주고 실패한다.
ifdef CH
  ifeq ($(filter $(CH),$(CHAPTERS)),)
    $(error CH=$(CH): 그런 장이 없습니다. 있는 장: $(CHAPTERS))
  endif
  SELECTED := $(CH)
else
  SELECTED := $(CHAPTERS)
endif

# make test: 테스트 도구(bats)를 찾거나 설치하는 일은 tests/run.sh 가 맡는다.
# FILTER=정규식 으로 이름이 맞는 테스트만, BATS_FLAGS=--tap 처럼 bats 옵션을 더할 수 있다.
# VALGRIND=1 이면 테스트가 띄우는 모든 프로그램을 valgrind(memcheck)로 감싼다.
test: all
	@VALGRIND=$(VALGRIND) tests/run.sh $(if $(CH),tests/$(CH).bats,tests)

# make demo: 각 장의 demo.sh 를 그 장의 폴더에서 실행한다.
demo: all
	@set -e; for ch in $(SELECTED); do \
	  printf '\n===== %s =====\n' "$$ch"; \
	  (cd "$$ch" && ./demo.sh); \
	done

# ---- make trace (보기: 시스템 호출) -----------------------------------------------------------
# make trace CH=03-pipe: 그 장의 demo.sh 를 strace 로 돌려 읽기 쉬운 기록을 보여 준다.
# 무엇을 거를지는 각 장의 trace.filter 에 있다. (이 구역은 tools/trace.sh 와 함께 간다.)
trace: all
	@tools/trace.sh $(CH)

# ---- make bench (부록: 내 기계에서 재 보기) -------------------------------------------------
# bench/ 는 장들과 따로 선다: 장의 코드를 가져다 쓰지 않는다. (이 구역은 bench/ 와 함께 간다.)
# BEGIN bench
# bench/bench ← bench/*.c (+ bench/bench.h). mq_* 와 shm_* 는 오래된 glibc 에서 librt 에, sem_* 는
# libpthread 에 있다 (glibc 2.34 부터는 libc 안에 있어 두 옵션이 아무 일도 하지 않는다).
# make bench             모든 방식을 재고 표를 찍는다 (2코어 기계에서 약 1분)
# make bench QUICK=1     적은 메시지로 몇 초 만에: 모든 방식의 검증만 확인한다 (수치는 거칠다)
# make bench BENCH_ARGS='-m pipe,shm-spin -s 4K,1M --pin=split'   bench/bench 에 옵션을 더한다
BENCH_SRCS := $(wildcard bench/*.c)
BENCH_ARGS ?=
bench/bench: LDLIBS += -lrt -pthread
bench/bench: $(BENCH_SRCS) $(wildcard bench/*.h) .build-flags
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(BENCH_SRCS) $(LDLIBS)

bench: bench/bench
	bench/bench $(if $(filter 1,$(QUICK)),--quick) $(BENCH_ARGS)

# make test 는 tests/bench.bats 도 돌리므로 bench/bench 를 먼저 만든다 (all 에는 넣지 않는다)
test: bench/bench
# END bench

# ---- 검사 (CI 가 돌린다) -------------------------------------------------------------------
C_SOURCES  = $(wildcard [0-9][0-9]-*/*.c bench/*.c)
SH_SOURCES = $(wildcard tests/*.bash tests/*.sh tests/*.bats tools/*.sh [0-9][0-9]-*/demo.sh) .ci/run

# make lint: cppcheck, clang-tidy(.clang-tidy 의 검사), shellcheck. 찾은 것이 하나라도 있으면 실패.
# cppcheck 에서 끈 것: readdirCalled (readdir_r 을 권하지만 glibc 2.24 부터 readdir_r 이 폐기됐고
# man 3 readdir_r 도 readdir 을 쓰라고 한다).
lint:
	cppcheck --quiet --library=posix --error-exitcode=1 --inline-suppr --std=c11 \
	  --enable=warning,style,performance,portability --suppress=readdirCalled $(C_SOURCES)
	@set -e; for f in $(C_SOURCES); do \
	  echo "clang-tidy $$f"; clang-tidy --quiet "$$f" -- -std=c11 -D_FORTIFY_SOURCE=0 2>/dev/null; \
	done
	shellcheck $(SH_SOURCES)

# make musl: 모든 프로그램을 두 번째 libc(musl, Debian 의 musl-tools)로도 경고 없이 빌드해 본다.
# 결과물은 임시 폴더에 두고 지운다 (소스 옆의 glibc 빌드를 건드리지 않는다).
MUSL_CC ?= musl-gcc
musl:
	@set -e; out=$$(mktemp -d); trap 'rm -rf "$$out"' EXIT; \
	for src in $(foreach p,$(PROGRAMS),$(p).c); do \
	  libs=; case $$src in 05-mqueue/*) libs=-lrt;; esac; \
	  echo "$(MUSL_CC) $$src"; \
	  $(MUSL_CC) $(CSTD) $(WARN) -Werror $(OPT) -o "$$out/prog" "$$src" $$libs; \
	done; \
	echo "$(MUSL_CC) bench/*.c"; \
	$(MUSL_CC) $(CSTD) $(WARN) -Werror $(OPT) -o "$$out/bench" $(wildcard bench/*.c) -lrt -pthread

clean:
	rm -f $(PROGRAMS) bench/bench .build-flags

help:
	@echo '대상 (targets):'
	@echo '  make              모든 장 빌드 / build every chapter'
	@echo '  make NN-이름       한 장만 빌드 (예: make 03-pipe)'
	@echo '  make demo         각 장의 server/client 대화 보기 / run every pair'
	@echo '  make test         Bats 테스트 전체 / run the test suite'
	@echo '  make bench        모든 IPC 방식을 이 기계에서 재고 검증 (약 1분) / measure every mechanism'
	@echo '  make trace CH=..  그 장의 대화를 strace 로 보기 / watch the system calls'
	@echo '  make lint         cppcheck, clang-tidy, shellcheck'
	@echo '  make musl         musl libc 로도 빌드되는지 확인'
	@echo '  make clean        빌드 결과 지우기'
	@echo ''
	@echo '변수 (variables):'
	@echo '  CH=03-pipe        demo, test 를 한 장으로 한정'
	@echo '  FILTER=정규식      make test 에서 이름이 맞는 테스트만 실행'
	@echo '  CC=clang          다른 컴파일러 (설정이 바뀌면 전부 다시 빌드)'
	@echo '  WERROR=1          경고를 오류로 (-Werror)'
	@echo '  SAN=1             AddressSanitizer + UBSan 으로 빌드'
	@echo '  VALGRIND=1        make test 에서 모든 프로그램을 valgrind 로 실행'
	@echo '  QUICK=1           make bench 를 몇 초 만에 (모든 방식의 검증, 수치는 거칠다)'
	@echo "  BENCH_ARGS='...'  bench/bench 에 더할 옵션: -m 방식 -s 크기 -r 반복 --pin=same|split|none"
	@echo '                    --format=csv|json ... (전부: bench/bench --help)'
	@echo ''
	@echo '있는 장: $(CHAPTERS)'
