"""The plugin's promises: every test starts clean, and a marker picks the cluster."""

import os

import pytest

import mock_slurmrestd
from conftest import REPO, job_payload


@pytest.mark.parametrize("round_", [1, 2])
def test_each_test_starts_with_no_jobs(mock_slurm, rest, round_):
    assert rest.api("GET", "/jobs").json()["jobs"] == []
    r = rest.api("POST", "/job/submit", body=job_payload("#!/bin/bash\nsleep 60"))
    assert r.json()["job_id"] == 1  # ids restart at 1 after the reset


@pytest.mark.mock_slurm(conf="../../fixtures/clusters/tiny/slurm.conf")
def test_marker_loads_another_slurm_conf(mock_slurm, mock_slurm_server, rest):
    names = [p["name"] for p in rest.api("GET", "/partitions").json()["partitions"]]
    assert names == ["debug"]
    assert mock_slurm is not mock_slurm_server  # the session's default server is untouched
    assert [p.name for p in mock_slurm_server.partitions()] == ["queue1", "queue2"]


def test_headers_authenticate(slurm_url, slurm_headers):
    # The same request with and without the fixture's headers: 200 vs 401.
    from client import Client
    with_auth = Client(slurm_url, user=slurm_headers["X-SLURM-USER-NAME"],
                       token=slurm_headers["X-SLURM-USER-TOKEN"])
    assert with_auth.api("GET", "/diag").status == 200
    assert Client(slurm_url).api("GET", "/diag").status == 401


def test_bad_slurm_conf_raises_config_error(tmp_path):
    bad = tmp_path / "slurm.conf"
    bad.write_text("NodeName=n[1-2] CPUs=two\n")
    with pytest.raises(mock_slurmrestd.ConfigError) as err:
        mock_slurmrestd.Server(conf=bad)
    assert err.value.file == str(bad)
    assert err.value.line == 1
    assert str(err.value).startswith(f"{bad}:1: ")


def test_simulator_without_http():
    sim = mock_slurmrestd.Simulator(conf=f"{REPO}/fixtures/clusters/tiny/slurm.conf")
    job_id = sim.submit(mock_slurmrestd.JobSpec(script="#!/bin/bash\nexit 3", partition="debug"))
    assert sim.job(job_id).state == "RUNNING"
    assert sim.step()
    job = sim.job(job_id)
    assert (job.state, job.exit_code) == ("FAILED", 3)
    with pytest.raises(mock_slurmrestd.SlurmError) as err:
        sim.submit(mock_slurmrestd.JobSpec(script="#!/bin/bash\n", partition="nope"))
    assert err.value.errno == 2000


def test_type_stubs_match_the_module():
    # Editors read _core.pyi; it must name exactly what the compiled module offers.
    import ast
    import inspect
    from mock_slurmrestd import _core

    tree = ast.parse(open(os.path.join(os.path.dirname(_core.__file__), "_core.pyi")).read())
    stubbed = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names = set()
            for base in node.bases:
                names |= stubbed.get(getattr(base, "id", ""), set())
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    names.add(item.name)
                elif isinstance(item, ast.AnnAssign):
                    names.add(item.target.id)
            stubbed[node.name] = names
    for name, obj in vars(_core).items():
        if not inspect.isclass(obj) or name.startswith("_"):
            continue
        assert name in stubbed, f"{name} missing from _core.pyi"
        if issubclass(obj, Exception):
            continue  # their fields (errno, file, ...) are set per instance
        public = {a for a in dir(obj) if not a.startswith("_")}
        assert public == stubbed[name] - {"__init__", "__enter__", "__exit__"}, name


def test_server_takes_the_release_and_its_api_versions():
    with mock_slurmrestd.Server(slurm_version="22.05") as server:
        assert server.api_versions[0] == "v0.0.36"
    with mock_slurmrestd.Server(api_versions=["openapi/v0.0.36"]) as server:
        assert server.api_versions == ["v0.0.36"]
    # 26.05 loads its data_parsers in the real daemon's order (its `-d list`).
    with mock_slurmrestd.Server(slurm_version="26.05") as server:
        assert server.api_versions == ["v0.0.43", "v0.0.42", "v0.0.45", "v0.0.44"]
    with pytest.raises(ValueError, match="Unable to find plugin: openapi/v0.0.98"):
        mock_slurmrestd.Server(api_versions=["v0.0.98"])
    with pytest.raises(ValueError, match="unknown Slurm release '1.2'"):
        mock_slurmrestd.Server(slurm_version="1.2")


@pytest.mark.mock_slurm(slurm_version="22.05", api_versions=["openapi/v0.0.36"])
def test_marker_picks_the_api_versions(mock_slurm, mock_slurm_server, rest):
    assert mock_slurm.api_versions == ["v0.0.36"]
    assert mock_slurm is not mock_slurm_server  # a server of its own for that choice
    assert rest.api("GET", "/ping").status == 200
