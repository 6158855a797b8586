// Reservations in the scheduler, as the real 26.05.5 controller behaved on the same cluster
// (mock_slurmrestd/tests/data/oracle/26.05/asked/resv_sched/, the story replayed here): who
// may name one, where and when its jobs run, what other jobs wait with, and what a reservation
// may not be created or deleted over.
#include <gtest/gtest.h>

#include "scheduler_sim/simulator.h"
#include "sim_fixture.h"

namespace scheduler_sim {
namespace {

using testing_support::kT0;
using testing_support::kUser;
using testing_support::script;

const Identity kRoot{"root", 0, 0};

ReservationRequest resv(const std::string& name, const std::string& nodes, const std::string& users,
                        SimTime start, int64_t minutes, const std::string& flags = "") {
  ReservationRequest r;
  r.name = name;
  r.node_list = nodes;
  r.users = users;
  r.start_time = start;
  r.duration_minutes = minutes;
  if (!flags.empty()) r.flags = flags;
  return r;
}

JobSpec job(const std::string& partition, const std::string& reservation = "",
            std::optional<int64_t> limit = std::nullopt) {
  JobSpec s = script("sleep 600");
  s.partition = partition;
  if (!reservation.empty()) s.reservation = reservation;
  s.time_limit = limit;
  return s;
}

class ReservationSchedulingTest : public testing_support::SimFixture {
 protected:
  Status try_submit(const JobSpec& s, const Identity& who, uint32_t* id) {
    SubmitResult r;
    Status st = sim_.submit(s, who, &r);
    *id = r.job_id;
    return st;
  }
};

TEST_F(ReservationSchedulingTest, TheRecordedStory) {
  const std::string q2 = "queue2-dy-c5large-[1-10]";
  ASSERT_TRUE(sim_.set_reservation(resv("maint_q2", q2, "root", kT0, 60, "MAINT"), kRoot).ok());
  EXPECT_EQ(sim_.reservations()[0].flags, std::vector<std::string>{"MAINT"});
  // Another user's job waits for the maintenance (001-003).
  const Job& a = *sim_.find_job(submit(job("queue2")));
  EXPECT_EQ(a.state, JobState::kPending);
  EXPECT_EQ(a.state_reason, "ReqNodeNotAvail");
  EXPECT_EQ(a.state_description, "ReqNodeNotAvail, Reserved for maintenance");

  // Nine of queue1's ten nodes kept for ec2-user (004-010): a job that does not name it may
  // use only the tenth, even its users' jobs.
  ASSERT_TRUE(
      sim_.set_reservation(resv("users_q1", "queue1-dy-t3micro-[1-9]", "ec2-user", kT0, 60), kRoot)
          .ok());
  JobSpec two = job("queue1");
  two.nodes = "2";
  uint32_t two_id = 0;
  EXPECT_EQ(try_submit(two, kUser, &two_id).code(),
            Errno::kRequiredNodeNotAvailable);  // 005's warnings
  const Job& b = *sim_.find_job(two_id);
  EXPECT_EQ(b.state_reason, "ReqNodeNotAvail");
  EXPECT_EQ(b.state_description, "ReqNodeNotAvail, May be reserved for other job");
  const Job& c = *sim_.find_job(submit(job("queue1")));
  EXPECT_EQ(c.state, JobState::kRunning);
  EXPECT_EQ(c.nodes, "queue1-dy-t3micro-10");
  const Job& d = *sim_.find_job(submit(job("queue1", "users_q1")));
  EXPECT_EQ(d.state, JobState::kRunning);
  EXPECT_EQ(d.nodes, "queue1-dy-t3micro-1");

  // Unknown and not-permitted reservations are refused after the record is made (012-013:
  // ids 5 and 6 used up); root, listed, runs in the maintenance (014: job 7).
  uint32_t id = 0;
  EXPECT_EQ(try_submit(job("queue1", "nosuch"), kUser, &id).code(), Errno::kInvalidReservation);
  EXPECT_EQ(try_submit(job("queue2", "maint_q2"), kUser, &id).code(), Errno::kReservationAccess);
  const Job& h = *sim_.find_job(submit(job("queue2", "maint_q2"), kRoot));
  EXPECT_EQ(h.job_id, 7u);
  EXPECT_EQ(h.state, JobState::kRunning);
  EXPECT_EQ(h.nodes, "queue2-dy-c5large-1");
  EXPECT_EQ(a.state, JobState::kPending);

  // In use: not deleted (016). Over a running job without a time limit: busy, unless
  // IGNORE_JOBS (018-019).
  EXPECT_EQ(sim_.delete_reservation("maint_q2", kRoot).code(), Errno::kReservationBusy);
  EXPECT_EQ(sim_.set_reservation(resv("later_q2", q2, "root", kT0 + 1200, 30), kRoot).code(),
            Errno::kNodesBusy);
  ASSERT_TRUE(
      sim_.set_reservation(resv("later_q2", q2, "root", kT0 + 1200, 30, "IGNORE_JOBS"), kRoot)
          .ok());

  // A job naming a reservation that has not started is queued with the note and waits with
  // "Reservation" (022-023); at the start it runs on the reservation's nodes.
  EXPECT_EQ(try_submit(job("queue2", "later_q2", 5), kRoot, &id).code(),
            Errno::kReservationNotUsable);
  ASSERT_NE(id, 0u);
  const Job& k = *sim_.find_job(id);
  EXPECT_EQ(k.state_reason, "Reservation");
  sim_.run_until(kT0 + 1199);
  EXPECT_EQ(k.state, JobState::kPending);
  sim_.run_until(kT0 + 1200);
  EXPECT_EQ(k.state, JobState::kRunning);
  EXPECT_EQ(k.nodes.rfind("queue2-dy-c5large-", 0), 0u);

  // When the maintenance ends, the job that waited for it runs.
  sim_.run_until(kT0 + 3599);
  EXPECT_EQ(a.state, JobState::kPending);
  sim_.run_until(kT0 + 3600);
  EXPECT_EQ(a.state, JobState::kRunning);
  EXPECT_TRUE(a.state_description.empty());
}

// A job that would still run when a reservation of its nodes starts waits, with the note at
// its submission; one that ends before then runs (resv_sched_later/).
TEST_F(ReservationSchedulingTest, AJobEndingBeforeAReservationStartsRunsFirst) {
  ASSERT_TRUE(
      sim_.set_reservation(resv("later", "queue2-dy-c5large-[1-10]", "root", kT0 + 600, 30), kRoot)
          .ok());
  uint32_t long_id = 0, short_id = 0, unlimited_id = 0;
  EXPECT_EQ(try_submit(job("queue2", "", 60), kUser, &long_id).code(),
            Errno::kRequiredNodeNotAvailable);
  EXPECT_TRUE(try_submit(job("queue2", "", 5), kUser, &short_id).ok());
  EXPECT_EQ(try_submit(job("queue2"), kUser, &unlimited_id).code(),
            Errno::kRequiredNodeNotAvailable);
  for (uint32_t id : {long_id, unlimited_id}) {
    EXPECT_EQ(sim_.find_job(id)->state_reason, "ReqNodeNotAvail");
    EXPECT_EQ(sim_.find_job(id)->state_description,
              "ReqNodeNotAvail, May be reserved for other job");
  }
  EXPECT_EQ(sim_.find_job(short_id)->state, JobState::kRunning);
  EXPECT_EQ(sim_.find_job(short_id)->nodes, "queue2-dy-c5large-1");
}

}  // namespace
}  // namespace scheduler_sim
