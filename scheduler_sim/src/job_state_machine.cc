// Job state names and the table of allowed transitions.
#include "job_state_machine.h"

#include <stdexcept>
#include <string>

namespace scheduler_sim {
namespace {

// PENDING  -> RUNNING (scheduled) | CANCELLED (scancel before start, or a dependency that can
//             never be met with kill_on_invalid_dependency) | FAILED (a submission the node
//             selection test refuses leaves a record that ends at once, BadConstraints)
// RUNNING  -> COMPLETED (exit 0) | FAILED (non-zero exit, killed by a non-KILL signal, a batch
//             step that cannot be set up) | TIMEOUT (time limit reached) | CANCELLED (scancel)
//           | NODE_FAIL (node went down)
//           | PENDING (requeue: the credential cannot be made, the launch fails, the node does
//             not resume, scontrol requeue; CONFIGURING jobs are RUNNING here)
// COMPLETED, FAILED, CANCELLED, TIMEOUT -> PENDING (scontrol requeue of a finished batch job)
// Hold and release change a flag and the reason, not the state. Finished states are terminal
// but for a requeue (suspend, preemption, deadlines and out-of-memory are not modelled).
// COMPLETING is a flag over the finished state a job that ran reaches (slurmctld's
// JOB_COMPLETING): RUNNING -> CANCELLED+COMPLETING -> CANCELLED once the epilog is done,
// and RUNNING -> PENDING+COMPLETING -> PENDING for a requeue (scontrol requeue).
constexpr JobTransition kTransitions[] = {
    {JobState::kPending, JobState::kRunning},   {JobState::kPending, JobState::kCancelled},
    {JobState::kPending, JobState::kFailed},    {JobState::kRunning, JobState::kCompleted},
    {JobState::kRunning, JobState::kFailed},    {JobState::kRunning, JobState::kTimeout},
    {JobState::kRunning, JobState::kCancelled}, {JobState::kRunning, JobState::kNodeFail},
    {JobState::kRunning, JobState::kPending},   {JobState::kCompleted, JobState::kPending},
    {JobState::kFailed, JobState::kPending},    {JobState::kCancelled, JobState::kPending},
    {JobState::kTimeout, JobState::kPending},
};

TransitionObserver observer = nullptr;
void* observer_context = nullptr;

}  // namespace

std::span<const JobTransition> job_transitions() { return kTransitions; }

void set_transition_observer(TransitionObserver o, void* context) {
  observer = o;
  observer_context = context;
}

bool transition_allowed(JobState from, JobState to) {
  for (const auto& [a, b] : kTransitions)
    if (a == from && b == to) return true;
  return false;
}

void transition(Job& job, JobState to) {
  if (!transition_allowed(job.state, to))
    throw std::logic_error("job " + std::to_string(job.job_id) + ": no transition " +
                           job_state_name(job.state) + " -> " + job_state_name(to));
  const JobState from = job.state;
  job.state = to;
  if (observer) observer(job, from, observer_context);
}

void begin_completing(Job& job) {
  // PENDING: a requeued job whose epilog still runs on the nodes it left.
  if ((!is_finished(job.state) && job.state != JobState::kPending) || job.completing)
    throw std::logic_error("job " + std::to_string(job.job_id) + ": cannot start COMPLETING in " +
                           job_state_name(job.state));
  job.completing = true;
}

void end_completing(Job& job) {
  if (!job.completing)
    throw std::logic_error("job " + std::to_string(job.job_id) + ": not COMPLETING");
  job.completing = false;
}

const char* job_state_name(JobState s) {
  switch (s) {
    case JobState::kPending: return "PENDING";
    case JobState::kRunning: return "RUNNING";
    case JobState::kSuspended: return "SUSPENDED";
    case JobState::kCompleted: return "COMPLETED";
    case JobState::kCancelled: return "CANCELLED";
    case JobState::kFailed: return "FAILED";
    case JobState::kTimeout: return "TIMEOUT";
    case JobState::kNodeFail: return "NODE_FAIL";
    case JobState::kPreempted: return "PREEMPTED";
    case JobState::kBootFail: return "BOOT_FAIL";
    case JobState::kDeadline: return "DEADLINE";
    case JobState::kOutOfMemory: return "OUT_OF_MEMORY";
  }
  return "UNKNOWN";
}

bool is_finished(JobState s) {
  return s != JobState::kPending && s != JobState::kRunning && s != JobState::kSuspended;
}

}  // namespace scheduler_sim
