// The job parser rules of v0.0.38: v0.0.37's with its renamed and new keys.
#pragma once

#include "v0_0_36/parse.h"

namespace mock_slurmrestd::v0_0_38 {

// v0.0.37's rules, saying "Unable to process key" for a refused value, taking `container`,
// `prefer` and `oversubscribe` (recorded: v0.0.38/submit_field_*, submit_bad_type_*).
const v0_0_36::ParserRules& parser_rules();

}  // namespace mock_slurmrestd::v0_0_38
