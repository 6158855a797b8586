#!/usr/bin/python3
"""Turns a recorded single-plugin /openapi/v3 into a version's OpenAPI piece for the mock.

The piece (mock_slurmrestd/src/v0_0_NN/openapi.json) is the real document's facts (paths,
methods, operation ids, parameters, response codes, schemas with their property names, order,
types, formats, $refs, enums, `content`, key order at every depth) with our own prose: every
non-empty `description` and `summary` string of the real document is replaced, so no Slurm
text reaches the mock. The prose comes, in this order, from

  1. `--own FILE`, a JSON object {"<place>": "<text>"} (a place is the key path joined by
     "/"), for places the others do not cover or where they would repeat the daemon's words;
  2. `--prose DOC` documents (earlier pieces, or the version's own piece), at the same place,
     with their version renamed to this one (`v0.0.36` -> `v0.0.NN`), in the order given;
  3. for a schema property's description, the property name with spaces for underscores.

A text equal to the daemon's is refused unless it is rule 3's (a name is a fact); the tool
fails and lists every place it could not word. Re-running it on a new recording with the
version's own piece as `--prose` keeps every text and words only what is new:

  /usr/bin/python3 contract_tests/tools/openapi_piece.py \
      mock_slurmrestd/tests/data/oracle/22.05/openapi/openapi_v3_only_v0.0.38.json \
      --prose mock_slurmrestd/src/v0_0_38/openapi.json \
      -o mock_slurmrestd/src/v0_0_38/openapi.json

A new version starts from the previous version's piece (`--prose .../v0_0_38/openapi.json`,
renamed on the fly) plus `--own` for its new operations.
"""
import argparse
import json
import re
import sys

PROSE_KEYS = ("description", "summary")


def load_document(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    # The recorders' files wrap the answer: {"request": ..., "answer": {"json": DOC}}.
    if isinstance(doc, dict) and "answer" in doc:
        doc = doc["answer"]["json"]
    return doc


def version_of(doc):
    return "v" + doc["info"]["version"]


def renamed(value, to_version):
    text = json.dumps(value)
    text = re.sub(r"v0\.0\.\d+", to_version, text)
    return json.loads(text)


def at(doc, place):
    node = doc
    for key in place:
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return None
    return node


def place_text(place):
    return "/".join(str(k) for k in place)


def property_name(place):
    # .../properties/<name>/description
    if len(place) >= 3 and place[-3] == "properties" and place[-1] == "description":
        return place[-2]
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("recorded", help="the real daemon's single-plugin /openapi/v3")
    ap.add_argument("--prose", action="append", default=[], help="document to take prose from")
    ap.add_argument("--own", help="JSON object: place -> our text")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()

    real = load_document(args.recorded)
    version = version_of(real)
    sources = [renamed(load_document(p), version) for p in args.prose]
    own = {}
    if args.own:
        with open(args.own, encoding="utf-8") as f:
            own = json.load(f)
    unworded = []

    def word(real_text, place):
        if real_text == "":
            return ""
        key = place_text(place)
        if key in own:
            return own[key]
        for source in sources:
            text = at(source, place)
            if isinstance(text, str) and text and text != real_text:
                return text
        name = property_name(place)
        if name is not None:
            return name.replace("_", " ")
        unworded.append(f"{key}: {real_text!r}")
        return real_text

    def walk(node, place):
        if isinstance(node, dict):
            return {
                k: (word(v, place + [k]) if k in PROSE_KEYS and isinstance(v, str)
                    else walk(v, place + [k]))
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [walk(v, place + [i]) for i, v in enumerate(node)]
        return node

    piece = walk(real, [])
    if unworded:
        print("no own words for (add them to --own):", file=sys.stderr)
        for line in unworded:
            print("  " + line, file=sys.stderr)
        return 1
    with open(args.output, "w", encoding="utf-8") as f:
        json.dump(piece, f, indent=2, ensure_ascii=False)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
