// The job lifecycle: start, launch, requeue, end, and job array tasks split off to run.
// Every state change goes through the state machine (job_state_machine.h).
#include <algorithm>
#include <span>
#include <string>

#include "job_state_machine.h"
#include "scheduler_sim/hostlist.h"
#include "sim_state.h"
#include "slurm_syntax.h"

namespace scheduler_sim {

void SimState::start_job(Job* job, std::vector<NodeAllocation> alloc) {
  std::vector<std::string> names;
  names.reserve(alloc.size());
  int cpus = 0;
  for (NodeAllocation& a : alloc) {
    Node& n = nodes[a.node_index];
    const std::span<char> busy = busy_cpus(a.node_index);
    a.cpu_ids.clear();
    a.cpu_ids.reserve(static_cast<size_t>(std::max(0, a.cpus)));
    for (int c = 0;
         c < static_cast<int>(busy.size()) && static_cast<int>(a.cpu_ids.size()) < a.cpus; ++c)
      if (!busy[c]) busy[c] = 1, a.cpu_ids.push_back(c);
    set_alloc(a.node_index, n.alloc_cpus + a.cpus, n.alloc_memory + a.memory);
    count_user(a.node_index, job->user, shape(job->job_id).user_exclusive, 1);
    n.last_busy = now;
    refresh_base(&n);
    names.push_back(n.config.name);
    cpus += a.cpus;
  }
  unindex(*job);
  transition(*job, JobState::kRunning);
  job->state_reason = "None";
  job->was_running = true;
  job->allocation = std::move(alloc);
  job->cpus = cpus;
  job->node_count = static_cast<int>(job->allocation.size());
  // Without a task count, each allocated node runs one task (nodes "2-3" on 3 nodes: 3 tasks).
  const Shape& sh = shape(job->job_id);
  if (!sh.tasks_given) job->tasks = std::max(job->tasks, job->node_count);
  job->max_nodes = 0;  // slurmctld clears the requested maximum at allocation
  job->nodes = compress_hostlist(names);
  job->batch_host = names.front();
  job->start_time = now;
  if (job->eligible_time == 0) job->eligible_time = now;
  if (!deps.empty()) file_delay_wakes(job->job_id);
  account(*job);
  // accrue_time is set only for a job eligible at its submission (oracle: a released job
  // that then ran still shows 0).
  ++stats.jobs_started;
  // Powered-down nodes boot first: the job shows CONFIGURING until all of them are up.
  for (const NodeAllocation& a : job->allocation) {
    if (nodes[a.node_index].powered_down) begin_power_up(a.node_index);
    if (nodes[a.node_index].powering_up) job->configuring = true;
  }
  if (job->configuring) {
    job->end_time = now + (job->time_limit ? *job->time_limit * 60 : kNoLimitRunSeconds);
    note("job ", job->job_id, " CONFIGURING on ", job->nodes);
    return;
  }
  note("job ", job->job_id, " RUNNING on ", job->nodes);
  launch(job);
}

// The batch script starts: arms the job's end (or its time limit).
void SimState::launch(Job* job) {
  if (!job->user.known) return requeue_credential_failure(job);
  job->end_time = now + (job->time_limit ? *job->time_limit * 60 : kNoLimitRunSeconds);
  ++epoch(job->job_id);
  // An allocation has no batch step: nothing runs, nothing ends it but its time limit or a
  // cancel (measured on 24.11 and 26.05).
  if (is_allocation(job->spec)) {
    if (job->time_limit)
      push_event(now + *job->time_limit * 60, EventKind::kTimeLimit, job->job_id);
    return;
  }
  // A runner runs the script for real: only the time limit stays simulated.
  bool real = runner && job->spec.script.rfind("#!", 0) == 0;
  if (real) job->run_seconds = kRunnerRunSeconds;
  if (job->time_limit && job->run_seconds >= *job->time_limit * 60)
    push_event(now + *job->time_limit * 60, EventKind::kTimeLimit, job->job_id);
  else if (!real) push_event(now + job->run_seconds, EventKind::kJobEnd, job->job_id);
  if (job->spec.script.empty()) {
    requeue_launch_failure(job);
  } else if (job->spec.current_working_directory && job->spec.current_working_directory->empty()) {
    // No working directory: slurmd cannot set up the step's output (oracle: FAILED,
    // JobLaunchFailure, exit_code 4021 "Slurmd could not connect IO", right at the start).
    finish(job, JobState::kFailed, "JobLaunchFailure", kLaunchIoError);
    return;
  }
  if (real) {
    runner_jobs.insert(job->job_id);
    runner->on_start(*job);
  }
}

// slurmctld cannot create the job credential for a user its host does not know, so the
// start is undone and the job requeued, again at every later start. Oracle: PENDING,
// BeginTime, restart_cnt + 1, submit_time = the requeue, eligible and start time 120 s
// later, end_time that plus the limit; nothing runs.
void SimState::requeue_credential_failure(Job* job) {
  return_to_queue(job);
  job->begin_time = now + 120;
  job->eligible_time = job->accrue_time = job->start_time = job->begin_time;
  job->state_reason = "BeginTime";
  job->submit_time = now;
  job->end_time = job->start_time + (job->time_limit ? *job->time_limit * 60 : kNoLimitRunSeconds);
  push_event(job->begin_time, EventKind::kWake, job->job_id);
  note("job ", job->job_id, " credential failure, requeued");
}

// slurmd cannot launch an empty batch script; slurmctld then requeues the job held. Oracle:
// PENDING, JobHeldUser, "launch failed requeued held", restart_cnt 1, priority 0, eligible
// (and expected start) CredExpire (120 s) + 1 s later, no JOB_WAS_RUNNING flag.
void SimState::requeue_launch_failure(Job* job) {
  return_to_queue(job);
  unindex(*job);
  job->held = true;
  job->priority = 0;
  index(job);
  job->state_reason = "JobHeldUser";
  job->state_description = "launch failed requeued held";
  job->accrue_time = 0;  // a held job accrues no age
  job->end_time = 0;
  note("job ", job->job_id, " launch failed, requeued held");
}

// What every requeue shares: resources freed, pending events of the old run voided, back to
// PENDING with a restart, eligible again after slurmctld's 121 s requeue delay.
void SimState::return_to_queue(Job* job) {
  release_resources(job);
  ++epoch(job->job_id);
  job->allocation.clear();
  job->nodes.clear();
  job->batch_host.clear();
  transition(*job, JobState::kPending);
  job->was_running = false;
  ++job->restart_count;
  job->begin_time = now + 121;
  job->eligible_time = job->accrue_time = job->start_time = job->begin_time;
  index(job);
  account(*job);
}

void SimState::release_resources(Job* job) {
  for (const NodeAllocation& a : job->allocation) {
    Node& n = nodes[a.node_index];
    const std::span<char> busy = busy_cpus(a.node_index);
    for (int c : a.cpu_ids)
      if (c >= 0 && c < static_cast<int>(busy.size())) busy[c] = 0;
    set_alloc(a.node_index, std::max(0, n.alloc_cpus - a.cpus),
              std::max<int64_t>(0, n.alloc_memory - a.memory));
    count_user(a.node_index, job->user, shape(job->job_id).user_exclusive, -1);
    n.last_busy = now;
    refresh_base(&n);
    arm_idle_check(a.node_index);
  }
}

// Moves a job to a finished state; the table in job_state_machine.cc must allow it (a
// transition it does not list throws before anything changes).
void SimState::finish(Job* job, JobState to, const std::string& reason, int exit_status) {
  if (!transition_allowed(job->state, to)) transition(*job, to);  // throws: a simulator bug
  // Cancelled while a requeue's epilog runs: it leaves its old nodes now.
  if (job->completing && job->state == JobState::kPending) {
    end_completing(job);
    job->allocation.clear();
    job->nodes.clear();
    job->batch_host.clear();
  }
  if (runner_jobs.erase(job->job_id) && !runner_reporting && runner) runner->on_kill(job->job_id);
  bool was_running = job->state == JobState::kRunning;
  unindex(*job);
  singleton_valid = false;
  job->configuring = false;  // e.g. cancelled while its nodes boot
  if (was_running) release_resources(job);
  else job->start_time = now;  // the oracle stamps a never-started job's start_time too
  transition(*job, to);
  if (!reason.empty()) job->state_reason = reason;
  job->exit_status = exit_status;
  job->end_time = now;
  ++epoch(job->job_id);
  push_event(now + config.min_job_age, EventKind::kPurge, job->job_id);
  reservation_job_ended(*job);
  // A job that ran shows COMPLETING until its nodes' epilog is done; its CPUs are free already
  // (the oracle's nodes are idle with flag COMPLETING meanwhile).
  // Not on a node failure: slurmctld expects no epilog from a node that is down.
  if (was_running && options.completing_seconds > 0 && to != JobState::kNodeFail) {
    begin_completing(*job);
    for (const NodeAllocation& a : job->allocation) ++nodes[a.node_index].completing_jobs;
    push_event(now + options.completing_seconds, EventKind::kEpilogComplete, job->job_id);
  }
  // slurmctld counts every FAILED end as completed, not failed (oracle: non-zero exit,
  // launch failure, a fatal signal).
  // A heterogeneous job counts once, by its leader (oracle: two components, +1 completed).
  if (to == JobState::kCompleted || to == JobState::kFailed) {
    if (job->het_job_offset == 0) ++stats.jobs_completed;
  } else if (to == JobState::kCancelled) {
    ++stats.jobs_canceled;
  } else {
    ++stats.jobs_failed;
  }
  note("job ", job->job_id, " ", job_state_name(to));
  account(*job);
}

// The epilog is done on every node of the job: it leaves COMPLETING.
void SimState::end_completing(Job* job) {
  scheduler_sim::end_completing(*job);
  for (const NodeAllocation& a : job->allocation) {
    Node& n = nodes[a.node_index];
    n.completing_jobs = std::max(0, n.completing_jobs - 1);
  }
  note("job ", job->job_id, " completed its epilog");
}

// True when a job array's %N throttle keeps its pending record from starting another task.
bool SimState::array_throttled(const Job& meta) const {
  if (meta.array_max_tasks == 0 || meta.array_job_id != meta.job_id) return false;
  uint32_t running = 0;
  for (const auto& [id, j] : jobs)
    if (j->array_job_id == meta.array_job_id && j->state == JobState::kRunning) ++running;
  return running >= meta.array_max_tasks;
}

// The record that runs the next task of a pending array record (lowest index first). While
// more than one index is pending, the task is split off into a new record with the next job
// id; the last index runs in the meta record itself (job_id == array_job_id). As soon as a
// split leaves one index, the meta record already shows it as its array_task_id.
Job* SimState::take_array_task(Job* meta) {
  auto it = arrays.find(meta->job_id);
  if (it == arrays.end()) return meta;  // a plain job, or the meta record is already a task
  std::set<uint32_t>& pend = it->second;
  uint32_t index = *pend.begin();
  if (pend.size() == 1) {
    meta->array_task_id = index;
    meta->array_task_string.clear();
    arrays.erase(it);
    return meta;
  }
  pend.erase(pend.begin());
  singleton_valid = false;
  auto task = std::make_unique<Job>(*meta);
  task->job_id = next_job_id++;
  task->array_task_id = index;
  task->array_task_string.clear();
  Job* out = task.get();
  set_shape(out->job_id, shape(meta->job_id));
  add_job(std::move(task));  // a new id: its slot's epoch is 0
  ++stats.jobs_submitted;    // the oracle's /diag counts every record, split tasks too
  if (pend.size() == 1) {
    meta->array_task_id = *pend.begin();
    meta->array_task_string.clear();
  } else {
    meta->array_task_string = format_array_indices(pend, meta->array_max_tasks);
  }
  note("job ", out->job_id, " is task ", index, " of array ", meta->job_id);
  return out;
}

// A job whose node failed to resume goes back to the queue. Oracle: PENDING, BeginTime,
// restart_cnt + 1, submit_time = the requeue, eligible and start time 121 s later (end_time
// that plus the limit), no flags, priority kept.
void SimState::requeue_node_failure(Job* job) {
  return_to_queue(job);
  job->configuring = false;
  job->state_reason = "BeginTime";
  job->submit_time = now;
  job->end_time = job->start_time + (job->time_limit ? *job->time_limit * 60 : kNoLimitRunSeconds);
  push_event(job->begin_time, EventKind::kWake, job->job_id);
  note("job ", job->job_id, " requeued after node failure");
}

}  // namespace scheduler_sim
