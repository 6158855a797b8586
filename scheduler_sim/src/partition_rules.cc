// A partition's rules for the jobs submitted to it (see partition_rules.h).
#include "partition_rules.h"

#include <algorithm>
#include <vector>

#include "sim_state.h"

namespace scheduler_sim {

bool partition_admits_group(const PartitionConfig& c, const Identity& who, bool admin,
                            const std::function<std::string(uint32_t)>& group_name) {
  const std::string& groups = c.allow_groups;
  if (groups.empty() || groups == "ALL" || admin) return true;
  const std::string mine = group_name ? group_name(who.gid) : std::to_string(who.gid);
  for (size_t start = 0; start <= groups.size();) {
    const size_t comma = groups.find(',', start);
    const size_t end = comma == std::string::npos ? groups.size() : comma;
    if (groups.compare(start, end - start, mine) == 0) return true;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return false;
}

bool over_partition_memory(const PartitionConfig& c, const Shape& sh) {
  if (!c.max_mem_per_node) return false;
  const int64_t limit = *c.max_mem_per_node;
  if (sh.mem_per_node && *sh.mem_per_node > limit) return true;
  return sh.mem_per_cpu && *sh.mem_per_cpu * sh.cpus_per_task > limit;
}

int partition_cpu_verdict(const PartitionConfig& c, const Shape& sh, int64_t nodes) {
  if (!c.max_cpus_per_node) return 0;
  const int64_t cap = *c.max_cpus_per_node;
  const int64_t per_node =
      std::max(sh.cpus_per_task * sh.tasks_per_node.value_or(1), sh.min_cpus_per_node);
  const int64_t cpus = sh.tasks * sh.cpus_per_task;
  if (per_node > cap || (sh.max_nodes && cpus > cap * *sh.max_nodes)) return 1;
  return cpus > cap * nodes ? 2 : 0;
}

std::vector<int> SimState::partition_cpu_room(const Partition& p) const {
  if (!p.config.max_cpus_per_node) return {};
  const int64_t cap = std::max<int64_t>(0, *p.config.max_cpus_per_node);
  std::vector<int> room(nodes.size(), static_cast<int>(std::min<int64_t>(cap, 1 << 30)));
  for (const auto& [id, job] : jobs) {
    if (job->state != JobState::kRunning || job->partition != p.config.name) continue;
    for (const NodeAllocation& a : job->allocation)
      room[a.node_index] = std::max(0, room[a.node_index] - a.cpus);
  }
  return room;
}

}  // namespace scheduler_sim
