// One REST API version (one slurmrestd openapi plugin) as its folder's entry point describes it.
#pragma once

#include <memory>
#include <string>

#include "auth.h"
#include "envelope.h"

namespace mock_slurmrestd {

class App;
struct LoadedVersion;
struct SlurmRelease;

// What a version folder provides, the way each of slurmrestd's openapi plugins has an init:
// names, the meta it reports, its routes, its answers for requests refused before or at
// slurmctld, the request-gate checks it makes before calling slurmctld, and its piece of the
// OpenAPI document. Code outside the version folders reaches a version only through this.
// Plain function pointers: a version is a static description; a later version that answers
// alike points at (or calls) an earlier version's functions.
struct ApiVersion {
  std::string name;  // the path segment: <path_root>/<name>/...
  // Where its routes live: "/slurm", or "/slurmdb" for slurmrestd's openapi/dbv0.0.NN plugins.
  std::string path_root = "/slurm";
  std::string plugin_type;  // what -s names and meta.plugin.type reports
  // The data_parser plugin the version is rendered by ("data_parser/v0.0.42"), what -d names;
  // empty for the versions that are openapi plugins of their own (slurmrestd before 23.02).
  // Several versions then share one plugin_type ("openapi/slurmctld").
  std::string data_parser;
  // The "meta" object of every answer, for a server that mirrors `release`.
  Json (*meta)(const SlurmRelease& release) = nullptr;
  // Registers every route of this version (under /slurm/<name>/ and any the version shares)
  // on app.router(), tagged with `self`.
  void (*register_routes)(App& app, const LoadedVersion& self) = nullptr;
  // The request gate: whether a body or signal is good enough for the daemon to call
  // slurmctld (bodies and signals are judged locally first).
  bool (*submission_reaches_controller)(const Json& body) = nullptr;
  bool (*update_reaches_controller)(const Json& body, const std::string& peer) = nullptr;
  // A ?signal= value as the version reads it (RejectionContext::signal), and whether it can
  // be sent.
  int (*parse_signal)(const std::string& text) = nullptr;
  bool (*valid_signal)(int signal) = nullptr;
  // Per-endpoint answers: a token slurmctld refuses, and slurmctld unreachable (`calls`:
  // how many slurmctld calls the daemon makes before giving up).
  AuthRejection (*token_refused)(AuthStatus status, EndpointKind kind,
                                 const RejectionContext& context) = nullptr;
  AuthRejection (*controller_down)(EndpointKind kind, const RejectionContext& context,
                                   int* calls) = nullptr;
  // This version's OpenAPI document (paths, schemas, ...); the server merges the loaded
  // versions' documents (openapi_merge.h).
  const Json& (*openapi_document)() = nullptr;
  // Instead, for a data_parser version: its piece of `release`'s document (its paths and the
  // schemas they reach, as that release's daemon lists them; an empty object when the release
  // has none), which the release's own keys and route order merge (openapi_merge.h). Parsed
  // anew at each call: the server keeps only the rendered document, built once.
  Json (*openapi_piece)(const SlurmRelease& release) = nullptr;
};

// A version as one server loaded it: its place in the load order and its meta, rendered once.
struct LoadedVersion {
  const ApiVersion* api = nullptr;
  int index = 0;  // 0 = first loaded; part of every view-cache key
  Meta meta;
  // "/slurm/<name>" (or "/slurmdb/<name>"), where this version's routes live.
  std::string prefix() const { return api->path_root + "/" + api->name; }
};

}  // namespace mock_slurmrestd
