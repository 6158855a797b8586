"""Newer Slurm releases (24.11, 26.05) for the real-daemon launcher, each in a Debian chroot.

Debian 12 ships Slurm 22.05 only; trixie ships 24.11.5 and forky 26.05.5. `install` builds a
minbase chroot of the release's suite with debootstrap and installs Debian's Slurm inside,
cached under CACHE/SUITE and reused. `start` binds the run directory into the chroot at the same
path, so slurm.conf, pid files, logs and the JWT key have one name inside and out, and runs
munged, slurmctld, one slurmd per node and slurmrestd there (the processes stay in the host's
PID namespace, so stopping them is the same as for 22.05). Mounts (proc, /dev, the run
directory) are removed by `stop`, by an interrupted `start`, and, when no process runs inside
the chroot any more, by any later start or stop of that release.
"""

import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request

import real_slurmrestd as rs

CACHE = os.environ.get("MOCK_ORACLE_CHROOTS", "/var/cache/mock-slurmrestd-oracle")
READY = ".mock-oracle-ready"  # written once the chroot has its packages and users

# suite, debootstrap script (Debian 12's debootstrap has no forky script), data_parser versions
RELEASES = {
    "24.11": {"suite": "trixie", "script": None,
              "versions": ["v0.0.40", "v0.0.41", "v0.0.42"]},
    "26.05": {"suite": "forky", "script": "/usr/share/debootstrap/scripts/sid",
              "versions": ["v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45"]},
}
DEFAULT_REST_PLUGINS = "openapi/slurmctld"
# The mirror's forky Release file can be past its Valid-Until date.
APT = ["apt-get", "-q", "-o", "Acquire::Check-Valid-Until=false"]


def root_of(version):
    return os.path.join(CACHE, RELEASES[version]["suite"])


def newest(version):
    return RELEASES[version]["versions"][-1]


def data_parsers(version, names):
    """`--data-parsers` (`v0.0.42,data_parser/v0.0.43`) as version names, each one the
    release has, in the order given (slurmrestd's `-d`); None for the release's own set."""
    if not names:
        return None
    out = [n.strip().removeprefix("data_parser/") for n in names.split(",") if n.strip()]
    unknown = [n for n in out if n not in RELEASES[version]["versions"]]
    if unknown:
        raise SystemExit(f"--data-parsers: Slurm {version} has no {', '.join(unknown)} "
                         f"(it has {', '.join(RELEASES[version]['versions'])})")
    return out


def newest_served(st):
    """The newest version st's slurmrestd loads: the newest of its `-d` list, else the
    release's."""
    names = st.get("data_parsers")
    if not names:
        return newest(st["slurm_version"])
    return max(names, key=lambda n: tuple(int(x) for x in n[1:].split(".")))


def in_root(root, *cmd):
    return ["chroot", root, *cmd]


# ---- mounts -------------------------------------------------------------------

def mounts_under(root):
    """Mount points at or below root, deepest first (the order to unmount them in)."""
    out = []
    with open("/proc/self/mounts") as f:
        for line in f:
            mp = line.split()[1].replace("\\040", " ")
            if mp == root or mp.startswith(root + "/"):
                out.append(mp)
    return sorted(set(out), key=len, reverse=True)


def is_mount(path):
    """os.path.ismount misses a bind mount from the same filesystem: ask the mount table."""
    return path in mounts_under(path)


def processes_in(root):
    """PIDs whose root directory is the chroot."""
    pids = []
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                if os.readlink(f"/proc/{p}/root") == root:
                    pids.append(int(p))
            except OSError:
                pass
    return pids


def umount(mp):
    r = subprocess.run(["umount", mp], capture_output=True, text=True)
    if r.returncode != 0:  # still busy: detach it, it goes when its last user does
        subprocess.run(["umount", "-l", mp], capture_output=True)


def clean_stale_mounts(root):
    """Unmounts everything under root when no process runs inside the chroot any more."""
    if processes_in(root):
        return False
    for mp in mounts_under(root):
        umount(mp)
        rs.log(f"unmounted {mp}")
    return True


def mount_base(root):
    if not is_mount(os.path.join(root, "proc")):
        subprocess.run(["mount", "-t", "proc", "proc", os.path.join(root, "proc")], check=True)
    if not is_mount(os.path.join(root, "dev")):
        subprocess.run(["mount", "--bind", "/dev", os.path.join(root, "dev")], check=True)


