"""The request sequence of one side for a 24.11 or 26.05 run (data_parser v0.0.40+), in order,
with waits on the side's own answers only (as sequence.py for 22.05). Jobs that run are run
over the first version and read over all; every other submission is held, read and cancelled
at once, so the run is short and both daemons keep the same cluster state."""

import time

from cases import TRUE
from modern import (AUTH_MODES, AUTH_ROUTES, MJ, SIGNALS, UPDATES, common_cases, payloads,
                    static_cases)
from sequence import MARKED_SLEEP, NO_JOB, poll
from sides import do

ENDED = {"COMPLETED", "CANCELLED", "FAILED", "TIMEOUT", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL",
         "DEADLINE", "OUT_OF_MEMORY"}
WAITING = {"None", "Priority", "Resources"}


def number(v):
    """The value of a {"set","infinite","number"} object (or a plain number)."""
    return v.get("number") if isinstance(v, dict) else v


def states(j):
    s = j.get("job_state")
    return s if isinstance(s, list) else [s]


def job_id_of(s):
    try:
        v = s["body"].get("job_id")
        return v if isinstance(v, int) and v > 0 else None
    except AttributeError:
        return None


def jobs_of(s):
    return s["body"]["jobs"]


def finished(j):
    """Ended and no longer completing (the real daemon's flags settle a moment after)."""
    st = states(j)
    return st[0] in ENDED and "COMPLETING" not in st


def settled_job(j, running_ok=False):
    st = states(j)
    return finished(j) or (running_ok and st == ["RUNNING"]) or (
        st[0] == "PENDING" and j.get("state_reason") not in WAITING)


def wait_jobs(side, path, timeout, running_ok=False):
    return poll(side, path, lambda s: all(settled_job(j, running_ok) for j in jobs_of(s)),
                timeout, interval=0.2)


def wait_snapshot(side, api, since):
    """Until /diag's 30-second job state snapshot is from `since` on (as sequence.py)."""
    poll(side, f"{api}/diag", lambda s: number(s["body"]["statistics"]["job_states_ts"]) >= since
         and number(s["body"]["statistics"]["req_time_start"]) > 0, 45, interval=1.0)


