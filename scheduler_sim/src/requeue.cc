// scontrol requeue: a running or finished batch job goes back to the queue (oracle: Slurm
// 26.05.5, mock_slurmrestd/tests/data/oracle/26.05/asked/routes/, cases 010-047).
#include "sim_state.h"

namespace scheduler_sim {

namespace {

// Finished states the oracle requeued; TIMEOUT and NODE_FAIL were not asked.
bool requeues_when_finished(JobState s) {
  return s == JobState::kCompleted || s == JobState::kFailed || s == JobState::kCancelled;
}

}  // namespace

Status Simulator::requeue(uint32_t job_id, const RequeueOptions& how, const Identity& who) {
  Impl& im = *impl_;
  auto it = im.jobs.find(job_id);
  if (it == im.jobs.end()) return error(Errno::kInvalidJobId);
  Job* j = it->second.get();
  if (!im.is_admin(who) && j->user.uid != who.uid) return error(Errno::kAccessDenied);
  if (j->state == JobState::kPending) return error(Errno::kJobPending);
  const bool finished = is_finished(j->state);
  if (finished && !requeues_when_finished(j->state)) return error(Errno::kAlreadyDone);
  if (finished) {
    // finish() freed the CPUs already; its purge event is voided by return_to_queue's epoch.
    if (j->completing) im.end_completing(j);
    j->allocation.clear();
  }
  if (im.runner_jobs.erase(job_id) && im.runner) im.runner->on_kill(job_id);
  im.return_to_queue(j);
  j->configuring = false;
  j->submit_time = im.now;
  // It waits out the requeue delay. The real controller says so at once for a job taken off
  // its nodes; a finished one keeps its reason (None, NonZeroExitCode) until a later pass,
  // which the simulator makes at once (docs/differences.md N9). Its exit code stays.
  j->state_reason = "BeginTime";
  j->end_time = j->start_time + (j->time_limit ? *j->time_limit * 60 : kNoLimitRunSeconds);
  if (how.hold) {
    im.unindex(*j);
    j->held = true;
    j->priority = 0;
    im.index(j);
    j->state_reason = im.is_admin(who) && who.uid != j->user.uid ? "JobHeldAdmin" : "JobHeldUser";
    j->state_description = "job requeued in held state";
  }
  im.push_event(j->begin_time, EventKind::kWake, job_id);
  im.note("job ", job_id, " requeued", how.hold ? " held" : "");
  im.schedule();
  return Status::Ok();
}

}  // namespace scheduler_sim
