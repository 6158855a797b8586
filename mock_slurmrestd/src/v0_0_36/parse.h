// Reads v0.0.36 job submission and job update bodies into scheduler_sim::JobSpec, as slurmrestd
// does.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
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
// {"error_code", "error"}; code_first records which order to print. Later versions also print
// {"description", "error_number", "error", "source"} (description set; error_number and the
// error text left out when error_number is unset, as for an unknown key).
struct ApiError {
  std::string message;
  std::optional<int> errno_value;
  std::optional<int> error_code;
  bool code_first = false;
  std::optional<std::string> description;
  std::optional<int> error_number;
  std::string source;
  bool operator==(const ApiError&) const = default;
};

// The {description, error_number, error, source} entry (error_number unset: no number, no error).
ApiError described_error(std::string description, std::optional<int> error_number,
                         std::string error, std::string source);

// How a version's job parser names keys and reports refused ones. The value readers are
// v0.0.36's (the daemon's option parser is shared by its plugins); a version changes which keys
// reach them, under which names, and the words of the refusal. The defaults are v0.0.36's.
struct ParserRules {
  // A value reader of the version's own: the per-value error entries when it refuses the value.
  using Reader = std::function<std::optional<std::vector<ApiError>>(
      const std::string& key, const Json& value, scheduler_sim::JobSpec& spec)>;
  bool lowercase_keys = false;                 // keys are looked up lower-cased
  std::map<std::string, std::string> aliases;  // key -> the key whose reader reads it
  std::set<std::string> unknown;               // keys refused as unknown (the reader ignored)
  std::set<std::string> disabled;              // keys refused as disabled
  std::set<std::string> silent;                // keys that fail with no entry of their own
  std::set<std::string> silent_when_accepted;  // ... once their v0.0.36 reader accepts the value
  std::map<std::string, Reader> readers;       // the version's own keys
  // The entries of a refused key: unknown, disabled, or after its value's own entries (`code`:
  // the error number v0.0.36 reports there).
  std::function<ApiError(const std::string& key)> unknown_key;
  std::function<ApiError(const std::string& key)> disabled_key;
  std::function<ApiError(const std::string& key, int code)> value_refused;
  // An update body refused by the parser: the status and the final entry (`client`: the peer).
  int update_refused_status = 500;
  std::function<ApiError(const std::string& client)> update_refused;
};

// v0.0.36's rules (the defaults).
const ParserRules& v0_0_36_rules();

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
ParseResult parse_job_submission(const Json& body, const ParserRules& rules = v0_0_36_rules());

// POST /slurm/v0.0.36/job/{job_id}: the body is a bare job_properties object. `client` is the
// peer as the daemon names it ("[localhost]:51306"); it appears in the error text.
ParseResult parse_job_update(const Json& body, const std::string& client = "[localhost]:0",
                             const ParserRules& rules = v0_0_36_rules());

// Renders errors in the daemon's key order, for the handler's envelope "errors" array.
Json render_errors(const std::vector<ApiError>& errors);

}  // namespace mock_slurmrestd::v0_0_36