class Locked:
    """One launcher at a time mounts or unmounts a given chroot."""

    def __init__(self, root):
        self.path = root + ".lock"

    def __enter__(self):
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        self.f = open(self.path, "w")
        fcntl.flock(self.f, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        self.f.close()


class CleanupOnSignal:
    """Turns SIGTERM/SIGHUP into SystemExit so that `finally` blocks unmount what they mounted."""

    SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)

    def __enter__(self):
        self.old = {s: signal.signal(s, self._raise) for s in self.SIGNALS}
        return self

    @staticmethod
    def _raise(signum, _frame):
        raise SystemExit(128 + signum)

    def __exit__(self, *exc):
        for s, h in self.old.items():
            signal.signal(s, h)


# ---- install --------------------------------------------------------------------

def apt_mirror():
    """The Debian mirror the machine's apt sources name (deb lines or deb822 URIs)."""
    texts = []
    for path in ["/etc/apt/sources.list"] + sorted(
            os.path.join("/etc/apt/sources.list.d", n)
            for n in (os.listdir("/etc/apt/sources.list.d")
                      if os.path.isdir("/etc/apt/sources.list.d") else [])):
        try:
            with open(path) as f:
                texts.append(f.read())
        except OSError:
            pass
    for line in "\n".join(texts).splitlines():
        line = line.strip()
        if line.startswith(("URIs:", "deb ")):
            m = re.search(r"(https?://\S+/debian)/?(\s|$)", line)
            if m:
                return m.group(1)
    raise SystemExit("no Debian mirror found in the apt sources")


def install(version):
    rel = RELEASES[version]
    root = root_of(version)
    if os.path.exists(os.path.join(root, READY)):
        rs.log(f"chroot for Slurm {version} present: {root}")
        return
    t0 = time.monotonic()
    with Locked(os.path.join(CACHE, "host-apt")):  # two installs at once (make -j2)
        if subprocess.run(["which", "debootstrap"], capture_output=True).returncode != 0:
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            subprocess.run(["apt-get", "-q", "update"], check=True, env=env)
            subprocess.run(["apt-get", "install", "-y", "-q", "debootstrap"], check=True,
                           env=env)
    with Locked(root), CleanupOnSignal():
        if not os.path.exists(os.path.join(root, "etc", "debian_version")):
            # Into a side directory first: a broken debootstrap never looks like a chroot.
            partial = root + ".partial"
            clean_stale_mounts(partial)
            subprocess.run(["rm", "-rf", "--one-file-system", partial], check=True)
            cmd = ["debootstrap", "--variant=minbase", rel["suite"], partial, apt_mirror()]
            if rel["script"]:
                cmd.append(rel["script"])
            rs.log(" ".join(cmd))
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            os.rename(partial, root)
        try:
            mount_base(root)
            for f in ("/etc/resolv.conf", "/etc/hosts"):
                subprocess.run(["cp", f, root + f], check=False)
            os.chmod(os.path.join(root, "tmp"), 0o1777)
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive", LC_ALL="C")
            subprocess.run(in_root(root, *APT, "update"), check=True, env=env)
            subprocess.run(in_root(root, *APT, "install", "-y", "--no-install-recommends",
                                   *rs.PACKAGES), check=True, env=env)
            subprocess.run(in_root(root, "sh", "-c", f"""
                getent passwd {rs.REST_USER} >/dev/null || useradd --system --no-create-home \
                    --shell /usr/sbin/nologin {rs.REST_USER}
                getent passwd {rs.JOB_USER} >/dev/null || useradd -m -s /bin/bash {rs.JOB_USER}
                if [ ! -s /etc/munge/munge.key ]; then
                    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
                    chown munge:munge /etc/munge/munge.key; chmod 0400 /etc/munge/munge.key
                fi
                apt-get clean"""), check=True, env=env)
            ver = subprocess.run(in_root(root, "dpkg-query", "-W", "-f=${Version}", "slurmctld"),
                                 capture_output=True, text=True, check=True).stdout
            with open(os.path.join(root, READY), "w") as f:
                f.write(f"slurmctld {ver}\n")
        finally:
            clean_stale_mounts(root)
    rs.log(f"chroot for Slurm {version} ({rel['suite']}, slurmctld {ver}) built in "
           f"{time.monotonic() - t0:.0f}s: {root}")


