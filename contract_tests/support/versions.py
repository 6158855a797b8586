"""Which API versions a contract run covers: the ones `--api-version` names, else every version
the target serves (the paths of its `GET /openapi/v3`), and whether the target is the mock."""

import json
import os
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from client import VERSION_PATTERN  # noqa: E402

ENV_VAR = "SLURM_API_VERSIONS"


class VersionError(ValueError):
    """A bad --api-version, or a target whose versions could not be read."""


def parse(options, env=None):
    """`--api-version` values (each a name or a comma list; `openapi/` prefix and a missing `v`
    allowed) in the order given, without repeats; the environment's when none."""
    raw = [x for opt in options for x in opt.split(",")]
    if not raw and env:
        raw = env.split(",")
    out = []
    for item in (x.strip() for x in raw):
        if not item:
            continue
        name = item[len("openapi/"):] if item.startswith("openapi/") else item
        name = name if name.startswith("v") else "v" + name
        if not VERSION_PATTERN.fullmatch(name):
            raise VersionError(f"--api-version {item!r}: expected a version like v0.0.38")
        if name not in out:
            out.append(name)
    return out


class Versions:
    """What the run covers. `selected`: the versions per-version tests run on, in order;
    `served`: what the target's /openapi/v3 lists, oldest first; `document`: the version its
    document is named after (the first plugin the daemon loaded); `mock`: the target answers
    the mock's `GET /mock/v1/health` (a real slurmrestd answers 404)."""

    def __init__(self, selected, served, document, mock):
        self.selected = selected
        self.served = served
        self.document = document
        self.mock = mock


def discover(client, asked):
    """Versions of `client`'s target (raises VersionError when it cannot be read or does not
    serve a version asked for)."""
    try:
        served, document = client.served_versions()
    except (OSError, RuntimeError, ValueError) as e:
        raise VersionError(f"cannot read the target's API versions from GET /openapi/v3: {e}")
    if not served:
        raise VersionError("the target's GET /openapi/v3 lists no /slurm/vX/ path")
    missing = [v for v in asked if v not in served]
    if missing:
        raise VersionError(f"the target does not serve {', '.join(missing)} (its /openapi/v3 "
                           f"lists {', '.join(served)})")
    return Versions(asked or served, served, document, is_mock(client))


def is_mock(client):
    try:
        r = client.with_auth(None, None).get("/mock/v1/health")
    except OSError:
        return False
    if r.status != 200 or r.content_type != "application/json":
        return False
    try:
        doc = json.loads(r.body)
    except ValueError:
        return False
    return isinstance(doc, dict) and doc.get("status") == "ok"
