"""A job that outlives its time limit ends TIMEOUT exactly at the limit."""

from conftest import job_payload


def test_job_hits_its_time_limit(mock_slurm, rest):
    r = rest.api("POST", "/job/submit",
                 body=job_payload("#!/bin/bash\nsleep 7200", time_limit=5))
    job_id = r.json()["job_id"]
    start = rest.job(job_id)["start_time"]

    mock_slurm.advance(5 * 60 - 1)
    assert rest.job(job_id)["job_state"] == "RUNNING"

    mock_slurm.advance(1)
    assert rest.job(job_id)["job_state"] == "COMPLETING"  # its epilog, one second
    mock_slurm.advance(1)
    job = rest.job(job_id)
    assert job["job_state"] == "TIMEOUT"
    assert job["state_reason"] == "TimeLimit"
    assert job["end_time"] - start == 5 * 60
