#!/usr/bin/python3
"""Differential conformance runner: the same requests to a real slurmrestd and to the mock.

Default (recorded): runs the mock side only and compares it with the real daemon's answers
recorded in contract_tests/conformance/recorded/ (no real Slurm, no fixed ports, no root).
--live: starts a real Slurm 22.05.8 slurmrestd (contract_tests/oracle/real_slurmrestd.py) on
ports 6860/6867/17400+ and the mock from the same slurm.conf and sends both the same sequences;
--record also writes the real answers over the recording. Both sides load the same REST plugins
(default the three of a 22.05 slurmrestd) and every case family goes over every version.
Answers are compared after normalising job ids, ports, host facts, and times (as offsets from
their own references, times.py); BUILD/conformance/report.md holds the result, with one summary
line per version. Differences are "documented" only when an entry of allowed.json (each naming a
row of docs/differences.md, its cases and fields) matches them. Exit 1 when any is
undocumented, or when an entry matched nothing (other than a stated race).
--self-test: the comparison must catch deliberately broken mock answers (selftest.py).
--slurm-version 24.11|26.05: the same against that release's real daemon (the launcher's chroot,
ports of RELEASES below) and `mock-slurmrestd --slurm-version R`, with the request families of
modern.py / sequence_modern.py over every data_parser version of the release; recording
recorded/answers-real-R.json.gz, allowances allowed-R.json, report BUILD/conformance-R/.

Stdlib + PyYAML only. Never sends the inputs that crash the real daemon (argv lists, gres,
batch_features, gpus*, cpus_per_gpu -1, malformed YAML).
"""

import argparse
import gzip
import json
import os
import pwd
import shutil
import subprocess
import sys
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
CT = os.path.dirname(HERE)
ROOT = os.path.dirname(CT)
sys.path.insert(0, CT)
sys.path.insert(0, HERE)

import sequence_modern  # noqa: E402
sys.path.insert(0, os.path.join(CT, "oracle"))
import releases  # noqa: E402
from allowances import ALLOWED, load_allowed  # noqa: E402
from modern import RELEASE_VERSIONS  # noqa: E402
from report import log, report  # noqa: E402
from sequence import scenario  # noqa: E402
from sides import RecordedSide, Side, answers_of, clear_markers  # noqa: E402
from support.mock import MockStartError, start_mock  # noqa: E402

LAUNCHER = os.path.join(CT, "oracle", "real_slurmrestd.py")
DEFAULT_CONF = os.path.join(ROOT, "fixtures", "clusters", "parallelcluster", "slurm.conf")
RECORDING = os.path.join(HERE, "recorded", "answers-real-22.05.json.gz")
DEFAULT_PLUGINS = "openapi/v0.0.36,openapi/v0.0.37,openapi/v0.0.38"
# Per newer release: ports of the live run (rest, ctld, first node), only these
RELEASES = {"24.11": (6980, 6987, 18300), "26.05": (7000, 7007, 18500)}


def recording_of(release):
    return os.path.join(HERE, "recorded", f"answers-real-{release}.json.gz")


def allowed_of(release):
    return ALLOWED if release == "22.05" else os.path.join(HERE, f"allowed-{release}.json")


def start_real(a, d):
    cmd = [sys.executable, LAUNCHER, "start", "--conf", a.conf, "--dir", d,
           "--rest-port", str(a.rest_port), "--ctld-port", str(a.ctld_port),
           "--node-port-base", str(a.node_port_base), "--rest-plugins", a.plugins]
    if a.slurm_version != "22.05":
        cmd += ["--slurm-version", a.slurm_version]
    log("starting real daemons: " + " ".join(cmd[1:]))
    subprocess.run(cmd, check=True, timeout=300)
    with open(os.path.join(d, "jwt_hs256.key"), "rb") as f:
        return f"http://127.0.0.1:{a.rest_port}", f.read()


def stop_real(d):
    subprocess.run([sys.executable, LAUNCHER, "stop", "--dir", d], timeout=120)


