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
  // slurmctld refuses a dependency on an unknown job (24.11, 26.05: 2038) rather than
  // dropping it (scheduler_sim::SimOptions::unknown_dependency_refused).
  bool unknown_dependency_refused = false;
  // slurmctld refuses a dependency list mixing "," and "?" (26.05: 2038) rather than taking
  // it as an either list (scheduler_sim::SimOptions::mixed_dependency_refused).
  bool mixed_dependency_refused = false;
  // ... refused with "Environment is missing in job" (2127, 26.05) rather than "I/O error
  // writing script/environment to file" (2019, 24.11).
  bool environment_missing_named = false;
  // More required nodes than the node count: the first ones are taken (24.11 on), not 2006
  // (scheduler_sim::SimOptions::required_nodes_beyond_count).
  bool required_nodes_beyond_count = false;
  // More CPUs than a partition's MaxCPUsPerNode leaves on all its nodes: queued with
  // PartitionConfig (26.05), not refused with 2014 (24.11)
  // (scheduler_sim::SimOptions::partition_cpu_limit_queues).
  bool partition_cpu_limit_queues = false;
  // A job's task count limits its node count when it names no maximum (26.05;
  // scheduler_sim::SimOptions::task_count_limits_nodes).
  bool task_count_limits_nodes = false;
  // A body is read whatever the method (24.11: a GET ignores it, DELETE /job/{id} reads it as
  // its query, DELETE /jobs/ as its request), instead of 400 "Unexpected http body provided
  // for non-POST method" (22.05).
  bool body_on_every_method = false;
  // /openapi/v3 of a release whose versions are data_parser plugins: the document's own keys
  // (tags, paths, components with securitySchemes, info, servers, security, openapi, in the
  // daemon's order; our own prose) as JSON text, and openapi/slurmctld's routes (the path
  // after /slurm/vX.Y.Z/) in the order its document lists them: for each route, the loaded
  // versions' paths in load order (openapi_merge.h). Empty: the loaded versions' whole
  // documents are merged as 22.05 merges them.
  std::string openapi_head;
  std::vector<std::string> openapi_routes;
  // openapi/slurmdbd's routes (after /slurmdb/vX.Y.Z/), listed after openapi/slurmctld's the
  // same way when accounting loads it (measured: tests/data/oracle/<release>-acct/openapi_v3.json).
  std::vector<std::string> openapi_db_routes;
  // info["x-slurm"] names the loaded data_parsers, openapi plugins and the release (26.05).
  bool openapi_x_slurm = false;
  // HEAD: 404 text/plain with not_found_text's length (26.05) instead of 411 without a
  // Content-Type.
  bool head_is_not_found = false;
  // The 415 text for an Accept naming no known type (nullptr: "Accept content type is unknown").
  const char* unknown_accept_text = nullptr;
  // The 400 text for a body that does not parse (nullptr: "Unable to parse query.").
  const char* unparsable_body_text = nullptr;
  // Node updates as 26.05's slurmctld answers them (scheduler_sim::SimOptions::
  // node_update_clears_reasons).
  bool node_update_clears_reasons = false;
  // A path with characters outside a URL's (a raw "[") is 404 "Invalid or unknown URL path"
  // (26.05) instead of 400 "Unable to parse URL path." (24.11, 22.05).
  bool unparsable_path_not_found = false;
  // GET .../node/{name} lists the partitions of the cluster's first node whatever the node
  // (24.11, as 22.05's v0.0.36-38), instead of the node's own (26.05).
  bool one_node_first_nodes_partitions = false;
  // A query that does not parse: 400 "Unable to parse query." (22.05, 24.11), or 500
  // "Unspecified error" (26.05, every route).
  bool unparsable_query_unspecified = false;
  // A body sent with a query string: 400 "Unexpected HTTP body provided when URL Query
  // provided" (26.05, POST and DELETE); not measured on 24.11.
  bool body_with_query_refused = false;
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
