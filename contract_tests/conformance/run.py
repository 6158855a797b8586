#!/usr/bin/python3
"""Differential conformance runner: the same requests to a real slurmrestd and to the mock.

Starts a real Slurm 22.05.8 slurmrestd (contract_tests/oracle/real_slurmrestd.py) and the mock
from the same slurm.conf, sends both the same request sequences, compares the answers after
normalising what depends on time, host, job ids, ports, and writes BUILD/conformance/report.md.
Differences are "documented" only when an entry of contract_tests/conformance/allowed.json
(each naming a row of docs/differences.md) matches them. Exit 1 when any is undocumented.

Stdlib + PyYAML only; needs root (the real daemons). Never sends the inputs that crash the real
daemon (argv lists, gres, batch_features, gpus*, cpus_per_gpu -1, malformed YAML).
"""

import argparse
import copy
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
CT = os.path.dirname(HERE)
ROOT = os.path.dirname(CT)
sys.path.insert(0, CT)

from client import API, Client, mint_jwt  # noqa: E402
from helpers import json_type  # noqa: E402

try:
    import yaml
except ImportError:  # pragma: no cover
    yaml = None

LAUNCHER = os.path.join(CT, "oracle", "real_slurmrestd.py")
DEFAULT_CONF = os.path.join(ROOT, "fixtures", "clusters", "parallelcluster", "slurm.conf")
JOBS_DIR = os.path.join(ROOT, "fixtures", "jobs")
ALLOWED = os.path.join(HERE, "allowed.json")
DIFFS_MD = os.path.join(ROOT, "docs", "differences.md")

ENV = {"PATH": "/bin:/usr/bin"}
TRUE = "#!/bin/bash\ntrue"
TERMINAL = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY",
            "BOOT_FAIL", "DEADLINE", "PREEMPTED"}


