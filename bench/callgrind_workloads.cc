// Fixed, deterministic workloads whose instruction counts the callgrind guard compares.
//
//   callgrind_workloads WORKLOAD     (one of: list, http_submit, http_jobs, http_small,
//                                     sim_schedule, hostlist)
//   callgrind_workloads endpoint NAME VERSION   one endpoint over one API version
//   callgrind_workloads endpoints | versions    their names, the default release's versions
//
// Run under `valgrind --tool=callgrind --collect-atstart=no`: only the workload itself is
// counted (set-up such as building the server or the queue is not), between the
// CALLGRIND_TOGGLE_COLLECT requests. Everything is in-process (Server::handle, no sockets),
// under a manual clock with fixed inputs, so two runs of one build count the same instructions
// (to well under 1%). Outside valgrind the requests do nothing and the program just runs.
// Each workload then checks the work it did (jobs started, answers and their bytes): a build
// that counts fewer instructions because it stopped doing the work fails instead of passing.
#include <valgrind/callgrind.h>

#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench_workload.h"
#include "mock_slurmrestd/server.h"
#include "scheduler_sim/hostlist.h"
#include "scheduler_sim/simulator.h"
#include "scheduler_sim/slurm_conf.h"

namespace {

using Headers = std::multimap<std::string, std::string>;
using nlohmann::json;

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

// The API version the http workloads speak: the default release's first unless `endpoint`
// names one.
std::string g_version;

// Where that version lives ("/slurm/<version>").
std::string api(const mock_slurmrestd::Server& server) {
  return "/slurm/" + (g_version.empty() ? server.api_versions().front() : g_version);
}

// Fails loudly: a workload that silently stopped working would count fewer instructions.
void expect(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "callgrind_workloads: %s failed\n", what);
    std::exit(1);
  }
}

// n submits; returns their answers' bodies (checked by check_submitted, outside the count).
std::vector<std::string> submit_jobs(mock_slurmrestd::Server& server, Headers h, int n) {
  h.emplace("Content-Type", "application/json");
  const std::string submit = api(server) + "/job/submit";
  std::vector<std::string> bodies;
  bodies.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    auto r = server.handle("POST", submit, h, kJob);
    if (r.status != 200) std::fprintf(stderr, "%d %s\n", r.status, r.body.c_str());
    expect(r.status == 200, "submit");
    bodies.push_back(std::move(r.body));
  }
  return bodies;
}

// Every answer names the next job id (ids start at 1 on a fresh server).
void check_submitted(const std::vector<std::string>& bodies) {
  for (size_t i = 0; i < bodies.size(); ++i)
    expect(json::parse(bodies[i])["job_id"] == i + 1, "submit answer with its job id");
}

// Jobs per state, read under the server's lock.
std::map<scheduler_sim::JobState, int> states_of(mock_slurmrestd::Server& server) {
  std::map<scheduler_sim::JobState, int> out;
  server.with_simulator([&](const scheduler_sim::Simulator& sim) {
    for (const scheduler_sim::Job* j : sim.jobs()) ++out[j->state];
  });
  return out;
}

// 300 submits over the whole request path (auth, parse, simulator, render) to the default
// partition: 20 start (its 10 nodes' 20 CPUs, one each), the rest stay PENDING.
void http_submit() {
  mock_slurmrestd::Server server(scheduler_sim::default_cluster(), manual_options());
  Headers h = auth(server);
  CALLGRIND_TOGGLE_COLLECT;
  auto bodies = submit_jobs(server, h, 300);
  CALLGRIND_TOGGLE_COLLECT;
  check_submitted(bodies);
  auto states = states_of(server);
  expect(states[scheduler_sim::JobState::kRunning] == 20, "20 jobs running");
  expect(states[scheduler_sim::JobState::kPending] == 280, "280 jobs pending");
}

