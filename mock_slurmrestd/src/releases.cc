// The release profiles: one line per API version a release loads.
#include "releases.h"

#include <stdexcept>

#include "api_version.h"
#include "v0_0_36/plugin.h"
#include "v0_0_37/plugin.h"
#include "v0_0_38/plugin.h"

namespace mock_slurmrestd {

const std::vector<SlurmRelease>& releases() {
  static const std::vector<SlurmRelease> all = [] {
    std::vector<SlurmRelease> r;
    SlurmRelease s22_05{
        .name = "22.05", .release = "22.05.8", .major = 22, .minor = 5, .micro = 8, .versions = {}};
    s22_05.versions.push_back(&v0_0_36::plugin());
    s22_05.versions.push_back(&v0_0_37::plugin());
    s22_05.versions.push_back(&v0_0_38::plugin());
    r.push_back(std::move(s22_05));
    return r;
  }();
  return all;
}

const SlurmRelease& default_release() { return releases().front(); }

const SlurmRelease* find_release(const std::string& name) {
  for (const auto& r : releases()) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

std::vector<std::string> split_plugin_list(const std::string& spec) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= spec.size()) {
    size_t comma = spec.find(',', i);
    if (comma == std::string::npos) comma = spec.size();
    if (comma > i) out.push_back(spec.substr(i, comma - i));
    i = comma + 1;
  }
  return out;
}

std::vector<const ApiVersion*> select_versions(const SlurmRelease& release,
                                               const std::vector<std::string>& plugins) {
  if (plugins.empty()) return release.versions;
  std::vector<const ApiVersion*> out;
  for (const std::string& given : plugins) {
    const std::string type = given.rfind("openapi/", 0) == 0 ? given : "openapi/" + given;
    const ApiVersion* found = nullptr;
    for (const ApiVersion* v : release.versions) {
      if (v->plugin_type == type) found = v;
    }
    if (!found) throw std::invalid_argument("Unable to find plugin: " + type);
    // The real daemon cannot load a plugin twice either: it dies at start-up (22.05:
    // "fatal: init_op_jobs: unable to create hash table"); this says why.
    for (const ApiVersion* v : out) {
      if (v == found) throw std::invalid_argument("Plugin given twice: " + type);
    }
    out.push_back(found);
  }
  return out;
}

}  // namespace mock_slurmrestd
