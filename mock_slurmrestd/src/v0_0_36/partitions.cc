// GET /slurm/v0.0.36/partitions and /slurm/v0.0.36/partition/{partition_name}.
#include <strings.h>

#include "app.h"

namespace mock_slurmrestd {

void register_partition_routes(App& app) {
  app.router().add("GET", "/slurm/v0.0.36/partitions", [&app](Request& req) {
    auto locked = app.lock();
    return render_view(locked, ViewCache::kPartitions, 0, req, [&locked](Envelope& env) {
      auto& sim = locked.sim();
      auto ctx = dump_context(sim);
      Json& out = env["partitions"] = Json::array();
      for (const auto& p : sim.partitions()) {
        Json j;
        v0_0_36::dump_partition(j, p, ctx);
        out.push_back(std::move(j));
      }
    });
  }, ParamKind::kAny, tag(EndpointKind::kPartitions));

  app.router().add("GET", "/slurm/v0.0.36/partition/{partition_name}", [&app](Request& req) {
    Envelope env;
    auto locked = app.lock();
    auto& sim = locked.sim();
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
    v0_0_36::dump_partition(j, *p, dump_context(sim));
    out.push_back(std::move(j));
    return render(env, 200, req);
  }, ParamKind::kAny, tag(EndpointKind::kPartitions));
}

}  // namespace mock_slurmrestd
