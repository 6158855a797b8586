#!/bin/bash
# Runs each libFuzzer target of a `MOCK_SANITIZE=fuzzer` build for SECONDS; fails on any crash.
# Usage: run-fuzzers.sh BUILD_DIR SECONDS TARGET...
# The corpus of each target grows in BUILD_DIR/fuzz-corpus/<target> from run to run (seeded from
# BUILD_DIR/fuzz-seeds/<target>); crash inputs land in BUILD_DIR/fuzz-artifacts/<target>/.
set -uo pipefail
build=$1 seconds=$2
shift 2
status=0
for t in "$@"; do
  bin=$build/bin/fuzz_$t
  corpus=$build/fuzz-corpus/$t
  artifacts=$build/fuzz-artifacts/$t
  mkdir -p "$corpus" "$artifacts"
  log=$build/fuzz-$t.log
  "$bin" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" "$build/fuzz-seeds/$t" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  echo "fuzz $t: ${seconds}s, ${runs:-?} runs, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l), exit $rc"
  if [ $rc -ne 0 ]; then
    status=1
    echo "fuzz $t FAILED; last lines of $log:" >&2
    tail -40 "$log" >&2
    echo "Reproduce: $bin $artifacts/<crash-file>; keep it as fuzz/regressions/$t/<name>." >&2
  fi
done
exit $status
