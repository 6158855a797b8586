// Renders simulator records as the v0.0.40 objects the real 24.11 daemon prints, and, with
// their Shape, v0.0.41's and v0.0.42's (every key the daemon prints, in its order, with its
// types; numbers that can be unset or infinite as number.h's objects).
#pragma once

#include <string>
#include <vector>

#include "v0_0_36/dump.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

using v0_0_36::DiagFacts;
using v0_0_36::DumpContext;

// One element of "pings": the controller on `hostname`; `reached` false when slurmctld
// refused the request's token (the daemon then reports it DOWN); `status` is the text of why
// (v0.0.45 prints it: "No error", "Protocol authentication error").
void dump_ping(Json& out, const std::string& hostname, bool reached, int64_t latency_us,
               const Shape& shape, const std::string& status = "No error");
// The "statistics" object of GET /diag (RPC statistics are not simulated: both lists empty).
void dump_diag(Json& out, const scheduler_sim::SimStats& s, const DumpContext& ctx,
               const std::vector<const scheduler_sim::Job*>& jobs, const DiagFacts& facts,
               const Shape& shape);
// One element of "nodes".
void dump_node(Json& out, const scheduler_sim::Node& node, const DumpContext& ctx,
               const Shape& shape);
// One element of "partitions".
void dump_partition(Json& out, const scheduler_sim::Partition& p, const DumpContext& ctx,
                    const Shape& shape);
// A node's state list: the base state, then its flags in the order of the version's
// node_states enum (openapi_v3.json): ["IDLE"], ["IDLE", "CLOUD", "POWERED_DOWN"], ...
Json node_state_list(const scheduler_sim::Node& node);

}  // namespace mock_slurmrestd::v0_0_40
