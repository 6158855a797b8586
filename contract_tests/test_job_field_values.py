"""What the real 22.05 daemon makes of job description values (docs/oracle-notes/jobs-input.md,
"Values the job shows"): per key and value, the submit answer and the fields the held job then
shows over the same API version. Measured on openapi/v0.0.36, v0.0.37 and v0.0.38 alike unless a
test says otherwise."""

import pytest

from helpers import assert_envelope

pytestmark = pytest.mark.api_versions("v0.0.36", "v0.0.37", "v0.0.38")

SCRIPT = "#!/bin/bash\nsleep 30"
HELD = [{"error_code": 2042, "error": "Job is in held state, pending scheduler release"}]
FAILED_PARSING = {"error_code": 9001, "error": "Failure during parsing"}

# Slurm's encodings of --cpu-freq words (the job shows them as numbers).
LOW, MEDIUM, HIGH, HIGHM1 = 0x80000001, 0x80000002, 0x80000003, 0x80000004
PERFORMANCE, ONDEMAND, USERSPACE = 0x82000000, 0x84000000, 0x80800000


def shown(client, job_desc, jobs_to_cancel, **fields):
    """Submits a held job with `fields` and returns the job as a GET shows it."""
    r, jid = client.submit(job_desc(name="ct-values", hold=True, **fields), SCRIPT)
    assert assert_envelope(r, 200)["errors"] == HELD, r
    jobs_to_cancel.append(jid)
    return client.job(jid)


def refused(client, job_desc, status=400, **fields):
    """Submits `fields` expecting a refusal; returns the errors list."""
    r, jid = client.submit(job_desc(name="ct-values", hold=True, **fields), SCRIPT)
    assert jid is None, r
    return assert_envelope(r, status)["errors"]


# --- flags -------------------------------------------------------------------------------------

# spread_job and minimum_nodes set their flag whatever the value; kill_on_invalid_dependency
# sets one of two by its truth.
FLAG_CASES = [
    ({"spread_job": v}, ["SPREAD_JOB"]) for v in (False, True, 0, 1, None, [], "x")
] + [
    ({"minimum_nodes": v}, ["USE_MIN_NODES"]) for v in (False, True, 0, 1, None, [], "no")
] + [
    ({"kill_on_invalid_dependency": v}, ["KILL_INV_DEP"]) for v in (True, 1, "x")
] + [
    ({"kill_on_invalid_dependency": v}, ["NO_KILL_INV_DEP"]) for v in (False, 0, None, "no")
] + [
    ({"gres_flags": "enforce-binding"}, ["GRES_ENFORCE_BIND"]),
    ({"gres_flags": "ENFORCE-BINDING"}, ["GRES_ENFORCE_BIND"]),
    ({"gres_flags": "disable-binding"}, ["GRES_DISABLE_BIND"]),
    ({"minimum_nodes": True, "spread_job": False, "kill_on_invalid_dependency": True,
      "gres_flags": "enforce-binding"},
     ["KILL_INV_DEP", "GRES_ENFORCE_BIND", "SPREAD_JOB", "USE_MIN_NODES"]),
]


@pytest.mark.parametrize("fields,flags", FLAG_CASES)
def test_flags(client, job_desc, jobs_to_cancel, fields, flags):
    assert shown(client, job_desc, jobs_to_cancel, **fields)["flags"] == flags


def test_flags_in_slurm_order(client, job_desc, jobs_to_cancel):
    job = shown(client, job_desc, jobs_to_cancel, gres_flags="disable-binding",
                kill_on_invalid_dependency=False, minimum_nodes=False, spread_job=1,
                memory_per_node=100, cpus_per_task=2)
    # v0.0.38 prints JOB_CPUS_SET without the older versions' trailing space.
    cpus_set = "JOB_CPUS_SET" if client.api_version == "v0.0.38" else "JOB_CPUS_SET "
    assert job["flags"] == ["NO_KILL_INV_DEP", "SPREAD_JOB", "USE_MIN_NODES", cpus_set,
                            "GRES_DISABLE_BIND", "JOB_MEM_SET"]


@pytest.mark.parametrize("value", ["x", "", 5, None])
def test_gres_flags_refused(client, job_desc, value):
    errors = refused(client, job_desc, gres_flags=value)
    assert errors[0] == {"error": "Invalid GRES flags", "error_code": -1}
    assert errors[-1] == FAILED_PARSING


# --- requeue, exclusive --------------------------------------------------------------------------

@pytest.mark.parametrize("value", [False, 0, "false", "no", True, 1])
def test_requeue_stays_on(client, job_desc, jobs_to_cancel, value):
    assert shown(client, job_desc, jobs_to_cancel, requeue=value)["requeue"] is True


