#!/usr/bin/python3
"""Records what real Slurm 24.11 and 26.05 slurmrestd daemons answer, for every data_parser version.

For each release, starts the real daemon in its chroot (contract_tests/oracle/real_slurmrestd.py,
ports 6890/6897/17600+), saves /openapi/v3 in full, then, once per API version on a freshly
started cluster (job ids from 1), runs a fixed story over HTTP and saves each exchange as
mock_slurmrestd/tests/data/oracle/<release>/<version>/<NN>_<case>.json:
  {"case", "release", "api_version", "request": {method, path, headers, body},
   "answer": {status, content_type, body}}  (body parsed when JSON, else text; tokens redacted)

  make record-releases          # both releases (root; chroots: make oracle-deps-releases)
  record_releases.py --release 24.11 --version v0.0.42
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAUNCHER = os.path.join(ROOT, "contract_tests", "oracle", "real_slurmrestd.py")
CLUSTER = os.path.join(ROOT, "fixtures", "clusters", "parallelcluster", "slurm.conf")
BLOG_JOB = os.path.join(ROOT, "fixtures", "jobs", "blog_job.json")
OUT = os.path.join(ROOT, "mock_slurmrestd", "tests", "data", "oracle")
VERSIONS = {"24.11": ["v0.0.40", "v0.0.41", "v0.0.42"],
            "26.05": ["v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45"]}
USER = "ec2-user"
REST_PORT, CTLD_PORT, NODE_BASE = 6890, 6897, 17600
NODE = "queue1-dy-t3micro-1"


def launcher(*args):
    r = subprocess.run([sys.executable, LAUNCHER, *args], capture_output=True, text=True,
                       timeout=300)
    if r.returncode != 0:
        raise SystemExit(f"launcher {args} failed:\n{r.stdout}\n{r.stderr}")
    return r.stdout.strip()


class Recorder:
    def __init__(self, release, version, out_dir, token, bad_tokens, root_token):
        self.release, self.version, self.out = release, version, out_dir
        self.token, self.bad, self.root_token = token, bad_tokens, root_token
        self.admin = {"X-SLURM-USER-NAME": "root", "X-SLURM-USER-TOKEN": root_token}
        self.n = 0
        os.makedirs(out_dir, exist_ok=True)

    def call(self, method, path, body=None, headers=None, raw=None, timeout=30):
        """One exchange; headers=None means the job user with a valid token."""
        hdrs = {"X-SLURM-USER-NAME": USER, "X-SLURM-USER-TOKEN": self.token} \
            if headers is None else dict(headers)
        data = raw if raw is not None else (
            json.dumps(body).encode() if body is not None else None)
        if data is not None:
            hdrs.setdefault("Content-Type", "application/json")
        req = urllib.request.Request(f"http://127.0.0.1:{REST_PORT}{path}", data=data,
                                     headers=hdrs, method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                status, ctype, text = r.status, r.headers.get("Content-Type"), r.read()
        except urllib.error.HTTPError as e:
            status, ctype, text = e.code, e.headers.get("Content-Type"), e.read()
        text = text.decode("utf-8", "replace")
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = text
        shown = {k: self.redact(v) for k, v in hdrs.items()}
        return {"request": {"method": method, "path": path, "headers": shown,
                            "body": body if raw is None else data.decode("utf-8", "replace")},
                "answer": {"status": status, "content_type": ctype, "body": parsed}}

    def redact(self, value):
        """Tokens in a recorded header become their names ("Bearer <valid token>")."""
        names = {self.token: "valid token", self.root_token: "root's token"}
        names.update({t: n for n, t in self.bad.items()})
        for tok, name in sorted(names.items(), key=lambda x: -len(x[0])):
            value = value.replace(tok, f"<{name}>")
        return value

    def rec(self, case, method, path, body=None, headers=None, raw=None, note=None):
        x = self.call(method, path, body, headers, raw)
        self.n += 1
        doc = {"case": case, "release": self.release, "api_version": self.version}
        if note:
            doc["note"] = note
        doc.update(x)
        with open(os.path.join(self.out, f"{self.n:03d}_{case}.json"), "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        a = x["answer"]
        print(f"  {self.release} {self.version} {self.n:03d} {case}: {a['status']}", flush=True)
        return a["body"] if isinstance(a["body"], dict) else {}

    def job(self, job_id):
        b = self.call("GET", f"/slurm/{self.version}/job/{job_id}")["answer"]["body"]
        return b["jobs"][0] if isinstance(b, dict) and b.get("jobs") else {}

    def wait_state(self, job_id, state, timeout=60, flag=None):
        """Polls until job_state (a list since v0.0.40) holds state (and flag, if given)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            s = self.job(job_id).get("job_state", [])
            s = s if isinstance(s, list) else [s]
            if state in s and (flag is None or flag in s):
                return True
            if flag is None and state not in s and set(s) & {"COMPLETED", "FAILED",
                                                            "CANCELLED", "TIMEOUT"}:
                break
            time.sleep(0.2)
        raise SystemExit(f"{self.release} {self.version}: job {job_id} never {state} "
                         f"{flag or ''}: {self.job(job_id).get('job_state')}")


