"""Normalisation (job ids, times, ports, host facts) and the structural comparison of two
answers: status, content type, `Connection: close`, keys and their order, types, values."""

import json
import re
from urllib.parse import urlsplit

from helpers import json_type
from times import DIAG_TIMES, JOB_TIMES, NODE_HOST_KEYS, RELEASED_JOB_TIMES, TimeVal

ID_KEYS = {"job_id", "array_job_id", "het_job_id"}
PORT_RE = re.compile(r"(\[localhost\]|127\.0\.0\.1):\d+")
# v0.0.40+: a number as {"set", "infinite", "number"}
NUMOBJ = {"set", "infinite", "number"}
# v0.0.40+ job ids as text: "12", "5+0" (het component), in /jobs/state and bulk DELETE answers
ID_TEXT_RE = re.compile(r"(\d+)([+_]\d+)?")
ID_TEXT_KEYS = ID_KEYS | {"step_id"}
JOB_IN_TEXT_RE = re.compile(r"(\bjob |\bJobId=|/slurm-)(\d+)")
JOB_PATH_RE = re.compile(r"/slurm/v[\d.]+/job/(\d+)$")


class Normaliser:
    """One side's answers made comparable. Job ids become <job@C.K>: the K-th new id seen in case
    number C, so one job accepted on one side only does not shift the labels of every later job.
    Times become offsets from their reference (times.py); `requests` (every request the side
    sent: t, method, path) tells when each job was cancelled."""

    def __init__(self, requests=(), run_start=None):
        self.ids = {}
        self.born = {}      # raw job id -> instant of the request whose answer first named it
        self.case = 0
        self.k = 0
        self.t = None
        self.run_start = run_start
        self.cancelled = {}
        self.updated = {}   # job id -> instants of every POST /job/{id}
        self.held_at = {}   # job id -> instant of the last answer that showed it held
        self.submits = []   # instants of every POST /job/submit
        for r in requests:
            t, method, path = r[0], r[1], r[2]
            u = urlsplit(path)
            if method == "POST" and u.path.endswith("/job/submit"):
                self.submits.append(t)
            m = JOB_PATH_RE.search(u.path)
            if method == "DELETE" and m:
                self.cancelled.setdefault(int(m.group(1)), []).append(t)
            if method == "POST" and m:
                self.updated.setdefault(int(m.group(1)), []).append(t)
        if self.run_start is None and requests:
            self.run_start = requests[0][0]

    def start_case(self, index, t=None):
        self.case, self.k, self.t = index, 0, t

    def jid(self, v, submitted=False):
        """The label of job id v; `submitted`: v is named by a submission's answer, whose
        request instant is then the job's submission instant."""
        if v not in self.ids:
            self.k += 1
            self.ids[v] = f"<job@{self.case}.{self.k}>"
            if submitted:
                self.born[v] = self.t
        return self.ids[v]

    def submitted_at(self, owner, submit_time):
        """When the job's submission was sent: the instant of the request whose answer named it,
        else (a job first seen in a later answer: a refused submission that still left a
        record) the last submission sent by its submit_time."""
        if owner in self.born:
            return self.born[owner]
        if submit_time is None:
            return None
        before = [t for t in self.submits if t <= submit_time + 1]
        return before[-1] if before else None

    def text(self, s):
        s = PORT_RE.sub(lambda m: m.group(1) + ":<port>", s)
        # Job ids quoted in messages ("unable to kill job 87 ...") get the same labels.
        return JOB_IN_TEXT_RE.sub(
            lambda m: m.group(1) + (self.ids[int(m.group(2))] if int(m.group(2)) in self.ids
                                    else m.group(2)), s)

    def job_refs(self, j):
        """The reference instants of one job object (times.py, JOB_TIMES)."""
        def num(k):
            v = j.get(k)
            if isinstance(v, dict) and set(v) == NUMOBJ:
                v = v["number"] if v["set"] and not v["infinite"] else None
            return v if isinstance(v, int) and not isinstance(v, bool) and v > 0 else None
        for k in ID_KEYS:
            if num(k) is not None:
                self.jid(num(k))
        owner = num("het_job_id") or num("array_job_id") or num("job_id")
        start = num("start_time")
        # a job ended by a DELETE (a cancel, or a signal it died of) ended at that request: the
        # first one sent while it had not ended yet (later ones found it finished)
        end = num("end_time")
        sent = [t for t in self.cancelled.get(num("job_id"), ())
                if (self.t is None or t <= self.t) and end is not None and end >= t - 2]
        state = j.get("job_state")
        state = state[0] if isinstance(state, list) and state else state
        end_ref = sent[0] if sent and state in ("CANCELLED", "FAILED") else None
        # a job an answer showed held and a later update released is eligible from that update
        jid = num("job_id")
        released = None
        if j.get("state_reason") in ("JobHeldUser", "JobHeldAdmin"):
            if self.t is not None:
                self.held_at[jid] = self.t
        elif jid in self.held_at:
            after = [t for t in self.updated.get(jid, ())
                     if t >= self.held_at[jid] and (self.t is None or t <= self.t)]
            released = after[0] if after else None
        return {"submit": num("submit_time"), "start": start,
                "submitted": self.submitted_at(owner, num("submit_time")),
                "end": end_ref if end_ref else start, "released": released}

    def time(self, key, v, rules, refs):
        if isinstance(v, dict) and set(v) == NUMOBJ:
            tv = self.time(key, v["number"], rules, refs) if v["set"] and not v["infinite"] \
                else None
            return None if tv is None else dict(v, number=tv)
        if not isinstance(v, int) or isinstance(v, bool) or v == 0 or key not in rules:
            return None
        ref_name, tol = rules[key]
        if rules is JOB_TIMES and refs.get("released") and key in RELEASED_JOB_TIMES:
            ref_name, tol = RELEASED_JOB_TIMES[key]
        return TimeVal(key, v, ref_name, refs.get(ref_name), tol)

    def walk(self, v, key=None, in_node=False):
        if isinstance(v, dict):
            if "job_id" in v and "submit_time" not in v and isinstance(v["job_id"], int):
                self.jid(v["job_id"], submitted=True)  # a submission's answer
            if isinstance(v.get("jobs"), list):
                # ids first seen here are labelled in id order, which is submission order on
                # both daemons (not in listing order, which is slurmctld's hash order)
                for i in sorted(j["job_id"] for j in v["jobs"] if isinstance(j, dict) and
                                isinstance(j.get("job_id"), int) and j["job_id"] > 0):
                    self.jid(i)
                for i in sorted({int(m.group(1)) for j in v["jobs"] if isinstance(j, dict) and
                                 isinstance(j.get("job_id"), str) for m in
                                 [ID_TEXT_RE.fullmatch(j["job_id"])] if m}):
                    self.jid(i)
            if key is not None and set(v) == NUMOBJ:
                return dict(v, number=self.walk(v["number"], key, in_node))
            node = in_node or (("slurmd_version" in v or "slurmd_start_time" in v) and "name" in v)
            times, refs = {}, None
            if "submit_time" in v and "job_id" in v:
                times, refs = JOB_TIMES, self.job_refs(v)
            elif "req_time" in v:
                times, refs = DIAG_TIMES, {"request": self.t, "run": self.run_start}
            out = {}
            for k, x in v.items():
                tv = self.time(k, x, times, refs) if times else None
                out[k] = tv if tv is not None else self.walk(x, k, node)
            return out
        if isinstance(v, list):
            return [self.walk(x, key, in_node) for x in v]
        if isinstance(v, bool) or v is None:
            return v
        if in_node and key in NODE_HOST_KEYS:
            return Placeholder("<host>", v)
        if isinstance(v, int):
            if key in ID_KEYS and v > 0:
                return Placeholder(self.jid(v), v)
            return v
        if isinstance(v, str):
            if key == "het_job_id_set" and re.fullmatch(r"[\d,-]+", v):
                return self.id_set(v)
            m = ID_TEXT_RE.fullmatch(v) if key in ID_TEXT_KEYS else None
            if m and int(m.group(1)) > 0:
                return Placeholder(self.jid(int(m.group(1))) + (m.group(2) or ""), v)
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
    if isinstance(v, (Placeholder, TimeVal)):
        v = v.orig
    return json_type(v)


