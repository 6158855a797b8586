#!/usr/bin/python3
"""Asks the real Slurm 26.05 and 24.11 slurmrestd more about reservations (docs/differences.md N11).

26.05 (--story end, asked/resv_end/): a reservation's end (the list, its running and pending jobs),
`groups` as the access rule, `node_count` without a node list (the controller picks), PURGE_COMP,
a job changing its reservation by update. 24.11 (--story 2411, 24.11/asked/resv_2411/): which
reservation routes v0.0.42 serves, and the scheduling rules with reservations made by scontrol.
Saves each exchange in record_releases.py's format; "t0" in the first note is the story's start.

Needs a freshly started daemon (job ids from 1), e.g.
  real_slurmrestd.py start --slurm-version 26.05 --conf fixtures/clusters/parallelcluster/slurm.conf \
      --dir /tmp/resvmore2605 --rest-port 7480 --ctld-port 7487 --node-port-base 21600
  record_resv_more.py --dir /tmp/resvmore2605 --port 7480 --story end
  (--story end_pending_2605 / end_pending_2411: asked/resv_end_pending/, a job waiting inside
   a reservation at its end; 24.11: --slurm-version 24.11 --dir /tmp/resvmore2411 --rest-port 7490 --ctld-port 7497
   --node-port-base 21700; record_resv_more.py --dir /tmp/resvmore2411 --port 7490 --story 2411)
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import record_releases as rr  # noqa: E402
import record_routes_2605 as routes  # noqa: E402
from record_resv_sched_2605 import job, resv  # noqa: E402

CHROOTS = os.environ.get("MOCK_ORACLE_CHROOTS", "/var/cache/mock-slurmrestd-oracle")


class Story(routes.Story):
    def rec(self, case, method, path, body=None, headers=None, note=None):
        return super().rec(case, method, path, body, headers, note=note, version=self.api)

    def submit(self, case, body, headers=None):
        b = self.rec(case, "POST", "/job/submit", body, headers=headers)
        return b.get("job_id")

    def get_job(self, job_id):
        self.version = self.api
        b = self.call("GET", f"/slurm/{self.api}/job/{job_id}")["answer"]["body"]
        return b["jobs"][0] if isinstance(b, dict) and b.get("jobs") else {}

    def settled(self, job_id):
        """Waits until slurmctld has decided: running, or pending with a reason other than None."""
        end = time.monotonic() + 90
        while time.monotonic() < end:
            j = self.get_job(job_id)
            if j.get("job_state") == ["RUNNING"] or (
                    j.get("job_state") == ["PENDING"] and j.get("state_reason") not in (None, "None")):
                time.sleep(2)  # one more pass: the reason is stable
                return
            time.sleep(0.5)
        raise SystemExit(f"job {job_id} never settled")

    def resv_names(self):
        self.version = self.api
        b = self.call("GET", f"/slurm/{self.api}/reservations", headers=self.admin)["answer"]["body"]
        return [r["name"] for r in b.get("reservations", [])] if isinstance(b, dict) else []

    def until_gone(self, name, limit=240):
        start = time.monotonic()
        while name in self.resv_names():
            if time.monotonic() - start > limit:
                raise SystemExit(f"reservation {name} never ended")
            time.sleep(1)
        self.wait = {"reservation_gone": name, "at": int(time.time())}


def story_end(r, t0):
    root = r.admin
    r.rec("short_q1", "POST", "/reservations",
          resv("short_q1", "queue1-dy-t3micro-[1-2]", "ec2-user", t0, 1), headers=root,
          note=f"t0={t0}")
    a = r.submit("submit_in_short", job("a", "queue1", reservation="short_q1"))
    r.settled(a)
    r.rec("job_in_short", "GET", f"/job/{a}")
    # one with a time limit past the end, and one that waits for the reservation's nodes
    a2 = r.submit("submit_in_short_60_minutes", job("a2", "queue1", limit=60, reservation="short_q1"))
    r.settled(a2)
    r.rec("job_in_short_60_minutes", "GET", f"/job/{a2}")
    a3 = r.submit("submit_in_short_waiting", job("a3", "queue1", limit=5, reservation="short_q1"))
    r.settled(a3)
    r.rec("job_in_short_waiting", "GET", f"/job/{a3}")
    b = r.submit("submit_in_short_three_nodes",
                 job("b", "queue1", nodes="3", reservation="short_q1"))
    if b:
        r.settled(b)
        r.rec("job_in_short_three_nodes", "GET", f"/job/{b}")
    # groups as the access rule
    g = {"name": "groups_root", "node_list": "queue2-dy-c5large-[9-10]", "groups": "root",
         "start_time": {"set": True, "number": t0}, "duration": {"set": True, "number": 60}}
    r.rec("groups_root", "POST", "/reservations", {"reservations": [g]}, headers=root)
    r.rec("groups_root_read", "GET", "/reservation/groups_root")
    r.submit("submit_in_groups_root_user", job("c", "queue2", reservation="groups_root"))
    r.submit("submit_in_groups_root_root", job("d", "queue2", reservation="groups_root"),
             headers=root)
    # node_count without a node list: the controller picks
    c = {"name": "count_q2", "node_count": 3, "partition": "queue2", "users": "ec2-user",
         "start_time": {"set": True, "number": t0}, "duration": {"set": True, "number": 60}}
    r.rec("count_q2", "POST", "/reservations", {"reservations": [c]}, headers=root)
    r.rec("count_q2_read", "GET", "/reservation/count_q2")
    c2 = {"name": "count_any", "node_count": 2, "users": "ec2-user",
          "start_time": {"set": True, "number": t0}, "duration": {"set": True, "number": 60}}
    r.rec("count_any", "POST", "/reservations", {"reservations": [c2]}, headers=root)
    r.rec("count_any_read", "GET", "/reservation/count_any")
    c3 = dict(c, name="count_too_many", node_count=30)
    r.rec("count_too_many", "POST", "/reservations", {"reservations": [c3]}, headers=root)
    # a job changing its reservation by update (held: it waits where it is)
    h = r.submit("submit_held", job("h", "queue2", hold=True))
    r.rec("update_to_count_q2", "POST", f"/job/{h}", {"reservation": "count_q2"})
    r.rec("job_after_update", "GET", f"/job/{h}")
    r.rec("update_to_groups_root", "POST", f"/job/{h}", {"reservation": "groups_root"})
    r.rec("update_to_nosuch", "POST", f"/job/{h}", {"reservation": "nosuch"})
    r.rec("release_held", "POST", f"/job/{h}", {"hold": False})
    r.settled(h)
    r.rec("job_held_released", "GET", f"/job/{h}")
    r.rec("update_running_to_count_any", "POST", f"/job/{a}", {"reservation": "count_any"})
    r.rec("job_running_after_update", "GET", f"/job/{a}")
    # PURGE_COMP with no jobs
    p = {"name": "purge_q1", "node_list": "queue1-dy-t3micro-9", "users": "ec2-user",
         "flags": ["PURGE_COMP"], "purge_completed": {"time": {"set": True, "number": 30}},
         "start_time": {"set": True, "number": t0}, "duration": {"set": True, "number": 60}}
    r.rec("purge_q1", "POST", "/reservations", {"reservations": [p]}, headers=root)
    r.rec("purge_q1_read", "GET", "/reservation/purge_q1")
    # the end of short_q1
    r.until_gone("short_q1")
    r.rec("resvs_after_short_ended", "GET", "/reservations")
    r.rec("job_in_short_after_end", "GET", f"/job/{a}")
    r.rec("job_60_minutes_after_end", "GET", f"/job/{a2}")
    r.rec("job_waiting_after_end", "GET", f"/job/{a3}")
    if b:
        r.rec("job_three_nodes_after_end", "GET", f"/job/{b}")
    r.submit("submit_in_ended", job("e", "queue1", reservation="short_q1"))
    r.rec("jobs_at_end", "GET", "/jobs")


def scontrol(d, release, *args):
    root = os.path.join(CHROOTS, "forky" if release == "26.05" else "trixie")
    p = subprocess.run(["chroot", root, "env", f"SLURM_CONF={d}/etc/slurm.conf", "scontrol", *args],
                       capture_output=True, text=True)
    return {"argv": ["scontrol", *args], "rc": p.returncode, "out": p.stdout + p.stderr}


def story_2411(r, t0, d):
    root = r.admin
    r.rec("post_reservations", "POST", "/reservations",
          resv("rest_made", "queue2-dy-c5large-1", "root", t0, 60), headers=root, note=f"t0={t0}")
    r.rec("delete_reservation", "DELETE", "/reservation/nosuch", headers=root)
    made = [scontrol(d, "24.11", "create", "reservation", "ReservationName=maint_q2",
                     "Nodes=queue2-dy-c5large-[1-10]", "Users=root", "StartTime=now",
                     "Duration=60", "Flags=MAINT"),
            scontrol(d, "24.11", "create", "reservation", "ReservationName=users_q1",
                     "Nodes=queue1-dy-t3micro-[1-8]", "Users=ec2-user", "StartTime=now",
                     "Duration=60"),
            scontrol(d, "24.11", "create", "reservation", "ReservationName=short_q1",
                     "Nodes=queue1-dy-t3micro-9", "Users=ec2-user", "StartTime=now",
                     "Duration=1")]
    r.rec("resvs_made_by_scontrol", "GET", "/reservations", note=json.dumps(made))
    j1 = r.submit("submit_q2_in_maint", job("a", "queue2"))
    r.settled(j1)
    r.rec("job_q2_in_maint", "GET", f"/job/{j1}")
    j2 = r.submit("submit_q1_two_nodes", job("b", "queue1", nodes="2"))
    r.settled(j2)
    r.rec("job_q1_two_nodes", "GET", f"/job/{j2}")
    j3 = r.submit("submit_in_users_q1", job("c", "queue1", reservation="users_q1"))
    if j3:
        r.settled(j3)
        r.rec("job_in_users_q1", "GET", f"/job/{j3}")
    r.submit("submit_unknown_resv", job("d", "queue1", reservation="nosuch"))
    r.submit("submit_in_maint_not_permitted", job("e", "queue2", reservation="maint_q2"))
    j4 = r.submit("submit_in_short", job("f", "queue1", reservation="short_q1"))
    if j4:
        r.settled(j4)
        r.rec("job_in_short", "GET", f"/job/{j4}")
    h = r.submit("submit_held", job("h", "queue1", hold=True))
    r.rec("update_to_users_q1", "POST", f"/job/{h}", {"reservation": "users_q1"})
    r.rec("update_to_maint_q2", "POST", f"/job/{h}", {"reservation": "maint_q2"})
    r.rec("update_to_nosuch", "POST", f"/job/{h}", {"reservation": "nosuch"})
    r.rec("job_held_after_updates", "GET", f"/job/{h}")
    r.until_gone("short_q1")
    r.rec("resvs_after_short_ended", "GET", "/reservations")
    if j4:
        r.rec("job_in_short_after_end", "GET", f"/job/{j4}")
    r.rec("jobs_at_end", "GET", "/jobs")


def story_end_pending(r, t0, d):
    """A job waiting inside a reservation (its one node busy) when the reservation ends."""
    root = r.admin
    if r.release == "26.05":
        r.rec("one_node_q1", "POST", "/reservations",
              resv("one_node_q1", "queue1-dy-t3micro-1", "ec2-user", t0, 1), headers=root,
              note=f"t0={t0}")
    else:
        made = scontrol(d, "24.11", "create", "reservation", "ReservationName=one_node_q1",
                        "Nodes=queue1-dy-t3micro-1", "Users=ec2-user", "StartTime=now",
                        "Duration=1")
        r.rec("one_node_q1", "GET", "/reservations", note=f"t0={t0} " + json.dumps(made))
    a = r.submit("submit_whole_node", job("a", "queue1", reservation="one_node_q1",
                                          cpus_per_task=2))
    r.settled(a)
    r.rec("job_whole_node", "GET", f"/job/{a}")
    b = r.submit("submit_waiting", job("b", "queue1", reservation="one_node_q1", cpus_per_task=2))
    r.settled(b)
    r.rec("job_waiting", "GET", f"/job/{b}")
    r.until_gone("one_node_q1")
    time.sleep(3)
    r.rec("jobs_after_end", "GET", "/jobs")
    time.sleep(30)
    r.rec("jobs_later", "GET", "/jobs")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--story", choices=["end", "2411", "end_pending_2605", "end_pending_2411"], required=True)
    a = ap.parse_args()
    rr.REST_PORT = a.port
    tok = rr.launcher("token", rr.USER, "--dir", a.dir)
    root = rr.launcher("token", "root", "--dir", a.dir)
    release, api = ("24.11", "v0.0.42") if "2411" in a.story else ("26.05", "v0.0.45")
    out = os.path.join(rr.OUT, release, "asked", {
        "end": "resv_end", "2411": "resv_2411", "end_pending_2605": "resv_end_pending",
        "end_pending_2411": "resv_end_pending"}[a.story])
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    r = Story(release, api, out, tok, {}, root)
    r.api = api
    if a.story == "end":
        story_end(r, int(time.time()))
    elif a.story.startswith("end_pending"):
        story_end_pending(r, int(time.time()), os.path.abspath(a.dir))
    else:
        story_2411(r, int(time.time()), os.path.abspath(a.dir))


if __name__ == "__main__":
    main()
