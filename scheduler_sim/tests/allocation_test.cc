// Allocations without a batch step (salloc, the REST API's job/allocate), as the real 24.11 and
// 26.05 controllers kept them (docs/simulator.md, "Allocations").
#include <gtest/gtest.h>

#include "sim_fixture.h"

namespace scheduler_sim {
namespace {

using testing_support::kUser;
using testing_support::SimFixture;

const Identity kRoot{"root", 0, 0};

class AllocationTest : public SimFixture {
 protected:
  const Job& job(uint32_t id) const { return *sim_.find_job(id); }
  static JobSpec allocation(std::optional<int64_t> minutes = std::nullopt) {
    JobSpec s;  // no script
    s.batch = false;
    s.partition = "queue2";
    s.time_limit = minutes;
    return s;
  }
  int alloc_cpus(const char* node) const {
    for (const Node& n : sim_.nodes())
      if (n.config.name == node) return n.alloc_cpus;
    return -1;
  }
};

TEST_F(AllocationTest, RunsWithoutAScriptUntilItsTimeLimitThenTimesOutWithStatusZero) {
  const uint32_t id = submit(allocation(1));
  EXPECT_EQ(job(id).state, JobState::kRunning);
  EXPECT_EQ(job(id).nodes, "queue2-dy-c5large-1");
  EXPECT_EQ(alloc_cpus("queue2-dy-c5large-1"), 1);
  sim_.advance(59);
  EXPECT_EQ(job(id).state, JobState::kRunning);  // an empty script would have been requeued
  EXPECT_EQ(job(id).restart_count, 0);
  sim_.advance(1);
  EXPECT_EQ(job(id).state, JobState::kTimeout);
  EXPECT_EQ(job(id).state_reason, "TimeLimit");
  EXPECT_EQ(job(id).exit_status, 0);  // a batch job's is 15
  EXPECT_EQ(alloc_cpus("queue2-dy-c5large-1"), 0);
}

TEST_F(AllocationTest, WithoutALimitItRunsUntilCancelledWhichEndsItWithStatusZero) {
  const uint32_t id = submit(allocation());
  sim_.advance(30 * 86400);
  EXPECT_EQ(job(id).state, JobState::kRunning);
  ASSERT_TRUE(sim_.signal(id, 9, kUser).ok());
  EXPECT_EQ(job(id).state, JobState::kCancelled);
  EXPECT_TRUE(job(id).completing);
  EXPECT_EQ(job(id).exit_status, 0);
  EXPECT_EQ(alloc_cpus("queue2-dy-c5large-1"), 0);
}

TEST_F(AllocationTest, OtherSignalsReachNoStepAndLeaveItRunning) {
  const uint32_t id = submit(allocation());
  ASSERT_TRUE(sim_.signal(id, 10, kUser).ok());  // SIGUSR1
  EXPECT_EQ(job(id).state, JobState::kRunning);
  EXPECT_EQ(job(id).exit_status, 0);
}

TEST_F(AllocationTest, ANodeSetDownEndsItAsNodeFailWithSighupInsteadOfARequeue) {
  const uint32_t alloc = submit(allocation());
  JobSpec batch = testing_support::script("sleep 600");
  batch.partition = "queue2";
  const uint32_t batch_id = submit(batch);
  ASSERT_EQ(job(batch_id).nodes, "queue2-dy-c5large-1");  // beside the allocation
  NodeUpdate down;
  down.state = "DOWN";
  down.reason = "probe";
  ASSERT_TRUE(sim_.update_node("queue2-dy-c5large-1", down, kRoot).ok());
  EXPECT_EQ(job(alloc).state, JobState::kNodeFail);
  EXPECT_EQ(job(alloc).state_reason, "NodeDown");
  EXPECT_EQ(job(alloc).exit_status, 1);
  EXPECT_EQ(job(batch_id).state, JobState::kPending);  // the batch job is requeued
  EXPECT_EQ(job(batch_id).restart_count, 1);
}

TEST_F(AllocationTest, AnAllocationThatCannotStartWaitsLikeAnyJob) {
  JobSpec big = allocation();
  big.nodes = "10";
  big.exclusive = true;
  const uint32_t first = submit(big);
  ASSERT_EQ(job(first).state, JobState::kRunning);
  const uint32_t second = submit(allocation());
  EXPECT_EQ(job(second).state, JobState::kPending);
  EXPECT_EQ(job(second).state_reason, "Resources");
  ASSERT_TRUE(sim_.signal(first, 9, kUser).ok());
  EXPECT_EQ(job(second).state, JobState::kRunning);
}

}  // namespace
}  // namespace scheduler_sim
