#!/usr/bin/python3
"""The callgrind regression guard: instruction counts of fixed workloads against a baseline.

  bench/callgrind_guard.py [--build build] [--baseline bench/callgrind_baseline.json]
  bench/callgrind_guard.py --update     # rewrite the baseline (`make bench-baseline`)

Each workload of BUILD/bin/callgrind_workloads runs under `valgrind --tool=callgrind` and its
instructions executed (Ir, counted only inside the workload) are compared with the committed
baseline. The check fails when a count grew by more than the tolerance (10%): a change that
makes the mock slower must come with a rewritten baseline in the same commit, where a reviewer
sees it. Instruction counts do not depend on the machine's load, unlike timings; they do depend
on the compiler and the build type, which the baseline records and the check compares.

It also compares the API versions of the default release with each other: each endpoint
(`callgrind_workloads endpoints`) runs over every version, and no version may spend more than
10% more instructions than the first (v0.0.36) on the same endpoint, beyond what its larger
answer costs: the limit is 1.10 x max(1, the answer's size over v0.0.36's), since copying and
sending bytes costs in proportion to them (v0.0.37's /nodes answer is about a quarter longer
than v0.0.36's). This needs no baseline: both counts come from the same build in the same run.
The 24.11 and 26.05 profiles (v0.0.40-v0.0.45) are left out on purpose; bench/README.md, "The
callgrind guard", says why (`make bench` measures them).
"""

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TOLERANCE = 0.10


def build_facts(build):
    """(build type, compiler id and version) from BUILD/CMakeCache.txt."""
    facts = {"build_type": "?", "compiler": "?"}
    cache = {}
    with open(os.path.join(build, "CMakeCache.txt")) as f:
        for line in f:
            m = re.match(r"^([A-Za-z_]+):[A-Z]+=(.*)$", line.strip())
            if m:
                cache[m.group(1)] = m.group(2)
    facts["build_type"] = cache.get("CMAKE_BUILD_TYPE", "?")
    cxx = cache.get("CMAKE_CXX_COMPILER")
    if cxx:
        out = subprocess.run([cxx, "--version"], capture_output=True, text=True).stdout
        facts["compiler"] = out.splitlines()[0] if out else "?"
    return facts


def count(binary, workload, tmp, with_output=False):
    """Instructions executed by one workload (callgrind's Ir total); workload is a name or the
    argument list of one (["endpoint", NAME, VERSION]). With with_output: (Ir, its stdout)."""
    args = workload if isinstance(workload, list) else [workload]
    workload = ".".join(args)
    out = os.path.join(tmp, f"callgrind.{workload}")
    r = subprocess.run(["valgrind", "--tool=callgrind", "--collect-atstart=no",
                        f"--callgrind-out-file={out}", binary, *args],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"callgrind_guard: workload {workload} failed "
                         f"(exit {r.returncode}):\n{r.stderr[-2000:]}")
    with open(out) as f:
        for line in f:
            m = re.match(r"^(?:summary|totals): (\d+)", line)
            if m:
                return (int(m.group(1)), r.stdout) if with_output else int(m.group(1))
    raise SystemExit(f"callgrind_guard: no instruction total in {out}")


def answer_bytes(output):
    m = re.search(r"^bytes (\d+)$", output, re.M)
    if not m:
        raise SystemExit(f"callgrind_guard: an endpoint workload printed no size: {output!r}")
    return int(m.group(1))


