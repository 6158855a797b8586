// openapi/v0.0.38's entry point: v0.0.37's pieces where the daemon answers alike.
#include "v0_0_38/plugin.h"

#include "v0_0_36/routes.h"
#include "v0_0_37/dump.h"
#include "v0_0_37/plugin.h"
#include "v0_0_38/dump.h"
#include "v0_0_38/openapi.h"
#include "v0_0_38/parse_rules.h"
#include "v0_0_38/refusals.h"

namespace mock_slurmrestd::v0_0_38 {

void register_license_routes(App& app, const LoadedVersion& self);

namespace {

void register_routes(App& app, const LoadedVersion& self) {
  v0_0_36::Dumps dumps;
  dumps.unnamed_job = "";  // recorded: vX/job_unnamed, vX/update_after_time_limit
  dumps.rename_on_update = false;
  dumps.update_time_304 = true;               // recorded: vX/*_update_time_future
  dumps.unknown_job = &v0_0_37::unknown_job;  // recorded: vX/job_unknown
  dumps.kill_refused = &v0_0_37::kill_refused;
  dumps.job = &dump_job;
  dumps.node = &v0_0_37::dump_node;
  dumps.partition = &dump_partition;
  dumps.one_node = &v0_0_37::dump_one_node;
  dumps.diag = &dump_diag;
  dumps.parser = &parser_rules();
  dumps.job_id_routes = &v0_0_37::register_job_id_routes;
  v0_0_36::register_diag_routes(app, self, dumps);
  register_license_routes(app, self);
  v0_0_36::register_job_routes(app, self, dumps);
  v0_0_36::register_node_routes(app, self, dumps);
  v0_0_36::register_partition_routes(app, self, dumps);
  v0_0_37::register_reservation_routes(app, self);
}

bool submission_ok(const Json& body) { return v0_0_37::submission_parses(body, parser_rules()); }
bool update_ok(const Json& body, const std::string&) {
  return v0_0_37::update_parses(body, parser_rules());
}

}  // namespace

Json meta(const SlurmRelease& release) {
  Json m = v0_0_37::meta(release);
  m["plugin"]["type"] = "openapi/v0.0.38";
  m["plugin"]["name"] = "Slurm OpenAPI v0.0.38";
  return m;
}

const ApiVersion& plugin() {
  static const ApiVersion v = [] {
    ApiVersion a = v0_0_37::plugin();
    a.name = "v0.0.38";
    a.plugin_type = "openapi/v0.0.38";
    a.meta = &meta;
    a.register_routes = &register_routes;
    a.submission_reaches_controller = &submission_ok;
    a.update_reaches_controller = &update_ok;
    a.token_refused = &token_refused;
    a.controller_down = &controller_down;
    a.openapi_document = &openapi_document;
    return a;
  }();
  return v;
}

}  // namespace mock_slurmrestd::v0_0_38