def show(v, limit=160):
    def conv(x):
        if isinstance(x, (Placeholder, TimeVal)):
            return x.label
        if isinstance(x, dict):
            return {k: conv(y) for k, y in x.items()}
        if isinstance(x, list):
            return [conv(y) for y in x]
        return x
    s = json.dumps(conv(v), ensure_ascii=False)
    return s if len(s) <= limit else s[:limit] + "..."


def compare_values(a, b, path, out, parent=None):
    """Appends (kind, path, real, mock, context) for each difference; context is the real
    side's enclosing object, shown (an allowance may require, e.g., its error text)."""
    ta, tb = jtype(a), jtype(b)

    def ctx():
        return show(parent, 1 << 20) if parent is not None else ""
    if ta != tb:
        out.append(("type", path, f"{ta} {show(a)}", f"{tb} {show(b)}", ctx()))
        return
    if ta == "object":
        ka, kb = list(a), list(b)
        if ka != kb:
            if set(ka) != set(kb):
                out.append(("keys", path, "missing in mock: " + show(sorted(set(ka) - set(kb))),
                            "extra in mock: " + show(sorted(set(kb) - set(ka))), ctx()))
            else:
                out.append(("key-order", path, show(ka, 400), show(kb, 400), ctx()))
        for k in ka:
            if k in b:
                compare_values(a[k], b[k], f"{path}.{k}" if path else k, out, a)
        return
    if ta == "array":
        if len(a) != len(b):
            out.append(("length", path, f"{len(a)}: {show(a)}", f"{len(b)}: {show(b)}", ctx()))
        for i, (x, y) in enumerate(zip(a, b)):
            compare_values(x, y, f"{path}[{i}]", out, parent)
        return
    if isinstance(a, TimeVal) or isinstance(b, TimeVal):
        same = a.matches(b) if isinstance(a, TimeVal) else False
    else:
        same = a == b
    if not same:
        out.append(("value", path, show(a), show(b), ctx()))


