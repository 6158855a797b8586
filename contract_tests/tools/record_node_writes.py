#!/usr/bin/python3
"""Records what real 24.11 and 26.05 slurmrestd daemons answer to node updates and deletes.

For each release and API version, starts the real daemon in its chroot on a fresh cluster
(contract_tests/oracle/real_slurmrestd.py; ports 7010/7017/18600+ for 24.11, 7020/7027/18700+
for 26.05), runs one fixed story of node writes and the reads that show their effect, and saves
each exchange, in order, as
mock_slurmrestd/tests/data/oracle/<release>/asked/nodes/<version>/<NNN>_<case>.json (the
format of record_releases.py). release_node_write_test replays each version's story, in
order, on one mock.

  make record-node-writes                     # both releases, every version (root)
  record_node_writes.py --release 26.05 --version v0.0.45
"""

import argparse
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import record_releases as rr  # noqa: E402  (its Recorder and launcher)

PORTS = {"24.11": (7010, 7017, 18600), "26.05": (7020, 7027, 18700)}
OUT = os.path.join(rr.OUT, "{release}", "asked", "nodes")
N = "queue1-dy-t3micro-"
Q2 = "queue2-dy-c5large-"


def wait_node(r, name, absent=(), present=(), timeout=180):
    """Polls (unrecorded) until the node's state has none of `absent` and all of `present`."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        b = r.call("GET", f"/slurm/{r.version}/node/{name}", headers=r.admin)["answer"]["body"]
        s = set(b["nodes"][0]["state"]) if b.get("nodes") else set()
        if not (s & set(absent)) and set(present) <= s:
            return
        time.sleep(0.2)
    raise SystemExit(f"{r.release} {r.version}: node {name} stuck in {s}")


def wait_job_left(r, job_id, state, timeout=60):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if state not in r.job(job_id).get("job_state", []):
            return
        time.sleep(0.2)
    raise SystemExit(f"{r.release} {r.version}: job {job_id} stays {state}")


def story(r):
    s = f"/slurm/{r.version}"
    a = r.admin
    n1 = N + "1"
    r.rec("node_before", "GET", f"{s}/node/{n1}")
    # Permission: an ordinary user may not change or delete a node.
    r.rec("user_drain", "POST", f"{s}/node/{n1}", {"state": ["DRAIN"], "reason": "maint"})
    r.rec("user_delete", "DELETE", f"{s}/node/{n1}")
    r.rec("user_bulk", "POST", f"{s}/nodes", {"name": [n1], "state": ["DRAIN"], "reason": "m"})
    r.rec("user_bulk_two", "POST", f"{s}/nodes", {"name": [n1, N + "2"], "comment": "m"})
    # State transitions and what GET shows.
    r.rec("drain", "POST", f"{s}/node/{n1}", {"state": ["DRAIN"], "reason": "maint"}, headers=a)
    r.rec("node_drained", "GET", f"{s}/node/{n1}")
    r.rec("resume", "POST", f"{s}/node/{n1}", {"state": ["RESUME"]}, headers=a)
    wait_node(r, n1, absent=("NOT_RESPONDING",))
    r.rec("node_resumed", "GET", f"{s}/node/{n1}",
          note="asked once NOT_RESPONDING (shown for about a second after RESUME) was gone")
    r.rec("down", "POST", f"{s}/node/{n1}", {"state": ["DOWN"], "reason": "broken"}, headers=a)
    r.rec("node_down", "GET", f"{s}/node/{n1}")
    r.rec("idle_from_down", "POST", f"{s}/node/{n1}", {"state": ["IDLE"]}, headers=a)
    wait_node(r, n1, absent=("NOT_RESPONDING",))
    r.rec("node_after_idle", "GET", f"{s}/node/{n1}", note="asked once NOT_RESPONDING was gone")
    r.rec("resume_from_down", "POST", f"{s}/node/{n1}", {"state": ["RESUME"]}, headers=a)
    wait_node(r, n1, absent=("NOT_RESPONDING", "DOWN"))
    r.rec("node_resumed_from_down", "GET", f"{s}/node/{n1}",
          note="asked once NOT_RESPONDING was gone")
    r.rec("drain_without_reason", "POST", f"{s}/node/{n1}", {"state": ["DRAIN"]}, headers=a)
    r.rec("node_drained_without_reason", "GET", f"{s}/node/{n1}")
    r.rec("undrain", "POST", f"{s}/node/{n1}", {"state": ["UNDRAIN"]}, headers=a)
    wait_node(r, n1, absent=("NOT_RESPONDING",))
    r.rec("node_undrained", "GET", f"{s}/node/{n1}", note="asked once NOT_RESPONDING was gone")
    r.rec("reason_alone", "POST", f"{s}/node/{n1}", {"reason": "just a reason"}, headers=a)
    r.rec("node_reason_alone", "GET", f"{s}/node/{n1}")
    r.rec("fail", "POST", f"{s}/node/{n1}", {"state": ["FAIL"], "reason": "failing"},
          headers=a)
    r.rec("node_failing", "GET", f"{s}/node/{n1}")
    r.rec("resume_from_fail", "POST", f"{s}/node/{n1}", {"state": ["RESUME"]}, headers=a)
    wait_node(r, n1, absent=("NOT_RESPONDING", "FAIL", "DRAIN"))
    r.rec("node_resumed_from_fail", "GET", f"{s}/node/{n1}")
    r.rec("future", "POST", f"{s}/node/{n1}", {"state": ["FUTURE"]}, headers=a)
    r.rec("power_down", "POST", f"{s}/node/{n1}", {"state": ["POWER_DOWN"]}, headers=a)
    r.rec("two_states", "POST", f"{s}/node/{n1}", {"state": ["DRAIN", "DOWN"], "reason": "x"},
          headers=a)
    r.rec("node_after_refusals", "GET", f"{s}/node/{n1}")
    r.rec("resume_idle_node", "POST", f"{s}/node/{n1}", {"state": ["RESUME"]}, headers=a)
    wait_node(r, n1, absent=("NOT_RESPONDING", "FUTURE"))
    r.rec("resume_plain_idle", "POST", f"{s}/node/{n1}", {"state": ["RESUME"]}, headers=a)
    r.rec("idle_plain_idle", "POST", f"{s}/node/{n1}", {"state": ["IDLE"]}, headers=a)
    # The other fields.
    n2 = N + "2"
    r.rec("fields", "POST", f"{s}/node/{n2}",
          {"comment": "c1", "extra": "e1", "weight": 5, "features": ["f1", "f2"],
           "features_act": ["f1"]}, headers=a)
    r.rec("node_fields", "GET", f"{s}/node/{n2}")
    r.rec("fields_cleared", "POST", f"{s}/node/{n2}",
          {"comment": "", "extra": "", "features": [], "features_act": []}, headers=a)
    r.rec("node_fields_cleared", "GET", f"{s}/node/{n2}")
    r.rec("features_string", "POST", f"{s}/node/{n2}", {"features": "a,b"}, headers=a)
    r.rec("node_features_string", "GET", f"{s}/node/{n2}")
    r.rec("gres", "POST", f"{s}/node/{n2}", {"gres": "gpu:1"}, headers=a)
    r.rec("same_address", "POST", f"{s}/node/{n2}",
          {"address": ["127.0.0.1"], "hostname": ["localhost"]}, headers=a)
    r.rec("weight_bad_type", "POST", f"{s}/node/{n2}", {"weight": "heavy"}, headers=a)
    r.rec("weight_negative", "POST", f"{s}/node/{n2}", {"weight": -3}, headers=a)
    r.rec("state_string", "POST", f"{s}/node/{n2}", {"state": "DRAIN", "reason": "str"},
          headers=a)
    r.rec("node_state_string", "GET", f"{s}/node/{n2}")
    r.rec("resume_n2", "POST", f"{s}/node/{n2}", {"state": ["RESUME"]}, headers=a)
    wait_node(r, n2, absent=("NOT_RESPONDING",))
    r.rec("comment_number", "POST", f"{s}/node/{n2}", {"comment": 5}, headers=a)
    r.rec("unknown_field", "POST", f"{s}/node/{n2}", {"no_such_field": {"x": 1}}, headers=a)
    r.rec("empty_object", "POST", f"{s}/node/{n2}", {}, headers=a)
    r.rec("no_body", "POST", f"{s}/node/{n2}", headers=a)
    r.rec("body_list", "POST", f"{s}/node/{n2}", [1], headers=a)
    r.rec("node_after_field_refusals", "GET", f"{s}/node/{n2}")
    r.rec("unknown_node", "POST", f"{s}/node/no-such-node", {"comment": "x"}, headers=a)
    r.rec("unknown_node_no_body", "POST", f"{s}/node/no-such-node", headers=a)
    # Node lists.
    r.rec("range_drain", "POST", f"{s}/node/{N}%5B3-4%5D", {"state": ["DRAIN"], "reason": "rng"},
          headers=a)
    r.rec("range_brackets_unescaped", "POST", f"{s}/node/{N}[3-4]", {"comment": "x"}, headers=a)
    r.rec("range_nodes", "GET", f"{s}/nodes")
    r.rec("range_get", "GET", f"{s}/node/{N}%5B3-4%5D")
    r.rec("range_resume", "POST", f"{s}/node/{N}3%2C{N}4", {"state": ["RESUME"]}, headers=a)
    wait_node(r, N + "3", absent=("NOT_RESPONDING", "DRAIN"))
    wait_node(r, N + "4", absent=("NOT_RESPONDING", "DRAIN"))
    r.rec("range_partly_unknown", "POST", f"{s}/node/{N}%5B10-11%5D", {"comment": "x"},
          headers=a)
    r.rec("range_after", "GET", f"{s}/nodes")
    r.rec("bulk", "POST", f"{s}/nodes", {"name": [N + "5", N + "6"], "comment": "bulk"},
          headers=a)
    r.rec("bulk_nodes", "GET", f"{s}/nodes")
    r.rec("bulk_name_string", "POST", f"{s}/nodes", {"name": f"{N}5", "comment": "b2"},
          headers=a)
    r.rec("bulk_no_name", "POST", f"{s}/nodes", {"comment": "nameless"}, headers=a)
    r.rec("bulk_unknown", "POST", f"{s}/nodes", {"name": ["no-such-node"], "comment": "x"},
          headers=a)
    # Jobs on a drained, then a downed node: a one-CPU job on an idle queue2 (its first node).
    job = rr.job_id_of(r.rec("submit_busy", "POST", f"{s}/job/submit",
                             rr.job_desc("busy", "#!/bin/bash\nsleep 300",
                                         partition="queue2")))
    r.wait_state(job, "RUNNING")
    busy_node = r.job(job)["nodes"]
    if busy_node != "queue2-dy-c5large-1":
        raise SystemExit(f"{r.release} {r.version}: the job runs on {busy_node}, "
                         "not on queue2's first node")
    r.rec("drain_busy", "POST", f"{s}/node/{busy_node}", {"state": ["DRAIN"], "reason": "busy"},
          headers=a)
    r.rec("node_draining", "GET", f"{s}/node/{busy_node}")
    r.rec("job_on_draining", "GET", f"{s}/job/{job}")
    r.rec("delete_busy", "DELETE", f"{s}/node/{busy_node}", headers=a)
    r.rec("down_busy", "POST", f"{s}/node/{busy_node}", {"state": ["DOWN"], "reason": "dead"},
          headers=a)
    wait_job_left(r, job, "RUNNING")
    r.rec("job_after_down", "GET", f"{s}/job/{job}",
          note="asked once the job had left RUNNING")
    r.rec("node_down_busy", "GET", f"{s}/node/{busy_node}")
    r.rec("cancel", "DELETE", f"{s}/job/{job}")
    # Deleting.
    r.rec("delete_static", "DELETE", f"{s}/node/{Q2}8", headers=a)
    r.rec("delete_unknown", "DELETE", f"{s}/node/no-such-node", headers=a)
    r.rec("delete_range", "DELETE", f"{s}/node/{Q2}%5B8-9%5D", headers=a)
    r.rec("nodes_end", "GET", f"{s}/nodes")


def record(release, versions):
    d = f"/tmp/nw-record-{release}"
    rest, ctld, base = PORTS[release]
    rr.REST_PORT = rest
    conf = ["--conf", rr.CLUSTER, "--dir", d, "--rest-port", str(rest), "--ctld-port", str(ctld),
            "--node-port-base", str(base), "--slurm-version", release]
    out = OUT.format(release=release)
    for v in versions:
        shutil.rmtree(d, ignore_errors=True)
        shutil.rmtree(os.path.join(out, v), ignore_errors=True)
        rr.launcher("start", *conf)
        try:
            token = rr.launcher("token", rr.USER, "--dir", d)
            r = rr.Recorder(release, v, os.path.join(out, v), token, {},
                            rr.launcher("token", "root", "--dir", d))
            story(r)
        finally:
            rr.launcher("stop", "--dir", d)
    shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--release", choices=sorted(rr.VERSIONS), action="append")
    ap.add_argument("--version", action="append", help="only these API versions")
    a = ap.parse_args()
    for release in a.release or sorted(rr.VERSIONS):
        record(release, [v for v in rr.VERSIONS[release] if not a.version or v in a.version])


if __name__ == "__main__":
    main()
