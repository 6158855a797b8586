#!/usr/bin/python3
"""StateSaveLocation under SIGKILL: the mock is killed at random moments while clients submit,
update and cancel, and must always restart with every answered change and a consistent queue.

    state_save_kill_test.py --binary build/bin/mock-slurmrestd [--iterations 20] [--seed 7]

Per iteration: start the real binary (same slurm.conf, StateSaveLocation in a temp directory),
check the queue against what the clients were told, let three clients work for a random
0.05-0.8 s, SIGKILL. Checked after every restart:
  - every job id whose submission got HTTP 200 is there, with the name it was submitted with
    (MinJobAge is a day, so nothing may be purged), and ids given later are new;
  - a job seen after one restart is seen, unchanged in identity, after every later one (no id
    ever names two jobs; nothing that was on disk goes away);
  - an answered cancel left the job ended (CANCELLED, or ended before); an answered comment
    update is there (or a later one the client sent);
  - nodes: the CPUs and memory RUNNING jobs hold fit the node, and its state (idle, mixed,
    allocated, draining/drained) agrees with them.
Then a clean SIGTERM stop, a torn last record (dropped, the server starts) and a corrupt record
(one-line error, exit 1). Cost: about 15-25 s on 2 shared cores.
"""
import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

CONF = """ClusterName=killtest
StateSaveLocation={state}
MinJobAge=86400
NodeName=kt-[1-4] CPUs=2 RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=kt-[1-4] Default=YES MaxTime=INFINITE State=UP
"""
FINAL_STATES = {"COMPLETED", "CANCELLED", "FAILED", "TIMEOUT", "NODE_FAIL"}
KNOWN_STATES = FINAL_STATES | {"PENDING", "RUNNING", "COMPLETING"}


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


class Mock:
    """One run of the binary; `url` once it listens."""

    def __init__(self, binary, conf, key, log_path):
        self.log = open(log_path, "ab")
        self.proc = subprocess.Popen([binary, "-f", conf, "--jwt-key", key, "-q", "127.0.0.1:0"],
                                     stdout=subprocess.PIPE, stderr=self.log,
                                     stdin=subprocess.DEVNULL)
        line = self._first_line(20)
        m = re.match(rb"mock-slurmrestd: listening on http://127\.0\.0\.1:(\d+)", line or b"")
        if not m:
            self.proc.kill()
            self.proc.wait()
            raise Failure(f"the server did not start: {line!r} (exit {self.proc.returncode})")
        self.port = int(m.group(1))

    def _first_line(self, timeout):
        box = {}

        def read():
            box["line"] = self.proc.stdout.readline()
        t = threading.Thread(target=read, daemon=True)
        t.start()
        t.join(timeout)
        return box.get("line")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.log.close()

    def terminate(self):
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(30)
        self.log.close()
        return rc


