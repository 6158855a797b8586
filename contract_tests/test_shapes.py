"""Every object's exact key set and value types, as captured from the real daemon, per API
version (expected/<version>/ where a version differs from v0.0.36's expected/)."""

import os

import pytest

import version_facts
from helpers import HERE, assert_envelope, assert_ok, assert_shape, expected


def test_meta_shape(client):
    body = assert_ok(client.api("GET", "/ping"))
    assert_shape(body["meta"], "meta")
    assert body["meta"]["plugin"] == version_facts.plugin(client.api_version)
    assert set(body["meta"]["Slurm"]) == {"version", "release"}
    assert set(body["meta"]["Slurm"]["version"]) == {"major", "micro", "minor"}


def test_ping_shape(client):
    for p in assert_ok(client.api("GET", "/ping"))["pings"]:
        assert_shape(p, "ping", client.api_version)


def test_diag_shape(client):
    assert_shape(assert_ok(client.api("GET", "/diag"))["statistics"], "diag", client.api_version)


def test_node_shape_all_nodes(client, nodes):
    for n in nodes:
        assert_shape(n, "node", client.api_version)


def test_partition_shape_all(client, partitions):
    for p in partitions:
        assert_shape(p, "partition", client.api_version)


def test_job_shape_states(client, job_desc, jobs_to_cancel):
    """Pending (held) and finished jobs, plus whatever else the target lists."""
    _, held = client.submit(job_desc(name="ct-shape-held", hold=True), "#!/bin/bash\nsleep 30")
    jobs_to_cancel.append(held)
    _, quick = client.submit(job_desc(name="ct-shape-quick"), "#!/bin/bash\ntrue")
    jobs_to_cancel.append(quick)
    done = client.wait_job(quick, lambda j: j["job_state"] == "COMPLETED", 60)
    v = client.api_version
    pending = client.job(held)
    # A job with no resources: {} until v0.0.37, no key at all from v0.0.38 on.
    if version_facts.omits_empty_job_resources(v):
        assert "job_resources" not in pending, pending["job_resources"]
    else:
        assert pending["job_resources"] == {}
    for j in [pending, done] + assert_ok(client.api("GET", "/jobs"))["jobs"]:
        assert_shape(j, "job", v)
        if j.get("job_resources"):
            assert_shape(j["job_resources"], "job_resources", v)
    assert done["job_resources"], done


def test_submit_response_shape(client, job_desc, jobs_to_cancel):
    r, jid = client.submit(job_desc(name="ct-shape-sub", hold=True), "#!/bin/bash\nsleep 30")
    jobs_to_cancel.append(jid)
    body = assert_envelope(r, 200, "job_id")
    assert_shape({k: v for k, v in body.items() if k not in ("meta", "errors")},
                 "submit_response", client.api_version)


VERSIONS_WITH_OWN_SHAPES = sorted(d for d in os.listdir(os.path.join(HERE, "expected"))
                                  if os.path.isdir(os.path.join(HERE, "expected", d)))


@pytest.mark.parametrize("version", [None] + VERSIONS_WITH_OWN_SHAPES)
@pytest.mark.parametrize("name", ["job", "node", "partition", "diag", "ping", "meta",
                                  "submit_response", "job_resources"])
def test_expected_files_are_sane(name, version):
    doc = expected(name, version)
    assert doc["keys"], name
    allowed = {"null", "boolean", "integer", "number", "string", "array", "object"}
    for k, types in doc["keys"].items():
        assert types and set(types) <= allowed, (k, types)
    assert set(doc.get("optional", [])) <= set(doc["keys"])
