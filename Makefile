# The two set-up commands a new user needs: `make run` and `make test`. Both install the
# Debian packages the project needs (scripts/install-deps.sh, a no-op when all are present)
# and build the release preset first.
PRESET ?= release
BUILD  := build/$(PRESET)
JOBS   ?= $(shell nproc)

.PHONY: all deps build run test test-asan bench fuzz clean

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

test: build
	@ctest --preset $(PRESET) -j $(JOBS)

test-asan:
	@$(MAKE) --no-print-directory test PRESET=asan-ubsan

bench: build
	@bash bench/run.sh

# Each libFuzzer target of fuzz/ runs for FUZZ_SECONDS with its seed corpus and dictionary;
# new inputs found go to build/fuzz/corpus/<target>, crashes to build/fuzz/crash-*.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst fuzz/%.cpp,%,$(wildcard fuzz/fuzz_*.cpp))
fuzz: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build build/fuzz -j $(JOBS) --target $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/corpus/$$t; \
	  echo "== $$t ($(FUZZ_SECONDS) s)"; \
	  build/fuzz/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -dict=fuzz/dictionary.txt \
	    -artifact_prefix=build/fuzz/ build/fuzz/corpus/$$t fuzz/corpus/$${t#fuzz_} || exit 1; \
	done

clean:
	rm -rf build
