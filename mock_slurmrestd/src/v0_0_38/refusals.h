// v0.0.38's per-endpoint answers for a refused token and for an unreachable slurmctld.
#pragma once

#include "auth.h"

namespace mock_slurmrestd::v0_0_38 {

// v0.0.37's answers, except /diag (its own entry, and the RPC lists in `statistics`) and
// /licenses (measured on the real 22.05.8 daemon, docs/oracle-notes/versions-22.05.md
// section 5).
AuthRejection token_refused(AuthStatus status, EndpointKind kind, const RejectionContext& context);
AuthRejection controller_down(EndpointKind kind, const RejectionContext& context, int* calls);

}  // namespace mock_slurmrestd::v0_0_38
