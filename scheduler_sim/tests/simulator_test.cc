// The simulated controller under a manual clock: lifecycle, scheduling, limits and errors.
#include "scheduler_sim/simulator.h"

#include <gtest/gtest.h>

#include <ctime>
#include <vector>

#include "sim_fixture.h"

namespace scheduler_sim {
namespace {

using testing_support::kT0;
using testing_support::kUser;
using testing_support::script;
const Identity kOther{"bob", 1001, 1001};
const Identity kRoot{"root", 0, 0};

class SimulatorTest : public testing_support::SimFixture {
 protected:
  const Job& job(uint32_t id) {
    const Job* j = sim_.find_job(id);
    EXPECT_NE(j, nullptr) << id;
    return *j;
  }
};

TEST_F(SimulatorTest, IdleClusterStartsAJobAtSubmitAndCompletesIt) {
  uint32_t id = submit(script("sleep 30"));
  EXPECT_EQ(id, 1u);
  const Job& j = job(id);
  EXPECT_EQ(j.state, JobState::kRunning);
  EXPECT_EQ(j.state_reason, "None");
  EXPECT_EQ(j.start_time, kT0);
  EXPECT_EQ(j.eligible_time, kT0);
  EXPECT_EQ(j.accrue_time, kT0);
  EXPECT_EQ(j.end_time, kT0 + 365 * 86400);  // no limit: the oracle shows start + 1 year
  EXPECT_EQ(j.priority, 0xFFFF0000u - 1);
  EXPECT_EQ(j.nodes, "queue1-dy-t3micro-1");
  EXPECT_EQ(j.batch_host, "queue1-dy-t3micro-1");
  EXPECT_EQ(j.cpus, 1);
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-1")->base, NodeBase::kMixed);  // 1 of 2 CPUs
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-2")->base, NodeBase::kIdle);
  sim_.advance(29);
  EXPECT_EQ(job(id).state, JobState::kRunning);
  sim_.advance(1);
  EXPECT_EQ(job(id).state, JobState::kCompleted);
  EXPECT_EQ(job(id).end_time, kT0 + 30);
  EXPECT_EQ(job(id).exit_status, 0);
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-1")->base, NodeBase::kIdle);
  EXPECT_EQ(sim_.stats().jobs_completed, 1u);
}

// Oracle: `jobs: [a, b]` gives two records; both carry the leader's id, their offset and the
// component id set ("9-10"); each component uses its own job id.
TEST_F(SimulatorTest, HeterogeneousJobMakesOneRecordPerComponent) {
  uint32_t before = submit(script("true"));
  SubmitResult r;
  ASSERT_TRUE(sim_.submit_het({script("sleep 5"), script("sleep 5")}, kUser, &r).ok());
  EXPECT_EQ(r.job_id, before + 1);
  const Job& lead = job(r.job_id);
  const Job& second = job(r.job_id + 1);
  EXPECT_EQ(lead.het_job_id, r.job_id);
  EXPECT_EQ(second.het_job_id, r.job_id);
  EXPECT_EQ(lead.het_job_offset, 0u);
  EXPECT_EQ(second.het_job_offset, 1u);
  std::string set = std::to_string(r.job_id) + "-" + std::to_string(r.job_id + 1);
  EXPECT_EQ(lead.het_job_id_set, set);
  EXPECT_EQ(second.het_job_id_set, set);
  // A refused first component creates nothing.
  JobSpec bad = script("true");
  bad.partition = "nope";
  SubmitResult none;
  EXPECT_EQ(sim_.submit_het({bad, script("true")}, kUser, &none).code(),
            Errno::kInvalidPartitionName);
  EXPECT_EQ(none.job_id, 0u);
}

// Oracle: a heterogeneous job's components get separate nodes even where one node would hold
// both, and /diag counts the finished job once (submitted 2, started 2, completed 1).
TEST_F(SimulatorTest, HeterogeneousComponentsTakeSeparateNodesAndCountOnce) {
  SubmitResult r;
  ASSERT_TRUE(sim_.submit_het({script("true"), script("true")}, kUser, &r).ok());
  EXPECT_EQ(job(r.job_id).nodes, "queue1-dy-t3micro-1");
  EXPECT_EQ(job(r.job_id + 1).nodes, "queue1-dy-t3micro-2");
  sim_.advance(1);
  EXPECT_EQ(job(r.job_id + 1).state, JobState::kCompleted);
  EXPECT_EQ(sim_.stats().jobs_submitted, 2u);
  EXPECT_EQ(sim_.stats().jobs_started, 2u);
  EXPECT_EQ(sim_.stats().jobs_completed, 1u);
  // An ordinary job afterwards shares a node again (best fit: the half-used node 1).
  uint32_t plain = submit(script("sleep 5"));
  uint32_t other = submit(script("sleep 5"));
  EXPECT_EQ(job(plain).nodes, job(other).nodes);
}

TEST_F(SimulatorTest, ExitCodeIsStoredAsWaitStatus) {
  uint32_t id = submit(script("sleep 5\nexit 3\nsleep 100"));
  sim_.advance(5);
  const Job& j = job(id);
  EXPECT_EQ(j.state, JobState::kFailed);
  EXPECT_EQ(j.state_reason, "NonZeroExitCode");
  EXPECT_EQ(j.exit_status, 3 << 8);
  EXPECT_EQ(j.end_time, kT0 + 5);
  // Oracle /diag: a job that exits non-zero counts as completed, not failed.
  EXPECT_EQ(sim_.stats().jobs_completed, 1u);
  EXPECT_EQ(sim_.stats().jobs_failed, 0u);
}

TEST_F(SimulatorTest, ScriptTimesAndDefaults) {
  uint32_t frac = submit(script("sleep 1.5"));
  uint32_t mins = submit(script("sleep 2m; echo hi"));
  uint32_t none = submit(script("echo hi"));
  sim_.advance(1);
  EXPECT_EQ(job(none).state, JobState::kCompleted);  // default_run_seconds = 0
  EXPECT_EQ(job(none).end_time, kT0);
  EXPECT_EQ(job(frac).state, JobState::kRunning);
  sim_.advance(1);
  EXPECT_EQ(job(frac).state, JobState::kCompleted);
  sim_.run_until(kT0 + 119);
  EXPECT_EQ(job(mins).state, JobState::kRunning);
  sim_.run_until(kT0 + 120);
  EXPECT_EQ(job(mins).state, JobState::kCompleted);
}

TEST_F(SimulatorTest, TimeLimitKillsWithSigterm) {
  JobSpec s = script("sleep 120");
  s.time_limit = 1;
  uint32_t id = submit(s);
  EXPECT_EQ(job(id).end_time, kT0 + 60);
  sim_.advance(59);
  EXPECT_EQ(job(id).state, JobState::kRunning);
  sim_.advance(1);
  EXPECT_EQ(job(id).state, JobState::kTimeout);
  EXPECT_EQ(job(id).state_reason, "TimeLimit");
  EXPECT_EQ(job(id).exit_status, 15);
  EXPECT_EQ(job(id).end_time, kT0 + 60);
}

TEST_F(SimulatorTest, CancelRunningAndPending) {
  uint32_t run = submit(script("sleep 300"));
  JobSpec held = script("sleep 5");
  held.hold = true;
  uint32_t pend = submit(held);
  EXPECT_EQ(job(pend).state_reason, "JobHeldUser");
  EXPECT_EQ(job(pend).priority, 0u);
  EXPECT_EQ(job(pend).eligible_time, 0);
  sim_.advance(10);
  ASSERT_TRUE(sim_.signal(run, 9, kUser).ok());
  ASSERT_TRUE(sim_.signal(pend, 9, kUser).ok());
  EXPECT_EQ(job(run).state, JobState::kCancelled);
  EXPECT_EQ(job(run).exit_status, 15);  // scancel's SIGTERM ends the batch shell
  EXPECT_EQ(job(run).end_time, kT0 + 10);
  EXPECT_EQ(job(pend).state, JobState::kCancelled);
  EXPECT_EQ(job(pend).state_reason, "JobHeldUser");  // the reason stays
  EXPECT_EQ(job(pend).start_time, kT0 + 10);         // the oracle stamps start = end
  EXPECT_EQ(job(pend).end_time, kT0 + 10);
  EXPECT_EQ(job(pend).exit_status, 0);
  // A late cancel is quietly accepted; an unknown id is not.
  EXPECT_TRUE(sim_.signal(run, 9, kUser).ok());
  EXPECT_EQ(sim_.signal(999, 9, kUser).code(), Errno::kInvalidJobId);
  EXPECT_EQ(sim_.stats().jobs_canceled, 2u);
}

TEST_F(SimulatorTest, OtherSignals) {
  uint32_t a = submit(script("sleep 300"));
  uint32_t b = submit(script("sleep 300"));
  JobSpec held = script("sleep 5");
  held.hold = true;
  uint32_t h = submit(held);
  EXPECT_TRUE(sim_.signal(a, 18, kUser).ok());  // SIGCONT: nothing happens
  EXPECT_EQ(job(a).state, JobState::kRunning);
  EXPECT_TRUE(sim_.signal(a, 10, kUser).ok());
  EXPECT_EQ(job(a).state, JobState::kFailed);
  EXPECT_EQ(job(a).state_reason, "JobLaunchFailure");
  EXPECT_EQ(job(a).exit_status, 10);
  EXPECT_EQ(sim_.signal(b, 10, kOther).code(), Errno::kAccessDenied);
  EXPECT_EQ(sim_.signal(h, 10, kUser).code(), Errno::kTransitionStateNoUpdate);
  EXPECT_TRUE(sim_.signal(b, 15, kRoot).ok());
  EXPECT_EQ(job(b).exit_status, 15);
}

TEST_F(SimulatorTest, PurgedMinJobAgeAfterEnd) {
  uint32_t id = submit(script("sleep 10"));
  sim_.advance(10);
  ASSERT_EQ(job(id).state, JobState::kCompleted);
  sim_.advance(599);
  EXPECT_NE(sim_.find_job(id), nullptr);
  sim_.advance(1);
  EXPECT_EQ(sim_.find_job(id), nullptr);
  EXPECT_TRUE(sim_.jobs().empty());
  EXPECT_EQ(sim_.signal(id, 9, kUser).code(), Errno::kInvalidJobId);
}

// Every full pass evaluates every waiting job: last_sched_evaluation shows the latest one, also
// for jobs a pass only confirms (it writes theirs lazily; find_job and jobs() must show it).
TEST_F(SimulatorTest, WaitingJobsShowTheLatestPassAsTheirEvaluationTime) {
  for (int i = 0; i < 20; ++i) submit(script("sleep 100"));  // queue1: 10 nodes x 2 CPUs, full
  const uint32_t a = submit(script("sleep 10"));
  const uint32_t b = submit(script("sleep 10"));
  const uint32_t c = submit(script("sleep 10"));
  EXPECT_EQ(job(a).state_reason, "Resources");
  EXPECT_EQ(job(b).state_reason, "Priority");
  EXPECT_EQ(job(c).last_sched_evaluation, kT0);
  // Full passes at +50 and +60 (jobs whose begin time comes), starting nothing in queue1.
  JobSpec later = script("sleep 10");
  later.partition = "queue2";
  later.begin_time = "uts" + std::to_string(kT0 + 50);
  submit(later);
  later.begin_time = "uts" + std::to_string(kT0 + 60);
  submit(later);
  sim_.advance(50);
  EXPECT_EQ(job(b).last_sched_evaluation, kT0 + 50);
  sim_.advance(10);
  for (uint32_t id : {a, b, c}) {
    EXPECT_EQ(job(id).state, JobState::kPending) << id;
    EXPECT_EQ(job(id).last_sched_evaluation, kT0 + 60) << id;
  }
  EXPECT_EQ(job(a).state_reason, "Resources");
  EXPECT_EQ(job(c).state_reason, "Priority");
  // The queue2 job that ended at +60 finishes its epilog (COMPLETING, 1 s) at +61, and
  // slurmctld runs a pass when an epilog completes; then none until +65.
  sim_.advance(5);
  for (const Job* j : sim_.jobs()) {
    if (j->state == JobState::kPending && j->partition == "queue1") {
      EXPECT_EQ(j->last_sched_evaluation, kT0 + 61) << j->job_id;
    }
  }
  // A held job is not evaluated (the oracle's held jobs keep their submit second): the hold at
  // +65 leaves the stamp of the pass at +61.
  JobUpdate hold;
  hold.fields.hold = true;
  ASSERT_TRUE(sim_.update(c, hold, kUser).ok());
  EXPECT_EQ(job(c).state_reason, "JobHeldUser");
  EXPECT_EQ(job(c).last_sched_evaluation, kT0 + 61);
  JobUpdate release;
  release.fields.hold = false;
  ASSERT_TRUE(sim_.update(c, release, kUser).ok());
  EXPECT_EQ(job(c).state_reason, "Priority");
  // The first 20 end at +100; the waiting ones start then.
  sim_.advance(35);
  for (uint32_t id : {a, b, c}) {
    EXPECT_EQ(job(id).state, JobState::kRunning) << id;
    EXPECT_EQ(job(id).last_sched_evaluation, kT0 + 100) << id;
  }
}

// Oracle: a job released from hold is eligible from its release (the scheduling pass after
// it), whether it was held at submission or held later by an update.
TEST_F(SimulatorTest, AReleasedJobIsEligibleFromItsRelease) {
  for (int i = 0; i < 20; ++i) submit(script("sleep 100"));  // queue1: 10 nodes x 2 CPUs, full
  const uint32_t waiting = submit(script("sleep 10"));
  JobSpec s = script("sleep 10");
  s.partition = "queue2";
  s.hold = true;
  const uint32_t held = submit(s);
  EXPECT_EQ(job(waiting).eligible_time, kT0);
  EXPECT_EQ(job(held).eligible_time, 0);
  sim_.advance(10);
  JobUpdate hold;
  hold.fields.hold = true;
  ASSERT_TRUE(sim_.update(waiting, hold, kUser).ok());
  sim_.advance(10);
  JobUpdate release;
  release.fields.hold = false;
  ASSERT_TRUE(sim_.update(waiting, release, kUser).ok());
  ASSERT_TRUE(sim_.update(held, release, kUser).ok());
  EXPECT_EQ(job(waiting).state, JobState::kPending);
  EXPECT_EQ(job(waiting).eligible_time, kT0 + 20);
  EXPECT_EQ(job(held).state, JobState::kRunning);
  EXPECT_EQ(job(held).eligible_time, kT0 + 20);
  EXPECT_EQ(job(held).start_time, kT0 + 20);
}

// Oracle (begin_time 2030, held): a held job's future begin time shows as its eligible and
// expected start time; it accrues nothing. Released before then, it waits for it.
TEST_F(SimulatorTest, AHeldJobShowsItsBeginTimeAsEligibleAndStartTime) {
  JobSpec s = script("sleep 10");
  s.begin_time = "uts" + std::to_string(kT0 + 3600);
  s.hold = true;
  const uint32_t id = submit(s);
  EXPECT_EQ(job(id).state_reason, "JobHeldUser");
  EXPECT_EQ(job(id).eligible_time, kT0 + 3600);
  EXPECT_EQ(job(id).start_time, kT0 + 3600);
  EXPECT_EQ(job(id).accrue_time, 0);
  sim_.advance(60);
  JobUpdate release;
  release.fields.hold = false;
  ASSERT_TRUE(sim_.update(id, release, kUser).ok());
  EXPECT_EQ(job(id).state_reason, "BeginTime");
  EXPECT_EQ(job(id).eligible_time, kT0 + 3600);
  sim_.advance(3540);
  EXPECT_EQ(job(id).state, JobState::kRunning);
  EXPECT_EQ(job(id).start_time, kT0 + 3600);
}

// Oracle: DELETE of a held heterogeneous job cancels every component at that instant.
TEST_F(SimulatorTest, CancellingAHeldHeterogeneousJobCancelsEveryComponent) {
  JobSpec s = script("sleep 5");
  s.hold = true;
  SubmitResult r;
  ASSERT_TRUE(sim_.submit_het({s, s}, kUser, &r).ok());
  sim_.advance(7);
  ASSERT_TRUE(sim_.signal(r.job_id, 9, kUser).ok());
  for (uint32_t id : {r.job_id, r.job_id + 1}) {
    EXPECT_EQ(job(id).state, JobState::kCancelled) << id;
    EXPECT_EQ(job(id).state_reason, "JobHeldUser") << id;
    EXPECT_EQ(job(id).start_time, kT0 + 7) << id;
    EXPECT_EQ(job(id).end_time, kT0 + 7) << id;
    EXPECT_EQ(job(id).exit_status, 0) << id;
  }
}

// Oracle: a held job whose script cannot be executed (no `#!`) shows exit_code 0 while held;
// released, it is launched and fails with 2048 at once. A held job whose script exits 3 also
// shows 0 until it ends.
TEST_F(SimulatorTest, AHeldJobShowsNoExitCodeUntilItEnds) {
  JobSpec no_shebang;
  no_shebang.script = "true";
  no_shebang.hold = true;
  const uint32_t bad = submit(no_shebang);
  JobSpec exits = script("exit 3");
  exits.hold = true;
  const uint32_t three = submit(exits);
  EXPECT_EQ(job(bad).exit_status, 0);
  EXPECT_EQ(job(three).exit_status, 0);
  sim_.advance(5);
  JobUpdate release;
  release.fields.hold = false;
  ASSERT_TRUE(sim_.update(bad, release, kUser).ok());
  ASSERT_TRUE(sim_.update(three, release, kUser).ok());
  sim_.advance(0);  // the ends are events due now
  for (uint32_t id : {bad, three}) {
    EXPECT_EQ(job(id).state, JobState::kFailed) << id;
    EXPECT_EQ(job(id).state_reason, "NonZeroExitCode") << id;
    EXPECT_EQ(job(id).end_time, kT0 + 5) << id;
  }
  EXPECT_EQ(job(bad).exit_status, 2048);
  EXPECT_EQ(job(three).exit_status, 3 << 8);
}

TEST_F(SimulatorTest, FifoWithResourcesAndPriorityReasons) {
  // 10 nodes x 2 CPUs in queue1: fill it with 20 one-CPU jobs.
  for (int i = 0; i < 20; ++i) submit(script("sleep 100"));
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-10")->base, NodeBase::kAllocated);
  JobSpec two = script("sleep 10");
  two.nodes = "2";
  uint32_t big = submit(two);
  uint32_t small = submit(script("sleep 10"));
  EXPECT_EQ(job(big).state_reason, "Resources");
  EXPECT_EQ(job(small).state_reason, "Priority");
  EXPECT_EQ(job(big).node_count, 2);
  EXPECT_EQ(job(big).eligible_time, kT0);
  EXPECT_EQ(job(big).start_time, 0);
  EXPECT_TRUE(job(big).nodes.empty());
  // queue2 is independent.
  JobSpec q2 = script("sleep 10");
  q2.partition = "queue2";
  EXPECT_EQ(job(submit(q2)).state, JobState::kRunning);
  sim_.advance(100);
  EXPECT_EQ(job(big).state, JobState::kRunning);
  EXPECT_EQ(job(big).start_time, kT0 + 100);
  EXPECT_EQ(job(big).nodes, "queue1-dy-t3micro-[1-2]");  // nodes=2 means two nodes
  EXPECT_EQ(job(big).cpus, 2);
  EXPECT_EQ(job(small).state, JobState::kRunning);
}

TEST_F(SimulatorTest, ExclusiveAndMultiNodeAllocation) {
  submit(script("sleep 100"));  // takes one CPU of node 1
  JobSpec ex = script("sleep 10");
  ex.exclusive = true;
  ex.nodes = "3";
  uint32_t id = submit(ex);
  const Job& j = job(id);
  EXPECT_EQ(j.state, JobState::kRunning);
  EXPECT_EQ(j.nodes, "queue1-dy-t3micro-[2-4]");
  EXPECT_EQ(j.cpus, 6);
  EXPECT_EQ(j.node_count, 3);
  JobSpec per = script("sleep 10");
  per.tasks = 4;
  per.tasks_per_node = 2;
  const Job& p = job(submit(per));
  EXPECT_EQ(p.nodes, "queue1-dy-t3micro-[5-6]");
  EXPECT_EQ(p.cpus, 4);
  JobSpec mem = script("sleep 10");
  mem.memory_per_node = 600;
  mem.nodes = "2";
  const Job& m = job(submit(mem));
  EXPECT_EQ(m.allocation.size(), 2u);
  // CR_CPU (the default cluster): memory is asked for, not booked.
  EXPECT_EQ(m.allocation[0].memory, 0);
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-7")->alloc_memory, 0);
}

// Under CR_CPU memory does not limit placement, as on the oracle: two 1-CPU jobs of 600 MiB
// share one 900-MiB node, and 2 tasks of 800 MiB per CPU run on one node. Only the request
// itself must fit a node: 901 MiB per node, or per CPU, is refused.
TEST_F(SimulatorTest, UnderCrCpuMemoryIsNotAConsumableResource) {
  EXPECT_FALSE(sim_.config().memory_consumable);
  JobSpec a = script("sleep 100");
  a.memory_per_node = 600;
  const Job& first = job(submit(a));
  const Job& second = job(submit(a));
  EXPECT_EQ(first.nodes, "queue1-dy-t3micro-1");
  EXPECT_EQ(second.state, JobState::kRunning);
  EXPECT_EQ(second.nodes, "queue1-dy-t3micro-1");
  JobSpec b = script("sleep 100");
  b.memory_per_cpu = 800;
  b.tasks = 2;
  const Job& two = job(submit(b));
  EXPECT_EQ(two.state, JobState::kRunning);
  EXPECT_EQ(two.nodes, "queue1-dy-t3micro-2");
  JobSpec c = script("sleep 100");
  c.memory_per_cpu = 451;
  c.cpus_per_task = 2;
  EXPECT_EQ(job(submit(c)).state, JobState::kRunning);
  SubmitResult r;
  for (auto [per_node, per_cpu] : {std::pair<int64_t, int64_t>{901, 0}, {0, 901}}) {
    JobSpec d = script("sleep 1");
    if (per_node) d.memory_per_node = per_node;
    if (per_cpu) d.memory_per_cpu = per_cpu;
    EXPECT_EQ(sim_.submit(d, kUser, &r).code(), Errno::kRequestedNodeConfigUnavailable);
  }
}

// With SelectTypeParameters=CR_CPU_Memory jobs book what they ask for, and a node's free memory
// limits what else it takes.
TEST(SimulatorMemoryTest, UnderCrCpuMemoryJobsBookTheirMemory) {
  ClusterConfig c = parse_slurm_conf(
      "SelectTypeParameters=CR_CPU_Memory\n"
      "NodeName=n[1-2] CPUs=2 RealMemory=900\nPartitionName=p Nodes=n[1-2] Default=YES\n",
      "t");
  EXPECT_TRUE(c.memory_consumable);
  Simulator sim(c, {.start_time = kT0});
  auto run = [&](JobSpec s) {
    SubmitResult r;
    EXPECT_TRUE(sim.submit(s, kUser, &r).ok());
    return sim.find_job(r.job_id);
  };
  JobSpec a = script("sleep 100");
  a.memory_per_node = 600;
  const Job* first = run(a);
  const Job* second = run(a);
  EXPECT_EQ(first->nodes, "n1");
  EXPECT_EQ(second->nodes, "n2");
  EXPECT_EQ(first->allocation[0].memory, 600);
  EXPECT_EQ(sim.find_node("n1")->alloc_memory, 600);
  const Job* third = run(a);
  EXPECT_EQ(third->state, JobState::kPending);
  EXPECT_EQ(third->state_reason, "Resources");
  JobSpec b = script("sleep 1");
  b.memory_per_cpu = 451;
  b.cpus_per_task = 2;
  SubmitResult r;
  EXPECT_EQ(sim.submit(b, kUser, &r).code(), Errno::kRequestedNodeConfigUnavailable);
}

// A job that asks for no memory books its nodes' whole RealMemory under CR_*_Memory (no
// DefMemPerCPU): measured on 22.05 with CR_Core_Memory, two such 1-CPU jobs take two 2-CPU
// nodes, mem=900M each, and a 2-node job of 200 MiB per node then waits (one node has room).
TEST(SimulatorMemoryTest, AJobAskingNoMemoryBooksTheWholeNode) {
  ClusterConfig c = parse_slurm_conf(
      "SelectTypeParameters=CR_Core_Memory\n"
      "NodeName=q1-[1-4] CPUs=2 RealMemory=900\nPartitionName=queue1 Nodes=q1-[1-4] Default=YES\n",
      "t");
  Simulator sim(c, {.start_time = kT0});
  auto run = [&](JobSpec s) {
    SubmitResult r;
    EXPECT_TRUE(sim.submit(s, kUser, &r).ok());
    return sim.find_job(r.job_id);
  };
  const Job* a = run(script("sleep 600"));
  const Job* b = run(script("sleep 600"));
  JobSpec per_node = script("sleep 600");
  per_node.memory_per_node = 100;
  const Job* c1 = run(per_node);
  JobSpec per_cpu = script("sleep 600");
  per_cpu.memory_per_cpu = 100;
  per_cpu.cpus_per_task = 2;
  const Job* d = run(per_cpu);
  EXPECT_EQ(a->nodes, "q1-1");
  EXPECT_EQ(b->nodes, "q1-2");
  EXPECT_EQ(c1->nodes, "q1-3");
  EXPECT_EQ(d->nodes, "q1-4");
  EXPECT_EQ(a->allocation[0].memory, 900);
  EXPECT_EQ(c1->allocation[0].memory, 100);
  EXPECT_EQ(d->allocation[0].memory, 200);
  EXPECT_EQ(sim.find_node("q1-1")->alloc_memory, 900);
  EXPECT_EQ(sim.find_node("q1-1")->alloc_cpus, 1);
  JobSpec two = script("sleep 600");
  two.nodes = "2";
  two.tasks = 2;
  two.memory_per_node = 200;
  const Job* e = run(two);
  EXPECT_EQ(e->state, JobState::kPending);
  EXPECT_EQ(e->state_reason, "Resources");
}

// exclusive=user as measured on 22.05 (users ec2-user and cloudsdk, 1-CPU jobs on 2-CPU nodes):
// a node where such a job runs belongs to its user (the node's owner) until it ends, and such a
// job joins no node where another user's job runs; jobs of its own user share freely.
TEST(SimulatorExclusiveUserTest, NodesOfAnExclusiveUserJobAreSharedWithItsUserOnly) {
  ClusterConfig c = parse_slurm_conf(
      "NodeName=q1-[1-4] CPUs=2 RealMemory=900\nPartitionName=queue1 Nodes=q1-[1-4] Default=YES\n",
      "t");
  Simulator sim(c, {.start_time = kT0});
  const Identity cloud{"cloudsdk", 1002, 1002};
  auto run = [&](const Identity& who, bool exclusive_user) {
    JobSpec s = script("sleep 600");
    if (exclusive_user) s.shared = "user";
    SubmitResult r;
    EXPECT_TRUE(sim.submit(s, who, &r).ok());
    return r.job_id;
  };
  auto nodes_of = [&](uint32_t id) { return sim.find_job(id)->nodes; };
  auto owner = [&](const char* node) {
    const Node* n = sim.find_node(node);
    return n->owner ? n->owner->name : std::string("-");
  };
  const uint32_t a = run(kUser, true);
  const uint32_t b = run(cloud, false);  // best fit would be q1-1: owned by ec2-user
  const uint32_t cc = run(kUser, false);
  const uint32_t d = run(cloud, true);  // joins its own user's job
  const uint32_t e = run(kUser, false);
  const uint32_t f = run(cloud, false);
  EXPECT_EQ(nodes_of(a), "q1-1");
  EXPECT_EQ(nodes_of(b), "q1-2");
  EXPECT_EQ(nodes_of(cc), "q1-1");
  EXPECT_EQ(nodes_of(d), "q1-2");
  EXPECT_EQ(nodes_of(e), "q1-3");
  EXPECT_EQ(nodes_of(f), "q1-3");
  EXPECT_EQ(owner("q1-1"), "ec2-user");
  EXPECT_EQ(owner("q1-2"), "cloudsdk");
  EXPECT_EQ(owner("q1-3"), "-");
  // The owner goes with the last exclusive=user job; then anyone may join.
  ASSERT_TRUE(sim.signal(a, 9, kUser).ok());
  EXPECT_EQ(owner("q1-1"), "-");
  const uint32_t g = run(cloud, false);
  EXPECT_EQ(nodes_of(g), "q1-1");
}

// An exclusive=user job waits (Resources) while every node with room runs another user's job,
// and another user's job waits while the only room is on a node such a job owns.
TEST(SimulatorExclusiveUserTest, NoRoomElsewhereMeansWaiting) {
  ClusterConfig c = parse_slurm_conf(
      "NodeName=n[1-2] CPUs=2 RealMemory=900\nPartitionName=p Nodes=n[1-2] Default=YES\n", "t");
  Simulator sim(c, {.start_time = kT0});
  const Identity cloud{"cloudsdk", 1002, 1002};
  auto run = [&](const Identity& who, bool exclusive_user) {
    JobSpec s = script("sleep 600");
    if (exclusive_user) s.shared = "user";
    SubmitResult r;
    EXPECT_TRUE(sim.submit(s, who, &r).ok());
    return sim.find_job(r.job_id);
  };
  const Job* x = run(kUser, false);
  const Job* y = run(cloud, true);
  const Job* z = run(kUser, false);
  EXPECT_EQ(x->nodes, "n1");
  EXPECT_EQ(y->nodes, "n2");
  EXPECT_EQ(z->nodes, "n1");
  const Job* v = run(kUser, false);  // n2 has a free CPU, owned by cloudsdk
  EXPECT_EQ(v->state, JobState::kPending);
  EXPECT_EQ(v->state_reason, "Resources");
  const Job* w = run(cloud, true);  // its own node has room
  EXPECT_EQ(w->nodes, "n2");
  ASSERT_TRUE(sim.signal(x->job_id, 9, kUser).ok());  // n1: z (ec2-user) still runs there
  const Job* u = run(cloud, true);
  EXPECT_EQ(u->state, JobState::kPending);
  EXPECT_EQ(v->nodes, "n1");  // the freed CPU went to the waiting ec2-user job
}

// A held job skips the node configuration test, as on the oracle: accepted although no node
// has 4 CPUs (or 1000 MiB); released, it pends with BadConstraints and never starts.
TEST_F(SimulatorTest, AHeldJobNoNodeCanHoldIsAcceptedAndPendsWithBadConstraints) {
  for (int which = 0; which < 2; ++which) {
    JobSpec s = script("sleep 1");
    if (which == 0) s.cpus_per_task = 4;
    else s.memory_per_node = 1000;
    s.hold = true;
    const Job& j = job(submit(s));
    EXPECT_EQ(j.state, JobState::kPending);
    EXPECT_EQ(j.state_reason, "JobHeldUser");
    EXPECT_EQ(j.cpus, which == 0 ? 4 : 1);
    JobUpdate release;
    release.fields.hold = false;
    ASSERT_TRUE(sim_.update(j.job_id, release, kUser).ok());
    const SimTime released = sim_.now();
    sim_.advance(3600);
    EXPECT_EQ(j.state, JobState::kPending);
    EXPECT_EQ(j.state_reason, "BadConstraints");
    EXPECT_EQ(j.priority, 0u);
    EXPECT_EQ(j.eligible_time, released);
    EXPECT_EQ(j.accrue_time, released);
    EXPECT_EQ(j.start_time, released);  // expected start
  }
  EXPECT_EQ(sim_.stats().jobs_started, 0u);
  // Not held: refused, as before.
  JobSpec s = script("sleep 1");
  s.cpus_per_task = 4;
  SubmitResult r;
  EXPECT_EQ(sim_.submit(s, kUser, &r).code(), Errno::kRequestedNodeConfigUnavailable);
}

// An update asks again whether any node can hold the job (oracle, 2-CPU 900-MiB nodes):
// cpus_per_task 1 leaves the per-node minimum at 4, so it still cannot; a per-node minimum of
// 1 can, and the job runs with a new priority value.
TEST_F(SimulatorTest, AnUpdateThatMakesABadConstraintsJobFitLetsItRun) {
  JobSpec s = script("sleep 100");
  s.cpus_per_task = 4;
  s.hold = true;
  const uint32_t id = submit(s);
  JobUpdate u;
  u.fields.hold = false;
  ASSERT_TRUE(sim_.update(id, u, kUser).ok());
  EXPECT_EQ(job(id).state_reason, "BadConstraints");
  EXPECT_EQ(job(id).priority, 0u);

  const uint32_t before = submit(script("sleep 1"));  // the latest value handed out so far
  u = JobUpdate();
  u.fields.cpus_per_task = 1;
  ASSERT_TRUE(sim_.update(id, u, kUser).ok());
  EXPECT_EQ(job(id).state, JobState::kPending);
  EXPECT_EQ(job(id).state_reason, "BadConstraints");
  EXPECT_EQ(job(id).priority, 0u);
  EXPECT_EQ(job(id).cpus, 1);
  EXPECT_EQ(job(id).spec.minimum_cpus_per_node, 4);
  EXPECT_EQ(job(id).requested_cpus, 1);

  u = JobUpdate();
  u.fields.minimum_cpus_per_node = 1;
  ASSERT_TRUE(sim_.update(id, u, kUser).ok());
  EXPECT_EQ(job(id).state, JobState::kRunning);
  EXPECT_EQ(job(id).state_reason, "None");
  // A new value: the update that still did not fit used one up too (oracle), so this one is
  // two below the value of the job submitted before both updates.
  EXPECT_EQ(job(id).priority, job(before).priority - 2);
  EXPECT_EQ(job(id).cpus, 1);
  EXPECT_TRUE(job(id).cpus_set);  // JOB_CPUS_SET: from the submission, whatever updates do
}

// A waiting job updated to more memory than any node has waits with BadConstraints and priority
// 0; back to an amount that fits, it gets a new value and starts when nodes free up.
TEST_F(SimulatorTest, AWaitingJobUpdatedBeyondEveryNodeWaitsWithBadConstraints) {
  JobSpec big = script("sleep 50");
  big.nodes = "10";
  big.tasks_per_node = 2;
  const uint32_t full = submit(big);
  ASSERT_EQ(job(full).state, JobState::kRunning);
  const uint32_t id = submit(script("sleep 10"));
  ASSERT_EQ(job(id).state, JobState::kPending);
  const uint32_t first_priority = job(id).priority;
  ASSERT_NE(first_priority, 0u);

  JobUpdate u;
  u.fields.memory_per_node = 5000;
  u.fields.comment = "bigger";  // applied along with the new shape
  ASSERT_TRUE(sim_.update(id, u, kUser).ok());
  EXPECT_EQ(job(id).spec.comment, "bigger");
  EXPECT_EQ(job(id).state_reason, "BadConstraints");
  EXPECT_EQ(job(id).priority, 0u);
  EXPECT_EQ(job(id).spec.memory_per_node, 5000);

  u = JobUpdate();
  u.fields.memory_per_cpu = 300;  // one memory request: per CPU replaces per node
  ASSERT_TRUE(sim_.update(id, u, kUser).ok());
  EXPECT_FALSE(job(id).spec.memory_per_node.has_value());
  EXPECT_EQ(job(id).spec.memory_per_cpu, 300);
  EXPECT_NE(job(id).state_reason, "BadConstraints");
  EXPECT_NE(job(id).priority, 0u);
  EXPECT_LT(job(id).priority, first_priority);  // a new, lower value
  sim_.advance(50);
  EXPECT_EQ(job(id).state, JobState::kRunning);
}

// What a waiting job's owner may change, and what the real daemon refuses (oracle answers).
TEST_F(SimulatorTest, JobUpdatesRefusedAsTheRealDaemonRefusesThem) {
  const uint32_t running = submit(script("sleep 100"));
  ASSERT_EQ(job(running).state, JobState::kRunning);
  JobSpec held = script("sleep 1");
  held.hold = true;
  held.name = "mine";
  const uint32_t id = submit(held);
  auto refused = [&](uint32_t job_id, auto set, Errno want, const Identity& who = kUser) {
    JobUpdate u;
    set(u.fields);
    Status st = sim_.update(job_id, u, who);
    EXPECT_EQ(st.code(), want) << st.message();
  };
  // only while the job waits
  refused(
      running, [](JobSpec& f) { f.cpus_per_task = 2; }, Errno::kJobNotPending);
  refused(
      running, [](JobSpec& f) { f.memory_per_node = 100; }, Errno::kJobNotPending);
  refused(
      running, [](JobSpec& f) { f.dependency = "afterok:1"; }, Errno::kJobNotPending);
  refused(
      running, [](JobSpec& f) { f.standard_output = "/tmp/o"; }, Errno::kJobNotPending);
  // only by an administrator
  refused(
      id, [](JobSpec& f) { f.core_specification = 1; }, Errno::kAccessDenied);
  refused(
      id, [](JobSpec& f) { f.deadline = "2030-01-01"; }, Errno::kAccessDenied);
  refused(
      id, [](JobSpec& f) { f.shared = "user"; }, Errno::kAccessDenied);
  refused(
      id, [](JobSpec& f) { f.nice = -5; }, Errno::kAccessDenied);
  // nothing of the kind exists, or the request is malformed
  refused(
      id, [](JobSpec& f) { f.constraints = "nope"; }, Errno::kInvalidFeature);
  refused(
      id, [](JobSpec& f) { f.licenses = "foo:1"; }, Errno::kInvalidLicense);
  refused(
      id, [](JobSpec& f) { f.reservation = "nope"; }, Errno::kInvalidReservation);
  refused(
      id, [](JobSpec& f) { f.burst_buffer = "x"; }, Errno::kNotSupported);
  // These refusals change nothing, not even the name.
  EXPECT_EQ(job(id).name, "mine");
  EXPECT_FALSE(job(id).spec.constraints.has_value());
  EXPECT_EQ(job(running).cpus, 1);
  // These come after a given name is applied, as on the oracle (whose API renames the job).
  refused(
      id,
      [](JobSpec& f) {
        f.tasks_per_node = 2;
        f.name = "renamed";
      },
      Errno::kAccessDenied);
  EXPECT_EQ(job(id).name, "renamed");
  EXPECT_FALSE(job(id).spec.tasks_per_node.has_value());
  const uint32_t second = submit(held);
  refused(
      second, [](JobSpec& f) { f.dependency = "bogus"; }, Errno::kDependency);
  EXPECT_EQ(job(second).name, "mine");  // an update that gives no name keeps the name
  refused(
      second,
      [](JobSpec& f) {
        f.dependency = "bogus";
        f.name = "other";
      },
      Errno::kDependency);
  EXPECT_EQ(job(second).name, "other");
  EXPECT_FALSE(job(second).spec.dependency.has_value());
  // An administrator may.
  JobUpdate u;
  u.fields.nice = -5;
  EXPECT_TRUE(sim_.update(id, u, kRoot).ok());
  EXPECT_EQ(job(id).spec.nice, -5);
}

// nice moves a waiting job's priority by the change (oracle: nice 10 lowers it by 10).
TEST_F(SimulatorTest, NiceMovesAWaitingJobsPriorityByTheChange) {
  JobSpec big = script("sleep 50");
  big.nodes = "10";
  big.tasks_per_node = 2;
  submit(big);
  const uint32_t id = submit(script("sleep 1"));
  ASSERT_EQ(job(id).state, JobState::kPending);
  const uint32_t p = job(id).priority;
  JobUpdate u;
  u.fields.nice = 10;
  ASSERT_TRUE(sim_.update(id, u, kUser).ok());
  EXPECT_EQ(job(id).priority, p - 10);
  EXPECT_EQ(job(id).spec.nice, 10);
  ASSERT_TRUE(sim_.update(id, u, kUser).ok());  // the same nice again: no change
  EXPECT_EQ(job(id).priority, p - 10);
  u.fields.nice = 0;
  ASSERT_TRUE(sim_.update(id, u, kRoot).ok());
  EXPECT_EQ(job(id).priority, p);
}

// A dependency set by an update holds the job like one given at submission; a bare job id
// means afterany, and "" clears it.
TEST_F(SimulatorTest, ADependencySetByAnUpdateHoldsTheJob) {
  JobSpec held = script("sleep 1");
  held.hold = true;
  const uint32_t first = submit(held);
  JobSpec waiting = script("sleep 1");
  waiting.begin_time = "2038-01-01T00:00:00";
  const uint32_t id = submit(waiting);
  JobUpdate u;
  u.fields.dependency = std::to_string(first);
  u.fields.begin_time = "";
  ASSERT_TRUE(sim_.update(id, u, kUser).ok());
  EXPECT_EQ(job(id).state, JobState::kPending);
  EXPECT_EQ(job(id).state_reason, "Dependency");
  u = JobUpdate();
  u.fields.dependency = "";
  ASSERT_TRUE(sim_.update(id, u, kUser).ok());
  EXPECT_EQ(job(id).state, JobState::kRunning);
}

TEST_F(SimulatorTest, SubmitValidation) {
  SubmitResult r;
  JobSpec s = script("sleep 1");
  s.partition = "nope";
  EXPECT_EQ(sim_.submit(s, kUser, &r).code(), Errno::kInvalidPartitionName);
  s = script("sleep 1");
  s.cpus_per_task = 4;
  EXPECT_EQ(sim_.submit(s, kUser, &r).code(), Errno::kRequestedNodeConfigUnavailable);
  s = script("sleep 1");
  s.memory_per_node = 5000;
  EXPECT_EQ(sim_.submit(s, kUser, &r).code(), Errno::kRequestedNodeConfigUnavailable);
  s = script("sleep 1");
  s.nodes = "3-1";
  EXPECT_EQ(sim_.submit(s, kUser, &r).code(), Errno::kInvalidNodeCount);
  s = script("sleep 1");
  s.dependency = "whenever:1";
  EXPECT_EQ(sim_.submit(s, kUser, &r).code(), Errno::kDependency);
  // The node selection refusals left FAILED BadConstraints records (oracle); the others none.
  ASSERT_EQ(sim_.jobs().size(), 3u);
  for (const Job* j : sim_.jobs()) {
    EXPECT_EQ(j->state, JobState::kFailed);
    EXPECT_EQ(j->state_reason, "BadConstraints");
    EXPECT_EQ(j->exit_status, 1);
    EXPECT_TRUE(j->allocation.empty());
    EXPECT_NE(j->priority, 0u);
  }
  EXPECT_EQ(job(1).cpus, 4);  // the record shows the CPUs asked for (oracle, cpus_per_task 2)
  EXPECT_EQ(sim_.stats().jobs_submitted, 3u);
  EXPECT_EQ(sim_.stats().jobs_started, 0u);
  sim_.advance(600);  // MinJobAge (the fixture's 600 s)
  EXPECT_TRUE(sim_.jobs().empty());
  // Too many nodes: the oracle creates the job, leaves it pending and still reports 2015.
  s = script("sleep 1");
  s.nodes = "11";
  Status st = sim_.submit(s, kUser, &r);
  EXPECT_EQ(st.code(), Errno::kRequestedPartConfigUnavailable);
  EXPECT_EQ(st.message(), "Requested partition configuration not available now");
  ASSERT_EQ(r.job_id, 5u);  // the four refusals after the partition check used up ids 1-4
  EXPECT_EQ(job(5).state, JobState::kPending);
  EXPECT_EQ(job(5).state_reason, "PartitionNodeLimit");
  s.nodes.reset();
  s.tasks = 30;  // 30 tasks on 2-CPU nodes need 15 nodes
  EXPECT_EQ(sim_.submit(s, kUser, &r).code(), Errno::kRequestedPartConfigUnavailable);
  EXPECT_EQ(job(r.job_id).node_count, 15);
  EXPECT_EQ(job(r.job_id).cpus, 30);
}

TEST(SimulatorLimits, PartitionTimeLimitAndDefaultTime) {
  ClusterConfig c = parse_slurm_conf(
      "NodeName=n[1-2] CPUs=1\nPartitionName=p Nodes=n[1-2] Default=YES MaxTime=10 DefaultTime=5\n",
      "t");
  Simulator sim(c, {.start_time = kT0});
  SubmitResult r;
  JobSpec s = script("sleep 1000");
  ASSERT_TRUE(sim.submit(s, kUser, &r).ok());
  EXPECT_EQ(sim.find_job(r.job_id)->time_limit, 5);
  s.time_limit = 11;
  EXPECT_EQ(sim.submit(s, kUser, &r).code(), Errno::kRequestedPartConfigUnavailable);
  EXPECT_EQ(sim.find_job(r.job_id)->state_reason, "PartitionTimeLimit");
  // Lowering the limit by update lets it run.
  JobUpdate u;
  u.fields.time_limit = 10;
  ASSERT_TRUE(sim.update(r.job_id, u, kUser).ok());
  EXPECT_EQ(sim.find_job(r.job_id)->state, JobState::kRunning);
  sim.advance(300);
  EXPECT_EQ(sim.find_job(1)->state, JobState::kTimeout);
}

TEST(SimulatorLimits, NoDefaultPartition) {
  Simulator sim(parse_slurm_conf("NodeName=n1\nPartitionName=p Nodes=n1\n", "t"),
                {.start_time = kT0});
  SubmitResult r;
  EXPECT_EQ(sim.submit(script("sleep 1"), kUser, &r).code(), Errno::kDefaultPartitionNotSet);
}

TEST_F(SimulatorTest, HoldReleaseAndUpdate) {
  JobSpec s = script("sleep 10");
  s.hold = true;
  uint32_t id = submit(s);
  JobUpdate u;
  u.fields.name = "renamed";
  u.fields.comment = "hello";
  u.fields.time_limit = 30;
  ASSERT_TRUE(sim_.update(id, u, kUser).ok());
  EXPECT_EQ(job(id).name, "renamed");
  EXPECT_EQ(job(id).spec.comment, "hello");
  EXPECT_EQ(job(id).time_limit, 30);
  EXPECT_EQ(job(id).state, JobState::kPending);
  JobUpdate part;
  part.fields.partition = "nope";
  EXPECT_EQ(sim_.update(id, part, kUser).code(), Errno::kInvalidPartitionName);
  part.fields.partition = "queue2";
  ASSERT_TRUE(sim_.update(id, part, kUser).ok());
  EXPECT_EQ(sim_.update(id, u, kOther).code(), Errno::kAccessDenied);
  JobUpdate prio;
  prio.fields.priority = 5;
  // A user's priority on a held job (measured: the daemon's conformance recording).
  EXPECT_EQ(sim_.update(id, prio, kUser).code(), Errno::kJobHeld);
  JobUpdate release;
  release.fields.hold = false;
  sim_.advance(7);
  ASSERT_TRUE(sim_.update(id, release, kUser).ok());
  EXPECT_EQ(job(id).state, JobState::kRunning);
  EXPECT_EQ(job(id).partition, "queue2");
  EXPECT_EQ(job(id).eligible_time, kT0 + 7);
  EXPECT_EQ(job(id).end_time, kT0 + 7 + 30 * 60);
  part.fields.partition = "queue1";
  EXPECT_EQ(sim_.update(id, part, kUser).code(), Errno::kJobNotPending);
  EXPECT_EQ(sim_.update(999, u, kUser).code(), Errno::kInvalidJobId);
  sim_.advance(10);
  EXPECT_EQ(sim_.update(id, u, kUser).code(), Errno::kJobFinished);
}

TEST_F(SimulatorTest, Dependencies) {
  uint32_t a = submit(script("sleep 10"));
  JobSpec ok = script("sleep 5");
  ok.dependency = "afterok:" + std::to_string(a);
  uint32_t b = submit(ok);
  JobSpec notok = script("sleep 5");
  notok.dependency = "afternotok:" + std::to_string(a);
  uint32_t c = submit(notok);
  EXPECT_EQ(job(b).state_reason, "Dependency");
  EXPECT_EQ(job(b).eligible_time, 0);
  sim_.advance(10);
  EXPECT_EQ(job(b).state, JobState::kRunning);
  EXPECT_EQ(job(b).eligible_time, kT0 + 10);
  EXPECT_EQ(job(c).state, JobState::kPending);
  EXPECT_EQ(job(c).state_reason, "DependencyNeverSatisfied");
}

TEST_F(SimulatorTest, BeginTime) {
  JobSpec s = script("sleep 5");
  s.begin_time = "now+60";
  uint32_t id = submit(s);
  EXPECT_EQ(job(id).state_reason, "BeginTime");
  EXPECT_EQ(sim_.next_event_time(), kT0 + 60);
  sim_.advance(60);
  EXPECT_EQ(job(id).state, JobState::kRunning);
  s.begin_time = "tomorrowish";
  SubmitResult r;
  EXPECT_EQ(sim_.submit(s, kUser, &r).code(), Errno::kInvalidTimeValue);
  // Slurm's other forms resolve against the simulated now (kT0 + 60 = 2023-11-14T22:14:20Z).
  s.begin_time = "uts" + std::to_string(kT0 + 600);
  EXPECT_EQ(job(submit(s)).begin_time, kT0 + 600);
  s.begin_time = "now + 2 hours";
  EXPECT_EQ(job(submit(s)).begin_time, kT0 + 60 + 7200);
  // Held, it still shows its begin time as eligible and expected start (oracle).
  s.hold = true;
  s.begin_time = "now+3600";
  const Job& held = job(submit(s));
  EXPECT_EQ(held.eligible_time, kT0 + 60 + 3600);
  EXPECT_EQ(held.start_time, kT0 + 60 + 3600);
  EXPECT_EQ(held.accrue_time, 0);
}

// A deadline resolves at submit and shows (it is not enforced); one already past is refused
// with 2051, as on the real 22.05 daemon ("now" is accepted, "now-60" is not).
TEST_F(SimulatorTest, DeadlineResolvesAtSubmitAndAPastOneIsRefused) {
  JobSpec s = script("sleep 5");
  s.deadline = "now+1hour";
  EXPECT_EQ(job(submit(s)).deadline, kT0 + 3600);
  s.deadline = "now";
  EXPECT_EQ(job(submit(s)).deadline, kT0);
  SubmitResult r;
  s.deadline = "now-60";
  EXPECT_EQ(sim_.submit(s, kUser, &r).code(), Errno::kInvalidTimeLimit);
  s.deadline = "later";
  EXPECT_EQ(sim_.submit(s, kUser, &r).code(), Errno::kInvalidTimeValue);
  EXPECT_EQ(job(submit(script("sleep 5"))).deadline, 0);
}

TEST_F(SimulatorTest, NodeFaults) {
  uint32_t id = submit(script("sleep 100"));
  ASSERT_TRUE(sim_.set_node_state("queue1-dy-t3micro-2", "drain", "maintenance").ok());
  // Drain is a flag: the base state stays idle.
  EXPECT_TRUE(sim_.find_node("queue1-dy-t3micro-2")->drain);
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-2")->base, NodeBase::kIdle);
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-2")->reason, "maintenance");
  ASSERT_TRUE(sim_.set_node_state("queue1-dy-t3micro-1", "down", "broken").ok());
  EXPECT_EQ(job(id).state, JobState::kNodeFail);
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-1")->base, NodeBase::kDown);
  // With nodes 1 and 2 out, the next job lands on node 3.
  EXPECT_EQ(job(submit(script("sleep 1"))).nodes, "queue1-dy-t3micro-3");
  ASSERT_TRUE(sim_.set_node_state("queue1-dy-t3micro-1", "resume", "").ok());
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-1")->base, NodeBase::kIdle);
  EXPECT_EQ(sim_.set_node_state("nope", "down", "").code(), Errno::kInvalidNodeName);
  EXPECT_EQ(sim_.set_node_state("queue1-dy-t3micro-1", "sideways", "").code(),
            Errno::kInvalidNodeState);
}

TEST_F(SimulatorTest, GenerationResetAndStep) {
  uint64_t g0 = sim_.generation();
  uint32_t id = submit(script("sleep 10"));
  EXPECT_GT(sim_.generation(), g0);
  uint64_t g1 = sim_.generation();
  sim_.advance(5);
  EXPECT_EQ(sim_.generation(), g1);  // nothing visible happened
  ASSERT_TRUE(sim_.step());
  EXPECT_EQ(sim_.now(), kT0 + 10);
  EXPECT_EQ(job(id).state, JobState::kCompleted);
  EXPECT_GT(sim_.generation(), g1);
  EXPECT_FALSE(sim_.event_log().empty());
  sim_.reset();
  EXPECT_TRUE(sim_.jobs().empty());
  EXPECT_EQ(sim_.now(), kT0 + 10);
  EXPECT_FALSE(sim_.step());
  EXPECT_EQ(submit(script("sleep 1")), 1u);
  EXPECT_EQ(job(1).priority, 0xFFFF0000u - 1);
}

TEST_F(SimulatorTest, TimeOnlyMovesForward) {
  sim_.run_until(kT0 - 100);
  EXPECT_EQ(sim_.now(), kT0);
  sim_.advance(0);
  EXPECT_EQ(sim_.now(), kT0);
}

// The event log keeps only the newest events: a mock serving for days must not grow with every
// job it ever ran (found by the soak test, docs/hardening.md).
TEST_F(SimulatorTest, EventLogKeepsTheNewestEvents) {
  uint32_t last_id = 0;
  while (sim_.event_log().size() < kDefaultEventLogLimit) {
    last_id = submit(script("sleep 1"));
    while (sim_.step()) {}
  }
  for (int i = 0; i < 500; ++i) {
    last_id = submit(script("sleep 1"));
    while (sim_.step()) {}
  }
  ASSERT_EQ(sim_.event_log().size(), kDefaultEventLogLimit);
  bool newest_kept = false;
  for (const SimEvent& e : sim_.event_log())
    newest_kept = newest_kept || e.what.rfind("job " + std::to_string(last_id) + " ", 0) == 0;
  EXPECT_TRUE(newest_kept);
  EXPECT_NE(sim_.event_log().front().what, "job 1 submitted to queue1");
}

TEST_F(SimulatorTest, HundredQuickJobs) {
  std::vector<uint32_t> ids;
  for (int i = 0; i < 100; ++i) ids.push_back(submit(script("sleep " + std::to_string(1 + i % 7))));
  for (size_t i = 1; i < ids.size(); ++i) EXPECT_EQ(ids[i], ids[i - 1] + 1);
  int running = 0;
  for (const Job* j : sim_.jobs()) running += j->state == JobState::kRunning;
  EXPECT_EQ(running, 20);  // 10 nodes x 2 CPUs
  while (sim_.step()) {
    int busy = 0;
    for (const Node& n : sim_.nodes()) {
      EXPECT_LE(n.alloc_cpus, n.config.cpus);
      busy += n.alloc_cpus;
    }
    EXPECT_LE(busy, 20);
  }
  EXPECT_TRUE(sim_.jobs().empty());  // all completed and purged
  EXPECT_EQ(sim_.stats().jobs_submitted, 100u);
  EXPECT_EQ(sim_.stats().jobs_started, 100u);
  EXPECT_EQ(sim_.stats().jobs_completed, 100u);
  // FIFO: jobs started in id order (the log says so).
  uint32_t last = 0;
  for (const SimEvent& e : sim_.event_log()) {
    if (e.what.find(" RUNNING on ") == std::string::npos) continue;
    uint32_t id = static_cast<uint32_t>(std::stoul(e.what.substr(4)));
    EXPECT_GT(id, last);
    last = id;
  }
  EXPECT_EQ(last, 100u);
}

// --- job arrays (facts from the oracle, Slurm 22.05.8, MaxArraySize=1001) ---

JobSpec array(const std::string& expr, const std::string& body) {
  JobSpec s = script(body);
  s.array = expr;
  return s;
}

TEST_F(SimulatorTest, ArraySplitsTasksInIndexOrderAndTheMetaIdRunsTheLastTask) {
  // Oracle: array "1-3" got 348; tasks 1 and 2 split off as 349 and 350, 348 ran task 3.
  uint32_t meta = submit(array("1-3", "sleep 20"));
  ASSERT_EQ(meta, 1u);
  ASSERT_EQ(sim_.jobs().size(), 3u);
  const uint32_t prio = 0xFFFF0000u - 1;
  struct Want {
    uint32_t id, task;
    const char* node;
  };
  for (Want w : {Want{2, 1, "queue1-dy-t3micro-1"}, Want{3, 2, "queue1-dy-t3micro-1"},
                 Want{1, 3, "queue1-dy-t3micro-2"}}) {
    const Job& t = job(w.id);
    EXPECT_EQ(t.array_job_id, meta) << w.id;
    EXPECT_EQ(t.array_task_id, std::optional<uint32_t>(w.task)) << w.id;
    EXPECT_EQ(t.array_task_string, "") << w.id;
    EXPECT_EQ(t.array_max_tasks, 0u) << w.id;
    EXPECT_EQ(t.state, JobState::kRunning) << w.id;
    EXPECT_EQ(t.nodes, w.node) << w.id;
    EXPECT_EQ(t.priority, prio) << w.id;  // one priority value for the whole array
    EXPECT_EQ(t.start_time, kT0) << w.id;
  }
  // The array took one priority value; the next job takes the next one.
  uint32_t plain = submit(script("sleep 1"));
  EXPECT_EQ(plain, 4u);
  EXPECT_EQ(job(plain).priority, prio - 1);
  EXPECT_EQ(job(plain).array_job_id, 0u);
  EXPECT_EQ(job(plain).array_task_id, std::nullopt);
  sim_.advance(20);
  for (uint32_t id : {1u, 2u, 3u}) {
    EXPECT_EQ(job(id).state, JobState::kCompleted) << id;
    EXPECT_EQ(job(id).end_time, kT0 + 20) << id;
  }
  EXPECT_EQ(sim_.stats().jobs_submitted, 4u);  // every record, split tasks too (oracle)
  EXPECT_EQ(sim_.stats().jobs_started, 4u);
}

TEST_F(SimulatorTest, ArrayExpressionsPackIntoTheHeldMetaRecordAsTheOracleShows) {
  // expression -> array_task_string / array_max_tasks of the held meta record (all seen live).
  struct Case {
    const char* expr;
    const char* packed;
    uint32_t max;
  };
  const Case cases[] = {
      {"1-3", "1-3", 0},
      {"0-9:2", "0,2,4,6,8", 0},
      {"1,3,5", "1,3,5", 0},
      {"1-5%2", "1-5%2", 2},
      {"1-3,7", "1-3,7", 0},
      {"1-3,2-4", "1-4", 0},
      {"5,1,3", "1,3,5", 0},
      {"0-8:3,20", "0,3,6,20", 0},
      {"1-3:1", "1-3", 0},
      {"7", "7", 0},
      {"0-1000", "0-1000", 0},
      {"1-3%0", "1-3", 0},
      {"%2", "0%2", 2},
      {"1,,3", "1,3", 0},
      {" 1-3", "1-3", 0},
      {"0-9:2%3", "0,2,4,6,8%3", 3},
      {"1-5%1000", "1-5%1000", 1000},
      {"0", "0", 0},
      {"[1-3]", "1-3", 0},
      {"1-3]", "1-3", 0},
      {"%", "0", 0},
      {"1-3%", "1-3", 0},
      {"1-3%x", "1-3", 0},
      {"1-3%-1", "1-3", 0},
      {"1-3:2]", "1,3", 0},
      {"+1-3", "1-3", 0},
      {"1-+3", "1-3", 0},
      {"01-03", "1-3", 0},
      {"1-3%2%3", "1-3%2", 2},
      {"1-3,%2", "0-3%2", 2},
      {"1-3:1000", "1", 0},
      {"0-1000:500", "0,500,1000", 0},
      {"1-3%2x", "1-3%2", 2},
  };
  for (const Case& c : cases) {
    JobSpec s = array(c.expr, "sleep 20");
    s.hold = true;
    uint32_t id = submit(s);
    const Job& j = job(id);
    EXPECT_EQ(j.array_job_id, id) << c.expr;
    EXPECT_EQ(j.array_task_id, std::nullopt) << c.expr;
    EXPECT_EQ(j.array_task_string, c.packed) << c.expr;
    EXPECT_EQ(j.array_max_tasks, c.max) << c.expr;
    EXPECT_EQ(j.state, JobState::kPending) << c.expr;
    EXPECT_EQ(j.state_reason, "JobHeldUser") << c.expr;
  }
  EXPECT_EQ(sim_.jobs().size(), std::size(cases));  // a held array stays one record

  // Nothing left after the commas: a plain job, not an array.
  for (const char* expr : {",", ""}) {
    const Job& j = job(submit(array(expr, "sleep 20")));
    EXPECT_EQ(j.array_job_id, 0u) << expr;
    EXPECT_EQ(j.array_task_string, "") << expr;
  }

  // Rejected with 2081 and no job created (no id consumed either).
  uint32_t next = static_cast<uint32_t>(sim_.jobs().size()) + 1;
  for (const char* bad : {"0-1001", "x", "1-100000", "3-1", "1-2:0", "1-3 ", "1-5:2:3", "-1", "1-",
                          "4294967294", "1-3;4", "1:2", "1-3:1001", "1001", "1 -3"}) {
    SubmitResult r;
    Status st = sim_.submit(array(bad, "sleep 1"), kUser, &r);
    EXPECT_EQ(st.code(), Errno::kInvalidArray) << bad;
    EXPECT_EQ(st.message(), "Invalid job array specification") << bad;
    EXPECT_EQ(r.job_id, 0u) << bad;
  }
  EXPECT_EQ(sim_.jobs().size(), next - 1);
  EXPECT_EQ(submit(script("sleep 1")), next);
}

TEST_F(SimulatorTest, ArrayStepExpandsToEveryStepIndex) {
  uint32_t meta = submit(array("0-9:2", "sleep 4"));
  ASSERT_EQ(sim_.jobs().size(), 5u);
  // ids 2..5 run indices 0,2,4,6; the meta record runs 8 (oracle: 392-395 and 388).
  uint32_t index = 0;
  for (uint32_t id = 2; id <= 5; ++id, index += 2) {
    EXPECT_EQ(job(id).array_task_id, std::optional<uint32_t>(index));
    EXPECT_EQ(job(id).array_job_id, meta);
  }
  EXPECT_EQ(job(meta).array_task_id, std::optional<uint32_t>(8u));
  EXPECT_EQ(job(meta).array_task_string, "");
  EXPECT_EQ(job(2).nodes, "queue1-dy-t3micro-1");
  EXPECT_EQ(job(3).nodes, "queue1-dy-t3micro-1");
  EXPECT_EQ(job(meta).nodes, "queue1-dy-t3micro-3");
}

TEST_F(SimulatorTest, ArrayThrottleKeepsAtMostNTasksRunning) {
  // Oracle, "1-5%2" with sleep 6: two tasks run, the meta waits with JobArrayTaskLimit.
  uint32_t meta = submit(array("1-5%2", "sleep 6"));
  EXPECT_EQ(job(2).array_task_id, std::optional<uint32_t>(1u));
  EXPECT_EQ(job(3).array_task_id, std::optional<uint32_t>(2u));
  EXPECT_EQ(job(2).array_max_tasks, 2u);  // tasks keep the throttle value
  const Job& m = job(meta);
  EXPECT_EQ(m.state, JobState::kPending);
  EXPECT_EQ(m.state_reason, "JobArrayTaskLimit");
  EXPECT_EQ(m.array_task_string, "3-5%2");
  EXPECT_EQ(m.array_task_id, std::nullopt);
  EXPECT_EQ(m.array_max_tasks, 2u);
  // A plain job behind it is not blocked by the throttle.
  uint32_t plain = submit(script("sleep 1"));
  EXPECT_EQ(job(plain).state, JobState::kRunning);

  sim_.advance(6);  // tasks 1 and 2 end; 3 and 4 split off; the meta now holds only task 5
  EXPECT_EQ(job(2).state, JobState::kCompleted);
  EXPECT_EQ(job(5).array_task_id, std::optional<uint32_t>(3u));
  EXPECT_EQ(job(6).array_task_id, std::optional<uint32_t>(4u));
  EXPECT_EQ(job(5).state, JobState::kRunning);
  EXPECT_EQ(job(meta).state, JobState::kPending);
  EXPECT_EQ(job(meta).state_reason, "JobArrayTaskLimit");
  EXPECT_EQ(job(meta).array_task_id, std::optional<uint32_t>(5u));  // as the oracle showed
  EXPECT_EQ(job(meta).array_task_string, "");

  sim_.advance(6);
  EXPECT_EQ(job(meta).state, JobState::kRunning);
  EXPECT_EQ(job(meta).start_time, kT0 + 12);
  EXPECT_EQ(sim_.jobs().size(), 6u);  // 5 tasks + the plain job: no record beyond the array
  sim_.advance(6);
  EXPECT_EQ(job(meta).state, JobState::kCompleted);
}

TEST_F(SimulatorTest, ArrayTasksKeepTheScriptsExitCode) {
  // Oracle: "1-2" running `sleep 2; exit 3` -> both tasks FAILED, NonZeroExitCode, 768.
  uint32_t meta = submit(array("1-2", "sleep 2\nexit 3"));
  sim_.advance(2);
  for (uint32_t id : {meta, 2u}) {
    const Job& t = job(id);
    EXPECT_EQ(t.state, JobState::kFailed) << id;
    EXPECT_EQ(t.state_reason, "NonZeroExitCode") << id;
    EXPECT_EQ(t.exit_status, 3 << 8) << id;
    EXPECT_EQ(t.end_time, kT0 + 2) << id;
  }
  EXPECT_EQ(job(2).array_task_id, std::optional<uint32_t>(1u));
  EXPECT_EQ(job(meta).array_task_id, std::optional<uint32_t>(2u));
}

TEST_F(SimulatorTest, CancellingTheArrayIdCancelsEveryTaskButATasksOwnIdIsInvalid) {
  // Oracle: "1-12" with cpus_per_task=2 fills the nodes; the rest waits in the meta record.
  JobSpec s = array("1-12", "sleep 30");
  s.cpus_per_task = 2;
  uint32_t meta = submit(s);
  ASSERT_EQ(sim_.jobs().size(), 11u);
  for (uint32_t id = 2; id <= 11; ++id) EXPECT_EQ(job(id).state, JobState::kRunning) << id;
  EXPECT_EQ(job(11).array_task_id, std::optional<uint32_t>(10u));
  EXPECT_EQ(job(meta).state_reason, "Resources");
  EXPECT_EQ(job(meta).array_task_string, "11-12");

  // DELETE /job/<task's own id>: HTTP 500 "Invalid job id specified"; the task keeps running.
  EXPECT_EQ(sim_.signal(2, 9, kUser).code(), Errno::kInvalidJobId);
  EXPECT_EQ(sim_.signal(2, 10, kUser).code(), Errno::kInvalidJobId);
  EXPECT_EQ(job(2).state, JobState::kRunning);
  EXPECT_EQ(sim_.signal(meta, 9, kOther).code(), Errno::kAccessDenied);

  sim_.advance(5);
  ASSERT_TRUE(sim_.signal(meta, 9, kUser).ok());
  for (uint32_t id = 2; id <= 11; ++id) {
    EXPECT_EQ(job(id).state, JobState::kCancelled) << id;
    EXPECT_EQ(job(id).exit_status, 15) << id;
    EXPECT_EQ(job(id).end_time, kT0 + 5) << id;
  }
  const Job& m = job(meta);
  EXPECT_EQ(m.state, JobState::kCancelled);
  EXPECT_EQ(m.exit_status, 0);
  EXPECT_EQ(m.state_reason, "Resources");   // kept, as for any pending job
  EXPECT_EQ(m.array_task_string, "11-12");  // kept
  EXPECT_EQ(m.array_task_id, std::nullopt);
  for (const Node& n : sim_.nodes()) EXPECT_EQ(n.alloc_cpus, 0) << n.config.name;
  EXPECT_EQ(sim_.jobs().size(), 11u);             // nothing else started
  EXPECT_TRUE(sim_.signal(meta, 9, kUser).ok());  // late cancel: quiet
}

TEST_F(SimulatorTest, CancellingTheArrayIdAfterTheMetaBecameATask) {
  // Oracle: "1-3" all running (meta = task 3); DELETE of the meta id cancels all three.
  uint32_t meta = submit(array("1-3", "sleep 30"));
  ASSERT_TRUE(sim_.signal(meta, 9, kUser).ok());
  for (uint32_t id : {1u, 2u, 3u}) {
    EXPECT_EQ(job(id).state, JobState::kCancelled) << id;
    EXPECT_EQ(job(id).exit_status, 15) << id;
  }
}

TEST_F(SimulatorTest, HeldArrayReleasedThenSplits) {
  JobSpec s = array("1-3", "sleep 5");
  s.hold = true;
  uint32_t meta = submit(s);
  EXPECT_EQ(sim_.jobs().size(), 1u);
  EXPECT_EQ(job(meta).priority, 0u);
  JobUpdate release;
  release.fields.hold = false;
  ASSERT_TRUE(sim_.update(meta, release, kUser).ok());
  ASSERT_EQ(sim_.jobs().size(), 3u);
  EXPECT_EQ(job(meta).array_task_id, std::optional<uint32_t>(3u));
  EXPECT_EQ(job(2).array_task_id, std::optional<uint32_t>(1u));
  EXPECT_EQ(job(2).priority, job(meta).priority);
  EXPECT_NE(job(meta).priority, 0u);
}

TEST_F(SimulatorTest, DependencyOnAnArrayIdWaitsForEveryTask) {
  uint32_t meta = submit(array("1-2%1", "sleep 5"));  // task 1 runs 0-5 s, task 2 5-10 s
  JobSpec after = script("sleep 1");
  after.dependency = "afterok:" + std::to_string(meta);
  uint32_t dep = submit(after);
  EXPECT_EQ(job(dep).state_reason, "Dependency");
  sim_.advance(5);
  EXPECT_EQ(job(meta).state, JobState::kRunning);
  EXPECT_EQ(job(dep).state, JobState::kPending);
  sim_.advance(5);
  EXPECT_EQ(job(meta).state, JobState::kCompleted);
  EXPECT_EQ(job(dep).state, JobState::kRunning);
}

// Oracle (Slurm 22.05.8, select/cons_tres CR_CPU, 2-CPU nodes): 1-CPU jobs fill a half-used node
// first (the second gets CPU/socket 1); a 2-task job packs onto one node; a 3-task job takes the
// first sufficient run of consecutive nodes; nodes=2 takes the half-used node 6 and node 7.
TEST_F(SimulatorTest, PlacementIsBestFitLikeConsTres) {
  auto node_of = [&](uint32_t id) { return job(id).nodes; };
  auto cpus_of = [&](uint32_t id, size_t i) { return job(id).allocation.at(i).cpu_ids; };
  std::vector<uint32_t> one;
  for (int k = 0; k < 5; ++k) one.push_back(submit(script("sleep 300")));
  EXPECT_EQ(node_of(one[0]), "queue1-dy-t3micro-1");
  EXPECT_EQ(cpus_of(one[0], 0), std::vector<int>{0});
  EXPECT_EQ(node_of(one[1]), "queue1-dy-t3micro-1");
  EXPECT_EQ(cpus_of(one[1], 0), std::vector<int>{1});
  EXPECT_EQ(node_of(one[2]), "queue1-dy-t3micro-2");
  EXPECT_EQ(node_of(one[3]), "queue1-dy-t3micro-2");
  EXPECT_EQ(node_of(one[4]), "queue1-dy-t3micro-3");
  JobSpec t2 = script("sleep 300");
  t2.tasks = 2;
  uint32_t two = submit(t2);
  EXPECT_EQ(node_of(two), "queue1-dy-t3micro-4");
  EXPECT_EQ(job(two).node_count, 1);
  EXPECT_EQ(cpus_of(two, 0), (std::vector<int>{0, 1}));
  JobSpec t3 = script("sleep 300");
  t3.tasks = 3;
  uint32_t three = submit(t3);
  EXPECT_EQ(node_of(three), "queue1-dy-t3micro-[5-6]");
  EXPECT_EQ(job(three).allocation.at(0).cpus, 2);
  EXPECT_EQ(job(three).allocation.at(1).cpus, 1);
  JobSpec n2 = script("sleep 300");
  n2.nodes = "2";
  uint32_t nodes2 = submit(n2);
  EXPECT_EQ(node_of(nodes2), "queue1-dy-t3micro-[6-7]");
  EXPECT_EQ(cpus_of(nodes2, 0), std::vector<int>{1});
  EXPECT_EQ(cpus_of(nodes2, 1), std::vector<int>{0});
  // Freed CPUs are handed out again, lowest first.
  sim_.signal(one[0], 9, kUser);
  uint32_t again = submit(script("sleep 300"));
  EXPECT_EQ(node_of(again), "queue1-dy-t3micro-1");
  EXPECT_EQ(cpus_of(again, 0), std::vector<int>{0});
}

// Oracle: nodes "2-3" on an idle partition runs on 3 nodes with 3 tasks; a pending job shows
// its requested maximum as max_nodes, a started one 0.
TEST_F(SimulatorTest, NodeRangeTakesItsMaximumAndMaxNodesClearsAtStart) {
  JobSpec r = script("sleep 300");
  r.nodes = "2-3";
  uint32_t id = submit(r);
  EXPECT_EQ(job(id).node_count, 3);
  EXPECT_EQ(job(id).tasks, 3);
  EXPECT_EQ(job(id).cpus, 3);
  EXPECT_EQ(job(id).max_nodes, 0);
  JobSpec held = script("sleep 1");
  held.nodes = "2-3";
  held.hold = true;
  uint32_t h = submit(held);
  EXPECT_EQ(job(h).max_nodes, 3);
  EXPECT_EQ(job(h).node_count, 2);
  JobSpec minus = script("sleep 1");
  minus.nodes = "-3";  // the oracle reads this as 3 nodes
  uint32_t m = submit(minus);
  EXPECT_EQ(job(m).node_count, 3);
}

// Oracle: which refusals use up a job id and a priority value.
TEST_F(SimulatorTest, RefusedSubmissionsConsumeIdsAndPrioritiesLikeSlurmctld) {
  SubmitResult r;
  uint32_t a = submit(script("sleep 1"));  // id 1, top - 1
  auto refuse = [&](JobSpec s, Errno e) { EXPECT_EQ(sim_.submit(s, kUser, &r).code(), e); };
  JobSpec s = script("sleep 1");
  s.licenses = "x";
  refuse(s, Errno::kInvalidLicense);  // nothing used
  s = script("sleep 1");
  s.nice = -1;
  refuse(s, Errno::kInvalidNice);  // nothing used
  s = script("sleep 1");
  s.reservation = "x";
  refuse(s, Errno::kInvalidReservation);  // id 2
  s = script("sleep 1");
  s.dependency = "x";
  refuse(s, Errno::kDependency);  // id 3
  s = script("sleep 1");
  s.constraints = "nope";
  refuse(s, Errno::kInvalidFeature);  // id 4
  s = script("sleep 1");
  s.memory_per_node = 5000;
  refuse(s, Errno::kRequestedNodeConfigUnavailable);  // id 5, top - 2
  s = script("sleep 1");
  s.nodes = "0";
  refuse(s, Errno::kInvalidNodeCount);  // id 6, top - 3
  JobSpec held = script("sleep 1");
  held.hold = true;
  uint32_t h = submit(held);               // id 7, no priority
  uint32_t b = submit(script("sleep 1"));  // id 8, top - 4
  EXPECT_EQ(a, 1u);
  EXPECT_EQ(h, 7u);
  EXPECT_EQ(b, 8u);
  EXPECT_EQ(job(b).priority, job(a).priority - 3);
  JobSpec nice = script("sleep 1");
  nice.nice = 10;
  uint32_t n = submit(nice);  // top - 5, minus nice
  EXPECT_EQ(job(n).priority, job(a).priority - 4 - 10);
}

// Oracle: a dependency on an unknown job is dropped; an ISO begin time is accepted and the job
// waits with eligible = accrue = expected start = that time.
TEST_F(SimulatorTest, UnknownDependencyIsDroppedAndIsoBeginTimeWorks) {
  JobSpec d = script("sleep 1");
  d.dependency = "afterok:999999";
  uint32_t id = submit(d);
  EXPECT_EQ(job(id).state, JobState::kRunning);
  JobSpec b = script("sleep 1");
  b.begin_time = "2030-01-01T00:00:00";
  uint32_t later = submit(b);
  std::tm tm{};
  tm.tm_year = 130;
  tm.tm_mday = 1;
  tm.tm_isdst = -1;
  SimTime want = std::mktime(&tm);
  EXPECT_EQ(job(later).state, JobState::kPending);
  EXPECT_EQ(job(later).state_reason, "BeginTime");
  EXPECT_EQ(job(later).eligible_time, want);
  EXPECT_EQ(job(later).accrue_time, 0);  // not accruing until then (oracle)
  EXPECT_EQ(job(later).start_time, want);
}

// Oracle: a script without "#!" fails at once with wait status 2048; an empty one is launched,
// fails and is requeued held.
TEST_F(SimulatorTest, ScriptsWithoutInterpreterFailAndEmptyScriptsRequeueHeld) {
  JobSpec s;
  s.script = "true";
  uint32_t id = submit(s);
  sim_.advance(0);  // its end is due at the submit instant
  EXPECT_EQ(job(id).state, JobState::kFailed);
  EXPECT_EQ(job(id).end_time, kT0);
  EXPECT_EQ(job(id).state_reason, "NonZeroExitCode");
  EXPECT_EQ(job(id).exit_status, 2048);
  JobSpec e;
  e.script = "";
  uint32_t empty = submit(e);
  const Job& j = job(empty);
  EXPECT_EQ(j.state, JobState::kPending);
  EXPECT_TRUE(j.held);
  EXPECT_EQ(j.priority, 0u);
  EXPECT_EQ(j.state_reason, "JobHeldUser");
  EXPECT_EQ(j.state_description, "launch failed requeued held");
  EXPECT_EQ(j.restart_count, 1);
  EXPECT_EQ(j.eligible_time, kT0 + 121);
  EXPECT_TRUE(j.allocation.empty());
  EXPECT_EQ(j.accrue_time, 0);  // held: no age accrues
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-1")->alloc_cpus, 0);
}

// Oracle: a job whose working directory came as "" (an unreadable value) starts and fails at
// once: FAILED, JobLaunchFailure, exit_code 4021, its node free again.
TEST_F(SimulatorTest, EmptyWorkingDirectoryIsALaunchFailure) {
  JobSpec s = script("sleep 60");
  s.current_working_directory = "";
  uint32_t id = submit(s);
  const Job& j = job(id);
  EXPECT_EQ(j.state, JobState::kFailed);
  EXPECT_EQ(j.state_reason, "JobLaunchFailure");
  EXPECT_EQ(j.exit_status, 4021);
  EXPECT_EQ(j.start_time, kT0);
  EXPECT_EQ(j.end_time, kT0);
  EXPECT_EQ(j.nodes, "queue1-dy-t3micro-1");
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-1")->alloc_cpus, 0);
}

// Oracle: tres_req_str keeps what the submission asked for (tasks x cpus_per_task, the minimum
// node count), whatever the job was given or updated to.
TEST_F(SimulatorTest, RequestedTresStaysAsSubmitted) {
  JobSpec three = script("sleep 60");
  three.tasks = 3;  // needs two 2-CPU nodes
  uint32_t a = submit(three);
  EXPECT_EQ(job(a).allocation.size(), 2u);
  EXPECT_EQ(job(a).requested_cpus, 3);
  EXPECT_EQ(job(a).requested_nodes, 1);
  JobSpec range = script("sleep 60");
  range.nodes = "2-3";
  range.hold = true;
  uint32_t b = submit(range);
  EXPECT_EQ(job(b).requested_cpus, 1);
  EXPECT_EQ(job(b).requested_nodes, 2);
  JobUpdate more;
  more.fields.nodes = "4";
  sim_.update(b, more, kUser);
  EXPECT_EQ(job(b).requested_nodes, 2);
}

// A given name is applied with the update, and only then; nodes 50 on a
// 10-node partition is applied and answered 2015, and so is every later update.
TEST_F(SimulatorTest, UpdateQuirksNameNodesAndBeginTime) {
  JobSpec held = script("sleep 300");
  held.name = "upd";
  held.hold = true;
  uint32_t id = submit(held);
  JobUpdate named;
  named.fields.name = "renamed";
  EXPECT_TRUE(sim_.update(id, named, kUser).ok());
  EXPECT_EQ(job(id).name, "renamed");
  JobUpdate bad;
  bad.fields.partition = "nope";
  bad.fields.name = "refused";
  EXPECT_EQ(sim_.update(id, bad, kUser).code(), Errno::kInvalidPartitionName);
  EXPECT_EQ(job(id).name, "renamed");  // refused outright: nothing applied
  EXPECT_TRUE(sim_.update(id, JobUpdate{}, kUser).ok());
  EXPECT_EQ(job(id).name, "renamed");
  JobUpdate nodes;
  nodes.fields.nodes = "50";
  EXPECT_EQ(sim_.update(id, nodes, kUser).code(), Errno::kRequestedPartConfigUnavailable);
  EXPECT_EQ(job(id).node_count, 50);
  EXPECT_EQ(job(id).tasks, 50);
  EXPECT_EQ(job(id).cpus, 50);
  EXPECT_EQ(job(id).max_nodes, 50);
  EXPECT_EQ(job(id).state_reason, "JobHeldUser");
  JobUpdate begin;
  begin.fields.begin_time = "now+3600";
  EXPECT_EQ(sim_.update(id, begin, kUser).code(), Errno::kRequestedPartConfigUnavailable);
  EXPECT_EQ(job(id).eligible_time, kT0 + 3600);
  EXPECT_EQ(job(id).start_time, kT0 + 3600);
  EXPECT_EQ(job(id).accrue_time, 0);  // held: not accruing
}

TEST(SimulatorArrayConfig, MaxArraySizeBoundsTheIndices) {
  ClusterConfig c = default_cluster();
  c.max_array_size = 11;
  Simulator sim(c, {.start_time = kT0});
  SubmitResult r;
  EXPECT_TRUE(sim.submit(array("0-10", "sleep 1"), kUser, &r).ok());
  EXPECT_EQ(sim.submit(array("0-11", "sleep 1"), kUser, &r).code(), Errno::kInvalidArray);
  EXPECT_EQ(sim.submit(array("0-2:11", "sleep 1"), kUser, &r).code(), Errno::kInvalidArray);
}

// --- power saving: ParallelCluster's State=CLOUD nodes ---

ClusterConfig cloud_cluster() {
  return parse_slurm_conf(
      "ClusterName=pc\nSuspendTime=600\nResumeTimeout=1800\nSuspendTimeout=120\n"
      "#MockCloudBootSeconds=90\n"
      "NodeName=q-[1-2] CPUs=2 RealMemory=900 State=CLOUD\n"
      "PartitionName=q Nodes=q-[1-2] Default=YES MaxTime=INFINITE State=UP\n",
      "cloud.conf");
}

class CloudTest : public ::testing::Test {
 protected:
  Simulator sim_{cloud_cluster(), {.start_time = kT0}};
  uint32_t submit(const JobSpec& spec) {
    SubmitResult r;
    Status s = sim_.submit(spec, kUser, &r);
    EXPECT_TRUE(s.ok()) << s.message();
    return r.job_id;
  }
  const Job& job(uint32_t id) { return *sim_.find_job(id); }
  const Node& node(const std::string& n) { return *sim_.find_node(n); }
};

TEST_F(CloudTest, CloudNodesStartPoweredDownAndBootForAJobWhichConfiguresThenRuns) {
  EXPECT_TRUE(node("q-1").powered_down);
  EXPECT_EQ(node("q-1").base, NodeBase::kIdle);  // powered down is a flag
  EXPECT_EQ(node("q-1").boot_time, 0);           // never booted
  EXPECT_EQ(node("q-1").slurmd_start_time, 0);
  uint32_t id = submit(script("sleep 100"));
  const Job& j = job(id);
  EXPECT_EQ(j.state, JobState::kRunning);
  EXPECT_TRUE(j.configuring);
  EXPECT_TRUE(j.was_running);
  EXPECT_EQ(j.nodes, "q-1");
  EXPECT_EQ(j.start_time, kT0);
  EXPECT_TRUE(node("q-1").powering_up);
  EXPECT_FALSE(node("q-1").powered_down);
  EXPECT_TRUE(node("q-2").powered_down);  // untouched
  sim_.advance(89);
  EXPECT_TRUE(job(id).configuring);  // the script has not started: no end while booting
  sim_.advance(1);
  EXPECT_FALSE(job(id).configuring);
  EXPECT_EQ(job(id).state, JobState::kRunning);
  EXPECT_EQ(job(id).start_time, kT0 + 90);  // the clock starts once the node is up
  EXPECT_EQ(node("q-1").boot_time, kT0 + 90);
  EXPECT_FALSE(node("q-1").powering_up);
  sim_.advance(99);
  EXPECT_EQ(job(id).state, JobState::kRunning);
  sim_.advance(1);
  EXPECT_EQ(job(id).state, JobState::kCompleted);
  EXPECT_EQ(job(id).end_time, kT0 + 190);
}

TEST_F(CloudTest, EndTimeMovesWithTheBootOnlyUnderATimeLimit) {
  // Real 22.05.8: a 2-minute job's end_time became boot end + 120 s; an unlimited job kept
  // allocation + 365 days.
  JobSpec limited = script("sleep 10");
  limited.time_limit = 2;
  uint32_t a = submit(limited);
  uint32_t b = submit(script("sleep 10"));
  EXPECT_EQ(job(a).end_time, kT0 + 120);
  EXPECT_EQ(job(b).end_time, kT0 + 365 * 86400);
  sim_.advance(90);
  ASSERT_FALSE(job(a).configuring);
  ASSERT_FALSE(job(b).configuring);
  EXPECT_EQ(job(a).end_time, kT0 + 90 + 120);
  EXPECT_EQ(job(b).end_time, kT0 + 365 * 86400);
}

TEST_F(CloudTest, AnUpNodeIsPreferredAndNeedsNoBoot) {
  uint32_t a = submit(script("sleep 1000"));
  sim_.advance(90);
  ASSERT_FALSE(job(a).configuring);
  uint32_t b = submit(script("sleep 10"));  // fits next to a on the booted node
  EXPECT_FALSE(job(b).configuring);
  EXPECT_EQ(job(b).nodes, "q-1");
  EXPECT_TRUE(node("q-2").powered_down);
}

TEST_F(CloudTest, IdleNodePowersDownAfterSuspendTime) {
  uint32_t id = submit(script("sleep 10"));
  sim_.advance(100);  // 90 s boot + 10 s run
  ASSERT_EQ(job(id).state, JobState::kCompleted);
  sim_.advance(599);
  EXPECT_FALSE(node("q-1").powering_down);
  sim_.advance(1);  // SuspendTime after last busy
  EXPECT_TRUE(node("q-1").powering_down);
  EXPECT_EQ(node("q-1").base, NodeBase::kIdle);
  // While it powers down the node takes no job: the next one boots the other node.
  uint32_t next = submit(script("sleep 10"));
  EXPECT_EQ(job(next).nodes, "q-2");
  sim_.advance(120);  // SuspendTimeout
  EXPECT_FALSE(node("q-1").powering_down);
  EXPECT_TRUE(node("q-1").powered_down);
}

TEST_F(CloudTest, FailedResumeMarksTheNodeDownAndRequeuesTheJob) {
  ASSERT_TRUE(sim_.set_node_state("q-1", "fail_resume", "").ok());
  uint32_t id = submit(script("sleep 10"));
  ASSERT_EQ(job(id).nodes, "q-1");
  sim_.advance(1799);
  EXPECT_TRUE(job(id).configuring);  // the boot never completes
  sim_.advance(1);                   // ResumeTimeout
  const Job& j = job(id);
  EXPECT_EQ(j.state, JobState::kPending);
  EXPECT_FALSE(j.configuring);
  EXPECT_FALSE(j.was_running);
  EXPECT_EQ(j.state_reason, "BeginTime");
  EXPECT_EQ(j.restart_count, 1);
  EXPECT_EQ(j.submit_time, kT0 + 1800);
  EXPECT_EQ(j.start_time, kT0 + 1800 + 121);
  EXPECT_EQ(j.nodes, "");
  const Node& n = node("q-1");
  EXPECT_EQ(n.base, NodeBase::kDown);
  EXPECT_TRUE(n.powered_down);
  EXPECT_EQ(n.reason, "ResumeTimeout reached");
  EXPECT_EQ(n.alloc_cpus, 0);
  // After the begin time it boots the other node and runs there.
  sim_.advance(121);
  EXPECT_EQ(job(id).nodes, "q-2");
  EXPECT_TRUE(job(id).configuring);
  sim_.advance(100);
  EXPECT_EQ(job(id).state, JobState::kCompleted);
  EXPECT_EQ(job(id).restart_count, 1);
}

TEST_F(CloudTest, CancelWhileConfiguringAndPowerCommands) {
  uint32_t id = submit(script("sleep 10"));
  ASSERT_TRUE(job(id).configuring);
  ASSERT_TRUE(sim_.signal(id, 9, kUser).ok());
  EXPECT_EQ(job(id).state, JobState::kCancelled);
  EXPECT_FALSE(job(id).configuring);
  ASSERT_TRUE(sim_.set_node_state("q-2", "power_up", "").ok());
  EXPECT_TRUE(node("q-2").powering_up);
  sim_.advance(90);
  EXPECT_FALSE(node("q-2").powering_up);
  ASSERT_TRUE(sim_.set_node_state("q-2", "power_down", "").ok());
  EXPECT_TRUE(node("q-2").powering_down);
  EXPECT_EQ(sim_.set_node_state("q-2", "bogus", "").code(), Errno::kInvalidNodeState);
}

TEST(CloudOff, WithoutSuspendTimeCloudNodesAreAlwaysUp) {
  ClusterConfig c = parse_slurm_conf(
      "ClusterName=t\nNodeName=t-[1-2] CPUs=2 State=CLOUD\n"
      "PartitionName=d Nodes=t-[1-2] Default=YES\n",
      "t.conf");
  Simulator sim(c, {.start_time = kT0});
  EXPECT_FALSE(sim.find_node("t-1")->powered_down);
  SubmitResult r;
  ASSERT_TRUE(sim.submit(script("sleep 5"), kUser, &r).ok());
  EXPECT_FALSE(sim.find_job(r.job_id)->configuring);
  EXPECT_EQ(sim.set_node_state("t-1", "power_down", "").code(), Errno::kInvalidNodeState);
}

}  // namespace
}  // namespace scheduler_sim
