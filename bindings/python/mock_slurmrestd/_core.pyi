# Type stubs for mock_slurmrestd._core (the pybind11 module), for editors and type checkers.
import os
from typing import Iterable, List, Optional, Union

from .gateway import FaultRule, RequestRecord

Conf = Union[None, str, os.PathLike, "ClusterConfig"]

class SlurmError(RuntimeError):
    """A Slurm error from the simulator."""
    errno: int     # Slurm's errno, e.g. 2017 (invalid job id)
    message: str   # the daemon's text for it

class ConfigError(ValueError):
    """A bad slurm.conf; str() is 'FILE:LINE: reason'."""
    file: str
    line: int

def strerror(errno: int) -> str: ...
def load_slurm_conf(path: str) -> ClusterConfig: ...
def parse_slurm_conf(text: str, name: str = "slurm.conf") -> ClusterConfig: ...
def default_cluster() -> ClusterConfig: ...

class ClusterConfig:
    cluster_name: str
    slurm_user: str
    source_path: str
    min_job_age: int
    node_names: list[str]
    partition_names: list[str]

class JobSpec:
    """v0.0.36 job_properties; None = not given (Slurm's default applies)."""
    def __init__(self, **fields: object) -> None: ...
    script: str
    name: Optional[str]
    account: Optional[str]
    partition: Optional[str]
    qos: Optional[str]
    comment: Optional[str]
    reservation: Optional[str]
    wckey: Optional[str]
    current_working_directory: Optional[str]
    standard_input: Optional[str]
    standard_output: Optional[str]
    standard_error: Optional[str]
    array: Optional[str]         # "1-3", "0-9:2", "1-5%2"
    dependency: Optional[str]    # "afterok:12:13,singleton"
    constraints: Optional[str]   # node features
    licenses: Optional[str]
    gres: Optional[str]
    mail_type: Optional[str]
    mail_user: Optional[str]
    burst_buffer: Optional[str]
    container: Optional[str]
    prefer: Optional[str]
    nodes: Optional[str]         # node count range as given: "2", "1-3"
    required_nodes: Optional[str]  # hostlist: every one of these nodes
    excluded_nodes: Optional[str]  # hostlist: none of these nodes
    mcs_label: Optional[str]
    profile: Optional[str]       # "Energy,Task", "None"
    begin_time: Optional[str]
    deadline: Optional[str]
    argv: list[str]
    environment: dict[str, str]
    time_limit: Optional[int]   # minutes
    time_minimum: Optional[int]  # minutes
    tmp_disk_per_node: Optional[int]  # MiB
    tasks: Optional[int]
    cpus_per_task: Optional[int]
    tasks_per_node: Optional[int]
    minimum_nodes: Optional[int]
    minimum_cpus_per_node: Optional[int]
    minimum_cpus: Optional[int]
    maximum_nodes: Optional[int]
    memory_per_node: Optional[int]   # MiB
    memory_per_cpu: Optional[int]    # MiB
    nice: Optional[int]
    priority: Optional[int]
    sockets_per_node: Optional[int]
    cores_per_socket: Optional[int]
    threads_per_core: Optional[int]
    tasks_per_core: Optional[int]
    tasks_per_socket: Optional[int]
    core_specification: Optional[int]
    thread_specification: Optional[int]
    delay_boot: Optional[int]   # seconds
    shared: Optional[str]       # "user", "mcs" (v0.0.36's `exclusive` key)
    exclusive: Optional[bool]   # whole nodes
    hold: Optional[bool]
    requeue: Optional[bool]
    contiguous: Optional[bool]
    kill_on_invalid_dependency: Optional[bool]
    no_kill: Optional[bool]
    wait_all_nodes: Optional[bool]
    spread_job: Optional[bool]
    use_min_nodes: Optional[bool]
    gres_binding: Optional[str]
    cpu_frequency: Optional[str]
    gpu_binding: Optional[str]
    gpu_frequency: Optional[str]
    cluster_constraint: Optional[str]
    batch: Optional[bool]   # False: an allocation (no batch step), as POST /job/allocate makes

class Job:
    """A snapshot of one job (a copy: it does not change as the simulation moves)."""
    job_id: int
    spec: JobSpec
    name: str
    partition: str
    state: str          # "PENDING", "RUNNING", "COMPLETED", "FAILED", "TIMEOUT", "CANCELLED", ...
    state_reason: str
    user_name: str
    user_id: int
    held: bool
    configuring: bool
    restart_count: int
    array_job_id: int
    array_task_id: Optional[int]
    array_task_string: str
    submit_time: int
    start_time: int
    end_time: int
    time_limit: Optional[int]   # minutes; None = INFINITE
    cpus: int
    node_count: int
    nodes: str
    batch_host: str
    run_seconds: int
    exit_status: int   # raw wait(2) status
    exit_code: int     # exit_status >> 8
    derived_exit_code: int

class Node:
    name: str
    state: str   # the simulator's base state: "idle", "mixed", "allocated", "down", ...
    cpus: int
    alloc_cpus: int
    real_memory: int
    features: str
    drain: bool
    reason: str

