// What every slurmdb handler of v0.0.36 (and the versions reusing it) shares: the envelope, who
// asks (an administrator or not), the database under the lock, and the refused-token answer.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "v0_0_36/slurmdb_routes.h"

namespace mock_slurmrestd::v0_0_36 {

// The answer when the simulator keeps no accounting (only a bug gets here: the plugins are
// only loaded with accounting).
Response no_db(const LoadedVersion& self, const Request& req);
// Runs `body` with the database locked (no_db without one).
Response with_db(App& app, const LoadedVersion& self, Request& req,
                 const std::function<Response(const DbContext&, Envelope&)>& body);

// slurmdbd's rule: root, the SlurmUser and users with an AdminLevel may change the database
// and read wckeys and statistics.
bool db_admin(const DbContext& c, const std::string& user);

// A token slurmrestd passed through and slurmdbd refused: 200 with 1007 from `source` and the
// route's empty list (`key`; none when null).
Response db_token_refused(const LoadedVersion& self, const Request& req, const char* source,
                          const char* key);

// A slurmdb time filter's value as the daemons were measured to take it ("now[+-]N[unit]", an
// ISO date with an optional time, local time); nullopt for anything else.
std::optional<scheduler_sim::SimTime> parse_db_time(const std::string& text,
                                                    scheduler_sim::SimTime now);
// A job state's name (any case); nullopt for an unknown one.
std::optional<scheduler_sim::JobState> state_named(const std::string& name);

// sacctmgr's one-line summary of a removed row: "C = %-10s A = %-10s U = %-9s" (`what` 'A'
// for an association, 'W' for a wckey, the name `name_width` wide).
std::string row_summary(const std::string& cluster, char what, const std::string& name,
                        int name_width, const std::string& user);

// GET .../jobs and .../job/{job_id}.
void register_slurmdb_job_routes(App& app, const LoadedVersion& self, const DbShape& shape);
// The POST and DELETE routes.
void register_slurmdb_write_routes(App& app, const LoadedVersion& self, const DbShape& shape);

}  // namespace mock_slurmrestd::v0_0_36
