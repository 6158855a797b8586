// Reservation create/update (POST /reservations/, /reservation; v0.0.43 on) and delete
// (DELETE /reservation/{name}; 26.05's v0.0.42 on), and a reservation as GET lists it, as Slurm
// 26.05.5 answers (asked: tests/data/oracle/26.05/asked/routes/ 048-071).
#include "v0_0_40/reservation_routes.h"

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "body.h"
#include "group_names.h"
#include "scheduler_sim/hostlist.h"
#include "v0_0_40/answer.h"
#include "v0_0_40/job_parse.h"
#include "v0_0_40/number.h"
#include "v0_0_40/release_rules.h"
#include "v0_0_40/routes.h"

namespace mock_slurmrestd::v0_0_40 {

namespace {

using scheduler_sim::Status;

// slurmctld cannot add the TRES it would read from slurmdbd: said twice on a success.
const char kNoAccounting[] =
    "Slurm accounting storage is disabled. Could not query the following: [TRES].";

// NO_VAL of a 64-bit time, as the echo prints an unset start or end.
constexpr int64_t kNoValTime = 4294967294;

// One reservation_desc_msg read: the request, the echo the daemon answers with, and whether a
// value was refused.
struct ParsedResv {
  bool ok = true;
  scheduler_sim::ReservationRequest req;
  Json echo;
};

std::vector<std::string> split_csv(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t comma = s.find(',', start);
    const std::string item =
        s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

// A list key (csv_string, hostlist_string): a string is taken with the daemon's warning; the
// echo prints the items (a hostlist expanded).
std::vector<std::string> read_list(const Json& v, const std::string& path, bool hostlist,
                                   Answer* a) {
  std::vector<std::string> items;
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    a->warning(
        "Expected OpenAPI type=array (Slurm type=list) but got OpenAPI type=string (Slurm "
        "type=string): \"" +
            s + "\"",
        path);
    if (hostlist) {
      try {
        items = scheduler_sim::expand_hostlist(s);
      } catch (const std::exception&) {
        items = {s};
      }
    } else {
      items = split_csv(s);
    }
  } else if (v.is_array()) {
    for (const Json& i : v) items.push_back(i.is_string() ? i.get<std::string>() : i.dump());
  }
  return items;
}

// A {"set", "infinite", "number"} key: a number, or the object; anything else refused (9202).
std::optional<int64_t> read_number(const Json& v, const std::string& path, Answer* a, bool* ok) {
  const Json& n = v.is_object() ? (v.contains("number") ? v["number"] : Json()) : v;
  if (v.is_object() && v.contains("set") && v["set"] == false) return std::nullopt;
  if (n.is_number_integer()) return n.get<int64_t>();
  a->error(
      "Expected integer but got " + (n.is_string() ? "\"" + n.get<std::string>() + "\"" : n.dump()),
      9202, path);
  *ok = false;
  return std::nullopt;
}

ParsedResv parse_resv(const Json& desc, const std::string& path, Answer* a) {
  ParsedResv out;
  std::vector<std::string> accounts, groups, licenses, node_list, users, flags, tres;
  std::optional<int64_t> core_count, duration, node_count, max_start_delay, start, end, purge;
  std::string burst_buffer, comment, features, name, partition;
  // The parser walks the schema's keys in its order and stops at the first refused value
  // (asked: a bad node_count leaves node_list and users unread, without their warnings).
  static const char* const kKeys[] = {
      "accounts",        "burst_buffer", "comment",    "core_count", "duration",
      "end_time",        "features",     "flags",      "groups",     "licenses",
      "max_start_delay", "name",         "node_count", "node_list",  "partition",
      "purge_completed", "start_time",   "tres",       "users"};
  for (const char* key : kKeys) {
    auto it = desc.find(key);
    if (it == desc.end()) continue;
    const std::string k = key;
    const std::string p = path + k + "/";
    const Json& v = *it;
    auto text = [&v]() { return v.is_string() ? v.get<std::string>() : v.dump(); };
    if (k == "accounts") accounts = read_list(v, p, false, a);
    else if (k == "groups") groups = read_list(v, p, false, a);
    else if (k == "licenses") licenses = read_list(v, p, false, a);
    else if (k == "users") users = read_list(v, p, false, a);
    else if (k == "node_list") node_list = read_list(v, p, true, a);
    else if (k == "flags") flags = read_list(v, p, false, a);
    else if (k == "tres") tres = read_list(v, p, false, a);
    else if (k == "burst_buffer") burst_buffer = text();
    else if (k == "comment") comment = text();
    else if (k == "features") features = text();
    else if (k == "name") name = text();
    else if (k == "partition") partition = text();
    else if (k == "core_count") core_count = read_number(v, p, a, &out.ok);
    else if (k == "duration") duration = read_number(v, p, a, &out.ok);
    else if (k == "node_count") node_count = read_number(v, p, a, &out.ok);
    else if (k == "max_start_delay") max_start_delay = read_number(v, p, a, &out.ok);
    else if (k == "start_time") start = read_number(v, p, a, &out.ok);
    else if (k == "end_time") end = read_number(v, p, a, &out.ok);
    else if (k == "purge_completed" && v.is_object() && v.contains("time"))
      purge = read_number(v["time"], p + "time/", a, &out.ok);
    if (!out.ok) return out;
  }
  for (auto it = desc.begin(); it != desc.end(); ++it) {
    bool known = false;
    for (const char* key : kKeys) known = known || it.key() == key;
    if (!known) warn_unknown(it.key(), it.value(), path, "DATA_PARSER_RESERVATION_DESC_MSG", a);
  }
  Json& e = out.echo;
  e["accounts"] = accounts;
  e["burst_buffer"] = burst_buffer;
  e["comment"] = comment;
  e["core_count"] = optional_number(core_count);
  e["duration"] = optional_number(duration);
  e["end_time"] = number(end.value_or(kNoValTime));
  e["features"] = features;
  e["flags"] = flags;
  e["groups"] = groups;
  e["licenses"] = licenses;
  e["max_start_delay"] = optional_number(max_start_delay);
  e["name"] = name;
  e["node_count"] = optional_number(node_count);
  e["node_list"] = node_list;
  e["partition"] = partition;
  e["purge_completed"]["time"] = optional_number(purge);
  e["start_time"] = number(start.value_or(kNoValTime));
  e["tres"] = tres;
  e["users"] = users;
  scheduler_sim::ReservationRequest& r = out.req;
  r.name = name;
  if (!node_list.empty()) r.node_list = join(node_list);
  r.start_time = start;
  r.end_time = end;
  r.duration_minutes = duration;
  if (desc.contains("users")) r.users = join(users);
  if (desc.contains("accounts")) r.accounts = join(accounts);
  if (desc.contains("groups")) {
    r.groups = join(groups);
    // A group the host does not know matches nobody (not asked of the real daemon).
    std::vector<uint32_t> ids;
    for (const std::string& g : groups)
      if (const auto id = group_id(g)) ids.push_back(*id);
    r.group_ids = ids;
  }
  if (node_count) r.node_count = static_cast<int>(*node_count);
  if (purge) r.purge_completed = *purge;
  if (desc.contains("comment")) r.comment = comment;
  if (desc.contains("partition")) r.partition = partition;
  if (desc.contains("features")) r.features = features;
  if (desc.contains("flags")) r.flags = join(flags);
  return out;
}

// Sends the parsed descriptions to the simulator in order; the answer echoes them.
Response apply(App& app, const LoadedVersion& self, Request& req,
               const std::vector<ParsedResv>& parsed, Answer& a) {
  const int refusal = rules_of(app.release()).refusal_status;
  if (auto f = failed_call(app, req)) {
    a.error("Error creating reservation  " + parsed.front().req.name, f->error_number,
            "slurm_create_reservation");
    return respond(app, self, req, a, f->status);
  }
  const scheduler_sim::Identity who = current_identity(app, req);
  auto locked = app.lock();
  for (const ParsedResv& p : parsed) {
    const Status st = locked.set_reservation(p.req, who);
    if (!st.ok()) {
      // Nodes to be picked (node_count, no node_list) that are not there: the daemon's note
      // (oracle: 26.05.5, asked/resv_end/ count_too_many).
      const bool picked = p.req.node_count && !p.req.node_list;
      a.error(picked ? "Error creating reservation " + p.req.name +
                           ". Note, unless nodes are directly requested a reservation must "
                           "exist in a single partition. If no partition is requested the "
                           "default partition is assumed."
                     : "Error creating reservation  " + p.req.name,
              st.errno_value(), "slurm_create_reservation");
      return respond(app, self, req, a, refusal);
    }
  }
  Json& list = a.payload["reservations"] = Json::array();
  for (const ParsedResv& p : parsed) list.push_back(p.echo);
  a.warning(kNoAccounting);
  a.warning(kNoAccounting);
  return respond(app, self, req, a, 200);
}

std::optional<Json> body_of(Request& req) {
  return req.body_json ? std::move(req.body_json) : decode_body(req);
}

// POST /reservations/: {"reservations": [reservation_desc_msg, ...]}.
Response post_many(App& app, const LoadedVersion& self, Request& req) {
  std::optional<Json> body = body_of(req);
  if (!body) return unparsable_body();
  Answer a;
  const Json empty = Json::object();
  const Json& doc = body->is_null() ? empty : *body;
  if (!require_object(doc, "#/", &a)) return respond(app, self, req, a, 500);
  std::vector<ParsedResv> parsed;
  bool ok = true;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() != "reservations") {
      warn_unknown(it.key(), it.value(), "#/", "DATA_PARSER_RESERVATION_MOD_REQ", &a);
      continue;
    }
    const Json list = it->is_array() ? *it : Json::array({*it});
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string path = "#/reservations[" + std::to_string(i) + "]/";
      if (!require_object(list[i], path, &a)) {
        ok = false;
        continue;
      }
      parsed.push_back(parse_resv(list[i], path, &a));
      ok = ok && parsed.back().ok;
    }
  }
  if (!ok) {
    a.error("Rejecting request. Failure parsing parameters", 9000, "_parse_resv_desc_list");
    return respond(app, self, req, a, 422);
  }
  for (const ParsedResv& p : parsed) {
    if (p.req.name.empty()) {
      a.error("Reservation must be given", 2053, "_check_resv_name");
      return respond(app, self, req, a, 422);
    }
  }
  if (parsed.empty()) {
    a.payload["reservations"] = Json::array();
    return respond(app, self, req, a, 200);
  }
  return apply(app, self, req, parsed, a);
}

