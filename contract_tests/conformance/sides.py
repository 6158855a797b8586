"""The two targets of a conformance run (real, mock) and one request on one of them as a
snapshot: status, content type, `Connection: close`, parsed body, the instant it was sent."""

import http.client
import json
import os
import secrets
import time

from client import Client, mint_jwt

try:
    import yaml
except ImportError:  # pragma: no cover
    yaml = None


class Side:
    """One target (real or mock): a client, its key, and per-side variables (job ids)."""

    def __init__(self, name, url, key, user, live_scripts=False, marker_root=""):
        self.name = name
        # where the daemon's / is (a chroot's, for the 24.11 and 26.05 daemons)
        self.marker_root = marker_root
        # the real daemon runs the scripts: "started" is a marker file the script writes
        self.live_scripts = live_scripts
        self.key = key
        self.user = user
        self.client = Client(url, user=user, token=mint_jwt(key, user), timeout=30.0,
                             connect_retry=3.0)
        self.vars = {}
        self.results = {}   # case id -> snapshot
        self.order = []     # case ids in order
        self.requests = []  # every request sent: [instant, method, path]
        self.dead = False

    def script_started(self, jid):
        """Whether the batch script of job jid has begun (a simulated job's has once it runs)."""
        return not self.live_scripts or os.path.exists(self.marker_root + started_marker(jid))

    def token(self, kind):
        """Credentials (user, token) for an auth mode."""
        u, k = self.user, self.key
        if kind == "ok":
            return u, mint_jwt(k, u)
        if kind == "none":
            return None, None
        if kind == "user-only":
            return u, None
        if kind == "token-only":
            return None, mint_jwt(k, u)
        if kind == "garbage":
            return u, "garbage.token.value"
        if kind == "badsig":
            return u, mint_jwt(b"not-the-key-" + secrets.token_bytes(8), u)
        if kind == "expired":
            return u, mint_jwt(k, u, lifespan=-600)
        if kind == "mismatch":
            return u, mint_jwt(k, "root")
        if kind == "tampered":
            t = mint_jwt(k, u).split(".")
            other = mint_jwt(k, "root").split(".")
            return u, ".".join([t[0], other[1], t[2]])
        if kind == "empty-header":
            return "", ""
        raise ValueError(kind)


# Scripts that must be running before a signal reaches them write this file first.
MARKER_DIR = "/tmp"
MARKER_PREFIX = "mock-conformance-started."


def started_marker(jid):
    return os.path.join(MARKER_DIR, f"{MARKER_PREFIX}{jid}")


def clear_markers(root=""):
    for f in os.listdir(root + MARKER_DIR):
        if f.startswith(MARKER_PREFIX):
            try:
                os.unlink(os.path.join(root + MARKER_DIR, f))
            except OSError:
                pass


def snapshot(r, t):
    ct = r.content_type
    snap = {"t": round(t, 3), "status": r.status, "ctype": ct,
            "close": r.headers.get("connection", "").lower() == "close"}
    text = r.text
    if ct == "application/json":
        try:
            snap["body"] = json.loads(r.body)
            snap["kind"] = "json"
        except ValueError:
            snap["body"], snap["kind"] = text, "text"
    elif ct in ("application/x-yaml", "text/yaml", "application/yaml") and yaml and text:
        try:
            snap["body"] = yaml.safe_load(text)
            snap["kind"] = "yaml"
        except yaml.YAMLError:
            snap["body"], snap["kind"] = text, "text"
    else:
        snap["body"], snap["kind"] = text, "text"
    return snap


def do(side, method, path, body=None, auth="ok", headers=None, raw_path=False):
    """One request on one side, as a snapshot (connection failures are snapshots too)."""
    c = side.client
    if auth != "ok":
        c = c.with_auth(*side.token(auth))
    path = path.format(**side.vars) if "{" in path else path
    t = time.time()
    side.requests.append([round(t, 3), method, path])
    try:
        try:
            r = c.request(method, path, body=body, headers=headers, raw_path=raw_path)
        except (ConnectionResetError, http.client.RemoteDisconnected):
            # a loaded real daemon has been seen to reset a connection once in a run; a read
            # is safe to send again (anything else may have been done: it stays a result)
            if method not in ("GET", "HEAD") or side.dead:
                raise
            r = c.request(method, path, body=body, headers=headers, raw_path=raw_path)
        return snapshot(r, t)
    except (OSError, Exception) as e:  # noqa: BLE001 - a crash of the target is a result
        if isinstance(e, (ConnectionRefusedError,)):
            side.dead = True
        return {"t": round(t, 3), "status": "connection-error", "ctype": "", "close": True,
                "body": f"{type(e).__name__}", "kind": "text"}


class RecordedSide:
    """A side read back from its answers file (a recording, or the last run's answers)."""

    def __init__(self, name, data):
        self.name = name
        self.meta = data.get("meta", {})
        self.requests = data.get("requests", [])
        self.order = [x["case"] for x in data["cases"]]
        self.results = {x["case"]: {k: v for k, v in x.items() if k != "case"}
                        for x in data["cases"]}
        self.error = self.meta.get("error")


def answers_of(side, meta=None):
    """What a side's answers file holds."""
    return {"meta": dict(meta or {}, side=side.name, error=getattr(side, "error", None)),
            "requests": side.requests,
            "cases": [{"case": c, **side.results[c]} for c in side.order]}