def log(msg):
    print(f"conformance: {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Targets


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


# --------------------------------------------------------------------------------------------
# Cases. Every scenario is a function (side, rec) run on each side in turn; rec(case_id, snap).

def job_req(job, script=TRUE):
    return {"job": job, "script": script}


def J(**kw):
    d = {"environment": dict(ENV), "current_working_directory": "/tmp"}
    d.update(kw)
    return d


def static_cases():
    """(group, name, method, path, body, auth, headers, raw_path)."""
    cs = []

    def add(group, name, method, path, body=None, auth="ok", headers=None, raw=False):
        cs.append((group, name, method, path, body, auth, headers, raw))

    for r in ("ping", "diag", "jobs", "nodes", "partitions"):
        add(f"GET /{r}", "plain", "GET", f"{API}/{r}")
        add(f"GET /{r}", "trailing slash", "GET", f"{API}/{r}/")
        add(f"GET /{r}", "query string", "GET", f"{API}/{r}?x=1")
    add("GET /nodes", "update_time=0", "GET", f"{API}/nodes?update_time=0")
    add("GET /jobs", "update_time=0", "GET", f"{API}/jobs?update_time=0")
    for n in ("queue1-dy-t3micro-1", "queue1-dy-t3micro-10", "queue2-dy-c5large-3"):
        add("GET /node/{name}", n, "GET", f"{API}/node/{n}")
    for p in ("queue1", "queue2"):
        add("GET /partition/{name}", p, "GET", f"{API}/partition/{p}")
    bad = ["0", "-1", "2.5", "abc", "99999999999999999999", "4294967295", "999999", "1abc",
           "%20", "1,2"]
    for b in bad:
        add("GET /job/{id}", f"id {b}", "GET", f"{API}/job/{b}")
    add("GET /job/{id}", "no id", "GET", f"{API}/job")
    add("GET /job/{id}", "empty id", "GET", f"{API}/job/")
    for b in ["nope", "queue1-dy-t3micro-99", "queue1-dy-t3micro-[1-2]", "0", "-1", "abc"]:
        add("GET /node/{name}", f"unknown {b}", "GET", f"{API}/node/{b}")
    add("GET /node/{name}", "no name", "GET", f"{API}/node")
    for b in ["nope", "queue3", "0", "QUEUE1"]:
        add("GET /partition/{name}", f"unknown {b}", "GET", f"{API}/partition/{b}")
    add("GET /partition/{name}", "no name", "GET", f"{API}/partition")
    for o in ("/openapi", "/openapi.json", "/openapi.yaml", "/openapi/v3"):
        add("GET /openapi*", o, "GET", o)
        add("GET /openapi*", f"{o} no auth", "GET", o, auth="none")
    add("GET /openapi*", "/openapi/v3 yaml accept", "GET", "/openapi/v3",
        headers={"Accept": "application/x-yaml"})
    for p in ("//slurm/v0.0.36/ping", "/slurm//v0.0.36/ping", "/slurm/v0.0.36//ping",
              "/slurm/v0.0.36/ping//", "/slurm", "/slurm/", "/", "/slurm/v0.0.36",
              "/slurm/v0.0.36/", "/slurm/v0.0.37/ping", "/slurm/v0.0.35/ping", "/nope",
              "/slurm/v0.0.36/nope", "/slurm/v0.0.36/PING", "/slurm/v0.0.36/job/submit",
              "/slurm/v0.0.36/job/1/2", "/slurm/v0.0.36/node/a/b"):
        add("paths", f"GET {p}", "GET", p, raw=True)
    for m, p in (("POST", "ping"), ("DELETE", "ping"), ("PUT", "jobs"), ("POST", "jobs"),
                 ("POST", "nodes"), ("DELETE", "nodes"), ("POST", "diag"),
                 ("DELETE", "partitions"), ("PUT", "job/1"), ("PATCH", "job/1"),
                 ("PUT", "job/submit"), ("DELETE", "job/submit"), ("POST", "node/queue1-dy-t3micro-1"),
                 ("DELETE", "partition/queue1"), ("OPTIONS", "ping")):
        add("405 / methods", f"{m} /{p}", m, f"{API}/{p}")
    for p in ("ping", "jobs", "nodes", "job/1", "nope"):
        add("HEAD", f"HEAD /{p}", "HEAD", f"{API}/{p}")
    for r in ("ping", "jobs", "nodes", "partitions", "node/queue1-dy-t3micro-1",
              "partition/queue1", "job/999999"):
        for a in ("application/json", "application/x-yaml", "text/yaml", "application/unknown",
                  "*/*", "text/html", "application/*"):
            add("Accept", f"{r} Accept {a}", "GET", f"{API}/{r}", headers={"Accept": a})
    return cs


AUTH_MODES = ("none", "user-only", "token-only", "garbage", "badsig", "expired", "mismatch",
              "tampered", "empty-header")
AUTH_ROUTES = (("GET", "ping"), ("GET", "jobs"), ("GET", "nodes"), ("GET", "partitions"),
               ("GET", "job/999999"), ("GET", "node/queue1-dy-t3micro-1"),
               ("GET", "partition/queue1"), ("DELETE", "job/999999"))


def bad_payloads():
    """(name, body) submits that are safe for the real daemon (docs/oracle-notes/jobs-input.md)."""
    P = []

    def jb(label, **kw):
        P.append((label, job_req(J(**kw))))

    P.append(("not JSON", "{bad"))
    P.append(("empty body", ""))
    P.append(("{}", {}))
    P.append(("[]", []))
    P.append(("script only", {"script": TRUE}))
    P.append(("job without script", {"job": J()}))
    P.append(("jobs []", {"jobs": [], "script": TRUE}))
    P.append(("jobs dict", {"jobs": J(name="jd"), "script": TRUE}))
    P.append(("jobs het list", {"jobs": [J(name="h1"), J(name="h2")], "script": TRUE}))
    P.append(("job list", {"job": [J(name="jl")], "script": TRUE}))
    P.append(("script 5", {"job": J(), "script": 5}))
    P.append(("script empty", {"job": J(), "script": ""}))
    P.append(("script no shebang", {"job": J(), "script": "true"}))
    P.append(("unknown top key", {"job": J(), "script": TRUE, "zzz": 1}))
    P.append(("environment absent", job_req({"name": "x"})))
    P.append(("environment {}", job_req({"environment": {}})))
    P.append(("environment list", job_req({"environment": ["A=1"]})))
    P.append(("environment string", job_req({"environment": "A=1"})))
    for k in ("foo", "time_minimum", "mcs_label", "cluster_constraints"):
        jb(f"unknown key {k}", **{k: 1})
    jb("priority", priority=1)
    jb("cpu_binding", cpu_binding="none")
    jb("ntasks alias", ntasks=2)
    jb("standard_in/out spec names", standard_in="/dev/null", standard_out="/tmp/o.out")
    for v in ("2", "+3", 1.5, 2.5, "x", True, None, [2], {}, "1.5", " 2 ", "0x10", 0, -1, 2 ** 40):
        jb(f"tasks {json.dumps(v)}", tasks=v)
    jb("cpus_per_task -1", cpus_per_task=-1)
    jb("cpus_per_task 2", cpus_per_task=2)
    jb("cpus_per_task 4", cpus_per_task=4)  # refused; its record shows cpu=4
    jb("core_specification x", core_specification="x")
    jb("core_specification -1", core_specification=-1)
    jb("thread_specification x", thread_specification="x")
    jb("thread_specification -1", thread_specification=-1)
    jb("thread_specification 0", thread_specification=0)
    jb("tasks_per_node 0", tasks_per_node=0)
    jb("contiguous", contiguous=True)
    jb("dependency bare unknown id", dependency="999999")
    jb("held, dependency on an unknown id", hold=True, dependency="afterok:999999")
    jb("held, dependency bare unknown id", hold=True, dependency="999999")
    for v in ("5", "1:30", "1-0", "unlimited", 0):
        jb(f"delay_boot {json.dumps(v)}", hold=True, delay_boot=v)
    for v in ("set", "SET", "off", "no", "yes", "true", "", True, False, 1):
        jb(f"no_kill {json.dumps(v)}", no_kill=v)
    for v in ("set", "1", "", "true", "false", "off", True, 1):
        jb(f"get_user_environment {json.dumps(v)}", get_user_environment=v)
    jb("wait_all_nodes -1", wait_all_nodes=-1)
    for v in (5, True, None, 1.5, ["a"]):
        jb(f"name {json.dumps(v)}", name=v)
    jb("account list", account=["a"])
    jb("standard_output list", standard_output=["a"])
    jb("cwd list", current_working_directory=["a"])
    for v in (True, 1, "yes", "t", "on", False, 0, None, "no", "off", "FALSE", "", ["x"]):
        jb(f"hold {json.dumps(v)}", hold=v)
    jb("kill_on_invalid_dependency list", kill_on_invalid_dependency=[1])
    for v in ("x", -1):
        jb(f"requeue {json.dumps(v)}", requeue=v)
    for v in (2, "2", "2-3", "-3", "0", -1, [1, 2], [2], [1, 2, 3], [], "x", "2-", "2,3", 1.5,
              True, None, ["a", "b"], 11, 50):
        jb(f"nodes {json.dumps(v)}", nodes=v)
    for v in ("1:00:00", "60", "1-00:00:00", 100000, 0, 4294967295, -1, "UNLIMITED", -2, "x",
              1.5, True, None):
        jb(f"time_limit {json.dumps(v)}", time_limit=v)
    for v in (500, "500", "1G", 0, 5000, "x", -1):
        jb(f"memory_per_node {json.dumps(v)}", memory_per_node=v)
    for v in ("x", -1, 1.5, ["a"]):
        jb(f"memory_per_cpu {json.dumps(v)}", memory_per_cpu=v)
    for v in ("user", "mcs", True, False, "true", 1):
        jb(f"exclusive {json.dumps(v)}", exclusive=v)
    for v in ("USR1@60", "10", 10, "R:USR2", "B:TERM@30", "x"):
        jb(f"signal {json.dumps(v)}", signal=v)
    for v in ("x", 1900000000, "uts"):
        jb(f"begin_time {json.dumps(v)}", begin_time=v)
    jb("begin_time 2030", begin_time="2030-01-01T00:00:00")
    for k in ("open_mode", "mail_type", "distribution", "gres_flags", "memory_binding",
              "cpu_frequency", "deadline", "delay_boot", "no_kill", "get_user_environment"):
        jb(f"{k} x", **{k: "x"})
    for k, v in (("partition", "nope"), ("partition", "queue2"), ("array", "x"),
                 ("array", "1-100000"), ("dependency", "x"), ("dependency", "afterok:999999"),
                 ("constraints", "x"), ("licenses", "x"), ("reservation", "x"), ("nice", -1),
                 ("nice", 10), ("comment", "hello"), ("qos", "nope"), ("account", "nope"),
                 ("open_mode", "append"), ("mail_type", "END")):
        jb(f"{k} {json.dumps(v)}", **{k: v})
    jb("memory_per_cpu then memory_per_node", memory_per_cpu=100, memory_per_node=200)
    # CR_CPU: the per-CPU amount alone must fit a 900-MiB node, and memory is not booked, so
    # these run (the first on one node with 2 tasks); 901 is refused
    for cpt, per_cpu in ((2, 451), (2, 901), (1, 901)):
        jb(f"memory_per_cpu {per_cpu} cpus_per_task {cpt}", memory_per_cpu=per_cpu,
           cpus_per_task=cpt)
    jb("memory_per_cpu 800 tasks 2", memory_per_cpu=800, tasks=2)
    P.append(("job_properties at top level", J()))
    return P


UPDATES = [
    ("{}", {}), ("time_limit 30", {"time_limit": 30}), ("time_limit 2:00:00",
                                                        {"time_limit": "2:00:00"}),
    ("comment", {"comment": "updated"}), ("name", {"name": "renamed"}),
    ("hold true", {"hold": True}), ("environment", {"environment": {"A": "1"}}),
    ("not JSON", "{bad"), ("empty body", ""), ("[]", []), ("job wrapper", {"job": {}}),
    ("script", {"script": TRUE}), ("unknown foo", {"foo": 1}), ("tasks x", {"tasks": "x"}),
    ("environment list", {"environment": ["A=1"]}), ("priority", {"priority": 5}),
    ("partition nope", {"partition": "nope"}), ("partition queue2", {"partition": "queue2"}),
    ("nodes 50", {"nodes": 50}), ("begin_time", {"begin_time": "2030-01-01T00:00:00"}),
    ("array", {"array": "1-3"}), ("time_limit x", {"time_limit": "x"}),
]

# Each on its own held job (section 4d).
FIELD_UPDATES = [
    ("cpus_per_task 2", {"cpus_per_task": 2}), ("cpus_per_task 4", {"cpus_per_task": 4}),
    ("minimum_cpus_per_node 2", {"minimum_cpus_per_node": 2}),
    ("memory_per_node 500", {"memory_per_node": 500}),
    ("memory_per_node 5000", {"memory_per_node": 5000}),
    ("memory_per_cpu 300", {"memory_per_cpu": 300}), ("tasks 2", {"tasks": 2}),
    ("tasks_per_node 2", {"tasks_per_node": 2}), ("tasks_per_socket 1", {"tasks_per_socket": 1}),
    ("core_specification 1", {"core_specification": 1}),
    ("thread_specification 1", {"thread_specification": 1}),
    ("exclusive user", {"exclusive": "user"}), ("deadline", {"deadline": "2030-01-01T00:00:00"}),
    ("nice -5", {"nice": -5}), ("constraints nope", {"constraints": "nope"}),
    ("constraints t3micro", {"constraints": "t3micro"}), ("reservation nope", {"reservation": "nope"}),
    ("licenses", {"licenses": "foo:1"}), ("burst_buffer", {"burst_buffer": "x"}),
    ("dependency bogus", {"dependency": "bogus"}), ("dependency 999999", {"dependency": "999999"}),
    ("standard_output", {"standard_output": "/tmp/x.out"}),
    ("current_working_directory", {"current_working_directory": "/var"}), ("wckey", {"wckey": "w"}),
    ("sockets_per_node 1", {"sockets_per_node": 1}), ("threads_per_core 1", {"threads_per_core": 1}),
    ("cores_per_socket 1", {"cores_per_socket": 1}), ("requeue false", {"requeue": False}),
    ("delay_boot 5", {"delay_boot": 5}), ("delay_boot 1:30", {"delay_boot": "1:30"}),
    ("contiguous", {"contiguous": True}), ("no_kill set", {"no_kill": "set"}),
    ("no_kill true", {"no_kill": True}), ("get_user_environment set", {"get_user_environment": "set"}),
    ("get_user_environment true", {"get_user_environment": "true"}),
]

SIGNALS = ["KILL", "SIGKILL", "kill", "USR1", "SIGUSR1", "usr2", "10", "9", "0", "99", "-1",
           "nope", "SIGNOPE", ""]


def fixture_jobs():
    out = []
    for f in sorted(os.listdir(JOBS_DIR)):
        if f.endswith(".json"):
            with open(os.path.join(JOBS_DIR, f)) as fh:
                out.append((f, json.load(fh)))
    return out


def note_states(seq_by_elem, body):
    """Appends each element's state to its sequence when it changed (elements: array tasks by
    task id, else by position)."""
    for idx, j in enumerate(body.get("jobs") or []):
        key = str(j.get("array_task_id")) if j.get("array_task_id") is not None else str(idx)
        seq = seq_by_elem.setdefault(key, [])
        if not seq or seq[-1] != j.get("job_state"):
            seq.append(j.get("job_state"))


def poll_states(side, jids, timeout, rec_prefix, rec, want_terminal=True, seen=None):
    """Polls every job id of jids (name -> var) until all elements are terminal or timeout;
    records the distinct observed state sequence (continuing `seen`, name -> sequences) and the
    final GET per job."""
    seqs = {n: (seen or {}).get(n, {}) for n in jids}
    finals = {}
    deadline = time.monotonic() + timeout
    while True:
        done = True
        for n, jid in jids.items():
            s = do(side, "GET", f"{API}/job/{jid}")
            finals[n] = s
            if s["status"] != 200 or s["kind"] != "json":
                continue
            jobs = s["body"].get("jobs") or []
            if not jobs:
                done = False
            note_states(seqs[n], s["body"])
            if any(j.get("job_state") not in TERMINAL for j in jobs):
                done = False
        if done or time.monotonic() > deadline or side.dead:
            break
        time.sleep(0.4)
    for n in jids:
        rec(f"lifecycle | {n} | states", {"status": 200, "ctype": "synthetic", "close": False,
                                           "kind": "json", "body": {"states": seqs[n]}})
        rec(f"lifecycle | {n} | final GET /job", finals[n])


def wait_state(side, jid, states, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        s = do(side, "GET", f"{API}/job/{jid}")
        try:
            if s["body"]["jobs"][0]["job_state"] in states:
                return True
        except (KeyError, IndexError, TypeError):
            pass
        time.sleep(0.3)
    return False


# Pending reasons that only mean "the scheduler has not started it yet".
WAITING = {"None", "Priority", "Resources"}


def settled(side, jid, timeout, running_ok=False, states=None):
    """GET /job/{jid} once every element is finished (or running, with running_ok), or pending
    for a reason other than the scheduler not having looked at it yet (held, dependency, ...)."""
    deadline = time.monotonic() + timeout
    while True:
        s = do(side, "GET", f"{API}/job/{jid}")
        try:
            jobs = s["body"]["jobs"]
            if states is not None:
                note_states(states, s["body"])
            done = all(j["job_state"] in TERMINAL or
                       (running_ok and j["job_state"] == "RUNNING") or
                       (j["job_state"] == "PENDING" and j["state_reason"] not in WAITING)
                       for j in jobs)
        except (KeyError, TypeError):
            done = True
        if done or time.monotonic() > deadline:
            return s
        time.sleep(0.2)


def job_id_of(s):
    try:
        return s["body"].get("job_id")
    except AttributeError:
        return None


def scenario(side, rec):
    """The whole sequence for one side."""
    # 1. static routes before any job exists
    for group, name, method, path, body, auth, headers, raw in static_cases():
        rec(f"{group} | {name}", do(side, method, path, body, auth, headers, raw))
    for m, r in AUTH_ROUTES:
        for a in AUTH_MODES:
            rec(f"auth | {m} /{r} | {a}", do(side, m, f"{API}/{r}", auth=a))
    for a in AUTH_MODES:
        rec(f"auth | POST /job/submit | {a}",
            do(side, "POST", f"{API}/job/submit", job_req(J(hold=True)), auth=a))

    # 2. fixture submits (recorded; long-running ones cancelled after a GET), each running or
    # settled before the next is sent (the same cluster state on both sides, #4)
    for f, body in fixture_jobs():
        s = do(side, "POST", f"{API}/job/submit", body)
        rec(f"POST /job/submit | fixture {f}", s)
        jid = job_id_of(s)
        if jid:
            side.vars["fx_" + f[:-5]] = jid
            # the time-limited one sleeps 300 s: running is enough
            settled(side, jid, 40, running_ok=f == "time_limited_job.json")
    # the time-limited one is cancelled once running (the real daemon starts it ~1 s after
    # the submit); then every fixture job settles, so the next phase starts on an idle cluster
    if "fx_time_limited_job" in side.vars:
        wait_state(side, side.vars["fx_time_limited_job"], {"RUNNING"}, 20)
    for f in ("time_limited_job", "held_job"):
        if f"fx_{f}" in side.vars:
            rec(f"DELETE /job/{{id}} | fixture {f}.json",
                do(side, "DELETE", f"{API}/job/{{fx_{f}}}"))

    for f, _ in fixture_jobs():
        if "fx_" + f[:-5] in side.vars:
            settled(side, side.vars["fx_" + f[:-5]], 30)

    # 3. bad (and odd but accepted) payloads, one at a time: each accepted job is recorded once
    # settled, before the next is sent, so that both daemons place it on the same cluster state
    # (the real one starts a job about 1 s after its submission, differences #4)
    accepted = []
    for name, body in bad_payloads():
        s = do(side, "POST", f"{API}/job/submit", body)
        rec(f"POST /job/submit | {name}", s)
        jid = job_id_of(s)
        if jid:
            accepted.append((name, jid))
            got = settled(side, jid, 40)  # het jobs wait for a backfill pass (every 30 s)
            rec(f"GET /job/{{id}} | after submit: {name}", got)
            # a job left pending (held, too many nodes, ...) goes at once: on the real daemon a
            # pending job can keep the main scheduler off its partition until the next backfill
            try:
                if any(j["job_state"] == "PENDING" for j in got["body"]["jobs"]):
                    do(side, "DELETE", f"{API}/job/{jid}")
            except (KeyError, TypeError):
                pass

    # 4. updates on a held job, unknown ids, bad ids
    s = do(side, "POST", f"{API}/job/submit", job_req(J(name="upd", hold=True), "#!/bin/bash\nsleep 300"))
    rec("POST /job/{id} | submit target (held)", s)
    side.vars["upd"] = job_id_of(s) or 0
    for name, body in UPDATES:
        rec(f"POST /job/{{id}} | {name}", do(side, "POST", f"{API}/job/{{upd}}", body))
        rec(f"POST /job/{{id}} | {name} | GET after", do(side, "GET", f"{API}/job/{{upd}}"))
    # "999999.5": the daemon reads the leading number, so the id must be unknown on both sides
    for b in ("999999", "0", "-1", "abc", "999999.5", "99999999999999999999"):
        rec(f"POST /job/{{id}} | unknown {b} {{}}", do(side, "POST", f"{API}/job/{b}", {}))
        rec(f"POST /job/{{id}} | unknown {b} time_limit",
            do(side, "POST", f"{API}/job/{b}", {"time_limit": 5}))
    for b in ("999999", "0", "-1", "abc", "999999.5"):
        rec(f"DELETE /job/{{id}} | unknown {b}", do(side, "DELETE", f"{API}/job/{b}"))
    for sig in SIGNALS:
        rec(f"DELETE /job/{{id}} | unknown 999999 signal={sig}",
            do(side, "DELETE", f"{API}/job/999999?signal={sig}"))
    for sig in ("nope", "99", "USR1"):
        rec(f"DELETE /job/{{id}} | held job signal={sig}",
            do(side, "DELETE", f"{API}/job/{{upd}}?signal={sig}"))
    rec("DELETE /job/{id} | held job", do(side, "DELETE", f"{API}/job/{{upd}}"))
    rec("DELETE /job/{id} | held job again", do(side, "DELETE", f"{API}/job/{{upd}}"))
    rec("DELETE /job/{id} | held job GET after", do(side, "GET", f"{API}/job/{{upd}}"))

    # 4b. under CR_CPU memory is not booked: two 1-CPU jobs of 600 MiB share one 900-MiB node
    mem = []
    for k in (1, 2):
        s = do(side, "POST", f"{API}/job/submit",
               job_req(J(name=f"mem{k}", memory_per_node=600), "#!/bin/bash\nsleep 300"))
        rec(f"memory | 600 MiB job {k} | submit", s)
        if job_id_of(s):
            side.vars[f"mem{k}"] = job_id_of(s)
            mem.append(job_id_of(s))
            settled(side, job_id_of(s), 40, running_ok=True)
    for k in range(1, len(mem) + 1):
        rec(f"memory | 600 MiB job {k} | GET running", do(side, "GET", f"{API}/job/{{mem{k}}}"))
    for jid in mem:
        do(side, "DELETE", f"{API}/job/{jid}")
    for jid in mem:
        settled(side, jid, 30)

    # 4c. a held job skips the node configuration test (4 CPUs per task on 2-CPU nodes);
    # released, it pends with BadConstraints
    s = do(side, "POST", f"{API}/job/submit",
           job_req(J(name="badc", hold=True, cpus_per_task=4), "#!/bin/bash\nsleep 300"))
    rec("held bad constraints | submit", s)
    if job_id_of(s):
        side.vars["badc"] = job_id_of(s)
        rec("held bad constraints | GET held", do(side, "GET", f"{API}/job/{{badc}}"))
        rec("held bad constraints | release",
            do(side, "POST", f"{API}/job/{{badc}}", {"hold": False}))
        rec("held bad constraints | GET released", settled(side, side.vars["badc"], 20))
        # cpus_per_task 1 leaves the per-node minimum at 4: still no node can hold it; a
        # per-node minimum of 1 makes it fit, and it runs with a new priority value
        rec("held bad constraints | cpus_per_task 1",
            do(side, "POST", f"{API}/job/{{badc}}", {"cpus_per_task": 1}))
        rec("held bad constraints | cpus_per_task 1 | GET after",
            settled(side, side.vars["badc"], 20))
        rec("held bad constraints | minimum_cpus_per_node 1",
            do(side, "POST", f"{API}/job/{{badc}}", {"minimum_cpus_per_node": 1}))
        rec("held bad constraints | minimum_cpus_per_node 1 | GET after",
            settled(side, side.vars["badc"], 20, running_ok=True))
        rec("held bad constraints | DELETE", do(side, "DELETE", f"{API}/job/{{badc}}"))

    # 4d. one update each on a fresh held job: what a waiting job's owner may change, and what
    # is refused (only while pending, only by an administrator, nothing configured)
    for name, body in FIELD_UPDATES:
        s = do(side, "POST", f"{API}/job/submit",
               job_req(J(name="updf", hold=True), "#!/bin/bash\nsleep 300"))
        if not job_id_of(s):
            rec(f"POST /job/{{id}} field | {name} | submit", s)
            continue
        side.vars["updf"] = job_id_of(s)
        rec(f"POST /job/{{id}} field | {name}", do(side, "POST", f"{API}/job/{{updf}}", body))
        rec(f"POST /job/{{id}} field | {name} | GET after", do(side, "GET", f"{API}/job/{{updf}}"))
        do(side, "DELETE", f"{API}/job/{{updf}}")

    # 5. lifecycles (submitted together, polled together)
    lc, seen = {}, {}

    def sub(name, job, script, long_running=False):
        s = do(side, "POST", f"{API}/job/submit", job_req(job, script))
        rec(f"lifecycle | {name} | submit", s)
        if job_id_of(s):
            lc[name] = job_id_of(s)
            # finished (or, for the long ones, running) before the next one is sent: both
            # daemons then place each job on the same cluster state (the real one starts jobs
            # ~1 s late, #4); the states seen meanwhile start the job's sequence
            settled(side, lc[name], 40, running_ok=long_running, states=seen.setdefault(name, {}))
    sub("true", J(name="lc-true"), TRUE)
    sub("exit 3", J(name="lc-exit3"), "#!/bin/bash\nexit 3")
    sub("sleep 3", J(name="lc-sleep3"), "#!/bin/bash\nsleep 3")
    sub("array 1-3", J(name="lc-array", array="1-3"), "#!/bin/bash\nsleep 1")
    sub("held update release", J(name="lc-held", hold=True), "#!/bin/bash\nsleep 1")
    sub("cancel running", J(name="lc-cancel"), "#!/bin/bash\nsleep 300", long_running=True)
    sub("cancel pending", J(name="lc-cancelp", hold=True), "#!/bin/bash\nsleep 300")
    sub("SIGUSR1 running", J(name="lc-usr1"), "#!/bin/bash\nsleep 300", long_running=True)
    if "held update release" in lc:
        side.vars["lch"] = lc["held update release"]
        rec("lifecycle | held update release | update time_limit",
            do(side, "POST", f"{API}/job/{{lch}}", {"time_limit": 5}))
        rec("lifecycle | held update release | GET held",
            do(side, "GET", f"{API}/job/{{lch}}"))
        rec("lifecycle | held update release | release",
            do(side, "POST", f"{API}/job/{{lch}}", {"hold": False}))
        settled(side, lc["held update release"], 40, running_ok=True,
                states=seen.setdefault("held update release", {}))
    for name, path in (("cancel running", "lcc"), ("SIGUSR1 running", "lcu")):
        if name in lc:
            side.vars[path] = lc[name]
            wait_state(side, lc[name], {"RUNNING"}, 20)
    # The real daemon shows RUNNING before slurmstepd has started the batch shell; a signal sent
    # in that window reaches no process and the job runs on (the contract suite waits too).
    time.sleep(2)
    if "cancel running" in lc:
        rec("lifecycle | cancel running | DELETE", do(side, "DELETE", f"{API}/job/{{lcc}}"))
    if "SIGUSR1 running" in lc:
        rec("lifecycle | SIGUSR1 running | DELETE signal",
            do(side, "DELETE", f"{API}/job/{{lcu}}?signal=SIGUSR1"))
    if "cancel pending" in lc:
        side.vars["lcp"] = lc["cancel pending"]
        rec("lifecycle | cancel pending | DELETE", do(side, "DELETE", f"{API}/job/{{lcp}}"))
    poll_states(side, lc, 60, "lifecycle", rec, seen=seen)

    # 6. cancel whatever is left so the final listings are stable
    for name, jid in accepted:
        do(side, "DELETE", f"{API}/job/{jid}")
    time.sleep(2)
    for r in ("jobs", "nodes", "partitions", "diag"):
        rec(f"GET /{r} | final", do(side, "GET", f"{API}/{r}"))
    # last: refused tokens on /diag (has been seen to crash the real daemon, differences #10)
    for a in AUTH_MODES:
        rec(f"auth | GET /diag | {a}", do(side, "GET", f"{API}/diag", auth=a))


# --------------------------------------------------------------------------------------------
# Normalisation and comparison

TIME_KEYS_RE = re.compile(r"(_time|_at|^deadline|req_time.*)$")
NODE_HOST_KEYS = {"architecture", "operating_system", "cpu_load", "free_memory", "boot_time",
                  "slurmd_start_time", "address", "hostname", "port",
                  "burstbuffer_network_address", "reason_changed_at", "temporary_disk"}
ID_KEYS = {"job_id", "array_job_id", "het_job_id"}
PORT_RE = re.compile(r"\[localhost\]:\d+")
JOB_IN_TEXT_RE = re.compile(r"(\bjob )(\d+)")


# INFINITE minutes times 60 in 32 bits: what the daemon adds to a pending job's expected start.
INFINITE_SECONDS = 4294967236


class Normaliser:
    """Job ids become <job@C.K>: the K-th new id seen in case number C, so one job accepted on
    one side only does not shift the labels of every later job."""

    def __init__(self):
        self.ids = {}
        self.case = 0
        self.k = 0

    def start_case(self, index):
        self.case, self.k = index, 0

    def jid(self, v):
        if v not in self.ids:
            self.k += 1
            self.ids[v] = f"<job@{self.case}.{self.k}>"
        return self.ids[v]

    def text(self, s):
        s = PORT_RE.sub("[localhost]:<port>", s)
        # Job ids quoted in messages ("unable to kill job 87 ...") get the same labels.
        return JOB_IN_TEXT_RE.sub(
            lambda m: m.group(1) + (self.ids[int(m.group(2))] if int(m.group(2)) in self.ids
                                    else m.group(2)), s)

    def walk(self, v, key=None, in_node=False):
        if isinstance(v, dict):
            node = in_node or ("slurmd_version" in v and "name" in v)
            return {k: self.walk(x, k, node) for k, x in v.items()}
        if isinstance(v, list):
            return [self.walk(x, key, in_node) for x in v]
        if isinstance(v, bool) or v is None:
            return v
        if in_node and key in NODE_HOST_KEYS:
            return Placeholder("<host>", v)
        if isinstance(v, int):
            if key in ID_KEYS and v > 0:
                return Placeholder(self.jid(v), v)
            if 1_000_000_000 <= v <= 2_200_000_000:  # a Unix time (ids, counts, MB are smaller)
                return Placeholder("<time>", v)
            if key and key.endswith("_time") and 1_000_000_000 <= v - INFINITE_SECONDS <= 2_200_000_000:
                return Placeholder("<time + INFINITE minutes>", v)  # a pending job's end_time
            return v
        if isinstance(v, str):
            if key == "het_job_id_set" and re.fullmatch(r"[\d,-]+", v):
                return self.id_set(v)
            return self.text(v)
        return v

    def id_set(self, v):
        """"106-107" / "108" (the job ids of a het job) as labels, one per id."""
        ids = []
        for part in v.split(","):
            lo, _, hi = part.partition("-")
            ids += range(int(lo), int(hi or lo) + 1)
        return ",".join(self.jid(i).strip("<>") for i in ids)


class Placeholder:
    """A normalised value that still carries its JSON type."""

    def __init__(self, label, orig):
        self.label = label
        self.orig = orig

    def __eq__(self, o):
        return isinstance(o, Placeholder) and o.label == self.label

    def __repr__(self):
        return self.label


def jtype(v):
    if isinstance(v, Placeholder):
        v = v.orig
    return json_type(v)


def show(v, limit=160):
    def conv(x):
        if isinstance(x, Placeholder):
            return x.label
        if isinstance(x, dict):
            return {k: conv(y) for k, y in x.items()}
        if isinstance(x, list):
            return [conv(y) for y in x]
        return x
    s = json.dumps(conv(v), ensure_ascii=False)
    return s if len(s) <= limit else s[:limit] + "..."


def compare_values(a, b, path, out):
    ta, tb = jtype(a), jtype(b)
    if ta != tb:
        out.append(("type", path, f"{ta} {show(a)}", f"{tb} {show(b)}"))
        return
    if ta == "object":
        ka, kb = list(a), list(b)
        if ka != kb:
            if set(ka) != set(kb):
                out.append(("keys", path, "missing in mock: " + show(sorted(set(ka) - set(kb))),
                            "extra in mock: " + show(sorted(set(kb) - set(ka)))))
            else:
                out.append(("key-order", path, show(ka, 400), show(kb, 400)))
        for k in ka:
            if k in b:
                compare_values(a[k], b[k], f"{path}.{k}" if path else k, out)
        return
    if ta == "array":
        if len(a) != len(b):
            out.append(("length", path, f"{len(a)}: {show(a)}", f"{len(b)}: {show(b)}"))
        for i, (x, y) in enumerate(zip(a, b)):
            compare_values(x, y, f"{path}[{i}]", out)
        return
    if a != b:
        out.append(("value", path, show(a), show(b)))


def by_job(body):
    """A job listing in a stable order: the two daemons list the same jobs in different orders
    (slurmctld walks its job hash table), so GET /jobs is compared job by job."""
    if isinstance(body, dict) and isinstance(body.get("jobs"), list):
        def key(j):
            jid = j.get("job_id") if isinstance(j, dict) else None
            label = jid.label if isinstance(jid, Placeholder) else str(jid)
            m = re.fullmatch(r"<job@(\d+)\.(\d+)>", label)
            return (int(m.group(1)), int(m.group(2))) if m else (1 << 30, 0)
        body = dict(body)
        body["jobs"] = sorted(body["jobs"], key=key)
    return body


def compare(case, real, mock, nr, nm):
    diffs = []
    for f in ("status", "ctype", "close"):
        if real[f] != mock[f]:
            diffs.append((f, f, show(real[f]), show(mock[f])))
    br, bm = nr.walk(real["body"]), nm.walk(mock["body"])
    if case.startswith("GET /jobs"):
        br, bm = by_job(br), by_job(bm)
    if real["kind"] == "text" or mock["kind"] == "text":
        if jtype(br) != jtype(bm) or br != bm:
            diffs.append(("body", "body", show(br, 300), show(bm, 300)))
    else:
        compare_values(br, bm, "", diffs)
    return diffs


# --------------------------------------------------------------------------------------------
# Allow-list

def load_allowed():
    with open(DIFFS_MD) as f:
        rows = {int(m.group(1)) for m in re.finditer(r"^\|\s*(\d+)\s*\|", f.read(), re.M)}
    with open(ALLOWED) as f:
        entries = json.load(f)["entries"]
    for e in entries:
        if e.get("row") not in rows:
            raise SystemExit(f"allowed.json: entry {e} names no row of docs/differences.md")
        for k in ("case", "path", "real", "mock"):
            e[f"_{k}"] = re.compile(e.get(k, ""))
    return entries


def same_states(real_snap, mock_snap, transient):
    """State sequences equal once transient states (seen or not depending on when the poller
    looked) are dropped, and each element that both show ends in the same state."""
    try:
        ra, ma = real_snap["body"]["states"], mock_snap["body"]["states"]
        a, b = ({k: [s for s in v if s not in transient] for k, v in x.items()} for x in (ra, ma))
        # an element seen only in transient states (e.g. the pending array record)
        a, b = ({k: v for k, v in x.items() if v} for x in (a, b))
    except (KeyError, TypeError, AttributeError):
        return False
    return a == b and all(ra[k][-1] == ma[k][-1] for k in set(ra) & set(ma))


def documented_by(entries, case, diff, real_snap, mock_snap):
    kind, path, rv, mv = diff
    transient, rows = set(), []
    for e in entries:
        if e.get("kinds") and kind not in e["kinds"]:
            continue
        if not (e["_case"].search(case) and e["_path"].search(path)
                and e["_real"].search(rv) and e["_mock"].search(mv)):
            continue
        if not e.get("transient_states"):
            return e["row"]
        # state-sequence entries combine: PENDING (row 4) and COMPLETING (row 9) may both be
        # missing from one sequence
        transient |= set(e["transient_states"])
        rows.append(e["row"])
        if same_states(real_snap, mock_snap, transient):
            return "+".join(str(r) for r in rows)
    return None


# --------------------------------------------------------------------------------------------
# Daemons

def start_real(a, d):
    cmd = [sys.executable, LAUNCHER, "start", "--conf", a.conf, "--dir", d,
           "--rest-port", str(a.rest_port), "--ctld-port", str(a.ctld_port),
           "--node-port-base", str(a.node_port_base)]
    log("starting real daemons: " + " ".join(cmd[1:]))
    subprocess.run(cmd, check=True, timeout=300)
    with open(os.path.join(d, "jwt_hs256.key"), "rb") as f:
        return f"http://127.0.0.1:{a.rest_port}", f.read()


def stop_real(d):
    subprocess.run([sys.executable, LAUNCHER, "stop", "--dir", d], timeout=120)


def start_mock(a, outdir):
    keyf = os.path.join(outdir, "mock_jwt_hs256.key")
    with open(keyf, "wb") as f:
        f.write(secrets.token_bytes(64))
    os.chmod(keyf, 0o600)
    binary = a.mock_binary or os.path.join(a.build, "bin", "mock-slurmrestd")
    proc = subprocess.Popen([binary, "-f", a.conf, "--jwt-key", keyf, "-q", "127.0.0.1:0"],
                            stdout=subprocess.PIPE, stderr=open(os.path.join(outdir, "mock.log"), "wb"),
                            stdin=subprocess.DEVNULL, text=True)
    box = {}

    def reader():
        box["line"] = proc.stdout.readline()
        for _ in proc.stdout:  # keep draining
            pass
    threading.Thread(target=reader, daemon=True).start()
    deadline = time.monotonic() + 30
    while "line" not in box and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    m = re.match(r"mock-slurmrestd: listening on (\S+)", box.get("line", ""))
    if not m:
        proc.kill()
        raise SystemExit(f"mock did not announce its URL: {box.get('line')!r}")
    with open(keyf, "rb") as f:
        return proc, m.group(1), f.read()


# --------------------------------------------------------------------------------------------
# Report

def md(s):
    return str(s).replace("|", "\\|").replace("\n", " ")


def write_report(path, rows, summary):
    groups = {}
    for r in rows:
        groups.setdefault(r["case"].split(" | ")[0], []).append(r)
    out = ["# Conformance: real slurmrestd vs mock-slurmrestd", "", summary, "",
           "Values normalised: job ids (by order of appearance), timestamps, `[localhost]:PORT`, "
           "host facts of nodes. `documented (#N)` = allowed by contract_tests/conformance/"
           "allowed.json, row N of docs/differences.md.", ""]
    und = [r for r in rows if r["result"] == "UNDOCUMENTED"]
    if und:
        out += ["## Undocumented differences", ""]
        for r in und:
            out.append(f"* `{md(r['case'])}`")
            for d in r["diffs"]:
                if d[4] is None:
                    out.append(f"  * {d[0]} `{md(d[1])}`: real `{md(d[2])}` / mock `{md(d[3])}`")
        out.append("")
    for g in groups:
        out += [f"## {g}", "", "| case | real | mock | result | differences (real / mock) |",
                "| --- | --- | --- | --- | --- |"]
        for r in groups[g]:
            det = "<br>".join(
                f"{d[0]} `{md(d[1]) or '/'}`: `{md(d[2])}` / `{md(d[3])}`"
                + (f" (#{d[4]})" if d[4] else "") for d in r["diffs"][:12])
            if len(r["diffs"]) > 12:
                det += f"<br>... {len(r['diffs']) - 12} more"
            out.append(f"| {md(r['case'].split(' | ', 1)[-1])} | {r['real']} | {r['mock']} | "
                       f"{r['result']} | {det} |")
        out.append("")
    with open(path, "w") as f:
        f.write("\n".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--conf", default=DEFAULT_CONF)
    ap.add_argument("--rest-port", type=int, default=6860)
    ap.add_argument("--ctld-port", type=int, default=6867)
    ap.add_argument("--node-port-base", type=int, default=17400)
    ap.add_argument("--user", default="ec2-user")
    ap.add_argument("--mock-binary", help="default: BUILD/bin/mock-slurmrestd")
    ap.add_argument("--compare-only", action="store_true",
                    help="compare the answers of the last run again (after an allowed.json edit)")
    a = ap.parse_args()
    a.build = os.path.abspath(a.build)
    a.conf = os.path.abspath(a.conf)
    outdir = os.path.join(a.build, "conformance")
    os.makedirs(outdir, exist_ok=True)
    real_dir = os.path.join(outdir, "real-slurm")
    entries = load_allowed()

    mock_proc = None
    real_started = False
    sides = []
    if a.compare_only:
        for name in ("real", "mock"):
            sd = Side.__new__(Side)
            sd.name = name
            with open(os.path.join(outdir, f"answers-{name}.json")) as f:
                answers = json.load(f)
            sd.order = [x.pop("case") for x in answers]
            sd.results = dict(zip(sd.order, answers))
            sides.append(sd)
        return report(sides, entries, outdir)
    try:
        real_started = True
        real_url, real_key = start_real(a, real_dir)
        mock_proc, mock_url, mock_key = start_mock(a, outdir)
        log(f"real {real_url}, mock {mock_url}")
        sides = [Side("real", real_url, real_key, a.user), Side("mock", mock_url, mock_key, a.user)]

        def run(side):
            def rec(case, snap):
                if case in side.results:
                    raise RuntimeError(f"duplicate case id {case}")
                side.results[case] = snap
                side.order.append(case)
            try:
                scenario(side, rec)
            except Exception:  # noqa: BLE001
                side.error = traceback.format_exc()
                log(f"{side.name}: scenario aborted:\n{side.error}")
        t0 = time.monotonic()
        threads = [threading.Thread(target=run, args=(s,)) for s in sides]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        log(f"requests done in {time.monotonic() - t0:.0f}s")
    finally:
        if mock_proc is not None:
            mock_proc.terminate()
            try:
                mock_proc.wait(10)
            except subprocess.TimeoutExpired:
                mock_proc.kill()
        if real_started:
            try:
                stop_real(real_dir)
            except Exception as e:  # noqa: BLE001
                log(f"stopping the real daemons failed: {e}")

    for sd in sides:  # the raw answers, for reading a difference at its source
        with open(os.path.join(outdir, f"answers-{sd.name}.json"), "w") as f:
            json.dump([{"case": c, **sd.results[c]} for c in sd.order], f, indent=1)
    return report(sides, entries, outdir)


def report(sides, entries, outdir):
    """Compares the two sides' answers, writes the report, prints the summary; the exit code."""
    real, mock = sides
    nr, nm = Normaliser(), Normaliser()
    rows = []
    cases = list(real.order) + [c for c in mock.order if c not in real.results]
    n_same = n_doc = n_und = 0
    for ci, case in enumerate(cases):
        nr.start_case(ci)
        nm.start_case(ci)
        rs, ms = real.results.get(case), mock.results.get(case)
        if rs is None or ms is None:
            diffs = [("missing", "case", "absent" if rs is None else "present",
                      "absent" if ms is None else "present", None)]
        else:
            diffs = [d + (documented_by(entries, case, d, rs, ms),)
                     for d in compare(case, rs, ms, nr, nm)]
        if not diffs:
            result = "identical"
            n_same += 1
        elif all(d[4] for d in diffs):
            result = "documented (" + ", ".join(sorted({f"#{d[4]}" for d in diffs})) + ")"
            n_doc += 1
        else:
            result = "UNDOCUMENTED"
            n_und += 1
        rows.append({"case": case, "result": result, "diffs": diffs,
                     "real": f"{rs['status']} {rs['ctype']}" if rs else "-",
                     "mock": f"{ms['status']} {ms['ctype']}" if ms else "-"})
    n = len(rows)
    summary = (f"conformance: {n} cases, {n_same} identical, {n_doc + n_und} differing "
               f"({n_doc} documented, {n_und} undocumented)")
    path = os.path.join(outdir, "report.md")
    write_report(path, rows, summary)
    for s in sides:
        if getattr(s, "error", None):
            log(f"{s.name} side aborted early; see above")
    log(f"report: {path}")
    print(summary)
    return 1 if n_und or any(getattr(s, "error", None) for s in sides) else 0


if __name__ == "__main__":
    sys.exit(main())
