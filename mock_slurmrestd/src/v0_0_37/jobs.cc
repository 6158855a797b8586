// GET, POST and DELETE .../job/{job_id} of v0.0.37 (and v0.0.38): the id is text, read as the
// daemon reads it, and refusals are {description, error_number, error, source} entries.
#include <csignal>
#include <optional>
#include <string>

#include "body.h"
#include "v0_0_36/routes.h"
#include "v0_0_36/signals.h"
#include "v0_0_37/job_id.h"
#include "v0_0_37/plugin.h"

namespace mock_slurmrestd::v0_0_37 {

namespace {

std::string status_text(const scheduler_sim::Status& st) {
  return st.message().empty() ? scheduler_sim::slurm_strerror(st.code()) : st.message();
}

// The path's job id as the handlers see it ("" when the segment is absent).
std::string id_text(const Request& req) {
  const std::string* raw = req.param("job_id");
  return raw ? job_id_text(*raw) : std::string();
}

Response get_job(App& app, const LoadedVersion& self, Request& req, const v0_0_36::Dumps& dumps) {
  if (!req.param("job_id")) return Router::method_not_allowed();  // ".../job/" (measured)
  const std::string text = id_text(req);
  auto locked = app.lock();
  const uint32_t id = translate_job_id(text, &locked.sim());
  if (id == 0) return job_not_translated(self, req, text);
  const scheduler_sim::Job* job = locked.sim().find_job(id);
  if (!job) return unknown_job(self, req, text);
  return v0_0_36::render_job(app, self, locked, *job, req, dumps);
}

Response delete_job(App& app, const LoadedVersion& self, Request& req) {
  if (!req.param("job_id")) return Router::method_not_allowed();  // ".../job/" (measured)
  int signal = SIGKILL;
  if (const std::string* s = req.query_value("signal"); s && !s->empty()) {
    signal = v0_0_36::parse_signal(*s);
    if (!v0_0_36::valid_signal(signal)) return kill_refused(self, req, "", signal, "", 0);
  }
  const std::string text = id_text(req);
  const scheduler_sim::Identity who = current_identity(app, req);
  auto locked = app.lock();
  // "N_T": slurmctld signals that task of array N, split out or still pending in the array's
  // record (docs/oracle-notes/versions-22.05.md, "One task of an array").
  scheduler_sim::Status st;
  if (std::optional<ArrayTaskRef> task = array_task_ref(text)) {
    st = locked.signal_array_task(task->array_job_id, task->task_id, signal, who);
  } else {
    // slurmctld reads the text as GET does (measured: " 7", "7.4" and 7 + 2^32 all name job 7).
    const uint32_t id = translate_job_id(text, &locked.sim());
    st = id == 0 ? scheduler_sim::Status(scheduler_sim::Errno::kInvalidJobId, "")
                 : locked.signal(id, signal, who);
  }
  if (!st.ok()) return kill_refused(self, req, text, signal, status_text(st), st.errno_value());
  Envelope env(self.meta);
  return render(env, 200, req);
}

Response update_job(App& app, const LoadedVersion& self, Request& req,
                    const v0_0_36::Dumps& dumps) {
  // ".../job/" is a submission (measured: "Job script not specified" for an update's body).
  if (!req.param("job_id")) return v0_0_36::submit_job(app, self, req, dumps);
  std::optional<Json> body = req.body_json ? std::move(req.body_json) : decode_body(req);
  // A bare string, number or boolean is no body at all here (measured).
  if (!body || (body->is_primitive() && !body->is_null()))
    return mock_slurmrestd::unparsable_body();
  const std::string text = id_text(req);
  Envelope env(self.meta);
  if (body->is_array()) {
    // A list is a heterogeneous job, which an update cannot be (measured: 200, no number).
    env.add_error_object(Json{{"description", "unexpected het job request from " + req.peer},
                              {"source", "_parse_job_list"}});
    return render(env, 200, req);
  }
  v0_0_36::ParseResult parsed = v0_0_36::parse_job_update(*body, req.peer, *dumps.parser);
  if (!parsed.ok) return v0_0_36::parse_failure(parsed, req, self.meta);
  scheduler_sim::JobUpdate update;
  update.fields = parsed.spec;
  update.fields.name.reset();  // accepted, but the name does not change (recorded)
  const scheduler_sim::Identity who = current_identity(app, req);
  scheduler_sim::Status st;
  {
    auto locked = app.lock();
    const uint32_t id = translate_job_id(text, &locked.sim());
    st = id == 0 ? scheduler_sim::Status(scheduler_sim::Errno::kInvalidJobId, "")
                 : locked.update(id, update, who);
  }
  // An array task's update comes back inside slurmctld's answer for the array, which the
  // plugin always reports, as a failure with the task's error number (none when it worked).
  if (names_array_task(text)) {
    Json entry = Json{{"description", "job array update from " + req.peer + " failed"}};
    if (!st.ok()) {
      entry["error_number"] = st.errno_value();
      entry["error"] = status_text(st);
    }
    entry["source"] = "_parse_job_list";
    env.add_error_object(std::move(entry));
    return render(env, 200, req);
  }
  if (st.ok()) return render(env, 200, req);
  env.add_error_object(Json{{"description", "job update from " + req.peer + " failed"},
                            {"error_number", st.errno_value()},
                            {"error", status_text(st)},
                            {"source", "_parse_job_list"}});
  return render(env, 500, req);
}

}  // namespace

Response job_not_translated(const LoadedVersion& self, const Request& req, const std::string& id) {
  Envelope env(self.meta);
  env.add_error_object(
      Json{{"description", "Unable to find JobId=" + id},
           {"error_number", 9002},
           {"error", "Jobs description entry not found, empty or not dictionary or list"},
           {"source", "_handle_job_get"}});
  return render(env, 400, req);
}

void register_job_id_routes(App& app, const LoadedVersion& self, const v0_0_36::Dumps& dumps) {
  Router& r = app.router();
  const std::string job = self.prefix() + "/job/{job_id}";
  r.add(
      "GET", job, [&app, &self, dumps](Request& req) { return get_job(app, self, req, dumps); },
      ParamKind::kAny, tag(EndpointKind::kJobGet), &self);
  r.add(
      "POST", job, [&app, &self, dumps](Request& req) { return update_job(app, self, req, dumps); },
      ParamKind::kAny, tag(EndpointKind::kJobUpdate), &self);
  r.add(
      "DELETE", job, [&app, &self](Request& req) { return delete_job(app, self, req); },
      ParamKind::kAny, tag(EndpointKind::kJobDelete), &self);
}

}  // namespace mock_slurmrestd::v0_0_37
