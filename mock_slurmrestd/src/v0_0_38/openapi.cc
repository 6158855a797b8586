// Builds the v0.0.38 OpenAPI document from v0.0.37's plus what the real v0.0.38 changes.
#include "v0_0_38/openapi.h"

#include <string>
#include <utility>

#include "v0_0_37/openapi.h"

namespace mock_slurmrestd::v0_0_38 {

namespace {

Json typed(const char* type, const char* text) {
  return Json{{"type", type}, {"description", text}};
}

Json object_of(std::initializer_list<std::pair<const char*, Json>> props) {
  Json p = Json::object();
  for (const auto& [name, schema] : props) p[name] = schema;
  return Json{{"type", "object"}, {"properties", std::move(p)}};
}

Json build() {
  Json doc = v0_0_37::renamed_document(v0_0_37::openapi_document(), "37", "38");
  const std::string p = "/slurm/v0.0.38";
  const std::string ref = "#/components/schemas/v0.0.38_";
  Json& paths = doc["paths"];
  // v0.0.38 names its operations slurm_v0_0_38_*, and its update_time is form style.
  for (auto it = paths.begin(); it != paths.end(); ++it) {
    if (it.key().rfind(p, 0) != 0) continue;
    for (auto op = it.value().begin(); op != it.value().end(); ++op) {
      if (!op.value().is_object() || !op.value().contains("operationId")) continue;
      std::string id = op.value()["operationId"];
      if (id.rfind("slurmctld_", 0) == 0) id = "slurm_v0_0_38_" + id.substr(10);
      op.value()["operationId"] = id;
      if (!op.value().contains("parameters")) continue;
      for (auto& param : op.value()["parameters"]) {
        if (param["name"] == "update_time") param["style"] = "form";
      }
    }
  }
  Json licenses = Json::object();
  Json& get = licenses["get"] = Json::object();
  get["tags"] = Json::array({"slurm"});
  get["operationId"] = "slurm_v0_0_38_slurmctld_get_licenses";
  get["summary"] = "get all Slurm tracked license info";
  Json media = Json{{"schema", Json{{"$ref", ref + "licenses"}}}};
  get["responses"]["200"] =
      Json{{"description", "licenses"},
           {"content", Json{{"application/json", media}, {"application/x-yaml", media}}}};
  get["responses"]["default"] = Json{{"description", "licenses could not be read"}};
  v0_0_37::insert_after(paths, p + "/diag", p + "/licenses", std::move(licenses));

  Json& schemas = doc["components"]["schemas"];
  Json rpc_tail = Json::object();
  Json rpcm = object_of({{"message_type", typed("string", "message type")},
                         {"type_id", typed("integer", "message type number")},
                         {"count", typed("integer", "how many")},
                         {"average_time", typed("integer", "mean time")},
                         {"total_time", typed("integer", "total time")}});
  Json rpcu = object_of({{"user", typed("string", "user name")},
                         {"user_id", typed("integer", "user id")},
                         {"count", typed("integer", "how many")},
                         {"average_time", typed("integer", "mean time")},
                         {"total_time", typed("integer", "total time")}});
  Json array_of_error =
      Json{{"type", "array"}, {"description", "errors"}, {"items", Json{{"$ref", ref + "error"}}}};
  Json license_list = object_of({{"errors", array_of_error},
                                 {"licenses", Json{{"type", "array"},
                                                   {"description", "licenses"},
                                                   {"items", Json{{"$ref", ref + "license"}}}}}});
  Json license = object_of({{"LicenseName", typed("string", "license name")},
                            {"Total", typed("integer", "configured")},
                            {"Used", typed("integer", "in use")},
                            {"Free", typed("integer", "available")},
                            {"Reserved", typed("integer", "reserved")},
                            {"Remote", typed("boolean", "served remotely")}});
  Json version = object_of({{"major", typed("string", "")},
                            {"micro", typed("string", "")},
                            {"minor", typed("string", "")}});
  Json slurm = object_of({{"version", version}, {"release", typed("string", "release")}});
  slurm["description"] = "Slurm";
  Json meta = object_of(
      {{"plugin", object_of({{"type", typed("string", "")}, {"name", typed("string", "")}})},
       {"Slurm", slurm}});
  v0_0_37::insert_after(schemas, "v0.0.38_diag", "v0.0.38_diag_rpcm", std::move(rpcm));
  v0_0_37::insert_after(schemas, "v0.0.38_diag_rpcm", "v0.0.38_diag_rpcu", std::move(rpcu));
  v0_0_37::insert_after(schemas, "v0.0.38_diag_rpcu", "v0.0.38_licenses", std::move(license_list));
  v0_0_37::insert_after(schemas, "v0.0.38_licenses", "v0.0.38_license", std::move(license));
  v0_0_37::insert_after(schemas, "v0.0.38_reservations_response", "v0.0.38_errors", array_of_error);
  schemas["v0.0.38_meta"] = std::move(meta);
  return doc;
}

}  // namespace

const Json& openapi_document() {
  static const Json doc = build();
  return doc;
}

}  // namespace mock_slurmrestd::v0_0_38
