// openapi/dbv0.0.37's entry point and objects: v0.0.36's routes through its DbShape.
#include "v0_0_37/slurmdb_plugin.h"

#include "v0_0_36/slurmdb_plugin.h"

namespace mock_slurmrestd::v0_0_37 {

extern const char kOpenapiDb2205[];  // openapi_db_22.05.json (mock_embed_text)

namespace {

// The plugin's document (its paths and schemas, recorded with accounting; our prose), which
// slurmrestd merges after the slurmctld plugins'.
const Json& db_document() {
  static const Json doc = Json::parse(kOpenapiDb2205);
  return doc;
}

}  // namespace

void dump_db_job(Json& out, const scheduler_sim::JobRecord& job, const v0_0_36::DbContext& c) {
  v0_0_36::dump_db_job(out, job, c);
  out["state"] = Json{{"current", out["state"]["current"]}, {"reason", "None"}};
}

void dump_db_association(Json& out, const scheduler_sim::Association& a,
                         const v0_0_36::DbContext& c) {
  v0_0_36::dump_db_association(out, a, c);
  Json& jobs = out["max"]["jobs"];
  jobs["active"] = nullptr;
  jobs["accruing"] = nullptr;
  jobs["total"] = nullptr;
  v0_0_36::insert_after(out["max"]["tres"], "minutes", "group",
                        Json{{"minutes", Json::array()}, {"active", Json::array()}});
  v0_0_36::insert_after(out, "max", "is_default", out["flags"].empty() ? 0 : 1);
}

void dump_db_qos(Json& out, const scheduler_sim::QosRecord& q, const v0_0_36::DbContext& c) {
  v0_0_36::dump_db_qos(out, q, c);
  Json& max = out["limits"]["max"];
  max["jobs"] = Json{{"active_jobs", Json{{"per", Json{{"account", nullptr}, {"user", nullptr}}}}},
                     {"per", max["jobs"]["per"]}};
  v0_0_36::insert_after(out["limits"], "max", "factor", nullptr);
}

v0_0_36::DbShape db_shape() {
  v0_0_36::DbShape s;
  s.job = &dump_db_job;
  s.association = &dump_db_association;
  s.qos = &dump_db_qos;
  s.unknown_user_status = 500;
  s.diag_status = 200;
  s.post_associations = true;
  s.delete_user_status = 200;
  return s;
}

namespace {

Json meta(const SlurmRelease& release) {
  return v0_0_36::slurmdb_meta(release, "openapi/dbv0.0.37", "Slurm OpenAPI DB v0.0.37");
}

void register_routes(App& app, const LoadedVersion& self) {
  v0_0_36::register_slurmdb_routes(app, self, db_shape());
}

}  // namespace

const ApiVersion& slurmdb_plugin() {
  static const ApiVersion v = [] {
    ApiVersion a;
    a.name = "v0.0.37";
    a.plugin_type = "openapi/dbv0.0.37";
    a.meta = &meta;
    a.register_routes = &register_routes;
    v0_0_36::fill_slurmdb_plugin(a);
    a.openapi_document = &db_document;
    return a;
  }();
  return v;
}

}  // namespace mock_slurmrestd::v0_0_37
