// Node selection as select/cons_tres places a job: best fit on one node, else runs of nodes.
#include "node_selection.h"

#include <algorithm>
#include <limits>
#include <tuple>

namespace scheduler_sim {
namespace {

// The memory a job books on a node where it holds `cpus` CPUs. Only when SelectTypeParameters
// makes memory consumable (CR_*_Memory): under CR_CPU a request books nothing and does not
// limit placement (oracle: two 1-CPU jobs of 600 MiB share one 900-MiB node). A job that asks
// for no memory books the node's whole RealMemory (no DefMemPerCPU; measured on 22.05 under
// CR_Core_Memory: mem=900M on a 900-MiB node, and a second such job goes to another node).
int64_t booked_memory(const ClusterState& c, const Shape& sh, int64_t cpus, const Node& n) {
  if (!c.config.memory_consumable) return 0;
  return sh.mem_per_node  ? *sh.mem_per_node
         : sh.mem_per_cpu ? *sh.mem_per_cpu * cpus
                          : n.config.real_memory;
}

// Node i's free CPUs, as many as the partition's MaxCPUsPerNode still leaves (`room`, per
// node; empty: no limit).
int64_t free_cpus_of(const ClusterState& c, int i, std::span<const int> room) {
  const int64_t free = c.nodes[i].config.cpus - c.nodes[i].alloc_cpus;
  return room.empty() ? free : std::min<int64_t>(free, room[i]);
}

// Takes nodes in the given order, each as many tasks as fit, until `tasks` tasks sit on at
// least `min_nodes` nodes; empty when that is impossible.
std::vector<NodeAllocation> take(const ClusterState& c, std::span<const int> order, const Shape& sh,
                                 int64_t min_nodes, int64_t tasks, std::span<const int> room) {
  std::vector<NodeAllocation> chosen;
  int64_t remaining = tasks;
  for (int i : order) {
    if (remaining <= 0 && static_cast<int64_t>(chosen.size()) >= min_nodes) break;
    const Node& n = c.nodes[i];
    int64_t free = free_cpus_of(c, i, room);
    int64_t cap = free / sh.cpus_per_task;
    int64_t here;
    if (sh.tasks_per_node) {
      if (cap < *sh.tasks_per_node) continue;
      // A node taken only for the node count runs tasks_per_node tasks too (measured: nodes
      // "1-4" with tasks_per_node 2 holds 2 CPUs on each of 4 nodes).
      here = remaining > 0 ? std::min(*sh.tasks_per_node, remaining) : *sh.tasks_per_node;
    } else {
      int64_t still_needed =
          std::max<int64_t>(0, min_nodes - static_cast<int64_t>(chosen.size()) - 1);
      here = std::min(cap, remaining - still_needed);
    }
    if (here < 1) continue;
    int64_t cpus = std::max(here * sh.cpus_per_task, sh.min_cpus_per_node);
    if (sh.exclusive) cpus = n.config.cpus;
    if (cpus > free) continue;
    int64_t mem = booked_memory(c, sh, cpus, n);
    if (mem > n.config.real_memory - n.alloc_memory) continue;
    chosen.push_back(NodeAllocation{i, static_cast<int>(cpus), mem, {}});
    remaining -= here;
  }
  if (remaining > 0 || static_cast<int64_t>(chosen.size()) < min_nodes) return {};
  return chosen;
}

// take(c, {i}, sh, 1, tasks, room) is not empty: node i alone holds all `tasks` tasks.
bool fits_alone(const ClusterState& c, int i, const Shape& sh, int64_t tasks,
                std::span<const int> room) {
  const Node& n = c.nodes[i];
  int64_t free = free_cpus_of(c, i, room);
  int64_t cap = free / sh.cpus_per_task;
  int64_t here;
  if (sh.tasks_per_node) {
    if (cap < *sh.tasks_per_node) return false;
    here = std::min(*sh.tasks_per_node, std::max<int64_t>(tasks, 1));
  } else {
    here = std::min(cap, tasks);
  }
  if (here < 1) return false;
  int64_t cpus = std::max(here * sh.cpus_per_task, sh.min_cpus_per_node);
  if (sh.exclusive) cpus = n.config.cpus;
  if (cpus > free) return false;
  if (booked_memory(c, sh, cpus, n) > n.config.real_memory - n.alloc_memory) return false;
  return tasks - here <= 0;
}

}  // namespace

// Node selection as select/cons_tres (CR_CPU) does it, checked against the oracle:
// - a job that fits on one node gets the usable node with the fewest free CPUs that holds it
//   (best fit: a second 1-CPU job joins a half-used node), ties by Weight then config order;
// - a job needing several nodes takes them in order from the runs of consecutive usable
//   nodes: the sufficient run with the fewest free CPUs, else (none suffices) any nodes;
// - a node range "2-3" (or a `maximum_nodes`) takes up to its maximum when that many nodes
//   are free;
// - `minimum_cpus` makes the job hold at least that many CPUs.
// Empty when the job does not fit now.
std::vector<NodeAllocation> try_allocate(const ClusterState& c, const Shape& sh, const Partition& p,
                                         const std::set<int>* het_taken, const Identity& user,
                                         std::span<const int> room) {
  const bool lln = p.config.lln;
  const bool het_component = het_taken != nullptr;
  const std::set<ClusterState::FreeKey>& with_free = c.free_nodes[c.partition_index(p)];
  // A node with room for one of the job's tasks.
  auto admit = [&](int i) {
    const Node& n = c.nodes[i];
    if (!ClusterState::node_usable(n) || (sh.exclusive && n.alloc_cpus > 0)) return false;
    if (het_component && het_taken->count(i)) return false;
    if (std::binary_search(sh.excluded.begin(), sh.excluded.end(), i)) return false;
    // exclusive=user (measured on 22.05): another user's such job owns the node, and such a
    // job joins no node where another user's job runs.
    if (n.owner && n.owner->uid != user.uid) return false;
    if (sh.user_exclusive && c.runs_other_users(i, user.uid)) return false;
    // Room for one task (cpus_per_task >= 1): free / cpus_per_task >= 1, without dividing.
    return free_cpus_of(c, i, room) >= sh.cpus_per_task;
  };
  // `minimum_cpus` is placed as that many CPUs' worth of tasks, filling the first nodes
  // (measured: minimum_cpus 3 on 2-CPU nodes runs on 2 nodes with 2 and 1 CPUs, 2 tasks).
  const int64_t cpu_tasks = (sh.min_cpus + sh.cpus_per_task - 1) / sh.cpus_per_task;
  // A job that may sit on one node, as most do: the best fit straight from the partition's
  // index of nodes with free CPUs, which is in best-fit order (Weight, free CPUs, index) when
  // no node sleeps. The same node the scan below picks, without walking every node.
  bool lone_fit_searched = false;
  if (sh.min_nodes <= 1 && !sh.range_max && !het_component && !c.power_saving() &&
      sh.required.empty() && room.empty() && !lln) {
    const int64_t tasks =
        std::max(sh.tasks_given ? sh.tasks : std::max<int64_t>(sh.tasks, sh.min_nodes), cpu_tasks);
    // Free CPUs any node holding the job alone has (fits_alone implies each bound).
    int64_t need = 0;
    if (__builtin_mul_overflow(sh.cpus_per_task, sh.tasks_per_node.value_or(tasks), &need))
      need = std::numeric_limits<int64_t>::max();
    need = std::max<int64_t>({need, sh.min_cpus_per_node, 1});
    if (need <= std::numeric_limits<int>::max()) {
      for (auto it = with_free.begin(); it != with_free.end();) {
        const int64_t weight = std::get<0>(*it);  // one Weight class at a time, lightest first
        for (it = with_free.lower_bound(ClusterState::FreeKey{weight, static_cast<int>(need), -1});
             it != with_free.end() && std::get<0>(*it) == weight; ++it) {
          const int i = std::get<2>(*it);
          if (admit(i) && fits_alone(c, i, sh, tasks, room))
            return take(c, std::span<const int>(&i, 1), sh, 1, tasks, room);
        }
      }
    }
    lone_fit_searched = true;
  }
  // Every node that has room for one task. Nodes without a free CPU have none, so when few
  // have one the index is the shorter walk (it is sorted below either way).
  std::vector<int> order;
  if (with_free.size() * 8 < p.node_indices.size()) {
    order.reserve(with_free.size());
    for (const ClusterState::FreeKey& k : with_free)
      if (admit(std::get<2>(k))) order.push_back(std::get<2>(k));
  } else {
    order.reserve(p.node_indices.size());
    for (int i : p.node_indices)
      if (admit(i)) order.push_back(i);
  }
  // Nodes that are up come before ones that would have to boot.
  auto asleep = [&](int i) { return c.nodes[i].powered_down || c.nodes[i].powering_up; };
  // The keys are unique (they end with the index), so a plain sort is stable, and a
  // partition's nodes usually come in this order already.
  auto by_weight = [&](int a, int b) {
    return std::make_tuple(c.nodes[a].config.weight, asleep(a), a) <
           std::make_tuple(c.nodes[b].config.weight, asleep(b), b);
  };
  if (!std::is_sorted(order.begin(), order.end(), by_weight))
    std::sort(order.begin(), order.end(), by_weight);
  std::optional<int64_t> max_nodes = sh.max_nodes;
  if (!max_nodes && p.config.max_nodes) max_nodes = p.config.max_nodes;
  int64_t min_nodes = sh.min_nodes;
  if (sh.range_max) {
    // Up to the maximum, as many nodes as are free, but with `tasks` given one a task at most
    // (measured: nodes "1-3" with tasks 2 runs on 2 nodes).
    int64_t most = std::min<int64_t>(*sh.range_max, static_cast<int64_t>(order.size()));
    if (sh.tasks_given && !sh.tasks_per_node) most = std::min(most, sh.tasks);
    min_nodes = std::max(min_nodes, most);
  }
  int64_t tasks = std::max(sh.tasks_given ? sh.tasks : std::max(sh.tasks, min_nodes), cpu_tasks);
  auto free_cpus = [&](int i) { return free_cpus_of(c, i, room); };
  auto within_limit = [&](const std::vector<NodeAllocation>& a) {
    return !a.empty() && (!max_nodes || static_cast<int64_t>(a.size()) <= *max_nodes);
  };

  // Required nodes: every one must have room, they are taken first, and the job takes what
  // else it needs in the usual order.
  if (!sh.required.empty()) {
    std::vector<int> ordered = sh.required;
    for (int i : sh.required)
      if (std::find(order.begin(), order.end(), i) == order.end()) return {};
    for (int i : order)
      if (!std::binary_search(sh.required.begin(), sh.required.end(), i)) ordered.push_back(i);
    std::vector<NodeAllocation> chosen = take(c, ordered, sh, min_nodes, tasks, room);
    if (chosen.size() < sh.required.size()) return {};
    for (size_t k = 0; k < sh.required.size(); ++k)
      if (chosen[k].node_index != sh.required[k]) return {};
    if (!within_limit(chosen)) return {};
    return chosen;
  }
  if (min_nodes <= 1 && !lone_fit_searched) {
    // The first node that holds the job alone in (Weight, asleep, free CPUs, index) order:
    // the smallest such key, found in one scan (keys are unique).
    // LLN: the least loaded node (most free CPUs) instead (asked: a second 1-CPU job goes to
    // the idle node, not beside the first).
    int best = -1;
    auto best_key = [&](int i) {
      return std::make_tuple(c.nodes[i].config.weight, asleep(i),
                             lln ? -free_cpus(i) : free_cpus(i), i);
    };
    for (int i : order)
      if ((best < 0 || best_key(i) < best_key(best)) && fits_alone(c, i, sh, tasks, room)) best = i;
    if (best >= 0) return take(c, std::span<const int>(&best, 1), sh, 1, tasks, room);
  }
  if (lln) {  // several nodes: the least loaded first
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      return std::make_tuple(c.nodes[a].config.weight, asleep(a), -free_cpus(a)) <
             std::make_tuple(c.nodes[b].config.weight, asleep(b), -free_cpus(b));
    });
    std::vector<NodeAllocation> chosen = take(c, order, sh, min_nodes, tasks, room);
    if (!within_limit(chosen)) return {};
    return chosen;
  }
  // Runs of consecutive nodes (adjacent in the cluster, same Weight): slices of `order`.
  std::span<const int> best_run;
  int64_t best_free = 0;
  for (size_t begin = 0, end = 0; begin < order.size(); begin = end) {
    for (end = begin + 1;
         end < order.size() && order[end - 1] + 1 == order[end] &&
         c.nodes[order[end - 1]].config.weight == c.nodes[order[end]].config.weight;
         ++end) {}
    const std::span<const int> run(order.data() + begin, end - begin);
    int64_t f = 0;
    for (int i : run) f += free_cpus(i);
    if (take(c, run, sh, min_nodes, tasks, room).empty()) continue;
    if (best_run.empty() || f < best_free) best_run = run, best_free = f;
  }
  std::vector<NodeAllocation> chosen = !best_run.empty()
                                           ? take(c, best_run, sh, min_nodes, tasks, room)
                                           : take(c, order, sh, min_nodes, tasks, room);
  if (!within_limit(chosen)) return {};
  return chosen;
}

}  // namespace scheduler_sim
