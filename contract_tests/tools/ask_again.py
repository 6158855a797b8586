#!/usr/bin/python3
"""Asks a running real slurmrestd the requests of cases asked of another release.

Each case file of --from (one version's folder, e.g. tests/data/oracle/24.11/asked/jobs/v0.0.42)
is asked again of the daemon on --port with its version segment replaced by each --version,
its token placeholders by tokens of the launcher's --dir; the answers are saved under
--to/<version>/ with the same names, tokens redacted as the recorder does. The daemon is the
caller's (contract_tests/oracle/real_slurmrestd.py start); it should hold no job when the cases
were asked on a cluster with none.
"""
import argparse
import http.client
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LAUNCHER = os.path.join(HERE, "..", "oracle", "real_slurmrestd.py")


def token(user, state_dir, *extra):
    return subprocess.run(["/usr/bin/python3", LAUNCHER, "token", user, "--dir", state_dir,
                           *extra], check=True, capture_output=True, text=True).stdout.strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="source", required=True, help="a version's folder of cases")
    ap.add_argument("--to", required=True, help="where <version>/<case>.json go")
    ap.add_argument("--release", required=True, help="the asked daemon's release (26.05)")
    ap.add_argument("--version", action="append", required=True, help="v0.0.42, ...")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True, help="the launcher's state dir (for tokens)")
    args = ap.parse_args()
    valid = token("ec2-user", args.dir)
    tokens = {"<valid token>": valid, "<root's token>": token("root", args.dir),
              "<expired token>": token("ec2-user", args.dir, "--lifespan=-60"),
              "<bad signature>": valid[:-4] + ("AAAA" if valid[-4:] != "AAAA" else "BBBB")}
    names = {v: k for k, v in tokens.items()}
    for version in args.version:
        out = os.path.join(args.to, version)
        os.makedirs(out, exist_ok=True)
        for name in sorted(os.listdir(args.source)):
            case = json.load(open(os.path.join(args.source, name)))
            req = case["request"]
            old = case["api_version"]
            path = req["path"].replace(f"/{old}/", f"/{version}/")
            headers = {k: tokens.get(v, v) for k, v in req["headers"].items()}
            body = req.get("body")
            data = None
            if body is not None:
                data = body if isinstance(body, str) else json.dumps(body)
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
            conn.request(req["method"], path, body=data, headers=headers)
            resp = conn.getresponse()
            text = resp.read().decode()
            ctype = resp.getheader("Content-Type")
            try:
                answer_body = json.loads(text) if ctype == "application/json" else text
            except ValueError:
                answer_body = text
            conn.close()
            saved = {"case": case["case"], "release": args.release, "api_version": version,
                     "note": f"asked of {args.release} as {case['release']} was "
                             f"({case.get('note', '')})",
                     "request": {"method": req["method"], "path": path,
                                 "headers": {k: names.get(v, v) for k, v in headers.items()},
                                 "body": body},
                     "answer": {"status": resp.status, "content_type": ctype,
                                "body": answer_body}}
            with open(os.path.join(out, name), "w") as f:
                json.dump(saved, f, indent=1)
                f.write("\n")
            print(version, name, resp.status, file=sys.stderr)


if __name__ == "__main__":
    main()
