// openapi/dbv0.0.36: the slurmdb plugin's entry point (what a release profile lists).
#pragma once

#include "api_version.h"

namespace mock_slurmrestd::v0_0_36 {

// The /slurmdb/v0.0.36/ routes, served from the simulator's accounting.
const ApiVersion& slurmdb_plugin();

// What the slurmdb plugins share besides their routes: no answers of their own for a refused
// token (slurmdbd refuses it: the handler answers) or slurmctld down (they do not ask it), and
// no OpenAPI piece yet (docs/differences.md).
void fill_slurmdb_plugin(ApiVersion& a);

}  // namespace mock_slurmrestd::v0_0_36
