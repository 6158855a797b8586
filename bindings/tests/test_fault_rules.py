"""Targeted faults: each kind as a plain HTTP client meets the real failure."""

import http.client
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from mock_slurmrestd import API, FaultRule
from conftest import job_payload

ALB_503 = ("<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n"
           "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n")


def connect(url, timeout=10):
    parts = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)


def get(url, path, headers, timeout=10):
    conn = connect(url, timeout)
    conn.request("GET", path, headers=headers)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp, body


def test_alb_503_is_the_load_balancers_page(mock_slurm, slurm_url, slurm_headers):
    mock_slurm.add_fault(FaultRule(kind="status", preset="alb", status=503,
                                   path="/slurm/*/jobs", times=1))
    resp, body = get(slurm_url, API + "/jobs", slurm_headers)
    assert resp.status == 503
    assert resp.getheader("Content-Type") == "text/html"
    assert body.decode() == ALB_503 and len(body) == 162  # the ALB's Content-Length
    # times=1: the next request is answered by the mock again.
    resp, body = get(slurm_url, API + "/jobs", slurm_headers)
    assert resp.status == 200 and json.loads(body)["jobs"] == []


@pytest.mark.parametrize("preset,status,ctype,text", [
    ("alb", 502, "text/html", "<title>502 Bad Gateway</title>"),
    ("alb", 504, "text/html", "<title>504 Gateway Time-out</title>"),
    ("apigw", 502, "application/json", '{"message": "Internal server error"}'),
    ("apigw", 503, "application/json", '{"message": "Service Unavailable"}'),
    ("apigw", 504, "application/json", '{"message": "Endpoint request timed out"}'),
])
def test_load_balancer_presets(mock_slurm, slurm_url, slurm_headers, preset, status, ctype, text):
    mock_slurm.add_fault(FaultRule(kind="status", preset=preset, status=status))
    req = urllib.request.Request(slurm_url + API + "/ping", headers=slurm_headers)
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=10)
    assert err.value.code == status
    assert err.value.headers["Content-Type"] == ctype
    assert text in err.value.read().decode()


def test_reset_is_connection_reset(mock_slurm, slurm_url, slurm_headers):
    mock_slurm.add_fault(FaultRule(kind="reset", path=API + "/job/submit", method="POST"))
    conn = connect(slurm_url)
    conn.request("POST", API + "/job/submit", body=json.dumps(job_payload("#!/bin/bash\nsleep 9")),
                 headers={**slurm_headers, "Content-Type": "application/json"})
    with pytest.raises(ConnectionResetError):
        conn.getresponse()
    conn.close()
    # The request was served before the connection broke: the job exists, as when a load
    # balancer loses the answer of a submit that reached slurmrestd.
    assert [j.job_id for j in mock_slurm.jobs()] == [1]
    rec = mock_slurm.assert_request("POST", API + "/job/submit")
    assert rec.status == 0 and rec.fault.endswith(": reset")


def test_empty_answer_is_remote_disconnected(mock_slurm, slurm_url, slurm_headers):
    mock_slurm.add_fault(FaultRule(kind="empty", path=API + "/nodes"))
    conn = connect(slurm_url)
    conn.request("GET", API + "/nodes", headers=slurm_headers)
    with pytest.raises(http.client.RemoteDisconnected):
        conn.getresponse()
    conn.close()


def test_truncated_body_is_incomplete_read(mock_slurm, slurm_url, slurm_headers):
    mock_slurm.add_fault(FaultRule(kind="truncate", path=API + "/partitions", keep_bytes=10))
    conn = connect(slurm_url)
    conn.request("GET", API + "/partitions", headers=slurm_headers)
    resp = conn.getresponse()
    assert resp.status == 200
    with pytest.raises(http.client.IncompleteRead) as err:
        resp.read()
    assert len(err.value.partial) == 10
    assert err.value.expected > 0
    conn.close()


def test_slow_body_times_a_client_out(mock_slurm, slurm_url, slurm_headers):
    mock_slurm.add_fault(FaultRule(kind="slow_body", path=API + "/diag", chunk_bytes=64,
                                   chunk_delay_ms=1000, times=1))
    req = urllib.request.Request(slurm_url + API + "/diag", headers=slurm_headers)
    start = time.monotonic()
    with pytest.raises((socket.timeout, TimeoutError)):
        with urllib.request.urlopen(req, timeout=0.5) as resp:
            assert resp.status == 200  # the headers came at once; the body does not
            resp.read()
    assert time.monotonic() - start < 5


