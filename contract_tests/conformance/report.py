"""Compares the two sides' answers case by case and writes BUILD/conformance/report.md."""

import os
import sys

from allowances import documented_by
from comparison import Normaliser, compare


def log(msg):
    print(f"conformance: {msg}", file=sys.stderr, flush=True)



def md(s):
    return str(s).replace("|", "\\|").replace("\n", " ")


def write_report(path, rows, summary):
    groups = {}
    for r in rows:
        groups.setdefault(r["case"].split(" | ")[0], []).append(r)
    out = ["# Conformance: real slurmrestd vs mock-slurmrestd", "", summary, "",
           "Values normalised: job ids (by order of appearance), timestamps, `[localhost]:PORT`, "
           "host facts of nodes. `documented (#N)` = allowed by contract_tests/conformance/"
           "allowed.json, row N of docs/differences.md.", ""]
    und = [r for r in rows if r["result"] == "UNDOCUMENTED"]
    if und:
        out += ["## Undocumented differences", ""]
        for r in und:
            out.append(f"* `{md(r['case'])}`")
            for d in r["diffs"]:
                if d[4] is None:
                    out.append(f"  * {d[0]} `{md(d[1])}`: real `{md(d[2])}` / mock `{md(d[3])}`")
        out.append("")
    for g in groups:
        out += [f"## {g}", "", "| case | real | mock | result | differences (real / mock) |",
                "| --- | --- | --- | --- | --- |"]
        for r in groups[g]:
            det = "<br>".join(
                f"{d[0]} `{md(d[1]) or '/'}`: `{md(d[2])}` / `{md(d[3])}`"
                + (f" (#{d[4]})" if d[4] else "") for d in r["diffs"][:12])
            if len(r["diffs"]) > 12:
                det += f"<br>... {len(r['diffs']) - 12} more"
            out.append(f"| {md(r['case'].split(' | ', 1)[-1])} | {r['real']} | {r['mock']} | "
                       f"{r['result']} | {det} |")
        out.append("")
    with open(path, "w") as f:
        f.write("\n".join(out))



def report(sides, entries, outdir):
    """Compares the two sides' answers, writes the report, prints the summary; the exit code."""
    real, mock = sides
    nr, nm = Normaliser(), Normaliser()
    rows = []
    cases = list(real.order) + [c for c in mock.order if c not in real.results]
    n_same = n_doc = n_und = 0
    for ci, case in enumerate(cases):
        nr.start_case(ci)
        nm.start_case(ci)
        rs, ms = real.results.get(case), mock.results.get(case)
        if rs is None or ms is None:
            diffs = [("missing", "case", "absent" if rs is None else "present",
                      "absent" if ms is None else "present", None)]
        else:
            diffs = [d + (documented_by(entries, case, d, rs, ms),)
                     for d in compare(case, rs, ms, nr, nm)]
        if not diffs:
            result = "identical"
            n_same += 1
        elif all(d[4] for d in diffs):
            result = "documented (" + ", ".join(sorted({f"#{d[4]}" for d in diffs})) + ")"
            n_doc += 1
        else:
            result = "UNDOCUMENTED"
            n_und += 1
        rows.append({"case": case, "result": result, "diffs": diffs,
                     "real": f"{rs['status']} {rs['ctype']}" if rs else "-",
                     "mock": f"{ms['status']} {ms['ctype']}" if ms else "-"})
    n = len(rows)
    summary = (f"conformance: {n} cases, {n_same} identical, {n_doc + n_und} differing "
               f"({n_doc} documented, {n_und} undocumented)")
    path = os.path.join(outdir, "report.md")
    write_report(path, rows, summary)
    for s in sides:
        if getattr(s, "error", None):
            log(f"{s.name} side aborted early; see above")
    log(f"report: {path}")
    for r in rows:  # the undocumented ones here too: a CI log may be all a reader gets
        if r["result"] == "UNDOCUMENTED":
            print(f"UNDOCUMENTED {r['case']} ({r['real']} / {r['mock']})")
            for kind, where, rv, mv, row in r["diffs"]:
                if not row:
                    print(f"    {kind} {where}: {rv} / {mv}"[:400])
    print(summary)
    return 1 if n_und or any(getattr(s, "error", None) for s in sides) else 0