@pytest.mark.parametrize("value,shared", [("exclusive", "none"), ("EXCLUSIVE", "none"),
                                          ("oversubscribe", "shared"), ("user", "user"),
                                          ("mcs", "mcs")])
def test_exclusive(client, job_desc, jobs_to_cancel, value, shared):
    assert shown(client, job_desc, jobs_to_cancel, exclusive=value)["shared"] == shared


@pytest.mark.parametrize("value", ["", True, "topo"])
def test_exclusive_refused(client, job_desc, value):
    errors = refused(client, job_desc, exclusive=value)
    assert errors[0] == {"error": "Invalid exclusive specification", "error_code": -1}


# --- cpu_frequency ---------------------------------------------------------------------------

CPU_FREQ = [
    ("low", LOW, None), ("LOW", LOW, None), ("lowx", LOW, None), ("medium", MEDIUM, None),
    ("high", HIGH, None), ("highx", HIGH, None), ("highm1", HIGHM1, None),
    ("1000", 1000, None), (1000, 1000, None), ("+1000", 1000, None), (" 1000", 1000, None),
    ("1000abc", 1000, None), (1.5, 1, None), ("1e3", 1, None), ("4294967295", 4294967295, None),
    ("99999999999", 1215752191, None),
    ("performance", None, PERFORMANCE), ("Performance", None, PERFORMANCE),
    ("perf", None, PERFORMANCE), ("performancex", None, PERFORMANCE),
    ("userspace", None, USERSPACE), ("ondemand", None, ONDEMAND),
    ("1000-2000", 2000, None), ("1000-1000", 1000, None), ("low-high", HIGH, None),
    ("low-low", LOW, None), ("1000-high", HIGH, None), ("1000-2000abc", 2000, None),
    ("1000-2000-3000", 2000, None), (" 1000- 2000", 2000, None),
    ("1000-99999999999", 1215752191, None),
    ("1000-2000:performance", 2000, PERFORMANCE), ("1000-2000:PERFORMANCE", 2000, PERFORMANCE),
    ("1000-2000:perf", 2000, PERFORMANCE), ("1000-2000:performancex", 2000, PERFORMANCE),
    ("1000-2000:userspace", 2000, USERSPACE), ("medium-highm1:ondemand", HIGHM1, ONDEMAND),
    ("1000-2000:ondemand:x", 2000, ONDEMAND),
]


RANGE_MINIMUM = {"1000": 1000, "low": LOW, "medium": MEDIUM}


@pytest.mark.parametrize("value,maximum,governor", CPU_FREQ)
def test_cpu_frequency(client, job_desc, jobs_to_cancel, value, maximum, governor):
    job = shown(client, job_desc, jobs_to_cancel, cpu_frequency=value)
    assert (job["cpu_frequency_maximum"], job["cpu_frequency_governor"]) == (maximum, governor)
    if isinstance(value, str) and "-" in value.strip(" -"):
        # A range: its minimum under a misspelt key, and cpus_per_task no longer null.
        assert "cpu_frequency_minimum" not in job
        assert (job["cpu_frequency_minumum"], job["cpus_per_task"]) == \
            (RANGE_MINIMUM[value.split("-")[0].strip()], 1)
    else:
        assert "cpu_frequency_minumum" not in job
        assert (job["cpu_frequency_minimum"], job["cpus_per_task"]) == (None, None)


# Governors slurm.conf does not allow (its default allows OnDemand, Performance, UserSpace), a
# governor after one value or twice, falling ranges, zero, and no value at all.
@pytest.mark.parametrize("value", [
    "powersave", "conservative", "schedutil", "1000-2000:powersave", "1000:performance",
    "low:ondemand", "performance:1000", "performance-1000", "1000-2000:", "1000-2000:x",
    "2000-1000", "high-low", "low-2000:ondemand", "0", "0-1000", "-1", "-1000", "1000-",
    "4294967296", "0x10", "x", "", None, True])
def test_cpu_frequency_refused(client, job_desc, value):
    errors = refused(client, job_desc, cpu_frequency=value)
    assert errors[0] == {"error": "Unable to parse CPU frequency", "error_code": -1}
    assert errors[-1] == FAILED_PARSING


# --- GPU binding and frequency, cluster features, deadline ----------------------------------------

def test_gpu_binding_is_tres_bind(client, job_desc, jobs_to_cancel):
    assert shown(client, job_desc, jobs_to_cancel, gpu_binding="closest")["tres_bind"] == \
        "gpu:closest"


