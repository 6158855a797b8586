// v0.0.40+ job descriptions as data_parser reads them (measured: tests/data/oracle/24.11,
// cases 014-027 and 040-045 of each version; the key list and its order are the version's
// job_desc_msg schema in /openapi/v3, which follows the parser's own field order).
#include "v0_0_40/job_parse.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <optional>

namespace mock_slurmrestd::v0_0_40 {

namespace {

using scheduler_sim::JobSpec;

using Setter = void (*)(JobSpec&, const Value&);

struct Field {
  const char* name;
  Kind kind;
  Setter set;                  // nullptr: known, not modelled by the simulator
  int since = 40, until = 99;  // the versions (job_desc_revision) that have the key
};

std::optional<int64_t> num(const Value& v) {
  if (v.unset) return std::nullopt;
  return v.infinite ? scheduler_sim::kInfiniteMinutes : v.number;
}
std::string joined(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : ",") + i;
  return s;
}

// The job's sharing mode, kept as `shared` names it (measured on 24.11): "none" is a whole
// node (`exclusive: ["true"]` is the same request), "oversubscribe" (`exclusive: ["false"]`),
// "user", "mcs", "topo".
void sharing(JobSpec& s, const std::string& mode) {
  if (mode.empty()) return;
  s.shared = mode;
  s.exclusive = mode == "none";
}
std::string exclusive_as_shared(const std::string& flag) {
  if (flag == "true") return "none";
  if (flag == "false") return "oversubscribe";
  return flag;
}

#define STR(member) [](JobSpec& s, const Value& v) { s.member = v.text; }
#define INT(member) [](JobSpec& s, const Value& v) { s.member = num(v); }
#define BOOL(member) [](JobSpec& s, const Value& v) { s.member = v.boolean; }
// A node list: an empty one is as if not given (measured on 24.11: `required_nodes: []` runs
// anywhere).
#define CSV(member)                                 \
  [](JobSpec& s, const Value& v) {                  \
    if (!v.list.empty()) s.member = joined(v.list); \
  }
#define TEXT_NUM(member)                                                         \
  [](JobSpec& s, const Value& v) {                                               \
    s.member = v.unset ? std::nullopt : std::optional(std::to_string(v.number)); \
  }

// A time the parser read as a number (seconds since the epoch: measured, begin_time an hour
// ahead keeps the job pending with BeginTime), as the simulator's time syntax names it.
#define EPOCH(member)                                                                    \
  [](JobSpec& s, const Value& v) {                                                       \
    s.member = v.unset ? std::nullopt : std::optional("uts" + std::to_string(v.number)); \
  }

// The job flags the simulator keeps: KILL_INVALID_DEPENDENCY cancels a job whose dependency
// can never be met (measured on 24.11 and 26.05); the other flags are dropped (R21).
void kill_on_invalid_dependency(JobSpec& s, const std::vector<std::string>& flags) {
  for (const std::string& f : flags) {
    if (f == "KILL_INVALID_DEPENDENCY") s.kill_on_invalid_dependency = true;
    else if (f == "NO_KILL_INVALID_DEPENDENCY") s.kill_on_invalid_dependency = false;
  }
}

// clang-format off
const Field kFields[] = {
    {"account", Kind::kString, STR(account)},
    {"account_gather_frequency", Kind::kString, nullptr},
    {"admin_comment", Kind::kString, nullptr},
    {"allocation_node_list", Kind::kString, nullptr},
    {"allocation_node_port", Kind::kInt, nullptr},
    {"argv", Kind::kStringList, [](JobSpec& s, const Value& v) { s.argv = v.list; }},
    {"array", Kind::kString, STR(array)},
    {"batch_features", Kind::kString, nullptr},
    {"begin_time", Kind::kNoVal, EPOCH(begin_time)},
    {"flags", Kind::kFlags, [](JobSpec& s, const Value& v) { kill_on_invalid_dependency(s, v.list); }},
    {"burst_buffer", Kind::kString, STR(burst_buffer)},
    {"clusters", Kind::kString, nullptr},
    {"cluster_constraint", Kind::kString, nullptr},
    {"comment", Kind::kString, STR(comment)},
    {"contiguous", Kind::kBool, BOOL(contiguous)},
    {"container", Kind::kString, STR(container)},
    {"container_id", Kind::kString, nullptr},
    {"cores_per_socket", Kind::kInt, INT(cores_per_socket), 40, 40},
    {"core_specification", Kind::kInt, INT(core_specification)},
    {"thread_specification", Kind::kInt, INT(thread_specification)},
    {"cpu_binding", Kind::kString, nullptr},
    {"cpu_binding_flags", Kind::kFlags, nullptr},
    {"cpu_frequency", Kind::kString, nullptr},
    {"cpus_per_tres", Kind::kString, nullptr},
    {"crontab", Kind::kAny, nullptr},
    {"deadline", Kind::kInt, TEXT_NUM(deadline)},
    {"delay_boot", Kind::kInt, INT(delay_boot)},
    {"dependency", Kind::kString, STR(dependency)},
    {"end_time", Kind::kInt, nullptr},
    {"environment", Kind::kStringList,
     [](JobSpec& s, const Value& v) {
       s.environment.clear();
       for (const auto& [k, val] : v.pairs) s.environment[k] = val;
       for (const auto& e : v.list) {
         const size_t eq = e.find('=');
         s.environment[e.substr(0, eq)] = eq == std::string::npos ? "" : e.substr(eq + 1);
       }
     }},
    {"rlimits", Kind::kAny, nullptr},
    {"excluded_nodes", Kind::kCsv, CSV(excluded_nodes)},
    {"extra", Kind::kString, nullptr},
    {"constraints", Kind::kString, STR(constraints)},
    {"group_id", Kind::kString, nullptr},
    {"hetjob_group", Kind::kInt, nullptr},
    {"immediate", Kind::kBool, nullptr},
    {"job_id", Kind::kInt, nullptr},
    {"kill_on_node_fail", Kind::kBool, nullptr},
    {"licenses", Kind::kString, STR(licenses)},
    {"mail_type", Kind::kFlags, [](JobSpec& s, const Value& v) { s.mail_type = joined(v.list); }},
    {"mail_user", Kind::kString, STR(mail_user)},
    {"mcs_label", Kind::kString, STR(mcs_label)},
    {"memory_binding", Kind::kString, nullptr},
    {"memory_binding_type", Kind::kFlags, nullptr},
    {"memory_per_tres", Kind::kString, nullptr},
    {"name", Kind::kString, STR(name)},
    {"network", Kind::kString, nullptr},
    {"nice", Kind::kInt, INT(nice)},
    {"tasks", Kind::kInt, INT(tasks)},
    {"oom_kill_step", Kind::kInt, nullptr, 42},
    {"open_mode", Kind::kFlags, nullptr},
    {"reserve_ports", Kind::kInt, nullptr},
    {"overcommit", Kind::kBool, nullptr},
    {"partition", Kind::kString, STR(partition)},
    {"distribution_plane_size", Kind::kNoVal, nullptr},
    {"power_flags", Kind::kFlags, nullptr},
    {"prefer", Kind::kString, STR(prefer)},
    {"hold", Kind::kBool, BOOL(hold)},
    {"priority", Kind::kNoVal, INT(priority)},
    {"profile", Kind::kFlags, nullptr},
    {"qos", Kind::kString, STR(qos)},
    {"reboot", Kind::kBool, nullptr},
    {"required_nodes", Kind::kCsv, CSV(required_nodes)},
    {"requeue", Kind::kBool, BOOL(requeue)},
    {"reservation", Kind::kString, STR(reservation)},
    {"resv_mpi_ports", Kind::kInt, nullptr, 41, 41},
    {"script", Kind::kString, [](JobSpec& s, const Value& v) { s.script = v.text; }},
    {"shared", Kind::kFlags, [](JobSpec& s, const Value& v) { sharing(s, joined(v.list)); }},
    {"exclusive", Kind::kFlags, [](JobSpec& s, const Value& v) { sharing(s, exclusive_as_shared(joined(v.list))); }, 40, 41},
    {"oversubscribe", Kind::kBool, nullptr, 40, 41},
    {"site_factor", Kind::kInt, nullptr},
    {"spank_environment", Kind::kStringList, nullptr},
    {"distribution", Kind::kString, nullptr},
    {"time_limit", Kind::kNoVal, INT(time_limit)},
    {"time_minimum", Kind::kNoVal, INT(time_minimum)},
    {"tres_bind", Kind::kString, nullptr},
    {"tres_freq", Kind::kString, nullptr},
    {"tres_per_job", Kind::kString, nullptr},
    {"tres_per_node", Kind::kString, [](JobSpec& s, const Value& v) { s.gres = v.text; }},
    {"tres_per_socket", Kind::kString, nullptr},
    {"tres_per_task", Kind::kString, nullptr},
    {"user_id", Kind::kString, nullptr},
    {"wait_all_nodes", Kind::kBool, BOOL(wait_all_nodes)},
    {"kill_warning_flags", Kind::kFlags, nullptr},
    {"kill_warning_signal", Kind::kString, nullptr},
    {"kill_warning_delay", Kind::kNoVal, nullptr},
    {"current_working_directory", Kind::kString, STR(current_working_directory)},
    {"cpus_per_task", Kind::kInt, INT(cpus_per_task)},
    {"minimum_cpus", Kind::kInt, INT(minimum_cpus)},
    {"maximum_cpus", Kind::kInt, nullptr},
    {"nodes", Kind::kString, STR(nodes)},
    {"minimum_nodes", Kind::kInt, INT(minimum_nodes)},
    {"maximum_nodes", Kind::kInt, INT(maximum_nodes)},
    {"minimum_boards_per_node", Kind::kInt, nullptr},
    {"minimum_sockets_per_board", Kind::kInt, nullptr},
    {"sockets_per_node", Kind::kInt, INT(sockets_per_node)},
    {"threads_per_core", Kind::kInt, INT(threads_per_core)},
    {"tasks_per_node", Kind::kInt, INT(tasks_per_node)},
    {"tasks_per_socket", Kind::kInt, INT(tasks_per_socket)},
    {"tasks_per_core", Kind::kInt, INT(tasks_per_core)},
    {"tasks_per_board", Kind::kInt, nullptr},
    {"ntasks_per_tres", Kind::kInt, nullptr},
    {"minimum_cpus_per_node", Kind::kInt, INT(minimum_cpus_per_node)},
    {"memory_per_cpu", Kind::kNoVal, INT(memory_per_cpu)},
    {"memory_per_node", Kind::kNoVal, INT(memory_per_node)},
    {"temporary_disk_per_node", Kind::kInt, nullptr},
    {"selinux_context", Kind::kString, nullptr},
    {"required_switches", Kind::kNoVal, nullptr},
    {"segment_size", Kind::kNoVal, nullptr, 41},
    {"standard_error", Kind::kString, STR(standard_error)},
    {"standard_input", Kind::kString, STR(standard_input)},
    {"standard_output", Kind::kString, STR(standard_output)},
    {"wait_for_switch", Kind::kInt, nullptr},
    {"wckey", Kind::kString, STR(wckey)},
    {"x11", Kind::kFlags, nullptr},
    {"x11_magic_cookie", Kind::kString, nullptr},
    {"x11_target_host", Kind::kString, nullptr},
    {"x11_target_port", Kind::kInt, nullptr},
};
// clang-format on

#undef STR
#undef INT
#undef BOOL
#undef TEXT_NUM
#undef EPOCH

// Slurm's data type names, as its messages print them.
std::string slurm_type(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "boolean";
  if (v.is_number_float()) return "floating point number";
  if (v.is_number()) return "64 bit integer";
  if (v.is_string()) return "string";
  if (v.is_array()) return "list";
  return "dictionary";
}
std::string openapi_type(const Json& v) {
  if (v.is_null()) return "type=null";
  if (v.is_boolean()) return "type=boolean";
  if (v.is_number_float()) return "type=number";
  if (v.is_number()) return "type=integer";
  if (v.is_string()) return "type=string";
  if (v.is_array()) return "type=array";
  return "type=object";
}
// What a key expects, in the words of the type warning.
std::string expected(Kind kind, const Shape& shape) {
  switch (kind) {
    case Kind::kInt: return "type=integer format=int32 (Slurm type=64 bit integer)";
    case Kind::kBool: return "type=boolean (Slurm type=boolean)";
    case Kind::kNoVal:
      return shape.no_val_wants_object ? "type=object (Slurm type=dictionary)"
                                       : "type=integer format=int64 (Slurm type=64 bit integer)";
    case Kind::kStringList: return "type=array (Slurm type=list)";
    default: return "type=string (Slurm type=string)";
  }
}

// The value as the daemon quotes it: compact JSON with '/' escaped.
std::string quoted(const Json& v) {
  std::string s = v.dump();
  std::string out;
  for (char c : s) {
    if (c == '/') out += '\\';
    out += c;
  }
  return out;
}

class Reader {
 public:
  Reader(const Shape& shape, Answer* answer) : shape_(shape), answer_(answer) {}

