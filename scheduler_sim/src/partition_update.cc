// scontrol create/update/delete partition: the controller's partition list changed at run time
// (oracle: Slurm 26.05.5, mock_slurmrestd/tests/data/oracle/26.05/asked/partitions/).
#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "scheduler_sim/hostlist.h"
#include "sim_state.h"

namespace scheduler_sim {

namespace {

// The nodes of a hostlist expression as indices, in cluster order; false for a name the
// cluster lacks (or a malformed expression).
bool node_indices(const SimState& im, const std::string& expr, std::vector<int>* out) {
  std::vector<std::string> names;
  try {
    names = expand_hostlist(expr);
  } catch (const std::exception&) {
    return false;
  }
  for (const std::string& n : names) {
    auto it = std::find_if(im.nodes.begin(), im.nodes.end(), [&](const Node& node) {
      return node.config.name == n && !node.deleted;
    });
    if (it == im.nodes.end()) return false;
    out->push_back(static_cast<int>(it - im.nodes.begin()));
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
  return true;
}

// Applies `u` to `p` (nodes already checked); false for what slurmctld refuses.
Status apply(SimState& im, const PartitionUpdate& u, PartitionConfig* c) {
  if (u.qos) return error(Errno::kInvalidQos);
  if (u.nodes) {
    std::vector<int> idx;
    if (!node_indices(im, *u.nodes, &idx)) return error(Errno::kInvalidNodeName);
    c->node_names.clear();
    for (int i : idx) c->node_names.push_back(im.nodes[i].config.name);
    c->nodes_expr = compress_hostlist(c->node_names);
  }
  if (u.max_time) c->max_time = *u.max_time;
  if (u.default_time) c->default_time = *u.default_time;
  if (u.max_nodes) c->max_nodes = *u.max_nodes;
  if (u.max_cpus_per_node) c->max_cpus_per_node = *u.max_cpus_per_node;
  if (u.min_nodes) c->min_nodes = *u.min_nodes;
  if (u.grace_time) c->grace_time = *u.grace_time;
  if (u.state) c->state = *u.state;
  if (u.priority_tier) c->priority_tier = *u.priority_tier;
  if (u.priority_job_factor) c->priority_job_factor = *u.priority_job_factor;
  if (u.allow_accounts) c->allow_accounts = *u.allow_accounts;
  if (u.deny_accounts) c->deny_accounts = *u.deny_accounts;
  if (u.allow_groups) c->allow_groups = *u.allow_groups;
  if (u.alternate) c->alternate = *u.alternate;
  if (u.root_only) c->root_only = true;
  if (u.exclusive_user) c->exclusive_user = true;
  if (u.hidden) c->hidden = true;
  if (u.lln) c->lln = true;
  if (u.make_default) c->is_default = true;
  if (u.max_mem_per_node) c->max_mem_per_node = *u.max_mem_per_node;
  if (u.def_mem_per_cpu) c->def_mem_per_cpu = *u.def_mem_per_cpu;
  if (u.oversubscribe) {
    // NO, EXCLUSIVE, YES[:N] or FORCE[:N] (N 4 unless given), the caller having checked it.
    const std::string& o = *u.oversubscribe;
    const size_t colon = o.find(':');
    const std::string mode = o.substr(0, colon);
    c->exclusive = mode == "EXCLUSIVE";
    c->oversubscribe_yes = mode == "YES";
    c->oversubscribe_force = mode == "FORCE";
    c->oversubscribe_jobs = c->oversubscribe_yes || c->oversubscribe_force ? 4 : 1;
    if (colon != std::string::npos)
      c->oversubscribe_jobs = std::max(1, std::atoi(o.c_str() + colon + 1));
  }
  return Status::Ok();
}

}  // namespace

// After the partition list changed: every index built on partition positions again, and the
// scheduler's memo of its last pass forgotten (two generations on). `config` keeps slurm.conf's
// partitions: reset() goes back to them.
void SimState::partitions_changed(size_t default_index) {
  if (default_index < partitions.size())
    for (size_t i = 0; i < partitions.size(); ++i)
      if (i != default_index) partitions[i].config.is_default = false;
  partition_maxima.clear();
  free_nodes.assign(partitions.size(), {});
  node_partitions.assign(nodes.size(), {});
  for (size_t pi = 0; pi < partitions.size(); ++pi) {
    Partition& p = partitions[pi];
    p.node_indices.clear();
    NodeMaxima m;
    for (const std::string& name : p.config.node_names)
      for (size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].config.name == name && !nodes[i].deleted)
          p.node_indices.push_back(static_cast<int>(i));
    for (int i : p.node_indices) {
      m.cpus = std::max<int64_t>(m.cpus, nodes[i].config.cpus);
      m.memory = std::max<int64_t>(m.memory, nodes[i].config.real_memory);
      std::vector<int>& of = node_partitions[i];
      if (std::find(of.begin(), of.end(), static_cast<int>(pi)) != of.end()) continue;
      of.push_back(static_cast<int>(pi));
      const int free = nodes[i].config.cpus - nodes[i].alloc_cpus;
      if (free > 0) free_nodes[pi].emplace(nodes[i].config.weight, free, static_cast<int>(i));
    }
    partition_maxima.push_back(m);
  }
  for (PendingEntry& e : pending_index)
    if (e.job) e.partition = entry_for(e.job).partition;
  generation += 2;
}

Status Simulator::create_partition(const PartitionUpdate& u, const Identity& who) {
  Impl& im = *impl_;
  if (!im.is_admin(who)) return error(Errno::kUserIdMissing);
  if (im.partition(u.name)) return error(Errno::kInvalidPartitionName);
  Partition p;
  p.config.name = u.name;
  p.config.min_nodes = 1;  // slurmctld's default for a created partition (slurm.conf's is 0)
  if (Status s = apply(im, u, &p.config); !s.ok()) return s;
  im.partitions.push_back(std::move(p));
  im.partitions_changed(u.make_default ? im.partitions.size() - 1 : im.partitions.size());
  im.note("partition ", u.name, " created");
  im.schedule();
  return Status::Ok();
}

Status Simulator::update_partition(const PartitionUpdate& u, const Identity& who) {
  Impl& im = *impl_;
  if (!im.is_admin(who)) return error(Errno::kUserIdMissing);
  const Partition* found = im.partition(u.name);
  if (!found) return error(Errno::kInvalidPartitionName);
  const size_t index = im.partition_index(*found);
  PartitionConfig c = found->config;
  if (Status s = apply(im, u, &c); !s.ok()) return s;
  im.partitions[index].config = c;
  im.partitions_changed(u.make_default ? index : im.partitions.size());
  im.note("partition ", u.name, " updated");
  im.schedule();
  return Status::Ok();
}

Status Simulator::delete_partition(const std::string& name, const Identity& who) {
  Impl& im = *impl_;
  if (!im.is_admin(who)) return error(Errno::kUserIdMissing);
  const Partition* found = im.partition(name);
  if (!found) return error(Errno::kInvalidPartitionName);
  for (const auto& [id, j] : im.jobs)
    if (j->partition == name && (j->state == JobState::kPending || j->state == JobState::kRunning ||
                                 j->state == JobState::kSuspended))
      return error(Errno::kPartitionInUse);
  im.partitions.erase(im.partitions.begin() +
                      static_cast<std::ptrdiff_t>(im.partition_index(*found)));
  im.partitions_changed(im.partitions.size());
  im.note("partition ", name, " deleted");
  return Status::Ok();
}

}  // namespace scheduler_sim
