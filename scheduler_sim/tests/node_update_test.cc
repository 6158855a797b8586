// Simulator::update_node and delete_node: an administrator's node writes as slurmctld applies
// them (24.11's and 26.05's answers: docs/oracle-notes/node-writes.md).
#include <gtest/gtest.h>

#include "sim_fixture.h"

namespace scheduler_sim {
namespace {

using testing_support::kT0;
using testing_support::kUser;
using testing_support::script;

const Identity kRoot{"root", 0, 0};

NodeUpdate state(const std::string& s, std::optional<std::string> reason = std::nullopt) {
  NodeUpdate u;
  u.state = s;
  u.reason = std::move(reason);
  return u;
}

class NodeUpdateTest : public ::testing::Test {
 protected:
  explicit NodeUpdateTest(bool clears = false)
      : sim_(default_cluster(), {.start_time = kT0, .node_update_clears_reasons = clears}) {}
  const Node& node(const std::string& name) { return *sim_.find_node(name); }
  Simulator sim_;
};

class NodeUpdateTest2605 : public NodeUpdateTest {
 protected:
  NodeUpdateTest2605() : NodeUpdateTest(true) {}
};

TEST_F(NodeUpdateTest, OnlyAnAdministratorMayAndPermissionComesFirst) {
  EXPECT_EQ(sim_.update_node("queue1-dy-t3micro-1", state("DRAIN", "x"), kUser).code(),
            Errno::kUserIdMissing);
  EXPECT_EQ(sim_.update_node("no-such-node", state("DRAIN", "x"), kUser).code(),
            Errno::kUserIdMissing);
  EXPECT_EQ(sim_.delete_node("queue1-dy-t3micro-1", kUser).code(), Errno::kUserIdMissing);
  EXPECT_FALSE(node("queue1-dy-t3micro-1").drain);
}

TEST_F(NodeUpdateTest, DrainResumeKeepsTheReasonOn2411) {
  sim_.advance(5);
  ASSERT_TRUE(sim_.update_node("queue1-dy-t3micro-1", state("DRAIN", "maint"), kRoot).ok());
  EXPECT_TRUE(node("queue1-dy-t3micro-1").drain);
  EXPECT_EQ(node("queue1-dy-t3micro-1").reason, "maint");
  EXPECT_EQ(node("queue1-dy-t3micro-1").reason_set_by_uid, 0u);
  EXPECT_EQ(node("queue1-dy-t3micro-1").reason_changed_at, kT0 + 5);
  ASSERT_TRUE(sim_.update_node("queue1-dy-t3micro-1", state("RESUME"), kRoot).ok());
  EXPECT_FALSE(node("queue1-dy-t3micro-1").drain);
  EXPECT_EQ(node("queue1-dy-t3micro-1").reason, "maint");
  // Nothing left to resume: an invalid state.
  EXPECT_EQ(sim_.update_node("queue1-dy-t3micro-1", state("RESUME"), kRoot).code(),
            Errno::kInvalidNodeState);
  // A reason alone is taken; two states are not, but their reason is.
  NodeUpdate reason_only;
  reason_only.reason = "just a reason";
  ASSERT_TRUE(sim_.update_node("queue1-dy-t3micro-1", reason_only, kRoot).ok());
  EXPECT_EQ(node("queue1-dy-t3micro-1").reason, "just a reason");
  EXPECT_EQ(sim_.update_node("queue1-dy-t3micro-1", state("DRAIN,DOWN", "x"), kRoot).code(),
            Errno::kInvalidNodeState);
  EXPECT_EQ(node("queue1-dy-t3micro-1").reason, "x");
  EXPECT_FALSE(node("queue1-dy-t3micro-1").drain);
}

TEST_F(NodeUpdateTest2605, ReturningToServiceClearsTheReasonAndRefusalsAreTransitions) {
  ASSERT_TRUE(sim_.update_node("queue1-dy-t3micro-1", state("DOWN", "broken"), kRoot).ok());
  EXPECT_EQ(node("queue1-dy-t3micro-1").base, NodeBase::kDown);
  ASSERT_TRUE(sim_.update_node("queue1-dy-t3micro-1", state("IDLE"), kRoot).ok());
  EXPECT_EQ(node("queue1-dy-t3micro-1").base, NodeBase::kIdle);
  EXPECT_EQ(node("queue1-dy-t3micro-1").reason, "");
  EXPECT_FALSE(node("queue1-dy-t3micro-1").reason_set_by_uid.has_value());
  EXPECT_EQ(sim_.update_node("queue1-dy-t3micro-1", state("RESUME"), kRoot).code(),
            Errno::kInvalidNodeStateTransition);
  EXPECT_EQ(sim_.update_node("queue1-dy-t3micro-1", state("POWER_DOWN"), kRoot).code(),
            Errno::kInvalidPowerAction);
  NodeUpdate reason_only;
  reason_only.reason = "ignored";
  ASSERT_TRUE(sim_.update_node("queue1-dy-t3micro-1", reason_only, kRoot).ok());
  EXPECT_EQ(node("queue1-dy-t3micro-1").reason, "");
}

TEST_F(NodeUpdateTest, DownRequeuesTheRunningJobAndDrainLetsItRun) {
  SubmitResult r;
  JobSpec s = script("sleep 300");
  s.partition = "queue2";
  ASSERT_TRUE(sim_.submit(s, kUser, &r).ok());
  const Job* job = sim_.find_job(r.job_id);
  ASSERT_EQ(job->state, JobState::kRunning);
  const std::string busy = job->nodes;
  ASSERT_TRUE(sim_.update_node(busy, state("DRAIN", "busy"), kRoot).ok());
  EXPECT_EQ(sim_.find_job(r.job_id)->state, JobState::kRunning);
  EXPECT_TRUE(node(busy).drain);
  // A node with a job cannot become FUTURE.
  EXPECT_EQ(sim_.update_node(busy, state("FUTURE"), kRoot).code(), Errno::kInvalidNodeState);
  sim_.advance(3);
  ASSERT_TRUE(sim_.update_node(busy, state("DOWN", "dead"), kRoot).ok());
  job = sim_.find_job(r.job_id);
  EXPECT_EQ(job->state, JobState::kPending);
  EXPECT_EQ(job->restart_count, 1);
  EXPECT_EQ(job->submit_time, kT0 + 3);
  EXPECT_EQ(job->begin_time, kT0 + 3 + 121);
  EXPECT_EQ(node(busy).base, NodeBase::kDown);
  EXPECT_TRUE(node(busy).drain);
  EXPECT_EQ(node(busy).alloc_cpus, 0);
}

TEST_F(NodeUpdateTest, FieldsFeaturesAndWeight) {
  NodeUpdate u;
  u.comment = "c1";
  u.extra = "e1";
  u.weight = 5;
  u.features = std::vector<std::string>{"f1", "f2"};
  u.active_features = std::vector<std::string>{"f1"};
  u.gres = "gpu:1";
  ASSERT_TRUE(sim_.update_node("queue1-dy-t3micro-2", u, kRoot).ok());
  const Node& n = node("queue1-dy-t3micro-2");
  EXPECT_EQ(n.comment, "c1");
  EXPECT_EQ(n.extra, "e1");
  EXPECT_EQ(n.config.weight, 5);
  EXPECT_EQ(n.config.features, "f1,f2");
  EXPECT_EQ(n.active_features, "f1");
  EXPECT_EQ(n.config.gres, "gpu:1");
  // New available features must hold the active ones; nothing changes otherwise.
  NodeUpdate bad;
  bad.features = std::vector<std::string>{"a", "b"};
  bad.comment = "not applied";
  EXPECT_EQ(sim_.update_node("queue1-dy-t3micro-2", bad, kRoot).code(),
            Errno::kActiveFeatureNotSubset);
  EXPECT_EQ(n.config.features, "f1,f2");
  EXPECT_EQ(n.comment, "c1");
  // Features the parser made no list of: an empty available set, refused while the node has
  // active features (2031, measured on 24.11 and 26.05).
  NodeUpdate unreadable;
  unreadable.features_unreadable = true;
  EXPECT_EQ(sim_.update_node("queue1-dy-t3micro-2", unreadable, kRoot).code(),
            Errno::kActiveFeatureNotSubset);
  EXPECT_EQ(n.config.features, "f1,f2");
  // A lighter node is taken first: a one-CPU job goes to the reweighted node 3.
  NodeUpdate light;
  light.weight = 0;
  ASSERT_TRUE(sim_.update_node("queue1-dy-t3micro-3", light, kRoot).ok());
  SubmitResult r;
  ASSERT_TRUE(sim_.submit(script("sleep 60"), kUser, &r).ok());
  EXPECT_EQ(sim_.find_job(r.job_id)->nodes, "queue1-dy-t3micro-3");
}

// DOWN with resume_after: the node shows when it comes back, and comes back then (measured on
// 24.11: resume_after now + the seconds, then IDLE and resume_after 0).
TEST_F(NodeUpdateTest, DownWithResumeAfterComesBackAtTheTimeAsked) {
  const std::string name = "queue1-dy-t3micro-1";
  sim_.advance(5);
  NodeUpdate down = state("DOWN", "timed");
  down.resume_after = 20;
  ASSERT_TRUE(sim_.update_node(name, down, kRoot).ok());
  EXPECT_EQ(node(name).base, NodeBase::kDown);
  EXPECT_EQ(node(name).resume_after, kT0 + 25);
  sim_.advance(19);
  EXPECT_EQ(node(name).base, NodeBase::kDown);
  sim_.advance(1);
  EXPECT_EQ(node(name).base, NodeBase::kIdle);
  EXPECT_EQ(node(name).resume_after, 0);
  // A node resumed by hand before its time keeps no timed return.
  down.resume_after = 30;
  ASSERT_TRUE(sim_.update_node(name, down, kRoot).ok());
  ASSERT_TRUE(sim_.update_node(name, state("RESUME"), kRoot).ok());
  EXPECT_EQ(node(name).resume_after, 0);
  ASSERT_TRUE(sim_.update_node(name, state("DOWN", "plain"), kRoot).ok());
  sim_.advance(60);
  EXPECT_EQ(node(name).base, NodeBase::kDown);
}

TEST_F(NodeUpdateTest, HostlistsUpdateTheKnownNodesBeforeAnUnknownOne) {
  NodeUpdate u;
  u.comment = "x";
  EXPECT_EQ(sim_.update_node("queue1-dy-t3micro-[10-11]", u, kRoot).code(),
            Errno::kInvalidNodeName);
  EXPECT_EQ(node("queue1-dy-t3micro-10").comment, "x");
  EXPECT_EQ(sim_.update_node("", u, kRoot).code(), Errno::kInvalidNodeName);
  ASSERT_TRUE(sim_.update_node("queue1-dy-t3micro-[3-4]", state("DRAIN", "rng"), kRoot).ok());
  EXPECT_TRUE(node("queue1-dy-t3micro-3").drain);
  EXPECT_TRUE(node("queue1-dy-t3micro-4").drain);
}

TEST_F(NodeUpdateTest, FutureTakesTheNodeOutUntilResume) {
  ASSERT_TRUE(sim_.update_node("queue1-dy-t3micro-1", state("FUTURE"), kRoot).ok());
  EXPECT_EQ(node("queue1-dy-t3micro-1").base, NodeBase::kFuture);
  ASSERT_TRUE(sim_.update_node("queue1-dy-t3micro-1", state("RESUME"), kRoot).ok());
  EXPECT_EQ(node("queue1-dy-t3micro-1").base, NodeBase::kIdle);
}

TEST_F(NodeUpdateTest, DeleteRefusesConfiguredNodes) {
  EXPECT_EQ(sim_.delete_node("queue1-dy-t3micro-1", kRoot).code(), Errno::kInvalidNodeState);
  EXPECT_EQ(sim_.delete_node("queue2-dy-c5large-[8-9]", kRoot).code(), Errno::kInvalidNodeState);
  EXPECT_EQ(sim_.delete_node("no-such-node", kRoot).code(), Errno::kInvalidNodeName);
  EXPECT_EQ(sim_.nodes().size(), 20u);
}

}  // namespace
}  // namespace scheduler_sim
