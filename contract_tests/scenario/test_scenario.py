"""The blog scenario on the mock with a manual clock gives the real daemon's state sequences.

The recording (fixtures/scenarios/blog_scenario.real.json) was made on a real slurmrestd with
contract_tests/scenario/record.py; this test starts its own mock from the scenario's cluster
with `--clock manual`, runs the same scenario over HTTP and compares. It needs the mock binary
(--mock-binary, $MOCK_SLURMRESTD or build/bin/mock-slurmrestd), not the suite's target.
"""

import json
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import run  # noqa: E402
from client import Client, mint_jwt  # noqa: E402
from support.mock import start_mock  # noqa: E402

SCENARIO = os.path.join(ROOT, "fixtures", "scenarios", "blog_scenario.json")
RECORDING = os.path.join(ROOT, "fixtures", "scenarios", "blog_scenario.real.json")


def load(path):
    with open(path) as f:
        return json.load(f)


@pytest.fixture
def manual_mock(pytestconfig, tmp_path):
    """A mock on a free port, on the scenario's cluster, with a manual clock: (url, key)."""
    binary = (pytestconfig.getoption("--mock-binary") or
              os.path.join(ROOT, "build", "bin", "mock-slurmrestd"))
    if not os.path.exists(binary):
        pytest.skip(f"needs the mock binary (--mock-binary); {binary} does not exist")
    conf = os.path.join(ROOT, load(SCENARIO)["cluster"])
    mock = start_mock(binary, conf=conf, args=["--clock", "manual"],
                      key_path=str(tmp_path / "jwt_hs256.key"))
    try:
        yield mock.url, mock.key
    finally:
        mock.stop(timeout=10)


def test_mock_gives_the_recorded_state_sequences(manual_mock):
    url, key = manual_mock
    scenario, recording = load(SCENARIO), load(RECORDING)
    obs = run.Runner(Client(url, "ec2-user", mint_jwt(key, "ec2-user")), scenario).run()

    # Time moved only through the admin API: the blog job alone sleeps 120 s.
    assert obs["clock"] == "mock-manual"
    assert obs["simulated_seconds"] >= 120
    expected = run.expected_from(recording, scenario["transient"])
    # Dropped from the mock's observations too: its COMPLETING lasts --completing-seconds (1 s)
    # of simulated time, the real one tens of milliseconds, so a poll sees either or not.
    assert run.differences(expected, run.expected_from(obs, scenario["transient"])) == []
    print(f"blog scenario on the mock: {obs['simulated_seconds']} simulated s in "
          f"{obs['wall_seconds']} s wall, {obs['polls']} polls")


def test_recording_covers_the_scenario():
    scenario, recording = load(SCENARIO), load(RECORDING)
    assert recording["clock"] == "wall"  # made on a real daemon, not on the mock
    assert recording["meta"]["Slurm"]["release"].startswith("22.05")
    # One record per scenario job, plus the array's two split-off tasks.
    assert set(recording["jobs"]) == set(scenario["jobs"]) | {"array[1]", "array[2]"}
    jobs = recording["jobs"]
    assert jobs["cloud"]["states"][-3:] == [["CONFIGURING", "None"], ["RUNNING", "None"],
                                            ["COMPLETED", "None"]]
    assert jobs["timeout"]["states"][-1] == ["TIMEOUT", "TimeLimit"]
    assert jobs["timeout"]["exit_code"] == 15
    assert recording["nodes"]["queue2-dy-c5large-1"] == ["idle", "allocated", "idle"]


def test_only_listed_transients_are_dropped():
    rules = load(SCENARIO)["transient"]
    seq = [["PENDING", "Priority"], ["RUNNING", "None"], ["COMPLETING", "None"],
           ["CANCELLED", "None"]]
    assert run.drop_transients(seq, rules) == [["RUNNING", "None"], ["CANCELLED", "None"]]
    # A reason the rules do not name, or a PENDING not followed by a start, stays.
    kept = [["PENDING", "Dependency"], ["RUNNING", "None"]]
    assert run.drop_transients(kept, rules) == kept
    never = [["PENDING", "None"], ["CANCELLED", "None"]]
    assert run.drop_transients(never, rules) == never
