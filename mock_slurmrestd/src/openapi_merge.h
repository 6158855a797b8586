// The OpenAPI document of a server: its loaded versions' documents merged as slurmrestd does.
#pragma once

#include <string>
#include <vector>

#include "envelope.h"
#include "json_writer.h"

namespace mock_slurmrestd {

// One document from the versions' own, in load order, the way the real daemon (22.05,
// `-s openapi/A,openapi/B`) merges its plugins': the first document leads (tags, info with
// its version, security, servers and every other top-level key are the first's); each later
// one adds the paths and the members of each components map (schemas, securitySchemes, ...)
// that are not there yet, after those already there. A path or schema two versions both
// have keeps the first's definition (/openapi* appear once). A single document is unchanged.
Json merge_openapi(const std::vector<const Json*>& documents);

// The merged document as served: JSON in the daemon's layout, and YAML. Built once per server.
struct OpenapiTexts {
  std::string json;
  std::string yaml;
};
OpenapiTexts render_openapi(const Json& document,
                            EmptyContainers empty = EmptyContainers::kTwoLines);

}  // namespace mock_slurmrestd
