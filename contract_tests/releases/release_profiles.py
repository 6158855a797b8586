"""The release profiles the release-flow tests target, and ParallelCluster's version discovery."""

import re

from client import version_key


class Profile:
    """A release as a client sees it: the release its `meta` reports, the data_parser
    versions it serves (`-d` narrows them, as slurmrestd's option does)."""

    def __init__(self, release, versions, narrowed=False):
        self.release = release
        self.versions = tuple(versions)
        self.narrowed = narrowed

    def mock_args(self):
        args = ["--slurm-version", self.release]
        return args + (["-d", ",".join(self.versions)] if self.narrowed else [])


PROFILES = {
    "24.11": Profile("24.11", ("v0.0.40", "v0.0.41", "v0.0.42")),
    "26.05": Profile("26.05", ("v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45")),
    # What a Slurm 25.11 cluster serves: 26.05 without v0.0.45.
    "26.05-d42-44": Profile("26.05", ("v0.0.42", "v0.0.43", "v0.0.44"), narrowed=True),
}


def highest_listed(client):
    """ParallelCluster's discovery: the highest `/slurm/vX.Y.Z/` that `/openapi/v3` lists."""
    r = client.get("/openapi/v3")
    assert r.status == 200, r
    found = {m.group(1) for p in r.json()["paths"]
             for m in [re.match(r"/slurm/(v\d+\.\d+\.\d+)/", p)] if m}
    return max(found, key=version_key)
