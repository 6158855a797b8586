"""POST /job/allocate of a job that cannot start at once (Slurm 24.11 over v0.0.42, 26.05 over
v0.0.45): the request blocks, the job listed PENDING without a batch step, until the job starts
(the answer then is its id, as for an allocation that starts at once) or is cancelled (500 on
24.11, 422 on 26.05, error 2021). Expected answers: the real daemons' (recordings under
mock_slurmrestd/tests/data/oracle/<release>/asked/allocate_block/). The job waits for a node
that a batch job fills, so only a user's requests are needed."""

import concurrent.futures
import time

import pytest

pytestmark = [pytest.mark.lifecycle,
              pytest.mark.parametrize("profile,version", [("24.11", "v0.0.42"),
                                                          ("26.05", "v0.0.45")])]

REFUSAL = {"24.11": 500, "26.05": 422}
WAIT = 60  # seconds a state change may take to show; bounds a wait, never slept


def allocation(name, node):
    return {"job": {"name": name, "current_working_directory": "/tmp",
                    "environment": ["PATH=/bin"], "required_nodes": [node],
                    "time_limit": {"set": True, "infinite": False, "number": 1}}}


def fill_a_node(rclient, cancel_after):
    """A batch job holding every CPU of one node, running; (its id, the node)."""
    r = rclient.api("GET", "/nodes")
    assert r.status == 200, r
    idle = [n for n in r.json()["nodes"] if n["state"] == ["IDLE"]]
    assert idle, "no idle node"
    node = idle[-1]  # the last: other tests' jobs go to the first ones
    r, job_id = rclient.submit(
        {"name": "filler", "partition": node["partitions"][0],
         "current_working_directory": "/tmp", "environment": ["PATH=/bin"],
         "required_nodes": [node["name"]], "tasks": 1, "cpus_per_task": node["cpus"],
         "time_limit": {"set": True, "infinite": False, "number": 30}},
        "#!/bin/bash\nsleep 1000")
    assert r.status == 200, r
    cancel_after.append(job_id)
    rclient.wait_job(job_id, lambda j: "RUNNING" in j["job_state"], WAIT)
    return job_id, node


def start_blocked(target, version, name, node, pool):
    """The allocation asked on its own connection; its future and the job's id once listed."""
    client = target.client(version)
    client.timeout = 300.0
    body = allocation(name, node["name"])
    body["job"]["partition"] = node["partitions"][0]
    future = pool.submit(client.api, "POST", "/job/allocate", body)
    lister = target.client(version)
    end = time.monotonic() + WAIT
    while time.monotonic() < end:
        r = lister.api("GET", "/jobs")
        assert r.status == 200, r
        ids = [j["job_id"] for j in r.json()["jobs"] if j["name"] == name]
        if ids:
            return future, ids[0]
        time.sleep(0.2)
    raise AssertionError(f"allocation {name} never listed")


def test_blocks_until_the_job_starts(target, rclient, profile, version, cancel_after):
    filler, node = fill_a_node(rclient, cancel_after)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        future, job_id = start_blocked(target, version, "blocked", node, pool)
        cancel_after.append(job_id)
        job = rclient.job(job_id)
        assert job["job_state"] == ["PENDING"]
        assert job["batch_flag"] is False
        assert not future.done()
        assert rclient.api("DELETE", f"/job/{filler}").status == 200
        r = future.result(timeout=WAIT)
    assert r.status == 200, r
    body = r.json()
    assert body["job_id"] == job_id
    assert body["job_submit_user_msg"] == ""
    assert body["errors"] == [] and body["warnings"] == []
    assert list(body) == ["job_id", "job_submit_user_msg", "meta", "errors", "warnings"]
    assert "RUNNING" in rclient.job(job_id)["job_state"]


def test_cancelled_while_waiting_answers_2021(target, rclient, profile, version, cancel_after):
    _, node = fill_a_node(rclient, cancel_after)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        future, job_id = start_blocked(target, version, "cancelled", node, pool)
        assert not future.done()
        assert rclient.api("DELETE", f"/job/{job_id}").status == 200
        r = future.result(timeout=WAIT)
    assert r.status == REFUSAL[profile], r
    assert r.json()["errors"] == [{
        "description": "Job allocation request failed", "error_number": 2021,
        "error": "Job/step already completing or completed",
        "source": "slurm_allocate_resources_blocking()"}]
    assert "job_id" not in r.json()
    assert "CANCELLED" in rclient.job(job_id)["job_state"]
