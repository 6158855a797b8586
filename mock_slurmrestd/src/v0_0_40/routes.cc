// GET ping, diag, nodes, node, partitions and partition of v0.0.40 to v0.0.42 (24.11).
//
// A token slurmctld refuses is not answered by slurmrestd: each handler asks "slurmctld" and
// answers its refusal (Request::refusal set by the auth gate): ping reports the controller
// DOWN with 200, the others 511 (asked of the real daemon: tests/data/oracle/24.11/asked/).
#include "v0_0_40/routes.h"

#include <chrono>

#include "v0_0_36/routes.h"
#include "v0_0_40/answer.h"
#include "v0_0_40/dump.h"
#include "v0_0_40/number.h"
#include "v0_0_40/release_rules.h"

namespace mock_slurmrestd::v0_0_40 {

namespace {

// slurmrestd's answer status when slurmctld refuses the token.
constexpr int kRefusedStatus = 511;
constexpr int kAuthError = 1007;

bool refused(const Request& req) { return !req.refusal.empty(); }

// Paths as the daemon lists them: "/ping/" and "/ping" are both routed.
void add_get(App& app, const LoadedVersion& self, const std::string& path, Handler handler,
             EndpointKind kind, ParamKind param = ParamKind::kAny) {
  app.router().add("GET", self.prefix() + path, std::move(handler), param, tag(kind), &self);
}

}  // namespace

void register_diag_routes(App& app, const LoadedVersion& self, const Shape& shape) {
  add_get(
      app, self, "/ping",
      [&app, &self, shape](Request& req) {
        // The latency is the time this answer took to ask the simulator, in microseconds.
        const auto start = std::chrono::steady_clock::now();
        { auto locked = app.lock(); }
        const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
        Answer a;
        Json ping;
        dump_ping(ping, app.hostname(), !refused(req), us, shape);
        a.payload["pings"] = Json::array({std::move(ping)});
        return respond(app, self, req, a, 200);
      },
      EndpointKind::kPing);

  add_get(
      app, self, "/diag",
      [&app, &self, shape](Request& req) {
        Answer a;
        if (refused(req)) {
          a.error("slurm_get_statistics() failed to get slurmctld statistics", kAuthError,
                  "op_handler_diag");
          return respond(app, self, req, a, kRefusedStatus);
        }
        auto locked = app.lock();
        auto& sim = locked.sim();
        DiagFacts facts;
        facts.req_time_start = app.started_at();
        facts.server_thread_count = 1;  // 24.11's slurmctld, recorded
        Json stats;
        dump_diag(stats, sim.stats(), v0_0_36::dump_context(app, sim), sim.jobs(), facts, shape);
        a.payload["statistics"] = std::move(stats);
        return respond(app, self, req, a, 200);
      },
      EndpointKind::kDiag);
}

void register_node_routes(App& app, const LoadedVersion& self, const Shape& shape) {
  add_get(
      app, self, "/nodes",
      [&app, &self, shape](Request& req) {
        Answer a;
        if (refused(req)) {
          a.error("Failure to query nodes", kAuthError, "_dump_nodes");
          return respond(app, self, req, a, kRefusedStatus);
        }
        auto locked = app.lock();
        auto& sim = locked.sim();
        const auto ctx = v0_0_36::dump_context(app, sim);
        Json& nodes = a.payload["nodes"] = Json::array();
        for (const auto& node : sim.nodes()) dump_node(nodes.emplace_back(), node, ctx, shape);
        a.payload["last_update"] = number(sim.now());
        return respond(app, self, req, a, 200);
      },
      EndpointKind::kNodes);

  add_get(
      app, self, "/node/{node_name}",
      [&app, &self, shape](Request& req) {
        Answer a;
        const std::string name = *req.param("node_name");
        if (refused(req)) {
          a.error("Failure to query node " + name, kAuthError, "_dump_nodes");
          return respond(app, self, req, a, kRefusedStatus);
        }
        auto locked = app.lock();
        auto& sim = locked.sim();
        const scheduler_sim::Node* node = sim.find_node(name);
        if (!node) {
          // Not an error number: the daemon reports "No error" with its own description.
          a.error("Failure to query node " + name, 0, "_dump_nodes");
          return respond(app, self, req, a, 200);
        }
        dump_node(a.payload["nodes"].emplace_back(), *node, v0_0_36::dump_context(app, sim), shape);
        a.payload["last_update"] = number(sim.now());
        return respond(app, self, req, a, 200);
      },
      EndpointKind::kNodes, ParamKind::kPresent);
}

void register_partition_routes(App& app, const LoadedVersion& self, const Shape& shape) {
  // Without accounting the daemon cannot add the TRES it would read from slurmdbd.
  static const char kNoAccounting[] =
      "Slurm accounting storage is disabled. Could not query the following: [TRES].";
  add_get(
      app, self, "/partitions",
      [&app, &self, shape](Request& req) {
        Answer a;
        // Recorded: 511 with neither an error nor a warning.
        if (refused(req)) return respond(app, self, req, a, kRefusedStatus);
        auto locked = app.lock();
        auto& sim = locked.sim();
        const auto ctx = v0_0_36::dump_context(app, sim);
        Json& parts = a.payload["partitions"] = Json::array();
        for (const auto& p : sim.partitions()) dump_partition(parts.emplace_back(), p, ctx, shape);
        a.payload["last_update"] = number(sim.now());
        a.warning(kNoAccounting);
        return respond(app, self, req, a, 200);
      },
      EndpointKind::kPartitions);

  add_get(
      app, self, "/partition/{partition_name}",
      [&app, &self, shape](Request& req) {
        Answer a;
        const std::string name = *req.param("partition_name");
        if (refused(req)) {
          a.error("Unable to query partitions", kAuthError, "op_handler_partition");
          return respond(app, self, req, a, kRefusedStatus);
        }
        auto locked = app.lock();
        auto& sim = locked.sim();
        const scheduler_sim::Partition* found = nullptr;
        for (const auto& p : sim.partitions()) {
          if (p.config.name == name) found = &p;
        }
        if (!found) {
          if (!rules_of(app.release()).unknown_partition_is_error) {
            a.warning("Unable to find partition " + name, "_partition_get");
            return respond(app, self, req, a, 200);
          }
          a.error("Unable to find partition " + name, 9000, "op_handler_partition");
          return respond(app, self, req, a, 422);
        }
        dump_partition(a.payload["partitions"].emplace_back(), *found,
                       v0_0_36::dump_context(app, sim), shape);
        a.payload["last_update"] = number(sim.now());
        a.warning(kNoAccounting);
        return respond(app, self, req, a, 200);
      },
      EndpointKind::kPartitions, ParamKind::kPresent);
}

void register_routes(App& app, const LoadedVersion& self, const Shape& shape) {
  register_diag_routes(app, self, shape);
  register_node_routes(app, self, shape);
  register_partition_routes(app, self, shape);
}

AuthRejection token_refused(AuthStatus, EndpointKind, const RejectionContext&) {
  // Not answered before the handler: see the banner.
  return AuthRejection{};
}

AuthRejection controller_down(EndpointKind, const RejectionContext&, int* calls) {
  // Not measured on 24.11 yet: the handlers answer as with slurmctld up (docs/differences.md).
  if (calls) *calls = 0;
  return AuthRejection{};
}

}  // namespace mock_slurmrestd::v0_0_40
