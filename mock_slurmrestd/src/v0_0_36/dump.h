// Renders simulator records as the v0.0.36 JSON objects the real slurmrestd
// prints.
//
// Every function emits every key the real daemon emits, in the same order, with
// the same JSON types and null-ness (see docs/oracle-notes/objects.md). The
// records know nothing of JSON; all v0.0.36 quirks (constants, nulls, odd
// strings) live here.
//
//   DumpContext ctx{sim.config(), sim.nodes(), sim.partitions(), sim.now()};
//   Json& jobs = envelope["jobs"] = Json::array();
//   for (const Job* j : sim.jobs()) dump_job(jobs.emplace_back(), *j, ctx);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "envelope.h"
#include "host_facts.h"
#include "scheduler_sim/job.h"
#include "scheduler_sim/node.h"
#include "scheduler_sim/simulator.h"
#include "scheduler_sim/slurm_conf.h"

namespace mock_slurmrestd::v0_0_36 {

// Facts the real daemon reads from the machine each slurmd runs on (host_facts.h).
using HostFacts = mock_slurmrestd::HostFacts;

// Everything a dump needs besides the record itself. `host` may be null
// (defaults apply).
struct DumpContext {
  const scheduler_sim::ClusterConfig& config;
  const std::vector<scheduler_sim::Node>& nodes;  // Job::allocation indexes into this
  const std::vector<scheduler_sim::Partition>& partitions;
  scheduler_sim::SimTime now;
  const HostFacts* host = nullptr;
};

// A node's "state" as v0.0.36 prints it: the base state only ("idle", "allocated", "down",
// ...); a partly used node is "allocated" and drain, fail and power flags never show.
std::string node_state(const scheduler_sim::Node& node);

// slurmctld refreshes diag's job state counts every 30 s (from its start), not per request.
inline constexpr int64_t kJobStatesInterval = 30;

// Server-side facts /diag reports that the simulator does not track.
struct DiagFacts {
  scheduler_sim::SimTime req_time_start =
      0;  // when the controller (mock server) started; also the origin of the job state
          // snapshots (jobs_pending, jobs_running, job_states_ts) taken every
          // kJobStatesInterval seconds
  // server_thread_count: slurmctld's active RPC threads, usually 3 while it answers diag
  int64_t server_thread_count = 3;
  int64_t parts_packed = 1;
};

// One element of "jobs" (GET /jobs, GET /job/{id}).
void dump_job(Json& out, const scheduler_sim::Job& job, const DumpContext& ctx);
// One element of "nodes" (GET /nodes, GET /node/{name}).
void dump_node(Json& out, const scheduler_sim::Node& node, const DumpContext& ctx);
// One element of "partitions" (GET /partitions, GET /partition/{name}).
void dump_partition(Json& out, const scheduler_sim::Partition& p, const DumpContext& ctx);
// The "statistics" object of GET /diag. Pass sim.jobs() so
// jobs_pending/jobs_running (current counts, not counters) are right; without
// them both print 0.
void dump_diag(Json& out, const scheduler_sim::SimStats& s, const DumpContext& ctx,
               const std::vector<const scheduler_sim::Job*>& jobs = {},
               const DiagFacts& facts = {});
// One element of "pings" (GET /ping): the controller on `hostname`, always UP
// and primary.
void dump_ping(Json& out, const std::string& hostname);

// --- pieces other handlers reuse (exposed for tests too) ---

// Memory as Slurm prints it inside TRES strings: "900M", "4G", "2T".
std::string format_tres_memory(int64_t mib);
// "cpu=1,mem=900M,node=1,billing=1": what the job asked for (shown in every
// state).
std::string job_tres_req_str(const scheduler_sim::Job& job, const DumpContext& ctx);
// "cpu=1,node=1,billing=1" once allocated, else "" (memory is not tracked under
// CR_CPU).
std::string job_tres_alloc_str(const scheduler_sim::Job& job);
// What the last dependency test left: "afterok:9(failed)?after:10+1(unfulfilled)".
std::string dependency_left_text(const scheduler_sim::Job& job);

}  // namespace mock_slurmrestd::v0_0_36
