// v0.0.36's OpenAPI 3.0 description: its piece of the document served at /openapi*.
#pragma once

#include <string>

#include "envelope.h"

namespace mock_slurmrestd::v0_0_36 {

// Same paths, methods, operationIds, parameters, response codes and component schemas (names,
// property names, types, formats, $refs, enums, required lists, items) as the real daemon's
// document, so code generators produce identical clients; prose is our own. Built once.
const Json& openapi_document();

}  // namespace mock_slurmrestd::v0_0_36
