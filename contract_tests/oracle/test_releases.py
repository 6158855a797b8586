"""Tests of the launcher's chroot releases (24.11, 26.05): a real cluster of each starts, answers
its newest API version, runs a job, and leaves no process or mount behind when stopped or when
its start is interrupted.

They start daemons on ports 6890/6897/17600+ (MOCK_LAUNCHER_PORT_OFFSET moves them) and need
the release's chroot to themselves: `make oracle-deps-releases` builds the chroots.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import real_slurmrestd as rs  # noqa: E402
import releases  # noqa: E402

LAUNCHER = os.path.join(HERE, "real_slurmrestd.py")
PC = os.path.join(ROOT, "fixtures", "clusters", "parallelcluster", "slurm.conf")
TINY = os.path.join(ROOT, "fixtures", "clusters", "tiny", "slurm.conf")
O = int(os.environ.get("MOCK_LAUNCHER_PORT_OFFSET", "0"))
REST, CTLD, NODES = 6890 + O, 6897 + O, 17600 + O
USER = "ec2-user"


def test_render_drops_what_newer_releases_refuse():
    with open(PC) as f:
        text, nodes, cloud = releases.render(f.read(), "/d", 7000, 18000)
    assert "NoAddrCache" not in text
    assert "SlurmctldPort=7000" in text.splitlines() and len(nodes) == 20 and cloud == []


def test_render_accounting_uses_the_runs_own_munged():
    with open(PC) as f:
        fixture = f.read()
    text = releases.render(fixture, "/d", 7000, 18000, dbd_port=7079)[0].splitlines()
    assert "AccountingStorageType=accounting_storage/slurmdbd" in text
    assert "AccountingStoragePort=7079" in text
    assert "AuthInfo=socket=/d/run/munge/munged.socket" in text
    assert "AccountingStoragePass=/d/run/munge/munged.socket" in text
    plain = releases.render(fixture, "/d", 7000, 18000)[0].splitlines()
    assert "AccountingStorageType=accounting_storage/none" in plain
    # every run, accounting or not, has its own munged: concurrent runs never share one
    assert "AuthInfo=socket=/d/run/munge/munged.socket" in plain
    assert not any(line.startswith("AccountingStoragePass") for line in plain)


def test_release_table():
    assert releases.newest("24.11") == "v0.0.42" and releases.newest("26.05") == "v0.0.45"
    assert releases.root_of("26.05").endswith("/forky")
    assert releases.RELEASES["26.05"]["script"] == "/usr/share/debootstrap/scripts/sid"


def test_data_parsers_narrow_like_slurmrestd_d():
    """`--data-parsers`: slurmrestd's `-d` list; readiness pings the newest of it."""
    assert releases.data_parsers("26.05", None) is None
    names = releases.data_parsers("26.05", "v0.0.44,data_parser/v0.0.42, v0.0.43")
    assert names == ["v0.0.44", "v0.0.42", "v0.0.43"]
    assert releases.newest_served({"slurm_version": "26.05", "data_parsers": names}) == "v0.0.44"
    assert releases.newest_served({"slurm_version": "24.11"}) == "v0.0.42"
    with pytest.raises(SystemExit, match="24.11 has no v0.0.43"):
        releases.data_parsers("24.11", "v0.0.42,v0.0.43")


def test_apt_mirror_is_a_debian_mirror():
    assert releases.apt_mirror().startswith("http") and releases.apt_mirror().endswith("/debian")


def run(*args, check=True):
    r = subprocess.run([sys.executable, LAUNCHER, *args], capture_output=True, text=True,
                       timeout=180)
    if check and r.returncode != 0:
        raise AssertionError(f"launcher {args} failed: {r.stdout}\n{r.stderr}")
    return r


def need_chroot(version):
    if os.geteuid() != 0:
        pytest.skip("chroot releases need root (chroot, mount, munged, slurmctld)")
    if not os.path.exists(os.path.join(releases.root_of(version), releases.READY)):
        pytest.skip(f"no {version} chroot: run `make oracle-deps-releases`")


