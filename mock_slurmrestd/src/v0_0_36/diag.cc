// GET /slurm/v0.0.36/ping and /slurm/v0.0.36/diag.
#include <memory>
#include <string>

#include "app.h"
#include "json_writer.h"

namespace mock_slurmrestd {

void register_diag_routes(App& app) {
  // The answer never changes (an unreachable controller is answered before the handler):
  // its JSON is rendered once.
  auto ping_doc = [&app] {
    Envelope env;
    Json ping;
    v0_0_36::dump_ping(ping, app.hostname());
    env["pings"] = Json::array({std::move(ping)});
    return env;
  };
  auto ping_json = std::make_shared<const std::string>(to_slurm_json(ping_doc().doc()));
  app.router().add("GET", "/slurm/v0.0.36/ping", [ping_doc, ping_json](Request& req) {
    if (negotiate(req) != Format::kJson) {
      Envelope env = ping_doc();
      return render(env, 200, req);
    }
    Response r;
    r.shared_body = ping_json;
    return r;
  }, ParamKind::kAny, tag(EndpointKind::kPing));

  auto diag = [&app](Request& req) {
    Envelope env;
    auto locked = app.lock();
    auto& sim = locked.sim();
    Json stats;
    v0_0_36::DiagFacts facts;
    facts.req_time_start = app.started_at();
    v0_0_36::dump_diag(stats, sim.stats(), dump_context(sim), sim.jobs(), facts);
    env["statistics"] = std::move(stats);
    return render(env, 200, req);
  };
  // The daemon also answers diag on the bare prefixes.
  for (const char* path : {"/slurm/v0.0.36/diag", "/slurm/v0.0.36", "/slurm"}) {
    app.router().add("GET", path, diag, ParamKind::kAny, tag(EndpointKind::kDiag));
  }
}

}  // namespace mock_slurmrestd
