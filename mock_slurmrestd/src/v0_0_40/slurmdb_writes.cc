// openapi/slurmdbd's POST and DELETE routes of v0.0.40 to v0.0.45 on the simulator's accounting
// store (docs/oracle-notes/accounting-24.11.md "Permissions", "Writes (root)"; accounting-26.05.md;
// case names are the recordings' in tests/data/oracle/24.11-acct and 26.05-acct).
#include "v0_0_40/slurmdb_writes.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "v0_0_36/slurmdb_answer.h"
#include "v0_0_40/answer.h"
#include "v0_0_40/slurmdb_routes.h"

namespace mock_slurmrestd::v0_0_40 {

namespace sim = scheduler_sim;

DbLevel db_level(const v0_0_36::DbContext& c, const ReleaseRules& rules, const std::string& user) {
  if (user == "root" || user == c.config.slurm_user) return DbLevel::kAdministrator;
  const sim::UserRecord* u = c.db.find_user(user);
  // 26.05 refuses uid 65534 whatever its level (nobody_administrator_*).
  if (!u || (user == "nobody" && !rules.db_nobody_admin)) return DbLevel::kNone;
  if (u->admin_level == "Administrator") return DbLevel::kAdministrator;
  if (u->admin_level == "Operator") return DbLevel::kOperator;
  return DbLevel::kNone;
}

namespace {

// What a write handler gets: the database under the lock, the version and release, who asks.
struct Write {
  sim::Accounting& db;
  const v0_0_36::DbContext& c;
  const Shape& shape;
  const ReleaseRules& rules;
  Answer& answer;
  const Request& req;
  DbLevel level;
};
// Returns the status; 304 answers "not modified" (no body, no content type).
using WriteFn = std::function<int(const Write&)>;

constexpr int kNotModified = 304;

void add_write(App& app, const LoadedVersion& self, const Shape& shape, const char* method,
               const std::string& path, WriteFn write) {
  app.router().add(
      method, self.prefix() + path,
      [&app, &self, shape, write](Request& req) {
        const ReleaseRules& rules = rules_of(app.release());
        Answer a;
        // slurmrestd hands the token to slurmdbd, which refuses it (as the reads).
        if (!req.refusal.empty()) {
          a.error(rules.db_call_pointer ? "Failed to open slurmdbd connection, authentication error"
                                        : "Failed to open slurmdbd connection",
                  7000, "openapi_get_db_conn");
          return respond(app, self, req, std::move(a), 502);
        }
        int status = 0;
        {
          auto locked = app.lock();
          sim::Accounting* db = locked.sim().accounting_for_update();
          if (!db) {
            a.error("Failed to open slurmdbd connection", 7000, "openapi_get_db_conn");
            status = 502;
          } else {
            const v0_0_36::DbContext c{*db, app.config()};
            status = write(Write{*db, c, shape, rules, a, req, db_level(c, rules, req.user)});
          }
        }
        if (status == kNotModified) {
          Response r;
          r.status = kNotModified;
          r.content_type.clear();
          return r;
        }
        return respond(app, self, req, std::move(a), status);
      },
      ParamKind::kAny, tag(EndpointKind::kOther), &self);
}

// A refusal of slurmdbd's permission check (2002).
int denied(const Write& w, const std::string& description, const std::string& source) {
  w.answer.error(description, 2002, source);
  return w.rules.db_refusal_status;
}

// An add call's failure: "slurmdb_accounts_add(0x7f...) failed" (24.11), "...add() failed"
// (26.05).
std::string add_failed(const Write& w, const char* call) {
  return db_call(w.rules, call) + " failed";
}

// The parser's name for a JSON value's type in its messages.
const char* type_name(const Json& v) {
  if (v.is_string()) return "string";
  if (v.is_boolean()) return "boolean";
  if (v.is_number_float()) return "float";
  if (v.is_number()) return "integer";
  if (v.is_array()) return "list";
  if (v.is_object()) return "dictionary";
  return "null";
}

void missing_field(const Write& w, const std::string& field, const std::string& source) {
  w.answer.error("Missing required field '" + field + "' in dictionary", 9200, source);
}

const Json kNull;
const Json& field(const Json& object, const char* key) {
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}
std::string text(const Json& object, const char* key) {
  const Json& v = field(object, key);
  return v.is_string() ? v.get<std::string>() : "";
}
std::vector<std::string> texts(const Json& object, const char* key) {
  std::vector<std::string> out;
  const Json& v = field(object, key);
  if (v.is_string()) out.push_back(v.get<std::string>());
  if (v.is_array())
    for (const Json& x : v)
      if (x.is_string()) out.push_back(x.get<std::string>());
  return out;
}

// The body's list under `key` as the parser reads it: a missing key is 9200; a value that is
// not a list is read as a one-item list, and an item that is not a dictionary is 9209
// ("accounts": "nope"); with `name_required`, an item without "name" is 9200. nullopt (the
// error recorded, *status set) when the body is refused.
std::optional<std::vector<Json>> body_items(const Write& w, const char* key, bool name_required,
                                            int* status) {
  const Json& body = w.req.body_json ? *w.req.body_json : kNull;
  const Json& value = field(body, key);
  const std::string where = std::string("#/") + key;
  if (value.is_null()) {
    missing_field(w, key, where + "/");
    *status = w.rules.db_refusal_status;
    return std::nullopt;
  }
  std::vector<Json> items;
  if (value.is_array()) items.assign(value.begin(), value.end());
  else items.push_back(value);
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]/";
    if (!items[i].is_object()) {
      w.answer.error(std::string("Rejecting ") + type_name(items[i]) + " when dictionary expected",
                     9209, at);
      *status = 500;
      return std::nullopt;
    }
    if (name_required && !items[i].contains("name")) {
      missing_field(w, "name", at + "name/");
      *status = w.rules.db_refusal_status;
      return std::nullopt;
    }
  }
  return items;
}

