// POST /partitions/ (create or update) and DELETE /partition/{partition_name} of v0.0.45, as
// Slurm 26.05.5 answers them (asked: tests/data/oracle/26.05/asked/routes/ 072-087 and
// asked/partitions/, recorded by contract_tests/tools/record_partition_writes.py).
//
// Each partition_info of the list is read as data_parser reads it, then, in order, created when
// its name was not among the partitions when the request came (so the same new name twice is a
// create and a refused second create) or else updated; the first refusal ends the request.
// Measured quirks kept: a state or flag the parser does not know is an error (500) yet the
// entry is still applied with that field zeroed (an unknown state makes the partition
// INACTIVE); an empty name is a name.
#include "v0_0_40/partition_write_routes.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "body.h"
#include "v0_0_40/answer.h"
#include "v0_0_40/job_parse.h"
#include "v0_0_40/release_rules.h"
#include "v0_0_40/routes.h"

namespace mock_slurmrestd::v0_0_40 {

namespace {

using scheduler_sim::PartitionUpdate;
using scheduler_sim::Status;

struct ParsedPartition {
  bool has_name = false;
  PartitionUpdate update;
};

// The parse's outcome: `refused` stops the request before slurmctld (422 with 9000's
// "Rejecting request"); `flag_error` lets it go on and answers 500 after.
struct Parse {
  bool refused = false, flag_error = false;
  bool bad_syntax = false;  // a value outside its field's syntax: refused with 400
  std::vector<ParsedPartition> entries;
};

// A {"set", "infinite", "number"} value or a plain integer: nullopt when not given (set
// false), an unset inner optional for INFINITE; false (9202) for anything else.
bool read_limit(const Json& v, const std::string& path, Answer* a,
                std::optional<std::optional<int64_t>>* out) {
  if (v.is_number_integer()) {
    *out = std::optional<int64_t>(v.get<int64_t>());
    return true;
  }
  if (v.is_object()) {
    if (v.value("infinite", false) == true) {
      *out = std::optional<int64_t>();
      return true;
    }
    if (v.contains("set") && v["set"] == false) return true;
    if (v.contains("number") && v["number"].is_number_integer()) {
      *out = std::optional<int64_t>(v["number"].get<int64_t>());
      return true;
    }
  }
  const Json& n = v.is_object() && v.contains("number") ? v["number"] : v;
  a->error(
      "Expected integer but got " + (n.is_string() ? "\"" + n.get<std::string>() + "\"" : n.dump()),
      9202, path);
  return false;
}

bool read_int(const Json& v, const std::string& path, Answer* a, std::optional<int64_t>* out) {
  std::optional<std::optional<int64_t>> l;
  if (!read_limit(v, path, a, &l)) return false;
  if (l && *l) *out = **l;
  return true;
}

std::string text(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// A flag list: each known flag passed to `take`; an unknown one is an error (9207).
template <typename Take>
void read_flags(const Json& v, const std::string& path, const std::set<std::string>& known,
                Answer* a, bool* flag_error, Take take) {
  const Json list = v.is_array() ? v : Json::array({v});
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string f = text(list[i]);
    if (!known.count(f)) {
      a->error("Unknown flag \"" + f + "\"", 9207, path + "[" + std::to_string(i) + "]/");
      *flag_error = true;
      continue;
    }
    take(f);
  }
}

// One partition_info (DATA_PARSER_PARTITION_INFO): the keys slurmctld can change are read,
// the others known to the schema ignored, unknown ones warned about.
bool parse_entry(const Json& d, const std::string& path, Answer* a, Parse* parse,
                 ParsedPartition* out) {
  static const std::set<std::string> kKnown = {
      "nodes",      "accounts",    "groups",   "qos",         "alternate", "tres",
      "cluster",    "select_type", "cpus",     "defaults",    "flags",     "partition",
      "grace_time", "maximums",    "minimums", "name",        "node_sets", "preempt_mode",
      "priority",   "timeouts",    "topology", "suspend_time"};
  static const std::set<std::string> kFlags = {
      "DEFAULT",       "HIDDEN",          "NO_ROOT",
      "ROOT_ONLY",     "REQ_RESV",        "LLN",
      "PDOI",          "DEFAULT_CLEAR",   "HIDDEN_CLEAR",
      "NO_ROOT_CLEAR", "ROOT_ONLY_CLEAR", "REQ_RESV_CLEAR",
      "LLN_CLEAR",     "PDOI_CLEAR",      "EXCLUSIVE_USER"};
  static const std::set<std::string> kStates = {"INACTIVE", "UNKNOWN", "UP", "DOWN", "DRAIN"};
  PartitionUpdate& u = out->update;
  auto sub = [&d](const char* k, const char* s) -> const Json* {
    auto it = d.find(k);
    if (it == d.end() || !it->is_object()) return nullptr;
    auto jt = it->find(s);
    return jt == it->end() ? nullptr : &*jt;
  };
  auto str = [&](const char* k, const char* s, std::optional<std::string>* o) {
    if (const Json* v = sub(k, s)) *o = text(*v);
  };
  str("nodes", "configured", &u.nodes);
  str("accounts", "allowed", &u.allow_accounts);
  str("accounts", "deny", &u.deny_accounts);
  str("groups", "allowed", &u.allow_groups);
  for (const char* q : {"allowed", "deny", "assigned"})
    if (const Json* v = sub("qos", q); v && !text(*v).empty()) u.qos = true;
  if (d.contains("alternate")) u.alternate = text(d["alternate"]);
  if (const Json* v = sub("defaults", "time"))
    if (!read_limit(*v, path + "defaults/time/", a, &u.default_time)) return false;
  if (d.contains("flags"))
    read_flags(d["flags"], path + "flags", kFlags, a, &parse->flag_error,
               [&u](const std::string& f) {
                 if (f == "DEFAULT") u.make_default = true;
                 if (f == "ROOT_ONLY") u.root_only = true;
                 if (f == "EXCLUSIVE_USER") u.exclusive_user = true;
                 if (f == "HIDDEN") u.hidden = true;
                 if (f == "LLN") u.lln = true;
               });
  if (const Json* v = sub("partition", "state")) {
    bool bad = false;
    read_flags(*v, path + "partition/state", kStates, a, &bad,
               [&u](const std::string& s) { u.state = s; });
    if (bad) u.state = "INACTIVE", parse->flag_error = true;  // the state field left 0
  }
  // partition.oversubscribe and .exclusive are parsed as strings of their own syntax; a
  // value outside it fails the whole request (400, asked of 26.05.5: asked/partition_rules/).
  if (const Json* v = sub("partition", "oversubscribe")) {
    const std::string o = text(*v);
    const size_t colon = o.find(':');
    const std::string mode = o.substr(0, colon);
    const std::string count = colon == std::string::npos ? "" : o.substr(colon + 1);
    const bool digits = !count.empty() && count.size() < 6 &&
                        count.find_first_not_of("0123456789") == std::string::npos;
    if (mode == "NO"
            ? colon != std::string::npos
            : (mode != "YES" && mode != "FORCE") || (colon != std::string::npos && !digits)) {
      a->error("expected NO, YES[:#], or FORCE[:#]", 9001, path + "partition/oversubscribe/");
      parse->bad_syntax = true;
      return false;
    }
    u.oversubscribe = o;
  }
  if (const Json* v = sub("partition", "exclusive")) {
    const std::string e = text(*v);
    if (e != "NO" && e != "NODE" && e != "USER" && e != "TOPO") {
      a->error("expected NO, NODE, USER, or TOPO", 9001, path + "partition/exclusive/");
      parse->bad_syntax = true;
      return false;
    }
    if (e == "USER") u.exclusive_user = true;
    if (e == "NODE") u.oversubscribe = "EXCLUSIVE";
  }
  if (const Json* v = sub("maximums", "partition_memory_per_node"))
    if (!read_limit(*v, path + "maximums/partition_memory_per_node/", a, &u.max_mem_per_node))
      return false;
  if (const Json* v = sub("defaults", "partition_memory_per_cpu"))
    if (!read_limit(*v, path + "defaults/partition_memory_per_cpu/", a, &u.def_mem_per_cpu))
      return false;
  if (d.contains("grace_time"))
    if (!read_int(d["grace_time"], path + "grace_time/", a, &u.grace_time)) return false;
  if (const Json* v = sub("maximums", "cpus_per_node"))
    if (!read_limit(*v, path + "maximums/cpus_per_node/", a, &u.max_cpus_per_node)) return false;
  if (const Json* v = sub("maximums", "nodes"))
    if (!read_limit(*v, path + "maximums/nodes/", a, &u.max_nodes)) return false;
  if (const Json* v = sub("maximums", "time"))
    if (!read_limit(*v, path + "maximums/time/", a, &u.max_time)) return false;
  if (const Json* v = sub("minimums", "nodes"))
    if (!read_int(*v, path + "minimums/nodes/", a, &u.min_nodes)) return false;
  if (d.contains("name")) out->has_name = true, u.name = text(d["name"]);
  std::optional<int64_t> factor, tier;
  if (const Json* v = sub("priority", "job_factor"))
    if (!read_int(*v, path + "priority/job_factor/", a, &factor)) return false;
  if (const Json* v = sub("priority", "tier"))
    if (!read_int(*v, path + "priority/tier/", a, &tier)) return false;
  if (factor) u.priority_job_factor = static_cast<int>(*factor);
  if (tier) u.priority_tier = static_cast<int>(*tier);
  for (auto it = d.begin(); it != d.end(); ++it)
    if (!kKnown.count(it.key()))
      warn_unknown(it.key(), it.value(), path, "DATA_PARSER_PARTITION_INFO", a);
  return true;
}

Parse parse_body(const Json& doc, Answer* a) {
  Parse p;
  if (!require_object(doc, "#/", a)) {
    p.refused = true;
    return p;
  }
  if (!doc.contains("partitions")) {
    a->error("Missing required field 'partitions' in dictionary", 9200, "#/partitions/");
    p.refused = true;
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() != "partitions") {
      warn_unknown(it.key(), it.value(), "#/", "DATA_PARSER_OPENAPI_PARTITIONS_MOD_REQ", a);
      continue;
    }
    const Json list = it->is_array() ? *it : Json::array({*it});
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string path = "#/partitions[" + std::to_string(i) + "]/";
      if (!list[i].is_object()) {
        // Asked: "partitions": 5 is refused as a string.
        a->error(std::string("Rejecting ") + (list[i].is_array() ? "list" : "string") +
                     " when dictionary expected",
                 9209, path);
        p.refused = true;
        continue;
      }
      ParsedPartition e;
      if (!parse_entry(list[i], path, a, &p, &e)) p.refused = true;
      p.entries.push_back(std::move(e));
    }
  }
  return p;
}

