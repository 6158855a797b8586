# The README's commands. `make run` and `make test` install what is missing, build, then act.
BUILD    ?= build
JOBS     ?= 2
PYTHON   := /usr/bin/python3
LISTEN   ?= 127.0.0.1:6820
RUN_ARGS ?=

DEBIAN_PACKAGES := build-essential cmake pkg-config libcpp-httplib-dev nlohmann-json3-dev \
	libboost-dev libssl-dev libyaml-dev libgtest-dev pybind11-dev python3-pybind11 \
	python3-dev python3-pytest python3-yaml curl valgrind libgoogle-perftools-dev

.PHONY: all deps oracle-deps oracle-deps-releases oracle-deps-24.11 oracle-deps-26.05 record-releases record-node-writes record-partition-writes configure build run deb test test-hardening test-cpp test-contract test-python conformance conformance-22.05 conformance-24.11 conformance-26.05 conformance-live record-conformance record-scenario record-versions clean

all: build

deps:
	@scripts/install-deps.sh $(DEBIAN_PACKAGES)

# Debian's real Slurm (slurmctld, slurmd, slurmrestd) for the project's real-daemon launcher.
oracle-deps: deps
	@$(PYTHON) contract_tests/oracle/real_slurmrestd.py install >/dev/null

# Slurm 24.11 (Debian trixie) and 26.05 (forky) in cached debootstrap chroots under
# /var/cache/mock-slurmrestd-oracle, built side by side (about 2.5 minutes fresh, then reused).
oracle-deps-releases:
	@$(MAKE) --no-print-directory -j2 oracle-deps-24.11 oracle-deps-26.05
oracle-deps-24.11 oracle-deps-26.05: oracle-deps-%:
	@$(PYTHON) contract_tests/oracle/real_slurmrestd.py install --slurm-version $*

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# Only the server: tests, fuzz replays and benches are not needed to serve.
run: configure
	@cmake --build $(BUILD) -j $(JOBS) --target mock-slurmrestd
	$(BUILD)/bin/mock-slurmrestd $(RUN_ARGS) $(LISTEN)

# A Debian package of the server, the C++ API and the Python package (for Debian's python3):
# $(BUILD)/mock-slurmrestd_VERSION_ARCH.deb; `dpkg -i` it (docs/install.md).
deb: build
	cd $(BUILD) && cpack -G DEB

# `make test`: the functional suites (C++, contract, Python, conformance against the recorded
# real daemon). `make test-hardening`: what takes longer and finds other kinds of bug (the
# callgrind guard, the soak, the sanitizer builds, the fuzzers, conformance against a live real
# daemon; docs/hardening.md). CI runs both.
test: build oracle-deps oracle-deps-releases
	@$(MAKE) --no-print-directory test-cpp test-python
	@echo "contract suite and conformance run side by side (each against its own mock); each one's output follows when it ends"
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-contract conformance

# The fuzzers (one process, one core), the live conformance run (mostly waiting on
# slurmctld's timers) and the soak (its verdicts are invariants and memory growth, not speed)
# share the wall clock once the fuzz build is done; the sanitizer runs and the callgrind
# guard run alone.
test-hardening: build
	@$(MAKE) --no-print-directory test-callgrind test-asan test-tsan build-fuzz
	@echo "fuzzers, live conformance and the soak run side by side; each one's output follows when it ends"
	@$(MAKE) --no-print-directory -j3 --output-sync=target fuzz-run conformance-live test-soak

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

# Differential conformance (docs/contract-tests.md): the mock answers the conformance requests
# over every loaded API version and is compared with a real daemon's answers recorded in
# contract_tests/conformance/recorded/ (no real Slurm, no fixed ports): 22.05 (under a minute),
# 24.11 and 26.05 (`mock-slurmrestd --slurm-version R`, about 35 s each); with -j they run side
# by side. Reports in $(BUILD)/conformance/report.md and $(BUILD)/conformance-R/report.md. The
# self-test of the comparison (run.py --self-test) runs in the contract suite
# (contract_tests/conformance/test_conformance_selftest.py).
conformance: conformance-22.05 conformance-24.11 conformance-26.05

conformance-22.05: build
	$(PYTHON) contract_tests/conformance/run.py --build $(BUILD)

conformance-24.11 conformance-26.05: conformance-%: build
	$(PYTHON) contract_tests/conformance/run.py --build $(BUILD) --slurm-version $*

# The same against a real slurmrestd started here (root). CONFORMANCE_RELEASE picks it: 22.05
# (the default; ports 6860/6867/17400+, so hold `flock /tmp/oracle-ports.lock` around it; about
# 7 minutes), 24.11 (the launcher's chroot; ports 6980/6987/18300+) or 26.05 (7000/7007/18500+),
# each about 40 s. `record-conformance` also writes the real answers into that release's
# recording (commit it with the change that needed it).
CONFORMANCE_RELEASE ?= 22.05
CONFORMANCE_ORACLE = $(if $(filter 22.05,$(CONFORMANCE_RELEASE)),oracle-deps,oracle-deps-$(CONFORMANCE_RELEASE))

