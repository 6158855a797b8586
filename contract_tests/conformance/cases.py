"""What the conformance run sends: static requests, auth modes, bad and odd submissions,
updates, signals and the fixture jobs (all safe for the real daemon)."""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CT = os.path.dirname(HERE)
ROOT = os.path.dirname(CT)
JOBS_DIR = os.path.join(ROOT, "fixtures", "jobs")

ENV = {"PATH": "/bin:/usr/bin"}
TRUE = "#!/bin/bash\ntrue"


def job_req(job, script=TRUE):
    return {"job": job, "script": script}


def J(**kw):
    d = {"environment": dict(ENV), "current_working_directory": "/tmp"}
    d.update(kw)
    return d


def api_of(version):
    return f"/slurm/{version}"


# Routes beyond v0.0.36's that a version serves (22.05: oracle notes versions-22.05.md).
EXTRA_LISTS = {"v0.0.37": ("reservations",), "v0.0.38": ("reservations", "licenses")}


def static_cases(version):
    """(group, name, method, path, body, auth, headers, raw_path) of one API version."""
    cs = []
    API = api_of(version)

    def add(group, name, method, path, body=None, auth="ok", headers=None, raw=False):
        cs.append((group, name, method, path, body, auth, headers, raw))

    lists = ("ping", "diag", "jobs", "nodes", "partitions") + EXTRA_LISTS.get(version, ())
    for r in lists:
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
    if "reservations" in lists:
        for b in ("nope", "maint"):
            add("GET /reservation/{name}", f"unknown {b}", "GET", f"{API}/reservation/{b}")
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


def common_cases():
    """The cases that belong to no API version: the merged OpenAPI documents, odd paths."""
    cs = []

    def add(group, name, method, path, body=None, auth="ok", headers=None, raw=False):
        cs.append((group, name, method, path, body, auth, headers, raw))

    for o in ("/openapi", "/openapi.json", "/openapi.yaml", "/openapi/v3"):
        add("GET /openapi*", o, "GET", o)
        add("GET /openapi*", f"{o} no auth", "GET", o, auth="none")
    add("GET /openapi*", "/openapi/v3 yaml accept", "GET", "/openapi/v3",
        headers={"Accept": "application/x-yaml"})
    for p in ("//slurm/v0.0.36/ping", "/slurm//v0.0.36/ping", "/slurm/v0.0.36//ping",
              "/slurm/v0.0.36/ping//", "/slurm", "/slurm/", "/", "/slurm/v0.0.36",
              "/slurm/v0.0.36/", "/slurm/v0.0.39/ping", "/slurm/v0.0.35/ping", "/nope",
              "/slurm/v0.0.36/nope", "/slurm/v0.0.36/PING", "/slurm/v0.0.36/job/submit",
              "/slurm/v0.0.36/job/1/2", "/slurm/v0.0.36/node/a/b"):
        add("paths", f"GET {p}", "GET", p, raw=True)
    return cs


AUTH_MODES = ("none", "user-only", "token-only", "garbage", "badsig", "expired", "mismatch",
              "tampered", "empty-header")
AUTH_ROUTES = (("GET", "ping"), ("GET", "jobs"), ("GET", "nodes"), ("GET", "partitions"),
               ("GET", "job/999999"), ("GET", "node/queue1-dy-t3micro-1"),
               ("GET", "partition/queue1"), ("DELETE", "job/999999"))


def held(body):
    """A payload whose job(s) are held, unless it says otherwise: the same parser input for the
    versions after the first, without running (and waiting for) each job again."""
    def h(j):
        return dict(j, hold=True) if isinstance(j, dict) and "hold" not in j else j
    if not isinstance(body, dict):
        return body
    out = dict(body)
    for k in ("job", "jobs"):
        if k in out:
            out[k] = [h(j) for j in out[k]] if isinstance(out[k], list) else h(out[k])
    if "job" not in out and "jobs" not in out and "environment" in out:
        out = h(out)  # job properties at the top level
    return out


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