ACCT_READY = ".mock-oracle-acct-ready"  # written once mariadb-server and slurmdbd are in


def install_accounting(version):
    """mariadb-server and slurmdbd in the release's chroot (for start --accounting), cached.

    A policy-rc.d forbids the packages' maintainer scripts to start their services: the
    chroot may be serving another run at the same time, and the launcher starts its own.
    """
    root = root_of(version)
    if os.path.exists(os.path.join(root, ACCT_READY)):
        rs.log(f"accounting packages present in the Slurm {version} chroot")
        return
    t0 = time.monotonic()
    policy = os.path.join(root, "usr", "sbin", "policy-rc.d")
    with Locked(root), CleanupOnSignal():
        try:
            mount_base(root)
            with open(policy, "w") as f:
                f.write("#!/bin/sh\n# real_slurmrestd.py: no service starts while installing\n"
                        "exit 101\n")
            os.chmod(policy, 0o755)
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive", LC_ALL="C")
            subprocess.run(in_root(root, *APT, "update"), check=True, env=env)
            subprocess.run(in_root(root, *APT, "install", "-y", "--no-install-recommends",
                                   *rs.ACCOUNTING_PACKAGES), check=True, env=env)
            subprocess.run(in_root(root, "apt-get", "clean"), check=True, env=env)
            ver = subprocess.run(in_root(root, "dpkg-query", "-W", "-f=${Version}", "slurmdbd"),
                                 capture_output=True, text=True, check=True).stdout
            with open(os.path.join(root, ACCT_READY), "w") as f:
                f.write(f"slurmdbd {ver}\n")
        finally:
            if os.path.exists(policy):
                os.unlink(policy)
            clean_stale_mounts(root)
    rs.log(f"accounting packages (slurmdbd {ver}) installed in the Slurm {version} chroot in "
           f"{time.monotonic() - t0:.0f}s")


# ---- start / stop ---------------------------------------------------------------

def ping_answer(rest_port, version, user, token, api=None):
    """(HTTP status or None, body) of GET /slurm/<api, else the release's newest>/ping."""
    req = urllib.request.Request(f"http://127.0.0.1:{rest_port}/slurm/{api or newest(version)}/ping",
                                 headers={"X-SLURM-USER-NAME": user,
                                          "X-SLURM-USER-TOKEN": token})
    try:
        with urllib.request.urlopen(req, timeout=2) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except (urllib.error.URLError, OSError) as e:
        return None, str(e)


def ping(rest_port, version, user, token, api=None):
    status, body = ping_answer(rest_port, version, user, token, api)
    try:
        # v0.0.45 has no pings[].pinged any more; every version has "responding".
        return status == 200 and json.loads(body)["pings"][0]["responding"] is True
    except (ValueError, KeyError, IndexError, TypeError):
        return False


def render(fixture_text, d, ctld_port, node_port_base, dbd_port=None):
    """The 22.05 rendering (every daemon of the run speaks to the run's own munged,
    rs.munge_socket) minus what these releases no longer accept."""
    text, nodes, cloud = rs.render_cluster(fixture_text, d, ctld_port, node_port_base,
                                           dbd_port=dbd_port)
    # NoAddrCache is defunct in these releases.
    text = "".join(l for l in text.splitlines(True)
                   if l.strip() != "CommunicationParameters=NoAddrCache")
    return text, nodes, cloud


munge_socket = rs.munge_socket


ACCT_REST_PLUGINS = "openapi/slurmctld,openapi/slurmdbd"


