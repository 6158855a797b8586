// LocalRunner: `--exec local`, batch scripts run as real child processes on this host.
//
// Each started job's script is written to a spool file and executed (its `#!` line picks the
// interpreter) in its own process group, in the job's working directory, with the job's
// environment plus the SLURM_* variables slurmd sets, stdout/stderr going to the files
// standard_output/standard_error name (%j %x %u %A %a %N %% expanded; default slurm-%j.out,
// slurm-%A_%a.out for array tasks). A reaper thread reports each exit through `report`
// (which takes the simulator lock); signals go to the whole process group.
//
// With root rights the child becomes the job's user before it touches anything of the job
// (supplementary groups, gid, uid), so the working directory is entered and the output files
// are created with that user's rights and owned by them, as slurmstepd does. Without root
// rights every script runs as the server's own user.
//
// Every process group is killed and reaped when its job ends (cancel, time limit, node
// failure, reset) and when the runner stops; a watchdog process kills the registered groups
// should the server itself die without stopping the runner (SIGKILL, crash).
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

// slurmstepd's errors for a batch step that could not be set up (Slurm's errno values; the
// job ends FAILED, JobLaunchFailure, with the value as its exit code).
inline constexpr int kSlurmdSetUidOrGidError = 4016;  // "Slurmd could not set UID or GID"
inline constexpr int kSlurmdIoError = 4021;           // "Slurmd could not connect IO"

class LocalRunner : public scheduler_sim::JobRunner {
 public:
  // Called from the reaper thread, with no runner lock held, when a job's script ends
  // (wait_status, launch_error 0) or its step could not be set up (launch_error: one of the
  // kSlurmd* values above).
  using Report = std::function<void(uint32_t job_id, int wait_status, int launch_error)>;
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
  // True when scripts run as their job's user (the runner has root rights); false: as the
  // server's own user.
  bool runs_as_job_users() const { return as_root_; }
  // The watchdog process (tests kill the server's stand-in to see it act); 0 when none.
  pid_t watchdog_pid() const { return watchdog_pid_; }
  // Where scripts are spooled (a directory of this runner's own, removed when it stops).
  const std::string& spool_root() const { return spool_root_; }

 private:
  struct Child {
    pid_t pid = 0;                                  // also the process group id
    bool killed = false;                            // the simulator ended it: do not report
    std::chrono::steady_clock::time_point kill_at;  // SIGKILL after this, once killed
    std::string spool;                              // the script's spool directory
  };
  struct Failure {
    uint32_t job_id;
    int wait_status;
    int launch_error;
  };
  void reap_loop();
  void kill_child(Child* child);
  void start_watchdog();
  void tell_watchdog(int op, pid_t pgid);

  Report report_;
  std::string cluster_name_;
  std::chrono::milliseconds kill_wait_;
  std::string spool_root_;
  bool as_root_ = false;
  pid_t watchdog_pid_ = 0;
  int watchdog_fd_ = -1;  // write end of the watchdog's pipe (close-on-exec)
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::multimap<uint32_t, Child> children_;  // by job id (a killed job id can be reused)
  std::vector<Failure> failed_launches_;     // reported by the reaper
  bool stopping_ = false;
  std::thread reaper_;
};

}  // namespace mock_slurmrestd
