"""What reached the mock, and faults on purpose: the request journal and fault rules, typed.

Both go through the admin API (/mock/v1/requests, /mock/v1/faults/rules), so they work the
same on an in-process `Server` (through Server.handle, no socket) and on a mock started as a
separate process (`Admin("http://127.0.0.1:6820")`).

    server.add_fault(FaultRule(kind="status", preset="alb", status=503,
                               path="/slurm/*/jobs", times=1))
    ...                                   # the gateway's request gets the ALB's 503 page
    server.assert_request("POST", "/slurm/v0.0.36/job/submit",
                          headers={"x-api-key": "k1"}, json={"script": ...})
"""

from __future__ import annotations

import dataclasses
import json as _json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional

__all__ = ["Admin", "AdminError", "FaultRule", "RequestRecord", "find_requests", "assert_request",
           "assert_no_request"]

FAULT_KINDS = ("delay", "status", "reset", "empty", "truncate", "slow_body")


@dataclass
class RequestRecord:
    """One request the mock answered (header names lower-cased, credentials '<redacted>')."""
    id: int
    time: float
    method: str
    path: str
    query: str
    headers: Dict[str, str]
    body: str
    body_bytes: int
    body_truncated: bool
    status: int          # 0: no HTTP answer was sent (a reset or empty fault)
    latency_ms: float
    user: str            # the user it acted as; "" when refused
    refusal: str         # why the token was refused, else ""
    fault: str           # the fault rule that changed the answer, else ""
    peer: str

    def json(self) -> Any:
        """The body parsed as JSON."""
        return _json.loads(self.body)

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "RequestRecord":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class FaultRule:
    """A targeted fault; see docs/admin-api.md for each field.

    kind: delay | status | reset | empty | truncate | slow_body
    method/path: which requests ("*" any; path is a glob on the raw path, '*' any characters)
    times: the next N matching requests (0: every one); probability/seed: a seeded draw
    """
    kind: str
    path: str = "*"
    method: str = "*"
    times: int = 0
    probability: float = 1.0
    seed: int = 1
    delay_ms: int = 0
    status: int = 503
    preset: Optional[str] = None          # "alb" or "apigw" (status 502, 503 or 504)
    body: Optional[str] = None
    content_type: Optional[str] = None
    keep_bytes: int = -1                  # truncate: body bytes sent (-1: half)
    chunk_bytes: int = 16                 # slow_body
    chunk_delay_ms: int = 200             # slow_body
    id: Optional[int] = field(default=None, compare=False)
    fired: int = field(default=0, compare=False)

    def __post_init__(self):
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"kind must be one of {', '.join(FAULT_KINDS)}, not {self.kind!r}")

    def to_json(self) -> Dict[str, Any]:
        d = dataclasses.asdict(self)
        for k in ("id", "fired"):
            d.pop(k)
        return {k: v for k, v in d.items() if v is not None}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "FaultRule":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


class AdminError(RuntimeError):
    """The admin API refused a call (its {"error": ...} text)."""


def _check(status: int, body: bytes) -> Any:
    doc = _json.loads(body) if body else {}
    if status >= 300:
        raise AdminError(doc.get("error", f"HTTP {status}") if isinstance(doc, dict) else status)
    return doc


def _query(**params) -> str:
    from urllib.parse import urlencode
    given = {k: v for k, v in params.items() if v is not None}
    return ("?" + urlencode(given)) if given else ""


