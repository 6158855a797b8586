"""What differs between the API versions of one Slurm 22.05 slurmrestd, as the real daemon
answers (docs/oracle-notes/versions-22.05.md; recordings under
mock_slurmrestd/tests/data/oracle/22.05/<version>/). Tests ask here rather than naming a
version themselves; a version not listed behaves as the newest one listed."""

from client import version_key

OLDEST = "v0.0.36"

# meta.plugin.name (`vX/ping`): v0.0.36 says "REST", later versions "Slurm OpenAPI".
PLUGIN_NAMES = {"v0.0.36": "REST v0.0.36"}

# The API paths of each version's /openapi/v3 piece (section 1 of the notes).
COMMON_PATHS = ["diag", "ping", "jobs", "job/{job_id}", "job/submit", "nodes",
                "node/{node_name}", "partitions", "partition/{partition_name}"]
EXTRA_PATHS = {"v0.0.37": ["reservations", "reservation/{reservation_name}"],
               "v0.0.38": ["licenses", "reservations", "reservation/{reservation_name}"]}


def at_least(version, other):
    return version_key(version) >= version_key(other)


def plugin(version):
    return {"type": f"openapi/{version}",
            "name": PLUGIN_NAMES.get(version, f"Slurm OpenAPI {version}")}


def paths(version):
    extra = EXTRA_PATHS.get(version, EXTRA_PATHS["v0.0.38"] if at_least(version, "v0.0.38")
                            else [])
    return {f"/slurm/{version}/{p}" for p in COMMON_PATHS + extra}


def handler_errors(version):
    """v0.0.36 reports a job endpoint's own failures as `{"error", "error_code"}` with the
    handler's name in the text; v0.0.37 on as `{"description", "error_number", "error",
    "source"}` (notes section 5, shapes 3 and 4)."""
    return "v0.0.36" if version == OLDEST else "v0.0.37"


def user_name_shown(version):
    """`user_name` of a job: "" over v0.0.36, the user over v0.0.37/38 (notes section 4)."""
    return version != OLDEST


def omits_empty_job_resources(version):
    """v0.0.38 leaves `job_resources` out of a job with none; earlier versions send {}."""
    return at_least(version, "v0.0.38")


def update_time_honoured(version):
    """v0.0.37 on answer 304 to `?update_time=` later than the last change (notes section 6)."""
    return version != OLDEST
