// openapi/v0.0.37's entry point: v0.0.36's pieces where the daemon answers alike.
#include "v0_0_37/plugin.h"

#include "v0_0_36/plugin.h"
#include "v0_0_36/routes.h"
#include "v0_0_37/dump.h"
#include "v0_0_37/openapi.h"
#include "v0_0_37/parse_rules.h"
#include "v0_0_37/refusals.h"

namespace mock_slurmrestd::v0_0_37 {

Response unknown_job(const LoadedVersion& self, const Request& req, const std::string& id) {
  Envelope env(self.meta);
  env.add_error_object(Json{{"description", "Unable to find JobId=" + id},
                            {"error_number", 2017},
                            {"error", "Invalid job id specified"},
                            {"source", "slurm_load_job"}});
  env["jobs"] = Json::array();
  return render(env, 500, req);
}

Response kill_refused(const LoadedVersion& self, const Request& req, const std::string& id,
                      int signal, const std::string& error, int errno_value) {
  Envelope env(self.meta);
  if (error.empty()) {
    env.add_error_object(Json{{"description", "invalid signal: " + std::to_string(signal)},
                              {"error_number", 9000},
                              {"error", "Query empty or not RFC7320 compliant"},
                              {"source", "HTTP request: signal"}});
    return render(env, 400, req);
  }
  env.add_error_object(Json{{"description", "unable to kill JobId=" + id + " with signal " +
                                                std::to_string(signal) + ": " + error},
                            {"error_number", errno_value},
                            {"error", error},
                            {"source", "slurm_kill_job"}});
  return render(env, 500, req);
}

namespace {

void register_routes(App& app, const LoadedVersion& self) {
  v0_0_36::Dumps dumps;
  dumps.unnamed_job = "";  // recorded: vX/job_unnamed, vX/update_after_time_limit
  dumps.rename_on_update = false;
  dumps.update_time_304 = true;      // recorded: vX/*_update_time_future
  dumps.unknown_job = &unknown_job;  // recorded: vX/job_unknown
  dumps.kill_refused = &kill_refused;
  dumps.job = &dump_job;
  dumps.node = &dump_node;
  dumps.partition = &dump_partition;
  dumps.one_node = &dump_one_node;
  dumps.parser = &parser_rules();
  dumps.job_id_routes = &register_job_id_routes;
  v0_0_36::register_diag_routes(app, self, dumps);
  v0_0_36::register_job_routes(app, self, dumps);
  v0_0_36::register_node_routes(app, self, dumps);
  v0_0_36::register_partition_routes(app, self, dumps);
  register_reservation_routes(app, self);
}

bool submission_ok(const Json& body) { return submission_parses(body, parser_rules()); }
bool update_ok(const Json& body, const std::string&) { return update_parses(body, parser_rules()); }

}  // namespace

bool submission_parses(const Json& body, const v0_0_36::ParserRules& rules) {
  return v0_0_36::parse_job_submission(body, rules).ok;
}

bool update_parses(const Json& body, const v0_0_36::ParserRules& rules) {
  return v0_0_36::parse_job_update(body, "[localhost]:0", rules).ok;
}

Json meta(const SlurmRelease& release) {
  Json m = v0_0_36::meta(release);
  m["plugin"]["type"] = "openapi/v0.0.37";
  m["plugin"]["name"] = "Slurm OpenAPI v0.0.37";
  return m;
}

const ApiVersion& plugin() {
  static const ApiVersion v = [] {
    ApiVersion a = v0_0_36::plugin();
    a.name = "v0.0.37";
    a.plugin_type = "openapi/v0.0.37";
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

}  // namespace mock_slurmrestd::v0_0_37
