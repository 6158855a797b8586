"""Job lifecycles observed by bounded polling: complete, fail, timeout, cancel, signal, array,
update and release of a held job."""

import json
import os
import time

import pytest

from helpers import assert_described_error, assert_error, assert_ok

pytestmark = pytest.mark.lifecycle

HERE = os.path.dirname(os.path.abspath(__file__))
FINISH = 90  # seconds a short job may take to be scheduled, run and be reported finished


def finished(state):
    return lambda j: j["job_state"] == state


def test_blog_job_completes(client, jobs_to_cancel):
    """The blog's flow over this version: submit its job, poll it to the end, find it listed."""
    with open(os.path.join(HERE, "payloads", "blog_job.json")) as f:
        payload = json.load(f)
    body = assert_ok(client.api("POST", "/job/submit", payload), "job_id")
    jid = body["job_id"]
    jobs_to_cancel.append(jid)
    job = client.wait_job(jid, finished("COMPLETED"), FINISH)
    listed = [j for j in assert_ok(client.api("GET", "/jobs"), "jobs")["jobs"]
              if j["job_id"] == jid]
    assert [j["job_state"] for j in listed] == ["COMPLETED"]
    assert job["exit_code"] == 0
    assert job["name"] == "test"
    assert job["nodes"] and job["node_count"] == 1
    assert job["start_time"] >= job["submit_time"] > 0
    assert job["end_time"] >= job["start_time"]
    assert job["state_reason"] == "None"
    assert job["standard_output"] == payload["job"]["standard_output"]


def test_exit_code_failure(client, job_desc, jobs_to_cancel):
    _, jid = client.submit(job_desc(name="ct-exit3"), "#!/bin/bash\nexit 3")
    jobs_to_cancel.append(jid)
    job = client.wait_job(jid, finished("FAILED"), FINISH)
    assert job["exit_code"] == 3 << 8  # wait(2) status: exit value in the high byte
    assert job["state_reason"] == "NonZeroExitCode"


def test_cancel_running_job(client, job_desc, jobs_to_cancel):
    _, jid = client.submit(job_desc(name="ct-cancel"), "#!/bin/bash\nsleep 120")
    jobs_to_cancel.append(jid)
    client.wait_job(jid, finished("RUNNING"), FINISH)
    assert_ok(client.api("DELETE", f"/job/{jid}"))
    job = client.wait_job(jid, finished("CANCELLED"), 30)
    assert job["end_time"] >= job["start_time"] > 0


def test_cancel_pending_job(client, job_desc, jobs_to_cancel):
    _, jid = client.submit(job_desc(name="ct-cancel-pd", hold=True), "#!/bin/bash\nsleep 30")
    jobs_to_cancel.append(jid)
    assert client.job(jid)["job_state"] == "PENDING"  # held: it cannot have started
    assert_ok(client.api("DELETE", f"/job/{jid}"))
    job = client.wait_job(jid, finished("CANCELLED"), 10)
    assert job["start_time"] == job["end_time"]


def test_signal_running_job(client, job_desc, jobs_to_cancel):
    """SIGUSR1 kills the batch shell: the job fails with the signal in the low bits."""
    _, jid = client.submit(job_desc(name="ct-signal"), "#!/bin/bash\nsleep 120")
    jobs_to_cancel.append(jid)
    client.wait_job(jid, finished("RUNNING"), FINISH)
    time.sleep(2)
    assert_ok(client.api("DELETE", f"/job/{jid}?signal=SIGUSR1"))
    # the real daemon may show COMPLETING for a moment first (docs/differences.md #9)
    job = client.wait_job(jid, lambda j: j["job_state"] not in ("RUNNING", "COMPLETING"), 30)
    assert job["job_state"] == "FAILED"
    assert job["exit_code"] & 0x7F == 10


def test_job_array(client, job_desc, jobs_to_cancel):
    _, jid = client.submit(job_desc(name="ct-array", array="1-3"), "#!/bin/bash\nsleep 1")
    jobs_to_cancel.append(jid)
    deadline = time.monotonic() + FINISH
    while True:
        tasks = client.jobs_of(jid)
        if len(tasks) == 3 and all(t["job_state"] == "COMPLETED" for t in tasks):
            break
        assert time.monotonic() < deadline, [(t["job_id"], t["job_state"]) for t in tasks]
        time.sleep(0.5)
    assert sorted(t["array_task_id"] for t in tasks) == [1, 2, 3]
    assert {t["array_job_id"] for t in tasks} == {jid}
    assert jid in [t["job_id"] for t in tasks]
    assert len({t["job_id"] for t in tasks}) == 3


def test_pending_array_task_string(client, job_desc, jobs_to_cancel):
    _, jid = client.submit(job_desc(name="ct-array-held", array="1-3", hold=True),
                           "#!/bin/bash\nsleep 1")
    jobs_to_cancel.append(jid)
    tasks = client.jobs_of(jid)
    assert len(tasks) == 1
    assert tasks[0]["array_task_string"] == "1-3"
    assert tasks[0]["array_task_id"] is None
    assert tasks[0]["job_state"] == "PENDING"


