// data_parser/v0.0.44's entry point: v0.0.40's functions called with v0.0.44's Shape.
#include "v0_0_44/plugin.h"

#include "v0_0_40/answer.h"
#include "v0_0_40/openapi.h"
#include "v0_0_40/plugin.h"
#include "v0_0_40/routes.h"
#include "v0_0_40/slurmdb_routes.h"
#include "v0_0_43/plugin.h"

namespace mock_slurmrestd::v0_0_44 {

using v0_0_40::Shape;

extern const char kOpenapi2605[];    // openapi_26.05.json (mock_embed_text)
extern const char kOpenapiDb2605[];  // openapi_db_26.05.json (mock_embed_text)

// The routes served so far render as v0.0.43's: v0.0.44's own changes are in jobs and in
// routes not served yet (docs/oracle-notes/releases-24.11-26.05.md).
Shape shape() {
  Shape s = v0_0_43::shape();
  s.name = "v0.0.44";
  s.data_parser = "data_parser/v0.0.44";
  s.job_step_id = true;
  s.resources_route = true;
  s.db_user_default_qos = true;
  s.db_add_cond_required = true;
  s.new_node_route = true;
  s.db_jobs_altered = true;
  return s;
}

namespace {

Json meta(const SlurmRelease& release) { return v0_0_40::meta(release, shape()); }
void routes(App& app, const LoadedVersion& self) { v0_0_40::register_routes(app, self, shape()); }
Json piece(const SlurmRelease& release) {
  return v0_0_40::openapi_piece(release, {{"26.05", kOpenapi2605}});
}

Json db_meta(const SlurmRelease& release) { return v0_0_40::slurmdb_meta(release, shape()); }
void db_routes(App& app, const LoadedVersion& self) {
  v0_0_40::register_slurmdb_routes(app, self, shape());
}
Json db_piece(const SlurmRelease& release) {
  return v0_0_40::openapi_piece(release, {{"26.05", kOpenapiDb2605}});
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

}  // namespace mock_slurmrestd::v0_0_44
