#!/usr/bin/python3
"""Records docs/differences.md R19 on a real slurmrestd: either-or dependency lists (`?`),
`+M` delays on each kind, `afterburstbuffer`, mixed separators, kill_on_invalid_dependency.

Starts the real daemon of the release on fixtures/clusters/oracle, submits a story of jobs and
dependent jobs over the release's newest shared version (v0.0.36 on 22.05, v0.0.42 on 24.11
and 26.05), and after each event the story waits for (a job started or ended, then some
seconds for slurmctld's passes) records every dependent job's `dependency`, state, reason and
dependency flags. Job ids are written as the names of the jobs they stand for ("{F}"), so the
mock's replay (mock_slurmrestd/tests/release_dependency_test.cc) can submit the same story on
its own ids and advance its clock to the same moments. Output:
mock_slurmrestd/tests/data/oracle/<release>/asked/dependencies.json.
  record_dependencies.py --slurm-version 24.11 --rest-port 7390 --ctld-port 7391 \
      --node-port-base 21000          # 22.05: --slurm-version 22.05 (the host's daemon)
About 140 s per release.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAUNCHER = os.path.join(ROOT, "contract_tests", "oracle", "real_slurmrestd.py")
FIXTURE = os.path.join(ROOT, "fixtures", "clusters", "oracle", "slurm.conf")
OUT = os.path.join(ROOT, "mock_slurmrestd", "tests", "data", "oracle")
VERSION = {"22.05": "v0.0.36", "24.11": "v0.0.42", "26.05": "v0.0.42"}
USER = "ec2-user"
# Seconds after an event before the dependent jobs are read: slurmctld tests dependencies on
# its scheduling passes, so a moment after the event the old status is still shown.
SETTLE = 4

# The jobs waited on: name, script.
BASE = [
    ("F", "sleep 3; exit 1"),
    ("Q", "sleep 12"),
    ("G", "sleep 20; exit 1"),
    ("A", "sleep 30"),
    ("B", "sleep 300"),
]
# The dependent jobs: name, dependency (job names in braces), extra keys.
KILL = "kill"
DEPENDENT = [
    ("or_F_B", "afterok:{F}?afterok:{B}", {}),
    ("or_F_G", "afterok:{F}?afterok:{G}", {}),
    ("or_F_G_kill", "afterok:{F}?afterok:{G}", {KILL: True}),
    ("or_F_B_kill", "afterok:{F}?afterok:{B}", {KILL: True}),
    ("and_F_B", "afterok:{F},afterok:{B}", {}),
    ("and_F_B_kill", "afterok:{F},afterok:{B}", {KILL: True}),
    ("or_A_B", "afterok:{A}?afterok:{B}", {}),
    ("or_multi", "afterok:{A}:{B}?afterok:{F}", {}),
    ("mixed_and_or", "afterok:{A},afterok:{B}?afterok:{F}", {}),
    ("mixed_or_and", "afterok:{A}?afterok:{B},afterok:{F}", {}),
    ("or_any_notok", "afterany:{B}?afternotok:{F}", {}),
    ("or_singleton", "singleton?afterok:{B}", {}),
    ("or_held", "afterok:{F}?afterok:{B}", {"hold": True}),
    ("after_plus", "after:{Q}+1", {}),
    ("after_plus_two", "after:{Q}+1:{A}+2", {}),
    ("or_after_plus", "after:{Q}+1?afterok:{B}", {}),
    ("afterany_plus", "afterany:{Q}+1", {}),
    ("afterok_plus", "afterok:{Q}+1", {}),
    ("afternotok_plus", "afternotok:{F}+1", {}),
    ("aftercorr_plus", "aftercorr:{Q}+1", {}),
    ("bb", "afterburstbuffer:{Q}", {}),
    ("bb_failed", "afterburstbuffer:{F}", {}),
    ("bb_plus", "afterburstbuffer:{Q}+1", {}),
    ("bb_or", "afterburstbuffer:{Q}?afterok:{B}", {}),
    ("or_unknown", "afterok:{A}?afterok:999999", {}),
    ("or_bare_ids", "{B}?{F}", {}),
    ("or_trailing", "afterok:{B}?", {}),
    ("or_leading", "?afterok:{B}", {}),
    ("plus_zero", "after:{Q}+0", {}),
    ("plus_text", "after:{Q}+x", {}),
    ("plus_negative", "after:{Q}+-1", {}),
]
# Updates of a held job's dependency: name, dependency.
UPDATES = [
    ("upd_or", "afterok:{F}?afterok:{B}"),
    ("upd_mixed", "afterok:{A},afterok:{B}?afterok:{F}"),
    ("upd_plus", "after:{Q}+1"),
]
# When the dependent jobs are read: (job, "start"|"end", seconds after it).
CHECKPOINTS = [
    ("F", "end", SETTLE),
    ("Q", "end", SETTLE),
    ("G", "end", SETTLE),
    ("A", "end", SETTLE),
    ("Q", "start", 60 + SETTLE + 2),
    ("A", "start", 120 + SETTLE + 2),
]


def launcher(*args):
    return subprocess.run([sys.executable, LAUNCHER, *args], check=True, text=True,
                          stdout=subprocess.PIPE).stdout.strip()


class Daemon:
    def __init__(self, release, port, token):
        self.release, self.port, self.token = release, port, token
        self.version = VERSION[release]

    def call(self, method, path, body=None):
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/slurm/{self.version}{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"X-SLURM-USER-NAME": USER, "X-SLURM-USER-TOKEN": self.token,
                     "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def job_body(self, name, script, extra):
        old = self.release == "22.05"
        j = {"name": name, "partition": "queue1", "current_working_directory": "/tmp",
             "environment": {"PATH": "/bin:/usr/bin"} if old else ["PATH=/bin:/usr/bin"]}
        for k, v in extra.items():
            if k == KILL:
                if old:
                    j["kill_on_invalid_dependency"] = v
                else:
                    j["flags"] = ["KILL_INVALID_DEPENDENCY"]
            else:
                j[k] = v
        script = "#!/bin/bash\n" + script
        return {"job": j, "script": script} if old else {"job": dict(j, script=script)}

    def job(self, job_id):
        status, body = self.call("GET", f"/job/{job_id}")
        assert status == 200, body
        return body["jobs"][0]


def errors_of(body):
    return [e.get("error_number", e.get("errno")) for e in body.get("errors", [])]


def state_of(job):
    s = job["job_state"]
    return s[0] if isinstance(s, list) else s


def main():
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument("--slurm-version", required=True, choices=sorted(VERSION))
    a.add_argument("--rest-port", type=int, required=True)
    a.add_argument("--ctld-port", type=int, required=True)
    a.add_argument("--node-port-base", type=int, required=True)
    a = a.parse_args()
    rel = a.slurm_version
    d = f"/tmp/record-dependencies-{rel}"
    start = ["start", "--conf", FIXTURE, "--dir", d, "--rest-port", str(a.rest_port),
             "--ctld-port", str(a.ctld_port), "--node-port-base", str(a.node_port_base)]
    if rel != "22.05":
        start += ["--slurm-version", rel]
    launcher(*start)
    try:
        record(Daemon(rel, a.rest_port, launcher("token", USER, "--dir", d)), rel)
    finally:
        launcher("stop", "--dir", d)


def record(daemon, rel):
    ids = {}
    names = {}

    def fill(template):
        return template.format(**{k: str(v) for k, v in ids.items()})

    def named(text):
        return re.sub(r"(?<=[:?,])(\d+)|^(\d+)",
                      lambda m: "{" + names[int(m.group(0))] + "}"
                      if int(m.group(0)) in names else m.group(0), text)

    doc = {"release": rel, "api_version": daemon.version, "settle_seconds": SETTLE,
           "base": [{"name": n, "script": s} for n, s in BASE],
           "submits": [], "updates": [], "checkpoints": []}
    for name, script in BASE:
        status, body = daemon.call("POST", "/job/submit", daemon.job_body(name, script, {}))
        assert status == 200, body
        ids[name] = body["job_id"]
        names[body["job_id"]] = name
    for name, dep, extra in DEPENDENT:
        body_in = daemon.job_body(name, "true", dict(extra, dependency=fill(dep)))
        status, body = daemon.call("POST", "/job/submit", body_in)
        entry = {"name": name, "dependency": dep, "extra": extra, "status": status,
                 "errors": errors_of(body)}
        if status == 200:
            ids[name] = body["job_id"]
            names[body["job_id"]] = name
        doc["submits"].append(entry)
        print(f"  {rel} submit {name} {fill(dep)}: {status} {entry['errors']}", flush=True)
    for name, dep in UPDATES:
        status, body = daemon.call("POST", "/job/submit",
                                   daemon.job_body(name, "true", {"hold": True}))
        assert status == 200, body
        ids[name] = body["job_id"]
        names[body["job_id"]] = name
        status, body = daemon.call("POST", f"/job/{ids[name]}", {"dependency": fill(dep)})
        doc["updates"].append({"name": name, "dependency": dep, "status": status,
                               "errors": errors_of(body)})
        print(f"  {rel} update {name} {fill(dep)}: {status} {errors_of(body)}", flush=True)

    def snapshot(label):
        jobs = {}
        for name in list(ids):
            if name in dict(BASE):
                continue
            j = daemon.job(ids[name])
            flags = j.get("flags", [])
            jobs[name] = {"dependency": named(j["dependency"]), "state": state_of(j),
                          "state_reason": j["state_reason"],
                          "dependency_flags": [f for f in flags
                                               if "DEP" in f or f == "DEPENDENT"]}
        doc["checkpoints"].append({"after": label, "jobs": jobs})
        print(f"  {rel} checkpoint {label}", flush=True)

    snapshot({"job": None, "event": "submitted", "seconds": 0})
    for job, event, seconds in CHECKPOINTS:
        key = "end_time" if event == "end" else "start_time"
        deadline = time.time() + 200
        while True:
            j = daemon.job(ids[job])
            done = state_of(j) not in ("PENDING", "RUNNING", "COMPLETING")
            if (event == "end" and done) or (event == "start" and state_of(j) != "PENDING"):
                break
            if time.time() > deadline:
                raise SystemExit(f"{job} never reached its {event}")
            time.sleep(0.2)
        t = j[key]["number"] if isinstance(j[key], dict) else j[key]
        time.sleep(max(0.0, t + seconds - time.time()))
        snapshot({"job": job, "event": event, "seconds": seconds})
    daemon.call("DELETE", f"/job/{ids['B']}")
    out = os.path.join(OUT, rel, "asked")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "dependencies.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
