// The shared response envelope: meta (plugin, Slurm version) and errors.
#include "envelope.h"

namespace mock_slurmrestd {

const Json& meta_object() {
  // The daemon we mirror: Slurm 22.05.8 with the openapi/v0.0.36 plugin.
  static const Json meta = [] {
    Json m;
    m["plugin"]["type"] = "openapi/v0.0.36";
    m["plugin"]["name"] = "REST v0.0.36";
    m["Slurm"]["version"]["major"] = 22;
    m["Slurm"]["version"]["micro"] = 8;
    m["Slurm"]["version"]["minor"] = 5;
    m["Slurm"]["release"] = "22.05.8";
    return m;
  }();
  return meta;
}

Envelope::Envelope() {
  doc_["meta"] = nullptr;
  doc_["errors"] = Json::array();
}

Json& Envelope::doc() {
  Json& meta = doc_["meta"];
  if (meta.is_null()) meta = meta_object();
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
