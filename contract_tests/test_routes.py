"""Every v0.0.36 route answers with the right envelope, status and payload key."""

import pytest

from helpers import assert_ok, assert_envelope, expected

READ_ROUTES = [("/ping", "pings"), ("/diag", "statistics"), ("/jobs", "jobs"),
               ("/nodes", "nodes"), ("/partitions", "partitions")]


@pytest.mark.parametrize("sub,key", READ_ROUTES)
def test_read_routes_envelope(client, sub, key):
    body = assert_ok(client.api("GET", sub), key)
    assert list(body) == ["meta", "errors", key]


def test_ping_reports_primary_up(client):
    pings = assert_ok(client.api("GET", "/ping"), "pings")["pings"]
    assert len(pings) >= 1
    assert pings[0]["ping"] == "UP"
    assert pings[0]["mode"] == "primary"
    assert pings[0]["status"] == 0


def test_node_by_name(client, nodes):
    for n in (nodes[0], nodes[-1]):
        body = assert_ok(client.api("GET", f"/node/{n['name']}"), "nodes")
        assert [x["name"] for x in body["nodes"]] == [n["name"]]


def test_partition_by_name(client, partitions):
    for p in partitions:
        body = assert_ok(client.api("GET", f"/partition/{p['name']}"), "partitions")
        assert [x["name"] for x in body["partitions"]] == [p["name"]]


def test_partitions_cover_nodes(partitions, nodes):
    assert sum(p["total_nodes"] for p in partitions) >= 1
    assert max(p["total_nodes"] for p in partitions) <= len(nodes)
    assert sum(1 for p in partitions if "default" in p["flags"]) <= 1


def test_job_by_id_and_jobs_list(client, job_desc, jobs_to_cancel):
    r, jid = client.submit(job_desc(name="ct-route", hold=True), "#!/bin/bash\nsleep 30")
    jobs_to_cancel.append(jid)
    body = assert_envelope(r, 200, "job_id")
    assert list(body) == ["meta", "errors"] + list(expected("submit_response")["keys"])
    assert isinstance(jid, int) and jid > 0
    assert body["step_id"] == "BATCH"
    one = assert_ok(client.api("GET", f"/job/{jid}"), "jobs")["jobs"]
    assert [j["job_id"] for j in one] == [jid]
    assert one[0]["name"] == "ct-route"
    listed = assert_ok(client.api("GET", "/jobs"), "jobs")["jobs"]
    assert jid in [j["job_id"] for j in listed]


def test_post_job_update_ok_envelope(client, job_desc, jobs_to_cancel):
    _, jid = client.submit(job_desc(name="ct-upd", hold=True), "#!/bin/bash\nsleep 30")
    jobs_to_cancel.append(jid)
    body = assert_ok(client.api("POST", f"/job/{jid}", {"time_limit": 5}))
    assert list(body) == ["meta", "errors"]


def test_delete_job_ok_envelope(client, job_desc, jobs_to_cancel):
    _, jid = client.submit(job_desc(name="ct-del", hold=True), "#!/bin/bash\nsleep 30")
    jobs_to_cancel.append(jid)
    body = assert_ok(client.api("DELETE", f"/job/{jid}"))
    assert list(body) == ["meta", "errors"]
    assert client.job(jid)["job_state"] == "CANCELLED"


def test_delete_job_with_signal_ok_envelope(client, job_desc, jobs_to_cancel):
    _, jid = client.submit(job_desc(name="ct-delsig", hold=True), "#!/bin/bash\nsleep 30")
    jobs_to_cancel.append(jid)
    body = assert_ok(client.api("DELETE", f"/job/{jid}?signal=SIGKILL"))
    assert list(body) == ["meta", "errors"]


@pytest.mark.parametrize("path", ["/openapi", "/openapi.json", "/openapi.yaml", "/openapi/v3"])
def test_openapi_documents(client, path):
    r = client.get(path)
    assert r.status == 200, r
    doc = r.json()
    assert doc["openapi"] == "3.0.2"
    assert doc["info"]["version"] == "0.0.36"
    v36 = {p for p in doc["paths"] if p.startswith("/slurm/v0.0.36/")}
    assert v36 == {"/slurm/v0.0.36/" + s for s in (
        "diag", "ping", "jobs", "job/{job_id}", "job/submit", "nodes", "node/{node_name}",
        "partitions", "partition/{partition_name}")}
    assert set(doc["paths"]["/slurm/v0.0.36/job/{job_id}"]) >= {"get", "post", "delete"}
    assert "post" in doc["paths"]["/slurm/v0.0.36/job/submit"]


def test_openapi_needs_auth(anon):
    r = anon.get("/openapi")
    assert r.status == 401


def test_envelope_present_on_error(client):
    body = assert_envelope(client.api("GET", "/partition/no-such-partition-xyz"), 500)
    assert body["errors"]
