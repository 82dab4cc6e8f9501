# vouch — `make run` sets everything up and scans the bundled example;
# `make test` sets everything up and runs every test suite (then again under
# address and undefined-behaviour sanitizers). Both are idempotent.

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
EXAMPLE    ?= fixtures/example

DEBIAN_PACKAGES := build-essential cmake pkg-config git \
                   libyaml-cpp-dev nlohmann-json3-dev libre2-dev libcli11-dev catch2
# Only the tests need these: pre-commit for the hook test, time for the benchmark,
# xmllint (libxml2-utils) to check the JUnit output.
TEST_PACKAGES   := pre-commit time libxml2-utils

.PHONY: setup deps install-packages grammars test-tools configure build run test test-fast test-asan bench docs clean

setup: deps grammars

# Installs only what is missing, so a second run touches nothing.
# npm is looked for as a command: a machine may have Node.js from elsewhere, and
# Debian's npm package would conflict with it.
deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEBIAN_PACKAGES)"
	@command -v npm >/dev/null 2>&1 || $(MAKE) --no-print-directory install-packages PACKAGES="nodejs npm"

install-packages:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" -ne 0 ]; then echo "run as root (or install:$$missing)"; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# tree-sitter runtime and HCL grammar, pinned by grammars/package-lock.json.
grammars: grammars/node_modules/.package-lock.json
grammars/node_modules/.package-lock.json: grammars/package.json grammars/package-lock.json
	cd grammars && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# Test-only npm tools (SARIF Multitool, Ajv), pinned by tools/sarif/package-lock.json.
# --ignore-scripts skips the package's chmod, so the binary's mode is set here.
test-tools: tools/sarif/node_modules/.package-lock.json
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(TEST_PACKAGES)"
tools/sarif/node_modules/.package-lock.json: tools/sarif/package.json tools/sarif/package-lock.json
	cd tools/sarif && npm ci --ignore-scripts --no-audit --no-fund
	chmod +x tools/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
	@touch $@

configure: setup
	@[ -f $(BUILD)/CMakeCache.txt ] || cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: configure
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@status=0; ./$(BUILD)/vouch scan $(EXAMPLE) || status=$$?; \
	[ $$status -le 1 ] || { echo "vouch exited with $$status"; exit $$status; }

test: test-fast test-asan

test-fast: build test-tools
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The same suites built with -fsanitize=address,undefined.
test-asan: setup test-tools
	@[ -f $(ASAN_BUILD)/CMakeCache.txt ] || cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DVOUCH_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

bench: build
	./scripts/bench.sh $(BUILD)/vouch

# Regenerates docs/rules/ from the rule files and their fixtures.
docs: build
	./$(BUILD)/vouch rules docs --output docs/rules

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
