// openapi/dbv0.0.36's routes (/slurmdb/v0.0.36/...), and the seam v0.0.37 and v0.0.38 reuse
// them through: a DbShape naming each version's object dumps and its differing answers.
#pragma once

#include <string>

#include "api_version.h"
#include "app.h"
#include "v0_0_36/slurmdb_dump.h"

namespace mock_slurmrestd::v0_0_36 {

// How one slurmdb version renders and answers; v0.0.36's by default.
struct DbShape {
  void (*job)(Json&, const scheduler_sim::JobRecord&, const DbContext&) = &dump_db_job;
  void (*association)(Json&, const scheduler_sim::Association&,
                      const DbContext&) = &dump_db_association;
  void (*qos)(Json&, const scheduler_sim::QosRecord&, const DbContext&) = &dump_db_qos;
  void (*user)(Json&, const scheduler_sim::UserRecord&, const DbContext&) = &dump_db_user;
  // GET .../user/{unknown}: 400 (v0.0.36) or 500.
  int unknown_user_status = 400;
  // GET .../diag as an administrator: 500 with no error although the statistics are there
  // (v0.0.36) or 200.
  int diag_status = 500;
  // GET .../association without a query: every association (v0.0.36/37), or 400, 9000
  // "Ambiguous request" (v0.0.38).
  bool association_needs_query = false;
  // ?state= on .../jobs: v0.0.38 applies it within a start+end window and refuses an unknown
  // state (500, 9000 "Unable to parse CSV list"); v0.0.36/37 ignore it within such a window
  // and find nothing for an unknown one.
  bool state_filter_applied = false;
  // ?node= on .../jobs: v0.0.38 picks the jobs that ran on it; v0.0.36/37 find nothing.
  bool node_filter_applied = false;
  // Routes only some versions have.
  bool post_associations = false;    // POST .../associations (v0.0.37 on)
  bool delete_associations = false;  // DELETE .../associations (v0.0.38)
  bool post_qos = false;             // POST .../qos (v0.0.38)
  bool with_deleted = false;         // ?with_deleted on accounts, qos, users (v0.0.38)
  // Writes whose answers differ by version.
  int delete_user_status = 400;               // v0.0.36: 400 with no error, for everybody
  int delete_association_status = 304;        // as an administrator: v0.0.36 304, later 200
  bool wckey_add_needs_id = false;            // v0.0.38: 500 "Missing required field 'id'"
  int post_association_refused_status = 500;  // as a non-administrator: v0.0.38 400
  int post_config_status = 200;               // POST .../config's answer after its clusters refusal
};

// Registers every /slurmdb/<version>/ route of `self` with `shape`'s answers.
void register_slurmdb_routes(App& app, const LoadedVersion& self, const DbShape& shape);

// The slurmdb plugins' "meta": the plugin (type and name), then the release.
Json slurmdb_meta(const SlurmRelease& release, const char* type, const char* name);

}  // namespace mock_slurmrestd::v0_0_36
