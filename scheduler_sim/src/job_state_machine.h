// The job state machine: every allowed transition between Slurm base job states, in one table.
#pragma once

#include "scheduler_sim/job.h"

namespace scheduler_sim {

// True when a job may move from `from` to `to`. Finished states are terminal.
bool transition_allowed(JobState from, JobState to);

}  // namespace scheduler_sim
