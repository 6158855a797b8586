// v0.0.36's .../jobs, .../job/{job_id} (GET, POST update, DELETE) and .../job/submit.
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "body.h"
#include "scheduler_sim/ascii.h"
#include "v0_0_36/parse.h"
#include "v0_0_36/routes.h"
#include "v0_0_36/signals.h"

namespace mock_slurmrestd::v0_0_36 {

namespace {

using scheduler_sim::Errno;

// The job id in the path, read the way slurmrestd reads it: an integer segment as a 64-bit
// integer (clamped at the int64 limits), a fractional one as a double rounded half-to-even and
// converted to int64 (out of range gives INT64_MIN, as the x86 conversion does); then narrowed
// to 32 bits. Messages print the int64 ("job_id too large: 9223372036854775807").
struct JobIdParam {
  bool ok = false;
  uint32_t id = 0;
  std::string error;  // the daemon's message when !ok
};

int64_t path_number(const std::string& raw) {
  if (raw.find('.') == std::string::npos) return std::strtoll(raw.c_str(), nullptr, 10);
  double v = std::nearbyint(std::strtod(raw.c_str(), nullptr));
  // 2^63 itself is out of range; NaN cannot occur (the router only routes decimals).
  if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0)) return INT64_MIN;
  return static_cast<int64_t>(v);
}

JobIdParam job_id_param(const Request& req) {
  JobIdParam r;
  const std::string* raw = req.param("job_id");
  if (!raw) {
    r.error = "_op_handler_job: [" + req.peer + "] missing job_id in parameters";
    return r;
  }
  int64_t v = path_number(*raw);
  if (v == 0) {
    r.error = "_op_handler_job: [" + req.peer + "] job_id is zero";
    return r;
  }
  if (v >= 4294967294) {
    r.error = "_op_handler_job: [" + req.peer + "] job_id too large: " + std::to_string(v);
    return r;
  }
  r.ok = true;
  r.id = static_cast<uint32_t>(v);
  return r;
}

// Slurm prints job ids in these messages as signed 32-bit numbers.
std::string signed_id(uint32_t id) { return std::to_string(static_cast<int32_t>(id)); }

// The text slurmctld gives for a refusal: the simulator's own words, else Slurm's for the errno.
std::string status_text(const scheduler_sim::Status& st) {
  return st.message().empty() ? scheduler_sim::slurm_strerror(st.code()) : st.message();
}

Response job_error(const LoadedVersion& self, const std::string& message, const Request& req,
                   bool with_jobs) {
  Envelope env(self.meta);
  env.add_error_code(message, 0);
  if (with_jobs) env["jobs"] = Json::array();
  return render(env, 500, req);
}

Response get_jobs(App& app, const LoadedVersion& self, Request& req, const Dumps& dumps) {
  auto locked = app.lock();
  if (auto r = not_modified(self, dumps, req, locked.sim().now(), "jobs")) return *r;
  return render_view(locked, self, ViewCache::kJobs, 0, req,
                     [&app, &locked, &dumps](Envelope& env) {
                       auto& sim = locked.sim();
                       auto ctx = dump_context(app, sim);
                       Json& out = env["jobs"] = Json::array();
                       for (const scheduler_sim::Job* job : sim.jobs()) {
                         Json j;
                         dumps.job(j, *job, ctx);
                         out.push_back(std::move(j));
                       }
                     });
}

Response get_job(App& app, const LoadedVersion& self, Request& req, const Dumps& dumps) {
  JobIdParam id = job_id_param(req);
  if (!id.ok) return job_error(self, id.error, req, false);
  auto locked = app.lock();
  const scheduler_sim::Job* job = locked.sim().find_job(id.id);
  if (!job && dumps.unknown_job) return dumps.unknown_job(self, req, signed_id(id.id));
  if (!job) return job_error(self, "_handle_job_get: unknown job " + signed_id(id.id), req, true);
  return render_job(app, self, locked, *job, req, dumps);
}