def start_mock_side(a, outdir):
    binary = a.mock_binary or os.path.join(a.build, "bin", "mock-slurmrestd")
    try:
        args = ("-s", a.plugins) if a.slurm_version == "22.05" else \
            ("--slurm-version", a.slurm_version)
        return start_mock(binary, args=args, conf=a.conf,
                          key_path=os.path.join(outdir, "mock_jwt_hs256.key"), key_bytes=64,
                          stderr=open(os.path.join(outdir, "mock.log"), "wb"))
    except MockStartError as e:
        raise SystemExit(str(e))


def read_answers(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        return json.load(f)


def write_answers(path, data):
    """Compact, one case per line (a re-recording diffs case by case once unzipped)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "wt") as f:
        f.write('{"meta": ' + json.dumps(data["meta"], sort_keys=True) + ',\n"requests": ' +
                json.dumps(data["requests"], separators=(",", ":")) + ',\n"cases": [\n')
        f.write(",\n".join(json.dumps(c, separators=(",", ":"), ensure_ascii=False)
                           for c in data["cases"]))
        f.write("\n]}\n")


def chroot_ids(root, user):
    """uid and gid of `user` in a chroot's passwd."""
    with open(os.path.join(root, "etc", "passwd")) as f:
        for line in f:
            p = line.split(":")
            if p[0] == user:
                return {"uid": int(p[2]), "gid": int(p[3])}
    raise KeyError(user)


def conditions(a, real):
    """The `when` conditions of allowed.json entries that hold in this run."""
    out = {"live" if a.live else "recorded"}
    try:
        pw = pwd.getpwnam(a.user)
        local = (pw.pw_uid, pw.pw_gid)
    except KeyError:
        local = None
    if local != (real.meta.get("uid"), real.meta.get("gid")):
        out.add("user-differs")  # the mock takes uid/gid from this machine's passwd (row 7)
    return out


def run_sides(sides, versions, release="22.05"):
    def run(side):
        def rec(case, snap):
            if case in side.results:
                raise RuntimeError(f"duplicate case id {case}")
            side.results[case] = snap
            side.order.append(case)
        try:
            if release == "22.05":
                scenario(side, rec, versions)
            else:
                sequence_modern.scenario(side, rec, versions, release)
        except Exception:  # noqa: BLE001
            side.error = traceback.format_exc()
            log(f"{side.name}: scenario aborted:\n{side.error}")
    t0 = time.monotonic()
    threads = [threading.Thread(target=run, args=(s,)) for s in sides]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    log(f"requests done in {time.monotonic() - t0:.0f}s")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--conf", default=DEFAULT_CONF)
    ap.add_argument("--live", action="store_true",
                    help="run the real daemon too (root; ports below) instead of the recording")
    ap.add_argument("--record", action="store_true",
                    help="with --live: write the real answers to the recording")
    ap.add_argument("--slurm-version", default="22.05", choices=["22.05", *RELEASES],
                    help="the real release compared with (24.11, 26.05: chroot daemons)")
    ap.add_argument("--recording", help="default: recorded/answers-real-RELEASE.json.gz")
    ap.add_argument("--self-test", action="store_true",
                    help="only check that the comparison catches broken mock answers")
    ap.add_argument("--rest-port", type=int, help="default 6860 (24.11: 6980, 26.05: 7000)")
    ap.add_argument("--ctld-port", type=int, help="default 6867 (24.11: 6987, 26.05: 7007)")
    ap.add_argument("--node-port-base", type=int,
                    help="default 17400 (24.11: 18300, 26.05: 18500)")
    ap.add_argument("--user", default="ec2-user")
    # Both sides load the same REST plugins: by default the three a 22.05 slurmrestd loads,
    # which are the mock's default profile too.
    ap.add_argument("--plugins",
                    help="slurmrestd -s list given to the real daemon and to the mock (default "
                    "22.05's three; 24.11+: openapi/slurmctld, the mock serving the release)")
    ap.add_argument("--mock-binary", help="default: BUILD/bin/mock-slurmrestd")
    ap.add_argument("--compare-only", action="store_true",
                    help="compare the answers of the last run again (after an allowed.json edit)")
    a = ap.parse_args()
    rel = a.slurm_version
    ports = RELEASES.get(rel, (6860, 6867, 17400))
    for k, d in zip(("rest_port", "ctld_port", "node_port_base"), ports):
        if getattr(a, k) is None:
            setattr(a, k, d)
    if a.plugins is None:
        a.plugins = DEFAULT_PLUGINS if rel == "22.05" else "openapi/slurmctld"
    if a.recording is None:
        a.recording = recording_of(rel)
    allowed = allowed_of(rel)
    if a.record:
        a.live = True
    a.build = os.path.abspath(a.build)
    a.conf = os.path.abspath(a.conf)
    outdir = os.path.join(a.build, "conformance" if rel == "22.05" else f"conformance-{rel}")
    os.makedirs(outdir, exist_ok=True)
    versions = [p.split("/")[-1] for p in a.plugins.split(",")] if rel == "22.05" else \
        list(RELEASE_VERSIONS[rel])

    if a.self_test:
        import selftest
        return selftest.main(read_answers(a.recording))
    if a.compare_only:
        sides = [RecordedSide(n, read_answers(os.path.join(outdir, f"answers-{n}.json")))
                 for n in ("real", "mock")]
        a.live = sides[0].meta.get("mode") == "live"
        return report(sides, load_allowed(conditions(a, sides[0]), allowed), outdir)

    meta = {"plugins": a.plugins, "conf": os.path.relpath(a.conf, ROOT), "user": a.user}
    if rel != "22.05":
        meta["release"] = rel
    try:
        if rel == "22.05":
            pw = pwd.getpwnam(a.user)
            meta.update(uid=pw.pw_uid, gid=pw.pw_gid)
        else:  # the chroot's daemon reads the chroot's passwd
            meta.update(chroot_ids(releases.root_of(rel), a.user))
    except (KeyError, OSError):
        pass
    mock, real_dir, sides = None, None, []
    # the chroot's / for a newer release: its jobs' marker files are under its /tmp
    root = "" if rel == "22.05" else releases.root_of(rel)
    try:
        if a.live:
            clear_markers(root)
            # a newer release's daemons bind their directory into the chroot: under /tmp
            real_dir = os.path.join(outdir, "real-slurm") if rel == "22.05" else \
                f"/tmp/mock-conformance-real-{rel}"
            if rel != "22.05" and os.path.isdir(real_dir):
                # a fresh controller: an old StateSaveLocation would bring back the last
                # run's jobs (and their ids)
                stop_real(real_dir)
                shutil.rmtree(real_dir)
            real_url, real_key = start_real(a, real_dir)
        mock = start_mock_side(a, outdir)
        mock_side = Side("mock", mock.url, mock.key, a.user)
        if a.live:
            log(f"real {real_url}, mock {mock.url}")
            real = Side("real", real_url, real_key, a.user, live_scripts=True, marker_root=root)
            run_sides([real, mock_side], versions, rel)
        else:
            real = RecordedSide("real", read_answers(a.recording))
            if real.meta.get("plugins") != a.plugins:
                raise SystemExit(f"{a.recording} holds {real.meta.get('plugins')}, not {a.plugins}")
            log(f"mock {mock.url} against {os.path.relpath(a.recording, ROOT)}")
            run_sides([mock_side], versions, rel)
    finally:
        if mock is not None:
            mock.stop(timeout=10)
        if real_dir is not None:
            try:
                stop_real(real_dir)
            except Exception as e:  # noqa: BLE001
                log(f"stopping the real daemons failed: {e}")
            clear_markers(root)

    mode = "live" if a.live else "recorded"
    sides = [real, mock_side]
    for sd in sides:  # the raw answers, for reading a difference at its source
        data = answers_of(sd, dict(meta, mode=mode)) if isinstance(sd, Side) else \
            {"meta": dict(sd.meta, mode=mode), "requests": sd.requests,
             "cases": [{"case": c, **sd.results[c]} for c in sd.order]}
        write_answers(os.path.join(outdir, f"answers-{sd.name}.json"), data)
        if sd is real and a.record:
            if getattr(real, "error", None):
                log("the real side aborted: recording not written")
            else:
                write_answers(a.recording, data)
                log(f"recorded {os.path.relpath(a.recording, ROOT)}")
    if isinstance(real, Side):
        real.meta = meta
    return report(sides, load_allowed(conditions(a, real), allowed), outdir)


if __name__ == "__main__":
    sys.exit(main())
