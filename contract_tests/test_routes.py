"""Every route of every API version answers with the right envelope, status and payload key."""

import pytest

import version_facts
from helpers import assert_ok, assert_envelope, expected

READ_ROUTES = [("/ping", "pings"), ("/diag", "statistics"), ("/jobs", "jobs"),
               ("/nodes", "nodes"), ("/partitions", "partitions")]


@pytest.mark.parametrize("sub,key", READ_ROUTES)
def test_read_routes_envelope(client, sub, key):
    body = assert_ok(client.api("GET", sub), key)
    assert list(body) == ["meta", "errors", key]


@pytest.mark.api_versions("v0.0.37", "v0.0.38")
def test_reservations_route(client):
    """No reservation on the cluster: an empty list; an unknown name is slurmctld's 2053
    (`vX/reservations_none`, `vX/reservation_unknown`)."""
    body = assert_ok(client.api("GET", "/reservations"), "reservations")
    assert list(body) == ["meta", "errors", "reservations"]
    assert body["reservations"] == []
    body = assert_envelope(client.api("GET", "/reservation/no-such-resv"), 500, "reservations")
    assert body["errors"] == [{"error": "Requested reservation is invalid", "errno": 2053}]
    assert body["reservations"] == []


@pytest.mark.api_versions("v0.0.38")
def test_licenses_route(client):
    """No license configured: an empty list (`v0.0.38/licenses_none`)."""
    body = assert_ok(client.api("GET", "/licenses"), "licenses")
    assert list(body) == ["meta", "errors", "licenses"]
    assert body["licenses"] == []


@pytest.mark.api_versions("v0.0.36")
@pytest.mark.parametrize("sub", ["/reservations", "/reservation/x", "/licenses"])
def test_routes_of_later_versions_are_unknown(client, sub):
    r = client.api("GET", sub)
    assert r.status == 404 and r.content_type == "text/plain", r


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


def test_job_by_id_and_jobs_list(client, user, job_desc, jobs_to_cancel):
    r, jid = client.submit(job_desc(name="ct-route", hold=True), "#!/bin/bash\nsleep 30")
    jobs_to_cancel.append(jid)
    body = assert_envelope(r, 200, "job_id")
    assert list(body) == ["meta", "errors"] + list(expected("submit_response")["keys"])
    assert isinstance(jid, int) and jid > 0
    assert body["step_id"] == "BATCH"
    one = assert_ok(client.api("GET", f"/job/{jid}"), "jobs")["jobs"]
    assert [j["job_id"] for j in one] == [jid]
    assert one[0]["name"] == "ct-route"
    # v0.0.36 leaves user_name empty; v0.0.37 on name the submitting user.
    assert one[0]["user_name"] == (user if version_facts.user_name_shown(client.api_version)
                                   else "")
    listed = assert_ok(client.api("GET", "/jobs"), "jobs")["jobs"]
    assert jid in [j["job_id"] for j in listed]


def test_job_submitted_over_one_version_is_seen_over_every_other(client, versions, job_desc,
                                                                  jobs_to_cancel):
    """The versions share one cluster: a job submitted over this version is the same job, with
    the same values, over every other version the target serves (`*_submitted_over_*`)."""
    _, jid = client.submit(job_desc(name="ct-shared", hold=True), "#!/bin/bash\nsleep 30")
    jobs_to_cancel.append(jid)
    mine = client.job(jid)
    for other in versions.served:
        theirs = client.for_version(other).job(jid)
        assert theirs["job_id"] == jid and theirs["name"] == "ct-shared", other
        assert theirs["job_state"] == "PENDING" and theirs["state_reason"] == "JobHeldUser"
        same = {k for k in mine if k in theirs and k != "user_name"}
        assert {k: theirs[k] for k in same} == {k: mine[k] for k in same}, other


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
def test_openapi_documents(client, versions, path):
    """One document whatever the version asked about: the first loaded plugin's, with every
    loaded version's paths (notes section 2); this version's are its own."""
    r = client.get(path)
    assert r.status == 200, r
    doc = r.json()
    assert doc["openapi"] == "3.0.2"
    assert doc["info"]["version"] == versions.document[1:]
    prefix = f"/slurm/{client.api_version}/"
    mine = {p for p in doc["paths"] if p.startswith(prefix)}
    assert mine == version_facts.paths(client.api_version)
    assert set(doc["paths"][prefix + "job/{job_id}"]) >= {"get", "post", "delete"}
    assert "post" in doc["paths"][prefix + "job/submit"]
    assert {"/openapi", "/openapi.json", "/openapi.yaml", "/openapi/v3"} <= set(doc["paths"])


def test_openapi_needs_auth(anon):
    r = anon.get("/openapi")
    assert r.status == 401


def test_envelope_present_on_error(client):
    body = assert_envelope(client.api("GET", "/partition/no-such-partition-xyz"), 500)
    assert body["errors"]
