#!/usr/bin/python3
"""Compares the object shapes of record_versions.py's recordings across API versions.

For each object kind (job, node, partition, ...) it gathers every sample in every recording of
a version, checks that all samples share one key order, takes the union of JSON types per key,
and prints, version by version, keys added, removed, moved and retyped against the previous
version (markdown). Source of the tables in docs/oracle-notes/versions-22.05.md.

  version_shapes.py [--data mock_slurmrestd/tests/data/oracle/22.05] [--cases]

--cases prints instead one row per case: status, content type, top-level keys and the error
entries (or the text/plain body) of each version's answer. --compare OTHER checks that a second
recording holds the same files with answers of the same status, content type and shape (keys,
key order and JSON types, recursively; values, ids and list lengths may differ).
"""

import argparse
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VERSIONS = ("v0.0.36", "v0.0.37", "v0.0.38")


def jtype(x):
    if x is None:
        return "null"
    if isinstance(x, bool):
        return "bool"
    if isinstance(x, int):
        return "int"
    if isinstance(x, float):
        return "float"
    if isinstance(x, str):
        return "string"
    return "array" if isinstance(x, list) else "object"


def samples(doc):
    """(kind, object) pairs found in one answer."""
    out = []
    if not isinstance(doc, dict):
        return out
    out.append(("top-level (" + ",".join(k for k in doc if k not in ("meta", "errors")) + ")",
                doc))
    for k in ("pings", "nodes", "partitions", "reservations", "licenses"):
        for o in doc.get(k) or []:
            out.append((k[:-1], o))
    for e in doc.get("errors") or []:
        out.append(("error entry: " + ",".join(e), e))
    if "statistics" in doc:
        out.append(("diag statistics", doc["statistics"]))
        for k in ("rpcs_by_message_type", "rpcs_by_user"):
            for o in doc["statistics"].get(k) or []:
                out.append((k + " entry", o))
    if "meta" in doc:
        out.append(("meta", doc["meta"]))
    for j in doc.get("jobs") or []:
        out.append(("job", j))
        r = j.get("job_resources")
        if isinstance(r, dict) and r:
            out.append(("job_resources", r))
            an = r.get("allocated_nodes")
            for n in (an.values() if isinstance(an, dict) else an or []):
                out.append(("allocated_nodes entry", n))
    if "job_id" in doc and "step_id" in doc:
        out.append(("submit response", doc))
    return out


def shapes(data, version):
    kinds = {}
    for f in sorted(glob.glob(os.path.join(data, version, "*.json"))):
        doc = json.load(open(f))["answer"].get("json")
        for kind, o in samples(doc):
            if kind.startswith("top-level"):
                continue
            k = kinds.setdefault(kind, {"order": list(o), "types": {}, "orders": set(),
                                        "n": 0})
            k["n"] += 1
            k["orders"].add(tuple(o))
            for key, v in o.items():
                k["types"].setdefault(key, set()).add(jtype(v))
                if key not in k["order"]:
                    k["order"].append(key)
    return kinds


def fmt(types):
    return "|".join(sorted(types))


def case_cell(path):
    if not os.path.exists(path):
        return "-"
    a = json.load(open(path))["answer"]
    j = a.get("json")
    ct = (a.get("content_type") or "none").replace("application/", "")
    if j is None:
        return f"{a['status']} {ct} `{a.get('body', '')[:70]}`"
    keys = ",".join(k for k in j if k not in ("meta", "errors"))
    errs = "; ".join(json.dumps(e, separators=(",", ":")) for e in j.get("errors") or [])
    return f"{a['status']} {ct} [{keys}]" + (f" errors: `{errs}`" if errs else "")


def cases(data):
    names = sorted({os.path.basename(f)[:-5]
                    for v in VERSIONS for f in glob.glob(os.path.join(data, v, "*.json"))})
    print("| case | " + " | ".join(VERSIONS) + " |")
    print("|---|" + "---|" * len(VERSIONS))
    for n in names:
        cells = [case_cell(os.path.join(data, v, n + ".json")).replace("|", "\\|")
                 for v in VERSIONS]
        print(f"| {n} | " + " | ".join(cells) + " |")


