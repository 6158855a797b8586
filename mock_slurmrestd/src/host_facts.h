// Facts about the machine the mock runs on, which the real daemon's nodes report of theirs.
#pragma once

#include <cstdint>
#include <string>

namespace mock_slurmrestd {

// The same for every simulated node (they all live on this host). Defaults are plausible
// values; the server fills them from the host it runs on and its release.
struct HostFacts {
  std::string architecture = "x86_64";
  std::string operating_system = "Linux";  // uname: sysname release version
  int64_t cpu_load = 0;                    // load average x 100
  int64_t free_memory = 0;                 // MiB
  std::string slurm_version = "22.05.8";   // the release each slurmd reports
  // Microseconds for 1000 gettimeofday() calls, measured once at start-up as slurmctld does
  // (diag "gettimeofday_latency").
  int64_t gettimeofday_latency = 0;
};

// This machine's facts, read once per process (the release's number is the caller's to set).
const HostFacts& machine_facts();

}  // namespace mock_slurmrestd
