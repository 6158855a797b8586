"""Normalisation (job ids, times, ports, host facts) and the structural comparison of two
answers: status, content type, `Connection: close`, keys and their order, types, values."""

import json
import re

from helpers import json_type

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
