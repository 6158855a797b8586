// A partition's rules for the jobs submitted to it: who may use it and what it lets a job hold
// (asked of Slurm 24.11.5 and 26.05.5: tests/data/oracle/<release>/asked/partition_rules/).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "job_shape.h"
#include "scheduler_sim/job.h"
#include "scheduler_sim/node.h"

namespace scheduler_sim {

// AllowGroups lets the user in: unset or ALL, an administrator (`admin`), or the name of the
// user's group (`group_name` of the gid, else the gid in decimal) among the listed ones.
bool partition_admits_group(const PartitionConfig& c, const Identity& who, bool admin,
                            const std::function<std::string(uint32_t)>& group_name);

// The job's memory request is above the partition's MaxMemPerNode: per node, or per CPU times
// the CPUs of a task (measured: 600 MiB per node or per 1-CPU task over 500 waits; 300 per CPU
// with two 1-CPU tasks runs).
bool over_partition_memory(const PartitionConfig& c, const Shape& sh);

// MaxCPUsPerNode against a job's CPUs: 0 it fits, 1 it could never fit the nodes it may have
// (a task, a node's tasks, or its node count at most the limit each: refused, 2014), 2 it
// asks more than the limit leaves on all of the partition's `nodes` nodes.
int partition_cpu_verdict(const PartitionConfig& c, const Shape& sh, int64_t nodes);

}  // namespace scheduler_sim
