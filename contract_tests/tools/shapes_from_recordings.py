#!/usr/bin/python3
"""Writes contract_tests/expected/<version>/<object>.json for the versions after v0.0.36 from the
real daemon's recordings (mock_slurmrestd/tests/data/oracle/22.05/<version>/, made by
`make record-versions`): the ordered key list of every node, partition, diag statistics, job and
job_resources object seen there, with the union of the JSON types seen. A key the v0.0.36
capture (contract_tests/expected/<object>.json, from a real daemon too) also has keeps the
types seen there as well: the same field of the same job, the recordings show, carries the same
value over every version, so a type seen over v0.0.36 is one the later versions send too.
A key that some objects of a version leave out (v0.0.38's `job_resources` of a job with none)
is listed under `optional`.

  /usr/bin/python3 contract_tests/tools/shapes_from_recordings.py [--version v0.0.37 ...]
"""

import argparse
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SUITE = os.path.dirname(HERE)
ROOT = os.path.dirname(SUITE)
sys.path.insert(0, SUITE)

from helpers import json_type  # noqa: E402

RECORDINGS = os.path.join(ROOT, "mock_slurmrestd", "tests", "data", "oracle", "22.05")


def objects(version):
    """{object name: [samples]} from every recorded JSON answer of `version`."""
    found = {"node": [], "partition": [], "diag": [], "job": [], "job_resources": []}
    for path in sorted(glob.glob(os.path.join(RECORDINGS, version, "*.json"))):
        with open(path) as f:
            body = json.load(f)["answer"].get("json")
        if not isinstance(body, dict):
            continue
        found["node"] += body.get("nodes") or []
        found["partition"] += body.get("partitions") or []
        if body.get("statistics"):
            found["diag"].append(body["statistics"])
        for job in body.get("jobs") or []:
            found["job"].append(job)
            if job.get("job_resources"):
                found["job_resources"].append(job["job_resources"])
    return found


def shape(samples, base):
    """Ordered keys (the longest sample's order), union of types, and the keys some lack."""
    order = list(max(samples, key=len))
    types = {k: set(base.get(k, [])) for k in order}
    optional = set()
    for s in samples:
        extra = set(s) - set(order)
        if extra:
            raise SystemExit(f"keys outside the longest sample: {sorted(extra)}")
        optional |= set(order) - set(s)
        for k, v in s.items():
            types[k].add(json_type(v))
    return {k: sorted(types[k]) for k in order}, sorted(optional)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--version", action="append", default=None)
    a = ap.parse_args()
    for version in a.version or ["v0.0.37", "v0.0.38"]:
        out = os.path.join(SUITE, "expected", version)
        os.makedirs(out, exist_ok=True)
        for name, samples in objects(version).items():
            if not samples:
                raise SystemExit(f"{version}: no {name} in the recordings")
            with open(os.path.join(SUITE, "expected", name + ".json")) as f:
                base = json.load(f)["keys"]
            keys, optional = shape(samples, base)
            doc = {"object": name, "captured_from": f"recordings 22.05/{version}",
                   "samples": len(samples), "note": "shapes_from_recordings.py",
                   "keys": keys}
            if optional:
                doc["optional"] = optional
            with open(os.path.join(out, name + ".json"), "w") as f:
                json.dump(doc, f, indent=1)
                f.write("\n")
            print(f"{version} {name}: {len(keys)} keys from {len(samples)} samples"
                  + (f", optional {optional}" if optional else ""))


if __name__ == "__main__":
    main()
