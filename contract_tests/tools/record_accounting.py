#!/usr/bin/python3
"""Records what the real slurmrestd answers on its slurmdb routes: 22.05 (dbv0.0.36-38), 24.11
(openapi/slurmdbd, v0.0.40-42) and 26.05 (openapi/slurmdbd, v0.0.42-45).

Starts the real daemon with accounting (contract_tests/oracle/real_slurmrestd.py --accounting:
MariaDB on 127.0.0.1:3399, slurmdbd 6929, slurmctld 6927, slurmrestd 6920, slurmds 17900+),
freshly for each slurmdb version (job ids from 1, an empty database), runs a fixed story over
HTTP and saves each exchange as
mock_slurmrestd/tests/data/oracle/22.05-acct/<version>/<NNN>_<case>.json in the format of
record_releases.py ({"case", "release", "api_version", "request", "answer"}; tokens redacted).

The story: the read routes before any job, three jobs submitted over /slurm/v0.0.38 (one
completes, one fails with exit code 3, one is cancelled while running) read back over slurmdb
once the database has their end, the jobs filters, the POST and DELETE routes as the job user,
as an unassociated user and as root (SlurmUser of the launcher's cluster), unknown names and
ids, bad bodies and routing failures.

  make record-accounting       # root; packages: real_slurmrestd.py install --accounting
  record_accounting.py --version v0.0.36
  record_accounting.py --release 24.11 [--version v0.0.41]

24.11 and 26.05 run in their chroots (real_slurmrestd.py --slurm-version X --accounting) on
ports of their own (REST/ctld/slurmdbd/MariaDB/slurmds: 24.11 7070/7077/7079/3401/19200+,
26.05 7080/7087/7089/3402/19300+), with MinJobAge lowered to AGED_MIN_JOB_AGE so that a job
submitted over /slurm/ can be seen leaving slurmctld and still found over /slurmdb/. Their
story (story_slurmdbd) is driven by each version's own /openapi/v3 (saved as
<release>-acct/<version>/openapi_v3.json): every GET route, the POST and DELETE routes as the
job user, an unassociated user, an Administrator made over REST, and root (the launcher's
SlurmUser), the jobs filters each version lists, unknowns and bad inputs, and what the slurmdb
routes answer once slurmdbd is gone. <release>-acct/no-accounting/ holds what they answer on a
cluster without accounting (openapi/slurmctld alone; openapi/slurmdbd loaded with
accounting_storage/none).
"""

import argparse
import json
import os
import re
import shutil
import signal
import time
from urllib.parse import quote

import record_releases as rr

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ORACLE = os.path.join(ROOT, "mock_slurmrestd", "tests", "data", "oracle")
OUT = os.path.join(ORACLE, "22.05-acct")
RELEASE = "22.05"
# 24.11 and 26.05: ports, data_parser versions (record_releases.VERSIONS).
NEW = {"24.11": {"rest": 7070, "ctld": 7077, "dbd": 7079, "db": 3401, "nodes": 19200},
       "26.05": {"rest": 7080, "ctld": 7087, "dbd": 7089, "db": 3402, "nodes": 19300}}
AGED_MIN_JOB_AGE = 10  # seconds; the fixture's 600 would make the aging story 10 minutes long
ADMIN_USER = "slurmrest"  # a system user of the chroots that the story makes Administrator
OPERATOR_USER = "munge"  # ... and one it makes Operator
NOBODY = "nobody"  # uid 65534: made Administrator, yet refused everything by 26.05
VERSIONS = ["v0.0.36", "v0.0.37", "v0.0.38"]
REST_PORT, CTLD_PORT, NODE_BASE, DBD_PORT, DB_PORT = 6920, 6927, 17900, 6929, 3399
PLUGINS = ("openapi/v0.0.36,openapi/v0.0.37,openapi/v0.0.38,"
           "openapi/dbv0.0.36,openapi/dbv0.0.37,openapi/dbv0.0.38")
CLUSTER = "parallelcluster"
ACCOUNT = "ec2-user-acct"  # what the launcher registers for the job user
OTHER = "slurm"  # a real system user with no association
SUBMIT = "/slurm/v0.0.38/job/submit"
ENDED = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT"}


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(t))


def submit_body(name, script, partition="queue1"):
    # 22.05's v0.0.38 takes the script beside "job", not inside it.
    return {"script": script,
            "job": {"name": name, "partition": partition, "current_working_directory": "/tmp",
                    "environment": {"PATH": "/bin:/usr/bin"}}}


def db_job(r, db, job_id, headers=None):
    b = r.call("GET", f"{db}/job/{job_id}", headers=headers)["answer"]["body"]
    return b["jobs"][0] if isinstance(b, dict) and b.get("jobs") else {}


