#!/usr/bin/python3
"""Asks a real Slurm 26.05 slurmrestd the routes 26.05 serves beyond 24.11's (issue 16).

Requeue (v0.0.45), reservation create/update/delete (v0.0.43+, delete v0.0.42+), partition
create/update/delete (v0.0.45), a job's resource layout (v0.0.44+) and /conf (v0.0.45), with
good answers, a non-admin, unknown names, bad bodies and the effect seen through GET afterwards.
Saves each exchange as mock_slurmrestd/tests/data/oracle/26.05/asked/routes/NNN_<case>.json in
record_releases.py's format, plus "wait_before" where the story waited for a job's state first
(the replay advances the mock's clock until the same holds).

Needs a freshly started daemon (job ids from 1):
  real_slurmrestd.py start --slurm-version 26.05 --conf fixtures/clusters/parallelcluster/slurm.conf \
      --dir /tmp/routes2605 --rest-port 7090 --ctld-port 7097 --node-port-base 19400
  record_routes_2605.py --dir /tmp/routes2605 --port 7090
"""

import argparse
import json
import os
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import record_releases as rr  # noqa: E402

OUT = os.path.join(rr.OUT, "26.05", "asked", "routes")


def job(name, script):
    return {"job": {"name": name, "partition": "queue1", "current_working_directory": "/tmp",
                    "environment": ["PATH=/bin:/usr/bin"], "script": script}}


