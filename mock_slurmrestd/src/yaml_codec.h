// YAML bodies in the style of slurmrestd (libyaml, explicit tags), and YAML requests.
// (Named yaml_codec.h, not yaml.h, so it cannot shadow libyaml's <yaml.h>.)
#pragma once

#include <string>

#include "envelope.h"

namespace mock_slurmrestd {

struct YamlOptions {
  // The real daemon prints unset string fields as `!!null null` in YAML while its JSON shows
  // them as "" (it keeps NULL and empty C strings apart; our Json cannot). Responses therefore
  // map "" to null; the OpenAPI document, whose "" are real empty strings, turns this off.
  bool empty_string_as_null = true;
};

// Renders `value` like the real daemon's YAML responses: "%YAML 1.1", "--- ", every node
// tagged (!!map, !!seq, !!str, !!int, !!float, !!bool, !!null), block style, empty containers
// as [] / {}, non-ASCII escaped, long plain scalars folded at 80 columns, ending in "...\n".
// Produced by libyaml, the same emitter the daemon uses, so quoting decisions match.
std::string to_yaml(const Json& value, const YamlOptions& options = {});

// The deepest nesting from_yaml() reads: the JSON limit of the real daemon (body.h), so a
// hostile body cannot make the parser's stack or the document's destruction unbounded.
inline constexpr int kMaxYamlNesting = 32;

// Parses a YAML request body (the daemon accepts application/x-yaml and text/yaml bodies; JSON
// is valid YAML). Untagged plain scalars become null/bool/integer/float when they look like
// one, quoted scalars stay strings, explicit tags are honoured. An empty body gives null.
// Throws std::invalid_argument (with line/column) on malformed YAML, a non-scalar map key or
// nesting deeper than kMaxYamlNesting.
Json from_yaml(const std::string& text);

}  // namespace mock_slurmrestd
