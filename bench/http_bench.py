#!/usr/bin/python3
"""make bench: the mock, a real slurmrestd and an nginx ceiling measured side by side with wrk.

  bench/http_bench.py [--build build-release] [--duration 5] [--real-duration 5]
                      [--connections 1,8,64] [--out bench/results.md] [--no-real]

One run starts three servers on loopback and drives each with Debian's wrk under the same
settings (1 wrk thread, keep-alive, auth headers, fixed duration per measurement):

  * the mock (BUILD/bin/mock-slurmrestd, Release build) on the default fixture cluster
    fixtures/clusters/parallelcluster/slurm.conf;
  * a real slurmrestd 22.05 for the same slurm.conf, started and stopped with the project's
    launcher (contract_tests/oracle/real_slurmrestd.py; needs root);
  * nginx serving a fixed 2 KB JSON body: the loopback ceiling (own prefix, own config, run as a
    child of this script, stopped at the end);
  * the mock again per newer release profile (--releases, default 24.11 over v0.0.42 and 26.05
    over v0.0.45), the same plan with a modern submission, and nginx serving each profile's
    largest /jobs answer from a file.

It prints a table and writes bench/results.md: req/s and p50/p99 per endpoint and connection
count, GET /jobs with 120/1,000/10,000 jobs in the queue, POST /job/submit, DELETE /job/{id},
the ratios mock/real and mock/ceiling, and the issue's targets checked against the same run.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "contract_tests", "oracle"))
import real_slurmrestd  # noqa: E402  (the project's launcher: mint_token, start/stop)

# The API version both daemons serve: the one the launcher starts the real daemon with. The
# mock is measured again over each other version of its default profile (--versions).
API = real_slurmrestd.API
BASE_VERSION = API.rsplit("/", 1)[1]
VERSIONS = "v0.0.36,v0.0.37,v0.0.38"
# The criterion across versions: no version slower than BASE_VERSION on the same endpoint by
# more than this (req/s ratio below 1 - this).
VERSION_TOLERANCE = 0.10
USER = "ec2-user"
# A DELETE run needs at least this many pending jobs (and 20 per connection) to be timed.
MIN_DELETE_POOL = 200
CONF = os.path.join(ROOT, "fixtures", "clusters", "parallelcluster", "slurm.conf")
LUA = os.path.join(HERE, "http", "bench.lua")
NODE = "queue1-dy-t3micro-1"
# Held jobs: they stay PENDING on both daemons, so no real process starts on the real cluster
# and every submitted job is still there to be listed and cancelled.
JOB = {"job": {"name": "bench", "hold": True, "current_working_directory": "/tmp",
               "environment": {"PATH": "/bin:/usr/bin"}},
       "script": "#!/bin/bash\nsleep 600\n"}
# What a client of today's Slurm submits (v0.0.40+): the script inside `job`, the environment
# as a list of strings.
MODERN_JOB = {"job": {"name": "bench", "hold": True, "current_working_directory": "/tmp",
                      "environment": ["PATH=/bin:/usr/bin"], "script": "#!/bin/bash\nsleep 600\n"}}
# The newer release profiles measured beside the 22.05 mock: RELEASE:VERSION, comma-separated.
RELEASES = "24.11:v0.0.42,26.05:v0.0.45"
CEILING_BODY_BYTES = 2048
BIG_ENDPOINT = "GET /big.json (largest /jobs body)"


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


# ---- machine facts --------------------------------------------------------------------

def command_output(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
        return (r.stdout + r.stderr).strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def deb_version(pkg):
    return command_output(["dpkg-query", "-W", "-f=${Version}", pkg]) or "?"


def machine_facts(build):
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    compiler = "?"
    cache = os.path.join(build, "CMakeCache.txt")
    if os.path.exists(cache):
        with open(cache) as f:
            for line in f:
                if line.startswith("CMAKE_CXX_COMPILER:"):
                    compiler = command_output([line.split("=", 1)[1].strip(), "--version"])
                    compiler = compiler.splitlines()[0] if compiler else "?"
    return [
        ("date (UTC)", datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")),
        ("cores", str(os.cpu_count())),
        ("CPU", cpu),
        ("memory", f"{mem_kb / 1048576:.1f} GiB"),
        ("kernel", platform.release()),
        ("OS", command_output(["sh", "-c", ". /etc/os-release; echo $PRETTY_NAME"])),
        ("load average at start", " ".join(f"{x:.2f}" for x in os.getloadavg())),
        ("compiler", compiler),
        ("wrk", deb_version("wrk")),
        ("nginx", deb_version("nginx")),
        ("slurmrestd", deb_version("slurmrestd")),
        ("cpp-httplib", deb_version("libcpp-httplib-dev")),
    ]


# ---- HTTP helpers ---------------------------------------------------------------------

class Client:
    """One keep-alive connection (reopened when the server closes it)."""

    def __init__(self, port, token, api=API, job=JOB):
        self.api = api
        self.job = job
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"X-SLURM-USER-NAME": USER, "X-SLURM-USER-TOKEN": token}

    def call(self, method, path, body=None):
        headers = dict(self.headers)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                text = r.read()
                if r.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                return r.status, text
            except (http.client.HTTPException, OSError):
                self.conn.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def submit(self):
        status, text = self.call("POST", self.api + "/job/submit", self.job)
        if status != 200:
            raise SystemExit(f"submit failed: {status} {text[:300]!r}")
        return json.loads(text)["job_id"]

    def job_count(self):
        status, text = self.call("GET", self.api + "/jobs")
        if status != 200:
            raise SystemExit(f"GET /jobs failed: {status}")
        return len(json.loads(text)["jobs"])


def wait_http(port, path, headers, timeout):
    """Polls until GET path answers 200; returns the seconds it took."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", path, headers=headers)
            if c.getresponse().status == 200:
                return time.monotonic() - t0
        except (OSError, http.client.HTTPException):
            time.sleep(0.001)
        finally:
            c.close()
    raise SystemExit(f"nothing answered on port {port} within {timeout}s")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- wrk ------------------------------------------------------------------------------