def scenario(side, rec_flat, versions, release):
    first = versions[0]
    A = f"/slurm/{first}"

    def recorder(v):
        return lambda case, snap: rec_flat(f"{v} | {case}", snap)
    rec = recorder(first)

    def read_all(case, tail):
        for v in versions:
            recorder(v)(case, do(side, "GET", f"/slurm/{v}{tail}"))

    wait_snapshot(side, A, 1)

    # 1. routes with no job yet: odd paths, every GET route, methods, HEAD, Accept; credentials
    for group, name, method, path, body, auth, headers, raw in common_cases(versions, release):
        rec_flat(f"common | {group} | {name}", do(side, method, path, body, auth, headers, raw))
    for v in versions:
        r = recorder(v)
        for group, name, method, path, body, auth, headers, raw in static_cases(v):
            r(f"{group} | {name}", do(side, method, path, body, auth, headers, raw))
    for v in versions:
        r, api = recorder(v), f"/slurm/{v}"
        for m, route in AUTH_ROUTES:
            for a in AUTH_MODES:
                r(f"auth | {m} /{route} | {a}", do(side, m, f"{api}/{route}", auth=a))
        for a in AUTH_MODES:
            r(f"auth | POST /job/submit | {a}",
              do(side, "POST", f"{api}/job/submit", {"job": MJ(hold=True, script=TRUE)}, auth=a))

    # 2. submissions per version, held: each accepted job read and cancelled before the next
    left = []
    for v in versions:
        r, api = recorder(v), f"/slurm/{v}"
        for name, body in payloads():
            s = do(side, "POST", f"{api}/job/submit", body)
            r(f"POST /job/submit | {name}", s)
            jid = job_id_of(s)
            if not jid:
                r(f"GET /job/{{id}} | after submit: {name}", NO_JOB)
                continue
            got = wait_jobs(side, f"{api}/job/{jid}", 60)
            r(f"GET /job/{{id}} | after submit: {name}", got)
            r(f"DELETE /job/{{id}} | after submit: {name}", do(side, "DELETE", f"{api}/job/{jid}"))
            left.append(jid)

    # 3. updates on a held job, unknown ids, signals, cancels: per version
    for v in versions:
        r, api = recorder(v), f"/slurm/{v}"
        s = do(side, "POST", f"{api}/job/submit",
               {"job": MJ(name="upd", hold=True, script="#!/bin/bash\nsleep 300")})
        r("POST /job/{id} | submit target (held)", s)
        side.vars["upd"] = job_id_of(s) or 0
        for name, body in UPDATES:
            r(f"POST /job/{{id}} | {name}", do(side, "POST", f"{api}/job/{{upd}}", body))
            r(f"POST /job/{{id}} | {name} | GET after", do(side, "GET", f"{api}/job/{{upd}}"))
        for b in ("999999", "0", "abc"):
            r(f"POST /job/{{id}} | unknown {b} comment",
              do(side, "POST", f"{api}/job/{b}", {"comment": "x"}))
            r(f"DELETE /job/{{id}} | unknown {b}", do(side, "DELETE", f"{api}/job/{b}"))
        for sig in SIGNALS:
            r(f"DELETE /job/{{id}} | unknown 999999 signal={sig}",
              do(side, "DELETE", f"{api}/job/999999?signal={sig}"))
        for sig in ("nope", "99"):
            r(f"DELETE /job/{{id}} | held job signal={sig}",
              do(side, "DELETE", f"{api}/job/{{upd}}?signal={sig}"))
        r("DELETE /job/{id} | held job", do(side, "DELETE", f"{api}/job/{{upd}}"))
        r("DELETE /job/{id} | held job GET after", do(side, "GET", f"{api}/job/{{upd}}"))
        r("DELETE /job/{id} | held job again", do(side, "DELETE", f"{api}/job/{{upd}}"))

        # bulk DELETE /jobs: two held jobs by id; no filter; an unknown field; unknown ids
        ids = []
        for k in (1, 2):
            s = do(side, "POST", f"{api}/job/submit", {"job": MJ(name=f"bulk{k}", hold=True,
                                                                 script=TRUE)})
            r(f"DELETE /jobs | submit {k}", s)
            ids.append(job_id_of(s) or 0)
        r("DELETE /jobs | two held jobs",
          do(side, "DELETE", f"{api}/jobs", {"jobs": [str(i) for i in ids]}))
        for k, jid in enumerate(ids, 1):
            r(f"DELETE /jobs | two held jobs | GET {k} after", do(side, "GET", f"{api}/job/{jid}"))
        for name, body in (("no filter", {}), ("job_id field", {"job_id": [ids[0]]}),
                           ("unknown id", {"jobs": ["999999"]}), ("not JSON", "{bad")):
            r(f"DELETE /jobs | {name}", do(side, "DELETE", f"{api}/jobs", body))

    # 4. jobs that run, over the first version, one after the other; read over every version
    def run_one(name, script, running=False):
        s = do(side, "POST", f"{A}/job/submit", {"job": MJ(name=name, script=script)})
        rec(f"run | {name} | submit", s)
        jid = job_id_of(s)
        if jid:
            wait_jobs(side, f"{A}/job/{jid}", 90, running_ok=running)
        return jid
    for name, script in (("true", TRUE), ("exit 3", "#!/bin/bash\nexit 3")):
        jid = run_one(name, script)
        if jid:
            read_all(f"run | {name} | final GET /job", f"/job/{jid}")
    jid = run_one("cancel running", MARKED_SLEEP, running=True)
    if jid:
        poll(side, f"{A}/job/{jid}", lambda s: states(jobs_of(s)[0]) == ["RUNNING"] and
             side.script_started(jid), 60)
        read_all("run | cancel running | GET running", f"/job/{jid}")
        rec("run | cancel running | DELETE", do(side, "DELETE", f"{A}/job/{jid}"))
        wait_jobs(side, f"{A}/job/{jid}", 60)
        read_all("run | cancel running | final GET /job", f"/job/{jid}")

    # 5. once nothing is left and /diag's snapshot is from after that: the final listings
    for jid in left:
        do(side, "DELETE", f"{A}/job/{jid}")
    poll(side, f"{A}/jobs", lambda s: all(settled_job(j) for j in jobs_of(s)), 90, interval=0.5)
    wait_snapshot(side, A, int(time.time()) + 1)
    for v in versions:
        for r in ("jobs", "jobs/state", "nodes", "partitions", "diag"):
            recorder(v)(f"GET /{r} | final", do(side, "GET", f"/slurm/{v}/{r}"))
