// v0.0.36 rendering of jobs, nodes, partitions, diag and ping (key order = real
// daemon's).
#include "v0_0_36/dump.h"

#include <algorithm>
#include <optional>
#include <set>
#include <sstream>

#include "scheduler_sim/hostlist.h"
#include "v0_0_36/cpu_frequency.h"

namespace mock_slurmrestd::v0_0_36 {

namespace sim = scheduler_sim;

namespace {

// A running job without a time limit reports an end one year after its start.
constexpr int64_t kUnlimitedRunSeconds = 365LL * 24 * 3600;
// The real daemon's "show_flags": what slurmrestd asks the controller for.
const char* const kShowFlags[] = {"SHOW_ALL", "SHOW_DETAIL", "SHOW_LOCAL"};

const HostFacts& host_of(const DumpContext& ctx) {
  static const HostFacts kDefaults;
  return ctx.host != nullptr ? *ctx.host : kDefaults;
}

Json opt_int(const std::optional<int64_t>& v) { return v ? Json(*v) : Json(nullptr); }
std::string opt_str(const std::optional<std::string>& v) { return v.value_or(""); }

// A node list as slurmctld keeps it: sorted and compressed ("n2,n1" shows "n[1-2]").
std::string node_list_text(const std::optional<std::string>& v) {
  if (!v || v->empty()) return "";
  try {
    return sim::compress_hostlist(sim::expand_hostlist(*v));
  } catch (const std::exception&) {
    return *v;  // names are checked at submission; kept as given otherwise
  }
}

// The acct_gather profile names kept comma-separated ("Energy,Task"): a list, null when none.
Json profile_list(const std::optional<std::string>& v) {
  if (!v || v->empty()) return nullptr;
  Json out = Json::array();
  std::stringstream names(*v);
  for (std::string name; std::getline(names, name, ',');) out.push_back(name);
  return out;
}

// Slurm derives the socket/core layout from CPUs when only CPUs= is configured:
// one core and one thread per socket.
struct Topology {
  int sockets, cores, threads;
};
Topology topology_of(const sim::NodeConfig& c) {
  int threads = std::max(1, c.threads_per_core);
  int cores = std::max(1, c.cores_per_socket);
  int sockets = std::max(1, c.sockets);
  if (sockets * cores * threads != c.cpus && c.cpus > 0) {
    if (c.cpus % (cores * threads) == 0) {
      sockets = c.cpus / (cores * threads);
    } else {
      sockets = c.cpus;
      cores = 1;
      threads = 1;
    }
  }
  return {sockets, cores, threads};
}

bool was_allocated(const sim::Job& job) { return !job.allocation.empty(); }

// Local copy of "has the job reached a final state" so rendering links without
// the simulator.
bool finished_state(sim::JobState s) {
  return s != sim::JobState::kPending && s != sim::JobState::kRunning &&
         s != sim::JobState::kSuspended;
}

// Memory the job asked for across all its nodes, in MiB; without a request it
// gets each node's whole RealMemory (no DefMemPerCPU).
// The memory a job asked for, as tres_req_str shows it: per node (or per CPU) times the
// requested nodes (CPUs); without a request, a whole node's RealMemory per node.
int64_t requested_memory(const sim::Job& job, const DumpContext& ctx) {
  if (job.spec.memory_per_node.value_or(0) > 0)
    return *job.spec.memory_per_node * job.requested_nodes;
  if (job.spec.memory_per_cpu.value_or(0) > 0) return *job.spec.memory_per_cpu * job.requested_cpus;
  if (job.default_mem_per_cpu > 0) return job.default_mem_per_cpu * job.requested_cpus;
  int64_t per_node = 0;
  for (const auto& p : ctx.partitions) {
    if (p.config.name != job.partition) continue;
    for (int i : p.node_indices) {
      if (i >= 0 && i < static_cast<int>(ctx.nodes.size())) {
        per_node = ctx.nodes[i].config.real_memory;
        break;
      }
    }
  }
  return per_node * job.requested_nodes;
}

// A held job's dependency as asked, never tested: "afterok:9:10,singleton" ->
// "afterok:9(unfulfilled),afterok:10(unfulfilled),singleton(unfulfilled)" (oracle: a held
// job shows every clause, jobs it does not know included, and still does once cancelled). A
// bare job id is afterany; "?" anywhere joins every item with "?".
std::string untested_dependency_text(const std::string& text) {
  const char sep = text.find('?') == std::string::npos ? ',' : '?';
  std::string out;
  auto append = [&](const std::string& s) {
    if (!out.empty()) out += sep;
    out += s + "(unfulfilled)";
  };
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t end = text.find_first_of(",?", begin);
    if (end == std::string::npos) end = text.size();
    const std::string part = text.substr(begin, end - begin);
    begin = end + 1;
    if (part.empty()) continue;
    size_t colon = part.find(':');
    if (colon == std::string::npos) {
      const bool bare_id = part.find_first_not_of("0123456789") == std::string::npos;
      append(bare_id ? "afterany:" + part : part);
      continue;
    }
    std::string type = part.substr(0, colon);
    std::stringstream ids(part.substr(colon + 1));
    std::string id;
    while (std::getline(ids, id, ':')) {
      if (!id.empty()) append(type + ":" + id);
    }
  }
  return out;
}

// Shown while the controller has not found the dependency satisfied (measured on 22.05: a
// waiting job shows its last test's list, with "(failed)" ones and DependencyNeverSatisfied
// too, and a job cancelled for it keeps it); a held job is not tested at all.
std::string dependency_string(const sim::Job& job) {
  if (!job.spec.dependency) return "";
  if (job.held) return untested_dependency_text(*job.spec.dependency);
  const bool waiting =
      job.state == sim::JobState::kPending &&
      (job.state_reason == "Dependency" || job.state_reason == "DependencyNeverSatisfied");
  const bool killed =
      job.state == sim::JobState::kCancelled && job.state_reason == "DependencyNeverSatisfied";
  return waiting || killed ? dependency_left_text(job) : "";
}

// In Slurm's bit order of job flags (oracle: KILL_INV_DEP, GRES_ENFORCE_BIND, SPREAD_JOB,
// USE_MIN_NODES, JOB_CPUS_SET, GRES_DISABLE_BIND, JOB_MEM_SET given together).
Json job_flags(const sim::Job& job) {
  Json flags = Json::array();
  const sim::JobSpec& spec = job.spec;
  if (spec.kill_on_invalid_dependency)
    flags.push_back(*spec.kill_on_invalid_dependency ? "KILL_INV_DEP" : "NO_KILL_INV_DEP");
  if (spec.gres_binding == "enforce") flags.push_back("GRES_ENFORCE_BIND");
  if (spec.spread_job.value_or(false)) flags.push_back("SPREAD_JOB");
  if (spec.use_min_nodes.value_or(false)) flags.push_back("USE_MIN_NODES");
  bool cpus_set = job.cpus_set;
  bool mem_set = job.spec.memory_per_node.has_value() || job.spec.memory_per_cpu.has_value();
  // A finished job that ran has had its TRES strings recalculated (once its epilog is done:
  // a COMPLETING job shows neither flag, oracle) and loses JOB_WAS_RUNNING.
  bool finished_after_run = finished_state(job.state) && job.was_running;
  // (not on a heterogeneous job's later components: the oracle recalculates the leader only)
  if (finished_after_run && !job.completing && job.het_job_offset == 0)
    flags.push_back("TRES_STR_CALC");
  if (cpus_set) flags.push_back("JOB_CPUS_SET ");  // the trailing space is the daemon's
  if (spec.gres_binding == "disable") flags.push_back("GRES_DISABLE_BIND");
  if (job.was_running && !finished_after_run) flags.push_back("JOB_WAS_RUNNING");
  if (mem_set) flags.push_back("JOB_MEM_SET");
  return flags;
}

void dump_job_resources(Json& out, const sim::Job& job, const DumpContext& ctx) {
  out = Json::object();
  if (job.allocation.empty()) return;
  int total_cpus = 0;
  for (const auto& a : job.allocation) total_cpus += a.cpus;
  out["nodes"] = job.nodes;
  out["allocated_cpus"] = total_cpus;
  out["allocated_hosts"] = static_cast<int64_t>(job.allocation.size());
  Json& nodes = out["allocated_nodes"] = Json::object();
  for (size_t i = 0; i < job.allocation.size(); ++i) {
    const auto& a = job.allocation[i];
    Topology t{1, 1, 1};
    if (a.node_index >= 0 && a.node_index < static_cast<int>(ctx.nodes.size()))
      t = topology_of(ctx.nodes[a.node_index].config);
    // The CPUs the simulator handed out (the lowest ones when it did not say).
    std::vector<int> cpu_ids = a.cpu_ids;
    if (cpu_ids.empty())
      for (int cpu = 0; cpu < a.cpus; ++cpu) cpu_ids.push_back(cpu);
    std::set<int> sockets, cores;
    for (int cpu : cpu_ids) {
      int core_global = cpu / t.threads;
      sockets.insert((core_global / t.cores) % t.sockets);
      cores.insert(core_global % t.cores);
    }
    Json& n = nodes[std::to_string(i)] = Json::object();
    Json& s = n["sockets"] = Json::object();
    for (int v : sockets) s[std::to_string(v)] = "unassigned";
    Json& c = n["cores"] = Json::object();
    for (int v : cores) c[std::to_string(v)] = "unassigned";
    // What the job booked there: 0 under CR_CPU, where memory is not consumable.
    n["memory"] = a.memory;
    n["cpus"] = a.cpus;
  }
}

}  // namespace

