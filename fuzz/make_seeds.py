#!/usr/bin/python3
"""Writes the fuzz targets' seed corpora, made from fixtures/, into OUT/<target>/.

Usage: make_seeds.py REPO_DIR OUT_DIR. Regenerated on every build (cheap), so the seeds follow
the fixtures. The request target's inputs use "@TOKEN@" for a valid token (request_fuzzer.cc).
"""

import base64
import glob
import hashlib
import hmac
import json
import os
import re
import sys

import yaml

API = "/slurm/v0.0.36"
AUTH = "X-SLURM-USER-NAME: ec2-user\nX-SLURM-USER-TOKEN: @TOKEN@\n"
SEP = "\n~~~~\n"
# jwt_fuzzer.cc verifies with this key at this time.
JWT_KEY = b"k" * 32
JWT_NOW = 1700000000


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(user, exp, header=None):
    header = header or {"alg": "HS256", "typ": "JWT"}
    signing = (b64(json.dumps(header, separators=(",", ":")).encode()) + "." +
               b64(json.dumps({"exp": exp, "iat": JWT_NOW, "sun": user},
                              separators=(",", ":")).encode()))
    return signing + "." + b64(hmac.new(JWT_KEY, signing.encode(), hashlib.sha256).digest())


def request(method, target, body=None, headers=""):
    text = f"{method} {target}\n{AUTH}{headers}"
    if body is not None:
        text += "Content-Type: application/json\n"
    return text + "\n" + (body or "")


def main(repo, out):
    jobs = {os.path.basename(p)[:-5]: open(p).read()
            for p in sorted(glob.glob(os.path.join(repo, "fixtures/jobs/*.json")))}
    confs = {p.split(os.sep)[-2]: open(p).read()
             for p in sorted(glob.glob(os.path.join(repo, "fixtures/clusters/*/slurm.conf")))}
    seeds = {t: {} for t in ("request", "job_parse", "slurm_conf", "hostlist", "jwt",
                             "state_file", "slurm_syntax")}

    for name, body in jobs.items():
        seeds["job_parse"][name + ".json"] = body
        seeds["job_parse"][name + ".yaml"] = "---\n" + yaml.safe_dump(json.loads(body))
        seeds["request"]["submit_" + name] = SEP.join([
            request("POST", API + "/job/submit", body),
            request("GET", API + "/job/1"),
            request("POST", API + "/job/1", '{"time_limit": 5, "hold": false}'),
            request("POST", "/mock/v1/clock/advance?seconds=120"),
            request("GET", API + "/jobs", headers="Accept: application/x-yaml\n"),
            request("DELETE", API + "/job/1?signal=USR1"),
        ])
    for path in ("/ping", "/diag", "/jobs", "/nodes", "/node/queue1-dy-t3micro-1",
                 "/partitions", "/partition/queue1", "/job/0", "/job/abc"):
        seeds["request"]["get" + path.replace("/", "_")] = request("GET", API + path)
    seeds["request"]["openapi"] = request("GET", "/openapi/v3")
    seeds["request"]["admin"] = SEP.join([
        request("POST", "/mock/v1/node/queue1-dy-t3micro-1/state?state=drain&reason=x"),
        request("POST", "/mock/v1/faults?controller=down"),
        request("GET", API + "/job/1"),
        request("DELETE", "/mock/v1/faults"),
        request("GET", "/mock/v1/events"),
        request("POST", "/mock/v1/reset"),
    ])
    seeds["request"]["bad_token"] = ("GET " + API + "/ping\nX-SLURM-USER-NAME: ec2-user\n"
                                     "X-SLURM-USER-TOKEN: a.b.c\n\n")

    for name, text in confs.items():
        seeds["slurm_conf"][name] = text
        for i, m in enumerate(re.findall(r"(?:NodeName|Nodes)=(\S+)", text)):
            seeds["hostlist"][f"{name}_{i}"] = m
    seeds["hostlist"]["mixed"] = "a[1-3,5],b[01-10]c,d,e[9-11]"

    # Each input goes through every parser (slurm_syntax_fuzzer.cc).
    for i, text in enumerate(["afterok:12:13,singleton", "afterany:1+5:2", "12", "-3", "2-3",
                              "1-5%2", "0-9:2,15", "[1-3]", ",", "now+2hours", "NOW+90",
                              "2030-01-02T03:04:05", "1700000100"]):
        seeds["slurm_syntax"][f"seed_{i}"] = text
    for name, body in jobs.items():
        try:
            job = json.loads(body).get("job")
        except (ValueError, AttributeError):
            continue
        for key in ("array", "dependency", "nodes", "begin_time"):
            value = job.get(key) if isinstance(job, dict) else None
            if isinstance(value, str):
                seeds["slurm_syntax"][f"{name}_{key}"] = value

    seeds["jwt"]["valid"] = "ec2-user\0" + token("ec2-user", JWT_NOW + 60)
    seeds["jwt"]["root_for_other"] = "someone\0" + token("root", JWT_NOW + 60)
    seeds["jwt"]["expired"] = "ec2-user\0" + token("ec2-user", JWT_NOW - 1)
    seeds["jwt"]["alg_none"] = "ec2-user\0" + token("ec2-user", JWT_NOW + 60,
                                                    {"alg": "none"}).rsplit(".", 1)[0] + "."

    # Records after a valid header (the target writes it): one of each kind, a torn tail.
    user = '"user":["ec2-user",1000,1000]'
    spec = ('{"script":"#!/bin/bash\\nsleep 60\\n","name":"a","partition":"queue1",'
            '"current_working_directory":"/tmp","environment":{"PATH":"/bin"},"time_limit":5}')
    records = [
        '{"op":"submit","t":1700000000,%s,"spec":%s}' % (user, spec),
        '{"op":"submit_het","t":1700000000,%s,"specs":[%s,%s]}' % (user, spec, spec),
        '{"op":"update","t":1700000010,%s,"job":1,"spec":{"hold":true,"comment":"c"}}' % user,
        '{"op":"signal","t":1700000020,%s,"job":2,"signal":9}' % user,
        '{"op":"node","t":1700000030,"node":"queue1-dy-t3micro-1","state":"down","reason":"x"}',
        '{"op":"finish","t":1700000040,"job":1,"status":256}',
        '{"op":"clock","t":1700000050,"clock":{"mode":"scaled","scale":2.0,"sim":1700000100,'
        '"wall_ns":1700000000000000000}}',
    ]
    seeds["state_file"]["all_kinds"] = "\n".join(records) + "\n"
    seeds["state_file"]["torn_tail"] = records[0] + "\n" + records[1][:40]
    for i, r in enumerate(records):
        seeds["state_file"][f"record_{i}"] = r + "\n"

    for target, files in seeds.items():
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        for name, text in files.items():
            with open(os.path.join(d, name), "w") as f:
                f.write(text)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
