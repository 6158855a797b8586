"""An event-driven pipeline: each new input file gets a job; the test waits for its result.

The pipeline below is what a user's service would do (watch a directory, submit over REST).
The first story runs on simulated time and reads what the job reports through the API; the
second runs the scripts for real (`exec="local"`, real clock) and reads the output file.
"""

import os
import pwd
import time

from client import Client
from conftest import job_payload

import mock_slurmrestd


class Pipeline:
    """Submits one job per new *.csv file in `inbox`, writing to `outbox`/<name>.out."""

    def __init__(self, rest, inbox, outbox):
        self.rest, self.inbox, self.outbox = rest, inbox, outbox
        self.jobs = {}  # input file name -> job id

    def poll_inbox(self):
        for path in sorted(self.inbox.glob("*.csv")):
            if path.name in self.jobs:
                continue
            body = job_payload(f"#!/bin/bash\nwc -l {path}\nsleep 90\n",
                               name=f"ingest-{path.stem}",
                               standard_output=str(self.outbox / f"{path.stem}.out"))
            r = self.rest.api("POST", "/job/submit", body=body)
            assert r.status == 200, r
            self.jobs[path.name] = r.json()["job_id"]


def wait_until_finished(rest, mock_slurm, job_id, max_polls=20):
    """Polls the job over HTTP; between polls 30 simulated seconds pass."""
    for _ in range(max_polls):
        job = rest.job(job_id)
        if job["job_state"] not in ("PENDING", "RUNNING", "COMPLETING"):
            return job
        mock_slurm.advance(30)
    raise AssertionError(f"job {job_id} still {job['job_state']} after {max_polls} polls")


def test_new_input_file_is_processed(mock_slurm, rest, tmp_path):
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    inbox.mkdir()
    outbox.mkdir()
    pipeline = Pipeline(rest, inbox, outbox)

    pipeline.poll_inbox()
    assert pipeline.jobs == {}  # nothing to do yet

    # A file lands; the next poll submits exactly one job for it, and only one.
    (inbox / "sales.csv").write_text("a,b\n1,2\n")
    pipeline.poll_inbox()
    pipeline.poll_inbox()
    assert list(pipeline.jobs) == ["sales.csv"]
    job_id = pipeline.jobs["sales.csv"]

    job = wait_until_finished(rest, mock_slurm, job_id)
    assert job["job_state"] == "COMPLETED"
    assert job["exit_code"] == 0
    assert job["name"] == "ingest-sales"
    assert job["standard_output"] == str(outbox / "sales.out")
    # It ran for the script's 90 s of simulated time.
    assert job["end_time"] - job["start_time"] == 90


def test_executed_job_writes_its_output_file(tmp_path):
    # A server of its own: real execution needs the real clock, the plugin's default is manual.
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    inbox.mkdir()
    outbox.mkdir()
    # Scripts run as the token's user when the server has root rights (as slurmd runs them):
    # the test's own user can read and write tmp_path.
    me = pwd.getpwuid(os.geteuid()).pw_name
    with mock_slurmrestd.Server(clock="real", exec="local") as server:
        rest = Client(server.url, user=me, token=server.mint_token(me))
        pipeline = Pipeline(rest, inbox, outbox)
        (inbox / "orders.csv").write_text("id,qty\n1,2\n3,4\n")
        pipeline.poll_inbox()
        job_id = pipeline.jobs["orders.csv"]
        # The script's `sleep 90` would take 90 real seconds: cancel once the output is there.
        out = outbox / "orders.out"
        deadline = time.monotonic() + 10
        while not (out.exists() and out.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert out.read_text().split() == ["3", str(inbox / "orders.csv")]
        assert rest.job(job_id)["job_state"] == "RUNNING"
        assert rest.api("DELETE", f"/job/{job_id}").status == 200
        # COMPLETING for its epilog (a second of real time here), then CANCELLED.
        deadline = time.monotonic() + 10
        while rest.job(job_id)["job_state"] == "COMPLETING" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert rest.job(job_id)["job_state"] == "CANCELLED"


def test_executed_mode_needs_the_real_clock():
    try:
        mock_slurmrestd.Server(clock="manual", exec="local")
    except Exception as e:  # the C++ std::invalid_argument surfaces as ValueError
        assert "real" in str(e)
    else:
        raise AssertionError("exec='local' with a manual clock was accepted")
