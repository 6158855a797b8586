// openapi/dbv0.0.37: the slurmdb plugin's entry point, and its objects v0.0.38 builds on.
#pragma once

#include "api_version.h"
#include "v0_0_36/slurmdb_routes.h"

namespace mock_slurmrestd::v0_0_37 {

// The /slurmdb/v0.0.37/ routes: v0.0.36's with this version's objects and answers.
const ApiVersion& slurmdb_plugin();

// v0.0.37's DbShape (v0.0.38 starts from it).
v0_0_36::DbShape db_shape();

// v0.0.37's objects: v0.0.36's plus the keys it added (associations: max jobs active, accruing
// and total, max tres group, is_default; QOS: max jobs active_jobs, factor; jobs: the state's
// reason instead of its previous state).
void dump_db_job(Json& out, const scheduler_sim::JobRecord& job, const v0_0_36::DbContext& c);
void dump_db_association(Json& out, const scheduler_sim::Association& a,
                         const v0_0_36::DbContext& c);
void dump_db_qos(Json& out, const scheduler_sim::QosRecord& q, const v0_0_36::DbContext& c);

}  // namespace mock_slurmrestd::v0_0_37
