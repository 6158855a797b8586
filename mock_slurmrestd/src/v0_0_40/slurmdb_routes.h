// openapi/slurmdbd's routes of v0.0.40 to v0.0.45 (/slurmdb/v0.0.4N/...), served when the
// cluster stores accounting in slurmdbd; and the entry points the version folders build their
// slurmdb ApiVersion from.
#pragma once

#include "api_version.h"
#include "app.h"
#include "releases.h"
#include "v0_0_40/release_rules.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

// The reads: ping (v0.0.42 on), diag, config, clusters, accounts, users, associations, QOS,
// TRES, wckeys, instances, jobs and job/{job_id}.
void register_slurmdb_routes(App& app, const LoadedVersion& self, const Shape& shape);

// slurmdbd's call `name` as the release names it in a description: "name(0x7f...)" (24.11,
// the address of its condition) or "name()" (26.05); with " found nothing"; with " failed"
// (26.05 without the parentheses, as its get and remove failures read).
std::string db_call(const ReleaseRules& rules, const std::string& name);
std::string nothing_found(const ReleaseRules& rules, const std::string& name);
std::string call_failed(const ReleaseRules& rules, const std::string& name);

// meta of openapi/slurmdbd for the version of `shape`.
Json slurmdb_meta(const SlurmRelease& release, const Shape& shape);

// The slurmdb ApiVersion of a version of this family (path root /slurmdb, plugin
// openapi/slurmdbd, data_parser as `shape` names it); `piece`: its part of each release's
// /openapi/v3 (openapi_db_<release>.json).
ApiVersion slurmdb_version(const Shape& shape, Json (*meta)(const SlurmRelease&),
                           void (*routes)(App&, const LoadedVersion&),
                           Json (*piece)(const SlurmRelease&));

// v0.0.40's own.
const ApiVersion& slurmdb_plugin();

}  // namespace mock_slurmrestd::v0_0_40
