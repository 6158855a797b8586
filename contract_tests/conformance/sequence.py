"""The whole request sequence of one side, in order, with the waits that keep both daemons on the
same cluster state (each job started or settled before the next is sent).

Case ids start with the API version they were sent over (`v0.0.37 | GET /ping | plain`), or
`common` for what belongs to no version (OpenAPI documents, odd paths). Every family is sent
over every loaded version; what needs a job to run is run once, over the first version, and its
jobs are read over all of them. Every wait is for a condition of the side's own answers (or,
on the real daemon, of the scripts it runs), never a fixed sleep, so a slower machine only
makes the run longer."""

import time

from cases import (AUTH_MODES, AUTH_ROUTES, FIELD_UPDATES, SIGNALS, TRUE, UPDATES, J, api_of,
                   bad_payloads, common_cases, fixture_jobs, held, job_req, static_cases)
from sides import MARKER_DIR, MARKER_PREFIX, do
from support.states import TERMINAL

# A script that says when it has begun (a signal sent before then reaches no process on the real
# daemon, which shows RUNNING while slurmstepd is still starting the batch shell).
MARKED_SLEEP = ("#!/bin/bash\n: > " + MARKER_DIR + "/" + MARKER_PREFIX +
                "$SLURM_JOB_ID\nsleep 300")


def note_states(seq_by_elem, body):
    """Appends each element's state to its sequence when it changed (elements: array tasks by
    task id, else by position)."""
    for idx, j in enumerate(body.get("jobs") or []):
        key = str(j.get("array_task_id")) if j.get("array_task_id") is not None else str(idx)
        seq = seq_by_elem.setdefault(key, [])
        if not seq or seq[-1] != j.get("job_state"):
            seq.append(j.get("job_state"))


def poll(side, path, ok, timeout, interval=0.3):
    """GETs path until ok(snapshot) or timeout; the last snapshot."""
    deadline = time.monotonic() + timeout
    while True:
        s = do(side, "GET", path)
        try:
            if ok(s):
                return s
        except (KeyError, IndexError, TypeError, AttributeError):
            pass
        if time.monotonic() > deadline or side.dead:
            return s
        time.sleep(interval)


def poll_states(side, api, jids, timeout, rec, seen):
    """Polls every job of jids (name -> id) until all its elements are terminal; records each
    job's distinct observed state sequence (continuing `seen`)."""
    seqs = {n: seen.get(n, {}) for n in jids}
    deadline = time.monotonic() + timeout
    while True:
        done = True
        for n, jid in jids.items():
            s = do(side, "GET", f"{api}/job/{jid}")
            if s["status"] != 200 or s["kind"] != "json":
                continue
            jobs = s["body"].get("jobs") or []
            note_states(seqs[n], s["body"])
            if not jobs or any(j.get("job_state") not in TERMINAL for j in jobs):
                done = False
        if done or time.monotonic() > deadline or side.dead:
            break
        time.sleep(0.3)
    for n in jids:
        rec(f"lifecycle | {n} | states", {"t": time.time(), "status": 200, "ctype": "synthetic",
                                           "close": False, "kind": "json",
                                           "body": {"states": seqs[n]}})


def state_in(states):
    return lambda s: s["body"]["jobs"][0]["job_state"] in states


# Pending reasons that only mean "the scheduler has not started it yet".
WAITING = {"None", "Priority", "Resources"}


def settled(side, path, timeout, running_ok=False, states=None):
    """GET path once every element is finished (or running, with running_ok), or pending for a
    reason other than the scheduler not having looked at it yet (held, dependency, ...)."""
    def ok(s):
        if states is not None:
            note_states(states, s["body"])
        return all(j["job_state"] in TERMINAL or
                   (running_ok and j["job_state"] == "RUNNING") or
                   (j["job_state"] == "PENDING" and j["state_reason"] not in WAITING)
                   for j in s["body"]["jobs"])
    return poll(side, path, ok, timeout, interval=0.2)


def job_id_of(s):
    try:
        return s["body"].get("job_id")
    except AttributeError:
        return None


