// GET /jobs/, /job/{job_id} and /jobs/state/ of v0.0.40 to v0.0.42 (24.11). What the real
// daemon answers, recorded and asked: docs/oracle-notes/releases-24.11-26.05.md, "Jobs: get".
//
// As in routes.cc, a token slurmctld refuses and an unreachable slurmctld are answered by the
// handler, after the query is parsed: 511 (error 1007) or 502 (1800, after one call's retries).
#include "v0_0_40/job_routes.h"

#include <strings.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "v0_0_36/dump.h"
#include "v0_0_36/routes.h"
#include "v0_0_40/answer.h"
#include "v0_0_40/job_dump.h"
#include "v0_0_40/number.h"
#include "v0_0_40/release_rules.h"

namespace mock_slurmrestd::v0_0_40 {

namespace {

namespace sim = scheduler_sim;

struct Failure {
  int status;
  int error_number;
};

// The failure of the handler's slurmctld call, if any (see routes.cc).
std::optional<Failure> failed_call(App& app, const Request& req) {
  if (app.faults().controller_down) {
    const int64_t ms = app.faults().controller_retry_ms.load();
    if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return Failure{502, 1800};
  }
  if (!req.refusal.empty()) return Failure{511, 1007};
  return std::nullopt;
}

void add_get(App& app, const LoadedVersion& self, const std::string& path, Handler handler,
             EndpointKind kind, ParamKind param = ParamKind::kAny) {
  app.router().add("GET", self.prefix() + path, std::move(handler), param, tag(kind), &self);
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// A whole decimal number in uint32's range, else nullopt.
std::optional<int64_t> small_number(const std::string& s) {
  if (!all_digits(s) || s.size() > 10) return std::nullopt;
  const int64_t v = std::atoll(s.c_str());
  if (v > 0xFFFFFFFFLL) return std::nullopt;
  return v;
}

// The keys of "jobs" answers beside the list: the controller's last backfill cycle (the
// simulator runs none: 0) and its last job change (the simulator's clock).
void add_times(Answer& a, int64_t last_update) {
  a.payload["last_backfill"] = number(0);
  a.payload["last_update"] = number(last_update);
}

// A failed query: an empty list and both times 0.
Json empty_jobs_answer(Answer& a) {
  a.payload["jobs"] = Json::array();
  add_times(a, 0);
  return a.payload;
}

constexpr const char* kJobInfoQuery = "DATA_PARSER_OPENAPI_JOB_INFO_QUERY";

// The flags GET /jobs takes (its /openapi/v3 enum); data_parser matches them ignoring case.
bool known_query_flag(const std::string& value) {
  static const char* const kFlags[] = {"ALL",     "DETAIL",     "MIXED", "LOCAL",
                                       "SIBLING", "FEDERATION", "FUTURE"};
  for (const char* f : kFlags) {
    if (strcasecmp(f, value.c_str()) == 0) return true;
  }
  return false;
}

// slurmrestd asks slurmctld for each job's details (SHOW_DETAIL) unless the query names flags:
// then only if one of them is DETAIL (oracle: ?flags=ALL empties job_resources, ?flags=ALL&
// flags=DETAIL keeps it; docs/oracle-notes/dependencies-flags-writes.md).
bool shows_detail(const Request& req) {
  auto [from, to] = req.query.equal_range("flags");
  if (from == to) return true;
  for (auto it = from; it != to; ++it)
    if (strcasecmp(it->second.c_str(), "DETAIL") == 0) return true;
  return false;
}

// `?flags=` without a value: the parser finds null where it wants a list (asked).
bool empty_flags(const Request& req) {
  auto [from, to] = req.query.equal_range("flags");
  for (auto it = from; it != to; ++it)
    if (it->second.empty()) return true;
  return false;
}

// "2096-10-02T07:06:40": how the daemon prints a time in its warnings (local time).
std::string iso_time(int64_t t) {
  const time_t tt = static_cast<time_t>(t);
  struct tm tm {};
  localtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

Response get_jobs(App& app, const LoadedVersion& self, const Shape& shape, Request& req) {
  Answer a;
  warn_unknown_query(a, req, {"update_time", "flags"}, kJobInfoQuery);
  std::optional<int64_t> update_time;
  if (const std::string* raw = req.query_value("update_time")) {
    // v0.0.40/41's timestamp parser refuses every value (recorded: "1" and asked).
    update_time = shape.jobs_update_time ? small_number(*raw) : std::nullopt;
    if (!update_time) {
      a.error("Parsing of " + *raw + " for timestamp failed", 9202, "#/update_time/");
      a.error("Rejecting request. Failure parsing query.", 9000, "op_handler_jobs");
      return respond(app, self, req, Answer{.errors = a.errors}, 422);
    }
  }
  if (empty_flags(req)) {
    a.error("Expected a List but found a null", 9206, "#/flags/");
    a.error("Rejecting request. Failure parsing query.", 9000, "op_handler_jobs");
    return respond(app, self, req, Answer{.errors = a.errors}, 422);
  }
  bool bad_flag = false;
  if (const std::string* flag = req.query_value("flags"); flag && !known_query_flag(*flag)) {
    a.error("Unknown flag \"" + *flag + "\"", 9207, "#/flags[0]/");
    if (!shape.jobs_bad_flag_still_lists) {
      a.error("Parsing single flag \"" + *flag + "\" failed", 9207, "#/flags/");
      a.error("Rejecting request. Failure parsing query.", 9000, "op_handler_jobs");
      return respond(app, self, req, Answer{.errors = a.errors, .warnings = a.warnings}, 422);
    }
    bad_flag = true;  // v0.0.41 on: listed all the same, with 500
  }
  if (auto f = failed_call(app, req)) {
    Answer failed;
    empty_jobs_answer(failed);
    failed.error("Unable to query jobs", f->error_number, "slurm_load_jobs()");
    return respond(app, self, req, failed, f->status);
  }
  auto locked = app.lock();
  auto& sim = locked.sim();
  const int64_t last_update = sim.now();
  if (update_time && *update_time >= last_update) {
    empty_jobs_answer(a);
    a.warning("No job changes since update_time[" + std::to_string(*update_time) +
                  "]=" + iso_time(*update_time),
              "op_handler_jobs");
    return respond(app, self, req, a, 200);
  }
  const auto ctx = v0_0_36::dump_context(app, sim);
  const bool detail = shows_detail(req);
  a.payload = reserved_object(3);  // jobs, then add_times' two keys
  Json& jobs = a.payload["jobs"] = Json::array();
  for (const sim::Job* job : sim.jobs())
    dump_job(jobs.emplace_back(), *job, ctx, shape, rules_of(app.release()), detail);
  const bool none = jobs.empty();  // (before add_times: new keys move `jobs`)
  add_times(a, last_update);
  if (none) a.warning("Zero jobs to dump");
  return respond(app, self, req, std::move(a), bad_flag ? 500 : 200);
}

// {job_id} as data_parser reads a "selected step": "N", "N_T" (an array task), "N.S" (a
// step: digits or a name such as "batch") or "N_T.S". A task or a step shows job N's whole
// record with a warning each. Asked: tests/data/oracle/24.11/asked/jobs/.
struct JobSelector {
  int64_t job_id = 0;
  std::string text;  // as the daemon prints it back: "999999_1", "999999.500000"
  std::vector<const char*> warnings;
};

constexpr const char* kArrayWarning =
    "Job array Ids are not currently supported for job searches. Showing all jobs in array "
    "instead.";
constexpr const char* kStepWarning =
    "Job steps are not supported for job searches. Showing whole job instead.";

std::optional<JobSelector> parse_job_selector(const std::string& raw) {
  JobSelector s;
  std::string rest = raw;
  std::string step;
  if (size_t dot = rest.find('.'); dot != std::string::npos) {
    step = rest.substr(dot + 1);
    rest = rest.substr(0, dot);
    const bool named = step == "batch" || step == "extern" || step == "interactive";
    if (!named && (!all_digits(step) || step.size() > 6)) return std::nullopt;
  }
  std::string task;
  if (size_t u = rest.find('_'); u != std::string::npos) {
    task = rest.substr(u + 1);
    rest = rest.substr(0, u);
    if (!small_number(task)) return std::nullopt;
  }
  const auto v = small_number(rest);
  // 0, and NO_VAL - 1 and above, are no job id at all (asked: 0, -1, 4294967293 refused).
  if (!v || *v == 0 || *v >= 4294967293LL) return std::nullopt;
  s.job_id = *v;
  s.text = rest;
  if (!task.empty()) {
    s.text += "_" + task;
    s.warnings.push_back(kArrayWarning);
  }
  if (!step.empty()) {
    // Without a task, a numeric step is read as the digits after a decimal point, in
    // millionths: ".5" is printed back as 500000, ".05" as 50000; after a task it is printed
    // as given (asked).
    const bool named = !all_digits(step);
    if (task.empty() && !named)
      step = std::to_string(std::atoll((step + std::string(6 - step.size(), '0')).c_str()));
    s.text += "." + step;
    s.warnings.push_back(kStepWarning);
  }
  return s;
}

// Slurm's MAX_JOB_ID: ids from here on are refused before slurmctld is asked.
constexpr int64_t kMaxJobId = 0x03FFFFFF;

Response get_job(App& app, const LoadedVersion& self, const Shape& shape, Request& req) {
  Answer a;
  const std::string raw = *req.param("job_id");
  const auto selector = parse_job_selector(raw);
  if (!selector) {
    a.error("Rejecting request. Failure parsing parameters", 9000, "op_handler_job");
    return respond(app, self, req, a, 422);
  }
  if (selector->job_id >= kMaxJobId) {
    a.error("Invalid JobID=" + std::to_string(selector->job_id) + " rejected", 2017,
            "op_handler_job");
    return respond(app, self, req, a, 404);
  }
  // The same query as GET /jobs, read after the path (asked with an unknown job).
  warn_unknown_query(a, req, {"update_time", "flags"}, kJobInfoQuery);
  if (const std::string* raw = req.query_value("update_time"); raw && !shape.jobs_update_time) {
    // v0.0.40/41 refuse every value, here with 500; v0.0.42 takes and ignores it.
    a.error("Parsing of " + *raw + " for timestamp failed", 9202, "#/update_time/");
    a.error("Rejecting request. Failure parsing query.", 9000, "_handle_job_get");
    return respond(app, self, req, Answer{.errors = a.errors, .warnings = a.warnings}, 500);
  }
  if (empty_flags(req)) {
    a.error("Expected a List but found a null", 9206, "#/flags/");
    a.error("Rejecting request. Failure parsing query.", 9000, "_handle_job_get");
    return respond(app, self, req, Answer{.errors = a.errors, .warnings = a.warnings}, 500);
  }
  bool bad_flag = false;
  if (const std::string* flag = req.query_value("flags"); flag && !known_query_flag(*flag)) {
    a.error("Unknown flag \"" + *flag + "\"", 9207, "#/flags[0]/");
    if (!shape.jobs_bad_flag_still_lists) {
      a.error("Parsing single flag \"" + *flag + "\" failed", 9207, "#/flags/");
      a.error("Rejecting request. Failure parsing query.", 9000, "_handle_job_get");
      return respond(app, self, req, Answer{.errors = a.errors, .warnings = a.warnings}, 500);
    }
    bad_flag = true;  // v0.0.41 on: answered all the same, with 500
  }
  for (const char* w : selector->warnings) a.warning(w, "_handle_job_get");
  if (auto f = failed_call(app, req)) {
    empty_jobs_answer(a);
    a.error("Unable to query JobId=" + selector->text, f->error_number, "_handle_job_get");
    return respond(app, self, req, a, f->status);
  }
  auto locked = app.lock();
  auto& sim = locked.sim();
  // slurm_load_job(N): job N, or every record of the array N, or every component of the
  // heterogeneous job N (asked on 24.11 and 26.05: its leader's id lists them all).
  const auto id = static_cast<uint32_t>(selector->job_id);
  std::vector<const sim::Job*> found;
  for (const sim::Job* job : sim.jobs()) {
    if (job->job_id == id || job->array_job_id == id || job->het_job_id == id) found.push_back(job);
  }
  if (found.empty()) {
    empty_jobs_answer(a);
    a.error("Unable to query JobId=" + selector->text, 2017, "_handle_job_get");
    return respond(app, self, req, a, bad_flag ? 500 : 404);
  }
  const auto ctx = v0_0_36::dump_context(app, sim);
  const bool detail = shows_detail(req);
  Json& jobs = a.payload["jobs"] = Json::array();
  for (const sim::Job* job : found)
    dump_job(jobs.emplace_back(), *job, ctx, shape, rules_of(app.release()), detail);
  add_times(a, sim.now());
  return respond(app, self, req, a, bad_flag ? 500 : 200);
}

Response get_job_states(App& app, const LoadedVersion& self, const Shape& shape, Request& req) {
  Answer a;
  warn_unknown_query(a, req, {"job_id"}, "DATA_PARSER_OPENAPI_JOB_STATE_QUERY");
  std::optional<uint32_t> only;
  if (const std::string* raw = req.query_value("job_id")) {
    const auto v = small_number(*raw);
    if (!v || *v == 0) {
      a.error("Rejecting request. Failure parsing query", 9000, "op_handler_job_states");
      return respond(app, self, req, a, 422);
    }
    only = static_cast<uint32_t>(*v);
  }
  if (auto f = failed_call(app, req)) {
    // Asked: v0.0.40 an empty list, later versions null.
    a.payload["jobs"] = shape.job_states_null_on_failure ? Json(nullptr) : Json::array();
    a.error("Unable to query job states", f->error_number, "slurm_load_job_state()");
    return respond(app, self, req, a, f->status);
  }
  auto locked = app.lock();
  Json& jobs = a.payload["jobs"] = Json::array();
  for (const sim::Job* job : locked.sim().jobs()) {
    if (only && job->job_id != *only && job->array_job_id != *only) continue;
    const Json state = job_state_list(*job);
    for (const std::string& id : job_state_ids(*job, shape)) {
      Json j = Json::object();
      j["job_id"] = id;
      j["state"] = state;
      jobs.push_back(std::move(j));
    }
  }
  return respond(app, self, req, a, 200);
}

}  // namespace

void register_job_read_routes(App& app, const LoadedVersion& self, const Shape& shape) {
  add_get(
      app, self, "/jobs",
      [&app, &self, shape](Request& req) { return get_jobs(app, self, shape, req); },
      EndpointKind::kJobs);
  add_get(
      app, self, "/jobs/state",
      [&app, &self, shape](Request& req) { return get_job_states(app, self, shape, req); },
      EndpointKind::kJobs);
  add_get(
      app, self, "/job/{job_id}",
      [&app, &self, shape](Request& req) { return get_job(app, self, shape, req); },
      EndpointKind::kJobGet, ParamKind::kPresent);
}

}  // namespace mock_slurmrestd::v0_0_40
