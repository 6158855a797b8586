#!/usr/bin/python3
"""Records a scenario on a real slurmrestd: starts one with the project's launcher from the
scenario's cluster fixture, runs the scenario (run.py), writes the recording, stops the cluster.

  record.py [--scenario fixtures/scenarios/blog_scenario.json] [--out fixtures/scenarios/blog_scenario.real.json]
            [--dir build/scenario/real-slurm] [--rest-port 6870 --ctld-port 6877
            --node-port-base 17450]

Needs root and Debian's Slurm (`make oracle-deps`); takes about two minutes of wall time.
"""

import argparse
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAUNCHER = os.path.join(ROOT, "contract_tests", "oracle", "real_slurmrestd.py")

sys.path.insert(0, HERE)
import run  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default=run.DEFAULT_SCENARIO)
    ap.add_argument("--out", help="recording file (default: the scenario's name + .real.json)")
    ap.add_argument("--dir", default=os.path.join(ROOT, "build", "scenario", "real-slurm"))
    ap.add_argument("--rest-port", type=int, default=6870)
    ap.add_argument("--ctld-port", type=int, default=6877)
    ap.add_argument("--node-port-base", type=int, default=17450)
    a = ap.parse_args(argv)
    scenario = run.load_scenario(a.scenario)
    out = a.out or a.scenario.removesuffix(".json") + ".real.json"
    conf = os.path.join(ROOT, scenario["cluster"])
    # A fresh state dir: job ids from 1 and the CLOUD node powered down, as in the mock.
    shutil.rmtree(a.dir, ignore_errors=True)
    start = [sys.executable, LAUNCHER, "start", "--conf", conf, "--dir", a.dir,
             "--rest-port", str(a.rest_port), "--ctld-port", str(a.ctld_port),
             "--node-port-base", str(a.node_port_base)]
    subprocess.run(start, check=True)
    try:
        version = subprocess.run(["slurmctld", "-V"], capture_output=True,
                                 text=True).stdout.strip()
        how = (f"{version}, Debian packages, one host: contract_tests/scenario/record.py "
               f"(launcher contract_tests/oracle/real_slurmrestd.py from "
               f"{scenario['cluster']}, power saving on; the ResumeProgram starts the "
               f"node's slurmd)")
        return run.main(["--url", f"http://127.0.0.1:{a.rest_port}",
                         "--jwt-key", os.path.join(a.dir, "jwt_hs256.key"),
                         "--slurm-user", scenario.get("user", "ec2-user"),
                         "--scenario", a.scenario, "--out", out, "--recorded-by", how])
    finally:
        subprocess.run([sys.executable, LAUNCHER, "stop", "--dir", a.dir])


if __name__ == "__main__":
    sys.exit(main())
