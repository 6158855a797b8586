// What v0.0.40 to v0.0.45 render differently: the later versions call v0.0.40's
// functions with their own Shape (docs/oracle-notes/releases-24.11-26.05.md, "what each version
// changes"). Shapes only: how a release behaves is release_rules.h's.
#pragma once

namespace mock_slurmrestd::v0_0_40 {

struct Shape {
  const char* name = "v0.0.40";                     // the path segment
  const char* data_parser = "data_parser/v0.0.40";  // meta.plugin.data_parser, what -d names
  // v0.0.42: pings[] has `responding` (after `pinged`) and `primary` (last).
  bool ping_responding_primary = false;
  // v0.0.41 on: diag adds schedule_cycle_sum/_depth, bf_cycle_max, bf_table_size_sum,
  // pending_rpcs(_by_hostlist), moves schedule_exit and bf_exit, and reorders the per-RPC keys.
  bool diag_cycle_details = false;
  // v0.0.41 on: nodes have gpu_spec and res_cores_per_gpu.
  bool node_gpu_fields = false;
  // v0.0.41 on: partitions have select_type.
  bool partition_select_type = false;
  // v0.0.43 on: nodes have tls_cert_last_renewal and cert_flags (after boot_time) and topology
  // (before tres); partitions have topology (after timeouts).
  bool node_cert_topology = false;
  bool partition_topology = false;
  // v0.0.45: pings[] is hostname, responding, latency, primary, status (no pinged, no mode).
  bool ping_status = false;
  // v0.0.45: diag drops parts_packed.
  bool diag_parts_packed = true;
  // v0.0.45: nodes drop external_sensors, power and tres_weighted and add suspend_time (after
  // reservation).
  bool node_suspend_time = false;
  // v0.0.45: partitions add flags and preempt_mode, `partition` (now with exclusive and
  // oversubscribe beside state) moves after flags, select_type says ["NONE"], cpus.task_binding
  // is a list and maximums.shares / oversubscribe.jobs say 0.
  bool partition_flags_preempt = false;
};

// v0.0.40's own.
inline constexpr Shape kShape{};

}  // namespace mock_slurmrestd::v0_0_40
