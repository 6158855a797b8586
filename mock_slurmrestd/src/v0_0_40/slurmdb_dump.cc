// openapi/slurmdbd's objects of v0.0.40 to v0.0.45 (recorded: tests/data/oracle/24.11-acct,
// 26.05-acct; docs/oracle-notes/accounting-24.11.md, accounting-26.05.md).
#include "v0_0_40/slurmdb_dump.h"

#include <algorithm>
#include <map>

#include "group_names.h"
#include "scheduler_sim/hostlist.h"
#include "v0_0_40/job_dump.h"
#include "v0_0_40/number.h"

namespace mock_slurmrestd::v0_0_40 {

namespace sim = scheduler_sim;

namespace {

Json seconds_pair() {
  Json t = reserved_object(2);
  t["seconds"] = 0;
  t["microseconds"] = 0;
  return t;
}

Json infinite_double() {
  Json n = infinite_number();
  n["number"] = 0.0;
  return n;
}

int64_t real_memory(const sim::ClusterConfig& config, const std::string& name) {
  for (const auto& n : config.nodes)
    if (n.name == name) return n.real_memory;
  return 0;
}

// The lineage slurmdbd keeps for an association: "/" for the cluster's root, "/A/" for an
// account under root, "/A/B/" below it, "<account's>0-USER/" for a user.
std::string lineage(const sim::Accounting& db, const sim::Association& a) {
  std::string accounts;
  std::string account = a.user.empty() ? a.account : a.account;
  // Walk up from the account to the cluster's root through the account associations.
  for (int depth = 0; depth < 64; ++depth) {
    const sim::Association* up = nullptr;
    for (const auto& x : db.associations())
      if (x.user.empty() && x.account == account) up = &x;
    if (!up || up->parent_account.empty()) break;
    accounts = account + "/" + accounts;
    account = up->parent_account;
  }
  std::string out = "/" + accounts;
  if (!a.user.empty()) out += "0-" + a.user + "/";
  return out;
}

// The association a job was charged to (its account and user; 0 when none).
uint32_t association_id(const sim::Accounting& db, const std::string& account,
                        const std::string& user) {
  for (const auto& a : db.associations())
    if (a.account == account && a.user == user) return a.id;
  return 0;
}

Json association_ref(const sim::Association& a) {
  Json r = reserved_object(5);
  r["account"] = a.account;
  r["cluster"] = a.cluster;
  r["partition"] = a.partition;
  r["user"] = a.user;
  r["id"] = a.id;
  return r;
}

// {status, return_code, signal {id, name}} of a raw wait(2) status.
Json exit_code(int raw) {
  Json e = reserved_object(3);
  const int signal = raw & 0x7f;
  const int code = (raw >> 8) & 0xff;
  Json sig = reserved_object(2);
  if (signal) {
    e["status"] = Json::array({"SIGNALED"});
    e["return_code"] = unset_number();
    sig["id"] = number(signal);
    const char* name = sigabbrev_np(signal);
    sig["name"] = name ? name : "";
  } else {
    e["status"] = Json::array({code ? "ERROR" : "SUCCESS"});
    e["return_code"] = number(code);
    sig["id"] = unset_number();
    sig["name"] = "";
  }
  e["signal"] = std::move(sig);
  return e;
}

Json tres_stats() {
  Json s = reserved_object(4);
  for (const char* k : {"max", "min", "average", "total"}) s[k] = Json::array();
  return s;
}

// The batch step of an ended job (slurmdbd's record of it).
Json batch_step(const sim::JobRecord& j, const DbView& v, int64_t elapsed) {
  using sim::JobState;
  const bool cancelled = j.state == JobState::kCancelled;
  Json s = reserved_object(13);
  Json t = reserved_object(8);
  t["elapsed"] = elapsed;
  t["end"] = number(j.end_time);
  t["start"] = number(j.start_time);
  t["suspended"] = 0;
  t["system"] = seconds_pair();
  if (v.shape.db_job_segment) t["limit"] = infinite_number();
  t["total"] = seconds_pair();
  t["user"] = seconds_pair();
  s["time"] = std::move(t);
  // slurmctld ends a cancelled job's batch step with SIGTERM.
  s["exit_code"] = exit_code(cancelled ? 15 : j.exit_status);
  const std::vector<std::string> nodes = sim::expand_hostlist(j.nodes);
  s["nodes"] = Json{{"count", nodes.size()}, {"range", j.nodes}, {"list", nodes}};
  s["tasks"]["count"] = 1;
  if (!v.shape.db_job_sluid) s["pid"] = "";
  Json cpu = reserved_object(2);
  cpu["requested_frequency"] = Json{{"min", number(0)}, {"max", number(0)}};
  cpu["governor"] = "0";
  s["CPU"] = std::move(cpu);
  s["kill_request_user"] = "";
  s["state"] = Json::array({sim::job_state_name(j.state)});
  s["statistics"] =
      Json{{"CPU", Json{{"actual_frequency", 0}}}, {"energy", Json{{"consumed", number(0)}}}};
  Json step = reserved_object(8);
  step["id"] = std::to_string(j.job_id) + ".batch";
  step["name"] = "batch";
  if (v.shape.db_job_segment) {
    for (const char* k :
         {"stderr", "stdin", "stdout", "stderr_expanded", "stdin_expanded", "stdout_expanded"})
      step[k] = "";
  }
  s["step"] = std::move(step);
  if (v.shape.db_job_sluid) s["submit_line"] = "";
  s["task"]["distribution"] = "Unknown";
  Json tres = reserved_object(3);
  tres["requested"] = tres_stats();
  tres["consumed"] = tres_stats();
  tres["allocated"] = Json::array({db_tres("cpu", "", 1, j.cpus), db_tres("mem", "", 2, 0),
                                   db_tres("node", "", 4, j.node_count)});
  s["tres"] = std::move(tres);
  return s;
}

}  // namespace

Json db_tres(const char* type, const char* name, int id, int64_t count) {
  Json t = reserved_object(4);
  t["type"] = type;
  t["name"] = name;
  t["id"] = id;
  t["count"] = count;
  return t;
}

Json db_tres_table() {
  return Json::array({db_tres("cpu", "", 1, 0), db_tres("mem", "", 2, 0),
                      db_tres("energy", "", 3, 0), db_tres("node", "", 4, 0),
                      db_tres("billing", "", 5, 0), db_tres("fs", "disk", 6, 0),
                      db_tres("vmem", "", 7, 0), db_tres("pages", "", 8, 0),
                      db_tres("dynamic_offset", "", 1000, 0)});
}

std::vector<const sim::Association*> lineage_order(const sim::Accounting& db) {
  std::vector<std::pair<std::string, const sim::Association*>> keyed;
  for (const auto& a : db.associations()) keyed.emplace_back(lineage(db, a), &a);
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<const sim::Association*> out;
  for (const auto& [key, a] : keyed) out.push_back(a);
  return out;
}

void dump_db_cluster(Json& out, const DbView& v) {
  const DbContext& c = v.c;
  out = reserved_object(9);
  out["controller"] = Json{{"host", "127.0.0.1"}, {"port", c.config.slurmctld_port}};
  // Debian builds Slurm with --enable-multiple-slurmd.
  out["flags"] = Json::array({"MULTIPLE_SLURMD"});
  out["name"] = c.db.cluster();
  std::vector<std::string> names;
  int64_t cpus = 0, memory = 0;
  for (const auto& n : c.config.nodes) {
    names.push_back(n.name);
    cpus += n.cpus;
    memory += n.real_memory;
  }
  out["nodes"] = sim::compress_hostlist(names);
  if (!v.shape.db_job_sluid) out["select_plugin"] = "";
  out["associations"] = Json::object();
  for (const auto& a : c.db.associations())
    if (a.user.empty() && a.parent_account.empty())
      out["associations"]["root"] = association_ref(a);
  out["rpc_version"] = v.rules.db_rpc_version;
  out["tres"] = Json::array(
      {db_tres("cpu", "", 1, cpus), db_tres("mem", "", 2, memory), db_tres("energy", "", 3, 0),
       db_tres("node", "", 4, static_cast<int64_t>(names.size())), db_tres("billing", "", 5, cpus),
       db_tres("fs", "disk", 6, 0), db_tres("vmem", "", 7, 0), db_tres("pages", "", 8, 0)});
}

void dump_db_account(Json& out, const sim::AccountRecord& a, const DbView& v, bool with_assocs) {
  out = reserved_object(6);
  out["associations"] = Json::array();
  if (with_assocs) {
    for (const auto* assoc : lineage_order(v.c.db))
      if (assoc->account == a.name) out["associations"].push_back(association_ref(*assoc));
  }
  out["coordinators"] = Json::array();
  out["description"] = a.description;
  out["name"] = a.name;
  out["organization"] = a.organization;
  out["flags"] = Json::array();
}

void dump_db_user(Json& out, const sim::UserRecord& u, const DbView& v, bool with_assocs) {
  out = reserved_object(8);
  out["administrator_level"] = Json::array({u.admin_level});
  out["associations"] = Json::array();
  if (with_assocs) {
    for (const auto* a : lineage_order(v.c.db))
      if (a->user == u.name) out["associations"].push_back(association_ref(*a));
  }
  out["coordinators"] = Json::array();
  Json d = reserved_object(3);
  if (v.shape.db_user_default_qos) d["qos"] = 0;
  // slurmdbd fills the default account from the associations it was asked to load.
  d["account"] = with_assocs ? u.default_account : "";
  d["wckey"] = u.default_wckey;
  out["default"] = std::move(d);
  out["flags"] = Json::array({"NONE"});
  out["name"] = u.name;
  out["old_name"] = "";
  out["wckeys"] = Json::array();
}

void dump_db_association(Json& out, const sim::Association& a, const DbView& v) {
  const DbContext& c = v.c;
  out = reserved_object(19);
  out["accounting"] = Json::array();
  out["account"] = a.account;
  out["cluster"] = a.cluster;
  out["comment"] = "";
  out["default"]["qos"] = a.default_qos;
  out["flags"] = Json::array();
  Json max = reserved_object(3);
  Json jobs = reserved_object(4);
  jobs["per"] = Json{{"count", infinite_number()},
                     {"accruing", infinite_number()},
                     {"submitted", infinite_number()},
                     {"wall_clock", infinite_number()}};
  jobs["active"] = infinite_number();
  jobs["accruing"] = infinite_number();
  jobs["total"] = infinite_number();
  max["jobs"] = std::move(jobs);
  Json tres = reserved_object(4);
  tres["total"] = Json::array();
  tres["group"] = Json{{"minutes", Json::array()}, {"active", Json::array()}};
  tres["minutes"] = Json{{"total", Json::array()}, {"per", Json{{"job", Json::array()}}}};
  tres["per"] = Json{{"job", Json::array()}, {"node", Json::array()}};
  max["tres"] = std::move(tres);
  max["per"]["account"]["wall_clock"] = infinite_number();
  out["max"] = std::move(max);
  // v0.0.41 and v0.0.42 print 0 as the integer id; v0.0.43 on the id (recorded).
  out["id"] = v.shape.db_association_id_object ? association_ref(a)
                                               : Json(v.shape.db_job_segment ? a.id : 0);
  // Every association but the cluster's root is someone's default: an account's for its
  // parent, a user's in its default account (measured for one user with one account).
  bool is_default = v.rules.db_account_association_default && !a.parent_account.empty();
  if (!a.user.empty()) {
    const sim::UserRecord* u = c.db.find_user(a.user);
    is_default = u && u->default_account == a.account;
  }
  out["is_default"] = is_default;
  out["lineage"] = lineage(c.db, a);
  out["min"]["priority_threshold"] = infinite_number();
  out["parent_account"] = a.user.empty() ? a.parent_account : "";
  out["partition"] = a.partition;
  out["priority"] = infinite_number();
  out["qos"] = a.qos;
  out["shares_raw"] = a.fairshare;
  out["user"] = a.user;
}

void dump_db_qos(Json& out, const sim::QosRecord& q, const DbView& v) {
  out = reserved_object(10);
  out["description"] = q.description;
  out["flags"] = Json::array();
  out["id"] = q.id;
  Json limits = reserved_object(4);
  limits["grace_time"] = 0;
  auto per_account_user = [] {
    return Json{{"account", infinite_number()}, {"user", infinite_number()}};
  };
  Json max = reserved_object(5);
  max["active_jobs"] = Json{{"accruing", infinite_number()}, {"count", infinite_number()}};
  Json jobs = reserved_object(3);
  if (v.shape.db_ping) jobs["count"] = infinite_number();
  jobs["active_jobs"]["per"] = per_account_user();
  jobs["per"] = per_account_user();
  Json tres = reserved_object(3);
  tres["total"] = Json::array();
  Json minutes = reserved_object(2);
  if (v.shape.db_ping) minutes["total"] = Json::array();
  minutes["per"] = Json{{"qos", Json::array()},
                        {"job", Json::array()},
                        {"account", Json::array()},
                        {"user", Json::array()}};
  tres["minutes"] = std::move(minutes);
  tres["per"] = Json{{"account", Json::array()},
                     {"job", Json::array()},
                     {"node", Json::array()},
                     {"user", Json::array()}};
  Json wall_clock = Json{{"per", Json{{"qos", infinite_number()}, {"job", infinite_number()}}}};
  // v0.0.42 lists jobs before tres; v0.0.40/41 after wall_clock.
  if (v.shape.db_ping) {
    max["jobs"] = std::move(jobs);
    max["tres"] = std::move(tres);
    max["wall_clock"] = std::move(wall_clock);
  } else {
    max["tres"] = std::move(tres);
    max["wall_clock"] = std::move(wall_clock);
    max["jobs"] = std::move(jobs);
  }
  max["accruing"]["per"] = per_account_user();
  limits["max"] = std::move(max);
  limits["factor"] = infinite_double();
  limits["min"] = Json{{"priority_threshold", infinite_number()},
                       {"tres", Json{{"per", Json{{"job", Json::array()}}}}}};
  out["limits"] = std::move(limits);
  out["name"] = q.name;
  out["preempt"] = Json{{"list", Json::array()},
                        {"mode", Json::array({"DISABLED"})},
                        {"exempt_time", infinite_number()}};
  out["priority"] = number(q.priority);
  Json factor = number(0);
  factor["number"] = 1.0;
  out["usage_factor"] = std::move(factor);
  out["usage_threshold"] = infinite_double();
}

void dump_db_wckey(Json& out, const sim::WckeyRecord& w, const DbView& v) {
  out = reserved_object(7);
  out["accounting"] = Json::array();
  out["cluster"] = w.cluster;
  out["id"] = w.id;
  out["name"] = w.name;
  out["user"] = w.user;
  const sim::UserRecord* u = v.c.db.find_user(w.user);
  out["flags"] = u && u->default_wckey == w.name ? Json::array({"DEFAULT"}) : Json::array();
}

void dump_db_job(Json& out, const sim::JobRecord& j, const DbView& v) {
  using sim::JobState;
  const DbContext& c = v.c;
  const Shape& shape = v.shape;
  const bool started = j.start_time != 0;
  const bool cancelled = j.state == JobState::kCancelled;
  const int64_t elapsed = started ? (j.end_time ? j.end_time : j.start_time) - j.start_time : 0;
  out = reserved_object(56);
  out["account"] = j.account;
  out["comment"] = Json{{"administrator", ""}, {"job", ""}, {"system", ""}};
  out["allocation_nodes"] = j.node_count;
  Json array = reserved_object(4);
  array["job_id"] = j.array_job_id;
  array["limits"]["max"]["running"]["tasks"] = 0;
  array["task_id"] = j.array_task_id ? number(*j.array_task_id) : unset_number();
  array["task"] = "";
  out["array"] = std::move(array);
  Json assoc = reserved_object(5);
  assoc["account"] = shape.db_job_segment ? "" : j.account;
  assoc["cluster"] = j.cluster;
  assoc["partition"] = "";
  assoc["user"] = shape.db_job_segment ? "" : j.user.name;
  assoc["id"] = association_id(c.db, j.account, j.user.name);
  out["association"] = std::move(assoc);
  out["block"] = "";
  out["cluster"] = j.cluster;
  out["constraints"] = j.constraints;  // as submitted
  out["container"] = "";
  const std::string sluid = sluid_of(j.job_id, j.submit_time, j.cluster);
  if (shape.db_job_sluid) out["sluid"] = sluid;
  out["derived_exit_code"] = exit_code(j.derived_exit_code);
  Json t = reserved_object(11);
  t["elapsed"] = elapsed;
  t["eligible"] = j.eligible_time;
  t["end"] = j.end_time;
  if (shape.db_job_stdio) t["planned"] = number(started ? j.start_time - j.eligible_time : 0);
  t["start"] = j.start_time;
  t["submission"] = j.submit_time;
  t["suspended"] = 0;
  t["system"] = seconds_pair();
  t["limit"] = limit_number(j.time_limit);
  t["total"] = seconds_pair();
  t["user"] = seconds_pair();
  out["time"] = std::move(t);
  if (shape.db_job_sluid) out["exclusive"] = "NO";
  // slurmctld cancels the job's steps: the job's own exit code stays 0.
  out["exit_code"] = exit_code(cancelled ? 0 : j.exit_status);
  out["extra"] = "";
  out["failed_node"] = "";
  out["flags"] = started ? Json::array({"STARTED_ON_SCHEDULE", "START_RECEIVED"}) : Json::array();
  out["group"] = group_name(j.user.gid);
  out["het"] = Json{{"job_id", j.het_job_id},
                    {"job_offset", j.het_job_id ? number(j.het_job_offset) : unset_number()}};
  out["job_id"] = j.job_id;
  out["name"] = j.name;
  out["licenses"] = "";
  out["mcs"]["label"] = "";
  out["nodes"] = j.nodes.empty() ? "None assigned" : j.nodes;
  if (shape.db_job_sluid) out["oversubscribe"] = "NO";
  out["partition"] = j.partition;
  out["hold"] = false;
  // priority/multifactor with every weight 0 (24.11's default): 1 (ReleaseRules::priority_one).
  out["priority"] = number(v.rules.priority_one ? 1 : j.priority);
  out["qos"] = j.qos;
  if (shape.db_ping) out["qosreq"] = "";
  Json required = reserved_object(3);
  required["CPUs"] = j.requested_cpus;
  required["memory_per_cpu"] = unset_number();
  required["memory_per_node"] = number(0);
  out["required"] = std::move(required);
  out["kill_request_user"] = cancelled ? j.user.name : "";
  if (shape.db_ping) out["restart_cnt"] = j.restart_count;
  Json reservation = reserved_object(3);
  reservation["id"] = 0;
  reservation["name"] = "";
  if (shape.db_job_segment) reservation["requested"] = "";
  out["reservation"] = std::move(reservation);
  out["script"] = "";
  if (shape.db_job_segment) out["segment_size"] = 0;
  if (shape.db_job_sluid) out["original_sluid"] = sluid;
  if (shape.db_job_stdio) {
    const std::string id = std::to_string(j.job_id);
    out["stdin_expanded"] = "";
    out["stdout_expanded"] = j.working_directory + "/slurm-" + id + ".out";
    out["stderr_expanded"] = "";
    out["stdout"] =
        v.rules.db_stdout_relative ? "slurm-%j.out" : j.working_directory + "/slurm-%j.out";
    out["stderr"] = "";
    out["stdin"] = "";
  }
  out["state"] = Json{{"current", Json::array({sim::job_state_name(j.state)})}, {"reason", "None"}};
  out["steps"] = Json::array();
  if (started && sim::is_finished(j.state)) out["steps"].push_back(batch_step(j, v, elapsed));
  out["submit_line"] = "";
  Json tres = reserved_object(2);
  tres["allocated"] = Json::array();
  if (started) {
    tres["allocated"].push_back(db_tres("cpu", "", 1, j.cpus));
    if (j.memory > 0) tres["allocated"].push_back(db_tres("mem", "", 2, j.memory));
    tres["allocated"].push_back(db_tres("energy", "", 3, -2));
    tres["allocated"].push_back(db_tres("node", "", 4, j.node_count));
    tres["allocated"].push_back(db_tres("billing", "", 5, j.cpus));
  }
  // Without a memory request the job asks for its nodes' whole RealMemory.
  int64_t memory = j.memory;
  if (memory == 0) {
    const std::vector<std::string> nodes = sim::expand_hostlist(j.nodes);
    const int64_t per_node = nodes.empty()
                                 ? (c.config.nodes.empty() ? 0 : c.config.nodes[0].real_memory)
                                 : real_memory(c.config, nodes[0]);
    memory = per_node * std::max(j.requested_nodes, 1);
  }
  tres["requested"] =
      Json::array({db_tres("cpu", "", 1, j.requested_cpus), db_tres("mem", "", 2, memory),
                   db_tres("node", "", 4, std::max(j.requested_nodes, 1)),
                   db_tres("billing", "", 5, j.requested_cpus)});
  out["tres"] = std::move(tres);
  out["used_gres"] = "";
  out["user"] = j.user.name;
  out["wckey"] = Json{{"wckey", j.wckey}, {"flags", Json::array()}};
  out["working_directory"] = j.working_directory;
}

}  // namespace mock_slurmrestd::v0_0_40
