// v0.0.38's answers to requests slurmctld refuses or never gets: v0.0.37's, with its own /diag
// and /licenses.
#include "v0_0_38/refusals.h"

#include "v0_0_37/refusals.h"

namespace mock_slurmrestd::v0_0_38 {

namespace {

// /diag and /licenses, refused or unreachable alike (one call each); others: v0.0.37's.
AuthRejection own(EndpointKind kind, AuthRejection fallback) {
  if (kind != EndpointKind::kDiag && kind != EndpointKind::kLicenses) return fallback;
  AuthRejection r;
  r.handled = true;
  r.status = 500;
  r.content_type = "application/json";
  if (kind == EndpointKind::kDiag) {
    r.errors.push_back(
        v0_0_37::described("request failed", -1, "Unspecified error", "slurm_get_statistics"));
    r.data_key = "statistics";
    r.data_value = Json{{"rpcs_by_message_type", Json::array()}, {"rpcs_by_user", Json::array()}};
  } else {
    r.errors.push_back(v0_0_37::described("slurmctld unable to load licenses", -1,
                                          "Unspecified error", "slurm_load_licenses"));
  }
  return r;
}

}  // namespace

AuthRejection token_refused(AuthStatus status, EndpointKind kind, const RejectionContext& context) {
  AuthRejection r = v0_0_37::token_refused(status, kind, context);
  if (status == AuthStatus::kOk || status == AuthStatus::kMissingHeaders) return r;
  return own(kind, std::move(r));
}

AuthRejection controller_down(EndpointKind kind, const RejectionContext& context, int* calls) {
  AuthRejection r = v0_0_37::controller_down(kind, context, calls);
  if (kind == EndpointKind::kLicenses) *calls = 1;
  return own(kind, std::move(r));
}

}  // namespace mock_slurmrestd::v0_0_38
