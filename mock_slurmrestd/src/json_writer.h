// Renders response documents byte-for-byte the way slurmrestd v0.0.36 prints JSON.
#pragma once

#include <string>

#include "envelope.h"

namespace mock_slurmrestd {

// The real daemon pretty-prints with 2-space indentation, `"key": value`, escapes `/` as `\/`,
// prints empty containers over two lines ("[\n<indent>]"), integral doubles as "1.0", other
// doubles with 17 significant digits, and ends without a newline. Clients diff against real
// captures, so every JSON body the mock sends goes through here. Appends into one string.
std::string to_slurm_json(const Json& value);

// Same, appending to `out` (lets callers reuse a buffer).
void append_slurm_json(const Json& value, std::string& out);

// An envelope's document (Envelope::body(): "meta" a placeholder), with meta_object() in its
// place, rendered once per process. The same bytes as to_slurm_json(envelope.doc()).
std::string envelope_json(const Json& body);

}  // namespace mock_slurmrestd
