#!/usr/bin/python3
"""Records what a real 26.05 slurmrestd answers to partition writes and to dynamic nodes.

Two stories, each on a freshly started daemon (contract_tests/oracle/real_slurmrestd.py):
- partitions (v0.0.45; the parallelcluster fixture; ports 7170/7177/19900+): create (minimal,
  with nodes, full, twice in one request, an existing name), refusals (non-admin, bad fields,
  bad node names), an update of each key family, delete (unknown, with a pending and a running
  job, the default partition), each followed by the GET that shows its effect;
- new nodes (v0.0.44 and v0.0.45; parallelcluster-dynamic, whose slurm.conf sets MaxNodeCount;
  ports 7180/7187/19950+): `POST .../new/node/` and `DELETE .../node/{name}` of such nodes;
- new nodes without MaxNodeCount (parallelcluster; the partitions story's ports).
Each exchange is saved, in order, as
mock_slurmrestd/tests/data/oracle/26.05/asked/<story>/<NNN>_<case>.json (record_releases.py's
format); release_partition_write_test replays each story, in order, on one mock.

  make record-partition-writes                 # root; about 2 minutes
  record_partition_writes.py --story partitions
"""

import argparse
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import record_releases as rr  # noqa: E402  (its Recorder and launcher)

RELEASE = "26.05"
OUT = os.path.join(rr.OUT, RELEASE, "asked")
FIXTURES = os.path.join(rr.ROOT, "fixtures", "clusters")
STORIES = {"partitions": ("parallelcluster", (7170, 7177, 19900)),
           "new_nodes": ("parallelcluster-dynamic", (7180, 7187, 19950)),
           "new_nodes_no_max": ("parallelcluster", (7170, 7177, 19900))}
N1 = "queue1-dy-t3micro-"
N2 = "queue2-dy-c5large-"


def parts(*p):
    return {"partitions": list(p)}