def call(version, method, path, token, body=None):
    req = urllib.request.Request(
        f"http://127.0.0.1:{REST}/slurm/{releases.newest(version)}{path}", method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"X-SLURM-USER-NAME": USER, "X-SLURM-USER-TOKEN": token,
                 "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


def job_state(version, job_id, token):
    return call(version, "GET", f"/job/{job_id}", token)[1]["jobs"][0]["job_state"]


def assert_nothing_left(version, d, pids):
    root = releases.root_of(version)
    assert rs.wait_until(lambda: not any(rs.alive(p) for p in pids), 10), pids
    assert releases.processes_in(root) == []
    assert releases.mounts_under(root) == []
    assert not any(d in line for line in open("/proc/self/mounts"))


@pytest.mark.launcher
@pytest.mark.parametrize("version", ["24.11", "26.05"])
def test_release_runs_a_job_and_stops_clean(version):
    need_chroot(version)
    d = tempfile.mkdtemp(prefix=f"rs-release-{version}-")
    pids = []
    try:
        run("start", "--slurm-version", version, "--conf", PC, "--dir", d, "--rest-port",
            str(REST), "--ctld-port", str(CTLD), "--node-port-base", str(NODES))
        st = json.load(open(os.path.join(d, "run", "launcher.json")))
        pids = [st["slurmrestd"], st["slurmctld"]] + list(st["slurmd"].values())
        assert st["slurm_version"] == version and len(st["slurmd"]) == 20
        tok = run("token", USER, "--dir", d).stdout.strip()
        status, body = call(version, "GET", "/ping", tok)
        assert status == 200 and body["pings"][0]["responding"] is True
        assert body["errors"] == [] and body["warnings"] == []
        assert body["meta"]["plugin"]["type"] == "openapi/slurmctld"
        assert body["meta"]["plugin"]["data_parser"] == f"data_parser/{releases.newest(version)}"
        assert body["meta"]["slurm"]["release"].startswith(version + ".")
        job = {"job": {"name": "launcher", "partition": "queue1",
                       "current_working_directory": "/tmp",
                       "environment": ["PATH=/bin:/usr/bin"], "script": "#!/bin/bash\ntrue"}}
        status, body = call(version, "POST", "/job/submit", tok, job)
        assert status == 200 and body["errors"] == [], body
        done = body["job_id"]
        assert rs.wait_until(lambda: job_state(version, done, tok) == ["COMPLETED"], 60, 0.3)
        job["job"]["script"] = "#!/bin/bash\nsleep 300"
        running = call(version, "POST", "/job/submit", tok, job)[1]["job_id"]
        assert rs.wait_until(lambda: job_state(version, running, tok) == ["RUNNING"], 60, 0.3)
        assert run("status", "--dir", d).returncode == 0
        assert all(rs.alive(p) for p in pids)
        # The running job's slurmstepd and its sleep belong to this run too.
        assert len(releases.leftovers(st)) > len(pids)
    finally:
        run("stop", "--dir", d, check=False)
    assert_nothing_left(version, d, pids)
    assert run("status", "--dir", d, check=False).returncode == 1
    shutil.rmtree(d, ignore_errors=True)


def start_in_background(version, d):
    return subprocess.Popen(
        [sys.executable, LAUNCHER, "start", "--slurm-version", version, "--conf", TINY,
         "--dir", d, "--rest-port", str(REST), "--ctld-port", str(CTLD),
         "--node-port-base", str(NODES)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True)


def slurmctld_recorded(d):
    try:
        return json.load(open(os.path.join(d, "run", "launcher.json"))).get("slurmctld")
    except (OSError, ValueError):
        return None


@pytest.mark.launcher
def test_interrupted_start_leaves_nothing():
    """SIGTERM while starting: the launcher stops what it started and unmounts."""
    need_chroot("24.11")
    d = tempfile.mkdtemp(prefix="rs-release-int-")
    p = start_in_background("24.11", d)
    try:
        assert rs.wait_until(lambda: slurmctld_recorded(d) is not None, 30, 0.01)
        p.send_signal(signal.SIGTERM)
        err = p.communicate(timeout=60)[1]
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode != 0 and "start failed: stopping what was started" in err, err
    st = json.load(open(os.path.join(d, "run", "launcher.json")))
    assert st["slurmctld"] is None  # stopped and forgotten
    assert_nothing_left("24.11", d, [])
    shutil.rmtree(d, ignore_errors=True)


@pytest.mark.launcher
def test_killed_start_is_cleaned_by_a_later_stop():
    """SIGKILL leaves daemons and mounts; `stop --dir` removes both."""
    need_chroot("24.11")
    d = tempfile.mkdtemp(prefix="rs-release-kill-")
    p = start_in_background("24.11", d)
    try:
        assert rs.wait_until(lambda: slurmctld_recorded(d) is not None, 30, 0.01)
        p.kill()
        p.wait(10)
        pid = slurmctld_recorded(d)
        root = releases.root_of("24.11")
        assert rs.alive(pid, "slurmctld") and releases.mounts_under(root) != []
    finally:
        run("stop", "--dir", d, check=False)
    assert_nothing_left("24.11", d, [pid])
    shutil.rmtree(d, ignore_errors=True)


@pytest.mark.launcher
def test_stale_mounts_go_at_the_next_start():
    """Mounts nobody uses (a crashed run) are removed when the release starts again."""
    need_chroot("26.05")
    root = releases.root_of("26.05")
    assert releases.processes_in(root) == []
    releases.mount_base(root)
    stale = os.path.join(root, "mnt")
    subprocess.run(["mount", "-t", "tmpfs", "stale", stale], check=True)
    d = tempfile.mkdtemp(prefix="rs-release-stale-")
    try:
        run("start", "--slurm-version", "26.05", "--conf", TINY, "--dir", d, "--rest-port",
            str(REST), "--ctld-port", str(CTLD), "--node-port-base", str(NODES))
        assert not releases.is_mount(stale)
        assert releases.is_mount(os.path.join(root, "proc"))  # mounted again for this run
    finally:
        run("stop", "--dir", d, check=False)
        if releases.is_mount(stale):
            subprocess.run(["umount", stale])
    assert_nothing_left("26.05", d, [])
    shutil.rmtree(d, ignore_errors=True)
