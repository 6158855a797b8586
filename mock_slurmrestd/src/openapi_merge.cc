// Merging the loaded API versions' OpenAPI documents into the one served at /openapi*.
#include "openapi_merge.h"

#include "json_writer.h"
#include "yaml_codec.h"

namespace mock_slurmrestd {

namespace {

// Adds the members of `from` that `into` lacks, after `into`'s own.
void add_missing(Json& into, const Json& from) {
  if (!from.is_object()) return;
  if (!into.is_object()) into = Json::object();
  for (auto it = from.begin(); it != from.end(); ++it) {
    if (!into.contains(it.key())) into[it.key()] = it.value();
  }
}

}  // namespace

Json merge_openapi(const std::vector<const Json*>& documents) {
  if (documents.empty()) return Json::object();
  Json merged = *documents.front();
  for (size_t i = 1; i < documents.size(); ++i) {
    const Json& doc = *documents[i];
    if (auto paths = doc.find("paths"); paths != doc.end()) add_missing(merged["paths"], *paths);
    if (auto components = doc.find("components"); components != doc.end()) {
      for (auto it = components->begin(); it != components->end(); ++it) {
        add_missing(merged["components"][it.key()], it.value());
      }
    }
  }
  return merged;
}

OpenapiTexts render_openapi(const Json& document, EmptyContainers empty) {
  OpenapiTexts t;
  t.json = to_slurm_json(document, empty);
  YamlOptions options;
  options.empty_string_as_null = false;
  t.yaml = to_yaml(document, options);
  return t;
}

}  // namespace mock_slurmrestd
