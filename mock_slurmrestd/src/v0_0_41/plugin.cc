// data_parser/v0.0.41's entry point: v0.0.40's functions called with v0.0.41's Shape.
#include "v0_0_41/plugin.h"

#include "v0_0_40/answer.h"
#include "v0_0_40/openapi.h"
#include "v0_0_40/plugin.h"
#include "v0_0_40/routes.h"
#include "v0_0_40/slurmdb_routes.h"

namespace mock_slurmrestd::v0_0_41 {

using v0_0_40::Shape;

extern const char kOpenapi2411[];    // openapi_24.11.json (mock_embed_text)
extern const char kOpenapiDb2411[];  // openapi_db_24.11.json (mock_embed_text)

Shape shape() {
  Shape s;
  s.name = "v0.0.41";
  s.data_parser = "data_parser/v0.0.41";
  s.diag_cycle_details = true;
  s.node_gpu_fields = true;
  s.partition_select_type = true;
  s.job_resources_nodes = true;
  s.job_state_task_own_id = true;
  s.job_states_null_on_failure = true;
  s.jobs_bad_flag_still_lists = true;
  s.job_desc_revision = 41;
  s.parser_prints_values = true;
  s.flags_failure_refuses = false;
  s.no_val_wants_object = false;
  s.update_results_null = true;
  s.bad_signal_refused = false;
  s.allocate_route = true;
  s.kill_flag_no_cron_jobs = false;
  s.db_association_id_object = false;
  s.db_accounts_with_assocs = false;
  s.db_rollups_by_period = true;
  s.db_job_stdio = true;
  return s;
}

namespace {

Json meta(const SlurmRelease& release) { return v0_0_40::meta(release, shape()); }
void routes(App& app, const LoadedVersion& self) { v0_0_40::register_routes(app, self, shape()); }
Json piece(const SlurmRelease& release) {
  return v0_0_40::openapi_piece(release, {{"24.11", kOpenapi2411}});
}

Json db_meta(const SlurmRelease& release) { return v0_0_40::slurmdb_meta(release, shape()); }
void db_routes(App& app, const LoadedVersion& self) {
  v0_0_40::register_slurmdb_routes(app, self, shape());
}
Json db_piece(const SlurmRelease& release) {
  return v0_0_40::openapi_piece(release, {{"24.11", kOpenapiDb2411}});
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

}  // namespace mock_slurmrestd::v0_0_41
