// GET .../ping and .../diag of v0.0.36 (and of versions that answer alike).
#include <memory>
#include <string>

#include "json_writer.h"
#include "v0_0_36/routes.h"

namespace mock_slurmrestd::v0_0_36 {

void register_diag_routes(App& app, const LoadedVersion& self, Dumps dumps) {
  // The answer never changes (an unreachable controller is answered before the handler):
  // its JSON is rendered once per version.
  auto ping_doc = [&app, &self] {
    Envelope env(self.meta);
    Json ping;
    dump_ping(ping, app.hostname());
    env["pings"] = Json::array({std::move(ping)});
    return env;
  };
  auto ping_json = std::make_shared<const std::string>(to_slurm_json(ping_doc().doc()));
  app.router().add(
      "GET", self.prefix() + "/ping",
      [ping_doc, ping_json](Request& req) {
        if (negotiate(req) != Format::kJson) {
          Envelope env = ping_doc();
          return render(env, 200, req);
        }
        Response r;
        r.shared_body = ping_json;
        return r;
      },
      ParamKind::kAny, tag(EndpointKind::kPing), &self);

  auto diag = [&app, &self, dumps](Request& req) {
    Envelope env(self.meta);
    auto locked = app.lock();
    auto& sim = locked.sim();
    Json stats;
    DiagFacts facts;
    facts.req_time_start = app.started_at();
    dumps.diag(stats, sim.stats(), dump_context(app, sim), sim.jobs(), facts);
    env["statistics"] = std::move(stats);
    return render(env, 200, req);
  };
  // The daemon also answers diag on the bare prefixes ("/slurm" goes to the first loaded
  // version that binds it: Router::add keeps the first).
  for (const std::string& path : {self.prefix() + "/diag", self.prefix(), std::string("/slurm")}) {
    app.router().add("GET", path, diag, ParamKind::kAny, tag(EndpointKind::kDiag), &self);
  }
}

}  // namespace mock_slurmrestd::v0_0_36
