"""The soak driver (soak.py): its invariant checks catch what they should, and a short run passes."""

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import soak  # noqa: E402  (puts contract_tests/ on sys.path)
import invariants  # noqa: E402
import liveness  # noqa: E402
import memory  # noqa: E402
from support import states  # noqa: E402

# ---- the checker itself: each invariant fails on a made-up violation ----------------------------


def make_tracker(min_job_age=60, memory_check="requested", lv=None):
    tr = invariants.Tracker(min_job_age, scale=1.0, memory_check=memory_check, liveness=lv)
    tr.calibrate(1000, 0.0, 0.0)  # simulated time = 1000 + monotonic seconds, within 1 s
    return tr


def rec(job_id, state, end_time=0, exit_code=0, **kw):
    return dict(job_id=job_id, array_job_id=0, job_state=state, end_time=end_time,
                exit_code=exit_code, **kw)


def test_observable_transitions():
    ok = states.transition_ok
    assert ok("PENDING", "PENDING") and ok("PENDING", "RUNNING") and ok("RUNNING", "COMPLETING")
    assert ok("PENDING", "COMPLETED")  # RUNNING between two polls
    assert ok("COMPLETING", "CANCELLED") and ok("PENDING", "TIMEOUT")
    assert not ok("RUNNING", "PENDING")  # requeue is not in the mix
    assert not ok("COMPLETED", "RUNNING") and not ok("COMPLETED", "CANCELLED")
    assert not ok("COMPLETING", "RUNNING")
    assert not ok("RUNNING", "BOGUS")


def test_transition_checked_only_between_ordered_observations():
    tr = make_tracker()
    sub = invariants.Sub(7, "plain", "COMPLETED", 0, 0.0, 0.1)
    tr.add_sub(sub)
    tr.observe(sub, rec(7, "RUNNING"), 1.0, 1.2)
    tr.observe(sub, rec(7, "PENDING"), 1.1, 1.3)  # overlaps: either order possible
    assert tr.violations == {}
    tr.observe(sub, rec(7, "PENDING"), 2.0, 2.1)  # sent after RUNNING was seen
    assert tr.violations == {"transition": 1}
    assert "RUNNING then PENDING" in tr.examples["transition"][0]


def test_retention_purge_before_min_job_age_is_a_violation():
    tr = make_tracker(min_job_age=60)
    early = invariants.Sub(1, "plain", "COMPLETED", 0, 0.0, 0.1)
    late = invariants.Sub(2, "plain", "COMPLETED", 0, 0.0, 0.1)
    for s in (early, late):
        tr.add_sub(s)
        tr.observe(s, rec(s.job_id, "COMPLETED", end_time=1010), 10.0, 10.1)
    tr.vanished(early, "GET /job/{id}", 40.0)   # simulated ~1040 < 1010 + 60
    tr.vanished(late, "GET /job/{id}", 75.0)    # ~1075 >= 1070
    assert tr.violations == {"retention": 1}
    assert tr.subs == {}  # both dropped from tracking


def test_retention_of_a_job_never_seen_finished():
    tr = make_tracker(min_job_age=60)
    sub = invariants.Sub(3, "plain", "COMPLETED", 0, 0.0, 0.1)
    tr.add_sub(sub)
    tr.observe(sub, rec(3, "RUNNING"), 30.0, 30.1)  # ends after ~1030: kept until ~1090
    tr.vanished(sub, "GET /jobs", 80.0)
    assert tr.violations == {"retention": 1}


def test_outcome():
    tr = make_tracker()
    a = invariants.Sub(1, "fail", "FAILED", 3 << 8, 0.0, 0.1)
    b = invariants.Sub(2, "plain", "COMPLETED", 0, 0.0, 0.1)
    c = invariants.Sub(3, "plain", "COMPLETED", 0, 0.0, 0.1)
    for s in (a, b, c):
        tr.add_sub(s)
    tr.observe(a, rec(1, "FAILED", 1001, exit_code=3 << 8), 1.0, 1.1)
    tr.observe(b, rec(2, "CANCELLED", 1001), 1.0, 1.1)   # no DELETE was sent
    tr.mark_cancel(c)
    tr.observe(c, rec(3, "CANCELLED", 1001), 1.0, 1.1)
    assert tr.violations == {"outcome": 1}
    tr.observe(a, rec(1, "FAILED", 1001, exit_code=3 << 8), 2.0, 2.1)  # counted once
    d = invariants.Sub(4, "fail", "FAILED", 2 << 8, 0.0, 0.1)
    tr.add_sub(d)
    tr.observe(d, rec(4, "FAILED", 1001, exit_code=0), 1.0, 1.1)
    assert tr.violations == {"outcome": 2}


