# The two set-up commands a new user needs: `make run` and `make test`. Both install the
# Debian packages the project needs (scripts/install-deps.sh, a no-op when all are present)
# and build the release preset first.
PRESET ?= release
BUILD  := build/$(PRESET)
JOBS   ?= $(shell nproc)

.PHONY: all deps build run test test-asan bench clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET) -j $(JOBS)

# Until the honeypot exists, the main job is the analyzer on the bundled real Cowrie sample.
run: build
	$(BUILD)/busytrap analyze --paper data/sample/honeylist-cowrie-2019-07-08.json

test: build
	@ctest --preset $(PRESET) -j $(JOBS)

test-asan:
	@$(MAKE) --no-print-directory test PRESET=asan-ubsan

bench: build
	@bash bench/run.sh

clean:
	rm -rf build
