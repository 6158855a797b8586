// openapi/v0.0.37: the version's entry point (what a release profile lists).
#pragma once

#include "api_version.h"
#include "releases.h"
#include "router.h"

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

// GET .../reservations and .../reservation/{reservation_name} (v0.0.38 answers alike).
void register_reservation_routes(App& app, const LoadedVersion& self);

}  // namespace mock_slurmrestd::v0_0_37
