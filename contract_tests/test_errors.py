"""Error classes: unknown objects, bad bodies, bad submissions, bad signals, per API version
(v0.0.36's handler errors `{error, error_code}` became described entries in v0.0.37; notes
section 5 and 6)."""

import json

import pytest

from helpers import (ROUTING_405, assert_described_error, assert_envelope, assert_error,
                     assert_ok, assert_text, unknown_key_entry)

LATER = ("v0.0.37", "v0.0.38")
INVALID_JOB = "Invalid job id specified"
NO_JOB_ENTRY = "Jobs description entry not found, empty or not dictionary or list"


def old(client):
    return client.api_version == "v0.0.36"

SLEEP = "#!/bin/bash\nsleep 30"
# Submitting with hold=true succeeds (HTTP 200, job_id) but still carries this error entry.
HELD_SUBMIT_ERRORS = [{"error_code": 2042,
                       "error": "Job is in held state, pending scheduler release"}]


def assert_job_not_found(client, r, job):
    if old(client):
        return assert_error(r, 500, f"_handle_job_get: unknown job {job}", "error_code", 0,
                            "jobs", [])
    return assert_described_error(r, 500, f"Unable to find JobId={job}", 2017, INVALID_JOB,
                                  "slurm_load_job", "jobs", [])


def assert_kill_refused(client, r, job, signal):
    if old(client):
        return assert_error(r, 500, f"_handle_job_delete: unable to kill job {job} with signal "
                            f"{signal}: {INVALID_JOB}", "error_code", 0)
    return assert_described_error(r, 500, f"unable to kill JobId={job} with signal {signal}: "
                                  f"{INVALID_JOB}", 2017, INVALID_JOB, "slurm_kill_job")


def assert_update_of_unknown_job(client, r):
    if old(client):
        return assert_error(r, 500, r"_handle_job_post: job update from .* failed: "
                            f"{INVALID_JOB}", "error_code", 0)
    return assert_described_error(r, 500, r"job update from .* failed", 2017, INVALID_JOB,
                                  "_parse_job_list")


def test_unknown_job_get(client, unknown_job_id):
    assert_job_not_found(client, client.api("GET", f"/job/{unknown_job_id}"), unknown_job_id)


def test_unknown_job_update(client, unknown_job_id):
    body = assert_update_of_unknown_job(
        client, client.api("POST", f"/job/{unknown_job_id}", {"time_limit": 5}))
    assert list(body) == ["meta", "errors"]


def test_unknown_job_delete(client, unknown_job_id):
    assert_kill_refused(client, client.api("DELETE", f"/job/{unknown_job_id}"), unknown_job_id,
                        9)


@pytest.mark.parametrize("sig,num", [("SIGUSR1", 10), ("sigterm", 15), ("12", 12)])
def test_unknown_job_delete_with_signal(client, unknown_job_id, sig, num):
    assert_kill_refused(client, client.api("DELETE", f"/job/{unknown_job_id}?signal={sig}"),
                        unknown_job_id, num)


def test_job_path_without_id(client):
    """v0.0.36 routes /job to its job handler, which finds no id; v0.0.37 on have no such
    route for any method."""
    for path in ("/job", "/job/"):
        r = client.api("GET", path)
        if old(client):
            body = assert_error(r, 500, r"_op_handler_job: \[.*\] missing job_id in parameters",
                                "error_code", 0)
            assert list(body) == ["meta", "errors"]
        else:
            assert_text(r, 405, ROUTING_405)


def test_job_id_zero(client):
    r = client.api("GET", "/job/0")
    if old(client):
        assert_error(r, 500, r"_op_handler_job: \[.*\] job_id is zero", "error_code", 0)
    else:
        assert_described_error(r, 400, "Unable to find JobId=0", 9002, NO_JOB_ENTRY,
                               "_handle_job_get")


