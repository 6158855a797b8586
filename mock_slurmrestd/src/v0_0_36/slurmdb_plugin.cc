// openapi/dbv0.0.36's entry point: its names, meta and routes.
#include "v0_0_36/slurmdb_plugin.h"

#include "v0_0_36/slurmdb_routes.h"

namespace mock_slurmrestd::v0_0_36 {

extern const char kOpenapiDb2205[];  // openapi_db_22.05.json (mock_embed_text)

namespace {

// The plugin's document (its paths and schemas, recorded with accounting; our prose), which
// slurmrestd merges after the slurmctld plugins'.
const Json& db_document() {
  static const Json doc = Json::parse(kOpenapiDb2205);
  return doc;
}

}  // namespace

namespace {

Json meta(const SlurmRelease& release) {
  return slurmdb_meta(release, "openapi/dbv0.0.36", "REST DB v0.0.36");
}

void register_routes(App& app, const LoadedVersion& self) {
  register_slurmdb_routes(app, self, DbShape{});
}

bool any_body(const Json&) { return true; }
bool any_update(const Json&, const std::string&) { return true; }
int no_signal(const std::string&) { return 0; }
bool any_signal(int) { return true; }
AuthRejection unhandled(AuthStatus, EndpointKind, const RejectionContext&) { return {}; }
AuthRejection not_asked(EndpointKind, const RejectionContext&, int*) { return {}; }
const Json& no_document() {
  static const Json doc = Json::object();
  return doc;
}

}  // namespace

void fill_slurmdb_plugin(ApiVersion& a) {
  a.path_root = "/slurmdb";
  a.submission_reaches_controller = &any_body;
  a.update_reaches_controller = &any_update;
  a.parse_signal = &no_signal;
  a.valid_signal = &any_signal;
  a.token_refused = &unhandled;
  a.controller_down = &not_asked;
  a.openapi_document = &no_document;
}

const ApiVersion& slurmdb_plugin() {
  static const ApiVersion v = [] {
    ApiVersion a;
    a.name = "v0.0.36";
    a.plugin_type = "openapi/dbv0.0.36";
    a.meta = &meta;
    a.register_routes = &register_routes;
    fill_slurmdb_plugin(a);
    a.openapi_document = &db_document;
    return a;
  }();
  return v;
}

}  // namespace mock_slurmrestd::v0_0_36
