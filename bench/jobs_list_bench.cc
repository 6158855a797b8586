// Measures GET /slurm/<first API version>/jobs with N jobs in the queue, over loopback HTTP.
//
//   build/bin/jobs_list_bench [N=10000] [REPEAT=20]
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "mock_slurmrestd/server.h"
#include "scheduler_sim/slurm_conf.h"

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 10000;
  int repeat = argc > 2 ? std::atoi(argv[2]) : 20;
  mock_slurmrestd::ServerOptions o;
  o.port = 0;
  o.clock = mock_slurmrestd::ClockMode::kManual;
  o.start_time = 1700000000;
  o.jwt_key = std::string(32, 'k');
  mock_slurmrestd::Server server(scheduler_sim::default_cluster(), o);
  int port = server.start();
  httplib::Client c("127.0.0.1", port);
  httplib::Headers h = {{"X-SLURM-USER-NAME", "ec2-user"},
                        {"X-SLURM-USER-TOKEN", server.mint_token("ec2-user")}};
  // Long jobs: 20 run, the rest stay PENDING, as in a busy queue.
  const std::string job =
      R"({"job":{"name":"bench","environment":{"PATH":"/bin"},"current_working_directory":"/tmp"},)"
      R"("script":"#!/bin/bash\nsleep 100000"})";
  const std::string api = "/slurm/" + server.api_versions().front();
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    auto r = c.Post(api + "/job/submit", h, job, "application/json");
    if (!r || r->status != 200) {
      std::fprintf(stderr, "submit %d failed\n", i);
      return 1;
    }
  }
  double submit_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<double> ms;
  size_t bytes = 0;
  for (int i = 0; i < repeat; ++i) {
    auto s = std::chrono::steady_clock::now();
    auto r = c.Get(api + "/jobs", h);
    if (!r || r->status != 200) {
      std::fprintf(stderr, "GET /jobs failed\n");
      return 1;
    }
    bytes = r->body.size();
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("jobs=%d submit: %.0f jobs/s (one connection)\n", n, n / submit_s);
  std::printf("GET /jobs: body %.1f MB, p50 %.1f ms, max %.1f ms over %d requests\n", bytes / 1e6,
              ms[ms.size() / 2], ms.back(), repeat);
  server.stop();
  return 0;
}
