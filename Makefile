# The README's commands. `make run` and `make test` install what is missing, build, then act.
BUILD    ?= build
JOBS     ?= 2
PYTHON   := /usr/bin/python3
LISTEN   ?= 127.0.0.1:6820
RUN_ARGS ?=

DEBIAN_PACKAGES := build-essential cmake pkg-config libcpp-httplib-dev nlohmann-json3-dev \
	libboost-dev libssl-dev libyaml-dev libgtest-dev pybind11-dev python3-pybind11 \
	python3-dev python3-pytest python3-yaml curl valgrind

.PHONY: all deps oracle-deps configure build run test test-cpp test-contract test-python conformance record-scenario clean

all: build

deps:
	@scripts/install-deps.sh $(DEBIAN_PACKAGES)

# Debian's real Slurm (slurmctld, slurmd, slurmrestd) for the project's real-daemon launcher.
oracle-deps: deps
	@$(PYTHON) contract_tests/oracle/real_slurmrestd.py install >/dev/null

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/bin/mock-slurmrestd $(RUN_ARGS) $(LISTEN)

test: build oracle-deps
	@$(MAKE) --no-print-directory test-cpp test-contract test-python conformance test-callgrind

test-cpp:
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The contract suite against a mock it starts itself (see docs/contract-tests.md to aim it
# at a real slurmrestd instead).
test-contract:
	$(PYTHON) -m pytest -q contract_tests --strict-coverage --mock-binary $(BUILD)/bin/mock-slurmrestd

# The Python bindings' scenario tests (bindings/tests) with Debian's python3; a build dir
# configured before the bindings were on by default gets them switched on here.
test-python:
	@grep -qs '^MOCK_BUILD_BINDINGS:BOOL=ON' $(BUILD)/CMakeCache.txt || \
		cmake -S . -B $(BUILD) -DMOCK_BUILD_BINDINGS=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target mock_slurmrestd_py
	PYTHONPATH=$(BUILD)/python $(PYTHON) -m pytest -q bindings/tests

# Differential conformance: the same requests to a real slurmrestd (started here on ports
# 6860/6867/17400+) and to the mock; report in $(BUILD)/conformance/report.md.
conformance: build oracle-deps
	$(PYTHON) contract_tests/conformance/run.py --build $(BUILD)

# Re-record issue 4's scenario on a real slurmrestd (started here on ports 6870/6877/17450+ from
# the scenario's cluster fixture; ~2 minutes); the contract suite compares the mock with it.
record-scenario: oracle-deps
	$(PYTHON) contract_tests/scenario/record.py --out fixtures/scenarios/issue4.real.json

# ---- Performance (issue 6): `make bench`, the callgrind guard, the older scale benches ----
# `make bench`: a Release build in its own dir, then the mock, a real slurmrestd (project
# launcher, ports below) and an nginx ceiling driven by wrk; prints and writes
# bench/results.md. BENCH_DURATION / BENCH_REAL_DURATION: seconds per wrk run.
BENCH_BUILD    ?= build-release
BENCH_PACKAGES := wrk nginx
BENCH_ARGS     ?=

.PHONY: bench bench-build bench-sim bench-scale bench-baseline test-callgrind

bench-build: deps
	@scripts/install-deps.sh $(BENCH_PACKAGES)
	@cmake -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release -DMOCK_BUILD_TESTS=OFF \
		-DMOCK_BUILD_BINDINGS=OFF >/dev/null
	@cmake --build $(BENCH_BUILD) -j $(JOBS) --target mock-slurmrestd

bench: bench-build oracle-deps
	$(PYTHON) bench/http_bench.py --build $(BENCH_BUILD) $(BENCH_ARGS)

# The in-process scale benchmarks (GET /jobs with 10,000 jobs; 100,000 jobs through the
# simulator); figures in bench/README.md.
bench-scale: build
	$(BUILD)/bin/jobs_list_bench 10000 20
	$(BUILD)/bin/sim_scale_bench 100000 1000

# Google Benchmark: the simulator (1,000,000 jobs on 10,000 nodes, memory per queued job),
# rendering 10,000 jobs, hostlists, a 10,000-node slurm.conf; Release build.
bench-sim: bench-build
	@scripts/install-deps.sh libbenchmark-dev
	@cmake -S . -B $(BENCH_BUILD) >/dev/null
	@cmake --build $(BENCH_BUILD) -j $(JOBS) --target sim_benchmarks
	$(BENCH_BUILD)/bin/sim_benchmarks

# Instruction counts of fixed workloads (callgrind) against bench/callgrind_baseline.json:
# fails when one grew by more than 10%. `make bench-baseline` rewrites the baseline (commit it
# with the change that moved the counts).
test-callgrind:
	$(PYTHON) bench/callgrind_guard.py --build $(BUILD)

bench-baseline: build
	$(PYTHON) bench/callgrind_guard.py --build $(BUILD) --update

clean:
	rm -rf $(BUILD)