class Story(rr.Recorder):
    def __init__(self, *a):
        super().__init__(*a)
        self.wait = None

    def rec(self, case, method, path, body=None, headers=None, raw=None, note=None,
            version="v0.0.45"):
        self.version = version
        x = self.call(method, f"/slurm/{version}{path}", body, headers, raw)
        self.n += 1
        doc = {"case": case, "release": self.release, "api_version": version}
        if note:
            doc["note"] = note
        if self.wait:
            doc["wait_before"] = self.wait
            self.wait = None
        doc.update(x)
        with open(os.path.join(self.out, f"{self.n:03d}_{case}.json"), "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        print(f"  {self.n:03d} {case}: {x['answer']['status']}", flush=True)
        return x["answer"]["body"] if isinstance(x["answer"]["body"], dict) else {}

    def state(self, job_id):
        self.version = "v0.0.45"
        return self.job(job_id).get("job_state", [])

    def until(self, job_id, want):
        """Waits until job_state equals `want` exactly; the next record says so."""
        end = time.monotonic() + 200
        while time.monotonic() < end:
            if self.state(job_id) == want:
                self.wait = {"job_id": job_id, "job_state": want}
                return
            time.sleep(0.2)
        raise SystemExit(f"job {job_id} never {want}: {self.state(job_id)}")


def story(r):
    root = r.admin
    # --- requeue (v0.0.45) and the resource layout (v0.0.44+) ---
    r.rec("submit_sleep", "POST", "/job/submit", job("rq", "#!/bin/sh\nsleep 300"))
    r.rec("resources_pending", "GET", "/resources/1")
    r.rec("requeue_pending", "GET", "/job/1/requeue")
    r.until(1, ["RUNNING"])
    r.rec("resources_running", "GET", "/resources/1")
    r.rec("resources_running_v44", "GET", "/resources/1", version="v0.0.44")
    r.rec("resources_v43_unrouted", "GET", "/resources/1", version="v0.0.43")
    r.rec("resources_running_root", "GET", "/resources/1", headers=root)
    r.rec("resources_unknown", "GET", "/resources/999")
    r.rec("requeue_v44_unrouted", "GET", "/job/1/requeue", version="v0.0.44")
    r.rec("requeue_running", "GET", "/job/1/requeue")
    r.until(1, ["PENDING"])
    r.rec("job_after_requeue", "GET", "/job/1")
    r.rec("requeue_again_pending", "GET", "/job/1/requeue")
    r.rec("requeue_bulk_pending", "POST", "/jobs/requeue", {"jobs": ["1"]})
    r.rec("submit_sleep_2", "POST", "/job/submit", job("rq2", "#!/bin/sh\nsleep 300"))
    r.until(2, ["RUNNING"])
    r.rec("requeue_bulk_hold", "POST", "/jobs/requeue", {"jobs": ["2"], "flags": ["Hold"]})
    r.until(2, ["PENDING"])
    r.rec("job_after_requeue_hold", "GET", "/job/2")
    r.rec("submit_exit_0", "POST", "/job/submit", job("done", "#!/bin/sh\nexit 0"))
    r.until(3, ["COMPLETED"])
    r.rec("requeue_completed_query_hold", "GET", "/job/3/requeue?Hold")
    r.rec("job_after_requeue_completed", "GET", "/job/3")
    r.rec("requeue_unknown", "GET", "/job/999/requeue")
    r.rec("requeue_bulk_unknown", "POST", "/jobs/requeue", {"jobs": ["999"]})
    r.rec("requeue_bulk_empty", "POST", "/jobs/requeue", {})
    r.rec("requeue_bulk_unparsable", "POST", "/jobs/requeue", raw=b"{")
    r.rec("requeue_bulk_jobs_number", "POST", "/jobs/requeue", {"jobs": 5})
    r.rec("requeue_bulk_unknown_field", "POST", "/jobs/requeue", {"jobs": ["999"], "nope": 1})
    r.rec("requeue_bulk_bad_flag", "POST", "/jobs/requeue", {"jobs": ["999"], "flags": ["NOPE"]})
    r.rec("requeue_by_root", "GET", "/job/2/requeue", headers=root)
    r.rec("requeue_bulk_v44_unrouted", "POST", "/jobs/requeue", {"jobs": ["1"]},
          version="v0.0.44")
    # Finished jobs of every kind go back to the queue too; another user may not requeue.
    r.rec("submit_exit_1", "POST", "/job/submit", job("fails", "#!/bin/sh\nexit 1"))
    r.rec("submit_sleep_5", "POST", "/job/submit", job("cancelled", "#!/bin/sh\nsleep 300"))
    r.rec("submit_exit_0_6", "POST", "/job/submit", job("done2", "#!/bin/sh\nexit 0"))
    r.rec("submit_sleep_7", "POST", "/job/submit", job("other", "#!/bin/sh\nsleep 300"))
    r.until(5, ["RUNNING"])
    r.rec("cancel_5", "DELETE", "/job/5")
    r.until(5, ["CANCELLED"])
    r.rec("requeue_cancelled", "GET", "/job/5/requeue")
    r.rec("job_after_requeue_cancelled", "GET", "/job/5")
    r.until(4, ["FAILED"])
    r.rec("requeue_failed", "GET", "/job/4/requeue")
    r.rec("job_after_requeue_failed", "GET", "/job/4")
    r.until(6, ["COMPLETED"])
    r.rec("requeue_completed", "POST", "/jobs/requeue", {"jobs": ["6"]})
    r.rec("job_after_requeue_completed_6", "GET", "/job/6")
    r.until(7, ["RUNNING"])
    r.rec("requeue_other_user", "GET", "/job/7/requeue", headers=r.nobody)
    r.rec("requeue_bulk_other_user", "POST", "/jobs/requeue", {"jobs": ["7"]}, headers=r.nobody)
    r.rec("resources_other_user", "GET", "/resources/7", headers=r.nobody)
    r.rec("requeue_special_exit", "GET", "/job/7/requeue?SpecialExit")
    r.rec("requeue_bulk_special_exit", "POST", "/jobs/requeue",
          {"jobs": ["7"], "flags": ["SpecialExit"]})
    r.rec("requeue_hold_special_exit", "GET", "/job/7/requeue?Hold&SpecialExit")
    r.rec("job_after_requeue_special_exit", "GET", "/job/7")
    r.rec("jobs_after_requeues", "GET", "/jobs")

    # --- reservations: create/update v0.0.43+, delete v0.0.42+ ---
    resv = {"name": "resv1", "node_list": "queue2-dy-c5large-[1-2]", "users": "ec2-user",
            "start_time": {"set": True, "number": 2000000000}, "duration": {"set": True, "number": 60}}
    r.rec("resv_create_user", "POST", "/reservations", {"reservations": [resv]})
    r.rec("resv_create_root", "POST", "/reservations", {"reservations": [resv]}, headers=root)
    r.rec("resv_list_v45", "GET", "/reservations")
    for v in ("v0.0.42", "v0.0.43", "v0.0.44"):
        r.rec(f"resv_list_{v[-2:]}", "GET", "/reservations", version=v)
    r.rec("resv_get", "GET", "/reservation/resv1")
    r.rec("resv_update_root", "POST", "/reservation",
          {"name": "resv1", "duration": {"set": True, "number": 120}, "comment": "longer"},
          headers=root)
    r.rec("resv_get_updated", "GET", "/reservation/resv1")
    r.rec("resv_create_v44", "POST", "/reservation",
          {"name": "resv2", "node_list": "queue2-dy-c5large-3", "users": "ec2-user",
           "start_time": {"set": True, "number": 2000000000},
           "duration": {"set": True, "number": 30}}, headers=root, version="v0.0.44")
    r.rec("resv_create_v42_unrouted", "POST", "/reservations", {"reservations": [resv]},
          headers=root, version="v0.0.42")
    r.rec("resv_create_no_name", "POST", "/reservation",
          {"node_list": "queue2-dy-c5large-4", "users": "ec2-user",
           "start_time": {"set": True, "number": 2000000000},
           "duration": {"set": True, "number": 30}}, headers=root)
    r.rec("resv_create_empty", "POST", "/reservations", {"reservations": [{}]}, headers=root)
    r.rec("resv_create_unparsable", "POST", "/reservations", raw=b"{", headers=root)
    r.rec("resv_create_bad_type", "POST", "/reservations",
          {"reservations": [dict(resv, name="resv3", node_count="many")]}, headers=root)
    r.rec("resv_create_unknown_field", "POST", "/reservations",
          {"reservations": [dict(resv, name="resv4", node_list="queue2-dy-c5large-5",
                                 nope=1)]}, headers=root)
    r.rec("resv_create_unknown_node", "POST", "/reservations",
          {"reservations": [dict(resv, name="resv5", node_list="no-such-node")]}, headers=root)
    r.rec("resv_list_after_creates", "GET", "/reservations")
    r.rec("resv_delete_user", "DELETE", "/reservation/resv1")
    r.rec("resv_delete_root", "DELETE", "/reservation/resv1", headers=root)
    r.rec("resv_delete_again", "DELETE", "/reservation/resv1", headers=root)
    r.rec("resv_delete_v42", "DELETE", "/reservation/resv2", headers=root, version="v0.0.42")
    r.rec("resv_delete_unknown_v43", "DELETE", "/reservation/nosuch", headers=root,
          version="v0.0.43")
    r.rec("resv_list_after_deletes", "GET", "/reservations")

    # --- partitions: create/update/delete v0.0.45 ---
    part = {"name": "queue3", "nodes": {"configured": "queue1-dy-t3micro-[9-10]"}}
    r.rec("part_create_user", "POST", "/partitions", {"partitions": [part]})
    r.rec("part_create_root", "POST", "/partitions", {"partitions": [part]}, headers=root)
    r.rec("part_get_created", "GET", "/partition/queue3")
    r.rec("part_update_root", "POST", "/partitions",
          {"partitions": [{"name": "queue3", "maximums": {"time": {"set": True, "number": 60}}}]},
          headers=root)
    r.rec("part_get_updated", "GET", "/partition/queue3")
    r.rec("part_create_empty", "POST", "/partitions", {}, headers=root)
    r.rec("part_create_unparsable", "POST", "/partitions", raw=b"{", headers=root)
    r.rec("part_create_bad_type", "POST", "/partitions", {"partitions": 5}, headers=root)
    r.rec("part_create_unknown_field", "POST", "/partitions",
          {"partitions": [{"name": "queue4", "nope": 1}]}, headers=root)
    r.rec("part_create_v44_unrouted", "POST", "/partitions", {"partitions": [part]},
          headers=root, version="v0.0.44")
    r.rec("part_list_after_creates", "GET", "/partitions")
    r.rec("part_delete_user", "DELETE", "/partition/queue3")
    r.rec("part_delete_root", "DELETE", "/partition/queue3", headers=root)
    r.rec("part_delete_again", "DELETE", "/partition/queue3", headers=root)
    r.rec("part_delete_v44_unrouted", "DELETE", "/partition/queue4", headers=root,
          version="v0.0.44")
    r.rec("part_list_after_deletes", "GET", "/partitions")

    # --- /conf (v0.0.45) ---
    r.rec("conf_user", "GET", "/conf")
    r.rec("conf_root", "GET", "/conf", headers=root)
    r.rec("conf_v44_unrouted", "GET", "/conf", version="v0.0.44")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, required=True)
    a = ap.parse_args()
    rr.REST_PORT = a.port
    tok = rr.launcher("token", rr.USER, "--dir", a.dir)
    root = rr.launcher("token", "root", "--dir", a.dir)
    shutil.rmtree(OUT, ignore_errors=True)
    nobody = rr.launcher("token", "nobody", "--dir", a.dir)
    r = Story("26.05", "v0.0.45", OUT, tok, {"nobody's token": nobody}, root)
    r.nobody = {"X-SLURM-USER-NAME": "nobody", "X-SLURM-USER-TOKEN": nobody}
    story(r)


if __name__ == "__main__":
    main()
