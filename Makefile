# The README's commands. `make run` and `make test` install what is missing, build, then act.
BUILD    ?= build
JOBS     ?= 2
PYTHON   := /usr/bin/python3
LISTEN   ?= 127.0.0.1:6820
RUN_ARGS ?=

DEBIAN_PACKAGES := build-essential cmake pkg-config libcpp-httplib-dev nlohmann-json3-dev \
	libboost-dev libssl-dev libyaml-dev libgtest-dev pybind11-dev python3-pybind11 \
	python3-dev python3-pytest python3-yaml curl

.PHONY: all deps configure build run test test-cpp test-contract clean

all: build

deps:
	@scripts/install-deps.sh $(DEBIAN_PACKAGES)

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/bin/mock-slurmrestd $(RUN_ARGS) $(LISTEN)

test: build
	@$(MAKE) --no-print-directory test-cpp test-contract

test-cpp:
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The contract suite against a mock it starts itself (see docs/contract-tests.md to aim it
# at a real slurmrestd instead).
test-contract:
	$(PYTHON) -m pytest -q contract_tests --mock-binary $(BUILD)/bin/mock-slurmrestd

clean:
	rm -rf $(BUILD)
