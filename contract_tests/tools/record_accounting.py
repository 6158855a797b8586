#!/usr/bin/python3
"""Records what the real Slurm 22.05 slurmrestd answers on its slurmdb routes (dbv0.0.36-38).

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
"""

import argparse
import json
import os
import shutil
import time
from urllib.parse import quote

import record_releases as rr

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "mock_slurmrestd", "tests", "data", "oracle", "22.05-acct")
RELEASE = "22.05"
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
        if cur in ENDED:
            return cur
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
            story(r, spec["body"])
        finally:
            launcher("stop", "--dir", d)
    shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--version", action="append", choices=VERSIONS)
    a = ap.parse_args()
    versions = a.version or VERSIONS
    for v in versions:
        shutil.rmtree(os.path.join(OUT, v), ignore_errors=True)
    os.makedirs(OUT, exist_ok=True)
    record(versions)


if __name__ == "__main__":
    main()
