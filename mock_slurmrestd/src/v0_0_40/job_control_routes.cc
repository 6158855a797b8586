// Requeue and the resource layout of a job, as Slurm 26.05.5 answers them (asked:
// tests/data/oracle/26.05/asked/routes/, cases 001-047): the simulator's Simulator::requeue
// through the server's saved path, and the allocation a running job holds.
#include "v0_0_40/job_control_routes.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "body.h"
#include "v0_0_40/answer.h"
#include "v0_0_40/job_parse.h"
#include "v0_0_40/number.h"
#include "v0_0_40/routes.h"

namespace mock_slurmrestd::v0_0_40 {

namespace {

using scheduler_sim::Errno;
using scheduler_sim::Status;

// slurmctld's refusals as these routes answer them: an unknown job 404, anything else 422.
int status_of(const Status& st) { return st.code() == Errno::kInvalidJobId ? 404 : 422; }

// A job id as the path or a "jobs" item gives it; nullopt when it is not one (slurmctld then
// finds no such job).
std::optional<uint32_t> job_id_in(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  const unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
  if (v == 0 || v >= 4294967294ull) return std::nullopt;
  return static_cast<uint32_t>(v);
}

// "A_[0-1,3]": the task ids of an array as the requeue's status entry names them.
std::string task_ranges(uint32_t array_id, std::vector<uint32_t> ids) {
  std::sort(ids.begin(), ids.end());
  std::string out;
  for (size_t i = 0; i < ids.size();) {
    size_t j = i;
    while (j + 1 < ids.size() && ids[j + 1] == ids[j] + 1) ++j;
    if (!out.empty()) out += ",";
    out += std::to_string(ids[i]);
    if (j > i) out += "-" + std::to_string(ids[j]);
    i = j + 1;
  }
  return std::to_string(array_id) + "_[" + out + "]";
}

// A requeue that names an array (its id, or "A_T") answers one status entry for it
// (measured: {"job_id": 9, "step_id": "9_[0-1]", "error": "No error", ...}); a plain job none.
void add_array_status(App& app, const std::string& asked, Json* status) {
  const size_t underscore = asked.find('_');
  const std::optional<uint32_t> id = job_id_in(asked.substr(0, underscore));
  if (!id) return;
  std::vector<uint32_t> tasks;
  auto locked = app.lock();
  for (const scheduler_sim::Job* j : locked.sim().jobs())
    if (j->array_job_id == *id && j->array_task_id) tasks.push_back(*j->array_task_id);
  if (tasks.empty()) return;
  if (underscore != std::string::npos)
    tasks = {static_cast<uint32_t>(std::strtoul(asked.c_str() + underscore + 1, nullptr, 10))};
  status->push_back({{"job_id", *id},
                     {"step_id", task_ranges(*id, tasks)},
                     {"error", "No error"},
                     {"error_code", 0},
                     {"why", ""}});
}

// A job id, or "A_T" for an array's task (measured: that task alone is requeued).
Status requeue_one(App& app, const Request& req, const std::string& asked,
                   const scheduler_sim::RequeueOptions& how) {
  const size_t underscore = asked.find('_');
  const std::optional<uint32_t> id = job_id_in(asked.substr(0, underscore));
  std::optional<uint32_t> task;
  if (underscore != std::string::npos) task = job_id_in("1" + asked.substr(underscore + 1));
  if (!id || (underscore != std::string::npos && !task)) return Status(Errno::kInvalidJobId, "");
  const scheduler_sim::Identity who = current_identity(app, req);
  auto locked = app.lock();
  std::optional<uint32_t> target = id;
  if (underscore != std::string::npos) {
    // The "1" prefix above keeps task 0 a valid number; the digits after '_' are the task.
    target = locked.sim().array_task_job(
        *id, static_cast<uint32_t>(std::strtoul(asked.c_str() + underscore + 1, nullptr, 10)));
    if (!target) return Status(Errno::kInvalidJobId, "");
  }
  return locked.requeue(*target, how, who);
}

void add_error(Answer* a, const std::string& description, const Status& st,
               const std::string& source) {
  a->error(description, st.errno_value(), source);
}

// A requeue with slurmctld unreachable reports "Unexpected message received" (500, 1000), not
// the connect failure other calls report (measured: 26.05, both routes).
std::optional<Failure> requeue_failed(App& app, const Request& req) {
  auto f = failed_call(app, req);
  if (f && f->error_number == 1800) return Failure{500, 1000};
  return f;
}

// GET /job/{job_id}/requeue?Hold&SpecialExit&Incomplete: the flags are query keys.
Response requeue(App& app, const LoadedVersion& self, Request& req) {
  static const char kSource[] = "op_handler_job_requeue";
  Answer a;
  const std::string asked = *req.param("job_id");
  scheduler_sim::RequeueOptions how;
  how.hold = req.query.count("Hold") > 0;
  how.special_exit = req.query.count("SpecialExit") > 0;
  how.incomplete = req.query.count("Incomplete") > 0;
  if (how.special_exit && !how.hold) {
    a.error("SpecialExit requires Hold mode", 9009, kSource);
    return respond(app, self, req, a, 400);
  }
  a.payload["status"] = Json::array();
  const std::string description = "Requeue JobID=" + asked + " failed";
  if (auto f = requeue_failed(app, req)) {
    a.error(description, f->error_number, kSource);
    return respond(app, self, req, a, f->status);
  }
  const Status st = requeue_one(app, req, asked, how);
  if (st.ok()) add_array_status(app, asked, &a.payload["status"]);
  if (st.ok()) return respond(app, self, req, a, 200);
  add_error(&a, description, st, kSource);
  return respond(app, self, req, a, status_of(st));
}

// POST /jobs/requeue: {"jobs": ["N", ...], "flags": ["Hold", "SpecialExit", "Incomplete"]}.
Response requeue_many(App& app, const LoadedVersion& self, Request& req) {
  static const char kSource[] = "op_handler_jobs_requeue";
  std::optional<Json> body = req.body_json ? std::move(req.body_json) : decode_body(req);
  if (!body) return unparsable_body();
  Answer a;
  const Json empty = Json::object();
  const Json& doc = body->is_null() ? empty : *body;
  if (!require_object(doc, "#/", &a)) return respond(app, self, req, a, 500);
  scheduler_sim::RequeueOptions how;
  bool special_exit = false, bad_flag = false;
  std::vector<std::string> asked;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() == "jobs") {
      // A single value is read as a list of one (asked: "jobs": 5 -> JobId=5).
      const Json list = it->is_array() ? *it : Json::array({*it});
      for (const Json& j : list) asked.push_back(j.is_string() ? j.get<std::string>() : j.dump());
    } else if (it.key() == "flags") {
      const Json list = it->is_array() ? *it : Json::array({*it});
      for (size_t i = 0; i < list.size(); ++i) {
        const std::string f = list[i].is_string() ? list[i].get<std::string>() : list[i].dump();
        if (f == "Hold") {
          how.hold = true;
        } else if (f == "SpecialExit") {
          special_exit = how.special_exit = true;
        } else if (f == "Incomplete") {
          how.incomplete = true;
        } else {
          a.error("Unknown flag \"" + f + "\"", 9207, "#/flags[" + std::to_string(i) + "]/");
          bad_flag = true;
        }
      }
    } else {
      warn_unknown(it.key(), it.value(), "#/", "DATA_PARSER_OPENAPI_JOBS_REQUEUE_QUERY", &a);
    }
  }
  if (asked.empty()) {
    a.error("Query missing JobIds", 2017, kSource);
    return respond(app, self, req, a, 404);
  }
  if (special_exit && !how.hold) {
    a.error("SpecialExit requires Hold mode", 9009, kSource);
    return respond(app, self, req, a, 400);
  }
  a.payload["status"] = Json::array();
  int status = bad_flag ? 500 : 200;
  for (const std::string& s : asked) {
    const std::string description = "Requeue JobId=" + s + " failed";
    if (auto f = requeue_failed(app, req)) {
      a.error(description, f->error_number, kSource);
      return respond(app, self, req, a, f->status);
    }
    const Status st = requeue_one(app, req, s, how);
    if (st.ok()) add_array_status(app, s, &a.payload["status"]);  // as the single route (guess)
    if (st.ok()) continue;
    add_error(&a, description, st, kSource);
    if (status == 200) status = status_of(st);
  }
  return respond(app, self, req, a, status);
}

