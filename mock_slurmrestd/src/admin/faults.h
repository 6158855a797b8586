// Injected faults (/mock/v1/faults): slurmctld unreachable, and extra latency on /slurm calls.
#pragma once

#include <atomic>
#include <cstdint>

#include "auth.h"

namespace mock_slurmrestd {

// How long the real slurmrestd (22.05.8) spends on one slurmctld call before giving up when the
// controller is down: measured 9.0 s per call (GET /job/{id} makes two calls: 18 s).
inline constexpr int64_t kControllerRetryMs = 9000;

// Read on every request without the simulator lock, hence atomics.
struct Faults {
  std::atomic<bool> controller_down{false};
  std::atomic<int64_t> latency_ms{0};                            // added to every /slurm response
  std::atomic<int64_t> controller_retry_ms{kControllerRetryMs};  // per failed slurmctld call

  void clear() {
    controller_down = false;
    latency_ms = 0;
    controller_retry_ms = kControllerRetryMs;
  }
};

// What each endpoint answers while slurmctld is unreachable is its API version's
// (ApiVersion::controller_down).

}  // namespace mock_slurmrestd
