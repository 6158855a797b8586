// Required and excluded nodes and the minimum time of a submission, as the oracle took and
// scheduled them (docs/oracle-notes/versions-22.05.md, "Job keys read by every version").
#include <gtest/gtest.h>

#include "sim_fixture.h"

namespace scheduler_sim {
namespace {

using testing_support::kUser;
using testing_support::script;
using testing_support::SimFixture;

class NodeRequestTest : public SimFixture {
 protected:
  const Job& job(uint32_t id) const { return *sim_.find_job(id); }
  Status try_submit(const JobSpec& spec, uint32_t* id = nullptr) {
    SubmitResult r;
    Status s = sim_.submit(spec, kUser, &r);
    if (id) *id = r.job_id;
    return s;
  }
  static JobSpec on(const char* required, const char* excluded = nullptr) {
    JobSpec s = script("sleep 600");
    if (required) s.required_nodes = required;
    if (excluded) s.excluded_nodes = excluded;
    return s;
  }
};

TEST_F(NodeRequestTest, AJobRunsOnTheNodesItRequires) {
  const uint32_t one = submit(on("queue1-dy-t3micro-3"));
  EXPECT_EQ(job(one).state, JobState::kRunning);
  EXPECT_EQ(job(one).nodes, "queue1-dy-t3micro-3");
  const uint32_t two = submit(on("queue1-dy-t3micro-6,queue1-dy-t3micro-5"));
  EXPECT_EQ(job(two).state, JobState::kRunning);
  EXPECT_EQ(job(two).nodes, "queue1-dy-t3micro-[5-6]");
  EXPECT_EQ(job(two).node_count, 2);
}

TEST_F(NodeRequestTest, AJobNeverGetsAnExcludedNode) {
  const uint32_t id = submit(on(nullptr, "queue1-dy-t3micro-[1-9]"));
  EXPECT_EQ(job(id).state, JobState::kRunning);
  EXPECT_EQ(job(id).nodes, "queue1-dy-t3micro-10");
}

TEST_F(NodeRequestTest, ARequiredNodeThatIsBusyKeepsTheJobWaitingForIt) {
  JobSpec fill = script("sleep 100");
  fill.cpus_per_task = 2;
  fill.required_nodes = "queue1-dy-t3micro-3";
  const uint32_t first = submit(fill);
  ASSERT_EQ(job(first).nodes, "queue1-dy-t3micro-3");
  const uint32_t waiting = submit(on("queue1-dy-t3micro-3"));
  EXPECT_EQ(job(waiting).state, JobState::kPending);  // other nodes are free, yet it waits
  sim_.advance(101);
  EXPECT_EQ(job(waiting).state, JobState::kRunning);
  EXPECT_EQ(job(waiting).nodes, "queue1-dy-t3micro-3");
}

TEST_F(NodeRequestTest, UnknownOrContradictoryNamesAreRefusedWithoutUsingAJobId) {
  EXPECT_EQ(try_submit(on("nosuch")).code(), Errno::kInvalidNodeName);
  EXPECT_EQ(try_submit(on(nullptr, "5")).code(), Errno::kInvalidNodeName);
  EXPECT_EQ(try_submit(on("queue1-dy-t3micro-3", "queue1-dy-t3micro-3")).code(),
            Errno::kInvalidNodeName);
  EXPECT_EQ(submit(script("sleep 1")), 1u);
}

TEST_F(NodeRequestTest, NodesTheJobCannotHaveAreRefusedUnlessItIsHeld) {
  uint32_t id = 0;
  // A node of another partition, every node of the partition excluded: 2014, with a record.
  EXPECT_EQ(try_submit(on("queue2-dy-c5large-1"), &id).code(),
            Errno::kRequestedNodeConfigUnavailable);
  EXPECT_EQ(try_submit(on(nullptr, "queue1-dy-t3micro-[1-10]")).code(),
            Errno::kRequestedNodeConfigUnavailable);
  ASSERT_NE(sim_.find_job(1), nullptr);
  EXPECT_EQ(job(1).state, JobState::kFailed);
  EXPECT_EQ(job(1).state_reason, "BadConstraints");
  // More required nodes than the node count allows, or an empty list: 2006.
  JobSpec too_many = on("queue1-dy-t3micro-[3-5]");
  too_many.nodes = "2";
  EXPECT_EQ(try_submit(too_many).code(), Errno::kInvalidNodeCount);
  EXPECT_EQ(try_submit(on("")).code(), Errno::kInvalidNodeCount);
  // Held, the same requests are taken.
  for (JobSpec held : {on("queue2-dy-c5large-1"), on(nullptr, "queue1-dy-t3micro-[1-10]")}) {
    held.hold = true;
    ASSERT_TRUE(try_submit(held, &id).ok());
    EXPECT_EQ(job(id).state_reason, "JobHeldUser");
  }
}

TEST_F(NodeRequestTest, ANodeCountAboveTheRequiredNodesIsKept) {
  JobSpec s = on("queue1-dy-t3micro-3");
  s.nodes = "3";
  const uint32_t id = submit(s);
  EXPECT_EQ(job(id).node_count, 3);
  EXPECT_EQ(job(id).state, JobState::kRunning) << job(id).state_reason;
  EXPECT_EQ(job(id).nodes, "queue1-dy-t3micro-[1-3]");  // node 3, then the first free ones
}

TEST_F(NodeRequestTest, ARequiredNodeThatIsDrainedOrDownKeepsTheJobWaitingWithReqNodeNotAvail) {
  const Identity root{"root", 0, 0};
  NodeUpdate drain;
  drain.state = "DRAIN";
  drain.reason = "probe";
  ASSERT_TRUE(sim_.update_node("queue1-dy-t3micro-2", drain, root).ok());
  uint32_t id = 0;
  // Queued all the same: the submission's return code says why (24.11: 200, job id, 2068).
  EXPECT_EQ(try_submit(on("queue1-dy-t3micro-2"), &id).code(), Errno::kRequiredNodeNotAvailable);
  ASSERT_NE(id, 0u);
  EXPECT_EQ(job(id).state, JobState::kPending);
  EXPECT_EQ(job(id).state_reason, "ReqNodeNotAvail");
  EXPECT_EQ(job(id).state_description, "ReqNodeNotAvail, May be reserved for other job");
  sim_.advance(60);
  EXPECT_EQ(job(id).state_reason, "ReqNodeNotAvail");
  NodeUpdate resume;
  resume.state = "RESUME";
  ASSERT_TRUE(sim_.update_node("queue1-dy-t3micro-2", resume, root).ok());
  EXPECT_EQ(job(id).state, JobState::kRunning);
  EXPECT_EQ(job(id).nodes, "queue1-dy-t3micro-2");
  EXPECT_EQ(job(id).state_description, "");
  // A down node the same.
  ASSERT_TRUE(sim_.set_node_state("queue1-dy-t3micro-4", "down", "probe").ok());
  EXPECT_EQ(try_submit(on("queue1-dy-t3micro-4"), &id).code(), Errno::kRequiredNodeNotAvailable);
  EXPECT_EQ(job(id).state_reason, "ReqNodeNotAvail");
}

TEST_F(NodeRequestTest, From2411MoreRequiredNodesThanTheCountAllowsTakesTheFirstOnes) {
  Simulator modern{default_cluster(),
                   {.start_time = testing_support::kT0, .required_nodes_beyond_count = true}};
  JobSpec s = on("queue1-dy-t3micro-[3-5]");
  s.nodes = "2";
  SubmitResult r;
  ASSERT_TRUE(modern.submit(s, kUser, &r).ok());
  const Job& j = *modern.find_job(r.job_id);
  EXPECT_EQ(j.state, JobState::kRunning);
  EXPECT_EQ(j.nodes, "queue1-dy-t3micro-[3-4]");  // measured on 24.11
  EXPECT_EQ(j.node_count, 2);
}

TEST_F(NodeRequestTest, AMinimumTimeAboveTheLimitIsRefused) {
  JobSpec s = script("sleep 1");
  s.time_minimum = 30;
  s.time_limit = 20;
  EXPECT_EQ(try_submit(s).code(), Errno::kInvalidTimeMin);
  s.time_minimum = 10;
  EXPECT_TRUE(try_submit(s).ok());
  // INFINITE needs an UNLIMITED limit; a finite minimum needs no limit at all.
  s.time_minimum = kInfiniteMinutes;
  s.time_limit.reset();
  EXPECT_EQ(try_submit(s).code(), Errno::kInvalidTimeMin);
  s.time_limit = kInfiniteMinutes;
  EXPECT_TRUE(try_submit(s).ok());
  s.time_minimum = 10;
  s.time_limit.reset();
  uint32_t id = 0;
  EXPECT_TRUE(try_submit(s, &id).ok());
  EXPECT_EQ(id, 3u);  // the refusals used up no job id
}

}  // namespace
}  // namespace scheduler_sim