def job_desc(name, script, **extra):
    d = {"name": name, "partition": "queue1", "current_working_directory": "/tmp",
         "environment": ["PATH=/bin:/usr/bin"], "script": script}
    d.update(extra)
    return {"job": d}


def job_id_of(body):
    return body.get("job_id")


def story(r, openapi):
    """The fixed story: every slurmctld route, then auth, routing and parsing failures."""
    v = r.version
    s = f"/slurm/{v}"
    paths = sorted(p for p in openapi.get("paths", {}) if p.startswith(s + "/"))
    r.rec("ping", "GET", f"{s}/ping")
    r.rec("diag", "GET", f"{s}/diag")
    r.rec("nodes", "GET", f"{s}/nodes")
    r.rec("node", "GET", f"{s}/node/{NODE}")
    r.rec("node_unknown", "GET", f"{s}/node/no-such-node")
    r.rec("partitions", "GET", f"{s}/partitions")
    r.rec("partition", "GET", f"{s}/partition/queue1")
    r.rec("partition_unknown", "GET", f"{s}/partition/no-such-partition")
    r.rec("reservations", "GET", f"{s}/reservations")
    r.rec("reservation_unknown", "GET", f"{s}/reservation/no-such-reservation")
    r.rec("licenses", "GET", f"{s}/licenses")
    r.rec("shares", "GET", f"{s}/shares")
    r.rec("jobs_empty", "GET", f"{s}/jobs")

    # Submissions.
    with open(BLOG_JOB) as f:
        blog = json.load(f)
    blog_id = job_id_of(r.rec("submit_blog_v0036_style", "POST", f"{s}/job/submit", blog,
                              note="fixtures/jobs/blog_job.json: script beside job, "
                                   "environment as an object"))
    quick = job_id_of(r.rec("submit_modern", "POST", f"{s}/job/submit",
                            job_desc("modern", "#!/bin/bash\necho hello")))
    r.rec("submit_unknown_fields", "POST", f"{s}/job/submit",
          job_desc("unknown-fields", "#!/bin/bash\ntrue", no_such_field=1,
                   another_unknown={"x": 1}))
    r.rec("submit_bad_type", "POST", f"{s}/job/submit",
          job_desc("bad-type", "#!/bin/bash\ntrue", tasks="many"))
    r.rec("submit_bad_environment_type", "POST", f"{s}/job/submit",
          job_desc("bad-env", "#!/bin/bash\ntrue", environment="PATH=/bin"))
    r.rec("submit_unknown_partition", "POST", f"{s}/job/submit",
          job_desc("bad-part", "#!/bin/bash\ntrue", partition="no-such-partition"))
    r.rec("submit_bad_partition_list", "POST", f"{s}/job/submit",
          job_desc("bad-part2", "#!/bin/bash\ntrue", partition="queue1,nope"))
    r.rec("submit_no_script", "POST", f"{s}/job/submit",
          {"job": {"name": "no-script", "current_working_directory": "/tmp",
                   "environment": ["PATH=/bin"]}})
    r.rec("submit_no_environment", "POST", f"{s}/job/submit",
          {"job": {"name": "no-env", "current_working_directory": "/tmp",
                   "script": "#!/bin/bash\ntrue"}})
    r.rec("submit_unparsable", "POST", f"{s}/job/submit", raw=b'{"job": {"name": ')
    r.rec("submit_empty_body", "POST", f"{s}/job/submit", raw=b"")
    r.rec("submit_not_an_object", "POST", f"{s}/job/submit", raw=b"[1, 2]")
    r.rec("submit_het_jobs", "POST", f"{s}/job/submit",
          {"script": "#!/bin/bash\nsleep 1",
           "jobs": [{"name": "het", "current_working_directory": "/tmp",
                     "environment": ["PATH=/bin"], "partition": "queue1"},
                    {"current_working_directory": "/tmp", "environment": ["PATH=/bin"],
                     "partition": "queue2"}]})

    # Jobs in each state.
    held = job_id_of(r.rec("submit_held", "POST", f"{s}/job/submit",
                           job_desc("held", "#!/bin/bash\nsleep 300", hold=True)))
    run = job_id_of(r.rec("submit_running", "POST", f"{s}/job/submit",
                          job_desc("running", "#!/bin/bash\nsleep 300")))
    fail = job_id_of(r.rec("submit_failing", "POST", f"{s}/job/submit",
                           job_desc("failing", "#!/bin/bash\nexit 3")))
    sig = job_id_of(r.rec("submit_to_signal", "POST", f"{s}/job/submit",
                          job_desc("to-signal", "#!/bin/bash\nsleep 300")))
    cancel = job_id_of(r.rec("submit_to_cancel", "POST", f"{s}/job/submit",
                             job_desc("to-cancel", "#!/bin/bash\nsleep 300")))
    keep = job_id_of(r.rec("submit_kept_running", "POST", f"{s}/job/submit",
                           job_desc("kept-running", "#!/bin/bash\nsleep 300")))
    r.wait_state(quick, "COMPLETED")
    r.wait_state(blog_id, "COMPLETED")
    r.wait_state(fail, "FAILED")
    for j in (run, sig, cancel, keep):
        r.wait_state(j, "RUNNING")
    r.rec("job_pending_held", "GET", f"{s}/job/{held}")
    r.rec("job_running", "GET", f"{s}/job/{run}")
    r.rec("job_completed", "GET", f"{s}/job/{quick}")
    r.rec("job_completed_blog", "GET", f"{s}/job/{blog_id}")
    r.rec("job_failed", "GET", f"{s}/job/{fail}")
    r.rec("job_unknown", "GET", f"{s}/job/999999")
    r.rec("job_not_a_number", "GET", f"{s}/job/abc")

    # Updates.
    r.rec("update_comment", "POST", f"{s}/job/{held}", {"comment": "updated by oracle"})
    r.rec("update_wrapped_in_job", "POST", f"{s}/job/{held}", {"job": {"comment": "wrapped"}})
    r.rec("update_time_limit", "POST", f"{s}/job/{held}",
          {"time_limit": {"set": True, "infinite": False, "number": 30}})
    r.rec("update_unknown_field", "POST", f"{s}/job/{held}", {"no_such_field": 1})
    r.rec("update_bad_type", "POST", f"{s}/job/{held}", {"priority": "high"})
    r.rec("update_unknown_job", "POST", f"{s}/job/999999", {"comment": "x"})
    r.rec("job_after_update", "GET", f"{s}/job/{held}")

    # Cancel and signal.
    r.rec("signal_running", "DELETE", f"{s}/job/{sig}?signal=SIGUSR1")
    r.rec("job_after_signal", "GET", f"{s}/job/{sig}")
    r.rec("cancel_running", "DELETE", f"{s}/job/{cancel}")
    r.rec("job_cancelled_completing", "GET", f"{s}/job/{cancel}",
          note="fetched right after the DELETE")
    r.rec("cancel_pending_held", "DELETE", f"{s}/job/{held}")
    r.rec("job_cancelled_pending", "GET", f"{s}/job/{held}")
    r.rec("cancel_unknown_job", "DELETE", f"{s}/job/999999")
    r.rec("cancel_bad_signal", "DELETE", f"{s}/job/{run}?signal=NOSUCHSIG")
    r.rec("job_after_bad_signal", "GET", f"{s}/job/{run}")
    r.rec("cancel_completed_job", "DELETE", f"{s}/job/{quick}")
    r.wait_state(cancel, "CANCELLED")
    time.sleep(1)
    r.rec("job_cancelled_settled", "GET", f"{s}/job/{cancel}")
    if f"{s}/jobs/state/" in paths:
        r.rec("jobs_state", "GET", f"{s}/jobs/state")
        r.rec("jobs_state_one", "GET", f"{s}/jobs/state?job_id={keep}")
    if any(p.rstrip("/") == f"{s}/jobs" for p in paths) and "delete" in openapi["paths"].get(
            f"{s}/jobs/", {}):
        r.rec("jobs_bulk_delete_job_id_field", "DELETE", f"{s}/jobs", {"job_id": [sig]})
        r.rec("jobs_bulk_delete", "DELETE", f"{s}/jobs", {"jobs": [str(sig)]})
        r.rec("jobs_bulk_delete_unknown", "DELETE", f"{s}/jobs", {"jobs": ["999999"]})
    r.rec("jobs", "GET", f"{s}/jobs")
    r.rec("jobs_update_time", "GET", f"{s}/jobs?update_time=1")

    # Node updates (comment only: the cluster stays usable for the remaining steps).
    r.rec("node_update_comment", "POST", f"{s}/node/{NODE}", {"comment": "oracle"})
    r.rec("node_update_unknown_field", "POST", f"{s}/node/{NODE}", {"no_such_field": 1})
    r.rec("node_update_unknown_node", "POST", f"{s}/node/no-such-node", {"comment": "x"})
    r.rec("node_delete_unknown", "DELETE", f"{s}/node/no-such-node")
    r.rec("reconfigure", "GET", f"{s}/reconfigure")
    # The same as root (SlurmUser, an administrator).
    r.rec("admin_node_update_comment", "POST", f"{s}/node/{NODE}", {"comment": "oracle"},
          headers=r.admin)
    r.rec("admin_node_after_update", "GET", f"{s}/node/{NODE}")
    r.rec("admin_node_update_unknown_field", "POST", f"{s}/node/{NODE}", {"no_such_field": 1},
          headers=r.admin)
    r.rec("admin_node_update_bad_state", "POST", f"{s}/node/{NODE}", {"state": ["NO_SUCH"]},
          headers=r.admin)
    r.rec("admin_node_update_unknown_node", "POST", f"{s}/node/no-such-node",
          {"comment": "x"}, headers=r.admin)
    r.rec("admin_node_delete_unknown", "DELETE", f"{s}/node/no-such-node", headers=r.admin)
    r.rec("admin_node_delete_static", "DELETE", f"{s}/node/queue2-dy-c5large-7",
          headers=r.admin, note="a node from slurm.conf (not a dynamic node)")
    r.rec("admin_reconfigure", "GET", f"{s}/reconfigure", headers=r.admin)

    # Routing.
    r.rec("unknown_path", "GET", f"{s}/no-such-endpoint")
    r.rec("unknown_root_path", "GET", "/no/such/path")
    r.rec("unknown_version", "GET", "/slurm/v0.0.39/ping")
    r.rec("wrong_method_put_jobs", "PUT", f"{s}/jobs", {})
    r.rec("wrong_method_delete_ping", "DELETE", f"{s}/ping")
    r.rec("wrong_method_post_partitions", "POST", f"{s}/partitions", {})
    r.rec("trailing_slash_ping", "GET", f"{s}/ping/")

    # Authentication.
    r.rec("auth_no_headers", "GET", f"{s}/ping", headers={})
    r.rec("auth_user_without_token", "GET", f"{s}/ping", headers={"X-SLURM-USER-NAME": USER})
    r.rec("auth_token_without_user", "GET", f"{s}/ping",
          headers={"X-SLURM-USER-TOKEN": r.token})
    r.rec("auth_bad_signature", "GET", f"{s}/ping",
          headers={"X-SLURM-USER-NAME": USER, "X-SLURM-USER-TOKEN": r.bad["bad signature"]})
    r.rec("auth_expired_token", "GET", f"{s}/ping",
          headers={"X-SLURM-USER-NAME": USER, "X-SLURM-USER-TOKEN": r.bad["expired token"]})
    r.rec("auth_garbage_token", "GET", f"{s}/ping",
          headers={"X-SLURM-USER-NAME": USER, "X-SLURM-USER-TOKEN": "garbage"})
    r.rec("auth_other_users_token", "GET", f"{s}/ping",
          headers={"X-SLURM-USER-NAME": "root", "X-SLURM-USER-TOKEN": r.token})
    r.rec("auth_unknown_user", "GET", f"{s}/ping",
          headers={"X-SLURM-USER-NAME": "nosuchuser",
                   "X-SLURM-USER-TOKEN": r.bad["token of nosuchuser"]})
    r.rec("auth_bearer_header", "GET", f"{s}/ping",
          headers={"Authorization": f"Bearer {r.token}"})

    for what, tok in (("bad_signature", r.bad["bad signature"]),
                      ("expired_token", r.bad["expired token"]), ("garbage_token", "garbage")):
        r.rec(f"auth_{what}_jobs", "GET", f"{s}/jobs",
              headers={"X-SLURM-USER-NAME": USER, "X-SLURM-USER-TOKEN": tok})
    r.rec("auth_no_headers_jobs", "GET", f"{s}/jobs", headers={})
    r.rec("auth_other_users_token_jobs", "GET", f"{s}/jobs",
          headers={"X-SLURM-USER-NAME": "root", "X-SLURM-USER-TOKEN": r.token})

    # Accounting paths with only openapi/slurmctld loaded.
    db = f"/slurmdb/{v}"
    for name in ("ping", "diag", "jobs", "accounts", "config"):
        r.rec(f"slurmdb_{name}", "GET", f"{db}/{name}")

    # Routes newer versions add (each only where this version's document lists it).
    has = {p.rstrip("/"): set(openapi["paths"][p]) for p in paths}
    tomorrow = int(time.time()) + 86400
    r.rec("allocate", "POST", f"{s}/job/allocate",
          {"job": {"name": "alloc", "partition": "queue2", "current_working_directory": "/tmp",
                   "environment": ["PATH=/bin"],
                   "time_limit": {"set": True, "infinite": False, "number": 1}}})
    r.rec("nodes_update", "POST", f"{s}/nodes", {"name": [NODE], "comment": "bulk oracle"})
    r.rec("admin_nodes_update", "POST", f"{s}/nodes", {"name": [NODE], "comment": "bulk"},
          headers=r.admin)
    resv = {"name": "oracle-resv", "users": [USER], "node_list": ["queue2-dy-c5large-10"],
            "start_time": {"set": True, "number": tomorrow},
            "duration": {"set": True, "number": 60}}
    if "post" in has.get(f"{s}/reservations", ()):
        r.rec("reservation_create_as_user", "POST", f"{s}/reservations",
              {"reservations": [resv]})
        r.rec("admin_reservation_create", "POST", f"{s}/reservations",
              {"reservations": [resv]}, headers=r.admin)
        r.rec("reservation", "GET", f"{s}/reservation/oracle-resv")
        r.rec("admin_reservation_create_duplicate", "POST", f"{s}/reservations",
              {"reservations": [resv]}, headers=r.admin)
    if "post" in has.get(f"{s}/reservation", ()):
        r.rec("admin_reservation_create_single", "POST", f"{s}/reservation",
              dict(resv, name="oracle-resv2", node_list=["queue2-dy-c5large-9"]),
              headers=r.admin)
    if "delete" in has.get(f"{s}/reservation/{{reservation_name}}", ()):
        r.rec("reservation_delete_as_user", "DELETE", f"{s}/reservation/oracle-resv")
        r.rec("admin_reservation_delete", "DELETE", f"{s}/reservation/oracle-resv",
              headers=r.admin)
        r.rec("admin_reservation_delete_single", "DELETE", f"{s}/reservation/oracle-resv2",
              headers=r.admin)
        r.rec("admin_reservation_delete_unknown", "DELETE",
              f"{s}/reservation/no-such-reservation", headers=r.admin)
    part = {"partitions": [{"name": "oracle-part",
                            "nodes": {"configured": "queue2-dy-c5large-8"}}]}
    if "post" in has.get(f"{s}/partitions", ()):
        r.rec("partition_create_as_user", "POST", f"{s}/partitions", part)
        r.rec("admin_partition_create", "POST", f"{s}/partitions", part, headers=r.admin)
        r.rec("partition_created", "GET", f"{s}/partition/oracle-part")
    if "delete" in has.get(f"{s}/partition/{{partition_name}}", ()):
        r.rec("partition_delete_as_user", "DELETE", f"{s}/partition/oracle-part")
        r.rec("admin_partition_delete", "DELETE", f"{s}/partition/oracle-part",
              headers=r.admin)
        r.rec("admin_partition_delete_unknown", "DELETE", f"{s}/partition/no-such-partition",
              headers=r.admin)
    if "post" in has.get(f"{s}/new/node", ()):
        r.rec("new_node_as_user", "POST", f"{s}/new/node",
              {"node_conf": "NodeName=oracle-dyn CPUs=1"})
        r.rec("admin_new_node", "POST", f"{s}/new/node",
              {"node_conf": "NodeName=oracle-dyn CPUs=1"}, headers=r.admin,
              note="slurm.conf has no MaxNodeCount")
    if "post" in has.get(f"{s}/jobs/requeue", ()):
        r.rec("jobs_requeue", "POST", f"{s}/jobs/requeue", {"jobs": [str(fail)]})
        r.rec("jobs_requeue_unknown", "POST", f"{s}/jobs/requeue", {"jobs": ["999999"]})
    if "get" in has.get(f"{s}/job/{{job_id}}/requeue", ()):
        r.rec("job_requeue", "GET", f"{s}/job/{quick}/requeue")
        r.rec("job_requeue_unknown", "GET", f"{s}/job/999999/requeue")
    if "get" in has.get(f"{s}/resources/{{job_id}}", ()):
        r.rec("resources_running_job", "GET", f"{s}/resources/{keep}")
    r.rec("cancel_running_last", "DELETE", f"{s}/job/{keep}")

    # Every other GET route the document lists, with its path parameters filled in.
    fill = {"job_id": "1", "node_name": NODE, "partition_name": "queue1",
            "reservation_name": "none"}
    done = set()
    for p in paths:
        if "get" not in openapi["paths"][p]:
            continue
        concrete = p
        for k, val in fill.items():
            concrete = concrete.replace("{" + k + "}", val)
        if "{" in concrete or concrete in done or concrete.endswith("/requeue"):
            continue
        done.add(concrete)
        r.rec("route_get_" + concrete[len(s) + 1:].strip("/").replace("/", "_"), "GET",
              concrete, note="every GET route the version's /openapi/v3 lists")