def start(a):
    version = a.slurm_version
    root = root_of(version)
    if not os.path.exists(os.path.join(root, READY)):
        raise SystemExit(f"no chroot for Slurm {version}: run `install --slurm-version "
                         f"{version}` first")
    d = os.path.abspath(a.dir)
    if os.path.exists(rs.state_path(d)):
        with open(rs.state_path(d)) as f:
            old = json.load(f)
        if rs.alive(old.get("slurmctld") or 0, "slurmctld"):
            raise SystemExit(f"{d} already has a running cluster; `stop --dir {d}` first")
    with open(a.conf) as f:
        text, nodes, cloud_nodes = render(f.read(), d, a.ctld_port, a.node_port_base,
                                          a.dbd_port if a.accounting else None)
    if cloud_nodes:
        raise SystemExit("power-saving CLOUD fixtures are not supported in a chroot release")
    if a.accounting and not os.path.exists(os.path.join(root, ACCT_READY)):
        raise SystemExit(f"no accounting packages in the Slurm {version} chroot: run "
                         f"`install --slurm-version {version} --accounting` first")
    plugins = a.rest_plugins or (ACCT_REST_PLUGINS if a.accounting else DEFAULT_REST_PLUGINS)
    bind = root + d
    st = {"dir": d, "conf": os.path.join(d, "etc", "slurm.conf"), "rest_port": a.rest_port,
          "ctld_port": a.ctld_port, "nodes": nodes, "cloud_nodes": [], "munged": None,
          "slurmctld": None, "slurmd": {}, "slurmrestd": None, "user": a.user,
          "slurm_version": version, "chroot": root, "bind": bind, "rest_plugins": plugins,
          "rest_user": a.rest_user, "data_parsers": data_parsers(version, a.data_parsers)}
    if a.accounting:
        st.update(accounting=True, mariadbd=None, slurmdbd=None)
    t0 = time.monotonic()
    with CleanupOnSignal():
        try:
            with Locked(root):
                clean_stale_mounts(root)
                for sub in ("etc", "state", "spool", "log", "run"):
                    os.makedirs(os.path.join(d, sub), exist_ok=True)
                for sub in ("", "etc", "log", "run"):
                    os.chmod(os.path.join(d, sub), 0o755)
                rs.save_state(d, st)
                mount_base(root)
                os.makedirs(bind, exist_ok=True)
                if not is_mount(bind):
                    subprocess.run(["mount", "--bind", d, bind], check=True)
            run_daemons(a, st, text)
        except BaseException:
            rs.log("start failed: stopping what was started and unmounting")
            stop_state(st)
            raise
    rs.log(f"Slurm {version} up in {time.monotonic() - t0:.1f}s: "
           f"http://127.0.0.1:{a.rest_port}/slurm/{newest_served(st)}/ ({len(nodes)} nodes, "
           f"{plugins}); SLURM_CONF={st['conf']} inside chroot {root}")


def run_daemons(a, st, text):
    d, root, conf = st["dir"], st["chroot"], st["conf"]
    with open(conf, "w") as f:
        f.write(text)
    # slurmd 24.11+ finds no cgroup filesystem in the chroot; without this nodes stay unk.
    with open(os.path.join(d, "etc", "cgroup.conf"), "w") as f:
        f.write("CgroupPlugin=disabled\n")
    for n in ("slurm.conf", "cgroup.conf"):
        os.chmod(os.path.join(d, "etc", n), 0o644)
    keyf = os.path.join(d, "jwt_hs256.key")
    if not os.path.exists(keyf):
        with open(keyf, "wb") as f:
            f.write(os.urandom(64))
    os.chmod(keyf, 0o600)
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "SLURM_CONF": conf, "LC_ALL": "C"}

    start_own_munged(st, env)
    if st.get("accounting"):
        start_accounting(a, st, env)

    subprocess.run(in_root(root, "/usr/sbin/slurmctld", "-c", "-i", "-f", conf), check=True,
                   env=env)
    ctld_pidf = os.path.join(d, "run", "slurmctld.pid")
    rs.wait_until(lambda: rs.read_pid(ctld_pidf) is not None, 10)
    st["slurmctld"] = rs.read_pid(ctld_pidf)
    rs.save_state(d, st)
    if not rs.wait_until(lambda: subprocess.run(in_root(root, "scontrol", "ping"), env=env,
                                                capture_output=True).returncode == 0, 30):
        rs.log(open(os.path.join(d, "log", "slurmctld.log")).read()[-2000:])
        raise SystemExit("slurmctld not answering")
    for n in st["nodes"]:
        os.makedirs(os.path.join(d, "spool", n), exist_ok=True)
        subprocess.run(in_root(root, "/usr/sbin/slurmd", "-N", n, "-f", conf), check=True,
                       env=env)
    for n in st["nodes"]:
        pidf = os.path.join(d, "run", f"slurmd-{n}.pid")
        rs.wait_until(lambda: rs.read_pid(pidf) is not None, 10)
        st["slurmd"][n] = rs.read_pid(pidf)
    rs.save_state(d, st)

    start_rest(st, a.rest_user, env)
    if not rs.wait_until(lambda: not re.search(r"unk|down|\*", subprocess.run(
            in_root(root, "sinfo", "-h", "-o", "%T"), env=env, capture_output=True,
            text=True).stdout), 30, 0.3):
        raise SystemExit("nodes did not all register with slurmctld")


