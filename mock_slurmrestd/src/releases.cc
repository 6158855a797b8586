// The release profiles: one line per API version a release loads.
#include "releases.h"

#include <algorithm>
#include <stdexcept>

#include "api_version.h"
#include "v0_0_36/plugin.h"
#include "v0_0_36/slurmdb_plugin.h"
#include "v0_0_37/plugin.h"
#include "v0_0_37/slurmdb_plugin.h"
#include "v0_0_38/plugin.h"
#include "v0_0_38/slurmdb_plugin.h"
#include "v0_0_40/plugin.h"
#include "v0_0_40/slurmdb_routes.h"
#include "v0_0_41/plugin.h"
#include "v0_0_42/plugin.h"
#include "v0_0_43/plugin.h"
#include "v0_0_44/plugin.h"
#include "v0_0_45/plugin.h"

namespace mock_slurmrestd {

namespace {

// The keys of /openapi/v3 that are the release's, not a version's (measured:
// tests/data/oracle/<release>/openapi_v3.json; prose ours). The x-slurm member (26.05) is
// filled with the loaded plugins (openapi_merge.cc).
const char kOpenapiHead2411[] = R"({
 "tags": [
  {"name": "slurm", "description": "slurmctld's operations"},
  {"name": "slurmdb", "description": "slurmdbd's operations"},
  {"name": "openapi", "description": "this document and its aliases"}
 ],
 "paths": {},
 "components": {
  "schemas": {},
  "securitySchemes": {
   "user": {"type": "apiKey", "description": "name of the calling user",
            "name": "X-SLURM-USER-NAME", "in": "header"},
   "token": {"type": "apiKey", "description": "JWT for that user",
             "name": "X-SLURM-USER-TOKEN", "in": "header"},
   "bearerAuth": {"type": "http", "description": "JWT as a bearer token",
                  "scheme": "bearer", "bearerFormat": "JWT"}
  }
 },
 "info": {
  "contact": {"name": "SchedMD LLC", "url": "https://www.schedmd.com/",
              "email": "sales@schedmd.com"},
  "license": {"name": "Apache 2.0", "url": "https://www.apache.org/licenses/LICENSE-2.0.html"},
  "title": "Slurm REST API",
  "description": "Simulated Slurm REST API (openapi/slurmctld) for testing.",
  "termsOfService": "https://github.com/SchedMD/slurm/blob/master/DISCLAIMER",
  "version": "Slurm-24.11.5&openapi/slurmctld"
 },
 "servers": [{"url": "/"}],
 "security": [{"user": [], "token": []}, {"token": []}, {"bearerAuth": []}, {}],
 "openapi": "3.0.3"
})";

// 26.05 adds the util tag and info.x-slurm, and its info.version names no plugin.
const char kOpenapiHead2605[] = R"({
 "tags": [
  {"name": "slurm", "description": "slurmctld's operations"},
  {"name": "slurmdb", "description": "slurmdbd's operations"},
  {"name": "util", "description": "slurmrestd's own helpers"},
  {"name": "openapi", "description": "this document and its aliases"}
 ],
 "paths": {},
 "components": {
  "schemas": {},
  "securitySchemes": {
   "user": {"type": "apiKey", "description": "name of the calling user",
            "name": "X-SLURM-USER-NAME", "in": "header"},
   "token": {"type": "apiKey", "description": "JWT for that user",
             "name": "X-SLURM-USER-TOKEN", "in": "header"},
   "bearerAuth": {"type": "http", "description": "JWT as a bearer token",
                  "scheme": "bearer", "bearerFormat": "JWT"}
  }
 },
 "info": {
  "contact": {"name": "SchedMD LLC", "url": "https://www.schedmd.com/",
              "email": "sales@schedmd.com"},
  "license": {"name": "Apache 2.0", "url": "https://www.apache.org/licenses/LICENSE-2.0.html"},
  "x-slurm": null,
  "title": "Slurm REST API",
  "description": "Simulated Slurm REST API (openapi/slurmctld) for testing.",
  "termsOfService": "https://github.com/SchedMD/slurm/blob/master/DISCLAIMER",
  "version": "Slurm-26.05.5"
 },
 "servers": [{"url": "/"}],
 "security": [{"user": [], "token": []}, {"token": []}, {"bearerAuth": []}, {}],
 "openapi": "3.0.3"
})";