Response post(App& app, const LoadedVersion& self, Request& req) {
  std::optional<Json> body = req.body_json ? std::move(req.body_json) : decode_body(req);
  if (!body) return unparsable_body();
  Answer a;
  const Json empty = Json::object();
  const Json& doc = body->is_null() ? empty : *body;
  const Parse parse = parse_body(doc, &a);
  if (parse.refused) {
    a.error("Rejecting request. Failure parsing query", 9000, "_partitions_mod");
    const bool type_error = !doc.is_object() || (doc.contains("partitions") && !a.errors.empty() &&
                                                 a.errors.front()["error_number"] != 9200);
    return respond(app, self, req, a, parse.bad_syntax ? 400 : type_error ? 500 : 422);
  }
  const int refusal = rules_of(app.release()).refusal_status;
  for (size_t i = 0; i < parse.entries.size(); ++i) {
    if (parse.entries[i].has_name) continue;
    a.error("The partition description at index " + std::to_string(i) +
                " must specify a name. Skipping",
            2000, "_foreach_create_update_partition");
    return respond(app, self, req, a, refusal);
  }
  if (auto f = failed_call(app, req)) {
    a.error("Unable to query partitions", f->error_number, "_partitions_mod");
    return respond(app, self, req, a, f->status);
  }
  const scheduler_sim::Identity who = current_identity(app, req);
  auto locked = app.lock();
  std::set<std::string> existing;
  for (const auto& p : locked.sim().partitions()) existing.insert(p.config.name);
  for (size_t i = 0; i < parse.entries.size(); ++i) {
    const PartitionUpdate& u = parse.entries[i].update;
    const bool create = !existing.count(u.name);
    const Status st = create ? locked.create_partition(u, who) : locked.update_partition(u, who);
    if (!st.ok()) {
      a.error(std::string(create ? "Failed to create" : "Failed to update") + " partition " +
                  u.name + " with description at index " + std::to_string(i),
              st.errno_value(), create ? "slurm_create_partition" : "slurm_update_partition");
      return respond(app, self, req, a, refusal);
    }
  }
  return respond(app, self, req, a, parse.flag_error ? 500 : 200);
}

