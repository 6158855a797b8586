// The simulated controller under a manual clock: lifecycle, scheduling, limits and errors.
#include "scheduler_sim/simulator.h"

#include <gtest/gtest.h>

namespace scheduler_sim {
namespace {

constexpr SimTime kT0 = 1700000000;
const Identity kUser{"ec2-user", 1000, 1000};
const Identity kOther{"bob", 1001, 1001};
const Identity kRoot{"root", 0, 0};

JobSpec script(const std::string& body) {
  JobSpec s;
  s.script = "#!/bin/bash\n" + body + "\n";
  return s;
}

class SimulatorTest : public ::testing::Test {
 protected:
  Simulator sim_{default_cluster(), {.start_time = kT0}};

  uint32_t submit(const JobSpec& spec, const Identity& who = kUser) {
    SubmitResult r;
    Status s = sim_.submit(spec, who, &r);
    EXPECT_TRUE(s.ok()) << s.message();
    return r.job_id;
  }
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
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-1")->state_string(), "allocated");  // not "mixed"
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-2")->state_string(), "idle");
  sim_.advance(29);
  EXPECT_EQ(job(id).state, JobState::kRunning);
  sim_.advance(1);
  EXPECT_EQ(job(id).state, JobState::kCompleted);
  EXPECT_EQ(job(id).end_time, kT0 + 30);
  EXPECT_EQ(job(id).exit_status, 0);
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-1")->state_string(), "idle");
  EXPECT_EQ(sim_.stats().jobs_completed, 1u);
}

TEST_F(SimulatorTest, ExitCodeIsStoredAsWaitStatus) {
  uint32_t id = submit(script("sleep 5\nexit 3\nsleep 100"));
  sim_.advance(5);
  const Job& j = job(id);
  EXPECT_EQ(j.state, JobState::kFailed);
  EXPECT_EQ(j.state_reason, "NonZeroExitCode");
  EXPECT_EQ(j.exit_status, 3 << 8);
  EXPECT_EQ(j.end_time, kT0 + 5);
}

TEST_F(SimulatorTest, ScriptTimesAndDefaults) {
  uint32_t frac = submit(script("sleep 1.5"));
  uint32_t mins = submit(script("sleep 2m; echo hi"));
  uint32_t none = submit(script("echo hi"));
  sim_.advance(1);
  EXPECT_EQ(job(none).state, JobState::kCompleted);  // default_run_seconds = 1
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
  EXPECT_EQ(job(pend).start_time, kT0 + 10);          // the oracle stamps start = end
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

TEST_F(SimulatorTest, FifoWithResourcesAndPriorityReasons) {
  // 10 nodes x 2 CPUs in queue1: fill it with 20 one-CPU jobs.
  for (int i = 0; i < 20; ++i) submit(script("sleep 100"));
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-10")->state_string(), "allocated");
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
  EXPECT_EQ(m.allocation[0].memory, 600);
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-7")->alloc_memory, 600);
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
  s.dependency = "afterok:77";
  EXPECT_EQ(sim_.submit(s, kUser, &r).code(), Errno::kDependency);
  s.dependency = "whenever:1";
  EXPECT_EQ(sim_.submit(s, kUser, &r).code(), Errno::kDependency);
  s = script("");
  s.script.clear();
  EXPECT_EQ(sim_.submit(s, kUser, &r).code(), Errno::kJobScriptMissing);
  EXPECT_TRUE(sim_.jobs().empty());
  // Too many nodes: the oracle creates the job, leaves it pending and still reports 2015.
  s = script("sleep 1");
  s.nodes = "11";
  Status st = sim_.submit(s, kUser, &r);
  EXPECT_EQ(st.code(), Errno::kRequestedPartConfigUnavailable);
  EXPECT_EQ(st.message(), "Requested partition configuration not available now");
  ASSERT_EQ(r.job_id, 1u);
  EXPECT_EQ(job(1).state, JobState::kPending);
  EXPECT_EQ(job(1).state_reason, "PartitionNodeLimit");
  s.nodes.reset();
  s.tasks = 30;  // 30 tasks on 2-CPU nodes need 15 nodes
  EXPECT_EQ(sim_.submit(s, kUser, &r).code(), Errno::kRequestedPartConfigUnavailable);
  EXPECT_EQ(job(r.job_id).node_count, 15);
  EXPECT_EQ(job(r.job_id).cpus, 30);
}

TEST(SimulatorLimits, PartitionTimeLimitAndDefaultTime) {
  ClusterConfig c = parse_slurm_conf(
      "NodeName=n[1-2] CPUs=1\nPartitionName=p Nodes=n[1-2] Default=YES MaxTime=10 DefaultTime=5\n", "t");
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
  Simulator sim(parse_slurm_conf("NodeName=n1\nPartitionName=p Nodes=n1\n", "t"), {.start_time = kT0});
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
  EXPECT_EQ(sim_.update(id, prio, kUser).code(), Errno::kAccessDenied);
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
}

TEST_F(SimulatorTest, NodeFaults) {
  uint32_t id = submit(script("sleep 100"));
  ASSERT_TRUE(sim_.set_node_state("queue1-dy-t3micro-2", "drain", "maintenance").ok());
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-2")->state_string(), "drained");
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-2")->reason, "maintenance");
  ASSERT_TRUE(sim_.set_node_state("queue1-dy-t3micro-1", "down", "broken").ok());
  EXPECT_EQ(job(id).state, JobState::kNodeFail);
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-1")->state_string(), "down");
  // With nodes 1 and 2 out, the next job lands on node 3.
  EXPECT_EQ(job(submit(script("sleep 1"))).nodes, "queue1-dy-t3micro-3");
  ASSERT_TRUE(sim_.set_node_state("queue1-dy-t3micro-1", "resume", "").ok());
  EXPECT_EQ(sim_.find_node("queue1-dy-t3micro-1")->state_string(), "idle");
  EXPECT_EQ(sim_.set_node_state("nope", "down", "").code(), Errno::kInvalidNodeName);
  EXPECT_EQ(sim_.set_node_state("queue1-dy-t3micro-1", "sideways", "").code(), Errno::kInvalidNodeState);
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

}  // namespace
}  // namespace scheduler_sim
