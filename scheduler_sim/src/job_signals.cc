// Signals and cancels (scancel), and the end of jobs a JobRunner runs for real.
#include <sys/wait.h>

#include <set>
#include <vector>

#include "sim_state.h"

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
      // scancel delivers SIGTERM first, so a running batch shell dies with status 15.
      im.finish(t, JobState::kCancelled, "", t->state == JobState::kRunning ? kSigTerm : 0);
      im.arrays.erase(t->job_id);
      any_signalled = any_finished = true;
    } else if (t->state != JobState::kPending) {
      any_signalled = true;
      if (im.runner_jobs.count(t->job_id)) {  // a real process: it decides whether it dies
        im.runner->on_signal(t->job_id, sig);
        continue;
      }
      if (kHarmless.count(sig)) continue;
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
