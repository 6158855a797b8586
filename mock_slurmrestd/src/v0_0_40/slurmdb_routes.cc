// openapi/slurmdbd's read routes of v0.0.40 to v0.0.45, from the simulator's accounting
// (docs/oracle-notes/accounting-24.11.md and accounting-26.05.md; case names are the
// recordings' in tests/data/oracle/24.11-acct and 26.05-acct).
#include "v0_0_40/slurmdb_routes.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>

#include "group_names.h"
#include "scheduler_sim/hostlist.h"
#include "v0_0_36/slurmdb_answer.h"
#include "v0_0_40/answer.h"
#include "v0_0_40/number.h"
#include "v0_0_40/openapi.h"
#include "v0_0_40/slurmdb_dump.h"
#include "v0_0_40/slurmdbd_conf.h"
#include "v0_0_40/slurmdb_writes.h"

namespace mock_slurmrestd::v0_0_40 {

extern const char kOpenapiDb2411[];  // openapi_db_24.11.json (mock_embed_text)

namespace sim = scheduler_sim;

// slurmdbd's call as the release names it in a description: 24.11 prints the address of the
// call's condition, which changes from run to run (the mock prints one fixed address).
std::string db_call(const ReleaseRules& rules, const std::string& name) {
  return rules.db_call_pointer ? name + "(0x7f0000000000)" : name + "()";
}
std::string nothing_found(const ReleaseRules& rules, const std::string& name) {
  return db_call(rules, name) + " found nothing";
}
std::string call_failed(const ReleaseRules& rules, const std::string& name) {
  return (rules.db_call_pointer ? db_call(rules, name) : name) + " failed";
}

namespace {

// What a read handler gets: the database under the lock, the version and release, who asks.
struct Read {
  const DbView& view;
  Answer& answer;
  const Request& req;
  bool admin;          // an Operator or more: reads wckeys and the config dump
  bool administrator;  // reads diag
  sim::SimTime now;    // simulated time (the time filters' "now")
};
using ReadFn = std::function<int(const Read&)>;  // returns the status

void add_read(App& app, const LoadedVersion& self, const Shape& shape, const std::string& path,
              ReadFn read) {
  app.router().add(
      "GET", self.prefix() + path,
      [&app, &self, shape, read](Request& req) {
        const ReleaseRules& rules = rules_of(app.release());
        Answer a;
        // slurmrestd hands the token to slurmdbd, which refuses it.
        if (!req.refusal.empty()) {
          a.error(rules.db_call_pointer ? "Failed to open slurmdbd connection, authentication error"
                                        : "Failed to open slurmdbd connection",
                  7000, "openapi_get_db_conn");
          return respond(app, self, req, std::move(a), 502);
        }
        int status = 0;
        {
          auto locked = app.lock();
          const sim::Accounting* db = locked.sim().accounting();
          if (!db) {
            a.error("Failed to open slurmdbd connection", 7000, "openapi_get_db_conn");
            status = 502;
          } else {
            const DbContext c{*db, app.config()};
            const DbView view{c, shape, rules};
            const DbLevel level = db_level(c, rules, req.user);
            status = read(Read{view, a, req, level >= DbLevel::kOperator,
                               level == DbLevel::kAdministrator, locked.sim().now()});
          }
        }
        return respond(app, self, req, std::move(a), status);
      },
      ParamKind::kAny, tag(EndpointKind::kOther), &self);
}

// A refusal of slurmdbd's permission check (2002).
int denied(const Read& r, const std::string& description, const std::string& source) {
  r.answer.error(description, 2002, source);
  return r.view.rules.db_refusal_status;
}

// ?with_assocs=... (or an account condition's with_deleted=...): read as a boolean, but a
// query's values are strings: the parser warns and takes it.
bool with_assocs(const Read& r, bool accounts = false, const std::string& key = "with_assocs") {
  const std::string* v = r.req.query_value(key);
  if (!v) return false;
  if (accounts && !r.view.shape.db_accounts_with_assocs) {
    r.answer.warning(
        "Ignoring unknown field \"" + key + "\" of type string in DATA_PARSER_ACCOUNT_CONDITION",
        "#/" + key + "/");
    return false;
  }
  std::string text =
      "Expected OpenAPI type=boolean (Slurm type=boolean) but got OpenAPI type=string (Slurm "
      "type=string)";
  if (r.view.shape.parser_prints_values) text += ": \"" + *v + "\"";
  r.answer.warning(text, "#/" + key + "/");
  return true;
}

// ?with_deleted=...: warned about as with_assocs; slurmdbd's deleted accounts are not kept, so
// it lists what it lists without (admin_accounts_with_deleted).
void with_deleted(const Read& r) { with_assocs(r, true, "with_deleted"); }

template <class T>
std::vector<const T*> by_name(const std::vector<T>& all) {
  std::vector<const T*> out;
  for (const T& x : all) out.push_back(&x);
  std::sort(out.begin(), out.end(), [](const T* a, const T* b) { return a->name < b->name; });
  return out;
}

Json clusters(const DbView& v) {
  Json cluster;
  dump_db_cluster(cluster, v);
  return Json::array({std::move(cluster)});
}

// `config`: the dump lists no associations under the root account (recorded).
Json accounts(const DbView& v, bool assocs, const std::string* only, bool config = false) {
  Json out = Json::array();
  for (const auto* a : by_name(v.c.db.accounts())) {
    if (only && a->name != *only) continue;
    Json j;
    dump_db_account(j, *a, v, assocs && !(config && a->name == "root"));
    out.push_back(std::move(j));
  }
  return out;
}

Json users(const DbView& v, bool assocs, const std::string* only) {
  Json out = Json::array();
  for (const auto* u : by_name(v.c.db.users())) {
    if (only && u->name != *only) continue;
    Json j;
    dump_db_user(j, *u, v, assocs);
    out.push_back(std::move(j));
  }
  return out;
}

Json qos(const DbView& v, const std::string* only) {
  Json out = Json::array();
  for (const auto& q : v.c.db.qos()) {
    if (only && q.name != *only) continue;
    Json j;
    dump_db_qos(j, q, v);
    out.push_back(std::move(j));
  }
  return out;
}

// wckey/{id} looks the value up as a name (accounting-24.11.md, "Reads").
Json wckeys(const DbView& v, const std::string* name) {
  Json out = Json::array();
  for (const auto& w : v.c.db.wckeys()) {
    if (name && w.name != *name) continue;
    Json j;
    dump_db_wckey(j, w, v);
    out.push_back(std::move(j));
  }
  return out;
}

// The associations the query names (cluster, account, user, partition; absent = any).
Json associations(const DbView& v, const Request* req) {
  Json out = Json::array();
  auto ok = [&](const char* key, const std::string& value) {
    const std::string* want = req ? req->query_value(key) : nullptr;
    return !want || *want == value;
  };
  for (const auto* a : lineage_order(v.c.db)) {
    if (!ok("cluster", a->cluster) || !ok("account", a->account) || !ok("user", a->user) ||
        !ok("partition", a->partition))
      continue;
    Json j;
    dump_db_association(j, *a, v);
    out.push_back(std::move(j));
  }
  return out;
}

// A found-nothing answer: 200, the empty list, a warning.
int listed(const Read& r, const char* key, Json list, const std::string& call_name,
           const char* source) {
  if (list.empty()) r.answer.warning(nothing_found(r.view.rules, call_name), source);
  r.answer.payload[key] = std::move(list);
  return 200;
}

// Splits an (already decoded) comma-separated filter value.
std::vector<std::string> csv(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= text.size()) {
    size_t comma = text.find(',', i);
    if (comma == std::string::npos) comma = text.size();
    if (comma > i) out.push_back(text.substr(i, comma - i));
    i = comma + 1;
  }
  return out;
}

// {job_id} as the daemon reads it: digits, optionally followed by a step (".batch", ".0").
std::optional<uint32_t> job_id_of(const std::string& text) {
  size_t i = 0;
  uint64_t id = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && id < (1ULL << 32))
    id = id * 10 + (text[i++] - '0');
  if (i == 0 || id >= (1ULL << 32)) return std::nullopt;
  if (i < text.size() && text[i] != '.') return std::nullopt;
  return static_cast<uint32_t>(id);
}

