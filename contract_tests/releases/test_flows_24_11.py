"""Slurm 24.11 as its clients use it, over each of v0.0.40, v0.0.41 and v0.0.42: the AWS blog's
three curls (ping, submit the blog's v0.0.36-style job.json, read the job) and a modern client
(a list `environment`, polling until COMPLETED, cancelling a running job and watching its
state flags). Expected answers: the real 24.11.5 daemon's (the recordings under
mock_slurmrestd/tests/data/oracle/24.11/)."""

import json
import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
BLOG_JOB = os.path.join(os.path.dirname(os.path.dirname(HERE)), "fixtures", "jobs",
                        "blog_job.json")
VERSIONS = ("v0.0.40", "v0.0.41", "v0.0.42")
pytestmark = [pytest.mark.lifecycle,
              pytest.mark.parametrize("profile", ["24.11"]),
              pytest.mark.parametrize("version", VERSIONS)]

NUMBER_ZERO = {"set": True, "infinite": False, "number": 0}


def blog_warnings(version, env):
    """The three warnings 24.11 gives the blog's job.json: environment as an object, `nodes`
    as a number, the unknown `ntasks`. v0.0.41+ append the offending value (JSON with `/`
    escaped); v0.0.40 does not."""
    shown = {"v0.0.40": ("", "")}.get(
        version, (": " + json.dumps(env, separators=(",", ":")).replace("/", "\\/"), ": 1"))
    return [
        {"description": "Expected OpenAPI type=array (Slurm type=list) but got OpenAPI "
                        "type=object (Slurm type=dictionary)" + shown[0],
         "source": "#/job/environment/"},
        {"description": "Expected OpenAPI type=string (Slurm type=string) but got OpenAPI "
                        "type=integer (Slurm type=64 bit integer)" + shown[1],
         "source": "#/job/nodes/"},
        {"description": 'Ignoring unknown field "ntasks" of type 64 bit integer in '
                        "DATA_PARSER_JOB_DESC_MSG",
         "source": "#/job/ntasks/"},
    ]


def states(client, job_id):
    return client.job(job_id)["job_state"]


def test_blog_three_curls(rclient, version, cancel_after):
    # curl 1: ping
    r = rclient.api("GET", "/ping")
    assert r.status == 200, r
    body = r.json()
    assert body["errors"] == [] and body["warnings"] == []
    assert body["pings"][0]["pinged"] == "UP"
    # `responding` and `primary` came with v0.0.42.
    assert list(body["pings"][0]) == (["hostname", "pinged", "latency", "mode"]
                                      if version in ("v0.0.40", "v0.0.41") else
                                      ["hostname", "pinged", "responding", "latency", "mode",
                                       "primary"])
    assert body["meta"]["slurm"]["release"] == "24.11.5"
    assert body["meta"]["plugin"]["data_parser"] == "data_parser/" + version

    # curl 2: the blog's job.json as it is (v0.0.36 style), accepted with warnings
    with open(BLOG_JOB) as f:
        blog = json.load(f)
    r = rclient.api("POST", "/job/submit", blog)
    assert r.status == 200, r
    body = r.json()
    job_id = body["job_id"]
    cancel_after.append(job_id)
    assert isinstance(job_id, int) and job_id > 0
    assert body["step_id"] == "batch" and body["errors"] == []
    assert body["warnings"] == blog_warnings(version, blog["job"]["environment"])
    if version in ("v0.0.40", "v0.0.41"):
        assert body["result"] == {"job_id": job_id, "step_id": "batch", "error_code": 0,
                                  "error": "No error", "job_submit_user_msg": ""}
    else:
        assert "result" not in body

    # curl 3: the job, which runs `echo` and completes
    r = rclient.api("GET", f"/job/{job_id}")
    assert r.status == 200, r
    jobs = r.json()["jobs"]
    assert [j["job_id"] for j in jobs] == [job_id]
    assert jobs[0]["name"] == "test"
    assert jobs[0]["current_working_directory"] == "/home/ec2-user"
    assert jobs[0]["standard_output"] == "/home/ec2-user/test.out"
    job = rclient.wait_job(job_id, lambda j: j["job_state"] == ["COMPLETED"], timeout=60,
                           interval=0.2)
    assert job["exit_code"]["status"] == ["SUCCESS"]
    assert job["exit_code"]["return_code"] == NUMBER_ZERO


def modern_job(name, script):
    return {"job": {"name": name, "current_working_directory": "/tmp",
                    "environment": ["PATH=/bin:/usr/bin", "FLOW=modern"],
                    "standard_output": "/dev/null", "standard_error": "/dev/null",
                    "script": script}}


def submit_clean(client, payload):
    """POST job/submit of a modern payload: 200, no errors and no warnings; the job id."""
    r = client.api("POST", "/job/submit", payload)
    assert r.status == 200, r
    body = r.json()
    assert body["errors"] == [] and body["warnings"] == [], body
    return body["job_id"]


def test_modern_submit_polls_to_completed(rclient, cancel_after):
    job_id = submit_clean(rclient, modern_job("modern", "#!/bin/bash\necho hello"))
    cancel_after.append(job_id)
    job = rclient.wait_job(job_id, lambda j: j["job_state"] == ["COMPLETED"], timeout=60,
                           interval=0.2)
    assert job["name"] == "modern"
    assert job["exit_code"]["status"] == ["SUCCESS"]
    assert job["exit_code"]["return_code"] == NUMBER_ZERO
    assert job["end_time"]["set"] is True and job["end_time"]["number"] > 0


def test_cancel_running_shows_completing_then_cancelled(rclient, cancel_after):
    job_id = submit_clean(rclient, modern_job("to-cancel", "#!/bin/bash\nsleep 300"))
    cancel_after.append(job_id)
    rclient.wait_job(job_id, lambda j: j["job_state"] == ["RUNNING"], timeout=60,
                     interval=0.2)
    r = rclient.api("DELETE", f"/job/{job_id}")
    assert r.status == 200, r
    body = r.json()
    assert body["errors"] == [] and body["warnings"] == []
    # Right after the cancel: the job is CANCELLED and still COMPLETING (its epilog).
    assert states(rclient, job_id) == ["CANCELLED", "COMPLETING"]
    job = rclient.wait_job(job_id, lambda j: j["job_state"] == ["CANCELLED"], timeout=60,
                           interval=0.1)
    assert job["exit_code"]["status"] == ["SIGNALED"]
    assert job["exit_code"]["signal"]["id"] == {"set": True, "infinite": False, "number": 15}
    assert job["exit_code"]["signal"]["name"] == "TERM"
    assert job["end_time"]["number"] >= job["start_time"]["number"] > 0
