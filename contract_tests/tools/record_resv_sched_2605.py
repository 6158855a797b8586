#!/usr/bin/python3
"""Asks a real Slurm 26.05 slurmrestd how reservations shape scheduling (docs/differences.md N11).

Reservations over whole queues and parts of them (MAINT, plain, IGNORE_JOBS, one starting later),
jobs of permitted and other users with and without the `reservation` key, unknown and
not-permitted reservations; each job read once slurmctld has decided (running, or pending with a
reason). Saves each exchange as mock_slurmrestd/tests/data/oracle/26.05/asked/resv_sched/
NNN_<case>.json in record_releases.py's format; "t0" in the first is the story's start (times
in the bodies are relative to it in "note").

Needs a freshly started daemon (job ids from 1):
  real_slurmrestd.py start --slurm-version 26.05 --conf fixtures/clusters/parallelcluster/slurm.conf \
      --dir /tmp/resv2605 --rest-port 7190 --ctld-port 7197 --node-port-base 20000
  record_resv_sched_2605.py --dir /tmp/resv2605 --port 7190 [--story later]
(each story on its own freshly started daemon).
"""

import argparse
import os
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import record_releases as rr  # noqa: E402
import record_routes_2605 as routes  # noqa: E402

OUT = os.path.join(rr.OUT, "26.05", "asked", "resv_sched")
# The second story (--story later, on another fresh daemon): jobs before a reservation starts.
OUT_LATER = os.path.join(rr.OUT, "26.05", "asked", "resv_sched_later")


def job(name, partition, limit=None, **extra):
    j = {"name": name, "partition": partition, "current_working_directory": "/tmp",
         "environment": ["PATH=/bin:/usr/bin"], "script": "#!/bin/sh\nsleep 600"}
    if limit:
        j["time_limit"] = {"set": True, "number": limit}
    j.update(extra)
    return {"job": j}


def resv(name, nodes, users, start, minutes, flags=None):
    r = {"name": name, "node_list": nodes, "users": users,
         "start_time": {"set": True, "number": start}, "duration": {"set": True, "number": minutes}}
    if flags:
        r["flags"] = flags
    return {"reservations": [r]}


class Story(routes.Story):
    def settled(self, job_id, headers=None):
        """Waits until slurmctld has decided: running, or pending with a reason other than None."""
        end = time.monotonic() + 90
        while time.monotonic() < end:
            self.version = "v0.0.45"
            b = self.call("GET", f"/slurm/v0.0.45/job/{job_id}", headers=headers)["answer"]["body"]
            j = b["jobs"][0] if isinstance(b, dict) and b.get("jobs") else {}
            if j.get("job_state") == ["RUNNING"] or (
                    j.get("job_state") == ["PENDING"] and j.get("state_reason") not in (None, "None")):
                time.sleep(2)  # one more pass: the reason is stable
                return
            time.sleep(0.5)
        raise SystemExit(f"job {job_id} never settled")


def story(r, t0):
    root = r.admin
    q2 = "queue2-dy-c5large-[1-10]"
    r.rec("maint_q2", "POST", "/reservations", resv("maint_q2", q2, "root", t0, 60, ["MAINT"]),
          headers=root, note=f"t0={t0}")
    r.rec("submit_q2_in_maint", "POST", "/job/submit", job("a", "queue2"))
    r.settled(1)
    r.rec("job_q2_in_maint", "GET", "/job/1")
    r.rec("users_q1", "POST", "/reservations",
          resv("users_q1", "queue1-dy-t3micro-[1-9]", "ec2-user", t0, 60), headers=root)
    r.rec("submit_q1_two_nodes", "POST", "/job/submit", job("b", "queue1", nodes="2"))
    r.settled(2)
    r.rec("job_q1_two_nodes", "GET", "/job/2")
    r.rec("submit_q1_one_node", "POST", "/job/submit", job("c", "queue1"))
    r.settled(3)
    r.rec("job_q1_one_node", "GET", "/job/3")
    r.rec("submit_in_users_q1", "POST", "/job/submit", job("d", "queue1", reservation="users_q1"))
    r.settled(4)
    r.rec("job_in_users_q1", "GET", "/job/4")
    r.rec("submit_in_users_q1_other_user", "POST", "/job/submit",
          job("e", "queue1", reservation="users_q1"), headers=r.nobody)
    r.rec("submit_unknown_resv", "POST", "/job/submit", job("f", "queue1", reservation="nosuch"))
    r.rec("submit_in_maint_not_permitted", "POST", "/job/submit",
          job("g", "queue2", reservation="maint_q2"))
    r.rec("submit_in_maint_root", "POST", "/job/submit",
          job("h", "queue2", reservation="maint_q2"), headers=root)
    r.rec("jobs_with_resvs", "GET", "/jobs")
    r.rec("delete_maint_q2", "DELETE", "/reservation/maint_q2", headers=root)
    time.sleep(3)
    r.rec("jobs_after_maint_deleted", "GET", "/jobs")
    later = t0 + 1200
    r.rec("later_q2_busy", "POST", "/reservations", resv("later_q2", q2, "root", later, 30),
          headers=root)
    r.rec("later_q2_ignore_jobs", "POST", "/reservations",
          resv("later_q2", q2, "root", later, 30, ["IGNORE_JOBS"]), headers=root)
    r.rec("submit_q2_overlapping_later", "POST", "/job/submit", job("i", "queue2", limit=60))
    r.rec("submit_q2_before_later", "POST", "/job/submit", job("j", "queue2", limit=5))
    r.rec("submit_in_later_root", "POST", "/job/submit",
          job("k", "queue2", limit=5, reservation="later_q2"), headers=root)
    time.sleep(8)
    r.rec("jobs_with_later", "GET", "/jobs")
    r.rec("resvs_at_end", "GET", "/reservations")


def story_later(r, t0):
    """Jobs of another user before a reservation of their queue starts: one that would still
    run then, one that ends before."""
    root = r.admin
    r.rec("later_q2", "POST", "/reservations",
          resv("later_q2", "queue2-dy-c5large-[1-10]", "root", t0 + 600, 30), headers=root,
          note=f"t0={t0}")
    r.rec("submit_q2_60_minutes", "POST", "/job/submit", job("long", "queue2", limit=60))
    r.rec("submit_q2_5_minutes", "POST", "/job/submit", job("short", "queue2", limit=5))
    r.rec("submit_q2_no_limit", "POST", "/job/submit", job("unlimited", "queue2"))
    for i in (1, 2, 3):
        r.settled(i)
    r.rec("jobs_before_later", "GET", "/jobs")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--story", choices=["main", "later"], default="main")
    a = ap.parse_args()
    rr.REST_PORT = a.port
    tok = rr.launcher("token", rr.USER, "--dir", a.dir)
    root = rr.launcher("token", "root", "--dir", a.dir)
    nobody = rr.launcher("token", "nobody", "--dir", a.dir)
    out = OUT if a.story == "main" else OUT_LATER
    shutil.rmtree(out, ignore_errors=True)
    r = Story("26.05", "v0.0.45", out, tok, {"nobody's token": nobody}, root)
    r.nobody = {"X-SLURM-USER-NAME": "nobody", "X-SLURM-USER-TOKEN": nobody}
    (story if a.story == "main" else story_later)(r, int(time.time()))


if __name__ == "__main__":
    main()
