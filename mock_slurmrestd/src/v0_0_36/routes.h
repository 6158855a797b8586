// v0.0.36's routes, one registration function per resource file; later versions that answer
// alike call them with their own LoadedVersion (paths, meta and cache keys are the caller's).
#pragma once

#include <cstdlib>
#include <optional>

#include "api_version.h"
#include "app.h"
#include "v0_0_36/dump.h"
#include "v0_0_36/parse.h"

namespace mock_slurmrestd::v0_0_36 {

// How a version renders each object: v0.0.36's dumps by default; a later version that answers
// alike except for its objects passes its own (same routes, same errors, its key sets).
struct Dumps {
  void (*job)(Json&, const scheduler_sim::Job&, const DumpContext&) = &dump_job;
  void (*node)(Json&, const scheduler_sim::Node&, const DumpContext&) = &dump_node;
  // GET .../node/{name}'s node, when a version renders it unlike a list's element.
  void (*one_node)(Json&, const scheduler_sim::Node&, const DumpContext&) = nullptr;
  void (*partition)(Json&, const scheduler_sim::Partition&, const DumpContext&) = &dump_partition;
  void (*diag)(Json&, const scheduler_sim::SimStats&, const DumpContext&,
               const std::vector<const scheduler_sim::Job*>&, const DiagFacts&) = &dump_diag;
  // The name a job submitted without one gets, and whether every successful update renames
  // the job to it (v0.0.36: "openapi", yes; later versions: "", no).
  const char* unnamed_job = kUnnamedJob;
  bool rename_on_update = true;
  // Whether list answers honour ?update_time= (v0.0.37 on): 304, no body, when it is later
  // than the cluster's time (the simulator exposes no per-table change time, so an earlier
  // update_time always gets the full answer).
  bool update_time_304 = false;
  // GET .../job/{id} of a job slurmctld does not know (`id` as the daemon prints it), when a
  // version answers it unlike v0.0.36.
  Response (*unknown_job)(const LoadedVersion& self, const Request& req,
                          const std::string& id) = nullptr;
  // DELETE .../job/{id}: an invalid ?signal= (`error` empty), or slurmctld refused the signal
  // (`error` its text, `errno_value` its number), when a version answers unlike v0.0.36.
  Response (*kill_refused)(const LoadedVersion& self, const Request& req, const std::string& id,
                           int signal, const std::string& error, int errno_value) = nullptr;
  // The version's job parser rules (submissions and updates).
  const ParserRules* parser = &v0_0_36_rules();
  // GET, POST and DELETE .../job/{job_id}, when a version registers its own (its own path
  // parameter and answers); the rest of register_job_routes is shared.
  void (*job_id_routes)(App& app, const LoadedVersion& self, const Dumps& dumps) = nullptr;
};

// The early answer of a list to its ?update_time=, when `dumps` honours it: 304, no body, when
// the time is in the future; 400 with an empty `key` list when it is not a number (oracle,
// v0.0.37/38: `abc`, an empty value, `now`; not measured on the reservations, whose callers
// pass no key and get the full answer).
inline std::optional<Response> not_modified(const LoadedVersion& self, const Dumps& dumps,
                                            const Request& req, scheduler_sim::SimTime now,
                                            const char* key) {
  if (!dumps.update_time_304) return std::nullopt;
  auto it = req.query.find("update_time");
  if (it == req.query.end()) return std::nullopt;
  char* end = nullptr;
  const long long t = std::strtoll(it->second.c_str(), &end, 10);
  if (end == it->second.c_str()) {
    if (!key) return std::nullopt;
    Envelope env(self.meta);
    env[key] = Json::array();
    return render(env, 400, req);
  }
  if (t <= now) return std::nullopt;
  Response r;
  r.status = 304;
  r.content_type.clear();
  return r;
}

// /ping, /diag (and the bare prefixes "/slurm/<name>" and "/slurm").
void register_diag_routes(App& app, const LoadedVersion& self, Dumps dumps = {});
// /jobs, /job/{job_id} (GET, POST, DELETE), /job/submit.
void register_job_routes(App& app, const LoadedVersion& self, Dumps dumps = {});
// /nodes, /node/{node_name}.
void register_node_routes(App& app, const LoadedVersion& self, Dumps dumps = {});
// /partitions, /partition/{partition_name}.
void register_partition_routes(App& app, const LoadedVersion& self, Dumps dumps = {});

// What the dump functions need to know about the cluster around an object.
inline DumpContext dump_context(const App& app, scheduler_sim::Simulator& sim) {
  return DumpContext{sim.config(), sim.nodes(), sim.partitions(), sim.now(), &app.host_facts()};
}

// GET .../job/{id}'s answer for a job found: the job, then a het leader's components or an
// array's split-off tasks (newest first), cached per version and job.
Response render_job(App& app, const LoadedVersion& self, App::Locked& locked,
                    const scheduler_sim::Job& job, Request& req, const Dumps& dumps);

// POST .../job/submit (a later version's other paths to it call it too).
Response submit_job(App& app, const LoadedVersion& self, Request& req, const Dumps& dumps);

// Renders a parser refusal (JSON errors in the envelope, or the text answer it names).
Response parse_failure(const ParseResult& parsed, const Request& req, const Meta& meta);

}  // namespace mock_slurmrestd::v0_0_36
