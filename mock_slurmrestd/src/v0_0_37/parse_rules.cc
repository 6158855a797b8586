// v0.0.37's job parser rules: v0.0.36's value readers behind v0.0.37's key table and words.
#include "v0_0_37/parse_rules.h"

#include <cmath>
#include <cstdlib>

namespace mock_slurmrestd::v0_0_37 {

using v0_0_36::ApiError;
using v0_0_36::described_error;
using v0_0_36::ParserRules;

ParserRules parser_rules_saying(const char* verb) {
  ParserRules r;
  r.lowercase_keys = true;
  // Slurm's own names only (measured: the spec's older names are unknown keys here).
  r.unknown = {"standard_in",         "standard_out",     "account_gather_freqency",
               "cluster_constraints", "container",        "prefer",
               "time_minimum",        "cpu_binding_hint", "mcs_label"};
  // Keys the plugin knows but refuses: v0.0.36's list (measured the same on both), plus
  // contiguous and cpu_binding, which v0.0.36 refuses from its key table instead.
  r.disabled = v0_0_36::v0_0_36_rules().disabled;
  r.disabled.insert({"contiguous", "cpu_binding"});
  // `gpus` fails without an entry of its own: only the final "Failure during parsing"
  // (measured; v0.0.36 crashes on it).
  r.silent = {"gpus"};
  // Other names of the same options (measured: cwd, job_name, constraint).
  r.aliases = {{"cwd", "current_working_directory"},
               {"job_name", "name"},
               {"constraint", "constraints"},
               {"license", "licenses"},
               {"ntasks_per_core", "tasks_per_core"},
               {"ntasks_per_node", "tasks_per_node"},
               {"ntasks_per_socket", "tasks_per_socket"}};
  // Taken where v0.0.36 disables it (measured on v0.0.37 and v0.0.38): a JSON number, its
  // fraction dropped (2.5 is 2, 0.5 is 0), or a decimal text ("5", "+7", "-1"; not " 5",
  // "5x", "1.5"); 0 or less is "Priority must be >0", 4294967294 and above "Priority too
  // large", a list or an object "Unable to read string" (9202), anything else (text, true,
  // null) "Invalid priority". Kept: the simulator
  // takes it from an operator only (a user's submission gets the usual value; a user's update
  // of a held job is 2042, recorded).
  r.readers["priority"] = [](const std::string&, const Json& v,
                             scheduler_sim::JobSpec& spec) -> std::optional<std::vector<ApiError>> {
    auto refused = [](const char* text, int code = -1) {
      ApiError e;
      e.message = text;
      e.error_code = code;
      return std::vector<ApiError>{e};
    };
    if (v.is_array() || v.is_object()) return refused("Unable to read string", 9202);
    std::optional<double> n;
    if (v.is_number()) n = std::trunc(v.get<double>());
    if (v.is_string()) {
      const std::string& t = v.get_ref<const std::string&>();
      const size_t sign = !t.empty() && (t[0] == '+' || t[0] == '-');
      if (t.size() > sign && t.find_first_not_of("0123456789", sign) == std::string::npos)
        n = std::strtod(t.c_str(), nullptr);
    }
    if (!n) return refused("Invalid priority");
    if (*n <= 0) return refused("Priority must be >0");
    if (*n >= 4294967294.0) return refused("Priority too large");
    spec.priority = static_cast<int64_t>(*n);
    return std::nullopt;
  };
  // Taken, not kept: the simulator does not model it (measured: "task=30" accepted).
  r.readers["account_gather_frequency"] =
      [](const std::string&, const Json& v,
         scheduler_sim::JobSpec&) -> std::optional<std::vector<ApiError>> {
    if (v.is_array() || v.is_object()) return std::vector<ApiError>{};
    return std::nullopt;
  };
  // A value v0.0.36 would take fails with only the final entry (measured: 100 and "100M");
  // a bad one gets v0.0.36's entries.
  r.silent_when_accepted = {"memory_per_gpu"};
  r.unknown_key = [](const std::string& key) {
    return described_error("Unknown key \"" + key + "\"", std::nullopt, "", "hsearch_r");
  };
  r.disabled_key = [](const std::string& key) {
    return described_error("Disabled key: \"" + key + "\"", 1, "Operation not permitted",
                           "openapi specification");
  };
  const std::string words = verb;
  r.value_refused = [words](const std::string& key, int) {
    return described_error(words + " \"" + key + "\"", -1, "Unspecified error",
                           "slurm_process_option_data");
  };
  r.update_refused_status = 200;
  r.update_refused = [](const std::string& client) {
    return described_error("job parsing failed for " + client, 9001, "Failure during parsing",
                           "_parse_job_list");
  };
  return r;
}

const ParserRules& parser_rules() {
  static const ParserRules rules = parser_rules_saying("Unknown key");
  return rules;
}

}  // namespace mock_slurmrestd::v0_0_37
