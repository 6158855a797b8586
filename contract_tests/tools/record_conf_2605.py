#!/usr/bin/python3
"""Records what a real Slurm 26.05 slurmrestd answers for GET /slurm/v0.0.45/conf, per fixture.

For each fixture cluster: starts the real daemon in its chroot (real_slurmrestd.py, ports from
the arguments), asks /conf as the job user, saves the exchange in record_releases.py's format as
mock_slurmrestd/tests/data/oracle/26.05/asked/conf/<fixture>.json (with "fixture" and the
launcher's "state_dir", so a replay can tell the launcher's paths from the fixture's values),
and stops the daemon. Fixtures that set different keys show how slurmctld normalises them.
  make record-conf-26.05
  record_conf_2605.py --fixtures tiny,soak --rest-port 7190 --ctld-port 7197 --node-port-base 20000
"""

import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import record_releases as rr  # noqa: E402

# Power-saving (CLOUD) fixtures do not run in a release chroot.
FIXTURES = ["parallelcluster", "tiny", "soak", "oracle"]
OUT = os.path.join(rr.OUT, "26.05", "asked", "conf")


def record(fixture, a):
    d = f"/tmp/record-conf-2605-{fixture}"
    conf = os.path.join(rr.ROOT, "fixtures", "clusters", fixture, "slurm.conf")
    rr.launcher("start", "--slurm-version", "26.05", "--conf", conf, "--dir", d,
                "--rest-port", str(a.rest_port), "--ctld-port", str(a.ctld_port),
                "--node-port-base", str(a.node_port_base))
    try:
        token = rr.launcher("token", rr.USER, "--dir", d)
        root = rr.launcher("token", "root", "--dir", d)
        rr.REST_PORT = a.rest_port
        r = rr.Recorder("26.05", "v0.0.45", OUT, token, {}, root)
        x = r.call("GET", "/slurm/v0.0.45/conf")
        doc = {"case": f"conf_{fixture}", "release": "26.05", "api_version": "v0.0.45",
               "fixture": f"fixtures/clusters/{fixture}/slurm.conf", "state_dir": d,
               "rest_port": a.rest_port, "ctld_port": a.ctld_port,
               "node_port_base": a.node_port_base}
        doc.update(x)
        with open(os.path.join(OUT, f"{fixture}.json"), "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        print(f"  {fixture}: {x['answer']['status']}", flush=True)
    finally:
        rr.launcher("stop", "--dir", d)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--fixtures", default=",".join(FIXTURES))
    p.add_argument("--rest-port", type=int, default=7190)
    p.add_argument("--ctld-port", type=int, default=7197)
    p.add_argument("--node-port-base", type=int, default=20000)
    a = p.parse_args()
    os.makedirs(OUT, exist_ok=True)
    for fx in a.fixtures.split(","):
        record(fx, a)


if __name__ == "__main__":
    main()
