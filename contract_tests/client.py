"""Minimal HTTP client for the slurmrestd contract suite (stdlib only); one API version per
client, `for_version` gives another."""

import base64
import hashlib
import hmac
import http.client
import json
import re
import time
import urllib.parse

# The version a client speaks unless told otherwise (the oldest one a 22.05 daemon loads).
DEFAULT_VERSION = "v0.0.36"
API = "/slurm/" + DEFAULT_VERSION
VERSION_PATTERN = re.compile(r"v\d+\.\d+\.\d+")


def version_key(version):
    """Sort key of an API version name (`v0.0.38` -> (0, 0, 38))."""
    return tuple(int(x) for x in version[1:].split("."))


class Response:
    """One HTTP exchange: status, lower-cased headers, raw body and helpers."""

    def __init__(self, status, reason, headers, body, path=None):
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
        self.path = path

    @property
    def api_version(self):
        """The API version named by the request's path (None for /openapi, /slurm, ...)."""
        m = re.search(r"/slurm/(v\d+\.\d+\.\d+)(/|$|\?)", self.path or "")
        return m.group(1) if m else None

    @property
    def content_type(self):
        return self.headers.get("content-type", "").split(";")[0].strip()

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        assert self.content_type == "application/json", (
            f"expected application/json, got {self.content_type!r}: {self.text[:200]!r}")
        return json.loads(self.body)

    def __repr__(self):
        return f"<Response {self.status} {self.content_type} {self.text[:300]!r}>"


class Client:
    """Speaks HTTP to a slurmrestd-compatible base URL (which may carry a path prefix)."""

    def __init__(self, url, user=None, token=None, timeout=30.0, connect_retry=20.0,
                 headers=None, api_version=DEFAULT_VERSION):
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"bad base URL {url!r}: need http(s)://host[:port][/prefix]")
        self.scheme = parsed.scheme
        self.host = parsed.hostname
        self.port = parsed.port
        self.prefix = parsed.path.rstrip("/")
        self.user = user
        self.token = token
        # Sent on every request before the X-SLURM-* pair: what a gateway in front of the
        # daemon wants (an API key, an Authorization header).
        self.extra_headers = dict(headers or {})
        self.timeout = timeout
        # A refused connection means nothing was sent, so retrying is safe even for POST;
        # this rides out a daemon that is being restarted by someone else.
        self.connect_retry = connect_retry
        self.api_version = api_version

    def with_auth(self, user, token):
        """A copy of this client sending other credentials (None drops the header)."""
        c = Client.__new__(Client)
        c.__dict__.update(self.__dict__)
        c.user, c.token = user, token
        return c

    def for_version(self, api_version):
        """A copy of this client speaking another API version."""
        c = Client.__new__(Client)
        c.__dict__.update(self.__dict__)
        c.api_version = api_version
        return c

    @property
    def api_prefix(self):
        return "/slurm/" + self.api_version

    def full_path(self, path):
        return self.prefix + path

    def request(self, method, path, body=None, headers=None, raw_path=False):
        """Sends one request; body may be bytes, str or a JSON-able object."""
        conn_cls = (http.client.HTTPSConnection if self.scheme == "https"
                    else http.client.HTTPConnection)
        hdrs = dict(self.extra_headers)
        if self.user is not None:
            hdrs["X-SLURM-USER-NAME"] = self.user
        if self.token is not None:
            hdrs["X-SLURM-USER-TOKEN"] = self.token
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        if body is not None:
            hdrs["Content-Type"] = "application/json"
        hdrs.update(headers or {})
        target = path if raw_path else self.full_path(path)
        deadline = time.monotonic() + self.connect_retry
        while True:
            try:
                return self._send(conn_cls, method, target, body, hdrs)
            except ConnectionRefusedError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.5)

    def _send(self, conn_cls, method, target, body, hdrs):
        conn = conn_cls(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, target, body=body, headers=hdrs)
            resp = conn.getresponse()
            data = resp.read()
            return Response(resp.status, resp.reason,
                            {k.lower(): v for k, v in resp.getheaders()}, data, target)
        finally:
            conn.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    # ---- helpers under /slurm/<api_version> -------------------------------

    def api(self, method, sub, body=None, **kw):
        return self.request(method, self.api_prefix + sub, body=body, **kw)

    def served_versions(self):
        """The API versions the target serves, from the paths of its `GET /openapi/v3`, oldest
        first, and the version its document is named after (the first plugin it loaded)."""
        r = self.get("/openapi/v3")
        if r.status != 200:
            raise RuntimeError(f"GET /openapi/v3 answered {r.status}: {r.text[:200]!r}")
        doc = json.loads(r.body)
        found = set()
        for path in doc.get("paths", {}):
            m = re.match(r"/slurm/(v\d+\.\d+\.\d+)/", path)
            if m:
                found.add(m.group(1))
        return sorted(found, key=version_key), "v" + doc.get("info", {}).get("version", "")

    def submit(self, job, script):
        """POST job/submit; returns (response, job_id or None)."""
        r = self.api("POST", "/job/submit", {"job": job, "script": script})
        job_id = None
        if r.content_type == "application/json":
            job_id = json.loads(r.body).get("job_id")
        return r, job_id

    def job(self, job_id):
        """The job object for job_id (asserts HTTP 200 and exactly one job)."""
        r = self.api("GET", f"/job/{job_id}")
        assert r.status == 200, r
        jobs = r.json()["jobs"]
        assert len(jobs) >= 1, r
        return jobs[0]

    def jobs_of(self, job_id):
        r = self.api("GET", f"/job/{job_id}")
        assert r.status == 200, r
        return r.json()["jobs"]

    def wait_job(self, job_id, predicate, timeout, interval=0.5):
        """Polls job_id until predicate(job) holds; fails after timeout seconds."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            last = self.job(job_id)
            if predicate(last):
                return last
            time.sleep(interval)
        raise AssertionError(
            f"job {job_id} did not reach the expected state within {timeout}s; last "
            f"state={last and last.get('job_state')} reason={last and last.get('state_reason')}")

    def cancel_quietly(self, job_id):
        try:
            self.api("DELETE", f"/job/{job_id}")
        except OSError:
            pass


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def mint_jwt(key, user, lifespan=3600, now=None, iat=None):
    """An HS256 token in the shape slurmctld's `scontrol token` makes (exp, iat, sun)."""
    now = int(time.time()) if now is None else now
    header = {"alg": "HS256", "typ": "JWT"}
    claims = {"exp": now + lifespan, "iat": now if iat is None else iat, "sun": user}
    signing_input = (_b64url(json.dumps(header, separators=(",", ":")).encode()) + "." +
                     _b64url(json.dumps(claims, separators=(",", ":")).encode()))
    sig = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + _b64url(sig)
