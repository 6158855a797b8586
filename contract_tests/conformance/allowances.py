"""The allow-list: a difference is documented only when an entry of allowed.json (naming a row of
docs/differences.md) matches it. Every entry names the cases and the fields it covers; one that
matched nothing in a run fails the run (unless it is a stated race, or its condition is off)."""

import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
CT = os.path.dirname(HERE)
ROOT = os.path.dirname(CT)
ALLOWED = os.path.join(HERE, "allowed.json")
DIFFS_MD = os.path.join(ROOT, "docs", "differences.md")
KINDS = {"status", "ctype", "close", "body", "type", "keys", "key-order", "length", "value"}


def doc_rows():
    with open(DIFFS_MD) as f:
        return {m.group(1) for m in re.finditer(r"^\|\s*([VRN]?\d+)\s*\|", f.read(), re.M)}


def load_allowed(conditions=(), path=ALLOWED):
    """The entries whose `when` condition holds (all of them without one), compiled. Refuses an
    entry without `case` and `path`, or naming no row of docs/differences.md."""
    rows = doc_rows()
    with open(path) as f:
        entries = json.load(f)["entries"]
    out = []
    for e in entries:
        if str(e.get("row")) not in rows:
            raise SystemExit(f"{os.path.basename(path)}: entry {e} names no row of "
                             "docs/differences.md")
        if not e.get("case") or not e.get("path"):
            raise SystemExit(f"{os.path.basename(path)}: entry {e} must name its cases and its fields "
                             "(case, path)")
        if set(e.get("kinds", ())) - KINDS:
            raise SystemExit(f"{os.path.basename(path)}: entry {e}: unknown kinds")
        if e.get("when") and e["when"] not in conditions:
            continue
        for k in ("case", "path", "real", "mock", "context"):
            e[f"_{k}"] = re.compile(e.get(k, ""))
        e["_used"] = 0
        out.append(e)
    return out


def same_states(real_snap, mock_snap, transient):
    """State sequences equal once the given transient states are dropped from both (an element
    seen only in such states, e.g. the pending array record, drops out), each element that both
    show ending in the same state."""
    try:
        ra, ma = real_snap["body"]["states"], mock_snap["body"]["states"]
        a, b = ({k: [s for s in v if s not in transient] for k, v in x.items()} for x in (ra, ma))
        a, b = ({k: dedup(v) for k, v in x.items() if v} for x in (a, b))
    except (KeyError, TypeError, AttributeError):
        return False
    return a == b and all(ra[k][-1] == ma[k][-1] for k in set(ra) & set(ma))


def dedup(seq):
    """A sequence with repeats removed (PENDING, RUNNING, PENDING less RUNNING is one PENDING)."""
    out = []
    for s in seq:
        if not out or out[-1] != s:
            out.append(s)
    return out


def documented_by(entries, case, diff, real_snap, mock_snap):
    kind, path, rv, mv, ctx = diff
    transient, hits = set(), []
    for e in entries:
        if e.get("kinds") and kind not in e["kinds"]:
            continue
        if not (e["_case"].search(case) and e["_path"].search(path)
                and e["_real"].search(rv) and e["_mock"].search(mv)
                and e["_context"].search(ctx)):
            continue
        if not e.get("transient_states"):
            e["_used"] += 1
            return str(e["row"])
        # state-sequence entries combine: PENDING (row 4) and COMPLETING (row 9) may both be
        # missing from one sequence
        transient |= set(e["transient_states"])
        hits.append(e)
        if same_states(real_snap, mock_snap, transient):
            # only the entries the match needs count as used
            for h in list(hits):
                rest = set().union(*[set(x["transient_states"]) for x in hits if x is not h])
                if len(hits) > 1 and same_states(real_snap, mock_snap, rest):
                    hits.remove(h)
            for h in hits:
                h["_used"] += 1
            return "+".join(str(h["row"]) for h in hits)
    return None


def unused(entries):
    """Entries that documented nothing: (entry, is_race)."""
    return [(e, bool(e.get("race"))) for e in entries if not e["_used"]]
