"""The accounting database from Python: a test seeds its accounts and users, and reads the job
history that outlives MinJobAge (what /slurmdb/.../jobs answers)."""

import json
import os

import pytest

import mock_slurmrestd

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ACCOUNTING = f"{REPO}/fixtures/clusters/parallelcluster-accounting/slurm.conf"


def test_seeded_user_runs_a_job_that_stays_in_the_history():
    with mock_slurmrestd.Server(conf=ACCOUNTING, slurm_version="22.05") as server:
        server.add_account("physics", description="physics department")
        server.add_user("alice", account="physics")
        assert ("physics", "physics department", "physics") in [
            (a.name, a.description, a.organization) for a in server.accounts()]
        alice = next(u for u in server.accounting_users() if u.name == "alice")
        assert alice.default_account == "physics"
        assert any(a.account == "physics" and a.user == "alice" for a in server.associations())

        job_id = server.submit(mock_slurmrestd.JobSpec(script="#!/bin/bash\nsleep 10",
                                                       name="sim"), user="alice")
        server.advance(12)  # ten seconds of sleep, then its epilog
        [record] = server.job_history(user="alice")
        assert (record.job_id, record.state, record.account, record.name) == \
            (job_id, "COMPLETED", "physics", "sim")
        assert record.end_time - record.start_time == 10
        assert record.exit_code == 0 and record.cpus == 1 and record.node_count == 1

        # Past MinJobAge the controller forgets the job; the database keeps it.
        server.advance(3600)
        assert server.job(job_id) is None
        assert [r.job_id for r in server.job_history(account="physics")] == [job_id]
        assert server.job_history(account="chemistry") == []
        assert server.job_history(state="FAILED", user="alice") == []
        # ... and the slurmdb route shows the same job.
        answer = server.handle("GET", f"/slurmdb/v0.0.38/job/{job_id}",
                               mock_slurmrestd.auth_headers(server, user="alice"))
        assert answer.status == 200
        [job] = json.loads(answer.body)["jobs"]
        assert (job["job_id"], job["account"], job["state"]["current"]) == \
            (job_id, "physics", "COMPLETED")


def test_history_window_in_simulated_time():
    sim = mock_slurmrestd.Simulator(conf=ACCOUNTING)
    first = sim.submit(mock_slurmrestd.JobSpec(script="#!/bin/bash\nsleep 5"))
    sim.advance(100)
    second = sim.submit(mock_slurmrestd.JobSpec(script="#!/bin/bash\nsleep 5"))
    sim.advance(10)
    t0 = sim.now() - 110
    assert [r.job_id for r in sim.job_history()] == [first, second]
    assert [r.job_id for r in sim.job_history(start=t0 + 50)] == [second]
    assert [r.job_id for r in sim.job_history(end=t0 + 50)] == [first]


def test_bad_seeds_and_no_accounting_are_errors():
    with mock_slurmrestd.Server(conf=ACCOUNTING) as server:
        with pytest.raises(mock_slurmrestd.SlurmError, match="no account 'nope'"):
            server.add_user("bob", account="nope")
        assert all(u.name != "bob" for u in server.accounting_users())
        with pytest.raises(ValueError, match="unknown job state 'DONE'"):
            server.job_history(state="DONE")
    with mock_slurmrestd.Server() as server:  # the default cluster stores no accounting
        with pytest.raises(mock_slurmrestd.SlurmError, match="AccountingStorageType"):
            server.job_history()
        with pytest.raises(mock_slurmrestd.SlurmError, match="AccountingStorageType"):
            server.add_account("physics")