def wrk(port, conns, duration, token, method="GET", path="/", body_file=None, ids=None,
        max_requests=0, stop_path=API + "/ping"):
    env = dict(os.environ, BENCH_METHOD=method, BENCH_PATH=path, BENCH_STOP_PATH=stop_path,
               BENCH_USER=USER if token else "",
               BENCH_TOKEN=token or "", BENCH_BODY=body_file or "",
               BENCH_MAX_REQUESTS=str(max_requests))
    if ids:
        env.update(BENCH_ID_FIRST=str(ids[0]), BENCH_ID_LAST=str(ids[1]))
    cmd = ["wrk", "-t1", f"-c{conns}", f"-d{duration}s", "--timeout", "10s", "-s", LUA,
           f"http://127.0.0.1:{port}"]
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=duration + 60)
    m = re.search(r"^BENCH_RESULT (\{.*\})$", r.stdout, re.M)
    if not m:
        raise SystemExit(f"wrk gave no result: {r.stdout}\n{r.stderr}")
    res = json.loads(m.group(1))
    elapsed = res["elapsed_us"] / 1e6
    res["rps"] = res["requests"] / elapsed if elapsed > 0 else 0.0
    res["errors"] = sum(res[k] for k in ("connect_errors", "read_errors", "write_errors",
                                         "status_errors", "timeouts"))
    res["conns"] = conns
    return res


# ---- the three servers --------------------------------------------------------------

