"""HTTP-level behaviour: routing, methods, slashes, content negotiation, HEAD."""

import pytest
import yaml

from helpers import ROUTING_404, ROUTING_405, assert_envelope, assert_ok, assert_text, meta


@pytest.mark.parametrize("path", ["/nosuch", "{api}/nosuch", "/slurm/v0.0.35/ping",
                                  "/slurm/v0.0.39/ping", "{api}/ping/extra", "/",
                                  "/slurm/x/y/diag", "/slurmdb/{version}/jobs"])
def test_unknown_path_404_text(client, path):
    assert_text(client.get(path.format(api=client.api_prefix, version=client.api_version)), 404,
                ROUTING_404)


@pytest.mark.parametrize("method,sub", [
    ("PUT", "/ping"), ("POST", "/ping"), ("DELETE", "/ping"), ("PATCH", "/job/1"),
    ("PUT", "/jobs"), ("DELETE", "/jobs"), ("POST", "/nodes"), ("DELETE", "/partitions"),
    ("GET", "/job/submit"), ("DELETE", "/diag"), ("PUT", "/node/x")])
def test_method_not_allowed_405_text(client, method, sub):
    assert_text(client.api(method, sub), 405, ROUTING_405)


def test_head_is_length_required(client):
    r = client.api("HEAD", "/ping")
    assert r.status == 411, r
    assert r.body == b""


@pytest.mark.parametrize("path", ["{api}/ping/", "/{api}//ping", "{api}//ping//", "{api}/jobs/",
                                  "{api}/partitions/"])
def test_trailing_and_double_slashes_ignored(client, path):
    r = client.get(path.format(api=client.api_prefix))
    assert_ok(r)


def test_trailing_slash_on_named_object(client, partitions):
    name = partitions[0]["name"]
    body = assert_ok(client.get(f"{client.api_prefix}/partition/{name}/"))
    assert body["partitions"][0]["name"] == name


@pytest.mark.parametrize("accept", ["application/json", "*/*",
                                    "text/html, application/json"])
def test_accept_json(client, accept):
    r = client.api("GET", "/ping", headers={"Accept": accept})
    assert r.status == 200, r
    assert r.content_type == "application/json"


def test_accept_yaml(client):
    r = client.api("GET", "/ping", headers={"Accept": "application/x-yaml"})
    assert r.status == 200, r
    assert r.content_type == "application/x-yaml"
    assert r.text.startswith("%YAML 1.1\n---")
    doc = yaml.safe_load(r.text)
    assert doc["meta"] == meta(client.api_version)
    assert doc["errors"] == []
    assert doc["pings"][0]["ping"] == "UP"


def test_accept_yaml_error_envelope(client):
    r = client.api("GET", "/partition/no-such-partition-xyz",
                   headers={"Accept": "application/x-yaml"})
    assert r.status == 500, r
    assert r.content_type == "application/x-yaml"
    doc = yaml.safe_load(r.text)
    assert doc["errors"][0]["error"] == "Invalid partition name specified"
    assert doc["partitions"] == []


@pytest.mark.parametrize("accept", ["text/html", "application/xml", "image/png",
                                    "application/*"])
def test_unknown_accept_415(client, accept):
    assert_text(client.api("GET", "/ping", headers={"Accept": accept}), 415,
                "Accept content type is unknown")


def test_json_responses_have_length(client):
    r = client.api("GET", "/ping")
    assert int(r.headers["content-length"]) == len(r.body)


def test_error_responses_close_connection(client):
    r = client.api("GET", "/partition/no-such-partition-xyz")
    assert r.headers.get("connection", "").lower() == "close"
    ok = client.api("GET", "/ping")
    assert ok.headers.get("connection", "").lower() != "close"


@pytest.mark.parametrize("path", ["{api}", "{api}/"])
def test_bare_prefix_answers_with_diag(client, path):
    """Quirk of the real router: the bare /slurm/<version> prefix is served by that version's
    diag (`vX/unknown_path_root`)."""
    body = assert_ok(client.get(path.format(api=client.api_prefix)), "statistics")
    assert list(body) == ["meta", "errors", "statistics"]
    assert "jobs_submitted" in body["statistics"]


@pytest.mark.one_version
@pytest.mark.parametrize("path", ["/slurm", "/slurm/"])
def test_bare_slurm_answers_with_diag_of_the_first_version(client, versions, path):
    """... and /slurm alone by the diag of the first plugin the daemon loaded: the version the
    /openapi/v3 document is named after."""
    r = client.get(path)
    body = assert_envelope(r, 200, "statistics")
    assert body["meta"] == meta(versions.document), body["meta"]
    assert body["errors"] == []
    assert "jobs_submitted" in body["statistics"]