// GET /jobs with 500 jobs, 5 times, with a state change (one cancel) between the 3rd and 4th.
void http_jobs() {
  mock_slurmrestd::Server server(scheduler_sim::default_cluster(), manual_options());
  Headers h = auth(server);
  check_submitted(submit_jobs(server, h, 500));
  const std::string job_500 = api(server) + "/job/500", jobs = api(server) + "/jobs";
  std::vector<std::string> bodies;
  CALLGRIND_TOGGLE_COLLECT;
  for (int i = 0; i < 5; ++i) {
    if (i == 3) expect(server.handle("DELETE", job_500, h, "").status == 200, "cancel");
    auto r = server.handle("GET", jobs, h, "");
    expect(r.status == 200 && r.body.size() > 500 * 1000, "GET /jobs");
    bodies.push_back(std::move(r.body));
  }
  CALLGRIND_TOGGLE_COLLECT;
  // Every answer lists the 500 jobs; the cancel shows from the 4th on, and only there.
  for (size_t i = 0; i < bodies.size(); ++i) {
    json b = json::parse(bodies[i]);
    expect(b["jobs"].size() == 500, "GET /jobs lists 500 jobs");
    expect(b["jobs"][499]["job_id"] == 500, "GET /jobs ends with job 500");
    expect((b["jobs"][499]["job_state"] == "CANCELLED") == (i >= 3), "job 500's state");
  }
  expect(bodies[0] == bodies[1] && bodies[1] == bodies[2] && bodies[3] == bodies[4] &&
             bodies[2] != bodies[3],
         "GET /jobs changes with the cancel only");
}

// The small endpoints, 200 times each, with 20 jobs in the queue.
void http_small() {
  mock_slurmrestd::Server server(scheduler_sim::default_cluster(), manual_options());
  Headers h = auth(server);
  check_submitted(submit_jobs(server, h, 20));
  std::vector<std::string> paths;
  for (const char* p : {"/ping", "/partitions", "/nodes", "/node/queue1-dy-t3micro-1", "/job/7"}) {
    paths.push_back(api(server) + p);
  }
  std::vector<std::string> bodies;
  bodies.reserve(200 * paths.size());
  CALLGRIND_TOGGLE_COLLECT;
  for (int i = 0; i < 200; ++i) {
    for (const std::string& p : paths) {
      auto r = server.handle("GET", p, h, "");
      expect(r.status == 200, p.c_str());
      bodies.push_back(std::move(r.body));
    }
  }
  CALLGRIND_TOGGLE_COLLECT;
  // 1,000 whole answers, the same each round (nothing changes between them).
  expect(bodies.size() == 1000, "1,000 answers");
  for (size_t i = paths.size(); i < bodies.size(); ++i)
    expect(bodies[i] == bodies[i % paths.size()], "the same answer every round");
  const std::vector<std::string> first(bodies.begin(), bodies.begin() + 5);
  expect(json::parse(first[0])["pings"][0]["ping"] == "UP", "/ping says UP");
  expect(json::parse(first[1])["partitions"].size() == 2, "/partitions lists 2");
  expect(json::parse(first[2])["nodes"].size() == 20, "/nodes lists 20");
  expect(json::parse(first[3])["nodes"][0]["name"] == "queue1-dy-t3micro-1", "/node/NAME");
  expect(json::parse(first[4])["jobs"][0]["job_id"] == 7, "/job/7");
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
  int accepted = 0;
  CALLGRIND_TOGGLE_COLLECT;
  for (int i = 0; i < 3000; ++i) {
    scheduler_sim::JobSpec s = bench::mixed_job(pick, "guard");
    scheduler_sim::SubmitResult r;
    accepted += sim.submit(s, user, &r).ok();
    if (i % 100 == 99) sim.advance(60);
  }
  while (sim.step()) {}
  CALLGRIND_TOGGLE_COLLECT;
  // Every job was accepted, started and ended: none is left waiting or running.
  const scheduler_sim::SimStats& st = sim.stats();
  expect(accepted == 3000 && st.jobs_submitted == 3000, "3,000 jobs accepted");
  expect(st.jobs_started == 3000, "3,000 jobs started");
  expect(st.jobs_completed + st.jobs_failed == 3000, "3,000 jobs ended");
  for (const scheduler_sim::Job* j : sim.jobs())
    expect(j->state != scheduler_sim::JobState::kPending &&
               j->state != scheduler_sim::JobState::kRunning,
           "no job left pending or running");
}

