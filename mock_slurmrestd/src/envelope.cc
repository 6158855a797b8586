// The shared response envelope: a version's meta, then errors.
#include "envelope.h"

namespace mock_slurmrestd {

Envelope::Envelope(const Meta& meta) : meta_(&meta) {
  doc_["meta"] = nullptr;
  doc_["errors"] = Json::array();
}

Json& Envelope::doc() {
  Json& meta = doc_["meta"];
  if (meta.is_null()) meta = meta_->object;
  return doc_;
}

void Envelope::add_error(const std::string& message, std::optional<int> errno_value) {
  Json e;
  e["error"] = message;
  if (errno_value) e["errno"] = *errno_value;
  doc_["errors"].push_back(std::move(e));
}

void Envelope::add_error_code(const std::string& message, int error_code) {
  Json e;
  e["error"] = message;
  e["error_code"] = error_code;
  doc_["errors"].push_back(std::move(e));
}

}  // namespace mock_slurmrestd
