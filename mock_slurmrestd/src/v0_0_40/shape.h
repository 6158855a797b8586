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
  // v0.0.41 on: a job's job_resources is {select_type, nodes: {count, select_type, list, whole,
  // allocation[]}, cpus, threads_per_core}, null before an allocation; v0.0.40 prints
  // {nodes, allocated_cores, allocated_cpus, allocated_hosts, allocated_nodes[]}, {} before.
  bool job_resources_nodes = false;
  // v0.0.42: jobs add priority_by_partition and required_switches (in minimum_switches' place)
  // and drop exclusive, oversubscribe and show_flags.
  bool job_required_switches = false;
  // v0.0.41 on: /jobs/state names an array task by its own job id ("4_0"); v0.0.40 by the
  // array's ("2_0").
  bool job_state_task_own_id = false;
  // v0.0.41 on: /jobs/state answers a failed query with "jobs": null; v0.0.40 with [].
  bool job_states_null_on_failure = false;
  // v0.0.42: GET /jobs reads ?update_time=; v0.0.40/41 refuse every value (9202).
  bool jobs_update_time = false;
  // v0.0.41 on: an unknown ?flags= value answers 500 with the jobs and one error; v0.0.40
  // refuses the query (422, three errors).
  bool jobs_bad_flag_still_lists = false;
  // Job descriptions: which keys the version's job_desc_msg has (kFields in job_parse.cc
  // lists each key's first and last version).
  int job_desc_revision = 40;
  // v0.0.41 on: type warnings end with ": <the value>", list refusals quote the value.
  bool parser_prints_values = false;
  // v0.0.40: {"set", "infinite", "number"} keys refuse anything but an object (9209).
  bool no_val_wants_object = true;
  // v0.0.40, v0.0.41: a submission's answer starts with "result" (job_id, step_id,
  // error_code, error, job_submit_user_msg).
  bool submit_result = true;
  // Job update answers: v0.0.40 "results": [], v0.0.41 on null; v0.0.40 and v0.0.41 then echo
  // empty "job_id", "step_id", "job_submit_user_msg".
  bool update_results_null = false;
  bool update_submit_keys = true;
  // v0.0.42: DELETE /job/{id} answers "status" (one item per job it could not signal).
  bool kill_status = false;
  // v0.0.40: an unknown ?signal= is refused (500, error 22); later versions report it as
  // "No error" and cancel the job.
  bool bad_signal_refused = true;
  // v0.0.40: DELETE /job/{id} also takes ?flags=NO_CRON_JOBS.
  bool kill_flag_no_cron_jobs = true;
  // v0.0.41 on: POST /job/allocate.
  bool allocate_route = false;
  // v0.0.43 on: nodes have tls_cert_last_renewal and cert_flags (after boot_time) and topology
  // (before tres); partitions have topology (after timeouts).
  bool node_cert_topology = false;
  bool partition_topology = false;
  // v0.0.43 on: update_node_msg has topology_str, and its states add EXTERNAL,
  // POWER_DOWN_ASAP, POWER_DOWN_FORCE and BLOCKED.
  bool node_update_topology = false;
  // v0.0.40: a flag list with an unknown flag is refused ("Parsing flags failed"); later
  // versions report the flag and go on without it (a node update then asks an invalid state).
  bool flags_failure_refuses = true;
  // v0.0.43 on: a uint32 field holding 0xffffffff (a node's Weight) is dumped with the
  // warning "Dumping (0xffffffff) as place holder for Infinity".
  bool infinity_placeholder_warning = false;
  // v0.0.43 on: jobs print standard_input, standard_output, standard_error as submitted (unset:
  // "", a batch job's output "slurm-%j.out"), in that order, then stdin_expanded,
  // stdout_expanded, stderr_expanded (the paths themselves); and licenses_allocated (after
  // licenses) and segment_size (after scheduled_nodes).
  bool job_expanded_paths = false;
  // v0.0.44 on: jobs add step_id (after shared: the whole job's step, with its sluid) and
  // submit_line (after submit_time).
  bool job_step_id = false;
  // v0.0.45: jobs add container_type (after container_id), memory_update_delay and
  // memory_update_margin (after memory_per_tres), and drop power; job_resources.select_type
  // names the option as configured ("CR_CPU").
  bool job_memory_update = false;
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
  // v0.0.43 on: POST /reservations/ and /reservation (create or update).
  bool reservation_writes = false;
  // v0.0.40 to v0.0.44: a reservation carries "watts": {} (after start_time).
  bool reservation_watts = true;
  // v0.0.44 on: GET /resources/{job_id}, a running job's resource layout.
  bool resources_route = false;
  // v0.0.45: GET /job/{job_id}/requeue and POST /jobs/requeue.
  bool requeue_routes = false;

  // The slurmdb routes (openapi/slurmdbd; docs/oracle-notes/accounting-24.11.md, -26.05.md).
  // v0.0.40: an association's id is {account, cluster, partition, user, id}; later an integer.
  bool db_association_id_object = true;
  // v0.0.40: accounts/?with_assocs lists the accounts' associations; later versions ignore
  // the key (an unknown field of DATA_PARSER_ACCOUNT_CONDITION).
  bool db_accounts_with_assocs = true;
  // v0.0.41 on: diag's rollups are {hourly, daily, monthly}; v0.0.40 a list of cycles.
  bool db_rollups_by_period = false;
  // v0.0.41 on: jobs have time.planned and stdin/stdout/stderr with their _expanded forms.
  bool db_job_stdio = false;
  // v0.0.42 on: GET ping/; jobs have qosreq and restart_cnt; a QOS has limits.max.jobs.count
  // and limits.max.tres.minutes.total.
  bool db_ping = false;
  // v0.0.43 on: jobs have reservation.requested and segment_size, steps time.limit and the
  // step's stdin/stdout/stderr; a job's association names no account or user (only its id);
  // an association's integer id is its id (v0.0.41/42 print 0).
  bool db_job_segment = false;
  // v0.0.44 on: users have default.qos.
  bool db_user_default_qos = false;
  // v0.0.44 on: POST accounts_association/ requires its association_condition (9200, as a
  // missing field); earlier versions refuse the empty condition as the release does
  // (ReleaseRules::db_add_cond_empty_error).
  bool db_add_cond_required = false;
  // v0.0.45: jobs have sluid, original_sluid, exclusive and oversubscribe, steps submit_line
  // and no pid; clusters have no select_plugin; config lists no empty instances.
  bool db_job_sluid = false;
  // v0.0.45: GET conf, slurmdbd's configuration (slurmdbd_conf).
  bool db_conf = false;
  // jobs/ takes `format` (ignored) up to v0.0.44; `job_altered` from v0.0.44 on.
  bool db_jobs_format = true;
  bool db_jobs_altered = false;
  // v0.0.45: GET /conf, from this table of slurmctld's values (the version's
  // conf_<release>.json: "defaults" in slurmctld's key order, "upper_lists"); null: no route.
  const char* conf_table = nullptr;
  // v0.0.44 on: POST /new/node/ (dynamic nodes).
  bool new_node_route = false;
  // v0.0.45: POST /partitions/ (create or update) and DELETE /partition/{partition_name}.
  bool partition_writes = false;
  // v0.0.45: a job whose node maximum comes from its task count (ReleaseRules::
  // implicit_max_nodes) shows the flag JOB_IMPLICIT_MAX_NODES (last).
  bool job_implicit_max_nodes_flag = false;
};

// v0.0.40's own.
inline constexpr Shape kShape{};

}  // namespace mock_slurmrestd::v0_0_40