def record_release(release, versions, rest_plugins):
    d = f"/tmp/mock-oracle-record-{release}"
    out = os.path.join(OUT, release)
    conf = ["--conf", CLUSTER, "--dir", d, "--rest-port", str(REST_PORT), "--ctld-port",
            str(CTLD_PORT), "--node-port-base", str(NODE_BASE), "--slurm-version", release,
            "--rest-plugins", rest_plugins]
    for i, v in enumerate(versions):
        shutil.rmtree(d, ignore_errors=True)
        launcher("start", *conf)
        try:
            token = launcher("token", USER, "--dir", d)
            bad = {"bad signature": token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB"),
                   "expired token": launcher("token", USER, "--dir", d, "--lifespan=-60"),
                   "token of nosuchuser": launcher("token", "nosuchuser", "--dir", d)}
            r = Recorder(release, v, os.path.join(out, v), token, bad,
                         launcher("token", "root", "--dir", d))
            spec = r.call("GET", "/openapi/v3")["answer"]
            if i == 0:
                with open(os.path.join(out, "openapi_v3.json"), "w") as f:
                    json.dump({"case": "openapi_v3", "release": release,
                               "request": {"method": "GET", "path": "/openapi/v3"},
                               "answer": spec}, f, indent=1)
                    f.write("\n")
            story(r, spec["body"])
        finally:
            launcher("stop", "--dir", d)
    shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--release", choices=sorted(VERSIONS), action="append")
    ap.add_argument("--version", action="append", help="only these API versions")
    ap.add_argument("--rest-plugins", default="openapi/slurmctld")
    a = ap.parse_args()
    for release in a.release or sorted(VERSIONS):
        versions = [v for v in VERSIONS[release] if not a.version or v in a.version]
        if not a.version:
            shutil.rmtree(os.path.join(OUT, release), ignore_errors=True)
        else:
            for v in versions:
                shutil.rmtree(os.path.join(OUT, release, v), ignore_errors=True)
        os.makedirs(os.path.join(OUT, release), exist_ok=True)
        record_release(release, versions, a.rest_plugins)


if __name__ == "__main__":
    main()
