"""Which keys hold times, what each is measured from, and how far the two daemons may differ.

A time is compared as an offset from a reference instant of its own side: the job's own submit
or start, the instant of the request that submitted or cancelled the job, the instant of the
request itself, or the side's first request. Two times match when their absolute values are
equal (a time the client gave, such as begin_time 2030), or when the real offset minus the mock
offset lies in the field's tolerance [lo, hi] (seconds). Anything else is a value difference.
"""

# INFINITE minutes times 60 in 32 bits: what the daemon adds to a pending job's expected start.
INFINITE_SECONDS = 4294967236

# The real daemon starts a job after its scheduling latency (differences row 4: about 1-3 s,
# what only the backfill pass starts up to 30 s later); the mock at the submit instant.
START_LATENCY = (-1, 31)
# ... and a job's end reaches it after slurmd launched the script and reported its end (row 4:
# 0-1 s for a script that does not sleep, 4 s seen on a loaded machine); the mock ends it at
# the instant its script's run time is over.
END_LATENCY = (-2, 10)

# Job keys: (reference, (lo, hi)). "submit": the job's own submit_time; "start": its own
# start_time; "submitted": the instant the request that submitted it was sent; "end": for a job
# CANCELLED or FAILED after a DELETE (a cancel, or a signal it died of), that request's
# instant, else its own start.
JOB_TIMES = {
    "submit_time": ("submitted", (-2, 2)),
    "eligible_time": ("submit", (-1, 2)),
    "accrue_time": ("submit", START_LATENCY),
    "start_time": ("submit", START_LATENCY),
    "last_sched_evaluation": ("submit", START_LATENCY),
    "end_time": ("end", END_LATENCY),
    "preempt_time": ("submit", (-1, 1)),
    "suspend_time": ("submit", (-1, 1)),
    "resize_time": ("submit", (-1, 1)),
    "deadline": ("submit", (0, 0)),
}

# A job an earlier answer showed held, released by an update: its eligible_time counts from that
# update's instant ("released"), which the real daemon stamps at its next scheduling pass (like
# a start, seconds later) and the mock at once. Measured from the submission it would only
# show how long the run took to send the release.
RELEASED_JOB_TIMES = {
    "eligible_time": ("released", START_LATENCY),
}

# /diag statistics: "request": this request's instant; "run": the side's first request.
DIAG_TIMES = {
    "req_time": ("request", (-2, 2)),
    # when the controller (or the mock) started: before the run's first request
    "req_time_start": ("run", (-120, 5)),
    # the controller's 30-second job state snapshot: up to 30 s before the request on either
    "job_states_ts": ("request", (-31, 31)),
    "bf_when_last_cycle": ("request", (-2, 2)),
}

# Node keys that are facts of the host or of the run's pace, never compared: the machine's boot,
# slurmd's start, load, free memory, addresses; last_busy (v0.0.37+) is the end of the node's
# last job, which depends on how fast the run went (the recorded real run is slower).
NODE_HOST_KEYS = {"architecture", "operating_system", "cpu_load", "free_memory", "boot_time",
                  "slurmd_start_time", "address", "hostname", "port",
                  "burstbuffer_network_address", "reason_changed_at", "temporary_disk",
                  "last_busy", "free_mem", "tls_cert_last_renewal"}


class TimeVal:
    """A time normalised to its offset from its reference; carries the raw value and the rule."""

    def __init__(self, key, value, ref_name, ref, tol):
        self.key = key
        self.orig = value
        self.ref_name = ref_name
        self.tol = tol
        self.infinite = False
        off = None
        if ref is not None:
            off = value - ref
            if off > INFINITE_SECONDS // 2:  # a pending job's end_time: start + INFINITE
                off -= INFINITE_SECONDS
                self.infinite = True
        self.offset = off
        if off is None:
            self.label = f"<time {value}>"
        else:
            self.label = f"<{ref_name}{off:+.0f}s{' +INFINITE' if self.infinite else ''}>"

    def matches(self, mock):
        """True when this (real) time and the mock's agree within the field's tolerance."""
        if not isinstance(mock, TimeVal):
            return False
        if self.orig == mock.orig:
            return True
        if self.offset is None or mock.offset is None or self.infinite != mock.infinite:
            return False
        lo, hi = self.tol
        return lo <= self.offset - mock.offset <= hi

    def __repr__(self):
        return self.label
