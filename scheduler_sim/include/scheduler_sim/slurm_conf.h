// The slurm.conf subset that describes a cluster, and its parser.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scheduler_sim/accounting.h"
#include "scheduler_sim/node.h"

namespace scheduler_sim {

// Everything the simulator models from a slurm.conf. Unknown keys are accepted and ignored.
struct ClusterConfig {
  std::string cluster_name = "cluster";
  std::string slurm_user = "root";
  std::optional<std::string> jwt_key_path;  // AuthAltParameters=jwt_key=...
  std::optional<std::string> state_save_location;
  int64_t min_job_age = 300;  // seconds
  int64_t suspend_time = -1;  // seconds; -1 = power saving off
  int64_t resume_timeout = 60, suspend_timeout = 30;
  // How long a powered-down node takes to boot once a job needs it. Slurm has no such key (the
  // ResumeProgram decides); the mock reads it from a "#MockCloudBootSeconds=N" comment line so
  // the file stays valid for a real slurmctld.
  int64_t cloud_boot_seconds = 30;
  int64_t max_array_size = 1001;  // MaxArraySize: array indices 0..max_array_size-1
  // MaxNodeCount: how many nodes the node table holds, dynamic ones included (0: slurm.conf's
  // nodes alone, so no node can be created).
  int64_t max_node_count = 0;
  // SelectTypeParameters names Memory (CR_CPU_Memory, CR_Core_Memory, ...): jobs book the
  // memory they ask for on their nodes. Otherwise (CR_CPU, CR_Core, unset) memory is not a
  // consumable resource and does not limit where jobs run.
  bool memory_consumable = false;
  // AccountingStorageType=accounting_storage/slurmdbd: the simulator keeps accounting (a job
  // history past MinJobAge, associations; scheduler_sim/accounting.h).
  bool accounting_enabled = false;
  // SlurmctldPort (its first port): where the controller registers with slurmdbd.
  int slurmctld_port = 6817;
  // The accounting database's contents at start: a `sacctmgr dump` file named by a
  // "#MockAccountingDump=FILE" comment line (relative to the slurm.conf's directory); unset:
  // what `sacctmgr add cluster` makes (default_accounting_seed).
  std::optional<AccountingSeed> accounting_seed;
  // Every global Key=Value (not a NodeName or PartitionName line), key lower-cased, value as
  // written, in file order (Includes in place): what the running configuration reports
  // (GET /conf) for the keys the simulator does not model.
  std::vector<std::pair<std::string, std::string>> settings;
  std::vector<NodeConfig> nodes;  // expanded, one per node, in file order
  std::vector<PartitionConfig> partitions;
  std::string source_path;  // the file it came from ("" = built in)
  bool operator==(const ClusterConfig&) const = default;
};

// Thrown for a bad slurm.conf; what() is "FILE:LINE: reason".
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string file, int line, const std::string& reason);
  const std::string& file() const { return file_; }
  int line() const { return line_; }

 private:
  std::string file_;
  int line_;
};

// Parses a slurm.conf file (follows Include lines relative to its directory).
ClusterConfig load_slurm_conf(const std::string& path);
// Parses slurm.conf text; `name` is used in error messages and to resolve Include.
ClusterConfig parse_slurm_conf(const std::string& text, const std::string& name);
// The built-in default cluster: the AWS blog's ParallelCluster (queue1, queue1-dy-t3micro-[1-10],
// 2 CPUs each), as fixtures/clusters/parallelcluster/slurm.conf describes it.
ClusterConfig default_cluster();

// Parses a Slurm time limit ("30", "MM:SS", "HH:MM:SS", "D-HH", "D-HH:MM", "D-HH:MM:SS",
// "INFINITE"/"UNLIMITED") into whole minutes, rounding seconds up as Slurm does.
// Returns false when malformed; *minutes is left unset for INFINITE.
bool parse_time_limit(std::string_view text, std::optional<int64_t>* minutes);

}  // namespace scheduler_sim