Response remove(App& app, const LoadedVersion& self, Request& req) {
  Answer a;
  const std::string name = *req.param("partition_name");
  if (auto f = failed_call(app, req)) {
    a.error("Unable to delete partition", f->error_number, "slurm_delete_partition()");
    return respond(app, self, req, a, f->status);
  }
  const scheduler_sim::Identity who = current_identity(app, req);
  const Status st = app.lock().delete_partition(name, who);
  if (!st.ok()) {
    a.error("Unable to delete partition", st.errno_value(), "slurm_delete_partition()");
    return respond(app, self, req, a, rules_of(app.release()).refusal_status);
  }
  return respond(app, self, req, a, 200);
}

}  // namespace

void register_partition_write_routes(App& app, const LoadedVersion& self, const Shape& shape) {
  if (!shape.partition_writes) return;
  Router& router = app.router();
  router.add(
      "POST", self.prefix() + "/partitions",
      [&app, &self](Request& req) { return post(app, self, req); }, ParamKind::kAny,
      tag(EndpointKind::kOther), &self);
  router.add(
      "DELETE", self.prefix() + "/partition/{partition_name}",
      [&app, &self](Request& req) { return remove(app, self, req); }, ParamKind::kPresent,
      tag(EndpointKind::kOther), &self);
}

}  // namespace mock_slurmrestd::v0_0_40