// The job condition's query keys (DATA_PARSER_JOB_CONDITION); others are ignored with a warning.
const char* const kJobKeys[] = {"account",
                                "association",
                                "cluster",
                                "constraints",
                                "scheduler_unset",
                                "scheduled_on_submit",
                                "scheduled_by_main",
                                "scheduled_by_backfill",
                                "job_started",
                                "job_altered",
                                "exit_code",
                                "show_duplicates",
                                "skip_steps",
                                "disable_truncate_usage_time",
                                "whole_hetjob",
                                "disable_whole_hetjob",
                                "disable_wait_for_result",
                                "usage_time_as_submit_time",
                                "show_batch_script",
                                "show_job_environment",
                                "format",
                                "groups",
                                "job_name",
                                "partition",
                                "qos",
                                "reason",
                                "reservation",
                                "reservation_id",
                                "state",
                                "step",
                                "end_time",
                                "start_time",
                                "submit_time",
                                "node",
                                "users",
                                "wckey",
                                "id",
                                "cpus_min",
                                "cpus_max",
                                "nodes_min",
                                "nodes_max",
                                "timelimit_min",
                                "timelimit_max"};

// The type warning of a query value the parser reads as another type.
void type_warning(const Read& r, const std::string& key, const std::string& value,
                  const char* expected) {
  std::string text = std::string("Expected OpenAPI type=") + expected +
                     " but got OpenAPI type=string (Slurm type=string)";
  if (r.view.shape.parser_prints_values) text += ": \"" + value + "\"";
  r.answer.warning(text, "#/" + key + "/");
}

