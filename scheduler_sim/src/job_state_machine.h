// The job state machine: every transition between Slurm base job states the simulator makes,
// in one table, and the one function that changes a job's state.
#pragma once

#include <span>
#include <utility>

#include "scheduler_sim/job.h"

namespace scheduler_sim {

using JobTransition = std::pair<JobState, JobState>;

// Every transition the table lists, in table order.
std::span<const JobTransition> job_transitions();

// True when a job may move from `from` to `to`.
bool transition_allowed(JobState from, JobState to);

// Moves the job to `to`. A transition the table does not list is a simulator bug: it throws
// std::logic_error and leaves the job as it was.
void transition(Job& job, JobState to);

// COMPLETING, Slurm's flag over a finished state while the job's epilog runs: set when a job
// that ran ends (its state is then finished), cleared when the epilog is done. Anything else
// is a simulator bug (std::logic_error).
void begin_completing(Job& job);
void end_completing(Job& job);

// Test hook: called after every transition with the state left (nullptr: none). One for the
// process; tests set it around the simulator calls they watch.
using TransitionObserver = void (*)(const Job& job, JobState from, void* context);
void set_transition_observer(TransitionObserver observer, void* context);

}  // namespace scheduler_sim
