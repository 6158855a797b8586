#!/usr/bin/python3
"""Captures the key sets and JSON value types of v0.0.36 objects from a REAL slurmrestd.

Run once against the oracle; writes contract_tests/expected/<object>.json, which the
contract suite then enforces against any target. Submits a few short jobs of its own
(held, array, quick, failing) so the job samples cover pending/running/finished states.

  /usr/bin/python3 contract_tests/tools/capture_shapes.py --url http://127.0.0.1:6820 \
      --slurm-user ec2-user --slurm-jwt "$TOKEN"
"""

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from client import Client  # noqa: E402
from helpers import json_type  # noqa: E402


def merge_shape(samples):
    """Ordered key list (from the first sample) with the union of observed types."""
    keys = {}
    order = list(samples[0].keys())
    for s in samples:
        if set(s.keys()) != set(order):
            raise SystemExit(f"inconsistent key sets across samples: {set(s) ^ set(order)}")
        for k, v in s.items():
            keys.setdefault(k, set()).add(json_type(v))
    return {k: sorted(keys[k]) for k in order}


def write(out_dir, name, samples, source, note=""):
    doc = {"object": name, "captured_from": source, "samples": len(samples),
           "note": note, "keys": merge_shape(samples)}
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"{name}: {len(doc['keys'])} keys from {len(samples)} samples")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default=os.environ.get("SLURM_URL", "http://127.0.0.1:6820"))
    ap.add_argument("--slurm-user", default=os.environ.get("SLURM_USER", "ec2-user"))
    ap.add_argument("--slurm-jwt", default=os.environ.get("SLURM_JWT"))
    ap.add_argument("--out", default=os.path.join(os.path.dirname(HERE), "expected"))
    a = ap.parse_args()
    if not a.slurm_jwt:
        raise SystemExit("need --slurm-jwt or SLURM_JWT")
    c = Client(a.url, a.slurm_user, a.slurm_jwt)
    os.makedirs(a.out, exist_ok=True)
    env = {"PATH": "/bin:/usr/bin"}
    base = {"current_working_directory": "/tmp", "environment": env}

    submit_samples = []
    ids = []
    for job, script in [
            (dict(base, name="shape-held", hold=True), "#!/bin/bash\nsleep 30"),
            (dict(base, name="shape-array", array="1-3"), "#!/bin/bash\nsleep 1"),
            (dict(base, name="shape-quick"), "#!/bin/bash\nsleep 1"),
            (dict(base, name="shape-fail"), "#!/bin/bash\nexit 3"),
            (dict(base, name="shape-run", time_limit=2), "#!/bin/bash\nsleep 20"),
            (dict(base, name="shape-held-array", array="1-3", hold=True), "#!/bin/bash\ntrue"),
            (dict(base, name="shape-pd-cancel", hold=True), "#!/bin/bash\ntrue")]:
        r, jid = c.submit(job, script)
        if r.status != 200 or jid is None:  # (a held job's submit carries error 2042)
            raise SystemExit(f"submit failed: {r}")
        submit_samples.append({k: v for k, v in r.json().items() if k not in ("meta", "errors")})
        ids.append(jid)
    held, array, quick, fail, run, held_array, pd_cancel = ids
    c.cancel_quietly(pd_cancel)  # cancelled while pending: cpus/tasks become null
    try:
        c.wait_job(quick, lambda j: j["job_state"] == "COMPLETED", 60)
        c.wait_job(fail, lambda j: j["job_state"] == "FAILED", 60)
        c.wait_job(run, lambda j: j["job_state"] == "RUNNING", 60)
        time.sleep(3)
        jobs = []
        for jid in ids:
            jobs.extend(c.jobs_of(jid))
        jobs.extend(c.api("GET", "/jobs").json()["jobs"])
    finally:
        for jid in (held, run, held_array):
            c.cancel_quietly(jid)

    src = a.url
    write(a.out, "job", jobs, src, "GET /jobs and /job/{id}; pending(held), running, "
          "completed, failed and array jobs")
    write(a.out, "job_resources", [j["job_resources"] for j in jobs if j["job_resources"]],
          src, "job.job_resources of jobs that got resources")
    nodes = c.api("GET", "/nodes").json()["nodes"]
    write(a.out, "node", nodes, src, "GET /nodes")
    parts = c.api("GET", "/partitions").json()["partitions"]
    write(a.out, "partition", parts, src, "GET /partitions")
    write(a.out, "diag", [c.api("GET", "/diag").json()["statistics"]], src, "GET /diag statistics")
    pings = c.api("GET", "/ping").json()
    write(a.out, "ping", pings["pings"], src, "GET /ping pings[]")
    write(a.out, "meta", [pings["meta"]], src, "top-level meta of every JSON response")
    write(a.out, "submit_response", submit_samples, src,
          "POST /job/submit body minus meta/errors")
    meta = pings["meta"]
    with open(os.path.join(a.out, "meta_values.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    print("meta values:", json.dumps(meta))


if __name__ == "__main__":
    main()
