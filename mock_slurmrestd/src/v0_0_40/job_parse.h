// Reads v0.0.40+ job descriptions (submit, update, allocate bodies) into scheduler_sim::JobSpec
// as the 24.11 daemon's data_parser does: known keys set the spec, a value of another JSON type
// is converted with a warning or refused, unknown keys only warn
// (docs/oracle-notes/releases-24.11-26.05.md, "Submissions").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scheduler_sim/job.h"
#include "v0_0_40/answer.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

// How the parser reads a key's value.
enum class Kind {
  kString,      // string
  kInt,         // integer (int32 in the schema)
  kBool,        // boolean
  kNoVal,       // {"set", "infinite", "number"} (or a bare integer)
  kStringList,  // list of strings (argv, environment)
  kCsv,         // a string or a list of strings (csv_string, hostlists)
  kFlags,       // a flag name or a list of them
  kAny,         // an object of its own (crontab, rlimits): read but not modelled
};

// What the parser made of a value: a string, a number, a list of strings, or infinite.
struct Value {
  std::string text;
  int64_t number = 0;
  bool boolean = false;
  bool infinite = false;
  bool unset = false;
  std::vector<std::string> list;
  std::vector<std::pair<std::string, std::string>> pairs;  // an object given for a list
};

// Slurm's name of a JSON value's data type, as its messages print it ("null", "boolean",
// "floating point number", "64 bit integer", "string", "list", "dictionary").
std::string data_type_name(const Json& v);

// One value read as the parser reads a key of `kind` (node updates share the job parser's
// conversions): nullopt when refused, with the daemon's entries added; type warnings as it
// prints them.
std::optional<Value> read_value(Kind kind, const Json& v, const std::string& source,
                                const Shape& shape, Answer* answer);
// "Expected OpenAPI type=... but got ..." for a value read as `expected_kind`.
void type_warning(Kind expected_kind, const Json& v, const std::string& source, const Shape& shape,
                  Answer* answer);

// One description read: `ok` false when a value was refused (the daemon then submits or
// updates nothing); warnings and errors are added to the answer as the daemon prints them.
struct ParsedDesc {
  bool ok = true;
  scheduler_sim::JobSpec spec;
};

// A job_desc_msg object at JSON pointer `path` ("#/job/", or "#/" for an update body).
ParsedDesc parse_job_desc(const Json& desc, const std::string& path, const Shape& shape,
                          Answer* answer);

// A POST .../job/submit body (null for an empty one): one job, or a het job's components.
struct ParsedSubmission {
  bool ok = true;
  int status = 200;                                // the answer's status when !ok
  std::vector<scheduler_sim::JobSpec> components;  // one: a plain job
  bool het = false;                                // "jobs": [...]
};
ParsedSubmission parse_job_submission(const Json& body, const Shape& shape, Answer* answer);

// A body that must be an object ("#/"): false, with the daemon's 9209 refusal added, when not.
bool require_object(const Json& body, const std::string& path, Answer* answer);

// Keys of an object the parser does not know: one warning per leaf ("Ignoring unknown field
// ..."), objects are walked into; `parser` is the data_parser type the daemon names.
void warn_unknown(const std::string& key, const Json& value, const std::string& path,
                  const char* parser, Answer* answer);

}  // namespace mock_slurmrestd::v0_0_40
