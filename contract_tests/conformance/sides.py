"""The two targets of a conformance run (real, mock) and one request on one of them as a
snapshot: status, content type, `Connection: close`, parsed body."""

import json
import secrets

from client import Client, mint_jwt

try:
    import yaml
except ImportError:  # pragma: no cover
    yaml = None


class Side:
    """One target (real or mock): a client, its key, and per-side variables (job ids)."""

    def __init__(self, name, url, key, user):
        self.name = name
        self.key = key
        self.user = user
        self.client = Client(url, user=user, token=mint_jwt(key, user), timeout=30.0,
                             connect_retry=3.0)
        self.vars = {}
        self.results = {}   # case id -> snapshot
        self.order = []     # case ids in order
        self.dead = False

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


def snapshot(r):
    ct = r.content_type
    snap = {"status": r.status, "ctype": ct,
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
    try:
        return snapshot(c.request(method, path, body=body, headers=headers, raw_path=raw_path))
    except (OSError, Exception) as e:  # noqa: BLE001 - a crash of the target is a result
        if isinstance(e, (ConnectionRefusedError,)):
            side.dead = True
        return {"status": "connection-error", "ctype": "", "close": True,
                "body": f"{type(e).__name__}", "kind": "text"}
