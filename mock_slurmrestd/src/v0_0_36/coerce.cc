// Value coercions of the v0.0.36 job parser (coerce.h).
#include "v0_0_36/coerce.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <regex>
#include <sstream>

#include "scheduler_sim/ascii.h"

namespace mock_slurmrestd::v0_0_36 {

using scheduler_sim::ascii_lower;

// The daemon converts scalars to text the way printf would: 5 -> "5", 1.5 -> "1.500000".
std::optional<std::string> scalar_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) {
    return v.is_number_unsigned() ? std::to_string(v.get<uint64_t>())
                                  : std::to_string(v.get<int64_t>());
  }
  if (v.is_number_float()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%f", v.get<double>());
    return std::string(buf);
  }
  if (v.is_null()) return std::string();
  return std::nullopt;
}

// Strict decimal integer text with optional sign: "+3" ok; " 2 ", "0x10", "1.5" are not.
std::optional<int64_t> parse_decimal(const std::string& s) {
  static const std::regex re("^[+-]?[0-9]+$");
  if (!std::regex_match(s, re)) return std::nullopt;
  try {
    return std::stoll(s);
  } catch (...) {
    return std::nullopt;
  }
}

// Integer coercion: integers as is, floats rounded half-to-even (1.5 -> 2, 2.5 -> 2), decimal
// strings parsed; booleans, null, lists and objects fail.
std::optional<int64_t> to_integer(const Json& v) {
  if (v.is_number_unsigned()) {
    uint64_t u = v.get<uint64_t>();
    return u > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(u);
  }
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_float()) {
    double d = std::nearbyint(v.get<double>());
    if (!std::isfinite(d) || std::fabs(d) > 9.2e18) return std::nullopt;
    return static_cast<int64_t>(d);
  }
  if (v.is_string()) return parse_decimal(v.get<std::string>());
  return std::nullopt;
}

// Boolean coercion: a string is false when it is "", "f", "n", "no", "off", "false" (any case)
// or a decimal zero ("0", "00"); any other string ("x", "nope") is true. Numbers: non-zero.
std::optional<bool> to_bool(const Json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_null()) return false;
  if (v.is_number()) return v.get<double>() != 0.0;
  if (v.is_string()) {
    std::string s = ascii_lower(v.get<std::string>());
    static const std::set<std::string> kFalse = {"", "f", "n", "no", "off", "false"};
    if (kFalse.count(s)) return false;
    if (auto n = parse_decimal(s)) return *n != 0;
    return true;
  }
  return std::nullopt;
}

// One numeric field of a Slurm time string as the daemon reads it: a long (saturating at its
// range), of which only the low 32 bits are kept.
uint32_t time_field(const std::string& digits, bool negative) {
  uint64_t limit = negative ? uint64_t{1} << 63 : static_cast<uint64_t>(INT64_MAX);
  uint64_t v = 0;
  for (char c : digits) {
    uint64_t d = static_cast<uint64_t>(c - '0');
    v = v > (limit - d) / 10 ? limit : v * 10 + d;
  }
  return static_cast<uint32_t>(negative ? uint64_t{0} - v : v);
}

// UNLIMITED, infinite or -1 (lowercased text): Slurm's INFINITE in its time strings.
bool unlimited_time_text(const std::string& lowered) {
  return lowered == "unlimited" || lowered == "infinite" || lowered == "-1";
}

// A Slurm time string (M, M:S, H:M:S, D-H, D-H:M, D-H:M:S, -D; lowercased) in seconds, added
// up in 32-bit arithmetic that wraps, as the daemon does; nullopt when it is not one.
std::optional<uint32_t> time_text_seconds(const std::string& s) {
  static const std::regex neg("^-([0-9]+)$");
  static const std::regex days("^([0-9]+)-([0-9]+)(?::([0-9]+))?(?::([0-9]+))?$");
  static const std::regex plain("^([0-9]+)(?::([0-9]+))?(?::([0-9]+))?$");
  std::smatch m;
  uint32_t d = 0, h = 0, mi = 0, sec = 0;
  auto field = [&](int i) { return m[i].matched ? time_field(m[i], false) : 0u; };
  if (std::regex_match(s, m, neg)) {
    d = time_field(m[1], true);
  } else if (std::regex_match(s, m, days)) {
    d = field(1), h = field(2), mi = field(3), sec = field(4);
  } else if (std::regex_match(s, m, plain)) {
    if (m[3].matched) h = field(1), mi = field(2), sec = field(3);  // H:M:S
    else mi = field(1), sec = field(2);                             // M or M:S
  } else {
    return std::nullopt;
  }
  return ((d * 24u + h) * 60u + mi) * 60u + sec;
}