// Top-level keys of an add-with-condition body other than `known` are ignored with a warning.
void warn_unknown_keys(const Write& w, const std::vector<std::string>& known, const char* parser) {
  const Json& body = w.req.body_json ? *w.req.body_json : kNull;
  if (!body.is_object()) return;
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (std::find(known.begin(), known.end(), it.key()) != known.end()) continue;
    w.answer.warning("Ignoring unknown field \"" + it.key() + "\" of type " +
                         type_name(it.value()) + " in " + parser,
                     "#/" + it.key() + "/");
  }
}

bool cluster_matches(const Write& w, const Json& item) {
  const std::string cluster = text(item, "cluster");
  return cluster.empty() || cluster == w.db.cluster();
}

// "  C = NAME       A = ACCOUNT              [U = USER]" lines of sacctmgr's add summary.
std::string added_association(const std::string& cluster, const std::string& account,
                              const std::string* user) {
  if (user) return "  " + v0_0_36::row_summary(cluster, 'A', account, 20, *user) + "\n";
  char buf[512];
  std::snprintf(buf, sizeof buf, "  C = %-10s A = %-20s\n", cluster.c_str(), account.c_str());
  return buf;
}

const char* const kNotAllowed = "Only admins/operators/coordinators can add accounts";

int post_accounts(const Write& w) {
  int status = 200;
  const auto items = body_items(w, "accounts", true, &status);
  if (!items) return status;
  if (w.level < DbLevel::kOperator)
    return denied(w, add_failed(w, "slurmdb_accounts_add"), "_foreach_update_acct");
  for (const Json& a : *items)
    w.db.add_account({text(a, "name"), text(a, "description"), text(a, "organization")});
  return 200;
}

// A user that exists is modified (its administrator level), one that does not is added;
// changing a level takes an Administrator (operator_post_users_administrator).
int post_users(const Write& w) {
  int status = 200;
  const auto items = body_items(w, "users", true, &status);
  if (!items) return status;
  for (const Json& u : *items) {
    const std::string name = text(u, "name");
    const std::vector<std::string> levels = texts(u, "administrator_level");
    const bool exists = w.db.find_user(name) != nullptr;
    const bool raises = !levels.empty() && levels.front() != "None";
    const DbLevel needed = exists || raises ? DbLevel::kAdministrator : DbLevel::kOperator;
    if (w.level < needed)
      return denied(w, add_failed(w, exists ? "slurmdb_users_modify" : "slurmdb_users_add"),
                    "_foreach_update_user");
    w.db.add_user(name);
    if (!levels.empty()) w.db.set_admin_level(name, levels.front());
  }
  return 200;
}

