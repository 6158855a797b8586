// GET /slurm/v0.0.36/nodes and /slurm/v0.0.36/node/{node_name}.
#include "app.h"

namespace mock_slurmrestd {

void register_node_routes(App& app) {
  app.router().add("GET", "/slurm/v0.0.36/nodes", [&app](Request& req) {
    auto locked = app.lock();
    return render_view(locked, ViewCache::kNodes, 0, req, [&locked](Envelope& env) {
      auto& sim = locked.sim();
      auto ctx = dump_context(sim);
      Json& out = env["nodes"] = Json::array();
      for (const auto& node : sim.nodes()) {
        Json n;
        v0_0_36::dump_node(n, node, ctx);
        out.push_back(std::move(n));
      }
    });
  }, ParamKind::kAny, tag(EndpointKind::kNodes));

  app.router().add("GET", "/slurm/v0.0.36/node/{node_name}", [&app](Request& req) {
    Envelope env;
    auto locked = app.lock();
    auto& sim = locked.sim();
    const std::string* name = req.param("node_name");
    const scheduler_sim::Node* node = name ? sim.find_node(*name) : nullptr;
    Json& out = env["nodes"] = Json::array();
    if (!node) {
      env.add_error(scheduler_sim::slurm_strerror(scheduler_sim::Errno::kInvalidNodeName),
                    static_cast<int>(scheduler_sim::Errno::kInvalidNodeName));
      return render(env, 500, req);
    }
    Json n;
    v0_0_36::dump_node(n, *node, dump_context(sim));
    out.push_back(std::move(n));
    return render(env, 200, req);
  }, ParamKind::kAny, tag(EndpointKind::kNodes));
}

}  // namespace mock_slurmrestd