// A refused query: its errors, then 9000 from op_handler_jobs, 422.
int refused_query(const Read& r) {
  r.answer.error("Rejecting request. Failure parsing query parameters", 9000, "op_handler_jobs");
  return 422;
}

bool all_digits(const std::string& s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char ch) { return std::isdigit(ch) != 0; });
}

// A bound of the job condition (cpus_, nodes_, timelimit_ min and max): v0.0.40 reads it as a
// dictionary, warns and still takes a number; a value that is no number refuses the query.
std::optional<int64_t> bound_of(const Read& r, const std::string& key, const std::string& value,
                                bool* refused) {
  const bool dictionary = !r.view.shape.db_rollups_by_period;
  if (dictionary) type_warning(r, key, value, "object (Slurm type=dictionary)");
  if (all_digits(value) && value.size() < 10) return std::stoll(value);
  if (dictionary) r.answer.error("Expected dictionary but got string", 9209, "#/" + key + "/");
  else r.answer.error("Expected integer but got \"" + value + "\"", 9202, "#/" + key + "/");
  *refused = true;
  return std::nullopt;
}

// A minimum alone asks for exactly that many; a maximum alone is ignored (measured, B13).
void bounds(const std::optional<int64_t>& min, const std::optional<int64_t>& max, int* lo,
            int* hi) {
  if (!min) return;
  *lo = static_cast<int>(*min);
  *hi = static_cast<int>(max.value_or(*min));
}

