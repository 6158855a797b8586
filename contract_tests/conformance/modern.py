"""What the conformance run sends to a 24.11 or 26.05 daemon (data_parser v0.0.40 to v0.0.45):
the same families as cases.py in the modern API's terms (list `environment`, `job.script`,
`{"set","infinite","number"}` numbers, `/jobs/state`, bulk DELETE `/jobs`). Only inputs the
recorder has sent to both real daemons without harm (docs/oracle-notes/releases-24.11-26.05.md)."""

import json
import os

from cases import ROOT, TRUE

RELEASE_VERSIONS = {"24.11": ("v0.0.40", "v0.0.41", "v0.0.42"),
                    "26.05": ("v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45")}
ENV = ["PATH=/bin:/usr/bin"]


def MJ(**kw):
    """A modern job description (list environment, its own script unless told)."""
    d = {"name": "conf", "current_working_directory": "/tmp", "environment": list(ENV)}
    d.update(kw)
    return d


def held(**kw):
    return {"job": MJ(hold=True, script=TRUE, **kw)}


def blog_body():
    with open(os.path.join(ROOT, "fixtures", "jobs", "blog_job.json")) as f:
        return json.load(f)


def static_cases(version):
    """(group, name, method, path, body, auth, headers, raw_path) of one API version."""
    cs = []
    API = f"/slurm/{version}"

    def add(group, name, method, path, body=None, auth="ok", headers=None, raw=False):
        cs.append((group, name, method, path, body, auth, headers, raw))

    for r in ("ping", "diag", "jobs", "jobs/state", "nodes", "partitions", "reservations",
              "licenses", "shares"):
        add(f"GET /{r}", "plain", "GET", f"{API}/{r}")
        add(f"GET /{r}", "trailing slash", "GET", f"{API}/{r}/")
        add(f"GET /{r}", "query string", "GET", f"{API}/{r}?x=1")
    add("GET /jobs", "update_time=1", "GET", f"{API}/jobs?update_time=1")
    add("GET /nodes", "update_time=1", "GET", f"{API}/nodes?update_time=1")
    for n in ("queue1-dy-t3micro-1", "queue2-dy-c5large-3"):
        add("GET /node/{name}", n, "GET", f"{API}/node/{n}")
    for b in ("nope", "queue1-dy-t3micro-99", "0"):
        add("GET /node/{name}", f"unknown {b}", "GET", f"{API}/node/{b}")
    add("GET /node/{name}", "no name", "GET", f"{API}/node")
    for p in ("queue1", "queue2"):
        add("GET /partition/{name}", p, "GET", f"{API}/partition/{p}")
    for b in ("nope", "QUEUE1"):
        add("GET /partition/{name}", f"unknown {b}", "GET", f"{API}/partition/{b}")
    add("GET /partition/{name}", "no name", "GET", f"{API}/partition")
    add("GET /reservation/{name}", "unknown nope", "GET", f"{API}/reservation/nope")
    for b in ("999999", "0", "-1", "abc", "1abc", "99999999999999999999"):
        add("GET /job/{id}", f"id {b}", "GET", f"{API}/job/{b}")
    add("GET /job/{id}", "no id", "GET", f"{API}/job")
    add("GET /job/{id}", "empty id", "GET", f"{API}/job/")
    for m, p in (("POST", "ping"), ("DELETE", "ping"), ("PUT", "jobs"), ("POST", "diag"),
                 ("DELETE", "partitions"), ("PUT", "job/1"), ("PATCH", "job/1"),
                 ("GET", "job/submit"), ("DELETE", "partition/queue1"), ("OPTIONS", "ping"),
                 ("PUT", "nodes"), ("POST", "jobs/state")):
        add("405 / methods", f"{m} /{p}", m, f"{API}/{p}")
    for p in ("ping", "jobs", "nope"):
        add("HEAD", f"HEAD /{p}", "HEAD", f"{API}/{p}")
    for r in ("ping", "jobs", "node/queue1-dy-t3micro-1", "job/999999"):
        for a in ("application/json", "application/x-yaml", "application/unknown", "*/*",
                  "text/html"):
            add("Accept", f"{r} Accept {a}", "GET", f"{API}/{r}", headers={"Accept": a})
    return cs


