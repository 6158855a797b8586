#!/usr/bin/python3
"""Runs a genuine Slurm slurmrestd (22.05; 24.11 and 26.05 in a chroot) for a fixture, on loopback.

The project's own launcher for the real daemon, so contract tests and captures can be made
against any fixture cluster, next to other running clusters (own ports, own state dir).

  real_slurmrestd.py install
  real_slurmrestd.py start --conf fixtures/clusters/tiny/slurm.conf --dir /tmp/rs-tiny \
        --rest-port 6830 --ctld-port 6837 --node-port-base 17100
  real_slurmrestd.py token ec2-user --dir /tmp/rs-tiny
  real_slurmrestd.py status --dir /tmp/rs-tiny
  real_slurmrestd.py stop --dir /tmp/rs-tiny
  real_slurmrestd.py install --slurm-version 24.11     # then start ... --slurm-version 24.11
  real_slurmrestd.py install --accounting              # + mariadb-server, slurmdbd (22.05)
  real_slurmrestd.py install --slurm-version 24.11 --accounting   # ... in the 24.11 chroot
  real_slurmrestd.py start ... --accounting --dbd-port 6929 --db-port 3399 \
        --rest-plugins openapi/v0.0.38,openapi/dbv0.0.36,openapi/dbv0.0.37,openapi/dbv0.0.38

With --accounting, start also runs MariaDB (own datadir DIR/db, TCP on 127.0.0.1 only) and
slurmdbd (JWT like slurmctld), registers the fixture's cluster, an account and the job user
with sacctmgr, and slurmctld stores accounting in slurmdbd (the /slurmdb/ endpoints answer).

Needs root (munged, slurmctld and slurmd run as root; slurmrestd refuses root and runs as an
unprivileged user). `stop` only signals the PIDs that `start` recorded in DIR/run/launcher.json.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

PACKAGES = ["munge", "slurmctld", "slurmd", "slurmrestd", "slurm-client",
            "slurm-wlm-jwt-plugin"]
ACCOUNTING_PACKAGES = ["mariadb-server", "slurmdbd"]
# What --accounting registers in slurmdbd (besides the fixture's cluster).
JOB_ACCOUNT = "ec2-user-acct"
DB_NAME, DB_USER = "slurm_acct_db", "slurm"
REST_USER = "slurmrest"
JOB_USER = "ec2-user"
API = "/slurm/v0.0.36"

# Keys describing how daemons run on a real head node; replaced by ours for loopback.
DAEMON_KEYS = {k.lower() for k in (
    "SlurmctldHost", "ControlMachine", "ControlAddr", "BackupController", "BackupAddr",
    "SlurmctldPort", "SlurmdPort", "SlurmUser", "SlurmdUser", "AuthType", "CredType",
    "AuthAltTypes", "AuthAltParameters", "AuthInfo", "StateSaveLocation", "SlurmdSpoolDir",
    "SlurmctldPidFile", "SlurmdPidFile", "SlurmctldLogFile", "SlurmdLogFile",
    "SlurmSchedLogFile", "SlurmctldDebug", "SlurmdDebug", "ProctrackType", "TaskPlugin",
    "JobAcctGatherType", "AccountingStorageType", "AccountingStorageHost",
    "AccountingStoragePort", "AccountingStorageUser", "JobCompType", "JobCompLoc",
    "ResumeProgram", "SuspendProgram", "ResumeFailProgram", "ResumeTimeout", "SuspendTimeout",
    "SuspendTime", "ResumeRate", "SuspendRate", "SuspendExcNodes", "SuspendExcParts",
    "SlurmctldParameters", "MpiDefault", "Include", "PluginDir", "Prolog", "Epilog",
    "PrologSlurmctld", "EpilogSlurmctld", "HealthCheckProgram", "GresTypes", "LaunchParameters",
    "CommunicationParameters", "PrivateData", "ReturnToService", "TreeWidth",
    "SlurmctldTimeout", "SlurmdTimeout", "MessageTimeout", "UnkillableStepProgram",
    "TaskProlog", "TaskEpilog", "CgroupPlugin", "JobContainerType", "SwitchType",
    "TopologyPlugin", "RebootProgram")}
NODE_DAEMON_KEYS = {"nodeaddr", "nodehostname", "port", "bcastaddr"}


def log(msg):
    print(f"[real_slurmrestd] {msg}", file=sys.stderr, flush=True)


# ---- hostlists ------------------------------------------------------------

def split_top(text, sep=","):
    """Splits on sep outside brackets."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if depth != 0:
        raise ValueError(f"unbalanced brackets in hostlist {text!r}")
    parts.append(cur)
    return [p for p in parts if p]


