"""Scenario tests: HTTP for what a Slurm REST client does, the bindings for what the test controls.

The client is the contract suite's (contract_tests/client.py): the same stdlib HTTP client
that talks to a real slurmrestd.
"""

import os
import sys

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO, "contract_tests"))

from client import Client  # noqa: E402  (contract_tests is not a package)


@pytest.fixture
def rest(slurm_url, slurm_user, slurm_token):
    """A Slurm REST client authenticated as slurm_user against the test's mock."""
    return Client(slurm_url, user=slurm_user, token=slurm_token)


def job_payload(script, **job):
    """A v0.0.36 job/submit body: the script plus job properties (environment and cwd set)."""
    props = {"environment": {"PATH": "/bin:/usr/bin"}, "current_working_directory": "/tmp"}
    props.update(job)
    return {"job": props, "script": script}