// Hostlist expansion and compression of a 10,000-node list, 5 times.
void hostlist() {
  const std::string list = "compute-[1-5000],gpu-[0001-4000],login[1-1000]";
  std::vector<std::string> compressed;
  CALLGRIND_TOGGLE_COLLECT;
  for (int i = 0; i < 5; ++i) {
    auto hosts = scheduler_sim::expand_hostlist(list);
    expect(hosts.size() == 10000, "expand");
    compressed.push_back(scheduler_sim::compress_hostlist(hosts));
  }
  CALLGRIND_TOGGLE_COLLECT;
  for (const std::string& c : compressed) {
    if (c != list) std::fprintf(stderr, "compressed: %s\n", c.c_str());
    expect(c == list, "compress gives the list back");
  }
}

// One endpoint, 100 requests over g_version with 200 jobs in the queue (the submit endpoint:
// 100 submits on an empty one), after one request outside the count: what is measured is a
// request's steady cost, not a version's one-time set-up (its static tables, compiled
// patterns). Prints "bytes N", the size of one answer. The guard compares each version's count
// with the first version's on the same endpoint (`callgrind_guard.py`, "versions").
void endpoint(const std::string& name) {
  mock_slurmrestd::Server server(scheduler_sim::default_cluster(), manual_options());
  Headers h = auth(server);
  if (name == "submit") {
    check_submitted(submit_jobs(server, h, 1));
    CALLGRIND_TOGGLE_COLLECT;
    auto bodies = submit_jobs(server, h, 100);
    CALLGRIND_TOGGLE_COLLECT;
    for (size_t i = 0; i < bodies.size(); ++i)
      expect(json::parse(bodies[i])["job_id"] == i + 2, "submit answer with its job id");
    expect(states_of(server)[scheduler_sim::JobState::kRunning] == 20, "20 jobs running");
    std::printf("bytes %zu\n", bodies.front().size());
    return;
  }
  static const std::map<std::string, std::string> paths = {
      {"ping", "/ping"},   {"partitions", "/partitions"}, {"nodes", "/nodes"},
      {"node", "/node/queue1-dy-t3micro-1"}, {"job", "/job/7"}, {"jobs", "/jobs"}};
  auto it = paths.find(name);
  expect(it != paths.end(), "a known endpoint");
  check_submitted(submit_jobs(server, h, 200));
  const std::string path = api(server) + it->second;
  expect(server.handle("GET", path, h, "").status == 200, "the request before the count");
  std::vector<std::string> bodies;
  bodies.reserve(100);
  CALLGRIND_TOGGLE_COLLECT;
  for (int i = 0; i < 100; ++i) {
    auto r = server.handle("GET", path, h, "");
    expect(r.status == 200, path.c_str());
    bodies.push_back(std::move(r.body));
  }
  CALLGRIND_TOGGLE_COLLECT;
  for (const std::string& b : bodies) expect(b == bodies.front(), "the same answer each time");
  json first = json::parse(bodies.front());
  expect(first["errors"].empty(), "no errors");
  if (name == "jobs") expect(first["jobs"].size() == 200, "GET /jobs lists 200 jobs");
  if (name == "nodes") expect(first["nodes"].size() == 20, "GET /nodes lists 20");
  if (name == "job") expect(first["jobs"][0]["job_id"] == 7, "GET /job/7");
  // The answer's size, for the guard: a version whose answer is larger may cost more.
  std::printf("bytes %zu\n", bodies.front().size());
}

const char* const kEndpoints[] = {"ping", "partitions", "nodes", "node", "job", "jobs", "submit"};

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
  if (argc == 2 && std::strcmp(argv[1], "endpoints") == 0) {
    for (const char* e : kEndpoints) std::printf("%s\n", e);
    return 0;
  }
  if (argc == 2 && std::strcmp(argv[1], "versions") == 0) {
    mock_slurmrestd::Server server(scheduler_sim::default_cluster(), manual_options());
    for (const std::string& v : server.api_versions()) std::printf("%s\n", v.c_str());
    return 0;
  }
  if (argc == 4 && std::strcmp(argv[1], "endpoint") == 0) {
    g_version = argv[3];
    endpoint(argv[2]);
    return 0;
  }
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
