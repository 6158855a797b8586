#!/usr/bin/python3
"""Records what a partition's access lists, flags and limits do to jobs on a real slurmrestd.

One story per release, on a freshly started daemon (contract_tests/oracle/real_slurmrestd.py;
ports 7510/7517/21800+ for 26.05, 7520/7527/21900+ for 24.11). 26.05 starts from the
parallelcluster fixture and is given the partitions of fixtures/clusters/partition-rules/
slurm.conf by partition writes (v0.0.45); 24.11 reads them from that slurm.conf. Then the same
jobs are submitted to each partition (as ec2-user, or root where said) and each is shown once
slurmctld has placed it or given it a pending reason. Each exchange is saved, in order, as
mock_slurmrestd/tests/data/oracle/<release>/asked/partition_rules/<NNN>_<case>.json
(record_releases.py's format); release_partition_rules_test replays each story on one mock.

  record_partition_rules.py --slurm-version 26.05      # root; about 4 minutes a release
"""

import argparse
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import record_releases as rr  # noqa: E402  (its Recorder and launcher)

FIXTURES = os.path.join(rr.ROOT, "fixtures", "clusters")
PORTS = {"26.05": (7510, 7517, 21800), "24.11": (7520, 7527, 21900)}
API = {"26.05": "v0.0.45", "24.11": "v0.0.42"}
N2 = "queue2-dy-c5large-"
SCRIPT = "#!/bin/bash\nsleep 300"

# What 26.05 is sent for each partition of the partition-rules slurm.conf.
WRITES = [
    {"name": "pacct", "nodes": {"configured": N2 + "1"}, "accounts": {"allowed": "acct1"}},
    {"name": "pdeny", "nodes": {"configured": N2 + "1"}, "accounts": {"deny": "acct1"}},
    {"name": "pgrp", "nodes": {"configured": N2 + "1"}, "groups": {"allowed": "root"}},
    {"name": "proot", "nodes": {"configured": N2 + "1"}, "flags": ["ROOT_ONLY"]},
    {"name": "phid", "nodes": {"configured": N2 + "1"}, "flags": ["HIDDEN"]},
    {"name": "pexu", "nodes": {"configured": N2 + "2"}, "flags": ["EXCLUSIVE_USER"]},
    {"name": "pmcpu", "nodes": {"configured": N2 + "[3-4]"},
     "maximums": {"cpus_per_node": {"set": True, "number": 1}}},
    {"name": "plln", "nodes": {"configured": N2 + "[5-6]"}, "flags": ["LLN"]},
    {"name": "pexcl", "nodes": {"configured": N2 + "[7-8]"},
     "partition": {"oversubscribe": "EXCLUSIVE"}},  # refused (400): created below
    {"name": "pmem", "nodes": {"configured": N2 + "9"},
     "maximums": {"partition_memory_per_node": {"set": True, "number": 500}},
     "defaults": {"partition_memory_per_cpu": {"set": True, "number": 100}}},
    {"name": "plo", "nodes": {"configured": N2 + "10"}, "priority": {"tier": 1}},
    {"name": "phi", "nodes": {"configured": N2 + "10"}, "priority": {"tier": 5}},
]


