// GET ping, diag, nodes, node, partitions and partition of v0.0.40 to v0.0.45 (24.11, 26.05).
//
// A token slurmctld refuses, and slurmctld unreachable (/mock/v1/faults), are not answered
// before the handler: each handler "asks slurmctld" and answers its failure (Request::refusal
// set by the auth gate): ping reports the controller DOWN with 200 at once, the others 511
// (refused token, error 1007) or 502 after one failed call (unreachable, error 1800). Asked of
// the real daemon: tests/data/oracle/24.11/asked/ and 26.05/asked/.
#include "v0_0_40/routes.h"

#include <strings.h>

#include <chrono>
#include <optional>
#include <thread>

#include "group_names.h"
#include "v0_0_36/routes.h"
#include "v0_0_40/answer.h"
#include "v0_0_40/conf_route.h"
#include "v0_0_40/dump.h"
#include "v0_0_40/job_control_routes.h"
#include "v0_0_40/job_routes.h"
#include "v0_0_40/job_write_routes.h"
#include "v0_0_40/list_query.h"
#include "v0_0_40/node_write_routes.h"
#include "v0_0_40/number.h"
#include "v0_0_40/partition_write_routes.h"
#include "v0_0_40/release_rules.h"
#include "v0_0_40/reservation_routes.h"

namespace mock_slurmrestd::v0_0_40 {

namespace {

// Why ping does not reach slurmctld, as an error number (0: it does; no wait: the daemon
// reports DOWN at once).
int ping_error(App& app, const Request& req) {
  if (app.faults().controller_down) return 1800;
  return req.refusal.empty() ? 0 : 1007;
}

}  // namespace

std::optional<Failure> failed_call(App& app, const Request& req) {
  if (app.faults().controller_down) {
    const int64_t ms = app.faults().controller_retry_ms.load();
    if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return Failure{502, 1800};
  }
  if (!req.refusal.empty()) return Failure{511, 1007};
  return std::nullopt;
}

namespace {

// A node as the version renders it and the release fills it.
void node_of_release(Json& out, const scheduler_sim::Node& node, const DumpContext& ctx,
                     const Shape& shape, const ReleaseRules& rules) {
  dump_node(out, node, ctx, shape);
  if (!node.reason_set_by_uid) out["reason_set_by_user"] = rules.unset_reason_user;
}

// A FUTURE node is left out of every answer, as slurmctld leaves it out without SHOW_FUTURE
// (asked: 24.11 and 26.05, tests/data/oracle/*/asked/nodes/).
bool hidden(const scheduler_sim::Node& node) {
  return node.base == scheduler_sim::NodeBase::kFuture || node.deleted;
}

// v0.0.43 on: a node whose Weight is 4294967295 (an update's -3, asked) is printed with a
// warning, once per such node.
void infinity_warnings(Answer& a, const scheduler_sim::Node& node, const Shape& shape) {
  if (shape.infinity_placeholder_warning && node.config.weight == 4294967295LL)
    a.warning("Dumping (0xffffffff) as place holder for Infinity");
}

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
        const int error_number = ping_error(app, req);
        dump_ping(ping, app.hostname(), error_number == 0, us, shape, error_text(error_number));
        a.payload["pings"] = Json::array({std::move(ping)});
        return respond(app, self, req, a, 200);
      },
      EndpointKind::kPing);

  add_get(
      app, self, "/diag",
      [&app, &self, shape](Request& req) {
        Answer a;
        if (auto f = failed_call(app, req)) {
          a.error("slurm_get_statistics() failed to get slurmctld statistics", f->error_number,
                  "op_handler_diag");
          return respond(app, self, req, a, f->status);
        }
        auto locked = app.lock();
        auto& sim = locked.sim();
        DiagFacts facts;
        facts.req_time_start = app.started_at();
        facts.server_thread_count = 1;  // 24.11's and 26.05's slurmctld, recorded
        facts.parts_packed = rules_of(app.release()).parts_packed;
        Json stats;
        dump_diag(stats, sim.stats(), v0_0_36::dump_context(app, sim), sim.jobs(), facts, shape);
        a.payload["statistics"] = std::move(stats);
        return respond(app, self, req, a, 200);
      },
      EndpointKind::kDiag);
}

