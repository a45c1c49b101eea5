# The two set-up commands a new user needs: `make run` and `make test`. Both install the
# Debian packages the project needs (scripts/install-deps.sh, a no-op when all are present)
# and build the release preset first.
PRESET ?= release
BUILD  := build/$(PRESET)
JOBS   ?= $(shell nproc)

.PHONY: all deps build run test test-asan sanitize-build bench fuzz fuzz-run clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET) -j $(JOBS)

# The main job: the honeypot on 127.0.0.1:2323 with the embedded defaults (events in
# var/log/busytrap.json and var/lib/busytrap/); Ctrl-C stops it.
run: build
	$(BUILD)/busytrap serve

# `make test`: the release build and every test, then the sanitizer build (clang: ASan + UBSan
# + LeakSanitizer, preset asan-ubsan) and every test again on it, then each libFuzzer target for
# FUZZ_SMOKE_SECONDS so a regression in hostile-input handling shows. BUSYTRAP_QUICK=1 stops
# after the release tests (for a quick check while developing).
FUZZ_SMOKE_SECONDS ?= 20
test: build
	@ctest --preset $(PRESET) -j $(JOBS)
ifneq ($(BUSYTRAP_QUICK),1)
	@$(MAKE) --no-print-directory test-asan
	@$(MAKE) --no-print-directory -j $(JOBS) fuzz-run FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)
endif

# Every test on the sanitizer build; the integration scripts run the sanitized program, and a
# leak, a memory error or undefined behaviour fails the test that met it.
ASAN_ENV := ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
test-asan: sanitize-build
	@$(ASAN_ENV) ctest --preset asan-ubsan -j $(JOBS)

sanitize-build: deps
	@cmake --preset asan-ubsan >/dev/null
	@cmake --build build/asan-ubsan -j $(JOBS)

bench: build
	@bash bench/run.sh

# Each libFuzzer target fuzz_<name> of fuzz/ runs for FUZZ_SECONDS with its seed corpus
# fuzz/corpus/<name> and dictionary (fuzz/<first word of name>.dict, else fuzz/dictionary.txt),
# two at a time (JOBS); new inputs go to build/asan-ubsan/corpus/<target>, crashes to
# build/asan-ubsan/<target>-crash-*, the log to build/asan-ubsan/fuzz-<target>.log. The targets
# share the sanitizer build of `make test-asan`.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst fuzz/%.cpp,%,$(wildcard fuzz/fuzz_*.cpp))
fuzz: sanitize-build
	@$(MAKE) --no-print-directory -j $(JOBS) fuzz-run

fuzz-run: $(addprefix fuzz-run-,$(FUZZ_TARGETS))

fuzz-run-%:
	@name=$*; name=$${name#fuzz_}; dict=fuzz/dictionary.txt; \
	if [ -f fuzz/$${name%%_*}.dict ]; then dict=fuzz/$${name%%_*}.dict; fi; \
	mkdir -p build/asan-ubsan/corpus/$*; \
	build/asan-ubsan/fuzz/$* -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	  -dict=$$dict -print_final_stats=1 -artifact_prefix=build/asan-ubsan/$*- \
	  build/asan-ubsan/corpus/$* fuzz/corpus/$$name >build/asan-ubsan/fuzz-$*.log 2>&1 \
	  || { tail -n 60 build/asan-ubsan/fuzz-$*.log; echo "$*: FAILED (log: build/asan-ubsan/fuzz-$*.log)"; exit 1; }; \
	echo "$*: $$(grep -oE 'stat::number_of_executed_units: [0-9]+' build/asan-ubsan/fuzz-$*.log | grep -oE '[0-9]+') runs in $(FUZZ_SECONDS) s, $$(grep -oE 'cov: [0-9]+' build/asan-ubsan/fuzz-$*.log | tail -n 1), nothing found"

clean:
	rm -rf build