class Nginx:
    """nginx answering GET / with a fixed 2 KB JSON body and, when `big_file` is given, GET
    /big.json with that file's bytes (the mock's largest /jobs answer: the ceiling for moving
    the same number of bytes over loopback)."""

    def __init__(self, port, big_file=None):
        self.port = port
        self.big_file = big_file
        self.dir = tempfile.mkdtemp(prefix="bench-nginx-")
        self.proc = None

    def start(self):
        # A JSON body of exactly CEILING_BODY_BYTES bytes, shaped like a small API answer.
        filler = CEILING_BODY_BYTES - len('{"meta":{},"errors":[],"data":""}')
        body = '{"meta":{},"errors":[],"data":"' + "x" * filler + '"}'
        assert len(body) == CEILING_BODY_BYTES
        for sub in ("logs", "tmp"):
            os.makedirs(os.path.join(self.dir, sub), exist_ok=True)
        conf = os.path.join(self.dir, "nginx.conf")
        tmp = os.path.join(self.dir, "tmp")
        big = ""
        if self.big_file:
            big = f"""
    location = /big.json {{
      default_type application/json;
      alias {self.big_file};
    }}"""
        with open(conf, "w") as f:
            f.write(f"""daemon off;
worker_processes auto;
pid {self.dir}/nginx.pid;
error_log {self.dir}/logs/error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{self.port} backlog=4096;
    location / {{
      default_type application/json;
      return 200 '{body}';
    }}{big}
  }}
}}
""")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.proc = subprocess.Popen([nginx, "-p", self.dir, "-c", conf],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        wait_http(self.port, "/", {}, 10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful: master stops its workers
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


class Mock:
    def __init__(self, binary, port, args=(), api=API):
        """args: extra options (`--slurm-version R`); api: the path its readiness ping uses."""
        self.binary = binary
        self.port = port
        self.args = list(args)
        self.api = api
        self.dir = tempfile.mkdtemp(prefix="bench-mock-")
        self.key = os.path.join(self.dir, "jwt.key")
        with open(self.key, "wb") as f:
            f.write(os.urandom(32))
        with open(self.key, "rb") as f:
            self.token = real_slurmrestd.mint_token(f.read(), USER, 7200)
        self.proc = None

    def start(self):
        """Starts the mock; returns the seconds from exec to the first /ping answer."""
        t0 = time.monotonic()
        self.proc = subprocess.Popen(
            [self.binary, "-q", "-f", CONF, "--jwt-key", self.key, *self.args,
             f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        headers = {"X-SLURM-USER-NAME": USER, "X-SLURM-USER-TOKEN": self.token}
        wait_http(self.port, self.api + "/ping", headers, 10)
        return time.monotonic() - t0

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class Real:
    def __init__(self, rest_port, ctld_port, node_port_base):
        self.port = rest_port
        self.ctld_port = ctld_port
        self.node_port_base = node_port_base
        self.dir = tempfile.mkdtemp(prefix="bench-real-")
        self.token = None
        self.launcher = os.path.join(ROOT, "contract_tests", "oracle", "real_slurmrestd.py")

    def start(self):
        subprocess.run([sys.executable, self.launcher, "install"], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, self.launcher, "start", "--conf", CONF, "--dir",
                        self.dir, "--rest-port", str(self.port), "--ctld-port",
                        str(self.ctld_port), "--node-port-base", str(self.node_port_base)],
                       check=True)
        with open(os.path.join(self.dir, "jwt_hs256.key"), "rb") as f:
            self.token = real_slurmrestd.mint_token(f.read(), USER, 7200)

    def stop(self):
        if os.path.exists(os.path.join(self.dir, "run", "launcher.json")):
            subprocess.run([sys.executable, self.launcher, "stop", "--dir", self.dir],
                           stderr=subprocess.DEVNULL)
        shutil.rmtree(self.dir, ignore_errors=True)


# ---- measurement plan ------------------------------------------------------------------

SMALL = [("/ping", "/ping"), ("/partitions", "/partitions"), ("/nodes", "/nodes"),
         ("/node/{name}", "/node/" + NODE), ("/job/{id}", None)]


def settle(client, timeout=120):
    """Waits until the server answers /ping within 50 ms: a slow server is still working off
    the requests of the previous run after wrk has gone, and would bill them to the next."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        t0 = time.monotonic()
        client.call("GET", client.api + "/ping")
        if time.monotonic() - t0 < 0.05:
            return
        time.sleep(0.2)
    log("server still slow to answer /ping; measuring anyway")


def hold_connections(port, token, n, rounds=3, timeout=5.0, api=API):
    """n keep-alive connections opened at once and kept open; in each round every connection
    sends GET /ping (all together, behind a barrier) and must be answered within `timeout`.
    wrk cannot show this: a connection the server never serves simply adds no samples.
    Returns (answered, expected, slowest answer in seconds)."""
    import threading
    barrier = threading.Barrier(n)
    answered, slowest, lock = [0], [0.0], threading.Lock()
    headers = {"X-SLURM-USER-NAME": USER, "X-SLURM-USER-TOKEN": token}

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            conn.connect()
            for _ in range(rounds):
                try:
                    barrier.wait(timeout=60)
                except threading.BrokenBarrierError:
                    return
                t0 = time.monotonic()
                try:
                    conn.request("GET", api + "/ping", headers=headers)
                    r = conn.getresponse()
                    r.read()
                    ok = r.status == 200
                except (OSError, http.client.HTTPException):
                    ok = False
                with lock:
                    if ok:
                        answered[0] += 1
                    slowest[0] = max(slowest[0], time.monotonic() - t0)
                if not ok:
                    barrier.abort()
                    return
        except OSError:
            barrier.abort()
        finally:
            conn.close()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answered[0], n * rounds, slowest[0]


def fill_queue(client, n):
    """Submits held jobs until the queue holds n jobs; returns the ids submitted."""
    have = client.job_count()
    ids = [client.submit() for _ in range(max(0, n - have))]
    got = client.job_count()
    if got != n:
        raise SystemExit(f"queue holds {got} jobs, wanted {n}")
    return ids


def measure_target(name, port, token, conns, duration, job_sizes, body_file, extra_conns,
                   job_cap=0, jobs_body_file=None, versions=(BASE_VERSION,), job=JOB):
    """Every endpoint of the plan against one slurmrestd (mock or real); returns rows. With
    several API versions, each measurement is taken over every version back to back (the base
    version first), on the same server in the same state: the rows of a version other than
    the base one have the target `"<name> <version>"`.

    job_cap > 0: submit no more jobs than that in all (slurmctld refuses submissions beyond
    MaxJobCount, 10,000 by default, with error 11); submit runs then stop at their share.
    The first of `versions` is the base one (a newer release's mock: its own, e.g. v0.0.42);
    `job` is what the queue is filled with, `body_file` what the submit runs send."""
    rows = []
    base = versions[0]
    client = Client(port, token, api=f"/slurm/{base}", job=job)

    def label(version):
        return name if version == base else f"{name} {version}"

    def run(endpoint, c, version, sub, **kw):
        settle(client)
        r = wrk(port, c, duration, token, path=f"/slurm/{version}{sub}",
                stop_path=client.api + "/ping", **kw)
        r.update(target=label(version), endpoint=endpoint, version=version)
        rows.append(r)
        log(f"{name:5s} {version} {endpoint:22s} c={c:<3d} {r['rps']:>10.0f} req/s  p50 "
            f"{r['p50_us'] / 1000:.2f} ms  p99 {r['p99_us'] / 1000:.2f} ms"
            + (f"  ERRORS {r['errors']}" if r["errors"] else ""))
        return r

    ids = fill_queue(client, job_sizes[0])
    for endpoint, sub in SMALL:
        for c in conns + (extra_conns if endpoint == "/ping" else []):
            for v in versions:
                run(endpoint, c, v, sub or f"/job/{ids[0]}")
    for c in extra_conns:
        for v in versions:
            settle(client)
            got, want, slowest = hold_connections(port, token, c, api=f"/slurm/{v}")
            rows.append({"target": label(v), "endpoint": f"hold {c}", "conns": c,
                         "answered": got, "expected": want, "slowest_s": slowest, "version": v})
            log(f"{name} {v}: {c} connections held open, {got}/{want} answers, slowest "
                f"{slowest:.3f}s")
    for n in job_sizes:
        t0 = time.monotonic()
        fill_queue(client, n)
        log(f"{name}: queue filled to {n} jobs in {time.monotonic() - t0:.1f}s")
        for c in conns:
            for v in versions:
                run(f"/jobs ({n:,} jobs)", c, v, "/jobs")
    if jobs_body_file:
        # The largest /jobs answer, for nginx to serve the same bytes afterwards.
        status, text = client.call("GET", client.api + "/jobs")
        with open(jobs_body_file, "wb") as f:
            f.write(text)
        # nginx's workers run as nobody when the master is root: let them read it.
        os.chmod(os.path.dirname(jobs_body_file), 0o755)
        os.chmod(jobs_body_file, 0o644)
    # Submits: every job a run creates is later cancelled once by the DELETE runs.
    first = client.submit()
    share = (max(1000, (job_cap - first - 200) // (len(conns) * len(versions))) if job_cap
             else 0)
    for c in conns:
        for v in versions:
            run("POST /job/submit", c, v, "/job/submit", method="POST", body_file=body_file,
                max_requests=share)
    # Every job submitted since `first` is a held PENDING job, never cancelled yet: ids are
    # consecutive (nobody else submits), so the pool is a range.
    pool = [first, client.submit()]
    submit_rps = {r["conns"]: r["rps"] for r in rows if r["endpoint"] == "POST /job/submit"}
    for c in conns:
        # Enough pending jobs for a whole run per version (cancelling is about as costly as
        # submitting); top up with unmeasured submit runs. A run that still runs out stops
        # early and is timed up to that point.
        needed = (int(max(submit_rps.values()) * duration * 1.2) + 100) * len(versions)
        for _ in range(3 * len(versions)):
            room = job_cap - pool[1] - 200 if job_cap else 0
            if pool[1] - pool[0] + 1 >= needed or (job_cap and room < 1000):
                break
            wrk(port, max(conns), duration, token, method="POST",
                path=client.api + "/job/submit", body_file=body_file,
                max_requests=room if job_cap else 0, stop_path=client.api + "/ping")
            pool[1] = client.submit()
        for v in versions:
            # Too few left to time (the real daemon's MaxJobCount caps the pool): a run that
            # stops after a handful of requests would show a meaningless rate. Not measured.
            left = pool[1] - pool[0] + 1
            if left < max(MIN_DELETE_POOL, 20 * c):
                log(f"{name} {v}: DELETE at {c} connections not measured: {left} pending jobs "
                    "left")
                continue
            r = run("DELETE /job/{id}", c, v, "/job/", method="DELETE", ids=pool)
            pool[0] = r["next_id"]  # ids sent, answered or not, are never sent again
    return rows


# ---- report -------------------------------------------------------------------------

def fmt_rate(r):
    if r is None:
        return "-"
    s = f"{r['rps']:,.0f}"
    if r["errors"]:
        s += f" ({r['errors']} err)"
    return s


def fmt_ms(us):
    return f"{us / 1000:.2f}" if us < 100000 else f"{us / 1000:.0f}"


def ratio(a, b):
    if a is None or b is None or b["rps"] <= 0:
        return "-"
    x = a["rps"] / b["rps"]
    return f"{x:,.1f}x" if x >= 10 else f"{x:.2f}x"


def find(rows, target, endpoint, conns):
    for r in rows:
        if r["target"] == target and r["endpoint"] == endpoint and r["conns"] == conns:
            return r
    return None


def version_pairs(rows, args):
    """(endpoint, conns, base row, {version: row}) for every mock endpoint measured over the
    base version, in the plan's order."""
    others = [v for v in args.versions if v != BASE_VERSION]
    for r in rows:
        if r["target"] == "mock" and "rps" in r:
            yield r["endpoint"], r["conns"], r, {
                v: find(rows, f"mock {v}", r["endpoint"], r["conns"]) for v in others}


def slowest_version(rows, args):
    """(ratio, version, endpoint, conns) of the version slowest against the base version."""
    worst = None
    for ep, c, base, by_version in version_pairs(rows, args):
        for v, r in by_version.items():
            if r and base["rps"] > 0:
                x = r["rps"] / base["rps"]
                if worst is None or x < worst[0]:
                    worst = (x, v, ep, c)
    return worst


def version_table(rows, args):
    others = [v for v in args.versions if v != BASE_VERSION]
    if not others:
        return []
    out = [f"Mock over each API version (each measurement taken over every version back to "
           f"back on the same mock; ratio to {BASE_VERSION}, req/s; below "
           f"{1 - VERSION_TOLERANCE:.2f} fails the criterion):\n"]
    out.append(f"| endpoint | conns | {BASE_VERSION} req/s | "
               + " | ".join(f"{v} req/s | {v}/{BASE_VERSION}" for v in others) + " |")
    out.append("| --- | ---: | ---: |" + " ---: | ---: |" * len(others))
    for ep, c, base, by_version in version_pairs(rows, args):
        cells = [ep, str(c), fmt_rate(base)]
        for v in others:
            r = by_version[v]
            cells += [fmt_rate(r), ratio(r, base)]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    return out


def big_table(rows, args, target, big_endpoint, whose, sizes=None):
    """nginx serving the bytes of `target`'s largest /jobs answer, next to that answer."""
    big = [r for r in rows if r["endpoint"] == big_endpoint]
    if not big:
        return []
    jobs_ep = f"/jobs ({max(int(x) for x in (sizes or args.mock_jobs).split(',')):,} jobs)"
    out = [f"Ceiling for the largest `/jobs` answer (nginx serving the same "
           f"{big[0]['body_bytes']:,} bytes from a file) next to {whose} `{jobs_ep}`:\n"]
    out.append("| conns | nginx req/s | p50 | p99 | mock req/s | p50 | p99 | mock/ceiling |")
    out.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in big:
        m = find(rows, target, jobs_ep, r["conns"])
        out.append(f"| {r['conns']} | {fmt_rate(r)} | {fmt_ms(r['p50_us'])} | "
                   f"{fmt_ms(r['p99_us'])} | {fmt_rate(m)} | "
                   f"{fmt_ms(m['p50_us']) if m else '-'} | "
                   f"{fmt_ms(m['p99_us']) if m else '-'} | {ratio(m, r)} |")
    out.append("")
    return out


def release_name(release, version):
    return f"mock {version} ({release})"


def release_big_endpoint(release, version):
    return f"GET /big.json (largest /jobs body, {release} {version})"


def release_tables(rows, args):
    """Each newer release profile's rows next to the 22.05 mock's BASE_VERSION rows, and its
    largest /jobs answer next to nginx serving the same bytes."""
    out = []
    for release, version in args.releases:
        name = release_name(release, version)
        mine = [r for r in rows if r["target"] == name and "rps" in r]
        if not mine:
            continue
        out.append(f"Mock of Slurm {release} over {version} (`--slurm-version {release}`, the same "
                   f"plan, queue and submissions in {version}'s modern form: script inside "
                   f"`job`, environment as a list), ratio to the 22.05 mock's {BASE_VERSION} "
                   f"on the same endpoint and connections:\n")
        out.append(f"| endpoint | conns | {version} req/s | p50 | p99 | {BASE_VERSION} req/s | "
                   f"{version}/{BASE_VERSION} |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in mine:
            b = find(rows, "mock", r["endpoint"], r["conns"])
            out.append(f"| {r['endpoint']} | {r['conns']} | {fmt_rate(r)} | "
                       f"{fmt_ms(r['p50_us'])} | {fmt_ms(r['p99_us'])} | {fmt_rate(b)} | "
                       f"{ratio(r, b)} |")
        out.append("")
        out += big_table(rows, args, name, release_big_endpoint(release, version),
                         f"the {release} mock's {version}", args.release_jobs)
    return out


def report(facts, args, rows, startups, notes):
    out = []
    out.append("# HTTP benchmark: mock vs real slurmrestd vs nginx ceiling\n")
    out.append("Written by `make bench` (`bench/http_bench.py`); do not edit by hand. Ratios, not "
               "absolute figures, are what compare across machines.\n")
    out.append("| machine | |\n| --- | --- |")
    out += [f"| {k} | {v} |" for k, v in facts]
    out.append("")
    out.append(f"Settings: wrk, 1 thread, keep-alive, auth headers on every request, "
               f"{args.duration} s per measurement for the mock and nginx, "
               f"{args.real_duration} s for the real daemon; connections "
               f"{', '.join(map(str, args.conns))}"
               + (f" (and {', '.join(map(str, args.extra_conns))} for /ping)"
                  if args.extra_conns else "")
               + ". Mock: Release build, default cluster "
               "(`fixtures/clusters/parallelcluster/slurm.conf`), real clock, no access log. "
               "Real: Debian's slurmrestd started by `contract_tests/oracle/real_slurmrestd.py` "
               "from the same slurm.conf. Ceiling: nginx answering a fixed 2 KB JSON body. "
               "Queued jobs are held jobs (they stay PENDING on both daemons); every DELETE "
               "cancels a different pending job. p50/p99 in ms.\n")
    out += [f"Note: {n}\n" for n in notes]
    endpoints = []
    for r in rows:
        if "rps" in r and r["target"] != "nginx" and r["endpoint"] not in endpoints:
            endpoints.append(r["endpoint"])
    out.append("| endpoint | conns | mock req/s | p50 | p99 | real req/s | p50 | p99 | "
               "ceiling req/s | mock/real | mock/ceiling |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for ep in endpoints:
        for c in sorted({r["conns"] for r in rows if r["endpoint"] == ep}):
            m, rl = find(rows, "mock", ep, c), find(rows, "real", ep, c)
            ng = find(rows, "nginx", "GET / (2 KB)", c)
            cells = [ep, str(c), fmt_rate(m), fmt_ms(m["p50_us"]) if m else "-",
                     fmt_ms(m["p99_us"]) if m else "-", fmt_rate(rl),
                     fmt_ms(rl["p50_us"]) if rl else "-", fmt_ms(rl["p99_us"]) if rl else "-",
                     fmt_rate(ng), ratio(m, rl), ratio(m, ng)]
            out.append("| " + " | ".join(cells) + " |")
    out.append("")
    out.append("Ceiling (nginx, fixed 2 KB body):\n")
    out.append("| conns | req/s | p50 | p99 | max |\n| ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        if r["target"] == "nginx" and r["endpoint"] == "GET / (2 KB)":
            out.append(f"| {r['conns']} | {fmt_rate(r)} | {fmt_ms(r['p50_us'])} | "
                       f"{fmt_ms(r['p99_us'])} | {fmt_ms(r['max_us'])} |")
    out.append("")
    out += big_table(rows, args, "mock", BIG_ENDPOINT, "the mock's")
    out += version_table(rows, args)
    out += release_tables(rows, args)
    out.append("## The issue's targets, from this run\n")
    out.append("| target | measured | holds |\n| --- | --- | --- |")
    ng8 = find(rows, "nginx", "GET / (2 KB)", 8)
    for ep in ("/ping", "/job/{id}", "/partitions"):
        m = find(rows, "mock", ep, 8)
        if m and ng8:
            x = m["rps"] / ng8["rps"]
            out.append(f"| `{ep}` >= 0.40 x ceiling at 8 conns | {x:.2f} x "
                       f"({m['rps']:,.0f} / {ng8['rps']:,.0f}) | {'yes' if x >= 0.4 else 'no'} |")
    m, rl = find(rows, "mock", "/jobs (120 jobs)", 8), find(rows, "real", "/jobs (120 jobs)", 8)
    if m and rl:
        x = m["rps"] / rl["rps"]
        out.append(f"| `/jobs` (120 jobs) >= 50 x real at 8 conns | {x:,.1f} x | "
                   f"{'yes' if x >= 50 else 'no'} |")
    m = find(rows, "mock", "/jobs (10,000 jobs)", 8)
    if m:
        nb = find(rows, "nginx", BIG_ENDPOINT, 8)
        ctx = (f" (nginx serving the same {nb['body_bytes'] / 1e6:.1f} MB: p99 "
               f"{fmt_ms(nb['p99_us'])} ms)" if nb else "")
        out.append(f"| `/jobs` (10,000 jobs) p99 < 50 ms at 8 conns | {fmt_ms(m['p99_us'])} ms"
                   f"{ctx} | {'yes' if m['p99_us'] < 50000 else 'no'} |")
    m = find(rows, "mock", "POST /job/submit", 8)
    if m:
        out.append(f"| `POST /job/submit` >= 20,000 jobs/s at 8 conns | {m['rps']:,.0f} | "
                   f"{'yes' if m['rps'] >= 20000 and not m['errors'] else 'no'} |")
    for c in args.extra_conns:
        m, h = find(rows, "mock", "/ping", c), find(rows, "mock", f"hold {c}", c)
        if m and h:
            ok = (m["errors"] == 0 and m["max_us"] < 1_000_000 and
                  h["answered"] == h["expected"] and h["slowest_s"] < 1.0)
            out.append(f"| {c} concurrent connections served without errors or stalls | wrk "
                       f"`/ping` at {c}: {m['errors']} errors, max latency "
                       f"{fmt_ms(m['max_us'])} ms; {c} connections held open, each sending "
                       f"`/ping` together 3 times: {h['answered']}/{h['expected']} answered, "
                       f"slowest {h['slowest_s'] * 1000:.0f} ms | {'yes' if ok else 'no'} |")
    worst = slowest_version(rows, args)
    if worst:
        x, version, ep, c = worst
        out.append(f"| no API version more than {VERSION_TOLERANCE:.0%} slower than "
                   f"{BASE_VERSION} on the same endpoint (mock, req/s) | slowest: {version} "
                   f"`{ep}` at {c} conns, {x:.2f} x {BASE_VERSION} | "
                   f"{'yes' if x >= 1 - VERSION_TOLERANCE else 'no'} |")
    if startups:
        med = statistics.median(startups) * 1000
        out.append(f"| start-up to first answer < 20 ms | median {med:.1f} ms over "
                   f"{len(startups)} starts (exec to first `/ping` 200, polling) | "
                   f"{'yes' if med < 20 else 'no'} |")
    out.append("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build-release"))
    ap.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", 5)),
                    help="seconds per wrk run (mock, nginx)")
    ap.add_argument("--real-duration", type=int,
                    default=int(os.environ.get("BENCH_REAL_DURATION", 5)),
                    help="seconds per wrk run against the real daemon")
    ap.add_argument("--connections", default="1,8,64")
    ap.add_argument("--extra-connections", default="256",
                    help="also measured for /ping (mock, nginx)")
    ap.add_argument("--mock-jobs", default="120,1000,10000")
    ap.add_argument("--real-jobs", default="120,1000")
    ap.add_argument("--release-jobs", default=os.environ.get("BENCH_RELEASE_JOBS", "120,1000"),
                    help="queue sizes for the newer releases' /jobs (env BENCH_RELEASE_JOBS; "
                         "their /jobs is rendered on every request, ~1 ms a job)")
    ap.add_argument("--no-real", action="store_true", help="skip the real daemon")
    ap.add_argument("--versions", default=os.environ.get("BENCH_VERSIONS", VERSIONS),
                    help="API versions the mock is measured over, each compared with "
                         f"{BASE_VERSION} (env BENCH_VERSIONS)")
    ap.add_argument("--releases", default=os.environ.get("BENCH_RELEASES", RELEASES),
                    help="newer release profiles the mock is measured as too, RELEASE:VERSION "
                         "comma-separated ('' for none; env BENCH_RELEASES)")
    ap.add_argument("--mock-port", type=int, default=0, help="0: a free port")
    ap.add_argument("--nginx-port", type=int, default=6920, help="0: a free port")
    ap.add_argument("--rest-port", type=int, default=6900)
    ap.add_argument("--ctld-port", type=int, default=6907)
    ap.add_argument("--node-port-base", type=int, default=17600)
    ap.add_argument("--startups", type=int, default=10, help="mock start-up time samples")
    ap.add_argument("--out", default=os.path.join(HERE, "results.md"))
    args = ap.parse_args()
    args.conns = [int(x) for x in args.connections.split(",") if x]
    args.extra_conns = [int(x) for x in args.extra_connections.split(",") if x]
    args.versions = [v.strip() for v in args.versions.split(",") if v.strip()]
    args.releases = [tuple(x.strip().split(":", 1)) for x in args.releases.split(",")
                     if x.strip()]
    if any(len(x) != 2 for x in args.releases):
        raise SystemExit("--releases: RELEASE:VERSION[,...], e.g. 24.11:v0.0.42")
    args.nginx_port = args.nginx_port or free_port()
    binary = os.path.join(args.build, "bin", "mock-slurmrestd")
    if not os.path.exists(binary):
        raise SystemExit(f"{binary} missing: `make bench` builds it")
    if not shutil.which("wrk"):
        raise SystemExit("wrk missing: `make bench` installs it")

    facts = machine_facts(args.build)
    notes = ["the machine is shared: other builds and test runs may have been using the CPUs "
             "during this run (see the load average above); compare the ratios of one run."]
    rows = []
    body_dir = tempfile.mkdtemp(prefix="bench-body-")
    try:
        run_all(args, binary, rows, notes, os.path.join(body_dir, "job.json"), startups := [])
    finally:
        shutil.rmtree(body_dir, ignore_errors=True)
    text = report(facts, args, rows, startups, notes)
    with open(args.out, "w") as f:
        f.write(text)
    print(text)
    log(f"wrote {args.out}")


def serve_big(args, rows, path, endpoint):
    """nginx serving the bytes of a mock's largest /jobs answer from a file: how fast loopback
    and wrk move a body that size at all (the ceiling for the /jobs p99 target)."""
    size = os.path.getsize(path) if os.path.exists(path) else 0
    if not size:
        return
    nginx = Nginx(args.nginx_port, path)
    try:
        nginx.start()
        for c in args.conns:
            r = wrk(args.nginx_port, c, args.duration, None, path="/big.json")
            r.update(target="nginx", endpoint=endpoint, body_bytes=size)
            rows.append(r)
            log(f"nginx GET /big.json ({size / 1e6:.1f} MB) c={c:<3d} {r['rps']:>10.0f} req/s"
                f"  p99 {r['p99_us'] / 1000:.2f} ms")
    finally:
        nginx.stop()


def run_all(args, binary, rows, notes, body_file, startups):
    """The three servers, one after the other; appends to rows, notes and startups."""
    big_file = os.path.join(os.path.dirname(body_file), "jobs.json")
    with open(body_file, "w") as f:
        json.dump(JOB, f)

    nginx = Nginx(args.nginx_port)
    try:
        nginx.start()
        for c in args.conns + args.extra_conns:
            r = wrk(args.nginx_port, c, args.duration, None, path="/")
            r.update(target="nginx", endpoint="GET / (2 KB)")
            rows.append(r)
            log(f"nginx GET / (2 KB)          c={c:<3d} {r['rps']:>10.0f} req/s")
    finally:
        nginx.stop()

    mock = Mock(binary, args.mock_port or free_port())
    try:
        for _ in range(args.startups):
            startups.append(mock.start())
            mock.stop()
        log(f"mock start-up: median {statistics.median(startups) * 1000:.1f} ms")
        mock.start()
        # Every measurement over the base version (the rows compared with the real daemon and
        # nginx), then at once over each other version: the same server in the same state, so
        # the versions compare endpoint by endpoint with little drift of the machine's load.
        versions = [BASE_VERSION] + [v for v in args.versions if v != BASE_VERSION]
        rows += measure_target("mock", mock.port, mock.token, args.conns, args.duration,
                               [int(x) for x in args.mock_jobs.split(",")], body_file,
                               args.extra_conns, jobs_body_file=big_file, versions=versions)
    finally:
        mock.cleanup()

    serve_big(args, rows, big_file, BIG_ENDPOINT)

    # The newer releases: the same plan over their own version (no 256-connection runs: the
    # HTTP layer is the same), with modern submissions; then their largest /jobs bytes.
    for release, version in args.releases:
        name = release_name(release, version)
        rel_body = os.path.join(os.path.dirname(body_file), f"job-{release}.json")
        rel_big = os.path.join(os.path.dirname(body_file), f"jobs-{release}.json")
        with open(rel_body, "w") as f:
            json.dump(MODERN_JOB, f)
        mock = Mock(binary, args.mock_port or free_port(), ["--slurm-version", release],
                    api=f"/slurm/{version}")
        try:
            mock.start()
            rows += measure_target(name, mock.port, mock.token, args.conns, args.duration,
                                   [int(x) for x in args.release_jobs.split(",")], rel_body, [],
                                   jobs_body_file=rel_big, versions=[version], job=MODERN_JOB)
        finally:
            mock.cleanup()
        serve_big(args, rows, rel_big, release_big_endpoint(release, version))

    if args.no_real:
        notes.append("the real daemon was not measured in this run (--no-real).")
    elif os.geteuid() != 0:
        notes.append("the real daemon was not measured: its launcher needs root.")
    else:
        real = Real(args.rest_port, args.ctld_port, args.node_port_base)
        try:
            real.start()
            rows += measure_target("real", real.port, real.token, args.conns,
                                   args.real_duration, [int(x) for x in args.real_jobs.split(",")],
                                   body_file, [], job_cap=9500)
        finally:
            real.stop()
        notes.append(f"the real daemon was measured with {args.real_jobs} queued jobs only "
                     "(it costs ~0.13 ms per job per /jobs request; 10,000 jobs would also "
                     "exceed slurmctld's default MaxJobCount, 10,000, with the submit runs; "
                     "these stop at their share of 9,500 jobs and are timed up to there; a "
                     f"DELETE run left with fewer than {MIN_DELETE_POOL} pending jobs, or 20 per "
                     "connection, is not measured), and not "
                     f"at {', '.join(map(str, args.extra_conns))} connections (reported to stop "
                     "answering beyond ~125 concurrent requests).")


if __name__ == "__main__":
    main()