def test_liveness_a_job_running_past_its_end():
    lv = liveness.Liveness(slack=30, window=10)
    tr = make_tracker(lv=lv)
    sleeper = invariants.Sub(1, "plain", "COMPLETED", 0, 0.0, 0.1, duration=60)
    limited = invariants.Sub(2, "timeout", "TIMEOUT", None, 0.0, 0.1, duration=100000)
    for s in (sleeper, limited):
        tr.add_sub(s)
    # simulated time = 1000 + monotonic; both started at 1000
    tr.observe(sleeper, rec(1, "RUNNING", start_time=1000), 85.0, 85.1)   # 60 + 30 not passed
    tr.observe(limited, rec(2, "RUNNING", start_time=1000, time_limit=1), 85.0, 85.1)
    assert tr.violations == {}
    tr.observe(sleeper, rec(1, "RUNNING", start_time=1000), 95.0, 95.1)   # 5 s too late
    tr.observe(limited, rec(2, "RUNNING", start_time=1000, time_limit=1), 95.0, 95.1)
    assert tr.violations == {"liveness": 2}, tr.examples
    tr.observe(sleeper, rec(1, "RUNNING", start_time=1000), 99.0, 99.1)   # reported once
    assert tr.violations == {"liveness": 2}
    assert lv.started == 2 and lv.finished == 0


def test_liveness_progress_windows():
    lv = liveness.Liveness(slack=30, window=10)
    tr = make_tracker(lv=lv)
    subs = [invariants.Sub(i, "plain", "COMPLETED", 0, 0.0, 0.1, duration=5) for i in (1, 2, 3)]
    for s in subs:
        tr.add_sub(s)
        tr.observe(s, rec(s.job_id, "PENDING"), 1.0, 1.1)
    lv.tick(tr, 2.0)                                     # window 1 opens: 3 pending
    tr.observe(subs[0], rec(1, "RUNNING", start_time=1003), 3.0, 3.1)
    tr.observe(subs[0], rec(1, "COMPLETED", start_time=1003, end_time=1008), 9.0, 9.1)
    lv.tick(tr, 12.0)                                    # one start, one end: fine
    assert tr.violations == {} and lv.windows == 1
    lv.tick(tr, 22.0)                                    # 2 pending, nothing moved
    assert tr.violations == {"liveness": 2}, tr.examples
    assert "no job started in 10 s though 2 were pending" in tr.examples["liveness"][0]
    for s in subs[1:]:
        tr.mark_cancel(s)
        tr.observe(s, rec(s.job_id, "CANCELLED"), 23.0, 23.1)
    lv.tick(tr, 32.0)                                    # ends seen; none pending any more
    lv.tick(tr, 42.0)                                    # nothing left to move: no violation
    assert tr.violations == {"liveness": 2}, tr.examples


def test_capacity():
    tr = make_tracker()
    tr.set_nodes([{"name": "n1", "cpus": 2, "real_memory": 900},
                  {"name": "n2", "cpus": 2, "real_memory": 900}])

    def running(job_id, nodes, cpus, mem=None):
        alloc = {str(i): {"cpus": c, "memory": 0} for i, c in enumerate(cpus)}
        return rec(job_id, "RUNNING", memory_per_node=mem, memory_per_cpu=None,
                   job_resources={"nodes": nodes, "allocated_nodes": alloc})

    done = {"nodes": "n2", "allocated_nodes": {"0": {"cpus": 2}}}
    tr.check_capacity([running(1, "n[1-2]", [1, 2]), running(2, "n1", [1]),
                       rec(3, "COMPLETED", job_resources=done),
                       rec(4, "COMPLETING", job_resources=done)],  # CPUs already given back
                      "test")
    assert tr.violations == {}
    tr.check_capacity([running(1, "n[1-2]", [1, 2]), running(2, "n2", [1])], "test")
    assert tr.violations == {"capacity": 1}
    tr.check_capacity([running(1, "n1", [1], mem=600), running(2, "n1", [1], mem=600)], "test")
    assert tr.violations == {"capacity": 2}
    reported = make_tracker(memory_check="reported")
    reported.set_nodes([{"name": "n1", "cpus": 2, "real_memory": 900}])
    reported.check_capacity([running(1, "n1", [1], mem=600), running(2, "n1", [1], mem=600)],
                            "test")
    assert reported.violations == {}  # CR_CPU: the daemon reports no memory allocated