// POST /reservation: one reservation_desc_msg.
Response post_one(App& app, const LoadedVersion& self, Request& req) {
  std::optional<Json> body = body_of(req);
  if (!body) return unparsable_body();
  Answer a;
  const Json empty = Json::object();
  const Json& doc = body->is_null() ? empty : *body;
  if (!require_object(doc, "#/", &a)) return respond(app, self, req, a, 500);
  std::vector<ParsedResv> parsed = {parse_resv(doc, "#/", &a)};
  if (!parsed.front().ok) {
    a.error("Rejecting request. Failure parsing parameters", 9000, "_parse_resv_desc");
    return respond(app, self, req, a, 422);
  }
  if (parsed.front().req.name.empty()) {
    a.error("Reservation must be given.", 2053, "_mod_reservation");
    return respond(app, self, req, a, 422);
  }
  return apply(app, self, req, parsed, a);
}

Response remove(App& app, const LoadedVersion& self, Request& req) {
  Answer a;
  const std::string name = *req.param("reservation_name");
  const std::string description = "Error deleting reservation " + name;
  if (auto f = failed_call(app, req)) {
    a.error(description, f->error_number, "slurm_delete_reservation");
    return respond(app, self, req, a, f->status);
  }
  const scheduler_sim::Identity who = current_identity(app, req);
  const Status st = app.lock().delete_reservation(name, who);
  if (!st.ok()) {
    a.error(description, st.errno_value(), "slurm_delete_reservation");
    return respond(app, self, req, a, rules_of(app.release()).refusal_status);
  }
  return respond(app, self, req, a, 200);
}

}  // namespace

