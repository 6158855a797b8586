// data_parser/v0.0.42's entry point: v0.0.40's functions called with v0.0.42's Shape.
#include "v0_0_42/plugin.h"

#include "v0_0_40/answer.h"
#include "v0_0_40/openapi.h"
#include "v0_0_40/plugin.h"
#include "v0_0_40/routes.h"
#include "v0_0_40/slurmdb_routes.h"
#include "v0_0_41/plugin.h"

namespace mock_slurmrestd::v0_0_42 {

using v0_0_40::Shape;

extern const char kOpenapi2411[];    // openapi_24.11.json (mock_embed_text)
extern const char kOpenapi2605[];    // openapi_26.05.json (mock_embed_text)
extern const char kOpenapiDb2411[];  // openapi_db_24.11.json (mock_embed_text)
extern const char kOpenapiDb2605[];  // openapi_db_26.05.json (mock_embed_text)

Shape shape() {
  Shape s = v0_0_41::shape();
  s.name = "v0.0.42";
  s.data_parser = "data_parser/v0.0.42";
  s.ping_responding_primary = true;
  s.job_required_switches = true;
  s.jobs_update_time = true;
  s.job_desc_revision = 42;
  s.submit_result = false;
  s.update_submit_keys = false;
  s.kill_status = true;
  s.db_ping = true;
  return s;
}

namespace {

Json meta(const SlurmRelease& release) { return v0_0_40::meta(release, shape()); }
void routes(App& app, const LoadedVersion& self) { v0_0_40::register_routes(app, self, shape()); }
Json piece(const SlurmRelease& release) {
  return v0_0_40::openapi_piece(release, {{"24.11", kOpenapi2411}, {"26.05", kOpenapi2605}});
}

Json db_meta(const SlurmRelease& release) { return v0_0_40::slurmdb_meta(release, shape()); }
void db_routes(App& app, const LoadedVersion& self) {
  v0_0_40::register_slurmdb_routes(app, self, shape());
}
Json db_piece(const SlurmRelease& release) {
  return v0_0_40::openapi_piece(release, {{"24.11", kOpenapiDb2411}, {"26.05", kOpenapiDb2605}});
}

}  // namespace

const ApiVersion& slurmdb_plugin() {
  static const ApiVersion v = v0_0_40::slurmdb_version(shape(), &db_meta, &db_routes, &db_piece);
  return v;
}

const ApiVersion& plugin() {
  static const ApiVersion v = v0_0_40::family_version(shape(), &meta, &routes, &piece);
  return v;
}

}  // namespace mock_slurmrestd::v0_0_42
