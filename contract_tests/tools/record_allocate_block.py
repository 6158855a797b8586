#!/usr/bin/python3
"""Records what real 24.11 and 26.05 slurmrestd daemons do with an allocation that must wait.

For each release, starts the real daemon in its chroot on a fresh cluster
(contract_tests/oracle/real_slurmrestd.py; ports 7360/7367/20800+ for 24.11, 7370/7377/20900+
for 26.05), and asks `POST /job/allocate` for jobs that cannot start at once (their required
node drained), each on its own connection in a thread, while the story changes the cluster:
the node resumed, the job cancelled, held and released, updated onto another node, its
partition set down, the client gone. Each exchange is saved in order, as
mock_slurmrestd/tests/data/oracle/<release>/asked/allocate_block/<NNN>_<case>.json (the format
of record_releases.py, with "seconds": how long the blocked request waited, and "note"s saying
what happened meanwhile). release_allocate_block_test replays them on the mock.

  record_allocate_block.py                      # both releases (root)
  record_allocate_block.py --release 26.05
"""

import argparse
import json
import os
import shutil
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import record_releases as rr  # noqa: E402  (its Recorder and launcher)

PORTS = {"24.11": (7360, 7367, 20800), "26.05": (7370, 7377, 20900)}
VERSION = {"24.11": "v0.0.42", "26.05": "v0.0.45"}
OUT = os.path.join(rr.OUT, "{release}", "asked", "allocate_block")
N = "queue1-dy-t3micro-"


def alloc_body(name, node=None, partition="queue1"):
    j = {"name": name, "partition": partition, "current_working_directory": "/tmp",
         "environment": ["PATH=/bin"], "time_limit": {"set": True, "infinite": False, "number": 1}}
    if node:
        j["required_nodes"] = [node]
    return {"job": j}


class Blocked:
    """One allocation asked on its own thread; its exchange once it answered."""

    def __init__(self, r, name, body):
        self.r, self.name, self.body = r, name, body
        self.x = None
        self.t0 = time.monotonic()
        self.seconds = None
        self.th = threading.Thread(target=self._run, daemon=True)
        self.th.start()

    def _run(self):
        self.x = self.r.call("POST", f"/slurm/{self.r.version}/job/allocate", self.body,
                             timeout=3600)
        self.seconds = round(time.monotonic() - self.t0, 2)

    def answered(self, wait=0.0):
        self.th.join(wait)
        return not self.th.is_alive()

    def save(self, case, note):
        assert self.x is not None, case
        r = self.r
        r.n += 1
        doc = {"case": case, "release": r.release, "api_version": r.version, "note": note,
               "seconds": self.seconds}
        doc.update(self.x)
        with open(os.path.join(r.out, f"{r.n:03d}_{case}.json"), "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        print(f"  {r.release} {r.n:03d} {case}: {self.x['answer']['status']} after "
              f"{self.seconds} s", flush=True)
        return self.x["answer"]["body"]


def job_by_name(r, name, timeout=30):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        b = r.call("GET", f"/slurm/{r.version}/jobs")["answer"]["body"]
        for j in b.get("jobs", []):
            if j["name"] == name:
                return j["job_id"]
        time.sleep(0.2)
    raise SystemExit(f"{r.release}: no job {name}")


def node_idle(r, name, timeout=120):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        b = r.call("GET", f"/slurm/{r.version}/node/{name}", headers=r.admin)["answer"]["body"]
        s = set(b["nodes"][0]["state"])
        if "IDLE" in s and not s & {"NOT_RESPONDING", "DRAIN", "DOWN"}:
            return
        time.sleep(0.2)
    raise SystemExit(f"{r.release}: node {name} stuck in {s}")


def still_waiting(b, seconds, what):
    if b.answered(seconds):
        raise SystemExit(f"{b.r.release}: {what}: answered {b.x['answer']}")