def partitions(r):
    s = "/slurm/v0.0.45"
    a = r.admin
    r.version = "v0.0.45"

    def create(case, body, headers=a, **kw):
        return r.rec(case, "POST", f"{s}/partitions", body, headers=headers, **kw)

    def get(case, name):
        return r.rec(case, "GET", f"{s}/partition/{name}")

    r.rec("list_before", "GET", f"{s}/partitions")
    create("create_user", parts({"name": "queue3"}), headers=None)
    create("create_minimal", parts({"name": "queue3"}))
    get("get_minimal", "queue3")
    create("create_nodes", parts({"name": "queue4", "nodes": {"configured": N1 + "[9-10]"}}))
    get("get_nodes", "queue4")
    create("create_full", parts({
        "name": "queue5", "nodes": {"configured": N2 + "[1-4]"},
        "accounts": {"allowed": "acct1,acct2"}, "groups": {"allowed": "wheel"},
        "alternate": "queue1", "defaults": {"time": {"set": True, "number": 10}},
        "maximums": {"time": {"set": True, "number": 60}, "nodes": {"set": True, "number": 4}},
        "minimums": {"nodes": 1}, "priority": {"job_factor": 5, "tier": 3},
        "partition": {"state": ["UP"]}, "grace_time": 30}))
    get("get_full", "queue5")
    create("create_twice_in_list", parts(
        {"name": "queue6", "maximums": {"time": {"set": True, "number": 30}}},
        {"name": "queue6", "maximums": {"time": {"set": True, "number": 40}}}))
    get("get_twice_in_list", "queue6")
    create("create_existing_name", parts({"name": "queue2", "grace_time": 5}))
    get("get_existing_name", "queue2")
    # Refusals.
    create("bad_time_type", parts({"name": "queue7", "maximums": {"time": "abc"}}))
    create("bad_state", parts({"name": "queue7", "partition": {"state": ["BOGUS"]}}))
    create("bad_flag", parts({"name": "queue7", "flags": ["NOPE"]}))
    create("no_name", parts({"grace_time": 1}))
    create("empty_name", parts({"name": ""}))
    create("bad_nodes", parts({"name": "queue7", "nodes": {"configured": "no-such-node"}}))
    create("bad_nodes_range", parts({"name": "queue7", "nodes": {"configured": N1 + "[9-12]"}}))
    create("bad_alternate", parts({"name": "queue7", "alternate": "nope"}))
    create("second_entry_bad", parts({"name": "queue7"},
                                     {"name": "queue8", "nodes": {"configured": "nope"}}))
    create("partitions_empty_list", parts())
    r.rec("list_after_creates", "GET", f"{s}/partitions")
    r.rec("list_after_creates_root", "GET", f"{s}/partitions", headers=a)
    # Updates, one key family at a time.
    create("upd_nodes", parts({"name": "queue3", "nodes": {"configured": N2 + "[9-10]"}}))
    get("get_upd_nodes", "queue3")
    create("upd_times", parts({"name": "queue3", "defaults": {"time": {"set": True, "number": 5}},
                               "maximums": {"time": {"set": True, "number": 120}}}))
    get("get_upd_times", "queue3")
    create("upd_time_infinite", parts({"name": "queue3",
                                       "maximums": {"time": {"infinite": True}}}))
    get("get_upd_time_infinite", "queue3")
    for st in ("DOWN", "INACTIVE", "DRAIN", "UP"):
        create(f"upd_state_{st.lower()}", parts({"name": "queue3", "partition": {"state": [st]}}))
        get(f"get_upd_state_{st.lower()}", "queue3")
    create("upd_priority", parts({"name": "queue3", "priority": {"job_factor": 2, "tier": 10}}))
    get("get_upd_priority", "queue3")
    create("upd_access", parts({"name": "queue3", "accounts": {"deny": "bad"},
                                "groups": {"allowed": "root"}}))
    get("get_upd_access", "queue3")
    create("upd_qos", parts({"name": "queue3", "qos": {"allowed": "normal"}}))
    get("get_upd_qos", "queue3")
    create("upd_flags", parts({"name": "queue3", "flags": ["ROOT_ONLY", "EXCLUSIVE_USER"]}))
    get("get_upd_flags", "queue3")
    create("upd_flags_cleared", parts({"name": "queue3", "flags": []}))
    get("get_upd_flags_cleared", "queue3")
    create("upd_limits", parts({"name": "queue3", "maximums": {
        "nodes": {"set": True, "number": 2}, "cpus_per_node": {"set": True, "number": 2},
        "oversubscribe": {"jobs": 4, "flags": ["force"]}}, "minimums": {"nodes": 2},
        "grace_time": 7}))
    get("get_upd_limits", "queue3")
    create("upd_default", parts({"name": "queue3", "flags": ["DEFAULT"]}))
    r.rec("list_after_default", "GET", f"{s}/partitions")
    create("upd_default_back", parts({"name": "queue1", "flags": ["DEFAULT"]}))
    create("upd_unknown_field", parts({"name": "queue3", "nope": "x"}))
    # Deletes, with jobs.
    run = rr.job_id_of(r.rec("submit_running", "POST", f"{s}/job/submit",
                             rr.job_desc("run", "#!/bin/bash\nsleep 300", partition="queue4")))
    r.wait_state(run, "RUNNING")
    pend = rr.job_id_of(r.rec("submit_pending", "POST", f"{s}/job/submit",
                              rr.job_desc("pend", "#!/bin/bash\nsleep 300", partition="queue6",
                                          hold=True)))
    r.rec("delete_user", "DELETE", f"{s}/partition/queue6")
    r.rec("delete_pending", "DELETE", f"{s}/partition/queue6", headers=a)
    r.rec("job_after_delete_pending", "GET", f"{s}/job/{pend}")
    r.rec("delete_running", "DELETE", f"{s}/partition/queue4", headers=a)
    r.rec("job_after_delete_running", "GET", f"{s}/job/{run}")
    r.rec("cancel_running", "DELETE", f"{s}/job/{run}")
    r.rec("cancel_pending", "DELETE", f"{s}/job/{pend}")
    r.wait_state(run, "CANCELLED")
    r.rec("delete_after_cancel", "DELETE", f"{s}/partition/queue4", headers=a)
    r.rec("delete_after_cancel_pending", "DELETE", f"{s}/partition/queue6", headers=a)
    r.rec("delete_unknown", "DELETE", f"{s}/partition/nope", headers=a)
    r.rec("delete_minimal", "DELETE", f"{s}/partition/queue3", headers=a)
    r.rec("delete_again", "DELETE", f"{s}/partition/queue3", headers=a)
    r.rec("get_deleted", "GET", f"{s}/partition/queue3")
    r.rec("delete_with_body", "DELETE", f"{s}/partition/queue5", headers=a)
    r.rec("list_after_deletes", "GET", f"{s}/partitions")
    r.rec("jobs_after_deletes", "GET", f"{s}/jobs")
    r.rec("delete_default", "DELETE", f"{s}/partition/queue1", headers=a)
    r.rec("list_end", "GET", f"{s}/partitions")
    r.rec("submit_no_partition", "POST", f"{s}/job/submit",
          {"job": {k: v for k, v in rr.job_desc("np", "#!/bin/bash\ntrue")["job"].items()
                   if k != "partition"}})


