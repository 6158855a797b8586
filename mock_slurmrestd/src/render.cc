// Response rendering: content negotiation by Accept, then the daemon's JSON or YAML layout.
#include <string>

#include "app.h"
#include "json_writer.h"
#include "yaml_codec.h"

namespace mock_slurmrestd {

namespace {

std::string trim_lower(std::string s) {
  size_t a = s.find_first_not_of(" \t\r\n\v\f");
  size_t b = s.find_last_not_of(" \t\r\n\v\f");
  s = a == std::string::npos ? "" : s.substr(a, b - a + 1);
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Format negotiate(const Request& request) {
  const std::string* accept = request.header("accept");
  if (!accept) return Format::kJson;
  // The daemon's reading (docs/oracle-notes/http.md, "Accept"): entries split on ',' (empty ones
  // skipped); an entry's type is its first non-empty ';'-separated piece, trimmed and compared
  // without case; parameters and q-values never decide. A header that is present but names no
  // entry (empty, blanks, ",") is refused like an unknown type, not taken as absent.
  // Among several known types the daemon's choice depends on heap addresses; the last wins here.
  Format chosen = Format::kUnknown;
  size_t i = 0;
  while (i < accept->size()) {
    size_t comma = accept->find(',', i);
    if (comma == std::string::npos) comma = accept->size();
    const std::string entry = accept->substr(i, comma - i);
    i = comma + 1;
    const size_t start = entry.find_first_not_of(';');
    // An entry of only ';' kills the real daemon (no answer at all); here it names nothing.
    if (start == std::string::npos) continue;
    const size_t end = entry.find(';', start);
    const std::string type =
        trim_lower(entry.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (type == "application/json" || type == "*/*") chosen = Format::kJson;
    else if (type == "application/x-yaml") chosen = Format::kYaml;
    else if (type == "text/yaml") chosen = Format::kTextYaml;
  }
  return chosen;
}

Response unknown_accept() { return text_response(415, "Accept content type is unknown"); }

namespace {

// An answer in the negotiated format: JSON from json_text(), YAML from doc(); each is called
// only when its format was asked for.
template <typename JsonText, typename Doc>
Response negotiated_answer(int status, const Request& request, JsonText json_text, Doc doc,
                           const YamlOptions& yaml = {}) {
  Response r;
  r.status = status;
  const Format format = negotiate(request);
  switch (format) {
    case Format::kUnknown: return unknown_accept();
    case Format::kJson:
      r.content_type = "application/json";
      r.body = json_text();
      break;
    case Format::kYaml:
    case Format::kTextYaml:
      r.content_type = format == Format::kYaml ? "application/x-yaml" : "text/yaml";
      r.body = to_yaml(doc(), yaml);
      break;
  }
  // The real daemon closes the connection after any error status.
  r.close_connection = status >= 400;
  return r;
}

}  // namespace

Response render(const Json& doc, int status, const Request& request) {
  return negotiated_answer(
      status, request, [&] { return to_slurm_json(doc); }, [&]() -> const Json& { return doc; });
}

Response render(const Json& doc, int status, const Request& request, EmptyContainers empty,
                bool empty_string_yaml_null) {
  YamlOptions yaml;
  yaml.empty_string_as_null = empty_string_yaml_null;
  return negotiated_answer(
      status, request, [&] { return to_slurm_json(doc, empty); },
      [&]() -> const Json& { return doc; }, yaml);
}

Response render(Envelope& envelope, int status, const Request& request) {
  return negotiated_answer(
      status, request, [&] { return envelope_json(envelope.body(), envelope.meta()); },
      [&]() -> const Json& { return envelope.doc(); });
}

Response render_view(App::Locked& locked, const LoadedVersion& version, ViewCache::View view,
                     uint64_t key, const Request& request,
                     const std::function<void(Envelope&)>& fill) {
  Format format = negotiate(request);
  if (format == Format::kUnknown) return unknown_accept();
  const int slot = static_cast<int>(format);
  ViewCache& cache = locked.views();
  const uint64_t generation = locked.sim().generation();
  if (auto body =
          cache.enabled() ? cache.find(version.index, view, slot, key, generation) : nullptr) {
    Response r;
    r.content_type = format == Format::kJson   ? "application/json"
                     : format == Format::kYaml ? "application/x-yaml"
                                               : "text/yaml";
    r.shared_body = std::move(body);
    return r;
  }
  Envelope env(version.meta);
  fill(env);
  Response r = render(env, 200, request);
  if (cache.enabled()) {
    r.shared_body = std::make_shared<const std::string>(std::move(r.body));
    r.body.clear();
    cache.store(version.index, view, slot, key, generation, r.shared_body);
  }
  return r;
}

}  // namespace mock_slurmrestd
