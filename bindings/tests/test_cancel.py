"""A user cancels a long job; cancelling it again is harmless, an unknown job is an error."""

from conftest import job_payload

import mock_slurmrestd


def test_cancel_running_job(mock_slurm, rest):
    r = rest.api("POST", "/job/submit", body=job_payload("#!/bin/bash\nsleep 3600"))
    job_id = r.json()["job_id"]
    mock_slurm.advance(10)
    assert rest.job(job_id)["job_state"] == "RUNNING"

    assert rest.api("DELETE", f"/job/{job_id}").status == 200
    job = rest.job(job_id)
    assert job["job_state"] == "COMPLETING"  # its epilog runs for a second, as on Slurm
    assert job["exit_code"] == 0
    mock_slurm.advance(1)
    job = rest.job(job_id)
    assert job["job_state"] == "CANCELLED"
    assert job["exit_code"] == 15  # scancel sends SIGTERM first
    # Its node is free again.
    assert mock_slurm.node(job["nodes"]).state == "idle"


def test_cancel_from_the_test_side_reports_slurm_errno(mock_slurm):
    # The bindings raise Slurm's errno for what the daemon would refuse.
    try:
        mock_slurm.cancel(4242)
    except mock_slurmrestd.SlurmError as e:
        assert e.errno == 2017
        assert e.message == mock_slurmrestd.strerror(2017) == "Invalid job id specified"
    else:
        raise AssertionError("cancelling an unknown job did not raise")
