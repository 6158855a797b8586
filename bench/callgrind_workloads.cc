// Fixed, deterministic workloads whose instruction counts the callgrind guard compares.
//
//   callgrind_workloads WORKLOAD     (one of: list, http_submit, http_jobs, http_small,
//                                     sim_schedule, hostlist)
//
// Run under `valgrind --tool=callgrind --collect-atstart=no`: only the workload itself is
// counted (set-up such as building the server or the queue is not), between the
// CALLGRIND_TOGGLE_COLLECT requests. Everything is in-process (Server::handle, no sockets),
// under a manual clock with fixed inputs, so two runs of one build count the same instructions
// (to well under 1%). Outside valgrind the requests do nothing and the program just runs.
#include <valgrind/callgrind.h>

#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bench_workload.h"
#include "mock_slurmrestd/server.h"
#include "scheduler_sim/hostlist.h"
#include "scheduler_sim/simulator.h"
#include "scheduler_sim/slurm_conf.h"

namespace {

using Headers = std::multimap<std::string, std::string>;

const char kJob[] =
    R"({"job":{"name":"guard","ntasks":1,"current_working_directory":"/tmp",)"
    R"("environment":{"PATH":"/bin:/usr/bin"}},"script":"#!/bin/bash\nsleep 100000\n"})";

mock_slurmrestd::ServerOptions manual_options() {
  mock_slurmrestd::ServerOptions o;
  o.clock = mock_slurmrestd::ClockMode::kManual;
  o.start_time = 1700000000;
  o.jwt_key = std::string(32, 'k');
  return o;
}

Headers auth(const mock_slurmrestd::Server& server) {
  return {{"X-SLURM-USER-NAME", "ec2-user"},
          {"X-SLURM-USER-TOKEN", server.mint_token("ec2-user", 36000)}};
}

// Where the server's first API version lives ("/slurm/<version>"); the workloads measure the
// default release's first version.
std::string api(const mock_slurmrestd::Server& server) {
  return "/slurm/" + server.api_versions().front();
}

// Fails loudly: a workload that silently stopped working would count fewer instructions.
void expect(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "callgrind_workloads: %s failed\n", what);
    std::exit(1);
  }
}

void submit_jobs(mock_slurmrestd::Server& server, Headers h, int n) {
  h.emplace("Content-Type", "application/json");
  const std::string submit = api(server) + "/job/submit";
  for (int i = 0; i < n; ++i) {
    auto r = server.handle("POST", submit, h, kJob);
    if (r.status != 200) std::fprintf(stderr, "%d %s\n", r.status, r.body.c_str());
    expect(r.status == 200, "submit");
  }
}

// 300 submits over the whole request path (auth, parse, simulator, render); 40 start, the
// rest stay PENDING.
void http_submit() {
  mock_slurmrestd::Server server(scheduler_sim::default_cluster(), manual_options());
  Headers h = auth(server);
  CALLGRIND_TOGGLE_COLLECT;
  submit_jobs(server, h, 300);
  CALLGRIND_TOGGLE_COLLECT;
}

// GET /jobs with 500 jobs, 5 times, with a state change (one cancel) between the 3rd and 4th.
void http_jobs() {
  mock_slurmrestd::Server server(scheduler_sim::default_cluster(), manual_options());
  Headers h = auth(server);
  submit_jobs(server, h, 500);
  const std::string job_500 = api(server) + "/job/500", jobs = api(server) + "/jobs";
  CALLGRIND_TOGGLE_COLLECT;
  for (int i = 0; i < 5; ++i) {
    if (i == 3) expect(server.handle("DELETE", job_500, h, "").status == 200, "cancel");
    auto r = server.handle("GET", jobs, h, "");
    expect(r.status == 200 && r.body.size() > 500 * 1000, "GET /jobs");
  }
  CALLGRIND_TOGGLE_COLLECT;
}

// The small endpoints, 200 times each, with 20 jobs in the queue.
void http_small() {
  mock_slurmrestd::Server server(scheduler_sim::default_cluster(), manual_options());
  Headers h = auth(server);
  submit_jobs(server, h, 20);
  std::vector<std::string> paths;
  for (const char* p : {"/ping", "/partitions", "/nodes", "/node/queue1-dy-t3micro-1", "/job/7"}) {
    paths.push_back(api(server) + p);
  }
  CALLGRIND_TOGGLE_COLLECT;
  for (int i = 0; i < 200; ++i) {
    for (const std::string& p : paths) {
      expect(server.handle("GET", p, h, "").status == 200, p.c_str());
    }
  }
  CALLGRIND_TOGGLE_COLLECT;
}

// The simulator alone: 3,000 jobs of mixed shapes on a 200-node cluster, run to completion.
void sim_schedule() {
  std::string conf =
      "ClusterName=guard\nSlurmUser=slurm\nMinJobAge=300\n"
      "NodeName=small-[1-160] CPUs=8 RealMemory=32000 State=UNKNOWN\n"
      "NodeName=big-[1-40] CPUs=32 RealMemory=128000 State=UNKNOWN\n"
      "PartitionName=small Nodes=small-[1-160] Default=YES MaxTime=INFINITE State=UP\n"
      "PartitionName=big Nodes=big-[1-40] MaxTime=INFINITE State=UP\n";
  scheduler_sim::Simulator sim(scheduler_sim::parse_slurm_conf(conf, "guard"),
                               {.start_time = 1700000000, .seed = 1});
  const scheduler_sim::Identity user{"ec2-user", 1000, 1000};
  uint64_t x = 42;  // a fixed linear congruential sequence: same shapes on every platform
  auto pick = [&x](int n) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<int>((x >> 33) % static_cast<uint64_t>(n));
  };
  CALLGRIND_TOGGLE_COLLECT;
  for (int i = 0; i < 3000; ++i) {
    scheduler_sim::JobSpec s = bench::mixed_job(pick, "guard");
    scheduler_sim::SubmitResult r;
    sim.submit(s, user, &r);
    if (i % 100 == 99) sim.advance(60);
  }
  while (sim.step()) {}
  CALLGRIND_TOGGLE_COLLECT;
  expect(sim.stats().jobs_started > 2900, "sim_schedule");
}

// Hostlist expansion and compression of a 10,000-node list, 5 times.
void hostlist() {
  CALLGRIND_TOGGLE_COLLECT;
  for (int i = 0; i < 5; ++i) {
    auto hosts = scheduler_sim::expand_hostlist("compute-[1-5000],gpu-[0001-4000],login[1-1000]");
    expect(hosts.size() == 10000, "expand");
    expect(!scheduler_sim::compress_hostlist(hosts).empty(), "compress");
  }
  CALLGRIND_TOGGLE_COLLECT;
}

const std::map<std::string, std::function<void()>>& workloads() {
  static const std::map<std::string, std::function<void()>> w = {{"http_submit", http_submit},
                                                                 {"http_jobs", http_jobs},
                                                                 {"http_small", http_small},
                                                                 {"sim_schedule", sim_schedule},
                                                                 {"hostlist", hostlist}};
  return w;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 || std::strcmp(argv[1], "list") == 0) {
    for (const auto& [name, fn] : workloads()) std::printf("%s\n", name.c_str());
    return argc == 2 ? 0 : 2;
  }
  auto it = workloads().find(argv[1]);
  if (it == workloads().end()) {
    std::fprintf(stderr, "callgrind_workloads: unknown workload %s\n", argv[1]);
    return 2;
  }
  it->second();
  return 0;
}