int jobs_read(const Read& r, const std::optional<uint32_t>& job_id) {
  sim::JobHistoryFilter f;
  std::optional<uint32_t> step_job;
  std::optional<std::string> node, group;
  std::optional<sim::JobState> state;
  bool state_given = false, nothing = false, skip_steps = false, failed = false;
  // Jobs never eligible (held) are listed only in a window of submission times (measured).
  bool ineligible = false, refused = false;
  std::map<std::string, std::optional<int64_t>> bound;  // cpus_min, ..., timelimit_max
  int status = 200;
  // The parser reads the keys in order and stops at the first it cannot read.
  for (const auto& [key, value] : job_id ? decltype(r.req.query){} : r.req.query) {
    bool known = false;
    for (const char* k : kJobKeys) known = known || key == k;
    if (key == "format") known = r.view.shape.db_jobs_format;
    if (key == "job_altered") known = r.view.shape.db_jobs_altered;
    if (!known) {
      r.answer.warning(
          "Ignoring unknown field \"" + key + "\" of type string in DATA_PARSER_JOB_CONDITION",
          "#/" + key + "/");
      continue;
    }
    if (key == "start_time" || key == "end_time" || key == "submit_time") {
      // v0.0.42 on take an epoch number; v0.0.40/41 refuse it.
      std::optional<sim::SimTime> t;
      if (all_digits(value)) {
        if (r.view.shape.db_ping) t = std::stoll(value);
      } else {
        t = v0_0_36::parse_db_time(value, r.now);
      }
      if (!t) {
        r.answer.error("Parsing of " + value + " for timestamp failed", 9202, "#/" + key + "/");
        return refused_query(r);
      }
      if (key == "start_time") f.start = *t;
      if (key == "end_time") f.end = *t;
      if (key == "submit_time") ineligible = true;
    } else if (key == "state") {
      state_given = true;
      state = v0_0_36::state_named(value);
      if (!state) {
        r.answer.error("Unknown flag \"" + value + "\"", 9207, "#/state[0][0]/");
        if (!r.view.shape.db_rollups_by_period) {
          r.answer.error("Parsing single flag \"" + value + "\" failed", 9207, "#/state[0]/");
          return refused_query(r);
        }
        status = 500;
      }
    } else if (key == "groups") {
      if (!r.view.shape.db_rollups_by_period) {
        r.answer.error("Invalid group field value type: string", 9202, "#/groups[0]/");
        return refused_query(r);
      }
      group = value;
    } else if (key == "users") {
      f.users = csv(value);
      for (size_t i = 0; i < f.users.size(); ++i) {
        const std::string& u = f.users[i];
        // Names slurmrestd cannot resolve to a uid are refused.
        if (u != "root" && !r.view.c.db.find_user(u) && u != r.req.user) {
          r.answer.error("Unable to resolve user: " + u, 2166,
                         "#/users[" + std::to_string(i) + "]/");
          return refused_query(r);
        }
      }
    } else if (key == "exit_code") {
      type_warning(r, key, value, "integer format=int32 (Slurm type=64 bit integer)");
    } else if (key.ends_with("_min") || key.ends_with("_max")) {
      bound[key] = bound_of(r, key, value, &refused);
      if (refused) return refused_query(r);
    } else if (key == "association") {
      // Association ids; slurmdbd fails on one that is no number.
      for (const std::string& id : csv(value)) {
        if (!all_digits(id) || id.size() > 9) failed = true;
        else f.associations.push_back(static_cast<uint32_t>(std::stoul(id)));
      }
    } else if (key == "constraints") {
      f.constraints = csv(value);
    } else if (key == "reservation_id" || key == "scheduled_on_submit" ||
               key == "scheduled_by_backfill" || key == "job_altered") {
      // No job ran in a reservation, started at its submission or by backfill, or was
      // altered (the mock's jobs are placed by its main scheduler).
      nothing = nothing || key == "reservation_id" || value == "true";
    } else if (key == "usage_time_as_submit_time") {
      ineligible = ineligible || value == "true";
    } else if (key == "account") {
      f.accounts = csv(value);
    } else if (key == "partition") {
      f.partitions = csv(value);
    } else if (key == "job_name") {
      f.job_names = csv(value);
    } else if (key == "cluster") {
      f.clusters = csv(value);
    } else if (key == "wckey") {
      f.wckeys = csv(value);
    } else if (key == "node") {
      node = value;
    } else if (key == "step") {
      step_job = job_id_of(value);
      if (!step_job) nothing = true;
    } else if (key == "qos") {
      failed = true;
    } else if (key == "skip_steps") {
      skip_steps = value == "true";
    } else if (key == "show_batch_script" || key == "show_job_environment") {
      // Measured: =true finds nothing.
      nothing = nothing || value == "true";
    }
  }
  // slurmdbd fails a QOS filter given by name (it wants ids), an association that is no id.
  if (failed) {
    r.answer.error(call_failed(r.view.rules, "slurmdb_jobs_get"), -1, "_dump_jobs");
    return 500;
  }
  bounds(bound["cpus_min"], bound["cpus_max"], &f.cpus_min, &f.cpus_max);
  bounds(bound["nodes_min"], bound["nodes_max"], &f.nodes_min, &f.nodes_max);
  int limit_min = 0, limit_max = 0;
  bounds(bound["timelimit_min"], bound["timelimit_max"], &limit_min, &limit_max);
  // A state matches only within a start and end window (measured on every version).
  if (state_given && !(f.start && f.end)) nothing = true;
  if (state) f.states = {*state};
  Json out = Json::array();
  for (const sim::JobRecord* j : r.view.c.db.jobs(f)) {
    if (nothing) break;
    if (job_id && j->job_id != *job_id) continue;
    if (step_job && j->job_id != *step_job) continue;
    if (node) {
      const auto names = sim::expand_hostlist(j->nodes);
      if (std::find(names.begin(), names.end(), *node) == names.end()) continue;
    }
    if (group && group_name(j->user.gid) != *group) continue;
    // (a job asked for by its id is found whatever its times; not measured for held jobs)
    if (!ineligible && !job_id && !step_job && j->eligible_time == 0) continue;
    // A time limit bound (minutes) leaves out the jobs without a limit.
    if (limit_min && (!j->time_limit || *j->time_limit < limit_min || *j->time_limit > limit_max))
      continue;
    Json job;
    dump_db_job(job, *j, r.view);
    // A query whose state failed to parse still lists the window's jobs, without their steps.
    if (skip_steps || status == 500) job["steps"] = Json::array();
    out.push_back(std::move(job));
  }
  listed(r, "jobs", std::move(out), "slurmdb_jobs_get", "_dump_jobs");
  return status;
}

}  // namespace

