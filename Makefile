# 유닉스 IPC 튜토리얼: 모든 장(chapter)을 빌드하는 단 하나의 GNU Makefile.
#
#   make              모든 장을 빌드한다 (NN-이름/server, NN-이름/client, NN-이름/experiments/*)
#   make 03-pipe      한 장만 빌드한다
#   make demo         모든 장의 server/client 대화를 차례로 보여 준다 (CH=03-pipe 로 한 장만)
#   make test         빌드한 뒤 Bats 테스트 전체를 돌린다 (CH=03-pipe 로 한 장만)
#   make mutants      장마다 코드를 일부러 고장 내 보고 테스트가 잡는지 본다 (CH=03-pipe 로 한 장만)
#   make help         대상과 변수 목록
#
# 장은 폴더 이름(NN-이름/)과 그 안의 server.c 로 찾는다. 새 장은 폴더만 더하면 된다.
# 실험 프로그램은 NN-이름/experiments/*.c 하나가 실행 파일 하나다 (소스 옆에 생긴다).

CHAPTERS    := $(patsubst %/,%,$(sort $(dir $(wildcard [0-9][0-9]-*/server.c))))
PAIRS       := $(foreach c,$(CHAPTERS),$(c)/server $(c)/client)
EXPERIMENTS := $(patsubst %.c,%,$(sort $(wildcard $(addsuffix /experiments/*.c,$(CHAPTERS)))))
PROGRAMS    := $(PAIRS) $(EXPERIMENTS)
# chapter_of,03-pipe/experiments/x → 03-pipe
chapter_of = $(firstword $(subst /, ,$(1)))

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

# ---- 장별 라이브러리 ----------------------------------------------------------------------
# 그 장의 프로그램(실험 포함)에만 붙인다. glibc 2.34 이전과 일부 libc 에서는 mq_*, shm_* 가 librt 에,
# sem_* 가 libpthread 에 있다 (2.34 부터는 libc 안에 있어 붙여도 아무 일도 하지 않는다).
# 각 장의 NOTES.md 와 server.c 머리말이 폴더만 복사했을 때의 빌드 명령에 같은 옵션을 적는다.
LIBS_05-mqueue := -lrt
LIBS_06-shm    := -lrt -pthread
LIBS_07-mmap   := -pthread

# ---- 빌드 규칙 -----------------------------------------------------------------------------
.PHONY: exercises exercise grade exercises-selftest all help test test-tools demo trace bench lint musl clean mutants coverage compile_commands.json $(CHAPTERS)
.DEFAULT_GOAL := all

all: $(PROGRAMS)

# make 03-pipe: 그 장의 두 프로그램만
$(foreach c,$(CHAPTERS),$(eval $(c): $(filter $(c)/%,$(PROGRAMS))))
.SECONDEXPANSION:

# NN-이름/server ← NN-이름/server.c (+ 그 장의 헤더들). 실험도 같다: NN-이름/experiments/x ←
# x.c (+ 장의 헤더, experiments/ 의 헤더). 다른 장의 파일은 절대 쓰지 않는다.
$(PROGRAMS): %: %.c $$(wildcard $$(call chapter_of,$$@)/*.h $$(@D)/*.h) .build-flags
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LDLIBS) $(LIBS_$(call chapter_of,$@))

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
# 테스트 도구가 없으면 빌드하기 전에 먼저 알린다 (test-tools 가 all 보다 앞에 있다).
test: test-tools all
	@VALGRIND=$(VALGRIND) tests/run.sh $(if $(CH),tests/$(CH).bats,tests)

test-tools:
	@tests/run.sh --check

# make mutants CH=03-pipe: tests/mutants/03-pipe.txt 의 돌연변이(코드 한 곳을 일부러 고친 것)를
# 하나씩 임시 복사본에 적용해, 그 줄이 이름 댄 테스트가 실패하는지(돌연변이를 잡는지) 본다.
# CH 가 없으면 모든 장. 살아남은 돌연변이가 하나라도 있으면 실패한다. 형식은 tools/mutants.sh 머리말.
mutants: all
	@tools/mutants.sh $(SELECTED)

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
# make bench             모든 방식을 재고 표를 찍는다 (2코어 컴퓨터에서 약 1분)
# make bench QUICK=1     몇 초 만에: 모든 방식이 모든 바이트를 제대로 나르는지만 확인한다 (수치는 찍지 않는다)
# make bench PLOT=1      표와 함께 그림도: CSV 를 $(BENCH_OUT)/bench.csv 에 쓰고 gnuplot 으로 bench/plot.gp 를
#                        돌려 latency.svg/png, throughput.svg/png 를 만든다. gnuplot 이 없으면 설치 방법을 알린다
# make bench BENCH_ARGS='-m pipe,shm-spin -s 4K,1M --pin=split'   bench/bench 에 옵션을 더한다
# BENCH_OUT=디렉터리 (기본 bench-out, git 이 무시한다), GNUPLOT=명령 (기본 gnuplot)
BENCH_SRCS := $(wildcard bench/*.c)
BENCH_ARGS ?=
BENCH_OUT  ?= bench-out
GNUPLOT    ?= gnuplot
bench/bench: LDLIBS += -lrt -pthread
bench/bench: $(BENCH_SRCS) $(wildcard bench/*.h) .build-flags
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(BENCH_SRCS) $(LDLIBS)

ifeq ($(PLOT)$(QUICK),11)
bench: bench/bench
	@echo "bench: QUICK=1 checks and prints no figures, so PLOT=1 has nothing to draw (a short drawn run: PLOT=1 BENCH_ARGS='-n 300')" >&2
	bench/bench --quick $(BENCH_ARGS)
else ifeq ($(PLOT),1)
bench: bench/bench
	@mkdir -p '$(BENCH_OUT)'
	bench/bench --csv='$(BENCH_OUT)/bench.csv' $(BENCH_ARGS)
	@if command -v '$(GNUPLOT)' >/dev/null 2>&1; then \
	  '$(GNUPLOT)' -e "csv='$(BENCH_OUT)/bench.csv'; out='$(BENCH_OUT)'" bench/plot.gp && \
	  echo 'bench: pictures: $(BENCH_OUT)/latency.svg $(BENCH_OUT)/latency.png $(BENCH_OUT)/throughput.svg $(BENCH_OUT)/throughput.png'; \
	else \
	  echo 'bench: PLOT=1 draws with gnuplot, which is not installed here; the tables above and $(BENCH_OUT)/bench.csv are all there is.' >&2; \
	  echo 'bench: install it (Debian/Ubuntu: sudo apt-get install gnuplot-nox), then run make bench PLOT=1 again.' >&2; \
	fi
else
bench: bench/bench
	bench/bench $(if $(filter 1,$(QUICK)),--quick) $(BENCH_ARGS)
endif

# make test 는 tests/bench.bats 도 돌리므로 bench/bench 를 먼저 만든다 (all 에는 넣지 않는다)
test: bench/bench
# END bench

# ---- 검사 (CI 가 돌린다) -------------------------------------------------------------------
C_SOURCES  = $(wildcard [0-9][0-9]-*/*.c [0-9][0-9]-*/experiments/*.c bench/*.c)
SH_SOURCES = $(wildcard tests/*.bash tests/*.sh tests/*.bats tools/*.sh [0-9][0-9]-*/demo.sh \
               [0-9][0-9]-*/exercises/*/check.bats) .ci/run
# 모범 답안: 고친 파일만 있으므로 나머지(common.h 같은 것)는 연습 폴더에서 찾는다. 시작 코드는 검사하지 않는다:
# 빈칸 채우기의 자리표시(x = -1; errno = ENOSYS;)는 일부러 쓸모없는 코드다.
SOLUTION_DIRS = $(patsubst %/,%,$(sort $(dir $(wildcard solutions/[0-9][0-9]-*/*/*.c))))

# make lint: cppcheck, clang-tidy(.clang-tidy 의 검사), shellcheck. 찾은 것이 하나라도 있으면 실패.
# cppcheck 에서 끈 것: readdirCalled (readdir_r 을 권하지만 glibc 2.24 부터 readdir_r 이 폐기됐고
# man 3 readdir_r 도 readdir 을 쓰라고 한다).
lint:
	cppcheck --quiet --library=posix --error-exitcode=1 --inline-suppr --std=c11 \
	  --enable=warning,style,performance,portability --suppress=readdirCalled $(C_SOURCES)
	@set -e; for f in $(C_SOURCES); do \
	  echo "clang-tidy $$f"; clang-tidy --quiet "$$f" -- -std=c11 -D_FORTIFY_SOURCE=0 2>/dev/null; \
	done
	@set -e; for d in $(SOLUTION_DIRS); do \
	  ex=$${d#solutions/}; inc=$${ex%%/*}/exercises/$${ex#*/}; \
	  echo "cppcheck, clang-tidy $$d"; \
	  cppcheck --quiet --library=posix --error-exitcode=1 --inline-suppr --std=c11 \
	    --enable=warning,style,performance,portability --suppress=readdirCalled -I "$$inc" $$d/*.c; \
	  for f in $$d/*.c; do clang-tidy --quiet "$$f" -- -std=c11 -D_FORTIFY_SOURCE=0 -I "$$inc" 2>/dev/null; done; \
	done
	shellcheck $(SH_SOURCES)

# make musl: 모든 프로그램을 두 번째 libc(musl, Debian 의 musl-tools)로도 경고 없이 빌드해 본다.
# 결과물은 임시 폴더에 두고 지운다 (소스 옆의 glibc 빌드를 건드리지 않는다).
MUSL_CC ?= musl-gcc
musl:
	@set -e; out=$$(mktemp -d); trap 'rm -rf "$$out"' EXIT; \
	$(foreach p,$(PROGRAMS),echo "$(MUSL_CC) $(p).c"; \
	  $(MUSL_CC) $(CSTD) $(WARN) -Werror $(OPT) -o "$$out/prog" $(p).c $(LIBS_$(call chapter_of,$(p)));) \
	echo "$(MUSL_CC) bench/*.c"; \
	$(MUSL_CC) $(CSTD) $(WARN) -Werror $(OPT) -o "$$out/bench" $(wildcard bench/*.c) -lrt -pthread

# ---- 연습문제 (NN-이름/exercises/N-이름/, 채점기는 check.bats; tools/exercise.sh 머리말) -----------------
# make exercises                          모든 연습문제의 목록
# make exercise EX=03-pipe/1              그 폴더의 코드(학생이 고친 것)를 빌드하고 채점한다. DIR=폴더 를 주면 그 답을
# make grade EX=03-pipe/1 CLASS=폴더      CLASS/학생/ 마다 채점해 표와 CSV(CSV=파일, 기본 grades-03-pipe-1-*.csv)
# make exercises-selftest                 채점기가 시작 코드에는 실패하고 모범 답안(solutions/)에는 통과하는가
EX_ENV = CC='$(CC)' $(foreach c,$(CHAPTERS),EX_LIBS_$(subst -,_,$(c))='$(LIBS_$(c))')
exercises:
	@tools/exercise.sh list
exercise: test-tools
	@test -n "$(EX)" || { echo 'usage: make exercise EX=03-pipe/1 [DIR=내 답 폴더]  (목록: make exercises)' >&2; exit 2; }
	@$(EX_ENV) tools/exercise.sh check $(EX) $(DIR)
grade: test-tools
	@test -n "$(EX)" -a -n "$(CLASS)" || { echo 'usage: make grade EX=03-pipe/1 CLASS=학생별-폴더 [CSV=결과.csv]' >&2; exit 2; }
	@$(EX_ENV) tools/exercise.sh grade $(EX) $(CLASS) $(CSV)
exercises-selftest: test-tools
	@$(EX_ENV) tools/exercise.sh selftest

# ---- make coverage, compile_commands.json --------------------------------------------------
# make coverage: 복사본을 --coverage 로 빌드해 테스트를 돌리고, 프로그램마다 줄·갈래 비율을 찍는다
# (gcovr 필요). 목표는 모든 장의 server.c, client.c 가 줄의 85 % 이상. HTML 보고서는 coverage/ 에.
coverage:
	@tools/coverage.sh $(CH)

# make compile_commands.json: clangd 같은 편집기가 장마다 같은 플래그로 코드를 읽도록 (git 이 무시한다).
# bear 없이 make 가 직접 쓴다: 프로그램 하나가 항목 하나.
compile_commands.json:
	@{ echo '['; \
	  $(foreach p,$(PROGRAMS),printf '  {"directory": "%s", "file": "%s", "command": "%s"},\n' \
	    '$(CURDIR)' '$(p).c' '$(CC) $(ALL_CFLAGS) -o $(p) $(p).c $(LIBS_$(call chapter_of,$(p)))';) \
	  $(foreach c,$(BENCH_SRCS),printf '  {"directory": "%s", "file": "%s", "command": "%s"},\n' \
	    '$(CURDIR)' '$(c)' '$(CC) $(ALL_CFLAGS) -c $(c)';) \
	} | sed '$$ s/},$$/}/' >$@.tmp && echo ']' >>$@.tmp && mv $@.tmp $@
	@echo "compile_commands.json: $(words $(PROGRAMS) $(BENCH_SRCS)) entries"

clean:
	rm -f $(PROGRAMS) bench/bench .build-flags compile_commands.json
	find . -name '*.gcno' -o -name '*.gcda' | xargs rm -f
	rm -rf coverage

# make help: 첫 칸은 ASCII 만 쓴다 (한글은 터미널에서 두 칸을 차지해 printf 의 폭 맞추기가 어긋난다).
help:
	@printf '%s\n' '대상 (targets):'
	@printf '  %-28s %s\n' \
	  'make' '모든 장 빌드 (server, client, experiments/*)' \
	  'make NN-name' '한 장만 빌드 (예: make 03-pipe)' \
	  'make demo' '각 장의 server/client 대화 보기' \
	  'make test' 'Bats 테스트 전체' \
	  'make mutants' '코드를 일부러 고장 내 보고 테스트가 잡는지 확인 (장마다 K of N)' \
	  'make bench' '모든 IPC 방식을 이 컴퓨터에서 재고 검증 (약 1분)' \
	  'make trace CH=..' '그 장의 대화를 strace 로 보기' \
	  'make exercises' '연습문제 목록 (스스로 채점한다)' \
	  'make exercise EX=03-pipe/1' '연습문제 하나를 빌드하고 채점 (DIR=내 답 폴더)' \
	  'make grade EX=.. CLASS=..' '강사용: 학생마다 채점해 표와 CSV' \
	  'make exercises-selftest' '채점기 검사: 시작 코드는 실패, 모범 답안은 통과' \
	  'make lint' 'cppcheck, clang-tidy, shellcheck' \
	  'make musl' 'musl libc 로도 빌드되는지 확인' \
	  'make coverage' '테스트가 지나간 줄·갈래의 비율 (gcovr; 보고서는 coverage/)' \
	  'make compile_commands.json' '편집기(clangd)가 읽을 빌드 명령' \
	  'make clean' '빌드 결과 지우기'
	@printf '\n%s\n' '변수 (variables):'
	@printf '  %-28s %s\n' \
	  'CH=03-pipe' 'demo, test, mutants 를 한 장으로 한정' \
	  'FILTER=regex' 'make test 에서 이름이 정규식에 맞는 테스트만' \
	  'CC=clang' '다른 컴파일러 (설정이 바뀌면 전부 다시 빌드)' \
	  'WERROR=1' '경고를 오류로 (-Werror)' \
	  'SAN=1' 'AddressSanitizer + UBSan 으로 빌드' \
	  'VALGRIND=1' 'make test 에서 모든 프로그램을 valgrind 로 실행' \
	  'QUICK=1' 'make bench 를 몇 초 만에 (검증만)' \
	  'PLOT=1' 'make bench 에 그림도 (gnuplot: bench-out/ 에 SVG, PNG)' \
	  "BENCH_ARGS='...'" 'bench/bench 에 더할 옵션 (전부: bench/bench --help)'
	@printf '\n%s\n' '장과 실험 프로그램 (chapters and their experiments):'
	@$(foreach c,$(CHAPTERS),printf '  %-28s %s\n' '$(c)' 'server client'; \
	  $(foreach e,$(filter $(c)/experiments/%,$(EXPERIMENTS)),printf '  %-28s %s\n' '' '$(patsubst $(c)/%,%,$(e))';))