std::string format_tres_memory(int64_t mib) {
  if (mib > 0 && mib % (1024LL * 1024) == 0) return std::to_string(mib / (1024LL * 1024)) + "T";
  if (mib > 0 && mib % 1024 == 0) return std::to_string(mib / 1024) + "G";
  return std::to_string(mib) + "M";
}

std::string job_tres_req_str(const sim::Job& job, const DumpContext& ctx) {
  int cpus = job.requested_cpus;
  int nodes = job.requested_nodes;
  if (nodes == 0) return "";  // a record refused for its node count
  return "cpu=" + std::to_string(cpus) + ",mem=" + format_tres_memory(requested_memory(job, ctx)) +
         ",node=" + std::to_string(nodes) + ",billing=" + std::to_string(cpus);
}

// The memory appears only when the job booked some (CR_*_Memory; under CR_CPU it books none).
std::string job_tres_alloc_str(const sim::Job& job) {
  if (!was_allocated(job)) return "";
  int cpus = 0;
  int64_t memory = 0;
  for (const auto& a : job.allocation) cpus += a.cpus, memory += a.memory;
  return "cpu=" + std::to_string(cpus) +
         (memory > 0 ? ",mem=" + format_tres_memory(memory) : std::string()) +
         ",node=" + std::to_string(job.allocation.size()) + ",billing=" + std::to_string(cpus);
}

