"""The AWS blog's workflow: look at the cluster, submit the sample job, read it back."""

import json
import os

from conftest import REPO


def test_blog_workflow(mock_slurm, rest):
    # The user lists partitions and finds the ParallelCluster queue with its ten t3.micro nodes.
    partitions = rest.api("GET", "/partitions").json()["partitions"]
    queue1 = next(p for p in partitions if p["name"] == "queue1")
    assert queue1["nodes"] == "queue1-dy-t3micro-[1-10]"

    # They submit the blog's job (an echo) and get a job id back.
    with open(os.path.join(REPO, "fixtures", "jobs", "blog_job.json")) as f:
        blog_job = json.load(f)
    r = rest.api("POST", "/job/submit", body=blog_job)
    assert r.status == 200, r
    job_id = r.json()["job_id"]

    # On an idle cluster it starts at its submit instant on the first node. The clock is
    # manual and the script only echoes (no run time: like `true` on the real cluster, it is
    # over before the first poll), so the user finds it completed at that same instant,
    # successfully, writing where the blog said.
    job = rest.job(job_id)
    assert job["job_state"] == "COMPLETED"
    assert job["nodes"] == "queue1-dy-t3micro-1"
    assert job["start_time"] == job["submit_time"] == job["end_time"] == mock_slurm.now()
    assert job["exit_code"] == 0
    assert job["standard_output"] == "/home/ec2-user/test.out"

    # The job belongs to the authenticated user (v0.0.36 leaves user_name empty; the uid is set).
    assert job["user_name"] == ""
    assert job["user_id"] == mock_slurm.job(job_id).user_id != 0

    # The node is free again for the next submission.
    assert mock_slurm.node("queue1-dy-t3micro-1").state == "idle"