def expand_hostlist(text):
    """prefix[1-3,7]suffix,other -> explicit names (nested brackets are not Slurm syntax)."""
    names = []
    for item in split_top(text):
        m = re.match(r"^([^\[]*)\[([^\]]+)\](.*)$", item)
        if not m:
            names.append(item)
            continue
        prefix, ranges, rest = m.groups()
        for r in ranges.split(","):
            if "-" in r:
                lo, hi = r.split("-", 1)
                if not (lo.isdigit() and hi.isdigit()) or int(hi) < int(lo):
                    raise ValueError(f"bad range {r!r} in {text!r}")
                width = len(lo)
                nums = [str(i).zfill(width) for i in range(int(lo), int(hi) + 1)]
            else:
                if not r.isdigit():
                    raise ValueError(f"bad range {r!r} in {text!r}")
                nums = [r]
            for n in nums:
                names.extend(expand_hostlist(prefix + n + rest))
    return names


# ---- config rendering -------------------------------------------------------

def parse_line(line):
    """'A=b C=d' -> [(A, b), (C, d)]; raises on tokens that are not Key=Value."""
    out = []
    for tok in line.split():
        if "=" not in tok:
            raise ValueError(f"not Key=Value: {tok!r} in line {line!r}")
        k, v = tok.split("=", 1)
        out.append((k, v))
    return out


# Power-saving keys a fixture keeps when the launcher runs its CLOUD nodes (see power_saving).
POWER_SAVE_KEYS = {k.lower() for k in (
    "SuspendTime", "SuspendTimeout", "ResumeTimeout", "ResumeRate", "SuspendRate",
    "SuspendExcNodes", "SuspendExcParts")}


def power_saving(fixture_text):
    """True when the fixture powers CLOUD nodes down (SuspendTime set) and has CLOUD nodes.

    Then the launcher keeps power saving: CLOUD nodes start powered down with no slurmd, and
    the ResumeProgram it writes "boots" a node by starting its slurmd (see resume_script).
    """
    suspend, cloud = False, False
    for raw in fixture_text.splitlines():
        for k, v in parse_line(raw.split("#", 1)[0].strip()):
            if k.lower() == "suspendtime" and v.upper() not in ("NONE", "INFINITE", "-1"):
                suspend = True
            if k.lower() == "state" and v.upper() == "CLOUD":
                cloud = True
    return suspend and cloud


def spool_dir(d):
    """Where the slurmds spool: DIR/spool, or a short directory under /tmp for a deep DIR.

    slurmstepd's socket (SPOOL/NODE/NODE_JOBID.STEPID) must fit in a unix socket's 108-byte
    path; from a deep build directory it does not, the step dies and jobs requeue held.
    """
    if len(d) <= 32:
        return f"{d}/spool"
    return f"/tmp/real-slurm-spool-{hashlib.sha1(d.encode()).hexdigest()[:10]}"


def munge_socket(d):
    """This run's own munged socket: DIR/run/munge, or a short directory under /run for a deep
    DIR (a unix socket's path must fit in 108 bytes). Every daemon of the run speaks to it
    (AuthInfo=socket=...), so concurrent runs never share, and never stop, each other's munged."""
    sock = os.path.join(d, "run", "munge", "munged.socket")
    if len(sock) < 100:
        return sock
    return f"/run/real-slurm-munge-{hashlib.sha1(d.encode()).hexdigest()[:10]}/munged.socket"


def resume_script(d, conf, spool=None):
    """ResumeProgram: start each resumed node's slurmd, as if the node had just booted.

    slurmctld runs it as SlurmUser (root here) with a hostlist argument. A powering-up node
    only counts as booted when its slurmd reports a boot time (now - uptime) later than the
    resume request, so slurmd runs in a new time namespace whose CLOCK_BOOTTIME starts near
    zero (the uptime of a freshly booted host), and only after a 2 s "boot" so that the
    whole-second boot time cannot round to the request's second.
    """
    spool = spool or f"{d}/spool"
    return f"""#!/bin/sh
# Written by real_slurmrestd.py: boots CLOUD nodes on loopback by starting their slurmd.
# slurmctld gives it no PATH and no stdin; slurmd would open its log file as fd 0 and lose it
# to /dev/null when it daemonizes.
export SLURM_CONF={conf} PATH=/usr/sbin:/usr/bin:/sbin:/bin
exec </dev/null >>{d}/log/power_save.log 2>&1
sleep 2
for n in $(scontrol show hostnames "$1"); do
    mkdir -p {spool}/$n
    up=$(cut -d. -f1 /proc/uptime)
    unshare --time --boottime "-$up" slurmd -N "$n" -f {conf}
done
echo "$(date +%s) resume $1"
"""


