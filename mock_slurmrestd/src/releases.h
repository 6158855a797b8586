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
  // The slurmdb plugins (openapi/dbv0.0.NN), loaded after `versions` when the cluster stores
  // accounting in slurmdbd (AccountingStorageType=accounting_storage/slurmdbd); without it the
  // oracle's daemon runs without them and /slurmdb/ paths are unknown paths (404).
  std::vector<const ApiVersion*> accounting_versions;
  // What the release's router answers for a path it does not route (Router::
  // set_unrouted_answers); empty / false: the router's defaults.
  std::string not_found_text;
  bool method_mismatch_is_not_found = false;
  // `-s list` / `-d list`: the names on stdout, the heading on stderr (24.11), or everything
  // logged on stderr (22.05).
  bool lists_plugins_on_stdout = false;
  // Authentication (rest_auth/jwt): X-SLURM-USER-NAME may be left out, the token's user then
  // acts (24.11); and `Authorization: Bearer <token>` stands for X-SLURM-USER-TOKEN (24.11).
  bool token_names_user = false;
  bool bearer_token = false;
  // JSON layout: empty arrays and objects on one line, "[]" and "{}" (24.11), instead of over
  // two lines (json_writer.h: EmptyContainers).
  bool one_line_empty_containers = false;
  // slurmctld refuses a batch job without environment after making its record (24.11:
  // scheduler_sim::SimOptions::batch_needs_environment).
  bool batch_needs_environment = false;
  // A body is read whatever the method (24.11: a GET ignores it, DELETE /job/{id} reads it as
  // its query, DELETE /jobs/ as its request), instead of 400 "Unexpected http body provided
  // for non-POST method" (22.05).
  bool body_on_every_method = false;
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
//
// `data_parsers` narrows further like slurmrestd's -d (releases whose versions are
// data_parser plugins): "data_parser/<name>" or "<name>", loaded in the order given; empty =
// every one. An unknown one: "Unable to find plugin: data_parser/x".
//
// `accounting`: the cluster stores accounting in slurmdbd, so the release's
// accounting_versions load too (after the others without -s; where -s puts them with it).
// Without accounting, -s naming one is refused ("openapi/dbv0.0.36 needs accounting ...").
std::vector<const ApiVersion*> select_versions(const SlurmRelease& release,
                                               const std::vector<std::string>& plugins,
                                               const std::vector<std::string>& data_parsers = {},
                                               bool accounting = false);
// The openapi plugins of `release` as -s list prints them (each once, in load order), and its
// data_parser plugins as -d list prints them (empty for a release without any).
std::vector<std::string> openapi_plugins(const SlurmRelease& release);
std::vector<std::string> data_parser_plugins(const SlurmRelease& release);
// Splits -s's comma-separated list ("openapi/a,b" -> {"openapi/a", "b"}).
std::vector<std::string> split_plugin_list(const std::string& spec);

}  // namespace mock_slurmrestd
