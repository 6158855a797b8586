// scontrol requeue and reservations in the simulator, as the real 26.05 controller behaved
// (mock_slurmrestd/tests/data/oracle/26.05/asked/routes/): who may, what state and times a
// requeued job gets, and the reservation list's create, update and delete.
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

TEST_F(RequeueTest, ARunningJobWaitsOutTheRequeueDelayThenRunsAgain) {
  const uint32_t id = submit(script("sleep 300"));
  sim_.advance(5);
  ASSERT_EQ(sim_.find_job(id)->state, JobState::kRunning);
  ASSERT_TRUE(sim_.requeue(id, {}, kUser).ok());
  const Job& j = *sim_.find_job(id);
  EXPECT_EQ(j.state, JobState::kPending);
  EXPECT_EQ(j.state_reason, "BeginTime");
  EXPECT_EQ(j.restart_count, 1);
  EXPECT_EQ(j.submit_time, kT0 + 5);
  EXPECT_EQ(j.eligible_time, kT0 + 5 + 121);
  EXPECT_TRUE(j.nodes.empty());
  EXPECT_FALSE(j.held);
  sim_.advance(120);
  EXPECT_EQ(j.state, JobState::kPending);
  sim_.advance(1);
  EXPECT_EQ(j.state, JobState::kRunning);
  EXPECT_EQ(j.restart_count, 1);
}

TEST_F(RequeueTest, HoldLeavesItHeldWithTheDaemonsReason) {
  const uint32_t id = submit(script("sleep 300"));
  ASSERT_TRUE(sim_.requeue(id, {.hold = true}, kUser).ok());
  const Job& j = *sim_.find_job(id);
  EXPECT_TRUE(j.held);
  EXPECT_EQ(j.priority, 0);
  EXPECT_EQ(j.state_reason, "JobHeldUser");
  EXPECT_EQ(j.state_description, "job requeued in held state");
  sim_.advance(600);
  EXPECT_EQ(j.state, JobState::kPending);
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
  EXPECT_EQ(sim_.find_job(failed)->state_reason, "BeginTime");
  EXPECT_EQ(sim_.find_job(failed)->exit_status, exit_status);
  EXPECT_EQ(sim_.find_job(done)->eligible_time, kT0 + 2 + 121);
  EXPECT_EQ(sim_.find_job(done)->restart_count, 1);
}

TEST_F(RequeueTest, RefusalsChangeNothing) {
  JobSpec held = script("sleep 300");
  held.hold = true;
  const uint32_t pending = submit(held);
  EXPECT_EQ(sim_.requeue(pending, {}, kUser).code(), Errno::kJobPending);
  EXPECT_EQ(sim_.requeue(999, {}, kUser).code(), Errno::kInvalidJobId);
  const uint32_t running = submit(script("sleep 300"));
  EXPECT_EQ(sim_.requeue(running, {}, kOther).code(), Errno::kAccessDenied);
  EXPECT_EQ(sim_.find_job(running)->state, JobState::kRunning);
  EXPECT_TRUE(sim_.requeue(running, {}, kRoot).ok());  // an administrator may
  JobSpec limited = script("sleep 600");
  limited.time_limit = 1;
  const uint32_t timed_out = submit(limited);
  sim_.advance(61);
  ASSERT_EQ(sim_.find_job(timed_out)->state, JobState::kTimeout);
  EXPECT_EQ(sim_.requeue(timed_out, {}, kUser).code(), Errno::kAlreadyDone);  // not measured
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