# What "GET after submit" records when the submission made no job (so that a submission one
# side accepts and the other refuses shows in both cases, not as a missing case).
NO_JOB = {"t": 0, "status": "no job", "ctype": "", "close": False, "kind": "text", "body": ""}


def runs(body):
    """Whether a submission's job(s) may start (not all held)."""
    def one(j):
        return not (isinstance(j, dict) and j.get("hold") is True)
    if not isinstance(body, dict):
        return True
    jobs = body.get("job", body.get("jobs", body))
    return any(one(j) for j in (jobs if isinstance(jobs, list) else [jobs]))


def cancel_if_pending(side, api, jid, got):
    try:
        if any(j["job_state"] == "PENDING" for j in got["body"]["jobs"]):
            do(side, "DELETE", f"{api}/job/{jid}")
    except (KeyError, TypeError):
        pass


def wait_snapshot(side, api, since):
    """Until the controller's 30-second job state snapshot (/diag job_states_ts) is from `since`
    or later: /diag's job counts then describe the cluster as it is (differences rows 14, 22)."""
    poll(side, f"{api}/diag", lambda s: s["body"]["statistics"]["job_states_ts"] >= since
         and s["body"]["statistics"]["req_time_start"] > 0, 45, interval=1.0)


def wait_idle(side, api, timeout=90):
    """Until no job of the side is pending for the scheduler, running or completing."""
    poll(side, f"{api}/jobs", lambda s: all(
        j["job_state"] in TERMINAL or (j["job_state"] == "PENDING" and
                                       j["state_reason"] not in WAITING)
        for j in s["body"]["jobs"]), timeout, interval=0.5)