conformance-live: build $(CONFORMANCE_ORACLE)
	$(PYTHON) contract_tests/conformance/run.py --build $(BUILD) --live --slurm-version $(CONFORMANCE_RELEASE)

record-conformance: build $(CONFORMANCE_ORACLE)
	$(PYTHON) contract_tests/conformance/run.py --build $(BUILD) --record --slurm-version $(CONFORMANCE_RELEASE)

# Re-record the blog scenario on a real slurmrestd (started here on ports 6870/6877/17450+ from
# the scenario's cluster fixture; ~2 minutes); the contract suite compares the mock with it.
record-scenario: oracle-deps
	$(PYTHON) contract_tests/scenario/record.py --out fixtures/scenarios/blog_scenario.real.json

# Re-record the real 22.05 daemon's answers on v0.0.36, v0.0.37 and v0.0.38 side by side (root;
# ports 6880/6887/17500+, state in /tmp/rs-2205; about 2.5 minutes, a job has to time out) into
# mock_slurmrestd/tests/data/oracle/22.05/ (docs/oracle-notes/versions-22.05.md).
record-versions: oracle-deps
	$(PYTHON) contract_tests/tools/record_versions.py

# Re-record the real 24.11 and 26.05 answers (every data_parser version, a fixed story; ports
# 6890/6897/17600+; ~5 minutes) into mock_slurmrestd/tests/data/oracle/<release>/.
record-releases: oracle-deps-releases
	$(PYTHON) contract_tests/tools/record_releases.py

# Re-record the node update/delete stories (root; ports 7010/7017/18600+ and 7020/7027/18700+)
# into mock_slurmrestd/tests/data/oracle/<release>/asked/nodes/ (release_node_write_test).
record-node-writes: oracle-deps-releases
	$(PYTHON) contract_tests/tools/record_node_writes.py

# Re-record GET /slurm/v0.0.45/conf of the real 26.05 daemon, one fixture at a time (root;
# ports 7190/7197/20000+; ~30 s) into mock_slurmrestd/tests/data/oracle/26.05/asked/conf/
# (release_26_05_conf_test).
.PHONY: record-conf-26.05
record-conf-26.05: oracle-deps-26.05
	$(PYTHON) contract_tests/tools/record_conf_2605.py
# Re-record the 26.05 partition create/update/delete story and the dynamic-node stories (root;
# ports 7170/7177/19900+ and 7180/7187/19950+; about a minute) into
# mock_slurmrestd/tests/data/oracle/26.05/asked/{partitions,new_nodes,new_nodes_no_max}/.
record-partition-writes: oracle-deps-releases
	$(PYTHON) contract_tests/tools/record_partition_writes.py
# Re-record docs/differences.md R8-R10 (partition kinds, update_time/flags on node and
# partition reads, HEAD/Accept/bad escapes) of both releases (root; ports 7230/7237/20200+ and
# 7240/7247/20250+) into mock_slurmrestd/tests/data/oracle/<release>/asked/partition_kinds/.
.PHONY: record-partition-kinds
record-partition-kinds: oracle-deps-releases
	$(PYTHON) contract_tests/tools/record_partition_kinds.py --slurm-version 24.11 \
		--rest-port 7230 --ctld-port 7237 --node-port-base 20200
	$(PYTHON) contract_tests/tools/record_partition_kinds.py --slurm-version 26.05 \
		--rest-port 7240 --ctld-port 7247 --node-port-base 20250

# Re-record the real 22.05 slurmdb answers (dbv0.0.36-38) with MariaDB + slurmdbd (root; ports
# 6920/6927/6929/3399/17900+; a fresh database per version) into
# mock_slurmrestd/tests/data/oracle/22.05-acct/ (docs/oracle-notes/accounting-22.05.md).
# `make record-accounting [RELEASE=22.05|24.11|26.05]`: the slurmdb answers of every release
# (default all three) into mock_slurmrestd/tests/data/oracle/<release>-acct/ (root; the
# 24.11/26.05 chroots get mariadb-server and slurmdbd on first use). About 5 minutes in all.
ACCT_RELEASES ?= $(if $(RELEASE),$(RELEASE),22.05 24.11 26.05)
.PHONY: record-accounting
record-accounting: oracle-deps
	@for r in $(ACCT_RELEASES); do $(PYTHON) contract_tests/oracle/real_slurmrestd.py install \
		--slurm-version $$r --accounting >/dev/null || exit 1; done
	$(PYTHON) contract_tests/tools/record_accounting.py $(foreach r,$(ACCT_RELEASES),--release $(r))

