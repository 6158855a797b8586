// v0.0.38's OpenAPI 3.0 description: its piece of the document served at /openapi*.
#pragma once

#include "envelope.h"

namespace mock_slurmrestd::v0_0_38 {

// v0.0.37's document re-named for v0.0.38, with v0.0.38's operation ids, /licenses and its
// new schemas. Built once.
const Json& openapi_document();

}  // namespace mock_slurmrestd::v0_0_38
