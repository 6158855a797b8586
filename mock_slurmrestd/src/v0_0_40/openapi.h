// The OpenAPI piece of a v0.0.40+ version: the routes it serves so far (docs/coverage.md).
#pragma once

#include "envelope.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

// Paths as the real daemon prints them ("/slurm/v0.0.42/ping/"), operationIds
// ("slurm_v0042_get_ping"), tags and parameters (names, places, types) of the served routes;
// the prose is our own. Response schemas are not described yet.
Json openapi_document(const Shape& shape);

}  // namespace mock_slurmrestd::v0_0_40
