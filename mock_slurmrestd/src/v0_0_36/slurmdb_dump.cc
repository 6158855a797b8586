// openapi/dbv0.0.36's objects as the 22.05 daemon prints them
// (docs/oracle-notes/accounting-22.05.md).
#include "v0_0_36/slurmdb_dump.h"

#include <grp.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "scheduler_sim/hostlist.h"

namespace mock_slurmrestd::v0_0_36 {

namespace {

Json seconds_pair() { return Json{{"seconds", 0}, {"microseconds", 0}}; }

std::string group_of(uint32_t gid) {
  struct group g;
  struct group* found = nullptr;
  std::vector<char> buf(4096);
  if (getgrgid_r(gid, &g, buf.data(), buf.size(), &found) == 0 && found) return found->gr_name;
  return std::to_string(gid);
}

// A node's RealMemory by name (0 when the cluster has no such node).
int64_t real_memory(const scheduler_sim::ClusterConfig& config, const std::string& name) {
  for (const auto& n : config.nodes)
    if (n.name == name) return n.real_memory;
  return 0;
}

}  // namespace

Json db_tres(const char* type, const char* name, int id, Json count) {
  Json t;
  t["type"] = type;
  t["name"] = name ? Json(name) : Json(nullptr);
  t["id"] = id;
  t["count"] = std::move(count);
  return t;
}

Json db_tres_table(bool with_dynamic_offset) {
  Json out = Json::array({db_tres("cpu", nullptr, 1, 0), db_tres("mem", nullptr, 2, 0),
                          db_tres("energy", nullptr, 3, 0), db_tres("node", nullptr, 4, 0),
                          db_tres("billing", nullptr, 5, 0), db_tres("fs", "disk", 6, 0),
                          db_tres("vmem", nullptr, 7, 0), db_tres("pages", nullptr, 8, 0)});
  if (with_dynamic_offset) out.push_back(db_tres("dynamic_offset", nullptr, 1000, 0));
  return out;
}

void insert_after(Json& obj, const char* after, const char* key, Json value) {
  Json out = Json::object();
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    out[it.key()] = std::move(it.value());
    if (it.key() == after) out[key] = std::move(value);
  }
  obj = std::move(out);
}

Json db_error(int number, const char* error, const char* source, const char* description) {
  Json e;
  if (description) e["description"] = description;
  e["error_number"] = number;
  e["error"] = error;
  if (source) e["source"] = source;
  return e;
}

Json db_nothing_found(const char* source) {
  return db_error(9003, "Nothing found with query", source, "Nothing found");
}

Json db_access_denied(const char* source) {
  return db_error(2002, "Access/permission denied", source, nullptr);
}

void dump_db_cluster(Json& out, const DbContext& c) {
  out["controller"]["host"] = "127.0.0.1";
  out["controller"]["port"] = c.config.slurmctld_port;
  // Debian's 22.05 is built with --enable-multiple-slurmd.
  out["flags"] = Json::array({"MULTIPLE_SLURMD"});
  out["name"] = c.db.cluster();
  std::vector<std::string> names;
  int64_t cpus = 0, memory = 0;
  for (const auto& n : c.config.nodes) {
    names.push_back(n.name);
    cpus += n.cpus;
    memory += n.real_memory;
  }
  out["nodes"] = scheduler_sim::compress_hostlist(names);
  out["select_plugin"] = "cons_tres";
  out["associations"]["root"] = nullptr;
  out["rpc_version"] = 9728;  // 22.05's protocol version
  out["tres"] =
      Json::array({db_tres("cpu", nullptr, 1, cpus), db_tres("mem", nullptr, 2, memory),
                   db_tres("energy", nullptr, 3, 0), db_tres("node", nullptr, 4, names.size()),
                   db_tres("billing", nullptr, 5, cpus), db_tres("fs", "disk", 6, 0),
                   db_tres("vmem", nullptr, 7, 0), db_tres("pages", nullptr, 8, 0)});
}

Json db_association_ref(const scheduler_sim::Association& a) {
  Json r;
  r["account"] = a.account;
  r["cluster"] = a.cluster;
  r["partition"] = a.partition.empty() ? Json(nullptr) : Json(a.partition);
  r["user"] = a.user.empty() ? Json(nullptr) : Json(a.user);
  return r;
}