class Ledger:
    """What the clients were told, shared by all of them."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acked = {}          # job id -> name, from HTTP 200 submit answers
        self.attempted = set()   # every name sent
        self.cancelled = set()   # ids whose cancel got 200
        self.comment_sent = {}   # id -> highest comment number sent
        self.comment_acked = {}  # id -> highest comment number answered with 200
        self.seen = {}           # id -> name, from listings after restarts
        self.max_id_seen = 0
        self.errors = []
        self.submits_ok = 0


def request(conn, method, path, token, body=None):
    headers = {"X-SLURM-USER-NAME": "ec2-user", "X-SLURM-USER-TOKEN": token}
    data = None
    if body is not None:
        data = json.dumps(body)
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=headers)
    r = conn.getresponse()
    raw = r.read()
    return r.status, (json.loads(raw) if raw and raw[:1] in b"{[" else raw)


def client(cid, it, port, token, ledger, rng, stop):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    mine = []
    seq = 0
    try:
        while not stop.is_set():
            time.sleep(rng.uniform(0, 0.02))  # keeps the queue (and each check) small
            op = rng.random()
            if op < 0.6 or not mine:
                seq += 1
                # Unique over the whole run: the iteration, not the port, which the kernel
                # may hand out again to a later iteration's server.
                name = f"c{cid}-{it}-{seq}"
                job = {"name": name, "current_working_directory": "/tmp",
                       "environment": {"PATH": "/bin"}}
                script = f"#!/bin/bash\nsleep {rng.randint(0, 15)}\n"
                if rng.random() < 0.3:
                    job["cpus_per_task"] = 2
                if rng.random() < 0.1:
                    job["hold"] = True
                with ledger.lock:
                    ledger.attempted.add(name)
                status, body = request(conn, "POST", "/slurm/v0.0.36/job/submit", token,
                                       {"job": job, "script": script})
                if status == 200:
                    jid = body["job_id"]
                    with ledger.lock:
                        if jid in ledger.acked and ledger.acked[jid] != name:
                            ledger.errors.append(f"id {jid} given to {ledger.acked[jid]} and {name}")
                        if jid in ledger.seen and ledger.seen[jid] != name:
                            ledger.errors.append(f"id {jid} of {ledger.seen[jid]} reused for {name}")
                        ledger.acked[jid] = name
                        ledger.submits_ok += 1
                    mine.append(jid)
            elif op < 0.75:
                jid = rng.choice(mine)
                status, _ = request(conn, "DELETE", f"/slurm/v0.0.36/job/{jid}", token)
                if status == 200:
                    with ledger.lock:
                        ledger.cancelled.add(jid)
            elif op < 0.93:
                jid = rng.choice(mine)
                with ledger.lock:
                    n = ledger.comment_sent.get(jid, 0) + 1
                    ledger.comment_sent[jid] = n
                # With no name, a v0.0.36 update renames the job "openapi" (the real daemon's
                # quirk); a given name is kept as it was.
                status, _ = request(conn, "POST", f"/slurm/v0.0.36/job/{jid}", token,
                                    {"comment": f"u{n}", "name": "kept"})
                if status == 200:
                    with ledger.lock:
                        ledger.comment_acked[jid] = max(ledger.comment_acked.get(jid, 0), n)
            elif op < 0.96:
                request(conn, "POST", "/mock/v1/clock/advance?seconds=3", token)
            else:
                node = f"kt-{rng.randint(1, 4)}"
                state = rng.choice(["drain", "resume"])
                request(conn, "POST", f"/mock/v1/node/{node}/state?state={state}&reason=test",
                        token)
    except (OSError, http.client.HTTPException):
        pass  # the server was killed
    finally:
        conn.close()


def snapshot(conn, token):
    """/jobs and /nodes of one moment. The clock is real: a job may start or end between two
    requests, and the node checks below compare the two answers. Nothing but time changes
    the cluster here (the clients are stopped), so equal job lists before and after the
    /nodes answer mean that answer belongs to them."""
    for _ in range(50):
        answers = [request(conn, "GET", "/slurm/v0.0.36/" + what, token)
                   for what in ("jobs", "nodes", "jobs")]
        for (status, _), what in zip(answers, ("jobs", "nodes", "jobs")):
            check(status == 200, f"GET /{what} answered {status}")
        if answers[0][1]["jobs"] == answers[2][1]["jobs"]:
            return answers[0][1], answers[1][1]
        time.sleep(0.1)
    raise Failure("the job list changed during every one of 50 /jobs, /nodes, /jobs rounds")


def verify(port, token, ledger):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body, nbody = snapshot(conn, token)
    jobs = {j["job_id"]: j for j in body["jobs"]}
    check(len(jobs) == len(body["jobs"]), "a job id is listed twice")
    conn.close()
    names = {}
    for jid, j in jobs.items():
        check(j["job_state"] in KNOWN_STATES, f"job {jid}: state {j['job_state']}")
        check(j["name"] in ledger.attempted, f"job {jid}: {j['name']} was never submitted")
        check(j["name"] not in names, f"{j['name']} is both job {names.get(j['name'])} and {jid}")
        names[j["name"]] = jid
        if j["job_state"] == "RUNNING":
            check(j["nodes"], f"job {jid} runs on no node")
    for jid, name in ledger.acked.items():
        check(jid in jobs, f"job {jid} ({name}) was accepted with HTTP 200 and is gone")
        check(jobs[jid]["name"] == name, f"job {jid} is {jobs[jid]['name']}, accepted as {name}")
    for jid, name in ledger.seen.items():
        check(jid in jobs and jobs[jid]["name"] == name, f"job {jid} ({name}) seen before is gone")
    for jid in ledger.cancelled:
        # CANCELLED, or it had ended already (a DELETE of an ended job also answers 200); a job
        # that ran is COMPLETING until its epilog is done (--completing-seconds)
        check(jobs[jid]["job_state"] in FINAL_STATES | {"COMPLETING"},
              f"job {jid}: cancel answered 200, now {jobs[jid]['job_state']}")
    for jid, n in ledger.comment_acked.items():
        m = re.fullmatch(r"u(\d+)", jobs[jid].get("comment") or "")
        check(m and n <= int(m.group(1)) <= ledger.comment_sent[jid],
              f"job {jid}: comment u{n} answered 200, now {jobs[jid].get('comment')!r}")
    # node -> [cpus, memory] that RUNNING jobs hold (every job here is one node); a COMPLETING
    # job's are free already, as slurmctld frees them when the job ends
    held = {}
    for j in jobs.values():
        if j["job_state"] == "RUNNING":
            for a in j["job_resources"]["allocated_nodes"].values():
                h = held.setdefault(j["nodes"], [0, 0])
                h[0] += a["cpus"]
                h[1] += a["memory"]
    for n in nbody["nodes"]:
        cpus, mem = held.get(n["name"], [0, 0])
        check(cpus <= n["cpus"] and mem <= n["real_memory"],
              f"node {n['name']}: jobs hold {cpus}/{n['cpus']} CPUs, {mem}/{n['real_memory']} MiB")
        # v0.0.36 shows the base state only: a partly used node is "allocated", a drained
        # one "idle" or "allocated" (v0_0_36::node_state).
        expect = "idle" if cpus == 0 else "allocated"
        check(n["state"] == expect, f"node {n['name']} is {n['state']} with {cpus}/{n['cpus']} CPUs held")
    for jid, j in jobs.items():
        ledger.seen[jid] = j["name"]
        ledger.max_id_seen = max(ledger.max_id_seen, jid)
    return len(jobs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--iterations", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    tmp = tempfile.mkdtemp(prefix="state_save_kill_")
    ok = False
    live = None
    try:
        state = os.path.join(tmp, "state")
        os.mkdir(state)
        conf = os.path.join(tmp, "slurm.conf")
        with open(conf, "w") as f:
            f.write(CONF.format(state=state))
        key = os.path.join(tmp, "jwt.key")
        with open(key, "wb") as f:
            f.write(os.urandom(64))
        out = subprocess.run([a.binary, "-f", conf, "--jwt-key", key, "token",
                              "username=ec2-user", "lifespan=3600"],
                             capture_output=True, text=True, check=True).stdout
        token = out.strip().split("=", 1)[1]
        log = os.path.join(tmp, "mock.log")
        ledger = Ledger()
        started = time.monotonic()
        for it in range(a.iterations):
            mock = live = Mock(a.binary, conf, key, log)
            verify(mock.port, token, ledger)
            floor = ledger.max_id_seen
            stop = threading.Event()
            threads = [threading.Thread(target=client,
                                        args=(c, it, mock.port, token, ledger,
                                              random.Random(rng.random()), stop))
                       for c in range(3)]
            for t in threads:
                t.start()
            time.sleep(rng.uniform(0.05, 0.8))
            mock.kill()
            stop.set()
            for t in threads:
                t.join(30)
            check(not ledger.errors, "; ".join(ledger.errors))
            new = [j for j in ledger.acked if j > floor]
            check(all(j not in ledger.seen for j in new), "an id seen before the kill was given again")
        mock = live = Mock(a.binary, conf, key, log)
        n = verify(mock.port, token, ledger)
        check(ledger.submits_ok >= 5 * a.iterations,
              f"only {ledger.submits_ok} submissions were accepted: the loop did too little")
        print(f"{a.iterations} SIGKILLs: {ledger.submits_ok} accepted submissions, "
              f"{len(ledger.cancelled)} cancels, {len(ledger.comment_acked)} updated jobs, "
              f"{n} jobs after the last restart, all present "
              f"({time.monotonic() - started:.1f} s)")

        # A clean stop keeps everything too.
        check(mock.terminate() == 0, "SIGTERM: the server did not exit 0")
        mock = live = Mock(a.binary, conf, key, log)
        verify(mock.port, token, ledger)
        check(mock.terminate() == 0, "SIGTERM: the server did not exit 0")

        # A torn last record (killed inside write(2)) is dropped; the server starts.
        path = os.path.join(state, "mock-slurmrestd.state")
        with open(path, "rb") as f:
            good = f.read()
        with open(path, "ab") as f:
            f.write(b'{"op":"submit","t":1,"user":["ec2-user",1,1],"spec":{"name":"tor')
        mock = live = Mock(a.binary, conf, key, log)
        verify(mock.port, token, ledger)
        check(mock.terminate() == 0, "SIGTERM after a torn tail: the server did not exit 0")
        with open(path, "rb") as f:
            check(f.read() == good, "the torn record was not cut from the file")
        with open(log, "rb") as f:
            check(b"dropped a torn last record" in f.read(), "the torn record was not reported")

        # A corrupt record in the middle: a one-line error, exit 1, the file untouched.
        lines = good.split(b"\n")
        check(len(lines) > 4, "too few records to corrupt one")
        lines[2] = lines[2][:10] + b"\x00" + lines[2][11:]
        with open(path, "wb") as f:
            f.write(b"\n".join(lines))
        p = subprocess.run([a.binary, "-f", conf, "--jwt-key", key, "-q", "127.0.0.1:0"],
                           capture_output=True, timeout=60)
        err = p.stderr.decode(errors="replace").strip()
        check(p.returncode == 1, f"corrupt state: exit {p.returncode}, {err!r}")
        check(len(err.splitlines()) == 1 and "mock-slurmrestd.state:3: corrupt record" in err,
              f"corrupt state: {err!r}")
        print("SIGTERM restart, torn tail and corrupt record: as expected")
        ok = True
    except Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
    finally:
        if live is not None and live.proc.poll() is None:
            live.proc.kill()  # a failed check must not leave the server running
            live.proc.wait()
        if ok:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"left {tmp} for inspection", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