def start_rest(st, rest_user, env):
    """slurmrestd in the chroot (also after it died: `restart-rest`); waits for /ping."""
    d, root, conf = st["dir"], st["chroot"], st["conf"]
    logf = open(os.path.join(d, "log", "slurmrestd.log"), "ab")
    # slurmrestd refuses root; SLURM_JWT=daemon: it authenticates its own RPCs with auth/jwt.
    proc = subprocess.Popen(
        in_root(root, "setpriv", f"--reuid={rest_user}", f"--regid={rest_user}",
                "--init-groups", "/usr/sbin/slurmrestd", "-f", conf, "-a", "rest_auth/jwt",
                "-s", st["rest_plugins"],
                *(["-d", ",".join(st["data_parsers"])] if st.get("data_parsers") else []),
                f"127.0.0.1:{st['rest_port']}"),
        env=dict(env, SLURM_JWT="daemon"), stdout=logf, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, start_new_session=True)
    st["slurmrestd"] = proc.pid  # chroot and setpriv exec: this pid becomes slurmrestd
    rs.save_state(d, st)
    with open(os.path.join(d, "jwt_hs256.key"), "rb") as f:
        tok = rs.mint_token(f.read(), st["user"])
    api = newest_served(st)
    if not rs.wait_until(lambda: ping(st["rest_port"], st["slurm_version"], st["user"], tok, api),
                         30, 0.2):
        rs.log(open(os.path.join(d, "log", "slurmrestd.log")).read()[-2000:])
        raise SystemExit("slurmrestd not answering /ping: "
                         f"{ping_answer(st['rest_port'], st['slurm_version'], st['user'], tok, api)!r}")


def chroot_env(st):
    return {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "SLURM_CONF": st["conf"], "LC_ALL": "C"}


def restart_rest(st):
    if rs.alive(st.get("slurmrestd"), "slurmrestd"):
        raise SystemExit("slurmrestd is running")
    start_rest(st, st.get("rest_user", rs.REST_USER), chroot_env(st))
    rs.log(f"slurmrestd restarted (pid {st['slurmrestd']})")


# ---- accounting (start --accounting) ----------------------------------------------

def start_own_munged(st, env):
    """A munged of this run only (its own socket; the chroot's key)."""
    d, root = st["dir"], st["chroot"]
    sock = munge_socket(d)
    here = os.path.dirname(sock)  # the socket's directory as the host sees it
    if not sock.startswith(d + "/"):
        here = root + here
    # munged refuses files another uid owns (DIR reused by another release): start afresh
    shutil.rmtree(here, ignore_errors=True)
    subprocess.run(in_root(root, "install", "-d", "-o", "munge", "-g", "munge", "-m", "755",
                           os.path.dirname(sock)), check=True)
    subprocess.run(in_root(root, "runuser", "-u", "munge", "--", "/usr/sbin/munged",
                           f"--socket={sock}", f"--pid-file={os.path.dirname(sock)}/munged.pid",
                           f"--seed-file={os.path.dirname(sock)}/munged.seed",
                           f"--log-file={os.path.dirname(sock)}/munged.log"),
                   check=True, env=env)
    if not rs.wait_until(lambda: subprocess.run(
            in_root(root, "munge", "-n", f"--socket={sock}"), capture_output=True,
            env=env).returncode == 0, 10):
        raise SystemExit(f"munged did not come up on {sock}")
    pidf = os.path.join(here, "munged.pid")
    rs.wait_until(lambda: rs.read_pid(pidf) is not None, 5)  # written after the socket
    st["munged"] = rs.read_pid(pidf)
    rs.save_state(d, st)