def test_gpu_frequency_is_tres_freq(client, job_desc, jobs_to_cancel):
    assert shown(client, job_desc, jobs_to_cancel, gpu_frequency="low")["tres_freq"] == "gpu:low"


def test_cluster_constraint_is_cluster_features(client, job_desc, jobs_to_cancel):
    job = shown(client, job_desc, jobs_to_cancel, cluster_constraint="c")
    assert job["cluster_features"] == "c"


@pytest.mark.parametrize("extra,time_minimum", [({}, 1), ({"time_limit": 10}, 0),
                                                ({"time_limit": "UNLIMITED"}, 0)])
@pytest.mark.parametrize("deadline", ["now+3600", "now+60", "2030-01-01T00:00:00"])
def test_deadline_gives_a_minimum_time(client, job_desc, jobs_to_cancel, deadline, extra,
                                       time_minimum):
    job = shown(client, job_desc, jobs_to_cancel, deadline=deadline, **extra)
    assert job["time_minimum"] == time_minimum


UPDATES = [({"gpu_binding": "closest"}, "tres_bind", "gpu:closest"),
           ({"gpu_frequency": "low"}, "tres_freq", "gpu:low"),
           ({"spread_job": True}, "flags", []), ({"minimum_nodes": True}, "flags", []),
           ({"kill_on_invalid_dependency": True}, "flags", []),
           ({"gres_flags": "enforce-binding"}, "flags", []),
           ({"cpu_frequency": "low"}, "cpu_frequency_maximum", None),
           ({"requeue": False}, "requeue", True)]


@pytest.mark.parametrize("body,field,value", UPDATES)
def test_update_of_a_pending_job(client, job_desc, jobs_to_cancel, body, field, value):
    """An update takes the GPU binding and frequency; the flag keys, cpu_frequency and requeue
    are accepted and change nothing."""
    r, jid = client.submit(job_desc(name="ct-values", hold=True), SCRIPT)
    assert assert_envelope(r, 200)["errors"] == HELD, r
    jobs_to_cancel.append(jid)
    assert client.api("POST", f"/job/{jid}", body).status == 200
    assert client.job(jid)[field] == value


# --- numbers -----------------------------------------------------------------------------------

# sockets_per_node, cores_per_socket, threads_per_core: kept in 16 bits; 65534 means unset.
GEOMETRY = [(-65537, 65535), (-2, None), (-1, 65535), ("-1", 65535), (0, 0), (2, 2),
            (65534, None), (65535, 65535), (65536, 0), (65537, 1), (-2147483647, 1)]
# tasks_per_core, tasks_per_socket: 65535 (unlimited) is unset too.
TASK_LIMITS = [(-65537, None), (-2, None), (-1, None), ("-1", None), (0, 0), (2, 2),
               (65534, None), (65535, None), (65536, 0), (65537, 1)]
# minimum_cpus_per_node: negative, 0 and unset leave the default 1.
MIN_CPUS = [(-65537, 1), (-2, 1), (-1, 1), ("-1", 1), (0, 1), (2, 2), (65534, 1),
            (65535, 65535), (65536, 1), (65537, 1)]
NUMBER_CASES = (
    [(k, v, s) for k in ("sockets_per_node", "cores_per_socket", "threads_per_core")
     for v, s in GEOMETRY]
    + [(k, v, s) for k in ("tasks_per_core", "tasks_per_socket") for v, s in TASK_LIMITS]
    + [("minimum_cpus_per_node", v, s) for v, s in MIN_CPUS]
    + [("tasks_per_node", v, s) for v, s in [(-1, 65535), (-2, 0), (2, 2), (65536, 0),
                                               (65537, 1)]]
    + [("nice", v, s) for v, s in [(0, None), ("0", None), ("00", None), ("+0", None),
                                   (10, 10), ("10", 10)]])


@pytest.mark.parametrize("key,value,expected", NUMBER_CASES)
def test_numbers(client, job_desc, jobs_to_cancel, key, value, expected):
    assert shown(client, job_desc, jobs_to_cancel, **{key: value})[key] == expected


@pytest.mark.parametrize("value", [-1, 2, 65535])
def test_tasks_per_node_alone_is_one_task(client, job_desc, jobs_to_cancel, value):
    assert shown(client, job_desc, jobs_to_cancel, tasks_per_node=value)["tasks"] == 1


INT_KEYS = ["sockets_per_node", "cores_per_socket", "threads_per_core", "tasks_per_core",
            "tasks_per_socket", "minimum_cpus_per_node", "tasks_per_node", "cpus_per_task"]


