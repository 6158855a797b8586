"""The soak's invariants, checked on every answer: retention, capacity, transition, outcome, and
the answers each kind of request may get (only the real daemon's own 500s)."""

import os
import re
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "oracle"))

from real_slurmrestd import expand_hostlist  # noqa: E402
from support.states import HOLDING, OBSERVABLE, TERMINAL, transition_ok  # noqa: E402


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


# ---- bookkeeping ---------------------------------------------------------------------------------


class Sub:
    """One accepted submission (plain job or array) and what is known about its records."""

    __slots__ = ("job_id", "kind", "expect", "exit_status", "cancel_sent", "accepted_at",
                 "members", "end_max", "unfinished_at", "live", "gone", "index", "duration")

    def __init__(self, job_id, kind, expect, exit_status, send, recv, duration=None):
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
        self.duration = duration          # simulated seconds its script runs (None: unknown)


class Tracker:
    """Shared state of all clients; every method takes the lock."""

    def __init__(self, min_job_age, scale, memory_check, max_examples=5, liveness=None):
        self.lock = threading.Lock()
        self.liveness = liveness            # a Liveness, or None: not checked
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
            before = sub.members.get(job_id)
            first_final = state in TERMINAL and before not in TERMINAL
            if self.liveness:
                self.liveness.observe(self, sub, rec, before, state, send)
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



def process_listing(tr, jobs, t0, t1):
    """One GET /jobs answer: capacity, then each tracked submission's records (retention,
    transitions, outcomes)."""
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
