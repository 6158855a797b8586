// The one builder for every JSON response: meta, errors, then the handler's data.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace mock_slurmrestd {

// Key order matters for fidelity (the real daemon prints keys in a fixed order).
using Json = nlohmann::ordered_json;

// An object with room for `keys` keys. ordered_json keeps an object's keys in a std::vector of
// pair<const std::string, Json>: the const key makes the pair's move possibly throwing, so each
// time the vector grows it copies every value already in it, whole subtrees included (a job
// list's payload was copied again for each key added after `jobs`). Builders of large objects
// reserve their keys up front.
inline Json reserved_object(size_t keys) {
  Json j = Json::object();
  j.get_ref<Json::object_t&>().reserve(keys);
  return j;
}

// What a handler answers; the HTTP layer copies it onto the wire.
struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // When set, the body instead (shared with the view cache, never copied on the way out).
  std::shared_ptr<const std::string> shared_body;
  bool close_connection = false;  // the real daemon closes the connection after errors

  const std::string& text() const { return shared_body ? *shared_body : body; }
};

// The "meta" object an API version reports in every answer, and its text as it prints inside
// a document (json_writer.h: rendered_meta), made once per loaded version.
struct Meta {
  Json object;
  std::string text;
};

// A response document: {"meta": {...}, "errors": [...], <data keys in insertion order>}.
//
// "meta" is the same in every answer of a version, so it is held as a null placeholder
// (keeping its place first) and written from the version's pre-rendered text (json_writer.h:
// envelope_json); doc() fills the real object in for readers that want the whole document.
class Envelope {
 public:
  explicit Envelope(const Meta& meta);
  // Appends {"error": message, "errno": n} (or "error_code": n; or message only).
  void add_error(const std::string& message, std::optional<int> errno_value = std::nullopt);
  void add_error_code(const std::string& message, int error_code);
  // Appends an error object whose key order the caller chose (the daemon is not consistent).
  void add_error_object(Json error) { doc_["errors"].push_back(std::move(error)); }
  Json& operator[](const char* key) { return doc_[key]; }
  // The whole document, "meta" included.
  Json& doc();
  // The document with "meta" still a placeholder (for envelope_json).
  const Json& body() const { return doc_; }
  bool has_errors() const { return !doc_["errors"].empty(); }
  const Meta& meta() const { return *meta_; }

 private:
  const Meta* meta_;
  Json doc_;
};

}  // namespace mock_slurmrestd
