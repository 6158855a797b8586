// Request body decoding and the answers for bodies the daemon refuses.
#include "body.h"

#include <stdexcept>

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

std::optional<Json> decode_body(const Request& req) {
  // No body at all reads as an empty document whatever the Content-Type (or none).
  if (req.body.empty()) return Json();
  std::string type = media_type(req);
  try {
    // Exactly these types, without parameters ("; charset=..." is refused by the daemon).
    if (type == "application/json") return Json::parse(req.body);
    if (type == "application/x-yaml" || type == "text/yaml") return from_yaml(req.body);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return std::nullopt;
}

Response unparsable_body() { return text_response(400, "Unable to parse query."); }

Response parse_failure(const v0_0_36::ParseResult& parsed, const Request& req) {
  if (parsed.text_body) return text_response(parsed.status, *parsed.text_body);
  Envelope env;
  env["errors"] = v0_0_36::render_errors(parsed.errors);
  return render(env, parsed.status, req);
}

}  // namespace mock_slurmrestd
