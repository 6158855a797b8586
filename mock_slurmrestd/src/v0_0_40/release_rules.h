// Where the releases that serve the v0.0.40+ versions behave differently with the same shapes
// (issue 15 item 4: shapes per data_parser version, behaviour per release). Each release that
// loads one of these versions has its row in release_rules.cc; 26.05 adds its own.
#pragma once

#include "releases.h"

namespace mock_slurmrestd::v0_0_40 {

struct ReleaseRules {
  // GET .../partition/{name} of an unknown partition: 422 with error 9000 from
  // op_handler_partition (24.11), rather than 200 with a warning (26.05).
  bool unknown_partition_is_error = true;
  // meta.client.source names the daemon's listening socket: 24.11 prints "[localhost]:" and
  // the port with its two bytes swapped (6890 -> 59930), then "(fd:N)".
  bool source_port_byte_swapped = true;
  // A slurm.conf without PriorityType gets priority/multifactor (24.11's default), whose
  // weights all default to 0: every job that is not held has priority 1 (recorded), where the
  // simulator ranks jobs as priority/basic does.
  bool priority_one = true;
  // The status of an answer carrying slurmctld's refusal of a submission, an allocation or a
  // bulk kill (unknown partition 2000, no environment 2019, no job or filter 2173): 24.11
  // 500, 26.05 422.
  int controller_refusal_status = 500;
  // ... and the host before the port: "[localhost]" (24.11) or the address, "127.0.0.1" (26.05).
  const char* source_host = "[localhost]";
  // diag's parts_packed on a freshly started controller: 1 (24.11), 0 (26.05).
  int parts_packed = 1;
  // The source of partition/{name}'s errors when slurmctld fails the call: op_handler_partition
  // (24.11) or _partition_get (26.05).
  const char* partition_error_source = "op_handler_partition";
  // reason_set_by_user of a node whose reason nobody set: "root" (24.11), "" (26.05).
  const char* unset_reason_user = "root";
  // The status of a request slurmctld refuses (a non-admin's reconfigure, error 2010): 500
  // (24.11), 422 (26.05).
  int refusal_status = 500;
  // A held submission that slurmctld also answers with another code (2015, a partition's node
  // limit): the hold's 2042 is reported (24.11) or the other code (26.05).
  bool hold_note_first = true;
  // DELETE /node/{name}'s error description: "Failure to update node X" (24.11) or
  // "Failure to delete node X" (26.05).
  const char* node_delete_verb = "update";
  // standard_error of a job that did not name one: its output file (24.11), "" (26.05).
  bool unset_stderr_empty = false;
  // A node update's reason_uid is read and checked (24.11), or ignored whatever it holds, with
  // no warning (26.05, every version).
  bool node_reason_uid_read = true;
  // A kill (DELETE /job/{id}, /jobs/) with slurmctld unreachable: EPERM with 500 (24.11) or
  // 403 (26.05).
  int kill_down_status = 500;
  // DELETE .../reservation/{name}: 26.05 serves it on every version (v0.0.42 too), 24.11 on none.
  bool reservation_delete = false;
  // slurmdb routes. A refusal carrying 2002 (permission) or 9200 (missing field): 500 (24.11)
  // or 422 (26.05).
  int db_refusal_status = 500;
  // Found-nothing warnings and failures name the call with the pointer of its condition:
  // "slurmdb_jobs_get(0x7f...) found nothing" (24.11), or without: "slurmdb_jobs_get() found
  // nothing", "slurmdb_wckeys_get failed" (26.05).
  bool db_call_pointer = true;
  // meta.client.user of a slurmdb answer: "" (24.11), "nobody" (26.05).
  const char* db_client_user = "";
  // A cluster's rpc_version: the release's protocol version.
  int db_rpc_version = 10752;
  // A job's stdout as submitted without one: "<cwd>/slurm-%j.out" (24.11) or "slurm-%j.out"
  // (26.05).
  bool db_stdout_relative = false;
  // An account's association below root is_default (24.11), or not (26.05).
  bool db_account_association_default = true;
  // A job that gives `tasks` or `tasks_per_node` and no node maximum gets one from its task
  // count (26.05: tasks 2 -> max_nodes 2, flag JOB_IMPLICIT_MAX_NODES on v0.0.45); 24.11 keeps
  // the nodes it needs (docs/oracle-notes/job-request.md).
  bool implicit_max_nodes = false;
  // A submission asking for fewer `tasks` than nodes is refused with 2025 before it gets an id
  // (26.05, held or not); 24.11 takes it (docs/oracle-notes/job-request.md).
  bool tasks_below_nodes_refused = false;
  // GET .../node/{name}?update_time= at or past the last change: 500, error -1 "Unable to query
  // partitions" (24.11, v0.0.42), or the node as without it (26.05; asked).
  bool node_update_time_fails = true;
  // slurmdb: the user `nobody` (uid 65534) made Administrator acts as one (24.11), or is
  // refused what an administrator may do (26.05).
  bool db_nobody_admin = true;
  // POST accounts_association/ without an association condition (v0.0.40-43): error 2162
  // "Empty list" with added_accounts "Empty list" (24.11), or 22 "Invalid argument" with
  // "Missing needed association condition to add accounts" (26.05).
  int db_add_cond_empty_error = 2162;
  // DELETE qos/{qos} of a QOS slurmdbd does not know, as an administrator: 200 with an empty
  // removed_qos and a found-nothing warning (24.11), or 304 with no body (26.05).
  bool db_unknown_qos_delete_not_modified = false;
};

// The rules of `release`; throws std::invalid_argument for a release without a row (a
// release profile listing one of these versions must add one).
const ReleaseRules& rules_of(const SlurmRelease& release);

}  // namespace mock_slurmrestd::v0_0_40
