// Reading v0.0.37's {job_id} text: the daemon's path parser, Slurm's job id translation.
#include "v0_0_37/job_id.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <string_view>
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

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// How many digits start text at `i`.
size_t digits_at(const std::string& text, size_t i) {
  size_t n = 0;
  while (i + n < text.size() && is_digit(text[i + n])) ++n;
  return n;
}

// One of `words` (lower case), case aside.
bool one_of(const std::string& text, std::initializer_list<std::string_view> words) {
  if (text.size() > 5) return false;  // the longest word
  const std::string lower = scheduler_sim::ascii_lower(text);
  for (std::string_view w : words)
    if (lower == w) return true;
  return false;
}

// [+-]digits
bool is_integer(const std::string& s) {
  const size_t sign = !s.empty() && (s[0] == '+' || s[0] == '-');
  return s.size() > sign && digits_at(s, sign) == s.size() - sign;
}

// [+-]digits*.digits*([eE][+-]digits)?
bool is_decimal(const std::string& s) {
  size_t i = !s.empty() && (s[0] == '+' || s[0] == '-');
  i += digits_at(s, i);
  if (i >= s.size() || s[i] != '.') return false;
  i += 1 + digits_at(s, i + 1);
  if (i == s.size()) return true;
  if (s[i] != 'e' && s[i] != 'E') return false;
  ++i;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const size_t exp = digits_at(s, i);
  return exp > 0 && i + exp == s.size();
}

}  // namespace

// The path parser reads a segment as a boolean, an integer or a decimal when it looks like
// one (the order matters: "t" is true, not text). Plain scans, not regexes: this runs on every
// job request.
std::string job_id_text(const std::string& segment) {
  if (one_of(segment, {"y", "yes", "t", "true", "on"})) return "true";
  if (one_of(segment, {"n", "no", "f", "false", "off"})) return "false";
  if (is_integer(segment)) {
    size_t stop = 0;
    return std::to_string(c_strtol(segment, &stop));  // saturates at the int64 limits
  }
  if (is_decimal(segment) && segment.find_first_of("0123456789") != std::string::npos) {
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
