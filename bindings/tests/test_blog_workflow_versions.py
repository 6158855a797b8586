"""The blog's flow (submit, poll, list, cancel) over each REST API version of the 22.05 release:
on a server narrowed to that version by the test's marker (`api_versions=`), and over every
version of one default server at once, whose jobs all versions share."""

import json
import os

import pytest

from conftest import REPO, job_payload

VERSIONS = ["v0.0.36", "v0.0.37", "v0.0.38"]


def blog_job():
    with open(os.path.join(REPO, "fixtures", "jobs", "blog_job.json")) as f:
        return json.load(f)


def blog_flow(mock_slurm, rest):
    """Submit the blog job and a long one, poll the first to COMPLETED, find both in the list,
    cancel the second. Returns the two jobs as last read."""
    r = rest.api("POST", "/job/submit", body=blog_job())
    assert r.status == 200, r
    assert r.json()["meta"]["plugin"]["type"] == "openapi/" + rest.api_version
    blog_id = r.json()["job_id"]
    r = rest.api("POST", "/job/submit", body=job_payload("#!/bin/bash\nsleep 600", name="long"))
    assert r.status == 200, r
    long_id = r.json()["job_id"]

    mock_slurm.advance(1)
    blog = rest.job(blog_id)
    assert blog["job_state"] == "COMPLETED" and blog["exit_code"] == 0
    listed = {j["job_id"]: j["job_state"] for j in rest.api("GET", "/jobs").json()["jobs"]}
    assert listed == {blog_id: "COMPLETED", long_id: "RUNNING"}

    r = rest.api("DELETE", f"/job/{long_id}")
    assert r.status == 200 and r.json()["errors"] == [], r
    mock_slurm.advance(1)
    long = rest.job(long_id)
    assert long["job_state"] == "CANCELLED"
    return blog, long


@pytest.mark.parametrize("version", [
    pytest.param(v, marks=pytest.mark.mock_slurm(api_versions=["openapi/" + v]), id=v)
    for v in VERSIONS])
def test_blog_flow_on_a_server_of_one_version(mock_slurm, rest, version):
    assert mock_slurm.api_versions == [version]
    rest = rest.for_version(version)
    blog, _ = blog_flow(mock_slurm, rest)
    # v0.0.36 leaves user_name empty; later versions name the user (oracle notes, section 4).
    assert blog["user_name"] == ("" if version == "v0.0.36" else "ec2-user")
    others = [v for v in VERSIONS if v != version]
    for other in others:  # the other versions are not loaded: the routing 404
        assert rest.for_version(other).api("GET", "/ping").status == 404


@pytest.mark.mock_slurm(slurm_version="22.05")
@pytest.mark.parametrize("version", VERSIONS)
def test_blog_flow_over_each_version_of_the_default_server(mock_slurm, rest, version):
    assert mock_slurm.api_versions == VERSIONS
    blog, long = blog_flow(mock_slurm, rest.for_version(version))
    # The same jobs, read over every other version (the versions share one cluster).
    for other in VERSIONS:
        seen = rest.for_version(other)
        assert seen.job(blog["job_id"])["job_state"] == "COMPLETED", other
        assert seen.job(long["job_id"])["job_state"] == "CANCELLED", other
