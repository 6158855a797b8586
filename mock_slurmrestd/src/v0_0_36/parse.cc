// Job submission/update body parsing with the real slurmrestd v0.0.36's coercions and messages.
#include "v0_0_36/parse.h"

#include <algorithm>
#include <map>

#include "scheduler_sim/ascii.h"
#include "v0_0_36/coerce.h"
#include "v0_0_36/key_handlers.h"

namespace mock_slurmrestd::v0_0_36 {
namespace {

using scheduler_sim::ascii_lower;
using scheduler_sim::JobSpec;

constexpr int kErrFailedParsing = 9001;  // "Failure during parsing"
constexpr int kErrJobsMissing = 9002;
constexpr int kErrScriptMissing = 2009;
constexpr int kErrEnvMissing = 2127;

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
