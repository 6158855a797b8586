"""Clock modes: a manual clock skips two hours instantly; a scaled clock runs on its own."""

import time

import pytest

from conftest import job_payload


def test_two_hours_pass_in_well_under_a_second(mock_slurm, rest):
    t0 = time.monotonic()
    r = rest.api("POST", "/job/submit", body=job_payload("#!/bin/bash\nsleep 7200"))
    job_id = r.json()["job_id"]
    mock_slurm.advance(7199)
    assert rest.job(job_id)["job_state"] == "RUNNING"
    mock_slurm.advance(1)
    assert rest.job(job_id)["job_state"] == "COMPLETING"  # its epilog, one second
    mock_slurm.advance(1)
    assert rest.job(job_id)["job_state"] == "COMPLETED"
    assert time.monotonic() - t0 < 0.5


@pytest.mark.mock_slurm(clock="scaled:3600")
def test_scaled_clock_moves_without_the_test(mock_slurm, rest):
    # An hour of simulated time per wall second: a 10-minute job ends within a second.
    assert mock_slurm.clock_mode == "scaled"
    job_id = rest.api("POST", "/job/submit",
                      body=job_payload("#!/bin/bash\nsleep 600")).json()["job_id"]
    job = rest.wait_job(job_id, lambda j: j["job_state"] == "COMPLETED", timeout=5, interval=0.05)
    assert job["job_state"] == "COMPLETED"


def test_next_test_is_back_on_the_manual_clock(mock_slurm):
    assert mock_slurm.clock_mode == "manual"
    before = mock_slurm.now()
    time.sleep(1.1)
    assert mock_slurm.now() == before
