// The v0.0.40+ answer document and its meta, the same for every route of these versions.
#pragma once

#include <string>
#include <vector>

#include "api_version.h"
#include "app.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

// The version's meta as the release reports it; `client` and `slurm.cluster` are filled per
// answer (respond()).
Json meta(const SlurmRelease& release, const Shape& shape);

// Slurm's text for the error numbers these routes answer with (the `error` of an errors[] item).
std::string error_text(int error_number);

// What a route answers: its payload keys, errors and warnings.
struct Answer {
  Json payload = Json::object();
  Json errors = Json::array();
  Json warnings = Json::array();
  // Without payload keys: meta first, as v0.0.40/41's DELETE /job/{id} answer prints it,
  // instead of the bare openapi_resp's errors, warnings, meta.
  bool meta_first = false;
  // errors[]: {"description", "error_number", "error", "source"}.
  void error(const std::string& description, int error_number, const std::string& source);
  // warnings[]: {"description", "source"}.
  void warning(const std::string& description, const std::string& source = "");
};

// The document: payload keys, then meta, errors, warnings; without payload keys (the bare
// openapi_resp) errors, warnings, meta. Rendered in the representation the client accepts.
Response respond(const App& app, const LoadedVersion& self, const Request& req, Answer answer,
                 int status);

// Query keys other than `known` are ignored with a warning naming the query's parser.
void warn_unknown_query(Answer& a, const Request& req, const std::vector<std::string>& known,
                        const char* parser);

// meta.client.source for a request to the daemon's socket on `local_port`.
std::string client_source(const SlurmRelease& release, int local_port);

}  // namespace mock_slurmrestd::v0_0_40
