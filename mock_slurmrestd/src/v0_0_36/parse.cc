// Job submission/update body parsing with the real slurmrestd v0.0.36's coercions and messages.
#include "v0_0_36/parse.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "scheduler_sim/ascii.h"
#include "scheduler_sim/slurm_time.h"
#include "v0_0_36/cpu_frequency.h"

namespace mock_slurmrestd::v0_0_36 {
namespace {

using scheduler_sim::ascii_lower;
using scheduler_sim::JobSpec;

constexpr int kErrParse = 9202;          // ESLURM_DATA_CONV_FAILED as the daemon reports it
constexpr int kErrFailedParsing = 9001;  // "Failure during parsing"
constexpr int kErrJobsMissing = 9002;
constexpr int kErrScriptMissing = 2009;
constexpr int kErrEnvMissing = 2127;

// A key failed: unknown, disabled, or its value refused with the value's own entries (property-
// parser order: "error" then "error_code") and the number the key's final entry reports.
struct KeyFailure {
  enum Kind { kUnknown, kDisabled, kValue, kSilent } kind = kValue;
  std::vector<ApiError> errors;
  int code = -1;
};

ApiError prop_error(std::string message, int code) {
  return ApiError{std::move(message), std::nullopt, code, false};
}
ApiError handler_error(std::string message, int code) {
  return ApiError{std::move(message), std::nullopt, code, true};
}

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

// --- key handlers --------------------------------------------------------------------------

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

using Handler = std::function<std::optional<KeyFailure>(
    const std::string& key, const Json& v, JobSpec& spec, std::vector<ApiError>& warn)>;

KeyFailure fail(const std::string&, std::vector<ApiError> first = {}, int code = -1) {
  return KeyFailure{KeyFailure::kValue, std::move(first), code};
}

// Plain string keys: scalars become text; lists/objects fail with no specific message.
Handler str_into(std::optional<std::string> JobSpec::*field) {
  return [field](const std::string& key, const Json& v, JobSpec& spec,
                 std::vector<ApiError>&) -> std::optional<KeyFailure> {
    auto t = scalar_text(v);
    if (!t) return fail(key);
    if (field) spec.*field = *t;
    return std::nullopt;
  };
}
Handler str_ignored() { return str_into(nullptr); }

// String keys read with a typed reader: lists/objects fail "Unable to read string".
Handler read_str(std::function<std::optional<std::string>(const std::string&, JobSpec&)> apply) {
  return [apply](const std::string& key, const Json& v, JobSpec& spec,
                 std::vector<ApiError>&) -> std::optional<KeyFailure> {
    auto t = scalar_text(v);
    if (!t) return fail(key, {prop_error("Unable to read string", kErrParse)});
    if (auto msg = apply(*t, spec)) return fail(key, {prop_error(*msg, -1)});
    return std::nullopt;
  };
}

// Integer keys with an optional lower bound check (message when below).
Handler int_into(std::optional<int64_t> JobSpec::*field,
                 const char* read_msg = "Unable to read integer value",
                 std::optional<int64_t> min = std::nullopt, const char* min_msg = nullptr,
                 std::optional<int64_t> max = std::nullopt, const char* max_msg = nullptr) {
  return [=](const std::string& key, const Json& v, JobSpec& spec,
             std::vector<ApiError>&) -> std::optional<KeyFailure> {
    auto n = to_integer(v);
    if (!n) return fail(key, {prop_error(read_msg, kErrParse)});
    if (min && *n < *min) return fail(key, {prop_error(min_msg, -1)});
    if (max && *n > *max) return fail(key, {prop_error(max_msg, -1)});
    if (field) spec.*field = *n;
    return std::nullopt;
  };
}

// Integers the daemon keeps in a C int, and then in 16 bits (cores_per_socket, tasks_per_node,
// ...): INT_MAX and beyond are "Integer too large", INT_MIN and below "Integer too small"
// (measured), a value under `min` gets `min_msg` (checked between the two), and `store`
// keeps what the controller makes of the rest.
Handler c_int(std::function<void(int64_t, JobSpec&)> store, std::optional<int64_t> min = {},
              const char* min_msg = nullptr) {
  return [=](const std::string& key, const Json& v, JobSpec& spec,
             std::vector<ApiError>&) -> std::optional<KeyFailure> {
    auto n = to_integer(v);
    if (!n) return fail(key, {prop_error("Unable to read integer value", kErrParse)});
    if (*n >= INT32_MAX) return fail(key, {prop_error("Integer too large", -1)});
    if (min && *n < *min) return fail(key, {prop_error(min_msg, -1)});
    if (*n <= INT32_MIN) return fail(key, {prop_error("Integer too small", -1)});
    store(*n, spec);
    return std::nullopt;
  };
}

// The low 16 bits, as the controller's 16-bit fields keep a value (-1 -> 65535, 65537 -> 1).
// 65534 there is Slurm's "not given" (NO_VAL16) and 65535 its "unlimited" (INFINITE16).
constexpr int64_t kNoVal16 = 0xFFFE, kInfinite16 = 0xFFFF;
int64_t low16(int64_t n) { return static_cast<uint16_t>(static_cast<uint64_t>(n)); }

// A node geometry request (sockets_per_node, cores_per_socket, threads_per_core): shown in 16
// bits, none when that is "not given" (oracle: -1 -> 65535, -2 and 65534 -> null, 65536 -> 0).
Handler geometry_into(std::optional<int64_t> JobSpec::*field) {
  return c_int([field](int64_t n, JobSpec& spec) {
    const int64_t v = low16(n);
    if (v == kNoVal16) spec.*field = std::nullopt;
    else spec.*field = v;
  });
}

// tasks_per_core, tasks_per_socket: as geometry_into, but "unlimited" is none too (-1 -> null).
Handler task_limit_into(std::optional<int64_t> JobSpec::*field) {
  return c_int([field](int64_t n, JobSpec& spec) {
    const int64_t v = low16(n);
    if (v == kNoVal16 || v == kInfinite16) spec.*field = std::nullopt;
    else spec.*field = v;
  });
}

// Boolean keys. list_msg: the message when given a list/object (nullptr: no specific message);
// lenient: lists/objects are accepted and ignored (requeue, minimum_nodes, spread_job).
Handler bool_into(std::optional<bool> JobSpec::*field, const char* list_msg = nullptr,
                  bool lenient = false) {
  return [=](const std::string& key, const Json& v, JobSpec& spec,
             std::vector<ApiError>&) -> std::optional<KeyFailure> {
    auto b = to_bool(v);
    if (!b) {
      if (lenient) return std::nullopt;
      if (list_msg) return fail(key, {prop_error(list_msg, kErrParse)});
      return fail(key);
    }
    if (field) spec.*field = *b;
    return std::nullopt;
  };
}

Handler unknown_key() {
  return [](const std::string&, const Json&, JobSpec&,
            std::vector<ApiError>&) -> std::optional<KeyFailure> {
    return KeyFailure{KeyFailure::kUnknown, {}, 3};
  };
}
Handler disabled_key() {
  return [](const std::string&, const Json&, JobSpec&,
            std::vector<ApiError>&) -> std::optional<KeyFailure> {
    return KeyFailure{KeyFailure::kDisabled, {}, -1};
  };
}

std::optional<KeyFailure> parse_environment(const std::string& key, const Json& v, JobSpec& spec,
                                            std::vector<ApiError>&) {
  if (!v.is_object()) return fail(key, {prop_error("environment must be a dictionary", -1)});
  spec.environment.clear();
  for (auto it = v.begin(); it != v.end(); ++it) {
    auto t = scalar_text(it.value());
    spec.environment[it.key()] = t ? *t : it.value().dump();
  }
  return std::nullopt;
}

std::optional<KeyFailure> parse_nodes(const std::string& key, const Json& v, JobSpec& spec,
                                      std::vector<ApiError>&) {
  if (v.is_array()) {
    if (v.size() != 2) return fail(key, {prop_error("Invalid node count list size", -1)});
    for (const Json& e : v) {
      bool numeric = e.is_number() || (e.is_string() && parse_decimal(e.get<std::string>()));
      if (!numeric) {
        return fail(key, {prop_error("Invalid node count", kErrParse),
                          prop_error("Invalid node count specification", -1)});
      }
    }
    // Quirk: the daemon accepts the [min, max] form but the job keeps default node counts.
    spec.nodes.reset();
    return std::nullopt;
  }
  if (v.is_number_integer()) {
    spec.nodes = v.is_number_unsigned() ? std::to_string(v.get<uint64_t>())
                                        : std::to_string(v.get<int64_t>());
    return std::nullopt;
  }
  static const std::regex re("^([0-9]+)?(-[0-9]+)?$");
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    std::smatch m;
    if (!s.empty() && std::regex_match(s, m, re) && (m[1].matched || m[2].matched)) {
      spec.nodes = s;
      return std::nullopt;
    }
  }
  return fail(key, {prop_error("Invalid node count string", -1)});
}

std::optional<KeyFailure> parse_time_limit(const std::string& key, const Json& v, JobSpec& spec,
                                           std::vector<ApiError>&) {
  std::optional<int64_t> mins;
  if (v.is_number_integer() || v.is_string()) mins = time_text_minutes(*scalar_text(v));
  if (!mins) return fail(key, {prop_error("Invalid time specification", -1)});
  if (*mins == 0) {
    spec.time_limit.reset();  // the daemon shows a 0 limit as unset (null / UNLIMITED)
  } else {
    spec.time_limit = *mins >= kInfiniteMinutes ? kInfiniteMinutes : *mins;
  }
  return std::nullopt;
}

Handler memory_into(bool per_cpu) {
  return [per_cpu](const std::string& key, const Json& v, JobSpec& spec,
                   std::vector<ApiError>&) -> std::optional<KeyFailure> {
    const char* bad =
        per_cpu ? "Invalid --mem-per-cpu specification" : "Invalid memory specification";
    if (v.is_array() || v.is_object()) {
      return fail(key,
                  {per_cpu ? prop_error("Invalid --mem-per-cpu specification string", kErrParse)
                           : prop_error("Unable to read string", kErrParse)});
    }
    auto mib = memory_mib(v);
    if (!mib) return fail(key, {prop_error(bad, -1)});
    // The last of memory_per_node / memory_per_cpu given wins. 0 is kept: it asks for no
    // memory (the field shows null) yet the daemon flags the job JOB_MEM_SET.
    spec.memory_per_node.reset();
    spec.memory_per_cpu.reset();
    (per_cpu ? spec.memory_per_cpu : spec.memory_per_node) = std::max<int64_t>(0, *mib);
    return std::nullopt;
  };
}

Handler mem_per_gpu() {
  return [](const std::string& key, const Json& v, JobSpec&,
            std::vector<ApiError>&) -> std::optional<KeyFailure> {
    if (v.is_array() || v.is_object())
      return fail(key, {prop_error("Invalid --mem-per-gpu specification string", kErrParse)});
    if (!memory_mib(v)) return fail(key, {prop_error("Invalid --mem-per-gpu specification", -1)});
    return std::nullopt;
  };
}

// Validator for a string key with a fixed set of words (case-insensitive).
Handler words(std::set<std::string> allowed, std::string msg,
              std::function<void(const std::string&, JobSpec&)> apply = nullptr) {
  return read_str(
      [allowed, msg, apply](const std::string& s, JobSpec& spec) -> std::optional<std::string> {
        if (!allowed.count(ascii_lower(s))) return msg;
        if (apply) apply(ascii_lower(s), spec);
        return std::nullopt;
      });
}

// Keys every version's option parser reads under these names (measured on v0.0.36 and
// v0.0.37; v0.0.38 spells three of them with underscores, its parser_rules.cc aliases them).
// docs/oracle-notes/versions-22.05.md, "Job keys read by every version".
void add_node_and_misc_keys(std::map<std::string, Handler>& m) {
  // A list is refused with no entry of its own; a number is a node name ("5": 2018 at submit).
  m["exclude_nodes"] = str_into(&JobSpec::excluded_nodes);
  m["nodelist"] = read_str([](const std::string& s, JobSpec& spec) {
    spec.required_nodes = s;
    return std::optional<std::string>();
  });
  m["node_list"] = m["nodelist"];
  // Any value at all asks for no requeue (oracle: true, false, "x", 0, null, [] alike).
  m["no_requeue"] = [](const std::string&, const Json&, JobSpec& spec,
                       std::vector<ApiError>&) -> std::optional<KeyFailure> {
    spec.requeue = false;
    return std::nullopt;
  };
  // Comma-separated names; "none" wins, unknown names count for nothing, and no known name
  // leaves no profile (oracle: "all", "energy,bogus" -> Energy, "none,energy" -> None, "bogus").
  m["profile"] = read_str([](const std::string& s, JobSpec& spec) {
    static const std::vector<std::string> kNames = {"Energy", "Lustre", "Network", "Task"};
    std::set<std::string> picked;
    bool none = false;
    std::stringstream words(ascii_lower(s));
    for (std::string w; std::getline(words, w, ',');) {
      if (w == "none") none = true;
      else if (w == "all") picked.insert(kNames.begin(), kNames.end());
      for (const std::string& n : kNames)
        if (w == ascii_lower(n)) picked.insert(n);
    }
    std::string text;
    for (const std::string& n : kNames)
      if (picked.count(n)) text += (text.empty() ? "" : ",") + n;
    if (none) text = "None";
    if (text.empty()) spec.profile.reset();
    else spec.profile = text;
    return std::optional<std::string>();
  });
  m["temporary_disk_per_node"] = [](const std::string& key, const Json& v, JobSpec& spec,
                                    std::vector<ApiError>&) -> std::optional<KeyFailure> {
    if (v.is_array() || v.is_object())
      return fail(key, {prop_error("Invalid --tmp specification string", kErrParse)});
    auto mib = memory_mib(v);
    if (!mib) return fail(key, {prop_error("Invalid --tmp specification", -1)});
    spec.tmp_disk_per_node = *mib;
    return std::nullopt;
  };
  // Taken and ignored: the REST plugin submits the job anyway (oracle: held or not, any value).
  m["test_only"] = [](const std::string&, const Json&, JobSpec&,
                      std::vector<ApiError>&) -> std::optional<KeyFailure> { return std::nullopt; };
  // An octal mask read as far as it goes ("0999" is 0); checked, never shown.
  m["umask"] = read_str([](const std::string& s, JobSpec&) -> std::optional<std::string> {
    char* end = nullptr;
    const long mask = std::strtol(s.c_str(), &end, 8);
    if (end == s.c_str()) return "Invalid octal umask";
    if (mask < 0) return "umask too small";
    if (mask > 07777) return "umask too large";
    return std::nullopt;
  });
  // Only 0 is taken; any other count fails without an entry of its own (there are no GPUs or
  // TRES to spread tasks over).
  auto per_tres = [](const std::string& key, const Json& v, JobSpec&,
                     std::vector<ApiError>&) -> std::optional<KeyFailure> {
    auto n = to_integer(v);
    if (!n) return fail(key, {prop_error("Unable to read integer value", kErrParse)});
    if (*n != 0) return KeyFailure{KeyFailure::kSilent};
    return std::nullopt;
  };
  m["ntasks_per_gpu"] = per_tres;
  m["ntasks_per_tres"] = per_tres;
  // A time like time_limit's; 0, -1 and UNLIMITED are INFINITE (shown null).
  m["time minimum"] = [](const std::string& key, const Json& v, JobSpec& spec,
                         std::vector<ApiError>&) -> std::optional<KeyFailure> {
    if (v.is_array() || v.is_object())
      return fail(key, {prop_error("Unable to read string", kErrParse)});
    std::optional<int64_t> mins;
    if (v.is_number_integer() || v.is_string()) mins = time_text_minutes(*scalar_text(v));
    if (!mins) return fail(key, {prop_error("Invalid time specification", -1)});
    spec.time_minimum = *mins == 0 || *mins >= kInfiniteMinutes ? kInfiniteMinutes : *mins;
    return std::nullopt;
  };
  m["cpu_binding hint"] = str_ignored();  // any text is taken; nothing shows it
  m["msc_label"] = str_into(&JobSpec::mcs_label);
}

const std::map<std::string, Handler>& handlers() {
  static const std::map<std::string, Handler> h = [] {
    std::map<std::string, Handler> m;
    m["account"] = str_into(&JobSpec::account);
    m["account_gather_freqency"] = unknown_key();
    m["argv"] = [](const std::string& key, const Json& v, JobSpec& spec,
                   std::vector<ApiError>&) -> std::optional<KeyFailure> {
      // The real daemon crashes on any argv; we accept a list of scalars.
      if (!v.is_array()) return fail(key);
      spec.argv.clear();
      for (const Json& e : v) {
        auto t = scalar_text(e);
        if (!t) return fail(key);
        spec.argv.push_back(*t);
      }
      return std::nullopt;
    };
    m["array"] = str_into(&JobSpec::array);
    m["batch_features"] =
        read_str([](const std::string&, JobSpec&) { return std::optional<std::string>(); });
    m["begin_time"] = [](const std::string& key, const Json& v, JobSpec& spec,
                         std::vector<ApiError>&) -> std::optional<KeyFailure> {
      // The parser's errno (2054) shows in the process-failed entry only when it flagged the
      // text; a text naming no time ("", blanks) leaves it at -1 (oracle).
      if (!v.is_string()) return fail(key, {prop_error("Unable to parse time", 2054)}, 2054);
      const scheduler_sim::SlurmTime t = read_time_string(v.get<std::string>());
      if (!t.value)
        return fail(key, {prop_error("Unable to parse time", 2054)}, t.flagged ? 2054 : -1);
      spec.begin_time = v.get<std::string>();
      return std::nullopt;
    };
    m["burst_buffer"] = str_into(&JobSpec::burst_buffer);
    m["cluster_constraint"] = str_into(&JobSpec::cluster_constraint);  // shown as cluster_features
    m["cluster_constraints"] = unknown_key();
    m["comment"] = str_into(&JobSpec::comment);
    m["constraints"] = str_into(&JobSpec::constraints);
    m["core_specification"] = [](const std::string& key, const Json& v, JobSpec& spec,
                                 std::vector<ApiError>& warn) -> std::optional<KeyFailure> {
      auto n = to_integer(v);
      if (!n) return fail(key, {prop_error("Unable to read int", kErrParse)});
      if (*n < 0) warn.push_back(prop_error("Invalid core specification", 0));  // non-fatal
      spec.core_specification = *n;
      return std::nullopt;
    };
    m["contiguous"] = disabled_key();  // not in v0.0.36's schema, yet known (oracle)
    m["cores_per_socket"] = geometry_into(&JobSpec::cores_per_socket);
    m["cpu_binding"] = disabled_key();
    m["cpu_binding_hint"] = unknown_key();
    m["cpu_frequency"] =
        read_str([](const std::string& s, JobSpec& spec) -> std::optional<std::string> {
          if (!read_cpu_frequency(s)) return "Unable to parse CPU frequency";
          spec.cpu_frequency = s;
          return std::nullopt;
        });
    m["cpus_per_gpu"] = int_into(nullptr);
    m["cpus_per_task"] = c_int([](int64_t n, JobSpec& spec) { spec.cpus_per_task = n; }, 1,
                               "cpus per task much be greater than 0");
    m["current_working_directory"] = [](const std::string&, const Json& v, JobSpec& spec,
                                        std::vector<ApiError>& warn) -> std::optional<KeyFailure> {
      auto t = scalar_text(v);
      if (!t) {
        // Accepted anyway, with no directory at all: the batch step then cannot start (see
        // the simulator's launch failures).
        warn.push_back(prop_error("Unable to read string", kErrParse));
        spec.current_working_directory = "";
        return std::nullopt;
      }
      spec.current_working_directory = *t;
      return std::nullopt;
    };
    // The time parser leaves errno at 2054 (invalid time), and the "process failed" entry
    // reports that errno; a value that never reaches the parser keeps the plain -1.
    m["deadline"] = [](const std::string& key, const Json& v, JobSpec& spec,
                       std::vector<ApiError>&) -> std::optional<KeyFailure> {
      auto t = scalar_text(v);
      if (!t) return fail(key, {prop_error("Unable to read string", kErrParse)});
      const scheduler_sim::SlurmTime time = read_time_string(*t);
      if (!time.value)
        return fail(key, {prop_error("Invalid deadline time", -1)}, time.flagged ? 2054 : -1);
      spec.deadline = *t;
      return std::nullopt;
    };
    // Kept in seconds (oracle: "5" -> 300, "1:30" -> 90, "1-0" -> 86400, UNLIMITED ->
    // 4294967295).
    m["delay_boot"] =
        read_str([](const std::string& raw, JobSpec& spec) -> std::optional<std::string> {
          const std::string s = ascii_lower(raw);
          if (unlimited_time_text(s)) {
            spec.delay_boot = UINT32_MAX;
            return std::nullopt;
          }
          std::optional<uint32_t> seconds = time_text_seconds(s);
          if (!seconds) return "Invalid delay boot specification";
          spec.delay_boot = *seconds;
          return std::nullopt;
        });
    m["dependency"] = str_into(&JobSpec::dependency);
    m["distribution"] = read_str([](const std::string& s, JobSpec&) -> std::optional<std::string> {
      static const std::regex re(
          "^(\\*|block|cyclic|arbitrary|plane(=[0-9]+)?)(:(\\*|block|cyclic|fcyclic))*(,(pack|"
          "nopack))?$");
      if (!std::regex_match(ascii_lower(s), re)) return "Invalid distribution";
      return std::nullopt;
    });
    m["environment"] = parse_environment;
    // sbatch's --exclusive[=user|mcs] and --oversubscribe: "exclusive" asks for whole nodes
    // (the job shows shared "none"), "oversubscribe" shows shared "shared" (oracle).
    m["exclusive"] =
        words({"user", "mcs", "exclusive", "oversubscribe"}, "Invalid exclusive specification",
              [](const std::string& w, JobSpec& spec) {
                spec.exclusive = w == "exclusive" ? std::optional(true) : std::nullopt;
                if (w == "exclusive") spec.shared.reset();
                else spec.shared = w == "oversubscribe" ? "shared" : w;
              });
    m["get_user_environment"] = [](const std::string& key, const Json& v, JobSpec&,
                                   std::vector<ApiError>&) -> std::optional<KeyFailure> {
      if (v.is_array() || v.is_object())
        return fail(key, {prop_error("Unable to read string", kErrParse)});
      if (!user_env_timeout(v)) {
        return fail(key, {prop_error("Invalid get user environment specification", -1)});
      }
      return std::nullopt;
    };
    m["gres"] = read_str([](const std::string& s, JobSpec& spec) {
      spec.gres = s;
      return std::optional<std::string>();
    });
    m["gres_flags"] = words({"disable-binding", "enforce-binding"}, "Invalid GRES flags",
                            [](const std::string& w, JobSpec& spec) {
                              spec.gres_binding = w == "enforce-binding" ? "enforce" : "disable";
                            });
    m["gpu_binding"] =
        read_str([](const std::string& s, JobSpec& spec) -> std::optional<std::string> {
          static const std::regex re(
              "^(verbose,)?(closest|single:[0-9]+|map_gpu:.+|mask_gpu:.+|none)$");
          if (!std::regex_match(ascii_lower(s), re)) return "Invalid --gpu-bind argument";
          spec.gpu_binding = s;
          return std::nullopt;
        });
    m["gpu_frequency"] = read_str([](const std::string& s,
                                     JobSpec& spec) -> std::optional<std::string> {
      static const std::regex re(
          "^((low|medium|high|highm1|[0-9]+)|memory=(low|medium|high|highm1|[0-9]+)|verbose)(,(("
          "low|medium|high|highm1|[0-9]+)|memory=(low|medium|high|highm1|[0-9]+)|verbose))*$");
      if (!std::regex_match(ascii_lower(s), re)) return "Invalid --gpu-freq argument";
      spec.gpu_frequency = s;
      return std::nullopt;
    });
    for (const char* k : {"gpus", "gpus_per_node", "gpus_per_socket", "gpus_per_task"})
      m[k] = str_ignored();
    m["hold"] = bool_into(&JobSpec::hold);
    m["kill_on_invalid_dependency"] =
        bool_into(&JobSpec::kill_on_invalid_dependency, "Unable to read boolean");
    m["licenses"] = str_into(&JobSpec::licenses);
    m["mail_type"] =
        read_str([](const std::string& s, JobSpec& spec) -> std::optional<std::string> {
          static const std::set<std::string> kTypes = {
              "none",          "begin",          "end",        "fail",       "requeue",
              "all",           "invalid_depend", "stage_out",  "time_limit", "time_limit_90",
              "time_limit_80", "time_limit_50",  "array_tasks"};
          std::string rest = ascii_lower(s);
          size_t start = 0;
          while (true) {
            size_t comma = rest.find(',', start);
            if (!kTypes.count(rest.substr(start, comma - start)))
              return "Invalid mail type specification";
            if (comma == std::string::npos) break;
            start = comma + 1;
          }
          spec.mail_type = s;
          return std::nullopt;
        });
    m["mail_user"] = str_into(&JobSpec::mail_user);
    m["mcs_label"] = unknown_key();
    m["memory_binding"] =
        read_str([](const std::string& s, JobSpec&) -> std::optional<std::string> {
          static const std::regex re(
              "^((v|verbose|q|quiet),)?(none|local|rank|map_mem:.+|mask_mem:.+|sort|nosort|prefer|"
              "help)$");
          if (!std::regex_match(ascii_lower(s), re)) return "Invalid memory binding specification";
          return std::nullopt;
        });
    m["memory_per_cpu"] = memory_into(true);
    m["memory_per_gpu"] = mem_per_gpu();
    m["memory_per_node"] = memory_into(false);
    // Negative, 0 (in 16 bits) and "not given" leave the default (oracle: -1, 0, 65534, 65536
    // all show 1; 65535 shows 65535).
    m["minimum_cpus_per_node"] = c_int([](int64_t n, JobSpec& spec) {
      const int64_t v = low16(n);
      if (n < 0 || v == 0 || v == kNoVal16) spec.minimum_cpus_per_node.reset();
      else spec.minimum_cpus_per_node = v;
    });
    // Any value, false and lists included, sets the flag (oracle).
    m["minimum_nodes"] = [](const std::string&, const Json&, JobSpec& spec,
                            std::vector<ApiError>&) -> std::optional<KeyFailure> {
      spec.use_min_nodes = true;
      return std::nullopt;
    };
    m["name"] = str_into(&JobSpec::name);  // null names the job "" (oracle)
    // 0 is kept; the job shows it as none (dump). Oracle: +-2147483645 and beyond are too large.
    m["nice"] = int_into(&JobSpec::nice, "Unable to read integer value", -2147483644,
                         "Nice too large", 2147483644, "Nice too large");
    m["no_kill"] = [](const std::string& key, const Json& v, JobSpec& spec,
                      std::vector<ApiError>&) -> std::optional<KeyFailure> {
      if (v.is_array() || v.is_object())
        return fail(key, {prop_error("Unable to read string", kErrParse)});
      if (v.is_null()) return std::nullopt;
      // The oracle takes "set" (on) and "off" or "no" (off), in any case, and nothing else:
      // true, false, numbers, "yes", "" are all refused.
      const std::string w = v.is_string() ? ascii_lower(v.get<std::string>()) : std::string();
      if (w != "set" && w != "off" && w != "no")
        return fail(key, {prop_error("Invalid no kill specification", -1)});
      spec.no_kill = w == "set";
      return std::nullopt;
    };
    m["nodes"] = parse_nodes;
    m["ntasks"] = int_into(&JobSpec::tasks, "Unable to read integer value", 1, "ntasks too small",
                           INT32_MAX, "ntasks too large");
    m["open_mode"] = words({"append", "truncate"}, "Invalid open mode specification");
    m["partition"] = str_into(&JobSpec::partition);
    m["priority"] = disabled_key();
    m["qos"] = str_into(&JobSpec::qos);
    // Read, then dropped: every value leaves the job requeueable (oracle: false, 0, "no" show
    // requeue true, on submit and on update, in every version).
    m["requeue"] = bool_into(nullptr, nullptr, true);
    m["reservation"] = str_into(&JobSpec::reservation);
    m["signal"] = read_str([](const std::string& s, JobSpec&) -> std::optional<std::string> {
      if (!valid_signal(s)) return "Invalid SIGNAL specification";
      return std::nullopt;
    });
    m["sockets_per_node"] = geometry_into(&JobSpec::sockets_per_node);
    // Any value, false and lists included, sets the flag (oracle).
    m["spread_job"] = [](const std::string&, const Json&, JobSpec& spec,
                         std::vector<ApiError>&) -> std::optional<KeyFailure> {
      spec.spread_job = true;
      return std::nullopt;
    };
    auto std_stream = [](std::optional<std::string> JobSpec::*field) {
      return read_str([field](const std::string& s, JobSpec& spec) {
        spec.*field = s;
        return std::optional<std::string>();
      });
    };
    // Both the spec's names (standard_in/out) and Slurm's own (standard_input/output) work.
    m["standard_error"] = std_stream(&JobSpec::standard_error);
    m["standard_in"] = std_stream(&JobSpec::standard_input);
    m["standard_input"] = std_stream(&JobSpec::standard_input);
    m["standard_out"] = std_stream(&JobSpec::standard_output);
    m["standard_output"] = std_stream(&JobSpec::standard_output);
    m["tasks"] = m["ntasks"];
    m["tasks_per_core"] = task_limit_into(&JobSpec::tasks_per_core);
    // In 16 bits, "not given" as 0 (oracle: -1 -> 65535, -2 and 65536 -> 0).
    m["tasks_per_node"] = c_int([](int64_t n, JobSpec& spec) {
      const int64_t v = low16(n);
      spec.tasks_per_node = v == kNoVal16 ? 0 : v;
    });
    m["tasks_per_socket"] = task_limit_into(&JobSpec::tasks_per_socket);
    m["thread_specification"] = int_into(&JobSpec::thread_specification, "Unable to read integer",
                                         1, "core_spec must be >0");
    m["threads_per_core"] = geometry_into(&JobSpec::threads_per_core);
    m["time_limit"] = parse_time_limit;
    m["time_minimum"] = unknown_key();
    m["wait_all_nodes"] = [](const std::string& key, const Json& v, JobSpec& spec,
                             std::vector<ApiError>&) -> std::optional<KeyFailure> {
      auto n = to_integer(v);
      if (!n) return fail(key, {prop_error("Unable to read integer value", kErrParse)});
      if (*n < 0) return fail(key, {prop_error("Wait all nodes too small", -1)});
      spec.wait_all_nodes = *n != 0;
      return std::nullopt;
    };
    m["wckey"] = str_into(&JobSpec::wckey);
    add_node_and_misc_keys(m);
    return m;
  }();
  return h;
}

// The entries a refused key leaves, in the version's words.
std::vector<ApiError> key_errors(const std::string& key, KeyFailure f, const ParserRules& rules) {
  switch (f.kind) {
    case KeyFailure::kUnknown: return {rules.unknown_key(key)};
    case KeyFailure::kDisabled: return {rules.disabled_key(key)};
    case KeyFailure::kSilent: return {};
    case KeyFailure::kValue: break;
  }
  f.errors.push_back(rules.value_refused(key, f.code));
  return std::move(f.errors);
}

// Parses one job_properties object. Stops at the first failing key, as the daemon does.
// Returns the failing key's errors, or nullopt on success (warnings appended to `warn`).
std::optional<std::vector<ApiError>> parse_properties(const Json& props, JobSpec& spec,
                                                      std::vector<ApiError>& warn,
                                                      const ParserRules& rules) {
  const auto& table = handlers();
  for (auto it = props.begin(); it != props.end(); ++it) {
    std::string key = rules.lowercase_keys ? ascii_lower(it.key()) : it.key();
    if (rules.silent.count(key)) return std::vector<ApiError>{};
    if (rules.unknown.count(key)) return key_errors(key, KeyFailure{KeyFailure::kUnknown}, rules);
    if (rules.disabled.count(key)) return key_errors(key, KeyFailure{KeyFailure::kDisabled}, rules);
    if (rules.silent_when_accepted.count(key)) {
      auto h = table.find(key);
      if (auto f = h->second(key, it.value(), spec, warn))
        return key_errors(key, std::move(*f), rules);
      return std::vector<ApiError>{};
    }
    if (auto own = rules.readers.find(key); own != rules.readers.end()) {
      if (auto errs = own->second(key, it.value(), spec))
        return key_errors(key, KeyFailure{KeyFailure::kValue, std::move(*errs)}, rules);
      continue;
    }
    auto alias = rules.aliases.find(key);
    auto h = table.find(alias == rules.aliases.end() ? key : alias->second);
    std::optional<KeyFailure> f = h == table.end() ? unknown_key()(key, it.value(), spec, warn)
                                                   : h->second(key, it.value(), spec, warn);
    if (f) return key_errors(key, std::move(*f), rules);
  }
  return std::nullopt;
}

// `tasks_per_node` with a node count and no `tasks`: the daemon's job has tasks_per_node x the
// minimum node count tasks (and as many times cpus_per_task CPUs), pending, running or cancelled
// before it started (docs/oracle-notes/objects.md, "Counts of jobs that never started").
void derive_task_count(JobSpec& spec) {
  if (spec.tasks || !spec.nodes || spec.tasks_per_node.value_or(0) <= 0) return;
  const std::string& nodes = *spec.nodes;
  const size_t digits = nodes.find_first_not_of("0123456789");
  const std::string min_text = nodes.substr(0, digits);
  int64_t min_nodes = 1;
  if (!min_text.empty() && min_text.size() < 10)
    min_nodes = std::max<int64_t>(1, std::stoll(min_text));
  int64_t tasks = 0;
  if (__builtin_mul_overflow(*spec.tasks_per_node, min_nodes, &tasks)) return;
  spec.tasks = tasks;
}

ParseResult failure(int status, std::vector<ApiError> errors) {
  ParseResult r;
  r.status = status;
  r.errors = std::move(errors);
  return r;
}

}  // namespace