class Partition:
    name: str
    nodes: str
    node_names: list[str]
    is_default: bool
    max_time: Optional[int]
    state: str

class JobRecord:
    """One job as the accounting database keeps it (a copy)."""
    job_id: int
    array_job_id: int
    array_task_id: Optional[int]
    het_job_id: int
    cluster: str
    name: str
    partition: str
    account: str
    qos: str
    wckey: str
    nodes: str
    user_name: str
    submit_time: int
    eligible_time: int
    start_time: int     # 0 until the job has run
    end_time: int       # 0 until the job has ended
    state: str
    state_reason: str
    exit_status: int    # raw wait(2) status
    exit_code: int      # exit_status >> 8
    node_count: int
    cpus: int
    memory: int         # MiB over all nodes
    time_limit: Optional[int]
    restart_count: int

class Account:
    name: str
    description: str
    organization: str

class AccountingUser:
    name: str
    default_account: str
    admin_level: str

class Association:
    id: int
    cluster: str
    account: str
    user: str
    partition: str
    parent_account: str

class HttpResult:
    status: int
    content_type: str
    body: bytes
    close_connection: bool

class _SimulatorOps:
    def submit(self, spec: JobSpec, user: str = "ec2-user") -> int: ...
    def submit_het(self, components: list[JobSpec], user: str = "ec2-user") -> int: ...
    def update(self, job_id: int, fields: JobSpec, user: str = "ec2-user") -> None: ...
    def signal(self, job_id: int, signal: int, user: str = "ec2-user") -> None: ...
    def cancel(self, job_id: int, user: str = "ec2-user") -> None: ...
    def job(self, job_id: int) -> Optional[Job]: ...
    def jobs(self) -> list[Job]: ...
    def nodes(self) -> list[Node]: ...
    def node(self, name: str) -> Optional[Node]: ...
    def partitions(self) -> list[Partition]: ...
    def partition(self, name: str) -> Optional[Partition]: ...
    def set_node_state(self, node: str, state: str, reason: str = "") -> None: ...
    def next_event_time(self) -> Optional[int]: ...
    def event_log(self) -> list[tuple[int, str]]: ...
    def now(self) -> int: ...
    def advance(self, seconds: int) -> None: ...
    def reset(self) -> None: ...
    def job_history(self, *, account: Optional[str] = None, user: Optional[str] = None,
                    partition: Optional[str] = None, job_name: Optional[str] = None,
                    state: Optional[str] = None, start: Optional[int] = None,
                    end: Optional[int] = None) -> list[JobRecord]: ...
    def accounts(self) -> list[Account]: ...
    def accounting_users(self) -> list[AccountingUser]: ...
    def associations(self) -> list[Association]: ...
    def add_account(self, name: str, description: str = "", organization: str = "") -> None: ...
    def add_user(self, name: str, account: str) -> None: ...
    def add_qos(self, name: str, description: str = "") -> None: ...

class Simulator(_SimulatorOps):
    def __init__(self, conf: Conf = None, start_time: int = 1700000000, seed: int = 1) -> None: ...
    def run_until(self, time: int) -> None: ...
    def step(self) -> bool: ...

class Server(_SimulatorOps):
    def __init__(self, conf: Conf = None, host: str = "127.0.0.1", port: int = 0,
                 clock: str = "manual", scale: float = 1.0, start_time: int = 0,
                 jwt_key: str = "", threads: int = 8, seed: int = 1,
                 exec: str = "simulated", slurm_version: str = "22.05",
                 api_versions: list[str] = ...,
                 data_parsers: list[str] = ...,
                 state_save_location: Union[None, str, os.PathLike] = None) -> None: ...
    def __enter__(self) -> Server: ...
    def __exit__(self, *exc: object) -> None: ...
    def start(self) -> int: ...
    def stop(self) -> None: ...
    running: bool
    url: str
    port: int
    api_versions: list[str]
    jwt_key: bytes
    clock_mode: str
    def mint_token(self, user: str = "ec2-user", lifespan: int = 3600) -> str: ...
    def set_clock(self, mode: str, scale: float = 1.0) -> None: ...
    def handle(self, method: str, target: str, headers: dict[str, str] = ...,
               body: bytes = b"") -> HttpResult: ...
    # The request journal and fault rules (mock_slurmrestd/gateway.py, added on import).
    requests: List[RequestRecord]
    def find_requests(self, method: Optional[str] = None, path_prefix: Optional[str] = None,
                      since: Optional[int] = None) -> List[RequestRecord]: ...
    def clear_requests(self) -> None: ...
    def assert_request(self, method: Optional[str] = None, path: Optional[str] = None,
                       **match: object) -> RequestRecord: ...
    def assert_no_request(self, method: Optional[str] = None, path: Optional[str] = None,
                          **match: object) -> None: ...
    def add_fault(self, *rules: Union[FaultRule, dict]) -> List[FaultRule]: ...
    def fault_rules(self) -> List[FaultRule]: ...
    def remove_fault(self, rule_id: int) -> None: ...
    def clear_faults(self) -> None: ...
