// v0.0.38's objects, derived from v0.0.37's (same values; more keys, other shapes).
#include "v0_0_38/dump.h"

#include <string>
#include <utility>
#include <vector>

#include "group_names.h"

namespace mock_slurmrestd::v0_0_38 {

namespace sim = scheduler_sim;
using v0_0_37::rebuild;

namespace {

// v0.0.36/37's allocated_nodes object ({"0": {sockets, cores, memory, cpus}}) as v0.0.38's
// array ({sockets: {S: {cores: {C: "allocated"}}}, nodename, cpus_used, memory_used,
// memory_allocated}). The v0.0.36 rendering keeps sockets and cores apart, so every core it
// lists goes under every socket it lists (exact for the one-socket nodes recorded).
Json allocated_nodes(const Json& old, const sim::Job& job, const DumpContext& ctx) {
  Json out = Json::array();
  for (size_t i = 0; i < job.allocation.size(); ++i) {
    const Json* node = nullptr;
    if (auto it = old.find(std::to_string(i)); it != old.end()) node = &*it;
    Json n = Json::object();
    Json& sockets = n["sockets"] = Json::object();
    if (node) {
      Json cores = Json::object();
      for (auto c = (*node)["cores"].begin(); c != (*node)["cores"].end(); ++c) {
        cores[c.key()] = "allocated";
      }
      for (auto s = (*node)["sockets"].begin(); s != (*node)["sockets"].end(); ++s) {
        sockets[s.key()] = Json{{"cores", cores}};
      }
    }
    const int index = job.allocation[i].node_index;
    n["nodename"] = index >= 0 && index < static_cast<int>(ctx.nodes.size())
                        ? ctx.nodes[index].config.name
                        : std::string();
    n["cpus_used"] = 0;
    n["memory_used"] = 0;
    n["memory_allocated"] = job.allocation[i].memory;  // 0 under CR_CPU
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace

void dump_job(Json& out, const sim::Job& job, const DumpContext& ctx) {
  v0_0_37::dump_job(out, job, ctx);
  rebuild(out, [&](Json& o, const std::string& key, Json value) {
    if (key == "job_resources") {
      if (value.empty()) return;  // v0.0.38 omits it when the job holds nothing
      if (value.contains("allocated_nodes")) {
        value["allocated_nodes"] = allocated_nodes(value["allocated_nodes"], job, ctx);
      }
    }
    if (key == "flags") {
      // v0.0.36 and v0.0.37 print this flag with a trailing space; v0.0.38 without (oracle).
      for (Json& f : value) {
        if (f == "JOB_CPUS_SET ") f = "JOB_CPUS_SET";
      }
    }
    o[key] = std::move(value);
    if (key == "comment") o["container"] = job.spec.container.value_or("");
    if (key == "group_id") o["group_name"] = group_name(job.user.gid);
    if (key == "partition") o["prefer"] = job.spec.prefer.value_or("");
  });
}

void dump_partition(Json& out, const sim::Partition& p, const DumpContext& ctx) {
  v0_0_37::dump_partition(out, p, ctx);
  // The simulator sets no partition memory limits: v0.0.38 prints unset ones as null (v0.0.36
  // and v0.0.37 print 0), and it reports PreemptType none as "disabled".
  rebuild(out, [&](Json& o, const std::string& key, Json value) {
    if (key == "preemption_mode") {
      o[key] = Json::array({"disabled"});
      return;
    }
    if (key == "default_memory_per_cpu" || key == "maximum_memory_per_node") {
      o[key] = nullptr;
    } else {
      o[key] = std::move(value);
    }
    if (key == "default_memory_per_cpu") o["default_memory_per_node"] = nullptr;
    if (key == "maximum_cpus_per_node") o["maximum_memory_per_cpu"] = nullptr;
  });
}

void dump_diag(Json& out, const sim::SimStats& s, const DumpContext& ctx,
               const std::vector<const sim::Job*>& jobs, const v0_0_36::DiagFacts& facts) {
  Json old;
  v0_0_36::dump_diag(old, s, ctx, jobs, facts);
  // The simulator counts no RPCs by type or user: both lists are empty (docs/differences.md).
  out = Json::object();
  out["rpcs_by_message_type"] = Json::array();
  out["rpcs_by_user"] = Json::array();
  for (auto it = old.begin(); it != old.end(); ++it) {
    out[it.key()] = std::move(it.value());
    if (it.key() == "bf_queue_len_mean") {
      out["bf_table_size"] = 0;
      out["bf_table_size_mean"] = 0;
    }
  }
}

}  // namespace mock_slurmrestd::v0_0_38