namespace {

// The query rejections' texts (asked: the partitions' lack the nodes' full stop).
constexpr char kNodesRejected[] = "Rejecting request. Failure parsing query.";
constexpr char kPartitionsRejected[] = "Rejecting request. Failure parsing query";

// A read whose ?update_time= is at or past the last change (v0.0.42 on): 304 without a body.
Response unchanged() {
  Response r;
  r.status = 304;
  r.content_type.clear();
  return r;
}

}  // namespace

void register_node_routes(App& app, const LoadedVersion& self, const Shape& shape) {
  add_get(
      app, self, "/nodes",
      [&app, &self, shape](Request& req) {
        Answer a;
        warn_unknown_query(a, req, {"update_time", "flags"}, "DATA_PARSER_OPENAPI_NODES_QUERY");
        ListQuery q;
        if (!read_list_query(req, shape, a, kNodesRejected, "_dump_nodes", &q))
          return respond(app, self, req, a, 500);
        if (auto f = failed_call(app, req)) {
          a.error("Failure to query nodes", f->error_number, "_dump_nodes");
          return respond(app, self, req, a, f->status);
        }
        auto locked = app.lock();
        auto& sim = locked.sim();
        if (q.update_time && *q.update_time >= sim.now()) return unchanged();
        const auto ctx = v0_0_36::dump_context(app, sim);
        Json& nodes = a.payload["nodes"] = Json::array();
        const ReleaseRules& rules = rules_of(app.release());
        for (const auto& node : sim.nodes()) {
          if (hidden(node)) continue;
          node_of_release(nodes.emplace_back(), node, ctx, shape, rules);
          if (!q.detail) nodes.back()["gres_drained"] = "";
          infinity_warnings(a, node, shape);
        }
        a.payload["last_update"] = number(sim.now());
        return respond(app, self, req, a, q.bad_flag ? 500 : 200);
      },
      EndpointKind::kNodes);

  add_get(
      app, self, "/node/{node_name}",
      [&app, &self, shape](Request& req) {
        Answer a;
        const std::string name = *req.param("node_name");
        ListQuery q;
        if (!read_list_query(req, shape, a, kNodesRejected, "_dump_nodes", &q))
          return respond(app, self, req, a, 500);
        if (auto f = failed_call(app, req)) {
          a.error("Failure to query node " + name, f->error_number, "_dump_nodes");
          return respond(app, self, req, a, f->status);
        }
        auto locked = app.lock();
        auto& sim = locked.sim();
        if (q.update_time && *q.update_time >= sim.now() &&
            rules_of(app.release()).node_update_time_fails) {
          a.error("Unable to query partitions", -1, "_dump_nodes");
          return respond(app, self, req, a, 500);
        }
        const scheduler_sim::Node* node = sim.find_node(name);
        if (!node || hidden(*node)) {
          // Not an error number: the daemon reports "No error" with its own description.
          a.error("Failure to query node " + name, 0, "_dump_nodes");
          return respond(app, self, req, a, 200);
        }
        const auto ctx = v0_0_36::dump_context(app, sim);
        Json& out = a.payload["nodes"].emplace_back();
        node_of_release(out, *node, ctx, shape, rules_of(app.release()));
        if (!q.detail) out["gres_drained"] = "";
        if (app.release().one_node_first_nodes_partitions && !ctx.nodes.empty()) {
          Json first;
          dump_node(first, ctx.nodes.front(), ctx, shape);
          out["partitions"] = std::move(first["partitions"]);
        }
        infinity_warnings(a, *node, shape);
        a.payload["last_update"] = number(sim.now());
        return respond(app, self, req, a, q.bad_flag ? 500 : 200);
      },
      EndpointKind::kNodes, ParamKind::kPresent);
}