void register_slurmdb_routes(App& app, const LoadedVersion& self, const Shape& shape) {
  if (shape.db_ping) {
    add_read(app, self, shape, "/ping", [](const Read& r) {
      Json p = reserved_object(5);
      p["hostname"] = "127.0.0.1";
      p["responding"] = true;
      // slurmdbd's round trip in microseconds (recorded: 1212-1472).
      p["latency"] = 1000;
      p["primary"] = true;
      if (r.view.shape.ping_status) p["status"] = "No error";
      r.answer.payload["pings"] = Json::array({std::move(p)});
      return 200;
    });
  }
  add_read(app, self, shape, "/diag", [&app](const Read& r) {
    if (!r.administrator) {
      r.answer.payload["statistics"] = Json::object();
      return denied(r, "stats query failed", "slurmdb_get_stats");
    }
    // slurmdbd's RPC counters are not simulated: the lists stay empty (docs/differences.md).
    Json s = reserved_object(4);
    s["time_start"] = app.started_at();
    if (r.view.shape.db_rollups_by_period) {
      Json rollups = reserved_object(3);
      for (const char* period : {"hourly", "daily", "monthly"}) {
        const bool hourly = std::string(period) == "hourly";
        Json p = reserved_object(3);
        p["count"] = hourly ? 1 : 0;
        p["last_run"] = hourly ? app.started_at() : 0;
        p["duration"] = Json{{"last", 0}, {"max", 0}, {"time", 0}};
        rollups[period] = std::move(p);
      }
      s["rollups"] = std::move(rollups);
    } else {
      Json rollup = reserved_object(7);
      rollup["type"] = "internal";
      rollup["last_run"] = app.started_at();
      for (const char* k : {"last_cycle", "max_cycle", "total_time", "total_cycles", "mean_cycles"})
        rollup[k] = 0;
      s["rollups"] = Json::array({std::move(rollup)});
    }
    s["RPCs"] = Json::array();
    s["users"] = Json::array();
    r.answer.payload["statistics"] = std::move(s);
    return 200;
  });
  add_read(app, self, shape, "/config", [](const Read& r) {
    // The dump stops at the wckeys the job user may not read, and keeps nothing.
    if (!r.admin) return denied(r, call_failed(r.view.rules, "slurmdb_wckeys_get"), "_dump");
    Json& p = r.answer.payload;
    p["clusters"] = clusters(r.view);
    p["tres"] = db_tres_table();
    p["accounts"] = accounts(r.view, true, nullptr, true);
    p["users"] = users(r.view, true, nullptr);
    p["qos"] = qos(r.view, nullptr);
    p["wckeys"] = wckeys(r.view, nullptr);
    p["associations"] = associations(r.view, nullptr);
    // slurmdbd keeps no instances here; v0.0.45 leaves the empty list out.
    if (!r.view.shape.db_job_sluid) p["instances"] = Json::array();
    return 200;
  });
  if (shape.db_conf) {
    add_read(app, self, shape, "/conf", [](const Read& r) {
      r.answer.payload["slurmdbd_conf"] = slurmdbd_conf(r.view.c.config);
      return 200;
    });
  }
  add_read(app, self, shape, "/clusters", [](const Read& r) {
    r.answer.payload["clusters"] = clusters(r.view);
    return 200;
  });
  add_read(app, self, shape, "/cluster/{cluster_name}", [](const Read& r) {
    const std::string* name = r.req.param("cluster_name");
    Json list = name && *name == r.view.c.db.cluster() ? clusters(r.view) : Json::array();
    return listed(r, "clusters", std::move(list), "slurmdb_clusters_get", "_dump_clusters");
  });
  add_read(app, self, shape, "/accounts", [](const Read& r) {
    with_deleted(r);
    return listed(r, "accounts", accounts(r.view, with_assocs(r, true), nullptr),
                  "slurmdb_accounts_get", "_dump_accounts");
  });
  add_read(app, self, shape, "/account/{account_name}", [](const Read& r) {
    const std::string* name = r.req.param("account_name");
    const std::string none;
    return listed(r, "accounts", accounts(r.view, with_assocs(r, true), name ? name : &none),
                  "slurmdb_accounts_get", "_dump_accounts");
  });
  add_read(app, self, shape, "/associations", [](const Read& r) {
    return listed(r, "associations", associations(r.view, &r.req), "slurmdb_associations_get",
                  "_dump_assoc_cond");
  });
  add_read(app, self, shape, "/association", [](const Read& r) {
    Json list = associations(r.view, &r.req);
    if (list.size() > 1) {
      r.answer.payload["associations"] = Json::array();
      r.answer.error("Ambiguous request: More than 1 association would have been dumped.", 9211,
                     "_dump_assoc_cond");
      return 500;
    }
    return listed(r, "associations", std::move(list), "slurmdb_associations_get",
                  "_dump_assoc_cond");
  });
  add_read(app, self, shape, "/users", [](const Read& r) {
    return listed(r, "users", users(r.view, with_assocs(r), nullptr), "slurmdb_users_get",
                  "_dump_users");
  });
  add_read(app, self, shape, "/user/{user_name}", [](const Read& r) {
    const std::string* name = r.req.param("user_name");
    const std::string none;
    return listed(r, "users", users(r.view, with_assocs(r), name ? name : &none),
                  "slurmdb_users_get", "_dump_users");
  });
  add_read(app, self, shape, "/qos", [](const Read& r) {
    return listed(r, "qos", qos(r.view, nullptr), "slurmdb_qos_get", "_op_handler_qos");
  });
  add_read(app, self, shape, "/qos/{qos}", [](const Read& r) {
    const std::string* name = r.req.param("qos");
    const std::string none;
    return listed(r, "qos", qos(r.view, name ? name : &none), "slurmdb_qos_get", "_op_handler_qos");
  });
  add_read(app, self, shape, "/tres", [](const Read& r) {
    r.answer.payload["TRES"] = db_tres_table();
    return 200;
  });
  for (const char* path : {"/wckeys", "/wckey/{id}"}) {
    add_read(app, self, shape, path, [](const Read& r) {
      if (!r.admin)
        return denied(r, call_failed(r.view.rules, "slurmdb_wckeys_get"), "_dump_wckeys");
      return listed(r, "wckeys", wckeys(r.view, r.req.param("id")), "slurmdb_wckeys_get",
                    "_dump_wckeys");
    });
  }
  // slurmdbd keeps no instances (cloud nodes' records): found nothing, and no list at all.
  for (const char* path : {"/instances", "/instance"}) {
    add_read(app, self, shape, path, [](const Read& r) {
      r.answer.warning(nothing_found(r.view.rules, "slurmdb_instances_get"), "_dump_instance_cond");
      return 200;
    });
  }
  add_read(app, self, shape, "/jobs", [](const Read& r) { return jobs_read(r, std::nullopt); });
  add_read(app, self, shape, "/job/{job_id}", [](const Read& r) {
    const std::string* text = r.req.param("job_id");
    const std::optional<uint32_t> id = text ? job_id_of(*text) : std::nullopt;
    if (!id) {
      r.answer.error("Rejecting request. Failure parsing query parameters", 9000, "op_handler_job");
      return 422;
    }
    return jobs_read(r, id);
  });
  register_slurmdb_write_routes(app, self, shape);
}

