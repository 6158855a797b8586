// Partition create/update and delete of v0.0.45 (Shape::partition_writes).
#pragma once

#include "api_version.h"
#include "app.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

// POST /partitions/ and DELETE /partition/{partition_name}.
void register_partition_write_routes(App& app, const LoadedVersion& self, const Shape& shape);

}  // namespace mock_slurmrestd::v0_0_40
