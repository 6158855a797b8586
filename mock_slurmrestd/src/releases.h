// Release profiles: which API versions a real slurmrestd of a Slurm release loads, and its meta.
#pragma once

#include <string>
#include <vector>

namespace mock_slurmrestd {

struct ApiVersion;

// A Slurm release as its slurmrestd presents itself.
struct SlurmRelease {
  std::string name;     // what --slurm-version takes: "22.05"
  std::string release;  // the full number every answer's meta reports: "22.05.8"
  int major = 0, minor = 0, micro = 0;
  // The openapi plugins its slurmrestd loads without -s, in its load order: the first one's
  // OpenAPI document leads the merged one, and it keeps a path two versions both serve.
  std::vector<const ApiVersion*> versions;
};

// Every release the mock can mirror.
const std::vector<SlurmRelease>& releases();
// The default release (--slurm-version's default).
const SlurmRelease& default_release();
// nullptr when no release is called `name`.
const SlurmRelease* find_release(const std::string& name);

// The versions `release` loads, narrowed like slurmrestd's -s: `plugins` names plugins
// ("openapi/<name>", or "<name>", which slurmrestd prefixes with "openapi/"), loaded in the
// order given; empty = every version of the release. Throws std::invalid_argument with the
// daemon's words for a plugin the release does not have ("Unable to find plugin: openapi/x"),
// and for one given twice (which the real daemon cannot load either: it exits at start-up).
std::vector<const ApiVersion*> select_versions(const SlurmRelease& release,
                                               const std::vector<std::string>& plugins);
// Splits -s's comma-separated list ("openapi/a,b" -> {"openapi/a", "b"}).
std::vector<std::string> split_plugin_list(const std::string& spec);

}  // namespace mock_slurmrestd
