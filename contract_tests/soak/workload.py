"""The soak's workload: the weighted mix of requests each keep-alive client sends, and the jobs
it submits."""

import json
import random
import re
import threading
import time

from invariants import (ALLOWED_500, EXPECTED_ERROR, INVALID_KINDS, Sub,
                        process_listing)

DEFAULT_MIX = {"submit": 18, "get_job": 25, "jobs": 4, "nodes": 6, "partitions": 4,
               "update": 12, "cancel": 2, "invalid": 6}


def make_job(soak, rng):
    """One job of the mix: (job, script, kind, expected end state, expected exit_code, seconds
    its script runs); durations in simulated seconds."""
    u = soak.unit
    job = {"environment": {"PATH": "/bin:/usr/bin"}, "current_working_directory": "/tmp",
           "standard_output": "/dev/null"}
    kind = rng.choices(["plain", "fail", "timeout", "array", "wide", "long"],
                       [40, 15, 8, 10, 12, 15])[0]
    expect, exit_status = "COMPLETED", 0
    sleep = rng.randint(1, 12) * u
    if kind == "fail":
        code = rng.randint(1, 5)
        script = f"#!/bin/bash\nsleep {sleep}\nexit {code}\n"
        expect, exit_status = "FAILED", code << 8
    elif kind == "timeout":
        job["time_limit"] = 1
        script = "#!/bin/bash\nsleep 100000\n"
        sleep = 100000
        expect, exit_status = "TIMEOUT", None
    else:
        script = f"#!/bin/bash\nsleep {sleep}\n"
    # Sizes from the smallest node, so that every job fits any cluster it is sent to.
    cpus, mem = soak.node_cpus, soak.node_memory
    if kind == "array":
        job["array"] = rng.choice(["1-3", "0-4%2", "1,3,5"])
    elif kind == "wide":
        job["tasks"] = rng.choice([2, cpus, cpus + 1])
        job["memory_per_node"] = rng.choice([mem // 8, mem // 4, mem // 2])
    elif kind == "long":
        job["partition"] = soak.partitions[-1]
        job["cpus_per_task"] = rng.choice(sorted({1, max(1, cpus // 2), cpus}))
        job["memory_per_cpu"] = rng.choice([mem // 40, mem // (4 * job["cpus_per_task"])])
    job["name"] = f"soak-{kind}"
    return job, script, kind, expect, exit_status, sleep


def first_error(ctype, data):
    if ctype != "application/json":
        return None
    try:
        errs = json.loads(data).get("errors") or []
    except ValueError:
        return None
    return errs[0].get("error") if errs and isinstance(errs[0], dict) else None


class Client(threading.Thread):
    def __init__(self, n, soak):
        super().__init__(name=f"soak-client-{n}", daemon=True)
        self.soak = soak
        self.rng = random.Random(soak.args.seed * 1000 + n)
        self.conn = soak.new_conn()

    def run(self):
        s = self.soak
        kinds, weights = zip(*s.mix.items())
        while not s.stop.is_set():
            kind = self.rng.choices(kinds, weights)[0]
            try:
                getattr(self, "do_" + kind)()
            except Exception as e:  # noqa: BLE001 - every failure is reported, none is fatal
                s.tracker.count(kind, "connection:" + type(e).__name__, 0.0)
                s.tracker.violate("connection", f"{kind}: {type(e).__name__}: {e}")
                self.conn.close()
                time.sleep(0.05)
        self.conn.close()

    def send(self, kind, method, path, body=None):
        t0 = time.monotonic()
        status, ctype, data = self.conn.request(method, path, body)
        t1 = time.monotonic()
        self.soak.tracker.count(kind, status, t1 - t0)
        return t0, t1, status, ctype, data

    def answer(self, kind, status, ctype, data, ok=(200,)):
        """Checks status against the kind's expectations; returns the first error text."""
        err = first_error(ctype, data)
        if status in ok:
            return err
        allowed = ALLOWED_500.get(kind, []) if status == 500 else []
        if any(re.fullmatch(p, err or "") for p in allowed):
            return err
        what = "5xx" if status >= 500 else "answer"
        self.soak.tracker.violate(what, f"{kind}: {status} {ctype} "
                                  f"{(err or data[:200].decode('utf-8', 'replace'))!r}")
        return None

    def json_ok(self, kind, status, ctype, data):
        """Parsed body of a 200 answer with an empty errors list, else None (violation noted)."""
        self.answer(kind, status, ctype, data)
        if status != 200:
            return None
        try:
            body = json.loads(data)
        except ValueError:
            self.soak.tracker.violate("answer", f"{kind}: 200 with a body that is not JSON")
            return None
        if body.get("errors"):
            self.soak.tracker.violate("answer", f"{kind}: 200 with errors {body['errors']!r}")
        return body

    # -- the mix --
    def do_submit(self):
        s = self.soak
        if s.tracker.live_count() >= s.args.max_live:
            return self.do_get_job()
        job, script, kind, expect, exit_status, duration = make_job(s, self.rng)
        t0, t1, status, ctype, data = self.send("submit", "POST", "/job/submit",
                                                {"job": job, "script": script})
        body = self.json_ok("submit", status, ctype, data)
        if body is None:
            return
        job_id = body.get("job_id")
        if not isinstance(job_id, int) or job_id <= 0:
            s.tracker.violate("answer", f"submit: 200 without a job id: {body!r}")
            return
        s.tracker.add_sub(Sub(job_id, kind, expect, exit_status, t0, t1, duration))

    def do_get_job(self):
        s = self.soak
        sub = s.tracker.pick(self.rng)
        if sub is None:
            return
        t0, t1, status, ctype, data = self.send("get_job", "GET", f"/job/{sub.job_id}")
        err = self.answer("get_job", status, ctype, data)
        if status == 500 and err and "unknown job" in err:
            if sub.accepted_at < t0:
                s.tracker.vanished(sub, "GET /job/{id}", t1)
            return
        if status != 200:
            return
        jobs = json.loads(data).get("jobs") or []
        mine = [j for j in jobs if sub.job_id in (j.get("job_id"), j.get("array_job_id"))]
        if not mine or len(mine) != len(jobs):
            s.tracker.violate("answer", f"GET /job/{sub.job_id}: records "
                              f"{[j.get('job_id') for j in jobs]}")
        for j in mine:
            s.tracker.observe(sub, j, t0, t1)
        s.tracker.settle(sub)

    def do_jobs(self):
        s = self.soak
        t0, t1, status, ctype, data = self.send("jobs", "GET", "/jobs")
        body = self.json_ok("jobs", status, ctype, data)
        if body is None:
            return
        process_listing(s.tracker, body.get("jobs") or [], t0, t1)

    def do_nodes(self):
        t0, t1, status, ctype, data = self.send("nodes", "GET", "/nodes")
        body = self.json_ok("nodes", status, ctype, data)
        if body is not None:
            nodes = body.get("nodes") or []
            if not nodes:
                self.soak.tracker.violate("answer", "GET /nodes: no nodes")
            self.soak.tracker.set_nodes(nodes)

    def do_partitions(self):
        t0, t1, status, ctype, data = self.send("partitions", "GET", "/partitions")
        body = self.json_ok("partitions", status, ctype, data)
        if body is not None and not body.get("partitions"):
            self.soak.tracker.violate("answer", "GET /partitions: no partitions")

    def do_update(self):
        s = self.soak
        sub = s.tracker.pick(self.rng)
        if sub is None:
            return
        # Never 1 minute: that could turn a job's expected outcome into TIMEOUT.
        body = self.rng.choice([{"comment": f"soak {self.rng.randrange(10**6)}"},
                                {"time_limit": self.rng.choice([2, 5, 30, 600])},
                                {"name": "soak-renamed"}])
        t0, t1, status, ctype, data = self.send("update", "POST", f"/job/{sub.job_id}", body)
        err = self.answer("update", status, ctype, data)
        if status == 500 and err and "Invalid job id" in err and sub.accepted_at < t0:
            s.tracker.vanished(sub, "POST /job/{id}", t1)

    def do_cancel(self):
        s = self.soak
        sub = s.tracker.pick(self.rng, live_only=True)
        if sub is None:
            return
        s.tracker.mark_cancel(sub)
        t0, t1, status, ctype, data = self.send("cancel", "DELETE", f"/job/{sub.job_id}")
        err = self.answer("cancel", status, ctype, data)
        if status == 500 and err and "Invalid job id" in err and sub.accepted_at < t0:
            s.tracker.vanished(sub, "DELETE /job/{id}", t1)

    def do_invalid(self):
        kind = self.rng.choice(INVALID_KINDS)
        some = self.soak.tracker.pick(self.rng)
        target = some.job_id if some else 1
        method, path, body = {
            "bad_id_text": ("GET", "/job/soak", None),
            "bad_id_zero": ("GET", "/job/0", None),
            "bad_id_unknown": ("GET", f"/job/{4000000000 + self.rng.randrange(1000)}", None),
            "bad_submit_json": ("POST", "/job/submit", "{bad"),
            "bad_submit_empty": ("POST", "/job/submit", {}),
            "bad_update_het": ("POST", f"/job/{target}", []),
        }[kind]
        _, _, status, ctype, data = self.send(kind, method, path, body)
        want_status, want_type, want_text = EXPECTED_ERROR[kind]
        if status == want_status and ctype == want_type:
            if want_text is not None and data.decode("utf-8", "replace") != want_text:
                self.soak.tracker.violate("answer", f"{kind}: body {data[:200]!r}")
            elif want_status == 500:
                self.answer(kind, status, ctype, data, ok=())
        else:
            self.answer(kind, status, ctype, data, ok=())  # a 5xx outside the table, or
            if status < 500:                                # a wrong status/type
                self.soak.tracker.violate("answer", f"{kind}: {status} {ctype}, expected "
                                          f"{want_status} {want_type}")
