// Nodes and partitions as configured and as the simulator tracks them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scheduler_sim/job.h"

namespace scheduler_sim {

// Base node state (Slurm node_state_string base part).
enum class NodeBase { kUnknown, kIdle, kMixed, kAllocated, kDown, kFuture, kError };

// Field order: node selection reads the numbers (and Node's state below) of every node of a
// partition for each job it places; kept together they share one cache line per node.
struct NodeConfig {
  int cpus = 1;
  int64_t weight = 1;       // Slurm's uint32; an update may set it to 4294967295
  int64_t real_memory = 1;  // MiB
  int boards = 1, sockets = 1, cores_per_socket = 1, threads_per_core = 1;
  int64_t tmp_disk = 0;
  std::optional<int> port;
  std::string name, address, hostname;  // address/hostname default to name
  std::string features, gres;
  std::string state = "UNKNOWN";  // State= as written (UNKNOWN, IDLE, CLOUD, DOWN, DRAIN, FUTURE)
  bool operator==(const NodeConfig&) const = default;
};

struct Node {
  // The state node selection reads first, then the configuration's numbers (see NodeConfig).
  NodeBase base = NodeBase::kIdle;
  bool drain = false, cloud = false, powered_down = false, powering_up = false,
       powering_down = false, not_responding = false, fail = false;
  int alloc_cpus = 0;
  int64_t alloc_memory = 0;
  int completing_jobs = 0;  // finished jobs whose epilog still runs here (flag COMPLETING)
  // Slurm's node owner: the user of the `exclusive: "user"` jobs running here (owner_jobs of
  // them); other users' jobs may not join while it is set.
  std::optional<Identity> owner;
  int owner_jobs = 0;
  NodeConfig config;
  std::string reason;
  SimTime reason_changed_at = 0;
  std::optional<uint32_t> reason_set_by_uid;
  SimTime boot_time = 0, slurmd_start_time = 0, last_busy = 0;
  // Set by an administrator's update (Simulator::update_node); features and gres are the
  // configuration's (config), which the update changes too. Active features: unset = all.
  std::string comment, extra;
  std::optional<std::string> active_features;
  int64_t cpu_binding = 0;  // Slurm's CPU binding flags an update set (0: none)
  std::string topology;     // an update's topology_str ("default:sw1"), shown as given
  // Fault hook (Simulator::set_node_state "fail_resume"): the node's next or current power-up
  // never completes, so ResumeTimeout marks it down and its jobs are requeued.
  bool fail_resume = false;
  // Created at run time (Simulator::create_nodes: a dynamic node, state flag DYNAMIC_NORM);
  // deleted ones keep their place in the node table (jobs and events address nodes by
  // position) and are left out of every lookup and answer.
  bool dynamic = false, deleted = false;
  // An update's DOWN with resume_after: when slurmctld's timer brings the node back (0: none).
  SimTime resume_after = 0;
};

// An administrator's node update (scontrol update nodename=..., POST .../node/{name}): unset
// members stay as they are. `state` names one of Slurm's node states as the request spells it
// (DRAIN, RESUME, UNDRAIN, DOWN, IDLE, FAIL, FUTURE, POWER_DOWN, POWER_UP, ...); anything it
// cannot take, an unknown name or "" included, is refused as an invalid state.
struct NodeUpdate {
  std::optional<std::string> state, reason;
  std::optional<std::string> comment, extra, gres, address, hostname;
  std::optional<std::vector<std::string>> features, active_features;  // empty: unchanged
  // The parser made no list of `features` (null, a number, a boolean): slurmctld is sent an
  // empty available set, which no longer holds the node's active features (2031, measured).
  bool features_unreadable = false;
  // With DOWN: seconds after which the node comes back (slurmctld's resume_after).
  std::optional<int64_t> resume_after;
  std::optional<int64_t> weight;
  std::optional<int64_t> cpu_bind;  // 0 leaves the binding as it is (asked)
  std::optional<std::string> topology;
  bool operator==(const NodeUpdate&) const = default;
};

struct PartitionConfig {
  std::string name;
  std::vector<std::string> node_names;  // expanded
  std::string nodes_expr;               // as Slurm prints it (compressed)
  bool is_default = false;
  std::optional<int64_t> max_time;      // minutes; unset = INFINITE
  std::optional<int64_t> default_time;  // minutes; unset = not set
  std::optional<int64_t> max_nodes;     // unset = UNLIMITED
  int64_t min_nodes = 0;
  std::string state = "UP";  // UP, DOWN, DRAIN, INACTIVE
  int priority_tier = 1, priority_job_factor = 1;
  bool exclusive = false;  // OverSubscribe=EXCLUSIVE
  // OverSubscribe=YES[:N] or FORCE[:N] (N jobs a resource may take, 4 unless given); NO: 1 job.
  bool oversubscribe_yes = false, oversubscribe_force = false;
  int oversubscribe_jobs = 1;
  // Access lists as written (comma-separated names; "" = everyone). Accounts are not enforced
  // (measured: slurmctld without accounting runs a job of any account); AllowGroups queues a
  // job of a user outside them with PartitionConfig; Alternate and GraceTime only shown.
  std::string allow_accounts, deny_accounts, allow_groups, alternate;
  int64_t grace_time = 0;                    // seconds
  std::optional<int64_t> max_cpus_per_node;  // unset = UNLIMITED; CPUs the partition's jobs
                                             // together may hold on one node
  // RootOnly: only an administrator submits; ExclusiveUser: every job as `exclusive: "user"`;
  // Hidden: left out of a non-administrator's partition list; LLN: jobs go to the least
  // loaded nodes (most free CPUs) instead of the best fit.
  bool root_only = false, exclusive_user = false, hidden = false, lln = false;
  // MaxMemPerNode (MiB; unset = UNLIMITED): a job asking more per node, or per CPU, waits with
  // MaxMemPerLimit. DefMemPerCPU (MiB): a job asking no memory is given this per CPU.
  std::optional<int64_t> max_mem_per_node, def_mem_per_cpu;
  bool operator==(const PartitionConfig&) const = default;
};

// An administrator's partition create or update (scontrol create/update partition): each
// member set is applied, the rest kept (a new partition starts from slurmctld's defaults:
// MinNodes 1, State UP, MaxTime INFINITE). For times and limits the inner optional unset means
// INFINITE/UNLIMITED.
struct PartitionUpdate {
  std::string name;
  std::optional<std::string> nodes;  // a hostlist expression; "" = no nodes
  std::optional<std::optional<int64_t>> max_time, default_time, max_nodes, max_cpus_per_node;
  std::optional<int64_t> min_nodes, grace_time;
  std::optional<std::string> state;  // UP, DOWN, DRAIN, INACTIVE
  std::optional<int> priority_tier, priority_job_factor;
  std::optional<std::string> allow_accounts, deny_accounts, allow_groups, alternate;
  bool qos = false;  // a QOS list was given (AllowQos, DenyQos, QOS)
  // Flags are only ever set by an update (an empty flag list changes nothing, as measured).
  bool make_default = false, root_only = false, exclusive_user = false, hidden = false, lln = false;
  // OverSubscribe as written ("NO", "YES[:N]", "FORCE[:N]", "EXCLUSIVE"; checked by the caller).
  std::optional<std::string> oversubscribe;
  std::optional<std::optional<int64_t>> max_mem_per_node, def_mem_per_cpu;  // MiB
};

struct Partition {
  PartitionConfig config;
  std::vector<int> node_indices;  // into Simulator::nodes()
};

}  // namespace scheduler_sim