def start_accounting(a, st, env):
    """MariaDB (own datadir, 127.0.0.1:db_port) and slurmdbd in the chroot, then the cluster,
    the job user's account and the job user registered with sacctmgr (as for 22.05)."""
    d, root = st["dir"], st["chroot"]
    db = os.path.join(d, "db")
    data = os.path.join(db, "data")
    os.makedirs(db, exist_ok=True)
    subprocess.run(in_root(root, "chown", "mysql:mysql", db), check=True)
    if not os.path.isdir(os.path.join(data, "mysql")):
        with open(os.path.join(d, "log", "mariadb-install-db.log"), "wb") as logf:
            subprocess.run(in_root(root, "mariadb-install-db", "--user=mysql",
                                   f"--datadir={data}", "--auth-root-authentication-method=socket",
                                   "--skip-test-db"),
                           check=True, stdout=logf, stderr=subprocess.STDOUT, env=env)
    sock = os.path.join(db, "mysqld.sock")
    logf = open(os.path.join(d, "log", "mariadbd.log"), "ab")
    proc = subprocess.Popen(
        in_root(root, "setpriv", "--reuid=mysql", "--regid=mysql", "--init-groups",
                "/usr/sbin/mariadbd", f"--datadir={data}", f"--socket={sock}",
                f"--pid-file={db}/mysqld.pid", f"--port={a.db_port}",
                "--bind-address=127.0.0.1", "--skip-name-resolve",
                # slurmdbd 26.05 warns that MariaDB 11.8's default snapshot isolation makes it
                # die on a write conflict, and recommends a long lock wait.
                "--innodb-snapshot-isolation=OFF", "--innodb-lock-wait-timeout=900",
                f"--log-error={d}/log/mariadbd.err"),
        env=env, stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True)
    st["mariadbd"] = proc.pid  # chroot and setpriv exec: this pid becomes mariadbd
    rs.save_state(d, st)

    def sql(stmt):
        return subprocess.run(in_root(root, "mariadb", f"--socket={sock}", "-uroot", "-e", stmt),
                              capture_output=True, text=True, env=env)

    if not rs.wait_until(lambda: sql("select 1").returncode == 0, 60, 0.2):
        raise SystemExit(f"mariadbd did not come up; see {d}/log/mariadbd.err")
    pw = f"{rs.DB_USER}-{a.db_port}"
    r = sql(f"CREATE DATABASE IF NOT EXISTS {rs.DB_NAME}; "
            f"CREATE USER IF NOT EXISTS '{rs.DB_USER}'@'127.0.0.1' IDENTIFIED BY '{pw}'; "
            f"GRANT ALL ON {rs.DB_NAME}.* TO '{rs.DB_USER}'@'127.0.0.1'; FLUSH PRIVILEGES;")
    if r.returncode != 0:
        raise SystemExit(f"mariadb setup failed: {r.stderr}")

    dconf = os.path.join(d, "etc", "slurmdbd.conf")
    with open(dconf, "w") as f:
        f.write(rs.slurmdbd_conf(d, a.dbd_port, a.db_port))
    os.chmod(dconf, 0o600)  # slurmdbd refuses a readable file holding StoragePass
    pidf = os.path.join(d, "run", "slurmdbd.pid")
    if os.path.exists(pidf):  # a stale one from an earlier run in DIR
        os.unlink(pidf)
    subprocess.run(in_root(root, "/usr/sbin/slurmdbd"), check=True, env=env)
    rs.wait_until(lambda: rs.read_pid(pidf) is not None, 10)
    st["slurmdbd"] = rs.read_pid(pidf)
    rs.save_state(d, st)

    def sacctmgr(*args):
        return subprocess.run(in_root(root, "sacctmgr", "-i", *args), env=env,
                              capture_output=True, text=True)

    if not rs.wait_until(lambda: sacctmgr("list", "cluster").returncode == 0, 60, 0.3):
        rs.log(open(os.path.join(d, "log", "slurmdbd.log")).read()[-2000:])
        r = sacctmgr("list", "cluster")
        raise SystemExit(f"slurmdbd not answering: sacctmgr: {r.stdout}{r.stderr}")
    cluster = rs.cluster_name(open(st["conf"]).read())
    for args in (("add", "cluster", cluster),
                 ("add", "account", rs.JOB_ACCOUNT, f"Cluster={cluster}",
                  "Description=job user's account", "Organization=oracle"),
                 ("add", "user", a.user, f"Account={rs.JOB_ACCOUNT}", f"Cluster={cluster}")):
        r = sacctmgr(*args)
        if r.returncode != 0 and "already exists" not in r.stdout + r.stderr \
                and "Nothing new" not in r.stdout + r.stderr:
            raise SystemExit(f"sacctmgr {' '.join(args)} failed: {r.stdout}{r.stderr}")


