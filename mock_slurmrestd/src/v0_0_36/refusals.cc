// v0.0.36's answers to requests slurmctld refuses or never gets: a refused token (captured
// from slurmrestd 22.05.8) and an unreachable controller (captured with its slurmctld killed;
// see docs/oracle-notes/http.md "Controller down").
#include "v0_0_36/refusals.h"

#include <string>

namespace mock_slurmrestd::v0_0_36 {

namespace {

Json error_entry(const std::string& message, const char* code_key, int code) {
  Json entry = Json::object();
  entry["error"] = message;
  entry[code_key] = code;
  return entry;
}

constexpr const char* kConnectFailure = "Unable to contact slurm controller (connect failure)";

}  // namespace

AuthRejection token_refused(AuthStatus status, EndpointKind kind, const RejectionContext& context) {
  AuthRejection r;
  if (status == AuthStatus::kOk) return r;
  if (status == AuthStatus::kMissingHeaders) {
    r.handled = true;
    r.status = 401;
    r.content_type = "text/plain";
    r.text_body = "Authentication failure";
    return r;
  }
  // A refused token: slurmrestd routes normally and the handler's RPC fails.
  if (kind == EndpointKind::kOpenapi || kind == EndpointKind::kOther) return r;
  r.handled = true;
  r.status = 500;
  r.content_type = "application/json";
  switch (kind) {
    case EndpointKind::kPing:
      r.errors.push_back(
          error_entry("_op_handler_ping: slurmctld config is unable to load: Unknown error 5005",
                      "errno", 5005));
      r.errors.push_back(Json{{"error", "_op_handler_ping: slurmctld config is missing"}});
      break;
    case EndpointKind::kDiag:
      // Observed: {"error": "Unspecified error", "errno": -1} and an empty statistics object.
      // (The real daemon has also been seen to crash here instead.)
      r.errors.push_back(error_entry("Unspecified error", "errno", -1));
      r.data_key = "statistics";
      r.data_value = Json::object();
      break;
    case EndpointKind::kJobs:
      r.data_key = "jobs";  // no error entry at all, as observed
      break;
    case EndpointKind::kJobGet:
      r.errors.push_back(
          error_entry("_handle_job_get: unknown job " + context.job_id, "error_code", 0));
      r.data_key = "jobs";
      break;
    case EndpointKind::kJobDelete:
      r.errors.push_back(error_entry("_handle_job_delete: unable to kill job " + context.job_id +
                                         " with signal " + std::to_string(context.signal) +
                                         ": Zero Bytes were transmitted or received",
                                     "error_code", 0));
      break;
    case EndpointKind::kJobUpdate:
      r.errors.push_back(error_entry("_handle_job_post: job update from " + context.peer +
                                         " failed: Unexpected message received",
                                     "error_code", 0));
      break;
    case EndpointKind::kJobSubmit: {
      Json entry = Json::object();  // this handler writes error_code before error
      entry["error_code"] = 5005;
      entry["error"] = "Zero Bytes were transmitted or received";
      r.errors.push_back(entry);
      break;
    }
    case EndpointKind::kNodes:
      r.errors.push_back(error_entry("Invalid node name specified", "errno", 2018));
      r.data_key = "nodes";
      break;
    case EndpointKind::kPartitions:
      r.errors.push_back(error_entry("Invalid partition name specified", "errno", 2000));
      r.data_key = "partitions";
      break;
    case EndpointKind::kReservations:
    case EndpointKind::kReservation:
    case EndpointKind::kLicenses:  // routes v0.0.36 does not serve
      r.handled = false;
      break;
    case EndpointKind::kOpenapi:
    case EndpointKind::kOther: break;
  }
  return r;
}

AuthRejection controller_down(EndpointKind kind, const RejectionContext& context, int* calls) {
  AuthRejection r;
  r.handled = true;
  r.status = 500;
  r.content_type = "application/json";
  r.close_connection = true;
  *calls = 1;
  switch (kind) {
    case EndpointKind::kPing: {
      r.errors.push_back(
          error_entry("_op_handler_ping: slurmctld config is unable to load: Unknown error 1800",
                      "errno", 1800));
      Json missing = Json::object();
      missing["error"] = "_op_handler_ping: slurmctld config is missing";
      r.errors.push_back(std::move(missing));
      break;
    }
    case EndpointKind::kDiag:
      r.errors.push_back(error_entry("Unspecified error", "errno", -1));
      r.data_key = "statistics";
      r.data_value = Json::object();
      break;
    case EndpointKind::kJobs:
      r.data_key = "jobs";  // no error entry at all, only the 500
      break;
    case EndpointKind::kJobGet:
      // The daemon loads the job, fails, retries the lookup, then reports it unknown.
      *calls = 2;
      r.errors.push_back(
          error_entry("_handle_job_get: unknown job " + context.job_id, "error_code", 0));
      r.data_key = "jobs";
      break;
    case EndpointKind::kJobDelete:
      r.errors.push_back(error_entry("_handle_job_delete: unable to kill job " + context.job_id +
                                         " with signal " + std::to_string(context.signal) + ": " +
                                         kConnectFailure,
                                     "error_code", 0));
      break;
    case EndpointKind::kJobUpdate:
      r.errors.push_back(error_entry("_handle_job_post: job update from " + context.peer +
                                         " failed: Unexpected message received",
                                     "error_code", 0));
      break;
    case EndpointKind::kJobSubmit: {
      Json e = Json::object();  // this handler writes error_code before error
      e["error_code"] = 1800;
      e["error"] = kConnectFailure;
      r.errors.push_back(std::move(e));
      break;
    }
    case EndpointKind::kNodes:
      r.errors.push_back(error_entry("Invalid node name specified", "errno", 2018));
      r.data_key = "nodes";
      break;
    case EndpointKind::kPartitions:
      r.errors.push_back(error_entry("Invalid partition name specified", "errno", 2000));
      r.data_key = "partitions";
      break;
    case EndpointKind::kReservations:
    case EndpointKind::kReservation:
    case EndpointKind::kLicenses:  // routes v0.0.36 does not serve
    case EndpointKind::kOpenapi:
    case EndpointKind::kOther:
      r.handled = false;
      *calls = 0;
      break;
  }
  return r;
}

}  // namespace mock_slurmrestd::v0_0_36
