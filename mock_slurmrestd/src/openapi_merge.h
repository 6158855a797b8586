// The OpenAPI document of a server: its loaded versions' documents merged as slurmrestd does.
#pragma once

#include <string>
#include <vector>

#include "envelope.h"
#include "json_writer.h"

namespace mock_slurmrestd {

struct ApiVersion;
struct SlurmRelease;

// One document from the versions' own, in load order, the way the real daemon (22.05,
// `-s openapi/A,openapi/B`) merges its plugins': the first document leads (tags, info with
// its version, security, servers and every other top-level key are the first's); each later
// one adds the paths and the members of each components map (schemas, securitySchemes, ...)
// that are not there yet, after those already there. A path two documents both have takes the
// later one's definition in the first one's place (/openapi* appear once); a schema keeps the
// first's. A single document is unchanged.
Json merge_openapi(const std::vector<const Json*>& documents);

// The document of a release whose versions are data_parser plugins, built the way its
// daemon builds it (measured: the recorded 24.11 and 26.05 documents and -d narrowings of
// them): `head`'s keys in its order, with, for each route in `routes` and each piece in load
// order, the piece's path `prefix + route` when it has one, and after each path the schemas
// of the piece that path reaches ($refs followed depth-first, in order) and the document
// lacks yet. A $ref to a schema the piece lacks throws std::logic_error.
struct OpenapiPiece {
  std::string prefix;  // "/slurm/v0.0.42/"
  Json document;       // {"paths": {...}, "components": {"schemas": {...}}}
};
Json merge_release_openapi(Json head, const std::vector<std::string>& routes,
                           const std::vector<OpenapiPiece>& pieces);

// The document a server of `release` with `versions` loaded serves: the versions' whole
// documents merged (merge_openapi) or, for a release with an openapi_head, their pieces
// (merge_release_openapi) with info["x-slurm"] naming what is loaded where the release has it.
Json served_openapi(const SlurmRelease& release, const std::vector<const ApiVersion*>& versions);

// The merged document as served: JSON in the daemon's layout, and YAML. Built once per server.
struct OpenapiTexts {
  std::string json;
  std::string yaml;
};
OpenapiTexts render_openapi(const Json& document,
                            EmptyContainers empty = EmptyContainers::kTwoLines);
// Its YAML alone.
std::string render_openapi_yaml(const Json& document);

}  // namespace mock_slurmrestd