// A user association in an existing account for an existing user; without a user, the
// account's own association under its parent_account (root by default).
int post_associations(const Write& w) {
  int status = 200;
  const auto items = body_items(w, "associations", false, &status);
  if (!items) return status;
  if (w.level < DbLevel::kOperator) {
    // A user slurmdbd does not know fails before the permission check.
    if (!w.c.db.find_user(w.req.user)) {
      w.answer.error(add_failed(w, "slurmdb_associations_add"), -1, "_foreach_update_assoc");
      return 500;
    }
    return denied(w, add_failed(w, "slurmdb_associations_add"), "_foreach_update_assoc");
  }
  for (const Json& a : *items) {
    if (!cluster_matches(w, a)) continue;
    const std::string user = text(a, "user");
    if (user.empty()) {
      const std::string parent = text(a, "parent_account");
      w.db.add_account_association(text(a, "account"), parent.empty() ? "root" : parent);
    } else {
      w.db.add_association(text(a, "account"), user, text(a, "partition"));
    }
  }
  return 200;
}

int post_qos(const Write& w) {
  int status = 200;
  const auto items = body_items(w, "qos", true, &status);
  if (!items) return status;
  if (w.level < DbLevel::kAdministrator)
    return denied(w, add_failed(w, "slurmdb_qos_add"), "_foreach_update_qos");
  for (const Json& q : *items) w.db.add_qos(text(q, "name"), text(q, "description"));
  return 200;
}

int post_wckeys(const Write& w) {
  int status = 200;
  const auto items = body_items(w, "wckeys", false, &status);
  if (!items) return status;
  if (w.level < DbLevel::kOperator)
    return denied(w, add_failed(w, "slurmdb_wckeys_add"), "update_wckeys");
  for (const Json& k : *items) {
    const std::string name = text(k, "name"), user = text(k, "user");
    if (!name.empty() && cluster_matches(w, k) && w.c.db.find_user(user))
      w.db.add_wckey(name, user, /*first_is_default=*/false);
  }
  return 200;
}

// {"association_condition": {"accounts", "clusters"}, "account": {"description",
// "organization"}}: each new account with its association under root, told as sacctmgr does.
int post_accounts_association(const Write& w) {
  warn_unknown_keys(w, {"association_condition", "account"},
                    "DATA_PARSER_OPENAPI_ACCOUNTS_ADD_COND_RESP");
  const Json& body = w.req.body_json ? *w.req.body_json : kNull;
  const Json& cond = field(body, "association_condition");
  const std::vector<std::string> names = texts(cond, "accounts");
  const char* const call = "slurmdb_accounts_add_cond() failed";
  if (cond.is_null() && w.shape.db_add_cond_required) {
    missing_field(w, "association_condition", "#/association_condition/");
    return w.rules.db_refusal_status;
  }
  if (names.empty()) {
    if (w.rules.db_add_cond_empty_error == 2162) {
      w.answer.payload["added_accounts"] = "Empty list";
      w.answer.error(call, 2162, "_add_accounts_association");
      return w.rules.db_refusal_status;
    }
    w.answer.payload["added_accounts"] = "Missing needed association condition to add accounts";
    w.answer.error(call, w.rules.db_add_cond_empty_error, "_add_accounts_association");
    return 500;
  }
  if (w.level < DbLevel::kOperator) {
    w.answer.payload["added_accounts"] = kNotAllowed;
    return denied(w, call, "_add_accounts_association");
  }
  const Json& account = field(body, "account");
  const std::string description = text(account, "description");
  const std::string organization = text(account, "organization");
  std::vector<std::string> added;
  for (const std::string& name : names) {
    if (!w.db.add_account({name, description, organization})) continue;
    w.db.add_account_association(name, "root");
    added.push_back(name);
  }
  if (added.empty()) return kNotModified;
  std::string out = " Adding Account(s)\n";
  for (const std::string& name : added) out += "  " + name + "\n";
  out += " Settings\n";
  char line[512];
  std::snprintf(line, sizeof line, "  %-15s = %s\n", "Description", description.c_str());
  out += line;
  std::snprintf(line, sizeof line, "  %-15s = %s\n", "Organization", organization.c_str());
  out += line;
  out += " Associations =\n";
  for (const std::string& name : added) out += added_association(w.db.cluster(), name, nullptr);
  w.answer.payload["added_accounts"] = out;
  return 200;
}

