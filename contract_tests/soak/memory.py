"""The soak's memory check: the started mock's resident memory, sampled, and the verdict."""

import math
import time


def sample_memory(pid, stop, every, tracker, rss, t_start):
    """Appends (seconds since t_start, VmRSS kB, threads, jobs tracked) to rss every `every`
    seconds until stop is set or the process is gone."""
    path = f"/proc/{pid}/status"
    while not stop.wait(every):
        try:
            with open(path) as f:
                st = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            return
        with tracker.lock:
            tracked = len(tracker.sub_list)
        rss.append((time.monotonic() - t_start, int(st["VmRSS"].split()[0]),
                    int(st["Threads"]), tracked))


def memory_verdict(samples, tolerance_pct, tolerance_mib, min_seconds, leak_kib_s=10.0):
    """Flat when the highest RSS of the last third of the run is within tolerance of the highest
    RSS of the second third (the first third is warm-up). Maxima, not means: the allocator's
    high-water mark is what grows when something is kept; a steady job table makes RSS move up
    and down within a band, and the band's top must not rise.

    A leak shows once it adds more than the tolerance over a third of the run, so the text says
    the slowest leak this run could see, and how long a run must be to see one of leak_kib_s."""
    if not samples or samples[-1][0] < min_seconds:
        return None, "not judged (run shorter than %d s or no samples)" % min_seconds
    end = samples[-1][0]
    second = [s[1] for s in samples if end / 3 <= s[0] < 2 * end / 3]
    third = [s[1] for s in samples if s[0] >= 2 * end / 3]
    if not second or not third:
        return None, "not judged (too few samples)"
    m2, m3 = max(second), max(third)
    allowed = max(m2 * tolerance_pct / 100.0, tolerance_mib * 1024)
    ok = m3 - m2 <= allowed
    seen = allowed / (end / 3)
    if seen <= leak_kib_s:
        reach = f"a leak of {leak_kib_s:g} KiB/s would show"
    else:
        need = math.ceil(3 * allowed / leak_kib_s)
        reach = (f"only leaks above {seen:.0f} KiB/s would show; {need} s are needed to see "
                 f"{leak_kib_s:g} KiB/s")
    return ok, (f"max RSS {m2 / 1024:.1f} MiB in the second third, {m3 / 1024:.1f} MiB in the "
                f"last third: {'+' if m3 >= m2 else ''}{(m3 - m2) / 1024:.1f} MiB, allowed "
                f"+{allowed / 1024:.1f} MiB ({tolerance_pct:g}% or {tolerance_mib:g} MiB); {reach}")
