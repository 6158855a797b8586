// What 24.11's and 26.05's slurmctld keep of a job's request at submission: the CPU and task
// counts and the node limit a pending job shows (measured: docs/oracle-notes/job-request.md).
#pragma once

#include <cstdint>

#include "scheduler_sim/job.h"
#include "v0_0_40/release_rules.h"

namespace mock_slurmrestd::v0_0_40 {

struct JobRequest {
  int64_t tasks = 1;                // the tasks asked for, or those the node count implies
  int64_t cpus = 1;                 // tasks x cpus_per_task: `cpus` and tres_req_str's cpu=
  int64_t min_cpus_per_node = 1;    // cpus_per_task x tasks_per_node, or the one asked for
  int64_t max_nodes = 0;            // the node limit of a job that never got nodes
  bool implicit_max_nodes = false;  // 26.05: the limit is the task count's (flag, v0.0.45)
};

// The request of `job`; its max_nodes counts only for a job that never had an allocation.
JobRequest job_request(const scheduler_sim::Job& job, const ReleaseRules& rules);

}  // namespace mock_slurmrestd::v0_0_40
