"""Accept negotiation, headers of successful answers and the ignored update_time, as the real
22.05 daemon answers them (docs/oracle-notes/http.md, "Accept" and "Headers")."""

import http.client

import pytest

import version_facts
from helpers import assert_envelope, assert_ok, assert_text

UNKNOWN = "Accept content type is unknown"

# One known type (or none) per header: the daemon's pick among several known types depends on
# heap addresses (docs/differences.md row 8), so those are not asserted here.
JSON_ACCEPTS = [
    "*/*", "application/json", "APPLICATION/JSON", "Application/Json",
    "application/json; charset=utf-8", "application/json;charset=utf-8",
    "application/json ; charset=utf-8", "application/json;q=0.5", "application/json;q=0",
    "application/json;q", "application/json;", "application/json;;;", "application/json;;q=0.1",
    ";application/json", "application/json,", ",,application/json,,", "application/json ,",
    "x,application/json", "text/html, */*", "application/xml,application/json",
    "text/html,application/json;q=0.9", "*/*;q=0.1", "*/*;", "application/json\t",
]
YAML_ACCEPTS = [
    ("application/x-yaml", "application/x-yaml"), ("text/yaml", "text/yaml"),
    ("text/yaml;", "text/yaml"), (";;text/yaml", "text/yaml"),
    ("text/plain, application/x-yaml", "application/x-yaml"), ("TEXT/YAML", "text/yaml"),
]
UNKNOWN_ACCEPTS = [
    "application/*", "text/*", "*", "image/*", "*/json", "json", "application/jsonx",
    "application/yaml", "text/x-yaml", "application/vnd.api+json", "text/plain", "text/html",
    "garbage", ",", "a;b", "application/xml, text/html;q=0.9",
]


@pytest.mark.parametrize("accept", JSON_ACCEPTS)
def test_accept_answered_with_json(client, accept):
    r = client.api("GET", "/ping", headers={"Accept": accept})
    assert r.status == 200, r
    assert r.headers["content-type"] == "application/json"
    assert r.body.startswith(b"{\n")


@pytest.mark.parametrize("accept,content_type", YAML_ACCEPTS)
def test_accept_answered_with_yaml(client, accept, content_type):
    r = client.api("GET", "/ping", headers={"Accept": accept})
    assert r.status == 200, r
    assert r.headers["content-type"] == content_type
    assert r.body.startswith(b"%YAML 1.1\n---")


@pytest.mark.parametrize("accept", UNKNOWN_ACCEPTS)
def test_accept_unknown_is_415_text(client, accept):
    assert_text(client.api("GET", "/ping", headers={"Accept": accept}), 415, UNKNOWN)


def _exchange(client, conn, path, extra=None):
    headers = {"X-SLURM-USER-NAME": client.user, "X-SLURM-USER-TOKEN": client.token}
    headers.update(extra or {})
    conn.request("GET", client.full_path(path), headers=headers)
    resp = conn.getresponse()
    body = resp.read()
    return resp, body


@pytest.fixture
def conn(client):
    if client.scheme != "http":
        pytest.fail("header tests speak plain HTTP to the daemon itself")
    c = http.client.HTTPConnection(client.host, client.port, timeout=30)
    yield c
    c.close()


@pytest.mark.parametrize("path,accept,content_type", [
    ("/ping", None, "application/json"), ("/jobs", None, "application/json"),
    ("/partitions", "text/yaml", "text/yaml"), ("/nodes", "application/x-yaml",
                                                "application/x-yaml")])
def test_success_headers_are_length_and_type_only(client, conn, path, accept, content_type):
    """No Keep-Alive and no Connection header; the connection stays open for the next one."""
    extra = {"Accept": accept} if accept else None
    for _ in range(2):  # the second exchange reuses the connection
        resp, body = _exchange(client, conn, client.api_prefix + path, extra)
        assert resp.status == 200
        assert resp.version == 11
        names = [k for k, _ in resp.getheaders()]
        assert names == ["Content-Length", "Content-Type"], resp.getheaders()
        assert resp.getheader("Content-Type") == content_type
        assert int(resp.getheader("Content-Length")) == len(body)
    assert conn.sock is not None, "the daemon closed a connection after a success"