void dump_job(Json& out, const sim::Job& job, const DumpContext& ctx) {
  const sim::JobSpec& spec = job.spec;
  const bool finished = finished_state(job.state);
  const bool allocated = was_allocated(job);
  // A job cancelled before it ever ran: the controller stamps start = end = the cancel time
  // and shows null CPUs/tasks, unless the task count was fixed by the submission (`tasks`, or
  // `tasks_per_node` with a node count) or by an update (docs/oracle-notes/objects.md).
  const bool ended_unstarted = finished && !job.was_running && !allocated;
  const bool task_count_given =
      spec.tasks.has_value() || (spec.tasks_per_node.value_or(0) != 0 && spec.nodes.has_value());
  const bool counts_unknown = ended_unstarted && !job.tasks_updated && !task_count_given;

  sim::SimTime start_time = job.start_time;
  sim::SimTime end_time = job.end_time;
  if (ended_unstarted && start_time == 0) start_time = end_time;
  if (job.state == sim::JobState::kRunning || job.state == sim::JobState::kSuspended) {
    end_time = job.start_time + (job.time_limit ? *job.time_limit * 60 : kUnlimitedRunSeconds);
  } else if (job.state == sim::JobState::kPending) {
    // A pending job with an expected start (a begin time) shows start + limit; without a
    // limit the daemon adds INFINITE minutes * 60 in 32 bits, i.e. 4294967236 s.
    end_time = job.start_time == 0
                   ? 0
                   : job.start_time + (job.time_limit ? *job.time_limit * 60 : int64_t{4294967236});
  }

  out = Json::object();
  out["account"] = opt_str(spec.account);
  out["accrue_time"] = job.accrue_time;
  out["admin_comment"] = "";
  out["array_job_id"] = job.array_job_id;
  out["array_task_id"] = job.array_task_id ? Json(*job.array_task_id) : Json(nullptr);
  out["array_max_tasks"] = job.array_max_tasks;
  out["array_task_string"] = job.array_task_string;
  out["association_id"] = 0;
  out["batch_features"] = "";
  out["batch_flag"] = true;
  out["batch_host"] = job.batch_host;
  out["flags"] = job_flags(job);
  out["burst_buffer"] = opt_str(spec.burst_buffer);
  out["burst_buffer_state"] = "";
  out["cluster"] = ctx.config.cluster_name;
  out["cluster_features"] = opt_str(spec.cluster_constraint);
  out["command"] = "";
  out["comment"] = opt_str(spec.comment);
  out["contiguous"] = spec.contiguous.value_or(false);
  out["core_spec"] = nullptr;
  out["thread_spec"] = nullptr;
  out["cores_per_socket"] = opt_int(spec.cores_per_socket);
  // Billing is computed when the job first starts; a requeued job keeps it.
  out["billable_tres"] = allocated || job.restart_count > 0
                             ? Json(static_cast<double>(std::max(1, job.cpus)))
                             : Json(nullptr);
  // With a frequency range the daemon prints cpus_per_task and the minimum, under the key
  // "cpu_frequency_minumum" (sic); otherwise both are null (oracle, every version).
  const std::optional<CpuFrequency> freq =
      spec.cpu_frequency ? read_cpu_frequency(*spec.cpu_frequency) : std::nullopt;
  auto freq_part = [](const std::optional<uint32_t>& v) { return v ? Json(*v) : Json(nullptr); };
  if (freq && freq->minimum) {
    out["cpus_per_task"] = spec.cpus_per_task.value_or(1);
    out["cpu_frequency_minumum"] = *freq->minimum;
  } else {
    out["cpus_per_task"] = nullptr;  // null even when cpus_per_task was given
    out["cpu_frequency_minimum"] = nullptr;
  }
  out["cpu_frequency_maximum"] = freq ? freq_part(freq->maximum) : Json(nullptr);
  out["cpu_frequency_governor"] = freq ? freq_part(freq->governor) : Json(nullptr);
  out["cpus_per_tres"] = "";
  out["deadline"] = job.deadline;
  out["delay_boot"] = spec.delay_boot.value_or(0);
  out["dependency"] = dependency_string(job);
  out["derived_exit_code"] = job.derived_exit_code;
  out["eligible_time"] = job.eligible_time;
  out["end_time"] = end_time;
  out["excluded_nodes"] = node_list_text(spec.excluded_nodes);
  // A cancelled job's exit status arrives with its batch step's end, after the epilog
  // (oracle: 0 while COMPLETING).
  out["exit_code"] = job.completing && job.state == sim::JobState::kCancelled ? 0 : job.exit_status;
  out["features"] = opt_str(spec.constraints);
  out["federation_origin"] = "";
  out["federation_siblings_active"] = "";
  out["federation_siblings_viable"] = "";
  out["gres_detail"] = Json::array();
  out["group_id"] = job.user.gid;
  out["job_id"] = job.job_id;
  dump_job_resources(out["job_resources"], job, ctx);
  // Like job_state_string: a job whose nodes are still booting reports CONFIGURING, one whose
  // epilog still runs COMPLETING.
  out["job_state"] = job.configuring  ? "CONFIGURING"
                     : job.completing ? "COMPLETING"
                                      : sim::job_state_name(job.state);
  out["last_sched_evaluation"] = job.last_sched_evaluation;
  out["licenses"] = opt_str(spec.licenses);
  out["max_cpus"] = 0;
  out["max_nodes"] = job.max_nodes;
  out["mcs_label"] = opt_str(spec.mcs_label);
  out["memory_per_tres"] = "";
  out["name"] = job.name;  // an unnamed job is "openapi" (parse.cc); `name: null` is ""
  out["nodes"] = job.nodes;
  out["nice"] = spec.nice.value_or(0) != 0 ? opt_int(spec.nice) : Json(nullptr);  // 0: none
  out["tasks_per_core"] = opt_int(spec.tasks_per_core);
  out["tasks_per_node"] = spec.tasks_per_node.value_or(0);
  out["tasks_per_socket"] = opt_int(spec.tasks_per_socket);
  out["tasks_per_board"] = 0;
  out["cpus"] = counts_unknown ? Json(nullptr) : Json(std::max(1, job.cpus));
  // 0 only on the record of a submission refused for its node count
  out["node_count"] = job.requested_nodes == 0 ? 0 : std::max(1, job.node_count);
  out["tasks"] = counts_unknown ? Json(nullptr) : Json(std::max(1, job.tasks));
  out["het_job_id"] = job.het_job_id;
  out["het_job_id_set"] = job.het_job_id_set;
  out["het_job_offset"] = job.het_job_offset;
  out["partition"] = job.partition;
  // A request of 0 shows as none.
  out["memory_per_node"] =
      spec.memory_per_node.value_or(0) > 0 ? opt_int(spec.memory_per_node) : Json(nullptr);
  // A partition's DefMemPerCPU shows as the job's (measured on 24.11 and 26.05).
  out["memory_per_cpu"] = spec.memory_per_cpu.value_or(0) > 0 ? opt_int(spec.memory_per_cpu)
                          : job.default_mem_per_cpu > 0       ? Json(job.default_mem_per_cpu)
                                                              : Json(nullptr);
  out["minimum_cpus_per_node"] =
      spec.minimum_cpus_per_node.value_or(spec.cpus_per_task.value_or(1));
  out["minimum_tmp_disk_per_node"] = spec.tmp_disk_per_node.value_or(0);
  out["preempt_time"] = job.preempt_time;
  out["pre_sus_time"] = 0;
  out["priority"] = job.held ? 0 : static_cast<int64_t>(job.priority);  // a hold zeroes it
  out["profile"] = profile_list(spec.profile);
  out["qos"] = "";  // no accounting storage: no QOS
  out["reboot"] = false;
  out["required_nodes"] = node_list_text(spec.required_nodes);
  out["requeue"] = spec.requeue.value_or(true);
  out["resize_time"] = 0;
  out["restart_cnt"] = job.restart_count;
  out["resv_name"] = opt_str(spec.reservation);
  // Whole nodes asked for show "none" (oracle: `exclusive: "exclusive"`).
  out["shared"] = spec.shared                      ? Json(*spec.shared)
                  : spec.exclusive.value_or(false) ? Json("none")
                                                   : Json(nullptr);
  Json& show = out["show_flags"] = Json::array();
  for (const char* f : kShowFlags) show.push_back(f);
  out["sockets_per_board"] = 0;
  out["sockets_per_node"] = opt_int(spec.sockets_per_node);
  out["start_time"] = start_time;
  out["state_description"] = job.state_description;
  out["state_reason"] = job.state_reason;
  out["standard_error"] = opt_str(spec.standard_error);
  out["standard_input"] = opt_str(spec.standard_input);
  out["standard_output"] = opt_str(spec.standard_output);
  out["submit_time"] = job.submit_time;
  out["suspend_time"] = job.suspend_time;
  out["system_comment"] = "";
  out["time_limit"] = opt_int(job.time_limit);
  // INFINITE shows as null (oracle: 0, -1 or UNLIMITED with an UNLIMITED time_limit).
  out["time_minimum"] = spec.time_minimum.value_or(0) >= sim::kInfiniteMinutes
                            ? Json(nullptr)
                            : Json(spec.time_minimum.value_or(0));
  out["threads_per_core"] = opt_int(spec.threads_per_core);
  out["tres_bind"] = spec.gpu_binding ? "gpu:" + *spec.gpu_binding : std::string();
  out["tres_freq"] = spec.gpu_frequency ? "gpu:" + *spec.gpu_frequency : std::string();
  out["tres_per_job"] = "";
  out["tres_per_node"] = "";
  out["tres_per_socket"] = "";
  out["tres_per_task"] = "";
  out["tres_req_str"] = job_tres_req_str(job, ctx);
  out["tres_alloc_str"] = job_tres_alloc_str(job);
  out["user_id"] = job.user.uid;
  out["user_name"] = "";  // 22.05's controller does not send the name; v0.0.36 prints it empty
  out["wckey"] = opt_str(spec.wckey);
  out["current_working_directory"] = opt_str(spec.current_working_directory);
}