def scenario(side, rec_flat, versions):
    """The whole sequence for one side, over the API versions given (the first runs the jobs)."""
    first = versions[0]
    A = api_of(first)

    def recorder(prefix):
        return lambda case, snap: rec_flat(f"{prefix} | {case}", snap)
    rec = recorder(first)

    def read_all(case, path_tail):
        """One GET over every version (the job-reading families)."""
        for v in versions:
            recorder(v)(case, do(side, "GET", f"{api_of(v)}{path_tail}"))

    # 0. /diag right after the controller starts shows zeros until its first snapshot (#14):
    # wait it out, so /diag is compared as it is afterwards
    wait_snapshot(side, A, 1)

    # 1. static routes before any job exists
    for group, name, method, path, body, auth, headers, raw in common_cases():
        rec_flat(f"common | {group} | {name}", do(side, method, path, body, auth, headers, raw))
    for v in versions:
        r = recorder(v)
        for group, name, method, path, body, auth, headers, raw in static_cases(v):
            r(f"{group} | {name}", do(side, method, path, body, auth, headers, raw))
    # then refused credentials (a submission some mode lets through makes the first job)
    for v in versions:
        r, api = recorder(v), api_of(v)
        for m, route in AUTH_ROUTES:
            for a in AUTH_MODES:
                r(f"auth | {m} /{route} | {a}", do(side, m, f"{api}/{route}", auth=a))
        for a in AUTH_MODES:
            r(f"auth | POST /job/submit | {a}",
              do(side, "POST", f"{api}/job/submit", job_req(J(hold=True)), auth=a))

    # 2. fixture submits (long-running ones cancelled after a GET), each running or settled
    # before the next is sent (the same cluster state on both sides, #4); read over every version
    for f, body in fixture_jobs():
        s = do(side, "POST", f"{A}/job/submit", body)
        rec(f"POST /job/submit | fixture {f}", s)
        jid = job_id_of(s)
        if jid:
            side.vars["fx_" + f[:-5]] = jid
            # the time-limited one sleeps 300 s: running is enough
            settled(side, f"{A}/job/{jid}", 90, running_ok=f == "time_limited_job.json")
            read_all(f"GET /job/{{id}} | fixture {f}", f"/job/{jid}")
    if "fx_time_limited_job" in side.vars:
        poll(side, f"{A}/job/{side.vars['fx_time_limited_job']}", state_in({"RUNNING"}), 30)
    for f in ("time_limited_job", "held_job"):
        if f"fx_{f}" in side.vars:
            rec(f"DELETE /job/{{id}} | fixture {f}.json",
                do(side, "DELETE", f"{A}/job/{{fx_{f}}}"))
    for f, _ in fixture_jobs():
        if "fx_" + f[:-5] in side.vars:
            settled(side, f"{A}/job/{side.vars['fx_' + f[:-5]]}", 60)

    # 3. bad (and odd but accepted) payloads over the first version, one at a time: each
    # accepted job is recorded once settled (read over every version), before the next is sent,
    # so that both daemons place it on the same cluster state (the real one starts a job 1-3 s
    # after its submission, #4)
    accepted = []
    for name, body in bad_payloads():
        s = do(side, "POST", f"{A}/job/submit", body)
        rec(f"POST /job/submit | {name}", s)
        jid = job_id_of(s)
        if not jid:
            continue
        accepted.append(jid)
        got = settled(side, f"{A}/job/{jid}", 90)  # het jobs wait for a backfill pass
        read_all(f"GET /job/{{id}} | after submit: {name}", f"/job/{jid}")
        # a job left pending (held, too many nodes, ...) goes at once: on the real daemon a
        # pending job can keep the main scheduler off its partition until the next backfill
        cancel_if_pending(side, A, jid, got)

    # 4. updates on a held job, unknown ids, bad ids, signals: per version
    for v in versions:
        r, api = recorder(v), api_of(v)
        s = do(side, "POST", f"{api}/job/submit",
               job_req(J(name="upd", hold=True), "#!/bin/bash\nsleep 300"))
        r("POST /job/{id} | submit target (held)", s)
        side.vars["upd"] = job_id_of(s) or 0
        for name, body in UPDATES:
            r(f"POST /job/{{id}} | {name}", do(side, "POST", f"{api}/job/{{upd}}", body))
            r(f"POST /job/{{id}} | {name} | GET after", do(side, "GET", f"{api}/job/{{upd}}"))
        # "999999.5": the daemon reads the leading number, so the id must be unknown on both
        for b in ("999999", "0", "-1", "abc", "999999.5", "99999999999999999999"):
            r(f"POST /job/{{id}} | unknown {b} {{}}", do(side, "POST", f"{api}/job/{b}", {}))
            r(f"POST /job/{{id}} | unknown {b} time_limit",
              do(side, "POST", f"{api}/job/{b}", {"time_limit": 5}))
        for b in ("999999", "0", "-1", "abc", "999999.5"):
            r(f"DELETE /job/{{id}} | unknown {b}", do(side, "DELETE", f"{api}/job/{b}"))
        for sig in SIGNALS:
            r(f"DELETE /job/{{id}} | unknown 999999 signal={sig}",
              do(side, "DELETE", f"{api}/job/999999?signal={sig}"))
        for sig in ("nope", "99", "USR1"):
            r(f"DELETE /job/{{id}} | held job signal={sig}",
              do(side, "DELETE", f"{api}/job/{{upd}}?signal={sig}"))
        r("DELETE /job/{id} | held job", do(side, "DELETE", f"{api}/job/{{upd}}"))
        r("DELETE /job/{id} | held job again", do(side, "DELETE", f"{api}/job/{{upd}}"))
        r("DELETE /job/{id} | held job GET after", do(side, "GET", f"{api}/job/{{upd}}"))

    # 4b. under CR_CPU memory is not booked: two 1-CPU jobs of 600 MiB share one 900-MiB node
    mem = []
    for k in (1, 2):
        s = do(side, "POST", f"{A}/job/submit",
               job_req(J(name=f"mem{k}", memory_per_node=600), "#!/bin/bash\nsleep 300"))
        rec(f"memory | 600 MiB job {k} | submit", s)
        if job_id_of(s):
            mem.append(job_id_of(s))
            settled(side, f"{A}/job/{job_id_of(s)}", 60, running_ok=True)
    for k, jid in enumerate(mem, 1):
        read_all(f"memory | 600 MiB job {k} | GET running", f"/job/{jid}")
    for jid in mem:
        do(side, "DELETE", f"{A}/job/{jid}")
    for jid in mem:
        settled(side, f"{A}/job/{jid}", 60)

    # 4c. a held job skips the node configuration test (4 CPUs per task on 2-CPU nodes);
    # released, it pends with BadConstraints
    s = do(side, "POST", f"{A}/job/submit",
           job_req(J(name="badc", hold=True, cpus_per_task=4), "#!/bin/bash\nsleep 300"))
    rec("held bad constraints | submit", s)
    if job_id_of(s):
        side.vars["badc"] = job_id_of(s)
        path = f"{A}/job/{side.vars['badc']}"
        rec("held bad constraints | GET held", do(side, "GET", path))
        rec("held bad constraints | release", do(side, "POST", path, {"hold": False}))
        # its expected start comes with slurmctld's next backfill pass (up to 30 s, #4)
        rec("held bad constraints | GET released", poll(
            side, path, lambda s: s["body"]["jobs"][0]["start_time"] != 0, 45, interval=0.5))
        # cpus_per_task 1 leaves the per-node minimum at 4: still no node can hold it; a
        # per-node minimum of 1 makes it fit, and it runs with a new priority value
        rec("held bad constraints | cpus_per_task 1", do(side, "POST", path, {"cpus_per_task": 1}))
        rec("held bad constraints | cpus_per_task 1 | GET after", settled(side, path, 20))
        rec("held bad constraints | minimum_cpus_per_node 1",
            do(side, "POST", path, {"minimum_cpus_per_node": 1}))
        rec("held bad constraints | minimum_cpus_per_node 1 | GET after",
            settled(side, path, 60, running_ok=True))
        rec("held bad constraints | DELETE", do(side, "DELETE", path))
        settled(side, path, 60)

    # 4d. one update each on a fresh held job: what a waiting job's owner may change, and what
    # is refused (only while pending, only by an administrator, nothing configured); per version
    for v in versions:
        r, api = recorder(v), api_of(v)
        for name, body in FIELD_UPDATES:
            s = do(side, "POST", f"{api}/job/submit",
                   job_req(J(name="updf", hold=True), "#!/bin/bash\nsleep 300"))
            if not job_id_of(s):
                r(f"POST /job/{{id}} field | {name} | submit", s)
                continue
            side.vars["updf"] = job_id_of(s)
            r(f"POST /job/{{id}} field | {name}", do(side, "POST", f"{api}/job/{{updf}}", body))
            r(f"POST /job/{{id}} field | {name} | GET after",
              do(side, "GET", f"{api}/job/{{updf}}"))
            do(side, "DELETE", f"{api}/job/{{updf}}")
    wait_idle(side, A)

    # 5. lifecycles over the first version, one after the other; each job's states are followed
    # from its submission (what a poller sees first starts its sequence), its final GET is read
    # over every version
    lc, seen = {}, {}

    def sub(name, job, script, long_running=False):
        s = do(side, "POST", f"{A}/job/submit", job_req(job, script))
        rec(f"lifecycle | {name} | submit", s)
        if job_id_of(s):
            lc[name] = job_id_of(s)
            settled(side, f"{A}/job/{lc[name]}", 60, running_ok=long_running,
                    states=seen.setdefault(name, {}))
    sub("true", J(name="lc-true"), TRUE)
    sub("exit 3", J(name="lc-exit3"), "#!/bin/bash\nexit 3")
    sub("sleep 3", J(name="lc-sleep3"), "#!/bin/bash\nsleep 3")
    # 3 s per task: long enough that every poller sees each task running
    sub("array 1-3", J(name="lc-array", array="1-3"), "#!/bin/bash\nsleep 3")
    sub("held update release", J(name="lc-held", hold=True), "#!/bin/bash\nsleep 3")
    sub("cancel running", J(name="lc-cancel"), MARKED_SLEEP, long_running=True)
    sub("cancel pending", J(name="lc-cancelp", hold=True), "#!/bin/bash\nsleep 300")
    sub("SIGUSR1 running", J(name="lc-usr1"), MARKED_SLEEP, long_running=True)
    if "held update release" in lc:
        side.vars["lch"] = lc["held update release"]
        rec("lifecycle | held update release | update time_limit",
            do(side, "POST", f"{A}/job/{{lch}}", {"time_limit": 5}))
        rec("lifecycle | held update release | GET held", do(side, "GET", f"{A}/job/{{lch}}"))
        rec("lifecycle | held update release | release",
            do(side, "POST", f"{A}/job/{{lch}}", {"hold": False}))
        settled(side, f"{A}/job/{lc['held update release']}", 60, running_ok=True,
                states=seen.setdefault("held update release", {}))
    for name, var in (("cancel running", "lcc"), ("SIGUSR1 running", "lcu")):
        if name in lc:
            side.vars[var] = lc[name]
            st = seen.setdefault(name, {})
            poll(side, f"{A}/job/{lc[name]}", lambda s, jid=lc[name], st=st: (
                note_states(st, s["body"]) or
                (s["body"]["jobs"][0]["job_state"] == "RUNNING" and side.script_started(jid))), 60)
    if "cancel running" in lc:
        rec("lifecycle | cancel running | DELETE", do(side, "DELETE", f"{A}/job/{{lcc}}"))
        # at once: a cancelled job completes (COMPLETING) before it is CANCELLED (#9)
        s = do(side, "GET", f"{A}/job/{{lcc}}")
        note_states(seen["cancel running"], s["body"] if s["kind"] == "json" else {})
        rec("lifecycle | cancel running | GET after DELETE", s)
    if "SIGUSR1 running" in lc:
        rec("lifecycle | SIGUSR1 running | DELETE signal",
            do(side, "DELETE", f"{A}/job/{{lcu}}?signal=SIGUSR1"))
    if "cancel pending" in lc:
        side.vars["lcp"] = lc["cancel pending"]
        rec("lifecycle | cancel pending | DELETE", do(side, "DELETE", f"{A}/job/{{lcp}}"))
    poll_states(side, A, lc, 90, rec, seen)
    for name, jid in lc.items():
        read_all(f"lifecycle | {name} | final GET /job", f"/job/{jid}")

    # 5b. the same payloads over the other versions, held (the parser is what differs between
    # versions): read and cancelled, no waits. Last, so that a submission only one side accepts
    # (differences V2) shifts no later job's priority
    # the payloads whose jobs run even so (they say hold false) go first, on every version:
    # a job's priority counts the submissions before it, held jobs show none
    late = [(v, name, body) for v in versions[1:] for name, body in bad_payloads()]
    late.sort(key=lambda x: not runs(held(x[2])))
    for v, name, body in late:
        r, api = recorder(v), api_of(v)
        name = f"{name} (held)"
        s = do(side, "POST", f"{api}/job/submit", held(body))
        r(f"POST /job/submit | {name}", s)
        jid = job_id_of(s)
        if not jid:
            r(f"GET /job/{{id}} | after submit: {name}", NO_JOB)
            continue
        accepted.append(jid)
        got = settled(side, f"{api}/job/{jid}", 90)
        r(f"GET /job/{{id}} | after submit: {name}", got)
        cancel_if_pending(side, api, jid, got)

    # 6. cancel whatever is left; once nothing runs or completes any more and the controller's
    # job state snapshot is from after that, the final listings are the same on every run
    for jid in accepted:
        do(side, "DELETE", f"{A}/job/{jid}")
    wait_idle(side, A)
    wait_snapshot(side, A, int(time.time()) + 1)
    for v in versions:
        for r in ("jobs", "nodes", "partitions", "diag"):
            recorder(v)(f"GET /{r} | final", do(side, "GET", f"{api_of(v)}/{r}"))
    # last: refused tokens on /diag (has been seen to crash the real daemon, differences #10)
    for v in versions:
        for a in AUTH_MODES:
            recorder(v)(f"auth | GET /diag | {a}", do(side, "GET", f"{api_of(v)}/diag", auth=a))