ParseResult unparsable_body() {
  ParseResult r;
  r.status = 400;
  r.text_body = "Unable to parse query.";
  return r;
}

const ParserRules& v0_0_36_rules() {
  static const ParserRules rules = [] {
    ParserRules r;
    r.unknown_key = [](const std::string& key) {
      return prop_error("Unknown key \"" + key + "\": No such process", 3);
    };
    r.disabled_key = [](const std::string& key) {
      return prop_error("Disabled key: \"" + key + "\"", -1);
    };
    r.value_refused = [](const std::string& key, int code) {
      return prop_error("process failed for key " + key + " with error: Unspecified error", code);
    };
    r.update_refused = [](const std::string& client) {
      return prop_error("_handle_job_post: job parsing failed for " + client, 0);
    };
    // Keys the daemon knows and refuses (measured: each answers `Disabled key`).
    r.disabled = {"accelerator_binding",
                  "allocation_node_list",
                  "bell",
                  "burst_buffer_file",
                  "cluster",
                  "clusters",
                  "compress",
                  "debugger_test",
                  "disable_status",
                  "epilog",
                  "excluded_nodes",
                  "export",
                  "export_file",
                  "extra_node_info",
                  "group_id",
                  "help",
                  "hetjob_group",
                  "ignore_pbs",
                  "immediate",
                  "job_id",
                  "kill_command",
                  "kill_on_bad_exit",
                  "label",
                  "max_threads",
                  "message_timeout",
                  "mpi",
                  "multiple_program",
                  "network",
                  "no_allocation",
                  "no_bell",
                  "no_shell",
                  "nodefile",
                  "overcommit",
                  "oversubscribe",
                  "parsable",
                  "power_flags",
                  "preserve_environment",
                  "prolog",
                  "propagate",
                  "pty",
                  "quiet",
                  "quit_on_interrupt",
                  "reboot",
                  "relative",
                  "required_nodes",
                  "required_switches",
                  "reserve_port",
                  "reserve_ports",
                  "slurmd_debug",
                  "task_epilog",
                  "task_prolog",
                  "threads",
                  "unbuffered",
                  "unknown",
                  "usage",
                  "user_id",
                  "verbose",
                  "version",
                  "wait",
                  "wait_for_switch",
                  "wrap",
                  "x11"};
    // Other names of the same options (measured, as in v0.0.37).
    r.aliases = {{"cwd", "current_working_directory"},
                 {"job_name", "name"},
                 {"constraint", "constraints"},
                 {"license", "licenses"},
                 {"ntasks_per_core", "tasks_per_core"},
                 {"ntasks_per_node", "tasks_per_node"},
                 {"ntasks_per_socket", "tasks_per_socket"}};
    return r;
  }();
  return rules;
}

