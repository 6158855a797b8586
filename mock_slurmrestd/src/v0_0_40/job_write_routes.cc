// Submit, update, signal/cancel and bulk cancel of v0.0.40 to v0.0.42 (recorded answers:
// tests/data/oracle/24.11/v0.0.4N/014-032, 040-062, 104; the story and what each version
// changes: docs/oracle-notes/releases-24.11-26.05.md, "Submissions", "Jobs: get, update,
// cancel").
#include "v0_0_40/job_write_routes.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>

#include "body.h"
#include "mock_slurmrestd/identity.h"
#include "v0_0_36/signals.h"
#include "v0_0_40/allocation_wait.h"
#include "v0_0_40/answer.h"
#include "v0_0_40/job_parse.h"
#include "v0_0_40/kill_filter.h"
#include "v0_0_40/number.h"
#include "v0_0_40/release_rules.h"

namespace mock_slurmrestd::v0_0_40 {

namespace {

using scheduler_sim::Errno;
using scheduler_sim::Status;

// A body: nullopt when the daemon cannot read it (not JSON/YAML, or a bare scalar: asked,
// "5" is 400 "Unable to parse query." on submit and update); an empty body is null.
std::optional<Json> read_body(Request& req) {
  std::optional<Json> body = req.body_json ? std::move(req.body_json) : decode_body(req);
  if (body && !body->is_null() && !body->is_object() && !body->is_array()) return std::nullopt;
  return body;
}

// What a write call reports when slurmctld cannot be reached (measured, every version of
// 24.11 and 26.05: docs/oracle-notes/dependencies-flags-writes.md): submissions and
// allocations the connect failure (502, 1800); an update slurm_update_job2()'s "Unexpected
// message received" (500, 1000); a kill "Operation not permitted" (EPERM; 500 on 24.11, 403
// on 26.05).
enum class DownCall { kConnect, kUpdate, kKill };

// slurmctld not reached: a token it refuses (511, error 1007) or no controller (after one
// call's retries, as `call` reports it); no job is made or changed.
std::optional<Status> unreachable(App& app, const Request& req, int* status,
                                  DownCall call = DownCall::kConnect) {
  if (app.faults().controller_down) {
    const int64_t ms = app.faults().controller_retry_ms.load();
    if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    switch (call) {
      case DownCall::kConnect: *status = 502; return Status(Errno::kControllerUnavailable, "");
      case DownCall::kUpdate:
        *status = 500;
        return Status(static_cast<Errno>(1000), "Unexpected message received");
      case DownCall::kKill:
        *status = rules_of(app.release()).kill_down_status;
        return Status(static_cast<Errno>(1), "Operation not permitted");
    }
  }
  if (!req.refusal.empty()) {
    *status = 511;
    return Status(static_cast<Errno>(1007), "Protocol authentication error");
  }
  return std::nullopt;
}

std::string status_text(const Status& st) {
  return st.message().empty() ? scheduler_sim::slurm_strerror(st.code()) : st.message();
}

// The path's job id: a positive decimal below NO_VAL; nullopt otherwise (the daemon's
// "Failure parsing parameters").
std::optional<uint32_t> job_id_of(const Request& req) {
  const std::string* raw = req.param("job_id");
  if (!raw || raw->empty() || raw->find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  const unsigned long long v = std::strtoull(raw->c_str(), nullptr, 10);
  if (v == 0 || v >= 4294967294ull) return std::nullopt;
  return static_cast<uint32_t>(v);
}

Response bad_parameters(App& app, const LoadedVersion& self, const Request& req) {
  Answer a;
  a.error("Rejecting request. Failure parsing parameters", 9000, "op_handler_job");
  return respond(app, self, req, a, 422);
}

// One item of "status": a job the daemon could not signal.
Json kill_status_item(const std::string& asked, std::optional<uint32_t> known, const Status& st) {
  Json item = Json::object();
  item["error"]["string"] = status_text(st);
  item["error"]["code"] = st.errno_value();
  item["error"]["message"] = status_text(st);
  item["step_id"] = asked;
  item["job_id"] = known ? number(*known) : unset_number();
  item["federation"]["sibling"] = "";
  return item;
}

// ?flags= of DELETE /job/{id}: one of the version's kill flags (BATCH_JOB sends the signal to
// the batch step only; the others' effects are not simulated: none seen, job-cancel.md).
bool kill_flag(const std::string& flag, const Shape& shape) {
  static const char* const kFlags[] = {"BATCH_JOB",     "ARRAY_TASK",         "FULL_STEPS_ONLY",
                                       "FULL_JOB",      "FEDERATION_REQUEUE", "HURRY",
                                       "OUT_OF_MEMORY", "NO_SIBLING_JOBS",    "RESERVATION_JOB",
                                       "VERBOSE",       "CRON_JOBS",          "WARNING_SENT"};
  if (flag == "NO_CRON_JOBS") return shape.kill_flag_no_cron_jobs;
  for (const char* k : kFlags) {
    if (flag == k) return true;
  }
  return false;
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// slurm_kill_jobs() as slurmctld answers it per job: an unknown id 2017, a job already ended
// (or ending) 2021 (the simulator takes a late signal quietly, as 22.05's kill RPC did).
Status signal_job(App::Locked& locked, uint32_t id, int signal, const scheduler_sim::Identity& who,
                  bool* known, bool batch_step = false) {
  const scheduler_sim::Job* job = locked.sim().find_job(id);
  *known = job != nullptr;
  if (job && scheduler_sim::is_finished(job->state)) return Status(Errno::kAlreadyDone, "");
  return locked.signal(id, signal, who, batch_step);
}

// `tasks` below the minimum node count (`nodes` "N" or "a-b", `minimum_nodes`).
bool fewer_tasks_than_nodes(const scheduler_sim::JobSpec& spec) {
  if (!spec.tasks) return false;
  int64_t min_nodes = spec.minimum_nodes.value_or(1);
  if (spec.nodes && !spec.nodes->empty() &&
      std::isdigit(static_cast<unsigned char>((*spec.nodes)[0])))
    min_nodes = std::max<int64_t>(min_nodes, std::strtoll(spec.nodes->c_str(), nullptr, 10));
  return *spec.tasks < min_nodes;
}

Response submit(App& app, const LoadedVersion& self, Request& req, const Shape& shape) {
  std::optional<Json> body = read_body(req);
  if (!body) return unparsable_body(app.release());
  Answer a;
  ParsedSubmission parsed = parse_job_submission(*body, shape, &a);
  if (!parsed.ok) return respond(app, self, req, a, parsed.status);
  for (auto& c : parsed.components) {
    // Without a working directory the daemon's own cwd is used, as v0.0.36's.
    if (!c.current_working_directory) {
      char cwd[4096];
      if (getcwd(cwd, sizeof(cwd))) c.current_working_directory = cwd;
    }
  }
  int down = 0;
  if (auto f = unreachable(app, req, &down)) {
    a.error("Batch job submission failed", f->errno_value(), "slurm_submit_batch_job()");
    return respond(app, self, req, a, down);
  }
  if (!parsed.het && rules_of(app.release()).tasks_below_nodes_refused &&
      fewer_tasks_than_nodes(parsed.components.front())) {
    a.error("Batch job submission failed", static_cast<int>(Errno::kBadTaskCount),
            "slurm_submit_batch_job()");
    return respond(app, self, req, a, rules_of(app.release()).controller_refusal_status);
  }
  scheduler_sim::SubmitResult result;
  Status st;
  {
    const scheduler_sim::Identity who = current_identity(app, req);
    auto locked = app.lock();
    st = parsed.het ? locked.submit_het(parsed.components, who, &result)
                    : locked.submit(parsed.components.front(), who, &result);
  }
  if (!st.ok() && result.job_id == 0) {
    a.error("Batch job submission failed", st.errno_value(), "slurm_submit_batch_job()");
    return respond(app, self, req, a, rules_of(app.release()).controller_refusal_status);
  }
  // A job queued with a non-zero return code (held): both texts as warnings.
  // Asked on 24.11: a held job reports its hold, also when the partition's limits would keep
  // it waiting anyway (2015), and a het job held in any component does too.
  Status note = st;
  bool held = false;
  for (const auto& c : parsed.components) held = held || c.hold.value_or(false);
  if (held && (st.ok() || rules_of(app.release()).hold_note_first))
    note = Status(Errno::kJobHeld, "");
  if (!note.ok()) {
    a.warning(std::string(parsed.het ? "HetJob" : "Job") +
                  " submission resulted in non-zero return code: " + status_text(note),
              parsed.het ? "slurm_submit_batch_het_job()" : "slurm_submit_batch_job()");
    a.warning(status_text(note), "slurm_submit_batch_job()");
  }
  if (shape.submit_result) {
    Json& r = a.payload["result"] = Json::object();
    r["job_id"] = result.job_id;
    r["step_id"] = "batch";
    r["error_code"] = note.errno_value();
    r["error"] = status_text(note);
    r["job_submit_user_msg"] = result.job_submit_user_msg;
  }
  a.payload["job_id"] = result.job_id;
  a.payload["step_id"] = "batch";
  a.payload["job_submit_user_msg"] = result.job_submit_user_msg;
  return respond(app, self, req, a, 200);
}

Response allocate(App& app, const LoadedVersion& self, Request& req, const Shape& shape) {
  std::optional<Json> body = read_body(req);
  if (!body) return unparsable_body(app.release());
  Answer a;
  const Json empty = Json::object();
  const Json& doc = body->is_null() ? empty : *body;
  if (!require_object(doc, "#/", &a)) return respond(app, self, req, a, 500);
  ParsedDesc d;
  bool ok = true;
  if (auto it = doc.find("job"); it != doc.end()) {
    if (!require_object(*it, "#/job/", &a)) return respond(app, self, req, a, 500);
    d = parse_job_desc(*it, "#/job/", shape, &a);
    ok = d.ok;
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() != "job" && it.key() != "hetjob")
      warn_unknown(it.key(), it.value(), "#/", "DATA_PARSER_JOB_ALLOC_REQ", &a);
  }
  if (!ok) return respond(app, self, req, a, a.errors.empty() ? 200 : 500);
  d.spec.batch = false;  // no batch step: it holds its nodes until its limit or a cancel
  int down = 0;
  if (auto f = unreachable(app, req, &down)) {
    a.error("Job allocation request failed", f->errno_value(),
            "slurm_allocate_resources_blocking()");
    return respond(app, self, req, a, down);
  }
  scheduler_sim::SubmitResult result;
  Status st;
  AllocationEnd end = AllocationEnd::kStarted;
  {
    const scheduler_sim::Identity who = current_identity(app, req);
    auto locked = app.lock();
    // Every wait slot taken: refused before any job is made (a mock's limit, not the
    // daemon's; docs/differences.md R22).
    if (!locked.can_wait()) {
      a.error("Job allocation request failed", 11, "slurm_allocate_resources_blocking()");
      return respond(app, self, req, a, rules_of(app.release()).controller_refusal_status);
    }
    st = locked.submit(d.spec, who, &result);
    // The daemon's slurm_allocate_resources_blocking(): the answer waits for the job to start.
    if (result.job_id != 0) end = wait_for_start(locked, result.job_id);
  }
  if (!st.ok() && result.job_id == 0) {
    a.error("Job allocation request failed", st.errno_value(),
            "slurm_allocate_resources_blocking()");
    return respond(app, self, req, a, rules_of(app.release()).controller_refusal_status);
  }
  if (end == AllocationEnd::kEnded) {
    a.error("Job allocation request failed", static_cast<int>(Errno::kAlreadyDone),
            "slurm_allocate_resources_blocking()");
    return respond(app, self, req, a, rules_of(app.release()).controller_refusal_status);
  }
  if (end == AllocationEnd::kStopped) {
    a.error("Job allocation request failed", static_cast<int>(Errno::kControllerUnavailable),
            "slurm_allocate_resources_blocking()");
    return respond(app, self, req, a, 502);
  }
  a.payload["job_id"] = result.job_id;
  a.payload["job_submit_user_msg"] = result.job_submit_user_msg;
  return respond(app, self, req, a, 200);
}

Response update(App& app, const LoadedVersion& self, Request& req, const Shape& shape) {
  const std::optional<uint32_t> id = job_id_of(req);
  if (!id) return bad_parameters(app, self, req);
  std::optional<Json> body = read_body(req);
  if (!body) return unparsable_body(app.release());
  Answer a;
  a.payload["results"] = shape.update_results_null ? Json(nullptr) : Json::array();
  if (shape.update_submit_keys) {
    a.payload["job_id"] = "";
    a.payload["step_id"] = "";
    a.payload["job_submit_user_msg"] = "";
  }
  const Json empty = Json::object();
  const Json& doc = body->is_null() ? empty : *body;
  ParsedDesc d;
  if (require_object(doc, "#/", &a)) d = parse_job_desc(doc, "#/", shape, &a);
  else d.ok = false;
  if (!d.ok) {
    // Asked on 24.11: 422 when only a type warning refused a value, 500 after a parser error.
    const int status = a.errors.empty() ? 422 : 500;
    a.error("Rejecting request. Failure parsing job update request.", 9000, "_job_post_update");
    return respond(app, self, req, a, status);
  }
  scheduler_sim::JobUpdate u;
  u.fields = d.spec;
  int down = 0;
  Status st;
  if (auto f = unreachable(app, req, &down, DownCall::kUpdate)) {
    a.error("Job update requested failed", f->errno_value(), "slurm_update_job2()");
    return respond(app, self, req, a, down);
  }
  {
    const scheduler_sim::Identity who = current_identity(app, req);
    auto locked = app.lock();
    st = locked.update(*id, u, who);
  }
  if (!st.ok()) {
    a.error("Job update requested failed", st.errno_value(), "slurm_update_job2()");
    // Asked: an unknown job 404; an unknown partition, a dependency on an unknown job or a
    // reservation unknown or not permitted is slurmctld's refusal (24.11 500, 26.05 422).
    const bool controller = st.errno_value() == 2000 || st.code() == Errno::kDependency ||
                            st.code() == Errno::kInvalidReservation ||
                            st.code() == Errno::kReservationAccess;
    const int status = st.code() == Errno::kInvalidJobId ? 404
                       : controller ? rules_of(app.release()).controller_refusal_status
                                    : 500;
    return respond(app, self, req, a, status);
  }
  return respond(app, self, req, a, 200);
}

Response kill(App& app, const LoadedVersion& self, Request& req, const Shape& shape) {
  const std::optional<uint32_t> id = job_id_of(req);
  if (!id) return bad_parameters(app, self, req);
  Answer a;
  a.meta_first = true;
  if (shape.kill_status) a.payload["status"] = Json::array();
  // A body stands for the query (asked: its other keys warn).
  if (req.body_json && req.body_json->is_object()) {
    for (auto it = req.body_json->begin(); it != req.body_json->end(); ++it) {
      if ((it.key() == "signal" || it.key() == "flags") && it.value().is_string()) {
        if (!req.query_value(it.key())) req.query.emplace(it.key(), it.value().get<std::string>());
      } else {
        warn_unknown(it.key(), it.value(), "#/", "DATA_PARSER_OPENAPI_JOB_INFO_DELETE_QUERY", &a);
      }
    }
  }
  if (const std::string* f = req.query_value("flags"); f && !f->empty() && !kill_flag(*f, shape)) {
    a.error("Unknown flag \"" + *f + "\"", 9207, "#/flags[0]/");
    return respond(app, self, req, a, 500);
  }
  int signal = SIGKILL;
  bool no_delivery = false;
  if (const std::string* s = req.query_value("signal"); s && !s->empty()) {
    const int parsed = v0_0_36::parse_signal(*s);
    if (!v0_0_36::valid_signal(parsed) && all_digits(*s)) {
      // Asked on 24.11: a number (0, 99) is taken as it is, without a note; only the job's
      // existence and end are checked here (nothing a process could receive).
      no_delivery = true;
    } else if (!v0_0_36::valid_signal(parsed)) {
      // v0.0.40 stops here; later versions note it and cancel the job.
      if (shape.bad_signal_refused) {
        a.error("Unknown signal (null)", 22, "#/signal/");
        return respond(app, self, req, a, 500);
      }
      a.error("Unknown signal (null)", 0, "#/signal/");
    } else {
      signal = parsed;
    }
  }
  int down = 0;
  if (auto f = unreachable(app, req, &down, DownCall::kKill)) {
    a.error("Signal request failed", f->errno_value(), "slurm_kill_jobs()");
    return respond(app, self, req, a, down);
  }
  Status st;
  bool known = false;
  {
    const scheduler_sim::Identity who = current_identity(app, req);
    auto locked = app.lock();
    if (no_delivery) {
      const scheduler_sim::Job* job = locked.sim().find_job(*id);
      known = job != nullptr;
      if (!job) st = Status(Errno::kInvalidJobId, "");
      else if (scheduler_sim::is_finished(job->state)) st = Status(Errno::kAlreadyDone, "");
    } else {
      const std::string* f = req.query_value("flags");
      st = signal_job(locked, *id, signal, who, &known, f && *f == "BATCH_JOB");
    }
  }
  if (!st.ok() && shape.kill_status) {
    a.payload["status"].push_back(
        kill_status_item(std::to_string(*id), known ? std::optional(*id) : std::nullopt, st));
  }
  return respond(app, self, req, a, 200);
}

// DELETE /jobs/: {"jobs": ["10", ...], "signal", "flags", filters...} (kill_jobs_msg). With
// filters (kill_filter.h) and no ids, every job they pick; with ids too, each id, a job a
// filter rejects reported with 2172. A heterogeneous job's component is picked on its own
// (the leader's cancel takes the whole job, as the simulator's does).
Response kill_many(App& app, const LoadedVersion& self, Request& req, const Shape& shape) {
  std::optional<Json> body = read_body(req);
  if (!body) return unparsable_body(app.release());
  Answer a;
  a.payload["status"] = Json::array();
  const Json empty = Json::object();
  const Json& doc = body->is_null() ? empty : *body;
  if (!require_object(doc, "#/", &a)) return respond(app, self, req, a, 500);
  static const char* const kKnown[] = {
      "account", "flags",     "job_name", "jobs",      "partition", "qos",  "reservation",
      "signal",  "job_state", "user_id",  "user_name", "wckey",     "nodes"};
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    bool known = false;
    for (const char* k : kKnown) known = known || it.key() == k;
    if (!known) warn_unknown(it.key(), it.value(), "#/", "DATA_PARSER_KILL_JOBS_MSG", &a);
  }
  std::vector<std::string> asked;
  if (auto it = doc.find("jobs"); it != doc.end() && it->is_array()) {
    for (const auto& j : *it) asked.push_back(j.is_string() ? j.get<std::string>() : j.dump());
  }
  KillFilter filter;
  std::vector<std::string> flags;
  if (!read_kill_filter(doc, shape, &a, &filter, &flags)) return respond(app, self, req, a, 500);
  // An error the parser reported without refusing (v0.0.41 on: an unknown flag) still makes
  // the answer a 500, after the kill (measured).
  const int status = a.errors.empty() ? 200 : 500;
  const int refusal = rules_of(app.release()).controller_refusal_status;
  if (asked.empty() && !filter.any()) {
    a.error("Signal request failed", 2173, "slurm_kill_jobs()");
    return respond(app, self, req, a, refusal);
  }
  // slurmctld reads each as a job id, or "A+B", component B of heterogeneous job A
  // (measured); a text that is neither is id 0 (asked: ["abc"]).
  std::vector<std::pair<uint32_t, std::optional<uint32_t>>> ids;
  for (const auto& s : asked) {
    const size_t plus = s.find('+');
    const std::string lead = s.substr(0, plus);
    const std::string offset = plus == std::string::npos ? "1" : s.substr(plus + 1);
    if (!all_digits(lead) || !all_digits(offset) || std::strtoul(lead.c_str(), nullptr, 10) == 0) {
      a.error("Signal request failed", 2137, "slurm_kill_jobs()");
      return respond(app, self, req, a, refusal);
    }
    ids.emplace_back(
        static_cast<uint32_t>(std::strtoul(lead.c_str(), nullptr, 10)),
        plus == std::string::npos
            ? std::nullopt
            : std::optional(static_cast<uint32_t>(std::strtoul(offset.c_str(), nullptr, 10))));
  }
  if (filter.user_name) {
    // A name slurmctld cannot resolve refuses the request (both releases: 500, error -1).
    bool has_account = false;
    (void)resolve_identity(*filter.user_name, &has_account);
    const scheduler_sim::Identity u = app.identity(*filter.user_name);
    bool seen = has_account && !filter.user_name->empty();
    if (!filter.user_name->empty() && !seen) {
      auto locked = app.lock();
      for (const scheduler_sim::Job* j : locked.sim().jobs())
        seen = seen || j->user.name == *filter.user_name;
    }
    if (!seen) {
      a.error("Unable to resolve " + *filter.user_name + " to numeric user id", -1,
              "uid_from_string()");
      return respond(app, self, req, a, 500);
    }
    filter.uid = u.uid;
  }
  const bool batch_step = std::find(flags.begin(), flags.end(), "BATCH_JOB") != flags.end();
  int signal = SIGKILL;
  if (auto it = doc.find("signal"); it != doc.end() && it->is_string() && !it->empty()) {
    const int parsed = v0_0_36::parse_signal(it->get<std::string>());
    if (v0_0_36::valid_signal(parsed)) signal = parsed;
  }
  int down = 0;
  if (auto f = unreachable(app, req, &down, DownCall::kKill)) {
    a.error("Signal request failed", f->errno_value(), "slurm_kill_jobs()");
    return respond(app, self, req, a, down);
  }
  const scheduler_sim::Identity who = current_identity(app, req);
  auto locked = app.lock();
  if (asked.empty()) {
    // Filters alone: the jobs they pick that can still be signalled; the others quietly not.
    std::vector<uint32_t> picked;
    for (const scheduler_sim::Job* j : locked.sim().jobs()) {
      if (!scheduler_sim::is_finished(j->state) && !kill_mismatch(*j, filter))
        picked.push_back(j->job_id);
    }
    for (uint32_t id : picked) {
      // A component the leader's cancel has already taken with it is not reported (measured).
      const scheduler_sim::Job* job = locked.sim().find_job(id);
      if (!job || scheduler_sim::is_finished(job->state)) continue;
      bool known = false;
      Status st = signal_job(locked, id, signal, who, &known, batch_step);
      if (!st.ok()) a.payload["status"].push_back(kill_status_item(std::to_string(id), id, st));
    }
    return respond(app, self, req, a, status);
  }
  for (size_t k = 0; k < asked.size(); ++k) {
    const std::string& name = asked[k];
    uint32_t id = ids[k].second ? 0 : ids[k].first;
    if (ids[k].second) {
      // Component B of heterogeneous job A: its own id (none such: unknown, 2017).
      for (const scheduler_sim::Job* j : locked.sim().jobs()) {
        if (j->het_job_id == ids[k].first && j->het_job_offset == *ids[k].second) id = j->job_id;
      }
    }
    const scheduler_sim::Job* job = locked.sim().find_job(id);
    std::optional<std::string> why;
    if (job && !scheduler_sim::is_finished(job->state)) why = kill_mismatch(*job, filter);
    if (why) {
      Json& item = a.payload["status"].emplace_back(kill_status_item(name, id, Status::Ok()));
      item["error"]["string"] = "Cannot signal job";
      item["error"]["code"] = 2172;
      item["error"]["message"] = *why + ": Cannot signal job";
      continue;
    }
    bool known = false;
    Status st = signal_job(locked, id, signal, who, &known, batch_step);
    if (!st.ok())
      a.payload["status"].push_back(
          kill_status_item(name, known ? std::optional(id) : std::nullopt, st));
  }
  return respond(app, self, req, a, status);
}

}  // namespace

void register_job_write_routes(App& app, const LoadedVersion& self, const Shape& shape) {
  Router& r = app.router();
  r.add(
      "POST", self.prefix() + "/job/submit",
      [&app, &self, shape](Request& req) { return submit(app, self, req, shape); }, ParamKind::kAny,
      tag(EndpointKind::kJobSubmit), &self);
  if (shape.allocate_route) {
    r.add(
        "POST", self.prefix() + "/job/allocate",
        [&app, &self, shape](Request& req) { return allocate(app, self, req, shape); },
        ParamKind::kAny, tag(EndpointKind::kJobSubmit), &self);
  }
  const std::string job = self.prefix() + "/job/{job_id}";
  r.add(
      "POST", job, [&app, &self, shape](Request& req) { return update(app, self, req, shape); },
      ParamKind::kPresent, tag(EndpointKind::kJobUpdate), &self);
  r.add(
      "DELETE", job, [&app, &self, shape](Request& req) { return kill(app, self, req, shape); },
      ParamKind::kPresent, tag(EndpointKind::kJobDelete), &self);
  r.add(
      "DELETE", self.prefix() + "/jobs",
      [&app, &self, shape](Request& req) { return kill_many(app, self, req, shape); },
      ParamKind::kAny, tag(EndpointKind::kJobDelete), &self);
}

}  // namespace mock_slurmrestd::v0_0_40
