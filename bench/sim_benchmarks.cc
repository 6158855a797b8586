// Google Benchmark suite for the simulator and the renderer (no HTTP): `make bench-sim`.
//
//   build/bin/sim_benchmarks [--benchmark_filter=REGEX]
//
// Throughput/N: N jobs submitted, scheduled and completed on a generated 10,000-node cluster
// (8 CPUs each) under a manual clock, 10,000 submits per simulated minute, run times 1-10 min;
// reports peak RSS. QueuedMemory/N: heap bytes (and RSS growth) per queued (held, never
// started) job.
// CancelPending/N: one cancel (scancel of a pending job, what DELETE /job/{id} does) with N
// jobs pending on the 20-node default cluster; each cancel runs a full scheduler pass.
// RenderJobs/N: N jobs dumped to v0.0.36 JSON in the daemon's layout. Hostlist*: 10,000
// names. SlurmConfLoad: a 10,000-node slurm.conf through the project's loader.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "bench_workload.h"
#include "json_writer.h"
#include "scheduler_sim/hostlist.h"
#include "scheduler_sim/simulator.h"
#include "scheduler_sim/slurm_conf.h"
#include "v0_0_36/dump.h"

namespace {

using scheduler_sim::Simulator;

using bench::status_kb;

// Bytes the heap has handed out and not taken back (glibc's count; this benchmark links no
// other allocator).
size_t heap_in_use() {
  const struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
}

std::string cluster_text(int nodes) {
  return "ClusterName=bench\nSlurmUser=slurm\nMinJobAge=300\n"
         "NodeName=n-[1-" +
         std::to_string(nodes) +
         "] CPUs=8 RealMemory=32000 State=UNKNOWN\n"
         "PartitionName=batch Nodes=n-[1-" +
         std::to_string(nodes) + "] Default=YES MaxTime=INFINITE State=UP\n";
}

const scheduler_sim::ClusterConfig& cluster_10k() {
  static const auto c = scheduler_sim::parse_slurm_conf(cluster_text(10000), "bench");
  return c;
}

const scheduler_sim::Identity kUser{"ec2-user", 1000, 1000};

scheduler_sim::JobSpec spec_for(uint64_t i, bool hold) {
  scheduler_sim::JobSpec s;
  s.script = "#!/bin/bash\nsleep " + std::to_string(60 * (1 + i % 10)) + "\n";
  s.current_working_directory = "/tmp";
  s.name = "bench";
  s.tasks = 1 + static_cast<int>(i % 4);
  if (hold) s.hold = true;
  return s;
}

void Throughput(benchmark::State& state) {
  const int64_t n = state.range(0);
  for (auto _ : state) {
    Simulator sim(cluster_10k(), {.start_time = 1700000000, .seed = 1});
    for (int64_t i = 0; i < n; ++i) {
      scheduler_sim::SubmitResult r;
      sim.submit(spec_for(static_cast<uint64_t>(i), false), kUser, &r);
      if (i % 10000 == 9999) sim.advance(60);
    }
    while (sim.step()) {}
    benchmark::DoNotOptimize(sim.stats().jobs_completed);
    if (sim.stats().jobs_completed != static_cast<uint64_t>(n))
      state.SkipWithError("not every job completed");
  }
  state.counters["jobs/s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_RSS_MiB"] = status_kb("VmHWM") / 1024.0;
}
BENCHMARK(Throughput)->Arg(100000)->Arg(1000000)->Unit(benchmark::kSecond)->Iterations(1);

void QueuedMemory(benchmark::State& state) {
  const int64_t n = state.range(0);
  for (auto _ : state) {
    Simulator sim(cluster_10k(), {.start_time = 1700000000, .seed = 1});
    // Heap bytes in use (chunk headers included) as well as RSS: after an earlier benchmark in
    // the same process the heap reuses freed memory and RSS does not grow at all.
    const size_t heap_before = heap_in_use();
    long before = status_kb("VmRSS");
    double script_bytes = 0;  // the script's own heap block (the target sets script text aside)
    for (int64_t i = 0; i < n; ++i) {
      scheduler_sim::SubmitResult r;
      sim.submit(spec_for(static_cast<uint64_t>(i), true), kUser, &r);
      const std::string& script = sim.find_job(r.job_id)->spec.script;
      if (script.capacity() > 15) script_bytes += static_cast<double>(script.capacity() + 1);
    }
    long after = status_kb("VmRSS");
    const size_t heap_after = heap_in_use();
    state.counters["bytes_per_job"] =
        static_cast<double>(heap_after - heap_before) / static_cast<double>(n);
    state.counters["rss_bytes_per_job"] = (after - before) * 1024.0 / static_cast<double>(n);
    state.counters["script_bytes_per_job"] = script_bytes / static_cast<double>(n);
  }
}
BENCHMARK(QueuedMemory)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(1);

void CancelPending(benchmark::State& state) {
  const int64_t n = state.range(0);
  Simulator sim(scheduler_sim::default_cluster(), {.start_time = 1700000000, .seed = 1});
  std::vector<uint32_t> pending;
  for (int64_t i = 0; i < n; ++i) {
    scheduler_sim::JobSpec s = spec_for(static_cast<uint64_t>(i), false);
    s.script = "#!/bin/bash\nsleep 100000\n";
    s.partition = "queue1";
    s.tasks = 1;
    scheduler_sim::SubmitResult r;
    sim.submit(s, kUser, &r);
    if (sim.find_job(r.job_id)->state == scheduler_sim::JobState::kPending)
      pending.push_back(r.job_id);
  }
  size_t next = pending.size() / 2;  // from the middle of the queue
  for (auto _ : state) {
    if (next == pending.size()) {
      state.SkipWithError("ran out of pending jobs");
      break;
    }
    if (!sim.signal(pending[next++], 9, kUser).ok()) state.SkipWithError("cancel failed");
  }
  state.counters["cancels/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(CancelPending)->Arg(95000)->Unit(benchmark::kMillisecond)->Iterations(300);

void RenderJobs(benchmark::State& state) {
  const int64_t n = state.range(0);
  Simulator sim(cluster_10k(), {.start_time = 1700000000, .seed = 1});
  for (int64_t i = 0; i < n; ++i) {
    scheduler_sim::SubmitResult r;
    sim.submit(spec_for(static_cast<uint64_t>(i), false), kUser, &r);
  }
  mock_slurmrestd::v0_0_36::DumpContext ctx{sim.config(), sim.nodes(), sim.partitions(), sim.now()};
  size_t bytes = 0;
  for (auto _ : state) {
    mock_slurmrestd::Json doc;
    doc["jobs"] = mock_slurmrestd::Json::array();
    for (const scheduler_sim::Job* job : sim.jobs()) {
      mock_slurmrestd::Json j;
      mock_slurmrestd::v0_0_36::dump_job(j, *job, ctx);
      doc["jobs"].push_back(std::move(j));
    }
    std::string out = mock_slurmrestd::to_slurm_json(doc);
    bytes = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["body_MB"] = bytes / 1e6;
}
BENCHMARK(RenderJobs)->Arg(10000)->Unit(benchmark::kMillisecond);

std::vector<std::string> names_10k() {
  return scheduler_sim::expand_hostlist("compute-[1-5000],gpu-[0001-4000],login[1-1000]");
}

void HostlistExpand(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(names_10k().size());
}
BENCHMARK(HostlistExpand)->Unit(benchmark::kMicrosecond);

void HostlistCompress(benchmark::State& state) {
  const auto names = names_10k();
  for (auto _ : state) benchmark::DoNotOptimize(scheduler_sim::compress_hostlist(names).size());
}
BENCHMARK(HostlistCompress)->Unit(benchmark::kMicrosecond);

void SlurmConfLoad(benchmark::State& state) {
  const std::string text = cluster_text(10000);
  for (auto _ : state)
    benchmark::DoNotOptimize(scheduler_sim::parse_slurm_conf(text, "bench").nodes.size());
}
BENCHMARK(SlurmConfLoad)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
