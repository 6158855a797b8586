// v0.0.40's routes; v0.0.41 and v0.0.42 register the same ones with their own Shape (paths,
// meta and objects are the caller's; behaviour is the release's: release_rules.h).
#pragma once

#include "api_version.h"
#include "app.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

// GET /ping/, /diag/.
void register_diag_routes(App& app, const LoadedVersion& self, const Shape& shape);
// GET /nodes/, /node/{node_name}.
void register_node_routes(App& app, const LoadedVersion& self, const Shape& shape);
// GET /partitions/, /partition/{partition_name}.
void register_partition_routes(App& app, const LoadedVersion& self, const Shape& shape);

// Every route this family serves so far.
void register_routes(App& app, const LoadedVersion& self, const Shape& shape);

// The hooks of ApiVersion these versions share (see plugin.cc).
AuthRejection token_refused(AuthStatus status, EndpointKind kind, const RejectionContext& context);
AuthRejection controller_down(EndpointKind kind, const RejectionContext& context, int* calls);

}  // namespace mock_slurmrestd::v0_0_40
