// Reading v0.0.37's {job_id} text: the daemon's path parser, Slurm's job id translation.
#include "v0_0_37/job_id.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <regex>

#include "scheduler_sim/ascii.h"

namespace mock_slurmrestd::v0_0_37 {

namespace {

// A C long read the way strtol reads one (leading blanks, a sign, saturating), and where it
// stopped.
int64_t c_strtol(const std::string& text, size_t* stop) {
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(begin, &end, 10);
  *stop = static_cast<size_t>(end - begin);
  return v;
}

}  // namespace

std::string job_id_text(const std::string& segment) {
  static const std::regex kTrue("^(y|yes|t|true|on)$", std::regex::icase);
  static const std::regex kFalse("^(n|no|f|false|off)$", std::regex::icase);
  static const std::regex kInteger("^[+-]?[0-9]+$");
  static const std::regex kDecimal("^[+-]?[0-9]*\\.[0-9]*([eE][+-]?[0-9]+)?$");
  if (std::regex_match(segment, kTrue)) return "true";
  if (std::regex_match(segment, kFalse)) return "false";
  if (std::regex_match(segment, kInteger)) {
    size_t stop = 0;
    return std::to_string(c_strtol(segment, &stop));  // saturates at the int64 limits
  }
  if (std::regex_match(segment, kDecimal) &&
      segment.find_first_of("0123456789") != std::string::npos) {
    const double v = std::nearbyint(std::strtod(segment.c_str(), nullptr));
    // Out of range (and so the infinities) becomes INT64_MIN, as the x86 conversion does.
    if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0))
      return std::to_string(INT64_MIN);
    return std::to_string(static_cast<int64_t>(v));
  }
  return segment;
}

uint32_t translate_job_id(const std::string& text, const scheduler_sim::Simulator* sim) {
  size_t stop = 0;
  const uint32_t id = static_cast<uint32_t>(c_strtol(text, &stop));
  if (stop == text.size()) return id;
  const std::string rest = text.substr(stop + 1);
  size_t rest_stop = 0;
  const int64_t n = c_strtol(rest, &rest_stop);
  if (rest_stop != rest.size()) return 0;
  if (text[stop] == '+') return id + static_cast<uint16_t>(n);
  if (text[stop] != '_') return 0;
  const uint16_t task = static_cast<uint16_t>(n);
  if (!sim) return 0;
  for (const scheduler_sim::Job* job : sim->jobs()) {
    if (job->array_job_id == id && job->array_task_id && *job->array_task_id == task)
      return job->job_id;
  }
  return 0;
}

std::optional<ArrayTaskRef> array_task_ref(const std::string& text) {
  size_t stop = 0;
  const auto id = static_cast<uint32_t>(c_strtol(text, &stop));
  if (stop == text.size() || text[stop] != '_') return std::nullopt;
  const std::string rest = text.substr(stop + 1);
  size_t rest_stop = 0;
  const int64_t n = c_strtol(rest, &rest_stop);
  if (rest_stop != rest.size()) return std::nullopt;
  return ArrayTaskRef{id, static_cast<uint16_t>(n)};
}

bool names_array_task(const std::string& text) {
  static const std::regex kTask("^[^_]*[0-9]_[+-]?[0-9]+$");
  return std::regex_match(text, kTask);
}

}  // namespace mock_slurmrestd::v0_0_37
