// The cluster as the controller tracks it: nodes, their CPUs in use, partitions, and the
// per-partition indexes node selection reads. Every write of a node's allocation goes through
// set_alloc, which keeps the indexes in step.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "scheduler_sim/job.h"
#include "scheduler_sim/node.h"
#include "scheduler_sim/simulator.h"
#include "scheduler_sim/slurm_conf.h"

namespace scheduler_sim {

struct ClusterState {
  ClusterConfig config;
  std::vector<Node> nodes;
  // Per node, per CPU: held by a job. One array (node i's CPUs from cpu_first[i] on): starting
  // or ending a job then misses the cache once per node instead of twice.
  std::vector<char> cpu_busy;
  std::vector<size_t> cpu_first;  // per node, and one past the last
  std::vector<Partition> partitions;
  // Per partition (same index): the largest CPU count and RealMemory among its nodes. Node
  // configurations are fixed once loaded; a submit reads these instead of scanning the nodes.
  struct NodeMaxima {
    int64_t cpus = 0, memory = 0;
  };
  std::vector<NodeMaxima> partition_maxima;
  // Per partition (same index): its nodes with a free CPU, in single-node best-fit order
  // (Weight, free CPUs, node index). set_alloc() is the one writer of a node's allocation and
  // keeps these in step, so placing a job looks at the nodes that can hold it instead of
  // walking every node of the partition.
  using FreeKey = std::tuple<int64_t, int, int>;  // Weight, free CPUs, node index
  std::vector<std::set<FreeKey>> free_nodes;
  std::vector<std::set<FreeKey>::node_type> spare_free_keys;  // taken out, reused: no allocation
  std::vector<std::vector<int>> node_partitions;  // node index -> indices of its partitions
  // Per node: the users of the jobs running there, with how many jobs each (few per node).
  std::vector<std::vector<std::pair<uint32_t, int>>> node_users;
  int owned_nodes = 0;  // nodes with an owner (an exclusive=user job)

  // Builds nodes and partitions from `config` as slurmctld starts them at time `now`.
  void build_cluster(SimTime now);

  std::span<char> busy_cpus(int node) {
    return {cpu_busy.data() + cpu_first[node], cpu_first[node + 1] - cpu_first[node]};
  }

  // Sets node i's allocated CPUs and memory, keeping free_nodes in step.
  void set_alloc(int i, int cpus, int64_t memory) {
    Node& n = nodes[i];
    const int was_free = n.config.cpus - n.alloc_cpus;
    n.alloc_cpus = cpus;
    n.alloc_memory = memory;
    const int now_free = n.config.cpus - cpus;
    if (now_free == was_free) return;
    const int64_t w = n.config.weight;
    for (int pi : node_partitions[i]) {
      std::set<FreeKey>& s = free_nodes[pi];
      std::set<FreeKey>::node_type entry;
      if (was_free > 0) entry = s.extract(FreeKey{w, was_free, i});
      if (now_free <= 0) {
        if (entry) spare_free_keys.push_back(std::move(entry));
        continue;
      }
      if (!entry && !spare_free_keys.empty()) {
        entry = std::move(spare_free_keys.back());
        spare_free_keys.pop_back();
      }
      if (!entry) {
        s.emplace(w, now_free, i);
        continue;
      }
      entry.value() = FreeKey{w, now_free, i};  // re-keyed in place: no allocation
      s.insert(std::move(entry));
    }
  }

  // A job of `uid` starts (delta 1) or ends (-1) on node i; `user_exclusive`: it asked for
  // `exclusive: "user"`, so the node is its user's while it runs.
  void count_user(int i, const Identity& user, bool user_exclusive, int delta) {
    std::vector<std::pair<uint32_t, int>>& users = node_users[i];
    auto it = std::find_if(users.begin(), users.end(),
                           [&](const auto& u) { return u.first == user.uid; });
    if (it == users.end() && delta > 0) it = users.insert(users.end(), {user.uid, 0});
    if (it != users.end() && (it->second += delta) <= 0) users.erase(it);
    if (!user_exclusive) return;
    Node& n = nodes[i];
    if (delta > 0 && n.owner_jobs++ == 0) n.owner = user, ++owned_nodes;
    if (delta < 0 && n.owner_jobs > 0 && --n.owner_jobs == 0) n.owner.reset(), --owned_nodes;
  }
  // Node i runs a job of a user other than `uid`.
  bool runs_other_users(int i, uint32_t uid) const {
    for (const auto& [u, count] : node_users[i])
      if (u != uid) return true;
    return false;
  }

  size_t partition_index(const Partition& p) const {
    return static_cast<size_t>(&p - partitions.data());
  }
  const NodeMaxima& maxima(const Partition& p) const {
    return partition_maxima[partition_index(p)];
  }

  const Partition* partition(const std::string& name) const {
    for (const Partition& p : partitions)
      if (p.config.name == name) return &p;
    return nullptr;
  }

  const Partition* default_partition() const {
    for (const Partition& p : partitions)
      if (p.config.is_default) return &p;
    return nullptr;
  }

  bool is_admin(const Identity& who) const { return who.uid == 0 || who.name == config.slurm_user; }

  // Power saving (SuspendTime set): ParallelCluster's cloud nodes.
  bool power_saving() const { return config.suspend_time >= 0; }

  static bool job_on_node(const Job& j, int i) {
    for (const NodeAllocation& a : j.allocation)
      if (a.node_index == i) return true;
    return false;
  }

  static void refresh_base(Node* n) {
    if (n->base == NodeBase::kDown || n->base == NodeBase::kFuture) return;
    if (n->alloc_cpus == 0) n->base = NodeBase::kIdle;
    else if (n->alloc_cpus >= n->config.cpus) n->base = NodeBase::kAllocated;
    else n->base = NodeBase::kMixed;
  }

  static bool node_usable(const Node& n) {
    return n.base != NodeBase::kDown && n.base != NodeBase::kFuture && n.base != NodeBase::kError &&
           !n.drain && !n.fail && !n.powering_down;
  }
};

}  // namespace scheduler_sim
