"""The soak's markdown report and its verdict."""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def report(soak, elapsed, mem_ok, mem_text):
    tr = soak.tracker
    a = soak.args
    out = []
    served = sum(sum(v.values()) for v in tr.requests.values())
    target = a.url or f"mock-slurmrestd (`{os.path.relpath(a.conf, ROOT)}`, --clock scaled:{a.scale:g})"
    out.append("# Soak report\n")
    out.append(f"- target: {target}")
    out.append(f"- {a.clients} clients, {elapsed:.0f} s, seed {a.seed}, MinJobAge "
               f"{a.min_job_age} s (simulated), memory check `{tr.memory_check}`")
    out.append(f"- requests served: {served} ({served / max(elapsed, 1e-9):.0f} req/s); "
               f"{tr.list_polls} job listings checked, {tr.capacity_checks} capacity checks, "
               f"{tr.purged} jobs seen purged, at most {tr.peak_tracked} jobs tracked at once")
    lv = tr.liveness
    if lv:
        out.append(f"- liveness: {lv.started} job starts and {lv.finished} ends seen "
                   f"({lv.finished / max(elapsed, 1e-9):.1f} ends/s), {lv.windows} windows of "
                   f"{lv.window:g} s checked, finish slack {lv.slack:g} simulated s")
    out.append("")
    out.append("## Requests by kind\n")
    out.append("| kind | requests | answers | mean latency ms |")
    out.append("| --- | --- | --- | --- |")
    classes = {}
    for kind in sorted(tr.requests):
        per = tr.requests[kind]
        n = sum(per.values())
        for k, v in per.items():
            cls = k if isinstance(k, str) else f"{k // 100}xx ({k})"
            classes[cls] = classes.get(cls, 0) + v
        answers = ", ".join(f"{k}: {v}" for k, v in sorted(per.items(), key=str))
        out.append(f"| {kind} | {n} | {answers} | {1000 * tr.latency[kind] / max(n, 1):.1f} |")
    out.append("\n## Answers by class\n")
    out.append("| class | count |")
    out.append("| --- | --- |")
    for cls in sorted(classes):
        out.append(f"| {cls} | {classes[cls]} |")
    out.append("\n## Invariant violations\n")
    kinds = ["retention", "capacity", "transition", "outcome", "liveness", "5xx", "answer",
             "connection"]
    out.append("| invariant | violations | first examples |")
    out.append("| --- | --- | --- |")
    for k in kinds + sorted(set(tr.violations) - set(kinds)):
        ex = "<br>".join(e.replace("|", "\\|") for e in tr.examples.get(k, []))
        out.append(f"| {k} | {tr.violations.get(k, 0)} | {ex} |")
    out.append("\n## State changes observed\n")
    out.append("| from | to | times seen |")
    out.append("| --- | --- | --- |")
    for (a0, b0), n in sorted(tr.seen_changes.items()):
        out.append(f"| {a0} | {b0} | {n} |")
    out.append("\n## Memory\n")
    if soak.rss:
        out.append("| t (s) | VmRSS (MiB) | threads | jobs tracked |")
        out.append("| --- | --- | --- | --- |")
        step = max(1, int(round(a.table_every / a.sample_every)))
        rows = soak.rss[::step]
        if rows[-1] is not soak.rss[-1]:
            rows.append(soak.rss[-1])
        for t, kb, threads, tracked in rows:
            out.append(f"| {t:.0f} | {kb / 1024:.1f} | {threads} | {tracked} |")
        out.append("")
    out.append(f"Memory: {mem_text}.")
    nviol = sum(tr.violations.values())
    verdict = "PASS" if nviol == 0 and mem_ok is not False else "FAIL"
    out.append(f"\n**Verdict: {verdict}** ({nviol} invariant violations, memory "
               f"{'flat' if mem_ok else 'NOT flat' if mem_ok is False else 'not judged'}).")
    return "\n".join(out) + "\n", verdict == "PASS"
