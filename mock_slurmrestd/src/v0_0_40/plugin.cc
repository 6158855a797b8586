// data_parser/v0.0.40's entry point, and what v0.0.41 and v0.0.42 build theirs from.
#include "v0_0_40/plugin.h"

#include "v0_0_36/signals.h"
#include "v0_0_40/answer.h"
#include "v0_0_40/openapi.h"
#include "v0_0_40/routes.h"

namespace mock_slurmrestd::v0_0_40 {

extern const char kOpenapi2411[];  // openapi_24.11.json (mock_embed_text)

namespace {

// No submission or update route is served yet: nothing to judge before slurmctld.
bool any_submission(const Json&) { return true; }
bool any_update(const Json&, const std::string&) { return true; }
bool any_signal(int) { return true; }

Json own_meta(const SlurmRelease& release) { return meta(release, kShape); }
void own_routes(App& app, const LoadedVersion& self) { register_routes(app, self, kShape); }
Json own_piece(const SlurmRelease& release) {
  return openapi_piece(release, {{"24.11", kOpenapi2411}});
}

}  // namespace

ApiVersion family_version(const Shape& shape, Json (*meta_fn)(const SlurmRelease&),
                          void (*routes)(App&, const LoadedVersion&),
                          Json (*piece)(const SlurmRelease&)) {
  ApiVersion a;
  a.name = shape.name;
  a.plugin_type = "openapi/slurmctld";
  a.data_parser = shape.data_parser;
  a.meta = meta_fn;
  a.register_routes = routes;
  a.submission_reaches_controller = &any_submission;
  a.update_reaches_controller = &any_update;
  a.parse_signal = &v0_0_36::parse_signal;
  a.valid_signal = &any_signal;
  a.token_refused = &token_refused;
  a.controller_down = &controller_down;
  a.openapi_piece = piece;
  return a;
}

const ApiVersion& plugin() {
  static const ApiVersion v = family_version(kShape, &own_meta, &own_routes, &own_piece);
  return v;
}

}  // namespace mock_slurmrestd::v0_0_40