void dump_db_account(Json& out, const scheduler_sim::AccountRecord& a, const DbContext& c) {
  out["associations"] = Json::array();
  for (const auto* assoc : sorted_associations(c.db))
    if (assoc->account == a.name) out["associations"].push_back(db_association_ref(*assoc));
  out["coordinators"] = Json::array();
  out["description"] = a.description;
  out["name"] = a.name;
  out["organization"] = a.organization;
  out["flags"] = Json::array();
}

bool is_default_association(const scheduler_sim::Association& a, const DbContext& c) {
  if (a.user.empty()) return false;
  const scheduler_sim::UserRecord* u = c.db.find_user(a.user);
  return u && u->default_account == a.account;
}

Json db_association_qos(const scheduler_sim::Association& a, const DbContext& c) {
  Json out = Json::array();
  for (const std::string& name : a.qos)
    if (const auto* q = c.db.find_qos(name)) out.push_back(std::to_string(q->id));
  return out;
}

void dump_db_association(Json& out, const scheduler_sim::Association& a, const DbContext& c) {
  out["account"] = a.account;
  out["cluster"] = a.cluster;
  out["default"]["qos"] = a.default_qos.empty() ? Json(nullptr) : Json(a.default_qos);
  out["flags"] = is_default_association(a, c) ? Json::array({"DEFAULT"}) : Json::array();
  Json& max = out["max"];
  max["jobs"]["per"] = Json{
      {"count", nullptr}, {"accruing", nullptr}, {"submitted", nullptr}, {"wall_clock", nullptr}};
  max["tres"]["total"] = Json::array();
  max["tres"]["minutes"]["per"]["job"] = Json::array();
  max["tres"]["minutes"]["total"] = Json::array();
  max["tres"]["per"]["job"] = Json::array();
  max["tres"]["per"]["node"] = Json::array();
  max["per"]["account"]["wall_clock"] = nullptr;
  out["min"]["priority_threshold"] = nullptr;
  // A user's association names no parent (slurmdbd keeps it on the account's).
  out["parent_account"] =
      a.user.empty() && !a.parent_account.empty() ? Json(a.parent_account) : Json(nullptr);
  out["partition"] = a.partition.empty() ? Json(nullptr) : Json(a.partition);
  out["priority"] = nullptr;
  out["qos"] = db_association_qos(a, c);
  out["shares_raw"] = a.fairshare;
  out["usage"] = nullptr;
  out["user"] = a.user.empty() ? Json(nullptr) : Json(a.user);
}

void dump_db_qos(Json& out, const scheduler_sim::QosRecord& q, const DbContext&) {
  out["description"] = q.description;
  out["flags"] = Json::array();
  out["id"] = q.id;
  Json& limits = out["limits"];
  limits["grace_time"] = 0;
  Json& max = limits["max"];
  max["active_jobs"] = Json{{"accruing", nullptr}, {"count", nullptr}};
  max["tres"]["total"] = Json::array();
  max["tres"]["minutes"]["per"] = Json{{"qos", Json::array()},
                                       {"job", Json::array()},
                                       {"account", Json::array()},
                                       {"user", Json::array()}};
  max["tres"]["per"] = Json{{"account", Json::array()},
                            {"job", Json::array()},
                            {"node", Json::array()},
                            {"user", Json::array()}};
  max["wall_clock"]["per"] = Json{{"qos", nullptr}, {"job", nullptr}};
  max["jobs"]["per"] = Json{{"account", nullptr}, {"user", nullptr}};
  max["accruing"]["per"] = Json{{"account", nullptr}, {"user", nullptr}};
  limits["min"]["priority_threshold"] = nullptr;
  limits["min"]["tres"]["per"]["job"] = Json::array();
  out["name"] = q.name;
  out["preempt"] = Json{{"list", Json::array()}, {"mode", Json::array()}, {"exempt_time", nullptr}};
  out["priority"] = q.priority;
  out["usage_factor"] = 1.0;
  out["usage_threshold"] = nullptr;
}

void dump_db_user(Json& out, const scheduler_sim::UserRecord& u, const DbContext& c) {
  out["administrator_level"] = u.admin_level;
  out["associations"] = Json::array();
  for (const auto* a : sorted_associations(c.db))
    if (a->user == u.name) out["associations"].push_back(db_association_ref(*a));
  out["coordinators"] = Json::array();
  out["default"]["account"] = u.default_account.empty() ? Json(nullptr) : Json(u.default_account);
  out["default"]["wckey"] = u.default_wckey;
  out["name"] = u.name;
}