// The oracle prints "allocated" for a node with only some CPUs in use (v0.0.36 does not report
// MIXED; sinfo computes it client-side), and the base state only: drain, fail and power flags
// never show (a drained idle node is "idle", checked on a real 22.05.8 daemon).
std::string node_state(const sim::Node& node) {
  switch (node.base) {
    case sim::NodeBase::kIdle: return "idle";
    case sim::NodeBase::kMixed:
    case sim::NodeBase::kAllocated: return "allocated";
    case sim::NodeBase::kDown: return "down";
    case sim::NodeBase::kFuture: return "future";
    case sim::NodeBase::kError: return "error";
    case sim::NodeBase::kUnknown: return "unknown";
  }
  return "unknown";
}

void dump_node(Json& out, const sim::Node& node, const DumpContext& ctx) {
  const sim::NodeConfig& c = node.config;
  const HostFacts& host = host_of(ctx);
  const Topology t = topology_of(c);
  out = Json::object();
  out["architecture"] = host.architecture;
  out["burstbuffer_network_address"] = "";
  out["boards"] = c.boards;
  out["boot_time"] = node.boot_time;
  out["comment"] = "";
  out["cores"] = t.cores;
  out["cpu_binding"] = 0;
  out["cpu_load"] = host.cpu_load;
  out["free_memory"] = host.free_memory;
  out["cpus"] = c.cpus;
  out["features"] = c.features;
  out["active_features"] = c.features;
  out["gres"] = c.gres;
  out["gres_drained"] = "N/A";
  out["gres_used"] = "";
  out["mcs_label"] = "";
  out["name"] = c.name;
  out["next_state_after_reboot"] = "invalid";
  out["address"] = c.address.empty() ? c.name : c.address;
  out["hostname"] = c.hostname.empty() ? c.name : c.hostname;
  out["state"] = node_state(node);
  out["operating_system"] = host.operating_system;
  out["owner"] = node.owner ? Json(node.owner->name) : Json(nullptr);  // exclusive=user jobs
  out["port"] = c.port.value_or(6818);                                 // SlurmdPort default
  out["real_memory"] = c.real_memory;
  out["reason"] = node.reason;
  out["reason_changed_at"] = node.reason.empty() ? 0 : node.reason_changed_at;
  if (node.reason_set_by_uid) {
    out["reason_set_by_user"] = *node.reason_set_by_uid == 0
                                    ? std::string("root")
                                    : std::to_string(*node.reason_set_by_uid);
  } else {
    out["reason_set_by_user"] = nullptr;
  }
  out["slurmd_start_time"] = node.slurmd_start_time;
  out["sockets"] = t.sockets;
  out["threads"] = t.threads;
  out["temporary_disk"] = c.tmp_disk;
  out["weight"] = c.weight;
  out["tres"] = "cpu=" + std::to_string(c.cpus) + ",mem=" + format_tres_memory(c.real_memory) +
                ",billing=" + std::to_string(c.cpus);
  out["slurmd_version"] = host.slurm_version;
}