def test_memory_is_checked_as_requested_only_where_the_conf_books_it(tmp_path):
    fixtures = os.path.join(soak.ROOT, "fixtures", "clusters")
    assert invariants.conf_books_memory(soak.DEFAULT_CONF)  # the soak cluster: CR_CPU_Memory
    assert not invariants.conf_books_memory(os.path.join(fixtures, "parallelcluster", "slurm.conf"))
    conf = tmp_path / "slurm.conf"
    conf.write_text("SelectType=select/cons_tres SelectTypeParameters=CR_Core_Memory\n")
    assert invariants.conf_books_memory(str(conf))
    conf.write_text("#SelectTypeParameters=CR_CPU_Memory\nSelectTypeParameters=CR_CPU\n")
    assert not invariants.conf_books_memory(str(conf))
    assert not invariants.conf_books_memory(str(tmp_path / "missing.conf"))


def test_memory_verdict():
    flat = [(t, 50000 + (t % 7) * 100, 10) for t in range(90)]
    ok, text = memory.memory_verdict(flat, 5.0, 2.0, 30)
    assert ok is True, text
    growing = [(t, 50000 + t * 100, 10) for t in range(90)]  # ~100 kB/s
    ok, text = memory.memory_verdict(growing, 5.0, 2.0, 30)
    assert ok is False, text
    ok, text = memory.memory_verdict(flat[:10], 5.0, 2.0, 30)
    assert ok is None


def test_memory_verdict_sees_a_10_kib_per_s_leak_in_a_long_enough_run():
    noise = [0, 900, 300, 1500, 600, 1200, 0, 1800, 450]  # kB, the band a job table makes
    leak = [(t, 110000 + noise[t % 9] + 10 * t, 10) for t in range(700)]
    ok, text = memory.memory_verdict(leak, 0.0, 2.0, 30, leak_kib_s=10)
    assert ok is False, text
    flat = [(t, 110000 + noise[t % 9], 10) for t in range(700)]
    ok, text = memory.memory_verdict(flat, 0.0, 2.0, 30, leak_kib_s=10)
    assert ok is True and "a leak of 10 KiB/s would show" in text, text
    # 300 s cannot tell 10 KiB/s from the band: the verdict says so instead of "flat"
    ok, text = memory.memory_verdict(flat[:300], 0.0, 2.0, 30, leak_kib_s=10)
    assert ok is True and "615 s" in text, text


# ---- a short run against the target -----------------------------------------------------------


@pytest.mark.load
@pytest.mark.one_version
def test_short_soak_run(pytestconfig, client, tmp_path):
    """A few seconds with four clients: no invariant violated (the started mock's own cluster
    when the suite runs against a mock; the suite's target with --url otherwise)."""
    cmd = [sys.executable, os.path.join(HERE, "soak.py"), "--clients", "4", "--seconds", "6",
           "--progress", "0", "--report", str(tmp_path / "report.md")]
    binary = pytestconfig.getoption("--mock-binary")
    if binary:
        cmd += ["--mock-binary", binary]
    else:
        cmd += ["--url", pytestconfig.getoption("--url"), "--token", client.token,
                "--user", client.user]
        for name, value in client.extra_headers.items():
            cmd += ["--header", f"{name}: {value}"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    report = (tmp_path / "report.md").read_text() if (tmp_path / "report.md").exists() else ""
    assert r.returncode == 0, f"{r.stdout}\n{r.stderr}"
    assert "**Verdict: PASS** (0 invariant violations" in report
    assert "| submit |" in report and "| jobs |" in report, report
    if binary:
        assert "| VmRSS (MiB) |" in report, report  # memory was sampled
