"""A client written like AWS ParallelCluster's current integration test, against Slurm 26.05:
read `/openapi/v3`, take the highest `/slurm/vX.Y.Z/` it lists, call its ping, expect
`pings[0].pinged == "UP"` and no errors or warnings. On the real 26.05 daemon the highest is
v0.0.45, whose ping has no `pinged` (`responding` and `status` instead), so the check fails;
narrowed to v0.0.42-v0.0.44 (`-d`, what a 25.11 cluster serves) it passes
(docs/differences.md, N7)."""

import pytest

from release_profiles import PROFILES, highest_listed

PING_KEYS = ["hostname", "pinged", "responding", "latency", "mode", "primary"]
PING_KEYS_45 = ["hostname", "responding", "latency", "primary", "status"]


def parallelcluster_check(client):
    """(version, passed, ping body) of ParallelCluster's check."""
    version = highest_listed(client)
    r = client.for_version(version).api("GET", "/ping")
    assert r.status == 200, r
    body = r.json()
    pings = body.get("pings") or [{}]
    passed = (pings[0].get("pinged") == "UP" and not body.get("errors")
              and not body.get("warnings"))
    return version, passed, body


@pytest.mark.parametrize("profile", ["26.05"])
def test_check_fails_on_26_05_whose_highest_is_v0_0_45(target):
    version, passed, body = parallelcluster_check(target.client("v0.0.42"))
    assert version == "v0.0.45"
    assert passed is False
    ping = body["pings"][0]
    assert list(ping) == PING_KEYS_45
    assert ping["responding"] is True and ping["status"] == "No error"
    assert body["errors"] == [] and body["warnings"] == []


@pytest.mark.parametrize("profile", ["26.05-d42-44"])
def test_check_passes_on_26_05_narrowed_to_v0_0_44(target):
    version, passed, body = parallelcluster_check(target.client("v0.0.42"))
    assert version == "v0.0.44"
    assert passed is True
    assert list(body["pings"][0]) == PING_KEYS
    assert body["meta"]["slurm"]["release"] == "26.05.5"


@pytest.mark.parametrize("profile,version", [
    (name, v) for name in ("26.05", "26.05-d42-44") for v in PROFILES[name].versions])
def test_each_version_ping(rclient, version):
    """The check's ping, over every version the profile serves: `pinged` up to v0.0.44."""
    r = rclient.api("GET", "/ping")
    assert r.status == 200, r
    body = r.json()
    ping = body["pings"][0]
    assert body["errors"] == [] and body["warnings"] == []
    assert body["meta"]["plugin"]["data_parser"] == "data_parser/" + version
    if version == "v0.0.45":
        assert list(ping) == PING_KEYS_45
    else:
        assert list(ping) == PING_KEYS and ping["pinged"] == "UP"
