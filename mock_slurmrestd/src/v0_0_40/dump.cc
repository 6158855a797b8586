// v0.0.40's objects, and v0.0.41's to v0.0.45's through their Shape (recorded:
// mock_slurmrestd/tests/data/oracle/24.11/).
#include "v0_0_40/dump.h"

#include <algorithm>

#include "v0_0_40/number.h"

namespace mock_slurmrestd::v0_0_40 {

namespace sim = scheduler_sim;

namespace {

Json split_list(const std::string& text) {
  Json out = Json::array();
  size_t i = 0;
  while (i < text.size()) {
    size_t comma = text.find(',', i);
    if (comma == std::string::npos) comma = text.size();
    if (comma > i) out.push_back(text.substr(i, comma - i));
    i = comma + 1;
  }
  return out;
}

const char* base_state(sim::NodeBase base) {
  switch (base) {
    case sim::NodeBase::kUnknown: return "UNKNOWN";
    case sim::NodeBase::kIdle: return "IDLE";
    case sim::NodeBase::kMixed: return "MIXED";
    case sim::NodeBase::kAllocated: return "ALLOCATED";
    case sim::NodeBase::kDown: return "DOWN";
    case sim::NodeBase::kFuture: return "FUTURE";
    case sim::NodeBase::kError: return "ERROR";
  }
  return "UNKNOWN";
}

}  // namespace

// A drained node still running jobs (DRAINING) is ALLOCATED, never MIXED, and slurmctld reports
// none of its CPUs as allocated (asked: 24.11 and 26.05, tests/data/oracle/*/asked/nodes/).
bool draining(const sim::Node& node) { return node.drain && node.alloc_cpus > 0; }

Json node_state_list(const sim::Node& node) {
  Json out = Json::array({draining(node) ? "ALLOCATED" : base_state(node.base)});
  if (node.cloud) out.push_back("CLOUD");
  if (node.drain) out.push_back("DRAIN");
  if (node.not_responding) out.push_back("NOT_RESPONDING");
  if (node.powered_down) out.push_back("POWERED_DOWN");
  if (node.fail) out.push_back("FAIL");
  if (node.powering_up) out.push_back("POWERING_UP");
  if (node.powering_down) out.push_back("POWERING_DOWN");
  if (node.dynamic) out.push_back("DYNAMIC_NORM");
  return out;
}

void dump_ping(Json& out, const std::string& hostname, bool reached, int64_t latency_us,
               const Shape& shape, const std::string& status) {
  out = Json::object();
  out["hostname"] = hostname;
  if (shape.ping_status) {
    out["responding"] = reached;
    out["latency"] = latency_us;
    out["primary"] = true;
    out["status"] = status;
    return;
  }
  out["pinged"] = reached ? "UP" : "DOWN";
  if (shape.ping_responding_primary) out["responding"] = reached;
  out["latency"] = latency_us;
  out["mode"] = "primary";
  if (shape.ping_responding_primary) out["primary"] = true;
}

void dump_diag(Json& out, const sim::SimStats& s, const DumpContext& ctx,
               const std::vector<const sim::Job*>& jobs, const DiagFacts& facts,
               const Shape& shape) {
  // The counters are v0.0.36's (same simulator facts); only layout and encoding differ.
  Json base;
  v0_0_36::dump_diag(base, s, ctx, jobs, facts);
  const bool v41 = shape.diag_cycle_details;
  Json schedule_exit = Json::object();
  for (const char* k : {"end_job_queue", "default_queue_depth", "max_job_start", "max_rpc_cnt",
                        "max_sched_time", "licenses"})
    schedule_exit[k] = 0;
  Json bf_exit = Json::object();
  for (const char* k : {"end_job_queue", "bf_max_job_start", "bf_max_job_test", "bf_max_time",
                        "bf_node_space_size", "state_changed"})
    bf_exit[k] = 0;
  out = Json::object();
  if (shape.diag_parts_packed) out["parts_packed"] = base["parts_packed"];
  out["req_time"] = number(base["req_time"].get<int64_t>());
  out["req_time_start"] = number(base["req_time_start"].get<int64_t>());
  out["server_thread_count"] = base["server_thread_count"];
  for (const char* k :
       {"agent_queue_size", "agent_count", "agent_thread_count", "dbd_agent_queue_size",
        "gettimeofday_latency", "schedule_cycle_max", "schedule_cycle_last"})
    out[k] = base[k];
  if (v41) out["schedule_cycle_sum"] = 0;
  for (const char* k : {"schedule_cycle_total", "schedule_cycle_mean", "schedule_cycle_mean_depth",
                        "schedule_cycle_per_minute"})
    out[k] = base[k];
  if (v41) {
    out["schedule_cycle_depth"] = 0;
    out["schedule_exit"] = schedule_exit;
    out["schedule_queue_length"] = base["schedule_queue_length"];
  } else {
    out["schedule_queue_length"] = base["schedule_queue_length"];
    out["schedule_exit"] = schedule_exit;
  }
  for (const char* k : {"jobs_submitted", "jobs_started", "jobs_completed", "jobs_canceled",
                        "jobs_failed", "jobs_pending", "jobs_running"})
    out[k] = base[k];
  // slurmctld counts a cancel only on the old single-job kill path; these releases' slurmrestd
  // cancels with slurm_kill_jobs(), which never counts (oracle and sources,
  // docs/oracle-notes/dependencies-flags-writes.md): 0 whatever was cancelled.
  out["jobs_canceled"] = 0;
  out["job_states_ts"] = number(base["job_states_ts"].get<int64_t>());
  for (const char* k : {"bf_backfilled_jobs", "bf_last_backfilled_jobs", "bf_backfilled_het_jobs",
                        "bf_cycle_counter", "bf_cycle_mean", "bf_depth_mean", "bf_depth_mean_try"})
    out[k] = base[k];
  out["bf_cycle_sum"] = 0;
  out["bf_cycle_last"] = base["bf_cycle_last"];
  if (v41) {
    out["bf_cycle_max"] = base["bf_cycle_max"];
    out["bf_exit"] = bf_exit;
  }
  for (const char* k : {"bf_last_depth", "bf_last_depth_try", "bf_depth_sum", "bf_depth_try_sum"})
    out[k] = 0;
  out["bf_queue_len"] = base["bf_queue_len"];
  out["bf_queue_len_mean"] = base["bf_queue_len_mean"];
  out["bf_queue_len_sum"] = 0;
  out["bf_table_size"] = 0;
  if (v41) out["bf_table_size_sum"] = 0;
  out["bf_table_size_mean"] = 0;
  out["bf_when_last_cycle"] = number(base["bf_when_last_cycle"].get<int64_t>());
  out["bf_active"] = base["bf_active"];
  if (!v41) out["bf_exit"] = bf_exit;
  out["rpcs_by_message_type"] = Json::array();
  out["rpcs_by_user"] = Json::array();
  if (v41) {
    out["pending_rpcs"] = Json::array();
    out["pending_rpcs_by_hostlist"] = Json::array();
  }
}

void dump_node(Json& out, const sim::Node& node, const DumpContext& ctx, const Shape& shape) {
  // v0.0.36's node gives the topology Slurm derives from CPUs= and the host's facts.
  Json base;
  v0_0_36::dump_node(base, node, ctx);
  const sim::NodeConfig& c = node.config;
  const int64_t free_memory = ctx.host ? ctx.host->free_memory : 0;
  Json partitions = Json::array();
  for (const auto& p : ctx.partitions) {
    const auto& names = p.config.node_names;
    if (std::find(names.begin(), names.end(), c.name) != names.end())
      partitions.push_back(p.config.name);
  }
  Json energy = Json::object();
  energy["average_watts"] = 0;
  energy["base_consumed_energy"] = 0;
  energy["consumed_energy"] = 0;
  energy["current_watts"] = number(0);
  energy["previous_consumed_energy"] = 0;
  energy["last_collected"] = 0;

  out = Json::object();
  out["architecture"] = base["architecture"];
  out["burstbuffer_network_address"] = "";
  out["boards"] = c.boards;
  out["boot_time"] = number(node.boot_time);
  if (shape.node_cert_topology) {
    out["tls_cert_last_renewal"] = number(0);
    out["cert_flags"] = Json::array();
  }
  out["cluster_name"] = "";
  out["cores"] = base["cores"];
  out["specialized_cores"] = 0;
  out["cpu_binding"] = node.cpu_binding;
  out["cpu_load"] = base["cpu_load"];
  out["free_mem"] = number(free_memory);
  out["cpus"] = c.cpus;
  out["effective_cpus"] = c.cpus;
  out["specialized_cpus"] = "";
  out["energy"] = std::move(energy);
  if (!shape.node_suspend_time) out["external_sensors"] = Json::object();
  out["extra"] = node.extra;
  if (!shape.node_suspend_time) out["power"] = Json::object();
  out["features"] = split_list(c.features);
  out["active_features"] = split_list(node.active_features.value_or(c.features));
  if (shape.node_gpu_fields) out["gpu_spec"] = "";
  out["gres"] = c.gres;
  out["gres_drained"] = "N/A";
  out["gres_used"] = "";
  out["instance_id"] = "";
  out["instance_type"] = "";
  out["last_busy"] = number(node.last_busy);
  out["mcs_label"] = "";
  out["specialized_memory"] = 0;
  out["name"] = c.name;
  out["next_state_after_reboot"] = Json::array({"INVALID"});
  out["address"] = base["address"];
  out["hostname"] = base["hostname"];
  out["state"] = node_state_list(node);
  out["operating_system"] = base["operating_system"];
  out["owner"] = "";
  out["partitions"] = std::move(partitions);
  out["port"] = base["port"];
  out["real_memory"] = c.real_memory;
  if (shape.node_gpu_fields) out["res_cores_per_gpu"] = 0;
  out["comment"] = node.comment;
  out["reason"] = node.reason;
  out["reason_changed_at"] = number(node.reason.empty() ? 0 : node.reason_changed_at);
  // A fresh controller's nodes say "root" (uid 0) when no one set a reason.
  if (!node.reason_set_by_uid || *node.reason_set_by_uid == 0) {
    out["reason_set_by_user"] = "root";
  } else {
    out["reason_set_by_user"] = std::to_string(*node.reason_set_by_uid);
  }
  out["resume_after"] = number(node.resume_after);
  out["reservation"] = "";
  // Never suspended by power saving: the daemon prints INFINITE.
  if (shape.node_suspend_time) out["suspend_time"] = infinite_number();
  const int alloc_cpus = draining(node) ? 0 : node.alloc_cpus;
  out["alloc_memory"] = draining(node) ? 0 : node.alloc_memory;
  out["alloc_cpus"] = alloc_cpus;
  out["alloc_idle_cpus"] = c.cpus - alloc_cpus;
  out["tres_used"] = alloc_cpus > 0 ? "cpu=" + std::to_string(alloc_cpus) : "";
  if (!shape.node_suspend_time) out["tres_weighted"] = 0.0;
  out["slurmd_start_time"] = number(node.slurmd_start_time);
  out["sockets"] = base["sockets"];
  out["threads"] = base["threads"];
  out["temporary_disk"] = c.tmp_disk;
  out["weight"] = c.weight;
  if (shape.node_cert_topology) out["topology"] = node.topology;
  out["tres"] = base["tres"];
  out["version"] = base["slurmd_version"];
}

void dump_partition(Json& out, const sim::Partition& p, const DumpContext& ctx,
                    const Shape& shape) {
  const sim::PartitionConfig& c = p.config;
  int64_t total_cpus = 0, total_mem = 0;
  for (int i : p.node_indices) {
    if (i < 0 || i >= static_cast<int>(ctx.nodes.size())) continue;
    total_cpus += ctx.nodes[i].config.cpus;
    total_mem += ctx.nodes[i].config.real_memory;
  }
  const int64_t total_nodes = static_cast<int64_t>(p.node_indices.size());
  out = Json::object();
  out["nodes"] = {{"allowed_allocation", ""}, {"configured", c.nodes_expr}, {"total", total_nodes}};
  out["accounts"] = {{"allowed", c.allow_accounts}, {"deny", c.deny_accounts}};
  out["groups"] = {{"allowed", c.allow_groups}};
  out["qos"] = {{"allowed", ""}, {"deny", ""}, {"assigned", ""}};
  out["alternate"] = c.alternate;
  // A partition without nodes has no TRES string (asked: 26.05.5, asked/partitions/).
  out["tres"] = {{"billing_weights", ""},
                 {"configured", total_nodes == 0 ? std::string()
                                                 : "cpu=" + std::to_string(total_cpus) + ",mem=" +
                                                       v0_0_36::format_tres_memory(total_mem) +
                                                       ",node=" + std::to_string(total_nodes) +
                                                       ",billing=" + std::to_string(total_cpus)}};
  out["cluster"] = "";
  const bool v45 = shape.partition_flags_preempt;
  if (shape.partition_select_type) out["select_type"] = v45 ? Json::array({"NONE"}) : Json::array();
  out["cpus"] = {{"task_binding", v45 ? Json::array() : Json(0)}, {"total", total_cpus}};
  Json defaults = Json::object();
  // Up to v0.0.44 slurmctld's raw field: DefMemPerCPU with the per-CPU bit (bit 63) set, as a
  // signed number (asked: 24.11.5, v0.0.42); v0.0.45 prints 0 (asked: 26.05.5).
  defaults["memory_per_cpu"] =
      c.def_mem_per_cpu && !v45
          ? static_cast<int64_t>(static_cast<uint64_t>(*c.def_mem_per_cpu) | (uint64_t{1} << 63))
          : int64_t{0};
  // DefMemPerCPU replaces the per-node default (0) as the one set (asked: 26.05.5).
  defaults["partition_memory_per_cpu"] =
      c.def_mem_per_cpu ? number(*c.def_mem_per_cpu) : unset_number();
  defaults["partition_memory_per_node"] = c.def_mem_per_cpu ? unset_number() : number(0);
  defaults["time"] = optional_number(c.default_time);
  defaults["job"] = "";
  out["defaults"] = std::move(defaults);
  if (shape.partition_flags_preempt) {
    Json flags = Json::array();
    if (c.is_default) flags.push_back("DEFAULT");
    if (c.hidden) flags.push_back("HIDDEN");
    if (c.root_only) flags.push_back("ROOT_ONLY");
    if (c.lln) flags.push_back("LLN");
    out["flags"] = std::move(flags);
    const std::string over = (c.oversubscribe_force ? "FORCE:"
                              : c.oversubscribe_yes ? "YES:"
                                                    : "") +
                             std::to_string(c.oversubscribe_jobs);
    out["partition"] = {
        {"exclusive", c.exclusive_user ? "USER"
                      : c.exclusive    ? "NODE"
                                       : "NO"},
        {"oversubscribe", c.oversubscribe_force || c.oversubscribe_yes ? over : "NO"},
        {"state", Json::array({c.state})}};
  }
  out["grace_time"] = c.grace_time;
  Json max = Json::object();
  max["cpus_per_node"] = limit_number(c.max_cpus_per_node);
  max["cpus_per_socket"] = infinite_number();
  // The raw field again: MaxMemPerNode (no per-CPU bit) up to v0.0.44, 0 on v0.0.45 (asked).
  max["memory_per_cpu"] = c.max_mem_per_node && !v45 ? *c.max_mem_per_node : int64_t{0};
  max["partition_memory_per_cpu"] = unset_number();
  max["partition_memory_per_node"] = number(c.max_mem_per_node.value_or(0));
  max["nodes"] = limit_number(c.max_nodes);
  // slurmctld's max_share: the jobs a resource takes (EXCLUSIVE 0), FORCE adding 0x8000;
  // v0.0.45 prints 0 whatever the mode, which its partition.oversubscribe names (asked).
  const int jobs = v45 || c.exclusive ? 0 : c.oversubscribe_jobs;
  max["shares"] = c.oversubscribe_force && !v45 ? 0x8000 | jobs : jobs;
  max["oversubscribe"] = {
      {"jobs", jobs},
      {"flags", c.oversubscribe_force && !v45 ? Json::array({"force"}) : Json::array()}};
  max["time"] = limit_number(c.max_time);
  max["over_time_limit"] = unset_number();
  out["maximums"] = std::move(max);
  out["minimums"] = {{"nodes", c.min_nodes}};
  out["name"] = c.name;
  out["node_sets"] = "";
  if (shape.partition_flags_preempt) out["preempt_mode"] = Json::array({"CLUSTER_GLOBAL"});
  out["priority"] = {{"job_factor", c.priority_job_factor}, {"tier", c.priority_tier}};
  out["timeouts"] = {{"resume", unset_number()}, {"suspend", unset_number()}};
  if (shape.partition_topology) out["topology"] = "";
  if (!shape.partition_flags_preempt) out["partition"] = {{"state", Json::array({c.state})}};
  out["suspend_time"] = unset_number();
}

}  // namespace mock_slurmrestd::v0_0_40