// openapi/slurmctld's routes in its documents' order (26.05's are 24.11's and six more).
const std::vector<std::string> kRoutes2411 = {"shares",        "reconfigure/",
                                              "diag/",         "ping/",
                                              "licenses/",     "job/submit",
                                              "job/allocate",  "jobs/",
                                              "jobs/state/",   "job/{job_id}",
                                              "nodes/",        "node/{node_name}",
                                              "partitions/",   "partition/{partition_name}",
                                              "reservations/", "reservation/{reservation_name}"};
const std::vector<std::string> kRoutes2605 = {"shares",
                                              "reconfigure/",
                                              "diag/",
                                              "ping/",
                                              "licenses/",
                                              "job/submit",
                                              "job/allocate",
                                              "jobs/",
                                              "jobs/state/",
                                              "job/{job_id}",
                                              "job/{job_id}/requeue",
                                              "jobs/requeue",
                                              "nodes/",
                                              "node/{node_name}",
                                              "partitions/",
                                              "partition/{partition_name}",
                                              "reservations/",
                                              "reservation/{reservation_name}",
                                              "reservation",
                                              "new/node/",
                                              "resources/{job_id}",
                                              "conf"};

// openapi/slurmdbd's routes in its documents' order (26.05 adds conf).
const std::vector<std::string> kDbRoutes2411 = {"job/{job_id}",
                                                "config",
                                                "tres/",
                                                "qos/{qos}",
                                                "qos/",
                                                "associations/",
                                                "association/",
                                                "instances/",
                                                "instance/",
                                                "user/{name}",
                                                "users_association/",
                                                "users/",
                                                "cluster/{cluster_name}",
                                                "clusters/",
                                                "wckey/{id}",
                                                "wckeys/",
                                                "account/{account_name}",
                                                "accounts_association/",
                                                "accounts/",
                                                "jobs/",
                                                "diag/",
                                                "ping/"};
// 26.05's: the same with slurmdbd's own configuration (`conf`) after `config`.
const std::vector<std::string> kDbRoutes2605 = [] {
  std::vector<std::string> routes = kDbRoutes2411;
  routes.insert(std::find(routes.begin(), routes.end(), "config") + 1, "conf");
  return routes;
}();

}  // namespace

