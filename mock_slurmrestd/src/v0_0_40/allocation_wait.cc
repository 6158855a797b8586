// POST /job/allocate's wait: the job's state after each change of the simulator.
#include "v0_0_40/allocation_wait.h"

#include "scheduler_sim/job.h"

namespace mock_slurmrestd {

AllocationEnd wait_for_start(App::Locked& locked, uint32_t job_id) {
  for (;;) {
    const scheduler_sim::Job* job = locked->find_job(job_id);
    if (job == nullptr) return AllocationEnd::kEnded;
    // Started, even if it ended before this waiter looked: the daemon's answer came at the
    // start.
    if (job->was_running || job->state == scheduler_sim::JobState::kRunning ||
        job->state == scheduler_sim::JobState::kSuspended)
      return AllocationEnd::kStarted;
    if (job->state != scheduler_sim::JobState::kPending) return AllocationEnd::kEnded;
    if (!locked.wait()) return AllocationEnd::kStopped;
  }
}

}  // namespace mock_slurmrestd
