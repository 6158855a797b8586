"""Error classes: unknown objects, bad bodies, bad submissions, bad signals."""

import json

import pytest

from helpers import assert_envelope, assert_error, assert_ok, assert_text

SLEEP = "#!/bin/bash\nsleep 30"
# Submitting with hold=true succeeds (HTTP 200, job_id) but still carries this error entry.
HELD_SUBMIT_ERRORS = [{"error_code": 2042,
                       "error": "Job is in held state, pending scheduler release"}]


def test_unknown_job_get(client, unknown_job_id):
    assert_error(client.api("GET", f"/job/{unknown_job_id}"), 500,
                 f"_handle_job_get: unknown job {unknown_job_id}", "error_code", 0, "jobs", [])


def test_unknown_job_update(client, unknown_job_id):
    body = assert_error(client.api("POST", f"/job/{unknown_job_id}", {"time_limit": 5}), 500,
                        r"_handle_job_post: job update from .* failed: Invalid job id specified",
                        "error_code", 0)
    assert list(body) == ["meta", "errors"]


def test_unknown_job_delete(client, unknown_job_id):
    assert_error(client.api("DELETE", f"/job/{unknown_job_id}"), 500,
                 f"_handle_job_delete: unable to kill job {unknown_job_id} with signal 9: "
                 "Invalid job id specified", "error_code", 0)


@pytest.mark.parametrize("sig,num", [("SIGUSR1", 10), ("sigterm", 15), ("12", 12)])
def test_unknown_job_delete_with_signal(client, unknown_job_id, sig, num):
    assert_error(client.api("DELETE", f"/job/{unknown_job_id}?signal={sig}"), 500,
                 f"_handle_job_delete: unable to kill job {unknown_job_id} with signal {num}: "
                 "Invalid job id specified", "error_code", 0)


def test_job_path_without_id(client):
    for path in ("/job", "/job/"):
        body = assert_error(client.api("GET", path), 500,
                            r"_op_handler_job: \[.*\] missing job_id in parameters",
                            "error_code", 0)
        assert list(body) == ["meta", "errors"]


def test_job_id_zero(client):
    assert_error(client.api("GET", "/job/0"), 500, r"_op_handler_job: \[.*\] job_id is zero",
                 "error_code", 0)


def test_job_id_negative_is_unknown(client):
    assert_error(client.api("GET", "/job/-1"), 500, "_handle_job_get: unknown job -1",
                 "error_code", 0, "jobs", [])


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_job_id_not_numeric_is_404(client, method):
    assert_text(client.api(method, "/job/abc"), 404,
                "Unable find requested URL. Please view /openapi/v3 for API reference.")


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
        {"error": "process failed for key time_limit with error: Unspecified error",
         "error_code": -1},
        {"error_code": 9001, "error": "Failure during parsing"}]


def test_wrong_type_nodes(client, job_desc):
    body = assert_error(
        client.api("POST", "/job/submit", {"job": job_desc(nodes=[1]), "script": SLEEP}),
        400, "Invalid node count list size", "error_code", -1)
    assert body["errors"][-1] == {"error_code": 9001, "error": "Failure during parsing"}


def test_unknown_key_in_job(client, job_desc):
    body = assert_error(
        client.api("POST", "/job/submit", {"job": job_desc(bogus_key=1), "script": SLEEP}),
        400, 'Unknown key "bogus_key": No such process', "error_code", 3)
    assert body["errors"][1] == {"error_code": 9001, "error": "Failure during parsing"}
    assert "job_id" not in body


def test_unknown_key_in_update(client, job_desc, jobs_to_cancel):
    _, jid = client.submit(job_desc(name="ct-badupd", hold=True), SLEEP)
    jobs_to_cancel.append(jid)
    body = assert_error(client.api("POST", f"/job/{jid}", {"job": {"name": "x"}}), 500,
                        'Unknown key "job": No such process', "error_code", 3)
    assert body["errors"][1]["error"].startswith("_handle_job_post: job parsing failed for ")


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


@pytest.mark.parametrize("sig", ["SIGFOO", "USR1x", "0"])
def test_bad_signal_name(client, job_desc, jobs_to_cancel, sig):
    _, jid = client.submit(job_desc(name="ct-badsig", hold=True), SLEEP)
    jobs_to_cancel.append(jid)
    assert_error(client.api("DELETE", f"/job/{jid}?signal={sig}"), 500,
                 "_op_handler_job: invalid signal: 0", "error_code", 0)
    assert client.job(jid)["job_state"] == "PENDING"


@pytest.mark.parametrize("sig", ["999", "65"])
def test_bad_signal_number(client, job_desc, jobs_to_cancel, sig):
    _, jid = client.submit(job_desc(name="ct-badsig", hold=True), SLEEP)
    jobs_to_cancel.append(jid)
    assert_error(client.api("DELETE", f"/job/{jid}?signal={sig}"), 500,
                 f"_op_handler_job: invalid signal: {sig}", "error_code", 0)
    assert client.job(jid)["job_state"] == "PENDING"


def test_top_level_unknown_key_is_ignored(client, job_desc, jobs_to_cancel):
    r = client.api("POST", "/job/submit",
                   {"foo": 1, "job": job_desc(name="ct-toplevel", hold=True), "script": SLEEP})
    body = assert_envelope(r, 200, "job_id")
    jobs_to_cancel.append(body["job_id"])
    assert body["errors"] == HELD_SUBMIT_ERRORS