def leftovers(st):
    """Processes inside the chroot that belong to this run: slurmstepd (its environment is
    overwritten by its process title) and job processes, known by a working directory or an
    open file in the run directory, or by the run's SLURM_CONF in their environment."""
    dirs = tuple(p + "/" for p in (st["dir"], st["bind"]))
    mark = f"SLURM_CONF={st['conf']}".encode()
    out = []
    for pid in processes_in(st["chroot"]):
        try:
            links = [os.readlink(f"/proc/{pid}/cwd")]
            for fd in os.listdir(f"/proc/{pid}/fd"):
                try:
                    links.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
                except OSError:
                    pass
            with open(f"/proc/{pid}/environ", "rb") as f:
                env = f.read().split(b"\0")
        except OSError:
            continue
        if mark in env or any((l + "/").startswith(dirs) for l in links):
            out.append(pid)
    return out


def stop_state(st):
    """Stops this run's daemons and what they left running, then unmounts."""
    rs.stop_pid(st.get("slurmrestd"), "slurmrestd", "slurmrestd")
    for n, pid in st.get("slurmd", {}).items():
        rs.stop_pid(pid, "slurmd", f"slurmd -N {n}")
    rs.stop_pid(st.get("slurmctld"), "slurmctld", "slurmctld")
    rs.stop_pid(st.get("slurmdbd"), "slurmdbd", "slurmdbd")
    rs.stop_pid(st.get("mariadbd"), "mariadbd", "mariadbd")
    for pid in leftovers(st):  # slurmstepd and job processes outlive a stopped slurmd
        rs.stop_pid(pid, None, f"left-over process {pid}")
    rs.stop_pid(st.get("munged"), "munged", "munged")
    st.update(slurmrestd=None, slurmd={}, slurmctld=None, munged=None)
    if st.get("accounting"):
        st.update(slurmdbd=None, mariadbd=None)
    if os.path.isdir(os.path.join(st["dir"], "run")):
        rs.save_state(st["dir"], st)
    with Locked(st["chroot"]):
        if is_mount(st["bind"]):
            umount(st["bind"])
        clean_stale_mounts(st["chroot"])


def stop(a):
    d = os.path.abspath(a.dir)
    with CleanupOnSignal():
        stop_state(rs.load_state(d))


def status(st):
    version = st["slurm_version"]
    up = 0
    for what, pid, exe in ([("slurmrestd", st.get("slurmrestd"), "slurmrestd"),
                            ("slurmctld", st.get("slurmctld"), "slurmctld"),
                            ("slurmdbd", st.get("slurmdbd"), "slurmdbd"),
                            ("mariadbd", st.get("mariadbd"), "mariadbd"),
                            ("munged", st.get("munged"), "munged")] +
                           [(f"slurmd -N {n}", p, "slurmd")
                            for n, p in st.get("slurmd", {}).items()]):
        if pid:
            print(f"{what:40s} {pid:>8} {'running' if rs.alive(pid, exe) else 'DEAD'}")
    with open(os.path.join(st["dir"], "jwt_hs256.key"), "rb") as f:
        tok = rs.mint_token(f.read(), st["user"])
    up = ping(st["rest_port"], version, st["user"], tok, newest_served(st))
    print(f"Slurm {version} REST http://127.0.0.1:{st['rest_port']}/slurm/{newest_served(st)}"
          f"/ping: {'UP' if up else 'not answering'}; mounts: "
          f"{' '.join(mounts_under(st['chroot'])) or 'none'}")
    return 0 if up else 1


def main(a):
    """install/start/stop/status/token for a chroot release (dispatched by real_slurmrestd)."""
    if a.cmd == "install":
        install(a.slurm_version)
        if a.accounting:
            install_accounting(a.slurm_version)
        return 0
    if a.cmd == "start":
        return start(a)
    st = rs.load_state(os.path.abspath(a.dir))
    if a.cmd == "stop":
        return stop(a)
    if a.cmd == "status":
        return status(st)
    if a.cmd == "restart-rest":
        return restart_rest(st)
    return rs.cmd_token(a)
