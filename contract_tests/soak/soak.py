#!/usr/bin/python3
"""Soak test with invariants: many keep-alive HTTP clients against one slurmrestd for a while.

Starts the mock itself (fixtures/clusters/soak/slurm.conf, `--clock scaled:30`, a fresh key) so it
can sample the mock's resident memory, or drives an already running daemon given by `--url`
(then memory is not sampled). Each client loops over a weighted mix of requests: submit (plain,
failing, time-limited, array and multi-CPU batch jobs), GET /job/{id}, GET /jobs, GET /nodes,
GET /partitions, POST /job/{id} updates, DELETE /job/{id}, and a few invalid requests whose answers
are known. Every answer is checked as it arrives against these invariants:

  retention    a job id whose submit answered 200 stays retrievable (GET /job/{id}, and listed
               by GET /jobs) until MinJobAge has passed since it ended;
  capacity     in every GET /jobs answer, the CPUs (and the memory, see --memory-check) of the
               running jobs on a node never exceed that node's CPUs (RealMemory);
  transition   the states seen for one job follow TRANSITIONS (only observations that cannot
               overlap in time are compared);
  outcome      a job never cancelled ends as its script says (COMPLETED / FAILED with its exit
               code / TIMEOUT), never CANCELLED unless a DELETE was sent for it;
  liveness     no job is seen RUNNING after its script's end (plus slack), and in every window
               some waiting job starts and some job ends (liveness.py);
  5xx          no 5xx except the real daemon's own 500s for that request (ALLOWED_500);
  answer       every other answer is the one the request should get (status and error text);
  connection   no connection errors; the started mock exits 0 on SIGTERM;
  memory       resident memory is flat after warm-up (see memory_verdict(); 615 s or more see a
               10 KiB/s leak).

Standard library only (Debian's /usr/bin/python3). Exit status 0 only when nothing was violated
and memory was flat. See docs/hardening.md ("Soak").
"""

import argparse
import json
import os
import re
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
CT = os.path.dirname(HERE)
ROOT = os.path.dirname(CT)
sys.path.insert(0, CT)

from client import API  # noqa: E402
from invariants import Tracker, conf_books_memory  # noqa: E402
from liveness import Liveness  # noqa: E402
from memory import memory_verdict, sample_memory  # noqa: E402
from report import report  # noqa: E402
from support.headers import extra_headers  # noqa: E402
from support.keepalive import Conn  # noqa: E402
from support.mock import MockStartError, start_mock  # noqa: E402
from workload import DEFAULT_MIX, Client  # noqa: E402

DEFAULT_CONF = os.path.join(ROOT, "fixtures", "clusters", "soak", "slurm.conf")


