// The v0.0.36 job parser's key handlers (key_handlers.h).
#include "v0_0_36/key_handlers.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <regex>
#include <set>
#include <sstream>

#include "scheduler_sim/ascii.h"
#include "v0_0_36/coerce.h"
#include "v0_0_36/cpu_frequency.h"

namespace mock_slurmrestd::v0_0_36 {

using scheduler_sim::ascii_lower;
using scheduler_sim::JobSpec;

namespace {

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

}  // namespace

Handler unknown_key() {
  return [](const std::string&, const Json&, JobSpec&,
            std::vector<ApiError>&) -> std::optional<KeyFailure> {
    return KeyFailure{KeyFailure::kUnknown, {}, 3};
  };
}

namespace {
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

}  // namespace

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
}  // namespace mock_slurmrestd::v0_0_36
