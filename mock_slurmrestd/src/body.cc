// Request body decoding and the answers for bodies the daemon refuses.
#include "body.h"

#include <algorithm>
#include <stdexcept>
#include <string_view>

#include "app.h"
#include "yaml_codec.h"

namespace mock_slurmrestd {

namespace {

std::string media_type(const Request& req) {
  const std::string* ct = req.header("content-type");
  if (!ct) return "";
  std::string t = *ct;
  while (!t.empty() && t.back() == ' ') t.pop_back();
  for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return t;
}

}  // namespace

int json_nesting_depth(std::string_view text) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // the escaped character cannot end the string
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

std::optional<Json> decode_body(const Request& req) {
  // No body at all reads as an empty document whatever the Content-Type (or none).
  if (req.body.empty()) return Json();
  std::string type = media_type(req);
  try {
    // Exactly these types, without parameters ("; charset=..." is refused by the daemon).
    if (type == "application/json") {
      // The real parser refuses documents nested deeper than this; checking first also keeps
      // a hostile body from reaching any recursive code here.
      if (json_nesting_depth(req.body) > kMaxBodyNesting) return std::nullopt;
      return Json::parse(req.body);
    }
    if (type == "application/x-yaml" || type == "text/yaml") return from_yaml(req.body);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return std::nullopt;
}

Response unparsable_body() { return text_response(400, "Unable to parse query."); }

Response unparsable_body(const SlurmRelease& release) {
  if (!release.unparsable_body_text) return unparsable_body();
  return text_response(400, release.unparsable_body_text);
}

}  // namespace mock_slurmrestd