class Soak:
    def __init__(self, args):
        self.args = args
        self.stop = threading.Event()
        self.mix = dict(DEFAULT_MIX)
        if args.kinds:
            self.mix = {k: v for k, v in self.mix.items() if k in args.kinds.split(",")}
        self.mock = None
        self.proc = None
        self.rss = []                       # (seconds since start, VmRSS kB, threads, jobs tracked)
        self.tracker = None
        self.unit = args.time_unit

    # -- target --
    def start_mock(self):
        a = self.args
        try:
            self.mock = start_mock(a.mock_binary, conf=a.conf, listen=f"127.0.0.1:{a.port}",
                                   args=["--clock", f"scaled:{a.scale:g}"])
        except MockStartError as e:
            sys.exit(f"soak: {e}")
        self.proc = self.mock.proc
        return self.mock.url, self.mock.token(a.user, lifespan=int(a.seconds) + 3600)

    def stop_mock(self):
        return self.mock.stop(timeout=60) if self.mock else None

    def new_conn(self):
        return Conn(self.host, self.port, self.prefix, self.headers, self.args.timeout,
                    self.scheme)

    def calibrate(self, times=5):
        for _ in range(times):
            t0 = time.monotonic()
            status, ctype, data = self.probe.request("GET", "/diag")
            t1 = time.monotonic()
            if status != 200:
                sys.exit(f"soak: GET /diag answered {status}: {data[:300]!r}")
            self.tracker.calibrate(json.loads(data)["statistics"]["req_time"], t0, t1)
            time.sleep(0.05)

    def run(self):
        a = self.args
        if a.url:
            url, token = a.url, a.token
            if not token:
                sys.exit("soak: --url needs --token (or SLURM_JWT)")
        else:
            url, token = self.start_mock()
        p = urllib.parse.urlsplit(url)
        self.scheme, self.host, self.prefix = p.scheme, p.hostname, p.path.rstrip("/") + API
        self.port = p.port or (443 if p.scheme == "https" else 80)
        self.headers = {**a.headers, "X-SLURM-USER-NAME": a.user, "X-SLURM-USER-TOKEN": token}
        memory_check = a.memory_check or (
            "requested" if not a.url and conf_books_memory(a.conf) else "reported")
        self.tracker = Tracker(a.min_job_age, a.scale, memory_check,
                               liveness=Liveness(a.finish_slack, a.liveness_window))
        self.probe = self.new_conn()
        self.calibrate()
        status, _, data = self.probe.request("GET", "/partitions")
        self.partitions = [q["name"] for q in json.loads(data)["partitions"]]
        status, _, data = self.probe.request("GET", "/nodes")
        nodes = json.loads(data)["nodes"]
        self.tracker.set_nodes(nodes)
        self.node_cpus = min(n["cpus"] for n in nodes)
        self.node_memory = min(n["real_memory"] for n in nodes)

        t_start = time.monotonic()
        sampler = None
        if self.proc:
            sampler = threading.Thread(target=sample_memory, daemon=True, args=(
                self.proc.pid, self.stop, a.sample_every, self.tracker, self.rss, t_start))
            sampler.start()
        clients = [Client(i, self) for i in range(a.clients)]
        for c in clients:
            c.start()
        next_report = t_start + a.progress
        while time.monotonic() - t_start < a.seconds:
            time.sleep(0.2)
            with self.tracker.lock:
                self.tracker.liveness.tick(self.tracker, time.monotonic())
            if self.proc and self.proc.poll() is not None:
                self.tracker.violate("connection", f"the mock exited with {self.proc.returncode} "
                                     f"during the run")
                break
            if a.progress and time.monotonic() >= next_report:
                next_report += a.progress
                self.progress(t_start)
        self.stop.set()
        for c in clients:
            c.join(timeout=a.timeout + 5)
        elapsed = time.monotonic() - t_start
        if sampler:
            sampler.join(timeout=5)

        # Leave nothing running on a shared daemon: cancel what is still live (ours only).
        for job_id in self.tracker.live_ids():
            try:
                self.probe.request("DELETE", f"/job/{job_id}")
            except Exception:  # noqa: BLE001
                self.probe.close()
        self.probe.close()
        exit_status = self.stop_mock()
        if exit_status not in (None, 0):
            self.tracker.violate("connection", f"the mock's exit status after SIGTERM: "
                                 f"{exit_status}")
        return elapsed

    def progress(self, t_start):
        tr = self.tracker
        with tr.lock:
            served = sum(sum(v.values()) for v in tr.requests.values())
            viol = sum(tr.violations.values())
            tracked = len(tr.sub_list)
        rss = f", RSS {self.rss[-1][1] / 1024:.1f} MiB" if self.rss else ""
        print(f"soak: {time.monotonic() - t_start:5.0f} s  {served} requests, {tracked} jobs "
              f"tracked, {viol} violations{rss}", file=sys.stderr, flush=True)



