#!/usr/bin/python3
"""Records what the real 24.11 and 26.05 slurmrestd answer to the slurmdb `jobs/` filters that
record_accounting.py's story does not measure (docs/differences.md B13): association,
constraints, cpus_min/cpus_max, nodes_min/nodes_max, reason, reservation, format, the time
limits, and the job condition's flags (scheduler_unset, scheduled_*, job_started, job_altered,
show_duplicates, whole_hetjob, disable_*, usage_time_as_submit_time).

One daemon with accounting per release (real_slurmrestd.py --slurm-version X --accounting, on
ports of its own: 24.11 REST 7330, slurmctld 7331, slurmdbd 7332, MariaDB 7333, slurmds
20600+; 26.05 7340-7343 and 20700+), five jobs submitted over /slurm/ so that each filter has
something to tell apart (one CPU on one node; two CPUs; two nodes failing with exit code 3;
a constraint; one held, never started), then every filter asked of every data_parser version
on that same database. Each exchange is saved in order as
mock_slurmrestd/tests/data/oracle/<release>-acct/job_filters/<NNN>_<case>.json in the format of
record_releases.py (release_slurmdb_test replays the directory on one mock).

  record_job_filters.py --release 24.11 [--release 26.05]
"""

import argparse
import os
import shutil
import sys
import time

import record_releases as rr
from record_accounting import ORACLE, aged_fixture, launcher, new_submit_body, tokens, \
    wait_db_end

PORTS = {"24.11": {"rest": 7330, "ctld": 7331, "dbd": 7332, "db": 7333, "nodes": 20600},
         "26.05": {"rest": 7340, "ctld": 7341, "dbd": 7342, "db": 7343, "nodes": 20700}}
ACCOUNT = "ec2-user-acct"


def jobs_of(r, db):
    b = r.call("GET", f"{db}/jobs/")["answer"]["body"]
    return b.get("jobs", []) if isinstance(b, dict) else []


def filters(assoc_user, assoc_account):
    f = [("association_user", f"association={assoc_user}"),
         ("association_account", f"association={assoc_account}"),
         ("association_two", f"association={assoc_account}%2C{assoc_user}"),
         ("association_unknown", "association=999999"), ("association_bad", "association=abc"),
         ("constraints", "constraints=t3micro"), ("constraints_unknown", "constraints=nope"),
         ("constraints_feature_of_all", "constraints=dynamic"),
         ("cpus_min_two", "cpus_min=2"), ("cpus_min_one", "cpus_min=1"),
         ("cpus_max_one", "cpus_max=1"), ("cpus_max_two", "cpus_max=2"),
         ("cpus_max_zero", "cpus_max=0"), ("cpus_min_max_one", "cpus_min=1&cpus_max=1"),
         ("cpus_max_bad", "cpus_max=abc"),
         ("nodes_min_two", "nodes_min=2"), ("nodes_min_one", "nodes_min=1"),
         ("nodes_max_one", "nodes_max=1"), ("nodes_max_zero", "nodes_max=0"),
         ("nodes_min_max_one", "nodes_min=1&nodes_max=1"), ("nodes_min_bad", "nodes_min=abc"),
         ("reason_unknown", "reason=nope"), ("reason_held", "reason=JobHeldUser"),
         ("reservation", "reservation=nope"), ("reservation_id", "reservation_id=1"),
         ("format", "format=JobID"),
         ("timelimit_min", "timelimit_min=1"), ("timelimit_max", "timelimit_max=1"),
         ("submit_time_now_minus", "submit_time=now-1hour"), ("exit_code_zero", "exit_code=0")]
    for flag in ("scheduler_unset", "scheduled_on_submit", "scheduled_by_main",
                 "scheduled_by_backfill", "job_started", "job_altered", "show_duplicates",
                 "disable_truncate_usage_time", "whole_hetjob", "disable_whole_hetjob",
                 "disable_wait_for_result", "usage_time_as_submit_time"):
        f.append((flag, f"{flag}=true"))
    f += [("job_started_false", "job_started=false"), ("job_started_one", "job_started=1"),
          ("whole_hetjob_false", "whole_hetjob=false")]
    return f


