// Slurm's fixed error texts, as libslurm 22.05.8 prints them for each errno we model.
#include "scheduler_sim/errors.h"

namespace scheduler_sim {

const char* slurm_strerror(Errno code) {
  switch (code) {
    case Errno::kSuccess: return "No error";
    case Errno::kError: return "Unspecified error";
    case Errno::kInvalidPartitionName: return "Invalid partition name specified";
    case Errno::kPartitionInUse: return "Partition is in use";
    case Errno::kNodeAlreadyExists: return "Node already exists in the node table";
    case Errno::kNodeTableFull: return "Unable to add node, node table is full";
    case Errno::kDefaultPartitionNotSet:
      return "No partition specified or system default partition";
    case Errno::kAccessDenied: return "Access/permission denied";
    case Errno::kRequestedNodesNotInPartition: return "Requested nodes not in this partition";
    case Errno::kTooManyRequestedCpus: return "More processors requested than permitted";
    case Errno::kInvalidNodeCount: return "Node count specification invalid";
    case Errno::kJobSizeMissing: return "Job size specification needs to be provided";
    case Errno::kJobScriptMissing: return "Job script not specified";
    case Errno::kInvalidReservation: return "Requested reservation is invalid";
    case Errno::kReservationAccess: return "Access denied to requested reservation";
    case Errno::kReservationBusy: return "Requested reservation is in use";
    case Errno::kReservationNotUsable: return "Requested reservation not usable now";
    case Errno::kUserIdMissing: return "Invalid user id";
    case Errno::kRequestedNodeConfigUnavailable:
      return "Requested node configuration is not available";
    case Errno::kRequestedPartConfigUnavailable:
      return "Requested partition configuration not available now";
    case Errno::kNodesBusy: return "Requested nodes are busy";
    case Errno::kInvalidJobId: return "Invalid job id specified";
    case Errno::kInvalidNodeName: return "Invalid node name specified";
    case Errno::kWritingToFile: return "I/O error writing script/environment to file";
    case Errno::kTransitionStateNoUpdate: return "Job can not be altered now, try again later";
    case Errno::kAlreadyDone: return "Job/step already completing or completed";
    case Errno::kJobPending: return "Job is pending execution";
    case Errno::kBadTaskCount: return "Task count specification invalid";
    case Errno::kInvalidNodeState: return "Invalid node state specified";
    case Errno::kInvalidFeature: return "Invalid feature specification";
    case Errno::kActiveFeatureNotSubset: return "Active features not subset of available features";
    case Errno::kInvalidNodeStateTransition: return "Invalid node state transition";
    case Errno::kInvalidPowerAction: return "Invalid power action";
    case Errno::kInvalidPreferFeature: return "Invalid preferred feature specification";
    case Errno::kNotSupported: return "Requested operation not supported on this system";
    case Errno::kDisabled: return "Requested operation is presently disabled";
    case Errno::kNotHetJobLeader: return "Job not heterogeneous job leader";
    case Errno::kDependency: return "Job dependency problem";
    case Errno::kTooManyTasks: return "Requested more tasks than available processors";
    case Errno::kJobHeld: return "Job is in held state, pending scheduler release";
    case Errno::kInvalidTaskMemory: return "Memory required by task is not available";
    case Errno::kInvalidAccount:
      return "Invalid account or account/partition combination specified";
    case Errno::kInvalidLicense: return "Invalid license specification";
    case Errno::kInvalidTimeLimit:
      return "Requested time limit is invalid (missing or exceeds some limit)";
    case Errno::kInvalidTimeValue: return "Invalid time specified";
    case Errno::kInvalidQos: return "Invalid qos specification";
    case Errno::kRequiredNodeNotAvailable:
      return "Required node not available (down, drained or reserved)";
    case Errno::kInvalidCpuCount: return "CPU count specification invalid";
    case Errno::kCircularDependency: return "Circular job dependency";
    case Errno::kInvalidGres: return "Invalid generic resource (gres) specification";
    case Errno::kJobNotPending: return "Job is no longer pending execution";
    case Errno::kInvalidArray: return "Invalid job array specification";
    case Errno::kJobFinished: return "Job has already finished";
    case Errno::kJobNotRunning: return "Job is not running";
    case Errno::kJobNotPendingNorRunning: return "Job is not pending nor running";
    case Errno::kPartitionDown: return "Partition in DOWN state";
    case Errno::kInvalidNice: return "Invalid --nice value";
    case Errno::kInvalidTimeMin:
      return "Invalid time-min specification (exceeds job's time or other limits)";
    case Errno::kEnvironmentMissing: return "Environment is missing in job";
    case Errno::kControllerUnavailable:
      return "Unable to contact slurm controller (connect failure)";
  }
  return "Unknown error";
}

}  // namespace scheduler_sim