def test_update_held_job_and_release(client, job_desc, jobs_to_cancel):
    _, jid = client.submit(job_desc(name="ct-upd-held", hold=True), "#!/bin/bash\nsleep 1")
    jobs_to_cancel.append(jid)
    assert client.job(jid)["time_limit"] is None
    assert_ok(client.api("POST", f"/job/{jid}", {"time_limit": 7, "name": "ct-renamed"}))
    job = client.job(jid)
    assert job["time_limit"] == 7
    # v0.0.36 quirk: a name in a job update is accepted but not applied.
    assert job["name"] == "ct-upd-held"
    assert job["state_reason"] == "JobHeldUser"
    assert_ok(client.api("POST", f"/job/{jid}", {"hold": False}))
    job = client.job(jid)
    assert job["state_reason"] != "JobHeldUser"
    assert job["priority"] > 0
    job = client.wait_job(jid, finished("COMPLETED"), FINISH)
    assert job["time_limit"] == 7


def test_update_cpus_and_memory_of_a_waiting_job(client, job_desc, jobs_to_cancel):
    _, jid = client.submit(job_desc(name="ct-upd-res", hold=True), "#!/bin/bash\nsleep 1")
    jobs_to_cancel.append(jid)
    assert_ok(client.api("POST", f"/job/{jid}",
                         {"cpus_per_task": 2, "memory_per_node": 100, "name": "ct-upd-res"}))
    job = client.job(jid)
    assert job["cpus"] == 2
    assert job["memory_per_node"] == 100
    assert "JOB_MEM_SET" in job["flags"]
    assert "cpu=2," in job["tres_req_str"] and "mem=100M" in job["tres_req_str"]
    assert job["minimum_cpus_per_node"] == 1  # cpus_per_task leaves the per-node minimum
    assert_ok(client.api("POST", f"/job/{jid}", {"hold": False, "name": "ct-upd-res"}))
    job = client.wait_job(jid, finished("COMPLETED"), FINISH)
    assert job["cpus"] == 2


def test_resources_of_a_running_job_cannot_change(client, job_desc, jobs_to_cancel):
    _, jid = client.submit(job_desc(name="ct-upd-run"), "#!/bin/bash\nsleep 120")
    jobs_to_cancel.append(jid)
    client.wait_job(jid, finished("RUNNING"), FINISH)
    r = client.api("POST", f"/job/{jid}", {"cpus_per_task": 2})
    if client.api_version == "v0.0.36":
        assert_error(r, 500, r"_handle_job_post: job update from .* failed: Job is no longer "
                     "pending execution", "error_code", 0)
    else:
        assert_described_error(r, 500, r"job update from .* failed", 2073,
                               "Job is no longer pending execution", "_parse_job_list")
    assert client.job(jid)["cpus"] == 1


@pytest.mark.slow
@pytest.mark.one_version
def test_time_limit_timeout(client, versions, job_desc, jobs_to_cancel):
    """A minute's wait, so once: submitted over the first version, read over each one."""
    _, jid = client.submit(job_desc(name="ct-timeout", time_limit=1), "#!/bin/bash\nsleep 600")
    jobs_to_cancel.append(jid)
    job = client.wait_job(jid, finished("RUNNING"), FINISH)
    assert job["time_limit"] == 1
    job = client.wait_job(jid, lambda j: j["job_state"] not in ("RUNNING", "COMPLETING"),
                          60 + 120, interval=2)
    for version in versions.selected:
        job = client.for_version(version).job(jid)
        assert job["job_state"] == "TIMEOUT", version
        assert job["end_time"] - job["start_time"] >= 60
        assert job["state_reason"] == "TimeLimit"


@pytest.mark.api_versions("v0.0.37", "v0.0.38")
def test_cancel_one_task_of_an_array(client, job_desc, jobs_to_cancel):
    """`N_T` names task T of array N: a cancel takes a task still packed in the array's pending
    record out of it; the task is then unknown, and other signals are refused while tasks
    wait (docs/oracle-notes/versions-22.05.md, "One task of an array")."""
    _, jid = client.submit(job_desc(name="ct-array-task", array="1-3", hold=True),
                           "#!/bin/bash\nsleep 1")
    jobs_to_cancel.append(jid)
    assert_ok(client.api("DELETE", f"/job/{jid}_2"))
    tasks = client.jobs_of(jid)
    assert [(t["job_state"], t["array_task_string"]) for t in tasks] == [("PENDING", "1,3")]
    for target, signal, number, text in (
            (f"{jid}_2", 9, 2017, "Invalid job id specified"),
            (f"{jid}_99", 9, 2017, "Invalid job id specified"),
            (f"{jid}_1?signal=SIGUSR1", 10, 2020, "Job can not be altered now, try again later")):
        name = target.split("?")[0]
        assert_described_error(client.api("DELETE", f"/job/{target}"), 500,
                               rf"unable to kill JobId={name} with signal {signal}: {text}",
                               number, text, "slurm_kill_job")
    assert_ok(client.api("DELETE", f"/job/{jid}_1"))
    assert_ok(client.api("DELETE", f"/job/{jid}_3"))  # the last one: the record itself ends
    job = client.wait_job(jid, finished("CANCELLED"), 10)
    assert (job["array_task_string"], job["state_reason"]) == ("", "JobHeldUser")
