// Merging the loaded API versions' OpenAPI documents into the one served at /openapi*.
#include "openapi_merge.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "api_version.h"
#include "json_writer.h"
#include "releases.h"
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
    // A path listed again takes the later definition in the first one's place (the dbv
    // plugins' /openapi*, measured: 22.05-acct/openapi_v3.json).
    if (auto paths = doc.find("paths"); paths != doc.end()) {
      for (auto it = paths->begin(); it != paths->end(); ++it)
        merged["paths"][it.key()] = it.value();
    }
    if (auto components = doc.find("components"); components != doc.end()) {
      for (auto it = components->begin(); it != components->end(); ++it) {
        add_missing(merged["components"][it.key()], it.value());
      }
    }
  }
  return merged;
}

namespace {

// The schemas `node` reaches in `schemas` ($refs followed) that `into` lacks.
void reached(const Json& node, const Json& schemas, const Json& into,
             std::set<std::string>& found) {
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (it.key() == "$ref" && it.value().is_string()) {
        const std::string& ref = it.value().get_ref<const std::string&>();
        const std::string name = ref.substr(ref.rfind('/') + 1);
        if (into.contains(name) || !found.insert(name).second) continue;
        auto schema = schemas.find(name);
        if (schema == schemas.end()) throw std::logic_error("no schema " + name);
        reached(*schema, schemas, into, found);
      } else {
        reached(it.value(), schemas, into, found);
      }
    }
  } else if (node.is_array()) {
    for (const Json& v : node) reached(v, schemas, into, found);
  }
}

// Adds the schemas a path reaches that `into` lacks, in the piece's order: a slurmctld piece
// keeps them depth-first in $ref order, a slurmdbd piece in the order its daemon adds them
// (contract_tests/tools/openapi_release_pieces.py).
void add_reached(const Json& node, const Json& schemas, Json& into) {
  std::set<std::string> found;
  reached(node, schemas, into, found);
  for (auto it = schemas.begin(); it != schemas.end() && !found.empty(); ++it) {
    if (found.erase(it.key())) into[it.key()] = it.value();
  }
}

// "26.05" -> {"26", "05"}; the micro number is the release's last ("26.05.5" -> "5").
Json x_slurm(const SlurmRelease& release, const std::vector<const ApiVersion*>& versions) {
  Json parsers = Json::array();
  Json plugins = Json::array();
  for (const ApiVersion* v : versions) {
    const std::string name = v->data_parser.substr(v->data_parser.find('/') + 1);
    // openapi/slurmctld and openapi/slurmdbd share the data_parsers: each is listed once.
    const Json parser{{"plugin", name}, {"flags", Json::array({"NONE"})}};
    if (std::find(parsers.begin(), parsers.end(), parser) == parsers.end())
      parsers.push_back(parser);
    if (std::find(plugins.begin(), plugins.end(), v->plugin_type) == plugins.end())
      plugins.push_back(v->plugin_type);
  }
  Json x = Json::object();
  x["data_parsers"] = std::move(parsers);
  x["openapi"] = std::move(plugins);
  const size_t dot = release.name.find('.');
  x["version"]["major"] = release.name.substr(0, dot);
  x["version"]["micro"] = release.release.substr(release.release.rfind('.') + 1);
  x["version"]["minor"] = release.name.substr(dot + 1);
  x["release"] = release.release;
  return x;
}

}  // namespace

Json merge_release_openapi(Json head, const std::vector<std::string>& routes,
                           const std::vector<OpenapiPiece>& pieces) {
  for (const std::string& route : routes) {
    for (const OpenapiPiece& piece : pieces) {
      const auto own = piece.document.find("paths");
      if (own == piece.document.end()) continue;
      const auto path = own->find(piece.prefix + route);
      if (path == own->end()) continue;
      head["paths"][piece.prefix + route] = *path;
      add_reached(*path, piece.document.at("components").at("schemas"),
                  head["components"]["schemas"]);
    }
  }
  return head;
}

Json served_openapi(const SlurmRelease& release, const std::vector<const ApiVersion*>& versions) {
  if (release.openapi_head.empty()) {
    std::vector<const Json*> documents;
    for (const ApiVersion* v : versions) documents.push_back(&v->openapi_document());
    return merge_openapi(documents);
  }
  // openapi/slurmctld's paths route by route, then openapi/slurmdbd's (with accounting).
  std::vector<OpenapiPiece> pieces, db_pieces;
  std::vector<std::string> plugins;
  for (const ApiVersion* v : versions) {
    const bool db = v->path_root != "/slurm";
    (db ? db_pieces : pieces)
        .push_back({v->path_root + "/" + v->name + "/", v->openapi_piece(release)});
    if (std::find(plugins.begin(), plugins.end(), v->plugin_type) == plugins.end())
      plugins.push_back(v->plugin_type);
  }
  Json head = Json::parse(release.openapi_head);
  if (release.openapi_x_slurm) head["info"]["x-slurm"] = x_slurm(release, versions);
  // 24.11 names the loaded openapi plugins in info.version ("Slurm-24.11.5&openapi/slurmctld").
  std::string& version = head["info"]["version"].get_ref<std::string&>();
  if (version.find('&') != std::string::npos) {
    version = "Slurm-" + release.release;
    for (const std::string& p : plugins) version += "&" + p;
  }
  head = merge_release_openapi(std::move(head), release.openapi_routes, pieces);
  return merge_release_openapi(std::move(head), release.openapi_db_routes, db_pieces);
}

std::string render_openapi_yaml(const Json& document) {
  YamlOptions options;
  options.empty_string_as_null = false;
  return to_yaml(document, options);
}

OpenapiTexts render_openapi(const Json& document, EmptyContainers empty) {
  OpenapiTexts t;
  t.json = to_slurm_json(document, empty);
  t.yaml = render_openapi_yaml(document);
  return t;
}

}  // namespace mock_slurmrestd