Json slurmdb_meta(const SlurmRelease& release, const Shape& shape) {
  Json m = meta(release, shape);
  m["plugin"]["type"] = "openapi/slurmdbd";
  m["plugin"]["name"] = "Slurm OpenAPI slurmdbd";
  m["plugin"]["accounting_storage"] = "accounting_storage/slurmdbd";
  m["client"]["user"] = rules_of(release).db_client_user;
  m["client"]["group"] = "";
  return m;
}

namespace {

bool any_body(const Json&) { return true; }
bool any_update(const Json&, const std::string&) { return true; }
int no_signal(const std::string&) { return 0; }
bool any_signal(int) { return true; }
// Every slurmdb handler answers a refused token itself (slurmdbd refuses it: 502, 7000).
AuthRejection unhandled(AuthStatus, EndpointKind, const RejectionContext&) { return {}; }
AuthRejection not_asked(EndpointKind, const RejectionContext&, int*) { return {}; }
Json own_meta(const SlurmRelease& release) { return slurmdb_meta(release, kShape); }
void own_routes(App& app, const LoadedVersion& self) { register_slurmdb_routes(app, self, kShape); }
Json own_piece(const SlurmRelease& release) {
  return openapi_piece(release, {{"24.11", kOpenapiDb2411}});
}

}  // namespace

ApiVersion slurmdb_version(const Shape& shape, Json (*meta_fn)(const SlurmRelease&),
                           void (*routes)(App&, const LoadedVersion&),
                           Json (*piece)(const SlurmRelease&)) {
  ApiVersion a;
  a.name = shape.name;
  a.path_root = "/slurmdb";
  a.plugin_type = "openapi/slurmdbd";
  a.data_parser = shape.data_parser;
  a.meta = meta_fn;
  a.register_routes = routes;
  a.submission_reaches_controller = &any_body;
  a.update_reaches_controller = &any_update;
  a.parse_signal = &no_signal;
  a.valid_signal = &any_signal;
  a.token_refused = &unhandled;
  a.controller_down = &not_asked;
  a.openapi_piece = piece;
  return a;
}

const ApiVersion& slurmdb_plugin() {
  static const ApiVersion v = slurmdb_version(kShape, &own_meta, &own_routes, &own_piece);
  return v;
}

}  // namespace mock_slurmrestd::v0_0_40
