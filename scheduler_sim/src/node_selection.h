// Node selection: which nodes of a partition a job of a given shape gets now, if any.
#pragma once

#include <set>
#include <span>
#include <vector>

#include "cluster_state.h"
#include "job_shape.h"

namespace scheduler_sim {

// The nodes (with CPUs and memory) the job gets, as select/cons_tres picks them; empty when it
// does not fit now. `het_taken`: for a heterogeneous job's component, the nodes its earlier
// components got, which it may not share (nullptr otherwise). `user`: whose job it is (nodes
// an exclusive=user job of another user owns are off limits; a user-exclusive shape takes
// only nodes where no other user's job runs).
// `room`: per node, the CPUs the partition's MaxCPUsPerNode leaves its jobs there (empty: no
// limit); a partition with LLN takes the least loaded nodes first.
std::vector<NodeAllocation> try_allocate(const ClusterState& cluster, const Shape& sh,
                                         const Partition& p, const std::set<int>* het_taken,
                                         const Identity& user, std::span<const int> room = {});

}  // namespace scheduler_sim
