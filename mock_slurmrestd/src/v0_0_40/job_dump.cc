// v0.0.40's job_info, and v0.0.41's and v0.0.42's through their Shape: every key the real
// 24.11 daemon prints, in its order, numbers as number.h's objects (field facts:
// docs/oracle-notes/releases-24.11-26.05.md, "Jobs: what GET prints").
#include "v0_0_40/job_dump.h"

#include <algorithm>
#include <cstring>
#include <set>
#include <sstream>
#include <vector>

#include "group_names.h"
#include "scheduler_sim/hostlist.h"
#include "v0_0_40/job_request.h"
#include "v0_0_40/number.h"

namespace mock_slurmrestd::v0_0_40 {

namespace sim = scheduler_sim;

namespace {

// A running job without a time limit reports an end one year after its start.
constexpr int64_t kUnlimitedRunSeconds = 365LL * 24 * 3600;
// Room for every key a job prints on any version (v0.0.40: 130; later versions add a few).
constexpr size_t kJobKeys = 160;
// NO_VAL as a task id: a pending array's packed record expands %a in its paths with it.
constexpr int64_t kNoValTaskId = 4294967294;

// float64_no_val: the same object with a floating-point number.
Json float_number(double v) {
  Json n = number(0);
  n["number"] = v;
  return n;
}
Json unset_float_number() {
  Json n = unset_number();
  n["number"] = 0.0;
  return n;
}
// tasks_per_core and tasks_per_socket: INFINITE unless asked for.
Json infinite_unless(const std::optional<int64_t>& v) { return v ? number(*v) : infinite_number(); }

bool finished_state(sim::JobState s) {
  return s != sim::JobState::kPending && s != sim::JobState::kRunning &&
         s != sim::JobState::kSuspended;
}

// A job cancelled because its dependency can never be met (kill_on_invalid_dependency).
bool killed_by_dependency(const sim::Job& job) {
  return job.state == sim::JobState::kCancelled && job.state_reason == "DependencyNeverSatisfied";
}

// Slurm's job flags the simulator can tell, in the job_flags enum's order. Not shown:
// BACKFILL_ATTEMPTED (the simulator starts jobs at once, as slurmctld's submit-time pass
// does; docs/differences.md R-jobs-backfill).
Json job_flags(const sim::Job& job, const DumpContext& ctx, bool implicit_max_nodes) {
  const sim::JobSpec& spec = job.spec;
  const bool finished_after_run = finished_state(job.state) && job.was_running;
  Json flags = Json::array();
  if (spec.kill_on_invalid_dependency)
    flags.push_back(*spec.kill_on_invalid_dependency ? "KILL_INVALID_DEPENDENCY"
                                                     : "NO_KILL_INVALID_DEPENDENCY");
  // Once the TRES strings are recalculated at the end (not while COMPLETING, nor on a
  // heterogeneous job's later components: recorded).
  // Not on an allocation, which has no batch step to account (asked on 24.11 and 26.05).
  if (finished_after_run && !job.completing && job.het_job_offset == 0 && !sim::is_allocation(spec))
    flags.push_back("SKIP_TRES_STRING_ACCOUNTING");
  if (job.het_flag) flags.push_back("HETEROGENEOUS_JOB");
  // Asked: `tasks` given sets it; `cpus_per_task` (1) sets no EXACT_CPU_COUNT_REQUESTED.
  if (spec.tasks) flags.push_back("EXACT_TASK_COUNT_REQUESTED");
  if (job.was_running && !finished_after_run) flags.push_back("JOB_WAS_RUNNING");
  if (spec.memory_per_node || spec.memory_per_cpu) flags.push_back("EXACT_MEMORY_REQUESTED");
  if (!spec.account) flags.push_back("USING_DEFAULT_ACCOUNT");
  if (!spec.partition) flags.push_back("USING_DEFAULT_PARTITION");
  if (!spec.qos) flags.push_back("USING_DEFAULT_QOS");
  if (!spec.wckey) flags.push_back("USING_DEFAULT_WCKEY");
  // A held job is never tested for independence: it stays DEPENDENT, cancelled too; so does
  // a job whose dependency can never be met, and one cancelled for it.
  const bool waits_on_dependency =
      job.state == sim::JobState::kPending &&
      (job.state_reason == "Dependency" || job.state_reason == "DependencyNeverSatisfied");
  if (job.held || waits_on_dependency || killed_by_dependency(job)) flags.push_back("DEPENDENT");
  // Assigned while the job is in the default partition it got: an update that moved it
  // drops the flag (asked on 24.11), USING_DEFAULT_PARTITION stays.
  bool has_default = false, in_default = false;
  for (const auto& p : ctx.partitions) {
    has_default = has_default || p.config.is_default;
    in_default = in_default || (p.config.is_default && p.config.name == job.partition);
  }
  if (!has_default) in_default = true;  // no Default=YES: not measured, kept as before
  if (!spec.partition && in_default) flags.push_back("PARTITION_ASSIGNED");
  if (implicit_max_nodes) flags.push_back("JOB_IMPLICIT_MAX_NODES");
  return flags;
}

// tres_req_str with the request's CPU count (billing follows it, as recorded): 22.05's
// string counts the CPUs of one task per job without `tasks`, 24.11's those of every task.
std::string tres_req_str(const sim::Job& job, const DumpContext& ctx, const JobRequest& request) {
  std::string s = v0_0_36::job_tres_req_str(job, ctx);
  if (s.rfind("cpu=", 0) != 0) return s;
  const std::string cpus = std::to_string(std::max<int64_t>(request.cpus, job.requested_cpus));
  s.replace(4, s.find(',') - 4, cpus);
  const size_t billing = s.rfind("billing=");
  if (billing != std::string::npos) s.replace(billing + 8, std::string::npos, cpus);
  return s;
}

// exit_code / derived_exit_code from a wait(2) status.
Json exit_object(int status) {
  Json out = Json::object();
  const int sig = status & 0x7f;
  if (sig != 0) {
    out["status"] = Json::array({"SIGNALED"});
    out["return_code"] = unset_number();
    out["signal"]["id"] = number(sig);
    const char* name = sigabbrev_np(sig);
    out["signal"]["name"] = name ? name : "";
    return out;
  }
  const int code = (status >> 8) & 0xff;
  out["status"] = Json::array({code == 0 ? "SUCCESS" : "ERROR"});
  out["return_code"] = number(code);
  out["signal"]["id"] = unset_number();
  out["signal"]["name"] = "";
  return out;
}

struct Topology {
  int sockets, cores, threads;
};
// Slurm's layout when only CPUs= is configured: one core and one thread per socket.
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

// The (socket, core) pairs the job holds on one node: the CPUs the simulator handed out (the
// lowest ones when it did not say).
std::set<std::pair<int, int>> held_cores(const sim::NodeAllocation& a, const Topology& t) {
  std::vector<int> cpu_ids = a.cpu_ids;
  if (cpu_ids.empty())
    for (int cpu = 0; cpu < a.cpus; ++cpu) cpu_ids.push_back(cpu);
  std::set<std::pair<int, int>> out;
  for (int cpu : cpu_ids) {
    const int core_global = cpu / t.threads;
    out.insert({(core_global / t.cores) % t.sockets, core_global % t.cores});
  }
  return out;
}

std::string node_name(const sim::NodeAllocation& a, const DumpContext& ctx) {
  return a.node_index >= 0 && a.node_index < static_cast<int>(ctx.nodes.size())
             ? ctx.nodes[a.node_index].config.name
             : std::string();
}

Topology node_topology(const sim::NodeAllocation& a, const DumpContext& ctx) {
  if (a.node_index >= 0 && a.node_index < static_cast<int>(ctx.nodes.size()))
    return topology_of(ctx.nodes[a.node_index].config);
  return {1, 1, 1};
}

// v0.0.40: only the sockets and cores the job holds, keyed by their index.
Json job_resources_v40(const sim::Job& job, const DumpContext& ctx) {
  Json out = Json::object();
  if (job.allocation.empty()) return out;
  int cpus = 0;
  for (const auto& a : job.allocation) cpus += a.cpus;
  out["nodes"] = job.nodes;
  out["allocated_cores"] = 0;
  out["allocated_cpus"] = cpus;
  out["allocated_hosts"] = static_cast<int64_t>(job.allocation.size());
  Json& nodes = out["allocated_nodes"] = Json::array();
  for (const auto& a : job.allocation) {
    Json n = Json::object();
    Json& sockets = n["sockets"] = Json::object();
    for (const auto& [s, c] : held_cores(a, node_topology(a, ctx)))
      sockets[std::to_string(s)]["cores"][std::to_string(c)] = "allocated";
    n["nodename"] = node_name(a, ctx);
    n["cpus_used"] = 0;
    n["memory_used"] = 0;
    n["memory_allocated"] = a.memory;  // 0 under CR_CPU
    nodes.push_back(std::move(n));
  }
  return out;
}

// v0.0.41 on: every socket and core of each node, each marked.
Json job_resources_v41(const sim::Job& job, const DumpContext& ctx, const Shape& shape) {
  if (job.allocation.empty()) return nullptr;
  int cpus = 0;
  for (const auto& a : job.allocation) cpus += a.cpus;
  Json out = Json::object();
  // SelectType=select/cons_tres with CR_CPU (the fixtures'); CR_Core would say CORE.
  out["select_type"] = Json::array({shape.job_memory_update ? "CR_CPU" : "CPU"});
  Json& nodes = out["nodes"] = Json::object();
  nodes["count"] = static_cast<int64_t>(job.allocation.size());
  nodes["select_type"] = Json::array({"ONE_ROW"});
  nodes["list"] = job.nodes;
  // Measured: true for `shared: none`, and for `topo` (which still shares the node's CPUs).
  nodes["whole"] = job.spec.exclusive.value_or(false) || job.spec.shared == "topo";
  Json& alloc = nodes["allocation"] = Json::array();
  for (size_t i = 0; i < job.allocation.size(); ++i) {
    const auto& a = job.allocation[i];
    const Topology t = node_topology(a, ctx);
    const auto held = held_cores(a, t);
    Json n = Json::object();
    n["index"] = static_cast<int64_t>(i);
    n["name"] = node_name(a, ctx);
    n["cpus"]["count"] = a.cpus;
    n["cpus"]["used"] = 0;
    n["memory"]["used"] = 0;
    n["memory"]["allocated"] = a.memory;
    Json& sockets = n["sockets"] = Json::array();
    for (int s = 0; s < t.sockets; ++s) {
      Json socket = Json::object();
      socket["index"] = s;
      Json& cores = socket["cores"] = Json::array();
      for (int c = 0; c < t.cores; ++c) {
        Json core = Json::object();
        core["index"] = c;
        core["status"] = Json::array({held.count({s, c}) ? "ALLOCATED" : "UNALLOCATED"});
        cores.push_back(std::move(core));
      }
      sockets.push_back(std::move(socket));
    }
    alloc.push_back(std::move(n));
  }
  out["cpus"] = cpus;
  out["threads_per_core"] = unset_number();
  return out;
}

// An unnamed output file is <cwd>/slurm-<job id>.out, an array task's slurm-<array>_<task>.out
// (the pending array's own record with NO_VAL as the task: recorded "slurm-1_4294967294.out").
std::string default_output(const sim::Job& job) {
  const std::string dir = job.spec.current_working_directory.value_or("");
  std::string id = std::to_string(job.job_id);
  if (job.array_job_id != 0) {
    id = std::to_string(job.array_job_id) + "_" +
         std::to_string(job.array_task_id ? int64_t{*job.array_task_id} : kNoValTaskId);
  }
  return dir + "/slurm-" + id + ".out";
}

std::string sluid(const sim::Job& job, const std::string& cluster) {
  return sluid_of(job.job_id, job.submit_time, cluster);
}

Json split_words(const std::optional<std::string>& text) {
  Json out = Json::array();
  if (!text) return out;
  std::stringstream in(*text);
  std::string word;
  while (std::getline(in, word, ',')) {
    if (!word.empty()) out.push_back(word);
  }
  return out;
}

}  // namespace

// Slurm's lightweight unique id: 's' and 13 Crockford base32 digits of 64 bits: 12 bits naming
// the cluster, then milliseconds since the epoch from bit 10 (recorded: the job's submission
// time with its milliseconds). The simulator's clock has whole seconds: the job id stands in
// for the milliseconds, so that ids stay unique.
std::string sluid_of(uint32_t job_id, int64_t submit_time, const std::string& cluster) {
  static const char kDigits[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  uint64_t cluster_bits = 0;
  for (unsigned char c : cluster) cluster_bits = (cluster_bits * 31 + c) & 0xfff;
  const uint64_t ms = static_cast<uint64_t>(submit_time) * 1000 + job_id % 1000;
  const uint64_t id = (cluster_bits << 52) | ((ms & ((uint64_t{1} << 42) - 1)) << 10);
  std::string out(14, '0');
  out[0] = 's';
  for (int i = 0; i < 13; ++i) out[13 - i] = kDigits[(id >> (5 * i)) & 31];
  return out;
}

Json job_state_list(const sim::Job& job) {
  Json out = Json::array({sim::job_state_name(job.state)});
  // slurmctld's flag order (measured: ["PENDING", "SPECIAL_EXIT", "COMPLETING"]).
  if (job.special_exit) out.push_back("SPECIAL_EXIT");
  if (job.configuring) out.push_back("CONFIGURING");
  if (job.completing) out.push_back("COMPLETING");
  if (job.resv_del_hold) out.push_back("RESV_DEL_HOLD");
  return out;
}

std::vector<std::string> job_state_ids(const sim::Job& job, const Shape& shape) {
  std::vector<std::string> out;
  if (job.het_job_id != 0) {
    out.push_back(std::to_string(job.job_id) + "+" + std::to_string(job.het_job_offset));
  } else if (job.array_task_id) {
    const uint32_t prefix = shape.job_state_task_own_id ? job.job_id : job.array_job_id;
    out.push_back(std::to_string(prefix) + "_" + std::to_string(*job.array_task_id));
  } else if (job.array_job_id != 0 && !job.array_task_string.empty()) {
    // The packed pending tasks, one name each: "1-3" -> 1_1, 1_2, 1_3 ("0-9:2" steps;
    // a "%N" throttle is not part of the list).
    std::string list = job.array_task_string.substr(0, job.array_task_string.find('%'));
    std::stringstream in(list);
    std::string part;
    while (std::getline(in, part, ',')) {
      int64_t lo = 0, hi = 0, step = 1;
      const size_t colon = part.find(':');
      if (colon != std::string::npos)
        step = std::max<int64_t>(1, std::atoll(part.c_str() + colon + 1));
      const size_t dash = part.find('-');
      lo = std::atoll(part.c_str());
      hi = dash != std::string::npos && dash < colon ? std::atoll(part.c_str() + dash + 1) : lo;
      for (int64_t t = lo; t <= hi; t += step)
        out.push_back(std::to_string(job.array_job_id) + "_" + std::to_string(t));
    }
  } else {
    out.push_back(std::to_string(job.job_id));
  }
  return out;
}

namespace {

// A required or excluded node list as slurmctld prints it: compressed and sorted (measured:
// `["queue1-dy-t3micro-6", "queue1-dy-t3micro-5"]` shows `queue1-dy-t3micro-[5-6]`).
std::string node_list(const std::optional<std::string>& v) {
  if (!v || v->empty()) return "";
  try {
    return sim::compress_hostlist(sim::expand_hostlist(*v));
  } catch (const std::exception&) {
    return *v;  // the simulator checked the names at submission
  }
}

// The node whose failure ended a NODE_FAIL job (asked on 24.11: the allocation's node set
// DOWN). The simulator keeps no record of it: the job's first node that is still down.
std::string failed_node(const sim::Job& job, const DumpContext& ctx) {
  if (job.state != sim::JobState::kNodeFail) return "";
  for (const sim::NodeAllocation& a : job.allocation) {
    const sim::Node& n = ctx.nodes[a.node_index];
    if (n.base == sim::NodeBase::kDown) return n.config.name;
  }
  return "";
}

// A pending job's dependencies as slurmctld's last test left them, each job of a clause on
// its own ("afterok:13(unfulfilled),afterok:14(unfulfilled)", "afterok:15(failed)",
// "singleton(unfulfilled)", "after:12+1(unfulfilled)"), joined by "?" in an either list; met
// ones are gone, and a job that left PENDING shows "" unless its dependency cancelled it
// (oracle, docs/oracle-notes/dependencies-flags-writes.md).
std::string dependency_text(const sim::Job& job) {
  if (job.state != sim::JobState::kPending && !killed_by_dependency(job)) return "";
  return v0_0_36::dependency_left_text(job);
}

}  // namespace

void dump_job(Json& out, const sim::Job& job, const DumpContext& ctx, const Shape& shape,
              const ReleaseRules& rules, bool detail) {
  out = reserved_object(kJobKeys);
  const sim::JobSpec& spec = job.spec;
  const bool finished = finished_state(job.state);
  const bool allocated = !job.allocation.empty();
  // A job cancelled before it ever ran: start = end = the cancel time, and its task count
  // unknown unless the submission or an update fixed it (recorded: the held job cancelled).
  const bool ended_unstarted = finished && !job.was_running && !allocated;
  const bool task_count_given =
      spec.tasks.has_value() || (spec.tasks_per_node.value_or(0) != 0 && spec.nodes.has_value());
  const bool tasks_unknown = ended_unstarted && !job.tasks_updated && !task_count_given;
  const JobRequest request = job_request(job, rules);
  // The counts a job shows until it gets nodes are its request's (job_request.h).
  const bool never_allocated = !allocated && !job.was_running && job.restart_count == 0;

  sim::SimTime start_time = job.start_time;
  sim::SimTime end_time = job.end_time;
  if (ended_unstarted && start_time == 0) start_time = end_time;
  if (job.state == sim::JobState::kRunning || job.state == sim::JobState::kSuspended) {
    end_time = job.start_time + (job.time_limit ? *job.time_limit * 60 : kUnlimitedRunSeconds);
  } else if (job.state == sim::JobState::kPending) {
    end_time = 0;
  }
  // An allocation has no batch step and no output files (measured on 24.11 and 26.05: every
  // path "", batch_flag false).
  const bool batch = !sim::is_allocation(spec);
  const std::string output = spec.standard_output.value_or(batch ? default_output(job) : "");
  const std::string error_path =
      spec.standard_error.value_or(rules.unset_stderr_empty ? "" : output);

  out = Json::object();
  out["account"] = spec.account.value_or("");
  out["accrue_time"] = number(job.accrue_time);
  out["admin_comment"] = "";
  // The host the submission came from as the daemon names its client (loopback: localhost).
  out["allocating_node"] = "localhost";
  out["array_job_id"] = number(job.array_job_id);
  out["array_task_id"] = job.array_task_id ? number(*job.array_task_id) : unset_number();
  out["array_max_tasks"] = number(job.array_max_tasks);
  out["array_task_string"] = job.array_task_string;
  out["association_id"] = 0;
  out["batch_features"] = "";
  out["batch_flag"] = batch;
  out["batch_host"] = job.batch_host;
  out["flags"] =
      job_flags(job, ctx, shape.job_implicit_max_nodes_flag && request.implicit_max_nodes);
  out["burst_buffer"] = spec.burst_buffer.value_or("");
  out["burst_buffer_state"] = "";
  out["cluster"] = ctx.config.cluster_name;
  out["cluster_features"] = "";
  out["command"] = "";
  out["comment"] = spec.comment.value_or("");
  out["container"] = spec.container.value_or("");
  out["container_id"] = "";
  if (shape.job_memory_update) out["container_type"] = "";
  out["contiguous"] = spec.contiguous.value_or(false);
  out["core_spec"] = spec.core_specification.value_or(0);
  out["thread_spec"] = spec.thread_specification.value_or(32766);  // recorded when not given
  out["cores_per_socket"] = optional_number(spec.cores_per_socket);
  // Billing is computed when the job first starts; a requeued job keeps it.
  out["billable_tres"] = allocated || job.restart_count > 0
                             ? float_number(static_cast<double>(std::max(1, job.cpus)))
                             : unset_float_number();
  out["cpus_per_task"] = number(spec.cpus_per_task.value_or(1));
  out["cpu_frequency_minimum"] = unset_number();
  out["cpu_frequency_maximum"] = unset_number();
  out["cpu_frequency_governor"] = unset_number();
  out["cpus_per_tres"] = "";
  out["cron"] = "";
  out["deadline"] = number(job.deadline);
  out["delay_boot"] = number(spec.delay_boot.value_or(0));
  out["dependency"] = dependency_text(job);
  out["derived_exit_code"] = exit_object(job.derived_exit_code);
  out["eligible_time"] = number(job.eligible_time);
  out["end_time"] = number(end_time);
  out["excluded_nodes"] = node_list(spec.excluded_nodes);
  // A cancelled job's exit status arrives with its batch step's end, after the epilog
  // (recorded: SUCCESS while COMPLETING, SIGNALED TERM once settled).
  out["exit_code"] =
      exit_object(job.completing && job.state == sim::JobState::kCancelled ? 0 : job.exit_status);
  out["extra"] = "";
  out["failed_node"] = failed_node(job, ctx);
  out["features"] = spec.constraints.value_or("");
  out["federation_origin"] = "";
  out["federation_siblings_active"] = "";
  out["federation_siblings_viable"] = "";
  out["gres_detail"] = Json::array();
  out["group_id"] = job.user.gid;
  out["group_name"] = group_name(job.user.gid);
  out["het_job_id"] = number(job.het_job_id);
  out["het_job_id_set"] = job.het_job_id_set;
  out["het_job_offset"] = number(job.het_job_offset);
  out["job_id"] = job.job_id;
  if (!detail)
    out["job_resources"] = shape.job_resources_nodes ? Json(nullptr) : Json(Json::object());
  else
    out["job_resources"] = shape.job_resources_nodes ? job_resources_v41(job, ctx, shape)
                                                     : job_resources_v40(job, ctx);
  out["job_size_str"] = Json::array();
  out["job_state"] = job_state_list(job);
  out["last_sched_evaluation"] = number(job.last_sched_evaluation);
  out["licenses"] = spec.licenses.value_or("");
  if (shape.job_expanded_paths) out["licenses_allocated"] = "";
  out["mail_type"] = split_words(spec.mail_type);
  out["mail_user"] = spec.mail_user.value_or(job.user.name);
  out["max_cpus"] = number(0);
  // The request's limit until the allocation clears it (also once cancelled unstarted).
  out["max_nodes"] = number(never_allocated ? request.max_nodes : job.max_nodes);
  out["mcs_label"] = spec.mcs_label.value_or("");
  out["memory_per_tres"] = "";
  if (shape.job_memory_update) {
    out["memory_update_delay"] = 0;
    out["memory_update_margin"] = 0;
  }
  out["name"] = job.name;
  out["network"] = "";
  out["nodes"] = job.nodes;
  out["nice"] = spec.nice.value_or(0);
  out["tasks_per_core"] = infinite_unless(spec.tasks_per_core);
  out["tasks_per_tres"] = number(0);
  out["tasks_per_node"] = number(spec.tasks_per_node.value_or(0));
  out["tasks_per_socket"] = infinite_unless(spec.tasks_per_socket);
  out["tasks_per_board"] = number(0);
  out["cpus"] =
      number(never_allocated ? std::max<int64_t>(request.cpus, job.cpus) : std::max(1, job.cpus));
  out["node_count"] = number(job.requested_nodes == 0 ? 0 : std::max(1, job.node_count));
  out["tasks"] = tasks_unknown                           ? unset_number()
                 : never_allocated && !job.tasks_updated ? number(request.tasks)
                                                         : number(std::max(1, job.tasks));
  out["partition"] = job.partition;
  out["prefer"] = spec.prefer.value_or("");
  // A partition's DefMemPerCPU shows as the job's per-CPU amount (asked: 24.11.5, 26.05.5).
  const int64_t per_cpu =
      spec.memory_per_cpu.value_or(0) > 0 ? *spec.memory_per_cpu : job.default_mem_per_cpu;
  out["memory_per_cpu"] = per_cpu > 0 ? number(per_cpu) : unset_number();
  out["memory_per_node"] = spec.memory_per_node.value_or(0) > 0 ? number(*spec.memory_per_node)
                           : per_cpu > 0                        ? unset_number()
                                                                : number(0);
  out["minimum_cpus_per_node"] = number(request.min_cpus_per_node);
  out["minimum_tmp_disk_per_node"] = number(0);
  if (!shape.job_memory_update) out["power"]["flags"] = Json::array();
  out["preempt_time"] = number(job.preempt_time);
  out["preemptable_time"] = number(0);
  out["pre_sus_time"] = number(0);
  out["hold"] = job.held;
  // A hold zeroes it.
  out["priority"] = number(job.held             ? 0
                           : rules.priority_one ? 1
                                                : static_cast<int64_t>(job.priority));
  if (shape.job_required_switches) out["priority_by_partition"] = Json::array();
  out["profile"] = Json::array({"NOT_SET"});
  out["qos"] = spec.qos.value_or("");
  out["reboot"] = false;
  out["required_nodes"] = node_list(spec.required_nodes);
  out[shape.job_required_switches ? "required_switches" : "minimum_switches"] = 0;
  out["requeue"] = spec.requeue.value_or(true);
  out["resize_time"] = number(0);
  out["restart_cnt"] = job.restart_count;
  out["resv_name"] = spec.reservation.value_or("");
  out["scheduled_nodes"] = "";
  if (shape.job_expanded_paths) out["segment_size"] = 0;
  out["selinux_context"] = "";
  out["shared"] = spec.shared ? Json::array({*spec.shared}) : Json::array();
  if (!shape.job_required_switches) {
    // Asked: a job that shares its nodes only with its user shows "user" here too.
    // v0.0.40/41 name the sharing mode twice (measured): `shared` none/oversubscribe/user is
    // `exclusive` true/false/user, and only a whole node is not `oversubscribe`.
    const std::string mode = spec.shared.value_or("");
    out["exclusive"] = mode.empty()              ? Json::array()
                       : mode == "none"          ? Json::array({"true"})
                       : mode == "oversubscribe" ? Json::array({"false"})
                                                 : Json::array({mode});
    out["oversubscribe"] = mode != "none";
    out["show_flags"] = Json::array();
  }
  if (shape.job_step_id) {
    Json& step = out["step_id"] = Json::object();
    step["sluid"] = sluid(job, ctx.config.cluster_name);
    step["job_id"] = number(job.job_id);
    step["step_het_component"] = unset_number();
    step["step_id"] = "entire";
  }
  out["sockets_per_board"] = 0;
  out["sockets_per_node"] = optional_number(spec.sockets_per_node);
  out["start_time"] = number(start_time);
  out["state_description"] = job.state_description;
  out["state_reason"] = job.state_reason;
  if (shape.job_expanded_paths) {
    out["standard_input"] = spec.standard_input.value_or("");
    out["standard_output"] = spec.standard_output.value_or(batch ? "slurm-%j.out" : "");
    out["standard_error"] = spec.standard_error.value_or("");
    out["stdin_expanded"] = spec.standard_input.value_or("");
    out["stdout_expanded"] = output;
    out["stderr_expanded"] = spec.standard_error.value_or("");
  } else {
    out["standard_error"] = error_path;
    out["standard_input"] = spec.standard_input.value_or(batch ? "/dev/null" : "");
    out["standard_output"] = output;
  }
  out["submit_time"] = number(job.submit_time);
  if (shape.job_step_id) out["submit_line"] = "";
  out["suspend_time"] = number(job.suspend_time);
  out["system_comment"] = "";
  out["time_limit"] = limit_number(job.time_limit);
  out["time_minimum"] = number(spec.time_minimum.value_or(0));
  out["threads_per_core"] = optional_number(spec.threads_per_core);
  for (const char* k : {"tres_bind", "tres_freq", "tres_per_job", "tres_per_node",
                        "tres_per_socket", "tres_per_task"})
    out[k] = "";
  out["tres_req_str"] = tres_req_str(job, ctx, request);
  out["tres_alloc_str"] = v0_0_36::job_tres_alloc_str(job);
  out["user_id"] = job.user.uid;
  out["user_name"] = job.user.name;
  out["maximum_switch_wait_time"] = 0;
  out["wckey"] = spec.wckey.value_or("");
  out["current_working_directory"] = spec.current_working_directory.value_or("");
}

}  // namespace mock_slurmrestd::v0_0_40
