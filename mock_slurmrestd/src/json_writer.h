// Renders response documents byte-for-byte the way slurmrestd prints JSON.
#pragma once

#include <string>

#include "envelope.h"

namespace mock_slurmrestd {

// The real daemon pretty-prints with 2-space indentation, `"key": value`, escapes `/` as `\/`,
// prints empty containers over two lines ("[\n<indent>]"), integral doubles as "1.0", other
// doubles with 17 significant digits, and ends without a newline. Clients diff against real
// captures, so every JSON body the mock sends goes through here. Appends into one string.
std::string to_slurm_json(const Json& value);

// How a release prints an empty array or object: 22.05 over two lines ("[\n<indent>]"), 24.11
// on one ("[]", "{}"); everything else is laid out alike.
enum class EmptyContainers { kTwoLines, kOneLine };
std::string to_slurm_json(const Json& value, EmptyContainers empty);

// Same, appending to `out` (lets callers reuse a buffer).
void append_slurm_json(const Json& value, std::string& out);

// An envelope's document (Envelope::body(): "meta" a placeholder), with meta.text in its
// place. The same bytes as to_slurm_json(envelope.doc()).
std::string envelope_json(const Json& body, const Meta& meta);

// A version's meta object with its text as it prints at depth 1 (a document's member).
Meta rendered_meta(Json object);

}  // namespace mock_slurmrestd
