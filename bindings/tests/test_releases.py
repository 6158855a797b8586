"""Slurm 24.11 and 26.05 from Python: Server(slurm_version=..., data_parsers=...) like
mock-slurmrestd's --slurm-version and -d, the plugin's marker and command-line options, and a
24.11 client's flow under the manual clock."""

import json
import os
import subprocess
import sys

import pytest

import mock_slurmrestd

HERE = os.path.dirname(os.path.abspath(__file__))
AS_25_11 = ["v0.0.42", "v0.0.43", "v0.0.44"]  # what a Slurm 25.11 cluster serves


def highest_and_ping(rest):
    """ParallelCluster's check: the highest /slurm/vX.Y.Z/ of /openapi/v3 and its ping."""
    served, _ = rest.served_versions()
    r = rest.for_version(served[-1]).api("GET", "/ping")
    assert r.status == 200, r
    return served[-1], r.json()


def test_data_parsers_narrow_like_d():
    with mock_slurmrestd.Server(slurm_version="26.05", data_parsers=AS_25_11) as server:
        assert server.api_versions == AS_25_11
    with mock_slurmrestd.Server(slurm_version="24.11",
                                data_parsers=["data_parser/v0.0.42"]) as server:
        assert server.api_versions == ["v0.0.42"]
    with pytest.raises(ValueError, match="Unable to find plugin: data_parser/v0.0.45"):
        mock_slurmrestd.Server(slurm_version="24.11", data_parsers=["v0.0.45"])
    with pytest.raises(ValueError, match="Release 22.05 has no data_parser plugins"):
        mock_slurmrestd.Server(data_parsers=["v0.0.42"])


@pytest.mark.mock_slurm(slurm_version="26.05")
def test_parallelcluster_check_fails_on_26_05(mock_slurm, rest):
    version, body = highest_and_ping(rest)
    assert version == "v0.0.45"
    assert "pinged" not in body["pings"][0] and body["pings"][0]["responding"] is True


@pytest.mark.mock_slurm(slurm_version="26.05", data_parsers=AS_25_11)
def test_marker_data_parsers_make_a_25_11_cluster(mock_slurm, mock_slurm_server, rest):
    assert mock_slurm.api_versions == AS_25_11
    assert mock_slurm is not mock_slurm_server
    version, body = highest_and_ping(rest)
    assert version == "v0.0.44"
    assert body["pings"][0]["pinged"] == "UP" and body["errors"] == body["warnings"] == []


@pytest.mark.mock_slurm(slurm_version="24.11")
def test_24_11_modern_client_under_the_manual_clock(mock_slurm, rest):
    c = rest.for_version("v0.0.42")
    r = c.api("POST", "/job/submit", {"job": {
        "name": "py", "current_working_directory": "/tmp", "environment": ["PATH=/bin"],
        "script": "#!/bin/bash\nsleep 30"}})
    assert r.status == 200, r
    body = r.json()
    assert body["errors"] == [] and body["warnings"] == []
    assert body["meta"]["slurm"]["release"] == "24.11.5"
    job_id = body["job_id"]
    mock_slurm.advance(1)
    assert c.job(job_id)["job_state"] == ["RUNNING"]
    mock_slurm.advance(30)
    assert c.job(job_id)["job_state"] == ["COMPLETED"]


TEST_FILE = '''
def test_session_default(mock_slurm):
    print("VERSIONS", mock_slurm.api_versions)
'''


def test_command_line_picks_release_and_data_parsers(tmp_path):
    (tmp_path / "test_x.py").write_text(TEST_FILE)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    r = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "mock_slurmrestd.pytest_plugin",
         "-p", "no:cacheprovider", "--mock-slurm-version", "26.05",
         "--mock-slurm-data-parsers", ",".join(AS_25_11), "test_x.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "VERSIONS " + json.dumps(AS_25_11).replace('"', "'") in r.stdout


@pytest.mark.mock_slurm(slurm_version="24.11",
                        conf="../../fixtures/clusters/parallelcluster-accounting/slurm.conf")
def test_24_11_job_history_outlives_min_job_age(mock_slurm, rest):
    """With accounting in slurmdbd, 24.11 serves /slurmdb/v0.0.4N/: a job aged past MinJobAge
    is gone from /slurm/ and still in the history, from Python's clock."""
    c = rest.for_version("v0.0.42")
    r = c.api("POST", "/job/submit", {"job": {
        "name": "py-history", "current_working_directory": "/tmp", "environment": ["PATH=/bin"],
        "script": "#!/bin/bash\necho done"}})
    assert r.status == 200, r
    job_id = r.json()["job_id"]
    mock_slurm.advance(700)  # MinJobAge=600 on this cluster
    assert c.api("GET", f"/job/{job_id}").status == 404
    for version in ("v0.0.40", "v0.0.41", "v0.0.42"):
        r = rest.request("GET", f"/slurmdb/{version}/jobs/?job_name=py-history")
        assert r.status == 200, r
        body = r.json()
        assert body["meta"]["plugin"]["type"] == "openapi/slurmdbd"
        assert [(j["job_id"], j["state"]["current"]) for j in body["jobs"]] == \
            [(job_id, ["COMPLETED"])]
        assert body["jobs"][0]["steps"][0]["step"]["id"] == f"{job_id}.batch"
