// openapi/dbv0.0.38's entry point and objects: v0.0.37's through its DbShape.
#include "v0_0_38/slurmdb_plugin.h"

#include "v0_0_36/slurmdb_plugin.h"
#include "v0_0_37/slurmdb_plugin.h"

namespace mock_slurmrestd::v0_0_38 {

extern const char kOpenapiDb2205[];  // openapi_db_22.05.json (mock_embed_text)

namespace {

// The plugin's document (its paths and schemas, recorded with accounting; our prose), which
// slurmrestd merges after the slurmctld plugins'.
const Json& db_document() {
  static const Json doc = Json::parse(kOpenapiDb2205);
  return doc;
}

}  // namespace

namespace {

void dump_db_job(Json& out, const scheduler_sim::JobRecord& job, const v0_0_36::DbContext& c) {
  v0_0_37::dump_db_job(out, job, c);
  v0_0_36::insert_after(out, "constraints", "container", nullptr);
}

void dump_db_user(Json& out, const scheduler_sim::UserRecord& u, const v0_0_36::DbContext& c) {
  v0_0_36::dump_db_user(out, u, c);
  v0_0_36::insert_after(out, "default", "flags", Json::array());
}

// An association's QOS by name (earlier versions list their ids).
void dump_db_association(Json& out, const scheduler_sim::Association& a,
                         const v0_0_36::DbContext& c) {
  v0_0_37::dump_db_association(out, a, c);
  out["qos"] = Json::array();
  for (const std::string& name : a.qos)
    if (c.db.find_qos(name)) out["qos"].push_back(name);
}

v0_0_36::DbShape db_shape() {
  v0_0_36::DbShape s = v0_0_37::db_shape();
  s.job = &dump_db_job;
  s.user = &dump_db_user;
  s.association = &dump_db_association;
  s.association_needs_query = true;
  s.state_filter_applied = true;
  s.node_filter_applied = true;
  s.delete_associations = true;
  s.post_qos = true;
  s.with_deleted = true;
  s.wckey_add_needs_id = true;
  s.post_association_refused_status = 400;
  s.post_config_status = 500;
  return s;
}

Json meta(const SlurmRelease& release) {
  return v0_0_36::slurmdb_meta(release, "openapi/dbv0.0.38", "Slurm OpenAPI DB v0.0.38");
}

void register_routes(App& app, const LoadedVersion& self) {
  v0_0_36::register_slurmdb_routes(app, self, db_shape());
}

}  // namespace

const ApiVersion& slurmdb_plugin() {
  static const ApiVersion v = [] {
    ApiVersion a;
    a.name = "v0.0.38";
    a.plugin_type = "openapi/dbv0.0.38";
    a.meta = &meta;
    a.register_routes = &register_routes;
    v0_0_36::fill_slurmdb_plugin(a);
    a.openapi_document = &db_document;
    return a;
  }();
  return v;
}

}  // namespace mock_slurmrestd::v0_0_38
