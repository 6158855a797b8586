"""Job-state sets of Slurm 22.05 as slurmrestd v0.0.36 shows them, shared by every suite."""

# States a job never leaves.
TERMINAL = frozenset({"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY",
                      "BOOT_FAIL", "DEADLINE", "PREEMPTED"})

# States in which a job holds its nodes' CPUs. Not COMPLETING: slurmctld gives the CPUs back when
# the job starts completing, and the real daemon was seen running a new job on them while the old
# one was still listed COMPLETING with its job_resources (3 CPUs "allocated" on a 2-CPU node).
HOLDING = frozenset({"RUNNING", "CONFIGURING", "SUSPENDED"})

# The direct state changes of a job (slurmctld's job state machine, as the mock and the real
# daemon show them; COMPLETING and CONFIGURING are the flags that job_state_string() prints
# instead of the base state). Requeue (RUNNING -> PENDING) is left out on purpose: no suite's
# workload requeues a job. Terminal states have no way out.
TRANSITIONS = {
    "PENDING": {"CONFIGURING", "RUNNING", "CANCELLED", "DEADLINE"},
    "CONFIGURING": {"RUNNING", "CANCELLED", "COMPLETING", "NODE_FAIL", "BOOT_FAIL", "FAILED"},
    "RUNNING": {"COMPLETING", "COMPLETED", "FAILED", "TIMEOUT", "CANCELLED", "NODE_FAIL",
                "SUSPENDED", "PREEMPTED", "OUT_OF_MEMORY", "DEADLINE"},
    "SUSPENDED": {"RUNNING", "CANCELLED", "COMPLETING"},
    "COMPLETING": {"COMPLETED", "FAILED", "TIMEOUT", "CANCELLED", "NODE_FAIL", "PREEMPTED",
                   "OUT_OF_MEMORY", "DEADLINE"},
}


def _closure(graph):
    reach = {}
    for start in list(graph) + sorted(TERMINAL):
        seen, todo = {start}, [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        reach[start] = seen
    return reach


# A poller can miss intermediate states, so what may be OBSERVED one after the other is the
# reflexive transitive closure of TRANSITIONS.
OBSERVABLE = _closure(TRANSITIONS)


def transition_ok(before, after):
    return after in OBSERVABLE.get(before, ())
