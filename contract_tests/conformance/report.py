"""Compares the two sides' answers case by case and writes BUILD/conformance/report.md, with a
summary line per API version (and `common`)."""

import os
import sys

from allowances import documented_by, unused
from comparison import Normaliser, compare, one_sided


def log(msg):
    print(f"conformance: {msg}", file=sys.stderr, flush=True)


def md(s):
    return str(s).replace("|", "\\|").replace("\n", " ")


def version_of(case):
    return case.split(" | ")[0]


def write_report(path, rows, summaries, stale):
    groups = {}
    for r in rows:
        groups.setdefault(" | ".join(r["case"].split(" | ")[:2]), []).append(r)
    out = ["# Conformance: real slurmrestd vs mock-slurmrestd", ""] + summaries + [
        "", "Values normalised: job ids (by order of appearance), `[localhost]:PORT`, host facts "
        "of nodes (by key); times are shown as offsets from their reference (times.py). "
        "`documented (#N)` = allowed by contract_tests/conformance/allowed.json, row N of "
        "docs/differences.md.", ""]
    und = [r for r in rows if r["result"] == "UNDOCUMENTED"]
    if und:
        out += ["## Undocumented differences", ""]
        for r in und:
            out.append(f"* `{md(r['case'])}`")
            for d in r["diffs"]:
                if d[5] is None:
                    out.append(f"  * {d[0]} `{md(d[1])}`: real `{md(d[2])}` / mock `{md(d[3])}`")
        out.append("")
    if stale:
        out += ["## Allowances that matched nothing", ""]
        for e, race in stale:
            out.append(f"* row {e['row']}: {md(e.get('what', ''))}" +
                       (f" (a race, allowed to go unmatched: {md(e['race'])})" if race else ""))
        out.append("")
    for g in groups:
        out += [f"## {g}", "", "| case | real | mock | result | differences (real / mock) |",
                "| --- | --- | --- | --- | --- |"]
        for r in groups[g]:
            det = "<br>".join(
                f"{d[0]} `{md(d[1]) or '/'}`: `{md(d[2])}` / `{md(d[3])}`"
                + (f" (#{d[5]})" if d[5] else "") for d in r["diffs"][:12])
            if len(r["diffs"]) > 12:
                det += f"<br>... {len(r['diffs']) - 12} more"
            out.append(f"| {md(r['case'].split(' | ', 2)[-1])} | {r['real']} | {r['mock']} | "
                       f"{r['result']} | {det} |")
        out.append("")
    with open(path, "w") as f:
        f.write("\n".join(out))


def compare_sides(real, mock, entries, upto=None):
    """Rows (case, result, diffs) for every case of either side (up to the case `upto`)."""
    nr = Normaliser(real.requests)
    nm = Normaliser(mock.requests)
    rows, skip = [], set()
    cases = list(real.order) + [c for c in mock.order if c not in real.results]
    if upto is not None:
        cases = cases[:cases.index(upto) + 1]
    for ci, case in enumerate(cases):
        rs, ms = real.results.get(case), mock.results.get(case)
        nr.start_case(ci, rs.get("t") if rs else None)
        nm.start_case(ci, ms.get("t") if ms else None)
        if rs is None or ms is None:
            diffs = [("missing", "case", "absent" if rs is None else "present",
                      "absent" if ms is None else "present", "", None)]
        else:
            if one_sided(rs, ms):
                skip.add(ci)
            diffs = [d + (documented_by(entries, case, d, rs, ms),)
                     for d in compare(case, rs, ms, nr, nm, skip)]
        if not diffs:
            result = "identical"
        elif all(d[5] for d in diffs):
            result = "documented (" + ", ".join(sorted({f"#{d[5]}" for d in diffs})) + ")"
        else:
            result = "UNDOCUMENTED"
        rows.append({"case": case, "result": result, "diffs": diffs,
                     "real": f"{rs['status']} {rs['ctype']}" if rs else "-",
                     "mock": f"{ms['status']} {ms['ctype']}" if ms else "-"})
    return rows


def summarise(rows):
    """One line per version (in order of appearance), then the total."""
    per = {}
    for r in rows:
        c = per.setdefault(version_of(r["case"]), [0, 0, 0])
        c[0 if r["result"] == "identical" else 2 if r["result"] == "UNDOCUMENTED" else 1] += 1
    lines = []
    for v, (same, doc, und) in list(per.items()) + [("all", [sum(x[i] for x in per.values())
                                                             for i in range(3)])]:
        lines.append(f"conformance {v}: {same + doc + und} cases, {same} identical, "
                     f"{doc + und} differing ({doc} documented, {und} undocumented)")
    return lines


def report(sides, entries, outdir):
    """Compares the two sides' answers, writes the report, prints the summary; the exit code."""
    real, mock = sides
    rows = compare_sides(real, mock, entries)
    stale = unused(entries)
    summaries = summarise(rows)
    path = os.path.join(outdir, "report.md")
    write_report(path, rows, summaries, stale)
    for s in sides:
        if getattr(s, "error", None):
            log(f"{s.name} side aborted early; see above")
    log(f"report: {path}")
    for r in rows:  # the undocumented ones here too: a CI log may be all a reader gets
        if r["result"] == "UNDOCUMENTED":
            print(f"UNDOCUMENTED {r['case']} ({r['real']} / {r['mock']})")
            for kind, where, rv, mv, _, row in r["diffs"]:
                if not row:
                    print(f"    {kind} {where}: {rv} / {mv}"[:400])
    failing_stale = [e for e, race in stale if not race]
    for e in failing_stale:
        print(f"UNMATCHED allowance (row {e['row']}): {e.get('what', '')} "
              f"[case {e['case']!r}, path {e['path']!r}]")
    for line in summaries:
        print(line)
    und = sum(r["result"] == "UNDOCUMENTED" for r in rows)
    return 1 if und or failing_stale or any(getattr(s, "error", None) for s in sides) else 0
