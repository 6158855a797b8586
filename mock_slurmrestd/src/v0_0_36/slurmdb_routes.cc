// openapi/dbv0.0.36's read routes (config, diag, clusters, accounts, associations, users, QOS,
// TRES, wckeys); jobs and writes are in their own files.
#include "v0_0_36/slurmdb_routes.h"

#include <algorithm>

#include "v0_0_36/slurmdb_answer.h"

namespace mock_slurmrestd::v0_0_36 {

Response no_db(const LoadedVersion& self, const Request& req) {
  Envelope env(self.meta);
  env.add_error_object(
      db_error(7000, "Unable to connect to database", "openapi_get_db_conn", nullptr));
  return render(env, 500, req);
}

Response with_db(App& app, const LoadedVersion& self, Request& req,
                 const std::function<Response(const DbContext&, Envelope&)>& body) {
  auto locked = app.lock();
  const scheduler_sim::Accounting* db = locked.sim().accounting();
  if (!db) return no_db(self, req);
  Envelope env(self.meta);
  return body(DbContext{*db, app.config()}, env);
}

bool db_admin(const DbContext& c, const std::string& user) {
  if (user == "root" || user == c.config.slurm_user) return true;
  const scheduler_sim::UserRecord* u = c.db.find_user(user);
  return u && u->admin_level != "None";
}

Response db_token_refused(const LoadedVersion& self, const Request& req, const char* source,
                          const char* key) {
  Envelope env(self.meta);
  env.add_error_object(db_error(1007, "Protocol authentication error", source, nullptr));
  if (key) env[key] = Json::array();
  return render(env, 200, req);
}

Json slurmdb_meta(const SlurmRelease& release, const char* type, const char* name) {
  Json m;
  m["plugin"]["type"] = type;
  m["plugin"]["name"] = name;
  m["Slurm"]["version"]["major"] = release.major;
  m["Slurm"]["version"]["micro"] = release.micro;
  m["Slurm"]["version"]["minor"] = release.minor;
  m["Slurm"]["release"] = release.release;
  return m;
}

namespace {

template <class T>
std::vector<const T*> by_name(const std::vector<T>& all) {
  std::vector<const T*> out;
  for (const T& x : all) out.push_back(&x);
  std::sort(out.begin(), out.end(), [](const T* a, const T* b) { return a->name < b->name; });
  return out;
}

// Each list below is a read: a refused token answers with its source and empty list first.
using Read = std::function<Response(const DbContext&, Envelope&, Request&)>;

void add_read(App& app, const LoadedVersion& self, const std::string& path, const char* source,
              const char* key, Read read) {
  app.router().add(
      "GET", self.prefix() + path,
      [&app, &self, source, key, read](Request& req) {
        if (!req.refusal.empty()) return db_token_refused(self, req, source, key);
        return with_db(app, self, req,
                       [&](const DbContext& c, Envelope& env) { return read(c, env, req); });
      },
      ParamKind::kAny, tag(EndpointKind::kOther), &self);
}

Json clusters_of(const DbContext& c) {
  Json cluster;
  dump_db_cluster(cluster, c);
  return Json::array({std::move(cluster)});
}

Json accounts_of(const DbContext& c) {
  Json out = Json::array();
  for (const auto* a : by_name(c.db.accounts())) {
    Json j;
    dump_db_account(j, *a, c);
    out.push_back(std::move(j));
  }
  return out;
}

Json users_of(const DbContext& c, const DbShape& shape) {
  Json out = Json::array();
  for (const auto* u : by_name(c.db.users())) {
    Json j;
    shape.user(j, *u, c);
    out.push_back(std::move(j));
  }
  return out;
}

Json qos_of(const DbContext& c, const DbShape& shape, const std::string* only) {
  Json out = Json::array();
  for (const auto& q : c.db.qos()) {
    if (only && q.name != *only) continue;
    Json j;
    shape.qos(j, q, c);
    out.push_back(std::move(j));
  }
  return out;
}

Json wckeys_of(const DbContext& c, const std::string* only) {
  Json out = Json::array();
  for (const auto& w : c.db.wckeys()) {
    if (only && w.name != *only && std::to_string(w.id) != *only) continue;
    Json j;
    dump_db_wckey(j, w, c);
    out.push_back(std::move(j));
  }
  return out;
}

// The associations a query names (cluster, account, user, partition; absent = any).
std::vector<const scheduler_sim::Association*> matching_associations(const DbContext& c,
                                                                     const Request& req) {
  std::vector<const scheduler_sim::Association*> out;
  auto field_ok = [&](const char* name, const std::string& value) {
    const std::string* want = req.query_value(name);
    return !want || *want == value;
  };
  for (const auto* a : sorted_associations(c.db)) {
    if (field_ok("cluster", a->cluster) && field_ok("account", a->account) &&
        field_ok("user", a->user) && field_ok("partition", a->partition))
      out.push_back(a);
  }
  return out;
}

Json associations_json(const DbContext& c, const DbShape& shape,
                       const std::vector<const scheduler_sim::Association*>& list) {
  Json out = Json::array();
  for (const auto* a : list) {
    Json j;
    shape.association(j, *a, c);
    out.push_back(std::move(j));
  }
  return out;
}

void register_reads(App& app, const LoadedVersion& self, const DbShape& shape) {
  add_read(app, self, "/config", "slurmdb_clusters_get", nullptr,
           [shape](const DbContext& c, Envelope& env, Request& req) {
             const bool admin = db_admin(c, req.user);
             env["clusters"] = clusters_of(c);
             env["TRES"] = db_tres_table(true);
             env["accounts"] = accounts_of(c);
             env["users"] = users_of(c, shape);
             env["QOS"] = qos_of(c, shape, nullptr);
             // The job user may not read wckeys: the dump stops there, with its error.
             if (!admin) {
               env.add_error_object(db_access_denied("slurmdb_wckeys_get"));
               env["wckeys"] = Json::array();
               return render(env, 500, req);
             }
             env["wckeys"] = wckeys_of(c, nullptr);
             if (env["wckeys"].empty())
               env.add_error_object(db_nothing_found("slurmdb_wckeys_get"));
             env["associations"] = associations_json(c, shape, sorted_associations(c.db));
             return render(env, 200, req);
           });
  add_read(app, self, "/diag", "slurmdb_get_stats", nullptr,
           [shape, &app](const DbContext& c, Envelope& env, Request& req) {
             if (!db_admin(c, req.user)) {
               env.add_error_object(db_access_denied("slurmdb_get_stats"));
               return render(env, 500, req);
             }
             // slurmdbd's RPC counters are not simulated: the lists stay empty
             // (docs/differences.md).
             Json& s = env["statistics"];
             s["time_start"] = app.started_at();
             Json rollup;
             rollup["type"] = "internal";
             rollup["last_run"] = app.started_at();
             rollup["last_cycle"] = 0;
             rollup["max_cycle"] = 0;
             rollup["total_time"] = 0;
             rollup["total_cycles"] = 0;
             rollup["mean_cycles"] = 0;
             s["rollups"] = Json::array({std::move(rollup)});
             s["RPCs"] = Json::array();
             s["users"] = Json::array();
             return render(env, shape.diag_status, req);
           });
  add_read(app, self, "/clusters", "slurmdb_clusters_get", "clusters",
           [](const DbContext& c, Envelope& env, Request& req) {
             env["clusters"] = clusters_of(c);
             return render(env, 200, req);
           });
  add_read(app, self, "/cluster/{cluster_name}", "slurmdb_clusters_get", "clusters",
           [](const DbContext& c, Envelope& env, Request& req) {
             const std::string* name = req.param("cluster_name");
             if (name && *name == c.db.cluster()) {
               env["clusters"] = clusters_of(c);
               return render(env, 200, req);
             }
             env.add_error_object(db_nothing_found("slurmdb_clusters_get"));
             env["clusters"] = Json::array();
             return render(env, 500, req);
           });
  add_read(app, self, "/accounts", "slurmdb_accounts_get", "accounts",
           [](const DbContext& c, Envelope& env, Request& req) {
             env["accounts"] = accounts_of(c);
             return render(env, 200, req);
           });
  add_read(app, self, "/account/{account_name}", "slurmdb_accounts_get", "accounts",
           [](const DbContext& c, Envelope& env, Request& req) {
             const std::string* name = req.param("account_name");
             const scheduler_sim::AccountRecord* a = name ? c.db.find_account(*name) : nullptr;
             env["accounts"] = Json::array();
             if (!a) {
               env.add_error_object(db_nothing_found("slurmdb_accounts_get"));
               return render(env, 500, req);
             }
             Json j;
             dump_db_account(j, *a, c);
             env["accounts"].push_back(std::move(j));
             return render(env, 200, req);
           });
  add_read(app, self, "/associations", "slurmdb_associations_get", "associations",
           [shape](const DbContext& c, Envelope& env, Request& req) {
             env["associations"] = associations_json(c, shape, matching_associations(c, req));
             return render(env, 200, req);
           });
  add_read(app, self, "/association", "slurmdb_associations_get", "associations",
           [shape](const DbContext& c, Envelope& env, Request& req) {
             auto list = matching_associations(c, req);
             if (shape.association_needs_query && list.size() > 1) {
               env.add_error_object(
                   db_error(9000, "Query empty or not RFC7320 compliant", nullptr,
                            "Ambiguous request: More than 1 association would have been dumped."));
               env["associations"] = Json::array();
               return render(env, 400, req);
             }
             if (list.empty()) {
               env.add_error_object(db_nothing_found("slurmdb_associations_get"));
               return render(env, 500, req);
             }
             env["associations"] = associations_json(c, shape, list);
             return render(env, 200, req);
           });
  add_read(app, self, "/users", "slurmdb_users_get", "users",
           [shape](const DbContext& c, Envelope& env, Request& req) {
             env["users"] = users_of(c, shape);
             return render(env, 200, req);
           });
  add_read(app, self, "/user/{user_name}", "slurmdb_users_get", "users",
           [shape](const DbContext& c, Envelope& env, Request& req) {
             const std::string* name = req.param("user_name");
             const scheduler_sim::UserRecord* u = name ? c.db.find_user(*name) : nullptr;
             env["users"] = Json::array();
             if (!u) {
               env.add_error_object(db_nothing_found("slurmdb_users_get"));
               return render(env, shape.unknown_user_status, req);
             }
             Json j;
             shape.user(j, *u, c);
             env["users"].push_back(std::move(j));
             return render(env, 200, req);
           });
  add_read(app, self, "/qos", "slurmdb_qos_get", "QOS",
           [shape](const DbContext& c, Envelope& env, Request& req) {
             env["QOS"] = qos_of(c, shape, nullptr);
             return render(env, 200, req);
           });
  // An unknown QOS is an empty list, with no error.
  add_read(app, self, "/qos/{qos_name}", "slurmdb_qos_get", "QOS",
           [shape](const DbContext& c, Envelope& env, Request& req) {
             const std::string* name = req.param("qos_name");
             const std::string none;
             env["QOS"] = qos_of(c, shape, name ? name : &none);
             return render(env, 200, req);
           });
  add_read(app, self, "/tres", "slurmdb_tres_get", "TRES",
           [](const DbContext&, Envelope& env, Request& req) {
             env["TRES"] = db_tres_table(true);
             return render(env, 200, req);
           });
  for (const char* path : {"/wckeys", "/wckey/{wckey}"}) {
    add_read(app, self, path, "slurmdb_wckeys_get", "wckeys",
             [](const DbContext& c, Envelope& env, Request& req) {
               if (!db_admin(c, req.user)) {
                 env.add_error_object(db_access_denied("slurmdb_wckeys_get"));
                 env["wckeys"] = Json::array();
                 return render(env, 500, req);
               }
               env["wckeys"] = wckeys_of(c, req.param("wckey"));
               if (env["wckeys"].empty()) {
                 env.add_error_object(db_nothing_found("slurmdb_wckeys_get"));
                 return render(env, 500, req);
               }
               return render(env, 200, req);
             });
  }
}

}  // namespace

void register_slurmdb_routes(App& app, const LoadedVersion& self, const DbShape& shape) {
  register_reads(app, self, shape);
  register_slurmdb_job_routes(app, self, shape);
  register_slurmdb_write_routes(app, self, shape);
}

}  // namespace mock_slurmrestd::v0_0_36