def settle(r, job_id, timeout=20):
    """Waits until slurmctld has started the job or named why it waits."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        j = r.job(job_id)
        if "RUNNING" in j.get("job_state", []) or j.get("state_reason") not in (None, "None"):
            return
        time.sleep(0.3)


def story(r, release):
    s = f"/slurm/{r.version}"
    a = r.admin
    jobs = []

    def submit(case, partition, headers=None, settle_after=True, **extra):
        b = r.rec(case, "POST", f"{s}/job/submit",
                  rr.job_desc(case, SCRIPT, partition=partition, **extra), headers=headers)
        jid = rr.job_id_of(b)
        if jid:
            jobs.append(jid)
            if settle_after:
                settle(r, jid)
                r.rec(f"{case}_job", "GET", f"{s}/job/{jid}")
        return jid

    def cancel_all():
        for j in jobs:
            r.rec(f"cancel_{j}", "DELETE", f"{s}/job/{j}", headers=a)
        for j in jobs:
            r.wait_state(j, "CANCELLED")
        jobs.clear()
        end = time.monotonic() + 30  # until no node is still COMPLETING the jobs
        while time.monotonic() < end:
            b = r.call("GET", f"{s}/nodes", headers=a)["answer"]["body"]
            if not any("COMPLETING" in n.get("state", []) for n in b.get("nodes", [])):
                break
            time.sleep(0.3)

    if release == "26.05":
        for p in WRITES:
            r.rec(f"create_{p['name']}", "POST", f"{s}/partitions", {"partitions": [p]},
                  headers=a)
            r.rec(f"get_{p['name']}", "GET", f"{s}/partition/{p['name']}", headers=a)
    r.rec("list_user", "GET", f"{s}/partitions")
    r.rec("list_root", "GET", f"{s}/partitions", headers=a)
    r.rec("get_hidden_user", "GET", f"{s}/partition/phid")
    r.rec("get_group_user", "GET", f"{s}/partition/pgrp")
    # Access and memory, one job at a time on an idle node: each is shown, then cancelled.
    for case, part, hdrs, extra in (
            ("acct_none", "pacct", None, {}),
            ("acct_listed", "pacct", None, {"account": "acct1"}),
            ("acct_other", "pacct", None, {"account": "acct2"}),
            ("deny_listed", "pdeny", None, {"account": "acct1"}),
            ("deny_other", "pdeny", None, {"account": "acct2"}),
            ("deny_none", "pdeny", None, {}),
            ("group_user", "pgrp", None, {}),
            ("group_root", "pgrp", a, {}),
            ("root_only_user", "proot", None, {}),
            ("root_only_root", "proot", a, {}),
            ("hidden_user", "phid", None, {}),
            ("mem_default", "pmem", None, {"tasks": 2}),
            ("mem_over_node", "pmem", None,
             {"memory_per_node": {"set": True, "number": 600}}),
            ("mem_at_node", "pmem", None, {"memory_per_node": {"set": True, "number": 500}}),
            ("mem_over_cpu", "pmem", None, {"memory_per_cpu": {"set": True, "number": 600}}),
            ("mem_cpus_over_node", "pmem", None,
             {"tasks": 2, "memory_per_cpu": {"set": True, "number": 300}})):
        submit(case, part, headers=hdrs, **extra)
        cancel_all()
    # EXCLUSIVE_USER: one user's job, another user's, the first user's second.
    submit("exu_user_1", "pexu")
    submit("exu_root", "pexu", headers=a)
    u2 = submit("exu_user_2", "pexu")
    # Past a backfill cycle (30 s by default): does it join its user's node?
    end = time.monotonic() + 40
    while time.monotonic() < end and "RUNNING" not in r.job(u2).get("job_state", []):
        time.sleep(0.5)
    r.rec("exu_user_2_later", "GET", f"{s}/job/{u2}")
    cancel_all()
    submit("exu_user_3", "pexu")
    submit("exu_user_4", "pexu")
    cancel_all()
    # MaxCPUsPerNode=1 on two nodes of 2 CPUs.
    submit("mcpu_two_tasks", "pmcpu", tasks=2)
    cancel_all()
    submit("mcpu_two_tasks_one_node", "pmcpu", tasks=2, nodes="1")
    cancel_all()
    submit("mcpu_three_tasks", "pmcpu", tasks=3)
    cancel_all()
    submit("mcpu_one_a", "pmcpu")
    submit("mcpu_one_b", "pmcpu")
    submit("mcpu_one_c", "pmcpu")
    cancel_all()
    # LLN against the default (queue2 shares none of plln's nodes' jobs): two one-CPU jobs.
    submit("lln_a", "plln")
    submit("lln_b", "plln")
    cancel_all()
    submit("pack_a", "queue1")
    submit("pack_b", "queue1")
    cancel_all()
    # OverSubscribe as a partition write spells it.
    for case, body in (("ovs_exclusive", {"partition": {"exclusive": "YES"}}),
                       ("ovs_force", {"partition": {"oversubscribe": "FORCE:2"}}),
                       ("ovs_max_force", {"maximums": {"oversubscribe": {"jobs": 2,
                                                                         "flags": ["force"]}}})):
        if release != "26.05":
            break
        body = dict(body, name="pexcl", nodes={"configured": N2 + "[7-8]"})
        r.rec(case, "POST", f"{s}/partitions", {"partitions": [body]}, headers=a)
        r.rec(f"get_{case}", "GET", f"{s}/partition/pexcl", headers=a)
    submit("excl_a", "pexcl")
    submit("excl_b", "pexcl")
    submit("excl_c", "pexcl")
    cancel_all()
    # PriorityTier: a job fills the node both partitions share; one waits in each; the
    # filler ends.
    fill = submit("tier_fill", "plo", tasks=2)
    r.wait_state(fill, "RUNNING")
    submit("tier_lo", "plo", tasks=2)
    submit("tier_hi", "phi", tasks=2)
    r.rec("cancel_fill", "DELETE", f"{s}/job/{fill}", headers=a)
    r.wait_state(fill, "CANCELLED")
    end = time.monotonic() + 30
    while time.monotonic() < end and not any(
            "RUNNING" in r.job(j).get("job_state", []) for j in jobs[1:]):
        time.sleep(0.3)
    r.rec("tier_lo_after", "GET", f"{s}/job/{jobs[1]}")
    r.rec("tier_hi_after", "GET", f"{s}/job/{jobs[2]}")
    jobs.pop(0)  # the filler, cancelled above
    cancel_all()


def record(release):
    rest, ctld, base = PORTS[release]
    d = f"/tmp/pr-record-{release}"
    rr.REST_PORT = rest
    out = os.path.join(rr.OUT, release, "asked", "partition_rules")
    shutil.rmtree(d, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    conf = "parallelcluster" if release == "26.05" else "partition-rules"
    rr.launcher("start", "--conf", os.path.join(FIXTURES, conf, "slurm.conf"), "--dir", d,
                "--rest-port", str(rest), "--ctld-port", str(ctld), "--node-port-base", str(base),
                "--slurm-version", release)
    try:
        token = rr.launcher("token", rr.USER, "--dir", d)
        r = rr.Recorder(release, API[release], out, token, {},
                        rr.launcher("token", "root", "--dir", d))
        story(r, release)
    finally:
        rr.launcher("stop", "--dir", d)
    shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--slurm-version", choices=sorted(PORTS), action="append")
    for release in ap.parse_args().slurm_version or sorted(PORTS):
        record(release)


if __name__ == "__main__":
    main()
