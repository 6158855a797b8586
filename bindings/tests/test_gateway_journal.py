"""The request journal as a gateway team uses it: send through the gateway, check what arrived."""

import http.client
import http.server
import json
import threading
import urllib.parse

import pytest

import mock_slurmrestd
from mock_slurmrestd import API, Admin, FaultRule, RequestRecord
from conftest import job_payload


class TinyGateway:
    """A stand-in for an API Gateway stage: clients call /prod/... with an API key; it strips
    the stage prefix and the key, adds the Slurm credentials it holds, and forwards."""

    def __init__(self, backend_url, user, token, api_key="k-123"):
        backend = urllib.parse.urlsplit(backend_url)
        gateway = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _forward(self):
                if self.headers.get("x-api-key") != api_key:
                    self.send_response(403)
                    body = b'{"message":"Forbidden"}'
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                path = self.path[len("/prod"):] if self.path.startswith("/prod/") else self.path
                headers = {"X-SLURM-USER-NAME": user, "X-SLURM-USER-TOKEN": token,
                           "X-Forwarded-For": self.client_address[0]}
                if body is not None:
                    headers["Content-Type"] = self.headers.get("Content-Type", "application/json")
                conn = http.client.HTTPConnection(backend.hostname, backend.port, timeout=10)
                conn.request(self.command, path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                conn.close()
                self.send_response(resp.status)
                self.send_header("Content-Type", resp.getheader("Content-Type", ""))
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = _forward

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/prod"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        gateway.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def call(url, method, path, body=None, headers=None):
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    data = json.dumps(body).encode() if body is not None else None
    hdrs = dict(headers or {})
    if data is not None:
        hdrs["Content-Type"] = "application/json"
    conn.request(method, parts.path + path, body=data, headers=hdrs)
    resp = conn.getresponse()
    out = resp.status, resp.read()
    conn.close()
    return out


@pytest.fixture
def gateway(mock_slurm, slurm_url, slurm_user, slurm_token):
    gw = TinyGateway(slurm_url, slurm_user, slurm_token)
    yield gw
    gw.close()


def test_gateway_forwards_what_it_should(mock_slurm, gateway, slurm_user):
    payload = job_payload("#!/bin/bash\nsleep 30", name="through-the-gateway")
    status, body = call(gateway.url, "POST", API + "/job/submit", payload,
                        headers={"x-api-key": "k-123"})
    assert status == 200, body
    job_id = json.loads(body)["job_id"]

    rec = mock_slurm.assert_request(
        "POST", API + "/job/submit",
        headers={"x-slurm-user-name": slurm_user, "x-api-key": None,
                 "content-type": "application/json"},
        json=payload, status=200, user=slurm_user)
    assert rec.headers["x-slurm-user-token"] == "<redacted>"  # never the token itself
    assert rec.headers["x-forwarded-for"] == "127.0.0.1"
    assert rec.refusal == "" and rec.fault == ""
    assert rec.latency_ms > 0
    # The stage prefix was stripped: nothing under /prod reached the mock.
    mock_slurm.assert_no_request(path_prefix="/prod")
    assert mock_slurm.job(job_id).name == "through-the-gateway"


def test_gateway_refusal_never_reaches_the_mock(mock_slurm, gateway):
    status, _ = call(gateway.url, "GET", API + "/jobs", headers={"x-api-key": "wrong"})
    assert status == 403
    assert mock_slurm.requests == []
    mock_slurm.assert_no_request("GET", API + "/jobs")
    with pytest.raises(AssertionError, match="the journal is empty"):
        mock_slurm.assert_request("GET", API + "/jobs")


def test_refused_token_is_journaled_with_its_reason(mock_slurm, slurm_url):
    status, body = call(slurm_url, "GET", API + "/jobs",
                        headers={"X-SLURM-USER-NAME": "ec2-user", "X-SLURM-USER-TOKEN": "x.y"})
    assert status == 500  # the real daemon's answer to a refused token, unchanged
    rec = mock_slurm.assert_request("GET", API + "/jobs", status=500)
    assert rec.user == ""
    assert rec.refusal.startswith("malformed_token")


def test_filters_since_and_clear(mock_slurm, slurm_url, slurm_headers):
    for path in ("/ping", "/nodes", "/partitions"):
        assert call(slurm_url, "GET", API + path, headers=slurm_headers)[0] == 200
    call(slurm_url, "POST", API + "/job/submit", job_payload("#!/bin/bash\nsleep 5"),
         headers=slurm_headers)
    everything = mock_slurm.requests
    assert [r.path for r in everything] == [API + "/ping", API + "/nodes", API + "/partitions",
                                            API + "/job/submit"]
    assert [r.id for r in everything] == sorted(r.id for r in everything)
    assert all(isinstance(r, RequestRecord) for r in everything)
    assert [r.method for r in mock_slurm.find_requests(method="post")] == ["POST"]
    assert [r.path for r in mock_slurm.find_requests(path_prefix=API + "/p")] == [
        API + "/ping", API + "/partitions"]
    later = mock_slurm.find_requests(since=everything[1].id)
    assert [r.path for r in later] == [API + "/partitions", API + "/job/submit"]
    mock_slurm.clear_requests()
    assert mock_slurm.requests == []
    # Admin calls are not journaled: only the next Slurm request is.
    call(slurm_url, "GET", API + "/ping", headers=slurm_headers)
    assert [r.path for r in mock_slurm.requests] == [API + "/ping"]
    assert mock_slurm.requests[0].id > everything[-1].id  # ids are never reused


def test_large_bodies_are_bounded_and_say_so(mock_slurm, slurm_url, slurm_headers):
    payload = job_payload("#!/bin/bash\n" + "echo x\n" * 5000)
    call(slurm_url, "POST", API + "/job/submit", payload, headers=slurm_headers)
    rec = mock_slurm.requests[-1]
    sent = json.dumps(payload).encode()
    assert rec.body_bytes == len(sent) > 16 * 1024
    assert rec.body_truncated
    assert rec.body.encode() == sent[:16 * 1024]


def test_reset_empties_the_journal(mock_slurm, slurm_url, slurm_headers):
    call(slurm_url, "GET", API + "/ping", headers=slurm_headers)
    assert len(mock_slurm.requests) == 1
    mock_slurm.reset()
    assert mock_slurm.requests == []


def test_admin_client_for_a_mock_in_another_process(mock_slurm, slurm_url, slurm_headers):
    # Admin speaks HTTP: the same calls work against `mock-slurmrestd` started on its own.
    admin = Admin(slurm_url)
    assert admin.health()["status"] == "ok"
    call(slurm_url, "GET", API + "/diag", headers=slurm_headers)
    assert admin.assert_request("GET", API + "/diag").status == 200
    [rule] = admin.add_fault(FaultRule(kind="status", status=418, body="teapot", times=1))
    assert rule.id is not None and admin.fault_rules()[0].id == rule.id
    assert call(slurm_url, "GET", API + "/diag", headers=slurm_headers) == (418, b"teapot")
    with pytest.raises(mock_slurmrestd.AdminError, match="kind must be"):
        admin._admin("POST", "/mock/v1/faults/rules", b'{"kind": "explode"}')
