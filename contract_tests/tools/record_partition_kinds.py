#!/usr/bin/python3
"""Records docs/differences.md R8-R10 on a real slurmrestd: partitions of every kind, the
update_time and flags query parameters of the node and partition reads, and the HTTP edges
(HEAD, an unknown Accept, an unparsable path or query), for every served version.

Starts the real daemon of the release on fixtures/clusters/partition-kinds, saves each exchange
in record_releases.py's format under
mock_slurmrestd/tests/data/oracle/<release>/asked/partition_kinds/, and stops the daemon.
  record_partition_kinds.py --slurm-version 24.11 --rest-port 7230 --ctld-port 7237 \
      --node-port-base 20200
"""

import argparse
import json
import os
import socket
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import record_releases as rr  # noqa: E402

FIXTURE = "fixtures/clusters/partition-kinds/slurm.conf"
# An update_time no cluster reaches, and one every cluster is past.
FUTURE = 4102444800


def story(r, v):
    p = f"/slurm/{v}"
    r.rec("partitions", "GET", f"{p}/partitions/")
    r.rec("partition_excl", "GET", f"{p}/partition/excl")
    r.rec("partition_single", "GET", f"{p}/partition/single")
    r.rec("nodes_update_future", "GET", f"{p}/nodes/?update_time={FUTURE}")
    r.rec("nodes_update_zero", "GET", f"{p}/nodes/?update_time=0")
    r.rec("nodes_update_text", "GET", f"{p}/nodes/?update_time=abc")
    r.rec("nodes_flags_all", "GET", f"{p}/nodes/?flags=ALL")
    r.rec("nodes_flags_future", "GET", f"{p}/nodes/?flags=FUTURE")
    r.rec("nodes_flags_bogus", "GET", f"{p}/nodes/?flags=BOGUS")
    r.rec("node_update_future", "GET", f"{p}/node/pk-1?update_time={FUTURE}")
    r.rec("node_flags_detail", "GET", f"{p}/node/pk-1?flags=DETAIL")
    r.rec("partitions_update_future", "GET", f"{p}/partitions/?update_time={FUTURE}")
    r.rec("partitions_update_zero", "GET", f"{p}/partitions/?update_time=0")
    r.rec("partitions_flags_all", "GET", f"{p}/partitions/?flags=ALL")
    r.rec("partitions_flags_bogus", "GET", f"{p}/partitions/?flags=BOGUS")
    r.rec("partition_update_future", "GET", f"{p}/partition/up?update_time={FUTURE}")
    r.rec("partition_flags_all", "GET", f"{p}/partition/up?flags=ALL")
    raw_rec(r, "head_nodes", "HEAD", f"{p}/nodes/")
    raw_rec(r, "accept_text", "GET", f"{p}/nodes/", {"Accept": "text/plain"})
    raw_rec(r, "accept_unknown", "GET", f"{p}/nodes/", {"Accept": "application/x-unknown"})
    raw_rec(r, "path_bad_escape", "GET", f"{p}/node/pk%zz")
    raw_rec(r, "query_bad_escape", "GET", f"{p}/nodes/?%zz=1")
    raw_rec(r, "query_lone_percent", "GET", f"{p}/nodes/?update_time=%")


def raw_rec(r, case, method, path, extra=None):
    """One exchange over a bare socket: 26.05 writes a stray "Connection: Close" line before
    some status lines and repeats its answer, which urllib cannot read. The first answer's
    status, type and body are recorded; the bytes as they came in "wire"."""
    hdrs = {"Host": "127.0.0.1", "X-SLURM-USER-NAME": rr.USER, "X-SLURM-USER-TOKEN": r.token}
    hdrs.update(extra or {})
    hdrs["Connection"] = "close"
    req = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in hdrs.items())
    with socket.create_connection(("127.0.0.1", rr.REST_PORT), timeout=10) as s:
        s.sendall((req + "\r\n").encode())
        wire = b""
        while chunk := s.recv(65536):
            wire += chunk
    text = wire.decode("utf-8", "replace")
    head, _, rest = text[text.index("HTTP/1.1 "):].partition("\r\n\r\n")
    lines = head.split("\r\n")
    fields = {k.lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
    length = int(fields.get("content-length", "0"))
    doc = {"case": case, "release": r.release, "api_version": r.version,
           "request": {"method": method, "path": path,
                       "headers": {k: r.redact(v) for k, v in hdrs.items()
                                   if k not in ("Host", "Connection")}, "body": None},
           "answer": {"status": int(lines[0].split()[1]),
                      "content_type": fields.get("content-type"),
                      "body": rest[:length]},
           "wire": text}
    r.n += 1
    with open(os.path.join(r.out, f"{r.n:03d}_{case}.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"  {r.release} {r.version} {r.n:03d} {case}: {doc['answer']['status']}", flush=True)


def wait_idle(r, rel):
    """Until every slurmd registered, so the nodes read IDLE as in the replay."""
    v = rr.VERSIONS[rel][0]
    for _ in range(120):
        nodes = r.call("GET", f"/slurm/{v}/nodes/")["answer"]["body"].get("nodes", [])
        if nodes and all(n["state"] == ["IDLE"] for n in nodes):
            return
        time.sleep(0.5)
    raise SystemExit("nodes never all IDLE")


def main():
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument("--slurm-version", required=True, choices=sorted(rr.VERSIONS))
    a.add_argument("--rest-port", type=int, required=True)
    a.add_argument("--ctld-port", type=int, required=True)
    a.add_argument("--node-port-base", type=int, required=True)
    a = a.parse_args()
    rel = a.slurm_version
    d = f"/tmp/record-partition-kinds-{rel}"
    rr.launcher("start", "--slurm-version", rel, "--conf", os.path.join(rr.ROOT, FIXTURE),
                "--dir", d, "--rest-port", str(a.rest_port), "--ctld-port", str(a.ctld_port),
                "--node-port-base", str(a.node_port_base))
    try:
        token = rr.launcher("token", rr.USER, "--dir", d)
        root = rr.launcher("token", "root", "--dir", d)
        rr.REST_PORT = a.rest_port
        wait_idle(rr.Recorder(rel, rr.VERSIONS[rel][0], d, token, {}, root), rel)
        for v in rr.VERSIONS[rel]:
            out = os.path.join(rr.OUT, rel, "asked", "partition_kinds", v)
            os.makedirs(out, exist_ok=True)
            story(rr.Recorder(rel, v, out, token, {}, root), v)
    finally:
        rr.launcher("stop", "--dir", d)


if __name__ == "__main__":
    main()
