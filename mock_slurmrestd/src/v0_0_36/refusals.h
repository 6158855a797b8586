// v0.0.36's per-endpoint answers for a refused token and for an unreachable slurmctld.
#pragma once

#include "auth.h"

namespace mock_slurmrestd::v0_0_36 {

// What to send for a failed AuthOutcome at `kind` (ApiVersion::token_refused): 401 text for
// missing headers; a refused token gets the endpoint's own 500 JSON answer, except on
// kOpenapi/kOther (handled == false), where the daemon never consults slurmctld.
AuthRejection token_refused(AuthStatus status, EndpointKind kind,
                            const RejectionContext& context = {});

// What the real daemon answers at `kind` when slurmctld cannot be reached (always 500,
// JSON, Connection: close), rendered like a token rejection with auth_rejection_document().
// `calls` receives how many slurmctld calls the daemon attempts (each costs a retry period).
// handled == false for endpoints that never reach slurmctld (/openapi*).
AuthRejection controller_down(EndpointKind kind, const RejectionContext& context, int* calls);

}  // namespace mock_slurmrestd::v0_0_36
