// v0.0.37's OpenAPI piece, read from openapi.json (compiled in by mock_embed_text).
#include "v0_0_37/openapi.h"

namespace mock_slurmrestd::v0_0_37 {

// openapi.json's text: made from the real daemon's recorded document by
// contract_tests/tools/openapi_piece.py (facts kept, prose replaced by ours).
extern const char kOpenapiJson[];

const Json& openapi_document() {
  static const Json doc = Json::parse(kOpenapiJson);
  return doc;
}

}  // namespace mock_slurmrestd::v0_0_37
