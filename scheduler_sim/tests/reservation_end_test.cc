// A reservation's end and the other rules measured on the real 26.05.5 and 24.11.5 controllers
// on the same cluster (mock_slurmrestd/tests/data/oracle/26.05/asked/resv_end/ and
// resv_end_pending/, 24.11/asked/resv_2411/): the end driven by the simulator's clock, `groups`,
// nodes picked by node_count, PURGE_COMP, a job moving to another reservation.
#include <gtest/gtest.h>

#include "scheduler_sim/simulator.h"
#include "sim_fixture.h"

namespace scheduler_sim {
namespace {

using testing_support::kT0;
using testing_support::kUser;
using testing_support::script;

const Identity kRoot{"root", 0, 0};

ReservationRequest resv(const std::string& name, SimTime start, int64_t minutes) {
  ReservationRequest r;
  r.name = name;
  r.start_time = start;
  r.duration_minutes = minutes;
  return r;
}

ReservationRequest named(const std::string& name, const std::string& nodes,
                         const std::string& users, int64_t minutes) {
  ReservationRequest r = resv(name, kT0, minutes);
  r.node_list = nodes;
  r.users = users;
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

JobUpdate to_reservation(const std::string& name) {
  JobUpdate u;
  u.fields.reservation = name;
  return u;
}

class ReservationEndTest : public testing_support::SimFixture {
 protected:
  Status try_submit(const JobSpec& s, const Identity& who, uint32_t* id) {
    SubmitResult r;
    Status st = sim_.submit(s, who, &r);
    *id = r.job_id;
    return st;
  }
  bool listed(const std::string& name) const {
    for (const Reservation& r : sim_.reservations())
      if (r.name == name) return true;
    return false;
  }
};

// At its end a reservation leaves the list and its running jobs end with TIMEOUT whatever
// their time limit; a job moved to another reservation before then keeps running (resv_end/).
TEST_F(ReservationEndTest, AtItsEndItGoesAndItsRunningJobsTimeOut) {
  ASSERT_TRUE(
      sim_.set_reservation(named("short_q1", "queue1-dy-t3micro-[1-2]", "ec2-user", 1), kRoot)
          .ok());
  const Job& a = *sim_.find_job(submit(job("queue1", "short_q1")));
  const Job& a2 = *sim_.find_job(submit(job("queue1", "short_q1", 60)));
  const Job& a3 = *sim_.find_job(submit(job("queue1", "short_q1", 5)));
  for (const Job* j : {&a, &a2, &a3}) EXPECT_EQ(j->state, JobState::kRunning);
  // More nodes than it has: 2014, the record kept as FAILED BadConstraints.
  JobSpec three = job("queue1", "short_q1");
  three.nodes = "3";
  uint32_t three_id = 0;
  EXPECT_EQ(try_submit(three, kUser, &three_id).code(), Errno::kRequestedNodeConfigUnavailable);
  ASSERT_NE(sim_.find_job(4), nullptr);
  EXPECT_EQ(sim_.find_job(4)->state, JobState::kFailed);
  EXPECT_EQ(sim_.find_job(4)->state_reason, "BadConstraints");
  EXPECT_EQ(a.nodes, "queue1-dy-t3micro-1");
  ReservationRequest other = named("other_q1", "queue1-dy-t3micro-5", "ec2-user", 60);
  ASSERT_TRUE(sim_.set_reservation(other, kRoot).ok());
  ASSERT_TRUE(sim_.update(a.job_id, to_reservation("other_q1"), kUser).ok());
  EXPECT_EQ(a.spec.reservation, "other_q1");
  EXPECT_EQ(a.nodes, "queue1-dy-t3micro-1");  // a running job stays where it is

  sim_.run_until(kT0 + 59);
  EXPECT_TRUE(listed("short_q1"));
  EXPECT_EQ(a2.state, JobState::kRunning);
  sim_.run_until(kT0 + 60);
  EXPECT_FALSE(listed("short_q1"));
  for (const Job* j : {&a2, &a3}) {
    EXPECT_EQ(j->state, JobState::kTimeout);
    EXPECT_EQ(j->state_reason, "TimeLimit");
    EXPECT_EQ(j->end_time, kT0 + 60);
    EXPECT_FALSE(j->spec.reservation.has_value());  // resv_name "" afterwards
  }
  EXPECT_EQ(a.state, JobState::kRunning);
  uint32_t id = 0;
  EXPECT_EQ(try_submit(job("queue1", "short_q1"), kUser, &id).code(), Errno::kInvalidReservation);
}

// A job waiting inside it when it ends is held: RESV_DEL_HOLD, "ReservationDeleted", its
// reservation cleared (resv_end_pending/, 26.05.5 and 24.11.5 alike).
TEST_F(ReservationEndTest, AJobWaitingInItAtItsEndIsHeld) {
  ASSERT_TRUE(
      sim_.set_reservation(named("one_node_q1", "queue1-dy-t3micro-1", "ec2-user", 1), kRoot).ok());
  JobSpec whole = job("queue1", "one_node_q1");
  whole.cpus_per_task = 2;
  const Job& a = *sim_.find_job(submit(whole));
  const Job& b = *sim_.find_job(submit(whole));
  EXPECT_EQ(a.state, JobState::kRunning);
  EXPECT_EQ(b.state, JobState::kPending);
  EXPECT_EQ(b.state_reason, "Resources");
  sim_.run_until(kT0 + 60);
  EXPECT_EQ(a.state, JobState::kTimeout);
  sim_.run_until(kT0 + 120);
  EXPECT_EQ(b.state, JobState::kPending);
  EXPECT_TRUE(b.held);
  EXPECT_TRUE(b.resv_del_hold);
  EXPECT_EQ(b.priority, 0u);
  EXPECT_EQ(b.state_reason, "ReservationDeleted");
  EXPECT_EQ(b.state_description, "Reservation one_node_q1 was deleted");
  EXPECT_FALSE(b.spec.reservation.has_value());
}

// `groups`: a job of a member of a listed group may name it, another not (resv_end/ 009-012:
// root's group).
TEST_F(ReservationEndTest, AListedGroupMayNameIt) {
  ReservationRequest g = resv("groups_root", kT0, 60);
  g.node_list = "queue2-dy-c5large-[9-10]";
  g.groups = "root";
  g.group_ids = std::vector<uint32_t>{0};
  ASSERT_TRUE(sim_.set_reservation(g, kRoot).ok());
  uint32_t id = 0;
  EXPECT_EQ(try_submit(job("queue2", "groups_root"), kUser, &id).code(), Errno::kReservationAccess);
  const Job& d = *sim_.find_job(submit(job("queue2", "groups_root"), kRoot));
  EXPECT_EQ(d.state, JobState::kRunning);
  EXPECT_EQ(d.nodes, "queue2-dy-c5large-9");
  EXPECT_EQ(sim_.update(d.job_id, to_reservation("groups_root"), kUser).code(),
            Errno::kAccessDenied);  // not ec2-user's job to change
}

// node_count without node_list: the first free nodes of the partition named, else of the
// default one (then listed as its partition), not those another reservation keeps or a
// running job holds; too many: 2016 (resv_end/ 013-017).
TEST_F(ReservationEndTest, NodeCountPicksTheFirstFreeNodes) {
  ASSERT_TRUE(
      sim_.set_reservation(named("short_q1", "queue1-dy-t3micro-[1-2]", "ec2-user", 1), kRoot)
          .ok());
  submit(job("queue1", "short_q1"));
  ReservationRequest c = resv("count_q2", kT0, 60);
  c.node_count = 3;
  c.partition = "queue2";
  c.users = "ec2-user";
  ASSERT_TRUE(sim_.set_reservation(c, kRoot).ok());
  const Reservation& q2 = sim_.reservations().back();
  EXPECT_EQ(q2.node_list, "queue2-dy-c5large-[1-3]");
  EXPECT_EQ(q2.partition, "queue2");
  EXPECT_FALSE(q2.spec_nodes);
  ReservationRequest any = resv("count_any", kT0, 60);
  any.node_count = 2;
  any.users = "ec2-user";
  ASSERT_TRUE(sim_.set_reservation(any, kRoot).ok());
  EXPECT_EQ(sim_.reservations().back().node_list, "queue1-dy-t3micro-[3-4]");
  EXPECT_EQ(sim_.reservations().back().partition, "queue1");
  ReservationRequest many = c;
  many.name = "count_too_many";
  many.node_count = 30;
  EXPECT_EQ(sim_.set_reservation(many, kRoot).code(), Errno::kNodesBusy);
  EXPECT_FALSE(listed("count_too_many"));
}

// A held job moves to a reservation its owner may use; an unknown one 2053, another's 2052;
// released, it runs on the reservation's nodes (resv_end/ 018-024, 24.11: resv_2411/ 014-018).
TEST_F(ReservationEndTest, AJobMovesToAnotherReservationByUpdate) {
  ReservationRequest c = resv("count_q2", kT0, 60);
  c.node_count = 3;
  c.partition = "queue2";
  c.users = "ec2-user";
  ASSERT_TRUE(sim_.set_reservation(c, kRoot).ok());
  ASSERT_TRUE(
      sim_.set_reservation(named("root_q2", "queue2-dy-c5large-[9-10]", "root", 60), kRoot).ok());
  JobSpec held = job("queue2");
  held.hold = true;
  const Job& h = *sim_.find_job(submit(held));
  ASSERT_TRUE(sim_.update(h.job_id, to_reservation("count_q2"), kUser).ok());
  EXPECT_EQ(h.spec.reservation, "count_q2");
  EXPECT_EQ(sim_.update(h.job_id, to_reservation("root_q2"), kUser).code(),
            Errno::kReservationAccess);
  EXPECT_EQ(sim_.update(h.job_id, to_reservation("nosuch"), kUser).code(),
            Errno::kInvalidReservation);
  EXPECT_EQ(h.spec.reservation, "count_q2");
  JobUpdate release;
  release.fields.hold = false;
  ASSERT_TRUE(sim_.update(h.job_id, release, kUser).ok());
  EXPECT_EQ(h.state, JobState::kRunning);
  EXPECT_EQ(h.nodes, "queue2-dy-c5large-1");
}

// PURGE_COMP: once no job has named it for purge_completed seconds it goes, before its end
// (resv_end/ 027-029: 30 seconds, gone well before its hour).
TEST_F(ReservationEndTest, PurgeCompGoesWhenIdle) {
  ReservationRequest p = named("purge_q1", "queue1-dy-t3micro-9", "ec2-user", 60);
  p.flags = "PURGE_COMP";
  p.purge_completed = 30;
  ASSERT_TRUE(sim_.set_reservation(p, kRoot).ok());
  const Job& j = *sim_.find_job(submit(job("queue1", "purge_q1", 1)));
  EXPECT_EQ(j.state, JobState::kRunning);
  sim_.run_until(kT0 + 60);  // the job's time limit
  EXPECT_EQ(j.state, JobState::kTimeout);
  sim_.run_until(kT0 + 89);
  EXPECT_TRUE(listed("purge_q1"));
  sim_.run_until(kT0 + 90);
  EXPECT_FALSE(listed("purge_q1"));
}

}  // namespace
}  // namespace scheduler_sim
