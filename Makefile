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

clean:
	rm -rf build
