// The OpenAPI 3.0 description of the v0.0.36 API that the mock serves at /openapi*.
#pragma once

#include <string>

#include "envelope.h"

namespace mock_slurmrestd::v0_0_36 {

// Same paths, methods, operationIds, parameters, response codes and component schemas (names,
// property names, types, formats, $refs, enums, required lists, items) as the real daemon's
// document, so code generators produce identical clients; prose is our own. Built once.
const Json& openapi_document();

// openapi_document() rendered as the real daemon sends it (its JSON layout; see json_writer.h).
// Served for /openapi, /openapi.json, /openapi.yaml and /openapi/v3 alike. Built once.
const std::string& openapi_document_text();

// The YAML rendering (Accept: application/x-yaml or text/yaml). Built once.
const std::string& openapi_document_yaml();

}  // namespace mock_slurmrestd::v0_0_36
