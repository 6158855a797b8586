"""Tests of the project's real-daemon launcher: config rendering, and a second cluster
started next to any already-running one on its own ports."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import real_slurmrestd as rs  # noqa: E402

LAUNCHER = os.path.join(HERE, "real_slurmrestd.py")
TINY = os.path.join(ROOT, "fixtures", "clusters", "tiny", "slurm.conf")
PC_FIXTURE = os.path.join(ROOT, "fixtures", "clusters", "parallelcluster", "slurm.conf")
PC = PC_FIXTURE if os.path.exists(PC_FIXTURE) else os.path.join(HERE, "parallelcluster.conf")
MIXED = os.path.join(ROOT, "fixtures", "clusters", "parallelcluster-mixed", "slurm.conf")


def test_expand_hostlist():
    assert rs.expand_hostlist("a-[1-3],b") == ["a-1", "a-2", "a-3", "b"]
    assert rs.expand_hostlist("n[08-10,12]") == ["n08", "n09", "n10", "n12"]
    assert rs.expand_hostlist("r[1-2]c[1-2]") == ["r1c1", "r1c2", "r2c1", "r2c2"]
    with pytest.raises(ValueError):
        rs.expand_hostlist("a[3-1]")
    with pytest.raises(ValueError):
        rs.expand_hostlist("a[1-2")


def test_render_keeps_shape_and_adds_loopback_keys():
    fixture = ("ClusterName=c\nSlurmctldHost=headnode\nSlurmUser=slurm\nInclude /x/y.conf\n"
               "NodeName=q-[1-3] NodeAddr=10.0.0.1 CPUs=4 State=CLOUD Feature=f\n"
               "NodeName=solo CPUs=1\n"
               "PartitionName=p Nodes=q-[1-3],solo Default=YES\n")
    with pytest.raises(ValueError):  # "Include /x" is not Key=Value
        rs.render_conf(fixture, "/d", 7000, 18000)
    text, nodes = rs.render_conf(fixture.replace("Include /x/y.conf", "Include=/x/y.conf"),
                                 "/d", 7000, 18000)
    assert nodes == ["q-1", "q-2", "q-3", "solo"]
    lines = text.splitlines()
    assert "ClusterName=c" in lines
    assert "SlurmctldHost=localhost(127.0.0.1)" in lines and "SlurmctldHost=headnode" not in text
    assert "SlurmUser=root" in lines and "SlurmUser=slurm" not in text
    assert "Include" not in text
    assert "SlurmctldPort=7000" in lines
    assert "AuthAltParameters=jwt_key=/d/jwt_hs256.key" in lines
    assert ("NodeName=q-[1-3] NodeAddr=127.0.0.1 NodeHostname=localhost Port=[18000-18002] "
            "CPUs=4 State=UNKNOWN Feature=f") in lines
    assert "NodeName=solo NodeAddr=127.0.0.1 NodeHostname=localhost Port=18003 CPUs=1" in lines
    assert "PartitionName=p Nodes=q-[1-3],solo Default=YES" in lines


def test_render_keeps_power_saving_for_cloud_nodes():
    with open(MIXED) as f:
        text, nodes, cloud = rs.render_cluster(f.read(), "/d", 7000, 18000)
    lines = text.splitlines()
    assert cloud == ["queue2-dy-c5large-1"] and len(nodes) == 7
    assert any(l.startswith("NodeName=queue2-dy-c5large-1 ") and "State=CLOUD" in l
               for l in lines)
    assert "SuspendTime=600" in lines and "ResumeTimeout=600" in lines
    assert "ResumeProgram=/d/etc/resume.sh" in lines
    assert "SuspendProgram=/d/etc/suspend.sh" in lines
    assert "SlurmctldParameters=idle_on_node_suspend" in lines  # cloud_dns dropped
    assert "PrivateData=cloud" in lines
    assert "/opt/parallelcluster" not in text
    script = rs.resume_script("/d", "/d/etc/slurm.conf")
    assert "unshare --time --boottime" in script and "slurmd -N" in script
    # Without SuspendTime a CLOUD node is just a node with a slurmd (tiny).
    with open(TINY) as f:
        assert rs.render_cluster(f.read(), "/d", 7000, 18000)[2] == []


def test_render_rejects_fixture_without_nodes():
    with pytest.raises(ValueError):
        rs.render_conf("ClusterName=c\n", "/d", 7000, 18000)


def test_render_parallelcluster_fixture():
    with open(PC) as f:
        text, nodes = rs.render_conf(f.read(), "/d", 7000, 18000)
    assert len(nodes) == 20
    assert "ClusterName=parallelcluster" in text.splitlines()
    assert "Port=[18000-18009]" in text and "Port=[18010-18019]" in text


def test_render_accounting_points_slurmctld_at_slurmdbd():
    with open(PC) as f:
        fixture = f.read()
    text = rs.render_cluster(fixture, "/d", 7000, 18000, dbd_port=6929)[0].splitlines()
    assert "AccountingStorageType=accounting_storage/slurmdbd" in text
    assert "AccountingStorageHost=127.0.0.1" in text and "AccountingStoragePort=6929" in text
    plain = rs.render_cluster(fixture, "/d", 7000, 18000)[0].splitlines()
    assert "AccountingStorageType=accounting_storage/none" in plain
    assert not any(line.startswith("AccountingStoragePort") for line in plain)
    assert rs.cluster_name("\n".join(text)) == "parallelcluster"


def test_slurmdbd_conf_uses_an_address_for_the_database():
    conf = rs.slurmdbd_conf("/d", 6929, 3399).splitlines()
    # "localhost" would make the MySQL client ignore the port for a default unix socket.
    assert "StorageHost=127.0.0.1" in conf and "StoragePort=3399" in conf
    assert "DbdPort=6929" in conf and "AuthAltTypes=auth/jwt" in conf


def run(*args, check=True):
    r = subprocess.run([sys.executable, LAUNCHER, *args], capture_output=True, text=True,
                       timeout=120)
    if check and r.returncode != 0:
        raise AssertionError(f"launcher {args} failed: {r.stdout}\n{r.stderr}")
    return r


def rest_get(port, path, user, token):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/slurm/v0.0.36{path}",
                                 headers={"X-SLURM-USER-NAME": user,
                                          "X-SLURM-USER-TOKEN": token})
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.status, json.load(r)


def start_stop_cycle(conf, rest_port, ctld_port, node_base):
    if os.geteuid() != 0:
        pytest.skip("launcher start needs root (munged, slurmctld, slurmd)")
    if not shutil.which("slurmctld") and not os.path.exists("/usr/sbin/slurmctld"):
        pytest.skip("Slurm packages missing: run real_slurmrestd.py install")
    d = tempfile.mkdtemp(prefix="rs-launcher-")
    try:
        run("start", "--conf", conf, "--dir", d, "--rest-port", str(rest_port),
            "--ctld-port", str(ctld_port), "--node-port-base", str(node_base))
        st = json.load(open(os.path.join(d, "run", "launcher.json")))
        tok = run("token", "ec2-user", "--dir", d).stdout.strip()
        status, body = rest_get(rest_port, "/ping", "ec2-user", tok)
        assert status == 200 and body["pings"][0]["ping"] == "UP"
        _, body = rest_get(rest_port, "/nodes", "ec2-user", tok)
        assert sorted(n["name"] for n in body["nodes"]) == sorted(st["nodes"])
        assert all(n["port"] >= node_base for n in body["nodes"])
        assert run("status", "--dir", d).returncode == 0
        pids = [st["slurmrestd"], st["slurmctld"]] + list(st["slurmd"].values())
        assert all(rs.alive(p) for p in pids)
    finally:
        run("stop", "--dir", d, check=False)
    assert rs.wait_until(lambda: not any(rs.alive(p) for p in pids), 10)
    assert run("status", "--dir", d, check=False).returncode == 1
    shutil.rmtree(d, ignore_errors=True)
    return body


# Ports of the clusters these tests start; MOCK_LAUNCHER_PORT_OFFSET moves them all, so that
# two checkouts can run the suite on one machine at the same time.
PORT_OFFSET = int(os.environ.get("MOCK_LAUNCHER_PORT_OFFSET", "0"))


@pytest.mark.launcher
def test_tiny_cluster_next_to_oracle():
    o = PORT_OFFSET
    body = start_stop_cycle(TINY, 6840 + o, 6847 + o, 17200 + o)
    assert len(body["nodes"]) == 2


@pytest.mark.launcher
def test_parallelcluster_fixture_starts():
    o = PORT_OFFSET
    body = start_stop_cycle(PC, 6850 + o, 6857 + o, 17300 + o)
    assert len(body["nodes"]) == 20
    assert {n["cpus"] for n in body["nodes"]} == {2}


@pytest.mark.launcher
def test_cloud_node_boots_through_the_resume_program():
    """Power saving on one host: the job's CLOUD node boots (its slurmd starts) and it runs."""
    if os.geteuid() != 0:
        pytest.skip("launcher start needs root (munged, slurmctld, slurmd)")
    o = PORT_OFFSET
    rest_port = 6845 + o
    d = tempfile.mkdtemp(prefix="rs-launcher-cloud-")
    pid = None
    try:
        run("start", "--conf", MIXED, "--dir", d, "--rest-port", str(rest_port),
            "--ctld-port", str(6846 + o), "--node-port-base", str(17250 + o))
        st = json.load(open(os.path.join(d, "run", "launcher.json")))
        assert st["cloud_nodes"] == ["queue2-dy-c5large-1"]
        assert "queue2-dy-c5large-1" not in st["slurmd"]  # powered down: no slurmd yet
        tok = run("token", "ec2-user", "--dir", d).stdout.strip()
        body = json.dumps({"job": {"partition": "queue2", "current_working_directory": "/tmp",
                                   "environment": {"PATH": "/bin:/usr/bin"}},
                           "script": "#!/bin/bash\nsleep 1"}).encode()
        req = urllib.request.Request(
            f"http://127.0.0.1:{rest_port}/slurm/v0.0.36/job/submit", data=body,
            headers={"X-SLURM-USER-NAME": "ec2-user", "X-SLURM-USER-TOKEN": tok,
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            job_id = json.load(r)["job_id"]
        seen = []

        def finished():
            job = rest_get(rest_port, f"/job/{job_id}", "ec2-user", tok)[1]["jobs"][0]
            if not seen or seen[-1] != job["job_state"]:
                seen.append(job["job_state"])
            return job["job_state"] in ("COMPLETED", "FAILED", "PENDING") and len(seen) > 1
        # slurmctld lets the job run at its periodic job check after the boot (up to ~30 s).
        assert rs.wait_until(finished, 90, 0.5), seen
        assert seen[-1] == "COMPLETED" and "CONFIGURING" in seen, seen
        pid = rs.read_pid(os.path.join(d, "run", "slurmd-queue2-dy-c5large-1.pid"))
        assert rs.alive(pid, st["conf"])  # started by the ResumeProgram
    finally:
        run("stop", "--dir", d, check=False)
    assert pid and rs.wait_until(lambda: not rs.alive(pid, st["conf"]), 10)
    shutil.rmtree(d, ignore_errors=True)