// The cores a job holds on one node, as Slurm's abstract core bitmap prints them ("0x1": the
// first core), lowest core in the lowest bit.
std::string core_bitmap(const std::vector<int>& cpu_ids, int threads_per_core) {
  std::vector<bool> bits;
  for (int cpu : cpu_ids) {
    const size_t core = static_cast<size_t>(cpu / std::max(1, threads_per_core));
    if (bits.size() <= core) bits.resize(core + 1);
    bits[core] = true;
  }
  if (bits.empty()) return "0x0";
  std::string hex;
  for (size_t base = 0; base < bits.size(); base += 4) {
    int digit = 0;
    for (size_t b = 0; b < 4 && base + b < bits.size(); ++b)
      if (bits[base + b]) digit |= 1 << b;
    hex.insert(hex.begin(), "0123456789ABCDEF"[digit]);
  }
  return "0x" + hex;
}

// GET /resources/{job_id}: each node of a running job with the cores and memory it holds.
Response resources(App& app, const LoadedVersion& self, Request& req) {
  static const char kSource[] = "_handle_get";
  Answer a;
  a.payload["nodes"] = Json::array();
  const std::string asked = *req.param("job_id");
  const std::string description = "Unable to query JobId=" + asked;
  if (auto f = failed_call(app, req)) {
    a.error(description, f->error_number, kSource);
    return respond(app, self, req, a, f->status);
  }
  const std::optional<uint32_t> id = job_id_in(asked);
  const scheduler_sim::Identity who = current_identity(app, req);
  auto locked = app.lock();
  const scheduler_sim::Simulator& sim = locked.sim();
  const scheduler_sim::Job* job = id ? sim.find_job(*id) : nullptr;
  if (!job) {
    a.error(description, 2017, kSource);
    return respond(app, self, req, a, 404);
  }
  // Another user's job: slurmctld answers "Invalid user id" (asked), not "Access denied".
  const bool admin = who.uid == 0 || who.name == app.config().slurm_user;
  if (!admin && job->user.uid != who.uid) {
    a.error(description, 2010, kSource);
    return respond(app, self, req, a, 422);
  }
  if (job->state != scheduler_sim::JobState::kRunning) {
    a.error(description, 2085, kSource);
    return respond(app, self, req, a, 422);
  }
  for (const scheduler_sim::NodeAllocation& alloc : job->allocation) {
    const scheduler_sim::Node& node = sim.nodes()[alloc.node_index];
    Json& n = a.payload["nodes"].emplace_back();
    n["node"] = node.config.name;
    n["sockets_per_node"] = node.config.sockets;
    n["cores_per_socket"] = node.config.cores_per_socket;
    n["mem_alloc"] = alloc.memory;
    n["core_bitmap"] = core_bitmap(alloc.cpu_ids, node.config.threads_per_core);
    n["channel"] = unset_number();
    n["gres"] = Json::array();
  }
  return respond(app, self, req, a, 200);
}

}  // namespace

void register_job_control_routes(App& app, const LoadedVersion& self, const Shape& shape) {
  Router& r = app.router();
  if (shape.requeue_routes) {
    r.add(
        "GET", self.prefix() + "/job/{job_id}/requeue",
        // Any segment: "A_T" names an array task (measured, asked/requeue/027).
        [&app, &self](Request& req) { return requeue(app, self, req); }, ParamKind::kAny,
        tag(EndpointKind::kOther), &self);
    r.add(
        "POST", self.prefix() + "/jobs/requeue",
        [&app, &self](Request& req) { return requeue_many(app, self, req); }, ParamKind::kAny,
        tag(EndpointKind::kOther), &self);
  }
  if (shape.resources_route) {
    r.add(
        "GET", self.prefix() + "/resources/{job_id}",
        [&app, &self](Request& req) { return resources(app, self, req); }, ParamKind::kNumber,
        tag(EndpointKind::kOther), &self);
  }
}

}  // namespace mock_slurmrestd::v0_0_40
