// The node write routes of v0.0.40 to v0.0.45: POST /node/{node_name}, POST /nodes/ and
// DELETE /node/{node_name}.
#pragma once

#include "api_version.h"
#include "app.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

void register_node_write_routes(App& app, const LoadedVersion& self, const Shape& shape);

}  // namespace mock_slurmrestd::v0_0_40