  // "Expected OpenAPI type=... but got OpenAPI type=..." (v0.0.41 on: ": <value>").
  void type_warning(Kind kind, const Json& v, const std::string& source) {
    std::string d = "Expected OpenAPI " + expected(kind, shape_) + " but got OpenAPI " +
                    openapi_type(v) + " (Slurm type=" + slurm_type(v) + ")";
    if (shape_.parser_prints_values) d += ": " + quoted(v);
    answer_->warning(d, source);
  }

  // Reads `v` for a key of `kind`; nullopt when refused (entries added).
  std::optional<Value> read(Kind kind, const Json& v, const std::string& source) {
    Value out;
    if (v.is_null()) {
      out.unset = true;
      return out;
    }
    switch (kind) {
      case Kind::kString:
        if (v.is_string()) {
          out.text = v.get<std::string>();
          return out;
        }
        if (v.is_array() || v.is_object()) break;
        type_warning(kind, v, source);
        out.text = v.is_boolean() ? (v.get<bool>() ? "true" : "false") : v.dump();
        return out;
      case Kind::kInt:
        if (v.is_number_integer()) {
          out.number = v.get<int64_t>();
          return out;
        }
        type_warning(kind, v, source);
        if (v.is_number_float()) {
          // Rounded to the nearest, halves to even (asked: 1.5 and 2.7 -> 2 and 3, 2.5 -> 2).
          out.number = static_cast<int64_t>(std::nearbyint(v.get<double>()));
          return out;
        }
        if (auto n = integer_text(v)) {
          out.number = *n;
          return out;
        }
        return std::nullopt;
      case Kind::kBool:
        if (v.is_boolean()) {
          out.boolean = v.get<bool>();
          return out;
        }
        type_warning(kind, v, source);
        if (v.is_number()) {
          out.boolean = v.get<double>() != 0;
          return out;
        }
        if (v.is_string()) {
          // Asked on 24.11: "x" holds a job as true does; "false" is false.
          out.boolean = v != "false";
          return out;
        }
        return std::nullopt;
      case Kind::kNoVal: return read_no_val(v, source);
      case Kind::kStringList:
        if (v.is_array()) {
          for (const auto& item : v)
            out.list.push_back(item.is_string() ? item.get<std::string>() : item.dump());
          return out;
        }
        type_warning(kind, v, source);
        if (v.is_object()) {
          for (auto it = v.begin(); it != v.end(); ++it) {
            out.pairs.emplace_back(it.key(), it.value().is_string() ? it.value().get<std::string>()
                                                                    : it.value().dump());
          }
          return out;
        }
        answer_->error("expected a list of strings but got " +
                           (shape_.parser_prints_values ? quoted(v) : slurm_type(v)),
                       9208, source);
        return std::nullopt;
      case Kind::kCsv:
      case Kind::kFlags:
        if (v.is_string()) {
          out.list.push_back(v.get<std::string>());
          return out;
        }
        if (v.is_array()) {
          for (const auto& item : v) {
            if (item.is_string()) out.list.push_back(item.get<std::string>());
          }
          return out;
        }
        break;
      case Kind::kAny: return out;
    }
    type_warning(kind, v, source);
    return std::nullopt;
  }

