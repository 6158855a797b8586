// The request counts of a v0.0.40+ job (docs/oracle-notes/job-request.md): 22.05's controller
// counted one task per job without `tasks`; 24.11's and 26.05's count the node count's.
#include "v0_0_40/job_request.h"

#include <algorithm>

namespace mock_slurmrestd::v0_0_40 {

JobRequest job_request(const scheduler_sim::Job& job, const ReleaseRules& rules) {
  const scheduler_sim::JobSpec& spec = job.spec;
  JobRequest r;
  const int64_t min_nodes = std::max(1, job.requested_nodes);
  const int64_t per_task = std::max<int64_t>(1, spec.cpus_per_task.value_or(1));
  const int64_t per_node = spec.tasks_per_node.value_or(0);  // 0: not asked
  // Measured: nodes 50 -> 50 tasks, tasks_per_node 2 -> 2 (x the node count); `tasks` as given,
  // also below the node count (24.11, nodes 3 tasks 2: 2 tasks on 3 nodes).
  r.tasks = spec.tasks ? std::max<int64_t>(1, *spec.tasks)
                       : (per_node > 0 ? per_node * min_nodes : min_nodes);
  // minimum_cpus replaces the implied tasks' CPUs (nodes 3 with minimum_cpus 2: 2; measured).
  const bool tasks_asked = spec.tasks.has_value() || per_node > 0;
  r.cpus = spec.minimum_cpus && !tasks_asked
               ? job.requested_cpus
               : std::max<int64_t>(r.tasks * per_task, job.requested_cpus);
  r.min_cpus_per_node =
      std::max(spec.minimum_cpus_per_node.value_or(0), per_task * std::max<int64_t>(1, per_node));

  // The node limit. Asked for (nodes "N" or "a-b"): that, raised to the nodes the tasks need
  // (nodes 2 with 5 tasks of 2-CPU nodes: 3). 26.05 derives one from the task count when
  // `tasks` or `tasks_per_node` is given (tasks 3: 3; tasks_per_node 2: 1). Otherwise a held
  // job, and an allocation waiting for its start (asked: 24.11 and 26.05, one node), keep the
  // nodes they need, unless they asked for CPUs per task or tasks per node (0), as does one
  // whose first selection test found more nodes than its partition has (measured on 26.05:
  // minimum_cpus 21 shows 1), and a batch job that is not held shows 0.
  const int64_t needed = std::max(1, job.node_count);
  if (job.max_nodes > 0) {
    r.max_nodes = std::max<int64_t>(job.max_nodes, needed);
  } else if (rules.implicit_max_nodes && tasks_asked) {
    r.max_nodes = (r.tasks + std::max<int64_t>(1, per_node) - 1) / std::max<int64_t>(1, per_node);
    r.implicit_max_nodes = true;
  } else if ((job.held || spec.batch == false || job.state_reason == "PartitionNodeLimit") &&
             per_task == 1 && per_node == 0) {
    r.max_nodes = needed;
  }
  return r;
}

}  // namespace mock_slurmrestd::v0_0_40