class _AdminOps:
    """The journal and fault-rule calls, over some way of sending an admin request."""

    def _admin(self, method: str, target: str, body: Optional[bytes] = None) -> Any:
        raise NotImplementedError

    # ---- request journal ----
    def find_requests(self, method: Optional[str] = None, path_prefix: Optional[str] = None,
                      since: Optional[int] = None) -> List[RequestRecord]:
        """Journaled requests, oldest first, filtered by the mock."""
        doc = self._admin("GET", "/mock/v1/requests" + _query(
            method=method, path_prefix=path_prefix, since=since))
        return [RequestRecord.from_json(r) for r in doc["requests"]]

    @property
    def requests(self) -> List[RequestRecord]:
        """Every journaled request, oldest first (not /mock/ requests)."""
        return self.find_requests()

    def clear_requests(self) -> None:
        self._admin("DELETE", "/mock/v1/requests")

    def assert_request(self, method=None, path=None, **match) -> RequestRecord:
        return assert_request(self.requests, method, path, **match)

    def assert_no_request(self, method=None, path=None, **match) -> None:
        assert_no_request(self.requests, method, path, **match)

    # ---- fault rules ----
    def add_fault(self, *rules) -> List[FaultRule]:
        """Adds FaultRule objects (or dicts of their fields); returns them with their ids."""
        payload = [r.to_json() if isinstance(r, FaultRule) else FaultRule(**r).to_json()
                   for r in rules]
        doc = self._admin("POST", "/mock/v1/faults/rules", _json.dumps(payload).encode())
        return [FaultRule.from_json(r) for r in doc["rules"]]

    def fault_rules(self) -> List[FaultRule]:
        return [FaultRule.from_json(r) for r in self._admin("GET", "/mock/v1/faults/rules")["rules"]]

    def remove_fault(self, rule_id: int) -> None:
        self._admin("DELETE", f"/mock/v1/faults/rules/{int(rule_id)}")

    def clear_faults(self) -> None:
        """Removes every fault rule and global fault (DELETE /mock/v1/faults)."""
        self._admin("DELETE", "/mock/v1/faults")


class Admin(_AdminOps):
    """The admin API of a mock running elsewhere, e.g. Admin("http://127.0.0.1:6820")."""

    def __init__(self, url: str, timeout: float = 30.0):
        self.url = url.rstrip("/")
        self.timeout = timeout

    def _admin(self, method, target, body=None):
        req = urllib.request.Request(self.url + target, data=body, method=method)
        if body is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return _check(resp.status, resp.read())
        except urllib.error.HTTPError as err:
            return _check(err.code, err.read())

    def health(self) -> Dict[str, Any]:
        return self._admin("GET", "/mock/v1/health")


def _in_process_admin(server, method, target, body=None):
    r = server.handle(method, target, {"Content-Type": "application/json"} if body else {},
                      body or b"")
    return _check(r.status, r.body)


def _matches(rec: RequestRecord, method, path, headers=None, body_contains=None, json=None,
             status=None, user=None, path_prefix=None, query=None) -> bool:
    if method is not None and rec.method.upper() != method.upper():
        return False
    if path is not None and rec.path != path:
        return False
    if path_prefix is not None and not rec.path.startswith(path_prefix):
        return False
    if query is not None and rec.query != query:
        return False
    for name, value in (headers or {}).items():
        got = rec.headers.get(name.lower())
        if value is None:  # the header must be absent
            if got is not None:
                return False
        elif got != value:
            return False
    if body_contains is not None and body_contains not in rec.body:
        return False
    if json is not None:
        try:
            if rec.json() != json:
                return False
        except ValueError:
            return False
    if status is not None and rec.status != status:
        return False
    if user is not None and rec.user != user:
        return False
    return True


def find_requests(records, method=None, path=None, **match) -> List[RequestRecord]:
    """The records matching every given criterion: method, path (exact), path_prefix, query,
    headers ({name: value}, value None = must be absent), body_contains, json (the parsed body
    equals), status, user."""
    return [r for r in records if _matches(r, method, path, **match)]


def _describe(records) -> str:
    if not records:
        return "  (the journal is empty)"
    return "\n".join(f"  #{r.id} {r.method} {r.path}{'?' + r.query if r.query else ''} -> "
                     f"{r.status} user={r.user or '-'}" for r in records[-20:])


def assert_request(records, method=None, path=None, **match) -> RequestRecord:
    """Fails unless a matching request arrived; returns the last one that did."""
    found = find_requests(records, method, path, **match)
    if not found:
        wanted = " ".join(str(x) for x in (method, path) if x is not None)
        raise AssertionError(f"no request matched {wanted} {match or ''}; the mock saw:\n"
                             + _describe(records))
    return found[-1]


def assert_no_request(records, method=None, path=None, **match) -> None:
    """Fails if a matching request arrived."""
    found = find_requests(records, method, path, **match)
    if found:
        raise AssertionError("unexpected request(s):\n" + _describe(found))


def install(server_class) -> None:
    """Gives the compiled Server the journal and fault-rule calls (in process, no socket)."""
    for name, member in vars(_AdminOps).items():
        if not name.startswith("__") and name != "_admin":
            setattr(server_class, name, member)
    server_class._admin = _in_process_admin
