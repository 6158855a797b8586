"""Limits of the daemon itself: request body size, JSON nesting depth, and its connections
(an error answer ends one).

A gateway in front of the daemon has limits of its own (API Gateway: 10 MB bodies), so against
a gateway stage deselect these with `-m "not limits"`.
"""

import http.client
import socket

import pytest

from helpers import assert_text

# The body and nesting limits are the HTTP layer's and the JSON reader's, before any version's
# handler (every version answers them alike, notes section 5): one version is enough.
pytestmark = [pytest.mark.limits, pytest.mark.one_version]
# The largest body the daemon reads; one byte more is refused with 413.
MAX_BODY = 50 * 1024 * 1024
UNPARSABLE = "Unable to parse query."


def send_big_body(client, size):
    """POSTs `size` bytes of junk to job/submit; returns the status code, body and headers.

    The daemon may answer (and close) before it has read everything, so send errors are
    tolerated and the answer is read afterwards."""
    conn_cls = (http.client.HTTPSConnection if client.scheme == "https"
                else http.client.HTTPConnection)
    conn = conn_cls(client.host, client.port, timeout=120)
    try:
        conn.putrequest("POST", client.full_path(client.api_prefix + "/job/submit"),
                        skip_accept_encoding=True)
        for name, value in client.extra_headers.items():
            conn.putheader(name, value)
        conn.putheader("X-SLURM-USER-NAME", client.user)
        conn.putheader("X-SLURM-USER-TOKEN", client.token)
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(size))
        conn.endheaders()
        chunk = b"x" * (1 << 20)
        left = size
        try:
            while left > 0:
                n = min(left, len(chunk))
                conn.send(chunk[:n])
                left -= n
        except (BrokenPipeError, ConnectionResetError):
            pass
        resp = conn.getresponse()
        try:
            body = resp.read()
        except (http.client.IncompleteRead, ConnectionResetError, socket.timeout):
            body = b""
        return resp.status, body, {k.lower(): v for k, v in resp.getheaders()}
    finally:
        conn.close()


@pytest.mark.load
def test_body_at_the_limit_is_read(client):
    status, body, headers = send_big_body(client, MAX_BODY)
    assert (status, body) == (400, UNPARSABLE.encode()), (status, body[:200])
    assert headers.get("content-type") == "text/plain"


@pytest.mark.load
def test_body_over_the_limit_is_413(client):
    status, _, headers = send_big_body(client, MAX_BODY + 1)
    assert status == 413
    assert headers.get("connection", "").lower() == "close"
    # The daemon is still there.
    assert client.api("GET", "/ping").status == 200


def nested(depth):
    return "[" * depth + "]" * depth


def test_json_nesting_of_32_is_parsed(client):
    # A top-level list is no job description: the handler answers, not the body parser.
    r = client.api("POST", "/job/submit", body=nested(32))
    assert r.status == 500, r
    assert r.json()["errors"] == [{"error_code": 2009, "error": "Job script not specified"}]


@pytest.mark.parametrize("depth", [33, 100, 100000])
def test_json_nesting_deeper_than_32_is_unparsable(client, depth):
    assert_text(client.api("POST", "/job/submit", body=nested(depth)), 400, UNPARSABLE)


def test_nesting_counts_objects_and_arrays_but_not_strings(client):
    inner = "[" * 30 + "]" * 30
    r = client.api("POST", "/job/submit", body='{"job":{"zz_unknown":' + inner +
                   '},"script":"#!/bin/bash\\ntrue"}')
    assert r.status == 400 and r.content_type == "application/json", r
    r = client.api("POST", "/job/submit", body='{"job":{"zz_unknown":[' + inner +
                   ']},"script":"#!/bin/bash\\ntrue"}')
    assert_text(r, 400, UNPARSABLE)
    r = client.api("POST", "/job/submit", body='{"job":{"zz_unknown":"' + "[" * 100 +
                   '"},"script":"#!/bin/bash\\ntrue"}')
    assert r.status == 400 and r.content_type == "application/json", r


def test_json_nesting_limit_on_job_update(client):
    r = client.api("POST", "/job/999999", body='{"comment":' + nested(31) + "}")
    assert r.status == 500 and r.content_type == "application/json", r
    assert_text(client.api("POST", "/job/999999", body='{"comment":' + nested(32) + "}"),
                400, UNPARSABLE)


def test_an_error_answer_ends_the_connection(client):
    """An error answer says `Connection: close`, and the daemon closes the connection after it:
    a request sent after it on the same connection is never answered."""
    conn_cls = (http.client.HTTPSConnection if client.scheme == "https"
                else http.client.HTTPConnection)
    conn = conn_cls(client.host, client.port, timeout=10)
    conn.connect()
    sock = conn.sock

    extra = "".join(f"{k}: {v}\r\n" for k, v in client.extra_headers.items())

    def request(sub):
        return (f"GET {client.full_path(client.api_prefix + sub)} HTTP/1.1\r\n"
                f"Host: {client.host}\r\n{extra}"
                f"X-SLURM-USER-NAME: {client.user}\r\nX-SLURM-USER-TOKEN: {client.token}\r\n"
                "\r\n").encode()

    try:
        sock.sendall(request("/partition/no-such-partition-xyz"))
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            assert chunk, f"closed before the error answer: {data!r}"
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        assert lines[0].split()[1] == "500", lines[0]
        headers = {k.strip().lower(): v.strip() for k, v in
                   (line.split(":", 1) for line in lines[1:])}
        assert headers["connection"].lower() == "close", headers
        assert "keep-alive" not in headers, headers
        length = int(headers["content-length"])
        while len(rest) < length:
            chunk = sock.recv(65536)
            assert chunk, "closed inside the error answer"
            rest += chunk
        try:
            sock.sendall(request("/ping"))
        except (BrokenPipeError, ConnectionResetError):
            return  # already closed
        sock.settimeout(5)
        try:
            after = sock.recv(65536)
        except ConnectionResetError:
            after = b""
        assert after == b"", f"answered on a closed connection: {after[:80]!r}"
    finally:
        conn.close()
