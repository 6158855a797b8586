// scontrol requeue and reservations in the simulator, as the real 26.05 controller behaved
// (mock_slurmrestd/tests/data/oracle/26.05/asked/routes/ and asked/requeue/): who may, what
// state and times a requeued job gets, and the reservation list's create, update and delete.
#include <gtest/gtest.h>

#include "scheduler_sim/simulator.h"
#include "sim_fixture.h"

namespace scheduler_sim {
namespace {

using testing_support::kT0;
using testing_support::kUser;
using testing_support::script;

const Identity kRoot{"root", 0, 0};
const Identity kOther{"nobody", 65534, 65534};

class RequeueTest : public testing_support::SimFixture {};

// A running job first shows PENDING+COMPLETING on its node (the epilog, one second here;
// measured: under a second), reason None, its submit and eligible times not yet moved; then
// it waits out the 121 s requeue delay from the second it left its node.
TEST_F(RequeueTest, ARunningJobLeavesItsNodeThenWaitsOutTheRequeueDelay) {
  const uint32_t id = submit(script("sleep 300"));
  sim_.advance(5);
  ASSERT_EQ(sim_.find_job(id)->state, JobState::kRunning);
  const std::string node = sim_.find_job(id)->nodes;
  ASSERT_TRUE(sim_.requeue(id, {}, kUser).ok());
  const Job& j = *sim_.find_job(id);
  EXPECT_EQ(j.state, JobState::kPending);
  EXPECT_TRUE(j.completing);
  EXPECT_EQ(j.state_reason, "None");
  EXPECT_EQ(j.restart_count, 1);
  EXPECT_EQ(j.nodes, node);
  EXPECT_EQ(j.submit_time, kT0);
  EXPECT_EQ(j.eligible_time, kT0);
  EXPECT_EQ(sim_.find_node(node)->completing_jobs, 1);
  EXPECT_EQ(sim_.find_node(node)->alloc_cpus, 0);  // its CPUs are free at once
  sim_.advance(1);
  EXPECT_FALSE(j.completing);
  EXPECT_EQ(j.state_reason, "BeginTime");
  EXPECT_EQ(j.submit_time, kT0 + 6);
  EXPECT_EQ(j.eligible_time, kT0 + 6 + 121);
  EXPECT_TRUE(j.nodes.empty());
  EXPECT_TRUE(j.batch_host.empty());
  EXPECT_EQ(sim_.find_node(node)->completing_jobs, 0);
  EXPECT_FALSE(j.held);
  sim_.advance(120);
  EXPECT_EQ(j.state, JobState::kPending);
  sim_.advance(1);
  EXPECT_EQ(j.state, JobState::kRunning);
  EXPECT_EQ(j.restart_count, 1);
}

TEST_F(RequeueTest, WithoutAnEpilogItSettlesAtOnce) {
  Simulator sim{default_cluster(), {.start_time = kT0, .completing_seconds = 0}};
  SubmitResult r;
  ASSERT_TRUE(sim.submit(script("sleep 300"), kUser, &r).ok());
  sim.advance(5);
  ASSERT_TRUE(sim.requeue(r.job_id, {}, kUser).ok());
  const Job& j = *sim.find_job(r.job_id);
  EXPECT_FALSE(j.completing);
  EXPECT_EQ(j.state_reason, "BeginTime");
  EXPECT_EQ(j.submit_time, kT0 + 5);
  EXPECT_EQ(j.eligible_time, kT0 + 5 + 121);
  EXPECT_TRUE(j.nodes.empty());
}

TEST_F(RequeueTest, HoldLeavesItHeldWithTheDaemonsReason) {
  const uint32_t id = submit(script("sleep 300"));
  ASSERT_TRUE(sim_.requeue(id, {.hold = true}, kUser).ok());
  const Job& j = *sim_.find_job(id);
  EXPECT_TRUE(j.held);
  EXPECT_FALSE(j.special_exit);
  EXPECT_EQ(j.priority, 0);
  EXPECT_EQ(j.state_reason, "JobHeldUser");  // while COMPLETING too
  EXPECT_EQ(j.state_description, "job requeued in held state");
  sim_.advance(600);
  EXPECT_EQ(j.state, JobState::kPending);
  EXPECT_EQ(j.state_reason, "JobHeldUser");
}

// SpecialExit (with Hold): SPECIAL_EXIT over PENDING for as long as the job is held; a second
// requeue is refused as for any pending job; the release ends it and the job waits out the
// requeue delay.
TEST_F(RequeueTest, SpecialExitLastsUntilTheRelease) {
  const uint32_t id = submit(script("sleep 300"));
  sim_.advance(5);
  ASSERT_TRUE(sim_.requeue(id, {.hold = true, .special_exit = true}, kUser).ok());
  const Job& j = *sim_.find_job(id);
  EXPECT_TRUE(j.special_exit);
  EXPECT_TRUE(j.completing);
  sim_.advance(1000);
  EXPECT_TRUE(j.special_exit);
  EXPECT_FALSE(j.completing);
  EXPECT_EQ(j.state, JobState::kPending);
  EXPECT_EQ(j.state_reason, "JobHeldUser");
  EXPECT_EQ(j.eligible_time, kT0 + 6 + 121);
  EXPECT_EQ(sim_.requeue(id, {}, kUser).code(), Errno::kJobPending);
  JobUpdate release;
  release.fields.hold = false;
  ASSERT_TRUE(sim_.update(id, release, kUser).ok());
  EXPECT_FALSE(j.special_exit);
  EXPECT_FALSE(j.held);
  EXPECT_EQ(j.state_description, "");
  EXPECT_EQ(j.state, JobState::kRunning);  // its eligible time is long past
}

TEST_F(RequeueTest, AFinishedJobKeepsItsExitCodeAndWaitsOutTheDelay) {
  const uint32_t failed = submit(script("exit 1"));
  const uint32_t done = submit(script("exit 0"));
  sim_.advance(2);
  ASSERT_EQ(sim_.find_job(failed)->state, JobState::kFailed);
  const int exit_status = sim_.find_job(failed)->exit_status;
  ASSERT_TRUE(sim_.requeue(failed, {}, kUser).ok());
  ASSERT_TRUE(sim_.requeue(done, {}, kUser).ok());
  EXPECT_EQ(sim_.find_job(failed)->state, JobState::kPending);
  EXPECT_FALSE(sim_.find_job(failed)->completing);  // no epilog: it had left its node
  EXPECT_EQ(sim_.find_job(failed)->state_reason, "BeginTime");
  EXPECT_EQ(sim_.find_job(failed)->exit_status, exit_status);
  EXPECT_EQ(sim_.find_job(done)->eligible_time, kT0 + 2 + 121);
  EXPECT_EQ(sim_.find_job(done)->restart_count, 1);
}

// A TIMEOUT job is requeued like the other finished ones (measured on 26.05).
TEST_F(RequeueTest, ATimedOutJobIsRequeued) {
  JobSpec limited = script("sleep 600");
  limited.time_limit = 1;
  const uint32_t id = submit(limited);
  sim_.advance(61);
  ASSERT_EQ(sim_.find_job(id)->state, JobState::kTimeout);
  ASSERT_TRUE(sim_.requeue(id, {}, kUser).ok());
  const Job& j = *sim_.find_job(id);
  EXPECT_EQ(j.state, JobState::kPending);
  EXPECT_EQ(j.restart_count, 1);
  EXPECT_EQ(j.submit_time, kT0 + 61);
  EXPECT_EQ(j.eligible_time, kT0 + 61 + 121);
  sim_.advance(121);
  EXPECT_EQ(j.state, JobState::kRunning);
}

// Incomplete requeues only a job still running; a pending or finished one is passed over
// (Ok, nothing changes), even one that may not be requeued.
TEST_F(RequeueTest, IncompletePassesOverJobsNotRunning) {
  const RequeueOptions incomplete{.incomplete = true};
  const uint32_t failed = submit(script("exit 1"));
  JobSpec limited = script("sleep 600");
  limited.time_limit = 1;
  const uint32_t timed_out = submit(limited);
  JobSpec held = script("sleep 300");
  held.hold = true;
  held.requeue = false;
  const uint32_t pending = submit(held);
  sim_.advance(61);
  const uint32_t running = submit(script("sleep 300"));
  for (uint32_t id : {failed, timed_out, pending}) {
    const JobState before = sim_.find_job(id)->state;
    EXPECT_TRUE(sim_.requeue(id, incomplete, kUser).ok()) << id;
    EXPECT_EQ(sim_.find_job(id)->state, before) << id;
    EXPECT_EQ(sim_.find_job(id)->restart_count, 0) << id;
  }
  ASSERT_TRUE(sim_.requeue(running, incomplete, kUser).ok());
  EXPECT_EQ(sim_.find_job(running)->state, JobState::kPending);
  EXPECT_EQ(sim_.find_job(running)->restart_count, 1);
}

// A job submitted with requeue off: 2037 whatever its state (before the pending test), and a
// node set DOWN under it ends it NODE_FAIL (NodeDown) instead of requeueing it.
TEST_F(RequeueTest, AJobThatMayNotBeRequeuedIsRefusedAndFailsWithItsNode) {
  JobSpec spec = script("sleep 300");
  spec.requeue = false;
  const uint32_t running = submit(spec);
  JobSpec held = spec;
  held.hold = true;
  const uint32_t pending = submit(held);
  EXPECT_EQ(sim_.requeue(running, {}, kUser).code(), Errno::kDisabled);
  EXPECT_EQ(sim_.requeue(running, {.incomplete = true}, kUser).code(), Errno::kDisabled);
  EXPECT_EQ(sim_.requeue(pending, {}, kUser).code(), Errno::kDisabled);
  NodeUpdate down;
  down.state = "DOWN";
  down.reason = "test";
  ASSERT_TRUE(sim_.update_node(sim_.find_job(running)->nodes, down, kRoot).ok());
  const Job& j = *sim_.find_job(running);
  EXPECT_EQ(j.state, JobState::kNodeFail);
  EXPECT_EQ(j.state_reason, "NodeDown");
  EXPECT_EQ(j.restart_count, 0);
  EXPECT_EQ(sim_.requeue(running, {}, kUser).code(), Errno::kDisabled);
}

// An array's own id requeues its every running task; a task's own id that task alone.
TEST_F(RequeueTest, AnArraysIdRequeuesEveryTask) {
  JobSpec spec = script("sleep 300");
  spec.array = "0-1";
  const uint32_t array = submit(spec);
  sim_.advance(1);
  const std::optional<uint32_t> task0 = sim_.array_task_job(array, 0);
  const std::optional<uint32_t> task1 = sim_.array_task_job(array, 1);
  ASSERT_TRUE(task0 && task1);
  EXPECT_FALSE(sim_.array_task_job(array, 7).has_value());
  const uint32_t other = *task0 == array ? *task1 : *task0;
  ASSERT_EQ(sim_.find_job(other)->state, JobState::kRunning);
  ASSERT_TRUE(sim_.requeue(other, {}, kUser).ok());
  EXPECT_EQ(sim_.find_job(other)->state, JobState::kPending);
  EXPECT_EQ(sim_.find_job(array)->state, JobState::kRunning);
  sim_.advance(1);
  // The other task is pending now: passed over; the array's own record is requeued.
  ASSERT_TRUE(sim_.requeue(array, {}, kUser).ok());
  EXPECT_EQ(sim_.find_job(array)->state, JobState::kPending);
  EXPECT_EQ(sim_.find_job(array)->restart_count, 1);
  EXPECT_EQ(sim_.find_job(other)->restart_count, 1);
}

TEST_F(RequeueTest, AnArraysIdRequeuesBothRunningTasksTogether) {
  JobSpec spec = script("sleep 300");
  spec.array = "0-1";
  const uint32_t array = submit(spec);
  sim_.advance(1);
  const uint32_t other = *sim_.array_task_job(array, 0) == array ? *sim_.array_task_job(array, 1)
                                                                 : *sim_.array_task_job(array, 0);
  ASSERT_TRUE(sim_.requeue(array, {}, kUser).ok());
  for (uint32_t id : {array, other}) {
    EXPECT_EQ(sim_.find_job(id)->state, JobState::kPending) << id;
    EXPECT_TRUE(sim_.find_job(id)->completing) << id;
    EXPECT_EQ(sim_.find_job(id)->restart_count, 1) << id;
  }
}

// A heterogeneous job: a component is refused (2107), the leader requeues every component.
TEST_F(RequeueTest, AHeterogeneousLeaderRequeuesEveryComponent) {
  const JobSpec component_spec = script("sleep 300");
  SubmitResult r;
  ASSERT_TRUE(sim_.submit_het({component_spec, component_spec}, kUser, &r).ok());
  sim_.advance(1);
  const uint32_t leader = r.job_id, component = r.job_id + 1;
  ASSERT_EQ(sim_.find_job(component)->het_job_id, leader);
  ASSERT_EQ(sim_.find_job(leader)->state, JobState::kRunning);
  EXPECT_EQ(sim_.requeue(component, {}, kUser).code(), Errno::kNotHetJobLeader);
  EXPECT_EQ(sim_.find_job(component)->state, JobState::kRunning);
  ASSERT_TRUE(sim_.requeue(leader, {}, kUser).ok());
  sim_.advance(1);
  for (uint32_t id : {leader, component}) {
    EXPECT_EQ(sim_.find_job(id)->state, JobState::kPending) << id;
    EXPECT_EQ(sim_.find_job(id)->state_reason, "BeginTime") << id;
    EXPECT_EQ(sim_.find_job(id)->restart_count, 1) << id;
  }
}

// Cancelled while its requeue's epilog runs: it leaves its node and ends CANCELLED.
TEST_F(RequeueTest, ACancelDuringTheRequeuesEpilogEndsIt) {
  const uint32_t id = submit(script("sleep 300"));
  const std::string node = sim_.find_job(id)->nodes;
  ASSERT_TRUE(sim_.requeue(id, {}, kUser).ok());
  ASSERT_TRUE(sim_.signal(id, 9, kUser).ok());
  const Job& j = *sim_.find_job(id);
  EXPECT_EQ(j.state, JobState::kCancelled);
  EXPECT_FALSE(j.completing);
  EXPECT_EQ(sim_.find_node(node)->completing_jobs, 0);
  sim_.advance(5);
  EXPECT_EQ(j.state, JobState::kCancelled);
}

TEST_F(RequeueTest, RefusalsChangeNothing) {
  JobSpec held = script("sleep 300");
  held.hold = true;
  const uint32_t pending = submit(held);
  EXPECT_EQ(sim_.requeue(pending, {}, kUser).code(), Errno::kJobPending);
  EXPECT_EQ(sim_.requeue(pending, {.hold = true}, kUser).code(), Errno::kJobPending);
  EXPECT_EQ(sim_.requeue(999, {}, kUser).code(), Errno::kInvalidJobId);
  const uint32_t running = submit(script("sleep 300"));
  EXPECT_EQ(sim_.requeue(running, {}, kOther).code(), Errno::kAccessDenied);
  EXPECT_EQ(sim_.find_job(running)->state, JobState::kRunning);
  EXPECT_TRUE(sim_.requeue(running, {}, kRoot).ok());  // an administrator may
}

class ReservationTest : public testing_support::SimFixture {
 protected:
  static ReservationRequest resv(const std::string& name, const std::string& nodes) {
    ReservationRequest r;
    r.name = name;
    r.node_list = nodes;
    r.start_time = kT0 + 3600;
    r.duration_minutes = 60;
    r.users = "ec2-user";
    return r;
  }
};

TEST_F(ReservationTest, AdministratorsCreateUpdateAndDelete) {
  EXPECT_EQ(sim_.set_reservation(resv("r1", "queue1-dy-t3micro-[1-2]"), kUser).code(),
            Errno::kUserIdMissing);
  EXPECT_TRUE(sim_.reservations().empty());
  ASSERT_TRUE(sim_.set_reservation(resv("r1", "queue1-dy-t3micro-[2,1]"), kRoot).ok());
  ASSERT_EQ(sim_.reservations().size(), 1u);
  const Reservation& r = sim_.reservations()[0];
  EXPECT_EQ(r.node_list, "queue1-dy-t3micro-[1-2]");
  EXPECT_EQ(r.end_time, kT0 + 3600 + 3600);
  EXPECT_GT(r.core_count, 0);
  ReservationRequest longer;
  longer.name = "r1";
  longer.duration_minutes = 120;
  longer.comment = "longer";
  ASSERT_TRUE(sim_.set_reservation(longer, kRoot).ok());
  EXPECT_EQ(sim_.reservations()[0].start_time, kT0 + 3600);
  EXPECT_EQ(sim_.reservations()[0].end_time, kT0 + 3600 + 7200);
  EXPECT_EQ(sim_.reservations()[0].users, "ec2-user");
  EXPECT_EQ(sim_.reservations()[0].comment, "longer");
  EXPECT_EQ(sim_.set_reservation(resv("r2", "no-such-node"), kRoot).code(),
            Errno::kInvalidNodeName);
  EXPECT_EQ(sim_.set_reservation(resv("", "queue1-dy-t3micro-3"), kRoot).code(),
            Errno::kInvalidReservation);
  EXPECT_EQ(sim_.delete_reservation("r1", kUser).code(), Errno::kUserIdMissing);
  ASSERT_TRUE(sim_.delete_reservation("r1", kRoot).ok());
  EXPECT_EQ(sim_.delete_reservation("r1", kRoot).code(), Errno::kInvalidReservation);
  EXPECT_TRUE(sim_.reservations().empty());
}

}  // namespace
}  // namespace scheduler_sim
