// POST /node/{node_name}, POST /nodes/ and DELETE /node/{node_name} of v0.0.40 to v0.0.45
// (asked of 24.11.5 and 26.05.5: tests/data/oracle/<release>/asked/nodes/, recorded by
// contract_tests/tools/record_node_writes.py; facts in docs/oracle-notes/node-writes.md).
//
// The body is read as data_parser reads DATA_PARSER_UPDATE_NODE_MSG (schema key order, type
// warnings, unknown keys warned), then slurmctld applies it (Simulator::update_node). A value
// the parser refuses is an error of its own; a state flag it does not know is refused outright
// by v0.0.40 and sent on as an invalid state by the later versions.
#include "v0_0_40/node_write_routes.h"

#include <pwd.h>

#include <optional>
#include <string>
#include <vector>

#include "body.h"
#include "scheduler_sim/hostlist.h"
#include "v0_0_40/answer.h"
#include "v0_0_40/job_parse.h"
#include "v0_0_40/release_rules.h"
#include "v0_0_40/routes.h"

namespace mock_slurmrestd::v0_0_40 {

namespace {

using scheduler_sim::Errno;
using scheduler_sim::NodeUpdate;
using scheduler_sim::Status;

// The node states update_node_msg.state names (the versions' node_states enum; v0.0.43 adds
// EXTERNAL, POWER_DOWN_ASAP, POWER_DOWN_FORCE and BLOCKED).
bool known_state(const std::string& s, const Shape& shape) {
  static const char* const kStates[] = {
      "INVALID",         "UNKNOWN",       "DOWN",           "IDLE",          "ALLOCATED",
      "ERROR",           "MIXED",         "FUTURE",         "RESERVED",      "UNDRAIN",
      "CLOUD",           "RESUME",        "DRAIN",          "COMPLETING",    "NOT_RESPONDING",
      "POWERED_DOWN",    "FAIL",          "POWERING_UP",    "MAINTENANCE",   "REBOOT_REQUESTED",
      "REBOOT_CANCELED", "POWERING_DOWN", "DYNAMIC_FUTURE", "REBOOT_ISSUED", "PLANNED",
      "INVALID_REG",     "POWER_DOWN",    "POWER_UP",       "POWER_DRAIN",   "DYNAMIC_NORM"};
  static const char* const kSince43[] = {"EXTERNAL", "POWER_DOWN_ASAP", "POWER_DOWN_FORCE",
                                         "BLOCKED"};
  for (const char* k : kStates)
    if (s == k) return true;
  if (shape.node_update_topology)
    for (const char* k : kSince43)
      if (s == k) return true;
  return false;
}

// A csv_string / hostlist_string key: a list of strings; a string is taken with a type
// warning (asked: "features": "a,b" warns, then is read as its comma-separated items).
std::optional<std::vector<std::string>> read_list(const Json& v, const std::string& source,
                                                  const Shape& shape, Answer* answer, bool* ok) {
  if (v.is_null()) return std::nullopt;
  std::vector<std::string> out;
  if (v.is_string()) {
    type_warning(Kind::kStringList, v, source, shape, answer);
    const std::string s = v.get<std::string>();
    size_t start = 0;
    while (start <= s.size()) {
      const size_t comma = s.find(',', start);
      const std::string item = s.substr(start, comma == std::string::npos ? comma : comma - start);
      if (!item.empty()) out.push_back(item);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return out;
  }
  std::optional<Value> read = read_value(Kind::kStringList, v, source, shape, answer);
  if (!read) {
    *ok = false;
    return std::nullopt;
  }
  return read->list;
}

// What the body asks, and whether the parser let it through.
struct ParsedNodeUpdate {
  bool ok = true;       // false: a value was refused, nothing is updated
  bool errors = false;  // the parser added an error (the answer is then 500)
  NodeUpdate update;
  std::vector<std::string> names;  // "name" (POST /nodes/)
};

// The state list: one known flag is the state asked; several, or one the parser does not know
// (v0.0.41 on), reach slurmctld as a state it cannot take.
void read_state(const Json& v, const Shape& shape, Answer* answer, ParsedNodeUpdate* out) {
  std::vector<std::string> flags;
  if (v.is_string()) {
    flags.push_back(v.get<std::string>());
  } else if (v.is_array()) {
    for (const auto& item : v) flags.push_back(item.is_string() ? item.get<std::string>() : "");
  } else {
    // null, a number or a boolean: refused without a type warning (asked, every version).
    answer->error("Expected a List but found a " + data_type_name(v), 9206, "#/state/");
    out->ok = false;
    out->errors = true;
    return;
  }
  if (flags.empty()) return;
  bool unknown = false;
  for (size_t i = 0; i < flags.size(); ++i) {
    if (known_state(flags[i], shape)) continue;
    const std::string source = v.is_array() ? "#/state[" + std::to_string(i) + "]/" : "#/state/";
    answer->error("Unknown flag \"" + flags[i] + "\"", 9207, source);
    out->errors = unknown = true;
  }
  if (unknown && shape.flags_failure_refuses) {
    answer->error("Parsing flags failed", 9207, "#/state/");
    out->ok = false;
    return;
  }
  out->update.state = (unknown || flags.size() != 1) ? std::string() : flags.front();
}

// reason_uid names who set the reason (a user name; not modelled beyond its checks, asked):
// v0.0.40 refuses every non-string (null included) with "Invalid user field value type: T";
// later versions take null, and a number with a type warning, but refuse a boolean. A name
// no passwd entry resolves is 2166.
void read_reason_uid(const Json& v, const Shape& shape, Answer* answer, ParsedNodeUpdate* out) {
  const char* source = "#/reason_uid/";
  auto refuse = [&](const std::string& description, int error_number) {
    answer->error(description, error_number, source);
    out->ok = false;
    out->errors = true;
  };
  if (v.is_string()) {
    const std::string name = v.get<std::string>();
    const bool digits = !name.empty() && name.find_first_not_of("0123456789") == std::string::npos;
    if (!digits && getpwnam(name.c_str()) == nullptr)
      refuse("Unable to resolve user: " + name, 2166);
    return;
  }
  if (v.is_null()) {
    if (!shape.parser_prints_values) refuse("Invalid user field value type: null", 9202);
    return;
  }
  if (v.is_array() || v.is_object()) {
    read_value(Kind::kString, v, source, shape, answer);  // not asked: the string key's answer
    out->ok = false;
    out->errors = true;
    return;
  }
  type_warning(Kind::kString, v, source, shape, answer);
  if (!shape.parser_prints_values)
    refuse("Invalid user field value type: " + data_type_name(v), 9202);
  else if (v.is_boolean()) refuse("Invalid user field: " + v.dump(), 9202);
}

ParsedNodeUpdate parse_node_update(const Json& body, const Shape& shape, const ReleaseRules& rules,
                                   Answer* answer) {
  ParsedNodeUpdate out;
  if (body.is_null()) return out;
  if (!require_object(body, "#/", answer)) {
    out.ok = false;
    out.errors = true;
    return out;
  }
  NodeUpdate& u = out.update;
  auto text = [&](const char* key, std::optional<std::string>* member) {
    auto it = body.find(key);
    if (it == body.end()) return;
    std::optional<Value> v =
        read_value(Kind::kString, *it, std::string("#/") + key + "/", shape, answer);
    if (!v) {
      out.ok = false;
      out.errors = true;
    } else if (member && !v->unset) {
      *member = v->text;
    }
  };
  auto list = [&](const char* key, std::optional<std::vector<std::string>>* member) {
    auto it = body.find(key);
    if (it == body.end()) return;
    bool ok = true;
    auto items = read_list(*it, std::string("#/") + key + "/", shape, answer, &ok);
    if (!ok) out.ok = false, out.errors = true;
    if (items) *member = std::move(*items);
  };
  auto no_val = [&](const char* key, std::optional<int64_t>* member) {
    auto it = body.find(key);
    if (it == body.end()) return;
    std::optional<Value> v =
        read_value(Kind::kNoVal, *it, std::string("#/") + key + "/", shape, answer);
    if (!v) {
      out.ok = false;
      out.errors = true;
      return;
    }
    if (!member || v->unset) return;
    // A uint32: infinite, or a value it cannot hold, is 4294967295 (asked: -3).
    *member = (v->infinite || v->number < 0 || v->number > 4294967295LL) ? 4294967295LL : v->number;
  };
  // The schema's key order, which is the parser's.
  text("comment", &u.comment);
  if (auto it = body.find("cpu_bind"); it != body.end()) {
    std::optional<Value> v = read_value(Kind::kInt, *it, "#/cpu_bind/", shape, answer);
    if (!v) out.ok = false, out.errors = true;
    else if (!v->unset) u.cpu_bind = v->number;  // shown as the node's cpu_binding (asked)
  }
  text("extra", &u.extra);
  if (auto it = body.find("features");
      it != body.end() && (it->is_null() || it->is_number() || it->is_boolean())) {
    // No list: the parser warns of a number or boolean (not of null) and sends slurmctld an
    // empty available set, which it refuses (2031, asked on 24.11 and 26.05).
    if (!it->is_null()) type_warning(Kind::kStringList, *it, "#/features/", shape, answer);
    u.features_unreadable = true;
  } else {
    list("features", &u.features);
  }
  list("features_act", &u.active_features);
  text("gres", &u.gres);
  std::optional<std::vector<std::string>> address, hostname, names;
  list("address", &address);
  list("hostname", &hostname);
  list("name", &names);
  if (address && !address->empty()) u.address = address->front();
  if (hostname && !hostname->empty()) u.hostname = hostname->front();
  if (names) out.names = *names;
  if (auto it = body.find("state"); it != body.end()) read_state(*it, shape, answer, &out);
  text("reason", &u.reason);
  if (auto it = body.find("reason_uid"); it != body.end() && rules.node_reason_uid_read)
    read_reason_uid(*it, shape, answer, &out);
  no_val("resume_after", &u.resume_after);
  if (shape.node_update_topology) text("topology_str", &u.topology);  // shown as "topology"
  no_val("weight", &u.weight);
  static const char* const kKeys[] = {
      "comment",  "cpu_bind", "extra", "features", "features_act", "gres",         "address",
      "hostname", "name",     "state", "reason",   "reason_uid",   "resume_after", "weight"};
  for (auto it = body.begin(); it != body.end(); ++it) {
    bool known = shape.node_update_topology && it.key() == "topology_str";
    for (const char* k : kKeys) known = known || it.key() == k;
    if (!known) warn_unknown(it.key(), it.value(), "#/", "DATA_PARSER_UPDATE_NODE_MSG", answer);
  }
  return out;
}

// The status of slurmctld's refusal: the release's, but a power action without power saving
// (2187, 26.05) is answered 500 there too (asked).
int refusal_status(const App& app, const Status& st) {
  if (st.code() == Errno::kInvalidPowerAction) return 500;
  return rules_of(app.release()).refusal_status;
}

std::optional<Json> read_body(Request& req) {
  std::optional<Json> body = req.body_json ? std::move(req.body_json) : decode_body(req);
  if (body && !body->is_null() && !body->is_object() && !body->is_array()) return std::nullopt;
  return body;
}

// POST /node/{name} and POST /nodes/: `names` the nodes (a hostlist expression), `shown` as
// the errors name them.
Response update(App& app, const LoadedVersion& self, Request& req, const Shape& shape, bool bulk) {
  std::optional<Json> body = read_body(req);
  if (!body) return unparsable_body();
  Answer a;
  ParsedNodeUpdate parsed = parse_node_update(*body, shape, rules_of(app.release()), &a);
  std::string names, shown;
  if (bulk) {
    for (const auto& n : parsed.names) names += (names.empty() ? "" : ",") + n;
    shown = parsed.names.empty() ? "(null)" : scheduler_sim::compress_hostlist(parsed.names);
  } else {
    names = shown = *req.param("node_name");
  }
  const char* source = bulk ? "_update_nodes" : "_update_node";
  if (!parsed.ok) return respond(app, self, req, a, 500);
  if (auto f = failed_call(app, req)) {
    a.error("Failure to update node " + shown, f->error_number, source);
    return respond(app, self, req, a, f->status);
  }
  Status st;
  {
    const scheduler_sim::Identity who = current_identity(app, req);
    auto locked = app.lock();
    st = locked.update_node(names, parsed.update, who);
  }
  if (!st.ok()) a.error("Failure to update node " + shown, st.errno_value(), source);
  if (parsed.errors) return respond(app, self, req, a, 500);
  return respond(app, self, req, a, st.ok() ? 200 : refusal_status(app, st));
}

Response remove(App& app, const LoadedVersion& self, Request& req) {
  Answer a;
  const std::string name = *req.param("node_name");
  const ReleaseRules& rules = rules_of(app.release());
  const std::string what = std::string("Failure to ") + rules.node_delete_verb + " node " + name;
  if (auto f = failed_call(app, req)) {
    a.error(what, f->error_number, "op_handler_node");
    return respond(app, self, req, a, f->status);
  }
  Status st;
  {
    const scheduler_sim::Identity who = current_identity(app, req);
    auto locked = app.lock();
    st = locked.delete_node(name, who);
  }
  if (st.ok()) return respond(app, self, req, a, 200);
  a.error(what, st.errno_value(), "op_handler_node");
  return respond(app, self, req, a, refusal_status(app, st));
}

// POST /new/node/ (v0.0.44 on): {"node_conf": "NodeName=... State=FUTURE|CLOUD ..."}.
Response create(App& app, const LoadedVersion& self, Request& req) {
  std::optional<Json> body = req.body_json ? std::move(req.body_json) : decode_body(req);
  if (!body) return unparsable_body();
  Answer a;
  const Json empty = Json::object();
  const Json& doc = body->is_null() ? empty : *body;
  if (!require_object(doc, "#/", &a)) return respond(app, self, req, a, 500);
  if (!doc.contains("node_conf")) {
    // Asked: the one error, without 9000's "Rejecting request".
    a.error("Missing required field 'node_conf' in dictionary", 9200, "#/node_conf/");
    return respond(app, self, req, a, rules_of(app.release()).refusal_status);
  }
  for (auto it = doc.begin(); it != doc.end(); ++it)
    if (it.key() != "node_conf")
      warn_unknown(it.key(), it.value(), "#/", "DATA_PARSER_OPENAPI_CREATE_NODE_REQ", &a);
  const Json& v = doc["node_conf"];
  const std::string conf = v.is_string() ? v.get<std::string>() : v.dump();
  if (auto f = failed_call(app, req)) {
    a.error("Failure to create node", f->error_number, "_create_node");
    return respond(app, self, req, a, f->status);
  }
  const scheduler_sim::Identity who = current_identity(app, req);
  const Status st = app.lock().create_nodes(conf, who);
  if (st.ok()) return respond(app, self, req, a, 200);
  a.error("Failure to create node", st.errno_value(), "_create_node");
  // Asked: a node line slurmctld cannot read (-1) is 500, its refusals 422.
  return respond(app, self, req, a,
                 st.code() == Errno::kError ? 500 : rules_of(app.release()).refusal_status);
}

}  // namespace

void register_node_write_routes(App& app, const LoadedVersion& self, const Shape& shape) {
  const std::string p = self.prefix();
  app.router().add(
      "POST", p + "/node/{node_name}",
      [&app, &self, shape](Request& req) { return update(app, self, req, shape, false); },
      ParamKind::kPresent, tag(EndpointKind::kNodes), &self);
  app.router().add(
      "DELETE", p + "/node/{node_name}",
      [&app, &self](Request& req) { return remove(app, self, req); }, ParamKind::kPresent,
      tag(EndpointKind::kNodes), &self);
  app.router().add(
      "POST", p + "/nodes",
      [&app, &self, shape](Request& req) { return update(app, self, req, shape, true); },
      ParamKind::kAny, tag(EndpointKind::kNodes), &self);
  if (shape.new_node_route)
    app.router().add(
        "POST", p + "/new/node", [&app, &self](Request& req) { return create(app, self, req); },
        ParamKind::kAny, tag(EndpointKind::kNodes), &self);
}

}  // namespace mock_slurmrestd::v0_0_40
