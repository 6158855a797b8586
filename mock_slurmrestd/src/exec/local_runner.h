// LocalRunner: `--exec local`, batch scripts run as real child processes on this host.
//
// Each started job's script is written to a spool file and executed (its `#!` line picks the
// interpreter) in its own process group, in the job's working directory, with the job's
// environment plus the SLURM_* variables slurmd sets, stdout/stderr going to the files
// standard_output/standard_error name (%j %x %u %A %a %N %% expanded; default slurm-%j.out,
// slurm-%A_%a.out for array tasks). A reaper thread reports each exit through `report`
// (which takes the simulator lock); signals go to the whole process group.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "scheduler_sim/simulator.h"

namespace mock_slurmrestd {

// A Slurm file name pattern (`%j`, `%x`, `%u`, `%A`, `%a`, `%N`, `%%`; a width between `%`
// and the letter zero-pads numbers, `%5j`) expanded for one job.
std::string expand_file_pattern(const std::string& pattern, const scheduler_sim::Job& job);

class LocalRunner : public scheduler_sim::JobRunner {
 public:
  // Called from the reaper thread, with no runner lock held, when a job's script ends.
  using Report = std::function<void(uint32_t job_id, int wait_status)>;
  // cluster_name feeds SLURM_CLUSTER_NAME; kill_wait is the grace between SIGTERM and SIGKILL
  // when the simulator ends a job (slurm.conf KillWait).
  LocalRunner(Report report, std::string cluster_name, std::chrono::milliseconds kill_wait);
  ~LocalRunner() override;

  void on_start(const scheduler_sim::Job& job) override;
  void on_signal(uint32_t job_id, int signal) override;
  void on_kill(uint32_t job_id) override;

  // Kills every process group (SIGTERM, then SIGKILL after kill_wait), reaps them and joins
  // the reaper. Later starts report a failed launch. Safe to call twice.
  void stop();
  // The process group of a running job's script (tests use it to check nothing is left).
  std::optional<pid_t> process_group(uint32_t job_id) const;

 private:
  struct Child {
    pid_t pid = 0;  // also the process group id
    bool killed = false;                         // the simulator ended it: do not report
    std::chrono::steady_clock::time_point kill_at;  // SIGKILL after this, once killed
    std::string spool;                           // the script's spool directory
  };
  void reap_loop();
  void kill_child(Child* child);

  Report report_;
  std::string cluster_name_;
  std::chrono::milliseconds kill_wait_;
  std::string spool_root_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::multimap<uint32_t, Child> children_;      // by job id (a killed job id can be reused)
  std::vector<std::pair<uint32_t, int>> failed_launches_;  // reported by the reaper
  bool stopping_ = false;
  std::thread reaper_;
};

}  // namespace mock_slurmrestd
