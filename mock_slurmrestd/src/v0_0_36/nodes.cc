// GET .../nodes and .../node/{node_name} of v0.0.36 (and of versions that answer alike).
#include "v0_0_36/routes.h"

namespace mock_slurmrestd::v0_0_36 {

void register_node_routes(App& app, const LoadedVersion& self, Dumps dumps) {
  app.router().add(
      "GET", self.prefix() + "/nodes",
      [&app, &self, dumps](Request& req) {
        auto locked = app.lock();
        if (auto r = not_modified(self, dumps, req, locked.sim().now(), "nodes")) return *r;
        return render_view(locked, self, ViewCache::kNodes, 0, req,
                           [&app, &locked, dumps](Envelope& env) {
                             auto& sim = locked.sim();
                             auto ctx = dump_context(app, sim);
                             Json& out = env["nodes"] = Json::array();
                             for (const auto& node : sim.nodes()) {
                               Json n;
                               dumps.node(n, node, ctx);
                               out.push_back(std::move(n));
                             }
                           });
      },
      ParamKind::kAny, tag(EndpointKind::kNodes), &self);

  app.router().add(
      "GET", self.prefix() + "/node/{node_name}",
      [&app, &self, dumps](Request& req) {
        auto locked = app.lock();
        auto& sim = locked.sim();
        const std::string* name = req.param("node_name");
        const scheduler_sim::Node* node = name ? sim.find_node(*name) : nullptr;
        if (!node) {
          Envelope env(self.meta);
          env["nodes"] = Json::array();
          env.add_error(scheduler_sim::slurm_strerror(scheduler_sim::Errno::kInvalidNodeName),
                        static_cast<int>(scheduler_sim::Errno::kInvalidNodeName));
          return render(env, 500, req);
        }
        const auto index = static_cast<uint64_t>(node - sim.nodes().data());
        return render_view(locked, self, ViewCache::kNode, index, req,
                           [&app, &sim, node, dumps](Envelope& env) {
                             Json& out = env["nodes"] = Json::array();
                             Json n;
                             (dumps.one_node ? dumps.one_node : dumps.node)(
                                 n, *node, dump_context(app, sim));
                             out.push_back(std::move(n));
                           });
      },
      ParamKind::kAny, tag(EndpointKind::kNodes), &self);
}

}  // namespace mock_slurmrestd::v0_0_36
