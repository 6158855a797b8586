// GET .../partitions and .../partition/{partition_name} of v0.0.36 (and alike versions).
#include <strings.h>

#include "v0_0_36/routes.h"

namespace mock_slurmrestd::v0_0_36 {

void register_partition_routes(App& app, const LoadedVersion& self, Dumps dumps) {
  app.router().add(
      "GET", self.prefix() + "/partitions",
      [&app, &self, dumps](Request& req) {
        auto locked = app.lock();
        if (auto r = not_modified(self, dumps, req, locked.sim().now(), "partitions")) return *r;
        return render_view(locked, self, ViewCache::kPartitions, 0, req,
                           [&app, &locked, dumps](Envelope& env) {
                             auto& sim = locked.sim();
                             auto ctx = dump_context(app, sim);
                             Json& out = env["partitions"] = Json::array();
                             for (const auto& p : sim.partitions()) {
                               Json j;
                               dumps.partition(j, p, ctx);
                               out.push_back(std::move(j));
                             }
                           });
      },
      ParamKind::kAny, tag(EndpointKind::kPartitions), &self);

  const std::string one = self.prefix() + "/partition/{partition_name}";
  app.router().add(
      "GET", one,
      [&app, &self, dumps](Request& req) {
        Envelope env(self.meta);
        auto locked = app.lock();
        auto& sim = locked.sim();
        if (auto r = not_modified(self, dumps, req, sim.now(), "partitions")) return *r;
        const std::string* name = req.param("partition_name");
        // slurmctld matches partition names without regard to case ("QUEUE1" finds queue1).
        const scheduler_sim::Partition* p = nullptr;
        for (const auto& candidate : sim.partitions()) {
          if (name && strcasecmp(candidate.config.name.c_str(), name->c_str()) == 0) {
            p = &candidate;
            break;
          }
        }
        Json& out = env["partitions"] = Json::array();
        if (!p) {
          env.add_error(scheduler_sim::slurm_strerror(scheduler_sim::Errno::kInvalidPartitionName),
                        static_cast<int>(scheduler_sim::Errno::kInvalidPartitionName));
          return render(env, 500, req);
        }
        Json j;
        dumps.partition(j, *p, dump_context(app, sim));
        out.push_back(std::move(j));
        return render(env, 200, req);
      },
      ParamKind::kAny, tag(EndpointKind::kPartitions), &self);
}

}  // namespace mock_slurmrestd::v0_0_36
