// The order in which the real daemon judges a request: HEAD, auth headers, route, token.
#pragma once

#include "router.h"

namespace mock_slurmrestd {

class App;

// Runs one request through the same gates as slurmrestd:
//   1. HEAD is answered "411 Length Required" before anything else;
//   2. missing X-SLURM-USER-NAME / X-SLURM-USER-TOKEN is 401 "Authentication failure";
//   3. routing: unknown paths 404, wrong methods 405 (text/plain);
//   4. a token slurmctld would refuse gets the endpoint's own error answer, except on
//      /openapi*, which never asks slurmctld and so serves the document anyway.
// Paths under /mock/ (the mock's admin API) skip auth.
Response handle_request(App& app, Request& request);

}  // namespace mock_slurmrestd
