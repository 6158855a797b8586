// Reads v0.0.36 job submission and job update bodies into scheduler_sim::JobSpec, as slurmrestd
// does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "envelope.h"
#include "scheduler_sim/job.h"

namespace mock_slurmrestd::v0_0_36 {

// Slurm's INFINITE for minute fields: what "UNLIMITED", "infinite", -1 and 4294967295 mean in
// time_limit. The simulator must treat it as "no limit" (unlike an unset limit, which takes the
// partition default).
using scheduler_sim::kInfiniteMinutes;

// The name v0.0.36 gives a job submitted without one, and that its updates give (see
// update_job in jobs.cc).
inline constexpr const char* kUnnamedJob = "openapi";

// One entry of the response's "errors" array. The real daemon prints entries made by the
// property parser as {"error", "error_code"} and entries made by the submit handler as
// {"error_code", "error"}; code_first records which order to print.
struct ApiError {
  std::string message;
  std::optional<int> errno_value;
  std::optional<int> error_code;
  bool code_first = false;
  bool operator==(const ApiError&) const = default;
};

// Outcome of reading a request body into a JobSpec. On failure the handler answers `status`
// with `errors` in the envelope (or, when text_body is set, a text/plain body instead of JSON).
// On success `errors` may still hold non-fatal entries the daemon prints before its own
// (e.g. "Unable to read string" for a list current_working_directory).
struct ParseResult {
  bool ok = false;
  scheduler_sim::JobSpec spec;  // filled on success (first component of a het job)
  std::vector<scheduler_sim::JobSpec> het_components;  // all components when "job(s)" is a list
  int status = 200;                                    // HTTP status to answer on failure
  std::optional<std::string> text_body;  // e.g. "Unable to parse query." for unparsable bodies
  std::vector<ApiError> errors;
};

// What to answer when the body is not valid JSON/YAML: 400 text/plain "Unable to parse query."
// (both submit and update).
ParseResult unparsable_body();

// POST /slurm/v0.0.36/job/submit. `body` is the decoded document; pass null for an empty body.
ParseResult parse_job_submission(const Json& body);

// POST /slurm/v0.0.36/job/{job_id}: the body is a bare job_properties object. `client` is the
// peer as the daemon names it ("[localhost]:51306"); it appears in the error text.
ParseResult parse_job_update(const Json& body, const std::string& client = "[localhost]:0");

// Renders errors in the daemon's key order, for the handler's envelope "errors" array.
Json render_errors(const std::vector<ApiError>& errors);

}  // namespace mock_slurmrestd::v0_0_36