def test_job_id_negative_is_unknown(client):
    assert_job_not_found(client, client.api("GET", "/job/-1"), -1)


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_job_id_not_numeric(client, method):
    """No route for a non-numeric id in v0.0.36; v0.0.37 on look the id up and fail."""
    r = client.api(method, "/job/abc", {"time_limit": 5} if method == "POST" else None)
    if old(client):
        assert_text(r, 404, "Unable find requested URL. Please view /openapi/v3 for API "
                            "reference.")
    elif method == "GET":
        assert_described_error(r, 400, "Unable to find JobId=abc", 9002, NO_JOB_ENTRY,
                               "_handle_job_get")
    elif method == "POST":
        assert_update_of_unknown_job(client, r)
    else:
        assert_kill_refused(client, r, "abc", 9)


def test_held_submit_reports_error_2042(client, job_desc, jobs_to_cancel):
    body = assert_envelope(client.api("POST", "/job/submit",
                                      {"job": job_desc(name="ct-held2", hold=True),
                                       "script": SLEEP}), 200, "job_id")
    jobs_to_cancel.append(body["job_id"])
    assert body["errors"] == HELD_SUBMIT_ERRORS
    assert body["step_id"] == "BATCH"


def test_unknown_node(client):
    assert_error(client.api("GET", "/node/no-such-node-xyz"), 500,
                 "Invalid node name specified", "errno", 2018, "nodes", [])


def test_unknown_partition(client):
    assert_error(client.api("GET", "/partition/no-such-partition-xyz"), 500,
                 "Invalid partition name specified", "errno", 2000, "partitions", [])


@pytest.mark.parametrize("body", ['{"job": ', "{", '{"job": {"name": "x"}'])
def test_unparsable_body(client, body):
    assert_text(client.api("POST", "/job/submit", body), 400, "Unable to parse query.")


def test_empty_body_is_missing_script(client):
    assert_error(client.api("POST", "/job/submit", b""), 500, "Job script not specified",
                 "error_code", 2009)


def test_missing_script(client, job_desc):
    body = assert_error(client.api("POST", "/job/submit", {"job": job_desc()}), 500,
                        "Job script not specified", "error_code", 2009)
    assert "job_id" not in body


def test_missing_environment(client, job_desc):
    desc = job_desc()
    del desc["environment"]
    body = assert_error(client.api("POST", "/job/submit", {"job": desc, "script": SLEEP}), 400,
                        "environment must be set", "error_code", 2127)
    assert body["errors"][1] == {"error_code": 9001, "error": "Failure during parsing"}


def test_wrong_type_time_limit(client, job_desc):
    body = assert_error(
        client.api("POST", "/job/submit", {"job": job_desc(time_limit="abc"), "script": SLEEP}),
        400, "Invalid time specification", "error_code", -1)
    assert body["errors"][1:] == [
        unknown_key_entry(client.api_version, "time_limit"),
        {"error_code": 9001, "error": "Failure during parsing"}]


def test_wrong_type_nodes(client, job_desc):
    body = assert_error(
        client.api("POST", "/job/submit", {"job": job_desc(nodes=[1]), "script": SLEEP}),
        400, "Invalid node count list size", "error_code", -1)
    assert body["errors"][1:] == [
        unknown_key_entry(client.api_version, "nodes"),
        {"error_code": 9001, "error": "Failure during parsing"}]


def unknown_key(client, key):
    """The entry of a key the job parser does not know (notes section 5, shape 5)."""
    if old(client):
        return {"error": f'Unknown key "{key}": No such process', "error_code": 3}
    return {"description": f'Unknown key "{key}"', "source": "hsearch_r"}


def test_unknown_key_in_job(client, job_desc):
    body = assert_envelope(
        client.api("POST", "/job/submit", {"job": job_desc(bogus_key=1), "script": SLEEP}),
        400)
    assert body["errors"] == [unknown_key(client, "bogus_key"),
                              {"error_code": 9001, "error": "Failure during parsing"}]
    assert "job_id" not in body


