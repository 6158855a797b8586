// A job's request shape (nodes, tasks, CPUs, memory), derived once from its spec and checked
// against its partition; shapes are interned, as jobs mostly share a handful.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "cluster_state.h"
#include "scheduler_sim/errors.h"
#include "scheduler_sim/job.h"

namespace scheduler_sim {

struct Shape {
  int64_t min_nodes = 1;
  std::optional<int64_t> max_nodes;
  int64_t tasks = 1, cpus_per_task = 1;
  std::optional<int64_t> tasks_per_node;
  int64_t min_cpus_per_node = 0;
  int64_t min_cpus = 0;  // `minimum_cpus`: the job's CPUs in all, spread from its first node
  std::optional<int64_t> mem_per_node, mem_per_cpu;
  bool exclusive = false;
  bool user_exclusive = false;       // `exclusive: "user"`: shares nodes with its user's jobs only
  bool tasks_given = false;          // tasks or tasks_per_node given: no growing with nodes
  std::optional<int64_t> range_max;  // "2-3": the oracle takes up to 3 nodes when free
  // Node indices (ascending) the job must get every one of, and may not get at all.
  std::vector<int> required, excluded;
};

// The indices (ascending, no repeats) of the nodes a hostlist expression names; an unknown or
// malformed name is kInvalidNodeName, as slurmctld answers it.
Status resolve_node_list(const ClusterState& cluster, const std::string& expr,
                         std::vector<int>* out);

// The shape of `s` in partition `p`. *out is set even when the request is refused for a node
// configuration no node has (the record a refused job leaves shows the CPUs it asked for).
// `required_beyond_count`: SimOptions::required_nodes_beyond_count; `task_count_limits_nodes`:
// SimOptions::task_count_limits_nodes.
Status shape_of(const ClusterState& cluster, const JobSpec& s, const Partition& p, Shape* out,
                bool required_beyond_count = false, bool task_count_limits_nodes = false);

// How many nodes the shape needs at least in `p`: what its tasks need (a held job's node count).
int64_t nodes_needed(const ClusterState& cluster, const Shape& sh, const Partition& p);

// The node count slurmctld's first selection test finds for a job that is not held (measured
// on 24.11 and 26.05, busy nodes or not: docs/oracle-notes/job-request.md): the nodes its
// tasks and its `minimum_cpus` need, and with a node maximum as many as that allows, up to the
// partition's nodes and, with `tasks` given, one task a node.
int64_t nodes_tested(const ClusterState& cluster, const Shape& sh, const Partition& p);

// Interned shapes: a job costs a 4-byte shape id (kept in its job slot) instead of its own copy.
struct ShapeTable {
  using ShapeKey =
      std::tuple<int64_t, std::optional<int64_t>, int64_t, int64_t, std::optional<int64_t>, int64_t,
                 std::optional<int64_t>, std::optional<int64_t>, bool, bool, std::optional<int64_t>,
                 bool, std::vector<int>, std::vector<int>, int64_t>;
  static ShapeKey shape_key(const Shape& sh) {
    return {sh.min_nodes,      sh.max_nodes,         sh.tasks,        sh.cpus_per_task,
            sh.tasks_per_node, sh.min_cpus_per_node, sh.mem_per_node, sh.mem_per_cpu,
            sh.exclusive,      sh.tasks_given,       sh.range_max,    sh.user_exclusive,
            sh.required,       sh.excluded,          sh.min_cpus};
  }
  std::vector<Shape> shape_table;
  std::map<ShapeKey, uint32_t> shape_ids;

  uint32_t intern(const Shape& sh) {
    auto [it, added] =
        shape_ids.try_emplace(shape_key(sh), static_cast<uint32_t>(shape_table.size()));
    if (added) shape_table.push_back(sh);
    return it->second;
  }
};

}  // namespace scheduler_sim
