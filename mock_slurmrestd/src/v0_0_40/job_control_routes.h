// Job routes 26.05 adds: requeue (GET /job/{job_id}/requeue, POST /jobs/requeue; v0.0.45) and
// a running job's resource layout (GET /resources/{job_id}; v0.0.44 on).
#pragma once

#include "api_version.h"
#include "app.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

// Registers the routes the Shape has (Shape::requeue_routes, Shape::resources_route).
void register_job_control_routes(App& app, const LoadedVersion& self, const Shape& shape);

}  // namespace mock_slurmrestd::v0_0_40
