// The filters of a bulk DELETE /jobs/ (kill_jobs_msg) as 24.11's and 26.05's slurmctld applies
// them (measured: docs/oracle-notes/job-cancel.md): every filter given must match a job.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scheduler_sim/job.h"
#include "v0_0_40/answer.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

struct KillFilter {
  std::optional<std::string> account, job_name, partition, qos, reservation, wckey;
  std::optional<std::string> user_name;  // resolved by the caller into uid
  std::optional<uint32_t> uid;
  std::optional<std::set<std::string>> states;    // job_state: the job's state is one of them
  std::optional<std::vector<std::string>> nodes;  // the job runs on one of them
  // A filter slurmctld counts (user_id is read and dropped: alone it is no filter, 2173).
  bool any() const {
    return account || job_name || partition || qos || reservation || wckey || user_name || states ||
           nodes;
  }
};

// Reads the filters of `doc`; the flags named in `flags` (checked, not filters). Errors and
// warnings are added as the daemon's parser words them; false when the request is refused
// (v0.0.40: an unknown flag or state; later versions go on without it).
bool read_kill_filter(const Json& doc, const Shape& shape, Answer* answer, KillFilter* out,
                      std::vector<std::string>* flags);

// Why `job` is not picked, as slurmctld words it ("Job name f1 != filter name zzz"); nullopt
// when every filter matches.
std::optional<std::string> kill_mismatch(const scheduler_sim::Job& job, const KillFilter& f);

}  // namespace mock_slurmrestd::v0_0_40