// {"association_condition": {"users", "accounts", "clusters"}, "user": {...}}: each user (added
// when new) in each account, told as sacctmgr does.
int post_users_association(const Write& w) {
  warn_unknown_keys(w, {"association_condition", "user"},
                    "DATA_PARSER_OPENAPI_USERS_ADD_COND_RESP");
  const Json& body = w.req.body_json ? *w.req.body_json : kNull;
  // The short user form has no default account (admin_post_users_association).
  const Json& user = field(body, "user");
  const Json& default_account = field(field(user, "default"), "account");
  if (!default_account.is_null()) {
    w.answer.warning(std::string("Ignoring unknown field \"account\" of type ") +
                         type_name(default_account) + " in DATA_PARSER_USER_SHORT",
                     "#/user/default/account/");
  }
  const Json& cond = field(body, "association_condition");
  if (cond.is_null()) {
    missing_field(w, "association_condition", "#/association_condition/");
    return w.rules.db_refusal_status;
  }
  if (w.level < DbLevel::kOperator) {
    w.answer.payload["added_users"] = kNotAllowed;
    return denied(w, kNotAllowed, "slurmdb_users_add_cond");
  }
  std::vector<std::string> new_users;
  std::vector<std::pair<std::string, std::string>> new_associations;  // account, user
  for (const std::string& name : texts(cond, "users")) {
    if (w.db.add_user(name)) new_users.push_back(name);
    for (const std::string& account : texts(cond, "accounts"))
      if (w.db.add_association(account, name, "")) new_associations.emplace_back(account, name);
  }
  if (new_users.empty() && new_associations.empty()) return kNotModified;
  std::string out = " Adding User(s)\n";
  for (const std::string& name : new_users) out += "  " + name + "\n";
  out += " Settings\n Associations =\n";
  for (const auto& [account, name] : new_associations)
    out += added_association(w.db.cluster(), account, &name);
  w.answer.payload["added_users"] = out;
  return 200;
}

// Adding clusters is not simulated: the mock serves its one cluster (docs/differences.md).
int post_clusters(const Write& w) {
  int status = 200;
  const auto items = body_items(w, "clusters", false, &status);
  if (!items) return status;
  if (w.level < DbLevel::kAdministrator)
    return denied(w, add_failed(w, "slurmdb_clusters_add"), "update_clusters");
  return 200;
}

// A config is loaded clusters first: without any, an administrator's is "Empty list".
int post_config(const Write& w) {
  if (w.level < DbLevel::kAdministrator)
    return denied(w, add_failed(w, "slurmdb_clusters_add"), "update_clusters");
  const Json& body = w.req.body_json ? *w.req.body_json : kNull;
  const Json& clusters = field(body, "clusters");
  if (clusters.empty()) {
    w.answer.error(add_failed(w, "slurmdb_clusters_add"), 2162, "update_clusters");
    return w.rules.db_refusal_status;
  }
  return 200;
}

void register_posts(App& app, const LoadedVersion& self, const Shape& shape) {
  add_write(app, self, shape, "POST", "/accounts", &post_accounts);
  add_write(app, self, shape, "POST", "/users", &post_users);
  add_write(app, self, shape, "POST", "/associations", &post_associations);
  add_write(app, self, shape, "POST", "/qos", &post_qos);
  add_write(app, self, shape, "POST", "/wckeys", &post_wckeys);
  add_write(app, self, shape, "POST", "/accounts_association", &post_accounts_association);
  add_write(app, self, shape, "POST", "/users_association", &post_users_association);
  add_write(app, self, shape, "POST", "/clusters", &post_clusters);
  add_write(app, self, shape, "POST", "/config", &post_config);
  add_write(app, self, shape, "POST", "/tres", [](const Write& w) {
    w.answer.error("Updating TRES is not currently supported", 2036, "op_handler_tres");
    return w.rules.db_refusal_status;
  });
}

