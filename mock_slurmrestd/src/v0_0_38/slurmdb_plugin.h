// openapi/dbv0.0.38: the slurmdb plugin's entry point.
#pragma once

#include "api_version.h"

namespace mock_slurmrestd::v0_0_38 {

// The /slurmdb/v0.0.38/ routes: v0.0.37's objects plus a job's container and a user's flags,
// and v0.0.38's answers (v0_0_37::db_shape() changed where the daemon changed).
const ApiVersion& slurmdb_plugin();

}  // namespace mock_slurmrestd::v0_0_38
