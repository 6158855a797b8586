#!/usr/bin/python3
"""Soak test with invariants: many keep-alive HTTP clients against one slurmrestd for a while.

Starts the mock itself (fixtures/clusters/soak/slurm.conf, `--clock scaled:30`, a fresh key) so it
can sample the mock's resident memory, or drives an already running daemon given by `--url`
(then memory is not sampled). Each client loops over a weighted mix of requests: submit (plain,
failing, time-limited, array and multi-CPU batch jobs), GET /job/{id}, GET /jobs, GET /nodes,
GET /partitions, POST /job/{id} updates, DELETE /job/{id}, and a few invalid requests whose answers
are known. Every answer is checked as it arrives against these invariants:

  retention    a job id whose submit answered 200 stays retrievable (GET /job/{id}, and listed
               by GET /jobs) until MinJobAge has passed since it ended;
  capacity     in every GET /jobs answer, the CPUs (and the memory, see --memory-check) of the
               running jobs on a node never exceed that node's CPUs (RealMemory);
  transition   the states seen for one job follow TRANSITIONS (only observations that cannot
               overlap in time are compared);
  outcome      a job never cancelled ends as its script says (COMPLETED / FAILED with its exit
               code / TIMEOUT), never CANCELLED unless a DELETE was sent for it;
  5xx          no 5xx except the real daemon's own 500s for that request (ALLOWED_500);
  answer       every other answer is the one the request should get (status and error text);
  connection   no connection errors; the started mock exits 0 on SIGTERM;
  memory       resident memory is flat after warm-up (see memory_verdict()).

Standard library only (Debian's /usr/bin/python3). Exit status 0 only when nothing was violated
and memory was flat. See docs/hardening.md ("Soak").
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
CT = os.path.dirname(HERE)
ROOT = os.path.dirname(CT)
sys.path.insert(0, CT)
sys.path.insert(0, os.path.join(CT, "oracle"))

from client import API, mint_jwt  # noqa: E402
from real_slurmrestd import expand_hostlist  # noqa: E402

DEFAULT_CONF = os.path.join(ROOT, "fixtures", "clusters", "soak", "slurm.conf")


def conf_books_memory(path):
    """True when the slurm.conf's SelectTypeParameters makes memory consumable (CR_*_Memory):
    jobs then book the memory they ask for. Under CR_CPU (or unset) they book none."""
    try:
        with open(path) as f:
            for line in f:
                m = re.search(r"(?i)\bSelectTypeParameters\s*=\s*(\S+)", line.split("#", 1)[0])
                if m:
                    return "memory" in m.group(1).lower()
    except OSError:
        pass
    return False


# ---- job states -------------------------------------------------------------------------------

TERMINAL = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY",
            "BOOT_FAIL", "DEADLINE", "PREEMPTED"}
# States in which a job holds its nodes' CPUs. Not COMPLETING: slurmctld gives the CPUs back when
# the job starts completing, and the real daemon was seen running a new job on them while the old
# one was still listed COMPLETING with its job_resources (3 CPUs "allocated" on a 2-CPU node).
HOLDING = {"RUNNING", "CONFIGURING", "SUSPENDED"}

# The direct state changes of a Slurm 22.05 job (slurmctld's job state machine, as the mock and
# the real daemon show them through v0.0.36; COMPLETING and CONFIGURING are the flags that
# job_state_string() prints instead of the base state). Requeue (RUNNING -> PENDING) is left out
# on purpose: nothing in the soak's mix requeues a job. Terminal states have no way out. A poller
# can miss intermediate states, so what may be OBSERVED is the reflexive transitive closure.
TRANSITIONS = {
    "PENDING": {"CONFIGURING", "RUNNING", "CANCELLED", "DEADLINE"},
    "CONFIGURING": {"RUNNING", "CANCELLED", "COMPLETING", "NODE_FAIL", "BOOT_FAIL", "FAILED"},
    "RUNNING": {"COMPLETING", "COMPLETED", "FAILED", "TIMEOUT", "CANCELLED", "NODE_FAIL",
                "SUSPENDED", "PREEMPTED", "OUT_OF_MEMORY", "DEADLINE"},
    "SUSPENDED": {"RUNNING", "CANCELLED", "COMPLETING"},
    "COMPLETING": {"COMPLETED", "FAILED", "TIMEOUT", "CANCELLED", "NODE_FAIL", "PREEMPTED",
                   "OUT_OF_MEMORY", "DEADLINE"},
}


def _closure(graph):
    reach = {}
    for start in list(graph) + sorted(TERMINAL):
        seen, todo = {start}, [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        reach[start] = seen
    return reach


OBSERVABLE = _closure(TRANSITIONS)


def transition_ok(before, after):
    return after in OBSERVABLE.get(before, ())


# ---- expected answers --------------------------------------------------------------------------

# The 500 answers the real slurmrestd 22.05.8 gives for each kind of request of the mix (its first
# error entry), recorded on the shared oracle (docs/oracle-notes/jobs-input.md, http.md). The
# mock replicates them; any other 5xx is a violation.
ALLOWED_500 = {
    "get_job": [r"_handle_job_get: unknown job -?\d+"],
    "update": [r"_handle_job_post: job update from \S+ failed: "
               r"(Job has already finished|Invalid job id specified|Access/permission denied)"],
    "cancel": [r"_handle_job_delete: unable to kill job \d+ with signal 9: "
               r"Invalid job id specified"],
    "bad_id_zero": [r"_op_handler_job: \[\S+\] job_id is zero"],
    "bad_id_unknown": [r"_handle_job_get: unknown job -?\d+"],
    "bad_submit_empty": [r"Job script not specified"],
    "bad_update_het": [r"_handle_job_post: unexpected het job request from \S+"],
}
ROUTING_404 = "Unable find requested URL. Please view /openapi/v3 for API reference."
# Kinds whose only correct answer is an error: (status, content type, body text or None).
EXPECTED_ERROR = {
    "bad_id_text": (404, "text/plain", ROUTING_404),
    "bad_submit_json": (400, "text/plain", "Unable to parse query."),
    "bad_id_zero": (500, "application/json", None),
    "bad_id_unknown": (500, "application/json", None),
    "bad_submit_empty": (500, "application/json", None),
    "bad_update_het": (500, "application/json", None),
}
INVALID_KINDS = sorted(EXPECTED_ERROR)

DEFAULT_MIX = {"submit": 18, "get_job": 25, "jobs": 4, "nodes": 6, "partitions": 4,
               "update": 12, "cancel": 2, "invalid": 6}

# ---- bookkeeping ---------------------------------------------------------------------------------


class Sub:
    """One accepted submission (plain job or array) and what is known about its records."""

    __slots__ = ("job_id", "kind", "expect", "exit_status", "cancel_sent", "accepted_at",
                 "members", "end_max", "unfinished_at", "live", "gone", "index")

    def __init__(self, job_id, kind, expect, exit_status, send, recv):
        self.job_id = job_id
        self.kind = kind
        self.expect = expect              # the terminal state its script leads to
        self.exit_status = exit_status    # exit_code expected with it (None: not checked)
        self.cancel_sent = False
        self.accepted_at = recv           # monotonic time the 200 arrived
        self.members = {}                 # job_id -> state, last seen
        self.end_max = 0                  # latest end_time seen of a finished member
        self.unfinished_at = send         # latest request send time that saw it unfinished
        self.live = True
        self.gone = False
        self.index = -1


class Tracker:
    """Shared state of all clients; every method takes the lock."""

    def __init__(self, min_job_age, scale, memory_check, max_examples=5):
        self.lock = threading.Lock()
        self.min_job_age = min_job_age
        self.scale = scale
        self.memory_check = memory_check
        self.max_examples = max_examples
        self.off_lo = self.off_hi = None    # sim = off + scale * monotonic
        self.subs = {}
        self.sub_list = []                  # for O(1) random choice
        self.obs = {}                       # member job_id -> [(send, recv, state)]
        self.violations = {}                # kind -> count
        self.examples = {}                  # kind -> [text]
        self.requests = {}                  # kind -> {status or error class: count}
        self.latency = {}                   # kind -> total seconds
        self.nodes = {}                     # name -> (cpus, real_memory)
        self.purged = 0
        self.list_polls = 0
        self.capacity_checks = 0
        self.peak_tracked = 0
        self.seen_changes = {}              # (state, next state seen) -> count

    # -- clock --
    def calibrate(self, req_time, send, recv):
        """req_time (simulated seconds, floored) was read between send and recv."""
        with self.lock:
            lo = req_time - self.scale * recv
            hi = req_time + 1 - self.scale * send
            self.off_lo = lo if self.off_lo is None else max(self.off_lo, lo)
            self.off_hi = hi if self.off_hi is None else min(self.off_hi, hi)

    def sim_lo(self, mono):
        return self.off_lo + self.scale * mono

    def sim_hi(self, mono):
        return self.off_hi + self.scale * mono

    # -- outcome reporting --
    def violate(self, kind, text):
        with self.lock:
            self._violate(kind, text)

    def _violate(self, kind, text):
        self.violations[kind] = self.violations.get(kind, 0) + 1
        ex = self.examples.setdefault(kind, [])
        if len(ex) < self.max_examples:
            ex.append(text)

    def count(self, kind, outcome, seconds):
        with self.lock:
            per = self.requests.setdefault(kind, {})
            per[outcome] = per.get(outcome, 0) + 1
            self.latency[kind] = self.latency.get(kind, 0.0) + seconds

    # -- submissions --
    def add_sub(self, sub):
        with self.lock:
            self.subs[sub.job_id] = sub
            sub.index = len(self.sub_list)
            self.sub_list.append(sub)
            self.peak_tracked = max(self.peak_tracked, len(self.sub_list))

    def _drop(self, sub):
        sub.gone = True
        sub.live = False
        last = self.sub_list.pop()
        if last is not sub:
            self.sub_list[sub.index] = last
            last.index = sub.index
        self.subs.pop(sub.job_id, None)
        for member in sub.members:
            self.obs.pop(member, None)
        self.purged += 1

    def live_count(self):
        with self.lock:
            return sum(1 for s in self.sub_list if s.live)

    def pick(self, rng, live_only=False):
        with self.lock:
            if not self.sub_list:
                return None
            for _ in range(8):
                s = self.sub_list[rng.randrange(len(self.sub_list))]
                if s.live or not live_only:
                    return s
            return None

    def mark_cancel(self, sub):
        with self.lock:
            sub.cancel_sent = True

    def live_ids(self):
        with self.lock:
            return [s.job_id for s in self.sub_list if s.live]

    # -- invariant 1: retention --
    def _bound(self, sub):
        """Earliest simulated time at which the submission may have been purged."""
        b = self.sim_lo(sub.unfinished_at) + self.min_job_age
        if sub.end_max:
            b = max(b, sub.end_max + self.min_job_age)
        return b

    def vanished(self, sub, where, recv):
        """The daemon says sub is unknown in an answer received at recv (monotonic)."""
        with self.lock:
            if sub.gone:
                return
            now_hi = self.sim_hi(recv)
            bound = self._bound(sub)
            # One simulated second of slack for end_time's truncation to whole seconds.
            if now_hi + 1 < bound:
                states = ",".join(sorted(set(sub.members.values()))) or "never seen"
                self._violate("retention", f"job {sub.job_id} ({sub.kind}) unknown to {where} at "
                              f"sim<={now_hi:.1f}, but it may only be purged from "
                              f"{bound:.1f} (end {sub.end_max}, states {states})")
            self._drop(sub)

    # -- invariants 3 and 4: observations --
    def observe(self, sub, rec, send, recv):
        """One job record seen in an answer sent at send and received at recv."""
        job_id, state = rec.get("job_id"), rec.get("job_state")
        with self.lock:
            if sub.gone:
                return
            if state not in OBSERVABLE:
                self._violate("transition", f"job {job_id}: unknown state {state!r}")
                return
            hist = self.obs.setdefault(job_id, [])
            before = max((o for o in hist if o[1] < send), default=None, key=lambda o: o[1])
            if before and before[2] != state:
                pair = (before[2], state)
                self.seen_changes[pair] = self.seen_changes.get(pair, 0) + 1
            for (s0, r0, st0) in hist:
                if r0 < send and not transition_ok(st0, state):
                    self._violate("transition", f"job {job_id} ({sub.kind}): {st0} then {state}")
                elif recv < s0 and not transition_ok(state, st0):
                    self._violate("transition", f"job {job_id} ({sub.kind}): {state} then {st0}")
            hist.append((send, recv, state))
            if len(hist) > 24:
                del hist[0]
            first_final = state in TERMINAL and sub.members.get(job_id) not in TERMINAL
            sub.members[job_id] = state
            if state in TERMINAL:
                sub.end_max = max(sub.end_max, int(rec.get("end_time") or 0))
                if first_final:
                    self._check_outcome(sub, rec, state)
            else:
                sub.unfinished_at = max(sub.unfinished_at, send)

    def _check_outcome(self, sub, rec, state):
        if state == "CANCELLED":
            if not sub.cancel_sent:
                self._violate("outcome", f"job {rec.get('job_id')} ({sub.kind}) CANCELLED "
                              f"without a DELETE")
            return
        if state != sub.expect:
            self._violate("outcome", f"job {rec.get('job_id')} ({sub.kind}) ended {state}, "
                          f"expected {sub.expect} (reason {rec.get('state_reason')})")
        elif sub.exit_status is not None and rec.get("exit_code") != sub.exit_status:
            self._violate("outcome", f"job {rec.get('job_id')} ({sub.kind}) {state} with "
                          f"exit_code {rec.get('exit_code')}, expected {sub.exit_status}")

    def settle(self, sub):
        """Recomputes whether any member is still unfinished (array meta records included)."""
        with self.lock:
            sub.live = not sub.gone and (not sub.members or any(
                st not in TERMINAL for st in sub.members.values()))

    # -- invariant 2: capacity --
    def set_nodes(self, nodes):
        with self.lock:
            for n in nodes:
                self.nodes[n["name"]] = (n.get("cpus"), n.get("real_memory"))

    def check_capacity(self, jobs, where):
        cpus, mem, holders = {}, {}, {}
        for j in jobs:
            if j.get("job_state") not in HOLDING:
                continue
            res = j.get("job_resources") or {}
            names = expand_hostlist(res.get("nodes") or "")
            for idx, alloc in (res.get("allocated_nodes") or {}).items():
                try:
                    node = names[int(idx)]
                except (ValueError, IndexError):
                    self.violate("capacity", f"job {j.get('job_id')}: allocation index {idx} "
                                 f"outside {res.get('nodes')!r}")
                    continue
                n_cpus = alloc.get("cpus") or 0
                cpus[node] = cpus.get(node, 0) + n_cpus
                holders.setdefault(node, []).append(f"{j.get('job_id')} {j.get('job_state')}")
                # Memory the job books on the node: what the daemon reports allocated, or (when
                # memory is checked as the mock's simulator books it) what the job asked for.
                m = alloc.get("memory") or 0
                if self.memory_check == "requested":
                    if j.get("memory_per_node"):
                        m = max(m, j["memory_per_node"])
                    elif j.get("memory_per_cpu"):
                        m = max(m, j["memory_per_cpu"] * n_cpus)
                mem[node] = mem.get(node, 0) + m
        with self.lock:
            self.capacity_checks += 1
            for node, used in cpus.items():
                have = self.nodes.get(node, (None, None))
                if have[0] is None:
                    self._violate("capacity", f"{where}: jobs run on unknown node {node}")
                elif used > have[0]:
                    self._violate("capacity", f"{where}: {node} has {used} CPUs allocated of "
                                  f"{have[0]} (jobs {', '.join(holders[node])})")
            if self.memory_check != "off":
                for node, used in mem.items():
                    have = self.nodes.get(node, (None, None))
                    if have[1] is not None and used > have[1]:
                        self._violate("capacity", f"{where}: {node} has {used} MiB memory "
                                      f"allocated of {have[1]} (jobs {', '.join(holders[node])})")


# ---- the clients --------------------------------------------------------------------------------


class Conn:
    """One keep-alive HTTP/1.1 connection (http.client reopens it after a `Connection: close`)."""

    def __init__(self, host, port, prefix, headers, timeout):
        self.host, self.port, self.prefix = host, port, prefix
        self.headers = headers
        self.timeout = timeout
        self.conn = None
        self.used = False

    def request(self, method, path, body=None):
        """(status, content type, body bytes); retries once on a fresh connection when a reused
        one turns out to be closed by the server before it answered (keep-alive race)."""
        hdrs = dict(self.headers)
        if body is not None:
            hdrs["Content-Type"] = "application/json"
            if not isinstance(body, (bytes, str)):
                body = json.dumps(body)
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                self.used = False
            reused = self.used
            try:
                self.conn.request(method, self.prefix + path, body=body, headers=hdrs)
                self.used = True
                resp = self.conn.getresponse()
                data = resp.read()
                ctype = (resp.getheader("Content-Type") or "").split(";")[0].strip()
                if resp.will_close:
                    self.close()
                return resp.status, ctype, data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if attempt or not reused:
                    raise
            except Exception:
                self.close()
                raise

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


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
        job, script, kind, expect, exit_status = s.make_job(self.rng)
        t0, t1, status, ctype, data = self.send("submit", "POST", "/job/submit",
                                                {"job": job, "script": script})
        body = self.json_ok("submit", status, ctype, data)
        if body is None:
            return
        job_id = body.get("job_id")
        if not isinstance(job_id, int) or job_id <= 0:
            s.tracker.violate("answer", f"submit: 200 without a job id: {body!r}")
            return
        s.tracker.add_sub(Sub(job_id, kind, expect, exit_status, t0, t1))

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
        s.process_listing(body.get("jobs") or [], t0, t1)

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


# ---- the run -------------------------------------------------------------------------------------


class Soak:
    def __init__(self, args):
        self.args = args
        self.stop = threading.Event()
        self.mix = dict(DEFAULT_MIX)
        if args.kinds:
            self.mix = {k: v for k, v in self.mix.items() if k in args.kinds.split(",")}
        self.proc = None
        self.rss = []                       # (seconds since start, VmRSS kB, threads, jobs tracked)
        self.tracker = None
        self.unit = args.time_unit

    # -- target --
    def start_mock(self):
        a = self.args
        self.keydir = tempfile.mkdtemp(prefix="soak-")
        key = os.path.join(self.keydir, "jwt_hs256.key")
        with open(key, "wb") as f:
            f.write(secrets.token_bytes(32))
        cmd = [a.mock_binary, "-f", a.conf, "--jwt-key", key, "-q", "--clock",
               f"scaled:{a.scale:g}", f"127.0.0.1:{a.port}"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
        line = self.proc.stdout.readline()
        if "listening on " not in line:
            self.proc.kill()
            sys.exit(f"soak: the mock did not start: {cmd!r} printed {line!r}")
        url = line.split("listening on ", 1)[1].strip()
        with open(key, "rb") as f:
            token = mint_jwt(f.read(), a.user, lifespan=int(a.seconds) + 3600)
        return url, token

    def stop_mock(self):
        if not self.proc:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return "did not stop within 60 s of SIGTERM"
        return self.proc.returncode

    def new_conn(self):
        return Conn(self.host, self.port, self.prefix, self.headers, self.args.timeout)

    # -- jobs of the mix: durations in simulated seconds --
    def make_job(self, rng):
        u = self.unit
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
            expect, exit_status = "TIMEOUT", None
        else:
            script = f"#!/bin/bash\nsleep {sleep}\n"
        # Sizes from the smallest node, so that every job fits any cluster it is sent to.
        cpus, mem = self.node_cpus, self.node_memory
        if kind == "array":
            job["array"] = rng.choice(["1-3", "0-4%2", "1,3,5"])
        elif kind == "wide":
            job["tasks"] = rng.choice([2, cpus, cpus + 1])
            job["memory_per_node"] = rng.choice([mem // 8, mem // 4, mem // 2])
        elif kind == "long":
            job["partition"] = self.partitions[-1]
            job["cpus_per_task"] = rng.choice(sorted({1, max(1, cpus // 2), cpus}))
            job["memory_per_cpu"] = rng.choice([mem // 40, mem // (4 * job["cpus_per_task"])])
        job["name"] = f"soak-{kind}"
        return job, script, kind, expect, exit_status

    # -- listing: retention, capacity, transitions --
    def process_listing(self, jobs, t0, t1):
        tr = self.tracker
        tr.check_capacity(jobs, "GET /jobs")
        by_sub = {}
        with tr.lock:
            subs = dict(tr.subs)
            tr.list_polls += 1
        for j in jobs:
            for key in (j.get("job_id"), j.get("array_job_id")):
                if key in subs:
                    by_sub.setdefault(key, []).append(j)
                    break
        for job_id, sub in subs.items():
            recs = by_sub.get(job_id)
            if recs:
                for j in recs:
                    tr.observe(sub, j, t0, t1)
                tr.settle(sub)
            elif sub.accepted_at < t0:
                tr.vanished(sub, "GET /jobs", t1)

    def sample_memory(self, t_start):
        path = f"/proc/{self.proc.pid}/status"
        while not self.stop.wait(self.args.sample_every):
            try:
                with open(path) as f:
                    st = dict(line.split(":", 1) for line in f if ":" in line)
            except OSError:
                return
            with self.tracker.lock:
                tracked = len(self.tracker.sub_list)
            self.rss.append((time.monotonic() - t_start, int(st["VmRSS"].split()[0]),
                             int(st["Threads"]), tracked))

    def calibrate(self, times=5):
        for _ in range(times):
            t0 = time.monotonic()
            status, ctype, data = self.probe.request("GET", "/diag")
            t1 = time.monotonic()
            if status != 200:
                sys.exit(f"soak: GET /diag answered {status}: {data[:300]!r}")
            self.tracker.calibrate(json.loads(data)["statistics"]["req_time"], t0, t1)
            time.sleep(0.05)

    def run(self):
        a = self.args
        if a.url:
            url, token = a.url, a.token
            if not token:
                sys.exit("soak: --url needs --token (or SLURM_JWT)")
        else:
            url, token = self.start_mock()
        p = urllib.parse.urlsplit(url)
        self.host, self.port, self.prefix = p.hostname, p.port or 80, p.path.rstrip("/") + API
        self.headers = {"X-SLURM-USER-NAME": a.user, "X-SLURM-USER-TOKEN": token}
        memory_check = a.memory_check or (
            "requested" if not a.url and conf_books_memory(a.conf) else "reported")
        self.tracker = Tracker(a.min_job_age, a.scale, memory_check)
        self.probe = self.new_conn()
        self.calibrate()
        status, _, data = self.probe.request("GET", "/partitions")
        self.partitions = [q["name"] for q in json.loads(data)["partitions"]]
        status, _, data = self.probe.request("GET", "/nodes")
        nodes = json.loads(data)["nodes"]
        self.tracker.set_nodes(nodes)
        self.node_cpus = min(n["cpus"] for n in nodes)
        self.node_memory = min(n["real_memory"] for n in nodes)

        t_start = time.monotonic()
        sampler = None
        if self.proc:
            sampler = threading.Thread(target=self.sample_memory, args=(t_start,), daemon=True)
            sampler.start()
        clients = [Client(i, self) for i in range(a.clients)]
        for c in clients:
            c.start()
        next_report = t_start + a.progress
        while time.monotonic() - t_start < a.seconds:
            time.sleep(0.2)
            if self.proc and self.proc.poll() is not None:
                self.tracker.violate("connection", f"the mock exited with {self.proc.returncode} "
                                     f"during the run")
                break
            if a.progress and time.monotonic() >= next_report:
                next_report += a.progress
                self.progress(t_start)
        self.stop.set()
        for c in clients:
            c.join(timeout=a.timeout + 5)
        elapsed = time.monotonic() - t_start
        if sampler:
            sampler.join(timeout=5)

        # Leave nothing running on a shared daemon: cancel what is still live (ours only).
        for job_id in self.tracker.live_ids():
            try:
                self.probe.request("DELETE", f"/job/{job_id}")
            except Exception:  # noqa: BLE001
                self.probe.close()
        self.probe.close()
        exit_status = self.stop_mock()
        if exit_status not in (None, 0):
            self.tracker.violate("connection", f"the mock's exit status after SIGTERM: "
                                 f"{exit_status}")
        return elapsed

    def progress(self, t_start):
        tr = self.tracker
        with tr.lock:
            served = sum(sum(v.values()) for v in tr.requests.values())
            viol = sum(tr.violations.values())
            tracked = len(tr.sub_list)
        rss = f", RSS {self.rss[-1][1] / 1024:.1f} MiB" if self.rss else ""
        print(f"soak: {time.monotonic() - t_start:5.0f} s  {served} requests, {tracked} jobs "
              f"tracked, {viol} violations{rss}", file=sys.stderr, flush=True)


# ---- memory verdict and report ---------------------------------------------------------------------


def memory_verdict(samples, tolerance_pct, tolerance_mib, min_seconds):
    """Flat when the highest RSS of the last third of the run is within tolerance of the highest
    RSS of the second third (the first third is warm-up). Maxima, not means: the allocator's
    high-water mark is what grows when something is kept; a steady job table makes RSS move up
    and down within a band, and the band's top must not rise."""
    if not samples or samples[-1][0] < min_seconds:
        return None, "not judged (run shorter than %d s or no samples)" % min_seconds
    end = samples[-1][0]
    second = [s[1] for s in samples if end / 3 <= s[0] < 2 * end / 3]
    third = [s[1] for s in samples if s[0] >= 2 * end / 3]
    if not second or not third:
        return None, "not judged (too few samples)"
    m2, m3 = max(second), max(third)
    allowed = max(m2 * tolerance_pct / 100.0, tolerance_mib * 1024)
    ok = m3 - m2 <= allowed
    return ok, (f"max RSS {m2 / 1024:.1f} MiB in the second third, {m3 / 1024:.1f} MiB in the "
                f"last third: {'+' if m3 >= m2 else ''}{(m3 - m2) / 1024:.1f} MiB, allowed "
                f"+{allowed / 1024:.1f} MiB ({tolerance_pct:g}% or {tolerance_mib:g} MiB)")