def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mock-binary", help="start this mock-slurmrestd (and sample its memory)")
    ap.add_argument("--url", default=None, help="drive an already running daemon instead")
    ap.add_argument("--token", default=os.environ.get("SLURM_JWT"), help="with --url: its JWT")
    ap.add_argument("--user", default="ec2-user")
    ap.add_argument("--header", action="append", default=[], metavar="'NAME: VALUE'",
                    help="with --url: also send this header on every request (repeatable; a "
                         "gateway's API key or Authorization); $SLURM_EXTRA_HEADERS adds more, "
                         "one per line")
    ap.add_argument("--conf", default=DEFAULT_CONF, help="slurm.conf for the started mock")
    ap.add_argument("--port", type=int, default=0, help="port of the started mock (0: free)")
    ap.add_argument("--scale", type=float, default=None,
                    help="simulated seconds per wall second: the started mock's --clock scaled:N "
                         "(default 30); with --url the target's (default 1)")
    ap.add_argument("--min-job-age", type=int, default=None,
                    help="MinJobAge of the target in seconds (default: from --conf for the "
                         "started mock; 300, Slurm's default, with --url)")
    ap.add_argument("--time-unit", type=int, default=None,
                    help="simulated seconds per step of job durations (default 5; 1 with --url)")
    ap.add_argument("--clients", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--max-live", type=int, default=None,
                    help="most unfinished submissions at once, keeps the queue steady (default "
                         "300; 40 with --url: a real cluster is shared)")
    ap.add_argument("--kinds", default="", help="comma list restricting the mix (" +
                    ",".join(DEFAULT_MIX) + ")")
    ap.add_argument("--memory-check", choices=["requested", "reported", "off"], default=None,
                    help="memory per node: what jobs asked for (default for a started mock "
                         "whose slurm.conf makes memory consumable, CR_*_Memory), what "
                         "job_resources reports (otherwise: CR_CPU books none), or off")
    ap.add_argument("--finish-slack", type=float, default=None,
                    help="simulated seconds a job may be seen RUNNING after its script's end "
                         "(default 30; 120 with --url: slurmctld's own timers)")
    ap.add_argument("--liveness-window", type=float, default=None,
                    help="wall seconds in which some job must start and some finish (default "
                         "max(10, 300 / scale))")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    ap.add_argument("--sample-every", type=float, default=1.0, help="RSS sample period, s")
    ap.add_argument("--table-every", type=float, default=5.0, help="RSS table row period, s")
    ap.add_argument("--flat-pct", type=float, default=0.0,
                    help="RSS growth allowed between the last two thirds, %% of RSS (default 0)")
    ap.add_argument("--flat-mib", type=float, default=2.0,
                    help="RSS growth allowed between the last two thirds, MiB (default 2): "
                         "runs of 615 s or more see a 10 KiB/s leak")
    ap.add_argument("--leak-kib-s", type=float, default=10.0,
                    help="the slowest leak the report says whether this run could see")
    ap.add_argument("--min-judged-seconds", type=float, default=30.0,
                    help="shorter runs report memory without a verdict")
    ap.add_argument("--progress", type=float, default=10.0, help="progress line period, s (0: off)")
    ap.add_argument("--report", default=None, help="also write the markdown report here")
    a = ap.parse_args(argv)
    if bool(a.url) == bool(a.mock_binary):
        ap.error("give exactly one of --mock-binary and --url")
    try:
        a.headers = extra_headers(a.header)
    except ValueError as e:
        ap.error(str(e))
    if a.min_job_age is None:
        a.min_job_age = 300
        if not a.url:
            with open(a.conf) as f:
                m = re.search(r"^\s*MinJobAge\s*=\s*(\d+)", f.read(), re.M | re.I)
            a.min_job_age = int(m.group(1)) if m else 300
    if a.max_live is None:
        a.max_live = 40 if a.url else 300
    if a.scale is None:
        a.scale = 1.0 if a.url else 30.0
    if a.finish_slack is None:
        a.finish_slack = 120.0 if a.url else 30.0
    if a.liveness_window is None:
        a.liveness_window = max(10.0, 300.0 / a.scale)
    if a.time_unit is None:
        a.time_unit = 1 if a.url else 5
    soak = Soak(a)
    try:
        elapsed = soak.run()
    finally:
        if soak.mock:
            soak.mock.kill()
    mem_ok, mem_text = (None, "not sampled (--url: the daemon's process is not ours)")
    if soak.rss or not a.url:
        mem_ok, mem_text = memory_verdict(soak.rss, a.flat_pct, a.flat_mib,
                                          a.min_judged_seconds, a.leak_kib_s)
    text, ok = report(soak, elapsed, mem_ok, mem_text)
    print(text)
    if a.report:
        os.makedirs(os.path.dirname(os.path.abspath(a.report)), exist_ok=True)
        with open(a.report, "w") as f:
            f.write(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())


if __name__ == "__main__":
    sys.exit(main())
