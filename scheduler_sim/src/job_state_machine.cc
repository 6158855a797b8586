// Job state names and the table of allowed transitions.
#include "job_state_machine.h"

#include <utility>

namespace scheduler_sim {
namespace {

// PENDING  -> RUNNING (scheduled) | CANCELLED (scancel before start)
// RUNNING  -> COMPLETED (exit 0) | FAILED (non-zero exit, killed by a non-KILL signal)
//           | TIMEOUT (time limit reached) | CANCELLED (scancel) | NODE_FAIL (node went down)
// Everything else is terminal in this simulator (no requeue, no suspend yet).
constexpr std::pair<JobState, JobState> kTransitions[] = {
    {JobState::kPending, JobState::kRunning},   {JobState::kPending, JobState::kCancelled},
    {JobState::kRunning, JobState::kCompleted}, {JobState::kRunning, JobState::kFailed},
    {JobState::kRunning, JobState::kTimeout},   {JobState::kRunning, JobState::kCancelled},
    {JobState::kRunning, JobState::kNodeFail},
};

}  // namespace

bool transition_allowed(JobState from, JobState to) {
  for (const auto& [a, b] : kTransitions)
    if (a == from && b == to) return true;
  return false;
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
