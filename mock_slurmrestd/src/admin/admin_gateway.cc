// /mock/v1 routes for gateway work: health, the request journal, fault rules, the admin
// API's own OpenAPI document.
//
//   GET    /mock/v1/health                       {"status": "ok", "version": V}
//   GET    /mock/v1/requests?method=M&path_prefix=P&since=ID   the journal (oldest first)
//   DELETE /mock/v1/requests                     empty the journal
//   GET    /mock/v1/faults/rules                 the fault rules
//   POST   /mock/v1/faults/rules                 add one rule (JSON object) or several (array)
//   DELETE /mock/v1/faults/rules                 remove every rule
//   DELETE /mock/v1/faults/rules/{id}            remove one rule
//   GET    /mock/v1/openapi.json                 OpenAPI 3.0 document of /mock/v1
#include <cstdlib>

#include "app.h"

#ifndef MOCK_SLURMRESTD_VERSION
#define MOCK_SLURMRESTD_VERSION "unknown"
#endif

namespace mock_slurmrestd {

const char* mock_version() { return MOCK_SLURMRESTD_VERSION; }

Json admin_openapi_document();  // admin_openapi.cc

namespace {

Response json_answer(const Json& doc, int status = 200) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = doc.dump(2, ' ', false, Json::error_handler_t::replace);
  return r;
}

Response json_error(int status, const std::string& message) {
  return json_answer(Json{{"error", message}}, status);
}

Json rules_json(const std::vector<FaultRule>& rules) {
  Json list = Json::array();
  for (const auto& r : rules) list.push_back(r.to_json());
  return Json{{"rules", std::move(list)}};
}

Response list_requests(App& app, Request& req) {
  JournalFilter filter;
  if (const std::string* m = req.query_value("method")) filter.method = *m;
  if (const std::string* p = req.query_value("path_prefix")) filter.path_prefix = *p;
  if (const std::string* s = req.query_value("since")) {
    char* end = nullptr;
    unsigned long long v = std::strtoull(s->c_str(), &end, 10);
    if (s->empty() || *end != '\0' || (*s)[0] == '-') {
      return json_error(400, "since must be a request id (a non-negative integer)");
    }
    filter.since = v;
  }
  Json list = Json::array();
  for (const auto& r : app.journal().list(filter)) list.push_back(r.to_json());
  RequestJournal& j = app.journal();
  return json_answer(Json{{"requests", std::move(list)},
                          {"dropped", j.dropped()},
                          {"limit", j.limit()},
                          {"body_limit", j.body_limit()}});
}

Response add_rules(App& app, Request& req) {
  Json doc;
  try {
    doc = Json::parse(req.body);
  } catch (const std::exception&) {
    return json_error(400, "the body must be a JSON fault rule or a list of them");
  }
  Json items = doc.is_array() ? doc : Json::array({doc});
  std::vector<FaultRule> parsed;
  for (const auto& item : items) {
    FaultRule rule;
    std::string error;
    // All or nothing: a bad rule adds none of the others.
    if (!fault_rule_from_json(item, &rule, &error)) return json_error(400, error);
    parsed.push_back(std::move(rule));
  }
  std::vector<FaultRule> added;
  for (auto& rule : parsed) {
    rule.id = app.fault_rules().add(rule);
    added.push_back(std::move(rule));
  }
  return json_answer(rules_json(added), 201);
}

}  // namespace

void register_gateway_admin_routes(App& app) {
  Router& r = app.router();
  r.add("GET", "/mock/v1/health", [](Request&) {
    return json_answer(Json{{"status", "ok"}, {"version", mock_version()}});
  });
  r.add("GET", "/mock/v1/openapi.json",
        [](Request&) { return json_answer(admin_openapi_document()); });
  r.add("GET", "/mock/v1/requests", [&app](Request& req) { return list_requests(app, req); });
  r.add("DELETE", "/mock/v1/requests", [&app](Request&) {
    app.journal().clear();
    return json_answer(Json{{"status", "ok"}});
  });
  r.add("GET", "/mock/v1/faults/rules",
        [&app](Request&) { return json_answer(rules_json(app.fault_rules().list())); });
  r.add("POST", "/mock/v1/faults/rules", [&app](Request& req) { return add_rules(app, req); });
  r.add("DELETE", "/mock/v1/faults/rules", [&app](Request&) {
    app.fault_rules().clear();
    return json_answer(rules_json({}));
  });
  r.add(
      "DELETE", "/mock/v1/faults/rules/{rule_id}",
      [&app](Request& req) {
        const std::string* id = req.param("rule_id");
        char* end = nullptr;
        unsigned long long v = id ? std::strtoull(id->c_str(), &end, 10) : 0;
        if (!id || *end != '\0' || !app.fault_rules().remove(v)) {
          return json_error(404, "no such fault rule");
        }
        return json_answer(rules_json(app.fault_rules().list()));
      },
      ParamKind::kNumber);
}

}  // namespace mock_slurmrestd
