// GET /conf (v0.0.45): slurmctld's running configuration.
#pragma once

#include "api_version.h"
#include "app.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

// Registers GET /conf when the Shape has a configuration table (Shape::conf_table).
void register_conf_route(App& app, const LoadedVersion& self, const Shape& shape);

}  // namespace mock_slurmrestd::v0_0_40
