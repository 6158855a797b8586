// GET /openapi, /openapi.json, /openapi.yaml and /openapi/v3: the loaded versions' document.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "api_version.h"
#include "app.h"
#include "json_writer.h"
#include "openapi_merge.h"
#include "releases.h"

namespace mock_slurmrestd {

namespace {

// The document's texts, each rendered at its first request: the document is 0.6-0.9 MB for
// the 24.11 and 26.05 releases, so neither a server's start nor its memory pays for a text
// (or the parsed pieces) nobody asks for; once rendered, a text is kept and served as is.
class LazyOpenapi {
 public:
  LazyOpenapi(SlurmRelease release, std::vector<const ApiVersion*> versions, EmptyContainers empty)
      : release_(std::move(release)), versions_(std::move(versions)), empty_(empty) {}
  // Shared with the answers: a request copies no text.
  std::shared_ptr<const std::string> json() {
    std::call_once(json_once_, [this] { json_ = render(false); });
    return json_;
  }
  std::shared_ptr<const std::string> yaml() {
    std::call_once(yaml_once_, [this] { yaml_ = render(true); });
    return yaml_;
  }

 private:
  std::shared_ptr<const std::string> render(bool yaml) const {
    const Json document = served_openapi(release_, versions_);
    if (!yaml) return std::make_shared<const std::string>(to_slurm_json(document, empty_));
    return std::make_shared<const std::string>(render_openapi_yaml(document));
  }
  const SlurmRelease release_;  // a copy: a test's own release may not outlive the text
  std::vector<const ApiVersion*> versions_;
  EmptyContainers empty_;
  std::once_flag json_once_, yaml_once_;
  std::shared_ptr<const std::string> json_, yaml_;
};

// The texts depend only on the release, the loaded versions (in order) and the JSON layout,
// so they are kept once per process for each (a release known by its name and number), not
// once per server: a process that starts many servers (the test suites, the request fuzzer's
// fresh mock per input) renders each once.
std::shared_ptr<LazyOpenapi> openapi_texts(const SlurmRelease& release,
                                           const std::vector<const ApiVersion*>& versions,
                                           EmptyContainers empty) {
  static std::mutex mu;
  static std::map<
      std::tuple<std::string, std::string, std::vector<const ApiVersion*>, EmptyContainers>,
      std::shared_ptr<LazyOpenapi>>
      kept;
  std::lock_guard<std::mutex> g(mu);
  std::shared_ptr<LazyOpenapi>& texts = kept[{release.name, release.release, versions, empty}];
  if (!texts) texts = std::make_shared<LazyOpenapi>(release, versions, empty);
  return texts;
}

}  // namespace

void register_openapi_routes(App& app) {
  std::vector<const ApiVersion*> versions;
  for (const auto& v : app.versions()) versions.push_back(v->api);
  const EmptyContainers empty = app.release().one_line_empty_containers
                                    ? EmptyContainers::kOneLine
                                    : EmptyContainers::kTwoLines;
  std::shared_ptr<LazyOpenapi> texts = openapi_texts(app.release(), versions, empty);
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
              r.shared_body = texts->json();
              break;
            case Format::kYaml:
            case Format::kTextYaml:
              r.content_type = negotiate(req) == Format::kYaml ? "application/x-yaml" : "text/yaml";
              r.shared_body = texts->yaml();
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
