// What each kind of event does when it is due: one handler per EventKind, in a table.
#include <algorithm>
#include <array>

#include "sim_state.h"

namespace scheduler_sim {
namespace {

// The job an event is for, unless it is gone or the event belongs to an earlier run.
Job* live_job(SimState& s, const Event& e) {
  Job* job = s.job_at(e.job_id);
  return job && s.epoch(e.job_id) == e.epoch ? job : nullptr;
}

// The node a node event is for, unless a later power transition made the event stale.
int live_node(const SimState& s, const Event& e) {
  const int i = static_cast<int>(e.job_id);
  if (i < 0 || i >= static_cast<int>(s.nodes.size()) || s.node_epochs[i] != e.epoch) return -1;
  return i;
}

void on_job_end(SimState& s, const Event& e) {
  Job* job = live_job(s, e);
  if (!job || s.runner_jobs.count(job->job_id)) return;  // a runner reports the real end
  if (job->script_exit_status == 0) s.finish(job, JobState::kCompleted, "None", 0);
  else s.finish(job, JobState::kFailed, "NonZeroExitCode", job->script_exit_status);
}

void on_time_limit(SimState& s, const Event& e) {
  // An allocation has no batch shell for SIGTERM to end: exit status 0 (measured, 24.11/26.05).
  if (Job* job = live_job(s, e))
    s.finish(job, JobState::kTimeout, "TimeLimit", is_allocation(job->spec) ? 0 : kSigTerm);
}

// MinJobAge after its end the controller forgets the job.
void on_purge(SimState& s, const Event& e) {
  Job* job = live_job(s, e);
  if (!job) return;
  if (job->completing) s.end_completing(job);  // MinJobAge shorter than the epilog
  s.account(*job);  // the controller forgets it; slurmdbd keeps its last state
  s.note("job ", job->job_id, " purged");
  s.deps.erase(e.job_id);
  s.delay_wakes.erase(e.job_id);
  s.arrays.erase(e.job_id);
  s.remove_job(e.job_id);
}

// Only the pass that follows every batch of events matters (a begin time has come), and
// reservations whose end has come go before it.
void on_wake(SimState& s, const Event&) { s.end_reservations(); }

void on_node_booted(SimState& s, const Event& e) {
  if (int i = live_node(s, e); i >= 0) s.node_booted(i);
}

void on_node_resume_timeout(SimState& s, const Event& e) {
  if (int i = live_node(s, e); i >= 0) s.resume_timed_out(i);
}

void on_node_idle_check(SimState& s, const Event& e) {
  if (int i = live_node(s, e); i >= 0) s.idle_check(i);
}

void on_node_powered_down(SimState& s, const Event& e) {
  if (int i = live_node(s, e); i >= 0) s.powered_down(i);
}

void on_epilog_complete(SimState& s, const Event& e) {
  Job* job = live_job(s, e);
  if (!job || !job->completing) return;
  s.end_completing(job);
  if (job->state == JobState::kPending) s.settle_requeue(job);  // a requeue's epilog
}

// Not tied to power transitions (no epoch): the node's own resume_after says whether this is
// still the time asked (a later update moves it, a return to service clears it).
void on_node_resume_after(SimState& s, const Event& e) {
  const size_t i = e.job_id;
  if (i < s.nodes.size() && s.nodes[i].resume_after != 0 && s.nodes[i].resume_after <= s.now)
    s.resume_after_due(static_cast<int>(i));
}

using Handler = void (*)(SimState&, const Event&);
// Indexed by EventKind, in its order.
constexpr std::array<Handler, kEventKinds> kHandlers = {
    on_job_end,         on_time_limit,          on_purge,           on_wake,
    on_node_booted,     on_node_resume_timeout, on_node_idle_check, on_node_powered_down,
    on_epilog_complete, on_node_resume_after,
};
static_assert(static_cast<size_t>(EventKind::kNodeResumeAfter) + 1 == kEventKinds);

}  // namespace

bool SimState::process_next(std::optional<SimTime> limit) {
  if (events.empty()) return false;
  const auto due = events.begin();
  const SimTime t = due->first;
  if (limit && t > *limit) return false;
  now = std::max(now, t);
  // A handler may add events at this same time: they join this list and run after the rest.
  for (size_t k = 0; k < due->second.size(); ++k) {
    const Event e = due->second[k];
    kHandlers[static_cast<size_t>(e.kind)](*this, e);
  }
  retire_earliest();
  schedule();
  return true;
}

}  // namespace scheduler_sim