 private:
  static std::optional<int64_t> integer_text(const Json& v) {
    if (!v.is_string()) return std::nullopt;
    const std::string s = v.get<std::string>();
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const long long n = std::strtoll(s.c_str(), &end, 10);
    if (*end != '\0') return std::nullopt;
    return n;
  }

  std::optional<Value> read_no_val(const Json& v, const std::string& source) {
    Value out;
    if (v.is_number_integer()) {
      // v0.0.40 takes the number, with a warning (asked: "time_limit": 5).
      if (shape_.no_val_wants_object) type_warning(Kind::kNoVal, v, source);
      out.number = v.get<int64_t>();
      return out;
    }
    if (v.is_number_float()) {
      // Truncated (asked: 1.5 -> 1, 2.7 -> 2), with v0.0.40's warning; later versions take it
      // without one.
      if (shape_.no_val_wants_object) type_warning(Kind::kNoVal, v, source);
      out.number = static_cast<int64_t>(v.get<double>());
      return out;
    }
    if (v.is_object()) {
      const bool set = v.value("set", v.contains("number"));
      out.infinite = v.value("infinite", false);
      if (v.contains("number") && v["number"].is_number()) out.number = v["number"].get<int64_t>();
      out.unset = !set && !out.infinite;
      return out;
    }
    if (shape_.no_val_wants_object) {
      // v0.0.40 reads these keys as objects only.
      type_warning(Kind::kNoVal, v, source);
      answer_->error("Expected dictionary but got " + slurm_type(v), 9209, source);
      return std::nullopt;
    }
    if (auto n = integer_text(v)) {
      out.number = *n;
      return out;
    }
    answer_->error("Expected integer but got " + quoted(v), 9202, source);
    return std::nullopt;
  }