void dump_db_wckey(Json& out, const scheduler_sim::WckeyRecord& w, const DbContext& c) {
  out["accounts"] = Json::array();
  out["cluster"] = w.cluster;
  out["id"] = w.id;
  out["name"] = w.name;
  out["user"] = w.user;
  const scheduler_sim::UserRecord* u = c.db.find_user(w.user);
  out["flags"] = u && u->default_wckey == w.name ? Json::array({"DEFAULT"}) : Json::array();
}

Json db_exit_code(int raw) {
  Json e;
  const int signal = raw & 0x7f;
  const int code = (raw >> 8) & 0xff;
  if (raw == 0) {
    e["status"] = "SUCCESS";
    e["return_code"] = 0;
    return e;
  }
  // A script's non-zero exit is printed as a signal by the 22.05 daemon: `exit 3` came back
  // as SIGNALED, signal 53 ("Real-time signal 19") on every version (measured for 3 only).
  const int shown = signal ? signal : code + 50;
  e["status"] = "SIGNALED";
  e["return_code"] = nullptr;
  e["signal"]["signal_id"] = shown;
  const char* name = strsignal(shown);
  e["signal"]["name"] = name ? name : "";
  return e;
}

void dump_db_job(Json& out, const scheduler_sim::JobRecord& j, const DbContext& c) {
  using scheduler_sim::JobState;
  const bool started = j.start_time != 0;
  const bool cancelled = j.state == JobState::kCancelled;
  out["account"] = j.account;
  out["comment"] = Json{{"administrator", nullptr}, {"job", nullptr}, {"system", nullptr}};
  out["allocation_nodes"] = j.node_count;
  out["array"]["job_id"] = j.array_job_id;
  out["array"]["limits"]["max"]["running"]["tasks"] = 0;
  out["array"]["task"] = nullptr;
  out["array"]["task_id"] = j.array_task_id ? Json(*j.array_task_id) : Json(nullptr);
  out["association"] = Json{{"account", j.account},
                            {"cluster", j.cluster},
                            {"partition", nullptr},
                            {"user", j.user.name}};
  out["cluster"] = j.cluster;
  out["constraints"] = "";
  out["derived_exit_code"] = db_exit_code(j.derived_exit_code);
  const int64_t elapsed = started ? (j.end_time ? j.end_time : j.start_time) - j.start_time : 0;
  Json& t = out["time"];
  t["elapsed"] = elapsed;
  t["eligible"] = j.eligible_time;
  t["end"] = j.end_time;
  t["start"] = j.start_time;
  t["submission"] = j.submit_time;
  t["suspended"] = 0;
  t["system"] = seconds_pair();
  t["limit"] = j.time_limit ? Json(*j.time_limit) : Json(nullptr);
  t["total"] = seconds_pair();
  t["user"] = seconds_pair();
  // slurmctld cancels the job's steps: the job's own exit code stays 0.
  out["exit_code"] = db_exit_code(cancelled ? 0 : j.exit_status);
  out["flags"] = Json::array({"CLEAR_SCHEDULING", "STARTED_ON_SCHEDULE"});
  out["group"] = group_of(j.user.gid);
  out["het"] = Json{{"job_id", j.het_job_id},
                    {"job_offset", j.het_job_id ? Json(j.het_job_offset) : Json(nullptr)}};
  out["job_id"] = j.job_id;
  out["name"] = j.name;
  out["mcs"]["label"] = "";
  out["nodes"] = j.nodes.empty() ? "None assigned" : j.nodes;
  out["partition"] = j.partition;
  out["priority"] = j.priority;
  out["qos"] = j.qos;
  out["required"] = Json{{"CPUs", j.requested_cpus}, {"memory", 0}};
  out["kill_request_user"] = cancelled ? Json(j.user.name) : Json(nullptr);
  out["reservation"] = Json{{"id", 0}, {"name", 0}};
  out["state"]["current"] = job_state_name(j.state);
  out["state"]["previous"] = "None";
  out["steps"] = Json::array();
  if (started && is_finished(j.state)) {
    Json s;
    std::vector<std::string> nodes = scheduler_sim::expand_hostlist(j.nodes);
    s["nodes"] = Json{{"list", nodes}, {"count", nodes.size()}, {"range", j.nodes}};
    Json empty_stats = Json{{"max", Json::array()},
                            {"min", Json::array()},
                            {"average", Json::array()},
                            {"total", Json::array()}};
    s["tres"]["requested"] = empty_stats;
    s["tres"]["consumed"] = empty_stats;
    s["tres"]["allocated"] =
        Json::array({db_tres("cpu", nullptr, 1, j.cpus), db_tres("mem", nullptr, 2, j.memory),
                     db_tres("node", nullptr, 4, j.node_count)});
    s["time"] = Json{{"elapsed", elapsed},    {"end", j.end_time},        {"start", j.start_time},
                     {"suspended", 0},        {"system", seconds_pair()}, {"total", seconds_pair()},
                     {"user", seconds_pair()}};
    // A failed script's batch step is recorded CANCELLED; a cancel ends it with SIGTERM.
    s["exit_code"] = db_exit_code(cancelled ? 15 : j.exit_status);
    s["tasks"]["count"] = 1;
    s["pid"] = nullptr;
    s["CPU"] =
        Json{{"requested_frequency", Json{{"min", 0}, {"max", 0}}}, {"governor", Json::array()}};
    s["kill_request_user"] = nullptr;
    s["state"] = j.state == JobState::kCompleted ? "COMPLETED" : "CANCELLED";
    s["statistics"] =
        Json{{"CPU", Json{{"actual_frequency", 0}}}, {"energy", Json{{"consumed", 0}}}};
    s["step"] = Json{{"job_id", j.job_id},
                     {"het", Json{{"component", nullptr}}},
                     {"id", "batch"},
                     {"name", "batch"}};
    s["task"]["distribution"] = "Unknown";
    out["steps"].push_back(std::move(s));
  }
  Json& tres = out["tres"];
  tres["allocated"] = Json::array();
  if (started) {
    tres["allocated"].push_back(db_tres("cpu", nullptr, 1, j.cpus));
    if (j.memory > 0) tres["allocated"].push_back(db_tres("mem", nullptr, 2, j.memory));
    tres["allocated"].push_back(db_tres("energy", nullptr, 3, nullptr));
    tres["allocated"].push_back(db_tres("node", nullptr, 4, j.node_count));
    tres["allocated"].push_back(db_tres("billing", nullptr, 5, j.cpus));
  }
  // Without a memory request the job asks for its nodes' whole RealMemory.
  int64_t memory = j.memory;
  if (memory == 0) {
    std::vector<std::string> nodes = scheduler_sim::expand_hostlist(j.nodes);
    const int64_t per_node = nodes.empty()
                                 ? (c.config.nodes.empty() ? 0 : c.config.nodes[0].real_memory)
                                 : real_memory(c.config, nodes[0]);
    memory = per_node * std::max(j.requested_nodes, 1);
  }
  tres["requested"] =
      Json::array({db_tres("cpu", nullptr, 1, j.requested_cpus), db_tres("mem", nullptr, 2, memory),
                   db_tres("node", nullptr, 4, std::max(j.requested_nodes, 1)),
                   db_tres("billing", nullptr, 5, j.requested_cpus)});
  out["user"] = j.user.name;
  out["wckey"] = Json{{"wckey", j.wckey}, {"flags", Json::array()}};
  out["working_directory"] = j.working_directory;
}

