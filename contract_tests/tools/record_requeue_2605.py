#!/usr/bin/python3
"""Asks a real Slurm 26.05 slurmrestd what a requeue (v0.0.45) does to each kind of job.

The cases record_routes_2605.py left open (docs/differences.md N9): a TIMEOUT job, a NODE_FAIL
job (its node set DOWN), a job that may not be requeued, the `Incomplete` flag on running,
pending and finished jobs, `SpecialExit` as a lasting state and its release, a held job, an
array task (by its own id and as "A_T") and a whole array, a heterogeneous job's leader and
component; the job read at once after each requeue (the COMPLETING moment) and once settled.
Saves each exchange as mock_slurmrestd/tests/data/oracle/26.05/asked/requeue/NNN_<case>.json in
record_routes_2605.py's format; "wait_before" says what the story waited for first (a job's
job_state, and its state_reason where given).

Needs a freshly started daemon (job ids from 1):
  real_slurmrestd.py start --slurm-version 26.05 --conf fixtures/clusters/parallelcluster/slurm.conf \
      --dir /tmp/requeue2605 --rest-port 7450 --ctld-port 7457 --node-port-base 21400
  record_requeue_2605.py --dir /tmp/requeue2605 --port 7450
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

OUT = os.path.join(rr.OUT, "26.05", "asked", "requeue")
SLEEP = "#!/bin/sh\nsleep 300"


def job(name, script=SLEEP, **extra):
    d = routes.job(name, script)
    d["job"].update(extra)
    return d


class Story(routes.Story):
    def until_reason(self, job_id, want, reason):
        """Waits until job_state and state_reason are both as given."""
        end = time.monotonic() + 200
        while time.monotonic() < end:
            j = self.job(job_id)
            if j.get("job_state") == want and j.get("state_reason") == reason:
                self.wait = {"job_id": job_id, "job_state": want, "state_reason": reason}
                return
            time.sleep(0.2)
        raise SystemExit(f"job {job_id} never {want} {reason}")


def story(r):
    root = r.admin
    ids = {}

    def submit(case, desc):
        ids[case] = r.rec(f"submit_{case}", "POST", "/job/submit", desc)["job_id"]
        return ids[case]

    timeout = submit("timeout", job("limit1", time_limit={"set": True, "number": 1}))
    norq = submit("no_requeue", job("norq", requeue=False))
    plain = submit("plain", job("plain"))
    # It holds its CPU a second, as in the mock, which starts a job at its submission.
    fails = submit("exit_1", job("fails", "#!/bin/sh\nsleep 1\nexit 1"))
    held = submit("held", job("held", hold=True))
    se = submit("special_exit", job("se"))
    het = job("het")["job"]
    script = het.pop("script")
    leader = submit("het", {"script": script, "jobs": [het, dict(het)]})
    component = leader + 1
    arr = submit("array", job("arr", array="0-1"))

    def task(array_id, task_id):
        """The job id of a task once it runs (slurmctld gives it one when it splits it off)."""
        end = time.monotonic() + 200
        while time.monotonic() < end:
            for j in r.call("GET", "/slurm/v0.0.45/jobs")["answer"]["body"]["jobs"]:
                t = j["array_task_id"]
                if j["array_job_id"]["number"] == array_id and t["set"] and t["number"] == task_id:
                    return j["job_id"]
            time.sleep(0.2)
        raise SystemExit(f"no task {array_id}_{task_id}")

    # Its task 0 takes the next job id when it starts: started before the next submission (as
    # the mock starts it at its submission), the ids are the same.
    t1 = task(arr, 0)
    arr2 = submit("array_2", job("arr2", array="0-1"))
    t2 = task(arr2, 0)

    # A running job with Incomplete: requeued like any (COMPLETING on its node at first).
    r.until(plain, ["RUNNING"])
    r.rec("requeue_running_incomplete", "GET", f"/job/{plain}/requeue?Incomplete")
    r.rec("job_plain_completing", "GET", f"/job/{plain}")
    r.until_reason(plain, ["PENDING"], "BeginTime")
    r.rec("job_plain_settled", "GET", f"/job/{plain}")

    # SpecialExit: PENDING + SPECIAL_EXIT until released; a second requeue is refused.
    r.until(se, ["RUNNING"])
    r.rec("requeue_hold_special_exit", "GET", f"/job/{se}/requeue?Hold&SpecialExit")
    r.rec("job_se_completing", "GET", f"/job/{se}")
    r.until(se, ["PENDING", "SPECIAL_EXIT"])
    r.rec("job_se_special_exit", "GET", f"/job/{se}")
    r.rec("requeue_special_exit_again", "GET", f"/job/{se}/requeue")
    r.rec("release_special_exit", "POST", f"/job/{se}", {"hold": False})
    r.until_reason(se, ["PENDING"], "BeginTime")
    r.rec("job_se_released", "GET", f"/job/{se}")

    # A job that may not be requeued: refused before any other test.
    r.until(norq, ["RUNNING"])
    r.rec("requeue_no_requeue_running", "GET", f"/job/{norq}/requeue")
    r.rec("requeue_no_requeue_incomplete", "GET", f"/job/{norq}/requeue?Incomplete")

    # A pending (held) job: refused, but with Incomplete passed over.
    r.rec("requeue_held", "GET", f"/job/{held}/requeue")
    r.rec("requeue_held_hold", "POST", "/jobs/requeue", {"jobs": [str(held)], "flags": ["Hold"]})
    r.rec("requeue_held_incomplete", "GET", f"/job/{held}/requeue?Incomplete")
    r.rec("job_held_after", "GET", f"/job/{held}")

    # A finished job with Incomplete: passed over.
    r.until(fails, ["FAILED"])
    r.rec("requeue_failed_incomplete", "POST", "/jobs/requeue",
          {"jobs": [str(fails)], "flags": ["Incomplete"]})
    r.rec("job_failed_after_incomplete", "GET", f"/job/{fails}")

    # Arrays: a task by "A_T", then a whole array by its id.
    r.until(arr2, ["RUNNING"])
    r.until(t2, ["RUNNING"])
    r.rec("requeue_array_task_text", "GET", f"/job/{arr2}_0/requeue")
    r.rec("job_array_task_after", "GET", f"/job/{t2}")
    r.rec("job_array_other_task_after", "GET", f"/job/{arr2}")
    r.until(arr, ["RUNNING"])
    r.until(t1, ["RUNNING"])
    r.rec("requeue_array_whole", "GET", f"/job/{arr}/requeue")
    r.rec("job_array_after_whole", "GET", f"/job/{arr}")
    r.rec("job_array_task_after_whole", "GET", f"/job/{t1}")
    r.until_reason(t1, ["PENDING"], "BeginTime")
    r.until_reason(arr, ["PENDING"], "BeginTime")
    r.rec("job_array_settled", "GET", f"/job/{arr}")
    r.rec("job_array_task_settled", "GET", f"/job/{t1}")

    # A heterogeneous job: its component refused, its leader requeues both.
    r.until(leader, ["RUNNING"])
    r.rec("requeue_het_component", "GET", f"/job/{component}/requeue")
    r.rec("requeue_het_leader", "GET", f"/job/{leader}/requeue")
    r.until_reason(leader, ["PENDING"], "BeginTime")
    r.rec("job_het_leader_settled", "GET", f"/job/{leader}")
    r.rec("job_het_component_settled", "GET", f"/job/{component}")

    # TIMEOUT: Incomplete passes it over; a plain requeue keeps its reason.
    r.until(timeout, ["TIMEOUT"])
    r.rec("job_timeout", "GET", f"/job/{timeout}")
    r.rec("requeue_timeout_incomplete", "GET", f"/job/{timeout}/requeue?Incomplete")
    r.rec("requeue_timeout", "GET", f"/job/{timeout}/requeue")
    r.rec("job_timeout_after_requeue", "GET", f"/job/{timeout}")

    # NODE_FAIL: the no-requeue job's node set DOWN (a requeueable job there is requeued).
    node = r.job(norq)["nodes"]
    r.rec("node_down", "POST", f"/node/{node}", {"state": ["DOWN"], "reason": "requeue test"},
          headers=root)
    r.until(norq, ["NODE_FAIL"])
    r.rec("job_node_fail", "GET", f"/job/{norq}")
    r.rec("requeue_node_fail", "GET", f"/job/{norq}/requeue")
    r.rec("requeue_node_fail_incomplete", "GET", f"/job/{norq}/requeue?Incomplete")
    r.rec("requeue_node_fail_hold_special_exit", "GET",
          f"/job/{norq}/requeue?Hold&SpecialExit")
    r.rec("job_node_fail_after", "GET", f"/job/{norq}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, required=True)
    a = ap.parse_args()
    rr.REST_PORT = a.port
    tok = rr.launcher("token", rr.USER, "--dir", a.dir)
    root = rr.launcher("token", "root", "--dir", a.dir)
    shutil.rmtree(OUT, ignore_errors=True)
    r = Story("26.05", "v0.0.45", OUT, tok, {}, root)
    story(r)


if __name__ == "__main__":
    main()
