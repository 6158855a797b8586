// The job parser's key names and refusal words of v0.0.37, and v0.0.38's changes to them.
#pragma once

#include "v0_0_36/parse.h"

namespace mock_slurmrestd::v0_0_37 {

// v0.0.37's keys: looked up lower-cased; `standard_in`/`standard_out` unknown; `priority` taken;
// refusals as {description, error_number, error, source} entries; a refused update body is
// 200 (recorded: vX/submit_field_*, vX/update_*; docs/oracle-notes/versions-22.05.md
// section 6).
const v0_0_36::ParserRules& parser_rules();

// The same rules with `value_refused` saying `verb` ("Unknown key" in v0.0.37, "Unable to
// process key" in v0.0.38), for a later version to start from.
v0_0_36::ParserRules parser_rules_saying(const char* verb);

}  // namespace mock_slurmrestd::v0_0_37
