"""Submissions shaped like a third-party client's: the job-properties property test of
jobbergate (omnivector-solutions/jobbergate, 2023), which posts `{"script": "#!/bin/bash",
"job": {...}}` to v0.0.36 with no `environment` and no working directory. Its input family,
enumerated here instead of drawn at random: the booleans it varies, `get_user_environment` and
`wait_all_nodes` 0 or 1, `memory_per_node` 1 to 100 (it sends strings), its fixed examples, and
the properties it expects to be refused. The answers are the real 22.05 daemon's (its run of
that test, six seeds, 702 submissions, gave the same status and errors per case against both;
docs/contract-tests.md, "Third-party suites")."""

import itertools

import pytest

from helpers import assert_envelope, unknown_key_entry

# The version the client was written for; its refusals are worded per version.
pytestmark = pytest.mark.api_versions("v0.0.36")

SCRIPT = "#!/bin/bash"
HELD = [{"error_code": 2042, "error": "Job is in held state, pending scheduler release"}]

BOOLEANS = ["hold", "kill_on_invalid_dependency", "requeue", "spread_job"]
VARIED = []
for i, flags in enumerate(itertools.product([False, True], repeat=len(BOOLEANS))):
    for gue in (0, 1):
        job = dict(zip(BOOLEANS, flags))
        job["get_user_environment"] = gue
        job["wait_all_nodes"] = (gue + i) % 2
        job["memory_per_node"] = str(1 + (i * 13 + gue * 50) % 100)
        VARIED.append(job)

EXAMPLES = [{"nodes": "1-2"}, {"nodes": "2"}, {"memory_per_node": "1MB"},
            {"time_limit": "1:00:00"}, {"open_mode": "append"}, {"open_mode": "truncate"},
            {"memory_per_node": 100}, {"memory_per_node": "100"}]
# Without a working directory a job runs in slurmrestd's own (where its user may not write: the
# real job then fails to launch, 4021) and writes slurm-N.out there; the client's example that
# names a directory as output fails the same way. Both outcomes belong to the target's
# filesystem, so the jobs that run get a working directory and an output file the user can use.
RUNS_IN = {"current_working_directory": "/tmp", "standard_output": "/dev/null"}


def _ids(jobs):
    return ["-".join(f"{k}={v}" for k, v in j.items()) for j in jobs]


def _settles(client, jid, held):
    """A held job waits for its release; any other runs `#!/bin/bash` and ends at once."""
    if held:
        job = client.job(jid)
        assert (job["job_state"], job["state_reason"]) == ("PENDING", "JobHeldUser"), job
        return
    job = client.wait_job(jid, lambda j: j["job_state"] not in ("PENDING", "RUNNING",
                                                                 "CONFIGURING", "COMPLETING"),
                          timeout=60)
    assert (job["job_state"], job["exit_code"]) == ("COMPLETED", 0), job


@pytest.mark.parametrize("job", VARIED, ids=_ids(VARIED))
def test_varied_properties_are_accepted(client, jobs_to_cancel, job):
    r, jid = client.submit(dict(job) if job["hold"] else {**job, **RUNS_IN}, SCRIPT)
    body = assert_envelope(r, 200)
    jobs_to_cancel.append(jid)
    assert body["errors"] == (HELD if job["hold"] else [])
    _settles(client, jid, job["hold"])


@pytest.mark.parametrize("extra", EXAMPLES, ids=_ids(EXAMPLES))
def test_examples_are_accepted(client, jobs_to_cancel, extra):
    # The client's model adds its default get_user_environment=1 to every example.
    r, jid = client.submit({"get_user_environment": 1, **RUNS_IN, **extra}, SCRIPT)
    assert assert_envelope(r, 200)["errors"] == []
    jobs_to_cancel.append(jid)
    _settles(client, jid, held=False)


def test_a_directory_as_output_is_accepted(client, jobs_to_cancel):
    # The client's example: accepted at submit; how it runs is the target's filesystem's
    # business (above), so the job is held (and cancelled afterwards).
    r, jid = client.submit({"get_user_environment": 1, "standard_output": "/tmp",
                            "hold": True}, SCRIPT)
    assert assert_envelope(r, 200)["errors"] == HELD
    jobs_to_cancel.append(jid)
    assert client.job(jid)["standard_output"] == "/tmp"


# (properties, the first error's text and code, the key a "process failed for key" entry names)
REFUSED = [
    ({"nodes": [1, 2, 3]}, "Invalid node count list size", -1, "nodes"),
    ({"nodes": [1]}, "Invalid node count list size", -1, "nodes"),
    ({"no_kill": True}, "Invalid no kill specification", -1, "no_kill"),
    ({"no_kill": False}, "Invalid no kill specification", -1, "no_kill"),
    ({"no_kill": 1}, "Invalid no kill specification", -1, "no_kill"),
    ({"no_kill": 0}, "Invalid no kill specification", -1, "no_kill"),
    ({"wait_all_nodes": True}, "Unable to read integer value", 9202, "wait_all_nodes"),
    ({"wait_all_nodes": False}, "Unable to read integer value", 9202, "wait_all_nodes"),
    ({"time_minimum": 10}, 'Unknown key "time_minimum": No such process', 3, None),
    ({"time_minimum": "1:00:00"}, 'Unknown key "time_minimum": No such process', 3, None),
]


@pytest.mark.parametrize("extra,first,code,failed_key", REFUSED,
                         ids=_ids([r[0] for r in REFUSED]))
def test_known_refusals(client, extra, first, code, failed_key):
    r = client.api("POST", "/job/submit",
                   {"job": {"get_user_environment": 0, **extra}, "script": SCRIPT})
    body = assert_envelope(r, 400)
    expected = [{"error": first, "error_code": code}]
    if failed_key:
        expected.append(unknown_key_entry(client.api_version, failed_key))
    expected.append({"error": "Failure during parsing", "error_code": 9001})
    # "process failed for key"'s code is the worker thread's errno over v0.0.36 (differences
    # row 16): its text is fixed, its number is whatever the thread last left there.
    got = [dict(e, error_code=None) if e.get("error", "").startswith("process failed") else e
           for e in body["errors"]]
    want = [dict(e, error_code=None) if e.get("error", "").startswith("process failed") else e
            for e in expected]
    assert got == want, body["errors"]
