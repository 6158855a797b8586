// v0.0.37's objects, derived from v0.0.36's (same values; different keys and state names).
#include "v0_0_37/dump.h"

#include <algorithm>

namespace mock_slurmrestd::v0_0_37 {

namespace sim = scheduler_sim;

void dump_job(Json& out, const sim::Job& job, const DumpContext& ctx) {
  v0_0_36::dump_job(out, job, ctx);
  // v0.0.37 prints the submitting user's name (v0.0.36 leaves it empty).
  out["user_name"] = job.user.name;
}

namespace {

Json partitions_of(const std::string& node_name, const DumpContext& ctx) {
  Json partitions = Json::array();
  for (const auto& p : ctx.partitions) {
    const auto& names = p.config.node_names;
    if (std::find(names.begin(), names.end(), node_name) != names.end()) {
      partitions.push_back(p.config.name);
    }
  }
  return partitions;
}

void dump_node_with(Json& out, const sim::Node& node, const DumpContext& ctx,
                    const Json& partitions) {
  v0_0_36::dump_node(out, node, ctx);
  const int cpus = node.config.cpus;
  rebuild(out, [&](Json& o, const std::string& key, Json value) {
    if (key == "state") {
      // Some CPUs in use: v0.0.37 says "mixed" where v0.0.36 says "allocated".
      if (node.base == sim::NodeBase::kMixed) value = "mixed";
      o[key] = std::move(value);
      Json flags = Json::array();
      if (node.drain) flags.push_back("DRAIN");
      if (node.completing_jobs > 0) flags.push_back("COMPLETING");
      o["state_flags"] = std::move(flags);
      o["next_state_after_reboot_flags"] = Json::array();
      return;
    }
    o[key] = std::move(value);
    if (key == "cpu_load") o["extra"] = "";
    if (key == "cpus") o["last_busy"] = node.last_busy;
    if (key == "owner") o["partitions"] = partitions;
  });
  out["alloc_memory"] = node.alloc_memory;
  out["alloc_cpus"] = node.alloc_cpus;
  out["idle_cpus"] = cpus - node.alloc_cpus;
  if (node.alloc_cpus > 0) {
    // Booked memory shows only under CR_*_Memory (under CR_CPU nothing is booked).
    out["tres_used"] =
        "cpu=" + std::to_string(node.alloc_cpus) +
        (node.alloc_memory > 0 ? ",mem=" + v0_0_36::format_tres_memory(node.alloc_memory)
                               : std::string());
  } else {
    out["tres_used"] = nullptr;
  }
  out["tres_weighted"] = static_cast<double>(node.alloc_cpus);
}

}  // namespace

void dump_node(Json& out, const sim::Node& node, const DumpContext& ctx) {
  dump_node_with(out, node, ctx, partitions_of(node.config.name, ctx));
}

void dump_one_node(Json& out, const sim::Node& node, const DumpContext& ctx) {
  const std::string first = ctx.nodes.empty() ? node.config.name : ctx.nodes.front().config.name;
  dump_node_with(out, node, ctx, partitions_of(first, ctx));
}

void dump_partition(Json& out, const sim::Partition& p, const DumpContext& ctx) {
  v0_0_36::dump_partition(out, p, ctx);
  rebuild(out, [&](Json& o, const std::string& key, Json value) {
    if (key == "nodes_online") return;  // dropped in v0.0.37
    if (key == "min_nodes_per_job") {
      o["min nodes per job"] = std::move(value);  // the daemon's key, spaces and all
      return;
    }
    o[key] = std::move(value);
    if (key == "qos") o["state"] = p.config.state;
  });
}

}  // namespace mock_slurmrestd::v0_0_37
