// The scheduling pass behind an interface: the simulator runs policy->pass() after every
// change; another policy (backfill with reservations, fair share) would plug in here.
#pragma once

#include <cstdint>
#include <memory>

#include "sim_state.h"

namespace scheduler_sim {

class SchedulingPolicy {
 public:
  virtual ~SchedulingPolicy() = default;
  // One pass over the pending jobs: sets their reasons and starts what may start.
  // `submitted`: the job a submit just added, which the policy may evaluate alone when nothing
  // else changed (0 from everywhere else).
  virtual void pass(SimState& sim, uint32_t submitted) = 0;
  // The pass after one pending job was cancelled, when the policy can have it without walking
  // the queue; false when a full pass is needed.
  virtual bool pass_after_pending_cancel(SimState& sim, const Job& gone) = 0;
};

// Slurm's priority/basic + sched/builtin as the oracle runs it: priority order (ties by job
// id), first fit, lower jobs may start in front of a blocked one when they fit.
std::unique_ptr<SchedulingPolicy> make_priority_first_fit();

}  // namespace scheduler_sim
