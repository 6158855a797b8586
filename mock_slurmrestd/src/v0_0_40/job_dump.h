// Renders simulator jobs as the v0.0.40 job_info objects the real 24.11 daemon prints, and,
// with their Shape, v0.0.41's and v0.0.42's (recorded: tests/data/oracle/24.11/*/NNN_job_*).
#pragma once

#include <string>
#include <vector>

#include "v0_0_36/dump.h"
#include "v0_0_40/release_rules.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

using v0_0_36::DumpContext;

// One element of "jobs" (GET /jobs, GET /job/{job_id}). Without `detail` (a query naming
// flags but not DETAIL) job_resources is left empty, as for a job without an allocation.
void dump_job(Json& out, const scheduler_sim::Job& job, const DumpContext& ctx, const Shape& shape,
              const ReleaseRules& rules, bool detail = true);

// v0.0.44's step_id.sluid and v0.0.45's slurmdb sluid of a job.
std::string sluid_of(uint32_t job_id, int64_t submit_time, const std::string& cluster);

// The job's state list: the base state, then its flags in the order of the version's
// job_state enum (["CANCELLED", "COMPLETING"], ["PENDING"]).
Json job_state_list(const scheduler_sim::Job& job);

// How /jobs/state names a job: "7", a heterogeneous component "5+0", an array task "2_1"
// (v0.0.40 prefixes every task with the array's id, later versions with the task's own),
// the array's packed pending tasks one by one ("1_1", "1_2", ...: see job_state_ids).
std::vector<std::string> job_state_ids(const scheduler_sim::Job& job, const Shape& shape);

}  // namespace mock_slurmrestd::v0_0_40
