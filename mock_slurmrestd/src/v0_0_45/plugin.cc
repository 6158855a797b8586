// data_parser/v0.0.45's entry point: v0.0.40's functions called with v0.0.45's Shape.
#include "v0_0_45/plugin.h"

#include "v0_0_40/answer.h"
#include "v0_0_40/openapi.h"
#include "v0_0_40/plugin.h"
#include "v0_0_40/routes.h"
#include "v0_0_40/slurmdb_routes.h"
#include "v0_0_44/plugin.h"

namespace mock_slurmrestd::v0_0_45 {

using v0_0_40::Shape;

extern const char kOpenapi2605[];    // openapi_26.05.json (mock_embed_text)
extern const char kOpenapiDb2605[];  // openapi_db_26.05.json (mock_embed_text)
extern const char kConf2605[];       // conf_26.05.json (mock_embed_text)

// Ping reports a status instead of pinged and mode; diag drops parts_packed; nodes trade their
// power facts for suspend_time; partitions gain flags and preempt_mode
// (docs/oracle-notes/releases-24.11-26.05.md).
Shape shape() {
  Shape s = v0_0_44::shape();
  s.name = "v0.0.45";
  s.data_parser = "data_parser/v0.0.45";
  s.requeue_routes = true;
  s.partition_writes = true;
  s.reservation_watts = false;
  s.ping_status = true;
  s.diag_parts_packed = false;
  s.node_suspend_time = true;
  s.partition_flags_preempt = true;
  s.job_memory_update = true;
  s.db_job_sluid = true;
  s.db_conf = true;
  s.db_jobs_format = false;
  s.conf_table = kConf2605;
  s.job_implicit_max_nodes_flag = true;
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

}  // namespace mock_slurmrestd::v0_0_45