def job_label(j):
    jid = j.get("job_id") if isinstance(j, dict) else None
    return jid.label if isinstance(jid, Placeholder) else str(jid)


def compare_listing(a, b, out, skip):
    """A job listing compared job by job, by label: the two daemons list the same jobs in
    different orders (slurmctld walks its job hash table). Jobs born in a case where only one
    side made a job (`skip`: case numbers) are left out: that difference is the birth case's."""
    def keyed(body):
        jobs = {}
        for j in body["jobs"]:
            m = re.fullmatch(r"<job@(\d+)\.\d+>", job_label(j))
            if not (m and int(m.group(1)) in skip):
                jobs[job_label(j)] = j
        return jobs
    ja, jb = keyed(a), keyed(b)
    if set(ja) != set(jb):
        out.append(("keys", "jobs", "missing in mock: " + show(sorted(set(ja) - set(jb))),
                    "extra in mock: " + show(sorted(set(jb) - set(ja))), ""))
    for label in ja:
        if label in jb:
            compare_values(ja[label], jb[label], f"jobs[{label}]", out)
    rest = lambda body: {k: v for k, v in body.items() if k != "jobs"}  # noqa: E731
    compare_values(rest(a), rest(b), "", out)


def is_listing(v):
    return isinstance(v, dict) and isinstance(v.get("jobs"), list)


def compare(case, real, mock, nr, nm, skip=frozenset()):
    diffs = []
    for f in ("status", "ctype", "close"):
        if real[f] != mock[f]:
            diffs.append((f, f, show(real[f]), show(mock[f]), ""))
    br, bm = nr.walk(real["body"]), nm.walk(mock["body"])
    if real["kind"] == "text" or mock["kind"] == "text":
        if jtype(br) != jtype(bm) or br != bm:
            diffs.append(("body", "body", show(br, 300), show(bm, 300), ""))
    elif (" | GET /jobs | " in f" | {case} | " or " | GET /jobs/state | " in f" | {case} | ") \
            and is_listing(br) and is_listing(bm):
        compare_listing(br, bm, diffs, skip)
    else:
        compare_values(br, bm, "", diffs)
    return diffs


def one_sided(real, mock):
    """True when exactly one side's answer made a job (a submission one parser refused)."""
    def made(s):
        b = s.get("body")
        return isinstance(b, dict) and isinstance(b.get("job_id"), int) and b["job_id"] > 0
    return made(real) != made(mock)
