"""Fan-out with a job array: four tasks, at most two at a time, all complete."""

from conftest import job_payload


def test_array_fans_out_two_at_a_time(mock_slurm, rest):
    r = rest.api("POST", "/job/submit",
                 body=job_payload("#!/bin/bash\nsleep 60", name="fan", array="1-4%2"))
    assert r.status == 200, r
    array_id = r.json()["job_id"]

    def tasks():
        jobs = rest.api("GET", "/jobs").json()["jobs"]
        return [j for j in jobs if j["array_job_id"] == array_id]

    # The throttle lets two tasks run; the rest wait in the array's meta record.
    running = [j for j in tasks() if j["job_state"] == "RUNNING"]
    assert len(running) == 2
    assert any(j["job_state"] == "PENDING" and j["state_reason"] == "JobArrayTaskLimit"
               for j in tasks())

    # After one run time the first pair has ended (COMPLETING: its epilog, 1 s) and the second
    # pair runs on the CPUs it freed.
    mock_slurm.advance(60)
    states = sorted(j["job_state"] for j in tasks())
    assert states == ["COMPLETING", "COMPLETING", "RUNNING", "RUNNING"]

    mock_slurm.advance(61)
    done = tasks()
    assert sorted(j["array_task_id"] for j in done) == [1, 2, 3, 4]
    assert {j["job_state"] for j in done} == {"COMPLETED"}