  const Shape& shape_;
  Answer* answer_;
};

// "2", "2-3": what the parser takes as a node count (asked: "x" is refused).
bool node_count_text(const std::string& s) {
  return !s.empty() && std::isdigit(static_cast<unsigned char>(s[0]));
}

}  // namespace

std::optional<Value> read_value(Kind kind, const Json& v, const std::string& source,
                                const Shape& shape, Answer* answer) {
  return Reader(shape, answer).read(kind, v, source);
}

std::string data_type_name(const Json& v) { return slurm_type(v); }

void type_warning(Kind expected_kind, const Json& v, const std::string& source, const Shape& shape,
                  Answer* answer) {
  Reader(shape, answer).type_warning(expected_kind, v, source);
}

namespace {

const Field* field(const std::string& key, const Shape& shape) {
  for (const Field& f : kFields) {
    if (key == f.name && shape.job_desc_revision >= f.since && shape.job_desc_revision <= f.until)
      return &f;
  }
  return nullptr;
}

}  // namespace

void warn_unknown(const std::string& key, const Json& value, const std::string& path,
                  const char* parser, Answer* answer) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it)
      warn_unknown(it.key(), it.value(), path + key + "/", parser, answer);
    return;
  }
  answer->warning(
      "Ignoring unknown field \"" + key + "\" of type " + slurm_type(value) + " in " + parser,
      path + key + "/");
}

