// The OpenAPI 3.0 document of the admin API (/mock/v1/openapi.json), built from one table.
#include <string>
#include <vector>

#include "app.h"

namespace mock_slurmrestd {

namespace {

struct Param {
  const char* name;
  const char* in;  // query or path
  const char* type;
  bool required;
  const char* description;
};

struct Operation {
  const char* method;
  const char* path;
  const char* summary;
  std::vector<Param> params;
  bool json_body = false;  // POST /faults/rules
};

const std::vector<Operation>& operations() {
  static const std::vector<Operation> ops = {
      {"get", "/mock/v1/health", "Liveness: {\"status\": \"ok\", \"version\"}; no auth", {}},
      {"get", "/mock/v1/openapi.json", "This document", {}},
      {"post",
       "/mock/v1/reset",
       "Forget every job, restore the initial cluster, clear faults, fault rules and the "
       "request journal; job ids restart at 1",
       {}},
      {"get", "/mock/v1/clock", "Simulated time: {\"now\", \"mode\", \"next_event\"}", {}},
      {"post",
       "/mock/v1/clock/advance",
       "Move simulated time forward",
       {{"seconds", "query", "integer", true, "seconds to advance (>= 0)"}}},
      {"post",
       "/mock/v1/clock/mode",
       "Switch the clock mode, keeping the current time",
       {{"mode", "query", "string", true, "real, manual or scaled"},
        {"scale", "query", "number", false, "for scaled: simulated seconds per wall second"}}},
      {"post",
       "/mock/v1/node/{node_name}/state",
       "Node faults",
       {{"node_name", "path", "string", true, "a node of the cluster"},
        {"state", "query", "string", true, "down, drain, resume, fail or idle"},
        {"reason", "query", "string", false, "the node's reason"}}},
      {"get", "/mock/v1/events", "The simulator's event log (newest 10,000)", {}},
      {"get",
       "/mock/v1/faults",
       "The global faults: controller, latency_ms, controller_retry_ms",
       {}},
      {"post",
       "/mock/v1/faults",
       "Set global faults (any subset; a bad value changes nothing)",
       {{"controller", "query", "string", false, "down or up"},
        {"latency_ms", "query", "integer", false, "added to every /slurm answer"},
        {"controller_retry_ms", "query", "integer", false,
         "wait per slurmctld call while the controller is down"}}},
      {"delete", "/mock/v1/faults", "Clear every fault, fault rules included", {}},
      {"get", "/mock/v1/faults/rules", "The targeted fault rules", {}},
      {"post",
       "/mock/v1/faults/rules",
       "Add a fault rule (a JSON object) or several (a JSON array); all or nothing",
       {},
       true},
      {"delete", "/mock/v1/faults/rules", "Remove every fault rule", {}},
      {"delete",
       "/mock/v1/faults/rules/{rule_id}",
       "Remove one fault rule",
       {{"rule_id", "path", "integer", true, "the id the rule was given"}}},
      {"get",
       "/mock/v1/requests",
       "The request journal, oldest first (not /mock/ requests)",
       {{"method", "query", "string", false, "only this method"},
        {"path_prefix", "query", "string", false, "only paths starting with this"},
        {"since", "query", "integer", false, "only requests with a larger id"}}},
      {"delete", "/mock/v1/requests", "Empty the request journal", {}},
  };
  return ops;
}

Json fault_rule_schema() {
  auto prop = [](const char* type, const char* description) {
    return Json{{"type", type}, {"description", description}};
  };
  Json props = Json::object();
  props["kind"] = Json{{"type", "string"},
                       {"enum", {"delay", "status", "reset", "empty", "truncate", "slow_body"}}};
  props["method"] = prop("string", "HTTP method, or * (default) for any");
  props["path"] = prop("string", "glob on the raw path; * matches any characters (default *)");
  props["times"] = prop("integer", "fire for the next N matching requests; 0 = no limit");
  props["probability"] = prop("number", "chance each matching request is hit, (0, 1]");
  props["seed"] = prop("integer", "seed of the rule's own random sequence (default 1)");
  props["delay_ms"] = prop("integer", "wait before answering (every kind)");
  props["status"] = prop("integer", "kind status: the status code (default 503)");
  props["preset"] = Json{{"type", "string"},
                         {"enum", {"alb", "apigw"}},
                         {"description", "kind status: a load balancer's own 502/503/504 body"}};
  props["body"] = prop("string", "kind status: the body");
  props["content_type"] = prop("string", "kind status: the content type (default text/plain)");
  props["keep_bytes"] = prop("integer", "kind truncate: body bytes sent (default: half)");
  props["chunk_bytes"] = prop("integer", "kind slow_body: bytes per write (default 16)");
  props["chunk_delay_ms"] =
      prop("integer", "kind slow_body: pause before each write (default 200)");
  return Json{{"type", "object"}, {"required", {"kind"}}, {"properties", std::move(props)}};
}

}  // namespace

Json admin_openapi_document() {
  Json paths = Json::object();
  for (const auto& op : operations()) {
    Json o = Json::object();
    o["summary"] = op.summary;
    Json params = Json::array();
    for (const auto& p : op.params) {
      params.push_back(Json{{"name", p.name},
                            {"in", p.in},
                            {"required", p.required},
                            {"description", p.description},
                            {"schema", Json{{"type", p.type}}}});
    }
    if (!params.empty()) o["parameters"] = std::move(params);
    if (op.json_body) {
      Json schema = {
          {"oneOf",
           {Json{{"$ref", "#/components/schemas/FaultRule"}},
            Json{{"type", "array"}, {"items", {{"$ref", "#/components/schemas/FaultRule"}}}}}}};
      o["requestBody"] = {{"required", true},
                          {"content", {{"application/json", {{"schema", schema}}}}}};
    }
    Json ok = {{"description", "done"}, {"content", {{"application/json", Json::object()}}}};
    o["responses"] = Json::object();
    o["responses"][std::string(op.json_body ? "201" : "200")] = ok;
    if (!op.params.empty() || op.json_body) {
      o["responses"]["400"] = {{"description", "bad parameter: {\"error\": reason}"}};
    }
    paths[op.path][op.method] = std::move(o);
  }
  Json doc = Json::object();
  doc["openapi"] = "3.0.3";
  doc["info"] = {{"title", "mock-slurmrestd admin API"},
                 {"version", mock_version()},
                 {"description",
                  "Control of the mock (not part of Slurm). No authentication. Every error "
                  "answer is JSON {\"error\": reason}."}};
  doc["paths"] = std::move(paths);
  doc["components"] = {{"schemas", {{"FaultRule", fault_rule_schema()}}}};
  return doc;
}

}  // namespace mock_slurmrestd
