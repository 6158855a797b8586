#!/usr/bin/python3
"""Records a real Slurm 22.05 slurmrestd's answers on v0.0.36, v0.0.37 and v0.0.38 side by side.

Starts the real daemons with the project's launcher (parallelcluster fixture, slurmrestd with
`-s openapi/v0.0.36,openapi/v0.0.37,openapi/v0.0.38`), sends every version the same fixed
story over HTTP, and writes one JSON file per exchange under
mock_slurmrestd/tests/data/oracle/22.05/<group>/<case>.json, group being the API version or
`openapi` (version-less paths and the merge of the documents). Then restarts slurmrestd with
other plugin lists to see how /openapi/v3 merges them, and stops everything.

  record_versions.py [--out DIR] [--dir /tmp/rs-2205] [--rest-port 6880 --ctld-port 6887
                     --node-port-base 17500]

Needs root and Debian's Slurm (`make oracle-deps`); about 2.5 minutes of wall time (a job
with a one-minute limit has to time out). Besides HTTP it runs `scontrol`, as root, for
what the REST API cannot do: create one reservation, drain and down one node each, and
reconfigure with Licenses= at the end.
Job ids, times, host names and counters are recorded as they come; what is asked is fixed.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAUNCHER = os.path.join(ROOT, "contract_tests", "oracle", "real_slurmrestd.py")
FIXTURE = os.path.join(ROOT, "fixtures", "clusters", "parallelcluster", "slurm.conf")
JOBS = os.path.join(ROOT, "fixtures", "jobs")
sys.path.insert(0, os.path.dirname(LAUNCHER))
import real_slurmrestd as rs  # noqa: E402
from exchange_log import Recorder  # noqa: E402

VERSIONS = ("v0.0.36", "v0.0.37", "v0.0.38")
PLUGINS = ",".join(f"openapi/{v}" for v in VERSIONS)
# Plugin lists slurmrestd is restarted with at the end, to see how the documents merge.
MERGE_LISTS = {"only_v0.0.36": "openapi/v0.0.36", "only_v0.0.37": "openapi/v0.0.37",
               "only_v0.0.38": "openapi/v0.0.38",
               "reversed": "openapi/v0.0.38,openapi/v0.0.37,openapi/v0.0.36"}
USER = "ec2-user"
NODE = "queue1-dy-t3micro-1"
RESERVATION = "maint"
FAR_FUTURE = 4102444800  # 2100-01-01: an update_time nothing has changed since
ENV = {"PATH": "/bin:/usr/bin"}


def fixture(name):
    with open(os.path.join(JOBS, name)) as f:
        return json.load(f)


def job(name, script="#!/bin/bash\nsleep 300", **fields):
    j = {"name": name, "environment": ENV, "current_working_directory": "/tmp"}
    j.update(fields)
    return {"job": j, "script": script}


def each(fn):
    for v in VERSIONS:
        fn(v, f"/slurm/{v}")


def story(r, conf_env, conf_path):
    # ---- The OpenAPI documents (version-less paths) -----------------------------
    _, _, doc_sha = r.rec("openapi", "openapi_v3", "GET", "/openapi/v3")
    for case, path in (("openapi", "/openapi"), ("openapi_json", "/openapi.json"),
                       ("openapi_yaml", "/openapi.yaml")):
        r.rec("openapi", case, "GET", path, body_same_as=doc_sha,
              note="body omitted when byte-identical to openapi_v3 (sha256 equal)")
    r.rec("openapi", "openapi_v3_yaml", "GET", "/openapi/v3", accept="application/x-yaml")
    r.rec("openapi", "openapi_v3_no_auth", "GET", "/openapi/v3", auth=None)
    r.rec("openapi", "unknown_version_ping", "GET", "/slurm/v0.0.39/ping")
    r.rec("openapi", "unknown_version_ping_v0.0.35", "GET", "/slurm/v0.0.35/ping")
    r.rec("openapi", "slurmdb_not_loaded", "GET", "/slurmdb/v0.0.38/jobs")

    # ---- Read-only paths on a fresh cluster ---------------------------------------
    def static(v, a):
        r.rec(v, "ping", "GET", f"{a}/ping")
        r.rec(v, "ping_yaml", "GET", f"{a}/ping", accept="application/x-yaml")
        r.rec(v, "diag", "GET", f"{a}/diag")
        r.rec(v, "nodes", "GET", f"{a}/nodes")
        r.rec(v, "nodes_update_time_future", "GET", f"{a}/nodes?update_time={FAR_FUTURE}")
        r.rec(v, "nodes_update_time_0", "GET", f"{a}/nodes?update_time=0")
        r.rec(v, "node", "GET", f"{a}/node/{NODE}")
        r.rec(v, "node_unknown", "GET", f"{a}/node/nosuch-node")
        r.rec(v, "partitions", "GET", f"{a}/partitions")
        r.rec(v, "partitions_update_time_future", "GET",
              f"{a}/partitions?update_time={FAR_FUTURE}")
        r.rec(v, "partition", "GET", f"{a}/partition/queue1")
        r.rec(v, "partition_update_time_future", "GET",
              f"{a}/partition/queue1?update_time={FAR_FUTURE}")
        r.rec(v, "partition_unknown", "GET", f"{a}/partition/nosuch")
        r.rec(v, "reservations_none", "GET", f"{a}/reservations")
        r.rec(v, "reservation_unknown_none", "GET", f"{a}/reservation/nosuch")
        r.rec(v, "licenses_none", "GET", f"{a}/licenses")
        r.rec(v, "jobs_empty", "GET", f"{a}/jobs")
        r.rec(v, "job_unknown", "GET", f"{a}/job/999999")
        r.rec(v, "job_id_zero", "GET", f"{a}/job/0")
        r.rec(v, "job_id_text", "GET", f"{a}/job/abc")
        r.rec(v, "job_id_negative", "GET", f"{a}/job/-1")
        r.rec(v, "unknown_path", "GET", f"{a}/nosuch")
        r.rec(v, "unknown_path_root", "GET", f"{a}/")
        r.rec(v, "wrong_method_put_jobs", "PUT", f"{a}/jobs")
        r.rec(v, "wrong_method_delete_ping", "DELETE", f"{a}/ping")
        r.rec(v, "wrong_method_post_nodes", "POST", f"{a}/nodes", body={})
        r.rec(v, "wrong_method_get_submit", "GET", f"{a}/job/submit")
        r.rec(v, "head_ping", "HEAD", f"{a}/ping")
        r.rec(v, "accept_unknown", "GET", f"{a}/ping", accept="text/html")
        r.rec(v, "auth_none", "GET", f"{a}/ping", auth=None)
        r.rec(v, "auth_user_only", "GET", f"{a}/ping", auth=(USER, None, None))
        r.rec(v, "auth_token_only", "GET", f"{a}/ping", auth=(None, r.token, "<valid token>"))
        r.rec(v, "auth_garbage_token", "GET", f"{a}/ping", auth=(USER, "garbage", "garbage"))
        bad_key = rs.mint_token(b"k" * 64, USER)
        r.rec(v, "auth_wrong_key", "GET", f"{a}/ping",
              auth=(USER, bad_key, "<ec2-user token signed with another key>"))
        expired = rs.mint_token(r.key, USER, -60)
        r.rec(v, "auth_expired", "GET", f"{a}/ping",
              auth=(USER, expired, "<ec2-user token that expired 60 s ago>"))
        root_tok = rs.mint_token(r.key, "root")
        r.rec(v, "auth_user_mismatch", "GET", f"{a}/ping",
              auth=(USER, root_tok, "<valid token of root>"))
        r.rec(v, "auth_garbage_token_jobs", "GET", f"{a}/jobs",
              auth=(USER, "garbage", "garbage"))
        r.rec(v, "auth_garbage_token_nodes", "GET", f"{a}/nodes",
              auth=(USER, "garbage", "garbage"))
        r.rec(v, "query_on_get_bad", "GET", f"{a}/jobs?x=a=b")
        r.rec(v, "body_on_get", "GET", f"{a}/ping", body="{}", ctype="application/json")
    each(static)

    # ---- A reservation (scontrol: the REST API cannot create one) ----------------------
    subprocess.run(["scontrol", "create", "reservation", f"ReservationName={RESERVATION}",
                    "StartTime=2099-01-01T00:00:00", "Duration=60", "Users=ec2-user",
                    "Nodes=queue2-dy-c5large-10", "Flags=MAINT"], env=conf_env, check=True,
                   capture_output=True)

    def reservations(v, a):
        r.rec(v, "reservations", "GET", f"{a}/reservations")
        r.rec(v, "reservations_update_time_future", "GET",
              f"{a}/reservations?update_time={FAR_FUTURE}")
        r.rec(v, "reservation", "GET", f"{a}/reservation/{RESERVATION}")
        r.rec(v, "reservation_unknown", "GET", f"{a}/reservation/nosuch")
    each(reservations)

    # ---- Node states each version names (scontrol: drain one queue2 node, down another) ----
    for name, state in (("queue2-dy-c5large-9", "DRAIN"), ("queue2-dy-c5large-8", "DOWN")):
        subprocess.run(["scontrol", "update", f"NodeName={name}", f"State={state}",
                        "Reason=recorder"], env=conf_env, check=True, capture_output=True)

    def node_states(v, a):
        r.rec(v, "node_drained", "GET", f"{a}/node/queue2-dy-c5large-9")
        r.rec(v, "node_down", "GET", f"{a}/node/queue2-dy-c5large-8")
        r.rec(v, "node_reserved", "GET", f"{a}/node/queue2-dy-c5large-10")
        r.rec(v, "partition_with_unavailable_nodes", "GET", f"{a}/partition/queue2")
    each(node_states)

    # ---- Submissions ------------------------------------------------------------------
    ids = {}
    # First: the one-minute job that has to time out (collected at the end).
    ids["timeout"] = r.submit(fixture("time_limited_job.json"))
    blog = fixture("blog_job.json")
    unnamed = fixture("blog_job.json")
    del unnamed["job"]["name"]
    old_names = job("oldnames", hold=True, standard_in="/dev/null",
                    standard_out="/tmp/oldnames.out", account_gather_freqency="task=30",
                    cluster_constraints="")
    new_names = job("newnames", hold=True, standard_input="/dev/null",
                    standard_output="/tmp/newnames.out", account_gather_frequency="task=30",
                    cluster_constraint="")
    new38 = job("new38", hold=True, oversubscribe=True, prefer="t3micro")
    het = {"jobs": [dict(job("het", hold=True)["job"]), dict(job("het")["job"])],
           "script": "#!/bin/bash\nsleep 300"}
    bad = {
        "bad_partition": job("badpart", partition="nosuch"),
        "missing_script": {"job": job("noscript")["job"]},
        "unknown_field": fixture("bad_unknown_key.json"),
        "bad_type_tasks": fixture("bad_tasks_type.json"),
        "bad_type_time_limit": job("badtl", time_limit="soon"),
        "bad_type_nodes": job("badnodes", nodes=[1]),
        "missing_environment": fixture("bad_missing_environment.json"),
        "empty_object": {},
        "not_object": [1, 2],
    }

    def submits(v, a):
        ids[f"blog_{v}"] = r.rec(v, "submit_blog", "POST", f"{a}/job/submit", blog)[1]["job_id"]
        ids[f"unnamed_{v}"] = r.rec(v, "submit_unnamed", "POST", f"{a}/job/submit",
                                    unnamed)[1]["job_id"]
        ids[f"array_{v}"] = r.rec(v, "submit_array", "POST", f"{a}/job/submit",
                                  fixture("array_job.json"))[1]["job_id"]
        ids[f"held_{v}"] = r.rec(v, "submit_held", "POST", f"{a}/job/submit",
                                 fixture("held_job.json"))[1]["job_id"]
        for case, payload in (("submit_old_field_names", old_names),
                              ("submit_new_field_names", new_names),
                              ("submit_v38_fields", new38), ("submit_hetjob", het)):
            _, parsed, _ = r.rec(v, case, "POST", f"{a}/job/submit", payload)
            ids[f"{case}_{v}"] = (parsed or {}).get("job_id")
        # One renamed or new field at a time: which names each version's parser takes.
        for field, value in (("standard_in", "/dev/null"), ("standard_out", "/tmp/f.out"),
                             ("account_gather_freqency", "task=30"),
                             ("account_gather_frequency", "task=30"),
                             ("cluster_constraints", "x"), ("cluster_constraint", "x"),
                             ("container", "/tmp"), ("prefer", "t3micro"),
                             ("oversubscribe", True), ("shared", "oversubscribe")):
            r.rec(v, f"submit_field_{field}", "POST", f"{a}/job/submit",
                  job(f"field-{field}", hold=True, **{field: value}))
        for case, payload in bad.items():
            r.rec(v, f"submit_{case}", "POST", f"{a}/job/submit", payload)
        r.rec(v, "submit_bad_json", "POST", f"{a}/job/submit", "{\"job\": {",
              ctype="application/json")
        r.rec(v, "submit_empty_body", "POST", f"{a}/job/submit", "", ctype="application/json")
        r.rec(v, "submit_wrong_content_type", "POST", f"{a}/job/submit", json.dumps(blog),
              ctype="text/plain")
        r.rec(v, "submit_yaml", "POST", f"{a}/job/submit",
              "job:\n  name: yaml\n  hold: true\n  environment:\n    PATH: /bin:/usr/bin\n"
              "  current_working_directory: /tmp\nscript: \"#!/bin/bash\\nsleep 300\"\n",
              ctype="application/x-yaml")
        r.rec(v, "submit_garbage_token", "POST", f"{a}/job/submit", blog,
              auth=(USER, "garbage", "garbage"))
    each(submits)

    # Jobs whose states the versions are shown side by side (submitted over v0.0.36).
    ids["running"] = r.submit(job("running"))
    ids["completed"] = r.submit(fixture("sleep_job.json"))
    ids["failed"] = r.submit(fixture("fail_job.json"))
    ids["cancelled_running"] = r.submit(job("tocancel"))
    ids["cancelled_pending"] = r.submit(job("tocancelheld", hold=True))
    for v in VERSIONS:
        ids[f"run_{v}"] = r.submit(job(f"run-{v}"))
        ids[f"upd_{v}"] = r.submit(job(f"upd-{v}", hold=True))
        ids[f"del_{v}"] = r.submit(job(f"del-{v}", hold=True))
    r.wait_state(ids["running"], {"RUNNING"}, 30)
    r.wait_state(ids["cancelled_running"], {"RUNNING"}, 30)
    r.wait_state(ids["completed"], {"COMPLETED"}, 30)
    r.wait_state(ids["failed"], {"FAILED"}, 30)
    for v in VERSIONS:
        r.wait_state(ids[f"run_{v}"], {"RUNNING"}, 30)
        r.wait_state(ids[f"blog_{v}"], {"COMPLETED", "FAILED"}, 30)
    r.call("DELETE", f"/slurm/v0.0.36/job/{ids['cancelled_running']}")
    r.call("DELETE", f"/slurm/v0.0.36/job/{ids['cancelled_pending']}")
    r.wait_state(ids["cancelled_running"], {"CANCELLED"}, 30)
    r.wait_state(ids["cancelled_pending"], {"CANCELLED"}, 30)
    time.sleep(1)  # array tasks (sleep 2) are still running or done; recorded as they are

    def gets(v, a):
        shown = [("blog_completed", f"blog_{v}"), ("unnamed", f"unnamed_{v}"),
                 ("array", f"array_{v}"), ("pending_held", f"held_{v}"),
                 ("old_field_names", f"submit_old_field_names_{v}"),
                 ("new_field_names", f"submit_new_field_names_{v}"),
                 ("v38_fields", f"submit_v38_fields_{v}"), ("hetjob", f"submit_hetjob_{v}"),
                 ("running", "running"), ("completed", "completed"), ("failed", "failed"),
                 ("cancelled_running", "cancelled_running"),
                 ("cancelled_pending", "cancelled_pending")]
        for case, key in shown:
            if ids.get(key):
                r.rec(v, f"job_{case}", "GET", f"{a}/job/{ids[key]}",
                      template=f"{a}/job/{{{key}}}")
        # Other versions' submissions, read over this one (same jobs, every version).
        for w in VERSIONS:
            if w != v:
                r.rec(v, f"job_pending_held_submitted_over_{w}", "GET",
                      f"{a}/job/{ids[f'held_{w}']}", template=f"{a}/job/{{held_{w}}}")
        r.rec(v, "job_array_task", "GET", f"{a}/job/{ids[f'array_{v}']}_1",
              template=f"{a}/job/{{array_{v}}}_1")
        r.rec(v, "job_array_task_unknown", "GET", f"{a}/job/{ids[f'array_{v}']}_9",
              template=f"{a}/job/{{array_{v}}}_9")
        r.rec(v, "job_id_padded", "GET", f"{a}/job/00{ids['running']}",
              template=f"{a}/job/00{{running}}")
        r.rec(v, "jobs", "GET", f"{a}/jobs")
        r.rec(v, "jobs_update_time_future", "GET", f"{a}/jobs?update_time={FAR_FUTURE}")
        r.rec(v, "nodes_busy", "GET", f"{a}/nodes")
        r.rec(v, "node_busy", "GET", f"{a}/node/{NODE}")
        r.rec(v, "partition_busy", "GET", f"{a}/partition/queue1")
        r.rec(v, "diag_busy", "GET", f"{a}/diag")
    each(gets)

    # ---- Updates (each version its own held job) -----------------------------------
    def updates(v, a):
        j = ids[f"upd_{v}"]
        p, t = f"{a}/job/{j}", f"{a}/job/{{upd_{v}}}"
        r.rec(v, "update_time_limit", "POST", p, {"time_limit": 5}, template=t)
        r.rec(v, "update_after_time_limit", "GET", p, template=t)
        r.rec(v, "update_name", "POST", p, {"name": f"renamed-{v}"}, template=t)
        r.rec(v, "update_after_name", "GET", p, template=t)
        r.rec(v, "update_wrapped_in_job", "POST", p, {"job": {"time_limit": 7}}, template=t)
        r.rec(v, "update_after_wrapped", "GET", p, template=t)
        r.rec(v, "update_unknown_field", "POST", p, {"foo": 1}, template=t)
        r.rec(v, "update_bad_type", "POST", p, {"time_limit": "soon"}, template=t)
        r.rec(v, "update_bad_json", "POST", p, "{", ctype="application/json", template=t)
        r.rec(v, "update_empty_body", "POST", p, "", ctype="application/json", template=t)
        r.rec(v, "update_release", "POST", p, {"hold": False}, template=t)
        r.rec(v, "update_after_release", "GET", p, template=t)
        r.rec(v, "update_hold", "POST", p, {"hold": True}, template=t)
        r.rec(v, "update_after_hold", "GET", p, template=t)
        r.rec(v, "update_priority_zero", "POST", p, {"priority": 0}, template=t)
        r.rec(v, "update_unknown_job", "POST", f"{a}/job/999999", {"time_limit": 5})
        r.rec(v, "update_finished_job", "POST", f"{a}/job/{ids['completed']}",
              {"time_limit": 5}, template=f"{a}/job/{{completed}}")
        r.rec(v, "update_garbage_token", "POST", p, {"time_limit": 6}, template=t,
              auth=(USER, "garbage", "garbage"))
    each(updates)

    # ---- Cancels -----------------------------------------------------------------------
    def cancels(v, a):
        run, held = ids[f"run_{v}"], ids[f"del_{v}"]
        rp, rt = f"{a}/job/{run}", f"{a}/job/{{run_{v}}}"
        hp, ht = f"{a}/job/{held}", f"{a}/job/{{del_{v}}}"
        # What USR1 does to the running batch script varies from run to run (its slurmstepd
        # sometimes dies: JobLaunchFailure), so only the answer to the signal is recorded.
        r.rec(v, "cancel_signal_usr1_running", "DELETE", f"{rp}?signal=USR1",
              template=rt + "?signal=USR1")
        r.rec(v, "cancel_signal_bogus", "DELETE", f"{rp}?signal=BOGUS",
              template=rt + "?signal=BOGUS")
        r.rec(v, "cancel_signal_usr1_pending", "DELETE", f"{hp}?signal=USR1",
              template=ht + "?signal=USR1")
        r.rec(v, "cancel_signal_number_pending", "DELETE", f"{hp}?signal=10",
              template=ht + "?signal=10")
        r.rec(v, "cancel_after_signal_pending", "GET", hp, template=ht)
        r.rec(v, "cancel_signal_kill_running", "DELETE", f"{rp}?signal=KILL",
              template=rt + "?signal=KILL")
        r.rec(v, "cancel_pending", "DELETE", hp, template=ht)
        r.rec(v, "cancel_pending_again", "DELETE", hp, template=ht)
        r.rec(v, "cancel_unknown_job", "DELETE", f"{a}/job/999999")
        r.rec(v, "cancel_finished_job", "DELETE", f"{a}/job/{ids['completed']}",
              template=f"{a}/job/{{completed}}")
        r.rec(v, "cancel_garbage_token", "DELETE", f"{a}/job/{ids['running']}",
              template=f"{a}/job/{{running}}", auth=(USER, "garbage", "garbage"))
        r.rec(v, "cancel_body", "DELETE", f"{a}/job/999999", "{}", ctype="application/json")
    each(cancels)
    for v in VERSIONS:
        # USR1 may already have ended the batch script: any end state will do.
        r.wait_state(ids[f"run_{v}"], {"CANCELLED", "FAILED", "COMPLETED"}, 30)
        r.wait_state(ids[f"del_{v}"], {"CANCELLED"}, 30)

    def after_cancel(v, a):
        r.rec(v, "cancel_after_kill", "GET", f"{a}/job/{ids[f'run_{v}']}",
              template=f"{a}/job/{{run_{v}}}")
        r.rec(v, "cancel_after_pending", "GET", f"{a}/job/{ids[f'del_{v}']}",
              template=f"{a}/job/{{del_{v}}}")
    each(after_cancel)

    # ---- Timeout (time_limit 1 minute) ---------------------------------------------------
    r.wait_state(ids["timeout"], {"TIMEOUT"}, 150)

    def end(v, a):
        r.rec(v, "job_timeout", "GET", f"{a}/job/{ids['timeout']}",
              template=f"{a}/job/{{timeout}}")
        r.rec(v, "jobs_all_states", "GET", f"{a}/jobs")
    each(end)

    # ---- Licenses (reconfigure with Licenses=; one job holds one) ------------------------
    with open(conf_path, "a") as f:
        f.write("Licenses=fluent:4,matlab:2\n")
    subprocess.run(["scontrol", "reconfigure"], env=conf_env, check=True, capture_output=True)
    lic = r.submit(job("lic", licenses="fluent:1"))
    r.wait_state(lic, {"RUNNING"}, 30)

    def licenses(v, a):
        r.rec(v, "licenses", "GET", f"{a}/licenses")
        r.rec(v, "job_with_license", "GET", f"{a}/job/{lic}", template=f"{a}/job/{{lic}}")
    each(licenses)
    return ids


def launcher(*args):
    subprocess.run([sys.executable, LAUNCHER] + list(args), check=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(
        ROOT, "mock_slurmrestd", "tests", "data", "oracle", "22.05"))
    ap.add_argument("--dir", default="/tmp/rs-2205")
    ap.add_argument("--rest-port", type=int, default=6880)
    ap.add_argument("--ctld-port", type=int, default=6887)
    ap.add_argument("--node-port-base", type=int, default=17500)
    a = ap.parse_args(argv)
    t0 = time.monotonic()
    d = os.path.abspath(a.dir)
    if os.path.exists(os.path.join(d, "run", "launcher.json")):
        subprocess.run([sys.executable, LAUNCHER, "stop", "--dir", d])
    shutil.rmtree(d, ignore_errors=True)  # fresh: job ids from 1, no leftover state
    shutil.rmtree(a.out, ignore_errors=True)
    ports = ["--rest-port", str(a.rest_port), "--ctld-port", str(a.ctld_port),
             "--node-port-base", str(a.node_port_base)]

    def start(plugins):
        launcher("start", "--conf", FIXTURE, "--dir", d, "--rest-plugins", plugins, *ports)

    start(PLUGINS)
    try:
        with open(os.path.join(d, "jwt_hs256.key"), "rb") as f:
            key = f.read()
        r = Recorder(a.rest_port, key, a.out)
        conf = os.path.join(d, "etc", "slurm.conf")
        story(r, dict(os.environ, SLURM_CONF=conf), conf)
        # How /openapi/v3 merges other plugin lists (slurmrestd restarted with each).
        for name, plugins in MERGE_LISTS.items():
            launcher("stop", "--dir", d)
            start(plugins)
            r.rec("openapi", f"openapi_v3_{name}", "GET", "/openapi/v3",
                  note=f"slurmrestd -s {plugins}")
        version = subprocess.run(["slurmctld", "-V"], capture_output=True,
                                 text=True).stdout.strip()
        with open(os.path.join(a.out, "README.md"), "w") as f:
            f.write(f"""# Real slurmrestd 22.05: v0.0.36, v0.0.37, v0.0.38 side by side

Recorded by `contract_tests/tools/record_versions.py` (`make record-versions`) from {version}
(Debian packages), slurmrestd `-a rest_auth/jwt -s {PLUGINS}` on loopback, cluster
`fixtures/clusters/parallelcluster/slurm.conf`. One file per exchange: `request` (the token is
shown as a label; `path_template` names the job a path refers to) and `answer` (status,
content type, headers, `body` as sent, `json` parsed when it parses). Job ids, times, host
names and counters vary from run to run. Folders: one per API version (the same story, in the
same order, over each), `openapi/` for the version-less paths and for `/openapi/v3` with other
`-s` lists. What the differences mean: `docs/oracle-notes/versions-22.05.md`.
""")
        print(f"recorded {r.count} exchanges in {a.out} in {time.monotonic() - t0:.0f}s")
    finally:
        subprocess.run([sys.executable, LAUNCHER, "stop", "--dir", d])
    return 0


if __name__ == "__main__":
    sys.exit(main())
