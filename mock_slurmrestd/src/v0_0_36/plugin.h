// openapi/v0.0.36: the version's entry point (what a release profile lists).
#pragma once

#include "api_version.h"
#include "releases.h"

namespace mock_slurmrestd::v0_0_36 {

// Everything the server needs of v0.0.36: its names, meta, routes, refusals, request-gate
// checks and OpenAPI document.
const ApiVersion& plugin();

// The "meta" object v0.0.36 puts in every answer: its plugin, then the Slurm release.
Json meta(const SlurmRelease& release);

}  // namespace mock_slurmrestd::v0_0_36