const std::vector<SlurmRelease>& releases() {
  static const std::vector<SlurmRelease> all = [] {
    std::vector<SlurmRelease> r;
    SlurmRelease s22_05{
        .name = "22.05", .release = "22.05.8", .major = 22, .minor = 5, .micro = 8, .versions = {}};
    s22_05.versions.push_back(&v0_0_36::plugin());
    s22_05.versions.push_back(&v0_0_37::plugin());
    s22_05.versions.push_back(&v0_0_38::plugin());
    // openapi/dbv0.0.36-38: the slurmdb routes, with accounting in slurmdbd.
    s22_05.accounting_versions.push_back(&v0_0_36::slurmdb_plugin());
    s22_05.accounting_versions.push_back(&v0_0_37::slurmdb_plugin());
    s22_05.accounting_versions.push_back(&v0_0_38::slurmdb_plugin());
    r.push_back(std::move(s22_05));
    // Debian 13's slurmrestd (24.11.5): openapi/slurmctld (and with accounting openapi/slurmdbd)
    // with three data_parser plugins, loaded in this order (its /openapi/v3 and `-d list` both
    // put v0.0.42 first).
    SlurmRelease s24_11{
        .name = "24.11",
        .release = "24.11.5",
        .major = 24,
        .minor = 11,
        .micro = 5,
        .versions = {},
        .not_found_text = "Unable find requested URL. Please view /openapi/v3 for API reference.",
        .method_mismatch_is_not_found = true,
        .lists_plugins_on_stdout = true,
        .token_names_user = true,
        .bearer_token = true,
        .one_line_empty_containers = true,
        .batch_needs_environment = true,
        .unknown_dependency_refused = true,
        .required_nodes_beyond_count = true,
        .body_on_every_method = true,
        .openapi_head = kOpenapiHead2411,
        .openapi_routes = kRoutes2411,
        .openapi_db_routes = kDbRoutes2411,
        .one_node_first_nodes_partitions = true};
    s24_11.versions.push_back(&v0_0_42::plugin());
    s24_11.versions.push_back(&v0_0_40::plugin());
    s24_11.versions.push_back(&v0_0_41::plugin());
    // openapi/slurmdbd with the same data_parsers, with accounting in slurmdbd.
    s24_11.accounting_versions.push_back(&v0_0_42::slurmdb_plugin());
    s24_11.accounting_versions.push_back(&v0_0_40::slurmdb_plugin());
    s24_11.accounting_versions.push_back(&v0_0_41::slurmdb_plugin());
    r.push_back(std::move(s24_11));
    // Debian forky's slurmrestd (26.05.5): openapi/slurmctld with four data_parser plugins, in
    // the order its /openapi/v3 (info.x-slurm.data_parsers) and `-d list` print them. Its
    // router's text for an unrouted request is new.
    SlurmRelease s26_05{
        .name = "26.05",
        .release = "26.05.5",
        .major = 26,
        .minor = 5,
        .micro = 5,
        .versions = {},
        .not_found_text =
            "Unable to find requested URL endpoint. Please query the '/openapi/v3' endpoint or "
            "visit 'https://slurm.schedmd.com/rest_api.html' for the OpenAPI specification which "
            "includes a list of all possible slurmrestd endpoints.",
        .method_mismatch_is_not_found = true,
        .lists_plugins_on_stdout = true,
        .token_names_user = true,
        .bearer_token = true,
        .one_line_empty_containers = true,
        .batch_needs_environment = true,
        .unknown_dependency_refused = true,
        .mixed_dependency_refused = true,
        .environment_missing_named = true,
        .required_nodes_beyond_count = true,
        .partition_cpu_limit_queues = true,
        .task_count_limits_nodes = true,
        .body_on_every_method = true,
        .openapi_head = kOpenapiHead2605,
        .openapi_routes = kRoutes2605,
        .openapi_db_routes = kDbRoutes2605,
        .openapi_x_slurm = true,
        .head_is_not_found = true,
        .unknown_accept_text = "HTTP Accept header content type is unknown or unsupported",
        .unparsable_body_text = "Failure during parsing",
        .node_update_clears_reasons = true,
        .unparsable_path_not_found = true,
        .unparsable_query_unspecified = true,
        .body_with_query_refused = true};
    s26_05.versions.push_back(&v0_0_43::plugin());
    s26_05.versions.push_back(&v0_0_42::plugin());
    s26_05.versions.push_back(&v0_0_45::plugin());
    s26_05.versions.push_back(&v0_0_44::plugin());
    s26_05.accounting_versions.push_back(&v0_0_43::slurmdb_plugin());
    s26_05.accounting_versions.push_back(&v0_0_42::slurmdb_plugin());
    s26_05.accounting_versions.push_back(&v0_0_45::slurmdb_plugin());
    s26_05.accounting_versions.push_back(&v0_0_44::slurmdb_plugin());
    r.push_back(std::move(s26_05));
    return r;
  }();
  return all;
}

const SlurmRelease& default_release() { return releases().front(); }

