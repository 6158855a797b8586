// openapi/v0.0.36's entry point: wires the folder's pieces into one ApiVersion.
#include "v0_0_36/plugin.h"

#include "v0_0_36/openapi.h"
#include "v0_0_36/parse.h"
#include "v0_0_36/refusals.h"
#include "v0_0_36/routes.h"
#include "v0_0_36/signals.h"

namespace mock_slurmrestd::v0_0_36 {

namespace {

void register_routes(App& app, const LoadedVersion& self) {
  register_diag_routes(app, self);
  register_job_routes(app, self);
  register_node_routes(app, self);
  register_partition_routes(app, self);
}

bool submission_ok(const Json& body) { return parse_job_submission(body).ok; }
bool update_ok(const Json& body, const std::string& peer) {
  return parse_job_update(body, peer).ok;
}
bool signal_ok(int signal) { return valid_signal(signal); }

}  // namespace

Json meta(const SlurmRelease& release) {
  Json m;
  m["plugin"]["type"] = "openapi/v0.0.36";
  m["plugin"]["name"] = "REST v0.0.36";
  m["Slurm"]["version"]["major"] = release.major;
  m["Slurm"]["version"]["micro"] = release.micro;
  m["Slurm"]["version"]["minor"] = release.minor;
  m["Slurm"]["release"] = release.release;
  return m;
}

const ApiVersion& plugin() {
  static const ApiVersion v = [] {
    ApiVersion a;
    a.name = "v0.0.36";
    a.plugin_type = "openapi/v0.0.36";
    a.meta = &meta;
    a.register_routes = &register_routes;
    a.submission_reaches_controller = &submission_ok;
    a.update_reaches_controller = &update_ok;
    a.parse_signal = &parse_signal;
    a.valid_signal = &signal_ok;
    a.token_refused = &token_refused;
    a.controller_down = &controller_down;
    a.openapi_document = &openapi_document;
    return a;
  }();
  return v;
}

}  // namespace mock_slurmrestd::v0_0_36
