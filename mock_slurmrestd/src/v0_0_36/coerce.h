// Value coercions of the v0.0.36 job parser, measured on the real daemon: how a JSON value
// becomes an integer, a boolean, a time limit, a memory size, a signal or a time, and where each
// one refuses (docs/oracle-notes/jobs-input.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "scheduler_sim/slurm_time.h"
#include "v0_0_36/parse.h"

namespace mock_slurmrestd::v0_0_36 {

std::optional<std::string> scalar_text(const Json& v);
std::optional<int64_t> parse_decimal(const std::string& s);
std::optional<int64_t> to_integer(const Json& v);
std::optional<bool> to_bool(const Json& v);
uint32_t time_field(const std::string& digits, bool negative);
bool unlimited_time_text(const std::string& lowered);
std::optional<uint32_t> time_text_seconds(const std::string& s);
std::optional<int64_t> time_text_minutes(const std::string& raw);
std::optional<int64_t> memory_mib(const Json& v);
bool valid_signal(const std::string& s);
scheduler_sim::SlurmTime read_time_string(const std::string& raw);
std::optional<int32_t> user_env_timeout(const Json& v);

}  // namespace mock_slurmrestd::v0_0_36
