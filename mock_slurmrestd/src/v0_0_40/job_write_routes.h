// The job write routes of v0.0.40 to v0.0.42 (24.11): POST /job/submit, POST /job/{job_id},
// DELETE /job/{job_id}, DELETE /jobs/ and, from v0.0.41, POST /job/allocate.
#pragma once

#include "api_version.h"
#include "app.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

void register_job_write_routes(App& app, const LoadedVersion& self, const Shape& shape);

}  // namespace mock_slurmrestd::v0_0_40
