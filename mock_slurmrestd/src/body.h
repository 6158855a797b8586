// Request bodies: JSON or YAML by Content-Type, and the daemon's answers when they fail.
#pragma once

#include <optional>

#include "envelope.h"
#include "router.h"
#include "v0_0_36/parse.h"

namespace mock_slurmrestd {

// Decodes the body by its Content-Type (application/json, application/x-yaml, text/yaml); an
// empty body is an empty (null) document whatever the type;
// nullopt when the type is not one the daemon reads or the text does not parse.
std::optional<Json> decode_body(const Request& req);
// The daemon's answer to a body it cannot read: 400 text/plain "Unable to parse query.".
Response unparsable_body();
// Renders a parser refusal (JSON errors in the envelope, or the text answer it names).
Response parse_failure(const v0_0_36::ParseResult& parsed, const Request& req);

}  // namespace mock_slurmrestd
