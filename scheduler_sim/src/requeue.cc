// scontrol requeue: a running or finished batch job goes back to the queue (oracle: Slurm
// 26.05.5, mock_slurmrestd/tests/data/oracle/26.05/asked/routes/ cases 010-047 and
// asked/requeue/).
#include <vector>

#include "job_state_machine.h"
#include "sim_state.h"

namespace scheduler_sim {

namespace {

// Finished states the oracle requeued. NODE_FAIL was seen only on a job that may not be
// requeued (a requeueable batch job is requeued by the node failure itself), which is
// refused first; an allocation ending NODE_FAIL is refused here (not measured).
bool requeues_when_finished(JobState s) {
  return s == JobState::kCompleted || s == JobState::kFailed || s == JobState::kCancelled ||
         s == JobState::kTimeout;
}

// The jobs one requeue names: an array's own id names every task split off from it (the
// packed pending record among them), a heterogeneous leader every component.
std::vector<Job*> named_jobs(SimState& im, Job* j) {
  std::vector<Job*> out{j};
  const bool array = j->array_job_id == j->job_id;
  const bool leader = j->het_job_id == j->job_id;
  if (!array && !leader) return out;
  for (auto& [id, other] : im.jobs) {
    if (id == j->job_id) continue;
    if ((array && other->array_job_id == j->job_id) || (leader && other->het_job_id == j->job_id))
      out.push_back(other.get());
  }
  return out;
}

// Whether `j` can be requeued as asked: Ok, or the refusal; *skip when the job is passed over
// silently (Incomplete on a job not running; the oracle answers 200 and changes nothing).
Status check(const Job& j, const RequeueOptions& how, bool* skip) {
  *skip = how.incomplete && j.state != JobState::kRunning;
  if (*skip) return Status::Ok();
  if (!j.spec.requeue.value_or(true)) return error(Errno::kDisabled);
  if (j.state == JobState::kPending) return error(Errno::kJobPending);
  if (is_finished(j.state) && !requeues_when_finished(j.state)) return error(Errno::kAlreadyDone);
  return Status::Ok();
}

}  // namespace

// What a requeue leaves once the job has left its nodes: submit time now, eligible after the
// requeue delay. The real controller says BeginTime at once for a job taken off its nodes; a
// finished one keeps its reason (None, NonZeroExitCode, TimeLimit) until a later pass, which
// the simulator makes at once (docs/differences.md N9). Its exit code stays.
void SimState::settle_requeue(Job* j) {
  j->allocation.clear();
  j->nodes.clear();
  j->batch_host.clear();
  j->submit_time = now;
  j->begin_time = now + 121;
  j->eligible_time = j->accrue_time = j->start_time = j->begin_time;
  j->end_time = j->start_time + (j->time_limit ? *j->time_limit * 60 : kNoLimitRunSeconds);
  if (!j->held) j->state_reason = "BeginTime";
  push_event(j->begin_time, EventKind::kWake, j->job_id);
  note("job ", j->job_id, " left its nodes after its requeue");
}

// One job back to the queue. A running job's epilog runs first: PENDING+COMPLETING on its
// nodes, reason None (or the hold's), restart_cnt and priority already changed, submit and
// eligible time not yet (measured: under a second; SimOptions::completing_seconds here).
void SimState::requeue_job(Job* j, const RequeueOptions& how, const Identity& who) {
  const bool finished = is_finished(j->state);
  if (finished) {
    // finish() freed the CPUs already; its purge event is voided by return_to_queue's epoch.
    if (j->completing) end_completing(j);
    j->allocation.clear();
  }
  if (runner_jobs.erase(j->job_id) && runner) runner->on_kill(j->job_id);
  const bool epilog = !finished && options.completing_seconds > 0;
  const std::vector<NodeAllocation> left = j->allocation;
  const std::string nodes_left = j->nodes, host_left = j->batch_host;
  const SimTime submitted = j->submit_time, eligible = j->eligible_time, started = j->start_time;
  return_to_queue(j);
  j->configuring = false;
  j->state_reason = "None";
  if (how.hold) {
    unindex(*j);
    j->held = true;
    j->priority = 0;
    index(j);
    j->state_reason = is_admin(who) && who.uid != j->user.uid ? "JobHeldAdmin" : "JobHeldUser";
    j->state_description = "job requeued in held state";
    j->special_exit = how.special_exit;
  }
  if (!epilog) {
    settle_requeue(j);
    return;
  }
  // On its nodes until the epilog is done; the scheduling pass leaves it alone meanwhile
  // (begin_time keeps it from starting).
  j->allocation = left;
  j->nodes = nodes_left;
  j->batch_host = host_left;
  j->submit_time = submitted;
  j->eligible_time = eligible;
  j->start_time = started;
  j->begin_time = now + options.completing_seconds + 121;
  begin_completing(*j);
  for (const NodeAllocation& a : j->allocation) ++nodes[a.node_index].completing_jobs;
  push_event(now + options.completing_seconds, EventKind::kEpilogComplete, j->job_id);
}

Status Simulator::requeue(uint32_t job_id, const RequeueOptions& how, const Identity& who) {
  Impl& im = *impl_;
  auto it = im.jobs.find(job_id);
  if (it == im.jobs.end()) return error(Errno::kInvalidJobId);
  Job* j = it->second.get();
  if (!im.is_admin(who) && j->user.uid != who.uid) return error(Errno::kAccessDenied);
  if (j->het_job_id != 0 && j->het_job_offset != 0) return error(Errno::kNotHetJobLeader);
  std::vector<Job*> targets;
  for (Job* t : named_jobs(im, j)) {
    bool skip = false;
    const Status st = check(*t, how, &skip);
    // The named job's refusal is the answer; an array's other tasks still pending (or
    // otherwise refused) are passed over (measured: 200 with two tasks pending).
    if (!st.ok() && t == j) return st;
    if (st.ok() && !skip) targets.push_back(t);
  }
  for (Job* t : targets) {
    im.requeue_job(t, how, who);
    im.note("job ", t->job_id, " requeued", how.hold ? " held" : "");
  }
  if (!targets.empty()) im.schedule();
  return Status::Ok();
}

std::optional<uint32_t> Simulator::array_task_job(uint32_t array_job_id, uint32_t task_id) const {
  for (const auto& [id, j] : impl_->jobs)
    if (j->array_job_id == array_job_id && j->array_task_id && *j->array_task_id == task_id)
      return id;
  return std::nullopt;
}

}  // namespace scheduler_sim
