"""Jobs that never started (cancelled while held, array jobs held then cancelled, a failing
dependency): their counts and fields as the real 22.05 daemon shows them
(docs/oracle-notes/objects.md, "Counts of jobs that never started")."""

import pytest

import version_facts
from helpers import assert_ok

pytestmark = pytest.mark.lifecycle

SCRIPT = "#!/bin/bash\nsleep 300"
SETTLE = 30  # seconds a cancel or a dependency verdict may take to show

# request -> (cpus, tasks, node_count) while waiting, then after the cancel. A job cancelled
# before it started shows null counts unless its task count was fixed: by `tasks`, or by
# `tasks_per_node` with a node count (then tasks_per_node x the minimum node count).
CASES = [
    ({}, (1, 1, 1), (None, None, 1)),
    ({"tasks": 1}, (1, 1, 1), (1, 1, 1)),
    ({"tasks": 3}, (3, 3, 2), (3, 3, 2)),
    ({"cpus_per_task": 2}, (2, 1, 1), (None, None, 1)),
    ({"tasks": 2, "cpus_per_task": 2}, (4, 2, 2), (4, 2, 2)),
    ({"nodes": 2}, (1, 2, 2), (None, None, 2)),
    ({"nodes": 2, "tasks": 4}, (4, 4, 2), (4, 4, 2)),
    ({"tasks_per_node": 2, "nodes": 1}, (2, 2, 1), (2, 2, 1)),
    ({"tasks_per_node": 2, "nodes": "1-3"}, (2, 2, 1), (2, 2, 1)),
    ({"tasks_per_node": 2, "nodes": "2-3"}, (4, 4, 2), (4, 4, 2)),
    ({"tasks_per_node": 3, "nodes": "2"}, (6, 6, 2), (6, 6, 2)),
    ({"tasks_per_node": 2, "nodes": 2, "cpus_per_task": 2}, (8, 4, 2), (8, 4, 2)),
    ({"tasks_per_node": 2, "nodes": 2, "tasks": 3}, (3, 3, 2), (3, 3, 2)),
    ({"array": "1-2", "tasks": 2}, (2, 2, 1), (2, 2, 1)),
    ({"array": "1-3", "nodes": 2}, (1, 2, 2), (None, None, 2)),
]


def counts(job):
    return job["cpus"], job["tasks"], job["node_count"]


def assert_never_started(client, job, cpus_asked):
    assert job["job_state"] == "CANCELLED", job["job_state"]
    assert job["start_time"] == job["end_time"], (job["start_time"], job["end_time"])
    assert job["nodes"] == ""
    if version_facts.omits_empty_job_resources(client.api_version):
        assert "job_resources" not in job
    else:
        assert job["job_resources"] == {}
    assert job["tres_alloc_str"] == ""
    assert job["exit_code"] == 0
    assert job["derived_exit_code"] == 0
    # what was asked for stays in tres_req_str
    assert job["tres_req_str"].startswith(f"cpu={cpus_asked},"), job["tres_req_str"]


@pytest.mark.parametrize("extra,waiting,cancelled", CASES,
                         ids=[repr(c[0]) for c in CASES])
def test_held_then_cancelled(client, job_desc, jobs_to_cancel, default_partition, extra,
                             waiting, cancelled):
    desc = job_desc(name="ct-unstarted", hold=True, partition=default_partition["name"], **extra)
    _, jid = client.submit(desc, SCRIPT)
    assert jid is not None
    jobs_to_cancel.append(jid)
    job = client.job(jid)
    assert job["job_state"] == "PENDING" and job["state_reason"] == "JobHeldUser"
    assert counts(job) == waiting
    assert job["cpus_per_task"] is None
    assert_ok(client.api("DELETE", f"/job/{jid}"))
    job = client.wait_job(jid, lambda j: j["job_state"] != "PENDING", SETTLE)
    assert counts(job) == cancelled
    assert job["state_reason"] == "JobHeldUser"
    assert_never_started(client, job, waiting[0])
    assert len(client.jobs_of(jid)) == 1, "a held array is never split into tasks"


def test_failing_dependency_then_cancelled(client, job_desc, jobs_to_cancel, default_partition):
    _, first = client.submit(job_desc(name="ct-dep-fails", partition=default_partition["name"]),
                             "#!/bin/bash\nexit 1")
    jobs_to_cancel.append(first)
    client.wait_job(first, lambda j: j["job_state"] == "FAILED", 90)
    _, jid = client.submit(job_desc(name="ct-dep-never", partition=default_partition["name"], tasks=2,
                                    dependency=f"afterok:{first}"), SCRIPT)
    jobs_to_cancel.append(jid)
    job = client.wait_job(jid, lambda j: j["state_reason"] == "DependencyNeverSatisfied",
                          SETTLE)
    assert job["job_state"] == "PENDING"
    assert counts(job) == (2, 2, 1)
    assert_ok(client.api("DELETE", f"/job/{jid}"))
    job = client.wait_job(jid, lambda j: j["job_state"] != "PENDING", SETTLE)
    assert counts(job) == (2, 2, 1)
    assert job["state_reason"] == "DependencyNeverSatisfied"
    assert_never_started(client, job, 2)