def wait_db_end(r, db, job_id, timeout=90):
    """Polls slurmdb until the job's record has an end state (slurmctld sends it async)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        st = db_job(r, db, job_id).get("state", {})
        cur = st.get("current") if isinstance(st, dict) else st
        # v0.0.40+: a list of flags ("current": ["COMPLETED"]).
        if set(cur if isinstance(cur, list) else [cur]) & ENDED:
            return cur if not isinstance(cur, list) else ",".join(cur)
        time.sleep(0.5)
    raise SystemExit(f"job {job_id} never ended in slurmdb: {db_job(r, db, job_id)}")


def story(r, openapi):
    v = r.version
    db = f"/slurmdb/{v}"
    paths = {p.rstrip("/"): set(m) for p, m in openapi.get("paths", {}).items()
             if p.startswith(db + "/")}
    other = {"X-SLURM-USER-NAME": OTHER, "X-SLURM-USER-TOKEN": r.other_token}

    # Reads on a fresh database (the launcher's cluster, account and user only).
    r.rec("config", "GET", f"{db}/config",
          note="the job user may not read wckeys: 2002 beside the rest")
    r.rec("admin_config", "GET", f"{db}/config", headers=r.admin)
    r.rec("diag", "GET", f"{db}/diag")
    r.rec("admin_diag", "GET", f"{db}/diag", headers=r.admin)
    r.rec("clusters", "GET", f"{db}/clusters")
    r.rec("cluster", "GET", f"{db}/cluster/{CLUSTER}")
    r.rec("cluster_unknown", "GET", f"{db}/cluster/no-such-cluster")
    r.rec("accounts", "GET", f"{db}/accounts")
    r.rec("account", "GET", f"{db}/account/{ACCOUNT}")
    r.rec("account_root", "GET", f"{db}/account/root")
    r.rec("account_unknown", "GET", f"{db}/account/no-such-account")
    r.rec("associations", "GET", f"{db}/associations")
    r.rec("association", "GET",
          f"{db}/association?cluster={CLUSTER}&account={ACCOUNT}&user={rr.USER}")
    r.rec("association_no_query", "GET", f"{db}/association")
    r.rec("association_unknown", "GET",
          f"{db}/association?cluster={CLUSTER}&account=no-such-account&user={rr.USER}")
    r.rec("users", "GET", f"{db}/users")
    r.rec("admin_users", "GET", f"{db}/users", headers=r.admin)
    r.rec("user", "GET", f"{db}/user/{rr.USER}")
    r.rec("user_root", "GET", f"{db}/user/root")
    r.rec("user_unknown", "GET", f"{db}/user/no-such-user")
    r.rec("qos", "GET", f"{db}/qos")
    r.rec("qos_normal", "GET", f"{db}/qos/normal")
    r.rec("qos_unknown", "GET", f"{db}/qos/no-such-qos")
    r.rec("tres", "GET", f"{db}/tres")
    r.rec("wckeys", "GET", f"{db}/wckeys")
    r.rec("admin_wckeys", "GET", f"{db}/wckeys", headers=r.admin)
    r.rec("wckey_unknown", "GET", f"{db}/wckey/no-such-wckey")
    r.rec("jobs_none_yet", "GET", f"{db}/jobs")
    r.rec("unassociated_accounts", "GET", f"{db}/accounts", headers=other)
    r.rec("unassociated_jobs", "GET", f"{db}/jobs", headers=other)

    # Jobs over /slurm/v0.0.38, read back from the database once they have ended.
    t_before = int(time.time()) - 1
    ok = r.rec("submit_completing", "POST", SUBMIT,
               submit_body("acct-ok", "#!/bin/bash\necho accounted")).get("job_id")
    fail = r.rec("submit_failing", "POST", SUBMIT,
                 submit_body("acct-fail", "#!/bin/bash\nexit 3", "queue2")).get("job_id")
    cancel = r.rec("submit_to_cancel", "POST", SUBMIT,
                   submit_body("acct-cancel", "#!/bin/bash\nsleep 300")).get("job_id")
    r.wait_state(cancel, "RUNNING")
    # Cancelled before slurmdbd has its batch step, the step is kept as FAILED with exit 0
    # (seen once) instead of CANCELLED by signal 15: cancel once the step is in the database.
    step_known = time.monotonic() + 30
    while time.monotonic() < step_known and not db_job(r, db, cancel).get("steps"):
        time.sleep(0.5)
    r.rec("cancel_running", "DELETE", f"/slurm/v0.0.38/job/{cancel}")
    states = {j: wait_db_end(r, db, j) for j in (ok, fail, cancel)}
    # A job eligible after t_between, so an end_time window can leave it out.
    time.sleep(2)
    t_between = int(time.time())
    time.sleep(2)
    late = r.rec("submit_late", "POST", SUBMIT,
                 submit_body("acct-late", "#!/bin/bash\necho late")).get("job_id")
    states[late] = wait_db_end(r, db, late)
    print(f"  ended in slurmdb: {states}", flush=True)
    # slurmdbd's unfiltered list can lag behind /job/{id} (A6): wait until it has all four,
    # so that what follows is recorded on a settled database.
    settled = time.monotonic() + 60
    while time.monotonic() < settled:
        b = r.call("GET", f"{db}/jobs")["answer"]["body"]
        if isinstance(b, dict) and len(b.get("jobs", [])) == len(states):
            break
        time.sleep(0.5)
    time.sleep(1)
    t_after = int(time.time()) + 1
    r.rec("jobs", "GET", f"{db}/jobs")
    r.rec("admin_jobs", "GET", f"{db}/jobs", headers=r.admin)
    r.rec("unassociated_jobs_after", "GET", f"{db}/jobs", headers=other)
    r.rec("job_completed", "GET", f"{db}/job/{ok}")
    r.rec("job_failed", "GET", f"{db}/job/{fail}")
    r.rec("job_cancelled", "GET", f"{db}/job/{cancel}")
    r.rec("admin_job_completed", "GET", f"{db}/job/{ok}", headers=r.admin)
    r.rec("unassociated_job_completed", "GET", f"{db}/job/{ok}", headers=other)
    r.rec("job_unknown", "GET", f"{db}/job/999999")
    r.rec("job_not_a_number", "GET", f"{db}/job/abc")
    filters = [("account", f"account={ACCOUNT}"), ("account_unknown", "account=no-such"),
               ("partition", "partition=queue2"), ("partition_two", "partition=queue1,queue2"),
               ("state_failed", "state=FAILED"), ("state_completed", "state=completed"),
               ("state_two", "state=CANCELLED,FAILED"), ("state_bogus", "state=bogus"),
               ("job_name", "job_name=acct-fail"), ("job_name_unknown", "job_name=nope"),
               ("start_time", f"start_time={t_before}"),
               ("end_time", f"end_time={t_after}"),
               ("window", f"start_time={t_before}&end_time={t_after}"),
               ("window_before_jobs", "start_time=1000&end_time=2000"),
               ("start_time_bad", "start_time=abc"), ("submit_time", f"submit_time={t_before}"),
               ("start_time_iso", f"start_time={iso(t_before)}"),
               ("end_time_iso", f"end_time={iso(t_after)}"),
               ("window_iso", f"start_time={iso(t_before)}&end_time={iso(t_after)}"),
               ("window_iso_before_jobs",
                f"start_time={iso(t_before - 7200)}&end_time={iso(t_before - 3600)}"),
               ("end_time_iso_between", f"end_time={iso(t_between)}"),
               ("start_time_now_minus", "start_time=now-1hour"),
               ("start_time_date", f"start_time={time.strftime('%m/%d/%y', time.localtime(t_before))}"),
               # ':' must be percent-encoded in slurmrestd's query strings.
               ("start_time_iso_encoded", f"start_time={quote(iso(t_before))}"),
               ("end_time_iso_encoded_between", f"end_time={quote(iso(t_between))}"),
               ("window_iso_encoded",
                f"start_time={quote(iso(t_before))}&end_time={quote(iso(t_after))}"),
               ("window_iso_encoded_before_jobs",
                f"start_time={quote(iso(t_before - 7200))}&end_time={quote(iso(t_before - 3600))}"),
               ("state_failed_with_start", "state=FAILED&start_time=now-1hour"),
               ("state_completed_with_window",
                f"state=COMPLETED&start_time={quote(iso(t_before))}&end_time={quote(iso(t_after))}"),
               ("exit_code", "exit_code=3"), ("cluster", f"cluster={CLUSTER}"),
               ("cluster_unknown", "cluster=no-such"), ("qos", "qos=normal"),
               ("users_field", f"users={rr.USER}"), ("user_field", f"user={rr.USER}"),
               ("group", "group=ec2-user"), ("skip_steps", "skip_steps=true"),
               ("unknown_field", "no_such=1")]
    # The filters slurmdbd takes beside those: what each one picks from the four jobs (ok and
    # late on queue1, fail on queue2, cancel cancelled while running; one node and CPU each).
    # v0.0.36-38 show no association ids: the database numbers them as the launcher adds
    # them (cluster root, the account, the job user's), so the first few are tried.
    filters += [(f"association_{n}", f"association={n}") for n in range(1, 5)]
    filters += [("association_unknown", "association=999999"),
                ("association_bad", "association=abc"),
                ("constraints", "constraints=nope"),
                ("cpus_min_one", "cpus_min=1"), ("cpus_min_two", "cpus_min=2"),
                ("cpus_max_one", "cpus_max=1"), ("cpus_max_zero", "cpus_max=0"),
                ("cpus_bad", "cpus_min=abc"),
                ("nodes_min_one", "nodes_min=1"), ("nodes_min_two", "nodes_min=2"),
                ("nodes_max_one", "nodes_max=1"), ("nodes_max_zero", "nodes_max=0"),
                ("reason", "reason=nope"), ("reservation", "reservation=nope"),
                ("step", f"step={fail}"), ("step_two", f"step={ok},{fail}"),
                ("step_batch", f"step={fail}.batch"), ("step_unknown", "step=999999"),
                ("step_two_encoded", f"step={ok}%2C{fail}"),
                ("step_bad", "step=abc"),
                ("node", "node=queue2-dy-c5large-1"), ("node_unknown", "node=nope"),
                ("node_range", "node=queue1-dy-t3micro-[1-10]"),
                ("wckey", "wckey=nope"), ("constraints_dynamic", "constraints=dynamic"),
                ("format", "format=JobID"),
                ("disable_wait", "disable_wait_for_result=true"),
                ("submit_time_now_minus", "submit_time=now-1hour"),
                ("submit_time_after", f"submit_time={quote(iso(t_after + 3600))}"),
                ("exit_code_zero", "exit_code=0"), ("exit_code_colon", "exit_code=3:0")]
    for case, q in filters:
        r.rec(f"jobs_{case}", "GET", f"{db}/jobs?{q}")

    # Writes: as the job user, as an unassociated user, then as root (SlurmUser).
    acct = {"accounts": [{"name": "oracle-acct", "description": "oracle account",
                          "organization": "oracle"}]}
    user = {"users": [{"name": "oracle-user", "default": {"account": ACCOUNT}}]}
    assoc = {"associations": [{"account": ACCOUNT, "cluster": CLUSTER, "user": "root"}]}
    qos = {"qos": [{"name": "oracle-qos", "description": "oracle qos"}]}
    # v0.0.38 wants the list under "QOS" (its answer to "qos": Query parameter not found).
    qos_upper = {"QOS": [{"name": "oracle-qos", "description": "oracle qos"}]}
    wckey = {"wckeys": [{"name": "oracle-wckey", "user": rr.USER, "cluster": CLUSTER}]}
    posts = [("accounts", acct), ("users", user), ("associations", assoc), ("qos", qos),
             ("wckeys", wckey)]
    for what, body in posts:
        if "post" not in paths.get(f"{db}/{what}", ()):
            continue
        r.rec(f"post_{what}", "POST", f"{db}/{what}", body)
        r.rec(f"unassociated_post_{what}", "POST", f"{db}/{what}", body, headers=other)
        r.rec(f"admin_post_{what}", "POST", f"{db}/{what}", body, headers=r.admin)
        r.rec(f"admin_post_{what}_again", "POST", f"{db}/{what}", body, headers=r.admin)
        r.rec(f"admin_post_{what}_unparsable", "POST", f"{db}/{what}", raw=b'{"x": ',
              headers=r.admin)
        r.rec(f"admin_post_{what}_empty_body", "POST", f"{db}/{what}", raw=b"",
              headers=r.admin)
        r.rec(f"admin_post_{what}_wrong_type", "POST", f"{db}/{what}", {what: "nope"},
              headers=r.admin)
    if "post" in paths.get(f"{db}/qos", ()):
        r.rec("post_qos_upper", "POST", f"{db}/qos", qos_upper)
        r.rec("admin_post_qos_upper", "POST", f"{db}/qos", qos_upper, headers=r.admin)
        r.rec("admin_post_qos_upper_again", "POST", f"{db}/qos", qos_upper, headers=r.admin)
    r.rec("admin_accounts_after_post", "GET", f"{db}/accounts", headers=r.admin)
    r.rec("admin_account_after_post", "GET", f"{db}/account/oracle-acct", headers=r.admin)
    r.rec("admin_users_after_post", "GET", f"{db}/users", headers=r.admin)
    r.rec("admin_associations_after_post", "GET", f"{db}/associations", headers=r.admin)
    r.rec("admin_qos_after_post", "GET", f"{db}/qos", headers=r.admin)
    r.rec("admin_wckeys_after_post", "GET", f"{db}/wckeys", headers=r.admin)
    for post in ("tres", "clusters", "config"):
        if "post" in paths.get(f"{db}/{post}", ()):
            r.rec(f"post_{post}_empty_object", "POST", f"{db}/{post}", {})
    deletes = [("account", "account/{account_name}", "account/oracle-acct"),
               ("user", "user/{user_name}", "user/oracle-user"),
               ("association", "association",
                f"association?cluster={CLUSTER}&account={ACCOUNT}&user=root"),
               ("qos", "qos/{qos_name}", "qos/oracle-qos"),
               ("wckey", "wckey/{wckey}", "wckey/oracle-wckey"),
               ("cluster_unknown", "cluster/{cluster_name}", "cluster/no-such-cluster"),
               ("account_unknown", "account/{account_name}", "account/no-such-account"),
               ("user_unknown", "user/{user_name}", "user/no-such-user"),
               ("qos_unknown", "qos/{qos_name}", "qos/no-such-qos")]
    for case, route, p in deletes:
        if "delete" not in paths.get(f"{db}/{route}", ()):
            continue
        r.rec(f"delete_{case}", "DELETE", f"{db}/{p}")
        r.rec(f"admin_delete_{case}", "DELETE", f"{db}/{p}", headers=r.admin)
    r.rec("admin_accounts_after_delete", "GET", f"{db}/accounts", headers=r.admin)
    r.rec("admin_users_after_delete", "GET", f"{db}/users", headers=r.admin)

    # Routing and auth.
    r.rec("unknown_path", "GET", f"{db}/no-such-endpoint")
    r.rec("unknown_version", "GET", "/slurmdb/v0.0.39/jobs")
    r.rec("wrong_method_put_jobs", "PUT", f"{db}/jobs", {})
    r.rec("wrong_method_delete_jobs", "DELETE", f"{db}/jobs")
    r.rec("auth_no_headers", "GET", f"{db}/jobs", headers={})
    r.rec("auth_bad_signature", "GET", f"{db}/jobs",
          headers={"X-SLURM-USER-NAME": rr.USER, "X-SLURM-USER-TOKEN": r.bad["bad signature"]})


class Recorder(rr.Recorder):
    """rr.Recorder that survives the daemon dying on a request.

    Some requests kill 22.05's slurmrestd (a segfault: GET /slurmdb/v0.0.38/job/abc, DELETE
    /slurmdb/v0.0.3x/qos/NAME): the exchange is recorded with no answer and a note, and
    slurmrestd is started again (the database and slurmctld keep their state).
    """

    def rec(self, case, method, path, body=None, headers=None, raw=None, note=None):
        try:
            return super().rec(case, method, path, body, headers, raw, note)
        except (ConnectionError, OSError) as e:
            self.n += 1
            hdrs = {"X-SLURM-USER-NAME": rr.USER, "X-SLURM-USER-TOKEN": self.token} \
                if headers is None else headers
            doc = {"case": case, "release": self.release, "api_version": self.version,
                   "note": "slurmrestd closed the connection without an answer "
                           f"({type(e).__name__}) and died; restarted for the next case",
                   "request": {"method": method, "path": path,
                               "headers": {k: self.redact(v) for k, v in hdrs.items()},
                               "body": body if raw is None else raw.decode("utf-8", "replace")},
                   "answer": {"status": None, "content_type": None, "body": None}}
            with open(os.path.join(self.out, f"{self.n:03d}_{case}.json"), "w") as f:
                json.dump(doc, f, indent=1)
                f.write("\n")
            print(f"  {self.release} {self.version} {self.n:03d} {case}: no answer "
                  "(slurmrestd died)", flush=True)
            launcher("restart-rest", "--dir", self.dir)
            return {}


def launcher(*args):
    return rr.launcher(*args)


def record(versions):
    d = "/tmp/mock-oracle-record-22.05-acct"
    conf = ["--conf", rr.CLUSTER, "--dir", d, "--rest-port", str(REST_PORT), "--ctld-port",
            str(CTLD_PORT), "--node-port-base", str(NODE_BASE), "--accounting",
            "--dbd-port", str(DBD_PORT), "--db-port", str(DB_PORT), "--rest-plugins", PLUGINS]
    rr.REST_PORT = REST_PORT  # Recorder.call speaks to this port
    for i, v in enumerate(versions):
        shutil.rmtree(d, ignore_errors=True)
        launcher("start", *conf)
        try:
            token = launcher("token", rr.USER, "--dir", d)
            bad = {"bad signature": token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB")}
            r = Recorder(RELEASE, v, os.path.join(OUT, v), token, bad,
                            launcher("token", "root", "--dir", d))
            r.other_token = launcher("token", OTHER, "--dir", d)
            r.dir = d
            r.bad[f"{OTHER}'s token"] = r.other_token
            spec = r.call("GET", "/openapi/v3")["answer"]
            # The merged document with the dbv plugins (release_openapi_test).
            with open(os.path.join(OUT, "openapi_v3.json"), "w") as f:
                json.dump(spec["body"], f, indent=1)
                f.write("\n")
            story(r, spec["body"])
        finally:
            launcher("stop", "--dir", d)
    shutil.rmtree(d, ignore_errors=True)


# ---- 24.11 and 26.05 (openapi/slurmdbd) ---------------------------------------------------

def new_submit_body(name, script, partition="queue1"):
    return {"job": {"name": name, "partition": partition, "current_working_directory": "/tmp",
                    "environment": ["PATH=/bin:/usr/bin"], "script": script}}


class Routes:
    """A version's slurmdb routes as its /openapi/v3 spells them (some end in "/")."""

    def __init__(self, openapi, version):
        self.db = f"/slurmdb/{version}"
        self.by_seg = {}
        for p, ops in openapi.get("paths", {}).items():
            if p.startswith(self.db + "/"):
                seg = p[len(self.db) + 1:].split("/")[0] + ("/{}" if "{" in p else "")
                self.by_seg[seg] = (p, {m for m in ops if m in ("get", "post", "delete")})

    def has(self, seg, method="get"):
        return method in self.by_seg.get(seg, ("", set()))[1]

    def path(self, seg, value=None, query=None):
        """The route's path (seg/{} when value is given), {parameter} replaced, then ?query."""
        key = seg if value is None else seg + "/{}"
        p = self.by_seg[key][0] if key in self.by_seg else f"{self.db}/{seg}/"
        if value is not None:
            p = re.sub(r"\{[^}]+\}", quote(str(value), safe=""), p)
        return p + (f"?{query}" if query else "")


