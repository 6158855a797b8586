// Signals and cancels (scancel), and the end of jobs a JobRunner runs for real.
#include <sys/wait.h>

#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "sim_state.h"
#include "slurm_syntax.h"

namespace scheduler_sim {

Status Simulator::signal(uint32_t job_id, int sig, const Identity& who) {
  Impl& im = *impl_;
  auto it = im.jobs.find(job_id);
  if (it == im.jobs.end()) return error(Errno::kInvalidJobId);
  Job& j = *it->second;
  // slurmctld reads the id of a job array task's own record as an array id and finds no such
  // array: the oracle answers "Invalid job id specified" and the task keeps running.
  if (j.array_task_id && j.array_job_id != j.job_id) return error(Errno::kInvalidJobId);
  if (!im.is_admin(who) && j.user.uid != who.uid) return error(Errno::kAccessDenied);
  if (sig < 0 || sig > 64) {
    if (is_finished(j.state)) return Status::Ok();
    return error(Errno::kError);
  }
  // A job array's id signals every task of the array: its pending record first, then the rest.
  std::vector<Job*> targets = {&j};
  if (j.array_job_id == job_id)
    for (auto& [id, other] : im.jobs)
      if (id != job_id && other->array_job_id == job_id) targets.push_back(other.get());
  // A heterogeneous job's leader id signals every component (oracle: DELETE of a held one
  // cancels both components).
  if (j.het_job_id == job_id && j.het_job_offset == 0)
    for (auto& [id, other] : im.jobs)
      if (id != job_id && other->het_job_id == job_id) targets.push_back(other.get());
  // Signals bash ignores by default (0, CHLD, CONT, STOP family, URG, WINCH) leave it running.
  static const std::set<int> kHarmless = {0, 17, 18, 19, 20, 21, 22, 23, 28};
  bool any_live = false, any_signalled = false, any_finished = false;
  int pending_cancelled = 0, others_finished = 0;
  for (Job* t : targets) {
    if (is_finished(t->state)) continue;  // the oracle answers a late scancel quietly
    any_live = true;
    if (sig == kSigKill) {
      ++(t->state == JobState::kPending ? pending_cancelled : others_finished);
      // scancel delivers SIGTERM first, so a running batch shell dies with status 15; an
      // allocation has no shell (measured: exit status 0).
      const bool shell = t->state == JobState::kRunning && !is_allocation(t->spec);
      im.finish(t, JobState::kCancelled, "", shell ? kSigTerm : 0);
      im.arrays.erase(t->job_id);
      any_signalled = any_finished = true;
    } else if (t->state != JobState::kPending) {
      any_signalled = true;
      if (im.runner_jobs.count(t->job_id)) {  // a real process: it decides whether it dies
        im.runner->on_signal(t->job_id, sig);
        continue;
      }
      // No step of an allocation gets it (measured: SIGUSR1 leaves it RUNNING, exit 0).
      if (kHarmless.count(sig) || is_allocation(t->spec)) continue;
      im.finish(t, JobState::kFailed, "JobLaunchFailure", sig);
      ++im.stats.jobs_canceled;  // and, being a scancel, canceled too (oracle /diag)
      any_finished = true;
      ++others_finished;
    }
  }
  if (!any_live) return Status::Ok();
  if (!any_signalled) return error(Errno::kTransitionStateNoUpdate);  // only pending records
  if (any_finished && !(pending_cancelled == 1 && others_finished == 0 && targets.size() == 1 &&
                        im.pass_after_pending_cancel(j)))
    im.schedule();
  return Status::Ok();
}

Status Simulator::signal_batch_step(uint32_t job_id, int sig, const Identity& who) {
  Impl& im = *impl_;
  auto it = im.jobs.find(job_id);
  Job* j = it == im.jobs.end() ? nullptr : it->second.get();
  // Only a lone running batch job is modelled apart (arrays and heterogeneous leaders as
  // signal(): not measured with the flag); a runner's process decides on its own.
  const bool lone = j && !j->array_task_id && j->array_job_id != job_id && j->het_job_id == 0;
  if (!lone || j->state != JobState::kRunning || is_allocation(j->spec) ||
      im.runner_jobs.count(job_id) || sig <= 0 || sig > 64)
    return signal(job_id, sig, who);
  if (!im.is_admin(who) && j->user.uid != who.uid) return error(Errno::kAccessDenied);
  static const std::set<int> kHarmless = {17, 18, 19, 20, 21, 22, 23, 28};
  if (kHarmless.count(sig)) return Status::Ok();
  im.finish(j, JobState::kFailed, "RaisedSignal", sig);
  j->state_description = "RaisedSignal:" + std::to_string(sig) + "(" + strsignal(sig) + ")";
  im.schedule();
  return Status::Ok();
}

Status Simulator::signal_array_task(uint32_t array_job_id, uint32_t task_id, int sig,
                                    const Identity& who) {
  Impl& im = *impl_;
  auto meta_it = im.jobs.find(array_job_id);
  Job* meta = meta_it == im.jobs.end() ? nullptr : meta_it->second.get();
  if (!meta || meta->array_job_id != array_job_id) return error(Errno::kInvalidJobId);
  if (!im.is_admin(who) && meta->user.uid != who.uid) return error(Errno::kAccessDenied);
  auto packed = im.arrays.find(array_job_id);
  // The array's pending record still holds tasks: a signal other than the cancel cannot reach
  // them (oracle: 2020 even when the named task runs, and that task still gets the signal).
  const bool meta_pending = packed != im.arrays.end() && meta->state == JobState::kPending;
  Job* task = nullptr;
  for (auto& [id, j] : im.jobs)
    if (j->array_job_id == array_job_id && j->array_task_id && *j->array_task_id == task_id)
      task = j.get();
  if (task) {
    if (is_finished(task->state)) return Status::Ok();  // oracle: 200, as for a late scancel
    if (sig == kSigKill) {
      const bool was_pending = task->state == JobState::kPending;
      im.finish(task, JobState::kCancelled, "", was_pending ? 0 : kSigTerm);
      im.schedule();
      return Status::Ok();
    }
    static const std::set<int> kHarmless = {0, 17, 18, 19, 20, 21, 22, 23, 28};
    if (task->state != JobState::kPending) {
      if (im.runner_jobs.count(task->job_id)) {
        im.runner->on_signal(task->job_id, sig);
      } else if (!kHarmless.count(sig)) {
        im.finish(task, JobState::kFailed, "JobLaunchFailure", sig);
        ++im.stats.jobs_canceled;
        im.schedule();
      }
    } else {
      return error(Errno::kTransitionStateNoUpdate);
    }
    return meta_pending ? error(Errno::kTransitionStateNoUpdate) : Status::Ok();
  }
  // Not split out yet: the index is one of the pending record's (or none of the array's).
  if (!meta_pending || !packed->second.count(task_id)) return error(Errno::kInvalidJobId);
  if (sig != kSigKill) return error(Errno::kTransitionStateNoUpdate);
  std::set<uint32_t>& pend = packed->second;
  if (pend.size() > 1) {
    // The index leaves the record; the rest stay packed (oracle: "1-2,4-5%1" after 3).
    pend.erase(task_id);
    meta->array_task_string = format_array_indices(pend, meta->array_max_tasks);
    im.note("task ", task_id, " of array ", array_job_id, " cancelled while pending");
    return Status::Ok();
  }
  // The last pending index: the record itself is cancelled, keeping its reason (oracle:
  // CANCELLED, JobArrayTaskLimit or JobHeldUser, array_task_string "").
  im.arrays.erase(packed);
  meta->array_task_string.clear();
  im.finish(meta, JobState::kCancelled, "", 0);  // "": the reason stays
  return Status::Ok();
}

void Simulator::set_job_runner(JobRunner* runner) { impl_->runner = runner; }

Status Simulator::finish_job(uint32_t job_id, int wait_status) {
  Impl& im = *impl_;
  auto it = im.jobs.find(job_id);
  if (it == im.jobs.end() || !im.runner_jobs.count(job_id)) return Status::Ok();
  Job* job = it->second.get();
  im.runner_reporting = true;
  if (WIFSIGNALED(wait_status)) im.finish(job, JobState::kFailed, "JobLaunchFailure", wait_status);
  else if (WEXITSTATUS(wait_status) == 0) im.finish(job, JobState::kCompleted, "None", 0);
  else im.finish(job, JobState::kFailed, "NonZeroExitCode", WEXITSTATUS(wait_status) << 8);
  im.runner_reporting = false;
  im.runner_jobs.erase(job_id);
  im.schedule();
  return Status::Ok();
}

Status Simulator::fail_launch(uint32_t job_id, int slurm_error) {
  Impl& im = *impl_;
  auto it = im.jobs.find(job_id);
  if (it == im.jobs.end() || !im.runner_jobs.count(job_id)) return Status::Ok();
  im.runner_reporting = true;
  im.finish(it->second.get(), JobState::kFailed, "JobLaunchFailure", slurm_error);
  im.runner_reporting = false;
  im.runner_jobs.erase(job_id);
  im.schedule();
  return Status::Ok();
}

}  // namespace scheduler_sim