@pytest.mark.parametrize("value", [2147483647, 2147483648, 4294967295, 4294967296])
@pytest.mark.parametrize("key", INT_KEYS)
def test_integer_too_large(client, job_desc, key, value):
    errors = refused(client, job_desc, **{key: value})
    assert errors[0] == {"error": "Integer too large", "error_code": -1}
    assert errors[-1] == FAILED_PARSING


@pytest.mark.parametrize("value", [-2147483648, -2147483649])
@pytest.mark.parametrize("key", [k for k in INT_KEYS if k != "cpus_per_task"])
def test_integer_too_small(client, job_desc, key, value):
    errors = refused(client, job_desc, **{key: value})
    assert errors[0] == {"error": "Integer too small", "error_code": -1}


@pytest.mark.parametrize("value", [2147483645, 2147483648, -2147483645, -2147483649])
def test_nice_too_large(client, job_desc, value):
    assert refused(client, job_desc, nice=value)[0] == {"error": "Nice too large",
                                                        "error_code": -1}


def test_nice_large_is_kept(client, job_desc, jobs_to_cancel):
    assert shown(client, job_desc, jobs_to_cancel, nice=2147483644)["nice"] == 2147483644


def test_cpus_per_task_too_small_says_so(client, job_desc):
    errors = refused(client, job_desc, cpus_per_task=-2147483648)
    assert errors[0] == {"error": "cpus per task much be greater than 0", "error_code": -1}


# --- keys ---------------------------------------------------------------------------------------

DISABLED = ["reboot", "overcommit", "required_nodes", "excluded_nodes", "wrap", "x11", "threads", "user_id", "group_id", "job_id", "export", "prolog"]


@pytest.mark.parametrize("key", DISABLED)
def test_disabled_keys(client, job_desc, key):
    errors = refused(client, job_desc, **{key: "1"})
    if client.api_version == "v0.0.36":
        first = {"error": f'Disabled key: "{key}"', "error_code": -1}
    else:
        first = {"description": f'Disabled key: "{key}"', "error_number": 1,
                 "error": "Operation not permitted", "source": "openapi specification"}
    assert errors == [first, FAILED_PARSING]


@pytest.mark.api_versions("v0.0.36", "v0.0.37")
def test_oversubscribe_key_disabled(client, job_desc):
    errors = refused(client, job_desc, oversubscribe=True)
    assert errors[0]["error" if client.api_version == "v0.0.36" else "description"] == \
        'Disabled key: "oversubscribe"'


@pytest.mark.parametrize("key,field", [("cwd", "current_working_directory"),
                                       ("job_name", "name")])
def test_other_names(client, job_desc, jobs_to_cancel, key, field):
    desc = job_desc(name="ct-values", hold=True)
    del desc["current_working_directory"], desc["name"]
    desc[key] = "/tmp" if field == "current_working_directory" else "n1"
    r, jid = client.submit(desc, SCRIPT)
    assert assert_envelope(r, 200)["errors"] == HELD, r
    jobs_to_cancel.append(jid)
    assert client.job(jid)[field] == desc[key]


@pytest.mark.parametrize("key,value", [("ntasks_per_node", 2), ("ntasks_per_core", 2),
                                       ("ntasks_per_socket", 2)])
def test_ntasks_names(client, job_desc, jobs_to_cancel, key, value):
    field = key[1:]  # tasks_per_...
    assert shown(client, job_desc, jobs_to_cancel, **{key: value})[field] == value


@pytest.mark.api_versions("v0.0.37", "v0.0.38")
@pytest.mark.parametrize("value", [100, "100M"])
def test_memory_per_gpu_fails_silently(client, job_desc, value):
    assert refused(client, job_desc, memory_per_gpu=value) == [FAILED_PARSING]


@pytest.mark.api_versions("v0.0.37", "v0.0.38")
def test_memory_per_gpu_bad_value(client, job_desc):
    errors = refused(client, job_desc, memory_per_gpu="x")
    assert errors[0] == {"error": "Invalid --mem-per-gpu specification", "error_code": -1}


@pytest.mark.api_versions("v0.0.38")
@pytest.mark.parametrize("value", ["f", "f|g", "dynamic&f"])
def test_prefer_unknown_feature(client, job_desc, value):
    errors = refused(client, job_desc, status=500, prefer=value)
    assert errors == [{"error_code": 2133, "error": "Invalid preferred feature specification"}]


@pytest.mark.api_versions("v0.0.38")
@pytest.mark.parametrize("value", ["", "dynamic", "dynamic|t3micro"])
def test_prefer_known_feature(client, job_desc, jobs_to_cancel, value):
    assert shown(client, job_desc, jobs_to_cancel, prefer=value)["prefer"] == value
