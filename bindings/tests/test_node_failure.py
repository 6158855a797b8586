"""A node dies under a running job: the job ends NODE_FAIL, the node shows down with the reason."""

from conftest import job_payload


def test_node_failure_mid_job(mock_slurm, rest):
    r = rest.api("POST", "/job/submit", body=job_payload("#!/bin/bash\nsleep 3600"))
    job_id = r.json()["job_id"]
    mock_slurm.advance(600)
    job = rest.job(job_id)
    assert job["job_state"] == "RUNNING"
    node = job["nodes"]

    # The test pulls the plug (a fault only the test can cause).
    mock_slurm.set_node_state(node, "down", "power supply failed")

    job = rest.job(job_id)
    assert job["job_state"] == "NODE_FAIL"
    assert job["state_reason"] == "NodeDown"
    nodes = rest.api("GET", f"/node/{node}").json()["nodes"]
    assert nodes[0]["state"] == "down"
    assert nodes[0]["reason"] == "power supply failed"

    # The next job goes elsewhere.
    r = rest.api("POST", "/job/submit", body=job_payload("#!/bin/bash\nsleep 60"))
    assert rest.job(r.json()["job_id"])["nodes"] != node
