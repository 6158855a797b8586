// The mock's own control API under /mock/v1 (not part of Slurm): reset, clock, faults, events.
//
//   POST /mock/v1/reset                          forget all jobs, restore the initial cluster
//   GET  /mock/v1/clock                          {"now": T, "mode": "real|scaled|manual"}
//   POST /mock/v1/clock/advance?seconds=N        move simulated time forward
//   POST /mock/v1/clock/mode?mode=M[&scale=X]    switch clock mode, keeping the current time
//   POST /mock/v1/node/{name}/state?state=S[&reason=R]  down, drain, resume, fail, idle
//   GET  /mock/v1/events                         the simulator's event log
//   GET  /mock/v1/faults                         the injected faults
//   POST /mock/v1/faults?controller=down|up&latency_ms=N&controller_retry_ms=N
//   DELETE /mock/v1/faults                       clear every fault, rules too (so does reset)
// Health, the request journal, fault rules and the OpenAPI document: admin_gateway.cc.
#include <cstdlib>

#include "app.h"

namespace mock_slurmrestd {

void register_gateway_admin_routes(App& app);  // admin_gateway.cc

namespace {

Response json_ok(const Json& doc, int status = 200) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = doc.dump(2);
  return r;
}

Response admin_error(int status, const std::string& message) {
  Json j;
  j["error"] = message;
  return json_ok(j, status);
}

Json clock_state(App& app, scheduler_sim::Simulator& sim) {
  Json j;
  j["now"] = sim.now();
  j["mode"] = clock_mode_name(app.pacer().mode());
  if (auto next = sim.next_event_time()) j["next_event"] = *next;
  else j["next_event"] = nullptr;
  return j;
}

bool parse_int(const std::string* s, int64_t* out) {
  if (!s || s->empty()) return false;
  char* end = nullptr;
  long long v = std::strtoll(s->c_str(), &end, 10);
  if (*end != '\0') return false;
  *out = v;
  return true;
}

Json faults_state(const Faults& f) {
  Json j;
  j["controller"] = f.controller_down ? "down" : "up";
  j["latency_ms"] = f.latency_ms.load();
  j["controller_retry_ms"] = f.controller_retry_ms.load();
  return j;
}

// Validates every parameter before changing anything, so a bad request changes nothing.
Response set_faults(App& app, Request& req) {
  const std::string* controller = req.query_value("controller");
  if (controller && *controller != "down" && *controller != "up") {
    return admin_error(400, "controller must be down or up");
  }
  int64_t latency = -1, retry = -1;
  const std::string* latency_text = req.query_value("latency_ms");
  if (latency_text && (!parse_int(latency_text, &latency) || latency < 0)) {
    return admin_error(400, "latency_ms must be a non-negative integer");
  }
  const std::string* retry_text = req.query_value("controller_retry_ms");
  if (retry_text && (!parse_int(retry_text, &retry) || retry < 0)) {
    return admin_error(400, "controller_retry_ms must be a non-negative integer");
  }
  Faults& f = app.faults();
  if (controller) f.controller_down = *controller == "down";
  if (latency_text) f.latency_ms = latency;
  if (retry_text) f.controller_retry_ms = retry;
  return json_ok(faults_state(f));
}

}  // namespace

void register_admin_routes(App& app) {
  Router& r = app.router();
  r.add("POST", "/mock/v1/reset", [&app](Request&) {
    if (auto st = app.reset(); !st.ok()) return admin_error(500, st.message());
    return json_ok(Json{{"status", "ok"}});
  });
  r.add("GET", "/mock/v1/clock", [&app](Request&) {
    auto locked = app.lock();
    return json_ok(clock_state(app, locked.sim()));
  });
  r.add("POST", "/mock/v1/clock/advance", [&app](Request& req) {
    int64_t seconds = 0;
    if (!parse_int(req.query_value("seconds"), &seconds) || seconds < 0) {
      return admin_error(400, "seconds must be a non-negative integer");
    }
    auto locked = app.lock();
    if (auto st = locked.advance_clock(seconds); !st.ok()) return admin_error(500, st.message());
    return json_ok(clock_state(app, locked.sim()));
  });
  r.add("POST", "/mock/v1/clock/mode", [&app](Request& req) {
    const std::string* mode = req.query_value("mode");
    double scale = 1.0;
    if (const std::string* s = req.query_value("scale")) scale = std::atof(s->c_str());
    ClockMode m;
    if (mode && *mode == "real") m = ClockMode::kReal;
    else if (mode && *mode == "manual") m = ClockMode::kManual;
    // A scale the state file can hold (beyond 1e9 the pacer's arithmetic overflows).
    else if (mode && *mode == "scaled" && scale > 0 && scale <= 1e9) m = ClockMode::kScaled;
    else return admin_error(400, "mode must be real, manual or scaled (with 0 < scale <= 1e9)");
    // Real processes run on the wall clock; simulated time must not drift away from them.
    if (app.runner() && m != ClockMode::kReal) {
      return admin_error(409, "--exec local runs real processes: the clock must stay real");
    }
    auto locked = app.lock();
    // Only a scaled clock has a scale: another's would be saved and refused by a restart.
    if (m != ClockMode::kScaled) scale = 1.0;
    if (auto st = locked.set_clock_mode(m, scale); !st.ok()) return admin_error(500, st.message());
    return json_ok(clock_state(app, locked.sim()));
  });
  r.add("POST", "/mock/v1/node/{node_name}/state", [&app](Request& req) {
    const std::string* name = req.param("node_name");
    const std::string* state = req.query_value("state");
    const std::string* reason = req.query_value("reason");
    if (!name || !state) return admin_error(400, "node name and ?state= are required");
    auto locked = app.lock();
    auto st = locked.set_node_state(*name, *state, reason ? *reason : "");
    if (!st.ok())
      return admin_error(st.code() == scheduler_sim::Errno::kError ? 500 : 400, st.message());
    return json_ok(Json{{"status", "ok"}});
  });
  r.add("GET", "/mock/v1/faults", [&app](Request&) { return json_ok(faults_state(app.faults())); });
  r.add("POST", "/mock/v1/faults", [&app](Request& req) { return set_faults(app, req); });
  r.add("DELETE", "/mock/v1/faults", [&app](Request&) {
    app.faults().clear();
    app.fault_rules().clear();
    return json_ok(faults_state(app.faults()));
  });
  r.add("GET", "/mock/v1/events", [&app](Request&) {
    auto locked = app.lock();
    Json events = Json::array();
    for (const auto& e : locked.sim().event_log()) {
      events.push_back(Json{{"time", e.time}, {"event", e.what}});
    }
    return json_ok(Json{{"events", std::move(events)}});
  });
  register_gateway_admin_routes(app);
}

}  // namespace mock_slurmrestd
