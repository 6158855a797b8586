#!/usr/bin/python3
"""Splits a release's recorded /openapi/v3 into its data_parser versions' OpenAPI pieces.

From slurmrestd 23.02 on, one openapi plugin (openapi/slurmctld) serves every data_parser
version, and its document is built route by route: for each route of the plugin, in the
plugin's order, each loaded data_parser (in load order) adds its path for that route, and the
schemas that path references are added depth-first in the order of their `$ref`s, each once
(measured: the recorded 24.11 and 26.05 documents, and -d narrowings asked of the real 24.11
and 26.05 daemons, are exactly that). So a version's piece is its paths (in the plugin's route
order) and the schemas they reach; the release profile says the route order, the document's
own keys (`info`, `tags`, ...) and merges the loaded pieces (mock_slurmrestd/src/
openapi_merge.cc).

Each piece (mock_slurmrestd/src/v0_0_NN/openapi_<release>.json) keeps every fact of the real
document: paths, methods, operation ids, parameters, request bodies, responses, schemas with
their properties, order, types, formats, enums, `$ref`s, flags, key order at every depth. Every
non-empty `description` and `summary` is replaced by a text made from names, so no Slurm text
reaches the mock:

  - a property's description: the property name with spaces for underscores (a name is a fact);
  - an operation's summary (and description): its operationId without the `slurm_vNNNN_`
    prefix, spaced;
  - a parameter's: its name, spaced; a request body's or a response's: the name of the schema
    its content refers to, without the version, spaced ("openapi ping array resp");
  - a schema's: its name without the version, spaced; an array's items: their owner's name and
    "item".

A made text that happens to equal the daemon's gets "the " in front (and the tool fails if it
still does). Usage, for each recorded release document:

  /usr/bin/python3 contract_tests/tools/openapi_release_pieces.py \
      mock_slurmrestd/tests/data/oracle/24.11/openapi_v3.json --release 24.11 \
      --src mock_slurmrestd/src

It prints the release's route order (the path after /slurm/vX.Y.Z/), which its profile in
mock_slurmrestd/src/releases.cc lists.

With --slurmdb, the document recorded with accounting (<release>-acct/openapi_v3.json) gives
each version's openapi/slurmdbd piece (openapi_db_<release>.json): the /slurmdb/ paths, which
follow openapi/slurmctld's in the same route-by-route way, and the schemas they reach. There
the daemon adds a path's new schemas in an order that is not always depth-first (a step's
`tres_list` after the `step_tres_*` arrays beside it), so a piece keeps its schemas in the
recorded document's order and the merge adds each path's new ones in that order. For 22.05
(openapi/dbv0.0.36-38, whose documents slurmrestd merges whole after the slurmctld plugins')
each plugin's document is its /slurmdb/ paths, the /openapi* paths and its `dbv0.0.3N_`
schemas, as recorded.
"""
import argparse
import json
import os
import re
import sys

PATH_RE = re.compile(r"^/slurm/(v\d+\.\d+\.\d+)/(.*)$")
DB_PATH_RE = re.compile(r"^/slurmdb/(v\d+\.\d+\.\d+)/(.*)$")


