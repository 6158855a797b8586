"""mock_slurmrestd: a Slurm REST daemon (openapi/v0.0.36) mock and its scheduler simulator.

    import mock_slurmrestd as ms

    with ms.Server(conf=None, clock="manual") as server:   # built-in cluster, free port
        headers = ms.auth_headers(server, "ec2-user")
        ...  # HTTP requests to server.url + ms.API + "/jobs"
        server.advance(3600)                               # one simulated hour passes

Errors from the simulator raise SlurmError (.errno is Slurm's errno); a bad slurm.conf raises
ConfigError ("FILE:LINE: reason"). The pytest plugin is mock_slurmrestd.pytest_plugin.
"""

import glob as _glob
import os as _os
import sys as _sys


def _abi_mismatch():
    """An ImportError naming the CPython the extension was built for and this one."""
    here = _os.path.dirname(_os.path.abspath(__file__))
    built = sorted(_os.path.basename(p) for p in _glob.glob(_os.path.join(here, "_core.*.so")))
    running = f"CPython {_sys.version_info.major}.{_sys.version_info.minor}"
    if not built:
        return ImportError(f"mock_slurmrestd: the compiled module _core is missing from {here} "
                           "(build the mock_slurmrestd_py target)")
    versions = []
    for name in built:
        tag = name.split(".")[1]  # cpython-311-x86_64-linux-gnu
        parts = tag.split("-")
        if len(parts) > 1 and parts[0] == "cpython" and parts[1].isdigit():
            versions.append(f"CPython {parts[1][0]}.{parts[1][1:]}")
        else:
            versions.append(tag)
    return ImportError(
        f"mock_slurmrestd was built for {', '.join(versions)} ({', '.join(built)}), but this is "
        f"{running} ({_sys.executable}); build it for this interpreter: "
        f"cmake -S . -B build -DPython_EXECUTABLE={_sys.executable}")


import importlib.util as _importlib_util  # noqa: E402

# Without a compiled module for this interpreter, say which one it was built for (Python's
# own error would only be "cannot import name '_core'").
if _importlib_util.find_spec(__name__ + "._core") is None:
    raise _abi_mismatch()

from . import gateway as _gateway  # noqa: E402
from ._core import (  # noqa: E402
    Account,
    AccountingUser,
    Association,
    ClusterConfig,
    ConfigError,
    HttpResult,
    Job,
    JobRecord,
    JobSpec,
    Node,
    Partition,
    Server,
    Simulator,
    SlurmError,
    default_cluster,
    load_slurm_conf,
    parse_slurm_conf,
    strerror,
)

from .gateway import (  # noqa: E402
    Admin,
    AdminError,
    FaultRule,
    RequestRecord,
    assert_no_request,
    assert_request,
    find_requests,
)

# The journal and fault-rule calls (gateway.py) on Server, through the in-process request path.
_gateway.install(Server)

__all__ = [
    "Admin", "AdminError", "FaultRule", "RequestRecord", "assert_no_request", "assert_request",
    "find_requests", "API", "Account", "AccountingUser", "Association", "ClusterConfig", "ConfigError", "HttpResult", "Job", "JobRecord", "JobSpec", "Node", "Partition",
    "Server", "Simulator", "SlurmError", "auth_headers", "default_cluster", "load_slurm_conf",
    "parse_slurm_conf", "strerror",
]

# The path prefix of every Slurm endpoint the mock serves.
API = "/slurm/v0.0.36"


def auth_headers(server, user="ec2-user", lifespan=3600):
    """The two headers slurmrestd's JWT auth wants, with a fresh token for `user`."""
    return {
        "X-SLURM-USER-NAME": user,
        "X-SLURM-USER-TOKEN": server.mint_token(user, lifespan),
    }