def common_cases(versions, release):
    """Paths of no served version, and odd forms of the first version's."""
    cs = []
    A = versions[0]
    unserved = sorted({"v0.0.36", "v0.0.39", "v0.0.46", "v0.0.40", "v0.0.43"} - set(versions))
    for v in unserved:
        p = f"/slurm/{v}/ping"
        cs.append(("paths", f"GET {p}", "GET", p, None, "ok", None, True))
    for p in (f"//slurm/{A}/ping", f"/slurm//{A}/ping", f"/slurm/{A}//ping",
              f"/slurm/{A}/ping//", "/slurm", "/slurm/", "/", f"/slurm/{A}", f"/slurm/{A}/",
              "/nope", f"/slurm/{A}/nope", f"/slurm/{A}/PING", f"/slurm/{A}/job/1/2",
              f"/slurm/{A}/node/a/b", f"/slurmdb/{A}/diag", f"/slurm/{A}/ping?"):
        cs.append(("paths", f"GET {p}", "GET", p, None, "ok", None, True))
    return cs


AUTH_MODES = ("none", "user-only", "token-only", "garbage", "badsig", "expired", "mismatch",
              "tampered", "empty-header")
AUTH_ROUTES = (("GET", "ping"), ("GET", "jobs"), ("GET", "nodes"), ("GET", "job/999999"),
               ("GET", "partition/queue1"), ("DELETE", "job/999999"))


def payloads():
    """(name, body) submissions: each accepted job is held, read, and cancelled."""
    P = [("modern held", held()),
         ("modern script at the top", {"script": TRUE, "job": MJ(hold=True)}),
         ("blog v0.0.36-style", dict(blog_body(), job=dict(blog_body()["job"], hold=True))),
         ("het jobs", {"script": TRUE, "jobs": [MJ(hold=True, name="h1"),
                                                MJ(hold=True, name="h2")]}),
         ("unknown fields", held(foo=1, mcs_label=2)),
         ("unknown top key", dict(held(), zzz=1)),
         ("tasks x", held(tasks="x")),
         ("tasks 2", held(tasks=2)),
         ("time_limit 30", held(time_limit=30)),
         ("time_limit number object", held(time_limit={"set": True, "infinite": False,
                                                       "number": 30})),
         ("time_limit infinite", held(time_limit={"set": True, "infinite": True,
                                                  "number": 0})),
         ("time_limit x", held(time_limit="x")),
         ("name 5", held(name=5)),
         ("environment string", held(environment="A=1")),
         ("environment dict", held(environment={"A": "1"})),
         ("environment absent", {"job": {"name": "x", "hold": True, "script": TRUE,
                                         "current_working_directory": "/tmp"}}),
         ("no script", {"job": MJ(hold=True)}),
         ("partition nope", held(partition="nope")),
         ("partition queue1,nope", held(partition="queue1,nope")),
         ("partition queue2", held(partition="queue2")),
         ("nodes 50", held(nodes=50)),
         ("nodes x", held(nodes="x")),
         ("cpus_per_task 4", held(cpus_per_task=4)),
         ("comment", held(comment="hello")),
         ("hold x", {"job": MJ(hold="x", script=TRUE)}),
         ("not JSON", "{bad"),
         ("empty body", ""),
         ("[]", []),
         ("{}", {}),
         ("job list", {"job": [MJ(hold=True)], "script": TRUE})]
    return P


UPDATES = [("{}", {}), ("comment", {"comment": "updated"}),
           ("wrapped in job", {"job": {"comment": "wrapped"}}),
           ("time_limit 30", {"time_limit": 30}),
           ("time_limit number object", {"time_limit": {"set": True, "infinite": False,
                                                        "number": 40}}),
           ("name", {"name": "renamed"}), ("unknown foo", {"foo": 1}),
           ("tasks x", {"tasks": "x"}), ("time_limit x", {"time_limit": "x"}),
           ("partition nope", {"partition": "nope"}), ("partition queue2", {"partition": "queue2"}),
           ("environment list", {"environment": ["A=1"]}), ("not JSON", "{bad"),
           ("empty body", ""), ("[]", [])]

SIGNALS = ["KILL", "SIGUSR1", "usr2", "9", "0", "99", "nope", ""]
