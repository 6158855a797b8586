// Dependency kinds beyond plain lists: either lists ("?"), "+M" delays on the simulator's clock,
// afterburstbuffer, kill_on_invalid_dependency with either lists, mixed separators
// (docs/oracle-notes/dependencies-flags-writes.md). Time moves only by advance().
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scheduler_sim/simulator.h"
#include "sim_fixture.h"

namespace scheduler_sim {
namespace {

using testing_support::kT0;
using testing_support::kUser;
using testing_support::script;
using testing_support::SimFixture;

class DependencyTest : public SimFixture {
 protected:
  const Job& job(uint32_t id) { return *sim_.find_job(id); }
  uint32_t after(const std::string& dependency, bool kill = false) {
    JobSpec s = script("true");
    s.dependency = dependency;
    if (kill) s.kill_on_invalid_dependency = true;
    return submit(s);
  }
  static std::string id(uint32_t v) { return std::to_string(v); }
};

TEST_F(DependencyTest, EitherListWaitsForAnyOneAndFailsWhenAllFailed) {
  const uint32_t f = submit(script("sleep 3; exit 1"));
  const uint32_t g = submit(script("sleep 20; exit 1"));
  const uint32_t a = submit(script("sleep 30"));
  const uint32_t fg = after("afterok:" + id(f) + "?afterok:" + id(g));
  const uint32_t fg_kill = after("afterok:" + id(f) + "?afterok:" + id(g), true);
  const uint32_t fa = after("afterok:" + id(f) + "?afterok:" + id(a));
  EXPECT_TRUE(job(fg).dependency_either);
  EXPECT_EQ(job(fg).state_reason, "Dependency");
  sim_.advance(4);  // F failed: one of two failed, the job still waits
  EXPECT_EQ(job(fg).state_reason, "Dependency");
  EXPECT_EQ(job(fg).dependency_left,
            (std::vector<DependencyLeft>{{"afterok", f, true, 0}, {"afterok", g, false, 0}}));
  EXPECT_EQ(job(fg_kill).state, JobState::kPending);
  sim_.advance(17);  // G failed too
  EXPECT_EQ(job(fg).state, JobState::kPending);
  EXPECT_EQ(job(fg).state_reason, "DependencyNeverSatisfied");
  EXPECT_EQ(job(fg).dependency_left,
            (std::vector<DependencyLeft>{{"afterok", f, true, 0}, {"afterok", g, true, 0}}));
  // Cancelled, and its list kept as the last test left it.
  EXPECT_EQ(job(fg_kill).state, JobState::kCancelled);
  EXPECT_EQ(job(fg_kill).state_reason, "DependencyNeverSatisfied");
  EXPECT_EQ(job(fg_kill).dependency_left.size(), 2u);
  EXPECT_EQ(job(fa).state, JobState::kPending);
  sim_.advance(10);  // A completed: the either list is met, nothing is left
  EXPECT_NE(job(fa).state, JobState::kPending);
  EXPECT_TRUE(job(fa).dependency_left.empty());
}

TEST_F(DependencyTest, AfterWithMinutesWaitsOnTheClock) {
  const uint32_t q = submit(script("sleep 12"));
  const uint32_t a = submit(script("sleep 300"));
  const uint32_t plus = after("after:" + id(q) + "+1");
  const uint32_t two = after("after:" + id(q) + "+1:" + id(a) + "+2");
  EXPECT_EQ(job(plus).dependency_left, (std::vector<DependencyLeft>{{"after", q, false, 1}}));
  sim_.advance(59);
  EXPECT_EQ(job(plus).state, JobState::kPending);
  EXPECT_EQ(job(plus).state_reason, "Dependency");
  sim_.advance(1);  // one minute after Q started, with no other event due then
  EXPECT_NE(job(plus).state, JobState::kPending);
  EXPECT_EQ(job(plus).start_time, kT0 + 60);
  // The met one leaves the list; A's two minutes are still to come.
  EXPECT_EQ(job(two).dependency_left, (std::vector<DependencyLeft>{{"after", a, false, 2}}));
  sim_.advance(59);
  EXPECT_EQ(job(two).state, JobState::kPending);
  sim_.advance(1);
  EXPECT_NE(job(two).state, JobState::kPending);
  EXPECT_EQ(job(two).start_time, kT0 + 120);
}

TEST_F(DependencyTest, AfterWithMinutesCountsFromALateStart) {
  JobSpec held = script("sleep 100");
  held.hold = true;
  const uint32_t p = submit(held);
  const uint32_t plus = after("after:" + id(p) + "+1");
  sim_.advance(300);  // P never started: the job waits however long
  EXPECT_EQ(job(plus).state_reason, "Dependency");
  JobUpdate release;
  release.fields.hold = false;
  ASSERT_TRUE(sim_.update(p, release, kUser).ok());
  ASSERT_EQ(job(p).state, JobState::kRunning);
  sim_.advance(59);
  EXPECT_EQ(job(plus).state, JobState::kPending);
  sim_.advance(1);
  EXPECT_NE(job(plus).state, JobState::kPending);
  EXPECT_EQ(job(plus).start_time, kT0 + 360);
}

// Measured: "+M" is taken and shown on every kind, but only "after" waits for it;
// afterburstbuffer without burst buffers is met when the job ends, failed or not.
TEST_F(DependencyTest, DelaysOfOtherKindsAndBurstBuffers) {
  const uint32_t f = submit(script("sleep 3; exit 1"));
  const uint32_t q = submit(script("sleep 12"));
  const uint32_t ok_plus = after("afterok:" + id(q) + "+1");
  const uint32_t any_plus = after("afterany:" + id(q) + "+1");
  const uint32_t notok_plus = after("afternotok:" + id(f) + "+1");
  const uint32_t bb = after("afterburstbuffer:" + id(q));
  const uint32_t bb_failed = after("afterburstbuffer:" + id(f));
  const uint32_t bb_plus = after("afterburstbuffer:" + id(q) + "+1");
  EXPECT_EQ(job(bb_plus).dependency_left,
            (std::vector<DependencyLeft>{{"afterburstbuffer", q, false, 1}}));
  sim_.advance(3);
  EXPECT_NE(job(notok_plus).state, JobState::kPending);
  EXPECT_NE(job(bb_failed).state, JobState::kPending);
  EXPECT_EQ(job(bb).state, JobState::kPending);
  sim_.advance(9);
  for (uint32_t j : {ok_plus, any_plus, bb, bb_plus}) {
    EXPECT_NE(job(j).state, JobState::kPending) << j;
    EXPECT_EQ(job(j).start_time, kT0 + 12) << j;
  }
}

TEST_F(DependencyTest, MixedSeparatorsAreAnEitherListUnlessRefused) {
  const uint32_t a = submit(script("sleep 30"));
  const uint32_t f = submit(script("sleep 3; exit 1"));
  const std::string mixed = "afterok:" + id(a) + ",afterok:" + id(f) + "?afterok:" + id(a);
  const uint32_t m = after(mixed);
  EXPECT_TRUE(job(m).dependency_either);
  sim_.advance(30);
  EXPECT_NE(job(m).state, JobState::kPending);

  Simulator refusing(default_cluster(), {.start_time = kT0, .mixed_dependency_refused = true});
  SubmitResult r;
  ASSERT_TRUE(refusing.submit(script("sleep 30"), kUser, &r).ok());
  JobSpec s = script("true");
  s.dependency =
      "afterok:" + id(r.job_id) + ",afterok:" + id(r.job_id) + "?afterok:" + id(r.job_id);
  EXPECT_EQ(refusing.submit(s, kUser, &r).code(), Errno::kDependency);
  s.dependency = "afterok:1?afterok:1";
  EXPECT_TRUE(refusing.submit(s, kUser, &r).ok());
  JobSpec held = script("true");
  held.hold = true;
  ASSERT_TRUE(refusing.submit(held, kUser, &r).ok());
  JobUpdate u;
  u.fields.dependency = "afterok:1,afterok:1?afterok:1";
  EXPECT_EQ(refusing.update(r.job_id, u, kUser).code(), Errno::kDependency);
}

// 22.05 drops dependencies on jobs it does not know: in an either list such a job meets the
// whole list (measured: "afterok:A?afterok:999999" ran while A ran).
TEST_F(DependencyTest, UnknownJobMeetsAnEitherList) {
  const uint32_t a = submit(script("sleep 30"));
  const uint32_t e = after("afterok:" + id(a) + "?afterok:999999");
  EXPECT_NE(job(e).state, JobState::kPending);
  const uint32_t all = after("afterok:" + id(a) + ",afterok:999999");
  EXPECT_EQ(job(all).state_reason, "Dependency");
}

}  // namespace
}  // namespace scheduler_sim