def record(release):
    ports = PORTS[release]
    out = os.path.join(ORACLE, f"{release}-acct", "job_filters")
    d = f"/tmp/mock-oracle-filters-{release}-acct"
    shutil.rmtree(out, ignore_errors=True)
    if os.path.exists(f"{d}/run/launcher.json"):
        launcher("stop", "--dir", d)
    shutil.rmtree(d, ignore_errors=True)
    fixture = aged_fixture(d)
    rr.REST_PORT = ports["rest"]
    launcher("start", "--slurm-version", release, "--conf", fixture, "--dir", d,
             "--rest-port", str(ports["rest"]), "--ctld-port", str(ports["ctld"]),
             "--node-port-base", str(ports["nodes"]), "--accounting",
             "--dbd-port", str(ports["dbd"]), "--db-port", str(ports["db"]))
    try:
        token, bad, root = tokens(d)
        versions = rr.VERSIONS[release]
        newest = versions[-1] if release == "24.11" else "v0.0.45"
        r = rr.Recorder(release, newest, out, token, bad, root)
        submit = f"/slurm/{newest}/job/submit"
        db = f"/slurmdb/{newest}"
        one = r.rec("submit_one_cpu", "POST", submit,
                    new_submit_body("flt-one", "#!/bin/bash\necho one")).get("job_id")
        body = new_submit_body("flt-two-cpus", "#!/bin/bash\necho two")
        body["job"].update({"tasks": 1, "cpus_per_task": 2})
        two_cpus = r.rec("submit_two_cpus", "POST", submit, body).get("job_id")
        body = new_submit_body("flt-two-nodes", "#!/bin/bash\nexit 3", "queue2")
        body["job"].update({"minimum_nodes": 2, "maximum_nodes": 2})
        two_nodes = r.rec("submit_two_nodes", "POST", submit, body).get("job_id")
        body = new_submit_body("flt-constraint", "#!/bin/bash\necho c")
        body["job"]["constraints"] = "t3micro"
        constraint = r.rec("submit_constraint", "POST", submit, body).get("job_id")
        ended = {j: wait_db_end(r, db, j) for j in (one, two_cpus, two_nodes, constraint)}
        body = new_submit_body("flt-held", "#!/bin/bash\necho held")
        body["job"]["hold"] = True
        held = r.rec("submit_held", "POST", submit, body).get("job_id")
        settled = time.monotonic() + 60
        while time.monotonic() < settled and len(jobs_of(r, db)) < 5:
            time.sleep(0.5)
        print(f"  ended: {ended}; held {held}", flush=True)
        time.sleep(1)
        # v0.0.41 and v0.0.42 print 0 for an association's id; v0.0.40 its id in an object.
        b = r.call("GET", f"/slurmdb/{versions[0]}/associations/")["answer"]["body"]
        assocs = b.get("associations", []) if isinstance(b, dict) else []
        by = {(a.get("account"), a.get("user")):
              a["id"]["id"] if isinstance(a.get("id"), dict) else a.get("id") for a in assocs}
        assoc_user = by.get((ACCOUNT, rr.USER))
        assoc_account = by.get((ACCOUNT, ""))
        if not assoc_user or not assoc_account:
            raise SystemExit(f"associations not found: {assocs}")
        for v in versions:
            r.version = v
            r.rec("jobs", "GET", f"/slurmdb/{v}/jobs/")
            for case, q in filters(assoc_user, assoc_account):
                r.rec(f"jobs_{case}", "GET", f"/slurmdb/{v}/jobs/?{q}")
    finally:
        launcher("stop", "--dir", d)
        os.unlink(fixture)
    shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--release", action="append", choices=sorted(PORTS), required=True)
    a = ap.parse_args()
    for release in a.release:
        t0 = time.monotonic()
        record(release)
        print(f"{release}: recorded in {time.monotonic() - t0:.0f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