def pid_of(d, what):
    with open(os.path.join(d, "run", "launcher.json")) as f:
        return json.load(f).get(what)


def wait_gone_from_slurmctld(r, job_id, timeout=240):
    """Polls /slurm/<v>/job/<id> until slurmctld has purged the job (MinJobAge)."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        a = r.call("GET", f"/slurm/{r.version}/job/{job_id}")["answer"]
        b = a["body"] if isinstance(a["body"], dict) else {}
        if a["status"] != 200 or not b.get("jobs"):
            return time.monotonic() - t0
        time.sleep(1)
    raise SystemExit(f"job {job_id} still in slurmctld after {timeout}s")


# The slurmdb routes story_slurmdbd covers by name (others: a plain GET as user and root).
STORY_ROUTES = {"ping", "config", "diag", "clusters", "cluster/{}", "accounts", "account/{}",
                "associations", "association", "users", "user/{}", "qos", "qos/{}", "tres",
                "wckeys", "wckey/{}", "instances", "instance", "jobs", "job/{}",
                "accounts_association", "users_association"}


def story_slurmdbd(r, openapi):
    v = r.version
    R = Routes(openapi, v)
    other = {"X-SLURM-USER-NAME": OTHER, "X-SLURM-USER-TOKEN": r.other_token}
    adm = {"X-SLURM-USER-NAME": ADMIN_USER, "X-SLURM-USER-TOKEN": r.admin_user_token}
    submit = f"/slurm/{v}/job/submit"
    routes = ", ".join(f"{m.upper()} {p}" for p, ms in sorted(R.by_seg.values())
                       for m in sorted(ms))
    print(f"  {v} routes: {routes}", flush=True)

    r.rec("jobs_none_yet", "GET", R.path("jobs"))
    # The job that will age out of slurmctld: submitted first, looked for at the end.
    aged = r.rec("submit_aged", "POST", submit,
                 new_submit_body("acct-aged", "#!/bin/bash\necho aged"),
                 note=f"MinJobAge={AGED_MIN_JOB_AGE}: slurmctld forgets it, slurmdbd keeps it"
                 ).get("job_id")

    # Reads on a fresh database.
    if R.has("ping"):
        r.rec("ping", "GET", R.path("ping"))
        r.rec("admin_ping", "GET", R.path("ping"), headers=r.admin)
    r.rec("config", "GET", R.path("config"))
    r.rec("admin_config", "GET", R.path("config"), headers=r.admin)
    r.rec("diag", "GET", R.path("diag"))
    r.rec("admin_diag", "GET", R.path("diag"), headers=r.admin)
    r.rec("clusters", "GET", R.path("clusters"))
    r.rec("cluster", "GET", R.path("cluster", CLUSTER))
    r.rec("cluster_unknown", "GET", R.path("cluster", "no-such-cluster"))
    r.rec("accounts", "GET", R.path("accounts"))
    r.rec("accounts_with_assocs", "GET", R.path("accounts", query="with_assocs=true"))
    r.rec("account", "GET", R.path("account", ACCOUNT))
    r.rec("account_root", "GET", R.path("account", "root"))
    r.rec("account_unknown", "GET", R.path("account", "no-such-account"))
    r.rec("associations", "GET", R.path("associations"))
    r.rec("associations_of_user", "GET", R.path("associations", query=f"user={rr.USER}"))
    r.rec("associations_unknown_user", "GET", R.path("associations", query="user=nobody-here"))
    r.rec("association", "GET", R.path(
        "association", query=f"cluster={CLUSTER}&account={ACCOUNT}&user={rr.USER}"))
    r.rec("association_no_query", "GET", R.path("association"))
    r.rec("association_unknown", "GET", R.path(
        "association", query=f"cluster={CLUSTER}&account=no-such-account&user={rr.USER}"))
    r.rec("users", "GET", R.path("users"))
    r.rec("users_with_assocs", "GET", R.path("users", query="with_assocs=true"))
    r.rec("admin_users", "GET", R.path("users"), headers=r.admin)
    r.rec("user", "GET", R.path("user", rr.USER))
    r.rec("user_with_assocs", "GET", R.path("user", rr.USER, "with_assocs=true"))
    r.rec("user_root", "GET", R.path("user", "root"))
    r.rec("user_unknown", "GET", R.path("user", "no-such-user"))
    r.rec("qos", "GET", R.path("qos"))
    r.rec("qos_by_name", "GET", R.path("qos", query="name=normal"))
    r.rec("qos_normal", "GET", f"{R.db}/qos/normal")
    r.rec("qos_unknown", "GET", f"{R.db}/qos/no-such-qos")
    r.rec("tres", "GET", R.path("tres"))
    r.rec("wckeys", "GET", R.path("wckeys"))
    r.rec("admin_wckeys", "GET", R.path("wckeys"), headers=r.admin)
    r.rec("wckey_unknown", "GET", R.path("wckey", "no-such-wckey"))
    r.rec("admin_wckey_unknown_id", "GET", R.path("wckey", 999), headers=r.admin)
    for seg in ("instances", "instance"):
        if R.has(seg):
            r.rec(seg, "GET", R.path(seg))
            r.rec(f"admin_{seg}", "GET", R.path(seg), headers=r.admin)
    # Any other GET route the version lists (v0.0.45: /conf, the slurmdbd configuration).
    for seg, (p, methods) in sorted(R.by_seg.items()):
        if "{" not in p and "get" in methods and seg not in STORY_ROUTES:
            r.rec(f"{seg}", "GET", p, note="a route the story does not otherwise name")
            r.rec(f"admin_{seg}", "GET", p, headers=r.admin)
    r.rec("unassociated_accounts", "GET", R.path("accounts"), headers=other)
    r.rec("unassociated_users", "GET", R.path("users"), headers=other)
    r.rec("unassociated_jobs", "GET", R.path("jobs"), headers=other)

    # Jobs over /slurm/<v>, read back from the database once they have ended.
    t_before = int(time.time()) - 1
    ok = r.rec("submit_completing", "POST", submit,
               new_submit_body("acct-ok", "#!/bin/bash\necho accounted")).get("job_id")
    fail = r.rec("submit_failing", "POST", submit,
                 new_submit_body("acct-fail", "#!/bin/bash\nexit 3", "queue2")).get("job_id")
    cancel = r.rec("submit_to_cancel", "POST", submit,
                   new_submit_body("acct-cancel", "#!/bin/bash\nsleep 300")).get("job_id")
    r.wait_state(cancel, "RUNNING")
    r.rec("cancel_running", "DELETE", f"/slurm/{v}/job/{cancel}")
    states = {j: wait_db_end(r, R.db, j) for j in (aged, ok, fail, cancel)}
    time.sleep(2)
    t_between = int(time.time())
    time.sleep(2)
    late = r.rec("submit_late", "POST", submit,
                 new_submit_body("acct-late", "#!/bin/bash\necho late")).get("job_id")
    states[late] = wait_db_end(r, R.db, late)
    print(f"  ended in slurmdb: {states}", flush=True)
    time.sleep(1)
    t_after = int(time.time()) + 1
    r.rec("jobs", "GET", R.path("jobs"))
    r.rec("jobs_no_trailing_slash", "GET", R.path("jobs").rstrip("/"))
    r.rec("admin_jobs", "GET", R.path("jobs"), headers=r.admin)
    r.rec("unassociated_jobs_after", "GET", R.path("jobs"), headers=other)
    r.rec("job_completed", "GET", R.path("job", ok))
    r.rec("job_failed", "GET", R.path("job", fail))
    r.rec("job_cancelled", "GET", R.path("job", cancel))
    r.rec("admin_job_completed", "GET", R.path("job", ok), headers=r.admin)
    r.rec("unassociated_job_completed", "GET", R.path("job", ok), headers=other)
    r.rec("job_unknown", "GET", R.path("job", 999999))
    r.rec("job_not_a_number", "GET", R.path("job", "abc"))
    r.rec("job_with_step", "GET", R.path("job", f"{ok}.batch"))
    filters = [("account", f"account={ACCOUNT}"), ("account_unknown", "account=no-such"),
               ("partition", "partition=queue2"), ("partition_two", "partition=queue1,queue2"),
               ("partition_two_encoded", "partition=queue1%2Cqueue2"),
               ("state_failed", "state=FAILED"), ("state_completed", "state=completed"),
               ("state_cancelled", "state=CANCELLED"),
               ("state_two_encoded", "state=CANCELLED%2CFAILED"), ("state_bogus", "state=bogus"),
               ("job_name", "job_name=acct-fail"), ("job_name_unknown", "job_name=nope"),
               ("users", f"users={rr.USER}"), ("users_root", "users=root"),
               ("users_unknown", "users=no-such-user"), ("groups", "groups=ec2-user"),
               ("start_time", f"start_time={t_before}"), ("end_time", f"end_time={t_after}"),
               ("window", f"start_time={t_before}&end_time={t_after}"),
               ("window_before_jobs", "start_time=1000&end_time=2000"),
               ("end_time_between", f"end_time={t_between}"),
               ("start_time_bad", "start_time=abc"), ("submit_time", f"submit_time={t_before}"),
               ("start_time_iso_encoded", f"start_time={quote(iso(t_before))}"),
               ("end_time_iso_encoded_between", f"end_time={quote(iso(t_between))}"),
               ("start_time_iso", f"start_time={iso(t_before)}"),
               ("start_time_now_minus", "start_time=now-1hour"),
               ("window_iso_encoded",
                f"start_time={quote(iso(t_before))}&end_time={quote(iso(t_after))}"),
               ("window_iso_encoded_before_jobs",
                f"start_time={quote(iso(t_before - 7200))}&end_time={quote(iso(t_before - 3600))}"),
               ("state_failed_with_window_iso_encoded",
                f"state=FAILED&start_time={quote(iso(t_before))}&end_time={quote(iso(t_after))}"),
               ("state_completed_with_window_iso_encoded",
                f"state=COMPLETED&start_time={quote(iso(t_before))}&end_time={quote(iso(t_after))}"),
               ("state_two_with_window_iso_encoded",
                f"state=CANCELLED%2CFAILED&start_time={quote(iso(t_before))}"
                f"&end_time={quote(iso(t_after))}"),
               ("state_failed_with_window",
                f"state=FAILED&start_time={t_before}&end_time={t_after}"),
               ("state_completed_with_window",
                f"state=COMPLETED&start_time={t_before}&end_time={t_after}"),
               ("exit_code", "exit_code=3"), ("cluster", f"cluster={CLUSTER}"),
               ("cluster_unknown", "cluster=no-such"), ("qos", "qos=normal"),
               ("node", "node=queue2-dy-c5large-1"), ("step", f"step={fail}"),
               ("step_batch", f"step={fail}.batch"), ("skip_steps", "skip_steps=true"),
               ("show_batch_script", "show_batch_script=true"),
               ("show_job_environment", "show_job_environment=true"),
               ("wckey", "wckey=no-such"), ("reason", "reason=None"),
               ("cpus_min", "cpus_min=1"), ("user_field", f"user={rr.USER}"),
               ("unknown_field", "no_such=1")]
    for case, q in filters:
        r.rec(f"jobs_{case}", "GET", R.path("jobs", query=q))

    # Writes: the job user, an unassociated user, root (SlurmUser); later an Administrator.
    acct = {"accounts": [{"name": "oracle-acct", "description": "oracle account",
                          "organization": "oracle"}]}
    user = {"users": [{"name": "oracle-user", "default": {"account": ACCOUNT}}]}
    assoc = {"associations": [{"account": ACCOUNT, "cluster": CLUSTER, "user": "root"}]}
    qos = {"qos": [{"name": "oracle-qos", "description": "oracle qos"}]}
    wckey = {"wckeys": [{"name": "oracle-wckey", "user": rr.USER, "cluster": CLUSTER}]}
    acct_cond = {"association_condition": {"accounts": ["oracle-acct2"], "clusters": [CLUSTER]},
                 "account": {"description": "added with a condition", "organization": "oracle"}}
    user_cond = {"association_condition": {"users": ["oracle-user2"], "accounts": [ACCOUNT],
                                           "clusters": [CLUSTER]},
                 "user": {"default": {"account": ACCOUNT}}}
    posts = [("accounts", acct), ("users", user), ("associations", assoc), ("qos", qos),
             ("wckeys", wckey), ("accounts_association", acct_cond),
             ("users_association", user_cond)]
    for what, body in posts:
        if not R.has(what, "post"):
            continue
        p = R.path(what)
        r.rec(f"post_{what}", "POST", p, body)
        r.rec(f"unassociated_post_{what}", "POST", p, body, headers=other)
        r.rec(f"admin_post_{what}", "POST", p, body, headers=r.admin)
        r.rec(f"admin_post_{what}_again", "POST", p, body, headers=r.admin)
        r.rec(f"admin_post_{what}_unparsable", "POST", p, raw=b'{"x": ', headers=r.admin)
        r.rec(f"admin_post_{what}_empty_body", "POST", p, raw=b"", headers=r.admin)
        r.rec(f"admin_post_{what}_wrong_type", "POST", p, {what: "nope"}, headers=r.admin)
    r.rec("admin_post_accounts_missing_name", "POST", R.path("accounts"),
          {"accounts": [{"description": "no name", "organization": "oracle"}]}, headers=r.admin)
    r.rec("admin_post_users_unknown_account", "POST", R.path("users"),
          {"users": [{"name": "oracle-user3", "default": {"account": "no-such-account"}}]},
          headers=r.admin)
    r.rec("admin_post_associations_unknown_account", "POST", R.path("associations"),
          {"associations": [{"account": "no-such-account", "cluster": CLUSTER,
                             "user": rr.USER}]}, headers=r.admin)
    # An Administrator made over REST (admin level), then acting.
    r.rec("admin_post_users_administrator", "POST", R.path("users"),
          {"users": [{"name": ADMIN_USER, "administrator_level": ["Administrator"],
                      "default": {"account": ACCOUNT}}]}, headers=r.admin)
    r.rec("administrator_user", "GET", R.path("user", ADMIN_USER), headers=r.admin)
    r.rec("administrator_post_accounts", "POST", R.path("accounts"),
          {"accounts": [{"name": "oracle-acct-adm", "description": "by an administrator",
                         "organization": "oracle"}]}, headers=adm)
    r.rec("administrator_wckeys", "GET", R.path("wckeys"), headers=adm)
    r.rec("administrator_diag", "GET", R.path("diag"), headers=adm)
    r.rec("administrator_delete_account", "DELETE", R.path("account", "oracle-acct-adm"),
          headers=adm)
    # An Operator (admin level) likewise.
    op = {"X-SLURM-USER-NAME": OPERATOR_USER, "X-SLURM-USER-TOKEN": r.operator_token}
    r.rec("admin_post_users_operator", "POST", R.path("users"),
          {"users": [{"name": OPERATOR_USER, "administrator_level": ["Operator"],
                      "default": {"account": ACCOUNT}}]}, headers=r.admin)
    r.rec("operator_post_accounts", "POST", R.path("accounts"),
          {"accounts": [{"name": "oracle-acct-op", "description": "by an operator",
                         "organization": "oracle"}]}, headers=op)
    r.rec("operator_post_qos", "POST", R.path("qos"),
          {"qos": [{"name": "oracle-qos-op", "description": "by an operator"}]}, headers=op)
    r.rec("operator_post_users_administrator", "POST", R.path("users"),
          {"users": [{"name": OPERATOR_USER, "administrator_level": ["Administrator"]}]},
          headers=op)
    r.rec("operator_wckeys", "GET", R.path("wckeys"), headers=op)
    r.rec("operator_diag", "GET", R.path("diag"), headers=op)
    r.rec("operator_delete_account", "DELETE", R.path("account", "oracle-acct-op"), headers=op)
    r.rec("operator_delete_qos", "DELETE", f"{R.db}/qos/oracle-qos-op", headers=op)
    # nobody (uid 65534) made Administrator.
    nob = {"X-SLURM-USER-NAME": NOBODY, "X-SLURM-USER-TOKEN": r.nobody_token}
    r.rec("admin_post_users_nobody_administrator", "POST", R.path("users"),
          {"users": [{"name": NOBODY, "administrator_level": ["Administrator"],
                      "default": {"account": ACCOUNT}}]}, headers=r.admin)
    r.rec("nobody_administrator_post_accounts", "POST", R.path("accounts"),
          {"accounts": [{"name": "oracle-acct-nobody", "description": "by nobody",
                         "organization": "oracle"}]}, headers=nob)
    r.rec("nobody_administrator_wckeys", "GET", R.path("wckeys"), headers=nob)
    r.rec("nobody_administrator_jobs", "GET", R.path("jobs"), headers=nob)
    r.rec("admin_accounts_after_post", "GET", R.path("accounts"), headers=r.admin)
    r.rec("admin_account_after_post", "GET", R.path("account", "oracle-acct"), headers=r.admin)
    r.rec("admin_users_after_post", "GET", R.path("users"), headers=r.admin)
    r.rec("admin_associations_after_post", "GET", R.path("associations"), headers=r.admin)
    r.rec("admin_qos_after_post", "GET", R.path("qos"), headers=r.admin)
    wk = r.rec("admin_wckeys_after_post", "GET", R.path("wckeys"), headers=r.admin)
    wk_id = next((w.get("id") for w in wk.get("wckeys", []) if w.get("name") == "oracle-wckey"),
                 None)
    # wckey/{id} is documented as the WCKey ID; the daemon looks the value up as a name.
    r.rec("wckey", "GET", R.path("wckey", "oracle-wckey"))
    r.rec("admin_wckey", "GET", R.path("wckey", "oracle-wckey"), headers=r.admin)
    if wk_id is not None:
        r.rec("admin_wckey_by_numeric_id", "GET", R.path("wckey", wk_id), headers=r.admin)
        r.rec("admin_delete_wckey_by_numeric_id", "DELETE", R.path("wckey", wk_id),
              headers=r.admin)
    for post in ("tres", "clusters", "config"):
        if R.has(post, "post"):
            r.rec(f"post_{post}_empty_object", "POST", R.path(post), {})
            r.rec(f"admin_post_{post}_empty_object", "POST", R.path(post), {}, headers=r.admin)
    deletes = [("account", R.path("account", "oracle-acct")),
               ("account_with_condition", R.path("account", "oracle-acct2")),
               ("user", R.path("user", "oracle-user")),
               ("user_with_condition", R.path("user", "oracle-user2")),
               ("association", R.path("association",
                                      query=f"cluster={CLUSTER}&account={ACCOUNT}&user=root")),
               ("associations_unknown", R.path("associations", query="account=no-such-account")),
               ("qos", f"{R.db}/qos/oracle-qos"),
               ("wckey", R.path("wckey", "oracle-wckey")),
               ("cluster_unknown", R.path("cluster", "no-such-cluster")),
               ("account_unknown", R.path("account", "no-such-account")),
               ("user_unknown", R.path("user", "no-such-user")),
               ("qos_unknown", f"{R.db}/qos/no-such-qos"),
               ("wckey_unknown", R.path("wckey", "no-such-wckey"))]
    for case, p in deletes:
        r.rec(f"delete_{case}", "DELETE", p)
        r.rec(f"admin_delete_{case}", "DELETE", p, headers=r.admin)
    r.rec("admin_accounts_after_delete", "GET", R.path("accounts"), headers=r.admin)
    r.rec("admin_accounts_with_deleted", "GET", R.path("accounts", query="with_deleted=true"),
          headers=r.admin)
    r.rec("admin_users_after_delete", "GET", R.path("users"), headers=r.admin)
    r.rec("admin_qos_after_delete", "GET", R.path("qos"), headers=r.admin)

    # Routing and auth.
    r.rec("unknown_path", "GET", f"{R.db}/no-such-endpoint")
    r.rec("unknown_version", "GET", "/slurmdb/v0.0.39/jobs/")
    r.rec("wrong_method_put_jobs", "PUT", R.path("jobs"), {})
    r.rec("wrong_method_delete_jobs", "DELETE", R.path("jobs"))
    r.rec("auth_no_headers", "GET", R.path("jobs"), headers={})
    r.rec("auth_bad_signature", "GET", R.path("jobs"),
          headers={"X-SLURM-USER-NAME": rr.USER, "X-SLURM-USER-TOKEN": r.bad["bad signature"]})

    # The story that matters most: the first job, gone from slurmctld, still in slurmdbd.
    waited = wait_gone_from_slurmctld(r, aged)
    print(f"  job {aged} purged by slurmctld {waited:.0f}s after the story's end", flush=True)
    r.rec("aged_slurm_job_gone", "GET", f"/slurm/{v}/job/{aged}",
          note=f"MinJobAge={AGED_MIN_JOB_AGE}: slurmctld no longer knows the job")
    r.rec("aged_slurm_jobs", "GET", f"/slurm/{v}/jobs")
    r.rec("aged_job_in_slurmdb", "GET", R.path("job", aged))
    r.rec("aged_jobs_by_name", "GET", R.path("jobs", query="job_name=acct-aged"))
    r.rec("aged_jobs_all", "GET", R.path("jobs"))

    # slurmdbd goes away: what the slurmdb routes answer then.
    pid = pid_of(r.dir, "slurmdbd")
    if pid and rs_alive(pid):
        os.kill(pid, signal.SIGTERM)
        end = time.monotonic() + 20
        while rs_alive(pid) and time.monotonic() < end:
            time.sleep(0.2)
    note = "slurmdbd stopped (slurmctld and slurmrestd still running)"
    if R.has("ping"):
        r.rec("dbd_down_ping", "GET", R.path("ping"), note=note)
    r.rec("dbd_down_jobs", "GET", R.path("jobs"), note=note)
    r.rec("dbd_down_job", "GET", R.path("job", ok), note=note)
    r.rec("dbd_down_accounts", "GET", R.path("accounts"), note=note)
    r.rec("dbd_down_diag", "GET", R.path("diag"), headers=r.admin, note=note)
    r.rec("dbd_down_config", "GET", R.path("config"), headers=r.admin, note=note)
    r.rec("dbd_down_admin_post_accounts", "POST", R.path("accounts"),
          {"accounts": [{"name": "oracle-acct-down", "description": "d",
                         "organization": "o"}]}, headers=r.admin, note=note)
    r.rec("dbd_down_slurm_ping", "GET", f"/slurm/{v}/ping", note=note)


def rs_alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def aged_fixture(d):
    """The parallelcluster fixture with MinJobAge lowered (see AGED_MIN_JOB_AGE)."""
    with open(rr.CLUSTER) as f:
        text = f.read()
    text, n = re.subn(r"(?mi)^MinJobAge=\S+", f"MinJobAge={AGED_MIN_JOB_AGE}", text)
    if not n:
        text += f"MinJobAge={AGED_MIN_JOB_AGE}\n"
    path = f"{d}-fixture.conf"
    with open(path, "w") as f:
        f.write(text)
    return path


def tokens(d):
    token = launcher("token", rr.USER, "--dir", d)
    bad = {"bad signature": token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB")}
    return token, bad, launcher("token", "root", "--dir", d)


def record_new(release, versions, no_accounting):
    ports = NEW[release]
    out = os.path.join(ORACLE, f"{release}-acct")
    d = f"/tmp/mock-oracle-record-{release}-acct"
    fixture = aged_fixture(d)
    base = ["--slurm-version", release, "--conf", fixture, "--dir", d,
            "--rest-port", str(ports["rest"]), "--ctld-port", str(ports["ctld"]),
            "--node-port-base", str(ports["nodes"])]
    acct = ["--accounting", "--dbd-port", str(ports["dbd"]), "--db-port", str(ports["db"])]
    rr.REST_PORT = ports["rest"]
    for v in versions:
        shutil.rmtree(os.path.join(out, v), ignore_errors=True)
        launcher("stop", "--dir", d) if os.path.exists(f"{d}/run/launcher.json") else None
        shutil.rmtree(d, ignore_errors=True)
        t0 = time.monotonic()
        launcher("start", *base, *acct)
        print(f"{release} {v}: started with accounting in {time.monotonic() - t0:.0f}s",
              flush=True)
        try:
            token, bad, root = tokens(d)
            r = Recorder(release, v, os.path.join(out, v), token, bad, root)
            r.other_token = launcher("token", OTHER, "--dir", d)
            r.admin_user_token = launcher("token", ADMIN_USER, "--dir", d)
            r.dir = d
            r.bad[f"{OTHER}'s token"] = r.other_token
            r.operator_token = launcher("token", OPERATOR_USER, "--dir", d)
            r.bad[f"{ADMIN_USER}'s token"] = r.admin_user_token
            r.bad[f"{OPERATOR_USER}'s token"] = r.operator_token
            r.nobody_token = launcher("token", NOBODY, "--dir", d)
            r.bad[f"{NOBODY}'s token"] = r.nobody_token
            spec = r.call("GET", "/openapi/v3")["answer"]["body"]
            with open(os.path.join(out, "openapi_v3.json"), "w") as f:
                json.dump(spec, f, indent=1)
                f.write("\n")
            story_slurmdbd(r, spec)
        finally:
            launcher("stop", "--dir", d)
    if no_accounting:
        record_no_accounting(release, base, os.path.join(out, "no-accounting"), d)
    shutil.rmtree(d, ignore_errors=True)
    os.unlink(fixture)


def record_no_accounting(release, base, out, d):
    """The slurmdb routes of a cluster without accounting: openapi/slurmctld alone, then
    openapi/slurmdbd loaded beside it with AccountingStorageType=accounting_storage/none."""
    shutil.rmtree(out, ignore_errors=True)
    n = 0
    for setup, plugins in (("slurmctld_only", "openapi/slurmctld"),
                           ("slurmdbd_plugin_no_storage", "openapi/slurmctld,openapi/slurmdbd")):
        shutil.rmtree(d, ignore_errors=True)
        try:
            launcher("start", *base, "--rest-plugins", plugins)
        except SystemExit as e:
            n += 1
            os.makedirs(out, exist_ok=True)
            with open(os.path.join(out, f"{n:03d}_{setup}_start_failed.json"), "w") as f:
                json.dump({"case": f"{setup}_start_failed", "release": release,
                           "note": f"slurmrestd -s {plugins} did not start",
                           "launcher": str(e)[-3000:]}, f, indent=1)
                f.write("\n")
            print(f"  {release} {setup}: start failed", flush=True)
            try:
                launcher("stop", "--dir", d)
            except SystemExit:
                pass
            continue
        try:
            token, bad, root = tokens(d)
            for v in rr.VERSIONS[release]:
                r = Recorder(release, v, out, token, bad, root)
                r.n, r.dir = n, d
                db = f"/slurmdb/{v}"
                note = f"no accounting: slurmrestd -s {plugins}"
                r.rec(f"{setup}_jobs", "GET", f"{db}/jobs/", note=note)
                r.rec(f"{setup}_job", "GET", f"{db}/job/1", note=note)
                r.rec(f"{setup}_accounts", "GET", f"{db}/accounts/", note=note)
                r.rec(f"{setup}_admin_accounts", "GET", f"{db}/accounts/", headers=r.admin,
                      note=note)
                r.rec(f"{setup}_ping", "GET", f"{db}/ping/", note=note)
                r.rec(f"{setup}_diag", "GET", f"{db}/diag/", headers=r.admin, note=note)
                r.rec(f"{setup}_config", "GET", f"{db}/config", headers=r.admin, note=note)
                r.rec(f"{setup}_admin_post_accounts", "POST", f"{db}/accounts/",
                      {"accounts": [{"name": "x", "description": "d", "organization": "o"}]},
                      headers=r.admin, note=note)
                n = r.n
            spec = Recorder(release, "openapi", out, token, bad, root).call(
                "GET", "/openapi/v3")["answer"]["body"]
            n += 1
            with open(os.path.join(out, f"{n:03d}_{setup}_openapi_slurmdb_paths.json"), "w") as f:
                json.dump({"case": f"{setup}_openapi_slurmdb_paths", "release": release,
                           "note": f"the /slurmdb/ paths /openapi/v3 lists with -s {plugins}",
                           "paths": sorted(p for p in spec.get("paths", {})
                                           if p.startswith("/slurmdb/"))}, f, indent=1)
                f.write("\n")
        finally:
            launcher("stop", "--dir", d)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--release", action="append", choices=[RELEASE] + list(NEW))
    ap.add_argument("--version", action="append",
                    choices=sorted(set(VERSIONS + sum(rr.VERSIONS.values(), []))))
    ap.add_argument("--skip-no-accounting", action="store_true",
                    help="24.11+: do not record the clusters without accounting")
    a = ap.parse_args()
    for release in a.release or [RELEASE]:
        t0 = time.monotonic()
        known = VERSIONS if release == RELEASE else rr.VERSIONS[release]
        versions = [v for v in (a.version or known) if v in known]
        if release == RELEASE:
            for v in versions:
                shutil.rmtree(os.path.join(OUT, v), ignore_errors=True)
            os.makedirs(OUT, exist_ok=True)
            record(versions)
        else:
            record_new(release, versions, not a.skip_no_accounting)
        print(f"{release}: recorded in {time.monotonic() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
