"""The whole request sequence of one side, in order, with the waits that keep both daemons on the
same cluster state (each job started or settled before the next is sent)."""

import time

from cases import (AUTH_MODES, AUTH_ROUTES, FIELD_UPDATES, SIGNALS, TRUE, UPDATES, J,
                   bad_payloads, fixture_jobs, job_req, static_cases)
from client import API
from sides import do
from support.states import TERMINAL


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