void dump_partition(Json& out, const sim::Partition& p, const DumpContext& ctx) {
  const sim::PartitionConfig& c = p.config;
  int64_t total_cpus = 0, total_mem = 0;
  for (int i : p.node_indices) {
    if (i < 0 || i >= static_cast<int>(ctx.nodes.size())) continue;
    total_cpus += ctx.nodes[i].config.cpus;
    total_mem += ctx.nodes[i].config.real_memory;
  }
  const int64_t total_nodes = static_cast<int64_t>(p.node_indices.size());
  out = Json::object();
  Json& flags = out["flags"] = Json::array();
  if (c.is_default) flags.push_back("default");
  Json& preempt = out["preemption_mode"] = Json::array();
  preempt.push_back("requeue");  // what 22.05 prints for PreemptMode=OFF
  preempt.push_back("gang_schedule");
  out["allowed_allocation_nodes"] = "";
  // slurm.conf's access lists and limits as written (the fixtures asked set none of them).
  out["allowed_accounts"] = c.allow_accounts;
  out["allowed_groups"] = c.allow_groups;
  out["allowed_qos"] = "";
  out["alternative"] = c.alternate;
  out["billing_weights"] = "";
  out["default_memory_per_cpu"] = c.def_mem_per_cpu.value_or(0);
  out["default_time_limit"] = opt_int(c.default_time);
  out["denied_accounts"] = c.deny_accounts;
  out["denied_qos"] = "";
  out["preemption_grace_time"] = c.grace_time;
  // UNLIMITED printed as a signed 32-bit -1
  out["maximum_cpus_per_node"] = c.max_cpus_per_node.value_or(-1);
  out["maximum_memory_per_node"] = c.max_mem_per_node.value_or(0);
  out["maximum_nodes_per_job"] = c.max_nodes.value_or(-1);
  out["max_time_limit"] = c.max_time.value_or(-1);
  out["min_nodes_per_job"] = c.min_nodes;
  out["name"] = c.name;
  out["nodes"] = c.nodes_expr;
  out["over_time_limit"] = nullptr;
  out["priority_job_factor"] = c.priority_job_factor;
  out["priority_tier"] = c.priority_tier;
  out["qos"] = "";
  // Despite its name, v0.0.36 prints the partition's state bits here: UP =
  // submit|schedule = 3.
  int64_t state_bits = 3;
  if (c.state == "DOWN") state_bits = 1;
  else if (c.state == "DRAIN") state_bits = 2;
  else if (c.state == "INACTIVE") state_bits = 0;
  out["nodes_online"] = state_bits;
  out["total_cpus"] = total_cpus;
  out["total_nodes"] = total_nodes;
  out["tres"] = "cpu=" + std::to_string(total_cpus) + ",mem=" + format_tres_memory(total_mem) +
                ",node=" + std::to_string(total_nodes) + ",billing=" + std::to_string(total_cpus);
}

