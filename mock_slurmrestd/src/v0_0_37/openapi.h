// v0.0.37's OpenAPI 3.0 description: its piece of the document served at /openapi*.
#pragma once

#include <string>

#include "envelope.h"

namespace mock_slurmrestd::v0_0_37 {

// v0.0.36's document re-named for v0.0.37, with the reservation paths and schemas and the
// update_time query parameters the real daemon's v0.0.37 document has. Built once.
const Json& openapi_document();

// Renames every "v0.0.<from>" in keys and strings of `doc` to "v0.0.<to>" (schema names,
// $refs, paths) and info.version to match; later versions start from an earlier document.
Json renamed_document(const Json& doc, const std::string& from, const std::string& to);

// Inserts `key: value` into `obj` right after `after` (at the end when `after` is absent).
void insert_after(Json& obj, const std::string& after, const std::string& key, Json value);

}  // namespace mock_slurmrestd::v0_0_37
