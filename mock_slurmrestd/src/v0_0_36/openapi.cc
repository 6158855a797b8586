// Builds the v0.0.36 OpenAPI document from compact tables of schema facts.
#include "v0_0_36/openapi.h"

#include <initializer_list>
#include <string_view>
#include <utility>

#include "json_writer.h"
#include "yaml_codec.h"

namespace mock_slurmrestd::v0_0_36 {
namespace {

constexpr std::string_view kSchemaPrefix = "v0.0.36_";
constexpr std::string_view kRefPrefix = "#/components/schemas/v0.0.36_";

// One schema property. `spec` is a tiny type language:
//   "string" | "integer" | "integer/int64" (type/format) | "$name" (reference to a schema)
//   "[]string" | "[]$name" (array of a type or of a schema); a trailing '!' means the real
//   document gives this property no description.
struct Prop {
  const char* name;
  const char* spec;
};

// Property facts (names, order, types, formats, references) as in the real daemon's document.
constexpr Prop kDiagProps[] = {
    {"errors", "[]$error"},
    {"statistics", "object"},
};
constexpr Prop kPingsProps[] = {
    {"errors", "[]$error"},
    {"pings", "[]$ping"},
};
constexpr Prop kPingProps[] = {
    {"hostname", "string"},
    {"ping", "string"},
    {"mode", "string"},
    {"status", "integer"},
};
constexpr Prop kPartitionProps[] = {
    {"flags", "[]string"},
    {"preemption_mode", "string"},
    {"allowed_allocation_nodes", "string"},
    {"allowed_accounts", "string"},
    {"allowed_groups", "string"},
    {"allowed_qos", "string"},
    {"alternative", "string"},
    {"billing_weights", "string"},
    {"default_memory_per_cpu", "integer/int64"},
    {"default_time_limit", "integer/int64"},
    {"denied_accounts", "string"},
    {"denied_qos", "string"},
    {"preemption_grace_time", "integer/int64"},
    {"maximum_cpus_per_node", "integer"},
    {"maximum_memory_per_node", "integer/int64"},
    {"maximum_nodes_per_job", "integer"},
    {"max_time_limit", "integer/int64"},
    {"min_nodes_per_job", "integer"},
    {"name", "string"},
    {"nodes", "string"},
    {"over_time_limit", "integer"},
    {"priority_job_factor", "integer"},
    {"priority_tier", "integer"},
    {"qos", "string"},
    {"nodes_online", "integer"},
    {"total_cpus", "integer"},
    {"total_nodes", "integer"},
    {"tres", "string"},
};
constexpr Prop kPartitionsResponseProps[] = {
    {"errors", "[]$error"},
    {"partitions", "[]$partition"},
};
constexpr Prop kErrorProps[] = {
    {"error", "string"},
    {"errno", "integer"},
};
constexpr Prop kJobSubmissionResponseProps[] = {
    {"errors", "[]$error"},
    {"job_id", "integer"},
    {"step_id", "string"},
    {"job_submit_user_msg", "string"},
};
constexpr Prop kJobSubmissionProps[] = {
    {"script", "string"},
    {"job", "$job_properties"},
    {"jobs", "[]$job_properties"},
};
constexpr Prop kJobsResponseProps[] = {
    {"errors", "[]$error"},
    {"jobs", "[]$job_response_properties"},
};
constexpr Prop kJobResponsePropertiesProps[] = {
    {"account", "string"},
    {"accrue_time", "string"},
    {"admin_comment", "string"},
    {"array_job_id", "string"},
    {"array_task_id", "string"},
    {"array_max_tasks", "string"},
    {"array_task_string", "string"},
    {"association_id", "string"},
    {"batch_features", "string"},
    {"batch_flag", "boolean"},
    {"batch_host", "string"},
    {"flags", "[]string"},
    {"burst_buffer", "string"},
    {"burst_buffer_state", "string"},
    {"cluster", "string"},
    {"cluster_features", "string"},
    {"command", "string"},
    {"comment", "string"},
    {"contiguous", "boolean"},
    {"core_spec", "string"},
    {"thread_spec", "string"},
    {"cores_per_socket", "string"},
    {"billable_tres", "string"},
    {"cpus_per_task", "string"},
    {"cpu_frequency_minimum", "string"},
    {"cpu_frequency_maximum", "string"},
    {"cpu_frequency_governor", "string"},
    {"cpus_per_tres", "string"},
    {"deadline", "string"},
    {"delay_boot", "string"},
    {"dependency", "string"},
    {"derived_exit_code", "string"},
    {"eligible_time", "string"},
    {"end_time", "string"},
    {"excluded_nodes", "string"},
    {"exit_code", "integer"},
    {"features", "string"},
    {"federation_origin", "string"},
    {"federation_siblings_active", "string"},
    {"federation_siblings_viable", "string"},
    {"gres_detail", "[]string"},
    {"group_id", "string"},
    {"job_id", "string"},
    {"job_resources", "$job_resources!"},
    {"job_state", "string"},
    {"last_sched_evaluation", "string"},
    {"licenses", "string"},
    {"max_cpus", "string"},
    {"max_nodes", "string"},
    {"mcs_label", "string"},
    {"memory_per_tres", "string"},
    {"name", "string"},
    {"nodes", "string"},
    {"nice", "string"},
    {"tasks_per_core", "string"},
    {"tasks_per_socket", "string"},
    {"tasks_per_board", "string"},
    {"cpus", "string"},
    {"node_count", "string"},
    {"tasks", "string"},
    {"het_job_id", "string"},
    {"het_job_id_set", "string"},
    {"het_job_offset", "string"},
    {"partition", "string"},
    {"memory_per_node", "string"},
    {"memory_per_cpu", "string"},
    {"minimum_cpus_per_node", "string"},
    {"minimum_tmp_disk_per_node", "string"},
    {"preempt_time", "string"},
    {"pre_sus_time", "string"},
    {"priority", "string"},
    {"profile", "[]string"},
    {"qos", "string"},
    {"reboot", "boolean"},
    {"required_nodes", "string"},
    {"requeue", "boolean"},
    {"resize_time", "string"},
    {"restart_cnt", "string"},
    {"resv_name", "string"},
    {"shared", "string"},
    {"show_flags", "[]string"},
    {"sockets_per_board", "string"},
    {"sockets_per_node", "string"},
    {"start_time", "string"},
    {"state_description", "string"},
    {"state_reason", "string"},
    {"standard_error", "string"},
    {"standard_input", "string"},
    {"standard_output", "string"},
    {"submit_time", "string"},
    {"suspend_time", "string"},
    {"system_comment", "string"},
    {"time_limit", "string"},
    {"time_minimum", "string"},
    {"threads_per_core", "string"},
    {"tres_bind", "string"},
    {"tres_freq", "string"},
    {"tres_per_job", "string"},
    {"tres_per_node", "string"},
    {"tres_per_socket", "string"},
    {"tres_per_task", "string"},
    {"tres_req_str", "string"},
    {"tres_alloc_str", "string"},
    {"user_id", "string"},
    {"user_name", "string"},
    {"wckey", "string"},
    {"current_working_directory", "string"},
};
constexpr Prop kJobResourcesProps[] = {
    {"nodes", "string"},
    {"allocated_cpus", "integer"},
    {"allocated_hosts", "integer"},
    {"allocated_nodes", "[]$node_allocation"},
};
constexpr Prop kNodeAllocationProps[] = {
    {"memory", "integer"},
    {"cpus", "object"},
    {"sockets", "object"},
    {"cores", "object"},
};
constexpr Prop kJobPropertiesProps[] = {
    {"account", "string"},
    {"account_gather_freqency", "string"},
    {"argv", "[]string"},
    {"array", "string"},
    {"batch_features", "string"},
    {"begin_time", "string"},
    {"burst_buffer", "string"},
    {"cluster_constraints", "string"},
    {"comment", "string"},
    {"constraints", "string"},
    {"core_specification", "integer"},
    {"cores_per_socket", "integer"},
    {"cpu_binding", "string"},
    {"cpu_binding_hint", "string"},
    {"cpu_frequency", "string"},
    {"cpus_per_gpu", "string"},
    {"cpus_per_task", "integer"},
    {"current_working_directory", "string"},
    {"deadline", "string"},
    {"delay_boot", "integer"},
    {"dependency", "string"},
    {"distribution", "string"},
    {"environment", "object"},
    {"exclusive", "string"},
    {"get_user_environment", "boolean"},
    {"gres", "string"},
    {"gres_flags", "string"},
    {"gpu_binding", "string"},
    {"gpu_frequency", "string"},
    {"gpus", "string"},
    {"gpus_per_node", "string"},
    {"gpus_per_socket", "string"},
    {"gpus_per_task", "string"},
    {"hold", "boolean"},
    {"kill_on_invalid_dependency", "boolean"},
    {"licenses", "string"},
    {"mail_type", "string"},
    {"mail_user", "string"},
    {"mcs_label", "string"},
    {"memory_binding", "string"},
    {"memory_per_cpu", "integer"},
    {"memory_per_gpu", "integer"},
    {"memory_per_node", "integer"},
    {"minimum_cpus_per_node", "integer"},
    {"minimum_nodes", "boolean"},
    {"name", "string"},
    {"nice", "string"},
    {"no_kill", "boolean"},
    {"nodes", "[]integer"},
    {"open_mode", "string"},
    {"partition", "string"},
    {"priority", "string"},
    {"qos", "string"},
    {"requeue", "boolean"},
    {"reservation", "string"},
    {"signal", "string"},
    {"sockets_per_node", "integer"},
    {"spread_job", "boolean"},
    {"standard_error", "string"},
    {"standard_in", "string"},
    {"standard_out", "string"},
    {"tasks", "integer"},
    {"tasks_per_core", "integer"},
    {"tasks_per_node", "integer"},
    {"tasks_per_socket", "integer"},
    {"thread_specification", "integer"},
    {"threads_per_core", "integer"},
    {"time_limit", "integer"},
    {"time_minimum", "integer"},
    {"wait_all_nodes", "boolean"},
    {"wckey", "string"},
};
constexpr Prop kNodeProps[] = {
    {"architecture", "string"},
    {"burstbuffer_network_address", "string"},
    {"boards", "integer"},
    {"boot_time", "integer/int64"},
    {"comment", "string"},
    {"cores", "integer"},
    {"cpu_binding", "integer"},
    {"cpu_load", "integer/int64"},
    {"free_memory", "integer"},
    {"cpus", "integer"},
    {"features", "string"},
    {"active_features", "string"},
    {"gres", "string"},
    {"gres_drained", "string"},
    {"gres_used", "string"},
    {"mcs_label", "string"},
    {"name", "string"},
    {"next_state_after_reboot", "string"},
    {"address", "string"},
    {"hostname", "string"},
    {"state", "string"},
    {"operating_system", "string"},
    {"owner", "string"},
    {"port", "integer"},
    {"real_memory", "integer"},
    {"reason", "string"},
    {"reason_changed_at", "integer"},
    {"reason_set_by_user", "string"},
    {"slurmd_start_time", "integer/int64"},
    {"sockets", "integer"},
    {"threads", "integer"},
    {"temporary_disk", "integer"},
    {"weight", "integer"},
    {"tres", "string"},
    {"slurmd_version", "string"},
};
constexpr Prop kNodesResponseProps[] = {
    {"errors", "[]$error"},
    {"nodes", "[]$node"},
};
constexpr Prop kDiagStatisticsProps[] = {
    {"parts_packed", "integer"},
    {"req_time", "integer"},
    {"req_time_start", "integer"},
    {"server_thread_count", "integer"},
    {"agent_queue_size", "integer"},
    {"agent_count", "integer"},
    {"agent_thread_count", "integer"},
    {"dbd_agent_queue_size", "integer"},
    {"gettimeofday_latency", "integer"},
    {"schedule_cycle_max", "integer"},
    {"schedule_cycle_last", "integer"},
    {"schedule_cycle_total", "integer"},
    {"schedule_cycle_mean", "integer"},
    {"schedule_cycle_mean_depth", "integer"},
    {"schedule_cycle_per_minute", "integer"},
    {"schedule_queue_length", "integer"},
    {"jobs_submitted", "integer"},
    {"jobs_started", "integer"},
    {"jobs_completed", "integer"},
    {"jobs_canceled", "integer"},
    {"jobs_failed", "integer"},
    {"jobs_pending", "integer"},
    {"jobs_running", "integer"},
    {"job_states_ts", "integer"},
    {"bf_backfilled_jobs", "integer"},
    {"bf_last_backfilled_jobs", "integer"},
    {"bf_backfilled_het_jobs", "integer"},
    {"bf_cycle_counter", "integer"},
    {"bf_cycle_mean", "integer"},
    {"bf_cycle_max", "integer"},
    {"bf_last_depth", "integer"},
    {"bf_last_depth_try", "integer"},
    {"bf_depth_mean", "integer"},
    {"bf_depth_mean_try", "integer"},
    {"bf_cycle_last", "integer"},
    {"bf_queue_len", "integer"},
    {"bf_queue_len_mean", "integer"},
    {"bf_when_last_cycle", "integer"},
    {"bf_active", "boolean"},
};

// Reads like "cpus per task" for cpus_per_task: our descriptions stay short and self-made.
std::string describe(std::string_view name) {
  std::string out(name);
  for (char& c : out)
    if (c == '_') c = ' ';
  return out;
}

Json ref(std::string_view schema) {
  return {{"$ref", std::string(kRefPrefix) + std::string(schema)}};
}

Json property(const Prop& p) {
  std::string_view spec = p.spec;
  const bool described = spec.empty() || spec.back() != '!';
  if (!described) spec.remove_suffix(1);
  Json out = Json::object();
  if (spec.starts_with("$")) {
    if (described) out["description"] = describe(p.name);
    out["$ref"] = std::string(kRefPrefix) + std::string(spec.substr(1));
    return out;
  }
  if (spec.starts_with("[]")) {
    const std::string_view item = spec.substr(2);
    out["type"] = "array";
    if (described) out["description"] = describe(p.name);
    out["items"] = item.starts_with("$") ? ref(item.substr(1)) : Json{{"type", std::string(item)}};
    return out;
  }
  const size_t slash = spec.find('/');
  out["type"] = std::string(spec.substr(0, slash));
  if (slash != std::string_view::npos) out["format"] = std::string(spec.substr(slash + 1));
  if (described) out["description"] = describe(p.name);
  return out;
}

template <size_t N>
Json properties(const Prop (&props)[N]) {
  Json out = Json::object();
  for (const Prop& p : props) out[p.name] = property(p);
  return out;
}

// Moves the present `keys` to the front of `obj`, in that order: a few properties of the real
// document list a fact (description, maxItems, pattern) before their type.
void keys_first(Json& obj, std::initializer_list<const char*> keys) {
  Json out = Json::object();
  for (const char* k : keys)
    if (obj.contains(k)) out[k] = obj[k];
  for (auto& [k, v] : obj.items())
    if (!out.contains(k)) out[k] = v;
  obj = std::move(out);
}

template <size_t N>
Json object_schema(const Prop (&props)[N]) {
  return {{"type", "object"}, {"properties", properties(props)}};
}

// Schemas in the real document's order, with the few facts the tables cannot express.
Json schemas() {
  Json s = Json::object();
  auto put = [&s](std::string_view name, Json schema) {
    s[std::string(kSchemaPrefix) + std::string(name)] = std::move(schema);
  };

  Json diag = object_schema(kDiagProps);
  diag["properties"]["statistics"]["properties"] = properties(kDiagStatisticsProps);
  put("diag", std::move(diag));
  put("pings", object_schema(kPingsProps));
  Json ping = object_schema(kPingProps);
  ping["properties"]["ping"]["enum"] = {"UP", "DOWN"};
  put("ping", std::move(ping));
  put("partition", object_schema(kPartitionProps));
  put("partitions_response", object_schema(kPartitionsResponseProps));
  put("error", object_schema(kErrorProps));
  put("signal", {{"type", "string"},
                 {"description", "signal name without the SIG prefix"},
                 {"format", "int32"},
                 {"enum",
                  {"HUP", "INT", "QUIT", "ABRT", "KILL", "ALRM", "TERM", "USR1", "USR2", "URG",
                   "CONT", "STOP", "TSTP", "TTIN", "TTOU"}}});
  Json submission_response = object_schema(kJobSubmissionResponseProps);
  for (const char* k : {"job_id", "step_id", "job_submit_user_msg"})
    keys_first(submission_response["properties"][k], {"description"});
  put("job_submission_response", std::move(submission_response));
  Json submission = {{"required", Json::array({"script"})},
                     {"properties", properties(kJobSubmissionProps)}};
  keys_first(submission["properties"]["jobs"], {"description"});
  put("job_submission", std::move(submission));
  put("jobs_response", object_schema(kJobsResponseProps));
  put("job_response_properties", object_schema(kJobResponsePropertiesProps));
  put("job_resources", object_schema(kJobResourcesProps));
  put("node_allocation", object_schema(kNodeAllocationProps));

  Json job = {{"type", "object"},
              {"required", Json::array({"environment"})},
              {"properties", properties(kJobPropertiesProps)}};
  Json& jp = job["properties"];
  jp["exclusive"]["enum"] = {"user", "mcs", "true", "false"};
  jp["gres_flags"]["enum"] = {"disable-binding", "enforce-binding"};
  jp["nodes"]["maxItems"] = 2;
  jp["nodes"]["minItems"] = 1;
  keys_first(jp["nodes"], {"maxItems", "minItems"});
  jp["open_mode"]["default"] = "append";
  jp["open_mode"]["enum"] = {"append", "truncate"};
  jp["signal"]["pattern"] = "(B:|)sig_num(@sig_time|)";
  keys_first(jp["signal"], {"pattern"});
  put("job_properties", std::move(job));

  Json node = object_schema(kNodeProps);
  // The real document describes these two with an empty text: a fact, not prose.
  for (const char* k : {"features", "next_state_after_reboot"})
    node["properties"][k]["description"] = "";
  put("node", std::move(node));
  put("nodes_response", object_schema(kNodesResponseProps));
  return s;
}

Json both_media(const Json& schema_ref) {
  return {{"application/json", {{"schema", schema_ref}}},
          {"application/x-yaml", {{"schema", schema_ref}}}};
}

// A 200 answer that returns `schema`, plus the other documented status.
Json responses(std::string_view ok_text, std::string_view schema, std::string_view other_code,
               std::string_view other_text) {
  Json ok = {{"description", std::string(ok_text)}};
  if (!schema.empty()) ok["content"] = both_media(ref(schema));
  return {{"200", std::move(ok)},
          {std::string(other_code), {{"description", std::string(other_text)}}}};
}

Json path_param(std::string_view name, std::string_view text, Json schema) {
  return {{"name", std::string(name)},  {"in", "path"},      {"description", std::string(text)},
          {"required", true},           {"style", "simple"}, {"explode", false},
          {"schema", std::move(schema)}};
}

Json operation(std::string_view id, std::string_view summary, Json params, Json body, Json resp) {
  Json op = {{"deprecated", true},
             {"tags", Json::array({"slurm"})},
             {"operationId", std::string(id)},
             {"summary", std::string(summary)}};
  if (!params.is_null()) op["parameters"] = std::move(params);
  if (!body.is_null()) op["requestBody"] = std::move(body);
  op["responses"] = std::move(resp);
  return op;
}

Json request_body(std::string_view text, std::string_view schema) {
  return {
      {"description", std::string(text)}, {"content", both_media(ref(schema))}, {"required", true}};
}

Json paths() {
  const Json job_id =
      path_param("job_id", "numeric job id", {{"type", "integer"}, {"format", "int64"}});
  const Json none;
  Json p = Json::object();
  const std::string base = "/slurm/v0.0.36";
  p[base + "/diag"]["get"] =
      operation("slurmctld_diag", "controller statistics", none, none,
                responses("statistics", "diag", "default", "statistics unavailable"));
  p[base + "/ping"]["get"] =
      operation("slurmctld_ping", "ping the controllers", none, none,
                responses("controller states", "pings", "default", "ping failed"));
  p[base + "/jobs"]["get"] =
      operation("slurmctld_get_jobs", "list jobs", none, none,
                responses("jobs", "jobs_response", "default", "jobs unavailable"));
  Json& job = p[base + "/job/{job_id}"];
  job["get"] = operation("slurmctld_get_job", "show one job", Json::array({job_id}), none,
                         responses("the job", "jobs_response", "default", "no such job"));
  job["post"] = operation("slurmctld_update_job", "change a job", Json::array({job_id}),
                          request_body("fields to change", "job_properties"),
                          responses("job changed", "", "500", "no such job"));
  job["delete"] =
      operation("slurmctld_cancel_job", "cancel a job or send it a signal",
                Json::array({job_id,
                             {{"name", "signal"},
                              {"in", "query"},
                              {"description", "signal to deliver instead of cancelling"},
                              {"required", false},
                              {"style", "form"},
                              {"explode", true},
                              {"schema", ref("signal")}}}),
                none, responses("job cancelled or signalled", "", "500", "no such job"));
  p[base + "/job/submit"]["post"] =
      operation("slurmctld_submit_job", "submit a batch job", none,
                request_body("batch script and job options", "job_submission"),
                responses("job accepted", "job_submission_response", "default", "job refused"));
  p[base + "/nodes"]["get"] =
      operation("slurmctld_get_nodes", "list nodes", none, none,
                responses("nodes", "nodes_response", "default", "nodes unavailable"));
  p[base + "/node/{node_name}"]["get"] =
      operation("slurmctld_get_node", "show one node",
                Json::array({path_param("node_name", "node name", {{"type", "string"}})}), none,
                responses("the node", "nodes_response", "default", "no such node"));
  p[base + "/partitions"]["get"] = operation(
      "slurmctld_get_partitions", "list partitions", none, none,
      responses("partitions", "partitions_response", "default", "partitions unavailable"));
  p[base + "/partition/{partition_name}"]["get"] = operation(
      "slurmctld_get_partition", "show one partition",
      Json::array({path_param("partition_name", "partition name", {{"type", "string"}})}), none,
      responses("the partition", "partitions_response", "default", "no such partition"));
  for (const char* path : {"/openapi.yaml", "/openapi.json", "/openapi", "/openapi/v3"}) {
    p[path] = {{"get",
                {{"tags", Json::array({"openapi"})},
                 {"summary", "this document"},
                 {"responses", {{"200", {{"description", "the OpenAPI document"}}}}}}},
               {"servers", Json::array({Json{{"url", "/"}}})}};
  }
  return p;
}

Json build() {
  Json doc = Json::object();
  doc["tags"] =
      Json::array({Json{{"name", "slurm"}, {"description", "scheduler operations"}},
                   Json{{"name", "openapi"}, {"description", "API description documents"}}});
  doc["paths"] = paths();
  doc["components"]["schemas"] = schemas();
  doc["components"]["securitySchemes"] = {{"user",
                                           {{"type", "apiKey"},
                                            {"description", "name of the calling user"},
                                            {"name", "X-SLURM-USER-NAME"},
                                            {"in", "header"}}},
                                          {"token",
                                           {{"type", "apiKey"},
                                            {"description", "JWT for that user"},
                                            {"name", "X-SLURM-USER-TOKEN"},
                                            {"in", "header"}}}};
  doc["openapi"] = "3.0.2";
  // The title, terms, contact and license are facts of the served document (clients and
  // gateways that import it see the same); only the description is our own words.
  doc["info"] = {
      {"title", "Slurm Rest API"},
      {"description", "Simulated Slurm REST API (openapi/v0.0.36) for testing."},
      {"termsOfService", "https://github.com/SchedMD/slurm/blob/master/DISCLAIMER"},
      {"contact",
       {{"name", "SchedMD LLC"},
        {"url", "https://www.schedmd.com/"},
        {"email", "sales@schedmd.com"}}},
      {"license",
       {{"name", "Apache 2.0"}, {"url", "https://www.apache.org/licenses/LICENSE-2.0.html"}}},
      {"version", "0.0.36"}};
  doc["security"] = Json::array({Json{{"user", Json::array()}, {"token", Json::array()}}});
  doc["servers"] = Json::array({Json{{"url", "/"}}});
  return doc;
}

}  // namespace

const Json& openapi_document() {
  static const Json doc = build();
  return doc;
}

}  // namespace mock_slurmrestd::v0_0_36
