// v0.0.37's answers to requests slurmctld refuses or never gets (measured on the real 22.05.8
// daemon with a garbage token, and with its slurmctld stopped: every slurmctld call then
// costs ~9 s before the answer).
#include "v0_0_37/refusals.h"

#include <string>

#include "v0_0_36/refusals.h"
#include "v0_0_37/job_id.h"

namespace mock_slurmrestd::v0_0_37 {

namespace {

constexpr const char* kConnectFailure = "Unable to contact slurm controller (connect failure)";

Json errno_entry(const std::string& error, int number) {
  Json e = Json::object();
  e["error"] = error;
  e["errno"] = number;
  return e;
}

AuthRejection json_500(const char* data_key = "") {
  AuthRejection r;
  r.handled = true;
  r.status = 500;
  r.content_type = "application/json";
  r.data_key = data_key;
  return r;
}

// slurmctld did not answer: the answer of each endpoint (`down`: unreachable, else the token
// was refused), and how many calls it made.
AuthRejection refused(bool down, EndpointKind kind, const RejectionContext& ctx, int* calls) {
  *calls = 1;
  // ".../job/" without an id: GET and DELETE are 405 before anything is asked, POST submits.
  const bool job_route = kind == EndpointKind::kJobGet || kind == EndpointKind::kJobDelete ||
                         kind == EndpointKind::kJobUpdate;
  if (job_route && ctx.job_id.empty()) {
    if (kind != EndpointKind::kJobUpdate) {
      *calls = 0;
      return AuthRejection{};
    }
    kind = EndpointKind::kJobSubmit;
  }
  const Json unspecified = errno_entry("Unspecified error", -1);
  switch (kind) {
    case EndpointKind::kPing: {
      AuthRejection r = json_500();
      r.errors.push_back(described("slurmctld config is unable to load", -1, "Unspecified error",
                                   "slurm_load_ctl_conf"));
      return r;
    }
    case EndpointKind::kDiag: {
      AuthRejection r = json_500("statistics");
      r.data_value = Json::object();
      r.errors.push_back(unspecified);
      return r;
    }
    case EndpointKind::kJobs: {
      AuthRejection r = json_500("jobs");
      r.errors.push_back(
          described("Failed while looking for jobs", -1, "Unspecified error", "slurm_load_jobs"));
      return r;
    }
    case EndpointKind::kJobGet: {
      // The id is translated first: text that is no job id never reaches slurmctld; an array
      // task's translation asks slurmctld and, refused, finds none.
      const std::string text = job_id_text(ctx.job_id);
      const bool task = text.find('_') != std::string::npos;
      *calls = 2;
      if (translate_job_id(text, nullptr) == 0) {
        *calls = task ? 2 : 0;
        AuthRejection r;
        r.handled = true;
        r.status = 400;
        r.content_type = "application/json";
        r.errors.push_back(
            described("Unable to find JobId=" + text, 9002,
                      "Jobs description entry not found, empty or not dictionary or list",
                      "_handle_job_get"));
        return r;
      }
      AuthRejection r = json_500("jobs");
      r.errors.push_back(
          described("Unable to find JobId=" + text, -1, "Unspecified error", "slurm_load_job"));
      return r;
    }
    case EndpointKind::kJobDelete: {
      AuthRejection r = json_500();
      const std::string why = down ? kConnectFailure : "Zero Bytes were transmitted or received";
      r.errors.push_back(described("unable to kill JobId=" + job_id_text(ctx.job_id) +
                                       " with signal " + std::to_string(ctx.signal) + ": " + why,
                                   down ? 1800 : 5005, why, "slurm_kill_job"));
      return r;
    }
    case EndpointKind::kJobUpdate: {
      AuthRejection r = json_500();
      r.errors.push_back(described("job update from " + ctx.peer + " failed", 1000,
                                   "Unexpected message received", "_parse_job_list"));
      return r;
    }
    case EndpointKind::kJobSubmit: {
      AuthRejection r = json_500();
      Json e = Json::object();  // this handler writes error_code before error
      e["error_code"] = down ? 1800 : 5005;
      e["error"] = down ? kConnectFailure : "Zero Bytes were transmitted or received";
      r.errors.push_back(std::move(e));
      return r;
    }
    case EndpointKind::kNodes: {
      AuthRejection r = json_500("nodes");
      r.errors.push_back(unspecified);
      return r;
    }
    case EndpointKind::kPartitions: {
      AuthRejection r = json_500("partitions");
      r.errors.push_back(unspecified);
      return r;
    }
    case EndpointKind::kReservations: {
      AuthRejection r = json_500("reservations");
      r.errors.push_back(unspecified);
      return r;
    }
    case EndpointKind::kReservation: {
      AuthRejection r = json_500("reservations");
      r.errors.push_back(errno_entry("Requested reservation is invalid", 2053));
      return r;
    }
    case EndpointKind::kLicenses:  // not a v0.0.37 route
    case EndpointKind::kOpenapi:
    case EndpointKind::kOther: break;
  }
  *calls = 0;
  return AuthRejection{};
}

}  // namespace

Json described(const std::string& description, int error_number, const std::string& error,
               const std::string& source) {
  return Json{{"description", description},
              {"error_number", error_number},
              {"error", error},
              {"source", source}};
}

AuthRejection token_refused(AuthStatus status, EndpointKind kind, const RejectionContext& context) {
  if (status == AuthStatus::kOk || status == AuthStatus::kMissingHeaders)
    return v0_0_36::token_refused(status, kind, context);  // nothing, or the 401 text
  int calls = 0;
  return refused(false, kind, context, &calls);
}

AuthRejection controller_down(EndpointKind kind, const RejectionContext& context, int* calls) {
  return refused(true, kind, context, calls);
}

}  // namespace mock_slurmrestd::v0_0_37