void dump_diag(Json& out, const sim::SimStats& s, const DumpContext& ctx,
               const std::vector<const sim::Job*>& jobs, const DiagFacts& facts) {
  const sim::SimTime origin = facts.req_time_start != 0 ? facts.req_time_start : s.start_time;
  // The counts are those of the last snapshot, rebuilt from the jobs' own times.
  const sim::SimTime snapshot =
      ctx.now >= origin ? origin + (ctx.now - origin) / kJobStatesInterval * kJobStatesInterval
                        : ctx.now;
  int64_t pending = 0, running = 0;
  for (const sim::Job* j : jobs) {
    if (j == nullptr || j->submit_time > snapshot) continue;
    const bool ended = sim::is_finished(j->state) && j->end_time <= snapshot;
    const bool started = j->was_running && j->start_time <= snapshot;
    if (ended) continue;
    if (started) ++running;
    else ++pending;
  }
  // schedule_queue_length is the live queue, not the snapshot; held jobs are not in it (oracle:
  // three held jobs pending, queue length 0).
  int64_t queued = 0;
  for (const sim::Job* j : jobs)
    if (j != nullptr && j->state == sim::JobState::kPending && !j->held) ++queued;
  out = Json::object();
  out["parts_packed"] = facts.parts_packed;
  out["req_time"] = ctx.now;
  out["req_time_start"] = facts.req_time_start != 0 ? facts.req_time_start : s.start_time;
  out["server_thread_count"] = facts.server_thread_count;
  out["agent_queue_size"] = 0;
  out["agent_count"] = 0;
  out["agent_thread_count"] = 0;
  out["dbd_agent_queue_size"] = 0;
  out["gettimeofday_latency"] = ctx.host ? ctx.host->gettimeofday_latency : 0;
  out["schedule_cycle_max"] = 0;
  out["schedule_cycle_last"] = 0;
  out["schedule_cycle_total"] = s.schedule_cycles;
  out["schedule_cycle_mean"] = 0;
  out["schedule_cycle_mean_depth"] = 0;
  int64_t minutes = std::max<int64_t>(1, (ctx.now - s.start_time) / 60);
  out["schedule_cycle_per_minute"] = static_cast<int64_t>(s.schedule_cycles) / minutes;
  out["schedule_queue_length"] = queued;
  out["jobs_submitted"] = s.jobs_submitted;
  out["jobs_started"] = s.jobs_started;
  out["jobs_completed"] = s.jobs_completed;
  out["jobs_canceled"] = s.jobs_canceled;
  out["jobs_failed"] = s.jobs_failed;
  out["jobs_pending"] = pending;
  out["jobs_running"] = running;
  out["job_states_ts"] = snapshot;
  out["bf_backfilled_jobs"] = 0;
  out["bf_last_backfilled_jobs"] = 0;
  out["bf_backfilled_het_jobs"] = 0;
  out["bf_cycle_counter"] = 0;
  out["bf_cycle_mean"] = 0;
  out["bf_depth_mean"] = 0;
  out["bf_depth_mean_try"] = 0;
  out["bf_cycle_last"] = 0;
  out["bf_cycle_max"] = 0;
  out["bf_queue_len"] = 0;
  out["bf_queue_len_mean"] = 0;
  out["bf_when_last_cycle"] = 0;
  out["bf_active"] = false;
}

void dump_ping(Json& out, const std::string& hostname) {
  out = Json::object();
  out["hostname"] = hostname;
  out["ping"] = "UP";
  out["status"] = 0;
  out["mode"] = "primary";
}

// What slurmctld's last dependency test left of `job`'s dependencies, each job of a clause on
// its own with its status, joined by "?" in an either list: "afterok:9(failed)?afterok:10
// (unfulfilled)", "after:12+1(unfulfilled),singleton(unfulfilled)".
std::string dependency_left_text(const sim::Job& job) {
  std::string out;
  for (const sim::DependencyLeft& d : job.dependency_left) {
    if (!out.empty()) out += job.dependency_either ? '?' : ',';
    out += d.type;
    if (d.type != "singleton") out += ':' + std::to_string(d.job_id);
    if (d.minutes) out += '+' + std::to_string(d.minutes);
    out += d.failed ? "(failed)" : "(unfulfilled)";
  }
  return out;
}

}  // namespace mock_slurmrestd::v0_0_36
