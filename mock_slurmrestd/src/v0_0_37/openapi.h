// v0.0.37's OpenAPI 3.0 description: its piece of the document served at /openapi*.
#pragma once

#include "envelope.h"

namespace mock_slurmrestd::v0_0_37 {

// The real daemon's v0.0.37 document (`-s openapi/v0.0.37`): paths, operations, parameters,
// responses and schemas with their properties, types and key order; the prose is our own.
// Kept as data in openapi.json next to this file. Parsed once.
const Json& openapi_document();

}  // namespace mock_slurmrestd::v0_0_37
