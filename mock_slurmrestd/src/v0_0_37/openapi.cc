// Builds the v0.0.37 OpenAPI document from v0.0.36's plus what the real v0.0.37 adds.
#include "v0_0_37/openapi.h"

#include <initializer_list>
#include <utility>

#include "v0_0_36/openapi.h"

namespace mock_slurmrestd::v0_0_37 {

namespace {

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

Json renamed(const Json& in, const std::string& from, const std::string& to) {
  if (in.is_string()) return replace_all(in.get<std::string>(), from, to);
  if (in.is_array()) {
    Json out = Json::array();
    for (const auto& e : in) out.push_back(renamed(e, from, to));
    return out;
  }
  if (in.is_object()) {
    Json out = Json::object();
    for (auto it = in.begin(); it != in.end(); ++it) {
      out[replace_all(it.key(), from, to)] = renamed(it.value(), from, to);
    }
    return out;
  }
  return in;
}

Json typed(const char* type, const char* text) {
  return Json{{"type", type}, {"description", text}};
}

// The reservation object as v0.0.37's document declares it (names, order, types).
Json reservation_schema() {
  Json p = Json::object();
  p["accounts"] = typed("string", "accounts allowed");
  p["burst_buffer"] = typed("string", "burst buffer reserved");
  p["core_count"] = typed("integer", "cores reserved");
  p["core_spec_cnt"] = typed("integer", "specialized cores reserved");
  p["end_time"] = typed("integer", "when the reservation ends");
  p["features"] = typed("string", "features required");
  p["flags"] = Json{
      {"type", "array"}, {"description", "reservation flags"}, {"items", Json{{"type", "string"}}}};
  p["groups"] = typed("string", "groups allowed");
  p["licenses"] = typed("string", "licenses reserved");
  p["max_start_delay"] = typed("integer", "longest overlap allowed to jobs outside it");
  p["name"] = typed("string", "reservation name");
  p["node_count"] = typed("integer", "nodes reserved");
  p["node_list"] = typed("string", "nodes reserved");
  p["partition"] = typed("string", "partition");
  p["purge_completed"] = Json{{"type", "object"},
                              {"description", "idle time before a PURGE_COMP reservation goes"},
                              {"properties", Json{{"time", typed("integer", "seconds")}}}};
  p["start_time"] = typed("integer", "when the reservation starts");
  p["watts"] = typed("integer", "power reserved");
  p["tres"] = typed("string", "trackable resources reserved");
  p["users"] = typed("string", "users allowed");
  return Json{{"type", "object"}, {"properties", std::move(p)}};
}

Json update_time_param(const char* text, const char* style) {
  return Json{{"name", "update_time"},
              {"in", "query"},
              {"description", text},
              {"required", false},
              {"style", style},
              {"explode", false},
              {"schema", Json{{"type", "integer"}, {"format", "int64"}}}};
}

Json build() {
  Json doc = renamed_document(v0_0_36::openapi_document(), "36", "37");
  const std::string p = "/slurm/v0.0.37";
  const std::string ref = "#/components/schemas/v0.0.37_";
  Json& paths = doc["paths"];
  // job_id reads as a string from v0.0.37 on (job/<id>_<task> is accepted).
  for (const char* method : {"get", "post", "delete"}) {
    for (auto& param : paths[p + "/job/{job_id}"][method]["parameters"]) {
      if (param["name"] == "job_id") param["schema"] = Json{{"type", "string"}};
    }
  }
  for (const char* path : {"/jobs", "/nodes", "/partitions", "/partition/{partition_name}"}) {
    paths[p + path]["get"]["parameters"].push_back(
        update_time_param("answer 304 when nothing changed since this time", "simple"));
  }
  // The reservation paths mirror the partition ones (same layout of parameters and answers).
  Json list = paths[p + "/partitions"];
  Json& get = list["get"];
  get["operationId"] = "slurmctld_get_reservations";
  get["summary"] = "get all reservation info";
  get["responses"]["200"]["description"] = "reservations";
  get["responses"]["default"]["description"] = "no reservations";
  for (auto& media : get["responses"]["200"]["content"]) {
    media["schema"]["$ref"] = ref + "reservations_response";
  }
  Json one = list;
  one["get"]["operationId"] = "slurmctld_get_reservation";
  one["get"]["summary"] = "get reservation info";
  one["get"]["parameters"] =
      Json::array({Json{{"name", "reservation_name"},
                        {"in", "path"},
                        {"description", "reservation name"},
                        {"required", true},
                        {"style", "simple"},
                        {"explode", false},
                        {"schema", Json{{"type", "string"}}}},
                   update_time_param("answer 304 when nothing changed since this time", "simple")});
  insert_after(paths, p + "/partition/{partition_name}", p + "/reservations", std::move(list));
  insert_after(paths, p + "/reservations", p + "/reservation/{reservation_name}", std::move(one));

  Json& schemas = doc["components"]["schemas"];
  Json response = schemas["v0.0.37_partitions_response"];
  Json items = response["properties"]["partitions"];
  items["description"] = "reservations";
  items["items"]["$ref"] = ref + "reservation";
  response["properties"].erase("partitions");
  response["properties"]["reservations"] = std::move(items);
  insert_after(schemas, "v0.0.37_partitions_response", "v0.0.37_reservation", reservation_schema());
  insert_after(schemas, "v0.0.37_reservation", "v0.0.37_reservations_response",
               std::move(response));
  return doc;
}

}  // namespace

Json renamed_document(const Json& doc, const std::string& from, const std::string& to) {
  Json out = renamed(doc, "v0.0." + from, "v0.0." + to);
  out["info"]["version"] = "0.0." + to;
  return out;
}

void insert_after(Json& obj, const std::string& after, const std::string& key, Json value) {
  Json out = Json::object();
  bool placed = false;
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    out[it.key()] = std::move(it.value());
    if (it.key() == after) {
      out[key] = std::move(value);
      placed = true;
    }
  }
  if (!placed) out[key] = std::move(value);
  obj = std::move(out);
}

const Json& openapi_document() {
  static const Json doc = build();
  return doc;
}

}  // namespace mock_slurmrestd::v0_0_37
