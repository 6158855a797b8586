// The served routes of a v0.0.40+ version in OpenAPI terms (names and types measured:
// tests/data/oracle/24.11/openapi_v3.json).
#include "v0_0_40/openapi.h"

#include <string>

namespace mock_slurmrestd::v0_0_40 {

namespace {

Json parameter(const char* in, const char* name, const char* description, bool required,
               Json schema) {
  Json p = Json::object();
  p["in"] = in;
  p["name"] = name;
  p["style"] = std::string(in) == "path" ? "simple" : "form";
  p["explode"] = false;
  p["deprecated"] = false;
  p["allowEmptyValue"] = false;
  p["allowReserved"] = false;
  p["description"] = description;
  p["required"] = required;
  p["schema"] = std::move(schema);
  return p;
}

Json query_filters(const char* what) {
  Json flags = Json::object();
  flags["type"] = "string";
  flags["enum"] =
      Json::array({"ALL", "DETAIL", "MIXED", "LOCAL", "SIBLING", "FEDERATION", "FUTURE"});
  return Json::array({parameter("query", "update_time",
                                (std::string("Only ") + what + " changed since then").c_str(),
                                false, Json{{"type", "string"}}),
                      parameter("query", "flags", "Query flags", false, std::move(flags))});
}

Json get_operation(const std::string& id, const char* summary, Json parameters) {
  Json op = Json::object();
  op["tags"] = Json::array({"slurm"});
  op["summary"] = summary;
  op["operationId"] = id;
  if (!parameters.is_null()) op["parameters"] = std::move(parameters);
  return op;
}

}  // namespace

Json openapi_document(const Shape& shape) {
  const std::string name = shape.name;  // "v0.0.42"
  std::string digits;                   // "0042"
  for (char c : name)
    if (c >= '0' && c <= '9') digits.push_back(c);
  const std::string prefix = "/slurm/" + name;
  const std::string id = "slurm_v" + digits + "_get_";
  Json d = Json::object();
  d["tags"] = Json::array({Json{{"name", "slurm"}, {"description", "slurmctld's methods"}},
                           Json{{"name", "slurmdb"}, {"description", "slurmdbd's methods"}},
                           Json{{"name", "openapi"}, {"description", "this document"}}});
  Json& paths = d["paths"] = Json::object();
  paths[prefix + "/diag/"]["get"] = get_operation(id + "diag", "controller statistics", nullptr);
  paths[prefix + "/ping/"]["get"] = get_operation(id + "ping", "ping the controllers", nullptr);
  paths[prefix + "/nodes/"]["get"] =
      get_operation(id + "nodes", "every node", query_filters("nodes"));
  Json node_params = query_filters("nodes");
  node_params.insert(node_params.begin(),
                     parameter("path", "node_name", "The node", true, Json{{"type", "string"}}));
  paths[prefix + "/node/{node_name}"]["get"] = get_operation(id + "node", "one node", node_params);
  paths[prefix + "/partitions/"]["get"] =
      get_operation(id + "partitions", "every partition", query_filters("partitions"));
  Json part_params = query_filters("partitions");
  part_params.insert(part_params.begin(), parameter("path", "partition_name", "The partition", true,
                                                    Json{{"type", "string"}}));
  paths[prefix + "/partition/{partition_name}"]["get"] =
      get_operation(id + "partition", "one partition", part_params);
  paths[prefix + "/jobs/"]["get"] = get_operation(id + "jobs", "every job", query_filters("jobs"));
  Json job_params = query_filters("jobs");
  job_params.insert(job_params.begin(),
                    parameter("path", "job_id", "The job", true, Json{{"type", "string"}}));
  paths[prefix + "/job/{job_id}"]["get"] = get_operation(id + "job", "one job", job_params);
  paths[prefix + "/jobs/state/"]["get"] = get_operation(
      id + "jobs_state", "the jobs' states",
      Json::array({parameter("query", "job_id", "A job", false, Json{{"type", "string"}})}));
  // The job write routes (job_write_routes.cc).
  const std::string op = "slurm_v" + digits + "_";
  const Json job_id = parameter("path", "job_id", "The job (an id, or id_task, or id+component)",
                                true, Json{{"type", "string"}});
  Json kill_flags = Json{{"type", "string"}};
  kill_flags["enum"] =
      Json::array({"BATCH_JOB", "ARRAY_TASK", "FULL_STEPS_ONLY", "FULL_JOB", "FEDERATION_REQUEUE",
                   "HURRY", "OUT_OF_MEMORY", "NO_SIBLING_JOBS", "RESERVATION_JOB"});
  if (shape.kill_flag_no_cron_jobs) kill_flags["enum"].push_back("NO_CRON_JOBS");
  for (const char* f : {"VERBOSE", "CRON_JOBS", "WARNING_SENT"}) kill_flags["enum"].push_back(f);
  if (shape.allocate_route)
    paths[prefix + "/job/allocate"]["post"] =
        get_operation(op + "post_job_allocate", "allocate resources for a job", nullptr);
  paths[prefix + "/job/submit"]["post"] =
      get_operation(op + "post_job_submit", "submit a batch job", nullptr);
  paths[prefix + "/job/{job_id}"]["delete"] =
      get_operation(op + "delete_job", "signal or cancel a job",
                    Json::array({job_id,
                                 parameter("query", "signal", "The signal (a name or a number)",
                                           false, Json{{"type", "string"}}),
                                 parameter("query", "flags", "Signal flags", false, kill_flags)}));
  paths[prefix + "/job/{job_id}"]["post"] =
      get_operation(op + "post_job", "update a job", Json::array({job_id}));
  paths[prefix + "/jobs/"]["delete"] =
      get_operation(op + "delete_jobs", "signal or cancel jobs", nullptr);
  paths[prefix + "/reservations/"]["get"] =
      get_operation(id + "reservations", "every reservation", query_filters("reservations"));
  Json resv_params = query_filters("reservations");
  resv_params.insert(resv_params.begin(), parameter("path", "reservation_name", "The reservation",
                                                    true, Json{{"type", "string"}}));
  paths[prefix + "/reservation/{reservation_name}"]["get"] =
      get_operation(id + "reservation", "one reservation", resv_params);
  // 26.05's additions (job_control_routes.cc, reservation_routes.cc). DELETE
  // /reservation/{name} is 26.05's on v0.0.42 too, but one document serves both releases.
  if (shape.reservation_writes) {
    paths[prefix + "/reservations/"]["post"] =
        get_operation(op + "post_reservations", "create or update reservations", nullptr);
    paths[prefix + "/reservation"]["post"] =
        get_operation(op + "post_reservation", "create or update a reservation", nullptr);
    paths[prefix + "/reservation/{reservation_name}"]["delete"] =
        get_operation(op + "delete_reservation", "delete a reservation",
                      Json::array({parameter("path", "reservation_name", "The reservation", true,
                                             Json{{"type", "string"}})}));
  }
  if (shape.resources_route)
    paths[prefix + "/resources/{job_id}"]["get"] =
        get_operation(op + "get_resources", "get resource layout info", Json::array({job_id}));
  if (shape.requeue_routes) {
    Json requeue_params = Json::array({job_id});
    for (const char* flag : {"Incomplete", "Hold", "SpecialExit"})
      requeue_params.push_back(parameter("query", flag, flag, false, Json{{"type", "string"}}));
    paths[prefix + "/job/{job_id}/requeue"]["get"] =
        get_operation(op + "get_job_requeue", "request job requeue", requeue_params);
    paths[prefix + "/jobs/requeue"]["post"] =
        get_operation(op + "post_jobs_requeue", "batch requeue job(s)", nullptr);
  }
  paths[prefix + "/licenses/"]["get"] = get_operation(id + "licenses", "every license", nullptr);
  paths[prefix + "/shares"]["get"] = get_operation(id + "shares", "fair-share data", nullptr);
  paths[prefix + "/reconfigure/"]["get"] =
      get_operation(id + "reconfigure", "have slurmctld re-read its configuration", nullptr);
  d["components"]["schemas"] = Json::object();
  Json& sec = d["components"]["securitySchemes"];
  sec["user"] = {{"type", "apiKey"},
                 {"description", "the user name"},
                 {"name", "X-SLURM-USER-NAME"},
                 {"in", "header"}};
  sec["token"] = {{"type", "apiKey"},
                  {"description", "the user's token"},
                  {"name", "X-SLURM-USER-TOKEN"},
                  {"in", "header"}};
  sec["bearerAuth"] = {{"type", "http"},
                       {"description", "a bearer token"},
                       {"scheme", "bearer"},
                       {"bearerFormat", "JWT"}};
  d["info"]["title"] = "Slurm REST API";
  d["info"]["version"] = "openapi/slurmctld";
  d["servers"] = Json::array({Json{{"url", "/"}}});
  d["security"] = Json::array({Json{{"user", Json::array()}, {"token", Json::array()}},
                               Json{{"token", Json::array()}}, Json{{"bearerAuth", Json::array()}},
                               Json::object()});
  d["openapi"] = "3.0.3";
  return d;
}

}  // namespace mock_slurmrestd::v0_0_40