def compare_versions(endpoints, versions, per_version):
    """Prints each endpoint's instructions and answer size per version, with their ratios to
    the first version's; returns the failures (instructions above the limit, see the top)."""
    failures = []
    first = versions[0]
    print(f"\n{'endpoint':12s}" + "".join(f"{v + ' (Ir, bytes)':>40s}" for v in versions))
    for e in endpoints:
        base_ir, base_out = per_version[(e, first)]
        base_bytes = answer_bytes(base_out)
        cells = []
        for v in versions:
            ir, out = per_version[(e, v)]
            ratio, size = ir / base_ir, answer_bytes(out) / base_bytes
            limit = (1 + TOLERANCE) * max(1.0, size)
            cells.append(f"{ir:>13,d} {ratio:5.2f}x {answer_bytes(out):>8,d} {size:5.2f}x")
            if ratio > limit:
                failures.append(f"{e} over {v}: {ratio:.2f}x the instructions of {first} "
                                f"for an answer {size:.2f}x its size (limit {limit:.2f}x)")
        print(f"{e:12s}" + "".join(f"{c:>40s}" for c in cells))
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--baseline", default=os.path.join(HERE, "callgrind_baseline.json"))
    ap.add_argument("--update", action="store_true", help="rewrite the baseline")
    ap.add_argument("--jobs", type=int, default=2, help="workloads run in parallel")
    args = ap.parse_args()

    binary = os.path.join(args.build, "bin", "callgrind_workloads")
    if not os.path.exists(binary):
        raise SystemExit(f"callgrind_guard: {binary} missing (build first)")
    names = subprocess.run([binary, "list"], capture_output=True, text=True,
                           check=True).stdout.split()
    facts = build_facts(args.build)
    endpoints = subprocess.run([binary, "endpoints"], capture_output=True, text=True,
                               check=True).stdout.split()
    versions = subprocess.run([binary, "versions"], capture_output=True, text=True,
                              check=True).stdout.split()
    pairs = [(e, v) for e in endpoints for v in versions]
    with tempfile.TemporaryDirectory(prefix="callgrind-guard-") as tmp:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            counts = dict(zip(names, pool.map(lambda n: count(binary, n, tmp), names)))
            if not args.update:
                per_version = dict(zip(pairs, pool.map(
                    lambda p: count(binary, ["endpoint", *p], tmp, with_output=True), pairs)))

    if args.update:
        doc = dict(facts, tolerance=TOLERANCE, instructions=counts,
                   note="Written by `make bench-baseline` (bench/callgrind_guard.py --update); "
                        "commit it with the change that moved the counts.")
        with open(args.baseline, "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")
        for n, c in counts.items():
            print(f"{n:14s} {c:>15,d} Ir")
        print(f"callgrind_guard: wrote {args.baseline}")
        return 0

    with open(args.baseline) as f:
        base = json.load(f)
    failures = []
    for key in ("build_type", "compiler"):
        if base.get(key) != facts[key]:
            failures.append(f"the baseline was counted with {key} {base.get(key)!r}, this build "
                            f"has {facts[key]!r}: counts are not comparable "
                            "(run `make bench-baseline` for this toolchain)")
    tol = base.get("tolerance", TOLERANCE)
    print(f"{'workload':14s} {'baseline Ir':>15s} {'now Ir':>15s} {'change':>8s}")
    for n in names:
        now, was = counts[n], base["instructions"].get(n)
        if was is None:
            failures.append(f"{n}: not in the baseline (run `make bench-baseline`)")
            print(f"{n:14s} {'-':>15s} {now:>15,d}")
            continue
        change = now / was - 1
        flag = ""
        if change > tol:
            flag = "  SLOWER"
            failures.append(f"{n}: {now:,d} instructions, {change:+.1%} over the baseline "
                            f"{was:,d} (limit +{tol:.0%})")
        elif change < -tol:
            flag = "  faster: `make bench-baseline` to lock it in"
        print(f"{n:14s} {was:>15,d} {now:>15,d} {change:>+8.1%}{flag}")
    for n in base["instructions"]:
        if n not in counts:
            failures.append(f"{n}: in the baseline but no longer a workload")
    failures += compare_versions(endpoints, versions, per_version)
    print("callgrind_guard: versions compared: the default release's (the 24.11 and 26.05 "
          "profiles are left out: bench/README.md)")
    if failures:
        print("callgrind_guard: FAILED\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    print("callgrind_guard: every workload within "
          f"+{tol:.0%} of bench/callgrind_baseline.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
