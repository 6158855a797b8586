// The job state machine: every transition its table lists happens in the real simulator, driven
// by submits, cancels, time and node faults; and no other transition is let through.
#include "job_state_machine.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

#include "scheduler_sim/simulator.h"
#include "sim_fixture.h"

namespace scheduler_sim {
namespace {

using testing_support::kT0;
using testing_support::kUser;
using testing_support::script;

// Records every transition the simulator makes while it lives.
class Watch {
 public:
  Watch() {
    set_transition_observer(
        [](const Job& job, JobState from, void* self) {
          static_cast<Watch*>(self)->seen_.insert({from, job.state});
        },
        this);
  }
  ~Watch() { set_transition_observer(nullptr, nullptr); }
  const std::set<JobTransition>& seen() const { return seen_; }

 private:
  std::set<JobTransition> seen_;
};

class JobStateMachineTest : public testing_support::SimFixture {
 protected:
  JobState state(uint32_t id) { return sim_.find_job(id)->state; }
};

TEST_F(JobStateMachineTest, EveryListedTransitionHappensInTheSimulator) {
  Watch watch;
  // PENDING -> RUNNING -> COMPLETED
  const uint32_t done = submit(script("sleep 10"));
  EXPECT_EQ(state(done), JobState::kRunning);
  sim_.advance(10);
  EXPECT_EQ(state(done), JobState::kCompleted);
  // RUNNING -> FAILED (non-zero exit)
  const uint32_t failed = submit(script("exit 3"));
  sim_.advance(1);
  EXPECT_EQ(state(failed), JobState::kFailed);
  // RUNNING -> TIMEOUT
  JobSpec limited = script("sleep 600");
  limited.time_limit = 1;
  const uint32_t timeout = submit(limited);
  sim_.advance(60);
  EXPECT_EQ(state(timeout), JobState::kTimeout);
  // RUNNING -> CANCELLED, PENDING -> CANCELLED
  const uint32_t running = submit(script("sleep 600"));
  ASSERT_TRUE(sim_.signal(running, 9, kUser).ok());
  EXPECT_EQ(state(running), JobState::kCancelled);
  JobSpec held = script("sleep 600");
  held.hold = true;
  const uint32_t pending = submit(held);
  ASSERT_TRUE(sim_.signal(pending, 9, kUser).ok());
  EXPECT_EQ(state(pending), JobState::kCancelled);
  // RUNNING -> NODE_FAIL
  const uint32_t on_node = submit(script("sleep 600"));
  ASSERT_EQ(state(on_node), JobState::kRunning);
  ASSERT_TRUE(sim_.set_node_state(sim_.find_job(on_node)->batch_host, "down", "test").ok());
  EXPECT_EQ(state(on_node), JobState::kNodeFail);
  // PENDING -> FAILED: a request the node selection test refuses leaves a FAILED record.
  JobSpec no_nodes = script("sleep 1");
  no_nodes.nodes = "0";
  SubmitResult r;
  EXPECT_EQ(sim_.submit(no_nodes, kUser, &r).code(), Errno::kInvalidNodeCount);
  EXPECT_EQ(state(on_node + 1), JobState::kFailed);
  // RUNNING -> PENDING: no credential for an unknown user; the start is undone (requeue).
  const uint32_t requeued = submit(script("sleep 600"), Identity{"ghost", 5000, 5000, false});
  EXPECT_EQ(state(requeued), JobState::kPending);
  EXPECT_EQ(sim_.find_job(requeued)->restart_count, 1);

  const std::set<JobTransition> listed(job_transitions().begin(), job_transitions().end());
  EXPECT_EQ(watch.seen(), listed);
}

TEST_F(JobStateMachineTest, AnUnlistedTransitionIsRefusedAndChangesNothing) {
  const uint32_t id = submit(script("sleep 1"));
  sim_.advance(1);
  Job finished = *sim_.find_job(id);
  ASSERT_EQ(finished.state, JobState::kCompleted);
  EXPECT_THROW(transition(finished, JobState::kRunning), std::logic_error);
  EXPECT_THROW(transition(finished, JobState::kPending), std::logic_error);
  EXPECT_EQ(finished.state, JobState::kCompleted);
  JobSpec held = script("sleep 1");
  held.hold = true;
  Job pending = *sim_.find_job(submit(held));
  EXPECT_THROW(transition(pending, JobState::kTimeout), std::logic_error);
  EXPECT_THROW(transition(pending, JobState::kNodeFail), std::logic_error);
  EXPECT_EQ(pending.state, JobState::kPending);
  // Finished states are terminal; only the listed pairs pass.
  const std::set<JobTransition> listed(job_transitions().begin(), job_transitions().end());
  for (int a = 0; a <= static_cast<int>(JobState::kOutOfMemory); ++a)
    for (int b = 0; b <= static_cast<int>(JobState::kOutOfMemory); ++b) {
      const JobTransition t{static_cast<JobState>(a), static_cast<JobState>(b)};
      EXPECT_EQ(transition_allowed(t.first, t.second), listed.count(t) == 1) << a << "->" << b;
      if (is_finished(t.first)) {
        EXPECT_FALSE(transition_allowed(t.first, t.second)) << a;
      }
    }
}

}  // namespace
}  // namespace scheduler_sim