def report(soak, elapsed, mem_ok, mem_text):
    tr = soak.tracker
    a = soak.args
    out = []
    served = sum(sum(v.values()) for v in tr.requests.values())
    target = a.url or f"mock-slurmrestd (`{os.path.relpath(a.conf, ROOT)}`, --clock scaled:{a.scale:g})"
    out.append("# Soak report\n")
    out.append(f"- target: {target}")
    out.append(f"- {a.clients} clients, {elapsed:.0f} s, seed {a.seed}, MinJobAge "
               f"{a.min_job_age} s (simulated), memory check `{tr.memory_check}`")
    out.append(f"- requests served: {served} ({served / max(elapsed, 1e-9):.0f} req/s); "
               f"{tr.list_polls} job listings checked, {tr.capacity_checks} capacity checks, "
               f"{tr.purged} jobs seen purged, at most {tr.peak_tracked} jobs tracked at once\n")
    out.append("## Requests by kind\n")
    out.append("| kind | requests | answers | mean latency ms |")
    out.append("| --- | --- | --- | --- |")
    classes = {}
    for kind in sorted(tr.requests):
        per = tr.requests[kind]
        n = sum(per.values())
        for k, v in per.items():
            cls = k if isinstance(k, str) else f"{k // 100}xx ({k})"
            classes[cls] = classes.get(cls, 0) + v
        answers = ", ".join(f"{k}: {v}" for k, v in sorted(per.items(), key=str))
        out.append(f"| {kind} | {n} | {answers} | {1000 * tr.latency[kind] / max(n, 1):.1f} |")
    out.append("\n## Answers by class\n")
    out.append("| class | count |")
    out.append("| --- | --- |")
    for cls in sorted(classes):
        out.append(f"| {cls} | {classes[cls]} |")
    out.append("\n## Invariant violations\n")
    kinds = ["retention", "capacity", "transition", "outcome", "5xx", "answer", "connection"]
    out.append("| invariant | violations | first examples |")
    out.append("| --- | --- | --- |")
    for k in kinds + sorted(set(tr.violations) - set(kinds)):
        ex = "<br>".join(e.replace("|", "\\|") for e in tr.examples.get(k, []))
        out.append(f"| {k} | {tr.violations.get(k, 0)} | {ex} |")
    out.append("\n## State changes observed\n")
    out.append("| from | to | times seen |")
    out.append("| --- | --- | --- |")
    for (a0, b0), n in sorted(tr.seen_changes.items()):
        out.append(f"| {a0} | {b0} | {n} |")
    out.append("\n## Memory\n")
    if soak.rss:
        out.append("| t (s) | VmRSS (MiB) | threads | jobs tracked |")
        out.append("| --- | --- | --- | --- |")
        step = max(1, int(round(a.table_every / a.sample_every)))
        rows = soak.rss[::step]
        if rows[-1] is not soak.rss[-1]:
            rows.append(soak.rss[-1])
        for t, kb, threads, tracked in rows:
            out.append(f"| {t:.0f} | {kb / 1024:.1f} | {threads} | {tracked} |")
        out.append("")
    out.append(f"Memory: {mem_text}.")
    nviol = sum(tr.violations.values())
    verdict = "PASS" if nviol == 0 and mem_ok is not False else "FAIL"
    out.append(f"\n**Verdict: {verdict}** ({nviol} invariant violations, memory "
               f"{'flat' if mem_ok else 'NOT flat' if mem_ok is False else 'not judged'}).")
    return "\n".join(out) + "\n", verdict == "PASS"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mock-binary", help="start this mock-slurmrestd (and sample its memory)")
    ap.add_argument("--url", default=None, help="drive an already running daemon instead")
    ap.add_argument("--token", default=os.environ.get("SLURM_JWT"), help="with --url: its JWT")
    ap.add_argument("--user", default="ec2-user")
    ap.add_argument("--conf", default=DEFAULT_CONF, help="slurm.conf for the started mock")
    ap.add_argument("--port", type=int, default=0, help="port of the started mock (0: free)")
    ap.add_argument("--scale", type=float, default=None,
                    help="simulated seconds per wall second: the started mock's --clock scaled:N "
                         "(default 30); with --url the target's (default 1)")
    ap.add_argument("--min-job-age", type=int, default=None,
                    help="MinJobAge of the target in seconds (default: from --conf for the "
                         "started mock; 300, Slurm's default, with --url)")
    ap.add_argument("--time-unit", type=int, default=None,
                    help="simulated seconds per step of job durations (default 5; 1 with --url)")
    ap.add_argument("--clients", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--max-live", type=int, default=None,
                    help="most unfinished submissions at once, keeps the queue steady (default "
                         "300; 40 with --url: a real cluster is shared)")
    ap.add_argument("--kinds", default="", help="comma list restricting the mix (" +
                    ",".join(DEFAULT_MIX) + ")")
    ap.add_argument("--memory-check", choices=["requested", "reported", "off"], default=None,
                    help="memory per node: what jobs asked for (default for a started mock "
                         "whose slurm.conf makes memory consumable, CR_*_Memory), what "
                         "job_resources reports (otherwise: CR_CPU books none), or off")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    ap.add_argument("--sample-every", type=float, default=1.0, help="RSS sample period, s")
    ap.add_argument("--table-every", type=float, default=5.0, help="RSS table row period, s")
    ap.add_argument("--flat-pct", type=float, default=5.0)
    ap.add_argument("--flat-mib", type=float, default=2.0)
    ap.add_argument("--min-judged-seconds", type=float, default=30.0,
                    help="shorter runs report memory without a verdict")
    ap.add_argument("--progress", type=float, default=10.0, help="progress line period, s (0: off)")
    ap.add_argument("--report", default=None, help="also write the markdown report here")
    a = ap.parse_args(argv)
    if bool(a.url) == bool(a.mock_binary):
        ap.error("give exactly one of --mock-binary and --url")
    if a.min_job_age is None:
        a.min_job_age = 300
        if not a.url:
            with open(a.conf) as f:
                m = re.search(r"^\s*MinJobAge\s*=\s*(\d+)", f.read(), re.M | re.I)
            a.min_job_age = int(m.group(1)) if m else 300
    if a.max_live is None:
        a.max_live = 40 if a.url else 300
    if a.scale is None:
        a.scale = 1.0 if a.url else 30.0
    if a.time_unit is None:
        a.time_unit = 1 if a.url else 5
    soak = Soak(a)
    try:
        elapsed = soak.run()
    finally:
        if soak.proc and soak.proc.poll() is None:
            soak.proc.kill()
            soak.proc.wait()
        if getattr(soak, "keydir", None):
            shutil.rmtree(soak.keydir, ignore_errors=True)
    mem_ok, mem_text = (None, "not sampled (--url: the daemon's process is not ours)")
    if soak.rss or not a.url:
        mem_ok, mem_text = memory_verdict(soak.rss, a.flat_pct, a.flat_mib, a.min_judged_seconds)
    text, ok = report(soak, elapsed, mem_ok, mem_text)
    print(text)
    if a.report:
        os.makedirs(os.path.dirname(os.path.abspath(a.report)), exist_ok=True)
        with open(a.report, "w") as f:
            f.write(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