void register_deletes(App& app, const LoadedVersion& self, const Shape& shape) {
  add_write(app, self, shape, "DELETE", "/account/{account_name}", [](const Write& w) {
    if (w.level < DbLevel::kOperator)
      return denied(w, call_failed(w.rules, "slurmdb_accounts_remove"), "_delete_account");
    const std::string* name = w.req.param("account_name");
    if (!name || !w.db.remove_account(*name)) return kNotModified;
    w.answer.payload["removed_accounts"] = Json::array({*name});
    return 200;
  });
  add_write(app, self, shape, "DELETE", "/user/{user_name}", [](const Write& w) {
    if (w.level < DbLevel::kOperator)
      return denied(w, call_failed(w.rules, "slurmdb_users_remove"), "_delete_user");
    const std::string* name = w.req.param("user_name");
    if (!name || !w.db.remove_user(*name)) return kNotModified;
    w.answer.payload["removed_users"] = Json::array({*name});
    return 200;
  });
  for (const char* path : {"/association", "/associations"}) {
    add_write(app, self, shape, "DELETE", path, [](const Write& w) {
      if (w.level < DbLevel::kOperator) {
        w.answer.error(call_failed(w.rules, "slurmdb_associations_remove"), 2002, "_delete_assoc");
        return denied(w, "remove associations failed", "_delete_assoc");
      }
      auto value = [&](const char* key) {
        const std::string* v = w.req.query_value(key);
        return v ? *v : std::string();
      };
      const std::string cluster = value("cluster");
      if (!cluster.empty() && cluster != w.db.cluster()) return kNotModified;
      const auto removed =
          w.db.remove_associations(value("account"), value("user"), value("partition"));
      if (removed.empty()) return kNotModified;
      Json list = Json::array();
      for (const auto& a : removed)
        list.push_back(v0_0_36::row_summary(a.cluster, 'A', a.account, 10, a.user));
      w.answer.payload["removed_associations"] = std::move(list);
      return 200;
    });
  }
  add_write(app, self, shape, "DELETE", "/qos/{qos}", [](const Write& w) {
    w.answer.payload["removed_qos"] = Json::array();
    if (w.level < DbLevel::kAdministrator)
      return denied(w, call_failed(w.rules, "slurmdb_qos_remove"), "_op_handler_qos");
    const std::string* name = w.req.param("qos");
    if (name && w.db.remove_qos(*name)) {
      w.answer.payload["removed_qos"].push_back(*name);
      return 200;
    }
    if (w.rules.db_unknown_qos_delete_not_modified) return kNotModified;
    w.answer.warning(nothing_found(w.rules, "slurmdb_qos_remove"), "_op_handler_qos");
    return 200;
  });
  // wckey/{id} takes the wckey's name, not its id (admin_delete_wckey_by_numeric_id).
  add_write(app, self, shape, "DELETE", "/wckey/{id}", [](const Write& w) {
    w.answer.payload["deleted_wckeys"] = Json::array();
    if (w.level < DbLevel::kOperator)
      return denied(w, call_failed(w.rules, "slurmdb_wckeys_remove"), "_delete_wckey");
    const std::string* name = w.req.param("id");
    bool named = false;
    for (const sim::WckeyRecord& k : w.db.wckeys()) named = named || (name && k.name == *name);
    const auto removed = named ? w.db.remove_wckey(*name) : std::nullopt;
    if (!removed) {
      w.answer.warning(nothing_found(w.rules, "slurmdb_wckeys_remove"), "_delete_wckey");
      return 200;
    }
    w.answer.payload["deleted_wckeys"].push_back(
        v0_0_36::row_summary(removed->cluster, 'W', removed->name, 20, removed->user));
    return 200;
  });
  // The mock does not remove its own cluster: an administrator's delete changes nothing, as
  // for a cluster slurmdbd does not know (docs/differences.md).
  add_write(app, self, shape, "DELETE", "/cluster/{cluster_name}", [](const Write& w) {
    if (w.level < DbLevel::kAdministrator)
      return denied(w, call_failed(w.rules, "slurmdb_clusters_remove"), "_delete_cluster");
    return kNotModified;
  });
}

}  // namespace

void register_slurmdb_write_routes(App& app, const LoadedVersion& self, const Shape& shape) {
  register_posts(app, self, shape);
  register_deletes(app, self, shape);
}

}  // namespace mock_slurmrestd::v0_0_40