ApiError described_error(std::string description, std::optional<int> error_number,
                         std::string error, std::string source) {
  ApiError e;
  e.message = std::move(error);
  e.description = std::move(description);
  e.error_number = error_number;
  e.source = std::move(source);
  return e;
}

ParseResult parse_job_submission(const Json& body, const ParserRules& rules) {
  // Script first: absent (or the body is not an object) -> 500 "Job script not specified".
  const Json* script = nullptr;
  if (body.is_object() && body.contains("script")) script = &body["script"];
  std::optional<std::string> script_text = script ? scalar_text(*script) : std::nullopt;
  if (!script || !script_text || script->is_null()) {
    return failure(500, {handler_error("Job script not specified", kErrScriptMissing)});
  }
  // "job" wins over "jobs"; either may be an object (one job) or a list (het job).
  const Json* desc = nullptr;
  if (body.contains("job") && (body["job"].is_object() || body["job"].is_array())) {
    desc = &body["job"];
  } else if (body.contains("jobs") && (body["jobs"].is_object() || body["jobs"].is_array())) {
    desc = &body["jobs"];
  }
  if (!desc) {
    return failure(
        400, {handler_error("Jobs description entry not found, empty or not dictionary or list",
                            kErrJobsMissing)});
  }
  if (desc->is_array() && desc->empty()) {
    return failure(500, {handler_error("Unspecified error", -1)});
  }
  std::vector<const Json*> components;
  if (desc->is_object()) {
    components.push_back(desc);
  } else {
    for (const Json& c : *desc) components.push_back(&c);
  }

  ParseResult r;
  std::vector<ApiError> warn;
  for (const Json* c : components) {
    JobSpec spec;
    spec.script = *script_text;
    if (!c->is_object()) {
      return failure(400, {handler_error("Failure during parsing", kErrFailedParsing)});
    }
    if (auto errs = parse_properties(*c, spec, warn, rules)) {
      errs->push_back(handler_error("Failure during parsing", kErrFailedParsing));
      return failure(400, std::move(*errs));
    }
    derive_task_count(spec);
    // A usable get_user_environment stands in for the environment (jobbergate sends that).
    const auto gue = c->find("get_user_environment");
    const bool user_env = gue != c->end() && user_env_timeout(*gue).value_or(-1) >= 0;
    if (spec.environment.empty() && !user_env) {
      return failure(400, {prop_error("environment must be set", kErrEnvMissing),
                           handler_error("Failure during parsing", kErrFailedParsing)});
    }
    if (!spec.name) spec.name = kUnnamedJob;  // oracle: an unnamed job is "openapi"
    if (desc->is_array()) r.het_components.push_back(spec);
    if (c == components.front()) r.spec = std::move(spec);
  }
  r.ok = true;
  r.errors = std::move(warn);
  return r;
}

