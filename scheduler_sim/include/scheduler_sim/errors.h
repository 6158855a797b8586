// Slurm errno values and the Status type every fallible simulator call returns.
#pragma once

#include <string>
#include <utility>

namespace scheduler_sim {

// Slurm's own errno numbers (slurm_errno.h), as the real daemon reports them in "errno".
// Only values the simulator can produce are listed; verify new ones against the oracle.
enum class Errno : int {
  kSuccess = 0,
  kError = -1,                   // SLURM_ERROR (generic failure)
  kInvalidPartitionName = 2000,  // "Invalid partition name specified"
  kDefaultPartitionNotSet = 2001,
  kAccessDenied = 2002,  // "Access/permission denied"
  kRequestedNodesNotInPartition = 2004,
  kTooManyRequestedCpus = 2005,
  kInvalidNodeCount = 2006,  // "Node count specification invalid"
  kJobScriptMissing = 2009,
  kUserIdMissing = 2010,
  kRequestedNodeConfigUnavailable = 2014,
  kRequestedPartConfigUnavailable = 2015,
  kInvalidJobId = 2017,     // "Invalid job id specified"
  kInvalidNodeName = 2018,  // "Invalid node name specified"
  kWritingToFile = 2019,    // "I/O error writing script/environment to file"
  kTransitionStateNoUpdate = 2020,
  kAlreadyDone = 2021,  // "Job/step already completing or completed"
  kJobPending = 2024,
  kInvalidNodeState = 2028,
  kInvalidFeature = 2029,
  kActiveFeatureNotSubset = 2031,  // "Active features not subset of available features"
  kNotSupported = 2036,
  kDisabled = 2037,
  kDependency = 2038,
  kInvalidTimeLimit = 2051,
  kInvalidTaskMemory = 2044,
  kJobHeld = 2042,                // "Job is in held state, pending scheduler release"
  kInvalidArray = 2081,           // "Invalid job array specification"
  kControllerUnavailable = 1800,  // "Unable to contact slurm controller (connect failure)"
  // Values below were added after checking libslurm's slurm_strerror (22.05.8).
  kJobSizeMissing = 2008,
  kNodesBusy = 2016,
  kBadTaskCount = 2025,
  kTooManyTasks = 2041,  // "Requested more tasks than available processors"
  kInvalidAccount = 2045,
  kInvalidLicense = 2048,
  kReservationAccess = 2052,     // "Access denied to requested reservation"
  kInvalidReservation = 2053,    // "Requested reservation is invalid"
  kReservationBusy = 2055,       // "Requested reservation is in use"
  kReservationNotUsable = 2056,  // "Requested reservation not usable now"
  kInvalidTimeValue = 2054,      // "Invalid time specified"
  kInvalidQos = 2066,
  kRequiredNodeNotAvailable = 2068,  // "Required node not available (down, drained or reserved)"
  kInvalidCpuCount = 2069,
  kCircularDependency = 2071,
  kPartitionInUse = 2075,  // "Partition is in use" (26.05.5: deleting one with active jobs)
  kInvalidGres = 2072,
  kJobNotPending = 2073,  // "Job is no longer pending execution"
  kJobFinished = 2084,    // "Job has already finished"
  kJobNotRunning = 2085,
  kJobNotPendingNorRunning = 2086,
  kPartitionDown = 2101,
  kNotHetJobLeader = 2107,  // "Job not heterogeneous job leader"
  kInvalidNice = 2123,
  kInvalidTimeMin = 2124,  // time_minimum above the job's time limit
  kEnvironmentMissing = 2127,
  kInvalidPreferFeature = 2133,  // "Invalid preferred feature specification"
  // Node updates (Slurm 26.05's words for what 24.11 called kInvalidNodeState).
  kInvalidNodeStateTransition = 2180,  // "Invalid node state transition"
  kInvalidPowerAction = 2187,          // "Invalid power action"
  // Dynamic nodes (26.05.5).
  kNodeAlreadyExists = 2168,  // "Node already exists in the node table"
  kNodeTableFull = 2169,      // "Unable to add node, node table is full"
};

// A typed error: the Slurm errno plus the message the real daemon prints for it.
class Status {
 public:
  Status() = default;
  Status(Errno code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status Ok() { return Status(); }

  bool ok() const { return code_ == Errno::kSuccess; }
  Errno code() const { return code_; }
  int errno_value() const { return static_cast<int>(code_); }
  const std::string& message() const { return message_; }

 private:
  Errno code_ = Errno::kSuccess;
  std::string message_;
};

// Slurm's fixed text for an errno (slurm_strerror), e.g. 2017 -> "Invalid job id specified".
const char* slurm_strerror(Errno code);

// The Status for an errno with Slurm's text.
inline Status error(Errno e) { return Status(e, slurm_strerror(e)); }

}  // namespace scheduler_sim
