"""`get_user_environment` on submit, with and without `environment`, as the real 22.05 daemon
reads it (docs/oracle-notes/jobs-input.md, "get_user_environment"): sbatch's
--get-user-env[=N[S|L]] read like C's strtol into an int; a timeout >= 0 stands in for the
environment, a negative one does not."""

import pytest

from helpers import assert_envelope, assert_error, unknown_key_entry

SCRIPT = "#!/bin/bash\nsleep 30"
HELD = [{"error_code": 2042, "error": "Job is in held state, pending scheduler release"}]


def assert_held_submit(r):
    """The jobs are held (so they never run): a successful submit carries the 2042 note."""
    assert assert_envelope(r, 200)["errors"] == HELD
INVALID = "Invalid get user environment specification"

# Accepted with no environment (and with an empty one).
STANDS_IN = [1, 0, 10, 4294967296, None, "", "1", "0", "10", "10L", "10S", "10l", "10s", "L",
             "S", "l", "set", "SET", "Lxyz", "s1", "10Lx", "0L", "-0", "-0L", "+5", " 10",
             "\t5", "4294967296"]
# Valid values whose timeout is negative: the environment is still required.
NEGATIVE = [-1, -2, "-1", "-2", "-1L", 2147483648, 4294967294, 4294967295,
            "9999999999999999999999"]
REFUSED = [True, False, "true", "yes", "abc", 1.5, "1.5", 1000.0, "1e3", "0x10", "10X",
           "10 ", "  ", "x", "-", "+", "- 5", "abcL"]


def assert_process_failed(body, key, version):
    """errors[1:] are "process failed for key K" and "Failure during parsing". Over v0.0.36 the
    first one's code is the worker thread's errno (docs/differences.md row 16): -1, or left
    over from an earlier request on that thread (34, ERANGE, after a number too large; 5005
    after a refused token), so only its text and keys are fixed; v0.0.37 on name the key in a
    described entry (notes section 5)."""
    if version != "v0.0.36":
        assert body["errors"][1:] == [unknown_key_entry(version, key),
                                      {"error_code": 9001, "error": "Failure during parsing"}]
        return
    middle = body["errors"][1]
    assert list(middle) == ["error", "error_code"], middle
    assert middle["error"] == f"process failed for key {key} with error: Unspecified error"
    assert isinstance(middle["error_code"], int)
    assert body["errors"][2:] == [{"error_code": 9001, "error": "Failure during parsing"}]


def _desc(job_desc, environment, value):
    desc = job_desc(name="ct-user-env", hold=True)
    if environment == "absent":
        del desc["environment"]
    else:
        desc["environment"] = environment
    desc["get_user_environment"] = value
    return desc


@pytest.mark.parametrize("environment", ["absent", {}])
@pytest.mark.parametrize("value", STANDS_IN)
def test_user_environment_stands_in_for_environment(client, job_desc, jobs_to_cancel,
                                                    environment, value):
    r, jid = client.submit(_desc(job_desc, environment, value), SCRIPT)
    assert_held_submit(r)
    assert jid is not None
    jobs_to_cancel.append(jid)
    job = client.job(jid)
    assert job["job_state"] == "PENDING"
    assert job["state_reason"] == "JobHeldUser"


@pytest.mark.parametrize("value", NEGATIVE)
def test_negative_timeout_still_needs_environment(client, job_desc, value):
    body = assert_error(client.api("POST", "/job/submit",
                                   {"job": _desc(job_desc, "absent", value), "script": SCRIPT}),
                        400, "environment must be set", "error_code", 2127)
    assert body["errors"][1:] == [{"error_code": 9001, "error": "Failure during parsing"}]


def test_negative_timeout_with_environment_is_accepted(client, job_desc, jobs_to_cancel):
    desc = job_desc(name="ct-user-env", hold=True, get_user_environment=-1)
    r, jid = client.submit(desc, SCRIPT)
    assert_held_submit(r)
    jobs_to_cancel.append(jid)


@pytest.mark.parametrize("environment", ["absent", {}, {"PATH": "/bin"}])
@pytest.mark.parametrize("value", REFUSED)
def test_refused_values(client, job_desc, environment, value):
    body = assert_error(client.api("POST", "/job/submit",
                                   {"job": _desc(job_desc, environment, value), "script": SCRIPT}),
                        400, INVALID, "error_code", -1)
    assert_process_failed(body, "get_user_environment", client.api_version)


@pytest.mark.parametrize("environment", [[], None, ["PATH=/bin"]])
@pytest.mark.parametrize("value", [1, "10L", -1])
def test_environment_of_wrong_type_is_refused_first(client, job_desc, environment, value):
    body = assert_error(client.api("POST", "/job/submit",
                                   {"job": _desc(job_desc, environment, value), "script": SCRIPT}),
                        400, "environment must be a dictionary", "error_code", -1)
    assert_process_failed(body, "environment", client.api_version)