def test_slow_body_arrives_whole_for_a_patient_client(mock_slurm, slurm_url, slurm_headers):
    fast, expected = get(slurm_url, API + "/ping", slurm_headers)
    mock_slurm.add_fault(FaultRule(kind="slow_body", path=API + "/ping", chunk_bytes=100,
                                   chunk_delay_ms=50))
    start = time.monotonic()
    resp, body = get(slurm_url, API + "/ping", slurm_headers)
    elapsed = time.monotonic() - start
    chunks = -(-len(expected) // 100)
    assert (resp.status, body) == (200, expected)
    assert elapsed >= chunks * 0.05 * 0.9


def test_delay_then_the_real_answer(mock_slurm, slurm_url, slurm_headers):
    mock_slurm.add_fault(FaultRule(kind="delay", delay_ms=400, path=API + "/ping"))
    start = time.monotonic()
    resp, body = get(slurm_url, API + "/ping", slurm_headers)
    assert time.monotonic() - start >= 0.4
    assert resp.status == 200 and json.loads(body)["pings"]
    assert mock_slurm.requests[-1].latency_ms >= 400


def test_a_status_after_a_delay_is_a_gateway_timeout(mock_slurm, slurm_url, slurm_headers):
    mock_slurm.add_fault(FaultRule(kind="status", preset="apigw", status=504, delay_ms=300))
    start = time.monotonic()
    resp, _ = get(slurm_url, API + "/jobs", slurm_headers)
    assert resp.status == 504 and time.monotonic() - start >= 0.3


def test_method_and_path_select_requests(mock_slurm, slurm_url, slurm_headers):
    mock_slurm.add_fault(FaultRule(kind="status", status=502, method="POST", path="/slurm/*/job/*"))
    assert get(slurm_url, API + "/job/1", slurm_headers)[0].status != 502  # a GET: untouched
    assert get(slurm_url, API + "/jobs", slurm_headers)[0].status == 200   # another path
    conn = connect(slurm_url)
    conn.request("POST", API + "/job/submit", body="{}", headers={**slurm_headers,
                                                                  "Content-Type": "application/json"})
    assert conn.getresponse().status == 502
    conn.close()


def _hits(server, url, headers, n):
    return [get(url, API + "/ping", headers)[0].status == 503 for _ in range(n)]


def test_probability_is_seeded(mock_slurm, slurm_url, slurm_headers):
    rule = FaultRule(kind="status", status=503, path=API + "/ping", probability=0.5, seed=42)
    mock_slurm.add_fault(rule)
    first = _hits(mock_slurm, slurm_url, slurm_headers, 40)
    mock_slurm.clear_faults()
    mock_slurm.add_fault(rule)
    second = _hits(mock_slurm, slurm_url, slurm_headers, 40)
    assert first == second  # the same seed hits the same requests
    assert 8 <= sum(first) <= 32
    mock_slurm.clear_faults()
    mock_slurm.add_fault(FaultRule(kind="status", status=503, path=API + "/ping",
                                   probability=0.5, seed=7))
    assert _hits(mock_slurm, slurm_url, slurm_headers, 40) != first


def test_times_counts_firings(mock_slurm, slurm_url, slurm_headers):
    [rule] = mock_slurm.add_fault(FaultRule(kind="status", status=503, times=2))
    statuses = [get(slurm_url, API + "/ping", slurm_headers)[0].status for _ in range(4)]
    assert statuses == [503, 503, 200, 200]
    [listed] = mock_slurm.fault_rules()
    assert (listed.id, listed.fired) == (rule.id, 2)
    mock_slurm.remove_fault(rule.id)
    assert mock_slurm.fault_rules() == []


def test_admin_api_is_never_faulted(mock_slurm, slurm_url):
    mock_slurm.add_fault(FaultRule(kind="reset"))
    with urllib.request.urlopen(slurm_url + "/mock/v1/health", timeout=10) as resp:
        assert json.loads(resp.read())["status"] == "ok"


def test_bad_rules_are_refused_whole(mock_slurm):
    with pytest.raises(ValueError):
        FaultRule(kind="explode")
    from mock_slurmrestd import AdminError
    with pytest.raises(AdminError, match="probability"):
        mock_slurm.add_fault(FaultRule(kind="delay"), FaultRule(kind="reset", probability=2))
    assert mock_slurm.fault_rules() == []  # the good one was not added either
    with pytest.raises(AdminError, match="preset"):
        mock_slurm.add_fault(FaultRule(kind="status", preset="alb", status=500))


@pytest.mark.mock_slurm(faults=[FaultRule(kind="status", preset="alb", status=502, times=1),
                                {"kind": "empty", "path": API + "/nodes"}])
def test_marker_installs_faults(mock_slurm, slurm_url, slurm_headers):
    assert get(slurm_url, API + "/ping", slurm_headers)[0].status == 502
    assert get(slurm_url, API + "/ping", slurm_headers)[0].status == 200
    with pytest.raises(http.client.RemoteDisconnected):
        get(slurm_url, API + "/nodes", slurm_headers)


def test_the_next_test_starts_without_faults(mock_slurm, slurm_url, slurm_headers):
    assert mock_slurm.fault_rules() == []
    assert get(slurm_url, API + "/nodes", slurm_headers)[0].status == 200