def test_unknown_key_in_update(client, job_desc, jobs_to_cancel):
    """Refused with 500 over v0.0.36; over v0.0.37 on, 200 with the errors (nothing changes)."""
    _, jid = client.submit(job_desc(name="ct-badupd", hold=True), SLEEP)
    jobs_to_cancel.append(jid)
    r = client.api("POST", f"/job/{jid}", {"job": {"name": "x"}})
    body = assert_envelope(r, 500 if old(client) else 200)
    assert body["errors"][0] == unknown_key(client, "job")
    if old(client):
        assert body["errors"][1]["error"].startswith("_handle_job_post: job parsing failed for ")
    else:
        assert_described_error(r, 200, r"job parsing failed for .*", 9001,
                               "Failure during parsing", "_parse_job_list", index=1)
    assert len(body["errors"]) == 2
    assert client.job(jid)["name"] == "ct-badupd"


def test_unknown_partition_on_submit(client, job_desc):
    body = assert_error(
        client.api("POST", "/job/submit",
                   {"job": job_desc(partition="no-such-partition-xyz"), "script": SLEEP}),
        500, "Invalid partition name specified", "error_code", 2000)
    assert "job_id" not in body


def test_too_many_nodes_is_queued_with_error(client, job_desc, jobs_to_cancel, nodes):
    """More nodes than the cluster has: HTTP 200, an error entry, and a job that never runs."""
    want = len(nodes) * 3
    r = client.api("POST", "/job/submit", {"job": job_desc(nodes=str(want)), "script": SLEEP})
    body = assert_envelope(r, 200, "job_id")
    jobs_to_cancel.append(body["job_id"])
    assert body["errors"] == [{"error_code": 2015,
                               "error": "Requested partition configuration not available now"}]
    # PartitionConfig straight after submit, PartitionNodeLimit once the scheduler looked: how
    # soon it looks is the target's timing, so wait for the reason it settles on.
    job = client.wait_job(body["job_id"], lambda j: j["state_reason"] == "PartitionNodeLimit",
                          30)
    assert job["job_state"] == "PENDING"
    assert job["node_count"] == want


def test_held_job_shows_job_held_user(client, job_desc, jobs_to_cancel):
    _, jid = client.submit(job_desc(name="ct-held", hold=True), SLEEP)
    jobs_to_cancel.append(jid)
    job = client.job(jid)
    assert job["job_state"] == "PENDING"
    assert job["state_reason"] == "JobHeldUser"
    assert job["priority"] == 0


def assert_bad_signal(client, r, number):
    """v0.0.36: the handler's 500; v0.0.37 on: the query is refused, 400."""
    if old(client):
        assert_error(r, 500, f"_op_handler_job: invalid signal: {number}", "error_code", 0)
    else:
        assert_described_error(r, 400, f"invalid signal: {number}", 9000,
                               "Query empty or not RFC7320 compliant", "HTTP request: signal")


@pytest.mark.parametrize("sig", ["SIGFOO", "USR1x", "0"])
def test_bad_signal_name(client, job_desc, jobs_to_cancel, sig):
    _, jid = client.submit(job_desc(name="ct-badsig", hold=True), SLEEP)
    jobs_to_cancel.append(jid)
    assert_bad_signal(client, client.api("DELETE", f"/job/{jid}?signal={sig}"), 0)
    assert client.job(jid)["job_state"] == "PENDING"


@pytest.mark.parametrize("sig", ["999", "65"])
def test_bad_signal_number(client, job_desc, jobs_to_cancel, sig):
    _, jid = client.submit(job_desc(name="ct-badsig", hold=True), SLEEP)
    jobs_to_cancel.append(jid)
    assert_bad_signal(client, client.api("DELETE", f"/job/{jid}?signal={sig}"), sig)
    assert client.job(jid)["job_state"] == "PENDING"


def test_top_level_unknown_key_is_ignored(client, job_desc, jobs_to_cancel):
    r = client.api("POST", "/job/submit",
                   {"foo": 1, "job": job_desc(name="ct-toplevel", hold=True), "script": SLEEP})
    body = assert_envelope(r, 200, "job_id")
    jobs_to_cancel.append(body["job_id"])
    assert body["errors"] == HELD_SUBMIT_ERRORS
