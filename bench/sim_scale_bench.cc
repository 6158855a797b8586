// Scheduler scale: N jobs of mixed shapes and run times over a generated cluster, run to the end.
//
//   sim_scale_bench [jobs=100000] [nodes=1000]
//
// Everything runs in-process under a manual clock (no HTTP, no threads); reports wall time,
// simulated events per second and memory (peak RSS, and RSS growth per job).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>

#include "bench_workload.h"
#include "scheduler_sim/simulator.h"
#include "scheduler_sim/slurm_conf.h"

namespace {

using Clock = std::chrono::steady_clock;

using bench::status_kb;

// Two partitions: 80% small nodes (8 CPUs), 20% big ones (32 CPUs), as slurm.conf text so the
// project's own loader builds the ClusterConfig.
scheduler_sim::ClusterConfig make_cluster(int nodes) {
  int big = nodes / 5, small = nodes - big;
  std::string conf =
      "ClusterName=scale\nSlurmUser=slurm\nMinJobAge=300\n"
      "NodeName=small-[1-" +
      std::to_string(small) +
      "] CPUs=8 RealMemory=32000 State=UNKNOWN\n"
      "NodeName=big-[1-" +
      std::to_string(big) +
      "] CPUs=32 RealMemory=128000 State=UNKNOWN\n"
      "PartitionName=small Nodes=small-[1-" +
      std::to_string(small) +
      "] Default=YES MaxTime=INFINITE State=UP\n"
      "PartitionName=big Nodes=big-[1-" +
      std::to_string(big) + "] MaxTime=INFINITE State=UP\n";
  return scheduler_sim::parse_slurm_conf(conf, "scale");
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int n_jobs = argc > 1 ? std::atoi(argv[1]) : 100000;
  const int n_nodes = argc > 2 ? std::atoi(argv[2]) : 1000;
  const scheduler_sim::SimTime t0 = 1700000000;
  scheduler_sim::Simulator sim(make_cluster(n_nodes), {.start_time = t0, .seed = 1});
  const scheduler_sim::Identity user{"ec2-user", 1000, 1000};
  long rss_before = status_kb("VmRSS");

  // Mixed shapes: mostly 1-4 CPU jobs, some whole-node and multi-node ones, a few with a time
  // limit shorter than their run; run times 1 min to 2 h. 1,000 submits per simulated minute.
  std::mt19937_64 rng(42);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  auto t_submit = Clock::now();
  int rejected = 0;
  for (int i = 0; i < n_jobs; ++i) {
    scheduler_sim::JobSpec s = bench::mixed_job(pick, "scale");
    scheduler_sim::SubmitResult r;
    if (!sim.submit(s, user, &r).ok()) ++rejected;
    if (i % 1000 == 999) sim.advance(60);
  }
  double submit_s = seconds_since(t_submit);
  long rss_queued = status_kb("VmRSS");

  auto t_run = Clock::now();
  while (sim.step()) {}
  double run_s = seconds_since(t_run);

  size_t events = sim.event_log().size();
  const auto& st = sim.stats();
  long hwm = status_kb("VmHWM");
  double total_s = submit_s + run_s;
  std::printf("sim_scale_bench: %d jobs (%d rejected), %d nodes\n", n_jobs, rejected, n_nodes);
  std::printf("  submit phase      %.2f s (%.0f submits/s)\n", submit_s, n_jobs / submit_s);
  std::printf("  run to completion %.2f s\n", run_s);
  std::printf("  wall total        %.2f s\n", total_s);
  std::printf(
      "  simulated span    %.1f h, %llu started, %llu completed, %llu failed, %llu "
      "schedule passes\n",
      (sim.now() - t0) / 3600.0, static_cast<unsigned long long>(st.jobs_started),
      static_cast<unsigned long long>(st.jobs_completed),
      static_cast<unsigned long long>(st.jobs_failed),
      static_cast<unsigned long long>(st.schedule_cycles));
  std::printf("  events            %zu (%.0f simulated events/s)\n", events, events / total_s);
  std::printf("  peak RSS          %.1f MiB (VmHWM)\n", hwm / 1024.0);
  std::printf("  RSS per queued job %.0f bytes ((VmRSS with all queued - before) / jobs)\n",
              (rss_queued - rss_before) * 1024.0 / n_jobs);
  return 0;
}
