// GET /openapi, /openapi.json, /openapi.yaml and /openapi/v3: the document we serve.
#include "app.h"
#include "v0_0_36/openapi.h"

namespace mock_slurmrestd {

void register_openapi_routes(App& app) {
  for (const char* path : {"/openapi", "/openapi.json", "/openapi.yaml", "/openapi/v3"}) {
    // Like the real daemon, every alias answers the same document, JSON unless YAML is
    // asked for in Accept (even /openapi.yaml).
    app.router().add("GET", path, [](Request& req) {
      // Pre-rendered once: the document is ~60 KB.
      Response r;
      switch (negotiate(req)) {
        case Format::kUnknown:
          return unknown_accept();
        case Format::kJson:
          r.content_type = "application/json";
          r.body = v0_0_36::openapi_document_text();
          break;
        case Format::kYaml:
        case Format::kTextYaml:
          r.content_type = negotiate(req) == Format::kYaml ? "application/x-yaml" : "text/yaml";
          r.body = v0_0_36::openapi_document_yaml();
          break;
      }
      return r;
    }, ParamKind::kAny, tag(EndpointKind::kOpenapi));
  }
}

}  // namespace mock_slurmrestd