const SlurmRelease* find_release(const std::string& name) {
  for (const auto& r : releases()) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

std::vector<std::string> split_plugin_list(const std::string& spec) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= spec.size()) {
    size_t comma = spec.find(',', i);
    if (comma == std::string::npos) comma = spec.size();
    if (comma > i) out.push_back(spec.substr(i, comma - i));
    i = comma + 1;
  }
  return out;
}

namespace {

// "x" -> "<kind>/x"; "<kind>/x" stays (slurmrestd prefixes a bare name the same way).
std::string with_prefix(const std::string& given, const std::string& kind) {
  return given.rfind(kind + "/", 0) == 0 ? given : kind + "/" + given;
}

}  // namespace

std::vector<std::string> openapi_plugins(const SlurmRelease& release) {
  std::vector<std::string> out;
  for (const auto* list : {&release.versions, &release.accounting_versions}) {
    for (const ApiVersion* v : *list) {
      if (std::find(out.begin(), out.end(), v->plugin_type) == out.end())
        out.push_back(v->plugin_type);
    }
  }
  return out;
}

std::vector<std::string> data_parser_plugins(const SlurmRelease& release) {
  std::vector<std::string> out;
  for (const ApiVersion* v : release.versions) {
    if (!v->data_parser.empty()) out.push_back(v->data_parser);
  }
  return out;
}

std::vector<const ApiVersion*> select_versions(const SlurmRelease& release,
                                               const std::vector<std::string>& plugins,
                                               const std::vector<std::string>& data_parsers,
                                               bool accounting) {
  std::vector<const ApiVersion*> out;
  if (plugins.empty()) {
    out = release.versions;
    if (accounting) {
      out.insert(out.end(), release.accounting_versions.begin(), release.accounting_versions.end());
    }
  }
  for (const std::string& given : plugins) {
    const std::string type = with_prefix(given, "openapi");
    // The real daemon cannot load a plugin twice either: it dies at start-up (22.05:
    // "fatal: init_op_jobs: unable to create hash table"); this says why.
    for (const ApiVersion* v : out) {
      if (v->plugin_type == type) throw std::invalid_argument("Plugin given twice: " + type);
    }
    bool found = false;
    for (const ApiVersion* v : release.versions) {
      if (v->plugin_type == type) {
        out.push_back(v);
        found = true;
      }
    }
    for (const ApiVersion* v : release.accounting_versions) {
      if (v->plugin_type != type) continue;
      if (!accounting) {
        throw std::invalid_argument(type +
                                    " needs accounting in slurmdbd "
                                    "(AccountingStorageType=accounting_storage/slurmdbd)");
      }
      out.push_back(v);
      found = true;
    }
    if (!found) throw std::invalid_argument("Unable to find plugin: " + type);
  }
  if (data_parsers.empty()) return out;
  if (data_parser_plugins(release).empty()) {
    throw std::invalid_argument("Release " + release.name + " has no data_parser plugins");
  }
  std::vector<const ApiVersion*> narrowed;
  for (const std::string& given : data_parsers) {
    const std::string name = with_prefix(given, "data_parser");
    const ApiVersion* found = nullptr;
    for (const ApiVersion* v : release.versions) {
      if (v->data_parser == name) found = v;
    }
    if (!found) throw std::invalid_argument("Unable to find plugin: " + name);
    if (std::find(narrowed.begin(), narrowed.end(), found) != narrowed.end()) {
      throw std::invalid_argument("Plugin given twice: " + name);
    }
    // Only among the openapi plugins -s kept.
    if (std::find(out.begin(), out.end(), found) != out.end()) narrowed.push_back(found);
  }
  // openapi/slurmdbd's versions are the same data_parsers: -d narrows them alike.
  for (const std::string& given : data_parsers) {
    const std::string name = with_prefix(given, "data_parser");
    for (const ApiVersion* v : release.accounting_versions) {
      if (v->data_parser == name && std::find(out.begin(), out.end(), v) != out.end())
        narrowed.push_back(v);
    }
  }
  return narrowed;
}

}  // namespace mock_slurmrestd