# ---- Soak (issue 7) ---------------------------------------------------------------------------
# `make soak [SOAK_SECONDS=300] [SOAK_CLIENTS=64]`: the mock on fixtures/clusters/soak with
# `--clock scaled:30`, SOAK_CLIENTS keep-alive clients mixing submit, query, list, update and
# cancel; invariants checked on every answer, RSS sampled every second; fails on any violation
# or on memory that is not flat. Report in $(BUILD)/soak/report.md (docs/hardening.md, "Soak").
# `make test-hardening` runs it for 620 s (test-soak): the shortest run whose memory verdict
# sees a 10 KiB/s leak (a third of the run must add more than the 2 MiB allowed).
SOAK_SECONDS ?= 300
SOAK_CLIENTS ?= 64
SOAK_ARGS    ?=

.PHONY: soak test-soak

soak: build
	$(PYTHON) contract_tests/soak/soak.py --mock-binary $(BUILD)/bin/mock-slurmrestd \
		--clients $(SOAK_CLIENTS) --seconds $(SOAK_SECONDS) --report $(BUILD)/soak/report.md $(SOAK_ARGS)

test-soak:
	@$(MAKE) --no-print-directory soak SOAK_SECONDS=620

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

# ---- Sanitizers (issue 7) --------------------------------------------------------------------
# `make test-asan`: ASan+UBSan build in $(ASAN_BUILD); ctest, the contract suite against that
# build's mock, and the bindings' tests (python3 with libasan preloaded).
# `make test-tsan`: TSan build in $(TSAN_BUILD) of the server and the suites that run on several
# threads (mock_gtest THREADS); their ctest and the contract suite (not the bindings: an
# uninstrumented CPython under a preloaded TSan runtime is not supported).
# Every finding aborts (halt_on_error / -fno-sanitize-recover), so it fails the run.
# See docs/sanitizers.md.
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
SANITIZER_SUPP := $(CURDIR)/scripts/sanitizers
ASAN_ENV := ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	LSAN_OPTIONS=suppressions=$(SANITIZER_SUPP)/lsan.supp:print_suppressions=0
TSAN_ENV := TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$(SANITIZER_SUPP)/tsan.supp
# The real-Slurm launcher tests (contract_tests/oracle) and the conformance self-test run no code
# of the mock: not repeated here.
SAN_CONTRACT = $(PYTHON) -m pytest -q contract_tests --ignore=contract_tests/oracle \
	--ignore=contract_tests/conformance --strict-coverage

.PHONY: test-asan test-tsan build-asan build-tsan

build-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMOCK_SANITIZE=address >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

build-tsan: deps
	@cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMOCK_SANITIZE=thread \
		-DMOCK_BUILD_BINDINGS=OFF >/dev/null
	@cmake --build $(TSAN_BUILD) -j $(JOBS)

test-asan: build-asan
	cd $(ASAN_BUILD) && env $(ASAN_ENV) ctest --output-on-failure -j $(JOBS)
	env $(ASAN_ENV) $(SAN_CONTRACT) --mock-binary $(ASAN_BUILD)/bin/mock-slurmrestd
	# CPython frees little at exit by design: leak checking is off for the interpreter. The
	# ASan runtime must load first, and libstdc++ with it so its exception interceptor works.
	env $(ASAN_ENV) ASAN_OPTIONS=halt_on_error=1:detect_leaks=0 PYTHONMALLOC=malloc \
		LD_PRELOAD="$$($(CXX) -print-file-name=libasan.so) $$($(CXX) -print-file-name=libstdc++.so)" \
		PYTHONPATH=$(ASAN_BUILD)/python $(PYTHON) -m pytest -q -p no:cacheprovider bindings/tests

test-tsan: build-tsan
	cd $(TSAN_BUILD) && env $(TSAN_ENV) ctest --output-on-failure -j $(JOBS)
	env $(TSAN_ENV) $(SAN_CONTRACT) --mock-binary $(TSAN_BUILD)/bin/mock-slurmrestd

# ---- Fuzzing (issue 7) -----------------------------------------------------------------------
# `make fuzz [FUZZ_SECONDS=N]`: libFuzzer (clang-14, ASan+UBSan) on each target in fuzz/ for N
# seconds; any crash fails. Seeds come from fixtures/ (fuzz/make_seeds.py); the corpus grows in
# $(FUZZ_BUILD)/fuzz-corpus. See docs/hardening.md.
FUZZ_BUILD    ?= build-fuzz
FUZZ_SECONDS  ?= 60
FUZZ_TARGETS  := request job_parse slurm_conf hostlist jwt state_file slurm_syntax
FUZZ_PACKAGES := clang-14 libclang-rt-14-dev

.PHONY: fuzz fuzz-run fuzz-deps build-fuzz

fuzz-deps: deps
	@scripts/install-deps.sh $(FUZZ_PACKAGES)

build-fuzz: fuzz-deps
	@cmake -S . -B $(FUZZ_BUILD) -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DMOCK_SANITIZE=fuzzer -DMOCK_BUILD_TESTS=OFF -DMOCK_BUILD_BINDINGS=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))

fuzz: build-fuzz
	@$(MAKE) --no-print-directory fuzz-run

fuzz-run:
	@scripts/run-fuzzers.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf $(BUILD)
