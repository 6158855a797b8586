// v0.0.37's per-endpoint answers for a refused token and for an unreachable slurmctld.
#pragma once

#include "auth.h"

namespace mock_slurmrestd::v0_0_37 {

// ApiVersion::token_refused: each endpoint's 500 (recorded: v0.0.37/auth_*, *_garbage_token;
// measured for the rest, docs/oracle-notes/versions-22.05.md section 5). Checks the daemon
// makes before calling slurmctld still decide: a GET of a job id that is no number is 400.
AuthRejection token_refused(AuthStatus status, EndpointKind kind, const RejectionContext& context);

// ApiVersion::controller_down: as a refused token, except that a kill and a submission report
// slurmctld's connect failure (1800); a GET of a job costs two calls.
AuthRejection controller_down(EndpointKind kind, const RejectionContext& context, int* calls);

// The {description, error_number, error, source} entry.
Json described(const std::string& description, int error_number, const std::string& error,
               const std::string& source);

}  // namespace mock_slurmrestd::v0_0_37