def new_nodes(r):
    a = r.admin
    for v, pre in (("v0.0.44", "d44-"), ("v0.0.45", "d45-")):
        s = f"/slurm/{v}"
        r.version = v

        def new(case, conf, headers=a):
            return r.rec(case, "POST", f"{s}/new/node", {"node_conf": conf}, headers=headers)

        new("new_user", f"NodeName={pre}1 CPUs=2 RealMemory=900 State=FUTURE", headers=None)
        new("new_no_state", f"NodeName={pre}1 CPUs=2 RealMemory=900")
        new("new_future", f"NodeName={pre}1 CPUs=2 RealMemory=900 State=FUTURE")
        r.rec("get_future_user", "GET", f"{s}/node/{pre}1")
        r.rec("get_future_root", "GET", f"{s}/node/{pre}1", headers=a)
        new("new_cloud", f"NodeName={pre}2 CPUs=2 RealMemory=900 State=CLOUD")
        r.rec("get_cloud", "GET", f"{s}/node/{pre}2", headers=a)
        new("new_again", f"NodeName={pre}1 CPUs=2 RealMemory=900 State=FUTURE")
        new("new_static_name", f"NodeName={N1}1 CPUs=2 State=FUTURE")
        new("new_bad_state", f"NodeName={pre}3 CPUs=2 State=IDLE")
        new("new_garbage", "garbage")
        new("new_empty_conf", "")
        new("new_bad_key", f"NodeName={pre}3 Nope=1 State=FUTURE")
        r.rec("new_no_conf", "POST", f"{s}/new/node", {}, headers=a)
        r.rec("nodes_after_new_user", "GET", f"{s}/nodes")
        r.rec("nodes_after_new_root", "GET", f"{s}/nodes", headers=a)
        r.rec("update_future", "POST", f"{s}/node/{pre}1", {"state": ["RESUME"]}, headers=a)
        r.rec("get_resumed", "GET", f"{s}/node/{pre}1", headers=a)
        r.rec("delete_user", "DELETE", f"{s}/node/{pre}1")
        r.rec("delete_new", "DELETE", f"{s}/node/{pre}1", headers=a)
        r.rec("get_deleted", "GET", f"{s}/node/{pre}1", headers=a)
        r.rec("delete_again", "DELETE", f"{s}/node/{pre}1", headers=a)
        r.rec("delete_static", "DELETE", f"{s}/node/{N2}10", headers=a)
        r.rec("delete_cloud", "DELETE", f"{s}/node/{pre}2", headers=a)
    # Up to MaxNodeCount (24: 20 from slurm.conf), then one more.
    s = "/slurm/v0.0.45"
    r.rec("new_range", "POST", f"{s}/new/node",
          {"node_conf": "NodeName=dr-[1-3] CPUs=2 State=FUTURE"}, headers=a)
    r.rec("new_fourth", "POST", f"{s}/new/node",
          {"node_conf": "NodeName=dr-4 CPUs=2 State=FUTURE"}, headers=a)
    r.rec("new_over_max", "POST", f"{s}/new/node",
          {"node_conf": "NodeName=dr-5 CPUs=2 State=FUTURE"}, headers=a)
    r.rec("nodes_end", "GET", f"{s}/nodes", headers=a)
    r.rec("partitions_end", "GET", f"{s}/partitions")


def new_nodes_no_max(r):
    """Without MaxNodeCount: the node table has no room for a node not in slurm.conf."""
    a = r.admin
    for v in ("v0.0.44", "v0.0.45"):
        r.version = v
        r.rec("new_future", "POST", f"/slurm/{v}/new/node",
              {"node_conf": "NodeName=nm-1 CPUs=2 State=FUTURE"}, headers=a)
        r.rec("new_no_state", "POST", f"/slurm/{v}/new/node",
              {"node_conf": "NodeName=nm-1 CPUs=2"}, headers=a)
        r.rec("new_user", "POST", f"/slurm/{v}/new/node",
              {"node_conf": "NodeName=nm-1 CPUs=2 State=FUTURE"})


def record(name):
    fixture, (rest, ctld, base) = STORIES[name]
    d = f"/tmp/pw-record-{name}"
    rr.REST_PORT = rest
    out = os.path.join(OUT, name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    rr.launcher("start", "--conf", os.path.join(FIXTURES, fixture, "slurm.conf"), "--dir", d,
                "--rest-port", str(rest), "--ctld-port", str(ctld), "--node-port-base", str(base),
                "--slurm-version", RELEASE)
    try:
        token = rr.launcher("token", rr.USER, "--dir", d)
        r = rr.Recorder(RELEASE, "v0.0.45", out, token, {}, rr.launcher("token", "root", "--dir", d))
        globals()[name](r)
    finally:
        rr.launcher("stop", "--dir", d)
    shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--story", choices=sorted(STORIES), action="append")
    for name in ap.parse_args().story or sorted(STORIES):
        record(name)


if __name__ == "__main__":
    main()