bool require_object(const Json& body, const std::string& path, Answer* answer) {
  if (body.is_object()) return true;
  answer->error("Rejecting " + slurm_type(body) + " when dictionary expected", 9209, path);
  return false;
}

ParsedDesc parse_job_desc(const Json& desc, const std::string& path, const Shape& shape,
                          Answer* answer) {
  ParsedDesc out;
  Reader reader(shape, answer);
  // Known keys in the parser's order, then the unknown ones in the body's.
  for (const Field& f : kFields) {
    if (shape.job_desc_revision < f.since || shape.job_desc_revision > f.until) continue;
    auto it = desc.find(f.name);
    if (it == desc.end()) continue;
    const std::string source = path + f.name + "/";
    if (std::string(f.name) == "nice" && (it->is_number_float() || it->is_boolean())) {
      // The daemon reads nice twice, each reading warning; a boolean is then refused (asked).
      reader.type_warning(Kind::kInt, *it, source);
      if (it->is_boolean()) {
        reader.type_warning(Kind::kInt, *it, source);
        answer->error("Expected integer but got " +
                          (shape.parser_prints_values ? quoted(*it) : slurm_type(*it)),
                      9202, source);
        out.ok = false;
        continue;
      }
    }
    std::optional<Value> v = reader.read(f.kind, *it, source);
    if (!v) {
      out.ok = false;
      continue;
    }
    if (std::string(f.name) == "nodes" && !v->unset && !node_count_text(v->text)) {
      // Asked on 24.11: the parser refuses a count it cannot read.
      answer->error("Unknown format: " + (shape.parser_prints_values ? quoted(*it) : v->text), 9202,
                    source);
      out.ok = false;
      continue;
    }
    if (f.set && !v->unset) f.set(out.spec, *v);
  }
  for (auto it = desc.begin(); it != desc.end(); ++it) {
    if (!field(it.key(), shape))
      warn_unknown(it.key(), it.value(), path, "DATA_PARSER_JOB_DESC_MSG", answer);
  }
  return out;
}