def suspend_script(d, conf):
    """SuspendProgram / ResumeFailProgram: stop each node's slurmd (the node powers off)."""
    return f"""#!/bin/sh
# Written by real_slurmrestd.py: powers CLOUD nodes off by stopping their slurmd.
export SLURM_CONF={conf} PATH=/usr/sbin:/usr/bin:/sbin:/bin
exec </dev/null >>{d}/log/power_save.log 2>&1
for n in $(scontrol show hostnames "$1"); do
    pid=$(cat {d}/run/slurmd-$n.pid 2>/dev/null)
    # Only this cluster's slurmd (its conf path is on the command line).
    [ -n "$pid" ] && grep -qF {conf} /proc/$pid/cmdline 2>/dev/null && kill "$pid"
done
echo "$(date +%s) suspend $1"
"""


def render_conf(fixture_text, d, ctld_port, node_port_base):
    """Fixture cluster shape + loopback daemon keys -> (slurm.conf text, node names)."""
    text, nodes, _ = render_cluster(fixture_text, d, ctld_port, node_port_base)
    return text, nodes


def render_cluster(fixture_text, d, ctld_port, node_port_base, spool=None, dbd_port=None):
    """render_conf, plus the CLOUD nodes that start powered down (empty without power saving).

    Without power saving State=CLOUD/FUTURE become UNKNOWN and every node gets a slurmd.
    dbd_port: slurmctld stores accounting in the slurmdbd on 127.0.0.1:dbd_port.
    """
    spool = spool or f"{d}/spool"
    power = power_saving(fixture_text)
    keep, node_lines, part_lines, nodes, cloud_nodes = [], [], [], [], []
    port = node_port_base
    cluster = None
    for raw in fixture_text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        pairs = parse_line(line)
        key = pairs[0][0].lower()
        if key == "nodename":
            name = pairs[0][1]
            rest = [(k, v) for k, v in pairs[1:] if k.lower() not in NODE_DAEMON_KEYS]
            is_cloud = any(k.lower() == "state" and v.upper() == "CLOUD" for k, v in rest)
            rest = [(k, "UNKNOWN" if k.lower() == "state" and v.upper() in (
                "CLOUD", "FUTURE") and not (power and v.upper() == "CLOUD") else v)
                    for k, v in rest]
            if name.upper() == "DEFAULT":
                node_lines.append(" ".join(f"{k}={v}" for k, v in pairs))
                continue
            names = expand_hostlist(name)
            nodes.extend(names)
            if power and is_cloud:
                cloud_nodes.extend(names)
            ports = f"{port}" if len(names) == 1 else f"[{port}-{port + len(names) - 1}]"
            port += len(names)
            node_lines.append(" ".join([f"NodeName={name}", "NodeAddr=127.0.0.1",
                                        "NodeHostname=localhost", f"Port={ports}"] +
                                       [f"{k}={v}" for k, v in rest]))
        elif key == "partitionname":
            part_lines.append(line)
        elif power and key in POWER_SAVE_KEYS:
            keep.append(line)
        elif power and key == "slurmctldparameters":
            # cloud_dns would make slurmctld look node names up in DNS instead of NodeAddr.
            params = [p for p in pairs[0][1].split(",") if p and p.lower() != "cloud_dns"]
            if params:
                keep.append(f"SlurmctldParameters={','.join(params)}")
        elif power and key == "privatedata" and "cloud" in pairs[0][1].lower().split(","):
            # Without it powered-down CLOUD nodes are hidden from node listings.
            keep.append("PrivateData=cloud")
        elif key in DAEMON_KEYS or key == "include":
            log(f"fixture key replaced for loopback: {pairs[0][0]}")
        else:
            if key == "clustername":
                cluster = pairs[0][1]
            keep.append(line)
    if not nodes or not part_lines:
        raise ValueError("fixture has no NodeName or no PartitionName lines")
    if cluster is None:
        raise ValueError("fixture has no ClusterName")
    accounting = ("AccountingStorageType=accounting_storage/slurmdbd\n"
                  f"AccountingStorageHost=127.0.0.1\nAccountingStoragePort={dbd_port}\n"
                  # the munge socket for connections to slurmdbd (slurmctld, sacctmgr)
                  f"AccountingStoragePass={munge_socket(d)}"
                  if dbd_port else "AccountingStorageType=accounting_storage/none")
    ours = f"""SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
SlurmctldPort={ctld_port}
SlurmdPort={node_port_base}
AuthType=auth/munge
CredType=cred/munge
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key={d}/jwt_hs256.key
StateSaveLocation={d}/state
SlurmdSpoolDir={spool}/%n
SlurmctldPidFile={d}/run/slurmctld.pid
SlurmdPidFile={d}/run/slurmd-%n.pid
SlurmctldLogFile={d}/log/slurmctld.log
SlurmdLogFile={d}/log/slurmd-%n.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
{accounting}
AuthInfo=socket={munge_socket(d)}
JobCompType=jobcomp/none
ReturnToService=2
CommunicationParameters=NoAddrCache
"""
    if power:
        ours += (f"ResumeProgram={d}/etc/resume.sh\nSuspendProgram={d}/etc/suspend.sh\n"
                 f"ResumeFailProgram={d}/etc/suspend.sh\n")
    text = ("# Rendered by contract_tests/oracle/real_slurmrestd.py for a loopback run.\n"
            + "\n".join(keep) + "\n" + ours + "\n".join(node_lines + part_lines) + "\n")
    return text, nodes, cloud_nodes