void dump_reservation(Json& out, const scheduler_sim::Reservation& r, const Shape& shape) {
  out["accounts"] = r.accounts;
  out["burst_buffer"] = r.burst_buffer;
  out["core_count"] = r.core_count;
  out["core_specializations"] = Json::array();
  out["end_time"] = number(r.end_time);
  out["features"] = r.features;
  // The flags given, then SPEC_NODES for a reservation of named nodes (oracle: ["MAINT",
  // "SPEC_NODES"], ["IGNORE_JOBS", "SPEC_NODES"]; nodes picked by node_count: []). PURGE_COMP
  // comes after it (oracle: ["SPEC_NODES", "PURGE_COMP"]).
  Json flags = Json::array();
  for (const std::string& f : r.flags)
    if (f != "PURGE_COMP") flags.push_back(f);
  if (r.spec_nodes) flags.push_back("SPEC_NODES");
  if (r.has_flag("PURGE_COMP")) flags.push_back("PURGE_COMP");
  out["flags"] = std::move(flags);
  out["groups"] = r.groups;
  out["licenses"] = r.licenses;
  out["max_start_delay"] = 0;
  out["name"] = r.name;
  out["node_count"] = r.node_indices.size();
  out["node_list"] = r.node_list;
  out["partition"] = r.partition;
  out["purge_completed"]["time"] = number(r.purge_completed);
  out["start_time"] = number(r.start_time);
  if (shape.reservation_watts) out["watts"] = Json::object();
  out["tres"] = "cpu=" + std::to_string(r.core_count);
  out["users"] = r.users;
}

void register_reservation_write_routes(App& app, const LoadedVersion& self, const Shape& shape) {
  Router& router = app.router();
  if (shape.reservation_writes) {
    router.add(
        "POST", self.prefix() + "/reservations",
        [&app, &self](Request& req) { return post_many(app, self, req); }, ParamKind::kAny,
        tag(EndpointKind::kOther), &self);
    router.add(
        "POST", self.prefix() + "/reservation",
        [&app, &self](Request& req) { return post_one(app, self, req); }, ParamKind::kAny,
        tag(EndpointKind::kOther), &self);
  }
  if (rules_of(app.release()).reservation_delete) {
    router.add(
        "DELETE", self.prefix() + "/reservation/{reservation_name}",
        [&app, &self](Request& req) { return remove(app, self, req); }, ParamKind::kPresent,
        tag(EndpointKind::kOther), &self);
  }
}

}  // namespace mock_slurmrestd::v0_0_40
