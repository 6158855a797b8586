"""Job description keys every 22.05 version reads beside the common ones: what a held job then
shows, over the version that took it (docs/oracle-notes/versions-22.05.md, "Job keys read by
every version")."""

import pytest

from helpers import assert_error, assert_ok, unknown_key_entry
import version_facts


def spelled(version, key):
    """v0.0.36 and v0.0.37 spell three keys with a blank or a typo; v0.0.38 with underscores."""
    if version == "v0.0.38":
        return key
    return {"time_minimum": "time minimum", "cpu_binding_hint": "cpu_binding hint",
            "mcs_label": "msc_label"}.get(key, key)


def two_nodes(client):
    """The first two nodes (`prefix-1`, `prefix-2` in every fixture) and how slurmctld prints
    them together, whichever order they are given in."""
    first, second = [n["name"] for n in
                     assert_ok(client.api("GET", "/nodes"), "nodes")["nodes"]][:2]
    prefix, a = first.rsplit("-", 1)
    assert second == f"{prefix}-{int(a) + 1}", (first, second)
    return first, second, f"{prefix}-[{a}-{int(a) + 1}]"


def test_shown_keys_reach_the_job(client, job_desc, jobs_to_cancel):
    v = client.api_version
    first, second, both = two_nodes(client)
    keys = {"time_minimum": "1:00:00", "profile": "energy,task",
            "temporary_disk_per_node": "10G", "mcs_label": 5, "no_requeue": False,
            "exclude_nodes": f"{second},{first}", "test_only": True, "umask": "022",
            "cpu_binding_hint": "compute_bound"}
    job = job_desc(name="ct-keys", hold=True)
    job.update({spelled(v, k): value for k, value in keys.items()})
    _, jid = client.submit(job, "#!/bin/bash\nsleep 1")
    jobs_to_cancel.append(jid)
    got = client.job(jid)
    assert got["time_minimum"] == 60
    assert got["profile"] == ["Energy", "Task"]
    assert got["minimum_tmp_disk_per_node"] == 10240
    assert got["mcs_label"] == "5"
    assert got["requeue"] is False
    assert got["excluded_nodes"] == both
    assert got["job_state"] == "PENDING"


def test_required_nodes_are_shown_and_counted(client, job_desc, jobs_to_cancel):
    first, second, both = two_nodes(client)
    _, jid = client.submit(job_desc(name="ct-nodelist", hold=True, nodelist=f"{second},{first}"),
                           "#!/bin/bash\nsleep 1")
    jobs_to_cancel.append(jid)
    got = client.job(jid)
    assert got["node_count"] == 2
    assert got["required_nodes"] == both


def test_refused_values(client, job_desc):
    v = client.api_version
    for key, value, own in (("umask", "x", "Invalid octal umask"),
                            ("temporary_disk_per_node", "x", "Invalid --tmp specification"),
                            ("time_minimum", "x", "Invalid time specification")):
        name = spelled(v, key)
        resp = client.api("POST", "/job/submit",
                          {"job": job_desc(**{name: value}), "script": "#!/bin/bash\ntrue"})
        body = assert_error(resp, 400, own, "error_code", -1)
        entry = unknown_key_entry(v, name)
        if v == version_facts.OLDEST:  # its errno may be stale (docs/differences.md row 16)
            assert body["errors"][1]["error"] == entry["error"], body["errors"]
        else:
            assert body["errors"][1] == entry, body["errors"]
    resp = client.api("POST", "/job/submit",
                      {"job": job_desc(exclude_nodes="no-such-node"), "script": "#!/bin/bash\ntrue"})
    assert_error(resp, 500, "Invalid node name specified", "error_code", 2018)


# priority on submit (v0.0.36 disables the key): a number (its fraction dropped) or a decimal
# text is taken; the first error entry of each refusal, measured on both versions.
PRIORITY_TAKEN = ["5", "+7", 2.5, 2147483648, 4294967293]
PRIORITY_REFUSED = [
    ("0", "Priority must be >0", -1), ("-1", "Priority must be >0", -1),
    ("00", "Priority must be >0", -1), (0.5, "Priority must be >0", -1),
    (-3, "Priority must be >0", -1), ("abc", "Invalid priority", -1),
    ("1.5", "Invalid priority", -1), (" 5", "Invalid priority", -1),
    ("5x", "Invalid priority", -1), ("", "Invalid priority", -1), (True, "Invalid priority", -1),
    (None, "Invalid priority", -1), (4294967294, "Priority too large", -1),
    ("99999999999", "Priority too large", -1), (1e12, "Priority too large", -1),
    ([1], "Unable to read string", 9202), ({}, "Unable to read string", 9202)]


@pytest.mark.api_versions("v0.0.37", "v0.0.38")
@pytest.mark.parametrize("value", PRIORITY_TAKEN)
def test_priority_taken(client, job_desc, jobs_to_cancel, value):
    r, jid = client.submit(job_desc(name="ct-priority", hold=True, priority=value), "#!/bin/bash")
    jobs_to_cancel.append(jid)
    assert r.status == 200, r
    assert r.json()["errors"] == [
        {"error_code": 2042, "error": "Job is in held state, pending scheduler release"}]


@pytest.mark.api_versions("v0.0.37", "v0.0.38")
@pytest.mark.parametrize("value,text,code", PRIORITY_REFUSED)
def test_priority_refused(client, job_desc, value, text, code):
    body = assert_error(client.api("POST", "/job/submit", {
        "job": job_desc(name="ct-priority", hold=True, priority=value), "script": "#!/bin/bash"}),
        400, text, "error_code", code)
    assert body["errors"][1:] == [unknown_key_entry(client.api_version, "priority"),
                                  {"error_code": 9001, "error": "Failure during parsing"}]
