#!/usr/bin/python3
"""Differential conformance runner: the same requests to a real slurmrestd and to the mock.

Starts a real Slurm 22.05.8 slurmrestd (contract_tests/oracle/real_slurmrestd.py) and the mock
from the same slurm.conf, sends both the same request sequences, compares the answers after
normalising what depends on time, host, job ids, ports, and writes BUILD/conformance/report.md.
Differences are "documented" only when an entry of contract_tests/conformance/allowed.json
(each naming a row of docs/differences.md) matches them. Exit 1 when any is undocumented.

Stdlib + PyYAML only; needs root (the real daemons). Never sends the inputs that crash the real
daemon (argv lists, gres, batch_features, gpus*, cpus_per_gpu -1, malformed YAML).
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
CT = os.path.dirname(HERE)
ROOT = os.path.dirname(CT)
sys.path.insert(0, CT)

from allowances import load_allowed  # noqa: E402
from report import log, report  # noqa: E402
from sequence import scenario  # noqa: E402
from sides import Side  # noqa: E402
from support.mock import MockStartError, start_mock  # noqa: E402

LAUNCHER = os.path.join(CT, "oracle", "real_slurmrestd.py")
DEFAULT_CONF = os.path.join(ROOT, "fixtures", "clusters", "parallelcluster", "slurm.conf")


def start_real(a, d):
    cmd = [sys.executable, LAUNCHER, "start", "--conf", a.conf, "--dir", d,
           "--rest-port", str(a.rest_port), "--ctld-port", str(a.ctld_port),
           "--node-port-base", str(a.node_port_base), "--rest-plugins", a.plugins]
    log("starting real daemons: " + " ".join(cmd[1:]))
    subprocess.run(cmd, check=True, timeout=300)
    with open(os.path.join(d, "jwt_hs256.key"), "rb") as f:
        return f"http://127.0.0.1:{a.rest_port}", f.read()


def stop_real(d):
    subprocess.run([sys.executable, LAUNCHER, "stop", "--dir", d], timeout=120)


def start_mock_side(a, outdir):
    binary = a.mock_binary or os.path.join(a.build, "bin", "mock-slurmrestd")
    try:
        return start_mock(binary, args=("-s", a.plugins), conf=a.conf, key_path=os.path.join(outdir, "mock_jwt_hs256.key"),
                          key_bytes=64, stderr=open(os.path.join(outdir, "mock.log"), "wb"))
    except MockStartError as e:
        raise SystemExit(str(e))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--conf", default=DEFAULT_CONF)
    ap.add_argument("--rest-port", type=int, default=6860)
    ap.add_argument("--ctld-port", type=int, default=6867)
    ap.add_argument("--node-port-base", type=int, default=17400)
    ap.add_argument("--user", default="ec2-user")
    # Both sides load the same REST plugins: by default the three a 22.05 slurmrestd loads,
    # which are the mock's default profile too.
    ap.add_argument("--plugins", default="openapi/v0.0.36,openapi/v0.0.37,openapi/v0.0.38",
                    help="slurmrestd -s list given to the real daemon and to the mock")
    ap.add_argument("--mock-binary", help="default: BUILD/bin/mock-slurmrestd")
    ap.add_argument("--compare-only", action="store_true",
                    help="compare the answers of the last run again (after an allowed.json edit)")
    a = ap.parse_args()
    a.build = os.path.abspath(a.build)
    a.conf = os.path.abspath(a.conf)
    outdir = os.path.join(a.build, "conformance")
    os.makedirs(outdir, exist_ok=True)
    real_dir = os.path.join(outdir, "real-slurm")
    entries = load_allowed()

    mock = None
    real_started = False
    sides = []
    if a.compare_only:
        for name in ("real", "mock"):
            sd = Side.__new__(Side)
            sd.name = name
            with open(os.path.join(outdir, f"answers-{name}.json")) as f:
                answers = json.load(f)
            sd.order = [x.pop("case") for x in answers]
            sd.results = dict(zip(sd.order, answers))
            sides.append(sd)
        return report(sides, entries, outdir)
    try:
        real_started = True
        real_url, real_key = start_real(a, real_dir)
        mock = start_mock_side(a, outdir)
        mock_url, mock_key = mock.url, mock.key
        log(f"real {real_url}, mock {mock_url}")
        sides = [Side("real", real_url, real_key, a.user), Side("mock", mock_url, mock_key, a.user)]

        def run(side):
            def rec(case, snap):
                if case in side.results:
                    raise RuntimeError(f"duplicate case id {case}")
                side.results[case] = snap
                side.order.append(case)
            try:
                scenario(side, rec)
            except Exception:  # noqa: BLE001
                side.error = traceback.format_exc()
                log(f"{side.name}: scenario aborted:\n{side.error}")
        t0 = time.monotonic()
        threads = [threading.Thread(target=run, args=(s,)) for s in sides]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        log(f"requests done in {time.monotonic() - t0:.0f}s")
    finally:
        if mock is not None:
            mock.stop(timeout=10)
        if real_started:
            try:
                stop_real(real_dir)
            except Exception as e:  # noqa: BLE001
                log(f"stopping the real daemons failed: {e}")

    for sd in sides:  # the raw answers, for reading a difference at its source
        with open(os.path.join(outdir, f"answers-{sd.name}.json"), "w") as f:
            json.dump([{"case": c, **sd.results[c]} for c in sd.order], f, indent=1)
    return report(sides, entries, outdir)


if __name__ == "__main__":
    sys.exit(main())
