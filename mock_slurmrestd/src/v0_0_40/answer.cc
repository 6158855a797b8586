// The v0.0.40+ answer document: key order, meta (docs/oracle-notes/releases-24.11-26.05.md,
// "meta, errors, warnings").
#include "v0_0_40/answer.h"

#include <string>

#include "scheduler_sim/errors.h"
#include "v0_0_40/release_rules.h"

namespace mock_slurmrestd::v0_0_40 {

Json meta(const SlurmRelease& release, const Shape& shape) {
  Json m;
  m["plugin"]["type"] = "openapi/slurmctld";
  m["plugin"]["name"] = "Slurm OpenAPI slurmctld";
  m["plugin"]["data_parser"] = shape.data_parser;
  m["plugin"]["accounting_storage"] = "";
  // Filled per answer; recorded over TCP: "root" whatever the token's user (the mock, like
  // the recording, does not look up the peer's uid).
  m["client"]["source"] = "";
  m["client"]["user"] = "root";
  m["client"]["group"] = "root";
  m["command"] = Json::array();
  // Strings, in the order major, micro, minor.
  m["slurm"]["version"]["major"] = std::to_string(release.major);
  m["slurm"]["version"]["micro"] = std::to_string(release.micro);
  // Two digits: 26.05 prints "05".
  const std::string minor = std::to_string(release.minor);
  m["slurm"]["version"]["minor"] = minor.size() < 2 ? "0" + minor : minor;
  m["slurm"]["release"] = release.release;
  m["slurm"]["cluster"] = "";
  return m;
}

std::string error_text(int error_number) {
  switch (error_number) {
    case 0: return "No error";
    case 1: return "Operation not permitted";  // EPERM
    case 1000: return "Unexpected message received";
    case 1007: return "Protocol authentication error";
    case 1800: return "Unable to contact slurm controller (connect failure)";
    case 11: return "Resource temporarily unavailable";  // EAGAIN
    case 22: return "Invalid argument";                  // EINVAL
    case 2127: return "Environment is missing in job";
    case 2162: return "Empty list";
    case 7000: return "Unable to connect to database";
    case 2137: return "JobID can not be zero";
    case 2173: return "Invalid signal jobs request, at least one job id or filter is required.";
    case 9000: return "Query empty or not RFC7320 compliant";
    case 9001: return "Failure during parsing";
    case 9009: return "Query requirements not met";
    case 9200: return "Unable to resolve path";
    case 9202: return "Unable to convert Data type";
    case 9206: return "Data parser expects flags to be a list";
    case 9207: return "Data parser unable to parse invalid flag";
    case 9208: return "Data parser expected a list";
    case 9209: return "Data parser expected a dictionary or object";
    case 2166: return "Unable to resolve user ID to user name";
    case 9211:
      return "Request matched more than one object to query. Request is limited to query of a "
             "single matching object.";
    default: return scheduler_sim::slurm_strerror(static_cast<scheduler_sim::Errno>(error_number));
  }
}

void Answer::error(const std::string& description, int error_number, const std::string& source) {
  Json e = Json::object();
  e["description"] = description;
  e["error_number"] = error_number;
  e["error"] = error_text(error_number);
  e["source"] = source;
  errors.push_back(std::move(e));
}

void Answer::warning(const std::string& description, const std::string& source) {
  Json w = Json::object();
  w["description"] = description;
  w["source"] = source;
  warnings.push_back(std::move(w));
}

std::string client_source(const SlurmRelease& release, int local_port) {
  const ReleaseRules& rules = rules_of(release);
  int port = local_port;
  if (rules.source_port_byte_swapped) {
    port = ((local_port & 0xff) << 8) | ((local_port >> 8) & 0xff);
  }
  // The fd is the daemon's connection's; the mock prints the one recorded most (9).
  return std::string(rules.source_host) + ":" + std::to_string(port) + "(fd:9)";
}

// By value: a list's payload (megabytes for a few hundred jobs) is moved into the document, not
// copied; callers that are done with their Answer pass it with std::move.
Response respond(const App& app, const LoadedVersion& self, const Request& req, Answer answer,
                 int status) {
  Json m = self.meta.object;
  m["client"]["source"] = client_source(app.release(), req.local_port);
  m["slurm"]["cluster"] = app.config().cluster_name;
  Json doc = reserved_object(answer.payload.size() + 3);
  if (answer.payload.empty() && !answer.meta_first) {
    doc["errors"] = std::move(answer.errors);
    doc["warnings"] = std::move(answer.warnings);
    doc["meta"] = std::move(m);
  } else {
    for (auto it = answer.payload.begin(); it != answer.payload.end(); ++it) {
      doc[it.key()] = std::move(it.value());
    }
    doc["meta"] = std::move(m);
    doc["errors"] = std::move(answer.errors);
    doc["warnings"] = std::move(answer.warnings);
  }
  return render(doc, status, req,
                app.release().one_line_empty_containers ? EmptyContainers::kOneLine
                                                        : EmptyContainers::kTwoLines,
                /*empty_string_yaml_null=*/false);
}

// Query keys other than `known` are ignored with a warning naming the query's parser.
void warn_unknown_query(Answer& a, const Request& req, const std::vector<std::string>& known,
                        const char* parser) {
  for (const auto& [key, value] : req.query) {
    bool ok = false;
    for (const auto& k : known) ok = ok || k == key;
    if (!ok) {
      a.warning("Ignoring unknown field \"" + key + "\" of type string in " + parser,
                "#/" + key + "/");
    }
  }
}

}  // namespace mock_slurmrestd::v0_0_40
