// The job read routes of v0.0.40 to v0.0.42: GET /jobs/, /job/{job_id}, /jobs/state/.
#pragma once

#include "api_version.h"
#include "app.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

void register_job_read_routes(App& app, const LoadedVersion& self, const Shape& shape);

}  // namespace mock_slurmrestd::v0_0_40