def test_success_to_a_closing_request_has_no_connection_header(client, conn):
    """Asked to close, the daemon answers without naming Connection, then closes."""
    resp, _ = _exchange(client, conn, client.api_prefix + "/ping", {"Connection": "close"})
    assert resp.status == 200
    assert [k for k, _ in resp.getheaders()] == ["Content-Length", "Content-Type"]
    # Then the daemon closes. (The real one first sends the stray bytes `Connection: Close`
    # after the body, docs/differences.md row 2; they are not part of the answer.)
    _read_to_eof(conn.sock)


def _read_to_eof(sock, timeout=10.0):
    sock.settimeout(timeout)
    while sock.recv(4096):
        pass


def test_error_headers_name_connection_close_first(client, conn):
    resp, body = _exchange(client, conn, "/nosuch")
    assert resp.status == 404
    assert [k.lower() for k, _ in resp.getheaders()] == [
        "connection", "content-length", "content-type"]
    assert resp.getheader("Connection").lower() == "close"
    assert resp.will_close


# Values read as a time before the last change (the full list from v0.0.37 on too), after it
# (304 from v0.0.37 on) and not read at all (400 from v0.0.37 on).
PAST_TIMES = ["0", "1", "1700000000", "-1", "1.5"]
FUTURE_TIMES = ["9999999999", "99999999999999999999"]
UNREADABLE_TIMES = ["abc", "", "now"]
UPDATE_TIMES = PAST_TIMES + FUTURE_TIMES + UNREADABLE_TIMES
LISTS = [("/jobs", "jobs"), ("/nodes", "nodes"), ("/partitions", "partitions")]


@pytest.mark.api_versions("v0.0.36")
@pytest.mark.parametrize("path,key", LISTS)
def test_update_time_is_ignored(client, job_desc, jobs_to_cancel, path, key):
    """v0.0.36 has no update_time: every value answers the full list."""
    _, jid = client.submit(job_desc(name="ct-update-time", hold=True), "#!/bin/bash\nsleep 1")
    assert jid is not None
    jobs_to_cancel.append(jid)
    def names(body):
        return [o.get("job_id", o.get("name")) for o in body[key]]
    full = names(assert_ok(client.api("GET", path), key))
    assert full, f"{path} is empty; nothing to compare"
    for value in UPDATE_TIMES:
        r = client.api("GET", f"{path}?update_time={value}")
        got = names(assert_ok(r, key))
        if key == "jobs":  # other tests may add jobs meanwhile
            assert set(full) <= set(got), (value, got)
        else:
            assert got == full, (value, got)


def assert_not_modified(r):
    """304: no body and no Content-Type (`vX/*_update_time_future`)."""
    assert r.status == 304, r
    assert r.body == b""
    assert "content-type" not in r.headers, r.headers


@pytest.mark.api_versions("v0.0.37", "v0.0.38")
@pytest.mark.parametrize("path,key", LISTS + [("/partition/{partition}", "partitions")])
def test_update_time_past_gives_the_list_future_gives_304(client, partitions, path, key):
    path = path.format(partition=partitions[0]["name"])
    full = assert_ok(client.api("GET", path), key)[key]
    assert full
    for value in PAST_TIMES:
        got = assert_ok(client.api("GET", f"{path}?update_time={value}"), key)[key]
        assert len(got) >= len(full) if key == "jobs" else got == full, value
    for value in FUTURE_TIMES:
        assert_not_modified(client.api("GET", f"{path}?update_time={value}"))


@pytest.mark.mock_gap("V5", "v0.0.37", "v0.0.38")
@pytest.mark.api_versions("v0.0.37", "v0.0.38")
def test_update_time_304_has_no_length_and_means_nothing_changed(client, versions):
    """The real daemon's 304 names no Content-Length either, and it answers 304 for a time
    after the last change even when that time is already past."""
    r = client.api("GET", "/partitions?update_time=9999999999")
    assert r.status == 304 and "content-length" not in r.headers, r.headers
    r = client.api("GET", "/partitions")
    assert r.status == 200
    # The partitions have not changed since the target started; a second ago is after that.
    since = int(client.api("GET", "/diag").json()["statistics"]["req_time"]) - 1
    assert_not_modified(client.api("GET", f"/partitions?update_time={since}"))


@pytest.mark.api_versions("v0.0.37", "v0.0.38")
@pytest.mark.parametrize("path,key", LISTS)
@pytest.mark.parametrize("value", UNREADABLE_TIMES)
def test_update_time_not_a_number_is_400(client, path, key, value):
    body = assert_envelope(client.api("GET", f"{path}?update_time={value}"), 400, key)
    assert body["errors"] == [] and body[key] == []