std::vector<const scheduler_sim::Association*> sorted_associations(
    const scheduler_sim::Accounting& db) {
  // slurmdbd lists associations by their place in the tree (lft): an account, then its
  // children, the newest first (each is inserted at the front), each sub-account followed by
  // its own children (measured: root, ec2-user-acct, ec2-user in it, root's user root; a user
  // added to ec2-user-acct later comes before ec2-user).
  std::vector<const scheduler_sim::Association*> out;
  const auto& all = db.associations();
  auto walk = [&](auto&& self, const std::string& account) -> void {
    std::vector<const scheduler_sim::Association*> children;
    for (const auto& a : all) {
      const bool sub_account =
          a.user.empty() && a.parent_account == account && a.account != account;
      const bool user = !a.user.empty() && a.account == account;
      if (sub_account || user) children.push_back(&a);
    }
    std::sort(children.begin(), children.end(),
              [](const auto* x, const auto* y) { return x->id > y->id; });
    for (const auto* a : children) {
      out.push_back(a);
      if (a->user.empty()) self(self, a->account);
    }
  };
  for (const auto& a : all)
    if (a.user.empty() && a.parent_account.empty()) {
      out.push_back(&a);
      walk(walk, a.account);
    }
  return out;
}

}  // namespace mock_slurmrestd::v0_0_36
