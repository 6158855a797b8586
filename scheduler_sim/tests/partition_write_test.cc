// Partitions and dynamic nodes changed at run time (create/update/delete_partition,
// create_nodes, delete_node) as Slurm 26.05.5 answered them
// (mock_slurmrestd/tests/data/oracle/26.05/asked/partitions/, new_nodes/), and what the
// scheduler then does with them.
#include <gtest/gtest.h>

#include "sim_fixture.h"

namespace scheduler_sim {
namespace {

using testing_support::kT0;
using testing_support::kUser;
using testing_support::script;

const Identity kRoot{"root", 0, 0};

PartitionUpdate named(const std::string& name) {
  PartitionUpdate u;
  u.name = name;
  return u;
}

JobSpec in(const std::string& partition, const std::string& body = "sleep 100") {
  JobSpec s = script(body);
  s.partition = partition;
  return s;
}

class PartitionWriteTest : public testing_support::SimFixture {};

TEST_F(PartitionWriteTest, CreateStartsFromSlurmctldsDefaults) {
  EXPECT_EQ(sim_.create_partition(named("queue3"), kUser).code(), Errno::kUserIdMissing);
  ASSERT_TRUE(sim_.create_partition(named("queue3"), kRoot).ok());
  const Partition* p = sim_.find_partition("queue3");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->config.min_nodes, 1);
  EXPECT_EQ(p->config.state, "UP");
  EXPECT_FALSE(p->config.max_time.has_value());
  EXPECT_TRUE(p->node_indices.empty());
  EXPECT_EQ(sim_.create_partition(named("queue3"), kRoot).code(), Errno::kInvalidPartitionName);
  PartitionUpdate bad = named("queue4");
  bad.nodes = "no-such-node";
  EXPECT_EQ(sim_.create_partition(bad, kRoot).code(), Errno::kInvalidNodeName);
  EXPECT_EQ(sim_.find_partition("queue4"), nullptr);
}

TEST_F(PartitionWriteTest, JobsRunInACreatedPartitionAndItsNodesAreShared) {
  PartitionUpdate u = named("queue4");
  u.nodes = "queue1-dy-t3micro-[9-10]";
  ASSERT_TRUE(sim_.create_partition(u, kRoot).ok());
  EXPECT_EQ(sim_.find_partition("queue4")->config.nodes_expr, "queue1-dy-t3micro-[9-10]");
  const uint32_t id = submit(in("queue4"));
  EXPECT_EQ(sim_.find_job(id)->state, JobState::kRunning);
  EXPECT_EQ(sim_.find_job(id)->partition, "queue4");
  // The node it took is busy for queue1 too.
  const std::string node = sim_.nodes()[sim_.find_job(id)->allocation[0].node_index].config.name;
  EXPECT_TRUE(node == "queue1-dy-t3micro-9" || node == "queue1-dy-t3micro-10") << node;
  EXPECT_EQ(sim_.find_node(node)->alloc_cpus, 1);
}

TEST_F(PartitionWriteTest, UpdateChangesOnlyWhatIsGivenAndMovesTheDefault) {
  PartitionUpdate u = named("queue2");
  u.max_time = std::optional<int64_t>(60);
  u.make_default = true;
  ASSERT_TRUE(sim_.update_partition(u, kRoot).ok());
  EXPECT_EQ(sim_.find_partition("queue2")->config.max_time, 60);
  EXPECT_EQ(sim_.find_partition("queue2")->config.nodes_expr, "queue2-dy-c5large-[1-10]");
  EXPECT_EQ(sim_.default_partition()->config.name, "queue2");
  EXPECT_FALSE(sim_.find_partition("queue1")->config.is_default);
  EXPECT_EQ(sim_.update_partition(named("nope"), kRoot).code(), Errno::kInvalidPartitionName);
  PartitionUpdate qos = named("queue2");
  qos.qos = true;
  EXPECT_EQ(sim_.update_partition(qos, kRoot).code(), Errno::kInvalidQos);
  // A DOWN partition holds its new jobs.
  PartitionUpdate down = named("queue2");
  down.state = "DOWN";
  ASSERT_TRUE(sim_.update_partition(down, kRoot).ok());
  EXPECT_EQ(sim_.find_job(submit(in("queue2")))->state, JobState::kPending);
}

TEST_F(PartitionWriteTest, DeleteWaitsForActiveJobsOnly) {
  ASSERT_TRUE(sim_.create_partition(named("queue3"), kRoot).ok());
  PartitionUpdate u = named("queue4");
  u.nodes = "queue1-dy-t3micro-10";
  ASSERT_TRUE(sim_.create_partition(u, kRoot).ok());
  const uint32_t run = submit(in("queue4"));
  EXPECT_EQ(sim_.delete_partition("queue4", kUser).code(), Errno::kUserIdMissing);
  EXPECT_EQ(sim_.delete_partition("queue4", kRoot).code(), Errno::kPartitionInUse);
  ASSERT_TRUE(sim_.signal(run, 9, kUser).ok());
  sim_.advance(5);
  ASSERT_NE(sim_.find_job(run), nullptr);  // remembered, finished: no longer in the way
  EXPECT_TRUE(sim_.delete_partition("queue4", kRoot).ok());
  EXPECT_EQ(sim_.delete_partition("queue4", kRoot).code(), Errno::kInvalidPartitionName);
  // The partition after the deleted one still schedules (its index moved).
  ASSERT_TRUE(sim_.delete_partition("queue1", kRoot).ok());
  EXPECT_EQ(sim_.default_partition(), nullptr);
  EXPECT_EQ(sim_.find_job(submit(in("queue2")))->state, JobState::kRunning);
  sim_.reset();  // back to slurm.conf's partitions
  ASSERT_EQ(sim_.partitions().size(), 2u);
  EXPECT_EQ(sim_.default_partition()->config.name, "queue1");
}

TEST_F(PartitionWriteTest, APendingJobFollowsItsPartitionsNewIndex) {
  PartitionUpdate u = named("queue3");
  u.nodes = "queue2-dy-c5large-1";
  ASSERT_TRUE(sim_.create_partition(u, kRoot).ok());
  JobSpec wide = in("queue3");
  wide.cpus_per_task = 2;
  const uint32_t a = submit(wide), b = submit(wide);
  EXPECT_EQ(sim_.find_job(b)->state, JobState::kPending);
  ASSERT_TRUE(sim_.delete_partition("queue1", kRoot).ok());  // queue3 moves from index 2 to 1
  ASSERT_TRUE(sim_.signal(a, 9, kUser).ok());
  sim_.advance(5);
  EXPECT_EQ(sim_.find_job(b)->state, JobState::kRunning);
}

class DynamicNodeTest : public ::testing::Test {
 protected:
  static ClusterConfig room_for(int64_t max) {
    ClusterConfig c = default_cluster();
    c.max_node_count = max;
    return c;
  }
  Simulator sim_{room_for(22), {.start_time = kT0}};
};

TEST_F(DynamicNodeTest, CreatedAsSlurmctldTakesThem) {
  EXPECT_EQ(sim_.create_nodes("NodeName=d1 CPUs=2 State=FUTURE", kUser).code(),
            Errno::kUserIdMissing);
  EXPECT_EQ(sim_.create_nodes("NodeName=d1 CPUs=2", kRoot).code(), Errno::kInvalidNodeState);
  EXPECT_EQ(sim_.create_nodes("NodeName=d1 CPUs=2 State=IDLE", kRoot).code(),
            Errno::kInvalidNodeState);
  EXPECT_EQ(sim_.create_nodes("garbage", kRoot).code(), Errno::kError);
  EXPECT_EQ(sim_.create_nodes("", kRoot).code(), Errno::kError);
  EXPECT_EQ(sim_.create_nodes("NodeName=d1 Nope=1 State=FUTURE", kRoot).code(), Errno::kError);
  EXPECT_EQ(sim_.create_nodes("NodeName=queue1-dy-t3micro-1 State=FUTURE", kRoot).code(),
            Errno::kNodeAlreadyExists);
  ASSERT_TRUE(sim_.create_nodes("NodeName=d1 CPUs=2 State=FUTURE", kRoot).ok());
  ASSERT_TRUE(sim_.create_nodes("NodeName=d2 CPUs=2 State=CLOUD", kRoot).ok());
  EXPECT_EQ(sim_.find_node("d1")->base, NodeBase::kFuture);
  EXPECT_TRUE(sim_.find_node("d2")->powered_down);
  EXPECT_TRUE(sim_.find_node("d2")->dynamic);
  EXPECT_EQ(sim_.create_nodes("NodeName=d3 CPUs=2 State=FUTURE", kRoot).code(),
            Errno::kNodeTableFull);
  // Deleted: the name and the room are free again.
  EXPECT_EQ(sim_.delete_node("queue1-dy-t3micro-1", kRoot).code(), Errno::kInvalidNodeState);
  EXPECT_EQ(sim_.delete_node("d1", kUser).code(), Errno::kUserIdMissing);
  ASSERT_TRUE(sim_.delete_node("d1", kRoot).ok());
  EXPECT_EQ(sim_.find_node("d1"), nullptr);
  EXPECT_EQ(sim_.delete_node("d1", kRoot).code(), Errno::kInvalidNodeName);
  EXPECT_TRUE(sim_.create_nodes("NodeName=d1 CPUs=2 State=FUTURE", kRoot).ok());
}

TEST_F(DynamicNodeTest, WithoutMaxNodeCountThereIsNoRoom) {
  Simulator sim(default_cluster(), {.start_time = kT0});
  EXPECT_EQ(sim.create_nodes("NodeName=d1 CPUs=2 State=FUTURE", kRoot).code(),
            Errno::kNodeTableFull);
}

TEST_F(DynamicNodeTest, AResumedNodeInAPartitionTakesJobsAndLeavesItWhenDeleted) {
  ASSERT_TRUE(sim_.create_nodes("NodeName=d1 CPUs=4 State=FUTURE", kRoot).ok());
  NodeUpdate resume;
  resume.state = "RESUME";
  ASSERT_TRUE(sim_.update_node("d1", resume, kRoot).ok());
  PartitionUpdate u = named("dyn");
  u.nodes = "d1";
  ASSERT_TRUE(sim_.create_partition(u, kRoot).ok());
  JobSpec four = in("dyn");
  four.cpus_per_task = 4;
  SubmitResult r;
  ASSERT_TRUE(sim_.submit(four, kUser, &r).ok());
  EXPECT_EQ(sim_.find_job(r.job_id)->state, JobState::kRunning);
  EXPECT_EQ(sim_.delete_node("d1", kRoot).code(), Errno::kNodesBusy);
  ASSERT_TRUE(sim_.signal(r.job_id, 9, kUser).ok());
  sim_.advance(5);
  ASSERT_TRUE(sim_.delete_node("d1", kRoot).ok());
  EXPECT_EQ(sim_.find_partition("dyn")->config.nodes_expr, "");
  EXPECT_TRUE(sim_.find_partition("dyn")->node_indices.empty());
}

}  // namespace
}  // namespace scheduler_sim
