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
  // RUNNING -> FAILED by a SIGKILL to the batch step only (BATCH_JOB, measured on 24.11): the
  // script killed, RaisedSignal; a pending job gets the ordinary cancel.
  const uint32_t batch = submit(script("sleep 600"));
  ASSERT_TRUE(sim_.signal_batch_step(batch, 9, kUser).ok());
  EXPECT_EQ(state(batch), JobState::kFailed);
  EXPECT_EQ(sim_.find_job(batch)->state_reason, "RaisedSignal");
  EXPECT_EQ(sim_.find_job(batch)->state_description, "RaisedSignal:9(Killed)");
  EXPECT_EQ(sim_.find_job(batch)->exit_status, 9);  // a wait status: killed by signal 9
  const uint32_t held_batch = submit(held);
  ASSERT_TRUE(sim_.signal_batch_step(held_batch, 9, kUser).ok());
  EXPECT_EQ(state(held_batch), JobState::kCancelled);
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
  // COMPLETED, FAILED, CANCELLED, TIMEOUT -> PENDING: scontrol requeue.
  ASSERT_TRUE(sim_.requeue(done, {}, kUser).ok());
  EXPECT_EQ(state(done), JobState::kPending);
  ASSERT_TRUE(sim_.requeue(failed, {}, kUser).ok());
  EXPECT_EQ(state(failed), JobState::kPending);
  ASSERT_TRUE(sim_.requeue(running, {}, kUser).ok());
  EXPECT_EQ(state(running), JobState::kPending);
  // TIMEOUT -> PENDING: scontrol requeue (measured on 26.05).
  ASSERT_TRUE(sim_.requeue(timeout, {}, kUser).ok());
  EXPECT_EQ(state(timeout), JobState::kPending);

  const std::set<JobTransition> listed(job_transitions().begin(), job_transitions().end());
  EXPECT_EQ(watch.seen(), listed);
}

TEST_F(JobStateMachineTest, AnUnlistedTransitionIsRefusedAndChangesNothing) {
  const uint32_t id = submit(script("sleep 1"));
  sim_.advance(1);
  Job finished = *sim_.find_job(id);
  ASSERT_EQ(finished.state, JobState::kCompleted);
  EXPECT_THROW(transition(finished, JobState::kRunning), std::logic_error);
  EXPECT_THROW(transition(finished, JobState::kSuspended), std::logic_error);
  EXPECT_EQ(finished.state, JobState::kCompleted);
  JobSpec held = script("sleep 1");
  held.hold = true;
  Job pending = *sim_.find_job(submit(held));
  EXPECT_THROW(transition(pending, JobState::kTimeout), std::logic_error);
  EXPECT_THROW(transition(pending, JobState::kNodeFail), std::logic_error);
  EXPECT_EQ(pending.state, JobState::kPending);
  // Finished states are terminal but for a requeue; only the listed pairs pass.
  const std::set<JobTransition> listed(job_transitions().begin(), job_transitions().end());
  for (int a = 0; a <= static_cast<int>(JobState::kOutOfMemory); ++a)
    for (int b = 0; b <= static_cast<int>(JobState::kOutOfMemory); ++b) {
      const JobTransition t{static_cast<JobState>(a), static_cast<JobState>(b)};
      EXPECT_EQ(transition_allowed(t.first, t.second), listed.count(t) == 1) << a << "->" << b;
      if (is_finished(t.first) && t.second != JobState::kPending) {
        EXPECT_FALSE(transition_allowed(t.first, t.second)) << a;
      }
    }
}

// COMPLETING (a flag over the finished state, one second by default): a job that ran shows it
// after a cancel and after its own end; its CPUs are free at once and its nodes carry the flag.
TEST_F(JobStateMachineTest, AJobThatRanIsCompletingForOneSecondAfterItEnds) {
  const uint32_t cancelled = submit(script("sleep 600"));
  const Job& c = *sim_.find_job(cancelled);
  const Node& node = *sim_.find_node(c.batch_host);
  sim_.advance(5);
  ASSERT_TRUE(sim_.signal(cancelled, 9, kUser).ok());
  EXPECT_EQ(c.state, JobState::kCancelled);
  EXPECT_TRUE(c.completing);
  EXPECT_EQ(c.end_time, kT0 + 5);
  EXPECT_EQ(node.completing_jobs, 1);
  EXPECT_EQ(node.alloc_cpus, 0);
  EXPECT_EQ(node.base, NodeBase::kIdle);
  sim_.advance(1);
  EXPECT_FALSE(c.completing);
  EXPECT_EQ(c.state, JobState::kCancelled);
  EXPECT_EQ(node.completing_jobs, 0);

  const uint32_t ended = submit(script("sleep 10"));  // starts at +6, ends at +16
  const Job& e = *sim_.find_job(ended);
  sim_.advance(9);
  EXPECT_EQ(e.state, JobState::kRunning);
  EXPECT_FALSE(e.completing);
  sim_.advance(1);
  EXPECT_EQ(e.state, JobState::kCompleted);
  EXPECT_TRUE(e.completing);
  EXPECT_EQ(sim_.find_node(e.batch_host)->completing_jobs, 1);
  sim_.advance(1);
  EXPECT_FALSE(e.completing);
  EXPECT_EQ(sim_.find_node(e.batch_host)->completing_jobs, 0);
}