Response delete_job(App& app, const LoadedVersion& self, Request& req, const Dumps& dumps) {
  JobIdParam id = job_id_param(req);
  int signal = SIGKILL;
  // An empty "signal=" is as if none was given.
  if (const std::string* s = req.query_value("signal"); s && !s->empty()) {
    signal = parse_signal(*s);
    if (!valid_signal(signal)) {
      if (dumps.kill_refused) return dumps.kill_refused(self, req, "", signal, "", 0);
      return job_error(self, "_op_handler_job: invalid signal: " + std::to_string(signal), req,
                       false);
    }
  }
  if (!id.ok) return job_error(self, id.error, req, false);
  const scheduler_sim::Identity who = current_identity(app, req);
  auto locked = app.lock();
  scheduler_sim::Status st = locked.signal(id.id, signal, who);
  if (!st.ok() && dumps.kill_refused) {
    return dumps.kill_refused(self, req, signed_id(id.id), signal, status_text(st),
                              st.errno_value());
  }
  if (!st.ok()) {
    return job_error(self,
                     "_handle_job_delete: unable to kill job " + signed_id(id.id) +
                         " with signal " + std::to_string(signal) + ": " + status_text(st),
                     req, false);
  }
  Envelope env(self.meta);
  return render(env, 200, req);
}

// slurmctld's refusal of a submission: {"error_code": errno, "error": text}.
void add_submit_error(Envelope& env, const scheduler_sim::Status& st) {
  Json e;
  e["error_code"] = st.errno_value();
  e["error"] = status_text(st);
  env.add_error_object(std::move(e));
}

// The parser names an unnamed job v0.0.36's way; a version that names it otherwise renames the
// components the body left unnamed ("job" or "jobs", one object or a list, in order).
void name_unnamed(const Json& body, const char* unnamed, ParseResult* parsed) {
  const Json* desc = nullptr;
  for (const char* key : {"job", "jobs"}) {
    if (body.is_object() && body.contains(key)) desc = &body[key];
  }
  if (!desc) return;
  // Named by `name` or its other name `job_name` (any case: the versions that rename read keys
  // lower-cased).
  auto named = [](const Json& c) {
    if (!c.is_object()) return false;
    for (auto it = c.begin(); it != c.end(); ++it) {
      const std::string key = scheduler_sim::ascii_lower(it.key());
      if (key == "name" || key == "job_name") return true;
    }
    return false;
  };
  if (desc->is_array()) {
    for (size_t i = 0; i < desc->size() && i < parsed->het_components.size(); ++i) {
      if (!named((*desc)[i])) parsed->het_components[i].name = unnamed;
    }
    if (!desc->empty() && !named((*desc)[0])) parsed->spec.name = unnamed;
  } else if (!named(*desc)) {
    parsed->spec.name = unnamed;
  }
}

}  // namespace

Response submit_job(App& app, const LoadedVersion& self, Request& req, const Dumps& dumps) {
  std::optional<Json> body = req.body_json ? std::move(req.body_json) : decode_body(req);
  if (!body) return mock_slurmrestd::unparsable_body();
  ParseResult parsed = parse_job_submission(*body, *dumps.parser);
  if (!parsed.ok) return parse_failure(parsed, req, self.meta);
  if (std::string_view(dumps.unnamed_job) != kUnnamedJob)
    name_unnamed(*body, dumps.unnamed_job, &parsed);
  // Without a working directory the daemon's own cwd is used (its process's, not the user's).
  if (!parsed.spec.current_working_directory) {
    char cwd[4096];
    if (getcwd(cwd, sizeof(cwd))) parsed.spec.current_working_directory = cwd;
  }
  scheduler_sim::SubmitResult result;
  scheduler_sim::Status st;
  {
    const scheduler_sim::Identity who = current_identity(app, req);
    auto locked = app.lock();
    // A list under "jobs" (or "job") is a heterogeneous job, even with one component.
    st = parsed.het_components.empty() ? locked.submit(parsed.spec, who, &result)
                                       : locked.submit_het(parsed.het_components, who, &result);
  }
  Envelope env(self.meta);
  // Non-fatal parser notes come first, then what slurmctld said.
  env["errors"] = render_errors(parsed.errors);
  if (!st.ok()) {
    add_submit_error(env, st);
    // slurmctld may refuse to run a job yet still queue it (2015: pending forever with
    // PartitionNodeLimit / PartitionTimeLimit); the daemon then answers 200 with the id.
    if (result.job_id == 0) return render(env, 500, req);
  } else if (parsed.het_components.empty() && parsed.spec.hold.value_or(false)) {
    // (A held het job gets no such entry: recorded, vX/submit_hetjob.)
    add_submit_error(env, scheduler_sim::Status(scheduler_sim::Errno::kJobHeld, ""));
  }
  env["job_id"] = result.job_id;
  env["step_id"] = result.step_id;
  env["job_submit_user_msg"] = result.job_submit_user_msg;
  return render(env, 200, req);
}