def load_document(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if isinstance(doc, dict) and "answer" in doc:  # the recorders' wrapping
        doc = doc["answer"].get("body", doc["answer"].get("json"))
    return doc


def refs(node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                out.append(v.rsplit("/", 1)[-1])
            else:
                refs(v, out)
    elif isinstance(node, list):
        for v in node:
            refs(v, out)


def reach(node, schemas, seen, order):
    """Schemas `node` references, depth-first in $ref order, each once."""
    found = []
    refs(node, found)
    for name in found:
        if name not in seen:
            seen.add(name)
            order.append(name)
            reach(schemas[name], schemas, seen, order)


def unversioned(name):
    return re.sub(r"^v\d+\.\d+\.\d+_", "", name).replace("_", " ")


def content_schema_name(node):
    found = []
    refs(node.get("content", {}), found)
    return unversioned(found[0]) if found else None


def made_text(place, node_owner, doc):
    """Our text for the prose at `place` (a key path); node_owner is the object holding it."""
    key = place[-1]
    parent = place[-2] if len(place) >= 2 else None
    if key in ("summary", "description") and "operationId" in node_owner:
        return re.sub(r"^slurm_v\d+_", "", node_owner["operationId"]).replace("_", " ")
    if key == "summary" and parent in ("get", "post", "delete"):  # /openapi*: no operationId
        return "openapi document"
    if len(place) >= 3 and place[-3] == "properties":
        return parent.replace("_", " ")
    if len(place) >= 3 and place[-3] == "parameters":
        return node_owner["name"].replace("_", " ")
    if parent == "requestBody" or (len(place) >= 3 and place[-3] == "responses"):
        name = content_schema_name(node_owner)
        if name:
            return name
        return "answer " + str(parent)
    if len(place) >= 3 and place[-3] == "schemas":
        return unversioned(parent)
    if parent == "items":
        owner = place[-3] if len(place) >= 3 else "list"
        return unversioned(str(owner)) + " item"
    return None


def reword(node, place, unworded):
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k in ("description", "summary") and isinstance(v, str) and v:
                text = made_text(place + [k], node, None)
                if text is None:
                    unworded.append("/".join(map(str, place + [k])) + ": no rule")
                    text = v
                is_property = len(place) >= 2 and place[-2] == "properties" and k == "description"
                if text == v and not is_property:
                    text = "the " + text
                if text == v and not is_property:
                    unworded.append("/".join(map(str, place + [k])) + ": the daemon's text")
                out[k] = text
            else:
                out[k] = reword(v, place + [k], unworded)
        return out
    if isinstance(node, list):
        return [reword(v, place + [i], unworded) for i, v in enumerate(node)]
    return node


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("recorded", help="the release's recorded /openapi/v3")
    ap.add_argument("--release", required=True, help="the release's name, e.g. 24.11")
    ap.add_argument("--src", required=True, help="mock_slurmrestd/src")
    ap.add_argument("--slurmdb", action="store_true",
                    help="the openapi/slurmdbd pieces of a document recorded with accounting")
    args = ap.parse_args()
    if args.slurmdb:
        return slurmdb_pieces(args)

    real = load_document(args.recorded)
    schemas = real["components"]["schemas"]
    routes, versions = [], []
    for path in real["paths"]:
        version, route = PATH_RE.match(path).groups()
        if route not in routes:
            routes.append(route)
        if version not in versions:
            versions.append(version)
    # Checks the model: the recorded document is its pieces merged route by route.
    seen, merged_order = set(), []
    for route in routes:
        for version in versions:
            path = f"/slurm/{version}/{route}"
            if path in real["paths"]:
                reach(real["paths"][path], schemas, seen, merged_order)
    if merged_order != list(schemas):
        print("the recorded schemas are not in route-by-route $ref order", file=sys.stderr)
        return 1

    unworded = []
    for version in versions:
        paths = {p: v for p, v in real["paths"].items() if p.startswith(f"/slurm/{version}/")}
        seen, order = set(), []
        reach(paths, schemas, seen, order)
        if any(not n.startswith(version + "_") for n in order):
            print(f"{version} reaches another version's schemas", file=sys.stderr)
            return 1
        piece = {"paths": paths, "components": {"schemas": {n: schemas[n] for n in order}}}
        piece = reword(piece, [], unworded)
        folder = os.path.join(args.src, version.replace(".", "_"))
        out = os.path.join(folder, f"openapi_{args.release}.json")
        with open(out, "w", encoding="utf-8") as f:
            json.dump(piece, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(f"{out}: {len(paths)} paths, {len(order)} schemas", file=sys.stderr)
    if unworded:
        print("no own words for:", file=sys.stderr)
        for line in unworded:
            print("  " + line, file=sys.stderr)
        return 1
    print(json.dumps(routes))
    return 0


def slurmdb_documents_2205(args, real):
    schemas = real["components"]["schemas"]
    unworded = []
    for version in ("v0.0.36", "v0.0.37", "v0.0.38"):
        paths = {p: v for p, v in real["paths"].items() if p.startswith(f"/slurmdb/{version}/")}
        # The dbv plugins list /openapi* too: the merged document has their operations' keys
        # in their order (tags, responses, summary), in the place the first plugin gave them.
        paths.update({p: v for p, v in real["paths"].items() if p.startswith("/openapi")})
        own = {n: s for n, s in schemas.items() if n.startswith(f"db{version}_")}
        doc = reword({"paths": paths, "components": {"schemas": own}}, [], unworded)
        out = os.path.join(args.src, version.replace(".", "_"), "openapi_db_22.05.json")
        with open(out, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(f"{out}: {len(paths)} paths, {len(own)} schemas", file=sys.stderr)
    if unworded:
        print("no own words for:\n  " + "\n  ".join(unworded), file=sys.stderr)
        return 1
    return 0


def slurmdb_pieces(args):
    real = load_document(args.recorded)
    if args.release == "22.05":
        return slurmdb_documents_2205(args, real)
    schemas = real["components"]["schemas"]
    index = {n: i for i, n in enumerate(schemas)}
    # Checks the model: each path, in the document's order, adds the schemas it reaches that
    # are not there yet, in the document's order.
    seen, merged = set(), []
    for path, item in real["paths"].items():
        new = []
        reach(item, schemas, seen, new)
        merged += sorted(new, key=index.get)
    if merged != list(schemas):
        print("the recorded schemas are not in path-by-path order", file=sys.stderr)
        return 1
    routes, versions = [], []
    for path in real["paths"]:
        m = DB_PATH_RE.match(path)
        if not m:
            continue
        version, route = m.groups()
        if route not in routes:
            routes.append(route)
        if version not in versions:
            versions.append(version)
    unworded = []
    for version in versions:
        paths = {p: v for p, v in real["paths"].items() if p.startswith(f"/slurmdb/{version}/")}
        seen, order = set(), []
        reach(paths, schemas, seen, order)
        if any(not n.startswith(version + "_") for n in order):
            print(f"{version} reaches another version's schemas", file=sys.stderr)
            return 1
        order.sort(key=index.get)
        piece = {"paths": paths, "components": {"schemas": {n: schemas[n] for n in order}}}
        piece = reword(piece, [], unworded)
        folder = os.path.join(args.src, version.replace(".", "_"))
        out = os.path.join(folder, f"openapi_db_{args.release}.json")
        with open(out, "w", encoding="utf-8") as f:
            json.dump(piece, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(f"{out}: {len(paths)} paths, {len(order)} schemas", file=sys.stderr)
    if unworded:
        print("no own words for:", file=sys.stderr)
        for line in unworded:
            print("  " + line, file=sys.stderr)
        return 1
    print(json.dumps(routes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
