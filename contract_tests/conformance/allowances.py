"""The allow-list: a difference is documented only when an entry of allowed.json (naming a row of
docs/differences.md) matches it."""

import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
CT = os.path.dirname(HERE)
ROOT = os.path.dirname(CT)
ALLOWED = os.path.join(HERE, "allowed.json")
DIFFS_MD = os.path.join(ROOT, "docs", "differences.md")


def load_allowed():
    with open(DIFFS_MD) as f:
        rows = {int(m.group(1)) for m in re.finditer(r"^\|\s*(\d+)\s*\|", f.read(), re.M)}
    with open(ALLOWED) as f:
        entries = json.load(f)["entries"]
    for e in entries:
        if e.get("row") not in rows:
            raise SystemExit(f"allowed.json: entry {e} names no row of docs/differences.md")
        for k in ("case", "path", "real", "mock"):
            e[f"_{k}"] = re.compile(e.get(k, ""))
    return entries


def same_states(real_snap, mock_snap, transient):
    """State sequences equal once transient states (seen or not depending on when the poller
    looked) are dropped, and each element that both show ends in the same state."""
    try:
        ra, ma = real_snap["body"]["states"], mock_snap["body"]["states"]
        a, b = ({k: [s for s in v if s not in transient] for k, v in x.items()} for x in (ra, ma))
        # an element seen only in transient states (e.g. the pending array record)
        a, b = ({k: v for k, v in x.items() if v} for x in (a, b))
    except (KeyError, TypeError, AttributeError):
        return False
    return a == b and all(ra[k][-1] == ma[k][-1] for k in set(ra) & set(ma))


def documented_by(entries, case, diff, real_snap, mock_snap):
    kind, path, rv, mv = diff
    transient, rows = set(), []
    for e in entries:
        if e.get("kinds") and kind not in e["kinds"]:
            continue
        if not (e["_case"].search(case) and e["_path"].search(path)
                and e["_real"].search(rv) and e["_mock"].search(mv)):
            continue
        if not e.get("transient_states"):
            return e["row"]
        # state-sequence entries combine: PENDING (row 4) and COMPLETING (row 9) may both be
        # missing from one sequence
        transient |= set(e["transient_states"])
        rows.append(e["row"])
        if same_states(real_snap, mock_snap, transient):
            return "+".join(str(r) for r in rows)
    return None