namespace {

// Asked of 26.05.5 and 24.11.5: a HIDDEN partition, or one whose AllowGroups leave the user
// out, is not listed to that user (an administrator sees every one; a GET by name shows it all
// the same).
bool visible(const scheduler_sim::Partition& p, const scheduler_sim::Identity& who,
             const scheduler_sim::Simulator& sim) {
  if (who.uid == 0 || who.name == sim.config().slurm_user) return true;
  if (p.config.hidden) return false;
  const std::string& groups = p.config.allow_groups;
  if (groups.empty() || groups == "ALL") return true;
  const std::string mine = group_name(who.gid);
  size_t start = 0;
  while (start <= groups.size()) {
    const size_t comma = groups.find(',', start);
    if (groups.substr(start, comma == std::string::npos ? std::string::npos : comma - start) ==
        mine)
      return true;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return false;
}

}  // namespace

void register_partition_routes(App& app, const LoadedVersion& self, const Shape& shape) {
  // Without accounting the daemon cannot add the TRES it would read from slurmdbd.
  static const char kNoAccounting[] =
      "Slurm accounting storage is disabled. Could not query the following: [TRES].";
  add_get(
      app, self, "/partitions",
      [&app, &self, shape](Request& req) {
        Answer a;
        warn_unknown_query(a, req, {"update_time", "flags"},
                           "DATA_PARSER_OPENAPI_PARTITIONS_QUERY");
        ListQuery q;
        if (!read_list_query(req, shape, a, kPartitionsRejected, "op_handler_partitions", &q))
          return respond(app, self, req, a, 500);
        // Asked: 511 / 502 with neither an error nor a warning.
        if (auto f = failed_call(app, req)) return respond(app, self, req, a, f->status);
        auto locked = app.lock();
        auto& sim = locked.sim();
        if (q.update_time && *q.update_time >= sim.now()) return unchanged();
        const auto ctx = v0_0_36::dump_context(app, sim);
        Json& parts = a.payload["partitions"] = Json::array();
        const scheduler_sim::Identity who = current_identity(app, req);
        for (const auto& p : sim.partitions())
          if (visible(p, who, sim)) dump_partition(parts.emplace_back(), p, ctx, shape);
        a.payload["last_update"] = number(sim.now());
        a.warning(kNoAccounting);
        return respond(app, self, req, a, q.bad_flag ? 500 : 200);
      },
      EndpointKind::kPartitions);

  add_get(
      app, self, "/partition/{partition_name}",
      [&app, &self, shape](Request& req) {
        Answer a;
        const std::string name = *req.param("partition_name");
        ListQuery q;
        if (!read_list_query(req, shape, a, kPartitionsRejected, "op_handler_partition", &q))
          return respond(app, self, req, a, 500);
        if (auto f = failed_call(app, req)) {
          a.error("Unable to query partitions", f->error_number,
                  rules_of(app.release()).partition_error_source);
          return respond(app, self, req, a, f->status);
        }
        auto locked = app.lock();
        auto& sim = locked.sim();
        if (q.update_time && *q.update_time >= sim.now()) return unchanged();
        const scheduler_sim::Partition* found = nullptr;
        // Asked on 24.11 and 26.05: the name is matched ignoring case (QUEUE1 is queue1).
        for (const auto& p : sim.partitions()) {
          if (strcasecmp(p.config.name.c_str(), name.c_str()) == 0) found = &p;
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
        return respond(app, self, req, a, q.bad_flag ? 500 : 200);
      },
      EndpointKind::kPartitions, ParamKind::kPresent);
}

void register_routes(App& app, const LoadedVersion& self, const Shape& shape) {
  register_diag_routes(app, self, shape);
  register_node_routes(app, self, shape);
  register_node_write_routes(app, self, shape);
  register_partition_routes(app, self, shape);
  register_job_read_routes(app, self, shape);
  register_job_write_routes(app, self, shape);
  register_job_control_routes(app, self, shape);
  register_reservation_write_routes(app, self, shape);
  register_partition_write_routes(app, self, shape);
  register_controller_routes(app, self, shape);
  register_conf_route(app, self, shape);
}

AuthRejection token_refused(AuthStatus, EndpointKind, const RejectionContext&) {
  // Not answered before the handler: see the banner.
  return AuthRejection{};
}

AuthRejection controller_down(EndpointKind, const RejectionContext&, int* calls) {
  // Not answered before the handler either: see the banner.
  if (calls) *calls = 0;
  return AuthRejection{};
}

}  // namespace mock_slurmrestd::v0_0_40
