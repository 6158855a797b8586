"""mock_slurmrestd: a Slurm REST daemon (openapi/v0.0.36) mock and its scheduler simulator.

    import mock_slurmrestd as ms

    with ms.Server(conf=None, clock="manual") as server:   # built-in cluster, free port
        headers = ms.auth_headers(server, "ec2-user")
        ...  # HTTP requests to server.url + ms.API + "/jobs"
        server.advance(3600)                               # one simulated hour passes

Errors from the simulator raise SlurmError (.errno is Slurm's errno); a bad slurm.conf raises
ConfigError ("FILE:LINE: reason"). The pytest plugin is mock_slurmrestd.pytest_plugin.
"""

from ._core import (
    ClusterConfig,
    ConfigError,
    HttpResult,
    Job,
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

__all__ = [
    "API", "ClusterConfig", "ConfigError", "HttpResult", "Job", "JobSpec", "Node", "Partition",
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
