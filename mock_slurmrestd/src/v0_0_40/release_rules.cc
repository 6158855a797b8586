// The release rows of the v0.0.40+ versions (measured: docs/oracle-notes/releases-24.11-26.05.md).
#include "v0_0_40/release_rules.h"

#include <stdexcept>

namespace mock_slurmrestd::v0_0_40 {

const ReleaseRules& rules_of(const SlurmRelease& release) {
  static const ReleaseRules k24_11{.unknown_partition_is_error = true,
                                   .source_port_byte_swapped = true,
                                   .priority_one = true,
                                   .controller_refusal_status = 500};
  static const ReleaseRules k26_05{.unknown_partition_is_error = false,
                                   .source_port_byte_swapped = false,
                                   .controller_refusal_status = 422,
                                   .source_host = "127.0.0.1",
                                   .parts_packed = 0,
                                   .partition_error_source = "_partition_get",
                                   .unset_reason_user = "",
                                   .refusal_status = 422,
                                   .hold_note_first = false,
                                   .node_delete_verb = "delete",
                                   .unset_stderr_empty = true,
                                   .node_reason_uid_read = false,
                                   .kill_down_status = 403,
                                   .reservation_delete = true,
                                   .db_refusal_status = 422,
                                   .db_call_pointer = false,
                                   .db_client_user = "nobody",
                                   .db_rpc_version = 11520,
                                   .db_stdout_relative = true,
                                   .db_account_association_default = false,
                                   .implicit_max_nodes = true,
                                   .tasks_below_nodes_refused = true,
                                   .node_update_time_fails = false,
                                   .db_nobody_admin = false,
                                   .db_add_cond_empty_error = 22,
                                   .db_unknown_qos_delete_not_modified = true};
  if (release.major == 24 && release.minor == 11) return k24_11;
  if (release.major == 26 && release.minor == 5) return k26_05;
  throw std::invalid_argument("no v0.0.40+ rules for Slurm " + release.name);
}

}  // namespace mock_slurmrestd::v0_0_40