// A node that goes down runs no epilog: its job is NODE_FAIL at once.
TEST_F(JobStateMachineTest, ANodeFailureIsNotCompleting) {
  const uint32_t id = submit(script("sleep 600"));
  const std::string node = sim_.find_job(id)->batch_host;
  ASSERT_TRUE(sim_.set_node_state(node, "down", "test").ok());
  EXPECT_EQ(state(id), JobState::kNodeFail);
  EXPECT_FALSE(sim_.find_job(id)->completing);
  EXPECT_EQ(sim_.find_node(node)->completing_jobs, 0);
}

TEST_F(JobStateMachineTest, AJobThatNeverRanIsNeverCompleting) {
  JobSpec held = script("sleep 600");
  held.hold = true;
  const uint32_t id = submit(held);
  ASSERT_TRUE(sim_.signal(id, 9, kUser).ok());
  EXPECT_EQ(state(id), JobState::kCancelled);
  EXPECT_FALSE(sim_.find_job(id)->completing);
  for (const Node& n : sim_.nodes()) EXPECT_EQ(n.completing_jobs, 0) << n.config.name;
}

TEST(JobStateMachineCompleting, TheDurationIsAnOption) {
  for (int64_t seconds : {0, 10}) {
    Simulator sim(default_cluster(), {.start_time = kT0, .completing_seconds = seconds});
    SubmitResult r;
    ASSERT_TRUE(sim.submit(script("sleep 600"), kUser, &r).ok());
    const Node& node = *sim.find_node(sim.find_job(r.job_id)->batch_host);
    ASSERT_TRUE(sim.signal(r.job_id, 9, kUser).ok());
    EXPECT_EQ(sim.find_job(r.job_id)->completing, seconds > 0) << seconds;
    EXPECT_EQ(node.completing_jobs, seconds > 0 ? 1 : 0) << seconds;
    if (seconds > 0) {
      sim.advance(seconds - 1);
      EXPECT_TRUE(sim.find_job(r.job_id)->completing);
      sim.advance(1);
      EXPECT_FALSE(sim.find_job(r.job_id)->completing);
      EXPECT_EQ(node.completing_jobs, 0);
    }
  }
}

// A MinJobAge shorter than the epilog: the purge ends the completing phase, so the node's flag
// does not outlive the job.
TEST(JobStateMachineCompleting, APurgeEndsIt) {
  ClusterConfig config = default_cluster();
  config.min_job_age = 2;
  Simulator sim(config, {.start_time = kT0, .completing_seconds = 10});
  SubmitResult r;
  ASSERT_TRUE(sim.submit(script("sleep 600"), kUser, &r).ok());
  const Node& node = *sim.find_node(sim.find_job(r.job_id)->batch_host);
  ASSERT_TRUE(sim.signal(r.job_id, 9, kUser).ok());
  EXPECT_EQ(node.completing_jobs, 1);
  sim.advance(2);
  EXPECT_EQ(sim.find_job(r.job_id), nullptr);
  EXPECT_EQ(node.completing_jobs, 0);
  sim.advance(10);  // the stale epilog event finds no job
  EXPECT_EQ(node.completing_jobs, 0);
}

TEST(JobStateMachineCompleting, OnlyAFinishedJobCanBeCompleting) {
  Job job;
  job.state = JobState::kRunning;
  EXPECT_THROW(begin_completing(job), std::logic_error);
  EXPECT_FALSE(job.completing);
  job.state = JobState::kCancelled;
  EXPECT_THROW(end_completing(job), std::logic_error);
  begin_completing(job);
  EXPECT_TRUE(job.completing);
  EXPECT_THROW(begin_completing(job), std::logic_error);
  end_completing(job);
  EXPECT_FALSE(job.completing);
}

}  // namespace
}  // namespace scheduler_sim
