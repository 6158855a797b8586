// Scheduling decisions pinned: a fixed mixed workload's full history hashes to a golden value.
//
// The scheduler pass is optimised (pending index, interned shapes, skipped work); this test
// proves the optimisations change nothing observable. The workload mixes every feature the
// pass decides on (priorities, nice, holds and releases, partition limits, dependencies,
// singletons, arrays with throttles, het jobs, begin times, time limits, cancels, updates,
// node faults, power-saving nodes) and snapshots every job's visible fields along the way,
// so a different order, reason or evaluation time changes the hash.
//
// When the hash moves on purpose (a behaviour fix), rerun with SCHEDULE_GOLDEN_DUMP=FILE on
// the old and new code, diff the two traces, and update the constants with the change.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "../../bench/bench_workload.h"
#include "scheduler_sim/simulator.h"
#include "scheduler_sim/slurm_conf.h"

namespace scheduler_sim {
namespace {

constexpr SimTime kT0 = 1700000000;
// The histories were pinned before jobs had an epilog phase (COMPLETING, whose end adds events
// and passes); they pin the pass's optimisations, so they keep running without it
// (job_state_machine_test covers COMPLETING).
const SimOptions kGoldenOptions{
    .start_time = kT0, .seed = 1, .completing_seconds = 0, .event_log_limit = 0};

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

// Every field the scheduler pass writes, one line per job, in id order.
// The node column of the goldens: the base state, a partly used node written as fully used
// (they were recorded so; alloc_cpus beside it tells the two apart).
const char* base_name(NodeBase b) {
  switch (b) {
    case NodeBase::kIdle: return "idle";
    case NodeBase::kMixed:
    case NodeBase::kAllocated: return "allocated";
    case NodeBase::kDown: return "down";
    case NodeBase::kFuture: return "future";
    case NodeBase::kError: return "error";
    case NodeBase::kUnknown: return "unknown";
  }
  return "unknown";
}

void snapshot(const Simulator& sim, std::ostream& out) {
  out << "@" << sim.now() << " cycles " << sim.stats().schedule_cycles << '\n';
  for (const Job* j : sim.jobs()) {
    out << j->job_id << ' ' << job_state_name(j->state) << ' ' << j->state_reason << ' ' << j->nodes
        << ' ' << j->cpus << ' ' << j->node_count << ' ' << j->priority << ' ' << j->held
        << j->configuring << ' ' << j->start_time << ' ' << j->end_time << ' ' << j->eligible_time
        << ' ' << j->accrue_time << ' ' << j->last_sched_evaluation << ' ' << j->array_task_string
        << ' ' << (j->array_task_id ? static_cast<int64_t>(*j->array_task_id) : -1) << ' '
        << j->het_job_id_set << ' ' << j->exit_status << ' ' << j->tasks << '\n';
  }
  for (const Node& n : sim.nodes()) out << base_name(n.base) << n.alloc_cpus << ' ';
  out << '\n';
}

// `ops` random operations against `sim`; partitions[0] is the default one.
std::string run(Simulator& sim, const std::vector<std::string>& partitions, int ops,
                uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  const Identity user{"ec2-user", 1000, 1000}, other{"bob", 1001, 1001}, root{"root", 0, 0};
  std::vector<uint32_t> ids;
  std::ostringstream trace;
  auto any_id = [&] { return ids[pick(static_cast<int>(ids.size()))]; };
  for (int op = 0; op < ops; ++op) {
    int kind = pick(100);
    const Identity& who = pick(4) ? user : other;
    if (kind < 55 || ids.empty()) {
      JobSpec s = bench::mixed_job(pick, "g" + std::to_string(pick(3)));
      s.partition = partitions[pick(static_cast<int>(partitions.size()))];
      if (s.partition == partitions[0] && pick(2)) s.partition.reset();
      int extra = pick(40);
      if (extra == 0) s.array = "1-" + std::to_string(2 + pick(6)) + (pick(2) ? "%2" : "");
      if (extra == 1 && !ids.empty()) {
        const char* kinds[] = {"afterok", "afterany", "afternotok", "after"};
        s.dependency = std::string(kinds[pick(4)]) + ":" + std::to_string(any_id());
        if (pick(2)) s.kill_on_invalid_dependency = true;
      }
      if (extra == 2) s.dependency = "singleton";
      if (extra == 3) s.hold = true;
      if (extra == 4) s.begin_time = "now+" + std::to_string(30 + pick(300));
      if (extra == 5) s.nice = pick(50);
      if (extra == 6) s.time_limit = 100000;  // beyond a partition MaxTime
      if (extra == 7) s.nodes = "1-3";
      if (extra == 8) s.script = "";  // launch fails: requeued held
      SubmitResult r;
      Status st;
      if (extra == 9) {
        JobSpec second = bench::mixed_job(pick, "het");
        second.partition = s.partition;
        st = sim.submit_het({s, second}, who, &r);
      } else {
        st = sim.submit(s, who, &r);
      }
      trace << "submit " << static_cast<int>(st.code()) << ' ' << r.job_id << '\n';
      if (r.job_id) ids.push_back(r.job_id);
    } else if (kind < 65) {
      uint32_t id = any_id();
      trace << "cancel " << id << ' ' << static_cast<int>(sim.signal(id, 9, who).code()) << '\n';
    } else if (kind < 67) {
      uint32_t id = any_id();
      trace << "signal " << id << ' ' << static_cast<int>(sim.signal(id, 10, user).code()) << '\n';
    } else if (kind < 77) {
      uint32_t id = any_id();
      JobUpdate u;
      // The REST API's updates rename a job they do not name; the goldens were recorded so.
      u.fields.name = "renamed";
      int what = pick(8);
      const Identity* as = &user;
      if (what == 0) u.fields.hold = true;
      if (what == 1) u.fields.hold = false;
      if (what == 2) u.fields.priority = pick(3) ? 1000 + pick(100000) : 0, as = &root;
      if (what == 3) u.fields.time_limit = 1 + pick(30);
      if (what == 4) u.fields.nodes = std::to_string(1 + pick(3));
      if (what == 5) u.fields.partition = partitions[pick(static_cast<int>(partitions.size()))];
      if (what == 6) u.fields.begin_time = "now+" + std::to_string(pick(200));
      if (what == 7) u.fields.hold = false, as = &root;
      trace << "update " << id << ' ' << what << ' '
            << static_cast<int>(sim.update(id, u, *as).code()) << '\n';
    } else if (kind < 79) {
      const std::vector<Node>& nodes = sim.nodes();
      const std::string name = nodes[pick(static_cast<int>(nodes.size()))].config.name;
      const char* states[] = {"down",       "drain",    "resume",      "resume",
                              "power_down", "power_up", "fail_resume", "idle"};
      std::string st = states[pick(8)];
      trace << "node " << name << ' ' << st << ' '
            << static_cast<int>(sim.set_node_state(name, st, "golden").code()) << '\n';
    } else {
      sim.advance(pick(4) ? pick(90) : 0);
    }
    if (op % 250 == 249) snapshot(sim, trace);
  }
  sim.advance(6 * 3600);
  snapshot(sim, trace);
  for (const SimEvent& e : sim.event_log()) trace << e.time << ' ' << e.what << '\n';
  return trace.str();
}

std::string checked(const std::string& trace, const char* name) {
  if (const char* dump = std::getenv("SCHEDULE_GOLDEN_DUMP"))
    std::ofstream(std::string(dump) + "." + name) << trace;
  return trace;
}

// 120 nodes over two partitions and a limited third; about 3,000 jobs.
TEST(ScheduleGolden, MixedWorkloadHistoryIsUnchanged) {
  ClusterConfig c = parse_slurm_conf(
      "ClusterName=golden\nSlurmUser=slurm\nMinJobAge=300\n"
      "NodeName=small-[1-96] CPUs=8 RealMemory=32000 State=UNKNOWN\n"
      "NodeName=big-[1-24] CPUs=32 RealMemory=128000 State=UNKNOWN Weight=2\n"
      "PartitionName=small Nodes=small-[1-96] Default=YES MaxTime=INFINITE State=UP\n"
      "PartitionName=big Nodes=big-[1-24] MaxTime=INFINITE State=UP\n"
      "PartitionName=short Nodes=small-[1-8],big-[1-2] MaxTime=30 MaxNodes=2 State=UP\n",
      "golden.conf");
  Simulator sim(c, kGoldenOptions);
  std::string trace = checked(run(sim, {"small", "big", "short"}, 5000, 42), "mixed");
  EXPECT_EQ(fnv1a(trace), 14645443238166816720ull) << trace.size() << " bytes of trace";
}

// Power saving: cloud nodes boot for jobs, fail to resume, power down when idle.
TEST(ScheduleGolden, CloudWorkloadHistoryIsUnchanged) {
  ClusterConfig c = parse_slurm_conf(
      "ClusterName=pc\nSlurmUser=slurm\nMinJobAge=300\nSuspendTime=120\nResumeTimeout=600\n"
      "SuspendTimeout=60\n#MockCloudBootSeconds=90\n"
      "NodeName=q-[1-12] CPUs=8 RealMemory=32000 State=CLOUD\n"
      "NodeName=b-[1-4] CPUs=32 RealMemory=128000 State=CLOUD\n"
      "PartitionName=small Nodes=q-[1-12] Default=YES MaxTime=INFINITE State=UP\n"
      "PartitionName=big Nodes=b-[1-4] MaxTime=INFINITE State=UP\n",
      "cloud.conf");
  Simulator sim(c, kGoldenOptions);
  std::string trace = checked(run(sim, {"small", "big"}, 2000, 7), "cloud");
  EXPECT_EQ(fnv1a(trace), 5432724086489880244ull) << trace.size() << " bytes of trace";
}

// Bursts of cancels at one simulated time over a deep queue without dependencies (what a
// client deleting jobs one by one does): the pass after cancelling a pending job is
// shortcut then, and must leave exactly what a full pass leaves.
TEST(ScheduleGolden, CancelBurstHistoryIsUnchanged) {
  ClusterConfig c = parse_slurm_conf(
      "ClusterName=golden\nSlurmUser=slurm\nMinJobAge=300\n"
      "NodeName=small-[1-24] CPUs=8 RealMemory=32000 State=UNKNOWN\n"
      "NodeName=big-[1-6] CPUs=32 RealMemory=128000 State=UNKNOWN\n"
      "PartitionName=small Nodes=small-[1-24] Default=YES MaxTime=INFINITE State=UP\n"
      "PartitionName=big Nodes=big-[1-6] MaxTime=INFINITE State=UP\n",
      "golden.conf");
  Simulator sim(c, kGoldenOptions);
  std::mt19937_64 rng(99);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  const Identity user{"ec2-user", 1000, 1000}, root{"root", 0, 0};
  std::vector<uint32_t> ids;
  std::ostringstream trace;
  auto submit = [&] {
    JobSpec s = bench::mixed_job(pick, "burst");
    int extra = pick(30);
    if (extra == 0) s.hold = true;
    if (extra == 1) s.begin_time = "now+" + std::to_string(30 + pick(300));
    if (extra == 2) s.array = "1-" + std::to_string(2 + pick(4)) + (pick(2) ? "%2" : "");
    if (extra == 3) s.nice = pick(50);
    SubmitResult r;
    Status st = sim.submit(s, user, &r);
    trace << "submit " << static_cast<int>(st.code()) << ' ' << r.job_id << '\n';
    if (r.job_id) ids.push_back(r.job_id);
  };
  for (int i = 0; i < 1000; ++i) submit();
  for (int op = 0; op < 3000; ++op) {
    int kind = pick(100);
    if (kind < 60) {
      // Often a partition's first blocked job ("Resources"), else mostly from the queue's head.
      uint32_t id = ids[pick(4) ? pick(static_cast<int>(ids.size()) / 8 + 1)
                                : pick(static_cast<int>(ids.size()))];
      if (pick(3) == 0)
        for (const Job* j : sim.jobs())
          if (j->state == JobState::kPending && j->state_reason == "Resources" && pick(2))
            id = j->job_id;
      trace << "cancel " << id << ' ' << static_cast<int>(sim.signal(id, 9, user).code()) << '\n';
    } else if (kind < 80) {
      submit();
    } else if (kind < 85) {
      JobUpdate u;
      u.fields.priority = 1000 + pick(100000);
      uint32_t id = ids[pick(static_cast<int>(ids.size()))];
      trace << "update " << id << ' ' << static_cast<int>(sim.update(id, u, root).code()) << '\n';
    } else if (kind < 88) {
      sim.advance(1 + pick(120));
    }
    if (op % 250 == 249) snapshot(sim, trace);
  }
  sim.advance(6 * 3600);
  snapshot(sim, trace);
  for (const SimEvent& e : sim.event_log()) trace << e.time << ' ' << e.what << '\n';
  checked(trace.str(), "burst");
  EXPECT_EQ(fnv1a(trace.str()), 231951031301982625ull) << trace.str().size() << " bytes of trace";
}

// A het component left pending only because its sibling's node was off limits is placed by
// the next full pass. Here no full pass follows at once (a later component is refused
// outright, which ends submit_het before its closing state change, and the next submit is
// evaluated alone), so the cancel after it must run that full pass, not the in-place shortcut.
TEST(ScheduleGolden, CancelAfterHetPlacementRunsAFullPass) {
  ClusterConfig c = parse_slurm_conf(
      "ClusterName=het\nSlurmUser=slurm\nMinJobAge=300\n"
      "NodeName=n-[1-2] CPUs=2 RealMemory=900 State=UNKNOWN\n"
      "PartitionName=p Nodes=n-[1-2] Default=YES MaxTime=INFINITE State=UP\n",
      "het.conf");
  Simulator sim(c, kGoldenOptions);
  const Identity user{"ec2-user", 1000, 1000};
  auto spec = [](int tasks) {
    JobSpec s;
    s.script = "#!/bin/bash\nsleep 600\n";
    s.current_working_directory = "/tmp";
    s.tasks = tasks;
    return s;
  };
  SubmitResult full, het, waiting;
  ASSERT_TRUE(sim.submit(spec(2), user, &full).ok());  // fills n-1
  JobSpec refused = spec(1);
  refused.partition = "nope";
  EXPECT_FALSE(sim.submit_het({spec(1), spec(1), refused}, user, &het).ok());
  const uint32_t first = full.job_id + 1, second = full.job_id + 2;
  ASSERT_EQ(sim.find_job(first)->state, JobState::kRunning);
  ASSERT_EQ(sim.find_job(second)->state, JobState::kPending);  // n-2 is its sibling's
  ASSERT_TRUE(sim.submit(spec(2), user, &waiting).ok());
  ASSERT_EQ(sim.find_job(waiting.job_id)->state, JobState::kPending);
  ASSERT_EQ(sim.find_job(second)->state, JobState::kPending);
  ASSERT_TRUE(sim.signal(waiting.job_id, 9, user).ok());
  EXPECT_EQ(sim.find_job(second)->state, JobState::kRunning);
  EXPECT_EQ(sim.find_job(second)->nodes, "n-2");
}

}  // namespace
}  // namespace scheduler_sim