def story(r):
    s = f"/slurm/{r.version}"
    a = r.admin
    drain = {"state": ["DRAIN"], "reason": "hold it"}
    # An allocation that starts at once, for its answer's shape.
    r.rec("immediate", "POST", f"{s}/job/allocate", alloc_body("now", N + "9"))
    # A long waiter on node 10, asked first and answered last: a server-side wait limit?
    r.rec("drain_10", "POST", f"{s}/node/{N}10", drain, headers=a)
    long = Blocked(r, "long", alloc_body("long", N + "10"))
    long_id = job_by_name(r, "long")
    # 1. The node comes back: the job starts and the request answers.
    r.rec("drain_1", "POST", f"{s}/node/{N}1", drain, headers=a)
    b = Blocked(r, "waits", alloc_body("waits", N + "1"))
    jid = job_by_name(r, "waits")
    r.rec("pending", "GET", f"{s}/job/{jid}", note="asked while the allocation request waited")
    still_waiting(b, 5, "waits")
    t = time.monotonic()
    r.rec("resume_1", "POST", f"{s}/node/{N}1", {"state": ["RESUME"]}, headers=a)
    b.answered(120)
    b.save("waits_answered", f"the request waited for the node; answered "
           f"{round(time.monotonic() - t, 2)} s after the RESUME")
    r.rec("started", "GET", f"{s}/job/{jid}", note="right after the blocked request answered")
    r.rec("cancel_started", "DELETE", f"{s}/job/{jid}")
    # 2. Cancelled while waiting.
    node_idle(r, N + "1")
    r.rec("drain_1_again", "POST", f"{s}/node/{N}1", drain, headers=a)
    b = Blocked(r, "cancelled", alloc_body("cancelled", N + "1"))
    jid = job_by_name(r, "cancelled")
    still_waiting(b, 2, "cancelled")
    r.rec("cancel_waiting", "DELETE", f"{s}/job/{jid}")
    b.answered(60)
    b.save("cancelled_answered", "the job was cancelled (DELETE) while the request waited")
    r.rec("cancelled_job", "GET", f"{s}/job/{jid}", note="right after the blocked answer")
    # 3. Held while waiting, the node resumed, then released.
    b = Blocked(r, "held", alloc_body("held", N + "1"))
    jid = job_by_name(r, "held")
    r.rec("hold", "POST", f"{s}/job/{jid}", {"hold": True})
    still_waiting(b, 2, "held")
    r.rec("resume_1_held", "POST", f"{s}/node/{N}1", {"state": ["RESUME"]}, headers=a)
    node_idle(r, N + "1")
    still_waiting(b, 5, "held, node back")
    r.rec("held_job", "GET", f"{s}/job/{jid}",
          note="the node back for 5 s, the job held, the request still waiting")
    r.rec("release", "POST", f"{s}/job/{jid}", {"hold": False})
    t = time.monotonic()
    b.answered(120)
    b.save("held_answered", f"answered {round(time.monotonic() - t, 2)} s after the release")
    r.rec("cancel_held", "DELETE", f"{s}/job/{jid}")
    # 4. Updated while waiting onto an idle node.
    node_idle(r, N + "1")
    r.rec("drain_1_third", "POST", f"{s}/node/{N}1", drain, headers=a)
    b = Blocked(r, "moved", alloc_body("moved", N + "1"))
    jid = job_by_name(r, "moved")
    still_waiting(b, 2, "moved")
    t = time.monotonic()
    r.rec("update_nodes", "POST", f"{s}/job/{jid}", {"required_nodes": [N + "3"]})
    b.answered(120)
    b.save("moved_answered", f"answered {round(time.monotonic() - t, 2)} s after the update")
    r.rec("moved_job", "GET", f"{s}/job/{jid}")
    r.rec("cancel_moved", "DELETE", f"{s}/job/{jid}")
    # 5. Time limit changed while waiting (the limit runs from the start only).
    b = Blocked(r, "limit", alloc_body("limit", N + "1"))
    jid = job_by_name(r, "limit")
    r.rec("update_limit", "POST", f"{s}/job/{jid}",
          {"time_limit": {"set": True, "infinite": False, "number": 2}})
    still_waiting(b, 3, "limit")
    r.rec("limit_job", "GET", f"{s}/job/{jid}", note="the request still waiting")
    r.rec("cancel_limit", "DELETE", f"{s}/job/{jid}")
    b.answered(60)
    b.save("limit_answered", "cancelled after the time limit update")
    # 6. The client goes away while waiting: the job kept or cancelled?
    conn = socket.create_connection(("127.0.0.1", rr.REST_PORT))
    body = json.dumps(alloc_body("gone", N + "1")).encode()
    conn.sendall((f"POST {s}/job/allocate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  f"X-SLURM-USER-NAME: {rr.USER}\r\nX-SLURM-USER-TOKEN: {r.token}\r\n"
                  f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
                 .encode() + body)
    jid = job_by_name(r, "gone")
    conn.close()
    time.sleep(3)
    r.rec("gone_job", "GET", f"{s}/job/{jid}", note="3 s after the client closed its connection")
    t = time.monotonic()
    r.rec("resume_1_gone", "POST", f"{s}/node/{N}1", {"state": ["RESUME"]}, headers=a)
    end = time.monotonic() + 60
    while time.monotonic() < end and "PENDING" in r.job(jid).get("job_state", ["PENDING"]):
        time.sleep(0.2)
    time.sleep(3)
    r.rec("gone_job_after_resume", "GET", f"{s}/job/{jid}",
          note=f"{round(time.monotonic() - t, 2)} s after the node's RESUME, the client gone")
    r.rec("cancel_gone", "DELETE", f"{s}/job/{jid}")
    # 7. The partition set down while waiting (26.05: POST /partitions on v0.0.44+).
    if r.release == "26.05":
        node_idle(r, N + "1")
        r.rec("drain_1_fourth", "POST", f"{s}/node/{N}1", drain, headers=a)
        b = Blocked(r, "pdown", alloc_body("pdown", N + "1"))
        jid = job_by_name(r, "pdown")
        r.rec("partition_down", "POST", f"{s}/partitions",
              {"partitions": [{"name": "queue1", "partition": {"state": ["DOWN"]}}]}, headers=a)
        r.rec("resume_1_pdown", "POST", f"{s}/node/{N}1", {"state": ["RESUME"]}, headers=a)
        node_idle(r, N + "1")
        still_waiting(b, 5, "partition down")
        r.rec("pdown_job", "GET", f"{s}/job/{jid}", note="the partition down, the node back 5 s")
        t = time.monotonic()
        r.rec("partition_up", "POST", f"{s}/partitions",
              {"partitions": [{"name": "queue1", "partition": {"state": ["UP"]}}]}, headers=a)
        b.answered(120)
        b.save("pdown_answered", f"answered {round(time.monotonic() - t, 2)} s after UP")
        r.rec("cancel_pdown", "DELETE", f"{s}/job/{jid}")
    # The long waiter: still waiting after the whole story?
    r.rec("long_job", "GET", f"{s}/job/{long_id}",
          note=f"the long waiter, {round(time.monotonic() - long.t0)} s after it asked")
    still_waiting(long, 1, "long")
    r.rec("cancel_long", "DELETE", f"{s}/job/{long_id}")
    long.answered(60)
    long.save("long_answered", "the long waiter, answered once cancelled")


def record(release):
    d = f"/tmp/ab-record-{release}"
    rest, ctld, base = PORTS[release]
    rr.REST_PORT = rest
    conf = ["--conf", rr.CLUSTER, "--dir", d, "--rest-port", str(rest), "--ctld-port", str(ctld),
            "--node-port-base", str(base), "--slurm-version", release]
    out = OUT.format(release=release)
    shutil.rmtree(d, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    rr.launcher("start", *conf)
    try:
        token = rr.launcher("token", rr.USER, "--dir", d)
        r = rr.Recorder(release, VERSION[release], out, token, {},
                        rr.launcher("token", "root", "--dir", d))
        story(r)
    finally:
        rr.launcher("stop", "--dir", d)
    shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--release", choices=sorted(PORTS), action="append")
    args = ap.parse_args()
    for release in args.release or sorted(PORTS):
        record(release)


if __name__ == "__main__":
    main()
