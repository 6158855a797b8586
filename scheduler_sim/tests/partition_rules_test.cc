// A partition's access lists, flags and limits as they act on the jobs submitted to it, as
// Slurm 24.11.5 and 26.05.5 answered them (mock_slurmrestd/tests/data/oracle/<release>/asked/
// partition_rules/), from slurm.conf and from partition writes alike.
#include <gtest/gtest.h>

#include <string>

#include "scheduler_sim/slurm_conf.h"
#include "sim_fixture.h"

namespace scheduler_sim {
namespace {

using testing_support::kT0;
using testing_support::kUser;
using testing_support::script;

const Identity kRoot{"root", 0, 0};

// The partition-rules fixture's partitions (fixtures/clusters/partition-rules/slurm.conf) on
// six nodes.
const char kConf[] = R"(ClusterName=rules
SelectTypeParameters=CR_CPU
NodeName=n[1-6] CPUs=2 RealMemory=900
PartitionName=all Nodes=n[1-6] Default=YES
PartitionName=pgrp Nodes=n1 AllowGroups=wheel,admins
PartitionName=proot Nodes=n1 RootOnly=YES
PartitionName=phid Nodes=n1 Hidden=YES AllowAccounts=acct1
PartitionName=pexu Nodes=n2 ExclusiveUser=YES
PartitionName=pmcpu Nodes=n[3-4] MaxCPUsPerNode=1
PartitionName=plln Nodes=n[5-6] LLN=YES
PartitionName=pmem Nodes=n6 MaxMemPerNode=500 DefMemPerCPU=100
)";

std::string group_of(uint32_t gid) { return gid == 10 ? "wheel" : "users"; }

class PartitionRulesTest : public ::testing::Test {
 protected:
  explicit PartitionRulesTest(bool queues = true)
      : sim_(parse_slurm_conf(kConf, "rules"), options(queues)) {}
  static SimOptions options(bool queues) {
    SimOptions o;
    o.start_time = kT0;
    o.partition_cpu_limit_queues = queues;
    o.group_name = group_of;
    return o;
  }
  Status submit(const std::string& partition, const Identity& who, uint32_t* id,
                JobSpec spec = script("sleep 100")) {
    spec.partition = partition;
    SubmitResult r;
    Status s = sim_.submit(spec, who, &r);
    *id = r.job_id;
    return s;
  }
  uint32_t run(const std::string& partition, const Identity& who = kUser,
               JobSpec spec = script("sleep 100")) {
    uint32_t id = 0;
    EXPECT_TRUE(submit(partition, who, &id, spec).ok()) << partition;
    return id;
  }
  std::string node_of(uint32_t id) {
    const Job* j = sim_.find_job(id);
    return j && !j->allocation.empty() ? j->nodes : "";
  }
  Simulator sim_;
};

JobSpec tasks(int n) {
  JobSpec s = script("sleep 100");
  s.tasks = n;
  return s;
}

TEST_F(PartitionRulesTest, SlurmConfKeysAreRead) {
  const PartitionConfig& g = sim_.find_partition("pgrp")->config;
  EXPECT_EQ(g.allow_groups, "wheel,admins");
  EXPECT_TRUE(sim_.find_partition("proot")->config.root_only);
  const PartitionConfig& h = sim_.find_partition("phid")->config;
  EXPECT_TRUE(h.hidden);
  EXPECT_EQ(h.allow_accounts, "acct1");
  EXPECT_TRUE(sim_.find_partition("pexu")->config.exclusive_user);
  EXPECT_EQ(sim_.find_partition("pmcpu")->config.max_cpus_per_node, 1);
  EXPECT_TRUE(sim_.find_partition("plln")->config.lln);
  EXPECT_EQ(sim_.find_partition("pmem")->config.max_mem_per_node, 500);
  EXPECT_EQ(sim_.find_partition("pmem")->config.def_mem_per_cpu, 100);
}

TEST_F(PartitionRulesTest, AllowGroupsQueuesOutsidersWithPartitionConfig) {
  uint32_t id = 0;
  EXPECT_EQ(submit("pgrp", kUser, &id).code(), Errno::kRequestedPartConfigUnavailable);
  ASSERT_NE(id, 0u);
  EXPECT_EQ(sim_.find_job(id)->state, JobState::kPending);
  EXPECT_EQ(sim_.find_job(id)->state_reason, "PartitionConfig");
  EXPECT_EQ(sim_.find_job(id)->state_description,
            "uid 1000 not in group permitted to use this partition (pgrp). groups allowed: "
            "wheel,admins");
  sim_.advance(30);
  EXPECT_EQ(sim_.find_job(id)->state_reason, "PartitionConfig");
  EXPECT_EQ(sim_.find_job(run("pgrp", Identity{"wheelie", 1001, 10}))->state, JobState::kRunning);
  EXPECT_EQ(sim_.find_job(run("pgrp", kRoot))->state, JobState::kRunning);
}

TEST_F(PartitionRulesTest, RootOnlyRefusesOthersWithoutUsingAnId) {
  uint32_t id = 0;
  EXPECT_EQ(submit("proot", kUser, &id).code(), Errno::kAccessDenied);
  EXPECT_EQ(id, 0u);
  const uint32_t root_job = run("proot", kRoot);
  EXPECT_EQ(root_job, 1u);  // the refusal used up no job id
  EXPECT_EQ(sim_.find_job(root_job)->state, JobState::kRunning);
}

TEST_F(PartitionRulesTest, AccountsAndHiddenDoNotStopAJob) {
  JobSpec other = script("sleep 100");
  other.account = "acct2";
  EXPECT_EQ(sim_.find_job(run("phid", kUser, other))->state, JobState::kRunning);
}

TEST_F(PartitionRulesTest, ExclusiveUserKeepsOtherUsersOffTheNode) {
  const uint32_t a = run("pexu");
  const uint32_t b = run("pexu", kRoot);
  EXPECT_EQ(sim_.find_job(a)->state, JobState::kRunning);
  EXPECT_EQ(sim_.find_job(a)->cpus, 1);
  EXPECT_EQ(sim_.find_job(b)->state, JobState::kPending);
  EXPECT_EQ(sim_.find_job(b)->state_reason, "Resources");
  ASSERT_TRUE(sim_.signal(a, 9, kRoot).ok());
  sim_.advance(2);
  EXPECT_EQ(sim_.find_job(b)->state, JobState::kRunning);
}

TEST_F(PartitionRulesTest, MaxCpusPerNodeSpreadsAndCapsThePartitionsJobs) {
  const uint32_t two = run("pmcpu", kUser, tasks(2));
  EXPECT_EQ(node_of(two), "n[3-4]");
  EXPECT_EQ(sim_.find_job(two)->cpus, 2);
  ASSERT_TRUE(sim_.signal(two, 9, kRoot).ok());
  sim_.advance(2);
  const uint32_t a = run("pmcpu"), b = run("pmcpu"), c = run("pmcpu");
  EXPECT_EQ(node_of(a), "n3");
  EXPECT_EQ(node_of(b), "n4");  // n3 has a free CPU, but not for this partition
  EXPECT_EQ(sim_.find_job(c)->state, JobState::kPending);
  EXPECT_EQ(sim_.find_job(c)->state_reason, "Resources");
  // The other partition still has n3's second CPU.
  JobSpec on3 = script("sleep 100");
  on3.required_nodes = "n3";
  EXPECT_EQ(node_of(run("all", kUser, on3)), "n3");
}

TEST_F(PartitionRulesTest, MaxCpusPerNodeRefusesWhatNoNodeMayHold) {
  JobSpec one_node = tasks(2);
  one_node.nodes = "1";
  uint32_t id = 0;
  EXPECT_EQ(submit("pmcpu", kUser, &id, one_node).code(), Errno::kRequestedNodeConfigUnavailable);
  JobSpec wide = script("sleep 100");
  wide.cpus_per_task = 2;
  EXPECT_EQ(submit("pmcpu", kUser, &id, wide).code(), Errno::kRequestedNodeConfigUnavailable);
  // More than all its nodes leave it: queued (26.05).
  EXPECT_EQ(submit("pmcpu", kUser, &id, tasks(3)).code(), Errno::kRequestedPartConfigUnavailable);
  EXPECT_EQ(sim_.find_job(id)->state_reason, "PartitionConfig");
  EXPECT_EQ(sim_.find_job(id)->cpus, 3);
  EXPECT_EQ(sim_.find_job(id)->node_count, 2);  // as the nodes' CPUs need, the limit aside
}

class PartitionRules2411Test : public PartitionRulesTest {
 protected:
  PartitionRules2411Test() : PartitionRulesTest(false) {}
};

TEST_F(PartitionRules2411Test, MaxCpusPerNodeRefusesTooManyCpus) {
  uint32_t id = 0;
  EXPECT_EQ(submit("pmcpu", kUser, &id, tasks(3)).code(), Errno::kRequestedNodeConfigUnavailable);
  EXPECT_EQ(run("pmcpu"), 2u);  // the refusal used up job id 1
}

TEST_F(PartitionRulesTest, LlnTakesTheLeastLoadedNode) {
  const uint32_t a = run("plln"), b = run("plln");
  EXPECT_EQ(node_of(a), "n5");
  EXPECT_EQ(node_of(b), "n6");
  // Without LLN the second joins the first (best fit).
  JobSpec on12 = script("sleep 100");
  on12.excluded_nodes = "n[2-6]";
  const uint32_t c = run("all", kUser, on12);
  const uint32_t d = run("all", kUser, on12);
  EXPECT_EQ(node_of(c), "n1");
  EXPECT_EQ(node_of(d), "n1");
}

TEST_F(PartitionRulesTest, MemoryLimitsAndDefault) {
  const uint32_t dflt = run("pmem");
  EXPECT_EQ(sim_.find_job(dflt)->default_mem_per_cpu, 100);
  ASSERT_TRUE(sim_.signal(dflt, 9, kRoot).ok());
  JobSpec over = script("sleep 100");
  over.memory_per_node = 600;
  const uint32_t o = run("pmem", kUser, over);
  EXPECT_EQ(sim_.find_job(o)->state_reason, "MaxMemPerLimit");
  EXPECT_EQ(sim_.find_job(o)->default_mem_per_cpu, 0);
  JobSpec per_cpu = script("sleep 100");
  per_cpu.memory_per_cpu = 600;
  EXPECT_EQ(sim_.find_job(run("pmem", kUser, per_cpu))->state_reason, "MaxMemPerLimit");
  JobSpec at = script("sleep 100");
  at.memory_per_node = 500;
  EXPECT_EQ(sim_.find_job(run("pmem", kUser, at))->state, JobState::kRunning);
}

TEST_F(PartitionRulesTest, PartitionWritesSetTheSameRules) {
  PartitionUpdate u;
  u.name = "all";
  u.hidden = true;
  u.lln = true;
  u.oversubscribe = "FORCE:2";
  u.max_mem_per_node = std::optional<int64_t>(700);
  u.def_mem_per_cpu = std::optional<int64_t>(50);
  ASSERT_TRUE(sim_.update_partition(u, kRoot).ok());
  const PartitionConfig& c = sim_.find_partition("all")->config;
  EXPECT_TRUE(c.hidden);
  EXPECT_TRUE(c.lln);
  EXPECT_TRUE(c.oversubscribe_force);
  EXPECT_EQ(c.oversubscribe_jobs, 2);
  EXPECT_EQ(c.max_mem_per_node, 700);
  EXPECT_EQ(c.def_mem_per_cpu, 50);
  u = PartitionUpdate{};
  u.name = "all";
  u.oversubscribe = "EXCLUSIVE";
  ASSERT_TRUE(sim_.update_partition(u, kRoot).ok());
  EXPECT_TRUE(sim_.find_partition("all")->config.exclusive);
  EXPECT_FALSE(sim_.find_partition("all")->config.oversubscribe_force);
}

TEST_F(PartitionRulesTest, AHigherTierPartitionsJobStartsFirst) {
  PartitionUpdate lo, hi;
  lo.name = "plo";
  lo.nodes = "n6";
  hi.name = "phi";
  hi.nodes = "n6";
  hi.priority_tier = 5;
  ASSERT_TRUE(sim_.create_partition(lo, kRoot).ok());
  ASSERT_TRUE(sim_.create_partition(hi, kRoot).ok());
  const uint32_t fill = run("plo", kUser, tasks(2));
  const uint32_t l = run("plo", kUser, tasks(2)), h = run("phi", kUser, tasks(2));
  EXPECT_EQ(sim_.find_job(l)->state_reason, "Resources");
  EXPECT_EQ(sim_.find_job(h)->state_reason, "Resources");
  ASSERT_TRUE(sim_.signal(fill, 9, kRoot).ok());
  sim_.advance(2);
  EXPECT_EQ(sim_.find_job(h)->state, JobState::kRunning);
  EXPECT_EQ(sim_.find_job(l)->state, JobState::kPending);
}

}  // namespace
}  // namespace scheduler_sim