# ---- tokens -----------------------------------------------------------------

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def mint_token(key, user, lifespan=3600):
    now = int(time.time())
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = b64url(json.dumps({"exp": now + lifespan, "iat": now, "sun": user},
                             separators=(",", ":")).encode())
    sig = hmac.new(key, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64url(sig)}"


# ---- process helpers ----------------------------------------------------------

def alive(pid, exe=None):
    """pid exists (not a zombie) and, if exe is given, runs that program."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                return False
        if exe:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                return exe.encode() in f.read()
        return True
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


def read_pid(path):
    try:
        with open(path) as f:
            return int(f.read().strip())
    except (FileNotFoundError, ValueError):
        return None


def wait_until(pred, timeout, interval=0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(interval)
    return pred()


def ping(rest_port, user, token, api=API):
    req = urllib.request.Request(f"http://127.0.0.1:{rest_port}{api}/ping",
                                 headers={"X-SLURM-USER-NAME": user,
                                          "X-SLURM-USER-TOKEN": token})
    try:
        with urllib.request.urlopen(req, timeout=2) as r:
            return r.status == 200 and json.load(r)["pings"][0]["ping"] == "UP"
    except (urllib.error.URLError, OSError, ValueError, KeyError, IndexError):
        return False


def state_path(d):
    return os.path.join(d, "run", "launcher.json")


def load_state(d):
    try:
        with open(state_path(d)) as f:
            return json.load(f)
    except FileNotFoundError:
        raise SystemExit(f"no launcher state in {d} (was `start --dir {d}` run?)")


def save_state(d, st):
    with open(state_path(d), "w") as f:
        json.dump(st, f, indent=1)


# ---- commands -----------------------------------------------------------------

def cmd_install(a):
    wanted = PACKAGES + (ACCOUNTING_PACKAGES if getattr(a, "accounting", False) else [])
    missing = [p for p in wanted if subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", p], capture_output=True,
        text=True).stdout.strip() != "install ok installed"]
    if missing:
        log(f"installing {' '.join(missing)}")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        # Other apt users on the machine take the same lock.
        subprocess.run(["flock", "/tmp/apt.lock", "apt-get", "update"], check=True, env=env)
        subprocess.run(["flock", "/tmp/apt.lock", "apt-get", "install", "-y",
                        "--no-install-recommends"] + missing, check=True, env=env)
    else:
        log("all packages present")
    for user, system in ((REST_USER, True), (JOB_USER, False)):
        try:
            pwd.getpwnam(user)
        except KeyError:
            cmd = (["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                    user] if system else ["useradd", "-m", "-s", "/bin/bash", user])
            subprocess.run(cmd, check=True)
            log(f"created user {user}")
    key = "/etc/munge/munge.key"
    if not os.path.exists(key) or os.path.getsize(key) == 0:
        with open(key, "wb") as f:
            f.write(secrets.token_bytes(1024))
        shutil.chown(key, "munge", "munge")
        os.chmod(key, 0o400)
        log("created munge key")


def start_own_munged(d, st):
    """A munged of this run only: its own socket (munge_socket), the machine's key."""
    sock = munge_socket(d)
    # munged refuses files another uid owns (a DIR reused by a chroot release): start afresh
    shutil.rmtree(os.path.dirname(sock), ignore_errors=True)
    os.makedirs(os.path.dirname(sock))
    shutil.chown(os.path.dirname(sock), "munge", "munge")
    for p in ("/var/log/munge", "/var/lib/munge"):
        os.makedirs(p, exist_ok=True)
        shutil.chown(p, "munge", "munge")
    pidf = os.path.join(os.path.dirname(sock), "munged.pid")  # a directory munged may write
    subprocess.run(["runuser", "-u", "munge", "--", "/usr/sbin/munged", f"--socket={sock}",
                    f"--pid-file={pidf}", f"--seed-file={os.path.dirname(sock)}/munged.seed",
                    f"--log-file={os.path.dirname(sock)}/munged.log"], check=True)
    if not wait_until(lambda: subprocess.run(["munge", "-n", f"--socket={sock}"],
                                             capture_output=True).returncode == 0, 10):
        raise SystemExit(f"munged did not come up on {sock}")
    wait_until(lambda: read_pid(pidf) is not None, 5)  # written after the socket
    st["munged"] = read_pid(pidf)
    save_state(d, st)


