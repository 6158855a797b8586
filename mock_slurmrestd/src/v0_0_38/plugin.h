// openapi/v0.0.38: the version's entry point (what a release profile lists).
#pragma once

#include "api_version.h"
#include "releases.h"

namespace mock_slurmrestd::v0_0_38 {

// v0.0.38: v0.0.37's routes and hooks, its own meta name, plus /licenses.
const ApiVersion& plugin();

// The "meta" object v0.0.38 puts in every answer (plugin name "Slurm OpenAPI v0.0.38").
Json meta(const SlurmRelease& release);

}  // namespace mock_slurmrestd::v0_0_38
