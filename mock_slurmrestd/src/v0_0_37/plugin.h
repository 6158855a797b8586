// openapi/v0.0.37: the version's entry point (what a release profile lists).
#pragma once

#include "api_version.h"
#include "releases.h"
#include "router.h"
#include "v0_0_36/routes.h"

namespace mock_slurmrestd::v0_0_37 {

// v0.0.37: v0.0.36's routes and hooks, its own meta name, plus /reservations.
const ApiVersion& plugin();

// The "meta" object v0.0.37 puts in every answer (plugin name "Slurm OpenAPI v0.0.37").
Json meta(const SlurmRelease& release);

// GET .../job/{id} of an unknown job: 500, `jobs: []` and one error entry naming the id
// (recorded: vX/job_unknown, vX/job_id_negative). v0.0.38 answers alike.
Response unknown_job(const LoadedVersion& self, const Request& req, const std::string& id);

// DELETE .../job/{id} refused: a bad ?signal= is 400 (error 9000, source "HTTP request:
// signal"); a signal slurmctld refuses is 500 naming the job (source slurm_kill_job)
// (recorded: vX/cancel_signal_bogus, vX/cancel_unknown_job, vX/cancel_signal_usr1_pending).
Response kill_refused(const LoadedVersion& self, const Request& req, const std::string& id,
                      int signal, const std::string& error, int errno_value);

// GET .../job/{id} whose id text translates to no job (not a number, 0, an array task the
// array does not have): 400, error 9002, source _handle_job_get (recorded: vX/job_id_text,
// vX/job_id_zero, vX/job_array_task_unknown).
Response job_not_translated(const LoadedVersion& self, const Request& req, const std::string& id);

// GET, POST and DELETE .../job/{job_id} (v0_0_36::Dumps::job_id_routes; v0.0.38 registers them
// too): the id is text (v0_0_37/job_id.h), refusals in the version's shape.
void register_job_id_routes(App& app, const LoadedVersion& self, const v0_0_36::Dumps& dumps);

// The request gate's checks with `rules`: a submission or an update body the parser takes.
bool submission_parses(const Json& body, const v0_0_36::ParserRules& rules);
bool update_parses(const Json& body, const v0_0_36::ParserRules& rules);

// GET .../reservations and .../reservation/{reservation_name} (v0.0.38 answers alike).
void register_reservation_routes(App& app, const LoadedVersion& self);

}  // namespace mock_slurmrestd::v0_0_37
