// POST /job/allocate's wait for its job to start (slurm_allocate_resources_blocking()).
#pragma once

#include <cstdint>

#include "app.h"

namespace mock_slurmrestd {

enum class AllocationEnd {
  kStarted,  // the job started (maybe ended since): answer its id
  kEnded,    // ended or gone without starting (cancelled, a reset): 2021
  kStopped,  // the server stops
};

// Waits, the simulator unlocked meanwhile (App::Locked::wait), until job `job_id` started or
// ended. A held, updated or blocked job keeps the request waiting, as on the daemon; there is
// no time limit (docs/oracle-notes/releases-24.11-26.05.md, "Allocations that wait").
AllocationEnd wait_for_start(App::Locked& locked, uint32_t job_id);

}  // namespace mock_slurmrestd
