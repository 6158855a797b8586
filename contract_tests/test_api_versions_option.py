"""`--api-version`: how it is read, and that a run covers the versions it names (or, by default,
every version the target's /openapi/v3 lists) and refuses one the target does not serve."""

import os
import re
import subprocess
import sys

import pytest

from support import versions as api_versions

HERE = os.path.dirname(os.path.abspath(__file__))


def test_names_lists_prefixes_and_repeats():
    assert api_versions.parse(["v0.0.37,openapi/v0.0.38", " 0.0.36 ", "v0.0.37", ""]) == [
        "v0.0.37", "v0.0.38", "v0.0.36"]


def test_environment_only_without_options():
    assert api_versions.parse([], "v0.0.38, v0.0.36") == ["v0.0.38", "v0.0.36"]
    assert api_versions.parse(["v0.0.37"], "v0.0.38") == ["v0.0.37"]
    assert api_versions.parse([], None) == []


@pytest.mark.parametrize("bad", ["bogus", "v0.0", "openapi/slurmctld", "v0.0.3x", "0.0.36/"])
def test_bad_names_refused(bad):
    with pytest.raises(api_versions.VersionError, match="expected a version like v0.0.38"):
        api_versions.parse([bad])


def collect(pytestconfig, client, *extra):
    args = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q",
            os.path.join(HERE, "test_routes.py"), "--url", pytestconfig.getoption("--url"),
            "--slurm-user", client.user, "--slurm-jwt", client.token, *extra]
    for name, value in client.extra_headers.items():
        args += ["--header", f"{name}: {value}"]
    r = subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=HERE)
    return r.returncode, r.stdout + r.stderr


def ids(out):
    return {m for m in re.findall(r"\[(v\d+\.\d+\.\d+)[\]-]", out)}


@pytest.mark.one_version
def test_runs_cover_the_versions_asked_or_served(pytestconfig, client, versions):
    code, out = collect(pytestconfig, client)
    assert code == 0, out
    assert ids(out) == set(versions.served), out
    assert f"API versions {', '.join(versions.served)} " in out, out
    code, out = collect(pytestconfig, client, "--api-version", versions.served[-1])
    assert code == 0, out
    assert ids(out) == {versions.served[-1]}, out


@pytest.mark.one_version
def test_a_version_the_target_does_not_serve_is_refused(pytestconfig, client):
    code, out = collect(pytestconfig, client, "--api-version", "v0.0.99")
    assert code != 0, out
    assert "the target does not serve v0.0.99" in out, out
