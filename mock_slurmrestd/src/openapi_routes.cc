// GET /openapi, /openapi.json, /openapi.yaml and /openapi/v3: the loaded versions' document.
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "app.h"
#include "openapi_merge.h"

namespace mock_slurmrestd {

namespace {

// The merged texts depend only on the loaded versions' documents (each a version's static) and
// the release's JSON layout, so they are merged and rendered once per process, list of versions
// and layout, not once per server: a process that starts many servers (the test suites, the
// request fuzzer's fresh mock per input) otherwise spends most of each start-up here.
std::shared_ptr<const OpenapiTexts> merged_texts(const std::vector<const Json*>& pieces,
                                                 EmptyContainers empty) {
  static std::mutex mu;
  static std::map<std::pair<std::vector<const Json*>, EmptyContainers>,
                  std::shared_ptr<const OpenapiTexts>>
      rendered;
  std::lock_guard<std::mutex> g(mu);
  std::shared_ptr<const OpenapiTexts>& texts = rendered[{pieces, empty}];
  if (!texts) {
    texts = std::make_shared<const OpenapiTexts>(render_openapi(merge_openapi(pieces), empty));
  }
  return texts;
}

}  // namespace

void register_openapi_routes(App& app) {
  // Merged and pre-rendered once: the document is ~60 KB per version.
  std::vector<const Json*> pieces;
  for (const auto& v : app.versions()) pieces.push_back(&v->api->openapi_document());
  const EmptyContainers empty = app.release().one_line_empty_containers
                                    ? EmptyContainers::kOneLine
                                    : EmptyContainers::kTwoLines;
  std::shared_ptr<const OpenapiTexts> texts = merged_texts(pieces, empty);
  for (const char* path : {"/openapi", "/openapi.json", "/openapi.yaml", "/openapi/v3"}) {
    // Like the real daemon, every alias answers the same document, JSON unless YAML is
    // asked for in Accept (even /openapi.yaml).
    app.router().add(
        "GET", path,
        [texts](Request& req) {
          Response r;
          switch (negotiate(req)) {
            case Format::kUnknown: return unknown_accept();
            case Format::kJson:
              r.content_type = "application/json";
              r.body = texts->json;
              break;
            case Format::kYaml:
            case Format::kTextYaml:
              r.content_type = negotiate(req) == Format::kYaml ? "application/x-yaml" : "text/yaml";
              r.body = texts->yaml;
              break;
          }
          return r;
        },
        ParamKind::kAny, tag(EndpointKind::kOpenapi));
  }
}

void register_routes(App& app) {
  for (const auto& version : app.versions()) version->api->register_routes(app, *version);
  register_openapi_routes(app);
  register_admin_routes(app);
}

}  // namespace mock_slurmrestd