def deep_shape(v):
    if isinstance(v, dict):
        return {"{}": [[k, deep_shape(x)] for k, x in v.items()]}
    if isinstance(v, list):
        shapes = []
        for x in v:
            s = deep_shape(x)
            if s not in shapes:
                shapes.append(s)
        return {"[]": sorted(shapes, key=json.dumps)}
    return jtype(v)


def answer_shape(path):
    a = json.load(open(path))["answer"]
    j = a.get("json")
    shape = deep_shape(j) if j is not None else None
    return a["status"], a.get("content_type"), shape


def compare(data, other):
    files = lambda d: sorted(os.path.relpath(f, d) for f in glob.glob(os.path.join(d, "*", "*.json")))
    mine, theirs = files(data), files(other)
    bad = [f"only in {data}: {f}" for f in mine if f not in theirs]
    bad += [f"only in {other}: {f}" for f in theirs if f not in mine]
    for f in (f for f in mine if f in theirs):
        x, y = answer_shape(os.path.join(data, f)), answer_shape(os.path.join(other, f))
        if x != y:
            what = "status/content type" if x[:2] != y[:2] else "shape"
            bad.append(f"{f}: {what} differs {x[:2]} vs {y[:2]}")
    for b in bad:
        print(b)
    print(f"{len(mine)} files here, {len(theirs)} there, {len(bad)} differences")
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.path.join(
        ROOT, "mock_slurmrestd", "tests", "data", "oracle", "22.05"))
    ap.add_argument("--cases", action="store_true", help="the per-case table instead")
    ap.add_argument("--compare", metavar="OTHER", help="another recording to compare with")
    a = ap.parse_args()
    if a.compare:
        return compare(a.data, a.compare)
    if a.cases:
        return cases(a.data)
    per = {v: shapes(a.data, v) for v in VERSIONS}
    kinds = []
    for v in VERSIONS:
        kinds += [k for k in per[v] if k not in kinds]
    for kind in kinds:
        print(f"\n### {kind}\n")
        prev = None
        for v in VERSIONS:
            s = per[v].get(kind)
            if s is None:
                print(f"- {v}: not seen")
                continue
            orders = "one key order" if len(s["orders"]) == 1 else \
                f"{len(s['orders'])} key orders (keys present in some samples only)"
            if prev is None:
                print(f"- {v}: {len(s['order'])} keys, {s['n']} samples, {orders}: " +
                      ", ".join(f"`{k}` {fmt(s['types'][k])}" for k in s["order"]))
            else:
                p = prev
                add = [k for k in s["order"] if k not in p["order"]]
                rem = [k for k in p["order"] if k not in s["order"]]
                common = [k for k in s["order"] if k in p["order"]]
                pcommon = [k for k in p["order"] if k in s["order"]]
                retyped = [k for k in common if s["types"][k] != p["types"][k]]
                parts = [f"{len(s['order'])} keys, {s['n']} samples, {orders}"]
                if add:
                    parts.append("added " + ", ".join(
                        f"`{k}` {fmt(s['types'][k])} (after `{s['order'][s['order'].index(k) - 1] if s['order'].index(k) else '^'}`)"
                        for k in add))
                if rem:
                    parts.append("removed " + ", ".join(f"`{k}`" for k in rem))
                if retyped:
                    parts.append("types " + ", ".join(
                        f"`{k}` {fmt(p['types'][k])} -> {fmt(s['types'][k])}" for k in retyped))
                parts.append("same order of common keys" if common == pcommon
                             else "ORDER CHANGED: " + ", ".join(common))
                print(f"- {v}: " + "; ".join(parts))
            prev = s


if __name__ == "__main__":
    sys.exit(main())
