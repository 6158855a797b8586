// openapi/dbv0.0.36's POST and DELETE routes: who may change the database, the bodies they take
// and the daemon's answers (docs/oracle-notes/accounting-22.05.md, "Permissions", "Writes").
#include <cstdio>

#include "v0_0_36/slurmdb_answer.h"

namespace mock_slurmrestd::v0_0_36 {

namespace {

using Write = std::function<Response(const DbContext&, scheduler_sim::Accounting&, Envelope&,
                                     Request&, bool admin)>;

void add_write(App& app, const LoadedVersion& self, const char* method, const std::string& path,
               Write write, ParamKind kind = ParamKind::kAny) {
  app.router().add(
      method, self.prefix() + path,
      [&app, &self, write](Request& req) {
        auto locked = app.lock();
        scheduler_sim::Accounting* db = locked.sim().accounting_for_update();
        if (!db) return no_db(self, req);
        const DbContext c{*db, app.config()};
        Envelope env(self.meta);
        // A token slurmdbd refuses is refused like an unknown user's change.
        const bool admin = req.refusal.empty() && db_admin(c, req.user);
        return write(c, *db, env, req, admin);
      },
      kind, tag(EndpointKind::kOther), &self);
}

// The body's list under `key`: null with a 9200 error when it is missing or not a list.
const Json* body_list(const Request& req, Envelope& env, const char* key) {
  const Json* body = req.body_json ? &*req.body_json : nullptr;
  if (!body || !body->is_object() || !body->contains(key)) {
    env.add_error_object(
        db_error(9200, "Unable to resolve path", key, "Query parameter not found"));
    return nullptr;
  }
  const Json& list = (*body)[key];
  if (!list.is_array()) {
    env.add_error_object(
        db_error(9200, "Unable to resolve path", key, "Query parameter must be a list"));
    return nullptr;
  }
  return &list;
}

std::string text_field(const Json& item, const char* key) {
  auto it = item.find(key);
  return it != item.end() && it->is_string() ? it->get<std::string>() : "";
}

void register_posts(App& app, const LoadedVersion& self, const DbShape& shape) {
  add_write(
      app, self, "POST", "/accounts",
      [](const DbContext&, scheduler_sim::Accounting& db, Envelope& env, Request& req, bool admin) {
        const Json* list = body_list(req, env, "accounts");
        if (!list) return render(env, 200, req);
        if (!admin) {
          env.add_error_object(db_access_denied("slurmdb_accounts_add"));
          return render(env, 500, req);
        }
        for (const Json& a : *list) {
          if (!a.is_object() || text_field(a, "name").empty()) continue;
          db.add_account(
              {text_field(a, "name"), text_field(a, "description"), text_field(a, "organization")});
        }
        return render(env, 200, req);
      });
  add_write(
      app, self, "POST", "/users",
      [](const DbContext&, scheduler_sim::Accounting& db, Envelope& env, Request& req, bool admin) {
        const Json* list = body_list(req, env, "users");
        if (!list) return render(env, 400, req);
        if (!admin) {
          env.add_error_object(db_access_denied("slurmdb_users_add"));
          return render(env, 500, req);
        }
        for (const Json& u : *list)
          if (u.is_object() && !text_field(u, "name").empty()) db.add_user(text_field(u, "name"));
        return render(env, 200, req);
      });
  add_write(app, self, "POST", "/wckeys",
            [shape](const DbContext& c, scheduler_sim::Accounting& db, Envelope& env, Request& req,
                    bool admin) {
              const Json* list = body_list(req, env, "wckeys");
              if (!list) return render(env, 400, req);
              if (shape.wckey_add_needs_id) {
                bool missing = false;
                for (const Json& w : *list) missing |= !w.is_object() || !w.contains("id");
                if (missing) {
                  Json e;
                  e["description"] = "Missing required field 'id'";
                  e["source"] = "_parser_run";
                  env.add_error_object(std::move(e));
                  env.add_error_object(
                      admin ? db_error(-1, "Unspecified error", "slurmdb_wckeys_add", nullptr)
                            : db_access_denied("slurmdb_wckeys_add"));
                  return render(env, 500, req);
                }
              }
              if (!admin) {
                env.add_error_object(db_access_denied("slurmdb_wckeys_add"));
                return render(env, 500, req);
              }
              for (const Json& w : *list) {
                if (!w.is_object()) continue;
                const std::string cluster = text_field(w, "cluster");
                if (!cluster.empty() && cluster != c.db.cluster()) continue;
                if (!c.db.find_user(text_field(w, "user"))) continue;
                db.add_wckey(text_field(w, "name"), text_field(w, "user"));
              }
              return render(env, 200, req);
            });
  if (shape.post_associations) {
    add_write(app, self, "POST", "/associations",
              [shape](const DbContext& c, scheduler_sim::Accounting& db, Envelope& env,
                      Request& req, bool admin) {
                const Json* list = body_list(req, env, "associations");
                if (!list) return render(env, 200, req);
                if (!admin) {
                  // A user slurmdbd does not know fails before the permission check.
                  const bool known = c.db.find_user(req.user) != nullptr;
                  env.add_error_object(known ? db_access_denied("slurmdb_associations_add")
                                             : db_error(-1, "Unspecified error",
                                                        "slurmdb_associations_add", nullptr));
                  return render(env, shape.post_association_refused_status, req);
                }
                for (const Json& a : *list) {
                  if (!a.is_object()) continue;
                  const std::string cluster = text_field(a, "cluster");
                  if (!cluster.empty() && cluster != c.db.cluster()) continue;
                  db.add_association(text_field(a, "account"), text_field(a, "user"),
                                     text_field(a, "partition"));
                }
                return render(env, 200, req);
              });
  }
  if (shape.post_qos) {
    // The list is under "QOS" ("qos" is not found, whatever its value).
    add_write(
        app, self, "POST", "/qos",
        [](const DbContext&, scheduler_sim::Accounting& db, Envelope& env, Request& req,
           bool admin) {
          const Json* body = req.body_json ? &*req.body_json : nullptr;
          if (!body || !body->is_object() || !body->contains("QOS") || !(*body)["QOS"].is_array()) {
            env.add_error_object(
                db_error(9200, "Unable to resolve path", "QOS", "Query parameter not found"));
            return render(env, 400, req);
          }
          if (!admin) {
            env.add_error_object(db_access_denied("slurmdb_qos_add"));
            return render(env, 400, req);
          }
          for (const Json& q : (*body)["QOS"])
            if (q.is_object() && !text_field(q, "name").empty())
              db.add_qos(text_field(q, "name"), text_field(q, "description"));
          return render(env, 200, req);
        });
  }
  add_write(
      app, self, "POST", "/tres",
      [](const DbContext&, scheduler_sim::Accounting&, Envelope& env, Request& req, bool) {
        env.add_error_object(db_error(2036, "Requested operation not supported on this system",
                                      nullptr, "Updating TRES is not currently supported."));
        return render(env, 500, req);
      });
  // Adding clusters (alone or as a config's first part) is not simulated: the mock serves its
  // one cluster (docs/differences.md); the refusals are the daemon's.
  for (const char* path : {"/clusters", "/config"}) {
    const bool config = std::string(path) == "/config";
    add_write(app, self, "POST", path,
              [shape, config](const DbContext&, scheduler_sim::Accounting&, Envelope& env,
                              Request& req, bool admin) {
                const bool listed = body_list(req, env, "clusters") != nullptr;
                if (!admin) env.add_error_object(db_access_denied("slurmdb_clusters_add"));
                const bool failed = !listed || !admin;
                if (!failed) return render(env, 200, req);
                if (!config) return render(env, 500, req);
                if (shape.post_config_status == 500) {
                  env.add_error_object(db_error(2002, "Access/permission denied", nullptr,
                                                "refusing to commit after error"));
                }
                return render(env, shape.post_config_status, req);
              });
  }
}

Response not_modified() {
  Response r;
  r.status = 304;
  r.content_type.clear();
  return r;
}

void register_deletes(App& app, const LoadedVersion& self, const DbShape& shape) {
  add_write(
      app, self, "DELETE", "/account/{account_name}",
      [](const DbContext&, scheduler_sim::Accounting& db, Envelope& env, Request& req, bool admin) {
        if (!admin) {
          env.add_error_object(db_access_denied("slurmdb_accounts_remove"));
          env.add_error_object(db_access_denied("slurmdb_connection_commit"));
          return render(env, 500, req);
        }
        const std::string* name = req.param("account_name");
        if (!name || !db.remove_account(*name)) {
          env.add_error_object(db_error(1900, "Data has not changed since time specified",
                                        "slurmdb_accounts_remove", nullptr));
          return render(env, 200, req);
        }
        env["removed_associations"] = Json::array({*name});
        return render(env, 200, req);
      });
  add_write(app, self, "DELETE", "/user/{user_name}",
            [shape](const DbContext&, scheduler_sim::Accounting& db, Envelope& env, Request& req,
                    bool admin) {
              // v0.0.36 answers 400 with no error to everybody and removes nothing.
              if (shape.delete_user_status == 400) return render(env, 400, req);
              if (!admin) {
                env.add_error_object(db_access_denied("slurmdb_users_remove"));
                return render(env, 500, req);
              }
              const std::string* name = req.param("user_name");
              if (!name || !db.remove_user(*name)) return not_modified();
              env["removed_users"] = Json::array({*name});
              return render(env, 200, req);
            });
  const std::vector<std::string> association_paths =
      shape.delete_associations ? std::vector<std::string>{"/association", "/associations"}
                                : std::vector<std::string>{"/association"};
  for (const std::string& path : association_paths) {
    add_write(app, self, "DELETE", path,
              [shape](const DbContext& c, scheduler_sim::Accounting& db, Envelope& env,
                      Request& req, bool admin) {
                if (!admin) {
                  env.add_error_object(db_access_denied("slurmdb_associations_remove"));
                  if (shape.delete_associations) {
                    env.add_error_object(db_error(2002, "Access/permission denied", nullptr,
                                                  "unable to query associations"));
                    env["removed_associations"] = Json::array();
                  }
                  return render(env, 500, req);
                }
                auto value = [&](const char* key) {
                  const std::string* v = req.query_value(key);
                  return v ? *v : std::string();
                };
                const std::string cluster = value("cluster");
                if (!cluster.empty() && cluster != c.db.cluster()) return not_modified();
                auto removed =
                    db.remove_associations(value("account"), value("user"), value("partition"));
                if (removed.empty()) return not_modified();
                env["removed_associations"] = Json::array();
                for (const auto& a : removed) {
                  env["removed_associations"].push_back(
                      row_summary(a.cluster, 'A', a.account, 10, a.user));
                }
                return render(env, 200, req);
              });
  }
  // v0.0.36 and v0.0.37 crash here (the client sees the connection closed); the mock answers
  // as v0.0.38 does (docs/differences.md).
  add_write(
      app, self, "DELETE", "/qos/{qos_name}",
      [](const DbContext&, scheduler_sim::Accounting& db, Envelope& env, Request& req, bool admin) {
        if (!admin) {
          env.add_error_object(db_access_denied("slurmdb_qos_remove"));
          return render(env, 500, req);
        }
        const std::string* name = req.param("qos_name");
        if (!name || !db.remove_qos(*name)) {
          env.add_error_object(db_nothing_found("slurmdb_qos_remove"));
          return render(env, 500, req);
        }
        env["removed_qos"] = Json::array({*name});
        return render(env, 200, req);
      });
  add_write(
      app, self, "DELETE", "/wckey/{wckey}",
      [](const DbContext&, scheduler_sim::Accounting& db, Envelope& env, Request& req, bool admin) {
        env["deleted_wckeys"] = Json::array();
        if (!admin) {
          env.add_error_object(db_access_denied("slurmdb_wckeys_remove"));
          return render(env, 500, req);
        }
        const std::string* name = req.param("wckey");
        auto removed = name ? db.remove_wckey(*name) : std::nullopt;
        if (!removed) {
          env.add_error_object(db_nothing_found("slurmdb_wckeys_remove"));
          return render(env, 500, req);
        }
        env["deleted_wckeys"].push_back(
            row_summary(removed->cluster, 'W', removed->name, 20, removed->user));
        return render(env, 200, req);
      });
  // The mock does not remove its own cluster: an administrator's delete changes nothing, as
  // for a cluster slurmdbd does not know (docs/differences.md).
  add_write(
      app, self, "DELETE", "/cluster/{cluster_name}",
      [](const DbContext&, scheduler_sim::Accounting&, Envelope& env, Request& req, bool admin) {
        if (!admin) {
          env.add_error_object(db_access_denied("slurmdb_clusters_remove"));
          env["deleted_clusters"] = Json::array();
          return render(env, 500, req);
        }
        return not_modified();
      });
}

}  // namespace

std::string row_summary(const std::string& cluster, char what, const std::string& name,
                        int name_width, const std::string& user) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "C = %-10s %c = %-*s U = %-9s", cluster.c_str(), what, name_width,
                name.c_str(), user.c_str());
  return buf;
}

void register_slurmdb_write_routes(App& app, const LoadedVersion& self, const DbShape& shape) {
  register_posts(app, self, shape);
  register_deletes(app, self, shape);
}

}  // namespace mock_slurmrestd::v0_0_36