// Slurm time strings to minutes, plus UNLIMITED/infinite/-1. The daemon adds the fields up in
// seconds (time_text_seconds), rounds up to minutes (C division) and keeps the result as an
// unsigned 32-bit limit. Measured on the real daemon: "99999999999" -> 4293812088,
// "35791394:08" -> 4259175903, "1-99999999999999999999" -> 1380, "4000185748464631103-238" ->
// 4285228244, "-2" -> 4294964417.
std::optional<int64_t> time_text_minutes(const std::string& raw) {
  std::string s = ascii_lower(raw);
  if (unlimited_time_text(s)) return kInfiniteMinutes;
  std::optional<uint32_t> seconds = time_text_seconds(s);
  if (!seconds) return std::nullopt;
  int32_t minutes = static_cast<int32_t>(*seconds + 59u) / 60;
  return static_cast<int64_t>(static_cast<uint32_t>(minutes));
}

// Memory with optional K/M/G/T suffix, in MiB. Zero means "not given". The daemon reads the
// number as a 64-bit integer (beyond it: invalid) and scales it in unsigned 64-bit arithmetic
// that wraps (measured: "20000000000000000G" shows 2033255926290448384 and "17592186044416T"
// wraps to 0, no memory asked). Results beyond INT64_MAX are clamped (docs/differences.md).
std::optional<int64_t> memory_mib(const Json& v) {
  if (v.is_number_integer())
    return v.get<int64_t>() >= 0 ? std::optional(v.get<int64_t>()) : std::nullopt;
  if (!v.is_string()) return std::nullopt;
  static const std::regex re("^([0-9]+)([kKmMgGtT]?)[bB]?$");
  std::smatch m;
  std::string s = v.get<std::string>();
  if (!std::regex_match(s, m, re)) return std::nullopt;
  auto n = parse_decimal(m[1]);
  if (!n) return std::nullopt;
  uint64_t u = static_cast<uint64_t>(*n);
  switch (std::tolower(static_cast<unsigned char>(m[2].str().empty() ? 'm' : m[2].str()[0]))) {
    case 'k': u = (u + 1023) / 1024; break;
    case 'g': u *= 1024; break;
    case 't': u *= 1024 * 1024; break;
    default: break;
  }
  return static_cast<int64_t>(std::min<uint64_t>(u, INT64_MAX));
}

// Signal spec: [R:]SIG[@seconds], SIG a number or a name with or without "SIG".
bool valid_signal(const std::string& s) {
  static const std::set<std::string> kNames = {"HUP",  "INT",  "QUIT", "ABRT", "KILL", "ALRM",
                                               "TERM", "USR1", "USR2", "URG",  "CONT", "STOP",
                                               "TSTP", "TTIN", "TTOU", "XCPU"};
  static const std::regex re("^(R:)?([-A-Za-z0-9]+)(@[0-9]+)?$");
  std::smatch m;
  if (!std::regex_match(s, m, re)) return false;
  std::string sig = m[2];
  if (parse_decimal(sig)) return true;
  std::string up;
  for (char c : sig) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (up.rfind("SIG", 0) == 0) up = up.substr(3);
  return kNames.count(up) > 0;
}

// A begin_time/deadline text as slurmrestd's time parser reads it (scheduler_sim/slurm_time.h).
// Whether a text is a time does not depend on the instant it is read at (only what it resolves
// to does, which the simulator works out with its own now), so any fixed instant checks it.
scheduler_sim::SlurmTime read_time_string(const std::string& raw) {
  constexpr scheduler_sim::SimTime kAnyInstant = 1700000000;
  return scheduler_sim::parse_slurm_time(raw, kAnyInstant);
}

// What the daemon makes of `get_user_environment` (sbatch's --get-user-env[=N[S|L]]), measured
// (docs/oracle-notes/jobs-input.md): the value as text (integers in decimal, null as ""), read
// like C's strtol, then only "", S or L (any case) may follow the number, and the result is kept
// in a C int. nullopt: refused. A negative timeout means "not asked for", so the submission
// still needs an environment; 4294967296 wraps to 0 and is accepted.
std::optional<int32_t> user_env_timeout(const Json& v) {
  std::string text;
  if (v.is_null()) text = "";
  else if (v.is_number_integer()) text = v.dump();
  else if (v.is_string()) text = v.get<std::string>();
  else return std::nullopt;  // true/false and floats (1.5, 1000.0) are refused
  char* end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (*end != '\0' && std::string("sSlL").find(*end) == std::string::npos) return std::nullopt;
  return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(value)));
}

}  // namespace mock_slurmrestd::v0_0_36
