// data_parser/v0.0.40 under openapi/slurmctld (Slurm 24.11): the version's entry point.
#pragma once

#include "api_version.h"
#include "releases.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

const ApiVersion& plugin();

// The ApiVersion of a version of this family with `shape` and its own meta, routes and
// OpenAPI piece functions (non-capturing: one set per version folder).
ApiVersion family_version(const Shape& shape, Json (*meta)(const SlurmRelease&),
                          void (*routes)(App&, const LoadedVersion&),
                          Json (*piece)(const SlurmRelease&));

}  // namespace mock_slurmrestd::v0_0_40
