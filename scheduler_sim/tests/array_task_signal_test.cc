// Signals to one task of a job array by the array's id and the task's index ("N_T"), as the
// oracle answered them (docs/oracle-notes/versions-22.05.md, "One task of an array").
#include <gtest/gtest.h>

#include "sim_fixture.h"

namespace scheduler_sim {
namespace {

using testing_support::kUser;
using testing_support::script;
using testing_support::SimFixture;

constexpr int kSigKill = 9, kSigUsr1 = 10, kSigCont = 18;

class ArrayTaskSignalTest : public SimFixture {
 protected:
  // Array 0-5%1: task 0 runs (split off as job 2), tasks 1-5 wait in job 1's record.
  uint32_t throttled_array() {
    JobSpec s = script("sleep 600");
    s.array = "0-5%1";
    const uint32_t meta = submit(s);
    EXPECT_EQ(job(meta).array_task_string, "1-5%1");
    EXPECT_EQ(task(meta, 0)->state, JobState::kRunning);
    return meta;
  }
  const Job& job(uint32_t id) const { return *sim_.find_job(id); }
  const Job* task(uint32_t array, uint32_t index) const {
    for (const Job* j : sim_.jobs())
      if (j->array_job_id == array && j->array_task_id == index) return j;
    return nullptr;
  }
  Status signal(uint32_t array, uint32_t index, int sig) {
    return sim_.signal_array_task(array, index, sig, kUser);
  }
};

TEST_F(ArrayTaskSignalTest, CancellingAPendingIndexTakesItOutOfThePendingRecord) {
  const uint32_t meta = throttled_array();
  ASSERT_TRUE(signal(meta, 3, kSigKill).ok());
  EXPECT_EQ(job(meta).array_task_string, "1-2,4-5%1");
  EXPECT_EQ(job(meta).state, JobState::kPending);
  EXPECT_EQ(task(meta, 3), nullptr);  // no record for the cancelled index
  // Once gone, the index names nothing.
  EXPECT_EQ(signal(meta, 3, kSigKill).code(), Errno::kInvalidJobId);
}

TEST_F(ArrayTaskSignalTest, CancellingARunningTaskEndsOnlyItAndTheNextTaskStarts) {
  const uint32_t meta = throttled_array();
  const uint32_t first = task(meta, 0)->job_id;
  ASSERT_TRUE(signal(meta, 0, kSigKill).ok());
  EXPECT_EQ(job(first).state, JobState::kCancelled);
  EXPECT_EQ(job(first).exit_status, 15);
  ASSERT_NE(task(meta, 1), nullptr);
  EXPECT_EQ(task(meta, 1)->state, JobState::kRunning);
  EXPECT_EQ(job(meta).array_task_string, "2-5%1");
  // A finished task takes any signal quietly, and stays as it ended.
  EXPECT_TRUE(signal(meta, 0, kSigKill).ok());
  EXPECT_TRUE(signal(meta, 0, kSigUsr1).ok());
  EXPECT_EQ(job(first).state, JobState::kCancelled);
}

TEST_F(ArrayTaskSignalTest, AnIndexOutsideTheArrayOrAPlainJobIsAnInvalidJobId) {
  const uint32_t meta = throttled_array();
  EXPECT_EQ(signal(meta, 99, kSigKill).code(), Errno::kInvalidJobId);
  const uint32_t plain = submit(script("sleep 600"));
  EXPECT_EQ(signal(plain, 0, kSigKill).code(), Errno::kInvalidJobId);
  EXPECT_EQ(job(plain).state, JobState::kRunning);
  EXPECT_EQ(signal(12345, 0, kSigKill).code(), Errno::kInvalidJobId);
}

TEST_F(ArrayTaskSignalTest, OtherSignalsAreRefusedWhileTheArrayStillHoldsPendingTasks) {
  const uint32_t meta = throttled_array();
  // A pending index: refused, nothing changes.
  EXPECT_EQ(signal(meta, 4, kSigUsr1).code(), Errno::kTransitionStateNoUpdate);
  EXPECT_EQ(job(meta).array_task_string, "1-5%1");
  // The running task gets the signal, yet the answer is the same refusal.
  const uint32_t first = task(meta, 0)->job_id;
  EXPECT_EQ(signal(meta, 0, kSigCont).code(), Errno::kTransitionStateNoUpdate);
  EXPECT_EQ(job(first).state, JobState::kRunning);
  EXPECT_EQ(signal(meta, 0, kSigUsr1).code(), Errno::kTransitionStateNoUpdate);
  EXPECT_EQ(job(first).state, JobState::kFailed);
  EXPECT_EQ(job(first).state_reason, "JobLaunchFailure");
  EXPECT_EQ(job(first).exit_status, kSigUsr1);
}

TEST_F(ArrayTaskSignalTest, WithNothingPendingASignalReachesOnlyTheNamedTask) {
  JobSpec s = script("sleep 600");
  s.array = "0-1";
  const uint32_t meta = submit(s);  // task 0 split off, the record itself runs task 1
  ASSERT_EQ(job(meta).array_task_id, std::optional<uint32_t>(1));
  EXPECT_TRUE(signal(meta, 0, kSigCont).ok());
  EXPECT_TRUE(signal(meta, 1, kSigKill).ok());
  EXPECT_EQ(job(meta).state, JobState::kCancelled);
  EXPECT_EQ(task(meta, 0)->state, JobState::kRunning);
}

TEST_F(ArrayTaskSignalTest, CancellingTheLastPendingIndexCancelsTheRecordKeepingItsReason) {
  JobSpec s = script("sleep 600");
  s.array = "0-2";
  s.hold = true;
  const uint32_t meta = submit(s);
  ASSERT_TRUE(signal(meta, 0, kSigKill).ok());
  ASSERT_TRUE(signal(meta, 1, kSigKill).ok());
  EXPECT_EQ(job(meta).array_task_string, "2");
  EXPECT_EQ(job(meta).state, JobState::kPending);
  ASSERT_TRUE(signal(meta, 2, kSigKill).ok());
  const Job& m = job(meta);
  EXPECT_EQ(m.state, JobState::kCancelled);
  EXPECT_EQ(m.state_reason, "JobHeldUser");
  EXPECT_EQ(m.array_task_string, "");
  EXPECT_EQ(m.start_time, m.end_time);
  EXPECT_EQ(sim_.jobs().size(), 1u);  // no task ever got a record of its own
  EXPECT_EQ(signal(meta, 2, kSigKill).code(), Errno::kInvalidJobId);
}

}  // namespace
}  // namespace scheduler_sim