ParseResult parse_job_update(const Json& body, const std::string& client,
                             const ParserRules& rules) {
  ParseResult r;
  std::vector<ApiError> warn;
  if (body.is_null()) {  // empty body: nothing to change
    r.ok = true;
    return r;
  }
  if (body.is_array()) {
    return failure(500,
                   {prop_error("_handle_job_post: unexpected het job request from " + client, 0)});
  }
  if (!body.is_object())
    return failure(rules.update_refused_status, {rules.update_refused(client)});
  if (auto errs = parse_properties(body, r.spec, warn, rules)) {
    errs->push_back(rules.update_refused(client));
    return failure(rules.update_refused_status, std::move(*errs));
  }
  r.ok = true;
  r.errors = std::move(warn);
  return r;
}

Json render_errors(const std::vector<ApiError>& errors) {
  Json out = Json::array();
  for (const ApiError& e : errors) {
    Json o = Json::object();
    if (e.description) {
      o["description"] = *e.description;
      if (e.error_number) {
        o["error_number"] = *e.error_number;
        o["error"] = e.message;
      }
      o["source"] = e.source;
      out.push_back(std::move(o));
      continue;
    }
    auto put_code = [&] {
      if (e.errno_value) o["errno"] = *e.errno_value;
      if (e.error_code) o["error_code"] = *e.error_code;
    };
    if (e.code_first) put_code();
    o["error"] = e.message;
    if (!e.code_first) put_code();
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace mock_slurmrestd::v0_0_36
