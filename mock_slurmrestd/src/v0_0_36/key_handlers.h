// The v0.0.36 job parser's table of key handlers: what each job_properties key reads, how it is
// coerced and stored in a JobSpec, and the failure it reports (the versions' ParserRules word
// the failures; parse.cc walks a body through this table).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "v0_0_36/parse.h"

namespace mock_slurmrestd::v0_0_36 {

inline constexpr int kErrParse = 9202;  // ESLURM_DATA_CONV_FAILED as the daemon reports it

// A key failed: unknown, disabled, or its value refused with the value's own entries (property-
// parser order: "error" then "error_code") and the number the key's final entry reports.
struct KeyFailure {
  enum Kind { kUnknown, kDisabled, kValue, kSilent } kind = kValue;
  std::vector<ApiError> errors;
  int code = -1;
};

inline ApiError prop_error(std::string message, int code) {
  return ApiError{std::move(message), std::nullopt, code, false};
}
inline ApiError handler_error(std::string message, int code) {
  return ApiError{std::move(message), std::nullopt, code, true};
}

using Handler = std::function<std::optional<KeyFailure>(const std::string& key, const Json& v,
                                                        scheduler_sim::JobSpec& spec,
                                                        std::vector<ApiError>& warn)>;

// Every key the parser knows, by its (lowercased) name.
const std::map<std::string, Handler>& handlers();
// The handler of a key the table does not have.
Handler unknown_key();

}  // namespace mock_slurmrestd::v0_0_36
