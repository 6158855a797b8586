"""Every object's exact key set and value types, as captured from the real daemon."""

import pytest

from helpers import assert_envelope, assert_ok, assert_shape, expected


def test_meta_shape(client):
    body = assert_ok(client.api("GET", "/ping"))
    assert_shape(body["meta"], "meta")
    assert body["meta"]["plugin"] == {"type": "openapi/v0.0.36", "name": "REST v0.0.36"}
    assert set(body["meta"]["Slurm"]) == {"version", "release"}
    assert set(body["meta"]["Slurm"]["version"]) == {"major", "micro", "minor"}


def test_ping_shape(client):
    for p in assert_ok(client.api("GET", "/ping"))["pings"]:
        assert_shape(p, "ping")


def test_diag_shape(client):
    assert_shape(assert_ok(client.api("GET", "/diag"))["statistics"], "diag")


def test_node_shape_all_nodes(nodes):
    for n in nodes:
        assert_shape(n, "node")


def test_partition_shape_all(partitions):
    for p in partitions:
        assert_shape(p, "partition")


def test_job_shape_states(client, job_desc, jobs_to_cancel):
    """Pending (held) and finished jobs, plus whatever else the target lists."""
    _, held = client.submit(job_desc(name="ct-shape-held", hold=True), "#!/bin/bash\nsleep 30")
    jobs_to_cancel.append(held)
    _, quick = client.submit(job_desc(name="ct-shape-quick"), "#!/bin/bash\ntrue")
    jobs_to_cancel.append(quick)
    done = client.wait_job(quick, lambda j: j["job_state"] == "COMPLETED", 60)
    for j in [client.job(held), done] + assert_ok(client.api("GET", "/jobs"))["jobs"]:
        assert_shape(j, "job")
        if j["job_resources"]:
            assert_shape(j["job_resources"], "job_resources")


def test_submit_response_shape(client, job_desc, jobs_to_cancel):
    r, jid = client.submit(job_desc(name="ct-shape-sub", hold=True), "#!/bin/bash\nsleep 30")
    jobs_to_cancel.append(jid)
    body = assert_envelope(r, 200, "job_id")
    assert_shape({k: v for k, v in body.items() if k not in ("meta", "errors")},
                 "submit_response")


@pytest.mark.parametrize("name", ["job", "node", "partition", "diag", "ping", "meta",
                                  "submit_response", "job_resources"])
def test_expected_files_are_sane(name):
    doc = expected(name)
    assert doc["keys"], name
    allowed = {"null", "boolean", "integer", "number", "string", "array", "object"}
    for k, types in doc["keys"].items():
        assert types and set(types) <= allowed, (k, types)
