// The cluster's initial state, built from its configuration.
#include "cluster_state.h"

#include <algorithm>
#include <map>

#include "scheduler_sim/ascii.h"

namespace scheduler_sim {

void ClusterState::build_cluster(SimTime now) {
  nodes.clear();
  partitions.clear();
  partition_maxima.clear();
  std::map<std::string, int> index;
  for (const NodeConfig& c : config.nodes) {
    Node n;
    n.config = c;
    std::string st = ascii_lower(c.state);
    n.base = NodeBase::kIdle;
    if (st == "down") n.base = NodeBase::kDown;
    else if (st == "drain") n.drain = true;
    else if (st == "future") n.base = NodeBase::kFuture;
    else if (st == "fail") n.fail = true;
    else if (st == "cloud") n.cloud = true;
    // With power saving on, slurmctld starts CLOUD nodes powered down; one that never
    // booted shows boot_time and slurmd_start_time 0 (real 22.05.8).
    if (n.cloud && power_saving()) n.powered_down = true;
    n.boot_time = n.slurmd_start_time = n.powered_down ? 0 : now;
    index[c.name] = static_cast<int>(nodes.size());
    nodes.push_back(std::move(n));
  }
  cpu_first.assign(1, 0);
  for (const Node& n : nodes)
    cpu_first.push_back(cpu_first.back() + static_cast<size_t>(std::max(0, n.config.cpus)));
  cpu_busy.assign(cpu_first.back(), 0);
  for (const PartitionConfig& pc : config.partitions) {
    Partition p;
    p.config = pc;
    for (const std::string& nn : pc.node_names) p.node_indices.push_back(index.at(nn));
    NodeMaxima m;
    for (int i : p.node_indices) {
      m.cpus = std::max<int64_t>(m.cpus, nodes[i].config.cpus);
      m.memory = std::max<int64_t>(m.memory, nodes[i].config.real_memory);
    }
    partitions.push_back(std::move(p));
    partition_maxima.push_back(m);
  }
  free_nodes.assign(partitions.size(), {});
  spare_free_keys.clear();
  node_partitions.assign(nodes.size(), {});
  node_users.assign(nodes.size(), {});
  owned_nodes = 0;
  for (size_t pi = 0; pi < partitions.size(); ++pi) {
    for (int i : partitions[pi].node_indices) {
      std::vector<int>& of = node_partitions[i];
      if (std::find(of.begin(), of.end(), static_cast<int>(pi)) != of.end()) continue;
      of.push_back(static_cast<int>(pi));
      if (nodes[i].config.cpus > 0)
        free_nodes[pi].emplace(nodes[i].config.weight, nodes[i].config.cpus, i);
    }
  }
}

}  // namespace scheduler_sim
