"""ParallelCluster power saving: a cloud node boots while the job shows CONFIGURING.

The cluster is fixtures/clusters/parallelcluster-cloud (State=CLOUD nodes, SuspendTime=600,
ResumeTimeout=1800, SuspendTimeout=120, mock boot delay #MockCloudBootSeconds=90).
"""

import pytest

from conftest import job_payload

pytestmark = pytest.mark.mock_slurm(
    conf="../../fixtures/clusters/parallelcluster-cloud/slurm.conf")


def node(rest, name):
    return rest.api("GET", f"/node/{name}").json()["nodes"][0]


def test_cloud_node_boots_while_the_job_shows_configuring(mock_slurm, rest):
    r = rest.api("POST", "/job/submit", body=job_payload("#!/bin/bash\nsleep 300"))
    job_id = r.json()["job_id"]

    job = rest.job(job_id)
    assert job["job_state"] == "CONFIGURING"
    assert job["nodes"] == "queue1-dy-t3micro-1"
    assert "JOB_WAS_RUNNING" in job["flags"]
    # v0.0.36 prints the node's base state only: allocated, not POWERING_UP.
    assert node(rest, job["nodes"])["state"] == "allocated"
    booting_since = job["start_time"]

    mock_slurm.advance(89)
    assert rest.job(job_id)["job_state"] == "CONFIGURING"
    mock_slurm.advance(1)  # the boot delay
    job = rest.job(job_id)
    assert job["job_state"] == "RUNNING"
    assert job["start_time"] == booting_since + 90
    assert node(rest, job["nodes"])["boot_time"] == job["start_time"]

    mock_slurm.advance(300 + 1)  # the run, then its epilog (COMPLETING, 1 s)
    assert rest.job(job_id)["job_state"] == "COMPLETED"
    assert node(rest, "queue1-dy-t3micro-1")["state"] == "idle"


def test_failed_resume_marks_the_node_down_and_requeues_the_job(mock_slurm, rest):
    # The test makes the boot fail; a client sees only what Slurm shows.
    mock_slurm.set_node_state("queue1-dy-t3micro-1", "fail_resume")
    job_id = rest.api("POST", "/job/submit",
                      body=job_payload("#!/bin/bash\nsleep 60")).json()["job_id"]
    assert rest.job(job_id)["job_state"] == "CONFIGURING"

    mock_slurm.advance(1800)  # ResumeTimeout
    job = rest.job(job_id)
    assert job["job_state"] == "PENDING"
    assert job["state_reason"] == "BeginTime"
    assert job["restart_cnt"] == 1
    assert job["nodes"] == ""
    down = node(rest, "queue1-dy-t3micro-1")
    assert down["state"] == "down"
    assert down["reason"] == "ResumeTimeout reached"

    mock_slurm.advance(121)  # the requeued job becomes eligible and boots another node
    job = rest.job(job_id)
    assert job["job_state"] == "CONFIGURING"
    assert job["nodes"] == "queue1-dy-t3micro-2"
    mock_slurm.advance(90 + 60 + 1)  # boot, run, epilog
    assert rest.job(job_id)["job_state"] == "COMPLETED"
