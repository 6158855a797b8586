// Renders simulator records as the v0.0.38 objects: v0.0.37's with the keys v0.0.38 adds,
// drops or shapes differently (docs/oracle-notes/versions-22.05.md section 4).
#pragma once

#include "v0_0_37/dump.h"

namespace mock_slurmrestd::v0_0_38 {

using v0_0_36::DumpContext;

void dump_job(Json& out, const scheduler_sim::Job& job, const DumpContext& ctx);
void dump_partition(Json& out, const scheduler_sim::Partition& p, const DumpContext& ctx);
void dump_diag(Json& out, const scheduler_sim::SimStats& s, const DumpContext& ctx,
               const std::vector<const scheduler_sim::Job*>& jobs, const v0_0_36::DiagFacts& facts);

}  // namespace mock_slurmrestd::v0_0_38
