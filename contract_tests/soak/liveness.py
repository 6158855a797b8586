"""The soak's liveness invariant: jobs start and finish at the rate their scripts and the
cluster allow, neither stalled in the queue nor running past their end."""

from support.states import TERMINAL

# States a job is in once it has been given its nodes.
STARTED = frozenset({"CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "COMPLETED", "FAILED",
                     "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "BOOT_FAIL"})


class Liveness:
    """Two checks, both on what the clients observe (the Tracker calls in under its lock):

    on time   no job is seen RUNNING at a simulated time later than its start_time plus the
              shorter of its script's duration and its time limit, plus `slack` seconds (the
              daemon's own timers: the real slurmctld checks time limits every ~30 s);
    progress  in every `window` wall seconds in which jobs were pending at its start and still
              are at its end, one was seen starting; in which jobs were pending or running,
              one was seen finishing."""

    def __init__(self, slack, window):
        self.slack = slack
        self.window = window
        self.started = 0
        self.finished = 0
        self.late = set()
        self.windows = 0
        self._win = None     # (start monotonic, started, finished, pending, running) at its start

    def observe(self, tracker, sub, rec, before, state, send):
        """One record of sub, in `state` (last seen `before`), in an answer sent at `send`."""
        if state in STARTED and before not in STARTED:
            self.started += 1
        if state in TERMINAL and before not in TERMINAL:
            self.finished += 1
        job_id = rec.get("job_id")
        start = rec.get("start_time") or 0
        if state != "RUNNING" or not start or sub.duration is None or job_id in self.late:
            return
        run_for = sub.duration
        limit = rec.get("time_limit")
        if isinstance(limit, int) and 0 < limit < 10**6:   # minutes; larger means unlimited
            run_for = min(run_for, limit * 60)
        now = tracker.sim_lo(send)
        if now > start + run_for + self.slack:
            self.late.add(job_id)
            tracker._violate("liveness", f"job {job_id} ({sub.kind}) RUNNING at sim>={now:.0f}, "
                             f"{now - start - run_for:.0f} s after its end (start {start}, "
                             f"{run_for} s)")

    def tick(self, tracker, mono):
        """Called often by the run loop (under the tracker's lock): closes a window when due."""
        if self._win is None or mono - self._win[0] >= self.window:
            states = [st for s in tracker.sub_list for st in s.members.values()]
            pending_now = states.count("PENDING")
            if self._win is not None:
                self._close(tracker, mono, pending_now)
            self._win = (mono, self.started, self.finished, pending_now,
                         sum(1 for st in states if st in STARTED and st not in TERMINAL))

    def _close(self, tracker, mono, pending_now):
        t0, started, finished, pending, running = self._win
        self.windows += 1
        # (jobs cancelled while pending need not start)
        if pending and pending_now and self.started == started:
            tracker._violate("liveness", f"no job started in {mono - t0:.0f} s though {pending} "
                             f"were pending")
        if (pending or running) and self.finished == finished:
            tracker._violate("liveness", f"no job finished in {mono - t0:.0f} s though {running} "
                             f"were running and {pending} pending")