namespace {

Response update_job(App& app, const LoadedVersion& self, Request& req, const Dumps& dumps) {
  JobIdParam id = job_id_param(req);
  if (!id.ok) return job_error(self, id.error, req, false);
  std::optional<Json> body = req.body_json ? std::move(req.body_json) : decode_body(req);
  if (!body) return mock_slurmrestd::unparsable_body();
  ParseResult parsed = parse_job_update(*body, req.peer, *dumps.parser);
  if (!parsed.ok) return parse_failure(parsed, req, self.meta);
  scheduler_sim::JobUpdate update;
  update.fields = parsed.spec;
  // v0.0.36's name quirk (oracle): an update that names the job leaves the old name, one that
  // does not renames it "openapi" (the simulator applies a given name where the daemon renames,
  // before its late refusals).
  update.fields.name = parsed.spec.name || !dumps.rename_on_update
                           ? std::nullopt
                           : std::optional<std::string>(dumps.unnamed_job);
  scheduler_sim::Status st;
  {
    const scheduler_sim::Identity who = current_identity(app, req);
    auto locked = app.lock();
    st = locked.update(id.id, update, who);
  }
  Envelope env(self.meta);
  if (!st.ok()) {
    env.add_error_code(
        "_handle_job_post: job update from " + req.peer + " failed: " + status_text(st), 0);
    return render(env, 500, req);
  }
  return render(env, 200, req);
}

}  // namespace

Response render_job(App& app, const LoadedVersion& self, App::Locked& locked,
                    const scheduler_sim::Job& found, Request& req, const Dumps& dumps) {
  auto& sim = locked.sim();
  const scheduler_sim::Job* job = &found;
  const uint32_t asked = found.job_id;
  return render_view(locked, self, ViewCache::kJob, asked, req,
                     [&app, &sim, job, asked, &dumps](Envelope& env) {
                       auto ctx = dump_context(app, sim);
                       Json& out = env["jobs"] = Json::array();
                       Json first;
                       dumps.job(first, *job, ctx);
                       out.push_back(std::move(first));
                       // A het job's leader id lists every component.
                       if (job->het_job_id == asked) {
                         for (const scheduler_sim::Job* j : sim.jobs()) {
                           if (j->het_job_id == asked && j->job_id != asked) {
                             Json d;
                             dumps.job(d, *j, ctx);
                             out.push_back(std::move(d));
                           }
                         }
                       }
                       // An array's id also lists the tasks split off from it, newest first, as the
                       // daemon does.
                       if (job->array_job_id == asked) {
                         std::vector<const scheduler_sim::Job*> all = sim.jobs();
                         for (auto it = all.rbegin(); it != all.rend(); ++it) {
                           if ((*it)->array_job_id == asked && (*it)->job_id != asked) {
                             Json d;
                             dumps.job(d, **it, ctx);
                             out.push_back(std::move(d));
                           }
                         }
                       }
                     });
}

Response parse_failure(const ParseResult& parsed, const Request& req, const Meta& meta) {
  if (parsed.text_body) return text_response(parsed.status, *parsed.text_body);
  Envelope env(meta);
  env["errors"] = render_errors(parsed.errors);
  return render(env, parsed.status, req);
}

void register_job_routes(App& app, const LoadedVersion& self, Dumps dumps) {
  Router& r = app.router();
  r.add(
      "GET", self.prefix() + "/jobs",
      [&app, &self, dumps](Request& req) { return get_jobs(app, self, req, dumps); },
      ParamKind::kAny, tag(EndpointKind::kJobs), &self);
  r.add(
      "POST", self.prefix() + "/job/submit",
      [&app, &self, dumps](Request& req) { return submit_job(app, self, req, dumps); },
      ParamKind::kAny, tag(EndpointKind::kJobSubmit), &self);
  if (dumps.job_id_routes) {
    dumps.job_id_routes(app, self, dumps);
    return;
  }
  const std::string job = self.prefix() + "/job/{job_id}";
  r.add(
      "GET", job, [&app, &self, dumps](Request& req) { return get_job(app, self, req, dumps); },
      ParamKind::kNumber, tag(EndpointKind::kJobGet), &self);
  r.add(
      "POST", job, [&app, &self, dumps](Request& req) { return update_job(app, self, req, dumps); },
      ParamKind::kNumber, tag(EndpointKind::kJobUpdate), &self);
  r.add(
      "DELETE", job,
      [&app, &self, dumps](Request& req) { return delete_job(app, self, req, dumps); },
      ParamKind::kNumber, tag(EndpointKind::kJobDelete), &self);
}

}  // namespace mock_slurmrestd::v0_0_36
