// User names as ids: what the HTTP layer makes of X-SLURM-USER-NAME, and the bindings of user=.
#pragma once

#include <string>

#include "scheduler_sim/job.h"

namespace mock_slurmrestd {

// The local account's uid/gid, else (no such account) a stable made-up id; *has_account (when
// given) tells which. A Server adds its own rule on top (Server::identity).
scheduler_sim::Identity resolve_identity(const std::string& user_name, bool* has_account = nullptr);

}  // namespace mock_slurmrestd
