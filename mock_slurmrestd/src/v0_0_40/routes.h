// v0.0.40's routes; v0.0.41 and v0.0.42 register the same ones with their own Shape (paths,
// meta and objects are the caller's; behaviour is the release's: release_rules.h).
#pragma once

#include <optional>

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

// GET /reservations/, /reservation/{reservation_name}, /licenses/, /shares, /reconfigure/
// (controller_routes.cc).
void register_controller_routes(App& app, const LoadedVersion& self, const Shape& shape);

// Why slurmctld did not answer a handler's call: the HTTP status and Slurm error the daemon
// reports.
struct Failure {
  int status;
  int error_number;
};
// The failure of the handler's slurmctld call, if any; an unreachable controller costs one
// call's retries first (Faults::controller_retry_ms; measured 9.0 s on 24.11 as on 22.05, 10.0 s
// on 26.05) and hides a refused token, since the daemon never gets to ask.
std::optional<Failure> failed_call(App& app, const Request& req);

// Every route this family serves so far.
void register_routes(App& app, const LoadedVersion& self, const Shape& shape);

// The hooks of ApiVersion these versions share (see plugin.cc).
AuthRejection token_refused(AuthStatus status, EndpointKind kind, const RejectionContext& context);
AuthRejection controller_down(EndpointKind kind, const RejectionContext& context, int* calls);

}  // namespace mock_slurmrestd::v0_0_40