def cmd_start(a):
    d = os.path.abspath(a.dir)
    plugins = a.rest_plugins or "openapi/v0.0.36"
    if os.path.exists(state_path(d)):
        st = json.load(open(state_path(d)))
        if alive(st.get("slurmctld", 0), "slurmctld"):
            raise SystemExit(f"{d} already has a running cluster; `stop --dir {d}` first")
    with open(a.conf) as f:
        text, nodes, cloud_nodes = render_cluster(
            f.read(), d, a.ctld_port, a.node_port_base, spool=spool_dir(d),
            dbd_port=a.dbd_port if a.accounting else None)
    for sub in ("etc", "state", "spool", "log", "run"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    for sub in ("", "etc", "log", "run"):
        os.chmod(os.path.join(d, sub), 0o755)
    conf = os.path.join(d, "etc", "slurm.conf")
    with open(conf, "w") as f:
        f.write(text)
    os.chmod(conf, 0o644)
    if cloud_nodes:
        for name, body in (("resume.sh", resume_script(d, conf, spool_dir(d))),
                           ("suspend.sh", suspend_script(d, conf))):
            path = os.path.join(d, "etc", name)
            with open(path, "w") as f:
                f.write(body)
            os.chmod(path, 0o755)
    keyf = os.path.join(d, "jwt_hs256.key")
    if not os.path.exists(keyf):
        with open(keyf, "wb") as f:
            f.write(secrets.token_bytes(64))
    os.chmod(keyf, 0o600)
    env = dict(os.environ, SLURM_CONF=conf)
    st = {"dir": d, "conf": conf, "rest_port": a.rest_port, "ctld_port": a.ctld_port,
          "nodes": nodes, "cloud_nodes": cloud_nodes, "munged": None, "slurmctld": None,
          "slurmd": {}, "slurmrestd": None, "user": a.user, "mariadbd": None, "slurmdbd": None}
    save_state(d, st)
    t0 = time.monotonic()

    start_own_munged(d, st)

    if a.accounting:
        start_accounting(a, d, conf, env, st, cluster_name(text))

    subprocess.run(["/usr/sbin/slurmctld", "-c", "-i", "-f", conf], check=True, env=env)
    ctld_pidf = os.path.join(d, "run", "slurmctld.pid")
    wait_until(lambda: read_pid(ctld_pidf) is not None, 10)
    st["slurmctld"] = read_pid(ctld_pidf)
    save_state(d, st)
    if not wait_until(lambda: subprocess.run(["scontrol", "ping"], env=env, capture_output=True)
                      .returncode == 0, 30):
        log(open(os.path.join(d, "log", "slurmctld.log")).read()[-2000:])
        raise SystemExit("slurmctld not answering")

    # Powered-down CLOUD nodes get their slurmd from the ResumeProgram when they boot.
    static_nodes = [n for n in nodes if n not in cloud_nodes]
    for n in static_nodes:
        os.makedirs(os.path.join(spool_dir(d), n), exist_ok=True)
        subprocess.run(["/usr/sbin/slurmd", "-N", n, "-f", conf], check=True, env=env)
    for n in static_nodes:
        pidf = os.path.join(d, "run", f"slurmd-{n}.pid")
        wait_until(lambda: read_pid(pidf) is not None, 10)
        st["slurmd"][n] = read_pid(pidf)
    save_state(d, st)

    st.update(rest_plugins=plugins, rest_user=a.rest_user)
    start_rest(st)
    # Nodes register asynchronously; wait until none is still unknown/down (best effort).
    ok = wait_until(lambda: "unk" not in subprocess.run(
        ["sinfo", "-h", "-o", "%T"], env=env, capture_output=True, text=True).stdout, 20, 0.3)
    log(f"up in {time.monotonic() - t0:.1f}s: http://127.0.0.1:{a.rest_port} "
        f"({len(nodes)} nodes{'' if ok else ', some not yet registered'}); "
        f"SLURM_CONF={conf}")


# ---- accounting (MariaDB + slurmdbd) -----------------------------------------------

def cluster_name(conf_text):
    m = re.search(r"^\s*ClusterName=(\S+)", conf_text, re.M | re.I)
    return m.group(1)


def slurmdbd_conf(d, dbd_port, db_port):
    """slurmdbd.conf beside slurm.conf (slurmdbd finds it through SLURM_CONF's directory)."""
    return f"""# Rendered by contract_tests/oracle/real_slurmrestd.py for a loopback run.
AuthType=auth/munge
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key={d}/jwt_hs256.key
DbdHost=localhost
DbdAddr=127.0.0.1
DbdPort={dbd_port}
SlurmUser=root
PidFile={d}/run/slurmdbd.pid
LogFile={d}/log/slurmdbd.log
DebugLevel=info
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort={db_port}
StorageLoc={DB_NAME}
StorageUser={DB_USER}
StoragePass={DB_USER}-{db_port}
AuthInfo=socket={munge_socket(d)}
"""


def start_accounting(a, d, conf, env, st, cluster):
    """MariaDB on 127.0.0.1:db_port (own datadir), slurmdbd, then the cluster's associations.

    StorageHost must be an address: with "localhost" the MySQL client library ignores the
    port and looks for a unix socket in its default place.
    """
    db = os.path.join(d, "db")
    data = os.path.join(db, "data")
    os.makedirs(db, exist_ok=True)
    shutil.chown(db, "mysql", "mysql")
    if not os.path.isdir(os.path.join(data, "mysql")):
        shutil.rmtree(data, ignore_errors=True)
        with open(os.path.join(d, "log", "mariadb-install-db.log"), "wb") as logf:
            subprocess.run(["mariadb-install-db", "--user=mysql", f"--datadir={data}",
                            "--auth-root-authentication-method=socket", "--skip-test-db"],
                           check=True, stdout=logf, stderr=subprocess.STDOUT)
    sock = os.path.join(db, "mysqld.sock")
    logf = open(os.path.join(d, "log", "mariadbd.log"), "ab")
    proc = subprocess.Popen(
        ["/usr/sbin/mariadbd", f"--datadir={data}", f"--socket={sock}",
         f"--pid-file={db}/mysqld.pid", f"--port={a.db_port}", "--bind-address=127.0.0.1",
         "--skip-name-resolve", f"--log-error={d}/log/mariadbd.err"],
        user="mysql", group="mysql", extra_groups=[], stdout=logf, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, start_new_session=True)
    st["mariadbd"] = proc.pid
    save_state(d, st)

    def sql(stmt):
        return subprocess.run(["mariadb", f"--socket={sock}", "-uroot", "-e", stmt],
                              capture_output=True, text=True)

    if not wait_until(lambda: sql("select 1").returncode == 0, 60, 0.2):
        raise SystemExit("mariadbd did not come up; see " + f"{d}/log/mariadbd.err")
    pw = f"{DB_USER}-{a.db_port}"
    r = sql(f"CREATE DATABASE IF NOT EXISTS {DB_NAME}; "
            f"CREATE USER IF NOT EXISTS '{DB_USER}'@'127.0.0.1' IDENTIFIED BY '{pw}'; "
            f"GRANT ALL ON {DB_NAME}.* TO '{DB_USER}'@'127.0.0.1'; FLUSH PRIVILEGES;")
    if r.returncode != 0:
        raise SystemExit(f"mariadb setup failed: {r.stderr}")

    dconf = os.path.join(d, "etc", "slurmdbd.conf")
    with open(dconf, "w") as f:
        f.write(slurmdbd_conf(d, a.dbd_port, a.db_port))
    os.chmod(dconf, 0o600)  # slurmdbd refuses a readable file holding StoragePass
    subprocess.run(["/usr/sbin/slurmdbd"], check=True, env=env)
    pidf = os.path.join(d, "run", "slurmdbd.pid")
    wait_until(lambda: read_pid(pidf) is not None, 10)
    st["slurmdbd"] = read_pid(pidf)
    save_state(d, st)

    def sacctmgr(*args):
        return subprocess.run(["sacctmgr", "-i", *args], env=env, capture_output=True,
                              text=True)

    if not wait_until(lambda: sacctmgr("list", "cluster").returncode == 0, 60, 0.3):
        log(open(os.path.join(d, "log", "slurmdbd.log")).read()[-2000:])
        raise SystemExit("slurmdbd not answering")
    for args in (("add", "cluster", cluster),
                 ("add", "account", JOB_ACCOUNT, f"Cluster={cluster}",
                  "Description=job user's account", "Organization=oracle"),
                 ("add", "user", a.user, f"Account={JOB_ACCOUNT}", f"Cluster={cluster}")):
        r = sacctmgr(*args)
        # A restarted run finds them there already ("Nothing new added").
        if r.returncode != 0 and "already exists" not in r.stdout + r.stderr \
                and "Nothing new" not in r.stdout + r.stderr:
            raise SystemExit(f"sacctmgr {' '.join(args)} failed: {r.stdout}{r.stderr}")


def start_rest(st):
    """Starts slurmrestd as st says (also after it died: `restart-rest`) and waits for /ping."""
    d, conf = st["dir"], st["conf"]
    logf = open(os.path.join(d, "log", "slurmrestd.log"), "ab")
    # SLURM_JWT=daemon: slurmrestd authenticates its own RPCs with auth/jwt (no munge).
    proc = subprocess.Popen(
        ["/usr/sbin/slurmrestd", "-f", conf, "-a", "rest_auth/jwt", "-s", st["rest_plugins"],
         f"127.0.0.1:{st['rest_port']}"],
        env=dict(os.environ, SLURM_CONF=conf, SLURM_JWT="daemon"), user=st["rest_user"],
        group=st["rest_user"], extra_groups=[], stdout=logf, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, start_new_session=True)
    st["slurmrestd"] = proc.pid
    save_state(d, st)
    with open(os.path.join(d, "jwt_hs256.key"), "rb") as f:
        tok = mint_token(f.read(), st["user"])
    # Readiness asks the first slurmctld API version loaded (-s openapi/v0.0.37 has no v0.0.36).
    api = next((f"/slurm/{p[8:]}" for p in st["rest_plugins"].split(",")
                if re.fullmatch(r"openapi/v[0-9.]+", p)), API)
    if not wait_until(lambda: ping(st["rest_port"], st["user"], tok, api), 30, 0.2):
        log(open(os.path.join(d, "log", "slurmrestd.log")).read()[-2000:])
        raise SystemExit("slurmrestd not answering /ping")


def cmd_restart_rest(a):
    st = load_state(os.path.abspath(a.dir))
    if alive(st.get("slurmrestd"), "slurmrestd"):
        raise SystemExit("slurmrestd is running")
    start_rest(st)
    log(f"slurmrestd restarted (pid {st['slurmrestd']})")


def stop_pid(pid, exe, what):
    if not pid or not alive(pid, exe):
        return
    os.kill(pid, 15)
    if not wait_until(lambda: not alive(pid, exe), 10):
        os.kill(pid, 9)
        wait_until(lambda: not alive(pid, exe), 5)
    log(f"stopped {what} (pid {pid})")


def cmd_stop(a):
    d = os.path.abspath(a.dir)
    st = load_state(d)
    stop_pid(st.get("slurmrestd"), "slurmrestd", "slurmrestd")
    for n, pid in st.get("slurmd", {}).items():
        stop_pid(pid, "slurmd", f"slurmd -N {n}")
    # slurmds the ResumeProgram started are known by their pid files only; a pid counts
    # only while it runs with this cluster's conf (pids are reused).
    for n in st.get("cloud_nodes", []):
        stop_pid(read_pid(os.path.join(d, "run", f"slurmd-{n}.pid")), st["conf"],
                 f"slurmd -N {n} (booted cloud node)")
    stop_pid(st.get("slurmctld"), "slurmctld", "slurmctld")
    stop_pid(st.get("slurmdbd"), "slurmdbd", "slurmdbd")
    stop_pid(st.get("mariadbd"), "mariadbd", "mariadbd")
    stop_pid(st.get("munged"), "munged", "munged")
    st.update(slurmrestd=None, slurmd={}, slurmctld=None, munged=None, slurmdbd=None,
              mariadbd=None)
    save_state(d, st)
    if not spool_dir(d).startswith(d + "/"):  # a deep DIR's spool under /tmp
        shutil.rmtree(spool_dir(d), ignore_errors=True)


def cmd_status(a):
    st = load_state(os.path.abspath(a.dir))
    procs = [("slurmrestd", st.get("slurmrestd"), "slurmrestd"),
             ("slurmctld", st.get("slurmctld"), "slurmctld"),
             ("slurmdbd", st.get("slurmdbd"), "slurmdbd"),
             ("mariadbd", st.get("mariadbd"), "mariadbd"),
             ("munged", st.get("munged"), "munged")]
    procs += [(f"slurmd -N {n}", p, "slurmd") for n, p in st.get("slurmd", {}).items()]
    running = 0
    for what, pid, exe in procs:
        if pid:
            up = alive(pid, exe)
            running += up
            print(f"{what:40s} {pid:>8} {'running' if up else 'DEAD'}")
    with open(os.path.join(st["dir"], "jwt_hs256.key"), "rb") as f:
        tok = mint_token(f.read(), st["user"])
    up = ping(st["rest_port"], st["user"], tok)
    print(f"REST http://127.0.0.1:{st['rest_port']}{API}/ping: {'UP' if up else 'not answering'}")
    return 0 if up else 1


def cmd_token(a):
    st = load_state(os.path.abspath(a.dir))
    with open(os.path.join(st["dir"], "jwt_hs256.key"), "rb") as f:
        print(mint_token(f.read(), a.user_name, a.lifespan))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    i = sub.add_parser("install", help="apt-get missing packages, create users and munge key")
    s = sub.add_parser("start", help="render slurm.conf from a fixture and start the daemons")
    for p in (i, s):  # 24.11 and 26.05 run in a Debian chroot: see releases.py
        p.add_argument("--slurm-version", choices=("22.05", "24.11", "26.05"), default="22.05")
        p.add_argument("--accounting", action="store_true",
                       help="MariaDB + slurmdbd: slurmctld stores accounting (24.11+: in the "
                            "chroot, slurmrestd -s openapi/slurmctld,openapi/slurmdbd)")
    s.add_argument("--dbd-port", type=int, default=6819, help="slurmdbd port (--accounting)")
    s.add_argument("--db-port", type=int, default=3306,
                   help="MariaDB TCP port on 127.0.0.1 (--accounting)")
    s.add_argument("--rest-plugins", default=None,
                   help="slurmrestd -s list (22.05 default openapi/v0.0.36, e.g. "
                        "openapi/v0.0.36,openapi/v0.0.37,openapi/v0.0.38; 24.11+: "
                        "openapi/slurmctld)")
    s.add_argument("--data-parsers", default=None, metavar="vX[,...]",
                   help="24.11+: slurmrestd -d list, e.g. v0.0.42,v0.0.43,v0.0.44 (what a "
                        "25.11 cluster serves); default the release's every data_parser")
    s.add_argument("--conf", required=True, help="fixture slurm.conf (cluster shape)")
    s.add_argument("--dir", required=True, help="state/config/log directory")
    s.add_argument("--rest-port", type=int, default=6820)
    s.add_argument("--ctld-port", type=int, default=6817)
    s.add_argument("--node-port-base", type=int, default=17001,
                   help="first slurmd port; node i listens on base+i")
    s.add_argument("--rest-user", default=REST_USER, help="unprivileged user for slurmrestd")
    s.add_argument("--user", default=JOB_USER, help="user for the readiness /ping")
    for name, hlp in (("stop", "stop the daemons this launcher started in DIR"),
                      ("status", "show recorded daemons and REST /ping"),
                      ("restart-rest", "start DIR's slurmrestd again after it died")):
        p = sub.add_parser(name, help=hlp)
        p.add_argument("--dir", required=True)
    t = sub.add_parser("token", help="print an HS256 JWT for USER signed with DIR's key")
    t.add_argument("user_name", metavar="USER")
    t.add_argument("--dir", required=True)
    t.add_argument("--lifespan", type=int, default=3600)
    a = ap.parse_args(argv)
    if getattr(a, "data_parsers", None) and a.slurm_version == "22.05":
        ap.error("--data-parsers: 22.05 has no data_parser plugins (use --rest-plugins)")
    try:
        if getattr(a, "slurm_version", "22.05") != "22.05" or (
                a.cmd in ("stop", "status", "restart-rest") and "chroot" in load_state(os.path.abspath(a.dir))):
            import releases
            return releases.main(a) or 0
        return {"install": cmd_install, "start": cmd_start, "stop": cmd_stop,
                "status": cmd_status, "token": cmd_token,
                "restart-rest": cmd_restart_rest}[a.cmd](a) or 0
    except (ValueError, OSError, subprocess.CalledProcessError) as e:
        log(f"error: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
