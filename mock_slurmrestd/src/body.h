// Request bodies: JSON or YAML by Content-Type, and the daemon's answers when they fail.
#pragma once

#include <optional>
#include <string_view>

#include "envelope.h"
#include "releases.h"
#include "router.h"

namespace mock_slurmrestd {

// The deepest nesting of arrays/objects a body may have: 32, as the real daemon's JSON parser
// (json-c's default depth) allows; a 33rd level is "Unable to parse query.". YAML bodies get
// the same limit.
inline constexpr int kMaxBodyNesting = 32;

// How deeply arrays and objects nest in JSON text (brackets inside strings do not count); a
// linear scan, no recursion, also for malformed text.
int json_nesting_depth(std::string_view text);

// Decodes the body by its Content-Type (application/json, application/x-yaml, text/yaml); an
// empty body is an empty (null) document whatever the type;
// nullopt when the type is not one the daemon reads or the text does not parse.
std::optional<Json> decode_body(const Request& req);
// The daemon's answer to a body it cannot read: 400 text/plain "Unable to parse query.", or
// the release's own text (SlurmRelease::unparsable_body_text).
Response unparsable_body();
Response unparsable_body(const SlurmRelease& release);

}  // namespace mock_slurmrestd
