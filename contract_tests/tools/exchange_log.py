"""The 22.05 recorder's exchange log: one HTTP exchange with the real daemon -> one JSON file.

The body of a JSON answer is stored parsed when re-rendering it in slurmrestd 22.05's layout
gives the very bytes that were sent (then the raw body need not be stored too).
"""

import hashlib
import http.client
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "oracle"))
import real_slurmrestd as rs  # noqa: E402

USER = "ec2-user"


def _slurm_str(s):
    out = ['"']
    for ch in s:
        if ch in '"\\/':
            out.append("\\" + ch)
        elif ch in "\b\f\n\r\t":
            out.append({"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
                        "\t": "\\t"}[ch])
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    return "".join(out + ['"'])


def slurm_json(v, ind=0):
    """slurmrestd 22.05's JSON layout (docs/oracle-notes/openapi.md), to check that a parsed
    answer re-renders to the very bytes sent; then the raw body need not be stored too."""
    inner, outer = "  " * (ind + 1), "  " * ind
    if isinstance(v, dict):
        items = [f"{inner}{_slurm_str(k)}: {slurm_json(x, ind + 1)}" for k, x in v.items()]
    elif isinstance(v, list):
        items = [inner + slurm_json(x, ind + 1) for x in v]
    elif v is None:
        return "null"
    elif isinstance(v, bool):
        return "true" if v else "false"
    elif isinstance(v, int):
        return str(v)
    elif isinstance(v, float):
        t = "%.17g" % v
        return t + ".0" if not any(c in t for c in ".en") else t
    else:
        return _slurm_str(v)
    o, c = ("{", "}") if isinstance(v, dict) else ("[", "]")
    return f"{o}\n" + ",\n".join(items) + f"\n{outer}{c}" if items else f"{o}\n{outer}{c}"


class Recorder:
    def __init__(self, port, key, out):
        self.port = port
        self.key = key
        self.out = out
        self.token = rs.mint_token(key, USER, 3600)
        self.count = 0

    # ---- HTTP ----------------------------------------------------------------

    def raw(self, method, path, headers, body=None):
        # slurmrestd 22.05 now and then resets a connection before answering (seen once in
        # ten runs); asking again keeps the story whole.
        for attempt in range(3):
            try:
                return self.raw_once(method, path, headers, body)
            except (ConnectionResetError, http.client.RemoteDisconnected) as e:
                print(f"{method} {path}: {e!r}; asking again", file=sys.stderr)
                time.sleep(0.5)
        return self.raw_once(method, path, headers, body)

    def raw_once(self, method, path, headers, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            for k, v in headers.items():
                conn.putheader(k, v)
            data = body.encode() if isinstance(body, str) else body
            if data is not None:
                conn.putheader("Content-Length", str(len(data)))
            conn.endheaders(data)
            r = conn.getresponse()
            return r.status, r.reason, r.getheaders(), r.read()
        finally:
            conn.close()

    def auth(self, auth):
        """auth: 'ok', None (no headers) or (user or None, token text or None, label)."""
        if auth == "ok":
            return {"X-SLURM-USER-NAME": USER, "X-SLURM-USER-TOKEN": self.token}, \
                {"X-SLURM-USER-NAME": USER, "X-SLURM-USER-TOKEN": "<valid token of ec2-user>"}
        if auth is None:
            return {}, {}
        user, token, label = auth
        h, shown = {}, {}
        if user is not None:
            h["X-SLURM-USER-NAME"] = shown["X-SLURM-USER-NAME"] = user
        if token is not None:
            h["X-SLURM-USER-TOKEN"] = token
            shown["X-SLURM-USER-TOKEN"] = label
        return h, shown

    def call(self, method, path, body=None, auth="ok", ctype=None, accept=None):
        """One exchange, not recorded; body: dict/list -> JSON, str -> as is."""
        h, _ = self.auth(auth)
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            ctype = ctype or "application/json"
        if ctype:
            h["Content-Type"] = ctype
        if accept:
            h["Accept"] = accept
        status, _, headers, data = self.raw(method, path, h, body)
        text = data.decode("utf-8", "replace")
        try:
            parsed = json.loads(text) if text.strip().startswith(("{", "[")) else None
        except ValueError:
            parsed = None
        return status, headers, data, text, parsed

    def rec(self, group, case, method, path, body=None, auth="ok", ctype=None, accept=None,
            template=None, note=None, body_same_as=None):
        """One recorded exchange -> OUT/group/case.json; returns the parsed answer."""
        status, headers, data, text, parsed = self.call(method, path, body, auth, ctype, accept)
        _, shown = self.auth(auth)
        req = {"method": method, "path": path}
        if template:
            req["path_template"] = template
        req["headers"] = dict(shown)
        if isinstance(body, (dict, list)):
            req["headers"]["Content-Type"] = ctype or "application/json"
            req["body"] = body
        else:
            if ctype:
                req["headers"]["Content-Type"] = ctype
            if body is not None:
                req["body_text"] = body
        if accept:
            req["headers"]["Accept"] = accept
        hdrs = [[k, v] for k, v in headers]
        ct = next((v for k, v in headers if k.lower() == "content-type"), None)
        ans = {"status": status, "content_type": ct, "headers": hdrs, "length": len(data),
               "sha256": hashlib.sha256(data).hexdigest()}
        if body_same_as is not None and body_same_as == ans["sha256"]:
            ans["body_same_as_sha256_of"] = "the case named in `note`"
        elif parsed is not None and slurm_json(parsed).encode() == data:
            ans["json"] = parsed
            ans["body_layout"] = "slurm_json (re-rendering `json` gives the exact bytes)"
        else:
            ans["body"] = text
            if parsed is not None:
                ans["json"] = parsed
        doc = {"case": case, "group": group, "slurm": "22.05", "request": req, "answer": ans}
        if note:
            doc["note"] = note
        d = os.path.join(self.out, group)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, case + ".json"), "w") as f:
            json.dump(doc, f, indent=1, ensure_ascii=False)
            f.write("\n")
        self.count += 1
        return status, parsed, ans["sha256"]

    # ---- helpers that are not recorded -----------------------------------------

    def submit(self, payload, version="v0.0.36"):
        status, _, _, text, parsed = self.call("POST", f"/slurm/{version}/job/submit", payload)
        if status != 200 or not parsed or not parsed.get("job_id"):
            raise SystemExit(f"setup submit failed: {status} {text[:500]}")
        return parsed["job_id"]

    def state(self, job_id):
        _, _, _, _, parsed = self.call("GET", f"/slurm/v0.0.36/job/{job_id}")
        try:
            return parsed["jobs"][0]["job_state"]
        except (TypeError, KeyError, IndexError):
            return None

    def wait_state(self, job_id, states, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            s = self.state(job_id)
            if s in states:
                return s
            time.sleep(0.5)
        raise SystemExit(f"job {job_id} did not reach {states} in {timeout}s "
                         f"(last {self.state(job_id)})")