ParsedSubmission parse_job_submission(const Json& body, const Shape& shape, Answer* answer) {
  ParsedSubmission out;
  auto refuse = [&out](int status) {
    out.ok = false;
    out.status = status;
    return out;
  };
  if (!body.is_null() && !require_object(body, "#/", answer)) return refuse(500);
  std::string script;
  bool parsed_ok = true;
  if (body.is_object()) {
    if (auto it = body.find("script"); it != body.end() && it->is_string()) script = *it;
    if (auto it = body.find("jobs"); it != body.end()) {
      out.het = true;
      if (!it->is_array()) {
        answer->error("Rejecting " + slurm_type(*it) + " when list expected", 9208, "#/jobs/");
        return refuse(500);
      }
      for (size_t i = 0; i < it->size(); ++i) {
        const std::string path = "#/jobs[" + std::to_string(i) + "]/";
        if (!require_object((*it)[i], path, answer)) return refuse(500);
        ParsedDesc d = parse_job_desc((*it)[i], path, shape, answer);
        parsed_ok = parsed_ok && d.ok;
        out.components.push_back(std::move(d.spec));
      }
    }
    if (auto it = body.find("job"); it != body.end() && !out.het) {
      if (!require_object(*it, "#/job/", answer)) return refuse(500);
      ParsedDesc d = parse_job_desc(*it, "#/job/", shape, answer);
      parsed_ok = parsed_ok && d.ok;
      out.components.push_back(std::move(d.spec));
    }
    for (auto it = body.begin(); it != body.end(); ++it) {
      if (it.key() != "script" && it.key() != "jobs" && it.key() != "job")
        warn_unknown(it.key(), it.value(), "#/", "DATA_PARSER_JOB_SUBMIT_REQ", answer);
    }
  }
  // A refused value: nothing is submitted, and the answer has no job (200 unless the parser
  // added an error; recorded: 017 and 018).
  if (!parsed_ok) return refuse(answer->errors.empty() ? 200 : 500);
  // The body's script serves a description without its own.
  for (auto& c : out.components) {
    if (c.script.empty()) c.script = script;
  }
  if (out.components.empty() || out.components.front().script.empty()) {
    answer->error("Populated \"script\" field is required for job submission", 9000, "_job_post");
    return refuse(422);
  }
  return out;
}

}  // namespace mock_slurmrestd::v0_0_40
